//! Inline suppressions and exceptions: accepted deviations are silenced with a reason, stay
//! visible in JSON and in `reglint exceptions`, and every broken, stale or expired one is
//! reported where it is written.

use super::*;

const PARTIES: &str = "registers/interested-parties.yaml";

/// A copy of `fixtures/acme` with `edit` applied to its interested-parties register.
fn acme_edited(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("fixtures/acme", dir.path());
    let path = dir.path().join(PARTIES);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(text)).unwrap();
    dir
}

fn active(lines: &[Value]) -> Vec<String> {
    lines
        .iter()
        .filter(|l| l["suppressed"].is_null())
        .map(|l| l["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_trailing_directive_silences_the_findings_of_its_entry() {
    let dir = acme_edited(|t| {
        t.replace(
            "  - id: IP-SECURITY-COMMUNITY\n",
            "  - id: IP-SECURITY-COMMUNITY  # reglint: allow party-no-requirements -- contact only; reviewed at the next management review\n",
        )
    });
    let output = check_jsonl_in(dir.path(), &[]);
    let lines = jsonl(&output);
    assert_eq!(lines.len(), 9, "still in JSON");
    assert!(!active(&lines).iter().any(|n| n == "party-no-requirements"));
    let silenced = only(lines, &["party-no-requirements"]);
    assert_eq!(silenced[0]["suppressed"]["kind"], "inline");
    assert_eq!(
        silenced[0]["suppressed"]["reason"],
        "contact only; reviewed at the next management review"
    );
    assert_eq!(silenced[0]["entry"], "IP-SECURITY-COMMUNITY");

    // Hidden from short output unless asked for; never counted.
    let short = reglint_in(
        dir.path(),
        &["check", "--format", "short", "--today", TODAY],
    );
    assert!(!stdout(&short).contains("party-no-requirements"));
    let shown = reglint_in(
        dir.path(),
        &[
            "check",
            "--format",
            "short",
            "--today",
            TODAY,
            "--show-suppressed",
        ],
    );
    assert!(stdout(&shown).contains("party-no-requirements"));
    let human = reglint_in(dir.path(), &["check", "--today", TODAY]);
    assert!(stderr(&human).starts_with("8 errors"), "{}", stderr(&human));
    assert!(stderr(&human).contains("1 suppressed"));
}

#[test]
fn a_directive_on_the_line_above_covers_the_next_line_by_code() {
    let dir = acme_edited(|t| {
        t.replace(
            "    category: externel\n",
            "    # reglint: allow IP003 -- spelled as in the insurer's contract\n    category: externel\n",
        )
    });
    let lines = jsonl(&check_jsonl_in(dir.path(), &[]));
    assert!(!active(&lines).iter().any(|n| n == "invalid-category"));
}

#[test]
fn allow_file_in_the_leading_comments_covers_the_whole_file() {
    let dir = acme_edited(|t| {
        format!(
            "# reglint: allow-file duplicate-id, duplicate-key -- legacy register, cleaned up in Q1\n{t}"
        )
    });
    let lines = jsonl(&check_jsonl_in(dir.path(), &[]));
    let left = active(&lines);
    assert_eq!(
        left.iter().filter(|n| *n == "duplicate-id").count(),
        1,
        "the scope.yaml duplicate stays: {left:?}"
    );
    assert!(!left.iter().any(|n| n == "duplicate-key"));
}

#[test]
fn broken_directives_are_errors_that_silence_nothing() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "# reglint: allow party-no-requirements",
            "`reglint: allow party-no-requirements` gives no reason",
            "add the reason after ` -- `: an accepted deviation must say why it was accepted",
        ),
        (
            "# reglint: allow party-no-requirement -- contact only",
            "`party-no-requirement` names no rule",
            "did you mean `party-no-requirements`?",
        ),
        (
            "# reglint: alow party-no-requirements -- contact only",
            "unknown directive `reglint: alow`",
            "did you mean `allow`?",
        ),
    ];
    for (directive, message, help) in cases {
        let dir = acme_edited(|t| {
            t.replace(
                "  - id: IP-SECURITY-COMMUNITY\n",
                &format!("  - id: IP-SECURITY-COMMUNITY  {directive}\n"),
            )
        });
        let lines = jsonl(&check_jsonl_in(dir.path(), &[]));
        assert!(
            active(&lines).iter().any(|n| n == "party-no-requirements"),
            "{directive}"
        );
        let invalid = only(lines, &["invalid-suppression"]);
        assert_eq!(invalid.len(), 1, "{directive}");
        assert_eq!(invalid[0]["message"], *message);
        assert_eq!(invalid[0]["help"], *help);
        assert_eq!(invalid[0]["line"], 532);
        assert_eq!(invalid[0]["column"], 32);
    }
}

#[test]
fn a_hash_inside_a_quoted_string_is_not_a_directive() {
    let dir = acme_edited(|t| {
        t.replace(
            "    name: Security information-sharing groups (NCSC CiSP and a fintech ISAC)\n",
            "    name: \"Security groups # reglint: allow party-no-requirements -- no\"\n",
        )
    });
    let lines = jsonl(&check_jsonl_in(dir.path(), &[]));
    assert!(active(&lines).iter().any(|n| n == "party-no-requirements"));
    assert!(only(lines, &["invalid-suppression", "unused-suppression"]).is_empty());
}

