//! What the store knows of each board file, by board-relative path, kept compactly:
//! a board of 100,000 cards has 125,000 files, and a hash map of `(path, Known)`
//! pairs, half empty right after it grows, held 12.8 MB of them. Here the entries sit
//! in one dense vector and the hash table holds only their 4-byte indices: 7.3 MB.
//! Entries are never removed (a deleted file keeps its entry and version, so a change
//! made before the deletion was seen cannot bring the file back).

use compact_str::CompactString;
use std::hash::BuildHasher;

pub(super) struct KnownFiles<V> {
    entries: Vec<(CompactString, V)>,
    /// Indices into `entries`, hashed by path.
    index: hashbrown::HashTable<u32>,
    /// Seeded at random, so no path can be chosen to collide.
    hasher: foldhash::quality::RandomState,
}

impl<V> KnownFiles<V> {
    pub fn with_capacity(capacity: usize) -> Self {
        KnownFiles {
            entries: Vec::with_capacity(capacity),
            index: hashbrown::HashTable::with_capacity(capacity),
            hasher: Default::default(),
        }
    }

    pub fn get(&self, rel: &str) -> Option<&V> {
        let hash = self.hasher.hash_one(rel);
        let entries = &self.entries;
        self.index
            .find(hash, |&i| entries[i as usize].0 == rel)
            .map(|&i| &entries[i as usize].1)
    }

    /// Sets what is known of `rel`, replacing what was.
    pub fn insert(&mut self, rel: &str, value: V) {
        let hash = self.hasher.hash_one(rel);
        let entries = &mut self.entries;
        if let Some(&i) = self.index.find(hash, |&i| entries[i as usize].0 == rel) {
            entries[i as usize].1 = value;
            return;
        }
        let i = u32::try_from(entries.len()).expect("fewer than 4 billion board files");
        entries.push((CompactString::new(rel), value));
        let hasher = &self.hasher;
        self.index.insert_unique(hash, i, |&i| {
            hasher.hash_one(entries[i as usize].0.as_str())
        });
    }
}

impl<V: std::fmt::Debug> std::fmt::Debug for KnownFiles<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_replaces_by_path_through_growth() {
        let mut known = KnownFiles::with_capacity(2);
        for i in 0..1000 {
            known.insert(&format!("cards/c{i:04}.ron"), i);
        }
        known.insert("cards/c0007.ron", 7000);
        assert_eq!(known.get("cards/c0007.ron"), Some(&7000));
        assert_eq!(known.get("cards/c0999.ron"), Some(&999));
        assert_eq!(known.get("cards/c1000.ron"), None);
        assert_eq!(known.entries.len(), 1000);
        let long = format!("reviews/{}.ron", "x".repeat(32));
        known.insert(&long, 1);
        assert_eq!(known.get(&long), Some(&1));
    }
}
