//! The search's behaviour: ranking, archived cards, keystrokes, highlighting. The rule
//! itself is tested in `matching.rs`, the starter board in `fixture.rs`, and the index
//! kept up to date card by card in `incremental.rs`.

mod fixture;
mod incremental;
mod matching;

use super::*;
use crate::model::{BoardSettings, Card, CardId, Phase, Rank, Role, Timestamp};
use index::lowercase;

/// A board of `(title, description, roles)` cards in Design, in the given order.
fn board(cards: &[(&str, &str, &[Role])]) -> Board {
    let ranks = Rank::spread(cards.len());
    let cards = cards
        .iter()
        .zip(ranks)
        .enumerate()
        .map(|(i, ((title, description, roles), rank))| {
            let mut card = Card::new(
                format!("card{i:04}").parse().unwrap(),
                title.to_string(),
                Phase::Design,
                rank,
                roles.iter().copied().collect(),
                Timestamp::from_unix(0),
            );
            card.description = description.to_string().into();
            card
        })
        .collect();
    Board::from_parts(BoardSettings::new("t"), cards, vec![]).0
}

fn titles(board: &Board, hits: &[SearchHit]) -> Vec<String> {
    hits.iter()
        .map(|h| board.card(h.key).title.to_string())
        .collect()
}

const DRIFT_ALERTS: &str = "Set up monitoring and data-drift alerts";

/// Cards that share words, letters or roles with the drift-alert card.
fn look_alikes() -> Board {
    use Role::*;
    board(&[
        (
            "Alert when the model stops returning predictions",
            "Keep the model online: health checks, missing-prediction alerts. Data drift is someone else's job.",
            &[SoftwareEngineer, BackendEngineer],
        ),
        (
            "Define the request format",
            "Document all fields; alert the team on breaking changes.",
            &[SoftwareEngineer],
        ),
        (
            "Data drift report",
            "A weekly report of feature drift; no alerting yet.",
            &[DataScientist],
        ),
        (
            "Weekly check of the model's predictions",
            "Look at data drift and alerts with the domain expert.",
            &[DataScientist, SubjectMatterExpert],
        ),
        (
            DRIFT_ALERTS,
            "Alert when the input data drifts away from the training data.",
            &[MlEngineer, DataScientist, DataEngineer],
        ),
        (
            "Draft the retraining plan",
            "When drift alerts fire, retrain on fresh data.",
            &[DataScientist, MlEngineer],
        ),
    ])
}

#[test]
fn drift_alerts_rank_first_among_look_alikes() {
    let board = look_alikes();
    let mut searcher = Searcher::new();
    let hits = searcher.search(&board, "drft alrt", false).to_vec();
    let found = titles(&board, &hits);
    assert_eq!(found[0], DRIFT_ALERTS, "{found:#?} {hits:?}");
    // the cards that only mention both words in their description still match
    assert!(found.contains(&"Weekly check of the model's predictions".to_string()));
    // and typing the query one key at a time ends at the same ranking
    let mut typed = Searcher::new();
    for end in 1..="drft alrt".len() {
        typed.search(&board, &"drft alrt"[..end], false);
    }
    assert_eq!(typed.search(&board, "drft alrt", false), hits.as_slice());
}

#[test]
fn title_matches_outrank_description_matches() {
    let board = board(&[
        ("Weekly sync", "Talk about feature engineering.", &[]),
        ("Feature engineering", "Build the model's inputs.", &[]),
    ]);
    let mut searcher = Searcher::new();
    let hits = searcher.search(&board, "feature", false).to_vec();
    assert_eq!(
        titles(&board, &hits),
        ["Feature engineering", "Weekly sync"]
    );
    assert!(hits[0].score > hits[1].score);
}

