//! The start-up cache: the bytes of a board's files as the TUI last read them, each
//! with the file's identity (`files::Identity`: device, inode, size, content and inode
//! change times), so that opening a board of 100,000 cards can take one `stat` per
//! file instead of an `open`, a `read` and a `close` (the kernel's share of opening a
//! big board; see the README's *Performance*).
//!
//! It is only ever a shortcut to the same bytes: a file whose identity on disk is not
//! exactly the one recorded is read from disk as if there were no cache, and the
//! bytes from the cache go through the same parser, checks and fingerprints as bytes
//! read from disk. A file that changed in the last few seconds before the cache was
//! written is left out of it, since a second change in the same tick of the file
//! system's clock would keep its identity (git's "racy" rule). The cache's layout and
//! its board (the board's canonical path) are checked before any of it is used, and
//! each file's bytes against their own checksum before they are: anything wrong and
//! that part is not used (every read is bounds-checked; a damaged cache cannot make
//! loading panic or loop). It lives in the user's cache directory, never in the
//! board, and only the TUI uses it (the CLI reads the files). `MLBOARD_NO_CACHE=1`
//! turns it off.

use super::files::{self, Identity};
use std::hash::BuildHasher;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The first bytes of a cache file; a new layout gets a new number.
const MAGIC: &[u8; 24] = b"mlboard start-up cache3\n";

/// A file whose content or inode changed less than this many seconds before the cache
/// was written is left out: another change within the same clock tick would not show
/// in its identity. Coarse file-system clocks tick in milliseconds (ext4, tmpfs) or
/// up to two seconds (FAT).
const SETTLED_SECS: i64 = 3;

/// The layout, all numbers little-endian: `MAGIC`; the board's canonical path (u32
/// length, bytes); the number of files (u32); the offset of the index (u64); the
/// number of slots of the table (u32, a power of two); then each file's name and
/// bytes one after the other; then the index, one `RECORD`-byte record per file; then
/// the table: a hash table of u32 slots (a record's number plus one, 0 for none,
/// linear probing) in which a file's name is found in the file as it is mapped, with
/// nothing to build first and one or two records looked at.
const RECORD: usize = 4 + 2 + 2 + 8 + 4 + 4 + IDENTITY_BYTES + 8;

/// The bytes of one identity in a record.
const IDENTITY_BYTES: usize = 8 * 5 + 4 * 2;

/// The seed of each file's checksum: the same in every process, so bytes written by one
/// are checked by another (a different foldhash version may hash differently; the
/// cache is then only rebuilt).
const CHECKSUM: foldhash::quality::FixedState =
    foldhash::quality::FixedState::with_seed(0x6d6c_626f_6172_6431);

/// Where the cache of the board at `root` lives, unless turned off or there is no
/// cache directory: `<cache dir>/boards/<hash of the board's canonical path>.cache`.
pub fn location(root: &Path) -> Option<PathBuf> {
    if std::env::var_os("MLBOARD_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0") {
        return None;
    }
    let dirs = super::locate::project_dirs()?;
    let canonical = std::fs::canonicalize(root).ok()?;
    let key = CHECKSUM.hash_one(canonical.as_os_str().as_encoded_bytes());
    Some(
        dirs.cache_dir()
            .join("boards")
            .join(format!("{key:016x}.cache")),
    )
}

/// A cache read back, ready for loading to look files up in.
pub struct Snapshot {
    bytes: map::Mapped,
    /// Where the index starts, and how many records it has.
    index: usize,
    count: usize,
    /// Where the table starts, and its number of slots less one (a mask).
    table: usize,
    mask: usize,
    looked_up: AtomicUsize,
    used: AtomicUsize,
}

/// One record of the index, read.
struct Record {
    name: (usize, usize),
    data: (usize, usize),
    identity: Identity,
    checksum: u64,
}

impl Snapshot {
    /// Maps the cache at `cache` for the board at `root`; `None` when there is none,
    /// or it is for another board, or its layout is wrong. (Each file's bytes are
    /// checked against their checksum when they are used.)
    pub fn read(cache: &Path, root: &Path) -> Option<Snapshot> {
        let canonical = std::fs::canonicalize(root).ok()?;
        Snapshot::from_bytes(
            map::Mapped::open(cache)?,
            canonical.as_os_str().as_encoded_bytes(),
        )
    }

