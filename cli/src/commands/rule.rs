//! `reglint rule RULE`: print one rule's documentation (also what `explain RULE` prints).
//!
//! The lookup (by name or code, with a did-you-mean) and the page are the engine's; an
//! unknown rule is a usage error.

use std::io::{self, Write};

use reglint_engine::date::Date;
use reglint_engine::render;
use reglint_engine::rule::{RuleMeta, find_rule};

use super::{linter, usage_error};
use crate::args::{ListFormat, RuleArgs};
use crate::exit::Exit;

/// Prints the documentation of the rule named by `args.rule`.
pub fn run(args: RuleArgs) -> io::Result<Exit> {
    let linter = match linter(&args.rule_dirs, Date::today_utc())? {
        Ok(linter) => linter,
        Err(message) => return usage_error(&message),
    };
    let all = linter.all_rules();
    match find_rule(&all, &args.rule) {
        Ok(meta) => print(meta, args.format),
        Err(unknown) => usage_error(&unknown.to_string()),
    }
}

/// Prints a rule's page, or its listing entry as JSON.
pub fn print(meta: &RuleMeta, format: ListFormat) -> io::Result<Exit> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        ListFormat::Human => render::rules::write_explanation(&mut out, meta)?,
        ListFormat::Json => render::rules::render(
            std::slice::from_ref(meta),
            render::rules::ListingFormat::Json,
            &mut out,
        )?,
    }
    out.flush()?;
    Ok(Exit::Success)
}
