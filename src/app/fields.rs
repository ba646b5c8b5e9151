//! Form building blocks: text fields (on `ratatui-textarea`, which edits by character
//! and handles unicode), choices and the role checklist. Each takes the commands of
//! its mode (text, choice, picker) and, for text, the characters typed.

use crate::keymap::Command;
use crate::model::{Role, RoleSet};
use ratatui_textarea::{CursorMove, TextArea};

/// Runs a text-field command on a text area; false for commands of other modes.
fn edit(area: &mut TextArea<'static>, command: Command) -> bool {
    let movement = match command {
        Command::CursorLeft => Some(CursorMove::Back),
        Command::CursorRight => Some(CursorMove::Forward),
        Command::CursorUp => Some(CursorMove::Up),
        Command::CursorDown => Some(CursorMove::Down),
        Command::WordLeft => Some(CursorMove::WordBack),
        Command::WordRight => Some(CursorMove::WordForward),
        Command::LineStart => Some(CursorMove::Head),
        Command::LineEnd => Some(CursorMove::End),
        _ => None,
    };
    if let Some(movement) = movement {
        // A move ends a selection (the suggested reviewer), as in any editor.
        area.cancel_selection();
        area.move_cursor(movement);
        return true;
    }
    match command {
        Command::DeleteBack => area.delete_char(),
        Command::DeleteForward => area.delete_next_char(),
        Command::DeleteWordBack => area.delete_word(),
        Command::DeleteWordForward => area.delete_next_word(),
        Command::DeleteToStart => area.delete_line_by_head(),
        Command::DeleteToEnd => area.delete_line_by_end(),
        Command::UndoEdit => area.undo(),
        Command::RedoEdit => area.redo(),
        _ => return false,
    };
    true
}

fn plain_area(lines: Vec<String>, placeholder: &str) -> TextArea<'static> {
    let mut area = TextArea::new(lines);
    area.set_placeholder_text(placeholder);
    area.set_cursor_line_style(ratatui::style::Style::default());
    area
}

/// Text from a card (untrusted) as a field shows it: control, bidirectional and
/// invisible characters escaped (`\u{1b}`), never sent to the terminal. Left as it
/// is, the field gives back the text it was given, byte for byte; edited, it gives
/// what it shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shown {
    /// The escaped text the field was filled with, and the text it stands for.
    escaped: Option<(String, String)>,
}

impl Shown {
    fn of(original: &str, escaped: std::borrow::Cow<'_, str>) -> (Shown, String) {
        match escaped {
            std::borrow::Cow::Borrowed(_) => (Shown::default(), original.to_string()),
            std::borrow::Cow::Owned(escaped) => (
                Shown {
                    escaped: Some((escaped.clone(), original.to_string())),
                },
                escaped,
            ),
        }
    }

    fn value(&self, shown: String) -> String {
        match &self.escaped {
            Some((escaped, original)) if *escaped == shown => original.clone(),
            _ => shown,
        }
    }
}

