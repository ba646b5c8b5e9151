//! The card form (`n` new, `e` edit): its fields, and saving it.

use super::App;
use super::fields::{LineField, RoleChecklist, TextField};
use super::form::{Field, FieldId, Form, Input};
use crate::model::{Card, CardId, Date, Labels, Phase, RoleSet, ops};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardFormKind {
    New { phase: Phase },
    Edit { card: CardId },
}

pub struct CardForm {
    pub kind: CardFormKind,
    pub form: Form,
}

/// What the labels field says it wants.
pub const LABELS_HINT: &str = "e.g. churn experiment (a-z 0-9 _ . -)";
/// What the due-date field says it wants.
pub const DUE_HINT: &str = "YYYY-MM-DD, or empty";

/// The labels and due date typed into a card form, or why they are refused (the
/// message names the rule) and which field to fix.
pub fn parse_labels_and_due(
    labels: &str,
    due: &str,
) -> Result<(Labels, Option<Date>), (FieldId, String)> {
    let labels = Labels::parse_list(labels).map_err(|e| (FieldId::Labels, e.to_string()))?;
    let due = match due.trim() {
        "" => None,
        text => Some(
            text.parse::<Date>()
                .map_err(|e| (FieldId::Due, e.to_string()))?,
        ),
    };
    Ok((labels, due))
}

fn fields(title: &str, description: &str, roles: RoleSet, labels: &str, due: &str) -> Vec<Field> {
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
        // Labels as words separated by spaces or commas.
        Field::new(
            FieldId::Labels,
            "Labels",
            Input::Line(LineField::new(labels, LABELS_HINT)),
        ),
        // The label says the format, whatever the field holds.
        Field::new(
            FieldId::Due,
            "Due (YYYY-MM-DD)",
            Input::Line(LineField::new(due, DUE_HINT)),
        ),
    ]
}

impl CardForm {
    pub fn new_card(phase: Phase) -> CardForm {
        CardForm {
            kind: CardFormKind::New { phase },
            form: Form::new(fields("", "", RoleSet::EMPTY, "", "")),
        }
    }

    pub fn edit(card: &Card) -> CardForm {
        CardForm {
            kind: CardFormKind::Edit {
                card: card.id.clone(),
            },
            form: Form::new(fields(
                &card.title,
                &card.description,
                card.roles,
                &card.labels.to_list(),
                &card.due.map(|d| d.to_string()).unwrap_or_default(),
            )),
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
        let (labels, due) =
            match parse_labels_and_due(&form.text(FieldId::Labels), &form.text(FieldId::Due)) {
                Ok(parsed) => parsed,
                Err((field, reason)) => {
                    // The form stays open on the field to fix, saying the rule.
                    if let Some(at) = form.fields.iter().position(|f| f.id == field) {
                        form.focus = at;
                    }
                    form.error = Some(reason);
                    return false;
                }
            };
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
                let mut card = match card {
                    Ok(card) => card,
                    Err(reason) => {
                        card_form.form.error = Some(reason);
                        return false;
                    }
                };
                card.labels = labels;
                card.due = due;
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
                updated.title = title.trim().to_string().into();
                updated.description = description.into();
                updated.roles = roles;
                updated.labels = labels;
                updated.due = due;
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
