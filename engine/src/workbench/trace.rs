//! `reglint explain <id>`: one register id followed through the repository.
//!
//! An auditor sampling a requirement asks the same questions every time: whose requirement
//! is it, what addresses it, is that control applicable and implemented, which law does it
//! come from, who else cites it, and is anything wrong or waived along the way. [`trace`]
//! answers them from the repository index and the check's findings, each link with its
//! `file:line`; `render.rs` prints the answer ([`render_human`], [`render_json`]). Nothing
//! here decides what is wrong: the findings are the check's, silenced ones marked as the
//! check marked them.

use std::collections::{BTreeSet, HashSet};
use std::ops::Range;

use serde::Serialize;

use super::{Place, field_text, id_of};
use crate::diagnostic::Diagnostic;
use crate::model::{Definition, EntryClass, NodeRef, Repository, list_maps};
use crate::render::escape;
use crate::report::Deviation;
use crate::run::Report;
use crate::source::SourceMap;
use crate::yaml::{NodeKind, Slot};

mod render;

pub use render::{render_human, render_json};

/// Everything known about one id.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    /// The id asked about.
    pub id: String,
    /// Where it is defined (several places when it is defined more than once; none when it
    /// is only cited).
    pub definitions: Vec<Entry>,
    /// When nothing defines it: the closest id that something does.
    pub did_you_mean: Option<String>,
    /// The chain through it, party by party.
    pub chain: Vec<PartyLink>,
    /// Every place that cites it.
    pub cited_by: Vec<Citation>,
    /// The check's findings on any entry of the chain, silenced ones included.
    pub findings: Vec<Finding>,
    /// The inline suppressions and exceptions written for entries of the chain.
    pub deviations: Vec<DeviationLink>,
}

/// A defined entry.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Its id.
    pub id: String,
    /// What it is (`party`, `requirement`, `control`...).
    pub class: &'static str,
    /// Where it starts.
    #[serde(flatten)]
    pub place: Place,
    /// The fields an auditor reads first (name or title; a control's applicability and
    /// status; a requirement's type and decision), as written, in a fixed order (a JSON
    /// object in that order).
    #[serde(serialize_with = "facts_as_map")]
    pub facts: Vec<Fact>,
}

/// One field of an entry, as written.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    /// The key.
    pub key: &'static str,
    /// The value's text.
    pub value: String,
}

fn facts_as_map<S: serde::Serializer>(facts: &[Fact], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_map(facts.iter().map(|f| (f.key, &f.value)))
}

/// A party of the chain with its requirements in it.
#[derive(Debug, Clone, Serialize)]
pub struct PartyLink {
    /// The party (`None` when the requirement sits outside a party entry with an id).
    pub party: Option<Entry>,
    /// Its requirements on the chain.
    pub requirements: Vec<RequirementLink>,
}

/// A requirement of the chain, with what it cites.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementLink {
    /// The requirement.
    pub requirement: Entry,
    /// Its `addressed_by` ids on the chain, in the order written.
    pub addressed_by: Vec<Target>,
    /// Its `legal_ref`, when on the chain.
    pub legal_ref: Option<Target>,
}

/// An id a requirement cites, and what it names.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    /// The id as written.
    pub id: String,
    /// Where it is cited.
    pub cited_at: Place,
    /// What defines it; empty when nothing does (a broken reference).
    pub definitions: Vec<Entry>,
    /// Whether nothing defines it.
    pub broken: bool,
}

/// A place citing the id.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    /// The requirement citing it (`None` when that requirement has no id).
    pub requirement: Option<String>,
    /// The field: `addressed_by` or `legal_ref`.
    pub field: &'static str,
    /// Where.
    #[serde(flatten)]
    pub place: Place,
}

/// A finding of the check on an entry of the chain.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The rule's code.
    pub code: String,
    /// The rule's name.
    pub name: String,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// The message.
    pub message: String,
    /// The entry it is filed under.
    pub entry: Option<String>,
    /// Where it points.
    pub place: Option<Place>,
    /// What silenced it: `inline`, `exception`, `baseline` or `withheld`.
    pub suppressed: Option<&'static str>,
    /// The reason given for silencing it.
    pub reason: Option<String>,
}

