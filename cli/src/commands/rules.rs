//! `reglint rules`: list every active rule, or (`--coverage`) the clauses they check.
//!
//! The listing itself (aligned lines, JSON, or the Markdown rule reference) and the clause
//! coverage are rendered by the engine from front matter; this command loads the rules and
//! prints them.

use std::io::{self, Write};

use reglint_engine::date::Date;
use reglint_engine::render;
use reglint_engine::workbench::coverage::Coverage;

use super::{linter, usage_error};
use crate::args::{RulesArgs, RulesFormat};
use crate::exit::Exit;

/// Prints every active rule, the built-in checks and organisation rules included.
pub fn run(args: RulesArgs) -> io::Result<Exit> {
    let linter = match linter(&args.rule_dirs, Date::today_utc())? {
        Ok(linter) => linter,
        Err(message) => return usage_error(&message),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.coverage {
        let coverage = Coverage::of(&linter);
        match args.format {
            RulesFormat::Human => coverage.render_human(&mut out)?,
            RulesFormat::Json => coverage.render_json(&mut out)?,
            RulesFormat::Markdown => coverage.render_markdown(&mut out)?,
        }
    } else {
        render::rules::render(&linter.all_rules(), args.format.into(), &mut out)?;
    }
    out.flush()?;
    Ok(Exit::Success)
}
