//! `reglint diff --base REV [--head REV] [PATH]`: what a change does to a register
//! repository, as parties, requirements, controls and findings.
//!
//! Both sides are read and checked by the engine ([`Diff::between`]); this file only picks
//! the format and the exit code: 0, or 1 with `--fail-on-new` when the change adds active
//! findings; 2 when there is nothing to compare (not a git repository, an unknown revision,
//! several repositories at the path, a check that could not be completed).

use std::io::{self, Write};

use reglint_engine::Linter;
use reglint_engine::workbench::diff::{Diff, DiffError};

use super::{incomplete, usage_error};
use crate::args::DiffArgs;
use crate::exit::Exit;

/// Prints the diff.
pub fn run(args: DiffArgs) -> io::Result<Exit> {
    let cwd = std::env::current_dir()?;
    let options = args.flags.options(cwd.clone());
    let linter = match Linter::new(options) {
        Ok(linter) => linter,
        Err(error) => return usage_error(&error.to_string()),
    };
    let diff = match Diff::between(&linter, &cwd, &args.path, &args.base, args.head.as_deref()) {
        Ok(diff) => diff,
        Err(DiffError::Incomplete(side, mut report)) => {
            eprintln!(
                "error: the check of {side} is incomplete, so its findings cannot be compared"
            );
            return incomplete(&mut report);
        }
        Err(error) => return usage_error(&error.to_string()),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    diff.render(args.format.into(), &mut out)?;
    out.flush()?;
    Ok(if args.fail_on_new && diff.adds_findings() {
        Exit::Findings
    } else {
        Exit::Success
    })
}
