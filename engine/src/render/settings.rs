//! `reglint config`: a repository's resolved configuration, each value with its origin.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::config::file::Level;
use crate::config::settings::{Layer, Selector};
use crate::config::{Origin, Settings, Sourced};
use crate::run::RepoInfo;

fn selector(s: &Selector) -> &str {
    match s {
        Selector::Name(word) | Selector::CodePrefix(word) | Selector::Clause(word) => word,
    }
}

fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "info",
        Level::Off => "off",
    }
}

fn layer_json(layer: &Layer) -> Value {
    json!({
        "select": layer.select.as_ref().map(|list| list.iter().map(selector).collect::<Vec<_>>()),
        "ignore": layer.ignore.iter().map(selector).collect::<Vec<_>>(),
        "severity": layer.severity.iter().map(|(rule, l)| (rule.clone(), Value::from(level(*l)))).collect::<serde_json::Map<_, _>>(),
        "origin": layer.origin.to_string(),
    })
}

fn sourced<T: serde::Serialize>(value: &Sourced<T>) -> Value {
    json!({"value": value.value, "origin": value.origin.to_string()})
}

/// The settings of a repository as JSON.
pub fn to_json(repo: &RepoInfo, settings: &Settings) -> Value {
    json!({
        "repository": repo.name,
        "files": settings.files,
        "today": json!({
            "value": settings.today.value.map(|d| d.to_string()),
            "origin": match settings.today.origin { Origin::Default => "default (today, UTC)".to_owned(), ref o => o.to_string() },
        }),
        "fail_on": json!({"value": settings.fail_on.value.as_str(), "origin": settings.fail_on.origin.to_string()}),
        "rules": settings.layers.iter().chain(settings.flags_layer.iter()).map(layer_json).collect::<Vec<_>>(),
        "rule_dirs": settings.rule_dirs.iter().map(|d| json!({"value": d.value.display().to_string(), "origin": d.origin.to_string()})).collect::<Vec<_>>(),
        "ignore": settings.ignore_globs.iter().map(sourced).collect::<Vec<_>>(),
        "overrides": settings.overrides.iter().map(|o| json!({"files": o.globs, "rules": layer_json(&o.layer)})).collect::<Vec<_>>(),
        "limits": json!({
            "operations": sourced(&settings.operations),
            "deadline_ms": json!({"value": settings.deadline.value.as_millis() as u64, "origin": settings.deadline.origin.to_string()}),
        }),
        "exceptions": json!({"max_months": sourced(&settings.max_months)}),
    })
}

/// The settings of a repository, one value per line with its origin.
pub fn render_human(repo: &RepoInfo, settings: &Settings, out: &mut dyn Write) -> io::Result<()> {
    let mut rows: Vec<(String, String, String)> = Vec::new();
    let mut row = |key: &str, value: String, origin: &Origin| {
        rows.push((key.to_owned(), value, origin.to_string()));
    };
    row(
        "today",
        settings
            .today
            .value
            .map_or_else(|| "today (UTC)".to_owned(), |d| d.to_string()),
        &settings.today.origin,
    );
    row(
        "fail_on",
        settings.fail_on.value.as_str().to_owned(),
        &settings.fail_on.origin,
    );
    for layer in settings.layers.iter().chain(settings.flags_layer.iter()) {
        layer_rows(&mut row, "rules", layer);
    }
    for dir in &settings.rule_dirs {
        row("rule_dirs", dir.value.display().to_string(), &dir.origin);
    }
    for glob in &settings.ignore_globs {
        row("ignore", glob.value.clone(), &glob.origin);
    }
    for o in &settings.overrides {
        let key = format!("overrides[{}]", o.globs.join(", "));
        layer_rows(&mut row, &key, &o.layer);
    }
    row(
        "limits.operations",
        settings.operations.value.to_string(),
        &settings.operations.origin,
    );
    row(
        "limits.deadline_ms",
        settings.deadline.value.as_millis().to_string(),
        &settings.deadline.origin,
    );
    row(
        "exceptions.max_months",
        settings.max_months.value.to_string(),
        &settings.max_months.origin,
    );
    writeln!(out, "repository: {}", repo.name)?;
    if settings.files.is_empty() {
        writeln!(out, "configuration: none (defaults)")?;
    } else {
        writeln!(out, "configuration: {}", settings.files.join(" <- "))?;
    }
    let key_width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let value_width = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
    for (key, value, origin) in rows {
        writeln!(
            out,
            "  {key:<key_width$}  {value:<value_width$}  # {origin}"
        )?;
    }
    Ok(())
}

fn layer_rows(row: &mut dyn FnMut(&str, String, &Origin), key: &str, layer: &Layer) {
    let list = |items: &[Selector]| -> String {
        let words: Vec<&str> = items.iter().map(selector).collect();
        format!("[{}]", words.join(", "))
    };
    if let Some(select) = &layer.select {
        row(&format!("{key}.select"), list(select), &layer.origin);
    }
    if !layer.ignore.is_empty() {
        row(&format!("{key}.ignore"), list(&layer.ignore), &layer.origin);
    }
    for (rule, l) in &layer.severity {
        row(
            &format!("{key}.severity.{rule}"),
            level(*l).to_owned(),
            &layer.origin,
        );
    }
}
