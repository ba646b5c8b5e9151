//! Commit messages that say what changed on the board, computed from the old and new
//! versions of each changed file: `Move "Compare two algorithms" to Development;
//! review "EDA": Continue`. Pure: no git, no files.

use super::phrase::{Phrase, card_phrases, priority, settings_phrases};
use crate::model::{CardId, Phase, Rank, Review, Timestamp};
use crate::store::Parsed;
use std::collections::HashMap;

/// A summary line longer than this is cut, and says how many changes it leaves out.
const SUMMARY_LIMIT: usize = 72;
/// Titles are shortened to this many characters, then to the next, when the summary
/// would be too long (never in the body).
const TITLE_LIMIT: usize = 40;
const SHORT_TITLE_LIMIT: usize = 24;

/// One version of a board file.
#[derive(Debug, Clone, PartialEq)]
pub enum Version {
    Missing,
    Parsed(Parsed),
    /// Present, but it does not parse (or is not a readable board file).
    Unreadable,
}

/// A board file as it was in the last commit and as it is about to be committed.
#[derive(Debug, Clone, PartialEq)]
pub struct FileChange {
    /// Board-relative path, `cards/<id>.ron`.
    pub rel: String,
    pub old: Version,
    pub new: Version,
}

/// A commit message: one summary line, and the full list when the summary is not all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub summary: String,
    pub body: Vec<String>,
}

impl Message {
    /// The message as `git commit -F` reads it.
    pub fn text(&self) -> String {
        let mut text = self.summary.clone();
        text.push('\n');
        if !self.body.is_empty() {
            text.push('\n');
            for line in &self.body {
                text.push_str("- ");
                text.push_str(line);
                text.push('\n');
            }
        }
        text
    }
}

/// The message for a set of changed files; `None` when there are none. `card_titles`
/// names the cards that reviews refer to but that did not change themselves.
pub fn describe(changes: &[FileChange], card_titles: &HashMap<CardId, String>) -> Option<Message> {
    let mut titles = card_titles.clone();
    for change in changes {
        if let Version::Parsed(Parsed::Card(card)) = &change.new {
            titles.insert(card.id.clone(), card.title.to_string());
        } else if let Version::Parsed(Parsed::Card(card)) = &change.old {
            titles
                .entry(card.id.clone())
                .or_insert_with(|| card.title.to_string());
        }
    }
    // Changes of one kind are listed in board order: cards as in their columns,
    // reviews by time.
    let mut ordered: Vec<&FileChange> = changes.iter().collect();
    ordered.sort_by_key(|change| board_order(change));
    let mut phrases: Vec<Phrase> = ordered
        .into_iter()
        .flat_map(|change| phrases_for(change, &titles))
        .collect();
    if phrases.is_empty() {
        return None;
    }
    if let Some(Phrase::CreateBoard { cards, .. }) = phrases
        .iter_mut()
        .find(|p| matches!(p, Phrase::CreateBoard { .. }))
    {
        *cards = changes
            .iter()
            .filter(|c| {
                c.old == Version::Missing && matches!(c.new, Version::Parsed(Parsed::Card(_)))
            })
            .count();
    }
    phrases.sort_by_key(priority); // stable: keeps board order within a kind

    Some(compose(&phrases))
}

