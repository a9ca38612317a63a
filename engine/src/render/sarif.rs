//! SARIF 2.1.0: the report as code-scanning platforms (GitHub) and SARIF viewers read it.
//!
//! One run per report. `tool.driver.rules` describes every rule the linter had (sorted by
//! code, as [`Report::rules`] is), each result names its rule by code and index, and points
//! at its file relative to the root of the git work tree that holds it ([`PlatformPaths`]),
//! which is what a platform checks out. Silenced findings are results too, carrying
//! `suppressions`: that is how SARIF says a finding was accepted, so a platform can show it
//! as dismissed rather than open or fixed. A rule that failed, or anything else that makes
//! the check incomplete, is also a tool-execution notification, and the invocation then did
//! not succeed. Separate from the JSON renderer because SARIF's shape, paths and columns
//! are its own; it shares that renderer's escaping ([`super::escape::write_json`]), so no
//! control character or bidirectional override reaches a viewer raw, and it holds nothing
//! that changes between runs (no time, no absolute path), so the same input gives the same
//! bytes.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use super::{PlatformPaths, line_col};
use crate::diagnostic::{Diagnostic, Label, Severity, SuppressionKind};
use crate::rule::RuleMeta;
use crate::run::Report;

/// The schema the output follows (the OASIS one, errata 01).
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The project's home, where `tool.driver.informationUri` points.
const INFORMATION_URI: &str = "https://github.com/reglint/reglint";

/// The rule reference; each rule has an anchor named after it.
const RULES_URI: &str = "https://github.com/reglint/reglint/blob/main/docs/rules.md";

/// GitHub's limit on `fullDescription.text`, in characters.
const FULL_DESCRIPTION_MAX: usize = 1024;

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation; 1],
    automation_details: AutomationDetails,
    column_kind: &'static str,
    original_uri_base_ids: UriBaseIds,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text,
    full_description: Text,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: Tags,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Tags {
    tags: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Notification {
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    associated_rule: Option<RuleReference>,
}

#[derive(Serialize)]
struct RuleReference {
    id: String,
    index: usize,
}

#[derive(Serialize)]
struct AutomationDetails {
    id: &'static str,
}

#[derive(Serialize)]
struct UriBaseIds {
    #[serde(rename = "%SRCROOT%")]
    src_root: SrcRoot,
}

#[derive(Serialize)]
struct SrcRoot {
    description: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<SarifSuppression>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

/// The key is versioned, so a change of what is hashed can say so.
#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "reglintFingerprint/v1")]
    reglint: String,
}

#[derive(Serialize)]
struct SarifSuppression {
    kind: &'static str,
    status: &'static str,
    justification: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ExceptionProperties>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExceptionProperties {
    exception: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    approved_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<String>,
}

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let paths = PlatformPaths::new(report);
    let index: HashMap<&str, usize> = report
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name.as_str(), i))
        .collect();
    let builtin = builtin_names();

    let mut results = Vec::new();
    let mut notifications = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for d in &report.diagnostics {
        let rule_index = index.get(d.name.as_str()).copied();
        let location = primary_location(report, &paths, d);
        if location.is_none() || crate::run::is_fatal(&d.name) {
            notifications.push(Notification {
                level: level(d.severity),
                message: Text {
                    text: notification_text(report, d, location.is_some()),
                },
                locations: location.iter().map(|l| l.copy()).collect(),
                associated_rule: rule_index.map(|index| RuleReference {
                    id: d.code.clone(),
                    index,
                }),
            });
        }
        let Some(location) = location else {
            continue;
        };
        let related: Vec<(Location, String)> = d
            .secondary
            .iter()
            .filter_map(|label| {
                let uri = paths.file(report, label.file)?;
                Some((label_location(report, label, uri), label.message.clone()))
            })
            .enumerate()
            .map(|(i, (mut l, message))| {
                l.id = Some(i + 1);
                (l, message)
            })
            .collect();
        let hash = super::fingerprint_hex(report, &paths, d);
        let occurrence = seen.entry(hash.clone()).or_insert(0);
        *occurrence += 1;
        results.push(SarifResult {
            rule_id: d.code.clone(),
            rule_index,
            level: level(d.severity),
            message: Text {
                text: message_text(&d.message, &related),
            },
            locations: vec![location],
            related_locations: related.into_iter().map(|(l, _)| l).collect(),
            partial_fingerprints: Fingerprints {
                reglint: format!("{hash}:{occurrence}"),
            },
            suppressions: suppression(d).into_iter().collect(),
        });
    }

    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "reglint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules: report
                        .rules
                        .iter()
                        .map(|r| descriptor(r, builtin.contains(&r.name)))
                        .collect(),
                },
            },
            invocations: [Invocation {
                execution_successful: !report
                    .diagnostics
                    .iter()
                    .any(|d| crate::run::is_fatal(&d.name)),
                tool_execution_notifications: notifications,
            }],
            automation_details: AutomationDetails { id: "reglint/" },
            column_kind: "unicodeCodePoints",
            original_uri_base_ids: UriBaseIds {
                src_root: SrcRoot {
                    description: Text {
                        text: "The root of the git work tree that holds the register repositories (the repository root itself when it is not in one).".into(),
                    },
                },
            },
            results,
        }],
    };
    super::escape::write_json(&mut *out, &log, true)?;
    writeln!(out)
}

