//! `reglint merge`: the shards' JSON reports joined and rendered as one run's.
//!
//! Reads every report (a bad one stops the merge with its name and the place), joins them
//! in the engine, and for formats other than JSON loads the checked paths again without
//! rules for what those formats describe. The shards' own exit codes are the gate; merge
//! exits 0 once the report is written.

use std::io::{self, Write};

use reglint_engine::Linter;
use reglint_engine::merge;
use reglint_engine::render::{self, Format, RenderOptions};

use super::usage_error;
use crate::args::MergeArgs;
use crate::exit::Exit;

/// Joins the reports and writes the merged one.
pub fn run(args: MergeArgs) -> io::Result<Exit> {
    let cwd = std::env::current_dir()?;
    let mut parts = Vec::with_capacity(args.reports.len());
    let mut seen: Vec<(&std::path::Path, Vec<u8>)> = Vec::new();
    for path in &args.reports {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                return usage_error(&format!("cannot read `{}`: {error}", path.display()));
            }
        };
        // The same shard twice would count its repositories twice.
        if let Some((first, _)) = seen.iter().find(|(_, b)| *b == bytes) {
            return usage_error(&format!(
                "`{}` and `{}` are the same report: give each shard's report once",
                first.display(),
                path.display()
            ));
        }
        let part = merge::read(&path.display().to_string(), &bytes);
        seen.push((path, bytes));
        match part {
            Ok(part) => parts.push(part),
            Err(error) => return usage_error(&error.to_string()),
        }
    }
    let merged = merge::merge(parts);
    let format = Format::from(args.format);
    let mut bytes = Vec::new();
    match format {
        Format::Json => merged.write_json(&mut bytes)?,
        Format::Jsonl => merged.write_lines(&mut bytes)?,
        _ => {
            let checked = if args.checked.is_empty() {
                vec![".".into()]
            } else {
                args.checked.clone()
            };
            let loaded = Linter::new(args.flags.options(cwd.clone()))
                .and_then(|linter| linter.inspect(&checked, false));
            let loaded = match loaded {
                Ok(inspection) => inspection.report,
                Err(error) => return usage_error(&error.to_string()),
            };
            let report = match merged.into_report(loaded) {
                Ok(report) => report,
                Err(error) => return usage_error(&error.to_string()),
            };
            let options = RenderOptions {
                color: args.output.is_none() && super::use_color(args.color),
                show_suppressed: args.show_suppressed,
                junit_file_attribute: args.junit_file_attribute,
            };
            render::render(&report, format, &options, &mut bytes)?;
        }
    }
    match &args.output {
        Some(path) => {
            if let Err(error) = reglint_engine::atomic::write(&cwd.join(path), &bytes) {
                return usage_error(&format!("cannot write `{}`: {error}", path.display()));
            }
        }
        None => {
            let mut out = io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    Ok(Exit::Success)
}
