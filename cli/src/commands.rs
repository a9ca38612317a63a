//! The rule-author commands: `test`, `rules`, `explain`. Each turns arguments into one engine
//! call and prints the result; deciding what passes is the engine's.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use reglint_engine::date::Date;
use reglint_engine::expect::{self, Expected};
use reglint_engine::render::{self, rules::ListingFormat};
use reglint_engine::{Linter, Options};
use serde_json::json;

fn linter(rule_dirs: &[PathBuf], today: Date) -> io::Result<Result<Linter, String>> {
    let mut options = Options::new(today, std::env::current_dir()?);
    options.rule_dirs = rule_dirs.to_vec();
    Ok(Linter::new(options).map_err(|e| e.to_string()))
}

fn usage_error(message: &str) -> io::Result<ExitCode> {
    eprintln!("error: {message}");
    Ok(ExitCode::from(2))
}

/// `reglint test`: every fixture case under the paths; exit 1 on any difference.
pub fn test(paths: &[PathBuf], rule_dirs: &[PathBuf], as_json: bool) -> io::Result<ExitCode> {
    let today = Date::parse(expect::FIXTURE_TODAY).unwrap_or_else(Date::today_utc);
    let cwd = std::env::current_dir()?;
    let input = expect::fixtures_for(paths, rule_dirs, &cwd);
    let linter = match linter(&input.rule_dirs, today)? {
        Ok(linter) => linter,
        Err(message) => return usage_error(&message),
    };
    let required = expect::required_rules(&linter, !input.rule_dirs.is_empty());
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut passed = linter.rule_errors().is_empty();
    let mut json_cases = Vec::new();
    let mut coverage = Vec::new();
    let mut cases = 0;
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
        coverage.extend(suite.coverage);
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
        let report = json!({"passed": passed, "cases": json_cases, "coverage": coverage, "rule_errors": errors});
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        for d in linter.rule_errors() {
            writeln!(out, "rule error: {}", d.message)?;
        }
        for problem in &coverage {
            writeln!(out, "coverage: {problem}")?;
        }
        let failed = if passed { "passed" } else { "FAILED" };
        let rules = required.len();
        let plural = if rules == 1 { "" } else { "s" };
        writeln!(out, "{failed}: {cases} fixture cases, {rules} rule{plural}")?;
    }
    out.flush()?;
    Ok(if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `reglint rules`: every active rule with its clause.
pub fn rules(rule_dirs: &[PathBuf], format: ListingFormat) -> io::Result<ExitCode> {
    let linter = match linter(rule_dirs, Date::today_utc())? {
        Ok(linter) => linter,
        Err(message) => return usage_error(&message),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    render::rules::render(&linter.all_rules(), format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `reglint explain RULE`: a rule's documentation.
pub fn explain(rule: &str, rule_dirs: &[PathBuf]) -> io::Result<ExitCode> {
    let linter = match linter(rule_dirs, Date::today_utc())? {
        Ok(linter) => linter,
        Err(message) => return usage_error(&message),
    };
    let all = linter.all_rules();
    let meta = match reglint_engine::rule::find_rule(&all, rule) {
        Ok(meta) => meta,
        Err(unknown) => return usage_error(&unknown.to_string()),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    render::rules::write_explanation(&mut out, meta)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `reglint new-rule`: a rule file and two fixtures that pass `reglint test` as written, for
/// the author to change into what the organisation needs.
pub fn new_rule(name: &str, code: &str, dir: &std::path::Path) -> io::Result<ExitCode> {
    let scaffold = match reglint_engine::scaffold::new_rule(name, code, dir) {
        Ok(scaffold) => scaffold,
        Err(error) => return usage_error(&error.to_string()),
    };
    for (path, text) in &scaffold.files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
        println!("created {}", path.display());
    }
    println!(
        "next: edit the rule and its fixtures, then run `reglint test {} --rules {}`",
        scaffold.fixtures_dir.display(),
        scaffold.rules_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
