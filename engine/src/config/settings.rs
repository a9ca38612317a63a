//! The resolved configuration of one repository: files merged in order, flags on top, every
//! value with where it came from.
//!
//! Resolution is where a configuration meets the rules: a rule named in `select`, `ignore`,
//! `severity` or an override must exist (did-you-mean otherwise), globs must compile, dates
//! must be dates and limits must stay within the sandbox's hard caps. Every problem is a
//! diagnostic at its place in the file, all of them are collected, and a repository with any
//! of them is not checked. Selection follows ruff's layering: each layer (the extended files,
//! the repository's file, matching overrides, then the command line) may replace the selection
//! with `select`, remove rules with `ignore` and set severities.

use std::path::{Path, PathBuf};
use std::time::Duration;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::overrides::{Override as GlobSet, OverrideBuilder};

use crate::checks::is_protected;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::RuleMeta;
use crate::script::Sandbox;
use crate::source::FileId;
use crate::yaml::read::Spanned;

use super::INVALID_CONFIG;
use super::file::{ConfigChain, FailOn, Level, ReadConfig, RuleSettings};

/// Where a resolved value came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Origin {
    /// reglint's default.
    #[default]
    Default,
    /// A command-line flag (`--today`).
    Flag(String),
    /// A configuration file, at a 1-based line.
    File {
        /// The file as diagnostics show it.
        file: String,
        /// The line.
        line: usize,
    },
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::Flag(flag) => write!(f, "{flag}"),
            Origin::File { file, line } => write!(f, "{file}:{line}"),
        }
    }
}

/// A resolved value and its origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub origin: Origin,
}

impl<T> Sourced<T> {
    fn default(value: T) -> Self {
        Sourced {
            value,
            origin: Origin::Default,
        }
    }
}

/// What the command line says about the configuration; flags win over files.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// `--today`.
    pub today: Option<Date>,
    /// `--fail-on`.
    pub fail_on: Option<Severity>,
    /// `--select` (replaces the selection).
    pub select: Option<Vec<String>>,
    /// `--ignore` (removes rules).
    pub ignore: Vec<String>,
}

/// Which rules a selector written in a configuration stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// One rule, by name (codes are turned into names).
    Name(String),
    /// Every rule whose code starts with this (`AD`).
    CodePrefix(String),
    /// Every rule serving this clause or a sub-clause of it (`4.2` covers `4.2 c)`).
    Clause(String),
}

impl Selector {
    /// Whether the selector covers a rule.
    pub fn matches(&self, rule: &RuleMeta) -> bool {
        match self {
            Selector::Name(name) => rule.name == *name,
            Selector::CodePrefix(prefix) => rule.code.starts_with(prefix.as_str()),
            Selector::Clause(clause) => {
                rule.clause == *clause
                    || rule
                        .clause
                        .strip_prefix(clause.as_str())
                        .is_some_and(|rest| rest.starts_with(' ') || rest.starts_with('.'))
            }
        }
    }
}

/// One layer of rule settings.
#[derive(Debug, Clone, Default)]
pub struct Layer {
    /// `select`: when present, only these rules.
    pub select: Option<Vec<Selector>>,
    /// `ignore`.
    pub ignore: Vec<Selector>,
    /// `severity`, by rule name.
    pub severity: Vec<(String, Level)>,
    /// Where the layer was written.
    pub origin: Origin,
}

/// Rule settings for the files an override's globs match.
#[derive(Debug, Clone)]
pub struct OverrideLayer {
    /// The globs as written.
    pub globs: Vec<String>,
    matcher: GlobSet,
    /// The settings.
    pub layer: Layer,
}

/// How a rule is set for one file: `None` off; `Some(None)` on as the rule reports;
/// `Some(Some(severity))` on at a configured severity.
pub type Verdict = Option<Option<Severity>>;

