//! The headless app on the card rules of issue 11: events in one second, deleting a
//! card with its reviews, labels and due dates. Its file effects go through the real
//! storage worker, like `tests/app.rs`.

mod common;

use common::*;
use crossterm::event::KeyCode;
use mlboard::model::{CardState, Phase};

fn enforce(dir: &std::path::Path) {
    let settings = std::fs::read_to_string(dir.join("board.ron"))
        .unwrap()
        .replace("gate: Warn", "gate: Enforce");
    std::fs::write(dir.join("board.ron"), settings).unwrap();
}

/// `r`, then the verdict by its initial, then Enter: a Business Stakeholder's review.
fn review(h: &mut Harness, verdict: char) {
    h.send(ch('r'));
    h.send(key(KeyCode::Tab));
    h.send(key(KeyCode::Tab));
    h.send(ch(verdict));
    h.send(key(KeyCode::Enter));
}

#[test]
fn a_fast_typists_reviews_and_moves_decide_in_the_order_made() {
    // The harness's clock never moves: every event falls in one second.
    let (_tmp, dir) = temp_board();
    enforce(&dir);
    let mut h = Harness::open(&dir);
    let id = h.selected().unwrap().id.clone();
    review(&mut h, 'r');
    review(&mut h, 'c');
    let key = h.app.board.key_of(&id).unwrap();
    assert_eq!(h.app.board.state(key), CardState::Passed);
    h.send(ch('L'));
    assert_eq!(h.app.board.card(key).phase, Phase::Development);
    // back: the Continue in Design made before leaving it no longer counts
    h.send(ch('H'));
    assert_eq!(h.app.board.card(key).phase, Phase::Design);
    assert_eq!(h.app.board.state(key), CardState::AwaitingReview);
    h.send(ch('L'));
    assert!(h.status().contains("gate not passed"), "{}", h.status());
    // and what is on disk decides the same way
    let reopened = Harness::open(&dir);
    let key = reopened.app.board.key_of(&id).unwrap();
    assert_eq!(reopened.app.board.state(key), CardState::AwaitingReview);
}
