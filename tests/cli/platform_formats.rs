//! The formats CI platforms read: JUnit XML (validated against the Jenkins xUnit XSD with
//! `xmlschema-validate`), GitHub workflow commands (decoded by the toolkit's escaping rules)
//! and GitLab Code Quality (validated against GitLab's item schema and, with
//! `check-jsonschema`, a strict schema), on `fixtures/acme` and on temporary repositories
//! whose file names and messages hold every character the formats escape.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::{TODAY, copy_fixture, jsonl, reglint_in, stdout, workspace, write};

/// `reglint check ARGS --format FORMAT --today TODAY` in `dir`.
fn check_format(dir: &Path, format: &str, args: &[&str]) -> Output {
    let mut all = vec!["check", "--format", format, "--today", TODAY];
    all.extend_from_slice(args);
    reglint_in(dir, &all)
}

/// A register with one finding of `missing-addressed` (REQ-CUST-002).
const PARTIES: &str = "kind: interested-parties
owner: CISO
last_reviewed: 2026-03-14
parties:
  - id: IP-CUST
    name: Customers in financial services
    category: external
    relationship: customer
    relevant: true
    rationale: Contracts pass regulatory obligations down to us.
    requirements:
      - id: REQ-CUST-001
        type: contractual
        description: Customer data is encrypted at rest.
        addressed: true
        addressed_by: [A.8.24]
      - id: REQ-CUST-002
        type: contractual
        description: Customers may audit our security once a year.
        source: MSA clause 15.2
";

/// The message the organisation rules report: every character GitHub's commands escape,
/// and the ones XML and JSON escape.
const HOSTILE_MESSAGE: &str = "50% of `a,b` is c:d\nsecond <line> & \"quoted\"\r\nthird";

/// An organisation rule that reports [`HOSTILE_MESSAGE`] on every party at `level`, once
/// under each of `keys` (the same message on one entry: findings that differ only in their
/// place, so they share a fingerprint).
fn message_rule(code: &str, name: &str, level: &str, keys: &[&str]) -> String {
    let rhai_message = HOSTILE_MESSAGE
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
        .replace('\r', "\\r");
    let keys: Vec<String> = keys.iter().map(|k| format!("\"{k}\"")).collect();
    format!(
        "//! id: {code}\n//! name: {name}\n//! severity: {level}\n//! summary: Reports a message with special characters.\n\
fn check(repo) {{\n    for party in repo.parties() {{\n        for key in [{}] {{\n            report(party, key, \"{rhai_message}\");\n        }}\n    }}\n}}\n",
        keys.join(", ")
    )
}

/// A git work tree (`root/.git`) holding a register repository at `root/regs`, whose register
/// file is named `a,b:c.yaml` (a valid name on Linux), and a rule folder at `root/rules`
/// with rules reporting [`HOSTILE_MESSAGE`] as an error (on each party's `id` and `name`),
/// a warning and an info.
fn hostile_work_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(dir.path(), "regs/reglint.yaml", b"version: 1\n");
    write(dir.path(), "regs/a,b:c.yaml", PARTIES.as_bytes());
    for (code, name, level, keys) in [
        ("ORG001", "odd-error", "error", &["id", "name"][..]),
        ("ORG002", "odd-warning", "warning", &["id"]),
        ("ORG003", "odd-info", "info", &["id"]),
    ] {
        write(
            dir.path(),
            &format!("rules/{name}.rhai"),
            message_rule(code, name, level, keys).as_bytes(),
        );
    }
    dir
}

const HOSTILE_ARGS: [&str; 3] = ["regs", "--rules", "rules"];

// ---------------------------------------------------------------- JUnit

