//! The Rhai host: the sandbox, and everything a rule can call.
//!
//! One [`Engine`] is built here, once, and shared by every worker; every function a rule can
//! reach is registered in [`build_engine`], and every limit is in [`Sandbox`]. Rules get
//! handles into the parsed tree ([`NodeRef`]), never copies of documents; scalars come back as
//! plain Rhai values. Findings go to a per-thread job record: a job (one rule on one
//! repository) runs start to finish on one rayon worker, so no locking is needed.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use rhai::packages::{
    BasicArrayPackage, BasicMapPackage, BasicMathPackage, CorePackage, LogicPackage,
    MoreStringPackage, Package,
};
use rhai::{Array, Dynamic, Engine, EvalAltResult, ImmutableString, Position, Scope};

use crate::annex;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Label};
use crate::model::{EntryClass, Kind, NodeRef, Repository};
use crate::rule::{RULE_ERROR, Rule};
use crate::suggest::did_you_mean;
use crate::yaml::{NodeKind, Resolved};

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

/// A finding being built: `.label()`, `.help()`, `.note()` add to it.
#[derive(Debug, Clone, Copy)]
pub struct Finding(usize);

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

    register_list_api(&mut engine);
    register_node_api(&mut engine);
    register_repo_api(&mut engine);
    register_report_api(&mut engine);
    register_helpers(&mut engine);
    engine
}

/// A node's value as rules see it: scalars as plain values (YAML 1.2), collections as handles.
fn to_dynamic(node: NodeRef) -> Dynamic {
    match &node.doc.doc.node(node.id).kind {
        NodeKind::Scalar(s) => match s.resolve() {
            Resolved::Null => Dynamic::UNIT,
            Resolved::Bool(b) => b.into(),
            Resolved::Int(i) => i.into(),
            Resolved::Float(f) => f.into(),
            Resolved::Str(text) => text.into(),
        },
        _ => Dynamic::from(node),
    }
}

fn children(node: &NodeRef) -> Vec<NodeRef> {
    match &node.doc.doc.node(node.id).kind {
        NodeKind::List(items) => items.iter().map(|&i| node.with(i)).collect(),
        NodeKind::Map(entries) => entries.iter().map(|&(_, v)| node.with(v)).collect(),
        NodeKind::Scalar(_) => Vec::new(),
    }
}

/// A script index into a list of `len` items: negative counts from the end, as in Rhai arrays.
fn list_position(index: i64, len: usize) -> Option<usize> {
    let i = if index < 0 { len as i64 + index } else { index };
    usize::try_from(i).ok().filter(|&i| i < len)
}

fn item(node: &NodeRef, index: i64) -> Option<NodeRef> {
    match &node.doc.doc.node(node.id).kind {
        NodeKind::List(items) => list_position(index, items.len()).map(|i| node.with(items[i])),
        _ => None,
    }
}

fn or_unit(node: Option<NodeRef>) -> Dynamic {
    node.map_or(Dynamic::UNIT, Dynamic::from)
}

/// A read-only list handed to rules (entries, ids, referrers): shared, never copied into a
/// Rhai array, so neither its size nor the script array limit depend on each other.
#[derive(Debug, Clone)]
pub enum HostList {
    /// Node handles.
    Nodes(Arc<[NodeRef]>),
    /// Plain values (ids).
    Values(Arc<[Dynamic]>),
}

impl HostList {
    fn len(&self) -> usize {
        match self {
            HostList::Nodes(n) => n.len(),
            HostList::Values(v) => v.len(),
        }
    }

    fn get(&self, index: usize) -> Option<Dynamic> {
        match self {
            HostList::Nodes(n) => n.get(index).cloned().map(Dynamic::from),
            HostList::Values(v) => v.get(index).cloned(),
        }
    }

    fn strings(&self) -> Vec<String> {
        match self {
            HostList::Nodes(_) => Vec::new(),
            HostList::Values(v) => v
                .iter()
                .filter_map(|x| x.clone().into_string().ok())
                .collect(),
        }
    }
}

