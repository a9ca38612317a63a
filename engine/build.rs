//! Embeds the built-in rule pack: every `.rhai` file under `../rules`, found by walking the
//! folder (no list to edit by hand), sorted so the binary is reproducible, with each file's
//! `//!` front matter read here into a static table, so a run need not parse it (a unit test
//! in `rule.rs` holds the table equal to what the engine's own reader makes of each file).
//! The Annex A catalogue (`data/annex-a.yaml`) is read here into static tables too (a test
//! in `annex.rs` holds them equal to what the loader reads). Also tells the
//! YAML-suite test whether `../shared/yaml-test-suite` (or `REGLINT_SHARED_DIR`'s) is there,
//! so without it `cargo test` prints it as ignored with the reason; an absent folder is not
//! watched (cargo would rebuild the crate on every build), so `touch engine/build.rs` after
//! fetching it.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules = manifest.join("..").join("rules");
    println!("cargo:rerun-if-changed={}", rules.display());
    let mut found = Vec::new();
    collect(&rules, &mut found);
    found.sort();
    let mut out = String::from(
        "/// The built-in rules: (path under `rules/`, source).\npub const BUILTIN_RULES: &[(&str, &str)] = &[\n",
    );
    for path in &found {
        println!("cargo:rerun-if-changed={}", path.display());
        let relative = path.strip_prefix(&rules).expect("found under rules/");
        let relative = relative.to_string_lossy().replace('\\', "/");
        out.push_str(&format!(
            "    ({relative:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    out.push_str(
        "/// Each built-in rule's front matter, read at build time (`None` where it is not a plain\n/// mapping of the known keys: the engine's reader then reports it):\n/// (code, name, severity, clause, summary, docs, claims_absence).\n#[allow(clippy::type_complexity)]\npub const BUILTIN_META: &[Option<(&str, &str, &str, &str, &str, &str, bool)>] = &[\n",
    );
    for path in &found {
        let text = fs::read_to_string(path).unwrap_or_default();
        out.push_str(&format!("    {},\n", front_matter(&text)));
    }
    out.push_str("];\n");
    yaml_suite(&manifest);
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out_dir.join("builtin_rules.rs"), out).expect("OUT_DIR is writable");
    let annex = manifest.join("data").join("annex-a.yaml");
    println!("cargo:rerun-if-changed={}", annex.display());
    let text = fs::read_to_string(&annex).expect("data/annex-a.yaml is readable");
    fs::write(out_dir.join("annex_a.rs"), annex_tables(&text)).expect("OUT_DIR is writable");
}

/// A YAML value of the Annex A data: scalars, lists and mappings are all it uses.
enum Value {
    Scalar(String),
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
}

impl Value {
    fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn text(&self) -> &str {
        match self {
            Value::Scalar(text) => text,
            _ => "",
        }
    }
}

fn read_value<'a>(
    events: &mut impl Iterator<Item = saphyr_parser::Event<'a>>,
    first: saphyr_parser::Event<'a>,
) -> Value {
    use saphyr_parser::Event;
    match first {
        Event::Scalar(text, ..) => Value::Scalar(text.into_owned()),
        Event::SequenceStart(..) => {
            let mut items = Vec::new();
            while let Some(event) = events.next() {
                if matches!(event, Event::SequenceEnd) {
                    break;
                }
                items.push(read_value(events, event));
            }
            Value::List(items)
        }
        Event::MappingStart(..) => {
            let mut entries = Vec::new();
            while let Some(event) = events.next() {
                if matches!(event, Event::MappingEnd) {
                    break;
                }
                let key = read_value(events, event).text().to_owned();
                let value = events
                    .next()
                    .map_or(Value::Scalar(String::new()), |e| read_value(events, e));
                entries.push((key, value));
            }
            Value::Map(entries)
        }
        _ => Value::Scalar(String::new()),
    }
}

