//! Embeds the built-in rule pack: every `.rhai` file under `../rules`, found by walking the
//! folder (no list to edit by hand), sorted so the binary is reproducible. Also tells the
//! YAML-suite test whether `../shared/yaml-test-suite` (or `REGLINT_SHARED_DIR`'s) is there,
//! so without it `cargo test` prints it as ignored with the reason; an absent folder is not
//! watched (cargo would rebuild the crate on every build), so `touch engine/build.rs` after
//! fetching it.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules = manifest.join("..").join("rules");
    println!("cargo:rerun-if-changed={}", rules.display());
    let mut found = Vec::new();
    collect(&rules, &mut found);
    found.sort();
    let mut out = String::from(
        "/// The built-in rules: (path under `rules/`, source).\npub const BUILTIN_RULES: &[(&str, &str)] = &[\n",
    );
    for path in &found {
        println!("cargo:rerun-if-changed={}", path.display());
        let relative = path.strip_prefix(&rules).expect("found under rules/");
        let relative = relative.to_string_lossy().replace('\\', "/");
        out.push_str(&format!(
            "    ({relative:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    yaml_suite(&manifest);
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin_rules.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}

fn yaml_suite(manifest: &Path) {
    println!("cargo::rustc-check-cfg=cfg(has_yaml_suite)");
    println!("cargo::rerun-if-env-changed=REGLINT_SHARED_DIR");
    let shared = std::env::var_os("REGLINT_SHARED_DIR")
        .map_or_else(|| manifest.join("../../shared"), PathBuf::from);
    println!("cargo::rustc-env=REGLINT_SHARED={}", shared.display());
    let suite = shared.join("yaml-test-suite");
    if suite.is_dir() {
        println!("cargo::rerun-if-changed={}", suite.display());
        println!("cargo::rustc-cfg=has_yaml_suite");
    }
}

fn collect(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, found);
        } else if path.extension().is_some_and(|e| e == "rhai") {
            found.push(path);
        }
    }
}
