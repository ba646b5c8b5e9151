//! Results coming back from the storage worker and the editor: files as they are on
//! disk are the truth, and the board follows them without losing the selection.

use super::App;
use super::action::IoEvent;
use crate::model::{CardId, Phase, ReviewId};
use crate::store::{FileKind, FileState, FileUpdate, Parsed};

impl App {
    pub(super) fn on_io(&mut self, event: IoEvent) {
        match event {
            IoEvent::Saved { warning, .. } => {
                if let Some(warning) = warning {
                    self.warn(warning);
                }
            }
            IoEvent::Refused { message, updates } => {
                self.apply_updates(updates);
                self.error(message);
            }
            IoEvent::Replayed {
                undo,
                label,
                updates,
            } => {
                self.apply_updates(updates);
                let verb = if undo { "Undid" } else { "Redid" };
                self.info(format!("{verb}: {label}"));
            }
            IoEvent::ReplayRefused {
                undo,
                message,
                updates,
            } => {
                self.apply_updates(updates);
                let verb = if undo { "undo" } else { "redo" };
                self.error(format!("Cannot {verb}: {message}"));
            }
            IoEvent::NothingToReplay { undo } => {
                self.info(if undo {
                    "Nothing to undo"
                } else {
                    "Nothing to redo"
                });
            }
            IoEvent::External(updates) => {
                let count = updates.len();
                self.apply_updates(updates);
                let files = if count == 1 { "file" } else { "files" };
                self.info(format!("Reloaded {count} {files} changed on disk"));
            }
        }
    }

    /// Applies files' current states to the board and the problem list.
    pub fn apply_updates(&mut self, updates: Vec<FileUpdate>) {
        if updates.is_empty() {
            return;
        }
        let mut touched = [false; 3];
        let banner_before = self.has_banner();
        for update in updates {
            self.problems.retain(|p| p.rel != update.rel);
            let stem = crate::store::stem(&update.rel).to_string();
            match update.state {
                FileState::Parsed(Parsed::Card(card)) => {
                    if let Some(old) = self.board.card_by_id(&card.id) {
                        touched[old.phase.index()] = true;
                    }
                    touched[card.phase.index()] = true;
                    let key = self.board.upsert(card);
                    self.searcher.card_changed(key);
                }
                FileState::Parsed(Parsed::Review(review)) => {
                    if let Some(card) = self.board.card_by_id(&review.card) {
                        touched[card.phase.index()] = true;
                    }
                    self.board.insert_review(review);
                }
                FileState::Parsed(Parsed::Settings(settings)) => {
                    self.board.settings = settings;
                    touched = [true; 3];
                }
                FileState::Problem(problem) => {
                    // A broken card file leaves the board until it is fixed.
                    self.forget(update.kind, &stem, &mut touched);
                    self.problems.push(problem);
                }
                FileState::Missing => self.forget(update.kind, &stem, &mut touched),
            }
        }
        self.problems.sort_by(|a, b| a.rel.cmp(&b.rel));
        for phase in Phase::ALL {
            if touched[phase.index()] {
                self.view.rebuild(&self.board, phase);
            }
        }
        if banner_before != self.has_banner() {
            self.refresh_page();
        }
    }

    fn forget(&mut self, kind: FileKind, stem: &str, touched: &mut [bool; 3]) {
        match kind {
            FileKind::Card => {
                if let Ok(id) = stem.parse::<CardId>()
                    && let Some(key) = self.board.key_of(&id)
                    && let Some(card) = self.board.remove(&id)
                {
                    touched[card.phase.index()] = true;
                    self.searcher.card_changed(key);
                }
            }
            FileKind::Review => {
                if let Ok(id) = stem.parse::<ReviewId>() {
                    self.board.remove_review(&id);
                    *touched = [true; 3];
                }
            }
            FileKind::Settings => {}
        }
    }

    pub(super) fn on_editor_done(&mut self, id: CardId, result: Result<Option<String>, String>) {
        match result {
            Err(message) => self.error(message),
            Ok(None) => self.info("Description unchanged"),
            Ok(Some(text)) => {
                let Some(mut card) = self.board.card_by_id(&id).cloned() else {
                    self.error("The card is gone (deleted on disk?)");
                    return;
                };
                card.description = text;
                let label = format!("Edit the description of \"{}\"", card.title);
                self.info(format!("Saved the description of \"{}\"", card.title));
                self.save_card(card, label);
            }
        }
    }
}
