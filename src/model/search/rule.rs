//! The precision rule: whether one query word matches one field of a card, and how well.
//!
//! A word matches a field (both lowercase) when
//! - the field contains it: as a whole word, as the start of a word, or anywhere
//!   inside (`drift` in "data-drift alerts", `toring` in "monitoring");
//! - or it is a word of the field with a letter or two left out: its first letter
//!   starts a word of the field and its other letters follow in order inside that
//!   same word, with at most `MAX_LEFT_OUT` letters of the word left out between
//!   them (`drft`: "drift", `alrt`: "alerts", `mdl`: "model", `pipline`: "pipeline");
//! - or it is made of the beginnings of two or more consecutive words of the field
//!   (`eda`: "exploratory data analysis", `cicd`: "ci/cd", `dataeng`: "data engineer").
//!
//! Nothing looser counts: letters scattered over a field are no match. Words are runs
//! of letters and digits.
//!
//! Every rule is closed under prefixes — when a word matches a field, so does each of
//! its prefixes — so typing one more letter can only lose matches. The search relies
//! on it to re-check only the cards that matched the shorter query.

/// How a query word matched a field, from the weakest to the strongest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    Initials,
    LeftOut,
    Inside,
    WordStart,
    WholeWord,
}

/// At most this many letters of a field's word may be left out by a query word.
pub(super) const MAX_LEFT_OUT: usize = 2;

/// One match of a query word in a field: how, where it starts, and how many letters
/// it left out (`LeftOut` only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Found {
    pub kind: Kind,
    pub at: usize,
    pub left_out: usize,
}

/// Points for a match anywhere but the title, which earns `TITLE_BONUS` more: a
/// word found as typed beats a near spelling, and a title match beats the same match
/// elsewhere. A near spelling in the title (50–55 + 20) still outranks a word
/// inside the description (70), not a whole word there (100).
fn points(found: Found) -> i32 {
    match found.kind {
        Kind::WholeWord => BEST_OUTSIDE_TITLE,
        Kind::WordStart => 90,
        Kind::Inside => 70,
        Kind::LeftOut => 60 - 5 * found.left_out as i32,
        Kind::Initials => 40,
    }
}

pub(super) const TITLE_BONUS: i32 = 20;

/// The most a match outside the title can score: a whole word.
pub(super) const BEST_OUTSIDE_TITLE: i32 = 100;

/// The score of a match, in the title or not.
pub(super) fn score(found: Found, in_title: bool) -> i32 {
    points(found) + if in_title { TITLE_BONUS } else { 0 }
}

/// A unit of text: a byte of ASCII text, or a char of any other.
pub(super) trait Unit: Copy + Eq {
    /// Part of a word: a letter or a digit.
    fn is_word(self) -> bool;

    /// The unit's code point.
    fn code(self) -> u32;

    /// The first position of `unit` in `text`.
    fn find(text: &[Self], unit: Self) -> Option<usize>;
}

/// Which bytes are letters or digits: one lookup in the loops that walk every byte.
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

impl Unit for u8 {
    fn is_word(self) -> bool {
        WORD_BYTES[usize::from(self)]
    }

    fn code(self) -> u32 {
        u32::from(self)
    }

    fn find(text: &[u8], unit: u8) -> Option<usize> {
        memchr::memchr(unit, text)
    }
}

impl Unit for char {
    fn is_word(self) -> bool {
        self.is_alphanumeric()
    }

    fn code(self) -> u32 {
        u32::from(self)
    }

    fn find(text: &[char], unit: char) -> Option<usize> {
        text.iter().position(|c| *c == unit)
    }
}

fn starts_word<U: Unit>(field: &[U], at: usize) -> bool {
    at == 0 || !field[at - 1].is_word()
}

/// The best match of `word` in `field`, given where `word` occurs in it as typed
/// (`occurrences`, in increasing order), trying near spellings only when `near`
/// (a caller that knows none can match says so).
pub(super) fn best<U: Unit>(
    field: &[U],
    word: &[U],
    occurrences: impl IntoIterator<Item = usize>,
    near: bool,
) -> Option<Found> {
    let n = word.len();
    if n == 0 || n > field.len() {
        return None;
    }
    let mut best: Option<Found> = None;
    for at in occurrences {
        let end = at + n;
        let ends_word = end == field.len() || !field[end].is_word();
        let kind = match (starts_word(field, at), ends_word) {
            (true, true) => Kind::WholeWord,
            (true, false) => Kind::WordStart,
            (false, _) => Kind::Inside,
        };
        if best.is_none_or(|b| kind > b.kind) {
            best = Some(Found {
                kind,
                at,
                left_out: 0,
            });
        }
        if kind == Kind::WholeWord {
            break;
        }
    }
    best.or_else(|| near.then(|| near_spelling(field, word)).flatten())
}

