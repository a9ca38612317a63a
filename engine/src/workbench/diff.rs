//! `reglint diff`: what a change does to a register repository, between two git revisions
//! (or a revision and the work tree), read as registers rather than as text.
//!
//! Both sides are loaded, indexed and checked exactly as `check` does, the base from git
//! objects (no checkout), the head from another revision or the work tree. What is compared
//! is the register: parties and requirements added, removed or changed (and which fields),
//! requirements that lost their last control, controls that became not applicable with the
//! requirements that rely on them, new legal or regulatory requirements with no `legal_ref`,
//! and findings introduced and fixed, matched by [`fingerprint`]
//! as a multiset ([`Occurrences`]), as `check --staged` matches findings caused elsewhere.
//! Separate from the check because it decides nothing new about the register: it puts two
//! checks side by side. Everything is sorted, so the same revisions give the same bytes;
//! [`render`] writes it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::{Place, WorkbenchError, field_text, id_of, only_repository};
use crate::baseline::{Occurrences, fingerprint};
use crate::discover::{self, DiscoverError, git};
use crate::model::{EntryClass, NodeRef, Repository, list_maps};
use crate::run::{Inspection, Linter, Outcome, Report, RunError};
use crate::yaml::{Document, NodeId, NodeKind, Resolved};

pub mod render;

/// The label of the work tree as a side of a diff.
pub const WORK_TREE: &str = "work tree";

/// Why a diff cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// Git could not be run, or the path is not in a git work tree.
    #[error(transparent)]
    Git(#[from] git::GitError),
    /// A revision names no commit.
    #[error("unknown revision `{0}`: it names no commit of this repository")]
    UnknownRevision(String),
    /// A side could not be discovered or loaded.
    #[error(transparent)]
    Run(#[from] RunError),
    /// The path holds no repository, or several.
    #[error(transparent)]
    Workbench(#[from] WorkbenchError),
    /// A side's check is incomplete (a rule or configuration that could not be loaded): its
    /// findings cannot be compared. The report holds the problems.
    #[error("the check of {0} is incomplete, so its findings cannot be compared")]
    Incomplete(String, Box<Report>),
}

/// What changed between two sides of one repository. Every list is sorted (by id, or by
/// rule, file, line and message for findings).
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    /// The format's version (1).
    pub version: u32,
    /// The repository, as `check` names it.
    pub repository: String,
    /// The base revision, as given.
    pub base: String,
    /// The head revision, as given, or `work tree`.
    pub head: String,
    /// Interested parties added, removed or changed.
    pub parties: Changes,
    /// Requirements added, removed or changed.
    pub requirements: Changes,
    /// Requirements whose `addressed_by` named a control at base and names none at head.
    pub lost_last_control: Vec<LostControl>,
    /// Controls applicable at base and not applicable at head.
    pub not_applicable: Vec<NotApplicable>,
    /// Legal or regulatory requirements without `legal_ref` at head that were not so at base.
    pub legal_without_ref: Vec<EntryChange>,
    /// Findings introduced and fixed.
    pub findings: Findings,
}

/// Entries of one class added, removed or changed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Changes {
    /// In head, not in base (placed at head).
    pub added: Vec<EntryChange>,
    /// In base, not in head (placed at base).
    pub removed: Vec<EntryChange>,
    /// In both, with fields that differ (placed at head).
    pub changed: Vec<EntryChange>,
}

/// One entry of a change.
#[derive(Debug, Clone, Serialize)]
pub struct EntryChange {
    /// Its id.
    pub id: String,
    /// Its name or title (a party's `name`; a requirement's `description`), as written.
    pub title: Option<String>,
    /// The party a requirement belongs to (`None` for a party).
    pub party: Option<String>,
    /// The fields that differ, sorted (empty unless changed). A party's `requirements` are
    /// not among them: requirements are compared one by one.
    pub fields: Vec<String>,
    /// Where it is written.
    #[serde(flatten)]
    pub place: Place,
}

/// A requirement left with no control.
#[derive(Debug, Clone, Serialize)]
pub struct LostControl {
    /// The requirement's id.
    pub id: String,
    /// Its party.
    pub party: Option<String>,
    /// The controls its `addressed_by` named at base, sorted.
    pub controls: Vec<String>,
    /// Where it is written at head.
    #[serde(flatten)]
    pub place: Place,
}

/// A control that became not applicable.
#[derive(Debug, Clone, Serialize)]
pub struct NotApplicable {
    /// The control's id.
    pub id: String,
    /// Its title.
    pub title: Option<String>,
    /// The requirements whose `addressed_by` names it at head, sorted.
    pub relied_on_by: Vec<String>,
    /// Where it is written at head.
    #[serde(flatten)]
    pub place: Place,
}