impl Location {
    fn copy(&self) -> Location {
        let p = &self.physical_location;
        Location {
            id: self.id,
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: p.artifact_location.uri.clone(),
                    uri_base_id: p.artifact_location.uri_base_id,
                },
                region: Region { ..p.region },
            },
            message: self.message.as_ref().map(|m| Text {
                text: m.text.clone(),
            }),
        }
    }
}

/// A notification's message: a problem in a file outside the work tree (a rule script)
/// says where, as `name:line:column`, unless the name is an absolute path, which would make
/// the output depend on the machine.
fn notification_text(report: &Report, d: &Diagnostic, is_located: bool) -> String {
    let Some(primary) = d.primary.as_ref().filter(|_| !is_located) else {
        return d.message.clone();
    };
    let name = &report.sources.get(primary.file).name;
    if std::path::Path::new(&**name).is_absolute() {
        return d.message.clone();
    }
    let (line, column) = line_col(report, primary.file, primary.span.start);
    format!("{} (at `{name}:{line}:{column}`)", d.message)
}

/// SARIF's level for a severity (reglint's `info` is SARIF's `note`).
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The names of the rules the reference (`docs/rules.md`) documents: the built-in checks
/// and the built-in pack. Organisation rules get no `helpUri`.
fn builtin_names() -> Vec<String> {
    let mut names: Vec<String> = crate::checks::all()
        .into_iter()
        .map(|c| c.name.to_owned())
        .collect();
    names.extend(crate::rule::builtin_sources().iter().filter_map(|s| {
        let file = s.name.rsplit('/').next()?;
        Some(file.strip_suffix(".rhai")?.to_owned())
    }));
    names
}

/// A rule's descriptor. `id` is the code (`AD003`): short, given once and never reused, so
/// an alert keeps its rule across renames; `name` carries the name configurations use.
fn descriptor(rule: &RuleMeta, is_documented: bool) -> Descriptor<'_> {
    let summary = if rule.summary.trim().is_empty() {
        rule.name.clone()
    } else {
        rule.summary.clone()
    };
    let help = if rule.docs.trim().is_empty() {
        summary.clone()
    } else {
        format!("{summary}\n\n{}", rule.docs.trim_end())
    };
    let mut tags = vec!["compliance".to_owned()];
    if !rule.clause.is_empty() {
        tags.push(format!("ISO27001:2022 {}", rule.clause));
    }
    Descriptor {
        id: &rule.code,
        name: &rule.name,
        full_description: Text {
            text: full_description(&rule.docs).unwrap_or_else(|| summary.clone()),
        },
        short_description: Text { text: summary },
        help: Help {
            text: help.clone(),
            markdown: help,
        },
        help_uri: is_documented.then(|| format!("{RULES_URI}#{}", rule.name)),
        default_configuration: Configuration {
            level: level(rule.severity),
        },
        properties: Tags { tags },
    }
}

