//! Format checks implemented in Rust: the loader-level rules every register file gets.
//!
//! `yaml-syntax`, `duplicate-key`, `unknown-kind`, `unknown-field`, `wrong-type` and
//! `ambiguous-scalar` look at one document at a time and need no repository context, so they run right after parsing, per file, in
//! parallel; per-node checks cost far less here than in script. The shape of each known
//! kind (which keys hold lists, mappings, booleans, strings) is not written here but read
//! from the shape table in [`crate::shape`], which the JSON Schema of register files comes
//! from too.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Kind, RegisterDoc};
use crate::shape::{COMMON, Keys, Shape, shape_of};
use crate::suggest::did_you_mean;
use crate::yaml::{NodeId, NodeKind, Resolved, Style};

/// A check implemented in Rust: its fixed identity.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// Short code.
    pub code: &'static str,
    /// Rule name.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line: what it checks.
    pub summary: &'static str,
    /// What it checks, why an auditor cares, a failing and a passing example (Markdown).
    pub docs: &'static str,
}

impl Check {
    /// A diagnostic of this check.
    pub fn diagnostic(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.code, self.name, self.severity, message)
    }
}

/// The file does not parse, is not UTF-8, is binary, too big or too deep.
pub const YAML_SYNTAX: Check = Check {
    code: "F001",
    name: "yaml-syntax",
    severity: Severity::Error,
    summary: "The file must be readable YAML: UTF-8 text that parses, within the size and depth limits.",
    docs: r#"## What it checks
The file is UTF-8 text (a byte-order mark is allowed) that parses as YAML, is at most 8 MiB
and nests at most 64 levels. When a file holds several documents and one is malformed, the
documents before it are still checked. No value may be longer than 1 MiB, the longest text a
rule can hold: a longer one is reported at the value, and rules see only its first kilobyte.

A syntax error is explained in YAML terms where the mistake is recognised (a tab in the
indentation, a key out of line with its siblings, a `key: value` among list items, a quote or
bracket left open, a `: ` inside an unquoted value), with the parser's own words as a note.

## Why an auditor cares
A register that does not parse is a register nobody can read the same way twice.

## Fails
```yaml
addressed_by: [A.8.24, A.5.1
source: MSA clause 12.3
```

## Passes
```yaml
addressed_by: [A.8.24, A.5.1]
source: MSA clause 12.3
```
"#,
};
/// A key repeats in one mapping.
pub const DUPLICATE_KEY: Check = Check {
    code: "F002",
    name: "duplicate-key",
    severity: Severity::Error,
    summary: "A key must not repeat in one mapping: YAML loaders silently keep only one of them.",
    docs: r#"## What it checks
No key appears twice in one mapping. Every repeat is reported, with the first occurrence.

## Why an auditor cares
YAML loaders keep one of the values and drop the other without a word: the register says two
things, and the tools read only one of them.

## Fails
```yaml
- id: REQ-AWS-01
  description: We secure our workloads in AWS.
  description: We secure everything we run in the cloud.
```

## Passes
```yaml
- id: REQ-AWS-01
  description: We secure everything we run in the cloud.
```
"#,
};
/// A document with no `kind`, or one reglint does not know.
pub const UNKNOWN_KIND: Check = Check {
    code: "F003",
    name: "unknown-kind",
    severity: Severity::Info,
    summary: "A document must name a known register kind, or reglint cannot check it.",
    docs: r#"## What it checks
Every document has a `kind:` that names a register kind reglint knows
(`interested-parties`, `legal-register`, `statement-of-applicability`, `risk-register`,
`objectives`, `scope`).

## Why an auditor cares
A document reglint does not recognise is not checked at all; it is worth knowing which ones.

## Fails
```yaml
kind: interested-party
```

## Passes
```yaml
kind: interested-parties
```
"#,
};
/// A key the register format does not define.
pub const UNKNOWN_FIELD: Check = Check {
    code: "F004",
    name: "unknown-field",
    severity: Severity::Warning,
    summary: "Every key must be one the register format defines; a misspelt key is silently ignored.",
    docs: r#"## What it checks
Every key of a document, party, requirement, communication plan, legal entry and control is
one the register format defines. Risks, objectives and scope items may carry any keys.

## Why an auditor cares
A misspelt key is silently ignored: `adressed_by` leaves a requirement addressed by nothing.

## Fails
```yaml
- id: REQ-CUST-001
  addressed: true
  adressed_by: [A.8.24]
```

## Passes
```yaml
- id: REQ-CUST-001
  addressed: true
  addressed_by: [A.8.24]
```
"#,
};
/// A string written so that YAML 1.1 or 1.2 reads it as something else.
pub const AMBIGUOUS_SCALAR: Check = Check {
    code: "F006",
    name: "ambiguous-scalar",
    severity: Severity::Warning,
    summary: "A text value must not be one YAML reads as a boolean, number or time (`no`, `8.10`, `12:30`): quote it.",
    docs: r#"## What it checks
A text field is not written as a plain value that YAML 1.2 or 1.1 reads as something else:
`no`, `on`, `y` (booleans), `8.10`, `017` (numbers), `12:30` (a base-60 number in YAML 1.1).
Dates are left alone, and so are fields with a fixed set of values, which their own rules
check.

## Why an auditor cares
The same register then says different things to different tools: `name: NO` is Norway to one
reader and `false` to another, and `8.10` is the number 8.1.

## Fails
```yaml
name: NO
addressed_by: [8.10]
```

## Passes
```yaml
name: "NO"
addressed_by: ["8.10"]
```
"#,
};
/// A value of the wrong shape or type.
pub const WRONG_TYPE: Check = Check {
    code: "F005",
    name: "wrong-type",
    severity: Severity::Error,
    summary: "Lists, mappings, booleans and month counts must have the type the format defines.",
    docs: r#"## What it checks
Lists are lists, mappings are mappings, `relevant`, `addressed` and `applicable` are the YAML
1.2 booleans `true` or `false`, and `review_interval_months` is a positive whole number.
Every key is a plain name: a list or mapping written as a key (`? [a, b]`) is reported.

## Why an auditor cares
`relevant: yes` is the string "yes" to a YAML 1.2 reader: the relevance decision the clause
asks for has not been recorded in a form anyone can rely on.

## Fails
```yaml
relevant: yes
addressed_by: A.8.24
```

## Passes
```yaml
relevant: true
addressed_by: [A.8.24]
```
"#,
};

