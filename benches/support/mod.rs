//! Generated boards for the benchmarks and the memory example.
//!
//! `board(n)` returns a board directory of `n` cards (plus about one review for every
//! four cards) under `target/bench-boards/<n>/`, generating it on first use and reusing
//! it afterwards. Generation is deterministic (seeded by `n`), writes every file in the
//! canonical format with plain `std::fs::write`, and finishes by writing a marker file;
//! a directory without a matching marker (an interrupted run, an older generator) is
//! removed and generated again.

#![allow(dead_code)] // each bench or example uses part of this module

use mlboard::model::{
    BoardSettings, Card, CardId, Move, Phase, Rank, Review, ReviewId, ReviewerRole, Role, RoleSet,
    Timestamp, Verdict,
};
use mlboard::store::format::{card_to_ron, review_to_ron, settings_to_ron};
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Bump when the generated content changes, so cached boards are regenerated.
const GENERATOR_VERSION: u32 = 1;
/// A dot-file, so the loader ignores it like any other non-board file.
const MARKER: &str = ".bench-board-complete";

/// The board sizes of SPEC §6.
pub const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// 2026-01-01T00:00:00Z: generated boards are a year of work up to here.
pub const NOW: i64 = 1_767_225_600;

/// Where generated boards are cached: `$CARGO_TARGET_DIR/bench-boards`, else the
/// package's `target/bench-boards`.
pub fn cache_root() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("bench-boards")
}

/// A board of `n` cards, generated once and cached.
pub fn board(n: usize) -> PathBuf {
    let dir = cache_root().join(n.to_string());
    let expected = marker_text(n);
    if fs::read_to_string(dir.join(MARKER)).ok().as_deref() == Some(expected.as_str()) {
        return dir;
    }
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("remove an incomplete bench board");
    }
    generate(&dir, n);
    fs::write(dir.join(MARKER), expected).expect("write the bench board marker");
    dir
}

fn marker_text(n: usize) -> String {
    format!("mlboard bench board v{GENERATOR_VERSION}: {n} cards\n")
}

const PROJECTS: [&str; 12] = [
    "churn model",
    "fraud detection",
    "demand forecast",
    "credit scoring",
    "recommendation engine",
    "search ranking",
    "price elasticity",
    "predictive maintenance",
    "support-ticket triage",
    "lead scoring",
    "image QA",
    "anomaly detection",
];

const DATASETS: [&str; 10] = [
    "the orders table",
    "clickstream events",
    "the CRM export",
    "sensor telemetry",
    "payment transactions",
    "support tickets",
    "the product catalogue",
    "store-level sales",
    "call-centre logs",
    "labelled images",
];

const MODELS: [&str; 8] = [
    "gradient boosting",
    "logistic regression",
    "a random forest",
    "a two-tower network",
    "LightGBM",
    "an isolation forest",
    "a temporal fusion transformer",
    "a fine-tuned BERT",
];

/// Title templates per phase: `{p}` project, `{d}` dataset, `{m}` model.
const TITLES: [&[&str]; 3] = [
    &[
        "Define the problem and success metric for the {p}",
        "Write requirements for the {p} with the product owner",
        "Estimate the added value of ML for the {p}",
        "Agree on key metrics for the {p}",
        "Inventory data sources for the {p}",
        "Assess data quality of {d}",
        "Exploratory analysis of {d}",
        "Design the serving architecture of the {p}",
        "Check labelling consistency in {d}",
        "Baseline without ML for the {p}",
    ],
    &[
        "Feature engineering on {d}",
        "Design experiments for the {p}",
        "Train {m} for the {p}",
        "Evaluate {m} on a hold-out of {d}",
        "Compare {m} against the baseline",
        "Tune hyper-parameters of {m}",
        "Data-quality tests for {d}",
        "Error analysis of the {p}",
        "Backtest the {p} on last year",
        "Feature store entries from {d}",
    ],
    &[
        "Serve the {p} as a micro-service",
        "CI/CD pipeline for the {p}",
        "Monitor data drift on {d}",
        "Alert on missing predictions of the {p}",
        "Shadow-deploy {m} next to the current model",
        "Integrate the {p} into the business process",
        "Load-test the {p} endpoint",
        "Retraining schedule for the {p}",
        "Dashboard of live metrics for the {p}",
        "Roll back plan for the {p}",
    ],
];

