//! `reglint check --staged` and reglint as a pre-commit hook: what the git index holds is
//! checked, not the work tree, in temporary git repositories whose git sees no user or
//! system configuration.

use std::path::Path;
use std::process::{Command, Output};

use super::{TODAY, copy_fixture, jsonl, only, places, stderr};

/// A git command in `dir`, isolated from the machine's configuration.
pub(super) fn git(dir: &Path, home: &Path, args: &[&str]) {
    let output = isolated(Command::new("git"), home)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {}", stderr(&output));
}

/// A command that sees neither the user's nor the system's git configuration.
pub(super) fn isolated(mut command: Command, home: &Path) -> Command {
    command
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("XDG_CONFIG_HOME", home.join(".config"))
        // A fixed date: the same files give the same commit.
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE");
    command
}

/// `reglint check --format jsonl ARGS` in `dir`, with the isolated git.
fn check(dir: &Path, home: &Path, args: &[&str]) -> Output {
    isolated(Command::new(env!("CARGO_BIN_EXE_reglint")), home)
        .args(["check", "--format", "jsonl", "--today", TODAY])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// A git repository holding a copy of `fixture`, committed; returns (temp dir, repo, home).
pub(super) fn repository(
    fixture: &str,
) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let repo = temp.path().join("registers");
    let home = temp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    copy_fixture(fixture, &repo);
    git(&repo, &home, &["init", "--quiet"]);
    git(&repo, &home, &["config", "user.name", "Test"]);
    git(&repo, &home, &["config", "user.email", "test@example.com"]);
    git(&repo, &home, &["add", "."]);
    git(&repo, &home, &["commit", "--quiet", "-m", "registers"]);
    (temp, repo, home)
}

const RISKS: &str = "registers/risks.yaml";

/// The risk register with an unclosed list appended after `padding` comment lines; the
/// line of the broken value.
fn broken_risks(clean: &str, padding: usize) -> (String, u64) {
    let mut text = clean.to_owned();
    for _ in 0..padding {
        text.push_str("# padding\n");
    }
    text.push_str("broken: [\n");
    let line = text.lines().count() as u64;
    (text, line)
}

#[test]
#[cfg_attr(not(has_git), ignore = "skipped: git is not installed")]
fn staged_fix_passes_while_the_work_tree_is_broken() {
    let (_temp, repo, home) = repository("fixtures/acme-clean");
    let clean = std::fs::read_to_string(repo.join(RISKS)).unwrap();
    let (broken, _) = broken_risks(&clean, 0);
    // The broken register is committed, the fix staged, and a broken edit left unstaged.
    std::fs::write(repo.join(RISKS), &broken).unwrap();
    git(&repo, &home, &["commit", "--quiet", "-am", "broken"]);
    std::fs::write(repo.join(RISKS), &clean).unwrap();
    git(&repo, &home, &["add", RISKS]);
    std::fs::write(repo.join(RISKS), &broken).unwrap();

    let staged = check(&repo, &home, &["--staged"]);
    assert_eq!(staged.status.code(), Some(0), "{}", stderr(&staged));
    assert_eq!(jsonl(&staged), Vec::<serde_json::Value>::new());
    let work_tree = check(&repo, &home, &[]);
    assert_eq!(work_tree.status.code(), Some(1), "the work tree is broken");
    let named = check(&repo, &home, &["--staged", RISKS]);
    assert_eq!(named.status.code(), Some(0), "{}", stderr(&named));
}

#[test]
#[cfg_attr(not(has_git), ignore = "skipped: git is not installed")]
fn staged_break_fails_at_the_staged_line_while_the_work_tree_is_fixed() {
    let (_temp, repo, home) = repository("fixtures/acme-clean");
    let clean = std::fs::read_to_string(repo.join(RISKS)).unwrap();
    let (broken, line) = broken_risks(&clean, 7);
    std::fs::write(repo.join(RISKS), &broken).unwrap();
    git(&repo, &home, &["add", RISKS]);
    std::fs::write(repo.join(RISKS), &clean).unwrap();

    for args in [&["--staged"][..], &["--staged", RISKS]] {
        let staged = check(&repo, &home, args);
        assert_eq!(
            staged.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&staged)
        );
        let found = places(&only(jsonl(&staged), &["yaml-syntax"]));
        assert_eq!(
            found,
            [(RISKS.to_owned(), line, 9, "yaml-syntax".to_owned())],
            "{args:?}"
        );
    }
    let work_tree = check(&repo, &home, &[]);
    assert_eq!(work_tree.status.code(), Some(0), "{}", stderr(&work_tree));
}

