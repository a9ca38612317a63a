//! Running a check: discover → load (parallel) → index → rules (parallel) → sorted report.
//!
//! [`Linter`] is the engine's front door: built once with the rules compiled, then
//! [`Linter::check`] returns a [`Report`]. Jobs are (repository, rule) pairs on rayon; their
//! results are gathered and sorted only at the end, which is what makes the output
//! byte-identical at any thread count. [`Linter::inspect`] runs the same pipeline and keeps
//! the loaded, indexed repositories for the workbench, with or without the rules.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::baseline::Baseline;
use crate::config::{self, ConfigChain, Flags, Settings};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, RepoId, Severity, Summary, SuppressionKind};
use crate::discover::{self, DiscoverError, display_path};
use crate::load::{LoadedFile, load_input};
use crate::model::Repository;
use crate::report::{self, Deviation};
use crate::rule::{self, Rule, RuleMeta, RuleSource};
use crate::script::{Sandbox, ScriptHost};
use crate::source::{SourceFile, SourceMap};
use crate::yaml::Limits;

/// How a run is set up.
#[derive(Debug, Clone)]
pub struct Options {
    /// The reference date for review checks when neither `--today` nor a configuration
    /// gives one (the clock's date, UTC).
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
    /// A configuration file for every repository (`--config`), instead of each one's own.
    pub config: Option<PathBuf>,
    /// What the command line says about the configuration (flags win over files).
    pub flags: Flags,
    /// Findings recorded here are silenced (`--baseline`).
    pub baseline: Option<Baseline>,
    /// Files never read as registers (the baseline files given on the command line).
    pub not_registers: Vec<PathBuf>,
    /// Whether what rules print is kept in [`Report::log`] (`--verbose`); without it, printed
    /// text is counted against the sandbox's limits and dropped.
    pub keep_log: bool,
    /// Where files are read from: the work tree, or a git snapshot (`--staged`).
    pub input: discover::Input,
    /// Check only this share of the repositories found (`--shard K/N`).
    pub shard: Option<crate::shard::Shard>,
    /// Whether the report keeps the text of files with findings (the human renderer quotes
    /// them); without it, only the positions findings point at are kept.
    pub keep_text: bool,
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
            config: None,
            flags: Flags::default(),
            baseline: None,
            not_registers: Vec::new(),
            keep_log: false,
            input: discover::Input::WorkTree,
            shard: None,
            keep_text: true,
        }
    }
}

