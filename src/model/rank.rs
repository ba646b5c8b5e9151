//! Fractional ranks: the order of cards inside a column.
//!
//! A rank is a string over `0-9a-z`, compared as plain text. Between any two ranks
//! there is always another (as long as ranks never end in `0`, which this module never
//! produces), so moving or reordering a card only ever rewrites that one card's file.
//!
//! ```
//! use mlboard::model::Rank;
//! let (a, c): (Rank, Rank) = ("a".parse().unwrap(), "c".parse().unwrap());
//! let b = Rank::between(Some(&a), Some(&c));
//! assert!(a < b && b < c);
//! let first = Rank::between(None, Some(&a));
//! assert!(first < a);
//! ```

use compact_str::CompactString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const BASE: u8 = 36;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
/// Kept inline (no allocation) up to 24 digits, which is nearly every rank.
pub struct Rank(CompactString);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid rank {0:?}: ranks are non-empty strings of 0-9 and a-z")]
pub struct RankError(pub String);

fn digit_value(byte: u8) -> u8 {
    match byte {
        b'0'..=b'9' => byte - b'0',
        b'a'..=b'z' => byte - b'a' + 10,
        _ => 0,
    }
}

impl Rank {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A rank strictly between `before` and `after`; `None` stands for the open end
    /// of the column. When no such rank exists (equal or inverted neighbours, which
    /// only a hand-edited or merged board can produce) it returns a rank just after
    /// `before`, the best that can be done without rewriting other cards.
    pub fn between(before: Option<&Rank>, after: Option<&Rank>) -> Rank {
        let low = before.map_or("", |r| r.as_str());
        match after {
            Some(high) if low < high.as_str() && !is_zero_extension(low, high.as_str()) => {
                Rank(midpoint(low.as_bytes(), Some(high.as_str().as_bytes())).into())
            }
            _ => Rank(midpoint(low.as_bytes(), None).into()),
        }
    }

    /// `count` ranks spread evenly over the space, for a new board or a generated one:
    /// equal gaps leave room on both sides of every card.
    pub fn spread(count: usize) -> Vec<Rank> {
        let mut width = 1u32;
        while (BASE as u128).pow(width) <= count as u128 + 1 {
            width += 1;
        }
        let space = (BASE as u128).pow(width);
        (1..=count as u128)
            .map(|i| {
                let mut value = i * space / (count as u128 + 1);
                let mut text = vec![b'0'; width as usize];
                for slot in text.iter_mut().rev() {
                    *slot = DIGITS[(value % BASE as u128) as usize];
                    value /= BASE as u128;
                }
                // Distinct equal-width values stay distinct and ordered without
                // their trailing zeros.
                while text.last() == Some(&b'0') {
                    text.pop();
                }
                Rank(String::from_utf8(text).expect("ascii").into())
            })
            .collect()
    }
}

/// True when `high` is `low` followed only by zeros: nothing sorts between them.
fn is_zero_extension(low: &str, high: &str) -> bool {
    high.starts_with(low) && high[low.len()..].bytes().all(|b| b == b'0')
}

/// The midpoint of two digit strings read as fractions (`0.low` and `0.high`, with a
/// missing `high` meaning 1). Requires `low < high`; never returns a trailing `0`.
fn midpoint(low: &[u8], high: Option<&[u8]>) -> String {
    if let Some(high) = high {
        // Keep the common prefix (low padded with zeros) and recurse on the rest.
        let common = high
            .iter()
            .enumerate()
            .take_while(|(i, h)| low.get(*i).copied().unwrap_or(b'0') == **h)
            .count();
        if common > 0 {
            let prefix = std::str::from_utf8(&high[..common]).expect("ascii");
            let rest_low = low.get(common..).unwrap_or(&[]);
            return format!("{prefix}{}", midpoint(rest_low, Some(&high[common..])));
        }
    }
    let low_digit = low.first().map_or(0, |b| digit_value(*b));
    let high_digit = high
        .and_then(|h| h.first())
        .map_or(BASE, |b| digit_value(*b));
    if high_digit - low_digit > 1 {
        let mid = (low_digit + high_digit) / 2;
        return (DIGITS[mid as usize] as char).to_string();
    }
    // The first digits are adjacent.
    if let Some(high) = high.filter(|h| h.len() > 1) {
        return (high[0] as char).to_string();
    }
    let rest_low = low.get(1..).unwrap_or(&[]);
    format!(
        "{}{}",
        DIGITS[low_digit as usize] as char,
        midpoint(rest_low, None)
    )
}

impl FromStr for Rank {
    type Err = RankError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let valid = !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase());
        if valid {
            Ok(Rank(CompactString::new(s)))
        } else {
            Err(RankError(s.to_string()))
        }
    }
}

impl fmt::Display for Rank {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Rank {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Rank {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rank(s: &str) -> Rank {
        s.parse().unwrap()
    }

    #[test]
    fn between_simple_neighbours() {
        assert_eq!(Rank::between(None, None).as_str(), "i");
        assert_eq!(
            Rank::between(Some(&rank("a")), Some(&rank("c"))).as_str(),
            "b"
        );
        let r = Rank::between(Some(&rank("a")), Some(&rank("b")));
        assert!(rank("a") < r && r < rank("b"), "{r}");
        let r = Rank::between(Some(&rank("a0")), Some(&rank("a1")));
        assert!(rank("a0") < r && r < rank("a1"), "{r}");
    }

    #[test]
    fn equal_neighbours_fall_back_to_after() {
        let r = Rank::between(Some(&rank("n")), Some(&rank("n")));
        assert!(r > rank("n"));
    }

    #[test]
    fn spread_is_strictly_increasing() {
        for n in [0, 1, 2, 17, 36, 100, 2_000] {
            let ranks = Rank::spread(n);
            assert_eq!(ranks.len(), n);
            assert!(ranks.windows(2).all(|w| w[0] < w[1]), "n={n}");
            assert!(ranks.iter().all(|r| !r.as_str().ends_with('0')));
        }
    }

    fn arb_rank() -> impl Strategy<Value = Rank> {
        "[0-9a-z]{0,6}[1-9a-z]".prop_map(|s| rank(&s))
    }

    proptest! {
        #[test]
        fn between_is_strictly_between(a in arb_rank(), b in arb_rank()) {
            prop_assume!(a != b);
            let (low, high) = if a < b { (a, b) } else { (b, a) };
            let mid = Rank::between(Some(&low), Some(&high));
            prop_assert!(low < mid && mid < high, "{} < {} < {}", low, mid, high);
            prop_assert!(!mid.as_str().ends_with('0'));
        }

        #[test]
        fn before_first_and_after_last(a in arb_rank()) {
            let before = Rank::between(None, Some(&a));
            let after = Rank::between(Some(&a), None);
            prop_assert!(before < a, "{} < {}", before, a);
            prop_assert!(a < after, "{} < {}", a, after);
        }

        #[test]
        fn repeated_insertion_keeps_order(inserts in proptest::collection::vec(0usize..1000, 1..60)) {
            let mut ranks: Vec<Rank> = Vec::new();
            for choice in inserts {
                let at = choice % (ranks.len() + 1);
                let new = Rank::between(
                    at.checked_sub(1).map(|i| &ranks[i]),
                    ranks.get(at),
                );
                ranks.insert(at, new);
                prop_assert!(ranks.windows(2).all(|w| w[0] < w[1]));
            }
        }
    }
}
