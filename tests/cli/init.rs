//! `reglint init`: a new register repository that `reglint check` passes without a single
//! diagnostic, whose files validate against the schemas their modelines name, and which is
//! never written over an existing file unless forced.

use super::*;

/// The files `init` writes, relative to the folder.
const WRITTEN: [&str; 10] = [
    "reglint.yaml",
    "registers/interested-parties.yaml",
    "registers/legal-register.yaml",
    "registers/statement-of-applicability.yaml",
    "registers/risks.yaml",
    "registers/objectives.yaml",
    ".pre-commit-config.yaml",
    ".github/workflows/reglint.yml",
    ".reglint/schemas/config.json",
    ".reglint/schemas/registers.json",
];

/// `reglint init DIR --today TODAY` run in `cwd`.
fn init_in(cwd: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["init"];
    args.extend_from_slice(extra);
    args.extend(["--today", TODAY]);
    reglint_in(cwd, &args)
}

/// Every file under `dir` with its bytes, by relative path.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = super::config::walk(dir)
        .into_iter()
        .map(|p| {
            let relative = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (relative, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_new_repository_checks_without_any_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let output = init_in(dir.path(), &["repo"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    for file in WRITTEN {
        assert!(
            printed.contains(&format!(
                "created {}",
                Path::new("repo").join(file).display()
            )),
            "{printed}"
        );
    }
    let repo = dir.path().join("repo");
    let written: Vec<String> = snapshot(&repo).into_iter().map(|(p, _)| p).collect();
    let mut expected: Vec<String> = WRITTEN.iter().map(|s| (*s).to_owned()).collect();
    expected.sort();
    assert_eq!(written, expected);

    let human = reglint_in(&repo, &["check", "--today", TODAY, "--color", "never"]);
    assert_eq!(human.status.code(), Some(0), "{}", stdout(&human));
    assert_eq!(stdout(&human), "");
    assert!(
        stderr(&human).starts_with("0 errors, 0 warnings, 0 infos in 5 files of 1 repository"),
        "{}",
        stderr(&human)
    );
    let json = reglint_in(&repo, &["check", "--today", TODAY, "--format", "json"]);
    assert_eq!(json.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["diagnostics"], serde_json::json!([]));
    assert_eq!(report["summary"]["infos"], 0);
    assert_eq!(report["summary"]["files"], 5);
    // Every rule of the pack ran: none is silent for lack of registers to read.
    let failing = reglint_in(
        &repo,
        &["check", "--today", "2028-01-01", "--format", "jsonl"],
    );
    assert!(names(&jsonl(&failing)).contains(&"stale-review".to_owned()));
}

#[test]
fn the_registers_walk_the_clause_4_2_chain() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(init_in(dir.path(), &[]).status.code(), Some(0));
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let parties = read("registers/interested-parties.yaml");
    assert!(parties.contains("addressed_by: [A.5.24, A.5.26, RISK-02, OBJ-02]"));
    assert!(parties.contains("legal_ref: LEG-GDPR"));
    assert!(read("registers/legal-register.yaml").contains("- id: LEG-GDPR"));
    assert!(read("registers/risks.yaml").contains("- id: RISK-02"));
    assert!(read("registers/objectives.yaml").contains("- id: OBJ-02"));
    assert!(read("registers/statement-of-applicability.yaml").contains(
        "- id: A.5.26\n    title: Response to information security incidents\n    applicable: true\n    status: implemented"
    ));
    // Break one link: the pack sees the chain and reports where it breaks.
    write(
        dir.path(),
        "registers/legal-register.yaml",
        read("registers/legal-register.yaml")
            .replace("LEG-GDPR", "LEG-OTHER")
            .as_bytes(),
    );
    let found = names(&jsonl(&check_jsonl_in(dir.path(), &[])));
    assert!(
        found.contains(&"unresolved-legal-ref".to_owned()),
        "{found:?}"
    );
    assert!(
        found.contains(&"orphan-legal-entry".to_owned()),
        "{found:?}"
    );
}

#[test]
fn the_written_schemas_are_the_ones_reglint_prints() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(init_in(dir.path(), &[]).status.code(), Some(0));
    for which in ["config", "registers"] {
        let printed = reglint(&["schema", which]).stdout;
        let written = std::fs::read(dir.path().join(format!(".reglint/schemas/{which}.json")));
        assert_eq!(written.unwrap(), printed, "{which}");
    }
}

/// The schema a YAML file's `yaml-language-server` modeline names, resolved as the language
/// server resolves it: relative to the file, and only among the leading comments.
#[cfg_attr(
    not(has_check_jsonschema),
    expect(dead_code, reason = "only the check-jsonschema test reads modelines")
)]
fn modeline_schema(file: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(file).unwrap();
    let target = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix("# yaml-language-server: $schema="))?;
    Some(file.parent().unwrap().join(target))
}