/// An inline suppression or exception written for an entry of the chain.
#[derive(Debug, Clone, Serialize)]
pub struct DeviationLink {
    /// `inline` or `exception`.
    pub kind: &'static str,
    /// The exception's id.
    pub id: Option<String>,
    /// The rules it silences.
    pub rules: Vec<String>,
    /// The register ids an exception covers.
    pub targets: Vec<String>,
    /// Why.
    pub reason: String,
    /// Whether it applies: `active`, `expired`, `unused` or `invalid`.
    pub state: &'static str,
    /// Where it is written.
    #[serde(flatten)]
    pub place: Place,
}

/// Follows `id` through the repository at position `repo` of the report: `None` when
/// nothing defines or cites it.
pub fn trace(report: &Report, repo: usize, repository: &Repository, id: &str) -> Option<Trace> {
    let definitions = repository.definitions_of(id);
    let citations = repository.citations_of(id);
    if definitions.is_empty() && citations.is_empty() {
        return None;
    }
    let sources = &report.sources;
    let mut owned: Vec<Owned> = definitions.iter().map(|d| own_span(&d.entry)).collect();
    let chain = chain(id, repository, sources, &mut owned);
    let ids: HashSet<&str> = owned.iter().filter_map(|o| o.id.as_deref()).collect();
    let findings = report
        .diagnostics
        .iter()
        .filter(|d| d.repository == Some(repo))
        .filter(|d| d.entry.as_deref().is_some_and(|e| ids.contains(e)))
        .map(|d| finding(d, sources))
        .collect();
    let deviations = report
        .deviations
        .iter()
        .filter(|d| d.repository == repo && covers(d, &owned, &ids, sources))
        .map(|d| deviation(d, sources))
        .collect();
    let did_you_mean = if definitions.is_empty() {
        let candidates: BTreeSet<&str> = repository
            .index
            .definitions
            .keys()
            .map(String::as_str)
            .collect();
        crate::suggest::did_you_mean(id, candidates).map(str::to_owned)
    } else {
        None
    };
    Some(Trace {
        id: id.to_owned(),
        definitions: definitions
            .iter()
            .map(|d| entry(&d.entry, d.class, sources))
            .collect(),
        did_you_mean,
        chain,
        cited_by: citations.iter().map(|n| citation(n, sources)).collect(),
        findings,
        deviations,
    })
}

/// An entry of the chain: its file, the span of its own fields and its id. Findings filed
/// under the id and deviations written in the span belong to the trace.
struct Owned {
    file: usize,
    span: Range<usize>,
    id: Option<String>,
}

/// The chain through `id`, party by party. Down from a party or a requirement, every id its
/// requirements cite; up from anything else, the requirements citing `id` and only that
/// link. Each entry met joins `owned`.
fn chain(
    id: &str,
    repository: &Repository,
    sources: &SourceMap,
    owned: &mut Vec<Owned>,
) -> Vec<PartyLink> {
    let definitions = repository.definitions_of(id);
    let is_down = matches!(
        definitions.first().map(|d| d.class),
        Some(EntryClass::Party | EntryClass::Requirement)
    );
    // The requirements the chain runs through, in path order, each once.
    let mut requirements: Vec<NodeRef> = Vec::new();
    for definition in definitions {
        match definition.class {
            EntryClass::Requirement => requirements.push(definition.entry.clone()),
            EntryClass::Party => requirements.extend(list_maps(&definition.entry, "requirements")),
            _ => {}
        }
    }
    if !is_down {
        let citing = repository.citations_of(id).iter();
        requirements.extend(citing.filter_map(enclosing_map));
    }
    let mut seen = HashSet::new();
    requirements.retain(|r| seen.insert((r.doc.file, r.doc.index, r.id)));

    let mut chain: Vec<PartyLink> = Vec::new();
    let mut parties: Vec<Option<(usize, usize, u32)>> = Vec::new();
    for requirement in &requirements {
        let mut cited = |key: &str| -> Vec<Target> {
            targets(requirement, key, id, is_down)
                .iter()
                .map(|n| target(n, repository, sources, owned))
                .collect()
        };
        let link = RequirementLink {
            addressed_by: cited("addressed_by"),
            legal_ref: cited("legal_ref").into_iter().next(),
            requirement: entry(requirement, EntryClass::Requirement, sources),
        };
        owned.push(own_span(requirement));
        let party = party_of(requirement);
        let key = party.as_ref().map(|p| (p.doc.file, p.doc.index, p.id));
        match parties.iter().position(|k| *k == key) {
            Some(i) => chain[i].requirements.push(link),
            None => {
                owned.extend(party.as_ref().map(own_span));
                parties.push(key);
                chain.push(PartyLink {
                    party: party.map(|p| entry(&p, EntryClass::Party, sources)),
                    requirements: vec![link],
                });
            }
        }
    }
    chain
}

