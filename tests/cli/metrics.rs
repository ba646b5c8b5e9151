//! Key metrics from the command line: `metric declare`, `metric record` (one value, or
//! every declared metric of a JSON / YAML file or an MLflow run), `metric list`, and
//! what `check` says about measurement files.

use crate::support::{TestBoard, copy_tree, snapshot};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn measurement_files(board: &TestBoard) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(board.path().join("metrics"))
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn read_measurement(board: &TestBoard, id: &str) -> String {
    std::fs::read_to_string(board.path().join(format!("metrics/{id}.ron"))).unwrap()
}

/// A board with `recall` (at least 0.85) and `p95_latency_ms` (at most 200) declared.
fn with_metrics() -> TestBoard {
    let board = TestBoard::empty();
    board.ok(&["metric", "declare", "recall", "--at-least", "0.85"]);
    board.ok(&["metric", "declare", "p95_latency_ms", "--at-most", "200"]);
    board
}

#[test]
fn declare_writes_the_spec_line_and_changes_a_goal_in_place() {
    let board = TestBoard::empty();
    let settings = board.path().join("board.ron");
    let before = std::fs::read_to_string(&settings).unwrap();
    assert!(!before.contains("metrics"), "{before}");
    let out = board.ok(&["metric", "declare", "recall", "--at-least", "0.85"]);
    assert_eq!(out, "Declared key metric recall: at least 0.85\n");
    let text = std::fs::read_to_string(&settings).unwrap();
    assert!(
        text.ends_with("    metrics: [(name: \"recall\", goal: AtLeast(0.85))],\n)\n"),
        "{text}"
    );
    board.ok(&["metric", "declare", "p95_latency_ms", "--at-most", "200"]);
    let out = board.ok(&["metric", "declare", "recall", "--at-least", "0.9"]);
    assert!(out.contains("from at least 0.85 to at least 0.9"), "{out}");
    let text = std::fs::read_to_string(&settings).unwrap();
    assert!(
        text.contains(
            "metrics: [(name: \"recall\", goal: AtLeast(0.9)), (name: \"p95_latency_ms\", goal: AtMost(200.0))],"
        ),
        "{text}"
    );
    let unchanged = board.snapshot();
    let out = board.ok(&["metric", "declare", "recall", "--at-least", "0.9"]);
    assert!(out.contains("nothing changed"), "{out}");
    assert_eq!(board.snapshot(), unchanged);
    // Negative goals are numbers, not options.
    board.ok(&["metric", "declare", "margin", "--at-least", "-0.5"]);
    assert!(
        std::fs::read_to_string(&settings)
            .unwrap()
            .contains("AtLeast(-0.5)")
    );
}

#[test]
fn declare_refuses_bad_input_and_writes_nothing() {
    let board = TestBoard::empty();
    let before = board.snapshot();
    for args in [
        &["metric", "declare", "Recall", "--at-least", "1"][..],
        &["metric", "declare", "a/b", "--at-least", "1"],
        &["metric", "declare", "recall"],
        &[
            "metric",
            "declare",
            "recall",
            "--at-least",
            "1",
            "--at-most",
            "2",
        ],
        &["metric", "declare", "recall", "--at-least", "NaN"],
        &["metric", "declare", "recall", "--at-most", "inf"],
        &["metric", "declare", "recall", "--at-most", "high"],
    ] {
        board.fails(args, 2);
    }
    assert_eq!(board.snapshot(), before);
}

#[test]
fn declare_never_rewrites_a_board_ron_it_could_not_read() {
    let board = TestBoard::empty();
    board.edit_settings("gate: Warn", "gate: Sometimes");
    let before = board.snapshot();
    let err = board.fails(&["metric", "declare", "recall", "--at-least", "0.8"], 1);
    assert!(err.contains("board.ron could not be read"), "{err}");
    assert_eq!(board.snapshot(), before);
}

