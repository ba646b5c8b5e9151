//! The headless app driven by key actions, with its file effects performed by the
//! real storage worker: what a user's keys do to the files.

mod common;

use common::*;
use crossterm::event::KeyCode;
use mlboard::model::Phase;
use proptest::prelude::*;

#[test]
fn moving_a_card_rewrites_exactly_one_file() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let title = h.selected().unwrap().title.to_string();
    let before = snapshot_files(&dir);
    h.send(ch('L'));
    let after = snapshot_files(&dir);
    let changed = changed_files(&before, &after);
    assert_eq!(changed.len(), 1, "{changed:?}");
    let text = String::from_utf8(after[&changed[0]].clone()).unwrap();
    assert!(text.contains("phase: Development,"), "{text}");
    assert!(text.contains("from: Design, to: Development, by: \"ann\", ungated: true"));
    // focus and selection follow the card
    assert_eq!(h.app.view.focus, Phase::Development);
    assert_eq!(&*h.selected().unwrap().title, title);
    assert!(h.status().contains("ungated"), "{}", h.status());
}

#[test]
fn reordering_rewrites_one_file_and_keeps_the_selection() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let first = h.titles(Phase::Design)[0].clone();
    let second = h.titles(Phase::Design)[1].clone();
    let before = snapshot_files(&dir);
    h.send(ch('J'));
    assert_eq!(changed_files(&before, &snapshot_files(&dir)).len(), 1);
    assert_eq!(h.titles(Phase::Design)[..2], [second, first.clone()]);
    assert_eq!(&*h.selected().unwrap().title, first);
    // and back up with Shift+Up
    h.send(mlboard::app::Action::Key(crossterm::event::KeyEvent::new(
        KeyCode::Up,
        crossterm::event::KeyModifiers::SHIFT,
    )));
    assert_eq!(h.titles(Phase::Design)[0], first);
}

#[test]
fn a_reopened_board_shows_what_was_saved() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    h.keys("jL");
    h.keys("hjJ");
    let design = h.titles(Phase::Design);
    let development = h.titles(Phase::Development);
    let reopened = Harness::open(&dir);
    assert_eq!(reopened.titles(Phase::Design), design);
    assert_eq!(reopened.titles(Phase::Development), development);
}

#[test]
fn new_card_form_saves_title_description_and_roles() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    h.send(ch('l'));
    h.send(ch('n'));
    h.keys("Try gradient boosting");
    h.send(key(KeyCode::Tab));
    h.keys("GBM vs LR");
    h.send(key(KeyCode::Tab));
    h.keys("4"); // toggles the fourth role: Data Scientist
    h.send(ctrl('s'));
    assert!(h.app.popup.is_none());
    let card = h.selected().unwrap().clone();
    assert_eq!(&*card.title, "Try gradient boosting");
    assert_eq!(&*card.description, "GBM vs LR");
    assert_eq!(card.phase, Phase::Development);
    assert_eq!(
        card.roles.iter().map(|r| r.tag()).collect::<Vec<_>>(),
        ["DS"]
    );
    let text = std::fs::read_to_string(dir.join(format!("cards/{}.ron", card.id))).unwrap();
    assert!(text.contains("roles: [DataScientist],"));
}

#[test]
fn an_empty_title_is_refused_and_esc_changes_nothing() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let before = snapshot_files(&dir);
    h.send(ch('n'));
    h.send(key(KeyCode::Enter));
    match &h.app.popup {
        Some(mlboard::app::popup::Popup::CardForm(form)) => {
            assert!(form.form.error.as_deref().unwrap_or("").contains("title"))
        }
        _ => panic!("the form should stay open"),
    }
    h.keys("half typed");
    h.send(key(KeyCode::Esc));
    assert!(h.app.popup.is_none());
    assert_eq!(snapshot_files(&dir), before);
}

