//! `reglint report --html FILE [PATH]`: a repository's state for a management review, as
//! one self-contained HTML file.
//!
//! The repository is loaded and checked as `check` would (configuration, exceptions and
//! suppressions applied); what the report gathers and how it is laid out are the engine's.
//! The file is written whole or not at all.

use std::io;

use reglint_engine::workbench::{self, report::Review};
use reglint_engine::{Linter, Outcome};

use super::{incomplete, usage_error};
use crate::args::ReportArgs;
use crate::exit::Exit;

/// Writes the report of the repository at `args.path` to `args.html`.
pub fn run(args: ReportArgs) -> io::Result<Exit> {
    let options = args.flags.options(std::env::current_dir()?);
    let mut inspection = match Linter::new(options)
        .and_then(|l| l.inspect(std::slice::from_ref(&args.path), true))
    {
        Ok(inspection) => inspection,
        Err(error) => return usage_error(&error.to_string()),
    };
    if inspection.report.outcome() == Outcome::Incomplete {
        return incomplete(&mut inspection.report);
    }
    let shown = args.path.display().to_string();
    let (index, repository) = match workbench::only_repository(&inspection, &shown) {
        Ok(found) => found,
        Err(error) => return usage_error(&error.to_string()),
    };
    let review = Review::of(&inspection.report, index, &repository);
    let html = workbench::report::render_html(&review);
    if let Err(error) = reglint_engine::atomic::write(&args.html, html.as_bytes()) {
        return usage_error(&format!(
            "cannot write the report to `{}`: {error}",
            args.html.display()
        ));
    }
    let [errors, warnings, infos] = review.counts();
    eprintln!(
        "wrote {} ({errors} errors, {warnings} warnings, {infos} infos; reference date {})",
        args.html.display(),
        review.today
    );
    Ok(Exit::Success)
}
