//! The card form (`n`, `e`) and the review form (`r`): their fields and keys.
//! Saving is `update`'s job; a form only collects input.

use super::fields::{
    FormKey, FormOutcome, LineField, RoleChecklist, TextField, cycle_choice, form_key,
};
use crate::model::{Card, CardId, Phase, ReviewerRole, RoleSet, Verdict};
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
}

impl CardField {
    const ORDER: [CardField; 3] = [CardField::Title, CardField::Description, CardField::Roles];
}

pub struct CardForm {
    pub kind: CardFormKind,
    pub title: LineField,
    pub description: TextField,
    pub roles: RoleChecklist,
    pub focus: CardField,
    /// Why the last save was refused.
    pub error: Option<String>,
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
            },
        }
        FormOutcome::Continue
    }

    pub fn paste(&mut self, text: &str) {
        match self.focus {
            CardField::Title => self.title.paste(text),
            CardField::Description => self.description.paste(text),
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