/// A one-line text field; typed and pasted text follows `text::clean_line` (a tab or a
/// newline becomes a space, other control characters are dropped).
pub struct LineField(pub TextArea<'static>, Shown);

impl LineField {
    pub fn new(text: &str, placeholder: &str) -> LineField {
        let (shown, display) = Shown::of(text, crate::model::text::safe_line(text));
        let mut area = plain_area(vec![display], placeholder);
        area.move_cursor(CursorMove::End);
        LineField(area, shown)
    }

    /// A prefilled suggestion, selected: typing replaces it, Enter keeps it.
    pub fn suggested(text: &str, placeholder: &str) -> LineField {
        let mut field = LineField::new(text, placeholder);
        field.0.select_all();
        field
    }

    pub fn text(&self) -> String {
        self.1.value(self.0.lines().join(" "))
    }

    /// A text-field command; false when it is not one.
    pub fn command(&mut self, command: Command) -> bool {
        edit(&mut self.0, command)
    }

    pub fn type_char(&mut self, c: char) {
        if c == '\t' {
            self.0.insert_char(' ');
        } else if !c.is_control() {
            self.0.insert_char(c);
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.0.insert_str(crate::model::text::clean_line(text));
    }
}

/// A multi-line text field: `Submit` (Enter) is a new line. Typed and pasted text
/// follows `text::clean_text` (newlines and tabs stay, other controls are dropped).
pub struct TextField(pub TextArea<'static>, Shown);

impl TextField {
    pub fn new(text: &str, placeholder: &str) -> TextField {
        let (shown, display) = Shown::of(text, crate::model::text::safe_editable(text));
        let lines: Vec<String> = display.split('\n').map(str::to_string).collect();
        let mut area = plain_area(lines, placeholder);
        area.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        TextField(area, shown)
    }

    pub fn text(&self) -> String {
        self.1.value(self.0.lines().join("\n"))
    }

    pub fn command(&mut self, command: Command) -> bool {
        if command == Command::Submit {
            self.0.insert_newline();
            return true;
        }
        edit(&mut self.0, command)
    }

    pub fn type_char(&mut self, c: char) {
        if c == '\n' {
            self.0.insert_newline();
        } else if c == '\t' || !c.is_control() {
            self.0.insert_char(c);
        }
    }

    pub fn paste(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        self.0.insert_str(crate::model::text::clean_text(&text));
    }
}

/// One value among a few, chosen with the choice commands or by typing the value's
/// first letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceField {
    pub options: Vec<String>,
    pub selected: usize,
}

impl ChoiceField {
    pub fn new(options: Vec<String>, selected: usize) -> ChoiceField {
        ChoiceField { options, selected }
    }

    pub fn command(&mut self, command: Command) -> bool {
        let len = self.options.len().max(1);
        match command {
            Command::NextChoice => self.selected = (self.selected + 1) % len,
            Command::PrevChoice => self.selected = (self.selected + len - 1) % len,
            _ => return false,
        }
        true
    }

    /// Typing a letter chooses the first value that starts with it.
    pub fn type_char(&mut self, c: char) {
        if let Some(i) = self.options.iter().position(|o| {
            o.chars()
                .next()
                .is_some_and(|first| first.eq_ignore_ascii_case(&c))
        }) {
            self.selected = i;
        }
    }
}

/// The seven roles with a cursor; `Toggle` (or typing a role's number) toggles one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoleChecklist {
    pub roles: RoleSet,
    pub cursor: usize,
}

impl RoleChecklist {
    pub fn new(roles: RoleSet) -> RoleChecklist {
        RoleChecklist { roles, cursor: 0 }
    }

    pub fn current(&self) -> Role {
        Role::ALL[self.cursor]
    }

    /// A list command; false for commands it does not use.
    pub fn command(&mut self, command: Command) -> bool {
        let len = Role::ALL.len();
        match command {
            Command::Down => self.cursor = (self.cursor + 1) % len,
            Command::Up => self.cursor = (self.cursor + len - 1) % len,
            Command::First => self.cursor = 0,
            Command::Last => self.cursor = len - 1,
            Command::Toggle => self.roles.toggle(self.current()),
            _ => return false,
        }
        true
    }

    /// `1`–`7` toggle a role directly (the list shows the numbers).
    pub fn type_char(&mut self, c: char) {
        let n = c.to_digit(10).unwrap_or(0) as usize;
        if (1..=Role::ALL.len()).contains(&n) {
            self.cursor = n - 1;
            self.roles.toggle(self.current());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_commands_edit_by_character() {
        let mut field = LineField::new("数据 quality", "");
        assert!(field.command(Command::WordLeft));
        field.type_char('x');
        assert_eq!(field.text(), "数据 xquality");
        field.command(Command::DeleteToStart);
        assert_eq!(field.text(), "quality");
        field.command(Command::UndoEdit);
        assert_eq!(field.text(), "数据 xquality");
        assert!(!field.command(Command::Down));
    }

    #[test]
    fn a_suggestion_is_replaced_by_typing_and_kept_by_moving() {
        let mut field = LineField::suggested("ann", "");
        field.type_char('B');
        assert_eq!(field.text(), "B");
        let mut field = LineField::suggested("ann", "");
        field.command(Command::LineEnd);
        field.type_char('e');
        assert_eq!(field.text(), "anne");
    }

    #[test]
    fn choices_cycle_and_take_initials() {
        let mut choice =
            ChoiceField::new(vec!["Continue".into(), "Rework".into(), "Stop".into()], 0);
        choice.command(Command::PrevChoice);
        assert_eq!(choice.selected, 2);
        choice.type_char('r');
        assert_eq!(choice.selected, 1);
        choice.type_char('z');
        assert_eq!(choice.selected, 1);
    }

    #[test]
    fn roles_toggle_by_cursor_or_number() {
        let mut list = RoleChecklist::default();
        list.command(Command::Up);
        assert_eq!(list.current(), Role::BackendEngineer);
        list.command(Command::Toggle);
        list.type_char('1');
        assert!(list.roles.contains(Role::BackendEngineer));
        assert!(list.roles.contains(Role::BusinessStakeholder));
        list.type_char('9');
        assert_eq!(list.cursor, 0);
    }
}
