//! The search index: every card's fields, lowercased once, in one arena addressed by
//! the card's `CardKey`, and kept up to date one card at a time.
//!
//! One `String` for all cards (rather than one per card) keeps 100,000 cards in a
//! few large allocations that are cheap to build and walk. A changed card's text is
//! appended and its old text left as garbage until half the arena is garbage, when
//! the live texts are copied into a new arena.

use super::fields::each_text;
use super::rule::{Pairs, near_pairs};
use crate::model::{Board, Card, CardKey, Phase, RoleSet};

/// Between a card's fields in the arena. Never inside a field: indexing replaces it,
/// and query words never contain it (it is a control character, which splits them).
pub(super) const SEPARATOR: char = '\u{1}';

/// One card's texts: `text[start..end]`, separated by `SEPARATOR`, the title first;
/// and its roles, whose fields are the same on every card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry {
    start: u32,
    end: u32,
    pub roles: RoleSet,
    pub archived: bool,
    /// The letter pairs near spellings can start with in its texts.
    pub pairs: Pairs,
}

impl Entry {
    fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
}

#[derive(Debug, Default)]
pub(super) struct Index {
    text: String,
    /// By `CardKey`; `None` for a key that holds no card.
    entries: Vec<Option<Entry>>,
    live: usize,
    /// Bytes of `text` that no entry uses any more.
    garbage: usize,
}

/// Garbage below this many bytes is never worth a copy.
const COMPACT_MIN: usize = 1 << 20;

impl Index {
    /// Indexes every card of the board, in key order (the order the arena is walked),
    /// on up to `threads` threads.
    pub fn build(board: &Board, threads: usize) -> Index {
        let mut keys: Vec<CardKey> = Phase::ALL
            .into_iter()
            .flat_map(|phase| board.column(phase).iter().copied())
            .collect();
        keys.sort_unstable();
        let parts: Vec<Part> = if threads <= 1 || keys.len() < PARALLEL_MIN {
            vec![Part::build(board, &keys)]
        } else {
            let size = keys.len().div_ceil(threads);
            std::thread::scope(|scope| {
                let handles: Vec<_> = keys
                    .chunks(size)
                    .map(|chunk| scope.spawn(move || Part::build(board, chunk)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                    })
                    .collect()
            })
        };
        let mut index = Index {
            text: String::with_capacity(parts.iter().map(|p| p.text.len()).sum()),
            entries: vec![None; keys.last().map_or(0, |k| *k as usize + 1)],
            ..Index::default()
        };
        for part in parts {
            let offset = index.text.len() as u32;
            index.text.push_str(&part.text);
            for (key, entry) in part.entries {
                index.entries[key as usize] = Some(Entry {
                    start: entry.start + offset,
                    end: entry.end + offset,
                    ..entry
                });
                index.live += 1;
            }
        }
        index
    }

    /// How many cards are indexed.
    pub fn len(&self) -> usize {
        self.live
    }

    /// The arena's size in bytes, garbage included.
    #[cfg(test)]
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// The entries' keys range: every indexed key is below it.
    pub fn key_bound(&self) -> usize {
        self.entries.len()
    }

    pub fn get(&self, key: CardKey) -> Option<(Entry, &str)> {
        let entry = (*self.entries.get(key as usize)?)?;
        Some((entry, &self.text[entry.start as usize..entry.end as usize]))
    }

    /// Every indexed card's key, in key order, with its entry.
    pub fn entries(&self) -> impl Iterator<Item = (CardKey, Entry)> + '_ {
        self.entries
            .iter()
            .enumerate()
            .filter_map(|(key, entry)| Some((key as CardKey, (*entry)?)))
    }

    /// Indexes `card` under `key`, replacing what was there.
    pub fn upsert(&mut self, key: CardKey, card: &Card) {
        let entry = push_card(&mut self.text, card);
        let slot = key as usize;
        if slot >= self.entries.len() {
            self.entries.resize(slot + 1, None);
        }
        match self.entries[slot].replace(entry) {
            Some(old) => self.garbage += old.len(),
            None => self.live += 1,
        }
        self.compact_if_wasteful();
    }

    /// Forgets the card under `key`, if any.
    pub fn remove(&mut self, key: CardKey) {
        if let Some(old) = self.entries.get_mut(key as usize).and_then(Option::take) {
            self.garbage += old.len();
            self.live -= 1;
            self.compact_if_wasteful();
        }
    }

    fn compact_if_wasteful(&mut self) {
        if self.garbage < COMPACT_MIN || self.garbage * 2 < self.text.len() {
            return;
        }
        let mut text = String::with_capacity(self.text.len() - self.garbage);
        for entry in self.entries.iter_mut().flatten() {
            let start = text.len() as u32;
            text.push_str(&self.text[entry.start as usize..entry.end as usize]);
            *entry = Entry {
                start,
                end: text.len() as u32,
                ..*entry
            };
        }
        self.text = text;
        self.garbage = 0;
    }
}

/// Below this many cards one thread builds the index faster than several.
const PARALLEL_MIN: usize = 4_096;

/// The index of some of the cards, built on one thread.
struct Part {
    text: String,
    entries: Vec<(CardKey, Entry)>,
}

impl Part {
    fn build(board: &Board, keys: &[CardKey]) -> Part {
        // ~250 bytes is a typical card (title, id, a few sentences)
        let mut text = String::with_capacity(keys.len() * 256);
        let entries = keys
            .iter()
            .map(|&key| (key, push_card(&mut text, board.card(key))))
            .collect();
        Part { text, entries }
    }
}

/// Appends the card's texts to `text`, lowercased and separated, and returns its entry.
fn push_card(text: &mut String, card: &Card) -> Entry {
    let start = text.len();
    let mut pairs = Pairs::default();
    let mut first = true;
    each_text(card, |field| {
        if !std::mem::take(&mut first) {
            text.push(SEPARATOR);
        }
        let from = text.len();
        push_lowercase(text, field);
        let lowered = &text[from..];
        let mut pair = |a, b| pairs.insert(a, b);
        if lowered.is_ascii() {
            near_pairs(lowered.as_bytes(), &mut pair);
        } else {
            near_pairs(&lowered.chars().collect::<Vec<char>>(), &mut pair);
        }
    });
    Entry {
        start: start as u32,
        end: text.len() as u32,
        roles: card.roles,
        archived: card.is_archived(),
        pairs,
    }
}

/// Appends `text` lowercased, with any `SEPARATOR` in it made a space. Char by char
/// (not `str::to_lowercase`) so a query and a field always lowercase alike, whatever
/// the letters around them; runs of ASCII, the common case, in bulk.
pub(super) fn push_lowercase(out: &mut String, text: &str) {
    let from = out.len();
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let run = out.len();
        out.push_str(&rest[..ascii]);
        out[run..].make_ascii_lowercase();
        rest = &rest[ascii..];
        if let Some(c) = rest.chars().next() {
            out.extend(c.to_lowercase());
            rest = &rest[c.len_utf8()..];
        }
    }
    // no lowercase letter is a control character: only the text's own can be there
    if memchr::memchr(SEPARATOR as u8, &out.as_bytes()[from..]).is_some() {
        let tail = out.split_off(from).replace(SEPARATOR, " ");
        out.push_str(&tail);
    }
}

/// `text` lowercased with the same rule as the index.
pub(super) fn lowercase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_lowercase(&mut out, text);
    out
}
