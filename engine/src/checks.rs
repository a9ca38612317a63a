//! The one registry of checks built into reglint, beside the script rules.
//!
//! Format checks run in the loader, `rule-error` in the rule host, `invalid-config` while
//! reading configuration, `unreadable-path` and `skipped-path` in discovery, and the
//! suppression and exception checks in the post-pass; they live with the code that raises
//! them, but listings, docs, name clashes, configuration, which ones are fatal and which are
//! protected all read this one list, so none of them can be forgotten in one place and not
//! another.

use crate::config::INVALID_CONFIG;
use crate::discover::{SKIPPED_PATH, UNREADABLE_PATH};
use crate::exception::{
    EXPIRED_EXCEPTION, INVALID_EXCEPTION, OVERLONG_EXCEPTION, UNUSED_EXCEPTION,
};
use crate::format::{CHECKS, Check, YAML_SYNTAX};
use crate::report::WITHHELD_FINDINGS;
use crate::rule::{RULE_ERROR, RuleMeta};
use crate::suppress::{INVALID_SUPPRESSION, UNUSED_SUPPRESSION};

/// Every check built into reglint, in code order within each group.
pub fn all() -> Vec<&'static Check> {
    let mut all: Vec<&'static Check> = CHECKS.iter().collect();
    all.extend([
        &RULE_ERROR,
        &INVALID_CONFIG,
        &INVALID_SUPPRESSION,
        &UNUSED_SUPPRESSION,
        &INVALID_EXCEPTION,
        &EXPIRED_EXCEPTION,
        &UNUSED_EXCEPTION,
        &OVERLONG_EXCEPTION,
        &UNREADABLE_PATH,
        &SKIPPED_PATH,
        &WITHHELD_FINDINGS,
    ]);
    all
}

/// The built-in checks whose findings say that something is absent (a suppression or an
/// exception that silences nothing): in a repository where a file did not load, the finding
/// it would silence may be one that was withheld, so these are withheld too.
const CLAIMING_ABSENCE: [&Check; 2] = [&UNUSED_SUPPRESSION, &UNUSED_EXCEPTION];

/// The checks that say a run is incomplete (exit 2, never 0 or 1): a rule that failed, a
/// configuration that could not be read, a path that could not be read.
const FATAL: [&Check; 3] = [&RULE_ERROR, &INVALID_CONFIG, &UNREADABLE_PATH];

/// Whether a diagnostic of this rule says the run is incomplete.
pub fn is_fatal(name: &str) -> bool {
    FATAL.iter().any(|c| c.name == name)
}

/// Whether a rule can never be turned off or down, suppressed or baselined: the fatal checks,
/// and a file or directive that could not be read, must never look clean.
pub fn is_protected(name: &str) -> bool {
    is_fatal(name) || name == YAML_SYNTAX.name || name == INVALID_SUPPRESSION.name
}

/// The metadata of every built-in check.
pub fn metas() -> Vec<RuleMeta> {
    all()
        .into_iter()
        .map(|check| RuleMeta {
            claims_absence: CLAIMING_ABSENCE.iter().any(|c| c.name == check.name),
            ..RuleMeta::from(check)
        })
        .collect()
}