/// Iterates a [`HostList`] without copying it.
pub struct HostListIter {
    list: HostList,
    next: usize,
}

impl Iterator for HostListIter {
    type Item = Dynamic;

    fn next(&mut self) -> Option<Dynamic> {
        let item = self.list.get(self.next)?;
        self.next += 1;
        Some(item)
    }
}

impl IntoIterator for HostList {
    type Item = Dynamic;
    type IntoIter = HostListIter;

    fn into_iter(self) -> HostListIter {
        HostListIter {
            list: self,
            next: 0,
        }
    }
}

fn nodes_array(nodes: impl IntoIterator<Item = NodeRef>) -> HostList {
    HostList::Nodes(nodes.into_iter().collect())
}

fn register_list_api(engine: &mut Engine) {
    engine.register_type_with_name::<HostList>("List");
    engine.register_iterator::<HostList>();
    engine.register_fn("len", |list: &mut HostList| list.len() as i64);
    engine.register_fn("is_empty", |list: &mut HostList| list.len() == 0);
    engine.register_indexer_get(|list: &mut HostList, index: i64| {
        list_position(index, list.len())
            .and_then(|i| list.get(i))
            .unwrap_or(Dynamic::UNIT)
    });
    // `x in list`: equal plain values (ids); nodes are never `in` a list by value.
    engine.register_fn(
        "contains",
        |list: &mut HostList, value: Dynamic| match list {
            HostList::Nodes(_) => false,
            HostList::Values(v) => match value.read_lock::<ImmutableString>() {
                Some(text) => v.iter().any(|x| {
                    x.read_lock::<ImmutableString>()
                        .is_some_and(|t| t.as_str() == text.as_str())
                }),
                None => v
                    .iter()
                    .any(|x| x.type_id() == value.type_id() && x.to_string() == value.to_string()),
            },
        },
    );
    engine.register_fn("to_array", |list: &mut HostList| -> Array {
        list.clone().into_iter().collect()
    });
    engine.register_fn("did_you_mean", |word: &str, candidates: HostList| {
        let words = candidates.strings();
        did_you_mean(word, words.iter().map(String::as_str))
            .map_or(Dynamic::UNIT, |w| w.to_owned().into())
    });
}

impl IntoIterator for NodeRef {
    type Item = Dynamic;
    type IntoIter = std::vec::IntoIter<Dynamic>;

    /// `for x in node`: list items (scalars as values), or a mapping's keys.
    fn into_iter(self) -> Self::IntoIter {
        let values: Vec<Dynamic> = match &self.doc.doc.node(self.id).kind {
            NodeKind::Map(_) => keys(&self),
            _ => children(&self).into_iter().map(to_dynamic).collect(),
        };
        values.into_iter()
    }
}

/// A mapping's keys as strings (empty for anything else).
fn keys(node: &NodeRef) -> Array {
    match &node.doc.doc.node(node.id).kind {
        NodeKind::Map(entries) => entries
            .iter()
            .filter_map(|&(k, _)| {
                node.doc
                    .doc
                    .scalar_text(k)
                    .map(|t| Dynamic::from(t.to_owned()))
            })
            .collect(),
        _ => Array::new(),
    }
}

fn is_node_kind(value: &Dynamic, test: impl Fn(&NodeKind) -> bool) -> bool {
    value
        .read_lock::<NodeRef>()
        .is_some_and(|n| test(&n.doc.doc.node(n.id).kind))
}