#[test]
#[cfg_attr(not(has_git), ignore = "skipped: git is not installed")]
fn staged_reads_configuration_and_ignore_files_from_the_index() {
    let (_temp, repo, home) = repository("fixtures/acme-clean");
    std::fs::write(repo.join("registers/draft.yaml"), "broken: [\n").unwrap();
    git(&repo, &home, &["add", "registers/draft.yaml"]);
    // Ignoring the broken file in the work tree only hides nothing from `--staged`.
    std::fs::write(repo.join(".reglintignore"), "registers/draft.yaml\n").unwrap();
    let work_tree = check(&repo, &home, &[]);
    assert_eq!(work_tree.status.code(), Some(0), "{}", stderr(&work_tree));
    let staged = check(&repo, &home, &["--staged"]);
    assert_eq!(staged.status.code(), Some(1), "{}", stderr(&staged));
    // Staged, the ignore file applies.
    git(&repo, &home, &["add", ".reglintignore"]);
    let staged = check(&repo, &home, &["--staged"]);
    assert_eq!(staged.status.code(), Some(0), "{}", stderr(&staged));
    // A staged `.gitignore` re-including it is overruled by `.reglintignore`, as on disk;
    // a hidden folder is not read.
    std::fs::write(repo.join(".gitignore"), "!registers/draft.yaml\n").unwrap();
    std::fs::create_dir_all(repo.join(".drafts")).unwrap();
    std::fs::write(repo.join(".drafts/x.yaml"), "broken: [\n").unwrap();
    git(&repo, &home, &["add", ".gitignore", ".drafts/x.yaml"]);
    for args in [&["--staged"][..], &[]] {
        let output = check(&repo, &home, args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    // A file not added is not in the index: naming it is an error, not a silent pass.
    std::fs::write(repo.join("registers/new.yaml"), "kind: scope\n").unwrap();
    let untracked = check(&repo, &home, &["--staged", "registers/new.yaml"]);
    assert_eq!(untracked.status.code(), Some(2));
    assert!(
        stderr(&untracked).contains("path `registers/new.yaml` is not in the git index"),
        "{}",
        stderr(&untracked)
    );
}

#[test]
fn staged_outside_a_git_work_tree_is_an_error() {
    let temp = tempfile::tempdir().unwrap();
    let home = temp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let repo = temp.path().join("registers");
    copy_fixture("fixtures/acme-clean", &repo);
    // GIT_CEILING_DIRECTORIES keeps git from finding a repository above the temp folder.
    let output = isolated(Command::new(env!("CARGO_BIN_EXE_reglint")), &home)
        .env("GIT_CEILING_DIRECTORIES", temp.path())
        .args(["check", "--staged"])
        .current_dir(&repo)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("is not inside a git work tree, so it has no index to read")
            || message.contains("cannot run `git`"),
        "{message}"
    );
    assert!(!message.contains("panicked"), "{message}");

    // Without git on PATH, `--staged` says so and checks nothing (never the work tree).
    let output = isolated(Command::new(env!("CARGO_BIN_EXE_reglint")), &home)
        .env("PATH", temp.path().join("no-such-folder"))
        .args(["check", "--staged"])
        .current_dir(&repo)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: cannot run `git`: "),
        "{}",
        stderr(&output)
    );
}

const SOA: &str = "registers/statement-of-applicability.yaml";

/// Deletes control `A.5.4` from the statement of applicability of `repo`.
fn delete_control(repo: &Path) {
    let path = repo.join(SOA);
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("  - id: A.5.4\n").unwrap();
    let end = text.find("  - id: A.5.5\n").unwrap();
    std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).unwrap();
}

