//! Fuzzy search, one keystroke, on generated boards of realistic MLOps cards
//! (SPEC §6: ≤ 2 ms at 1k cards, ≤ 10 ms at 10k, ≤ 100 ms at 100k).
//!
//! Run with `cargo bench --bench search`. Each benchmark times exactly one call to
//! `Searcher::search`; the state before it (index built, previous query, a changed
//! card) is prepared outside the timing. The `engine` group compares matchers on the
//! same whole query, one thread each (see `engines.rs`).

use divan::Bencher;
use mlboard::model::search::Searcher;
use mlboard::model::{Board, BoardSettings, Card, CardId, Phase, Rank, Role, RoleSet, Timestamp};
use std::sync::OnceLock;

mod engines;

fn main() {
    divan::main();
}

pub const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

const VERBS: &[&str] = &[
    "Set up",
    "Add",
    "Review",
    "Fix",
    "Investigate",
    "Backfill",
    "Automate",
    "Document",
    "Evaluate",
    "Retrain",
    "Tune",
    "Migrate",
    "Monitor",
    "Alert on",
    "Benchmark",
    "Label",
    "Clean",
    "Speed up",
    "Validate",
    "Deprecate",
];
const OBJECTS: &[&str] = &[
    "data-drift alerts",
    "the feature store",
    "the training pipeline",
    "the CI/CD pipeline",
    "inference latency",
    "missing predictions",
    "data-quality tests",
    "schema validation",
    "the hyperparameter search",
    "the model registry",
    "the A/B test",
    "a shadow deployment",
    "the batch scoring job",
    "label noise",
    "class imbalance",
    "the GPU quota",
    "experiment tracking",
    "the canary release",
    "the rollback plan",
    "feature importance",
    "the holdout set",
    "the baseline model",
    "PII in the raw events",
    "the dashboard",
];
const MODELS: &[&str] = &[
    "churn",
    "fraud",
    "demand forecast",
    "recommendation",
    "credit risk",
    "pricing",
    "search ranking",
    "ETA",
    "anomaly detection",
    "support triage",
    "données clients",
];
const SENTENCES: &[&str] = &[
    "The business stakeholder wants a decision before the quarterly review.",
    "Compare gradient boosting with logistic regression on the same split.",
    "Alert when the input distribution drifts away from the training data.",
    "Predictions stopped arriving twice last week; add a health check.",
    "Coordinate with the data engineers about the nightly backfill.",
    "Track precision and recall per segment, not only the global AUC.",
    "The subject matter expert flagged mislabelled examples in the March batch.",
    "Move the service behind the API gateway and add rate limiting.",
    "Keep the p95 latency under 50 ms at peak traffic.",
    "Write down the assumptions so the next iteration can revisit them.",
    "Storage costs doubled since the raw events are kept uncompressed.",
    "Retraining should run weekly and publish a model card.",
    "Check for leakage between the customer id and the target.",
    "Ask the backend team for a second GPU node for experiments.",
    "Vérifier la qualité des données avant l'entraînement.",
];

fn generate(count: usize) -> Board {
    let mut rng = fastrand::Rng::with_seed(count as u64);
    let phases = [Phase::Design, Phase::Development, Phase::Deployment];
    let per_phase = count.div_ceil(3);
    let ranks = Rank::spread(per_phase);
    let mut cards = Vec::with_capacity(count);
    for i in 0..count {
        let title = format!(
            "{} {} for the {} model",
            VERBS[rng.usize(..VERBS.len())],
            OBJECTS[rng.usize(..OBJECTS.len())],
            MODELS[rng.usize(..MODELS.len())]
        );
        let description = (0..rng.usize(1..=3))
            .map(|_| SENTENCES[rng.usize(..SENTENCES.len())])
            .collect::<Vec<_>>()
            .join(" ");
        let roles: RoleSet = (0..rng.usize(1..=3))
            .map(|_| Role::ALL[rng.usize(..Role::ALL.len())])
            .collect();
        let mut card = Card::new(
            CardId::generate(&mut rng),
            title,
            phases[i % 3],
            ranks[i / 3].clone(),
            roles,
            Timestamp::from_unix(1_800_000_000),
        );
        card.description = description.into();
        if rng.usize(..20) == 0 {
            card.archived = Some(Timestamp::from_unix(1_800_000_100));
        }
        cards.push(card);
    }
    Board::from_parts(BoardSettings::new("bench"), cards, Vec::new()).0
}

pub fn board(count: usize) -> &'static Board {
    static BOARDS: [OnceLock<Board>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = SIZES
        .iter()
        .position(|s| *s == count)
        .expect("a benchmarked size");
    BOARDS[slot].get_or_init(|| generate(count))
}

/// A searcher whose index is built and whose previous query was `previous`.
fn after(board: &Board, previous: &str) -> Searcher {
    let mut searcher = Searcher::new();
    searcher.search(board, previous, false);
    searcher
}

/// The usual keystroke: typing the next character of the query.
#[divan::bench(args = SIZES, sample_count = 30)]
fn next_character(bencher: Bencher, count: usize) {
    let board = board(count);
    bencher
        .with_inputs(|| after(board, "drft al"))
        .bench_local_refs(|searcher| searcher.search(board, "drft alr", false).len());
}

/// A backspace: back to a query searched a keystroke ago.
#[divan::bench(args = SIZES, sample_count = 30)]
fn backspace(bencher: Bencher, count: usize) {
    let board = board(count);
    bencher
        .with_inputs(|| {
            let mut searcher = after(board, "drft al");
            searcher.search(board, "drft alr", false);
            searcher
        })
        .bench_local_refs(|searcher| searcher.search(board, "drft al", false).len());
}

/// A query unrelated to the previous ones (a paste, a new search): every card is
/// matched again, on the index already built.
#[divan::bench(args = SIZES, sample_count = 30)]
fn fresh_query(bencher: Bencher, count: usize) {
    let board = board(count);
    bencher
        .with_inputs(|| after(board, "zzz"))
        .bench_local_refs(|searcher| searcher.search(board, "drft alr", false).len());
}

/// The first character typed: the most hits to rank.
#[divan::bench(args = SIZES, sample_count = 30)]
fn first_character(bencher: Bencher, count: usize) {
    let board = board(count);
    bencher
        .with_inputs(|| after(board, "zzz"))
        .bench_local_refs(|searcher| searcher.search(board, "d", false).len());
}

/// The next keystroke after a card was edited (it now says "drift alerts"): the index
/// and the kept searches catch up on that card, then the keystroke is incremental.
#[divan::bench(args = SIZES, sample_count = 30)]
fn after_edit(bencher: Bencher, count: usize) {
    let original = board(count);
    bencher
        .with_inputs(|| {
            let mut board = original.clone();
            let mut searcher = after(&board, "drft al");
            let key = board.column(Phase::Development)[0];
            let mut card = board.card(key).clone();
            card.title = format!("Set up data-drift alerts ({})", card.title).into();
            let key = board.upsert(card);
            searcher.card_changed(key);
            (board, searcher)
        })
        .bench_local_refs(|(board, searcher)| searcher.search(board, "drft alr", false).len());
}

/// A search after the whole index was dropped (`invalidate`, as before the index was
/// kept up to date card by card): the index is rebuilt, then searched.
#[divan::bench(args = SIZES, sample_count = 30)]
fn index_rebuild(bencher: Bencher, count: usize) {
    let board = board(count);
    bencher
        .with_inputs(|| {
            let mut searcher = after(board, "drft al");
            searcher.invalidate();
            searcher
        })
        .bench_local_refs(|searcher| searcher.search(board, "drft alr", false).len());
}
