//! Writing a change, the one path every write takes (cards, reviews, `board.ron`,
//! undo and redo, deletions; any board file `classify` knows):
//!
//! 1. refuse at once what cannot be right: a read-only board, a file whose new
//!    content is over `MAX_FILE_BYTES` (it could not be read back), a change made on a
//!    version of a file its client had not yet seen (`Basis::Seen`), a board
//!    subdirectory that is not a real directory, a file that already differs from
//!    what this store last read or wrote;
//! 2. write and fsync every new version to a temporary file (the slow part), for the
//!    files whose content changes;
//! 3. take the board's lock (`lock`), so no other mlboard writes meanwhile;
//! 4. re-read every file and compare it with what this store last read or wrote:
//!    anything else — another program's edit, a FIFO, a symbolic link — refuses the
//!    whole change;
//! 5. put each file in place (`atomic`: exchanged and checked, so even a non-mlboard
//!    writer at that very instant is not overwritten), putting back the files already
//!    replaced if a later one races;
//! 6. let go of the lock, then make the renames durable (directory fsync).
//!
//! A change is acknowledged (`Ok`) only once all of it is on disk.

use super::atomic::{self, Compared, Outcome};
use super::files::{self, Entry};
use super::lock::BoardLock;
use super::{
    Applied, ApplyError, Basis, Change, Content, FileOp, Known, MAX_FILE_BYTES, Store, classify,
};
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use tempfile::{NamedTempFile, TempPath};

/// Called with each file's path after it was compared under the lock and right before
/// it is replaced: the worst instant for another program to write it. For tests.
pub struct RaceHook(Box<dyn FnMut(&Path) + Send>);

impl std::fmt::Debug for RaceHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RaceHook")
    }
}

/// A file as the comparison under the lock found it.
struct Current {
    file: Option<File>,
    bytes: Option<Vec<u8>>,
}

impl Store {
    /// Applies a change: every file is first checked to still hold what mlboard last
    /// read or wrote; then only the files whose content differs are written, each
    /// atomically. Returns each file's before and after content, for undo.
    pub fn apply(&mut self, change: &Change) -> Result<Vec<Applied>, ApplyError> {
        if let Basis::Seen(seen) = change.basis
            && let Some(op) = change.ops.iter().find(|op| {
                self.known
                    .get(op.rel.as_str())
                    .is_some_and(|k| k.version > seen)
            })
        {
            return Err(ApplyError::ChangedOnDisk(op.rel.clone()));
        }
        self.write(&change.ops, |store, rel, current| {
            store.unchanged(rel, current)
        })
    }

    /// Puts files back to given contents, provided each still holds `expected`.
    /// Used by undo and redo, which must not overwrite someone else's change.
    pub fn restore(
        &mut self,
        ops: &[FileOp],
        expected: &[Option<Vec<u8>>],
    ) -> Result<Vec<Applied>, ApplyError> {
        let expectations: HashMap<&str, Option<&[u8]>> = ops
            .iter()
            .map(|op| op.rel.as_str())
            .zip(expected.iter().map(Option::as_deref))
            .collect();
        self.write(ops, |store, rel, current| {
            expectations.get(rel).is_some_and(|e| *e == current) && store.unchanged(rel, current)
        })
    }

    /// For tests: `hook` runs at the worst instant of every write (see `RaceHook`).
    pub fn set_race_hook(&mut self, hook: impl FnMut(&Path) + Send + 'static) {
        self.race_hook = Some(RaceHook(Box::new(hook)));
    }

