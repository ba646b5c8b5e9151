//! Bounded fuzzing of every board file kind's reader, in `cargo test`: valid files,
//! mutated at the byte and the token level (proptest shrinks any failure to a small
//! case). Whatever the bytes, reading never panics, and it either reports a problem
//! that says where (`path:line:column: message`, escaped), or gives a value that the
//! canonical writer writes back and that reads back to the same value.
//!
//! A new kind of board file joins with one line in `SEEDS` (and one arm in
//! `write_back`, which the compiler asks for).

use super::format::{card_to_ron, measurement_to_ron, review_to_ron, settings_to_ron};
use super::{Parsed, parse_bytes};
use proptest::prelude::*;
use std::path::Path;

/// One valid file of every kind, at a path of that kind.
const SEEDS: &[(&str, &str)] = &[
    (
        "board.ron",
        "(\n    format: 1,\n    name: \"Churn model\",\n    gate: Warn,\n    wip_limits: (design: None, development: Some(5), deployment: None),\n    autocommit: true,\n)\n",
    ),
    (
        "cards/k3m9x2qa.ron",
        "(\n    id: \"k3m9x2qa\",\n    title: \"Compare two algorithms\",\n    description: \"Gradient boosting vs. logistic regression.\\nSecond line \\\"quoted\\\" \\u{1b}.\",\n    phase: Development,\n    rank: \"n\",\n    roles: [DataScientist, MlEngineer],\n    created: \"2026-11-26T13:00:00Z\",\n    archived: Some(\"2026-11-27T08:00:00Z\"),\n    history: [\n        (at: \"2026-11-26T14:10:00Z\", from: Design, to: Development, by: \"ann\", ungated: false),\n    ],\n)\n",
    ),
    (
        "reviews/p7d2w9ke.ron",
        "(\n    id: \"p7d2w9ke\",\n    card: \"k3m9x2qa\",\n    at: \"2026-11-26T14:05:00Z\",\n    phase: Design,\n    reviewer: \"Bob\",\n    role: BusinessStakeholder,\n    verdict: Continue,\n    note: \"Go.\",\n)\n",
    ),
    (
        "board.ron",
        "(\n    format: 1,\n    name: \"Churn model\",\n    gate: Enforce,\n    wip_limits: (design: None, development: None, deployment: None),\n    metrics: [(name: \"recall\", goal: AtLeast(0.85)), (name: \"p95_latency_ms\", goal: AtMost(200.0))],\n)\n",
    ),
    (
        "cards/lab3due9.ron",
        "(\n    id: \"lab3due9\",\n    title: \"Labelled\",\n    description: \"\",\n    phase: Design,\n    rank: \"g\",\n    roles: [BusinessStakeholder],\n    labels: [\"churn\", \"experiment\"],\n    due: \"2026-12-15\",\n    created: \"2026-11-26T13:00:00Z\",\n    archived: None,\n    history: [],\n)\n",
    ),
    (
        "metrics/t4n8c1vz.ron",
        "(\n    id: \"t4n8c1vz\",\n    metric: \"recall\",\n    value: 0.83,\n    at: \"2026-11-26T15:00:00Z\",\n    phase: Development,\n    card: Some(\"k3m9x2qa\"),\n    by: \"ann\",\n    source: Some(\"mlflow run 7f3a9c\"),\n)\n",
    ),
];

/// The canonical bytes of a parsed value.
fn write_back(parsed: &Parsed) -> String {
    match parsed {
        Parsed::Settings(settings) => settings_to_ron(settings),
        Parsed::Card(card) => card_to_ron(card),
        Parsed::Review(review) => review_to_ron(review),
        Parsed::Measurement(m) => measurement_to_ron(m),
    }
}