#[test]
fn edit_form_and_role_picker_change_the_card() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    h.send(ch('e'));
    // clear the title (Ctrl+U deletes to the line head in the text widget) and type
    h.send(ctrl('u'));
    h.keys("Problem statement");
    h.send(key(KeyCode::Enter));
    assert_eq!(&*h.selected().unwrap().title, "Problem statement");
    h.send(ch('t'));
    h.keys("7"); // Backend Engineer on
    h.send(key(KeyCode::Enter));
    assert!(h.selected().unwrap().roles.iter().any(|r| r.tag() == "BE"));
}

#[test]
fn archive_hides_and_a_shows_then_unarchives() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let title = h.selected().unwrap().title.to_string();
    let count = h.titles(Phase::Design).len();
    h.send(ch('a'));
    assert_eq!(h.titles(Phase::Design).len(), count - 1);
    assert!(!h.titles(Phase::Design).contains(&title));
    h.send(ch('A'));
    assert!(h.titles(Phase::Design).contains(&title));
    h.send(ch('g'));
    assert_eq!(&*h.selected().unwrap().title, title);
    assert!(h.selected().unwrap().is_archived());
    h.send(ch('a'));
    assert!(!h.selected().unwrap().is_archived());
}

#[test]
fn delete_asks_first() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let id = h.selected().unwrap().id.clone();
    let path = dir.join(format!("cards/{id}.ron"));
    h.send(ch('D'));
    h.send(ch('n'));
    assert!(path.exists());
    h.send(ch('D'));
    h.send(key(KeyCode::Esc));
    assert!(path.exists());
    h.send(ch('D'));
    h.send(ch('y'));
    assert!(!path.exists());
    h.send(ch('u'));
    assert!(path.exists(), "undo brings the file back");
}

#[test]
fn undo_and_redo_put_files_back_byte_for_byte() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let original = snapshot_files(&dir);
    h.keys("LjJ");
    let moved = snapshot_files(&dir);
    h.keys("uu");
    assert_eq!(snapshot_files(&dir), original);
    assert_eq!(h.app.view.column(Phase::Development).visible.len(), 6);
    h.send(ctrl('r'));
    h.send(ctrl('r'));
    assert_eq!(snapshot_files(&dir), moved);
    h.keys("uuu");
    assert!(h.status().contains("Nothing to undo"), "{}", h.status());
}

#[test]
fn undo_refuses_to_overwrite_someone_elses_change() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let id = h.selected().unwrap().id.clone();
    h.send(ch('L'));
    let rel = format!("cards/{id}.ron");
    let path = dir.join(&rel);
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("title: \"Define", "title: \"Their define");
    std::fs::write(&path, &theirs).unwrap();
    h.send(ch('u'));
    assert!(h.status().contains("Cannot undo"), "{}", h.status());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    assert!(h.selected().unwrap().title.starts_with("Their define"));
}

#[test]
fn a_change_to_a_file_changed_on_disk_is_refused_and_reloaded() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let id = h.selected().unwrap().id.clone();
    let path = dir.join(format!("cards/{id}.ron"));
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("title: \"Define", "title: \"Edited elsewhere: define");
    std::fs::write(&path, &theirs).unwrap();
    h.send(ch('L'));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "never overwritten"
    );
    assert!(
        h.status().contains("changed by someone else"),
        "{}",
        h.status()
    );
    let card = h.app.board.card_by_id(&id).unwrap();
    assert_eq!(
        card.phase,
        Phase::Design,
        "the refused move is undone on screen"
    );
    assert!(card.title.starts_with("Edited elsewhere"));
}

