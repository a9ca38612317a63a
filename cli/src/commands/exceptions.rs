//! `reglint exceptions`: every inline suppression and exception with its reason, approver,
//! expiry and state: the accepted-deviations list a management review or an auditor asks for.

use std::io::{self, Write};

use reglint_engine::render::{self, Format, RenderOptions};
use reglint_engine::{Linter, Outcome};

use super::usage_error;
use crate::args::{ExceptionsArgs, RulesFormat};
use crate::exit::Exit;

/// Checks the repositories (a deviation's state depends on the findings) and lists the
/// deviations; configuration or rule problems are rendered and exit 2.
pub fn run(args: ExceptionsArgs) -> io::Result<Exit> {
    let options = args.flags.options(std::env::current_dir()?);
    let mut report = match Linter::new(options).and_then(|l| l.check(&args.paths)) {
        Ok(report) => report,
        Err(error) => return usage_error(&error.to_string()),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    if report.outcome() == Outcome::Incomplete {
        report
            .diagnostics
            .retain(|d| reglint_engine::run::is_fatal(&d.name));
        render::render(
            &report,
            Format::Human,
            &RenderOptions::default(),
            &mut io::stderr(),
        )?;
        return Ok(Exit::Error);
    }
    match args.format {
        RulesFormat::Human => render::deviations::render_human(&report, &mut out)?,
        RulesFormat::Json => render::deviations::render_json(&report, &mut out)?,
        RulesFormat::Markdown => render::deviations::render_markdown(&report, &mut out)?,
    }
    out.flush()?;
    Ok(Exit::Success)
}
