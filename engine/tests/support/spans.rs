//! The span invariants the fuzzers check, shared with the regression tests (the fuzz crate
//! includes this file by path): every node, key and label span lies within its text and on
//! char boundaries, and every node id a collection names is in its arena.
#![allow(dead_code, reason = "each user takes the checks it needs")]

use std::ops::Range;

use reglint_engine::load::LoadedFile;
use reglint_engine::source::SourceMap;
use reglint_engine::yaml::{Document, NodeId, NodeKind};
use reglint_engine::{Diagnostic, Label};

/// Panics unless `span` is a range of whole characters of `text`.
pub fn assert_span(text: &str, span: &Range<usize>, what: &dyn Fn() -> String) {
    assert!(
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end),
        "{}: span {span:?} is not a character range of the {}-byte text",
        what(),
        text.len()
    );
}

/// Walks a document's arena: node spans, label spans, child ids and paths.
pub fn assert_document(doc: &Document, text: &str) {
    let len = doc.nodes.len();
    if let Some(root) = doc.root {
        assert!((root as usize) < len, "root {root} out of {len} nodes");
    }
    for (id, node) in doc.nodes.iter().enumerate() {
        let id = id as NodeId;
        assert_span(text, &node.span, &|| format!("node {id}"));
        assert_span(text, &doc.label_span(id, text), &|| {
            format!("label of node {id}")
        });
        let children: Vec<NodeId> = match &node.kind {
            NodeKind::Scalar(_) => Vec::new(),
            NodeKind::List(items) => items.clone(),
            NodeKind::Map(entries) => entries.iter().flat_map(|&(k, v)| [k, v]).collect(),
        };
        for child in children {
            assert!(
                (child as usize) < len,
                "node {id} names node {child} of {len}"
            );
        }
        if let Some(parent) = node.parent {
            assert!(
                (parent as usize) < len,
                "node {id} has parent {parent} of {len}"
            );
        }
        let _ = doc.path(id);
    }
}

/// Checks a label against the text of the file it names.
pub fn assert_label<'t>(label: &Label, text_of: &dyn Fn(usize) -> Option<&'t str>, d: &Diagnostic) {
    let Some(text) = text_of(label.file) else {
        panic!("`{}` names file {} that is not loaded", d.name, label.file);
    };
    assert_span(text, &label.span, &|| {
        format!("label of `{}`: {}", d.name, d.message)
    });
}

/// Checks every label of every diagnostic.
pub fn assert_diagnostics<'t>(
    diagnostics: &[Diagnostic],
    text_of: &dyn Fn(usize) -> Option<&'t str>,
) {
    for d in diagnostics {
        for label in d.primary.iter().chain(&d.secondary) {
            assert_label(label, text_of, d);
        }
    }
}

/// Checks a loaded file: its documents, which must point into its text, and its diagnostics.
pub fn assert_loaded(loaded: &LoadedFile, file: usize) {
    let text = &*loaded.source.text;
    for doc in &loaded.docs {
        assert_eq!(doc.file, file);
        assert!(std::ptr::eq(&*doc.text, text) || *doc.text == *text);
        assert_document(&doc.doc, text);
    }
    assert_diagnostics(&loaded.diagnostics, &|f| (f == file).then_some(text));
}

/// Checks a report's diagnostics against its source map.
pub fn assert_report(diagnostics: &[Diagnostic], sources: &SourceMap) {
    assert_diagnostics(diagnostics, &|f| {
        (f < sources.len()).then(|| &*sources.get(f).text)
    });
}
