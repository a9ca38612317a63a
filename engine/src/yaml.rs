//! The span-preserving YAML loader: saphyr-parser events into an arena of nodes.
//!
//! Every register file is parsed exactly once, here. Each key and value keeps its byte span,
//! its text and its style, so diagnostics point at exact places and rules see what was
//! written. The loader never panics on input and never expands aliases (an alias shares the
//! anchored node, so a billion-laughs file stays small); size, depth and node-count limits
//! live in [`Limits`]. Problems come back as [`LoadProblem`]s; completed documents before a
//! syntax error are kept.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as EventSpan};

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

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Unquoted: subject to type resolution.
    Plain,
    /// Single- or double-quoted: always a string.
    Quoted,
    /// A literal (`|`) or folded (`>`) block: always a string.
    Block,
}

/// A scalar's value as YAML 1.2's core schema reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved<'a> {
    /// `~`, `null`, or nothing.
    Null,
    /// `true` / `false` (and their capitalised forms).
    Bool(bool),
    /// A decimal, `0o` octal or `0x` hex integer.
    Int(i64),
    /// A float, including `.inf` and `.nan`.
    Float(f64),
    /// Everything else, and every quoted or block scalar.
    Str(&'a str),
}

/// A scalar as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The scalar's value after YAML escapes and folding (for plain scalars, what was written).
    pub text: String,
    /// How it was written.
    pub style: Style,
    /// Whether a `!!str` tag forces it to be a string.
    pub tagged_str: bool,
}

impl Scalar {
    /// Resolves the scalar by YAML 1.2 core rules (`yes`, `no`, dates stay strings).
    pub fn resolve(&self) -> Resolved<'_> {
        if self.style != Style::Plain || self.tagged_str {
            return Resolved::Str(&self.text);
        }
        resolve_plain(&self.text)
    }
}

impl Scalar {
    /// How YAML reads this scalar if not as a string, by 1.2 core rules or, for registers
    /// still read by 1.1 loaders, 1.1 rules (`yes`, `on`, `017`, `12:30`). Dates are left
    /// alone: both versions' loaders commonly keep or accept them as written.
    pub fn non_string_reading(&self) -> Option<&'static str> {
        if self.style != Style::Plain || self.tagged_str {
            return None;
        }
        match self.resolve() {
            Resolved::Bool(_) => return Some("YAML reads as a boolean"),
            Resolved::Int(_) | Resolved::Float(_) => return Some("YAML reads as a number"),
            Resolved::Null | Resolved::Str(_) => {}
        }
        yaml11_reading(&self.text)
    }
}

/// What YAML 1.1 reads a plain scalar as, when not a string (timestamps aside).
fn yaml11_reading(text: &str) -> Option<&'static str> {
    const BOOLS: [&str; 22] = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
        "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ];
    if BOOLS.contains(&text) {
        return Some("YAML 1.1 reads as a boolean");
    }
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let digits =
        |s: &str, radix: u32| !s.is_empty() && s.chars().all(|c| c == '_' || c.is_digit(radix));
    let number = (body.starts_with("0b") && digits(&body[2..], 2))
        || (body.starts_with("0x") && digits(&body[2..], 16))
        || (body.starts_with(|c: char| c.is_ascii_digit()) && digits(body, 10));
    if number {
        return Some("YAML 1.1 reads as a number");
    }
    // Base 60: `12:30` is 750 to a YAML 1.1 loader.
    let mut parts = body.split(':');
    let head = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    if !rest.is_empty()
        && head.starts_with(|c: char| c.is_ascii_digit())
        && digits(head, 10)
        && rest
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 2 && digits(p, 10))
    {
        return Some("YAML 1.1 reads as a number in base 60");
    }
    // `[0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?`: version-like `1.2.3` too.
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let float = mantissa.contains('.')
        && mantissa
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '_')
        && mantissa.chars().any(|c| c.is_ascii_digit())
        && !mantissa.starts_with('_')
        && exponent.is_none_or(|e| {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            digits(e, 10)
        });
    float.then_some("YAML 1.1 reads as a number")
}

