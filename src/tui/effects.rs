//! Where each effect of the app goes. One mapping, used by the runtime and by the
//! tests' headless app, so both drive the storage worker the same way.

use crate::app::Effect;
use crate::model::CardId;
use crate::worker::WorkerMsg;
use std::path::PathBuf;

/// Who performs an effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The storage worker (file writes, undo, redo).
    Worker(WorkerMsg),
    /// git, on a thread of its own.
    Sync,
    /// `$EDITOR`, with the terminal suspended.
    Editor {
        card: CardId,
        text: String,
    },
    /// The runtime: the list of boards opened before, or opening another board.
    ListBoards,
    SwitchBoard(PathBuf),
}

pub fn route(effect: Effect) -> Route {
    match effect {
        Effect::Save(change) => Route::Worker(WorkerMsg::Save(change)),
        Effect::Undo => Route::Worker(WorkerMsg::Undo),
        Effect::Redo => Route::Worker(WorkerMsg::Redo),
        Effect::Sync => Route::Sync,
        Effect::EditDescription { card, text } => Route::Editor { card, text },
        Effect::ListBoards => Route::ListBoards,
        Effect::SwitchBoard(dir) => Route::SwitchBoard(dir),
    }
}
