//! `reglint schema registers`: the JSON Schema editors validate register files against says
//! what `reglint check` says. Every fixture is run through both, with the `jsonschema` crate
//! and with the `check-jsonschema` CLI: a file the format checks (and the rules that enforce
//! a fixed set of words) report is rejected by the schema, and a file they accept validates.

use std::collections::{BTreeMap, BTreeSet};

use super::config::walk;
use super::*;

/// The checks the schema mirrors: a file one of them reports must fail the schema.
const MIRRORED: [&str; 7] = [
    "unknown-kind",
    "unknown-field",
    "wrong-type",
    "invalid-category",
    "invalid-relationship",
    "invalid-rating",
    "invalid-requirement-type",
];

fn register_schema() -> Value {
    let output = reglint(&["schema", "registers"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Each document of a YAML file, as serde_yaml (YAML 1.2) reads it; `None` where it does not
/// parse (duplicate keys, syntax errors: the loader's business, not the schema's).
fn documents(text: &str) -> Option<Vec<Value>> {
    use serde::Deserialize;
    let mut out = Vec::new();
    for document in serde_yaml::Deserializer::from_str(text) {
        out.push(
            Option::<Value>::deserialize(document)
                .ok()?
                .unwrap_or(Value::Null),
        );
    }
    Some(out)
}

fn is_config(path: &Path) -> bool {
    let name = path.file_name().unwrap().to_string_lossy();
    name == "reglint.yaml" || name == ".reglint.yaml"
}

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// The register files of a fixture folder (not its `reglint.yaml`), sorted.
fn register_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walk(dir)
        .into_iter()
        .filter(|p| is_yaml(p) && !is_config(p))
        .collect();
    files.sort();
    files
}

/// The names of the diagnostics `reglint check` reports in each file of a case, by path
/// relative to the workspace.
fn findings(case: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let relative = case.strip_prefix(workspace()).unwrap();
    let output = check_jsonl_in(&workspace(), &[relative.to_str().unwrap()]);
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in jsonl(&output) {
        if let Some(file) = line["file"].as_str() {
            out.entry(file.to_owned())
                .or_default()
                .insert(line["name"].as_str().unwrap().to_owned());
        }
    }
    out
}

/// The schema's errors for every document of a file, or `None` when serde_yaml cannot read it.
fn schema_errors(validator: &jsonschema::Validator, text: &str) -> Option<Vec<String>> {
    let errors = documents(text)?
        .iter()
        .flat_map(|d| {
            validator
                .iter_errors(d)
                .map(|e| format!("{}: {e}", e.instance_path()))
                .collect::<Vec<_>>()
        })
        .collect();
    Some(errors)
}

#[test]
fn every_register_of_the_clean_sample_validates() {
    let schema = register_schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let files = register_files(&workspace().join("fixtures/acme-clean"));
    assert_eq!(files.len(), 6, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let errors = schema_errors(&validator, &text).unwrap();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
    }
}

/// Over every fixture case of the rule pack and both samples: a file the mirrored checks
/// report fails the schema; a file the schema rejects is one they report (or one
/// `ambiguous-scalar` reports: `[8.10]` is a number to a YAML reader, which the schema sees).
#[test]
fn the_schema_rejects_exactly_the_files_the_format_checks_report() {
    let validator = jsonschema::draft202012::new(&register_schema()).unwrap();
    let mut cases: Vec<PathBuf> = vec![
        workspace().join("fixtures/acme"),
        workspace().join("fixtures/acme-clean"),
    ];
    for rule in std::fs::read_dir(workspace().join("fixtures/rules")).unwrap() {
        let rule = rule.unwrap().path();
        if rule.is_dir() {
            cases.extend(std::fs::read_dir(rule).unwrap().map(|c| c.unwrap().path()));
        }
    }
    cases.sort();
    let (mut accepted, mut rejected, mut passes) = (0, 0, 0);
    for case in cases {
        let found = findings(&case);
        let is_passes = case
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("passes-");
        for file in register_files(&case) {
            let relative = file
                .strip_prefix(workspace())
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let names = found.get(&relative).cloned().unwrap_or_default();
            if names.contains("yaml-syntax") || names.contains("duplicate-key") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            let Some(errors) = schema_errors(&validator, &text) else {
                panic!("{relative}: serde_yaml cannot read a file reglint loads");
            };
            let reported: Vec<&String> = names
                .iter()
                .filter(|n| MIRRORED.contains(&n.as_str()))
                .collect();
            if reported.is_empty() {
                assert!(
                    errors.is_empty() || names.contains("ambiguous-scalar"),
                    "{relative}: the checks accept it, the schema says {errors:?}"
                );
            } else {
                assert!(
                    !errors.is_empty(),
                    "{relative}: {reported:?} report it, the schema accepts it"
                );
            }
            if errors.is_empty() {
                accepted += 1;
                passes += usize::from(is_passes);
            } else {
                rejected += 1;
            }
        }
    }
    assert!(
        accepted > 100 && rejected > 25 && passes > 40,
        "{accepted} {rejected} {passes}"
    );
}

/// The words the schema offers for each fixed-set field are exactly what the rule enforcing
/// it accepts: every offered word passes the rule, and a near miss fails rule and schema.
#[test]
fn the_schema_offers_the_words_the_rules_enforce() {
    let schema = register_schema();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let parties = &schema["$defs"]["interested-parties"]["properties"]["parties"]["items"];
    let fields = [
        (&parties["properties"], "category", "invalid-category"),
        (
            &parties["properties"],
            "relationship",
            "invalid-relationship",
        ),
        (&parties["properties"], "influence", "invalid-rating"),
        (&parties["properties"], "interest", "invalid-rating"),
        (&parties["properties"], "support", "invalid-rating"),
        (
            &parties["properties"]["requirements"]["items"]["properties"],
            "type",
            "invalid-requirement-type",
        ),
    ];
    for (properties, field, rule) in fields {
        let words: Vec<&str> = properties[field]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("`{field}` has an enum"))
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(words.len() >= 3, "{field}: {words:?}");
        for word in words.iter().copied().chain([&*format!("{}x", words[0])]) {
            let (party, requirement) = if field == "type" {
                (String::new(), format!("        type: {word}\n"))
            } else {
                (format!("    {field}: {word}\n"), String::new())
            };
            let text = format!(
                "kind: interested-parties\nparties:\n  - id: IP-X\n{party}    requirements:\n      - id: REQ-X\n{requirement}"
            );
            let dir = tempfile::tempdir().unwrap();
            write(dir.path(), "reglint.yaml", b"version: 1\n");
            write(dir.path(), "parties.yaml", text.as_bytes());
            let fired = names(&jsonl(&check_jsonl_in(dir.path(), &["--select", rule])));
            let valid = schema_errors(&validator, &text).unwrap().is_empty();
            let offered = words.contains(&word);
            assert_eq!(
                fired.is_empty(),
                offered,
                "{rule} on `{field}: {word}`: {fired:?}"
            );
            assert_eq!(valid, offered, "the schema on `{field}: {word}`");
        }
    }
}

/// A control's `status` is offered from the format's words but, as no rule enforces them,
/// any text is accepted, as `reglint check` accepts it.
#[test]
fn status_is_offered_but_not_enforced() {
    let schema = register_schema();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let status = &schema["$defs"]["statement-of-applicability"]["properties"]["controls"]["items"]
        ["properties"]["status"];
    assert_eq!(
        status["anyOf"][0]["enum"],
        serde_json::json!(["planned", "partial", "implemented"])
    );
    for word in ["implemented", "retired"] {
        let text = format!(
            "kind: statement-of-applicability\ncontrols:\n  - id: A.5.1\n    status: {word}\n"
        );
        assert!(
            schema_errors(&validator, &text).unwrap().is_empty(),
            "{word}"
        );
    }
    let text =
        "kind: statement-of-applicability\ncontrols:\n  - id: A.5.1\n    status: [implemented]\n";
    assert!(!schema_errors(&validator, text).unwrap().is_empty());
}

#[test]
fn one_kind_s_schema_accepts_that_kind_only() {
    let output = reglint(&["schema", "registers", "--kind", "interested-parties"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let schema: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    // The same definition as in the schema of every kind.
    let mut whole = register_schema()["$defs"]["interested-parties"].clone();
    whole["$schema"] = schema["$schema"].clone();
    assert_eq!(schema, whole);
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let registers = workspace().join("fixtures/acme-clean/registers");
    let read = |name: &str| std::fs::read_to_string(registers.join(name)).unwrap();
    assert!(
        schema_errors(&validator, &read("interested-parties.yaml"))
            .unwrap()
            .is_empty()
    );
    assert!(
        !schema_errors(&validator, &read("legal-register.yaml"))
            .unwrap()
            .is_empty()
    );

    let output = reglint(&["schema", "registers", "--kind", "interested-party"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: `interested-party` is not a register kind; did you mean `interested-parties`?\n"
    );
    let output = reglint(&["schema", "config", "--kind", "scope"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("use it with `schema registers`"));
}

#[test]
fn the_schema_is_the_same_bytes_every_run() {
    let first = reglint(&["schema", "registers"]).stdout;
    let second = reglint(&["schema", "registers"]).stdout;
    assert!(!first.is_empty());
    assert_eq!(first, second);
}

/// The same verdicts from the `check-jsonschema` CLI: it reads the YAML itself (one document
/// per file; the documents of a multi-document file are given to it one by one as JSON).
#[test]
#[cfg_attr(
    not(has_check_jsonschema),
    ignore = "skipped: check-jsonschema is not installed (.ci/tools.sh installs it)"
)]
fn check_jsonschema_accepts_clean_registers_and_rejects_format_failures() {
    #[cfg(has_check_jsonschema)]
    {
        let dir = tempfile::tempdir().unwrap();
        let schema_file = dir.path().join("registers.json");
        std::fs::write(&schema_file, reglint(&["schema", "registers"]).stdout).unwrap();
        let validate = |files: &[PathBuf]| {
            let output = Command::new(super::tools::check_jsonschema())
                .arg("--schemafile")
                .arg(&schema_file)
                .args(files)
                .output()
                .unwrap();
            (output.status.code(), stdout(&output) + &stderr(&output))
        };
        // One file per document: check-jsonschema reads a single YAML document per file.
        let split = |file: &Path, out: &Path| -> Vec<PathBuf> {
            let text = std::fs::read_to_string(file).unwrap();
            let docs = documents(&text).unwrap();
            if docs.len() == 1 {
                return vec![file.to_path_buf()];
            }
            let stem = file
                .strip_prefix(workspace())
                .unwrap()
                .to_string_lossy()
                .replace('/', "_");
            docs.iter()
                .enumerate()
                .map(|(i, doc)| {
                    let path = out.join(format!("{stem}.{i}.json"));
                    std::fs::write(&path, serde_json::to_vec(doc).unwrap()).unwrap();
                    path
                })
                .collect()
        };

        let mut clean = Vec::new();
        let mut multi = 0;
        for case in [
            "fixtures/acme-clean",
            "fixtures/rules/unknown-kind/passes-known-kinds",
            "fixtures/rules/unknown-field/passes-open-entries",
            "fixtures/rules/wrong-type/passes-correct-types",
            "fixtures/rules/ambiguous-scalar/passes-quoted-and-dates",
            "fixtures/rules/duplicate-id/passes-distinct-ids",
        ] {
            for file in register_files(&workspace().join(case)) {
                let parts = split(&file, dir.path());
                multi += usize::from(parts.len() > 1);
                clean.extend(parts);
            }
        }
        assert!(multi >= 2, "{multi}");
        let (code, text) = validate(&clean);
        assert_eq!(code, Some(0), "{text}");
        assert!(text.contains("ok -- validation done"), "{text}");

        let mut rejected = 0;
        for rule in ["unknown-kind", "unknown-field", "wrong-type"] {
            for case in std::fs::read_dir(workspace().join("fixtures/rules").join(rule)).unwrap() {
                let case = case.unwrap().path();
                if case
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("passes-")
                {
                    continue;
                }
                for file in register_files(&case) {
                    let parts = split(&file, dir.path());
                    let (code, text) = validate(&parts);
                    assert_eq!(code, Some(1), "{}: {text}", file.display());
                    assert!(text.contains("Schema validation errors"), "{text}");
                    rejected += 1;
                }
            }
        }
        assert!(rejected >= 12, "{rejected}");
    }
}
