//! Writing a [`Diff`]: for a terminal, as Markdown (a pull-request comment, the change input
//! of an ISO/IEC 27001 clause 9.3 management review) or as JSON for a program.
//!
//! Separate from the comparison because each format has its own escaping: register text is
//! made terminal-safe for `human` (`escape::line`), cannot open a cell, a tag, code or a
//! line in Markdown ([`cell`]), and is `\uXXXX`-escaped in JSON. The JSON is the [`Diff`]
//! serialised, stable within its `version`:
//!
//! ```text
//! { "version": 1, "repository": "...", "base": "REV", "head": "REV" | "work tree",
//!   "parties":      { "added": [C], "removed": [C], "changed": [C] },
//!   "requirements": { "added": [C], "removed": [C], "changed": [C] },
//!   "lost_last_control": [{ "id", "party", "controls": [id], "file", "line" }],
//!   "not_applicable":    [{ "id", "title", "relied_on_by": [id], "file", "line" }],
//!   "legal_without_ref": [C],
//!   "findings": { "introduced": [F], "fixed": [F] } }
//! C = { "id", "title", "party", "fields": [name], "file", "line" }
//! F = { "rule", "file", "line", "severity", "entry", "message" }
//! ```
//!
//! `title` is a party's `name` or a requirement's `description`; `party` is `null` for a
//! party; `fields` lists the fields that differ, for `changed` only; `file` and `line` place
//! an entry at head (at base when removed) and are absent from a finding with no place.

use std::io::{self, Write};

use super::{Changes, Diff, EntryChange, Finding};
use crate::render::escape;

/// How a diff is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    /// Plain text for a terminal.
    Human,
    /// Markdown: headings, count tables and one table per category.
    Markdown,
    /// JSON (see the module documentation).
    Json,
}

impl Diff {
    /// Writes the diff in `format`.
    pub fn render(&self, format: DiffFormat, out: &mut dyn Write) -> io::Result<()> {
        match format {
            DiffFormat::Human => human(self, out),
            DiffFormat::Markdown => markdown(self, out),
            DiffFormat::Json => {
                escape::write_json(out, self, true)?;
                writeln!(out)
            }
        }
    }

    /// The counts of each category, in the order they are shown: (label, count).
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        vec![
            ("Parties added", self.parties.added.len()),
            ("Parties removed", self.parties.removed.len()),
            ("Parties changed", self.parties.changed.len()),
            ("Requirements added", self.requirements.added.len()),
            ("Requirements removed", self.requirements.removed.len()),
            ("Requirements changed", self.requirements.changed.len()),
            (
                "Requirements that lost their last control",
                self.lost_last_control.len(),
            ),
            (
                "Controls that became not applicable",
                self.not_applicable.len(),
            ),
            (
                "New legal requirements without legal_ref",
                self.legal_without_ref.len(),
            ),
            ("Findings introduced", self.findings.introduced.len()),
            ("Findings fixed", self.findings.fixed.len()),
        ]
    }
}

/// One-line terminal text.
fn t(text: &str) -> std::borrow::Cow<'_, str> {
    escape::line(text)
}

