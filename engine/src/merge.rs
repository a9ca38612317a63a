//! `reglint merge`: the reports of the shards of a check (`check --shard K/N --format json`)
//! joined into the report one run over every repository gives.
//!
//! Shards check disjoint repositories, so joining is a concatenation followed by what a
//! single run does last ([`crate::report::finish`]'s order: file or repository, start
//! offset, rule code, message) and the summary added up. The JSON
//! is written by the same writer `check` uses, so the merged bytes equal a single run's. The
//! other formats carry what the JSON does not (every rule's description, each repository's
//! files and settings, the text around a finding): [`Merged::into_report`] takes them from
//! the checked paths loaded again without running any rule, and places the shards' findings
//! in that report.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::diagnostic::{Diagnostic, Label, Severity, Suppression, SuppressionKind};
use crate::render::json::{JsonDiagnostic, JsonLabel, JsonReport, JsonSummary};
use crate::run::Report;

/// Why shard reports cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// A report is not `check --format json` output.
    #[error("`{file}` is not a reglint JSON report: {reason}")]
    Invalid {
        /// The report's name.
        file: String,
        /// What is wrong, with the line and column.
        reason: String,
    },
    /// The checked paths do not hold what the shards checked.
    #[error(
        "the shards checked {what}, but the paths given to merge hold {found}: give merge \
         the paths the shards were given (`--checked`), from the same directory"
    )]
    Mismatch {
        /// What the shards' summaries say.
        what: String,
        /// What the paths hold.
        found: String,
    },
    /// A finding points into a file the checked paths do not hold.
    #[error("`{file}` (in a shard's report) is not among the files of the checked paths")]
    UnknownFile {
        /// The file.
        file: String,
    },
}

/// The shards' reports, joined.
pub struct Merged {
    report: JsonReport<'static>,
}

/// One shard's report, as read.
pub struct ShardReport(JsonReport<'static>);

/// Reads one shard's `--format json` report.
pub fn read(name: &str, bytes: &[u8]) -> Result<ShardReport, MergeError> {
    let invalid = |reason: String| MergeError::Invalid {
        file: name.to_owned(),
        reason,
    };
    let report: JsonReport<'static> =
        serde_json::from_slice(bytes).map_err(|error| invalid(error.to_string()))?;
    if report.version != 1 {
        return Err(invalid(format!(
            "its version is {}, this reglint reads version 1",
            report.version
        )));
    }
    for d in &report.diagnostics {
        if Severity::parse(&d.severity).is_none() {
            return Err(invalid(format!("unknown severity `{}`", d.severity)));
        }
        if let Some(s) = &d.suppressed {
            if kind(&s.kind).is_none() {
                return Err(invalid(format!("unknown suppression kind `{}`", s.kind)));
            }
        }
    }
    Ok(ShardReport(report))
}

/// Joins shard reports (their order does not matter).
pub fn merge(parts: Vec<ShardReport>) -> Merged {
    let mut diagnostics: Vec<JsonDiagnostic<'static>> = Vec::new();
    let mut summary = JsonSummary {
        errors: 0,
        warnings: 0,
        infos: 0,
        files: 0,
        repositories: 0,
        suppressed: 0,
        withheld: 0,
        fixed_since_baseline: None,
    };
    for ShardReport(part) in parts {
        summary.files += part.summary.files;
        summary.repositories += part.summary.repositories;
        if let Some(fixed) = part.summary.fixed_since_baseline {
            *summary.fixed_since_baseline.get_or_insert(0) += fixed;
        }
        diagnostics.extend(part.diagnostics);
    }
    // Stable, and no dedup: a shard's findings are already unique, and the same finding in
    // two shards belongs to two repositories (a configuration file they share), as in a
    // single run.
    diagnostics.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    for d in &diagnostics {
        match &d.suppressed {
            Some(s) => {
                summary.suppressed += 1;
                summary.withheld += usize::from(s.kind == "withheld");
            }
            None => match Severity::parse(&d.severity) {
                Some(Severity::Error) => summary.errors += 1,
                Some(Severity::Warning) => summary.warnings += 1,
                _ => summary.infos += 1,
            },
        }
    }
    Merged {
        report: JsonReport {
            version: 1,
            diagnostics,
            summary,
        },
    }
}

/// The order of a single run's output (see [`crate::report::finish`]).
fn sort_key<'a>(d: &'a JsonDiagnostic<'_>) -> (&'a str, usize, &'a str, &'a str) {
    (&d.file, d.start.unwrap_or(0), &d.rule, &d.message)
}

fn kind(word: &str) -> Option<SuppressionKind> {
    [
        SuppressionKind::Inline,
        SuppressionKind::Exception,
        SuppressionKind::Baseline,
        SuppressionKind::Withheld,
    ]
    .into_iter()
    .find(|k| k.as_str() == word)
}

