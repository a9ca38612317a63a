//! The auditor's workbench: `explain <id>` follows an id through its repository, `graph`
//! draws the references (checked by Graphviz itself where it is installed), `rules
//! --coverage` maps the rules to clauses; `explain RULE` and `rule RULE` print rule docs.

use std::collections::BTreeSet;

use super::*;

const ACME: &str = "fixtures/acme";
const PARTIES: &str = "fixtures/acme/registers/interested-parties.yaml";
const SOA: &str = "fixtures/acme/registers/statement-of-applicability.yaml";
const LEGAL: &str = "fixtures/acme/registers/legal-register.yaml";

/// `file:line` of the first line of a workspace file that contains `needle`.
fn place(file: &str, needle: &str) -> String {
    let text = std::fs::read_to_string(workspace().join(file)).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` is in {file}"));
    format!("{file}:{}", line + 1)
}

/// The line number of a `file:line` place.
fn line(place: &str) -> u64 {
    place.rsplit(':').next().unwrap().parse().unwrap()
}

fn json_of(output: &Output) -> Value {
    assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
    serde_json::from_str(&stdout(output)).expect("stdout is one JSON value")
}

#[test]
fn explain_a_requirement_shows_its_party_controls_and_a_finding_with_places() {
    let output = reglint(&["explain", "REQ-FIN-05", ACME]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let party = format!(
        "\n  party `IP-CUST-FIN`  {}\n      name: Customers in financial services, category: external, relationship: customer, relevant: true\n",
        place(PARTIES, "- id: IP-CUST-FIN")
    );
    assert!(text.contains(&party), "{text}");
    let requirement = format!(
        "\n    requirement `REQ-FIN-05`  {}\n",
        place(PARTIES, "- id: REQ-FIN-05")
    );
    assert!(text.contains(&requirement), "{text}");
    let applicable = format!(
        "\n      addressed_by control `A.5.20`  {}\n          title: Addressing information security within supplier agreements, applicable: true, status: implemented\n",
        place(SOA, "- id: A.5.20")
    );
    assert!(text.contains(&applicable), "{text}");
    let excluded = format!(
        "\n      addressed_by control `A.8.30`  {}\n          title: Outsourced development, applicable: false\n",
        place(SOA, "- id: A.8.30")
    );
    assert!(text.contains(&excluded), "{text}");
    let finding = format!(
        "\nfindings on the chain\n  error[AD004/addressed-by-not-applicable]  {}\n",
        place(PARTIES, "addressed_by: [A.5.20, A.8.30]")
    );
    assert!(text.contains(&finding), "{text}");
    insta::assert_snapshot!("explain_requirement_human", text);
}

#[test]
fn explain_json_gives_the_whole_chain_down_to_the_legal_entry() {
    // REQ-EMP-03 is defined twice in acme (the second cites the Data Protection Act).
    let trace = json_of(&reglint(&[
        "explain",
        "REQ-EMP-03",
        ACME,
        "--format",
        "json",
    ]));
    assert_eq!(trace["id"], "REQ-EMP-03");
    assert_eq!(trace["definitions"].as_array().unwrap().len(), 2);
    let chain = trace["chain"].as_array().unwrap();
    assert_eq!(chain.len(), 1, "both definitions belong to one party");
    assert_eq!(chain[0]["party"]["id"], "IP-EMPLOYEES");
    assert_eq!(chain[0]["party"]["file"], PARTIES);
    assert_eq!(
        chain[0]["party"]["line"].as_u64(),
        Some(line(&place(PARTIES, "- id: IP-EMPLOYEES")))
    );
    let requirements = chain[0]["requirements"].as_array().unwrap();
    assert_eq!(requirements.len(), 2);
    let first: Vec<(&str, &str, &str)> = requirements[0]["addressed_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let d = &t["definitions"][0];
            (
                t["id"].as_str().unwrap(),
                d["class"].as_str().unwrap(),
                d["facts"]["status"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        first,
        [
            ("A.6.7", "control", "implemented"),
            ("A.8.1", "control", "implemented"),
            ("RISK-013", "risk", "-")
        ]
    );
    let control = &requirements[0]["addressed_by"][0]["definitions"][0];
    assert_eq!(control["facts"]["applicable"], "true");
    assert_eq!(control["file"], SOA);
    assert_eq!(
        control["line"].as_u64(),
        Some(line(&place(SOA, "- id: A.6.7")))
    );
    let legal = &requirements[1]["legal_ref"];
    assert_eq!(legal["id"], "LEG-DPA2018");
    assert_eq!(legal["broken"], false);
    assert_eq!(legal["definitions"][0]["class"], "legal-entry");
    assert_eq!(legal["definitions"][0]["file"], LEGAL);
    assert_eq!(
        legal["definitions"][0]["line"].as_u64(),
        Some(line(&place(LEGAL, "- id: LEG-DPA2018")))
    );
    let findings: Vec<&str> = trace["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(findings, ["duplicate-id"]);
    assert_eq!(trace["findings"][0]["entry"], "REQ-EMP-03");
}

#[test]
fn explain_a_control_lists_who_cites_it_and_the_findings_along_the_way() {
    let trace = json_of(&reglint(&["explain", "A.5.24", ACME, "--format", "json"]));
    let citing: Vec<&str> = trace["cited_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["requirement"].as_str().unwrap())
        .collect();
    assert_eq!(
        citing,
        ["REQ-FIN-04", "REQ-HC-04", "REQ-ICO-01", "REQ-ICO-03"]
    );
    // Only the link through A.5.24 is shown under each citing requirement.
    for party in trace["chain"].as_array().unwrap() {
        for r in party["requirements"].as_array().unwrap() {
            let ids: Vec<&str> = r["addressed_by"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["id"].as_str().unwrap())
                .collect();
            assert_eq!(ids, ["A.5.24"]);
        }
    }
    // REQ-HC-04 also cites OBJ-30, which nothing defines: its finding is on the chain.
    let findings: Vec<&str> = trace["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(findings, ["unresolved-addressed-by"]);
}

#[test]
fn explain_an_id_only_cited_says_nothing_defines_it() {
    let output = reglint(&["explain", "OBJ-30", ACME]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "`OBJ-30` is cited but nothing defines it\n  help: did you mean `OBJ-03`?\n"
        ),
        "{text}"
    );
    let broken = format!(
        "addressed_by `OBJ-30`: nothing defines it (broken reference)  {}\n",
        place(PARTIES, "OBJ-30")
    );
    assert!(text.contains(&broken), "{text}");
    assert!(
        text.contains("\ncited by\n  REQ-HC-04 (addressed_by)  "),
        "{text}"
    );
}

#[test]
fn explain_shows_the_suppressions_and_exceptions_on_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture(ACME, dir.path());
    let path = dir.path().join("registers/interested-parties.yaml");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "        addressed_by: [A.5.20, A.8.30]\n",
        "        addressed_by: [A.5.20, A.8.30]  # reglint: allow addressed-by-not-applicable -- the supplier clause covers it until the SoA review\n",
    );
    std::fs::write(&path, text).unwrap();
    write(
        dir.path(),
        "registers/exceptions.yaml",
        b"kind: exceptions\nowner: CISO\nexceptions:\n  - id: EXC-001\n    rule: party-no-requirements\n    target: IP-SECURITY-COMMUNITY\n    reason: Community contact only.\n    approved_by: CISO\n    approved_on: 2026-10-01\n    expires: 2027-03-31\n",
    );

    let output = reglint_in(dir.path(), &["explain", "REQ-FIN-05"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let human = stdout(&output);
    assert!(
        human.contains(
            "      silenced (inline): the supplier clause covers it until the SoA review\n"
        ),
        "{human}"
    );
    assert!(
        human.contains("\nsuppressions and exceptions\n  inline allows addressed-by-not-applicable (active)  registers/interested-parties.yaml:151\n"),
        "{human}"
    );

    let trace = json_of(&reglint_in(
        dir.path(),
        &["explain", "IP-SECURITY-COMMUNITY", "--format", "json"],
    ));
    assert_eq!(trace["findings"][0]["name"], "party-no-requirements");
    assert_eq!(trace["findings"][0]["suppressed"], "exception");
    let deviation = &trace["deviations"][0];
    assert_eq!(deviation["kind"], "exception");
    assert_eq!(deviation["id"], "EXC-001");
    assert_eq!(deviation["state"], "active");
    assert_eq!(deviation["file"], "registers/exceptions.yaml");
    assert_eq!(trace["deviations"].as_array().unwrap().len(), 1);
}

#[test]
fn explain_an_unknown_word_suggests_the_nearest_id_and_rule() {
    let id = reglint(&["explain", "REQ-FIN-6", ACME]);
    assert_eq!(id.status.code(), Some(2));
    assert_eq!(
        stderr(&id),
        "error: no rule and no register id in `fixtures/acme` is named `REQ-FIN-6`; did you mean the id `REQ-FIN-06`?\n"
    );
    let rule = reglint(&["explain", "AD03", ACME]);
    assert_eq!(rule.status.code(), Some(2));
    assert!(
        stderr(&rule).ends_with("did you mean the rule `AD003`?\n"),
        "{}",
        stderr(&rule)
    );
    let both = reglint(&["explain", "IP00", ACME]);
    assert!(stderr(&both).contains("did you mean"), "{}", stderr(&both));
    let neither = reglint(&["explain", "zzzzzzzz", ACME]);
    assert_eq!(neither.status.code(), Some(2));
    assert!(
        stderr(&neither).contains("`reglint rules` lists every rule"),
        "{}",
        stderr(&neither)
    );
    assert!(stdout(&neither).is_empty());
}

#[test]
fn explain_rule_and_rule_print_the_same_rule_docs() {
    for word in ["RL001", "unresolved-addressed-by", "ad003"] {
        let explain = reglint(&["explain", word]);
        let rule = reglint(&["rule", word]);
        assert_eq!(explain.status.code(), Some(0), "{word}");
        assert_eq!(rule.status.code(), Some(0), "{word}");
        assert_eq!(stdout(&explain), stdout(&rule), "{word}");
        assert!(stdout(&rule).contains("\nseverity: error"), "{word}");
    }
    // A rule wins over the repository's ids, wherever it is asked.
    let in_repo = reglint(&["explain", "AD003", ACME]);
    assert!(stdout(&in_repo).starts_with("unresolved-addressed-by (AD003)\n"));
    let json = json_of(&reglint(&["rule", "AD003", "--format", "json"]));
    assert_eq!(json[0]["name"], "unresolved-addressed-by");
    let unknown = reglint(&["rule", "unresolved-adressed-by"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(
        stderr(&unknown),
        "error: no rule is named `unresolved-adressed-by`; did you mean `unresolved-addressed-by`?\n"
    );
}

/// The graph of a repository of the workspace as JSON.
fn acme_graph_of(repo: &str) -> Value {
    json_of(&reglint(&["graph", repo, "--format", "json"]))
}

/// The graph of acme as JSON.
fn acme_graph(extra: &[&str]) -> Value {
    let mut args = vec!["graph", ACME, "--format", "json"];
    args.extend_from_slice(extra);
    json_of(&reglint(&args))
}

fn node_ids(graph: &Value) -> BTreeSet<String> {
    graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn graph_json_marks_the_reference_acme_breaks() {
    let graph = acme_graph(&[]);
    let broken: Vec<&Value> = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["broken"] == true)
        .collect();
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert_eq!(broken[0]["from"], "REQ-HC-04");
    assert_eq!(broken[0]["to"], "OBJ-30");
    assert_eq!(broken[0]["kind"], "addressed_by");
    assert_eq!(broken[0]["file"], PARTIES);
    assert_eq!(
        broken[0]["line"].as_u64(),
        Some(line(&place(PARTIES, "OBJ-30")))
    );
    let placeholder: Vec<&Value> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["broken"] == true)
        .collect();
    assert_eq!(placeholder.len(), 1);
    assert_eq!(placeholder[0]["id"], "OBJ-30");
    assert!(placeholder[0]["class"].is_null());

    // Every kind of entry is a node; every edge joins two nodes; sorted and each once.
    let ids = node_ids(&graph);
    let classes: BTreeSet<&str> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["class"].as_str())
        .collect();
    assert_eq!(
        classes,
        BTreeSet::from([
            "control",
            "legal-entry",
            "objective",
            "party",
            "requirement",
            "risk",
            "scope-item"
        ])
    );
    let edges: Vec<(String, String, String)> = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_owned();
            (s("from"), s("to"), s("kind"))
        })
        .collect();
    let mut sorted = edges.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(edges, sorted);
    for (from, to, _) in &edges {
        assert!(ids.contains(from) && ids.contains(to), "{from} -> {to}");
    }
    assert!(edges.contains(&("REQ-FIN-02".into(), "LEG-DORA".into(), "legal_ref".into())));
    assert!(edges.contains(&(
        "IP-CUST-FIN".into(),
        "REQ-FIN-02".into(),
        "requirements".into()
    )));

    let clean = acme_graph_of("fixtures/acme-clean");
    assert!(
        clean["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["broken"] == false)
    );
    assert!(
        clean["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["broken"] == false)
    );

    let again = reglint(&["graph", ACME, "--format", "json"]);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&again)).unwrap(),
        graph
    );
    for format in ["dot", "mermaid"] {
        let one = reglint(&["graph", ACME, "--format", format]);
        let two = reglint(&["graph", ACME, "--format", format]);
        assert_eq!(one.stdout, two.stdout, "{format} output is deterministic");
    }
}

#[test]
fn graph_from_keeps_only_the_chain_through_the_id() {
    let chain = acme_graph(&["--from", "REQ-HC-04"]);
    assert_eq!(
        node_ids(&chain),
        BTreeSet::from(["A.5.24", "IP-CUST-HEALTH", "OBJ-30", "REQ-HC-04"].map(String::from)),
        "its party, what it cites, not its sibling requirements"
    );
    assert_eq!(chain["edges"].as_array().unwrap().len(), 3);

    let control = acme_graph(&["--from", "A.5.24"]);
    let ids = node_ids(&control);
    for id in ["REQ-FIN-04", "IP-CUST-FIN", "REQ-ICO-03", "IP-ICO"] {
        assert!(ids.contains(id), "{id}: {ids:?}");
    }
    assert!(
        !ids.contains("A.5.26"),
        "what REQ-FIN-04 also cites is off the chain"
    );
    assert!(!ids.contains("REQ-FIN-01"));

    let unknown = reglint(&["graph", ACME, "--from", "REQ-HC-4"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(
        stderr(&unknown),
        "error: no entry of the repository has the id `REQ-HC-4`; did you mean `REQ-HC-04`?\n"
    );
}

/// Checks a Mermaid flowchart's shape: every node declared once as `nI["label"]:::class`,
/// every edge between declared nodes, broken ones dashed and coloured by `linkStyle`.
/// Returns (labels, edges as (from label, to label, dashed)).
fn read_mermaid(text: &str) -> (Vec<String>, Vec<(String, String, bool)>) {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("flowchart LR"));
    let mut labels: Vec<(String, String)> = Vec::new();
    let mut edges = Vec::new();
    let mut dashed_at = Vec::new();
    let mut styled = Vec::new();
    for line in lines {
        let line = line.strip_prefix("  ").expect("indented");
        if let Some(rest) = line.strip_prefix("classDef ") {
            assert!(
                rest.split(' ')
                    .next()
                    .unwrap()
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
            );
        } else if let Some(rest) = line.strip_prefix("linkStyle ") {
            let (indices, _) = rest.split_once(' ').unwrap();
            styled = indices
                .split(',')
                .map(|i| i.parse::<usize>().unwrap())
                .collect();
        } else if let Some((name, rest)) = line.split_once("[\"") {
            let (label, class) = rest.rsplit_once("\"]:::").expect("node line");
            assert!(
                name.starts_with('n') && name[1..].parse::<usize>().is_ok(),
                "{line}"
            );
            assert!(
                !label.contains('"'),
                "a quote inside a label ends it: {line}"
            );
            assert!(
                class.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "{line}"
            );
            labels.push((name.to_owned(), label.to_owned()));
        } else {
            let parts: Vec<&str> = line.split(' ').collect();
            assert_eq!(parts.len(), 3, "edge line: {line}");
            let dashed = parts[1].starts_with("-.->|");
            assert!(dashed || parts[1].starts_with("-->|"), "{line}");
            if dashed {
                dashed_at.push(edges.len());
            }
            let label = |name: &str| {
                labels
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, l)| l.clone())
                    .unwrap_or_else(|| panic!("edge to an undeclared node: {line}"))
            };
            edges.push((label(parts[0]), label(parts[2]), dashed));
        }
    }
    assert_eq!(styled, dashed_at, "the broken edges are the styled ones");
    (labels.into_iter().map(|(_, l)| l).collect(), edges)
}

#[test]
fn graph_mermaid_declares_every_node_and_dashes_the_broken_edge() {
    let graph = acme_graph(&[]);
    let output = reglint(&["graph", ACME, "--format", "mermaid"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (labels, edges) = read_mermaid(&stdout(&output));
    assert_eq!(
        labels.iter().cloned().collect::<BTreeSet<_>>(),
        node_ids(&graph)
    );
    assert_eq!(edges.len(), graph["edges"].as_array().unwrap().len());
    let dashed: Vec<&(String, String, bool)> = edges.iter().filter(|e| e.2).collect();
    assert_eq!(
        dashed,
        [&("REQ-HC-04".to_owned(), "OBJ-30".to_owned(), true)]
    );
}

/// A repository whose ids hold everything that could end a quote or start markup.
fn hostile_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "reglint.yaml", b"version: 1\n");
    write(
        dir.path(),
        "registers/parties.yaml",
        br#"kind: interested-parties
owner: CISO
last_reviewed: 2026-06-01
parties:
  - id: 'IP-x"]; evil [label="pwn'
    name: Hostile
    category: external
    relationship: customer
    relevant: true
    requirements:
      - id: 'REQ-back\slash\'
        type: contractual
        description: d
        addressed: true
        addressed_by: ['A.5.24', 'OBJ-<b>#1</b>|`x`', 'MISSING-"id', end]
"#,
    );
    write(
        dir.path(),
        "registers/soa.yaml",
        b"kind: statement-of-applicability\nowner: CISO\ncontrols:\n  - id: A.5.24\n    title: Incident planning\n    applicable: true\n    status: implemented\n",
    );
    write(
        dir.path(),
        "registers/objectives.yaml",
        b"kind: objectives\nobjectives:\n  - id: 'OBJ-<b>#1</b>|`x`'\n    title: t\n  - id: end\n    title: a keyword in both languages\n",
    );
    dir
}

const HOSTILE: [&str; 6] = [
    "A.5.24",
    "IP-x\"]; evil [label=\"pwn",
    "MISSING-\"id",
    "OBJ-<b>#1</b>|`x`",
    "REQ-back\\slash\\",
    "end",
];

#[test]
fn hostile_ids_stay_inside_their_mermaid_labels() {
    let dir = hostile_repository();
    let output = reglint_in(dir.path(), &["graph", "--format", "mermaid"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (labels, edges) = read_mermaid(&stdout(&output));
    assert_eq!(labels.len(), HOSTILE.len());
    assert_eq!(
        labels[1], "IP-x#quot;]; evil [label=#quot;pwn",
        "quotes become entities"
    );
    assert_eq!(labels[3], "OBJ-#lt;b#gt;#35;1#lt;/b#gt;#124;#96;x#96;");
    assert_eq!(labels[4], "REQ-back#92;slash#92;");
    assert_eq!(edges.len(), 5);
    let json = json_of(&reglint_in(dir.path(), &["graph", "--format", "json"]));
    assert_eq!(node_ids(&json), HOSTILE.map(String::from).into());
}

/// Runs `dot -Tjson` on DOT text: the graph Graphviz read, or a failure with its message.
fn graphviz(dot: &[u8]) -> Value {
    use std::io::Write as _;
    let mut child = Command::new(super::tools::dot())
        .arg("-Tjson")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(dot).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "dot: {}", stderr(&output));
    assert!(output.stderr.is_empty(), "dot warns: {}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// (name, attribute) of each node Graphviz read.
fn dot_nodes(graph: &Value) -> Vec<(String, String)> {
    graph["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["name"].as_str().unwrap().to_owned(),
                o["style"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
#[cfg_attr(
    not(has_dot),
    ignore = "skipped: dot is not installed (.ci/tools.sh installs it)"
)]
fn graph_dot_is_read_by_graphviz_with_the_broken_edge_dashed() {
    let json = acme_graph(&[]);
    let output = reglint(&["graph", ACME]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let read = graphviz(&output.stdout);
    let nodes = dot_nodes(&read);
    let names: BTreeSet<String> = nodes.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(names, node_ids(&json));
    assert!(nodes.contains(&("OBJ-30".to_owned(), "dashed".to_owned())));
    let edges = read["edges"].as_array().unwrap();
    assert_eq!(edges.len(), json["edges"].as_array().unwrap().len());
    let dashed: Vec<(&str, &str, &str)> = edges
        .iter()
        .filter(|e| e["style"] == "dashed")
        .map(|e| {
            let name = |i: &Value| nodes[i.as_u64().unwrap() as usize].0.as_str();
            (
                name(&e["tail"]),
                name(&e["head"]),
                e["color"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(dashed, [("REQ-HC-04", "OBJ-30", "red")]);
}

#[test]
#[cfg_attr(
    not(has_dot),
    ignore = "skipped: dot is not installed (.ci/tools.sh installs it)"
)]
fn hostile_ids_stay_inside_their_dot_quotes() {
    let dir = hostile_repository();
    let output = reglint_in(dir.path(), &["graph"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let read = graphviz(&output.stdout);
    let names: Vec<String> = dot_nodes(&read).into_iter().map(|(n, _)| n).collect();
    // DOT keeps a backslash escaped in a name (`\\`): everything else reads back as written.
    let expected: Vec<String> = HOSTILE.iter().map(|id| id.replace('\\', "\\\\")).collect();
    assert_eq!(names, expected);
    assert_eq!(read["edges"].as_array().unwrap().len(), 5);
}

#[test]
fn workbench_commands_are_about_one_repository() {
    let output = reglint(&["graph", "fixtures/rules/duplicate-id"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.starts_with("error: `fixtures/rules/duplicate-id` holds ")
            && message.contains("register repositories (")
            && message.ends_with("): name one of them\n"),
        "{message}"
    );
    let explain = reglint(&["explain", "REQ-1", "fixtures/rules/duplicate-id"]);
    assert_eq!(explain.status.code(), Some(2));
    assert!(stderr(&explain).contains("name one of them"));
    let missing = reglint(&["graph", "no/such/folder"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn rules_coverage_lists_the_clauses_with_their_rules() {
    let output = reglint(&["rules", "--coverage"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("\n4.2 a)    Interested parties relevant to the ISMS\n            IP001 missing-parties-register\n"),
        "{text}"
    );
    assert!(text.contains("\n4.2 b)    The relevant requirements of these interested parties\n            RQ001 party-no-requirements\n"), "{text}");
    assert!(text.contains("\n4.2 c)    Which requirements are addressed through the ISMS\n            AD001 missing-addressed\n"), "{text}");
    assert!(
        text.contains("\n6.1.2     Information security risk assessment: not checked\n"),
        "{text}"
    );
    assert!(text.contains("\n7.4       Communication\n            UP004 missing-communication\n"));
    assert!(
        text.ends_with("rules from organisation folders\n"),
        "{text}"
    );

    let json = json_of(&reglint(&["rules", "--coverage", "--format", "json"]));
    let clause = |c: &str| {
        json["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["clause"] == c)
            .cloned()
            .unwrap_or_else(|| panic!("{c} is listed"))
    };
    let names = |c: &Value| -> Vec<String> {
        c["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        names(&clause("4.2 c)")),
        [
            "missing-addressed",
            "addressed-without-addressed-by",
            "unresolved-addressed-by",
            "addressed-by-not-applicable",
            "unaddressed-without-justification",
            "legacy-control-id"
        ]
    );
    assert_eq!(clause("6.1.3 d)")["checked"], true);
    assert_eq!(clause("4.3")["checked"], false);
    assert!(names(&clause("4.3")).is_empty());
    let order: Vec<&str> = json["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["clause"].as_str().unwrap())
        .collect();
    assert_eq!(&order[..5], ["4.1", "4.2", "4.2 a)", "4.2 b)", "4.2 c)"]);
    let unclassified: Vec<&str> = json["without_clause"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert!(unclassified.contains(&"yaml-syntax") && unclassified.contains(&"rule-error"));

    let markdown = stdout(&reglint(&["rules", "--coverage", "--format", "markdown"]));
    assert!(markdown.starts_with("| Clause | Heading | Rules |\n|---|---|---|\n"));
    assert!(markdown.contains("\n| 4.3 | Determining the scope of the ISMS | not checked |\n"));
}

#[test]
fn rules_coverage_marks_what_an_organisation_folder_adds() {
    let folder = "fixtures/org-rules/privacy";
    let output = reglint(&["rules", "--coverage", "--rules", folder]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("            ORG201 processor-without-art28-requirement (organisation: fixtures/org-rules/privacy/rules/processor-without-art28-requirement.rhai)\n"),
        "{text}"
    );
    assert!(
        text.ends_with("; 1 rule from organisation folders\n"),
        "{text}"
    );
    let json = json_of(&reglint(&[
        "rules",
        "--coverage",
        "--rules",
        folder,
        "--format",
        "json",
    ]));
    let b = json["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["clause"] == "4.2 b)")
        .unwrap();
    let marked: Vec<(&str, bool)> = b["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap(), r["organisation"].is_string()))
        .collect();
    assert!(marked.contains(&("processor-without-art28-requirement", true)));
    assert!(marked.contains(&("party-no-requirements", false)));
    assert_eq!(marked.iter().filter(|(_, org)| *org).count(), 1);
}

#[test]
fn workbench_views_read_the_repository_as_check_configures_it() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture(ACME, dir.path());
    let config = dir.path().join("reglint.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("ignore:\n  - registers/scope.yaml\n");
    std::fs::write(&config, text).unwrap();

    // With the scope register not read, what cites its items points at nothing.
    let graph = json_of(&reglint_in(dir.path(), &["graph", "--format", "json"]));
    let broken: BTreeSet<String> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["broken"] == true)
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        broken.contains("SCOPE-01") && broken.contains("OBJ-30"),
        "{broken:?}"
    );
    let trace = json_of(&reglint_in(
        dir.path(),
        &["explain", "REQ-HC-03", "--format", "json"],
    ));
    let scope = &trace["chain"][0]["requirements"][0]["addressed_by"][1];
    assert_eq!(scope["id"], "SCOPE-01");
    assert_eq!(scope["broken"], true);
    let findings: Vec<&str> = trace["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        findings,
        ["unresolved-addressed-by"],
        "the check's finding too"
    );

    // Rule selection reaches the findings shown, as it reaches check's.
    let ignored = json_of(&reglint(&[
        "explain",
        "REQ-FIN-05",
        ACME,
        "--ignore",
        "AD004",
        "--format",
        "json",
    ]));
    assert_eq!(ignored["findings"], serde_json::json!([]));
}
