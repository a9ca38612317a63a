//! Registers that do not read as intended: YAML syntax errors explained in YAML terms with
//! the parser's own words as a note, findings located at an alias's use rather than its
//! anchor, keys that are not names, and values too long for a rule to hold (#8).

use serde_json::Value;

use crate::{check_jsonl_in, jsonl, only, write};

/// A repository of one register file `r.yaml` holding `text`, checked with `--format jsonl`:
/// the exit code and the diagnostics of the named rules.
fn check(text: &str, names: &[&str]) -> (Option<i32>, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "reglint.yaml", b"version: 1\n");
    write(dir.path(), "r.yaml", text.as_bytes());
    let output = check_jsonl_in(dir.path(), &[]);
    (output.status.code(), only(jsonl(&output), names))
}

/// (line, column) of a diagnostic.
fn at(d: &Value) -> (u64, u64) {
    (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap())
}

/// A register value longer than a script string may be (#8 §5) is reported at the value and cut
/// short, so no rule fails on it: the run finds problems (1), it does not break (2).
#[test]
fn a_value_over_a_mebibyte_is_located_and_no_rule_fails_on_it() {
    let text = format!(
        "kind: interested-parties\nowner: {}\nlast_reviewed: 2026-10-01\ndescription: {}\nparties:\n  - id: IP-1\n",
        "o".repeat(1_500_000),
        "d".repeat(1_500_000),
    );
    let (code, lines) = check(&text, &["yaml-syntax", "rule-error"]);
    assert_eq!(code, Some(1), "{lines:#?}");
    let got: Vec<_> = lines
        .iter()
        .map(|d| {
            (
                at(d),
                d["name"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ((2, 8), "yaml-syntax", "owner"),
            ((4, 14), "yaml-syntax", "description"),
        ]
    );
    assert_eq!(
        lines[1]["message"],
        "value is 1500000 bytes long, over the 1048576 byte limit for one value"
    );
}

/// A block list starting at the very end of the file is pointed at by its `-`, inside the file
/// (#8 §5: it used to get a span one byte past the end).
#[test]
fn a_list_at_the_end_of_the_file_is_located_inside_the_file() {
    let text = "kind: scope\nitems: []\nowner:\n-";
    let (code, lines) = check(text, &["wrong-type"]);
    assert_eq!(code, Some(1));
    let d = &lines[0];
    assert_eq!(
        d["message"],
        "`owner` must be a single value, but it is a list"
    );
    assert_eq!(at(d), (4, 1));
    assert_eq!(
        (d["start"].as_u64(), d["end"].as_u64()),
        (Some(29), Some(30))
    );
    assert_eq!(text.len(), 30);
}

/// A list or mapping used as a key (`? [a, b]`) is reported where it is written, in the open
/// entries of a scope as in a closed top level (#8 §5: it used to be dropped without a word).
#[test]
fn a_list_or_mapping_as_a_key_is_a_located_error() {
    let text =
        "kind: scope\nowner: CISO\n? [a, b]\n: 1\nitems:\n  - id: S-1\n    ? {x: 1}\n    : 2\n";
    let (code, lines) = check(text, &["wrong-type", "unknown-field"]);
    assert_eq!(code, Some(1));
    let got: Vec<_> = lines
        .iter()
        .map(|d| {
            (
                at(d),
                d["message"].as_str().unwrap(),
                d["label"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                (3, 3),
                "a key must be a plain name, but this one is a list",
                "not a name"
            ),
            (
                (7, 7),
                "a key must be a plain name, but this one is a mapping",
                "not a name"
            ),
        ]
    );
    assert_eq!(
        lines[0]["help"],
        "write the key as a name followed by `:` (e.g. `notes:`); reglint cannot read a list or mapping as a key"
    );
}

/// A finding on a value reached through an alias points at the alias, where the value is
/// used, not at its anchor (#8 §5).
#[test]
fn a_finding_on_an_aliased_value_points_at_the_alias() {
    let text = "kind: interested-parties\nowner: CISO\nlast_reviewed: 2026-10-01\n\
        description: &bad externel\nparties:\n  - id: IP-1\n    name: Bank\n    category: *bad\n\
        \x20   relationship: customer\n    relevant: false\n    rationale: not in scope\n";
    let (code, lines) = check(text, &["invalid-category"]);
    assert_eq!(code, Some(1));
    assert_eq!(lines.len(), 1, "{lines:#?}");
    let d = &lines[0];
    assert_eq!(at(d), (8, 15));
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(8), Some(19))
    );
    assert_eq!(d["path"], "parties[0].category");
    assert_eq!(d["entry"], "IP-1");
}
