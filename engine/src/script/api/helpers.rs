//! The helpers: functions of plain values that need no repository (Annex A lookups, the
//! format's fixed sets of words, did-you-mean, dates).

use rhai::{Array, Dynamic, Engine};

use crate::annex;
use crate::date::Date;
use crate::model::EntryClass;
use crate::script::values::HostList;
use crate::script::{suggest, timed};
use crate::shape;

pub(in crate::script) fn register_helpers(engine: &mut Engine) {
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
        timed(|| {
            suggest(word, || {
                candidates
                    .into_iter()
                    .filter_map(|c| c.into_immutable_string().ok())
            })
        })
    });
    // The words the register format allows in a field of an entry (`"party"`, `"category"`),
    // from the shape table the format checks and the schema read; `()` for a field without
    // a fixed set.
    engine.register_fn("format_words", |class: &str, field: &str| {
        EntryClass::parse(class)
            .and_then(|class| shape::words(class, field))
            .map_or(Dynamic::UNIT, |words| {
                Dynamic::from_array(words.iter().map(|w| Dynamic::from(*w)).collect())
            })
    });
    engine.register_fn("is_annex_a_id", |id: &str| annex::id_parts(id) == Some(2));
    // The shape of any Annex A id, 2022 (`A.8.24`) or 2013 (`A.10.1.1`).
    engine.register_fn("is_annex_a_like", |id: &str| {
        matches!(annex::id_parts(id), Some(2 | 3))
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