/// Every check implemented in Rust.
pub const CHECKS: [Check; 6] = [
    YAML_SYNTAX,
    DUPLICATE_KEY,
    UNKNOWN_KIND,
    UNKNOWN_FIELD,
    WRONG_TYPE,
    AMBIGUOUS_SCALAR,
];

/// The kind a document declares, or why it has none.
pub enum DeclaredKind {
    /// A known kind.
    Known(Kind),
    /// `kind:` names something else (the value node).
    Unknown(NodeId),
    /// No `kind:` (the node to point at: the first key, or the root).
    Missing(NodeId),
    /// An empty document: nothing to check, nothing to report.
    Empty,
}

/// Reads a document's `kind`.
pub fn declared_kind(doc: &crate::yaml::Document) -> DeclaredKind {
    let Some(root) = doc.root else {
        return DeclaredKind::Empty;
    };
    match &doc.node(root).kind {
        NodeKind::Map(entries) => match doc.get(root, "kind") {
            Some(value) => match doc.scalar_text(value).and_then(Kind::parse) {
                Some(kind) => DeclaredKind::Known(kind),
                None => DeclaredKind::Unknown(value),
            },
            None => DeclaredKind::Missing(entries.first().map_or(root, |(k, _)| *k)),
        },
        NodeKind::Scalar(_) if doc.is_null(root) => DeclaredKind::Empty,
        _ => DeclaredKind::Missing(root),
    }
}

