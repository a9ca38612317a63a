//! The register model: documents by kind, and the repository index rules query.
//!
//! Built once per repository after loading and read-only afterwards, so every rule resolves
//! ids and references in O(1) and nothing is computed twice. Entries are reached through
//! [`NodeRef`] handles into the parsed arenas; nothing is copied out of the tree. The index
//! and the queries over it live in `index.rs`; this file holds the types they are made of.

use std::path::PathBuf;
use std::sync::Arc;

use crate::date::Date;
use crate::source::FileId;
use crate::yaml::{Document, NodeId, NodeKind};

mod index;

pub use index::{Definition, FieldValue, Index};

/// The document kinds of the register format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `interested-parties` (clause 4.2).
    InterestedParties,
    /// `legal-register`.
    LegalRegister,
    /// `statement-of-applicability`.
    StatementOfApplicability,
    /// `risk-register`.
    RiskRegister,
    /// `objectives`.
    Objectives,
    /// `scope`.
    Scope,
    /// `exceptions`: accepted deviations from rules (the risk-acceptance register).
    Exceptions,
}

impl Kind {
    /// Every kind, in a fixed order.
    pub const ALL: [Kind; 7] = [
        Kind::InterestedParties,
        Kind::LegalRegister,
        Kind::StatementOfApplicability,
        Kind::RiskRegister,
        Kind::Objectives,
        Kind::Scope,
        Kind::Exceptions,
    ];

    /// The `kind:` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::InterestedParties => "interested-parties",
            Kind::LegalRegister => "legal-register",
            Kind::StatementOfApplicability => "statement-of-applicability",
            Kind::RiskRegister => "risk-register",
            Kind::Objectives => "objectives",
            Kind::Scope => "scope",
            Kind::Exceptions => "exceptions",
        }
    }

    /// The kind named by a `kind:` value.
    pub fn parse(word: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == word)
    }

    /// The top-level key holding this kind's entries.
    pub fn entries_key(self) -> &'static str {
        match self {
            Kind::InterestedParties => "parties",
            Kind::LegalRegister => "entries",
            Kind::StatementOfApplicability => "controls",
            Kind::RiskRegister => "risks",
            Kind::Objectives => "objectives",
            Kind::Scope => "items",
            Kind::Exceptions => "exceptions",
        }
    }

    /// What one entry of this kind is.
    pub fn entry_class(self) -> EntryClass {
        match self {
            Kind::InterestedParties => EntryClass::Party,
            Kind::LegalRegister => EntryClass::LegalEntry,
            Kind::StatementOfApplicability => EntryClass::Control,
            Kind::RiskRegister => EntryClass::Risk,
            Kind::Objectives => EntryClass::Objective,
            Kind::Scope => EntryClass::ScopeItem,
            Kind::Exceptions => EntryClass::Exception,
        }
    }
}

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryClass {
    /// An interested party.
    Party,
    /// A requirement of a party.
    Requirement,
    /// A legal-register entry.
    LegalEntry,
    /// A statement-of-applicability control.
    Control,
    /// A risk.
    Risk,
    /// An objective.
    Objective,
    /// A scope item.
    ScopeItem,
    /// An exception (an accepted deviation from a rule).
    Exception,
}

impl EntryClass {
    /// The class a rule names (`"party"`, `"requirement"`, `"legal-entry"`...).
    pub fn parse(word: &str) -> Option<EntryClass> {
        [
            EntryClass::Party,
            EntryClass::Requirement,
            EntryClass::LegalEntry,
            EntryClass::Control,
            EntryClass::Risk,
            EntryClass::Objective,
            EntryClass::ScopeItem,
            EntryClass::Exception,
        ]
        .into_iter()
        .find(|c| c.as_str() == word)
    }

    /// The word rules and messages use.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryClass::Party => "party",
            EntryClass::Requirement => "requirement",
            EntryClass::LegalEntry => "legal-entry",
            EntryClass::Control => "control",
            EntryClass::Risk => "risk",
            EntryClass::Objective => "objective",
            EntryClass::ScopeItem => "scope-item",
            EntryClass::Exception => "exception",
        }
    }
}

