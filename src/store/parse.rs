//! Reading one board file into a value, or into a `Problem` that says exactly where
//! and why it could not be read. Nothing here writes or deletes anything.

use super::Problem;
use super::canonical;
use crate::model::{BoardSettings, Card, Measurement, Review, is_valid_id};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Files over this size are refused unread (a board file is a few hundred bytes).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The byte-order mark some editors put at the start of UTF-8 files.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// What a board-relative path holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Settings,
    Card,
    Review,
    /// A key metric's measurement, `metrics/<id>.ron`.
    Measurement,
}

/// Classifies a board-relative path (`/`-separated). Dot-files (mlboard's temporary
/// files, editors' swap files) and anything not `.ron` are not board files.
pub fn classify(rel: &str) -> Option<FileKind> {
    if rel == "board.ron" {
        return Some(FileKind::Settings);
    }
    let (dir, name) = rel.split_once('/')?;
    if name.starts_with('.') || name.contains('/') || !name.ends_with(".ron") {
        return None;
    }
    match dir {
        "cards" => Some(FileKind::Card),
        "reviews" => Some(FileKind::Review),
        "metrics" => Some(FileKind::Measurement),
        _ => None,
    }
}

/// The id a card or review file name claims (`cards/<id>.ron`).
pub fn stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".ron").unwrap_or(name)
}

/// A parsed board file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    Settings(BoardSettings),
    Card(Card),
    Review(Review),
    Measurement(Measurement),
}

pub struct Located<'a> {
    pub root: &'a Path,
    pub rel: &'a str,
}

impl Located<'_> {
    pub fn problem(&self, line: usize, column: usize, message: impl Into<String>) -> Problem {
        Problem::new(self.root.join(self.rel), self.rel, line, column, message)
    }
}

/// Checks the file name before the file is even opened, so no id can point outside
/// the board directory.
pub fn check_name(at: &Located, kind: FileKind) -> Result<(), Problem> {
    if kind == FileKind::Settings || is_valid_id(stem(at.rel)) {
        Ok(())
    } else {
        Err(at.problem(
            1,
            1,
            "refused: the file name is not a valid id (4 to 32 characters of a-z and 0-9)",
        ))
    }
}

pub fn parse(at: &Located, kind: FileKind, bytes: &[u8]) -> Result<Parsed, Problem> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(at, bytes.len() as u64));
    }
    if bytes.starts_with(UTF8_BOM) {
        // Refused rather than skipped: the file is then never rewritten by mlboard
        // (which writes no BOM), and the user learns why the card is missing.
        return Err(at.problem(
            1,
            1,
            "refused: the file starts with a UTF-8 byte-order mark (BOM, the bytes EF BB BF), which mlboard does not read: save it as UTF-8 without a BOM",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(bytes, e.valid_up_to());
        at.problem(line, column, "not valid UTF-8 text")
    })?;
    if let Some(line) = conflict_marker_line(text) {
        return Err(at.problem(
            line,
            1,
            "unresolved git merge conflict (conflict markers); resolve the conflict, then run `mlboard check`",
        ));
    }
    match kind {
        FileKind::Settings => deserialize::<BoardSettings>(at, text)
            .or_else(|problem| newer_settings(text).ok_or(problem))
            .map(Parsed::Settings),
        FileKind::Card => {
            let card = match canonical::card(text) {
                Some(card) => card,
                None => deserialize::<Card>(at, text)?,
            };
            check_id(at, text, card.id.as_str())?;
            Ok(Parsed::Card(card))
        }
        FileKind::Review => {
            let review = match canonical::review(text) {
                Some(review) => review,
                None => deserialize::<Review>(at, text)?,
            };
            check_id(at, text, review.id.as_str())?;
            Ok(Parsed::Review(review))
        }
        // Few and small next to cards: serde alone reads them fast enough.
        FileKind::Measurement => {
            let measurement = deserialize::<Measurement>(at, text)?;
            check_id(at, text, measurement.id.as_str())?;
            Ok(Parsed::Measurement(measurement))
        }
    }
}

/// A RON error in a file of the user's own (config, recent boards), as one line:
/// `path:line:column: what`.
pub fn ron_error_line(path: &Path, e: &ron::error::SpannedError) -> String {
    format!(
        "{}:{}:{}: {}",
        path.display(),
        e.span.start.line,
        e.span.start.col,
        e.code
    )
}

pub fn too_large(at: &Located, size: u64) -> Problem {
    at.problem(
        1,
        1,
        format!("refused: the file is {size} bytes, over the 1 MiB limit"),
    )
}

fn check_id(at: &Located, text: &str, id: &str) -> Result<(), Problem> {
    if id == stem(at.rel) {
        return Ok(());
    }
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("id:"))
        .map_or(1, |i| i + 1);
    Err(at.problem(
        line,
        1,
        format!(
            "refused: id \"{id}\" does not match the file name \"{}\"",
            stem(at.rel)
        ),
    ))
}

