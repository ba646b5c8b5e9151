//! Flow: how work moves through the three phases. Cumulative flow per day, throughput
//! per week, cycle time, and the cards that have sat longest in their phase.

use super::timeline::{self, DAY, day_of, monday_of, start_of_day};
use super::top::TopK;
use crate::model::{Board, Card, CardId, CardKey, Phase, Timestamp};
use std::cmp::Reverse;

/// Days of cumulative flow shown (up to today).
pub const FLOW_DAYS: i64 = 90;
/// Weeks of throughput shown (up to this week).
pub const THROUGHPUT_WEEKS: i64 = 12;
/// Cards listed as longest in their phase, or longest waiting.
pub const LISTED: usize = 10;

/// Cycle-time histogram buckets: upper bounds in days (the last is open) and labels.
pub const CYCLE_BUCKETS: [(i64, &str); 8] = [
    (1, "<1d"),
    (3, "1-3d"),
    (7, "3-7d"),
    (14, "7-14d"),
    (30, "14-30d"),
    (60, "30-60d"),
    (90, "60-90d"),
    (i64::MAX, "90d+"),
];

/// A card and how long it has been somewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aging {
    pub card: CardId,
    pub title: String,
    pub phase: Phase,
    pub since: Timestamp,
    pub secs: i64,
}

impl Aging {
    pub fn new(card: &Card, since: Timestamp, now: Timestamp) -> Aging {
        Aging {
            card: card.id.clone(),
            title: card.title.to_string(),
            phase: card.phase,
            since,
            secs: since.seconds_until(now).max(0),
        }
    }
}

/// Cycle times (first entry into Development → entry into Deployment) of every card
/// that has made it, archived ones included.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CycleTimes {
    pub count: usize,
    /// Nearest-rank percentiles: real cycle times, never interpolated.
    pub median_secs: Option<i64>,
    pub p85_secs: Option<i64>,
    pub min_secs: Option<i64>,
    pub max_secs: Option<i64>,
    /// Cards per `CYCLE_BUCKETS` bucket.
    pub histogram: [usize; 8],
}

/// The value at nearest rank `⌈p·n/100⌉` of sorted `values`.
pub fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

impl CycleTimes {
    pub fn from_secs(mut secs: Vec<i64>) -> CycleTimes {
        secs.sort_unstable();
        let mut histogram = [0; 8];
        for s in &secs {
            let days = s / DAY;
            let bucket = CYCLE_BUCKETS
                .iter()
                .position(|(upper, _)| days < *upper)
                .unwrap_or(CYCLE_BUCKETS.len() - 1);
            histogram[bucket] += 1;
        }
        CycleTimes {
            count: secs.len(),
            median_secs: percentile(&secs, 50),
            p85_secs: percentile(&secs, 85),
            min_secs: secs.first().copied(),
            max_secs: secs.last().copied(),
            histogram,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flow {
    /// The first day of the cumulative flow (00:00 UTC).
    pub flow_start: Timestamp,
    /// Cards in each phase at the end of each day (`[design, development, deployment]`),
    /// oldest day first, up to today; empty on a board without cards. A card counts
    /// from its creation until it is archived.
    pub cumulative: Vec<[usize; 3]>,
    /// The Monday (00:00 UTC) of the first week of throughput.
    pub weeks_start: Timestamp,
    /// Moves into Deployment per week, oldest week first, up to this week.
    pub throughput: Vec<usize>,
    pub cycle: CycleTimes,
    /// Active cards that have sat longest in their current phase, longest first.
    pub longest: Vec<Aging>,
}

/// Builds `Flow` one card at a time.
pub struct FlowBuilder {
    now: Timestamp,
    first_day: i64,
    days: usize,
    /// The day the earliest card was created: a young board's flow starts there.
    earliest: Option<i64>,
    /// Per phase, +1 on the day a stay starts and -1 on the day it ends.
    changes: Vec<[i64; 3]>,
    first_monday: i64,
    throughput: Vec<usize>,
    cycles: Vec<i64>,
    longest: TopK<Longest, CardKey>,
}

/// Seconds, then the smaller id first on a tie, so the lists are the same on every run.
pub type Longest = (i64, Reverse<CardId>);

/// Offers a card to a longest-first list; the id is cloned only when it can get in.
pub fn offer_longest(top: &mut TopK<Longest, CardKey>, secs: i64, key: CardKey, card: &Card) {
    if top.may_take(|smallest| secs >= smallest.0) {
        top.offer((secs, Reverse(card.id.clone())), key);
    }
}

impl FlowBuilder {
    pub fn new(now: Timestamp) -> FlowBuilder {
        let today = day_of(now);
        let first_day = today - FLOW_DAYS + 1;
        let days = FLOW_DAYS as usize;
        FlowBuilder {
            now,
            first_day,
            days,
            changes: vec![[0; 3]; days + 1],
            earliest: None,
            first_monday: monday_of(now) - 7 * (THROUGHPUT_WEEKS - 1),
            throughput: vec![0; THROUGHPUT_WEEKS as usize],
            cycles: Vec::new(),
            longest: TopK::new(LISTED),
        }
    }

    pub fn add(&mut self, key: CardKey, card: &Card) {
        let created = day_of(card.created);
        self.earliest = Some(self.earliest.map_or(created, |e| e.min(created)));
        let (first, days) = (self.first_day, self.days as i64);
        timeline::stays(card, |stay| {
            let from = day_of(stay.start) - first;
            let until = stay.end.map_or(days, |e| day_of(e) - first).min(days);
            if from < days && until > 0 && from.max(0) < until {
                self.changes[from.max(0) as usize][stay.phase.index()] += 1;
                self.changes[until as usize][stay.phase.index()] -= 1;
            }
        });
        for step in &card.history {
            if step.to == Phase::Deployment {
                let week = (monday_of(step.at) - self.first_monday).div_euclid(7);
                if let Some(count) = usize::try_from(week)
                    .ok()
                    .and_then(|w| self.throughput.get_mut(w))
                {
                    *count += 1;
                }
            }
        }
        if let Some((start, end)) = timeline::cycle(card) {
            self.cycles.push(start.seconds_until(end));
        }
        if !card.is_archived() {
            let secs = card.entered_current_phase().seconds_until(self.now);
            offer_longest(&mut self.longest, secs, key, card);
        }
    }

    pub fn finish(self, board: &Board) -> Flow {
        let mut running = [0i64; 3];
        let mut cumulative: Vec<[usize; 3]> = self.changes[..self.days]
            .iter()
            .map(|change| {
                for p in 0..3 {
                    running[p] += change[p];
                }
                running.map(|n| n.max(0) as usize)
            })
            .collect();
        // The days before the first card add nothing but empty space.
        let last_day = self.first_day + self.days as i64 - 1;
        let first_day = self
            .earliest
            .map_or(last_day, |e| e.clamp(self.first_day, last_day));
        let skip = if self.earliest.is_some() {
            (first_day - self.first_day) as usize
        } else {
            self.days
        };
        cumulative.drain(..skip);
        let now = self.now;
        Flow {
            flow_start: start_of_day(first_day),
            cumulative,
            weeks_start: start_of_day(self.first_monday),
            throughput: self.throughput,
            cycle: CycleTimes::from_secs(self.cycles),
            longest: self
                .longest
                .into_sorted()
                .into_iter()
                .map(|(_, key)| {
                    let card = board.card(key);
                    Aging::new(card, card.entered_current_phase(), now)
                })
                .collect(),
        }
    }
}
