//! The shape table: which keys each register kind defines, and the type each one holds.
//!
//! Written down once, as data, because two things are read from it: the format checks
//! (`unknown-field`, `wrong-type`, `ambiguous-scalar` in [`crate::format`]) and the JSON
//! Schema of register files ([`crate::register_schema`]) that editors validate against. A key
//! added here is known to both, so the editor and `reglint check` never disagree about which
//! keys exist or what type they hold. The fixed sets of words some fields take (a party's
//! `category`, a requirement's `type`) are listed here too: the schema offers them, and the
//! rules of the built-in pack that enforce them read them from here (`format_words`), so
//! a word is added in one place.

use crate::model::{EntryClass, Kind};

/// The type a field must have.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// Any scalar: `kind` and dates, whose values are other rules' business.
    Scalar,
    /// One word of a fixed set, which a rule of the built-in pack enforces (`invalid-category`,
    /// `invalid-rating`...). The format checks read it as [`Shape::Scalar`]: `influence: no`
    /// is an invalid rating, not a quoting problem.
    OneOf(&'static [&'static str]),
    /// Text the register format suggests a fixed set of words for, which no rule enforces (a
    /// control's `status`). The format checks read it as [`Shape::Text`]; the schema offers
    /// the words without rejecting others, as `reglint check` does.
    Suggested(&'static [&'static str]),
    /// A string: a plain scalar YAML would read as something else is `ambiguous-scalar`.
    Text,
    /// `true` or `false`.
    Bool,
    /// A positive whole number.
    PositiveInt,
    /// One string or a list of strings (an exception's `target`).
    TextOrList,
    /// A list of items of a shape; the item noun, singular and plural.
    List(&'static Shape, &'static str, &'static str),
    /// A mapping whose keys have shapes; with [`Keys::Closed`], other keys are `unknown-field`.
    Map(&'static [(&'static str, Shape)], Keys),
}

/// Whether a mapping may hold keys its shape does not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    /// Only the listed keys (parties, requirements, controls...).
    Closed,
    /// Any keys (risks, objectives and scope items carry what the organisation needs).
    Open,
}

/// A party's `category` (clause 4.2 a): the rule `invalid-category` enforces it.
pub const CATEGORIES: [&str; 3] = ["internal", "external", "interface"];
/// A party's `relationship`: the rule `invalid-relationship` enforces it.
pub const RELATIONSHIPS: [&str; 14] = [
    "top-management",
    "employee",
    "customer",
    "consumer",
    "supplier",
    "contractor",
    "partner",
    "shareholder",
    "regulator",
    "government",
    "certification-body",
    "insurer",
    "public",
    "other",
];
/// A party's `influence` and `interest`: the rule `invalid-rating` enforces them.
pub const LEVELS: [&str; 3] = ["high", "medium", "low"];
/// A party's `support`: the rule `invalid-rating` enforces it.
pub const STANCES: [&str; 3] = ["supportive", "neutral", "resistant"];
/// A requirement's `type` (clause 4.2 b): the rule `invalid-requirement-type` enforces it.
pub const REQUIREMENT_TYPES: [&str; 4] = ["legal", "regulatory", "contractual", "expectation"];
/// A control's `status` in the statement of applicability; no rule enforces it.
pub const STATUSES: [&str; 3] = ["planned", "partial", "implemented"];

/// The keys every document may hold, whatever its kind.
pub const COMMON: [(&str, Shape); 5] = [
    ("kind", Shape::Scalar),
    ("owner", Shape::Text),
    ("last_reviewed", Shape::Scalar),
    ("review_interval_months", Shape::PositiveInt),
    ("description", Shape::Text),
];
const COMMUNICATION: [(&str, Shape); 4] = [
    ("what", Shape::Text),
    ("when", Shape::Text),
    ("how", Shape::Text),
    ("who", Shape::Text),
];
const REQUIREMENT: [(&str, Shape); 9] = [
    ("id", Shape::Text),
    ("type", Shape::OneOf(&REQUIREMENT_TYPES)),
    ("description", Shape::Text),
    ("source", Shape::Text),
    ("legal_ref", Shape::Text),
    ("addressed", Shape::Bool),
    ("addressed_by", Shape::List(&Shape::Text, "id", "ids")),
    ("justification", Shape::Text),
    ("notes", Shape::Text),
];
const PARTY: [(&str, Shape); 13] = [
    ("id", Shape::Text),
    ("name", Shape::Text),
    ("category", Shape::OneOf(&CATEGORIES)),
    ("relationship", Shape::OneOf(&RELATIONSHIPS)),
    ("relevant", Shape::Bool),
    ("rationale", Shape::Text),
    ("influence", Shape::OneOf(&LEVELS)),
    ("interest", Shape::OneOf(&LEVELS)),
    ("support", Shape::OneOf(&STANCES)),
    ("owner", Shape::Text),
    (
        "requirements",
        Shape::List(
            &Shape::Map(&REQUIREMENT, Keys::Closed),
            "requirement",
            "requirements",
        ),
    ),
    ("communication", Shape::Map(&COMMUNICATION, Keys::Closed)),
    ("notes", Shape::Text),
];
const LEGAL_ENTRY: [(&str, Shape); 6] = [
    ("id", Shape::Text),
    ("title", Shape::Text),
    ("jurisdiction", Shape::Text),
    ("regulator", Shape::Text),
    ("url", Shape::Text),
    ("notes", Shape::Text),
];
const CONTROL: [(&str, Shape); 8] = [
    ("id", Shape::Text),
    ("title", Shape::Text),
    ("applicable", Shape::Bool),
    ("status", Shape::Suggested(&STATUSES)),
    ("justification", Shape::Text),
    ("evidence", Shape::Text),
    ("owner", Shape::Text),
    ("notes", Shape::Text),
];
const EXCEPTION: [(&str, Shape); 8] = [
    ("id", Shape::Text),
    ("rule", Shape::Text),
    ("target", Shape::TextOrList),
    ("reason", Shape::Text),
    ("approved_by", Shape::Text),
    ("approved_on", Shape::Scalar),
    ("expires", Shape::Scalar),
    ("ticket", Shape::Text),
];
const OPEN_ENTRY: [(&str, Shape); 2] = [("id", Shape::Text), ("title", Shape::Text)];

