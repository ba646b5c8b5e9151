//! The outcome of `S` (SPEC §3): it stays in the status line until the next key
//! (the watcher's reload of the files git rewrote does not replace it), and a conflict
//! opens a popup naming the files, what git is doing and the way out.

use super::popup::Popup;
use super::scroll::Scroll;
use super::{App, SyncFailure, Tone};

impl App {
    pub(super) fn on_sync_done(&mut self, result: Result<String, SyncFailure>) {
        self.syncing = false;
        match result {
            Ok(text) => self.say_held(text, Tone::Info),
            Err(failure) => {
                self.say_held(failure.message, Tone::Error);
                if let Some(conflict) = failure.conflict {
                    // A form being filled in is not taken away: the status line and
                    // `m` have the whole message.
                    let typing = matches!(
                        self.popup,
                        Some(Popup::CardForm(_) | Popup::Review(_) | Popup::Search(_))
                    );
                    if !typing {
                        self.card_view_under = None;
                        self.end_edit();
                        self.popup = Some(Popup::Conflict {
                            conflict: Box::new(conflict),
                            scroll: Scroll::default(),
                        });
                    }
                }
            }
        }
    }
}
