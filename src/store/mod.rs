//! The board directory on disk: locate, load, validate, write atomically, and notice
//! changes made by others. Typed errors carry `path:line:column`.

mod atomic;
pub mod cache;
mod canonical;
mod cleanup;
pub mod files;
pub mod journal;
mod known;
mod load;
pub mod locate;
pub mod lock;
mod parse;
mod problem;
pub mod recent;
pub mod template;
pub mod user;
pub mod watch;

pub mod format;
#[cfg(test)]
mod fuzz;
mod write;

pub use atomic::keep_mode;
pub use parse::{FileKind, MAX_FILE_BYTES, Parsed, classify, stem};
pub use problem::Problem;

use crate::model::{
    Board, BoardSettings, Card, CardId, FORMAT_VERSION, Measurement, MeasurementId, Review,
    ReviewId,
};
use parse::Located;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no board at {0}: run `mlboard init` to create one (or pass --board DIR)")]
    NoBoard(PathBuf),
    #[error("a board already exists at {0}")]
    AlreadyExists(PathBuf),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{0}")]
    Invalid(String),
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

pub fn card_rel(id: &CardId) -> String {
    format!("cards/{id}.ron")
}

pub fn review_rel(id: &ReviewId) -> String {
    format!("reviews/{id}.ron")
}

pub fn measurement_rel(id: &MeasurementId) -> String {
    format!("metrics/{id}.ron")
}

pub const SETTINGS_REL: &str = "board.ron";

/// The board's subdirectories, each holding one kind of file. Every part of mlboard
/// that walks, checks, watches, cleans or stages the board's directories uses this
/// one list.
pub const SUBDIRS: &[&str] = &["cards", "reviews", "metrics"];

/// Content fingerprint: mlboard recognises its own writes by content, never by timing.
///
/// What the store must keep of a file to compare it under the lock is only whether
/// the bytes there now are the bytes it last read or wrote; it never needs the old
/// bytes themselves (undo keeps its own copies). So it keeps the length and a 64-bit
/// hash: a change that alters the length is always seen, and one that keeps it goes
/// unseen only if two different texts hash alike, a chance of 2^-64 per comparison.
/// The hash is seeded at random once per process (fingerprints are never stored or
/// compared across processes), so no file can be made to collide on purpose; and
/// whoever can write the board's files can overwrite them anyway. foldhash is a fast
/// hash (already in the tree, under hashbrown): a board file hashes in tens of
/// nanoseconds, where SipHash took half a microsecond — 60 ms of CPU at 125,000 files.
fn fingerprint(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    static SEED: std::sync::OnceLock<foldhash::quality::RandomState> = std::sync::OnceLock::new();
    SEED.get_or_init(Default::default).hash_one(bytes)
}

/// What a file held when mlboard last read or wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Missing,
    /// Its length (saturated) and the fingerprint of its bytes.
    Bytes {
        len: u32,
        hash: u64,
    },
    /// It could not be read (not a regular file, an I/O error); the fingerprint of
    /// the problem, so a change of what is there is still noticed.
    Unreadable(u64),
}

impl Content {
    fn of(bytes: Option<&[u8]>) -> Content {
        bytes.map_or(Content::Missing, Content::bytes)
    }

    fn bytes(bytes: &[u8]) -> Content {
        Content::Bytes {
            len: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
            hash: fingerprint(bytes),
        }
    }
}

/// A new `FileUpdate` version. One counter for the whole process: a client that
/// moves on to another store (another board) can never hold a version from the old
/// one that makes the new one's look seen.
fn next_version() -> u64 {
    static LATEST: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    LATEST.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1
}

/// What the store knows of one file.
#[derive(Debug, Clone, Copy)]
struct Known {
    content: Content,
    /// The version of the last `FileUpdate` the store gave out for this file (0: as
    /// loaded when the board was opened).
    version: u64,
}

