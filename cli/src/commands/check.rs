//! `reglint check`: lint register repositories and render the report.
//!
//! The one command that runs the rules on registers: it sets up the thread pool and the
//! linter from the options, picks the format and whether to colour, and leaves the exit code
//! to the report's outcome.

use std::io::{self, IsTerminal, Write};

use reglint_engine::date::Date;
use reglint_engine::render::{self, Format};
use reglint_engine::{Linter, Options, Severity};

use super::usage_error;
use crate::args::{CheckArgs, ColorArg};
use crate::exit::Exit;

/// Checks the paths and renders every diagnostic; the summary line goes to stderr.
pub fn run(args: CheckArgs) -> io::Result<Exit> {
    if let Some(threads) = args.threads {
        if let Err(error) = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
        {
            return usage_error(&format!("cannot start {threads} threads: {error}"));
        }
    }
    let today = args.today.unwrap_or_else(Date::today_utc);
    let mut options = Options::new(today, std::env::current_dir()?);
    options.rule_dirs = args.rule_dirs;
    let report = match Linter::new(options).and_then(|linter| linter.check(&args.paths)) {
        Ok(report) => report,
        Err(error) => return usage_error(&error.to_string()),
    };
    let format = Format::from(args.format);
    let stdout = io::stdout();
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let mut out = io::BufWriter::new(stdout.lock());
    render::render(&report, format, color, &mut out)?;
    out.flush()?;
    if args.verbose {
        for line in &report.log {
            eprintln!("{line}");
        }
    }
    if format == Format::Human {
        eprintln!("{}", render::summary_line(&report));
    }
    Ok(report.outcome(Severity::Error).into())
}
