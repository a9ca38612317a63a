//! `reglint graph`: the reference graph of a register repository, for Graphviz, Mermaid or
//! a program.
//!
//! Nodes are the entries an id names (parties, requirements, controls, risks, objectives,
//! legal entries, scope items); edges are a party's requirements and what each requirement
//! cites (`addressed_by`, `legal_ref`). A reference to an id nothing defines is drawn to a
//! placeholder node, and both are marked broken. Separate from the trace because it shows
//! the whole repository (or the chain through one id) at once, as data, not as an answer.
//! The promise: the same repository gives the same bytes (nodes and edges sorted), and no
//! id, however written, can break out of its quoting in DOT or Mermaid.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::io::{self, Write};

use serde::Serialize;

use super::{Place, field_text, id_of};
use crate::model::{EntryClass, NodeRef, Repository, list_maps};
use crate::render::escape;
use crate::source::SourceMap;
use crate::yaml::NodeKind;

/// The classes drawn, in the order a legend lists them.
const CLASSES: [EntryClass; 7] = [
    EntryClass::Party,
    EntryClass::Requirement,
    EntryClass::Control,
    EntryClass::Risk,
    EntryClass::Objective,
    EntryClass::ScopeItem,
    EntryClass::LegalEntry,
];

/// A repository's references.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Graph {
    /// Every node, sorted by id.
    pub nodes: Vec<GraphNode>,
    /// Every edge, sorted by (from, to, kind); each once.
    pub edges: Vec<Edge>,
}

/// An id: an entry, or a placeholder for an id that is cited but never defined.
#[derive(Debug, Clone, Serialize)]
pub struct GraphNode {
    /// The id.
    pub id: String,
    /// What its first definition is (`None` for a placeholder).
    pub class: Option<&'static str>,
    /// Its name or title, as written.
    pub title: Option<String>,
    /// Where it is first defined.
    #[serde(flatten)]
    pub place: Option<Place>,
    /// Whether nothing defines it.
    pub broken: bool,
}

/// A reference from one id to another.
#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    /// The citing id (a party, for `requirements`; else a requirement).
    pub from: String,
    /// The cited id.
    pub to: String,
    /// `requirements`, `addressed_by` or `legal_ref`.
    pub kind: &'static str,
    /// Whether nothing defines `to`.
    pub broken: bool,
    /// Where the reference is written (its first place, when written more than once).
    #[serde(flatten)]
    pub place: Place,
}

/// How the graph is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
    /// JSON: `{"nodes": [...], "edges": [...]}`.
    Json,
}

impl Graph {
    /// The graph of every entry of the repository and every reference between them.
    pub fn of(repository: &Repository, sources: &SourceMap) -> Graph {
        let mut nodes: BTreeMap<String, GraphNode> = BTreeMap::new();
        for class in CLASSES {
            for entry in repository.entries(class).iter() {
                let Some(id) = id_of(entry) else {
                    continue;
                };
                nodes.entry(id.clone()).or_insert_with(|| GraphNode {
                    title: field_text(entry, "name").or_else(|| field_text(entry, "title")),
                    class: Some(class.as_str()),
                    place: Some(Place::of(entry, sources)),
                    broken: false,
                    id,
                });
            }
        }
        let mut edges: BTreeMap<(String, String, &'static str), Edge> = BTreeMap::new();
        let mut add = |from: &str, node: &NodeRef, kind: &'static str| {
            let Some(to) = node.doc.doc.string(node.id) else {
                return;
            };
            let key = (from.to_owned(), to.to_owned(), kind);
            edges.entry(key).or_insert_with(|| Edge {
                from: from.to_owned(),
                to: to.to_owned(),
                kind,
                broken: repository.definitions_of(to).is_empty(),
                place: Place::of(node, sources),
            });
        };
        for party in repository.entries(EntryClass::Party).iter() {
            let Some(from) = id_of(party) else {
                continue;
            };
            for requirement in list_maps(party, "requirements") {
                if let Some(id) = requirement.get("id") {
                    add(&from, &id, "requirements");
                }
            }
        }
        for requirement in repository.entries(EntryClass::Requirement).iter() {
            let Some(from) = id_of(requirement) else {
                continue;
            };
            if let Some(list) = requirement.get("addressed_by") {
                if let NodeKind::List(items) = &list.doc.doc.node(list.id).kind {
                    for &item in items {
                        add(&from, &list.with(item), "addressed_by");
                    }
                }
            }
            if let Some(legal) = requirement.get("legal_ref") {
                add(&from, &legal, "legal_ref");
            }
        }
        let edges: Vec<Edge> = edges.into_values().collect();
        for edge in edges.iter().filter(|e| e.broken) {
            nodes.entry(edge.to.clone()).or_insert_with(|| GraphNode {
                id: edge.to.clone(),
                class: None,
                title: None,
                place: None,
                broken: true,
            });
        }
        Graph {
            nodes: nodes.into_values().collect(),
            edges,
        }
    }

