//! The board in memory: settings, cards ordered in their columns, and reviews.
//!
//! Built for 100,000 cards: cards live in a slot arena addressed by `CardKey`, each
//! column keeps its keys sorted by `(rank, id)`, and a change to one card moves one
//! key, never re-sorting or cloning the rest.

use super::card_index::CardIndex;
use super::{
    Card, CardId, CardState, GatePolicy, Label, Measurements, MetricDecl, Phase, Rank, Review,
    ReviewId, Timestamp, card_state,
};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// The board's maps hash with foldhash, seeded at random per map like std's SipHash
/// (so ids from a shared repository cannot be chosen to collide), and several times
/// faster on short keys: building them is a tenth of opening 100,000 cards.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::quality::RandomState>;

/// The board file format this version reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// Per-phase work-in-progress limits (`wip_limits` in `board.ron`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WipLimits {
    #[serde(default)]
    pub design: Option<u32>,
    #[serde(default)]
    pub development: Option<u32>,
    #[serde(default)]
    pub deployment: Option<u32>,
}

impl WipLimits {
    pub fn get(&self, phase: Phase) -> Option<u32> {
        match phase {
            Phase::Design => self.design,
            Phase::Development => self.development,
            Phase::Deployment => self.deployment,
        }
    }

    pub fn is_empty(&self) -> bool {
        Phase::ALL.iter().all(|p| self.get(*p).is_none())
    }
}

/// `board.ron`: the board's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardSettings {
    pub format: u32,
    pub name: String,
    #[serde(default)]
    pub gate: GatePolicy,
    #[serde(default)]
    pub wip_limits: WipLimits,
    /// Commit locally after every change when the board sits in a git work tree.
    #[serde(default)]
    pub autocommit: bool,
    /// The key metrics, in declaration order (SPEC §1).
    #[serde(default)]
    pub metrics: Vec<MetricDecl>,
}

impl BoardSettings {
    pub fn new(name: impl Into<String>) -> BoardSettings {
        BoardSettings {
            format: FORMAT_VERSION,
            name: name.into(),
            gate: GatePolicy::default(),
            wip_limits: WipLimits::default(),
            autocommit: false,
            metrics: Vec::new(),
        }
    }
}

/// A stable handle on a card in the board's arena.
pub type CardKey = u32;

#[derive(Debug, Clone)]
pub struct Board {
    pub settings: BoardSettings,
    slots: Vec<Option<Card>>,
    free: Vec<CardKey>,
    by_id: CardIndex,
    /// Each column's cards (archived included), sorted by `(rank, id)`.
    columns: [Vec<CardKey>; 3],
    /// How many cards of each column are archived, so the column headers drawn on
    /// every frame do not walk 100,000 cards to count the active ones.
    archived: [usize; 3],
    /// Each card's reviews, in chronological order.
    reviews: HashMap<CardId, Vec<Review>>,
    review_cards: HashMap<ReviewId, CardId>,
    /// The key metrics' measurements (`metrics/<id>.ron`), of declared metrics or not:
    /// a measurement of an undeclared metric is reported, never dropped.
    pub measurements: Measurements,
}

/// Loaded reviews grouped by card, each card's in chronological order, built apart
/// from any board (`Board::attach_reviews` joins them): at 100,000 cards the store
/// builds this on one thread while another builds the board's columns.
#[derive(Debug, Default)]
pub struct ReviewGroups {
    reviews: HashMap<CardId, Vec<Review>>,
    review_cards: HashMap<ReviewId, CardId>,
}

