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
        Err(e) => return not_opened(path, e),
    };
    let meta = file.metadata()?;
    match Special::of(path, meta.file_type()) {
        None => Ok(Entry::File(file)),
        Some(special) => Ok(Entry::Special(special)),
    }
}

/// A board directory opened once, to open many of its files by name: each open is
/// relative to the directory already opened (one path component to look up, not the
/// whole path), and a directory replaced by a symbolic link after it was checked is
/// never followed, since the directory opened is used, not its name.
#[derive(Debug)]
pub struct Dir {
    path: std::path::PathBuf,
    #[cfg(unix)]
    fd: std::os::fd::OwnedFd,
}

impl Dir {
    /// Opens the directory at `path`, not following a symbolic link there.
    pub fn open(path: &Path) -> io::Result<Dir> {
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            let fd = rustix::fs::open(path, flags, Mode::empty())?;
            Ok(Dir {
                path: path.to_path_buf(),
                fd,
            })
        }
        #[cfg(not(unix))]
        {
            match check_directory(path)? {
                None if path.is_dir() => Ok(Dir {
                    path: path.to_path_buf(),
                }),
                None => Err(io::ErrorKind::NotFound.into()),
                Some(special) => Err(io::Error::other(special.describe())),
            }
        }
    }

    /// Calls `f` with the name of each entry of the directory (read from the directory
    /// opened, not from its path). Names that are not UTF-8 are skipped: no board
    /// file has one.
    pub fn names(&self, mut f: impl FnMut(&str)) -> io::Result<()> {
        #[cfg(unix)]
        {
            for entry in rustix::fs::Dir::read_from(&self.fd)? {
                if let Ok(name) = entry?.file_name().to_str() {
                    f(name);
                }
            }
        }
        #[cfg(not(unix))]
        {
            for entry in fs::read_dir(&self.path)? {
                if let Some(name) = entry?.file_name().to_str() {
                    f(name);
                }
            }
        }
        Ok(())
    }

    /// Opens the file `name` of this directory for reading if, and only if, it is a
    /// regular file (as `open_regular` does), with its size when it is one.
    pub fn open_regular(&self, name: &str) -> io::Result<(Entry, u64)> {
        #[cfg(unix)]
        let opened = {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY
                | OFlags::NOFOLLOW
                | OFlags::NONBLOCK
                | OFlags::NOCTTY
                | OFlags::CLOEXEC;
            rustix::fs::openat(&self.fd, name, flags, Mode::empty())
                .map(File::from)
                .map_err(io::Error::from)
        };
        #[cfg(not(unix))]
        let opened = open_no_follow(&self.path.join(name));
        let file = match opened {
            Ok(file) => file,
            Err(e) => return not_opened(&self.path.join(name), e).map(|entry| (entry, 0)),
        };
        let meta = file.metadata()?;
        if meta.is_file() {
            return Ok((Entry::File(file), meta.len()));
        }
        let special = Special::of(&self.path.join(name), meta.file_type());
        Ok((Entry::Special(special.unwrap_or(Special::Unknown)), 0))
    }
}

/// A regular file as `stat` describes it: the device and inode it lives in, its size,
/// and when its content (`mtime`) and its inode (`ctime`) last changed. Two looks at a
/// path that give the same identity saw the same file, unchanged — as git's index
/// trusts it — provided the file did not change in the same clock tick as the first
/// look (the start-up cache leaves such files out). `ctime` cannot be set by a
/// program, so copying old times back onto a changed file does not fool it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    pub dev: u64,
    pub ino: u64,
    pub size: u64,
    pub mtime: (i64, u32),
    pub ctime: (i64, u32),
}

#[cfg(unix)]
impl Identity {
    /// The identity `stat` gave, when it is that of a regular file.
    #[allow(clippy::unnecessary_cast)] // the field types differ between platforms
    fn of(stat: &rustix::fs::Stat) -> Option<Identity> {
        let kind = rustix::fs::FileType::from_raw_mode(stat.st_mode as _);
        (kind == rustix::fs::FileType::RegularFile).then_some(Identity {
            dev: stat.st_dev as u64,
            ino: stat.st_ino as u64,
            size: stat.st_size as u64,
            mtime: (stat.st_mtime as i64, stat.st_mtime_nsec as u32),
            ctime: (stat.st_ctime as i64, stat.st_ctime_nsec as u32),
        })
    }

    /// The identity of an open file, when it is a regular one (`fstat`).
    pub fn of_file(file: &File) -> Option<Identity> {
        Identity::of(&rustix::fs::fstat(file).ok()?)
    }
}

