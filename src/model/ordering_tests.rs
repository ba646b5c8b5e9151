//! SPEC §1, "a card's events are strictly ordered": reviews and moves made within one
//! second (a script, a fast typist) decide as the user made them, through the same
//! `ops` the TUI and the CLI use.

use super::ops::{self, MovePlan};
use super::{
    Board, BoardSettings, Card, CardKey, CardState, GatePolicy, Phase, Rank, Review, ReviewId,
    ReviewerRole, RoleSet, Timestamp, Verdict, card_state,
};
use proptest::prelude::*;

/// Every event of these tests happens in this one second.
const NOW: i64 = 1_800_000_000;

fn now() -> Timestamp {
    Timestamp::from_unix(NOW)
}

fn board(gate: GatePolicy) -> (Board, CardKey) {
    let mut settings = BoardSettings::new("t");
    settings.gate = gate;
    let card = Card::new(
        "card0001".parse().unwrap(),
        "Compare two algorithms".into(),
        Phase::Design,
        "n".parse::<Rank>().unwrap(),
        RoleSet::EMPTY,
        now(),
    );
    let (board, _) = Board::from_parts(settings, vec![card], vec![]);
    let key = board.key_of(&"card0001".parse().unwrap()).unwrap();
    (board, key)
}

/// Records a review now, as `mlboard review` and the TUI's `r` do.
fn review(board: &mut Board, key: CardKey, n: usize, role: ReviewerRole, verdict: Verdict) {
    let id: ReviewId = format!("rev{:05}", 99_999 - n).parse().unwrap();
    let review = ops::new_review(board, id, key, now(), "Bob", role, verdict, "");
    board.insert_review(review);
}

/// Moves the card now, as `mlboard move` and the TUI's `H` / `L` do.
fn move_to(board: &mut Board, key: CardKey, to: Phase, force: bool) -> Result<(), String> {
    let MovePlan { card, .. } = ops::plan_move(board, key, to, now(), "ann", force)?;
    board.upsert(card);
    Ok(())
}

use ReviewerRole::{BusinessStakeholder as Bs, SubjectMatterExpert as Sme};

#[test]
fn the_later_of_two_reviews_in_one_second_decides() {
    // Review ids are random: number them so that the later review has the smaller id,
    // which alone would make it lose a same-second tie.
    let (mut b, key) = board(GatePolicy::Warn);
    review(&mut b, key, 0, Bs, Verdict::Rework);
    review(&mut b, key, 1, Bs, Verdict::Continue);
    assert_eq!(b.state(key), CardState::Passed);
    review(&mut b, key, 2, Bs, Verdict::Stop);
    assert_eq!(b.state(key), CardState::Stopped);
    let times: Vec<i64> = b
        .reviews_of(&b.card(key).id)
        .iter()
        .map(|r| r.at.unix())
        .collect();
    assert_eq!(times, [NOW, NOW + 1, NOW + 2]);
}

#[test]
fn a_continue_from_before_leaving_and_coming_back_in_one_second_does_not_count() {
    let (mut b, key) = board(GatePolicy::Enforce);
    review(&mut b, key, 0, Bs, Verdict::Continue);
    move_to(&mut b, key, Phase::Development, false).unwrap();
    move_to(&mut b, key, Phase::Design, false).unwrap();
    assert_eq!(b.state(key), CardState::AwaitingReview);
    assert!(move_to(&mut b, key, Phase::Development, false).is_err());
    let history: Vec<i64> = b.card(key).history.iter().map(|m| m.at.unix()).collect();
    assert_eq!(history, [NOW + 1, NOW + 2]);
}

#[test]
fn an_enforced_gate_passes_on_the_continue_just_recorded() {
    let (mut b, key) = board(GatePolicy::Enforce);
    review(&mut b, key, 0, Bs, Verdict::Rework);
    review(&mut b, key, 1, Bs, Verdict::Continue);
    move_to(&mut b, key, Phase::Development, false).unwrap();
    assert_eq!(b.card(key).phase, Phase::Development);
    assert!(!b.card(key).history[0].ungated);
}

#[test]
fn events_after_a_clock_that_went_back_are_still_later() {
    // A clone whose clock is behind the card's latest event still records after it.
    let (mut b, key) = board(GatePolicy::Warn);
    let mut card = b.card(key).clone();
    card = card.moved(
        Phase::Development,
        card.rank.clone(),
        now().plus_seconds(50),
        "x",
        true,
    );
    b.upsert(card);
    review(&mut b, key, 0, Bs, Verdict::Continue);
    assert_eq!(b.reviews_of(&b.card(key).id)[0].at.unix(), NOW + 51);
    assert_eq!(b.state(key), CardState::Passed);
}

