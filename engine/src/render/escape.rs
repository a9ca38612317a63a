//! Terminal-safe text: what a register or a file name says, shown without being obeyed.
//!
//! Register values and file names reach the `human` and `short` output inside messages,
//! labels, help, notes, file names and source snippets. Printed raw, a control character or
//! an ANSI escape (`ESC ] 0 ;` retitles the terminal, `ESC [ 2 J` clears it), a bare carriage
//! return, or a bidirectional override (U+202A–U+202E, U+2066–U+2069) lets a register rewrite
//! what the reader sees, down to a fake "0 errors". Here every such character is written as
//! a visible escape (`\u{1b}`, `\u{202e}`), so the output shows what the file holds.
//! Line breaks and tabs are kept in source text, where they are layout; in one-line text
//! (names, messages) a line break is escaped too, so it cannot forge a line of output.
//! JSON gets the same care in its own syntax ([`SafeJson`]): `\uXXXX`, so a reader decodes
//! exactly the text the register holds.

use std::borrow::Cow;
use std::fmt::Write;
use std::ops::Range;

use crate::source::{SourceFile, SourceMap};

/// Whether a character must not reach a terminal raw (line breaks and tabs aside).
pub(super) fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
        )
}

fn push_escaped(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// One-line text (a file name, a message, a label): every unsafe character, line breaks
/// and tabs included, escaped.
pub fn line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c) || c == '\n' || c == '\t') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) || c == '\n' || c == '\t' {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Source text, escaped, keeping its lines (a `\r` ending a line stays), with the offsets
/// of the original mapped to the escaped text.
struct Escaped {
    text: String,
    /// (offset in the original just after an escaped character, bytes added so far).
    shifts: Vec<(usize, usize)>,
}

impl Escaped {
    fn of(text: &str) -> Option<Escaped> {
        let needs =
            |i: usize, c: char| is_unsafe(c) && !(c == '\r' && text[i + 1..].starts_with('\n'));
        if !text.char_indices().any(|(i, c)| needs(i, c)) {
            return None;
        }
        let mut out = String::with_capacity(text.len() + 16);
        let mut shifts = Vec::new();
        for (i, c) in text.char_indices() {
            if needs(i, c) {
                push_escaped(&mut out, c);
                shifts.push((i + c.len_utf8(), out.len() - (i + c.len_utf8())));
            } else {
                out.push(c);
            }
        }
        Some(Escaped { text: out, shifts })
    }

    fn offset(&self, byte: usize) -> usize {
        let i = self.shifts.partition_point(|(at, _)| *at <= byte);
        byte + i.checked_sub(1).map_or(0, |i| self.shifts[i].1)
    }
}

/// The files of a report as the terminal may see them, with a way to move spans along.
pub(super) struct SafeSources {
    /// Every file, names and texts escaped where needed (same ids).
    pub files: SourceMap,
    shifts: Vec<Option<Escaped>>,
}

impl SafeSources {
    /// Escapes what needs it in the files `used` says a diagnostic shows (the others are only
    /// shared: nothing reads them); a file with nothing to escape is shared, not copied.
    pub fn new(sources: &SourceMap, used: impl Fn(usize) -> bool) -> SafeSources {
        let mut files = SourceMap::default();
        let mut shifts = Vec::with_capacity(sources.len());
        for id in 0..sources.len() {
            let file = sources.get(id);
            if !used(id) {
                files.add(file.clone());
                shifts.push(None);
                continue;
            }
            let escaped = Escaped::of(&file.text);
            let name = line(&file.name);
            let safe = match (&escaped, name) {
                (None, Cow::Borrowed(_)) => file.clone(),
                (escaped, name) => SourceFile::new(
                    name.into_owned().into(),
                    escaped
                        .as_ref()
                        .map_or_else(|| file.text.clone(), |e| e.text.as_str().into()),
                ),
            };
            files.add(safe);
            shifts.push(escaped.map(|mut e| {
                e.text = String::new();
                e
            }));
        }
        SafeSources { files, shifts }
    }

    /// A span of the original file, in the escaped one.
    pub fn span(&self, file: usize, span: &Range<usize>) -> Range<usize> {
        match self.shifts.get(file).and_then(Option::as_ref) {
            Some(e) => e.offset(span.start)..e.offset(span.end),
            None => span.clone(),
        }
    }
}

/// A JSON formatter that also escapes what serde_json leaves raw (it escapes only C0
/// controls): DEL, C1 controls and bidirectional overrides become `\uXXXX`. Every such
/// character is in the Basic Multilingual Plane, so one escape each is valid JSON.
pub(super) struct SafeJson<F>(pub F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for SafeJson<F> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // serde_json escapes the C0 controls itself, so every character left to escape is DEL
        // or lies outside ASCII: text before the first such byte is written as it is.
        let Some(first) = fragment.bytes().position(|b| b >= 0x7f) else {
            return writer.write_all(fragment.as_bytes());
        };
        let mut start = 0;
        for (i, c) in fragment[first..].char_indices() {
            let i = first + i;
            if is_unsafe(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    // The layout is the wrapped formatter's (pretty or compact).
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Writes a value as pretty JSON, or as one compact line, through [`SafeJson`].
pub(crate) fn write_json(
    out: &mut dyn std::io::Write,
    value: &impl serde::Serialize,
    pretty: bool,
) -> std::io::Result<()> {
    if pretty {
        let formatter = SafeJson(serde_json::ser::PrettyFormatter::new());
        value.serialize(&mut serde_json::Serializer::with_formatter(out, formatter))?;
    } else {
        let formatter = SafeJson(serde_json::ser::CompactFormatter);
        value.serialize(&mut serde_json::Serializer::with_formatter(out, formatter))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_escapes_and_bidi_overrides_become_visible() {
        assert_eq!(line("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(line("\u{202e}evil\u{2066}"), "\\u{202e}evil\\u{2066}");
        assert_eq!(line("two\nlines"), "two\\nlines".replace("\\n", "\\u{a}"));
        assert!(matches!(line("plain `text` é"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_escapes_what_serde_leaves_raw_and_reads_back_the_same() {
        let text = "a\u{202e}b\u{9b}c\u{7f}d\u{1b}é";
        let mut out = Vec::new();
        write_json(&mut out, &serde_json::json!({"m": text}), false).unwrap();
        let json = String::from_utf8(out).unwrap();
        assert_eq!(json, r#"{"m":"a\u202eb\u009bc\u007fd\u001bé"}"#);
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["m"], text);
    }

    #[test]
    fn source_offsets_follow_the_escapes() {
        let text = "a: \u{1b}[2J\nb: x\r\n";
        let e = Escaped::of(text).unwrap();
        assert_eq!(e.text, "a: \\u{1b}[2J\nb: x\r\n");
        let x = text.find('x').unwrap();
        assert_eq!(&e.text[e.offset(x)..e.offset(x + 1)], "x");
        assert_eq!(e.offset(3), 3);
    }
}
