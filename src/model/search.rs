//! Search over cards: titles, descriptions, role tags and names, and ids.
//!
//! The query is split on whitespace and every word must match within one field of a
//! card, by the rule in `rule.rs`: as typed, or with a letter or two left out, or as
//! the beginnings of consecutive words. A card's score is the sum of its words' best
//! field scores (a title match earns a bonus); hits are ranked best first, ties in
//! board order. Pure: no terminal.
//!
//! Built for one keystroke at a time on 100,000 cards: the lowercased fields are
//! indexed once and then kept up to date card by card (`card_changed`), a query that
//! extends the previous one only re-checks the previous hits and only re-scores the
//! word that changed, a backspace returns to a search kept from before, large sets
//! are split across threads, and hits are sorted on a cheap integer key.

mod fields;
mod highlight;
mod index;
mod rule;
mod score;

pub use highlight::Highlights;

use super::{Board, Card, CardKey, Phase};
use index::Index;
use score::{Candidate, Term, rescore, score_card};
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
    /// The matching cards in key order, with their scores.
    candidates: Vec<Candidate>,
}

impl Previous {
    /// Brings the search up to date with the card now under `key`.
    fn patch(&mut self, index: &Index, key: CardKey) {
        let at = self.candidates.binary_search_by_key(&key, |c| c.key);
        if let Ok(at) = at {
            self.candidates.remove(at);
        }
        let wanted = index
            .get(key)
            .is_some_and(|(entry, _)| self.include_archived || !entry.archived);
        if wanted && let Some(candidate) = score_card(index, &self.terms, key) {
            let at = at.unwrap_or_else(|at| at);
            self.candidates.insert(at, candidate);
        }
    }
}

/// How many earlier searches are kept (a query typed, then corrected), and how many
/// candidates they may hold in all (12 bytes each, so at most 12 MB) before the
/// oldest go.
const HISTORY_SEARCHES: usize = 32;
const HISTORY_CANDIDATES: usize = 1_000_000;

/// Up to this many changed cards patch the kept searches; more (a reload of many
/// files) drop them, and the next keystroke searches every card again.
const PATCH_MAX: usize = 16;

/// Searches a board; keeps its index and the recent queries between keystrokes.
pub struct Searcher {
    index: Option<Index>,
    /// Cards changed since the index was last brought up to date.
    changed: Vec<CardKey>,
    /// Recent searches, oldest first: typing extends the latest, a backspace returns
    /// to an earlier one.
    history: VecDeque<Previous>,
    /// The query `hits` answers.
    shown: Option<(Vec<Term>, bool)>,
    hits: Vec<SearchHit>,
    /// Buffers kept to save allocations per keystroke: the sort keys, and each
    /// card's place in board order (by key).
    ranked: Vec<(Reverse<i64>, u32, CardKey)>,
    order: Vec<u32>,
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
            .field("indexed", &self.index.as_ref().map(Index::len))
            .field("hits", &self.hits.len())
            .finish()
    }
}

