//! The insights popup's pages and the key metrics in the review form and the card view,
//! on `TestBackend`, at 160×45 and 80×24 (snapshots checked by eye).

mod common;

use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use mlboard::model::{
    BoardSettings, Card, CardId, Finite, Goal, Measurement, MetricDecl, Move, Phase, Rank, Review,
    ReviewerRole, Role, RoleSet, Timestamp, Verdict,
};
use mlboard::store::Store;
use mlboard::store::format::{measurement_to_ron, review_to_ron};
use mlboard::ui::{self, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;

const DAY: i64 = 86_400;

fn at(days_before_now: i64) -> Timestamp {
    Timestamp::from_unix(NOW - days_before_now * DAY)
}

/// Twelve cards over the last five weeks with real histories, two reviews, and three
/// key metrics (one of them never measured).
fn metrics_board(dir: &Path) {
    let roles = [
        &[Role::BusinessStakeholder, Role::DataScientist][..],
        &[Role::DataEngineer],
        &[Role::DataScientist, Role::MlEngineer],
        &[Role::SoftwareEngineer, Role::BackendEngineer],
    ];
    let ranks = Rank::spread(12);
    let mut cards = Vec::new();
    for (i, rank) in ranks.into_iter().enumerate() {
        let created = at(35 - 2 * i as i64);
        let mut history = Vec::new();
        let mut phase = Phase::Design;
        if i % 3 >= 1 {
            history.push(Move {
                at: created.plus_seconds(2 * DAY),
                from: Phase::Design,
                to: Phase::Development,
                by: "ann".into(),
                ungated: i % 2 == 0,
            });
            phase = Phase::Development;
        }
        if i % 3 == 2 {
            history.push(Move {
                at: created.plus_seconds((3 + i as i64 % 4) * DAY),
                from: Phase::Development,
                to: Phase::Deployment,
                by: "bob".into(),
                ungated: false,
            });
            phase = Phase::Deployment;
        }
        let mut card = Card::new(
            format!("card{i:04}").parse().unwrap(),
            format!(
                "Task {i}: {}",
                ["Agree on key metrics", "Train the model", "Serve the model"][i % 3]
            ),
            phase,
            rank,
            roles[i % 4].iter().copied().collect::<RoleSet>(),
            created,
        );
        card.history = history.into();
        cards.push(card);
    }
    let mut settings = BoardSettings::new("Churn model");
    let goal = |g: fn(Finite) -> Goal, x: f64| g(Finite::new(x).unwrap());
    settings.metrics = vec![
        MetricDecl {
            name: "recall".parse().unwrap(),
            goal: goal(Goal::AtLeast, 0.85),
        },
        MetricDecl {
            name: "p95_latency_ms".parse().unwrap(),
            goal: goal(Goal::AtMost, 200.0),
        },
        MetricDecl {
            name: "drift_psi".parse().unwrap(),
            goal: goal(Goal::AtMost, 0.2),
        },
    ];
    Store::init(dir, &settings, &cards).unwrap();
    let train: CardId = "card0001".parse().unwrap();
    for (i, (metric, value)) in [
        ("recall", 0.71),
        ("recall", 0.78),
        ("recall", 0.76),
        ("recall", 0.83),
        ("recall", 0.86),
        ("recall", 0.84),
        ("p95_latency_ms", 260.0),
        ("p95_latency_ms", 190.0),
    ]
    .into_iter()
    .enumerate()
    {
        let m = Measurement {
            id: format!("meas{i:04}").parse().unwrap(),
            metric: metric.parse().unwrap(),
            value: Finite::new(value).unwrap(),
            at: at(20 - 2 * i as i64),
            phase: Phase::Development,
            card: (i < 6).then(|| train.clone()),
            by: "ci".into(),
            source: Some(format!("ci run {i}")),
        };
        std::fs::write(
            dir.join(format!("metrics/{}.ron", m.id)),
            measurement_to_ron(&m),
        )
        .unwrap();
    }
    for (id, card, verdict) in [
        ("rev1", "card0000", Verdict::Continue),
        ("rev2", "card0001", Verdict::Rework),
    ] {
        let review = Review {
            id: id.parse().unwrap(),
            card: card.parse().unwrap(),
            at: at(3),
            phase: if card == "card0000" {
                Phase::Design
            } else {
                Phase::Development
            },
            reviewer: "Bob".into(),
            role: ReviewerRole::BusinessStakeholder,
            verdict,
            note: "Numbers first.".into(),
        };
        std::fs::write(
            dir.join(format!("reviews/{id}.ron")),
            review_to_ron(&review),
        )
        .unwrap();
    }
}

fn open(width: u16, height: u16) -> (tempfile::TempDir, Harness) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("board");
    metrics_board(&dir);
    let h = Harness::open_sized(&dir, width, height);
    assert!(h.app.problems.is_empty(), "{:?}", h.app.problems);
    (tmp, h)
}

