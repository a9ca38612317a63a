//! Inline suppressions: `# reglint: allow <rule>[, <rule>...] -- <reason>` comments.
//!
//! A directive at the end of a line, or alone on the line above it, covers the findings whose
//! primary label starts on that line, and, when that line opens an entry (`- id: REQ-...`),
//! every finding inside the entry. `# reglint: allow-file ...` in the file's leading comment
//! block covers the whole file. A reason is required: a silenced finding must say why. A
//! directive without one, naming an unknown rule or malformed is an `invalid-suppression`
//! error and silences nothing; one that silences nothing is an `unused-suppression` warning.
//! Comments come from the loader's one comment scan ([`crate::yaml::comments`]), so a `#`
//! inside a quoted string is never a directive.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity, Suppression, SuppressionKind};
use crate::format::Check;
use crate::model::RegisterDoc;
use crate::rule::RuleMeta;
use crate::source::{FileId, SourceFile};
use crate::suggest::did_you_mean;
use crate::yaml::NodeKind;
use crate::yaml::comments::{self, Comment};

/// A directive that cannot be used.
pub const INVALID_SUPPRESSION: Check = Check {
    code: "RL003",
    name: "invalid-suppression",
    severity: Severity::Error,
    summary: "A `# reglint: allow` comment must name known rules and give a reason after `--`.",
    docs: r#"## What it checks
Every `# reglint: allow` and `# reglint: allow-file` comment names rules that exist (by name
or code) and gives a reason after `--`. A directive with a problem silences nothing.

## Why an auditor cares
A silenced finding is an accepted deviation; an auditor asks why it was accepted. A
suppression without a reason is a finding hidden, not a decision recorded.

## Fails
```yaml
  - id: IP-COMMUNITY  # reglint: allow party-no-requirements
```

## Passes
```yaml
  - id: IP-COMMUNITY  # reglint: allow party-no-requirements -- contact only, reviewed 2026-10
```
"#,
};

/// A directive that silences nothing.
pub const UNUSED_SUPPRESSION: Check = Check {
    code: "RL004",
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "A `# reglint: allow` comment must silence a finding; one that silences nothing is stale.",
    docs: r#"## What it checks
Every `# reglint: allow` directive covers at least one finding of each rule it names.

## Why an auditor cares
A stale suppression claims a deviation that no longer exists, and would silently hide the
next real finding on that line.

## Fails
```yaml
  - id: IP-CUST  # reglint: allow party-no-requirements -- no requirements yet
    requirements:
      - id: REQ-CUST-001
```

## Passes
```yaml
  - id: IP-CUST
    requirements:
      - id: REQ-CUST-001
```
"#,
};

/// The marker that starts a directive inside a comment.
const MARKER: &str = "reglint:";

/// One valid directive of a file.
#[derive(Debug, Clone)]
pub struct Directive {
    /// The file.
    pub file: FileId,
    /// The comment.
    pub span: Range<usize>,
    /// Whether it covers the whole file.
    pub is_file_wide: bool,
    /// The rules it names (by name), each with whether it silenced anything.
    pub rules: Vec<(String, bool)>,
    /// The reason after `--`.
    pub reason: String,
    /// Byte ranges covered: the line and, when the line opens an entry, the entry.
    pub covers: Vec<Range<usize>>,
}

impl Directive {
    fn covers(&self, d: &Diagnostic) -> bool {
        let Some(primary) = &d.primary else {
            return false;
        };
        primary.file == self.file
            && self
                .covers
                .iter()
                .any(|r| r.start <= primary.span.start && primary.span.start <= r.end)
    }
}

/// Finds the directives of one file. `docs` are the file's documents (for entry extents),
/// `rules` every rule of the repository. Problems come back as `invalid-suppression`.
pub fn directives(
    source: &SourceFile,
    file: FileId,
    docs: &[&RegisterDoc],
    rules: &[RuleMeta],
) -> (Vec<Directive>, Vec<Diagnostic>) {
    let text = &*source.text;
    if !may_hold_directives(source) {
        return (Vec::new(), Vec::new());
    }
    let scalars = comments::scalar_spans(docs.iter().map(|reg| &reg.doc));
    let found = comments::scan_lines_with(text, &scalars, MARKER);
    let first_content = first_content_line(text);
    let mut directives = Vec::new();
    let mut problems = Vec::new();
    for comment in &found {
        let body = text[comment.text_start..comment.span.end].trim();
        let Some(rest) = body.strip_prefix(MARKER) else {
            continue;
        };
        match parse(rest.trim(), rules) {
            Err((message, help)) => problems.push(
                INVALID_SUPPRESSION
                    .diagnostic(message)
                    .at(
                        file,
                        comment.span.clone(),
                        "this directive silences nothing",
                    )
                    .with_help(help),
            ),
            Ok(parsed) if parsed.is_file_wide && comment.line >= first_content => problems.push(
                INVALID_SUPPRESSION
                    .diagnostic("`allow-file` must be in the comment block at the top of the file")
                    .at(
                        file,
                        comment.span.clone(),
                        "this directive silences nothing",
                    )
                    .with_help(
                        "move it above the first line of YAML, or use `allow` for this line",
                    ),
            ),
            Ok(parsed) => {
                let covers = if parsed.is_file_wide {
                    std::iter::once(0..text.len()).collect()
                } else {
                    line_cover(source, comment, docs)
                };
                directives.push(Directive {
                    file,
                    span: comment.span.clone(),
                    is_file_wide: parsed.is_file_wide,
                    rules: parsed.rules.into_iter().map(|r| (r, false)).collect(),
                    reason: parsed.reason,
                    covers,
                });
            }
        }
    }
    (directives, problems)
}

