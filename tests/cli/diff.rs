//! `reglint diff`: what a commit does to a register repository, read from git objects, in
//! temporary git repositories whose git sees no user or system configuration.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use super::staged::{git, isolated, repository};
use super::{TODAY, stderr, stdout};

const PARTIES: &str = "registers/interested-parties.yaml";
const SOA: &str = "registers/statement-of-applicability.yaml";

/// `reglint diff ARGS` in `dir`, with the isolated git.
fn diff(dir: &Path, home: &Path, args: &[&str]) -> Output {
    isolated(Command::new(env!("CARGO_BIN_EXE_reglint")), home)
        .args(["diff", "--today", TODAY])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Replaces the one occurrence of `from` in the file at `path`.
fn edit(repo: &Path, path: &str, from: &str, to: &str) {
    let file = repo.join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from:?} once in {path}");
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
}

/// Commits every change of the work tree.
fn commit(repo: &Path, home: &Path, message: &str) {
    git(repo, home, &["add", "-A"]);
    git(repo, home, &["commit", "--quiet", "-m", message]);
}

/// The acme-clean registers committed, then a commit that adds a party with a requirement,
/// removes a requirement, makes a control that a requirement relies on not applicable,
/// drops the last control of a requirement and adds a legal requirement with no legal_ref.
fn changed_repository() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let (temp, repo, home) = repository("fixtures/acme-clean");
    // A new party with one requirement.
    let parties = repo.join(PARTIES);
    let mut text = std::fs::read_to_string(&parties).unwrap();
    text.push_str(concat!(
        "\n  - id: IP-AUDITOR\n",
        "    name: Certification body\n",
        "    category: external\n",
        "    relationship: regulator\n",
        "    relevant: true\n",
        "    rationale: Audits the ISMS for certification.\n",
        "    influence: high\n",
        "    interest: medium\n",
        "    owner: ISMS manager\n",
        "    requirements:\n",
        "      - id: REQ-AUD-01\n",
        "        type: contractual\n",
        "        description: Audit findings are answered within 30 days.\n",
        "        source: Certification agreement\n",
        "        addressed: true\n",
        "        addressed_by: [A.5.35]\n",
    ));
    std::fs::write(&parties, text).unwrap();
    // REQ-BOARD-01 removed.
    edit(
        &repo,
        PARTIES,
        concat!(
            "      - id: REQ-BOARD-01\n",
            "        type: expectation\n",
            "        description: ISO/IEC 27001 certification is kept, as enterprise customers require it.\n",
            "        source: Board minutes, January 2026\n",
            "        addressed: true\n",
            "        addressed_by: [OBJ-01, A.5.35]\n",
        ),
        "",
    );
    // A legal requirement with no legal_ref.
    edit(
        &repo,
        PARTIES,
        "        addressed_by: [A.5.33, A.8.13]\n",
        concat!(
            "        addressed_by: [A.5.33, A.8.13]\n",
            "      - id: REQ-BOARD-04\n",
            "        type: legal\n",
            "        description: Annual accounts are filed | on time <b>`now`</b>.\n",
            "        source: Companies Act 2006 section 441\n",
            "        addressed: true\n",
            "        addressed_by: [A.5.33]\n",
        ),
    );
    // REQ-ICO-02 keeps only an objective: its last control is gone.
    edit(
        &repo,
        PARTIES,
        "        addressed_by: [A.5.31]\n      - id: REQ-ICO-03",
        "        addressed_by: [OBJ-01]\n      - id: REQ-ICO-03",
    );
    // A.5.4, which REQ-BOARD-02 relies on, is no longer applicable.
    edit(
        &repo,
        SOA,
        "    title: Management responsibilities\n    applicable: true\n    status: implemented\n",
        "    title: Management responsibilities\n    applicable: false\n    justification: Covered by the board charter.\n",
    );
    commit(&repo, &home, "change");
    (temp, repo, home)
}

fn json(output: &Output) -> Value {
    assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
    serde_json::from_str(&stdout(output)).unwrap()
}

/// The ids of a list of entries.
fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect()
}