#[cfg(unix)]
impl Dir {
    /// The identity of the entry `name` of this directory, when it is a regular file
    /// (one `stat`, not following a symbolic link; nothing is opened).
    pub fn identity(&self, name: &str) -> Option<Identity> {
        let flags = rustix::fs::AtFlags::SYMLINK_NOFOLLOW;
        Identity::of(&rustix::fs::statat(&self.fd, name, flags).ok()?)
    }
}

#[cfg(not(unix))]
impl Identity {
    /// Without `fstat` there is no identity: the start-up cache is never used.
    pub fn of_file(_: &File) -> Option<Identity> {
        None
    }
}

#[cfg(not(unix))]
impl Dir {
    pub fn identity(&self, _: &str) -> Option<Identity> {
        None
    }
}

/// What an open that failed found at `path`: nothing, or what it is when it is not a
/// plain error.
fn not_opened(path: &Path, e: io::Error) -> io::Result<Entry> {
    if e.kind() == io::ErrorKind::NotFound {
        return Ok(Entry::Missing);
    }
    // A symbolic link (`ELOOP` under `O_NOFOLLOW`), a socket (`ENXIO`) or anything
    // else that cannot be opened.
    match fs::symlink_metadata(path) {
        Ok(meta) => match Special::of(path, meta.file_type()) {
            Some(special) => Ok(Entry::Special(special)),
            None => Err(e),
        },
        Err(_) => Err(e),
    }
}

/// Reads a regular file of `len` bytes (as `fstat` said) into `bytes`, at most
/// `limit` bytes. A board file takes one `read`: asked for one byte more than its
/// size, a regular file that returns exactly its size is at its end. Only a file that
/// changed size since, or a file system that returns less than it has, is read on to
/// its end the usual way.
pub fn read_sized(mut file: &File, len: u64, limit: u64, bytes: &mut Vec<u8>) -> io::Result<()> {
    use std::io::Read;
    bytes.clear();
    if len < limit {
        bytes.resize(len as usize + 1, 0);
        let n = loop {
            match file.read(bytes) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                result => break result?,
            }
        };
        bytes.truncate(n);
        if n as u64 == len {
            return Ok(());
        }
    }
    let read = bytes.len() as u64;
    file.take(limit - read.min(limit)).read_to_end(bytes)?;
    Ok(())
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
    fn files_open_in_the_directory_opened_not_through_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let p = |name: &str| dir.path().join(name);
        fs::create_dir(p("cards")).unwrap();
        fs::write(p("cards/a.ron"), "mine").unwrap();
        fs::create_dir(p("elsewhere")).unwrap();
        fs::write(p("elsewhere/a.ron"), "not mine").unwrap();
        let cards = Dir::open(&p("cards")).unwrap();
        // Replaced by a link after it was opened: the link is never followed.
        fs::rename(p("cards"), p("moved")).unwrap();
        std::os::unix::fs::symlink(p("elsewhere"), p("cards")).unwrap();
        let (Entry::File(file), len) = cards.open_regular("a.ron").unwrap() else {
            panic!("a.ron is a regular file");
        };
        let mut bytes = Vec::new();
        read_sized(&file, len, 100, &mut bytes).unwrap();
        assert_eq!(bytes, b"mine");
        let mut names = Vec::new();
        cards.names(|name| names.push(name.to_string())).unwrap();
        assert!(names.contains(&"a.ron".to_string()), "{names:?}");
        assert!(matches!(
            cards.open_regular("none.ron").unwrap().0,
            Entry::Missing
        ));
        assert!(matches!(
            Dir::open(&p("cards")).unwrap_err().raw_os_error(),
            Some(code) if code == rustix::io::Errno::LOOP.raw_os_error()
                || code == rustix::io::Errno::NOTDIR.raw_os_error()
        ));
    }

    /// The size `fstat` gave is only a hint: a file that grew or shrank since is
    /// still read whole, up to the limit.
    #[test]
    fn read_sized_reads_the_file_as_it_is_now() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, "hello world").unwrap();
        let file = File::open(&path).unwrap();
        let mut bytes = Vec::new();
        for said in [11, 0, 5, 40] {
            read_sized(&file, said, 100, &mut bytes).unwrap();
            assert_eq!(bytes, b"hello world", "said {said}");
            std::io::Seek::rewind(&mut &file).unwrap();
        }
        read_sized(&file, 11, 4, &mut bytes).unwrap();
        assert_eq!(bytes, b"hell");
    }

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
