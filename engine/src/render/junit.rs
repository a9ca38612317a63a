//! JUnit XML, as GitLab (`artifacts: reports: junit`), Jenkins and other test reporters read
//! it: the check seen as tests that pass or fail.
//!
//! Separate from the other formats because it describes what ran, not only what was found:
//! `<testsuites>` holds one `<testsuite>` per repository, in which every rule active for a
//! register file is one `<testcase>` of that file (so a clean file shows its passing rules,
//! and a fixed finding shows as a test that now passes), a finding with no file is a test
//! case of its rule at repository level, and a finding in any other file (a configuration, a
//! rule script) is a test case of that file and rule. Problems with rules that belong to no
//! repository fill a last suite, `reglint`. In each test case an active error-level finding is
//! a `<failure>`, one that makes the check incomplete (a rule that failed, an unreadable
//! configuration or path) an `<error>`, and warnings, infos and silenced findings are lines of
//! its `<system-out>`: a silenced finding is an accepted deviation, so its test passes, with
//! the reason beside it (not `<skipped>`, which would say the rule did not run).
//!
//! Test case names are unique in the whole report (GitLab keeps only the first of duplicates):
//! `CODE name in FILE` with the file as shown. The XML is written by quick-xml; text that XML
//! 1.0 cannot carry (most control characters, even escaped) and characters a viewer would obey
//! (bidirectional overrides) are written as visible `\u{..}`, as in human output; line breaks
//! in attribute values are character references, so a message reads back whole. Times are
//! `0`: the bytes depend on the input only.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::name::QName;

use super::{PlatformPaths, RenderOptions, escape, line_col};
use crate::diagnostic::{Diagnostic, RepoId, Severity};
use crate::run::{Report, is_fatal};

/// Where a test case's findings are: the repository as a whole, or one file of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Repository,
    File(usize),
}

/// A test case's key in its suite: place, then rule code and name (the order they are written).
type CaseKey<'a> = (Place, &'a str, &'a str);

/// One suite: a repository, or the problems with rules that belong to none.
struct Suite<'a> {
    name: &'a str,
    /// The repository, `None` for the last suite.
    repository: Option<RepoId>,
    cases: BTreeMap<CaseKey<'a>, Vec<&'a Diagnostic>>,
}

/// What a test case comes to.
#[derive(Default)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.tests += other.tests;
        self.failures += other.failures;
        self.errors += other.errors;
    }
}

pub(super) fn render(
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let suites = suites(report);
    let paths = options
        .junit_file_attribute
        .then(|| PlatformPaths::new(report));
    let counts: Vec<Counts> = suites.iter().map(count).collect();
    let mut total = Counts::default();
    counts.iter().for_each(|c| total.add(c));

    let mut writer = Writer::new_with_indent(&mut *out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("testsuites")
        .with_attributes(attributes(&[
            ("name", "reglint"),
            ("tests", &total.tests.to_string()),
            ("failures", &total.failures.to_string()),
            ("errors", &total.errors.to_string()),
            ("time", "0"),
        ]))
        .write_inner_content(|w| {
            for (suite, counts) in suites.iter().zip(&counts) {
                write_suite(w, report, paths.as_ref(), suite, counts)?;
            }
            Ok(())
        })?;
    writeln!(out)
}

/// The suites of a report: its repositories, in order, then the rules suite when it has any
/// finding.
fn suites(report: &Report) -> Vec<Suite<'_>> {
    let mut suites: Vec<Suite> = report
        .repositories
        .iter()
        .enumerate()
        .map(|(index, repo)| Suite {
            name: &repo.name,
            repository: Some(index),
            cases: BTreeMap::new(),
        })
        .collect();
    // Every rule active for a register file ran on it.
    for (file, info) in report.files.iter().enumerate() {
        let Some(info) = info.as_ref().filter(|i| i.is_register) else {
            continue;
        };
        let Some(settings) = &report.repositories[info.repository].settings else {
            continue;
        };
        let relative = Path::new(&info.relative);
        let cases = &mut suites[info.repository].cases;
        for rule in &report.rules {
            if settings.verdict(rule, Some(relative)).is_some() {
                cases.insert((Place::File(file), &rule.code, &rule.name), Vec::new());
            }
        }
    }
    let mut rules_suite = Suite {
        name: "reglint",
        repository: None,
        cases: BTreeMap::new(),
    };
    for d in &report.diagnostics {
        let place = d
            .primary
            .as_ref()
            .map_or(Place::Repository, |p| Place::File(p.file));
        let repository = d.repository.or_else(|| {
            let p = d.primary.as_ref()?;
            Some(report.files.get(p.file)?.as_ref()?.repository)
        });
        let suite = match repository {
            Some(r) => &mut suites[r],
            None => &mut rules_suite,
        };
        suite
            .cases
            .entry((place, &d.code, &d.name))
            .or_default()
            .push(d);
    }
    if !rules_suite.cases.is_empty() {
        suites.push(rules_suite);
    }
    suites
}

