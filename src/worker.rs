//! The storage worker: performs the app's file effects off the UI thread, in order,
//! and reports back as `IoEvent`s. It owns the `Store` (what mlboard last read or
//! wrote in each file) and the undo journal, and it reads the files the watcher says
//! changed, so mlboard's own writes are recognised by content.

use crate::app::IoEvent;
use crate::store::journal::{Journal, Replayed};
use crate::store::{ApplyError, Change, FileState, FileUpdate, Parsed, Store};
use std::sync::mpsc::{Receiver, Sender};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkerMsg {
    Save(Change),
    Undo,
    Redo,
    /// Board-relative paths the file watcher saw change.
    FilesChanged(Vec<String>),
}

pub struct Worker {
    store: Store,
    journal: Journal,
    autocommit: bool,
    /// Held while committing, so an autocommit never races a sync for git's index.
    git_lock: Option<GitLock>,
}

/// One git operation on the board at a time.
pub type GitLock = std::sync::Arc<std::sync::Mutex<()>>;

impl Worker {
    pub fn new(store: Store, autocommit: bool) -> Worker {
        Worker {
            store,
            journal: Journal::default(),
            autocommit,
            git_lock: None,
        }
    }

    pub fn with_git_lock(mut self, lock: GitLock) -> Worker {
        self.git_lock = Some(lock);
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn handle(&mut self, msg: WorkerMsg) -> Option<IoEvent> {
        match msg {
            WorkerMsg::Save(change) => Some(self.save(change)),
            WorkerMsg::Undo => Some(self.replay(true)),
            WorkerMsg::Redo => Some(self.replay(false)),
            WorkerMsg::FilesChanged(rels) => {
                let updates: Vec<FileUpdate> = rels
                    .iter()
                    .filter_map(|rel| self.store.refresh(rel))
                    .collect();
                self.note_settings(&updates);
                (!updates.is_empty()).then_some(IoEvent::External(updates))
            }
        }
    }

    fn save(&mut self, change: Change) -> IoEvent {
        match self.store.apply(&change) {
            Ok(applied) => {
                let wrote = !applied.is_empty();
                self.journal.record(&change.label, applied);
                let warning = if wrote && self.autocommit {
                    let _turn = self.git_lock.as_ref().map(|l| l.lock());
                    crate::sync::autocommit(self.store.root())
                        .err()
                        .map(|e| format!("Saved, but autocommit failed: {e}"))
                } else {
                    None
                };
                IoEvent::Saved {
                    label: change.label,
                    warning,
                }
            }
            Err(error) => {
                // Put every file of the change back as it is on disk now: the app
                // showed the change before it was saved.
                let updates = change
                    .ops
                    .iter()
                    .filter_map(|op| self.store.reload(&op.rel))
                    .collect();
                IoEvent::Refused {
                    message: describe(&error),
                    updates,
                }
            }
        }
    }

    fn replay(&mut self, undo: bool) -> IoEvent {
        let result = if undo {
            self.journal.undo(&mut self.store)
        } else {
            self.journal.redo(&mut self.store)
        };
        match result {
            Ok(Some(Replayed { label, rels })) => IoEvent::Replayed {
                undo,
                label,
                updates: rels
                    .iter()
                    .filter_map(|rel| self.store.reload(rel))
                    .collect(),
            },
            Ok(None) => IoEvent::NothingToReplay { undo },
            Err(error) => IoEvent::ReplayRefused {
                undo,
                message: describe(&error),
                updates: error
                    .rel()
                    .and_then(|rel| self.store.reload(rel))
                    .into_iter()
                    .collect(),
            },
        }
    }

    fn note_settings(&mut self, updates: &[FileUpdate]) {
        for update in updates {
            if let FileState::Parsed(Parsed::Settings(settings)) = &update.state {
                self.autocommit = settings.autocommit;
            }
        }
    }
}

fn describe(error: &ApplyError) -> String {
    match error {
        ApplyError::ChangedOnDisk(rel) => format!(
            "{rel} was changed by someone else; mlboard reloaded it and did not overwrite it"
        ),
        other => other.to_string(),
    }
}

/// Runs the worker on its own thread until the app hangs up.
pub fn spawn(mut worker: Worker, inbox: Receiver<WorkerMsg>, outbox: Sender<crate::app::Action>) {
    std::thread::Builder::new()
        .name("mlboard-storage".into())
        .spawn(move || {
            for msg in inbox {
                if let Some(event) = worker.handle(msg)
                    && outbox.send(crate::app::Action::Io(event)).is_err()
                {
                    break;
                }
            }
        })
        .expect("spawn the storage thread");
}
