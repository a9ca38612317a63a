//! One file per subcommand. Each turns its arguments into engine calls and prints what came
//! back; none decides what counts as a finding, a covered rule or a passing fixture.
//!
//! The helpers here are what the commands share: a linter set up the same way for each, one
//! way of reporting a usage error, and the one repository a workbench view reads.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use reglint_engine::date::Date;
use reglint_engine::model::Repository;
use reglint_engine::run::Inspection;
use reglint_engine::workbench;
use reglint_engine::{Linter, Options, Outcome};

use crate::exit::Exit;

pub mod check;
pub mod config;
pub mod diff;
pub mod exceptions;
pub mod explain;
pub mod graph;
pub mod init;
pub mod merge;
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

/// Whether to colour what goes to stdout: `--color`, and in `auto` a terminal without
/// `NO_COLOR`.
fn use_color(choice: crate::args::ColorArg) -> bool {
    use std::io::IsTerminal;
    match choice {
        crate::args::ColorArg::Always => true,
        crate::args::ColorArg::Never => false,
        crate::args::ColorArg::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
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

/// The repository a workbench view (`explain`, `graph`, `report`) reads, loaded as `check`
/// loads it, with the run it came from and its index in the run's report.
struct View {
    inspection: Inspection,
    index: usize,
    repository: Arc<Repository>,
}

/// Why a workbench view has no repository to show.
enum NoView {
    /// The path could not be read as one repository: the message to print.
    Refused(String),
    /// The run was incomplete; its problems are printed and this is the exit.
    Incomplete(Exit),
}

/// Loads the one repository at `path` (with its findings when `run_rules`) for a view.
fn view(linter: &Linter, path: &Path, run_rules: bool) -> io::Result<Result<View, NoView>> {
    let mut inspection = match linter.inspect(std::slice::from_ref(&path.to_path_buf()), run_rules)
    {
        Ok(inspection) => inspection,
        Err(error) => return Ok(Err(NoView::Refused(error.to_string()))),
    };
    if inspection.report.outcome() == Outcome::Incomplete {
        return Ok(Err(NoView::Incomplete(incomplete(&mut inspection.report)?)));
    }
    let shown = path.display().to_string();
    Ok(match workbench::only_repository(&inspection, &shown) {
        Ok((index, repository)) => Ok(View {
            inspection,
            index,
            repository,
        }),
        Err(error) => Err(NoView::Refused(error.to_string())),
    })
}

/// [`view`] for a command with nothing else to try: a refusal is a usage error.
fn view_or_exit(
    flags: &crate::args::ConfigFlags,
    path: &Path,
    run_rules: bool,
) -> io::Result<Result<View, Exit>> {
    let linter = match Linter::new(flags.options(std::env::current_dir()?)) {
        Ok(linter) => linter,
        Err(error) => return usage_error(&error.to_string()).map(Err),
    };
    Ok(match view(&linter, path, run_rules)? {
        Ok(view) => Ok(view),
        Err(NoView::Refused(message)) => Err(usage_error(&message)?),
        Err(NoView::Incomplete(exit)) => Err(exit),
    })
}
