//! SPEC §1: a script's reviews and moves in one second decide as they were made.

use crate::support::TestBoard;

#[test]
fn the_review_recorded_last_decides_every_time() {
    let board = TestBoard::empty();
    board.edit_settings("gate: Warn", "gate: Enforce");
    // Ties fell to the random review id before: repeat to catch a coin flip.
    for round in 0..6 {
        let card = board.add(&[&format!("Card {round}")]);
        board.ok(&["review", &card, "-v", "rework"]);
        board.ok(&["review", &card, "-v", "continue"]);
        let shown = board.json(&["show", &card, "--json"]);
        assert_eq!(shown["state"], "passed", "round {round}: {shown}");
        // newest first
        assert_eq!(shown["reviews"][0]["verdict"], "Continue");
        assert_eq!(shown["reviews"][1]["verdict"], "Rework");
        board.ok(&["move", &card, "next"]);
        board.ok(&["review", &card, "-v", "continue"]);
        board.ok(&["review", &card, "-v", "stop"]);
        let err = board.fails(&["move", &card, "next"], 1);
        assert!(err.contains("Stop"), "round {round}: {err}");
    }
}

#[test]
fn a_continue_before_leaving_and_coming_back_does_not_count() {
    let board = TestBoard::empty();
    board.edit_settings("gate: Warn", "gate: Enforce");
    let card = board.add(&["Card"]);
    board.ok(&["review", &card, "-v", "continue"]);
    board.ok(&["move", &card, "next"]);
    board.ok(&["move", &card, "prev"]);
    let shown = board.json(&["show", &card, "--json"]);
    assert_eq!(shown["state"], "awaiting_review", "{shown}");
    board.fails(&["move", &card, "next"], 1);
    // and every event has its own second, in the order made
    let review_at = shown["reviews"][0]["at"].as_str().unwrap().to_string();
    let moves: Vec<String> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["at"].as_str().unwrap().to_string())
        .collect();
    assert!(review_at < moves[0] && moves[0] < moves[1], "{shown}");
}

/// QA's repro: ranks grew one character every few appends, and from about the 385th
/// card a column's new cards had ranks no reader accepted. A thousand appends now
/// stay short, readable and in order.
#[test]
fn a_thousand_cards_added_to_one_column_stay_readable_and_in_order() {
    let board = TestBoard::empty();
    let ids: Vec<String> = (1..=1000).map(|i| board.add(&[&format!("c{i}")])).collect();
    board.ok(&["check"]);
    let listed = board.json(&["list", "--json"]);
    let cards = listed.as_array().unwrap();
    assert_eq!(cards.len(), 1000);
    let listed_ids: Vec<&str> = cards.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(listed_ids, ids, "in the order added");
    let longest = cards
        .iter()
        .map(|c| c["rank"].as_str().unwrap().len())
        .max()
        .unwrap();
    assert!(longest <= 6, "longest rank {longest}");
}