/// The (file, line, name) of each finding outside the statement of applicability.
fn outside_soa(output: &Output) -> Vec<(String, u64, String)> {
    places(&jsonl(output))
        .into_iter()
        .filter(|(file, ..)| file != SOA)
        .map(|(file, line, _, name)| (file, line, name))
        .collect()
}

#[test]
#[cfg_attr(not(has_git), ignore = "skipped: git is not installed")]
fn named_file_reports_what_it_breaks_elsewhere_but_not_older_findings() {
    // The sample repository has findings of its own in files other than the one changed.
    let (_temp, repo, home) = repository("fixtures/acme");
    let before = check(&repo, &home, &[]);
    assert!(!outside_soa(&before).is_empty(), "{}", stderr(&before));
    delete_control(&repo);
    git(&repo, &home, &["add", SOA]);
    let caused = [
        (
            "registers/interested-parties.yaml".to_owned(),
            32,
            "unresolved-addressed-by".to_owned(),
        ),
        (
            "registers/interested-parties.yaml".to_owned(),
            368,
            "unresolved-addressed-by".to_owned(),
        ),
    ];
    for args in [&[SOA][..], &["--staged", SOA]] {
        let output = check(&repo, &home, args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(outside_soa(&output), caused, "{args:?}");
    }
}

#[test]
#[cfg_attr(not(has_git), ignore = "skipped: git is not installed")]
fn named_file_before_the_first_commit_reports_every_finding() {
    let temp = tempfile::tempdir().unwrap();
    let repo = temp.path().join("registers");
    let home = temp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    copy_fixture("fixtures/acme", &repo);
    git(&repo, &home, &["init", "--quiet"]);
    git(&repo, &home, &["add", "."]);
    // Nothing is committed: the whole repository is the change.
    let whole = outside_soa(&check(&repo, &home, &["--staged"]));
    let named = outside_soa(&check(&repo, &home, &["--staged", SOA]));
    assert!(!whole.is_empty());
    assert_eq!(named, whole);
    // Outside git there is nothing to compare with: only the named file is reported.
    std::fs::remove_dir_all(repo.join(".git")).unwrap();
    let output = isolated(Command::new(env!("CARGO_BIN_EXE_reglint")), &home)
        .env("GIT_CEILING_DIRECTORIES", temp.path())
        .args(["check", "--format", "jsonl", "--today", TODAY, SOA])
        .current_dir(&repo)
        .output()
        .unwrap();
    assert_eq!(outside_soa(&output), Vec::new(), "{}", stderr(&output));
}

/// The files of this project that `cargo install --path .` needs (not `tests/`: editing a
/// test then keeps the cached install), copied into a git
/// repository under `target/` and committed with a fixed date, so the same sources give the
/// same commit and pre-commit's cached install (in `PRE_COMMIT_HOME`, also under `target/`)
/// is reused from one test run to the next; the next run rebuilds only what changed
/// (`CARGO_TARGET_DIR` under `target/` too). Returns (repository, commit).
#[cfg(all(has_pre_commit, has_git))]
fn hook_repository(work: &Path, home: &Path) -> (std::path::PathBuf, String) {
    let hook = work.join("hook");
    let _ = std::fs::remove_dir_all(&hook);
    for folder in ["cli", "engine", "rules"] {
        copy_fixture(folder, &hook.join(folder));
    }
    for file in ["Cargo.toml", "Cargo.lock", ".pre-commit-hooks.yaml"] {
        std::fs::copy(super::workspace().join(file), hook.join(file)).unwrap();
    }
    git(&hook, home, &["init", "--quiet"]);
    git(&hook, home, &["config", "user.name", "Test"]);
    git(&hook, home, &["config", "user.email", "test@example.com"]);
    git(&hook, home, &["add", "."]);
    git(&hook, home, &["commit", "--quiet", "-m", "reglint"]);
    let output = isolated(Command::new("git"), home)
        .args(["rev-parse", "HEAD"])
        .current_dir(&hook)
        .output()
        .unwrap();
    let rev = String::from_utf8(output.stdout).unwrap().trim().to_owned();
    (hook, rev)
}

#[test]
#[cfg_attr(
    not(all(has_pre_commit, has_git)),
    ignore = "skipped: pre-commit or git is not installed (.ci/tools.sh installs pre-commit)"
)]
fn pre_commit_builds_the_hook_and_runs_it_on_what_is_staged() {
    #[cfg(all(has_pre_commit, has_git))]
    {
        let pre_commit = super::tools::pre_commit();
        let manifest = Command::new(&pre_commit)
            .args(["validate-manifest", ".pre-commit-hooks.yaml"])
            .current_dir(super::workspace())
            .output()
            .unwrap();
        assert!(manifest.status.success(), "{}", stderr(&manifest));

        let work = super::workspace().join("target/pre-commit-test");
        let home = work.join("home");
        std::fs::create_dir_all(&home).unwrap();
        // Cargo and rustup keep their homes (the crates are in the cargo cache) while git
        // and pre-commit see an empty one.
        let real_home = std::env::var_os("HOME")
            .map(std::path::PathBuf::from)
            .unwrap();
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map_or_else(|| real_home.join(".cargo"), std::path::PathBuf::from);
        let rustup_home = std::env::var_os("RUSTUP_HOME")
            .map_or_else(|| real_home.join(".rustup"), std::path::PathBuf::from);
        let (hook, rev) = hook_repository(&work, &home);

        // `pre-commit run` on the staged files, then `git commit` through the installed hook.
        let run = |fixture: &str| -> (Output, Output) {
            let temp = tempfile::tempdir().unwrap();
            let repo = temp.path().join("registers");
            copy_fixture(fixture, &repo);
            std::fs::write(
                repo.join(".pre-commit-config.yaml"),
                format!(
                    "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: reglint\n",
                    hook.display()
                ),
            )
            .unwrap();
            git(&repo, &home, &["init", "--quiet"]);
            git(&repo, &home, &["config", "user.name", "Test"]);
            git(&repo, &home, &["config", "user.email", "test@example.com"]);
            git(&repo, &home, &["add", "."]);
            let command = |program: &Path, args: &[&str]| {
                isolated(Command::new(program), &home)
                    .args(args)
                    .env("PRE_COMMIT_HOME", work.join("cache"))
                    .env("PRE_COMMIT_COLOR", "never")
                    .env("CARGO_HOME", &cargo_home)
                    .env("RUSTUP_HOME", &rustup_home)
                    .env("CARGO_TARGET_DIR", work.join("cargo-target"))
                    .env("CARGO_NET_OFFLINE", "true")
                    .current_dir(&repo)
                    .output()
                    .unwrap()
            };
            // Nothing is committed yet, so every staged register is checked whole.
            let ran = command(&pre_commit, &["run", "--color", "never"]);
            let installed = command(&pre_commit, &["install"]);
            assert!(installed.status.success(), "{}", stderr(&installed));
            let committed = command(Path::new("git"), &["commit", "--quiet", "-m", "registers"]);
            (ran, committed)
        };
        let (failing, commit) = run("fixtures/acme");
        let shown = format!("{}{}", super::stdout(&failing), stderr(&failing));
        assert_eq!(failing.status.code(), Some(1), "{shown}");
        assert!(shown.contains("reglint..."), "{shown}");
        assert!(shown.contains("Failed"), "{shown}");
        assert!(shown.contains("error[AD"), "{shown}");
        // Hidden files are not passed, so there is no note about the hook's own config.
        assert!(!shown.contains("skipped-path"), "{shown}");
        let refused = format!("{}{}", super::stdout(&commit), stderr(&commit));
        assert_eq!(commit.status.code(), Some(1), "{refused}");
        assert!(refused.contains("error[AD"), "{refused}");
        let (passing, commit) = run("fixtures/acme-clean");
        let shown = format!("{}{}", super::stdout(&passing), stderr(&passing));
        assert_eq!(passing.status.code(), Some(0), "{shown}");
        assert!(shown.contains("Passed"), "{shown}");
        assert!(commit.status.success(), "{}", stderr(&commit));
        println!("{shown}");
    }
}
