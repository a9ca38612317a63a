//! Which files are checked, and in which repository: named files in their repository's
//! context, `.gitignore` and `.reglintignore`, nested repositories.

use serde_json::Value;

use crate::{TODAY, jsonl, only, places, reglint, reglint_in, stderr, stdout, write};

#[test]
fn named_files_are_checked_in_their_repository_context() {
    // The duplicate's first definition lives in objectives.yaml, which was not named.
    let output = reglint(&[
        "check",
        "fixtures/acme/registers/scope.yaml",
        "--format",
        "jsonl",
        "--today",
        TODAY,
    ]);
    assert_eq!(output.status.code(), Some(1));
    let lines = jsonl(&output);
    assert_eq!(
        places(&lines),
        vec![(
            "fixtures/acme/registers/scope.yaml".to_owned(),
            16,
            9,
            "duplicate-id".to_owned()
        )]
    );
    assert_eq!(
        lines[0]["labels"][0]["file"],
        "fixtures/acme/registers/objectives.yaml"
    );
    let summary = stderr(&reglint(&[
        "check",
        "fixtures/acme/registers/scope.yaml",
        "--today",
        TODAY,
    ]));
    assert!(summary.contains("in 6 files of 1 repository"), "{summary}");

    let clean = reglint(&[
        "check",
        "fixtures/acme/registers/objectives.yaml",
        "--format",
        "short",
        "--today",
        TODAY,
    ]);
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(stdout(&clean), "");
}

#[test]
fn gitignore_and_reglintignore_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "reglint.yaml", b"version: 1\n");
    write(dir.path(), ".reglintignore", b"drafts/\n");
    write(dir.path(), ".gitignore", b"generated.yaml\n");
    write(dir.path(), "drafts/wip.yaml", b"kind: [\n");
    write(dir.path(), "generated.yaml", b"kind: [\n");
    write(
        dir.path(),
        "scope.yaml",
        b"kind: scope\nowner: CISO\nitems: []\n",
    );
    let output = reglint_in(
        dir.path(),
        &["check", "--format", "jsonl", "--today", TODAY],
    );
    assert_eq!(only(jsonl(&output), &["yaml-syntax"]), Vec::<Value>::new());
    let summary = stderr(&reglint_in(dir.path(), &["check", "--today", TODAY]));
    assert!(summary.contains("in 1 file of 1 repository"), "{summary}");
}

#[test]
fn discovery_gives_each_file_one_repository() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bad = b"kind: sc0pe\nowner: CISO\n";
    write(d, "outer/reglint.yaml", b"version: 1\n");
    write(d, "outer/o.yaml", bad);
    write(d, "outer/sub/s.yaml", bad);
    write(d, "outer/sub/inner/reglint.yaml", b"version: 1\n");
    write(d, "outer/sub/inner/i.yaml", bad);
    write(d, "outer/.reglintignore", b"drafts/\n");
    write(d, "outer/drafts/wip.yaml", bad);
    let files = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "jsonl", "--today", TODAY];
        all.extend_from_slice(args);
        only(jsonl(&reglint_in(d, &all)), &["unknown-kind"])
            .iter()
            .map(|l| l["file"].as_str().unwrap().to_owned())
            .collect()
    };
    // A folder inside a repository: its files, and whole repositories nested under it.
    assert_eq!(
        files(&["outer/sub"]),
        ["outer/sub/inner/i.yaml", "outer/sub/s.yaml"]
    );
    // Naming a repository and a file in it reports each finding once.
    assert_eq!(
        files(&["outer", "outer/o.yaml"]),
        ["outer/o.yaml", "outer/sub/inner/i.yaml", "outer/sub/s.yaml"]
    );
    // Ignored files stay ignored when named (as pre-commit names every staged file).
    assert_eq!(
        files(&["outer/drafts/wip.yaml", "outer/o.yaml"]),
        ["outer/o.yaml"]
    );
}