fn resolve_plain(text: &str) -> Resolved<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    let bytes = text.as_bytes();
    if let Some(oct) = text.strip_prefix("0o") {
        if !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            if let Ok(v) = i64::from_str_radix(oct, 8) {
                return Resolved::Int(v);
            }
        }
        return Resolved::Str(text);
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            if let Ok(v) = i64::from_str_radix(hex, 16) {
                return Resolved::Int(v);
            }
        }
        return Resolved::Str(text);
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().map_or(Resolved::Str(text), Resolved::Int);
    }
    if is_core_float(digits)
        && bytes
            .first()
            .is_some_and(|b| *b != b'.' || digits.len() > 1)
    {
        if let Ok(v) = text.parse::<f64>() {
            return Resolved::Float(v);
        }
    }
    Resolved::Str(text)
}

/// `[0-9]*(\.[0-9]*)?([eE][-+]?[0-9]+)?` with at least one digit before the exponent.
fn is_core_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let has_digit = !int.is_empty() || frac.is_some_and(|f| !f.is_empty());
    let exp_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    has_digit
        && digits(int)
        && frac.is_none_or(digits)
        && exp_ok
        && (frac.is_some() || exponent.is_some())
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
                start
                    ..start
                        + trimmed
                            .max(1)
                            .min(node.span.end.saturating_sub(start).max(1))
            }
        }
    }
}

/// The length of a scalar as written at the start of `written`: through the closing quote of a
/// quoted scalar, else without trailing whitespace.
fn scalar_extent(written: &str) -> usize {
    let bytes = written.as_bytes();
    match bytes.first() {
        Some(&quote @ (b'"' | b'\'')) => {
            let mut i = 1;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' if quote == b'"' => i += 2,
                    b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
                    b if b == quote => return i + 1,
                    _ => i += 1,
                }
            }
            written.trim_end().len()
        }
        _ => written.trim_end().len(),
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
    let mut builder = Builder {
        text,
        offset,
        chars: CharOffsets::new(text),
        limits,
        loaded: Loaded::default(),
        doc: None,
        nodes_in_file: 0,
    };
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

/// Converts saphyr's character indices to byte offsets (free for ASCII text).
struct CharOffsets {
    table: Option<Vec<u32>>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        let table = (!text.is_ascii()).then(|| {
            text.char_indices()
                .map(|(i, _)| i as u32)
                .chain(std::iter::once(text.len() as u32))
                .collect()
        });
        CharOffsets {
            table,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.table {
            None => char_index.min(self.len),
            Some(t) => t.get(char_index).map_or(self.len, |b| *b as usize),
        }
    }
}

struct Frame {
    node: NodeId,
    pending_key: Option<NodeId>,
    last_end: usize,
    /// Keys seen, for duplicate detection in big mappings (small ones scan their entries).
    seen: Option<HashMap<String, NodeId>>,
}

struct DocBuilder {
    nodes: Vec<Node>,
    root: Option<NodeId>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, NodeId>,
}

struct Builder<'t, 'l> {
    text: &'t str,
    offset: usize,
    chars: CharOffsets,
    limits: &'l Limits,
    loaded: Loaded,
    doc: Option<DocBuilder>,
    nodes_in_file: usize,
}

const BIG_MAP: usize = 16;

impl Builder<'_, '_> {
    fn byte(&self, char_index: usize) -> usize {
        self.chars.byte(char_index) + self.offset
    }

    fn span(&self, span: &EventSpan) -> Range<usize> {
        let start = self.byte(span.start.index());
        let end = self.byte(span.end.index()).max(start);
        start..end
    }

