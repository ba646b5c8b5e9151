//! `mlboard export` in every format, read back with real parsers (an XML parser for the
//! page, a CSV reader for the sheet), and `mlboard stats`.

use crate::support::TestBoard;
use quick_xml::events::Event;
use std::collections::HashMap;

const HOSTILE_NAME: &str = "Churn <script>alert(1)</script> & \"co\"";
const HOSTILE_TITLE: &str = "<img src=x onerror=alert(1)> \"quoted\", 'single' & more";
const FORMULA_TITLE: &str = "=HYPERLINK(\"evil\",\"click\")";

/// A board with hostile text, reviews, a move, an archived card and two key metrics.
fn board() -> (TestBoard, Vec<String>) {
    let board = TestBoard::missing();
    board.ok(&["init", "--template", "empty", "--name", HOSTILE_NAME]);
    let a = board.add(&[
        HOSTILE_TITLE,
        "--role",
        "ds,mle",
        "--description",
        "line one\nline <two>",
    ]);
    let b = board.add(&[FORMULA_TITLE, "--phase", "dev", "--role", "swe"]);
    let c = board.add(&["Monitor drift", "--phase", "deploy"]);
    let d = board.add(&["Old idea"]);
    board.ok(&[
        "review",
        &a,
        "-v",
        "continue",
        "--note",
        "Go </li><script>x</script>",
    ]);
    board.ok(&["move", &a, "next"]);
    board.ok(&["archive", &d]);
    board.ok(&["metric", "declare", "recall", "--at-least", "0.85"]);
    board.ok(&["metric", "declare", "p95_latency_ms", "--at-most", "200"]);
    board.ok(&["metric", "record", "recall", "0.8", "--card", &b]);
    board.ok(&["metric", "record", "recall", "0.9", "--card", &b]);
    (board, vec![a, b, c, d])
}

/// What an XML parser sees in the page: element counts, attributes, and the text of
/// each element by name.
#[derive(Default)]
struct Page {
    elements: HashMap<String, usize>,
    attributes: Vec<(String, String)>,
    texts: HashMap<String, Vec<String>>,
}

/// Counts an element and keeps its attributes; returns its name.
fn element(page: &mut Page, e: &quick_xml::events::BytesStart) -> String {
    let name = e.name().as_ref().to_string();
    *page.elements.entry(name.clone()).or_default() += 1;
    for attr in e.attributes() {
        let attr = attr.expect("a well-formed attribute");
        page.attributes
            .push((attr.key.as_ref().to_string(), attr.value.to_string()));
    }
    name
}

