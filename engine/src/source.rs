//! The source map: every file reglint reads (registers and rule scripts), by id.
//!
//! It is separate so that every stage can point into any file with a plain `(FileId, span)`
//! and the renderers can turn that into lines and columns. It implements codespan-reporting's
//! [`Files`], so the human renderer needs no adapter. Line starts are computed once per file.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use codespan_reporting::files::{Error as FilesError, Files};

/// Index of a file in the [`SourceMap`].
pub type FileId = usize;

/// A byte offset with its 1-based (line, column).
type Position = (usize, (usize, usize));

/// One file's display name and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name diagnostics show: relative to the working directory when under it.
    pub name: Arc<str>,
    /// The file's text (for a file that is not valid UTF-8: its valid prefix).
    pub text: Arc<str>,
    /// Built on first use (most files of a run are never asked for a line), and shared, so a
    /// file is cloned in O(1) (the human renderer's escaped view clones them all).
    line_starts: LineStarts,
    /// For a file kept without its text ([`SourceFile::positions_only`]): the (line, column)
    /// of each byte offset something points at, sorted by offset.
    positions: Option<Arc<[Position]>>,
}

/// A file's line index, built on first use and shared between clones.
type LineStarts = Arc<OnceLock<Box<[usize]>>>;

/// The empty text and its line index, made once and shared by every file kept by name alone.
fn empty_text() -> (Arc<str>, LineStarts) {
    static EMPTY: OnceLock<(Arc<str>, LineStarts)> = OnceLock::new();
    let (text, line_starts) = EMPTY.get_or_init(|| ("".into(), Arc::default()));
    (Arc::clone(text), Arc::clone(line_starts))
}

impl SourceFile {
    /// A file with its line index.
    pub fn new(name: Arc<str>, text: Arc<str>) -> Self {
        SourceFile {
            name,
            text,
            line_starts: Arc::default(),
            positions: None,
        }
    }

    /// A file known by its name alone (its text not kept, or there is none): every such file
    /// shares one empty text and its line index, so a run over a large corpus pays one
    /// allocation per file, its name's, not three.
    pub fn name_only(name: Arc<str>) -> Self {
        let (text, line_starts) = empty_text();
        SourceFile {
            name,
            text,
            line_starts,
            positions: None,
        }
    }

    /// The file without its text, knowing only the positions of `offsets`: what a report
    /// keeps of a file whose findings are rendered by line and column, never quoted. A
    /// register of 10 kB becomes a few dozen bytes, so a run over a large corpus does not
    /// hold the text of every file with a finding until it renders.
    pub fn positions_only(&self, offsets: impl IntoIterator<Item = usize>) -> SourceFile {
        let mut positions: Vec<Position> = offsets
            .into_iter()
            .map(|byte| (byte, self.line_col(byte)))
            .collect();
        positions.sort_unstable();
        positions.dedup();
        SourceFile {
            positions: Some(positions.into()),
            ..SourceFile::name_only(Arc::clone(&self.name))
        }
    }

    /// The byte offset where each line starts.
    fn starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr_newlines(&self.text).map(|i| i + 1))
                .collect()
        })
    }

    /// 0-based line index of a byte offset.
    pub fn line_index(&self, byte: usize) -> usize {
        if self.positions.is_some() {
            return self.line_col(byte).0 - 1;
        }
        self.starts()
            .partition_point(|&start| start <= byte)
            .saturating_sub(1)
    }

    /// Byte range of a 0-based line, without its line break.
    pub fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let start = *self.starts().get(line)?;
        let end = self
            .starts()
            .get(line + 1)
            .map_or(self.text.len(), |next| *next - 1);
        let end = if end > start && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        Some(start..end.max(start))
    }

    /// 1-based (line, column) of a byte offset; columns count characters, as editors do.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        if let Some(positions) = &self.positions {
            // Only the offsets kept are ever asked for; any other gets the nearest one before.
            let at = positions.partition_point(|(b, _)| *b <= byte);
            debug_assert!(
                at > 0 && positions[at - 1].0 == byte,
                "offset {byte} not kept"
            );
            return positions.get(at.wrapping_sub(1)).map_or((1, 1), |p| p.1);
        }
        let byte = byte.min(self.text.len());
        let line = self.line_index(byte);
        let start = self.starts()[line];
        let prefix = self.text.get(start..byte);
        let col = prefix.map_or(byte - start, |s| s.chars().count());
        // A byte-order mark is invisible in editors: columns on line 1 start after it.
        let bom = usize::from(line == 0 && col > 0 && self.text.starts_with('\u{feff}'));
        (line + 1, col - bom + 1)
    }

    /// Byte offset of a 1-based (line, column in characters) position, clamped to the file.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let Some(range) = self.line_range(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let text = &self.text[range.clone()];
        text.char_indices()
            .nth(col.saturating_sub(1))
            .map_or(range.end, |(i, _)| range.start + i)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes())
}

/// All files of one run.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        self.files.len() - 1
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    /// Number of files held.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file is held.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl<'a> Files<'a> for SourceMap {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.files
            .get(id)
            .map(|f| &*f.name)
            .ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.files
            .get(id)
            .map(|f| &*f.text)
            .ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        let file = self.files.get(id).ok_or(FilesError::FileMissing)?;
        Ok(file.line_index(byte_index))
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.files.get(id).ok_or(FilesError::FileMissing)?;
        let start = *file
            .starts()
            .get(line_index)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: file.starts().len() - 1,
            })?;
        let end = file
            .starts()
            .get(line_index + 1)
            .copied()
            .unwrap_or(file.text.len());
        Ok(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_kept_by_name_share_one_empty_text_and_still_answer_positions() {
        let a = SourceFile::name_only("a.yaml".into());
        let b = SourceFile::name_only("b.yaml".into());
        assert!(Arc::ptr_eq(&a.text, &b.text) && Arc::ptr_eq(&a.line_starts, &b.line_starts));
        assert_eq!((&*a.name, &*a.text, a.line_col(0)), ("a.yaml", "", (1, 1)));
        let full = SourceFile::new("c.yaml".into(), "a: 1\nb: 2\n".into());
        let kept = full.positions_only([5, 8]);
        assert_eq!(
            (&*kept.text, kept.line_col(5), kept.line_col(8)),
            ("", (2, 1), (2, 4))
        );
        assert_eq!(b.line_col(0), (1, 1));
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let f = SourceFile::new("a".into(), "a: 1\nb: \"é\" x\n".into());
        let x = f.text.find('x').unwrap_or_default();
        assert_eq!(f.line_col(x), (2, 8));
        assert_eq!(f.offset_of(2, 8), x);
        assert_eq!(f.line_col(0), (1, 1));
        let kept = f.positions_only([x, 0, x]);
        assert_eq!(kept.text.len(), 0);
        assert_eq!(kept.line_col(x), (2, 8));
        assert_eq!(kept.line_index(x), 1);
        assert_eq!(kept.line_col(0), (1, 1));
    }
}