/// An XML element as a parser reads it: attribute values normalised and text unescaped.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// Parses a whole document with quick-xml's reader, failing on any error.
fn parse_xml(text: &str) -> Element {
    use quick_xml::events::{BytesStart, Event};
    fn open(start: &BytesStart<'_>) -> Element {
        Element {
            name: String::from_utf8(start.name().as_ref().to_vec()).unwrap(),
            attributes: start
                .attributes()
                .map(|a| {
                    let a = a.unwrap();
                    (
                        String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                        a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                            .unwrap()
                            .into_owned(),
                    )
                })
                .collect(),
            ..Element::default()
        }
    }
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack = vec![Element::default()];
    loop {
        match reader.read_event().unwrap() {
            Event::Start(start) => stack.push(open(&start)),
            Event::Empty(start) => stack.last_mut().unwrap().children.push(open(&start)),
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(done);
            }
            Event::Text(t) => stack
                .last_mut()
                .unwrap()
                .text
                .push_str(&t.xml_content(quick_xml::XmlVersion::Explicit1_0).unwrap()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r.decode().unwrap())
                        .expect("only predefined entities")
                        .to_owned(),
                };
                stack.last_mut().unwrap().text.push_str(&resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "every element is closed");
    let mut document = stack.pop().unwrap();
    assert_eq!(document.children.len(), 1, "one root element");
    document.children.pop().unwrap()
}

/// Every test case of a parsed report, with its suite's name.
fn cases(root: &Element) -> Vec<(&str, &Element)> {
    root.children("testsuite")
        .flat_map(|s| {
            s.children("testcase")
                .map(move |c| (s.attribute("name").unwrap(), c))
        })
        .collect()
}

/// Validates an XML file against the Jenkins xUnit XSD with the real validator.
#[cfg(has_xmlschema)]
fn xsd_validate(xml: &[u8]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.xml");
    std::fs::write(&file, xml).unwrap();
    std::process::Command::new(crate::tools::xmlschema_validate())
        .arg("--schema")
        .arg(workspace().join("tests/schemas/junit-10.xsd"))
        .arg(&file)
        .output()
        .unwrap()
}

#[test]
#[cfg_attr(
    not(has_xmlschema),
    ignore = "skipped: xmlschema-validate is not installed (.ci/tools.sh installs it)"
)]
fn junit_of_acme_and_of_hostile_input_is_valid_against_the_jenkins_xsd() {
    #[cfg(has_xmlschema)]
    {
        let acme = check_format(&workspace(), "junit", &["fixtures/acme"]);
        assert_eq!(acme.status.code(), Some(1));
        let run = xsd_validate(&acme.stdout);
        assert!(run.status.success(), "{run:?}");
        assert!(
            String::from_utf8_lossy(&run.stdout).contains("is valid"),
            "{run:?}"
        );

        let tree = hostile_work_tree();
        let hostile = check_format(tree.path(), "junit", &HOSTILE_ARGS);
        let run = xsd_validate(&hostile.stdout);
        assert!(run.status.success(), "{run:?}\n{}", stdout(&hostile));

        // The option GitLab wants adds an attribute the XSD does not allow: the validator
        // is strict enough to notice.
        let with_file = check_format(
            &workspace(),
            "junit",
            &["fixtures/acme", "--junit-file-attribute"],
        );
        let run = xsd_validate(&with_file.stdout);
        assert!(!run.status.success(), "{run:?}");
    }
}

