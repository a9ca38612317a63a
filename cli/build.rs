//! Tells the tests that need something outside the project whether they can run, so a run
//! without it says so in `cargo test`'s own output ("ignored, skipped: ...") instead of
//! passing quietly. The corpus tests (`tests/corpus.rs`) need `../shared/bench` beside the
//! workspace (or the folder `REGLINT_SHARED_DIR` names, which holds `bench/`) and `python3`;
//! the output and hook tests need the real clients and validators (`.ci/tools.sh` installs
//! them), found on `PATH`: each found one sets `has_<tool>` and `REGLINT_TOOL_<TOOL>`.
//!
//! An absent folder is not watched: cargo would rerun this script, and rebuild the crate, on
//! every build. After fetching `../shared`, `touch cli/build.rs` (or set the variable).

use std::path::PathBuf;
use std::process::Command;

/// The programs the tests run, by the cfg name that says they are there.
const TOOLS: [(&str, &str); 8] = [
    ("sarif_multitool", "Sarif.Multitool"),
    ("pre_commit", "pre-commit"),
    ("check_jsonschema", "check-jsonschema"),
    ("xmlschema", "xmlschema-validate"),
    ("actionlint", "actionlint"),
    ("git", "git"),
    ("dot", "dot"),
    ("chromium", "chromium"),
];

/// The first `program` on `PATH`.
fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

fn main() {
    println!("cargo::rustc-check-cfg=cfg(has_bench)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=PATH");
    for (cfg, program) in TOOLS {
        println!("cargo::rustc-check-cfg=cfg(has_{cfg})");
        if let Some(found) = find_on_path(program) {
            println!("cargo::rustc-cfg=has_{cfg}");
            let variable = cfg.to_uppercase();
            println!(
                "cargo::rustc-env=REGLINT_TOOL_{variable}={}",
                found.display()
            );
        }
    }
    println!("cargo::rerun-if-env-changed=REGLINT_SHARED_DIR");
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let shared = std::env::var_os("REGLINT_SHARED_DIR")
        .map_or_else(|| manifest.join("../shared"), PathBuf::from);
    println!("cargo::rustc-env=REGLINT_SHARED={}", shared.display());
    let generator = shared.join("bench/gen_corpus.py");
    if !generator.is_file() {
        return;
    }
    println!("cargo::rerun-if-changed={}", generator.display());
    let python = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if python {
        println!("cargo::rustc-cfg=has_bench");
    }
}
