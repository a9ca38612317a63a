//! `reglint.yaml` as written: the serde types that read it, and the chain of files it extends.
//!
//! The same types give the JSON Schema (`reglint schema config`), so the parser, the schema
//! and the documentation cannot drift apart. Every value keeps its span ([`Spanned`]) so that
//! resolving a configuration can point at the exact place of each problem. Reading goes
//! through the engine's own loader ([`crate::yaml`]) and typed reader ([`crate::yaml::read`]),
//! never through another YAML library.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::discover::Input;
use crate::source::{FileId, SourceFile};
use crate::yaml::read::{self, Spanned};
use crate::yaml::{self, Limits};

use super::INVALID_CONFIG;

/// A `reglint.yaml` file.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "reglint configuration",
    description = "The configuration of a register repository: `reglint.yaml` or `.reglint.yaml` at its root."
)]
pub struct ConfigFile {
    /// The configuration format: `1`.
    pub version: Option<Spanned<u64>>,
    /// Configurations this one builds on, merged in order before this file (paths relative
    /// to this file).
    pub extends: Option<Vec<Spanned<String>>>,
    /// The reference date (`YYYY-MM-DD`) for review checks; `--today` wins. Without it,
    /// today's date (UTC).
    pub today: Option<Spanned<String>>,
    /// The lowest severity whose findings make the exit code 1 (default `error`);
    /// `--fail-on` wins.
    pub fail_on: Option<Spanned<FailOn>>,
    /// Which rules run and at what severity.
    pub rules: Option<Spanned<RuleSettings>>,
    /// Folders of organisation rules loaded beside the built-in pack (relative to this file).
    pub rule_dirs: Option<Vec<Spanned<String>>>,
    /// Files not read, in gitignore syntax, relative to the repository root.
    pub ignore: Option<Vec<Spanned<String>>>,
    /// Rule settings for some files only; later entries win.
    pub overrides: Option<Vec<Override>>,
    /// The sandbox limits of each rule on each repository, within hard caps.
    pub limits: Option<LimitSettings>,
    /// Settings for the exceptions register (`kind: exceptions`).
    pub exceptions: Option<ExceptionSettings>,
}

/// The lowest severity that fails a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Only errors fail the run.
    Error,
    /// Warnings and errors fail the run.
    Warning,
    /// Every finding fails the run.
    Info,
}

/// A severity a rule can be set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Report at error level.
    Error,
    /// Report at warning level.
    Warning,
    /// Report at info level.
    Info,
    /// Do not report.
    Off,
}

/// Rule selection: `select` (only these), `ignore` (not these) and `severity`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSettings {
    /// Only these rules run: rule names, codes, code prefixes (`AD`) or clauses (`"4.2 c)"`).
    pub select: Option<Vec<Spanned<String>>>,
    /// These rules do not run: rule names, codes, code prefixes or clauses.
    pub ignore: Option<Vec<Spanned<String>>>,
    /// A severity for a rule (by name or code): `error`, `warning`, `info` or `off`.
    pub severity: Option<SeverityTable>,
}

/// Rule name or code to severity, in file order, each key with its span.
#[derive(Debug, Clone, Default)]
pub struct SeverityTable(pub Vec<(Spanned<String>, Spanned<Level>)>);

impl<'de> Deserialize<'de> for SeverityTable {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = SeverityTable;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping of rule names to `error`, `warning`, `info` or `off`")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<SeverityTable, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(SeverityTable(entries))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

impl JsonSchema for SeverityTable {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SeverityTable".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let level = generator.subschema_for::<Level>();
        schemars::json_schema!({
            "type": "object",
            "description": "Rule name or code to severity.",
            "additionalProperties": level,
        })
    }
}

/// Rule settings for the files matching `files`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// Globs (gitignore syntax) relative to the repository root.
    pub files: Spanned<Vec<Spanned<String>>>,
    /// The rule settings for those files.
    pub rules: Option<RuleSettings>,
}

/// Sandbox limits per (repository, rule) job.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitSettings {
    /// Most Rhai operations per rule and repository.
    pub operations: Option<Spanned<u64>>,
    /// Wall-clock time per rule and repository, in milliseconds.
    pub deadline_ms: Option<Spanned<u64>>,
}

/// Settings for exceptions (`kind: exceptions`).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExceptionSettings {
    /// The longest an exception may run, in months from `approved_on` to `expires`
    /// (default 12); a longer one is a warning.
    pub max_months: Option<Spanned<u64>>,
}

/// One configuration file read: where it is and what it says.
#[derive(Debug, Clone)]
pub struct ReadConfig {
    /// The file (absolute).
    pub path: PathBuf,
    /// Its id in the report's source map.
    pub file: FileId,
    /// Its text, to turn spans into lines.
    pub source: SourceFile,
    /// What it says.
    pub config: ConfigFile,
}

/// The configuration files of one repository, in merge order (extended files first), with
/// their texts and every problem found reading them.
#[derive(Debug, Default)]
pub struct ConfigChain {
    /// The files read, in merge order.
    pub files: Vec<ReadConfig>,
    /// The text of every file read (for rendering), in the order their ids were given.
    pub sources: Vec<SourceFile>,
    /// Problems: malformed YAML, unknown keys, wrong types, missing or cyclic `extends`.
    pub problems: Vec<Diagnostic>,
    /// Whether a file shared with another repository (`--config`) has problems, which are
    /// reported once, with that repository.
    pub shared_problems: bool,
}

impl ConfigChain {
    /// Whether the chain can be resolved: no file of it had a problem.
    pub fn is_readable(&self) -> bool {
        self.problems.is_empty() && !self.shared_problems
    }
}

