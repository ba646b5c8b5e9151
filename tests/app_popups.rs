//! Popups, headless (actions in, state out): scroll positions are clamped by
//! `update`, the card view runs its own commands, messages are kept, and the outcome
//! of a sync stays until the next key.

mod common;

use common::*;
use crossterm::event::{KeyCode, MouseEventKind};
use mlboard::app::popup::Popup;
use mlboard::app::{Action, SyncConflict, SyncFailure, Tone};

fn scroll(h: &Harness) -> mlboard::app::scroll::Scroll {
    h.app.popup.as_ref().expect("a popup is open").scroll()
}

#[test]
fn g_then_k_moves_up_one_row_from_the_real_bottom() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open_sized(&dir, 80, 24);
    h.send(ch('?'));
    let opened = scroll(&h);
    assert!(
        opened.total() > opened.rows(),
        "help is taller than 24 rows"
    );
    assert_eq!(opened.offset(), 0);
    h.send(ch('G'));
    let bottom = scroll(&h);
    assert_eq!(bottom.offset(), bottom.total() - bottom.rows());
    h.send(ch('k'));
    assert_eq!(scroll(&h).offset(), bottom.offset() - 1);
    // Down at the bottom stays there; PgDn too; the wheel too.
    h.send(ch('G'));
    h.send(ch('j'));
    h.send(key(KeyCode::PageDown));
    h.mouse(MouseEventKind::ScrollDown, 40, 12, 0);
    assert_eq!(scroll(&h).offset(), bottom.offset());
    // A page up is the rows shown less one; g is the top.
    h.send(key(KeyCode::PageUp));
    assert_eq!(scroll(&h).offset(), bottom.offset() - (bottom.rows() - 1));
    h.send(ch('g'));
    assert_eq!(scroll(&h).offset(), 0);
    h.mouse(MouseEventKind::ScrollUp, 40, 12, 0);
    assert_eq!(scroll(&h).offset(), 0);
}

#[test]
fn a_resize_keeps_the_offset_on_the_screen() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open_sized(&dir, 80, 24);
    h.send(ch('?'));
    h.send(ch('G'));
    let small = scroll(&h);
    h.send(Action::Resize(160, 60));
    let big = scroll(&h);
    assert!(big.rows() > small.rows());
    assert_eq!(
        big.offset(),
        big.total() - big.rows(),
        "still at the bottom"
    );
    h.send(ch('k'));
    assert_eq!(scroll(&h).offset(), big.offset() - 1);
}

#[test]
fn lists_keep_their_cursor_in_view() {
    let (_tmp, dir) = temp_board();
    // 30 labels: the filter list is taller than a 60×12 screen.
    let mut h = Harness::open_sized(&dir, 60, 12);
    h.send(ch('e'));
    for _ in 0..3 {
        h.send(key(KeyCode::Tab));
    }
    let labels: Vec<String> = (0..30).map(|i| format!("l{i:02}")).collect();
    h.keys(&labels.join(" "));
    h.send(ctrl('s'));
    assert!(h.app.popup.is_none(), "{}", h.status());
    h.send(ch('f'));
    h.send(ch('G'));
    let Some(Popup::Filter(picker)) = &h.app.popup else {
        panic!("the filter is open")
    };
    let scroll = picker.scroll;
    assert!(scroll.total() > scroll.rows());
    assert_eq!(picker.cursor_row(), picker.rows() - 1);
    assert_eq!(scroll.offset(), scroll.total() - scroll.rows());
    h.send(ch('g'));
    let Some(Popup::Filter(picker)) = &h.app.popup else {
        panic!("the filter is open")
    };
    assert_eq!(picker.scroll.offset(), 0);
}

#[test]
fn the_card_view_records_a_review_and_edits_from_inside_and_comes_back() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open_sized(&dir, 80, 24);
    let id = h.selected().unwrap().id.clone();
    h.send(key(KeyCode::Enter));
    h.send(ch('j'));
    h.send(ch('r'));
    assert!(matches!(h.app.popup, Some(Popup::Review(_))));
    h.send(key(KeyCode::Enter));
    assert_eq!(h.app.board.reviews_of(&id).len(), 1);
    match &h.app.popup {
        Some(Popup::Detail { card, scroll }) => {
            assert_eq!(card, &id);
            assert_eq!(scroll.offset(), 1, "where it was scrolled");
        }
        _ => panic!("back in the card view"),
    }
    h.send(ch('e'));
    assert!(matches!(h.app.popup, Some(Popup::CardForm(_))));
    h.send(ctrl('u'));
    h.keys("Renamed from the card view");
    h.send(key(KeyCode::Enter));
    assert_eq!(
        h.app.board.card_by_id(&id).unwrap().title,
        "Renamed from the card view".into()
    );
    assert!(matches!(h.app.popup, Some(Popup::Detail { .. })));
    // Esc in the form also comes back; Esc in the card view closes it.
    h.send(ch('t'));
    assert!(matches!(h.app.popup, Some(Popup::Roles(_))));
    h.send(key(KeyCode::Esc));
    assert!(matches!(h.app.popup, Some(Popup::Detail { .. })));
    h.send(key(KeyCode::Esc));
    assert!(h.app.popup.is_none());
}