#[test]
fn record_prints_the_id_and_writes_the_spec_file() {
    let board = with_metrics();
    let card = board.add(&["Train the model", "--phase", "dev"]);
    let id = board.ok(&[
        "metric",
        "record",
        "recall",
        "0.83",
        "--card",
        &card[..4],
        "--source",
        "mlflow run 7f3a9c",
    ]);
    let id = id.trim();
    assert_eq!(id.len(), 8, "{id}");
    let text = read_measurement(&board, id);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "(");
    assert_eq!(lines[1], format!("    id: \"{id}\","));
    assert_eq!(lines[2], "    metric: \"recall\",");
    assert_eq!(lines[3], "    value: 0.83,");
    assert!(lines[4].starts_with("    at: \"20") && lines[4].ends_with("Z\","));
    assert_eq!(lines[5], "    phase: Development,");
    assert_eq!(lines[6], format!("    card: Some(\"{card}\"),"));
    assert_eq!(lines[7], "    by: \"tester\",");
    assert_eq!(lines[8], "    source: Some(\"mlflow run 7f3a9c\"),");
    assert_eq!(lines[9], ")");
    assert!(text.ends_with(")\n"));

    // Without a card: Development, no card, no source; --phase wins over the card's.
    let id = board.ok(&["metric", "record", "p95_latency_ms", "180"]);
    let text = read_measurement(&board, id.trim());
    assert!(text.contains("    value: 180.0,\n    at:"), "{text}");
    assert!(
        text.contains("phase: Development,\n    card: None,"),
        "{text}"
    );
    assert!(text.contains("source: None,"), "{text}");
    let design = board.add(&["Agree on key metrics"]);
    let id = board.ok(&["metric", "record", "recall", "0.5", "--card", &design]);
    assert!(read_measurement(&board, id.trim()).contains("phase: Design,"));
    let id = board.ok(&[
        "metric", "record", "recall", "-0.25", "--card", &design, "--phase", "deploy",
    ]);
    let text = read_measurement(&board, id.trim());
    assert!(
        text.contains("value: -0.25,") && text.contains("phase: Deployment,"),
        "{text}"
    );
    assert_eq!(board.load().problems.len(), 0);
}

#[test]
fn measurements_of_one_metric_are_strictly_ordered() {
    let board = with_metrics();
    let mut times = Vec::new();
    for value in ["0.1", "0.2", "0.3"] {
        let id = board.ok(&["metric", "record", "recall", value]);
        let loaded = board.load();
        let m = loaded
            .board
            .measurements
            .iter()
            .find(|m| m.id.as_str() == id.trim())
            .cloned()
            .unwrap();
        times.push(m.at);
    }
    assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
    let list = board.json(&["metric", "list", "--json"]);
    assert_eq!(list[0]["latest"]["value"], 0.3);
}

#[test]
fn record_refuses_and_writes_nothing() {
    let board = with_metrics();
    let before = board.snapshot();
    let err = board.fails(&["metric", "record", "f1", "0.5"], 1);
    assert!(
        err.contains("\"f1\" is not a declared key metric (declared: recall, p95_latency_ms)"),
        "{err}"
    );
    let err = board.fails(&["metric", "record", "recall", "0.5", "--card", "zzzz"], 1);
    assert!(err.contains("no card"), "{err}");
    for args in [
        &["metric", "record", "recall", "NaN"][..],
        &["metric", "record", "recall", "-inf"],
        &["metric", "record", "recall"],
        &["metric", "record", "Recall", "1"],
        &["metric", "record", "recall", "1", "--phase", "testing"],
        &["metric", "record", "recall", "1", "--from", "x.json"],
    ] {
        board.fails(args, 2);
    }
    let err = board.fails(&["metric", "record", "--from", "/no/such/file.json"], 1);
    assert!(err.contains("cannot read"), "{err}");
    assert_eq!(board.snapshot(), before);
    let missing = TestBoard::missing();
    let err = missing.fails(&["metric", "record", "recall", "1"], 1);
    assert!(err.contains(" init"), "{err}");
}

