//! `reglint rules --coverage`: which clauses of ISO/IEC 27001:2022 the active rules check.
//!
//! An auditor planning a review wants to know what the tooling vouches for and what is left
//! to people. Each rule names its clause in its front matter (`clause: "4.2 c)"`); this
//! module groups the active rules under the clauses a register repository evidences, marks
//! the clauses no rule checks, and says which rules an organisation's folders added. It reads
//! rule metadata only: no repository is loaded and nothing is decided about one.

use std::cmp::Ordering;
use std::io::{self, Write};

use serde::Serialize;

use crate::render::escape;
use crate::rule::RuleMeta;
use crate::run::Linter;

/// The clauses of ISO/IEC 27001:2022 that register repositories evidence, with their
/// headings: always listed, checked or not.
pub(super) const CLAUSES: [(&str, &str); 13] = [
    ("4.1", "Understanding the organization and its context"),
    (
        "4.2",
        "Understanding the needs and expectations of interested parties",
    ),
    ("4.2 a)", "Interested parties relevant to the ISMS"),
    (
        "4.2 b)",
        "The relevant requirements of these interested parties",
    ),
    (
        "4.2 c)",
        "Which requirements are addressed through the ISMS",
    ),
    ("4.3", "Determining the scope of the ISMS"),
    ("6.1.2", "Information security risk assessment"),
    ("6.1.3", "Information security risk treatment"),
    ("6.1.3 d)", "Statement of applicability"),
    (
        "6.2",
        "Information security objectives and planning to achieve them",
    ),
    ("7.4", "Communication"),
    ("7.5", "Documented information"),
    ("9.3", "Management review"),
];

/// The clauses and the rules that check each.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// The clauses in the standard's order: the catalogue's, then any other a rule names.
    pub clauses: Vec<ClauseCoverage>,
    /// Rules that name no clause (format hygiene, problems with reglint's own files).
    pub without_clause: Vec<CoveredRule>,
}

/// One clause.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseCoverage {
    /// The clause as the standard numbers it (`4.2 c)`).
    pub clause: String,
    /// Its heading (`None` for a clause outside the catalogue that a rule names).
    pub title: Option<&'static str>,
    /// Whether any active rule checks it.
    pub checked: bool,
    /// The rules, by code.
    pub rules: Vec<CoveredRule>,
}

/// A rule under a clause.
#[derive(Debug, Clone, Serialize)]
pub struct CoveredRule {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its default severity.
    pub severity: &'static str,
    /// For a rule from an organisation's folder: its file; `None` for reglint's own.
    pub organisation: Option<String>,
}

impl Coverage {
    /// The coverage of every active rule of the linter (built-in checks, the pack and the
    /// organisation folders it loaded).
    pub fn of(linter: &Linter) -> Coverage {
        let origin = |m: &RuleMeta| {
            linter
                .is_organisation_rule(&m.name)
                .then(|| linter.rule_source(&m.name).map(|s| s.name.to_string()))
                .flatten()
        };
        Coverage::from_rules(&linter.all_rules(), origin)
    }

    /// The coverage of these rules; `origin` names the file of an organisation rule.
    pub fn from_rules(rules: &[RuleMeta], origin: impl Fn(&RuleMeta) -> Option<String>) -> Self {
        let mut clauses: Vec<ClauseCoverage> = CLAUSES
            .iter()
            .map(|(clause, title)| ClauseCoverage {
                clause: (*clause).to_owned(),
                title: Some(title),
                checked: false,
                rules: Vec::new(),
            })
            .collect();
        let mut without_clause = Vec::new();
        let mut sorted: Vec<&RuleMeta> = rules.iter().collect();
        sorted.sort_by(|a, b| a.code.cmp(&b.code).then_with(|| a.name.cmp(&b.name)));
        for meta in sorted {
            let rule = CoveredRule {
                code: meta.code.clone(),
                name: meta.name.clone(),
                severity: meta.severity.as_str(),
                organisation: origin(meta),
            };
            let named = split_clauses(&meta.clause);
            if named.is_empty() {
                without_clause.push(rule);
                continue;
            }
            for clause in named {
                match clauses.iter_mut().find(|c| c.clause == clause) {
                    Some(c) => c.rules.push(rule.clone()),
                    None => clauses.push(ClauseCoverage {
                        clause,
                        title: None,
                        checked: false,
                        rules: vec![rule.clone()],
                    }),
                }
            }
        }
        for c in &mut clauses {
            c.checked = !c.rules.is_empty();
        }
        clauses.sort_by(|a, b| clause_order(&a.clause, &b.clause));
        Coverage {
            clauses,
            without_clause,
        }
    }