/// The letter pairs that near spellings start with. A near spelling of a word starts
/// where a word of the field starts with the word's first letter, and its second
/// letter is among the next `MAX_LEFT_OUT + 1` letters of that field word or starts
/// the field word after it. `pair` sees every such pair of `field`.
pub(super) fn near_pairs<U: Unit>(field: &[U], mut pair: impl FnMut(u32, u32)) {
    // one pass (this runs for every card when the index is built)
    let mut previous: Option<u32> = None;
    let mut at = 0;
    while at < field.len() {
        if !field[at].is_word() {
            at += 1;
            continue;
        }
        let first = field[at].code();
        if let Some(previous) = previous {
            pair(previous, first);
        }
        let mut end = at + 1;
        while end < field.len() && field[end].is_word() {
            if end - at <= MAX_LEFT_OUT + 1 {
                pair(first, field[end].code());
            }
            end += 1;
        }
        previous = Some(first);
        at = end;
    }
}

/// A set of letter pairs, hashed into 256 bits: a card's `near_pairs`, so most cards
/// are ruled out for near spellings of a word without reading their text. A pair
/// that is not in it is in none of the card's fields; one that is may be.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Pairs([u64; 4]);

impl Pairs {
    pub fn bit(first: u32, second: u32) -> u8 {
        let mixed = first.wrapping_mul(0x9e37_79b1) ^ second.wrapping_mul(0x85eb_ca77);
        (mixed.wrapping_mul(0xc2b2_ae35) >> 24) as u8
    }

    pub fn insert(&mut self, first: u32, second: u32) {
        let bit = Pairs::bit(first, second);
        self.0[usize::from(bit / 64)] |= 1 << (bit % 64);
    }

    pub fn has(&self, bit: u8) -> bool {
        self.0[usize::from(bit / 64)] & (1 << (bit % 64)) != 0
    }
}

/// The occurrences of `word` in `field`, for text without a faster search.
pub(super) fn occurrences<'a, U: Unit>(
    field: &'a [U],
    word: &'a [U],
) -> impl Iterator<Item = usize> + 'a {
    let n = word.len().max(1);
    field
        .windows(n)
        .enumerate()
        .filter(move |(_, w)| *w == word)
        .map(|(at, _)| at)
}

/// A match that leaves letters out, or one made of word beginnings: both start where
/// a word of the field starts with the query word's first letter.
fn near_spelling<U: Unit>(field: &[U], word: &[U]) -> Option<Found> {
    let (&first, rest) = word.split_first()?;
    let mut best: Option<Found> = None;
    let mut initials_at = None;
    let mut from = 0;
    while let Some(offset) = U::find(&field[from..], first) {
        let at = from + offset;
        from = at + 1;
        if !starts_word(field, at) {
            continue;
        }
        if let Some(left_out) = left_out_within_word(&field[at + 1..], rest) {
            if best.is_none_or(|b| left_out < b.left_out) {
                best = Some(Found {
                    kind: Kind::LeftOut,
                    at,
                    left_out,
                });
            }
        } else if best.is_none()
            && initials_at.is_none()
            && may_chain(&field[at..], rest)
            && initials(&field[at..], word, |_, _| {})
        {
            initials_at = Some(at);
        }
    }
    best.or_else(|| {
        initials_at.map(|at| Found {
            kind: Kind::Initials,
            at,
            left_out: 0,
        })
    })
}

/// A quick test before `initials`: a chain of word beginnings that starts with the
/// word `field` starts with goes on with `rest[0]` as that word's second letter or
/// as the first letter of the next word.
fn may_chain<U: Unit>(field: &[U], rest: &[U]) -> bool {
    let Some(&second) = rest.first() else {
        return false;
    };
    if field.get(1) == Some(&second) {
        return true;
    }
    let end = field
        .iter()
        .position(|u| !u.is_word())
        .unwrap_or(field.len());
    let next = field[end..].iter().find(|u| u.is_word());
    next == Some(&second)
}