#[test]
#[cfg_attr(
    not(has_check_jsonschema),
    ignore = "skipped: check-jsonschema is not installed (.ci/tools.sh installs it)"
)]
fn every_yaml_file_validates_against_the_schema_its_modeline_names() {
    #[cfg(has_check_jsonschema)]
    {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(init_in(dir.path(), &[]).status.code(), Some(0));
        let mut validated = 0;
        for file in WRITTEN.iter().filter(|f| f.ends_with(".yaml")) {
            let path = dir.path().join(file);
            let Some(schema) = modeline_schema(&path) else {
                assert_eq!(*file, ".pre-commit-config.yaml", "{file} names no schema");
                continue;
            };
            assert!(
                schema.is_file(),
                "{file}: {} is not written",
                schema.display()
            );
            let output = Command::new(super::tools::check_jsonschema())
                .arg("--schemafile")
                .arg(&schema)
                .arg(&path)
                .output()
                .unwrap();
            assert_eq!(
                output.status.code(),
                Some(0),
                "{file}: {}{}",
                stdout(&output),
                stderr(&output)
            );
            validated += 1;
        }
        assert_eq!(validated, 6);
        // The schema rejects what the checks reject: an unknown key in a new register.
        let parties = dir.path().join("registers/interested-parties.yaml");
        let text = std::fs::read_to_string(&parties).unwrap();
        std::fs::write(&parties, text.replace("    rationale:", "    rationle:")).unwrap();
        let output = Command::new(super::tools::check_jsonschema())
            .arg("--schemafile")
            .arg(modeline_schema(&parties).unwrap())
            .arg(&parties)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        assert!(stdout(&output).contains("rationle"), "{}", stdout(&output));
    }
}

#[test]
#[cfg_attr(
    not(has_pre_commit),
    ignore = "skipped: pre-commit is not installed (.ci/tools.sh installs it)"
)]
fn pre_commit_accepts_the_written_configuration() {
    #[cfg(has_pre_commit)]
    {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(init_in(dir.path(), &[]).status.code(), Some(0));
        let output = Command::new(super::tools::pre_commit())
            .args(["validate-config", ".pre-commit-config.yaml"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = std::fs::read_to_string(dir.path().join(".pre-commit-config.yaml")).unwrap();
        assert!(text.contains("- id: reglint"), "{text}");
    }
}

#[test]
#[cfg_attr(
    not(has_actionlint),
    ignore = "skipped: actionlint is not installed (.ci/tools.sh installs it)"
)]
fn actionlint_accepts_the_written_workflow() {
    #[cfg(has_actionlint)]
    {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(init_in(dir.path(), &[]).status.code(), Some(0));
        let output = Command::new(super::tools::actionlint())
            .arg(".github/workflows/reglint.yml")
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}{}",
            stdout(&output),
            stderr(&output)
        );
    }
}

#[test]
fn init_never_writes_over_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(init_in(dir.path(), &[]).status.code(), Some(0));
    write(
        dir.path(),
        "registers/risks.yaml",
        b"kind: risk-register\nrisks: []\n",
    );
    std::fs::remove_file(dir.path().join("registers/objectives.yaml")).unwrap();
    let before = snapshot(dir.path());

    let output = init_in(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    let message = stderr(&output);
    assert!(
        message.starts_with("error: nothing was written, as these files already exist:\n"),
        "{message}"
    );
    assert!(
        message.contains(&format!(
            "  {}\n",
            Path::new(".").join("registers/risks.yaml").display()
        )),
        "{message}"
    );
    assert!(!message.contains("objectives.yaml"), "{message}");
    assert!(message.contains("--force"), "{message}");
    // Nothing at all was written: not even the file that was missing.
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn force_writes_over_the_scaffold_s_files_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(init_in(dir.path(), &["repo"]).status.code(), Some(0));
    let repo = dir.path().join("repo");
    let fresh = snapshot(&repo);
    write(
        &repo,
        "registers/risks.yaml",
        b"kind: risk-register\nrisks: []\n",
    );
    write(&repo, "registers/scope.yaml", b"kind: scope\nitems: []\n");

    let output = init_in(dir.path(), &["repo", "--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    let risks = Path::new("repo").join("registers/risks.yaml");
    assert!(
        printed.contains(&format!("replaced {}", risks.display())),
        "{printed}"
    );
    let mut expected = fresh;
    expected.push((
        "registers/scope.yaml".to_owned(),
        b"kind: scope\nitems: []\n".to_vec(),
    ));
    expected.sort();
    assert_eq!(snapshot(&repo), expected);
}

#[test]
fn init_creates_a_folder_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let output = init_in(dir.path(), &["a/b/registers-repo"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let repo = dir.path().join("a/b/registers-repo");
    assert_eq!(snapshot(&repo).len(), WRITTEN.len());
    assert!(stdout(&output).contains("then run `reglint check a/b/registers-repo`"));
}

#[test]
fn a_folder_that_is_a_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "taken", b"not a folder\n");
    let output = init_in(dir.path(), &["taken"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.starts_with("error: cannot write `taken"),
        "{message}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("taken")).unwrap(),
        b"not a folder\n"
    );
}