    fn from_bytes(bytes: map::Mapped, root: &[u8]) -> Option<Snapshot> {
        let mut at = Reader {
            bytes: &bytes,
            pos: 0,
        };
        if at.take(MAGIC.len())? != MAGIC {
            return None;
        }
        let root_len = at.u32()? as usize;
        if at.take(root_len)? != root {
            return None;
        }
        let count = at.u32()? as usize;
        let index = usize::try_from(at.u64()?).ok()?;
        let slots = at.u32()? as usize;
        let table = index.checked_add(count.checked_mul(RECORD)?)?;
        if !slots.is_power_of_two()
            || slots <= count
            || table.checked_add(slots * 4)? != bytes.len()
        {
            return None;
        }
        Some(Snapshot {
            bytes,
            index,
            count,
            table,
            mask: slots - 1,
            looked_up: AtomicUsize::new(0),
            used: AtomicUsize::new(0),
        })
    }

    fn record(&self, i: usize) -> Option<Record> {
        if i >= self.count {
            return None;
        }
        let mut at = Reader {
            bytes: &self.bytes,
            pos: self.index + i * RECORD,
        };
        let name = (at.u32()? as usize, at.u16()? as usize);
        at.u16()?;
        let data = (usize::try_from(at.u64()?).ok()?, at.u32()? as usize);
        at.u32()?;
        let identity = at.identity()?;
        let checksum = at.u64()?;
        Some(Record {
            name,
            data,
            identity,
            checksum,
        })
    }

    fn slice(&self, (start, len): (usize, usize)) -> Option<&[u8]> {
        self.bytes.get(start..start.checked_add(len)?)
    }

    /// The record of the file `rel`, from the table.
    fn find(&self, rel: &str) -> Option<Record> {
        let mut slot = slot_of(rel, self.mask);
        // At most every slot once: a damaged table cannot loop.
        for _ in 0..=self.mask {
            let at = self.table + slot * 4;
            let number = u32::from_le_bytes(self.bytes.get(at..at + 4)?.try_into().ok()?);
            let record = self.record(number.checked_sub(1)? as usize)?;
            if self.slice(record.name)? == rel.as_bytes() {
                return Some(record);
            }
            slot = (slot + 1) & self.mask;
        }
        None
    }

    /// The bytes the cache holds for `rel` when the file is still the one they were
    /// read from: `current` is asked for its identity on disk now only when the
    /// cache has the file.
    pub fn bytes_if_unchanged(
        &self,
        rel: &str,
        current: impl FnOnce() -> Option<Identity>,
    ) -> Option<&[u8]> {
        self.looked_up.fetch_add(1, Ordering::Relaxed);
        let record = self.find(rel)?;
        if current()? != record.identity {
            return None;
        }
        let bytes = self.slice(record.data)?;
        if bytes.len() as u64 != record.identity.size || CHECKSUM.hash_one(bytes) != record.checksum
        {
            return None;
        }
        self.used.fetch_add(1, Ordering::Relaxed);
        Some(bytes)
    }

    /// Whether enough files were read from disk instead (changed, new, or gone from
    /// the cache) that writing the cache again is worth it: more than one in fifty.
    pub fn is_stale(&self) -> bool {
        let looked_up = self.looked_up.load(Ordering::Relaxed);
        let used = self.used.load(Ordering::Relaxed);
        let missed = looked_up - used.min(looked_up);
        let gone = self.count - used.min(self.count);
        missed.max(gone) > (looked_up / 50).max(16)
    }

    /// How many files were taken from the cache (for tests and measurements).
    pub fn used(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }
}

/// Bounds-checked reading of the cache's layout.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

/// The table slot a file's name starts looking in.
fn slot_of(rel: &str, mask: usize) -> usize {
    CHECKSUM.hash_one(rel.as_bytes()) as usize & mask
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(slice)
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn identity(&mut self) -> Option<Identity> {
        Some(Identity {
            dev: self.u64()?,
            ino: self.u64()?,
            size: self.u64()?,
            mtime: (self.u64()? as i64, self.u32()?),
            ctime: (self.u64()? as i64, self.u32()?),
        })
    }
}

