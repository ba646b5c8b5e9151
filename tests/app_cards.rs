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

/// Tab from the title to the labels field of the card form (title, description,
/// roles, labels, due).
fn to_labels(h: &mut Harness) {
    for _ in 0..3 {
        h.send(key(KeyCode::Tab));
    }
}

fn form_error(h: &Harness) -> String {
    match &h.app.popup {
        Some(mlboard::app::popup::Popup::CardForm(form)) => {
            form.form.error.clone().unwrap_or_default()
        }
        _ => panic!("the form should stay open"),
    }
}

#[test]
fn the_new_card_form_sets_labels_and_a_due_date() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    h.send(ch('n'));
    h.keys("Compare two algorithms");
    to_labels(&mut h);
    h.keys("experiment, churn");
    h.send(key(KeyCode::Tab));
    h.keys("2026-12-15");
    h.send(key(KeyCode::Enter));
    assert!(h.app.popup.is_none(), "{}", h.status());
    let card = h.selected().unwrap().clone();
    assert_eq!(card.labels.to_list(), "churn experiment");
    assert_eq!(
        card.due.map(|d| d.to_string()).as_deref(),
        Some("2026-12-15")
    );
    let text = std::fs::read_to_string(dir.join(format!("cards/{}.ron", card.id))).unwrap();
    assert!(
        text.contains("    labels: [\"churn\", \"experiment\"],\n    due: \"2026-12-15\",\n"),
        "{text}"
    );
}

#[test]
fn bad_labels_and_dates_keep_the_form_open_naming_the_rule() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let before = snapshot_files(&dir);
    h.send(ch('n'));
    h.keys("A card");
    to_labels(&mut h);
    h.keys("Not OK");
    h.send(key(KeyCode::Enter));
    assert!(
        form_error(&h).contains("1 to 32 characters of a-z"),
        "{}",
        form_error(&h)
    );
    // fix the labels, then a day that does not exist
    h.send(ctrl('u'));
    h.keys("ok");
    h.send(key(KeyCode::Tab));
    h.keys("2026-02-30");
    h.send(ctrl('s'));
    assert!(form_error(&h).contains("YYYY-MM-DD"), "{}", form_error(&h));
    assert_eq!(snapshot_files(&dir), before, "nothing written");
    h.send(key(KeyCode::Esc));
    assert_eq!(snapshot_files(&dir), before);
}

#[test]
fn the_edit_form_shows_labels_and_due_and_clears_them() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    h.send(ch('e'));
    to_labels(&mut h);
    h.keys("churn");
    h.send(key(KeyCode::Tab));
    h.keys("2026-12-15");
    h.send(key(KeyCode::Enter));
    let id = h.selected().unwrap().id.clone();
    let path = dir.join(format!("cards/{id}.ron"));
    let with = std::fs::read_to_string(&path).unwrap();
    assert!(with.contains("labels: [\"churn\"]") && with.contains("due: \"2026-12-15\""));
    // the form opens with them filled in; clearing both writes the card as before
    h.send(ch('e'));
    match &h.app.popup {
        Some(mlboard::app::popup::Popup::CardForm(form)) => {
            use mlboard::app::form::FieldId;
            assert_eq!(form.form.text(FieldId::Labels), "churn");
            assert_eq!(form.form.text(FieldId::Due), "2026-12-15");
        }
        _ => panic!("the edit form"),
    }
    to_labels(&mut h);
    h.send(ctrl('u'));
    h.send(key(KeyCode::Tab));
    h.send(ctrl('u'));
    h.send(key(KeyCode::Enter));
    let without = std::fs::read_to_string(&path).unwrap();
    assert!(
        !without.contains("labels") && !without.contains("due"),
        "{without}"
    );
    assert!(h.app.board.card_by_id(&id).unwrap().due.is_none());
}