/// One file's new state, as read from disk.
#[derive(Debug, Clone, PartialEq)]
pub enum FileState {
    Parsed(Parsed),
    Problem(Problem),
    /// The file is gone (deleted, or never existed).
    Missing,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FileUpdate {
    pub rel: String,
    pub kind: FileKind,
    pub state: FileState,
    /// Increases with every update any store gives out. A change made on a board
    /// that has applied every update up to this version says so with
    /// `Basis::Seen(version)`; one made before is refused for this file.
    pub version: u64,
}

/// A file to write (`Some`) or delete (`None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileOp {
    pub rel: String,
    pub content: Option<Vec<u8>>,
}

impl FileOp {
    pub fn write_card(card: &Card) -> FileOp {
        FileOp {
            rel: card_rel(&card.id),
            content: Some(format::card_to_ron(card).into_bytes()),
        }
    }

    pub fn delete_card(id: &CardId) -> FileOp {
        FileOp {
            rel: card_rel(id),
            content: None,
        }
    }

    /// Deleting a card: its file and its review files (SPEC §2), for one change, so
    /// `check` stays clean and one undo puts every file back.
    pub fn delete_card_and_reviews(id: &CardId, reviews: &[Review]) -> Vec<FileOp> {
        let mut ops = vec![FileOp::delete_card(id)];
        ops.extend(reviews.iter().map(|r| FileOp::delete_review(&r.id)));
        ops
    }

    pub fn delete_review(id: &ReviewId) -> FileOp {
        FileOp {
            rel: review_rel(id),
            content: None,
        }
    }

    pub fn write_review(review: &Review) -> FileOp {
        FileOp {
            rel: review_rel(&review.id),
            content: Some(format::review_to_ron(review).into_bytes()),
        }
    }

    pub fn write_measurement(measurement: &Measurement) -> FileOp {
        FileOp {
            rel: measurement_rel(&measurement.id),
            content: Some(format::measurement_to_ron(measurement).into_bytes()),
        }
    }

    pub fn write_settings(settings: &BoardSettings) -> FileOp {
        FileOp {
            rel: SETTINGS_REL.to_string(),
            content: Some(format::settings_to_ron(settings).into_bytes()),
        }
    }
}

/// One user-visible change: all its files are checked before any is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What the change did, in words ("Move \"EDA\" to Development").
    pub label: String,
    pub ops: Vec<FileOp>,
    /// What the change was made on.
    pub basis: Basis,
}

impl Change {
    /// A change made on what this store read (a command that reads, then writes).
    pub fn new(label: impl Into<String>, ops: Vec<FileOp>) -> Change {
        Change {
            label: label.into(),
            ops,
            basis: Basis::Read,
        }
    }
}

/// What a change was made on. Whatever the basis, each file is compared with what
/// the store last read or wrote, under the board's lock, right before it is replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The files as this store last read or wrote them.
    Read,
    /// The board as a client (the TUI) showed it after applying every `FileUpdate`
    /// up to this version. The store may have read a file again since, on its own
    /// (the file watcher); a change to a file whose newer version the client had not
    /// yet applied was made on content the user never saw, and is refused.
    Seen(u64),
}

/// A file as it was before and after an applied change, for undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub rel: String,
    pub before: Option<Vec<u8>>,
    pub after: Option<Vec<u8>>,
}

/// Why a change was not written. Nothing of it is on disk in every case (a change of
/// several files is put back if a later file fails).
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("{0} was changed by someone else since mlboard read it; mlboard did not overwrite it")]
    ChangedOnDisk(String),
    #[error("{rel} is {what}, not a regular file: mlboard does not write through it")]
    NotAFile { rel: String, what: String },
    #[error(
        "{dir}/ is {what}, not a directory inside the board: mlboard does not write through it"
    )]
    NotADirectory { dir: String, what: String },
    #[error("read-only: {0}")]
    ReadOnly(String),
    #[error("{0}")]
    Lock(#[from] lock::LockError),
    #[error("could not write {rel}: {source}")]
    Io { rel: String, source: io::Error },
    /// The new content of a file is over `MAX_FILE_BYTES`: mlboard would refuse to
    /// read it back, so it is never written.
    #[error("{rel} would be {bytes} bytes, over the 1 MiB limit for a board file")]
    TooLarge { rel: String, bytes: u64 },
}

