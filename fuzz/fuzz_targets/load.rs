//! The loader on arbitrary bytes: decoding, parsing, the format checks and the repository
//! index must not panic, and every span of every node, key and diagnostic label must lie within
//! the file's text on character boundaries.
#![no_main]

use std::path::PathBuf;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use reglint_engine::date::Date;
use reglint_engine::load::load_bytes;
use reglint_engine::model::Repository;
use reglint_engine::yaml::Limits;

#[path = "../../engine/tests/support/spans.rs"]
mod spans;

fuzz_target!(|data: &[u8]| {
    let loaded = load_bytes(data.to_vec(), Arc::from("fuzz.yaml"), 0, &Limits::default());
    spans::assert_loaded(&loaded, 0);
    // The index over the documents (ids, references) is built from whatever loaded.
    let today = Date::parse("2026-11-22").expect("a valid date");
    let unloaded = if loaded.is_complete {
        Vec::new()
    } else {
        vec![(0, "fuzz.yaml".to_owned())]
    };
    let repo = Repository::new(
        PathBuf::from("/fuzz"),
        "fuzz".into(),
        loaded.docs,
        today,
        unloaded,
    );
    drop(repo);
});
