//! The rule API's faster paths give the answers of the paths they replace: `x in array` what
//! Rhai's own `contains` answers, and a register field read as a property (`party.relationship`)
//! what the indexer (`party["relationship"]`) reads.

use std::path::{Path, PathBuf};

use reglint_engine::date::Date;
use reglint_engine::shape::field_names;
use reglint_engine::{Linter, Options, Report};

/// Runs one organisation rule (with the built-in pack) on `fixtures/acme`.
fn run_rule(body: &str) -> Report {
    let dir = tempfile::tempdir().expect("temp dir");
    let rule = format!(
        "//! id: ORG901\n//! name: probe\n//! severity: error\n//! summary: Reports what the API answers.\n{body}"
    );
    std::fs::write(dir.path().join("probe.rhai"), rule).expect("write rule");
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("workspace exists");
    let mut options = Options::new(Date::parse("2026-11-22").expect("date"), workspace);
    options.rule_dirs = vec![dir.path().to_path_buf()];
    Linter::new(options)
        .expect("linter")
        .check(&[PathBuf::from("fixtures/acme")])
        .expect("check runs")
}

/// The messages of the probe rule and of any rule error.
fn probe_messages(report: &Report) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.name == "probe" || d.name == "rule-error")
        .map(|d| d.message.clone())
        .collect()
}

/// Pairs of values and arrays whose `in` crosses every case: equal and unequal strings,
/// integers, booleans and `()`, numbers of two types, a character against a string, arrays
/// and maps (compared by `==`), mixed types, an empty array and a constant.
const MEMBERSHIP: &[&str] = &[
    r#""a" in ["b", "a"]"#,
    r#""c" in ["b", "a"]"#,
    r#""a" in ['a']"#,
    r#"'a' in ["a"]"#,
    r#""ab" in ['a']"#,
    "2 in [1, 2, 3]",
    "4 in [1, 2, 3]",
    "1 in [1.0]",
    "1.5 in [1, 1.5]",
    "true in [false, true]",
    "true in [1]",
    "() in [()]",
    r#"() in ["", 0]"#,
    r#""1" in [1]"#,
    r#"1 in ["1"]"#,
    "[1, 2] in [[1, 2]]",
    "[1] in [[2]]",
    "#{a: 1} in [#{a: 1}]",
    r#""x" in []"#,
    r#""b" in WORDS"#,
];

#[test]
fn membership_answers_what_rhai_answers() {
    let stock = rhai::Engine::new();
    let mut expected: Vec<String> = MEMBERSHIP
        .iter()
        .map(|expr| {
            let script = format!("const WORDS = [\"a\", \"b\"]; {expr}");
            let answer: bool = stock.eval(&script).expect("stock Rhai evaluates it");
            format!("{expr} => {answer}")
        })
        .collect();
    let lines: String = MEMBERSHIP
        .iter()
        .map(|expr| format!("    found.push({expr:?} + \" => \" + ({expr}));\n"))
        .collect();
    let report = run_rule(&format!(
        "fn check(repo) {{\n    const WORDS = [\"a\", \"b\"];\n    let found = [];\n{lines}    for line in found {{ report(repo, line); }}\n}}\n"
    ));
    // Findings come out sorted, not in the order they were reported.
    let mut found = probe_messages(&report);
    found.sort();
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn a_node_in_an_array_is_still_an_error_as_in_rhai() {
    // Rhai has no `==` for a host type, and its `contains` reports that rather than
    // answering `false`: the rule learns its test cannot work.
    let report = run_rule(
        "fn check(repo) {\n    let parties = repo.parties();\n    if parties[0] in [parties[0]] { report(repo, \"in\"); }\n}\n",
    );
    let messages = probe_messages(&report);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("=="), "{}", messages[0]);
}