/// A place citing the id: the requirement and the field it is cited in.
fn citation(node: &NodeRef, sources: &SourceMap) -> Citation {
    Citation {
        requirement: enclosing_map(node).and_then(|r| id_of(&r)),
        field: if matches!(node.doc.doc.node(node.id).slot, Slot::Item(_)) {
            "addressed_by"
        } else {
            "legal_ref"
        },
        place: Place::of(node, sources),
    }
}

fn deviation(d: &Deviation, sources: &SourceMap) -> DeviationLink {
    DeviationLink {
        kind: d.kind.as_str(),
        id: d.id.clone(),
        rules: d.rules.clone(),
        targets: d.targets.clone(),
        reason: d.reason.clone(),
        state: d.state.as_str(),
        place: Place::at(d.file, d.span.start, sources),
    }
}

/// The ids of a requirement's field on the chain: all of them when the chain runs down from
/// the requirement or its party, else only the id asked about.
fn targets(requirement: &NodeRef, key: &str, id: &str, all: bool) -> Vec<NodeRef> {
    let Some(value) = requirement.get(key) else {
        return Vec::new();
    };
    let doc = &value.doc.doc;
    let nodes: Vec<NodeRef> = match &doc.node(value.id).kind {
        NodeKind::List(items) => items.iter().map(|&i| value.with(i)).collect(),
        NodeKind::Scalar(_) if key == "legal_ref" => vec![value.clone()],
        _ => Vec::new(),
    };
    nodes
        .into_iter()
        .filter(|n| n.doc.doc.string(n.id).is_some_and(|text| all || text == id))
        .collect()
}

/// A cited id and what defines it; the definitions join the trace's entries.
fn target(
    node: &NodeRef,
    repository: &Repository,
    sources: &SourceMap,
    owned: &mut Vec<Owned>,
) -> Target {
    let id = node.doc.doc.string(node.id).unwrap_or_default().to_owned();
    let definitions: Vec<&Definition> = repository.definitions_of(&id).iter().collect();
    owned.extend(definitions.iter().map(|d| own_span(&d.entry)));
    Target {
        broken: definitions.is_empty(),
        definitions: definitions
            .iter()
            .map(|d| entry(&d.entry, d.class, sources))
            .collect(),
        cited_at: Place::of(node, sources),
        id,
    }
}

/// An entry with its facts.
fn entry(node: &NodeRef, class: EntryClass, sources: &SourceMap) -> Entry {
    let keys: &[&'static str] = match class {
        EntryClass::Party => &["name", "category", "relationship", "relevant"],
        EntryClass::Requirement => &["type", "addressed", "source"],
        EntryClass::Control => &["title", "applicable", "status"],
        EntryClass::LegalEntry => &["title", "jurisdiction"],
        _ => &["title"],
    };
    Entry {
        id: id_of(node).unwrap_or_default(),
        class: class.as_str(),
        place: Place::of(node, sources),
        facts: keys
            .iter()
            .filter_map(|&key| field_text(node, key).map(|value| Fact { key, value }))
            .collect(),
    }
}

