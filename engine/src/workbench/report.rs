//! `reglint report --html`: one repository's state for a management review, gathered.
//!
//! An ISMS owner attaching evidence to a management review (clause 9.3) needs, in one
//! document: what the check found, grouped by clause and severity; who the interested
//! parties are and how much they matter; which requirement rests on which control,
//! objective or risk; which addressed requirement leans on a control that is excluded or
//! only planned; which registers are due for review; and which exceptions are in force or
//! lapsed. [`Review::of`] reads all of it from the repository and the check's report, as
//! `check` loaded and silenced it; `html.rs` lays it out as one self-contained page.
//! Separate from the layout because what is gathered and how it is shown change for
//! different reasons; nothing here decides what is wrong (the findings are the check's).

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use super::coverage::{clause_order, split_clauses};
use super::{Place, field_text, id_of};
use crate::date::Date;
use crate::diagnostic::{Severity, SuppressionKind};
use crate::model::{EntryClass, Kind, NodeRef, Repository, list_maps};
use crate::rule::RuleMeta;
use crate::run::Report;
use crate::source::SourceMap;
use crate::yaml::NodeKind;

mod html;

pub use html::render_html;

/// Days before its due date that a review is shown as due soon.
pub const DUE_SOON_DAYS: i64 = 60;

/// The lines of context a snippet shows around the lines a finding points at, and the most
/// lines of the finding itself it shows.
const CONTEXT_LINES: usize = 1;
const MAX_SNIPPET_LINES: usize = 6;

/// Everything the management-review report shows of one repository.
#[derive(Debug, Clone)]
pub struct Review {
    /// The repository's name, as the report names it.
    pub repository: String,
    /// The reference date the check ran with (`--today`, `today:`, or the clock).
    pub today: Date,
    /// The reglint version that made the report.
    pub version: &'static str,
    /// The findings, grouped by clause in the standard's order.
    pub clauses: Vec<ClauseFindings>,
    /// Every interested party, in register order.
    pub parties: Vec<Party>,
    /// Every requirement with what addresses it, in register order.
    pub requirements: Vec<Requirement>,
    /// Addressed requirements citing a control that is not applicable or only planned.
    pub weak_links: Vec<WeakLink>,
    /// Every register document with its review dates, most urgent first.
    pub reviews: Vec<ReviewDate>,
    /// Every exception of the risk-acceptance register, with its state.
    pub exceptions: Vec<Exception>,
    /// Every inline suppression, with its state.
    pub suppressions: Vec<Suppression>,
}

/// The findings filed under one clause.
#[derive(Debug, Clone)]
pub struct ClauseFindings {
    /// The clause as the standard numbers it (`4.2 c)`), or `None` for rules that name none.
    pub clause: Option<String>,
    /// Its findings, errors first, then warnings, then infos, each in report order.
    pub findings: Vec<Finding>,
}

/// One finding of the check.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule's code.
    pub code: String,
    /// The rule's name.
    pub name: String,
    /// Its severity.
    pub severity: Severity,
    /// The message.
    pub message: String,
    /// The register entry it is filed under.
    pub entry: Option<String>,
    /// Where it points.
    pub place: Option<Place>,
    /// The lines it points at, with a little context.
    pub snippet: Vec<SnippetLine>,
    /// The help, when the rule gave one.
    pub help: Option<String>,
    /// What silenced it (`inline`, `exception`, `baseline`, `withheld`), if anything did.
    pub silenced: Option<&'static str>,
}

/// A line of a source snippet.
#[derive(Debug, Clone)]
pub struct SnippetLine {
    /// Its 1-based number.
    pub number: usize,
    /// Its text, as written.
    pub text: String,
    /// Whether the finding points at it.
    pub marked: bool,
}

/// An interested party and its rating.
#[derive(Debug, Clone)]
pub struct Party {
    /// Its id.
    pub id: String,
    /// Its name, as written.
    pub name: Option<String>,
    /// `internal`, `external` or `interface`, as written.
    pub category: Option<String>,
    /// Influence (power): `high`, `medium` or `low`, as written.
    pub influence: Option<String>,
    /// Interest: `high`, `medium` or `low`, as written.
    pub interest: Option<String>,
    /// Support: `supportive`, `neutral` or `resistant`, as written.
    pub support: Option<String>,
    /// Whether it is determined relevant, as written.
    pub relevant: Option<String>,
    /// How many requirements it lists.
    pub requirements: usize,
    /// Where it is defined.
    pub place: Place,
}

