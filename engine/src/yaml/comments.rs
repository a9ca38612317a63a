//! The comments of a file, found once.
//!
//! saphyr-parser emits no events for comments, so they are found in the source text: a `#`
//! starts a comment only at the start of a line or after whitespace (YAML 1.2, 6.6), and never
//! inside a scalar. The loader records the span of every scalar (a quoted one through its
//! closing quote, a block scalar over its content lines), so a `#` within those spans is text,
//! whatever the line looks like. Text the loader never reached (after a syntax error) has no
//! spans; there the scan is conservative: a `#` counts only outside quotes opened on its own
//! line, so a comment may be missed there but text is never taken for one.

use std::ops::Range;

use super::{Document, NodeKind};

/// One comment of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// From the `#` to the end of the line, without the line break.
    pub span: Range<usize>,
    /// The byte after the `#`.
    pub text_start: usize,
    /// 0-based line index.
    pub line: usize,
    /// Whether code precedes the comment on its line.
    pub is_trailing: bool,
}

/// The byte spans of every scalar node in the documents of a file, sorted by start.
pub fn scalar_spans<'a>(docs: impl IntoIterator<Item = &'a Document>) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = docs
        .into_iter()
        .flat_map(|doc| &doc.nodes)
        .filter(|node| matches!(node.kind, NodeKind::Scalar(_)))
        .map(|node| node.span.clone())
        .collect();
    spans.sort_by_key(|s| (s.start, s.end));
    spans
}

/// Every comment of a file, in order. `scalars` are the byte spans of every scalar node in the
/// file's documents ([`scalar_spans`]), in the coordinates of `text` (the whole file, a BOM
/// included). Past the end of the last scalar (a syntax error stops the loader) the
/// conservative line scan applies.
pub fn scan(text: &str, scalars: &[Range<usize>]) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let tail = scalars.iter().map(|s| s.end).max().unwrap_or(0);
    let mut comments = Vec::new();
    let mut next_scalar = 0;
    let mut line = 0;
    let mut line_start = 0;
    loop {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(bytes.len(), |i| line_start + i);
        if let Some(at) =
            comment_on_line(text, line_start..line_end, scalars, &mut next_scalar, tail)
        {
            comments.push(comment_at(text, line_start..line_end, at, line));
        }
        if line_end >= bytes.len() {
            break;
        }
        line += 1;
        line_start = line_end + 1;
    }
    comments
}

/// The comments on the lines holding `needle`, in order: what a caller looking for one kind
/// of comment (`reglint:` directives) reads, without walking every line of the file. Same
/// rules as [`scan`].
pub fn scan_lines_with(text: &str, scalars: &[Range<usize>], needle: &str) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let tail = scalars.iter().map(|s| s.end).max().unwrap_or(0);
    let mut comments: Vec<Comment> = Vec::new();
    let mut line = 0;
    let mut counted_to = 0;
    for (found, _) in text.match_indices(needle) {
        let line_start = text[..found].rfind('\n').map_or(0, |i| i + 1);
        if comments.last().is_some_and(|c| c.span.start >= line_start) {
            continue;
        }
        line += memchr::memchr_iter(b'\n', &bytes[counted_to..line_start]).count();
        counted_to = line_start;
        let line_end = text[found..].find('\n').map_or(bytes.len(), |i| found + i);
        let mut next_scalar = scalars.partition_point(|s| s.end <= line_start);
        if let Some(at) =
            comment_on_line(text, line_start..line_end, scalars, &mut next_scalar, tail)
        {
            comments.push(comment_at(text, line_start..line_end, at, line));
        }
    }
    comments
}

/// The comment starting at `at` on a line (0-based `line`).
fn comment_at(text: &str, line_range: Range<usize>, at: usize, line: usize) -> Comment {
    let content = text[..line_range.end]
        .strip_suffix('\r')
        .map_or(line_range.end, str::len);
    let before = text[line_range.start..at].trim_start_matches('\u{feff}');
    Comment {
        span: at..content.max(at + 1),
        text_start: at + 1,
        line,
        is_trailing: !before.trim().is_empty(),
    }
}

