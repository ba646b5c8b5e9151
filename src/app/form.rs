//! A form is a list of fields, one of them focused. The card and review forms are
//! built from it (`card_form`, `review_form`); adding a field to a form is adding it
//! to that list. A form only collects input; saving is `update`'s job.

use super::fields::{ChoiceField, LineField, RoleChecklist, TextField};
use crate::keymap::{Command, Mode};
use crate::model::RoleSet;

/// What a command did to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    Continue,
    Cancel,
    Submit,
}

/// Which field this is, so the form's owner can read its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
    Title,
    Description,
    Roles,
    Labels,
    Due,
    Reviewer,
    ReviewerRole,
    Verdict,
    Note,
}

pub enum Input {
    Line(LineField),
    Text(TextField),
    Choice(ChoiceField),
    Roles(RoleChecklist),
}

pub struct Field {
    pub id: FieldId,
    pub label: &'static str,
    pub input: Input,
}

impl Field {
    pub fn new(id: FieldId, label: &'static str, input: Input) -> Field {
        Field { id, label, input }
    }
}

pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Why the last save was refused.
    pub error: Option<String>,
}

/// The key stacks of a form, by the focused field's kind.
const TEXT: &[Mode] = &[Mode::Global, Mode::Form, Mode::Text];
const CHOICE: &[Mode] = &[Mode::Global, Mode::Form, Mode::Choice];
const PICKER: &[Mode] = &[Mode::Global, Mode::Form, Mode::Picker];

impl Form {
    pub fn new(fields: Vec<Field>) -> Form {
        Form {
            fields,
            focus: 0,
            error: None,
        }
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    pub fn focused_id(&self) -> Option<FieldId> {
        self.focused().map(|f| f.id)
    }

    /// Where the keyboard is: the form's keys, then the focused field's.
    pub fn modes(&self) -> &'static [Mode] {
        match self.focused().map(|f| &f.input) {
            Some(Input::Choice(_)) => CHOICE,
            Some(Input::Roles(_)) => PICKER,
            _ => TEXT,
        }
    }

    pub fn command(&mut self, command: Command) -> FormOutcome {
        let len = self.fields.len().max(1);
        match command {
            Command::NextField => self.focus = (self.focus + 1) % len,
            Command::PrevField => self.focus = (self.focus + len - 1) % len,
            Command::Save => return FormOutcome::Submit,
            Command::Cancel => return FormOutcome::Cancel,
            _ => {
                let Some(field) = self.fields.get_mut(self.focus) else {
                    return FormOutcome::Continue;
                };
                let handled = match &mut field.input {
                    Input::Line(line) => line.command(command),
                    Input::Text(text) => text.command(command),
                    Input::Choice(choice) => choice.command(command),
                    Input::Roles(roles) => roles.command(command),
                };
                if handled && changes_text(command) {
                    // The refusal was about what the form held: an edit answers it.
                    self.error = None;
                }
                // Enter in any field but the description saves.
                if !handled && command == Command::Submit {
                    return FormOutcome::Submit;
                }
            }
        }
        FormOutcome::Continue
    }

    pub fn type_char(&mut self, c: char) {
        self.error = None;
        match self.fields.get_mut(self.focus).map(|f| &mut f.input) {
            Some(Input::Line(line)) => line.type_char(c),
            Some(Input::Text(text)) => text.type_char(c),
            Some(Input::Choice(choice)) => choice.type_char(c),
            Some(Input::Roles(roles)) => roles.type_char(c),
            None => {}
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.error = None;
        match self.fields.get_mut(self.focus).map(|f| &mut f.input) {
            Some(Input::Line(line)) => line.paste(text),
            Some(Input::Text(area)) => area.paste(text),
            _ => {}
        }
    }

    fn input(&self, id: FieldId) -> Option<&Input> {
        self.fields.iter().find(|f| f.id == id).map(|f| &f.input)
    }

    /// A text field's text ("" when the form has no such field).
    pub fn text(&self, id: FieldId) -> String {
        match self.input(id) {
            Some(Input::Line(line)) => line.text(),
            Some(Input::Text(text)) => text.text(),
            _ => String::new(),
        }
    }

    pub fn roles(&self, id: FieldId) -> RoleSet {
        match self.input(id) {
            Some(Input::Roles(list)) => list.roles,
            _ => RoleSet::EMPTY,
        }
    }

    /// The index of a choice field's value.
    pub fn choice(&self, id: FieldId) -> usize {
        match self.input(id) {
            Some(Input::Choice(choice)) => choice.selected,
            _ => 0,
        }
    }
}

/// Commands that change a field's value (not the ones that only move in it).
fn changes_text(command: Command) -> bool {
    !matches!(
        command,
        Command::CursorLeft
            | Command::CursorRight
            | Command::CursorUp
            | Command::CursorDown
            | Command::WordLeft
            | Command::WordRight
            | Command::LineStart
            | Command::LineEnd
            | Command::Down
            | Command::Up
            | Command::First
            | Command::Last
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Form {
        Form::new(vec![
            Field::new(FieldId::Title, "Title", Input::Line(LineField::new("", ""))),
            Field::new(
                FieldId::Description,
                "Description",
                Input::Text(TextField::new("", "")),
            ),
            Field::new(
                FieldId::Roles,
                "Roles",
                Input::Roles(RoleChecklist::default()),
            ),
        ])
    }

    #[test]
    fn enter_saves_except_in_the_description() {
        let mut form = form();
        form.type_char('a');
        assert_eq!(form.command(Command::Submit), FormOutcome::Submit);
        form.command(Command::NextField);
        assert_eq!(form.modes(), TEXT);
        form.type_char('x');
        assert_eq!(form.command(Command::Submit), FormOutcome::Continue);
        form.type_char('y');
        assert_eq!(form.text(FieldId::Description), "x\ny");
        form.command(Command::NextField);
        assert_eq!(form.modes(), PICKER);
        form.type_char('4');
        assert!(!form.roles(FieldId::Roles).is_empty());
        assert_eq!(form.command(Command::Submit), FormOutcome::Submit);
        form.command(Command::NextField);
        assert_eq!(form.focused_id(), Some(FieldId::Title));
        assert_eq!(form.command(Command::Cancel), FormOutcome::Cancel);
    }
}