impl Party {
    /// Its position on a three-step scale (`low` 0, `medium` 1, `high` 2) for influence
    /// and interest; `None` when either is missing or not one of the three.
    pub fn grid_cell(&self) -> Option<(usize, usize)> {
        let step = |value: &Option<String>| match value.as_deref() {
            Some("low") => Some(0),
            Some("medium") => Some(1),
            Some("high") => Some(2),
            _ => None,
        };
        Some((step(&self.influence)?, step(&self.interest)?))
    }
}

/// A requirement and what it cites.
#[derive(Debug, Clone)]
pub struct Requirement {
    /// Its id (empty when it has none).
    pub id: String,
    /// The party listing it.
    pub party: Option<String>,
    /// Its type, as written.
    pub kind: Option<String>,
    /// Its description, as written.
    pub description: Option<String>,
    /// `addressed`, as written.
    pub addressed: Option<String>,
    /// Its `addressed_by` ids, in the order written, each with what it names.
    pub addressed_by: Vec<Cited>,
    /// Its `legal_ref`, as written.
    pub legal_ref: Option<String>,
}

/// An id a requirement cites and what the repository defines it as.
#[derive(Debug, Clone)]
pub struct Cited {
    /// The id.
    pub id: String,
    /// What defines it (`None` when nothing does).
    pub class: Option<EntryClass>,
}

/// An addressed requirement resting on a control that does not protect yet.
#[derive(Debug, Clone)]
pub struct WeakLink {
    /// The requirement.
    pub requirement: String,
    /// Its party.
    pub party: Option<String>,
    /// The control.
    pub control: String,
    /// The control's title.
    pub title: Option<String>,
    /// `not applicable` or `planned`.
    pub state: &'static str,
    /// Where the control is defined.
    pub place: Place,
}

/// A register document's review dates.
#[derive(Debug, Clone)]
pub struct ReviewDate {
    /// Its kind.
    pub kind: &'static str,
    /// Its owner, as written.
    pub owner: Option<String>,
    /// `last_reviewed`, as written.
    pub last_reviewed: Option<String>,
    /// The interval in months (12 when missing or not a positive whole number).
    pub interval: i64,
    /// When the next review is due (`None` without a valid `last_reviewed`).
    pub due: Option<Date>,
    /// `overdue`, `due soon`, `current` or `no valid review date`.
    pub state: &'static str,
    /// Where the document starts.
    pub place: Place,
}

/// An exception of the risk-acceptance register.
#[derive(Debug, Clone)]
pub struct Exception {
    /// Its id.
    pub id: String,
    /// The rules it silences.
    pub rules: Vec<String>,
    /// The register ids it covers.
    pub targets: Vec<String>,
    /// Why.
    pub reason: String,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// When.
    pub approved_on: Option<String>,
    /// Until when.
    pub expires: Option<String>,
    /// `active`, `expired`, `unused` or `invalid`.
    pub state: &'static str,
    /// Where it is written.
    pub place: Place,
}

/// An inline suppression comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// The rules it silences.
    pub rules: Vec<String>,
    /// Why.
    pub reason: String,
    /// Whether it covers its whole file.
    pub file_wide: bool,
    /// `active` or `unused`.
    pub state: &'static str,
    /// Where it is written.
    pub place: Place,
}