fn human(diff: &Diff, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{}: {} .. {}",
        t(&diff.repository),
        t(&diff.base),
        t(&diff.head)
    )?;
    let mut any = false;
    let mut entries = |out: &mut dyn Write, heading: &str, list: &[EntryChange]| {
        if list.is_empty() {
            return Ok(());
        }
        any = true;
        writeln!(out, "\n{heading} ({}):", list.len())?;
        for e in list {
            let party = e
                .party
                .as_ref()
                .map_or(String::new(), |p| format!(" (party {})", t(p)));
            let fields = if e.fields.is_empty() {
                String::new()
            } else {
                format!(": {}", t(&e.fields.join(", ")))
            };
            writeln!(
                out,
                "  {}{party}{fields}  [{}]",
                t(&e.id),
                t(&e.place.to_string())
            )?;
        }
        io::Result::Ok(())
    };
    for (name, changes) in [
        ("parties", &diff.parties),
        ("requirements", &diff.requirements),
    ] {
        entries(out, &format!("{name} added"), &changes.added)?;
        entries(out, &format!("{name} removed"), &changes.removed)?;
        entries(out, &format!("{name} changed"), &changes.changed)?;
    }
    if !diff.lost_last_control.is_empty() {
        any = true;
        writeln!(
            out,
            "\nrequirements that lost their last control ({}):",
            diff.lost_last_control.len()
        )?;
        for l in &diff.lost_last_control {
            writeln!(
                out,
                "  {}: had {}  [{}]",
                t(&l.id),
                t(&l.controls.join(", ")),
                t(&l.place.to_string())
            )?;
        }
    }
    if !diff.not_applicable.is_empty() {
        any = true;
        writeln!(
            out,
            "\ncontrols that became not applicable ({}):",
            diff.not_applicable.len()
        )?;
        for n in &diff.not_applicable {
            let relied = if n.relied_on_by.is_empty() {
                "no requirement relies on it".to_owned()
            } else {
                format!("relied on by {}", n.relied_on_by.join(", "))
            };
            writeln!(
                out,
                "  {}: {}  [{}]",
                t(&n.id),
                t(&relied),
                t(&n.place.to_string())
            )?;
        }
    }
    let mut entries2 = |out: &mut dyn Write, heading: &str, list: &[EntryChange]| {
        if !list.is_empty() {
            any = true;
            writeln!(out, "\n{heading} ({}):", list.len())?;
            for e in list {
                writeln!(out, "  {}  [{}]", t(&e.id), t(&e.place.to_string()))?;
            }
        }
        io::Result::Ok(())
    };
    entries2(
        out,
        "new legal requirements without legal_ref",
        &diff.legal_without_ref,
    )?;
    for (heading, list) in [
        ("findings introduced", &diff.findings.introduced),
        ("findings fixed", &diff.findings.fixed),
    ] {
        if list.is_empty() {
            continue;
        }
        any = true;
        writeln!(out, "\n{heading} ({}):", list.len())?;
        for f in list {
            let place = f.place.as_ref().map_or(String::new(), |p| format!("{p}: "));
            writeln!(
                out,
                "  {}{} [{}]: {}",
                t(&place),
                f.severity,
                t(&f.rule),
                t(&f.message)
            )?;
        }
    }
    if !any {
        writeln!(out, "\nno register change")?;
    }
    Ok(())
}

/// Text for a Markdown table cell or heading: nothing in it can end the cell (`|`), the row
/// (a line break), open HTML (`<`, `&`), code (a backtick) or emphasis and links.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in escape::line(&text.replace("\r\n", " ").replace(['\n', '\r'], " ")).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' | '`' | '\\' | '*' | '_' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn opt(text: Option<&String>) -> String {
    text.map_or(String::new(), |t| cell(t))
}

