//! Undo and redo for one session: each entry holds every file of one change as it
//! was before and after, so undo puts the files back exactly, byte for byte.

use super::{Applied, ApplyError, FileOp, Store};

/// How many changes a session can undo.
const DEPTH: usize = 1_000;

#[derive(Debug, Clone)]
struct Entry {
    label: String,
    files: Vec<Applied>,
}

#[derive(Debug, Default)]
pub struct Journal {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
}

/// What an undo or redo did: the change's label and the files it rewrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replayed {
    pub label: String,
    pub rels: Vec<String>,
}

impl Journal {
    /// Records an applied change; a new change ends the redo chain.
    pub fn record(&mut self, label: &str, files: Vec<Applied>) {
        if files.is_empty() {
            return;
        }
        if self.undo.len() == DEPTH {
            self.undo.remove(0);
        }
        self.undo.push(Entry {
            label: label.to_string(),
            files,
        });
        self.redo.clear();
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Puts the files of the latest change back. Refused, and kept for later, when
    /// one of them changed on disk since (someone else's work is never overwritten).
    pub fn undo(&mut self, store: &mut Store) -> Result<Option<Replayed>, ApplyError> {
        replay(store, &mut self.undo, &mut self.redo, Direction::Back)
    }

    pub fn redo(&mut self, store: &mut Store) -> Result<Option<Replayed>, ApplyError> {
        replay(store, &mut self.redo, &mut self.undo, Direction::Forward)
    }
}

#[derive(Clone, Copy)]
enum Direction {
    Back,
    Forward,
}

fn replay(
    store: &mut Store,
    from: &mut Vec<Entry>,
    to: &mut Vec<Entry>,
    direction: Direction,
) -> Result<Option<Replayed>, ApplyError> {
    let Some(entry) = from.pop() else {
        return Ok(None);
    };
    let (ops, expected): (Vec<FileOp>, Vec<Option<Vec<u8>>>) = entry
        .files
        .iter()
        .map(|f| {
            let (target, now) = match direction {
                Direction::Back => (&f.before, &f.after),
                Direction::Forward => (&f.after, &f.before),
            };
            let op = FileOp {
                rel: f.rel.clone(),
                content: target.clone(),
            };
            (op, now.clone())
        })
        .unzip();
    match store.restore(&ops, &expected) {
        Ok(_) => {
            let rels = ops.into_iter().map(|op| op.rel).collect();
            let replayed = Replayed {
                label: entry.label.clone(),
                rels,
            };
            to.push(entry);
            Ok(Some(replayed))
        }
        Err(e) => {
            from.push(entry);
            Err(e)
        }
    }
}
