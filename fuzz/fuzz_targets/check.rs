//! A whole check of a repository holding one arbitrary file beside valid registers: no
//! panic, every diagnostic label within the text of the file it names, and every output format
//! renders (the JSON one as valid JSON).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use reglint_engine::date::Date;
use reglint_engine::render::{self, Format, RenderOptions};
use reglint_engine::{Linter, Options};

#[path = "../../engine/tests/support/spans.rs"]
mod spans;

/// Registers of the corrected sample repository copied beside the fuzz input (the two large
/// ones are left out to keep iterations fast).
const REGISTERS: [(&str, &str); 4] = [
    (
        "scope.yaml",
        include_str!("../../fixtures/acme-clean/registers/scope.yaml"),
    ),
    (
        "legal-register.yaml",
        include_str!("../../fixtures/acme-clean/registers/legal-register.yaml"),
    ),
    (
        "objectives.yaml",
        include_str!("../../fixtures/acme-clean/registers/objectives.yaml"),
    ),
    (
        "risks.yaml",
        include_str!("../../fixtures/acme-clean/registers/risks.yaml"),
    ),
];

struct Setup {
    root: PathBuf,
    linter: Linter,
}

/// One repository and one linter for the whole run.
fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("reglint-fuzz-check-{}", std::process::id()));
        let registers = root.join("registers");
        std::fs::create_dir_all(&registers).expect("create the repository");
        std::fs::write(root.join("reglint.yaml"), "version: 1\n").expect("write reglint.yaml");
        for (name, text) in REGISTERS {
            std::fs::write(registers.join(name), text).expect("write a register");
        }
        let today = Date::parse("2026-11-22").expect("a valid date");
        let linter = Linter::new(Options::new(today, root.clone())).expect("the built-in rules");
        Setup { root, linter }
    })
}

fuzz_target!(|data: &[u8]| {
    let setup = setup();
    std::fs::write(setup.root.join("registers/fuzz.yaml"), data).expect("write the input");
    let report = setup
        .linter
        .check(std::slice::from_ref(&setup.root))
        .expect("the check runs");
    spans::assert_report(&report.diagnostics, &report.sources);
    let _ = report.outcome();
    for format in [Format::Human, Format::Json, Format::Jsonl, Format::Short] {
        for show_suppressed in [false, true] {
            let options = RenderOptions {
                color: false,
                show_suppressed,
                ..RenderOptions::default()
            };
            let mut out = Vec::new();
            render::render(&report, format, &options, &mut out).expect("rendering to memory");
            if format == Format::Json && !show_suppressed {
                serde_json::from_slice::<serde_json::Value>(&out).expect("valid JSON");
            }
        }
    }
    let _ = render::summary_line(&report);
});