/// Findings introduced and fixed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Findings {
    /// Active at head and not at base.
    pub introduced: Vec<Finding>,
    /// Active at base and not at head.
    pub fixed: Vec<Finding>,
}

/// One finding, as a diff lists it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// The rule.
    pub rule: String,
    /// Where it points (absent for a repository-level finding).
    #[serde(flatten)]
    pub place: Option<Place>,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// The entry it is about, when it has an id.
    pub entry: Option<String>,
    /// The message.
    pub message: String,
}

impl Diff {
    /// Compares the repository at `path` (relative to `cwd`) as revision `base` has it with
    /// revision `head`, or the work tree when `head` is `None`. Both sides are checked by
    /// `linter`; a repository the base revision does not hold yet is compared as empty.
    pub fn between(
        linter: &Linter,
        cwd: &Path,
        path: &Path,
        base: &str,
        head: Option<&str>,
    ) -> Result<Diff, DiffError> {
        let absolute = discover::normalise(&cwd.join(path));
        let dir = if absolute.is_dir() {
            absolute.clone()
        } else {
            absolute
                .parent()
                .map_or(absolute.clone(), Path::to_path_buf)
        };
        let tree = git::WorkTree::require(&dir)?;
        let base_input = snapshot(&tree, base)?;
        let head_input = match head {
            Some(rev) => snapshot(&tree, rev)?,
            None => discover::Input::WorkTree,
        };
        let shown = path.display().to_string();
        let paths = [absolute];
        let head_label = head.unwrap_or(WORK_TREE);
        let head_side = Side::read(linter, &paths, &head_input, head_label, &shown)?
            .ok_or_else(|| WorkbenchError::NoRepository(shown.clone()))?;
        let base_side = Side::read(linter, &paths, &base_input, base, &shown)?;
        Ok(compare(
            base_side.as_ref(),
            &head_side,
            cwd,
            base.to_owned(),
            head_label.to_owned(),
        ))
    }

    /// Whether the change adds an active finding (`--fail-on-new`).
    pub fn adds_findings(&self) -> bool {
        !self.findings.introduced.is_empty()
    }
}

/// The files of revision `rev`, or why there are none.
fn snapshot(tree: &git::WorkTree, rev: &str) -> Result<discover::Input, DiffError> {
    // A revision that looks like an option would be read by git as one.
    if rev.starts_with('-') {
        return Err(DiffError::UnknownRevision(rev.to_owned()));
    }
    match tree.tree(rev)? {
        Some(snapshot) => Ok(discover::Input::Git(Arc::new(snapshot))),
        None => Err(DiffError::UnknownRevision(rev.to_owned())),
    }
}

/// One side: the repository loaded and checked, and its report.
struct Side {
    inspection: Inspection,
    index: usize,
    repository: Arc<Repository>,
}

impl Side {
    /// The side read from `input`; `None` when the revision does not hold the path.
    fn read(
        linter: &Linter,
        paths: &[PathBuf],
        input: &discover::Input,
        label: &str,
        shown: &str,
    ) -> Result<Option<Side>, DiffError> {
        let inspection = match linter.inspect_from(paths, input) {
            Ok(inspection) => inspection,
            Err(RunError::Discover(DiscoverError::NotInSnapshot(..))) => return Ok(None),
            Err(error) => return Err(error.into()),
        };
        if inspection.report.outcome() == Outcome::Incomplete {
            return Err(DiffError::Incomplete(
                label.to_owned(),
                Box::new(inspection.report),
            ));
        }
        let (index, repository) = only_repository(&inspection, shown)?;
        Ok(Some(Side {
            inspection,
            index,
            repository,
        }))
    }

    fn report(&self) -> &Report {
        &self.inspection.report
    }
}

/// An entry as compared: its fields as canonical text.
struct Read {
    node: NodeRef,
    party: Option<String>,
    fields: BTreeMap<String, String>,
}

/// The parties and requirements of a side, by id (the first definition of an id).
#[derive(Default)]
struct Registers {
    parties: BTreeMap<String, Read>,
    requirements: BTreeMap<String, Read>,
}

impl Registers {
    fn of(repository: &Repository) -> Registers {
        let mut registers = Registers::default();
        for party in repository.entries(EntryClass::Party).iter() {
            let Some(id) = id_of(party) else {
                continue;
            };
            for requirement in list_maps(party, "requirements") {
                if let Some(rid) = id_of(&requirement) {
                    registers
                        .requirements
                        .entry(rid)
                        .or_insert_with(|| read(&requirement, Some(id.clone()), &[]));
                }
            }
            registers
                .parties
                .entry(id)
                .or_insert_with(|| read(party, None, &["requirements"]));
        }
        registers
    }
}