#[test]
fn files_changed_by_others_show_up_and_keep_the_selection() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    h.send(ch('j'));
    let selected = h.selected().unwrap().id.clone();
    // someone edits the first card and deletes the last one
    let first = h
        .app
        .board
        .card(h.app.view.column(Phase::Design).visible[0])
        .clone();
    let last = h
        .app
        .board
        .card(*h.app.view.column(Phase::Design).visible.last().unwrap())
        .clone();
    let first_rel = format!("cards/{}.ron", first.id);
    let last_rel = format!("cards/{}.ron", last.id);
    let text = std::fs::read_to_string(dir.join(&first_rel))
        .unwrap()
        .replace(&*first.title, "Renamed by a teammate");
    std::fs::write(dir.join(&first_rel), text).unwrap();
    std::fs::remove_file(dir.join(&last_rel)).unwrap();
    h.files_changed(&[&first_rel, &last_rel]);
    assert_eq!(h.titles(Phase::Design)[0], "Renamed by a teammate");
    assert!(!h.titles(Phase::Design).contains(&last.title.to_string()));
    assert_eq!(h.selected().unwrap().id, selected);
    assert!(h.status().contains("Reloaded 2 files"), "{}", h.status());
    // mlboard's own writes are recognised by content: no reload reported
    h.send(ch('J'));
    let moved = h.selected().unwrap().id.clone();
    h.app.status = None;
    h.files_changed(&[&format!("cards/{moved}.ron")]);
    assert!(h.app.status.is_none());
}

#[test]
fn a_broken_file_arriving_is_listed_not_fatal() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let id = h.selected().unwrap().id.clone();
    let rel = format!("cards/{id}.ron");
    std::fs::write(dir.join(&rel), "(\n<<<<<<< HEAD\n").unwrap();
    h.files_changed(&[&rel]);
    assert_eq!(h.app.problems.len(), 1);
    assert!(h.app.problems[0].message.contains("merge conflict"));
    assert!(h.app.board.card_by_id(&id).is_none());
    assert_eq!(
        std::fs::read_to_string(dir.join(&rel)).unwrap(),
        "(\n<<<<<<< HEAD\n"
    );
}

#[test]
fn reviews_gate_forward_moves_under_enforce() {
    let (_tmp, dir) = temp_board();
    let settings = std::fs::read_to_string(dir.join("board.ron"))
        .unwrap()
        .replace("gate: Warn", "gate: Enforce");
    std::fs::write(dir.join("board.ron"), settings).unwrap();
    let mut h = Harness::open(&dir);
    let id = h.selected().unwrap().id.clone();
    h.send(ch('L'));
    assert!(
        h.status().contains("Continue from a Business Stakeholder"),
        "{}",
        h.status()
    );
    assert_eq!(h.app.board.card_by_id(&id).unwrap().phase, Phase::Design);
    // r, then Enter in the reviewer field: a Continue by a Business Stakeholder
    h.send(ch('r'));
    h.send(key(KeyCode::Enter));
    let reviews = std::fs::read_dir(dir.join("reviews")).unwrap().count();
    assert_eq!(reviews, 1);
    h.send(ch('L'));
    let card = h.app.board.card_by_id(&id).unwrap();
    assert_eq!(card.phase, Phase::Development);
    assert!(!card.history[0].ungated);
}

#[test]
fn a_stop_blocks_forward_moves_until_a_later_continue() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    h.send(ch('r'));
    h.send(key(KeyCode::Tab));
    h.send(key(KeyCode::Tab));
    h.send(ch('s')); // Stop
    h.send(key(KeyCode::Tab));
    h.keys("no budget");
    h.send(key(KeyCode::Enter));
    assert_eq!(
        h.app.board.state(h.app.view.selected().unwrap()),
        mlboard::model::CardState::Stopped
    );
    h.send(ch('L'));
    assert!(h.status().contains("Stop"), "{}", h.status());
    assert_eq!(h.app.view.focus, Phase::Design);
}

#[test]
fn role_filter_counts_and_moves_keep_hidden_order() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let all = h.titles(Phase::Design);
    h.send(ch('f'));
    h.keys("5"); // Software Engineer
    h.send(key(KeyCode::Enter));
    let shown = h.titles(Phase::Design);
    assert!(shown.len() < all.len() && !shown.is_empty());
    assert_eq!(h.app.view.filter.describe(), "SWE");
    // The status line shows the filter; the message says what it did, not the filter again.
    assert!(h.status().contains("cards shown"), "{}", h.status());
    assert!(!h.status().contains("SWE"), "{}", h.status());
    // reorder within the filtered column: hidden cards keep their relative order
    h.send(ch('K'));
    h.send(key(KeyCode::Esc));
    let after: Vec<String> = h
        .titles(Phase::Design)
        .into_iter()
        .filter(|t| !shown.contains(t))
        .collect();
    let hidden: Vec<String> = all.iter().filter(|t| !shown.contains(t)).cloned().collect();
    assert_eq!(after, hidden);
    assert_eq!(h.titles(Phase::Design).len(), all.len());
}

