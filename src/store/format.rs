//! The canonical RON form of each file: fixed field order, pretty-printed, LF line
//! ends, trailing newline. The same value always gives the same bytes, so mlboard
//! writes only what really changed and recognises its own writes by content.
//!
//! Written by hand rather than through `ron::ser`, whose pretty printer cannot mix the
//! one-line role list and history entries the SPEC's layout asks for; reading goes
//! through serde, and round-trip tests hold the two together.

use crate::model::{
    BoardSettings, Card, Finite, Goal, Measurement, MetricDecl, Move, Review, Timestamp, WipLimits,
};
use std::fmt::Write;

/// A RON string literal. `escape_debug` escapes quotes, backslashes and every
/// control character, and leaves printable unicode readable in diffs.
fn quote(text: &str) -> String {
    format!("\"{}\"", text.escape_debug())
}

fn quote_time(time: Timestamp) -> String {
    format!("\"{time}\"")
}

fn option_time(time: Option<Timestamp>) -> String {
    match time {
        Some(t) => format!("Some({})", quote_time(t)),
        None => "None".to_string(),
    }
}

fn option_u32(value: Option<u32>) -> String {
    match value {
        Some(v) => format!("Some({v})"),
        None => "None".to_string(),
    }
}

fn history_entry(entry: &Move) -> String {
    format!(
        "(at: {}, from: {}, to: {}, by: {}, ungated: {})",
        quote_time(entry.at),
        entry.from,
        entry.to,
        quote(&entry.by),
        entry.ungated
    )
}

pub fn card_to_ron(card: &Card) -> String {
    let mut out = String::with_capacity(256 + card.title.len() + card.description.len());
    let roles: Vec<&str> = card.roles.iter().map(|r| r.name()).collect();
    out.push_str("(\n");
    let _ = writeln!(out, "    id: {},", quote(card.id.as_str()));
    let _ = writeln!(out, "    title: {},", quote(&card.title));
    let _ = writeln!(out, "    description: {},", quote(&card.description));
    let _ = writeln!(out, "    phase: {},", card.phase);
    let _ = writeln!(out, "    rank: {},", quote(card.rank.as_str()));
    let _ = writeln!(out, "    roles: [{}],", roles.join(", "));
    // Optional fields, written only when set: a card without them keeps its bytes.
    if !card.labels.is_empty() {
        let labels: Vec<String> = card.labels.iter().map(|l| quote(l.as_str())).collect();
        let _ = writeln!(out, "    labels: [{}],", labels.join(", "));
    }
    if let Some(due) = card.due {
        let _ = writeln!(out, "    due: \"{due}\",");
    }
    let _ = writeln!(out, "    created: {},", quote_time(card.created));
    let _ = writeln!(out, "    archived: {},", option_time(card.archived));
    if card.history.is_empty() {
        out.push_str("    history: [],\n");
    } else {
        out.push_str("    history: [\n");
        for entry in &card.history {
            let _ = writeln!(out, "        {},", history_entry(entry));
        }
        out.push_str("    ],\n");
    }
    out.push_str(")\n");
    out
}

pub fn review_to_ron(review: &Review) -> String {
    let mut out = String::with_capacity(256 + review.note.len());
    out.push_str("(\n");
    let _ = writeln!(out, "    id: {},", quote(review.id.as_str()));
    let _ = writeln!(out, "    card: {},", quote(review.card.as_str()));
    let _ = writeln!(out, "    at: {},", quote_time(review.at));
    let _ = writeln!(out, "    phase: {},", review.phase);
    let _ = writeln!(out, "    reviewer: {},", quote(&review.reviewer));
    let _ = writeln!(out, "    role: {:?},", review.role);
    let _ = writeln!(out, "    verdict: {},", review.verdict);
    let _ = writeln!(out, "    note: {},", quote(&review.note));
    out.push_str(")\n");
    out
}

/// A number as RON reads it back exactly: Rust's `Debug` form is the shortest text
/// that round-trips and always says it is a float (`200.0`, `0.83`, `1e-7`).
fn number(value: Finite) -> String {
    format!("{:?}", value.get())
}

fn option_string(text: &Option<String>) -> String {
    match text {
        Some(t) => format!("Some({})", quote(t)),
        None => "None".to_string(),
    }
}

