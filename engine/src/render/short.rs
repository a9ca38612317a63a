//! One line per diagnostic, for editors and grep.

use std::io::{self, Write};

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
                format!("{}:{line}:{column}", report.sources.get(p.file).name)
            }
            None => report.place(d).to_owned(),
        };
        writeln!(
            out,
            "{place}: {}[{}/{}] {}",
            d.severity.as_str(),
            d.code,
            d.name,
            d.message
        )?;
    }
    Ok(())
}
