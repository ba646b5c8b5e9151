//! The board directory on disk: locate, load, validate, write atomically, and notice
//! changes made by others. Typed errors carry `path:line:column`.

mod atomic;
mod canonical;
pub mod journal;
pub mod locate;
mod parse;
mod problem;
pub mod recent;
pub mod template;
pub mod user;
pub mod watch;

pub mod format;

pub use parse::{FileKind, MAX_FILE_BYTES, Parsed, classify, stem};
pub use problem::Problem;

use crate::model::{
    Board, BoardSettings, Card, CardId, FORMAT_VERSION, Measurement, MeasurementId, Measurements,
    Review, ReviewId,
};
use parse::Located;
use std::collections::HashMap;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError, mpsc};

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

/// Content fingerprint: mlboard recognises its own writes by content, never by timing.
fn fingerprint(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
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
}

/// A file as it was before and after an applied change, for undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub rel: String,
    pub before: Option<Vec<u8>>,
    pub after: Option<Vec<u8>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("{0} changed on disk since mlboard read it; reloaded it and did not overwrite it")]
    ChangedOnDisk(String),
    #[error("read-only: {0}")]
    ReadOnly(String),
    #[error("could not write {rel}: {source}")]
    Io { rel: String, source: io::Error },
}

impl ApplyError {
    /// The file the refusal is about, so the caller can reload it.
    pub fn rel(&self) -> Option<&str> {
        match self {
            ApplyError::ChangedOnDisk(rel) | ApplyError::Io { rel, .. } => Some(rel),
            ApplyError::ReadOnly(_) => None,
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
    known: HashMap<String, u64>,
    read_only: Option<String>,
}

impl Store {
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Why the board is read-only, if it is.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    pub fn exists(root: &Path) -> bool {
        root.join(SETTINGS_REL).is_file()
    }

    /// Loads every file of the board, in parallel. Bad files become problems; only a
    /// missing board or an unreadable directory is an error.
    pub fn open(root: &Path) -> Result<Loaded, StoreError> {
        if !Store::exists(root) {
            return Err(StoreError::NoBoard(root.to_path_buf()));
        }
        let files = load_files(root)?;
        let mut store = Store {
            root: root.to_path_buf(),
            known: HashMap::with_capacity(files.len()),
            read_only: None,
        };
        let mut settings = None;
        let mut cards = Vec::with_capacity(files.len());
        let mut reviews = Vec::new();
        let mut measurements = Vec::new();
        let mut problems = Vec::new();
        files.for_each(|(rel, (hash, state))| {
            match state {
                FileState::Parsed(Parsed::Settings(s)) => settings = Some(s),
                FileState::Parsed(Parsed::Card(c)) => cards.push(c),
                FileState::Parsed(Parsed::Review(r)) => reviews.push(r),
                FileState::Parsed(Parsed::Measurement(m)) => measurements.push(m),
                FileState::Problem(p) => problems.push(p),
                FileState::Missing => {}
            }
            if let Some(hash) = hash {
                store.known.insert(rel, hash);
            }
        });
        let settings = settings.unwrap_or_else(|| {
            // A broken board.ron is reported; the cards still open with defaults.
            BoardSettings::new(default_name(root))
        });
        if settings.format > FORMAT_VERSION {
            store.read_only = Some(format!(
                "board format {} is newer than this mlboard supports ({FORMAT_VERSION}); opened read-only",
                settings.format
            ));
        }
        let (mut board, orphans) = Board::from_parts(settings, cards, reviews);
        board.measurements = Measurements::new(measurements);
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
        let (hash, state) = read_one(&self.root, rel);
        if only_if_changed && hash == self.known.get(rel).copied() {
            return None;
        }
        match hash {
            Some(h) => self.known.insert(rel.to_string(), h),
            None => self.known.remove(rel),
        };
        Some(FileUpdate {
            rel: rel.to_string(),
            kind,
            state,
        })
    }

    fn current(&self, rel: &str) -> Result<Option<Vec<u8>>, ApplyError> {
        match fs::read(self.root.join(rel)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(ApplyError::Io {
                rel: rel.to_string(),
                source,
            }),
        }
    }

    /// True when the file holds what mlboard last read or wrote.
    fn unchanged(&self, rel: &str, current: &Option<Vec<u8>>) -> bool {
        current.as_deref().map(fingerprint) == self.known.get(rel).copied()
    }

    /// Applies a change: every file is first checked to still hold what mlboard last
    /// read or wrote; then only the files whose content differs are written, each
    /// atomically. Returns each file's before and after content, for undo.
    pub fn apply(&mut self, change: &Change) -> Result<Vec<Applied>, ApplyError> {
        self.apply_checked(&change.ops, |store, rel, current| {
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
        let expectations: HashMap<&str, &Option<Vec<u8>>> = ops
            .iter()
            .map(|op| op.rel.as_str())
            .zip(expected.iter())
            .collect();
        self.apply_checked(ops, |store, rel, current| {
            expectations.get(rel).is_some_and(|e| *e == current) && store.unchanged(rel, current)
        })
    }

    fn apply_checked(
        &mut self,
        ops: &[FileOp],
        is_expected: impl Fn(&Store, &str, &Option<Vec<u8>>) -> bool,
    ) -> Result<Vec<Applied>, ApplyError> {
        if let Some(reason) = &self.read_only {
            return Err(ApplyError::ReadOnly(reason.clone()));
        }
        let mut befores = Vec::with_capacity(ops.len());
        for op in ops {
            debug_assert!(classify(&op.rel).is_some(), "not a board file: {}", op.rel);
            let current = self.current(&op.rel)?;
            if !is_expected(self, &op.rel, &current) {
                return Err(ApplyError::ChangedOnDisk(op.rel.clone()));
            }
            befores.push(current);
        }
        let mut applied = Vec::with_capacity(ops.len());
        for (op, before) in ops.iter().zip(befores) {
            if before == op.content {
                continue;
            }
            let path = self.root.join(&op.rel);
            let result = match &op.content {
                Some(bytes) => {
                    if let Some(dir) = path.parent() {
                        let _ = fs::create_dir_all(dir);
                    }
                    atomic::write_atomic(&path, bytes)
                }
                None => atomic::remove(&path),
            };
            result.map_err(|source| ApplyError::Io {
                rel: op.rel.clone(),
                source,
            })?;
            match &op.content {
                Some(bytes) => self.known.insert(op.rel.clone(), fingerprint(bytes)),
                None => self.known.remove(&op.rel),
            };
            applied.push(Applied {
                rel: op.rel.clone(),
                before,
                after: op.content.clone(),
            });
        }
        Ok(applied)
    }

    /// Creates a board directory: `board.ron`, `cards/`, `reviews/`, and the given
    /// cards. Refuses to touch a directory that already holds a board.
    pub fn init(root: &Path, settings: &BoardSettings, cards: &[Card]) -> Result<(), StoreError> {
        if Store::exists(root) {
            return Err(StoreError::AlreadyExists(root.to_path_buf()));
        }
        for dir in ["cards", "reviews", "metrics"] {
            let path = root.join(dir);
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
    let text = fs::read_to_string(path).unwrap_or_default();
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

/// The board-relative paths of the board files in `dir`, one by one.
fn list_dir(root: &Path, dir: &str, out: &mut impl FnMut(String)) -> Result<(), StoreError> {
    let path = root.join(dir);
    let entries = match fs::read_dir(&path) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_error(&path)(e)),
    };
    for entry in entries {
        let entry = entry.map_err(io_error(&path))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let rel = format!("{dir}/{name}");
        if classify(&rel).is_some() {
            out(rel);
        }
    }
    Ok(())
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

/// Reads and parses one file: its fingerprint (None when missing) and its state.
fn read_one(root: &Path, rel: &str) -> (Option<u64>, FileState) {
    let Some(kind) = classify(rel) else {
        return (None, FileState::Missing);
    };
    let at = Located { root, rel };
    if let Err(problem) = parse::check_name(&at, kind) {
        return (None, FileState::Problem(problem));
    }
    let file = match fs::File::open(root.join(rel)) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return (None, FileState::Missing),
        Err(e) => return (None, FileState::Problem(at.problem(1, 1, e.to_string()))),
    };
    // One reused buffer per thread and no `stat`: a board file takes one `read` and
    // one more to see its end. Only a file over the limit is measured, to say its size.
    READ_BUFFER.with_borrow_mut(|bytes| {
        bytes.clear();
        if let Err(e) = (&file).take(MAX_FILE_BYTES + 1).read_to_end(bytes) {
            return (None, FileState::Problem(at.problem(1, 1, e.to_string())));
        }
        let result = if bytes.len() as u64 > MAX_FILE_BYTES {
            let size = file.metadata().map_or(bytes.len() as u64, |m| m.len());
            (None, FileState::Problem(parse::too_large(&at, size)))
        } else {
            let state = match parse::parse(&at, kind, bytes) {
                Ok(parsed) => FileState::Parsed(parsed),
                Err(problem) => FileState::Problem(problem),
            };
            (Some(fingerprint(bytes)), state)
        };
        // A rare large file does not keep its memory for the life of the thread.
        bytes.shrink_to(READ_BUFFER_KEEP);
        result
    })
}

/// What a thread's read buffer keeps between files: a board file is a few hundred bytes.
const READ_BUFFER_KEEP: usize = 16 * 1024;

thread_local! {
    static READ_BUFFER: std::cell::RefCell<Vec<u8>> =
        std::cell::RefCell::new(Vec::with_capacity(READ_BUFFER_KEEP));
}

/// A file's board-relative path, fingerprint and state.
type LoadedFile = (String, (Option<u64>, FileState));

/// Files handed to a loading thread at a time.
const BATCH: usize = 128;

/// What the loading threads read: each thread's files in the order it read them, and
/// which thread read each batch, in listing order. Each thread keeps one growing
/// vector rather than one per batch, so the memory goes back to the system once the
/// board is built instead of staying behind as thousands of small freed blocks.
struct LoadedFiles {
    by_thread: Vec<std::vec::IntoIter<LoadedFile>>,
    /// `(thread, files)` for each batch, in listing order.
    batches: Vec<(usize, usize)>,
}

impl LoadedFiles {
    fn len(&self) -> usize {
        self.batches.iter().map(|(_, files)| files).sum()
    }

    /// Hands over every file, in listing order.
    fn for_each(mut self, mut f: impl FnMut(LoadedFile)) {
        for (thread, files) in self.batches {
            self.by_thread[thread].by_ref().take(files).for_each(&mut f);
        }
    }
}

/// Reads and parses every board file on all cores, in listing order: `board.ron`,
/// then `cards/`, then `reviews/`, then `metrics/`. Opening 100,000 small files is bound by system
/// calls and parsing, both of which parallelise well. The calling thread lists the
/// directories and hands out batches of names as it goes, so the other threads read
/// while it lists (listing 100,000 names takes tens of milliseconds), then it reads
/// too. Threads take batches as they come rather than a fixed share each, so a thread
/// the scheduler holds back (the machine is rarely idle) does not hold up the others.
fn load_files(root: &Path) -> Result<LoadedFiles, StoreError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let (batches_tx, batches_rx) = mpsc::channel::<(usize, Vec<String>)>();
    let batches_rx = Mutex::new(batches_rx);
    // One thread's work: its files, and `(batch, files)` for each batch it read.
    let read_batches = || {
        let next = || {
            let queue = batches_rx.lock().unwrap_or_else(PoisonError::into_inner);
            queue.recv().ok()
        };
        let mut files: Vec<LoadedFile> = Vec::new();
        let mut batches = Vec::new();
        while let Some((index, rels)) = next() {
            batches.push((index, rels.len()));
            files.extend(rels.into_iter().map(|rel| {
                let read = read_one(root, &rel);
                (rel, read)
            }));
        }
        (files, batches)
    };
    let (listed, work) = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(read_batches)).collect();
        let mut batch = vec![SETTINGS_REL.to_string()];
        let mut sent = 0;
        let mut send = |batch: Vec<String>| {
            // The receiver lives until the scope ends, so sending cannot fail.
            let _ = batches_tx.send((sent, batch));
            sent += 1;
        };
        let listed = ["cards", "reviews", "metrics"]
            .into_iter()
            .try_for_each(|dir| {
                list_dir(root, dir, &mut |rel| {
                    batch.push(rel);
                    if batch.len() == BATCH {
                        send(std::mem::take(&mut batch));
                    }
                })
            });
        send(batch);
        drop(batches_tx);
        let mut work = vec![read_batches()];
        for helper in helpers {
            work.push(helper.join().expect("loader thread panicked"));
        }
        (listed, work)
    });
    listed?;
    let mut batches: Vec<(usize, usize, usize)> = Vec::new();
    let mut by_thread = Vec::with_capacity(work.len());
    for (thread, (files, read)) in work.into_iter().enumerate() {
        batches.extend(read.into_iter().map(|(index, len)| (index, thread, len)));
        by_thread.push(files.into_iter());
    }
    // A thread takes batches in listing order, so its files are in that order too.
    batches.sort_unstable_by_key(|(index, _, _)| *index);
    Ok(LoadedFiles {
        by_thread,
        batches: batches
            .into_iter()
            .map(|(_, thread, len)| (thread, len))
            .collect(),
    })
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
        card.description = "line one\nline two".to_string();
        card
    }

    /// Enough files for several loading batches, some of them bad: every good file
    /// reads as serde reads it, every bad one is a problem, and every file read is
    /// remembered (a refresh finds nothing changed).
    #[test]
    fn open_reads_every_file_in_batches_and_reports_bad_ones() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let cards: Vec<Card> = Rank::spread(3 * BATCH)
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