/// A `board.ron` this mlboard cannot read, written by a newer one (a field it does not
/// know, a value of a new shape): when its `format` says newer, it is read as far as
/// it can be (its name), so the board opens, or turns, read-only saying why, instead
/// of being written by a version that does not understand it.
fn newer_settings(text: &str) -> Option<BoardSettings> {
    #[derive(serde::Deserialize)]
    struct Format {
        format: u32,
    }
    #[derive(serde::Deserialize)]
    struct Name {
        name: String,
    }
    let format = ron::from_str::<Format>(text).ok()?.format;
    if format <= crate::model::FORMAT_VERSION {
        return None;
    }
    let name = ron::from_str::<Name>(text).map_or_else(|_| String::new(), |n| n.name);
    let mut settings = BoardSettings::new(name);
    settings.format = format;
    Some(settings)
}

fn deserialize<T: DeserializeOwned>(at: &Located, text: &str) -> Result<T, Problem> {
    ron::from_str(text)
        .map_err(|e| at.problem(e.span.start.line, e.span.start.col, e.code.to_string()))
}

/// The first line that starts a git conflict block, if any.
pub fn conflict_marker_line(text: &str) -> Option<usize> {
    // Every marker is made of one of these characters, which most board files do not
    // hold at all: looking for them is much cheaper than splitting the file into lines.
    let maybe = text.as_bytes().chunks(64).any(|chunk| {
        chunk.iter().fold(false, |seen, b| {
            seen | matches!(b, b'<' | b'>' | b'=' | b'|')
        })
    });
    if !maybe {
        return None;
    }
    text.lines()
        .position(|l| {
            l.starts_with("<<<<<<<")
                || l.starts_with(">>>>>>>")
                || l == "======="
                || l.starts_with("======= ")
                || l.starts_with("|||||||")
        })
        .map(|i| i + 1)
}

fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(rel: &str) -> Located<'_> {
        Located {
            root: Path::new("b"),
            rel,
        }
    }

    #[test]
    fn classifies_board_paths() {
        assert_eq!(classify("board.ron"), Some(FileKind::Settings));
        assert_eq!(classify("cards/abcd.ron"), Some(FileKind::Card));
        assert_eq!(classify("reviews/abcd.ron"), Some(FileKind::Review));
        assert_eq!(classify("metrics/abcd.ron"), Some(FileKind::Measurement));
        assert_eq!(classify("metrics/.abcd.ron"), None);
        assert_eq!(classify("cards/.mlboard-x.tmp"), None);
        assert_eq!(classify("cards/.abcd.ron"), None);
        assert_eq!(classify("cards/abcd.ron~"), None);
        assert_eq!(classify("other/abcd.ron"), None);
    }

    #[test]
    fn reports_parse_errors_with_position() {
        let err = parse(
            &at("cards/abcd.ron"),
            FileKind::Card,
            b"(\n    id: \"abcd\",\n    title: 5,\n)",
        )
        .unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.to_string().starts_with("b/cards/abcd.ron:3:"), "{err}");
    }

    #[test]
    fn names_conflict_markers() {
        let text = b"(\n<<<<<<< HEAD\n    id: \"abcd\",\n=======\n>>>>>>> other\n)";
        let err = parse(&at("cards/abcd.ron"), FileKind::Card, text).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("merge conflict"));
    }

    #[test]
    fn names_valid_phases() {
        let text = br#"(id: "abcd", title: "t", description: "", phase: Testing, rank: "n", roles: [], created: "2026-11-26T13:00:00Z", archived: None, history: [])"#;
        let err = parse(&at("cards/abcd.ron"), FileKind::Card, text).unwrap_err();
        assert!(
            err.message.contains("Design") && err.message.contains("Deployment"),
            "{}",
            err.message
        );
    }

    #[test]
    fn bad_labels_and_dates_name_the_rule_and_the_line() {
        let card = |field: &str| {
            format!(
                "(\n    id: \"abcd\",\n    title: \"t\",\n    description: \"\",\n    phase: Design,\n    rank: \"n\",\n    roles: [],\n{field}    created: \"2026-11-26T13:00:00Z\",\n    archived: None,\n    history: [],\n)\n"
            )
        };
        let err = parse(
            &at("cards/abcd.ron"),
            FileKind::Card,
            card("    labels: [\"ok\", \"Not OK\"],\n").as_bytes(),
        )
        .unwrap_err();
        assert_eq!(err.line, 8, "{err}");
        assert!(err.message.contains("1 to 32 characters of a-z"), "{err}");
        let err = parse(
            &at("cards/abcd.ron"),
            FileKind::Card,
            card("    due: \"2026-02-30\",\n").as_bytes(),
        )
        .unwrap_err();
        assert_eq!(err.line, 8, "{err}");
        assert!(err.message.contains("YYYY-MM-DD"), "{err}");
    }

    #[test]
    fn refuses_bad_names_and_mismatched_ids() {
        assert!(check_name(&at("cards/ABC.ron"), FileKind::Card).is_err());
        let text = br#"(id: "other", title: "t", description: "", phase: Design, rank: "n", roles: [], created: "2026-11-26T13:00:00Z", archived: None, history: [])"#;
        let err = parse(&at("cards/abcd.ron"), FileKind::Card, text).unwrap_err();
        assert!(err.message.contains("does not match"), "{}", err.message);
    }

    mod canonical_reader {
        use super::super::canonical;
        use crate::model::{
            Card, Date, Label, Labels, Move, Phase, Review, ReviewerRole, Role, RoleSet, Timestamp,
            Verdict,
        };
        use crate::store::format::{card_to_ron, review_to_ron};
        use proptest::prelude::*;

        const SPEC_CARD: &str = "(\n    id: \"k3m9x2qa\",\n    title: \"Compare two algorithms\",\n    description: \"Gradient boosting vs. logistic regression on the churn set.\",\n    phase: Development,\n    rank: \"n\",\n    roles: [DataScientist, MlEngineer],\n    created: \"2026-11-26T13:00:00Z\",\n    archived: None,\n    history: [\n        (at: \"2026-11-26T14:10:00Z\", from: Design, to: Development, by: \"ann\", ungated: false),\n    ],\n)\n";

        #[test]
        fn reads_the_spec_card_like_serde() {
            let card = canonical::card(SPEC_CARD).expect("canonical");
            assert_eq!(card, ron::from_str::<Card>(SPEC_CARD).unwrap());
        }

        #[test]
        fn leaves_other_layouts_to_serde() {
            let one_line = SPEC_CARD.replace("\n    ", " ").replace("\n", "");
            assert!(ron::from_str::<Card>(&one_line).is_ok());
            assert_eq!(canonical::card(&one_line), None);
            let reordered = SPEC_CARD.replace(
                "roles: [DataScientist, MlEngineer]",
                "roles: [MlEngineer, DataScientist]",
            );
            assert_eq!(canonical::card(&reordered), None);
            let impossible_date = SPEC_CARD.replace("2026-11-26T13", "2026-02-30T13");
            assert_eq!(canonical::card(&impossible_date), None);
            let with =
                |fields: &str| SPEC_CARD.replace("    created:", &format!("{fields}    created:"));
            // labels out of order, twice, or empty: serde reads them, as the sorted set
            for text in [
                with("    labels: [\"b\", \"a\"],\n"),
                with("    labels: [\"a\", \"a\"],\n"),
                with("    labels: [],\n"),
                with("    due: \"2026-12-15\",\n    labels: [\"a\"],\n"),
                with("    due: Some(\"2026-12-15\"),\n"),
            ] {
                assert!(ron::from_str::<Card>(&text).is_ok(), "{text}");
                assert_eq!(canonical::card(&text), None, "{text}");
            }
            let canonical = with("    labels: [\"a\", \"b\"],\n    due: \"2026-12-15\",\n");
            assert_eq!(
                canonical::card(&canonical),
                Some(ron::from_str::<Card>(&canonical).unwrap())
            );
            // never a date or a label that serde refuses
            for text in [
                with("    due: \"2026-02-30\",\n"),
                with("    labels: [\"Bad\"],\n"),
            ] {
                assert!(ron::from_str::<Card>(&text).is_err(), "{text}");
                assert_eq!(canonical::card(&text), None, "{text}");
            }
            assert_eq!(canonical::card(&SPEC_CARD.replace(")\n", ")")), None);
            let empty_history = SPEC_CARD.replace(
                "        (at: \"2026-11-26T14:10:00Z\", from: Design, to: Development, by: \"ann\", ungated: false),\n",
                "",
            );
            assert!(ron::from_str::<Card>(&empty_history).is_ok());
            assert_eq!(canonical::card(&empty_history), None);
            let unescaped_quote = SPEC_CARD.replace("Compare two", "Compare 'two'");
            assert!(ron::from_str::<Card>(&unescaped_quote).is_ok());
            assert_eq!(canonical::card(&unescaped_quote), None);
            let escaped_quote = SPEC_CARD.replace("Compare two", "Compare \\'two\\'");
            assert_eq!(
                canonical::card(&escaped_quote).unwrap().title,
                "Compare 'two' algorithms".into()
            );
        }

        fn text() -> impl Strategy<Value = String> {
            prop_oneof![
                "[ -~]{0,40}",
                any::<String>(),
                "[\"\\\\\u{0}-\u{1f}\u{7f}\u{202e}\u{301}a\u{10ffff}]{0,12}",
            ]
        }

        fn phase() -> impl Strategy<Value = Phase> {
            (0usize..3).prop_map(|i| Phase::ALL[i])
        }

        fn time() -> impl Strategy<Value = Timestamp> {
            (0i64..253_402_300_800).prop_map(Timestamp::from_unix)
        }

        fn card() -> impl Strategy<Value = Card> {
            let moves = proptest::collection::vec(
                (time(), phase(), phase(), text(), any::<bool>()).prop_map(
                    |(at, from, to, by, ungated)| Move {
                        at,
                        from,
                        to,
                        by: by.into(),
                        ungated,
                    },
                ),
                0..4,
            );
            (
                "[a-z0-9]{4,32}",
                text(),
                text(),
                phase(),
                "[0-9a-z]{0,6}[1-9a-z]",
                (0u8..128, labels(), proptest::option::of(date())),
                time(),
                proptest::option::of(time()),
                moves,
            )
                .prop_map(
                    |(
                        id,
                        title,
                        description,
                        phase,
                        rank,
                        (roles, labels, due),
                        created,
                        archived,
                        history,
                    )| {
                        Card {
                            id: id.parse().unwrap(),
                            title: title.into(),
                            description: description.into(),
                            phase,
                            rank: rank.parse().unwrap(),
                            roles: Role::ALL
                                .into_iter()
                                .filter(|r| roles & (1 << *r as u8) != 0)
                                .collect::<RoleSet>(),
                            labels,
                            due,
                            created,
                            archived,
                            history: history.into(),
                        }
                    },
                )
        }

        fn labels() -> impl Strategy<Value = Labels> {
            proptest::collection::vec("[a-z0-9_.-]{1,32}", 0..4)
                .prop_map(|words| words.iter().map(|w| w.parse::<Label>().unwrap()).collect())
        }

        /// Any day from 0000-01-01 to 9999-12-31.
        fn date() -> impl Strategy<Value = Date> {
            (0i32..=9999, 1u8..=12, 1u8..=31).prop_map(|(y, m, d)| {
                // the 29th to the 31st do not exist in every month: step back to one
                (0..4)
                    .find_map(|back| Date::from_ymd(y, m, d.saturating_sub(back).max(1)))
                    .unwrap()
            })
        }

        fn review() -> impl Strategy<Value = Review> {
            (
                "[a-z0-9]{4,32}",
                "[a-z0-9]{4,32}",
                time(),
                phase(),
                text(),
                any::<bool>(),
                0usize..3,
                text(),
            )
                .prop_map(|(id, card, at, phase, reviewer, bs, verdict, note)| {
                    Review {
                        id: id.parse().unwrap(),
                        card: card.parse().unwrap(),
                        at,
                        phase,
                        reviewer: reviewer.into(),
                        role: if bs {
                            ReviewerRole::BusinessStakeholder
                        } else {
                            ReviewerRole::SubjectMatterExpert
                        },
                        verdict: Verdict::ALL[verdict],
                        note: note.into(),
                    }
                })
        }

        /// `text` with one byte range replaced, kept valid UTF-8.
        fn mutate(text: &str, at: usize, len: usize, with: &str) -> String {
            let mut start = at % (text.len() + 1);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + len).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            format!("{}{with}{}", &text[..start], &text[end..])
        }

        proptest! {
            #[test]
            fn reads_every_canonical_card_like_serde(card in card()) {
                let text = card_to_ron(&card);
                prop_assert_eq!(ron::from_str::<Card>(&text).ok(), Some(card.clone()));
                prop_assert_eq!(canonical::card(&text), Some(card));
            }

            #[test]
            fn reads_every_canonical_review_like_serde(review in review()) {
                let text = review_to_ron(&review);
                prop_assert_eq!(ron::from_str::<Review>(&text).ok(), Some(review.clone()));
                prop_assert_eq!(canonical::review(&text), Some(review));
            }

            /// Whatever the fast reader accepts, serde reads to the same value.
            #[test]
            fn never_disagrees_with_serde_on_edited_files(
                card in card(),
                review in review(),
                at in 0usize..2_000,
                len in 0usize..4,
                with in prop_oneof!["[ -~]{0,3}", "[\\\\\"0nu{}]{1,3}", Just("\n".to_string())],
            ) {
                let text = mutate(&card_to_ron(&card), at, len, &with);
                if let Some(fast) = canonical::card(&text) {
                    prop_assert_eq!(ron::from_str::<Card>(&text).ok(), Some(fast));
                }
                let text = mutate(&review_to_ron(&review), at, len, &with);
                if let Some(fast) = canonical::review(&text) {
                    prop_assert_eq!(ron::from_str::<Review>(&text).ok(), Some(fast));
                }
            }
        }
    }
}
