//! Rendering a [`Report`]: human (rustc style), JSON, JSON lines, short.
//!
//! Renderers only format: they never drop, reorder or re-grade a diagnostic. Each writes to
//! any `io::Write` (the CLI passes a buffered, locked stdout), so tests render to a `Vec<u8>`.

mod human;
mod json;
mod short;

pub mod rules;

use std::io::{self, Write};

use crate::run::Report;

pub use human::{codespan_config, summary_line};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// rustc-style diagnostics with source snippets.
    Human,
    /// One JSON object with every diagnostic and the summary.
    Json,
    /// One JSON object per diagnostic per line.
    Jsonl,
    /// `file:line:col: severity[code/name] message`, one per line.
    Short,
}

/// Writes every diagnostic of the report in the format.
pub fn render(report: &Report, format: Format, color: bool, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, color, out),
        Format::Json => json::render(report, out),
        Format::Jsonl => json::render_lines(report, out),
        Format::Short => short::render(report, out),
    }
}

/// 1-based (line, column) of a byte offset in a report file.
fn line_col(report: &Report, file: usize, byte: usize) -> (usize, usize) {
    report.sources.get(file).line_col(byte)
}
