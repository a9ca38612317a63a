//! End-to-end tests of the `reglint` binary: output formats, exit codes, discovery, bad input.
#![expect(
    clippy::unwrap_used,
    reason = "a test should fail loudly on any unexpected error"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const TODAY: &str = "2026-11-22";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn reglint_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reglint"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("reglint runs")
}

fn reglint(args: &[&str]) -> Output {
    reglint_in(&workspace(), args)
}

/// `reglint check PATH --rules RULES --format jsonl`, pinned to [`TODAY`].
fn check_with_rules(path: &str, rules: &Path) -> Output {
    let rules = rules.to_str().expect("a UTF-8 temp path");
    reglint(&[
        "check", path, "--rules", rules, "--format", "jsonl", "--today", TODAY,
    ])
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn jsonl(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

/// The diagnostics of the named rules only: tests about one behaviour stay independent of
/// what the rest of the pack finds in their minimal registers.
fn only(lines: Vec<Value>, names: &[&str]) -> Vec<Value> {
    lines
        .into_iter()
        .filter(|l| names.iter().any(|n| l["name"] == *n))
        .collect()
}

/// (file, line, column, name) of each diagnostic.
fn places(diagnostics: &[Value]) -> Vec<(String, u64, u64, String)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
                d["name"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

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
        serde_json::json!({"errors": 9, "warnings": 0, "infos": 0, "files": 6, "repositories": 1})
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
fn named_files_are_checked_in_their_repository_context() {
    // The duplicate's first definition lives in objectives.yaml, which was not named.
    let output = reglint(&[
        "check",
        "fixtures/acme/registers/scope.yaml",
        "--format",
        "jsonl",
        "--today",
        TODAY,
    ]);
    assert_eq!(output.status.code(), Some(1));
    let lines = jsonl(&output);
    assert_eq!(
        places(&lines),
        vec![(
            "fixtures/acme/registers/scope.yaml".to_owned(),
            16,
            9,
            "duplicate-id".to_owned()
        )]
    );
    assert_eq!(
        lines[0]["labels"][0]["file"],
        "fixtures/acme/registers/objectives.yaml"
    );
    let summary = stderr(&reglint(&[
        "check",
        "fixtures/acme/registers/scope.yaml",
        "--today",
        TODAY,
    ]));
    assert!(summary.contains("in 6 files of 1 repository"), "{summary}");

    let clean = reglint(&[
        "check",
        "fixtures/acme/registers/objectives.yaml",
        "--format",
        "short",
        "--today",
        TODAY,
    ]);
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(stdout(&clean), "");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn gitignore_and_reglintignore_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "reglint.yaml", b"version: 1\n");
    write(dir.path(), ".reglintignore", b"drafts/\n");
    write(dir.path(), ".gitignore", b"generated.yaml\n");
    write(dir.path(), "drafts/wip.yaml", b"kind: [\n");
    write(dir.path(), "generated.yaml", b"kind: [\n");
    write(
        dir.path(),
        "scope.yaml",
        b"kind: scope\nowner: CISO\nitems: []\n",
    );
    let output = reglint_in(
        dir.path(),
        &["check", "--format", "jsonl", "--today", TODAY],
    );
    assert_eq!(only(jsonl(&output), &["yaml-syntax"]), Vec::<Value>::new());
    let summary = stderr(&reglint_in(dir.path(), &["check", "--today", TODAY]));
    assert!(summary.contains("in 1 file of 1 repository"), "{summary}");
}

#[test]
fn bad_input_is_located_and_the_other_files_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "reglint.yaml", b"version: 1\n");
    write(
        d,
        "a-syntax.yaml",
        b"kind: scope\nitems: [SCOPE-1, SCOPE-2\nowner: CISO\n",
    );
    write(
        d,
        "b-duplicate.yaml",
        b"kind: scope\nowner: CISO\nowner: CFO\nitems: []\nowner: CTO\n",
    );
    write(d, "c-latin1.yaml", b"kind: scope\nowner: Soci\xe9t\xe9\n");
    write(d, "d-binary.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    // Risks are open entries, so the bomb's keys are not unknown fields: only its size matters.
    let mut bomb = String::from(
        "kind: risk-register\nowner: CISO\nrisks:\n  - id: RISK-1\n    a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for i in 1..30 {
        let p = i - 1;
        bomb.push_str(&format!(
            "    a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    write(d, "e-alias-bomb.yaml", bomb.as_bytes());
    write(
        d,
        "f-deep.yaml",
        format!("kind: scope\nowner: {}\n", "[".repeat(200)).as_bytes(),
    );
    write(d, "g-types.yaml", b"kind: interested-parties\nowner: CISO\nparties:\n  - id: IP-1\n    relevant: yes\n    requirements: none\n");
    write(d, "h-nokind.yaml", b"# notes\ntitle: Meeting notes\n");
    write(d, "i-unknown.yaml", b"kind: risk-registr\nowner: CISO\n");
    write(d, "j-good.yaml", b"kind: objectives\nowner: CISO\nobjectives:\n  - id: OBJ-1\n    title: A\n  - id: OBJ-1\n    title: B\n");
    let output = reglint_in(d, &["check", "--format", "jsonl", "--today", TODAY]);
    assert_eq!(output.status.code(), Some(1));
    let lines = only(
        jsonl(&output),
        &[
            "yaml-syntax",
            "duplicate-key",
            "unknown-kind",
            "wrong-type",
            "duplicate-id",
        ],
    );
    let got: Vec<(String, u64, u64, String, String)> = lines
        .iter()
        .zip(places(&lines))
        .map(|(v, (f, l, c, n))| (f, l, c, n, v["message"].as_str().unwrap().to_owned()))
        .collect();
    let want = [
        ("a-syntax.yaml", 3, 6, "yaml-syntax", "invalid YAML: "),
        (
            "b-duplicate.yaml",
            3,
            1,
            "duplicate-key",
            "key `owner` appears more than once in this mapping",
        ),
        (
            "b-duplicate.yaml",
            5,
            1,
            "duplicate-key",
            "key `owner` appears more than once in this mapping",
        ),
        (
            "c-latin1.yaml",
            2,
            12,
            "yaml-syntax",
            "file is not valid UTF-8: invalid byte 0xe9 at offset 23",
        ),
        (
            "d-binary.yaml",
            1,
            1,
            "yaml-syntax",
            "file is binary, not YAML text",
        ),
        (
            "f-deep.yaml",
            2,
            71,
            "yaml-syntax",
            "invalid YAML: nesting deeper than 64 levels; reglint stops reading this file here",
        ),
        (
            "g-types.yaml",
            5,
            15,
            "wrong-type",
            "`relevant` must be `true` or `false`, not `yes`",
        ),
        (
            "g-types.yaml",
            6,
            19,
            "wrong-type",
            "`requirements` must be a list of requirements, but it is the string `none`",
        ),
        (
            "h-nokind.yaml",
            2,
            1,
            "unknown-kind",
            "document has no `kind`, so reglint does not check it",
        ),
        (
            "i-unknown.yaml",
            1,
            7,
            "unknown-kind",
            "unknown document kind `risk-registr`, so reglint does not check it",
        ),
        (
            "j-good.yaml",
            6,
            9,
            "duplicate-id",
            "id `OBJ-1` is already defined in this repository",
        ),
    ];
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!(
            (g.0.as_str(), g.1, g.2, g.3.as_str()),
            (w.0, w.1, w.2, w.3),
            "{g:?}"
        );
        assert!(g.4.starts_with(w.4), "{g:?} should start with {:?}", w.4);
    }
    // The repeats are each labelled with the first `owner`.
    assert_eq!(lines[1]["labels"][0]["line"], 2);
    assert_eq!(lines[2]["labels"][0]["line"], 2);
    assert_eq!(
        lines[6]["help"],
        "write `relevant: true`: YAML 1.2 reads `yes` as a string, not a boolean"
    );
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
fn usage_errors_exit_2_with_a_message() {
    let missing = reglint(&["check", "no/such/register"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        stderr(&missing),
        "error: path `no/such/register` does not exist\n"
    );
    let bad_date = reglint(&["check", "fixtures/acme", "--today", "22/11/2026"]);
    assert_eq!(bad_date.status.code(), Some(2));
    assert!(stderr(&bad_date).contains("`22/11/2026` is not a date in the form YYYY-MM-DD"));
    let bad_rules = reglint(&["check", "fixtures/acme", "--rules", "no/such/rules"]);
    assert_eq!(bad_rules.status.code(), Some(2));
    assert!(stderr(&bad_rules).starts_with("error: cannot read rule folder `no/such/rules`"));
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
    write(dir.path(), "reglint.yaml", b"version: 1\n");
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
        101,
        "100 shown, then the count of the rest"
    );
    let unresolved = only(lines, &["unresolved-addressed-by"]);
    assert!(
        unresolved[100]["message"]
            .as_str()
            .unwrap()
            .starts_with("9901 more")
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn findings_of_one_rule_in_one_file_are_capped_but_counted() {
    let dir = tempfile::tempdir().unwrap();
    let keys = vec!["a: 1"; 250].join(", ");
    write(dir.path(), "reglint.yaml", b"version: 1\n");
    write(
        dir.path(),
        "scope.yaml",
        format!("kind: scope\nowner: CISO\nitems:\n  - id: SCOPE-1\n    notes: {{{keys}}}\n")
            .as_bytes(),
    );
    let output = reglint_in(
        dir.path(),
        &["check", "--format", "jsonl", "--today", TODAY],
    );
    let lines = only(jsonl(&output), &["duplicate-key"]);
    assert_eq!(lines.len(), 101);
    assert_eq!(
        lines[100]["message"],
        "149 more `duplicate-key` findings in this file are not shown (the first 100 are)"
    );
    // The summary counts the hidden findings: 249 repeats, plus whatever else the pack finds
    // in this minimal register (shown, so counted from the output).
    let others = jsonl(&reglint_in(
        dir.path(),
        &["check", "--format", "jsonl", "--today", TODAY],
    ))
    .iter()
    .filter(|l| l["severity"] == "error" && l["name"] != "duplicate-key")
    .count();
    let summary = stderr(&reglint_in(dir.path(), &["check", "--today", TODAY]));
    assert!(
        summary.starts_with(&format!("{} errors,", 249 + others)),
        "{summary}"
    );
}

#[test]
fn discovery_gives_each_file_one_repository() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bad = b"kind: sc0pe\nowner: CISO\n";
    write(d, "outer/reglint.yaml", b"version: 1\n");
    write(d, "outer/o.yaml", bad);
    write(d, "outer/sub/s.yaml", bad);
    write(d, "outer/sub/inner/reglint.yaml", b"version: 1\n");
    write(d, "outer/sub/inner/i.yaml", bad);
    write(d, "outer/.reglintignore", b"drafts/\n");
    write(d, "outer/drafts/wip.yaml", bad);
    let files = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "jsonl", "--today", TODAY];
        all.extend_from_slice(args);
        only(jsonl(&reglint_in(d, &all)), &["unknown-kind"])
            .iter()
            .map(|l| l["file"].as_str().unwrap().to_owned())
            .collect()
    };
    // A folder inside a repository: its files, and whole repositories nested under it.
    assert_eq!(
        files(&["outer/sub"]),
        ["outer/sub/inner/i.yaml", "outer/sub/s.yaml"]
    );
    // Naming a repository and a file in it reports each finding once.
    assert_eq!(
        files(&["outer", "outer/o.yaml"]),
        ["outer/o.yaml", "outer/sub/inner/i.yaml", "outer/sub/s.yaml"]
    );
    // Ignored files stay ignored when named (as pre-commit names every staged file).
    assert_eq!(
        files(&["outer/drafts/wip.yaml", "outer/o.yaml"]),
        ["outer/o.yaml"]
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
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "rules/soa-not-approved.rhai",
        b"//! id: ORG001\n//! name: soa-not-approved\n//! severity: warning\n//! summary: The SoA records its approval.\n\
fn check(repo) {\n    for soa in repo.documents(\"statement-of-applicability\") {\n        if soa.approved == () {\n            report(soa, \"kind\", \"the statement of applicability records no approval date\");\n        }\n    }\n}\n",
    );
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
fn new_rule_scaffolds_a_rule_whose_fixtures_pass() {
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
    let tested = reglint_in(
        dir.path(),
        &["test", "org/fixtures", "--rules", "org/rules"],
    );
    assert_eq!(stdout(&tested), "passed: 2 fixture cases, 1 rule\n");
    assert_eq!(tested.status.code(), Some(0));
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
