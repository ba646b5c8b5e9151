//! Reviews: the stakeholders' decisions per phase, the cards waiting longest for one,
//! and the moves that went ahead without a passed gate.

use super::flow::{Aging, LISTED, Longest, offer_longest};
use super::top::TopK;
use crate::model::{Board, Card, CardId, CardKey, CardState, Phase, Review, Timestamp, Verdict};

/// A move recorded as ungated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UngatedMove {
    pub card: CardId,
    pub title: String,
    pub at: Timestamp,
    pub from: Phase,
    pub to: Phase,
    pub by: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewStats {
    /// Reviews by the phase reviewed and verdict: `verdicts[phase][verdict]`, verdicts in
    /// `Verdict::ALL` order. Reviews of archived cards count too.
    pub verdicts: [[usize; 3]; 3],
    /// Active cards in each state, in `CardState::ALL` order.
    pub states: [usize; 4],
    /// Active cards awaiting review, longest waiting (since they entered their phase)
    /// first.
    pub waiting: Vec<Aging>,
    /// Every move recorded as ungated, archived cards included.
    pub ungated_moves: usize,
    /// The latest ungated moves, newest first.
    pub recent_ungated: Vec<UngatedMove>,
}

pub struct ReviewBuilder {
    now: Timestamp,
    stats: ReviewStats,
    waiting: TopK<Longest, CardKey>,
    /// (when, card, which move) of the latest ungated moves.
    recent: TopK<(Timestamp, std::cmp::Reverse<CardId>, usize), CardKey>,
}

impl ReviewBuilder {
    pub fn new(now: Timestamp) -> ReviewBuilder {
        ReviewBuilder {
            now,
            stats: ReviewStats::default(),
            waiting: TopK::new(LISTED),
            recent: TopK::new(LISTED),
        }
    }

    pub fn add_review(&mut self, review: &Review) {
        let verdict = Verdict::ALL
            .iter()
            .position(|v| *v == review.verdict)
            .unwrap_or(0);
        self.stats.verdicts[review.phase.index()][verdict] += 1;
    }

    /// `state` is the card's review state, for active cards.
    pub fn add_card(&mut self, key: CardKey, card: &Card, state: Option<CardState>) {
        for (index, step) in card.history.iter().enumerate() {
            if !step.ungated {
                continue;
            }
            self.stats.ungated_moves += 1;
            if self.recent.may_take(|smallest| step.at >= smallest.0) {
                let order = (step.at, std::cmp::Reverse(card.id.clone()), index);
                self.recent.offer(order, key);
            }
        }
        let Some(state) = state else {
            return;
        };
        let slot = CardState::ALL.iter().position(|s| *s == state).unwrap_or(0);
        self.stats.states[slot] += 1;
        if state == CardState::AwaitingReview {
            let secs = card.entered_current_phase().seconds_until(self.now);
            offer_longest(&mut self.waiting, secs, key, card);
        }
    }

    pub fn finish(mut self, board: &Board) -> ReviewStats {
        let now = self.now;
        self.stats.waiting = self
            .waiting
            .into_sorted()
            .into_iter()
            .map(|(_, key)| {
                let card = board.card(key);
                Aging::new(card, card.entered_current_phase(), now)
            })
            .collect();
        self.stats.recent_ungated = self
            .recent
            .into_sorted()
            .into_iter()
            .filter_map(|((_, _, index), key)| {
                let card = board.card(key);
                let step = card.history.get(index)?;
                Some(UngatedMove {
                    card: card.id.clone(),
                    title: card.title.to_string(),
                    at: step.at,
                    from: step.from,
                    to: step.to,
                    by: step.by.to_string(),
                })
            })
            .collect();
        self.stats
    }
}
