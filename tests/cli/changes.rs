//! add, move, review, archive: what they print, what they refuse, and what the TUI's
//! loader reads back.

use crate::support::{TestBoard, USER};
use mlboard::model::{CardId, CardState, Phase, ReviewerRole, Role, RoleSet, Verdict};

fn id(text: &str) -> CardId {
    text.parse().expect("a card id")
}

#[test]
fn add_saves_one_card_file_that_the_loader_reads() {
    let board = TestBoard::empty();
    let before = board.snapshot();
    let new = board.add(&[
        "Compare two algorithms",
        "--phase",
        "dev",
        "--role",
        "ds,MLE",
        "-r",
        "sme",
        "--description",
        "Gradient boosting vs. logistic regression.",
    ]);
    let after = board.snapshot();
    assert_eq!(after.len(), before.len() + 1, "exactly one new file");
    assert!(after.contains_key(&std::path::PathBuf::from(format!("cards/{new}.ron"))));

    let loaded = board.load();
    assert!(loaded.problems.is_empty());
    let card = loaded.board.card_by_id(&id(&new)).expect("the new card");
    assert_eq!(card.title, "Compare two algorithms".into());
    assert_eq!(card.phase, Phase::Development);
    let roles: RoleSet = [
        Role::SubjectMatterExpert,
        Role::DataScientist,
        Role::MlEngineer,
    ]
    .into_iter()
    .collect();
    assert_eq!(card.roles, roles);
    assert_eq!(
        card.description,
        "Gradient boosting vs. logistic regression.".into()
    );
    assert!(card.history.is_empty() && card.archived.is_none());
}

#[test]
fn add_defaults_to_design_and_appends_to_the_column() {
    let board = TestBoard::empty();
    let first = board.add(&["First"]);
    let second = board.add(&["Second"]);
    let loaded = board.load();
    let column: Vec<String> = loaded
        .board
        .column(Phase::Design)
        .iter()
        .map(|k| loaded.board.card(*k).id.to_string())
        .collect();
    assert_eq!(column, [first, second]);
}

#[test]
fn add_refuses_blank_and_multi_line_titles() {
    let board = TestBoard::empty();
    let err = board.fails(&["add", "   "], 1);
    assert!(err.contains("title"), "{err}");
    board.fails(&["add", "two\nlines"], 1);
    assert!(board.load().board.is_empty());
}

#[test]
fn move_under_warn_happens_and_is_recorded_as_ungated() {
    let board = TestBoard::empty();
    let card = board.add(&["Train the model"]);
    let (out, err) = board.ok_with(&["move", &card, "next"], &[]);
    assert!(
        out.contains("to Development") && !out.contains("ungated"),
        "{out}"
    );
    assert!(
        err.contains("warning: ungated"),
        "the warning goes to stderr: {err}"
    );
    let loaded = board.load();
    let moved = loaded.board.card_by_id(&id(&card)).unwrap();
    assert_eq!(moved.phase, Phase::Development);
    let step = &moved.history[0];
    assert_eq!(
        (step.from, step.to, step.ungated),
        (Phase::Design, Phase::Development, true)
    );
    assert_eq!(step.by, USER);
    // backward moves are never gated
    board.ok(&["move", &card, "prev"]);
    let loaded = board.load();
    let back = loaded.board.card_by_id(&id(&card)).unwrap();
    assert_eq!(back.phase, Phase::Design);
    assert!(!back.history[1].ungated);
}

#[test]
fn a_gated_move_is_refused_under_enforce_and_forced_with_force() {
    let board = TestBoard::empty();
    board.edit_settings("gate: Warn", "gate: Enforce");
    let card = board.add(&["Serve the model"]);
    let before = board.snapshot();
    let err = board.fails(&["move", &card, "development"], 1);
    assert!(
        err.contains("Continue from a Business Stakeholder"),
        "{err}"
    );
    assert_eq!(board.snapshot(), before, "a refused move writes nothing");

    board.ok(&["move", &card, "development", "--force"]);
    let shown = board.json(&["show", &card, "--json"]);
    assert_eq!(shown["phase"], "Development");
    assert_eq!(shown["history"][0]["ungated"], true);

    // a Continue from a Business Stakeholder passes the gate: no longer ungated
    board.ok(&["review", &card, "--verdict", "continue"]);
    board.ok(&["move", &card, "next"]);
    let shown = board.json(&["show", &card, "--json"]);
    assert_eq!(shown["phase"], "Deployment");
    assert_eq!(shown["history"][1]["ungated"], false);
}