/// An entry's fields, but those left out, as canonical text.
fn read(entry: &NodeRef, party: Option<String>, left_out: &[&str]) -> Read {
    let doc = &entry.doc.doc;
    let mut fields = BTreeMap::new();
    if let NodeKind::Map(pairs) = &doc.node(entry.id).kind {
        for &(key, value) in pairs {
            let Some(key) = doc.scalar_text(key) else {
                continue;
            };
            if !left_out.contains(&key) {
                fields
                    .entry(key.to_owned())
                    .or_insert_with(|| canonical(doc, value));
            }
        }
    }
    Read {
        node: entry.clone(),
        party,
        fields,
    }
}

/// A value as YAML reads it, whatever its layout: scalars resolved (`yes` and `"yes"`
/// differ, `[a, b]` and a block list do not), mapping keys sorted.
fn canonical(doc: &Document, id: NodeId) -> String {
    match &doc.node(id).kind {
        NodeKind::Scalar(_) => match doc.resolved(id) {
            Some(Resolved::Null) | None => "null".to_owned(),
            Some(Resolved::Bool(b)) => b.to_string(),
            Some(Resolved::Int(i)) => i.to_string(),
            Some(Resolved::Float(f)) => f.to_string(),
            Some(Resolved::Str(s)) => format!("{s:?}"),
        },
        NodeKind::List(items) => {
            let items: Vec<String> = items.iter().map(|&i| canonical(doc, i)).collect();
            format!("[{}]", items.join(","))
        }
        NodeKind::Map(pairs) => {
            let sorted: BTreeMap<String, String> = pairs
                .iter()
                .map(|&(k, v)| (canonical(doc, k), canonical(doc, v)))
                .collect();
            let pairs: Vec<String> = sorted
                .into_iter()
                .map(|(k, v)| format!("{k}:{v}"))
                .collect();
            format!("{{{}}}", pairs.join(","))
        }
    }
}

/// The ids a requirement's `addressed_by` names, in order.
fn addressed_by(entry: &NodeRef) -> Vec<String> {
    let Some(list) = entry.get("addressed_by") else {
        return Vec::new();
    };
    let doc = &list.doc.doc;
    match &doc.node(list.id).kind {
        NodeKind::List(items) => items
            .iter()
            .filter_map(|&i| doc.string(i).map(str::to_owned))
            .collect(),
        _ => doc.string(list.id).map(str::to_owned).into_iter().collect(),
    }
}

/// The controls among a requirement's `addressed_by`, sorted.
fn controls_of(entry: &NodeRef, repository: &Repository) -> Vec<String> {
    let ids: BTreeSet<String> = addressed_by(entry)
        .into_iter()
        .filter(|id| {
            repository
                .definitions_of(id)
                .iter()
                .any(|d| d.class == EntryClass::Control)
        })
        .collect();
    ids.into_iter().collect()
}

/// Whether a requirement is legal or regulatory and names no legal source.
fn is_legal_without_ref(entry: &NodeRef) -> bool {
    let kind = entry
        .get("type")
        .and_then(|t| t.doc.doc.string(t.id).map(str::to_ascii_lowercase));
    let is_legal = matches!(kind.as_deref(), Some("legal" | "regulatory"));
    let has_ref = entry
        .get("legal_ref")
        .is_some_and(|r| !r.doc.doc.is_null(r.id) && r.doc.doc.string(r.id).is_some());
    is_legal && !has_ref
}

/// Whether a control says `applicable: true` (`Some(false)` for `false`).
fn applicable(entry: &NodeRef) -> Option<bool> {
    let value = entry.get("applicable")?;
    match value.doc.doc.resolved(value.id)? {
        Resolved::Bool(b) => Some(b),
        _ => None,
    }
}

/// The change record of an entry.
fn change(read: &Read, title_key: &str, fields: Vec<String>, side: &Side) -> EntryChange {
    EntryChange {
        id: id_of(&read.node).unwrap_or_default(),
        title: field_text(&read.node, title_key),
        party: read.party.clone(),
        fields,
        place: Place::of(&read.node, &side.report().sources),
    }
}

