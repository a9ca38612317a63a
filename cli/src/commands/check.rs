//! `reglint check`: lint register repositories and render the report.
//!
//! The one command that runs the rules on registers: it sets up the thread pool and the
//! linter from the options, reads or writes the baseline, picks the format and whether to
//! colour, and leaves the exit code to the report's outcome.

use std::io::{self, Write};
use std::sync::Arc;

use reglint_engine::baseline::{self, Baseline};
use reglint_engine::discover::Input;
use reglint_engine::discover::git::WorkTree;
use reglint_engine::render::{self, Format, RenderOptions};
use reglint_engine::{Linter, Outcome};

use super::usage_error;
use crate::args::CheckArgs;
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
    let cwd = std::env::current_dir()?;
    let mut options = args.flags.options(cwd.clone());
    options.keep_log = args.verbose;
    options.shard = args.shard;
    let format = Format::from(args.format);
    options.keep_text = std::iter::once(format)
        .chain(args.reports.iter().map(|(f, _)| *f))
        .any(Format::quotes_registers);
    if args.staged {
        let index = WorkTree::require(&cwd).and_then(|tree| tree.index());
        match index {
            Ok(snapshot) => options.input = Input::Git(Arc::new(snapshot)),
            Err(error) => return usage_error(&error.to_string()),
        }
    }
    if let Some(path) = &args.baseline {
        match Baseline::read(path) {
            Ok(found) => options.baseline = Some(found),
            Err(error) => return usage_error(&error.to_string()),
        }
    }
    options
        .not_registers
        .extend(args.baseline.iter().chain(&args.write_baseline).cloned());
    let report = match Linter::new(options).and_then(|linter| linter.check(&args.paths)) {
        Ok(report) => report,
        Err(error) => return usage_error(&error.to_string()),
    };
    if let Some(path) = &args.write_baseline {
        let path = cwd.join(path);
        let base = path.parent().unwrap_or(&cwd).to_path_buf();
        if let Err(error) = baseline::write(&path, &baseline::render(&report, &base)) {
            return usage_error(&error.to_string());
        }
    }
    let stdout = io::stdout();
    let color = super::use_color(args.color);
    let render_options = RenderOptions {
        color,
        show_suppressed: args.show_suppressed,
        junit_file_attribute: args.junit_file_attribute,
    };
    // Files first, each whole or not at all; then the terminal.
    let file_options = RenderOptions {
        color: false,
        ..render_options
    };
    let files = args.reports.iter().map(|(f, p)| (*f, p));
    for (file_format, path) in args.output.iter().map(|p| (format, p)).chain(files) {
        let mut bytes = Vec::new();
        render::render(&report, file_format, &file_options, &mut bytes)?;
        if let Err(error) = reglint_engine::atomic::write(&cwd.join(path), &bytes) {
            return usage_error(&format!("cannot write `{}`: {error}", path.display()));
        }
    }
    if args.output.is_none() {
        let mut out = io::BufWriter::new(stdout.lock());
        render::render(&report, format, &render_options, &mut out)?;
        out.flush()?;
    }
    if args.verbose {
        for line in &report.log {
            eprintln!("{line}");
        }
    }
    if format == Format::Human && args.output.is_none() {
        eprintln!("{}", render::summary_line(&report));
    }
    // A wrong path in CI must not pass green: a path that held nothing to check stops the
    // run, unless the caller said that finding nothing is fine.
    for sentence in &report.unchecked {
        let word = if args.allow_empty { "note" } else { "error" };
        eprintln!("{word}: {sentence}");
    }
    if !report.unchecked.is_empty() && !args.allow_empty {
        return Ok(Exit::Error);
    }
    Ok(match report.outcome() {
        Outcome::Findings if args.exit_zero => Exit::Success,
        outcome => outcome.into(),
    })
}