pub fn measurement_to_ron(m: &Measurement) -> String {
    let mut out = String::with_capacity(256);
    out.push_str("(\n");
    let _ = writeln!(out, "    id: {},", quote(m.id.as_str()));
    let _ = writeln!(out, "    metric: {},", quote(m.metric.as_str()));
    let _ = writeln!(out, "    value: {},", number(m.value));
    let _ = writeln!(out, "    at: {},", quote_time(m.at));
    let _ = writeln!(out, "    phase: {},", m.phase);
    let card = m.card.as_ref().map(|c| c.as_str().to_string());
    let _ = writeln!(out, "    card: {},", option_string(&card));
    let _ = writeln!(out, "    by: {},", quote(&m.by));
    let _ = writeln!(out, "    source: {},", option_string(&m.source));
    out.push_str(")\n");
    out
}

fn goal_to_ron(goal: Goal) -> String {
    match goal {
        Goal::AtLeast(x) => format!("AtLeast({})", number(x)),
        Goal::AtMost(x) => format!("AtMost({})", number(x)),
    }
}

/// All on one line, as SPEC §2 shows it: `[(name: "recall", goal: AtLeast(0.85))]`.
fn metrics_to_ron(metrics: &[MetricDecl]) -> String {
    let entries: Vec<String> = metrics
        .iter()
        .map(|m| {
            format!(
                "(name: {}, goal: {})",
                quote(m.name.as_str()),
                goal_to_ron(m.goal)
            )
        })
        .collect();
    format!("[{}]", entries.join(", "))
}

fn wip_to_ron(limits: &WipLimits) -> String {
    format!(
        "(design: {}, development: {}, deployment: {})",
        option_u32(limits.design),
        option_u32(limits.development),
        option_u32(limits.deployment)
    )
}

