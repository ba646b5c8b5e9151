//! Results coming back from the storage worker and the editor: files as they are on
//! disk are the truth, and the board follows them without losing the selection.

use super::action::IoEvent;
use super::card_form::{self, CardForm, CardFormKind, CardValues, Recovery};
use super::popup::Popup;
use super::{AfterSave, App, Tone};
use crate::model::{CardId, FORMAT_VERSION, MeasurementId, Phase, ReviewId};
use crate::store::{FileKind, FileState, FileUpdate, Parsed};

/// Which card the selection follows when files change under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Follow {
    /// The card selected before (a refused save put it back): wherever it went.
    Selection,
    /// Files changed by someone else: the selection stays on its card while the
    /// card stays in the column, else on the same place in the column. A teammate
    /// moving the card does not pull the user's focus to another column.
    Column,
    /// The card an undo or redo changed, so the user sees what it did.
    Changed,
}

impl App {
    pub(super) fn on_io(&mut self, event: IoEvent) {
        match event {
            IoEvent::Saved { warning, .. } => {
                let after = self.save_answered();
                if let Some(saved) = after.saved {
                    self.info(saved);
                }
                if let Some(warning) = warning {
                    self.warn(warning);
                }
            }
            IoEvent::Refused { message, updates } => {
                self.apply_updates(updates, Follow::Selection);
                let after = self.save_answered();
                match after.recover {
                    Some(recovery) => self.recover(recovery, message),
                    None => self.error(message),
                }
            }
            IoEvent::Replayed {
                undo,
                label,
                updates,
            } => {
                self.apply_updates(updates, Follow::Changed);
                let verb = if undo { "Undid" } else { "Redid" };
                self.info(format!("{verb}: {label}"));
            }
            IoEvent::ReplayRefused {
                undo,
                message,
                updates,
            } => {
                self.apply_updates(updates, Follow::Selection);
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
                let notes = self.apply_updates(updates, Follow::Column);
                let text = format!("Reloaded {files} changed on disk");
                match notes {
                    None => self.info(text),
                    Some((note, Tone::Info)) => self.info(format!("{text}; {note}")),
                    Some((note, tone)) => self.say(format!("{text}; {note}"), tone),
                }
            }
        }
    }

    /// Applies files' current states to the board and the problem list; the selection
    /// follows its card (`follow`). Returns what a changed `board.ron` changed.
    fn apply_updates(
        &mut self,
        updates: Vec<FileUpdate>,
        follow: Follow,
    ) -> Option<(String, Tone)> {
        if updates.is_empty() {
            return None;
        }
        let mut touched = [false; 3];
        let banner_before = self.has_banner();
        let selected = self.selected_card().map(|c| c.id.clone());
        let mut changed: Vec<CardId> = Vec::new();
        let mut settings_note = None;
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
                    changed.push(card.id.clone());
                    let key = self.board.upsert(card);
                    self.searcher.card_changed(key);
                }
                FileState::Parsed(Parsed::Review(review)) => {
                    if let Some(card) = self.board.card_by_id(&review.card) {
                        touched[card.phase.index()] = true;
                    }
                    changed.push(review.card.clone());
                    self.board.insert_review(review);
                }
                FileState::Parsed(Parsed::Measurement(measurement)) => {
                    self.board.measurements.insert(measurement);
                }
                FileState::Parsed(Parsed::Settings(settings)) => {
                    settings_note = self.settings_changed(settings);
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
        let target = match follow {
            Follow::Changed => changed
                .iter()
                .find(|id| selected.as_ref() == Some(*id))
                .or_else(|| changed.iter().find(|id| self.is_shown(id)))
                .or(selected.as_ref()),
            Follow::Selection => selected.as_ref(),
            // The user's own move in flight: the card takes the selection along.
            Follow::Column => selected
                .as_ref()
                .filter(|id| self.saves_in_flight > 0 && self.last_saved.as_ref() == Some(*id)),
            // Else `rebuild` kept it by its key (or the place of a card that left).
        };
        if let Some(id) = target.cloned() {
            self.follow_card(&id);
        }
        if banner_before != self.has_banner() {
            self.refresh_page();
        }
        settings_note
    }

    /// Counts a save's answer; returns what was to happen after it.
    fn save_answered(&mut self) -> AfterSave {
        self.saves_in_flight = self.saves_in_flight.saturating_sub(1);
        if self.saves_in_flight == 0 {
            self.last_saved = None;
        }
        self.after_save.pop_front().unwrap_or_default()
    }

