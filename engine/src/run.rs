//! Running a check: discover → load (parallel) → index → rules (parallel) → sorted report.
//!
//! [`Linter`] is the engine's front door: built once with the rules compiled, then
//! [`Linter::check`] returns a [`Report`]. Jobs are (repository, rule) pairs on rayon; their
//! results are gathered and sorted only at the end, which is what makes the output
//! byte-identical at any thread count.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Severity, Summary};
use crate::discover::{self, DiscoverError, display_path};
use crate::load::{LoadedFile, load_file};
use crate::model::Repository;
use crate::rule::{self, Rule, RuleMeta, RuleSource};
use crate::script::ScriptHost;
use crate::source::{SourceFile, SourceMap};
use crate::yaml::Limits;

/// How a run is set up.
#[derive(Debug, Clone)]
pub struct Options {
    /// The reference date for review checks.
    pub today: Date,
    /// Folders of organisation rules loaded beside the built-in pack.
    pub rule_dirs: Vec<PathBuf>,
    /// Whether the built-in pack is loaded.
    pub builtin_rules: bool,
    /// Script limits.
    pub sandbox: crate::script::Sandbox,
    /// Loader limits.
    pub limits: Limits,
    /// The directory paths are relative to, and shown relative to.
    pub cwd: PathBuf,
}

impl Options {
    /// Defaults: the built-in pack, default limits, the given date and directory.
    pub fn new(today: Date, cwd: PathBuf) -> Self {
        Options {
            today,
            rule_dirs: Vec::new(),
            builtin_rules: true,
            sandbox: crate::script::Sandbox::default(),
            limits: Limits::default(),
            cwd,
        }
    }
}