fn register_node_api(engine: &mut Engine) {
    engine.register_type_with_name::<NodeRef>("Node");
    engine.register_iterator::<NodeRef>();
    // `node["key"]` and, through Rhai's fallback, `node.key`: missing keys give `()`.
    engine.register_indexer_get(|node: &mut NodeRef, key: ImmutableString| {
        node.get(&key).map_or(Dynamic::UNIT, to_dynamic)
    });
    engine.register_indexer_get(|node: &mut NodeRef, index: i64| {
        item(node, index).map_or(Dynamic::UNIT, to_dynamic)
    });
    engine.register_get("path", |node: &mut NodeRef| node.path());
    engine.register_get("file", |node: &mut NodeRef| node.doc.file_name.to_string());
    engine.register_get("line", |node: &mut NodeRef| {
        let span = node.doc.doc.node(node.id).span.start;
        let line = node
            .doc
            .text
            .get(..span)
            .map_or(0, |t| t.matches('\n').count());
        line as i64 + 1
    });
    engine.register_get("value", |node: &mut NodeRef| to_dynamic(node.clone()));
    engine.register_get("parent", |node: &mut NodeRef| {
        or_unit(node.doc.doc.node(node.id).parent.map(|p| node.with(p)))
    });
    engine.register_fn("len", |node: &mut NodeRef| {
        match &node.doc.doc.node(node.id).kind {
            NodeKind::List(items) => items.len() as i64,
            NodeKind::Map(entries) => entries.len() as i64,
            NodeKind::Scalar(s) => s.text.chars().count() as i64,
        }
    });
    engine.register_fn("child", |node: &mut NodeRef, key: &str| {
        or_unit(node.get(key))
    });
    engine.register_fn("child", |node: &mut NodeRef, index: i64| {
        or_unit(item(node, index))
    });
    engine.register_fn("children", |node: &mut NodeRef| nodes_array(children(node)));
    engine.register_fn("key", |node: &mut NodeRef, key: &str| {
        or_unit(node.doc.doc.entry(node.id, key).map(|(k, _)| node.with(k)))
    });
    engine.register_fn("has", |node: &mut NodeRef, key: &str| {
        node.doc.doc.entry(node.id, key).is_some()
    });
    engine.register_fn("keys", |node: &mut NodeRef| keys(node));
    engine.register_fn("to_string", |node: &mut NodeRef| {
        format!("<node {}:{}>", node.doc.file_name, node.path())
    });
    // An entry's id for messages, or its register path when it has no usable id.
    engine.register_fn("entry_id", |node: &mut NodeRef| {
        node.get("id")
            .and_then(|id| id.doc.doc.string(id.id).map(str::to_owned))
            .unwrap_or_else(|| node.path())
    });
    engine.register_fn("is_map", |v: Dynamic| {
        is_node_kind(&v, |k| matches!(k, NodeKind::Map(_)))
    });
    engine.register_fn("is_list", |v: Dynamic| {
        is_node_kind(&v, |k| matches!(k, NodeKind::List(_)))
    });
    engine.register_fn("is_node", |v: Dynamic| v.is::<NodeRef>());
    engine.register_fn("is_string", |v: Dynamic| v.is_string());
    engine.register_fn("is_bool", |v: Dynamic| v.is_bool());
    engine.register_fn("is_int", |v: Dynamic| v.is_int());
    engine.register_fn("is_null", |v: Dynamic| v.is_unit());
}

/// The entries of a class that match, in path order.
fn select(repo: &Repository, class: &str, keep: impl Fn(&NodeRef) -> bool) -> HostList {
    let Some(class) = EntryClass::parse(class) else {
        return HostList::Nodes(Arc::from([]));
    };
    HostList::Nodes(
        repo.entries(class)
            .iter()
            .filter(|e| keep(e))
            .cloned()
            .collect(),
    )
}

/// Whether a field is absent, null, a blank string or an empty list or mapping.
fn is_blank(entry: &NodeRef, field: &str) -> bool {
    let Some(value) = entry.get(field) else {
        return true;
    };
    match &value.doc.doc.node(value.id).kind {
        NodeKind::List(items) => items.is_empty(),
        NodeKind::Map(entries) => entries.is_empty(),
        NodeKind::Scalar(s) => match s.resolve() {
            Resolved::Null => true,
            Resolved::Str(text) => text.trim().is_empty(),
            _ => false,
        },
    }
}

