//! The one post-pass: from the findings rules produced to the report that is rendered.
//!
//! Rules and loader checks produce findings unchanged; everything that tunes or silences them
//! happens here, once, in a fixed order: rule selection and severity (configuration and
//! flags), exceptions, inline suppressions, the baseline; then sort. Silenced
//! findings are marked, never deleted, so the exit code can ignore them while SARIF and
//! `reglint exceptions` still see them. Sorting here, after every parallel job, is what makes
//! output byte-identical at any thread count.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use crate::config::Settings;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, RepoId, Severity, Summary, Suppression, SuppressionKind};
use crate::exception::{self, State};
use crate::format::{Check, YAML_SYNTAX};
use crate::model::{RegisterDoc, Repository};
use crate::rule::RuleMeta;
use crate::run::Report;
use crate::source::FileId;
use crate::source::SourceFile;
use crate::suppress;

/// An inline suppression or an exception, with what became of it: what `reglint exceptions`
/// lists for a management review or an auditor.
#[derive(Debug, Clone)]
pub struct Deviation {
    /// A comment or an exception.
    pub kind: SuppressionKind,
    /// The repository.
    pub repository: RepoId,
    /// The file it is written in.
    pub file: FileId,
    /// Where: the comment, or the exception's first line.
    pub span: Range<usize>,
    /// The rules it silences (by name).
    pub rules: Vec<String>,
    /// The register ids it covers (exceptions), empty for comments.
    pub targets: Vec<String>,
    /// Whether a comment covers its whole file.
    pub is_file_wide: bool,
    /// The exception's id.
    pub id: Option<String>,
    /// Why.
    pub reason: String,
    /// Who approved it (exceptions).
    pub approved_by: Option<String>,
    /// When (exceptions).
    pub approved_on: Option<String>,
    /// Until when (exceptions).
    pub expires: Option<String>,
    /// A ticket reference (exceptions).
    pub ticket: Option<String>,
    /// Whether it applies.
    pub state: State,
}

/// What the silencing stages need from a repository being checked.
pub struct Silencing<'a> {
    /// The repository, its documents still loaded.
    pub repository: &'a Repository,
    /// Its register files' texts, in file-id order from `first_id`.
    pub sources: &'a [SourceFile],
    /// The id of its first register file.
    pub first_id: FileId,
    /// Its configuration.
    pub settings: &'a Settings,
    /// Every rule it can report.
    pub rules: &'a [RuleMeta],
    /// A register file's path relative to the repository root.
    pub relative: &'a dyn Fn(FileId) -> Option<&'a Path>,
    /// The reference date (for expiries).
    pub today: Date,
}

/// The per-repository stages, in order: rule selection and severity, exceptions, inline
/// suppressions. Findings are marked, not removed (deselected rules aside); the problems
/// found in exceptions and directives join the findings. Returns every exception and
/// directive with its state.
pub fn silence(diagnostics: &mut Vec<Diagnostic>, cx: &Silencing<'_>) -> Vec<Deviation> {
    let by_name: HashMap<&str, &RuleMeta> = cx.rules.iter().map(|r| (r.name.as_str(), r)).collect();
    select(diagnostics, cx.settings, &by_name, cx.relative);
    let mut extra = Vec::new();
    let (mut exceptions, problems) = exception::read(
        cx.repository,
        cx.rules,
        cx.today,
        cx.settings.max_months.value,
    );
    extra.extend(problems);
    extra.extend(exception::apply(diagnostics, &mut exceptions));

    let mut directives = Vec::new();
    for (offset, source) in cx.sources.iter().enumerate() {
        if !suppress::may_hold_directives(source) {
            continue;
        }
        let file = cx.first_id + offset;
        let docs: Vec<&RegisterDoc> = cx
            .repository
            .docs
            .iter()
            .filter(|d| d.file == file)
            .map(|d| &**d)
            .collect();
        let (found, problems) = suppress::directives(source, file, &docs, cx.rules);
        directives.extend(found);
        extra.extend(problems);
    }
    let reports = |rule: &str, file: FileId| {
        by_name
            .get(rule)
            .is_some_and(|meta| cx.settings.verdict(meta, (cx.relative)(file)).is_some())
    };
    extra.extend(suppress::apply(diagnostics, &mut directives, reports));
    select(&mut extra, cx.settings, &by_name, cx.relative);
    diagnostics.extend(extra);
    if let Some(info) = withhold(diagnostics, cx, &by_name) {
        let mut info = vec![info];
        select(&mut info, cx.settings, &by_name, cx.relative);
        diagnostics.extend(info);
    }

    let mut deviations: Vec<Deviation> = exceptions
        .into_iter()
        .map(|e| Deviation {
            kind: SuppressionKind::Exception,
            repository: 0,
            file: e.file,
            span: e.span,
            rules: vec![e.rule],
            targets: e.targets,
            is_file_wide: false,
            id: Some(e.id),
            reason: e.reason,
            approved_by: Some(e.approved_by),
            approved_on: Some(e.approved_on),
            expires: Some(e.expires),
            ticket: e.ticket,
            state: e.state,
        })
        .collect();
    deviations.extend(directives.into_iter().map(|d| Deviation {
        kind: SuppressionKind::Inline,
        repository: 0,
        file: d.file,
        span: d.span,
        state: if d.rules.iter().any(|(_, used)| *used) {
            State::Active
        } else {
            State::Unused
        },
        rules: d.rules.into_iter().map(|(name, _)| name).collect(),
        targets: Vec::new(),
        is_file_wide: d.is_file_wide,
        id: None,
        reason: d.reason,
        approved_by: None,
        approved_on: None,
        expires: None,
        ticket: None,
    }));
    deviations
}

