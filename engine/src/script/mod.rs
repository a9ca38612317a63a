//! The Rhai host: the sandbox, and everything a rule can call.
//!
//! One [`Engine`] is built here, once, and shared by every worker; every function a rule can
//! reach is registered in [`build_engine`], and every limit is in [`Sandbox`]. Rules get
//! handles into the parsed tree ([`NodeRef`](crate::model::NodeRef)), never copies of
//! documents; scalars come back as plain Rhai values. Findings go to a per-thread job record:
//! a job (one rule on one repository) runs start to finish on one rayon worker, so no locking
//! is needed. The record is also the job's budget: what the rule has reported and printed is
//! counted there, and host functions that walk a whole register consult its deadline
//! (`check_deadline`), so neither a host call nor what the host holds escapes the limits.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use rhai::packages::{
    BasicArrayPackage, BasicMapPackage, BasicMathPackage, CorePackage, LogicPackage,
    MoreStringPackage, Package,
};
use rhai::{Dynamic, Engine, EvalAltResult, Position, Scope};

use crate::diagnostic::Diagnostic;
use crate::model::Repository;
use crate::rule::{RULE_ERROR, Rule};

mod api;
mod values;

pub use api::Finding;
pub use values::{HostList, HostListIter};

/// The limits every rule runs under, per (repository, rule) job.
#[derive(Debug, Clone, Copy)]
pub struct Sandbox {
    /// Rhai operations (roughly: expressions evaluated).
    pub max_operations: u64,
    /// Function call depth.
    pub max_call_levels: usize,
    /// Expression nesting at top level and inside functions.
    pub max_expr_depth: (usize, usize),
    /// Longest string, in bytes.
    pub max_string_size: usize,
    /// Largest array.
    pub max_array_size: usize,
    /// Largest object map.
    pub max_map_size: usize,
    /// Wall-clock time per job: size checks are O(size) per mutation, so an operation budget
    /// alone lets a script run for minutes.
    pub deadline: Duration,
    /// Most findings one job may report.
    pub max_findings: usize,
    /// Most bytes one job may make the host hold: the text of its findings (messages, labels,
    /// helps, notes, paths) and of what it prints, whether or not `--verbose` keeps it.
    pub max_output_bytes: usize,
    /// Longest single text a job may hand the host (a message, label, help, note or print).
    pub max_message_bytes: usize,
    /// Work one job may spend on `did_you_mean` (see [`crate::suggest::closest`]); past it,
    /// the job's remaining calls suggest nothing.
    pub max_suggestion_work: u64,
}

impl Sandbox {
    /// The limits rules run under unless a configuration says otherwise.
    pub const DEFAULT: Sandbox = Sandbox {
        max_operations: 10_000_000,
        max_call_levels: 32,
        max_expr_depth: (64, 32),
        max_string_size: 1 << 20,
        max_array_size: 10_000,
        max_map_size: 10_000,
        deadline: Duration::from_secs(5),
        max_findings: 100_000,
        max_output_bytes: 64 << 20,
        max_message_bytes: 1 << 20,
        max_suggestion_work: 100_000_000,
    };

    /// The hard caps: the most a configuration (`limits:`) may raise the operations and the
    /// deadline to. The engine itself enforces the caps; each job enforces its own limits.
    pub const CAPS: Sandbox = Sandbox {
        max_operations: 100_000_000,
        deadline: Duration::from_secs(60),
        ..Sandbox::DEFAULT
    };
}

impl Default for Sandbox {
    fn default() -> Self {
        Sandbox::DEFAULT
    }
}

/// What a running job collects, and what it has used of its budget.
struct Job {
    rule: Arc<Rule>,
    started: Instant,
    limits: Sandbox,
    max_operations: u64,
    findings: Vec<Diagnostic>,
    log: Vec<String>,
    /// Whether printed text is kept (`--verbose`); it is counted either way.
    keep_log: bool,
    /// Bytes of findings and printed text so far.
    bytes: usize,
    /// What is left of the job's `did_you_mean` work.
    suggestion_work: u64,
    /// A host limit a callback that cannot fail (`print`) found broken: the next progress
    /// check stops the script with it.
    broken: Option<&'static str>,
}

