//! The exit code: the one mapping from how a command ended to 0, 1 or 2.
//!
//! Scripts and CI act on the code alone, so it is decided here and nowhere else: 0 when
//! nothing is at or above the failing level, 1 for findings (or fixture cases that fail), 2
//! when the run cannot be trusted (a usage, config or rule error, or an internal failure).

use std::process::ExitCode;

use reglint_engine::Outcome;

/// How a command ended, as the shell sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: nothing at or above the failing level.
    Success,
    /// 1: findings at or above the failing level, or fixture cases that fail.
    Findings,
    /// 2: a usage, config or rule error, or an internal failure.
    Error,
}

impl From<Outcome> for Exit {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Clean => Exit::Success,
            Outcome::Findings => Exit::Findings,
            // A rule that did not run cannot vouch for anything: never exit 0 or 1.
            Outcome::Incomplete => Exit::Error,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        match exit {
            Exit::Success => ExitCode::SUCCESS,
            Exit::Findings => ExitCode::from(1),
            Exit::Error => ExitCode::from(2),
        }
    }
}
