//! The search over the MLOps starter board, each query's hits listed by hand.

use super::*;
use crate::model::{BoardSettings, Card, Timestamp};
use crate::store::template::{Template, starter};

/// The starter board, plus one card in French and Chinese.
fn fixture() -> Board {
    let mut rng = fastrand::Rng::with_seed(7);
    let (settings, mut cards): (BoardSettings, Vec<Card>) =
        starter(Template::Mlops, None, Timestamp::from_unix(0), &mut rng);
    let mut unicode = cards[0].clone();
    unicode.id = "unicode1".parse().unwrap();
    unicode.roles = crate::model::RoleSet::EMPTY;
    unicode.title = "Vérifier la qualité des données".into();
    unicode.description = "数据质量检查 avant l'entraînement.".into();
    unicode.rank = crate::model::Rank::between(Some(&cards[1].rank), Some(&cards[2].rank)).unwrap();
    cards.push(unicode);
    let eda = cards.iter_mut().find(|c| &*c.title == EDA).unwrap();
    eda.labels = crate::model::Labels::parse_list("churn exp-2").unwrap();
    Board::from_parts(settings, cards, vec![]).0
}

fn found(board: &Board, query: &str) -> Vec<String> {
    Searcher::new()
        .search(board, query, false)
        .iter()
        .map(|h| board.card(h.key).title.to_string())
        .collect()
}

const MONITORING: &str = "Set up monitoring and data-drift alerts";
const ALERT: &str = "Alert when the model stops returning predictions";
const EDA: &str = "Exploratory data analysis";
const CI_CD: &str = "Set up the CI/CD pipeline";
const UNICODE: &str = "Vérifier la qualité des données";

#[test]
fn drift_finds_only_the_cards_that_say_drift() {
    let board = fixture();
    // "Exploratory data analysis" holds d…r…i…f…t scattered over its description
    assert_eq!(found(&board, "drift"), [MONITORING]);
    assert_eq!(found(&board, "DRIFT"), [MONITORING]);
    assert_eq!(found(&board, "drifts"), [MONITORING]);
}

#[test]
fn near_spellings_find_the_word() {
    let board = fixture();
    assert_eq!(found(&board, "drft alrt"), [MONITORING]);
    assert_eq!(found(&board, "drft"), [MONITORING]);
    // "algorithms" would leave out three letters: no match
    assert_eq!(found(&board, "alrt"), [MONITORING, ALERT]);
    assert_eq!(found(&board, "monitorng"), [MONITORING]);
    assert_eq!(found(&board, "pipline"), [CI_CD]);
}

#[test]
fn a_whole_word_outranks_the_start_of_one() {
    let board = fixture();
    // "Alert" is a whole word of its title, "alerts" only starts with it
    assert_eq!(found(&board, "alert"), [ALERT, MONITORING]);
}

#[test]
fn initials_and_words_written_together() {
    let board = fixture();
    assert_eq!(found(&board, "eda"), [EDA]);
    assert_eq!(found(&board, "exploratory"), [EDA]);
    assert_eq!(found(&board, "expl data"), [EDA]);
    assert_eq!(found(&board, "cicd"), [CI_CD]);
    assert_eq!(found(&board, "ci/cd"), [CI_CD]);
}

#[test]
fn role_tags_and_names() {
    let board = fixture();
    let with_expert: Vec<String> = board
        .cards_in_order()
        .filter(|c| c.roles.contains(crate::model::Role::SubjectMatterExpert))
        .map(|c| c.title.to_string())
        .collect();
    assert_eq!(with_expert.len(), 8);
    assert_eq!(found(&board, "subject matter"), with_expert);
    // the tag `SME` is a whole word; "same" in a description is a near spelling
    let mut sme = with_expert.clone();
    sme.push("Compare two algorithms".into());
    assert_eq!(found(&board, "sme"), sme);
    // `MLE` tags first, then "machine learning" (the beginnings of two words)
    let mut mle: Vec<String> = board
        .cards_in_order()
        .filter(|c| c.roles.contains(crate::model::Role::MlEngineer))
        .map(|c| c.title.to_string())
        .collect();
    assert_eq!(mle.len(), 9);
    mle.push("Estimate the added value of machine learning".into());
    assert_eq!(found(&board, "mle"), mle);
}

#[test]
fn labels() {
    let board = fixture();
    assert_eq!(found(&board, "churn"), [EDA]);
    // typed as the board shows it
    assert_eq!(found(&board, "#churn"), [EDA]);
    assert!(found(&board, "#").is_empty());
    assert_eq!(found(&board, "exp-2"), [EDA]);
    // "exp" starts the label and words of other cards ("expert", "experiments")
    assert!(found(&board, "exp-2 data").contains(&EDA.to_string()));
    assert!(found(&board, "chrn").contains(&EDA.to_string()));
}

#[test]
fn ids_find_their_card() {
    let board = fixture();
    for card in board.cards_in_order() {
        assert_eq!(found(&board, card.id.as_str()), [card.title.to_string()]);
    }
    assert_eq!(found(&board, "unicode1"), [UNICODE]);
}

#[test]
fn unicode_words() {
    let board = fixture();
    assert_eq!(found(&board, "données"), [UNICODE]);
    assert_eq!(found(&board, "DONNÉES"), [UNICODE]);
    assert_eq!(found(&board, "qualité"), [UNICODE]);
    // accents are letters of their own
    assert!(found(&board, "donnees").is_empty());
    assert_eq!(found(&board, "数据"), [UNICODE]);
    assert_eq!(found(&board, "质量"), [UNICODE]);
}

#[test]
fn nonsense_finds_nothing() {
    let board = fixture();
    for query in ["qwertz", "zzz", "drift zebra", "xylophone"] {
        assert!(found(&board, query).is_empty(), "{query}");
    }
}
