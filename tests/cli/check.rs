//! `reglint check` on the sample repositories: every output format, colour, determinism at
//! any thread count, the per-file caps, a closed pipe, and the gallery snapshot.

use std::process::{Command, Stdio};

use serde_json::Value;

use crate::{TODAY, jsonl, only, reglint, reglint_in, stderr, stdout, workspace, write};

const ACME_SHORT: &str = "\
fixtures/acme/registers/interested-parties.yaml:76:13: error[F007/duplicate-id] id `REQ-EMP-03` is already defined in this repository
fixtures/acme/registers/interested-parties.yaml:105:20: error[AD002/addressed-without-addressed-by] requirement `REQ-CON-02` is marked addressed but `addressed_by` names nothing
fixtures/acme/registers/interested-parties.yaml:151:32: error[AD004/addressed-by-not-applicable] requirement `REQ-FIN-05` is addressed by control `A.8.30`, which the statement of applicability marks not applicable
fixtures/acme/registers/interested-parties.yaml:200:32: error[AD003/unresolved-addressed-by] requirement `REQ-HC-04` is addressed by `OBJ-30`, which nothing in this repository defines
fixtures/acme/registers/interested-parties.yaml:230:9: error[AD001/missing-addressed] requirement `REQ-EU-02` of party `IP-END-USERS` does not say whether the ISMS addresses it
fixtures/acme/registers/interested-parties.yaml:391:9: error[F002/duplicate-key] key `description` appears more than once in this mapping
fixtures/acme/registers/interested-parties.yaml:481:15: error[IP003/invalid-category] party `IP-INSURER` has category `externel`, which is not `internal`, `external` or `interface`
fixtures/acme/registers/interested-parties.yaml:532:5: error[RQ001/party-no-requirements] party `IP-SECURITY-COMMUNITY` is relevant but has no requirements
fixtures/acme/registers/scope.yaml:16:9: error[F007/duplicate-id] id `OBJ-03` is already defined in this repository
";

#[test]
fn acme_short_output_lists_every_planted_defect_in_order() {
    let output = reglint(&[
        "check",
        "fixtures/acme",
        "--format",
        "short",
        "--today",
        TODAY,
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), ACME_SHORT);
}

#[test]
fn acme_clean_prints_only_the_summary_and_exits_0() {
    let output = reglint(&["check", "fixtures/acme-clean", "--today", TODAY]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "");
    let summary = stderr(&output);
    assert!(
        summary.starts_with("0 errors, 0 warnings, 0 infos in 6 files of 1 repository (")
            && summary.ends_with("s)\n"),
        "{summary}"
    );
}

#[test]
fn colour_is_used_only_when_asked_or_on_a_terminal() {
    let always = reglint(&[
        "check",
        "fixtures/acme",
        "--color",
        "always",
        "--today",
        TODAY,
    ]);
    assert!(stdout(&always).contains("\u{1b}["));
    // stdout is a pipe here, so `auto` means no colour.
    let auto = reglint(&["check", "fixtures/acme", "--today", TODAY]);
    assert!(!stdout(&auto).contains('\u{1b}'));
}

#[test]
fn json_output_follows_the_documented_contract() {
    let output = reglint(&[
        "check",
        "fixtures/acme",
        "--format",
        "json",
        "--today",
        TODAY,
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout(&output)).expect("one JSON object");
    assert_eq!(report["version"], 1);
    assert_eq!(
        report["summary"],
        serde_json::json!({"errors": 9, "warnings": 0, "infos": 0, "files": 6, "repositories": 1, "suppressed": 0, "withheld": 0})
    );
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics array");
    let d = diagnostics
        .iter()
        .find(|d| d["name"] == "addressed-by-not-applicable")
        .expect("the not-applicable finding");
    assert_eq!(d["rule"], "AD004");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "fixtures/acme/registers/interested-parties.yaml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(151), Some(32))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(151), Some(38))
    );
    let (start, end) = (
        d["start"].as_u64().unwrap() as usize,
        d["end"].as_u64().unwrap() as usize,
    );
    let text = std::fs::read_to_string(
        workspace().join("fixtures/acme/registers/interested-parties.yaml"),
    )
    .unwrap();
    assert_eq!(&text[start..end], "A.8.30");
    assert_eq!(d["path"], "parties[3].requirements[4].addressed_by[1]");
    assert_eq!(d["label"], "not applicable in the SoA");
    assert_eq!(
        d["labels"],
        serde_json::json!([{
            "file": "fixtures/acme/registers/statement-of-applicability.yaml",
            "line": 396, "column": 17, "end_line": 396, "end_column": 22,
            "message": "marked not applicable here"
        }])
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .starts_with("address the requirement")
    );
    assert_eq!(d["notes"], serde_json::json!([]));
}

