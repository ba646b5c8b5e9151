//! The `b` list: the boards opened before, each with its name or the fact that it
//! is gone, and remembering the board that is open.

use crate::app::pickers::{BoardList, RecentBoard};
use crate::store::recent;
use std::path::Path;

/// The boards opened before, newest first, the open one marked.
pub fn list(current: &Path) -> BoardList {
    let Some(path) = recent::recent_path() else {
        return BoardList {
            error: Some("mlboard has no state directory (no home directory?)".into()),
            ..BoardList::default()
        };
    };
    let current = std::path::absolute(current).unwrap_or_else(|_| current.to_path_buf());
    match recent::load(&path) {
        Ok(paths) => {
            let boards: Vec<RecentBoard> = paths
                .into_iter()
                .map(|path| RecentBoard {
                    name: recent::board_name(&path),
                    current: path == current,
                    path,
                })
                .collect();
            // On the board opened before this one: `b` Enter goes back and forth.
            let cursor = usize::from(boards.len() > 1 && boards[0].current);
            BoardList {
                boards,
                cursor,
                ..BoardList::default()
            }
        }
        Err(error) => BoardList {
            error: Some(format!("cannot read the list of boards: {error}")),
            ..BoardList::default()
        },
    }
}

/// Puts the open board first in the list.
pub fn remember(board: &Path) -> Result<(), String> {
    match recent::recent_path() {
        Some(path) => recent::record(&path, board),
        None => Ok(()),
    }
}