#[test]
fn a_field_read_as_a_property_is_what_the_indexer_reads() {
    // Every field the format names, read both ways on every entry of acme: the property has
    // a getter of its own, the indexer is the general path.
    let mut compare = String::new();
    for name in field_names() {
        if ["path", "file", "line", "value", "parent"].contains(&name) {
            continue;
        }
        compare.push_str(&format!(
            "        compared += 1;\n        let a = node.{name}; let b = node[{name:?}];\n        if type_of(a) != type_of(b) || (!is_node(a) && a != b) || (is_node(a) && a.path != b.path) {{ report(node, \"{name} differs\"); }}\n        if !is_null(a) {{ set += 1; }}\n"
        ));
    }
    let report = run_rule(&format!(
        "fn check(repo) {{\n    let compared = 0; let set = 0;\n    let nodes = repo.parties().to_array() + repo.requirements().to_array() + repo.controls().to_array() + repo.legal_entries().to_array() + repo.documents(\"interested-parties\").to_array() + repo.documents(\"statement-of-applicability\").to_array();\n    for node in nodes {{\n{compare}    }}\n    report(repo, `${{compared}} ${{set}}`);\n}}\n"
    ));
    let messages = probe_messages(&report);
    assert_eq!(messages.len(), 1, "{messages:?}");
    let counts: Vec<usize> = messages[0]
        .split(' ')
        .map(|n| n.parse().expect("a count"))
        .collect();
    assert!(counts[0] > 1000, "{counts:?}");
    assert!(counts[1] > 100, "{counts:?}");
}

#[test]
fn citing_several_ids_is_citing_each_in_turn() {
    // Every id of the repository, one of them twice, and one nothing cites.
    let report = run_rule(
        r#"
fn check(repo) {
    let ids = repo.ids(["control", "objective", "risk", "scope-item"]).to_array();
    ids.push(ids[0]);
    ids.push("A.99.99");
    let each = [];
    let seen = [];
    for id in ids {
        if id in seen { continue; }
        seen.push(id);
        for item in repo.addressed_by_citing(id) { each.push(item.path); }
    }
    let all = [];
    for item in repo.addressed_by_citing(ids) { all.push(item.path); }
    report(repo.documents("interested-parties")[0], "" + each.len() + " " + (each == all));
}
"#,
    );
    let messages = probe_messages(&report);
    assert_eq!(messages.len(), 1, "{messages:?}");
    let (count, same) = messages[0].split_once(' ').expect("two words");
    assert!(count.parse::<usize>().expect("a count") > 3, "{messages:?}");
    assert_eq!(same, "true", "{messages:?}");
}

/// Runs one organisation rule (with the built-in pack) on a repository of these files.
fn run_rule_on(files: &[(&str, String)], body: &str) -> Report {
    let rules = tempfile::tempdir().expect("temp dir");
    let rule = format!(
        "//! id: ORG901\n//! name: probe\n//! severity: error\n//! summary: Reports what the API answers.\n{body}"
    );
    std::fs::write(rules.path().join("probe.rhai"), rule).expect("write rule");
    let repo = tempfile::tempdir().expect("temp dir");
    std::fs::write(repo.path().join("reglint.yaml"), "version: 1\n").expect("write config");
    for (name, text) in files {
        std::fs::write(repo.path().join(name), text).expect("write register");
    }
    let mut options = Options::new(
        Date::parse("2026-11-22").expect("date"),
        repo.path().to_path_buf(),
    );
    options.rule_dirs = vec![rules.path().to_path_buf()];
    Linter::new(options)
        .expect("linter")
        .check(&[PathBuf::from(".")])
        .expect("check runs")
}