impl Job {
    /// Counts a text of `text` bytes, and `overhead` bytes of bookkeeping beside it, against
    /// the job's budget; `Err` names the limit that breaks.
    fn charge(&mut self, text: usize, overhead: usize) -> Result<(), &'static str> {
        if text > self.limits.max_message_bytes {
            return Err(MESSAGE_LIMIT);
        }
        self.bytes = self.bytes.saturating_add(text).saturating_add(overhead);
        if self.bytes > self.limits.max_output_bytes {
            Err(OUTPUT_LIMIT)
        } else {
            Ok(())
        }
    }
}

/// The token a script is stopped with when it runs past its deadline.
const DEADLINE: &str = "deadline";
/// ... when it reports more findings than its limit.
const FINDINGS_LIMIT: &str = "findings";
/// ... when its findings and printed text pass the job's byte limit.
const OUTPUT_LIMIT: &str = "output";
/// ... when one text is longer than the message limit.
const MESSAGE_LIMIT: &str = "message";

/// The error that stops a script for a broken host limit: Rhai's termination, which a
/// script's `try`/`catch` cannot catch, with the limit's token.
fn stop(token: &'static str) -> Box<EvalAltResult> {
    EvalAltResult::ErrorTerminated(Dynamic::from(token), Position::NONE).into()
}

/// Fails with the `deadline` termination once the running job is past its deadline: host
/// functions that do work proportional to a register call it as they go, since Rhai only
/// checks between script operations.
pub(crate) fn check_deadline() -> Result<(), Box<EvalAltResult>> {
    let late = JOB.with_borrow(|job| {
        job.as_ref()
            .is_some_and(|j| j.started.elapsed() > j.limits.deadline)
    });
    if late { Err(stop(DEADLINE)) } else { Ok(()) }
}

thread_local! {
    static JOB: RefCell<Option<Job>> = const { RefCell::new(None) };
}

fn with_job<T>(f: impl FnOnce(&mut Job) -> T) -> Result<T, Box<EvalAltResult>> {
    JOB.with_borrow_mut(|job| job.as_mut().map(f))
        .ok_or_else(|| "reporting is only possible while a rule runs".into())
}

/// Runs a host function that does work in proportion to a register, checking the job's
/// deadline before it starts and once it is done.
pub(crate) fn timed<T>(f: impl FnOnce() -> T) -> Result<T, Box<EvalAltResult>> {
    check_deadline()?;
    let value = f();
    check_deadline()?;
    Ok(value)
}

/// `did_you_mean` for rules: the closest candidate within what is left of the job's
/// suggestion work. The candidates are only gathered while some is left.
pub(crate) fn suggest<I, S>(word: &str, candidates: impl FnOnce() -> I) -> Dynamic
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut budget = JOB
        .with_borrow(|job| job.as_ref().map(|j| j.suggestion_work))
        .unwrap_or(Sandbox::DEFAULT.max_suggestion_work);
    if budget == 0 {
        return Dynamic::UNIT;
    }
    let words: Vec<S> = candidates().into_iter().collect();
    let found = crate::suggest::closest(word, words.iter().map(AsRef::as_ref), &mut budget)
        .map(str::to_owned);
    JOB.with_borrow_mut(|job| {
        if let Some(job) = job.as_mut() {
            job.suggestion_work = budget;
        }
    });
    found.map_or(Dynamic::UNIT, Dynamic::from)
}

/// Host bookkeeping per printed line or finding, beside its text.
const ITEM_OVERHEAD: usize = 64;