#[test]
fn search_jumps_to_the_card() {
    let (_tmp, dir) = temp_board();
    // Three cards a page: the card is the fourth of its column, below the fold.
    let mut h = Harness::open_sized(&dir, 120, 14);
    assert_eq!(h.app.view.page, 3);
    h.send(ch('/'));
    h.keys("drft alrt");
    h.send(key(KeyCode::Enter));
    assert!(h.app.popup.is_none());
    assert_eq!(h.app.view.focus, Phase::Deployment);
    assert_eq!(
        &*h.selected().unwrap().title,
        "Set up monitoring and data-drift alerts"
    );
    let column = h.app.view.focused();
    assert_eq!(column.selected, 3);
    assert!(column.offset > 0 && column.offset <= 3, "scrolled to it");
    // Esc returns to where you were
    h.send(ch('g'));
    h.send(ch('/'));
    h.keys("weekly");
    h.send(key(KeyCode::Esc));
    assert_eq!(h.app.view.focused().selected, 0);
}

#[derive(Debug, Clone)]
enum Step {
    Key(char),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        Just(Step::Key('j')),
        Just(Step::Key('k')),
        Just(Step::Key('h')),
        Just(Step::Key('l')),
        Just(Step::Key('H')),
        Just(Step::Key('L')),
        Just(Step::Key('J')),
        Just(Step::Key('K')),
        Just(Step::Key('a')),
        Just(Step::Key('A')),
        Just(Step::Key('x')), // delete with confirmation (D, y)
        Just(Step::Key('n')), // new card with a title
        Just(Step::Key('t')), // toggle a role
        Just(Step::Key('r')), // review
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn random_changes_then_undo_all_restore_every_file(steps in proptest::collection::vec(step(), 1..25)) {
        let (_tmp, dir) = temp_board();
        let original = snapshot_files(&dir);
        let mut h = Harness::open(&dir);
        for Step::Key(c) in steps {
            match c {
                'x' => { h.send(ch('D')); h.send(ch('y')); }
                'n' => { h.send(ch('n')); h.keys("Generated card"); h.send(key(KeyCode::Enter)); }
                't' => { h.send(ch('t')); h.keys("3"); h.send(key(KeyCode::Enter)); }
                'r' => { h.send(ch('r')); h.send(key(KeyCode::Enter)); }
                other => h.send(ch(other)),
            }
        }
        for _ in 0..200 {
            h.send(ch('u'));
            if h.status().contains("Nothing to undo") { break; }
        }
        prop_assert_eq!(snapshot_files(&dir), original);
    }
}

#[test]
fn ctrl_c_quits_from_a_form_without_saving() {
    let (_tmp, dir) = temp_board();
    let before = snapshot_files(&dir);
    let mut h = Harness::open(&dir);
    h.send(ch('n'));
    h.keys("unsaved");
    h.send(ctrl('c'));
    assert!(!h.app.running);
    assert_eq!(snapshot_files(&dir), before);
}

#[test]
fn page_down_and_up_move_by_a_page_of_cards() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open_sized(&dir, 120, 16); // four cards a page
    assert_eq!(h.app.view.page, 4);
    h.send(key(KeyCode::PageDown));
    assert_eq!(h.app.view.focused().selected, 4);
    assert_eq!(h.app.view.focused().offset, 1);
    h.send(ctrl('u'));
    assert_eq!(h.app.view.focused().selected, 0);
}

