//! Terminal input → commands. A key is looked up in the key map through the modes of
//! where the keyboard is; the command it names is the one way a key reaches the
//! app's logic. Only a key no mode binds, typed as a plain character, reaches a text
//! field (or a list's numbers, a choice's initials) as `Action::Type`.

use super::{Action, App};
use crate::keymap::{Command, Mode};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

const BOARD: &[Mode] = &[Mode::Global, Mode::Board];

impl App {
    /// Where the keyboard is: the modes keys are looked up in, outermost first.
    pub fn modes(&self) -> &'static [Mode] {
        match &self.popup {
            Some(popup) => popup.modes(),
            None => BOARD,
        }
    }

    pub(super) fn on_key(&mut self, key: KeyEvent) {
        // Only presses: terminals that report releases would act twice.
        if key.kind != KeyEventKind::Press {
            return;
        }
        if let Some(command) = self.keymap.resolve(self.modes(), &key) {
            self.update(Action::Command(command));
            return;
        }
        // The key that opened a text popup also closes it.
        if let Some(opener) = self.popup.as_ref().and_then(|p| p.opener())
            && self.keymap.command_in(Mode::Board, &key) == Some(opener)
        {
            self.update(Action::Command(Command::Close));
            return;
        }
        let KeyCode::Char(c) = key.code else {
            return;
        };
        if key.modifiers.contains(KeyModifiers::ALT) {
            // A terminal sends Esc as one byte, so Esc followed at once by a letter
            // (a fast typist, a script) arrives as Alt+letter. Unless the Alt key is
            // bound where the keyboard is, it is taken as the two keys it was.
            self.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            if self.running {
                self.on_key(KeyEvent::new(key.code, key.modifiers - KeyModifiers::ALT));
            }
        } else if !key.modifiers.contains(KeyModifiers::CONTROL) {
            self.update(Action::Type(c));
        }
    }

    pub(super) fn on_command(&mut self, command: Command) {
        if command == Command::Quit {
            // From the board's key or the global one (Ctrl+c, even in a half-filled
            // form, which saves nothing).
            self.running = false;
        } else if self.popup.is_some() {
            self.popup_command(command);
        } else {
            self.run(command);
        }
    }

    pub(super) fn on_type(&mut self, c: char) {
        if self.popup.is_some() {
            self.popup_type(c);
        }
    }

    pub(super) fn on_paste(&mut self, text: &str) {
        self.popup_paste(text);
    }
}