/// The lowercase words of a query. Control characters split words like spaces do.
fn terms_of(query: &str) -> Vec<Term> {
    query
        .split(|c: char| c.is_whitespace() || c.is_control())
        // `#churn` is how the board shows a label: the `#` is not part of it.
        .map(|word| word.trim_start_matches('#'))
        .filter(|word| !word.is_empty())
        .map(Term::new)
        .collect()
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
        // every way a word matches also matches through each prefix of it
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
        Searcher::with_threads(std::thread::available_parallelism().map_or(1, |n| n.get()))
    }

    /// A searcher that uses at most `threads` threads (at least one).
    pub fn with_threads(threads: usize) -> Searcher {
        Searcher {
            index: None,
            changed: Vec::new(),
            history: VecDeque::new(),
            shown: None,
            hits: Vec::new(),
            ranked: Vec::new(),
            order: Vec::new(),
            threads: threads.max(1),
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
        self.catch_up(board);
        let Some(index) = self.index.as_ref() else {
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
        let current = if let Some(at) = earlier {
            at
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
                    let candidates = index
                        .entries()
                        .filter(|(_, e)| include_archived || !e.archived)
                        .map(|(key, _)| Candidate::new(key))
                        .collect();
                    (candidates, 0)
                }
            };
            rescore(index, &terms, from, &mut candidates, self.threads);
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
        self.rank(board, current);
        self.shown = Some((terms, include_archived));
        &self.hits
    }

    /// Sorts the candidates of `history[current]` into `hits`: best first, then in
    /// board order (read from the board each time, since moves do not touch the index).
    fn rank(&mut self, board: &Board, current: usize) {
        let candidates = &self.history[current].candidates;
        self.hits.clear();
        if candidates.is_empty() {
            return;
        }
        let bound = self.index.as_ref().map_or(0, Index::key_bound);
        self.order.clear();
        self.order.resize(bound, u32::MAX);
        let keys = Phase::ALL
            .into_iter()
            .flat_map(|phase| board.column(phase).iter());
        for (place, key) in keys.enumerate() {
            if let Some(slot) = self.order.get_mut(*key as usize) {
                *slot = place as u32;
            }
        }
        let mut ranked = std::mem::take(&mut self.ranked);
        ranked.clear();
        ranked.extend(
            candidates
                .iter()
                .map(|c| (Reverse(c.score()), self.order[c.key as usize], c.key)),
        );
        ranked.sort_unstable();
        self.hits.extend(
            ranked
                .iter()
                .map(|&(Reverse(score), _, key)| SearchHit { key, score }),
        );
        self.ranked = ranked;
    }

    /// Brings the index and the kept searches up to date with the board.
    fn catch_up(&mut self, board: &Board) {
        let changed = std::mem::take(&mut self.changed);
        let Some(index) = self.index.as_mut() else {
            self.index = Some(Index::build(board, self.threads));
            return;
        };
        if !changed.is_empty() {
            for &key in &changed {
                match board.get(key) {
                    Some(card) => index.upsert(key, card),
                    None => index.remove(key),
                }
            }
            if changed.len() > PATCH_MAX {
                self.history.clear();
            } else {
                for previous in &mut self.history {
                    for &key in &changed {
                        previous.patch(index, key);
                    }
                }
            }
        }
        // A caller that forgot to report a change: start again rather than miss cards.
        if index.len() != board.len() {
            self.invalidate();
            self.index = Some(Index::build(board, self.threads));
        }
    }

    /// Builds the index, or brings it up to date, ahead of the first search (the
    /// search popup opening), so that keystroke is not also the one that builds it.
    pub fn prepare(&mut self, board: &Board) {
        self.catch_up(board);
    }

    /// Call after the card under `key` was added, edited, moved or removed. Cheap: the
    /// index catches up on the next search, one card at a time.
    pub fn card_changed(&mut self, key: CardKey) {
        self.changed.push(key);
        self.shown = None;
    }

    /// Forgets the index and every kept search (after the whole board changed).
    pub fn invalidate(&mut self) {
        self.index = None;
        self.changed.clear();
        self.history.clear();
        self.shown = None;
        self.hits.clear();
    }

    /// Char indices of `text` (one field, as shown) that the query matched, for
    /// highlighting: for each query word that matches this field, the characters of
    /// its best match there.
    pub fn match_indices(&self, text: &str, query: &str) -> Vec<usize> {
        let mut indices: Vec<usize> = highlight::per_term(text, &terms_of(query))
            .into_iter()
            .flatten()
            .collect();
        indices.sort_unstable();
        indices.dedup();
        indices
    }

    /// What to highlight when `card` is shown as a hit of `query`: each word's match
    /// in the field where it matched.
    pub fn highlights(&self, card: &Card, query: &str) -> Highlights {
        highlight::highlights(card, &terms_of(query))
    }
}

#[cfg(test)]
mod tests;
