//! The auditor's workbench: views of one register repository that answer an auditor's
//! questions instead of listing findings (`explain <id>`, `graph`, `rules --coverage`).
//!
//! Separate from the check because nothing here decides what is wrong: every view reads a
//! repository loaded and indexed by [`Linter::inspect`](crate::Linter::inspect), exactly as
//! `check` loads it, and the check's findings where it shows them. Each job has its file:
//! [`trace`] follows an id through the register, [`graph`] draws the references, [`coverage`]
//! maps rules to the clauses of ISO/IEC 27001:2022, [`report`] gathers a repository's state
//! for a management review into one HTML page. This file holds what they share: picking
//! the one repository a view is about, and `file:line` places.

use std::sync::Arc;

use serde::Serialize;

use crate::model::{NodeRef, Repository};
use crate::run::Inspection;
use crate::source::SourceMap;

pub mod coverage;
pub mod diff;
pub mod graph;
pub mod report;
pub mod trace;

/// Why a view cannot be made of what was loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkbenchError {
    /// The path holds no register repository that could be read.
    #[error("`{0}` holds no register repository that could be read")]
    NoRepository(String),
    /// The path holds several repositories; a view is about one.
    #[error("`{path}` holds {count} register repositories ({names}): name one of them")]
    SeveralRepositories {
        /// The path given.
        path: String,
        /// How many.
        count: usize,
        /// Their names, comma-separated.
        names: String,
    },
}

/// The one repository of an inspection, with its position in the report.
pub fn only_repository(
    inspection: &Inspection,
    path: &str,
) -> Result<(usize, Arc<Repository>), WorkbenchError> {
    let found: Vec<(usize, &Arc<Repository>)> = inspection
        .repositories
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().map(|r| (i, r)))
        .collect();
    match found.as_slice() {
        [] => Err(WorkbenchError::NoRepository(path.to_owned())),
        [(index, repo)] => Ok((*index, Arc::clone(repo))),
        many => Err(WorkbenchError::SeveralRepositories {
            path: path.to_owned(),
            count: many.len(),
            names: many
                .iter()
                .map(|(_, r)| format!("`{}`", r.name))
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// A place in a register file, as diagnostics name it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Place {
    /// The file, relative to the working directory when under it.
    pub file: String,
    /// The 1-based line.
    pub line: usize,
}

impl Place {
    /// Where a node starts.
    pub fn of(node: &NodeRef, sources: &SourceMap) -> Place {
        let start = node.doc.doc.node(node.id).span.start;
        Place::at(node.doc.file, start, sources)
    }

    /// Where a byte offset of a file lies.
    pub fn at(file: usize, byte: usize, sources: &SourceMap) -> Place {
        let source = sources.get(file);
        Place {
            file: source.name.to_string(),
            line: source.line_col(byte).0,
        }
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// The text of a scalar field of an entry, as written.
fn field_text(entry: &NodeRef, key: &str) -> Option<String> {
    let value = entry.get(key)?;
    value.doc.doc.scalar_text(value.id).map(str::to_owned)
}

/// An entry's id, as the index reads it (a non-empty string).
fn id_of(entry: &NodeRef) -> Option<String> {
    let value = entry.get("id")?;
    value.doc.doc.string(value.id).map(str::to_owned)
}