/// The mapping a node belongs to: the requirement of an `addressed_by` item or `legal_ref`.
fn enclosing_map(node: &NodeRef) -> Option<NodeRef> {
    let doc = &node.doc.doc;
    let mut current = doc.node(node.id).parent;
    while let Some(id) = current {
        if matches!(doc.node(id).kind, NodeKind::Map(_)) {
            return Some(node.with(id));
        }
        current = doc.node(id).parent;
    }
    None
}

/// The party a requirement is listed under: the mapping holding its `requirements` list.
fn party_of(requirement: &NodeRef) -> Option<NodeRef> {
    let doc = &requirement.doc.doc;
    let list = doc.node(requirement.id).parent?;
    let party = doc.node(list).parent?;
    matches!(doc.node(party).kind, NodeKind::Map(_)).then(|| requirement.with(party))
}

/// An entry's file, the span of its own fields (a party's ends where its requirements
/// begin, so their directives are not the party's), and its id.
fn own_span(node: &NodeRef) -> Owned {
    let doc = &node.doc.doc;
    let span = doc.node(node.id).span.clone();
    let end = doc
        .entry(node.id, "requirements")
        .map_or(span.end, |(key, _)| doc.node(key).span.start);
    Owned {
        file: node.doc.file,
        span: span.start..end,
        id: id_of(node),
    }
}

/// Whether a deviation is written for an entry of the chain: an exception naming one of
/// its ids, a comment on one of the lines of its own fields or on the line just above, or a
/// file-wide comment in one of their files.
fn covers(
    deviation: &Deviation,
    owned: &[Owned],
    ids: &HashSet<&str>,
    sources: &SourceMap,
) -> bool {
    if deviation.targets.iter().any(|t| ids.contains(t.as_str())) {
        return true;
    }
    if deviation.kind != crate::diagnostic::SuppressionKind::Inline {
        return false;
    }
    let source = sources.get(deviation.file);
    let line = source.line_index(deviation.span.start);
    owned.iter().any(|o| {
        o.file == deviation.file
            && (deviation.is_file_wide || {
                let first = source.line_index(o.span.start);
                let last = source.line_index(o.span.end.saturating_sub(1).max(o.span.start));
                (first.saturating_sub(1)..=last).contains(&line)
            })
    })
}

fn finding(d: &Diagnostic, sources: &SourceMap) -> Finding {
    Finding {
        code: d.code.clone(),
        name: d.name.clone(),
        severity: d.severity.as_str(),
        message: d.message.clone(),
        entry: d.entry.clone(),
        place: d
            .primary
            .as_ref()
            .map(|p| Place::at(p.file, p.span.start, sources)),
        suppressed: d.suppressed.as_ref().map(|s| s.kind.as_str()),
        reason: d.suppressed.as_ref().map(|s| s.reason.clone()),
    }
}

/// The error for a word that names neither a rule nor an id of the repository, with the
/// closest id and the closest rule name or code when they are close enough to be typos.
pub fn unknown_word(
    word: &str,
    repository: &Repository,
    rules: &[crate::rule::RuleMeta],
) -> String {
    let ids: BTreeSet<&str> = repository
        .index
        .definitions
        .keys()
        .map(String::as_str)
        .collect();
    let id = crate::suggest::did_you_mean(word, ids);
    let rule = crate::suggest::did_you_mean(
        word,
        rules
            .iter()
            .flat_map(|r| [r.name.as_str(), r.code.as_str()]),
    );
    let word = escape::line(word);
    let hint = match (id, rule) {
        (Some(id), Some(rule)) => format!(
            "did you mean the id `{}` or the rule `{rule}`?",
            escape::line(id)
        ),
        (Some(id), None) => format!("did you mean the id `{}`?", escape::line(id)),
        (None, Some(rule)) => format!("did you mean the rule `{rule}`?"),
        (None, None) => {
            "`reglint rules` lists every rule, `reglint graph --format json` every id".to_owned()
        }
    };
    format!(
        "no rule and no register id in `{}` is named `{word}`; {hint}",
        escape::line(&repository.name)
    )
}
