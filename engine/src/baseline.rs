//! Baselines: adopting the gate on a register that already has findings.
//!
//! `--write-baseline FILE` records every active finding; `--baseline FILE` then silences the
//! findings recorded and reports only new ones, and counts the recorded ones that no longer
//! occur. A finding is recorded by its fingerprint: repository, rule, file relative to the
//! repository root, register entry (its register path when it has no id) and message. No line
//! or column is in it, so moving an entry, adding comments or re-indenting keeps every
//! fingerprint. The file is YAML with one finding per line, as a JSON flow mapping (JSON is
//! YAML), sorted, so a pull request shows exactly which findings were added or fixed.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::checks::is_protected;
use crate::diagnostic::{Diagnostic, Suppression, SuppressionKind};
use crate::discover::display_path;
use crate::run::Report;
use crate::yaml::{self, Limits, read};

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Fingerprint {
    /// The repository root, relative to the baseline file's folder.
    pub repository: String,
    /// The rule's name.
    pub rule: String,
    /// The file, relative to the repository root (empty for repository-level findings).
    pub file: String,
    /// The entry id, else the register path, else empty.
    pub entry: String,
    /// The message.
    pub message: String,
}

/// Fingerprints counted as a multiset: how findings of one check are matched with those of
/// another (the same repository at another revision), each recorded occurrence matching one
/// finding, so two identical findings where there was one leave one new.
#[derive(Debug, Clone, Default)]
pub struct Occurrences(HashMap<Fingerprint, usize>);

impl Occurrences {
    /// Counts one occurrence.
    pub fn add(&mut self, fingerprint: Fingerprint) {
        *self.0.entry(fingerprint).or_insert(0) += 1;
    }

    /// Counts the fingerprint of each diagnostic that has one.
    pub fn extend<'d>(
        &mut self,
        report: &Report,
        diagnostics: impl IntoIterator<Item = &'d Diagnostic>,
        base: &Path,
    ) {
        for d in diagnostics {
            if let Some(f) = fingerprint(report, d, base) {
                self.add(f);
            }
        }
    }

    /// Uses up one occurrence of `fingerprint`: whether there was one left (the finding is
    /// not new).
    pub fn take(&mut self, fingerprint: &Fingerprint) -> bool {
        match self.0.get_mut(fingerprint) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }
}

/// The baseline file as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: Option<u64>,
    findings: Option<Vec<Fingerprint>>,
}

/// A baseline read from its file.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    /// How many times each fingerprint was recorded.
    counts: BTreeMap<Fingerprint, usize>,
    /// The folder repository paths are relative to.
    base: std::path::PathBuf,
}

