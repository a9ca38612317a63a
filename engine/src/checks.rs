//! The one registry of checks built into reglint, beside the script rules.
//!
//! Format checks run in the loader, `rule-error` in the rule host, `invalid-config` while
//! reading configuration, and the suppression and exception checks in the post-pass; they
//! live with the code that raises them, but listings, docs, name clashes and configuration
//! all read this one list, so none of them can be forgotten in one place and not another.

use crate::config::INVALID_CONFIG;
use crate::exception::{
    EXPIRED_EXCEPTION, INVALID_EXCEPTION, OVERLONG_EXCEPTION, UNUSED_EXCEPTION,
};
use crate::format::{CHECKS, Check};
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
        &WITHHELD_FINDINGS,
    ]);
    all
}

/// The built-in checks whose findings say that something is absent (a suppression or an
/// exception that silences nothing): in a repository where a file did not load, the finding
/// it would silence may be one that was withheld, so these are withheld too.
const CLAIMING_ABSENCE: [&Check; 2] = [&UNUSED_SUPPRESSION, &UNUSED_EXCEPTION];

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
