//! Exceptions as data: the risk-acceptance register (`kind: exceptions`).
//!
//! An exception accepts the findings of one rule on named register entries, with a reason,
//! an approver, an approval date and an expiry. It is keyed on ids, not lines, so it survives
//! any edit of the files around it. Past its expiry it no longer applies and is itself an
//! error; one missing its reason, approver or expiry is an error and applies to nothing; one
//! that covers nothing is stale; one running longer than `exceptions.max_months` is a warning.

use std::ops::Range;

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Severity, Suppression, SuppressionKind};
use crate::format::Check;
use crate::model::{EntryClass, NodeRef, Repository};
use crate::rule::RuleMeta;
use crate::source::FileId;
use crate::yaml::NodeKind;

/// An exception that cannot be used.
pub const INVALID_EXCEPTION: Check = Check {
    code: "RL005",
    name: "invalid-exception",
    severity: Severity::Error,
    summary: "An exception must name a known rule and its targets, and record its reason, approver, approval date and expiry.",
    docs: r#"## What it checks
Every entry of a `kind: exceptions` register has `id`, `rule` (a rule's name or code),
`target` (a register id or a list of them), `reason`, `approved_by`, `approved_on` and
`expires` (dates as `YYYY-MM-DD`). An exception with a problem applies to nothing.

## Why an auditor cares
An accepted deviation is a risk acceptance: ISO/IEC 27001 clause 6.1.3 asks who accepted
which residual risk, and until when.

## Fails
```yaml
exceptions:
  - id: EXC-001
    rule: party-no-requirements
    target: IP-SECURITY-COMMUNITY
```

## Passes
```yaml
exceptions:
  - id: EXC-001
    rule: party-no-requirements
    target: IP-SECURITY-COMMUNITY
    reason: Community contact only; requirements reviewed at the next management review.
    approved_by: CISO
    approved_on: 2026-10-01
    expires: 2027-03-31
```
"#,
};

/// An exception past its expiry.
pub const EXPIRED_EXCEPTION: Check = Check {
    code: "RL006",
    name: "expired-exception",
    severity: Severity::Error,
    summary: "An exception past its `expires` date no longer applies and must be renewed or removed.",
    docs: r#"## What it checks
No exception's `expires` date lies before the reference date (`--today`, `today:` in the
configuration, or the clock). An expired exception silences nothing.

## Why an auditor cares
A risk acceptance is granted for a period; past it, the deviation is open again until
management decides anew (clauses 6.1.3 and 9.3).

## Fails
```yaml
    expires: 2025-03-31
```

## Passes
```yaml
    expires: 2027-03-31
```
"#,
};

/// An exception that covers no finding.
pub const UNUSED_EXCEPTION: Check = Check {
    code: "RL007",
    name: "unused-exception",
    severity: Severity::Warning,
    summary: "An exception must cover a finding; one that covers nothing is stale.",
    docs: r#"## What it checks
Every exception covers at least one finding of its rule on its targets.

## Why an auditor cares
A stale exception records a deviation that no longer exists; it should be closed in the
risk-acceptance register.

## Fails
```yaml
  - id: EXC-002
    rule: party-no-requirements
    target: IP-CUST   # this party has requirements
```

## Passes
The exception is removed once the party has requirements.
"#,
};

/// An exception granted for longer than the configuration allows.
pub const OVERLONG_EXCEPTION: Check = Check {
    code: "RL008",
    name: "overlong-exception",
    severity: Severity::Warning,
    summary: "An exception must not run longer than `exceptions.max_months` (default 12) from its approval.",
    docs: r#"## What it checks
`expires` is at most `exceptions.max_months` months (configuration, default 12) after
`approved_on`.

## Why an auditor cares
Risk acceptances are reviewed at least yearly in most management systems; one granted for
years is a permanent deviation in disguise.

## Fails
```yaml
    approved_on: 2026-10-01
    expires: 2029-10-01
```

## Passes
```yaml
    approved_on: 2026-10-01
    expires: 2027-09-30
```
"#,
};

/// Whether an exception applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// It applies (and covered something, once applied).
    Active,
    /// Past its expiry.
    Expired,
    /// It applies but covered nothing.
    Unused,
    /// It has a problem and applies to nothing.
    Invalid,
}

