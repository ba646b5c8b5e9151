//! Fractional ranks: the order of cards inside a column.
//!
//! A rank is a string over `0-9a-z`, compared as plain text, at most
//! [`Rank::MAX_LEN`] characters. Between any two ranks there is always another (as
//! long as ranks never end in `0`, which this module never produces, and stay well
//! under the limit, which the steps of `between` see to), so moving or reordering a
//! card only ever rewrites that one card's file.
//!
//! ```
//! use mlboard::model::Rank;
//! let (a, c): (Rank, Rank) = ("a".parse().unwrap(), "c".parse().unwrap());
//! let b = Rank::between(Some(&a), Some(&c)).unwrap();
//! assert!(a < b && b < c);
//! let first = Rank::between(None, Some(&a)).unwrap();
//! assert!(first < a);
//! // nothing sorts between "0" and "00": the caller refuses the move
//! let (zero, zeros): (Rank, Rank) = ("0".parse().unwrap(), "00".parse().unwrap());
//! assert_eq!(Rank::between(Some(&zero), Some(&zeros)), None);
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
#[error(
    "invalid rank {}: a rank is 1 to {} characters of 0-9 and a-z",
    shown(.0),
    Rank::MAX_LEN
)]
pub struct RankError(pub String);

/// The rank quoted, or its start and its length when too long to show whole.
fn shown(text: &str) -> String {
    match text.char_indices().nth(24) {
        Some((end, _)) if text.len() > Rank::MAX_LEN => {
            format!(
                "{:?} ({} characters)",
                format!("{}…", &text[..end]),
                text.len()
            )
        }
        _ => format!("{text:?}"),
    }
}

fn digit_value(byte: u8) -> u8 {
    match byte {
        b'0'..=b'9' => byte - b'0',
        b'a'..=b'z' => byte - b'a' + 10,
        _ => 0,
    }
}

