//! One open board: its storage thread, its file watcher, and a session number that
//! every message of its threads carries. Opening another board (`b`) closes this
//! session cleanly: the watcher stops, the storage thread writes what it was handed,
//! then the next board's store, worker and watcher start.

use super::storage::StorageThread;
use super::wake::Outbox;
use crate::app::Action;
use crate::store::{Loaded, Store, cache, watch};
use crate::worker::{self, Worker, WorkerMsg};
use std::path::{Path, PathBuf};

pub struct Session {
    pub id: u64,
    pub dir: PathBuf,
    storage: StorageThread,
    watching: Option<watch::WatchGuard>,
    pub git_lock: worker::GitLock,
    /// Where the board's start-up cache is to be written again after the first frame,
    /// when it was missing or many files had changed since it was written.
    stale_cache: Option<PathBuf>,
    /// Set once the worker is known to be gone, so it is reported once.
    failed: bool,
}

impl Session {
    /// Opens the board's store and starts its storage thread; the board goes to the
    /// app, the store to the worker.
    pub fn open(
        dir: &Path,
        id: u64,
        outbox: &Outbox,
    ) -> Result<
        (
            Session,
            crate::model::Board,
            Vec<crate::store::Problem>,
            Option<String>,
        ),
        String,
    > {
        let cache = cache::location(dir);
        let snapshot = cache
            .as_deref()
            .and_then(|at| cache::Snapshot::read(at, dir));
        let Loaded {
            board,
            problems,
            store,
        } = Store::open_with_cache(dir, snapshot.as_ref()).map_err(|e| e.to_string())?;
        let stale_cache = cache.filter(|_| snapshot.as_ref().is_none_or(|s| s.is_stale()));
        // The cache's bytes are not needed once the board is built.
        drop(snapshot);
        let read_only = store.read_only().map(str::to_string);
        let git_lock = worker::GitLock::default();
        let mut worker =
            Worker::new(store, board.settings.autocommit).with_git_lock(git_lock.clone());
        let storage = StorageThread::spawn(move |msg| worker.handle(msg), outbox.for_session(id))
            .map_err(|e| format!("cannot start the storage thread: {e}"))?;
        let session = Session {
            id,
            dir: dir.to_path_buf(),
            storage,
            watching: None,
            git_lock,
            stale_cache,
            failed: false,
        };
        Ok((session, board, problems, read_only))
    }

    /// Starts noticing files changed by other programs (after the first frame, so
    /// the board shows without waiting for it).
    pub fn start_watching(&mut self) -> Result<(), String> {
        let Some(tx) = self.storage.sender() else {
            return Ok(());
        };
        let guard = watch::watch(&self.dir, move |rels| {
            tx.send(WorkerMsg::FilesChanged(rels));
        })?;
        self.watching = Some(guard);
        Ok(())
    }

    /// Writes the start-up cache again on a thread of its own, if it is due (after
    /// the first frame: the user never waits for it). A cache that cannot be written
    /// only means the next start reads every file, so nothing is reported.
    pub fn refresh_cache(&mut self) {
        let Some(cache) = self.stale_cache.take() else {
            return;
        };
        let dir = self.dir.clone();
        let _ = std::thread::Builder::new()
            .name("mlboard-cache".into())
            .spawn(move || cache::write(&dir, &cache));
    }

    /// Hands a message to the storage thread; when it is gone, the action the app
    /// must see (once).
    pub fn send(&mut self, msg: WorkerMsg) -> Option<Action> {
        match self.storage.send(msg) {
            Ok(()) => None,
            Err(reason) if !self.failed => {
                self.failed = true;
                Some(Action::WorkerFailed(reason))
            }
            Err(_) => None,
        }
    }

    /// Stops watching, lets the storage thread finish what it was handed, and
    /// stops it. False when it did not finish in time.
    pub fn close(mut self) -> bool {
        self.watching = None;
        self.storage.close()
    }
}
