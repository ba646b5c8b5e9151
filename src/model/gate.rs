//! Phase gates: whether a card may move forward, given its reviews and the board's policy.

use super::{Card, Phase, Review, ReviewerRole, Verdict};
use serde::{Deserialize, Serialize};

/// What a forward move without a passed gate does (the `gate` field of `board.ron`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum GatePolicy {
    /// No gate: moves are never recorded as ungated.
    Off,
    /// The move happens, is flagged in the status line and recorded as ungated.
    #[default]
    Warn,
    /// The move is refused with a message saying what is missing.
    Enforce,
}

/// A card's review state in its current phase, shown on the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardState {
    Passed,
    AwaitingReview,
    Rework,
    Stopped,
}

impl CardState {
    pub const ALL: [CardState; 4] = [
        CardState::Passed,
        CardState::AwaitingReview,
        CardState::Rework,
        CardState::Stopped,
    ];

    /// The name in `--json` output.
    pub fn json_name(self) -> &'static str {
        match self {
            CardState::Passed => "passed",
            CardState::AwaitingReview => "awaiting_review",
            CardState::Rework => "rework",
            CardState::Stopped => "stopped",
        }
    }

    /// The word on the board: the state must read without colour.
    pub fn word(self) -> &'static str {
        match self {
            CardState::Passed => "passed",
            CardState::AwaitingReview => "awaiting review",
            CardState::Rework => "rework",
            CardState::Stopped => "stopped",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            CardState::Passed => "✓",
            CardState::AwaitingReview => "○",
            CardState::Rework => "↺",
            CardState::Stopped => "■",
        }
    }
}

/// The review that decides a card's state: its latest review (by time, then id) in its
/// current phase, made since it last entered that phase (see `Card::counts_review_at`
/// for a review in the same second as the entry). `reviews` may be in any order.
pub fn deciding_review<'a>(card: &Card, reviews: &'a [Review]) -> Option<&'a Review> {
    reviews
        .iter()
        .filter(|r| r.phase == card.phase && card.counts_review_at(r.at))
        .max_by(|a, b| a.chronological_key().cmp(&b.chronological_key()))
}

pub fn card_state(card: &Card, reviews: &[Review]) -> CardState {
    match deciding_review(card, reviews) {
        None => CardState::AwaitingReview,
        Some(review) => match (review.verdict, review.role) {
            (Verdict::Continue, ReviewerRole::BusinessStakeholder) => CardState::Passed,
            (Verdict::Continue, ReviewerRole::SubjectMatterExpert) => CardState::AwaitingReview,
            (Verdict::Rework, _) => CardState::Rework,
            (Verdict::Stop, _) => CardState::Stopped,
        },
    }
}

/// The outcome of asking whether a card may move from `from` to `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveDecision {
    /// The move happens; `ungated` is recorded in the history.
    Allowed { ungated: bool },
    /// The move is refused; the text says what is missing.
    Refused(String),
}

