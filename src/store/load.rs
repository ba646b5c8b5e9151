//! Opening a board: list its directories, read and parse every file on all cores,
//! then build what the store and the board keep of them, also in parallel.
//!
//! At 100,000 cards (125,000 files) this is what a user waits for on a board's first
//! start. Reading is bound by system calls and parsing, both of which parallelise
//! well; what follows (the store's table of known files, the board's columns, each
//! card's reviews) are three independent builds, so they run side by side too.
//! Nothing here depends on the order files are listed or read in: a card's or
//! review's id is its file name, so no two files claim one id, and the board sorts
//! what it holds.

use super::known::KnownFiles;
use super::parse::Parsed;
use super::{
    Content, FileState, Problem, SETTINGS_REL, SUBDIRS, StoreError, atomic, cache, classify, files,
    io_error, read_one,
};
use crate::model::{Board, BoardSettings, Card, Measurement, Measurements, Review, ReviewGroups};
use compact_str::CompactString;
use std::io;
use std::path::Path;
use std::sync::{Mutex, PoisonError, mpsc};

/// Files handed to a loading thread at a time.
pub(super) const BATCH: usize = 128;

/// Below this many files the builds after reading run on the calling thread: two
/// more threads (and their allocator arenas) cost about as much as they save. At
/// 10,000 cards (12,500 files) the parallel build measured 1.5 ms slower in a fresh
/// process (median of 20); at 100,000 it saves 30-60 ms.
const PARALLEL_BUILD_FILES: usize = 20_000;

/// What loading threads read, sorted by kind. Each thread fills its own, and they are
/// appended at the end: one growing vector per kind and thread, so the memory goes
/// back to the system once the board is built instead of staying behind as
/// thousands of small freed blocks.
#[derive(Default)]
pub(super) struct Part {
    /// Every file that was there, with what it held (the store's known files).
    pub known: Vec<(CompactString, Content)>,
    pub settings: Option<BoardSettings>,
    pub cards: Vec<Card>,
    pub reviews: Vec<Review>,
    pub measurements: Vec<Measurement>,
    pub problems: Vec<Problem>,
}

impl Part {
    fn add(&mut self, rel: CompactString, (content, state): (Content, FileState)) {
        match state {
            FileState::Parsed(Parsed::Settings(s)) => self.settings = Some(s),
            FileState::Parsed(Parsed::Card(c)) => self.cards.push(c),
            FileState::Parsed(Parsed::Review(r)) => self.reviews.push(r),
            FileState::Parsed(Parsed::Measurement(m)) => self.measurements.push(m),
            FileState::Problem(p) => self.problems.push(p),
            FileState::Missing => {}
        }
        if content != Content::Missing {
            self.known.push((rel, content));
        }
    }

    fn append(&mut self, mut other: Part) {
        self.known.append(&mut other.known);
        self.settings = self.settings.take().or(other.settings);
        self.cards.append(&mut other.cards);
        self.reviews.append(&mut other.reviews);
        self.measurements.append(&mut other.measurements);
        self.problems.append(&mut other.problems);
    }

    /// The store's known files and the board, built side by side when the board is
    /// large. `settings` replaces the part's own (the caller reports a broken one).
    pub fn build(self, settings: BoardSettings) -> Built {
        let parallel = self.known.len() >= PARALLEL_BUILD_FILES;
        self.build_with(settings, parallel)
    }

    fn build_with(self, settings: BoardSettings, parallel: bool) -> Built {
        let Part {
            known,
            cards,
            reviews,
            measurements,
            ..
        } = self;
        let (known, mut board, orphans) = if !parallel {
            let (board, orphans) = Board::from_parts(settings, cards, reviews);
            (KnownFiles::from_entries(known), board, orphans)
        } else {
            std::thread::scope(|scope| {
                let known = scope.spawn(|| KnownFiles::from_entries(known));
                let groups = scope.spawn(|| ReviewGroups::new(reviews));
                let mut board = Board::from_cards(settings, cards);
                let orphans = board.attach_reviews(joined(groups));
                (joined(known), board, orphans)
            })
        };
        board.measurements = Measurements::new(measurements);
        Built {
            known,
            board,
            orphans,
        }
    }
}

