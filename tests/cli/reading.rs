//! list and show: board order, filters, search, the JSON format field by field, and
//! untrusted text kept away from the terminal.

use crate::support::{TestBoard, USER};
use mlboard::model::Timestamp;
use serde_json::Value;

fn keys(object: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = object
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

fn timestamp(value: &Value) -> Timestamp {
    let text = value.as_str().expect("a timestamp string");
    assert!(text.ends_with('Z') && text.len() == 20, "{text}");
    text.parse().expect("RFC 3339")
}

#[test]
fn list_json_has_the_card_fields_and_state_in_board_order() {
    let board = TestBoard::empty();
    let deploy = board.add(&["Serve it", "--phase", "deployment", "-r", "swe"]);
    let design = board.add(&["Frame it", "-r", "bs,sme", "-d", "Why, for whom."]);
    let develop = board.add(&["Build it", "--phase", "development"]);
    let design2 = board.add(&["Explore it", "-r", "ds"]);
    board.ok(&["move", &develop, "prev"]);
    board.ok(&["review", &design, "-v", "continue"]);

    let list = board.json(&["list", "--json"]);
    let cards = list.as_array().expect("an array");
    let order: Vec<&str> = cards.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(
        order,
        [
            design.as_str(),
            design2.as_str(),
            develop.as_str(),
            deploy.as_str()
        ]
    );

    let first = &cards[0];
    assert_eq!(
        keys(first),
        [
            "archived",
            "created",
            "description",
            "due",
            "history",
            "id",
            "labels",
            "phase",
            "rank",
            "roles",
            "state",
            "title"
        ]
    );
    assert_eq!(first["labels"], serde_json::json!([]));
    assert_eq!(first["due"], serde_json::Value::Null);
    assert_eq!(first["title"], "Frame it");
    assert_eq!(first["description"], "Why, for whom.");
    assert_eq!(first["phase"], "Design");
    assert!(first["rank"].as_str().is_some_and(|r| !r.is_empty()));
    assert_eq!(
        first["roles"],
        serde_json::json!(["BusinessStakeholder", "SubjectMatterExpert"])
    );
    timestamp(&first["created"]);
    assert_eq!(first["archived"], Value::Null);
    assert_eq!(first["history"], serde_json::json!([]));
    assert_eq!(first["state"], "passed");
    assert_eq!(cards[1]["state"], "awaiting_review");

    let moved = &cards[2];
    assert_eq!(moved["phase"], "Design");
    let step = &moved["history"][0];
    assert_eq!(keys(step), ["at", "by", "from", "to", "ungated"]);
    timestamp(&step["at"]);
    assert_eq!(
        (&step["from"], &step["to"], &step["by"], &step["ungated"]),
        (
            &Value::from("Development"),
            &Value::from("Design"),
            &Value::from(USER),
            &Value::from(false)
        )
    );
    assert_eq!(cards[3]["roles"], serde_json::json!(["SoftwareEngineer"]));
    assert!(
        cards.iter().all(|c| c.get("reviews").is_none()),
        "reviews are for show"
    );
}

#[test]
fn show_json_adds_reviews_newest_first() {
    let board = TestBoard::empty();
    let card = board.add(&["Judge the outcome", "-r", "bs"]);
    board.ok(&["review", &card, "-v", "stop", "--note", "Too early."]);
    std::thread::sleep(std::time::Duration::from_millis(1_100));
    board.ok(&[
        "review",
        &card,
        "-v",
        "continue",
        "--reviewer",
        "Bob",
        "--role",
        "sme",
    ]);

    let shown = board.json(&["show", &card, "--json"]);
    assert_eq!(shown["id"], card.as_str());
    assert_eq!(
        shown["state"], "awaiting_review",
        "an SME Continue lifts a Stop"
    );
    let reviews = shown["reviews"].as_array().expect("reviews");
    assert_eq!(reviews.len(), 2);
    let newest = &reviews[0];
    assert_eq!(
        keys(newest),
        [
            "at", "card", "id", "note", "phase", "reviewer", "role", "verdict"
        ]
    );
    assert_eq!(newest["card"], card.as_str());
    assert_eq!(newest["phase"], "Design");
    assert_eq!(newest["reviewer"], "Bob");
    assert_eq!(newest["role"], "SubjectMatterExpert");
    assert_eq!(newest["verdict"], "Continue");
    assert_eq!(newest["note"], "");
    let oldest = &reviews[1];
    assert_eq!(
        (&oldest["verdict"], &oldest["role"]),
        (&Value::from("Stop"), &Value::from("BusinessStakeholder"))
    );
    assert_eq!(oldest["reviewer"], USER);
    assert_eq!(oldest["note"], "Too early.");
    assert!(timestamp(&newest["at"]) > timestamp(&oldest["at"]));
    let review_id = newest["id"].as_str().unwrap();
    assert!(
        board
            .path()
            .join(format!("reviews/{review_id}.ron"))
            .is_file()
    );
}

#[test]
fn show_prints_the_card_its_reviews_and_history() {
    let board = TestBoard::empty();
    let card = board.add(&["Feature engineering", "-r", "ds", "-d", "Averages per day."]);
    board.ok(&["review", &card, "-v", "continue", "--note", "Go."]);
    board.ok(&["move", &card, "next"]);
    let out = board.ok(&["show", &card]);
    for expected in [
        card.as_str(),
        "Feature engineering",
        "Development",
        "DS Data Scientist",
        "Averages per day.",
        "Reviews (newest first)",
        "Continue",
        "Go.",
        "Design → Development",
        USER,
    ] {
        assert!(out.contains(expected), "{expected:?} missing from:\n{out}");
    }
}

#[test]
fn list_filters_by_phase_role_and_archived() {
    let board = TestBoard::empty();
    let a = board.add(&["Alpha", "-r", "ds"]);
    let b = board.add(&["Beta", "-p", "dev", "-r", "mle"]);
    let c = board.add(&["Gamma", "-p", "dev", "-r", "ds,be"]);
    board.ok(&["archive", &c]);
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
    assert_eq!(ids(&[]), [a.as_str(), b.as_str()]);
    assert_eq!(ids(&["--archived"]), [a.as_str(), b.as_str(), c.as_str()]);
    assert_eq!(ids(&["--phase", "development"]), [b.as_str()]);
    assert_eq!(
        ids(&["--role", "DataScientist", "--archived"]),
        [a.as_str(), c.as_str()]
    );
    assert_eq!(ids(&["--role", "ds,mle"]), [a.as_str(), b.as_str()]);
    assert_eq!(ids(&["-p", "dev", "-r", "ds", "-a"]), [c.as_str()]);
    let archived = &board.json(&["list", "--json", "--archived"])[2];
    timestamp(&archived["archived"]);
}

#[test]
fn list_search_ranks_with_the_fuzzy_search() {
    let board = TestBoard::init("mlops");
    let titles = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["list", "--search"];
        all.extend_from_slice(args);
        all.push("--json");
        board
            .json(&all)
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["title"].as_str().unwrap().to_string())
            .collect()
    };
    const MONITORING: &str = "Set up monitoring and data-drift alerts";
    const ALERT: &str = "Alert when the model stops returning predictions";
    // only the cards that say it (or a near spelling of it), not scattered letters
    assert_eq!(titles(&["drift"]), [MONITORING]);
    assert_eq!(titles(&["drft alrt"]), [MONITORING]);
    assert_eq!(titles(&["alert"]), [ALERT, MONITORING]);
    // --role filters the ranked hits, keeping their order
    assert_eq!(titles(&["alrt"]), [MONITORING, ALERT]);
    assert_eq!(titles(&["alrt", "--role", "swe"]), [ALERT]);
    assert!(
        board
            .json(&["list", "--search", "zqxj", "--json"])
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn list_prints_aligned_columns_within_100_columns_off_a_terminal() {
    let board = TestBoard::empty();
    board.add(&["A title long enough to need cutting: it goes on and on about data drift, alerts and dashboards for weeks", "-r", "ds,mle,swe"]);
    board.add(&["Short", "-p", "development"]);
    let out = board.ok(&["list"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("ID") && lines[0].contains("TITLE"));
    let title_at = lines[0].find("TITLE").unwrap();
    assert_eq!(lines[1].chars().take(title_at).count(), title_at);
    assert!(lines[2][title_at..].starts_with("Short"), "{out}");
    assert!(lines.iter().all(|l| l.chars().count() <= 100), "{out}");
    assert!(lines[1].ends_with('…'));
    assert!(!out.contains('\x1b'), "no colour off a terminal");
}

#[test]
fn hostile_text_never_reaches_the_terminal_raw() {
    const INVISIBLE: [char; 9] = [
        '\x1b', '\x07', '\u{9b}', '\u{202e}', '\u{61c}', '\u{2028}', '\u{2029}', '\u{200b}',
        '\u{feff}',
    ];
    let board = TestBoard::empty();
    let evil = "Clear \x1b[2J\x1b]0;pwned\x07 \u{9b}31m \u{202e}txet \u{61c}\u{2028}\u{2029}\u{200b}\u{feff}";
    // `add` drops control characters from what it is given: the hostile text comes
    // from a file, as from a shared repository.
    let card = board.add(&["placeholder"]);
    let id: mlboard::model::CardId = card.parse().unwrap();
    let mut planted = board.load().board.card_by_id(&id).unwrap().clone();
    planted.title = evil.to_string().into();
    planted.description = "bell\x07 and \x1b[31mred\nsecond line".to_string().into();
    std::fs::write(
        board.path().join(format!("cards/{card}.ron")),
        mlboard::store::format::card_to_ron(&planted),
    )
    .unwrap();
    board.ok(&[
        "review",
        &card,
        "-v",
        "c",
        "--reviewer",
        "Eve\x1b[5m",
        "--note",
        "\x1b[8mhidden",
    ]);
    for args in [
        vec!["list"],
        vec!["show", card.as_str()],
        vec!["list", "--search", "clear"],
    ] {
        let out = board.ok(&args);
        for bad in INVISIBLE {
            assert!(!out.contains(bad), "{args:?} printed {bad:?}:\n{out}");
        }
        assert!(
            out.contains("\\u{1b}[2J"),
            "{args:?} should show the escape:\n{out}"
        );
    }
    for args in [
        vec!["list", "--json"],
        vec!["show", card.as_str(), "--json"],
    ] {
        let out = board.ok(&args);
        for bad in INVISIBLE {
            assert!(!out.contains(bad), "{args:?} printed {bad:?}");
        }
    }
    // and the JSON still holds the exact text
    assert_eq!(board.json(&["show", &card, "--json"])["title"], evil);
}

/// Display width, as a terminal counts it (the tests' titles have no wide characters).
fn columns(line: &str) -> usize {
    line.chars().count()
}

#[test]
fn list_fits_a_60_column_terminal_one_line_per_card() {
    let board = TestBoard::init("mlops");
    board.add(&[
        "Compare gradient boosting with logistic regression on the churn set",
        "-r",
        "ds,mle,swe,be,de",
        "-l",
        "churn,experiment",
        "--due",
        "2000-01-01",
    ]);
    let count = board.json(&["list", "--json"]).as_array().unwrap().len();
    for width in ["60", "80", "100"] {
        let (out, _) = board.ok_with(&["list"], &[("COLUMNS", width)]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), count + 1, "one line per card:\n{out}");
        let max: usize = width.parse().unwrap();
        for line in &lines {
            assert!(
                columns(line) <= max,
                "{width}: {} > {max}: {line}",
                columns(line)
            );
        }
        let title_at = lines[0].find("TITLE").unwrap();
        assert!(lines.iter().all(|l| l.len() >= title_at), "{out}");
    }
    let (out, _) = board.ok_with(&["list", "--label", "churn"], &[("COLUMNS", "200")]);
    assert!(out.contains("on the churn set #churn #experiment"), "{out}");
    assert!(out.contains("2000-01-01 overdue"), "{out}");
}

#[test]
fn an_empty_list_says_why_on_stderr_and_succeeds() {
    let board = TestBoard::empty();
    let (out, err) = board.ok_with(&["list"], &[]);
    assert_eq!(out, "");
    assert!(err.contains("no cards yet"), "{err}");
    board.add(&["Drift alerts"]);
    let (out, err) = board.ok_with(&["list", "--search", "zzqx"], &[]);
    assert_eq!(out, "");
    assert!(err.contains("no card matches \"zzqx\""), "{err}");
    let (out, err) = board.ok_with(&["list", "--search", "zzqx", "--json"], &[]);
    assert_eq!(out.trim(), "[]");
    assert!(err.contains("no card matches"), "{err}");
    let (_, err) = board.ok_with(&["list", "--label", "nothing"], &[]);
    assert!(err.contains("no card matches these options"), "{err}");
}
