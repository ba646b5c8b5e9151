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
