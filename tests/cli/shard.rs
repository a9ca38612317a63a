//! `check --shard K/N` and `reglint merge`: shards split the repositories found with no
//! repository checked twice or left out, and their merged JSON reports are the single run,
//! byte for byte, in every format. Bad shard specifications and bad reports stop with exit 2
//! and say what is wrong.

use std::path::Path;

use serde_json::Value;

use super::{TODAY, copy_fixture, reglint_in, stderr, stdout};

/// Three repositories: two copies of acme (findings) and acme-clean.
fn corpus(dir: &Path) {
    copy_fixture("fixtures/acme", &dir.join("acme"));
    copy_fixture("fixtures/acme", &dir.join("branch-office"));
    copy_fixture("fixtures/acme-clean", &dir.join("clean"));
}

/// Runs shard `k` of `n` to `shard-k.json` in `dir`; returns its exit code and report.
fn shard(dir: &Path, k: usize, n: usize) -> (Option<i32>, Value) {
    let spec = format!("{k}/{n}");
    let file = format!("shard-{k}.json");
    let run = reglint_in(
        dir,
        &[
            "check", "--shard", &spec, "--format", "json", "-o", &file, "--today", TODAY, ".",
        ],
    );
    let report = serde_json::from_slice(&std::fs::read(dir.join(&file)).unwrap()).unwrap();
    (run.status.code(), report)
}

/// The repositories a report's findings lie in (the first path component).
fn repositories(report: &Value) -> Vec<String> {
    let mut names: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap();
            file.split('/').next().unwrap().to_owned()
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn two_shards_split_the_repositories_and_merge_into_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let (code_1, first) = shard(dir.path(), 1, 2);
    let (code_2, second) = shard(dir.path(), 2, 2);
    // Each shard is its own gate: it fails when its own share has errors.
    for (code, report) in [(code_1, &first), (code_2, &second)] {
        let errors = report["summary"]["errors"].as_u64().unwrap();
        assert_eq!(code, Some(if errors > 0 { 1 } else { 0 }));
    }
    let single = reglint_in(
        dir.path(),
        &["check", ".", "--format", "json", "--today", TODAY],
    );
    let single: Value = serde_json::from_slice(&single.stdout).unwrap();
    let counts = |r: &Value| r["summary"]["repositories"].as_u64().unwrap();
    assert_eq!(counts(&first) + counts(&second), counts(&single));
    assert!(counts(&first) >= 1 && counts(&second) >= 1);
    let (mut a, b) = (repositories(&first), repositories(&second));
    assert!(a.iter().all(|r| !b.contains(r)), "{a:?} / {b:?}");
    a.extend(b);
    a.sort();
    assert_eq!(a, ["acme", "branch-office"]);
    for format in ["json", "sarif", "junit", "gitlab", "human"] {
        let single = reglint_in(
            dir.path(),
            &[
                "check", ".", "--format", format, "--color", "never", "--today", TODAY,
            ],
        );
        let merged = reglint_in(
            dir.path(),
            &[
                "merge",
                "shard-2.json",
                "shard-1.json",
                "--format",
                format,
                "--color",
                "never",
            ],
        );
        assert_eq!(merged.status.code(), Some(0), "{}", stderr(&merged));
        assert_eq!(stdout(&merged), stdout(&single), "{format}");
    }
}

#[test]
fn the_same_split_in_every_job_and_an_empty_share_passes() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let (_, once) = shard(dir.path(), 1, 3);
    let (_, again) = shard(dir.path(), 1, 3);
    assert_eq!(once, again);
    // Four repositories (the folder given holds its own, without files) in five shards:
    // one share is empty, checked and clean.
    let counts: Vec<u64> = (1..=5)
        .map(|k| {
            shard(dir.path(), k, 5).1["summary"]["repositories"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(counts, [1, 1, 1, 1, 0]);
    let (code, report) = shard(dir.path(), 5, 5);
    assert_eq!(code, Some(0));
    assert_eq!(report["diagnostics"], Value::Array(Vec::new()));
}

#[test]
fn a_shard_of_an_empty_folder_is_still_unchecked() {
    let dir = tempfile::tempdir().unwrap();
    let run = reglint_in(dir.path(), &["check", "--shard", "1/2", "."]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("holds no register file"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_wrong_shard_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    for (spec, says) in [
        ("0/3", "between 1 and 3"),
        ("4/3", "between 1 and 3"),
        ("1/0", "1 or more"),
        ("2", "write K/N"),
        ("a/3", "not a whole number"),
    ] {
        let run = reglint_in(dir.path(), &["check", "--shard", spec, "."]);
        assert_eq!(run.status.code(), Some(2), "{spec}");
        assert!(stderr(&run).contains(says), "{spec}: {}", stderr(&run));
    }
}

#[test]
fn bad_reports_stop_the_merge_with_their_name() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    shard(dir.path(), 1, 2);
    shard(dir.path(), 2, 2);
    std::fs::write(dir.path().join("broken.json"), "{\"version\": 1, \"diagn").unwrap();
    std::fs::write(
        dir.path().join("other.json"),
        "{\"version\": 2, \"diagnostics\": [], \"summary\": {\"errors\": 0, \"warnings\": 0, \"infos\": 0, \"files\": 0, \"repositories\": 0, \"suppressed\": 0, \"withheld\": 0}}",
    )
    .unwrap();
    for (args, says) in [
        (
            vec!["merge", "shard-1.json", "broken.json"],
            "`broken.json` is not a reglint JSON report: EOF while parsing a string at line 1",
        ),
        (
            vec!["merge", "other.json"],
            "`other.json` is not a reglint JSON report: its version is 2",
        ),
        (
            vec!["merge", "shard-1.json", "missing.json"],
            "cannot read `missing.json`",
        ),
        (
            vec!["merge", "shard-1.json", "shard-1.json"],
            "are the same report",
        ),
        (
            vec![
                "merge",
                "shard-1.json",
                "shard-2.json",
                "--format",
                "sarif",
                "--checked",
                "clean",
            ],
            "the shards checked",
        ),
    ] {
        let run = reglint_in(dir.path(), &args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&run), "", "{args:?}");
        assert!(stderr(&run).contains(says), "{args:?}: {}", stderr(&run));
    }
}