/// (rule, entry, line) of each finding of a list.
fn findings(list: &Value) -> Vec<(&str, &str, u64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["entry"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
#[cfg_attr(not(has_git), ignore = "skipped: git is not installed")]
fn diff_reports_each_register_change_of_a_commit() {
    let (_temp, repo, home) = changed_repository();
    let args = ["--base", "HEAD~1", "--head", "HEAD", "--format", "json"];
    let output = diff(&repo, &home, &args);
    let report = json(&output);
    assert_eq!(report["version"], 1);
    assert_eq!(
        (report["base"].as_str(), report["head"].as_str()),
        (Some("HEAD~1"), Some("HEAD"))
    );
    assert_eq!(ids(&report["parties"]["added"]), ["IP-AUDITOR"]);
    assert_eq!(report["parties"]["added"][0]["line"], 570);
    assert_eq!(ids(&report["parties"]["removed"]), Vec::<&str>::new());
    assert_eq!(ids(&report["parties"]["changed"]), Vec::<&str>::new());
    assert_eq!(
        ids(&report["requirements"]["added"]),
        ["REQ-AUD-01", "REQ-BOARD-04"]
    );
    assert_eq!(report["requirements"]["added"][0]["party"], "IP-AUDITOR");
    assert_eq!(ids(&report["requirements"]["removed"]), ["REQ-BOARD-01"]);
    // A removed entry is placed where the base had it.
    assert_eq!(report["requirements"]["removed"][0]["line"], 21);
    assert_eq!(ids(&report["requirements"]["changed"]), ["REQ-ICO-02"]);
    assert_eq!(
        report["requirements"]["changed"][0]["fields"],
        serde_json::json!(["addressed_by"])
    );
    let lost = &report["lost_last_control"];
    assert_eq!(ids(lost), ["REQ-ICO-02"]);
    assert_eq!(lost[0]["controls"], serde_json::json!(["A.5.31"]));
    assert_eq!(lost[0]["party"], "IP-ICO");
    let not_applicable = &report["not_applicable"];
    assert_eq!(ids(not_applicable), ["A.5.4"]);
    assert_eq!(
        not_applicable[0]["relied_on_by"],
        serde_json::json!(["REQ-BOARD-02", "REQ-CB-02"])
    );
    assert_eq!(ids(&report["legal_without_ref"]), ["REQ-BOARD-04"]);
    assert_eq!(
        findings(&report["findings"]["introduced"]),
        [
            ("addressed-by-not-applicable", "REQ-BOARD-02", 26),
            ("addressed-by-not-applicable", "REQ-CB-02", 370),
            ("missing-communication", "IP-AUDITOR", 570),
            ("missing-legal-ref", "REQ-BOARD-04", 34),
            ("regulator-without-legal-requirement", "IP-AUDITOR", 570),
        ]
    );
    assert_eq!(findings(&report["findings"]["fixed"]), []);
    // The same revisions give the same bytes.
    assert_eq!(diff(&repo, &home, &args).stdout, output.stdout);
}

#[test]
#[cfg_attr(not(has_git), ignore = "skipped: git is not installed")]
fn diff_markdown_has_a_table_per_category_with_register_text_escaped() {
    let (_temp, repo, home) = changed_repository();
    let output = diff(
        &repo,
        &home,
        &["--base", "HEAD~1", "--head", "HEAD", "--format", "markdown"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for line in [
        "## Register changes: .",
        "| Change | Count |",
        "| Parties added | 1 |",
        "| Requirements removed | 1 |",
        "| Requirements that lost their last control | 1 |",
        "| Controls that became not applicable | 1 |",
        "| New legal requirements without legal\\_ref | 1 |",
        "| Findings introduced | 5 |",
        "| Findings fixed | 0 |",
        "### Requirements changed",
        "### New legal requirements without legal\\_ref",
        "| REQ-ICO-02 | IP-ICO | The data protection fee is paid and our registration is kept up to date. | addressed\\_by | registers/interested-parties.yaml:256 |",
        "| A.5.4 | Management responsibilities | REQ-BOARD-02, REQ-CB-02 | registers/statement-of-applicability.yaml:23 |",
        "| REQ-ICO-02 | IP-ICO | A.5.31 | registers/interested-parties.yaml:256 |",
        "| addressed-by-not-applicable | 2 |",
        // Register text cannot end a cell, open a tag or start code.
        "| REQ-BOARD-04 | IP-BOARD | Annual accounts are filed \\| on time &lt;b&gt;\\`now\\`&lt;/b&gt;. | registers/interested-parties.yaml:34 |",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "no line {line:?} in:\n{text}"
        );
    }
}

#[test]
#[cfg_attr(not(has_git), ignore = "skipped: git is not installed")]
fn fail_on_new_fails_a_change_that_adds_findings_and_passes_one_that_only_fixes() {
    let (_temp, repo, home) = changed_repository();
    let args = ["--base", "HEAD~1", "--head", "HEAD", "--fail-on-new"];
    let output = diff(&repo, &home, &args);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("findings introduced (5):"),
        "{}",
        stdout(&output)
    );
    // A.5.4 applicable again: two findings fixed, none added.
    edit(
        &repo,
        SOA,
        "    applicable: false\n    justification: Covered by the board charter.\n",
        "    applicable: true\n    status: implemented\n",
    );
    commit(&repo, &home, "fix");
    let output = diff(&repo, &home, &args);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let report = json(&diff(
        &repo,
        &home,
        &["--base", "HEAD~1", "--head", "HEAD", "--format", "json"],
    ));
    assert_eq!(findings(&report["findings"]["introduced"]), []);
    assert_eq!(
        findings(&report["findings"]["fixed"]),
        [
            ("addressed-by-not-applicable", "REQ-BOARD-02", 26),
            ("addressed-by-not-applicable", "REQ-CB-02", 370),
        ]
    );
    assert_eq!(report["not_applicable"], serde_json::json!([]));
    assert_eq!(ids(&report["requirements"]["changed"]), Vec::<&str>::new());
}

#[test]
#[cfg_attr(not(has_git), ignore = "skipped: git is not installed")]
fn without_head_the_work_tree_is_compared() {
    let (_temp, repo, home) = repository("fixtures/acme-clean");
    edit(
        &repo,
        SOA,
        "    title: Management responsibilities\n    applicable: true\n",
        "    title: Management responsibilities (board)\n    applicable: true\n",
    );
    let report = json(&diff(&repo, &home, &["--base", "HEAD", "--format", "json"]));
    assert_eq!(report["head"], "work tree");
    assert_eq!(report["findings"]["introduced"], serde_json::json!([]));
    // Controls are not among the entries compared field by field; nothing else changed.
    assert_eq!(ids(&report["parties"]["changed"]), Vec::<&str>::new());
    edit(
        &repo,
        PARTIES,
        "Board of directors and executive team",
        "Board of directors",
    );
    let report = json(&diff(&repo, &home, &["--base", "HEAD", "--format", "json"]));
    assert_eq!(ids(&report["parties"]["changed"]), ["IP-BOARD"]);
    assert_eq!(
        report["parties"]["changed"][0]["fields"],
        serde_json::json!(["name"])
    );
}

#[test]
#[cfg_attr(not(has_git), ignore = "skipped: git is not installed")]
fn an_unknown_revision_or_a_folder_outside_git_is_an_error() {
    let (temp, repo, home) = repository("fixtures/acme-clean");
    let output = diff(&repo, &home, &["--base", "no-such-branch"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: unknown revision `no-such-branch`: it names no commit of this repository\n"
    );
    assert!(output.stdout.is_empty());
    // A revision git would read as an option is not passed to it.
    let output = diff(&repo, &home, &["--base", "HEAD", "--head=--output=x"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: unknown revision `--output=x`: it names no commit of this repository\n"
    );
    let outside = temp.path().join("plain");
    super::copy_fixture("fixtures/acme-clean", &outside);
    let output = diff(&outside, &home, &["--base", "HEAD"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is not inside a git work tree"),
        "{}",
        stderr(&output)
    );
}

#[test]
#[cfg_attr(not(has_git), ignore = "skipped: git is not installed")]
fn a_path_holding_several_repositories_is_an_error() {
    let (_temp, repo, home) = repository("fixtures/acme-clean");
    super::copy_fixture("fixtures/acme-clean", &repo.join("second"));
    commit(&repo, &home, "second");
    let output = diff(&repo, &home, &["--base", "HEAD"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: `.` holds 2 register repositories"),
        "{}",
        stderr(&output)
    );
    // Naming one of them compares it.
    let output = diff(&repo, &home, &["--base", "HEAD", "second"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).ends_with("\nno register change\n"),
        "{}",
        stdout(&output)
    );
}
