//! A scroll position in a popup that only shows text (help, card, insights,
//! problems). The UI clamps it to the text's length.

use crate::keymap::Command;

/// Lines a page command scrolls.
pub const PAGE: u16 = 10;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll(pub u16);

impl Scroll {
    /// Runs a scroll command; false for other commands.
    pub fn command(&mut self, command: Command) -> bool {
        match command {
            Command::Down => self.by(1),
            Command::Up => self.by(-1),
            Command::PageDown => self.by(PAGE as i32),
            Command::PageUp => self.by(-(PAGE as i32)),
            Command::First => self.0 = 0,
            Command::Last => self.0 = u16::MAX,
            _ => return false,
        }
        true
    }

    /// Scrolls by some lines (the mouse wheel scrolls three).
    pub fn by(&mut self, lines: i32) {
        self.0 = (i32::from(self.0) + lines).clamp(0, i32::from(u16::MAX)) as u16;
    }
}
