//! Syntax errors in YAML terms: what the parser's complaint means for the line it is about.
//!
//! saphyr reports in its own words ("mapping values are not allowed in this context"), at the
//! place its scanner happened to be, which is often not where the mistake is. This module looks
//! at the text around that place, never re-parsing, and recognises the mistakes people make when
//! editing a register: a tab in the indentation, a key out of line with its siblings, a
//! `key: value` among list items, a quote or bracket left open, a `: ` inside an unquoted value.
//! Each gets a message, the place to fix and a help line; anything else reads "this line is not
//! valid YAML". The parser's words are kept by the caller as a note. Every span it returns is
//! inside the text and on character boundaries.

use std::ops::Range;

use super::builder::floor_char_boundary;

/// A parser error, explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Explained {
    /// What happened, in YAML terms.
    pub message: String,
    /// The place to fix.
    pub span: Range<usize>,
    /// The primary label.
    pub label: &'static str,
    /// Other places: where the parser gave up, when that is elsewhere.
    pub secondary: Vec<(Range<usize>, &'static str)>,
    /// What to do.
    pub help: Option<String>,
}

/// Explains the parser's complaint `parser`, made at byte `at` of `text`.
pub(super) fn explain(text: &str, at: usize, parser: &str) -> Explained {
    let at = floor_char_boundary(text, at);
    tab(text, at, parser)
        .or_else(|| unclosed_quote(text, at, parser))
        .or_else(|| unclosed_flow(text, at, parser))
        .or_else(|| colon_in_value(text, at, parser))
        .or_else(|| key_out_of_line(text, at, parser))
        .unwrap_or_else(|| Explained {
            message: "this line is not valid YAML".into(),
            span: at..at,
            label: "the parser stopped here",
            secondary: Vec::new(),
            help: None,
        })
}

/// One line of the text, without its line break.
#[derive(Debug, Clone, Copy)]
struct Line<'t> {
    /// Byte offset of its first character.
    start: usize,
    text: &'t str,
}

impl<'t> Line<'t> {
    /// The line holding byte `at`.
    fn at(text: &'t str, at: usize) -> Line<'t> {
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        Line {
            start,
            text: text[start..end].trim_end_matches('\r'),
        }
    }

    /// Its 1-based number (counted when a message needs it: walking up a long file stays linear).
    fn number(&self, text: &str) -> usize {
        text[..self.start].matches('\n').count() + 1
    }

    /// The line after this one.
    fn next(&self, text: &'t str) -> Option<Line<'t>> {
        let end = self.start + text[self.start..].find('\n')?;
        Some(Line::at(text, end + 1))
    }

    /// The line before this one.
    fn previous(&self, text: &'t str) -> Option<Line<'t>> {
        (self.start > 0).then(|| Line::at(text, self.start - 1))
    }

    /// Spaces before the first character.
    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches(' ').len()
    }

    /// Whether the line holds anything but blanks and a comment.
    fn has_content(&self) -> bool {
        let t = self.text.trim();
        !t.is_empty() && !t.starts_with('#')
    }

    /// Whether the line is a list item (`- ...`).
    fn is_item(&self) -> bool {
        let t = self.text.trim_start_matches(' ');
        t == "-" || t.starts_with("- ")
    }

    /// The `key:` the line holds, after its indentation and any `- ` markers.
    fn key(&self) -> Option<Key<'t>> {
        let bytes = self.text.as_bytes();
        let mut column = self.indent();
        while bytes.get(column) == Some(&b'-') && matches!(bytes.get(column + 1), Some(b' ') | None)
        {
            column += 1;
            while bytes.get(column) == Some(&b' ') {
                column += 1;
            }
        }
        let rest = &self.text[column..];
        if rest.starts_with(['"', '\'', '[', '{', '#', '&', '*', '!', '|', '>']) {
            return None;
        }
        let colon = mapping_colon(rest, 0)?;
        let name = rest[..colon].trim_end();
        if name.is_empty() || name.contains(" #") {
            return None;
        }
        let value = uncommented(&rest[colon + 1..]).trim();
        Some(Key {
            column,
            name,
            colon: column + colon,
            value,
        })
    }

    /// Byte offset in the text of a byte index in the line.
    fn offset(&self, index: usize) -> usize {
        self.start + index
    }
}

/// A `key:` on a line.
#[derive(Debug, Clone, Copy)]
struct Key<'t> {
    /// Where the key starts in its line (bytes; the indentation is spaces, so also columns).
    column: usize,
    name: &'t str,
    /// Where its `:` is in the line.
    colon: usize,
    /// What follows the `:`, without a comment.
    value: &'t str,
}

