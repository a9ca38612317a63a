//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per active
//! finding, which GitHub turns into an annotation on the file and line, then one plain
//! summary line.
//!
//! Separate from the other formats because its syntax is GitHub's own: a command line
//! `::LEVEL PROPERTIES::MESSAGE` whose values are escaped as the official toolkit escapes
//! them (npm `@actions/core`, `packages/core/src/command.ts`): in the message `%`, `\r` and
//! `\n`; in property values also `:` and `,`. Any other character a terminal would obey (an
//! ANSI escape, a bidirectional override) is written as a visible `\u{..}` first, as in human
//! output, since the job log is shown in a terminal-like viewer. Paths are relative to the
//! git work tree root (the checkout), columns are given only when the finding starts and
//! ends on one line, and silenced findings are not annotated. GitHub shows at most 10
//! annotations of each level per step, so the summary line says how many there are.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{PlatformPaths, escape, line_col};
use crate::diagnostic::{Diagnostic, Severity};
use crate::run::Report;

/// Most annotations of one level GitHub shows for a step.
const SHOWN_PER_LEVEL: usize = 10;

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let paths = PlatformPaths::new(report);
    let mut per_level = [0usize; 3];
    for d in report.diagnostics.iter().filter(|d| d.is_active()) {
        per_level[d.severity as usize] += 1;
        writeln!(out, "{}", command(report, &paths, d))?;
    }
    let mut summary = format!("reglint: {}", super::human::summary_counts(report));
    if per_level.iter().any(|n| *n > SHOWN_PER_LEVEL) {
        let _ = write!(
            summary,
            " (GitHub shows at most {SHOWN_PER_LEVEL} annotations of each level: the log above lists every finding)"
        );
    }
    writeln!(out, "{summary}")
}

/// The workflow command of one finding.
fn command(report: &Report, paths: &PlatformPaths, d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    // In the toolkit's order (`toCommandProperties`), so a line reads as `core.error` writes it.
    let mut properties: Vec<(&str, String)> =
        vec![("title", format!("reglint {} {}", d.code, d.name))];
    let mut message = String::new();
    let file = d
        .primary
        .as_ref()
        .and_then(|p| Some((p, paths.file(report, p.file)?)));
    match file {
        Some((p, path)) => {
            let (line, column) = line_col(report, p.file, p.span.start);
            let (end_line, end_column) = line_col(report, p.file, p.span.end);
            properties.push(("file", path));
            properties.push(("line", line.to_string()));
            properties.push(("endLine", end_line.to_string()));
            if line == end_line {
                properties.push(("col", column.to_string()));
                properties.push(("endColumn", end_column.to_string()));
            }
        }
        // A finding with no register file to point at (a repository-level finding, a
        // problem in a rule script) says where it is in its message.
        None => match &d.primary {
            Some(p) => {
                let (line, column) = line_col(report, p.file, p.span.start);
                let _ = write!(message, "{}:{line}:{column}: ", report.place(d));
            }
            None if !report.place(d).is_empty() => {
                let _ = write!(message, "in repository `{}`: ", report.place(d));
            }
            None => {}
        },
    }
    message.push_str(&d.message);
    if let Some(p) = d.primary.as_ref().filter(|p| !p.message.is_empty()) {
        let _ = write!(message, "\n{}", p.message);
    }
    if let Some(help) = &d.help {
        let _ = write!(message, "\nhelp: {help}");
    }
    for note in &d.notes {
        let _ = write!(message, "\nnote: {note}");
    }
    let properties: Vec<String> = properties
        .iter()
        .map(|(key, value)| format!("{key}={}", escape_property(value)))
        .collect();
    format!(
        "::{level} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// Characters a terminal would obey, made visible; line breaks are left to the toolkit's
/// escaping.
fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if escape::is_unsafe(c) && c != '\r' {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// The toolkit's `escapeData`: a command's message.
pub(super) fn escape_data(text: &str) -> String {
    visible(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The toolkit's `escapeProperty`: a property value.
pub(super) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_toolkit_escapes_each_special_character() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_data("a:b,c"), "a:b,c");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(
            escape_data("%0A"),
            "%250A",
            "an escape in the text stays text"
        );
        assert_eq!(escape_data("x\u{1b}[2J\u{202e}"), "x\\u{1b}[2J\\u{202e}");
    }
}