/// Reads a configuration file and, first, everything it extends, from `input`. `next_id`
/// hands out file ids; `name` turns a path into the name diagnostics show.
pub fn read_chain(
    path: &Path,
    input: &Input,
    next_id: &mut FileId,
    name: &dyn Fn(&Path) -> String,
) -> ConfigChain {
    let mut chain = ConfigChain::default();
    let mut stack = Vec::new();
    read_into(path, input, None, next_id, name, &mut stack, &mut chain);
    chain
}

/// Where an `extends` item was written, for errors about the file it names.
struct ExtendsItem {
    file: FileId,
    span: Range<usize>,
    written: String,
}

fn read_into(
    path: &Path,
    input: &Input,
    from: Option<ExtendsItem>,
    next_id: &mut FileId,
    name: &dyn Fn(&Path) -> String,
    stack: &mut Vec<PathBuf>,
    chain: &mut ConfigChain,
) {
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if let Some(item) = &from {
        if stack.contains(&canonical) {
            let cycle: Vec<String> = stack
                .iter()
                .chain(std::iter::once(&canonical))
                .map(|p| format!("`{}`", name(p)))
                .collect();
            chain.problems.push(
                INVALID_CONFIG
                    .diagnostic(format!(
                        "`extends` forms a cycle: {}",
                        cycle.join(" extends ")
                    ))
                    .at(
                        item.file,
                        item.span.clone(),
                        "extends a file that extends this one",
                    )
                    .with_help("remove one of the `extends` items so each file is merged once"),
            );
            return;
        }
    }
    let bytes = match input.read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            let problem = match &from {
                Some(item) => INVALID_CONFIG
                    .diagnostic(format!(
                        "cannot read `{}`, which `extends` names: {}",
                        item.written,
                        io_reason(&error)
                    ))
                    .at(item.file, item.span.clone(), "no such configuration file")
                    .with_help("`extends` paths are relative to the file that names them"),
                None => INVALID_CONFIG.diagnostic(format!(
                    "cannot read the configuration file `{}`: {}",
                    name(path),
                    io_reason(&error)
                )),
            };
            chain.problems.push(problem);
            return;
        }
    };
    let file = *next_id;
    *next_id += 1;
    let display: Arc<str> = name(path).into();
    let Ok(text) = String::from_utf8(bytes) else {
        chain.sources.push(SourceFile::name_only(display));
        chain.problems.push(
            INVALID_CONFIG
                .diagnostic("the configuration file is not valid UTF-8")
                .at(file, 0..0, "reglint stopped reading here"),
        );
        return;
    };
    let text: Arc<str> = text.into();
    chain
        .sources
        .push(SourceFile::new(display, Arc::clone(&text)));
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let loaded = yaml::parse(&text[bom..], bom, &Limits::default());
    let mut broken = false;
    for problem in loaded.problems {
        broken |= matches!(problem, yaml::LoadProblem::Syntax { .. });
        chain.problems.push(load_problem(problem, file));
    }
    if broken {
        return;
    }
    let config = match loaded.documents.as_slice() {
        [] => ConfigFile::default(),
        [doc] => match doc.root {
            Some(root) if !doc.is_null(root) => match read::from_node::<ConfigFile>(doc, root) {
                Ok(config) => config,
                Err(errors) => {
                    for error in errors {
                        let mut d = INVALID_CONFIG
                            .diagnostic(error.message)
                            .at(file, error.span, "");
                        if let Some(help) = error.help {
                            d = d.with_help(help);
                        }
                        chain.problems.push(d);
                    }
                    return;
                }
            },
            _ => ConfigFile::default(),
        },
        [_, second, ..] => {
            let at = second.root.map_or(0..0, |r| second.node(r).span.clone());
            chain.problems.push(
                INVALID_CONFIG
                    .diagnostic("the configuration file holds more than one YAML document")
                    .at(file, at, "a second document starts here")
                    .with_help("keep the whole configuration in one document"),
            );
            return;
        }
    };
    stack.push(canonical);
    let base = path.parent().unwrap_or(Path::new("."));
    for item in config.extends.iter().flatten() {
        let target = crate::discover::normalise(&base.join(&item.value));
        let from = ExtendsItem {
            file,
            span: item.span.clone(),
            written: item.value.clone(),
        };
        read_into(&target, input, Some(from), next_id, name, stack, chain);
    }
    stack.pop();
    chain.files.push(ReadConfig {
        path: path.to_path_buf(),
        file,
        source: SourceFile::new(name(path).into(), text),
        config,
    });
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "the file does not exist".into(),
        _ => error.to_string(),
    }
}

fn load_problem(problem: yaml::LoadProblem, file: FileId) -> Diagnostic {
    match problem {
        yaml::LoadProblem::Syntax {
            span,
            message,
            label,
            parser,
        } => {
            let d = match parser {
                None => INVALID_CONFIG
                    .diagnostic(format!("invalid YAML: {message}"))
                    .at(file, span, label),
                Some(parser) => parser.annotate(
                    INVALID_CONFIG.diagnostic(message).at(file, span, label),
                    file,
                ),
            };
            d.with_note("reglint does not check anything on a half-read configuration")
        }
        yaml::LoadProblem::DuplicateKey {
            repeat, first, key, ..
        } => INVALID_CONFIG
            .diagnostic(format!(
                "key `{key}` appears more than once in this mapping"
            ))
            .at(file, repeat, "repeated here")
            .with_label(file, first, "first defined here")
            .with_help(format!("keep one `{key}`")),
        yaml::LoadProblem::LongValue { span, limit, .. } => INVALID_CONFIG
            .diagnostic(format!("a value is longer than {limit} bytes"))
            .at(file, span.start..span.start, "this value is too long"),
    }
}
