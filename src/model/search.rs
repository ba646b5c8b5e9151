//! Fuzzy search over cards (placeholder until the incremental searcher lands).

use super::{Board, CardKey};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

pub struct SearchHit {
    pub key: CardKey,
    pub score: i64,
}

pub struct Searcher {
    matcher: SkimMatcherV2,
    hits: Vec<SearchHit>,
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher::new()
    }
}

impl Searcher {
    pub fn new() -> Searcher {
        Searcher {
            matcher: SkimMatcherV2::default().ignore_case(),
            hits: Vec::new(),
        }
    }

    pub fn search(&mut self, board: &Board, query: &str, include_archived: bool) -> &[SearchHit] {
        self.hits.clear();
        if !query.trim().is_empty() {
            for card in board.cards_in_order() {
                if card.is_archived() && !include_archived {
                    continue;
                }
                let text = card.search_text();
                let mut total = 0;
                let mut all = true;
                for term in query.split_whitespace() {
                    match self.matcher.fuzzy_match(&text, term) {
                        Some(s) => total += s,
                        None => {
                            all = false;
                            break;
                        }
                    }
                }
                if all {
                    let key = board.key_of(&card.id).expect("live");
                    self.hits.push(SearchHit { key, score: total });
                }
            }
            self.hits.sort_by_key(|h| std::cmp::Reverse(h.score));
        }
        &self.hits
    }

    pub fn invalidate(&mut self) {}

    pub fn match_indices(&self, text: &str, query: &str) -> Vec<usize> {
        let mut out: Vec<usize> = query
            .split_whitespace()
            .filter_map(|t| self.matcher.fuzzy_indices(text, t))
            .flat_map(|(_, i)| i)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}