impl ApplyError {
    /// The file the refusal is about, so the caller can reload it.
    pub fn rel(&self) -> Option<&str> {
        match self {
            ApplyError::ChangedOnDisk(rel)
            | ApplyError::NotAFile { rel, .. }
            | ApplyError::Io { rel, .. }
            | ApplyError::TooLarge { rel, .. } => Some(rel),
            ApplyError::ReadOnly(_) | ApplyError::Lock(_) | ApplyError::NotADirectory { .. } => {
                None
            }
        }
    }
}

/// A loaded board and what could not be read.
pub struct Loaded {
    pub board: Board,
    pub problems: Vec<Problem>,
    pub store: Store,
}

/// The board directory and what mlboard last read or wrote in each file.
#[derive(Debug)]
pub struct Store {
    root: PathBuf,
    /// Every board file mlboard read or wrote, by board-relative path.
    known: known::KnownFiles,
    read_only: Option<String>,
    /// Set when the board is read-only because of its `board.ron` (which can end).
    settings_lock: Option<SettingsLock>,
    /// How long a write waits for another mlboard's.
    lock_wait: Duration,
    race_hook: Option<write::RaceHook>,
}

impl Store {
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Why the board is read-only, if it is.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// True when `root` holds a board: anything named `board.ron` (not followed; a
    /// `board.ron` that is not a regular file is reported when the board opens).
    pub fn exists(root: &Path) -> bool {
        fs::symlink_metadata(root.join(SETTINGS_REL)).is_ok()
    }

    /// How long a write waits for another mlboard's write before it is refused
    /// (default `lock::LOCK_WAIT`).
    pub fn set_lock_wait(&mut self, wait: Duration) {
        self.lock_wait = wait;
    }

    /// Loads every file of the board, in parallel. Bad files become problems; only a
    /// missing board or an unreadable directory is an error.
    pub fn open(root: &Path) -> Result<Loaded, StoreError> {
        Store::open_with_cache(root, None)
    }

    /// Opens the board as `open` does, taking from the start-up cache `snapshot` the
    /// bytes of every file whose identity on disk is the one the cache recorded (see
    /// `cache`); every other file is read from disk.
    pub fn open_with_cache(
        root: &Path,
        snapshot: Option<&cache::Snapshot>,
    ) -> Result<Loaded, StoreError> {
        if !Store::exists(root) {
            return Err(StoreError::NoBoard(root.to_path_buf()));
        }
        let mut problems = Vec::new();
        let mut read_only = None;
        let dirs = load::open_subdirs(root, &mut problems, &mut read_only);
        let (mut part, leftovers) = load::load_files(root, &dirs, snapshot)?;
        cleanup::remove_leftovers(root, leftovers.iter().map(String::as_str), now_system());
        if read_only.is_none() {
            lock::remove_stale(root);
        }
        problems.append(&mut part.problems);
        // A broken board.ron is reported; the cards still open with default settings,
        // but read-only: the defaults' gate (Warn) must not stand in for a team's
        // Enforce while a pull left board.ron in conflict.
        let unreadable_settings =
            part.settings.is_none() && problems.iter().any(|p| p.rel == SETTINGS_REL);
        let settings = part
            .settings
            .take()
            .unwrap_or_else(|| BoardSettings::new(default_name(root)));
        let format = settings.format;
        let load::Built {
            known,
            board,
            orphans,
        } = part.build(settings);
        let mut store = Store {
            root: root.to_path_buf(),
            known,
            read_only,
            settings_lock: None,
            lock_wait: lock::LOCK_WAIT,
            race_hook: None,
        };
        store.note_format(format);
        if unreadable_settings && store.read_only.is_none() {
            store.read_only = Some(UNREADABLE_SETTINGS_REASON.to_string());
            store.settings_lock = Some(SettingsLock::Unreadable);
        }
        problems.extend(metric_problems(root, &board));
        for review in orphans {
            let rel = review_rel(&review.id);
            let (line, column) = field_position(&root.join(&rel), "card:");
            problems.push(Problem::new(
                root.join(&rel),
                &rel,
                line,
                column,
                format!("review of card \"{}\", which does not exist", review.card),
            ));
        }
        problems.sort_by(|a, b| a.rel.cmp(&b.rel));
        Ok(Loaded {
            board,
            problems,
            store,
        })
    }

