//! `edit`, `unarchive` and `delete` (SPEC §4): what they change, byte for byte, and
//! what they refuse.

use crate::support::TestBoard;
use std::collections::BTreeSet;

fn card_rel(id: &str) -> String {
    format!("cards/{id}.ron")
}

fn lines(board: &TestBoard, id: &str) -> Vec<String> {
    std::fs::read_to_string(board.path().join(card_rel(id)))
        .expect("the card file")
        .lines()
        .map(str::to_string)
        .collect()
}

/// The lines only in `a` and the lines only in `b`.
fn line_diff(a: &[String], b: &[String]) -> (Vec<String>, Vec<String>) {
    let (sa, sb): (BTreeSet<&String>, BTreeSet<&String>) = (a.iter().collect(), b.iter().collect());
    (
        sa.difference(&sb).map(|s| s.to_string()).collect(),
        sb.difference(&sa).map(|s| s.to_string()).collect(),
    )
}

/// Runs `mlboard edit ID ARGS` and returns the lines it removed and added.
fn edit(board: &TestBoard, id: &str, args: &[&str]) -> (Vec<String>, Vec<String>) {
    let before = lines(board, id);
    let mut all = vec!["edit", id];
    all.extend_from_slice(args);
    board.ok(&all);
    line_diff(&before, &lines(board, id))
}

#[test]
fn each_option_replaces_its_field_and_only_its_lines_change() {
    let board = TestBoard::empty();
    let id = board.add(&["Compare", "-r", "ds", "-d", "GBM vs LR."]);
    assert_eq!(
        edit(&board, &id, &["--title", "Compare two algorithms"]),
        (
            vec!["    title: \"Compare\",".to_string()],
            vec!["    title: \"Compare two algorithms\",".to_string()]
        )
    );
    assert_eq!(
        edit(&board, &id, &["--label", "exp,churn"]),
        (
            vec![],
            vec!["    labels: [\"churn\", \"exp\"],".to_string()]
        )
    );
    assert_eq!(
        edit(&board, &id, &["--due", "2026-12-15"]),
        (vec![], vec!["    due: \"2026-12-15\",".to_string()])
    );
    assert_eq!(
        edit(&board, &id, &["--role", "mle", "--role", "ds"]),
        (
            vec!["    roles: [DataScientist],".to_string()],
            vec!["    roles: [DataScientist, MlEngineer],".to_string()]
        )
    );
    assert_eq!(
        edit(&board, &id, &["--description", "Two lines\nof text."]),
        (
            vec!["    description: \"GBM vs LR.\",".to_string()],
            vec!["    description: \"Two lines\\nof text.\",".to_string()]
        )
    );
    // clearing: --due none, --label none, --role none
    assert_eq!(
        edit(
            &board,
            &id,
            &["--due", "none", "--label", "none", "--role", "none"]
        ),
        (
            vec![
                "    due: \"2026-12-15\",".to_string(),
                "    labels: [\"churn\", \"exp\"],".to_string(),
                "    roles: [DataScientist, MlEngineer],".to_string()
            ],
            vec!["    roles: [],".to_string()]
        )
    );
    let out = board.ok(&["edit", &id, "--title", "Compare two algorithms"]);
    assert!(out.contains("nothing changed"), "{out}");
}

#[test]
fn edit_refuses_no_option_bad_values_and_unknown_cards_writing_nothing() {
    let board = TestBoard::empty();
    let id = board.add(&["Card", "-l", "keep"]);
    let before = board.snapshot();
    let err = board.fails(&["edit", &id], 2);
    assert!(
        err.contains("--title"),
        "a usage error naming the options: {err}"
    );
    let err = board.fails(&["edit", &id, "--title", "  "], 1);
    assert!(err.contains("title"), "{err}");
    let err = board.fails(&["edit", &id, "--label", "Not OK"], 2);
    assert!(err.contains("1 to 32 characters"), "{err}");
    let err = board.fails(&["edit", &id, "--due", "2026-02-30"], 2);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
    let err = board.fails(&["edit", &id, "--role", "pm"], 2);
    assert!(err.contains("valid values"), "{err}");
    let err = board.fails(&["edit", "zzzz", "--title", "T"], 1);
    assert!(err.contains("no card"), "{err}");
    assert_eq!(board.snapshot(), before);
}

