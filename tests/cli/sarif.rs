//! `--format sarif`: valid against the OASIS schema, clean under the SARIF Multitool with
//! GitHub's ingestion rules, and faithful to the report: every finding at the place JSON
//! gives it, paths relative to the git work tree, silenced findings as `suppressions`, a
//! failed rule as an unsuccessful invocation, the same bytes at any thread count and through
//! `--report`.

use std::collections::HashSet;
use std::path::Path;

use super::*;

const PARTIES: &str = "registers/interested-parties.yaml";

/// `reglint check --format sarif` in `dir` with `extra`, parsed; also the raw bytes.
fn sarif_in(dir: &Path, extra: &[&str]) -> (Value, Vec<u8>, Output) {
    let mut args = vec!["check", "--format", "sarif", "--today", TODAY];
    args.extend_from_slice(extra);
    let output = reglint_in(dir, &args);
    let log = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("stdout is JSON ({e}); stderr: {}", stderr(&output));
    });
    (log, output.stdout.clone(), output)
}

/// A copy of `fixtures/acme` in a folder outside any git work tree.
fn acme_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("fixtures/acme", dir.path());
    dir
}

fn run(log: &Value) -> &Value {
    &log["runs"][0]
}

fn results(log: &Value) -> &Vec<Value> {
    run(log)["results"].as_array().unwrap()
}

/// A copy of acme with an inline suppression of `invalid-category` and an exception for
/// `party-no-requirements`.
fn acme_with_deviations() -> tempfile::TempDir {
    let dir = acme_copy();
    let path = dir.path().join(PARTIES);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replace(
        "    category: externel\n",
        "    # reglint: allow IP003 -- spelled as in the insurer's contract\n    category: externel\n",
    );
    assert_ne!(edited, text);
    std::fs::write(&path, edited).unwrap();
    write(
        dir.path(),
        "registers/exceptions.yaml",
        b"kind: exceptions\nowner: CISO\nexceptions:\n  - id: EXC-001\n    rule: party-no-requirements\n    target: IP-SECURITY-COMMUNITY\n    reason: Community contact only; reviewed at the next management review.\n    approved_by: CISO\n    approved_on: 2026-10-01\n    expires: 2027-03-31\n",
    );
    dir
}

/// An organisation rule folder whose one rule throws.
fn throwing_rules() -> tempfile::TempDir {
    let rules = tempfile::tempdir().unwrap();
    write(
        rules.path(),
        "always-throws.rhai",
        b"//! id: ORG001\n//! name: always-throws\n//! severity: warning\n//! summary: Throws.\n\
          fn check(repo) { throw \"the rule gave up\"; }\n",
    );
    rules
}

/// What every SARIF log must hold, whatever the findings: the fields GitHub requires, the
/// rule of each result at its index, fingerprints unique within the run, columns counted in
/// code points, nothing absolute.
fn assert_well_formed(log: &Value) {
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().starts_with("https://"));
    let run = run(log);
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "reglint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        driver["informationUri"],
        "https://github.com/reglint/reglint"
    );
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["automationDetails"]["id"], "reglint/");
    let rules = driver["rules"].as_array().unwrap();
    let codes: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted, "rules are sorted by code, each once");
    for rule in rules {
        for field in ["shortDescription", "fullDescription", "help"] {
            let text = rule[field]["text"].as_str().unwrap();
            assert!(!text.trim().is_empty(), "{field} of {}", rule["id"]);
        }
        assert!(
            rule["fullDescription"]["text"]
                .as_str()
                .unwrap()
                .chars()
                .count()
                <= 1024
        );
        assert!(!rule["help"]["markdown"].as_str().unwrap().is_empty());
        assert!(
            ["error", "warning", "note"]
                .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap())
        );
        assert!(
            rule["properties"]["tags"]
                .as_array()
                .unwrap()
                .contains(&"compliance".into())
        );
    }
    let mut fingerprints = HashSet::new();
    for result in results(log) {
        let index = result["ruleIndex"]
            .as_u64()
            .expect("every result has ruleIndex") as usize;
        assert_eq!(
            rules[index]["id"], result["ruleId"],
            "rules[ruleIndex].id == ruleId"
        );
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let fingerprint = result["partialFingerprints"]["reglintFingerprint/v1"]
            .as_str()
            .unwrap();
        assert!(
            fingerprints.insert(fingerprint.to_owned()),
            "{fingerprint} repeats"
        );
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            !uri.starts_with('/') && !uri.contains(':') && !uri.contains('\\'),
            "{uri} is relative"
        );
        let region = &location["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().unwrap() >= 1, "{key} in {result}");
        }
        for (i, related) in result["relatedLocations"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            assert_eq!(related["id"], i + 1);
            let link = format!("]({})", i + 1);
            assert!(
                result["message"]["text"].as_str().unwrap().contains(&link),
                "the message links related location {}",
                i + 1
            );
        }
    }
}

