//! Tells the corpus tests (`tests/corpus.rs`) whether they can run, so a run without their
//! inputs says so in `cargo test`'s own output ("ignored, skipped: ...") instead of passing
//! quietly. They need `../shared/bench` beside the workspace (or the folder
//! `REGLINT_SHARED_DIR` names, which holds `bench/`) and `python3`.
//!
//! An absent folder is not watched: cargo would rerun this script, and rebuild the crate, on
//! every build. After fetching `../shared`, `touch cli/build.rs` (or set the variable).

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(has_bench)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=REGLINT_SHARED_DIR");
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let shared = std::env::var_os("REGLINT_SHARED_DIR")
        .map_or_else(|| manifest.join("../../shared"), PathBuf::from);
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