/// Why a run cannot go on at all (as opposed to findings about the input).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// A path does not exist, or the directory is unreadable.
    #[error(transparent)]
    Discover(#[from] DiscoverError),
    /// Git could not give the files to check or to compare with.
    #[error(transparent)]
    Git(#[from] discover::git::GitError),
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

/// A repository of a report.
#[derive(Debug, Clone)]
pub struct RepoInfo {
    /// How it is shown: relative to the working directory when under it.
    pub name: String,
    /// Its root folder (absolute).
    pub root: PathBuf,
    /// Its resolved configuration (`None` when the configuration could not be read).
    pub settings: Option<Arc<Settings>>,
}

/// Where a register file of a report lies: its repository and its path relative to the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInfo {
    /// The repository.
    pub repository: RepoId,
    /// The path relative to the repository root, with `/` separators ; a configuration file
    /// outside the repository (shared or extended) is not relative to it: absolute, or
    /// starting with `../`.
    pub relative: String,
    /// Whether it is a register (not a configuration file).
    pub is_register: bool,
}

/// Everything a run found, ready to render.
#[derive(Debug)]
pub struct Report {
    /// Sorted diagnostics, silenced ones included (marked in `suppressed`).
    pub diagnostics: Vec<Diagnostic>,
    /// The repositories checked, in order ([`Diagnostic::repository`] indexes them).
    pub repositories: Vec<RepoInfo>,
    /// For each file of `sources`: where it lies (`None` for rule scripts).
    pub files: Vec<Option<FileInfo>>,
    /// Every file diagnostics point into.
    pub sources: SourceMap,
    /// Counts.
    pub summary: Summary,
    /// Wall time of the check.
    pub elapsed: Duration,
    /// What rules printed (`print`/`debug`), as `rule: text`, when [`Options::keep_log`].
    pub log: Vec<String>,
    /// Every inline suppression and exception, with what became of it.
    pub deviations: Vec<Deviation>,
    /// With a baseline: how many recorded findings no longer occur.
    pub baseline_fixed: Option<usize>,
    /// The paths given that held nothing to check, each as a sentence saying what was found
    /// (`` `docs` holds no register file (*.yaml, *.yml): nothing was checked ``). A run that
    /// checked nothing of what it was asked to cannot pass for clean; whether it is allowed
    /// is the caller's choice (`--allow-empty`).
    pub unchecked: Vec<String>,
    /// Every rule the linter had, built-in checks included, sorted by code: what SARIF's
    /// `tool.driver.rules` and the JUnit test cases describe.
    pub rules: Vec<RuleMeta>,
}

impl Report {
    /// The outcome: incomplete when a rule failed or a configuration could not be read, else
    /// findings when an active finding reaches its repository's failing level (`fail_on`,
    /// default `error`). Silenced findings never count.
    pub fn outcome(&self) -> Outcome {
        if self.diagnostics.iter().any(|d| is_fatal(&d.name)) {
            Outcome::Incomplete
        } else if self
            .diagnostics
            .iter()
            .any(|d| d.is_active() && d.severity >= self.fail_on(d))
        {
            Outcome::Findings
        } else {
            Outcome::Clean
        }
    }

    /// The failing level of a diagnostic's repository.
    fn fail_on(&self, d: &Diagnostic) -> Severity {
        d.repository
            .and_then(|r| self.repositories[r].settings.as_ref())
            .map_or(Severity::Error, |s| s.fail_on.value)
    }

    /// How many findings were withheld because a file of their repository did not load.
    pub fn withheld_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| {
                d.suppressed
                    .as_ref()
                    .is_some_and(|s| s.kind == SuppressionKind::Withheld)
            })
            .count()
    }

    /// The name a diagnostic is filed under: its primary label's file, else its repository,
    /// else nothing (a problem with a rule that has no place).
    pub fn place(&self, d: &Diagnostic) -> &str {
        match (&d.primary, d.repository) {
            (Some(primary), _) => &self.sources.get(primary.file).name,
            (None, Some(repo)) => &self.repositories[repo].name,
            (None, None) => "",
        }
    }
}

