//! Loading one register file: bytes to source text, documents and loader diagnostics.
//!
//! Reading, decoding and parsing each file happen here once, on a rayon worker, followed by the
//! format checks of its documents ([`parse_file`] stops before them). Whatever the
//! bytes are (binary, not UTF-8, too big, malformed, hostile), the result is a source text to
//! point into and diagnostics; never a panic, never an early exit for the other files.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::discover::Input;
use crate::format::{self, DUPLICATE_KEY, DeclaredKind, YAML_SYNTAX};
use crate::model::{RegisterDoc, entry_of};
use crate::source::{FileId, SourceFile};
use crate::yaml::{self, Limits, LoadProblem, NodeId, Slot};

/// One file after loading.
#[derive(Debug)]
pub struct LoadedFile {
    /// The text (or the part of it that could be decoded) with its display name.
    pub source: SourceFile,
    /// The documents that parsed.
    pub docs: Vec<Arc<RegisterDoc>>,
    /// Loader and format diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the whole text was read into documents: false when the file could not be read
    /// or decoded, or a syntax error or limit stopped the parser, so that what the rest
    /// defines is unknown.
    pub is_complete: bool,
}

/// Reads, parses and format-checks a file; every problem becomes a diagnostic in the file.
pub fn load_file(path: &Path, name: Arc<str>, file: FileId, limits: &Limits) -> LoadedFile {
    format_checked(parse_file(path, name, file, limits))
}

/// Reads and parses a file, without the format checks: what the parse floor measures.
pub fn parse_file(path: &Path, name: Arc<str>, file: FileId, limits: &Limits) -> LoadedFile {
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() > limits.max_file_bytes as u64 => {
            return unreadable(
                name,
                file,
                "".into(),
                0,
                format!(
                    "file is {} bytes, over the {} byte limit, so reglint does not read it",
                    meta.len(),
                    limits.max_file_bytes
                ),
            );
        }
        _ => {}
    }
    match std::fs::read(path) {
        Ok(bytes) => parse_bytes(bytes, name, file, limits),
        Err(error) => unreadable(
            name,
            file,
            "".into(),
            0,
            format!("cannot read the file: {error}"),
        ),
    }
}

/// Reads and parses a file from where the check reads (the work tree or a git snapshot):
/// one loader for both, so a file from the index is named and reported like one on disk.
pub fn load_input(
    input: &Input,
    path: &Path,
    name: Arc<str>,
    file: FileId,
    limits: &Limits,
) -> LoadedFile {
    match input {
        Input::WorkTree => load_file(path, name, file, limits),
        Input::Git(_) => match input.read(path) {
            Ok(bytes) => load_bytes(bytes, name, file, limits),
            Err(error) => unreadable(
                name,
                file,
                "".into(),
                0,
                format!("cannot read the file: {error}"),
            ),
        },
    }
}

/// Decodes, parses and format-checks a file's bytes.
pub fn load_bytes(bytes: Vec<u8>, name: Arc<str>, file: FileId, limits: &Limits) -> LoadedFile {
    format_checked(parse_bytes(bytes, name, file, limits))
}

/// The format checks of every document a file holds, added to its diagnostics.
fn format_checked(mut loaded: LoadedFile) -> LoadedFile {
    for doc in &loaded.docs {
        format::check_document(doc, &mut loaded.diagnostics);
    }
    loaded
}

/// Decodes and parses a file's bytes, without the format checks.
pub fn parse_bytes(bytes: Vec<u8>, name: Arc<str>, file: FileId, limits: &Limits) -> LoadedFile {
    if bytes.len() > limits.max_file_bytes {
        let message = format!(
            "file is {} bytes, over the {} byte limit, so reglint does not read it",
            bytes.len(),
            limits.max_file_bytes
        );
        return unreadable(name, file, "".into(), 0, message);
    }
    if let Some(encoding) = utf16_or_32(&bytes) {
        let message = format!("file is {encoding}; reglint reads UTF-8 register files");
        return unreadable(name, file, "".into(), 0, message);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let message = if bytes.contains(&0) {
                "file is binary, not YAML text".to_owned()
            } else {
                format!(
                    "file is not valid UTF-8: invalid byte 0x{:02x} at offset {valid}",
                    bytes[valid]
                )
            };
            return unreadable(name, file, prefix.into(), valid, message);
        }
    };
    if let Some(nul) = text.find('\0') {
        let message = "file is binary, not YAML text (it contains a NUL byte)".to_owned();
        let prefix: Arc<str> = text[..nul].into();
        return unreadable(name, file, prefix, nul, message);
    }
    let text: Arc<str> = text.into();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let loaded = yaml::parse(&text[bom..], bom, limits);
    let mut diagnostics = Vec::new();
    let is_complete = !loaded
        .problems
        .iter()
        .any(|p| matches!(p, LoadProblem::Syntax { .. }));
    for problem in loaded.problems {
        diagnostics.push(problem_diagnostic(problem, &text, file));
    }
    let docs: Vec<Arc<RegisterDoc>> = loaded
        .documents
        .into_iter()
        .enumerate()
        .map(|(index, doc)| {
            let kind = match format::declared_kind(&doc) {
                DeclaredKind::Known(kind) => Some(kind),
                _ => None,
            };
            Arc::new(RegisterDoc {
                file,
                file_name: Arc::clone(&name),
                text: Arc::clone(&text),
                index,
                doc,
                kind,
            })
        })
        .collect();
    if diagnostics.iter().any(|d| d.name == DUPLICATE_KEY.name) {
        locate_duplicate_entries(&docs, &mut diagnostics);
    }
    LoadedFile {
        source: SourceFile::new(name, text),
        docs,
        diagnostics,
        is_complete,
    }
}

