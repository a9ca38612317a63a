//! Baselines: adopt the gate on a register with findings, then report only new ones. The
//! fingerprint has no line in it, so moving entries, adding comments or re-indenting keeps
//! every finding recorded.

use super::*;

const PARTIES: &str = "registers/interested-parties.yaml";

fn new_findings(dir: &Path) -> Vec<String> {
    let output = check_jsonl_in(dir, &["--baseline", ".reglint-baseline.yaml"]);
    jsonl(&output)
        .iter()
        .filter(|l| l["suppressed"].is_null())
        .map(|l| l["name"].as_str().unwrap().to_owned())
        .collect()
}

fn edit(dir: &Path, f: impl Fn(String) -> String) {
    let path = dir.join(PARTIES);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, f(text)).unwrap();
}

#[test]
fn a_baseline_silences_recorded_findings_through_moves_comments_and_reindentation() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("fixtures/acme", dir.path());
    let written = check_jsonl_in(dir.path(), &["--write-baseline", ".reglint-baseline.yaml"]);
    assert_eq!(
        written.status.code(),
        Some(1),
        "writing does not silence this run"
    );
    let text = std::fs::read_to_string(dir.path().join(".reglint-baseline.yaml")).unwrap();
    let recorded: Vec<&str> = text.lines().filter(|l| l.starts_with("  - {")).collect();
    assert_eq!(recorded.len(), 9, "{text}");
    let mut sorted = recorded.clone();
    sorted.sort_unstable();
    assert_eq!(recorded, sorted, "one finding per line, sorted");
    assert!(
        recorded
            .iter()
            .any(|l| l.contains("\"entry\":\"IP-SECURITY-COMMUNITY\""))
    );

    let output = check_jsonl_in(dir.path(), &["--baseline", ".reglint-baseline.yaml"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(new_findings(dir.path()).is_empty());

    // Twenty comment lines at the top, the last party moved to the front, everything
    // re-indented by two more spaces.
    edit(dir.path(), |text| {
        let (head, parties) = text.split_once("\nparties:\n").unwrap();
        let last = parties.rfind("\n  - id: ").unwrap();
        let moved = format!(
            "{}\n{}",
            &parties[last + 1..].trim_end(),
            &parties[..last + 1]
        );
        let reindented: String = moved
            .lines()
            .map(|l| {
                if l.is_empty() {
                    "\n".to_owned()
                } else {
                    format!("  {l}\n")
                }
            })
            .collect();
        format!(
            "{}{head}\nparties:\n{reindented}",
            "# a comment\n".repeat(20)
        )
    });
    let lines = jsonl(&check_jsonl_in(dir.path(), &[]));
    assert_eq!(lines.len(), 9, "the edit keeps the findings: {lines:?}");
    assert!(new_findings(dir.path()).is_empty());

    // One more defect: exactly one new finding.
    edit(dir.path(), |text| {
        text.replacen("category: external", "category: extrenal", 1)
    });
    assert_eq!(new_findings(dir.path()), ["invalid-category"]);
}

#[test]
fn fixed_findings_are_counted_and_a_broken_baseline_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("fixtures/acme", dir.path());
    check_jsonl_in(dir.path(), &["--write-baseline", ".reglint-baseline.yaml"]);
    edit(dir.path(), |text| {
        text.replace("category: externel", "category: external")
    });
    let output = reglint_in(
        dir.path(),
        &[
            "check",
            "--today",
            TODAY,
            "--baseline",
            ".reglint-baseline.yaml",
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("1 fixed since the baseline"),
        "{}",
        stderr(&output)
    );
    let json = reglint_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--today",
            TODAY,
            "--baseline",
            ".reglint-baseline.yaml",
        ],
    );
    let value: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["summary"]["fixed_since_baseline"], 1);
    assert_eq!(value["summary"]["suppressed"], 8);

    write(dir.path(), "broken.yaml", b"findings: [{rule: 3}\n");
    let output = check_jsonl_in(dir.path(), &["--baseline", "broken.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: broken.yaml:"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_baseline_edited_into_block_style_is_still_read() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("fixtures/acme", dir.path());
    write(
        dir.path(),
        "baseline.yaml",
        b"version: 1\nfindings:\n  - repository: .\n    rule: party-no-requirements\n    file: registers/interested-parties.yaml\n    entry: IP-SECURITY-COMMUNITY\n    message: party `IP-SECURITY-COMMUNITY` is relevant but has no requirements\n",
    );
    let lines = jsonl(&check_jsonl_in(
        dir.path(),
        &["--baseline", "baseline.yaml"],
    ));
    let silenced = only(lines, &["party-no-requirements"]);
    assert_eq!(silenced[0]["suppressed"]["kind"], "baseline");
}
