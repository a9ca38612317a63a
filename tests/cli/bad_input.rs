//! Input reglint cannot take at face value: broken, binary or hostile registers become
//! located diagnostics while the other files are still checked, and usage errors exit 2.

use crate::{TODAY, jsonl, only, places, reglint, reglint_in, stderr, write};

#[test]
fn bad_input_is_located_and_the_other_files_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "reglint.yaml", b"version: 1\n");
    write(
        d,
        "a-syntax.yaml",
        b"kind: scope\nitems: [SCOPE-1, SCOPE-2\nowner: CISO\n",
    );
    write(
        d,
        "b-duplicate.yaml",
        b"kind: scope\nowner: CISO\nowner: CFO\nitems: []\nowner: CTO\n",
    );
    write(d, "c-latin1.yaml", b"kind: scope\nowner: Soci\xe9t\xe9\n");
    write(d, "d-binary.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    // Risks are open entries, so the bomb's keys are not unknown fields: only its size matters.
    let mut bomb = String::from(
        "kind: risk-register\nowner: CISO\nrisks:\n  - id: RISK-1\n    a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for i in 1..30 {
        let p = i - 1;
        bomb.push_str(&format!(
            "    a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    write(d, "e-alias-bomb.yaml", bomb.as_bytes());
    write(
        d,
        "f-deep.yaml",
        format!("kind: scope\nowner: {}\n", "[".repeat(200)).as_bytes(),
    );
    write(d, "g-types.yaml", b"kind: interested-parties\nowner: CISO\nparties:\n  - id: IP-1\n    relevant: yes\n    requirements: none\n");
    write(d, "h-nokind.yaml", b"# notes\ntitle: Meeting notes\n");
    write(d, "i-unknown.yaml", b"kind: risk-registr\nowner: CISO\n");
    write(d, "j-good.yaml", b"kind: objectives\nowner: CISO\nobjectives:\n  - id: OBJ-1\n    title: A\n  - id: OBJ-1\n    title: B\n");
    let output = reglint_in(d, &["check", "--format", "jsonl", "--today", TODAY]);
    assert_eq!(output.status.code(), Some(1));
    let lines = only(
        jsonl(&output),
        &[
            "yaml-syntax",
            "duplicate-key",
            "unknown-kind",
            "wrong-type",
            "duplicate-id",
        ],
    );
    let got: Vec<(String, u64, u64, String, String)> = lines
        .iter()
        .zip(places(&lines))
        .map(|(v, (f, l, c, n))| (f, l, c, n, v["message"].as_str().unwrap().to_owned()))
        .collect();
    let want = [
        (
            "a-syntax.yaml",
            2,
            8,
            "yaml-syntax",
            "the list opened with `[` here is not closed",
        ),
        (
            "b-duplicate.yaml",
            3,
            1,
            "duplicate-key",
            "key `owner` appears more than once in this mapping",
        ),
        (
            "b-duplicate.yaml",
            5,
            1,
            "duplicate-key",
            "key `owner` appears more than once in this mapping",
        ),
        (
            "c-latin1.yaml",
            2,
            12,
            "yaml-syntax",
            "file is not valid UTF-8: invalid byte 0xe9 at offset 23",
        ),
        (
            "d-binary.yaml",
            1,
            1,
            "yaml-syntax",
            "file is binary, not YAML text",
        ),
        (
            "f-deep.yaml",
            2,
            71,
            "yaml-syntax",
            "invalid YAML: nesting deeper than 64 levels; reglint stops reading this file here",
        ),
        (
            "g-types.yaml",
            5,
            15,
            "wrong-type",
            "`relevant` must be `true` or `false`, not `yes`",
        ),
        (
            "g-types.yaml",
            6,
            19,
            "wrong-type",
            "`requirements` must be a list of requirements, but it is the string `none`",
        ),
        (
            "h-nokind.yaml",
            2,
            1,
            "unknown-kind",
            "document has no `kind`, so reglint does not check it",
        ),
        (
            "i-unknown.yaml",
            1,
            7,
            "unknown-kind",
            "unknown document kind `risk-registr`, so reglint does not check it",
        ),
        (
            "j-good.yaml",
            6,
            9,
            "duplicate-id",
            "id `OBJ-1` is already defined in this repository",
        ),
    ];
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!(
            (g.0.as_str(), g.1, g.2, g.3.as_str()),
            (w.0, w.1, w.2, w.3),
            "{g:?}"
        );
        assert!(g.4.starts_with(w.4), "{g:?} should start with {:?}", w.4);
    }
    // The repeats are each labelled with the first `owner`.
    assert_eq!(lines[1]["labels"][0]["line"], 2);
    assert_eq!(lines[2]["labels"][0]["line"], 2);
    assert_eq!(
        lines[6]["help"],
        "write `relevant: true`: YAML 1.2 reads `yes` as a string, not a boolean"
    );
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let missing = reglint(&["check", "no/such/register"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        stderr(&missing),
        "error: path `no/such/register` does not exist: nothing was checked\n"
    );
    let bad_date = reglint(&["check", "fixtures/acme", "--today", "22/11/2026"]);
    assert_eq!(bad_date.status.code(), Some(2));
    assert!(stderr(&bad_date).contains("`22/11/2026` is not a date in the form YYYY-MM-DD"));
    let bad_rules = reglint(&["check", "fixtures/acme", "--rules", "no/such/rules"]);
    assert_eq!(bad_rules.status.code(), Some(2));
    assert!(stderr(&bad_rules).starts_with("error: cannot read rule folder `no/such/rules`"));
}
