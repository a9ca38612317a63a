//! `reglint explain RULE`: print one rule's documentation.
//!
//! The lookup (by name or code, with a did-you-mean) and the page are the engine's; an
//! unknown rule is a usage error.

use std::io::{self, Write};

use reglint_engine::date::Date;
use reglint_engine::render;
use reglint_engine::rule::find_rule;

use super::{linter, usage_error};
use crate::args::ExplainArgs;
use crate::exit::Exit;

/// Prints the documentation of the rule named by `args.rule`.
pub fn run(args: ExplainArgs) -> io::Result<Exit> {
    let linter = match linter(&args.rule_dirs, Date::today_utc())? {
        Ok(linter) => linter,
        Err(message) => return usage_error(&message),
    };
    let all = linter.all_rules();
    let meta = match find_rule(&all, &args.rule) {
        Ok(meta) => meta,
        Err(unknown) => return usage_error(&unknown.to_string()),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    render::rules::write_explanation(&mut out, meta)?;
    out.flush()?;
    Ok(Exit::Success)
}
