//! Labels and due dates from the command line (SPEC §2, §4): set with `add`, read by
//! `list`, `show` and `--json`, and every bad value refused with nothing written.

use crate::support::TestBoard;
use serde_json::json;

fn card_file(board: &TestBoard, id: &str) -> String {
    std::fs::read_to_string(board.path().join(format!("cards/{id}.ron"))).expect("the card file")
}

#[test]
fn add_writes_sorted_labels_and_the_due_date_between_roles_and_created() {
    let board = TestBoard::empty();
    let id = board.add(&[
        "Compare two algorithms",
        "-r",
        "ds",
        "--label",
        "experiment,churn",
        "-l",
        "experiment",
        "--due",
        "2026-12-15",
    ]);
    let text = card_file(&board, &id);
    assert!(
        text.contains(
            "    roles: [DataScientist],\n    labels: [\"churn\", \"experiment\"],\n    due: \"2026-12-15\",\n    created: "
        ),
        "{text}"
    );
    let shown = board.json(&["show", &id, "--json"]);
    assert_eq!(shown["labels"], json!(["churn", "experiment"]));
    assert_eq!(shown["due"], "2026-12-15");
    let out = board.ok(&["show", &id]);
    assert!(out.contains("Labels    #churn #experiment"), "{out}");
    assert!(out.contains("Due       2026-12-15"), "{out}");
}

#[test]
fn a_card_without_labels_or_due_has_neither_line_and_empty_json_values() {
    let board = TestBoard::empty();
    let id = board.add(&["Plain card", "--label", "none"]);
    let text = card_file(&board, &id);
    assert!(!text.contains("labels") && !text.contains("due"), "{text}");
    assert!(text.contains("    roles: [],\n    created: "), "{text}");
    let list = board.json(&["list", "--json"]);
    assert_eq!(list[0]["labels"], json!([]));
    assert_eq!(list[0]["due"], serde_json::Value::Null);
}

#[test]
fn bad_labels_and_dates_are_refused_naming_the_rule_and_nothing_is_written() {
    let board = TestBoard::empty();
    let before = board.snapshot();
    let long = "a".repeat(33);
    for label in ["Churn", "two words", "#tag", "é", long.as_str()] {
        let err = board.fails(&["add", "Card", "--label", label], 2);
        assert!(
            err.contains("1 to 32 characters of a-z, 0-9"),
            "{label}: {err}"
        );
    }
    for date in ["2026-02-30", "2026-2-3", "15.12.2026", "tomorrow", "none"] {
        let err = board.fails(&["add", "Card", "--due", date], 2);
        assert!(err.contains("YYYY-MM-DD"), "{date}: {err}");
    }
    assert_eq!(board.snapshot(), before);
}

#[test]
fn list_filters_by_label_and_overdue() {
    let board = TestBoard::empty();
    let churn = board.add(&["Churn features", "-l", "churn", "-r", "ds"]);
    let both = board.add(&[
        "Churn experiment",
        "-l",
        "churn,experiment",
        "--due",
        "2000-01-01",
    ]);
    let plain = board.add(&["Plain", "--due", "2999-12-31"]);
    let late = board.add(&["Late and archived", "--due", "2000-01-01"]);
    board.ok(&["archive", &late]);
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["list", "--json"];
        all.extend_from_slice(args);
        board
            .json(&all)
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&["--label", "churn"]), [churn.as_str(), both.as_str()]);
    assert_eq!(ids(&["--label", "experiment"]), [both.as_str()]);
    assert_eq!(ids(&["-l", "experiment", "-l", "nothing"]), [both.as_str()]);
    assert_eq!(ids(&["--label", "churn", "--role", "ds"]), [churn.as_str()]);
    assert_eq!(ids(&["--label", "none"]), [plain.as_str()]);
    assert_eq!(ids(&["--overdue"]), [both.as_str()]);
    assert_eq!(ids(&["--overdue", "--archived"]), [both.as_str()]);
    assert!(ids(&["--overdue", "--label", "nothing"]).is_empty());
    let out = board.ok(&["show", &both]);
    assert!(out.contains("Due       2000-01-01 (overdue)"), "{out}");
    let out = board.ok(&["show", &late]);
    assert!(
        !out.contains("overdue"),
        "archived cards are never overdue: {out}"
    );
}
