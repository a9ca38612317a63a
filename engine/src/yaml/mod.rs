//! The span-preserving YAML loader: saphyr-parser events into an arena of nodes.
//!
//! Every register file is parsed exactly once, here. Each key and value keeps its byte span,
//! its text and its style, so diagnostics point at exact places and rules see what was
//! written. The loader never panics on input and never expands aliases (an alias is a node of
//! its own, at the `*name`, copying its anchor one level deep and sharing what is below, so a
//! billion-laughs file stays small); size, depth, node-count and value-length limits live in
//! [`Limits`]. Problems come back as [`LoadProblem`]s; completed documents before a
//! syntax error are kept.
//!
//! The arena's types and the queries over it live here; how a scalar reads is `scalar`'s job
//! and turning events into the arena is `builder`'s; `read` reads reglint's own files into
//! Rust types over the arena; `comments` finds a file's comments around the scalars;
//! `syntax` explains the parser's errors in YAML terms.

mod builder;
pub mod comments;
pub mod read;
mod scalar;
mod syntax;

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
    /// Longest value: a rule could not hold a longer one in a script string, so a longer
    /// value is reported and cut short at load instead of failing the rules that read it.
    pub max_scalar_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 8 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 1_000_000,
            max_scalar_bytes: crate::script::Sandbox::DEFAULT.max_string_size,
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
                let end = node.span.end.min(text.len());
                let start = node.span.start.min(end);
                let written = text.get(start..end).unwrap_or_default();
                let line = written.split('\n').next().unwrap_or_default();
                // The first line without a trailing comment; at least one character, but never
                // past the collection (one at the end of the file may be empty).
                let line = line.find(" #").map_or(line, |i| &line[..i]);
                let len = match line.trim_end().len() {
                    0 => written.chars().next().map_or(0, char::len_utf8),
                    n => n,
                };
                start..start + len
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
        /// The parser's words and reglint's reading of them, when the parser found the problem
        /// (`None`: a limit or a bad alias, found by reglint itself).
        parser: Option<Box<ParserError>>,
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
    /// A value longer than [`Limits::max_scalar_bytes`]; it is kept cut short, so loading goes on.
    LongValue {
        /// The value as written.
        span: Range<usize>,
        /// Its length in bytes.
        bytes: usize,
        /// The limit.
        limit: usize,
        /// How many bytes of it are kept.
        kept: usize,
        /// The register path of the value.
        path: String,
    },
}

/// A syntax error the parser found, beyond the message: its own words, where else to look and
/// what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParserError {
    /// The parser's own words.
    pub words: String,
    /// Other places involved (where the parser gave up, when the mistake is elsewhere).
    pub secondary: Vec<(Range<usize>, &'static str)>,
    /// What to do, when the mistake is recognised.
    pub help: Option<String>,
}

impl ParserError {
    /// Adds what the parser error holds to a diagnostic: its places, its help and, as a note,
    /// the parser's own words (one wording for registers and configuration alike).
    pub fn annotate(
        self,
        mut diagnostic: crate::diagnostic::Diagnostic,
        file: crate::source::FileId,
    ) -> crate::diagnostic::Diagnostic {
        for (span, label) in self.secondary {
            diagnostic = diagnostic.with_label(file, span, label);
        }
        if let Some(help) = self.help {
            diagnostic = diagnostic.with_help(help);
        }
        diagnostic.with_note(format!("the YAML parser said: {}", self.words))
    }
}

impl LoadProblem {
    /// A problem that stops the load, found by reglint itself (a limit, a bad alias).
    pub(crate) fn stop(span: Range<usize>, message: String, label: &'static str) -> Self {
        LoadProblem::Syntax {
            span,
            message,
            label,
            parser: None,
        }
    }
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
                let at = builder.byte(error.marker().index()) - offset;
                let explained = syntax::explain(text, at, error.info());
                let shift = |span: Range<usize>| span.start + offset..span.end + offset;
                builder.loaded.problems.push(LoadProblem::Syntax {
                    span: shift(explained.span),
                    message: explained.message,
                    label: explained.label,
                    parser: Some(Box::new(ParserError {
                        words: error.info().to_owned(),
                        secondary: explained
                            .secondary
                            .into_iter()
                            .map(|(span, label)| (shift(span), label))
                            .collect(),
                        help: explained.help,
                    })),
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