fn markdown(diff: &Diff, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Register changes: {}", cell(&diff.repository))?;
    writeln!(out)?;
    writeln!(
        out,
        "Base: {}; head: {}.",
        code(&diff.base),
        if diff.head == super::WORK_TREE {
            "the work tree".to_owned()
        } else {
            code(&diff.head)
        }
    )?;
    writeln!(out)?;
    writeln!(out, "| Change | Count |")?;
    writeln!(out, "| --- | ---: |")?;
    for (label, count) in diff.counts() {
        writeln!(out, "| {} | {count} |", cell(label))?;
    }
    changes_md(out, "Parties", &diff.parties, false)?;
    changes_md(out, "Requirements", &diff.requirements, true)?;
    if !diff.lost_last_control.is_empty() {
        writeln!(out, "\n### Requirements that lost their last control\n")?;
        writeln!(out, "| Requirement | Party | Controls at base | Place |")?;
        writeln!(out, "| --- | --- | --- | --- |")?;
        for l in &diff.lost_last_control {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&l.id),
                opt(l.party.as_ref()),
                cell(&l.controls.join(", ")),
                cell(&l.place.to_string())
            )?;
        }
    }
    if !diff.not_applicable.is_empty() {
        writeln!(out, "\n### Controls that became not applicable\n")?;
        writeln!(out, "| Control | Title | Relied on by | Place |")?;
        writeln!(out, "| --- | --- | --- | --- |")?;
        for n in &diff.not_applicable {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&n.id),
                opt(n.title.as_ref()),
                cell(&n.relied_on_by.join(", ")),
                cell(&n.place.to_string())
            )?;
        }
    }
    if !diff.legal_without_ref.is_empty() {
        writeln!(out, "\n### New legal requirements without legal\\_ref\n")?;
        writeln!(out, "| Requirement | Party | Description | Place |")?;
        writeln!(out, "| --- | --- | --- | --- |")?;
        for e in &diff.legal_without_ref {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&e.id),
                opt(e.party.as_ref()),
                opt(e.title.as_ref()),
                cell(&e.place.to_string())
            )?;
        }
    }
    findings_md(out, "Findings introduced", &diff.findings.introduced)?;
    findings_md(out, "Findings fixed", &diff.findings.fixed)?;
    Ok(())
}

/// Inline code that no backtick in `text` can close early.
fn code(text: &str) -> String {
    format!("`` {} ``", escape::line(text).replace('`', "'"))
}

fn changes_md(
    out: &mut dyn Write,
    name: &str,
    changes: &Changes,
    with_party: bool,
) -> io::Result<()> {
    for (what, list) in [
        ("added", &changes.added),
        ("removed", &changes.removed),
        ("changed", &changes.changed),
    ] {
        if list.is_empty() {
            continue;
        }
        writeln!(out, "\n### {name} {what}\n")?;
        let party = if with_party { " Party |" } else { "" };
        let fields = if what == "changed" {
            " Fields changed |"
        } else {
            ""
        };
        let title = if with_party { "Description" } else { "Name" };
        writeln!(out, "| ID |{party} {title} |{fields} Place |")?;
        let columns = 3 + usize::from(with_party) + usize::from(what == "changed");
        writeln!(out, "|{}", " --- |".repeat(columns))?;
        for e in list {
            let mut row = format!("| {} |", cell(&e.id));
            if with_party {
                row.push_str(&format!(" {} |", opt(e.party.as_ref())));
            }
            row.push_str(&format!(" {} |", opt(e.title.as_ref())));
            if what == "changed" {
                row.push_str(&format!(" {} |", cell(&e.fields.join(", "))));
            }
            row.push_str(&format!(" {} |", cell(&e.place.to_string())));
            writeln!(out, "{row}")?;
        }
    }
    Ok(())
}

fn findings_md(out: &mut dyn Write, heading: &str, list: &[Finding]) -> io::Result<()> {
    if list.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n### {heading}\n")?;
    let mut per_rule: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in list {
        *per_rule.entry(&f.rule).or_insert(0) += 1;
    }
    writeln!(out, "| Rule | Count |")?;
    writeln!(out, "| --- | ---: |")?;
    for (rule, count) in per_rule {
        writeln!(out, "| {} | {count} |", cell(rule))?;
    }
    writeln!(out)?;
    writeln!(out, "| Rule | Severity | Place | Entry | Message |")?;
    writeln!(out, "| --- | --- | --- | --- | --- |")?;
    for f in list {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&f.rule),
            f.severity,
            f.place
                .as_ref()
                .map_or(String::new(), |p| cell(&p.to_string())),
            opt(f.entry.as_ref()),
            cell(&f.message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn register_text_cannot_break_out_of_a_cell() {
        assert_eq!(cell("a|b"), "a\\|b");
        assert_eq!(cell("<script>"), "&lt;script&gt;");
        assert_eq!(cell("`x`"), "\\`x\\`");
        assert_eq!(cell("two\nlines"), "two lines");
        assert_eq!(cell("A.5.1"), "A.5.1");
    }
}
