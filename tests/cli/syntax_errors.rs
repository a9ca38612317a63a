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

/// What a `yaml-syntax` finding says.
struct Reported {
    at: (u64, u64),
    message: String,
    help: String,
    /// The secondary labels: (line, column, label).
    labels: Vec<(u64, u64, String)>,
}

/// The one `yaml-syntax` finding of a register, which keeps the parser's words as a note.
fn syntax_error(text: &str) -> Reported {
    let (code, lines) = check(text, &["yaml-syntax"]);
    assert_eq!(code, Some(1));
    assert_eq!(lines.len(), 1, "{lines:#?}");
    let d = &lines[0];
    let notes: Vec<&str> = d["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notes[0].starts_with("the YAML parser said: "),
        "the parser's words are kept as a note: {notes:?}"
    );
    let labels = d["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["line"].as_u64().unwrap(),
                l["column"].as_u64().unwrap(),
                l["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    Reported {
        at: at(d),
        message: d["message"].as_str().unwrap().to_owned(),
        help: d["help"].as_str().unwrap_or_default().to_owned(),
        labels,
    }
}

const HEAD: &str = "kind: interested-parties\nowner: CISO\nlast_reviewed: 2026-10-01\nparties:\n";

#[test]
fn a_tab_in_the_indentation_is_pointed_at_on_its_own_line() {
    // saphyr reports this one at the end of the line before (#8 §3).
    let text = format!("{HEAD}  - id: IP-1\n\tname: Bank\n");
    let Reported {
        at, message, help, ..
    } = syntax_error(&text);
    assert_eq!(at, (6, 1));
    assert_eq!(message, "this line is indented with a tab");
    assert_eq!(
        help,
        "indent with spaces: YAML does not allow tabs in indentation"
    );
}

#[test]
fn a_key_indented_unlike_its_siblings_names_the_sibling() {
    let less = format!("{HEAD}  - id: IP-1\n    name: Bank\n   category: external\n");
    let Reported {
        at, message, help, ..
    } = syntax_error(&less);
    assert_eq!(at, (7, 4));
    assert_eq!(
        message,
        "key `category` is indented less than `name` on line 6"
    );
    assert_eq!(
        help,
        "indent `category` like `name` (4 spaces) if it belongs to the same mapping, or like a key of the mapping around it"
    );
    let more = format!("{HEAD}  - id: IP-1\n    name: Bank\n     category: external\n");
    let Reported {
        at, message, help, ..
    } = syntax_error(&more);
    assert_eq!(at, (7, 6));
    assert_eq!(
        message,
        "key `category` is indented more than `name` on line 6"
    );
    assert_eq!(
        help,
        "indent `category` like `name` (4 spaces) if it is a key of the same mapping; if the line continues the value above, put that whole value in quotes"
    );
}

#[test]
fn a_key_value_line_among_list_items_says_it_is_not_an_item() {
    let text = "kind: scope\nowner: CISO\nitems:\n  - Payments platform\n  Office: Berlin\n";
    let Reported {
        at,
        message,
        help,
        labels,
    } = syntax_error(text);
    assert_eq!(at, (5, 3));
    assert_eq!(
        message,
        "`Office: Berlin` is a `key: value` among list items, but not a list item itself"
    );
    assert_eq!(
        help,
        "start the line with `- ` if it is another item, quoted if the `:` is part of the text: `- \"Office: Berlin\"`"
    );
    assert_eq!(
        labels,
        [(4, 3, "the list's items start with `-` here".to_owned())]
    );
    // A field of the item above written at the item's `-`.
    let field = format!("{HEAD}  - id: IP-1\n  name: Bank\n");
    let Reported { at, help, .. } = syntax_error(&field);
    assert_eq!(at, (6, 3));
    assert_eq!(
        help,
        "indent `name` like `id` (4 spaces) if it belongs to the item on line 5, or start the line with `- ` if it is a new item"
    );
}

#[test]
fn an_unclosed_quote_is_blamed_where_it_opens() {
    let text = format!("{HEAD}  - id: IP-1\n    name: \"Bank of Ürsel\n    category: external\n");
    let Reported {
        at,
        message,
        help,
        labels,
    } = syntax_error(&text);
    assert_eq!(at, (6, 11));
    assert_eq!(
        message,
        "the string opened with `\"` here is not closed on its line"
    );
    assert_eq!(
        help,
        "end the string with `\"` on the same line; a quoted string that runs on over several lines needs those lines indented under its key"
    );
    assert_eq!(
        labels,
        [(
            7,
            5,
            "this line is not indented under the string's key".to_owned()
        )]
    );
}

#[test]
fn an_unclosed_bracket_or_brace_is_blamed_where_it_opens() {
    let list = format!(
        "{HEAD}  - id: IP-1\n    requirements:\n      - id: R-1\n        addressed_by: [A.8.24, A.5.1\n        source: MSA\n"
    );
    let Reported {
        at,
        message,
        help,
        labels,
    } = syntax_error(&list);
    assert_eq!(at, (8, 23));
    assert_eq!(message, "the list opened with `[` here is not closed");
    assert_eq!(
        help,
        "close the list with `]` after its last item, e.g. `[A.5.1, A.8.24]`"
    );
    assert_eq!(labels, [(9, 15, "the parser gave up here".to_owned())]);
    let map = format!("{HEAD}  - {{id: IP-1, name: Bank\n  - id: IP-2\n");
    let Reported {
        at, message, help, ..
    } = syntax_error(&map);
    assert_eq!(at, (5, 5));
    assert_eq!(message, "the mapping opened with `{` here is not closed");
    assert_eq!(
        help,
        "close the mapping with `}` after its last entry, e.g. `{id: A, title: B}`"
    );
}

#[test]
fn a_colon_inside_an_unquoted_value_asks_for_quotes() {
    let text = "kind: scope\nowner: CISO\ndescription: Note: the café is out of scope\nitems: []\n";
    let Reported {
        at, message, help, ..
    } = syntax_error(text);
    assert_eq!(at, (3, 18));
    assert_eq!(
        message,
        "the value of `description` holds `: ` but is not quoted, so YAML reads it as another key"
    );
    assert_eq!(
        help,
        "put the value in quotes: `description: \"Note: the café is out of scope\"`"
    );
}

#[test]
fn an_unrecognised_syntax_error_is_plain_and_keeps_the_parser_words() {
    let text = "kind: scope\nowner: CISO\nitems: [a, b: c: d]\n";
    let Reported {
        at, message, help, ..
    } = syntax_error(text);
    assert_eq!(at, (3, 16));
    assert_eq!(message, "this line is not valid YAML");
    assert_eq!(help, "");
}

/// `- text with: colon` is valid YAML, a mapping of one entry: where a list of ids was meant,
/// the help says to quote it.
#[test]
fn a_list_item_with_a_colon_where_an_id_was_meant_asks_for_quotes() {
    let text = format!(
        "{HEAD}  - id: IP-1\n    requirements:\n      - id: R-1\n        addressed_by:\n          - A.8.24\n          - Note: see contract\n"
    );
    let (code, lines) = check(&text, &["wrong-type"]);
    assert_eq!(code, Some(1));
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!(at(&lines[0]), (10, 13));
    assert_eq!(
        lines[0]["message"],
        "each item of `addressed_by` must be a single id, but this one is a mapping"
    );
    assert_eq!(
        lines[0]["help"],
        "quote the item if the `:` is part of the text: `- \"Note: see contract\"`"
    );
}
