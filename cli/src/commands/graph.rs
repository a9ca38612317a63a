//! `reglint graph [PATH]`: the reference graph of a repository as DOT, Mermaid or JSON.
//!
//! The repository is loaded as `check` loads it (configuration and ignored files applied;
//! no rule runs); the graph, the chain of `--from` and the output are the engine's.

use std::io::{self, Write};

use reglint_engine::workbench::graph::Graph;

use super::{View, usage_error};
use crate::args::GraphArgs;
use crate::exit::Exit;

/// Prints the graph, or the chain through `--from`.
pub fn run(args: GraphArgs) -> io::Result<Exit> {
    let View {
        inspection,
        repository,
        ..
    } = match super::view_or_exit(&args.flags, &args.path, false)? {
        Ok(view) => view,
        Err(exit) => return Ok(exit),
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