/// Builds the cache of the board at `root` from its files as they are now and
/// replaces the one at `cache` (atomically: a reader sees the old cache or the new
/// one). Runs on a thread of its own after the first frame. Returns how many files
/// it holds.
pub fn write(root: &Path, cache: &Path) -> io::Result<usize> {
    write_at(root, cache, now_unix())
}

/// `write`, with the time (Unix seconds) against which files count as settled.
fn write_at(root: &Path, cache: &Path, now: i64) -> io::Result<usize> {
    let canonical = std::fs::canonicalize(root)?;
    let root_bytes = canonical.as_os_str().as_encoded_bytes();
    let mut out = Vec::with_capacity(1 << 20);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(
        &u32::try_from(root_bytes.len())
            .map_err(io::Error::other)?
            .to_le_bytes(),
    );
    out.extend_from_slice(root_bytes);
    let header_end = out.len();
    out.extend_from_slice(&[0; 16]); // the count, the index's offset and the table's size
    let mut records: Vec<(String, [u8; RECORD])> = Vec::new();
    let mut buffer = Vec::new();
    for sub in super::SUBDIRS {
        // A subdirectory that is a symbolic link is not opened (`O_NOFOLLOW`), just
        // as loading does not follow it.
        let Ok(dir) = files::Dir::open(&root.join(sub)) else {
            continue;
        };
        let mut names = Vec::new();
        dir.names(|name| names.push(name.to_string()))?;
        for name in names {
            let rel = format!("{sub}/{name}");
            if super::classify(&rel).is_none() || rel.len() > usize::from(u16::MAX) {
                continue;
            }
            let Some(identity) = settled_bytes(&dir, &name, now, &mut buffer) else {
                continue;
            };
            let name_at = out.len();
            out.extend_from_slice(rel.as_bytes());
            let data_at = out.len();
            out.extend_from_slice(&buffer);
            let mut record = [0; RECORD];
            let mut put = Writer(&mut record[..]);
            put.bytes(
                &u32::try_from(name_at)
                    .map_err(io::Error::other)?
                    .to_le_bytes(),
            );
            put.bytes(&(rel.len() as u16).to_le_bytes());
            put.bytes(&[0; 2]);
            put.bytes(&(data_at as u64).to_le_bytes());
            put.bytes(&(buffer.len() as u32).to_le_bytes());
            put.bytes(&[0; 4]);
            put.identity(&identity);
            put.bytes(&CHECKSUM.hash_one(&buffer[..]).to_le_bytes());
            records.push((rel, record));
        }
    }
    let count = u32::try_from(records.len()).map_err(io::Error::other)?;
    let index = out.len() as u64;
    // At most half full: a name is found within a slot or two.
    let slots = (records.len() * 2 + 1).next_power_of_two();
    out[header_end..header_end + 4].copy_from_slice(&count.to_le_bytes());
    out[header_end + 4..header_end + 12].copy_from_slice(&index.to_le_bytes());
    out[header_end + 12..header_end + 16].copy_from_slice(&(slots as u32).to_le_bytes());
    let mut table = vec![0u32; slots];
    for (number, (rel, record)) in records.iter().enumerate() {
        out.extend_from_slice(record);
        let mut slot = slot_of(rel, slots - 1);
        while table[slot] != 0 {
            slot = (slot + 1) & (slots - 1);
        }
        table[slot] = number as u32 + 1;
    }
    for number in table {
        out.extend_from_slice(&number.to_le_bytes());
    }
    replace(cache, &out)?;
    Ok(records.len())
}

/// Fills a record front to back.
struct Writer<'a>(&'a mut [u8]);

