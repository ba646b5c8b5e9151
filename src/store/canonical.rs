//! A fast reader for the files mlboard writes itself, which is nearly every file of a
//! board. It accepts a text only when it is exactly `format`'s canonical text of the
//! value it reads — the layout is matched literally and every variable part is checked
//! to be written the one way `format` writes it — and serde reads the canonical text
//! of any value back to that value (the round-trip tests in `format`), so the two
//! readers never disagree. Everything else (hand edits, other layouts, anything serde
//! would refuse) returns `None` and goes through serde, which also words the errors.
//! Reading a board of 100,000 cards is several times faster this way.

use crate::model::{
    Card, CardId, Date, Label, Move, Phase, Rank, Review, ReviewId, ReviewerRole, Role, RoleSet,
    Timestamp, Verdict,
};

pub fn card(text: &str) -> Option<Card> {
    let mut at = Cursor(text);
    at.lit("(\n    id: ")?;
    let id: CardId = at.plain_string()?.parse().ok()?;
    at.lit(",\n    title: ")?;
    let title = at.string()?;
    at.lit(",\n    description: ")?;
    let description = at.string()?;
    at.lit(",\n    phase: ")?;
    let phase = at.phase()?;
    at.lit(",\n    rank: ")?;
    let rank: Rank = at.plain_string()?.parse().ok()?;
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
    at.lit(",\n    ")?;
    let mut labels = Vec::new();
    if at.lit("labels: [").is_some() {
        // Written only when there are some, sorted, each once.
        loop {
            let label: Label = at.plain_string()?.parse().ok()?;
            if labels.last().is_some_and(|previous| *previous >= label) {
                return None;
            }
            labels.push(label);
            if at.lit("],\n    ").is_some() {
                break;
            }
            at.lit(", ")?;
        }
    }
    let due = if at.lit("due: \"").is_some() {
        let date: Date = at.0.get(..10)?.parse().ok()?;
        at.0 = &at.0[10..];
        at.lit("\",\n    ")?;
        Some(date)
    } else {
        None
    };
    at.lit("created: ")?;
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
            let by = at.compact_string()?;
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
        title: title.into(),
        description: description.into(),
        phase,
        rank,
        roles,
        labels: labels.into_iter().collect(),
        due,
        created,
        archived,
        // Boxed, so exactly as long as it is: room for four moves (what `push`
        // reserves first) would otherwise stay allocated for every card.
        history: history.into_boxed_slice(),
    };
    debug_assert_eq!(crate::store::format::card_to_ron(&card), text);
    Some(card)
}

pub fn review(text: &str) -> Option<Review> {
    let mut at = Cursor(text);
    at.lit("(\n    id: ")?;
    let id: ReviewId = at.plain_string()?.parse().ok()?;
    at.lit(",\n    card: ")?;
    let card: CardId = at.plain_string()?.parse().ok()?;
    at.lit(",\n    at: ")?;
    let time = at.time()?;
    at.lit(",\n    phase: ")?;
    let phase = at.phase()?;
    at.lit(",\n    reviewer: ")?;
    let reviewer = at.compact_string()?;
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
    let note = at.compact_string()?;
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

    /// A string literal without escapes (ids, ranks, labels, names: the common case),
    /// borrowed from the text; `None` when it has one (`string` reads those).
    fn plain_string(&mut self) -> Option<&'a str> {
        let rest = self.0.strip_prefix('"')?;
        let raw_end = memchr::memchr2(b'"', b'\\', rest.as_bytes())?;
        if rest.as_bytes()[raw_end] != b'"' {
            return None;
        }
        let raw = &rest[..raw_end];
        // `escape_debug` leaves printable ASCII but `'` as it is; anything else must be
        // checked character by character. (A fold, not `all`: no early exit, so the
        // compiler checks many bytes at a time.)
        let ascii = raw.bytes().fold(true, |plain, b| {
            plain & (b' '..=b'~').contains(&b) & (b != b'\'')
        });
        if !ascii && !raw.escape_debug().eq(raw.chars()) {
            return None;
        }
        self.0 = &rest[raw_end + 1..];
        Some(raw)
    }

    /// A string literal, kept inline when it is short (see `string`).
    fn compact_string(&mut self) -> Option<compact_str::CompactString> {
        match self.plain_string() {
            Some(raw) => Some(raw.into()),
            None => self.string().map(Into::into),
        }
    }

    /// A string literal as `format` writes it: `str::escape_debug` between quotes.
    fn string(&mut self) -> Option<String> {
        if let Some(raw) = self.plain_string() {
            return Some(raw.to_string());
        }
        self.lit("\"")?;
        let raw_start = self.0;
        let mut value = String::new();
        loop {
            let stop = memchr::memchr2(b'"', b'\\', self.0.as_bytes())?;
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
