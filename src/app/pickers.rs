//! The list popups: the role picker (`t`), the filter (`f`) and the list of boards
//! (`b`). Each keeps its own cursor; what their choices do is in `update`.

use super::App;
use super::fields::RoleChecklist;
use super::scroll::Scroll;
use super::view::Filter;
use crate::keymap::Command;
use crate::model::{CardId, Label, Role};
use std::path::PathBuf;

/// The role picker: each toggle is saved at once (and undoable), so however the
/// picker is left, what it shows is what the card has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolePicker {
    pub card: CardId,
    pub list: RoleChecklist,
    pub scroll: Scroll,
}

/// The filter: the roles and labels to show, and whether to show only cards awaiting
/// review. One cursor walks its lines: the seven roles, then the board's labels, then
/// "awaiting review".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterPicker {
    pub filter: Filter,
    /// Every label on the board (and any the filter holds), sorted: the label lines.
    pub labels: Vec<Label>,
    /// The line under the cursor.
    pub cursor: usize,
    /// The rows shown, kept around the cursor's row.
    pub scroll: Scroll,
}

/// What a line of the filter picker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterLine<'a> {
    Role(Role),
    Label(&'a Label),
    AwaitingReview,
}

impl FilterPicker {
    /// The picker for `filter`, offering `board_labels` (the board's labels).
    pub fn new(filter: &Filter, board_labels: Vec<Label>) -> FilterPicker {
        let mut labels = board_labels;
        labels.extend(filter.labels.iter().cloned());
        labels.sort_unstable();
        labels.dedup();
        FilterPicker {
            filter: filter.clone(),
            labels,
            cursor: 0,
            scroll: Scroll::default(),
        }
    }

    /// Rows the list has: the roles; a blank row, "Labels" and the labels (when the
    /// board has any); a blank row and "awaiting review".
    pub fn rows(&self) -> usize {
        let labels = if self.labels.is_empty() {
            0
        } else {
            self.labels.len() + 2
        };
        Role::ALL.len() + labels + 2
    }

    /// The row the cursor's line is on, counting the rows that are no line.
    pub fn cursor_row(&self) -> usize {
        match self.line(self.cursor) {
            FilterLine::Role(_) => self.cursor,
            FilterLine::Label(_) => self.cursor + 2,
            FilterLine::AwaitingReview => self.rows() - 1,
        }
    }

    /// Lines in the list: the seven roles, the labels, then "awaiting review".
    pub fn lines(&self) -> usize {
        Role::ALL.len() + self.labels.len() + 1
    }

    pub fn line(&self, index: usize) -> FilterLine<'_> {
        match Role::ALL.get(index) {
            Some(role) => FilterLine::Role(*role),
            None => self
                .labels
                .get(index - Role::ALL.len())
                .map_or(FilterLine::AwaitingReview, FilterLine::Label),
        }
    }

    pub fn on_awaiting(&self) -> bool {
        self.line(self.cursor) == FilterLine::AwaitingReview
    }

    /// Moves or toggles; false for commands that leave the picker.
    pub fn command(&mut self, command: Command) -> bool {
        let len = self.lines();
        match command {
            Command::Down => self.cursor = (self.cursor + 1) % len,
            Command::Up => self.cursor = (self.cursor + len - 1) % len,
            Command::First => self.cursor = 0,
            Command::Last => self.cursor = len - 1,
            Command::Toggle => self.toggle(self.cursor),
            Command::AwaitingReview => self.toggle_awaiting(),
            _ => return false,
        }
        true
    }

    fn toggle(&mut self, index: usize) {
        match self.line(index) {
            FilterLine::Role(role) => self.filter.roles.toggle(role),
            FilterLine::Label(label) => {
                let label = label.clone();
                let labels = &self.filter.labels;
                self.filter.labels = if labels.contains(&label) {
                    labels.iter().filter(|l| **l != label).cloned().collect()
                } else {
                    labels.iter().cloned().chain([label]).collect()
                };
            }
            FilterLine::AwaitingReview => self.toggle_awaiting(),
        }
    }

    fn toggle_awaiting(&mut self) {
        self.filter.awaiting_review = !self.filter.awaiting_review;
    }

    /// `1`–`7` toggle a role directly.
    pub fn type_char(&mut self, c: char) {
        let mut list = RoleChecklist {
            roles: self.filter.roles,
            cursor: self.cursor.min(Role::ALL.len() - 1),
        };
        if c.is_ascii_digit() {
            list.type_char(c);
            self.filter.roles = list.roles;
            self.cursor = list.cursor;
        }
    }
}

