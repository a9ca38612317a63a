//! Runs every rule over its fixture cases (`fixtures/rules/<rule>/<case>/`) and fails on any
//! missing or unexpected diagnostic; also requires each rule to have a firing and a passing case.

use std::path::{Path, PathBuf};

use reglint_engine::date::Date;
use reglint_engine::expect::{self, CaseResult};
use reglint_engine::format::CHECKS;
use reglint_engine::{Linter, Options};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn linter() -> Linter {
    let today = Date::parse("2026-11-22").expect("valid date");
    Linter::new(Options::new(
        today,
        workspace().canonicalize().expect("workspace exists"),
    ))
    .expect("rules load")
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn run_all() -> Vec<(String, CaseResult)> {
    let linter = linter();
    let root = workspace().canonicalize().expect("workspace exists");
    let mut results = Vec::new();
    for rule_dir in subdirs(&root.join("fixtures/rules")) {
        let rule = name_of(&rule_dir);
        for case in subdirs(&rule_dir) {
            let relative = case
                .strip_prefix(&root)
                .expect("under the workspace")
                .to_path_buf();
            let result = expect::run_case(&linter, &relative, &rule, &root).expect("case runs");
            results.push((rule.clone(), result));
        }
    }
    results
}

#[test]
fn every_rule_fixture_matches_its_expectations() {
    let results = run_all();
    assert!(
        results.len() > 20,
        "expected the fixture cases under fixtures/rules"
    );
    let mut report = String::new();
    for (_, result) in results.iter().filter(|(_, r)| !r.passed()) {
        report.push_str(&format!("\n{}:\n", result.case.display()));
        for e in &result.missing {
            report.push_str(&format!("  missing     {}:{} {}\n", e.file, e.line, e.rule));
        }
        for e in &result.unexpected {
            report.push_str(&format!(
                "  unexpected  {}:{} {}: {}\n",
                e.file, e.line, e.rule, e.message
            ));
        }
        for e in &result.unknown_rules {
            report.push_str(&format!(
                "  unknown rule in expectation {}:{} {}\n",
                e.file, e.line, e.rule
            ));
        }
    }
    assert!(report.is_empty(), "fixture mismatches:{report}");
}

#[test]
fn every_rule_has_a_firing_and_a_passing_fixture() {
    let results = run_all();
    let linter = linter();
    let names: Vec<String> = linter
        .rules()
        .map(|m| m.name.clone())
        .chain(CHECKS.iter().map(|c| c.name.to_owned()))
        .collect();
    let mut problems = Vec::new();
    for name in &names {
        let cases: Vec<&CaseResult> = results
            .iter()
            .filter(|(r, _)| r == name)
            .map(|(_, c)| c)
            .collect();
        let fires = cases
            .iter()
            .any(|c| c.expectations > 0 && !name_of(&c.case).starts_with("passes-"));
        let passes = cases
            .iter()
            .any(|c| name_of(&c.case).starts_with("passes-"));
        if !fires {
            problems.push(format!("{name}: no fixture case fires it"));
        }
        if !passes {
            problems.push(format!("{name}: no passes-* fixture case"));
        }
    }
    for (rule, case) in &results {
        if name_of(&case.case).starts_with("passes-") && case.expectations > 0 {
            problems.push(format!(
                "{rule}: passing case {} carries expectations",
                case.case.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
