//! The Node API: what a rule can ask of one node of the parsed tree (`node.field`,
//! `node.path`, `node.parent`, `node.key("field")`, the type tests).
//!
//! Every answer is read from the arena on demand; nothing is copied out of the document.

use rhai::{Dynamic, Engine, ImmutableString};

use crate::model::NodeRef;
use crate::script::timed;
use crate::script::values::{children, item, keys, nodes_array, or_unit, to_dynamic};
use crate::shape::field_names;
use crate::yaml::NodeKind;

/// The properties the host answers itself: a register field of the same name is read with
/// `node["name"]` or `node.child("name")`.
const HOST_PROPERTIES: [&str; 5] = ["path", "file", "line", "value", "parent"];

pub(in crate::script) fn register_node_api(engine: &mut Engine) {
    engine.register_type_with_name::<NodeRef>("Node");
    engine.register_iterator::<NodeRef>();
    // `node["key"]` and, through Rhai's fallback, `node.key`: missing keys give `()`.
    engine.register_indexer_get(|node: &mut NodeRef, key: ImmutableString| {
        node.get(&key).map_or(Dynamic::UNIT, to_dynamic)
    });
    engine.register_indexer_get(|node: &mut NodeRef, index: i64| {
        item(node, index).map_or(Dynamic::UNIT, to_dynamic)
    });
    // The register format's fields get getters of their own: Rhai reaches the indexer only
    // after a failed getter lookup, which builds an error message each time. The answer is
    // the indexer's; a field the format does not name still goes through it.
    for name in field_names() {
        if !HOST_PROPERTIES.contains(&name) {
            engine.register_get(name, move |node: &mut NodeRef| {
                node.get(name).map_or(Dynamic::UNIT, to_dynamic)
            });
        }
    }
    engine.register_get("path", |node: &mut NodeRef| node.path());
    engine.register_get("file", |node: &mut NodeRef| node.doc.file_name.to_string());
    // Counting lines is linear in the file: a rule asking in a loop is held to its deadline.
    engine.register_get("line", |node: &mut NodeRef| {
        timed(|| {
            let span = node.doc.doc.node(node.id).span.start;
            let line = node
                .doc
                .text
                .get(..span)
                .map_or(0, |t| memchr::memchr_iter(b'\n', t.as_bytes()).count());
            line as i64 + 1
        })
    });
    engine.register_get("value", |node: &mut NodeRef| to_dynamic(node.clone()));
    engine.register_get("parent", |node: &mut NodeRef| {
        or_unit(node.doc.doc.node(node.id).parent.map(|p| node.with(p)))
    });
    engine.register_fn("len", |node: &mut NodeRef| {
        match &node.doc.doc.node(node.id).kind {
            NodeKind::List(items) => items.len() as i64,
            NodeKind::Map(entries) => entries.len() as i64,
            NodeKind::Scalar(s) => s.text.chars().count() as i64,
        }
    });
    engine.register_fn("child", |node: &mut NodeRef, key: &str| {
        or_unit(node.get(key))
    });
    engine.register_fn("child", |node: &mut NodeRef, index: i64| {
        or_unit(item(node, index))
    });
    engine.register_fn("children", |node: &mut NodeRef| nodes_array(children(node)));
    engine.register_fn("key", |node: &mut NodeRef, key: &str| {
        or_unit(node.doc.doc.entry(node.id, key).map(|(k, _)| node.with(k)))
    });
    engine.register_fn("has", |node: &mut NodeRef, key: &str| {
        node.doc.doc.entry(node.id, key).is_some()
    });
    engine.register_fn("keys", |node: &mut NodeRef| keys(node));
    engine.register_fn("to_string", |node: &mut NodeRef| {
        format!("<node {}:{}>", node.doc.file_name, node.path())
    });
    // An entry's id for messages, or its register path when it has no usable id.
    engine.register_fn("entry_id", |node: &mut NodeRef| {
        node.get("id")
            .and_then(|id| id.doc.doc.string(id.id).map(str::to_owned))
            .unwrap_or_else(|| node.path())
    });
    engine.register_fn("is_map", |v: Dynamic| {
        is_node_kind(&v, |k| matches!(k, NodeKind::Map(_)))
    });
    engine.register_fn("is_list", |v: Dynamic| {
        is_node_kind(&v, |k| matches!(k, NodeKind::List(_)))
    });
    engine.register_fn("is_node", |v: Dynamic| v.is::<NodeRef>());
    engine.register_fn("is_string", |v: Dynamic| v.is_string());
    engine.register_fn("is_bool", |v: Dynamic| v.is_bool());
    engine.register_fn("is_int", |v: Dynamic| v.is_int());
    engine.register_fn("is_null", |v: Dynamic| v.is_unit());
}

fn is_node_kind(value: &Dynamic, test: impl Fn(&NodeKind) -> bool) -> bool {
    value
        .read_lock::<NodeRef>()
        .is_some_and(|n| test(&n.doc.doc.node(n.id).kind))
}
