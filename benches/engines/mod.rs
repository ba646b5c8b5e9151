//! The matchers mlboard could use, on the same whole query, one thread each, over the
//! same fields of the same cards: mlboard's own rule (`Searcher`), helix's
//! `nucleo-matcher` and skim's `fuzzy-matcher`. The two crates are used per field
//! with the nearest rule they allow: a word matches a field when the field contains
//! it as typed, or when the crate scores it at least 3/4 of the word's score against
//! itself; a card's score is the sum of its words' best field scores.
//!
//! This measured the choice of matcher (README, "Search"); it is not part of the
//! keystroke numbers.

use super::{SIZES, board};
use divan::Bencher;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use mlboard::model::search::Searcher;
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};
use std::cmp::Reverse;
use std::sync::OnceLock;

const QUERY: &str = "drft alr";

/// Every active card's fields, lowercased, as mlboard's index holds them.
fn fields(count: usize) -> &'static [Vec<String>] {
    static FIELDS: [OnceLock<Vec<Vec<String>>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = SIZES.iter().position(|s| *s == count).expect("a size");
    FIELDS[slot].get_or_init(|| {
        board(count)
            .cards_in_order()
            .filter(|c| !c.is_archived())
            .map(|card| {
                let mut fields = vec![card.title.to_lowercase(), card.description.to_lowercase()];
                for role in card.roles.iter() {
                    fields.push(role.tag().to_lowercase());
                    fields.push(role.label().to_lowercase());
                }
                fields.push(card.id.to_string());
                fields
            })
            .collect()
    })
}

/// Ranks the cards every word matches: `best(field, word)` is a word's score in one
/// field, `None` below the threshold. Returns the number of hits.
fn rank(
    cards: &[Vec<String>],
    words: usize,
    mut best: impl FnMut(&str, usize) -> Option<u32>,
) -> usize {
    let mut hits = Vec::new();
    'cards: for (place, fields) in cards.iter().enumerate() {
        let mut total = 0;
        for word in 0..words {
            match fields.iter().filter_map(|f| best(f, word)).max() {
                Some(score) => total += score,
                None => continue 'cards,
            }
        }
        hits.push((Reverse(total), place));
    }
    hits.sort_unstable();
    hits.len()
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn mlboard_rule(bencher: Bencher, count: usize) {
    let board = board(count);
    bencher
        .with_inputs(|| {
            let mut searcher = Searcher::with_threads(1);
            searcher.search(board, "zzz", false);
            searcher
        })
        .bench_local_refs(|searcher| searcher.search(board, QUERY, false).len());
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn nucleo_per_field(bencher: Bencher, count: usize) {
    let cards = fields(count);
    let words: Vec<String> = QUERY.split_whitespace().map(str::to_lowercase).collect();
    let needles: Vec<Utf32String> = words
        .iter()
        .map(|w| Utf32String::from(w.as_str()))
        .collect();
    let mut config = Config::DEFAULT;
    config.ignore_case = false; // fields and words are lowercase already
    config.normalize = false;
    let mut matcher = Matcher::new(config);
    let ideal: Vec<u32> = needles
        .iter()
        .map(|n| u32::from(matcher.fuzzy_match(n.slice(..), n.slice(..)).unwrap_or(0)))
        .collect();
    let mut buffer = Vec::new();
    bencher.bench_local(|| {
        rank(cards, words.len(), |field, word| {
            let haystack = Utf32Str::new(field, &mut buffer);
            let score = u32::from(matcher.fuzzy_match(haystack, needles[word].slice(..))?);
            (4 * score >= 3 * ideal[word] || field.contains(words[word].as_str())).then_some(score)
        })
    });
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn fuzzy_matcher_per_field(bencher: Bencher, count: usize) {
    let cards = fields(count);
    let words: Vec<String> = QUERY.split_whitespace().map(str::to_lowercase).collect();
    let matcher = SkimMatcherV2::default().respect_case();
    let ideal: Vec<i64> = words
        .iter()
        .map(|w| matcher.fuzzy_match(w, w).unwrap_or(0))
        .collect();
    bencher.bench_local(|| {
        rank(cards, words.len(), |field, word| {
            let score = matcher.fuzzy_match(field, &words[word])?;
            (4 * score >= 3 * ideal[word] || field.contains(words[word].as_str()))
                .then_some(score.max(0) as u32)
        })
    });
}
