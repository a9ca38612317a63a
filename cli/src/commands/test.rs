//! `reglint test`: run rules against fixture folders with inline `# expect:` comments.
//!
//! Which folders hold the fixtures, which rules must be covered and what passes are decided by
//! the engine's suite harness (`expect`), the same one `cargo test` runs on the built-in pack;
//! this command prints each failing case (or every case, as JSON) and the totals.

use std::io::{self, Write};

use reglint_engine::date::Date;
use reglint_engine::expect::{self, Expected};
use serde_json::json;

use super::{linter, usage_error};
use crate::args::{ListFormat, TestArgs};
use crate::exit::Exit;

/// Runs every fixture case under the paths and prints the differences; exit 1 on any, 2 when a
/// rule did not compile or failed on a case.
pub fn run(args: TestArgs) -> io::Result<Exit> {
    let as_json = args.format == ListFormat::Json;
    let today = Date::parse(expect::FIXTURE_TODAY).unwrap_or_else(Date::today_utc);
    let cwd = std::env::current_dir()?;
    let input = expect::fixtures_for(&args.paths, &args.rule_dirs, &cwd);
    let linter = match linter(&input.rule_dirs, today)? {
        Ok(linter) => linter,
        Err(message) => return usage_error(&message),
    };
    let required = expect::required_rules(&linter, !input.rule_dirs.is_empty());
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut passed = linter.rule_errors().is_empty();
    let mut json_cases = Vec::new();
    let mut coverage = Vec::new();
    let mut templates = Vec::new();
    let mut cases = 0;
    let mut failed_cases = 0;
    let mut crashed = !linter.rule_errors().is_empty();
    for path in &input.fixtures {
        if !cwd.join(path).is_dir() {
            return usage_error(&format!(
                "fixture folder `{}` does not exist",
                path.display()
            ));
        }
        let suite = match expect::run_suite(&linter, path, &required, &cwd) {
            Ok(suite) => suite,
            Err(error) => return usage_error(&error.to_string()),
        };
        passed &= suite.passed();
        cases += suite.cases.len();
        failed_cases += suite.cases.iter().filter(|(_, c)| !c.passed()).count();
        crashed |= suite.cases.iter().any(|(_, c)| !c.rule_errors.is_empty());
        coverage.extend(suite.coverage);
        templates.extend(suite.templates);
        for (rule, case) in &suite.cases {
            if as_json {
                let list = |items: &[Expected]| -> Vec<serde_json::Value> {
                    items
                        .iter()
                        .map(|e| json!({"file": e.file, "line": e.line, "rule": e.rule, "message": e.message}))
                        .collect()
                };
                json_cases.push(json!({
                    "rule": rule,
                    "case": case.case.display().to_string(),
                    "passed": case.passed(),
                    "missing": list(&case.missing),
                    "unexpected": list(&case.unexpected),
                    "unknown_rules": list(&case.unknown_rules),
                    "rule_errors": list(&case.rule_errors),
                }));
            } else if !case.passed() {
                writeln!(out, "FAIL {} ({rule})", case.case.display())?;
                for e in &case.missing {
                    writeln!(out, "  missing     {}:{} {}", e.file, e.line, e.rule)?;
                }
                for e in &case.unexpected {
                    writeln!(
                        out,
                        "  unexpected  {}:{} {}: {}",
                        e.file, e.line, e.rule, e.message
                    )?;
                }
                for e in &case.rule_errors {
                    writeln!(out, "  rule error  {}:{} {}", e.file, e.line, e.message)?;
                }
                for e in &case.unknown_rules {
                    writeln!(
                        out,
                        "  unknown rule `{}` in the expectation at {}:{}",
                        e.rule, e.file, e.line
                    )?;
                }
            }
        }
    }
    if as_json {
        let errors: Vec<&str> = linter
            .rule_errors()
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        let templates: Vec<serde_json::Value> = templates
            .iter()
            .map(|(place, rule)| json!({"rule": rule, "at": place}))
            .collect();
        let report = json!({"passed": passed, "cases": json_cases, "coverage": coverage, "templates": templates, "rule_errors": errors});
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        for d in linter.rule_errors() {
            match linter.rule_error_place(d) {
                Some(place) => writeln!(out, "rule error: {place}: {}", d.message)?,
                None => writeln!(out, "rule error: {}", d.message)?,
            }
        }
        for problem in &coverage {
            writeln!(out, "coverage: {problem}")?;
        }
        for (place, rule) in &templates {
            writeln!(
                out,
                "template: {place}: `{rule}` is still the example `new-rule` wrote: write its check and fixtures, then delete this line"
            )?;
        }
        let rules = required.len();
        let plural = if rules == 1 { "" } else { "s" };
        if passed {
            writeln!(out, "passed: {cases} fixture cases, {rules} rule{plural}")?;
        } else {
            let mut problems = format!("{failed_cases} of {cases} fixture cases failed");
            if !templates.is_empty() {
                let n = templates.len();
                problems.push_str(&format!(
                    ", {n} rule{} still the `new-rule` example",
                    if n == 1 { "" } else { "s" }
                ));
            }
            if !coverage.is_empty() {
                let n = coverage.len();
                problems.push_str(&format!(
                    ", {n} coverage problem{}",
                    if n == 1 { "" } else { "s" }
                ));
            }
            writeln!(out, "FAILED: {problems}; {rules} rule{plural}")?;
        }
    }
    out.flush()?;
    // A rule that does not compile or fails while running makes the suite incomplete, as it
    // makes `check` incomplete: exit 2, never 1.
    Ok(if crashed {
        Exit::Error
    } else if passed {
        Exit::Success
    } else {
        Exit::Findings
    })
}