/// The first paragraph of a rule's docs (the one under *What it checks*), on one line, at
/// most [`FULL_DESCRIPTION_MAX`] characters.
fn full_description(docs: &str) -> Option<String> {
    let paragraph = docs
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#') && !p.starts_with("```"))
        .map(|p| {
            p.lines()
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .or_else(|| {
            // A paragraph right under its heading, with no blank line between them.
            let first = docs.trim().split("\n\n").next()?;
            let text: Vec<&str> = first.lines().filter(|l| !l.starts_with('#')).collect();
            (!text.is_empty()).then(|| text.join(" "))
        })?;
    let paragraph = paragraph.trim();
    if paragraph.is_empty() {
        return None;
    }
    if paragraph.chars().count() <= FULL_DESCRIPTION_MAX {
        return Some(paragraph.to_owned());
    }
    let mut cut: String = paragraph.chars().take(FULL_DESCRIPTION_MAX - 1).collect();
    cut.push('…');
    Some(cut)
}

/// Where a result is shown: its primary label; for a repository-level finding, the first
/// line of the repository's configuration file, else of its first register file (a
/// platform shows a result only at a file). `None` when neither is in the work tree (a
/// problem with a rule script), and the finding is a notification only.
fn primary_location(report: &Report, paths: &PlatformPaths, d: &Diagnostic) -> Option<Location> {
    if let Some(primary) = &d.primary {
        let uri = paths.file(report, primary.file)?;
        return Some(label_location(report, primary, uri));
    }
    let repo = d.repository?;
    let in_repo = |is_config: bool| {
        report.files.iter().enumerate().find_map(|(id, info)| {
            let info = info.as_ref()?;
            let matches = info.repository == repo
                && if is_config {
                    !info.is_register
                        && matches!(info.relative.as_str(), "reglint.yaml" | ".reglint.yaml")
                } else {
                    info.is_register
                };
            matches.then(|| paths.file(report, id)).flatten()
        })
    };
    let uri = in_repo(true).or_else(|| in_repo(false))?;
    Some(Location {
        id: None,
        physical_location: PhysicalLocation {
            artifact_location: artifact(uri),
            region: Region {
                start_line: 1,
                start_column: 1,
                end_line: 1,
                end_column: 1,
            },
        },
        message: None,
    })
}

/// A label's place: SARIF's end column is the one after the last character, which is what
/// the position of the span's end is; columns count characters (`unicodeCodePoints`), as
/// [`line_col`] does.
fn label_location(report: &Report, label: &Label, uri: String) -> Location {
    let (start_line, start_column) = line_col(report, label.file, label.span.start);
    let (end_line, end_column) = line_col(report, label.file, label.span.end);
    Location {
        id: None,
        physical_location: PhysicalLocation {
            artifact_location: artifact(uri),
            region: Region {
                start_line,
                start_column,
                end_line,
                end_column,
            },
        },
        message: (!label.message.is_empty()).then(|| Text {
            text: label.message.clone(),
        }),
    }
}

fn artifact(path: String) -> ArtifactLocation {
    ArtifactLocation {
        uri: uri_path(&path),
        uri_base_id: "%SRCROOT%",
    }
}

/// A relative path as a URI reference: `/` kept, every byte outside RFC 3986's unreserved
/// characters percent-encoded (a space, `#`, `%`, non-ASCII).
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// The message, with a link to each related location in SARIF's `[text](id)` form (the
/// only links GitHub shows), so the plain text still reads:
/// `… (see [first defined here](1))`. Square brackets of the message and labels are escaped, so no register value
/// can forge a link.
fn message_text(message: &str, related: &[(Location, String)]) -> String {
    let mut text = escape_brackets(message);
    if related.is_empty() {
        return text;
    }
    text.push_str(" (see ");
    for (i, (location, label)) in related.iter().enumerate() {
        if i > 0 {
            text.push_str(", ");
        }
        let shown = if label.is_empty() {
            let p = &location.physical_location;
            format!("{}:{}", p.artifact_location.uri, p.region.start_line)
        } else {
            label.clone()
        };
        let _ = write!(
            text,
            "[{}]({})",
            escape_brackets(&shown),
            location.id.unwrap_or(i + 1)
        );
    }
    text.push(')');
    text
}

fn escape_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The `suppressions` of a silenced finding: a comment in the register is `inSource`; an
/// exception or the baseline is `external`, accepted. A withheld finding (its repository
/// has a file that did not load, so it may not be true) is `external` and `underReview`:
/// nobody accepted it, it waits for the file to load; the justification says which.
fn suppression(d: &Diagnostic) -> Option<SarifSuppression> {
    let s = d.suppressed.as_ref()?;
    let (kind, status) = match s.kind {
        SuppressionKind::Inline => ("inSource", "accepted"),
        SuppressionKind::Exception | SuppressionKind::Baseline => ("external", "accepted"),
        SuppressionKind::Withheld => ("external", "underReview"),
    };
    let justification = match s.kind {
        SuppressionKind::Baseline if s.reason.is_empty() => "recorded in the baseline".into(),
        _ => s.reason.clone(),
    };
    Some(SarifSuppression {
        kind,
        status,
        justification,
        properties: s.id.as_ref().map(|id| ExceptionProperties {
            exception: id.clone(),
            approved_by: s.approved_by.clone(),
            expires: s.expires.clone(),
        }),
    })
}
