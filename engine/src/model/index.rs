//! The repository index, and every question asked of it: ids to definitions, entries by
//! class, citations, and the pre-selections rules call (`without`, `outside`, `with_value`,
//! the date selections, `not_defined_as`).
//!
//! Separate from the model's types because it is the one place that walks a repository's
//! documents: built once per repository after loading and read-only afterwards, it answers
//! with plain Rust values (node handles, ids), so the script host only converts them.

use std::sync::Arc;

// foldhash: the index hashes every id of a repository several times, and SipHash cost more
// than building the rest of it; foldhash is seeded per process, so a register cannot pick
// colliding ids in advance.
use foldhash::{HashMap, HashSet, HashSetExt};

use super::{EntryClass, Kind, NodeRef, RegisterDoc, Repository, list_maps};
use crate::date::Date;
use crate::yaml::{NodeKind, Resolved, Slot};

/// The place an id is defined.
#[derive(Debug, Clone)]
pub struct Definition {
    /// The entry (a mapping).
    pub entry: NodeRef,
    /// What the entry is.
    pub class: EntryClass,
}

/// Everything rules look up, computed once per repository.
#[derive(Debug, Default)]
pub struct Index {
    /// Documents of each kind (positions in `Repository::docs`).
    pub by_kind: HashMap<Kind, Vec<usize>>,
    /// Entries of each class in path order.
    pub entries: HashMap<EntryClass, Arc<[NodeRef]>>,
    /// Entries while the index is being built.
    building: HashMap<EntryClass, Vec<NodeRef>>,
    /// Every definition of every id, in path order.
    pub definitions: HashMap<String, Vec<Definition>>,
    /// Ids defined more than once, in order of first definition.
    pub duplicated: Vec<String>,
    /// Every node citing an id (`addressed_by` items, `legal_ref`), in path order.
    pub references: HashMap<String, Vec<NodeRef>>,
    /// Every string item of every `addressed_by` list, in path order.
    pub addressed_by: Arc<[NodeRef]>,
    /// `addressed_by` items while the index is being built.
    building_addressed_by: Vec<NodeRef>,
}

impl Index {
    pub(super) fn build(docs: &[Arc<RegisterDoc>]) -> Index {
        let mut index = Index::default();
        for (position, doc) in docs.iter().enumerate() {
            let (Some(kind), Some(root)) = (doc.kind, doc.doc.root) else {
                continue;
            };
            index.by_kind.entry(kind).or_default().push(position);
            let top = NodeRef {
                doc: Arc::clone(doc),
                id: root,
            };
            // An alias repeats an entry without defining it again.
            let mut seen = HashSet::new();
            for entry in list_maps(&top, kind.entries_key()) {
                if !seen.insert(entry.id) {
                    continue;
                }
                index.define(&entry, kind.entry_class());
                if kind == Kind::InterestedParties {
                    for requirement in list_maps(&entry, "requirements") {
                        if seen.insert(requirement.id) {
                            index.define(&requirement, EntryClass::Requirement);
                            index.cite_all(&requirement);
                        }
                    }
                }
            }
        }
        let mut duplicated: Vec<(&String, &Vec<Definition>)> = index
            .definitions
            .iter()
            .filter(|(_, defs)| defs.len() > 1)
            .collect();
        duplicated.sort_by_key(|(_, defs)| {
            let first = &defs[0].entry;
            (
                first.doc.file_name.clone(),
                first.doc.index,
                first.doc.doc.node(first.id).span.start,
            )
        });
        index.duplicated = duplicated.into_iter().map(|(id, _)| id.clone()).collect();
        index.addressed_by = std::mem::take(&mut index.building_addressed_by).into();
        index.entries = std::mem::take(&mut index.building)
            .into_iter()
            .map(|(class, list)| (class, Arc::from(list)))
            .collect();
        index
    }

    fn define(&mut self, entry: &NodeRef, class: EntryClass) {
        self.building.entry(class).or_default().push(entry.clone());
        if let Some(id) = entry
            .get("id")
            .and_then(|v| v.doc.doc.string(v.id).map(str::to_owned))
        {
            self.definitions.entry(id).or_default().push(Definition {
                entry: entry.clone(),
                class,
            });
        }
    }

    /// Records the ids a requirement cites in `addressed_by` and `legal_ref`.
    fn cite_all(&mut self, requirement: &NodeRef) {
        let doc = &requirement.doc.doc;
        if let Some(list) = requirement.get("addressed_by") {
            if let NodeKind::List(items) = &doc.node(list.id).kind {
                for &item in items {
                    if doc.string(item).is_some() {
                        self.building_addressed_by.push(requirement.with(item));
                    }
                    self.cite(doc.string(item), requirement.with(item));
                }
            }
        }
        if let Some(legal) = requirement.get("legal_ref") {
            self.cite(doc.string(legal.id), legal.clone());
        }
    }

