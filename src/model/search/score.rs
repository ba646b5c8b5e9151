//! Scoring query terms against cards, and re-scoring many cards at once.

use super::haystack::{Haystacks, lowercase};
use super::skim::{self, Buffers};

/// Extra points per character of a term that matches inside the title, so a card
/// whose title matches outranks one that only mentions the words in its description.
/// Half of a matched character's score: enough to lift a title match over a
/// description match of the same shape, not enough to lift a scattered title match
/// over a clean one.
const TITLE_BONUS_PER_CHAR: i64 = 8;

/// Marks a candidate that failed a term, before it is dropped.
const DEAD: i64 = i64::MIN;

/// One lowercase query term, ready for both the byte and the char matcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Term {
    pub text: String,
    chars: Vec<char>,
    title_bonus: i64,
}

impl Term {
    pub fn new(raw: &str) -> Term {
        let text = lowercase(raw);
        let chars: Vec<char> = text.chars().collect();
        Term {
            title_bonus: TITLE_BONUS_PER_CHAR * chars.len() as i64,
            text,
            chars,
        }
    }
}

/// A card still in the running: its entry (index in board order) and its scores.
#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    pub entry: u32,
    /// The sum of the scores of every term but the last.
    pub settled: i64,
    /// The score of the last term, which the next keystroke may extend.
    pub last: i64,
}

impl Candidate {
    pub fn new(entry: usize) -> Candidate {
        Candidate {
            entry: entry as u32,
            settled: 0,
            last: 0,
        }
    }

    pub fn score(&self) -> i64 {
        self.settled + self.last
    }
}

/// A byte-level subsequence test. UTF-8 keeps the bytes of each character in order,
/// so a character subsequence is always a byte subsequence: this never rejects a real
/// match, and it rejects most non-matches before any decoding.
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

/// One worker's buffers, reused for every card it scores.
#[derive(Default)]
struct Scratch {
    buffers: Buffers,
    chars: Vec<char>,
}

/// One card's haystack, in the form the matcher reads.
enum Text<'a> {
    Bytes(&'a [u8]),
    /// Decoded into the scratch buffer.
    Chars,
}

/// The score of `term` for one card, or `None` when it does not match: the better
/// of the whole-haystack score and the title score plus the title bonus.
fn term_score(text: &Text, title_len: usize, term: &Term, scratch: &mut Scratch) -> Option<i64> {
    let scores = match text {
        Text::Bytes(bytes) => {
            skim::score(bytes, term.text.as_bytes(), title_len, &mut scratch.buffers)
        }
        Text::Chars => skim::score(&scratch.chars, &term.chars, title_len, &mut scratch.buffers),
    }?;
    let whole = i64::from(scores.whole);
    Some(match scores.prefix {
        Some(title) => whole.max(i64::from(title) + term.title_bonus),
        None => whole,
    })
}

/// Scores `terms[from..]` for each candidate, whose `settled` already holds the sum
/// for `terms[..from]`. A candidate that fails a term is marked dead.
fn rescore_chunk(haystacks: &Haystacks, terms: &[Term], from: usize, chunk: &mut [Candidate]) {
    let Some((last, middle)) = terms[from..].split_last() else {
        return;
    };
    let mut scratch = Scratch::default();
    for candidate in chunk {
        let index = candidate.entry as usize;
        let entry = &haystacks.entries[index];
        let whole = haystacks.whole(index);
        // Every term must match: the byte test rejects a card before any scoring or
        // decoding. On ASCII text the first term's own scoring rejects as fast, so the
        // test is only worth it for the terms after it.
        let pretest = if entry.ascii { from + 1 } else { from };
        let possible = terms[pretest.min(terms.len())..]
            .iter()
            .all(|t| is_subsequence(whole.as_bytes(), t.text.as_bytes()));
        let text = if !possible {
            None
        } else if entry.ascii {
            Some(Text::Bytes(whole.as_bytes()))
        } else {
            scratch.chars.clear();
            scratch.chars.extend(whole.chars());
            Some(Text::Chars)
        };
        let mut settled = candidate.settled;
        let mut last_score = None;
        if let Some(text) = text {
            let title = entry.title_chars;
            let middle_scores: Option<i64> = middle
                .iter()
                .map(|term| term_score(&text, title, term, &mut scratch))
                .sum();
            if let Some(sum) = middle_scores {
                settled += sum;
                last_score = term_score(&text, title, last, &mut scratch);
            }
        }
        candidate.settled = settled;
        candidate.last = last_score.unwrap_or(DEAD);
    }
}

/// Below this many candidates one thread is faster than starting others.
const PARALLEL_MIN: usize = 2_048;

/// Re-scores every candidate on `terms[from..]` and drops those that no longer match,
/// spreading the work over `threads` threads for large sets.
pub(super) fn rescore(
    haystacks: &Haystacks,
    terms: &[Term],
    from: usize,
    candidates: &mut Vec<Candidate>,
    threads: usize,
) {
    if threads <= 1 || candidates.len() < PARALLEL_MIN {
        rescore_chunk(haystacks, terms, from, candidates);
    } else {
        let size = candidates.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let mut chunks = candidates.chunks_mut(size);
            let own = chunks.next();
            for chunk in chunks {
                scope.spawn(move || rescore_chunk(haystacks, terms, from, chunk));
            }
            // this thread takes a share too instead of only waiting
            if let Some(chunk) = own {
                rescore_chunk(haystacks, terms, from, chunk);
            }
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

    #[test]
    fn title_matches_earn_the_bonus() {
        let term = Term::new("Drift");
        assert_eq!(term.text, "drift");
        let mut scratch = Scratch::default();
        let text = Text::Bytes(b"drift report weekly");
        let in_title = term_score(&text, 5, &term, &mut scratch).unwrap();
        let elsewhere = term_score(&text, 0, &term, &mut scratch).unwrap();
        assert_eq!(in_title, elsewhere + term.title_bonus);
    }
}
