//! The precision rule, word against field.

use super::super::rule::{self, Kind, MAX_LEFT_OUT};
use proptest::prelude::*;

/// How `word` matches `field` (both lowercase), and the matched characters.
fn matched(field: &str, word: &str) -> Option<(Kind, String)> {
    let field: Vec<char> = field.chars().collect();
    let word: Vec<char> = word.chars().collect();
    let at: Vec<usize> = rule::occurrences(&field, &word).collect();
    let found = rule::best(&field, &word, at, true)?;
    let chars = rule::positions(&field, &word, found)
        .into_iter()
        .map(|i| field[i])
        .collect();
    Some((found.kind, chars))
}

/// The same on bytes, as the index matches ASCII text.
fn matched_bytes(field: &str, word: &str) -> Option<Kind> {
    let at = (0..field.len()).filter(|&i| field.as_bytes()[i..].starts_with(word.as_bytes()));
    rule::best(field.as_bytes(), word.as_bytes(), at, true).map(|f| f.kind)
}

fn kind(field: &str, word: &str) -> Option<Kind> {
    let kind = matched(field, word).map(|(k, _)| k);
    if field.is_ascii() && word.is_ascii() {
        assert_eq!(kind, matched_bytes(field, word), "{word:?} in {field:?}");
    }
    kind
}

const MONITORING: &str = "set up monitoring and data-drift alerts";

#[test]
fn words_as_typed() {
    assert_eq!(kind(MONITORING, "drift"), Some(Kind::WholeWord));
    assert_eq!(kind(MONITORING, "data-drift"), Some(Kind::WholeWord));
    assert_eq!(kind(MONITORING, "monitor"), Some(Kind::WordStart));
    assert_eq!(kind(MONITORING, "toring"), Some(Kind::Inside));
    assert_eq!(kind(MONITORING, "p mon"), Some(Kind::Inside));
    assert_eq!(
        matched(MONITORING, "alert"),
        Some((Kind::WordStart, "alert".into()))
    );
    // the best occurrence wins: a whole word over the inside of another
    assert_eq!(
        matched("metadata data", "data"),
        Some((Kind::WholeWord, "data".into()))
    );
}

#[test]
fn letters_left_out_inside_one_word() {
    assert_eq!(
        matched(MONITORING, "drft"),
        Some((Kind::LeftOut, "drft".into()))
    );
    assert_eq!(
        matched(MONITORING, "alrt"),
        Some((Kind::LeftOut, "alrt".into()))
    );
    assert_eq!(kind("the model", "mdl"), Some(Kind::LeftOut));
    assert_eq!(
        kind("set up the ci/cd pipeline", "pipline"),
        Some(Kind::LeftOut)
    );
    assert_eq!(kind("monitoring", "monitorng"), Some(Kind::LeftOut));
    // at most MAX_LEFT_OUT letters: "algorithms" leaves out g, o and i
    assert_eq!(MAX_LEFT_OUT, 2);
    assert_eq!(kind("compare two algorithms", "alrt"), None);
    // the first letter must start the word, and the rest stay inside it
    assert_eq!(kind("alerts", "lrt"), None);
    assert_eq!(kind("during first", "drift"), None);
    assert_eq!(kind("a large rate", "alrt"), None);
}

#[test]
fn beginnings_of_consecutive_words() {
    assert_eq!(
        matched("exploratory data analysis", "eda"),
        Some((Kind::Initials, "eda".into()))
    );
    assert_eq!(
        matched("set up the ci/cd pipeline", "cicd"),
        Some((Kind::Initials, "cicd".into()))
    );
    assert_eq!(
        matched("data engineer", "dataeng"),
        Some((Kind::Initials, "dataeng".into()))
    );
    // a chain that fails is not restarted wrongly: "dd" + "a" from the second word
    assert_eq!(
        matched("dx ddy ab", "dda"),
        Some((Kind::Initials, "dda".into()))
    );
    // the words must follow each other
    assert_eq!(kind("exploratory of data analysis", "eda"), None);
    assert_eq!(kind("exploratory", "eda"), None);
}

#[test]
fn scattered_letters_are_no_match() {
    let description = "distributions, missing values, leakage, and what the data says about \
                       the problem. interpret the findings with the domain expert.";
    assert_eq!(kind(description, "drift"), None);
    assert_eq!(kind("we need a model", "eda"), None);
    assert_eq!(kind("a good team", "dt"), None);
}

#[test]
fn unicode_fields() {
    assert_eq!(
        kind("qualité des données", "données"),
        Some(Kind::WholeWord)
    );
    assert_eq!(kind("qualité des données", "dnées"), Some(Kind::LeftOut));
    assert_eq!(kind("qualité des données", "donnees"), None);
    assert_eq!(kind("数据质量检查", "质量"), Some(Kind::Inside));
    assert_eq!(kind("qualité des données", "qdd"), Some(Kind::Initials));
}

#[test]
fn a_word_never_matches_a_shorter_field_or_an_empty_word() {
    assert_eq!(kind("dat", "data"), None);
    assert_eq!(kind("data", ""), None);
    assert_eq!(kind("", "d"), None);
}

#[test]
fn titles_and_how_typed_rank_the_matches() {
    let score = |field: &str, word: &str, title: bool| {
        let field: Vec<char> = field.chars().collect();
        let word: Vec<char> = word.chars().collect();
        let at: Vec<usize> = rule::occurrences(&field, &word).collect();
        rule::score(rule::best(&field, &word, at, true).unwrap(), title)
    };
    let whole = score("data drift", "drift", false);
    let start = score("drifts", "drift", false);
    let inside = score("antidrift", "drift", false);
    let left_out = score("drift", "drft", false);
    let initials = score("data drift", "dd", false);
    assert!(whole > start && start > inside && inside > left_out && left_out > initials);
    assert!(score("drift", "drft", true) > inside);
    assert!(score("drift", "drift", true) > whole);
}

proptest! {
    /// The search re-checks only the previous hits when a word grows: every way a
    /// word matches must also match through each of its prefixes.
    #[test]
    fn every_prefix_of_a_matching_word_matches(
        field in "[abc -]{0,24}",
        word in "[abc-]{1,8}",
    ) {
        if kind(&field, &word).is_some() {
            for end in 1..word.len() {
                prop_assert!(
                    kind(&field, &word[..end]).is_some(),
                    "{:?} matches {:?} but {:?} does not", word, field, &word[..end]
                );
            }
        }
    }

    /// The index rules out near spellings by a card's letter pairs: a near spelling
    /// must always start with a pair the field has.
    #[test]
    fn near_spellings_start_with_a_pair_of_the_field(
        field in "[abc -]{0,24}",
        word in "[abc]{2,6}",
    ) {
        if let Some((kind, _)) = matched(&field, &word)
            && matches!(kind, Kind::LeftOut | Kind::Initials)
        {
            let mut pairs = rule::Pairs::default();
            rule::near_pairs(field.as_bytes(), |a, b| pairs.insert(a, b));
            let w = word.as_bytes();
            prop_assert!(pairs.has(rule::Pairs::bit(w[0].into(), w[1].into())));
        }
    }

    /// Whatever matches has its letters in the field, in order, where `positions` says.
    #[test]
    fn positions_spell_the_word(field in "[abc -]{0,24}", word in "[abc]{1,6}") {
        if let Some((_, chars)) = matched(&field, &word) {
            prop_assert_eq!(chars, word);
        }
    }
}
