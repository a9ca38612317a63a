//! GitLab Code Quality: a JSON array (no byte-order mark) of Code Climate issues, one per
//! active finding, which GitLab shows in merge requests (`artifacts: reports: codequality`).
//!
//! Separate from `json` because GitLab reads its own shape and is unforgiving with it: its
//! parser stops at the first invalid item and drops the rest, and collapses items that share
//! a fingerprint. So every item has every field GitLab documents, a path relative to the git
//! work tree root and a 1-based line, and a fingerprint that is stable across runs (from
//! [`super::fingerprint_hex`]) and unique in the report: the second and later of identical
//! findings get the hash of the fingerprint and their rank. Severities map onto GitLab's five:
//! `error` → `major`, and `critical` for the findings that make a check incomplete (a rule
//! that failed, a configuration or a path that could not be read); `warning` → `minor`;
//! `info` → `info`. `blocker` is never used. Silenced findings are left out: GitLab has no
//! place for them.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{PlatformPaths, fingerprint_hex, line_col, sha256_hex};
use crate::diagnostic::{Diagnostic, Severity};
use crate::run::{Report, is_fatal};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let paths = PlatformPaths::new(report);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let issues: Vec<Issue> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_active())
        .map(|d| {
            let base = fingerprint_hex(report, &paths, d);
            let rank = seen.entry(base.clone()).or_default();
            *rank += 1;
            let fingerprint = match *rank {
                1 => base,
                rank => sha256_hex(format!("{base}:{rank}").as_bytes()),
            };
            issue(report, &paths, d, fingerprint)
        })
        .collect();
    super::escape::write_json(&mut *out, &issues, true)?;
    writeln!(out)
}

fn issue<'a>(
    report: &Report,
    paths: &PlatformPaths,
    d: &'a Diagnostic,
    fingerprint: String,
) -> Issue<'a> {
    let severity = match d.severity {
        _ if is_fatal(&d.name) => "critical",
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    };
    let in_file = d
        .primary
        .as_ref()
        .and_then(|p| Some((p, paths.file(report, p.file)?)));
    let (description, location) = match in_file {
        Some((p, path)) => (
            d.message.clone(),
            Location {
                path,
                lines: Lines {
                    begin: line_col(report, p.file, p.span.start).0,
                },
            },
        ),
        // No register file to point at: the finding is filed under its repository's folder
        // (a problem in a rule script names the script in its description).
        None => {
            let description = match &d.primary {
                Some(p) => format!(
                    "{}:{}: {}",
                    report.place(d),
                    line_col(report, p.file, p.span.start).0,
                    d.message
                ),
                None => d.message.clone(),
            };
            let path = d
                .repository
                .map_or_else(|| ".".to_owned(), |r| paths.repository(r));
            (
                description,
                Location {
                    path,
                    lines: Lines { begin: 1 },
                },
            )
        }
    };
    // GitLab drops every item from the first with an empty description on.
    let description = if description.is_empty() {
        format!("{} {}", d.code, d.name)
    } else {
        description
    };
    Issue {
        description,
        check_name: &d.name,
        fingerprint,
        severity,
        location,
    }
}
