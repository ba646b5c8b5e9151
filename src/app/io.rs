//! Results coming back from the storage worker and the editor: files as they are on
//! disk are the truth, and the board follows them without losing the selection.

use super::App;
use super::action::IoEvent;
use crate::model::{CardId, MeasurementId, Phase, ReviewId};
use crate::store::{FileKind, FileState, FileUpdate, Parsed};

impl App {
    pub(super) fn on_io(&mut self, event: IoEvent) {
        match event {
            IoEvent::Saved { warning, .. } => {
                self.save_answered();
                if let Some(warning) = warning {
                    self.warn(warning);
                }
            }
            IoEvent::Refused { message, updates } => {
                self.apply_updates(updates);
                self.save_answered();
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
                let files = crate::model::words::counted(updates.len(), "file");
                self.apply_updates(updates);
                self.info(format!("Reloaded {files} changed on disk"));
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
        // The card the user just moved, if the update moves it (back), takes the
        // selection along; other cards moved by others leave it where it is.
        let selected = self
            .selected_card()
            .filter(|c| self.saves_in_flight > 0 && self.last_saved.as_ref() == Some(&c.id))
            .map(|c| (c.id.clone(), c.phase));
        for update in updates {
            self.storage_seen = self.storage_seen.max(update.version);
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
                FileState::Parsed(Parsed::Measurement(measurement)) => {
                    self.board.measurements.insert(measurement);
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
        if let Some((id, phase)) = selected
            && let Some(key) = self.board.key_of(&id)
            && self.board.card(key).phase != phase
        {
            self.view.select_card(self.board.card(key).phase, key);
        }
        if banner_before != self.has_banner() {
            self.refresh_page();
        }
    }

    fn save_answered(&mut self) {
        self.saves_in_flight = self.saves_in_flight.saturating_sub(1);
        if self.saves_in_flight == 0 {
            self.last_saved = None;
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
            FileKind::Measurement => {
                if let Ok(id) = stem.parse::<MeasurementId>() {
                    self.board.measurements.remove(&id);
                }
            }
            FileKind::Settings => {}
        }
    }

    pub(super) fn on_editor_done(&mut self, id: CardId, result: Result<Option<String>, String>) {
        self.finish_editor(id, result);
        self.end_edit();
    }

    fn finish_editor(&mut self, id: CardId, result: Result<Option<String>, String>) {
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