#[test]
fn record_from_json_records_declared_metrics_and_is_safe_to_rerun() {
    let board = with_metrics();
    board.ok(&["metric", "declare", "eval.f1", "--at-least", "0.7"]);
    let card = board.add(&["Train", "--phase", "dev"]);
    let file = board.path().parent().unwrap().join("metrics.json");
    std::fs::write(
        &file,
        r#"{"recall": 0.86, "eval": {"f1": 0.65, "auc": 0.9}, "model": "xgb", "p95_latency_ms": "fast"}"#,
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let out = board.ok(&[
        "metric",
        "record",
        "--from",
        file,
        "--card",
        &card,
        "--source",
        "ci abc123",
    ]);
    assert!(
        out.contains("recorded recall = 0.86") && out.contains("met"),
        "{out}"
    );
    assert!(
        out.contains("recorded eval.f1 = 0.65") && out.contains("missed"),
        "{out}"
    );
    assert!(
        out.contains("skipped eval.auc: not a declared key metric"),
        "{out}"
    );
    assert!(
        out.contains("skipped model: not a declared key metric"),
        "{out}"
    );
    assert!(
        out.contains("skipped p95_latency_ms: a string, not a number"),
        "{out}"
    );
    assert_eq!(measurement_files(&board).len(), 2);
    let loaded = board.load();
    assert!(loaded.board.measurements.iter().all(|m| {
        m.card.as_ref().map(|c| c.as_str()) == Some(card.as_str())
            && m.source.as_deref() == Some("ci abc123")
            && m.phase == mlboard::model::Phase::Development
    }));

    // The same job run again adds nothing; a new run (another source) does.
    let before = board.snapshot();
    let out = board.ok(&[
        "metric",
        "record",
        "--from",
        file,
        "--card",
        &card,
        "--source",
        "ci abc123",
    ]);
    assert!(out.contains("unchanged recall = 0.86"), "{out}");
    assert_eq!(board.snapshot(), before);
    board.ok(&[
        "metric",
        "record",
        "--from",
        file,
        "--card",
        &card,
        "--source",
        "ci def456",
    ]);
    assert_eq!(measurement_files(&board).len(), 4);
}

#[test]
fn record_from_yaml_reads_nested_keys() {
    let board = with_metrics();
    board.ok(&["metric", "declare", "eval.recall", "--at-least", "0.8"]);
    let file = board.path().parent().unwrap().join("metrics.yaml");
    std::fs::write(
        &file,
        "eval:\n  recall: 0.83\n  note: fine\np95_latency_ms: 250\n",
    )
    .unwrap();
    let out = board.ok(&["metric", "record", "--from", file.to_str().unwrap()]);
    assert!(out.contains("recorded eval.recall = 0.83"), "{out}");
    assert!(
        out.contains("recorded p95_latency_ms = 250") && out.contains("missed"),
        "{out}"
    );
    assert!(out.contains("skipped eval.note"), "{out}");
    assert!(out.contains("not in the file: recall"), "{out}");
    let list = board.json(&["metric", "list", "--json"]);
    let statuses: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["unmeasured", "missed", "met"]);
    // A file with no declared metric records nothing and says so; it is not an error.
    std::fs::write(&file, "loss: 0.1\n").unwrap();
    let output = board
        .cmd()
        .args(["metric", "record", "--from", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no declared key metric found"));
    // A file that does not parse is an error, and writes nothing.
    let before = board.snapshot();
    std::fs::write(&file, "a: [\n").unwrap();
    let err = board.fails(&["metric", "record", "--from", file.to_str().unwrap()], 1);
    assert!(err.contains("not YAML"), "{err}");
    assert_eq!(board.snapshot(), before);
}

#[test]
fn record_from_an_mlflow_run_takes_the_latest_step() {
    let board = with_metrics();
    board.ok(&["metric", "declare", "val.loss", "--at-most", "0.25"]);
    let run = fixture("mlflow/mlruns/1/7f3a9c2e");
    let out = board.ok(&["metric", "record", "--from", run.to_str().unwrap()]);
    assert!(out.contains("recorded recall = 0.86"), "{out}");
    assert!(out.contains("recorded p95_latency_ms = 180.5"), "{out}");
    assert!(out.contains("recorded val.loss = 0.22"), "{out}");
    let loaded = board.load();
    assert_eq!(loaded.board.measurements.len(), 3);
    assert!(
        loaded
            .board
            .measurements
            .iter()
            .all(|m| m.source.as_deref() == Some("mlflow run 7f3a9c2e"))
    );
    let before = board.snapshot();
    board.ok(&["metric", "record", "--from", run.to_str().unwrap()]);
    assert_eq!(board.snapshot(), before, "the same run is recorded once");
    let err = board.fails(
        &[
            "metric",
            "record",
            "--from",
            fixture("mlflow").to_str().unwrap(),
        ],
        1,
    );
    assert!(err.contains("not an MLflow run"), "{err}");
}

#[test]
fn metric_list_json_has_the_documented_fields() {
    let board = with_metrics();
    assert_eq!(
        board.json(&["metric", "list", "--json"]),
        serde_json::json!([
            {"name": "recall", "goal": {"at_least": 0.85}, "latest": null, "status": "unmeasured", "trend": null, "count": 0},
            {"name": "p95_latency_ms", "goal": {"at_most": 200.0}, "latest": null, "status": "unmeasured", "trend": null, "count": 0},
        ])
    );
    board.ok(&["metric", "record", "recall", "0.9"]);
    let id = board.ok(&["metric", "record", "recall", "0.8", "--source", "run 2"]);
    let list = board.json(&["metric", "list", "--json"]);
    let latest = &list[0]["latest"];
    assert_eq!(latest["id"], id.trim());
    assert_eq!(latest["metric"], "recall");
    assert_eq!(latest["value"], 0.8);
    assert_eq!(latest["phase"], "Development");
    assert_eq!(latest["card"], serde_json::Value::Null);
    assert_eq!(latest["by"], "tester");
    assert_eq!(latest["source"], "run 2");
    assert!(latest["at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(list[0]["status"], "missed");
    assert_eq!(list[0]["trend"], "worsening");
    assert_eq!(list[0]["count"], 2);
    let text = board.ok(&["metric", "list"]);
    assert!(text.starts_with("METRIC"), "{text}");
    assert!(
        text.contains("recall") && text.contains("≥ 0.85") && text.contains("✗ missed"),
        "{text}"
    );
    let empty = TestBoard::empty();
    assert_eq!(
        empty.json(&["metric", "list", "--json"]),
        serde_json::json!([])
    );
    assert!(
        empty
            .ok(&["metric", "list"])
            .contains("No key metrics declared")
    );
}

#[test]
fn show_json_lists_the_measurements_a_card_produced() {
    let board = with_metrics();
    let card = board.add(&["Train", "--phase", "dev"]);
    board.ok(&["metric", "record", "recall", "0.8", "--card", &card]);
    board.ok(&["metric", "record", "recall", "0.9"]);
    let shown = board.json(&["show", &card, "--json"]);
    let list = shown["measurements"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["value"], 0.8);
    let listed = board.json(&["list", "--json"]);
    assert!(
        listed[0].get("measurements").is_none(),
        "list stays as it was"
    );
    let text = board.ok(&["show", &card]);
    assert!(
        text.contains("Key-metric measurements (oldest first)"),
        "{text}"
    );
    assert!(
        text.contains("recall = 0.8  in Development by tester"),
        "{text}"
    );
}

#[test]
fn check_reports_bad_measurement_files_and_changes_none() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("board");
    copy_tree(&fixture("bad-metrics"), &root);
    let before = snapshot(&root);
    let output = assert_cmd::Command::cargo_bin("mlboard")
        .unwrap()
        .arg("-b")
        .arg(&root)
        .arg("check")
        .env("NO_COLOR", "1")
        .env("MLBOARD_CONFIG", root.join("no-config.ron"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let expect = |rel: &str, at: &str, needle: &str| {
        let prefix = format!("{}:{at}: ", root.join(rel).display());
        let line = stdout
            .lines()
            .find(|l| l.starts_with(&prefix))
            .unwrap_or_else(|| panic!("no {prefix} in\n{stdout}"));
        assert!(line.contains(needle), "{line:?} lacks {needle:?}");
    };
    expect("metrics/nan00001.ron", "4:12", "NaN is not a finite number");
    expect("metrics/inf00001.ron", "4:12", "inf is not a finite number");
    expect(
        "metrics/undecl01.ron",
        "3:5",
        "metric \"f1_score\", which board.ron does not declare (declared: recall, p95_latency_ms)",
    );
    expect(
        "metrics/upper001.ron",
        "3:14",
        "invalid metric name \"Recall\"",
    );
    expect("metrics/string01.ron", "4:11", "Expected float");
    assert_eq!(stdout.lines().count(), 5, "{stdout}");
    assert!(!stdout.contains("good0001"));
    // A measurement of a deleted card keeps its card reference (SPEC §2): not a problem.
    assert!(!stdout.contains("nocard01"), "{stdout}");
    assert_eq!(snapshot(&root), before);
}

#[test]
fn measurements_load_with_the_board_and_are_never_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("board");
    copy_tree(&fixture("bad-metrics"), &root);
    let loaded = mlboard::store::Store::open(&root).unwrap();
    let ids: Vec<&str> = {
        let mut ids: Vec<&str> = loaded
            .board
            .measurements
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        ids.sort();
        ids
    };
    // The undeclared metric is reported and kept; so is the deleted card's measurement.
    assert_eq!(ids, ["good0001", "nocard01", "undecl01"]);
}

#[test]
fn check_counts_measurements_on_a_clean_board() {
    let board = with_metrics();
    board.ok(&["metric", "record", "recall", "0.9"]);
    let out = board.ok(&["check"]);
    assert!(
        out.contains("1 key-metric measurement, no problems"),
        "{out}"
    );
    assert!(
        board.path().join("metrics").is_dir(),
        "init creates metrics/"
    );
}

#[test]
fn a_nested_name_whose_last_part_is_declared_says_how_to_record_it() {
    let board = with_metrics();
    let file = board.path().join("nested.json");
    std::fs::write(&file, r#"{"eval": {"recall": 0.9}}"#).unwrap();
    let before = board.snapshot();
    let out = board.ok(&["metric", "record", "--from", file.to_str().unwrap()]);
    assert!(
        out.contains("skipped eval.recall: not a declared key metric (the file nests it: declare eval.recall to record it, or write recall at the top level)"),
        "{out}"
    );
    assert_eq!(board.snapshot(), before, "nothing recorded");
}
