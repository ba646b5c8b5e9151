//! Noticing files changed by other programs (git pull, an editor, a second mlboard).
//!
//! `notify` reports events on its own thread; a second thread gathers them for
//! `DEBOUNCE` and hands on the board-relative paths of changed board files only.
//! When the platform watcher cannot start (no inotify watches left, a network file
//! system) it falls back to polling.
//!
//! The board root (for `board.ron`) and each of `SUBDIRS` (`cards/`, `reviews/`, `metrics/`) are watched, each
//! non-recursively: a recursive watch would walk and stat every
//! file first, a quarter of a second at 100,000 cards.

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long changes are gathered after the first one before they are handed on: a
/// `git pull` or an editor's save is many events, and the board reloads once.
const DEBOUNCE: Duration = Duration::from_millis(200);
const POLL_INTERVAL: Duration = Duration::from_millis(1000);

/// Keeps the watcher alive; dropping it stops watching (and ends the thread that
/// gathers its events).
pub struct WatchGuard {
    _watcher: Box<dyn Watcher + Send>,
    pub polling: bool,
}

pub fn watch(
    root: &Path,
    on_change: impl FnMut(Vec<String>) + Send + 'static,
) -> Result<WatchGuard, String> {
    let root = root.canonicalize().map_err(|e| e.to_string())?;
    let (paths_tx, paths_rx) = mpsc::channel();
    let native = notify::RecommendedWatcher::new(
        forward_changes(paths_tx.clone()),
        notify::Config::default(),
    )
    .map_err(|e| e.to_string())
    .and_then(|mut watcher| watch_board(&mut watcher, &root).map(|()| watcher));
    let (watcher, polling): (Box<dyn Watcher + Send>, bool) = match native {
        Ok(watcher) => (Box::new(watcher), false),
        Err(_) => {
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
            let mut watcher = notify::PollWatcher::new(forward_changes(paths_tx), config)
                .map_err(|e| e.to_string())?;
            watch_board(&mut watcher, &root)?;
            (Box::new(watcher), true)
        }
    };
    std::thread::Builder::new()
        .name("mlboard-watch".into())
        .spawn(move || hand_on_changes(&root, &paths_rx, on_change))
        .map_err(|e| e.to_string())?;
    Ok(WatchGuard {
        _watcher: watcher,
        polling,
    })
}

/// The watcher's event handler: sends on the paths of events that may have changed
/// what a file holds. Opening or reading a file is not a change, and must not be
/// taken for one: inotify reports every open (notify always asks for it), and the
/// board reads each file it is told changed — taken for changes, the board's own
/// reads would bring the same files back every `DEBOUNCE`, for as long as it runs.
fn forward_changes(paths: mpsc::Sender<PathBuf>) -> impl FnMut(notify::Result<Event>) + Send {
    move |event| {
        let Ok(event) = event else { return };
        if may_change_content(event.kind) {
            for path in event.paths {
                // The receiver is gone only when the watcher is being dropped.
                let _ = paths.send(path);
            }
        }
    }
}

/// Everything but access; a file closed after writing counts (the end of a save
/// that wrote in place).
fn may_change_content(kind: EventKind) -> bool {
    match kind {
        EventKind::Access(access) => access == AccessKind::Close(AccessMode::Write),
        _ => true,
    }
}

