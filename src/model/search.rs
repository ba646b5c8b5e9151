//! Fuzzy search over cards: titles, role tags and names, ids and descriptions.
//!
//! The query is split on whitespace and every term must match, scored as skim does
//! (`fuzzy_matcher::skim::SkimMatcherV2`, see `skim.rs` for why it is re-implemented);
//! a card's score is the sum of its term scores, and a term that matches inside the
//! title earns a bonus, so title matches rank first. Pure: no terminal.
//!
//! Built for one keystroke at a time on 100,000 cards: the lowercased haystacks are
//! built once (until `invalidate`), a query that extends the previous one only
//! re-matches the previous hits and only re-scores the terms that changed, a
//! backspace returns to a search kept from before, large sets are split across
//! threads, and hits are sorted on a cheap integer key.

mod haystack;
mod score;
mod skim;

use super::{Board, CardKey};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use haystack::Haystacks;
use score::{Candidate, Term, rescore};
use std::cmp::Reverse;
use std::collections::VecDeque;

/// A card that matches the query, and how well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchHit {
    pub key: CardKey,
    pub score: i64,
}

/// An earlier search, kept so a later keystroke can start from it.
#[derive(Debug)]
struct Previous {
    terms: Vec<Term>,
    include_archived: bool,
    /// The matching cards in board order, with their scores.
    candidates: Vec<Candidate>,
}

/// How many earlier searches are kept (a query typed, then corrected), and how many
/// candidates they may hold in all (24 bytes each, so at most 24 MB) before the
/// oldest go.
const HISTORY_SEARCHES: usize = 32;
const HISTORY_CANDIDATES: usize = 1_000_000;

/// Searches a board; keeps its index and the recent queries between keystrokes.
pub struct Searcher {
    haystacks: Option<Haystacks>,
    /// Recent searches, oldest first: typing extends the latest, a backspace returns
    /// to an earlier one.
    history: VecDeque<Previous>,
    /// The query `hits` answers.
    shown: Option<(Vec<Term>, bool)>,
    hits: Vec<SearchHit>,
    /// The sort buffer, kept to save an allocation per keystroke.
    ranked: Vec<(Reverse<i64>, u32)>,
    threads: usize,
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher::new()
    }
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher")
            .field("indexed", &self.haystacks.as_ref().map(|h| h.entries.len()))
            .field("hits", &self.hits.len())
            .finish()
    }
}

/// The lowercase terms of a query.
fn terms_of(query: &str) -> Vec<Term> {
    query.split_whitespace().map(Term::new).collect()
}

/// How far the new terms agree with the previous ones, when the new query can only
/// match a subset of the previous hits: every previous term is kept and only the last
/// may have grown. Returns how many leading terms keep their scores.
fn settled_terms(previous: &[Term], new: &[Term]) -> Option<usize> {
    let (last, rest) = previous.split_last()?;
    if new.len() < previous.len() || new[..rest.len()] != *rest {
        return None;
    }
    let grown = &new[rest.len()];
    if grown == last {
        Some(previous.len())
    } else if grown.text.starts_with(last.text.as_str()) {
        // a term that matches as a subsequence also matches through any prefix of it
        Some(rest.len())
    } else {
        None
    }
}

/// Keeps a search for later keystrokes, forgetting the oldest beyond the limits.
fn remember(history: &mut VecDeque<Previous>, search: Previous) {
    history.push_back(search);
    let mut total: usize = history.iter().map(|p| p.candidates.len()).sum();
    while history.len() > HISTORY_SEARCHES || (total > HISTORY_CANDIDATES && history.len() > 1) {
        if let Some(oldest) = history.pop_front() {
            total -= oldest.candidates.len();
        }
    }
}

