//! Arbitrary rule source compiled and run against a small fixed repository: no panic, the run
//! ends within the sandbox's (lowered) operation budget and deadline, every problem is a
//! `rule-error`, and every label lies within the file it names.
#![no_main]

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use reglint_engine::date::Date;
use reglint_engine::load::load_bytes;
use reglint_engine::model::Repository;
use reglint_engine::rule::{self, RULE_ERROR};
use reglint_engine::script::{Sandbox, ScriptHost};
use reglint_engine::source::SourceFile;
use reglint_engine::yaml::Limits;

#[path = "../../engine/tests/support/spans.rs"]
mod spans;

/// Front matter for inputs that lost theirs, so mutated scripts still get compiled and run.
const FRONT_MATTER: &str =
    "//! id: ORG999\n//! name: fuzzed\n//! severity: warning\n//! summary: A fuzzed rule.\n";

/// Lower than the defaults, so runaway scripts end in well under libFuzzer's `-timeout`.
const LIMITS: Sandbox = Sandbox {
    max_operations: 200_000,
    deadline: Duration::from_millis(500),
    ..Sandbox::DEFAULT
};

struct Setup {
    host: ScriptHost,
    repo: Arc<Repository>,
    /// Register texts by file id (the rule is file 0).
    texts: Vec<Arc<str>>,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        // The first two parties of the sample register (one duplicate id, unresolved
        // references), its scope and its legal register: small, with findings to make.
        let parties = include_str!("../../fixtures/acme/registers/interested-parties.yaml");
        let cut = parties
            .match_indices("\n  - id: IP-")
            .nth(2)
            .map_or(parties.len(), |(i, _)| i + 1);
        let files = [
            ("interested-parties.yaml", &parties[..cut]),
            (
                "scope.yaml",
                include_str!("../../fixtures/acme/registers/scope.yaml"),
            ),
            (
                "legal-register.yaml",
                include_str!("../../fixtures/acme/registers/legal-register.yaml"),
            ),
        ];
        let mut docs = Vec::new();
        let mut texts = vec![Arc::from("")];
        for (i, (name, text)) in files.into_iter().enumerate() {
            let loaded = load_bytes(
                text.as_bytes().to_vec(),
                name.into(),
                i + 1,
                &Limits::default(),
            );
            assert!(!loaded.docs.is_empty(), "{name} loads");
            texts.push(Arc::clone(&loaded.source.text));
            docs.extend(loaded.docs);
        }
        let today = Date::parse("2026-11-22").expect("a valid date");
        let repo = Repository::new(
            PathBuf::from("/fuzz"),
            "fuzz".into(),
            docs,
            today,
            Vec::new(),
        );
        Setup {
            host: ScriptHost::new(LIMITS),
            repo: Arc::new(repo),
            texts,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let setup = setup();
    let mut text = String::from_utf8_lossy(data).into_owned();
    if !text.starts_with("//!") {
        text.insert_str(0, FRONT_MATTER);
    }
    let source = SourceFile::new("fuzz.rhai".into(), text.into());
    let text_of = |file: usize| match file {
        0 => Some(&*source.text),
        f => setup.texts.get(f).map(|t| &**t),
    };
    let set = rule::compile_all(setup.host.engine(), std::slice::from_ref(&source), 0);
    for error in &set.errors {
        assert_eq!(error.name, RULE_ERROR.name, "{error:?}");
    }
    spans::assert_diagnostics(&set.errors, &text_of);
    for rule in &set.rules {
        let started = std::time::Instant::now();
        let outcome = setup.host.run(rule, &setup.repo, &LIMITS);
        let took = started.elapsed();
        // A job may overrun its deadline by what a host call between checks takes, and a
        // failed job is replayed once to find its position.
        assert!(took < Duration::from_secs(8), "the job ran for {took:?}");
        if let Some(failure) = &outcome.failure {
            assert_eq!(failure.name, RULE_ERROR.name, "{failure:?}");
        }
        spans::assert_diagnostics(&outcome.findings, &text_of);
        spans::assert_diagnostics(outcome.failure.as_slice(), &text_of);
    }
});