    /// Re-reads one file. `None` when it still holds what mlboard last read or wrote
    /// (so mlboard's own writes never look like someone else's).
    pub fn refresh(&mut self, rel: &str) -> Option<FileUpdate> {
        self.read_update(rel, true)
    }

    /// Reads a file as it is on disk now, whatever mlboard knew of it.
    pub fn reload(&mut self, rel: &str) -> Option<FileUpdate> {
        self.read_update(rel, false)
    }

    fn read_update(&mut self, rel: &str, only_if_changed: bool) -> Option<FileUpdate> {
        let kind = classify(rel)?;
        // A `git pull` may have replaced a subdirectory while the board is open.
        let (content, state) = read_one(&self.root, rel, None, None);
        if only_if_changed && content == self.content_of(rel) {
            return None;
        }
        if let FileState::Parsed(Parsed::Settings(settings)) = &state {
            // A readable board.ron lifts what board.ron caused; a pull from a newer
            // mlboard turns the board read-only again at once.
            if self.settings_lock.take().is_some() {
                self.read_only = None;
            }
            self.note_format(settings.format);
        }
        let version = next_version();
        // Kept when the file is gone, with its version: a change made before the
        // client saw the deletion must not bring the file back.
        self.known.insert(rel, Known { content, version });
        Some(FileUpdate {
            rel: rel.to_string(),
            kind,
            state,
            version,
        })
    }

    /// A `board.ron` of a newer format makes the board read-only (SPEC §2), for as
    /// long as it stays newer; other reasons for read-only are left alone.
    fn note_format(&mut self, format: u32) {
        if format > FORMAT_VERSION && self.read_only.is_none() {
            self.read_only = Some(newer_format_reason(format));
            self.settings_lock = Some(SettingsLock::NewerFormat);
        }
    }

    fn content_of(&self, rel: &str) -> Content {
        self.known.get(rel).map_or(Content::Missing, |k| k.content)
    }

    /// True when `current` is what mlboard last read or wrote in the file.
    fn unchanged(&self, rel: &str, current: Option<&[u8]>) -> bool {
        Content::of(current) == self.content_of(rel)
    }

    /// Creates a board directory: `board.ron`, `cards/`, `reviews/`, and the given
    /// cards. Refuses to touch a directory that already holds a board.
    pub fn init(root: &Path, settings: &BoardSettings, cards: &[Card]) -> Result<(), StoreError> {
        if Store::exists(root) {
            return Err(StoreError::AlreadyExists(root.to_path_buf()));
        }
        for dir in SUBDIRS {
            let path = root.join(dir);
            if let Ok(Some(special)) = files::check_directory(&path) {
                return Err(StoreError::Invalid(format!(
                    "{} is {}, not a directory: mlboard does not create a board through it",
                    path.display(),
                    special.describe()
                )));
            }
            fs::create_dir_all(&path).map_err(io_error(&path))?;
        }
        for card in cards {
            let path = root.join(card_rel(&card.id));
            atomic::write_atomic(&path, format::card_to_ron(card).as_bytes())
                .map_err(io_error(&path))?;
        }
        // board.ron last: a board only exists once it is complete.
        let path = root.join(SETTINGS_REL);
        atomic::write_atomic(&path, format::settings_to_ron(settings).as_bytes())
            .map_err(io_error(&path))
    }
}