/// How many numeric parts follow `A.` in an Annex A-shaped id (`A.8.24` has 2), if that is
/// its shape.
fn annex_a_parts(id: &str) -> Option<usize> {
    let rest = id.strip_prefix("A.")?;
    let parts: Vec<&str> = rest.split('.').collect();
    parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        .then_some(parts.len())
}

/// The ids defined as any of the classes, sorted.
fn ids_of(repo: &Repository, classes: &[&str]) -> HostList {
    let mut ids: Vec<&String> = repo
        .index
        .definitions
        .iter()
        .filter(|(_, defs)| defs.iter().any(|d| classes.contains(&d.class.as_str())))
        .map(|(id, _)| id)
        .collect();
    ids.sort();
    HostList::Values(
        ids.into_iter()
            .map(|id| Dynamic::from(id.clone()))
            .collect(),
    )
}

fn register_repo_api(engine: &mut Engine) {
    engine.register_type_with_name::<RepoHandle>("Repo");
    let entries =
        |class: EntryClass| move |repo: &mut RepoHandle| HostList::Nodes(repo.0.entries(class));
    engine.register_fn("parties", entries(EntryClass::Party));
    engine.register_fn("requirements", entries(EntryClass::Requirement));
    engine.register_fn("controls", entries(EntryClass::Control));
    engine.register_fn("legal_entries", entries(EntryClass::LegalEntry));
    engine.register_fn("risks", entries(EntryClass::Risk));
    engine.register_fn("objectives", entries(EntryClass::Objective));
    engine.register_fn("scope_items", entries(EntryClass::ScopeItem));
    engine.register_fn("documents", |repo: &mut RepoHandle, kind: &str| {
        let positions = Kind::parse(kind)
            .and_then(|kind| repo.0.index.by_kind.get(&kind))
            .map_or(&[][..], Vec::as_slice);
        nodes_array(positions.iter().filter_map(|&p| {
            let doc = &repo.0.docs[p];
            doc.doc.root.map(|root| NodeRef {
                doc: Arc::clone(doc),
                id: root,
            })
        }))
    });
    engine.register_fn("lookup", |repo: &mut RepoHandle, id: &str| {
        or_unit(repo.0.lookup(id).map(|d| d.entry.clone()))
    });
    engine.register_fn("kind_of", |repo: &mut RepoHandle, id: &str| {
        repo.0
            .lookup(id)
            .map_or(Dynamic::UNIT, |d| d.class.as_str().into())
    });
    engine.register_fn("definitions", |repo: &mut RepoHandle, id: &str| {
        let defs = repo.0.definitions_of(id);
        nodes_array(defs.iter().map(|d| d.entry.clone()))
    });
    engine.register_fn("referrers", |repo: &mut RepoHandle, id: &str| {
        let refs = repo.0.citations_of(id);
        nodes_array(refs.iter().cloned())
    });
    engine.register_fn("duplicate_ids", |repo: &mut RepoHandle| {
        HostList::Values(
            repo.0
                .index
                .duplicated
                .iter()
                .map(|id| Dynamic::from(id.clone()))
                .collect(),
        )
    });
    engine.register_fn("ids", |repo: &mut RepoHandle, class: &str| {
        ids_of(&repo.0, &[class])
    });
    engine.register_fn("ids", |repo: &mut RepoHandle, classes: Array| {
        let classes: Vec<String> = classes
            .into_iter()
            .filter_map(|c| c.into_string().ok())
            .collect();
        let classes: Vec<&str> = classes.iter().map(String::as_str).collect();
        ids_of(&repo.0, &classes)
    });
    // Pre-selection: one pass in Rust over a class's entries, so scripts loop over the few
    // candidates rather than every entry (a script loop costs microseconds per entry).
    engine.register_fn(
        "without",
        |repo: &mut RepoHandle, class: &str, fields: Array| {
            let fields: Vec<String> = fields
                .into_iter()
                .filter_map(|f| f.into_string().ok())
                .collect();
            select(&repo.0, class, |entry| {
                fields.iter().any(|f| is_blank(entry, f))
            })
        },
    );
    engine.register_fn(
        "outside",
        |repo: &mut RepoHandle, class: &str, field: &str, allowed: Array| {
            let allowed: Vec<String> = allowed
                .into_iter()
                .filter_map(|a| a.into_string().ok())
                .collect();
            select(&repo.0, class, |entry| {
                let Some(value) = entry.get(field) else {
                    return false;
                };
                match entry.doc.doc.resolved(value.id) {
                    None | Some(Resolved::Null) => false,
                    Some(Resolved::Str(text)) => !allowed.iter().any(|a| a == text),
                    Some(_) => true,
                }
            })
        },
    );
    engine.register_fn("addressed_by_items", |repo: &mut RepoHandle| {
        HostList::Nodes(Arc::clone(&repo.0.index.addressed_by))
    });
    // The `addressed_by` items whose id names no entry of any of the classes.
    engine.register_fn(
        "addressed_by_unresolved",
        |repo: &mut RepoHandle, classes: Array| {
            let classes: Vec<String> = classes
                .into_iter()
                .filter_map(|c| c.into_string().ok())
                .collect();
            let repo = &repo.0;
            let resolves = |item: &NodeRef| {
                let id = item.doc.doc.string(item.id).unwrap_or_default();
                repo.lookup(id)
                    .is_some_and(|d| classes.iter().any(|c| c == d.class.as_str()))
            };
            HostList::Nodes(
                repo.index
                    .addressed_by
                    .iter()
                    .filter(|i| !resolves(i))
                    .cloned()
                    .collect(),
            )
        },
    );
    // The `addressed_by` items citing one id (its `legal_ref` citations left out).
    engine.register_fn("addressed_by_citing", |repo: &mut RepoHandle, id: &str| {
        let refs = repo.0.citations_of(id);
        let is_item =
            |n: &&NodeRef| matches!(n.doc.doc.node(n.id).slot, crate::yaml::Slot::Item(_));
        HostList::Nodes(refs.iter().filter(is_item).cloned().collect())
    });
    // The entries of a class whose field holds exactly this value (`true`, `"high"`, `12`).
    engine.register_fn(
        "with_value",
        |repo: &mut RepoHandle, class: &str, field: &str, value: Dynamic| {
            select(&repo.0, class, |entry| {
                let Some(node) = entry.get(field) else {
                    return false;
                };
                match (entry.doc.doc.resolved(node.id), &value) {
                    (Some(Resolved::Bool(b)), v) if v.is_bool() => {
                        v.as_bool().is_ok_and(|x| x == b)
                    }
                    (Some(Resolved::Int(i)), v) if v.is_int() => v.as_int().is_ok_and(|x| x == i),
                    (Some(Resolved::Str(t)), v) if v.is_string() => {
                        v.clone().into_string().is_ok_and(|x| x == t)
                    }
                    _ => false,
                }
            })
        },
    );
    engine.register_fn("today", |repo: &mut RepoHandle| repo.0.today.to_string());
    engine.register_get("root", |repo: &mut RepoHandle| repo.0.name.clone());
}

