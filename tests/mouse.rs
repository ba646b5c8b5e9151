//! The mouse, on the headless app: crossterm mouse events in, files out. At 160×45
//! the columns start at x = 0, 53 and 106; card k of a column has its title on row
//! 2 + 3k and its tags on row 3 + 3k.

mod common;

use common::*;
use crossterm::event::MouseEventKind;
use mlboard::app::popup::Popup;
use mlboard::model::Phase;

const DESIGN: u16 = 5;
const DEVELOPMENT: u16 = 60;
const DEPLOYMENT: u16 = 120;

fn title_row(k: u16) -> u16 {
    2 + 3 * k
}

#[test]
fn a_click_selects_the_card_and_focuses_its_column() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let before = snapshot_files(&dir);
    h.click(DEVELOPMENT, title_row(2) + 1, 0);
    assert_eq!(h.app.view.focus, Phase::Development);
    assert_eq!(h.app.view.focused().selected, 2);
    assert!(h.app.popup.is_none());
    // A click between cards or on the border focuses the column only.
    h.click(DEPLOYMENT, title_row(1) + 2, 5000);
    assert_eq!(h.app.view.focus, Phase::Deployment);
    assert_eq!(h.app.view.focused().selected, 0);
    assert_eq!(snapshot_files(&dir), before, "clicks write nothing");
}

#[test]
fn a_double_click_opens_the_card() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    h.click(DESIGN, title_row(1), 1000);
    h.click(DESIGN, title_row(1), 1200);
    match &h.app.popup {
        Some(Popup::Detail { card, .. }) => assert_eq!(card, &h.selected().unwrap().id),
        _ => panic!("the card is open"),
    }
    h.send(key(crossterm::event::KeyCode::Esc));
    // Two clicks far apart in time are two clicks.
    h.click(DESIGN, title_row(2), 5000);
    h.click(DESIGN, title_row(2), 6000);
    assert!(h.app.popup.is_none());
    // Two quick clicks on different cards are two clicks.
    h.click(DESIGN, title_row(3), 7000);
    h.click(DESIGN, title_row(4), 7100);
    assert!(h.app.popup.is_none());
}

#[test]
fn the_wheel_scrolls_the_column_under_the_pointer() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open_sized(&dir, 120, 14); // three cards a page
    assert_eq!(h.app.view.focus, Phase::Design);
    h.mouse(MouseEventKind::ScrollDown, 100, 6, 0);
    h.mouse(MouseEventKind::ScrollDown, 100, 6, 0);
    let deployment = h.app.view.column(Phase::Deployment);
    assert_eq!(deployment.offset, 2);
    assert_eq!(deployment.selected, 2, "the selection stays in view");
    assert_eq!(h.app.view.focus, Phase::Design, "the focus stays");
    h.mouse(MouseEventKind::ScrollUp, 100, 6, 0);
    assert_eq!(h.app.view.column(Phase::Deployment).offset, 1);
    // In a popup the wheel scrolls the popup.
    h.send(ch('?'));
    h.mouse(MouseEventKind::ScrollDown, 60, 6, 0);
    match &h.app.popup {
        Some(Popup::Help(scroll)) => assert_eq!(scroll.offset(), 3),
        _ => panic!("help is open"),
    }
}

#[test]
fn dragging_a_card_onto_another_column_moves_it_there_in_one_file() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let title = h.titles(Phase::Design)[0].clone();
    let before = snapshot_files(&dir);
    // Onto the tags of Development's second card: below it, third place.
    h.drag((DESIGN, title_row(0)), (DEVELOPMENT, title_row(1) + 1));
    let target = h.app.drag.and_then(|d| d.target).expect("a drop target");
    assert_eq!((target.phase, target.slot), (Phase::Development, 2));
    assert_eq!(
        snapshot_files(&dir),
        before,
        "nothing moves before the drop"
    );
    h.release((DEVELOPMENT, title_row(1) + 1));
    let changed = changed_files(&before, &snapshot_files(&dir));
    assert_eq!(changed.len(), 1, "{changed:?}");
    let text = std::fs::read_to_string(dir.join(&changed[0])).unwrap();
    assert!(text.contains("phase: Development,"), "{text}");
    assert!(text.contains("from: Design, to: Development, by: \"ann\", ungated: true"));
    assert_eq!(h.titles(Phase::Development)[2], title);
    // The same message as L, and focus and selection follow the card.
    assert!(h.status().contains("ungated"), "{}", h.status());
    assert_eq!(h.app.view.focus, Phase::Development);
    assert_eq!(*h.selected().unwrap().title, *title);
    assert!(h.app.drag.is_none());
}

#[test]
fn dragging_within_a_column_reorders_it() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let titles = h.titles(Phase::Design);
    let before = snapshot_files(&dir);
    // The first card onto the title of the fourth: above it.
    h.drag((DESIGN, title_row(0)), (DESIGN, title_row(3)));
    h.release((DESIGN, title_row(3)));
    assert_eq!(changed_files(&before, &snapshot_files(&dir)).len(), 1);
    let now = h.titles(Phase::Design);
    assert_eq!(
        now[..3],
        [titles[1].clone(), titles[2].clone(), titles[0].clone()]
    );
    assert_eq!(*h.selected().unwrap().title, *titles[0]);
    // Dropped back where it is: nothing is written.
    let before = snapshot_files(&dir);
    h.drag((DESIGN, title_row(2)), (DESIGN, title_row(2) + 1));
    h.release((DESIGN, title_row(2) + 1));
    assert_eq!(snapshot_files(&dir), before);
}

#[test]
fn a_drop_follows_the_gate_like_the_keys() {
    let (_tmp, dir) = temp_board();
    let settings = std::fs::read_to_string(dir.join("board.ron"))
        .unwrap()
        .replace("gate: Warn", "gate: Enforce");
    std::fs::write(dir.join("board.ron"), settings).unwrap();
    let mut h = Harness::open(&dir);
    let before = snapshot_files(&dir);
    h.drag((DESIGN, title_row(0)), (DEPLOYMENT, title_row(0)));
    h.release((DEPLOYMENT, title_row(0)));
    assert_eq!(snapshot_files(&dir), before);
    assert!(
        h.status().contains("Continue from a Business Stakeholder"),
        "{}",
        h.status()
    );
    assert_eq!(h.titles(Phase::Design).len(), 7);
}

#[test]
fn a_click_on_the_footer_runs_its_key() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let footer = 44;
    // ` h/l column  j/k card  H/L move  J/K reorder  n new  ...`: the `l` of `h/l`.
    h.click(3, footer, 0);
    assert_eq!(h.app.view.focus, Phase::Development);
    h.click(1, footer, 1000);
    assert_eq!(h.app.view.focus, Phase::Design);
    let text = " h/l column  j/k card  H/L move  J/K reorder  n new";
    let n = text.find("n new").unwrap() as u16;
    h.click(n + 2, footer, 2000);
    assert!(matches!(h.app.popup, Some(Popup::CardForm(_))));
}