/// Whether a diagnostic says the check is incomplete: a rule that failed, a configuration
/// that could not be read, or a path the walk could not read.
pub fn is_fatal(name: &str) -> bool {
    crate::checks::is_fatal(name)
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
        let builtin = sources.len();
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
        // The engine has no operation budget of its own: each job enforces its repository's
        // (see `ScriptHost::run`), which a configuration may raise up to `Sandbox::CAPS`.
        let host = ScriptHost::new(Sandbox {
            max_operations: 0,
            ..options.sandbox
        })
        .keeping_log(options.keep_log);
        let set = rule::load_pack(|| host.engine(), &rule_sources, builtin);
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

    /// Every active rule, the checks built into reglint included, sorted by code.
    pub fn all_rules(&self) -> Vec<RuleMeta> {
        let mut all: Vec<RuleMeta> = crate::checks::metas()
            .into_iter()
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

    /// The source of the active script rule named `name`.
    pub fn rule_source(&self, name: &str) -> Option<&SourceFile> {
        let rule = self.rules.iter().find(|r| r.meta.name == name)?;
        self.rule_sources.get(rule.file)
    }

    /// Where a problem with a rule file points: `file:line` of its primary label.
    pub fn rule_error_place(&self, d: &Diagnostic) -> Option<String> {
        let primary = d.primary.as_ref()?;
        let source = self.rule_sources.get(primary.file)?;
        Some(format!(
            "{}:{}",
            source.name,
            source.line_col(primary.span.start).0
        ))
    }

    /// Problems with the rules themselves (`rule-error`), found while loading them.
    pub fn rule_errors(&self) -> &[Diagnostic] {
        &self.rule_errors
    }

    /// Checks the repositories found from `paths`.
    pub fn check(&self, paths: &[PathBuf]) -> Result<Report, RunError> {
        self.run(paths, Mode::Check, &self.options.input, self.options.shard)
            .map(|inspection| inspection.report)
    }

    /// Resolves the configuration of the repositories found from `paths` without reading a
    /// register: a report whose repositories carry their settings and whose diagnostics are
    /// the configuration problems (`reglint config`).
    pub fn configure(&self, paths: &[PathBuf]) -> Result<Report, RunError> {
        self.run(paths, Mode::Configure, &self.options.input, None)
            .map(|inspection| inspection.report)
    }

    /// Loads and indexes the repositories found from `paths` exactly as [`Linter::check`]
    /// does (configuration, ignored files, limits, the input it reads) and keeps them: what
    /// the workbench reads. With `run_rules`, the report holds the check's findings,
    /// exceptions and suppressions applied; without, only what loading found, and no rule
    /// runs.
    pub fn inspect(&self, paths: &[PathBuf], run_rules: bool) -> Result<Inspection, RunError> {
        let mode = if run_rules { Mode::Inspect } else { Mode::Load };
        self.run(paths, mode, &self.options.input, None)
    }

    /// As [`Linter::inspect`] with the rules run, reading from `input` instead of
    /// [`Options::input`]: the same repository at another revision (`diff`).
    pub fn inspect_from(
        &self,
        paths: &[PathBuf],
        input: &discover::Input,
    ) -> Result<Inspection, RunError> {
        self.run(paths, Mode::Inspect, input, None)
    }

    fn run(
        &self,
        paths: &[PathBuf],
        mode: Mode,
        input: &discover::Input,
        shard: Option<crate::shard::Shard>,
    ) -> Result<Inspection, RunError> {
        let check_registers = mode != Mode::Configure;
        let started = Instant::now();
        let cwd = &self.options.cwd;
        let discovery = discover::discover(paths, cwd, input)?;
        // A shard whose share is empty has checked what it was asked to; only when nothing at
        // all was found is the run unchecked, as it is without shards.
        let found_anything = discovery.repos.iter().any(|r| !r.files.is_empty());
        let repos = match shard {
            Some(shard) => shard.select(discovery.repos, cwd, input),
            None => discovery.repos,
        };

        // File ids: rule files, configuration files, rules those name, then register files.
        let mut next_id = self.rule_sources.len();
        let chains = self.read_configs(&repos, input, &mut next_id);
        let extra = self.compile_config_rules(&chains, next_id)?;
        next_id += extra.sources.len();
        let not_registers: Vec<PathBuf> = self
            .options
            .not_registers
            .iter()
            .map(|p| discover::normalise(&cwd.join(p)))
            .collect();
        // What every repository without organisation rules of its own knows, shared: the
        // docs of every rule, per repository, add up over a thousand repositories.
        let base_metas: Arc<[RuleMeta]> = crate::checks::metas()
            .into_iter()
            .chain(self.rules().cloned())
            .collect();
        let mut plans = Vec::with_capacity(repos.len());
        for (repo, chain) in repos.iter().zip(&chains) {
            let mut plan = self.plan(repo, chain, &extra, &not_registers, next_id, &base_metas);
            if !check_registers {
                plan.files.clear();
                plan.skipped.clear();
            }
            if matches!(mode, Mode::Configure | Mode::Load) {
                plan.rules.clear();
            }
            next_id += plan.files.len() + plan.skipped.len();
            plans.push(plan);
        }
        let unchecked = if check_registers && (shard.is_none() || !found_anything) {
            unchecked(&discovery.given, &plans)
        } else {
            Vec::new()
        };

        // Each repository is loaded, indexed and checked as one unit, and its parsed
        // documents are dropped as soon as its rules are done: only source texts and
        // diagnostics outlive it, so memory follows the repositories in flight, not the corpus.
        // Only an inspection (one repository the workbench reads) keeps them.
        let checked: Vec<CheckedRepo> = map_parallel(&plans, |index, plan| {
            self.check_repository(plan, index, mode, input)
        });

        let mut diagnostics: Vec<Diagnostic> = self.rule_errors.clone();
        diagnostics.extend(extra.errors);
        let mut sources = SourceMap::default();
        let mut files: Vec<Option<FileInfo>> = Vec::with_capacity(next_id);
        for source in &self.rule_sources {
            sources.add(source.clone());
            files.push(None);
        }
        for (index, chain) in chains.iter().enumerate() {
            for source in &chain.sources {
                sources.add(source.clone());
                files.push(Some(FileInfo {
                    repository: index,
                    relative: display_path(&cwd.join(&*source.name), &repos[index].root),
                    is_register: false,
                }));
            }
        }
        for source in extra.sources {
            sources.add(source);
            files.push(None);
        }
        let mut log = Vec::new();
        let mut deviations = Vec::new();
        let mut elsewhere: Vec<Diagnostic> = Vec::new();
        let mut repositories = Vec::with_capacity(repos.len());
        let mut kept = Vec::with_capacity(repos.len());
        for (index, (plan, done)) in plans.iter().zip(checked).enumerate() {
            kept.push(done.repository);
            for (path, source) in plan.files.iter().zip(done.sources) {
                sources.add(source);
                files.push(Some(FileInfo {
                    repository: index,
                    relative: display_path(path, &plan.repo.root),
                    is_register: true,
                }));
            }
            // A skipped path gets an empty file of its own, so its diagnostic is located at
            // the path like any other.
            for skipped in &plan.skipped {
                sources.add(SourceFile::name_only(
                    display_path(&skipped.path, cwd).into(),
                ));
                files.push(Some(FileInfo {
                    repository: index,
                    relative: display_path(&skipped.path, &plan.repo.root),
                    is_register: false,
                }));
            }
            for d in done.diagnostics {
                if is_reported(&d, plan) {
                    diagnostics.push(d);
                } else {
                    elsewhere.push(d);
                }
            }
            log.extend(done.log);
            deviations.extend(done.deviations.into_iter().map(|mut d| {
                d.repository = index;
                d
            }));
            repositories.push(RepoInfo {
                name: display_path(&plan.repo.root, cwd),
                root: plan.repo.root.clone(),
                settings: plan.settings.as_ref().ok().cloned(),
            });
        }
        let mut report = Report {
            diagnostics: Vec::new(),
            repositories,
            files,
            sources,
            summary: Summary::default(),
            elapsed: Duration::ZERO,
            log,
            deviations,
            baseline_fixed: None,
            unchecked,
            rules: self.all_rules(),
        };
        report.diagnostics = diagnostics;
        if !elsewhere.is_empty() {
            let caused = self.caused_by_change(elsewhere, &report)?;
            report.diagnostics.extend(caused);
        }
        if let Some(baseline) = &self.options.baseline {
            report.baseline_fixed = Some(baseline.apply(&mut report));
        }
        let diagnostics = std::mem::take(&mut report.diagnostics);
        (report.diagnostics, report.summary) = report::finish(diagnostics, &report);
        report.elapsed = started.elapsed();
        Ok(Inspection {
            report,
            repositories: kept,
        })
    }

    /// Reads each repository's configuration chain (`--config`, else its own file); a file
    /// given with `--config` is read once and shared.
    fn read_configs(
        &self,
        repos: &[discover::RepoFiles],
        input: &discover::Input,
        next_id: &mut usize,
    ) -> Vec<ConfigChain> {
        let cwd = &self.options.cwd;
        let name = |p: &std::path::Path| display_path(p, cwd);
        if let Some(path) = &self.options.config {
            let path = discover::normalise(&cwd.join(path));
            let chain = config::file::read_chain(&path, input, next_id, &name);
            let mut chains: Vec<ConfigChain> = repos
                .iter()
                .map(|_| ConfigChain {
                    files: chain.files.clone(),
                    shared_problems: !chain.problems.is_empty(),
                    ..ConfigChain::default()
                })
                .collect();
            // The shared file's text and problems are kept once, with the first repository.
            if let Some(first) = chains.first_mut() {
                *first = chain;
            }
            return chains;
        }
        repos
            .iter()
            .map(|repo| match config::find(&repo.root, input) {
                Some(path) => config::file::read_chain(&path, input, next_id, &name),
                None => ConfigChain::default(),
            })
            .collect()
    }

    /// Compiles the organisation rule folders that configurations name and the command line
    /// did not.
    fn compile_config_rules(
        &self,
        chains: &[ConfigChain],
        first_id: usize,
    ) -> Result<ConfigRules, RunError> {
        let cwd = &self.options.cwd;
        let loaded: Vec<PathBuf> = self
            .options
            .rule_dirs
            .iter()
            .map(|d| discover::normalise(&cwd.join(d)))
            .collect();
        let mut dirs: Vec<PathBuf> = Vec::new();
        for chain in chains {
            for dir in config::settings::rule_dirs(chain) {
                if dir.is_dir() && !loaded.contains(&dir) && !dirs.contains(&dir) {
                    dirs.push(dir);
                }
            }
        }
        let mut sources = Vec::new();
        let mut dir_of = Vec::new();
        for (index, dir) in dirs.iter().enumerate() {
            let found = rule::read_rule_dir(dir, |p| display_path(p, cwd)).map_err(|source| {
                RunError::RuleDir {
                    path: display_path(dir, cwd),
                    source,
                }
            })?;
            for source in found {
                sources.push(SourceFile::new(source.name, source.text));
                dir_of.push(index);
            }
        }
        let set = if sources.is_empty() {
            rule::RuleSet::default()
        } else {
            rule::compile_beside(self.host.engine(), &self.rules, &sources, first_id)
        };
        let rules = set
            .rules
            .into_iter()
            .map(|rule| {
                let dir = dirs[dir_of[rule.file - first_id]].clone();
                (dir, rule)
            })
            .collect();
        Ok(ConfigRules {
            rules,
            sources,
            errors: set.errors,
        })
    }

    /// Resolves a repository's configuration and decides its rules and files.
    fn plan<'r>(
        &self,
        repo: &'r discover::RepoFiles,
        chain: &ConfigChain,
        extra: &ConfigRules,
        not_registers: &[PathBuf],
        first_id: usize,
        base_metas: &Arc<[RuleMeta]>,
    ) -> Plan<'r> {
        let dirs = config::settings::rule_dirs(chain);
        let mut rules = self.rules.clone();
        rules.extend(
            extra
                .rules
                .iter()
                .filter(|(dir, _)| dirs.contains(dir))
                .map(|(_, rule)| Arc::clone(rule)),
        );
        let metas: Arc<[RuleMeta]> = if rules.len() == self.rules.len() {
            Arc::clone(base_metas)
        } else {
            crate::checks::metas()
                .into_iter()
                .chain(rules.iter().map(|r| r.meta.clone()))
                .collect()
        };
        let cx = config::settings::Context {
            rules: &metas,
            root: &repo.root,
            flags: &self.options.flags,
            sandbox: &self.options.sandbox,
        };
        let settings = if chain.is_readable() {
            config::settings::resolve(chain, &cx).map(Arc::new)
        } else {
            Err(chain.problems.clone())
        };
        let mut skipped = repo.skipped.clone();
        let files = match &settings {
            Ok(settings) => repo
                .files
                .iter()
                .filter(|path| {
                    let relative = path.strip_prefix(&repo.root).unwrap_or(path);
                    if not_registers.contains(path) {
                        return false;
                    }
                    let is_ignored = settings.is_ignored(relative);
                    if is_ignored && repo.only.as_ref().is_some_and(|o| o.contains(*path)) {
                        skipped.push(discover::Skipped {
                            path: path.to_path_buf(),
                            reason: discover::SkipReason::Configured,
                        });
                    }
                    !is_ignored
                })
                .map(PathBuf::as_path)
                .collect(),
            Err(_) => Vec::new(),
        };
        if let Ok(settings) = &settings {
            rules.retain(|rule| settings.may_report(&rule.meta));
        }
        Plan {
            repo,
            files,
            skipped,
            first_id,
            settings,
            rules,
            metas,
        }
    }
}

