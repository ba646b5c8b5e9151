//! Everything that can happen to the app: terminal input, and the results of effects
//! (file writes, undo, reloads, the editor, git) coming back from other threads.

use crate::keymap::Command;
use crate::model::CardId;
use crate::store::FileUpdate;
use crossterm::event::{KeyEvent, MouseEvent};

/// A mouse event and when it happened (milliseconds on the runtime's clock), so a
/// double click is two clicks close in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MouseInput {
    pub event: MouseEvent,
    pub at_ms: u64,
}

#[derive(Debug, Clone)]
pub enum Action {
    /// A key from the terminal: the key map turns it into a `Command` (or, in a text
    /// field, a typed character).
    Key(KeyEvent),
    /// What a key (or a click) asks for, in the mode the keyboard is in.
    Command(Command),
    /// A character typed into the focused text field.
    Type(char),
    Mouse(MouseInput),
    Paste(String),
    Resize(u16, u16),
    Io(IoEvent),
    /// `$EDITOR` returned: the new description, `None` when unchanged, or an error.
    EditorDone {
        card: CardId,
        result: Result<Option<String>, String>,
    },
    SyncProgress(String),
    /// The sync's outcome: what it did, or why it stopped.
    SyncDone(Result<String, SyncFailure>),
    /// The user's name, resolved off the keystroke path after the first frame.
    UserName(String),
    /// The boards opened before, for the `b` list.
    Boards(super::pickers::BoardList),
    /// Something a background thread wants the user to know.
    Warning(String),
    /// The storage worker stopped (it panicked, or its thread is gone): nothing more
    /// can be saved.
    WorkerFailed(String),
}

/// Why a sync stopped, and, when git stopped on a conflict, what the user must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncFailure {
    pub message: String,
    pub conflict: Option<SyncConflict>,
}

impl SyncFailure {
    pub fn new(message: impl Into<String>) -> SyncFailure {
        SyncFailure {
            message: message.into(),
            conflict: None,
        }
    }
}

/// A sync stopped on conflicting files: git is left mid-rebase (or, with `rebasing`
/// false, with the user's other changes not put back) in `repo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncConflict {
    /// The conflicting files, relative to `repo`.
    pub files: Vec<String>,
    pub repo: std::path::PathBuf,
    pub rebasing: bool,
}

impl From<crate::sync::SyncError> for SyncFailure {
    fn from(error: crate::sync::SyncError) -> SyncFailure {
        let conflict = match &error {
            crate::sync::SyncError::Conflict {
                files,
                repo,
                rebasing,
                ..
            } => Some(SyncConflict {
                files: files.clone(),
                repo: repo.clone(),
                rebasing: *rebasing,
            }),
            _ => None,
        };
        SyncFailure {
            message: error.to_string(),
            conflict,
        }
    }
}

/// Results from the storage worker.
#[derive(Debug, Clone)]
pub enum IoEvent {
    Saved {
        label: String,
        /// Set when `autocommit` is on and committing failed.
        warning: Option<String>,
    },
    /// A change was not written; `updates` put the files' current state back.
    Refused {
        message: String,
        updates: Vec<FileUpdate>,
    },
    Replayed {
        undo: bool,
        label: String,
        updates: Vec<FileUpdate>,
    },
    ReplayRefused {
        undo: bool,
        message: String,
        updates: Vec<FileUpdate>,
    },
    NothingToReplay {
        undo: bool,
    },
    /// Files changed by other programs.
    External(Vec<FileUpdate>),
}

/// Work `update` asks the runtime to do; results come back as `Action`s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Save(crate::store::Change),
    Undo,
    Redo,
    EditDescription {
        card: CardId,
        text: String,
    },
    Sync,
    /// Read the list of boards opened before (answered by `Action::Boards`).
    ListBoards,
    /// Close this board and open the one in that directory.
    SwitchBoard(std::path::PathBuf),
}
