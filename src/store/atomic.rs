//! Atomic file replacement: a temporary dot-file in the same directory, written and
//! fsynced, then put in place. A crash at any instant leaves the old file or the new
//! one, never a torn one.
//!
//! Replacing a file someone may be writing at the same instant is done so that their
//! write is never lost, whatever program they are (an editor, `git pull`): on Linux
//! the new file is *exchanged* with the old one (`renameat2(RENAME_EXCHANGE)`), and
//! what comes out is checked to be the very file that was compared, unchanged. If it
//! is not, the exchange is undone at once and the write is refused. Creating a file
//! never replaces one that appeared meanwhile (`RENAME_NOREPLACE`); deleting first
//! moves the file aside and checks it the same way. Where the file system cannot
//! exchange (NFS, other systems), a plain rename follows the comparison within
//! microseconds.

use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use tempfile::{NamedTempFile, TempPath};

/// The prefix and suffix of every temporary file mlboard writes.
pub const TEMP_PREFIX: &str = ".mlboard-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// True for the name of a temporary file mlboard writes (`.mlboard-Xa3k9.tmp`).
pub fn is_temp_name(name: &str) -> bool {
    name.len() > TEMP_PREFIX.len() + TEMP_SUFFIX.len()
        && name.starts_with(TEMP_PREFIX)
        && name.ends_with(TEMP_SUFFIX)
}

/// Writes `bytes` to a new temporary file in `dir` and makes it durable: all the slow
/// work of a write, done before the board's lock is taken.
pub fn prepare(dir: &Path, bytes: &[u8]) -> io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Board files are shared through git: readable like any file the user creates.
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut temp = builder.tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    Ok(temp)
}

/// Writes a file atomically with no check (a new board's files).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = parent(path)?;
    let temp = prepare(dir, bytes)?;
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// The file a replacement was compared against: its open descriptor and the bytes
/// read from it.
pub struct Compared<'a> {
    pub file: &'a File,
    pub bytes: &'a [u8],
}

/// What a replacement did.
pub enum Outcome {
    /// In place. The displaced file, if any, is removed when this is dropped.
    Done(Option<TempPath>),
    /// Someone else changed, created or deleted the file at the last instant: nothing
    /// was replaced, their version is in place.
    Raced,
}

/// Puts `temp` in place of the file at `target`, which was `compared`.
pub fn replace(temp: NamedTempFile, target: &Path, compared: &Compared) -> io::Result<Outcome> {
    keep_mode(&temp, target);
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, temp.path(), CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => {
                // `temp`'s name now holds what was at `target`.
                if is_unchanged(temp.path(), compared) {
                    return Ok(Outcome::Done(Some(temp.into_temp_path())));
                }
                return swap_back(temp, target);
            }
            Err(rustix::io::Errno::NOENT) => return Ok(Outcome::Raced),
            Err(e) if !exchange_unsupported(e) => return Err(e.into()),
            Err(_) => {} // fall back to a plain rename below
        }
    }
    let _ = compared;
    temp.persist(target).map_err(|e| e.error)?;
    Ok(Outcome::Done(None))
}

/// Gives the new version of a file the permissions of the one it replaces (a card the
/// team made group-writable stays so), as an editor does. Only a regular file's: a
/// file that is not one is never replaced anyway (the comparison refuses it).
pub fn keep_mode(temp: &NamedTempFile, target: &Path) {
    if let Ok(meta) = std::fs::symlink_metadata(target)
        && meta.is_file()
    {
        // A mode that cannot be kept is no reason to refuse the write.
        let _ = temp.as_file().set_permissions(meta.permissions());
    }
}

/// Puts `temp` at `target`, where there was no file; never replaces one that
/// appeared meanwhile.
pub fn create(temp: NamedTempFile, target: &Path) -> io::Result<Outcome> {
    match temp.persist_noclobber(target) {
        Ok(_) => Ok(Outcome::Done(None)),
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Ok(Outcome::Raced),
        Err(e) => Err(e.error),
    }
}

