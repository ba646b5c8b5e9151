//! Screen geometry shared by `update` (which keeps the selection in view) and the UI
//! (which draws it), so scrolling is computed once, in `update`, never while drawing.

/// Below this the board is not drawn; the screen says how much room it needs.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 12;

/// Rows one card takes: title, tags and state, and a spacer.
pub const CARD_HEIGHT: u16 = 3;

/// Rows above and below the columns: status line, footer, column borders.
const CHROME_ROWS: u16 = 4;

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

/// How many cards fit in a column, with or without the problems banner.
pub fn cards_per_page(height: u16, banner: bool) -> usize {
    let rows = height.saturating_sub(CHROME_ROWS + u16::from(banner));
    usize::from((rows / CARD_HEIGHT).max(1))
}
