//! "Did you mean": the closest valid value to a misspelt one.
//!
//! One place so that every rule and check suggests the same way: optimal-string-alignment
//! Damerau–Levenshtein distance (a swapped pair of characters is one edit, so `OBJ-30` finds
//! `OBJ-03`), close enough when at most a third of the word differs, ties to the first candidate.
//! The distance costs the product of the two lengths, so the work is bounded before it is
//! done: no suggestion for a word of more than [`MAX_WORD_CHARS`] characters, candidates whose
//! length alone puts them out of reach are skipped unmeasured, and [`closest`] spends at most
//! a given budget of work, so no register makes a suggestion slow.

/// The longest word, in characters, a suggestion is looked for: ids, field names and
/// values are short, and a typo in a 200 000-character id is not a typo worth suggesting for.
pub const MAX_WORD_CHARS: usize = 64;

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
    let mut unlimited = u64::MAX;
    nearest_within(word, candidates, count, &mut unlimited)
}

/// [`did_you_mean`] within a budget of work: each candidate looked at costs one unit and each
/// distance measured the product of the two lengths. When the budget runs out there is no
/// suggestion (never a worse one), and the budget stays spent, so what a caller gets depends
/// only on its input, never on time.
pub fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    budget: &mut u64,
) -> Option<&'a str> {
    nearest_within(word, candidates, 1, budget)
        .into_iter()
        .next()
}

/// [`nearest`] within a budget, as [`closest`] spends it.
fn nearest_within<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    count: usize,
    budget: &mut u64,
) -> Vec<&'a str> {
    if word.len() > 4 * MAX_WORD_CHARS {
        return Vec::new();
    }
    let chars = word.chars().count();
    if chars > MAX_WORD_CHARS {
        return Vec::new();
    }
    let limit = (chars / 3).max(1);
    let lower = word.to_lowercase();
    let mut close: Vec<(usize, &'a str)> = Vec::new();
    for candidate in candidates {
        if spend(budget, 1).is_none() {
            return Vec::new();
        }
        // The distance is at least the difference in length; a character is 1 to 4 bytes.
        if candidate == word
            || candidate.len() > 4 * (chars + limit)
            || close.iter().any(|(_, c)| *c == candidate)
        {
            continue;
        }
        let length = candidate.chars().count();
        if length.abs_diff(chars) > limit {
            continue;
        }
        if spend(budget, (chars.max(1) * length.max(1)) as u64 * 2).is_none() {
            return Vec::new();
        }
        if bag_distance(word, candidate, false).min(bag_distance(word, candidate, true) + 1) > limit
        {
            continue;
        }
        let distance = strsim::osa_distance(word, candidate)
            .min(strsim::osa_distance(&lower, &candidate.to_lowercase()) + 1);
        if distance <= limit {
            close.push((distance, candidate));
        }
    }
    // A stable sort keeps the order given among equally close candidates.
    close.sort_by_key(|(d, _)| *d);
    close.into_iter().take(count).map(|(_, c)| c).collect()
}

/// A lower bound of both distances measured above, in one pass over each word: how many
/// characters one word has that the other lacks, counted the larger way (an edit changes
/// this by at most one; a transposition not at all). `ignore_case` compares ASCII letters
/// case-insensitively. Only for ASCII words, which most ids are; otherwise 0 (no bound).
fn bag_distance(a: &str, b: &str, ignore_case: bool) -> usize {
    if !a.is_ascii() || !b.is_ascii() {
        return 0;
    }
    let mut counts = [0i32; 128];
    let fold = |c: u8| {
        usize::from(if ignore_case {
            c.to_ascii_lowercase()
        } else {
            c
        })
    };
    for c in a.bytes() {
        counts[fold(c)] += 1;
    }
    for c in b.bytes() {
        counts[fold(c)] -= 1;
    }
    let (more, fewer) = counts.iter().fold((0, 0), |(more, fewer), &n| {
        (more + n.max(0) as usize, fewer + (-n).max(0) as usize)
    });
    more.max(fewer)
}

/// Takes `cost` from the budget, or empties it and gives `None` when it holds less.
fn spend(budget: &mut u64, cost: u64) -> Option<()> {
    match budget.checked_sub(cost) {
        Some(left) => {
            *budget = left;
            Some(())
        }
        None => {
            *budget = 0;
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bag_distance_never_exceeds_the_edit_distance() {
        // Words over a small alphabet, so that pairs share many characters.
        let mut state: u64 = 7;
        let mut word = |len: u64| -> String {
            (0..len)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    b"aAbB-01"[(state >> 33) as usize % 7] as char
                })
                .collect()
        };
        for n in 0..2000 {
            let (a, b) = (word(n % 9), word((n / 9) % 9));
            assert!(
                bag_distance(&a, &b, false) <= strsim::osa_distance(&a, &b),
                "{a} {b}"
            );
            let folded = strsim::osa_distance(&a.to_lowercase(), &b.to_lowercase());
            assert!(bag_distance(&a, &b, true) <= folded, "{a} {b}");
        }
        assert_eq!(bag_distance("OBJ-30", "OBJ-03", false), 0);
        assert_eq!(bag_distance("REQ-1", "CTRL-22", false), 5);
        assert_eq!(bag_distance("é", "e", false), 0);
    }

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

    #[test]
    fn long_words_get_no_suggestion_however_close() {
        let long = "x".repeat(MAX_WORD_CHARS + 1);
        let near = format!("{}y", &long[1..]);
        assert_eq!(did_you_mean(&long, [near.as_str()]), None);
        let fits = "x".repeat(MAX_WORD_CHARS);
        let near = format!("{}y", &fits[1..]);
        assert_eq!(did_you_mean(&fits, [near.as_str()]), Some(near.as_str()));
    }

    #[test]
    fn candidates_too_long_or_short_are_not_measured() {
        let mut budget = 10;
        let long = "OBJ-0".repeat(10_000);
        assert_eq!(closest("OBJ-30", [long.as_str(), "x"], &mut budget), None);
        assert_eq!(budget, 8, "one unit per candidate, no distance measured");
    }

    #[test]
    fn a_spent_budget_gives_no_suggestion_and_stays_spent() {
        let ids = ["OBJ-04", "OBJ-03", "OBJ-05"];
        let mut budget = 50;
        assert_eq!(closest("OBJ-30", ids, &mut budget), None);
        assert_eq!(budget, 0);
        assert_eq!(closest("OBJ-30", ids, &mut budget), None);
        let mut budget = 1_000;
        assert_eq!(closest("OBJ-30", ids, &mut budget), Some("OBJ-03"));
    }
}