/// The 2022 controls (id, title) in catalogue order and the 2013 → 2022 correspondence.
fn annex_tables(text: &str) -> String {
    use saphyr_parser::{Event, Parser};
    let mut events = Parser::new_from_str(text)
        .map(|e| e.expect("data/annex-a.yaml is valid YAML").0)
        .filter(|e| {
            !matches!(
                e,
                Event::StreamStart
                    | Event::StreamEnd
                    | Event::DocumentStart(_)
                    | Event::DocumentEnd
            )
        });
    let first = events.next().expect("data/annex-a.yaml holds a document");
    let root = read_value(&mut events, first);
    let mut out = String::from(
        "/// The Annex A controls of ISO/IEC 27001:2022 (id, title), in catalogue order.\npub const CONTROLS_2022: &[(&str, &str)] = &[\n",
    );
    if let Some(Value::List(items)) = root.get("controls_2022") {
        for item in items {
            let field = |k| item.get(k).map_or("", Value::text);
            out.push_str(&format!("    ({:?}, {:?}),\n", field("id"), field("title")));
        }
    }
    out.push_str("];\n/// Each 2013 control and the 2022 controls that replace it, in file order.\npub const FROM_2013: &[(&str, &[&str])] = &[\n");
    if let Some(Value::Map(entries)) = root.get("from_2013") {
        for (id, targets) in entries {
            let targets: Vec<&str> = match targets {
                Value::List(ids) => ids.iter().map(Value::text).collect(),
                _ => Vec::new(),
            };
            out.push_str(&format!("    ({id:?}, &{targets:?}),\n"));
        }
    }
    out.push_str("];\n");
    out
}

/// The front matter of a rule file as a Rust expression: `Some((...))` when its `//!` lines
/// are one flat mapping of scalars with id, name, severity and summary, else `None`.
fn front_matter(text: &str) -> String {
    use saphyr_parser::{Event, Parser};
    let mut yaml = String::new();
    for line in text.split_inclusive('\n') {
        let Some(rest) = line.strip_prefix("//!") else {
            break;
        };
        yaml.push_str(rest.strip_prefix(' ').unwrap_or(rest));
    }
    let mut scalars = Vec::new();
    let mut depth = 0;
    for event in Parser::new_from_str(&yaml) {
        let Ok((event, _)) = event else {
            return "None".into();
        };
        match event {
            Event::MappingStart(..) if depth == 0 => depth = 1,
            Event::Scalar(value, _, _, None) if depth == 1 => scalars.push(value.into_owned()),
            Event::MappingEnd if depth == 1 => depth = 2,
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd => {}
            _ => return "None".into(),
        }
    }
    if depth != 2 || scalars.len() % 2 != 0 {
        return "None".into();
    }
    let pairs: Vec<(&str, &str)> = scalars
        .chunks(2)
        .map(|kv| (kv[0].as_str(), kv[1].as_str()))
        .collect();
    let known = [
        "id",
        "name",
        "severity",
        "clause",
        "summary",
        "docs",
        "claims_absence",
    ];
    let mut keys: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
    keys.sort_unstable();
    keys.dedup();
    if keys.len() != pairs.len() || keys.iter().any(|k| !known.contains(k)) {
        return "None".into();
    }
    let get = |key: &str| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let claims_absence = match get("claims_absence") {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return "None".into(),
    };
    let (Some(id), Some(name), Some(severity), Some(summary)) =
        (get("id"), get("name"), get("severity"), get("summary"))
    else {
        return "None".into();
    };
    format!(
        "Some(({id:?}, {name:?}, {severity:?}, {:?}, {summary:?}, {:?}, {claims_absence}))",
        get("clause").unwrap_or_default(),
        get("docs").unwrap_or_default()
    )
}

fn yaml_suite(manifest: &Path) {
    println!("cargo::rustc-check-cfg=cfg(has_yaml_suite)");
    println!("cargo::rerun-if-env-changed=REGLINT_SHARED_DIR");
    let shared = std::env::var_os("REGLINT_SHARED_DIR")
        .map_or_else(|| manifest.join("../../shared"), PathBuf::from);
    println!("cargo::rustc-env=REGLINT_SHARED={}", shared.display());
    let suite = shared.join("yaml-test-suite");
    if suite.is_dir() {
        println!("cargo::rerun-if-changed={}", suite.display());
        println!("cargo::rustc-cfg=has_yaml_suite");
    }
}

fn collect(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, found);
        } else if path.extension().is_some_and(|e| e == "rhai") {
            found.push(path);
        }
    }
}
