//! Noticing files changed by other programs (git pull, an editor, a second mlboard).
//!
//! `notify` delivers debounced events on its own thread; when the platform watcher
//! cannot start (no inotify watches left, a network file system) it falls back to
//! polling. The callback receives board-relative paths of board files only.
//!
//! The board root (for `board.ron`) and each of `SUBDIRS` (`cards/`, `reviews/`, `metrics/`) are watched, each
//! non-recursively: a recursive watch would walk and stat every
//! file first, a quarter of a second at 100,000 cards.

use notify_debouncer_mini::{Config, DebounceEventResult, new_debouncer_opt};
use std::path::{Path, PathBuf};
use std::time::Duration;

const DEBOUNCE: Duration = Duration::from_millis(200);
const POLL_INTERVAL: Duration = Duration::from_millis(1000);

/// Keeps the watcher alive; dropping it stops watching.
pub struct WatchGuard {
    _inner: Box<dyn std::any::Any + Send>,
    pub polling: bool,
}

pub fn watch(
    root: &Path,
    mut on_change: impl FnMut(Vec<String>) + Send + 'static,
) -> Result<WatchGuard, String> {
    let root = root.canonicalize().map_err(|e| e.to_string())?;
    let shared = std::sync::Arc::new(std::sync::Mutex::new(move |rels: Vec<String>| {
        on_change(rels)
    }));
    let make_handler = |base: PathBuf| {
        let shared = shared.clone();
        move |result: DebounceEventResult| {
            if let Ok(events) = result {
                let mut rels: Vec<String> = events
                    .into_iter()
                    .filter_map(|e| relative(&base, &e.path))
                    .collect();
                rels.sort();
                rels.dedup();
                if !rels.is_empty()
                    && let Ok(mut callback) = shared.lock()
                {
                    callback(rels);
                }
            }
        }
    };
    let config = Config::default()
        .with_timeout(DEBOUNCE)
        .with_notify_config(notify::Config::default().with_poll_interval(POLL_INTERVAL));
    if let Ok(mut debouncer) = new_debouncer_opt::<_, notify::RecommendedWatcher>(
        config.clone(),
        make_handler(root.clone()),
    ) && watch_board(debouncer.watcher(), &root).is_ok()
    {
        return Ok(WatchGuard {
            _inner: Box::new(debouncer),
            polling: false,
        });
    }
    let mut debouncer =
        new_debouncer_opt::<_, notify::PollWatcher>(config, make_handler(root.clone()))
            .map_err(|e| e.to_string())?;
    watch_board(debouncer.watcher(), &root).map_err(|e| e.to_string())?;
    Ok(WatchGuard {
        _inner: Box::new(debouncer),
        polling: true,
    })
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