/// Entries of one class added, removed and changed.
fn changes(
    base: &BTreeMap<String, Read>,
    base_side: Option<&Side>,
    head: &BTreeMap<String, Read>,
    head_side: &Side,
    title_key: &str,
) -> Changes {
    let mut out = Changes::default();
    for (id, now) in head {
        match base.get(id) {
            None => out
                .added
                .push(change(now, title_key, Vec::new(), head_side)),
            Some(was) => {
                let keys: BTreeSet<&String> = was.fields.keys().chain(now.fields.keys()).collect();
                let fields: Vec<String> = keys
                    .into_iter()
                    .filter(|k| was.fields.get(*k) != now.fields.get(*k))
                    .cloned()
                    .collect();
                if !fields.is_empty() {
                    out.changed.push(change(now, title_key, fields, head_side));
                }
            }
        }
    }
    if let Some(base_side) = base_side {
        for (id, was) in base {
            if !head.contains_key(id) {
                out.removed
                    .push(change(was, title_key, Vec::new(), base_side));
            }
        }
    }
    out
}

/// The active findings of a side's repository.
fn active(side: &Side) -> impl Iterator<Item = &crate::Diagnostic> {
    side.report()
        .diagnostics
        .iter()
        .filter(|d| d.is_active() && d.repository == Some(side.index))
}

/// The active findings of `side` that `other` does not have, matched by fingerprint.
fn unmatched(side: &Side, other: Option<&Side>, cwd: &Path) -> Vec<Finding> {
    let mut others = Occurrences::default();
    if let Some(other) = other {
        others.extend(other.report(), active(other), cwd);
    }
    let report = side.report();
    let mut found: Vec<Finding> = active(side)
        .filter(|d| fingerprint(report, d, cwd).is_some_and(|f| !others.take(&f)))
        .map(|d| Finding {
            rule: d.name.clone(),
            place: d
                .primary
                .as_ref()
                .map(|p| Place::at(p.file, p.span.start, &report.sources)),
            severity: d.severity.as_str(),
            entry: d.entry.clone(),
            message: d.message.clone(),
        })
        .collect();
    found.sort();
    found
}

/// The diff of two sides (`base` is `None` when the base revision lacks the repository).
fn compare(
    base: Option<&Side>,
    head: &Side,
    cwd: &Path,
    base_rev: String,
    head_rev: String,
) -> Diff {
    let was = base.map_or_else(Registers::default, |b| Registers::of(&b.repository));
    let now = Registers::of(&head.repository);
    let parties = changes(&was.parties, base, &now.parties, head, "name");
    let requirements = changes(
        &was.requirements,
        base,
        &now.requirements,
        head,
        "description",
    );

    let mut lost_last_control = Vec::new();
    let mut legal_without_ref = Vec::new();
    for (id, req) in &now.requirements {
        let before = was.requirements.get(id);
        if let (Some(before), Some(base)) = (before, base) {
            let had = controls_of(&before.node, &base.repository);
            if !had.is_empty() && controls_of(&req.node, &head.repository).is_empty() {
                lost_last_control.push(LostControl {
                    id: id.clone(),
                    party: req.party.clone(),
                    controls: had,
                    place: Place::of(&req.node, &head.report().sources),
                });
            }
        }
        if is_legal_without_ref(&req.node) && !before.is_some_and(|b| is_legal_without_ref(&b.node))
        {
            legal_without_ref.push(change(req, "description", Vec::new(), head));
        }
    }

    let mut relying: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (id, req) in &now.requirements {
        for control in addressed_by(&req.node) {
            relying.entry(control).or_default().insert(id.clone());
        }
    }
    let mut not_applicable = Vec::new();
    if let Some(base) = base {
        let mut seen = BTreeSet::new();
        for control in head.repository.entries(EntryClass::Control).iter() {
            let Some(id) = id_of(control) else {
                continue;
            };
            if !seen.insert(id.clone()) || applicable(control) != Some(false) {
                continue;
            }
            let was_applicable = base
                .repository
                .definitions_of(&id)
                .iter()
                .find(|d| d.class == EntryClass::Control)
                .is_some_and(|d| applicable(&d.entry) == Some(true));
            if was_applicable {
                not_applicable.push(NotApplicable {
                    title: field_text(control, "title"),
                    relied_on_by: relying
                        .get(&id)
                        .map(|s| s.iter().cloned().collect())
                        .unwrap_or_default(),
                    place: Place::of(control, &head.report().sources),
                    id,
                });
            }
        }
        not_applicable.sort_by(|a, b| a.id.cmp(&b.id));
    }

    let findings = Findings {
        introduced: unmatched(head, base, cwd),
        fixed: base.map_or_else(Vec::new, |b| unmatched(b, Some(head), cwd)),
    };
    Diff {
        version: 1,
        repository: head.repository.name.clone(),
        base: base_rev,
        head: head_rev,
        parties,
        requirements,
        lost_last_control,
        not_applicable,
        legal_without_ref,
        findings,
    }
}
