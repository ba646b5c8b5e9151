//! What a card's labels and due date look like: on the board (wide and at the
//! smallest terminal), in the card view. Snapshots on ratatui's `TestBackend`.

mod common;

use common::*;
use crossterm::event::KeyCode;
use std::path::Path;

/// Adds `fields` (labels, due) to the card files whose titles start with `title`.
fn give(dir: &Path, title: &str, fields: &str) {
    for entry in std::fs::read_dir(dir.join("cards")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if text.contains(&format!("    title: \"{title}")) {
            let text = text.replace("    created:", &format!("{fields}    created:"));
            std::fs::write(&path, text).unwrap();
        }
    }
}

/// The starter board with labels and due dates on three cards. The harness's clock
/// reads 2026-11-26.
fn labelled_board() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, dir) = temp_board();
    give(
        &dir,
        "Define the problem",
        "    labels: [\"churn\", \"kickoff\"],\n    due: \"2026-11-20\",\n",
    );
    give(&dir, "Estimate the added", "    due: \"2026-12-15\",\n");
    give(
        &dir,
        "Agree on key metrics",
        "    labels: [\"churn\", \"metrics\"],\n    due: \"2027-01-10\",\n",
    );
    (tmp, dir)
}

#[test]
fn cards_show_labels_and_due_dates_and_overdue() {
    let (_tmp, dir) = labelled_board();
    let h = Harness::open_sized(&dir, 160, 16);
    let text = h.screen();
    assert!(text.contains("overdue"), "{text}");
    assert!(text.contains("due 12-15"), "{text}");
    assert!(text.contains("due 2027-01-10"), "{text}");
    assert!(text.contains("#churn #kickoff"), "{text}");
    assert!(h.app.problems.is_empty());
    insta::assert_snapshot!(text);
}

#[test]
fn labels_and_due_dates_stay_readable_at_60_columns() {
    let (_tmp, dir) = labelled_board();
    let h = Harness::open_sized(&dir, 60, 14);
    let text = h.screen();
    assert!(text.contains("overdue"), "{text}");
    assert!(text.contains("12-15"), "{text}");
    assert!(text.contains("#"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn the_card_view_lists_labels_and_the_due_date() {
    let (_tmp, dir) = labelled_board();
    let mut h = Harness::open_sized(&dir, 100, 30);
    h.send(key(KeyCode::Enter));
    let text = h.screen();
    assert!(text.contains("#churn #kickoff"), "{text}");
    assert!(text.contains("2026-11-20 overdue"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn the_delete_confirmation_says_the_reviews_go_too() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open_sized(&dir, 100, 20);
    for _ in 0..2 {
        h.send(ch('r'));
        h.send(key(KeyCode::Enter));
    }
    h.send(ch('D'));
    let text = h.screen();
    assert!(
        text.contains("Its 2 reviews are deleted with it."),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn the_edit_form_has_a_labels_field_and_a_due_date_field_that_says_its_format() {
    let (_tmp, dir) = labelled_board();
    let mut h = Harness::open_sized(&dir, 100, 30);
    h.send(ch('e'));
    for _ in 0..4 {
        h.send(key(KeyCode::Tab));
    }
    let text = h.screen();
    assert!(text.contains("Due (YYYY-MM-DD)"), "{text}");
    assert!(
        text.contains("churn kickoff") && text.contains("2026-11-20"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn the_new_card_forms_empty_fields_say_what_they_want() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open_sized(&dir, 100, 30);
    h.send(ch('n'));
    for _ in 0..4 {
        h.send(key(KeyCode::Tab));
    }
    let text = h.screen();
    assert!(
        text.contains("YYYY-MM-DD, or empty"),
        "the placeholder: {text}"
    );
    h.send(key(KeyCode::BackTab));
    let text = h.screen();
    assert!(
        text.contains("e.g. churn experiment"),
        "the placeholder: {text}"
    );
}

#[test]
fn the_filter_picker_lists_the_boards_labels_under_the_roles() {
    let (_tmp, dir) = labelled_board();
    let mut h = Harness::open_sized(&dir, 100, 30);
    h.send(ch('f'));
    for _ in 0..8 {
        h.send(ch('j'));
    }
    h.send(ch(' '));
    let text = h.screen();
    assert!(text.contains("[x] #kickoff"), "{text}");
    assert!(
        text.contains("[ ] #churn") && text.contains("[ ] #metrics"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn a_long_label_list_scrolls_to_the_cursor() {
    let (_tmp, dir) = temp_board();
    let labels: Vec<String> = (0..30).map(|i| format!("\"label{i:02}\"")).collect();
    give(
        &dir,
        "Define the problem",
        &format!("    labels: [{}],\n", labels.join(", ")),
    );
    let mut h = Harness::open_sized(&dir, 100, 20);
    h.send(ch('f'));
    for _ in 0..(7 + 29) {
        h.send(ch('j'));
    }
    h.send(ch(' '));
    let text = h.screen();
    assert!(
        text.contains("[x] #label29"),
        "the cursor's line is in view: {text}"
    );
    h.send(ch('j'));
    assert!(h.screen().contains("only cards awaiting"));
    h.send(ch('g'));
    assert!(h.screen().contains("1 [ ] BS"));
}
