//! `reglint config`: the resolved configuration of a repository, each value with its origin,
//! and `reglint schema config|registers`: the JSON Schemas of `reglint.yaml` and of register
//! files.

use std::io::{self, Write};

use reglint_engine::render::{self, Format, RenderOptions};
use reglint_engine::{Linter, Outcome};

use super::usage_error;
use crate::args::{ConfigArgs, ListFormat, SchemaArgs, SchemaKind};
use crate::exit::Exit;

/// Prints the settings of each repository found at the path; configuration problems are
/// rendered as diagnostics and exit 2.
pub fn run(args: ConfigArgs) -> io::Result<Exit> {
    let options = args.flags.options(std::env::current_dir()?);
    let report =
        match Linter::new(options).and_then(|l| l.configure(std::slice::from_ref(&args.path))) {
            Ok(report) => report,
            Err(error) => return usage_error(&error.to_string()),
        };
    let mut out = io::BufWriter::new(io::stdout().lock());
    if report.outcome() == Outcome::Incomplete {
        let format = match args.format {
            ListFormat::Human => Format::Human,
            ListFormat::Json => Format::Json,
        };
        render::render(&report, format, &RenderOptions::default(), &mut out)?;
        out.flush()?;
        return Ok(Exit::Error);
    }
    let settings: Vec<_> = report
        .repositories
        .iter()
        .filter_map(|repo| Some((repo, repo.settings.as_deref()?)))
        .collect();
    match args.format {
        ListFormat::Json => {
            let list: Vec<_> = settings
                .iter()
                .map(|(repo, s)| render::settings::to_json(repo, s))
                .collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
        ListFormat::Human => {
            for (repo, s) in settings {
                render::settings::render_human(repo, s, &mut out)?;
            }
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}

/// Prints a JSON Schema; an unknown `--kind` exits 2.
pub fn schema(args: SchemaArgs) -> io::Result<Exit> {
    let schema = match (args.which, args.kind) {
        (SchemaKind::Config, None) => reglint_engine::config::schema(),
        (SchemaKind::Config, Some(_)) => {
            return usage_error("`--kind` selects a register kind: use it with `schema registers`");
        }
        (SchemaKind::Registers, None) => reglint_engine::register_schema::schema(),
        (SchemaKind::Registers, Some(kind)) => {
            match reglint_engine::register_schema::schema_of_kind(&kind) {
                Ok(schema) => schema,
                Err(error) => return usage_error(&error.to_string()),
            }
        }
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, &schema)?;
    writeln!(out)?;
    out.flush()?;
    Ok(Exit::Success)
}