impl ReviewGroups {
    pub fn new(mut reviews: Vec<Review>) -> ReviewGroups {
        let mut review_cards = HashMap::default();
        review_cards.reserve(reviews.len());
        let mut duplicated = false;
        for review in &reviews {
            duplicated |= review_cards
                .insert(review.id.clone(), review.card.clone())
                .is_some();
        }
        if duplicated {
            // Two files with one id cannot happen (a review's id is its file name);
            // if it did, the later one replaces the earlier, as one by one would.
            let mut by_id: HashMap<ReviewId, Review> = HashMap::default();
            for review in reviews {
                by_id.insert(review.id.clone(), review);
            }
            reviews = by_id.into_values().collect();
            review_cards = reviews
                .iter()
                .map(|r| (r.id.clone(), r.card.clone()))
                .collect();
        }
        reviews.sort_unstable_by(|a, b| {
            a.card
                .cmp(&b.card)
                .then_with(|| a.chronological_key().cmp(&b.chronological_key()))
        });
        // Each card's reviews in one exactly sized list, split off the end of the
        // sorted ones (inserting them one by one would leave room for four in every
        // list, what `push` reserves first).
        let cards = reviews.chunk_by(|a, b| a.card == b.card).count();
        let mut grouped: HashMap<CardId, Vec<Review>> = HashMap::default();
        grouped.reserve(cards);
        while let Some(last) = reviews.last() {
            let card = last.card.clone();
            let start = reviews
                .iter()
                .rposition(|r| r.card != card)
                .map_or(0, |i| i + 1);
            grouped.insert(card, reviews.split_off(start));
        }
        ReviewGroups {
            reviews: grouped,
            review_cards,
        }
    }
}

fn order(a: &Card, b: &Card) -> Ordering {
    a.rank.cmp(&b.rank).then_with(|| a.id.cmp(&b.id))
}

/// A rank's first eight bytes as a number that sorts as the rank does: ranks compare
/// as bytes, and a shorter rank, padded with zero bytes (below every rank digit),
/// sorts before any longer one it starts. Equal prefixes say nothing.
fn rank_prefix(rank: &Rank) -> u64 {
    let mut bytes = [0u8; 8];
    let text = rank.as_str().as_bytes();
    let len = text.len().min(8);
    bytes[..len].copy_from_slice(&text[..len]);
    u64::from_be_bytes(bytes)
}

impl Board {
    pub fn new(settings: BoardSettings) -> Board {
        Board {
            settings,
            slots: Vec::new(),
            free: Vec::new(),
            by_id: CardIndex::default(),
            columns: Default::default(),
            archived: [0; 3],
            reviews: HashMap::default(),
            review_cards: HashMap::default(),
            measurements: Measurements::default(),
        }
    }

    /// Builds a board from loaded cards and reviews in one pass: sorting each column
    /// once is much faster than inserting 100,000 cards one by one. Reviews whose card
    /// is missing are returned so the caller can report them.
    pub fn from_parts(
        settings: BoardSettings,
        cards: Vec<Card>,
        reviews: Vec<Review>,
    ) -> (Board, Vec<Review>) {
        let groups = ReviewGroups::new(reviews);
        let mut board = Board::from_cards(settings, cards);
        let orphans = board.attach_reviews(groups);
        (board, orphans)
    }

