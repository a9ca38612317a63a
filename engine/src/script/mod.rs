//! The Rhai host: the sandbox, and everything a rule can call.
//!
//! One [`Engine`] is built here, once, and shared by every worker; every function a rule can
//! reach is registered in [`build_engine`], and every limit is in [`Sandbox`]. Rules get
//! handles into the parsed tree ([`NodeRef`](crate::model::NodeRef)), never copies of
//! documents; scalars come back as plain Rhai values. Findings go to a per-thread job record:
//! a job (one rule on one repository) runs start to finish on one rayon worker, so no locking
//! is needed.

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

/// What a running job collects.
struct Job {
    rule: Arc<Rule>,
    started: Instant,
    deadline: Duration,
    max_operations: u64,
    findings: Vec<Diagnostic>,
    log: Vec<String>,
}

thread_local! {
    static JOB: RefCell<Option<Job>> = const { RefCell::new(None) };
}

fn with_job<T>(f: impl FnOnce(&mut Job) -> T) -> Result<T, Box<EvalAltResult>> {
    JOB.with_borrow_mut(|job| job.as_mut().map(f))
        .ok_or_else(|| "reporting is only possible while a rule runs".into())
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
    engine: Engine,
    tracer: OnceLock<Engine>,
    sandbox: Sandbox,
}

thread_local! {
    static LAST_STEP: std::cell::Cell<Position> = const { std::cell::Cell::new(Position::NONE) };
}

impl ScriptHost {
    /// Builds the sandboxed engine.
    pub fn new(sandbox: Sandbox) -> Self {
        ScriptHost {
            engine: build_engine(&sandbox),
            tracer: OnceLock::new(),
            sandbox,
        }
    }

    /// The engine rules are compiled with.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Runs one rule on one repository inside the sandbox, with the repository's operations
    /// and deadline (within the caps the engine was built with). Never panics.
    pub fn run(&self, rule: &Arc<Rule>, repo: &Arc<Repository>, limits: &Sandbox) -> JobOutcome {
        let limits = Sandbox {
            max_operations: limits.max_operations,
            deadline: limits.deadline,
            ..self.sandbox
        };
        let (result, findings, log) = run_job(&self.engine, rule, repo, &limits);
        let failure = match result {
            Ok(Ok(())) => None,
            Ok(Err(error)) => {
                let position = match innermost(&error).position() {
                    Position::NONE => self.replay(rule, repo, &limits),
                    known => known,
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

    /// Runs the job again, stepping, and returns the last statement reached.
    fn replay(&self, rule: &Arc<Rule>, repo: &Arc<Repository>, limits: &Sandbox) -> Position {
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
        let _ = run_job(tracer, rule, repo, limits);
        LAST_STEP.get()
    }
}

type JobResult = std::thread::Result<Result<(), Box<EvalAltResult>>>;

fn run_job(
    engine: &Engine,
    rule: &Arc<Rule>,
    repo: &Arc<Repository>,
    sandbox: &Sandbox,
) -> (JobResult, Vec<Diagnostic>, Vec<String>) {
    JOB.with_borrow_mut(|job| {
        *job = Some(Job {
            rule: Arc::clone(rule),
            started: Instant::now(),
            deadline: sandbox.deadline,
            // 0 means no budget, as in Rhai.
            max_operations: match sandbox.max_operations {
                0 => u64::MAX,
                n => n,
            },
            findings: Vec::new(),
            log: Vec::new(),
        });
    });
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut scope = Scope::new();
        engine
            .call_fn::<Dynamic>(
                &mut scope,
                &rule.ast,
                "check",
                (RepoHandle(Arc::clone(repo)),),
            )
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
        EvalAltResult::ErrorTerminated(..) => {
            format!("it ran past its {:?} deadline", sandbox.deadline)
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
            if operations > job.max_operations {
                Some(Dynamic::from("operations"))
            } else if job.started.elapsed() > job.deadline {
                Some(Dynamic::from("deadline"))
            } else {
                None
            }
        })
    });
    engine.on_print(|text| {
        let _ = with_job(|job| job.log.push(text.to_owned()));
    });
    engine.on_debug(|text, _, _| {
        let _ = with_job(|job| job.log.push(text.to_owned()));
    });

    values::register_list_api(&mut engine);
    api::register_node_api(&mut engine);
    api::register_repo_api(&mut engine);
    api::register_report_api(&mut engine);
    api::register_helpers(&mut engine);
    engine
}