/// Decides a move. Backward moves are never gated; `force` (CLI only) overrides both
/// the policy and a Stop, and is then recorded as ungated.
pub fn decide_move(
    policy: GatePolicy,
    state: CardState,
    from: Phase,
    to: Phase,
    force: bool,
) -> MoveDecision {
    if to <= from {
        return MoveDecision::Allowed { ungated: false };
    }
    if state == CardState::Passed {
        return MoveDecision::Allowed { ungated: false };
    }
    if force {
        return MoveDecision::Allowed { ungated: true };
    }
    if state == CardState::Stopped {
        return MoveDecision::Refused(format!(
            "stopped: a stakeholder's latest review in {from} is Stop; it cannot move forward until a later Continue"
        ));
    }
    match policy {
        GatePolicy::Off => MoveDecision::Allowed { ungated: false },
        GatePolicy::Warn => MoveDecision::Allowed { ungated: true },
        GatePolicy::Enforce => MoveDecision::Refused(format!(
            "gate not passed: it needs a Continue from a Business Stakeholder in {from} (now {})",
            state.word()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CardId, Rank, ReviewId, RoleSet, Timestamp};

    fn t(s: i64) -> Timestamp {
        Timestamp::from_unix(1_800_000_000 + s)
    }

    fn card() -> Card {
        Card::new(
            "card0001".parse().unwrap(),
            "Compare two algorithms".into(),
            Phase::Design,
            "n".parse::<Rank>().unwrap(),
            RoleSet::EMPTY,
            t(0),
        )
    }

    fn review(id: &str, at: i64, phase: Phase, role: ReviewerRole, verdict: Verdict) -> Review {
        Review {
            id: id.parse::<ReviewId>().unwrap(),
            card: "card0001".parse::<CardId>().unwrap(),
            at: t(at),
            phase,
            reviewer: "Bob".into(),
            role,
            verdict,
            note: "".into(),
        }
    }

    use ReviewerRole::{BusinessStakeholder as Bs, SubjectMatterExpert as Sme};

    #[test]
    fn no_review_awaits() {
        assert_eq!(card_state(&card(), &[]), CardState::AwaitingReview);
    }

    #[test]
    fn latest_review_decides() {
        let c = card();
        let reviews = [
            review("rev1", 10, Phase::Design, Bs, Verdict::Stop),
            review("rev2", 20, Phase::Design, Bs, Verdict::Continue),
        ];
        assert_eq!(card_state(&c, &reviews), CardState::Passed);
        let reviews = [
            review("rev1", 20, Phase::Design, Bs, Verdict::Continue),
            review("rev2", 30, Phase::Design, Bs, Verdict::Rework),
        ];
        assert_eq!(card_state(&c, &reviews), CardState::Rework);
    }

    #[test]
    fn same_second_ties_break_by_id() {
        let reviews = [
            review("revb", 10, Phase::Design, Bs, Verdict::Stop),
            review("reva", 10, Phase::Design, Bs, Verdict::Continue),
        ];
        assert_eq!(card_state(&card(), &reviews), CardState::Stopped);
    }

    #[test]
    fn sme_continue_does_not_pass_but_lifts_a_stop() {
        let reviews = [
            review("rev1", 10, Phase::Design, Bs, Verdict::Stop),
            review("rev2", 20, Phase::Design, Sme, Verdict::Continue),
        ];
        assert_eq!(card_state(&card(), &reviews), CardState::AwaitingReview);
    }

    #[test]
    fn reviews_of_an_earlier_stay_do_not_count() {
        let c = card();
        let reviews = [review("rev1", 10, Phase::Design, Bs, Verdict::Continue)];
        let moved = c.moved(
            Phase::Development,
            "n".parse().unwrap(),
            t(20),
            "ann",
            false,
        );
        let back = moved.moved(Phase::Design, "n".parse().unwrap(), t(30), "ann", false);
        assert_eq!(card_state(&back, &reviews), CardState::AwaitingReview);
        // and a review in another phase never counts
        let dev_review = [review(
            "rev2",
            25,
            Phase::Development,
            Bs,
            Verdict::Continue,
        )];
        assert_eq!(card_state(&back, &dev_review), CardState::AwaitingReview);
    }

    #[test]
    fn policies_decide_forward_moves() {
        use CardState::*;
        use GatePolicy::*;
        let (d, v) = (Phase::Design, Phase::Development);
        let allowed = |ungated| MoveDecision::Allowed { ungated };
        assert_eq!(
            decide_move(Off, AwaitingReview, d, v, false),
            allowed(false)
        );
        assert_eq!(
            decide_move(Warn, AwaitingReview, d, v, false),
            allowed(true)
        );
        assert_eq!(decide_move(Warn, Rework, d, v, false), allowed(true));
        assert!(matches!(
            decide_move(Enforce, Rework, d, v, false),
            MoveDecision::Refused(_)
        ));
        assert_eq!(decide_move(Enforce, Passed, d, v, false), allowed(false));
        assert_eq!(
            decide_move(Enforce, AwaitingReview, d, v, true),
            allowed(true)
        );
    }

    #[test]
    fn stop_blocks_forward_under_every_policy_but_never_backward() {
        for policy in [GatePolicy::Off, GatePolicy::Warn, GatePolicy::Enforce] {
            let forward = decide_move(
                policy,
                CardState::Stopped,
                Phase::Development,
                Phase::Deployment,
                false,
            );
            assert!(matches!(forward, MoveDecision::Refused(ref m) if m.contains("Stop")));
            let back = decide_move(
                policy,
                CardState::Stopped,
                Phase::Development,
                Phase::Design,
                false,
            );
            assert_eq!(back, MoveDecision::Allowed { ungated: false });
        }
    }
}
