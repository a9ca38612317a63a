//! Writing rules: organisation rule folders beside the pack, rule errors, `rules`,
//! `explain`, `test` and `new-rule`, the freshness of docs/rules.md and every example of
//! docs/rule-api.md.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::{TODAY, jsonl, reglint, reglint_in, stderr, stdout, workspace, write};

/// `reglint check PATH --rules RULES --format jsonl`, pinned to [`TODAY`].
fn check_with_rules(path: &str, rules: &Path) -> Output {
    let rules = rules.to_str().expect("a UTF-8 temp path");
    reglint(&[
        "check", path, "--rules", rules, "--format", "jsonl", "--today", TODAY,
    ])
}

#[test]
fn an_organisation_rule_folder_is_loaded_beside_the_pack() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "soa-approved.rhai",
        b"//! id: ORG001\n//! name: soa-not-approved\n//! severity: warning\n//! summary: The SoA records its approval.\n\
fn check(repo) {\n    for soa in repo.documents(\"statement-of-applicability\") {\n        if soa.approved == () {\n            report(soa, \"kind\", \"the statement of applicability records no approval date\").label(\"no `approved` in this document\");\n        }\n    }\n}\n",
    );
    let output = check_with_rules("fixtures/acme-clean", dir.path());
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "", "acme-clean's SoA is approved");
    let output = check_with_rules(
        "fixtures/rules/addressed-by-not-applicable/passes-control-applicable",
        dir.path(),
    );
    let lines = jsonl(&output);
    assert_eq!(
        lines
            .iter()
            .filter(|l| l["rule"] == "ORG001" && l["severity"] == "warning")
            .count(),
        1,
        "{lines:#?}"
    );
}

#[test]
fn a_broken_rule_is_reported_in_its_file_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "broken.rhai", b"//! id: ORG002\n//! name: broken\n//! severity: error\n//! summary: Does not compile.\nfn check(repo) {\n    let = 1;\n}\n");
    let output = check_with_rules("fixtures/acme", dir.path());
    assert_eq!(output.status.code(), Some(2));
    let lines = jsonl(&output);
    let broken: Vec<_> = lines.iter().filter(|l| l["name"] == "rule-error").collect();
    assert_eq!(broken.len(), 1);
    assert!(broken[0]["file"].as_str().unwrap().ends_with("broken.rhai"));
    assert_eq!(
        (broken[0]["line"].as_u64(), broken[0]["column"].as_u64()),
        (Some(6), Some(9))
    );
    assert_eq!(
        lines.len(),
        10,
        "the built-in pack still reports acme's nine defects"
    );
}

#[test]
fn a_rule_reusing_a_built_in_name_is_refused_with_both_places_labelled() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "dup.rhai",
        b"//! id: ORG003\n//! name: duplicate-id\n//! severity: error\n//! summary: Clash.\nfn check(repo) {}\n",
    );
    let output = check_with_rules("fixtures/acme-clean", dir.path());
    assert_eq!(output.status.code(), Some(2));
    let lines = jsonl(&output);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!(
        lines[0]["message"],
        "rule name `duplicate-id` is already taken by another rule; this rule is skipped"
    );
    assert_eq!(
        (lines[0]["line"].as_u64(), lines[0]["column"].as_u64()),
        (Some(2), Some(11))
    );
    assert_eq!(
        lines[0]["labels"][0]["file"],
        "builtin:iso27001/duplicate-id.rhai"
    );
    assert_eq!(lines[0]["labels"][0]["line"], 2);
}