impl Merged {
    /// How many findings, silenced ones included.
    pub fn len(&self) -> usize {
        self.report.diagnostics.len()
    }

    /// Whether no shard found anything.
    pub fn is_empty(&self) -> bool {
        self.report.diagnostics.is_empty()
    }

    /// Writes `--format json`: the bytes a single run prints.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        crate::render::json::write_report(&self.report, out)
    }

    /// Writes `--format jsonl`.
    pub fn write_lines(&self, out: &mut dyn Write) -> io::Result<()> {
        crate::render::json::write_lines(&self.report.diagnostics, out)
    }

    /// The findings placed in `loaded`, the report of loading the checked paths again
    /// without rules ([`crate::Linter::inspect`] with `run_rules` false): the report a single
    /// check gives, ready for any renderer. Refused when the paths do not hold the files and
    /// repositories the shards checked.
    pub fn into_report(self, mut loaded: Report) -> Result<Report, MergeError> {
        let summary = &self.report.summary;
        let (files, repositories) = (loaded.summary.files, loaded.summary.repositories);
        if (files, repositories) != (summary.files, summary.repositories) {
            return Err(MergeError::Mismatch {
                what: format!(
                    "{} files in {} repositories",
                    summary.files, summary.repositories
                ),
                found: format!("{files} files in {repositories} repositories"),
            });
        }
        let by_name: HashMap<&str, usize> = (0..loaded.sources.len())
            .map(|id| (&*loaded.sources.get(id).name, id))
            .collect();
        let repo_by_name: HashMap<&str, usize> = loaded
            .repositories
            .iter()
            .enumerate()
            .map(|(at, r)| (r.name.as_str(), at))
            .collect();
        let file_id = |name: &str| {
            by_name
                .get(name)
                .copied()
                .ok_or_else(|| MergeError::UnknownFile {
                    file: name.to_owned(),
                })
        };
        let mut diagnostics = Vec::with_capacity(self.report.diagnostics.len());
        for d in &self.report.diagnostics {
            diagnostics.push(self.convert(d, &loaded, &file_id, &repo_by_name)?);
        }
        let (diagnostics, summary) = crate::report::finish(diagnostics, &loaded);
        loaded.diagnostics = diagnostics;
        loaded.summary = summary;
        loaded.baseline_fixed = self.report.summary.fixed_since_baseline;
        loaded.unchecked.clear();
        Ok(loaded)
    }

    fn convert(
        &self,
        d: &JsonDiagnostic<'_>,
        loaded: &Report,
        file_id: &dyn Fn(&str) -> Result<usize, MergeError>,
        repo_by_name: &HashMap<&str, usize>,
    ) -> Result<Diagnostic, MergeError> {
        let severity = Severity::parse(&d.severity).unwrap_or(Severity::Error);
        let mut out = Diagnostic::new(&d.rule, &d.name, severity, d.message.to_string());
        let repository = if let (Some(start), Some(end)) = (d.start, d.end) {
            let file = file_id(&d.file)?;
            out = out.at(file, start..end, d.label.as_deref().unwrap_or_default());
            loaded
                .files
                .get(file)
                .and_then(Option::as_ref)
                .map(|f| f.repository)
        } else {
            repo_by_name.get(&*d.file).copied()
        };
        for label in &d.labels {
            out.secondary.push(secondary(label, loaded, file_id)?);
        }
        out.repository = repository;
        out.path = d.path.as_deref().map(str::to_owned);
        out.help = d.help.as_deref().map(str::to_owned);
        out.notes = d.notes.to_vec();
        out.entry = d.entry.as_deref().map(str::to_owned);
        out.suppressed = d.suppressed.as_ref().map(|s| {
            Box::new(Suppression {
                kind: kind(&s.kind).unwrap_or(SuppressionKind::Baseline),
                reason: s.reason.to_string(),
                id: s.id.as_deref().map(str::to_owned),
                approved_by: s.approved_by.as_deref().map(str::to_owned),
                expires: s.expires.as_deref().map(str::to_owned),
            })
        });
        Ok(out)
    }
}

fn secondary(
    label: &JsonLabel<'_>,
    loaded: &Report,
    file_id: &dyn Fn(&str) -> Result<usize, MergeError>,
) -> Result<Label, MergeError> {
    let file = file_id(&label.file)?;
    let source = loaded.sources.get(file);
    let start = source.offset_of(label.line, label.column);
    let end = source.offset_of(label.end_line, label.end_column);
    Ok(Label {
        file,
        span: start..end.max(start),
        message: label.message.to_string(),
    })
}