/// The first `:` at or after `from` that YAML reads as a mapping indicator: followed by a
/// blank or the end of the line.
fn mapping_colon(line: &str, from: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    (from..bytes.len())
        .find(|&i| bytes[i] == b':' && matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')))
}

/// A line's text without a trailing comment.
fn uncommented(text: &str) -> &str {
    match text.find(" #") {
        Some(i) => &text[..i],
        None if text.trim_start().starts_with('#') => "",
        None => text,
    }
}

/// The quoted form of a plain value: double quotes, or single ones if it holds a `"`.
fn quoted(value: &str) -> String {
    if value.contains('"') {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        format!("\"{value}\"")
    }
}

fn spaces(n: usize) -> String {
    match n {
        0 => "no indentation".into(),
        1 => "1 space".into(),
        n => format!("{n} spaces"),
    }
}

/// A tab in a line's indentation (saphyr reports some on the line before).
fn tab(text: &str, at: usize, parser: &str) -> Option<Explained> {
    if !parser.contains("tab") {
        return None;
    }
    let mut line = Some(Line::at(text, at));
    for _ in 0..3 {
        let current = line?;
        let blank = current.text.len() - current.text.trim_start_matches([' ', '\t']).len();
        if let Some(i) = current.text[..blank].find('\t') {
            let tab = current.offset(i);
            return Some(Explained {
                message: "this line is indented with a tab".into(),
                span: tab..tab + 1,
                label: "tab",
                secondary: Vec::new(),
                help: Some("indent with spaces: YAML does not allow tabs in indentation".into()),
            });
        }
        line = current.next(text);
    }
    let tab = at + text[at..].find('\t')?;
    Some(Explained {
        message: "a tab where YAML does not allow one".into(),
        span: tab..tab + 1,
        label: "tab",
        secondary: Vec::new(),
        help: Some("replace the tab with spaces".into()),
    })
}

/// A quoted string still open where the parser gave up.
fn unclosed_quote(text: &str, at: usize, parser: &str) -> Option<Explained> {
    let end_of_file = parser.contains("quoted scalar") && parser.contains("end of stream");
    let indentation = parser.contains("invalid indentation in quoted scalar");
    if !end_of_file && !indentation {
        return None;
    }
    let open = if text[at..].starts_with(['"', '\'']) {
        at
    } else {
        text[..at].rfind(['"', '\''])?
    };
    let quote = &text[open..open + 1];
    let line = Line::at(text, open);
    let gave_up = if end_of_file {
        Some((text.len()..text.len(), "the file ends inside the string"))
    } else {
        let mut next = line.next(text);
        while let Some(l) = next {
            if l.has_content() && l.indent() <= line.indent() {
                break;
            }
            next = l.next(text);
        }
        next.map(|l| {
            (
                one_char(text, l.offset(l.indent())),
                "this line is not indented under the string's key",
            )
        })
    };
    Some(Explained {
        message: format!("the string opened with `{quote}` here is not closed on its line"),
        span: open..open + 1,
        label: "this quote is not closed",
        secondary: gave_up.into_iter().collect(),
        help: Some(format!(
            "end the string with `{quote}` on the same line; a quoted string that runs on over several lines needs those lines indented under its key"
        )),
    })
}

/// The character starting at byte `at` (empty at the end of the text), whatever its width.
fn one_char(text: &str, at: usize) -> Range<usize> {
    at..at + text[at..].chars().next().map_or(0, char::len_utf8)
}

/// A `[` or `{` still open where the parser gave up, on a line before it (or at the end).
fn unclosed_flow(text: &str, at: usize, parser: &str) -> Option<Explained> {
    let in_flow = ["flow", "placement of ':'", "node content"];
    if !in_flow.iter().any(|words| parser.contains(words)) {
        return None;
    }
    let open = open_flow(&text[..at])?;
    let on_error_line = Line::at(text, at).start <= open;
    if on_error_line && at < text.trim_end().len() {
        return None;
    }
    let (noun, close, example) = match text.as_bytes()[open] {
        b'[' => ("list", ']', "its last item, e.g. `[A.5.1, A.8.24]`"),
        _ => ("mapping", '}', "its last entry, e.g. `{id: A, title: B}`"),
    };
    let opener = &text[open..open + 1];
    Some(Explained {
        message: format!("the {noun} opened with `{opener}` here is not closed"),
        span: open..open + 1,
        label: if noun == "list" {
            "this `[` has no matching `]`"
        } else {
            "this `{` has no matching `}`"
        },
        secondary: vec![(at..at, "the parser gave up here")],
        help: Some(format!("close the {noun} with `{close}` after {example}")),
    })
}

/// The innermost `[` or `{` left open at the end of `text`, read as YAML flow syntax: brackets
/// count inside flow collections and where a value starts, not in quotes, comments or the middle
/// of plain text.
fn open_flow(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut stack: Vec<usize> = Vec::new();
    // The last non-blank byte on the current line (`None` at the start of a line).
    let mut last: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let starts_value = match last {
            None => true,
            Some(b':' | b'-' | b'?') => i > 0 && bytes[i - 1] == b' ',
            Some(b'[' | b'{' | b',') => !stack.is_empty(),
            _ => false,
        };
        match b {
            b'\n' => {
                last = None;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n') => {
                i += text[i..].find('\n').unwrap_or(text.len() - i);
                continue;
            }
            b'"' | b'\'' if starts_value => {
                i = skip_quoted(bytes, i);
                last = Some(b);
                continue;
            }
            b'[' | b'{' if starts_value || !stack.is_empty() => stack.push(i),
            b']' | b'}' if !stack.is_empty() => {
                stack.pop();
            }
            _ => {}
        }
        last = Some(b);
        i += 1;
    }
    stack.last().copied()
}

