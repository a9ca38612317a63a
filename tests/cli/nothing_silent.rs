//! Nothing silent (#8): a run that checked nothing, a date that does not exist, a mistyped
//! flag, a rule written in another case, an `info` finding, and a register that tries to
//! talk to the terminal all say what happened, and never in a way that misleads.

use crate::{TODAY, jsonl, only, reglint, reglint_in, stderr, stdout, workspace, write};

const CASE: &str = "fixtures/rules/missing-communication/communication-absent";

#[test]
fn a_named_file_that_is_not_yaml_exits_2_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.txt", b"not a register\n");
    write(
        dir.path(),
        "scope.yaml",
        b"kind: scope\nowner: CISO\nitems: []\n",
    );
    let output = reglint_in(dir.path(), &["check", "notes.txt", "--today", TODAY]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(
            "error: `notes.txt` is not a register file (*.yaml, *.yml): nothing was checked"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_folder_without_registers_exits_2_unless_empty_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "docs/readme.md", b"# docs\n");
    let output = reglint_in(dir.path(), &["check", "docs", "--today", TODAY]);
    assert_eq!(output.status.code(), Some(2));
    let message = "`docs` holds no register file (*.yaml, *.yml): nothing was checked";
    assert!(
        stderr(&output).contains(&format!("error: {message}")),
        "{}",
        stderr(&output)
    );

    let allowed = reglint_in(
        dir.path(),
        &["check", "docs", "--allow-empty", "--today", TODAY],
    );
    assert_eq!(allowed.status.code(), Some(0));
    assert!(stderr(&allowed).contains(&format!("note: {message}")));

    // One empty path among good ones is still a wrong path.
    write(
        dir.path(),
        "regs/scope.yaml",
        b"kind: scope\nowner: CISO\nitems: []\n",
    );
    let mixed = reglint_in(dir.path(), &["check", "regs", "docs", "--today", TODAY]);
    assert_eq!(mixed.status.code(), Some(2));
}