/// Rules from the folders configurations name, each with its folder.
struct ConfigRules {
    rules: Vec<(PathBuf, Arc<Rule>)>,
    sources: Vec<SourceFile>,
    errors: Vec<Diagnostic>,
}

/// What checking one repository will do, decided before anything is loaded.
struct Plan<'r> {
    repo: &'r discover::RepoFiles,
    /// Its register files, without those the configuration ignores.
    files: Vec<&'r Path>,
    /// Paths not read, and why; their file ids follow those of `files`.
    skipped: Vec<discover::Skipped>,
    /// The id of the first file.
    first_id: usize,
    /// The resolved configuration, or why it could not be resolved.
    settings: Result<Arc<Settings>, Vec<Diagnostic>>,
    /// The rules it runs.
    rules: Vec<Arc<Rule>>,
    /// Every rule it knows (built-in checks, the pack, its organisation rules), run or not:
    /// what configuration, suppressions and exceptions may name.
    metas: Arc<[RuleMeta]>,
}

/// What checking one repository leaves behind once its documents are dropped (or, when
/// inspecting, with them).
struct CheckedRepo {
    sources: Vec<SourceFile>,
    diagnostics: Vec<Diagnostic>,
    log: Vec<String>,
    deviations: Vec<Deviation>,
    repository: Option<Arc<Repository>>,
}

