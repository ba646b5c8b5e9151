//! The board's cards by id. The hash table holds only the cards' 4-byte keys; each id
//! is the card's own, in the board's arena, never a second copy: at 100,000 cards a
//! `HashMap<CardId, CardKey>` took 4.3 MB, this 0.7 MB.
//!
//! Every key in the table is a live card (the board removes a key before it empties
//! its slot), so the functions take the arena to read the ids from.

use super::board::CardKey;
use super::{Card, CardId};
use std::hash::BuildHasher;

#[derive(Clone, Default)]
pub(super) struct CardIndex {
    table: hashbrown::HashTable<CardKey>,
    /// Seeded at random, so ids from a shared repository cannot be chosen to collide.
    hasher: foldhash::quality::RandomState,
}

fn id_of(slots: &[Option<Card>], key: CardKey) -> Option<&CardId> {
    slots.get(key as usize)?.as_ref().map(|card| &card.id)
}

impl CardIndex {
    fn hash(&self, id: &CardId) -> u64 {
        self.hasher.hash_one(id.as_str())
    }

    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn reserve(&mut self, additional: usize, slots: &[Option<Card>]) {
        let hasher = &self.hasher;
        self.table.reserve(additional, |&key| {
            id_of(slots, key).map_or(0, |id| hasher.hash_one(id.as_str()))
        });
    }

    pub fn get(&self, id: &CardId, slots: &[Option<Card>]) -> Option<CardKey> {
        self.table
            .find(self.hash(id), |&key| id_of(slots, key) == Some(id))
            .copied()
    }

    /// Adds the card in `slots[key]`, whose id is not in the index yet.
    pub fn insert(&mut self, key: CardKey, slots: &[Option<Card>]) {
        let Some(id) = id_of(slots, key) else {
            return;
        };
        let hash = self.hash(id);
        let hasher = &self.hasher;
        self.table.insert_unique(hash, key, |&key| {
            id_of(slots, key).map_or(0, |id| hasher.hash_one(id.as_str()))
        });
    }

    /// Removes `id` (while its card is still in `slots`).
    pub fn remove(&mut self, id: &CardId, slots: &[Option<Card>]) -> Option<CardKey> {
        let entry = self
            .table
            .find_entry(self.hash(id), |&key| id_of(slots, key) == Some(id))
            .ok()?;
        Some(entry.remove().0)
    }

    pub fn keys(&self) -> impl Iterator<Item = CardKey> + '_ {
        self.table.iter().copied()
    }
}

impl std::fmt::Debug for CardIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.table.iter()).finish()
    }
}