/// Runs `unknown-kind`, `unknown-field`, `wrong-type` and `ambiguous-scalar` on one document.
pub fn check_document(reg: &RegisterDoc, out: &mut Vec<Diagnostic>) {
    let doc = &reg.doc;
    let mut checker = Checker { reg, out };
    match declared_kind(doc) {
        DeclaredKind::Empty => {}
        DeclaredKind::Missing(at) => checker.report(
            UNKNOWN_KIND
                .diagnostic("document has no `kind`, so reglint does not check it")
                .with_help(format!("add a `kind:` line, one of {}", kind_list())),
            at,
            "no `kind` in this document",
        ),
        DeclaredKind::Unknown(value) => {
            let written = doc.scalar_text(value).unwrap_or_default();
            if written.is_empty() {
                checker.report(
                    UNKNOWN_KIND
                        .diagnostic("document's `kind` names no register kind, so reglint does not check it")
                        .with_help(format!("write one of {}", kind_list())),
                    value,
                    "not a register kind",
                );
                return;
            }
            let help = match did_you_mean(written, Kind::ALL.iter().map(|k| k.as_str())) {
                Some(kind) => format!("did you mean `{kind}`?"),
                None => format!("the kinds reglint checks are {}", kind_list()),
            };
            checker.report(
                UNKNOWN_KIND
                    .diagnostic(format!(
                        "unknown document kind `{written}`, so reglint does not check it"
                    ))
                    .with_help(help),
                value,
                "not a register kind",
            );
        }
        DeclaredKind::Known(kind) => {
            if let Some(root) = doc.root {
                checker.fields(root, &[&COMMON, shape_of(kind)], Keys::Closed);
            }
            checker.collection_keys();
        }
    }
}

fn kind_list() -> String {
    let names: Vec<String> = Kind::ALL
        .iter()
        .map(|k| format!("`{}`", k.as_str()))
        .collect();
    names.join(", ")
}