/// What a run does with the repositories it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Resolve configurations only (`reglint config`).
    Configure,
    /// Load, index and run the rules, dropping each repository when its rules are done.
    Check,
    /// As `Check`, keeping the repositories.
    Inspect,
    /// Load and index only, keeping the repositories; no rule runs and nothing is silenced.
    Load,
}

/// Repositories loaded and indexed as a check loads them, kept for the workbench
/// (`explain <id>`, `graph`), with the report of that run.
#[derive(Debug)]
pub struct Inspection {
    /// The run's report: the check's findings (silenced ones marked), or only what loading
    /// found when no rule ran. Its file ids are those of the repositories' documents.
    pub report: Report,
    /// For each repository of the report, in order: its documents and index (`None` when
    /// its configuration could not be read, so nothing was loaded).
    pub repositories: Vec<Option<Arc<Repository>>>,
}

impl Linter {
    /// Loads one repository's files (in parallel), builds its index, runs its rules and
    /// applies its configuration to the findings. A repository whose configuration could not
    /// be read is not checked: its diagnostics are the configuration's problems.
    fn check_repository(
        &self,
        plan: &Plan<'_>,
        index: RepoId,
        mode: Mode,
        input: &discover::Input,
    ) -> CheckedRepo {
        let settings = match &plan.settings {
            Ok(settings) => settings,
            Err(problems) => {
                let mut diagnostics = problems.clone();
                for d in &mut diagnostics {
                    d.repository = Some(index);
                }
                return CheckedRepo {
                    sources: Vec::new(),
                    diagnostics,
                    log: Vec::new(),
                    deviations: Vec::new(),
                    repository: None,
                };
            }
        };
        let cwd = &self.options.cwd;
        // No value longer than the rules' sandbox lets a script string be, whatever both say.
        let limits = Limits {
            max_scalar_bytes: (self.options.limits.max_scalar_bytes)
                .min(self.options.sandbox.max_string_size),
            ..self.options.limits
        };
        let loaded: Vec<LoadedFile> = map_parallel(&plan.files, |i, path| {
            let name: Arc<str> = display_path(path, cwd).into();
            load_input(input, path, name, plan.first_id + i, &limits)
        });
        let mut sources = Vec::with_capacity(loaded.len());
        let mut docs = Vec::new();
        let mut diagnostics = Vec::new();
        let mut unloaded = Vec::new();
        let first_skipped = plan.first_id + plan.files.len();
        for (offset, skipped) in plan.skipped.iter().enumerate() {
            let (d, label) = skipped.reason.diagnostic(&display_path(&skipped.path, cwd));
            diagnostics.push(d.at(first_skipped + offset, 0..0, label));
        }
        for file in loaded {
            if !file.is_complete {
                unloaded.push((plan.first_id + sources.len(), file.source.name.to_string()));
            }
            sources.push(file.source);
            docs.extend(file.docs);
            diagnostics.extend(file.diagnostics);
        }
        // A folder the walk could not read may hold registers too.
        for (offset, skipped) in plan.skipped.iter().enumerate() {
            if matches!(skipped.reason, discover::SkipReason::Unreadable(_)) {
                unloaded.push((first_skipped + offset, display_path(&skipped.path, cwd)));
            }
        }
        let name = display_path(&plan.repo.root, cwd);
        let today = settings.today.value.unwrap_or(self.options.today);
        let root = plan.repo.root.clone();
        let repository = Arc::new(Repository::new(root, name, docs, today, unloaded));
        let limits = settings.sandbox(&self.options.sandbox);
        // The built-in pack reports nothing on a repository without a register file (a test
        // of the pack says so), so there it is neither run nor compiled; organisation rules
        // run on every repository.
        let rules: Vec<Arc<Rule>> = if plan.files.is_empty() {
            plan.rules
                .iter()
                .filter(|rule| !rule.source.name.starts_with("builtin:"))
                .cloned()
                .collect()
        } else {
            plan.rules.clone()
        };
        let outcomes: Vec<_> =
            map_parallel(&rules, |_, rule| self.host.run(rule, &repository, &limits));
        let mut log = Vec::new();
        for (rule, outcome) in rules.iter().zip(outcomes) {
            diagnostics.extend(outcome.findings);
            diagnostics.extend(outcome.failure);
            log.extend(
                outcome
                    .log
                    .into_iter()
                    .map(|line| format!("{}: {line}", rule.meta.name)),
            );
        }
        let relative = |file: usize| {
            plan.files
                .get(file.checked_sub(plan.first_id)?)
                .and_then(|p| p.strip_prefix(&plan.repo.root).ok())
        };
        // Without rules there is nothing to silence: a directive would only look unused.
        let deviations = if mode == Mode::Load {
            Vec::new()
        } else {
            report::silence(
                &mut diagnostics,
                &report::Silencing {
                    repository: &repository,
                    sources: &sources,
                    first_id: plan.first_id,
                    settings,
                    rules: &plan.metas,
                    relative: &relative,
                    today,
                },
            )
        };
        for d in &mut diagnostics {
            d.repository = Some(index);
        }
        let keep = matches!(mode, Mode::Inspect | Mode::Load);
        let sources = if keep {
            sources
        } else {
            shown_sources(
                sources,
                plan.first_id,
                &diagnostics,
                &deviations,
                self.options.keep_text,
            )
        };
        CheckedRepo {
            sources,
            diagnostics,
            log,
            deviations,
            repository: keep.then_some(repository),
        }
    }
}

