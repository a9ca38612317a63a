//! "Did you mean": the closest valid value to a misspelt one.
//!
//! One place so that every rule and check suggests the same way: optimal-string-alignment
//! Damerau–Levenshtein distance (a swapped pair of characters is one edit, so `OBJ-30` finds
//! `OBJ-03`), close enough when at most a third of the word differs, ties to the first candidate.

/// The candidate closest to `word`, when one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    nearest(word, candidates, 1).into_iter().next()
}

/// Up to `count` candidates close enough to `word` to be likely typos, closest first (ties
/// in the order given, each candidate once).
pub fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    count: usize,
) -> Vec<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let mut close: Vec<(usize, &'a str)> = Vec::new();
    for candidate in candidates {
        if candidate == word || close.iter().any(|(_, c)| *c == candidate) {
            continue;
        }
        let distance = strsim::osa_distance(word, candidate)
            .min(strsim::osa_distance(&word.to_lowercase(), &candidate.to_lowercase()) + 1);
        if distance <= limit {
            close.push((distance, candidate));
        }
    }
    // A stable sort keeps the order given among equally close candidates.
    close.sort_by_key(|(d, _)| *d);
    close.into_iter().take(count).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transpositions_and_typos_are_found() {
        let ids = ["OBJ-04", "OBJ-03", "OBJ-05"];
        assert_eq!(did_you_mean("OBJ-30", ids), Some("OBJ-03"));
        assert_eq!(
            did_you_mean("externel", ["internal", "external", "interface"]),
            Some("external")
        );
        assert_eq!(
            did_you_mean("Internal", ["internal", "external"]),
            Some("internal")
        );
    }

    #[test]
    fn nearest_lists_close_candidates_closest_first() {
        let names = [
            "stale-review",
            "missing-owner",
            "missing-owners",
            "duplicate-id",
        ];
        assert_eq!(
            nearest("missing-ownr", names, 3),
            vec!["missing-owner", "missing-owners"]
        );
        assert_eq!(nearest("zzzzzzz", names, 3), Vec::<&str>::new());
    }

    #[test]
    fn distant_words_give_no_suggestion() {
        assert_eq!(
            did_you_mean("vendor", ["internal", "external", "interface"]),
            None
        );
        assert_eq!(did_you_mean("x", ["internal"]), None);
    }
}