#[test]
fn the_date_selections_pick_what_a_script_loop_picks() {
    // One risk register per way of writing a review date and an interval.
    let dates = [
        "",
        "last_reviewed:",
        "last_reviewed: [2026-01-01]",
        "last_reviewed: 20260101",
        "last_reviewed: 2026-02-30",
        "last_reviewed: 2026-13-01",
        "last_reviewed: 2027-01-01",
        "last_reviewed: 2026-11-22",
        "last_reviewed: 2026-11-23",
        "last_reviewed: \"2025-01-05\"",
        "last_reviewed: 2025-11-21",
        "last_reviewed: 2025-11-22",
        "last_reviewed: 2026-10-21",
        "last_reviewed: 2026-09-30",
        "last_reviewed: 2024-02-29",
        "last_reviewed: 2026-08-31",
    ];
    let intervals = [
        "",
        "review_interval_months: 1",
        "review_interval_months: \"1\"",
        "review_interval_months: 0",
        "review_interval_months: -2",
        "review_interval_months: 3",
        "review_interval_months: [1]",
        "review_interval_months: 2.5",
    ];
    let mut files = Vec::new();
    for (d, date) in dates.iter().enumerate() {
        for (i, interval) in intervals.iter().enumerate() {
            files.push((
                format!("risks-{d:02}-{i}.yaml"),
                format!("kind: risk-register\nowner: CISO\n{date}\n{interval}\nrisks: []\n"),
            ));
        }
    }
    let files: Vec<(&str, String)> = files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    // The script side is stale-review's and invalid-review-date's own tests, before the
    // selections took them over.
    let report = run_rule_on(
        &files,
        r#"
fn check(repo) {
    let today = repo.today();
    let overdue = [];
    let undated = [];
    for doc in repo.documents("risk-register") {
        let last = doc.last_reviewed;
        if !is_string(last) || !is_date(last) || days_between(today, last) > 0 {
            undated.push(doc.file);
            continue;
        }
        let interval = doc.review_interval_months;
        if !is_int(interval) || interval <= 0 { interval = 12; }
        let due = add_months(last, interval);
        if !is_null(due) && days_between(due, today) > 0 { overdue.push(doc.file); }
    }
    let selected_overdue = [];
    for doc in repo.documents_overdue("risk-register", "last_reviewed", "review_interval_months", 12, today) {
        selected_overdue.push(doc.file);
    }
    let selected_undated = [];
    for doc in repo.documents_undated("risk-register", "last_reviewed", today) {
        selected_undated.push(doc.file);
    }
    let root = repo.documents("risk-register")[0];
    report(root, "overdue " + overdue.len() + " " + (overdue == selected_overdue));
    report(root, "undated " + undated.len() + " " + (undated == selected_undated));
}
"#,
    );
    let mut messages = probe_messages(&report);
    messages.sort();
    assert_eq!(messages.len(), 2, "{messages:?}");
    for (message, word, at_least) in [(&messages[0], "overdue", 20), (&messages[1], "undated", 40)]
    {
        let parts: Vec<&str> = message.split(' ').collect();
        assert_eq!(parts[0], word, "{messages:?}");
        assert!(
            parts[1].parse::<usize>().expect("a count") >= at_least,
            "{messages:?}"
        );
        assert_eq!(parts[2], "true", "{messages:?}");
    }
}

#[test]
fn a_date_selection_refuses_a_day_that_is_not_one() {
    let report = run_rule_on(
        &[(
            "risks.yaml",
            "kind: risk-register\nowner: CISO\nrisks: []\n".to_string(),
        )],
        r#"
fn check(repo) {
    repo.documents_undated("risk-register", "last_reviewed", "next week");
}
"#,
    );
    let messages = probe_messages(&report);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("`next week` is not a day written YYYY-MM-DD"),
        "{messages:?}"
    );
}

#[test]
fn not_defined_as_is_kind_of_for_each_id() {
    // Annex A ids (some listed, some not), ids defined twice, and one nothing defines.
    let report = run_rule(
        r#"
fn check(repo) {
    let ids = annex_a_ids().to_array();
    ids += ["OBJ-03", "REQ-EMP-03", "IP-BOARD", "NOPE", "A.5.1"];
    let answers = [];
    for classes in [["control"], ["objective", "requirement"], []] {
        let each = [];
        for id in ids {
            if !(repo.kind_of(id) in classes) { each.push(id); }
        }
        let all = repo.not_defined_as(ids, classes).to_array();
        answers.push("" + each.len() + "=" + (each == all));
    }
    report(repo.documents("interested-parties")[0], answers.reduce(|a, b| a + " " + b, ""));
}
"#,
    );
    let messages = probe_messages(&report);
    assert_eq!(messages.len(), 1, "{messages:?}");
    let answers: Vec<&str> = messages[0].split_whitespace().collect();
    assert_eq!(answers.len(), 3, "{messages:?}");
    for answer in &answers {
        assert!(answer.ends_with("=true"), "{messages:?}");
    }
    // Not every id is missing, nor none: the cases are told apart.
    let counts: Vec<usize> = answers
        .iter()
        .map(|a| {
            a.split('=')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("a count")
        })
        .collect();
    assert!(
        counts[0] > 0 && counts[0] < counts[2] && counts[1] < counts[2],
        "{counts:?}"
    );
}