impl Linter {
    /// Of the findings outside the files named, those the change causes: the ones that do
    /// not occur when the same repository is checked as its last commit (`HEAD`) has it,
    /// compared by [`fingerprint`](crate::baseline::fingerprint) (rule, file, entry,
    /// message; no line), each recorded occurrence matching one current finding. With no
    /// commit yet, everything is new, so every finding is kept. Outside a git work tree (or
    /// without git) there is nothing to compare with, and only the named files are reported.
    fn caused_by_change(
        &self,
        elsewhere: Vec<Diagnostic>,
        report: &Report,
    ) -> Result<Vec<Diagnostic>, RunError> {
        let cwd = &self.options.cwd;
        let mut base = crate::baseline::Occurrences::default();
        let mut roots: Vec<&Path> = elsewhere
            .iter()
            .filter_map(|d| Some(report.repositories[d.repository?].root.as_path()))
            .collect();
        roots.sort();
        roots.dedup();
        let mut compared: HashSet<&Path> = HashSet::new();
        for root in roots {
            let tree = match discover::git::WorkTree::find(root) {
                Ok(Some(tree)) => tree,
                Ok(None) | Err(discover::git::GitError::NotInstalled(_)) => continue,
                Err(error) => return Err(error.into()),
            };
            compared.insert(root);
            let Some(snapshot) = tree.tree("HEAD")? else {
                continue;
            };
            let input = discover::Input::Git(Arc::new(snapshot));
            // A repository the last commit does not hold yet has no earlier findings.
            let earlier = match self
                .run(&[root.to_path_buf()], Mode::Check, &input, None)
                .map(|i| i.report)
            {
                Ok(earlier) => earlier,
                Err(RunError::Discover(DiscoverError::NotInSnapshot(..))) => continue,
                Err(error) => return Err(error),
            };
            base.extend(&earlier, &earlier.diagnostics, cwd);
        }
        Ok(elsewhere
            .into_iter()
            .filter(|d| {
                let root = d.repository.map(|r| report.repositories[r].root.as_path());
                if !root.is_some_and(|r| compared.contains(r)) {
                    return false;
                }
                crate::baseline::fingerprint(report, d, cwd).is_some_and(|f| !base.take(&f))
            })
            .collect())
    }
}