impl Writer<'_> {
    fn bytes(&mut self, bytes: &[u8]) {
        let (head, tail) = std::mem::take(&mut self.0).split_at_mut(bytes.len());
        head.copy_from_slice(bytes);
        self.0 = tail;
    }

    fn identity(&mut self, identity: &Identity) {
        for n in [identity.dev, identity.ino, identity.size] {
            self.bytes(&n.to_le_bytes());
        }
        for (secs, nanos) in [identity.mtime, identity.ctime] {
            self.bytes(&secs.to_le_bytes());
            self.bytes(&nanos.to_le_bytes());
        }
    }
}

/// Reads the regular file `name` of `dir` into `buffer` and returns its identity,
/// unless it changed too recently to be trusted (see `SETTLED_SECS`) or is not a
/// readable regular file of a board's size. The identity is taken after reading, so
/// a change during the read shows as a recent change.
fn settled_bytes(dir: &files::Dir, name: &str, now: i64, buffer: &mut Vec<u8>) -> Option<Identity> {
    let (files::Entry::File(file), len) = dir.open_regular(name).ok()? else {
        return None;
    };
    if len > super::MAX_FILE_BYTES {
        return None;
    }
    files::read_sized(&file, len, super::MAX_FILE_BYTES + 1, buffer).ok()?;
    let identity = Identity::of_file(&file)?;
    let settled = |(secs, _): (i64, u32)| now - secs >= SETTLED_SECS;
    (identity.size == buffer.len() as u64 && settled(identity.mtime) && settled(identity.ctime))
        .then_some(identity)
}

/// Writes `bytes` to a new file beside `cache` and renames it over `cache`. No fsync:
/// a cache lost in a crash is only rebuilt, and a torn one fails its layout check
/// or its files' checksums.
fn replace(cache: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = cache
        .parent()
        .ok_or_else(|| io::Error::other("no cache directory"))?;
    std::fs::create_dir_all(dir)?;
    remove_old_temps(dir);
    let mut temp = tempfile::Builder::new()
        .prefix(".mlboard-cache-")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.persist(cache).map_err(|e| e.error)?;
    Ok(())
}

/// Removes what a writer killed mid-write left behind (an hour old: no writer takes
/// that long).
fn remove_old_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        if old
            && entry
                .file_name()
                .to_string_lossy()
                .starts_with(".mlboard-cache-")
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The cache file mapped into memory, read-only. Mapping rather than reading it
/// means no copy of tens of megabytes before the first file is parsed: the pages
/// come straight from the page cache, on the loading threads, as they are touched.
mod map {
    use std::path::Path;

    #[cfg(unix)]
    pub struct Mapped {
        ptr: std::ptr::NonNull<u8>,
        len: usize,
    }

    // The mapping is read-only and private to this process, so shared references to
    // it may cross threads (the loading threads all read it).
    #[cfg(unix)]
    unsafe impl Send for Mapped {}
    #[cfg(unix)]
    unsafe impl Sync for Mapped {}

    #[cfg(unix)]
    impl Mapped {
        /// Maps the regular file at `path` (never following a link), or `None`.
        ///
        /// A mapped file that shrinks while mapped would fault on access. mlboard
        /// never truncates a cache file: it writes a new one and renames it over the
        /// old, and a mapping keeps the old file whole. (It lives in the user's own
        /// cache directory, written with mode 0600.)
        pub fn open(path: &Path) -> Option<Mapped> {
            use rustix::fs::{Mode, OFlags};
            use rustix::mm::{MapFlags, ProtFlags};
            let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
            let fd = rustix::fs::open(path, flags, Mode::empty()).ok()?;
            let stat = rustix::fs::fstat(&fd).ok()?;
            let kind = rustix::fs::FileType::from_raw_mode(stat.st_mode as _);
            let len = usize::try_from(stat.st_size).ok()?;
            if kind != rustix::fs::FileType::RegularFile || len == 0 {
                return None;
            }
            // SAFETY: a new read-only private mapping of a whole regular file, at an
            // address the kernel chooses; it is unmapped once, in `drop`.
            let ptr = unsafe {
                rustix::mm::mmap(
                    std::ptr::null_mut(),
                    len,
                    ProtFlags::READ,
                    MapFlags::PRIVATE,
                    &fd,
                    0,
                )
            }
            .ok()?;
            Some(Mapped {
                ptr: std::ptr::NonNull::new(ptr.cast())?,
                len,
            })
        }
    }