/// Gathers changed paths for `DEBOUNCE` after the first, then hands on the board
/// files among them, sorted, once each. Blocks (no timer) while nothing changes;
/// returns when the watcher is dropped.
fn hand_on_changes(
    root: &Path,
    paths: &mpsc::Receiver<PathBuf>,
    mut on_change: impl FnMut(Vec<String>),
) {
    while let Ok(first) = paths.recv() {
        let mut rels = BTreeSet::new();
        rels.extend(relative(root, &first));
        let until = Instant::now() + DEBOUNCE;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            match paths.recv_timeout(left) {
                Ok(path) => rels.extend(relative(root, &path)),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
        if !rels.is_empty() {
            on_change(rels.into_iter().collect());
        }
    }
}

/// Watches the board directory and its subdirectories. A fresh clone of a board
/// without reviews has no `reviews/` (git keeps no empty directories), so missing ones
/// are created: an empty directory changes no file, and reviews pulled in later are
/// then seen. A subdirectory that is not a real directory (a symbolic link) is not
/// watched: nothing outside the board is (the board reports it and is read-only).
fn watch_board(watcher: &mut dyn notify::Watcher, root: &Path) -> Result<(), String> {
    watcher
        .watch(root, notify::RecursiveMode::NonRecursive)
        .map_err(|e| e.to_string())?;
    for dir in super::SUBDIRS {
        let path = root.join(dir);
        match super::files::check_directory(&path) {
            Ok(None) => {}
            Ok(Some(_)) | Err(_) => continue,
        }
        // A read-only board cannot have the directory created: the rest is watched.
        if let Err(e) = std::fs::create_dir(&path)
            && e.kind() != std::io::ErrorKind::AlreadyExists
        {
            continue;
        }
        watcher
            .watch(&path, notify::RecursiveMode::NonRecursive)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let rel = rel.to_str()?.replace(std::path::MAIN_SEPARATOR, "/");
    super::classify(&rel).map(|_| rel)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A board directory with one card file, watched by a callback that reads every
    /// file it is told about (as the board does) before passing the names on.
    fn watched_board() -> (
        tempfile::TempDir,
        PathBuf,
        mpsc::Receiver<Vec<String>>,
        WatchGuard,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        fs::create_dir(root.join("cards")).unwrap();
        fs::write(root.join("cards/abcd.ron"), "one").unwrap();
        fs::write(root.join("board.ron"), "settings").unwrap();
        let (tx, rx) = mpsc::channel();
        let reader_root = root.clone();
        let guard = watch(&root, move |rels| {
            for rel in &rels {
                let _ = fs::read(reader_root.join(rel));
            }
            let _ = tx.send(rels);
        })
        .unwrap();
        (dir, root, rx, guard)
    }

    /// Long enough for several debounce windows: an event that was coming has come.
    const QUIET: Duration = Duration::from_millis(1200);
    const GENEROUS: Duration = Duration::from_secs(10);

    #[test]
    fn reading_files_is_not_a_change() {
        let (_dir, root, rx, guard) = watched_board();
        if guard.polling {
            return; // no inotify here; polling never reports reads anyway
        }
        for _ in 0..3 {
            fs::read(root.join("cards/abcd.ron")).unwrap();
            fs::read(root.join("board.ron")).unwrap();
        }
        assert_eq!(rx.recv_timeout(QUIET).ok(), None);
    }

    #[test]
    fn a_change_is_handed_on_once_even_though_the_board_then_reads_the_file() {
        let (_dir, root, rx, _guard) = watched_board();
        fs::write(root.join("cards/abcd.ron"), "two").unwrap();
        let rels = rx.recv_timeout(GENEROUS).expect("the change");
        assert_eq!(rels, ["cards/abcd.ron"]);
        // The callback's own read must not come back as a change, again and again.
        assert_eq!(rx.recv_timeout(QUIET).ok(), None);
    }

    #[test]
    fn only_board_files_are_handed_on_sorted_and_once_each() {
        let (_dir, root, rx, _guard) = watched_board();
        fs::write(root.join("cards/zzzz.ron"), "new").unwrap();
        fs::write(root.join("cards/abcd.ron"), "two").unwrap();
        fs::write(root.join("cards/abcd.ron"), "three").unwrap();
        fs::write(root.join("cards/notes.txt"), "not a card").unwrap();
        fs::write(root.join("board.ron"), "renamed").unwrap();
        let mut seen = BTreeSet::new();
        while !seen.contains("cards/zzzz.ron") || !seen.contains("board.ron") {
            let rels = rx.recv_timeout(GENEROUS).expect("the changes");
            let mut sorted = rels.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(rels, sorted);
            seen.extend(rels);
        }
        assert!(!seen.iter().any(|rel| rel.ends_with(".txt")), "{seen:?}");
    }
}
