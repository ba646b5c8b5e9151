//! The card form (`n` new, `e` edit): its fields, and saving it.

use super::App;
use super::fields::{LineField, RoleChecklist, TextField};
use super::form::{Field, FieldId, Form, Input};
use crate::model::{Card, CardId, Phase, RoleSet, ops};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardFormKind {
    New { phase: Phase },
    Edit { card: CardId },
}

pub struct CardForm {
    pub kind: CardFormKind,
    pub form: Form,
}

fn fields(title: &str, description: &str, roles: RoleSet) -> Vec<Field> {
    vec![
        Field::new(
            FieldId::Title,
            "Title",
            Input::Line(LineField::new(title, "what needs doing?")),
        ),
        Field::new(
            FieldId::Description,
            "Description",
            Input::Text(TextField::new(
                description,
                "details, links, acceptance criteria",
            )),
        ),
        Field::new(
            FieldId::Roles,
            "Roles",
            Input::Roles(RoleChecklist::new(roles)),
        ),
    ]
}

impl CardForm {
    pub fn new_card(phase: Phase) -> CardForm {
        CardForm {
            kind: CardFormKind::New { phase },
            form: Form::new(fields("", "", RoleSet::EMPTY)),
        }
    }

    pub fn edit(card: &Card) -> CardForm {
        CardForm {
            kind: CardFormKind::Edit {
                card: card.id.clone(),
            },
            form: Form::new(fields(&card.title, &card.description, card.roles)),
        }
    }
}

impl App {
    /// Saves the card form; false (form stays open, with a message) when refused.
    pub(super) fn submit_card_form(&mut self, card_form: &mut CardForm) -> bool {
        let form = &mut card_form.form;
        let title = form.text(FieldId::Title);
        if let Err(reason) = ops::validate_title(&title) {
            form.error = Some(reason);
            return false;
        }
        let description = form.text(FieldId::Description);
        let roles = form.roles(FieldId::Roles);
        match &card_form.kind {
            CardFormKind::New { phase } => {
                let id = CardId::generate(&mut self.env.rng);
                let card = ops::new_card(
                    &self.board,
                    id,
                    &title,
                    &description,
                    *phase,
                    roles,
                    self.now(),
                );
                let label = format!("Add \"{}\"", card.title);
                let text = format!("Added \"{}\" to {phase}", card.title);
                let key = self.save_card(card, label);
                self.view.select_card(*phase, key);
                self.info(text);
            }
            CardFormKind::Edit { card } => {
                let Some(old) = self.board.card_by_id(card).cloned() else {
                    self.error("The card is gone (deleted on disk?)");
                    return true;
                };
                let mut updated = old.clone();
                updated.title = title.trim().to_string();
                updated.description = description;
                updated.roles = roles;
                if updated == old {
                    self.info("Nothing changed");
                } else {
                    let label = format!("Edit \"{}\"", updated.title);
                    self.info(format!("Saved \"{}\"", updated.title));
                    self.save_card(updated, label);
                }
            }
        }
        true
    }
}
