//! The stable `--json` output (SPEC §4): a card object has the card file's fields
//! under the same names, plus `state`; `show` adds `reviews`, newest first, each with
//! the review file's fields. Phases, roles and verdicts are their RON names.

use crate::model::metric::MetricSummary;
use crate::model::text::safe_line;
use crate::model::{Board, Card, CardKey, Goal, Measurement, MetricName, Review};
use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use std::io::{self, Write};

#[derive(Serialize)]
pub struct CardJson<'a> {
    #[serde(flatten)]
    card: &'a Card,
    state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reviews: Option<Vec<&'a Review>>,
    /// `show` only: the key-metric measurements this card produced, oldest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    measurements: Option<Vec<&'a Measurement>>,
}

impl<'a> CardJson<'a> {
    /// The card as `list` prints it.
    pub fn summary(board: &'a Board, key: CardKey) -> CardJson<'a> {
        CardJson {
            card: board.card(key),
            state: board.state(key).json_name(),
            reviews: None,
            measurements: None,
        }
    }

    /// The card as `show` prints it: with its reviews, newest first.
    pub fn detailed(board: &'a Board, key: CardKey) -> CardJson<'a> {
        let card = board.card(key);
        CardJson {
            reviews: Some(board.reviews_of(&card.id).iter().rev().collect()),
            measurements: Some(board.measurements.of_card(&card.id)),
            ..CardJson::summary(board, key)
        }
    }
}

/// A goal as `{"at_least": 0.85}` or `{"at_most": 200.0}`.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalJson {
    AtLeast(f64),
    AtMost(f64),
}

impl From<Goal> for GoalJson {
    fn from(goal: Goal) -> GoalJson {
        match goal {
            Goal::AtLeast(x) => GoalJson::AtLeast(x.get()),
            Goal::AtMost(x) => GoalJson::AtMost(x.get()),
        }
    }
}

/// A key metric as `metric list --json` prints it (SPEC §4), plus `trend`.
#[derive(Serialize)]
pub struct MetricJson<'a> {
    name: &'a MetricName,
    goal: GoalJson,
    /// The latest measurement (by `at`, then id), with the measurement file's fields.
    latest: Option<&'a Measurement>,
    status: &'static str,
    /// `improving`, `worsening` or `steady` from the measurement before; null with fewer than two.
    trend: Option<&'static str>,
    count: usize,
}

impl<'a> MetricJson<'a> {
    pub fn new(summary: &MetricSummary<'a>) -> MetricJson<'a> {
        MetricJson {
            name: &summary.decl.name,
            goal: summary.decl.goal.into(),
            latest: summary.latest(),
            status: summary.status.name(),
            trend: summary.trend.map(|t| t.name()),
            count: summary.measurements.len(),
        }
    }
}

/// Writes `value` as pretty JSON and a newline.
pub fn write<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut *out, TerminalSafe(PrettyFormatter::new()));
    value.serialize(&mut serializer).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// serde_json escapes only the characters JSON requires (below U+0020, `"`, `\`).
/// A board is untrusted input and JSON often ends up on a terminal, so this also
/// escapes DEL, the C1 controls (U+0080-U+009F, which include CSI) and the bidi
/// overrides, as `\uXXXX`: still the same string to any JSON reader.
struct TerminalSafe(PrettyFormatter<'static>);

impl Formatter for TerminalSafe {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        if matches!(safe_line(fragment), std::borrow::Cow::Borrowed(_)) {
            return w.write_all(fragment.as_bytes());
        }
        let mut buf = [0u8; 4];
        for c in fragment.chars() {
            let text = c.encode_utf8(&mut buf);
            if matches!(safe_line(text), std::borrow::Cow::Borrowed(_)) {
                w.write_all(text.as_bytes())?;
            } else {
                // `\uXXXX`, as a UTF-16 surrogate pair beyond the Basic Multilingual
                // Plane (the tag characters).
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(w, "\\u{:04x}", unit)?;
                }
            }
        }
        Ok(())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to_json(text: &str) -> String {
        let mut out = Vec::new();
        write(&mut out, &serde_json::json!({ "t": text })).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_what_a_terminal_would_obey() {
        let json = to_json("a\x1b[2Jb\u{9b}31m\u{202e}c\x7f é 数");
        assert!(!json.contains('\x1b') && !json.contains('\u{9b}') && !json.contains('\u{202e}'));
        assert!(
            json.contains("\\u001b[2Jb\\u009b31m\\u202ec\\u007f é 数"),
            "{json}"
        );
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["t"], "a\x1b[2Jb\u{9b}31m\u{202e}c\x7f é 数");
    }

    #[test]
    fn escapes_invisible_characters_and_reads_back_the_same() {
        let text = "x\u{61c}\u{2028}\u{2029}\u{200b}\u{feff}\u{e0041}y";
        let json = to_json(text);
        assert!(
            json.contains("x\\u061c\\u2028\\u2029\\u200b\\ufeff\\udb40\\udc41y"),
            "{json}"
        );
        assert!(json.is_ascii());
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["t"], text);
    }
}
