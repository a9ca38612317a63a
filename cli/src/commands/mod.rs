//! One file per subcommand. Each turns its arguments into engine calls and prints what came
//! back; none decides what counts as a finding, a covered rule or a passing fixture.
//!
//! The two helpers here are what the commands share: a linter set up the same way for each,
//! and one way of reporting a usage error.

use std::io;
use std::path::PathBuf;

use reglint_engine::date::Date;
use reglint_engine::{Linter, Options};

use crate::exit::Exit;

pub mod check;
pub mod config;
pub mod diff;
pub mod exceptions;
pub mod explain;
pub mod graph;
pub mod init;
pub mod new_rule;
pub mod report;
pub mod rule;
pub mod rules;
pub mod test;

/// The built-in pack and the organisation rule folders, relative to the current directory;
/// an unreadable rule folder comes back as the message to print.
fn linter(rule_dirs: &[PathBuf], today: Date) -> io::Result<Result<Linter, String>> {
    let mut options = Options::new(today, std::env::current_dir()?);
    options.rule_dirs = rule_dirs.to_vec();
    Ok(Linter::new(options).map_err(|e| e.to_string()))
}

/// Prints `error: MESSAGE` to stderr: the run cannot go on.
fn usage_error(message: &str) -> io::Result<Exit> {
    eprintln!("error: {message}");
    Ok(Exit::Error)
}

/// Renders the problems that make a run incomplete (a rule or configuration that could not
/// be loaded, a folder that could not be read) to stderr: the view cannot be trusted.
fn incomplete(report: &mut reglint_engine::Report) -> io::Result<Exit> {
    report
        .diagnostics
        .retain(|d| reglint_engine::run::is_fatal(&d.name));
    reglint_engine::render::render(
        report,
        reglint_engine::render::Format::Human,
        &reglint_engine::render::RenderOptions::default(),
        &mut io::stderr(),
    )?;
    Ok(Exit::Error)
}