fn new_finding(
    node: Option<&NodeRef>,
    key: Option<&str>,
    message: &str,
    severity: Option<crate::diagnostic::Severity>,
) -> Result<Finding, Box<EvalAltResult>> {
    with_job(|job| {
        let meta = &job.rule.meta;
        let mut d = Diagnostic::new(
            &meta.code,
            &meta.name,
            severity.unwrap_or(meta.severity),
            message,
        );
        if let Some(node) = node {
            let target = key
                .and_then(|k| node.get(k))
                .unwrap_or_else(|| node.clone());
            d = d
                .at(
                    target.doc.file,
                    target.doc.doc.label_span(target.id, &target.doc.text),
                    "",
                )
                .with_path(Some(target.path()))
                .with_entry(crate::model::entry_of(&target.doc.doc, target.id));
        }
        job.findings.push(d);
        Finding(job.findings.len() - 1)
    })
}

fn edit(finding: Finding, f: impl FnOnce(&mut Diagnostic)) -> Result<Finding, Box<EvalAltResult>> {
    with_job(|job| {
        if let Some(d) = job.findings.get_mut(finding.0) {
            f(d);
        }
        finding
    })
}

fn register_report_api(engine: &mut Engine) {
    use crate::diagnostic::Severity;
    engine.register_type_with_name::<Finding>("Finding");
    for (name, severity) in [
        ("report", None),
        ("error", Some(Severity::Error)),
        ("warning", Some(Severity::Warning)),
        ("info", Some(Severity::Info)),
    ] {
        engine.register_fn(name, move |node: NodeRef, message: &str| {
            new_finding(Some(&node), None, message, severity)
        });
        engine.register_fn(name, move |node: NodeRef, key: &str, message: &str| {
            new_finding(Some(&node), Some(key), message, severity)
        });
        engine.register_fn(name, move |_: RepoHandle, message: &str| {
            new_finding(None, None, message, severity)
        });
    }
    engine.register_fn("label", |finding: Finding, message: &str| {
        edit(finding, |d| {
            if let Some(primary) = d.primary.as_mut() {
                primary.message = message.to_owned();
            }
        })
    });
    engine.register_fn("label", |finding: Finding, node: NodeRef, message: &str| {
        edit(finding, |d| {
            d.secondary.push(Label {
                file: node.doc.file,
                span: node.doc.doc.label_span(node.id, &node.doc.text),
                message: message.to_owned(),
            });
        })
    });
    engine.register_fn("help", |finding: Finding, message: &str| {
        edit(finding, |d| d.help = Some(message.to_owned()))
    });
    engine.register_fn("note", |finding: Finding, message: &str| {
        edit(finding, |d| d.notes.push(message.to_owned()))
    });
}

