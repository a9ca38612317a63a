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

/// (file, name) of each diagnostic of a jsonl run.
fn found(output: &std::process::Output) -> Vec<(String, String)> {
    jsonl(output)
        .iter()
        .map(|l| {
            (
                l["file"].as_str().unwrap().to_owned(),
                l["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn only_ignore_files_inside_the_repository_exclude_registers() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bad = b"kind: [\n";
    // Above the repository: a .gitignore that would exclude its registers.
    write(d, ".gitignore", b"repo/above.yaml\n");
    write(d, "repo/reglint.yaml", b"version: 1\n");
    write(d, "repo/above.yaml", bad);
    // `.ignore` files, a clone's `.git/info/exclude` and the user's global excludes.
    write(d, "repo/.ignore", b"dot-ignore.yaml\n");
    write(d, "repo/dot-ignore.yaml", bad);
    write(d, "repo/.git/info/exclude", b"info-exclude.yaml\n");
    write(d, "repo/info-exclude.yaml", bad);
    write(d, "home/.config/git/ignore", b"global.yaml\n");
    write(
        d,
        "home/.gitconfig",
        b"[core]\n\texcludesFile = ~/.config/git/ignore\n",
    );
    write(d, "repo/global.yaml", bad);
    // What the README promises: .gitignore inside, .reglintignore, hidden files.
    write(d, "repo/.gitignore", b"inside.yaml\n");
    write(d, "repo/inside.yaml", bad);
    write(d, "repo/.reglintignore", b"drafts/\n");
    write(d, "repo/drafts/wip.yaml", bad);
    write(d, "repo/.hidden.yaml", bad);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_reglint"))
        .args(["check", "--format", "jsonl", "--today", TODAY, "repo"])
        .current_dir(d)
        .env("HOME", d.join("home"))
        .env("XDG_CONFIG_HOME", d.join("home/.config"))
        .output()
        .unwrap();
    let files: Vec<String> = found(&output)
        .into_iter()
        .filter(|(_, name)| name == "yaml-syntax")
        .map(|(file, _)| file)
        .collect();
    assert_eq!(
        files,
        [
            "repo/above.yaml",
            "repo/dot-ignore.yaml",
            "repo/global.yaml",
            "repo/info-exclude.yaml"
        ]
    );
}

#[test]
fn a_named_file_that_is_excluded_is_said_to_be_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "reglint.yaml", b"version: 1\nignore: [\"old/**\"]\n");
    write(d, ".reglintignore", b"drafts/\n");
    write(d, "drafts/wip.yaml", b"kind: [\n");
    write(d, "old/gone.yaml", b"kind: [\n");
    let output = reglint_in(
        d,
        &[
            "check",
            "--format",
            "jsonl",
            "--today",
            TODAY,
            "drafts/wip.yaml",
            "old/gone.yaml",
        ],
    );
    // Said, at info level, and not mistaken for an empty run: a pre-commit hook names every
    // staged file, ignored ones included.
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lines = jsonl(&output);
    assert_eq!(
        found(&output),
        [
            ("drafts/wip.yaml".to_owned(), "skipped-path".to_owned()),
            ("old/gone.yaml".to_owned(), "skipped-path".to_owned()),
        ]
    );
    assert_eq!(lines[0]["severity"], "info");
    assert!(
        lines[0]["message"]
            .as_str()
            .unwrap()
            .contains("`.gitignore` or `.reglintignore` excludes it"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1]["message"]
            .as_str()
            .unwrap()
            .contains("the configuration's `ignore` excludes it")
    );
}

#[cfg(unix)]
#[test]
fn symlinked_files_inside_are_read_once_and_other_links_are_named() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let repo = d.join("repo");
    write(&repo, "reglint.yaml", b"version: 1\n");
    write(&repo, "real/r.yaml", b"kind: sc0pe\n");
    write(&repo, ".store/hidden.yaml", b"kind: sc0pe\n");
    write(d, "outside.yaml", b"kind: sc0pe\n");
    symlink("real/r.yaml", repo.join("alias.yaml")).unwrap();
    symlink(".store/hidden.yaml", repo.join("linked.yaml")).unwrap();
    symlink("../outside.yaml", repo.join("out.yaml")).unwrap();
    symlink("real", repo.join("linkdir")).unwrap();
    symlink(".", repo.join("loop")).unwrap();
    let output = reglint_in(d, &["check", "--format", "jsonl", "--today", TODAY, "repo"]);
    let lines = jsonl(&output);
    let kept: Vec<(String, String)> = found(&output)
        .into_iter()
        .filter(|(_, name)| name == "unknown-kind" || name == "skipped-path")
        .collect();
    assert_eq!(
        kept,
        [
            // A link to a file read anyway is not read twice (no duplicate ids);
            // a link to a file the walk does not reach is read under its own name.
            ("repo/linkdir".to_owned(), "skipped-path".to_owned()),
            ("repo/linked.yaml".to_owned(), "unknown-kind".to_owned()),
            ("repo/loop".to_owned(), "skipped-path".to_owned()),
            ("repo/out.yaml".to_owned(), "skipped-path".to_owned()),
            ("repo/real/r.yaml".to_owned(), "unknown-kind".to_owned()),
        ]
    );
    assert!(lines.iter().any(|l| l["message"]
        == "`repo/out.yaml` is a symlink to a file outside the repository, so it is not read"));
    // A named link stands for its target.
    let named = reglint_in(
        d,
        &[
            "check",
            "--format",
            "jsonl",
            "--today",
            TODAY,
            "repo/alias.yaml",
        ],
    );
    assert_eq!(
        only(jsonl(&named), &["unknown-kind"])
            .iter()
            .map(|l| l["file"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["repo/real/r.yaml"]
    );
}

#[cfg(unix)]
#[test]
fn a_path_the_walk_cannot_read_makes_the_check_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "reglint.yaml", b"version: 1\n");
    write(d, "scope.yaml", b"kind: scope\nowner: CISO\nitems: []\n");
    // Deeper than the system's longest path (4 096 bytes on Linux): two chains of folders,
    // each short enough to make, the first then moved to the bottom of the second.
    let chain = |base: &std::path::Path| {
        let mut leaf = base.to_path_buf();
        for _ in 0..12 {
            leaf = leaf.join("d".repeat(200));
        }
        std::fs::create_dir_all(&leaf).unwrap();
        leaf
    };
    chain(&d.join("x"));
    let bottom = chain(&d.join("deep"));
    std::fs::rename(d.join("x"), bottom.join("x")).unwrap();
    let output = reglint_in(d, &["check", "--format", "jsonl", "--today", TODAY]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let all = jsonl(&output);
    let lines = only(all.clone(), &["unreadable-path"]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let file = lines[0]["file"].as_str().unwrap();
    assert!(file.starts_with("deep/ddd"), "{file}");
    // The folder not read may hold the interested-parties register: its absence is not a fact.
    let missing = only(all.clone(), &["missing-parties-register"]);
    assert_eq!(missing.len(), 1, "{all:?}");
    assert_eq!(missing[0]["suppressed"]["kind"], "withheld");
    let info = only(all, &["withheld-findings"]);
    assert_eq!(info.len(), 1);
    assert_eq!(info[0]["file"], lines[0]["file"]);
    assert_eq!(lines[0]["severity"], "error");
    assert!(
        lines[0]["message"]
            .as_str()
            .unwrap()
            .ends_with("what it holds was not checked"),
        "{}",
        lines[0]
    );
}

#[test]
fn naming_thousands_of_files_reports_exactly_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "reglint.yaml", b"version: 1\n");
    let names: Vec<String> = (0..2000)
        .map(|i| format!("r/{:02}/f{i:04}.yaml", i % 40))
        .collect();
    for name in &names {
        write(d, name, b"kind: sc0pe\n");
    }
    // Every other file, and one folder whole.
    let mut named: Vec<&str> = names.iter().step_by(2).map(String::as_str).collect();
    named.push("r/01");
    let mut args = vec!["check", "--format", "jsonl", "--today", TODAY];
    args.extend(&named);
    let output = reglint_in(d, &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut reported: Vec<String> = only(jsonl(&output), &["unknown-kind"])
        .iter()
        .map(|l| l["file"].as_str().unwrap().to_owned())
        .collect();
    reported.sort();
    let mut expected: Vec<String> = names
        .iter()
        .enumerate()
        .filter(|(i, n)| i % 2 == 0 || n.starts_with("r/01/"))
        .map(|(_, n)| n.clone())
        .collect();
    expected.sort();
    assert_eq!(reported.len(), 1050);
    assert_eq!(reported, expected);
}