const DESCRIPTIONS: [&str; 10] = [
    "Work with the subject matter expert to agree what good looks like before any modelling starts.",
    "Use {d} from the last twelve months. Document every assumption in the notebook.",
    "Compare against the current rule-based process; the business stakeholder signs off on the numbers.",
    "Keep the experiment reproducible: pinned data snapshot, seeded runs, results in the tracker.",
    "Latency budget is 50 ms at p99. Coordinate with the backend engineers on compute.",
    "Flag any column with more than 5% missing values and agree how to impute it.",
    "Report precision and recall per segment, not only the global score.",
    "Alert the on-call channel when the population stability index exceeds 0.2.",
    "Blocked until the data engineers land the nightly export. Then one day of work.",
    "Ship behind a feature flag; roll out to 10% of traffic first.",
];

const PEOPLE: [&str; 8] = [
    "ann", "bob", "chen", "dara", "emeka", "fatima", "gus", "hana",
];

const REVIEWERS: [&str; 5] = ["Bob", "Priya", "Marta", "Kenji", "Olu"];

const NOTES: [&str; 6] = [
    "Go.",
    "Looks good; ship it.",
    "Numbers are convincing, continue.",
    "Needs a comparison with last quarter first.",
    "Please add the per-segment breakdown.",
    "Not worth the compute budget right now.",
];

/// Roles that typically own cards of each phase (SPEC §1's roles table).
const LIKELY_ROLES: [&[Role]; 3] = [
    &[
        Role::BusinessStakeholder,
        Role::SubjectMatterExpert,
        Role::DataEngineer,
        Role::DataScientist,
        Role::SoftwareEngineer,
        Role::MlEngineer,
    ],
    &[
        Role::DataScientist,
        Role::DataScientist,
        Role::DataEngineer,
        Role::MlEngineer,
        Role::BackendEngineer,
        Role::SubjectMatterExpert,
    ],
    &[
        Role::SoftwareEngineer,
        Role::MlEngineer,
        Role::BackendEngineer,
        Role::DataEngineer,
        Role::DataScientist,
        Role::BusinessStakeholder,
    ],
];

fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

fn fill(rng: &mut fastrand::Rng, template: &str) -> String {
    template
        .replace("{p}", pick(rng, &PROJECTS))
        .replace("{d}", pick(rng, &DATASETS))
        .replace("{m}", pick(rng, &MODELS))
}

fn phase_of(rng: &mut fastrand::Rng) -> Phase {
    // A little more planned than built, a little more built than deployed.
    match rng.u32(..100) {
        0..40 => Phase::Design,
        40..75 => Phase::Development,
        _ => Phase::Deployment,
    }
}

fn unique_card_id(rng: &mut fastrand::Rng, seen: &mut HashSet<String>) -> CardId {
    loop {
        let id = CardId::generate(rng);
        if seen.insert(id.to_string()) {
            return id;
        }
    }
}

fn unique_review_id(rng: &mut fastrand::Rng, seen: &mut HashSet<String>) -> ReviewId {
    loop {
        let id = ReviewId::generate(rng);
        if seen.insert(id.to_string()) {
            return id;
        }
    }
}

