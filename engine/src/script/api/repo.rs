//! The Repo API: what a rule can ask of the repository it checks (`repo.parties()`,
//! `repo.lookup(id)`, `repo.referrers(id)`, the pre-selections `repo.without(...)` and
//! `repo.outside(...)`).
//!
//! The index behind it is built once per repository in Rust; these functions hand out its
//! entries as shared lists.

use std::sync::Arc;

use rhai::{Array, Dynamic, Engine};

use crate::model::{EntryClass, Kind, NodeRef, Repository};
use crate::script::RepoHandle;
use crate::script::values::{HostList, nodes_array, or_unit};
use crate::yaml::{NodeKind, Resolved};

/// The entries of a class that match, in path order.
fn select(repo: &Repository, class: &str, keep: impl Fn(&NodeRef) -> bool) -> HostList {
    let Some(class) = EntryClass::parse(class) else {
        return HostList::Nodes(Arc::from([]));
    };
    HostList::Nodes(
        repo.entries(class)
            .iter()
            .filter(|e| keep(e))
            .cloned()
            .collect(),
    )
}

/// Whether a field is absent, null, a blank string or an empty list or mapping.
fn is_blank(entry: &NodeRef, field: &str) -> bool {
    let Some(value) = entry.get(field) else {
        return true;
    };
    match &value.doc.doc.node(value.id).kind {
        NodeKind::List(items) => items.is_empty(),
        NodeKind::Map(entries) => entries.is_empty(),
        NodeKind::Scalar(s) => match s.resolve() {
            Resolved::Null => true,
            Resolved::Str(text) => text.trim().is_empty(),
            _ => false,
        },
    }
}

/// The ids defined as any of the classes, sorted.
fn ids_of(repo: &Repository, classes: &[&str]) -> HostList {
    let mut ids: Vec<&String> = repo
        .index
        .definitions
        .iter()
        .filter(|(_, defs)| defs.iter().any(|d| classes.contains(&d.class.as_str())))
        .map(|(id, _)| id)
        .collect();
    ids.sort();
    HostList::Values(
        ids.into_iter()
            .map(|id| Dynamic::from(id.clone()))
            .collect(),
    )
}