/// Files from an older mlboard or another clone: a review in the same second as the
/// card's entry into its phase may predate the move, so it does not count; one in the
/// card's creation second does (no review can predate the card).
#[test]
fn same_second_ties_with_an_entry_do_not_count_but_with_creation_do() {
    let (b, key) = board(GatePolicy::Warn);
    let card = b.card(key).clone();
    let old_review = |at: i64, phase| Review {
        id: "rev00001".parse().unwrap(),
        card: card.id.clone(),
        at: Timestamp::from_unix(at),
        phase,
        reviewer: "Bob".into(),
        role: Bs,
        verdict: Verdict::Continue,
        note: "".into(),
    };
    assert_eq!(
        card_state(&card, &[old_review(NOW, Phase::Design)]),
        CardState::Passed
    );
    let moved = card.moved(Phase::Development, card.rank.clone(), now(), "ann", true);
    let same_second = [old_review(NOW, Phase::Development)];
    assert_eq!(card_state(&moved, &same_second), CardState::AwaitingReview);
    let a_second_later = [old_review(NOW + 1, Phase::Development)];
    assert_eq!(card_state(&moved, &a_second_later), CardState::Passed);
}

/// One thing a user does to the card.
#[derive(Debug, Clone)]
enum Step {
    Review(ReviewerRole, Verdict),
    Forward,
    Back,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (any::<bool>(), 0usize..3)
            .prop_map(|(bs, v)| Step::Review(if bs { Bs } else { Sme }, Verdict::ALL[v])),
        Just(Step::Forward),
        Just(Step::Back),
    ]
}

/// The state a card is in right after this review in its phase.
fn state_after(role: ReviewerRole, verdict: Verdict) -> CardState {
    match (verdict, role) {
        (Verdict::Continue, Bs) => CardState::Passed,
        (Verdict::Continue, Sme) => CardState::AwaitingReview,
        (Verdict::Rework, _) => CardState::Rework,
        (Verdict::Stop, _) => CardState::Stopped,
    }
}

proptest! {
    /// Any sequence of reviews and moves made within one second leaves the card in
    /// the state of the last one recorded; the gate decides on that state; and the
    /// reviews come out (`show`, the card view) in the order they were made.
    #[test]
    fn the_last_event_recorded_decides(
        steps in proptest::collection::vec(step(), 1..24),
        gate in prop_oneof![Just(GatePolicy::Off), Just(GatePolicy::Warn), Just(GatePolicy::Enforce)],
        force in any::<bool>(),
    ) {
        let (mut b, key) = board(gate);
        let mut expected = CardState::AwaitingReview;
        let mut made: Vec<Verdict> = Vec::new();
        for (n, step) in steps.into_iter().enumerate() {
            let phase = b.card(key).phase;
            match step {
                Step::Review(role, verdict) => {
                    review(&mut b, key, n, role, verdict);
                    made.push(verdict);
                    expected = state_after(role, verdict);
                }
                Step::Forward | Step::Back => {
                    let to = match step {
                        Step::Forward => phase.next(),
                        _ => phase.prev(),
                    };
                    let Some(to) = to else { continue };
                    let result = move_to(&mut b, key, to, force);
                    // Refused only forward, and only when the state says so.
                    let refusable = to > phase
                        && !force
                        && (expected == CardState::Stopped
                            || (gate == GatePolicy::Enforce && expected != CardState::Passed));
                    prop_assert_eq!(result.is_err(), refusable, "{:?}", result);
                    if result.is_ok() {
                        expected = CardState::AwaitingReview;
                    }
                }
            }
            prop_assert_eq!(b.state(key), expected);
        }
        let shown: Vec<Verdict> = b.reviews_of(&b.card(key).id).iter().map(|r| r.verdict).collect();
        prop_assert_eq!(shown, made);
        // Every event has its own second, in the order made.
        let mut times: Vec<i64> = b.card(key).history.iter().map(|m| m.at.unix()).collect();
        times.extend(b.reviews_of(&b.card(key).id).iter().map(|r| r.at.unix()));
        times.sort_unstable();
        let count = times.len();
        times.dedup();
        prop_assert_eq!(times.len(), count);
    }
}
