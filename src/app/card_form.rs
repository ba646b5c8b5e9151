//! The card form (`n` new, `e` edit): its fields, and saving it.

use super::fields::{LineField, RoleChecklist, TextField};
use super::form::{Field, FieldId, Form, Input};
use super::{AfterSave, App};
use crate::model::{Card, CardId, Date, Labels, Phase, RoleSet, ops};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardFormKind {
    New { phase: Phase },
    Edit { card: CardId },
}

pub struct CardForm {
    pub kind: CardFormKind,
    pub form: Form,
    /// What the form began with: a field the user left as it was takes the card's
    /// value as it is on disk if the save is refused and the form re-opens.
    pub began: CardValues,
}

/// What a card form holds: a card's fields as the form's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CardValues {
    pub title: String,
    pub description: String,
    pub roles: RoleSet,
    pub labels: String,
    pub due: String,
}

impl CardValues {
    pub fn of(card: &Card) -> CardValues {
        CardValues {
            title: card.title.to_string(),
            description: card.description.to_string(),
            roles: card.roles,
            labels: card.labels.to_list(),
            due: card.due.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    fn of_form(form: &Form) -> CardValues {
        CardValues {
            title: form.text(FieldId::Title),
            description: form.text(FieldId::Description),
            roles: form.roles(FieldId::Roles),
            labels: form.text(FieldId::Labels),
            due: form.text(FieldId::Due),
        }
    }

    /// The fields, in the form's order: which ones differ between two values.
    fn differs(&self, other: &CardValues) -> [(FieldId, &'static str, bool); 5] {
        [
            (FieldId::Title, "title", self.title != other.title),
            (
                FieldId::Description,
                "description",
                self.description != other.description,
            ),
            (FieldId::Roles, "roles", self.roles != other.roles),
            (FieldId::Labels, "labels", self.labels != other.labels),
            (FieldId::Due, "due date", self.due != other.due),
        ]
    }

    /// The user's changes (`self`, from `began`) on top of the card as it is `now`:
    /// each field the user changed keeps the user's value, the others take `now`'s.
    /// Also names the fields changed both by the user and on disk.
    pub fn rebase(&self, began: &CardValues, now: &CardValues) -> (CardValues, Vec<&'static str>) {
        let mine = self.differs(began);
        let theirs = now.differs(began);
        let pick = |i: usize, yours: &str, current: &str| {
            if mine[i].2 { yours } else { current }.to_string()
        };
        let values = CardValues {
            title: pick(0, &self.title, &now.title),
            description: pick(1, &self.description, &now.description),
            roles: if mine[2].2 { self.roles } else { now.roles },
            labels: pick(3, &self.labels, &now.labels),
            due: pick(4, &self.due, &now.due),
        };
        let yours_now = self.differs(now);
        let both = mine
            .iter()
            .zip(&theirs)
            .zip(&yours_now)
            .filter(|((m, t), n)| m.2 && t.2 && n.2)
            .map(|((m, _), _)| m.1)
            .collect();
        (values, both)
    }

    /// The first field the user changed (from `began`), to focus it.
    fn first_change(&self, began: &CardValues) -> Option<FieldId> {
        self.differs(began)
            .into_iter()
            .find(|(_, _, changed)| *changed)
            .map(|(id, _, _)| id)
    }
}

fn fields_index(id: FieldId) -> usize {
    match id {
        FieldId::Title => 0,
        FieldId::Description => 1,
        FieldId::Roles => 2,
        FieldId::Labels => 3,
        _ => 4,
    }
}

/// A card form's save in flight: if it is refused, the form re-opens with what the
/// user typed (`typed`, made on `began`), so no typed text is lost.
#[derive(Debug, Clone)]
pub struct Recovery {
    pub kind: CardFormKind,
    /// The card's column, for a card deleted on disk meanwhile (it can be added again).
    pub phase: Phase,
    pub typed: CardValues,
    pub began: CardValues,
}

/// Why a card cannot be saved at all: its file would be over the limit on what
/// mlboard reads (`store::MAX_FILE_BYTES`).
pub fn too_large(card: &Card) -> Option<String> {
    let bytes = crate::store::format::card_to_ron(card).len() as u64;
    (bytes > crate::store::MAX_FILE_BYTES).then(|| {
        format!(
            "Too long to save: the card's file would be {bytes} bytes, over the 1 MiB limit ({} bytes); shorten the description",
            crate::store::MAX_FILE_BYTES
        )
    })
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
        let began = CardValues::default();
        CardForm::with_values(CardFormKind::New { phase }, &began, began.clone())
    }

    pub fn edit(card: &Card) -> CardForm {
        let began = CardValues::of(card);
        let kind = CardFormKind::Edit {
            card: card.id.clone(),
        };
        CardForm::with_values(kind, &began, began.clone())
    }

    /// A form holding `values`, begun on `began`; the focus is on the first field
    /// they differ in.
    pub fn with_values(kind: CardFormKind, values: &CardValues, began: CardValues) -> CardForm {
        let mut form = Form::new(fields(
            &values.title,
            &values.description,
            values.roles,
            &values.labels,
            &values.due,
        ));
        if let Some(field) = values.first_change(&began) {
            form.focus = fields_index(field);
        }
        CardForm { kind, form, began }
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
        let typed = CardValues::of_form(form);
        let recovery = |phase: Phase| Recovery {
            kind: card_form.kind.clone(),
            phase,
            typed: typed.clone(),
            began: card_form.began.clone(),
        };
        let refuse_size = |form: &mut Form, reason: String| {
            form.focus = fields_index(FieldId::Description);
            form.error = Some(reason);
            false
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
                if let Some(reason) = too_large(&card) {
                    return refuse_size(&mut card_form.form, reason);
                }
                let label = format!("Add \"{}\"", card.title);
                let after = AfterSave {
                    saved: Some(format!("Added \"{}\" to {phase}", card.title)),
                    recover: Some(recovery(*phase)),
                };
                let key = self.save_card_then(card, label, after);
                self.view.select_card(*phase, key);
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
                    if let Some(reason) = too_large(&updated) {
                        return refuse_size(&mut card_form.form, reason);
                    }
                    let label = format!("Edit \"{}\"", updated.title);
                    let after = AfterSave {
                        saved: Some(format!("Saved \"{}\"", updated.title)),
                        recover: Some(recovery(old.phase)),
                    };
                    self.save_card_then(updated, label, after);
                }
            }
        }
        true
    }
}