    #[cfg(unix)]
    impl std::ops::Deref for Mapped {
        type Target = [u8];

        fn deref(&self) -> &[u8] {
            // SAFETY: `ptr` is a live mapping of `len` readable bytes until `drop`.
            unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
        }
    }

    #[cfg(unix)]
    impl Drop for Mapped {
        fn drop(&mut self) {
            // SAFETY: the mapping made in `open`, unmapped only here; no reference
            // into it outlives `self`.
            let _ = unsafe { rustix::mm::munmap(self.ptr.as_ptr().cast(), self.len) };
        }
    }

    /// Elsewhere the file is read whole.
    #[cfg(not(unix))]
    pub struct Mapped(Vec<u8>);

    #[cfg(not(unix))]
    impl Mapped {
        pub fn open(path: &Path) -> Option<Mapped> {
            std::fs::read(path).ok().map(Mapped)
        }
    }

    #[cfg(not(unix))]
    impl std::ops::Deref for Mapped {
        type Target = [u8];

        fn deref(&self) -> &[u8] {
            &self.0
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::model::{BoardSettings, Card, Phase, Rank, RoleSet, Timestamp};
    use crate::store::{Store, card_rel};
    use std::fs;

    /// Later than any file of the test was changed: every file counts as settled.
    fn later() -> i64 {
        now_unix() + 60
    }

    fn board(n: usize) -> (tempfile::TempDir, Vec<Card>) {
        let dir = tempfile::tempdir().unwrap();
        let cards: Vec<Card> = Rank::spread(n)
            .into_iter()
            .enumerate()
            .map(|(i, rank)| {
                Card::new(
                    format!("c{i:04}").parse().unwrap(),
                    format!("Card {i}"),
                    Phase::Design,
                    rank,
                    RoleSet::EMPTY,
                    Timestamp::from_unix(1_700_000_000),
                )
            })
            .collect();
        Store::init(dir.path(), &BoardSettings::new("t"), &cards).unwrap();
        (dir, cards)
    }

    fn open(root: &Path, cache: &Path) -> (crate::store::Loaded, usize) {
        let snapshot = Snapshot::read(cache, root).expect("a cache");
        let loaded = Store::open_with_cache(root, Some(&snapshot)).unwrap();
        (loaded, snapshot.used())
    }

    #[test]
    fn a_board_opened_from_its_cache_is_the_board_on_disk() {
        let (dir, cards) = board(300);
        let cache = dir.path().join("cache/board.cache");
        assert_eq!(write_at(dir.path(), &cache, later()).unwrap(), 300);
        let (loaded, used) = open(dir.path(), &cache);
        assert_eq!(used, 300);
        let plain = Store::open(dir.path()).unwrap();
        for card in &cards {
            assert_eq!(
                loaded.board.card_by_id(&card.id),
                plain.board.card_by_id(&card.id)
            );
        }
        assert_eq!(loaded.problems, plain.problems);
    }

    /// A file changed after the cache was written is read from disk, even when its
    /// size is the same; a file replaced by a link is refused as without a cache.
    #[test]
    fn a_changed_file_is_read_from_disk() {
        let (dir, cards) = board(20);
        let cache = dir.path().join("board.cache");
        write_at(dir.path(), &cache, later()).unwrap();
        let path = dir.path().join(card_rel(&cards[3].id));
        let text = fs::read_to_string(&path).unwrap();
        let edited = text.replace("Card 3", "Card X");
        assert_eq!(edited.len(), text.len());
        // A new file, as an editor writes one (another inode), and an edit in place.
        fs::write(dir.path().join("edited.tmp"), &edited).unwrap();
        fs::rename(dir.path().join("edited.tmp"), &path).unwrap();
        let in_place = dir.path().join(card_rel(&cards[4].id));
        let text4 = fs::read_to_string(&in_place).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&in_place, text4.replace("Card 4", "Card Y")).unwrap();
        let linked = dir.path().join(card_rel(&cards[5].id));
        fs::remove_file(&linked).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", &linked).unwrap();

        let (loaded, used) = open(dir.path(), &cache);
        assert_eq!(used, 17);
        let title = |i: usize| {
            loaded
                .board
                .card_by_id(&cards[i].id)
                .map(|c| c.title.clone())
        };
        assert_eq!(title(3).as_deref(), Some("Card X"));
        assert_eq!(title(4).as_deref(), Some("Card Y"));
        assert_eq!(title(5), None);
        assert!(
            loaded
                .problems
                .iter()
                .any(|p| p.message.contains("symbolic link")),
            "{:?}",
            loaded.problems
        );
    }

