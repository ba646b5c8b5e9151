//! The board's state follows the files, headless: focus and selection follow the card
//! on every path (a refused move, undo, redo, a reload, the filter, a delete); a
//! changed `board.ron` takes effect at once (its gate; a newer format makes the board
//! read-only); files that cannot be read come and go in the problem list live.

mod common;

use common::*;
use crossterm::event::KeyCode;
use mlboard::model::{Card, Phase};
use mlboard::store::format;
use std::path::Path;

fn rel(card: &Card) -> String {
    format!("cards/{}.ron", card.id)
}

/// Another program writes the card (an editor, a second mlboard).
fn write_card(dir: &Path, card: &Card) {
    std::fs::write(dir.join(rel(card)), format::card_to_ron(card)).unwrap();
}

fn assert_selected(h: &Harness, card: &Card, phase: Phase) {
    assert_eq!(h.app.view.focus, phase, "focus");
    assert_eq!(
        h.selected().map(|c| c.id.clone()),
        Some(card.id.clone()),
        "selection"
    );
}

#[test]
fn a_move_refused_because_the_file_changed_puts_focus_back_on_the_card() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let card = h.selected().unwrap().clone();
    // Someone renames it on disk; the watcher has not told mlboard yet.
    let mut theirs = card.clone();
    theirs.title = "Renamed by someone else".into();
    write_card(&dir, &theirs);
    h.send(ch('L'));
    assert!(
        h.status().contains("changed by someone else"),
        "{}",
        h.status()
    );
    assert_selected(&h, &card, Phase::Design);
    assert_eq!(
        h.selected().unwrap().title,
        "Renamed by someone else".into()
    );
    // and H/L work on it again
    h.send(ch('L'));
    assert_selected(&h, &card, Phase::Development);
}

#[test]
fn undo_and_redo_of_a_move_take_focus_with_the_card() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let card = h.selected().unwrap().clone();
    h.send(ch('L'));
    assert_selected(&h, &card, Phase::Development);
    h.send(ch('u'));
    assert_selected(&h, &card, Phase::Design);
    h.send(ctrl('r'));
    assert_selected(&h, &card, Phase::Development);
    // Undo after looking elsewhere still shows the card it changed.
    h.send(ch('l'));
    h.send(ch('u'));
    assert_selected(&h, &card, Phase::Design);
}

#[test]
fn a_reload_keeps_the_selection_and_a_teammates_move_does_not_pull_focus_away() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    h.send(ch('j'));
    let card = h.selected().unwrap().clone();
    // Renamed and moved up in its column by someone else: still selected.
    let mut renamed = card.clone();
    renamed.title = "Renamed by a teammate".into();
    renamed.rank = h
        .app
        .board
        .rank_after(Phase::Design, None, h.app.board.key_of(&card.id).unwrap())
        .unwrap();
    write_card(&dir, &renamed);
    h.files_changed(&[&rel(&card)]);
    assert_selected(&h, &card, Phase::Design);
    assert_eq!(h.app.view.focused().selected, 0);
    // Moved to another column by someone else: the focus stays in this one, on a card.
    let mut pulled = renamed.clone();
    pulled.phase = Phase::Deployment;
    write_card(&dir, &pulled);
    h.files_changed(&[&rel(&card)]);
    assert_eq!(h.app.view.focus, Phase::Design);
    assert!(h.selected().is_some());
    // Deleted on disk: the column's card at that place is selected.
    let other = h.selected().unwrap().clone();
    std::fs::remove_file(dir.join(rel(&other))).unwrap();
    h.files_changed(&[&rel(&other)]);
    assert_eq!(h.app.view.focus, Phase::Design);
    assert!(h.selected().is_some_and(|c| c.id != other.id));
}

#[test]
fn a_filter_keeps_a_card_selected_when_the_column_has_one() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let first = h.selected().unwrap().clone(); // BS SME DS MLE
    h.send(ch('f'));
    h.keys("3"); // Data Engineer: not the first card's role
    h.send(key(KeyCode::Enter));
    assert!(!h.titles(Phase::Design).is_empty());
    assert!(h.selected().is_some(), "a shown card is selected");
    h.send(key(KeyCode::Esc));
    h.send(ch('g'));
    assert_selected(&h, &first, Phase::Design);
    // A filter that keeps the selected card keeps it selected.
    h.send(ch('j'));
    let second = h.selected().unwrap().clone();
    h.send(ch('f'));
    h.keys("1"); // Business Stakeholder: the second card has it
    h.send(key(KeyCode::Enter));
    assert_selected(&h, &second, Phase::Design);
}