#[test]
fn junit_of_acme_has_a_case_per_file_and_rule_and_a_failure_per_error() {
    let output = check_format(&workspace(), "junit", &["fixtures/acme"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    let root = parse_xml(&text);
    assert_eq!(root.name, "testsuites");
    let suites: Vec<&Element> = root.children("testsuite").collect();
    assert_eq!(suites.len(), 1);
    assert_eq!(suites[0].attribute("name"), Some("fixtures/acme"));
    let cases = cases(&root);

    // Every register file has one case for each rule that ran, the same rules for each.
    let files: BTreeSet<&str> = cases
        .iter()
        .map(|(_, c)| c.attribute("classname").unwrap())
        .collect();
    assert_eq!(files.len(), 6, "{files:?}");
    let per_file = cases.len() / files.len();
    assert_eq!(per_file * files.len(), cases.len());
    assert!(per_file > 30, "{per_file}");

    // Names are unique in the whole report.
    let names: HashSet<&str> = cases
        .iter()
        .map(|(_, c)| c.attribute("name").unwrap())
        .collect();
    assert_eq!(names.len(), cases.len());

    // One failure per finding, carrying its message, rule and place.
    let findings = jsonl(&crate::check_jsonl_in(&workspace(), &["fixtures/acme"]));
    assert_eq!(findings.len(), 9);
    let failures: Vec<(&Element, &Element)> = cases
        .iter()
        .flat_map(|(_, c)| c.children("failure").map(move |f| (*c, f)))
        .collect();
    assert_eq!(failures.len(), findings.len());
    for finding in &findings {
        let (case, failure) = failures
            .iter()
            .find(|(_, f)| f.attribute("message") == finding["message"].as_str())
            .unwrap_or_else(|| panic!("no failure for {finding}"));
        assert_eq!(failure.attribute("type"), finding["name"].as_str());
        assert_eq!(case.attribute("classname"), finding["file"].as_str());
        assert_eq!(
            case.attribute("name").unwrap(),
            format!(
                "{} {} in {}",
                finding["rule"].as_str().unwrap(),
                finding["name"].as_str().unwrap(),
                finding["file"].as_str().unwrap()
            )
        );
        let place = format!(
            "{}:{}:{}: error[{}/{}] ",
            finding["file"].as_str().unwrap(),
            finding["line"],
            finding["column"],
            finding["rule"].as_str().unwrap(),
            finding["name"].as_str().unwrap()
        );
        assert!(failure.text.starts_with(&place), "{}", failure.text);
        if let Some(help) = finding["help"].as_str() {
            assert!(failure.text.contains(&format!("help: {help}")));
        }
    }

    // The counts say the same: failing cases, no errors, nothing skipped, no clock.
    let failing = cases
        .iter()
        .filter(|(_, c)| c.children("failure").next().is_some())
        .count();
    assert_eq!(failing, 9);
    for element in [&root, suites[0]] {
        assert_eq!(element.attribute("tests"), Some(&*cases.len().to_string()));
        assert_eq!(element.attribute("failures"), Some("9"));
        assert_eq!(element.attribute("errors"), Some("0"));
        assert_eq!(element.attribute("time"), Some("0"));
    }
    assert_eq!(suites[0].attribute("skipped"), Some("0"));
}

#[test]
fn junit_file_attribute_adds_the_path_from_the_work_tree_and_nothing_else() {
    let plain = stdout(&check_format(&workspace(), "junit", &["fixtures/acme"]));
    let output = check_format(
        &workspace(),
        "junit",
        &["fixtures/acme", "--junit-file-attribute"],
    );
    let with_file = stdout(&output);
    let root = parse_xml(&with_file);
    for (_, case) in cases(&root) {
        // The workspace is the work tree, so the path from its root is the path shown.
        assert_eq!(case.attribute("file"), case.attribute("classname"));
    }
    // Taking the attributes out gives back the default output, byte for byte.
    let mut stripped = String::new();
    let mut rest = with_file.as_str();
    while let Some(at) = rest.find(" file=\"") {
        stripped.push_str(&rest[..at]);
        let after = &rest[at + " file=\"".len()..];
        rest = &after[after.find('"').unwrap() + 1..];
    }
    stripped.push_str(rest);
    assert_ne!(stripped, with_file);
    assert_eq!(stripped, plain);

    // In a repository below the work tree's root, the path starts at that root.
    let tree = hostile_work_tree();
    let output = check_format(
        tree.path(),
        "junit",
        &["regs", "--rules", "rules", "--junit-file-attribute"],
    );
    let root = parse_xml(&stdout(&output));
    let files: BTreeSet<&str> = cases(&root)
        .iter()
        .filter_map(|(_, c)| c.attribute("file"))
        .collect();
    assert!(files.contains("regs/a,b:c.yaml"), "{files:?}");
}

#[test]
fn junit_reads_back_every_special_character_and_sorts_findings_by_outcome() {
    let tree = hostile_work_tree();
    // One finding silenced inline, one rule that does not compile.
    let text = PARTIES.replace(
        "      - id: REQ-CUST-002\n",
        "      - id: REQ-CUST-002  # reglint: allow missing-addressed -- decided at the next review\n",
    );
    write(tree.path(), "regs/a,b:c.yaml", text.as_bytes());
    write(
        tree.path(),
        "rules/broken.rhai",
        b"//! id: ORG009\n//! name: broken\n//! severity: error\n//! summary: Does not compile.\nfn check(repo) {\n    let = 1;\n}\n",
    );
    let output = check_format(tree.path(), "junit", &HOSTILE_ARGS);
    assert_eq!(output.status.code(), Some(2), "a broken rule: incomplete");
    // Every shape at once: passing cases, failures, an error, output, a silenced finding.
    insta::assert_snapshot!("hostile_junit", stdout(&output));
    let root = parse_xml(&stdout(&output));
    let cases = cases(&root);
    let case = |name: &str| {
        cases
            .iter()
            .find(|(_, c)| c.attribute("name").unwrap().starts_with(name))
            .unwrap_or_else(|| panic!("no case {name}"))
            .1
    };

    // Two identical error findings: two failures whose message reads back exactly.
    let odd = case("ORG001 odd-error in regs/a,b:c.yaml");
    let failures: Vec<&Element> = odd.children("failure").collect();
    assert_eq!(failures.len(), 2);
    for failure in &failures {
        assert_eq!(failure.attribute("message"), Some(HOSTILE_MESSAGE));
        assert_eq!(failure.attribute("type"), Some("odd-error"));
        assert!(failure.text.contains(HOSTILE_MESSAGE), "{:?}", failure.text);
    }

    // Warnings and infos are output of a passing case.
    for (name, level) in [
        ("ORG002 odd-warning", "warning"),
        ("ORG003 odd-info", "info"),
    ] {
        let c = case(name);
        assert_eq!(c.children("failure").count(), 0);
        let out: Vec<&Element> = c.children("system-out").collect();
        assert_eq!(out.len(), 1);
        assert!(
            out[0].text.contains(&format!("{level}[ORG00")),
            "{}",
            out[0].text
        );
        assert!(out[0].text.contains(HOSTILE_MESSAGE));
    }

    // A silenced finding passes, with its reason in the output.
    let silenced = case("AD001 missing-addressed in regs/a,b:c.yaml");
    assert_eq!(silenced.children("failure").count(), 0);
    assert_eq!(silenced.children("skipped").count(), 0);
    let out = &silenced.children("system-out").next().unwrap().text;
    assert!(
        out.contains("suppressed (inline): decided at the next review"),
        "{out}"
    );

    // The broken rule belongs to no repository: an error in the last suite.
    let suites: Vec<&Element> = root.children("testsuite").collect();
    assert_eq!(suites.len(), 2);
    assert_eq!(suites[1].attribute("name"), Some("reglint"));
    assert_eq!(suites[1].attribute("errors"), Some("1"));
    let broken = cases
        .iter()
        .find(|(suite, _)| *suite == "reglint")
        .unwrap()
        .1;
    assert_eq!(
        broken.attribute("name"),
        Some("RL001 rule-error in rules/broken.rhai")
    );
    let error = broken.children("error").next().unwrap();
    assert_eq!(error.attribute("type"), Some("rule-error"));
    assert!(error.text.contains("broken.rhai:6:"), "{}", error.text);

    // The totals add up the suites.
    let sum = |attr: &str| -> usize {
        suites
            .iter()
            .map(|s| s.attribute(attr).unwrap().parse::<usize>().unwrap())
            .sum()
    };
    assert_eq!(root.attribute("tests"), Some(&*cases.len().to_string()));
    assert_eq!(sum("tests"), cases.len());
    assert_eq!(
        root.attribute("failures"),
        Some(&*sum("failures").to_string())
    );
    assert_eq!(
        sum("failures"),
        2,
        "ORG001 and AD003 (A.8.24 is in no SoA) fail"
    );
    assert_eq!(root.attribute("errors"), Some("1"));
}

#[test]
fn junit_shows_control_characters_instead_of_writing_invalid_xml() {
    let tree = hostile_work_tree();
    let rule = message_rule("ORG001", "odd-error", "error", &["id"])
        .replace("50% of", "bell\\x07 escape\\x1b[2J nul\\x00 of");
    write(tree.path(), "rules/odd-error.rhai", rule.as_bytes());
    let output = check_format(tree.path(), "junit", &HOSTILE_ARGS);
    let text = stdout(&output);
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t')),
        "no raw control character"
    );
    let github = stdout(&check_format(tree.path(), "github", &HOSTILE_ARGS));
    assert!(
        github.contains("::bell\\u{7} escape\\u{1b}[2J nul\\u{0} of"),
        "{github}"
    );
    assert!(!github.contains('\u{1b}'));
    let root = parse_xml(&text);
    let messages: Vec<&str> = cases(&root)
        .iter()
        .flat_map(|(_, c)| c.children("failure"))
        .filter_map(|f| f.attribute("message"))
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("bell\\u{7} escape\\u{1b}[2J nul\\u{0} of")),
        "{messages:?}"
    );
}

