//! JSON and JSON-lines output: the machine contract (see docs/json-output.md). Strings are
//! written through [`super::escape::SafeJson`], so no control character or bidirectional
//! override reaches a terminal that shows the JSON, and every reader decodes the same text.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::line_col;
use crate::diagnostic::Diagnostic;
use crate::run::Report;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(PartialEq)]
pub(crate) struct JsonLabel<'a> {
    pub(crate) file: Cow<'a, str>,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) end_line: usize,
    pub(crate) end_column: usize,
    pub(crate) message: Cow<'a, str>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(PartialEq)]
pub(crate) struct JsonDiagnostic<'a> {
    pub(crate) rule: Cow<'a, str>,
    pub(crate) name: Cow<'a, str>,
    pub(crate) severity: Cow<'a, str>,
    pub(crate) message: Cow<'a, str>,
    pub(crate) file: Cow<'a, str>,
    pub(crate) line: Option<usize>,
    pub(crate) column: Option<usize>,
    pub(crate) end_line: Option<usize>,
    pub(crate) end_column: Option<usize>,
    pub(crate) start: Option<usize>,
    pub(crate) end: Option<usize>,
    pub(crate) path: Option<Cow<'a, str>>,
    pub(crate) label: Option<Cow<'a, str>>,
    pub(crate) labels: Vec<JsonLabel<'a>>,
    pub(crate) help: Option<Cow<'a, str>>,
    pub(crate) notes: Cow<'a, [String]>,
    pub(crate) entry: Option<Cow<'a, str>>,
    pub(crate) suppressed: Option<JsonSuppression<'a>>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(PartialEq)]
pub(crate) struct JsonSuppression<'a> {
    pub(crate) kind: Cow<'a, str>,
    pub(crate) reason: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) approved_by: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) expires: Option<Cow<'a, str>>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(PartialEq)]
pub(crate) struct JsonSummary {
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) infos: usize,
    pub(crate) files: usize,
    pub(crate) repositories: usize,
    pub(crate) suppressed: usize,
    /// Of those, the findings withheld because a file did not load.
    pub(crate) withheld: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) fixed_since_baseline: Option<usize>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(PartialEq)]
pub(crate) struct JsonReport<'a> {
    pub(crate) version: u32,
    pub(crate) diagnostics: Vec<JsonDiagnostic<'a>>,
    pub(crate) summary: JsonSummary,
}

fn convert<'a>(report: &'a Report, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let position = d.primary.as_ref().map(|p| {
        let (line, column) = line_col(report, p.file, p.span.start);
        let (end_line, end_column) = line_col(report, p.file, p.span.end);
        (
            &*report.sources.get(p.file).name,
            line,
            column,
            end_line,
            end_column,
            p.span.clone(),
        )
    });
    let labels = d
        .secondary
        .iter()
        .map(|l| {
            let (line, column) = line_col(report, l.file, l.span.start);
            let (end_line, end_column) = line_col(report, l.file, l.span.end);
            JsonLabel {
                file: Cow::Borrowed(&report.sources.get(l.file).name),
                line,
                column,
                end_line,
                end_column,
                message: Cow::Borrowed(&l.message),
            }
        })
        .collect();
    JsonDiagnostic {
        rule: Cow::Borrowed(&d.code),
        name: Cow::Borrowed(&d.name),
        severity: Cow::Borrowed(d.severity.as_str()),
        message: Cow::Borrowed(&d.message),
        file: Cow::Borrowed(position.as_ref().map_or(report.place(d), |p| p.0)),
        line: position.as_ref().map(|p| p.1),
        column: position.as_ref().map(|p| p.2),
        end_line: position.as_ref().map(|p| p.3),
        end_column: position.as_ref().map(|p| p.4),
        start: position.as_ref().map(|p| p.5.start),
        end: position.as_ref().map(|p| p.5.end),
        path: d.path.as_deref().map(Cow::Borrowed),
        label: d
            .primary
            .as_ref()
            .map(|p| p.message.as_str())
            .filter(|m| !m.is_empty())
            .map(Cow::Borrowed),
        labels,
        help: d.help.as_deref().map(Cow::Borrowed),
        notes: Cow::Borrowed(&d.notes[..]),
        entry: d.entry.as_deref().map(Cow::Borrowed),
        suppressed: d.suppressed.as_ref().map(|s| JsonSuppression {
            kind: Cow::Borrowed(s.kind.as_str()),
            reason: Cow::Borrowed(&s.reason),
            id: s.id.as_deref().map(Cow::Borrowed),
            approved_by: s.approved_by.as_deref().map(Cow::Borrowed),
            expires: s.expires.as_deref().map(Cow::Borrowed),
        }),
    }
}

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    let whole = JsonReport {
        version: 1,
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| convert(report, d))
            .collect(),
        summary: JsonSummary {
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            files: s.files,
            repositories: s.repositories,
            suppressed: report.diagnostics.iter().filter(|d| !d.is_active()).count(),
            withheld: report.withheld_count(),
            fixed_since_baseline: report.baseline_fixed,
        },
    };
    write_report(&whole, out)
}

/// Writes a whole report: `--format json`, from a run or from merged shards.
pub(crate) fn write_report(report: &JsonReport<'_>, out: &mut dyn Write) -> io::Result<()> {
    super::escape::write_json(&mut *out, report, true)?;
    writeln!(out)
}

pub(super) fn render_lines(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    write_lines(report.diagnostics.iter().map(|d| convert(report, d)), out)
}

/// Writes `--format jsonl`: one diagnostic per line, each converted as it is written.
pub(crate) fn write_lines<T: Serialize>(
    diagnostics: impl IntoIterator<Item = T>,
    out: &mut dyn Write,
) -> io::Result<()> {
    for d in diagnostics {
        super::escape::write_json(&mut *out, &d, false)?;
        writeln!(out)?;
    }
    Ok(())
}
