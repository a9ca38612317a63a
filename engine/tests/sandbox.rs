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
    options.keep_log = true;
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
    let (message, line, column) = rule_error(&report);
    assert_eq!(
        message,
        "rule `hostile` failed on repository `fixtures/acme`: it did not finish within 200 ms"
    );
    // Where a loop stands when the clock runs out depends on the machine: a deadline is
    // reported at `fn check`, the same every run.
    assert_eq!((line, column), (5, 1));
    assert_other_rules_still_report(&report);
}

#[test]
fn host_calls_check_the_deadline_themselves() {
    // Rhai checks progress every 1024 operations; this rule makes fewer, so only the host
    // call itself can find the deadline passed (a call that walks a whole register may take
    // longer than the rest of the job).
    let sandbox = Sandbox {
        max_operations: 0,
        deadline: Duration::from_nanos(1),
        ..Sandbox::default()
    };
    let (report, _dir) = run_with_rule(
        "fn check(repo) {\n    let ids = repo.ids(\"party\");\n}\n",
        sandbox,
    );
    // The pack's rules call the host too and fail the same way: only this rule is looked at.
    let ours: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.name == "rule-error" && d.message.starts_with("rule `hostile`"))
        .collect();
    assert_eq!(ours.len(), 1, "{:#?}", report.diagnostics);
    assert!(
        ours[0].message.ends_with("it did not finish within 0 ms"),
        "{}",
        ours[0].message
    );
    let primary = ours[0].primary.as_ref().expect("located");
    let file = report.sources.get(primary.file);
    assert_eq!(file.line_col(primary.span.start), (5, 1));
}

fn limited(findings: usize, bytes: usize) -> Sandbox {
    Sandbox {
        max_findings: findings,
        max_output_bytes: bytes,
        max_message_bytes: 1000,
        ..small()
    }
}

#[test]
fn reporting_past_the_findings_limit_is_a_rule_error_and_keeps_the_findings() {
    let (report, _dir) = run_with_rule(
        "fn check(repo) {\n    let n = 0;\n    loop {\n        n += 1;\n        report(repo, `finding ${n}`);\n    }\n}\n",
        limited(50, 1 << 20),
    );
    let (message, line, _) = rule_error(&report);
    assert_eq!(
        message,
        "rule `hostile` failed on repository `fixtures/acme`: it reported more than 50 findings, the sandbox's limit per rule and repository"
    );
    assert_eq!(line, 9);
    assert_eq!(
        report
            .diagnostics
            .iter()
            .filter(|d| d.name == "hostile")
            .count(),
        50
    );
    assert_other_rules_still_report(&report);
}

#[test]
fn notes_past_the_byte_limit_are_a_rule_error() {
    let (report, _dir) = run_with_rule(
        "fn check(repo) {\n    let f = report(repo, \"x\");\n    let text = \"n\";\n    text.pad(900, \"n\");\n    loop { f.note(text); }\n}\n",
        limited(50, 100_000),
    );
    let (message, line, _) = rule_error(&report);
    assert!(
        message.ends_with("its findings and printed text passed 100000 bytes, the sandbox's limit per rule and repository"),
        "{message}"
    );
    assert_eq!(line, 9);
    let notes: usize = report
        .diagnostics
        .iter()
        .filter(|d| d.name == "hostile")
        .map(|d| d.notes.len())
        .sum();
    assert!((90..=110).contains(&notes), "{notes} notes of 900 bytes");
}

#[test]
fn a_text_longer_than_the_message_limit_is_a_rule_error() {
    let (report, _dir) = run_with_rule(
        "fn check(repo) {\n    let h = \"h\";\n    h.pad(1001, \"h\");\n    report(repo, \"x\").help(h);\n}\n",
        limited(50, 1 << 20),
    );
    let (message, line, _) = rule_error(&report);
    assert!(
        message.ends_with(
            "it passed a text longer than 1000 bytes to the host, the sandbox's limit per message"
        ),
        "{message}"
    );
    assert_eq!(line, 8);
}