/// Why a board is read-only because of its `board.ron`; either ends when a readable
/// `board.ron` of a supported format arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsLock {
    /// Of a format newer than this mlboard's.
    NewerFormat,
    /// It could not be read when the board opened: its gate is unknown.
    Unreadable,
}

impl SettingsLock {
    /// Which of the two `reason` (a board's read-only reason) is, if either.
    pub fn of(reason: Option<&str>, settings: &BoardSettings) -> Option<SettingsLock> {
        let reason = reason?;
        if reason == UNREADABLE_SETTINGS_REASON {
            Some(SettingsLock::Unreadable)
        } else if settings.format > FORMAT_VERSION && reason == newer_format_reason(settings.format)
        {
            Some(SettingsLock::NewerFormat)
        } else {
            None
        }
    }
}

/// Why a board whose `board.ron` is of a newer format is read-only.
pub fn newer_format_reason(format: u32) -> String {
    format!("board format {format} is newer than this mlboard supports ({FORMAT_VERSION})")
}

/// Why a board whose `board.ron` could not be read when it opened is read-only, until
/// a readable one arrives.
pub const UNREADABLE_SETTINGS_REASON: &str = "board.ron cannot be read, so the board's gate and limits are unknown; fix it (`mlboard check` says where) and the board is writable again";

/// What `check` says about measurements that parse but do not fit the board: a metric
/// `board.ron` does not declare. The measurements stay loaded (they are the metric's
/// history); only the report is added. A measurement naming a card that is not on the
/// board is not a problem: deleting a card keeps its measurements, card reference and
/// all (SPEC §2), and `check` must stay clean after a delete. `metric record --card`
/// refuses an unknown card, so a typo never gets that far.
fn metric_problems(root: &Path, board: &Board) -> Vec<Problem> {
    let declared = &board.settings.metrics;
    let mut problems = Vec::new();
    for m in board.measurements.iter() {
        let rel = measurement_rel(&m.id);
        let mut report = |field: &str, message: String| {
            let (line, column) = field_position(&root.join(&rel), field);
            problems.push(Problem::new(root.join(&rel), &rel, line, column, message));
        };
        if !declared.iter().any(|d| d.name == m.metric) {
            report(
                "metric:",
                format!(
                    "measurement of metric \"{}\", which board.ron does not declare (declared: {}); `mlboard metric declare {} --at-least X` (or --at-most) declares it",
                    m.metric,
                    crate::model::metric::declared_names(declared),
                    m.metric
                ),
            );
        }
    }
    let mut seen = std::collections::HashSet::new();
    for decl in declared {
        if !seen.insert(&decl.name) {
            let (line, column) = field_position(&root.join(SETTINGS_REL), "metrics:");
            problems.push(Problem::new(
                root.join(SETTINGS_REL),
                SETTINGS_REL,
                line,
                column,
                format!(
                    "key metric \"{}\" is declared twice; the first goal counts",
                    decl.name
                ),
            ));
        }
    }
    problems
}

/// Where a field starts in a file, for a problem found after parsing (rare, so the
/// file is simply read again). Falls back to the file's start.
fn field_position(path: &Path, field: &str) -> (usize, usize) {
    let text = match files::open_regular(path) {
        Ok(files::Entry::File(file)) => {
            let mut text = String::new();
            let _ = (&file).take(MAX_FILE_BYTES).read_to_string(&mut text);
            text
        }
        _ => String::new(),
    };
    text.lines()
        .enumerate()
        .find_map(|(i, line)| line.find(field).map(|col| (i + 1, col + 1)))
        .unwrap_or((1, 1))
}

fn default_name(root: &Path) -> String {
    root.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "mlboard".to_string())
}

/// The system clock, for the age of crash leftovers only.
fn now_system() -> std::time::SystemTime {
    std::time::SystemTime::now()
}

