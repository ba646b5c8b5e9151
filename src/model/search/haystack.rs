//! The search index: every card's searchable text, lowercased once, in one arena.
//!
//! One `String` for all cards (rather than one per card) keeps 100,000 haystacks in a
//! few large allocations that are cheap to build and walk.

use crate::model::{Board, CardKey, Phase};

/// One card's haystack: `text[start..end]`, which starts with the title.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub key: CardKey,
    pub archived: bool,
    /// All ASCII: the matcher can work on bytes.
    pub ascii: bool,
    /// The title's length in chars (in bytes when `ascii`).
    pub title_chars: usize,
    start: usize,
    end: usize,
}

/// The haystacks of every card, in board order (so an entry's index is its rank in
/// board order, which breaks ties between equal scores).
#[derive(Debug, Default)]
pub(super) struct Haystacks {
    text: String,
    pub entries: Vec<Entry>,
    /// `board.len()` when built: a cheap guard against a caller that forgot to
    /// invalidate after adding or removing cards.
    pub card_count: usize,
}

/// Below this many cards one thread builds the index faster than several.
const PARALLEL_MIN: usize = 4_096;

impl Haystacks {
    /// Builds the index of every card in board order, on up to `threads` threads.
    pub fn build(board: &Board, threads: usize) -> Haystacks {
        let keys: Vec<CardKey> = Phase::ALL
            .into_iter()
            .flat_map(|phase| board.column(phase).iter().copied())
            .collect();
        let mut haystacks = if threads <= 1 || keys.len() < PARALLEL_MIN {
            build_part(board, &keys)
        } else {
            let size = keys.len().div_ceil(threads);
            let parts: Vec<Haystacks> = std::thread::scope(|scope| {
                let handles: Vec<_> = keys
                    .chunks(size)
                    .map(|chunk| scope.spawn(move || build_part(board, chunk)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                    })
                    .collect()
            });
            join(parts)
        };
        haystacks.card_count = board.len();
        haystacks
    }

    /// The whole lowercased haystack of entry `index`.
    pub fn whole(&self, index: usize) -> &str {
        let entry = &self.entries[index];
        &self.text[entry.start..entry.end]
    }
}

/// The haystacks of the cards `keys`, in that order.
fn build_part(board: &Board, keys: &[CardKey]) -> Haystacks {
    // ~250 bytes is a typical card (title, roles, id, a few sentences)
    let mut text = String::with_capacity(keys.len() * 256);
    let mut entries = Vec::with_capacity(keys.len());
    for &key in keys {
        let card = board.card(key);
        let start = text.len();
        let mut title_end = None;
        card.search_parts(|part| {
            if text.len() > start {
                // a hard separator: the next part starts a word for the matcher
                text.push(' ');
            }
            push_lowercase(&mut text, part);
            title_end.get_or_insert(text.len());
        });
        let title_end = title_end.unwrap_or(start);
        let ascii = text[start..].is_ascii();
        let title_chars = if ascii {
            title_end - start
        } else {
            text[start..title_end].chars().count()
        };
        entries.push(Entry {
            key,
            archived: card.is_archived(),
            ascii,
            title_chars,
            start,
            end: text.len(),
        });
    }
    Haystacks {
        text,
        entries,
        card_count: 0,
    }
}

/// Concatenates parts built in parallel, shifting their entries' offsets.
fn join(parts: Vec<Haystacks>) -> Haystacks {
    let mut joined = Haystacks {
        text: String::with_capacity(parts.iter().map(|p| p.text.len()).sum()),
        entries: Vec::with_capacity(parts.iter().map(|p| p.entries.len()).sum()),
        card_count: 0,
    };
    for part in parts {
        let offset = joined.text.len();
        joined.text.push_str(&part.text);
        joined
            .entries
            .extend(part.entries.into_iter().map(|mut entry| {
                entry.start += offset;
                entry.end += offset;
                entry
            }));
    }
    joined
}

/// Appends `text` lowercased. Char by char (not `str::to_lowercase`) so a query and a
/// haystack always lowercase alike, whatever the letters around them; ASCII, the
/// common case, takes a fast path.
pub(super) fn push_lowercase(out: &mut String, text: &str) {
    if text.is_ascii() {
        let from = out.len();
        out.push_str(text);
        out[from..].make_ascii_lowercase();
    } else {
        out.extend(text.chars().flat_map(char::to_lowercase));
    }
}

/// `text` lowercased with the same rule as the haystacks.
pub(super) fn lowercase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_lowercase(&mut out, text);
    out
}