#[test]
fn delete_selects_the_next_card_and_undo_brings_the_deleted_one_back_selected() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let first = h.selected().unwrap().clone();
    let second = h.titles(Phase::Design)[1].clone();
    h.send(ch('D'));
    h.send(ch('y'));
    assert_eq!(h.selected().unwrap().title, second.into());
    h.send(ch('l'));
    h.send(ch('u'));
    assert_selected(&h, &first, Phase::Design);
}

#[test]
fn a_changed_gate_takes_effect_at_once() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let text = std::fs::read_to_string(dir.join("board.ron")).unwrap();
    std::fs::write(
        dir.join("board.ron"),
        text.replace("gate: Warn", "gate: Enforce"),
    )
    .unwrap();
    h.files_changed(&["board.ron"]);
    assert!(h.status().contains("gate Warn → Enforce"), "{}", h.status());
    let card = h.selected().unwrap().clone();
    let before = snapshot_files(&dir);
    h.send(ch('L'));
    assert_selected(&h, &card, Phase::Design);
    assert_eq!(snapshot_files(&dir), before, "the gate refused the move");
    // and a WIP limit shows in the header at once
    let text = std::fs::read_to_string(dir.join("board.ron")).unwrap();
    std::fs::write(
        dir.join("board.ron"),
        text.replace("development: None", "development: Some(2)"),
    )
    .unwrap();
    h.files_changed(&["board.ron"]);
    assert_eq!(h.app.board.settings.wip_limits.development, Some(2));
    assert!(
        h.status().contains("WIP limit Development none → 2"),
        "{}",
        h.status()
    );
}

#[test]
fn a_newer_board_ron_turns_the_board_read_only_and_h_writes_nothing() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let original = std::fs::read_to_string(dir.join("board.ron")).unwrap();
    // A newer mlboard wrote it: a newer format, with a field this one does not know.
    let newer = original
        .replace("format: 1", "format: 2")
        .replace("gate: Warn,", "gate: Warn,\n    swimlanes: [\"ml\"],");
    std::fs::write(dir.join("board.ron"), &newer).unwrap();
    h.files_changed(&["board.ron"]);
    let reason = h.app.read_only.clone().expect("read-only");
    assert!(reason.contains("format 2 is newer"), "{reason}");
    assert!(h.app.has_banner());
    assert!(h.app.problems.is_empty(), "{:?}", h.app.problems);
    let before = snapshot_files(&dir);
    for keys in ["H", "L", "J", "a", "n", "r", "D", "u"] {
        h.keys(keys);
        h.send(key(KeyCode::Esc));
    }
    h.send(ch('l'));
    h.send(ch('H'));
    assert_eq!(snapshot_files(&dir), before, "nothing is written");
    assert!(h.status().contains("read-only"), "{}", h.status());
    // The storage worker refuses too, whatever asks it.
    let card = h.selected().unwrap().clone();
    let change = mlboard::store::Change::new(
        "sneak",
        vec![mlboard::store::FileOp::write_card(&{
            let mut c = card.clone();
            c.title = "sneaked".into();
            c
        })],
    );
    let answer = h.worker.handle(mlboard::worker::WorkerMsg::Save(change));
    assert!(
        matches!(answer, Some(mlboard::app::IoEvent::Refused { .. })),
        "{answer:?}"
    );
    assert_eq!(snapshot_files(&dir), before);
    // Back to a format this mlboard supports, with another gate: writable again, and
    // both changes are named.
    std::fs::write(
        dir.join("board.ron"),
        original.replace("gate: Warn", "gate: Off"),
    )
    .unwrap();
    h.files_changed(&["board.ron"]);
    assert_eq!(h.app.read_only, None);
    assert!(h.status().contains("format 1 again"), "{}", h.status());
    assert!(h.status().contains("gate Warn → Off"), "{}", h.status());
    h.send(ch('L'));
    assert_ne!(snapshot_files(&dir), before);
}

#[test]
fn a_newer_board_ron_opens_read_only_even_when_this_version_cannot_parse_it() {
    let (_tmp, dir) = temp_board();
    let text = std::fs::read_to_string(dir.join("board.ron")).unwrap();
    std::fs::write(
        dir.join("board.ron"),
        text.replace("format: 1", "format: 3")
            .replace("gate: Warn", "gate: Custom((rule: \"two reviews\"))"),
    )
    .unwrap();
    let mut h = Harness::open(&dir);
    assert!(h.app.read_only.as_deref().unwrap().contains("format 3"));
    let before = snapshot_files(&dir);
    h.send(ch('L'));
    assert_eq!(snapshot_files(&dir), before);
}