#[test]
fn a_path_that_does_not_exist_exits_2_even_when_empty_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    for extra in [&[][..], &["--allow-empty"][..]] {
        let mut args = vec!["check", "regsiters", "--today", TODAY];
        args.extend_from_slice(extra);
        let output = reglint_in(dir.path(), &args);
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr(&output).contains("path `regsiters` does not exist: nothing was checked"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn a_date_that_does_not_exist_is_told_from_a_malformed_one() {
    let impossible = reglint(&["check", CASE, "--today", "2026-02-30"]);
    assert_eq!(impossible.status.code(), Some(2));
    let text = stderr(&impossible);
    assert!(
        text.contains(
            "has the form YYYY-MM-DD, but the day does not exist: February 2026 has 28 days"
        ),
        "{text}"
    );
    let malformed = reglint(&["check", CASE, "--today", "30.02.2026"]);
    assert_eq!(malformed.status.code(), Some(2));
    assert!(stderr(&malformed).contains("is not a date in the form YYYY-MM-DD"));
}

#[test]
fn bad_flags_get_no_tip_that_turns_them_into_paths() {
    for value in ["-1", "0", "many"] {
        let output = reglint(&["check", CASE, "--threads", value]);
        assert_eq!(output.status.code(), Some(2));
        let text = stderr(&output);
        assert!(
            text.contains("--threads takes a whole number of 1 or more"),
            "{text}"
        );
        assert!(!text.contains("-- -1"), "{text}");
    }
    let unknown = reglint(&["check", "--bogus", CASE]);
    assert_eq!(unknown.status.code(), Some(2));
    let text = stderr(&unknown);
    assert!(text.contains("unexpected argument '--bogus'"), "{text}");
    assert!(!text.contains("to pass"), "{text}");
    // A near flag is still suggested.
    let near = stderr(&reglint(&["check", "--thread", "2", CASE]));
    assert!(
        near.contains("a similar argument exists: '--threads'"),
        "{near}"
    );
    assert!(!near.contains("to pass"), "{near}");
}

#[test]
fn the_checks_built_into_reglint_are_explained_like_rules() {
    for (word, header) in [
        ("RL001", "rule-error (RL001)"),
        ("rule-error", "rule-error (RL001)"),
        ("RL009", "unreadable-path (RL009)"),
        ("skipped-path", "skipped-path (RL010)"),
    ] {
        let output = reglint(&["explain", word]);
        assert_eq!(output.status.code(), Some(0), "{word}");
        assert!(stdout(&output).starts_with(header), "{}", stdout(&output));
    }
    let docs = std::fs::read_to_string(workspace().join("docs/rules.md")).unwrap();
    for name in ["rule-error", "unreadable-path", "skipped-path"] {
        assert!(docs.contains(&format!("\n## {name}\n")), "{name}");
    }
}

#[test]
fn rule_names_and_codes_match_whatever_their_case() {
    for word in ["ad001", "Missing-Addressed", "AD001"] {
        let output = reglint(&["explain", word]);
        assert_eq!(output.status.code(), Some(0), "{word}");
        assert!(stdout(&output).starts_with("missing-addressed (AD001)"));
    }
    let selected = reglint(&[
        "check", CASE, "--select", "up004", "--format", "jsonl", "--today", TODAY,
    ]);
    assert_eq!(selected.status.code(), Some(0), "{}", stderr(&selected));
    let names: Vec<String> = jsonl(&selected)
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["missing-communication"]);
    let ignored = reglint(&[
        "check",
        CASE,
        "--ignore",
        "Missing-Communication,rq",
        "--format",
        "jsonl",
        "--today",
        TODAY,
    ]);
    let lines = jsonl(&ignored);
    assert!(!lines.is_empty());
    assert_eq!(
        only(lines, &["missing-communication", "unresolved-legal-ref"]).len(),
        0
    );
}

#[test]
fn an_unknown_rule_suggests_the_nearest_ones() {
    let close = reglint(&["explain", "missing-ownr"]);
    assert_eq!(close.status.code(), Some(2));
    assert!(
        stderr(&close).contains("did you mean `missing-owner`?"),
        "{}",
        stderr(&close)
    );
    let far = reglint(&["explain", "zzzzzzzz"]);
    assert!(stderr(&far).contains("`reglint rules` lists every rule"));
}

#[test]
fn info_findings_are_headed_info_in_human_output() {
    for color in ["never", "always"] {
        let output = reglint(&[
            "check",
            CASE,
            "--select",
            "missing-communication",
            "--color",
            color,
            "--today",
            TODAY,
        ]);
        let text = stdout(&output);
        assert!(text.contains("info[UP004/missing-communication]"), "{text}");
        assert!(!text.contains("note[UP004"), "{text}");
        if color == "never" {
            insta::assert_snapshot!("info_human", text);
        }
    }
}

/// Every character that would make a terminal act rather than print.
const HOSTILE: [&str; 8] = [
    "\u{1b}]0;pwned\u{7}", // retitle the terminal, ended by BEL
    "\u{1b}[2J",           // clear the screen
    "\u{7}",               // bell
    "\r0 errors",          // carriage return over the line
    "\u{202e}",            // right-to-left override
    "\u{2066}",            // left-to-right isolate
    "\u{9b}",              // C1 control sequence introducer
    "\u{8}",               // backspace
];

#[test]
fn terminal_controls_in_registers_and_file_names_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "reglint.yaml", b"version: 1\n");
    let mut register = String::new();
    for (i, hostile) in HOSTILE.iter().enumerate() {
        // Each value lands in a message (`unknown document kind ...`), a label and a snippet.
        register.push_str(&format!(
            "---\nkind: \"sc{}ope{i}\"\nowner: CISO\n",
            hostile.replace('\r', "\\r")
        ));
    }
    // The same characters raw in a source line (a comment), outside any quoted scalar.
    register.push_str(&format!(
        "---\nkind: sc0pe # {}\n",
        HOSTILE.concat().replace('\r', "")
    ));
    write(dir.path(), "registers.yaml", register.as_bytes());
    // File names with a line break and an escape, where the file system allows them.
    #[cfg(unix)]
    write(dir.path(), "bad\nname\u{1b}[2J.yaml", b"kind: sc0pe\n");

    for args in [
        &["--format", "short"][..],
        &["--color", "never"][..],
        &["--color", "always"][..],
    ] {
        let mut all = vec!["check", "--today", TODAY];
        all.extend_from_slice(args);
        let output = reglint_in(dir.path(), &all);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = String::from_utf8(output.stdout.clone()).unwrap();
        assert!(text.contains("\\u{202e}"), "{text}");
        for c in ['\u{7}', '\u{8}', '\u{9b}', '\u{202e}', '\u{2066}', '\r'] {
            assert!(!text.contains(c), "{c:?} reached the terminal raw: {text}");
        }
        // The only escapes left are the renderer's own colour codes (`ESC [ ... m`).
        let foreign = text
            .match_indices('\u{1b}')
            .filter(|(at, _)| {
                let rest = &text[at + 1..];
                !(rest.starts_with('[')
                    && rest[1..].find('m').is_some_and(|end| {
                        rest[1..1 + end]
                            .bytes()
                            .all(|b| b.is_ascii_digit() || b == b';')
                    }))
            })
            .count();
        assert_eq!(foreign, 0, "{text}");
        #[cfg(unix)]
        if args[0] == "--format" {
            // One line per finding: the line break in the name is escaped.
            assert!(
                text.lines()
                    .any(|l| l
                        .starts_with("bad\\u{a}name\\u{1b}[2J.yaml:1:7: info[F003/unknown-kind]")),
                "{text}"
            );
            assert!(
                text.lines().all(|l| l.contains(": error[")
                    || l.contains(": warning[")
                    || l.contains(": info[")),
                "{text}"
            );
        }
    }
    // JSON escapes them in its own syntax, and reads back as the register's text.
    for format in ["json", "jsonl"] {
        let json = reglint_in(dir.path(), &["check", "--format", format, "--today", TODAY]);
        let text = stdout(&json);
        for c in [
            '\u{1b}', '\u{7}', '\u{8}', '\u{9b}', '\u{202e}', '\u{2066}', '\r',
        ] {
            assert!(!text.contains(c), "{c:?} is raw in {format}: {text}");
        }
        assert!(text.contains(r"\u202e"), "{text}");
    }
    let lines = jsonl(&reglint_in(
        dir.path(),
        &["check", "--format", "jsonl", "--today", TODAY],
    ));
    assert!(
        lines.iter().any(|l| l["message"]
            == "unknown document kind `sc\u{202e}ope4`, so reglint does not check it")
    );
}

