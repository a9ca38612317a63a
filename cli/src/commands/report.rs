//! `reglint report --html FILE [PATH]`: a repository's state for a management review, as
//! one self-contained HTML file.
//!
//! The repository is loaded and checked as `check` would (configuration, exceptions and
//! suppressions applied); what the report gathers and how it is laid out are the engine's.
//! The file is written whole or not at all.

use std::io;

use reglint_engine::workbench::{self, report::Review};

use super::{View, usage_error};
use crate::args::ReportArgs;
use crate::exit::Exit;

/// Writes the report of the repository at `args.path` to `args.html`.
pub fn run(args: ReportArgs) -> io::Result<Exit> {
    let View {
        inspection,
        index,
        repository,
    } = match super::view_or_exit(&args.flags, &args.path, true)? {
        Ok(view) => view,
        Err(exit) => return Ok(exit),
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