/// A board in the `b` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentBoard {
    pub path: PathBuf,
    /// The name in its `board.ron`; `None` when there is no board there any more.
    pub name: Option<String>,
    /// The board open now.
    pub current: bool,
}

/// The `b` popup: the boards opened before, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoardList {
    pub boards: Vec<RecentBoard>,
    pub cursor: usize,
    /// Why the list could not be read, when it could not.
    pub error: Option<String>,
    pub scroll: Scroll,
}

impl BoardList {
    pub fn command(&mut self, command: Command) -> bool {
        let len = self.boards.len().max(1);
        match command {
            Command::Down => self.cursor = (self.cursor + 1) % len,
            Command::Up => self.cursor = (self.cursor + len - 1) % len,
            Command::First => self.cursor = 0,
            Command::Last => self.cursor = len - 1,
            _ => return false,
        }
        true
    }

    pub fn selected(&self) -> Option<&RecentBoard> {
        self.boards.get(self.cursor)
    }
}

impl App {
    pub(super) fn role_picker_command(
        &mut self,
        picker: &mut RolePicker,
        command: Command,
    ) -> bool {
        match command {
            Command::Submit | Command::Close => false,
            _ => {
                let before = picker.list.roles;
                picker.list.command(command);
                self.roles_toggled(picker, before);
                true
            }
        }
    }

    pub(super) fn role_picker_type(&mut self, picker: &mut RolePicker, c: char) {
        let before = picker.list.roles;
        picker.list.type_char(c);
        self.roles_toggled(picker, before);
    }

    fn roles_toggled(&mut self, picker: &RolePicker, before: crate::model::RoleSet) {
        if picker.list.roles != before {
            self.save_roles(&picker.card, picker.list.roles);
        }
    }

    fn save_roles(&mut self, id: &CardId, roles: crate::model::RoleSet) {
        let Some(old) = self.board.card_by_id(id).cloned() else {
            return;
        };
        if old.roles == roles {
            return;
        }
        let mut updated = old;
        updated.roles = roles;
        let tags: Vec<&str> = roles.iter().map(|r| r.tag()).collect();
        self.info(format!(
            "Roles of \"{}\": {}",
            updated.title,
            tags.join(" ")
        ));
        let label = format!("Set roles of \"{}\"", updated.title);
        self.save_card(updated, label);
    }

    /// SPEC: in the filter, Enter applies and Esc clears.
    pub(super) fn filter_command(&mut self, picker: &mut FilterPicker, command: Command) -> bool {
        match command {
            Command::Close => {
                if self.view.filter.is_active() {
                    self.set_filter(Filter::default());
                    self.info("Filter cleared");
                }
                false
            }
            Command::Submit => {
                let filter = picker.filter.clone();
                self.set_filter(filter.clone());
                if filter.is_active() {
                    let clear = self
                        .keymap
                        .label(crate::keymap::Mode::Board, Command::ClearFilter);
                    // The status line shows the filter itself; the message says what
                    // it did.
                    let shown: usize = self.view.columns.iter().map(|c| c.visible.len()).sum();
                    self.info(format!(
                        "{} shown ({clear} clears the filter)",
                        crate::model::words::counted(shown, "card")
                    ));
                } else {
                    self.info("Filter cleared");
                }
                false
            }
            _ => {
                picker.command(command);
                true
            }
        }
    }

    pub(super) fn board_list_command(&mut self, list: &mut BoardList, command: Command) -> bool {
        match command {
            Command::Close => false,
            Command::Submit => {
                if let Some(board) = list.selected().cloned() {
                    self.switch_board(board);
                }
                false
            }
            _ => {
                list.command(command);
                true
            }
        }
    }

    /// Asks the runtime to open another board; a board that no longer exists is never
    /// created.
    fn switch_board(&mut self, board: RecentBoard) {
        if board.name.is_none() {
            self.error(format!(
                "There is no board in {} any more (mlboard does not create it here)",
                board.path.display()
            ));
        } else if board.current {
            self.info("That board is already open");
        } else if self.syncing {
            self.error("A sync is running on this board; switch when it is done");
        } else {
            self.effects.push(super::Effect::SwitchBoard(board.path));
        }
    }
}
