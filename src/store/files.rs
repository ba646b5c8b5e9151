//! Opening what a board directory holds, as the untrusted input it is (a shared
//! repository; git stores symbolic links). Only regular files are ever opened for
//! reading: a symbolic link is never followed (`O_NOFOLLOW`), a FIFO can never block
//! (`O_NONBLOCK`), and what was opened is checked to be a regular file (`fstat`)
//! before a byte is read. Everything else is named, so a problem can say what it is.

use std::fs::{self, File};
use std::io;
use std::path::Path;

/// Something at a board path that is not a regular file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Special {
    /// A symbolic link, with where it points (read with `readlink`, never followed).
    Symlink(String),
    Directory,
    Fifo,
    Socket,
    Device,
    Unknown,
}

impl Special {
    /// What it is, in words: "a FIFO (named pipe)".
    pub fn describe(&self) -> String {
        match self {
            Special::Symlink(target) => format!(
                "a symbolic link (to {})",
                crate::model::text::safe_line(target)
            ),
            Special::Directory => "a directory".to_string(),
            Special::Fifo => "a FIFO (named pipe)".to_string(),
            Special::Socket => "a socket".to_string(),
            Special::Device => "a device file".to_string(),
            Special::Unknown => "not a regular file".to_string(),
        }
    }

    fn of(path: &Path, file_type: fs::FileType) -> Option<Special> {
        if file_type.is_file() {
            return None;
        }
        if file_type.is_symlink() {
            let target = fs::read_link(path)
                .map(|t| t.to_string_lossy().into_owned())
                .unwrap_or_else(|_| "somewhere".to_string());
            return Some(Special::Symlink(target));
        }
        if file_type.is_dir() {
            return Some(Special::Directory);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return Some(Special::Fifo);
            }
            if file_type.is_socket() {
                return Some(Special::Socket);
            }
            if file_type.is_block_device() || file_type.is_char_device() {
                return Some(Special::Device);
            }
        }
        Some(Special::Unknown)
    }
}

/// What is at a path: nothing, a regular file (opened for reading), or something else.
#[derive(Debug)]
pub enum Entry {
    Missing,
    File(File),
    Special(Special),
}

/// What is at `path`, without following a symbolic link there (`lstat`).
pub fn inspect(path: &Path) -> io::Result<Option<Special>> {
    match fs::symlink_metadata(path) {
        Ok(meta) => Ok(Special::of(path, meta.file_type())),
        Err(e) => Err(e),
    }
}

/// Opens `path` for reading if, and only if, it is a regular file.
pub fn open_regular(path: &Path) -> io::Result<Entry> {
    let file = match open_no_follow(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Entry::Missing),
        // A symbolic link (`ELOOP` under `O_NOFOLLOW`), a socket (`ENXIO`) or anything
        // else that cannot be opened: say what it is when it is not a plain error.
        Err(e) => {
            return match fs::symlink_metadata(path) {
                Ok(meta) => match Special::of(path, meta.file_type()) {
                    Some(special) => Ok(Entry::Special(special)),
                    None => Err(e),
                },
                Err(_) => Err(e),
            };
        }
    };
    let meta = file.metadata()?;
    match Special::of(path, meta.file_type()) {
        None => Ok(Entry::File(file)),
        Some(special) => Ok(Entry::Special(special)),
    }
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    let flags =
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
    let fd = rustix::fs::open(path, flags, Mode::empty())?;
    Ok(File::from(fd))
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> io::Result<File> {
    // Without O_NOFOLLOW: look first. (A race with a local attacker remains; the
    // board's content from a repository cannot change between these two calls.)
    if let Some(special) = inspect(path)? {
        return Err(io::Error::other(special.describe()));
    }
    File::open(path)
}

/// Whether `path` is a real directory (not a symbolic link to one). `Ok(None)` when
/// it is one or does not exist; otherwise what it is instead.
pub fn check_directory(path: &Path) -> io::Result<Option<Special>> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_dir() => Ok(None),
        Ok(meta) => Ok(Some(
            Special::of(path, meta.file_type()).unwrap_or(Special::Unknown),
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn names_what_is_not_a_regular_file_and_never_follows_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = |name: &str| dir.path().join(name);
        fs::write(p("plain"), "x").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", p("link")).unwrap();
        std::os::unix::fs::symlink("nowhere", p("dangling")).unwrap();
        fs::create_dir(p("dir")).unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(p("fifo"))
            .status()
            .unwrap();
        assert!(status.success());
        let _socket = std::os::unix::net::UnixListener::bind(p("socket")).unwrap();

        assert!(matches!(open_regular(&p("plain")).unwrap(), Entry::File(_)));
        assert!(matches!(open_regular(&p("none")).unwrap(), Entry::Missing));
        let special = |name: &str| match open_regular(&p(name)).unwrap() {
            Entry::Special(s) => s,
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(special("link"), Special::Symlink("/etc/passwd".into()));
        assert_eq!(special("dangling"), Special::Symlink("nowhere".into()));
        assert_eq!(special("dir"), Special::Directory);
        assert_eq!(special("fifo"), Special::Fifo);
        assert_eq!(special("socket"), Special::Socket);
        assert_eq!(check_directory(&p("dir")).unwrap(), None);
        assert_eq!(check_directory(&p("none")).unwrap(), None);
        std::os::unix::fs::symlink(p("dir"), p("dirlink")).unwrap();
        assert!(matches!(
            check_directory(&p("dirlink")).unwrap(),
            Some(Special::Symlink(_))
        ));
    }
}