/// What the store and the board keep of a loaded board's files.
pub(super) struct Built {
    pub known: KnownFiles,
    pub board: Board,
    /// Reviews of cards the board does not have, for the caller to report.
    pub orphans: Vec<Review>,
}

/// A builder thread's result; its panic goes on in the caller, as if it had been one.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Reads and parses every board file on all cores: `board.ron`, then each directory
/// of `dirs` (`SUBDIRS`: `cards/`, `reviews/`, `metrics/`, less any that is not a
/// real directory). Also returns the board-relative names of mlboard's temporary
/// files it saw. The calling thread lists the directories and hands out batches of
/// names as it goes, so the other threads read while it lists (listing 100,000 names
/// takes tens of milliseconds), then it reads too. Threads take batches as they come
/// rather than a fixed share each, so a thread the scheduler holds back (the machine
/// is rarely idle) does not hold up the others.
pub(super) fn load_files(
    root: &Path,
    dirs: &[(&str, files::Dir)],
    snapshot: Option<&cache::Snapshot>,
) -> Result<(Part, Vec<String>), StoreError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let (batches_tx, batches_rx) = mpsc::channel::<Vec<CompactString>>();
    let batches_rx = Mutex::new(batches_rx);
    // One thread's work: every file of the batches it took.
    let read_batches = || {
        let next = || {
            let queue = batches_rx.lock().unwrap_or_else(PoisonError::into_inner);
            queue.recv().ok()
        };
        let mut part = Part::default();
        while let Some(rels) = next() {
            for rel in rels {
                let dir = rel
                    .split_once('/')
                    .and_then(|(dir, _)| dirs.iter().find(|(name, _)| *name == dir));
                let read = read_one(root, &rel, dir.map(|(_, opened)| opened), snapshot);
                part.add(rel, read);
            }
        }
        part
    };
    let (listed, mut parts) = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(read_batches)).collect();
        let mut batch = vec![CompactString::const_new(SETTINGS_REL)];
        let send = |batch: Vec<CompactString>| {
            // The receiver lives until the scope ends, so sending cannot fail.
            let _ = batches_tx.send(batch);
        };
        let mut temps = super::cleanup::temp_names(root);
        let listed = dirs.iter().try_for_each(|dir| {
            let mut add = |rel| {
                batch.push(rel);
                if batch.len() == BATCH {
                    send(std::mem::take(&mut batch));
                }
            };
            list_dir(root, dir, &mut add, &mut temps)
        });
        send(batch);
        drop(batches_tx);
        let mut parts = vec![read_batches()];
        for helper in helpers {
            parts.push(helper.join().expect("loader thread panicked"));
        }
        (listed.map(|()| temps), parts)
    });
    let temps = listed?;
    // The largest first, so appending the others copies the least.
    parts.sort_unstable_by_key(|part| std::cmp::Reverse(part.known.len()));
    let mut parts = parts.into_iter();
    let mut all = parts.next().unwrap_or_default();
    parts.for_each(|part| all.append(part));
    Ok((all, temps))
}

