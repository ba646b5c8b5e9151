//! Reading one board file into a value, or into a `Problem` that says exactly where
//! and why it could not be read. Nothing here writes or deletes anything.

use super::Problem;
use crate::model::{BoardSettings, Card, Review, is_valid_id};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Files over this size are refused unread (a board file is a few hundred bytes).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// What a board-relative path holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Settings,
    Card,
    Review,
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
        FileKind::Settings => deserialize::<BoardSettings>(at, text).map(Parsed::Settings),
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
    }
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

/// A fast reader for the files mlboard writes itself, which is nearly every file of a
/// board. It accepts a text only when it is exactly `format`'s canonical text of the
/// value it reads — the layout is matched literally and every variable part is checked
/// to be written the one way `format` writes it — and serde reads the canonical text
/// of any value back to that value (the round-trip tests in `format`), so the two
/// readers never disagree. Everything else (hand edits, other layouts, anything serde
/// would refuse) returns `None` and goes through serde, which also words the errors.
/// Reading a board of 100,000 cards is several times faster this way.
mod canonical {
    use crate::model::{
        Card, CardId, Move, Phase, Rank, Review, ReviewId, ReviewerRole, Role, RoleSet, Timestamp,
        Verdict,
    };

    pub fn card(text: &str) -> Option<Card> {
        let mut at = Cursor(text);
        at.lit("(\n    id: ")?;
        let id: CardId = at.string()?.parse().ok()?;
        at.lit(",\n    title: ")?;
        let title = at.string()?;
        at.lit(",\n    description: ")?;
        let description = at.string()?;
        at.lit(",\n    phase: ")?;
        let phase = at.phase()?;
        at.lit(",\n    rank: ")?;
        let rank: Rank = at.string()?.parse().ok()?;
        at.lit(",\n    roles: [")?;
        let mut roles = RoleSet::EMPTY;
        if at.lit("]").is_none() {
            // Written in table order, each once.
            let mut previous = None;
            loop {
                let role = at.role()?;
                if previous.is_some_and(|p| p >= role) {
                    return None;
                }
                previous = Some(role);
                roles.insert(role);
                if at.lit("]").is_some() {
                    break;
                }
                at.lit(", ")?;
            }
        }
        at.lit(",\n    created: ")?;
        let created = at.time()?;
        at.lit(",\n    archived: ")?;
        let archived = if at.lit("None").is_some() {
            None
        } else {
            at.lit("Some(")?;
            let time = at.time()?;
            at.lit(")")?;
            Some(time)
        };
        at.lit(",\n    history: [")?;
        let mut history = Vec::new();
        if at.lit("],\n").is_none() {
            // An empty history is written `[]`, so this form has at least one entry.
            at.lit("\n")?;
            loop {
                at.lit("        (at: ")?;
                let time = at.time()?;
                at.lit(", from: ")?;
                let from = at.phase()?;
                at.lit(", to: ")?;
                let to = at.phase()?;
                at.lit(", by: ")?;
                let by = at.string()?;
                at.lit(", ungated: ")?;
                let ungated = at.boolean()?;
                at.lit("),\n")?;
                history.push(Move {
                    at: time,
                    from,
                    to,
                    by,
                    ungated,
                });
                if at.lit("    ],\n").is_some() {
                    break;
                }
            }
        }
        at.lit(")\n")?;
        at.end()?;
        let card = Card {
            id,
            title,
            description,
            phase,
            rank,
            roles,
            created,
            archived,
            history,
        };
        debug_assert_eq!(crate::store::format::card_to_ron(&card), text);
        Some(card)
    }

    pub fn review(text: &str) -> Option<Review> {
        let mut at = Cursor(text);
        at.lit("(\n    id: ")?;
        let id: ReviewId = at.string()?.parse().ok()?;
        at.lit(",\n    card: ")?;
        let card: CardId = at.string()?.parse().ok()?;
        at.lit(",\n    at: ")?;
        let time = at.time()?;
        at.lit(",\n    phase: ")?;
        let phase = at.phase()?;
        at.lit(",\n    reviewer: ")?;
        let reviewer = at.string()?;
        at.lit(",\n    role: ")?;
        let role = match at.word() {
            "BusinessStakeholder" => ReviewerRole::BusinessStakeholder,
            "SubjectMatterExpert" => ReviewerRole::SubjectMatterExpert,
            _ => return None,
        };
        at.lit(",\n    verdict: ")?;
        let word = at.word();
        let verdict = Verdict::ALL.into_iter().find(|v| v.name() == word)?;
        at.lit(",\n    note: ")?;
        let note = at.string()?;
        at.lit(",\n)\n")?;
        at.end()?;
        let review = Review {
            id,
            card,
            at: time,
            phase,
            reviewer,
            role,
            verdict,
            note,
        };
        debug_assert_eq!(crate::store::format::review_to_ron(&review), text);
        Some(review)
    }