#[test]
fn jsonl_prints_one_diagnostic_per_line() {
    let output = reglint(&[
        "check",
        "fixtures/acme",
        "--format",
        "jsonl",
        "--today",
        TODAY,
    ]);
    let lines = jsonl(&output);
    assert_eq!(lines.len(), 9);
    assert_eq!(lines[0]["name"], "duplicate-id");
    assert_eq!(lines[0]["path"], "parties[1].requirements[3].id");
}

#[test]
fn output_is_byte_identical_at_any_thread_count() {
    for format in ["human", "json", "short"] {
        let run = |threads: &str| {
            let output = reglint(&[
                "check",
                "fixtures",
                "--format",
                format,
                "--color",
                "never",
                "--today",
                TODAY,
                "--threads",
                threads,
            ]);
            assert_eq!(output.status.code(), Some(1));
            output.stdout
        };
        let one = run("1");
        assert!(
            one.len() > 10_000,
            "{format}: expected the fixtures' many findings"
        );
        assert_eq!(one, run("8"), "{format} differs between 1 and 8 threads");
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_reglint"))
        .args(["check", "fixtures", "--color", "never", "--today", TODAY])
        .current_dir(workspace())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"));
}

#[test]
fn registers_larger_than_the_script_array_limit_are_checked_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "kind: interested-parties\nowner: CISO\nparties:\n  - id: IP-1\n    relevant: true\n    requirements:\n",
    );
    for i in 0..10_001 {
        text.push_str(&format!(
            "      - {{id: REQ-{i}, addressed: true, addressed_by: [OBJ-{i}]}}\n"
        ));
    }
    // A debug build takes several seconds per rule on 10 001 requirements: the test is
    // about the array limit, not the deadline, so the configuration raises the deadline.
    write(
        dir.path(),
        "reglint.yaml",
        b"version: 1\nlimits:\n  deadline_ms: 60000\n",
    );
    write(dir.path(), "parties.yaml", text.as_bytes());
    let output = reglint_in(
        dir.path(),
        &["check", "--format", "jsonl", "--today", TODAY],
    );
    let lines = jsonl(&output);
    assert!(
        lines.iter().all(|l| l["name"] != "rule-error"),
        "{:?}",
        lines.first()
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l["name"] == "unresolved-addressed-by")
            .count(),
        10_001,
        "JSON carries every finding"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn findings_of_one_rule_in_one_file_are_capped_in_human_output_only() {
    let dir = tempfile::tempdir().unwrap();
    let keys = vec!["a: 1"; 151].join(", ");
    write(dir.path(), "reglint.yaml", b"version: 1\n");
    write(
        dir.path(),
        "scope.yaml",
        format!("kind: scope\nowner: CISO\nitems:\n  - id: SCOPE-1\n    notes: {{{keys}}}\n")
            .as_bytes(),
    );
    let lines = jsonl(&reglint_in(
        dir.path(),
        &["check", "--format", "jsonl", "--today", TODAY],
    ));
    let others = lines
        .iter()
        .filter(|l| l["severity"] == "error" && l["name"] != "duplicate-key")
        .count();
    assert_eq!(
        only(lines, &["duplicate-key"]).len(),
        150,
        "JSONL has them all"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&reglint_in(
        dir.path(),
        &["check", "--format", "json", "--today", TODAY],
    )))
    .unwrap();
    let all = json["diagnostics"].as_array().unwrap();
    assert_eq!(
        all.iter().filter(|d| d["name"] == "duplicate-key").count(),
        150,
        "so has JSON"
    );
    let human = reglint_in(dir.path(), &["check", "--today", TODAY]);
    let text = stdout(&human);
    assert_eq!(text.matches("[F002/duplicate-key]").count(), 101, "{text}");
    assert_eq!(
        text.matches("error[F002/duplicate-key]: key `a` appears more than once")
            .count(),
        100
    );
    assert!(text.contains(
        "error[F002/duplicate-key]: 50 more `duplicate-key` findings in this file are not shown (the first 100 are; JSON output has them all)"
    ));
    // The summary counts the hidden findings too.
    let summary = stderr(&human);
    assert!(
        summary.starts_with(&format!("{} errors,", 150 + others)),
        "{summary}"
    );
}

/// The gallery: every planted defect of the sample repository as a user sees it (one label,
/// a label in another file, help and note). Review changes with `cargo insta review`.
#[test]
fn acme_human_output_gallery() {
    let output = reglint(&[
        "check",
        "fixtures/acme",
        "--color",
        "never",
        "--today",
        TODAY,
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(!text.contains('\u{1b}'), "no colour with --color never");
    insta::assert_snapshot!("acme_human", text);
    let summary = stderr(&output);
    assert!(
        summary.starts_with("9 errors, 0 warnings, 0 infos in 6 files of 1 repository ("),
        "{summary}"
    );
}
