//! Configuration: `reglint.yaml` tunes which rules run and how loud, what is read, the
//! reference date and the failing level; every problem in it is located, exits 2 and stops
//! the check of that repository.

use super::*;

/// A copy of `fixtures/acme` with the given configuration.
fn acme_with(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("fixtures/acme", dir.path());
    write(dir.path(), "reglint.yaml", config.as_bytes());
    dir
}

#[test]
fn ignore_select_and_severity_accept_names_codes_prefixes_and_clauses() {
    // The nine planted defects of acme, by name.
    let all = names(&jsonl(&check_jsonl_in(
        acme_with("version: 1\n").path(),
        &[],
    )));
    assert_eq!(all.len(), 9, "{all:?}");

    let dir = acme_with("version: 1\nrules:\n  ignore: [duplicate-id, AD003, \"4.2 a)\"]\n");
    let found = names(&jsonl(&check_jsonl_in(dir.path(), &[])));
    assert!(
        !found
            .iter()
            .any(|n| n == "duplicate-id" || n == "unresolved-addressed-by")
    );
    assert!(
        !found.iter().any(|n| n == "invalid-category"),
        "clause 4.2 a) ignored"
    );
    assert!(found.iter().any(|n| n == "addressed-by-not-applicable"));

    let dir = acme_with("version: 1\nrules:\n  select: [AD]\n");
    let found = names(&jsonl(&check_jsonl_in(dir.path(), &[])));
    assert_eq!(
        found,
        [
            "addressed-without-addressed-by",
            "addressed-by-not-applicable",
            "unresolved-addressed-by",
            "missing-addressed",
        ]
    );
}

#[test]
fn severity_off_and_down_and_fail_on() {
    let dir = acme_with(
        "version: 1\nrules:\n  severity:\n    party-no-requirements: warning\n    duplicate-id: off\n",
    );
    let output = check_jsonl_in(dir.path(), &[]);
    let lines = jsonl(&output);
    assert!(!names(&lines).iter().any(|n| n == "duplicate-id"));
    let party = only(lines, &["party-no-requirements"]);
    assert_eq!(party[0]["severity"], "warning");
    assert_eq!(output.status.code(), Some(1));

    // Only the warning left: exit 0 by default, 1 with fail_on: warning or --fail-on.
    let dir = acme_with(
        "version: 1\nrules:\n  select: [party-no-requirements]\n  severity: {RQ001: warning}\n",
    );
    assert_eq!(check_jsonl_in(dir.path(), &[]).status.code(), Some(0));
    assert_eq!(
        check_jsonl_in(dir.path(), &["--fail-on", "warning"])
            .status
            .code(),
        Some(1)
    );
    let dir = acme_with(
        "version: 1\nfail_on: warning\nrules:\n  select: [party-no-requirements]\n  severity: {RQ001: warning}\n",
    );
    assert_eq!(check_jsonl_in(dir.path(), &[]).status.code(), Some(1));
    assert_eq!(
        check_jsonl_in(dir.path(), &["--fail-on", "error"])
            .status
            .code(),
        Some(0),
        "--fail-on wins over fail_on"
    );
    assert_eq!(
        check_jsonl_in(dir.path(), &["--exit-zero"]).status.code(),
        Some(0)
    );
}

#[test]
fn command_line_select_and_ignore_come_last() {
    let dir = acme_with("version: 1\nrules:\n  ignore: [duplicate-id]\n");
    let found = names(&jsonl(&check_jsonl_in(
        dir.path(),
        &["--select", "duplicate-id,RQ001"],
    )));
    assert_eq!(
        found,
        ["duplicate-id", "party-no-requirements", "duplicate-id"]
    );
    let found = names(&jsonl(&check_jsonl_in(
        dir.path(),
        &["--ignore", "F", "--ignore", "4.2"],
    )));
    assert!(found.is_empty(), "{found:?}");
    let output = check_jsonl_in(dir.path(), &["--select", "duplicate-idd"]);
    assert_eq!(output.status.code(), Some(2));
    let lines = jsonl(&output);
    assert_eq!(lines[0]["name"], "invalid-config");
    assert_eq!(
        lines[0]["message"],
        "`--select duplicate-idd` names no rule, code or clause"
    );
    assert_eq!(lines[0]["help"], "did you mean `duplicate-id`?");
}