/// Parses the bytes of a board file that are not (or not only) on disk, such as a
/// version of the file stored in git, with the same checks as loading the board.
pub fn parse_bytes(root: &Path, rel: &str, bytes: &[u8]) -> Result<Parsed, Problem> {
    let at = Located { root, rel };
    let Some(kind) = classify(rel) else {
        return Err(at.problem(1, 1, "not a board file"));
    };
    parse::check_name(&at, kind)?;
    parse::parse(&at, kind, bytes)
}

/// True when the text holds unresolved git conflict markers.
pub fn has_conflict_markers(bytes: &[u8]) -> bool {
    parse::conflict_marker_line(&String::from_utf8_lossy(bytes)).is_some()
}

/// Reads and parses one file: what it holds and its state. Only a regular file is
/// read (see `files`). When the whole board loads, the file is opened in its
/// subdirectory, `dir`, already opened; otherwise the subdirectory is checked first
/// (a `git pull` may have replaced it while the board is open).
fn read_one(
    root: &Path,
    rel: &str,
    dir: Option<&files::Dir>,
    snapshot: Option<&cache::Snapshot>,
) -> (Content, FileState) {
    let Some(kind) = classify(rel) else {
        return (Content::Missing, FileState::Missing);
    };
    let at = Located { root, rel };
    let unreadable = |message: String| {
        let content = Content::Unreadable(fingerprint(message.as_bytes()));
        (content, FileState::Problem(at.problem(1, 1, message)))
    };
    if let Err(problem) = parse::check_name(&at, kind) {
        return (Content::Missing, FileState::Problem(problem));
    }
    if dir.is_none()
        && let Some((dir, _)) = rel.split_once('/')
        && let Ok(Some(special)) = files::check_directory(&root.join(dir))
    {
        return unreadable(format!(
            "refused: {dir}/ is {}, not a directory inside the board; mlboard does not follow it",
            special.describe()
        ));
    }
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if let (Some(dir), Some(snapshot)) = (dir, snapshot)
        && let Some(bytes) = snapshot.bytes_if_unchanged(rel, || dir.identity(name))
        && bytes.len() as u64 <= MAX_FILE_BYTES
    {
        return parse_read(&at, kind, bytes);
    }
    let opened = match dir {
        Some(dir) => dir.open_regular(name),
        None => files::open_regular(&root.join(rel)).and_then(|entry| match entry {
            files::Entry::File(file) => {
                let len = file.metadata()?.len();
                Ok((files::Entry::File(file), len))
            }
            other => Ok((other, 0)),
        }),
    };
    let (file, len) = match opened {
        Ok((files::Entry::File(file), len)) => (file, len),
        Ok((files::Entry::Missing, _)) => return (Content::Missing, FileState::Missing),
        Ok((files::Entry::Special(special), _)) => {
            return unreadable(format!(
                "refused: {}, not a regular file; mlboard never follows, reads or replaces it",
                special.describe()
            ));
        }
        Err(e) => return unreadable(e.to_string()),
    };
    let too_large = |size: u64| {
        let problem = parse::too_large(&at, size);
        let content = Content::Unreadable(fingerprint(problem.message.as_bytes()));
        (content, FileState::Problem(problem))
    };
    if len > MAX_FILE_BYTES {
        return too_large(len);
    }
    // One reused buffer per thread: a board file takes one `open`, one `fstat`, one
    // `read` and one `close`.
    READ_BUFFER.with_borrow_mut(|bytes| {
        if let Err(e) = files::read_sized(&file, len, MAX_FILE_BYTES + 1, bytes) {
            return unreadable(e.to_string());
        }
        let result = if bytes.len() as u64 > MAX_FILE_BYTES {
            // It grew since `fstat`.
            too_large(file.metadata().map_or(bytes.len() as u64, |m| m.len()))
        } else {
            parse_read(&at, kind, bytes)
        };
        // A rare large file does not keep its memory for the life of the thread.
        bytes.shrink_to(READ_BUFFER_KEEP);
        result
    })
}

