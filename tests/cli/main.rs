//! End-to-end tests of the `reglint` binary, one module per area, as ripgrep's tests do:
//! this file holds the helpers every area shares (running the binary, reading its output,
//! writing registers into temporary folders).
#![expect(
    clippy::unwrap_used,
    reason = "a test should fail loudly on any unexpected error"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod bad_input;
mod baseline;
mod check;
mod ci_docs;
mod config;
mod diff;
mod discovery;
mod hostile;
mod html_report;
mod incomplete;
mod init;
mod nothing_silent;
mod platform_formats;
mod register_schema;
mod rule_authoring;
mod sarif;
mod shard;
mod staged;
mod suppressions;
mod syntax_errors;
mod tools;
mod workbench;

/// The date every run is pinned to, so review findings never drift with the clock.
const TODAY: &str = "2026-11-22";

/// The workspace root: where `fixtures/`, `rules/` and `docs/` are.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Runs the built binary in `dir`, with `NO_COLOR` unset so colour tests see the flag alone.
fn reglint_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reglint"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("reglint runs")
}

/// Runs the built binary in the workspace root.
fn reglint(args: &[&str]) -> Output {
    reglint_in(&workspace(), args)
}

/// What the run printed to stdout.
fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// What the run printed to stderr.
fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Each stdout line of a `--format jsonl` run, parsed.
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

/// Writes `bytes` to `dir/name`, creating the folders on the way.
fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// `reglint check --format jsonl` in `dir`, pinned to [`TODAY`] unless `extra` gives a date.
fn check_jsonl_in(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--format", "jsonl"];
    if !extra.contains(&"--today") {
        args.extend(["--today", TODAY]);
    }
    args.extend_from_slice(extra);
    reglint_in(dir, &args)
}

/// Copies a folder of the workspace (e.g. `fixtures/acme`) into `dir`.
fn copy_fixture(from: &str, dir: &Path) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    copy(&workspace().join(from), dir);
}

/// The names of the diagnostics of a jsonl run, in order.
fn names(lines: &[Value]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// (line, column, message, help) of each diagnostic, for error tests.
fn located(lines: &[Value]) -> Vec<(u64, u64, String, String)> {
    lines
        .iter()
        .map(|l| {
            (
                l["line"].as_u64().unwrap_or_default(),
                l["column"].as_u64().unwrap_or_default(),
                l["message"].as_str().unwrap_or_default().to_owned(),
                l["help"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}