/// The shape of a known kind's top-level keys beyond the common ones.
pub fn shape_of(kind: Kind) -> &'static [(&'static str, Shape)] {
    const PARTIES: [(&str, Shape); 1] = [(
        "parties",
        Shape::List(&Shape::Map(&PARTY, Keys::Closed), "party", "parties"),
    )];
    const LEGAL: [(&str, Shape); 1] = [(
        "entries",
        Shape::List(
            &Shape::Map(&LEGAL_ENTRY, Keys::Closed),
            "legal-register entry",
            "legal-register entries",
        ),
    )];
    const SOA: [(&str, Shape); 3] = [
        ("standard", Shape::Text),
        ("approved", Shape::Scalar),
        (
            "controls",
            Shape::List(&Shape::Map(&CONTROL, Keys::Closed), "control", "controls"),
        ),
    ];
    const RISKS: [(&str, Shape); 1] = [(
        "risks",
        Shape::List(&Shape::Map(&OPEN_ENTRY, Keys::Open), "risk", "risks"),
    )];
    const OBJECTIVES: [(&str, Shape); 1] = [(
        "objectives",
        Shape::List(
            &Shape::Map(&OPEN_ENTRY, Keys::Open),
            "objective",
            "objectives",
        ),
    )];
    const SCOPE: [(&str, Shape); 1] = [(
        "items",
        Shape::List(
            &Shape::Map(&OPEN_ENTRY, Keys::Open),
            "scope item",
            "scope items",
        ),
    )];
    const EXCEPTIONS: [(&str, Shape); 1] = [(
        "exceptions",
        Shape::List(
            &Shape::Map(&EXCEPTION, Keys::Closed),
            "exception",
            "exceptions",
        ),
    )];
    match kind {
        Kind::Exceptions => &EXCEPTIONS,
        Kind::InterestedParties => &PARTIES,
        Kind::LegalRegister => &LEGAL,
        Kind::StatementOfApplicability => &SOA,
        Kind::RiskRegister => &RISKS,
        Kind::Objectives => &OBJECTIVES,
        Kind::Scope => &SCOPE,
    }
}

/// The keys an entry of a class may hold (a party, a requirement, a control...).
pub fn entry_fields(class: EntryClass) -> &'static [(&'static str, Shape)] {
    match class {
        EntryClass::Party => &PARTY,
        EntryClass::Requirement => &REQUIREMENT,
        EntryClass::LegalEntry => &LEGAL_ENTRY,
        EntryClass::Control => &CONTROL,
        EntryClass::Risk | EntryClass::Objective | EntryClass::ScopeItem => &OPEN_ENTRY,
        EntryClass::Exception => &EXCEPTION,
    }
}

/// The fixed set of words a field of an entry takes, if the format gives it one: what rules
/// enforcing the set read (`format_words("party", "category")`), so they and the schema
/// never disagree.
pub fn words(class: EntryClass, field: &str) -> Option<&'static [&'static str]> {
    entry_fields(class)
        .iter()
        .find(|(key, _)| *key == field)
        .and_then(|(_, shape)| match shape {
            Shape::OneOf(words) | Shape::Suggested(words) => Some(*words),
            _ => None,
        })
}

/// Every key the register format names, at any depth, once each and in a fixed order: the
/// fields rules read as properties (`party.relationship`), which the rule API gives their
/// own getters rather than leaving them to Rhai's slower indexer fallback.
pub fn field_names() -> Vec<&'static str> {
    fn collect(fields: &'static [(&'static str, Shape)], names: &mut Vec<&'static str>) {
        for (key, shape) in fields {
            if !names.contains(key) {
                names.push(key);
            }
            collect_shape(shape, names);
        }
    }
    fn collect_shape(shape: &'static Shape, names: &mut Vec<&'static str>) {
        match shape {
            Shape::List(item, ..) => collect_shape(item, names),
            Shape::Map(fields, _) => collect(fields, names),
            _ => {}
        }
    }
    let mut names = Vec::new();
    collect(&COMMON, &mut names);
    for kind in Kind::ALL {
        collect(shape_of(kind), &mut names);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_found_by_entry_class_and_field() {
        assert_eq!(words(EntryClass::Party, "category"), Some(&CATEGORIES[..]));
        assert_eq!(
            words(EntryClass::Requirement, "type"),
            Some(&REQUIREMENT_TYPES[..])
        );
        assert_eq!(words(EntryClass::Control, "status"), Some(&STATUSES[..]));
        assert_eq!(words(EntryClass::Party, "name"), None);
        assert_eq!(words(EntryClass::Risk, "likelihood"), None);
    }
}