fn register_helpers(engine: &mut Engine) {
    engine.register_fn("annex_a", |id: &str| {
        annex::catalogue()
            .title(id)
            .map_or(Dynamic::UNIT, Dynamic::from)
    });
    engine.register_fn("annex_a_from_2013", |id: &str| {
        annex::catalogue()
            .successors(id)
            .map_or(Dynamic::UNIT, |to| {
                Dynamic::from_array(to.iter().map(|t| Dynamic::from(t.clone())).collect())
            })
    });
    engine.register_fn("annex_a_2013_ids", || {
        HostList::Values(annex::catalogue().ids_2013().map(Dynamic::from).collect())
    });
    engine.register_fn("annex_a_ids", || {
        HostList::Values(annex::catalogue().ids_2022().map(Dynamic::from).collect())
    });
    engine.register_fn("did_you_mean", |word: &str, candidates: Array| {
        let words: Vec<String> = candidates
            .into_iter()
            .filter_map(|c| c.into_string().ok())
            .collect();
        did_you_mean(word, words.iter().map(String::as_str))
            .map_or(Dynamic::UNIT, |w| w.to_owned().into())
    });
    engine.register_fn("is_annex_a_id", |id: &str| annex_a_parts(id) == Some(2));
    // The shape of any Annex A id, 2022 (`A.8.24`) or 2013 (`A.10.1.1`).
    engine.register_fn("is_annex_a_like", |id: &str| {
        matches!(annex_a_parts(id), Some(2 | 3))
    });
    engine.register_fn("is_date", |text: &str| Date::parse(text).is_some());
    engine.register_fn("add_months", |date: &str, months: i64| {
        Date::parse(date)
            .and_then(|d| d.add_months(months))
            .map_or(Dynamic::UNIT, |d| d.to_string().into())
    });
    engine.register_fn("days_between", |from: &str, to: &str| {
        match (Date::parse(from), Date::parse(to)) {
            (Some(a), Some(b)) => Dynamic::from(b.to_days() - a.to_days()),
            _ => Dynamic::UNIT,
        }
    });
}