#[test]
fn today_comes_from_the_flag_then_the_file() {
    let stale = "kind: scope\nowner: CISO\nlast_reviewed: 2024-01-10\nreview_interval_months: 12\nitems:\n  - id: SC-1\n    title: Platform\n";
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "scope.yaml", stale.as_bytes());
    write(
        dir.path(),
        "reglint.yaml",
        b"version: 1\ntoday: 2024-06-01\nrules:\n  select: [stale-review]\n",
    );
    let run = |extra: &[&str]| {
        let mut args = vec!["check", "--format", "jsonl"];
        args.extend_from_slice(extra);
        names(&jsonl(&reglint_in(dir.path(), &args)))
    };
    assert!(
        run(&[]).is_empty(),
        "reviewed within a year of the configured today"
    );
    assert_eq!(run(&["--today", "2026-01-01"]), ["stale-review"]);
}

#[test]
fn ignore_globs_and_overrides_apply_to_repository_paths() {
    let dir = acme_with(
        "version: 1\nignore: [\"registers/scope.yaml\"]\noverrides:\n  - files: [\"registers/interested-*.yaml\"]\n    rules:\n      ignore: [duplicate-key]\n      severity: {invalid-category: info}\n",
    );
    let lines = jsonl(&check_jsonl_in(dir.path(), &[]));
    let files: Vec<&str> = lines.iter().map(|l| l["file"].as_str().unwrap()).collect();
    assert!(
        files.iter().all(|f| !f.ends_with("scope.yaml")),
        "{files:?}"
    );
    assert!(!names(&lines).iter().any(|n| n == "duplicate-key"));
    assert_eq!(only(lines, &["invalid-category"])[0]["severity"], "info");
}

#[test]
fn extends_merges_shared_files_first_and_reports_missing_and_cyclic_ones() {
    let dir = acme_with(
        "version: 1\nextends: [shared/base.yaml]\nrules:\n  severity: {duplicate-id: warning}\n",
    );
    write(
        dir.path(),
        "shared/base.yaml",
        b"rules:\n  ignore: [party-no-requirements]\n  severity: {duplicate-id: info}\n",
    );
    let lines = jsonl(&check_jsonl_in(dir.path(), &[]));
    assert!(!names(&lines).iter().any(|n| n == "party-no-requirements"));
    assert!(
        only(lines, &["duplicate-id"])
            .iter()
            .all(|l| l["severity"] == "warning")
    );

    let dir = acme_with("version: 1\nextends:\n  - shared/missing.yaml\n");
    let output = check_jsonl_in(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    let lines = jsonl(&output);
    assert_eq!(
        located(&lines),
        [(
            3,
            5,
            "cannot read `shared/missing.yaml`, which `extends` names: the file does not exist"
                .into(),
            "`extends` paths are relative to the file that names them".into()
        )]
    );

    let dir = acme_with("version: 1\nextends: [a.yaml]\n");
    write(dir.path(), "a.yaml", b"extends: [reglint.yaml]\n");
    let lines = jsonl(&check_jsonl_in(dir.path(), &[]));
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0]["file"].as_str().unwrap().ends_with("a.yaml"));
    assert_eq!(
        (lines[0]["line"].as_u64(), lines[0]["column"].as_u64()),
        (Some(1), Some(11))
    );
    assert!(
        lines[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("`extends` forms a cycle:"),
        "{}",
        lines[0]["message"]
    );
}