#[test]
fn empty_and_unicode_queries() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    h.send(ch('n'));
    h.keys("Qualité des données: 数据 ✓");
    h.send(key(KeyCode::Enter));
    h.send(ch('/'));
    h.send(key(KeyCode::Enter)); // an empty query has no hits: Enter does nothing
    assert!(h.app.popup.is_some());
    h.keys("数据");
    h.send(key(KeyCode::Enter));
    assert!(h.app.popup.is_none());
    assert_eq!(&*h.selected().unwrap().title, "Qualité des données: 数据 ✓");
}

#[test]
fn a_real_file_watcher_feeds_a_running_headless_app() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let (tx, rx) = std::sync::mpsc::channel();
    let _guard = mlboard::store::watch::watch(&dir, move |rels| {
        let _ = tx.send(rels);
    })
    .unwrap();
    let first = h
        .app
        .board
        .card(h.app.view.column(Phase::Design).visible[0])
        .clone();
    let rel = format!("cards/{}.ron", first.id);
    let text = std::fs::read_to_string(dir.join(&rel))
        .unwrap()
        .replace(&*first.title, "Changed while open");
    std::fs::write(dir.join(&rel), text).unwrap();
    // Wait (generously) for the debounced event; then the worker reads the file.
    let rels = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("a watcher event");
    assert!(rels.contains(&rel), "{rels:?}");
    let refs: Vec<&str> = rels.iter().map(String::as_str).collect();
    h.files_changed(&refs);
    assert_eq!(h.titles(Phase::Design)[0], "Changed while open");
}

#[test]
fn esc_then_a_letter_at_once_is_two_keys_outside_text_fields() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let alt = |c| {
        mlboard::app::Action::Key(crossterm::event::KeyEvent::new(
            KeyCode::Char(c),
            crossterm::event::KeyModifiers::ALT,
        ))
    };
    h.send(key(KeyCode::Enter)); // the detail popup
    h.send(alt('j')); // Esc closes it, j selects the next card
    assert!(h.app.popup.is_none());
    assert_eq!(h.app.view.focused().selected, 1);
    h.send(ch('?'));
    h.send(alt('q'));
    assert!(!h.app.running, "Esc closed help, q quit");
}

#[test]
fn esc_then_q_at_once_cancels_a_form_and_quits() {
    let (_tmp, dir) = temp_board();
    let before = snapshot_files(&dir);
    let mut h = Harness::open(&dir);
    h.send(ch('n'));
    h.keys("never saved");
    h.send(mlboard::app::Action::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('q'),
        crossterm::event::KeyModifiers::ALT,
    )));
    assert!(!h.app.running);
    assert_eq!(snapshot_files(&dir), before);
}

#[test]
fn esc_clears_the_filter_from_the_board_or_the_picker() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let all = h.titles(Phase::Design).len();
    h.send(ch('f'));
    h.keys(" "); // Business Stakeholder
    h.send(key(KeyCode::Enter));
    assert!(h.titles(Phase::Design).len() < all);
    h.send(key(KeyCode::Esc));
    assert_eq!(h.titles(Phase::Design).len(), all);
    h.send(ch('f'));
    h.keys(" ");
    h.send(key(KeyCode::Enter));
    h.send(ch('f'));
    h.send(key(KeyCode::Esc));
    assert!(h.app.popup.is_none());
    assert_eq!(h.titles(Phase::Design).len(), all);
    assert!(h.status().contains("Filter cleared"));
}

#[test]
fn the_role_picker_saves_each_toggle_at_once() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let id = h.selected().unwrap().id.clone();
    let path = dir.join(format!("cards/{id}.ron"));
    h.send(ch('t'));
    h.send(ch('j'));
    h.send(ch(' ')); // Subject Matter Expert off
    assert!(
        !std::fs::read_to_string(&path)
            .unwrap()
            .contains("SubjectMatterExpert")
    );
    h.send(key(KeyCode::Esc));
    assert!(h.app.popup.is_none());
    assert!(!h.selected().unwrap().roles.iter().any(|r| r.tag() == "SME"));
    h.send(ch('u'));
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("SubjectMatterExpert")
    );
}