/// Where the comment on this line starts, if it has one.
fn comment_on_line(
    text: &str,
    line: Range<usize>,
    scalars: &[Range<usize>],
    next_scalar: &mut usize,
    tail: usize,
) -> Option<usize> {
    let bytes = text.as_bytes();
    // Quotes are tracked only in the tail, from where the known scalars end.
    let mut quote = None;
    let mut i = line.start;
    while i < line.end {
        let b = bytes[i];
        if i >= tail {
            match (quote, b) {
                // `\x` in double quotes, `''` in single quotes: an escaped character.
                (Some(b'"'), b'\\') => {
                    i += 2;
                    continue;
                }
                (Some(b'\''), b'\'') if bytes.get(i + 1) == Some(&b'\'') => {
                    i += 2;
                    continue;
                }
                (Some(q), b) if b == q => quote = None,
                (None, b'"' | b'\'') if opens_token(text, line.start, i) => quote = Some(b),
                _ => {}
            }
        }
        if b == b'#' && quote.is_none() && starts_comment(text, line.start, i) {
            while scalars.get(*next_scalar).is_some_and(|s| s.end <= i) {
                *next_scalar += 1;
            }
            let in_scalar = scalars
                .get(*next_scalar)
                .is_some_and(|s| s.start <= i && i < s.end);
            if !in_scalar {
                return Some(i);
            }
        }
        i += 1;
    }
    None
}

/// A `#` at the start of a line (after a BOM on the first) or after whitespace.
fn starts_comment(text: &str, line_start: usize, at: usize) -> bool {
    let before = &text[line_start..at];
    before.is_empty() || before == "\u{feff}" || before.ends_with([' ', '\t'])
}

/// Whether a quote at `at` can open a quoted scalar: first on the line or after whitespace or an
/// indicator (an apostrophe inside a word opens nothing).
fn opens_token(text: &str, line_start: usize, at: usize) -> bool {
    let before = &text[line_start..at];
    before.is_empty()
        || before == "\u{feff}"
        || before.ends_with([' ', '\t', '[', '{', ',', ':', '-'])
}

#[cfg(test)]
mod tests {
    #[test]
    fn scanning_the_lines_with_a_needle_finds_what_the_whole_scan_finds() {
        let text = "# reglint: top\na: \"x # reglint: no\"  # reglint: one\nb: c\n  # plain\nd: e # reglint: two\n";
        let loaded = super::super::parse(text, 0, &super::super::Limits::default());
        let spans = super::scalar_spans(&loaded.documents);
        let all: Vec<_> = super::scan(text, &spans)
            .into_iter()
            .filter(|c| text[c.span.clone()].contains("reglint:"))
            .collect();
        assert_eq!(all.len(), 3);
        assert_eq!(super::scan_lines_with(text, &spans, "reglint:"), all);
    }

    use super::*;
    use crate::yaml::{Limits, parse};

    /// (comment text, line, is_trailing) for every comment of a valid file.
    fn comments(text: &str) -> Vec<(&str, usize, bool)> {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let loaded = parse(&text[bom..], bom, &Limits::default());
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let spans = scalar_spans(&loaded.documents);
        scan(text, &spans)
            .into_iter()
            .map(|c| {
                assert_eq!(&text[c.span.start..c.text_start], "#");
                (&text[c.span], c.line, c.is_trailing)
            })
            .collect()
    }

    #[test]
    fn full_line_and_trailing_comments_are_found() {
        let text = "# top\nkind: scope  # why\n  # indented\nowner: CISO\n";
        assert_eq!(
            comments(text),
            [
                ("# top", 0, false),
                ("# why", 1, true),
                ("# indented", 2, false)
            ]
        );
    }

    #[test]
    fn a_hash_in_a_quoted_scalar_is_text() {
        let text = "a: \"x # y\"  # real\nb: 'it''s # z' # also\nc: \"multi\n  line # no\" # yes\n";
        assert_eq!(
            comments(text),
            [("# real", 0, true), ("# also", 1, true), ("# yes", 3, true)]
        );
    }

