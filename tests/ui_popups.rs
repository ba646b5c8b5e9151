//! Popups taller than the screen, as the user sees them: scrolled to the top, the
//! middle and the bottom (the last line is there), with where the view is; the
//! messages of the session; the popup a sync conflict opens.

mod common;

use common::*;
use crossterm::event::KeyCode;
use mlboard::app::{Action, SyncConflict, SyncFailure};
use mlboard::model::Phase;
use mlboard::store::{Loaded, Store, format};
use mlboard::ui::{self, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;

/// The first Design card gets a description of many paragraphs; it is then
/// reviewed three times and moved, so every part of the card view has lines.
fn long_card_board(width: u16, height: u16) -> (tempfile::TempDir, Harness) {
    let (tmp, dir) = temp_board();
    let Loaded { board, .. } = Store::open(&dir).unwrap();
    let first = board.column(Phase::Design)[0];
    let mut card = board.card(first).clone();
    card.description = (1..=16)
        .map(|i| {
            format!(
                "Step {i}: ask the stakeholders what a good outcome looks like, write it down \
                 where the team can see it, and agree on how it will be measured."
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
        .into();
    std::fs::write(
        dir.join(format!("cards/{}.ron", card.id)),
        format::card_to_ron(&card),
    )
    .unwrap();
    let mut h = Harness::open_sized(&dir, width, height);
    for (verdict, note) in [('c', "Go."), ('r', "Needs numbers."), ('c', "Go on.")] {
        h.send(ch('r'));
        h.send(key(KeyCode::Tab));
        h.send(key(KeyCode::Tab));
        h.send(ch(verdict));
        h.send(key(KeyCode::Tab));
        h.keys(note);
        h.send(key(KeyCode::Enter));
    }
    h.send(ch('L'));
    h.send(ch('H'));
    h.send(ch('L'));
    h.send(key(KeyCode::Enter));
    (tmp, h)
}

fn scrolled_card_view(width: u16, height: u16, name: &str) {
    let (_tmp, mut h) = long_card_board(width, height);
    let top = h.screen();
    assert!(top.contains("title     Define the problem"), "{top}");
    assert!(top.contains("1–"), "the popup says where it is: {top}");
    insta::assert_snapshot!(format!("{name}_top"), top);
    let scroll = h.app.popup.as_ref().unwrap().scroll();
    for _ in 0..scroll.max_offset() / 2 {
        h.send(ch('j'));
    }
    insta::assert_snapshot!(format!("{name}_middle"), h.screen());
    h.send(ch('G'));
    let bottom = h.screen();
    // The last line of the card, its first move, is on the screen.
    assert!(bottom.contains("Design → Development  by ann"), "{bottom}");
    assert!(
        bottom.contains(&format!(" of {} ", scroll.total())),
        "{bottom}"
    );
    insta::assert_snapshot!(format!("{name}_bottom"), bottom);
}

#[test]
fn card_view_scrolled_at_80_by_24() {
    scrolled_card_view(80, 24, "card_view_80x24");
}

#[test]
fn card_view_scrolled_at_160_by_45() {
    scrolled_card_view(160, 45, "card_view_160x45");
}

#[test]
fn a_narrow_card_view_still_says_where_it_is_at_the_bottom() {
    let (_tmp, mut h) = long_card_board(60, 12);
    let total = h.app.popup.as_ref().unwrap().scroll().total();
    assert!(h.screen().contains(" of "), "{}", h.screen());
    h.send(ch('G'));
    let bottom = h.screen();
    assert!(
        bottom.contains(&format!(" of {total} ")) || bottom.contains(&format!("/{total} ")),
        "{bottom}"
    );
}

/// 14 broken card files; the board's directory is shown as `<board>` padded to
/// its length, so the wrapping in the snapshot is the real one.
fn fourteen_problems(width: u16, height: u16) -> (tempfile::TempDir, Harness, String) {
    let (tmp, dir) = temp_board();
    for i in 0..14 {
        // Half with a short message, half with one that wraps at 80 columns.
        let text = if i % 2 == 0 {
            format!("(\n    id: \"broken{i:02}\",\n    title: {i},\n)\n")
        } else {
            format!("(id: \"broken{i:02}\", title: \"t\", phase: Testing)\n")
        };
        std::fs::write(dir.join(format!("cards/broken{i:02}.ron")), text).unwrap();
    }
    let h = Harness::open_sized(&dir, width, height);
    let shown = dir.display().to_string();
    (tmp, h, shown)
}

fn masked(text: &str, dir: &str) -> String {
    let placeholder = format!("{:<width$}", "<board>", width = dir.chars().count());
    text.replace(dir, &placeholder)
}

fn problems_scrolled_to_the_end(width: u16, height: u16, name: &str) {
    let (_tmp, mut h, dir) = fourteen_problems(width, height);
    h.send(ch('!'));
    h.send(ch('G'));
    let text = h.screen();
    assert!(text.contains("14 files could not be read"), "{text}");
    assert!(text.contains("broken13.ron:1:"), "{text}");
    assert!(text.contains("the board reloads them"), "{text}");
    insta::assert_snapshot!(name, masked(&text, &dir));
}

#[test]
fn fourteen_problems_scrolled_to_the_end_at_80_by_24() {
    problems_scrolled_to_the_end(80, 24, "problems_14_80x24");
}

#[test]
fn fourteen_problems_scrolled_to_the_end_at_160_by_45() {
    problems_scrolled_to_the_end(160, 45, "problems_14_160x45");
}

#[test]
fn the_messages_popup_lists_the_session_newest_first() {
    let (_tmp, mut h) = {
        let (tmp, dir) = temp_board();
        (tmp, Harness::open_sized(&dir, 100, 24))
    };
    h.send(ch('L'));
    h.send(ch('J'));
    h.send(ch('u'));
    h.app.update(Action::Warning(
        "A long warning that the status line has to cut: ".to_string()
            + &"every word of it is kept whole in the messages. ".repeat(3),
    ));
    let board = h.screen();
    let status = board.lines().next().unwrap();
    assert!(
        status.trim_end_matches(['"', ' ']).ends_with('…'),
        "{status}"
    );
    h.send(ch('m'));
    let text = h.screen();
    assert!(text.contains("13:00:00  ⚠ A long warning"), "{text}");
    assert!(text.contains("kept whole in the messages."), "{text}");
    let newest = text.find("A long warning").unwrap();
    let oldest = text.find("ungated").unwrap();
    assert!(newest < oldest, "newest first: {text}");
    insta::assert_snapshot!(text);
}

fn conflict() -> SyncFailure {
    SyncFailure {
        message: "conflict while pulling: board/cards/k3m9x2qa.ron changed on both sides"
            .to_string(),
        conflict: Some(SyncConflict {
            files: vec![
                "board/cards/k3m9x2qa.ron".to_string(),
                "board/cards/p7d2w9ke.ron".to_string(),
            ],
            repo: Path::new("/home/ann/churn-model").to_path_buf(),
            rebasing: true,
        }),
    }
}

fn conflict_popup(width: u16, height: u16) -> String {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open_sized(&dir, width, height);
    h.send(ch('S'));
    h.app.update(Action::SyncDone(Err(conflict())));
    // The watcher reloads the files git rewrote: the popup and the outcome stay.
    h.app.update(Action::SyncProgress("pushing…".into()));
    assert!(
        h.status().starts_with("conflict while pulling"),
        "{}",
        h.status()
    );
    let text = h.screen();
    for line in [
        "git stopped in the middle of a rebase",
        "board/cards/p7d2w9ke.ron",
        "git add board/cards/k3m9x2qa.ron board/cards/p7d2w9ke.ron",
        "cd /home/ann/churn-model",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    h.send(ch('G'));
    let bottom = h.screen();
    assert!(bottom.contains("git rebase --abort"), "{bottom}");
    format!("{text}\n{bottom}")
}

#[test]
fn a_conflict_opens_a_popup_naming_the_files_and_the_way_out_at_80_by_24() {
    insta::assert_snapshot!(conflict_popup(80, 24));
}

#[test]
fn a_conflict_opens_a_popup_naming_the_files_and_the_way_out_at_160_by_45() {
    insta::assert_snapshot!(conflict_popup(160, 45));
}

#[test]
fn every_popup_reaches_its_last_line_at_60_by_12() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open_sized(&dir, 60, 12);
    // Help: its last line is the last card state.
    h.send(ch('?'));
    h.send(ch('G'));
    assert!(
        h.screen().contains("the latest review is Stop"),
        "{}",
        h.screen()
    );
    h.send(key(KeyCode::Esc));
    // The card: its last line is its (empty) history.
    h.send(key(KeyCode::Enter));
    h.send(ch('G'));
    assert!(h.screen().contains("no moves yet"), "{}", h.screen());
    h.send(key(KeyCode::Esc));
    // Messages, after enough of them to fill more than the popup.
    for _ in 0..12 {
        h.send(ch('j'));
        h.send(ch('J'));
    }
    h.send(ch('m'));
    h.send(ch('G'));
    assert!(h.screen().contains("Created") || h.screen().contains("Moved"));
    let scroll = h.app.popup.as_ref().unwrap().scroll();
    assert_eq!(scroll.offset(), scroll.max_offset());
    assert!(scroll.max_offset() > 0);
    h.send(key(KeyCode::Esc));
    // Insights: every page's last row.
    h.send(ch('i'));
    for _ in 0..4 {
        h.send(ch('G'));
        let scroll = h.app.popup.as_ref().unwrap().scroll();
        assert_eq!(scroll.offset(), scroll.max_offset());
        let text = h.screen();
        assert!(
            text.contains(&format!("of {}", scroll.total())) || !scroll.scrolls(),
            "{text}"
        );
        h.send(key(KeyCode::Tab));
    }
}

#[test]
fn a_wide_character_under_a_popup_edge_leaves_the_border_whole() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open_sized(&dir, 100, 24);
    h.send(ch('n'));
    h.keys("a数据数据数据数据数据数据数据数据数据数据数据数据数据数据");
    h.send(key(KeyCode::Enter));
    h.send(ch('?'));
    let (width, height) = h.app.size;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| ui::draw(frame, &h.app, &Theme::plain()))
        .unwrap();
    let buffer = terminal.backend().buffer();
    // The help popup's left border, row by row: no wide character just left of it.
    let left = (0..width)
        .find(|x| buffer[(*x, 2)].symbol() == "│")
        .unwrap();
    for y in 2..height - 2 {
        let before = buffer[(left - 1, y)].symbol();
        assert!(
            unicode_width::UnicodeWidthStr::width(before) <= 1,
            "row {y}: {before:?} covers the border"
        );
        assert_eq!(buffer[(left, y)].symbol(), "│", "row {y}");
    }
}