/// `f` on each item with its index, in parallel, results in item order. Fewer than two items
/// are mapped on the calling thread: a run with nothing to share out (an empty folder, a
/// repository without a register) starts no worker thread at all.
fn map_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &T) -> R + Sync) -> Vec<R> {
    if items.len() < 2 {
        items
            .iter()
            .enumerate()
            .map(|(i, item)| f(i, item))
            .collect()
    } else {
        items
            .par_iter()
            .enumerate()
            .map(|(i, item)| f(i, item))
            .collect()
    }
}

/// A checked repository's files as the report keeps them: where a diagnostic or a deviation
/// points, whole (`keep_text`, for the renderer that quotes them) or only the positions
/// pointed at; elsewhere only their names (an empty text). A run so holds the text of the
/// repositories in flight, not of the whole corpus nor of every file it renders by line.
fn shown_sources(
    sources: Vec<SourceFile>,
    first_id: usize,
    diagnostics: &[Diagnostic],
    deviations: &[Deviation],
    keep_text: bool,
) -> Vec<SourceFile> {
    let mut pointed: Vec<Vec<usize>> = vec![Vec::new(); sources.len()];
    let places = diagnostics
        .iter()
        .flat_map(|d| d.primary.iter().chain(&d.secondary))
        .map(|label| (label.file, &label.span))
        .chain(deviations.iter().map(|d| (d.file, &d.span)));
    for (file, span) in places {
        if let Some(slot) = file.checked_sub(first_id).and_then(|i| pointed.get_mut(i)) {
            slot.extend([span.start, span.end]);
        }
    }
    sources
        .into_iter()
        .zip(pointed)
        .map(|(source, offsets)| {
            if offsets.is_empty() {
                SourceFile::name_only(source.name)
            } else if keep_text {
                source
            } else {
                source.positions_only(offsets)
            }
        })
        .collect()
}