/// The resolved configuration of one repository.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The configuration files merged, in order, as shown.
    pub files: Vec<String>,
    /// The reference date; `None`: today (UTC).
    pub today: Sourced<Option<Date>>,
    /// The lowest severity that fails the run.
    pub fail_on: Sourced<Severity>,
    /// Organisation rule folders (absolute).
    pub rule_dirs: Vec<Sourced<PathBuf>>,
    /// Ignore globs as written.
    pub ignore_globs: Vec<Sourced<String>>,
    ignore: Option<Gitignore>,
    /// Repository-wide rule layers, in order.
    pub layers: Vec<Layer>,
    /// File-specific rule layers, in order.
    pub overrides: Vec<OverrideLayer>,
    /// The command line's rule layer, applied last.
    pub flags_layer: Option<Layer>,
    /// Rhai operations per rule and repository.
    pub operations: Sourced<u64>,
    /// Wall-clock time per rule and repository.
    pub deadline: Sourced<Duration>,
    /// The longest an exception may run, in months.
    pub max_months: Sourced<u64>,
}

impl Settings {
    /// The settings of a repository without a configuration file; `sandbox` gives the
    /// default operations and deadline.
    pub fn defaults(sandbox: &Sandbox) -> Self {
        Settings {
            files: Vec::new(),
            today: Sourced::default(None),
            fail_on: Sourced::default(Severity::Error),
            rule_dirs: Vec::new(),
            ignore_globs: Vec::new(),
            ignore: None,
            layers: Vec::new(),
            overrides: Vec::new(),
            flags_layer: None,
            operations: Sourced::default(sandbox.max_operations),
            deadline: Sourced::default(sandbox.deadline),
            max_months: Sourced::default(12),
        }
    }

    /// Whether a file (relative to the repository root) is excluded by `ignore`.
    pub fn is_ignored(&self, relative: &Path) -> bool {
        self.ignore
            .as_ref()
            .is_some_and(|g| g.matched_path_or_any_parents(relative, false).is_ignore())
    }

    /// How a rule is set for a file (`None`: a finding with no file).
    pub fn verdict(&self, rule: &RuleMeta, relative: Option<&Path>) -> Verdict {
        if is_protected(&rule.name) {
            return Some(None);
        }
        let mut on = true;
        let mut severity = None;
        let matching = self
            .overrides
            .iter()
            .filter(|o| relative.is_some_and(|path| o.matcher.matched(path, false).is_whitelist()));
        let layers = self
            .layers
            .iter()
            .chain(matching.map(|o| &o.layer))
            .chain(self.flags_layer.iter());
        for layer in layers {
            if let Some(select) = &layer.select {
                on = select.iter().any(|s| s.matches(rule));
            }
            if layer.ignore.iter().any(|s| s.matches(rule)) {
                on = false;
            }
            for (name, level) in &layer.severity {
                if *name == rule.name {
                    match level {
                        Level::Off => on = false,
                        Level::Error => severity = Some(Severity::Error),
                        Level::Warning => severity = Some(Severity::Warning),
                        Level::Info => severity = Some(Severity::Info),
                    }
                }
            }
        }
        on.then_some(severity)
    }

    /// Whether a rule can report anywhere in the repository (rules that cannot are not run).
    pub fn may_report(&self, rule: &RuleMeta) -> bool {
        !self.overrides.is_empty() || self.verdict(rule, None).is_some()
    }

    /// The sandbox for the repository's jobs: the defaults with its limits.
    pub fn sandbox(&self, base: &Sandbox) -> Sandbox {
        Sandbox {
            max_operations: self.operations.value,
            deadline: self.deadline.value,
            ..*base
        }
    }
}

/// Everything resolution needs besides the files.
pub struct Context<'a> {
    /// Every rule the repository runs (the built-in checks included).
    pub rules: &'a [RuleMeta],
    /// The repository root (absolute).
    pub root: &'a Path,
    /// The command line.
    pub flags: &'a Flags,
    /// The default sandbox limits.
    pub sandbox: &'a Sandbox,
}