/// Counts a printed line and keeps it when asked to. Rhai's print callback cannot fail, so a
/// line that breaks a limit is dropped and the limit stops the script at its next operation
/// check.
fn log_line(text: &str) {
    let _ = with_job(|job| {
        if job.broken.is_some() {
            return;
        }
        match job.charge(text.len(), ITEM_OVERHEAD) {
            Ok(()) if job.keep_log => job.log.push(text.to_owned()),
            Ok(()) => {}
            Err(limit) => job.broken = Some(limit),
        }
    });
}

/// The repository a rule checks, as rules see it.
#[derive(Debug, Clone)]
pub struct RepoHandle(pub Arc<Repository>);

/// The result of one job.
#[derive(Debug, Default)]
pub struct JobOutcome {
    /// What the rule reported.
    pub findings: Vec<Diagnostic>,
    /// A `rule-error` if the rule failed.
    pub failure: Option<Diagnostic>,
    /// What the rule printed.
    pub log: Vec<String>,
}

/// The engine every rule runs in, and a second one, built only when needed, that replays a
/// failed job step by step to find where it stopped: Rhai reports limit errors raised inside
/// a script function at the call site, and `check` is called from Rust, so without the
/// replay they would carry no position at all.
pub struct ScriptHost {
    /// Built on first use: a run that checks no repository registers nothing.
    engine: OnceLock<Engine>,
    tracer: OnceLock<Engine>,
    sandbox: Sandbox,
    keep_log: bool,
}

thread_local! {
    static LAST_STEP: std::cell::Cell<Position> = const { std::cell::Cell::new(Position::NONE) };
}

impl ScriptHost {
    /// Builds the sandboxed engine.
    pub fn new(sandbox: Sandbox) -> Self {
        ScriptHost {
            engine: OnceLock::new(),
            tracer: OnceLock::new(),
            sandbox,
            keep_log: false,
        }
    }

    /// Keeps what rules print (for `--verbose`); without it, printed text is only counted.
    pub fn keeping_log(mut self, keep: bool) -> Self {
        self.keep_log = keep;
        self
    }

    /// The engine rules are compiled with.
    pub fn engine(&self) -> &Engine {
        self.engine.get_or_init(|| build_engine(&self.sandbox))
    }

    /// Runs one rule on one repository inside the sandbox, with the repository's operations
    /// and deadline (within the caps the engine was built with). Never panics.
    pub fn run(&self, rule: &Arc<Rule>, repo: &Arc<Repository>, limits: &Sandbox) -> JobOutcome {
        let limits = Sandbox {
            max_operations: limits.max_operations,
            deadline: limits.deadline,
            ..self.sandbox
        };
        if let Err(error) = rule.ast(self.engine()) {
            return JobOutcome {
                failure: Some(error.clone()),
                ..JobOutcome::default()
            };
        }
        let (result, findings, log) = run_job(self.engine(), rule, repo, &limits, self.keep_log);
        let failure = match result {
            Ok(Ok(())) => None,
            Ok(Err(error)) => {
                // A deadline is wall-clock: where the script stood when it passed depends on
                // the machine and its load, so it is reported at `fn check`, never located.
                let position = if is_deadline(&error) {
                    check_position(&rule.source)
                } else {
                    match innermost(&error).position() {
                        Position::NONE => self.replay(rule, repo, &limits),
                        known => known,
                    }
                };
                Some(runtime_failure(rule, repo, &error, position, &limits))
            }
            Err(panic) => Some(panic_failure(rule, repo, panic.as_ref())),
        };
        JobOutcome {
            findings,
            failure,
            log,
        }
    }