#[test]
fn every_message_is_kept_newest_first_with_its_time() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    h.send(ch('L'));
    h.send(ch('u'));
    let said: Vec<(String, Tone)> = h
        .app
        .messages
        .newest_first()
        .map(|m| (m.text.clone(), m.tone))
        .collect();
    assert!(said[0].0.starts_with("Undid: Move"), "{said:?}");
    assert!(said[1].0.contains("ungated"), "{said:?}");
    assert_eq!(said[1].1, Tone::Warning);
    assert!(h.app.messages.newest_first().all(|m| m.at == now()));
    h.send(ch('m'));
    assert!(matches!(h.app.popup, Some(Popup::Messages(_))));
    h.send(ch('m'));
    assert!(h.app.popup.is_none(), "the key that opened it closes it");
}

#[test]
fn the_outcome_of_a_sync_stays_until_the_next_key() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    h.send(ch('S'));
    assert!(h.app.syncing);
    h.app.update(Action::SyncProgress("pulling…".into()));
    h.app.update(Action::SyncDone(Ok(
        "Synced (committed, pulled 2 commits, pushed): Move \"EDA\" to Development".into(),
    )));
    assert!(!h.app.syncing);
    // The watcher reloads what git rewrote: kept in the messages, not in the status.
    let card = h.selected().unwrap().clone();
    let mut changed = card.clone();
    changed.title = "Changed by the pull".into();
    std::fs::write(
        dir.join(format!("cards/{}.ron", card.id)),
        mlboard::store::format::card_to_ron(&changed),
    )
    .unwrap();
    h.files_changed(&[&format!("cards/{}.ron", card.id)]);
    assert_eq!(h.selected().unwrap().title, "Changed by the pull".into());
    assert!(
        h.status()
            .starts_with("Synced (committed, pulled 2 commits"),
        "{}",
        h.status()
    );
    assert!(
        h.app
            .messages
            .newest_first()
            .next()
            .unwrap()
            .text
            .starts_with("Reloaded 1 file")
    );
    // The next key's message replaces it.
    h.send(ch('J'));
    assert!(h.status().starts_with("Moved"), "{}", h.status());
}

#[test]
fn a_conflict_opens_its_popup_and_reloads_leave_it_open() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    h.send(ch('S'));
    h.app.update(Action::SyncDone(Err(SyncFailure {
        message: "conflict while pulling: board/cards/x.ron changed on both sides".into(),
        conflict: Some(SyncConflict {
            files: vec!["board/cards/x.ron".into()],
            repo: dir.clone(),
            rebasing: true,
        }),
    })));
    assert!(matches!(h.app.popup, Some(Popup::Conflict { .. })));
    let card = h.selected().unwrap().id.clone();
    std::fs::write(
        dir.join(format!("cards/{card}.ron")),
        "<<<<<<< HEAD\n=======\n>>>>>>> theirs\n",
    )
    .unwrap();
    h.files_changed(&[&format!("cards/{card}.ron")]);
    assert!(matches!(h.app.popup, Some(Popup::Conflict { .. })));
    assert!(
        h.status().starts_with("conflict while pulling"),
        "{}",
        h.status()
    );
    assert_eq!(h.app.problems.len(), 1);
    h.send(key(KeyCode::Esc));
    assert!(h.app.popup.is_none());
}

#[test]
fn a_conflict_does_not_take_a_half_filled_form_away() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    h.send(ch('S'));
    h.send(ch('n'));
    h.keys("half typed");
    h.app.update(Action::SyncDone(Err(SyncFailure {
        message: "conflict while pulling".into(),
        conflict: Some(SyncConflict {
            files: vec![],
            repo: dir.clone(),
            rebasing: true,
        }),
    })));
    assert!(matches!(h.app.popup, Some(Popup::CardForm(_))));
    assert!(h.status().starts_with("conflict while pulling"));
}

#[test]
fn a_form_error_goes_once_the_field_is_edited() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    h.send(ch('n'));
    h.send(key(KeyCode::Enter));
    let error = |h: &Harness| match &h.app.popup {
        Some(Popup::CardForm(form)) => form.form.error.clone(),
        _ => panic!("the form is open"),
    };
    assert!(error(&h).unwrap().contains("title"));
    h.send(key(KeyCode::Left));
    assert!(error(&h).is_some(), "moving the cursor changes nothing");
    h.keys("T");
    assert_eq!(error(&h), None);
}

#[test]
fn a_title_with_escape_sequences_is_shown_escaped_in_the_form_and_kept_unless_edited() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let mut card = h.selected().unwrap().clone();
    card.title = "Evil \u{1b}[2J\u{202e}title".into();
    card.description = "line\twith a tab\n\u{1b}]0;pwned\u{7}".into();
    let rel = format!("cards/{}.ron", card.id);
    std::fs::write(dir.join(&rel), mlboard::store::format::card_to_ron(&card)).unwrap();
    h.files_changed(&[&rel]);
    let before = std::fs::read(dir.join(&rel)).unwrap();
    h.send(ch('e'));
    let Some(Popup::CardForm(form)) = &h.app.popup else {
        panic!("the form is open")
    };
    use mlboard::app::form::Input;
    let Input::Line(title) = &form.form.fields[0].input else {
        panic!("the title is a line field")
    };
    // What the editor holds (and draws) is escaped: no escape byte reaches the terminal.
    assert_eq!(title.0.lines()[0], "Evil \\u{1b}[2J\\u{202e}title");
    let Input::Text(description) = &form.form.fields[1].input else {
        panic!("the description is a text field")
    };
    assert_eq!(
        description.0.lines(),
        ["line\twith a tab", "\\u{1b}]0;pwned\\u{7}"]
    );
    // Saved unchanged: the file is not written at all.
    h.send(key(KeyCode::Enter));
    assert_eq!(std::fs::read(dir.join(&rel)).unwrap(), before);
    assert_eq!(h.selected().unwrap().title, card.title);
}
