//! Crash leftovers: a write killed between writing its temporary file and renaming it
//! leaves a `.mlboard-*.tmp` behind. Those over an hour old (no write takes more than
//! a few seconds) are removed when a board is opened. Nothing else is ever removed:
//! only regular files with mlboard's own temporary name, in the board's directories.

use super::atomic::is_temp_name;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// How old a temporary file must be before it counts as a crash's leftover.
pub const LEFTOVER_AGE: Duration = Duration::from_secs(60 * 60);

/// Removes the leftovers among `rels` (board-relative paths) that are older than
/// `LEFTOVER_AGE`. Returns how many were removed. Errors (a read-only board) are
/// ignored: a leftover does no harm.
pub fn remove_leftovers<'a>(
    root: &Path,
    rels: impl IntoIterator<Item = &'a str>,
    now: SystemTime,
) -> usize {
    let mut removed = 0;
    for rel in rels {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        if !is_temp_name(name) || rel.split('/').any(|part| part == "..") {
            continue;
        }
        let path = root.join(rel);
        // Not following links: a symbolic link with a temporary's name is not ours.
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > LEFTOVER_AGE);
        if meta.file_type().is_file() && old && std::fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The names in `dir` that look like leftovers (one directory listing); for the
/// board directory itself, whose other files loading does not list.
pub fn temp_names(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| is_temp_name(name))
        .collect()
}