    /// Aligned text: each clause with its heading, then its rules, or "not checked".
    pub fn render_human(&self, out: &mut dyn Write) -> io::Result<()> {
        let width = self
            .clauses
            .iter()
            .map(|c| c.clause.len())
            .max()
            .unwrap_or(0);
        for c in &self.clauses {
            let title = c.title.unwrap_or("(named by a rule)");
            if c.checked {
                writeln!(out, "{:<width$}  {title}", escape::line(&c.clause))?;
                for r in &c.rules {
                    writeln!(out, "{:<width$}    {}", "", rule_line(r))?;
                }
            } else {
                writeln!(out, "{:<width$}  {title}: not checked", c.clause)?;
            }
        }
        if !self.without_clause.is_empty() {
            let rules: Vec<String> = self.without_clause.iter().map(rule_line).collect();
            writeln!(out)?;
            writeln!(out, "no clause: {}", rules.join(", "))?;
        }
        let checked = self.clauses.iter().filter(|c| c.checked).count();
        let organisation = self
            .clauses
            .iter()
            .flat_map(|c| &c.rules)
            .chain(&self.without_clause)
            .filter(|r| r.organisation.is_some())
            .map(|r| &r.name)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        writeln!(out)?;
        writeln!(
            out,
            "{checked} of {} clauses checked; {organisation} rule{} from organisation folders",
            self.clauses.len(),
            if organisation == 1 { "" } else { "s" }
        )
    }

    /// Pretty JSON of the whole coverage.
    pub fn render_json(&self, out: &mut dyn Write) -> io::Result<()> {
        escape::write_json(out, self, true)?;
        writeln!(out)
    }

    /// A Markdown table: clause, heading, rules (`not checked` when none).
    pub fn render_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "| Clause | Heading | Rules |")?;
        writeln!(out, "|---|---|---|")?;
        for c in &self.clauses {
            let rules = if c.checked {
                let names: Vec<String> = c.rules.iter().map(markdown_rule).collect();
                names.join("<br>")
            } else {
                "not checked".to_owned()
            };
            writeln!(
                out,
                "| {} | {} | {rules} |",
                markdown_cell(&c.clause),
                c.title.unwrap_or("")
            )?;
        }
        Ok(())
    }
}

fn rule_line(r: &CoveredRule) -> String {
    let origin = r.organisation.as_ref().map_or(String::new(), |f| {
        format!(" (organisation: {})", escape::line(f))
    });
    format!(
        "{} {}{origin}",
        escape::line(&r.code),
        escape::line(&r.name)
    )
}

fn markdown_rule(r: &CoveredRule) -> String {
    let origin = if r.organisation.is_some() {
        " (organisation)"
    } else {
        ""
    };
    format!(
        "`{}` {}{origin}",
        markdown_cell(&r.code),
        markdown_cell(&r.name)
    )
}

/// Table-cell text: a `|` would end the cell, a line break the row.
fn markdown_cell(text: &str) -> String {
    escape::line(text).replace('|', "\\|")
}

/// The clauses a front-matter `clause:` names, each written as the standard numbers it
/// (`4.2 c)` from `4.2c`, `4.2 (c)` or `4.2 c)`); several may be separated by `,` or `;`.
pub fn split_clauses(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|part| !part.is_empty() && *part != "-")
        .map(normalise)
        .collect()
}

fn normalise(part: &str) -> String {
    let number_end = part
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(part.len());
    let number = part[..number_end].trim_end_matches('.');
    if number.is_empty() {
        return part.to_owned();
    }
    let rest: String = part[number_end..]
        .chars()
        .filter(|c| !matches!(c, ' ' | '(' | ')'))
        .collect();
    match rest.as_str() {
        "" => number.to_owned(),
        letter if letter.len() == 1 && letter.chars().all(|c| c.is_ascii_alphabetic()) => {
            format!("{number} {})", letter.to_ascii_lowercase())
        }
        _ => part.to_owned(),
    }
}

/// The standard's order: numbers part by part (`6.1.3` before `6.2`, `9.3` before `10.1`), a
/// clause before its lettered items; anything not numbered last, alphabetically.
pub(super) fn clause_order(a: &str, b: &str) -> Ordering {
    fn key(clause: &str) -> (bool, Vec<u32>, String) {
        let (number, letter) = clause.split_once(' ').unwrap_or((clause, ""));
        let parts: Option<Vec<u32>> = number.split('.').map(|p| p.parse().ok()).collect();
        match parts {
            Some(parts) => (false, parts, letter.to_owned()),
            None => (true, Vec::new(), clause.to_owned()),
        }
    }
    key(a).cmp(&key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_are_read_however_they_are_written() {
        assert_eq!(split_clauses("4.2 c)"), ["4.2 c)"]);
        assert_eq!(split_clauses("4.2c"), ["4.2 c)"]);
        assert_eq!(split_clauses("4.2 (B)"), ["4.2 b)"]);
        assert_eq!(split_clauses("6.1.3 d), 7.4"), ["6.1.3 d)", "7.4"]);
        assert_eq!(split_clauses(""), Vec::<String>::new());
        assert_eq!(split_clauses("A.5.24"), ["A.5.24"]);
    }

    #[test]
    fn clauses_sort_in_the_standards_order() {
        let mut clauses = vec!["10.1", "9.3", "6.2", "6.1.3 d)", "6.1.3", "A.5.1", "4.2 a)"];
        clauses.sort_by(|a, b| clause_order(a, b));
        assert_eq!(
            clauses,
            ["4.2 a)", "6.1.3", "6.1.3 d)", "6.2", "9.3", "10.1", "A.5.1"]
        );
    }
}
