//! The span-preserving YAML loader: saphyr-parser events into an arena of nodes.
//!
//! Every register file is parsed exactly once, here. Each key and value keeps its byte span,
//! its text and its style, so diagnostics point at exact places and rules see what was
//! written. The loader never panics on input and never expands aliases (an alias shares the
//! anchored node, so a billion-laughs file stays small); size, depth and node-count limits
//! live in [`Limits`]. Problems come back as [`LoadProblem`]s; completed documents before a
//! syntax error are kept.
//!
//! The arena's types and the queries over it live here; how a scalar reads is `scalar`'s job
//! and turning events into the arena is `builder`'s; `read` reads reglint's own files into
//! Rust types over the arena; `comments` finds a file's comments around the scalars.

mod builder;
pub mod comments;
pub mod read;
mod scalar;

use std::ops::Range;

use saphyr_parser::Parser;

use builder::Builder;
pub use read::{ReadError, Spanned, from_node};
pub use scalar::{Resolved, Scalar, Style};

/// Index of a node in its document's arena.
pub type NodeId = u32;

/// Limits applied while loading a file.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Files larger than this many bytes are not parsed.
    pub max_file_bytes: usize,
    /// Deepest nesting of lists and mappings.
    pub max_depth: usize,
    /// Most nodes in one file.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 8 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 1_000_000,
        }
    }
}

/// What a node holds.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// A scalar.
    Scalar(Scalar),
    /// A sequence: item ids in order.
    List(Vec<NodeId>),
    /// A mapping: (key id, value id) pairs in order, repeats included.
    Map(Vec<(NodeId, NodeId)>),
}

/// Where a node sits in its parent, for register paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The document's root.
    Root,
    /// A mapping value; the id is its key node.
    Value(NodeId),
    /// A mapping key.
    Key,
    /// A list item at this index.
    Item(u32),
}

/// One node of the arena.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What it holds.
    pub kind: NodeKind,
    /// Byte span in the file.
    pub span: Range<usize>,
    /// The containing node (`None` for the root).
    pub parent: Option<NodeId>,
    /// Its place in the parent.
    pub slot: Slot,
}

/// One YAML document of a file, as an arena.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Every node; children refer to each other by index.
    pub nodes: Vec<Node>,
    /// The root node (`None` for an empty document).
    pub root: Option<NodeId>,
}

impl Document {
    /// The node with this id.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// The value under `key` in a mapping node (the first, if the key repeats).
    pub fn get(&self, map: NodeId, key: &str) -> Option<NodeId> {
        self.entry(map, key).map(|(_, v)| v)
    }

    /// The (key, value) pair for `key` in a mapping node.
    pub fn entry(&self, map: NodeId, key: &str) -> Option<(NodeId, NodeId)> {
        match &self.node(map).kind {
            NodeKind::Map(entries) => entries
                .iter()
                .copied()
                .find(|(k, _)| self.scalar_text(*k) == Some(key)),
            _ => None,
        }
    }

    /// A scalar node's text.
    pub fn scalar_text(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).kind {
            NodeKind::Scalar(s) => Some(&s.text),
            _ => None,
        }
    }

    /// A scalar node's resolved value.
    pub fn resolved(&self, id: NodeId) -> Option<Resolved<'_>> {
        match &self.node(id).kind {
            NodeKind::Scalar(s) => Some(s.resolve()),
            _ => None,
        }
    }

    /// The value of a scalar node when it resolves to a non-empty string.
    pub fn string(&self, id: NodeId) -> Option<&str> {
        match self.resolved(id)? {
            Resolved::Str(s) if !s.is_empty() => Some(s),
            _ => None,
        }
    }

    /// Whether a node is absent in the sense of the format: an explicit null.
    pub fn is_null(&self, id: NodeId) -> bool {
        matches!(self.resolved(id), Some(Resolved::Null))
    }

    /// The register path of a node: `parties[3].requirements[0].addressed_by[1]`.
    pub fn path(&self, id: NodeId) -> String {
        path_in(&self.nodes, id)
    }

    /// The span to underline for a node: a scalar whole, a collection on its first line only
    /// (pointing at a whole party block would bury the message).
    pub fn label_span(&self, id: NodeId, text: &str) -> Range<usize> {
        let node = self.node(id);
        match node.kind {
            NodeKind::Scalar(_) => node.span.clone(),
            _ => {
                let start = node.span.start;
                let line_end = text
                    .get(start..node.span.end)
                    .and_then(|s| s.find('\n'))
                    .map_or(node.span.end, |i| start + i);
                // The first line without a trailing comment.
                let line = text.get(start..line_end).unwrap_or_default();
                let line = line.find(" #").map_or(line, |i| &line[..i]);
                let trimmed = line.trim_end().len();
                let end = start
                    + trimmed
                        .max(1)
                        .min(node.span.end.saturating_sub(start).max(1));
                // The one-byte minimum must not run past the text or into a character.
                let end = (end..=text.len())
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(text.len());
                start..end.max(start)
            }
        }
    }
}