    fn write(
        &mut self,
        ops: &[FileOp],
        is_expected: impl Fn(&Store, &str, Option<&[u8]>) -> bool,
    ) -> Result<Vec<Applied>, ApplyError> {
        if let Some(reason) = &self.read_only {
            return Err(ApplyError::ReadOnly(reason.clone()));
        }
        if let Some((op, bytes)) = ops.iter().find_map(|op| {
            let bytes = op.content.as_ref()?.len() as u64;
            (bytes > MAX_FILE_BYTES).then_some((op, bytes))
        }) {
            return Err(ApplyError::TooLarge {
                rel: op.rel.clone(),
                bytes,
            });
        }
        for op in ops {
            if classify(&op.rel).is_none() {
                return Err(io_error(&op.rel, io::Error::other("not a board file")));
            }
            self.ensure_directory(&op.rel, true)?;
        }
        let paths: Vec<PathBuf> = ops.iter().map(|op| self.root.join(&op.rel)).collect();
        // A first comparison, without the lock: a change that is already out of date is
        // refused before any work, and a file that already holds its new content
        // needs no temporary file (only files whose content changes are written).
        let mut temps = Vec::with_capacity(ops.len());
        for (op, path) in ops.iter().zip(&paths) {
            let current = read_current(&self.root, &op.rel)?;
            if !is_expected(self, &op.rel, current.bytes.as_deref()) {
                return Err(ApplyError::ChangedOnDisk(op.rel.clone()));
            }
            let temp = match &op.content {
                Some(bytes) if current.bytes.as_ref() != Some(bytes) => {
                    let dir = path.parent().unwrap_or(&self.root);
                    Some(atomic::prepare(dir, bytes).map_err(|e| io_error(&op.rel, e))?)
                }
                _ => None,
            };
            temps.push(temp);
        }

        // The comparison that counts, under the lock, right before the replacement.
        let lock = BoardLock::acquire(&self.root, self.lock_wait)?;
        let mut currents = Vec::with_capacity(ops.len());
        for (i, op) in ops.iter().enumerate() {
            self.ensure_directory(&op.rel, false)?;
            let current = read_current(&self.root, &op.rel)?;
            let unprepared = op.content.is_some() && temps[i].is_none();
            if !is_expected(self, &op.rel, current.bytes.as_deref())
                || (unprepared && current.bytes != op.content)
            {
                return Err(ApplyError::ChangedOnDisk(op.rel.clone()));
            }
            currents.push(current);
        }
        let mut done: Vec<(usize, Option<TempPath>)> = Vec::with_capacity(ops.len());
        for (i, op) in ops.iter().enumerate() {
            let current = &currents[i];
            if current.bytes == op.content {
                continue;
            }
            if let Some(hook) = &mut self.race_hook {
                (hook.0)(&paths[i]);
            }
            match replace(&paths[i], temps[i].take(), current) {
                Ok(Outcome::Done(displaced)) => done.push((i, displaced)),
                Ok(Outcome::Raced) => {
                    put_back(&paths, &currents, &done);
                    return Err(ApplyError::ChangedOnDisk(op.rel.clone()));
                }
                Err(e) => {
                    put_back(&paths, &currents, &done);
                    return Err(io_error(&op.rel, e));
                }
            }
        }
        drop(lock);

        let written: Vec<PathBuf> = done.iter().map(|(i, _)| paths[*i].clone()).collect();
        let mut applied = Vec::with_capacity(done.len());
        for (i, displaced) in done {
            drop(displaced); // the replaced file, now under a temporary name
            let op = &ops[i];
            let version = self.known.get(op.rel.as_str()).map_or(0, |k| k.version);
            let content = Content::of(op.content.as_deref());
            self.known.insert(&op.rel, Known { content, version });
            applied.push(Applied {
                rel: op.rel.clone(),
                before: currents[i].bytes.take(),
                after: op.content.clone(),
            });
        }
        for dir in atomic::directories(&written) {
            atomic::sync_dir(dir).map_err(|e| io_error(&dir.display().to_string(), e))?;
        }
        Ok(applied)
    }

    /// Checks that the directory of `rel` is a real directory inside the board (never
    /// a symbolic link out of it); creates a missing one when `create` is set.
    fn ensure_directory(&self, rel: &str, create: bool) -> Result<(), ApplyError> {
        let Some((dir, _)) = rel.split_once('/') else {
            return Ok(()); // board.ron, in the board directory itself
        };
        let path = self.root.join(dir);
        let refuse = |what: String| ApplyError::NotADirectory {
            dir: dir.to_string(),
            what,
        };
        match files::check_directory(&path) {
            Ok(Some(special)) => Err(refuse(special.describe())),
            Ok(None) if create && !path.exists() => match std::fs::create_dir(&path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    self.ensure_directory(rel, false)
                }
                Err(e) => Err(io_error(dir, e)),
            },
            Ok(None) => Ok(()),
            Err(e) => Err(refuse(e.to_string())),
        }
    }
}

/// Reads a file for the comparison: only a regular file, kept open so the
/// replacement can check it is still the same file.
fn read_current(root: &Path, rel: &str) -> Result<Current, ApplyError> {
    match files::open_regular(&root.join(rel)) {
        Ok(Entry::Missing) => Ok(Current {
            file: None,
            bytes: None,
        }),
        Ok(Entry::File(file)) => {
            let mut bytes = Vec::new();
            (&file)
                .take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| io_error(rel, e))?;
            Ok(Current {
                file: Some(file),
                bytes: Some(bytes),
            })
        }
        Ok(Entry::Special(special)) => Err(ApplyError::NotAFile {
            rel: rel.to_string(),
            what: special.describe(),
        }),
        Err(e) => Err(io_error(rel, e)),
    }
}

fn replace(path: &Path, temp: Option<NamedTempFile>, current: &Current) -> io::Result<Outcome> {
    let compared = match (&current.file, &current.bytes) {
        (Some(file), Some(bytes)) => Some(Compared { file, bytes }),
        _ => None,
    };
    match (temp, compared) {
        (Some(temp), None) => atomic::create(temp, path),
        (Some(temp), Some(compared)) => atomic::replace(temp, path, &compared),
        (None, Some(compared)) => atomic::remove(path, &compared),
        // Deleting a file that is not there changes nothing (skipped by the caller).
        (None, None) => Ok(Outcome::Done(None)),
    }
}

/// Puts back the files of a change already replaced when a later one could not be:
/// a change is written whole or not at all. (Under the lock, so no other mlboard
/// sees the partial change.)
fn put_back(paths: &[PathBuf], currents: &[Current], done: &[(usize, Option<TempPath>)]) {
    for (i, _) in done.iter().rev() {
        let _ = match &currents[*i].bytes {
            Some(bytes) => atomic::write_atomic(&paths[*i], bytes),
            None => std::fs::remove_file(&paths[*i]),
        };
    }
}

fn io_error(rel: &str, source: io::Error) -> ApplyError {
    ApplyError::Io {
        rel: rel.to_string(),
        source,
    }
}
