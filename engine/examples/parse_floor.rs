//! The parse floor: discover, read and parse every register file exactly as `reglint check`
//! does, with no format checks, no index and no rules. `reglint check` is measured against
//! this.
//!
//!     cargo run --release -p reglint-engine --example parse_floor -- PATH...

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use reglint_engine::discover::{discover, display_path};
use reglint_engine::load::parse_file;
use reglint_engine::yaml::Limits;

// The same allocator as the `reglint` binary, so the comparison is of work, not of allocators.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let cwd = std::env::current_dir()?;
    let repos = discover(&paths, &cwd, &Default::default())?.repos;
    let files: Vec<&PathBuf> = repos.iter().flat_map(|r| r.files.iter()).collect();
    let limits = Limits::default();
    let (docs, diagnostics) = files
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            let name: Arc<str> = display_path(path, &cwd).into();
            let loaded = parse_file(path, name, i, &limits);
            (loaded.docs.len(), loaded.diagnostics.len())
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    eprintln!(
        "{} files, {docs} documents, {diagnostics} loader diagnostics",
        files.len()
    );
    Ok(())
}