/// Whether a finding is written as a `<failure>`, an `<error>` or in `<system-out>`.
#[derive(PartialEq, Eq)]
enum Outcome {
    Failure,
    Error,
    Output,
}

fn outcome(d: &Diagnostic) -> Outcome {
    if !d.is_active() {
        Outcome::Output
    } else if is_fatal(&d.name) {
        Outcome::Error
    } else if d.severity == Severity::Error {
        Outcome::Failure
    } else {
        Outcome::Output
    }
}

/// A test case with an `<error>` counts as an error, else one with a `<failure>` as a failure.
fn count(suite: &Suite<'_>) -> Counts {
    let mut counts = Counts {
        tests: suite.cases.len(),
        ..Counts::default()
    };
    for findings in suite.cases.values() {
        if findings.iter().any(|d| outcome(d) == Outcome::Error) {
            counts.errors += 1;
        } else if findings.iter().any(|d| outcome(d) == Outcome::Failure) {
            counts.failures += 1;
        }
    }
    counts
}

fn write_suite<W: Write>(
    w: &mut Writer<W>,
    report: &Report,
    paths: Option<&PlatformPaths>,
    suite: &Suite<'_>,
    counts: &Counts,
) -> io::Result<()> {
    w.create_element("testsuite")
        .with_attributes(attributes(&[
            ("name", suite.name),
            ("tests", &counts.tests.to_string()),
            ("failures", &counts.failures.to_string()),
            ("errors", &counts.errors.to_string()),
            ("skipped", "0"),
            ("time", "0"),
        ]))
        .write_inner_content(|w| {
            for ((place, code, name), findings) in &suite.cases {
                write_case(w, report, paths, suite, (*place, code, name), findings)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write_case<W: Write>(
    w: &mut Writer<W>,
    report: &Report,
    paths: Option<&PlatformPaths>,
    suite: &Suite<'_>,
    (place, code, name): CaseKey<'_>,
    findings: &[&Diagnostic],
) -> io::Result<()> {
    let classname = match place {
        Place::File(file) => &*report.sources.get(file).name,
        Place::Repository => suite.name,
    };
    let case_name = match (place, suite.repository) {
        (Place::File(_), _) => format!("{code} {name} in {classname}"),
        (Place::Repository, Some(_)) => format!("{code} {name} in repository {classname}"),
        (Place::Repository, None) => format!("{code} {name}"),
    };
    // GitLab links a test case to its file by `file`, relative to the checkout.
    let file = paths.and_then(|paths| match place {
        Place::File(file) => paths.file(report, file),
        Place::Repository => suite.repository.map(|r| paths.repository(r)),
    });
    let mut attrs = vec![("classname", classname), ("name", case_name.as_str())];
    if let Some(file) = &file {
        attrs.push(("file", file.as_str()));
    }
    attrs.push(("time", "0"));
    let element = w
        .create_element("testcase")
        .with_attributes(attributes(&attrs));
    if findings.is_empty() {
        element.write_empty()?;
        return Ok(());
    }
    element.write_inner_content(|w| {
        let mut output = String::new();
        for d in findings {
            let tag = match outcome(d) {
                Outcome::Failure => "failure",
                Outcome::Error => "error",
                Outcome::Output => {
                    output.push_str(&describe(report, d));
                    continue;
                }
            };
            w.create_element(tag)
                .with_attributes(attributes(&[("message", &d.message), ("type", &d.name)]))
                .write_text_content(text(&describe(report, d)))?;
        }
        if !output.is_empty() {
            w.create_element("system-out")
                .write_text_content(text(&output))?;
        }
        Ok(())
    })?;
    Ok(())
}

/// A finding as text, rustc's way: place, severity, code, message, then label, help, notes
/// and what silenced it, one per line.
fn describe(report: &Report, d: &Diagnostic) -> String {
    let mut text = String::new();
    match &d.primary {
        Some(p) => {
            let (line, column) = line_col(report, p.file, p.span.start);
            let _ = write!(text, "{}:{line}:{column}: ", report.place(d));
        }
        None if !report.place(d).is_empty() => {
            let _ = write!(text, "{}: ", report.place(d));
        }
        None => {}
    }
    let _ = writeln!(
        text,
        "{}[{}/{}] {}",
        d.severity.as_str(),
        d.code,
        d.name,
        d.message
    );
    if let Some(p) = d.primary.as_ref().filter(|p| !p.message.is_empty()) {
        let _ = writeln!(text, "  label: {}", p.message);
    }
    if let Some(help) = &d.help {
        let _ = writeln!(text, "  help: {help}");
    }
    for note in &d.notes {
        let _ = writeln!(text, "  note: {note}");
    }
    if let Some(s) = &d.suppressed {
        let _ = writeln!(text, "  suppressed ({}): {}", s.kind.as_str(), s.reason);
    }
    text
}

/// Attributes with their values escaped by [`escape_xml`].
fn attributes<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Iterator<Item = Attribute<'a>> {
    pairs.iter().map(|(key, value)| Attribute {
        key: QName(key.as_bytes()),
        value: Cow::Owned(escape_xml(value, true).into_bytes()),
    })
}

/// Element text escaped by [`escape_xml`].
fn text(raw: &str) -> BytesText<'static> {
    BytesText::from_escaped(escape_xml(raw, false))
}

/// quick-xml's escaping of markup (`<`, `>`, `&`, `'`, `"`), and what it leaves to the
/// caller: a character XML 1.0 cannot carry, or one a viewer would obey, becomes a visible
/// `\u{..}`; in an attribute value line breaks and tabs become character references (a
/// parser would turn them into spaces), and in text a carriage return does (a parser would
/// turn it into a line feed).
fn escape_xml(raw: &str, attribute: bool) -> String {
    let escaped = quick_xml::escape::escape(raw);
    let mut out = String::with_capacity(escaped.len());
    for c in escaped.chars() {
        match c {
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            '\n' | '\t' => out.push(c),
            c if escape::is_unsafe(c) || matches!(c, '\u{fffe}' | '\u{ffff}') => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_xml_cannot_carry_is_made_visible_and_line_breaks_survive_attributes() {
        assert_eq!(
            escape_xml("a<b & \"c\"", true),
            "a&lt;b &amp; &quot;c&quot;"
        );
        assert_eq!(escape_xml("one\ntwo\r\n", true), "one&#10;two&#13;&#10;");
        assert_eq!(escape_xml("one\ntwo\r\n", false), "one\ntwo&#13;\n");
        assert_eq!(
            escape_xml("x\u{1b}[2J\u{0}\u{202e}", false),
            "x\\u{1b}[2J\\u{0}\\u{202e}"
        );
        assert_eq!(escape_xml("\u{fffe}é", false), "\\u{fffe}é");
    }
}