    /// Builds a board of `cards` and no reviews, each column sorted once. The store
    /// groups the reviews (`ReviewGroups::new`) on another thread meanwhile.
    pub fn from_cards(settings: BoardSettings, cards: Vec<Card>) -> Board {
        let mut board = Board::new(settings);
        // The loaded cards become the arena in place (an `Option<Card>` is the size of
        // a card): no second array of 100,000 cards while the board is built.
        board.slots = cards.into_iter().map(Some).collect();
        board.by_id.reserve(board.slots.len(), &board.slots);
        for key in 0..board.slots.len() as CardKey {
            let Some(card) = &board.slots[key as usize] else {
                continue;
            };
            if board.by_id.get(&card.id, &board.slots).is_some() {
                // A second file with the same id: the first one read counts.
                board.slots[key as usize] = None;
                board.free.push(key);
                continue;
            }
            board.columns[card.phase.index()].push(key);
            board.archived[card.phase.index()] += usize::from(card.is_archived());
            board.by_id.insert(key, &board.slots);
        }
        let slots = &board.slots;
        let card = |key: CardKey| slots[key as usize].as_ref().expect("live");
        for column in &mut board.columns {
            // Sort on each rank's first eight bytes, held next to the key, and look at
            // the cards only on a tie: far fewer cache misses than comparing cards.
            let mut keyed: Vec<(u64, CardKey)> = column
                .iter()
                .map(|key| (rank_prefix(&card(*key).rank), *key))
                .collect();
            keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| order(card(a.1), card(b.1))));
            column.clear();
            column.extend(keyed.into_iter().map(|(_, key)| key));
            column.shrink_to_fit();
        }
        board
    }

    /// Gives a board built by `from_cards` its reviews, and returns those whose card
    /// it does not have (orphans, for the caller to report).
    pub fn attach_reviews(&mut self, groups: ReviewGroups) -> Vec<Review> {
        debug_assert!(self.review_cards.is_empty(), "a board without reviews yet");
        let ReviewGroups {
            mut reviews,
            mut review_cards,
        } = groups;
        let mut orphans = Vec::new();
        reviews.retain(|card, list| {
            if self.by_id.get(card, &self.slots).is_some() {
                return true;
            }
            for review in list.drain(..) {
                review_cards.remove(&review.id);
                orphans.push(review);
            }
            false
        });
        self.reviews = reviews;
        self.review_cards = review_cards;
        orphans
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.len() == 0
    }

    pub fn card(&self, key: CardKey) -> &Card {
        self.slots[key as usize].as_ref().expect("a live card key")
    }

    pub fn get(&self, key: CardKey) -> Option<&Card> {
        self.slots.get(key as usize).and_then(Option::as_ref)
    }

    pub fn key_of(&self, id: &CardId) -> Option<CardKey> {
        self.by_id.get(id, &self.slots)
    }

    pub fn card_by_id(&self, id: &CardId) -> Option<&Card> {
        self.key_of(id).map(|k| self.card(k))
    }

    /// All cards of a phase in board order, archived ones included.
    pub fn column(&self, phase: Phase) -> &[CardKey] {
        &self.columns[phase.index()]
    }

    /// Every card in board order: Design top to bottom, then Development, then Deployment.
    pub fn cards_in_order(&self) -> impl Iterator<Item = &Card> {
        Phase::ALL
            .into_iter()
            .flat_map(move |p| self.column(p).iter().map(move |k| self.card(*k)))
    }

    /// Every card with its key, in the arena's (memory) order: for whole-board figures
    /// that do not care about board order, walking memory in order is several times
    /// faster at 100,000 cards than following the columns.
    pub fn iter(&self) -> impl Iterator<Item = (CardKey, &Card)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(key, slot)| slot.as_ref().map(|card| (key as CardKey, card)))
    }

    /// One more than the largest card key: the length of a table indexed by key.
    pub fn key_bound(&self) -> usize {
        self.slots.len()
    }

    /// Every label on the board's cards (archived ones included), sorted, each once:
    /// for the filter picker and shell completions.
    pub fn labels(&self) -> Vec<Label> {
        let mut labels: Vec<Label> = self
            .slots
            .iter()
            .flatten()
            .flat_map(|card| card.labels.iter().cloned())
            .collect();
        labels.sort_unstable();
        labels.dedup();
        labels
    }

    /// Ids that start with `prefix`, for CLI prefix lookup.
    pub fn ids_with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a CardId> {
        self.by_id
            .keys()
            .map(|key| &self.card(key).id)
            .filter(move |id| id.as_str().starts_with(prefix))
    }

    fn position(&self, card: &Card) -> Result<usize, usize> {
        self.columns[card.phase.index()].binary_search_by(|k| order(self.card(*k), card))
    }

    /// Inserts a new card or replaces the card with the same id, keeping its column
    /// sorted. Returns its key.
    pub fn upsert(&mut self, card: Card) -> CardKey {
        if let Some(key) = self.key_of(&card.id) {
            let old = self.card(key);
            if old.phase == card.phase && old.rank == card.rank {
                let (phase, was_archived) = (card.phase.index(), old.is_archived());
                self.archived[phase] -= usize::from(was_archived);
                self.archived[phase] += usize::from(card.is_archived());
                self.slots[key as usize] = Some(card);
                return key;
            }
            self.detach(key);
            self.slots[key as usize] = Some(card);
            self.attach(key);
            return key;
        }
        let key = match self.free.pop() {
            Some(key) => {
                self.slots[key as usize] = Some(card);
                key
            }
            None => {
                self.slots.push(Some(card));
                (self.slots.len() - 1) as CardKey
            }
        };
        self.by_id.insert(key, &self.slots);
        self.attach(key);
        key
    }

    /// Removes a card and its reviews (SPEC §2: deleting a card deletes its reviews).
    pub fn remove_with_reviews(&mut self, id: &CardId) -> Option<(Card, Vec<Review>)> {
        let card = self.remove(id)?;
        let reviews = self.reviews.remove(id).unwrap_or_default();
        for review in &reviews {
            self.review_cards.remove(&review.id);
        }
        Some((card, reviews))
    }

    /// Removes a card, keeping its reviews: a card file that went missing or broke on
    /// disk may come back, and its reviews with it.
    pub fn remove(&mut self, id: &CardId) -> Option<Card> {
        let key = self.key_of(id)?;
        self.detach(key);
        self.by_id.remove(id, &self.slots);
        self.free.push(key);
        self.slots[key as usize].take()
    }

    fn detach(&mut self, key: CardKey) {
        let card = self.card(key);
        let (phase, archived) = (card.phase.index(), card.is_archived());
        let before = self.columns[phase].len();
        match self.position(card) {
            Ok(pos) => {
                self.columns[phase].remove(pos);
            }
            // Unreachable while columns stay sorted; the linear fallback keeps the
            // board consistent rather than panicking.
            Err(_) => self.columns[phase].retain(|k| *k != key),
        }
        if archived && self.columns[phase].len() < before {
            self.archived[phase] -= 1;
        }
    }

    fn attach(&mut self, key: CardKey) {
        let card = self.card(key);
        let pos = self.position(card).unwrap_or_else(|p| p);
        let (phase, archived) = (card.phase.index(), card.is_archived());
        self.archived[phase] += usize::from(archived);
        self.columns[phase].insert(pos, key);
    }

    /// Where a card stands in its column (archived cards included).
    pub fn index_in_column(&self, key: CardKey) -> Option<usize> {
        self.position(self.card(key)).ok()
    }

    /// A rank for a card placed right after `anchor` in `phase` (or at the top when
    /// `anchor` is None), skipping `moving` itself so it can be reordered in place.
    /// `None` when no rank fits there without rewriting the neighbours' (see
    /// `Rank::between`): the caller refuses the move.
    pub fn rank_after(
        &self,
        phase: Phase,
        anchor: Option<CardKey>,
        moving: CardKey,
    ) -> Option<Rank> {
        let column = self.column(phase);
        let start = match anchor {
            Some(a) => self.index_in_column(a).map_or(0, |i| i + 1),
            None => 0,
        };
        let next = column[start.min(column.len())..]
            .iter()
            .find(|k| **k != moving)
            .map(|k| &self.card(*k).rank);
        let before = anchor.map(|a| &self.card(a).rank);
        Rank::between(before, next)
    }

    /// A rank for a card placed right before `anchor` in `phase`, skipping `moving`;
    /// `None` when none fits.
    pub fn rank_before(&self, phase: Phase, anchor: CardKey, moving: CardKey) -> Option<Rank> {
        let column = self.column(phase);
        let end = self.index_in_column(anchor).unwrap_or(0);
        let previous = column[..end]
            .iter()
            .rev()
            .find(|k| **k != moving)
            .map(|k| &self.card(*k).rank);
        Rank::between(previous, Some(&self.card(anchor).rank))
    }

    /// A rank after every card of the column; `None` when the last one's is so long
    /// that none fits within `Rank::MAX_LEN`.
    pub fn rank_at_end(&self, phase: Phase, moving: CardKey) -> Option<Rank> {
        let last = self.column(phase).iter().rev().find(|k| **k != moving);
        Rank::between(last.map(|k| &self.card(*k).rank), None)
    }

    pub fn reviews_of(&self, id: &CardId) -> &[Review] {
        self.reviews.get(id).map_or(&[], Vec::as_slice)
    }

    /// Each card that has reviews, with them (chronological), in no particular order.
    pub fn reviews_by_card(&self) -> impl Iterator<Item = (&CardId, &[Review])> {
        self.reviews
            .iter()
            .filter(|(_, list)| !list.is_empty())
            .map(|(id, list)| (id, list.as_slice()))
    }

    /// The time of a card's latest event: its latest review or move (SPEC §1, "a
    /// card's events are strictly ordered"). A new event is stamped after it.
    pub fn latest_event(&self, key: CardKey) -> Option<Timestamp> {
        let card = self.card(key);
        let moved = card.history.iter().map(|m| m.at).max();
        // Each card's reviews are kept in chronological order: the last is the latest.
        let reviewed = self.reviews_of(&card.id).last().map(|r| r.at);
        moved.max(reviewed)
    }

    /// The stamp for a new review or move of a card at clock reading `now`: `now`, or
    /// one second after the card's latest event when the clock has not moved past it.
    pub fn stamp_event(&self, key: CardKey, now: Timestamp) -> Timestamp {
        Timestamp::stamp_after(now, self.latest_event(key))
    }

    pub fn review(&self, id: &ReviewId) -> Option<&Review> {
        let card = self.review_cards.get(id)?;
        self.reviews_of(card).iter().find(|r| &r.id == id)
    }

    pub fn reviews(&self) -> impl Iterator<Item = &Review> {
        self.reviews.values().flatten()
    }

    /// Adds or replaces a review, keeping the card's reviews chronological.
    pub fn insert_review(&mut self, review: Review) {
        self.remove_review(&review.id);
        self.review_cards
            .insert(review.id.clone(), review.card.clone());
        let list = self.reviews.entry(review.card.clone()).or_default();
        let pos = list
            .binary_search_by(|r| r.chronological_key().cmp(&review.chronological_key()))
            .unwrap_or_else(|p| p);
        list.insert(pos, review);
    }

    pub fn remove_review(&mut self, id: &ReviewId) -> Option<Review> {
        let card = self.review_cards.remove(id)?;
        let list = self.reviews.get_mut(&card)?;
        let pos = list.iter().position(|r| &r.id == id)?;
        Some(list.remove(pos))
    }

    pub fn state(&self, key: CardKey) -> CardState {
        let card = self.card(key);
        card_state(card, self.reviews_of(&card.id))
    }

    /// Cards in a phase that count against its WIP limit (archived ones do not).
    pub fn active_count(&self, phase: Phase) -> usize {
        debug_assert_eq!(
            self.archived[phase.index()],
            self.column(phase)
                .iter()
                .filter(|k| self.card(**k).is_archived())
                .count(),
            "archived count out of step"
        );
        self.column(phase).len() - self.archived[phase.index()]
    }
}