struct Checker<'a> {
    reg: &'a RegisterDoc,
    out: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn span(&self, id: NodeId) -> Range<usize> {
        self.reg.doc.label_span(id, &self.reg.text)
    }

    fn report(&mut self, diagnostic: Diagnostic, at: NodeId, label: &str) {
        let diagnostic = diagnostic
            .at(self.reg.file, self.span(at), label)
            .with_path(Some(self.reg.doc.path(at)))
            .with_entry(crate::model::entry_of(&self.reg.doc, at));
        self.out.push(diagnostic);
    }

    /// Checks each key of a mapping against the tables of the keys it may hold.
    fn fields(&mut self, map: NodeId, tables: &[&[(&str, Shape)]], keys: Keys) {
        let NodeKind::Map(entries) = &self.reg.doc.node(map).kind else {
            return;
        };
        for &(key, value) in entries {
            let Some(name) = self.reg.doc.scalar_text(key) else {
                continue;
            };
            match tables
                .iter()
                .flat_map(|t| t.iter())
                .find(|(k, _)| *k == name)
            {
                Some((_, shape)) => self.value(value, name, *shape),
                None if keys == Keys::Closed => self.unknown_field(key, name, tables),
                None => {}
            }
        }
    }

    /// Reports every mapping key that is a list or a mapping (`? [a, b]`): no register field
    /// has such a name and rules cannot look it up, so it would otherwise vanish unseen.
    fn collection_keys(&mut self) {
        let doc = &self.reg.doc;
        let keys: Vec<NodeId> = doc
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(map, node)| match &node.kind {
                NodeKind::Map(entries) => Some(entries.iter().filter_map(move |&(key, _)| {
                    // An alias's copy of a mapping shares its keys: report them once.
                    let owned = doc.node(key).parent == Some(map as NodeId);
                    let named = matches!(doc.node(key).kind, NodeKind::Scalar(_));
                    (owned && !named).then_some(key)
                })),
                _ => None,
            })
            .flatten()
            .collect();
        for key in keys {
            let found = describe(self, key);
            self.report(
                WRONG_TYPE
                    .diagnostic(format!("a key must be a plain name, but this one is {found}"))
                    .with_help(
                        "write the key as a name followed by `:` (e.g. `notes:`); reglint cannot read a list or mapping as a key",
                    ),
                key,
                "not a name",
            );
        }
    }

    fn unknown_field(&mut self, key: NodeId, name: &str, tables: &[&[(&str, Shape)]]) {
        let known = tables.iter().flat_map(|t| t.iter()).map(|(k, _)| *k);
        let help = match did_you_mean(name, known.clone()) {
            Some(meant) => format!("did you mean `{meant}`?"),
            None => {
                let list: Vec<String> = known.map(|k| format!("`{k}`")).collect();
                format!("the keys defined here are {}", list.join(", "))
            }
        };
        self.report(
            UNKNOWN_FIELD
                .diagnostic(format!("`{name}` is not a field the register format defines here, so reglint ignores it"))
                .with_help(help),
            key,
            "unknown field",
        );
    }

    /// A string field written so that YAML reads it as something else.
    fn ambiguous(&mut self, id: NodeId, key: &str, scalar: &crate::yaml::Scalar) {
        let Some(reading) = scalar.non_string_reading() else {
            return;
        };
        let written = &scalar.text;
        let quoted = match self.reg.doc.node(id).slot {
            crate::yaml::Slot::Item(_) => format!("\"{written}\""),
            _ => format!("{key}: \"{written}\""),
        };
        self.report(
            AMBIGUOUS_SCALAR
                .diagnostic(format!(
                    "`{key}` is written `{written}`, which {reading}, not as text"
                ))
                .with_help(format!("quote it: `{quoted}`")),
            id,
            "quote this value",
        );
    }

    fn value(&mut self, id: NodeId, key: &str, shape: Shape) {
        let doc = &self.reg.doc;
        if doc.is_null(id) {
            return;
        }
        let node = doc.node(id);
        match (shape, &node.kind) {
            (Shape::Scalar | Shape::OneOf(_), NodeKind::Scalar(_)) => {}
            (Shape::Text | Shape::Suggested(_), NodeKind::Scalar(s)) => self.ambiguous(id, key, s),
            (Shape::Scalar | Shape::OneOf(_) | Shape::Text | Shape::Suggested(_), _) => self
                .mismatch(
                    id,
                    key,
                    "a single value",
                    "write one value on the line, not a list or mapping",
                ),
            (Shape::Bool, NodeKind::Scalar(s)) => {
                if !matches!(s.resolve(), Resolved::Bool(_)) {
                    self.not_boolean(id, key);
                }
            }
            (Shape::Bool, _) => self.mismatch(
                id,
                key,
                "`true` or `false`",
                &format!("write `{key}: true` or `{key}: false`"),
            ),
            (Shape::PositiveInt, NodeKind::Scalar(s)) => {
                if !matches!(s.resolve(), Resolved::Int(n) if n > 0) {
                    let written = &s.text;
                    self.report(
                        WRONG_TYPE
                            .diagnostic(format!(
                                "`{key}` must be a positive whole number of months, not `{written}`"
                            ))
                            .with_help(format!("write a number, e.g. `{key}: 12`")),
                        id,
                        "not a positive whole number",
                    );
                }
            }
            (Shape::PositiveInt, _) => self.mismatch(
                id,
                key,
                "a positive whole number",
                &format!("write a number, e.g. `{key}: 12`"),
            ),
            (Shape::List(item, noun, _), NodeKind::List(items)) => {
                for &i in items {
                    self.item(i, key, noun, *item);
                }
            }
            (Shape::List(_, noun, plural), _) => {
                let help = format!("write each {noun} on its own `- ` line under `{key}:`");
                self.mismatch(id, key, &format!("a list of {plural}"), &help);
            }
            (Shape::TextOrList, NodeKind::Scalar(s)) => self.ambiguous(id, key, s),
            (Shape::TextOrList, NodeKind::List(items)) => {
                for &i in items {
                    self.item(i, key, "id", Shape::Text);
                }
            }
            (Shape::TextOrList, _) => self.mismatch(
                id,
                key,
                "an id or a list of ids",
                &format!("write `{key}: ID` or `{key}: [ID, ...]`"),
            ),
            (Shape::Map(fields, keys), NodeKind::Map(_)) => self.fields(id, &[fields], keys),
            (Shape::Map(..), _) => self.mismatch(
                id,
                key,
                "a mapping of keys and values",
                &format!("write `{key}:` followed by indented `key: value` lines"),
            ),
        }
    }

    /// A list item: its shape is checked like a value; its name in messages is the noun.
    fn item(&mut self, id: NodeId, key: &str, noun: &str, shape: Shape) {
        let doc = &self.reg.doc;
        match (shape, &doc.node(id).kind) {
            (Shape::Map(..), NodeKind::Map(_))
            | (
                Shape::Scalar | Shape::OneOf(_) | Shape::Text | Shape::Suggested(_),
                NodeKind::Scalar(_),
            ) => self.value(id, key, shape),
            (Shape::Map(..), _) => {
                let found = describe(self, id);
                self.report(
                    WRONG_TYPE
                        .diagnostic(format!("each item of `{key}` must be a mapping describing a {noun}, but this one is {found}"))
                        .with_help(format!("write the {noun}'s fields as `key: value` lines, starting with `- id: ...`")),
                    id,
                    &format!("expected a {noun}"),
                );
            }
            _ => {
                let found = describe(self, id);
                let help = match self.colon_in_item(id) {
                    Some(written) => {
                        format!("quote the item if the `:` is part of the text: `- \"{written}\"`")
                    }
                    None => format!("list one {noun} per item"),
                };
                self.report(
                    WRONG_TYPE
                        .diagnostic(format!(
                            "each item of `{key}` must be a single {noun}, but this one is {found}"
                        ))
                        .with_help(help),
                    id,
                    &format!("expected a single {noun}"),
                );
            }
        }
    }

    /// The text of a list item written `- text with: colon`, which YAML reads as a mapping of
    /// one entry: a plain key and value on one line.
    fn colon_in_item(&self, id: NodeId) -> Option<&str> {
        let doc = &self.reg.doc;
        let NodeKind::Map(entries) = &doc.node(id).kind else {
            return None;
        };
        let [(key, value)] = entries[..] else {
            return None;
        };
        let plain =
            |n: NodeId| matches!(&doc.node(n).kind, NodeKind::Scalar(s) if s.style == Style::Plain);
        let (start, end) = (doc.node(key).span.start, doc.node(value).span.end);
        let written = self.reg.text.get(start..end)?;
        (plain(key) && plain(value) && !written.contains(['\n', '"'])).then_some(written)
    }

    fn mismatch(&mut self, id: NodeId, key: &str, expected: &str, help: &str) {
        let found = describe(self, id);
        self.report(
            WRONG_TYPE
                .diagnostic(format!("`{key}` must be {expected}, but it is {found}"))
                .with_help(help.to_owned()),
            id,
            &format!("expected {expected}"),
        );
    }

    fn not_boolean(&mut self, id: NodeId, key: &str) {
        let NodeKind::Scalar(s) = &self.reg.doc.node(id).kind else {
            return;
        };
        let lower = s.text.to_ascii_lowercase();
        let meant = match lower.as_str() {
            "yes" | "y" | "on" | "true" => Some(true),
            "no" | "n" | "off" | "false" => Some(false),
            _ => None,
        };
        let written = s.text.trim();
        let shown = match s.style {
            Style::Quoted => format!("the quoted string `{:?}`", s.text),
            _ if s.tagged_str => format!("the string `!!str {written}`"),
            _ => format!("`{written}`"),
        };
        let help = match (meant, s.style) {
            (Some(b), Style::Quoted) => format!("remove the quotes: `{key}: {b}`"),
            (Some(b), _) => format!(
                "write `{key}: {b}`: YAML 1.2 reads `{}` as a string, not a boolean",
                s.text
            ),
            (None, _) => format!("write `{key}: true` or `{key}: false`"),
        };
        self.report(
            WRONG_TYPE
                .diagnostic(format!("`{key}` must be `true` or `false`, not {shown}"))
                .with_help(help),
            id,
            "not a boolean",
        );
    }
}

fn describe(checker: &Checker<'_>, id: NodeId) -> String {
    let doc = &checker.reg.doc;
    match &doc.node(id).kind {
        NodeKind::List(_) => "a list".into(),
        NodeKind::Map(_) => "a mapping".into(),
        NodeKind::Scalar(s) => match s.resolve() {
            Resolved::Null => "empty".into(),
            Resolved::Bool(_) => format!("the boolean `{}`", s.text),
            Resolved::Int(_) | Resolved::Float(_) => format!("the number `{}`", s.text),
            Resolved::Str(_) => format!("the string `{}`", s.text),
        },
    }
}