    /// Whether a node has this id.
    pub fn contains(&self, id: &str) -> bool {
        self.nodes.iter().any(|n| n.id == id)
    }

    /// The chain through `id`: what it leads to (following edges) and what leads to it
    /// (against them), never the siblings reached through a common parent. `None` when no
    /// node has the id.
    pub fn around(&self, id: &str) -> Option<Graph> {
        if !self.contains(id) {
            return None;
        }
        let mut outgoing: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut incoming: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, e) in self.edges.iter().enumerate() {
            outgoing.entry(&e.from).or_default().push(i);
            incoming.entry(&e.to).or_default().push(i);
        }
        let mut kept_edges = BTreeSet::new();
        let mut kept_nodes = BTreeSet::from([id]);
        for forward in [true, false] {
            let links = if forward { &outgoing } else { &incoming };
            let mut queue = VecDeque::from([id]);
            let mut seen = BTreeSet::from([id]);
            while let Some(at) = queue.pop_front() {
                for &i in links.get(at).map_or(&[][..], Vec::as_slice) {
                    let e = &self.edges[i];
                    let next = if forward { &e.to } else { &e.from };
                    kept_edges.insert(i);
                    if seen.insert(next.as_str()) {
                        kept_nodes.insert(next.as_str());
                        queue.push_back(next);
                    }
                }
            }
        }
        Some(Graph {
            nodes: self
                .nodes
                .iter()
                .filter(|n| kept_nodes.contains(n.id.as_str()))
                .cloned()
                .collect(),
            edges: kept_edges
                .into_iter()
                .map(|i| self.edges[i].clone())
                .collect(),
        })
    }

    /// The error for an id no node has, with the closest one when it is likely a typo.
    pub fn unknown_id(&self, id: &str) -> String {
        let hint = match crate::suggest::did_you_mean(id, self.nodes.iter().map(|n| n.id.as_str()))
        {
            Some(meant) => format!("did you mean `{}`?", escape::line(meant)),
            None => "`reglint graph --format json` lists every id".to_owned(),
        };
        format!(
            "no entry of the repository has the id `{}`; {hint}",
            escape::line(id)
        )
    }

    /// Writes the graph in the format.
    pub fn render(&self, format: GraphFormat, out: &mut dyn Write) -> io::Result<()> {
        match format {
            GraphFormat::Dot => self.write_dot(out),
            GraphFormat::Mermaid => self.write_mermaid(out),
            GraphFormat::Json => {
                escape::write_json(out, self, true)?;
                writeln!(out)
            }
        }
    }

    fn write_dot(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "digraph reglint {{")?;
        writeln!(out, "  rankdir=LR;")?;
        writeln!(out, "  node [shape=box, fontname=\"Helvetica\"];")?;
        writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=10];")?;
        for n in &self.nodes {
            let name = dot_string(&n.id);
            let (class, style) = match n.class {
                Some(class) => (class, format!("shape={}", dot_shape(class))),
                None => (
                    "undefined",
                    "shape=box, style=dashed, color=red, fontcolor=red".to_owned(),
                ),
            };
            let label = dot_string(&format!("{}\n{}", n.id, class.replace('-', " ")));
            writeln!(out, "  {name} [label={label}, {style}];")?;
        }
        for e in &self.edges {
            let style = if e.broken {
                ", style=dashed, color=red"
            } else {
                ""
            };
            writeln!(
                out,
                "  {} -> {} [label=\"{}\"{style}];",
                dot_string(&e.from),
                dot_string(&e.to),
                e.kind
            )?;
        }
        writeln!(out, "}}")
    }

    fn write_mermaid(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "flowchart LR")?;
        // Mermaid ids are words: each node is `n<position>`, its id only in the label.
        let names: HashMap<&str, String> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), format!("n{i}")))
            .collect();
        for n in &self.nodes {
            // Mermaid class names are words: `legal-entry` is written `legal_entry`.
            let class = n.class.unwrap_or("broken").replace('-', "_");
            writeln!(
                out,
                "  {}[\"{}\"]:::{class}",
                names[n.id.as_str()],
                mermaid_text(&n.id),
            )?;
        }
        let mut broken = Vec::new();
        for (i, e) in self.edges.iter().enumerate() {
            let arrow = if e.broken {
                broken.push(i.to_string());
                "-.->"
            } else {
                "-->"
            };
            writeln!(
                out,
                "  {} {arrow}|{}| {}",
                names[e.from.as_str()],
                e.kind,
                names[e.to.as_str()]
            )?;
        }
        for class in CLASSES {
            writeln!(
                out,
                "  classDef {} {}",
                class.as_str().replace('-', "_"),
                mermaid_fill(class)
            )?;
        }
        writeln!(
            out,
            "  classDef broken fill:#fff,stroke:#d00,stroke-dasharray:4 4,color:#d00"
        )?;
        if !broken.is_empty() {
            writeln!(out, "  linkStyle {} stroke:#d00", broken.join(","))?;
        }
        Ok(())
    }
}