/// Why a run cannot go on at all (as opposed to findings about the input).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// A path does not exist, or the directory is unreadable.
    #[error(transparent)]
    Discover(#[from] DiscoverError),
    /// A rule folder cannot be read.
    #[error("cannot read rule folder `{path}`: {source}")]
    RuleDir {
        /// The folder.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// How a run ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above the failing level.
    Clean,
    /// Findings at or above the failing level.
    Findings,
    /// A rule could not be loaded or failed: the check is incomplete.
    Incomplete,
}

/// Everything a run found, ready to render.
#[derive(Debug)]
pub struct Report {
    /// Sorted diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// Every file diagnostics point into.
    pub sources: SourceMap,
    /// Counts.
    pub summary: Summary,
    /// Wall time of the check.
    pub elapsed: Duration,
    /// What rules printed (`print`/`debug`), as `rule: text`.
    pub log: Vec<String>,
}

impl Report {
    /// The outcome, with `fail_on` the lowest severity that fails the run.
    pub fn outcome(&self, fail_on: Severity) -> Outcome {
        if self
            .diagnostics
            .iter()
            .any(|d| d.name == rule::RULE_ERROR.name)
        {
            Outcome::Incomplete
        } else if self.diagnostics.iter().any(|d| d.severity >= fail_on) {
            Outcome::Findings
        } else {
            Outcome::Clean
        }
    }
}

/// The compiled rules and the engine that runs them.
pub struct Linter {
    host: ScriptHost,
    rules: Vec<Arc<Rule>>,
    rule_sources: Vec<SourceFile>,
    rule_errors: Vec<Diagnostic>,
    options: Options,
}

impl Linter {
    /// Loads and compiles the rules. Problems with individual rules become `rule-error`
    /// diagnostics in every report; only an unreadable rule folder is an error here.
    pub fn new(options: Options) -> Result<Linter, RunError> {
        let mut sources: Vec<RuleSource> = Vec::new();
        if options.builtin_rules {
            sources.extend(rule::builtin_sources());
        }
        for dir in &options.rule_dirs {
            let absolute = discover::normalise(&options.cwd.join(dir));
            let found = rule::read_rule_dir(&absolute, |p| display_path(p, &options.cwd)).map_err(
                |source| RunError::RuleDir {
                    path: dir.display().to_string(),
                    source,
                },
            )?;
            sources.extend(found);
        }
        let rule_sources: Vec<SourceFile> = sources
            .into_iter()
            .map(|s| SourceFile::new(s.name, s.text))
            .collect();
        let host = ScriptHost::new(options.sandbox);
        let set = rule::compile_all(host.engine(), &rule_sources, 0);
        Ok(Linter {
            host,
            rules: set.rules,
            rule_sources,
            rule_errors: set.errors,
            options,
        })
    }

    /// The active script rules.
    pub fn rules(&self) -> impl Iterator<Item = &RuleMeta> {
        self.rules.iter().map(|r| &r.meta)
    }

    /// Every active rule, the checks built into the loader included, sorted by code.
    pub fn all_rules(&self) -> Vec<RuleMeta> {
        let mut all: Vec<RuleMeta> = crate::format::CHECKS
            .iter()
            .map(RuleMeta::from)
            .chain(self.rules().cloned())
            .collect();
        all.sort_by(|a, b| a.code.cmp(&b.code));
        all
    }

    /// Whether a rule came from one of the organisation rule folders (not the built-in pack).
    pub fn is_organisation_rule(&self, name: &str) -> bool {
        self.rules
            .iter()
            .any(|r| r.meta.name == name && !self.rule_sources[r.file].name.starts_with("builtin:"))
    }

    /// Problems with the rules themselves (`rule-error`), found while loading them.
    pub fn rule_errors(&self) -> &[Diagnostic] {
        &self.rule_errors
    }

    /// Checks the repositories found from `paths`.
    pub fn check(&self, paths: &[PathBuf]) -> Result<Report, RunError> {
        let started = Instant::now();
        let cwd = &self.options.cwd;
        let repos = discover::discover(paths, cwd)?;

        // File ids: rule files first, then each repository's files in order.
        let mut first_ids = Vec::with_capacity(repos.len());
        let mut next_id = self.rule_sources.len();
        for repo in &repos {
            first_ids.push(next_id);
            next_id += repo.files.len();
        }
        // Each repository is loaded, indexed and checked as one unit, and its parsed
        // documents are dropped as soon as its rules are done: only source texts and
        // diagnostics outlive it, so memory follows the repositories in flight, not the corpus.
        let checked: Vec<CheckedRepo> = repos
            .par_iter()
            .zip(first_ids)
            .map(|(repo, first_id)| self.check_repository(repo, first_id))
            .collect();

        let mut diagnostics: Vec<Diagnostic> = self.rule_errors.clone();
        let mut sources = SourceMap::default();
        for source in &self.rule_sources {
            sources.add(source.clone());
        }
        // Which repository and path each register file has (rule files have none).
        let mut file_paths: Vec<Option<(usize, &Path)>> = vec![None; self.rule_sources.len()];
        let mut log = Vec::new();
        let mut repo_names = Vec::with_capacity(repos.len());
        for (index, (repo, done)) in repos.iter().zip(checked).enumerate() {
            for (path, source) in repo.files.iter().zip(done.sources) {
                sources.add(source);
                file_paths.push(Some((index, path.as_path())));
            }
            diagnostics.extend(done.diagnostics);
            log.extend(done.log);
            repo_names.push(done.name);
        }

        let mut kept: Vec<Diagnostic> = diagnostics
            .into_iter()
            .filter(|d| is_reported(d, &repos, &repo_names, &file_paths))
            .map(|mut d| {
                if let Some(primary) = &d.primary {
                    d.origin = sources.get(primary.file).name.to_string();
                }
                d
            })
            .collect();
        kept.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        kept.dedup();

        let mut summary = Summary {
            files: file_paths.iter().flatten().count(),
            repositories: repos.len(),
            ..Summary::default()
        };
        for d in &kept {
            match d.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        Ok(Report {
            diagnostics: cap_per_file(kept),
            sources,
            summary,
            elapsed: started.elapsed(),
            log,
        })
    }
}

/// What checking one repository leaves behind once its documents are dropped.
struct CheckedRepo {
    name: String,
    sources: Vec<SourceFile>,
    diagnostics: Vec<Diagnostic>,
    log: Vec<String>,
}

impl Linter {
    /// Loads one repository's files (in parallel), builds its index and runs every rule on it.
    fn check_repository(&self, repo: &discover::RepoFiles, first_id: usize) -> CheckedRepo {
        let cwd = &self.options.cwd;
        let loaded: Vec<LoadedFile> = repo
            .files
            .par_iter()
            .enumerate()
            .map(|(i, path)| {
                let name: Arc<str> = display_path(path, cwd).into();
                load_file(path, name, first_id + i, &self.options.limits)
            })
            .collect();
        let mut sources = Vec::with_capacity(loaded.len());
        let mut docs = Vec::new();
        let mut diagnostics = Vec::new();
        for file in loaded {
            sources.push(file.source);
            docs.extend(file.docs);
            diagnostics.extend(file.diagnostics);
        }
        let name = display_path(&repo.root, cwd);
        let repository = Arc::new(Repository::new(
            repo.root.clone(),
            name.clone(),
            docs,
            self.options.today,
        ));
        let outcomes: Vec<_> = self
            .rules
            .par_iter()
            .map(|rule| self.host.run(rule, &repository))
            .collect();
        let mut log = Vec::new();
        for (rule, outcome) in self.rules.iter().zip(outcomes) {
            diagnostics.extend(outcome.findings.into_iter().map(|mut d| {
                if d.primary.is_none() {
                    d.origin.clone_from(&name);
                }
                d
            }));
            diagnostics.extend(outcome.failure);
            log.extend(
                outcome
                    .log
                    .into_iter()
                    .map(|line| format!("{}: {line}", rule.meta.name)),
            );
        }
        CheckedRepo {
            name,
            sources,
            diagnostics,
            log,
        }
    }
}

/// Most findings of one rule shown per file: a hostile file (a mapping of 100 000 repeated
/// keys) must not turn into gigabytes of output. The summary still counts every finding.
pub const MAX_PER_FILE_AND_RULE: usize = 100;

/// Keeps the first [`MAX_PER_FILE_AND_RULE`] findings of each (file, rule) in sorted order and
/// turns the first one past it into a note of how many more there are.
fn cap_per_file(sorted: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut counts: HashMap<(String, String), usize> = HashMap::new();
    for d in &sorted {
        *counts
            .entry((d.origin.clone(), d.name.clone()))
            .or_default() += 1;
    }
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut out = Vec::with_capacity(sorted.len().min(4096));
    for mut d in sorted {
        let key = (d.origin.clone(), d.name.clone());
        let n = seen.entry(key.clone()).or_default();
        *n += 1;
        if *n <= MAX_PER_FILE_AND_RULE {
            out.push(d);
        } else if *n == MAX_PER_FILE_AND_RULE + 1 {
            let hidden = counts[&key] - MAX_PER_FILE_AND_RULE;
            d.message = format!(
                "{hidden} more `{}` findings in this file are not shown (the first {MAX_PER_FILE_AND_RULE} are)",
                d.name
            );
            d.secondary.clear();
            d.help = Some("fix the findings shown and run again".into());
            d.notes.clear();
            out.push(d);
        }
    }
    out
}

/// Whether a diagnostic lies in what was asked for: a named file or folder, or anywhere in a
/// repository named whole. Problems with rules are always reported.
fn is_reported(
    d: &Diagnostic,
    repos: &[discover::RepoFiles],
    repo_names: &[String],
    file_paths: &[Option<(usize, &Path)>],
) -> bool {
    let (repo, path) = match &d.primary {
        // Repository-level findings carry the repository's name as their origin.
        None => match repo_names.iter().position(|name| *name == d.origin) {
            Some(repo) => (repo, None),
            None => return true,
        },
        Some(primary) => match file_paths.get(primary.file) {
            Some(Some((repo, path))) => (*repo, Some(*path)),
            _ => return true,
        },
    };
    match (&repos[repo].only, path) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(only), Some(path)) => only.iter().any(|o| path.starts_with(o)),
    }
}
