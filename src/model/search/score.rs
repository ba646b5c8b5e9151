//! Scoring query words against cards, and re-scoring many cards at once.

use super::fields::role_fields;
use super::index::{Entry, Index, SEPARATOR, lowercase};
use super::rule::{self, Pairs};
use crate::model::{CardKey, Role};
use memchr::memmem;

/// One lowercase query word, ready for the byte and the char matcher.
#[derive(Debug, Clone)]
pub(super) struct Term {
    pub text: String,
    chars: Vec<char>,
    finder: memmem::Finder<'static>,
    /// The roles whose fields it matches, with its best score there.
    roles: Vec<(Role, i32)>,
    /// Its first two letters, as `Pairs` holds them (none for a single letter).
    pair: Option<u8>,
}

impl PartialEq for Term {
    fn eq(&self, other: &Term) -> bool {
        self.text == other.text
    }
}

impl Eq for Term {}

impl Term {
    pub fn new(raw: &str) -> Term {
        let text = lowercase(raw);
        let chars: Vec<char> = text.chars().collect();
        let roles = Role::ALL
            .into_iter()
            .filter_map(|role| {
                let best = role_fields(role)
                    .into_iter()
                    .filter_map(|field| field_score(&lowercase(field), &chars, false))
                    .max()?;
                Some((role, best))
            })
            .collect();
        let pair = match chars[..] {
            [first, second, ..] => Some(Pairs::bit(u32::from(first), u32::from(second))),
            _ => None,
        };
        Term {
            finder: memmem::Finder::new(text.as_bytes()).into_owned(),
            chars,
            text,
            roles,
            pair,
        }
    }
}

/// Every start of `finder`'s needle in `haystack`, overlapping ones too (a word like
/// "aa" may start a word only at its second occurrence in "baaa").
fn every_occurrence<'a>(
    finder: &'a memmem::Finder<'static>,
    haystack: &'a [u8],
) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + finder.find(haystack.get(from..)?)?;
        from = at + 1;
        Some(at)
    })
}

/// A byte-level subsequence test. UTF-8 keeps the bytes of each character in order,
/// so a character subsequence is always a byte subsequence: this never rejects a real
/// match, and it rejects most cards before any field is looked at.
fn is_subsequence(haystack: &[u8], needle: &[u8]) -> bool {
    let mut rest = haystack;
    for &byte in needle {
        match memchr::memchr(byte, rest) {
            Some(at) => rest = &rest[at + 1..],
            None => return false,
        }
    }
    true
}

/// The fields of one card's indexed text, the title first.
fn fields_of(whole: &str) -> impl Iterator<Item = &str> {
    let mut from = 0;
    let separators = memchr::memchr_iter(SEPARATOR as u8, whole.as_bytes());
    separators.map(Some).chain([None]).map(move |end| {
        let end = end.unwrap_or(whole.len());
        let field = &whole[from..end];
        from = end + 1;
        field
    })
}

/// The score of `term` for one card (its best field), or `None` when it matches no
/// field. ASCII fields are matched on bytes, others decoded into `chars`.
fn term_score(whole: &str, entry: Entry, term: &Term, chars: &mut Vec<char>) -> Option<i32> {
    let mut best = term
        .roles
        .iter()
        .filter(|(role, _)| entry.roles.contains(*role))
        .map(|(_, score)| *score)
        .max();
    // Cheap tests first, on the card's whole text: a near spelling needs the word's
    // first letter pair and its letters in order; a word as typed needs to occur. A
    // field never contains a separator and a word never does, so an occurrence
    // always lies inside one field.
    let near = term.pair.is_none_or(|bit| entry.pairs.has(bit))
        && is_subsequence(whole.as_bytes(), term.text.as_bytes());
    let anywhere = term.finder.find(whole.as_bytes()).is_some();
    if !near && !anywhere {
        return best;
    }
    for (number, field) in fields_of(whole).enumerate() {
        let found = if field.is_ascii() {
            if !term.text.is_ascii() {
                continue; // it has a letter this field has not
            }
            let field = field.as_bytes();
            let at = anywhere.then(|| every_occurrence(&term.finder, field));
            rule::best(field, term.text.as_bytes(), at.into_iter().flatten(), near)
        } else {
            chars.clear();
            chars.extend(field.chars());
            let field = &chars[..];
            let at = anywhere.then(|| rule::occurrences(field, &term.chars));
            rule::best(field, &term.chars, at.into_iter().flatten(), near)
        };
        if let Some(found) = found {
            best = best.max(Some(rule::score(found, number == 0)));
        }
        // no field after the title scores more than a whole word
        if best >= Some(rule::BEST_OUTSIDE_TITLE) {
            break;
        }
    }
    best
}