/// Where a changed file stands on the board: its card's column and rank (the new
/// version's, or the old one's for a deletion), a review's time; then its path.
fn board_order(change: &FileChange) -> (Option<Phase>, Option<Rank>, Option<Timestamp>, String) {
    let version = match &change.new {
        Version::Parsed(_) => &change.new,
        _ => &change.old,
    };
    match version {
        Version::Parsed(Parsed::Card(card)) => (
            Some(card.phase),
            Some(card.rank.clone()),
            None,
            change.rel.clone(),
        ),
        Version::Parsed(Parsed::Review(review)) => {
            (None, None, Some(review.at), change.rel.clone())
        }
        _ => (None, None, None, change.rel.clone()),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The summary lists as many phrases as fit in `SUMMARY_LIMIT`, then how many it left
/// out, shortening long titles before leaving phrases out; the body lists every phrase
/// in full whenever the summary is not the whole story.
fn compose(phrases: &[Phrase]) -> Message {
    let creates_board = phrases
        .iter()
        .any(|p| matches!(p, Phrase::CreateBoard { .. }));
    let shown: Vec<&Phrase> = phrases
        .iter()
        .filter(|p| !(creates_board && p.is_card_addition()))
        .collect();
    let summary = summary_line(&shown);
    let full: Vec<String> = phrases
        .iter()
        .map(|p| capitalized(&p.render(usize::MAX, true)))
        .collect();
    let whole_story = full.len() == 1 && full[0] == summary;
    Message {
        summary,
        body: if whole_story { Vec::new() } else { full },
    }
}

fn summary_line(shown: &[&Phrase]) -> String {
    // No more phrases can fit than fit with their shortest titles: this bound keeps a
    // commit of 1,000 changes from trying 1,000 summaries of 1,000 phrases each.
    let mut length = 0;
    let most = shown
        .iter()
        .take_while(|p| {
            length += p.render(SHORT_TITLE_LIMIT, false).chars().count() + 2;
            length <= SUMMARY_LIMIT + 2
        })
        .count()
        .max(1);
    let mut fallback = String::new();
    for count in (1..=most.min(shown.len())).rev() {
        for limit in [usize::MAX, TITLE_LIMIT, SHORT_TITLE_LIMIT] {
            let mut text = shown[..count]
                .iter()
                .map(|p| p.render(limit, false))
                .collect::<Vec<_>>()
                .join("; ");
            let more = shown.len() - count;
            if more > 0 {
                let plural = if more == 1 { "" } else { "s" };
                text.push_str(&format!(" … and {more} more change{plural}"));
            }
            if text.chars().count() <= SUMMARY_LIMIT {
                return capitalized(&text);
            }
            fallback = text;
        }
    }
    // Even one phrase with short titles is too long (a long board name, say): keep it.
    capitalized(&fallback)
}

fn title_of(card: &CardId, titles: &HashMap<CardId, String>) -> String {
    titles
        .get(card)
        .cloned()
        .unwrap_or_else(|| format!("card {card}"))
}

fn phrases_for(change: &FileChange, titles: &HashMap<CardId, String>) -> Vec<Phrase> {
    use Version::{Missing, Parsed as P, Unreadable};
    match (&change.old, &change.new) {
        (P(Parsed::Card(old)), P(Parsed::Card(new))) => card_phrases(old, new),
        (Missing, P(Parsed::Card(new))) => vec![Phrase::AddCard {
            title: new.title.to_string(),
            phase: new.phase,
        }],
        (P(Parsed::Card(old)), Missing) => vec![Phrase::DeleteCard {
            title: old.title.to_string(),
        }],
        (_, P(Parsed::Review(new))) if change.old == Missing => vec![review_phrase(new, titles)],
        (P(Parsed::Review(_)), P(Parsed::Review(new))) => vec![Phrase::EditReview {
            title: title_of(&new.card, titles),
        }],
        (P(Parsed::Review(old)), Missing) => vec![Phrase::DeleteReview {
            title: title_of(&old.card, titles),
        }],
        (Missing, P(Parsed::Measurement(m))) => vec![Phrase::Settings(format!(
            "record {} = {}",
            m.metric, m.value
        ))],
        (P(Parsed::Settings(old)), P(Parsed::Settings(new))) => settings_phrases(old, new),
        (Missing, P(Parsed::Settings(new))) => vec![Phrase::CreateBoard {
            name: new.name.clone(),
            cards: 0,
        }],
        (P(Parsed::Settings(old)), Missing) => vec![Phrase::DeleteBoard {
            name: old.name.clone(),
        }],
        // A conflict resolved, or a hand edit mended: say which card it is now.
        (Unreadable, P(Parsed::Card(new))) => vec![Phrase::Edit {
            title: new.title.to_string(),
        }],
        (Missing, Missing) => Vec::new(),
        (Missing, _) => vec![file_phrase("add", change)],
        (_, Missing) => vec![file_phrase("delete", change)],
        _ => vec![file_phrase("change", change)],
    }
}

fn file_phrase(verb: &'static str, change: &FileChange) -> Phrase {
    Phrase::File {
        verb,
        rel: change.rel.clone(),
    }
}

fn review_phrase(review: &Review, titles: &HashMap<CardId, String>) -> Phrase {
    Phrase::Review {
        title: title_of(&review.card, titles),
        verdict: review.verdict,
        reviewer: review.reviewer.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BoardSettings, Card, GatePolicy, ReviewerRole, Role, RoleSet, Verdict};

    fn card(id: &str, title: &str, phase: Phase) -> Card {
        Card::new(
            id.parse().unwrap(),
            title.to_string(),
            phase,
            "n".parse::<Rank>().unwrap(),
            RoleSet::EMPTY.with(Role::DataScientist),
            Timestamp::from_unix(0),
        )
    }

    fn review(id: &str, card: &str, verdict: Verdict) -> Review {
        Review {
            id: id.parse().unwrap(),
            card: card.parse().unwrap(),
            at: Timestamp::from_unix(10),
            phase: Phase::Design,
            reviewer: "Bob".into(),
            role: ReviewerRole::BusinessStakeholder,
            verdict,
            note: "".into(),
        }
    }

    fn card_change(old: Option<&Card>, new: Option<&Card>) -> FileChange {
        let version = |c: Option<&Card>| {
            c.map_or(Version::Missing, |c| {
                Version::Parsed(Parsed::Card(c.clone()))
            })
        };
        let id = old.or(new).unwrap().id.clone();
        FileChange {
            rel: format!("cards/{id}.ron"),
            old: version(old),
            new: version(new),
        }
    }

    fn new_review(r: &Review) -> FileChange {
        FileChange {
            rel: format!("reviews/{}.ron", r.id),
            old: Version::Missing,
            new: Version::Parsed(Parsed::Review(r.clone())),
        }
    }

    fn moved(c: &Card, to: Phase) -> Card {
        c.moved(
            to,
            "t".parse().unwrap(),
            Timestamp::from_unix(5),
            "ann",
            false,
        )
    }

    fn titles(pairs: &[(&str, &str)]) -> HashMap<CardId, String> {
        pairs
            .iter()
            .map(|(id, t)| (id.parse().unwrap(), t.to_string()))
            .collect()
    }

    #[test]
    fn move_and_review_read_like_the_spec() {
        let compare = card("k3m9x2qa", "Compare two algorithms", Phase::Design);
        let changes = [
            new_review(&review("p7d2w9ke", "e0a0e0a0", Verdict::Continue)),
            card_change(Some(&compare), Some(&moved(&compare, Phase::Development))),
        ];
        let message = describe(&changes, &titles(&[("e0a0e0a0", "EDA")])).unwrap();
        assert_eq!(
            message.summary,
            "Move \"Compare two algorithms\" to Development; review \"EDA\": Continue"
        );
        assert_eq!(
            message.body,
            [
                "Move \"Compare two algorithms\" to Development",
                "Review \"EDA\": Continue (by Bob)"
            ]
        );
    }

    #[test]
    fn a_single_change_has_no_body() {
        let c = card("aaaa", "EDA", Phase::Design);
        let message = describe(&[card_change(None, Some(&c))], &HashMap::new()).unwrap();
        assert_eq!(message.summary, "Add \"EDA\" to Design");
        assert!(message.body.is_empty());
        assert_eq!(message.text(), "Add \"EDA\" to Design\n");
    }

    #[test]
    fn names_every_kind_of_card_change() {
        let c = card("aaaa", "EDA", Phase::Design);
        let mut reordered = c.clone();
        reordered.rank = "b".parse().unwrap();
        let mut archived = c.clone();
        archived.archived = Some(Timestamp::from_unix(9));
        let mut renamed = c.clone();
        renamed.title = "Exploratory analysis".into();
        let mut roles = c.clone();
        roles.roles = RoleSet::EMPTY.with(Role::MlEngineer);
        let mut edited = c.clone();
        edited.description = "more".into();
        let cases = [
            (
                card_change(Some(&c), Some(&reordered)),
                "Reorder \"EDA\" in Design",
            ),
            (card_change(Some(&c), Some(&archived)), "Archive \"EDA\""),
            (card_change(Some(&archived), Some(&c)), "Unarchive \"EDA\""),
            (
                card_change(Some(&c), Some(&renamed)),
                "Rename \"EDA\" to \"Exploratory analysis\"",
            ),
            (
                card_change(Some(&c), Some(&roles)),
                "Roles of \"EDA\": +MLE -DS",
            ),
            (card_change(Some(&c), Some(&edited)), "Edit \"EDA\""),
            (card_change(Some(&c), None), "Delete \"EDA\""),
            (
                card_change(Some(&c), Some(&moved(&c, Phase::Deployment))),
                "Move \"EDA\" to Deployment",
            ),
        ];
        for (change, expected) in cases {
            let message = describe(&[change], &HashMap::new()).unwrap();
            assert_eq!(message.summary, expected);
        }
    }

    #[test]
    fn a_move_with_other_edits_says_both() {
        let c = card("aaaa", "EDA", Phase::Design);
        let mut both = moved(&c, Phase::Development);
        both.roles = both.roles.with(Role::BackendEngineer);
        let message = describe(&[card_change(Some(&c), Some(&both))], &HashMap::new()).unwrap();
        assert_eq!(
            message.summary,
            "Move \"EDA\" to Development; roles of \"EDA\": +BE"
        );
    }

    #[test]
    fn long_summaries_are_cut_and_the_body_has_everything() {
        let changes: Vec<FileChange> = (0..14)
            .map(|i| {
                let c = card(
                    &format!("card{i:02}"),
                    &format!("Task number {i}"),
                    Phase::Design,
                );
                card_change(Some(&c), Some(&moved(&c, Phase::Development)))
            })
            .collect();
        let message = describe(&changes, &HashMap::new()).unwrap();
        assert!(
            message.summary.chars().count() <= SUMMARY_LIMIT,
            "{}",
            message.summary
        );
        assert_eq!(
            message.summary,
            "Move \"Task number 0\" to Development … and 13 more changes"
        );
        assert_eq!(message.body.len(), 14);
        let text = message.text();
        assert!(text.starts_with(&format!("{}\n\n- Move \"Task number 0\"", message.summary)));
        assert!(
            text.ends_with("\n- Move \"Task number 13\" to Development\n"),
            "{text}"
        );
    }

    #[test]
    fn long_titles_are_shortened_in_the_summary_only() {
        let long = "A".repeat(100);
        let c = card("aaaa", &long, Phase::Design);
        let message = describe(&[card_change(None, Some(&c))], &HashMap::new()).unwrap();
        assert!(message.summary.chars().count() < 60, "{}", message.summary);
        assert!(message.summary.contains('…'));
        assert_eq!(message.body, [format!("Add \"{long}\" to Design")]);
    }

    #[test]
    fn hostile_titles_stay_on_one_line() {
        let c = card("aaaa", "evil\n\nSigned-off-by: x\x1b[31m", Phase::Design);
        let message = describe(&[card_change(None, Some(&c))], &HashMap::new()).unwrap();
        assert!(!message.summary.contains('\n') && !message.summary.contains('\x1b'));
        assert_eq!(message.text().lines().count(), 1);
    }

    #[test]
    fn key_metrics_are_named() {
        let old = BoardSettings::new("b");
        let mut new = old.clone();
        let goal = crate::model::Goal::AtLeast(crate::model::Finite::new(0.85).unwrap());
        crate::model::metric::declare(&mut new.metrics, "recall".parse().unwrap(), goal);
        let measurement: crate::model::Measurement = ron::from_str(
            r#"(id: "mmmm", metric: "recall", value: 0.83, at: "2026-11-26T15:00:00Z", phase: Development, card: None, by: "ann", source: None)"#,
        )
        .unwrap();
        let changes = [
            FileChange {
                rel: "board.ron".into(),
                old: Version::Parsed(Parsed::Settings(old)),
                new: Version::Parsed(Parsed::Settings(new)),
            },
            FileChange {
                rel: "metrics/mmmm.ron".into(),
                old: Version::Missing,
                new: Version::Parsed(Parsed::Measurement(measurement)),
            },
        ];
        let message = describe(&changes, &HashMap::new()).unwrap();
        assert_eq!(
            message.summary,
            "Declare key metric recall: at least 0.85; record recall = 0.83"
        );
    }

    #[test]
    fn a_new_board_is_summed_up() {
        let settings = BoardSettings::new("Churn model");
        let mut changes = vec![FileChange {
            rel: "board.ron".into(),
            old: Version::Missing,
            new: Version::Parsed(Parsed::Settings(settings)),
        }];
        for i in 0..3 {
            let c = card(&format!("card{i}"), "t", Phase::Design);
            changes.push(card_change(None, Some(&c)));
        }
        let message = describe(&changes, &HashMap::new()).unwrap();
        assert_eq!(message.summary, "Create board \"Churn model\" with 3 cards");
        assert_eq!(message.body.len(), 4);
    }

    #[test]
    fn settings_reviews_and_unreadable_files() {
        let old = BoardSettings::new("b");
        let mut new = old.clone();
        new.gate = GatePolicy::Enforce;
        new.autocommit = true;
        let r = review("rrrr", "gone", Verdict::Stop);
        let changes = [
            FileChange {
                rel: "board.ron".into(),
                old: Version::Parsed(Parsed::Settings(old)),
                new: Version::Parsed(Parsed::Settings(new)),
            },
            FileChange {
                rel: "reviews/rrrr.ron".into(),
                old: Version::Parsed(Parsed::Review(r.clone())),
                new: Version::Missing,
            },
            FileChange {
                rel: "cards/bbbb.ron".into(),
                old: Version::Missing,
                new: Version::Unreadable,
            },
            new_review(&review("ssss", "gone", Verdict::Stop)),
        ];
        let message = describe(&changes, &HashMap::new()).unwrap();
        assert_eq!(
            message.body,
            [
                "Review \"card gone\": Stop (by Bob)",
                "Set the gate policy to Enforce",
                "Turn autocommit on",
                "Delete a review of \"card gone\"",
                "Add cards/bbbb.ron",
            ]
        );
    }

    #[test]
    fn every_changed_file_is_named_somehow() {
        let c = card("aaaa", "EDA", Phase::Design);
        let r = review("rrrr", "aaaa", Verdict::Stop);
        // Same values, different bytes (a hand edit of the layout): still a change.
        let same_review = FileChange {
            rel: "reviews/rrrr.ron".into(),
            old: Version::Parsed(Parsed::Review(r.clone())),
            new: Version::Parsed(Parsed::Review(r)),
        };
        assert_eq!(describe(&[], &HashMap::new()), None);
        let titles = titles(&[("aaaa", "EDA")]);
        let message = describe(&[same_review], &titles).unwrap();
        assert_eq!(message.summary, "Edit a review of \"EDA\"");
        let message = describe(&[card_change(Some(&c), Some(&c))], &HashMap::new()).unwrap();
        assert_eq!(message.summary, "Edit \"EDA\"");
    }
}