/// The index just past the quoted scalar opening at `open` (or the end of the bytes).
fn skip_quoted(bytes: &[u8], open: usize) -> usize {
    let quote = bytes[open];
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// A `: ` inside an unquoted value: `description: Note: this`.
fn colon_in_value(text: &str, at: usize, parser: &str) -> Option<Explained> {
    if !parser.contains("mapping values are not allowed") || text.as_bytes().get(at) != Some(&b':')
    {
        return None;
    }
    let line = Line::at(text, at);
    let key = line.key()?;
    if line.offset(key.colon) >= at {
        return None;
    }
    let prefix = &line.text[line.indent()..key.column];
    Some(Explained {
        message: format!(
            "the value of `{}` holds `: ` but is not quoted, so YAML reads it as another key",
            key.name
        ),
        span: at..at + 1,
        label: "`: ` inside an unquoted value",
        secondary: Vec::new(),
        help: Some(format!(
            "put the value in quotes: `{prefix}{}: {}`",
            key.name,
            quoted(key.value)
        )),
    })
}

/// A key indented differently from its siblings, or a `key: value` among list items.
fn key_out_of_line(text: &str, at: usize, parser: &str) -> Option<Explained> {
    let deeper = parser.contains("mapping values are not allowed");
    let shallower = parser.contains("did not find expected '-' indicator")
        || parser.contains("did not find expected key");
    if !deeper && !shallower {
        return None;
    }
    let line = Line::at(text, at);
    let key = line.key()?;
    let span = line.offset(key.column)..line.offset(key.column + key.name.len());
    let above =
        std::iter::successors(line.previous(text), |l| l.previous(text)).filter(Line::has_content);
    if deeper {
        let previous = above.clone().next()?;
        if previous.indent() >= line.indent()
            && previous.key().is_none_or(|k| k.column >= key.column)
        {
            return None;
        }
        let (message, help) = match previous.key() {
            Some(sibling) => (
                format!(
                    "key `{}` is indented more than `{}` on line {}",
                    key.name,
                    sibling.name,
                    previous.number(text)
                ),
                format!(
                    "indent `{}` like `{}` ({}) if it is a key of the same mapping{}",
                    key.name,
                    sibling.name,
                    spaces(sibling.column),
                    if sibling.value.is_empty() {
                        ""
                    } else {
                        "; if the line continues the value above, put that whole value in quotes"
                    }
                ),
            ),
            None => (
                format!("key `{}` is indented more than the line above", key.name),
                format!(
                    "line `{}` up with the keys of its mapping; YAML reads a deeper line as part of the value above",
                    key.name
                ),
            ),
        };
        return Some(Explained {
            message,
            span,
            label: "indented more than the line above",
            secondary: Vec::new(),
            help: Some(help),
        });
    }
    // A key at the column of the `-` of the list items above: not an item, not in one.
    let item = above
        .clone()
        .take_while(|l| l.indent() >= line.indent())
        .find(|l| l.indent() == line.indent() && l.is_item());
    if let Some(item) = item {
        let written = uncommented(&line.text[key.column..]).trim_end();
        let help = match item.key() {
            Some(field) => format!(
                "indent `{}` like `{}` ({}) if it belongs to the item on line {}, or start the line with `- ` if it is a new item",
                key.name,
                field.name,
                spaces(field.column),
                item.number(text)
            ),
            None => format!(
                "start the line with `- ` if it is another item, quoted if the `:` is part of the text: `- {}`",
                quoted(written)
            ),
        };
        return Some(Explained {
            message: format!(
                "`{written}` is a `key: value` among list items, but not a list item itself"
            ),
            span,
            label: "not a list item",
            secondary: vec![(
                item.offset(item.indent())..item.offset(item.indent() + 1),
                "the list's items start with `-` here",
            )],
            help: Some(help),
        });
    }
    // The nearest of the least indented keys between this line and its parent.
    let sibling = above
        .take_while(|l| l.indent() >= line.indent())
        .filter_map(|l| l.key().map(|k| (l, k)))
        .filter(|(_, k)| k.column > key.column)
        .min_by_key(|(_, k)| k.column)?;
    let (sibling_line, sibling) = sibling;
    let number = sibling_line.number(text);
    Some(Explained {
        message: format!(
            "key `{}` is indented less than `{}` on line {number}",
            key.name, sibling.name
        ),
        span,
        label: "indented less than the keys above",
        secondary: Vec::new(),
        help: Some(format!(
            "indent `{}` like `{}` ({}) if it belongs to the same mapping, or like a key of the mapping around it",
            key.name,
            sibling.name,
            spaces(sibling.column)
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::super::{Limits, LoadProblem, parse};
    use super::*;

    /// The explained problem of a text: (primary text, message, help).
    fn problem(text: &str) -> (String, String, String) {
        let loaded = parse(text, 0, &Limits::default());
        match &loaded.problems[..] {
            [
                LoadProblem::Syntax {
                    span,
                    message,
                    parser: Some(parser),
                    ..
                },
            ] => (
                text[span.clone()].to_owned(),
                message.clone(),
                parser.help.clone().unwrap_or_default(),
            ),
            other => panic!("{text:?}: unexpected {other:?}"),
        }
    }

    #[test]
    fn a_tab_is_found_on_the_line_after_the_one_the_parser_names() {
        let text = "a:\n  b: é\n\tc: d\n";
        let (at, message, _) = problem(text);
        assert_eq!(
            (at.as_str(), message.as_str()),
            ("\t", "this line is indented with a tab")
        );
    }

    #[test]
    fn a_colon_right_after_multibyte_text_is_quoted_in_the_help() {
        let (at, message, help) = problem("note: déjà: vu\n");
        assert_eq!(at, ":");
        assert_eq!(
            message,
            "the value of `note` holds `: ` but is not quoted, so YAML reads it as another key"
        );
        assert_eq!(help, "put the value in quotes: `note: \"déjà: vu\"`");
    }

    #[test]
    fn an_open_quote_or_bracket_is_blamed_where_it_opens() {
        assert_eq!(problem("a: 'é\nb: c\n").0, "'");
        assert_eq!(problem("a: [é, [b]\nc: d\n").0, "[");
        assert_eq!(problem("a:\n  - {x: é\n  - y\n").0, "{");
    }

    #[test]
    fn brackets_in_quotes_comments_and_plain_text_do_not_count() {
        assert_eq!(
            open_flow("a: \"[\" # [\nb: x[1\nc: [d, {e: f}, g"),
            Some(21)
        );
        assert_eq!(open_flow("a: '[''' \nb: [c]\n"), None);
    }

    #[test]
    fn keys_out_of_line_name_their_sibling() {
        let (at, message, help) = problem("a:\n  b: 1\n c: 2\n");
        assert_eq!(
            (at.as_str(), message.as_str()),
            ("c", "key `c` is indented less than `b` on line 2")
        );
        assert!(help.starts_with("indent `c` like `b` (2 spaces)"), "{help}");
        let (at, message, _) = problem("a:\n  - b\n  c: d\n");
        assert_eq!(
            (at.as_str(), message.as_str()),
            (
                "c",
                "`c: d` is a `key: value` among list items, but not a list item itself"
            )
        );
    }

    #[test]
    fn anything_else_is_a_plain_message_at_the_parser_position() {
        let (at, message, help) = problem("a: [b, c: d: e]\n");
        assert_eq!(
            (at.as_str(), message.as_str(), help.as_str()),
            ("", "this line is not valid YAML", "")
        );
    }

    /// Whatever the parser says and wherever it says it, every span is inside the text and on
    /// character boundaries.
    #[test]
    fn the_line_after_an_open_string_is_marked_whole_when_it_starts_with_a_wide_character() {
        // Found by the `load` fuzz target: the mark was one byte into `♥`.
        let text = "cano: \"\\\n\u{2665}\u{4}";
        let explained = explain(text, text.len(), "invalid indentation in quoted scalar");
        assert_eq!(explained.span, 6..7);
        let (span, _) = &explained.secondary[0];
        assert_eq!(&text[span.clone()], "\u{2665}");
    }

    #[test]
    fn spans_stay_in_the_text_for_any_position_and_message() {
        let texts = [
            "a: 'é\n\té: [ü, {\"ö\n",
            "é:\n  - ü: ö: ä\n \tx\n- '",
            "",
            "\n\n",
            "[{\"'",
        ];
        let messages = [
            "found a tab",
            "while scanning a quoted scalar, found unexpected end of stream",
            "invalid indentation in quoted scalar",
            "while parsing a flow sequence, expected ',' or ']'",
            "mapping values are not allowed in this context",
            "while parsing a block collection, did not find expected '-' indicator",
            "did not find expected key",
            "something else",
        ];
        for text in texts {
            for at in 0..=text.len() + 1 {
                for parser in messages {
                    let e = explain(text, at, parser);
                    let spans = std::iter::once(e.span).chain(e.secondary.into_iter().map(|s| s.0));
                    for span in spans {
                        assert!(
                            text.get(span.clone()).is_some(),
                            "{text:?} {at} {parser}: {span:?}"
                        );
                    }
                }
            }
        }
    }
}
