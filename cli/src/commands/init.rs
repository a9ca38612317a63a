//! `reglint init [DIR]`: scaffold a register repository.
//!
//! The engine decides the files, their text and whether any may be overwritten, and writes
//! them; this command names each file written and says what to run next.

use std::io;

use reglint_engine::date::Date;
use reglint_engine::scaffold::init::{self, InitError};

use super::usage_error;
use crate::args::InitArgs;
use crate::exit::Exit;

/// Writes the repository; an existing file (without `--force`) or a write error exits 2.
pub fn run(args: InitArgs) -> io::Result<Exit> {
    let today = args.today.unwrap_or_else(Date::today_utc);
    let written = match init::write(&args.dir, today, args.force) {
        Ok(written) => written,
        Err(error @ InitError::Exists { .. }) => {
            let dir = args.dir.display();
            return usage_error(&format!(
                "{error}\nrun `reglint init {dir} --force` to overwrite them"
            ));
        }
        Err(error) => return usage_error(&error.to_string()),
    };
    for file in &written {
        let verb = if file.replaced { "replaced" } else { "created" };
        println!("{verb} {}", file.path.display());
    }
    println!(
        "next: replace the worked example with your own registers, then run `reglint check {}`",
        args.dir.display()
    );
    Ok(Exit::Success)
}