#[test]
fn the_deviation_listing_shows_register_text_escaped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "reglint.yaml", b"version: 1\n");
    write(
        dir.path(),
        "scope.yaml",
        "# reglint: allow-file duplicate-id -- ok\u{1b}[2J\u{202e} 0 errors\nkind: scope\n"
            .as_bytes(),
    );
    for format in ["human", "markdown", "json"] {
        let output = reglint_in(
            dir.path(),
            &["exceptions", "--format", format, "--today", TODAY],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = stdout(&output);
        assert!(text.contains("ok"), "{text}");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{202e}'),
            "{format}: {text}"
        );
    }
}

#[test]
fn ignoring_a_protected_rule_on_the_command_line_is_an_error_not_a_no_op() {
    for word in ["yaml-syntax", "F001", "Rule-Error"] {
        let output = reglint(&[
            "check",
            "fixtures/acme",
            "--today",
            TODAY,
            "--format",
            "short",
            "--ignore",
            word,
        ]);
        assert_eq!(output.status.code(), Some(2), "--ignore {word}");
        let text = stdout(&output);
        assert!(
            text.contains(&format!("`--ignore {word}`: `"))
                && text.contains("` cannot be turned off"),
            "{text}"
        );
        assert!(
            !stderr(&output).contains("nothing was checked"),
            "a broken configuration is not an empty folder: {}",
            stderr(&output)
        );
    }
}