impl Searcher {
    pub fn new() -> Searcher {
        Searcher {
            haystacks: None,
            history: VecDeque::new(),
            shown: None,
            hits: Vec::new(),
            ranked: Vec::new(),
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }

    /// Ranked best first (ties: board order). Empty query → no hits.
    pub fn search(&mut self, board: &Board, query: &str, include_archived: bool) -> &[SearchHit] {
        let terms = terms_of(query);
        if terms.is_empty() {
            self.shown = None;
            self.hits.clear();
            return &self.hits;
        }
        if self
            .haystacks
            .as_ref()
            .is_none_or(|h| h.card_count != board.len())
        {
            self.invalidate();
            self.haystacks = Some(Haystacks::build(board, self.threads));
        }
        let Some(haystacks) = self.haystacks.as_ref() else {
            return &self.hits;
        };
        // the same terms again (a redraw, or only whitespace changed): the same hits
        if self
            .shown
            .as_ref()
            .is_some_and(|(t, a)| *t == terms && *a == include_archived)
        {
            return &self.hits;
        }

        let same_flag = |p: &Previous| p.include_archived == include_archived;
        let earlier = self
            .history
            .iter()
            .position(|p| same_flag(p) && p.terms == terms);
        // back to an earlier query (a backspace): its results are still right
        let current = if let Some(index) = earlier {
            index
        } else {
            // Start from the latest search this query narrows, else from every card.
            let base = self
                .history
                .iter()
                .rev()
                .filter(|p| same_flag(p))
                .find_map(|p| settled_terms(&p.terms, &terms).map(|kept| (p, kept)));
            let (mut candidates, from) = match base {
                Some((previous, kept)) => {
                    let mut candidates = previous.candidates.clone();
                    if kept == previous.terms.len() {
                        // the previous last term is complete now: it joins the settled sum
                        for c in &mut candidates {
                            c.settled += c.last;
                        }
                    }
                    (candidates, kept)
                }
                None => {
                    let candidates = haystacks
                        .entries
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| include_archived || !e.archived)
                        .map(|(i, _)| Candidate::new(i))
                        .collect();
                    (candidates, 0)
                }
            };
            rescore(haystacks, &terms, from, &mut candidates, self.threads);
            remember(
                &mut self.history,
                Previous {
                    terms: terms.clone(),
                    include_archived,
                    candidates,
                },
            );
            self.history.len() - 1
        };
        let candidates = &self.history[current].candidates;

        // Candidates stay in board order (so the next keystroke walks the index in
        // memory order); the hits are sorted best first, then in board order.
        let mut ranked: Vec<(Reverse<i64>, u32)> = std::mem::take(&mut self.ranked);
        ranked.clear();
        ranked.extend(candidates.iter().map(|c| (Reverse(c.score()), c.entry)));
        ranked.sort_unstable();
        self.hits.clear();
        self.hits
            .extend(ranked.iter().map(|&(Reverse(score), entry)| SearchHit {
                key: haystacks.entries[entry as usize].key,
                score,
            }));
        self.ranked = ranked;
        self.shown = Some((terms, include_archived));
        &self.hits
    }

    /// Call after the board changed (cards added/edited/removed).
    pub fn invalidate(&mut self) {
        self.haystacks = None;
        self.history.clear();
        self.shown = None;
        self.hits.clear();
    }

    /// Char indices of `text` matched by the query, for highlighting: the union of
    /// each term's best match in `text` (terms that do not match it add nothing).
    pub fn match_indices(&self, text: &str, query: &str) -> Vec<usize> {
        let terms = terms_of(query);
        if terms.is_empty() {
            return Vec::new();
        }
        // Lowercasing may turn one char into several: remember where each came from.
        let mut lowered = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        for (index, c) in text.chars().enumerate() {
            for lower in c.to_lowercase() {
                lowered.push(lower);
                origin.push(index);
            }
        }
        // A new matcher per call: a reused one can carry state from call to call.
        let matcher = SkimMatcherV2::default().respect_case();
        let mut indices: Vec<usize> = terms
            .iter()
            .filter_map(|term| matcher.fuzzy_indices(&lowered, &term.text))
            .flat_map(|(_, positions)| positions)
            .filter_map(|i| origin.get(i).copied())
            .collect();
        indices.sort_unstable();
        indices.dedup();
        indices
    }
}

#[cfg(test)]
mod tests;
