//! The CI snippets of `docs/ci.md` and the GitHub Action (`action.yml`) are checked by the
//! tools their platforms' users run: the workflows by actionlint (with the action's own
//! inputs, through a local `uses: ./`) and GitHub's workflow schema, the action by GitHub's
//! action schema, the GitLab job by GitLab's CI schema, the pre-commit configuration by
//! pre-commit, and the shell gate by running it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::*;

/// Each fenced snippet of `docs/ci.md` whose first line names its file (`# .gitlab-ci.yml`),
/// as (file, text).
fn snippets() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(workspace().join("docs/ci.md")).unwrap();
    let mut found = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if !(line == "```yaml" || line == "```sh") {
            continue;
        }
        let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        if let Some(name) = body.first().and_then(|first| first.strip_prefix("# ")) {
            found.push((name.to_owned(), body.join("\n") + "\n"));
        }
    }
    found
}

/// A git work tree holding the snippets, the released action's references pointed at the
/// local `action.yml` so actionlint checks its inputs.
fn snippet_tree(dir: &Path) -> Vec<PathBuf> {
    let mut written = Vec::new();
    for (name, text) in snippets() {
        write(
            dir,
            &name,
            text.replace("reglint/reglint@v0.1.0", "./").as_bytes(),
        );
        written.push(dir.join(name));
    }
    std::fs::copy(workspace().join("action.yml"), dir.join("action.yml")).unwrap();
    let init = Command::new("git")
        .args(["init", "--quiet", "."])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(init.status.success());
    written
}

/// What a tool printed, both streams.
fn printed(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn ci_md_names_every_snippet_the_tests_check() {
    let names: Vec<String> = snippets().into_iter().map(|(name, _)| name).collect();
    assert_eq!(
        names,
        [
            ".github/workflows/reglint.yml",
            ".github/workflows/reglint-plain.yml",
            ".github/workflows/reglint-diff.yml",
            ".gitlab-ci.yml",
            ".github/workflows/reglint-shards.yml",
            ".gitlab/ci/reglint-shards.gitlab-ci.yml",
            ".pre-commit-config.yaml",
            "reglint-gate.sh"
        ]
    );
}

#[test]
#[cfg_attr(
    not(has_actionlint),
    ignore = "skipped: actionlint is not installed (.ci/tools.sh installs it)"
)]
fn actionlint_accepts_the_workflows_and_the_action() {
    let dir = tempfile::tempdir().unwrap();
    snippet_tree(dir.path());
    let run = || {
        Command::new(super::tools::actionlint())
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let verdict = run();
    assert!(
        verdict.status.success(),
        "actionlint: {}",
        printed(&verdict)
    );
    assert_eq!(printed(&verdict), "");

    // It does read the action: a misspelt input is caught.
    let workflow = dir.path().join(".github/workflows/reglint.yml");
    let text = std::fs::read_to_string(&workflow).unwrap();
    std::fs::write(&workflow, text.replace("upload-sarif:", "upload-sraif:")).unwrap();
    let verdict = run();
    assert!(!verdict.status.success());
    assert!(
        printed(&verdict).contains("input \"upload-sraif\" is not defined in action \"reglint\""),
        "{}",
        printed(&verdict)
    );
}

#[test]
#[cfg_attr(
    not(has_check_jsonschema),
    ignore = "skipped: check-jsonschema is not installed (.ci/tools.sh installs it)"
)]
fn platform_schemas_accept_the_action_the_workflows_and_the_gitlab_job() {
    let dir = tempfile::tempdir().unwrap();
    let written = snippet_tree(dir.path());
    let check = |schema: &str, file: &Path| {
        let verdict = Command::new(super::tools::check_jsonschema())
            .args(["--builtin-schema", schema])
            .arg(file)
            .output()
            .unwrap();
        assert!(
            verdict.status.success(),
            "{schema} on {}: {}",
            file.display(),
            printed(&verdict)
        );
    };
    check("vendor.github-actions", &workspace().join("action.yml"));
    for file in &written {
        let name = file.to_string_lossy();
        if name.contains(".github/workflows/") {
            check("vendor.github-workflows", file);
        } else if name.ends_with(".gitlab-ci.yml") {
            check("vendor.gitlab-ci", file);
        }
    }
}

#[test]
#[cfg_attr(
    not(has_pre_commit),
    ignore = "skipped: pre-commit is not installed (.ci/tools.sh installs it)"
)]
fn pre_commit_accepts_the_configuration_and_the_hook_manifest() {
    let dir = tempfile::tempdir().unwrap();
    snippet_tree(dir.path());
    for (command, file) in [
        (
            "validate-config",
            dir.path().join(".pre-commit-config.yaml"),
        ),
        (
            "validate-manifest",
            workspace().join(".pre-commit-hooks.yaml"),
        ),
    ] {
        let verdict = Command::new(super::tools::pre_commit())
            .arg(command)
            .arg(&file)
            .env("PRE_COMMIT_HOME", dir.path().join("cache"))
            .output()
            .unwrap();
        assert!(verdict.status.success(), "{command}: {}", printed(&verdict));
    }
}

#[test]
fn the_shell_gate_passes_clean_registers_and_fails_findings_and_errors() {
    let (_, gate) = snippets()
        .into_iter()
        .find(|(name, _)| name == "reglint-gate.sh")
        .unwrap();
    let binary = Path::new(env!("CARGO_BIN_EXE_reglint"));
    let path = std::env::join_paths(
        std::iter::once(binary.parent().unwrap().to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let run = |fixture: Option<&str>| {
        let dir = tempfile::tempdir().unwrap();
        if let Some(fixture) = fixture {
            copy_fixture(fixture, dir.path());
        }
        let output = Command::new("sh")
            .args(["-c", &gate])
            .current_dir(dir.path())
            .env("PATH", &path)
            .output()
            .unwrap();
        let report = dir.path().join("reglint.sarif");
        (output, report.exists())
    };
    let (clean, sarif) = run(Some("fixtures/acme-clean"));
    assert_eq!(clean.status.code(), Some(0), "{}", printed(&clean));
    assert!(printed(&clean).contains("registers: clean"));
    assert!(sarif, "the gate writes its SARIF report");
    let (findings, _) = run(Some("fixtures/acme"));
    assert_eq!(findings.status.code(), Some(1), "{}", printed(&findings));
    assert!(printed(&findings).contains("registers: findings"));
    let (empty, _) = run(None);
    assert_eq!(empty.status.code(), Some(2), "{}", printed(&empty));
    assert!(printed(&empty).contains("could not be done (exit 2)"));
}