/// One YAML document of a register file.
#[derive(Debug)]
pub struct RegisterDoc {
    /// The file it came from.
    pub file: FileId,
    /// The file's display name.
    pub file_name: Arc<str>,
    /// The file's text (labels need it to find line ends).
    pub text: Arc<str>,
    /// Position of the document in its file (0-based).
    pub index: usize,
    /// The parsed arena.
    pub doc: Document,
    /// Its kind, when it names a known one.
    pub kind: Option<Kind>,
}

/// A handle to one node of a document: what rules hold instead of copies.
#[derive(Debug, Clone)]
pub struct NodeRef {
    /// The document.
    pub doc: Arc<RegisterDoc>,
    /// The node.
    pub id: NodeId,
}

impl NodeRef {
    /// A handle to another node of the same document.
    pub fn with(&self, id: NodeId) -> NodeRef {
        NodeRef {
            doc: Arc::clone(&self.doc),
            id,
        }
    }

    /// The value under `key` when this is a mapping.
    pub fn get(&self, key: &str) -> Option<NodeRef> {
        self.doc.doc.get(self.id, key).map(|v| self.with(v))
    }

    /// The node's register path.
    pub fn path(&self) -> String {
        self.doc.doc.path(self.id)
    }
}

/// A register repository: its documents and the index over them.
#[derive(Debug)]
pub struct Repository {
    /// The root folder.
    pub root: PathBuf,
    /// The root as diagnostics show it.
    pub name: String,
    /// Documents in path order, then document order.
    pub docs: Vec<Arc<RegisterDoc>>,
    /// The reference date for review checks.
    pub today: Date,
    /// Ids, entries and references.
    pub index: Index,
    /// The register files that did not load, wholly or after their first documents (as
    /// diagnostics name them): while any is listed, the repository is incomplete and nothing
    /// can be said to be absent from it.
    pub unloaded: Vec<(FileId, String)>,
}

impl Repository {
    /// Builds the index over the documents; `unloaded` names the files that did not load.
    pub fn new(
        root: PathBuf,
        name: String,
        docs: Vec<Arc<RegisterDoc>>,
        today: Date,
        unloaded: Vec<(FileId, String)>,
    ) -> Self {
        let index = Index::build(&docs);
        Repository {
            root,
            name,
            docs,
            today,
            index,
            unloaded,
        }
    }

    /// Whether a register file of the repository did not load, so that what is not found in
    /// it may still be there.
    pub fn is_incomplete(&self) -> bool {
        !self.unloaded.is_empty()
    }
}

/// The mapping items of the list under `key` (items of another shape are skipped: they get
/// `wrong-type` from the format checks).
pub fn list_maps(parent: &NodeRef, key: &str) -> Vec<NodeRef> {
    let Some(list) = parent.get(key) else {
        return Vec::new();
    };
    let doc = &list.doc.doc;
    match &doc.node(list.id).kind {
        NodeKind::List(items) => items
            .iter()
            .filter(|&&i| matches!(doc.node(i).kind, NodeKind::Map(_)))
            .map(|&i| list.with(i))
            .collect(),
        _ => Vec::new(),
    }
}

/// The id of the register entry a node belongs to: the nearest mapping, the node itself or
/// one holding it, with a non-empty string `id`. Exceptions and baselines key on it, so a
/// finding keeps its identity however the file around it is edited.
pub fn entry_of(doc: &Document, node: NodeId) -> Option<String> {
    let mut current = Some(node);
    while let Some(id) = current {
        if matches!(doc.node(id).kind, NodeKind::Map(_)) {
            if let Some(value) = doc.get(id, "id").and_then(|v| doc.string(v)) {
                return Some(value.to_owned());
            }
        }
        current = doc.node(id).parent;
    }
    None
}
