//! Hostile registers and hostile rules through the binary: nothing a register holds or a rule
//! does may hang a run, make the host hold without bound what a rule produces, hide a rule's
//! failure, or make the output depend on timing or the thread count.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::{TODAY, jsonl, only, reglint_in, stderr, stdout, write};

/// A configuration with the most time and operations the caps allow: a debug build on a
/// loaded machine must reach the limit under test, not the deadline.
const GENEROUS: &[u8] = b"version: 1\nlimits:\n  operations: 100000000\n  deadline_ms: 60000\n";

/// Writes an organisation rule `name` (code ORG9xx) with `body` into `dir`.
fn org_rule(dir: &Path, code: &str, name: &str, body: &str) {
    write(
        dir,
        &format!("{name}.rhai"),
        format!(
            "//! id: {code}\n//! name: {name}\n//! severity: error\n//! summary: A hostile rule.\n{body}"
        )
        .as_bytes(),
    );
}

/// `reglint check . --rules rules` in `dir` with extra arguments.
fn check_with_rules(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["check", ".", "--rules", "rules", "--today", TODAY];
    args.extend_from_slice(extra);
    reglint_in(dir, &args)
}

/// The rule-errors of a JSONL run: (file, line, column, message).
fn rule_errors(lines: &[Value]) -> Vec<(String, u64, u64, String)> {
    only(lines.to_vec(), &["rule-error"])
        .iter()
        .map(|l| {
            (
                l["file"].as_str().unwrap_or_default().to_owned(),
                l["line"].as_u64().unwrap_or_default(),
                l["column"].as_u64().unwrap_or_default(),
                l["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn near_miss_ids_of_200_000_characters_are_checked_quickly() {
    // The distance between two long ids costs the product of their lengths: unbounded, this
    // register kept the built-in pack busy for minutes.
    let dir = tempfile::tempdir().unwrap();
    let defined = format!("LEG-{}", "x".repeat(200_000));
    let cited = format!("LEG-{}y", "x".repeat(199_999));
    write(dir.path(), "reglint.yaml", b"version: 1\n");
    write(
        dir.path(),
        "legal.yaml",
        format!("kind: legal-register\nowner: Legal\nentries:\n  - id: {defined}\n    title: A law\n    jurisdiction: UK\n    regulator: ICO\n").as_bytes(),
    );
    write(
        dir.path(),
        "parties.yaml",
        format!("kind: interested-parties\nowner: CISO\nlast_reviewed: 2026-03-14\nparties:\n  - id: IP-ICO\n    name: ICO\n    category: external\n    relationship: regulator\n    relevant: true\n    rationale: Regulates us.\n    requirements:\n      - id: REQ-1\n        type: legal\n        description: Report breaches.\n        legal_ref: {cited}\n        addressed: false\n        justification: Not yet.\n").as_bytes(),
    );
    let output = reglint_in(
        dir.path(),
        &["check", "--format", "jsonl", "--today", TODAY],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let lines = jsonl(&output);
    assert!(rule_errors(&lines).is_empty(), "{:?}", rule_errors(&lines));
    let unresolved = only(lines, &["unresolved-legal-ref"]);
    assert_eq!(unresolved.len(), 1);
    assert_eq!(
        unresolved[0]["message"].as_str().unwrap(),
        format!(
            "requirement `REQ-1` cites `{cited}` in `legal_ref`, which no legal-register entry defines"
        )
    );
    // No suggestion for a word that long: a 200 000-character typo is not one.
    assert_eq!(
        unresolved[0]["help"].as_str().unwrap(),
        format!("add an entry with id `{cited}` to the legal register, or correct the id")
    );
}

#[test]
fn a_rule_reporting_without_end_stops_at_the_findings_limit() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "reglint.yaml", GENEROUS);
    org_rule(
        &dir.path().join("rules"),
        "ORG901",
        "flood",
        "fn check(repo) {\n    let n = 0;\n    loop {\n        n += 1;\n        report(repo, `finding ${n}`);\n    }\n}\n",
    );
    let output = check_with_rules(dir.path(), &["--format", "jsonl"]);
    assert_eq!(output.status.code(), Some(2));
    let lines = jsonl(&output);
    assert_eq!(
        rule_errors(&lines),
        [(
            "rules/flood.rhai".to_owned(),
            9,
            rule_errors(&lines)[0].2,
            "rule `flood` failed on repository `.`: it reported more than 100000 findings, the sandbox's limit per rule and repository".to_owned()
        )]
    );
    assert_eq!(
        only(lines, &["flood"]).len(),
        100_000,
        "the findings made before the limit are kept"
    );
}

#[test]
fn megabyte_notes_stop_at_the_byte_limit() {
    // Each note is within the string limit; together they would be gigabytes of JSON.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "reglint.yaml", GENEROUS);
    org_rule(
        &dir.path().join("rules"),
        "ORG902",
        "bloat",
        "fn check(repo) {\n    let text = \"n\";\n    text.pad(1000000, \"n\");\n    let finding = report(repo, \"big\");\n    loop {\n        finding.note(text);\n        finding.label(text);\n    }\n}\n",
    );
    let output = check_with_rules(dir.path(), &["--format", "short"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    let errors: Vec<&str> = text.lines().filter(|l| l.contains("rule-error")).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    // The limit breaks on the note or the label of the same turn of the loop.
    assert!(
        errors[0].starts_with("rules/bloat.rhai:10:")
            || errors[0].starts_with("rules/bloat.rhai:11:"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].ends_with("error[RL001/rule-error] rule `bloat` failed on repository `.`: its findings and printed text passed 64 MiB, the sandbox's limit per rule and repository"),
        "{}",
        errors[0]
    );
}

#[test]
fn an_error_in_a_sort_comparer_fails_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "reglint.yaml", b"version: 1\n");
    write(
        dir.path(),
        "parties.yaml",
        b"kind: interested-parties\nowner: CISO\nlast_reviewed: 2026-03-14\nparties:\n  - id: IP-B\n    name: B\n  - id: IP-A\n    name: A\n",
    );
    // The comparer reads a field parties do not have as a number: Rhai used to ignore the
    // error, leave the order to chance and report nothing, so the rule looked clean.
    org_rule(
        &dir.path().join("rules"),
        "ORG903",
        "sorted-parties",
        "fn check(repo) {\n    let parties = repo.parties().to_array();\n    parties.sort(|a, b| a.rank - b.rank);\n    if parties[0].id != \"IP-A\" {\n        report(parties[0], \"id\", \"parties are not in rank order\");\n    }\n}\n",
    );
    let output = check_with_rules(dir.path(), &["--format", "jsonl"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let errors = rule_errors(&jsonl(&output));
    assert_eq!(errors.len(), 1, "{errors:?}");
    let (file, line, _, message) = &errors[0];
    assert_eq!((file.as_str(), *line), ("rules/sorted-parties.rhai", 7));
    assert!(
        message.starts_with("rule `sorted-parties` failed on repository `.`: "),
        "{message}"
    );
}

#[test]
fn print_output_reaches_stderr_with_verbose_only() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "reglint.yaml", b"version: 1\n");
    org_rule(
        &dir.path().join("rules"),
        "ORG904",
        "chatty",
        "fn check(repo) {\n    print(\"hello from a rule\");\n}\n",
    );
    let quiet = check_with_rules(dir.path(), &[]);
    assert!(!stderr(&quiet).contains("hello from a rule"));
    let verbose = check_with_rules(dir.path(), &["--verbose"]);
    assert!(
        stderr(&verbose).contains("chatty: hello from a rule"),
        "{}",
        stderr(&verbose)
    );
}

#[test]
fn a_rule_past_its_deadline_is_reported_at_fn_check_the_same_at_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    crate::copy_fixture("fixtures/acme", dir.path());
    // A high operation budget, so the deadline, not the budget, is what stops the loop; a
    // deadline the pack's rules meet on a loaded machine.
    write(
        dir.path(),
        "reglint.yaml",
        b"version: 1\ntoday: 2026-11-22\nlimits:\n  operations: 100000000\n  deadline_ms: 1500\n",
    );
    org_rule(
        &dir.path().join("rules"),
        "ORG905",
        "endless",
        "// A rule that never ends.\nfn helper(n) { n + 1 }\n\nfn check(repo) {\n    let n = 0;\n    loop {\n        n = helper(n);\n    }\n}\n",
    );
    let runs: Vec<Output> = ["1", "2", "8"]
        .iter()
        .map(|threads| check_with_rules(dir.path(), &["--format", "json", "--threads", threads]))
        .collect();
    for run in &runs {
        assert_eq!(run.status.code(), Some(2));
        assert_eq!(
            stdout(run),
            stdout(&runs[0]),
            "the same bytes at any thread count"
        );
    }
    let lines: Value = serde_json::from_str(&stdout(&runs[0])).unwrap();
    let lines = lines["diagnostics"].as_array().unwrap();
    assert_eq!(
        rule_errors(lines),
        [(
            "rules/endless.rhai".to_owned(),
            8,
            1,
            "rule `endless` failed on repository `.`: it did not finish within 1500 ms".to_owned()
        )]
    );
}