impl Review {
    /// Gathers the report of the repository at position `repo` of the check's report.
    pub fn of(report: &Report, repo: usize, repository: &Repository) -> Review {
        let sources = &report.sources;
        let parties: Vec<Party> = repository
            .entries(EntryClass::Party)
            .iter()
            .filter_map(|p| party(p, sources))
            .collect();
        let requirements = requirements(repository);
        let weak_links = weak_links(&requirements, repository, sources);
        let mut exceptions = Vec::new();
        let mut suppressions = Vec::new();
        for d in report.deviations.iter().filter(|d| d.repository == repo) {
            let place = Place::at(d.file, d.span.start, sources);
            match d.kind {
                SuppressionKind::Exception => exceptions.push(Exception {
                    id: d.id.clone().unwrap_or_default(),
                    rules: d.rules.clone(),
                    targets: d.targets.clone(),
                    reason: d.reason.clone(),
                    approved_by: d.approved_by.clone(),
                    approved_on: d.approved_on.clone(),
                    expires: d.expires.clone(),
                    state: d.state.as_str(),
                    place,
                }),
                _ => suppressions.push(Suppression {
                    rules: d.rules.clone(),
                    reason: d.reason.clone(),
                    file_wide: d.is_file_wide,
                    state: d.state.as_str(),
                    place,
                }),
            }
        }
        exceptions.sort_by(|a, b| (&a.place, &a.id).cmp(&(&b.place, &b.id)));
        suppressions.sort_by(|a, b| a.place.cmp(&b.place));
        Review {
            repository: shown_name(repository),
            today: repository.today,
            version: env!("CARGO_PKG_VERSION"),
            clauses: findings(report, repo),
            parties,
            requirements,
            weak_links,
            reviews: reviews(repository, sources),
            exceptions,
            suppressions,
        }
    }

    /// The findings the check counts (not silenced), by severity: errors, warnings, infos.
    pub fn counts(&self) -> [usize; 3] {
        let mut counts = [0; 3];
        for f in self.clauses.iter().flat_map(|c| &c.findings) {
            if f.silenced.is_none() {
                counts[severity_rank(f.severity)] += 1;
            }
        }
        counts
    }
}