pub fn settings_to_ron(settings: &BoardSettings) -> String {
    let mut out = String::new();
    out.push_str("(\n");
    let _ = writeln!(out, "    format: {},", settings.format);
    let _ = writeln!(out, "    name: {},", quote(&settings.name));
    let _ = writeln!(out, "    gate: {:?},", settings.gate);
    let _ = writeln!(out, "    wip_limits: {},", wip_to_ron(&settings.wip_limits));
    // Written only when there are some, so a board without key metrics keeps its bytes.
    if !settings.metrics.is_empty() {
        let _ = writeln!(out, "    metrics: {},", metrics_to_ron(&settings.metrics));
    }
    // Written only when on, so boards that never use it keep the SPEC's exact shape.
    if settings.autocommit {
        out.push_str("    autocommit: true,\n");
    }
    out.push_str(")\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Phase, Role, RoleSet};

    const SPEC_CARD: &str = r#"(
    id: "k3m9x2qa",
    title: "Compare two algorithms",
    description: "Gradient boosting vs. logistic regression on the churn set.",
    phase: Development,
    rank: "n",
    roles: [DataScientist, MlEngineer],
    created: "2026-11-26T13:00:00Z",
    archived: None,
    history: [
        (at: "2026-11-26T14:10:00Z", from: Design, to: Development, by: "ann", ungated: false),
    ],
)
"#;

    const SPEC_REVIEW: &str = r#"(
    id: "p7d2w9ke",
    card: "k3m9x2qa",
    at: "2026-11-26T14:05:00Z",
    phase: Design,
    reviewer: "Bob",
    role: BusinessStakeholder,
    verdict: Continue,
    note: "Go.",
)
"#;

    const SPEC_BOARD: &str = r#"(
    format: 1,
    name: "Churn model",
    gate: Warn,
    wip_limits: (design: None, development: Some(5), deployment: None),
)
"#;

    #[test]
    fn spec_card_round_trips_byte_for_byte() {
        let card: Card = ron::from_str(SPEC_CARD).unwrap();
        assert_eq!(card.phase, Phase::Development);
        assert_eq!(card_to_ron(&card), SPEC_CARD);
    }

    #[test]
    fn spec_review_and_board_round_trip() {
        let review: Review = ron::from_str(SPEC_REVIEW).unwrap();
        assert_eq!(review_to_ron(&review), SPEC_REVIEW);
        let board: BoardSettings = ron::from_str(SPEC_BOARD).unwrap();
        assert_eq!(settings_to_ron(&board), SPEC_BOARD);
    }

    const SPEC_MEASUREMENT: &str = r#"(
    id: "t4n8c1vz",
    metric: "recall",
    value: 0.83,
    at: "2026-11-26T15:00:00Z",
    phase: Development,
    card: Some("k3m9x2qa"),
    by: "ann",
    source: Some("mlflow run 7f3a9c"),
)
"#;

    const SPEC_BOARD_WITH_METRICS: &str = r#"(
    format: 1,
    name: "Churn model",
    gate: Warn,
    wip_limits: (design: None, development: Some(5), deployment: None),
    metrics: [(name: "recall", goal: AtLeast(0.85))],
)
"#;

    #[test]
    fn spec_measurement_and_metrics_round_trip() {
        let m: Measurement = ron::from_str(SPEC_MEASUREMENT).unwrap();
        assert_eq!(m.value.get(), 0.83);
        assert_eq!(measurement_to_ron(&m), SPEC_MEASUREMENT);
        let board: BoardSettings = ron::from_str(SPEC_BOARD_WITH_METRICS).unwrap();
        assert_eq!(board.metrics.len(), 1);
        assert_eq!(settings_to_ron(&board), SPEC_BOARD_WITH_METRICS);
        let bare = SPEC_MEASUREMENT
            .replace("Some(\"k3m9x2qa\")", "None")
            .replace("Some(\"mlflow run 7f3a9c\")", "None");
        let m: Measurement = ron::from_str(&bare).unwrap();
        assert_eq!((m.card, m.source), (None, None));
    }

    #[test]
    fn several_metrics_stay_on_one_line_and_whole_numbers_read_as_floats() {
        let text = SPEC_BOARD_WITH_METRICS.replace(
            "AtLeast(0.85))]",
            "AtLeast(0.85)), (name: \"p95_latency_ms\", goal: AtMost(200))]",
        );
        let board: BoardSettings = ron::from_str(&text).unwrap();
        assert!(settings_to_ron(&board).contains(
            "metrics: [(name: \"recall\", goal: AtLeast(0.85)), (name: \"p95_latency_ms\", goal: AtMost(200.0))],"
        ));
    }

    #[test]
    fn non_finite_values_and_bad_names_are_refused() {
        for (from, to) in [
            ("0.83", "NaN"),
            ("0.83", "inf"),
            ("0.83", "-inf"),
            ("\"recall\"", "\"Recall\""),
            ("0.83", "\"0.83\""),
        ] {
            let text = SPEC_MEASUREMENT.replacen(from, to, 1);
            assert!(
                ron::from_str::<Measurement>(&text).is_err(),
                "{to} accepted"
            );
        }
        let nan_goal = SPEC_BOARD_WITH_METRICS.replace("0.85", "NaN");
        let err = ron::from_str::<BoardSettings>(&nan_goal).unwrap_err();
        assert!(err.to_string().contains("finite"), "{err}");
    }

    proptest::proptest! {
        #[test]
        fn every_finite_value_round_trips_exactly(bits in proptest::num::u64::ANY) {
            let x = f64::from_bits(bits);
            proptest::prop_assume!(x.is_finite());
            let mut m: Measurement = ron::from_str(SPEC_MEASUREMENT).unwrap();
            m.value = Finite::new(x).unwrap();
            m.source = Some("quote \" and \\ \n".into());
            let text = measurement_to_ron(&m);
            let back: Measurement = ron::from_str(&text).unwrap();
            proptest::prop_assert_eq!(back.value.get().to_bits(), x.to_bits());
            proptest::prop_assert_eq!(measurement_to_ron(&back), text);
        }
    }

    #[test]
    fn labels_and_due_sit_between_roles_and_created_only_when_set() {
        let mut card: Card = ron::from_str(SPEC_CARD).unwrap();
        card.labels = crate::model::Labels::parse_list("experiment churn").unwrap();
        card.due = "2026-12-15".parse().ok();
        let text = card_to_ron(&card);
        let with = SPEC_CARD.replace(
            "    created:",
            "    labels: [\"churn\", \"experiment\"],\n    due: \"2026-12-15\",\n    created:",
        );
        assert_eq!(text, with);
        assert_eq!(ron::from_str::<Card>(&text).unwrap(), card);
        card.labels = Default::default();
        let text = card_to_ron(&card);
        assert!(
            !text.contains("labels") && text.contains("    due: \"2026-12-15\",\n    created:")
        );
        assert_eq!(ron::from_str::<Card>(&text).unwrap(), card);
    }

    #[test]
    fn hostile_text_round_trips() {
        let mut card: Card = ron::from_str(SPEC_CARD).unwrap();
        card.title = "quote \" backslash \\ esc \x1b[31m tab\t nl\n ünïcödé 数据 \u{202e}".into();
        card.description = "r#\"raw\"# and }) closing".into();
        card.history = Box::default();
        card.roles = RoleSet::EMPTY
            .with(Role::MlEngineer)
            .with(Role::BusinessStakeholder);
        card.archived = Some("2026-11-27T00:00:00Z".parse().unwrap());
        let text = card_to_ron(&card);
        assert!(text.contains("roles: [BusinessStakeholder, MlEngineer],"));
        assert!(text.contains("history: [],"));
        assert!(!text.contains('\x1b'));
        let back: Card = ron::from_str(&text).unwrap();
        assert_eq!(back, card);
        assert_eq!(card_to_ron(&back), text);
    }
}