#[test]
fn typing_a_reviewer_replaces_the_suggested_name() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    h.send(ch('r'));
    h.keys("Bob");
    h.send(key(KeyCode::Enter));
    let review = std::fs::read_dir(dir.join("reviews"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let text = std::fs::read_to_string(review.path()).unwrap();
    assert!(text.contains("reviewer: \"Bob\","), "{text}");
    // Enter alone keeps the suggestion (the user's name)
    h.send(ch('r'));
    h.send(key(KeyCode::Enter));
    let names: Vec<String> = std::fs::read_dir(dir.join("reviews"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        names.iter().any(|t| t.contains("reviewer: \"ann\",")),
        "{names:?}"
    );
}

#[test]
fn the_key_that_opens_help_or_insights_closes_it() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    for c in ['?', 'i', '!'] {
        h.send(ch(c));
        assert!(h.app.popup.is_some(), "{c} opens");
        h.send(ch('j')); // scrolls, stays open
        assert!(h.app.popup.is_some(), "{c} stays open while scrolling");
        h.send(ch(c));
        assert!(h.app.popup.is_none(), "{c} closes");
    }
}

#[test]
fn search_after_moves_edits_and_archiving_finds_the_current_board() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let search = |h: &mut Harness, q: &str| -> Vec<String> {
        let hits = h.app.searcher.search(&h.app.board, q, false).to_vec();
        hits.iter()
            .map(|hit| h.app.board.card(hit.key).title.to_string())
            .collect()
    };
    assert_eq!(
        search(&mut h, "drift")[0],
        "Set up monitoring and data-drift alerts"
    );
    // a move keeps the index; the moved card is still found, in its new phase
    h.send(ch('L'));
    let moved = h.selected().unwrap().title.to_string();
    assert!(search(&mut h, "problem").contains(&moved));
    // an edit is seen at once
    h.send(ch('e'));
    h.send(ctrl('u'));
    h.keys("Zebra stripes");
    h.send(key(KeyCode::Enter));
    assert_eq!(search(&mut h, "zebra")[0], "Zebra stripes");
    // an archived card leaves the results
    h.send(ch('a'));
    assert!(!search(&mut h, "zebra").contains(&"Zebra stripes".to_string()));
}

