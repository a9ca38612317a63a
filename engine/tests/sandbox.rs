//! Rules are untrusted code: each attack below must end in a `rule-error` diagnostic that names
//! the rule file and the script position, while the other rules' findings still come out.

use std::path::{Path, PathBuf};
use std::time::Duration;

use reglint_engine::date::Date;
use reglint_engine::script::Sandbox;
use reglint_engine::{Linter, Options, Outcome, Report, Severity};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("workspace exists")
}

/// Runs the built-in pack plus one hostile rule on `fixtures/acme`.
fn run_with_rule(body: &str, sandbox: Sandbox) -> (Report, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let rule = format!(
        "//! id: ORG900\n//! name: hostile\n//! severity: error\n//! summary: An attack on the sandbox.\n{body}"
    );
    std::fs::write(dir.path().join("hostile.rhai"), rule).expect("write rule");
    let mut options = Options::new(Date::parse("2026-11-22").expect("date"), workspace());
    options.rule_dirs = vec![dir.path().to_path_buf()];
    options.sandbox = sandbox;
    let linter = Linter::new(options).expect("linter");
    let report = linter
        .check(&[PathBuf::from("fixtures/acme")])
        .expect("check runs");
    (report, dir)
}

/// The single rule-error of the report: (message, line, column) in hostile.rhai.
fn rule_error(report: &Report) -> (String, usize, usize) {
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.name == "rule-error")
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let d = errors[0];
    assert_eq!(d.severity, Severity::Error);
    let primary = d.primary.as_ref().expect("located");
    let file = report.sources.get(primary.file);
    assert!(file.name.ends_with("hostile.rhai"), "{}", file.name);
    let (line, column) = file.line_col(primary.span.start);
    (d.message.clone(), line, column)
}

fn assert_other_rules_still_report(report: &Report) {
    assert_eq!(report.outcome(), Outcome::Incomplete);
    for name in [
        "duplicate-id",
        "unresolved-addressed-by",
        "duplicate-key",
        "party-no-requirements",
    ] {
        assert!(
            report.diagnostics.iter().any(|d| d.name == name),
            "{name} missing"
        );
    }
}

fn small() -> Sandbox {
    Sandbox {
        max_operations: 200_000,
        deadline: Duration::from_secs(20),
        ..Sandbox::default()
    }
}

#[test]
fn an_infinite_loop_is_stopped_by_the_operation_budget() {
    let (report, _dir) = run_with_rule("fn check(repo) {\n    loop { }\n}\n", small());
    let (message, line, column) = rule_error(&report);
    assert_eq!(
        message,
        "rule `hostile` failed on repository `fixtures/acme`: it used more than its 200000 operations"
    );
    assert_eq!((line, column), (6, 5));
    assert_other_rules_still_report(&report);
}

#[test]
fn the_deadline_stops_a_rule_the_operation_budget_would_not() {
    let sandbox = Sandbox {
        max_operations: 0,
        deadline: Duration::from_millis(200),
        ..Sandbox::default()
    };
    let (report, _dir) = run_with_rule(
        "fn check(repo) {\n    let n = 0;\n    loop { n += 1; }\n}\n",
        sandbox,
    );
    let (message, line, _) = rule_error(&report);
    assert_eq!(
        message,
        "rule `hostile` failed on repository `fixtures/acme`: it ran past its 200ms deadline"
    );
    assert_eq!(line, 7);
    assert_other_rules_still_report(&report);
}

#[test]
fn runaway_recursion_hits_the_call_depth_limit() {
    let (report, _dir) = run_with_rule(
        "fn down(n) { down(n + 1) }\nfn check(repo) {\n    down(0);\n}\n",
        small(),
    );
    let (message, line, _) = rule_error(&report);
    assert!(message.contains("Stack overflow"), "{message}");
    assert_eq!(line, 5);
    assert_other_rules_still_report(&report);
}

#[test]
fn a_doubling_string_hits_the_string_size_limit() {
    let (report, _dir) = run_with_rule(
        "fn check(repo) {\n    let s = \"x\";\n    loop { s += s; }\n}\n",
        small(),
    );
    let (message, line, _) = rule_error(&report);
    assert!(message.contains("Length of string too large"), "{message}");
    assert_eq!(line, 7);
    assert_other_rules_still_report(&report);
}

#[test]
fn a_growing_array_hits_the_array_size_limit() {
    let (report, _dir) = run_with_rule(
        "fn check(repo) {\n    let a = [];\n    loop { a.push(1); }\n}\n",
        Sandbox::default(),
    );
    let (message, line, _) = rule_error(&report);
    assert!(
        message.ends_with("Size of array/BLOB too large"),
        "{message}"
    );
    assert_eq!(line, 7);
    assert_other_rules_still_report(&report);
}

#[test]
fn import_is_refused() {
    let (report, _dir) =
        run_with_rule("fn check(repo) {\n    import \"std\" as std;\n}\n", small());
    let (message, line, column) = rule_error(&report);
    assert!(
        message.ends_with("`import` is not available: rules run in a sandbox without modules"),
        "{message}"
    );
    assert_eq!((line, column), (6, 5));
    assert_other_rules_still_report(&report);
}

#[test]
fn eval_is_refused() {
    let (report, _dir) = run_with_rule("fn check(repo) {\n    eval(\"1 + 1\");\n}\n", small());
    let (message, line, column) = rule_error(&report);
    assert!(message.contains("eval"), "{message}");
    assert_eq!((line, column), (6, 5));
    assert_other_rules_still_report(&report);
}

#[test]
fn reading_files_is_impossible() {
    let (report, _dir) = run_with_rule(
        "fn check(repo) {\n    open_file(\"/etc/passwd\");\n}\n",
        small(),
    );
    let (message, line, column) = rule_error(&report);
    assert_eq!(
        message,
        "rule `hostile` failed on repository `fixtures/acme`: Function not found: open_file (&str | ImmutableString | String)"
    );
    assert_eq!((line, column), (6, 5));
    assert_other_rules_still_report(&report);
}

#[test]
fn the_clock_is_out_of_reach() {
    let (report, _dir) = run_with_rule("fn check(repo) {\n    let t = timestamp();\n}\n", small());
    let (message, line, column) = rule_error(&report);
    assert_eq!(
        message,
        "rule `hostile` failed on repository `fixtures/acme`: Function not found: timestamp ()"
    );
    assert_eq!((line, column), (6, 13));
    assert_other_rules_still_report(&report);
}

#[test]
fn print_output_is_captured_not_written() {
    let (report, _dir) = run_with_rule(
        "fn check(repo) {\n    print(\"hello from a rule\");\n}\n",
        small(),
    );
    assert_eq!(report.log, vec!["hostile: hello from a rule".to_owned()]);
    assert_eq!(report.outcome(), Outcome::Findings);
}

#[test]
fn a_compile_error_is_located_in_the_rule_file() {
    let (report, _dir) = run_with_rule("fn check(repo) {\n    let x = ;\n}\n", small());
    let (message, line, column) = rule_error(&report);
    assert!(message.starts_with("rule does not compile: "), "{message}");
    assert_eq!((line, column), (6, 13));
    assert_other_rules_still_report(&report);
}
