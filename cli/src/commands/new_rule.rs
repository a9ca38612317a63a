//! `reglint new-rule NAME`: scaffold an organisation rule and its two fixtures.
//!
//! The engine decides the files and their text; this command writes them, naming each as it
//! is written, and says what to run next.

use std::io;

use reglint_engine::scaffold;

use super::usage_error;
use crate::args::NewRuleArgs;
use crate::exit::Exit;

/// Writes a rule file and two fixtures, a working example for the author to change into
/// what the organisation needs (`reglint test` fails it until the template line is gone).
pub fn run(args: NewRuleArgs) -> io::Result<Exit> {
    let scaffold = match scaffold::new_rule(&args.name, &args.code, &args.dir) {
        Ok(scaffold) => scaffold,
        Err(error) => return usage_error(&error.to_string()),
    };
    for (path, text) in &scaffold.files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
        println!("created {}", path.display());
    }
    println!(
        "next: write the rule's check and its fixtures in place of the example, delete the `{}` line, then run `reglint test {} --rules {}`",
        scaffold::TEMPLATE_MARKER,
        scaffold.fixtures_dir.display(),
        scaffold.rules_dir.display()
    );
    Ok(Exit::Success)
}