#[test]
fn remapped_keys_work_in_every_mode_and_the_old_ones_stop() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let notes = h.with_keys(
        r#"(
            board: { MoveNextPhase: ["M"] },
            form: { Cancel: ["ctrl+g"], Save: ["ctrl+w"] },
            text: { DeleteToStart: ["ctrl+x"] },
            choice: { NextChoice: ["z"] },
            picker: { Toggle: ["o"], Close: ["c"] },
            confirm: { Yes: ["d"] },
            scroll: { Close: ["x"] },
            search: { Jump: ["ctrl+o"] },
        )"#,
    );
    // ctrl+w was the text fields' DeleteWordBack: the form's Save hides it there.
    assert_eq!(
        notes,
        ["text Ctrl+w (DeleteWordBack) is hidden by form Save"]
    );
    let id = h.selected().unwrap().id.clone();
    // board
    h.send(ch('L'));
    assert_eq!(h.app.board.card_by_id(&id).unwrap().phase, Phase::Design);
    h.send(ch('M'));
    assert_eq!(
        h.app.board.card_by_id(&id).unwrap().phase,
        Phase::Development
    );
    // form and text: Esc no longer cancels, Ctrl+u no longer clears, ctrl+x does
    h.send(ch('e'));
    h.send(key(KeyCode::Esc));
    assert!(h.app.popup.is_some(), "Esc is not Cancel any more");
    h.send(ctrl('u'));
    assert_eq!(h.selected().unwrap().title.len(), {
        let Some(mlboard::app::popup::Popup::CardForm(form)) = &h.app.popup else {
            panic!()
        };
        form.form.text(mlboard::app::form::FieldId::Title).len()
    });
    h.send(ctrl('x'));
    h.keys("Renamed");
    h.send(ctrl('s'));
    assert!(h.app.popup.is_some(), "Ctrl+s is not Save any more");
    h.send(ctrl('w'));
    assert!(h.app.popup.is_none());
    assert_eq!(&*h.selected().unwrap().title, "Renamed");
    h.send(ch('e'));
    h.send(ctrl('g'));
    assert!(h.app.popup.is_none(), "ctrl+g cancels");
    // choice: z picks the next verdict, l no longer does
    h.send(ch('r'));
    h.send(key(KeyCode::Tab));
    h.send(key(KeyCode::Tab));
    h.send(ch('l'));
    h.send(ch('z'));
    h.send(key(KeyCode::Enter));
    let review = std::fs::read_dir(dir.join("reviews"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .next()
        .unwrap();
    assert!(review.contains("verdict: Rework,"), "{review}");
    // picker: o toggles, Space no longer does, c closes
    h.send(ch('t'));
    h.send(ch(' '));
    let roles = h.selected().unwrap().roles;
    h.send(ch('o'));
    assert_ne!(h.selected().unwrap().roles, roles);
    h.send(ch('q'));
    assert!(h.app.popup.is_some(), "q is not Close any more");
    h.send(ch('c'));
    assert!(h.app.popup.is_none());
    // confirm: d deletes, y does nothing
    let path = dir.join(format!("cards/{id}.ron"));
    h.send(ch('D'));
    h.send(ch('y'));
    assert!(path.exists() && h.app.popup.is_some());
    h.send(ch('d'));
    assert!(!path.exists());
    // scroll: x closes help, Esc does not
    h.send(ch('?'));
    h.send(key(KeyCode::Esc));
    assert!(h.app.popup.is_some());
    h.send(ch('x'));
    assert!(h.app.popup.is_none());
    // search: ctrl+o jumps, Enter no longer does
    h.send(ch('/'));
    h.keys("drift");
    h.send(key(KeyCode::Enter));
    assert!(h.app.popup.is_some());
    h.send(ctrl('o'));
    assert!(h.app.popup.is_none());
    assert_eq!(
        &*h.selected().unwrap().title,
        "Set up monitoring and data-drift alerts"
    );
}

#[test]
fn a_crashed_storage_worker_is_an_error_and_nothing_is_acknowledged_after() {
    use mlboard::app::Action;
    use mlboard::tui::effects::{Route, route};
    use mlboard::tui::storage::StorageThread;
    use std::sync::mpsc;
    use std::time::Duration;

    let (_tmp, dir) = temp_board();
    let before = snapshot_files(&dir);
    let mut h = Harness::open(&dir);
    // The real runner, around a worker that panics on the first save.
    let (tx, rx) = mpsc::channel::<Action>();
    let storage = StorageThread::spawn(
        |msg| match msg {
            mlboard::worker::WorkerMsg::Save(_) => panic!("disk on fire"),
            _ => None,
        },
        move |action| tx.send(action).is_ok(),
    )
    .unwrap();
    let title = h.selected().unwrap().title.to_string();
    h.app.update(ch('L'));
    for effect in h.app.take_effects() {
        if let Route::Worker(msg) = route(effect) {
            storage.send(msg).unwrap();
        }
    }
    let answer = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the crash is reported");
    assert!(matches!(answer, Action::WorkerFailed(_)), "{answer:?}");
    h.app.update(answer);
    let status = h.status();
    assert!(status.contains("disk on fire"), "{status}");
    assert!(
        status.contains(&format!("Not saved: Move \"{title}\"")),
        "{status}"
    );
    assert!(h.app.read_only.is_some(), "the board turns read-only");
    assert!(h.app.has_banner());
    // No further change is taken, so none can be acknowledged.
    h.app.update(ch('h'));
    h.app.update(ch('L'));
    h.app.update(ch('n'));
    assert!(h.app.take_effects().is_empty());
    assert!(h.app.popup.is_none());
    assert!(h.status().contains("read-only"), "{}", h.status());
    assert!(storage.close(), "the crashed thread has ended");
    assert_eq!(snapshot_files(&dir), before);
}

#[test]
fn the_board_list_opens_a_board_and_refuses_one_that_is_gone() {
    use mlboard::app::pickers::{BoardList, RecentBoard};
    use mlboard::app::{Action, Effect};
    let (tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    h.app.update(ch('b'));
    assert_eq!(h.app.take_effects(), [Effect::ListBoards]);
    let other = tmp.path().join("other");
    let gone = tmp.path().join("gone");
    let list = BoardList {
        boards: vec![
            RecentBoard {
                path: dir.clone(),
                name: Some("ML project".into()),
                current: true,
            },
            RecentBoard {
                path: other.clone(),
                name: Some("Other".into()),
                current: false,
            },
            RecentBoard {
                path: gone.clone(),
                name: None,
                current: false,
            },
        ],
        cursor: 1,
        ..BoardList::default()
    };
    h.app.update(Action::Boards(list.clone()));
    h.app.update(ch('j'));
    h.app.update(key(KeyCode::Enter));
    assert!(h.status().contains("no board in"), "{}", h.status());
    assert!(h.app.take_effects().is_empty(), "nothing is created");
    h.app.update(Action::Boards(list.clone()));
    h.app.update(key(KeyCode::Enter));
    assert_eq!(h.app.take_effects(), [Effect::SwitchBoard(other)]);
    h.app
        .update(Action::Boards(BoardList { cursor: 0, ..list }));
    h.app.update(key(KeyCode::Enter));
    assert!(h.status().contains("already open"), "{}", h.status());
}

/// Hand-edited ranks with no room between them ("0", "0", "00"): `K` says it cannot
/// move the card (and why) instead of moving it down or nowhere and saying "up".
#[test]
fn move_up_between_ranks_with_no_room_is_refused_honestly() {
    use mlboard::model::{Card, RoleSet};
    use mlboard::store::template::{self, Template};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("board");
    let mut rng = fastrand::Rng::with_seed(1);
    let (settings, _) = template::starter(Template::Empty, None, now(), &mut rng);
    let z = "z".repeat(39);
    let ranks = [
        ("aaaa", "0"),
        ("bbbb", "0"),
        ("cccc", "00"),
        ("dddd", z.as_str()),
    ];
    let cards: Vec<Card> = ranks
        .iter()
        .map(|(id, rank)| {
            Card::new(
                id.parse().unwrap(),
                id.to_string(),
                Phase::Design,
                rank.parse().unwrap(),
                RoleSet::EMPTY,
                now(),
            )
        })
        .collect();
    mlboard::store::Store::init(&dir, &settings, &cards).unwrap();
    let mut h = Harness::open(&dir);
    let order = ["aaaa", "bbbb", "cccc", "dddd"];
    assert_eq!(h.titles(Phase::Design), order);
    let before = snapshot_files(&dir);
    // the second card up: nothing sorts before "0"
    h.send(ch('j'));
    assert_eq!(h.selected().unwrap().title.as_ref(), "bbbb");
    h.send(ch('K'));
    h.run_effects();
    assert!(
        h.status()
            .starts_with("cannot move \"bbbb\" up: no rank fits there"),
        "{}",
        h.status()
    );
    assert_eq!(h.titles(Phase::Design), order);
    assert_eq!(h.selected().unwrap().title.as_ref(), "bbbb");
    // the last card up: nothing sorts between "0" and "00"
    h.send(ch('G'));
    h.send(ch('K'));
    h.run_effects();
    assert!(
        h.status().starts_with("cannot move \"dddd\" up"),
        "{}",
        h.status()
    );
    assert_eq!(h.titles(Phase::Design), order);
    assert_eq!(snapshot_files(&dir), before, "no file written");
    // where there is room the move happens and says where the card is now
    h.send(ch('k'));
    h.send(ch('J'));
    h.run_effects();
    assert_eq!(h.titles(Phase::Design), ["aaaa", "bbbb", "dddd", "cccc"]);
    assert_eq!(h.status(), "Moved \"cccc\" down (4 of 4 in Design)");
}
