//! The values rules hold: plain Rhai values for scalars, [`NodeRef`] handles for collections,
//! and [`HostList`], the read-only list the host hands out (entries, ids, referrers).
//!
//! Separate from the API registrations because every one of them converts through here: a
//! node becomes a Rhai value in exactly one way ([`to_dynamic`]), and a list is shared, never
//! copied into a Rhai array, however large the register.

use std::sync::Arc;

use rhai::{Array, Dynamic, Engine, ImmutableString};

use crate::model::NodeRef;
use crate::script::{suggest, timed};
use crate::yaml::{NodeKind, Resolved};

/// A node's value as rules see it: scalars as plain values (YAML 1.2), collections as handles.
pub(super) fn to_dynamic(node: NodeRef) -> Dynamic {
    match &node.doc.doc.node(node.id).kind {
        NodeKind::Scalar(s) => match s.resolve() {
            Resolved::Null => Dynamic::UNIT,
            Resolved::Bool(b) => b.into(),
            Resolved::Int(i) => i.into(),
            Resolved::Float(f) => f.into(),
            Resolved::Str(text) => text.into(),
        },
        _ => Dynamic::from(node),
    }
}

pub(super) fn children(node: &NodeRef) -> Vec<NodeRef> {
    match &node.doc.doc.node(node.id).kind {
        NodeKind::List(items) => items.iter().map(|&i| node.with(i)).collect(),
        NodeKind::Map(entries) => entries.iter().map(|&(_, v)| node.with(v)).collect(),
        NodeKind::Scalar(_) => Vec::new(),
    }
}

/// A script index into a list of `len` items: negative counts from the end, as in Rhai arrays.
pub(super) fn list_position(index: i64, len: usize) -> Option<usize> {
    let i = if index < 0 { len as i64 + index } else { index };
    usize::try_from(i).ok().filter(|&i| i < len)
}

pub(super) fn item(node: &NodeRef, index: i64) -> Option<NodeRef> {
    match &node.doc.doc.node(node.id).kind {
        NodeKind::List(items) => list_position(index, items.len()).map(|i| node.with(items[i])),
        _ => None,
    }
}

pub(super) fn or_unit(node: Option<NodeRef>) -> Dynamic {
    node.map_or(Dynamic::UNIT, Dynamic::from)
}

/// A read-only list handed to rules (entries, ids, referrers): shared, never copied into a
/// Rhai array, so neither its size nor the script array limit depend on each other.
#[derive(Debug, Clone)]
pub enum HostList {
    /// Node handles.
    Nodes(Arc<[NodeRef]>),
    /// Plain values (ids).
    Values(Arc<[Dynamic]>),
}

impl HostList {
    fn len(&self) -> usize {
        match self {
            HostList::Nodes(n) => n.len(),
            HostList::Values(v) => v.len(),
        }
    }

    fn get(&self, index: usize) -> Option<Dynamic> {
        match self {
            HostList::Nodes(n) => n.get(index).cloned().map(Dynamic::from),
            HostList::Values(v) => v.get(index).cloned(),
        }
    }

    /// The strings of the list, shared rather than copied.
    fn strings(&self) -> Vec<ImmutableString> {
        match self {
            HostList::Nodes(_) => Vec::new(),
            HostList::Values(v) => v
                .iter()
                .filter_map(|x| x.clone().into_immutable_string().ok())
                .collect(),
        }
    }
}

/// Iterates a [`HostList`] without copying it.
pub struct HostListIter {
    list: HostList,
    next: usize,
}

impl Iterator for HostListIter {
    type Item = Dynamic;

    fn next(&mut self) -> Option<Dynamic> {
        let item = self.list.get(self.next)?;
        self.next += 1;
        Some(item)
    }
}

impl IntoIterator for HostList {
    type Item = Dynamic;
    type IntoIter = HostListIter;

    fn into_iter(self) -> HostListIter {
        HostListIter {
            list: self,
            next: 0,
        }
    }
}

pub(super) fn nodes_array(nodes: impl IntoIterator<Item = NodeRef>) -> HostList {
    HostList::Nodes(nodes.into_iter().collect())
}

pub(super) fn register_list_api(engine: &mut Engine) {
    engine.register_type_with_name::<HostList>("List");
    engine.register_iterator::<HostList>();
    engine.register_fn("len", |list: &mut HostList| list.len() as i64);
    engine.register_fn("is_empty", |list: &mut HostList| list.len() == 0);
    engine.register_indexer_get(|list: &mut HostList, index: i64| {
        list_position(index, list.len())
            .and_then(|i| list.get(i))
            .unwrap_or(Dynamic::UNIT)
    });
    // `x in list`: equal plain values (ids); nodes are never `in` a list by value.
    engine.register_fn("contains", |list: &mut HostList, value: Dynamic| {
        timed(|| match list {
            HostList::Nodes(_) => false,
            HostList::Values(v) => match value.read_lock::<ImmutableString>() {
                Some(text) => v.iter().any(|x| {
                    x.read_lock::<ImmutableString>()
                        .is_some_and(|t| t.as_str() == text.as_str())
                }),
                None => v
                    .iter()
                    .any(|x| x.type_id() == value.type_id() && x.to_string() == value.to_string()),
            },
        })
    });
    engine.register_fn("to_array", |list: &mut HostList| {
        timed(|| -> Array { list.clone().into_iter().collect() })
    });
    engine.register_fn("did_you_mean", |word: &str, candidates: HostList| {
        timed(|| suggest(word, || candidates.strings()))
    });
}

impl IntoIterator for NodeRef {
    type Item = Dynamic;
    type IntoIter = std::vec::IntoIter<Dynamic>;

    /// `for x in node`: list items (scalars as values), or a mapping's keys.
    fn into_iter(self) -> Self::IntoIter {
        let values: Vec<Dynamic> = match &self.doc.doc.node(self.id).kind {
            NodeKind::Map(_) => keys(&self),
            _ => children(&self).into_iter().map(to_dynamic).collect(),
        };
        values.into_iter()
    }
}

/// A mapping's keys as strings (empty for anything else).
pub(super) fn keys(node: &NodeRef) -> Array {
    match &node.doc.doc.node(node.id).kind {
        NodeKind::Map(entries) => entries
            .iter()
            .filter_map(|&(k, _)| {
                node.doc
                    .doc
                    .scalar_text(k)
                    .map(|t| Dynamic::from(t.to_owned()))
            })
            .collect(),
        _ => Array::new(),
    }
}

/// Plain strings (ids) as a list.
pub(super) fn values_list(values: impl IntoIterator<Item = String>) -> HostList {
    HostList::Values(values.into_iter().map(Dynamic::from).collect())
}

/// The strings of a Rhai array (items of any other type are left out).
pub(super) fn strings(array: Array) -> Vec<String> {
    array
        .into_iter()
        .filter_map(|x| x.into_string().ok())
        .collect()
}