    /// Runs the job again, stepping, and returns the last statement reached. Only failures
    /// that do not depend on time are replayed, so the replay stops at the same operation;
    /// its deadline is the hard cap, a safety net rather than a limit it is meant to reach.
    fn replay(&self, rule: &Arc<Rule>, repo: &Arc<Repository>, limits: &Sandbox) -> Position {
        let limits = Sandbox {
            deadline: Sandbox::CAPS.deadline.max(limits.deadline),
            ..*limits
        };
        let tracer = self.tracer.get_or_init(|| {
            let mut engine = build_engine(&self.sandbox);
            #[expect(
                deprecated,
                reason = "Rhai marks the debugger API as volatile, not deprecated"
            )]
            engine.register_debugger(
                |_, debugger| debugger,
                |_, event, _, _, position| {
                    if matches!(event, rhai::debugger::DebuggerEvent::Step) && !position.is_none() {
                        LAST_STEP.set(position);
                    }
                    Ok(rhai::debugger::DebuggerCommand::StepInto)
                },
            );
            engine
        });
        LAST_STEP.set(Position::NONE);
        let _ = run_job(tracer, rule, repo, &limits, false);
        LAST_STEP.get()
    }
}

/// Whether a script was stopped by its deadline (in a script operation or a host call).
fn is_deadline(error: &EvalAltResult) -> bool {
    matches!(innermost(error), EvalAltResult::ErrorTerminated(token, _)
        if token.clone().into_string().is_ok_and(|t| t == DEADLINE))
}

/// Where a rule's `fn check` is written (line, column), or the start of the file.
fn check_position(source: &crate::source::SourceFile) -> Position {
    for (index, line) in source.text.lines().enumerate() {
        let trimmed = line.trim_start();
        let code = trimmed
            .strip_prefix("private ")
            .unwrap_or(trimmed)
            .trim_start();
        if code.strip_prefix("fn").is_some_and(|rest| {
            rest.trim_start().starts_with("check") && rest.starts_with(char::is_whitespace)
        }) {
            let column = line.len() - trimmed.len() + 1;
            return Position::new(
                u16::try_from(index + 1).unwrap_or(u16::MAX),
                u16::try_from(column).unwrap_or(u16::MAX),
            );
        }
    }
    Position::new(1, 1)
}

type JobResult = std::thread::Result<Result<(), Box<EvalAltResult>>>;

fn run_job(
    engine: &Engine,
    rule: &Arc<Rule>,
    repo: &Arc<Repository>,
    sandbox: &Sandbox,
    keep_log: bool,
) -> (JobResult, Vec<Diagnostic>, Vec<String>) {
    JOB.with_borrow_mut(|job| {
        *job = Some(Job {
            rule: Arc::clone(rule),
            started: Instant::now(),
            limits: *sandbox,
            // 0 means no budget, as in Rhai.
            max_operations: match sandbox.max_operations {
                0 => u64::MAX,
                n => n,
            },
            findings: Vec::new(),
            log: Vec::new(),
            keep_log,
            bytes: 0,
            suggestion_work: sandbox.max_suggestion_work,
            broken: None,
        });
    });
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut scope = Scope::new();
        // Compiled by `ScriptHost::run` before the job starts.
        let Ok(ast) = rule.ast(engine) else {
            return Ok(());
        };
        engine
            .call_fn::<Dynamic>(&mut scope, ast, "check", (RepoHandle(Arc::clone(repo)),))
            .map(|_| ())
    }));
    let job = JOB.with_borrow_mut(Option::take);
    let (findings, log) = job.map_or_else(Default::default, |j| (j.findings, j.log));
    (result, findings, log)
}

fn innermost(error: &EvalAltResult) -> &EvalAltResult {
    let mut inner = error;
    while let EvalAltResult::ErrorInFunctionCall(_, _, next, _) = inner {
        inner = next;
    }
    inner
}

fn panic_failure(rule: &Rule, repo: &Repository, panic: &(dyn std::any::Any + Send)) -> Diagnostic {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    RULE_ERROR
        .diagnostic(format!(
            "rule `{}` crashed reglint on repository `{}`: {what}",
            rule.meta.name, repo.name
        ))
        .at(rule.file, 0..0, "in this rule")
        .with_note(
            "this is a bug in reglint; the rule's findings for this repository may be incomplete",
        )
}