/// Reads the organisation rule folders of a chain (needed before the rules are known).
pub fn rule_dirs(chain: &ConfigChain) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for read in &chain.files {
        let base = read.path.parent().unwrap_or(Path::new("."));
        for dir in read.config.rule_dirs.iter().flatten() {
            let path = crate::discover::normalise(&base.join(&dir.value));
            if !dirs.contains(&path) {
                dirs.push(path);
            }
        }
    }
    dirs
}

/// Resolves a chain into settings, or every problem found.
pub fn resolve(chain: &ConfigChain, cx: &Context<'_>) -> Result<Settings, Vec<Diagnostic>> {
    let mut settings = Settings::defaults(cx.sandbox);
    let mut problems = Vec::new();
    let mut ignore = GitignoreBuilder::new(cx.root);
    for read in &chain.files {
        settings.files.push(read.source.name.to_string());
        let mut at = Resolver {
            read,
            problems: &mut problems,
            rules: cx.rules,
        };
        at.merge(&mut settings, &mut ignore, cx.root);
    }
    let flags = cx.flags;
    if let Some(today) = flags.today {
        settings.today = Sourced {
            value: Some(today),
            origin: Origin::Flag("--today".into()),
        };
    }
    if let Some(fail_on) = flags.fail_on {
        settings.fail_on = Sourced {
            value: fail_on,
            origin: Origin::Flag("--fail-on".into()),
        };
    }
    if flags.select.is_some() || !flags.ignore.is_empty() {
        let mut layer = Layer {
            origin: Origin::Flag("--select/--ignore".into()),
            ..Layer::default()
        };
        let mut flag_selectors = |words: &[String], flag: &str| -> Vec<Selector> {
            words
                .iter()
                .filter_map(|word| match selector(word, cx.rules) {
                    Ok(Selector::Name(rule)) if flag == "--ignore" && is_protected(&rule) => {
                        problems.push(
                            INVALID_CONFIG
                                .diagnostic(format!("`{flag} {word}`: `{rule}` cannot be turned off"))
                                .with_help("it reports a file, configuration or rule that could not be read or run, so the check would silently be incomplete"),
                        );
                        None
                    }
                    Ok(s) => Some(s),
                    Err(help) => {
                        problems.push(
                            INVALID_CONFIG
                                .diagnostic(format!(
                                    "`{flag} {word}` names no rule, code or clause"
                                ))
                                .with_help(help),
                        );
                        None
                    }
                })
                .collect()
        };
        layer.select = flags
            .select
            .as_ref()
            .map(|words| flag_selectors(words, "--select"));
        layer.ignore = flag_selectors(&flags.ignore, "--ignore");
        settings.flags_layer = Some(layer);
    }
    match ignore.build() {
        Ok(matcher) if !settings.ignore_globs.is_empty() => settings.ignore = Some(matcher),
        Ok(_) => {}
        Err(error) => problems.push(INVALID_CONFIG.diagnostic(format!("bad ignore glob: {error}"))),
    }
    if problems.is_empty() {
        Ok(settings)
    } else {
        Err(problems)
    }
}

/// Turns a word written in a configuration into a selector, or a help line for the error.
pub fn selector(word: &str, rules: &[RuleMeta]) -> Result<Selector, String> {
    if let Some(rule) = crate::rule::lookup(rules, word) {
        return Ok(Selector::Name(rule.name.clone()));
    }
    let clause = Selector::Clause(word.to_owned());
    if !word.is_empty() && rules.iter().any(|r| clause.matches(r)) {
        return Ok(clause);
    }
    let is_prefix = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric());
    // Codes are uppercase by construction, so a prefix matches whatever case it is written in.
    let prefix = word.to_ascii_uppercase();
    if is_prefix && rules.iter().any(|r| r.code.starts_with(&prefix)) {
        return Ok(Selector::CodePrefix(prefix));
    }
    Err(crate::rule::unknown_rule_help(word, rules))
}

/// Merges one file into the settings, collecting its problems.
struct Resolver<'a> {
    read: &'a ReadConfig,
    problems: &'a mut Vec<Diagnostic>,
    rules: &'a [RuleMeta],
}