/// Findings of rules that claim absence were withheld because a file did not load.
pub const WITHHELD_FINDINGS: Check = Check {
    code: "RL011",
    name: "withheld-findings",
    severity: Severity::Info,
    summary: "Findings that something is absent were held back because a register file did not load.",
    docs: r#"## What it checks
When a register file does not load (a YAML syntax error, an encoding problem, a size or depth
limit), whatever it defines is unknown. Findings of rules that say something is absent or
unresolved (`unresolved-legal-ref`, `unresolved-addressed-by`, `soa-missing-controls`,
`missing-baseline-party`, `orphan-legal-entry`, `missing-parties-register`, unused
suppressions and exceptions, and organisation rules whose front matter says
`claims_absence: true`) may then be false: the legal entry they miss may be in the file that
did not load. reglint withholds them and says, once per repository, how many and why. They are
still in the JSON output, marked `"suppressed": {"kind": "withheld"}`, and a baseline still
matches them.

## Why an auditor cares
One syntax error in the legal register would otherwise turn every `legal_ref` in the
interested-parties register into an error that is not true, and bury the one real problem
under them. The run still fails: the syntax error itself is an error that cannot be turned off.

## Fails
```yaml
# registers/legal-register.yaml: the unclosed bracket stops the file from loading
kind: legal-register
owner: [CISO
```

## Passes
Fix the syntax error: every file loads and every finding is reported.
"#,
};