#[test]
fn a_stop_blocks_forward_moves_until_forced() {
    let board = TestBoard::empty();
    board.edit_settings("gate: Warn", "gate: Off");
    let card = board.add(&["Risky idea"]);
    board.ok(&["review", &card, "-v", "stop", "--note", "Not now."]);
    let err = board.fails(&["move", &card, "next"], 1);
    assert!(err.contains("Stop"), "{err}");
    board.ok(&["move", &card, "next", "--force"]);
    assert_eq!(
        board.json(&["show", &card, "--json"])["history"][0]["ungated"],
        true
    );
}

#[test]
fn moves_past_either_end_or_in_place_fail() {
    let board = TestBoard::empty();
    let card = board.add(&["Card", "--phase", "deployment"]);
    let before = board.snapshot();
    let err = board.fails(&["move", &card, "next"], 1);
    assert!(err.contains("last phase"), "{err}");
    let err = board.fails(&["move", &card, "deploy"], 1);
    assert!(err.contains("already in Deployment"), "{err}");
    assert_eq!(board.snapshot(), before);
}

#[test]
fn review_defaults_to_the_user_as_business_stakeholder() {
    let board = TestBoard::empty();
    let card = board.add(&["Card"]);
    let out = board.ok(&["review", &card, "--verdict", "Continue", "--note", "Go."]);
    assert!(
        out.contains(&format!("by {USER} (BS)")) && out.contains("passed"),
        "{out}"
    );
    // the review recorded last decides, even within the same second
    board.ok(&[
        "review",
        &card,
        "-v",
        "re",
        "--reviewer",
        "Ann",
        "--role",
        "sme",
    ]);

    let loaded = board.load();
    let reviews = loaded.board.reviews_of(&id(&card));
    assert_eq!(reviews.len(), 2);
    let first = reviews
        .iter()
        .find(|r| r.verdict == Verdict::Continue)
        .unwrap();
    assert_eq!(first.reviewer, USER);
    assert_eq!(first.role, ReviewerRole::BusinessStakeholder);
    assert_eq!(first.note, "Go.");
    assert_eq!(first.phase, Phase::Design);
    let second = reviews
        .iter()
        .find(|r| r.verdict == Verdict::Rework)
        .unwrap();
    assert_eq!(
        (second.reviewer.as_str(), second.role),
        ("Ann", ReviewerRole::SubjectMatterExpert)
    );
    let key = loaded.board.key_of(&id(&card)).unwrap();
    assert_eq!(loaded.board.state(key), CardState::Rework);
}

#[test]
fn review_refuses_a_blank_reviewer() {
    let board = TestBoard::empty();
    let card = board.add(&["Card"]);
    let err = board.fails(&["review", &card, "-v", "c", "--reviewer", " "], 1);
    assert!(err.contains("reviewer"), "{err}");
    assert!(board.load().board.reviews().next().is_none());
}

#[test]
fn archive_sets_the_timestamp_once() {
    let board = TestBoard::empty();
    let card = board.add(&["Old work"]);
    board.ok(&["archive", &card]);
    let loaded = board.load();
    assert!(
        loaded
            .board
            .card_by_id(&id(&card))
            .unwrap()
            .archived
            .is_some()
    );
    let before = board.snapshot();
    let out = board.ok(&["archive", &card]);
    assert!(out.contains("already archived"), "{out}");
    assert_eq!(board.snapshot(), before);
}

#[test]
fn ids_resolve_by_unique_prefix_and_ambiguous_prefixes_list_candidates() {
    let board = TestBoard::empty();
    let mut ids: Vec<String> = (0..40)
        .map(|i| board.add(&[&format!("Card {i}")]))
        .collect();
    ids.sort();
    // two ids sharing a first character exist among 40 random ones (32 letters)
    let pair = ids
        .windows(2)
        .find(|w| w[0][..1] == w[1][..1])
        .expect("a shared first character");
    let shared = &pair[0][..1];
    let err = board.fails(&["show", shared], 1);
    assert!(err.contains("ambiguous"), "{err}");
    assert!(err.contains(&pair[0]) && err.contains(&pair[1]), "{err}");

    // the shortest unique prefix of a card works, in any case
    let target = &pair[0];
    let unique = (1..=8)
        .map(|n| &target[..n])
        .find(|p| ids.iter().filter(|i| i.starts_with(p)).count() == 1)
        .unwrap();
    let shown = board.json(&["show", &unique.to_uppercase(), "--json"]);
    assert_eq!(shown["id"], target.as_str());

    let err = board.fails(&["show", "zzzzzzzzz"], 1);
    assert!(err.contains("no card"), "{err}");
}

#[test]
fn autocommit_failure_is_only_a_warning() {
    let board = TestBoard::empty();
    board.edit_settings("wip_limits", "autocommit: true,\n    wip_limits");
    let card = board.add(&["Saved anyway"]);
    assert!(board.load().board.card_by_id(&id(&card)).is_some());
}