/// How many letters `rest` leaves out when it follows, in order, inside the word that
/// `after` continues; `None` when it does not fit or leaves out too many.
fn left_out_within_word<U: Unit>(after: &[U], rest: &[U]) -> Option<usize> {
    let mut matched = 0;
    let mut left_out = 0;
    for &unit in after {
        if matched == rest.len() {
            break;
        }
        if !unit.is_word() {
            return None;
        }
        if unit == rest[matched] {
            matched += 1;
        } else {
            left_out += 1;
            if left_out > MAX_LEFT_OUT {
                return None;
            }
        }
    }
    (matched == rest.len()).then_some(left_out)
}

/// The words of `field`, as ranges.
fn words<U: Unit>(field: &[U]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + field[at..].iter().position(|u| u.is_word())?;
        let end = start + field[start..].iter().take_while(|u| u.is_word()).count();
        at = end;
        Some(start..end)
    })
}

/// The length of the common prefix of `a` and `b`.
fn common_prefix<U: Unit>(a: &[U], b: &[U]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// Query words longer than this are not tried as word beginnings (a bit set of
/// positions in the word keeps the check linear in the field's length).
const MAX_INITIALS: usize = 63;

/// Whether `word` is made of the beginnings of two or more consecutive words, the
/// first of them starting `field`. One pass over the words while a chain lasts: at
/// each word, every position of `word` the chain has reached (bit i: `word[..i]`)
/// may continue with a prefix of this word. `trail` sees each word's range and the
/// positions reached at its start, up to the word where `word` is complete.
fn initials<U: Unit>(
    field: &[U],
    word: &[U],
    mut trail: impl FnMut(std::ops::Range<usize>, u64),
) -> bool {
    let n = word.len();
    if !(2..=MAX_INITIALS).contains(&n) {
        return false;
    }
    let mut reached: u64 = 1;
    for range in words(field) {
        let text = &field[range.clone()];
        trail(range, reached);
        let mut from = reached;
        let mut next = 0;
        while from != 0 {
            let i = from.trailing_zeros() as usize;
            from &= from - 1;
            let common = common_prefix(&word[i..], text);
            if i > 0 && i + common == n {
                return true;
            }
            for m in 1..=common.min(n - i - 1) {
                next |= 1 << (i + m);
            }
        }
        if next == 0 {
            return false;
        }
        reached = next;
    }
    false
}

/// The positions in `field` of the units `found` matched, for highlighting.
pub(super) fn positions<U: Unit>(field: &[U], word: &[U], found: Found) -> Vec<usize> {
    let n = word.len();
    match found.kind {
        Kind::WholeWord | Kind::WordStart | Kind::Inside => (found.at..found.at + n).collect(),
        Kind::LeftOut => {
            let mut positions = vec![found.at];
            let mut matched = 1;
            for (at, unit) in field.iter().enumerate().skip(found.at + 1) {
                if matched == n {
                    break;
                }
                if *unit == word[matched] {
                    positions.push(at);
                    matched += 1;
                }
            }
            positions
        }
        Kind::Initials => initials_positions(&field[found.at..], word)
            .into_iter()
            .map(|p| p + found.at)
            .collect(),
    }
}

/// Walks the chain of word beginnings back from the word where it completes: the
/// last word's piece starts at a reached position, and each earlier word's piece
/// ends where the next one starts.
fn initials_positions<U: Unit>(field: &[U], word: &[U]) -> Vec<usize> {
    let mut trail = Vec::new();
    if !initials(field, word, |range, reached| trail.push((range, reached))) {
        return Vec::new();
    }
    let mut positions = Vec::new();
    let mut end = word.len();
    for (range, reached) in trail.iter().rev() {
        let text = &field[range.clone()];
        let lowest = usize::from(end == word.len());
        let fits = |i: usize| reached & (1 << i) != 0 && common_prefix(&word[i..], text) >= end - i;
        let Some(i) = (lowest..end).rev().find(|&i| fits(i)) else {
            break;
        };
        positions.extend((range.start..).take(end - i));
        end = i;
        if end == 0 {
            break;
        }
    }
    positions.sort_unstable();
    positions
}
