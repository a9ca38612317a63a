//! Rendering the rule registry: the listing of `reglint rules` and the page of `explain`.
//!
//! Beside the report renderers because it is the same job on different data: text from
//! metadata, never a decision. Every form comes from the rules' front matter (the built-in
//! checks' included), so the listing, the explanation and `docs/rules.md` cannot disagree.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::rule::{self, RuleMeta};

/// How a rule listing prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListingFormat {
    /// One aligned line per rule: code, name, severity, clause, summary.
    Human,
    /// A JSON array of objects with those five fields.
    Json,
    /// The rule reference, `docs/rules.md`.
    Markdown,
}

/// Writes the rules, in the order given, in the format.
pub fn render(rules: &[RuleMeta], format: ListingFormat, out: &mut dyn Write) -> io::Result<()> {
    match format {
        ListingFormat::Human => write_lines(rules, out),
        ListingFormat::Json => {
            let list: Vec<Value> = rules.iter().map(rule_json).collect();
            serde_json::to_writer_pretty(&mut *out, &list)?;
            writeln!(out)
        }
        ListingFormat::Markdown => write!(out, "{}", rule::reference_markdown(rules)),
    }
}

/// One rule as the JSON listing shows it.
fn rule_json(meta: &RuleMeta) -> Value {
    json!({"code": meta.code, "name": meta.name, "severity": meta.severity.as_str(),
           "clause": meta.clause, "summary": meta.summary})
}

/// One line per rule, names padded to the longest; `-` for a rule without a clause.
fn write_lines(rules: &[RuleMeta], out: &mut dyn Write) -> io::Result<()> {
    let width = rules.iter().map(|m| m.name.len()).max().unwrap_or(0);
    for m in rules {
        let clause = if m.clause.is_empty() { "-" } else { &m.clause };
        writeln!(
            out,
            "{:<6} {:<width$}  {:<7}  {:<7}  {}",
            m.code,
            m.name,
            m.severity.as_str(),
            clause,
            m.summary
        )?;
    }
    Ok(())
}

/// A rule's page: name and code, severity and clause, summary, then its docs.
pub fn write_explanation(out: &mut dyn Write, meta: &RuleMeta) -> io::Result<()> {
    writeln!(out, "{} ({})", meta.name, meta.code)?;
    let clause = if meta.clause.is_empty() {
        String::new()
    } else {
        format!(", clause {}", meta.clause)
    };
    writeln!(out, "severity: {}{clause}", meta.severity.as_str())?;
    writeln!(out)?;
    writeln!(out, "{}", meta.summary)?;
    if !meta.docs.is_empty() {
        writeln!(out)?;
        write!(out, "{}", meta.docs)?;
    }
    Ok(())
}