    fn event(&mut self, event: Event<'_>, span: EventSpan) -> Result<(), LoadProblem> {
        let range = self.span(&span);
        match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing => Ok(()),
            Event::DocumentStart(_) => {
                self.doc = Some(DocBuilder {
                    nodes: Vec::new(),
                    root: None,
                    stack: Vec::new(),
                    anchors: HashMap::new(),
                });
                Ok(())
            }
            Event::DocumentEnd => {
                if let Some(doc) = self.doc.take() {
                    self.loaded.documents.push(Document {
                        nodes: doc.nodes,
                        root: doc.root,
                    });
                }
                Ok(())
            }
            Event::Alias(anchor) => {
                let doc = self.doc_mut(&range)?;
                let Some(&target) = doc.anchors.get(&anchor) else {
                    return Err(syntax(range, "alias to an unknown anchor".into()));
                };
                self.attach(target, range)
            }
            Event::Scalar(value, style, anchor, tag) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                    ScalarStyle::Literal | ScalarStyle::Folded => Style::Block,
                };
                let tagged_str = tag.is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
                let text = if range.is_empty() && style == Style::Plain {
                    String::new()
                } else {
                    Cow::into_owned(value)
                };
                let scalar = Scalar {
                    text,
                    style,
                    tagged_str,
                };
                // What to underline: a quoted scalar up to its closing quote (saphyr's span runs
                // on to the next token, over comments), a block scalar without trailing blanks.
                let written = self
                    .text
                    .get(range.start - self.offset..range.end - self.offset)
                    .unwrap_or_default();
                let span = range.start..range.start + scalar_extent(written);
                let id = self.push(NodeKind::Scalar(scalar), span.clone())?;
                self.record_anchor(anchor, id);
                self.attach(id, span)
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let depth = self.doc_mut(&range)?.stack.len();
                if depth >= self.limits.max_depth {
                    return Err(LoadProblem::Syntax {
                        span: range.start..range.start,
                        message: format!(
                            "nesting deeper than {} levels; reglint stops reading this file here",
                            self.limits.max_depth
                        ),
                        label: "too deep",
                    });
                }
                let kind = if is_map {
                    NodeKind::Map(Vec::new())
                } else {
                    NodeKind::List(Vec::new())
                };
                let id = self.push(kind, range.clone())?;
                self.record_anchor(anchor, id);
                self.attach(id, range.clone())?;
                let doc = self.doc_mut(&range)?;
                doc.stack.push(Frame {
                    node: id,
                    pending_key: None,
                    last_end: range.end,
                    seen: None,
                });
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let closes_flow = matches!(
                    self.text.as_bytes().get(range.start - self.offset),
                    Some(b']' | b'}')
                );
                let doc = self.doc_mut(&range)?;
                let Some(frame) = doc.stack.pop() else {
                    return Err(syntax(range, "unbalanced end of a collection".into()));
                };
                // A flow collection ends just after its `]` or `}`; saphyr's end event spans
                // on to the next token, and a block collection's points past it entirely.
                let end = if closes_flow {
                    (range.start + 1).max(frame.last_end)
                } else {
                    frame.last_end
                };
                let node = &mut doc.nodes[frame.node as usize];
                node.span.end = end.max(node.span.start);
                if let Some(parent) = doc.stack.last_mut() {
                    parent.last_end = parent.last_end.max(end);
                }
                Ok(())
            }
        }
    }

    fn doc_mut(&mut self, range: &Range<usize>) -> Result<&mut DocBuilder, LoadProblem> {
        self.doc
            .as_mut()
            .ok_or_else(|| syntax(range.clone(), "content outside a document".into()))
    }

    fn record_anchor(&mut self, anchor: usize, id: NodeId) {
        if anchor > 0 {
            if let Some(doc) = self.doc.as_mut() {
                doc.anchors.insert(anchor, id);
            }
        }
    }

    fn push(&mut self, kind: NodeKind, span: Range<usize>) -> Result<NodeId, LoadProblem> {
        self.nodes_in_file += 1;
        if self.nodes_in_file > self.limits.max_nodes {
            return Err(LoadProblem::Syntax {
                span: span.start..span.start,
                message: format!(
                    "more than {} nodes in one file; reglint stops reading this file here",
                    self.limits.max_nodes
                ),
                label: "too many nodes",
            });
        }
        let doc = self.doc_mut(&span)?;
        let id = doc.nodes.len() as NodeId;
        doc.nodes.push(Node {
            kind,
            span,
            parent: None,
            slot: Slot::Root,
        });
        Ok(id)
    }

    /// Attaches a node (new, or an alias's target) to the open collection, or makes it the root.
    fn attach(&mut self, id: NodeId, at: Range<usize>) -> Result<(), LoadProblem> {
        let end = at.end;
        let span = end..end;
        let doc = self.doc_mut(&span)?;
        let is_new = doc.nodes[id as usize].parent.is_none() && doc.root != Some(id);
        let Some(frame) = doc.stack.last_mut() else {
            if doc.root.is_none() {
                doc.root = Some(id);
            }
            return Ok(());
        };
        frame.last_end = frame.last_end.max(end);
        let parent = frame.node;
        // A node arriving with no pending key is a key (an alias's target too).
        let duplicate = match (&doc.nodes[parent as usize].kind, frame.pending_key) {
            (NodeKind::Map(entries), None) => find_duplicate(frame, entries, &doc.nodes, id),
            _ => None,
        };
        let slot = match &mut doc.nodes[parent as usize].kind {
            NodeKind::List(items) => {
                items.push(id);
                Slot::Item(items.len() as u32 - 1)
            }
            NodeKind::Map(entries) => match frame.pending_key.take() {
                None => {
                    frame.pending_key = Some(id);
                    Slot::Key
                }
                Some(key) => {
                    entries.push((key, id));
                    Slot::Value(key)
                }
            },
            NodeKind::Scalar(_) => return Ok(()),
        };
        if is_new {
            let node = &mut doc.nodes[id as usize];
            node.parent = Some(parent);
            node.slot = slot;
        }
        if let Some((first, key)) = duplicate {
            let first = doc.nodes[first as usize].span.clone();
            let parent_path = path_in(&doc.nodes, parent);
            let path = if parent_path.is_empty() {
                key.clone()
            } else {
                format!("{parent_path}.{key}")
            };
            self.loaded.problems.push(LoadProblem::DuplicateKey {
                repeat: at,
                first,
                key,
                path,
            });
        }
        Ok(())
    }
}

