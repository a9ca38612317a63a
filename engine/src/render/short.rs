//! One line per diagnostic, for editors and grep. File names and messages are escaped
//! ([`super::escape::line`]), so a line break or a terminal escape in either can neither
//! split a line nor reach the terminal.

use std::io::{self, Write};

use super::escape;
use super::line_col;
use crate::diagnostic::Diagnostic;
use crate::run::Report;

pub(super) fn render(
    report: &Report,
    shown: impl Fn(&&Diagnostic) -> bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    for d in report.diagnostics.iter().filter(shown) {
        let place = match &d.primary {
            Some(p) => {
                let (line, column) = line_col(report, p.file, p.span.start);
                let name = escape::line(&report.sources.get(p.file).name);
                format!("{name}:{line}:{column}")
            }
            None => escape::line(report.place(d)).into_owned(),
        };
        writeln!(
            out,
            "{place}: {}[{}/{}] {}",
            d.severity.as_str(),
            d.code,
            d.name,
            escape::line(&d.message)
        )?;
    }
    Ok(())
}
