//! The JSON Schema (draft 2020-12) of register files, generated from the shape table.
//!
//! Editors validate and complete registers against it (`# yaml-language-server: $schema=…`),
//! so it must say what `reglint check` says: it is generated from [`crate::shape`], the table
//! the format checks read, never written by hand. A document dispatches on `kind`; each kind
//! allows exactly the keys the format checks allow (`additionalProperties: false` where
//! `unknown-field` reports), with the types `wrong-type` and `ambiguous-scalar` expect and the
//! fixed sets of words the built-in rules enforce. An empty value is allowed wherever the
//! format checks leave it alone: a missing value is the business of the rules that require
//! one. Kept apart from the checks because it reads the table for another consumer and
//! decides nothing about a register. The output is deterministic: every object's keys are
//! sorted, and arrays follow the table's order.

use serde_json::{Map, Value, json};

use crate::model::Kind;
use crate::shape::{COMMON, Keys, Shape, shape_of};

/// The `$schema` of the generated document.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The schema of one register document, of any kind: it requires a known `kind` and checks
/// the document against that kind's shape.
pub fn schema() -> Value {
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    let dispatch: Vec<Value> = Kind::ALL
        .iter()
        .map(|kind| {
            json!({
                "if": {
                    "properties": { "kind": { "const": kind.as_str() } },
                    "required": ["kind"],
                },
                "then": { "$ref": format!("#/$defs/{}", kind.as_str()) },
            })
        })
        .collect();
    let definitions: Map<String, Value> = Kind::ALL
        .iter()
        .map(|&kind| (kind.as_str().to_owned(), kind_schema(kind)))
        .collect();
    sorted(json!({
        "$schema": DIALECT,
        "title": "reglint register document",
        "description": "One document of an ISO/IEC 27001 register repository checked by reglint; `kind` says which register it is.",
        "type": ["object", "null"],
        "required": ["kind"],
        "properties": {
            "kind": {
                "description": "The register this document holds.",
                "enum": kinds,
            },
        },
        "allOf": dispatch,
        "$defs": definitions,
    }))
}

/// A `--kind` that names no register kind.
#[derive(Debug, thiserror::Error)]
#[error("`{written}` is not a register kind; {help}")]
pub struct UnknownKind {
    /// What was asked for.
    pub written: String,
    /// A did-you-mean, or the list of kinds.
    pub help: String,
}

/// The schema of one kind's documents alone, as a schema document of its own, for a file
/// that holds only that kind.
pub fn schema_of_kind(written: &str) -> Result<Value, UnknownKind> {
    let Some(kind) = Kind::parse(written) else {
        let names = Kind::ALL.iter().map(|k| k.as_str());
        let help = match crate::suggest::did_you_mean(written, names.clone()) {
            Some(meant) => format!("did you mean `{meant}`?"),
            None => {
                let list: Vec<String> = names.map(|k| format!("`{k}`")).collect();
                format!("the kinds are {}", list.join(", "))
            }
        };
        return Err(UnknownKind {
            written: written.to_owned(),
            help,
        });
    };
    let mut schema = kind_schema(kind);
    if let Value::Object(map) = &mut schema {
        map.insert("$schema".into(), json!(DIALECT));
    }
    Ok(sorted(schema))
}

/// The schema of one kind's documents (the `kind` must be that kind): a definition of
/// [`schema`].
pub fn kind_schema(kind: Kind) -> Value {
    let mut properties = properties(&[&COMMON, shape_of(kind)]);
    properties.insert("kind".into(), json!({ "const": kind.as_str() }));
    sorted(json!({
        "title": format!("`{}` document", kind.as_str()),
        "type": "object",
        "required": ["kind"],
        "properties": properties,
        "additionalProperties": false,
    }))
}

/// The schema of each key of the tables, later tables winning (they never overlap).
fn properties(tables: &[&[(&str, Shape)]]) -> Map<String, Value> {
    tables
        .iter()
        .flat_map(|t| t.iter())
        .map(|&(key, shape)| (key.to_owned(), value(shape)))
        .collect()
}

/// The schema of a field's value. An empty value (`key:`) is allowed for every shape, as the
/// format checks allow it.
fn value(shape: Shape) -> Value {
    match shape {
        Shape::Scalar => json!({ "type": ["string", "number", "boolean", "null"] }),
        Shape::Text => text(),
        Shape::OneOf(words) => {
            let mut allowed: Vec<Value> = words.iter().map(|w| json!(w)).collect();
            allowed.push(Value::Null);
            json!({ "enum": allowed })
        }
        Shape::Suggested(words) => json!({ "anyOf": [{ "enum": words }, text()] }),
        Shape::Bool => json!({ "type": ["boolean", "null"] }),
        Shape::PositiveInt => json!({ "type": ["integer", "null"], "minimum": 1 }),
        Shape::TextOrList => json!({
            "anyOf": [text(), { "type": "array", "items": text() }],
        }),
        Shape::List(item_shape, _, _) => json!({
            "type": ["array", "null"],
            "items": item(*item_shape),
        }),
        Shape::Map(fields, keys) => {
            let mut map = mapping(fields, keys);
            map.insert("type".into(), json!(["object", "null"]));
            Value::Object(map)
        }
    }
}

/// The schema of a list item: as a value, except that an item meant to be a mapping must be
/// one (the format checks report an empty party, but not an empty id).
fn item(shape: Shape) -> Value {
    match shape {
        Shape::Map(fields, keys) => {
            let mut map = mapping(fields, keys);
            map.insert("type".into(), json!("object"));
            Value::Object(map)
        }
        other => value(other),
    }
}

fn mapping(fields: &[(&str, Shape)], keys: Keys) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("properties".into(), Value::Object(properties(&[fields])));
    if keys == Keys::Closed {
        map.insert("additionalProperties".into(), Value::Bool(false));
    }
    map
}

fn text() -> Value {
    json!({ "type": ["string", "null"] })
}

/// The value with every object's keys in sorted order, whatever order `serde_json` keeps.
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_sorted(value: &Value) -> bool {
        match value {
            Value::Object(map) => {
                let keys: Vec<&String> = map.keys().collect();
                keys.windows(2).all(|w| w[0] < w[1]) && map.values().all(keys_sorted)
            }
            Value::Array(items) => items.iter().all(keys_sorted),
            _ => true,
        }
    }

    #[test]
    fn every_object_has_its_keys_sorted() {
        assert!(keys_sorted(&schema()));
        let Ok(text) = serde_json::to_string(&schema()) else {
            panic!("the schema serialises");
        };
        assert!(text.find("\"$defs\"") < text.find("\"$schema\""));
    }

    #[test]
    fn every_kind_has_a_definition_and_a_branch() {
        let schema = schema();
        for kind in Kind::ALL {
            let name = kind.as_str();
            assert_eq!(schema["$defs"][name]["properties"]["kind"]["const"], name);
            assert!(schema["allOf"].as_array().is_some_and(|a| {
                a.iter()
                    .any(|b| b["then"]["$ref"] == format!("#/$defs/{name}").as_str())
            }));
        }
    }

    #[test]
    fn closed_mappings_reject_other_keys_and_open_ones_do_not() {
        let schema = schema();
        let party = &schema["$defs"]["interested-parties"]["properties"]["parties"]["items"];
        assert_eq!(party["additionalProperties"], false);
        assert_eq!(
            party["properties"]["requirements"]["items"]["additionalProperties"],
            false
        );
        let risk = &schema["$defs"]["risk-register"]["properties"]["risks"]["items"];
        assert_eq!(risk["additionalProperties"], Value::Null);
        assert_eq!(risk["type"], "object");
    }
}