impl State {
    /// The word listings use.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Active => "active",
            State::Expired => "expired",
            State::Unused => "unused",
            State::Invalid => "invalid",
        }
    }
}

/// One exception of a register.
#[derive(Debug, Clone)]
pub struct Exception {
    /// Its id (`EXC-001`), or its register path when it has none.
    pub id: String,
    /// The file it is in.
    pub file: FileId,
    /// The span of its first line.
    pub span: Range<usize>,
    /// The rule, by name (as written when unknown).
    pub rule: String,
    /// The register ids it covers.
    pub targets: Vec<String>,
    /// Why the deviation is accepted.
    pub reason: String,
    /// Who approved it.
    pub approved_by: String,
    /// When (as written).
    pub approved_on: String,
    /// Until when (as written).
    pub expires: String,
    /// A ticket reference.
    pub ticket: Option<String>,
    /// Whether it applies.
    pub state: State,
    /// How many findings it covered.
    pub covered: usize,
    id_span: Range<usize>,
}

/// Reads every exception of a repository, checks it, and returns the exceptions with the
/// problems found (`invalid-exception`, `expired-exception`, `overlong-exception`).
pub fn read(
    repo: &Repository,
    rules: &[RuleMeta],
    today: Date,
    max_months: u64,
) -> (Vec<Exception>, Vec<Diagnostic>) {
    let mut exceptions = Vec::new();
    let mut problems = Vec::new();
    for entry in repo.entries(EntryClass::Exception).iter() {
        let (exception, found) = read_one(entry, rules, today, max_months);
        exceptions.push(exception);
        problems.extend(found);
    }
    (exceptions, problems)
}

fn text(entry: &NodeRef, key: &str) -> Option<(String, Range<usize>)> {
    let node = entry.get(key)?;
    let doc = &node.doc.doc;
    let value = doc.scalar_text(node.id)?.trim();
    (!value.is_empty() && !doc.is_null(node.id)).then(|| (value.to_owned(), label(&node)))
}

fn label(node: &NodeRef) -> Range<usize> {
    node.doc.doc.label_span(node.id, &node.doc.text)
}

fn read_one(
    entry: &NodeRef,
    rules: &[RuleMeta],
    today: Date,
    max_months: u64,
) -> (Exception, Vec<Diagnostic>) {
    let file = entry.doc.file;
    let at = label(entry);
    let (id, id_span) = text(entry, "id").unwrap_or_else(|| (entry.path(), at.clone()));
    let mut problems = Vec::new();
    let mut invalid = false;
    let missing: Vec<&str> = [
        "rule",
        "target",
        "reason",
        "approved_by",
        "approved_on",
        "expires",
    ]
    .into_iter()
    .filter(|key| match key {
        &"target" => targets(entry).is_empty(),
        key => text(entry, key).is_none(),
    })
    .collect();
    if !missing.is_empty() {
        invalid = true;
        let list: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
        problems.push(
            INVALID_EXCEPTION
                .diagnostic(format!(
                    "exception `{id}` does not record {}, so it applies to nothing",
                    list.join(", ")
                ))
                .at(file, at.clone(), "incomplete exception")
                .with_help("an exception records its rule, target, reason, approver, approval date and expiry")
                .with_entry(Some(id.clone())),
        );
    }
    let mut rule_name = String::new();
    if let Some((written, span)) = text(entry, "rule") {
        match crate::rule::lookup(rules, &written) {
            Some(rule) => rule_name = rule.name.clone(),
            None => {
                invalid = true;
                let help = crate::rule::unknown_rule_help(&written, rules);
                problems.push(
                    INVALID_EXCEPTION
                        .diagnostic(format!("exception `{id}` names no known rule `{written}`"))
                        .at(file, span, "unknown rule")
                        .with_help(help)
                        .with_entry(Some(id.clone())),
                );
                rule_name = written;
            }
        }
    }
    let mut date = |key: &str| -> Option<(Date, String, Range<usize>)> {
        let (written, span) = text(entry, key)?;
        match Date::parse(&written) {
            Some(d) => Some((d, written, span)),
            None => {
                invalid = true;
                problems.push(
                    INVALID_EXCEPTION
                        .diagnostic(format!(
                            "`{key}` of exception `{id}` must be a date in the form YYYY-MM-DD, not `{written}`"
                        ))
                        .at(file, span, "not a date")
                        .with_entry(Some(id.clone())),
                );
                None
            }
        }
    };
    let approved = date("approved_on");
    let expires = date("expires");
    let mut state = if invalid {
        State::Invalid
    } else {
        State::Active
    };
    if let Some((expiry, written, span)) = &expires {
        if *expiry < today && state == State::Active {
            state = State::Expired;
            problems.push(
                EXPIRED_EXCEPTION
                    .diagnostic(format!(
                        "exception `{id}` expired on {written}, so its findings are reported again"
                    ))
                    .at(file, span.clone(), "expired")
                    .with_help("renew it with a new approval and expiry, or remove it and fix the findings")
                    .with_note(format!("checked against {today}"))
                    .with_entry(Some(id.clone())),
            );
        }
        if let Some((approval, approved_written, _)) = &approved {
            let limit = i64::try_from(max_months).unwrap_or(i64::MAX);
            if approval
                .add_months(limit)
                .is_some_and(|latest| *expiry > latest)
            {
                problems.push(
                    OVERLONG_EXCEPTION
                        .diagnostic(format!(
                            "exception `{id}` runs from {approved_written} to {written}, longer than {max_months} months"
                        ))
                        .at(file, span.clone(), "too far ahead")
                        .with_help(format!(
                            "set `expires` at most {max_months} months after `approved_on`, and renew it then"
                        ))
                        .with_entry(Some(id.clone())),
                );
            }
        }
    }
    let exception = Exception {
        id: id.clone(),
        file,
        span: at,
        rule: rule_name,
        targets: targets(entry),
        reason: text(entry, "reason").map(|t| t.0).unwrap_or_default(),
        approved_by: text(entry, "approved_by").map(|t| t.0).unwrap_or_default(),
        approved_on: approved
            .map(|a| a.1)
            .or_else(|| text(entry, "approved_on").map(|t| t.0))
            .unwrap_or_default(),
        expires: expires
            .map(|e| e.1)
            .or_else(|| text(entry, "expires").map(|t| t.0))
            .unwrap_or_default(),
        ticket: text(entry, "ticket").map(|t| t.0),
        state,
        covered: 0,
        id_span,
    };
    (exception, problems)
}

