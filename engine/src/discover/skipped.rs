//! Paths discovery did not read, and what reglint says about each: the two built-in checks
//! `unreadable-path` (the walk could not read it: the check is incomplete) and
//! `skipped-path` (deliberately not read: excluded though named, a symlinked folder, a link
//! leading out of the repository). Apart from the walk so that each kind's wording lives in
//! one place and the walk only decides.

use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Severity};
use crate::format::Check;

/// A path under a repository that could not be read: the check is incomplete.
pub const UNREADABLE_PATH: Check = Check {
    code: "RL009",
    name: "unreadable-path",
    severity: Severity::Error,
    summary: "Every folder and file of a repository must be readable, or the check is incomplete.",
    docs: r#"## What it checks
The walk through a repository reads every folder: one it cannot open (no permission, a path
too long for the system, an ignore file that cannot be read) is reported at its path.

## Why an auditor cares
A register that was never read cannot be vouched for. reglint exits with 2, never 0 or 1,
when part of a repository could not be read, so a wrong permission in CI never passes green.
"#,
};

/// A path that was deliberately not read, said out loud.
pub const SKIPPED_PATH: Check = Check {
    code: "RL010",
    name: "skipped-path",
    severity: Severity::Info,
    summary: "A named file that is excluded, a symlinked folder, or a symlink leading out of the repository is not read.",
    docs: r#"## What it checks
Says which paths reglint did not read although they might hold registers: a file named on
the command line that `.gitignore`, `.reglintignore`, the configuration's `ignore` or a
hidden name excludes; a symlinked folder (never followed, so no file is read twice and no
link loop is walked); a symlinked file whose target lies outside the repository. A
symlinked file whose target lies inside the repository is read like any other file.

## Why an auditor cares
A register that is silently left out looks like a register that passed. Naming every skipped
path keeps "nothing was found" apart from "nothing was read".
"#,
};

/// A path that was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The path (absolute).
    pub path: PathBuf,
    /// Why.
    pub reason: SkipReason,
}

/// Why a path was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// The walk could not read it (the system's words).
    Unreadable(String),
    /// It was named, but a hidden name, `.gitignore` or `.reglintignore` excludes it.
    Excluded {
        /// Whether it is excluded for being hidden (a name starting with `.`).
        is_hidden: bool,
    },
    /// It was named, but the configuration's `ignore` excludes it.
    Configured,
    /// A symlinked folder: never followed.
    SymlinkedFolder,
    /// A symlinked file whose target lies outside the repository.
    LinkOutside,
}

impl SkipReason {
    /// The diagnostic for a path skipped for this reason, `shown` as the report shows it;
    /// the caller places it at the path.
    pub fn diagnostic(&self, shown: &str) -> (Diagnostic, &'static str) {
        match self {
            SkipReason::Unreadable(cause) => (
                UNREADABLE_PATH
                    .diagnostic(format!(
                        "cannot read `{shown}`: {cause}; what it holds was not checked"
                    ))
                    .with_help("make it readable, or exclude it in `.reglintignore`")
                    .with_note("a check that could not read every register is incomplete"),
                "not readable",
            ),
            SkipReason::Excluded { is_hidden } => (
                SKIPPED_PATH
                    .diagnostic(format!(
                        "`{shown}` was named but is not checked: {}",
                        if *is_hidden {
                            "hidden files are not read"
                        } else {
                            "`.gitignore` or `.reglintignore` excludes it"
                        }
                    ))
                    .with_help("to check it, stop the ignore file from excluding it"),
                "excluded",
            ),
            SkipReason::Configured => (
                SKIPPED_PATH
                    .diagnostic(format!(
                        "`{shown}` was named but is not checked: the configuration's `ignore` excludes it"
                    ))
                    .with_help("to check it, remove the matching glob from `ignore:`"),
                "excluded",
            ),
            SkipReason::SymlinkedFolder => (
                SKIPPED_PATH
                    .diagnostic(format!(
                        "`{shown}` is a symlinked folder; reglint does not follow it, so what it holds is not checked"
                    ))
                    .with_help("check the folder it points to, or keep the registers in the repository itself"),
                "symlinked folder",
            ),
            SkipReason::LinkOutside => (
                SKIPPED_PATH
                    .diagnostic(format!(
                        "`{shown}` is a symlink to a file outside the repository, so it is not read"
                    ))
                    .with_help("copy the register into the repository, or link to a file inside it"),
                "symlink leaving the repository",
            ),
        }
    }
}