/// A DOT quoted string: `"` and `\` escaped, so nothing ends the quote early; a line break
/// becomes DOT's `\n`; other control and bidirectional characters are shown as escapes.
fn dot_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for part in text.split('\n') {
        if out.len() > 1 {
            out.push_str("\\n");
        }
        for c in escape::line(part).chars() {
            if matches!(c, '"' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

fn dot_shape(class: &str) -> &'static str {
    match class {
        "party" => "ellipse",
        "control" => "component",
        "risk" => "hexagon",
        "objective" => "parallelogram",
        "legal-entry" => "note",
        "scope-item" => "folder",
        _ => "box",
    }
}

/// Text inside a Mermaid quoted label: the characters Mermaid reads as markup or entity
/// starts written as entity codes (`#quot;`), so a label never closes early or turns into
/// HTML; control and bidirectional characters shown as escapes.
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in escape::line(text).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            '\\' => out.push_str("#92;"),
            c => out.push(c),
        }
    }
    out
}

fn mermaid_fill(class: EntryClass) -> &'static str {
    match class {
        EntryClass::Party => "fill:#e3f2fd,stroke:#1565c0",
        EntryClass::Requirement => "fill:#fff8e1,stroke:#f9a825",
        EntryClass::Control => "fill:#e8f5e9,stroke:#2e7d32",
        EntryClass::LegalEntry => "fill:#f3e5f5,stroke:#6a1b9a",
        _ => "fill:#eceff1,stroke:#455a64",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_strings_cannot_end_their_quote_early() {
        assert_eq!(dot_string("A.5.24"), "\"A.5.24\"");
        assert_eq!(dot_string("a\"];b\\"), "\"a\\\"];b\\\\\"");
        assert_eq!(dot_string("two\nlines"), "\"two\\nlines\"");
    }

    #[test]
    fn mermaid_labels_hold_no_markup() {
        assert_eq!(mermaid_text("A.5.24"), "A.5.24");
        assert_eq!(
            mermaid_text("x\"]-->y<b>#1`|\\"),
            "x#quot;]--#gt;y#lt;b#gt;#35;1#96;#124;#92;"
        );
    }
}
