//! Benchmark corpora with known defects (`../shared/bench`): every injected defect is found,
//! by the rule of its kind, with no false positive, and a defect-free corpus gives no
//! diagnostic at all, and the JSON output is the same bytes at any thread count. Ignored, with
//! the reason in `cargo test`'s output, when `../shared/bench` (or `REGLINT_SHARED_DIR`) or
//! python3 is absent: `cli/build.rs` looks for them.

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

#[test]
#[cfg_attr(
    not(has_bench),
    ignore = "skipped: ../shared/bench or python3 is absent"
)]
fn a_medium_corpus_gives_the_same_json_at_any_thread_count_even_past_a_deadline() {
    let bench = bench();
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let status = Command::new("python3")
        .arg(bench.join("gen_corpus.py"))
        .args(["--preset", "medium", "--force", "--out"])
        .arg(&corpus)
        .status()
        .expect("python3 runs");
    assert!(status.success(), "gen_corpus.py failed");
    // Three repositories also run a rule that never ends: a deadline is wall-clock, so where
    // the loop stood when it ran out must not show in the output. Their operation budget is
    // raised so that the deadline, not the budget, is what stops it.
    std::fs::create_dir_all(corpus.join("org-rules")).expect("rule folder");
    std::fs::write(
        corpus.join("org-rules/endless.rhai"),
        "//! id: ORG990\n//! name: endless\n//! severity: error\n//! summary: Never ends.\nfn check(repo) {\n    let n = 0;\n    loop {\n        n += 1;\n    }\n}\n",
    )
    .expect("write rule");
    for repo in ["repo-0003", "repo-0017", "repo-0042"] {
        let config = corpus.join(repo).join("reglint.yaml");
        let mut text =
            std::fs::read_to_string(&config).expect("corpus repositories have a configuration");
        text.push_str(
            "rule_dirs: [../org-rules]\nlimits:\n  operations: 100000000\n  deadline_ms: 2000\n",
        );
        std::fs::write(&config, text).expect("write configuration");
    }
    let run = |threads: &str| {
        Command::new(env!("CARGO_BIN_EXE_reglint"))
            .args([
                "check",
                "--format",
                "json",
                "--today",
                "2026-11-22",
                "--threads",
                threads,
            ])
            .arg(&corpus)
            .output()
            .expect("reglint runs")
    };
    let first = run("1");
    assert_eq!(first.status.code(), Some(2), "the endless rule fails");
    let report: Value = serde_json::from_slice(&first.stdout).expect("JSON output");
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    let stopped: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["name"] == "rule-error")
        .collect();
    assert_eq!(stopped.len(), 3, "{stopped:#?}");
    for d in stopped {
        assert!(
            d["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("rule `endless` failed")
                    && m.ends_with("did not finish within 2000 ms")),
            "{d}"
        );
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(5), Some(1))
        );
    }
    assert!(
        diagnostics.len() > 100,
        "the corpus's defects are found too"
    );
    for threads in ["2", "8"] {
        let other = run(threads);
        assert!(
            other.stdout == first.stdout,
            "--threads {threads} gives other bytes than --threads 1"
        );
    }
}

#[test]
#[cfg_attr(
    not(has_bench),
    ignore = "skipped: ../shared/bench or python3 is absent"
)]
fn three_shards_merged_are_the_single_run_in_every_format() {
    let bench = bench();
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let status = Command::new("python3")
        .arg(bench.join("gen_corpus.py"))
        .args(["--preset", "medium", "--force", "--out"])
        .arg(&corpus)
        .status()
        .expect("python3 runs");
    assert!(status.success(), "gen_corpus.py failed");
    let reglint = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_reglint"))
            .current_dir(&corpus)
            .args(args)
            .output()
            .expect("reglint runs")
    };
    let mut shards = Vec::new();
    let mut repositories = 0;
    for k in 1..=3 {
        let name = dir.path().join(format!("shard-{k}.json"));
        let shard = format!("{k}/3");
        let name_text = name.to_str().expect("UTF-8 temp path");
        let run = reglint(&[
            "check",
            ".",
            "--shard",
            &shard,
            "--format",
            "json",
            "-o",
            name_text,
            "--today",
            "2026-11-22",
        ]);
        assert_eq!(run.status.code(), Some(1), "shard {shard}: findings");
        let report: Value =
            serde_json::from_slice(&std::fs::read(&name).expect("shard report")).expect("JSON");
        let count = report["summary"]["repositories"].as_u64().expect("count");
        assert!(count > 0, "shard {shard} checks some repositories");
        repositories += count;
        shards.push(name_text.to_owned());
    }
    // The last shard first: the order of the reports does not matter.
    shards.reverse();
    for format in [
        "json", "jsonl", "sarif", "junit", "gitlab", "github", "human",
    ] {
        let single = reglint(&[
            "check",
            ".",
            "--format",
            format,
            "--color",
            "never",
            "--today",
            "2026-11-22",
        ]);
        assert_eq!(single.status.code(), Some(1));
        let mut args = vec!["merge", "--format", format, "--color", "never"];
        args.extend(shards.iter().map(String::as_str));
        args.extend(["--today", "2026-11-22"]);
        let merged = reglint(&args);
        assert_eq!(
            merged.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&merged.stderr)
        );
        assert!(!single.stdout.is_empty());
        assert!(
            single.stdout == merged.stdout,
            "`merge --format {format}` differs from the single run"
        );
        if format == "json" {
            let report: Value = serde_json::from_slice(&single.stdout).expect("JSON");
            assert_eq!(
                report["summary"]["repositories"].as_u64(),
                Some(repositories)
            );
        }
    }
}
