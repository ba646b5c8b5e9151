//! When the storage worker fails: no change is acknowledged any more. The board turns
//! read-only with a banner saying why, and the changes shown on screen but never
//! answered by the worker are named as not saved.

use super::App;
use super::action::{Effect, IoEvent};

/// The label of an effect the storage worker answers, to name it if it never does.
pub(super) fn request_label(effect: &Effect) -> Option<String> {
    match effect {
        Effect::Save(change) => Some(change.label.clone()),
        Effect::Undo => Some("undo".to_string()),
        Effect::Redo => Some("redo".to_string()),
        _ => None,
    }
}

impl App {
    /// Counts a worker's answer (files changed by others are not answers).
    pub(super) fn answered(&mut self, event: &IoEvent) {
        if !matches!(event, IoEvent::External(_)) {
            self.in_flight.pop_front();
        }
    }

    pub(super) fn on_worker_failed(&mut self, message: &str) {
        let unsaved: Vec<String> = self.in_flight.drain(..).collect();
        self.after_save.clear();
        if std::mem::replace(&mut self.saving_stopped, true) {
            // Told already; a change made since is named too.
            if !unsaved.is_empty() {
                self.error(format!("Not saved: {}", unsaved.join("; ")));
            }
            return;
        }
        if self.read_only.is_none() {
            self.read_only = Some(format!(
                "saving stopped ({message}); restart mlboard to go on"
            ));
        }
        let mut text = format!("Saving stopped: {message}.");
        if !unsaved.is_empty() {
            text.push_str(&format!(
                " Not saved: {}. The files on disk are as they were before.",
                unsaved.join("; ")
            ));
        }
        text.push_str(" The board is read-only; restart mlboard.");
        self.error(text);
        self.refresh_page();
    }
}