    #[test]
    fn a_hash_in_a_plain_scalar_is_text() {
        let text = "a: a#b\nb: C# and F#\nc: x # c\nd: # empty\n";
        assert_eq!(comments(text), [("# c", 2, true), ("# empty", 3, true)]);
    }

    #[test]
    fn block_scalar_content_is_never_a_comment() {
        let text = "a: |  # header\n  line\n  # content\n\n    # more\nb: >-\n  # folded\n  x\n# after\nc: 1\n";
        let loaded = parse(text, 0, &Limits::default());
        let doc = &loaded.documents[0];
        let root = doc.root.unwrap_or_default();
        let a = doc.get(root, "a").unwrap_or_default();
        assert_eq!(
            &text[doc.node(a).span.clone()],
            "line\n  # content\n\n    # more"
        );
        let b = doc.get(root, "b").unwrap_or_default();
        assert_eq!(&text[doc.node(b).span.clone()], "# folded\n  x");
        assert_eq!(
            comments(text),
            [("# header", 0, true), ("# after", 8, false)]
        );
    }

    #[test]
    fn comments_after_a_block_scalar_end_it() {
        let none: &[&str] = &[];
        for (text, expected) in [
            ("a: |+\n  x\n\n# c\nb: 1\n", &["# c"][..]),
            ("a:\n  b: |-\n    x\n  # c\nd: 1\n", &["# c"]),
            ("- |\n  x\n# c\n", &["# c"]),
            // At the content's indentation a `#` line is content.
            ("a: >\n  x\n  # c\n", none),
        ] {
            let found: Vec<&str> = comments(text).into_iter().map(|c| c.0).collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn a_comment_after_a_flow_collection_is_found() {
        let text = "a: [a, b] # c\nb: {k: '#', v: \"#\"} # d\nc: [x,\n  y]  # e\n";
        assert_eq!(
            comments(text),
            [("# c", 0, true), ("# d", 1, true), ("# e", 3, true)]
        );
    }

    #[test]
    fn spans_after_a_bom_are_in_file_bytes() {
        let text = "\u{feff}# first\nkind: scope # k\n";
        assert_eq!(comments(text), [("# first", 0, false), ("# k", 1, true)]);
    }

    #[test]
    fn fixture_expectations_are_comments() {
        let text = "parties:\n  - id: IP-1\n    relevant: yes  # expect: wrong-type\n    note: \"# expect: not-this\"\n";
        let found = comments(text);
        assert_eq!(found, [("# expect: wrong-type", 2, true)]);
        let loaded = parse(text, 0, &Limits::default());
        let comment = &scan(text, &scalar_spans(&loaded.documents))[0];
        assert_eq!(
            &text[comment.text_start..comment.span.end],
            " expect: wrong-type"
        );
    }

    #[test]
    fn crlf_line_ends_are_not_part_of_a_comment() {
        let text = "a: 1 # one\r\nb: 2\r\n";
        assert_eq!(comments(text), [("# one", 0, true)]);
    }

    #[test]
    fn text_after_a_syntax_error_is_scanned_conservatively() {
        let text = "a: 1  # kept\n---\nb: [1\nc: \"open # not a comment\nd: it's # yes\ne: 'x' # and this\nf: 'it''s # text' # last\n";
        let loaded = parse(text, 0, &Limits::default());
        assert!(!loaded.problems.is_empty());
        let spans = scalar_spans(&loaded.documents);
        let found: Vec<(&str, usize)> = scan(text, &spans)
            .into_iter()
            .map(|c| (&text[c.span], c.line))
            .collect();
        assert_eq!(
            found,
            [
                ("# kept", 0),
                ("# yes", 4),
                ("# and this", 5),
                ("# last", 6)
            ]
        );
    }

    #[test]
    fn a_file_without_nodes_is_scanned_line_by_line() {
        assert_eq!(
            scan("# only\n  # comments\n", &[])
                .into_iter()
                .map(|c| (c.span, c.line))
                .collect::<Vec<_>>(),
            [(0..6, 0), (9..19, 1)]
        );
        assert_eq!(scan("", &[]), []);
    }
}
