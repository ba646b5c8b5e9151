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

#[test]
fn deleting_a_card_deletes_its_reviews_and_undo_puts_every_file_back() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let id = h.selected().unwrap().id.clone();
    review(&mut h, 'r');
    review(&mut h, 'c');
    let before = snapshot_files(&dir);
    let reviews: Vec<String> = before
        .keys()
        .filter(|rel| rel.starts_with("reviews/"))
        .cloned()
        .collect();
    assert_eq!(reviews.len(), 2);
    h.send(ch('D'));
    h.send(ch('y'));
    assert!(h.status().contains("and its 2 reviews"), "{}", h.status());
    let after = snapshot_files(&dir);
    let mut gone = changed_files(&before, &after);
    gone.sort();
    let mut expected = reviews.clone();
    expected.push(format!("cards/{id}.ron"));
    expected.sort();
    assert_eq!(gone, expected, "the card and its reviews, nothing else");
    assert!(after.keys().all(|rel| !rel.starts_with("reviews/")));
    assert!(h.app.board.reviews().next().is_none());
    // a board without the card opens without problems: no orphan reviews
    assert!(Harness::open(&dir).app.problems.is_empty());

    h.send(ch('u'));
    assert_eq!(snapshot_files(&dir), before, "byte for byte");
    let key = h.app.board.key_of(&id).expect("the card is back");
    assert_eq!(h.app.board.reviews_of(&id).len(), 2);
    assert_eq!(h.app.board.state(key), CardState::Passed);
    // and redo deletes them all again
    h.send(ctrl('r'));
    assert_eq!(snapshot_files(&dir), after);
    assert!(h.app.board.card_by_id(&id).is_none());
    assert!(h.app.board.reviews().next().is_none());
}
