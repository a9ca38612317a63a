//! ISO/IEC 27001 Annex A reference data: the 93 controls of 2022 and the 2013 → 2022
//! correspondence, kept as data (`data/annex-a.yaml`) and read into static tables when the
//! engine is built (`build.rs`; a test holds them equal to what the register loader reads
//! from the file). Lookups are by hash: rules ask for them once per cited id.

use std::collections::HashMap;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/annex_a.rs"));

/// The catalogue, indexed.
#[derive(Debug, Default)]
pub struct Catalogue {
    /// 2022 ids in catalogue order.
    order: Vec<String>,
    /// 2022 id → title.
    titles: HashMap<String, String>,
    /// 2013 id → the 2022 ids that replace it.
    from_2013: HashMap<String, Vec<String>>,
}

impl Catalogue {
    /// The title of a 2022 control.
    pub fn title(&self, id: &str) -> Option<&str> {
        self.titles.get(id).map(String::as_str)
    }

    /// The 2022 controls replacing a 2013 control.
    pub fn successors(&self, id: &str) -> Option<&[String]> {
        self.from_2013.get(id).map(Vec::as_slice)
    }

    /// Every 2013 id that has a 2022 successor, sorted.
    pub fn ids_2013(&self) -> impl Iterator<Item = &str> {
        let mut ids: Vec<&str> = self.from_2013.keys().map(String::as_str).collect();
        ids.sort_unstable();
        ids.into_iter()
    }

    /// Every 2022 id, in catalogue order.
    pub fn ids_2022(&self) -> impl Iterator<Item = &str> {
        self.order.iter().map(String::as_str)
    }
}

/// The embedded catalogue.
pub fn catalogue() -> &'static Catalogue {
    static DATA: OnceLock<Catalogue> = OnceLock::new();
    DATA.get_or_init(|| Catalogue {
        order: CONTROLS_2022
            .iter()
            .map(|(id, _)| (*id).to_owned())
            .collect(),
        titles: CONTROLS_2022
            .iter()
            .map(|(id, title)| ((*id).to_owned(), (*title).to_owned()))
            .collect(),
        from_2013: FROM_2013
            .iter()
            .map(|(id, ids)| {
                let ids = ids.iter().map(|i| (*i).to_owned()).collect();
                ((*id).to_owned(), ids)
            })
            .collect(),
    })
}

/// The catalogue as the register loader reads `data/annex-a.yaml`: what the tables built at
/// compile time must equal.
#[cfg(test)]
fn parse(text: &str) -> Catalogue {
    use crate::yaml::{self, Limits, NodeKind};
    let loaded = yaml::parse(text, 0, &Limits::default());
    let mut data = Catalogue::default();
    let Some(doc) = loaded.documents.first() else {
        return data;
    };
    let Some(root) = doc.root else {
        return data;
    };
    if let Some(NodeKind::List(items)) = doc.get(root, "controls_2022").map(|l| &doc.node(l).kind) {
        for &item in items {
            let text = |k| {
                doc.get(item, k)
                    .and_then(|v| doc.string(v))
                    .unwrap_or_default()
                    .to_owned()
            };
            data.order.push(text("id"));
            data.titles.insert(text("id"), text("title"));
        }
    }
    if let Some(NodeKind::Map(entries)) = doc.get(root, "from_2013").map(|m| &doc.node(m).kind) {
        for &(k, v) in entries {
            let targets = match &doc.node(v).kind {
                NodeKind::List(ids) => ids
                    .iter()
                    .filter_map(|&i| doc.string(i).map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            };
            data.from_2013
                .insert(doc.string(k).unwrap_or_default().to_owned(), targets);
        }
    }
    data
}

/// How many numeric parts follow `A.` in an Annex A-shaped id (`A.8.24` has 2), if that is
/// its shape.
pub fn id_parts(id: &str) -> Option<usize> {
    let rest = id.strip_prefix("A.")?;
    let parts: Vec<&str> = rest.split('.').collect();
    parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        .then_some(parts.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_catalogue_is_complete() {
        let c = catalogue();
        assert_eq!(c.ids_2022().count(), 93);
        assert_eq!(c.from_2013.len(), 114);
        assert_eq!(c.title("A.8.24"), Some("Use of cryptography"));
        assert_eq!(c.successors("A.18.2.3").map(<[String]>::len), Some(2));
        assert_eq!(c.title("A.5.38"), None);
    }

    #[test]
    fn the_tables_built_at_compile_time_are_what_the_loader_reads() {
        let read = parse(include_str!("../data/annex-a.yaml"));
        let built = catalogue();
        assert_eq!(built.order, read.order);
        assert_eq!(built.titles, read.titles);
        assert_eq!(built.from_2013, read.from_2013);
    }
}
