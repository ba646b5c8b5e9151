//! What the app said this session (SPEC §3: `m` shows the messages, newest first,
//! with their times): every status message is kept here, whole, even one the status
//! line had to cut or one that a later message replaced at once.
//!
//! The outcome of a sync is *held*: until the next key, messages from elsewhere (the
//! watcher reloading the files git rewrote, a late progress line) are kept in the log
//! but leave the status line alone, so the user reads what the sync did.

use super::{App, Status, Tone};
use crate::model::Timestamp;
use std::collections::VecDeque;

/// Messages kept; a session that says more forgets the oldest.
pub const KEPT: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub at: Timestamp,
    pub text: String,
    pub tone: Tone,
}

#[derive(Debug, Clone, Default)]
pub struct Messages {
    /// Oldest first.
    list: VecDeque<Message>,
}

impl Messages {
    pub fn push(&mut self, message: Message) {
        if self.list.len() == KEPT {
            self.list.pop_front();
        }
        self.list.push_back(message);
    }

    /// Newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = &Message> {
        self.list.iter().rev()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

impl App {
    /// Shows a message in the status line and keeps it in the log. While a sync's
    /// outcome is held, only an error replaces it.
    pub(super) fn say(&mut self, text: String, tone: Tone) {
        let at = self.now();
        self.messages.push(Message {
            at,
            text: text.clone(),
            tone,
        });
        if self.status_held && tone != Tone::Error {
            return;
        }
        self.status = Some(Status { text, tone });
    }

    /// Shows a message that stays until the next key (the outcome of `S`).
    pub(super) fn say_held(&mut self, text: String, tone: Tone) {
        self.status_held = false;
        self.say(text, tone);
        self.status_held = true;
    }

    /// A key (or a click) from the user: what it says replaces a held message.
    pub(super) fn release_status(&mut self) {
        self.status_held = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_messages_go_first() {
        let mut messages = Messages::default();
        for i in 0..KEPT + 5 {
            messages.push(Message {
                at: Timestamp::from_unix(i as i64),
                text: format!("m{i}"),
                tone: Tone::Info,
            });
        }
        assert_eq!(messages.len(), KEPT);
        assert_eq!(
            messages.newest_first().next().unwrap().text,
            format!("m{}", KEPT + 4)
        );
        assert_eq!(messages.newest_first().last().unwrap().text, "m5");
    }
}