/// Whether a diagnostic of a repository lies in what was asked for: a named file or folder,
/// or anywhere in a repository named whole. Problems with rule and configuration files are
/// always reported.
fn is_reported(d: &Diagnostic, plan: &Plan<'_>) -> bool {
    if plan.repo.only.is_none() || is_fatal(&d.name) {
        return true;
    }
    let Some(primary) = &d.primary else {
        return false;
    };
    let Some(index) = primary.file.checked_sub(plan.first_id) else {
        // Rule and configuration files come before the repository's own.
        return true;
    };
    let path = match plan.files.get(index) {
        Some(path) => *path,
        None => match plan.skipped.get(index - plan.files.len()) {
            Some(skipped) => skipped.path.as_path(),
            None => return false,
        },
    };
    plan.repo.is_named(path)
}

/// The paths given that hold nothing to check, as sentences. A named file counts when it is
/// read as a register, is a repository's configuration file, or is reported as skipped; a
/// named folder when a register under it is read. Set lookups, so naming every file of a
/// large repository stays linear.
fn unchecked(given: &[discover::Given], plans: &[Plan<'_>]) -> Vec<String> {
    // A repository whose configuration is broken reads nothing, but its problems are
    // reported: its files are not "nothing found".
    let mut read: HashSet<&Path> = HashSet::new();
    for plan in plans {
        match &plan.settings {
            Ok(_) => read.extend(plan.files.iter().copied()),
            Err(_) => read.extend(plan.repo.files.iter().map(PathBuf::as_path)),
        }
    }
    let skipped: HashSet<&Path> = plans
        .iter()
        .flat_map(|p| p.skipped.iter().map(|s| s.path.as_path()))
        .collect();
    let mut folders: HashSet<&Path> = HashSet::new();
    if given.iter().any(|g| g.is_dir) {
        for file in &read {
            // A folder met before came with every folder above it.
            for folder in file.ancestors().skip(1) {
                if !folders.insert(folder) {
                    break;
                }
            }
        }
    }
    let extensions = "*.yaml, *.yml";
    given
        .iter()
        .filter_map(|g| {
            let path = g.path.as_path();
            let is_marker = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| discover::ROOT_MARKERS.contains(&n));
            if g.is_dir {
                (!folders.contains(path)).then(|| {
                    format!(
                        "`{}` holds no register file ({extensions}): nothing was checked",
                        g.shown
                    )
                })
            } else if read.contains(path) || skipped.contains(path) || is_marker {
                None
            } else if discover::is_register_file(path) {
                Some(format!(
                    "`{}` is not read as a register: nothing was checked",
                    g.shown
                ))
            } else {
                Some(format!(
                    "`{}` is not a register file ({extensions}): nothing was checked",
                    g.shown
                ))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::map_parallel;

    #[test]
    fn one_item_is_mapped_on_the_calling_thread_and_many_on_workers_in_order() {
        let on_worker = |_: usize, _: &u32| rayon::current_thread_index().is_some();
        assert_eq!(map_parallel(&[7], on_worker), [false]);
        assert!(map_parallel::<u32, bool>(&[], on_worker).is_empty());
        let many: Vec<u32> = (0..64).collect();
        assert!(map_parallel(&many, on_worker).into_iter().all(|w| w));
        let doubled = map_parallel(&many, |i, n| (i, n * 2));
        assert!(
            doubled
                .iter()
                .enumerate()
                .all(|(i, &(j, d))| i == j && d == 2 * i as u32)
        );
    }
}