#[test]
fn unarchive_brings_the_card_back_byte_for_byte() {
    let board = TestBoard::empty();
    let id = board.add(&["Old work", "-l", "q3"]);
    let original = board.snapshot();
    let out = board.ok(&["unarchive", &id]);
    assert!(out.contains("not archived"), "{out}");
    assert_eq!(board.snapshot(), original);
    board.ok(&["archive", &id]);
    assert!(
        board
            .json(&["list", "--json"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    let out = board.ok(&["unarchive", &id[..4]]);
    assert!(out.contains("Unarchived \"Old work\""), "{out}");
    assert_eq!(board.snapshot(), original);
}

#[test]
fn delete_removes_the_card_and_its_reviews_and_keeps_everything_else() {
    let board = TestBoard::empty();
    let keep = board.add(&["Keep me"]);
    board.ok(&["review", &keep, "-v", "continue"]);
    let id = board.add(&["Delete me"]);
    board.ok(&["review", &id, "-v", "rework"]);
    board.ok(&["review", &id, "-v", "continue"]);
    // a key-metric measurement naming the card stays (it is the metric's history)
    board.ok(&["metric", "declare", "recall", "--at-least", "0.8"]);
    let metrics = board.path().join("metrics");
    std::fs::create_dir_all(&metrics).unwrap();
    let measurement = format!(
        "(\n    id: \"t4n8c1vz\",\n    metric: \"recall\",\n    value: 0.83,\n    at: \"2026-11-26T15:00:00Z\",\n    phase: Development,\n    card: Some(\"{id}\"),\n    by: \"ann\",\n    source: None,\n)\n"
    );
    std::fs::write(metrics.join("t4n8c1vz.ron"), &measurement).unwrap();
    let before = board.snapshot();

    let out = board.ok(&["delete", &id]);
    assert!(
        out.contains("Deleted \"Delete me\"") && out.contains("and its 2 reviews"),
        "{out}"
    );
    let after = board.snapshot();
    let gone: Vec<_> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    assert_eq!(gone.len(), 3, "the card and its two reviews: {gone:?}");
    assert!(gone.iter().any(|k| k.ends_with(card_rel(&id))));
    for (rel, bytes) in &after {
        assert_eq!(before.get(rel), Some(bytes), "{rel:?} is untouched");
    }
    board.ok(&["check"]);
    assert_eq!(board.load().board.reviews().count(), 1);

    let out = board.ok(&["delete", &keep]);
    assert!(out.ends_with("and its 1 review\n"), "{out}");
}

#[test]
fn delete_with_an_ambiguous_prefix_lists_the_candidates_and_deletes_nothing() {
    let board = TestBoard::empty();
    let mut ids: Vec<String> = (0..40)
        .map(|i| board.add(&[&format!("Card {i}")]))
        .collect();
    ids.sort();
    let pair = ids
        .windows(2)
        .find(|w| w[0][..1] == w[1][..1])
        .expect("a shared first character");
    let before = board.snapshot();
    let err = board.fails(&["delete", &pair[0][..1]], 1);
    assert!(err.contains("ambiguous") && err.contains(&pair[1]), "{err}");
    assert_eq!(board.snapshot(), before);
}

/// A change that would make a card's file bigger than the 1 MiB mlboard reads is
/// refused before anything is written (exit 1, naming the limit), never written to
/// vanish from the board. (One argument is at most 128 KiB on Linux: the card is
/// made big on disk first.)
#[test]
fn an_edit_over_the_file_limit_is_refused_and_writes_nothing() {
    let board = TestBoard::empty();
    let id = board.add(&["Big", "-d", "seed"]);
    let path = board.path().join(card_rel(&id));
    let text = std::fs::read_to_string(&path).unwrap();
    let big = text.replace("seed", &"z".repeat(1024 * 1024 - text.len()));
    std::fs::write(&path, &big).unwrap();
    let before = board.snapshot();
    let stderr = board.fails(&["edit", &id, "--title", &"t".repeat(200)], 1);
    assert!(
        stderr.contains("nothing was written") && stderr.contains("over the 1 MiB limit"),
        "{stderr}"
    );
    assert_eq!(board.snapshot(), before);
}

/// Control characters given on the command line follow the form's rule: a one-line
/// title turns a tab into a space and drops the others; a description keeps its
/// newlines and tabs.
#[test]
fn control_characters_in_arguments_are_dropped() {
    let board = TestBoard::empty();
    let card = |id: &str| {
        let id: mlboard::model::CardId = id.parse().unwrap();
        board.load().board.card_by_id(&id).unwrap().clone()
    };
    let id = board.add(&["pre\x1b[31mRED\x07post\ttab", "-d", "a\n\tb\x1b[2J\r"]);
    let added = card(&id);
    assert_eq!(&*added.title, "pre[31mREDpost tab");
    assert_eq!(&*added.description, "a\n\tb[2J");
    board.ok(&["edit", &id, "--title", "x\x07y", "--description", "\x1b"]);
    let edited = card(&id);
    assert_eq!(&*edited.title, "xy");
    assert_eq!(&*edited.description, "");
    // A title of nothing but control characters is blank.
    board.fails(&["add", "\x07\x1b"], 1);
    // A review's name and note follow the same rules.
    board.ok(&[
        "review",
        &id,
        "-v",
        "continue",
        "--reviewer",
        "an\x1b[1mn",
        "--note",
        "go\x07\n\tnow\x1b[0m",
    ]);
    let loaded = board.load();
    let review = &loaded.board.reviews_of(&id.parse().unwrap())[0];
    assert_eq!(&*review.reviewer, "an[1mn");
    assert_eq!(&*review.note, "go\n\tnow[0m");
    board.fails(&["review", &id, "-v", "stop", "--reviewer", "\x1b"], 1);
}
