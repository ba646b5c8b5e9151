//! The k largest of many, without sorting them all: insights list ten cards out of
//! 100,000.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

struct Entry<K, V> {
    key: K,
    value: V,
}

impl<K: Ord, V> PartialEq for Entry<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl<K: Ord, V> Eq for Entry<K, V> {}
impl<K: Ord, V> PartialOrd for Entry<K, V> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<K: Ord, V> Ord for Entry<K, V> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key.cmp(&other.key)
    }
}

/// Keeps the `limit` entries with the largest keys.
pub struct TopK<K: Ord, V> {
    limit: usize,
    /// A min-heap: its top is the smallest entry kept, the first to go.
    heap: BinaryHeap<Reverse<Entry<K, V>>>,
}

impl<K: Ord, V> TopK<K, V> {
    pub fn new(limit: usize) -> TopK<K, V> {
        TopK {
            limit,
            heap: BinaryHeap::with_capacity(limit + 1),
        }
    }

    /// False when the list is full and `beats_smallest` says the candidate does not
    /// beat its smallest key: lets callers skip building a key that cannot get in.
    pub fn may_take(&self, beats_smallest: impl FnOnce(&K) -> bool) -> bool {
        self.limit > 0
            && (self.heap.len() < self.limit
                || self
                    .heap
                    .peek()
                    .is_some_and(|Reverse(e)| beats_smallest(&e.key)))
    }

    pub fn offer(&mut self, key: K, value: V) {
        if self.limit == 0 {
            return;
        }
        self.heap.push(Reverse(Entry { key, value }));
        if self.heap.len() > self.limit {
            self.heap.pop();
        }
    }

    /// The entries kept, largest key first.
    pub fn into_sorted(self) -> Vec<(K, V)> {
        let mut entries: Vec<(K, V)> = self
            .heap
            .into_iter()
            .map(|Reverse(e)| (e.key, e.value))
            .collect();
        entries.sort_by(|a, b| b.0.cmp(&a.0));
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_largest() {
        let mut top = TopK::new(3);
        for (i, k) in [5, 1, 9, 7, 3, 9, 2].into_iter().enumerate() {
            if top.may_take(|smallest| k >= *smallest) {
                top.offer(k, i);
            }
        }
        let kept: Vec<i32> = top.into_sorted().into_iter().map(|(k, _)| k).collect();
        assert_eq!(kept, [9, 9, 7]);
        let mut none = TopK::new(0);
        assert!(!none.may_take(|_: &i32| true));
        none.offer(1, ());
        assert!(none.into_sorted().is_empty());
    }
}