pub(in crate::script) fn register_repo_api(engine: &mut Engine) {
    engine.register_type_with_name::<RepoHandle>("Repo");
    let entries =
        |class: EntryClass| move |repo: &mut RepoHandle| HostList::Nodes(repo.0.entries(class));
    engine.register_fn("parties", entries(EntryClass::Party));
    engine.register_fn("requirements", entries(EntryClass::Requirement));
    engine.register_fn("controls", entries(EntryClass::Control));
    engine.register_fn("legal_entries", entries(EntryClass::LegalEntry));
    engine.register_fn("risks", entries(EntryClass::Risk));
    engine.register_fn("objectives", entries(EntryClass::Objective));
    engine.register_fn("scope_items", entries(EntryClass::ScopeItem));
    engine.register_fn("documents", |repo: &mut RepoHandle, kind: &str| {
        let positions = Kind::parse(kind)
            .and_then(|kind| repo.0.index.by_kind.get(&kind))
            .map_or(&[][..], Vec::as_slice);
        nodes_array(positions.iter().filter_map(|&p| {
            let doc = &repo.0.docs[p];
            doc.doc.root.map(|root| NodeRef {
                doc: Arc::clone(doc),
                id: root,
            })
        }))
    });
    engine.register_fn("lookup", |repo: &mut RepoHandle, id: &str| {
        or_unit(repo.0.lookup(id).map(|d| d.entry.clone()))
    });
    engine.register_fn("kind_of", |repo: &mut RepoHandle, id: &str| {
        repo.0
            .lookup(id)
            .map_or(Dynamic::UNIT, |d| d.class.as_str().into())
    });
    engine.register_fn("definitions", |repo: &mut RepoHandle, id: &str| {
        let defs = repo.0.definitions_of(id);
        nodes_array(defs.iter().map(|d| d.entry.clone()))
    });
    engine.register_fn("referrers", |repo: &mut RepoHandle, id: &str| {
        let refs = repo.0.citations_of(id);
        nodes_array(refs.iter().cloned())
    });
    engine.register_fn("duplicate_ids", |repo: &mut RepoHandle| {
        HostList::Values(
            repo.0
                .index
                .duplicated
                .iter()
                .map(|id| Dynamic::from(id.clone()))
                .collect(),
        )
    });
    engine.register_fn("ids", |repo: &mut RepoHandle, class: &str| {
        ids_of(&repo.0, &[class])
    });
    engine.register_fn("ids", |repo: &mut RepoHandle, classes: Array| {
        let classes: Vec<String> = classes
            .into_iter()
            .filter_map(|c| c.into_string().ok())
            .collect();
        let classes: Vec<&str> = classes.iter().map(String::as_str).collect();
        ids_of(&repo.0, &classes)
    });
    // Pre-selection: one pass in Rust over a class's entries, so scripts loop over the few
    // candidates rather than every entry (a script loop costs microseconds per entry).
    engine.register_fn(
        "without",
        |repo: &mut RepoHandle, class: &str, fields: Array| {
            let fields: Vec<String> = fields
                .into_iter()
                .filter_map(|f| f.into_string().ok())
                .collect();
            select(&repo.0, class, |entry| {
                fields.iter().any(|f| is_blank(entry, f))
            })
        },
    );
    engine.register_fn(
        "outside",
        |repo: &mut RepoHandle, class: &str, field: &str, allowed: Array| {
            let allowed: Vec<String> = allowed
                .into_iter()
                .filter_map(|a| a.into_string().ok())
                .collect();
            select(&repo.0, class, |entry| {
                let Some(value) = entry.get(field) else {
                    return false;
                };
                match entry.doc.doc.resolved(value.id) {
                    None | Some(Resolved::Null) => false,
                    Some(Resolved::Str(text)) => !allowed.iter().any(|a| a == text),
                    Some(_) => true,
                }
            })
        },
    );
    engine.register_fn("addressed_by_items", |repo: &mut RepoHandle| {
        HostList::Nodes(Arc::clone(&repo.0.index.addressed_by))
    });
    // The `addressed_by` items whose id names no entry of any of the classes.
    engine.register_fn(
        "addressed_by_unresolved",
        |repo: &mut RepoHandle, classes: Array| {
            let classes: Vec<String> = classes
                .into_iter()
                .filter_map(|c| c.into_string().ok())
                .collect();
            let repo = &repo.0;
            let resolves = |item: &NodeRef| {
                let id = item.doc.doc.string(item.id).unwrap_or_default();
                repo.lookup(id)
                    .is_some_and(|d| classes.iter().any(|c| c == d.class.as_str()))
            };
            HostList::Nodes(
                repo.index
                    .addressed_by
                    .iter()
                    .filter(|i| !resolves(i))
                    .cloned()
                    .collect(),
            )
        },
    );
    // The `addressed_by` items citing one id (its `legal_ref` citations left out).
    engine.register_fn("addressed_by_citing", |repo: &mut RepoHandle, id: &str| {
        let refs = repo.0.citations_of(id);
        let is_item =
            |n: &&NodeRef| matches!(n.doc.doc.node(n.id).slot, crate::yaml::Slot::Item(_));
        HostList::Nodes(refs.iter().filter(is_item).cloned().collect())
    });
    // The entries of a class whose field holds exactly this value (`true`, `"high"`, `12`).
    engine.register_fn(
        "with_value",
        |repo: &mut RepoHandle, class: &str, field: &str, value: Dynamic| {
            select(&repo.0, class, |entry| {
                let Some(node) = entry.get(field) else {
                    return false;
                };
                match (entry.doc.doc.resolved(node.id), &value) {
                    (Some(Resolved::Bool(b)), v) if v.is_bool() => {
                        v.as_bool().is_ok_and(|x| x == b)
                    }
                    (Some(Resolved::Int(i)), v) if v.is_int() => v.as_int().is_ok_and(|x| x == i),
                    (Some(Resolved::Str(t)), v) if v.is_string() => {
                        v.clone().into_string().is_ok_and(|x| x == t)
                    }
                    _ => false,
                }
            })
        },
    );
    engine.register_fn("today", |repo: &mut RepoHandle| repo.0.today.to_string());
    engine.register_get("root", |repo: &mut RepoHandle| repo.0.name.clone());
}