fn back_tab() -> mlboard::app::Action {
    mlboard::app::Action::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT))
}

/// Opens insights and turns to page `n` (0 Flow … 3 Metrics).
fn page(h: &mut Harness, n: usize) -> String {
    h.send(ch('i'));
    for _ in 0..n {
        h.send(key(KeyCode::Tab));
    }
    h.screen()
}

#[test]
fn flow_page() {
    let (_tmp, mut h) = open(160, 45);
    let text = page(&mut h, 0);
    assert!(
        text.contains(
            "Cumulative flow: cards per phase at the end of each day, 2026-10-22 to 2026-11-26"
        ),
        "{text}"
    );
    assert!(
        text.contains("today: Design 4 · Development 4 · Deployment 4"),
        "{text}"
    );
    assert!(text.contains("Moves into Deployment per week"));
    // Cycle times of 1, 2, 3 and 4 days: nearest-rank median 2 days, 85th percentile 4.
    assert!(
        text.contains("Cycle time into Deployment: 4 cards, median 2d 0h, 85th percentile 4d 0h"),
        "{text}"
    );
    assert!(text.contains("Longest in their current phase"));
    insta::assert_snapshot!(text);
}

#[test]
fn flow_page_small() {
    let (_tmp, mut h) = open(80, 24);
    let text = page(&mut h, 0);
    assert!(
        text.contains("rows 1–"),
        "a taller page says where it is: {text}"
    );
    insta::assert_snapshot!(text);
    // The bottom of the page is in reach.
    h.send(ch('G'));
    let bottom = h.screen();
    assert!(
        bottom.contains("Longest in their current phase"),
        "{bottom}"
    );
    assert!(bottom.contains("of "), "{bottom}");
}

#[test]
fn roles_page() {
    let (_tmp, mut h) = open(160, 45);
    let text = page(&mut h, 1);
    assert!(text.contains("Role coverage"));
    let sme = text
        .lines()
        .find(|l| l.contains("SME  Subject Matter Expert"))
        .unwrap();
    assert!(sme.contains("0 missing !"), "{sme}");
    let be = text
        .lines()
        .find(|l| l.contains("BE   Backend Engineer"))
        .unwrap();
    assert!(be.contains("1 ·"), "not expected in Design: {be}");
    assert!(text.contains(
        "! the life cycle expects a Subject Matter Expert in Design (all phases); no Design card has one"
    ));
    insta::assert_snapshot!(text);
}

#[test]
fn roles_page_small() {
    let (_tmp, mut h) = open(80, 24);
    insta::assert_snapshot!(page(&mut h, 1));
}

#[test]
fn reviews_page() {
    let (_tmp, mut h) = open(160, 45);
    let text = page(&mut h, 2);
    assert!(
        text.contains("Design       Continue   1   Rework   0   Stop   0"),
        "{text}"
    );
    assert!(
        text.contains("Development  Continue   0   Rework   1   Stop   0"),
        "{text}"
    );
    assert!(text.contains("Ungated moves: 4"), "{text}");
    assert!(text.contains("Waiting longest for a review"));
    insta::assert_snapshot!(text);
}

#[test]
fn reviews_page_small() {
    let (_tmp, mut h) = open(80, 24);
    insta::assert_snapshot!(page(&mut h, 2));
}