    fn cite(&mut self, id: Option<&str>, node: NodeRef) {
        if let Some(id) = id {
            self.references.entry(id.to_owned()).or_default().push(node);
        }
    }
}

/// A plain value an entry's field is compared with (`repo.with_value`).
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string.
    Str(String),
}

impl Repository {
    /// Entries of a class.
    pub fn entries(&self, class: EntryClass) -> Arc<[NodeRef]> {
        self.index
            .entries
            .get(&class)
            .map_or_else(|| Arc::from([]), Arc::clone)
    }

    /// The first definition of an id.
    pub fn lookup(&self, id: &str) -> Option<&Definition> {
        self.definitions_of(id).first()
    }

    /// Of `ids`, those whose first definition is of none of `classes` or that nothing
    /// defines: what [`Repository::lookup`] says about each, for a whole list at once, in
    /// the order given.
    pub fn not_defined_as(&self, ids: &[String], classes: &[String]) -> Vec<String> {
        ids.iter()
            .filter(|id| {
                self.lookup(id)
                    .is_none_or(|d| !classes.iter().any(|c| c == d.class.as_str()))
            })
            .cloned()
            .collect()
    }

    /// Every definition of an id, in path order.
    pub fn definitions_of(&self, id: &str) -> &[Definition] {
        self.index.definitions.get(id).map_or(&[], Vec::as_slice)
    }

    /// Every node citing an id (`addressed_by` items, `legal_ref`), in path order.
    pub fn citations_of(&self, id: &str) -> &[NodeRef] {
        self.index.references.get(id).map_or(&[], Vec::as_slice)
    }

    /// The root node of every document of a kind, in path order.
    pub fn documents(&self, kind: Kind) -> Vec<NodeRef> {
        let positions = self.index.by_kind.get(&kind).map_or(&[][..], Vec::as_slice);
        positions
            .iter()
            .filter_map(|&p| {
                let doc = &self.docs[p];
                doc.doc.root.map(|root| NodeRef {
                    doc: Arc::clone(doc),
                    id: root,
                })
            })
            .collect()
    }

    /// Ids defined more than once, in order of first definition.
    pub fn duplicate_ids(&self) -> &[String] {
        &self.index.duplicated
    }

    /// The ids defined as any of the classes (named as rules name them), sorted.
    pub fn ids_of(&self, classes: &[&str]) -> Vec<String> {
        let mut ids: Vec<&String> = self
            .index
            .definitions
            .iter()
            .filter(|(_, defs)| defs.iter().any(|d| classes.contains(&d.class.as_str())))
            .map(|(id, _)| id)
            .collect();
        ids.sort();
        ids.into_iter().cloned().collect()
    }

    /// The entries of a class (named as rules name it) where any of the fields is blank: absent,
    /// null, a blank string or an empty list or mapping. The pre-selections stop early, with
    /// what they found so far, once `go_on` says so (a rule past its deadline).
    pub fn without(&self, class: &str, fields: &[String], go_on: GoOn<'_>) -> Vec<NodeRef> {
        let mut unique: Vec<&str> = fields.iter().map(String::as_str).collect();
        unique.sort_unstable();
        unique.dedup();
        self.entries_where(class, go_on, |entry| {
            unique.iter().any(|f| is_blank(entry, f))
        })
    }

    /// The entries of a class whose field is set to something other than one of the allowed
    /// strings (a non-string value is never allowed; an absent or null field is left out).
    pub fn outside(
        &self,
        class: &str,
        field: &str,
        allowed: &[String],
        go_on: GoOn<'_>,
    ) -> Vec<NodeRef> {
        let allowed: HashSet<&str> = allowed.iter().map(String::as_str).collect();
        self.entries_where(class, go_on, |entry| {
            let Some(value) = entry.get(field) else {
                return false;
            };
            match entry.doc.doc.resolved(value.id) {
                None | Some(Resolved::Null) => false,
                Some(Resolved::Str(text)) => !allowed.contains(text),
                Some(_) => true,
            }
        })
    }

    /// The entries of a class whose field holds exactly this value (`true`, `"high"`, `12`).
    pub fn with_value(
        &self,
        class: &str,
        field: &str,
        value: &FieldValue,
        go_on: GoOn<'_>,
    ) -> Vec<NodeRef> {
        self.entries_where(class, go_on, |entry| {
            let Some(node) = entry.get(field) else {
                return false;
            };
            match (entry.doc.doc.resolved(node.id), value) {
                (Some(Resolved::Bool(b)), FieldValue::Bool(x)) => *x == b,
                (Some(Resolved::Int(i)), FieldValue::Int(x)) => *x == i,
                (Some(Resolved::Str(t)), FieldValue::Str(x)) => x == t,
                _ => false,
            }
        })
    }