/// Whether a file can hold a directive at all (most do not, and are not scanned).
pub fn may_hold_directives(source: &SourceFile) -> bool {
    source.text.contains(MARKER)
}

/// A directive's words, read.
struct Parsed {
    is_file_wide: bool,
    rules: Vec<String>,
    reason: String,
}

fn parse(rest: &str, rules: &[RuleMeta]) -> Result<Parsed, (String, String)> {
    let usage = "write `# reglint: allow <rule>[, <rule>...] -- <reason>`".to_owned();
    let (verb, rest) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let is_file_wide = match verb {
        "allow" => false,
        "allow-file" => true,
        other => {
            let help = match did_you_mean(other, ["allow", "allow-file"]) {
                Some(meant) => format!("did you mean `{meant}`?"),
                None => usage,
            };
            return Err((format!("unknown directive `reglint: {other}`"), help));
        }
    };
    let (names, reason) = match rest.split_once("--") {
        Some((names, reason)) => (names, reason.trim()),
        None => (rest, ""),
    };
    let mut named = Vec::new();
    for word in names.split(',').map(str::trim) {
        if word.is_empty() {
            continue;
        }
        match crate::rule::lookup(rules, word) {
            Some(rule) => named.push(rule.name.clone()),
            None => {
                let help = crate::rule::unknown_rule_help(word, rules);
                return Err((format!("`{word}` names no rule"), help));
            }
        }
    }
    if named.is_empty() {
        return Err((format!("`reglint: {verb}` names no rule"), usage));
    }
    if reason.is_empty() {
        return Err((
            format!("`reglint: {verb} {}` gives no reason", named.join(", ")),
            "add the reason after ` -- `: an accepted deviation must say why it was accepted"
                .into(),
        ));
    }
    Ok(Parsed {
        is_file_wide,
        rules: named,
        reason: reason.to_owned(),
    })
}

/// The 0-based index of the file's first line that is not blank or a comment.
fn first_content_line(text: &str) -> usize {
    text.lines()
        .position(|line| {
            let trimmed = line.trim_start_matches('\u{feff}').trim();
            !(trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "---")
        })
        .unwrap_or(usize::MAX)
}

/// What a line directive covers: its target line (its own line when trailing, else the next
/// line that is not blank or a comment) and the entry that line opens.
fn line_cover(source: &SourceFile, comment: &Comment, docs: &[&RegisterDoc]) -> Vec<Range<usize>> {
    let target = if comment.is_trailing {
        Some(comment.line)
    } else {
        let text = &*source.text;
        (comment.line + 1..)
            .take_while(|&line| source.line_range(line).is_some())
            .find(|&line| {
                let range = source.line_range(line).unwrap_or(0..0);
                // A line that starts with `#` is a comment: nothing on it to cover.
                let written = text[range].trim();
                !written.is_empty() && !written.starts_with('#')
            })
    };
    let Some(target) = target else {
        return Vec::new();
    };
    let Some(line) = source.line_range(target) else {
        return Vec::new();
    };
    let mut covers = vec![line.clone()];
    // The largest mapping that starts on the line is the entry it opens.
    let entry = docs
        .iter()
        .flat_map(|reg| reg.doc.nodes.iter())
        .filter(|node| matches!(node.kind, NodeKind::Map(_)) && line.contains(&node.span.start))
        .map(|node| node.span.clone())
        .max_by_key(|span| span.end - span.start);
    covers.extend(entry);
    covers
}

/// Marks the findings the directives cover (skipping those already silenced) and returns the
/// `unused-suppression` warnings. `reports` tells whether a rule can report in a file at all
/// (a directive for a rule the configuration turns off there is not stale).
pub fn apply(
    diagnostics: &mut [Diagnostic],
    directives: &mut [Directive],
    reports: impl Fn(&str, FileId) -> bool,
) -> Vec<Diagnostic> {
    for d in diagnostics.iter_mut().filter(|d| d.is_active()) {
        for directive in directives.iter_mut() {
            if !directive.covers(d) {
                continue;
            }
            let Some(slot) = directive.rules.iter_mut().find(|(name, _)| *name == d.name) else {
                continue;
            };
            slot.1 = true;
            d.suppressed = Some(Box::new(Suppression {
                kind: SuppressionKind::Inline,
                reason: directive.reason.clone(),
                id: None,
                approved_by: None,
                expires: None,
            }));
            break;
        }
    }
    let mut unused = Vec::new();
    for directive in directives.iter() {
        let stale: Vec<&str> = directive
            .rules
            .iter()
            .filter(|(name, used)| !used && reports(name, directive.file))
            .map(|(name, _)| name.as_str())
            .collect();
        if stale.is_empty() {
            continue;
        }
        let names: Vec<String> = stale.iter().map(|n| format!("`{n}`")).collect();
        let scope = if directive.is_file_wide {
            "in this file"
        } else {
            "here"
        };
        unused.push(
            UNUSED_SUPPRESSION
                .diagnostic(format!(
                    "this suppression of {} silences nothing: no such finding {scope}",
                    names.join(", ")
                ))
                .at(directive.file, directive.span.clone(), "unused suppression")
                .with_help("remove the rule from the directive, or the directive itself"),
        );
    }
    unused
}