#[test]
fn acme_is_valid_against_the_sarif_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(workspace().join("tests/schemas/sarif-schema-2.1.0.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft4::new(&schema).expect("the schema compiles as draft 4");
    let rules = throwing_rules();
    let deviations = acme_with_deviations();
    let cases = [
        ("acme", sarif_in(&workspace(), &["fixtures/acme"]).0),
        ("deviations", sarif_in(deviations.path(), &[]).0),
        (
            "failed rule",
            sarif_in(
                deviations.path(),
                &["--rules", rules.path().to_str().unwrap()],
            )
            .0,
        ),
    ];
    for (name, log) in &cases {
        let errors: Vec<String> = validator
            .iter_errors(log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        assert_well_formed(log);
    }
    // The schema check is real: a log without a version is rejected.
    let mut broken = cases[0].1.clone();
    broken.as_object_mut().unwrap().remove("version");
    assert!(!validator.is_valid(&broken));
}

#[test]
#[cfg_attr(
    not(has_sarif_multitool),
    ignore = "skipped: Sarif.Multitool is not installed (.ci/tools.sh installs it)"
)]
fn the_multitool_with_github_rules_finds_no_error_or_warning() {
    #[cfg(has_sarif_multitool)]
    {
        let rules = throwing_rules();
        let deviations = acme_with_deviations();
        let repo_level = acme_copy();
        std::fs::remove_file(repo_level.path().join(PARTIES)).unwrap();
        let cases = [
            ("acme", sarif_in(&workspace(), &["fixtures/acme"]).1),
            ("deviations", sarif_in(deviations.path(), &[]).1),
            (
                "failed rule",
                sarif_in(
                    deviations.path(),
                    &["--rules", rules.path().to_str().unwrap()],
                )
                .1,
            ),
            (
                "repository-level finding",
                sarif_in(repo_level.path(), &[]).1,
            ),
        ];
        let work = tempfile::tempdir().unwrap();
        for (name, bytes) in cases {
            let input = work.path().join("in.sarif");
            let output = work.path().join("out.sarif");
            std::fs::write(&input, bytes).unwrap();
            let ran = Command::new(super::tools::sarif_multitool())
                .arg("validate")
                .arg(&input)
                .arg("--config")
                .arg(workspace().join("tests/schemas/sarif-github-policy.xml"))
                .args(["--rule-kind", "Sarif;Ghas", "-o"])
                .arg(&output)
                .args(["--log", "ForceOverwrite"])
                .output()
                .unwrap();
            assert!(ran.status.success(), "{}", stderr(&ran));
            // It exits 0 whatever it finds: what it found is in its own SARIF output.
            let found: Value =
                serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
            let problems: Vec<String> = found["runs"][0]["results"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|r| matches!(r["level"].as_str(), Some("error" | "warning") | None))
                .map(|r| {
                    format!(
                        "{} {}: {}",
                        r["level"], r["ruleId"], r["message"]["arguments"]
                    )
                })
                .collect();
            assert!(
                problems.is_empty(),
                "{name}: {problems:#?}\n{}",
                stdout(&ran)
            );
        }
    }
}