/// RON fragments that probe a reader's corners.
const TOKENS: &[&str] = &[
    "None",
    "Some(",
    ")",
    "(",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u{202e}",
    "\\u{d800}",
    "\\u{110000}",
    "r#\"",
    "\"#",
    "/*",
    "*/",
    "//",
    "\n",
    "-1",
    "0",
    "1e999",
    "NaN",
    "18446744073709551616",
    "true",
    "()",
    "Design",
    "Maybe",
    "<<<<<<< HEAD\n",
    "=======\n",
    "\u{feff}",
    "é",
    "\u{0}",
    "'",
    "b\"",
    "#![enable(implicit_some)]",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// Replace `len` bytes at `at` with these bytes (any bytes, not only UTF-8).
    Bytes {
        at: usize,
        len: usize,
        with: Vec<u8>,
    },
    /// Replace `len` bytes at `at` with a RON token.
    Token { at: usize, len: usize, token: usize },
    /// Keep only the first `at` bytes.
    Truncate { at: usize },
    /// Copy `len` bytes from `from` to `at`.
    Duplicate { from: usize, len: usize, at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = 0usize..4096;
    prop_oneof![
        (
            at.clone(),
            0usize..8,
            proptest::collection::vec(any::<u8>(), 0..6)
        )
            .prop_map(|(at, len, with)| Mutation::Bytes { at, len, with }),
        (at.clone(), 0usize..12, 0..TOKENS.len()).prop_map(|(at, len, token)| Mutation::Token {
            at,
            len,
            token
        }),
        at.clone().prop_map(|at| Mutation::Truncate { at }),
        (at.clone(), 1usize..40, at).prop_map(|(from, len, at)| Mutation::Duplicate {
            from,
            len,
            at
        }),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let clamp = |i: usize, bytes: &Vec<u8>| i % (bytes.len() + 1);
    match mutation {
        Mutation::Bytes { at, len, with } => {
            let at = clamp(*at, bytes);
            let end = (at + len).min(bytes.len());
            bytes.splice(at..end, with.iter().copied());
        }
        Mutation::Token { at, len, token } => {
            let at = clamp(*at, bytes);
            let end = (at + len).min(bytes.len());
            bytes.splice(at..end, TOKENS[*token].bytes());
        }
        Mutation::Truncate { at } => {
            let at = clamp(*at, bytes);
            bytes.truncate(at);
        }
        Mutation::Duplicate { from, len, at } => {
            let from = clamp(*from, bytes);
            let end = (from + len).min(bytes.len());
            let chunk: Vec<u8> = bytes[from..end].to_vec();
            let at = clamp(*at, bytes);
            bytes.splice(at..at, chunk);
        }
    }
}

/// Reads `bytes` as the file at `rel` and checks the outcome (see the module comment).
fn check(rel: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let root = Path::new("board");
    match parse_bytes(root, rel, bytes) {
        Ok(parsed) => {
            let text = write_back(&parsed);
            let again = parse_bytes(root, rel, text.as_bytes());
            prop_assert_eq!(again.as_ref().ok(), Some(&parsed), "{}", text);
            prop_assert_eq!(write_back(&again.unwrap()), text, "canonical is stable");
        }
        Err(problem) => {
            prop_assert!(problem.line >= 1 && problem.column >= 1, "{:?}", problem);
            prop_assert!(!problem.message.is_empty());
            let shown = problem.to_string();
            prop_assert!(shown.starts_with(&format!("board/{rel}:")), "{}", shown);
            prop_assert!(
                !shown.chars().any(|c| c.is_control() && c != '\n'),
                "{:?}",
                shown
            );
        }
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4096)
}

#[test]
fn every_seed_reads_and_round_trips() {
    for (rel, text) in SEEDS {
        let parsed = parse_bytes(Path::new("board"), rel, text.as_bytes())
            .unwrap_or_else(|p| panic!("{rel}: {p}"));
        assert_eq!(write_back(&parsed), *text, "{rel} is canonical");
    }
}

proptest! {
    // Bounded: well under a second in a debug build. Longer runs:
    // `PROPTEST_CASES=1000000 cargo test --release --lib store::fuzz`.
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn mutated_board_files_never_panic_and_round_trip_or_are_reported(
        seed in 0..SEEDS.len(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let (rel, text) = SEEDS[seed];
        let mut bytes = text.as_bytes().to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        check(rel, &bytes)?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(
        seed in 0..SEEDS.len(),
        bytes in proptest::collection::vec(any::<u8>(), 0..512),
    ) {
        check(SEEDS[seed].0, &bytes)?;
    }
}