/// The ids under `target`: one id or a list of them.
fn targets(entry: &NodeRef) -> Vec<String> {
    let Some(node) = entry.get("target") else {
        return Vec::new();
    };
    let doc = &node.doc.doc;
    match &doc.node(node.id).kind {
        NodeKind::Scalar(_) => doc.string(node.id).map(str::to_owned).into_iter().collect(),
        NodeKind::List(items) => items
            .iter()
            .filter_map(|&i| doc.string(i).map(str::to_owned))
            .collect(),
        NodeKind::Map(_) => Vec::new(),
    }
}

/// Marks the findings active exceptions cover and returns `unused-exception` warnings.
pub fn apply(diagnostics: &mut [Diagnostic], exceptions: &mut [Exception]) -> Vec<Diagnostic> {
    for d in diagnostics.iter_mut().filter(|d| d.is_active()) {
        let Some(entry) = &d.entry else {
            continue;
        };
        let Some(exception) = exceptions.iter_mut().find(|e| {
            e.state == State::Active && e.rule == d.name && e.targets.iter().any(|t| t == entry)
        }) else {
            continue;
        };
        exception.covered += 1;
        d.suppressed = Some(Box::new(Suppression {
            kind: SuppressionKind::Exception,
            reason: exception.reason.clone(),
            id: Some(exception.id.clone()),
            approved_by: Some(exception.approved_by.clone()),
            expires: Some(exception.expires.clone()),
        }));
    }
    let mut unused = Vec::new();
    for exception in exceptions.iter_mut() {
        if exception.state == State::Active && exception.covered == 0 {
            exception.state = State::Unused;
            let targets: Vec<String> = exception.targets.iter().map(|t| format!("`{t}`")).collect();
            unused.push(
                UNUSED_EXCEPTION
                    .diagnostic(format!(
                        "exception `{}` covers no `{}` finding on {}",
                        exception.id,
                        exception.rule,
                        targets.join(", ")
                    ))
                    .at(exception.file, exception.id_span.clone(), "unused exception")
                    .with_help("close the exception in the register: the deviation it accepts no longer exists")
                    .with_entry(Some(exception.id.clone())),
            );
        }
    }
    unused
}
