//! `reglint explain WORD [PATH]`: a register id followed through its repository, or a rule's
//! documentation.
//!
//! A rule name or code prints the rule's page (as `reglint rule` does). Anything else is
//! looked up as an id in the repository at PATH, loaded and checked as `check` would; the
//! trace and the did-you-mean for a word that is neither are the engine's.

use std::io::{self, Write};
use std::path::Path;

use reglint_engine::Linter;
use reglint_engine::rule::{find_rule, lookup};
use reglint_engine::workbench::trace;

use super::{NoView, View, usage_error};
use crate::args::{ExplainArgs, ListFormat};
use crate::exit::Exit;

/// Prints the trace of the id, or the page of the rule, named by `args.word`.
pub fn run(args: ExplainArgs) -> io::Result<Exit> {
    let options = args.flags.options(std::env::current_dir()?);
    let linter = match Linter::new(options) {
        Ok(linter) => linter,
        Err(error) => return usage_error(&error.to_string()),
    };
    let rules = linter.all_rules();
    if let Some(meta) = lookup(&rules, &args.word) {
        return super::rule::print(meta, args.format);
    }
    // Without a path named, a word in a folder that is not one repository is taken for a
    // misspelt rule, as before register ids could be explained.
    let is_default = args.path == Path::new(".");
    let unknown_rule = || {
        let error = find_rule(&rules, &args.word).err();
        usage_error(&error.map(|e| e.to_string()).unwrap_or_default())
    };
    let View {
        inspection,
        index,
        repository,
    } = match super::view(&linter, &args.path, true)? {
        Ok(view) => view,
        Err(NoView::Refused(_)) if is_default => return unknown_rule(),
        Err(NoView::Refused(message)) => return usage_error(&message),
        Err(NoView::Incomplete(exit)) => return Ok(exit),
    };
    let Some(found) = trace::trace(&inspection.report, index, &repository, &args.word) else {
        return usage_error(&trace::unknown_word(&args.word, &repository, &rules));
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        ListFormat::Human => trace::render_human(&found, &mut out)?,
        ListFormat::Json => trace::render_json(&found, &mut out)?,
    }
    out.flush()?;
    Ok(Exit::Success)
}