/// Generates the cards and reviews of a board of `n` cards, deterministically.
pub fn cards_and_reviews(n: usize) -> (Vec<Card>, Vec<Review>) {
    let mut rng = fastrand::Rng::with_seed(0x6d6c_626f_6172_6400 ^ n as u64);
    let mut seen = HashSet::with_capacity(n * 2);
    let year = 365 * 86_400;
    let day = 86_400;

    // First draw every card's phase, so each column gets ranks spread over its length.
    let phases: Vec<Phase> = (0..n).map(|_| phase_of(&mut rng)).collect();
    let mut ranks: [std::vec::IntoIter<Rank>; 3] =
        Phase::ALL.map(|p| Rank::spread(phases.iter().filter(|q| **q == p).count()).into_iter());

    let mut cards = Vec::with_capacity(n);
    let mut reviews = Vec::with_capacity(n / 4 + 1);
    for phase in phases {
        let id = unique_card_id(&mut rng, &mut seen);
        let template = pick(&mut rng, TITLES[phase.index()]);
        let title = fill(&mut rng, template);
        let template = pick(&mut rng, &DESCRIPTIONS);
        let mut description = fill(&mut rng, template);
        if rng.bool() {
            let template = pick(&mut rng, &DESCRIPTIONS);
            description.push(' ');
            description.push_str(&fill(&mut rng, template));
        }
        let mut roles = RoleSet::EMPTY;
        for _ in 0..rng.usize(1..=3) {
            let likely = LIKELY_ROLES[phase.index()];
            roles.insert(likely[rng.usize(..likely.len())]);
        }
        let created = Timestamp::from_unix(NOW - year + rng.i64(0..year / 2));

        // The moves that brought the card to its phase; one card in ten went back once.
        let mut history = Vec::new();
        let mut at = created;
        let mut current = Phase::Design;
        let by = pick(&mut rng, &PEOPLE);
        let bounced = rng.u32(..10) == 0;
        let mut route = Vec::new();
        while current != phase {
            current = current.next().expect("a later phase");
            route.push((current, false));
            if bounced && route.len() == 1 {
                route.push((Phase::Design, false));
                route.push((Phase::Development, true));
                current = Phase::Development;
            }
        }
        let mut from = Phase::Design;
        for (to, ungated) in route {
            at = at.plus_seconds(rng.i64(day..30 * day));
            history.push(Move {
                at,
                from,
                to,
                by: (*by).into(),
                ungated,
            });
            from = to;
        }
        let rank = ranks[phase.index()].next().expect("a rank per card");
        let archived = (rng.u32(..100) < 3).then(|| at.plus_seconds(7 * day));

        // About one review for every four cards, in the card's current phase.
        if rng.u32(..4) == 0 {
            let (verdict, role) = match rng.u32(..10) {
                0..6 => (Verdict::Continue, ReviewerRole::BusinessStakeholder),
                6 => (Verdict::Continue, ReviewerRole::SubjectMatterExpert),
                7..9 => (Verdict::Rework, ReviewerRole::BusinessStakeholder),
                _ => (Verdict::Stop, ReviewerRole::BusinessStakeholder),
            };
            let note_index = match verdict {
                Verdict::Continue => rng.usize(0..3),
                Verdict::Rework => rng.usize(3..5),
                Verdict::Stop => 5,
            };
            reviews.push(Review {
                id: unique_review_id(&mut rng, &mut seen),
                card: id.clone(),
                at: at.plus_seconds(rng.i64(day..5 * day)),
                phase,
                reviewer: pick(&mut rng, &REVIEWERS).into(),
                role,
                verdict,
                note: NOTES[note_index].into(),
            });
        }

        cards.push(Card {
            id,
            title: title.into(),
            description: description.into(),
            phase,
            rank,
            roles,
            labels: Default::default(),
            due: None,
            created,
            archived,
            history: history.into(),
        });
    }
    (cards, reviews)
}

/// Writes a board of `n` cards into `dir` (which must not hold a board yet).
pub fn generate(dir: &Path, n: usize) {
    let (cards, reviews) = cards_and_reviews(n);
    for sub in ["cards", "reviews"] {
        fs::create_dir_all(dir.join(sub)).expect("create the bench board");
    }
    for card in &cards {
        fs::write(
            dir.join(format!("cards/{}.ron", card.id)),
            card_to_ron(card),
        )
        .expect("write a card");
    }
    for review in &reviews {
        fs::write(
            dir.join(format!("reviews/{}.ron", review.id)),
            review_to_ron(review),
        )
        .expect("write a review");
    }
    let settings = BoardSettings::new(format!("Bench board ({n} cards)"));
    fs::write(dir.join("board.ron"), settings_to_ron(&settings)).expect("write board.ron");
}
