//! The one comment scan of a file: suppressions, `# expect:` and labels all read it.
//!
//! Comments are not events in saphyr-parser, so they are found in the source text outside
//! the scalar spans the loader records: a `#` inside a quoted or plain scalar (or a block
//! scalar's lines) is never a comment. As YAML says, a `#` starts a comment only at the start
//! of a line or after whitespace.

use std::ops::Range;

/// One comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// From `#` to the end of the line (without the newline).
    pub span: Range<usize>,
    /// The byte after `#`.
    pub text_start: usize,
    /// 0-based line index.
    pub line: usize,
    /// Whether code precedes it on its line.
    pub is_trailing: bool,
}

/// Every comment of a file, in order. `scalars` are the byte spans of every scalar node of
/// the file's documents, sorted by start.
pub fn scan(text: &str, scalars: &[Range<usize>]) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let mut comments = Vec::new();
    let mut next_scalar = 0;
    let mut line_start = 0;
    for (line, raw) in text.split_inclusive('\n').enumerate() {
        let line_end = line_start + raw.trim_end_matches(['\n', '\r']).len();
        let mut at = line_start;
        while at < line_end {
            while next_scalar < scalars.len() && scalars[next_scalar].end <= at {
                next_scalar += 1;
            }
            if let Some(span) = scalars.get(next_scalar) {
                if span.start <= at && at < span.end {
                    at = span.end;
                    continue;
                }
            }
            let follows_space = at == line_start || matches!(bytes[at - 1], b' ' | b'\t');
            if bytes[at] == b'#' && follows_space {
                let before = text[line_start..at].trim_start_matches('\u{feff}').trim();
                comments.push(Comment {
                    span: at..line_end,
                    text_start: at + 1,
                    line,
                    is_trailing: !before.is_empty(),
                });
                break;
            }
            at += 1;
        }
        line_start += raw.len();
    }
    comments
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, NodeKind, parse};

    fn comments(text: &str) -> Vec<(usize, String, bool)> {
        let loaded = parse(text, 0, &Limits::default());
        let mut scalars: Vec<Range<usize>> = loaded
            .documents
            .iter()
            .flat_map(|d| d.nodes.iter())
            .filter(|n| matches!(n.kind, NodeKind::Scalar(_)))
            .map(|n| n.span.clone())
            .collect();
        scalars.sort_by_key(|s| s.start);
        scan(text, &scalars)
            .into_iter()
            .map(|c| (c.line, text[c.span].to_owned(), c.is_trailing))
            .collect()
    }

    #[test]
    fn hashes_inside_scalars_are_not_comments() {
        let text = "# top\na: \"x # y\"  # one\nb: 'p # q'\nc: a#b\nd: [a, b] # two\ne: |\n  # not a comment\n  text\nf: 1 # three\n";
        assert_eq!(
            comments(text),
            [
                (0, "# top".to_owned(), false),
                (1, "# one".to_owned(), true),
                (4, "# two".to_owned(), true),
                (8, "# three".to_owned(), true),
            ]
        );
    }

    #[test]
    fn expectation_lines_are_trailing_comments() {
        let text = "parties:\n  - id: IP-1  # expect: party-no-requirements\n";
        assert_eq!(
            comments(text),
            [(1, "# expect: party-no-requirements".to_owned(), true)]
        );
    }
}