#[test]
fn rules_lists_the_pack_with_clauses_and_explain_prints_docs() {
    let output = reglint(&["rules", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let rules: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap();
    let find = |name: &str| {
        rules
            .iter()
            .find(|r| r["name"] == name)
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        find("unresolved-addressed-by"),
        serde_json::json!({"code": "AD003", "name": "unresolved-addressed-by", "severity": "error",
            "clause": "4.2 c)", "summary": "Every id in `addressed_by` must name a control, objective, risk or scope item of the repository."})
    );
    assert_eq!(find("yaml-syntax")["code"], "F001");

    let explain = reglint(&["explain", "AD003"]);
    assert_eq!(explain.status.code(), Some(0));
    let text = stdout(&explain);
    assert!(
        text.starts_with("unresolved-addressed-by (AD003)\nseverity: error, clause 4.2 c)\n"),
        "{text}"
    );
    assert!(
        text.contains("## Fails") && text.contains("## Passes"),
        "{text}"
    );

    let unknown = reglint(&["explain", "unresolved-adressed-by"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(
        stderr(&unknown),
        "error: no rule is named `unresolved-adressed-by`; did you mean `unresolved-addressed-by`?\n"
    );
}

#[test]
fn test_runs_an_organisation_rule_folder_and_lists_differences() {
    let dir = org_suite(
        "fn check(repo) {\n    for soa in repo.documents(\"statement-of-applicability\") {\n        if soa.approved == () {\n            report(soa, \"kind\", \"the statement of applicability records no approval date\");\n        }\n    }\n}\n",
    );
    let d = dir.path();
    let output = reglint_in(d, &["test", "fixtures", "--rules", "rules"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "passed: 2 fixture cases, 1 rule\n");

    // An expectation on the wrong line: both sides of the difference are listed.
    write(
        d,
        "fixtures/soa-not-approved/no-date/soa.yaml",
        b"kind: statement-of-applicability\nowner: CISO  # expect: soa-not-approved\ncontrols: []\n",
    );
    let output = reglint_in(d, &["test", "fixtures", "--rules", "rules"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains(
            "  missing     fixtures/soa-not-approved/no-date/soa.yaml:2 soa-not-approved\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  unexpected  fixtures/soa-not-approved/no-date/soa.yaml:1 soa-not-approved: the statement of applicability records no approval date\n"),
        "{text}"
    );
}

#[test]
fn docs_rules_md_is_generated_from_the_rules() {
    let output = reglint(&["rules", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0));
    let committed = std::fs::read_to_string(workspace().join("docs/rules.md")).unwrap_or_default();
    assert!(
        stdout(&output) == committed,
        "docs/rules.md is stale: run `cargo run -q -- rules --format markdown > docs/rules.md`"
    );
}

#[test]
fn new_rule_scaffolds_an_example_that_fails_until_it_is_made_the_authors_own() {
    let dir = tempfile::tempdir().unwrap();
    let created = reglint_in(
        dir.path(),
        &[
            "new-rule",
            "party-without-owner",
            "--dir",
            "org",
            "--code",
            "ACME01",
        ],
    );
    assert_eq!(created.status.code(), Some(0), "{}", stderr(&created));
    assert!(
        dir.path()
            .join("org/rules/party-without-owner.rhai")
            .is_file()
    );
    // As written, the rule is an example checking party owners: it fails until the author
    // has made it their own and deleted the template line.
    let template = reglint_in(
        dir.path(),
        &["test", "org/fixtures", "--rules", "org/rules"],
    );
    let rule_file = dir.path().join("org/rules/party-without-owner.rhai");
    let text = std::fs::read_to_string(&rule_file).unwrap();
    let marker_line = text
        .lines()
        .position(|l| l.starts_with("// reglint: template"))
        .unwrap()
        + 1;
    assert_eq!(
        stdout(&template),
        format!(
            "template: org/rules/party-without-owner.rhai:{marker_line}: `party-without-owner` is still the example `new-rule` wrote: write its check and fixtures, then delete this line\n\
             FAILED: 0 of 2 fixture cases failed, 1 rule still the `new-rule` example; 1 rule\n"
        )
    );
    assert_eq!(template.status.code(), Some(1));
    let written: String = text
        .lines()
        .filter(|l| !l.starts_with("// reglint: template"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&rule_file, written).unwrap();
    let tested = reglint_in(
        dir.path(),
        &["test", "org/fixtures", "--rules", "org/rules"],
    );
    assert_eq!(stdout(&tested), "passed: 2 fixture cases, 1 rule\n");
    assert_eq!(tested.status.code(), Some(0));
    // The folder new-rule made, named alone, stands for its rules and fixtures (#8).
    let whole = reglint_in(dir.path(), &["test", "org"]);
    assert_eq!(stdout(&whole), "passed: 2 fixture cases, 1 rule\n");
    let listed = reglint_in(
        dir.path(),
        &["rules", "--rules", "org/rules", "--format", "json"],
    );
    assert!(stdout(&listed).contains("\"code\": \"ACME01\""));

    let again = reglint_in(
        dir.path(),
        &["new-rule", "party-without-owner", "--dir", "org"],
    );
    assert_eq!(again.status.code(), Some(2));
    let bad = reglint_in(dir.path(), &["new-rule", "Party_Owner", "--dir", "org"]);
    assert_eq!(
        stderr(&bad),
        "error: rule name `Party_Owner` must be lowercase words joined by `-`\n"
    );
}

/// Every ```rhai example of docs/rule-api.md, run as a rule on the sample repository.
#[test]
fn every_rule_api_example_runs() {
    let docs = std::fs::read_to_string(workspace().join("docs/rule-api.md")).unwrap();
    let mut examples = Vec::new();
    let mut current: Option<String> = None;
    for line in docs.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```rhai") => current = Some(String::new()),
            (Some(_), "```") => examples.extend(current.take()),
            (Some(text), _) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, _) => {}
        }
    }
    assert!(
        examples.len() >= 30,
        "expected an example per function, found {}",
        examples.len()
    );
    let dir = tempfile::tempdir().unwrap();
    for (i, example) in examples.iter().enumerate() {
        let rule = format!(
            "//! id: DOC{i:03}\n//! name: doc-example-{i}\n//! severity: warning\n//! summary: Example {i}.\n{example}"
        );
        write(dir.path(), &format!("example-{i:03}.rhai"), rule.as_bytes());
    }
    let output = check_with_rules("fixtures/acme", dir.path());
    let failures: Vec<String> = jsonl(&output)
        .iter()
        .filter(|l| l["name"] == "rule-error")
        .map(|l| format!("{}:{}: {}", l["file"], l["line"], l["message"]))
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_worked_organisation_rule_folders_pass_their_fixtures() {
    for org in ["privacy", "financial-services"] {
        let output = reglint(&[
            "test",
            &format!("fixtures/org-rules/{org}/fixtures"),
            "--rules",
            &format!("fixtures/org-rules/{org}/rules"),
        ]);
        assert_eq!(output.status.code(), Some(0), "{org}: {}", stdout(&output));
        assert!(
            stdout(&output).starts_with("passed: "),
            "{}",
            stdout(&output)
        );
    }
}

#[test]
fn test_on_the_built_in_rule_folder_runs_the_whole_pack() {
    let output = reglint(&["test", "rules/"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("passed: ") && text.ends_with(" rules\n"),
        "{text}"
    );
}

/// A rule folder with one firing and one passing case, the rule's body given.
fn org_suite(body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let rule = format!(
        "//! id: ORG001\n//! name: soa-not-approved\n//! severity: warning\n//! summary: The SoA records its approval.\n{body}"
    );
    write(d, "rules/soa-not-approved.rhai", rule.as_bytes());
    write(
        d,
        "fixtures/soa-not-approved/no-date/reglint.yaml",
        b"version: 1\n",
    );
    write(
        d,
        "fixtures/soa-not-approved/no-date/soa.yaml",
        b"kind: statement-of-applicability  # expect: soa-not-approved\nowner: CISO\ncontrols: []\n",
    );
    write(
        d,
        "fixtures/soa-not-approved/passes-approved/reglint.yaml",
        b"version: 1\n",
    );
    write(
        d,
        "fixtures/soa-not-approved/passes-approved/soa.yaml",
        b"kind: statement-of-applicability\nowner: CISO\napproved: 2026-05-20\ncontrols: []\n",
    );
    dir
}

// A rule that fails at run time on one case only (here the passing one) must fail the
// suite with the rule-error's message and place, and exit 2 as `check` does (#8).
#[test]
fn test_fails_a_rule_that_crashes_on_one_case_and_exits_2() {
    let dir = org_suite(
        "fn check(repo) {\n    for soa in repo.documents(\"statement-of-applicability\") {\n        if soa.approved == () {\n            report(soa, \"kind\", \"no approval date\");\n        } else {\n            let n = soa.approved / 2;\n        }\n    }\n}\n",
    );
    let output = reglint_in(dir.path(), &["test", "fixtures", "--rules", "rules"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(
        text.contains("FAIL fixtures/soa-not-approved/passes-approved (soa-not-approved)"),
        "{text}"
    );
    assert!(
        text.contains("  rule error  rules/soa-not-approved.rhai:10 rule `soa-not-approved` failed on repository `fixtures/soa-not-approved/passes-approved`:"),
        "{text}"
    );
    assert!(
        text.ends_with("FAILED: 1 of 2 fixture cases failed; 1 rule\n"),
        "{text}"
    );
}

#[test]
fn test_shows_where_a_rule_does_not_compile_and_exits_2() {
    let dir = org_suite("fn check(repo) {\n    let x = ;\n}\n");
    let output = reglint_in(dir.path(), &["test", "fixtures", "--rules", "rules"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(
        text.contains("rule error: rules/soa-not-approved.rhai:6: rule does not compile:"),
        "{text}"
    );
}