#[test]
fn a_directive_that_silences_nothing_is_a_warning() {
    let dir = acme_edited(|t| {
        t.replace(
            "  - id: IP-INSURER\n",
            "  - id: IP-INSURER  # reglint: allow party-no-requirements -- the insurer has none\n",
        )
    });
    let lines = jsonl(&check_jsonl_in(dir.path(), &[]));
    let unused = only(lines, &["unused-suppression"]);
    assert_eq!(unused.len(), 1);
    assert_eq!(unused[0]["severity"], "warning");
    assert_eq!(
        unused[0]["message"],
        "this suppression of `party-no-requirements` silences nothing: no such finding here"
    );
}

const EXCEPTIONS: &str = "kind: exceptions\nowner: CISO\nexceptions:\n  - id: EXC-001\n    rule: party-no-requirements\n    target: IP-SECURITY-COMMUNITY\n    reason: Community contact only; requirements reviewed at the next management review.\n    approved_by: CISO\n    approved_on: 2026-10-01\n    expires: 2027-03-31\n    ticket: RISK-42\n";

fn acme_with_exceptions(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("fixtures/acme", dir.path());
    write(dir.path(), "registers/exceptions.yaml", text.as_bytes());
    dir
}

#[test]
fn an_exception_silences_its_rule_on_its_targets_by_id() {
    let dir = acme_with_exceptions(EXCEPTIONS);
    let lines = jsonl(&check_jsonl_in(dir.path(), &[]));
    assert!(!active(&lines).iter().any(|n| n == "party-no-requirements"));
    let silenced = only(lines, &["party-no-requirements"]);
    assert_eq!(silenced[0]["suppressed"]["kind"], "exception");
    assert_eq!(silenced[0]["suppressed"]["id"], "EXC-001");
    assert_eq!(silenced[0]["suppressed"]["approved_by"], "CISO");
    assert_eq!(silenced[0]["suppressed"]["expires"], "2027-03-31");
}

#[test]
fn expired_unused_incomplete_and_overlong_exceptions_are_reported() {
    // Expired: the finding is back, and the expiry is an error at its value.
    let dir = acme_with_exceptions(EXCEPTIONS);
    let lines = jsonl(&check_jsonl_in(dir.path(), &["--today", "2027-04-01"]));
    assert!(active(&lines).iter().any(|n| n == "party-no-requirements"));
    let expired = only(lines, &["expired-exception"]);
    assert_eq!(
        expired[0]["message"],
        "exception `EXC-001` expired on 2027-03-31, so its findings are reported again"
    );
    assert_eq!(
        (expired[0]["line"].as_u64(), expired[0]["column"].as_u64()),
        (Some(10), Some(14))
    );

    // Unused: a warning at the id.
    let dir = acme_with_exceptions(
        &EXCEPTIONS.replace("target: IP-SECURITY-COMMUNITY", "target: [IP-INSURER]"),
    );
    let unused = only(
        jsonl(&check_jsonl_in(dir.path(), &[])),
        &["unused-exception"],
    );
    assert_eq!(unused[0]["severity"], "warning");
    assert_eq!(
        unused[0]["message"],
        "exception `EXC-001` covers no `party-no-requirements` finding on `IP-INSURER`"
    );
    assert_eq!(unused[0]["line"], 4);

    // Missing fields: an error, and it silences nothing.
    let dir = acme_with_exceptions(&EXCEPTIONS.replace("    approved_by: CISO\n", "").replace("    reason: Community contact only; requirements reviewed at the next management review.\n", ""));
    let lines = jsonl(&check_jsonl_in(dir.path(), &[]));
    assert!(active(&lines).iter().any(|n| n == "party-no-requirements"));
    let invalid = only(lines, &["invalid-exception"]);
    assert_eq!(
        invalid[0]["message"],
        "exception `EXC-001` does not record `reason`, `approved_by`, so it applies to nothing"
    );

    // Longer than max_months: a warning; the configuration can allow it.
    let long = EXCEPTIONS.replace("expires: 2027-03-31", "expires: 2028-03-31");
    let dir = acme_with_exceptions(&long);
    let lines = jsonl(&check_jsonl_in(dir.path(), &[]));
    let overlong = only(lines, &["overlong-exception"]);
    assert_eq!(
        overlong[0]["message"],
        "exception `EXC-001` runs from 2026-10-01 to 2028-03-31, longer than 12 months"
    );
    write(
        dir.path(),
        "reglint.yaml",
        b"version: 1\nexceptions:\n  max_months: 24\n",
    );
    assert!(
        only(
            jsonl(&check_jsonl_in(dir.path(), &[])),
            &["overlong-exception"]
        )
        .is_empty()
    );
}

#[test]
fn exceptions_lists_every_deviation_with_its_state() {
    let dir = acme_with_exceptions(EXCEPTIONS);
    let path = dir.path().join(PARTIES);
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "    category: externel\n",
        "    category: externel  # reglint: allow invalid-category -- as in the contract\n",
    );
    std::fs::write(&path, text).unwrap();
    let output = reglint_in(
        dir.path(),
        &["exceptions", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let inline = list.iter().find(|d| d["kind"] == "inline").unwrap();
    assert_eq!(inline["state"], "active");
    assert_eq!(inline["reason"], "as in the contract");
    let exception = list.iter().find(|d| d["kind"] == "exception").unwrap();
    assert_eq!(exception["id"], "EXC-001");
    assert_eq!(exception["state"], "active");
    assert_eq!(exception["ticket"], "RISK-42");

    let output = reglint_in(
        dir.path(),
        &[
            "exceptions",
            "--today",
            "2027-06-01",
            "--format",
            "markdown",
        ],
    );
    let table = stdout(&output);
    assert!(
        table.contains("| EXC-001 | party-no-requirements | IP-SECURITY-COMMUNITY |"),
        "{table}"
    );
    assert!(table.contains("| expired |"), "{table}");
}
