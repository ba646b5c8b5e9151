//! The index kept up to date card by card gives what a fresh index gives: after any
//! edits, archives, moves, adds and deletes, reported through `card_changed`.

use super::*;
use crate::model::{Card, CardId, Phase, Rank, RoleSet, Timestamp};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "data",
    "drift",
    "alerts",
    "model",
    "exploratory",
    "analysis",
    "dta",
    "mdl",
    "données",
    "a",
    "d",
];

/// The queries typed after each change, in this order (so they extend each other,
/// return to earlier ones and start over, as a user would).
const QUERIES: &[&str] = &[
    "d", "dr", "drft", "drft a", "drft al", "drft", "alrt", "da", "data", "eda", "mdl", "a d",
    "donn",
];

#[derive(Debug, Clone)]
enum Op {
    Edit {
        card: usize,
        title: String,
        description: String,
    },
    Archive(usize),
    Move(usize),
    Add {
        title: String,
    },
    Delete(usize),
    /// Many edits at once, as a reload of changed files brings them.
    Reload(Vec<(usize, String)>),
}

fn phrase() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..5).prop_map(|w| w.join(" "))
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (any::<usize>(), phrase(), phrase())
            .prop_map(|(card, title, description)| Op::Edit { card, title, description }),
        2 => any::<usize>().prop_map(Op::Archive),
        2 => any::<usize>().prop_map(Op::Move),
        2 => phrase().prop_map(|title| Op::Add { title }),
        2 => any::<usize>().prop_map(Op::Delete),
        1 => prop::collection::vec((any::<usize>(), phrase()), 10..30).prop_map(Op::Reload),
    ]
}

/// The key of the `n`th card (modulo the board's size), if any.
fn nth(board: &Board, n: usize) -> Option<CardKey> {
    let keys: Vec<CardKey> = Phase::ALL
        .into_iter()
        .flat_map(|p| board.column(p).iter().copied())
        .collect();
    (!keys.is_empty()).then(|| keys[n % keys.len()])
}

/// Applies `op` to the board, reporting every changed key to `searcher`.
fn apply(board: &mut Board, searcher: &mut Searcher, op: Op, added: &mut usize) {
    let mut edit = |board: &mut Board, n: usize, change: &dyn Fn(&mut Card, &Board, CardKey)| {
        if let Some(key) = nth(board, n) {
            let mut card = board.card(key).clone();
            change(&mut card, board, key);
            let key = board.upsert(card);
            searcher.card_changed(key);
        }
    };
    match op {
        Op::Edit {
            card,
            title,
            description,
        } => edit(board, card, &|c, _, _| {
            c.title = title.clone().into();
            c.description = description.clone().into();
        }),
        Op::Archive(card) => edit(board, card, &|c, _, _| {
            c.archived = match c.archived {
                Some(_) => None,
                None => Some(Timestamp::from_unix(5)),
            };
        }),
        Op::Move(card) => edit(board, card, &|c, board, key| {
            let to = Phase::ALL[(c.phase.index() + 1) % 3];
            c.rank = board.rank_after(to, None, key).unwrap();
            c.phase = to;
        }),
        Op::Add { title } => {
            *added += 1;
            let id: CardId = format!("new{added:05}").parse().unwrap();
            let rank = Rank::between(
                None,
                board
                    .column(Phase::Design)
                    .first()
                    .map(|k| &board.card(*k).rank),
            )
            .unwrap();
            let card = Card::new(
                id,
                title,
                Phase::Design,
                rank,
                RoleSet::EMPTY,
                Timestamp::from_unix(0),
            );
            let key = board.upsert(card);
            searcher.card_changed(key);
        }
        Op::Delete(card) => {
            if let Some(key) = nth(board, card) {
                let id = board.card(key).id.clone();
                board.remove(&id);
                searcher.card_changed(key);
            }
        }
        Op::Reload(edits) => {
            for (card, title) in edits {
                edit(board, card, &|c, _, _| c.title = title.clone().into());
            }
        }
    }
}

fn start() -> Board {
    let titles = [
        "Set up monitoring and data-drift alerts",
        "Exploratory data analysis",
        "Train the model",
        "Qualité des données",
        "Alert when the model stops",
        "Data drift report",
    ];
    let ranks = Rank::spread(titles.len());
    let cards = titles
        .iter()
        .zip(ranks)
        .enumerate()
        .map(|(i, (title, rank))| {
            let id: CardId = format!("card{i:04}").parse().unwrap();
            let mut card = Card::new(
                id,
                title.to_string(),
                Phase::ALL[i % 3],
                rank,
                RoleSet::EMPTY,
                Timestamp::from_unix(0),
            );
            card.description = WORDS[i..].join(" ").into();
            card
        })
        .collect();
    Board::from_parts(crate::model::BoardSettings::new("t"), cards, vec![]).0
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn kept_index_equals_a_fresh_one(ops in prop::collection::vec(op(), 1..12)) {
        let mut board = start();
        let mut kept = Searcher::with_threads(1);
        let mut added = 0;
        for op in ops {
            apply(&mut board, &mut kept, op.clone(), &mut added);
            for archived in [false, true] {
                for query in QUERIES {
                    let fresh = Searcher::with_threads(1).search(&board, query, archived).to_vec();
                    let incremental = kept.search(&board, query, archived).to_vec();
                    prop_assert_eq!(incremental, fresh, "{:?} after {:?}", query, op);
                }
            }
        }
    }
}

#[test]
fn changes_before_the_first_search_are_picked_up() {
    let mut board = start();
    let mut searcher = Searcher::new();
    let key = nth(&board, 0).unwrap();
    let mut card = board.card(key).clone();
    card.title = "zebra".into();
    board.upsert(card);
    searcher.card_changed(key);
    assert_eq!(searcher.search(&board, "zebra", false).len(), 1);
}

#[test]
fn a_forgotten_add_or_delete_still_rebuilds() {
    let mut board = start();
    let mut searcher = Searcher::new();
    assert!(searcher.search(&board, "zebra", false).is_empty());
    let card = Card::new(
        "zebra001".parse().unwrap(),
        "zebra".into(),
        Phase::Design,
        Rank::between(None, None).unwrap(),
        RoleSet::EMPTY,
        Timestamp::from_unix(0),
    );
    board.upsert(card);
    // no card_changed: the count differs, so the index starts again
    assert_eq!(searcher.search(&board, "zebra", false).len(), 1);
}