/// What changed between two versions of `board.ron`, in words (`gate Warn → Enforce`,
/// `WIP limit Development none → 3`), for the status line when the file changes on disk.
pub fn settings_changes(old: &BoardSettings, new: &BoardSettings) -> Vec<String> {
    let mut changes = Vec::new();
    if old.name != new.name {
        changes.push(format!("name \"{}\"", super::text::safe_line(&new.name)));
    }
    if old.gate != new.gate {
        changes.push(format!("gate {:?} → {:?}", old.gate, new.gate));
    }
    let limit = |l: Option<u32>| l.map_or_else(|| "none".to_string(), |n| n.to_string());
    for phase in Phase::ALL {
        let (before, after) = (old.wip_limits.get(phase), new.wip_limits.get(phase));
        if before != after {
            changes.push(format!(
                "WIP limit {phase} {} → {}",
                limit(before),
                limit(after)
            ));
        }
    }
    if old.metrics != new.metrics {
        let names: Vec<&str> = new.metrics.iter().map(|m| m.name.as_str()).collect();
        changes.push(match names.len() {
            0 => "no key metrics".to_string(),
            _ => format!("key metrics {}", names.join(", ")),
        });
    }
    if old.autocommit != new.autocommit {
        changes.push(format!(
            "autocommit {}",
            if new.autocommit { "on" } else { "off" }
        ));
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RoleSet, Timestamp};

    fn card(id: &str, phase: Phase, rank: &str) -> Card {
        Card::new(
            id.parse().unwrap(),
            format!("card {id}"),
            phase,
            rank.parse().unwrap(),
            RoleSet::EMPTY,
            Timestamp::from_unix(0),
        )
    }

    fn titles(board: &Board, phase: Phase) -> Vec<String> {
        board
            .column(phase)
            .iter()
            .map(|k| board.card(*k).id.to_string())
            .collect()
    }

    #[test]
    fn columns_are_sorted_by_rank_then_id() {
        let (board, _) = Board::from_parts(
            BoardSettings::new("t"),
            vec![
                card("cccc", Phase::Design, "m"),
                card("aaaa", Phase::Design, "z"),
                card("bbbb", Phase::Design, "m"),
                card("dddd", Phase::Development, "a"),
            ],
            vec![],
        );
        assert_eq!(titles(&board, Phase::Design), ["bbbb", "cccc", "aaaa"]);
        assert_eq!(titles(&board, Phase::Development), ["dddd"]);
    }

    #[test]
    fn upsert_moves_one_key_between_columns() {
        let (mut board, _) = Board::from_parts(
            BoardSettings::new("t"),
            vec![
                card("aaaa", Phase::Design, "a"),
                card("bbbb", Phase::Design, "b"),
            ],
            vec![],
        );
        let key = board.key_of(&"aaaa".parse().unwrap()).unwrap();
        let rank = board.rank_at_end(Phase::Development, key).unwrap();
        let moved = board.card(key).moved(
            Phase::Development,
            rank,
            Timestamp::from_unix(5),
            "ann",
            false,
        );
        assert_eq!(board.upsert(moved), key);
        assert_eq!(titles(&board, Phase::Design), ["bbbb"]);
        assert_eq!(titles(&board, Phase::Development), ["aaaa"]);
    }

    #[test]
    fn reorder_ranks_skip_the_moving_card() {
        let (mut board, _) = Board::from_parts(
            BoardSettings::new("t"),
            vec![
                card("aaaa", Phase::Design, "a"),
                card("bbbb", Phase::Design, "b"),
                card("cccc", Phase::Design, "c"),
            ],
            vec![],
        );
        let a = board.key_of(&"aaaa".parse().unwrap()).unwrap();
        let b = board.key_of(&"bbbb".parse().unwrap()).unwrap();
        // move a down past b
        let mut moved = board.card(a).clone();
        moved.rank = board.rank_after(Phase::Design, Some(b), a).unwrap();
        board.upsert(moved);
        assert_eq!(titles(&board, Phase::Design), ["bbbb", "aaaa", "cccc"]);
        // and back up before b
        let mut moved = board.card(a).clone();
        moved.rank = board.rank_before(Phase::Design, b, a).unwrap();
        board.upsert(moved);
        assert_eq!(titles(&board, Phase::Design), ["aaaa", "bbbb", "cccc"]);
    }

    /// Hand-edited ranks with nothing between them: no rank, never one elsewhere.
    #[test]
    fn no_rank_between_zero_and_zeros() {
        let (board, _) = Board::from_parts(
            BoardSettings::new("t"),
            vec![
                card("aaaa", Phase::Design, "0"),
                card("bbbb", Phase::Design, "0"),
                card("cccc", Phase::Design, "00"),
                card("dddd", Phase::Design, &"z".repeat(39)),
            ],
            vec![],
        );
        let key = |id: &str| board.key_of(&id.parse().unwrap()).unwrap();
        let (a, b, c, d) = (key("aaaa"), key("bbbb"), key("cccc"), key("dddd"));
        assert_eq!(
            titles(&board, Phase::Design),
            ["aaaa", "bbbb", "cccc", "dddd"]
        );
        // b up before a, d up before c ("0" .. "00"), c down after b ("0" .. "0")
        assert_eq!(board.rank_before(Phase::Design, a, b), None);
        assert_eq!(board.rank_before(Phase::Design, c, d), None);
        assert_eq!(board.rank_after(Phase::Design, None, a), None);
        // where there is room there is a rank
        let r = board.rank_after(Phase::Design, Some(c), a).unwrap();
        assert!(r.as_str() > "00" && r < board.card(d).rank);
        let r = board.rank_at_end(Phase::Design, a).unwrap();
        assert!(r > board.card(d).rank);
    }

    #[test]
    fn active_counts_follow_archiving_and_moves() {
        let (mut board, _) = Board::from_parts(
            BoardSettings::new("t"),
            vec![
                card("aaaa", Phase::Design, "a"),
                card("bbbb", Phase::Design, "b"),
            ],
            vec![],
        );
        assert_eq!(board.active_count(Phase::Design), 2);
        let mut archived = board.card_by_id(&"aaaa".parse().unwrap()).unwrap().clone();
        archived.archived = Some(Timestamp::from_unix(1));
        board.upsert(archived.clone());
        assert_eq!(board.active_count(Phase::Design), 1);
        archived.phase = Phase::Deployment;
        board.upsert(archived);
        assert_eq!(board.active_count(Phase::Design), 1);
        assert_eq!(board.active_count(Phase::Deployment), 0);
        board.remove(&"aaaa".parse().unwrap());
        assert_eq!(board.column(Phase::Deployment).len(), 0);
        assert_eq!(board.active_count(Phase::Deployment), 0);
    }

    #[test]
    fn removed_slots_are_reused() {
        let (mut board, _) = Board::from_parts(
            BoardSettings::new("t"),
            vec![card("aaaa", Phase::Design, "a")],
            vec![],
        );
        board.remove(&"aaaa".parse().unwrap()).unwrap();
        assert!(board.is_empty());
        let key = board.upsert(card("bbbb", Phase::Deployment, "a"));
        assert_eq!(key, 0);
        assert_eq!(titles(&board, Phase::Deployment), ["bbbb"]);
    }

    #[test]
    fn active_count_follows_archiving_and_moves() {
        let mut archived = card("bbbb", Phase::Design, "b");
        archived.archived = Some(Timestamp::from_unix(9));
        let (mut board, _) = Board::from_parts(
            BoardSettings::new("t"),
            vec![card("aaaa", Phase::Design, "a"), archived.clone()],
            vec![],
        );
        assert_eq!(board.active_count(Phase::Design), 1);
        // Unarchived in place, archived again, moved, removed.
        let mut unarchived = archived.clone();
        unarchived.archived = None;
        board.upsert(unarchived);
        assert_eq!(board.active_count(Phase::Design), 2);
        board.upsert(archived.clone());
        assert_eq!(board.active_count(Phase::Design), 1);
        let mut moved = archived.clone();
        moved.phase = Phase::Deployment;
        board.upsert(moved);
        assert_eq!(board.active_count(Phase::Design), 1);
        assert_eq!(board.active_count(Phase::Deployment), 0);
        assert_eq!(board.column(Phase::Deployment).len(), 1);
        board.remove(&"bbbb".parse().unwrap());
        board.upsert(card("cccc", Phase::Deployment, "c"));
        assert_eq!(board.active_count(Phase::Deployment), 1);
    }

    proptest::proptest! {
        /// Long ranks that share their first eight bytes still sort by rank, then id.
        #[test]
        fn from_parts_sorts_columns_by_rank_then_id(
            cards in proptest::collection::vec(
                ("[a-z0-9]{4,6}", 0usize..3, "(abcdefgh)?[0-9a-z]{0,10}[1-9a-z]"),
                0..60,
            )
        ) {
            let cards: Vec<Card> = cards
                .into_iter()
                .map(|(id, phase, rank)| card(&id, Phase::ALL[phase], &rank))
                .collect();
            let (board, _) = Board::from_parts(BoardSettings::new("t"), cards, vec![]);
            for phase in Phase::ALL {
                let column: Vec<&Card> =
                    board.column(phase).iter().map(|k| board.card(*k)).collect();
                proptest::prop_assert!(column.windows(2).all(|w| order(w[0], w[1]).is_lt()));
                proptest::prop_assert!(column.iter().all(|c| c.phase == phase));
            }
            let total: usize = Phase::ALL.iter().map(|p| board.column(*p).len()).sum();
            proptest::prop_assert_eq!(total, board.len());
        }

        /// Cards are found by id through any sequence of additions, replacements and
        /// removals (the index holds only keys; the ids are the cards' own).
        #[test]
        fn cards_are_found_by_id_after_any_changes(
            steps in proptest::collection::vec((0usize..40, proptest::bool::ANY), 0..200)
        ) {
            let (mut board, _) = Board::from_parts(BoardSettings::new("t"), vec![], vec![]);
            let mut model = std::collections::HashSet::new();
            for (n, add) in steps {
                let id = format!("c{n:03}");
                if add {
                    board.upsert(card(&id, Phase::ALL[n % 3], "m"));
                    model.insert(id);
                } else {
                    let removed = board.remove(&id.parse().unwrap());
                    proptest::prop_assert_eq!(removed.is_some(), model.remove(&id));
                }
            }
            proptest::prop_assert_eq!(board.len(), model.len());
            for n in 0..40 {
                let id: CardId = format!("c{n:03}").parse().unwrap();
                let found = board.key_of(&id).map(|key| board.card(key).id.clone());
                proptest::prop_assert_eq!(found.as_ref(), model.contains(id.as_str()).then_some(&id));
            }
            let mut prefixed: Vec<String> =
                board.ids_with_prefix("c00").map(|id| id.to_string()).collect();
            prefixed.sort();
            let mut expected: Vec<String> =
                model.iter().filter(|id| id.starts_with("c00")).cloned().collect();
            expected.sort();
            proptest::prop_assert_eq!(prefixed, expected);
        }

        /// Loading groups the reviews exactly as adding them one by one does: each
        /// card's in chronological order, those of missing cards returned.
        #[test]
        fn from_parts_keeps_reviews_as_inserting_them_does(
            reviews in proptest::collection::vec((0usize..5, 0i64..4, 0usize..40), 0..30)
        ) {
            use crate::model::{ReviewerRole, Verdict};
            let ids = ["aaaa", "bbbb", "cccc", "dddd", "gone"];
            let cards: Vec<Card> =
                ids[..4].iter().map(|id| card(id, Phase::Design, "m")).collect();
            // Ids may repeat, which files cannot (a review's id is its file name): the
            // later one then replaces the earlier.
            let reviews: Vec<Review> = reviews
                .into_iter()
                .map(|(card, at, n)| Review {
                    id: format!("r{n:03}").parse().unwrap(),
                    card: ids[card].parse().unwrap(),
                    at: Timestamp::from_unix(at),
                    phase: Phase::Design,
                    reviewer: "ann".into(),
                    role: ReviewerRole::BusinessStakeholder,
                    verdict: Verdict::Continue,
                    note: "".into(),
                })
                .collect();
            let (loaded, mut orphans) =
                Board::from_parts(BoardSettings::new("t"), cards.clone(), reviews.clone());
            let (mut one_by_one, _) = Board::from_parts(BoardSettings::new("t"), cards, vec![]);
            let mut expected_orphans = Vec::new();
            let last: std::collections::HashMap<_, _> =
                reviews.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
            let deduped = reviews.into_iter().enumerate().filter(|(i, r)| last[&r.id] == *i);
            for (_, review) in deduped {
                if one_by_one.key_of(&review.card).is_some() {
                    one_by_one.insert_review(review);
                } else {
                    expected_orphans.push(review);
                }
            }
            for id in &ids[..4] {
                let id: CardId = id.parse().unwrap();
                proptest::prop_assert_eq!(loaded.reviews_of(&id), one_by_one.reviews_of(&id));
                for review in loaded.reviews_of(&id) {
                    proptest::prop_assert_eq!(loaded.review(&review.id), Some(review));
                }
            }
            orphans.sort_by(|a, b| a.id.cmp(&b.id));
            expected_orphans.sort_by(|a, b| a.id.cmp(&b.id));
            proptest::prop_assert_eq!(orphans, expected_orphans);
        }
    }
}
