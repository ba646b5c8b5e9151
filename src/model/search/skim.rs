//! skim's fuzzy score (`fuzzy_matcher::skim::SkimMatcherV2`, case-sensitive, on text
//! that is already lowercase), computed without its overheads.
//!
//! Why not call `SkimMatcherV2::fuzzy_match` per card: measured on this project's
//! haystacks (~220 characters) it costs 3-8 µs a call, which makes a search of
//! 100,000 cards take over a second. And it is not a pure function: its matrix is
//! reused between calls and one field (`bonus`) is read before this call writes it,
//! so a card's score can depend on which card that thread scored before (about 1 in
//! 3,000 random pairs differ) — which would make results depend on thread scheduling.
//!
//! This is the same algorithm as a fresh `SkimMatcherV2` computes, including its
//! two-row matrix (whose reuse between pattern rows is observable in the scores);
//! the property test at the bottom checks it against one. One simplification: in a
//! fresh matrix skim's stored `bonus` is always 0 or `max(in-place bonus, consecutive
//! bonus)` of the same cell (by induction over its writes), so the consecutive bonus
//! it reads is always that maximum and needs no storage. What this saves: no
//! allocation per call (the caller owns the rows), bytes instead of chars for ASCII,
//! in-place bonuses computed only where a character matches, and the title's score
//! read from the same pass as the whole haystack's.

mod dense;
mod sparse;