/// Each broken configuration: (config, line, column, message, help). None of them checks a
/// register: the only diagnostics are the configuration's.
#[test]
fn every_configuration_problem_is_located_and_stops_the_check() {
    let cases: &[(&str, u64, u64, &str, &str)] = &[
        (
            "version: 1\nrules:\n  ignore: [stale-reveiw]\n",
            3,
            12,
            "`stale-reveiw` names no rule, code or clause",
            "did you mean `stale-review`?",
        ),
        (
            "version: 1\nrulse:\n  ignore: [stale-review]\n",
            2,
            1,
            "unknown key `rulse`",
            "did you mean `rules`?",
        ),
        (
            "version: 1\nrules:\n  ignore: stale-review\n",
            3,
            11,
            "expected a list, found a string `stale-review`",
            "",
        ),
        (
            "version: 1\ntoday: 2026-13-01\n",
            2,
            8,
            "`today` must be a date in the form YYYY-MM-DD, not `2026-13-01`",
            "write e.g. `today: 2026-11-22`",
        ),
        (
            "version: 1\nignore: [\"registers/{a,b\"]\n",
            2,
            10,
            "`registers/{a,b` is not a valid glob: unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?)",
            "globs use gitignore syntax, e.g. `drafts/**` or `*.draft.yaml`",
        ),
        (
            "version: 1\nlimits:\n  operations: 500000000\n",
            3,
            15,
            "`operations` is 500000000, outside the sandbox's range of 1 to 100000000 (the hard cap)",
            "write at most `operations: 100000000`",
        ),
        (
            "version: 1\nrules:\n  severity: {rule-error: off}\n",
            3,
            14,
            "`rule-error` cannot be turned off or down",
            "it reports a file, configuration or rule that could not be read or run, so the check would silently be incomplete",
        ),
        (
            "version: 1\nfail_on: errors\n",
            2,
            10,
            "unknown value `errors`",
            "did you mean `error`? expected one of `error`, `warning`, `info`",
        ),
        (
            "version: 1\nrules: [\n",
            2,
            8,
            "the list opened with `[` here is not closed",
            "close the list with `]` after its last item, e.g. `[A.5.1, A.8.24]`",
        ),
        (
            "version: 2\n",
            1,
            10,
            "configuration version `2` is not supported",
            "write `version: 1`",
        ),
        (
            "version: 1\nlimits:\n  operations: -5\n",
            3,
            15,
            "expected a non-negative integer, found an integer `-5`",
            "",
        ),
    ];
    for (config, line, column, message, help) in cases {
        let dir = acme_with(config);
        let output = check_jsonl_in(dir.path(), &[]);
        assert_eq!(output.status.code(), Some(2), "{config}");
        let lines = jsonl(&output);
        assert!(
            lines.iter().all(|l| l["name"] == "invalid-config"
                && l["file"].as_str().unwrap().ends_with("reglint.yaml")),
            "{config}: {lines:?}"
        );
        let (l, c, m, h) = located(&lines).remove(0);
        assert_eq!(
            (l, c, m.as_str(), h.as_str()),
            (*line, *column, *message, *help),
            "{config}"
        );
    }
}

#[test]
fn all_problems_of_a_configuration_are_reported_at_once() {
    // Problems of reading (keys, types) are all reported together...
    let dir = acme_with("version: 1\nrulse: {}\nfail_on: sometimes\nlimits: {operations: many}\n");
    let lines = jsonl(&check_jsonl_in(dir.path(), &[]));
    let read: Vec<u64> = located(&lines).into_iter().map(|(l, ..)| l).collect();
    assert_eq!(read, [2, 3, 4], "{lines:?}");
    // ...and so are problems of meaning (rules, globs, dates, caps).
    let dir = acme_with(
        "version: 1\ntoday: soon\nignore: [\"a{\"]\nrules:\n  ignore: [stale-reveiw, duplicate-id, nonsense]\nlimits: {deadline_ms: 600000}\n",
    );
    let lines = jsonl(&check_jsonl_in(dir.path(), &[]));
    let resolved: Vec<(u64, u64)> = located(&lines)
        .into_iter()
        .map(|(l, c, ..)| (l, c))
        .collect();
    assert_eq!(
        resolved,
        [(2, 8), (3, 10), (5, 12), (5, 40), (6, 23)],
        "{lines:?}"
    );
}

