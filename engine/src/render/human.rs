//! rustc-style output through codespan-reporting.
//!
//! Two things codespan cannot do are done here: every text is made terminal-safe first
//! ([`super::escape`]), and an `info` finding is headed `info`, as in JSON, `short` and the
//! summary (codespan's nearest severity is `Note`, whose header word is replaced).
//!
//! The one format that caps what it shows: at most [`MAX_PER_FILE_AND_RULE`] findings of one
//! rule per file, then one line saying how many more there are, so a hostile file (a mapping
//! of 100 000 repeated keys) does not bury a terminal. Machine formats carry every finding.

use std::collections::HashMap;
use std::io::{self, Write};

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Chars, Config};

use super::escape::{self, SafeSources};
use crate::diagnostic::{Diagnostic, Severity};
use crate::run::Report;

/// The one codespan configuration, shared by the CLI and the tests: ASCII art, like rustc.
pub fn codespan_config() -> Config {
    Config {
        chars: Chars::ascii(),
        ..Config::default()
    }
}

fn to_codespan(report: &Report, safe: &SafeSources, d: &Diagnostic) -> CsDiagnostic<usize> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    };
    let mut labels = Vec::new();
    if let Some(p) = &d.primary {
        labels.push(
            CsLabel::primary(p.file, safe.span(p.file, &p.span))
                .with_message(escape::line(&p.message)),
        );
    }
    for l in &d.secondary {
        labels.push(
            CsLabel::secondary(l.file, safe.span(l.file, &l.span))
                .with_message(escape::line(&l.message)),
        );
    }
    let mut notes = Vec::new();
    if d.primary.is_none() && !report.place(d).is_empty() {
        notes.push(format!("in repository `{}`", escape::line(report.place(d))));
    }
    if let Some(help) = &d.help {
        notes.push(format!("help: {}", escape::line(help)));
    }
    notes.extend(d.notes.iter().map(|n| format!("note: {}", escape::line(n))));
    if let Some(s) = &d.suppressed {
        notes.push(format!(
            "note: suppressed ({}): {}",
            s.kind.as_str(),
            escape::line(&s.reason)
        ));
    }
    CsDiagnostic::new(severity)
        .with_code(format!("{}/{}", d.code, d.name))
        .with_message(escape::line(&d.message))
        .with_labels(labels)
        .with_notes(notes)
}

pub(super) fn render(
    report: &Report,
    color: bool,
    shown: impl Fn(&&Diagnostic) -> bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let config = codespan_config();
    let shown: Vec<&Diagnostic> = report.diagnostics.iter().filter(shown).collect();
    let mut used = vec![false; report.sources.len()];
    for label in shown
        .iter()
        .flat_map(|d| d.primary.iter().chain(&d.secondary))
    {
        if let Some(slot) = used.get_mut(label.file) {
            *slot = true;
        }
    }
    let safe = SafeSources::new(&report.sources, |id| used[id]);
    let mut totals: HashMap<(&str, &str), usize> = HashMap::new();
    for d in &shown {
        *totals.entry((report.place(d), &d.name)).or_default() += 1;
    }
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    for d in shown {
        let key = (report.place(d), d.name.as_str());
        let n = seen.entry(key).or_default();
        *n += 1;
        let hidden;
        let d = match *n {
            n if n <= MAX_PER_FILE_AND_RULE => d,
            n if n == MAX_PER_FILE_AND_RULE + 1 => {
                hidden = hidden_line(d, totals[&key] - MAX_PER_FILE_AND_RULE);
                &hidden
            }
            _ => continue,
        };
        let mut buffer = if color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        };
        term::emit_to_write_style(
            &mut buffer,
            &config,
            &safe.files,
            &to_codespan(report, &safe, d),
        )
        .map_err(io::Error::other)?;
        let mut bytes = buffer.into_inner();
        if d.severity == Severity::Info {
            retitle_info(&mut bytes);
        }
        out.write_all(&bytes)?;
    }
    Ok(())
}

/// Turns codespan's `note[...]` header into `info[...]`. The header is the first thing
/// codespan writes (after a colour code, when colouring), and every text after it is
/// escaped, so the first `note` is the severity word; same length, so nothing else moves.
fn retitle_info(bytes: &mut [u8]) {
    if let Some(at) = bytes.windows(4).position(|w| w == b"note") {
        bytes[at..at + 4].copy_from_slice(b"info");
    }
}

/// Most findings of one rule shown per file in human output. The summary, and every other
/// format, count and carry every finding.
pub const MAX_PER_FILE_AND_RULE: usize = 100;

/// The line that stands for the findings of a (file, rule) past the cap, at the first of them.
fn hidden_line(first: &Diagnostic, more: usize) -> Diagnostic {
    let mut d = first.clone();
    d.message = format!(
        "{more} more `{}` findings in this file are not shown (the first {MAX_PER_FILE_AND_RULE} are; JSON output has them all)",
        d.name
    );
    d.secondary.clear();
    d.help = Some("fix the findings shown and run again".into());
    d.notes.clear();
    d
}

/// The last line of a human run: counts and time.
pub fn summary_line(report: &Report) -> String {
    format!(
        "{} ({:.2}s)",
        summary_counts(report),
        report.elapsed.as_secs_f64()
    )
}

/// The counts of a run in words, without the time (which would make output differ run to
/// run): `2 errors, 1 warning, 0 infos in 3 files of 1 repository; 1 suppressed`.
pub(super) fn summary_counts(report: &Report) -> String {
    let s = &report.summary;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let withheld = report.withheld_count();
    let silenced = report.diagnostics.iter().filter(|d| !d.is_active()).count() - withheld;
    let mut extra = String::new();
    if silenced > 0 {
        extra.push_str(&format!("; {silenced} suppressed"));
    }
    if withheld > 0 {
        extra.push_str(&format!("; {withheld} withheld"));
    }
    if let Some(fixed) = report.baseline_fixed {
        extra.push_str(&format!("; {fixed} fixed since the baseline"));
    }
    format!(
        "{}, {}, {} in {} of {}{extra}",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
        plural(s.files, "file"),
        if s.repositories == 1 {
            "1 repository".to_owned()
        } else {
            format!("{} repositories", s.repositories)
        }
    )
}