    /// A form's save was refused: the form opens again with what the user typed, on
    /// the card as it is on disk now (the fields the user did not change show the
    /// card's new values), and the message says so. Nothing typed is lost.
    fn recover(&mut self, recovery: Recovery, refusal: String) {
        if matches!(self.popup, Some(Popup::CardForm(_) | Popup::Review(_))) {
            // Another form is being filled in: it is not taken away.
            self.error(format!(
                "{refusal}. Not saved: your edit of \"{}\"",
                recovery.typed.title
            ));
            return;
        }
        let Recovery {
            kind,
            phase,
            typed,
            began,
        } = recovery;
        let current = match &kind {
            CardFormKind::Edit { card } => self.board.card_by_id(card).map(CardValues::of),
            CardFormKind::New { .. } => None,
        };
        let (form, note) = match (kind, current) {
            (CardFormKind::Edit { card }, Some(now)) if now != began => {
                let (values, both) = typed.rebase(&began, &now);
                let yours = if both.is_empty() {
                    String::new()
                } else {
                    format!(" (your {} replacing theirs)", both.join(", "))
                };
                let note = format!(
                    "your edit was not saved: the form shows the card as it is now, with your changes on top{yours}; review them and save again (Esc drops them)"
                );
                self.begin_edit(&card);
                (
                    CardForm::with_values(CardFormKind::Edit { card }, &values, now),
                    note,
                )
            }
            (CardFormKind::Edit { card }, Some(now)) => {
                self.begin_edit(&card);
                let note =
                    "your edit was not saved; it is kept in the form: save again (Esc drops it)";
                (
                    CardForm::with_values(CardFormKind::Edit { card }, &typed, now),
                    note.to_string(),
                )
            }
            (CardFormKind::Edit { .. }, None) => {
                let note = "the card is gone from disk; your edit was not saved. Save to add it again as a new card (Esc drops it)";
                let form = CardForm::with_values(
                    CardFormKind::New { phase },
                    &typed,
                    CardValues::default(),
                );
                (form, note.to_string())
            }
            (kind @ CardFormKind::New { .. }, _) => {
                let note = "the card was not added; what you typed is kept in the form: save again (Esc drops it)";
                (
                    CardForm::with_values(kind, &typed, CardValues::default()),
                    note.to_string(),
                )
            }
        };
        let mut form = form;
        form.form.error = Some(capitalized(&note));
        self.card_view_under = None;
        self.popup = Some(Popup::CardForm(Box::new(form)));
        self.error(format!("{refusal}. {}", capitalized(&note)));
    }

    fn is_shown(&self, id: &CardId) -> bool {
        self.board
            .key_of(id)
            .is_some_and(|key| self.view.shows(&self.board, key))
    }

    /// Focuses and selects a card wherever it is now, if the board shows it.
    pub(super) fn follow_card(&mut self, id: &CardId) {
        if let Some(key) = self.board.key_of(id) {
            let phase = self.board.card(key).phase;
            self.view.select_card(phase, key);
        }
    }

    /// A new `board.ron` takes effect at once: its gate, WIP limits, name and key
    /// metrics, and a format newer than this mlboard's turns the board read-only
    /// (and back, when it is supported again). Says what changed.
    fn settings_changed(
        &mut self,
        settings: crate::model::BoardSettings,
    ) -> Option<(String, Tone)> {
        let old = std::mem::replace(&mut self.board.settings, settings);
        let new = &self.board.settings;
        use crate::store::SettingsLock;
        // A readable board.ron lifts what board.ron caused (unless saving has stopped
        // for good); a newer format locks the board again at once.
        let lifted = self.settings_lock.take().filter(|_| !self.saving_stopped);
        if lifted.is_some() {
            self.read_only = None;
        }
        if lifted == Some(SettingsLock::Unreadable) {
            // What it was read-only with were defaults, not the team's settings: their
            // differences say nothing.
            let note = "board.ron can be read again: the board is writable".to_string();
            return Some((note, Tone::Info));
        }
        let mut notes = Vec::new();
        if new.format > FORMAT_VERSION {
            if self.read_only.is_none() {
                let reason = crate::store::newer_format_reason(new.format);
                let note = format!("board.ron: {reason}; read-only");
                self.read_only = Some(reason);
                self.settings_lock = Some(SettingsLock::NewerFormat);
                return Some((note, Tone::Warning));
            }
        } else if lifted == Some(SettingsLock::NewerFormat) {
            notes.push(format!(
                "board.ron is format {} again: the board is writable",
                new.format
            ));
        }
        let changes = crate::model::settings_changes(&old, new);
        if !changes.is_empty() {
            notes.push(format!("board.ron: {}", changes.join(", ")));
        }
        (!notes.is_empty()).then(|| (notes.join("; "), Tone::Info))
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
        // A form opened with the editor's text goes on with the edit's basis.
        if !self.finish_editor(id, result) {
            self.end_edit();
        }
    }

    /// Saves the description the editor gave back; true when, instead, a form opened
    /// with it (it cannot be saved as it is). The text is never lost: a refused save
    /// re-opens the form with it (`recover`).
    fn finish_editor(&mut self, id: CardId, result: Result<Option<String>, String>) -> bool {
        match result {
            Err(message) => self.error(message),
            Ok(None) => self.info("Description unchanged"),
            Ok(Some(text)) => {
                let text = crate::model::text::clean_text(&text).into_owned();
                let Some(old) = self.board.card_by_id(&id).cloned() else {
                    self.error("The card is gone (deleted on disk?)");
                    return false;
                };
                let began = CardValues::of(&old);
                let typed = CardValues {
                    description: text.clone(),
                    ..began.clone()
                };
                let mut card = old.clone();
                card.description = text.into();
                if let Some(reason) = card_form::too_large(&card) {
                    let kind = CardFormKind::Edit { card: id };
                    let mut form = CardForm::with_values(kind, &typed, began);
                    form.form.error = Some(reason.clone());
                    self.popup = Some(Popup::CardForm(Box::new(form)));
                    self.error(format!(
                        "{reason}: not saved; the text from the editor is in the form"
                    ));
                    return true;
                }
                let label = format!("Edit the description of \"{}\"", card.title);
                let after = AfterSave {
                    saved: Some(format!("Saved the description of \"{}\"", card.title)),
                    recover: Some(Recovery {
                        kind: CardFormKind::Edit { card: id },
                        phase: old.phase,
                        typed,
                        began,
                    }),
                };
                self.save_card_then(card, label, after);
            }
        }
        false
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