/// The first key equal to `key` in a mapping being built, if any.
fn find_duplicate(
    frame: &mut Frame,
    entries: &[(NodeId, NodeId)],
    nodes: &[Node],
    id: NodeId,
) -> Option<(NodeId, String)> {
    let text_of = |k: NodeId| match &nodes[k as usize].kind {
        NodeKind::Scalar(s) => Some(s.text.as_str()),
        _ => None,
    };
    let key = text_of(id)?;
    if entries.len() < BIG_MAP && frame.seen.is_none() {
        return entries
            .iter()
            .find(|(k, _)| text_of(*k) == Some(key))
            .map(|(k, _)| (*k, key.to_owned()));
    }
    let seen = frame.seen.get_or_insert_with(|| {
        let mut seen = HashMap::new();
        for (k, _) in entries {
            if let Some(t) = text_of(*k) {
                seen.entry(t.to_owned()).or_insert(*k);
            }
        }
        seen
    });
    match seen.get(key) {
        Some(first) => Some((*first, key.to_owned())),
        None => {
            seen.insert(key.to_owned(), id);
            None
        }
    }
}

fn syntax(span: Range<usize>, message: String) -> LoadProblem {
    LoadProblem::Syntax {
        span,
        message,
        label: "here",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Loaded {
        parse(text, 0, &Limits::default())
    }

    #[test]
    fn scalars_resolve_by_yaml_1_2_core_rules() {
        for (text, expected) in [
            ("yes", Resolved::Str("yes")),
            ("no", Resolved::Str("no")),
            ("true", Resolved::Bool(true)),
            ("False", Resolved::Bool(false)),
            ("12", Resolved::Int(12)),
            ("017", Resolved::Int(17)),
            ("0o17", Resolved::Int(15)),
            ("8.10", Resolved::Float(8.1)),
            ("2026-03-14", Resolved::Str("2026-03-14")),
            ("A.8.24", Resolved::Str("A.8.24")),
            ("~", Resolved::Null),
            ("", Resolved::Null),
            ("12:30", Resolved::Str("12:30")),
            (".", Resolved::Str(".")),
        ] {
            assert_eq!(resolve_plain(text), expected, "{text}");
        }
    }

    #[test]
    fn strings_that_yaml_reads_otherwise_are_recognised() {
        let reading = |text: &str| {
            Scalar {
                text: text.into(),
                style: Style::Plain,
                tagged_str: false,
            }
            .non_string_reading()
        };
        for text in [
            "no", "NO", "on", "y", "true", "8.10", "017", "12:30", "0b101", "1_000", "1.2.3",
        ] {
            assert!(reading(text).is_some(), "{text}");
        }
        for text in [
            "A.8.24",
            "OBJ-03",
            "2026-03-14",
            "CISO",
            "Head of Sales",
            "12:30 daily",
            "v1.2",
        ] {
            assert_eq!(reading(text), None, "{text}");
        }
        let quoted = Scalar {
            text: "no".into(),
            style: Style::Quoted,
            tagged_str: false,
        };
        assert_eq!(quoted.non_string_reading(), None);
    }

    #[test]
    fn spans_are_bytes_even_after_multibyte_text() {
        let text = "name: Société\nid: X-1\n";
        let loaded = load(text);
        let doc = &loaded.documents[0];
        let id = doc.get(doc.root.unwrap(), "id").unwrap();
        assert_eq!(&text[doc.node(id).span.clone()], "X-1");
    }

    #[test]
    fn block_collections_end_at_their_last_child() {
        let text = "parties:\n  - id: A\n    name: B\n\nother: 1\n";
        let loaded = load(text);
        let doc = &loaded.documents[0];
        let parties = doc.get(doc.root.unwrap(), "parties").unwrap();
        assert_eq!(
            &text[doc.node(parties).span.clone()],
            "- id: A\n    name: B"
        );
    }

    #[test]
    fn duplicate_keys_report_every_repeat_with_the_first() {
        let text = "a: 1\nb: 2\na: 3\na: 4\n";
        let loaded = load(text);
        let repeats: Vec<_> = loaded
            .problems
            .iter()
            .map(|p| match p {
                LoadProblem::DuplicateKey { repeat, first, .. } => (repeat.start, first.start),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(repeats, vec![(10, 0), (15, 0)]);
    }

    #[test]
    fn aliases_share_the_anchored_node() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..30 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let loaded = load(&text);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert!(loaded.documents[0].nodes.len() < 200);
    }

    #[test]
    fn nesting_past_the_limit_is_a_syntax_problem() {
        let text = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let loaded = load(&text);
        assert!(matches!(
            &loaded.problems[..],
            [LoadProblem::Syntax { span, label: "too deep", .. }] if span.start == 64
        ));
    }

    #[test]
    fn documents_before_a_syntax_error_are_kept() {
        let text = "kind: a\n---\nkind: [b\n";
        let loaded = load(text);
        assert_eq!(loaded.documents.len(), 1);
        assert!(matches!(loaded.problems[..], [LoadProblem::Syntax { .. }]));
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

    #[test]
    fn flow_collections_end_at_their_closing_bracket() {
        let text = "a: {b: 1}   # not a list\nc: &x [1, 2] # note\n";
        let loaded = load(text);
        let doc = &loaded.documents[0];
        let root = doc.root.unwrap();
        assert_eq!(
            &text[doc.node(doc.get(root, "a").unwrap()).span.clone()],
            "{b: 1}"
        );
        assert_eq!(
            &text[doc.node(doc.get(root, "c").unwrap()).span.clone()],
            "&x [1, 2]"
        );
    }

    #[test]
    fn quoted_scalars_end_at_their_closing_quote() {
        let text = "a: 'it''s'  # a 'comment'\nb: \"x\\\"y\" # c\n";
        let loaded = load(text);
        let doc = &loaded.documents[0];
        let root = doc.root.unwrap();
        assert_eq!(
            &text[doc.node(doc.get(root, "a").unwrap()).span.clone()],
            "'it''s'"
        );
        assert_eq!(
            &text[doc.node(doc.get(root, "b").unwrap()).span.clone()],
            "\"x\\\"y\""
        );
        assert_eq!(&text[doc.label_span(root, text)], "a: 'it''s'");
    }

    #[test]
    fn block_scalars_do_not_span_trailing_blank_lines() {
        let text = "a: |\n  yes\n\n\nb: x\n";
        let loaded = load(text);
        let doc = &loaded.documents[0];
        let a = doc.get(doc.root.unwrap(), "a").unwrap();
        assert_eq!(&text[doc.node(a).span.clone()], "yes");
    }

    #[test]
    fn an_alias_repeating_a_key_is_a_duplicate_at_the_alias() {
        let text = "m:\n  &k a: 1\n  *k : 2\n";
        let loaded = load(text);
        match &loaded.problems[..] {
            [
                LoadProblem::DuplicateKey {
                    repeat, key, path, ..
                },
            ] => {
                assert_eq!(&text[repeat.clone()], "*k");
                assert_eq!((key.as_str(), path.as_str()), ("a", "m.a"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
