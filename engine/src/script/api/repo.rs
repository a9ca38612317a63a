//! The Repo API: what a rule can ask of the repository it checks (`repo.parties()`,
//! `repo.lookup(id)`, `repo.referrers(id)`, the pre-selections `repo.without(...)` and
//! `repo.outside(...)`).
//!
//! The questions are answered by the repository's index ([`crate::model`]), built once per
//! repository in Rust; these functions only turn Rhai arguments into Rust ones and the
//! answers into shared lists.

use rhai::{Array, Dynamic, Engine};

use crate::date::Date;
use crate::model::{EntryClass, FieldValue, Kind};
use crate::script::values::{HostList, nodes_array, or_unit, strings, values_list};
use crate::script::{RepoHandle, check_deadline, timed};

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
    // A file that did not load may define what a rule finds missing: rules that report
    // absence in their own way ask first (those marked `claims_absence` are withheld anyway).
    engine.register_fn("incomplete", |repo: &mut RepoHandle| repo.0.is_incomplete());
    engine.register_fn("unloaded_files", |repo: &mut RepoHandle| {
        values_list(repo.0.unloaded.iter().map(|(_, name)| name.clone()))
    });
    engine.register_fn("documents", |repo: &mut RepoHandle, kind: &str| {
        nodes_array(Kind::parse(kind).map_or_else(Vec::new, |kind| repo.0.documents(kind)))
    });
    engine.register_fn("lookup", |repo: &mut RepoHandle, id: &str| {
        or_unit(repo.0.lookup(id).map(|d| d.entry.clone()))
    });
    engine.register_fn("kind_of", |repo: &mut RepoHandle, id: &str| {
        repo.0
            .lookup(id)
            .map_or(Dynamic::UNIT, |d| d.class.as_str().into())
    });
    // `kind_of` for a list of ids at once: those it does not give as one of the classes.
    engine.register_fn(
        "not_defined_as",
        |repo: &mut RepoHandle, ids: Array, classes: Array| {
            let (ids, classes) = (strings(ids), strings(classes));
            timed(|| values_list(repo.0.not_defined_as(&ids, &classes)))
        },
    );
    engine.register_fn("definitions", |repo: &mut RepoHandle, id: &str| {
        let defs = repo.0.definitions_of(id);
        nodes_array(defs.iter().map(|d| d.entry.clone()))
    });
    engine.register_fn("referrers", |repo: &mut RepoHandle, id: &str| {
        timed(|| nodes_array(repo.0.citations_of(id).iter().cloned()))
    });
    engine.register_fn("duplicate_ids", |repo: &mut RepoHandle| {
        timed(|| values_list(repo.0.duplicate_ids().iter().cloned()))
    });
    engine.register_fn("ids", |repo: &mut RepoHandle, class: &str| {
        timed(|| values_list(repo.0.ids_of(&[class])))
    });
    engine.register_fn("ids", |repo: &mut RepoHandle, classes: Array| {
        let classes = strings(classes);
        let classes: Vec<&str> = classes.iter().map(String::as_str).collect();
        timed(|| values_list(repo.0.ids_of(&classes)))
    });
    // Pre-selection: one pass in Rust over a class's entries, so scripts loop over the few
    // candidates rather than every entry (a script loop costs microseconds per entry).
    engine.register_fn(
        "without",
        |repo: &mut RepoHandle, class: &str, fields: Array| {
            timed(|| nodes_array(repo.0.without(class, &strings(fields), &mut in_time)))
        },
    );
    engine.register_fn(
        "outside",
        |repo: &mut RepoHandle, class: &str, field: &str, allowed: Array| {
            let allowed = strings(allowed);
            timed(|| nodes_array(repo.0.outside(class, field, &allowed, &mut in_time)))
        },
    );
    engine.register_fn("addressed_by_items", |repo: &mut RepoHandle| {
        HostList::Nodes(repo.0.addressed_by_items())
    });
    // The `addressed_by` items whose id names no entry of any of the classes.
    engine.register_fn(
        "addressed_by_unresolved",
        |repo: &mut RepoHandle, classes: Array| {
            let classes = strings(classes);
            timed(|| nodes_array(repo.0.addressed_by_unresolved(&classes, &mut in_time)))
        },
    );
    // The `addressed_by` items citing one id (its `legal_ref` citations left out).
    engine.register_fn("addressed_by_citing", |repo: &mut RepoHandle, id: &str| {
        timed(|| nodes_array(repo.0.addressed_by_citing(id)))
    });
    // ... or any of several ids, id by id: one call for a whole catalogue of ids.
    engine.register_fn(
        "addressed_by_citing",
        |repo: &mut RepoHandle, ids: Array| {
            let ids = strings(ids);
            timed(|| nodes_array(repo.0.addressed_by_citing_any(&ids)))
        },
    );
    // The entries of a class whose field holds exactly this value (`true`, `"high"`, `12`);
    // a value of any other type matches nothing.
    engine.register_fn(
        "with_value",
        |repo: &mut RepoHandle, class: &str, field: &str, value: Dynamic| {
            timed(|| {
                nodes_array(field_value(&value).map_or_else(Vec::new, |v| {
                    repo.0.with_value(class, field, &v, &mut in_time)
                }))
            })
        },
    );
    // Documents by a date field: those without a date on or before a day, and those due
    // for review (the date plus a number of months) before it.
    engine.register_fn(
        "documents_undated",
        |repo: &mut RepoHandle, kind: &str, field: &str, by: &str| {
            let by = day(by)?;
            timed(|| {
                nodes_array(
                    Kind::parse(kind)
                        .map_or_else(Vec::new, |kind| repo.0.documents_undated(kind, field, by)),
                )
            })
        },
    );
    engine.register_fn(
        "documents_overdue",
        |repo: &mut RepoHandle,
         kind: &str,
         field: &str,
         months_field: &str,
         default_months: i64,
         on: &str| {
            let on = day(on)?;
            timed(|| {
                nodes_array(Kind::parse(kind).map_or_else(Vec::new, |kind| {
                    repo.0
                        .documents_overdue(kind, field, months_field, default_months, on)
                }))
            })
        },
    );
    engine.register_fn("today", |repo: &mut RepoHandle| repo.0.today.to_string());
    engine.register_get("root", |repo: &mut RepoHandle| repo.0.name.clone());
}

/// A day given to a selection: a rule passing anything else is told so, not given nothing.
fn day(text: &str) -> Result<Date, Box<rhai::EvalAltResult>> {
    Date::parse(text).ok_or_else(|| format!("`{text}` is not a day written YYYY-MM-DD").into())
}

/// Whether the running job is still within its deadline (for the pre-selections' walks).
fn in_time() -> bool {
    check_deadline().is_ok()
}

/// The plain value a rule compares a field with, when it is of a type a field can hold.
fn field_value(value: &Dynamic) -> Option<FieldValue> {
    if value.is_bool() {
        value.as_bool().ok().map(FieldValue::Bool)
    } else if value.is_int() {
        value.as_int().ok().map(FieldValue::Int)
    } else if value.is_string() {
        value.clone().into_string().ok().map(FieldValue::Str)
    } else {
        None
    }
}