#[test]
fn metrics_page() {
    let (_tmp, mut h) = open(160, 45);
    let text = page(&mut h, 3);
    let recall = text.lines().find(|l| l.contains("recall ")).unwrap();
    assert!(
        recall.contains("goal ≥ 0.85")
            && recall.contains("latest 0.84")
            && recall.contains("✗ missed"),
        "{recall}"
    );
    assert!(recall.contains("↘ worsening"), "{recall}");
    assert!(
        text.contains("6 measurements; the latest on 2026-11-16 by ci (ci run 5)"),
        "{text}"
    );
    assert!(
        text.contains("╌ goal 0.85"),
        "the goal line is labelled: {text}"
    );
    let latency = text.lines().find(|l| l.contains("p95_latency_ms")).unwrap();
    assert!(latency.contains("✓ met"), "{latency}");
    assert!(text.contains("drift_psi") && text.contains("no measurements yet"));
    insta::assert_snapshot!(text);
}

#[test]
fn metrics_page_small() {
    let (_tmp, mut h) = open(80, 24);
    insta::assert_snapshot!(page(&mut h, 3));
}

#[test]
fn tab_and_shift_tab_turn_the_pages_and_wrap() {
    let (_tmp, mut h) = open(160, 45);
    page(&mut h, 0);
    h.send(back_tab());
    assert!(
        h.screen().contains("recall "),
        "Shift+Tab from Flow wraps to Metrics"
    );
    h.send(key(KeyCode::Tab));
    assert!(h.screen().contains("Cumulative flow"));
    h.send(key(KeyCode::Esc));
    assert!(h.app.popup.is_none());
}

#[test]
fn review_form_shows_the_key_metrics() {
    let (_tmp, mut h) = open(100, 30);
    h.send(ch('r'));
    let text = h.screen();
    assert!(
        text.contains("Key metrics (goal, latest, status)"),
        "{text}"
    );
    let recall = text.lines().find(|l| l.contains("recall")).unwrap();
    assert!(
        recall.contains("goal ≥ 0.85")
            && recall.contains("latest 0.84")
            && recall.contains("✗ missed"),
        "{recall}"
    );
    assert!(
        text.contains("drift_psi") && text.contains("· unmeasured"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn card_view_lists_its_measurements() {
    let (_tmp, mut h) = open(100, 40);
    // card0001 "Train the model" is the first card of Development.
    h.send(ch('l'));
    assert_eq!(h.selected().unwrap().id.as_str(), "card0001");
    h.send(key(KeyCode::Enter));
    let text = h.screen();
    assert!(text.contains("Key metrics"), "{text}");
    assert!(text.contains("Measurements from this card (6)"), "{text}");
    assert!(text.contains("recall = 0.84"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn every_page_draws_in_colour_and_at_the_smallest_size() {
    for (width, height) in [(60, 12), (61, 13), (200, 60)] {
        let (_tmp, mut h) = open(width, height);
        h.send(ch('i'));
        for _ in 0..4 {
            for scroll in [ch('G'), ch('g')] {
                h.send(scroll);
                let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
                terminal
                    .draw(|frame| {
                        ui::draw(
                            frame,
                            &h.app,
                            &Theme::new(mlboard::ui::theme::ThemeName::Dark, false),
                        )
                    })
                    .unwrap();
            }
            h.send(key(KeyCode::Tab));
        }
    }
    // An empty board: no cards, no metrics.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("board");
    Store::init(&dir, &BoardSettings::new("Empty"), &[]).unwrap();
    let mut h = Harness::open_sized(&dir, 80, 24);
    h.send(ch('i'));
    let flow = h.screen();
    assert!(
        flow.contains("Cycle time into Deployment: 0 cards, median —"),
        "{flow}"
    );
    h.send(key(KeyCode::Tab));
    assert!(h.screen().contains("Nothing missing"));
    h.send(key(KeyCode::Tab));
    h.send(key(KeyCode::Tab));
    assert!(h.screen().contains("No key metrics declared"));
}
