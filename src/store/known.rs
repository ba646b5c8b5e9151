//! What the store knows of each board file, by board-relative path, kept compactly:
//! a board of 100,000 cards has 125,000 files, and a hash map of `(path, Known)`
//! pairs, half empty right after it grows, held 12.8 MB of them. Here the paths and
//! contents sit in one dense vector and the hash table holds only their 4-byte
//! indices; versions, which only files read again since the board opened have, are
//! kept apart (every other file's is 0): 6.3 MB in all.
//! Entries are never removed (a deleted file keeps its entry and version, so a change
//! made before the deletion was seen cannot bring the file back).

use super::{Content, Known};
use compact_str::CompactString;
use std::hash::BuildHasher;

type Hasher = foldhash::quality::RandomState;

pub(super) struct KnownFiles {
    entries: Vec<(CompactString, Content)>,
    /// Indices into `entries`, hashed by path.
    index: hashbrown::HashTable<u32>,
    /// The versions that are not 0, by index into `entries`.
    versions: hashbrown::HashMap<u32, u64, Hasher>,
    /// Seeded at random, so no path can be chosen to collide.
    hasher: Hasher,
}

impl KnownFiles {
    /// What a freshly loaded board's files held, each path once (a directory lists a
    /// name once). The index is built from the dense entries in one pass, without the
    /// look-up `insert` makes first.
    pub fn from_entries(entries: Vec<(CompactString, Content)>) -> Self {
        let hasher = Hasher::default();
        let mut index = hashbrown::HashTable::with_capacity(entries.len());
        let count = u32::try_from(entries.len()).expect("fewer than 4 billion board files");
        for (i, (rel, _)) in (0..count).zip(&entries) {
            index.insert_unique(hasher.hash_one(rel.as_str()), i, |&i| {
                hasher.hash_one(entries[i as usize].0.as_str())
            });
        }
        KnownFiles {
            entries,
            index,
            versions: Default::default(),
            hasher,
        }
    }

    fn find(&self, hash: u64, rel: &str) -> Option<u32> {
        let entries = &self.entries;
        self.index
            .find(hash, |&i| entries[i as usize].0 == rel)
            .copied()
    }

    pub fn get(&self, rel: &str) -> Option<Known> {
        let i = self.find(self.hasher.hash_one(rel), rel)?;
        Some(Known {
            content: self.entries[i as usize].1,
            version: self.versions.get(&i).copied().unwrap_or(0),
        })
    }

    /// Sets what is known of `rel`, replacing what was.
    pub fn insert(&mut self, rel: &str, known: Known) {
        let hash = self.hasher.hash_one(rel);
        let i = match self.find(hash, rel) {
            Some(i) => {
                self.entries[i as usize].1 = known.content;
                i
            }
            None => {
                let entries = &mut self.entries;
                let i = u32::try_from(entries.len()).expect("fewer than 4 billion board files");
                entries.push((CompactString::new(rel), known.content));
                let hasher = &self.hasher;
                self.index.insert_unique(hash, i, |&i| {
                    hasher.hash_one(entries[i as usize].0.as_str())
                });
                i
            }
        };
        if known.version == 0 {
            self.versions.remove(&i);
        } else {
            self.versions.insert(i, known.version);
        }
    }
}

impl std::fmt::Debug for KnownFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(rel, _)| (rel, self.get(rel))))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(hash: u64, version: u64) -> Known {
        Known {
            content: Content::Unreadable(hash),
            version,
        }
    }

    fn found(files: &KnownFiles, rel: &str) -> Option<(Content, u64)> {
        files.get(rel).map(|k| (k.content, k.version))
    }

    #[test]
    fn finds_and_replaces_by_path_through_growth() {
        let mut files = KnownFiles::from_entries(Vec::new());
        for i in 0..1000 {
            files.insert(&format!("cards/c{i:04}.ron"), known(i, 0));
        }
        files.insert("cards/c0007.ron", known(7000, 3));
        assert_eq!(
            found(&files, "cards/c0007.ron"),
            Some((Content::Unreadable(7000), 3))
        );
        assert_eq!(
            found(&files, "cards/c0999.ron"),
            Some((Content::Unreadable(999), 0))
        );
        assert_eq!(found(&files, "cards/c1000.ron"), None);
        assert_eq!(files.entries.len(), 1000);
        files.insert("cards/c0007.ron", known(1, 0));
        assert_eq!(
            found(&files, "cards/c0007.ron"),
            Some((Content::Unreadable(1), 0))
        );
        assert!(files.versions.is_empty());
        let long = format!("reviews/{}.ron", "x".repeat(32));
        files.insert(&long, known(1, 9));
        assert_eq!(found(&files, &long), Some((Content::Unreadable(1), 9)));
    }

    #[test]
    fn a_loaded_boards_entries_are_found_and_replaced_like_inserted_ones() {
        let entries = (0..1000)
            .map(|i| (format!("cards/c{i:04}.ron").into(), Content::Unreadable(i)))
            .collect();
        let mut files = KnownFiles::from_entries(entries);
        assert_eq!(
            found(&files, "cards/c0999.ron"),
            Some((Content::Unreadable(999), 0))
        );
        assert_eq!(found(&files, "cards/c1000.ron"), None);
        files.insert("cards/c0007.ron", known(70, 2));
        files.insert("cards/c1000.ron", known(1000, 0));
        assert_eq!(
            found(&files, "cards/c0007.ron"),
            Some((Content::Unreadable(70), 2))
        );
        assert_eq!(
            found(&files, "cards/c1000.ron"),
            Some((Content::Unreadable(1000), 0))
        );
        assert_eq!(files.entries.len(), 1001);
    }
}
