//! A card: one task of the ML life cycle, owned by one or more roles.

use super::{CardId, Date, Labels, Phase, Rank, RoleSet, Timestamp};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};

/// One entry of a card's append-only move history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Move {
    pub at: Timestamp,
    pub from: Phase,
    pub to: Phase,
    /// Kept inline (no allocation of its own) up to 24 bytes, which is nearly every
    /// name: every card's history has one per move.
    pub by: CompactString,
    /// True when the card left a phase without having passed its gate.
    pub ungated: bool,
}

/// Field order here is the field order of card files (SPEC §2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    pub id: CardId,
    /// Boxed (no spare capacity, 8 bytes smaller than a `String`): 100,000 cards are
    /// held at once, and their text changes only when a user edits it.
    pub title: Box<str>,
    pub description: Box<str>,
    pub phase: Phase,
    pub rank: Rank,
    pub roles: RoleSet,
    /// Optional in files (SPEC §2): written only when there are some, so a card
    /// without labels keeps its bytes. `--json` always has them (`[]` when none).
    #[serde(default)]
    pub labels: Labels,
    /// Optional in files, written `due: "2026-12-15"` only when set; `null` in JSON.
    #[serde(default, deserialize_with = "super::date::deserialize_optional")]
    pub due: Option<Date>,
    pub created: Timestamp,
    pub archived: Option<Timestamp>,
    /// Boxed for the same reason: a move makes a new one, one entry longer (`Card::moved`).
    pub history: Box<[Move]>,
}

impl Card {
    pub fn new(
        id: CardId,
        title: String,
        phase: Phase,
        rank: Rank,
        roles: RoleSet,
        created: Timestamp,
    ) -> Card {
        Card {
            id,
            title: title.into(),
            description: Box::default(),
            phase,
            rank,
            roles,
            labels: Labels::default(),
            due: None,
            created,
            archived: None,
            history: Box::default(),
        }
    }

    pub fn is_archived(&self) -> bool {
        self.archived.is_some()
    }

    /// Past its due date on `today` (UTC) and still active: due today is not overdue.
    pub fn is_overdue(&self, today: Date) -> bool {
        !self.is_archived() && self.due.is_some_and(|due| due < today)
    }

    /// When the card last entered its current phase: its latest move into that phase,
    /// or its creation.
    pub fn entered_current_phase(&self) -> Timestamp {
        self.last_entry().map_or(self.created, |m| m.at)
    }

    /// The move that last brought the card into its current phase, if any.
    fn last_entry(&self) -> Option<&Move> {
        self.history.iter().rev().find(|m| m.to == self.phase)
    }

    /// Whether a review made at `at` in the current phase was made since the card last
    /// entered that phase, so that its gate counts it.
    ///
    /// mlboard stamps a review made after a move at least one second after it (SPEC
    /// §1), so a review made since the entry is strictly later than it. A review in
    /// the same second as the entry can only come from an older mlboard or a clone,
    /// where which came first is unknown: it does not count, so a decision that may
    /// predate the move never passes a gate (the card awaits a new review instead).
    /// No review can predate the card itself: one in its creation second counts.
    pub fn counts_review_at(&self, at: Timestamp) -> bool {
        match self.last_entry() {
            Some(entry) => at > entry.at,
            None => at >= self.created,
        }
    }

    /// The card after moving to `to`, recording the move in its history.
    pub fn moved(&self, to: Phase, rank: Rank, at: Timestamp, by: &str, ungated: bool) -> Card {
        let mut card = self.clone();
        let entry = Move {
            at,
            from: self.phase,
            to,
            by: by.into(),
            ungated,
        };
        card.history = self.history.iter().cloned().chain([entry]).collect();
        card.phase = to;
        card.rank = rank;
        card
    }
}
