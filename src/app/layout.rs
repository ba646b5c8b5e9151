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

use crate::keymap::{Command, Hint, KeyMap, Mode, hint};
use crate::model::Phase;
use ratatui::layout::{Constraint, Layout, Rect};

/// Where everything of the board screen is. Computed from the terminal size alone,
/// by `update` (for the mouse) and by `draw` alike, so a click lands where the user
/// saw the thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub status: Rect,
    pub banner: Rect,
    pub columns: [Rect; 3],
    pub footer: Rect,
}

pub fn screen(width: u16, height: u16, banner: bool) -> Screen {
    let area = Rect::new(0, 0, width, height);
    let [status, banner_area, board, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(banner)),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let columns = Layout::horizontal([Constraint::Ratio(1, 3); 3]).areas(board);
    Screen {
        status,
        banner: banner_area,
        columns,
        footer,
    }
}

impl Screen {
    /// The column a point is in, if any.
    pub fn column_at(&self, x: u16, y: u16) -> Option<Phase> {
        Phase::ALL
            .into_iter()
            .find(|p| contains(self.columns[p.index()], x, y))
    }
}

/// Inside a column's border: where its cards are drawn.
pub fn column_inner(column: Rect) -> Rect {
    Rect {
        x: column.x.saturating_add(1),
        y: column.y.saturating_add(1),
        width: column.width.saturating_sub(2),
        height: column.height.saturating_sub(2),
    }
}

pub fn contains(rect: Rect, x: u16, y: u16) -> bool {
    x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height
}

const fn board(commands: &'static [(Mode, Command)], label: &'static str) -> Hint {
    hint(commands, label)
}

/// The main keys, as the footer shows them (from the live key map). A click on one
/// runs it.
pub const FOOTER: &[Hint] = &[
    board(
        &[
            (Mode::Board, Command::FocusPrev),
            (Mode::Board, Command::FocusNext),
        ],
        "column",
    ),
    board(
        &[
            (Mode::Board, Command::SelectNext),
            (Mode::Board, Command::SelectPrev),
        ],
        "card",
    ),
    board(
        &[
            (Mode::Board, Command::MovePrevPhase),
            (Mode::Board, Command::MoveNextPhase),
        ],
        "move",
    ),
    board(
        &[
            (Mode::Board, Command::MoveDown),
            (Mode::Board, Command::MoveUp),
        ],
        "reorder",
    ),
    board(&[(Mode::Board, Command::NewCard)], "new"),
    board(&[(Mode::Board, Command::OpenCard)], "open"),
    board(&[(Mode::Board, Command::EditCard)], "edit"),
    board(&[(Mode::Board, Command::ToggleRoles)], "roles"),
    board(&[(Mode::Board, Command::Review)], "review"),
    board(&[(Mode::Board, Command::Search)], "search"),
    board(&[(Mode::Board, Command::Filter)], "filter"),
    board(&[(Mode::Board, Command::Undo)], "undo"),
    board(&[(Mode::Board, Command::Help)], "help"),
    board(&[(Mode::Board, Command::Quit)], "quit"),
];

/// One piece of the footer: its columns and the command a click on it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FooterItem {
    pub x: u16,
    pub keys: String,
    pub label: &'static str,
    pub width: u16,
    pub command: Command,
}

/// The footer's pieces from the left (` h/l column  j/k card  ...`). In a pair
/// (`h/l`) each key runs its own command; the label runs the first.
pub fn footer_items(keymap: &KeyMap) -> Vec<FooterItem> {
    use unicode_width::UnicodeWidthStr;
    let mut items = Vec::new();
    let mut x: u16 = 1;
    for item in FOOTER {
        let Some((keys, label)) = keymap.hint_items(std::slice::from_ref(item)).pop() else {
            continue;
        };
        let bound: Vec<Command> = item
            .keys
            .iter()
            .filter(|(mode, command)| !keymap.label(*mode, *command).is_empty())
            .map(|(_, command)| *command)
            .collect();
        let mut piece_x = x;
        for (i, part) in keys.split('/').enumerate() {
            let width = part.width() as u16 + u16::from(i > 0);
            if let Some(command) = bound.get(i).or(bound.first()) {
                items.push(FooterItem {
                    x: piece_x,
                    keys: part.to_string(),
                    label: "",
                    width,
                    command: *command,
                });
            }
            piece_x += width;
        }
        let label_width = label.width() as u16 + 3;
        if let Some(command) = bound.first() {
            items.push(FooterItem {
                x: piece_x,
                keys: String::new(),
                label,
                width: label_width,
                command: *command,
            });
        }
        x = piece_x + label_width;
    }
    items
}