#[test]
fn every_json_finding_is_a_result_at_the_same_place() {
    let dir = acme_copy();
    let json: Value = serde_json::from_slice(
        &reglint_in(dir.path(), &["check", "--format", "json", "--today", TODAY]).stdout,
    )
    .unwrap();
    let (log, _, output) = sarif_in(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(1), "findings still fail the run");
    let expected: Vec<(String, u64, u64, u64, u64, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["end_line"].as_u64().unwrap(),
                d["end_column"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let found: Vec<(String, u64, u64, u64, u64, String)> = results(&log)
        .iter()
        .map(|r| {
            let l = &r["locations"][0]["physicalLocation"];
            let region = &l["region"];
            (
                l["artifactLocation"]["uri"].as_str().unwrap().to_owned(),
                region["startLine"].as_u64().unwrap(),
                region["startColumn"].as_u64().unwrap(),
                region["endLine"].as_u64().unwrap(),
                region["endColumn"].as_u64().unwrap(),
                r["ruleId"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(found, expected);
    assert_eq!(found.len(), 9);
    assert_well_formed(&log);
    assert_eq!(run(&log)["invocations"][0]["executionSuccessful"], true);

    // A secondary label is a related location the message links to.
    let duplicate = results(&log)
        .iter()
        .find(|r| {
            r["ruleId"] == "F007" && r["message"]["text"].as_str().unwrap().contains("OBJ-03")
        })
        .unwrap();
    assert_eq!(
        duplicate["message"]["text"],
        "id `OBJ-03` is already defined in this repository (see [first defined here](1))"
    );
    let related = &duplicate["relatedLocations"][0];
    assert_eq!(related["message"]["text"], "first defined here");
    assert_eq!(
        related["physicalLocation"]["artifactLocation"]["uri"],
        "registers/objectives.yaml"
    );

    // Each rule points at its entry in the reference.
    let rules = run(&log)["tool"]["driver"]["rules"].as_array().unwrap();
    let ad003 = rules.iter().find(|r| r["id"] == "AD003").unwrap();
    assert_eq!(ad003["name"], "unresolved-addressed-by");
    assert_eq!(
        ad003["helpUri"],
        "https://github.com/reglint/reglint/blob/main/docs/rules.md#unresolved-addressed-by"
    );
    assert!(
        ad003["properties"]["tags"]
            .as_array()
            .unwrap()
            .contains(&"ISO27001:2022 4.2 c)".into())
    );
    let docs = std::fs::read_to_string(workspace().join("docs/rules.md")).unwrap();
    assert!(docs.contains("\n## unresolved-addressed-by\n"));
}

#[test]
#[cfg_attr(
    not(has_git),
    ignore = "skipped: git is not installed (.ci/tools.sh installs it)"
)]
fn paths_are_relative_to_the_git_work_tree_whatever_the_current_folder() {
    #[cfg(has_git)]
    {
        let top = tempfile::tempdir().unwrap();
        let init = Command::new(super::tools::git())
            .args(["init", "--quiet"])
            .current_dir(top.path())
            .output()
            .unwrap();
        assert!(init.status.success(), "{}", stderr(&init));
        copy_fixture("fixtures/acme", &top.path().join("isms"));
        let elsewhere = tempfile::tempdir().unwrap();
        let repository = top.path().join("isms");
        let (log, _, _) = sarif_in(elsewhere.path(), &[repository.to_str().unwrap()]);
        let uris: HashSet<&str> = results(&log)
            .iter()
            .map(|r| {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
            })
            .collect();
        assert_eq!(
            uris,
            HashSet::from([
                "isms/registers/interested-parties.yaml",
                "isms/registers/scope.yaml"
            ])
        );
        assert!(
            !String::from_utf8_lossy(&serde_json::to_vec(&log).unwrap())
                .contains(top.path().to_str().unwrap())
        );

        // The fingerprint names the repository by its place in the work tree, so a run from
        // inside it gives the same one.
        let (inside, _, _) = sarif_in(&repository, &[]);
        let prints = |log: &Value| -> Vec<Value> {
            results(log)
                .iter()
                .map(|r| r["partialFingerprints"].clone())
                .collect()
        };
        assert_eq!(prints(&inside), prints(&log));
    }
}

#[test]
fn silenced_findings_carry_their_suppression() {
    let dir = acme_with_deviations();
    let (log, _, _) = sarif_in(dir.path(), &[]);
    assert_well_formed(&log);
    let of = |code: &str| {
        results(&log)
            .iter()
            .find(|r| r["ruleId"] == code)
            .unwrap_or_else(|| panic!("a {code} result"))
            .clone()
    };
    let inline = of("IP003");
    assert_eq!(
        inline["suppressions"],
        serde_json::json!([{
            "kind": "inSource",
            "status": "accepted",
            "justification": "spelled as in the insurer's contract"
        }])
    );
    let excepted = of("RQ001");
    assert_eq!(excepted["suppressions"][0]["kind"], "external");
    assert_eq!(
        excepted["suppressions"][0]["justification"],
        "Community contact only; reviewed at the next management review."
    );
    assert_eq!(
        excepted["suppressions"][0]["properties"]["exception"],
        "EXC-001"
    );
    let active = of("AD003");
    assert!(active.get("suppressions").is_none(), "{active}");
}

#[test]
fn a_withheld_finding_is_an_external_suppression_under_review() {
    let dir = acme_copy();
    let legal = dir.path().join("registers/legal-register.yaml");
    let text = std::fs::read_to_string(&legal).unwrap();
    std::fs::write(&legal, text.replacen("owner: ", "owner: [", 1)).unwrap();
    let (log, _, _) = sarif_in(dir.path(), &[]);
    assert_well_formed(&log);
    let withheld: Vec<&Value> = results(&log)
        .iter()
        .filter(|r| r["suppressions"][0]["status"] == "underReview")
        .collect();
    assert!(!withheld.is_empty(), "{log:#}");
    for result in withheld {
        assert_eq!(result["suppressions"][0]["kind"], "external");
        assert!(
            result["suppressions"][0]["justification"]
                .as_str()
                .unwrap()
                .contains("did not load"),
            "{result}"
        );
    }
}

#[test]
fn a_repository_level_finding_is_shown_at_the_configuration_file() {
    let dir = acme_copy();
    std::fs::remove_file(dir.path().join(PARTIES)).unwrap();
    let json = jsonl(&check_jsonl_in(dir.path(), &[]));
    let missing = only(json, &["missing-parties-register"]);
    assert_eq!(missing.len(), 1);
    assert!(
        missing[0]["line"].is_null(),
        "the finding has no file of its own"
    );
    let (log, _, _) = sarif_in(dir.path(), &[]);
    assert_well_formed(&log);
    let result = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "IP001")
        .unwrap();
    assert_eq!(
        result["locations"][0]["physicalLocation"],
        serde_json::json!({
            "artifactLocation": {"uri": "reglint.yaml", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}
        })
    );
}

#[test]
fn a_failed_rule_makes_the_invocation_unsuccessful() {
    let rules = throwing_rules();
    let dir = acme_copy();
    let (log, _, output) = sarif_in(dir.path(), &["--rules", rules.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert_well_formed(&log);
    let invocation = &run(&log)["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notifications.len(), 1, "{notifications:#?}");
    assert_eq!(notifications[0]["level"], "error");
    assert_eq!(notifications[0]["associatedRule"]["id"], "RL001");
    let index = notifications[0]["associatedRule"]["index"]
        .as_u64()
        .unwrap() as usize;
    assert_eq!(run(&log)["tool"]["driver"]["rules"][index]["id"], "RL001");
    let message = notifications[0]["message"]["text"].as_str().unwrap();
    assert!(message.contains("always-throws"), "{message}");
    assert!(
        !message.contains(rules.path().to_str().unwrap()),
        "no absolute path: {message}"
    );
    // Given relative, the rule folder is named with the script's place.
    let (relative, _, _) = sarif_in(
        rules.path(),
        &["--rules", ".", dir.path().to_str().unwrap()],
    );
    let message =
        &run(&relative)["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"];
    assert!(
        message
            .as_str()
            .unwrap()
            .ends_with("(at `always-throws.rhai:5:18`)"),
        "{message}"
    );
    // The organisation rule is described, without a link into reglint's reference.
    let rule = run(&log)["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "ORG001")
        .unwrap();
    assert!(rule.get("helpUri").is_none());
    assert_eq!(rule["shortDescription"]["text"], "Throws.");
}

#[test]
fn register_text_is_escaped_as_in_json() {
    let dir = acme_copy();
    let path = dir.path().join(PARTIES);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("category: externel", "category: \"ext\\u202eernel [x](1)\""),
    )
    .unwrap();
    let (log, bytes, _) = sarif_in(dir.path(), &[]);
    let raw = String::from_utf8(bytes).unwrap();
    assert!(!raw.contains('\u{202e}'), "no raw bidi override");
    assert!(raw.contains("\\u202e"));
    let result = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "IP003")
        .unwrap();
    let message = result["message"]["text"].as_str().unwrap();
    assert!(
        message.contains("ext\u{202e}ernel \\[x\\](1)"),
        "brackets from the register cannot forge a link: {message}"
    );
}

#[test]
fn the_same_bytes_at_any_thread_count_and_through_report() {
    let dir = acme_with_deviations();
    let file = dir.path().join("out.sarif");
    let (_, one, _) = sarif_in(
        dir.path(),
        &[
            "--threads",
            "1",
            "--report",
            &format!("sarif={}", file.display()),
        ],
    );
    let (_, two, _) = sarif_in(dir.path(), &["--threads", "2"]);
    assert!(one == two, "--threads 1 and 2 differ");
    assert!(
        std::fs::read(&file).unwrap() == one,
        "--report wrote other bytes"
    );
    assert!(
        !String::from_utf8(one)
            .unwrap()
            .contains(dir.path().to_str().unwrap())
    );
}

#[test]
fn acme_with_deviations_reads_as_reviewed() {
    let dir = acme_with_deviations();
    let (log, _, _) = sarif_in(dir.path(), &[]);
    let run = run(&log);
    let rule = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "AD004")
        .unwrap();
    let shown = serde_json::json!({
        "rule": rule,
        "invocations": run["invocations"],
        "results": run["results"],
    });
    insta::assert_snapshot!(
        "acme_deviations_sarif",
        serde_json::to_string_pretty(&shown).unwrap()
    );
}
