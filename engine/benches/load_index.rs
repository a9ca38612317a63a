//! Loader and index on a 1 MB register: `cargo bench -p reglint-engine --bench load_index`.
//!
//! The register is made here (parties with requirements, unique ids, references between
//! them), so the bench needs no generated corpus; its size is what a large single register
//! of a real organisation reaches. The loader's figure is the floor a check cannot go under;
//! the index's is what a repository adds on top before any rule runs.

use std::path::PathBuf;

use reglint_engine::date::Date;
use reglint_engine::load::load_bytes;
use reglint_engine::model::Repository;
use reglint_engine::yaml::Limits;

fn main() {
    divan::main();
}

/// An interested-parties register of about `bytes` bytes.
fn register(bytes: usize) -> String {
    let mut text = String::from(
        "kind: interested-parties\nowner: CISO\ndescription: Parties.\nlast_reviewed: 2026-06-15\nreview_interval_months: 12\nparties:\n",
    );
    let mut party = 0;
    while text.len() < bytes {
        party += 1;
        text.push_str(&format!(
            "  - id: IP-{party:05}\n    name: Party {party}\n    category: external\n    relevant: true\n    owner: CISO\n    requirements:\n"
        ));
        for req in 1..=4 {
            text.push_str(&format!(
                "      - id: REQ-{party:05}-{req}\n        type: contractual\n        description: Requirement {req} of party {party}, kept as the contract says.\n        addressed: true\n        addressed_by: [A.5.{req}, REQ-{:05}-1]\n",
                party.max(2) - 1
            ));
        }
    }
    text
}

fn one_megabyte() -> Vec<u8> {
    register(1 << 20).into_bytes()
}

#[divan::bench]
fn load(bencher: divan::Bencher) {
    let bytes = one_megabyte();
    bencher
        .with_inputs(|| bytes.clone())
        .bench_values(|bytes| load_bytes(bytes, "r.yaml".into(), 0, &Limits::default()));
}

#[divan::bench]
fn index(bencher: divan::Bencher) {
    let loaded = load_bytes(one_megabyte(), "r.yaml".into(), 0, &Limits::default());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let today = Date::parse("2026-11-22").expect("a valid date");
    bencher
        .with_inputs(|| loaded.docs.clone())
        .bench_values(|docs| {
            Repository::new(PathBuf::from("/r"), "r".into(), docs, today, Vec::new())
        });
}
