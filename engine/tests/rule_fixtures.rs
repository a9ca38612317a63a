//! Runs every rule of the built-in pack over its fixture cases (`fixtures/rules/<rule>/<case>/`)
//! and fails on any missing or unexpected diagnostic, or a rule without a firing and a passing
//! case. `reglint test fixtures/rules` runs the same suite.

use std::path::Path;

use reglint_engine::date::Date;
use reglint_engine::expect;
use reglint_engine::{Linter, Options};

#[test]
fn every_rule_fixture_matches_its_expectations_and_every_rule_is_covered() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("workspace");
    let today = Date::parse(expect::FIXTURE_TODAY).expect("valid date");
    let linter = Linter::new(Options::new(today, root.clone())).expect("rules load");
    assert!(
        linter.rule_errors().is_empty(),
        "{:#?}",
        linter.rule_errors()
    );
    let required = expect::required_rules(&linter, false);
    let suite = expect::run_suite(&linter, Path::new("fixtures/rules"), &required, &root)
        .expect("suite runs");
    assert!(
        suite.cases.len() > 20,
        "expected the fixture cases under fixtures/rules"
    );
    let mut report = String::new();
    for (_, result) in suite.cases.iter().filter(|(_, r)| !r.passed()) {
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
    for problem in &suite.coverage {
        report.push_str(&format!("\n{problem}"));
    }
    assert!(report.is_empty(), "fixture suite failed:{report}");
}