    /// The unread rest of the text.
    struct Cursor<'a>(&'a str);

    impl<'a> Cursor<'a> {
        fn lit(&mut self, expected: &str) -> Option<()> {
            self.0 = self.0.strip_prefix(expected)?;
            Some(())
        }

        fn end(&self) -> Option<()> {
            self.0.is_empty().then_some(())
        }

        /// A variant name, `true` or `false`.
        fn word(&mut self) -> &'a str {
            let len = self
                .0
                .bytes()
                .position(|b| !b.is_ascii_alphabetic())
                .unwrap_or(self.0.len());
            let (word, rest) = self.0.split_at(len);
            self.0 = rest;
            word
        }

        fn phase(&mut self) -> Option<Phase> {
            let word = self.word();
            Phase::ALL.into_iter().find(|p| p.name() == word)
        }

        fn role(&mut self) -> Option<Role> {
            let word = self.word();
            Role::ALL.into_iter().find(|r| r.name() == word)
        }

        fn boolean(&mut self) -> Option<bool> {
            match self.word() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            }
        }

        /// A string literal as `format` writes it: `str::escape_debug` between quotes.
        fn string(&mut self) -> Option<String> {
            self.lit("\"")?;
            let raw_end = self.0.bytes().position(|b| b == b'"' || b == b'\\')?;
            if self.0.as_bytes()[raw_end] == b'"' {
                // No escapes: the common case.
                let raw = &self.0[..raw_end];
                self.0 = &self.0[raw_end + 1..];
                let plain = raw
                    .bytes()
                    .all(|b| (b' '..=b'~').contains(&b) && b != b'\'');
                return (plain || raw.escape_debug().eq(raw.chars())).then(|| raw.to_string());
            }
            let raw_start = self.0;
            let mut value = String::new();
            loop {
                let stop = self.0.bytes().position(|b| b == b'"' || b == b'\\')?;
                value.push_str(&self.0[..stop]);
                let quote = self.0.as_bytes()[stop] == b'"';
                self.0 = &self.0[stop + 1..];
                if quote {
                    break;
                }
                let mut chars = self.0.chars();
                let escaped = match chars.next()? {
                    '"' => '"',
                    '\'' => '\'',
                    '\\' => '\\',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    '0' => '\0',
                    'u' => {
                        let rest = chars.as_str().strip_prefix('{')?;
                        let close = rest.find('}')?;
                        let digits = &rest[..close];
                        if digits.is_empty() || digits.len() > 6 {
                            return None;
                        }
                        chars = rest[close + 1..].chars();
                        char::from_u32(u32::from_str_radix(digits, 16).ok()?)?
                    }
                    _ => return None,
                };
                value.push(escaped);
                self.0 = chars.as_str();
            }
            let raw = &raw_start[..raw_start.len() - self.0.len() - 1];
            value.escape_debug().eq(raw.chars()).then_some(value)
        }

        /// A quoted UTC timestamp as `format` writes it: `"2026-11-26T13:00:00Z"`,
        /// a real date and time from 1970 to 9999.
        fn time(&mut self) -> Option<Timestamp> {
            let text = self.0.get(..22)?.as_bytes();
            self.0 = &self.0[22..];
            let number = |range: std::ops::Range<usize>| -> Option<i64> {
                text[range].iter().try_fold(0i64, |n, b| {
                    b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
                })
            };
            let layout = text[0] == b'"'
                && text[5] == b'-'
                && text[8] == b'-'
                && text[11] == b'T'
                && text[14] == b':'
                && text[17] == b':'
                && &text[20..] == b"Z\"";
            if !layout {
                return None;
            }
            let (year, month, day) = (number(1..5)?, number(6..8)?, number(9..11)?);
            let (hour, minute, second) = (number(12..14)?, number(15..17)?, number(18..20)?);
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let month_days = match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                1..=12 => 31,
                _ => return None,
            };
            let valid = year >= 1970
                && (1..=month_days).contains(&day)
                && hour < 24
                && minute < 60
                && second < 60;
            if !valid {
                return None;
            }
            // Days since 1970-01-01 (Howard Hinnant's days_from_civil).
            let y = if month <= 2 { year - 1 } else { year };
            let era = y / 400;
            let year_of_era = y - era * 400;
            let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
            let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
            let days = era * 146_097 + day_of_era - 719_468;
            Some(Timestamp::from_unix(
                days * 86_400 + hour * 3_600 + minute * 60 + second,
            ))
        }
    }
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
    fn refuses_bad_names_and_mismatched_ids() {
        assert!(check_name(&at("cards/ABC.ron"), FileKind::Card).is_err());
        let text = br#"(id: "other", title: "t", description: "", phase: Design, rank: "n", roles: [], created: "2026-11-26T13:00:00Z", archived: None, history: [])"#;
        let err = parse(&at("cards/abcd.ron"), FileKind::Card, text).unwrap_err();
        assert!(err.message.contains("does not match"), "{}", err.message);
    }

    mod canonical_reader {
        use super::super::canonical;
        use crate::model::{
            Card, Move, Phase, Review, ReviewerRole, Role, RoleSet, Timestamp, Verdict,
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
                "Compare 'two' algorithms"
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
                        by,
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
                0u8..128,
                time(),
                proptest::option::of(time()),
                moves,
            )
                .prop_map(
                    |(id, title, description, phase, rank, roles, created, archived, history)| {
                        Card {
                            id: id.parse().unwrap(),
                            title,
                            description,
                            phase,
                            rank: rank.parse().unwrap(),
                            roles: Role::ALL
                                .into_iter()
                                .filter(|r| roles & (1 << *r as u8) != 0)
                                .collect::<RoleSet>(),
                            created,
                            archived,
                            history,
                        }
                    },
                )
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
                        reviewer,
                        role: if bs {
                            ReviewerRole::BusinessStakeholder
                        } else {
                            ReviewerRole::SubjectMatterExpert
                        },
                        verdict: Verdict::ALL[verdict],
                        note,
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