/// The register path of a node in an arena (see [`Document::path`]).
fn path_in(nodes: &[Node], id: NodeId) -> String {
    let mut parts = Vec::new();
    let mut current = id;
    loop {
        let node = &nodes[current as usize];
        match node.slot {
            Slot::Root => break,
            Slot::Item(i) => parts.push(format!("[{i}]")),
            Slot::Value(key) => {
                parts.push(format!(
                    ".{}",
                    match &nodes[key as usize].kind {
                        NodeKind::Scalar(s) => s.text.as_str(),
                        _ => "?",
                    }
                ));
            }
            Slot::Key => {
                if let NodeKind::Scalar(s) = &node.kind {
                    parts.push(format!(".{}", s.text));
                }
            }
        }
        match node.parent {
            Some(p) => current = p,
            None => break,
        }
    }
    let mut path: String = parts.into_iter().rev().collect();
    if path.starts_with('.') {
        path.remove(0);
    }
    path
}

/// A problem found while loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadProblem {
    /// The file cannot be (fully) parsed: syntax error, encoding, size or depth limit.
    Syntax {
        /// Where the parser stopped.
        span: Range<usize>,
        /// What went wrong.
        message: String,
        /// The short label.
        label: &'static str,
    },
    /// A key repeats in one mapping.
    DuplicateKey {
        /// The repeat.
        repeat: Range<usize>,
        /// The first occurrence.
        first: Range<usize>,
        /// The key.
        key: String,
        /// The register path of the repeated key.
        path: String,
    },
}

/// The documents and problems of one file.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Documents completed before any syntax error.
    pub documents: Vec<Document>,
    /// Problems in file order.
    pub problems: Vec<LoadProblem>,
}

/// Parses a YAML text (already decoded; a BOM stripped by the caller) into arenas.
/// `offset` is added to every span (the length of a skipped BOM).
pub fn parse(text: &str, offset: usize, limits: &Limits) -> Loaded {
    let mut builder = Builder::new(text, offset, limits);
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_event() {
            None => break,
            Some(Ok((event, span))) => {
                if let Err(problem) = builder.event(event, span) {
                    builder.loaded.problems.push(problem);
                    break;
                }
            }
            Some(Err(error)) => {
                let at = builder.byte(error.marker().index());
                let message = error.info().to_owned();
                builder.loaded.problems.push(LoadProblem::Syntax {
                    span: at..at,
                    message,
                    label: "the parser stopped here",
                });
                break;
            }
        }
    }
    builder.loaded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Loaded {
        parse(text, 0, &Limits::default())
    }

    #[test]
    fn paths_name_keys_and_indices() {
        let text = "parties:\n  - id: A\n    requirements:\n      - addressed_by: [x, y]\n";
        let loaded = load(text);
        let doc = &loaded.documents[0];
        let y = doc
            .nodes
            .iter()
            .position(|n| matches!(&n.kind, NodeKind::Scalar(s) if s.text == "y"))
            .unwrap();
        assert_eq!(
            doc.path(y as NodeId),
            "parties[0].requirements[0].addressed_by[1]"
        );
    }
}