// SkimScoreConfig::default()
const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const BONUS_FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
const NEG_INFINITY: i32 = i16::MIN as i32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CharType {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

const fn char_type(ch: char) -> CharType {
    match ch {
        '\0' => CharType::Empty,
        ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => CharType::HardSep,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => CharType::SoftSep,
        '0'..='9' => CharType::Number,
        'A'..='Z' => CharType::Upper,
        _ => CharType::Lower,
    }
}

fn in_place_bonus(prev: CharType, cur: CharType) -> i32 {
    match (prev, cur) {
        (CharType::Empty, _) | (CharType::HardSep, _) => BONUS_HEAD,
        (CharType::SoftSep, _) => BONUS_BREAK,
        (CharType::Lower, CharType::Upper) | (CharType::Number, CharType::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

/// A unit of text: a byte of ASCII text, or a char of any other text.
pub(super) trait Unit: Copy + Eq {
    fn char_type(self) -> CharType;

    /// The first position of `unit` in `text`.
    fn find(text: &[Self], unit: Self) -> Option<usize>;

    /// Calls `found` with every position of `unit` in `text`, in order.
    fn for_each_position(text: &[Self], unit: Self, found: impl FnMut(usize));
}

/// `char_type` of every byte, so ASCII text is classified by one lookup.
const BYTE_TYPES: [CharType; 256] = {
    let mut table = [CharType::Lower; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = char_type(byte as u8 as char);
        byte += 1;
    }
    table
};

impl Unit for u8 {
    fn char_type(self) -> CharType {
        BYTE_TYPES[self as usize]
    }

    fn find(text: &[u8], unit: u8) -> Option<usize> {
        memchr::memchr(unit, text)
    }

    fn for_each_position(text: &[u8], unit: u8, found: impl FnMut(usize)) {
        memchr::memchr_iter(unit, text).for_each(found);
    }
}

impl Unit for char {
    fn char_type(self) -> CharType {
        char_type(self)
    }

    fn find(text: &[char], unit: char) -> Option<usize> {
        text.iter().position(|c| *c == unit)
    }

    fn for_each_position(text: &[char], unit: char, mut found: impl FnMut(usize)) {
        for (at, c) in text.iter().enumerate() {
            if *c == unit {
                found(at);
            }
        }
    }
}

/// Buffers reused across calls, so scoring a card allocates nothing.
#[derive(Debug, Default)]
pub(super) struct Buffers {
    first: Vec<usize>,
    dense: dense::Rows,
    sparse: sparse::Rows,
}

/// A term's score against a text, and against the text's first `prefix_len` units
/// (the title) when the term matches there too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Scores {
    pub whole: i32,
    pub prefix: Option<i32>,
}

/// The bonus skim gives `choice[col - 1]` for where it stands in its word.
fn bonus_at<U: Unit>(choice: &[U], col: usize) -> i32 {
    let prev = if col >= 2 {
        choice[col - 2].char_type()
    } else {
        CharType::Empty
    };
    let bonus = in_place_bonus(prev, choice[col - 1].char_type());
    if col == 1 {
        bonus * BONUS_FIRST_CHAR_MULTIPLIER
    } else {
        bonus
    }
}

/// Scores `pattern` against `choice` as a fresh `SkimMatcherV2::fuzzy_match` would
/// (`None`: no match), and against `choice[..prefix_len]` in the same pass.
pub(super) fn score<U: Unit>(
    choice: &[U],
    pattern: &[U],
    prefix_len: usize,
    buffers: &mut Buffers,
) -> Option<Scores> {
    if pattern.is_empty() {
        return Some(Scores {
            whole: 0,
            prefix: Some(0),
        });
    }
    // skim's cheap_matches: the greedy first position of each pattern unit
    buffers.first.clear();
    let mut from = 0;
    for &unit in pattern {
        let at = from + U::find(&choice[from..], unit)?;
        buffers.first.push(at);
        from = at + 1;
    }
    if choice.len() <= sparse::MAX_TEXT && pattern.len() <= sparse::MAX_PATTERN {
        sparse::score(
            choice,
            pattern,
            &buffers.first,
            prefix_len,
            &mut buffers.sparse,
        )
    } else {
        dense::score(
            choice,
            pattern,
            &buffers.first,
            prefix_len,
            &mut buffers.dense,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use proptest::prelude::*;

    /// The reference: a new matcher per call, so no state leaks between calls.
    fn reference(choice: &str, pattern: &str) -> Option<i64> {
        SkimMatcherV2::default()
            .respect_case()
            .fuzzy_match(choice, pattern)
    }

    fn ours(choice: &str, pattern: &str, prefix_chars: usize) -> Option<Scores> {
        let choice: Vec<char> = choice.chars().collect();
        let pattern: Vec<char> = pattern.chars().collect();
        score(&choice, &pattern, prefix_chars, &mut Buffers::default())
    }

    fn text(
        alphabet: &'static [char],
        len: std::ops::Range<usize>,
    ) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(alphabet), len)
            .prop_map(|chars| chars.into_iter().collect())
    }

    const CHOICE: &[char] = &[
        'a', 'a', 'b', 'd', 'r', 'f', 't', ' ', ' ', '-', '.', '/', '1', 'é', '数', 'A', '_',
    ];
    const PATTERN: &[char] = &['a', 'b', 'd', 'r', 't', ' ', '-', 'é', '数', '1'];

    /// Both forms of the algorithm, whatever the dispatcher would pick.
    fn both_forms(choice: &str, pattern: &str, prefix: usize) -> (Option<Scores>, Option<Scores>) {
        let choice: Vec<char> = choice.chars().collect();
        let pattern: Vec<char> = pattern.chars().collect();
        let mut buffers = Buffers::default();
        if score(&choice, &pattern, prefix, &mut buffers).is_none() {
            return (None, None);
        }
        let first = buffers.first.clone();
        (
            dense::score(&choice, &pattern, &first, prefix, &mut buffers.dense),
            sparse::score(&choice, &pattern, &first, prefix, &mut buffers.sparse),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3_000))]

        #[test]
        fn dense_and_sparse_forms_agree(
            choice in text(CHOICE, 0..400),
            pattern in text(PATTERN, 1..12),
            prefix in 0usize..400,
        ) {
            let (dense, sparse) = both_forms(&choice, &pattern, prefix);
            prop_assert_eq!(dense, sparse);
            let reference = reference(&choice, &pattern);
            prop_assert_eq!(dense.map(|s| i64::from(s.whole)), reference);
        }

        #[test]
        fn equals_a_fresh_skim_matcher(
            choice in text(CHOICE, 0..60),
            pattern in text(PATTERN, 1..6),
            split in 0usize..60,
        ) {
            let found = ours(&choice, &pattern, 0);
            prop_assert_eq!(found.map(|s| s.whole as i64), reference(&choice, &pattern));
            // the prefix score is the score of the prefix alone
            let split = split.min(choice.chars().count());
            let prefix: String = choice.chars().take(split).collect();
            let found = ours(&choice, &pattern, split);
            prop_assert_eq!(
                found.and_then(|s| s.prefix).map(i64::from),
                reference(&prefix, &pattern)
            );
        }

        #[test]
        fn bytes_and_chars_agree_on_ascii(
            choice in text(&['a', 'b', 'r', ' ', '-', '1'], 0..60),
            pattern in text(&['a', 'b', 'r'], 1..5),
        ) {
            let by_chars = ours(&choice, &pattern, 10);
            let by_bytes = score(choice.as_bytes(), pattern.as_bytes(), 10, &mut Buffers::default());
            prop_assert_eq!(by_chars, by_bytes);
        }
    }

    #[test]
    fn known_scores() {
        let hay = "set up monitoring and data-drift alerts";
        for pattern in ["drft", "alrt", "s", "sts", "zz"] {
            assert_eq!(
                ours(hay, pattern, 0).map(|s| s.whole as i64),
                reference(hay, pattern),
                "{pattern}"
            );
        }
    }
}