// ---------------------------------------------------------------- GitHub

/// The reverse of the toolkit's escaping: `%0D`, `%0A`, `%3A`, `%2C` and last `%25`.
fn unescape_command(value: &str) -> String {
    value
        .replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

/// A workflow command as GitHub's runner splits it: level, properties, message.
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let rest = line.strip_prefix("::").expect("a command");
    let (head, message) = rest.split_once("::").expect("a message");
    let (level, properties) = head.split_once(' ').unwrap_or((head, ""));
    let properties = properties
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (key, value) = p.split_once('=').expect("key=value");
            (key.to_owned(), unescape_command(value))
        })
        .collect();
    (level.to_owned(), properties, unescape_command(message))
}

#[test]
fn github_commands_of_acme_point_at_each_finding() {
    let output = check_format(&workspace(), "github", &["fixtures/acme"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    let findings = jsonl(&crate::check_jsonl_in(&workspace(), &["fixtures/acme"]));
    assert_eq!(lines.len(), findings.len() + 1);
    for (line, finding) in lines.iter().zip(&findings) {
        let (level, properties, message) = parse_command(line);
        assert_eq!(level, "error");
        let get = |key: &str| {
            properties
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(get("file").as_deref(), finding["file"].as_str());
        assert_eq!(get("line"), Some(finding["line"].to_string()));
        assert_eq!(get("endLine"), Some(finding["end_line"].to_string()));
        assert_eq!(get("col"), Some(finding["column"].to_string()));
        assert_eq!(get("endColumn"), Some(finding["end_column"].to_string()));
        assert_eq!(
            get("title").unwrap(),
            format!(
                "reglint {} {}",
                finding["rule"].as_str().unwrap(),
                finding["name"].as_str().unwrap()
            )
        );
        assert!(message.starts_with(finding["message"].as_str().unwrap()));
    }
    assert_eq!(
        lines.last().unwrap(),
        &"reglint: 9 errors, 0 warnings, 0 infos in 6 files of 1 repository"
    );
    insta::assert_snapshot!("acme_github", text);
}

#[test]
fn github_commands_escape_every_special_character_as_the_toolkit_does() {
    let tree = hostile_work_tree();
    let output = check_format(tree.path(), "github", &HOSTILE_ARGS);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    // Each command is one line: no raw line break or carriage return got through.
    assert!(!text.contains('\r'));
    let commands: Vec<_> = lines
        .iter()
        .filter(|l| l.starts_with("::"))
        .map(|l| parse_command(l))
        .collect();
    let odd: Vec<_> = commands
        .iter()
        .filter(|(_, p, _)| p.iter().any(|(k, v)| k == "title" && v.contains("odd-")))
        .collect();
    assert_eq!(odd.len(), 4, "{text}");
    let levels: Vec<&str> = odd.iter().map(|(l, _, _)| l.as_str()).collect();
    assert_eq!(
        levels.iter().filter(|l| **l == "error").count(),
        2,
        "{levels:?}"
    );
    assert!(levels.contains(&"warning") && levels.contains(&"notice"));
    for (_, properties, message) in &odd {
        // The file name's `,` and `:` survive as property values, from the work tree root.
        assert!(properties.contains(&("file".to_owned(), "regs/a,b:c.yaml".to_owned())));
        assert!(message.starts_with(HOSTILE_MESSAGE), "{message:?}");
    }
    // On the wire every special character is escaped.
    let raw = lines.iter().find(|l| l.contains("odd-error")).unwrap();
    assert!(
        raw.starts_with("::error title=reglint ORG001 odd-error,file=regs/a%2Cb%3Ac.yaml,line="),
        "{raw}"
    );
    assert!(
        raw.ends_with("::50%25 of `a,b` is c:d%0Asecond <line> & \"quoted\"%0D%0Athird"),
        "{raw}"
    );
    // Silenced findings are not annotated; the summary closes the output.
    assert_eq!(
        lines.last().unwrap(),
        &"reglint: 4 errors, 2 warnings, 1 info in 1 file of 1 repository"
    );
}

#[test]
fn github_columns_only_on_one_line_findings_and_the_summary_warns_past_ten() {
    let tree = hostile_work_tree();
    // Twelve errors: more than GitHub shows.
    write(
        tree.path(),
        "rules/many.rhai",
        b"//! id: ORG005\n//! name: many\n//! severity: error\n//! summary: Reports twelve times.\nfn check(repo) {\n    for party in repo.parties() {\n        for i in 0..12 {\n            report(party, \"id\", `finding ${i}`);\n        }\n    }\n}\n",
    );
    // A block scalar spans several lines.
    let text = PARTIES.replace(
        "    rationale: Contracts pass regulatory obligations down to us.\n",
        "    rationale: >-\n      Contracts pass regulatory obligations\n      down to us.\n",
    );
    write(tree.path(), "regs/a,b:c.yaml", text.as_bytes());
    write(
        tree.path(),
        "rules/whole.rhai",
        b"//! id: ORG004\n//! name: whole-party\n//! severity: warning\n//! summary: Reports a block scalar.\nfn check(repo) {\n    for party in repo.parties() {\n        report(party, \"rationale\", \"the rationale\");\n    }\n}\n",
    );
    let output = check_format(tree.path(), "github", &HOSTILE_ARGS);
    let text = stdout(&output);
    for line in text.lines().filter(|l| l.starts_with("::")) {
        let (_, properties, _) = parse_command(line);
        let get = |key: &str| properties.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        let same_line = get("line") == get("endLine");
        assert_eq!(get("col").is_some(), same_line, "{line}");
        assert_eq!(get("endColumn").is_some(), same_line, "{line}");
    }
    assert!(
        text.lines()
            .any(|l| l.contains("whole-party") && l.ends_with(",line=11,endLine=12::the rationale")),
        "{text}"
    );
    assert_eq!(text.lines().filter(|l| l.contains("ORG005")).count(), 12);
    assert!(
        text.lines().last().unwrap().ends_with(
            "(GitHub shows at most 10 annotations of each level: the log above lists every finding)"
        ),
        "{text}"
    );
}

// ---------------------------------------------------------------- GitLab

fn gitlab_items(output: &Output) -> Vec<Value> {
    assert_ne!(output.stdout.first(), Some(&0xef), "no byte-order mark");
    assert_eq!(output.stdout.first(), Some(&b'['));
    serde_json::from_slice::<Vec<Value>>(&output.stdout).expect("a JSON array")
}

fn item_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            workspace().join("tests/schemas/gitlab-codeclimate-item.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    jsonschema::draft7::new(&schema).unwrap()
}

#[test]
fn gitlab_issues_of_acme_match_the_findings_and_gitlabs_item_schema() {
    let output = check_format(&workspace(), "gitlab", &["fixtures/acme"]);
    assert_eq!(output.status.code(), Some(1));
    let items = gitlab_items(&output);
    let findings = jsonl(&crate::check_jsonl_in(&workspace(), &["fixtures/acme"]));
    assert_eq!(items.len(), findings.len());
    let validator = item_validator();
    for (item, finding) in items.iter().zip(&findings) {
        let errors: Vec<String> = validator.iter_errors(item).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{item}: {errors:?}");
        assert_eq!(item["description"], finding["message"]);
        assert_eq!(item["check_name"], finding["name"]);
        assert_eq!(item["severity"], "major");
        assert_eq!(item["location"]["path"], finding["file"]);
        assert_eq!(item["location"]["lines"]["begin"], finding["line"]);
        let fingerprint = item["fingerprint"].as_str().unwrap();
        assert_eq!(fingerprint.len(), 64);
        assert!(fingerprint.bytes().all(|b| b.is_ascii_hexdigit()));
    }
    let unique: HashSet<&str> = items
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(unique.len(), items.len());
    insta::assert_snapshot!("acme_gitlab", stdout(&output));
}

#[test]
#[cfg_attr(
    not(has_check_jsonschema),
    ignore = "skipped: check-jsonschema is not installed (.ci/tools.sh installs it)"
)]
fn gitlab_report_passes_the_strict_schema_with_check_jsonschema() {
    #[cfg(has_check_jsonschema)]
    {
        let tree = hostile_work_tree();
        for (dir, args) in [
            (workspace(), vec!["fixtures/acme"]),
            (tree.path().to_path_buf(), HOSTILE_ARGS.to_vec()),
        ] {
            let output = check_format(&dir, "gitlab", &args);
            let file = tree.path().join("gl-code-quality-report.json");
            std::fs::write(&file, &output.stdout).unwrap();
            let run = std::process::Command::new(crate::tools::check_jsonschema())
                .arg("--schemafile")
                .arg(workspace().join("tests/schemas/gitlab-code-quality.strict.schema.json"))
                .arg(&file)
                .output()
                .unwrap();
            assert!(run.status.success(), "{run:?}\n{}", stdout(&output));
            assert!(
                String::from_utf8_lossy(&run.stdout).contains("ok"),
                "{run:?}"
            );
        }
        // The strict schema rejects what GitLab would drop: it is not a rubber stamp.
        let file = tree.path().join("bad.json");
        std::fs::write(
            &file,
            br#"[{"description":"x","check_name":"y","fingerprint":"z","severity":"error","location":{"path":"/abs","lines":{"begin":0}}}]"#,
        )
        .unwrap();
        let run = std::process::Command::new(crate::tools::check_jsonschema())
            .arg("--schemafile")
            .arg(workspace().join("tests/schemas/gitlab-code-quality.strict.schema.json"))
            .arg(&file)
            .output()
            .unwrap();
        assert!(!run.status.success());
    }
}

#[test]
fn gitlab_fingerprints_are_unique_for_identical_findings_and_stable_across_checkouts() {
    let first = hostile_work_tree();
    let output = check_format(first.path(), "gitlab", &HOSTILE_ARGS);
    let items = gitlab_items(&output);
    let odd: Vec<&Value> = items
        .iter()
        .filter(|i| i["check_name"] == "odd-error")
        .collect();
    assert_eq!(odd.len(), 2, "two identical findings");
    assert_ne!(odd[0]["fingerprint"], odd[1]["fingerprint"]);
    let unique: HashSet<&str> = items
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(unique.len(), items.len());
    for item in &items {
        assert_eq!(item["location"]["path"], "regs/a,b:c.yaml");
    }
    for item in &odd {
        assert_eq!(item["description"], HOSTILE_MESSAGE);
    }
    let severities: BTreeSet<&str> = items
        .iter()
        .map(|i| i["severity"].as_str().unwrap())
        .collect();
    assert_eq!(
        severities,
        BTreeSet::from(["info", "major", "minor"]),
        "error major, warning minor, info info"
    );

    // Another checkout elsewhere, with the entry moved down a line: same fingerprints.
    let second = hostile_work_tree();
    write(
        second.path(),
        "regs/a,b:c.yaml",
        format!("# moved\n{PARTIES}").as_bytes(),
    );
    let moved = gitlab_items(&check_format(second.path(), "gitlab", &HOSTILE_ARGS));
    let fingerprints = |items: &[Value]| -> Vec<String> {
        items
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(fingerprints(&moved), fingerprints(&items));
    assert_ne!(
        moved[0]["location"]["lines"]["begin"],
        items[0]["location"]["lines"]["begin"]
    );
}

#[test]
fn gitlab_marks_an_incomplete_check_critical_and_leaves_silenced_findings_out() {
    let tree = hostile_work_tree();
    let text = PARTIES.replace(
        "      - id: REQ-CUST-002\n",
        "      - id: REQ-CUST-002  # reglint: allow missing-addressed -- decided at the next review\n",
    );
    write(tree.path(), "regs/a,b:c.yaml", text.as_bytes());
    let silenced = jsonl(&crate::check_jsonl_in(tree.path(), &HOSTILE_ARGS));
    assert!(
        silenced
            .iter()
            .any(|d| d["name"] == "missing-addressed" && d["suppressed"]["kind"] == "inline"),
        "the finding is there, silenced"
    );
    let items = gitlab_items(&check_format(tree.path(), "gitlab", &HOSTILE_ARGS));
    assert!(!items.iter().any(|i| i["check_name"] == "missing-addressed"));
    assert_eq!(
        items.len(),
        silenced
            .iter()
            .filter(|d| d["suppressed"].is_null())
            .count()
    );

    write(
        tree.path(),
        "regs/reglint.yaml",
        b"version: 1\nfail_on: [\n",
    );
    let output = check_format(tree.path(), "gitlab", &HOSTILE_ARGS);
    assert_eq!(output.status.code(), Some(2));
    let items = gitlab_items(&output);
    let config: Vec<&Value> = items
        .iter()
        .filter(|i| i["check_name"] == "invalid-config")
        .collect();
    assert!(!config.is_empty(), "{items:?}");
    assert!(config.iter().all(|i| i["severity"] == "critical"));
    assert_eq!(config[0]["location"]["path"], "regs/reglint.yaml");
}

// ---------------------------------------------------------------- all three

#[test]
fn platform_formats_are_the_same_bytes_in_a_report_file_and_on_every_run() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("fixtures/acme", &dir.path().join("acme"));
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for format in ["junit", "github", "gitlab"] {
        let on_stdout = check_format(dir.path(), format, &["acme"]);
        assert_eq!(on_stdout.status.code(), Some(1));
        let report = dir.path().join(format!("out.{format}"));
        let spec = format!("{format}={}", report.display());
        let written = check_format(
            dir.path(),
            "human",
            &["acme", "--report", &spec, "--threads", "1"],
        );
        assert_eq!(written.status.code(), Some(1));
        assert_eq!(
            std::fs::read(&report).unwrap(),
            on_stdout.stdout,
            "{format}: --report writes what --format prints"
        );
        let again = check_format(dir.path(), format, &["acme", "--threads", "3"]);
        assert_eq!(again.stdout, on_stdout.stdout, "{format}: deterministic");
        assert!(!on_stdout.stdout.is_empty());
    }
}

#[test]
fn a_finding_with_no_file_is_filed_under_its_repository_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(dir.path(), "regs/reglint.yaml", b"version: 1\n");
    std::fs::copy(
        workspace().join("fixtures/acme/registers/scope.yaml"),
        dir.path().join("regs/scope.yaml"),
    )
    .unwrap();
    let findings = jsonl(&crate::check_jsonl_in(dir.path(), &["regs"]));
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["name"], "missing-parties-register");
    assert!(findings[0]["line"].is_null(), "no place in a file");

    let junit = parse_xml(&stdout(&check_format(
        dir.path(),
        "junit",
        &["regs", "--junit-file-attribute"],
    )));
    let cases = cases(&junit);
    let case = cases
        .iter()
        .find(|(_, c)| c.attribute("classname") == Some("regs"))
        .unwrap()
        .1;
    assert_eq!(
        case.attribute("name"),
        Some("IP001 missing-parties-register in repository regs")
    );
    assert_eq!(case.attribute("file"), Some("regs"));
    assert_eq!(case.children("failure").count(), 1);
    assert_eq!(
        cases
            .iter()
            .filter(|(_, c)| c.attribute("classname") == Some("regs"))
            .count(),
        1,
        "one repository-level case per rule with such a finding"
    );

    let github = stdout(&check_format(dir.path(), "github", &["regs"]));
    let (level, properties, message) = parse_command(github.lines().next().unwrap());
    assert_eq!(level, "error");
    assert_eq!(
        properties,
        vec![(
            "title".to_owned(),
            "reglint IP001 missing-parties-register".to_owned()
        )]
    );
    assert!(message.starts_with("in repository `regs`: register repository"));

    let items = gitlab_items(&check_format(dir.path(), "gitlab", &["regs"]));
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["location"]["path"], "regs");
    assert_eq!(items[0]["location"]["lines"]["begin"], 1);
    assert_eq!(items[0]["description"], findings[0]["message"]);
}