fn parse_page(html: &str) -> Page {
    let mut reader = quick_xml::Reader::from_str(html);
    reader.config_mut().check_end_names = true;
    let mut page = Page::default();
    let mut stack: Vec<(String, String)> = Vec::new();
    loop {
        match reader.read_event().expect("the page is well-formed") {
            Event::Eof => break,
            Event::Start(e) => {
                let name = element(&mut page, &e);
                stack.push((name, String::new()));
            }
            // Empty elements have no text and no end.
            Event::Empty(e) => {
                element(&mut page, &e);
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.1.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let text = match r.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "#39" => "'",
                    other => panic!("unexpected entity {other}"),
                };
                if let Some(top) = stack.last_mut() {
                    top.1.push_str(text);
                }
            }
            Event::End(_) => {
                let (name, text) = stack.pop().expect("balanced");
                page.texts.entry(name).or_default().push(text);
            }
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    page
}

#[test]
fn html_is_one_self_contained_page_with_every_text_escaped() {
    let (board, ids) = board();
    let html = board.ok(&["export", "--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    let page = parse_page(&html);
    assert_eq!(page.elements.get("script"), None, "no script");
    for (name, value) in &page.attributes {
        assert!(
            !["href", "src", "xlink:href", "action", "srcset"].contains(&name.as_str()),
            "{name}={value}"
        );
        assert!(
            !value.contains("://") && !value.starts_with("//"),
            "{name}={value}"
        );
        assert!(!name.starts_with("on"), "an event handler: {name}");
    }
    assert!(!html.contains("<script"), "not even as text");
    assert!(!html.contains("://"), "no URL anywhere, not even escaped");
    assert!(!html.contains("<img"), "the hostile title stays text");
    assert_eq!(page.texts["title"][0], HOSTILE_NAME);
    assert_eq!(page.texts["h1"][0], HOSTILE_NAME);
    let titles = &page.texts["h4"];
    assert!(titles.contains(&HOSTILE_TITLE.to_string()), "{titles:?}");
    assert!(titles.contains(&FORMULA_TITLE.to_string()), "{titles:?}");
    // Three Flow charts and one per key metric, each with its title.
    assert_eq!(page.elements["svg"], 3 + 2);
    // the page title and one per chart (plus the bars' and points' own)
    assert!(page.elements["title"] > 5);
    let svg_titles = &page.texts["title"];
    assert!(
        svg_titles.iter().any(|t| t.starts_with("Cumulative flow")),
        "{svg_titles:?}"
    );
    assert!(svg_titles.iter().any(|t| t.starts_with("Throughput")));
    assert!(svg_titles.iter().any(|t| t.starts_with("Cycle time")));
    assert!(
        svg_titles
            .iter()
            .any(|t| t.starts_with("recall: goal at least 0.85, 2 measurements, met"))
    );
    assert!(
        svg_titles
            .iter()
            .any(|t| t.starts_with("p95_latency_ms: goal at most 200, 0 measurements, unmeasured"))
    );
    // The columns: each card's roles, state and reviews; archived cards left out.
    let articles = page.elements["article"];
    assert_eq!(articles, 3);
    assert!(html.contains(&format!("id=\"card-{}\"", ids[0])));
    assert!(
        !html.contains(&format!("id=\"card-{}\"", ids[3])),
        "archived"
    );
    let notes = &page.texts["li"];
    assert!(
        notes
            .iter()
            .any(|n| n.contains("by tester (BS) in Design: Go </li><script>x</script>")),
        "{notes:?}"
    );
    assert!(page.texts["strong"].iter().any(|t| t == "Continue"));
    assert!(page.texts["span"].iter().any(|t| t == "MLE"));
    assert!(
        page.texts["p"]
            .iter()
            .any(|t| t.contains("awaiting review"))
    );
    assert!(page.texts["td"].iter().any(|t| t == "✓ met"));
    // With --archived the archived card is there too.
    let all = board.ok(&["export", "--format", "html", "--archived"]);
    assert_eq!(parse_page(&all).elements["article"], 4);
}

#[test]
fn csv_has_the_json_field_names_and_round_trips_hostile_text() {
    let (board, ids) = board();
    let text = board.ok(&["export", "--format", "csv"]);
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "id",
            "title",
            "phase",
            "roles",
            "labels",
            "due",
            "state",
            "created",
            "archived",
            "rank",
            "description"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3, "active cards only");
    let row = |id: &str| rows.iter().find(|r| &r[0] == id).unwrap().clone();
    let a = row(&ids[0]);
    assert_eq!(&a[1], HOSTILE_TITLE);
    assert_eq!(&a[2], "Development");
    assert_eq!(&a[3], "DataScientist MlEngineer");
    assert_eq!(&a[6], "awaiting_review");
    assert_eq!(&a[10], "line one\nline <two>");
    let b = row(&ids[1]);
    assert_eq!(
        &b[1],
        format!("'{FORMULA_TITLE}"),
        "a formula is shown as text"
    );
    // In board order, like `list --json`.
    let listed = board.json(&["list", "--json"]);
    let order: Vec<&str> = rows.iter().map(|r| r.get(0).unwrap()).collect();
    let expected: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(order, expected);
    let all = board.ok(&["export", "--format", "csv", "--archived"]);
    assert_eq!(
        csv::Reader::from_reader(all.as_bytes()).records().count(),
        4
    );
}

#[test]
fn json_is_the_show_objects_in_board_order() {
    let (board, ids) = board();
    let exported = board.json(&["export", "--format", "json"]);
    let cards = exported.as_array().unwrap();
    assert_eq!(cards.len(), 3);
    for card in cards {
        let id = card["id"].as_str().unwrap();
        assert_eq!(card, &board.json(&["show", id, "--json"]));
    }
    let b = cards.iter().find(|c| c["id"] == ids[1].as_str()).unwrap();
    assert_eq!(b["measurements"].as_array().unwrap().len(), 2);
    let a = cards.iter().find(|c| c["id"] == ids[0].as_str()).unwrap();
    assert_eq!(a["reviews"][0]["verdict"], "Continue");
    let all = board.json(&["export", "--format", "json", "--archived"]);
    assert_eq!(all.as_array().unwrap().len(), 4);
}

#[test]
fn markdown_is_the_default_and_escapes_titles() {
    let (board, _) = board();
    let text = board.ok(&["export"]);
    assert!(
        text.starts_with("# Churn &lt;script&gt;alert\\(1\\)&lt;/script&gt; &amp; \"co\"\n"),
        "{text}"
    );
    assert!(text.contains("## Key metrics"));
    assert!(text.contains("| recall | ≥ 0.85 | 0.9 ("), "{text}");
    assert!(text.contains("✓ met"));
    assert!(
        text.contains("## Design (0)")
            && text.contains("## Development (2)")
            && text.contains("## Deployment (1)")
    );
    assert!(
        text.contains("&lt;img src=x onerror=alert\\(1\\)&gt;"),
        "{text}"
    );
    assert!(!text.contains("<img") && !text.contains("<script"));
}

#[test]
fn output_writes_a_file_in_the_format_its_name_says() {
    let (board, _) = board();
    let dir = board.path().parent().unwrap().to_path_buf();
    for (name, starts) in [
        ("board.html", "<!DOCTYPE html>"),
        ("board.csv", "id,title,"),
        ("board.json", "["),
        ("board.md", "# "),
        ("board.txt", "# "),
    ] {
        let path = dir.join(name);
        let output = board
            .cmd()
            .args(["export", "--output", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(output.status.success());
        assert!(output.stdout.is_empty(), "the file, not stdout");
        assert!(String::from_utf8_lossy(&output.stderr).contains("Exported 3 cards"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with(starts),
            "{name}: {}",
            &text[..40.min(text.len())]
        );
    }
    // --format wins over the name; no temporary file is left behind.
    let path = dir.join("x.html");
    board.ok(&[
        "export",
        "--format",
        "csv",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert!(std::fs::read_to_string(&path).unwrap().starts_with("id,"));
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    let err = board.fails(&["export", "--output", "/no/such/dir/board.html"], 1);
    assert!(err.contains("cannot write"), "{err}");
    board.fails(&["export", "--format", "pdf"], 2);
}

#[test]
fn stats_json_has_every_documented_field() {
    let (board, ids) = board();
    board.ok(&["move", &ids[1], "next"]); // ungated: no review in Development (a's move was gated)
    let stats = board.json(&["stats", "--json"]);
    assert_eq!(stats["name"], HOSTILE_NAME);
    assert!(stats["generated"].as_str().unwrap().ends_with('Z'));
    let phases = stats["phases"].as_array().unwrap();
    assert_eq!(phases.len(), 3);
    assert_eq!(phases[0]["phase"], "Design");
    assert_eq!(phases[0]["active"], 0);
    assert_eq!(phases[0]["archived"], 1);
    assert_eq!(phases[2]["active"], 2);
    for key in [
        "wip_limit",
        "average_secs_in_phase",
        "average_finished_stay_secs",
        "finished_stays",
    ] {
        assert!(phases[0].get(key).is_some(), "{key}");
    }
    let flow = &stats["flow"];
    let today = flow["cumulative"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(today["Design"], 0);
    assert_eq!(today["Development"], 1);
    assert_eq!(today["Deployment"], 2);
    assert!(today["date"].as_str().unwrap().len() == 10);
    let weeks = flow["throughput"].as_array().unwrap();
    assert_eq!(weeks.len(), 12);
    assert_eq!(weeks.last().unwrap()["deployed"], 1);
    assert_eq!(flow["cycle_time"]["count"], 1);
    assert_eq!(flow["cycle_time"]["histogram"].as_array().unwrap().len(), 8);
    assert_eq!(flow["cycle_time"]["histogram"][0]["bucket"], "<1d");
    assert_eq!(flow["longest_in_phase"].as_array().unwrap().len(), 3);
    for key in ["id", "title", "phase", "since", "secs"] {
        assert!(flow["longest_in_phase"][0].get(key).is_some(), "{key}");
    }
    let roles = &stats["roles"];
    assert_eq!(roles["coverage"][1]["phase"], "Development");
    assert_eq!(roles["coverage"][1]["cards"], 1);
    assert_eq!(roles["coverage"][1]["roles"]["DataScientist"], 1);
    let flags = roles["flags"].as_array().unwrap();
    assert!(
        flags.iter().all(|f| f["phase"] != "Design"),
        "an empty phase is not flagged"
    );
    assert!(flags.iter().any(|f| {
        f["role"] == "BusinessStakeholder"
            && f["reason"]
                .as_str()
                .unwrap()
                .starts_with("the life cycle expects a Business Stakeholder in")
    }));
    let reviews = &stats["reviews"];
    assert_eq!(reviews["verdicts"][0]["Continue"], 1);
    assert_eq!(reviews["states"]["awaiting_review"], 3);
    assert_eq!(reviews["ungated_moves"], 1);
    assert_eq!(reviews["recent_ungated"][0]["to"], "Deployment");
    assert_eq!(reviews["waiting"].as_array().unwrap().len(), 3);
    let metrics = stats["metrics"].as_array().unwrap();
    assert_eq!(metrics[0]["name"], "recall");
    assert_eq!(metrics[0]["status"], "met");
    assert_eq!(metrics[0]["trend"], "improving");
    assert_eq!(metrics[0]["measurements"].as_array().unwrap().len(), 2);
    assert_eq!(metrics[1]["latest"], serde_json::Value::Null);
}

#[test]
fn stats_text_shows_each_page() {
    let (board, _) = board();
    let text = board.ok(&["stats"]);
    for heading in [
        "Phases",
        "Flow",
        "Roles (active cards per phase and role)",
        "Reviews",
        "Key metrics",
    ] {
        assert!(text.lines().any(|l| l == heading), "{heading} in\n{text}");
    }
    assert!(
        text.contains(
            "Cycle time (first entry into Development to entry into Deployment): 0 cards, median —"
        ),
        "{text}"
    );
    assert!(text.contains("! the life cycle expects"), "{text}");
    assert!(text.contains("recall") && text.contains("✓ met"));
    assert!(!text.contains('\x1b'));
}

#[test]
fn every_format_shows_labels_and_due_dates() {
    let board = TestBoard::empty();
    let late = board.add(&[
        "Retrain on fresh data",
        "--label",
        "experiment,churn",
        "--due",
        "2020-01-31",
    ]);
    let later = board.add(&["Ship it", "--due", "2999-12-15"]);
    let csv_text = board.ok(&["export", "--format", "csv"]);
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    let row = |id: &str| rows.iter().find(|r| &r[0] == id).unwrap().clone();
    assert_eq!(&row(&late)[4], "churn experiment", "sorted, space-joined");
    assert_eq!(&row(&late)[5], "2020-01-31");
    assert_eq!(&row(&later)[4], "");
    assert_eq!(&row(&later)[5], "2999-12-15");

    let markdown = board.ok(&["export", "--format", "markdown"]);
    assert!(markdown.contains("| Labels | Due |"), "{markdown}");
    assert!(
        markdown.contains(r"| \#churn \#experiment | 2020-01-31 \(overdue\) |"),
        "{markdown}"
    );
    assert!(markdown.contains("| 2999-12-15 |"), "{markdown}");

    let html = board.ok(&["export", "--format", "html"]);
    parse_page(&html);
    assert!(
        html.contains(
            "<p class=\"labels overdue\">#churn #experiment · due 2020-01-31 (overdue)</p>"
        ),
        "{html}"
    );
    assert!(html.contains("<p class=\"labels\">due 2999-12-15</p>"));
}

/// An export is a page to publish: created with the permissions any new file of the
/// user's gets (the umask applies), and an export written over keeps its own.
#[test]
#[cfg(unix)]
fn an_export_is_as_readable_as_any_new_file_and_keeps_an_existing_files_mode() {
    use std::os::unix::fs::PermissionsExt;
    let (board, ids) = board();
    let out = tempfile::tempdir().unwrap();
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let plain = out.path().join("plain.txt");
    std::fs::File::create(&plain).unwrap();
    let page = out.path().join("board.html");
    board.ok(&["export", "--output", page.to_str().unwrap()]);
    assert_eq!(mode(&page), mode(&plain));
    std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o640)).unwrap();
    board.ok(&["export", "--output", page.to_str().unwrap()]);
    assert_eq!(mode(&page), 0o640);
    // A card file keeps its mode through an edit too.
    let card = board.path().join(format!("cards/{}.ron", ids[2]));
    std::fs::set_permissions(&card, std::fs::Permissions::from_mode(0o664)).unwrap();
    board.ok(&["edit", &ids[2], "--title", "Monitor drift daily"]);
    assert!(
        std::fs::read_to_string(&card)
            .unwrap()
            .contains("Monitor drift daily")
    );
    assert_eq!(mode(&card), 0o664);
}
