//! The loader against the YAML test suite (`../shared/yaml-test-suite`, one folder per case,
//! `in.yaml` plus `error` when the input is invalid): valid cases load without a syntax
//! problem, invalid ones are rejected, and nothing panics. Ignored, with the reason in
//! `cargo test`'s output, when the suite is not present (`engine/build.rs` looks for it).

use std::path::{Path, PathBuf};

use reglint_engine::yaml::{Limits, LoadProblem, parse};

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.join("in.yaml").is_file() {
            out.push(path.clone());
        }
        if path.is_dir() {
            cases(&path, out);
        }
    }
}

#[test]
#[cfg_attr(
    not(has_yaml_suite),
    ignore = "skipped: ../shared/yaml-test-suite is absent"
)]
fn loader_agrees_with_the_yaml_test_suite() {
    let suite = Path::new(env!("REGLINT_SHARED")).join("yaml-test-suite");
    let mut found = Vec::new();
    cases(&suite, &mut found);
    found.sort();
    assert!(
        found.len() > 300,
        "expected the whole suite, found {}",
        found.len()
    );
    let mut wrong = Vec::new();
    let (mut valid, mut invalid) = (0, 0);
    for case in &found {
        let Ok(text) = std::fs::read_to_string(case.join("in.yaml")) else {
            continue;
        };
        let expect_error = case.join("error").exists();
        let loaded = parse(&text, 0, &Limits::default());
        let rejected = loaded
            .problems
            .iter()
            .any(|p| matches!(p, LoadProblem::Syntax { .. }));
        if expect_error {
            invalid += 1;
        } else {
            valid += 1;
        }
        if rejected != expect_error {
            wrong.push(format!(
                "{} (expected {})",
                case.display(),
                if expect_error { "an error" } else { "no error" }
            ));
        }
    }
    eprintln!("{valid} valid and {invalid} invalid cases");
    assert!(
        wrong.is_empty(),
        "{} cases disagree:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
