//! `reglint rules`: list every active rule.
//!
//! The listing itself (aligned lines, JSON, or the Markdown rule reference) is rendered by
//! the engine from front matter; this command loads the rules and prints it.

use std::io::{self, Write};

use reglint_engine::date::Date;
use reglint_engine::render;

use super::{linter, usage_error};
use crate::args::RulesArgs;
use crate::exit::Exit;

/// Prints every active rule, the built-in checks and organisation rules included.
pub fn run(args: RulesArgs) -> io::Result<Exit> {
    let linter = match linter(&args.rule_dirs, Date::today_utc())? {
        Ok(linter) => linter,
        Err(message) => return usage_error(&message),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    render::rules::render(&linter.all_rules(), args.format.into(), &mut out)?;
    out.flush()?;
    Ok(Exit::Success)
}
