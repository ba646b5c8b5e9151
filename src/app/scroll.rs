//! Where a popup is scrolled to: the first row shown, how many rows the popup shows,
//! and how many its content has. `update` sets the two sizes (from a pure measure of
//! the state and the screen, `ui::popup_extent`) after every action, so every offset
//! a key or the wheel leaves is one the screen can show, and `draw` only reads it.

use crate::keymap::Command;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    offset: u16,
    /// Rows the popup shows.
    rows: u16,
    /// Rows the content has.
    total: u16,
}

impl Scroll {
    /// The first row shown.
    pub fn offset(self) -> u16 {
        self.offset
    }

    pub fn rows(self) -> u16 {
        self.rows
    }

    pub fn total(self) -> u16 {
        self.total
    }

    /// The last offset that still fills the popup.
    pub fn max_offset(self) -> u16 {
        self.total.saturating_sub(self.rows)
    }

    /// Whether the content is taller than the popup.
    pub fn scrolls(self) -> bool {
        self.total > self.rows
    }

    /// Takes the popup's and the content's sizes (after a resize, new content, or
    /// a popup opened) and keeps the offset within them.
    pub fn fit(&mut self, rows: u16, total: u16) {
        self.rows = rows;
        self.total = total;
        self.offset = self.offset.min(self.max_offset());
    }

    /// Runs a scroll command; false for other commands.
    pub fn command(&mut self, command: Command) -> bool {
        match command {
            Command::Down => self.by(1),
            Command::Up => self.by(-1),
            Command::PageDown => self.by(self.page()),
            Command::PageUp => self.by(-self.page()),
            Command::First => self.offset = 0,
            Command::Last => self.offset = self.max_offset(),
            _ => return false,
        }
        true
    }

    /// A page: the rows shown, less one kept for context.
    fn page(self) -> i32 {
        i32::from(self.rows.saturating_sub(1).max(1))
    }

    /// Scrolls by some rows (the mouse wheel scrolls three).
    pub fn by(&mut self, rows: i32) {
        let max = i32::from(self.max_offset());
        self.offset = (i32::from(self.offset) + rows).clamp(0, max) as u16;
    }

    /// For a list: scrolls as little as needed to show `row`.
    pub fn follow(&mut self, row: usize) {
        let row = u16::try_from(row).unwrap_or(u16::MAX);
        if row < self.offset {
            self.offset = row;
        } else if self.rows > 0 && row >= self.offset.saturating_add(self.rows) {
            self.offset = row + 1 - self.rows;
        }
        self.offset = self.offset.min(self.max_offset());
    }

    /// Where the view is, when the content is taller than the popup: `12–30 of 45`.
    pub fn position(self) -> Option<String> {
        self.scrolls().then(|| {
            let last = self.offset.saturating_add(self.rows).min(self.total);
            format!("{}–{last} of {}", self.offset + 1, self.total)
        })
    }

    /// The same, shorter (`12–30/45`), for a popup too narrow for `position`.
    pub fn short_position(self) -> Option<String> {
        self.scrolls().then(|| {
            let last = self.offset.saturating_add(self.rows).min(self.total);
            format!("{}–{last}/{}", self.offset + 1, self.total)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_is_the_real_bottom_and_up_moves_one_row_from_it() {
        let mut scroll = Scroll::default();
        scroll.fit(10, 45);
        scroll.command(Command::Last);
        assert_eq!(scroll.offset(), 35);
        scroll.command(Command::Up);
        assert_eq!(scroll.offset(), 34);
        scroll.command(Command::PageDown);
        assert_eq!(scroll.offset(), 35);
        assert_eq!(scroll.position().as_deref(), Some("36–45 of 45"));
        scroll.command(Command::First);
        scroll.command(Command::PageUp);
        assert_eq!(scroll.offset(), 0);
    }

    #[test]
    fn a_smaller_content_or_a_taller_popup_pulls_the_offset_back() {
        let mut scroll = Scroll::default();
        scroll.fit(10, 45);
        scroll.by(100);
        assert_eq!(scroll.offset(), 35);
        scroll.fit(20, 45);
        assert_eq!(scroll.offset(), 25);
        scroll.fit(20, 12);
        assert_eq!(scroll.offset(), 0);
        assert_eq!(scroll.position(), None);
    }

    #[test]
    fn a_list_follows_its_cursor() {
        let mut scroll = Scroll::default();
        scroll.fit(5, 20);
        scroll.follow(7);
        assert_eq!(scroll.offset(), 3);
        scroll.follow(4);
        assert_eq!(scroll.offset(), 3);
        scroll.follow(1);
        assert_eq!(scroll.offset(), 1);
        scroll.follow(19);
        assert_eq!(scroll.offset(), 15);
    }
}
