//! An opened board for one command: finding cards by id prefix, and saving a change
//! through the store (atomic, never over someone else's edit), then autocommitting.

use super::{CliError, warn};
use crate::model::text::safe_line;
use crate::model::words::counted;
use crate::model::{Board, CardKey, Timestamp};
use crate::store::{ApplyError, Change, FileOp, Problem, Store, StoreError};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// How many candidates an ambiguous id prefix lists.
const CANDIDATES_SHOWN: usize = 10;

pub struct Session {
    pub root: PathBuf,
    pub board: Board,
    /// What could not be read (or does not fit the board), as `check` lists it.
    pub problems: Vec<Problem>,
    store: Store,
}

/// The wall clock, read only by the shell layers.
pub fn now() -> Timestamp {
    Timestamp::from_system_time(SystemTime::now())
}

impl Session {
    /// Opens the board at `root`; files that could not be read are reported on stderr
    /// (once, as a count: `mlboard check` lists them) and the rest of the board loads.
    pub fn open(root: &Path) -> Result<Session, CliError> {
        let loaded = Store::open(root).map_err(store_error)?;
        let count = loaded.problems.len();
        if count > 0 {
            warn(&format!(
                "{} reading this board (`mlboard check` lists {}); the rest loaded",
                counted(count, "problem"),
                if count == 1 { "it" } else { "them" }
            ));
        }
        Ok(Session {
            root: root.to_path_buf(),
            board: loaded.board,
            problems: loaded.problems,
            store: loaded.store,
        })
    }

    /// The card whose id is `prefix` or starts with it. An ambiguous prefix lists the
    /// candidates.
    pub fn resolve(&self, prefix: &str) -> Result<CardKey, CliError> {
        let wanted = prefix.trim().to_ascii_lowercase();
        if wanted.is_empty() {
            return Err(CliError::new("a card id (or a prefix of one) is needed"));
        }
        if let Ok(id) = wanted.parse()
            && let Some(key) = self.board.key_of(&id)
        {
            return Ok(key);
        }
        let mut matches: Vec<_> = self.board.ids_with_prefix(&wanted).collect();
        matches.sort();
        match matches.as_slice() {
            [one] => self
                .board
                .key_of(one)
                .ok_or_else(|| CliError::new("the board changed while reading it")),
            [] => Err(CliError::new(format!(
                "no card with an id starting with \"{}\" (`mlboard list` shows the ids)",
                safe_line(&wanted)
            ))),
            many => {
                let mut text = format!(
                    "ambiguous id prefix \"{}\": {} cards match; type more of the id:",
                    safe_line(&wanted),
                    many.len()
                );
                for id in many.iter().take(CANDIDATES_SHOWN) {
                    let title = self.board.card_by_id(id).map_or("", |c| &*c.title);
                    text.push_str(&format!("\n  {id}  {}", safe_line(title)));
                }
                if many.len() > CANDIDATES_SHOWN {
                    text.push_str(&format!("\n  … and {} more", many.len() - CANDIDATES_SHOWN));
                }
                Err(CliError::new(text))
            }
        }
    }

    /// Saves one change (every file checked before any is written), updates the board
    /// in memory, and commits it locally when the board asks for `autocommit`.
    pub fn save(&mut self, label: String, ops: Vec<FileOp>) -> Result<(), CliError> {
        let change = Change::new(label, ops);
        self.store.apply(&change).map_err(refused)?;
        if self.board.settings.autocommit
            && let Err(e) = crate::sync::autocommit(&self.root)
        {
            warn(&format!("saved, but the autocommit failed: {e}"));
        }
        Ok(())
    }
}

/// A write that did not happen, as the CLI reports it: nothing of the change is on
/// disk, and the command exits 1.
fn refused(error: ApplyError) -> CliError {
    match error {
        ApplyError::ChangedOnDisk(rel) => CliError::new(format!(
            "{rel} was changed by someone else after this command read it; nothing was written (run the command again)"
        )),
        other => CliError::new(format!("nothing was written: {other}")),
    }
}

/// A store error as the CLI reports it.
pub fn store_error(error: StoreError) -> CliError {
    match error {
        StoreError::NoBoard(root) => CliError::NoBoard(root),
        other => CliError::new(other.to_string()),
    }
}