#[test]
fn rule_dirs_in_the_configuration_load_organisation_rules() {
    let dir = acme_with("version: 1\nrule_dirs: [org]\nrules:\n  select: [ORG]\n");
    write(
        dir.path(),
        "org/soa-approved.rhai",
        b"//! id: ORG001\n//! name: scope-noted\n//! severity: warning\n//! summary: Notes each scope document.\n\nfn check(repo) {\n    for scope in repo.documents(\"scope\") {\n        report(scope, \"kind\", \"scope document seen\");\n    }\n}\n",
    );
    let lines = jsonl(&check_jsonl_in(dir.path(), &[]));
    assert_eq!(names(&lines), ["scope-noted"]);
    // Another repository without that configuration does not run the rule.
    let other = names(&jsonl(&check_jsonl_in(
        &workspace().join("fixtures/acme"),
        &[],
    )));
    assert!(!other.iter().any(|n| n == "scope-noted"));

    let dir = acme_with("version: 1\nrule_dirs: [nowhere]\n");
    let lines = jsonl(&check_jsonl_in(dir.path(), &[]));
    assert_eq!(
        located(&lines)[0],
        (
            2,
            13,
            "rule folder `nowhere` does not exist".into(),
            "`rule_dirs` paths are relative to the configuration file".into()
        )
    );
}

#[test]
fn limits_in_the_configuration_reach_the_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "reglint.yaml",
        b"version: 1\nlimits:\n  operations: 1000\n",
    );
    // Enough requirements without `addressed` that reporting them all takes more than 1000
    // operations (the limit is checked every 1024).
    let mut parties = String::from("kind: interested-parties\nowner: CISO\nparties:\n");
    for n in 0..200 {
        parties.push_str(&format!(
            "  - id: IP-{n}\n    relevant: true\n    requirements:\n      - id: REQ-{n}\n"
        ));
    }
    write(dir.path(), "parties.yaml", parties.as_bytes());
    let output = reglint_in(
        dir.path(),
        &["check", "--format", "jsonl", "--today", TODAY],
    );
    assert_eq!(output.status.code(), Some(2));
    let errors = only(jsonl(&output), &["rule-error"]);
    assert!(!errors.is_empty());
    assert!(
        errors.iter().all(|e| e["message"]
            .as_str()
            .unwrap()
            .ends_with("it used more than its 1000 operations")),
        "{errors:?}"
    );
}

#[test]
fn config_prints_each_value_with_its_origin() {
    let dir = acme_with("version: 1\nextends: [base.yaml]\nfail_on: warning\n");
    write(
        dir.path(),
        "base.yaml",
        b"today: 2026-11-22\nrules:\n  ignore: [AD]\n",
    );
    let output = reglint_in(dir.path(), &["config", "--select", "F"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("configuration: base.yaml <- reglint.yaml"),
        "{text}"
    );
    let line = |key: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(key))
            .unwrap_or_else(|| panic!("{key} in {text}"))
            .split_whitespace()
            .collect::<Vec<_>>()
    };
    assert_eq!(line("today"), ["today", "2026-11-22", "#", "base.yaml:1"]);
    assert_eq!(
        line("fail_on"),
        ["fail_on", "warning", "#", "reglint.yaml:3"]
    );
    assert_eq!(
        line("rules.ignore"),
        ["rules.ignore", "[AD]", "#", "base.yaml:3"]
    );
    assert_eq!(
        line("rules.select"),
        ["rules.select", "[F]", "#", "--select/--ignore"]
    );
    assert_eq!(
        line("limits.operations"),
        ["limits.operations", "10000000", "#", "default"]
    );

    let output = reglint_in(dir.path(), &["config", "--format", "json"]);
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value[0]["fail_on"]["value"], "warning");
    assert_eq!(value[0]["fail_on"]["origin"], "reglint.yaml:3");
    assert_eq!(value[0]["exceptions"]["max_months"]["value"], 12);

    let bad = acme_with("version: 1\nrulse: {}\n");
    let output = reglint_in(bad.path(), &["config"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("unknown key `rulse`"));
}