/// Why a baseline file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// The file cannot be read.
    #[error("cannot read the baseline `{path}`: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a baseline.
    #[error("{path}:{line}:{column}: the baseline is malformed: {message}")]
    Malformed {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The file cannot be written.
    #[error("cannot write the baseline `{path}`: {source}")]
    Write {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// The fingerprint of a diagnostic of a report, with repositories shown relative to `base`.
pub fn fingerprint(report: &Report, d: &Diagnostic, base: &Path) -> Option<Fingerprint> {
    let repo = &report.repositories[d.repository?];
    let file = d
        .primary
        .as_ref()
        .and_then(|p| report.files.get(p.file)?.as_ref())
        .map(|f| f.relative.clone())
        .unwrap_or_default();
    Some(Fingerprint {
        repository: display_path(&repo.root, base),
        rule: d.name.clone(),
        file,
        entry: d
            .entry
            .clone()
            .or_else(|| d.path.clone())
            .unwrap_or_default(),
        message: d.message.clone(),
    })
}

/// Reads a baseline in exactly the form [`render`] writes (comments, `version: 1`,
/// `findings:` and one JSON flow mapping per line) with serde_json, line by line: a baseline
/// of a thousand findings parses several times faster than through the YAML loader. Any
/// other form (edited by hand, reformatted) returns `None` and goes through the loader, which
/// locates every problem.
fn read_as_written(text: &str) -> Option<BaselineFile> {
    let mut findings = Vec::new();
    let mut version = None;
    for line in text.lines() {
        if let Some(json) = line.strip_prefix("  - {") {
            findings.push(serde_json::from_str(&line[line.len() - json.len() - 1..]).ok()?);
        } else if line == "version: 1" {
            version = Some(1);
        } else if !(line.starts_with('#') || line == "findings:" || line == "findings: []") {
            return None;
        }
    }
    Some(BaselineFile {
        version,
        findings: Some(findings),
    })
}

/// Whether a finding may be recorded: protected rules (unreadable files, failed rules, bad
/// configuration) are never silenced.
fn is_recordable(d: &Diagnostic) -> bool {
    d.is_active() && !is_protected(&d.name)
}

impl Baseline {
    /// Reads a baseline file.
    pub fn read(path: &Path) -> Result<Baseline, BaselineError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read {
            path: shown.clone(),
            source,
        })?;
        let source = crate::source::SourceFile::new(shown.clone().into(), text.as_str().into());
        let malformed = |span: std::ops::Range<usize>, message: String| {
            let (line, column) = source.line_col(span.start);
            BaselineError::Malformed {
                path: shown.clone(),
                line,
                column,
                message,
            }
        };
        if let Some(file) = read_as_written(&text) {
            return Ok(Baseline::from_file(file, path));
        }
        let loaded = yaml::parse(&text, 0, &Limits::default());
        if let Some(problem) = loaded.problems.into_iter().next() {
            return Err(match problem {
                yaml::LoadProblem::Syntax { span, message, .. } => malformed(span, message),
                yaml::LoadProblem::DuplicateKey { repeat, key, .. } => {
                    malformed(repeat, format!("key `{key}` appears more than once"))
                }
                yaml::LoadProblem::LongValue { span, limit, .. } => {
                    malformed(span, format!("a value is longer than {limit} bytes"))
                }
            });
        }
        let file: BaselineFile = match loaded.documents.first().and_then(|d| Some((d, d.root?))) {
            Some((doc, root)) => read::from_node(doc, root).map_err(|errors| {
                let first = errors.into_iter().next();
                first.map_or_else(
                    || malformed(0..0, "unreadable".into()),
                    |e| malformed(e.span, e.message),
                )
            })?,
            None => BaselineFile::default(),
        };
        if file.version.is_some_and(|v| v != 1) {
            return Err(malformed(
                0..0,
                "only `version: 1` baselines are supported".into(),
            ));
        }
        Ok(Baseline::from_file(file, path))
    }

    fn from_file(file: BaselineFile, path: &Path) -> Baseline {
        let mut counts = BTreeMap::new();
        for fingerprint in file.findings.unwrap_or_default() {
            *counts.entry(fingerprint).or_insert(0) += 1;
        }
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        Baseline {
            counts,
            base: absolute.parent().unwrap_or(Path::new("/")).to_path_buf(),
        }
    }

    /// Silences the recorded findings of a report; returns how many recorded findings no
    /// longer occur.
    pub fn apply(&self, report: &mut Report) -> usize {
        let mut left = self.counts.clone();
        let marks: Vec<bool> = report
            .diagnostics
            .iter()
            .map(|d| {
                // A withheld finding is still matched, so that it does not count as fixed.
                let withheld = d
                    .suppressed
                    .as_ref()
                    .is_some_and(|s| s.kind == SuppressionKind::Withheld);
                if !(is_recordable(d) || withheld) {
                    return false;
                }
                let Some(fingerprint) = fingerprint(report, d, &self.base) else {
                    return false;
                };
                match left.get_mut(&fingerprint) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        true
                    }
                    _ => false,
                }
            })
            .collect();
        for (d, marked) in report.diagnostics.iter_mut().zip(marks) {
            if marked && d.is_active() {
                d.suppressed = Some(Box::new(Suppression {
                    kind: SuppressionKind::Baseline,
                    reason: "recorded in the baseline".into(),
                    id: None,
                    approved_by: None,
                    expires: None,
                }));
            }
        }
        left.values().sum()
    }
}

/// The text of a baseline recording every active finding of a report; repositories are
/// written relative to `base` (the baseline file's folder).
pub fn render(report: &Report, base: &Path) -> String {
    let mut lines: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| is_recordable(d))
        .filter_map(|d| fingerprint(report, d, base))
        .filter_map(|f| serde_json::to_string(&f).ok())
        .map(|json| format!("  - {json}\n"))
        .collect();
    lines.sort();
    let mut out = String::from(
        "# reglint baseline: findings accepted when the gate was adopted.\n\
         # `reglint check --baseline FILE` reports only findings not listed here.\n\
         # Regenerate with `reglint check --write-baseline FILE`; one finding per line.\n\
         version: 1\n",
    );
    if lines.is_empty() {
        out.push_str("findings: []\n");
    } else {
        out.push_str("findings:\n");
        out.extend(lines);
    }
    out
}

/// Writes a baseline file whole or not at all (a temporary file renamed into place).
pub fn write(path: &Path, text: &str) -> Result<(), BaselineError> {
    crate::atomic::write(path, text.as_bytes()).map_err(|source| BaselineError::Write {
        path: path.display().to_string(),
        source,
    })
}