/// The board's subdirectories that are real directories inside the board, opened (a
/// missing one is left out: there is nothing to read). Any other (a symbolic link,
/// which git stores and a repository may hold; a file) is reported, never followed,
/// and makes the board read-only.
pub(super) fn open_subdirs(
    root: &Path,
    problems: &mut Vec<Problem>,
    read_only: &mut Option<String>,
) -> Vec<(&'static str, files::Dir)> {
    let mut dirs = Vec::with_capacity(SUBDIRS.len());
    for dir in SUBDIRS {
        let path = root.join(dir);
        let what = match files::Dir::open(&path) {
            Ok(opened) => {
                dirs.push((*dir, opened));
                continue;
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => match files::check_directory(&path) {
                Ok(Some(special)) => special.describe(),
                _ => e.to_string(),
            },
        };
        let reason = format!(
            "{dir}/ is {what}, not a directory inside the board: mlboard does not follow it, so the board is read-only"
        );
        problems.push(Problem::new(path, dir, 1, 1, format!("refused: {reason}")));
        read_only.get_or_insert(reason);
    }
    dirs
}

/// The board-relative paths of the board files in `dir`, one by one; the names of
/// mlboard's temporary files go to `temps`.
fn list_dir(
    root: &Path,
    (dir, opened): &(&str, files::Dir),
    out: &mut impl FnMut(CompactString),
    temps: &mut Vec<String>,
) -> Result<(), StoreError> {
    opened
        .names(|name| {
            let mut rel = CompactString::with_capacity(dir.len() + 1 + name.len());
            rel.push_str(dir);
            rel.push('/');
            rel.push_str(name);
            if classify(&rel).is_some() {
                out(rel);
            } else if atomic::is_temp_name(name) {
                temps.push(rel.into_string());
            }
        })
        .map_err(io_error(&root.join(dir)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Phase, Rank, ReviewerRole, RoleSet, Timestamp, Verdict};

    /// Cards in every phase, reviews of some (and of a card that is not there), and a
    /// known entry for each: what loader threads hand over.
    fn part() -> Part {
        let mut part = Part::default();
        for (i, rank) in Rank::spread(300).into_iter().enumerate() {
            let id = format!("c{i:04}");
            let card = Card::new(
                id.parse().unwrap(),
                format!("Card {i}"),
                Phase::ALL[i % 3],
                rank,
                RoleSet::EMPTY,
                Timestamp::from_unix(1_700_000_000),
            );
            part.known.push((
                format!("cards/{id}.ron").into(),
                Content::Unreadable(i as u64),
            ));
            part.cards.push(card);
        }
        for i in 0..200 {
            let card = if i % 50 == 0 {
                "gone".to_string()
            } else {
                format!("c{:04}", i % 40)
            };
            let id = format!("r{i:04}");
            part.known
                .push((format!("reviews/{id}.ron").into(), Content::Unreadable(i)));
            part.reviews.push(Review {
                id: id.parse().unwrap(),
                card: card.parse().unwrap(),
                at: Timestamp::from_unix(1_700_000_000 + (i as i64 * 7919) % 1000),
                phase: Phase::Design,
                reviewer: "ann".into(),
                role: ReviewerRole::BusinessStakeholder,
                verdict: Verdict::Continue,
                note: "".into(),
            });
        }
        // The order loader threads read in is arbitrary.
        fastrand::Rng::with_seed(7).shuffle(&mut part.cards);
        fastrand::Rng::with_seed(8).shuffle(&mut part.reviews);
        part
    }

    #[test]
    fn the_parallel_build_builds_what_the_serial_one_does() {
        let settings = || BoardSettings::new("t");
        let serial = part().build_with(settings(), false);
        let parallel = part().build_with(settings(), true);
        let order = |built: &Built| -> Vec<String> {
            built
                .board
                .cards_in_order()
                .map(|c| c.id.to_string())
                .collect()
        };
        assert_eq!(order(&parallel), order(&serial));
        assert_eq!(parallel.board.len(), 300);
        for card in serial.board.cards_in_order() {
            assert_eq!(
                parallel.board.reviews_of(&card.id),
                serial.board.reviews_of(&card.id)
            );
        }
        let ids = |built: &Built| {
            let mut ids: Vec<String> = built.orphans.iter().map(|r| r.id.to_string()).collect();
            ids.sort();
            ids
        };
        assert_eq!(ids(&parallel), ["r0000", "r0050", "r0100", "r0150"]);
        assert_eq!(ids(&parallel), ids(&serial));
        for rel in ["cards/c0299.ron", "reviews/r0199.ron", "reviews/r0050.ron"] {
            assert!(parallel.known.get(rel).is_some(), "{rel}");
            assert_eq!(
                parallel.known.get(rel).map(|k| k.content),
                serial.known.get(rel).map(|k| k.content)
            );
        }
        assert!(parallel.known.get("cards/c0300.ron").is_none());
    }
}
