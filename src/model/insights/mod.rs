//! Insights (`i`, `mlboard stats`, the exported page): what the board says about the
//! project, computed in one pass over the cards, given `now`.
//!
//! - **Flow**: cumulative flow per day, throughput per week, cycle time, the cards that
//!   have sat longest in their phase (`flow`);
//! - **Roles**: coverage phase × role, flagging the roles the life cycle expects in a
//!   phase with cards but no card there has (`roles`);
//! - **Reviews**: outcomes per phase, cards waiting longest for a decision, ungated moves
//!   (`reviews`);
//! - **Metrics**: each key metric's goal, measurements, latest value, status and trend.
//!
//! Pure and fast: 100,000 cards take a few milliseconds (`benches/insights.rs`).

pub mod flow;
pub mod reviews;
pub mod roles;
mod timeline;
mod top;

pub use flow::{Aging, CYCLE_BUCKETS, CycleTimes, FLOW_DAYS, Flow, THROUGHPUT_WEEKS, percentile};
pub use reviews::{ReviewStats, UngatedMove};
pub use roles::{Coverage, RoleFlag};
pub use timeline::DAY;

use super::metric::{self, Status, Trend};
use super::{Board, CardState, Goal, Measurement, MetricName, Phase, Timestamp, card_state};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhaseStats {
    /// Cards in the phase that are not archived.
    pub active: usize,
    pub archived: usize,
    pub wip_limit: Option<u32>,
    /// How long the active cards have been in the phase so far, on average.
    pub average_current_secs: Option<i64>,
    /// How long a finished stay in the phase lasted, on average: from entering the
    /// phase (or creation) to the move out of it, over every card's history.
    pub average_stay_secs: Option<i64>,
    /// How many finished stays that average is over.
    pub finished_stays: usize,
}

/// A key metric as insights show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricInsight {
    pub name: MetricName,
    pub goal: Goal,
    pub status: Status,
    pub trend: Option<Trend>,
    /// Every measurement, oldest first.
    pub measurements: Vec<Measurement>,
}

impl MetricInsight {
    pub fn latest(&self) -> Option<&Measurement> {
        self.measurements.last()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Insights {
    pub now: Timestamp,
    pub phases: [PhaseStats; 3],
    pub flow: Flow,
    pub roles: Coverage,
    pub reviews: ReviewStats,
    pub metrics: Vec<MetricInsight>,
}

/// Every card's review state, by key. A card without reviews awaits one, so only the
/// reviewed cards (a fraction of a big board) are looked up: one hash lookup per card
/// was half the time of the whole computation at 100,000 cards.
fn review_states(board: &Board, slots: usize) -> Vec<CardState> {
    let mut states = vec![CardState::AwaitingReview; slots];
    for (id, list) in board.reviews_by_card() {
        if let Some(key) = board.key_of(id)
            && let Some(state) = states.get_mut(key as usize)
        {
            *state = card_state(board.card(key), list);
        }
    }
    states
}

fn average(total: i64, count: usize) -> Option<i64> {
    (count > 0).then(|| total / count as i64)
}

impl Insights {
    pub fn compute(board: &Board, now: Timestamp) -> Insights {
        let states = review_states(board, board.key_bound());
        let mut flow = flow::FlowBuilder::new(now);
        let mut reviews = reviews::ReviewBuilder::new(now);
        let mut roles = Coverage::default();
        let mut phases: [PhaseStats; 3] = Default::default();
        let mut current = [(0i64, 0usize); 3];
        let mut finished = [(0i64, 0usize); 3];
        for phase in Phase::ALL {
            phases[phase.index()].wip_limit = board.settings.wip_limits.get(phase);
        }
        for (key, card) in board.iter() {
            let stats = &mut phases[card.phase.index()];
            flow.add(key, card);
            let mut since = card.created;
            for entry in &card.history {
                let stay = &mut finished[entry.from.index()];
                stay.0 += since.seconds_until(entry.at).max(0);
                stay.1 += 1;
                since = entry.at;
            }
            if card.is_archived() {
                stats.archived += 1;
                reviews.add_card(key, card, None);
                continue;
            }
            stats.active += 1;
            roles.add(card);
            reviews.add_card(key, card, Some(states[key as usize]));
            let now_stay = &mut current[card.phase.index()];
            now_stay.0 += since.seconds_until(now).max(0);
            now_stay.1 += 1;
        }
        for phase in Phase::ALL {
            let i = phase.index();
            phases[i].average_current_secs = average(current[i].0, current[i].1);
            phases[i].average_stay_secs = average(finished[i].0, finished[i].1);
            phases[i].finished_stays = finished[i].1;
        }
        for review in board.reviews() {
            reviews.add_review(review);
        }
        let metrics = metric::summaries(&board.settings.metrics, &board.measurements)
            .into_iter()
            .map(|s| MetricInsight {
                name: s.decl.name.clone(),
                goal: s.decl.goal,
                status: s.status,
                trend: s.trend,
                measurements: s.measurements.to_vec(),
            })
            .collect();
        Insights {
            now,
            phases,
            flow: flow.finish(board),
            roles: roles.finish(),
            reviews: reviews.finish(board),
            metrics,
        }
    }
}

#[cfg(test)]
mod tests;
