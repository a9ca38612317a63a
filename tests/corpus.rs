//! Benchmark corpora with known defects (`../shared/bench`): every injected defect is found,
//! by the rule of its kind, with no false positive, and a defect-free corpus gives no
//! diagnostic at all. Ignored, with the reason in `cargo test`'s output, when `../shared/bench`
//! (or `REGLINT_SHARED_DIR`) or python3 is absent: `cli/build.rs` looks for them.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn bench() -> PathBuf {
    Path::new(env!("REGLINT_SHARED")).join("bench")
}

fn generate(bench: &Path, out: &Path, extra: &[&str]) {
    let status = Command::new("python3")
        .arg(bench.join("gen_corpus.py"))
        .args(["--preset", "small", "--force", "--out"])
        .arg(out)
        .args(extra)
        .status()
        .expect("python3 runs");
    assert!(status.success(), "gen_corpus.py failed");
}

fn check(corpus: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_reglint"))
        .args(["check", "--format", "jsonl", "--today", "2026-11-22"])
        .arg(corpus)
        .output()
        .expect("reglint runs")
}

#[test]
#[cfg_attr(
    not(has_bench),
    ignore = "skipped: ../shared/bench or python3 is absent"
)]
fn small_corpus_defects_are_all_found_without_false_positives() {
    let bench = bench();
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    generate(&bench, &corpus, &[]);
    let output = check(&corpus);
    assert_eq!(output.status.code(), Some(1));
    let findings = dir.path().join("findings.jsonl");
    std::fs::write(&findings, &output.stdout).expect("write findings");
    let score = Command::new("python3")
        .arg(bench.join("score.py"))
        .arg(corpus.join("expected.jsonl"))
        .arg(&findings)
        .arg("--json")
        .output()
        .expect("score.py runs");
    let score: Value = serde_json::from_slice(&score.stdout).expect("score.py prints JSON");
    assert!(score["expected"].as_u64().unwrap_or(0) > 0, "{score}");
    assert_eq!(score["recall"], 1.0, "{score}");
    assert_eq!(score["precision"], 1.0, "{score}");
}

#[test]
#[cfg_attr(
    not(has_bench),
    ignore = "skipped: ../shared/bench or python3 is absent"
)]
fn a_defect_free_corpus_gives_no_diagnostic() {
    let bench = bench();
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    generate(&bench, &corpus, &["--defect-rate", "0"]);
    let output = check(&corpus);
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(output.status.code(), Some(0));
}