/// What a file's bytes, read from disk or from the start-up cache, hold.
fn parse_read(at: &Located, kind: FileKind, bytes: &[u8]) -> (Content, FileState) {
    let state = match parse::parse(at, kind, bytes) {
        Ok(parsed) => FileState::Parsed(parsed),
        Err(problem) => FileState::Problem(problem),
    };
    (Content::bytes(bytes), state)
}

/// What a thread's read buffer keeps between files: a board file is a few hundred bytes.
const READ_BUFFER_KEEP: usize = 16 * 1024;

thread_local! {
    static READ_BUFFER: std::cell::RefCell<Vec<u8>> =
        std::cell::RefCell::new(Vec::with_capacity(READ_BUFFER_KEEP));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Phase, Rank, RoleSet, Timestamp};

    fn card(id: &str, rank: Rank) -> Card {
        let mut card = Card::new(
            id.parse().unwrap(),
            format!("Card {id} \"quoted\" it's"),
            Phase::ALL[id.len() % 3],
            rank,
            RoleSet::EMPTY,
            Timestamp::from_unix(1_700_000_000),
        );
        card.description = "line one\nline two".to_string().into();
        card
    }

    /// Enough files for several loading batches, some of them bad: every good file
    /// reads as serde reads it, every bad one is a problem, and every file read is
    /// remembered (a refresh finds nothing changed).
    #[test]
    fn open_reads_every_file_in_batches_and_reports_bad_ones() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let cards: Vec<Card> = Rank::spread(3 * load::BATCH)
            .into_iter()
            .enumerate()
            .map(|(i, rank)| card(&format!("c{i:04}"), rank))
            .collect();
        Store::init(root, &BoardSettings::new("t"), &cards).unwrap();
        let write = |rel: &str, text: &str| fs::write(root.join(rel), text).unwrap();
        write(
            "cards/oneline.ron",
            r#"(id: "oneline", title: "t", description: "", phase: Design, rank: "n", roles: [], created: "2026-11-26T13:00:00Z", archived: None, history: [])"#,
        );
        write(
            "cards/broken.ron",
            "(\n    id: \"broken\",\n    title: 5,\n)\n",
        );
        write("cards/BAD.ron", "");
        write("cards/.mlboard-1.tmp", "ignored");
        write("cards/huge.ron", &"x".repeat(MAX_FILE_BYTES as usize + 1));
        let review = Review {
            id: "rev1".parse().unwrap(),
            card: "nocard".parse().unwrap(),
            at: Timestamp::from_unix(1_700_000_000),
            phase: Phase::Design,
            reviewer: "Bob".into(),
            role: crate::model::ReviewerRole::BusinessStakeholder,
            verdict: crate::model::Verdict::Continue,
            note: "Go.".into(),
        };
        write("reviews/rev1.ron", &format::review_to_ron(&review));

        let Loaded {
            board,
            problems,
            mut store,
        } = Store::open(root).unwrap();
        assert_eq!(board.len(), cards.len() + 1);
        for card in &cards {
            let text = fs::read_to_string(root.join(card_rel(&card.id))).unwrap();
            assert_eq!(
                board.card_by_id(&card.id),
                Some(&ron::from_str(&text).unwrap())
            );
        }
        let rels: Vec<&str> = problems.iter().map(|p| p.rel.as_str()).collect();
        assert_eq!(
            rels,
            [
                "cards/BAD.ron",
                "cards/broken.ron",
                "cards/huge.ron",
                "reviews/rev1.ron"
            ]
        );
        assert!(problems[2].message.contains("over the 1 MiB limit"));
        assert!(problems[3].message.contains("does not exist"));
        for card in &cards {
            assert_eq!(store.refresh(&card_rel(&card.id)), None);
        }
        assert_eq!(store.refresh("cards/oneline.ron"), None);
        assert_eq!(store.refresh(SETTINGS_REL), None);
    }
}