/// The withholding stage, last of a repository's: in a repository where a file did not load,
/// marks the findings of rules that claim absence as withheld and returns the one info that
/// says how many and why (none when nothing was withheld).
fn withhold(
    diagnostics: &mut [Diagnostic],
    cx: &Silencing<'_>,
    rules: &HashMap<&str, &RuleMeta>,
) -> Option<Diagnostic> {
    if !cx.repository.is_incomplete() {
        return None;
    }
    // Each unloaded file's last `yaml-syntax` finding: the one that stopped the parser.
    let mut stops: HashMap<FileId, Range<usize>> = cx
        .repository
        .unloaded
        .iter()
        .map(|(file, _)| (*file, 0..0))
        .collect();
    for d in diagnostics.iter().filter(|d| d.name == YAML_SYNTAX.name) {
        if let Some(p) = &d.primary {
            if let Some(stop) = stops.get_mut(&p.file) {
                *stop = p.span.clone();
            }
        }
    }
    let unloaded: Vec<(FileId, Range<usize>)> = cx
        .repository
        .unloaded
        .iter()
        .map(|(file, _)| (*file, stops[file].clone()))
        .collect();
    // Repository-relative where possible, so the message does not depend on the folder
    // reglint runs in.
    let names: Vec<String> = cx
        .repository
        .unloaded
        .iter()
        .map(|(file, shown)| {
            (cx.relative)(*file)
                .map_or_else(|| shown.clone(), |p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    let reason = match names.as_slice() {
        [one] => format!("`{one}` did not load, so this finding may not be true"),
        _ => format!(
            "{} register files did not load, so this finding may not be true",
            names.len()
        ),
    };
    let mut withheld: Vec<(&str, usize)> = Vec::new();
    for d in diagnostics.iter_mut() {
        let claims_absence = rules
            .get(d.name.as_str())
            .is_some_and(|rule| rule.claims_absence);
        if !claims_absence || !d.is_active() {
            continue;
        }
        d.suppressed = Some(Box::new(Suppression {
            kind: SuppressionKind::Withheld,
            reason: reason.clone(),
            id: None,
            approved_by: None,
            expires: None,
        }));
        let name = rules[d.name.as_str()].name.as_str();
        match withheld.iter_mut().find(|(n, _)| *n == name) {
            Some((_, count)) => *count += 1,
            None => withheld.push((name, 1)),
        }
    }
    let (first, rest) = unloaded.split_first()?;
    if withheld.is_empty() {
        return None;
    }
    withheld.sort_unstable();
    let total: usize = withheld.iter().map(|(_, n)| n).sum();
    let findings = if total == 1 { "finding" } else { "findings" };
    let files = match names.as_slice() {
        [one] => format!("`{one}` did not load"),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|n| format!("`{n}`")).collect();
            format!("{} and `{last}` did not load", init.join(", "))
        }
        [] => return None,
    };
    let mut info = WITHHELD_FINDINGS
        .diagnostic(format!(
            "{total} {findings} that something is absent or unresolved are not reported, because {files}"
        ))
        .at(first.0, first.1.clone(), "this file did not load")
        .with_help(
            "fix the file so that it loads and run again: until every file loads, reglint cannot tell what is really missing",
        )
        .with_note(format!(
            "withheld: {}",
            withheld
                .iter()
                .map(|(name, n)| format!("{name} ({n})"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    for (file, span) in rest {
        info = info.with_label(*file, span.clone(), "this file did not load either");
    }
    Some(info)
}

/// Rule selection and severity, the first stage: drops the findings of rules the
/// configuration turns off for their file and sets configured severities. `relative` gives a
/// register file's path relative to the repository root.
pub fn select<'a>(
    diagnostics: &mut Vec<Diagnostic>,
    settings: &Settings,
    rules: &HashMap<&str, &RuleMeta>,
    relative: &dyn Fn(FileId) -> Option<&'a Path>,
) {
    diagnostics.retain_mut(|d| {
        let Some(rule) = rules.get(d.name.as_str()) else {
            return true;
        };
        let path = d.primary.as_ref().and_then(|p| relative(p.file));
        match settings.verdict(rule, path) {
            None => false,
            Some(severity) => {
                if let Some(severity) = severity {
                    d.severity = severity;
                }
                true
            }
        }
    });
}

/// Sorts, deduplicates and counts the diagnostics of a run. `report` gives file and
/// repository names (its own diagnostics and summary are not read). Every finding is kept:
/// only human output shows at most a hundred of one rule per file (see `render::human`).
pub fn finish(mut diagnostics: Vec<Diagnostic>, report: &Report) -> (Vec<Diagnostic>, Summary) {
    // A thousand repositories leave tens of thousands of findings: they are sorted in place
    // through an order of indices (a stable sort of `u32`s), not by moving them into keyed
    // copies, which tripled the run's peak memory.
    let mut order: Vec<u32> = (0..diagnostics.len() as u32).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&diagnostics[a as usize], &diagnostics[b as usize]);
        sort_key(report.place(a), a).cmp(&sort_key(report.place(b), b))
    });
    permute(&mut diagnostics, &mut order);
    diagnostics.dedup();
    let summary = summarise(report, diagnostics.iter());
    (diagnostics, summary)
}

/// Reorders `items` in place so that position `k` holds what `order[k]` named, following
/// each cycle of the permutation once; `order` is used up as the record of what is done.
fn permute<T>(items: &mut [T], order: &mut [u32]) {
    const DONE: u32 = u32::MAX;
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at] as usize;
            order[at] = DONE;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// The key output is sorted by: (file or repository, start offset, rule code, message).
fn sort_key<'a>(place: &'a str, d: &'a Diagnostic) -> (&'a str, usize, &'a str, &'a str) {
    (
        place,
        d.primary.as_ref().map_or(0, |l| l.span.start),
        &d.code,
        &d.message,
    )
}

/// The counts of a report: findings that are not silenced, files and repositories.
fn summarise<'a>(report: &Report, diagnostics: impl Iterator<Item = &'a Diagnostic>) -> Summary {
    let mut summary = Summary {
        files: report
            .files
            .iter()
            .flatten()
            .filter(|f| f.is_register)
            .count(),
        repositories: report.repositories.len(),
        ..Summary::default()
    };
    for d in diagnostics.filter(|d| d.is_active()) {
        match d.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
            Severity::Info => summary.infos += 1,
        }
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::permute;

    #[test]
    fn permute_puts_each_item_where_the_order_names_it() {
        // Every permutation of five items, and a few longer ones with long cycles.
        let mut orders: Vec<Vec<u32>> = Vec::new();
        let mut heap = vec![0u32, 1, 2, 3, 4];
        permutations(&mut heap, 5, &mut orders);
        let distinct: std::collections::BTreeSet<&Vec<u32>> = orders.iter().collect();
        assert_eq!(distinct.len(), 120);
        let mut orders = orders.clone();
        orders.push((0..100).rev().collect());
        orders.push((0..100).map(|i| (i * 37) % 100).collect());
        for order in orders {
            let items: Vec<String> = (0..order.len()).map(|i| format!("item {i}")).collect();
            let expected: Vec<String> = order.iter().map(|&i| items[i as usize].clone()).collect();
            let mut permuted = items.clone();
            permute(&mut permuted, &mut order.clone());
            assert_eq!(permuted, expected, "order {order:?}");
        }
    }

    /// Heap's algorithm: every ordering of `items[..k]`.
    fn permutations(items: &mut Vec<u32>, k: usize, out: &mut Vec<Vec<u32>>) {
        if k <= 1 {
            out.push(items.clone());
            return;
        }
        for i in 0..k {
            permutations(items, k - 1, out);
            let swap_with = if k % 2 == 0 { i } else { 0 };
            items.swap(swap_with, k - 1);
        }
    }
}
