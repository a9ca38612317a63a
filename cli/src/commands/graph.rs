//! `reglint graph [PATH]`: the reference graph of a repository as DOT, Mermaid or JSON.
//!
//! The repository is loaded as `check` loads it (configuration and ignored files applied;
//! no rule runs); the graph, the chain of `--from` and the output are the engine's.

use std::io::{self, Write};

use reglint_engine::workbench::{self, graph::Graph};
use reglint_engine::{Linter, Outcome};

use super::{incomplete, usage_error};
use crate::args::GraphArgs;
use crate::exit::Exit;

/// Prints the graph, or the chain through `--from`.
pub fn run(args: GraphArgs) -> io::Result<Exit> {
    let options = args.flags.options(std::env::current_dir()?);
    let mut inspection = match Linter::new(options)
        .and_then(|l| l.inspect(std::slice::from_ref(&args.path), false))
    {
        Ok(inspection) => inspection,
        Err(error) => return usage_error(&error.to_string()),
    };
    if inspection.report.outcome() == Outcome::Incomplete {
        return incomplete(&mut inspection.report);
    }
    let shown = args.path.display().to_string();
    let (_, repository) = match workbench::only_repository(&inspection, &shown) {
        Ok(found) => found,
        Err(error) => return usage_error(&error.to_string()),
    };
    let mut graph = Graph::of(&repository, &inspection.report.sources);
    if let Some(id) = &args.from {
        graph = match graph.around(id) {
            Some(chain) => chain,
            None => return usage_error(&graph.unknown_id(id)),
        };
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    graph.render(args.format.into(), &mut out)?;
    out.flush()?;
    Ok(Exit::Success)
}
