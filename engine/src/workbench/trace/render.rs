//! Printing a [`Trace`]: for a terminal, an indented chain with each link's `file:line` and
//! its facts under it; for programs, the trace as one JSON object.
//!
//! Apart from the trace itself because building the answer and laying it out change for
//! different reasons. Register text is escaped in both forms, so an id or a title can
//! neither drive a terminal nor forge JSON.

use std::io::{self, Write};

use super::{Entry, Target, Trace};
use crate::render::escape;

/// The trace as JSON (pretty, one object; register text escaped as the JSON report is).
pub fn render_json(trace: &Trace, out: &mut dyn Write) -> io::Result<()> {
    crate::render::escape::write_json(out, trace, true)?;
    writeln!(out)
}

/// The trace for a terminal: the definition, the chain (each link on one line with its
/// `file:line`, its facts indented under it), who cites the id, the findings and the
/// deviations. Register text is escaped, so it cannot drive the terminal.
pub fn render_human(trace: &Trace, out: &mut dyn Write) -> io::Result<()> {
    let e = |text: &str| escape::line(text).into_owned();
    match trace.definitions.as_slice() {
        [] => {
            writeln!(out, "`{}` is cited but nothing defines it", e(&trace.id))?;
            if let Some(meant) = &trace.did_you_mean {
                writeln!(out, "  help: did you mean `{}`?", e(meant))?;
            }
        }
        definitions => {
            for d in definitions {
                write_entry(out, "", "", d)?;
            }
            if definitions.len() > 1 {
                writeln!(out, "  note: defined {} times", definitions.len())?;
            }
        }
    }
    if !trace.chain.is_empty() {
        writeln!(out)?;
        writeln!(out, "chain")?;
    }
    for party in &trace.chain {
        let indent = match &party.party {
            Some(p) => {
                write_entry(out, "  ", "", p)?;
                "    "
            }
            None => "  ",
        };
        for r in &party.requirements {
            write_entry(out, indent, "", &r.requirement)?;
            let links = r
                .addressed_by
                .iter()
                .map(|t| ("addressed_by", t))
                .chain(r.legal_ref.iter().map(|t| ("legal_ref", t)));
            for (field, t) in links {
                write_target(out, &format!("{indent}  "), field, t)?;
            }
        }
    }
    writeln!(out)?;
    if trace.cited_by.is_empty() {
        writeln!(out, "cited by: nothing")?;
    } else {
        writeln!(out, "cited by")?;
        for c in &trace.cited_by {
            let who = c.requirement.as_deref().map_or("a requirement".into(), e);
            writeln!(out, "  {who} ({})  {}", c.field, c.place)?;
        }
    }
    writeln!(out)?;
    if trace.findings.is_empty() {
        writeln!(out, "findings on the chain: none")?;
    } else {
        writeln!(out, "findings on the chain")?;
        for f in &trace.findings {
            let place = f.place.as_ref().map_or(String::new(), |p| format!("  {p}"));
            writeln!(out, "  {}[{}/{}]{place}", f.severity, f.code, f.name)?;
            writeln!(out, "      {}", e(&f.message))?;
            if let Some(kind) = f.suppressed {
                let reason = f.reason.as_deref().unwrap_or_default();
                writeln!(out, "      silenced ({kind}): {}", e(reason))?;
            }
        }
    }
    if !trace.deviations.is_empty() {
        writeln!(out)?;
        writeln!(out, "suppressions and exceptions")?;
        for d in &trace.deviations {
            let id =
                d.id.as_deref()
                    .map_or(String::new(), |i| format!(" `{}`", e(i)));
            let rules: Vec<String> = d.rules.iter().map(|r| e(r)).collect();
            writeln!(
                out,
                "  {}{id} allows {} ({})  {}",
                d.kind,
                rules.join(", "),
                d.state,
                d.place
            )?;
            writeln!(out, "      {}", e(&d.reason))?;
        }
    }
    Ok(())
}

/// One target: what defines it, or that nothing does.
fn write_target(out: &mut dyn Write, indent: &str, field: &str, t: &Target) -> io::Result<()> {
    if t.broken {
        return writeln!(
            out,
            "{indent}{field} `{}`: nothing defines it (broken reference)  {}",
            escape::line(&t.id),
            t.cited_at
        );
    }
    for d in &t.definitions {
        write_entry(out, indent, &format!("{field} "), d)?;
    }
    Ok(())
}

/// `class `id`  file:line`, then its facts on the next line, escaped.
fn write_entry(out: &mut dyn Write, indent: &str, field: &str, entry: &Entry) -> io::Result<()> {
    writeln!(
        out,
        "{indent}{field}{} `{}`  {}",
        entry.class.replace('-', " "),
        escape::line(&entry.id),
        entry.place
    )?;
    if !entry.facts.is_empty() {
        let facts: Vec<String> = entry
            .facts
            .iter()
            .map(|f| format!("{}: {}", f.key, escape::line(&f.value)))
            .collect();
        writeln!(out, "{indent}    {}", facts.join(", "))?;
    }
    Ok(())
}
