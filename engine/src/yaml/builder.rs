//! The builder: saphyr-parser events into the node arena of [`super::Document`].
//!
//! This is where the loader's traps are handled, once: saphyr reports character indices
//! ([`CharOffsets`] turns them into bytes), block collections' end events point at the next
//! token (a container ends at its last child), quoted scalars' spans run on over comments, and
//! every repeated key in a mapping is reported with its first occurrence while loading goes on.
//! Limits are checked as nodes arrive, so a hostile file stops early instead of growing.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, ScalarStyle, Span as EventSpan};

use super::{
    Document, Limits, LoadProblem, Loaded, Node, NodeId, NodeKind, Scalar, Slot, Style, path_in,
};

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

/// The state of one file's load: the document being built and what is done.
pub(super) struct Builder<'t, 'l> {
    text: &'t str,
    offset: usize,
    chars: CharOffsets,
    limits: &'l Limits,
    /// Completed documents and problems so far.
    pub(super) loaded: Loaded,
    doc: Option<DocBuilder>,
    nodes_in_file: usize,
    /// What aliases have copied so far (see [`Event::Alias`]).
    alias_bytes: usize,
}

const BIG_MAP: usize = 16;

impl<'t, 'l> Builder<'t, 'l> {
    /// A builder for `text`, whose spans start at `offset`.
    pub(super) fn new(text: &'t str, offset: usize, limits: &'l Limits) -> Self {
        Builder {
            text,
            offset,
            chars: CharOffsets::new(text),
            limits,
            loaded: Loaded::default(),
            doc: None,
            nodes_in_file: 0,
            alias_bytes: 0,
        }
    }

    /// The byte offset in the file of a saphyr character index.
    pub(super) fn byte(&self, char_index: usize) -> usize {
        self.chars.byte(char_index) + self.offset
    }

    fn span(&self, span: &EventSpan) -> Range<usize> {
        let start = self.byte(span.start.index());
        let end = self.byte(span.end.index()).max(start);
        start..end
    }