/// Deletes the file at `target`, which was `compared`.
pub fn remove(target: &Path, compared: &Compared) -> io::Result<Outcome> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        let dir = parent(target)?;
        for _ in 0..8 {
            let aside = dir.join(random_temp_name());
            match renameat_with(CWD, target, CWD, &aside, RenameFlags::NOREPLACE) {
                Ok(()) => {
                    let aside = TempPath::try_from_path(aside)?;
                    if is_unchanged(&aside, compared) {
                        return Ok(Outcome::Done(Some(aside)));
                    }
                    // Someone's newer version: back where it was, unless yet another
                    // file appeared there; then it stays aside, removed with the
                    // other crash leftovers after an hour.
                    if renameat_with(CWD, &*aside, CWD, target, RenameFlags::NOREPLACE).is_err() {
                        let _ = aside.keep();
                    }
                    return Ok(Outcome::Raced);
                }
                Err(rustix::io::Errno::NOENT) => return Ok(Outcome::Raced),
                Err(rustix::io::Errno::EXIST) => continue,
                Err(e) if !exchange_unsupported(e) => return Err(e.into()),
                Err(_) => break,
            }
        }
    }
    let _ = compared;
    match std::fs::remove_file(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Outcome::Raced),
        Err(e) => Err(e),
        Ok(()) => Ok(Outcome::Done(None)),
    }
}

/// Undoes an exchange whose displaced file was not the one compared: that file goes
/// back in place, and mlboard's version is dropped.
#[cfg(target_os = "linux")]
fn swap_back(temp: NamedTempFile, target: &Path) -> io::Result<Outcome> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, temp.path(), CWD, target, RenameFlags::EXCHANGE) {
        // `temp` holds mlboard's version again; dropping it removes it.
        Ok(()) => Ok(Outcome::Raced),
        Err(e) => {
            // The other version must not be lost: keep it where it is, and say so.
            let kept = temp.into_temp_path().keep().map_err(|e| e.error)?;
            Err(io::Error::other(format!(
                "another program wrote the file at the same instant; its version is kept in {} ({e})",
                kept.display()
            )))
        }
    }
}

/// True when `path` names the file that was compared and it still holds the bytes
/// that were compared (an in-place writer changes the file, not its identity).
#[cfg(target_os = "linux")]
fn is_unchanged(path: &Path, compared: &Compared) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(now), Ok(then)) = (std::fs::symlink_metadata(path), compared.file.metadata()) else {
        return false;
    };
    if now.dev() != then.dev() || now.ino() != then.ino() {
        return false;
    }
    let mut file = compared.file;
    let mut bytes = Vec::with_capacity(compared.bytes.len() + 1);
    file.rewind().is_ok()
        && file
            .take(compared.bytes.len() as u64 + 1)
            .read_to_end(&mut bytes)
            .is_ok()
        && bytes == compared.bytes
}

#[cfg(target_os = "linux")]
fn exchange_unsupported(e: rustix::io::Errno) -> bool {
    use rustix::io::Errno;
    matches!(
        e,
        Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP | Errno::XDEV
    )
}

#[cfg(target_os = "linux")]
fn random_temp_name() -> String {
    let mut rng = fastrand::Rng::new();
    let name: String = (0..12).map(|_| rng.alphanumeric()).collect();
    format!("{TEMP_PREFIX}{name}{TEMP_SUFFIX}")
}

fn parent(path: &Path) -> io::Result<&Path> {
    path.parent()
        .ok_or_else(|| io::Error::other("a board file must be inside a directory"))
}

/// Makes renames and deletions in `dir` durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()?;
    }
    let _ = dir;
    Ok(())
}

/// The directories of these paths, each once.
pub fn directories(paths: &[PathBuf]) -> Vec<&Path> {
    let mut dirs: Vec<&Path> = paths.iter().filter_map(|p| p.parent()).collect();
    dirs.sort();
    dirs.dedup();
    dirs
}