/// Gives each `duplicate-key` finding the entry of its repeated key (found by the key's span,
/// one table per file, so a file of many repeats stays linear).
fn locate_duplicate_entries(docs: &[Arc<RegisterDoc>], diagnostics: &mut [Diagnostic]) {
    let mut keys: HashMap<usize, (usize, NodeId)> = HashMap::new();
    for (index, reg) in docs.iter().enumerate() {
        for (id, node) in reg.doc.nodes.iter().enumerate() {
            if node.slot == Slot::Key {
                keys.entry(node.span.start).or_insert((index, id as NodeId));
            }
        }
    }
    for d in diagnostics
        .iter_mut()
        .filter(|d| d.name == DUPLICATE_KEY.name)
    {
        let at = d.primary.as_ref().map(|p| p.span.start);
        if let Some(&(index, id)) = at.and_then(|start| keys.get(&start)) {
            d.entry = entry_of(&docs[index].doc, id);
        }
    }
}

fn utf16_or_32(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => Some("UTF-32 encoded"),
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => Some("UTF-16 encoded"),
        _ => None,
    }
}

fn unreadable(
    name: Arc<str>,
    file: FileId,
    text: Arc<str>,
    at: usize,
    message: String,
) -> LoadedFile {
    let diagnostic =
        YAML_SYNTAX
            .diagnostic(message)
            .at(file, at..at, "reglint stopped reading here");
    LoadedFile {
        source: SourceFile::new(name, text),
        docs: Vec::new(),
        diagnostics: vec![diagnostic],
        is_complete: false,
    }
}

fn problem_diagnostic(problem: LoadProblem, text: &str, file: FileId) -> Diagnostic {
    match problem {
        LoadProblem::Syntax {
            span,
            message,
            label,
            parser,
        } => {
            let d = match parser {
                None => YAML_SYNTAX
                    .diagnostic(format!("invalid YAML: {message}"))
                    .at(file, span, label),
                Some(parser) => {
                    parser.annotate(YAML_SYNTAX.diagnostic(message).at(file, span, label), file)
                }
            };
            d.with_note("documents before this point are checked; the rest of the file is not")
        }
        LoadProblem::DuplicateKey {
            repeat,
            first,
            key,
            path,
        } => DUPLICATE_KEY
            .diagnostic(format!(
                "key `{key}` appears more than once in this mapping"
            ))
            .at(file, repeat, "repeated here")
            .with_label(file, first, "first defined here")
            .with_help(format!(
                "keep one `{key}`: YAML loaders silently use only one of the values"
            ))
            .with_path(Some(path)),
        LoadProblem::LongValue {
            span,
            bytes,
            limit,
            kept,
            path,
        } => {
            // The value's first character: underlining a megabyte would bury the message.
            let first = span.start
                ..span.start
                    + text
                        .get(span.start..)
                        .and_then(|t| t.chars().next())
                        .map_or(0, char::len_utf8);
            YAML_SYNTAX
                .diagnostic(format!(
                    "value is {bytes} bytes long, over the {limit} byte limit for one value"
                ))
                .at(file, first, "this value is too long")
                .with_help(
                    "shorten it: keep long text in a document of its own and refer to it from the register",
                )
                .with_note(format!(
                    "rules see only its first {kept} bytes, so their findings on it may be incomplete"
                ))
                .with_path(Some(path))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(bytes: &[u8]) -> LoadedFile {
        load_bytes(bytes.to_vec(), "t.yaml".into(), 0, &Limits::default())
    }

    #[test]
    fn invalid_utf8_is_located_at_the_first_bad_byte() {
        let loaded = load(b"kind: scope\nowner: \xff\n");
        let d = &loaded.diagnostics[..];
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].name, "yaml-syntax");
        assert_eq!(
            d[0].message,
            "file is not valid UTF-8: invalid byte 0xff at offset 19"
        );
        assert_eq!(loaded.source.line_col(19), (2, 8));
    }

    #[test]
    fn binary_files_are_reported_not_parsed() {
        let loaded = load(b"PK\x03\x04\x00\x00\xff");
        assert_eq!(
            loaded.diagnostics[0].message,
            "file is binary, not YAML text"
        );
        assert!(loaded.docs.is_empty());
    }

    #[test]
    fn a_bom_is_skipped_and_spans_stay_in_file_bytes() {
        let loaded = load("\u{feff}kind: sc0pe\n".as_bytes());
        let d = &loaded.diagnostics[0];
        assert_eq!(d.name, "unknown-kind");
        assert_eq!(d.primary.as_ref().map(|l| l.span.clone()), Some(9..14));
        assert_eq!(d.help.as_deref(), Some("did you mean `scope`?"));
    }

    #[test]
    fn over_size_files_are_not_parsed() {
        let limits = Limits {
            max_file_bytes: 10,
            ..Limits::default()
        };
        let loaded = load_bytes(b"kind: scope\n".to_vec(), "t".into(), 0, &limits);
        assert_eq!(
            loaded.diagnostics[0].message,
            "file is 12 bytes, over the 10 byte limit, so reglint does not read it"
        );
    }
}
