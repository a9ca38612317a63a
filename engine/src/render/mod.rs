//! Rendering a [`Report`]: human (rustc style), JSON, JSON lines, short.
//!
//! Renderers only format: they never reorder or re-grade a diagnostic. Silenced findings
//! are left out of `human` and `short` unless asked for (`--show-suppressed`); `json` always
//! carries them, marked. Each writes to any `io::Write` (the CLI passes a buffered, locked
//! stdout), so tests render to a `Vec<u8>`.

mod escape;
mod human;
mod json;
mod short;

pub mod deviations;
pub mod rules;
pub mod settings;

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

/// How a report is rendered besides its format.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Colour (human output).
    pub color: bool,
    /// Show silenced findings in `human` and `short` output too.
    pub show_suppressed: bool,
}

/// Writes the diagnostics of the report in the format.
pub fn render(
    report: &Report,
    format: Format,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let shown = |d: &&crate::Diagnostic| options.show_suppressed || d.is_active();
    match format {
        Format::Human => human::render(report, options.color, shown, out),
        Format::Json => json::render(report, out),
        Format::Jsonl => json::render_lines(report, out),
        Format::Short => short::render(report, shown, out),
    }
}

/// 1-based (line, column) of a byte offset in a report file.
fn line_col(report: &Report, file: usize, byte: usize) -> (usize, usize) {
    report.sources.get(file).line_col(byte)
}
