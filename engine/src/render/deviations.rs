//! `reglint exceptions`: every accepted deviation (inline suppressions and exceptions) with
//! its reason, approver, expiry and state, for a management review or an auditor. What a
//! register wrote (reasons, approvers, tickets, file names) is shown escaped, as in `human`.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::escape::line;
use crate::diagnostic::SuppressionKind;
use crate::report::Deviation;
use crate::run::Report;

/// One row of the listing: the values every format shows.
struct Row<'a> {
    kind: &'static str,
    place: String,
    rules: String,
    subject: String,
    deviation: &'a Deviation,
}

fn rows(report: &Report) -> Vec<Row<'_>> {
    let mut rows: Vec<Row<'_>> = report
        .deviations
        .iter()
        .map(|d| {
            let source = report.sources.get(d.file);
            let line = source.line_col(d.span.start).0;
            let subject = match d.kind {
                SuppressionKind::Exception => d.targets.join(", "),
                _ if d.is_file_wide => "whole file".to_owned(),
                _ => format!("line {line}"),
            };
            Row {
                kind: if d.kind == SuppressionKind::Exception {
                    "exception"
                } else {
                    "inline"
                },
                place: format!("{}:{line}", source.name),
                rules: d.rules.join(", "),
                subject,
                deviation: d,
            }
        })
        .collect();
    rows.sort_by(|a, b| (&a.place, a.kind).cmp(&(&b.place, b.kind)));
    rows
}

/// Human listing: one block per deviation.
pub fn render_human(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rows = rows(report);
    for row in &rows {
        let d = row.deviation;
        let id = d.id.as_deref().map_or(String::new(), |id| format!(" {id}"));
        // Everything but the kind and state comes from a register: shown escaped.
        let place = line(&row.place);
        writeln!(
            out,
            "{place} {}{} [{}]",
            row.kind,
            line(&id),
            d.state.as_str()
        )?;
        writeln!(out, "  rule:     {}", line(&row.rules))?;
        writeln!(out, "  covers:   {}", line(&row.subject))?;
        writeln!(out, "  reason:   {}", line(&d.reason))?;
        if let Some(by) = &d.approved_by {
            let on = d.approved_on.as_deref().unwrap_or("?");
            writeln!(out, "  approved: {} on {}", line(by), line(on))?;
        }
        if let Some(expires) = &d.expires {
            writeln!(out, "  expires:  {}", line(expires))?;
        }
        if let Some(ticket) = &d.ticket {
            writeln!(out, "  ticket:   {}", line(ticket))?;
        }
    }
    writeln!(
        out,
        "{} deviations ({} exceptions, {} inline)",
        rows.len(),
        rows.iter().filter(|r| r.kind == "exception").count(),
        rows.iter().filter(|r| r.kind == "inline").count()
    )
}

/// JSON: an array of deviations.
pub fn render_json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let list: Vec<Value> = rows(report)
        .iter()
        .map(|row| {
            let d = row.deviation;
            json!({
                "kind": row.kind,
                "id": d.id,
                "place": row.place,
                "rules": d.rules,
                "targets": d.targets,
                "whole_file": d.is_file_wide,
                "reason": d.reason,
                "approved_by": d.approved_by,
                "approved_on": d.approved_on,
                "expires": d.expires,
                "ticket": d.ticket,
                "state": d.state.as_str(),
            })
        })
        .collect();
    super::escape::write_json(&mut *out, &list, true)?;
    writeln!(out)
}

/// Markdown: the accepted-deviations table.
pub fn render_markdown(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let cell = |text: &str| line(&text.replace('|', "\\|").replace('\n', " ")).into_owned();
    writeln!(out, "# Accepted deviations\n")?;
    writeln!(
        out,
        "| id | rule | covers | reason | approved by | approved on | expires | state | where |"
    )?;
    writeln!(
        out,
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    )?;
    for row in rows(report) {
        let d = row.deviation;
        let dash = |v: &Option<String>| v.as_deref().map_or("–".to_owned(), cell);
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | `{}` |",
            d.id.as_deref().map_or_else(|| "inline".to_owned(), cell),
            cell(&row.rules),
            cell(&row.subject),
            cell(&d.reason),
            dash(&d.approved_by),
            dash(&d.approved_on),
            dash(&d.expires),
            d.state.as_str(),
            row.place
        )?;
    }
    Ok(())
}
