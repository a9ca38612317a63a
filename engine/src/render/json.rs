//! JSON and JSON-lines output: the machine contract (see docs/json-output.md). Strings are
//! written through [`super::escape::SafeJson`], so no control character or bidirectional
//! override reaches a terminal that shows the JSON, and every reader decodes the same text.

use std::io::{self, Write};

use serde::Serialize;

use super::line_col;
use crate::diagnostic::Diagnostic;
use crate::run::Report;

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    start: Option<usize>,
    end: Option<usize>,
    path: Option<&'a str>,
    label: Option<&'a str>,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    notes: &'a [String],
    entry: Option<&'a str>,
    suppressed: Option<JsonSuppression<'a>>,
}

#[derive(Serialize)]
struct JsonSuppression<'a> {
    kind: &'a str,
    reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    approved_by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    infos: usize,
    files: usize,
    repositories: usize,
    suppressed: usize,
    /// Of those, the findings withheld because a file did not load.
    withheld: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed_since_baseline: Option<usize>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: JsonSummary,
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
                file: &report.sources.get(l.file).name,
                line,
                column,
                end_line,
                end_column,
                message: &l.message,
            }
        })
        .collect();
    JsonDiagnostic {
        rule: &d.code,
        name: &d.name,
        severity: d.severity.as_str(),
        message: &d.message,
        file: position.as_ref().map_or(report.place(d), |p| p.0),
        line: position.as_ref().map(|p| p.1),
        column: position.as_ref().map(|p| p.2),
        end_line: position.as_ref().map(|p| p.3),
        end_column: position.as_ref().map(|p| p.4),
        start: position.as_ref().map(|p| p.5.start),
        end: position.as_ref().map(|p| p.5.end),
        path: d.path.as_deref(),
        label: d
            .primary
            .as_ref()
            .map(|p| p.message.as_str())
            .filter(|m| !m.is_empty()),
        labels,
        help: d.help.as_deref(),
        notes: &d.notes,
        entry: d.entry.as_deref(),
        suppressed: d.suppressed.as_ref().map(|s| JsonSuppression {
            kind: s.kind.as_str(),
            reason: &s.reason,
            id: s.id.as_deref(),
            approved_by: s.approved_by.as_deref(),
            expires: s.expires.as_deref(),
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
    super::escape::write_json(&mut *out, &whole, true)?;
    writeln!(out)
}

pub(super) fn render_lines(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        super::escape::write_json(&mut *out, &convert(report, d), false)?;
        writeln!(out)?;
    }
    Ok(())
}
