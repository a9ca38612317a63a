//! `reglint new-rule`: the files an organisation rule starts with.
//!
//! A new rule is one `.rhai` file and two fixture cases, one that fires it and one named
//! `passes-...` that stays silent, so the author changes working code rather than a blank
//! page. The example checks party owners whatever the rule is named, so the rule file carries
//! [`TEMPLATE_MARKER`] and `reglint test` fails the rule until the author has written its own
//! check and deleted that line: a scaffold never passes as a finished rule. This module
//! decides the names and the text; it writes nothing, so the caller reports each file as it
//! writes it and tests can read the templates without a temporary folder.

/// The line a scaffolded rule carries until its author has written the rule.
pub const TEMPLATE_MARKER: &str = "// reglint: template";

use std::path::{Path, PathBuf};

/// Why a rule cannot be scaffolded.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The name is not lowercase words joined by `-`.
    #[error("rule name `{name}` must be lowercase words joined by `-`")]
    BadName {
        /// The name given.
        name: String,
    },
    /// The rule file or its fixture folder is already there.
    #[error("`{}` or `{}` already exists", rule.display(), fixtures.display())]
    Exists {
        /// The rule file.
        rule: PathBuf,
        /// The rule's fixture folder.
        fixtures: PathBuf,
    },
}

/// The files of a new rule, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaffold {
    /// (path, text) of each file, the rule first.
    pub files: Vec<(PathBuf, String)>,
    /// The folder the rule goes to: what `reglint test --rules` takes.
    pub rules_dir: PathBuf,
    /// The folder the fixtures go to: what `reglint test` takes.
    pub fixtures_dir: PathBuf,
}

/// The files for rule `name` with short code `code` in the organisation rule folder `dir`:
/// the rule in `dir/rules/<name>.rhai`, its fixtures in `dir/fixtures/<name>/`. Refuses a
/// malformed name, and a rule or fixture folder that already exists.
pub fn new_rule(name: &str, code: &str, dir: &Path) -> Result<Scaffold, ScaffoldError> {
    if !crate::rule::is_rule_name(name) {
        return Err(ScaffoldError::BadName {
            name: name.to_owned(),
        });
    }
    let rules_dir = dir.join("rules");
    let fixtures_dir = dir.join("fixtures");
    let rule = rules_dir.join(format!("{name}.rhai"));
    let fixtures = fixtures_dir.join(name);
    if rule.exists() || fixtures.exists() {
        return Err(ScaffoldError::Exists { rule, fixtures });
    }
    let files = vec![
        (rule, rule_template(name, code)),
        (
            fixtures.join("relevant-party-without-owner/reglint.yaml"),
            "version: 1\n".to_owned(),
        ),
        (
            fixtures.join("relevant-party-without-owner/parties.yaml"),
            fixture_template(false, name),
        ),
        (
            fixtures.join("passes-party-with-owner/reglint.yaml"),
            "version: 1\n".to_owned(),
        ),
        (
            fixtures.join("passes-party-with-owner/parties.yaml"),
            fixture_template(true, name),
        ),
    ];
    Ok(Scaffold {
        files,
        rules_dir,
        fixtures_dir,
    })
}

fn rule_template(name: &str, code: &str) -> String {
    format!(
        r#"//! id: {code}
//! name: {name}
//! severity: warning
//! clause: "4.2 a)"
//! summary: Every relevant interested party names the role accountable for the relationship.
//! docs: |
//!   ## What it checks
//!   Every party with `relevant: true` has an `owner`.
//!
//!   ## Why an auditor cares
//!   Clause 4.2 asks the organisation to determine the parties and their requirements; an
//!   owner is who keeps that determination current.
//!
//!   ## Fails
//!   ```yaml
//!   - id: IP-CUST
//!     relevant: true
//!   ```
//!
//!   ## Passes
//!   ```yaml
//!   - id: IP-CUST
//!     relevant: true
//!     owner: Head of Sales
//!   ```

{TEMPLATE_MARKER} (an example): `reglint test` fails this rule until this line is gone.
// Replace the example check below, and the fixtures, with what `{name}` checks.
fn check(repo) {{
    // Pre-selected in Rust: the parties whose `owner` is absent or blank.
    for party in repo.without("party", ["owner"]) {{
        if party.relevant != true {{
            continue;
        }}
        report(party, "party `" + entry_id(party) + "` names no `owner`")
            .label("no owner for this relationship")
            .help("add `owner:` with the role accountable for the relationship, e.g. `owner: Head of Sales`");
    }}
}}
"#
    )
}

fn fixture_template(with_owner: bool, name: &str) -> String {
    let (id_line, owner) = if with_owner {
        ("  - id: IP-CUST".to_owned(), "    owner: Head of Sales\n")
    } else {
        (format!("  - id: IP-CUST  # expect: {name}"), "")
    };
    format!(
        "kind: interested-parties\nowner: CISO\nlast_reviewed: 2026-06-15\nparties:\n{id_line}\n    name: Customers\n    category: external\n    relationship: customer\n    relevant: true\n    rationale: They rely on our service.\n{owner}    requirements:\n      - id: REQ-CUST-001\n        type: contractual\n        description: Customer data is encrypted at rest.\n        addressed: false\n        justification: Accepted by the customer in the contract.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_names_are_refused() {
        let error = new_rule("Party_Owner", "ORG001", Path::new("no-such-org-folder"));
        assert!(matches!(error, Err(ScaffoldError::BadName { .. })));
    }

    #[test]
    fn only_the_firing_fixture_carries_an_expectation() {
        let Ok(scaffold) = new_rule("party-without-owner", "ORG001", Path::new("org")) else {
            panic!("a well-formed name in a folder that does not exist scaffolds");
        };
        let marked: Vec<&Path> = scaffold
            .files
            .iter()
            .filter(|(_, text)| text.contains("# expect: party-without-owner"))
            .map(|(path, _)| path.as_path())
            .collect();
        assert_eq!(
            marked,
            [Path::new(
                "org/fixtures/party-without-owner/relevant-party-without-owner/parties.yaml"
            )]
        );
        assert_eq!(
            scaffold.files[0].0,
            Path::new("org/rules/party-without-owner.rhai")
        );
        assert!(scaffold.files[0].1.contains(TEMPLATE_MARKER));
    }
}
