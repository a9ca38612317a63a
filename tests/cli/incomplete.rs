//! A register file that does not load: what it defines is unknown, so findings that say
//! something is absent are withheld (with one info saying how many and why) rather than
//! reported as facts; everything else is still checked.

use std::collections::BTreeSet;

use super::*;

const LEGAL: &str = "registers/legal-register.yaml";

/// Breaks the legal register's third line with an unclosed bracket.
fn break_legal_register(dir: &Path) {
    let path = dir.join(LEGAL);
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replacen("owner: ", "owner: [", 1);
    assert_ne!(broken, text, "the fixture's legal register names an owner");
    std::fs::write(&path, broken).unwrap();
}

/// The active (not silenced) findings of a run, as (file, line, rule).
fn active(lines: &[Value]) -> BTreeSet<(String, u64, String)> {
    lines
        .iter()
        .filter(|l| l["suppressed"].is_null())
        .map(|l| {
            (
                l["file"].as_str().unwrap_or_default().to_owned(),
                l["line"].as_u64().unwrap_or_default(),
                l["name"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_clean_register_with_a_syntax_error_gives_the_syntax_error_and_no_false_finding() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("fixtures/acme-clean", dir.path());
    let clean = check_jsonl_in(dir.path(), &[]);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));

    break_legal_register(dir.path());
    let output = check_jsonl_in(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    let lines = jsonl(&output);
    let shown: Vec<(String, String)> = lines
        .iter()
        .filter(|l| l["suppressed"].is_null())
        .map(|l| {
            (
                l["name"].as_str().unwrap().to_owned(),
                l["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("yaml-syntax".to_owned(), "error".to_owned()),
            ("withheld-findings".to_owned(), "info".to_owned()),
        ],
        "{}",
        stdout(&output)
    );
    let syntax = &only(lines.clone(), &["yaml-syntax"])[0];
    let info = &only(lines.clone(), &["withheld-findings"])[0];
    assert_eq!(info["file"], LEGAL);
    assert_eq!(info["line"], syntax["line"], "at the syntax error");
    let message = info["message"].as_str().unwrap();
    assert!(
        message.ends_with("not reported, because `registers/legal-register.yaml` did not load"),
        "{message}"
    );
    let count: usize = message.split(' ').next().unwrap().parse().unwrap();
    let withheld: Vec<&Value> = lines
        .iter()
        .filter(|l| l["suppressed"]["kind"] == "withheld")
        .collect();
    assert_eq!(withheld.len(), count, "the info counts what it withheld");
    assert!(count > 10, "every cited legal entry looks missing: {count}");
    assert!(
        withheld.iter().all(|l| l["name"] == "unresolved-legal-ref"),
        "{withheld:?}"
    );
    assert_eq!(
        info["notes"][0],
        format!("withheld: unresolved-legal-ref ({count})")
    );
}

#[test]
fn the_planted_defects_outside_the_broken_file_are_still_reported() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("fixtures/acme", dir.path());
    let before = active(&jsonl(&check_jsonl_in(dir.path(), &[])));
    break_legal_register(dir.path());
    let after = active(&jsonl(&check_jsonl_in(dir.path(), &[])));

    let added: Vec<_> = after.difference(&before).collect();
    let names: BTreeSet<&str> = added.iter().map(|(_, _, n)| n.as_str()).collect();
    assert_eq!(
        names,
        BTreeSet::from(["yaml-syntax", "withheld-findings"]),
        "no finding that was not there before: {added:?}"
    );
    let lost: Vec<_> = before.difference(&after).collect();
    assert!(
        lost.iter().all(|(_, _, n)| n == "unresolved-addressed-by"),
        "only findings of absence are held back: {lost:?}"
    );
    assert!(
        after
            .iter()
            .any(|(_, _, n)| n == "addressed-without-addressed-by"),
        "findings that do not depend on the broken file stay"
    );
}

#[test]
fn withheld_findings_still_match_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("fixtures/acme", dir.path());
    let baseline = ".reglint-baseline.yaml";
    check_jsonl_in(dir.path(), &["--write-baseline", baseline]);
    break_legal_register(dir.path());
    let output = reglint_in(
        dir.path(),
        &["check", "--today", TODAY, "--baseline", baseline],
    );
    let text = stdout(&output);
    assert!(
        !text.contains("fixed since the baseline") || text.contains("; 0 fixed since the baseline"),
        "a withheld finding is not fixed: {text}"
    );
}

#[test]
fn organisation_rules_can_ask_whether_the_repository_is_complete() {
    let rules = tempfile::tempdir().unwrap();
    write(
        rules.path(),
        "no-risks.rhai",
        b"//! id: ORG001\n//! name: no-risks\n//! severity: warning\n//! summary: S.\n\
          fn check(repo) {\n\
              if repo.incomplete() {\n\
                  for f in repo.unloaded_files() { print(f); }\n\
                  return;\n\
              }\n\
              if repo.risks().len() == 0 { report(repo.documents(\"interested-parties\")[0], \"no risks\"); }\n\
          }\n",
    );
    let marked = tempfile::tempdir().unwrap();
    write(
        marked.path(),
        "no-objectives.rhai",
        b"//! id: ORG002\n//! name: no-objectives\n//! severity: warning\n//! summary: S.\n\
          //! claims_absence: true\n\
          fn check(repo) { report(repo.documents(\"interested-parties\")[0], \"no objectives\"); }\n",
    );
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("fixtures/acme-clean", dir.path());
    std::fs::remove_file(dir.path().join("registers/risks.yaml")).unwrap();
    let args = |extra: &[&str]| {
        let mut args = vec![
            "check".to_owned(),
            "--format".into(),
            "jsonl".into(),
            "--today".into(),
            TODAY.into(),
            "-v".into(),
            "--rules".into(),
            rules.path().to_str().unwrap().into(),
            "--rules".into(),
            marked.path().to_str().unwrap().into(),
        ];
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        args
    };
    let run = |extra: &[&str]| {
        let args = args(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        reglint_in(dir.path(), &args)
    };
    let complete = run(&[]);
    assert_eq!(
        names(&only(jsonl(&complete), &["no-risks", "no-objectives"])),
        ["no-risks", "no-objectives"]
    );

    break_legal_register(dir.path());
    let broken = run(&[]);
    let lines = jsonl(&broken);
    assert!(
        only(lines.clone(), &["no-risks"]).is_empty(),
        "the rule saw the repository was incomplete"
    );
    let marked: Vec<Value> = only(lines, &["no-objectives"]);
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0]["suppressed"]["kind"], "withheld");
    assert!(
        stderr(&broken).contains(LEGAL),
        "unloaded_files names the broken file: {}",
        stderr(&broken)
    );
}

#[test]
fn a_value_cut_short_at_load_does_not_make_the_repository_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("fixtures/acme", dir.path());
    let path = dir.path().join(LEGAL);
    let text = std::fs::read_to_string(&path).unwrap();
    let long = format!("owner: {}", "x".repeat(1_500_000));
    let text = text.replacen("owner: Head of Legal", &long, 1);
    assert!(
        text.len() > 1_500_000,
        "the fixture's legal register is owned by Head of Legal"
    );
    std::fs::write(&path, text).unwrap();
    let lines = jsonl(&check_jsonl_in(dir.path(), &[]));
    assert_eq!(names(&only(lines.clone(), &["yaml-syntax"])).len(), 1);
    assert!(
        only(lines.clone(), &["withheld-findings"]).is_empty(),
        "the file loaded, only one value was cut: {lines:?}"
    );
    let unresolved = only(lines, &["unresolved-addressed-by"]);
    assert_eq!(unresolved.len(), 1, "the planted defect is still reported");
    assert!(unresolved[0]["suppressed"].is_null());
}