    /// Every string item of every `addressed_by` list, in path order.
    pub fn addressed_by_items(&self) -> Arc<[NodeRef]> {
        Arc::clone(&self.index.addressed_by)
    }

    /// The `addressed_by` items whose id names no entry of any of the classes.
    pub fn addressed_by_unresolved(&self, classes: &[String], go_on: GoOn<'_>) -> Vec<NodeRef> {
        let classes: HashSet<&str> = classes.iter().map(String::as_str).collect();
        let resolves = |item: &NodeRef| {
            let id = item.doc.doc.string(item.id).unwrap_or_default();
            self.lookup(id)
                .is_some_and(|d| classes.contains(d.class.as_str()))
        };
        going_on(self.index.addressed_by.iter(), go_on)
            .filter(|i| !resolves(i))
            .cloned()
            .collect()
    }

    /// The `addressed_by` items citing one id (its `legal_ref` citations left out).
    pub fn addressed_by_citing(&self, id: &str) -> Vec<NodeRef> {
        let is_item = |n: &&NodeRef| matches!(n.doc.doc.node(n.id).slot, Slot::Item(_));
        self.citations_of(id)
            .iter()
            .filter(is_item)
            .cloned()
            .collect()
    }

    /// The `addressed_by` items citing any of the ids: id by id in the order given (an id
    /// given twice once), each id's items in path order.
    pub fn addressed_by_citing_any(&self, ids: &[String]) -> Vec<NodeRef> {
        let mut seen: HashSet<&str> = HashSet::new();
        ids.iter()
            .filter(|id| seen.insert(id.as_str()))
            .flat_map(|id| self.addressed_by_citing(id))
            .collect()
    }

    /// The documents of a kind whose `field` is not a date on or before `by`: absent, null,
    /// a list or mapping, a value that is not a `YYYY-MM-DD` day, or a later day.
    pub fn documents_undated(&self, kind: Kind, field: &str, by: Date) -> Vec<NodeRef> {
        let mut documents = self.documents(kind);
        documents.retain(|doc| date_of(doc, field).is_none_or(|date| date > by));
        documents
    }

    /// The documents of a kind whose `field` is a date on or before `on` and falls due before
    /// it: `months_field` months later (a positive whole number, else `default_months`).
    pub fn documents_overdue(
        &self,
        kind: Kind,
        field: &str,
        months_field: &str,
        default_months: i64,
        on: Date,
    ) -> Vec<NodeRef> {
        let mut documents = self.documents(kind);
        documents.retain(|doc| {
            let Some(last) = date_of(doc, field).filter(|date| *date <= on) else {
                return false;
            };
            let interval = doc.get(months_field);
            let months = match interval.as_ref().and_then(|m| m.doc.doc.resolved(m.id)) {
                Some(Resolved::Int(months)) if months > 0 => months,
                _ => default_months,
            };
            last.add_months(months).is_some_and(|due| due < on)
        });
        documents
    }

    /// The entries of a class (named as rules name it) that match, in path order; none when
    /// the class is unknown.
    fn entries_where(
        &self,
        class: &str,
        go_on: GoOn<'_>,
        keep: impl Fn(&NodeRef) -> bool,
    ) -> Vec<NodeRef> {
        let Some(class) = EntryClass::parse(class) else {
            return Vec::new();
        };
        going_on(self.entries(class).iter(), go_on)
            .filter(|e| keep(e))
            .cloned()
            .collect()
    }
}

/// Asked now and then during a long walk over a repository: `false` stops it.
pub type GoOn<'a> = &'a mut dyn FnMut() -> bool;

/// The items of `items` until `go_on` says stop (asked every 256 items).
fn going_on<'i, T: 'i>(
    items: impl Iterator<Item = &'i T>,
    go_on: GoOn<'_>,
) -> impl Iterator<Item = &'i T> {
    let mut stopped = false;
    items.enumerate().map_while(move |(i, item)| {
        if i % 256 == 0 && !stopped {
            stopped = !go_on();
        }
        (!stopped).then_some(item)
    })
}

/// The day a field holds, when it is a string naming one (`2026-03-14`, quoted or not).
fn date_of(node: &NodeRef, field: &str) -> Option<Date> {
    let value = node.get(field)?;
    match value.doc.doc.resolved(value.id)? {
        Resolved::Str(text) => Date::parse(text),
        _ => None,
    }
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