    /// Bytes damaged in the cache are never used: the file is read from disk.
    #[test]
    fn damaged_bytes_in_the_cache_are_not_used() {
        let (dir, cards) = board(10);
        let cache = dir.path().join("board.cache");
        write_at(dir.path(), &cache, later()).unwrap();
        let mut bytes = fs::read(&cache).unwrap();
        let at = bytes
            .windows(6)
            .position(|w| w == b"Card 7")
            .expect("card 7's bytes in the cache");
        bytes[at + 5] = b'9';
        fs::write(&cache, &bytes).unwrap();
        let (loaded, used) = open(dir.path(), &cache);
        assert_eq!(used, 9);
        let card = loaded.board.card_by_id(&cards[7].id).unwrap();
        assert_eq!(&*card.title, "Card 7");
    }

    /// Files changed in the last seconds are left out of the cache.
    #[test]
    fn recent_files_are_left_out() {
        let (dir, _) = board(5);
        let cache = dir.path().join("board.cache");
        assert_eq!(write(dir.path(), &cache).unwrap(), 0);
        let (_, used) = open(dir.path(), &cache);
        assert_eq!(used, 0);
    }

    #[test]
    fn a_cache_is_only_used_for_its_board() {
        let (dir, _) = board(5);
        let (other, _) = board(5);
        let cache = dir.path().join("board.cache");
        write_at(dir.path(), &cache, later()).unwrap();
        assert!(Snapshot::read(&cache, other.path()).is_none());
        assert!(Snapshot::read(&dir.path().join("none.cache"), dir.path()).is_none());
    }

    #[test]
    fn staleness_follows_the_files_read_from_disk() {
        let (dir, cards) = board(100);
        let cache = dir.path().join("board.cache");
        write_at(dir.path(), &cache, later()).unwrap();
        let snapshot = Snapshot::read(&cache, dir.path()).unwrap();
        Store::open_with_cache(dir.path(), Some(&snapshot)).unwrap();
        assert!(!snapshot.is_stale());
        for card in &cards[..20] {
            fs::remove_file(dir.path().join(card_rel(&card.id))).unwrap();
        }
        let snapshot = Snapshot::read(&cache, dir.path()).unwrap();
        Store::open_with_cache(dir.path(), Some(&snapshot)).unwrap();
        assert!(snapshot.is_stale(), "20 of 100 cards gone");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 200, ..Default::default() })]
        /// A cache damaged anywhere (cut short, bytes changed) is refused or gives
        /// way to the files on disk; opening never panics and never shows bytes that
        /// are not in the files.
        #[test]
        fn a_damaged_cache_never_misleads(
            cut in proptest::option::of(0usize..4000),
            flips in proptest::collection::vec((0usize..4000, 1u8..=255), 0..6),
        ) {
            let (dir, cards) = board(8);
            let cache = dir.path().join("board.cache");
            write_at(dir.path(), &cache, later()).unwrap();
            let mut bytes = fs::read(&cache).unwrap();
            for (at, flip) in flips {
                let at = at % bytes.len();
                bytes[at] ^= flip;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut % (bytes.len() + 1));
            }
            fs::write(&cache, &bytes).unwrap();
            let snapshot = Snapshot::read(&cache, dir.path());
            let loaded = Store::open_with_cache(dir.path(), snapshot.as_ref()).unwrap();
            let plain = Store::open(dir.path()).unwrap();
            for card in &cards {
                proptest::prop_assert_eq!(
                    loaded.board.card_by_id(&card.id),
                    plain.board.card_by_id(&card.id)
                );
            }
        }
    }
}