#[test]
fn a_board_ron_in_conflict_opens_read_only_until_it_can_be_read_again() {
    let (_tmp, dir) = temp_board();
    let original = std::fs::read_to_string(dir.join("board.ron")).unwrap();
    // A pull left board.ron in conflict: its gate (Enforce on one side) is unknown,
    // and the default gate must not stand in for it.
    let conflicted = original.replace(
        "    gate: Warn,\n",
        "<<<<<<< HEAD\n    gate: Enforce,\n=======\n    gate: Off,\n>>>>>>> theirs\n",
    );
    assert_ne!(conflicted, original);
    std::fs::write(dir.join("board.ron"), &conflicted).unwrap();
    let mut h = Harness::open(&dir);
    let reason = h.app.read_only.clone().expect("read-only");
    assert!(reason.contains("board.ron cannot be read"), "{reason}");
    assert!(h.app.problems.iter().any(|p| p.rel == "board.ron"));
    let before = snapshot_files(&dir);
    h.send(ch('L'));
    assert_eq!(snapshot_files(&dir), before, "nothing is written");
    assert!(h.status().contains("read-only"), "{}", h.status());
    // Resolved: writable again, with the resolved gate.
    std::fs::write(
        dir.join("board.ron"),
        original.replace("gate: Warn", "gate: Off"),
    )
    .unwrap();
    h.files_changed(&["board.ron"]);
    assert_eq!(h.app.read_only, None);
    assert!(h.status().contains("writable"), "{}", h.status());
    h.send(ch('L'));
    assert_ne!(snapshot_files(&dir), before);
}

#[test]
fn oversized_and_unreadable_files_come_and_go_in_the_problem_list() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    assert!(!h.app.has_banner());
    let big = "cards/bigcard1.ron";
    std::fs::write(dir.join(big), "x".repeat(1024 * 1024 + 1)).unwrap();
    h.files_changed(&[big]);
    assert_eq!(h.app.problems.len(), 1);
    assert!(h.app.problems[0].message.contains("over the 1 MiB limit"));
    assert!(h.app.has_banner());
    // It grows: still one problem, with its new size.
    std::fs::write(dir.join(big), "x".repeat(2 * 1024 * 1024)).unwrap();
    h.files_changed(&[big]);
    assert_eq!(h.app.problems.len(), 1);
    assert!(h.app.problems[0].message.contains("2097152 bytes"));
    // A directory where a card file should be: not a regular file.
    let odd = "cards/oddcard1.ron";
    std::fs::create_dir(dir.join(odd)).unwrap();
    h.files_changed(&[odd]);
    assert_eq!(h.app.problems.len(), 2);
    // Both leave the list (and the banner) as soon as they are gone.
    std::fs::remove_file(dir.join(big)).unwrap();
    std::fs::remove_dir(dir.join(odd)).unwrap();
    h.files_changed(&[big, odd]);
    assert!(h.app.problems.is_empty(), "{:?}", h.app.problems);
    assert!(!h.app.has_banner());
    // A card that shrinks back under the limit is a card again.
    let card = h.selected().unwrap().clone();
    std::fs::write(dir.join(rel(&card)), "y".repeat(1024 * 1024 + 10)).unwrap();
    h.files_changed(&[&rel(&card)]);
    assert!(h.app.board.card_by_id(&card.id).is_none());
    write_card(&dir, &card);
    h.files_changed(&[&rel(&card)]);
    assert!(h.app.board.card_by_id(&card.id).is_some());
    assert!(h.app.problems.is_empty());
}

#[test]
fn a_read_only_board_does_not_offer_to_add_cards() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("board");
    let mut settings = mlboard::model::BoardSettings::new("newer");
    settings.format = 2;
    mlboard::store::Store::init(&dir, &settings, &[]).unwrap();
    let h = Harness::open_sized(&dir, 120, 30);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
    terminal
        .draw(|frame| mlboard::ui::draw(frame, &h.app, &mlboard::ui::theme::Theme::plain()))
        .unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("no cards"), "{screen}");
    assert!(!screen.contains("adds one"), "{screen}");
    assert!(screen.contains("read-only"), "{screen}");
}