#[test]
fn printing_counts_against_the_byte_limit_even_when_the_log_is_not_kept() {
    let rule = "fn check(repo) {\n    let text = \"p\";\n    text.pad(900, \"p\");\n    loop { print(text); }\n}\n";
    for keep_log in [true, false] {
        let dir = tempfile::tempdir().expect("temp dir");
        let text = format!(
            "//! id: ORG900\n//! name: hostile\n//! severity: error\n//! summary: An attack on the sandbox.\n{rule}"
        );
        std::fs::write(dir.path().join("hostile.rhai"), text).expect("write rule");
        let mut options = Options::new(Date::parse("2026-11-22").expect("date"), workspace());
        options.rule_dirs = vec![dir.path().to_path_buf()];
        options.sandbox = limited(50, 100_000);
        options.keep_log = keep_log;
        let report = Linter::new(options)
            .expect("linter")
            .check(&[PathBuf::from("fixtures/acme")])
            .expect("check runs");
        let (message, line, _) = rule_error(&report);
        assert!(message.contains("passed 100000 bytes"), "{message}");
        assert_eq!(line, 8);
        if keep_log {
            assert!(
                (90..=110).contains(&report.log.len()),
                "{}",
                report.log.len()
            );
        } else {
            assert!(report.log.is_empty(), "nothing is held without --verbose");
        }
    }
}

#[test]
fn an_error_in_a_sort_comparer_is_a_rule_error() {
    let (report, _dir) = run_with_rule(
        "fn check(repo) {\n    let a = [3, 1, 2];\n    a.sort(|x, y| x.no_such_field);\n    if a != [1, 2, 3] { report(repo, \"unsorted\"); }\n}\n",
        small(),
    );
    let (message, line, _) = rule_error(&report);
    assert!(message.contains("no_such_field"), "{message}");
    assert_eq!(line, 7);
}

#[test]
fn sort_and_dedup_with_a_function_still_work() {
    let (report, _dir) = run_with_rule(
        "fn check(repo) {\n    let a = [3, 1, 2, 2, 5, 4];\n    a.sort(|x, y| y - x);\n    let b = [1, 1, 2, 3, 3];\n    b.dedup(|x, y| x == y);\n    let c = [2, 1];\n    c.sort_by(|x, y| x <= y);\n    report(repo, `${a} ${b} ${c}`);\n}\n",
        small(),
    );
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.name == "hostile" || d.name == "rule-error")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(found, ["[5, 4, 3, 2, 2, 1] [1, 2, 3] [1, 2]"]);
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

#[test]
fn the_documented_limits_are_the_defaults() {
    let docs = std::fs::read_to_string(workspace().join("docs/rule-api.md")).expect("docs");
    let grouped = |n: u64| {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(' ');
            }
            out.push(c);
        }
        out
    };
    let d = Sandbox::DEFAULT;
    let rows = [
        format!(
            "| operations (roughly: expressions evaluated) | {} |",
            grouped(d.max_operations)
        ),
        format!("| function call depth | {} |", d.max_call_levels),
        format!(
            "| expression nesting depth | {} at top level, {} inside functions |",
            d.max_expr_depth.0, d.max_expr_depth.1
        ),
        format!(
            "| string size | {} MiB ({} bytes) |",
            d.max_string_size >> 20,
            grouped(d.max_string_size as u64)
        ),
        format!(
            "| array size | {} items |",
            grouped(d.max_array_size as u64)
        ),
        format!(
            "| object map size | {} entries |",
            grouped(d.max_map_size as u64)
        ),
        format!("| wall-clock time | {} seconds |", d.deadline.as_secs()),
        format!("| findings | {} |", grouped(d.max_findings as u64)),
        format!(
            "| text held by the host: findings (messages, labels, helps, notes, paths) and printed lines | {} MiB |",
            d.max_output_bytes >> 20
        ),
        format!(
            "| one message, label, help, note or printed line | {} MiB |",
            d.max_message_bytes >> 20
        ),
        format!(
            "| `did_you_mean` work | {} units |",
            grouped(d.max_suggestion_work)
        ),
    ];
    for row in rows {
        assert!(docs.contains(&row), "docs/rule-api.md lacks the row {row}");
    }
}
