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
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let distance = strsim::osa_distance(word, candidate)
            .min(strsim::osa_distance(&word.to_lowercase(), &candidate.to_lowercase()) + 1);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
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
    fn distant_words_give_no_suggestion() {
        assert_eq!(
            did_you_mean("vendor", ["internal", "external", "interface"]),
            None
        );
        assert_eq!(did_you_mean("x", ["internal"]), None);
    }
}
