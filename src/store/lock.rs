//! One writer at a time per board among mlboards: an advisory lock (`flock`) on the
//! dot-file `.mlboard.lock` in the board directory, held only from the final re-read
//! of the files a change replaces to their rename, a few dozen microseconds. The
//! temporary files are written and fsynced before it is taken.
//!
//! - A killed process holds nothing: the kernel releases the lock with its last
//!   file descriptor.
//! - The file exists only while a write is in progress: the holder deletes it before
//!   it lets go, so `git status` does not list it. A waiter that then gets the lock
//!   on the deleted file sees that the path no longer names it and tries again on the
//!   new one, so two writers never hold two different files.
//! - Waiting is bounded: a lock not had within `wait` is reported, never waited on
//!   forever (a stuck writer on a network file system, a hostile lock file).
//! - A `.mlboard.lock` that is not a regular file (a symbolic link a repository
//!   planted, a FIFO) is never followed or opened for writing: the write is refused.

use super::files::Special;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The lock file's name in the board directory: a dot-file, which loading, `check`
/// and `sync` ignore like every other dot-file.
pub const LOCK_NAME: &str = ".mlboard.lock";

/// How long a write waits for another mlboard's write to finish.
pub const LOCK_WAIT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "another mlboard kept this board locked for over {} s ({LOCK_NAME}); nothing was written: try again",
        .0.as_secs_f32()
    )]
    Busy(Duration),
    #[error("the board's lock file {LOCK_NAME} is {}, not a regular file: mlboard did not write anything (remove it)", .0.describe())]
    NotAFile(Special),
    #[error("cannot lock the board ({LOCK_NAME}): {0}")]
    Io(io::Error),
}

/// The board's write lock, held until dropped.
#[derive(Debug)]
pub struct BoardLock {
    file: File,
    path: PathBuf,
}

impl BoardLock {
    /// Takes the board's lock, waiting at most `wait` for another writer.
    pub fn acquire(root: &Path, wait: Duration) -> Result<BoardLock, LockError> {
        let path = root.join(LOCK_NAME);
        let deadline = Instant::now() + wait;
        let mut pause = Duration::from_micros(500);
        loop {
            let file = open_lock_file(&path)?;
            let wait_before_retry = match file.try_lock() {
                // The holder before us may have deleted the file it locked; the lock
                // counts only if the path still names the file we locked.
                Ok(()) if same_file(&file, &path) => return Ok(BoardLock { file, path }),
                Ok(()) => false,
                Err(fs::TryLockError::WouldBlock) => true,
                Err(fs::TryLockError::Error(e)) => return Err(LockError::Io(e)),
            };
            drop(file);
            let now = Instant::now();
            if now >= deadline {
                return Err(LockError::Busy(wait));
            }
            if wait_before_retry {
                std::thread::sleep(pause.min(deadline - now));
                pause = (pause * 2).min(Duration::from_millis(20));
            }
        }
    }
}

impl Drop for BoardLock {
    fn drop(&mut self) {
        // Deleted while still held (see the module comment), and only if it is still
        // the file this lock holds.
        if same_file(&self.file, &self.path) {
            let _ = fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

/// Removes a lock file a killed writer left behind (it holds no lock: the kernel
/// released it), so `git status` does not list it. One `lstat` when there is none.
pub fn remove_stale(root: &Path) {
    let path = root.join(LOCK_NAME);
    if fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
        // Taking it, if nobody holds it, and letting go deletes it.
        let _ = BoardLock::acquire(root, Duration::ZERO);
    }
}

#[cfg(unix)]
fn open_lock_file(path: &Path) -> Result<File, LockError> {
    use rustix::fs::{Mode, OFlags};
    let flags = OFlags::RDWR
        | OFlags::CREATE
        | OFlags::NOFOLLOW
        | OFlags::NONBLOCK
        | OFlags::NOCTTY
        | OFlags::CLOEXEC;
    let file = match rustix::fs::open(path, flags, Mode::from_raw_mode(0o644)) {
        Ok(fd) => File::from(fd),
        Err(e) => {
            let error = io::Error::from(e);
            return Err(match super::files::inspect(path) {
                Ok(Some(special)) => LockError::NotAFile(special),
                _ => LockError::Io(error),
            });
        }
    };
    check_regular(path, &file)?;
    Ok(file)
}

#[cfg(not(unix))]
fn open_lock_file(path: &Path) -> Result<File, LockError> {
    if let Ok(Some(special)) = super::files::inspect(path) {
        return Err(LockError::NotAFile(special));
    }
    let file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(LockError::Io)?;
    check_regular(path, &file)?;
    Ok(file)
}

fn check_regular(path: &Path, file: &File) -> Result<(), LockError> {
    let meta = file.metadata().map_err(LockError::Io)?;
    if meta.is_file() {
        Ok(())
    } else {
        Err(LockError::NotAFile(
            super::files::inspect(path)
                .ok()
                .flatten()
                .unwrap_or(Special::Unknown),
        ))
    }
}

/// True when `path` names the file `file` has open.
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.exists()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time_and_the_file_goes_with_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let lock = BoardLock::acquire(dir.path(), LOCK_WAIT).unwrap();
        assert!(dir.path().join(LOCK_NAME).is_file());
        match BoardLock::acquire(dir.path(), Duration::from_millis(30)) {
            Err(LockError::Busy(_)) => {}
            other => panic!("a second writer got {other:?}"),
        }
        drop(lock);
        assert!(
            !dir.path().join(LOCK_NAME).exists(),
            "deleted when released"
        );
        let again = BoardLock::acquire(dir.path(), Duration::from_millis(30));
        assert!(again.is_ok());
    }

    #[test]
    fn a_waiter_on_a_deleted_lock_file_tries_the_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOCK_NAME);
        let first = BoardLock::acquire(dir.path(), LOCK_WAIT).unwrap();
        // A waiter that opened the file the first holder is about to delete.
        let stale = open_lock_file(&path).unwrap();
        drop(first);
        stale.try_lock().unwrap();
        // It holds a lock on a file no longer at the path: it does not count.
        assert!(!same_file(&stale, &path));
        let second = BoardLock::acquire(dir.path(), Duration::from_millis(30)).unwrap();
        assert!(same_file(&second.file, &path));
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_lock_file_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("victim");
        std::os::unix::fs::symlink(&target, dir.path().join(LOCK_NAME)).unwrap();
        match BoardLock::acquire(dir.path(), Duration::from_millis(30)) {
            Err(LockError::NotAFile(Special::Symlink(_))) => {}
            other => panic!("{other:?}"),
        }
        assert!(!target.exists(), "the link's target was not created");
    }
}
