//! Form building blocks: text fields (on `ratatui-textarea`, which edits by character,
//! handles unicode, word jumps and paste), choice fields and the role checklist.

use crate::model::{Role, RoleSet};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

/// What a key did to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    Continue,
    Cancel,
    Submit,
}

pub fn is_ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
}

/// Keys every form understands: Esc cancels, Ctrl+s saves, Tab / Shift+Tab move.
pub enum FormKey {
    Cancel,
    Save,
    NextField,
    PrevField,
    Other,
}

pub fn form_key(key: &KeyEvent) -> FormKey {
    match key.code {
        KeyCode::Esc => FormKey::Cancel,
        KeyCode::Tab if key.modifiers.contains(KeyModifiers::SHIFT) => FormKey::PrevField,
        KeyCode::BackTab => FormKey::PrevField,
        KeyCode::Tab => FormKey::NextField,
        _ if is_ctrl(key, 's') => FormKey::Save,
        _ => FormKey::Other,
    }
}

fn is_newline(key: &KeyEvent) -> bool {
    key.code == KeyCode::Enter || is_ctrl(key, 'm')
}

/// Readline habits the text widget binds differently: Ctrl+U clears to the start of
/// the line (the widget would undo instead).
fn readline_key(area: &mut TextArea<'static>, key: &KeyEvent) -> bool {
    if is_ctrl(key, 'u') {
        area.delete_line_by_head();
        return true;
    }
    false
}

/// A one-line text field: Enter submits, pasted newlines become spaces.
pub struct LineField(pub TextArea<'static>);

impl LineField {
    pub fn new(text: &str, placeholder: &str) -> LineField {
        let mut area = TextArea::new(vec![text.replace('\n', " ")]);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        area.set_placeholder_text(placeholder);
        area.set_cursor_line_style(ratatui::style::Style::default());
        LineField(area)
    }

    /// A prefilled suggestion, selected: typing replaces it, Enter keeps it.
    pub fn suggested(text: &str, placeholder: &str) -> LineField {
        let mut field = LineField::new(text, placeholder);
        field.0.select_all();
        field
    }

    pub fn text(&self) -> String {
        self.0.lines().join(" ")
    }

    /// Returns true when the key was Enter (the form decides what that means).
    pub fn handle(&mut self, key: KeyEvent) -> bool {
        if is_newline(&key) {
            return true;
        }
        if !readline_key(&mut self.0, &key) {
            self.0.input(key);
        }
        false
    }

    pub fn paste(&mut self, text: &str) {
        self.0.insert_str(text.replace(['\r', '\n'], " "));
    }
}

/// A multi-line text field: Enter is a new line.
pub struct TextField(pub TextArea<'static>);

impl TextField {
    pub fn new(text: &str, placeholder: &str) -> TextField {
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let mut area = TextArea::new(lines);
        area.set_placeholder_text(placeholder);
        area.set_cursor_line_style(ratatui::style::Style::default());
        area.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        TextField(area)
    }

    pub fn text(&self) -> String {
        self.0.lines().join("\n")
    }

    pub fn handle(&mut self, key: KeyEvent) {
        if key.code == KeyCode::Enter {
            self.0.insert_newline();
        } else if !readline_key(&mut self.0, &key) {
            self.0.input(key);
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.0
            .insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
    }
}

/// A choice among a few values, changed with ←/→, Space, j/k or a value's first letter.
pub fn cycle_choice<T: Copy + PartialEq>(
    values: &[T],
    current: T,
    key: &KeyEvent,
    initial: impl Fn(T) -> char,
) -> T {
    let pos = values.iter().position(|v| *v == current).unwrap_or(0);
    let len = values.len();
    match key.code {
        KeyCode::Right
        | KeyCode::Down
        | KeyCode::Char(' ')
        | KeyCode::Char('j')
        | KeyCode::Char('l') => values[(pos + 1) % len],
        KeyCode::Left | KeyCode::Up | KeyCode::Char('k') | KeyCode::Char('h') => {
            values[(pos + len - 1) % len]
        }
        KeyCode::Char(c) => values
            .iter()
            .copied()
            .find(|v| initial(*v).eq_ignore_ascii_case(&c))
            .unwrap_or(current),
        _ => current,
    }
}

/// The seven roles with a cursor; Space toggles the role under it.
#[derive(Debug, Clone, Copy, Default)]
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

    /// Handles list keys; returns false for keys it does not use.
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => self.cursor = (self.cursor + 1) % Role::ALL.len(),
            KeyCode::Up | KeyCode::Char('k') => {
                self.cursor = (self.cursor + Role::ALL.len() - 1) % Role::ALL.len()
            }
            KeyCode::Home | KeyCode::Char('g') => self.cursor = 0,
            KeyCode::End | KeyCode::Char('G') => self.cursor = Role::ALL.len() - 1,
            KeyCode::Char(' ') | KeyCode::Char('x') => self.roles.toggle(self.current()),
            KeyCode::Char(c) if c.is_ascii_digit() => {
                // 1-7 toggle a role directly.
                let n = c.to_digit(10).unwrap_or(0) as usize;
                if (1..=Role::ALL.len()).contains(&n) {
                    self.cursor = n - 1;
                    self.roles.toggle(self.current());
                }
            }
            _ => return false,
        }
        true
    }
}