fn runtime_failure(
    rule: &Rule,
    repo: &Repository,
    error: &EvalAltResult,
    position: Position,
    sandbox: &Sandbox,
) -> Diagnostic {
    let reason = match innermost(error) {
        EvalAltResult::ErrorTerminated(token, _) if token.to_string() == "operations" => {
            format!(
                "it used more than its {} operations",
                sandbox.max_operations
            )
        }
        EvalAltResult::ErrorTerminated(token, _) => {
            match token.clone().into_string().unwrap_or_default().as_str() {
                FINDINGS_LIMIT => format!(
                    "it reported more than {} findings, the sandbox's limit per rule and repository",
                    sandbox.max_findings
                ),
                OUTPUT_LIMIT => format!(
                    "its findings and printed text passed {}, the sandbox's limit per rule and repository",
                    bytes(sandbox.max_output_bytes)
                ),
                MESSAGE_LIMIT => format!(
                    "it passed a text longer than {} to the host, the sandbox's limit per message",
                    bytes(sandbox.max_message_bytes)
                ),
                _ => format!(
                    "it did not finish within {} ms",
                    sandbox.deadline.as_millis()
                ),
            }
        }
        EvalAltResult::ErrorTooManyModules(..) => {
            "`import` is not available: rules run in a sandbox without modules".to_owned()
        }
        other => {
            let text = other.to_string();
            match text.rsplit_once(" (line ") {
                Some((head, _)) => head.to_owned(),
                None => text,
            }
        }
    };
    let at = rule.source.offset_of(
        position.line().unwrap_or(1),
        position.position().unwrap_or(1),
    );
    RULE_ERROR
        .diagnostic(format!(
            "rule `{}` failed on repository `{}`: {reason}",
            rule.meta.name, repo.name
        ))
        .at(rule.file, at..at, "the rule stopped here")
        .with_note("the check is incomplete: fix the rule, or remove it, and run again")
}

/// A byte count as the limits are written: `16 MiB`, `64 KiB`, `100 bytes`.
fn bytes(n: usize) -> String {
    if n >= 1 << 20 && n % (1 << 20) == 0 {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n % (1 << 10) == 0 {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

/// Builds the sandboxed engine with the whole rule API. Called once per run.
pub fn build_engine(sandbox: &Sandbox) -> Engine {
    let mut engine = Engine::new_raw();
    engine.register_global_module(CorePackage::new().as_shared_module());
    engine.register_global_module(LogicPackage::new().as_shared_module());
    engine.register_global_module(BasicMathPackage::new().as_shared_module());
    engine.register_global_module(BasicArrayPackage::new().as_shared_module());
    engine.register_global_module(BasicMapPackage::new().as_shared_module());
    engine.register_global_module(MoreStringPackage::new().as_shared_module());

    engine.set_max_operations(sandbox.max_operations);
    engine.set_max_call_levels(sandbox.max_call_levels);
    engine.set_max_expr_depths(sandbox.max_expr_depth.0, sandbox.max_expr_depth.1);
    engine.set_max_string_size(sandbox.max_string_size);
    engine.set_max_array_size(sandbox.max_array_size);
    engine.set_max_map_size(sandbox.max_map_size);
    engine.set_max_modules(0);
    engine.set_strict_variables(true);
    engine.disable_symbol("eval");
    engine.on_progress(|operations| {
        if operations % 1024 != 0 {
            return None;
        }
        JOB.with_borrow(|job| {
            let job = job.as_ref()?;
            if let Some(limit) = job.broken {
                Some(Dynamic::from(limit))
            } else if operations > job.max_operations {
                Some(Dynamic::from("operations"))
            } else if job.started.elapsed() > job.limits.deadline {
                Some(Dynamic::from(DEADLINE))
            } else {
                None
            }
        })
    });
    engine.on_print(log_line);
    engine.on_debug(|text, _, _| log_line(text));

    api::register_array_api(&mut engine);
    values::register_list_api(&mut engine);
    api::register_node_api(&mut engine);
    api::register_repo_api(&mut engine);
    api::register_report_api(&mut engine);
    api::register_helpers(&mut engine);
    engine
}