impl Resolver<'_> {
    fn file(&self) -> FileId {
        self.read.file
    }

    fn origin<T>(&self, value: &Spanned<T>) -> Origin {
        Origin::File {
            file: self.read.source.name.to_string(),
            line: self.read.source.line_col(value.span.start).0,
        }
    }

    fn sourced<T, U>(&self, value: &Spanned<T>, resolved: U) -> Sourced<U> {
        Sourced {
            value: resolved,
            origin: self.origin(value),
        }
    }

    fn problem(&mut self, span: &std::ops::Range<usize>, message: String, label: &str, help: &str) {
        let mut d = INVALID_CONFIG
            .diagnostic(message)
            .at(self.file(), span.clone(), label);
        if !help.is_empty() {
            d = d.with_help(help);
        }
        self.problems.push(d);
    }

    fn merge(&mut self, settings: &mut Settings, ignore: &mut GitignoreBuilder, root: &Path) {
        let config = &self.read.config;
        if let Some(version) = &config.version {
            if version.value != 1 {
                self.problem(
                    &version.span,
                    format!("configuration version `{}` is not supported", version.value),
                    "unsupported version",
                    "write `version: 1`",
                );
            }
        }
        if let Some(today) = &config.today {
            match Date::parse(&today.value) {
                Some(date) => settings.today = self.sourced(today, Some(date)),
                None => self.problem(
                    &today.span,
                    format!(
                        "`today` must be a date in the form YYYY-MM-DD, not `{}`",
                        today.value
                    ),
                    "not a date",
                    "write e.g. `today: 2026-11-22`",
                ),
            }
        }
        if let Some(fail_on) = &config.fail_on {
            let severity = match fail_on.value {
                FailOn::Error => Severity::Error,
                FailOn::Warning => Severity::Warning,
                FailOn::Info => Severity::Info,
            };
            settings.fail_on = self.sourced(fail_on, severity);
        }
        let base = self
            .read
            .path
            .parent()
            .unwrap_or(Path::new("."))
            .to_path_buf();
        for dir in config.rule_dirs.iter().flatten() {
            let path = crate::discover::normalise(&base.join(&dir.value));
            if path.is_dir() {
                settings.rule_dirs.push(self.sourced(dir, path));
            } else {
                self.problem(
                    &dir.span,
                    format!("rule folder `{}` does not exist", dir.value),
                    "no such folder",
                    "`rule_dirs` paths are relative to the configuration file",
                );
            }
        }
        for glob in config.ignore.iter().flatten() {
            match ignore.add_line(None, &glob.value) {
                Ok(_) => settings
                    .ignore_globs
                    .push(self.sourced(glob, glob.value.clone())),
                Err(error) => self.bad_glob(glob, &error, "`drafts/**` or `*.draft.yaml`"),
            }
        }
        if let Some(rules) = &config.rules {
            let origin = self.origin(rules);
            let layer = self.layer(&rules.value, origin);
            settings.layers.push(layer);
        }
        for entry in config.overrides.iter().flatten() {
            let mut builder = OverrideBuilder::new(root);
            let mut valid = true;
            for glob in &entry.files.value {
                if let Err(error) = builder.add(&glob.value) {
                    valid = false;
                    self.bad_glob(glob, &error, "`registers/legacy/**`");
                }
            }
            if entry.files.value.is_empty() {
                valid = false;
                self.problem(
                    &entry.files.span,
                    "an override must name the files it applies to".into(),
                    "no globs",
                    "list globs under `files:`, e.g. `files: [\"registers/legacy/**\"]`",
                );
            }
            let origin = self.origin(&entry.files);
            let layer = entry
                .rules
                .as_ref()
                .map(|rules| self.layer(rules, origin.clone()))
                .unwrap_or(Layer {
                    origin,
                    ..Layer::default()
                });
            match builder.build() {
                Ok(matcher) if valid => settings.overrides.push(OverrideLayer {
                    globs: entry.files.value.iter().map(|g| g.value.clone()).collect(),
                    matcher,
                    layer,
                }),
                _ => {}
            }
        }
        if let Some(limits) = &config.limits {
            let caps = Sandbox::CAPS;
            if let Some(ops) = &limits.operations {
                if ops.value == 0 || ops.value > caps.max_operations {
                    self.problem(
                        &ops.span,
                        format!(
                            "`operations` is {}, outside the sandbox's range of 1 to {} (the hard cap)",
                            ops.value, caps.max_operations
                        ),
                        "over the cap",
                        &format!("write at most `operations: {}`", caps.max_operations),
                    );
                } else {
                    settings.operations = self.sourced(ops, ops.value);
                }
            }
            if let Some(ms) = &limits.deadline_ms {
                let cap = caps.deadline.as_millis() as u64;
                if ms.value == 0 || ms.value > cap {
                    self.problem(
                        &ms.span,
                        format!(
                            "`deadline_ms` is {}, outside the sandbox's range of 1 to {cap} ms (the hard cap)",
                            ms.value
                        ),
                        "over the cap",
                        &format!("write at most `deadline_ms: {cap}`"),
                    );
                } else {
                    settings.deadline = self.sourced(ms, Duration::from_millis(ms.value));
                }
            }
        }
        if let Some(months) = config
            .exceptions
            .as_ref()
            .and_then(|e| e.max_months.as_ref())
        {
            if months.value == 0 {
                self.problem(
                    &months.span,
                    "`max_months` must be at least 1".into(),
                    "not a number of months",
                    "write e.g. `max_months: 12`",
                );
            } else {
                settings.max_months = self.sourced(months, months.value);
            }
        }
    }

    fn layer(&mut self, rules: &RuleSettings, origin: Origin) -> Layer {
        let mut layer = Layer {
            origin,
            ..Layer::default()
        };
        if let Some(select) = &rules.select {
            layer.select = Some(self.selectors(select, "select"));
        }
        if let Some(ignore) = &rules.ignore {
            layer.ignore = self.selectors(ignore, "ignore");
        }
        for (name, level) in rules.severity.iter().flat_map(|t| t.0.iter()) {
            match selector(&name.value, self.rules) {
                Ok(Selector::Name(rule)) if is_protected(&rule) => {
                    self.protected(&name.span, &rule)
                }
                Ok(Selector::Name(rule)) => layer.severity.push((rule, level.value)),
                Ok(_) => self.problem(
                    &name.span,
                    format!(
                        "`severity` takes one rule by name or code, not `{}`",
                        name.value
                    ),
                    "not a single rule",
                    "name each rule; use `select` or `ignore` for groups of rules",
                ),
                Err(help) => self.problem(
                    &name.span,
                    format!("no rule is named `{}`", name.value),
                    "unknown rule",
                    &help,
                ),
            }
        }
        layer
    }

    fn selectors(&mut self, words: &[Spanned<String>], key: &str) -> Vec<Selector> {
        let mut out = Vec::new();
        for word in words {
            match selector(&word.value, self.rules) {
                Ok(Selector::Name(rule)) if key == "ignore" && is_protected(&rule) => {
                    self.protected(&word.span, &rule)
                }
                Ok(s) => out.push(s),
                Err(help) => self.problem(
                    &word.span,
                    format!("`{}` names no rule, code or clause", word.value),
                    "unknown rule",
                    &help,
                ),
            }
        }
        out
    }

    fn bad_glob(&mut self, glob: &Spanned<String>, error: &ignore::Error, example: &str) {
        let text = error.to_string();
        let reason = text.rsplit_once(": ").map_or(text.as_str(), |(_, r)| r);
        self.problem(
            &glob.span,
            format!("`{}` is not a valid glob: {reason}", glob.value),
            "invalid glob",
            &format!("globs use gitignore syntax, e.g. {example}"),
        );
    }

    fn protected(&mut self, span: &std::ops::Range<usize>, rule: &str) {
        self.problem(
            span,
            format!("`{rule}` cannot be turned off or down"),
            "always reported",
            "it reports a file, configuration or rule that could not be read or run, so the check would silently be incomplete",
        );
    }
}