impl Rank {
    /// The longest rank read or written. Runs of appends, top inserts or moves at one
    /// place stay far below it (10,000 appends: 4 characters); only thousands of
    /// inserts each splitting the last gap again come near. The limit keeps a
    /// hand-made rank from costing every reader.
    pub const MAX_LEN: usize = 256;

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A rank strictly between `before` and `after`; `None` stands for the open end
    /// of the column. `None` when there is no such rank of at most [`Rank::MAX_LEN`]
    /// characters: equal or inverted neighbours, or `after` is `before` followed only
    /// by zeros (`"0"` and `"00"`), which only a hand-edited or merged board can
    /// produce. The caller must then refuse, since placing the card there would mean
    /// rewriting its neighbours too.
    ///
    /// Next to a neighbour that was likely placed by a run of such steps (the open end
    /// of a column, or the longer of two neighbours) it steps by one unit at a width
    /// with room for many more steps, widening as the room runs out, so runs of
    /// appends, top inserts or inserts at one place make ranks grow logarithmically.
    /// Otherwise it takes the shortest rank near the middle.
    pub fn between(before: Option<&Rank>, after: Option<&Rank>) -> Option<Rank> {
        let low = before.map_or(&b""[..], |r| r.0.as_bytes());
        let high = after.map(|r| r.0.as_bytes());
        if let Some(high) = high
            && (low >= high || is_zero_extension(low, high))
        {
            return None;
        }
        let text = match (before, after) {
            (None, None) => "i".to_string(),
            _ => step(low, high)
                .filter(|text| text.len() <= Self::MAX_LEN)
                .unwrap_or_else(|| midpoint(low, high)),
        };
        (text.len() <= Self::MAX_LEN).then(|| Rank(text.into()))
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

/// Which neighbour a run of inserts most likely moves: the new rank steps off it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Low,
    High,
}

/// A rank one unit of width `w` off the neighbour that a run of inserts moves, for the
/// smallest `w` that leaves at least `6^w` (that is `36^(w/2)`) free ranks of that
/// width in the gap: the next steps fit at that width, and the width only grows with
/// the logarithm of the number of steps. The width stays within two digits of the
/// longer neighbour, so a gap split again and again grows ranks by at most two digits
/// each time; when that leaves no room, `None` (the midpoint does better). `None` too
/// when neither neighbour looks like the moving one (equal lengths). Requires
/// `low < high` as fractions.
fn step(low: &[u8], high: Option<&[u8]>) -> Option<String> {
    let side = match high {
        None => Side::Low,
        Some(_) if low.is_empty() => Side::High,
        Some(high) => match low.len().cmp(&high.len()) {
            std::cmp::Ordering::Greater => Side::Low,
            std::cmp::Ordering::Less => Side::High,
            std::cmp::Ordering::Equal => return None,
        },
    };
    let cap = (low.len().max(high.map_or(0, <[u8]>::len)) + 2).min(Rank::MAX_LEN);
    // The neighbour that stays put: its length is where the run started.
    let fixed = match side {
        Side::Low => high.map_or(0, <[u8]>::len),
        Side::High => low.len(),
    };
    let mut room = vec![1u8]; // 6^(w - fixed) in base 36, most significant digit first
    for width in 1..=cap {
        if width > fixed {
            mul_small(&mut room, 6);
        }
        let Some(free) = free_at(low, high, width) else {
            continue;
        };
        if width < cap && !at_least(&free, &room) {
            continue;
        }
        let mut unit = match side {
            Side::Low => {
                let mut next = units(low, width, false);
                add_small(&mut next, 1);
                next
            }
            Side::High => {
                let mut previous = ceil_units(high, width);
                sub_small(&mut previous, 1);
                previous
            }
        };
        debug_assert_eq!(unit[0], 0);
        while unit.last() == Some(&0) {
            unit.pop();
        }
        return Some(
            unit[1..]
                .iter()
                .map(|d| DIGITS[*d as usize] as char)
                .collect(),
        );
    }
    None
}

/// `high` (1 when open) as whole units of width `width`, rounded up.
fn ceil_units(high: Option<&[u8]>, width: usize) -> Vec<u8> {
    match high {
        Some(high) => units(high, width, true),
        None => {
            let mut one = vec![0; width + 1];
            one[0] = 1;
            one
        }
    }
}

/// How many ranks of width `width` lie strictly between `low` and `high`; `None`
/// when none.
fn free_at(low: &[u8], high: Option<&[u8]>, width: usize) -> Option<Vec<u8>> {
    let mut free = ceil_units(high, width);
    sub(&mut free, &units(low, width, false));
    (sub_small(&mut free, 1) && free.iter().any(|d| *d != 0)).then_some(free)
}

/// `rank` read as a fraction times `36^width`, rounded down (or up), as `width + 1`
/// base-36 digits, most significant first.
fn units(rank: &[u8], width: usize, round_up: bool) -> Vec<u8> {
    let mut digits = vec![0u8; width + 1];
    for (slot, byte) in digits[1..].iter_mut().zip(rank) {
        *slot = digit_value(*byte);
    }
    if round_up && rank.iter().skip(width).any(|b| *b != b'0') {
        add_small(&mut digits, 1);
    }
    digits
}

fn add_small(digits: &mut [u8], mut carry: u32) {
    for slot in digits.iter_mut().rev() {
        let sum = u32::from(*slot) + carry;
        *slot = (sum % u32::from(BASE)) as u8;
        carry = sum / u32::from(BASE);
        if carry == 0 {
            break;
        }
    }
}

/// Subtracts `borrow`; false (and garbage) when the result would be negative.
fn sub_small(digits: &mut [u8], borrow: u8) -> bool {
    let mut borrow = borrow;
    for slot in digits.iter_mut().rev() {
        if *slot >= borrow {
            *slot -= borrow;
            return true;
        }
        *slot = *slot + BASE - borrow;
        borrow = 1;
    }
    false
}

/// `digits -= other`, both the same length, `digits >= other`.
fn sub(digits: &mut [u8], other: &[u8]) {
    let mut borrow = 0u8;
    for (slot, minus) in digits.iter_mut().zip(other).rev() {
        let minus = minus + borrow;
        if *slot >= minus {
            *slot -= minus;
            borrow = 0;
        } else {
            *slot = *slot + BASE - minus;
            borrow = 1;
        }
    }
}

fn mul_small(digits: &mut Vec<u8>, factor: u32) {
    let mut carry = 0u32;
    for slot in digits.iter_mut().rev() {
        let product = u32::from(*slot) * factor + carry;
        *slot = (product % u32::from(BASE)) as u8;
        carry = product / u32::from(BASE);
    }
    while carry > 0 {
        digits.insert(0, (carry % u32::from(BASE)) as u8);
        carry /= u32::from(BASE);
    }
}

/// `number >= other`, whatever their lengths (most significant digit first).
fn at_least(number: &[u8], other: &[u8]) -> bool {
    let trim = |d: &[u8]| -> Vec<u8> { d.iter().copied().skip_while(|d| *d == 0).collect() };
    let (number, other) = (trim(number), trim(other));
    (number.len(), number) >= (other.len(), other)
}

/// True when `high` is `low` followed only by zeros: nothing sorts between them.
fn is_zero_extension(low: &[u8], high: &[u8]) -> bool {
    high.starts_with(low) && high[low.len()..].iter().all(|b| *b == b'0')
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
            && s.len() <= Self::MAX_LEN
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

    fn between(low: Option<&Rank>, high: Option<&Rank>) -> Rank {
        let new = Rank::between(low, high).expect("room between");
        assert!(low.is_none_or(|low| *low < new), "{low:?} < {new}");
        assert!(high.is_none_or(|high| new < *high), "{new} < {high:?}");
        assert!(!new.as_str().ends_with('0'), "{new}");
        assert_eq!(new.as_str().parse::<Rank>().as_ref(), Ok(&new));
        new
    }

    /// A column after its changes: strictly ordered, every rank read back.
    fn assert_column(ranks: &[Rank], bound: usize) {
        assert!(ranks.windows(2).all(|w| w[0] < w[1]));
        let longest = ranks.iter().map(|r| r.as_str().len()).max().unwrap_or(0);
        assert!(longest <= bound, "longest rank {longest} > {bound}");
    }

    #[test]
    fn between_simple_neighbours() {
        assert_eq!(between(None, None).as_str(), "i");
        assert_eq!(between(Some(&rank("a")), Some(&rank("c"))).as_str(), "b");
        between(Some(&rank("a")), Some(&rank("b")));
        between(Some(&rank("a0")), Some(&rank("a1")));
        between(Some(&rank("0")), Some(&rank("01")));
        between(Some(&rank("0")), Some(&rank("001")));
        between(None, Some(&rank("01")));
        between(Some(&rank("zzz")), None);
    }

    #[test]
    fn no_room_is_none() {
        let cases = [
            (Some("n"), Some("n")),
            (Some("o"), Some("n")),
            (Some("0"), Some("00")),
            (Some("a"), Some("a000")),
            (None, Some("0")),
            (None, Some("000")),
        ];
        for (low, high) in cases {
            let (low, high) = (low.map(rank), high.map(rank));
            assert_eq!(
                Rank::between(low.as_ref(), high.as_ref()),
                None,
                "{low:?} {high:?}"
            );
        }
        // at the limit: after the longest rank there is nothing, and before the
        // next one only a rank over the limit
        let longest = rank(&"z".repeat(Rank::MAX_LEN));
        assert_eq!(Rank::between(Some(&longest), None), None);
        let low = rank(&"a".repeat(Rank::MAX_LEN - 1));
        let high = rank(&format!("{}1", "a".repeat(Rank::MAX_LEN - 1)));
        assert_eq!(Rank::between(Some(&low), Some(&high)), None);
        let fits = rank(&format!("{}2", "a".repeat(Rank::MAX_LEN - 1)));
        assert_eq!(
            between(Some(&low), Some(&fits)).as_str().len(),
            Rank::MAX_LEN
        );
    }

    #[test]
    fn the_reader_names_the_rule() {
        let long = "a".repeat(Rank::MAX_LEN + 1);
        assert!(long.parse::<Rank>().is_err());
        assert!("a".repeat(Rank::MAX_LEN).parse::<Rank>().is_ok());
        let message = long.parse::<Rank>().unwrap_err().to_string();
        assert!(
            message.contains("1 to 256 characters of 0-9 and a-z"),
            "{message}"
        );
        assert!(message.contains("(257 characters)"), "{message}");
        assert!(message.len() < 120, "{message}");
        let message = "A".parse::<Rank>().unwrap_err().to_string();
        assert_eq!(
            message,
            "invalid rank \"A\": a rank is 1 to 256 characters of 0-9 and a-z"
        );
        assert!("".parse::<Rank>().is_err());
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

    /// The runs people make: each returns the column after `steps` of them.
    fn appends(mut ranks: Vec<Rank>, steps: usize) -> Vec<Rank> {
        for _ in 0..steps {
            let new = between(ranks.last(), None);
            ranks.push(new);
        }
        ranks
    }

    fn top_inserts(mut ranks: Vec<Rank>, steps: usize) -> Vec<Rank> {
        ranks.reverse();
        for _ in 0..steps {
            let new = between(None, ranks.last());
            ranks.push(new);
        }
        ranks.reverse();
        ranks
    }

    /// The last card moved to the top, again and again (`G`, then `K` until it is
    /// first, or one drag): the cards take turns.
    fn moves_to_top(mut ranks: Vec<Rank>, steps: usize, one_at_a_time: bool) -> Vec<Rank> {
        for _ in 0..steps {
            let mut at = ranks.len() - 1;
            let mut moving = ranks.remove(at);
            while at > 0 {
                let to = if one_at_a_time { at - 1 } else { 0 };
                moving = between(to.checked_sub(1).map(|i| &ranks[i]), Some(&ranks[to]));
                at = to;
            }
            ranks.insert(0, moving);
            assert!(ranks.windows(2).all(|w| w[0] < w[1]));
        }
        ranks
    }

    /// New cards at one place in the middle: each right after card `after` (pushing
    /// the previous new one down), or each right after the previous new one.
    fn inserts_at(mut ranks: Vec<Rank>, after: usize, steps: usize, follow: bool) -> Vec<Rank> {
        let mut at = after + 1;
        for _ in 0..steps {
            let new = between(Some(&ranks[at - 1]), ranks.get(at));
            ranks.insert(at, new);
            if follow {
                at += 1;
            }
        }
        ranks
    }

    #[test]
    fn runs_of_ten_thousand_keep_ranks_short() {
        let start = || Rank::spread(3);
        let runs = [
            ("appends", appends(start(), 10_000)),
            ("appends to an empty column", appends(Vec::new(), 10_000)),
            ("top inserts", top_inserts(start(), 10_000)),
            ("moves to the top", moves_to_top(start(), 10_000, false)),
            (
                "moves to the top, one K at a time",
                moves_to_top(start(), 10_000, true),
            ),
            (
                "inserts after the first card",
                inserts_at(start(), 0, 10_000, false),
            ),
            (
                "inserts after the previous one",
                inserts_at(start(), 0, 10_000, true),
            ),
        ];
        for (name, ranks) in runs {
            let longest = ranks.iter().map(|r| r.as_str().len()).max().unwrap();
            eprintln!("{name}: longest rank {longest}");
            assert_column(&ranks, 12);
        }
    }

    fn arb_rank() -> impl Strategy<Value = Rank> {
        "[0-9a-z]{0,6}[1-9a-z]".prop_map(|s| rank(&s))
    }

    /// Any valid rank, trailing zeros included (hand edits).
    fn arb_any_rank() -> impl Strategy<Value = Rank> {
        "[0-9a-z]{1,8}".prop_map(|s| rank(&s))
    }

    proptest! {
        #[test]
        fn between_is_strictly_between(a in arb_rank(), b in arb_rank()) {
            prop_assume!(a != b);
            let (low, high) = if a < b { (a, b) } else { (b, a) };
            let mid = Rank::between(Some(&low), Some(&high)).expect("room");
            prop_assert!(low < mid && mid < high, "{} < {} < {}", low, mid, high);
            prop_assert!(!mid.as_str().ends_with('0'));
        }

        /// Hand-edited neighbours: a rank when one exists, never one outside.
        #[test]
        fn between_any_neighbours(a in arb_any_rank(), b in arb_any_rank()) {
            let (low, high) = if a < b { (a, b) } else { (b, a) };
            let room = low != high && !is_zero_extension(low.0.as_bytes(), high.0.as_bytes());
            match Rank::between(Some(&low), Some(&high)) {
                Some(mid) => {
                    prop_assert!(room);
                    prop_assert!(low < mid && mid < high, "{} < {} < {}", low, mid, high);
                    prop_assert!(!mid.as_str().ends_with('0'));
                    prop_assert!(mid.as_str().len() <= low.as_str().len().max(high.as_str().len()) + 2);
                }
                None => prop_assert!(!room, "{} {}", low, high),
            }
            let all_zeros = high.as_str().bytes().all(|b| b == b'0');
            prop_assert_eq!(Rank::between(None, Some(&high)).is_none(), all_zeros);
            prop_assert!(Rank::between(None, Some(&low)).is_none_or(|r| r < low));
            prop_assert!(Rank::between(Some(&high), None).is_some_and(|r| r > high));
        }

        #[test]
        fn before_first_and_after_last(a in arb_rank()) {
            let before = Rank::between(None, Some(&a)).expect("room");
            let after = Rank::between(Some(&a), None).expect("room");
            prop_assert!(before < a, "{} < {}", before, a);
            prop_assert!(a < after, "{} < {}", a, after);
        }

        #[test]
        fn repeated_insertion_keeps_order(inserts in proptest::collection::vec(0usize..1000, 1..200)) {
            let mut ranks: Vec<Rank> = Vec::new();
            for choice in inserts {
                let at = choice % (ranks.len() + 1);
                let new = between(at.checked_sub(1).map(|i| &ranks[i]), ranks.get(at));
                ranks.insert(at, new);
                prop_assert!(ranks.windows(2).all(|w| w[0] < w[1]));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(6))]

        /// Whatever the column starts with, runs of 10,000 stay short and readable.
        #[test]
        fn runs_stay_short_from_any_column(
            start in proptest::collection::btree_set(arb_rank(), 1..20),
            after in 0usize..20,
        ) {
            let start: Vec<Rank> = start.into_iter().collect();
            let longest_start = start.iter().map(|r| r.as_str().len()).max().unwrap();
            let bound = 12 + longest_start;
            let after = after % start.len();
            assert_column(&appends(start.clone(), 10_000), bound);
            assert_column(&top_inserts(start.clone(), 10_000), bound);
            assert_column(&moves_to_top(start.clone(), 10_000, false), bound);
            assert_column(&inserts_at(start.clone(), after, 10_000, false), bound);
            assert_column(&inserts_at(start, after, 10_000, true), bound);
        }
    }
}