#[test]
fn every_term_must_match() {
    let board = look_alikes();
    let mut searcher = Searcher::new();
    let found = titles(&board, searcher.search(&board, "drft zebra", false));
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn empty_and_blank_queries_have_no_hits() {
    let board = look_alikes();
    let mut searcher = Searcher::new();
    assert!(searcher.search(&board, "", false).is_empty());
    assert!(searcher.search(&board, "   \t ", false).is_empty());
    assert!(!searcher.search(&board, "a", false).is_empty());
    assert!(searcher.search(&board, "", false).is_empty());
}

#[test]
fn unicode_queries_match_case_insensitively() {
    let board = board(&[
        ("Qualité des données", "Vérifier les sources.", &[]),
        ("数据质量检查", "", &[]),
        ("ΣΥΣΤΗΜΑ alerts", "", &[]),
        ("Plain ascii", "", &[]),
    ]);
    let mut searcher = Searcher::new();
    let found = titles(&board, searcher.search(&board, "DONNÉES", false));
    assert_eq!(found, ["Qualité des données"]);
    let found = titles(&board, searcher.search(&board, "数据", false));
    assert_eq!(found, ["数据质量检查"]);
    let found = titles(&board, searcher.search(&board, "σύστημα", false));
    assert!(found.is_empty(), "accents are not ignored: {found:?}");
    let found = titles(&board, searcher.search(&board, "συστ", false));
    assert_eq!(found, ["ΣΥΣΤΗΜΑ alerts"]);
}

#[test]
fn searches_role_tags_names_and_ids() {
    use Role::*;
    let board = board(&[
        ("One", "", &[MlEngineer]),
        ("Two", "", &[BackendEngineer]),
        ("Three", "", &[DataScientist]),
    ]);
    let mut searcher = Searcher::new();
    assert_eq!(
        titles(&board, searcher.search(&board, "mle", false))[0],
        "One"
    );
    let found = titles(&board, searcher.search(&board, "backend", false));
    assert_eq!(found, ["Two"]);
    let found = titles(&board, searcher.search(&board, "card0002", false));
    assert_eq!(found, ["Three"]);
}

#[test]
fn ties_keep_board_order() {
    let board = board(&[
        ("same title", "", &[]),
        ("other", "", &[]),
        ("same title", "", &[]),
    ]);
    let mut searcher = Searcher::new();
    let hits = searcher.search(&board, "same", false).to_vec();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].score, hits[1].score);
    let ids: Vec<&str> = hits.iter().map(|h| board.card(h.key).id.as_str()).collect();
    assert_eq!(ids, ["card0000", "card0002"]);
}

#[test]
fn archived_cards_only_on_request() {
    let mut board = look_alikes();
    let key = board
        .key_of(&"card0004".parse::<CardId>().unwrap())
        .unwrap();
    let mut card = board.card(key).clone();
    card.archived = Some(Timestamp::from_unix(1));
    board.upsert(card);
    let mut searcher = Searcher::new();
    let without = titles(&board, searcher.search(&board, "drft alrt", false));
    assert!(!without.contains(&DRIFT_ALERTS.to_string()));
    let with = titles(&board, searcher.search(&board, "drft alrt", true));
    assert_eq!(with[0], DRIFT_ALERTS);
    // and back: the archived card goes again
    let again = titles(&board, searcher.search(&board, "drft alrt", false));
    assert_eq!(again, without);
}

#[test]
fn a_changed_card_is_found_by_its_new_words() {
    let mut board = look_alikes();
    let mut searcher = Searcher::new();
    assert!(searcher.search(&board, "zebra", false).is_empty());
    let key = board
        .key_of(&"card0001".parse::<CardId>().unwrap())
        .unwrap();
    let mut card = board.card(key).clone();
    card.title = "Zebra crossing".into();
    let key = board.upsert(card);
    searcher.card_changed(key);
    assert_eq!(
        titles(&board, searcher.search(&board, "zebra", false)),
        ["Zebra crossing"]
    );
}

