//! `reglint`: parse the arguments, run one subcommand, turn how it ended into an exit code.
//!
//! Everything that decides lives in `reglint-engine`. This crate only parses ([`args`]),
//! hands each subcommand to its file in [`commands`] and maps what came back to 0, 1 or 2
//! ([`exit`]), so a new subcommand is one new file and one line here.

use std::io;
use std::process::ExitCode;

mod args;
mod commands;
mod exit;

use args::Command;
use exit::Exit;

// The loader allocates many small nodes per file on every worker; mimalloc cuts the
// allocator and page-fault share of a run. Without transparent huge pages (`no_thp`), its
// arenas do not hold whole huge pages: a third of the peak RSS (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let result = match args::parse().command {
        Command::Check(args) => commands::check::run(args),
        Command::Test(args) => commands::test::run(args),
        Command::Rules(args) => commands::rules::run(args),
        Command::Explain(args) => commands::explain::run(args),
        Command::Rule(args) => commands::rule::run(args),
        Command::Graph(args) => commands::graph::run(args),
        Command::NewRule(args) => commands::new_rule::run(args),
        Command::Init(args) => commands::init::run(args),
        Command::Config(args) => commands::config::run(args),
        Command::Schema(args) => commands::config::schema(args),
        Command::Exceptions(args) => commands::exceptions::run(args),
        Command::Report(args) => commands::report::run(args),
        Command::Diff(args) => commands::diff::run(args),
        Command::Merge(args) => commands::merge::run(args),
    };
    match result {
        Ok(exit) => exit.into(),
        // A closed pipe (`reglint check | head`) means the reader has all it wanted.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Exit::Success.into(),
        Err(error) => {
            eprintln!("error: {error}");
            Exit::Error.into()
        }
    }
}
