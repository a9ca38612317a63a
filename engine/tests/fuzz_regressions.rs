//! Inputs the fuzz targets (`fuzz/`) once crashed on, minimised, replayed here the way their
//! target ran them: each must load, check and render without a panic, with every node, key and
//! label span within its text on character boundaries.

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use reglint_engine::date::Date;
use reglint_engine::load::load_bytes;
use reglint_engine::render::{self, Format, RenderOptions};
use reglint_engine::yaml::{Limits, NodeKind, parse};
use reglint_engine::{Linter, Options, Report};
use support::spans;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("workspace exists")
}

fn today() -> Date {
    Date::parse("2026-11-22").expect("date")
}

/// The inputs of one target, by file name (at least one, so a moved folder fails).
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let mut found: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("regression folder")
        .map(|entry| {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(&path).expect("input"))
        })
        .filter(|(name, _)| !name.starts_with('.'))
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no inputs in {}", dir.display());
    found
}

/// Renders the report in every format; the JSON must parse.
fn render_all(report: &Report) {
    for format in [Format::Human, Format::Json, Format::Jsonl, Format::Short] {
        let mut out = Vec::new();
        let options = RenderOptions {
            color: false,
            show_suppressed: true,
            ..RenderOptions::default()
        };
        render::render(report, format, &options, &mut out).expect("render");
        if format == Format::Json {
            serde_json::from_slice::<serde_json::Value>(&out).expect("valid JSON");
        }
    }
}

#[test]
fn load_inputs_load_with_spans_in_range() {
    for (name, bytes) in inputs("load") {
        eprintln!("load/{name}");
        let loaded = load_bytes(bytes, Arc::from(name.as_str()), 0, &Limits::default());
        spans::assert_loaded(&loaded, 0);
    }
}

#[test]
fn check_inputs_check_beside_valid_registers() {
    let clean = workspace().join("fixtures/acme-clean");
    for (name, bytes) in inputs("check") {
        eprintln!("check/{name}");
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::copy(clean.join("reglint.yaml"), dir.path().join("reglint.yaml")).expect("copy");
        let registers = dir.path().join("registers");
        std::fs::create_dir(&registers).expect("mkdir");
        for register in ["scope", "legal-register", "objectives", "risks"] {
            let file = format!("registers/{register}.yaml");
            std::fs::copy(clean.join(&file), dir.path().join(&file)).expect("copy");
        }
        std::fs::write(registers.join("fuzz.yaml"), &bytes).expect("write input");
        let linter = Linter::new(Options::new(today(), dir.path().to_path_buf())).expect("linter");
        let report = linter
            .check(&[dir.path().to_path_buf()])
            .expect("check runs");
        assert!(
            report.summary.files >= 5,
            "the input was checked: {:?}",
            report.summary
        );
        spans::assert_report(&report.diagnostics, &report.sources);
        render_all(&report);
    }
}

#[test]
fn rule_inputs_fail_as_rule_errors_with_spans_in_range() {
    for (name, bytes) in inputs("rule") {
        eprintln!("rule/{name}");
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("fuzzed.rhai"), &bytes).expect("write rule");
        let mut options = Options::new(today(), workspace());
        options.builtin_rules = false;
        options.rule_dirs = vec![dir.path().to_path_buf()];
        let linter = Linter::new(options).expect("linter");
        let report = linter
            .check(&[PathBuf::from("fixtures/acme")])
            .expect("check runs");
        spans::assert_report(&report.diagnostics, &report.sources);
        render_all(&report);
    }
}

/// `fuzz-regressions/rule/front-matter-ends-in-multibyte-char`: the whole front matter was
/// underlined up to its last byte but one, inside the last character when the file had no
/// final line break.
#[test]
fn a_front_matter_without_a_final_line_break_is_underlined_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("r.rhai"), "//! é").expect("write rule");
    let mut options = Options::new(today(), workspace());
    options.builtin_rules = false;
    options.rule_dirs = vec![dir.path().to_path_buf()];
    let linter = Linter::new(options).expect("linter");
    let [error] = linter.rule_errors() else {
        panic!("one rule error: {:?}", linter.rule_errors());
    };
    assert_eq!(error.message, "front matter must be a YAML mapping");
    assert_eq!(error.primary.as_ref().map(|l| l.span.clone()), Some(4..6));
}

/// `fuzz-regressions/load/collection-at-end-of-file`: a block list opened by a `-` at the very
/// end of the file had an empty span after the dash, and its label was widened to one byte
/// past the end. It now starts at its dash, and its label is the dash.
#[test]
fn a_collection_at_the_end_of_the_file_is_labelled_within_it() {
    let text = "60:\n-";
    let loaded = parse(text, 0, &Limits::default());
    let doc = &loaded.documents[0];
    let list = doc
        .nodes
        .iter()
        .position(|n| matches!(n.kind, NodeKind::List(_)))
        .expect("the list") as u32;
    assert_eq!(doc.node(list).span, 4..5);
    assert_eq!(doc.label_span(list, text), 4..5);
}