#[test]
fn the_filter_picker_filters_by_label_and_the_headers_count_it() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    // label the first Design card and the second Development card "churn"
    h.send(ch('e'));
    to_labels(&mut h);
    h.keys("churn");
    h.send(key(KeyCode::Enter));
    h.keys("lj");
    h.send(ch('e'));
    to_labels(&mut h);
    h.keys("churn drift");
    h.send(key(KeyCode::Enter));
    h.send(ch('f'));
    // the roles, then the labels: churn is the first label line
    for _ in 0..7 {
        h.send(ch('j'));
    }
    h.send(ch(' '));
    h.send(key(KeyCode::Enter));
    assert_eq!(h.app.view.filter.describe(), "#churn");
    assert!(h.status().contains("2 cards shown"), "{}", h.status());
    assert_eq!(h.titles(Phase::Design).len(), 1);
    assert_eq!(h.titles(Phase::Development).len(), 1);
    assert_eq!(h.titles(Phase::Deployment).len(), 0);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 45)).unwrap();
    terminal
        .draw(|frame| mlboard::ui::draw(frame, &h.app, &mlboard::ui::theme::Theme::plain()))
        .unwrap();
    let screen = terminal.backend().to_string();
    assert!(
        screen.contains("Design 1/7") && screen.contains("Deployment 0/7"),
        "{screen}"
    );
    // Esc clears it
    h.send(key(KeyCode::Esc));
    assert_eq!(h.titles(Phase::Design).len(), 7);
}

fn open_form(h: &Harness) -> &mlboard::app::card_form::CardForm {
    match &h.app.popup {
        Some(mlboard::app::popup::Popup::CardForm(form)) => form,
        _ => panic!("a card form should be open: {}", h.status()),
    }
}

/// A card whose file would be over the 1 MiB limit is refused in the form, before
/// anything is written (it would not be read back): the form stays open, naming the
/// limit, and nothing says "Added".
#[test]
fn a_card_over_the_file_limit_is_refused_in_the_form() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let before = snapshot_files(&dir);
    h.send(ch('n'));
    h.keys("big desc");
    h.send(key(KeyCode::Tab));
    h.send(mlboard::app::Action::Paste("x".repeat(1_200_000)));
    h.send(ctrl('s'));
    let form = open_form(&h);
    let error = form.form.error.clone().unwrap_or_default();
    assert!(
        error.contains("over the 1 MiB limit") && error.contains("1048576"),
        "{error}"
    );
    assert_eq!(snapshot_files(&dir), before, "nothing written");
    assert!(
        !h.app
            .messages
            .newest_first()
            .any(|m| m.text.starts_with("Added")),
        "never said added"
    );
    // Made short enough, it saves.
    h.send(ctrl('u'));
    h.send(ctrl('s'));
    assert!(h.app.popup.is_none(), "{}", h.status());
    assert_eq!(h.status(), "Added \"big desc\" to Design");
    assert_eq!(changed_files(&before, &snapshot_files(&dir)).len(), 1);
}

/// The same limit for the text `$EDITOR` gives back: nothing is written, and the text
/// is kept in the card form, to shorten there.
#[test]
fn an_editor_text_over_the_file_limit_is_kept_in_the_form() {
    use mlboard::app::form::FieldId;
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let before = snapshot_files(&dir);
    let id = h.selected().unwrap().id.clone();
    h.send(ch('E'));
    let huge = "y".repeat(1_200_000);
    h.send(mlboard::app::Action::EditorDone {
        card: id,
        result: Ok(Some(huge.clone())),
    });
    assert_eq!(snapshot_files(&dir), before, "nothing written");
    assert!(
        h.status().contains("over the 1 MiB limit"),
        "{}",
        h.status()
    );
    let form = open_form(&h);
    assert_eq!(form.form.text(FieldId::Description), huge);
    assert!(form.form.error.as_deref().unwrap().contains("1 MiB"));
}

/// Control characters typed or pasted into a form never reach a file: one-line
/// fields turn a tab into a space and drop the rest; the description keeps its
/// newlines and tabs.
#[test]
fn pasted_control_characters_are_dropped_from_the_form() {
    use mlboard::app::form::FieldId;
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    h.send(ch('n'));
    h.send(mlboard::app::Action::Paste(
        "pre\x1b[31mRED\x07\x1b]0;PWN\x07post\ttab".to_string(),
    ));
    assert_eq!(
        open_form(&h).form.text(FieldId::Title),
        "pre[31mRED]0;PWNpost tab"
    );
    h.send(key(KeyCode::Tab));
    h.send(mlboard::app::Action::Paste(
        "one\r\n\ttwo\x1b[2J\u{9b}\u{7f}".to_string(),
    ));
    h.send(ctrl('s'));
    let card = h.selected().unwrap().clone();
    assert_eq!(&*card.title, "pre[31mRED]0;PWNpost tab");
    assert_eq!(&*card.description, "one\n\ttwo[2J");
    let text = std::fs::read_to_string(dir.join(format!("cards/{}.ron", card.id))).unwrap();
    assert!(
        !text.contains("\\u{1b}") && !text.contains('\x1b'),
        "{text}"
    );
}