/// A board large enough to take the multi-threaded path.
fn generated(count: usize) -> Board {
    const WORDS: &[&str] = &[
        "data", "drift", "alert", "model", "feature", "train", "deploy", "monitor", "label",
        "pipeline", "schema", "latency", "données", "qualité", "数据", "metric", "review",
    ];
    let mut rng = fastrand::Rng::with_seed(42);
    let mut phrase = |n: usize| -> String {
        (0..n)
            .map(|_| WORDS[rng.usize(..WORDS.len())])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let texts: Vec<(String, String)> = (0..count).map(|_| (phrase(4), phrase(12))).collect();
    let roles: [&[Role]; 3] = [&[Role::DataScientist], &[Role::MlEngineer], &[]];
    let cards: Vec<(&str, &str, &[Role])> = texts
        .iter()
        .enumerate()
        .map(|(i, (t, d))| (t.as_str(), d.as_str(), roles[i % 3]))
        .collect();
    board(&cards)
}

#[test]
fn incremental_results_equal_results_from_scratch() {
    let board = generated(6_000);
    let mut typed = Searcher::new();
    // typing, a space, more typing, backspaces, and a jump to an unrelated query
    let keystrokes = [
        "d",
        "dr",
        "drf",
        "drft",
        "drft ",
        "drft a",
        "drft al",
        "drft alr",
        "drft alrt",
        "drft al",
        "drft al m",
        "mon",
        "mon dé",
        "mon dés",
        "数",
        "数据 q",
    ];
    for query in keystrokes {
        let incremental = typed.search(&board, query, false).to_vec();
        let scratch = Searcher::new().search(&board, query, false).to_vec();
        assert_eq!(incremental, scratch, "query {query:?}");
    }
    assert!(!typed.search(&board, "drft alrt", false).is_empty());
}

#[test]
fn match_indices_point_at_chars_of_the_original_text() {
    let searcher = Searcher::new();
    let text = DRIFT_ALERTS;
    let indices = searcher.match_indices(text, "drft alrt");
    let matched: String = indices
        .iter()
        .map(|i| text.chars().nth(*i).unwrap())
        .collect();
    // drft in "drift", alrt in "alerts" (order of the text)
    assert_eq!(matched, "drftalrt", "{indices:?}");
    let text = "İstanbul données";
    let indices = searcher.match_indices(text, "DONN");
    assert_eq!(indices, [9, 10, 11, 12]);
    assert!(searcher.match_indices(text, "").is_empty());
    assert!(searcher.match_indices(text, "zzz").is_empty());
}

/// The definition, spelled out: each word's best score over the card's fields, each
/// field matched on its own by the rule (on chars, without the index, its byte fast
/// paths, its pre-tests or any earlier keystroke).
fn reference_score(card: &Card, query: &str) -> Option<i64> {
    let mut fields = Vec::new();
    fields::each_text(card, |field| fields.push(lowercase(field)));
    for role in card.roles.iter() {
        fields.extend(fields::role_fields(role).map(lowercase));
    }
    let mut total = 0;
    for word in query.split_whitespace() {
        let word: Vec<char> = lowercase(word).chars().collect();
        let best = fields
            .iter()
            .enumerate()
            .filter_map(|(number, field)| {
                let field: Vec<char> = field.chars().collect();
                let at: Vec<usize> = rule::occurrences(&field, &word).collect();
                let found = rule::best(&field, &word, at, true)?;
                Some(rule::score(found, number == 0))
            })
            .max()?;
        total += i64::from(best);
    }
    Some(total)
}

/// The hits the definition gives: every matching card, best first, ties in board order.
fn reference_hits(board: &Board, query: &str) -> Vec<(CardKey, i64)> {
    let mut expected: Vec<(CardKey, i64)> = board
        .cards_in_order()
        .filter(|c| !c.is_archived())
        .filter_map(|c| Some((board.key_of(&c.id)?, reference_score(c, query)?)))
        .collect();
    expected.sort_by_key(|(_, score)| Reverse(*score));
    expected
}

#[test]
fn scores_follow_the_rule_field_by_field() {
    let board = generated(400);
    let mut searcher = Searcher::new();
    for query in [
        "drft alrt",
        "mon",
        "données q",
        "数据",
        "dt ds",
        "card00",
        "dm",
        "ftr",
        "qlt",
    ] {
        let hits = searcher.search(&board, query, false).to_vec();
        let found: Vec<(CardKey, i64)> = hits.iter().map(|h| (h.key, h.score)).collect();
        assert_eq!(found, reference_hits(&board, query), "query {query:?}");
    }
}

#[test]
fn one_thread_or_several_find_the_same() {
    let board = generated(6_000);
    for query in ["drft alrt", "d", "mon do", "数据 q"] {
        let serial = Searcher::with_threads(1)
            .search(&board, query, false)
            .to_vec();
        let parallel = Searcher::with_threads(3)
            .search(&board, query, false)
            .to_vec();
        assert_eq!(serial, parallel, "query {query:?}");
        assert!(!serial.is_empty(), "query {query:?}");
    }
}

#[test]
fn an_index_built_on_several_threads_equals_one_built_on_one() {
    let board = generated(5_000);
    let serial = index::Index::build(&board, 1);
    let parallel = index::Index::build(&board, 3);
    assert_eq!(serial.len(), 5_000);
    assert_eq!(parallel.len(), serial.len());
    let text = |index: &index::Index, key| {
        index
            .get(key)
            .map(|(e, t)| (e.roles, e.archived, e.pairs, t.to_string()))
    };
    for key in 0..serial.key_bound() as CardKey {
        assert_eq!(text(&serial, key), text(&parallel, key), "key {key}");
    }
}

#[test]
fn replaced_texts_are_compacted_away() {
    let mut board = look_alikes();
    let mut searcher = Searcher::new();
    let key = board.key_of(&"card0001".parse().unwrap()).unwrap();
    for round in 0..6 {
        let mut card = board.card(key).clone();
        card.description = (format!("round{round} ") + &"word ".repeat(100_000)).into();
        board.upsert(card);
        searcher.card_changed(key);
        assert_eq!(
            searcher
                .search(&board, &format!("round{round}"), false)
                .len(),
            1
        );
    }
    let index = searcher.index.as_ref().unwrap();
    // six half-megabyte descriptions were written (3 MB); the arena is copied
    // whenever half of it is garbage, so it never holds more than twice what is live
    assert!(index.text_len() < 2_000_000, "{}", index.text_len());
    assert_eq!(
        titles(&board, searcher.search(&board, "drft alrt", false))[0],
        DRIFT_ALERTS
    );
}

#[test]
fn history_is_bounded() {
    let board = look_alikes();
    let mut searcher = Searcher::new();
    for i in 0..100 {
        searcher.search(&board, &format!("a{i}"), i % 2 == 0);
    }
    assert!(searcher.history.len() <= HISTORY_SEARCHES);
    // the latest query is still answered from the history
    let latest = searcher.search(&board, "a99", false).to_vec();
    assert_eq!(latest, Searcher::new().search(&board, "a99", false));
}

#[test]
fn highlights_show_each_word_where_it_matched() {
    let board = look_alikes();
    let card = board.card_by_id(&"card0004".parse().unwrap()).unwrap();
    let searcher = Searcher::new();
    let chars = |text: &str, at: &[usize]| -> String {
        at.iter().map(|i| text.chars().nth(*i).unwrap()).collect()
    };
    // both words in the title: nothing else to show
    let marks = searcher.highlights(card, "drft alrt");
    assert_eq!(chars(&card.title, &marks.title), "drftalrt");
    assert_eq!(marks.elsewhere, None);
    // a word only in the description: the description, with that word's match
    let marks = searcher.highlights(card, "drft training");
    assert_eq!(chars(&card.title, &marks.title), "drft");
    let (text, at) = marks.elsewhere.unwrap();
    assert_eq!(chars(&text, &at), "training");
    // a role's name lights up its whole tag; a tag its matched letters
    let marks = searcher.highlights(card, "scientist mle");
    let tags: Vec<&str> = card.roles.iter().map(|r| r.tag()).collect();
    let lit: Vec<String> = tags
        .iter()
        .zip(&marks.tags)
        .map(|(t, at)| chars(t, at))
        .collect();
    assert_eq!(tags, ["DE", "DS", "MLE"]);
    assert_eq!(lit, ["", "DS", "MLE"]);
    assert_eq!(marks.elsewhere, None);
    // the id
    assert_eq!(
        searcher.highlights(card, "card0004").id,
        (0..8).collect::<Vec<_>>()
    );
    // a label, when no shown field has the word
    let mut card = card.clone();
    card.labels = crate::model::Labels::parse_list("churn-model").unwrap();
    let marks = searcher.highlights(&card, "drft chrn");
    let (text, at) = marks.elsewhere.unwrap();
    assert_eq!(
        (text.as_str(), chars(&text, &at).as_str()),
        ("#churn-model", "chrn")
    );
}