/// The repository's name as the report shows it: as `check` names it, or, for the current
/// directory (`.`), its folder's name.
fn shown_name(repository: &Repository) -> String {
    if repository.name != "." {
        return repository.name.clone();
    }
    repository.root.file_name().map_or_else(
        || repository.name.clone(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn severity_rank(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// The repository's findings, grouped by the first clause their rule names.
fn findings(report: &Report, repo: usize) -> Vec<ClauseFindings> {
    let rules: HashMap<&str, &RuleMeta> =
        report.rules.iter().map(|r| (r.name.as_str(), r)).collect();
    let mut groups: BTreeMap<Option<String>, Vec<Finding>> = BTreeMap::new();
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.repository == Some(repo))
    {
        let clause = rules
            .get(d.name.as_str())
            .and_then(|r| split_clauses(&r.clause).into_iter().next());
        let (place, snippet) = match &d.primary {
            Some(label) => (
                Some(Place::at(label.file, label.span.start, &report.sources)),
                snippet(&report.sources, label.file, &label.span),
            ),
            None => (None, Vec::new()),
        };
        groups.entry(clause).or_default().push(Finding {
            code: d.code.clone(),
            name: d.name.clone(),
            severity: d.severity,
            message: d.message.clone(),
            entry: d.entry.clone(),
            place,
            snippet,
            help: d.help.clone(),
            silenced: d.suppressed.as_ref().map(|s| s.kind.as_str()),
        });
    }
    let mut clauses: Vec<ClauseFindings> = groups
        .into_iter()
        .map(|(clause, mut findings)| {
            // Stable: the report's order within each severity.
            findings.sort_by_key(|f| severity_rank(f.severity));
            ClauseFindings { clause, findings }
        })
        .collect();
    clauses.sort_by(|a, b| match (&a.clause, &b.clause) {
        (Some(a), Some(b)) => clause_order(a, b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
    clauses
}

/// The lines a span covers (at most [`MAX_SNIPPET_LINES`]) with a line of context each side.
fn snippet(sources: &SourceMap, file: usize, span: &std::ops::Range<usize>) -> Vec<SnippetLine> {
    let source = sources.get(file);
    let first = source.line_index(span.start);
    let last = source
        .line_index(span.end.saturating_sub(1).max(span.start))
        .min(first + MAX_SNIPPET_LINES - 1);
    let from = first.saturating_sub(CONTEXT_LINES);
    let mut lines = Vec::new();
    for line in from..=last + CONTEXT_LINES {
        let Some(range) = source.line_range(line) else {
            break;
        };
        let text = source.text.get(range).unwrap_or_default();
        lines.push(SnippetLine {
            number: line + 1,
            text: text.to_owned(),
            marked: (first..=last).contains(&line),
        });
    }
    lines
}

fn party(entry: &NodeRef, sources: &SourceMap) -> Option<Party> {
    Some(Party {
        id: id_of(entry)?,
        name: field_text(entry, "name"),
        category: field_text(entry, "category"),
        influence: field_text(entry, "influence"),
        interest: field_text(entry, "interest"),
        support: field_text(entry, "support"),
        relevant: field_text(entry, "relevant"),
        requirements: list_maps(entry, "requirements").len(),
        place: Place::of(entry, sources),
    })
}

/// Every requirement listed under a party, in register order, with what it cites.
fn requirements(repository: &Repository) -> Vec<Requirement> {
    let mut out = Vec::new();
    for party in repository.entries(EntryClass::Party).iter() {
        let party_id = id_of(party);
        for requirement in list_maps(party, "requirements") {
            let mut addressed_by = Vec::new();
            if let Some(list) = requirement.get("addressed_by") {
                if let NodeKind::List(items) = &list.doc.doc.node(list.id).kind {
                    for &item in items {
                        let Some(id) = list.doc.doc.string(item) else {
                            continue;
                        };
                        addressed_by.push(Cited {
                            class: repository.lookup(id).map(|d| d.class),
                            id: id.to_owned(),
                        });
                    }
                }
            }
            out.push(Requirement {
                id: id_of(&requirement).unwrap_or_default(),
                party: party_id.clone(),
                kind: field_text(&requirement, "type"),
                description: field_text(&requirement, "description"),
                addressed: field_text(&requirement, "addressed"),
                addressed_by,
                legal_ref: field_text(&requirement, "legal_ref"),
            });
        }
    }
    out
}

/// The addressed requirements citing a control marked not applicable or planned.
fn weak_links(
    requirements: &[Requirement],
    repository: &Repository,
    sources: &SourceMap,
) -> Vec<WeakLink> {
    let mut out = Vec::new();
    for r in requirements
        .iter()
        .filter(|r| r.addressed.as_deref() == Some("true"))
    {
        for cited in &r.addressed_by {
            let Some(definition) = repository.lookup(&cited.id) else {
                continue;
            };
            if definition.class != EntryClass::Control {
                continue;
            }
            let control = &definition.entry;
            let state = if field_text(control, "applicable").as_deref() == Some("false") {
                "not applicable"
            } else if field_text(control, "status").as_deref() == Some("planned") {
                "planned"
            } else {
                continue;
            };
            out.push(WeakLink {
                requirement: r.id.clone(),
                party: r.party.clone(),
                control: cited.id.clone(),
                title: field_text(control, "title"),
                state,
                place: Place::of(control, sources),
            });
        }
    }
    out
}

/// The registers whose reviews `stale-review` checks, with their due dates, most urgent
/// first (no valid date, then by due date).
fn reviews(repository: &Repository, sources: &SourceMap) -> Vec<ReviewDate> {
    let today = repository.today;
    let mut out = Vec::new();
    for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::Exceptions) {
        for doc in repository.documents(kind) {
            let last_reviewed = field_text(&doc, "last_reviewed");
            let interval = field_text(&doc, "review_interval_months")
                .and_then(|t| t.parse::<i64>().ok())
                .filter(|months| *months > 0)
                .unwrap_or(12);
            let due = last_reviewed
                .as_deref()
                .and_then(Date::parse)
                .filter(|last| last.to_days() <= today.to_days())
                .and_then(|last| last.add_months(interval));
            let state = match due {
                None => "no valid review date",
                Some(due) if due.to_days() < today.to_days() => "overdue",
                Some(due) if due.to_days() - today.to_days() <= DUE_SOON_DAYS => "due soon",
                Some(_) => "current",
            };
            out.push(ReviewDate {
                kind: kind.as_str(),
                owner: field_text(&doc, "owner"),
                last_reviewed,
                interval,
                due,
                state,
                place: Place::of(&doc, sources),
            });
        }
    }
    out.sort_by(|a, b| {
        let key = |r: &ReviewDate| (r.due.map(Date::to_days), r.place.clone());
        key(a).cmp(&key(b))
    });
    out
}