/// The score of `word` (chars) in one lowercase field, matched on chars.
fn field_score(field: &str, word: &[char], in_title: bool) -> Option<i32> {
    let field: Vec<char> = field.chars().collect();
    let found = rule::best(&field, word, rule::occurrences(&field, word), true)?;
    Some(rule::score(found, in_title))
}

/// The char positions in `text` (lowercase, one field) that `term` matched, if it
/// matches there.
pub(super) fn field_positions(text: &str, term: &Term) -> Vec<usize> {
    let chars: Vec<char> = text.chars().collect();
    match rule::best(
        &chars,
        &term.chars,
        rule::occurrences(&chars, &term.chars),
        true,
    ) {
        Some(found) => rule::positions(&chars, &term.chars, found),
        None => Vec::new(),
    }
}

/// A card still in the running, and its scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Candidate {
    pub key: CardKey,
    /// The sum of the scores of every term but the last.
    pub settled: i32,
    /// The score of the last term, which the next keystroke may extend.
    pub last: i32,
}

impl Candidate {
    pub fn new(key: CardKey) -> Candidate {
        Candidate {
            key,
            settled: 0,
            last: 0,
        }
    }

    pub fn score(&self) -> i64 {
        i64::from(self.settled) + i64::from(self.last)
    }
}

/// Marks a candidate that failed a term, before it is dropped.
const DEAD: i32 = i32::MIN;

/// Scores `terms[from..]` for `candidate`, whose `settled` already holds the sum for
/// `terms[..from]`; marks it dead when a term does not match.
fn rescore_one(
    index: &Index,
    terms: &[Term],
    from: usize,
    candidate: &mut Candidate,
    chars: &mut Vec<char>,
) {
    candidate.last = DEAD;
    let Some((entry, whole)) = index.get(candidate.key) else {
        return;
    };
    let Some((last, middle)) = terms[from..].split_last() else {
        return;
    };
    let mut settled = candidate.settled;
    for term in middle {
        match term_score(whole, entry, term, chars) {
            Some(score) => settled += score,
            None => return,
        }
    }
    if let Some(score) = term_score(whole, entry, last, chars) {
        candidate.settled = settled;
        candidate.last = score;
    }
}

/// The candidate for `key` when it matches every term, for patching a kept search
/// after the card changed.
pub(super) fn score_card(index: &Index, terms: &[Term], key: CardKey) -> Option<Candidate> {
    let mut candidate = Candidate::new(key);
    rescore_one(index, terms, 0, &mut candidate, &mut Vec::new());
    (candidate.last != DEAD).then_some(candidate)
}

fn rescore_chunk(index: &Index, terms: &[Term], from: usize, chunk: &mut [Candidate]) {
    let mut chars = Vec::new();
    for candidate in chunk {
        rescore_one(index, terms, from, candidate, &mut chars);
    }
}

/// Below this many candidates one thread is faster than starting others.
const PARALLEL_MIN: usize = 2_048;

/// Threads take the candidates this many at a time, so a thread the system holds up
/// (on a busy machine) leaves more of the work to the others instead of being waited
/// for.
const SHARE: usize = 2_048;

/// Re-scores every candidate on `terms[from..]` and drops those that no longer match,
/// spreading the work over `threads` threads for large sets.
pub(super) fn rescore(
    index: &Index,
    terms: &[Term],
    from: usize,
    candidates: &mut Vec<Candidate>,
    threads: usize,
) {
    if threads <= 1 || candidates.len() < PARALLEL_MIN {
        rescore_chunk(index, terms, from, candidates);
    } else {
        let shares = std::sync::Mutex::new(candidates.chunks_mut(SHARE));
        let work = || {
            loop {
                // a poisoned lock means another thread panicked: the scope re-raises it
                let share = match shares.lock() {
                    Ok(mut shares) => shares.next(),
                    Err(_) => None,
                };
                match share {
                    Some(share) => rescore_chunk(index, terms, from, share),
                    None => break,
                }
            }
        };
        std::thread::scope(|scope| {
            for _ in 1..threads {
                scope.spawn(work);
            }
            // this thread takes shares too instead of only waiting
            work();
        });
    }
    candidates.retain(|c| c.last != DEAD);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsequence_on_bytes() {
        assert!(is_subsequence(b"data drift", b"drft"));
        assert!(!is_subsequence(b"data drift", b"tfd"));
        assert!(is_subsequence(
            "qualité des données".as_bytes(),
            "édé".as_bytes()
        ));
        assert!(is_subsequence(b"anything", b""));
    }
}