#[test]
fn the_schema_accepts_every_configuration_in_fixtures_and_rejects_bad_ones() {
    let output = reglint(&["schema", "config"]);
    assert_eq!(output.status.code(), Some(0));
    let schema: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let mut checked = 0;
    for entry in walk(&workspace().join("fixtures")) {
        let name = entry.file_name().unwrap().to_string_lossy().into_owned();
        if name != "reglint.yaml" && name != ".reglint.yaml" {
            continue;
        }
        let text = std::fs::read_to_string(&entry).unwrap();
        let value: Value = serde_yaml::from_str::<Option<Value>>(&text)
            .unwrap()
            .unwrap_or(Value::Object(Default::default()));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", entry.display());
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
    for bad in [
        "rulse: {}",
        "fail_on: sometimes",
        "rules: {ignore: stale-review}",
        "limits: {operations: -1}",
    ] {
        let value: Value = serde_yaml::from_str(bad).unwrap();
        assert!(!validator.is_valid(&value), "{bad}");
    }
    // Every key of the schema is documented, and the documented example is valid.
    let docs = std::fs::read_to_string(workspace().join("docs/configuration.md")).unwrap();
    let mut keys = Vec::new();
    collect_keys(&schema, &schema, "", &mut keys);
    assert!(keys.len() > 15, "{keys:?}");
    for key in &keys {
        assert!(
            docs.contains(&format!("`{key}`")),
            "docs/configuration.md does not document `{key}`"
        );
    }
    let example = docs
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    let value: Value = serde_yaml::from_str(example).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// Every file under a folder.
pub(crate) fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn a_config_file_given_on_the_command_line_replaces_each_repository_s_own() {
    let dir = acme_with("version: 1\nrules:\n  select: [duplicate-id]\n");
    write(
        dir.path(),
        "ci/strict.yaml",
        b"version: 1\nrules:\n  select: [RQ001]\n",
    );
    let found = names(&jsonl(&check_jsonl_in(
        dir.path(),
        &["--config", "ci/strict.yaml"],
    )));
    assert_eq!(found, ["party-no-requirements"]);
    let output = check_jsonl_in(dir.path(), &["--config", "ci/missing.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        jsonl(&output)[0]["message"],
        "cannot read the configuration file `ci/missing.yaml`: the file does not exist"
    );
}

/// The dotted names of every property in a schema (`rules.select`), following `$ref`s.
fn collect_keys(root: &Value, node: &Value, prefix: &str, out: &mut Vec<String>) {
    let node = match node["$ref"].as_str() {
        Some(reference) => root.pointer(reference.trim_start_matches('#')).unwrap(),
        None => node,
    };
    for branch in node["anyOf"].as_array().into_iter().flatten() {
        collect_keys(root, branch, prefix, out);
    }
    if let Some(properties) = node["properties"].as_object() {
        for (name, value) in properties {
            let key = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            };
            out.push(key.clone());
            if value["$ref"].is_string()
                || value["anyOf"].is_array()
                || value["properties"].is_object()
            {
                collect_keys(root, value, &key, out);
            }
        }
    }
}

#[test]
fn a_broken_shared_config_stops_every_repository_and_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("fixtures/acme", &dir.path().join("a"));
    copy_fixture("fixtures/acme", &dir.path().join("b"));
    write(dir.path(), "shared.yaml", b"version: 1\nrulse: {}\n");
    let output = check_jsonl_in(dir.path(), &["--config", "shared.yaml", "a", "b"]);
    assert_eq!(output.status.code(), Some(2));
    let lines = jsonl(&output);
    assert_eq!(names(&lines), ["invalid-config"], "{lines:?}");
}