    /// Adds one event to the arena; an `Err` ends the load.
    pub(super) fn event(&mut self, event: Event<'_>, span: EventSpan) -> Result<(), LoadProblem> {
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
                if doc.stack.iter().any(|frame| frame.node == target) {
                    return Err(LoadProblem::stop(
                        range,
                        "this alias is inside the value its anchor names, so the value would contain itself".into(),
                        "alias inside its own anchor",
                    ));
                }
                // The alias gets a node of its own, at the `*name`, so that a finding on the
                // value seen from here points here. It copies the anchored value one level
                // deep only (a collection's children stay shared), and the copies are counted
                // against the file size, so aliases can never blow a file up.
                let kind = doc.nodes[target as usize].kind.clone();
                self.alias_bytes += match &kind {
                    NodeKind::Scalar(s) => s.text.len(),
                    NodeKind::List(items) => items.len() * size_of::<NodeId>(),
                    NodeKind::Map(entries) => entries.len() * size_of::<(NodeId, NodeId)>(),
                };
                if self.alias_bytes > self.limits.max_file_bytes {
                    return Err(LoadProblem::stop(
                        range,
                        format!(
                            "aliases repeat more than {} bytes of values; reglint stops reading this file here",
                            self.limits.max_file_bytes
                        ),
                        "too many aliases",
                    ));
                }
                let id = self.push(kind, range.clone())?;
                self.attach(id, range)
            }
            Event::Scalar(value, style, anchor, tag) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                    ScalarStyle::Literal | ScalarStyle::Folded => Style::Block,
                };
                let tagged_str = tag.is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
                let mut text = if range.is_empty() && style == Style::Plain {
                    String::new()
                } else {
                    Cow::into_owned(value)
                };
                let long = text.len();
                if long > self.limits.max_scalar_bytes {
                    text.truncate(floor_char_boundary(&text, kept_of_long(self.limits)));
                }
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
                self.attach(id, span.clone())?;
                if long > self.limits.max_scalar_bytes {
                    self.long_value(id, span, long);
                }
                Ok(())
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let range = self.block_sequence_at_end(range, is_map);
                let depth = self.doc_mut(&range)?.stack.len();
                if depth >= self.limits.max_depth {
                    return Err(LoadProblem::stop(
                        range.start..range.start,
                        format!(
                            "nesting deeper than {} levels; reglint stops reading this file here",
                            self.limits.max_depth
                        ),
                        "too deep",
                    ));
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

    /// A block sequence whose first `-` is the file's last token starts, for saphyr, at the
    /// end of the file; it starts at its `-`.
    fn block_sequence_at_end(&self, range: Range<usize>, is_map: bool) -> Range<usize> {
        let end = self.offset + self.text.len();
        if is_map || range.start < end {
            return range;
        }
        let before = self.text.trim_end_matches([' ', '\t']);
        match before.strip_suffix('-') {
            Some(rest) => rest.len() + self.offset..end,
            None => range,
        }
    }

    /// Reports a value cut short for being longer than a script string may be.
    fn long_value(&mut self, id: NodeId, span: Range<usize>, bytes: usize) {
        let Some(doc) = self.doc.as_ref() else {
            return;
        };
        let path = path_in(&doc.nodes, id);
        let kept = match &doc.nodes[id as usize].kind {
            NodeKind::Scalar(s) => s.text.len(),
            _ => 0,
        };
        self.loaded.problems.push(LoadProblem::LongValue {
            span,
            bytes,
            limit: self.limits.max_scalar_bytes,
            kept,
            path,
        });
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
            return Err(LoadProblem::stop(
                span.start..span.start,
                format!(
                    "more than {} nodes in one file; reglint stops reading this file here",
                    self.limits.max_nodes
                ),
                "too many nodes",
            ));
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

/// How much of an over-long value is kept: a short prefix, so that a rule quoting it in a
/// message stays far below the script string limit.
fn kept_of_long(limits: &Limits) -> usize {
    (limits.max_scalar_bytes / 2).min(1024)
}

/// The largest char boundary of `text` at or before `at`.
pub(super) fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn syntax(span: Range<usize>, message: String) -> LoadProblem {
    LoadProblem::stop(span, message, "here")
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn load(text: &str) -> Loaded {
        parse(text, 0, &Limits::default())
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
    fn aliases_copy_one_level_so_a_bomb_stays_small() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..30 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let loaded = load(&text);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        // One node per key, value, list item and alias written: 30 keys, 30 lists, 300 items.
        assert_eq!(loaded.documents[0].nodes.len(), 1 + 30 + 30 + 300);
    }

    #[test]
    fn an_alias_is_a_node_at_its_use_that_reads_as_its_anchor() {
        let text = "a: &v external\nlist: &l [x]\nb: *v\nc: *l\n";
        let loaded = load(text);
        let doc = &loaded.documents[0];
        let root = doc.root.unwrap();
        let (a, b) = (doc.get(root, "a").unwrap(), doc.get(root, "b").unwrap());
        assert_eq!(doc.string(b), Some("external"));
        assert_eq!(&text[doc.node(b).span.clone()], "*v");
        assert_eq!((doc.path(a), doc.path(b)), ("a".into(), "b".into()));
        let c = doc.get(root, "c").unwrap();
        assert_eq!(&text[doc.label_span(c, text)], "*l");
        assert_eq!(
            doc.node(c).kind,
            doc.node(doc.get(root, "list").unwrap()).kind
        );
    }

    #[test]
    fn an_alias_inside_its_own_anchor_stops_the_load_at_the_alias() {
        for (text, alias) in [("a: &x [1, *x]\n", "*x"), ("b: &y\n  k: *y\n", "*y")] {
            let loaded = load(text);
            match &loaded.problems[..] {
                [LoadProblem::Syntax { span, label, .. }] => {
                    assert_eq!(
                        (&text[span.clone()], *label),
                        (alias, "alias inside its own anchor")
                    );
                }
                other => panic!("{text:?}: unexpected {other:?}"),
            }
        }
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

    #[test]
    fn a_value_longer_than_the_limit_is_reported_and_cut_on_a_char_boundary() {
        let limits = Limits {
            max_scalar_bytes: 8,
            ..Limits::default()
        };
        let text = "a: ééééé\nb: ok\n";
        let loaded = parse(text, 0, &limits);
        let doc = &loaded.documents[0];
        let a = doc.get(doc.root.unwrap(), "a").unwrap();
        assert_eq!(doc.scalar_text(a), Some("éé"));
        assert_eq!(
            doc.string(doc.get(doc.root.unwrap(), "b").unwrap()),
            Some("ok")
        );
        match &loaded.problems[..] {
            [
                LoadProblem::LongValue {
                    span,
                    bytes: 10,
                    limit: 8,
                    kept: 4,
                    path,
                },
            ] => {
                assert_eq!((&text[span.clone()], path.as_str()), ("ééééé", "a"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_block_sequence_at_the_end_of_the_file_starts_at_its_dash() {
        for (text, dash) in [(":\n-", 2), ("a:\n- ", 3), ("? #c\n-  \t", 5)] {
            let loaded = load(text);
            let doc = &loaded.documents[0];
            let list = doc
                .nodes
                .iter()
                .position(|n| matches!(n.kind, NodeKind::List(_)))
                .unwrap();
            assert_eq!(doc.nodes[list].span.start, dash, "{text:?}");
            let label = doc.label_span(list as NodeId, text);
            assert_eq!(&text[label], "-", "{text:?}");
        }
    }

    /// Every span the loader makes, and every label drawn from one, is inside the text and on
    /// character boundaries, whatever the text (pseudo-random snippets of YAML syntax).
    #[test]
    fn spans_stay_in_the_text_and_on_char_boundaries() {
        let atoms = [
            "a:", " ", "\n", "- ", "-", "é", "b", "[", "]", "{", "}", ",", "? ", "&x ", "*x", "#c",
            "\"", "'", "|", ">", "  ", ":", "\t", "---", "\u{feff}",
        ];
        let mut seed: u64 = 12345;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..1 + seed % 9 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(atoms[((seed >> 33) % atoms.len() as u64) as usize]);
            }
            let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
            let loaded = parse(&text[bom..], bom, &Limits::default());
            let mut spans = Vec::new();
            for doc in &loaded.documents {
                for (id, node) in doc.nodes.iter().enumerate() {
                    spans.push(node.span.clone());
                    spans.push(doc.label_span(id as NodeId, &text));
                }
            }
            for problem in &loaded.problems {
                if let LoadProblem::Syntax { span, .. } = problem {
                    spans.push(span.clone());
                }
            }
            for span in spans {
                assert!(
                    span.start <= span.end && text.get(span.clone()).is_some(),
                    "{text:?}: {span:?}"
                );
            }
        }
    }

    #[test]
    fn aliases_copying_more_than_the_file_limit_stop_the_load() {
        let limits = Limits {
            max_file_bytes: 20,
            ..Limits::default()
        };
        let text = "a: &a xxxxxxxx\nb: *a\nc: *a\nd: *a\n";
        let loaded = parse(text, 0, &limits);
        match &loaded.problems[..] {
            [LoadProblem::Syntax { span, label, .. }] => {
                assert_eq!(
                    (span.start, *label),
                    (text.rfind('*').unwrap(), "too many aliases")
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
