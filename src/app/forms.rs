//! The card form (`n`, `e`) and the review form (`r`): their fields and keys.
//! Saving is `update`'s job; a form only collects input.

use super::fields::{
    FormKey, FormOutcome, LineField, RoleChecklist, TextField, cycle_choice, form_key,
};
use crate::model::{Card, CardId, Date, Labels, Phase, ReviewerRole, RoleSet, Verdict};
use crossterm::event::KeyEvent;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardFormKind {
    New { phase: Phase },
    Edit { card: CardId },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardField {
    Title,
    Description,
    Roles,
    Labels,
    Due,
}

impl CardField {
    const ORDER: [CardField; 5] = [
        CardField::Title,
        CardField::Description,
        CardField::Roles,
        CardField::Labels,
        CardField::Due,
    ];
}

pub struct CardForm {
    pub kind: CardFormKind,
    pub title: LineField,
    pub description: TextField,
    pub roles: RoleChecklist,
    /// Labels typed as words: `churn experiment` or `churn, experiment`.
    pub labels: LineField,
    /// `YYYY-MM-DD`, or empty for no due date.
    pub due: LineField,
    pub focus: CardField,
    /// Why the last save was refused.
    pub error: Option<String>,
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
) -> Result<(Labels, Option<Date>), (CardField, String)> {
    let labels = Labels::parse_list(labels).map_err(|e| (CardField::Labels, e.to_string()))?;
    let due = match due.trim() {
        "" => None,
        text => Some(
            text.parse::<Date>()
                .map_err(|e| (CardField::Due, e.to_string()))?,
        ),
    };
    Ok((labels, due))
}

fn step<T: Copy + PartialEq>(order: &[T], current: T, forward: bool) -> T {
    let pos = order.iter().position(|f| *f == current).unwrap_or(0);
    let len = order.len();
    order[if forward {
        (pos + 1) % len
    } else {
        (pos + len - 1) % len
    }]
}

impl CardForm {
    pub fn new_card(phase: Phase) -> CardForm {
        CardForm {
            kind: CardFormKind::New { phase },
            title: LineField::new("", "what needs doing?"),
            description: TextField::new("", "details, links, acceptance criteria"),
            roles: RoleChecklist::new(RoleSet::EMPTY),
            labels: LineField::new("", LABELS_HINT),
            due: LineField::new("", DUE_HINT),
            focus: CardField::Title,
            error: None,
        }
    }

    pub fn edit(card: &Card) -> CardForm {
        CardForm {
            kind: CardFormKind::Edit {
                card: card.id.clone(),
            },
            title: LineField::new(&card.title, "what needs doing?"),
            description: TextField::new(&card.description, "details, links, acceptance criteria"),
            roles: RoleChecklist::new(card.roles),
            labels: LineField::new(&card.labels.to_list(), LABELS_HINT),
            due: LineField::new(
                &card.due.map(|d| d.to_string()).unwrap_or_default(),
                DUE_HINT,
            ),
            focus: CardField::Title,
            error: None,
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormOutcome {
        match form_key(&key) {
            FormKey::Cancel => return FormOutcome::Cancel,
            FormKey::Save => return FormOutcome::Submit,
            FormKey::NextField => self.focus = step(&CardField::ORDER, self.focus, true),
            FormKey::PrevField => self.focus = step(&CardField::ORDER, self.focus, false),
            FormKey::Other => match self.focus {
                CardField::Title => {
                    if self.title.handle(key) {
                        return FormOutcome::Submit;
                    }
                }
                CardField::Description => self.description.handle(key),
                CardField::Roles => {
                    if key.code == crossterm::event::KeyCode::Enter {
                        return FormOutcome::Submit;
                    }
                    self.roles.handle(&key);
                }
                CardField::Labels => {
                    if self.labels.handle(key) {
                        return FormOutcome::Submit;
                    }
                }
                CardField::Due => {
                    if self.due.handle(key) {
                        return FormOutcome::Submit;
                    }
                }
            },
        }
        FormOutcome::Continue
    }

    pub fn paste(&mut self, text: &str) {
        match self.focus {
            CardField::Title => self.title.paste(text),
            CardField::Description => self.description.paste(text),
            CardField::Labels => self.labels.paste(text),
            CardField::Due => self.due.paste(text),
            CardField::Roles => {}
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewField {
    Reviewer,
    Role,
    Verdict,
    Note,
}

impl ReviewField {
    const ORDER: [ReviewField; 4] = [
        ReviewField::Reviewer,
        ReviewField::Role,
        ReviewField::Verdict,
        ReviewField::Note,
    ];
}

pub struct ReviewForm {
    pub card: CardId,
    pub reviewer: LineField,
    pub role: ReviewerRole,
    pub verdict: Verdict,
    pub note: LineField,
    pub focus: ReviewField,
    pub error: Option<String>,
}

impl ReviewForm {
    pub fn new(card: CardId, reviewer: &str) -> ReviewForm {
        ReviewForm {
            card,
            reviewer: LineField::suggested(reviewer, "who decides"),
            role: ReviewerRole::BusinessStakeholder,
            verdict: Verdict::Continue,
            note: LineField::new("", "why (optional)"),
            focus: ReviewField::Reviewer,
            error: None,
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormOutcome {
        match form_key(&key) {
            FormKey::Cancel => return FormOutcome::Cancel,
            FormKey::Save => return FormOutcome::Submit,
            FormKey::NextField => self.focus = step(&ReviewField::ORDER, self.focus, true),
            FormKey::PrevField => self.focus = step(&ReviewField::ORDER, self.focus, false),
            FormKey::Other => {
                let enter = key.code == crossterm::event::KeyCode::Enter;
                match self.focus {
                    ReviewField::Reviewer => {
                        if self.reviewer.handle(key) {
                            return FormOutcome::Submit;
                        }
                    }
                    ReviewField::Note => {
                        if self.note.handle(key) {
                            return FormOutcome::Submit;
                        }
                    }
                    _ if enter => return FormOutcome::Submit,
                    ReviewField::Role => {
                        self.role = cycle_choice(&ReviewerRole::ALL, self.role, &key, |r| match r {
                            ReviewerRole::BusinessStakeholder => 'b',
                            ReviewerRole::SubjectMatterExpert => 's',
                        })
                    }
                    ReviewField::Verdict => {
                        self.verdict = cycle_choice(&Verdict::ALL, self.verdict, &key, |v| {
                            v.name().chars().next().unwrap_or(' ')
                        })
                    }
                }
            }
        }
        FormOutcome::Continue
    }

    pub fn paste(&mut self, text: &str) {
        match self.focus {
            ReviewField::Reviewer => self.reviewer.paste(text),
            ReviewField::Note => self.note.paste(text),
            _ => {}
        }
    }
}
