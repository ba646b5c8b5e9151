//! The popups: each has its own small state. Which popup is open is `App::popup`.

use super::fields::{LineField, RoleChecklist};
use super::forms::{CardForm, ReviewForm};
use super::view::Filter;
use crate::model::insights::Insights;
use crate::model::{CardId, CardKey, Label, Labels, Role, RoleSet};
use crossterm::event::{KeyCode, KeyEvent};

// One popup at a time, in the app's state: its size does not matter, boxing it would.
#[allow(clippy::large_enum_variant)]
pub enum Popup {
    Help(Scroll),
    Problems(Scroll),
    Detail {
        card: CardId,
        scroll: Scroll,
    },
    CardForm(CardForm),
    Roles {
        card: CardId,
        list: RoleChecklist,
    },
    Review(ReviewForm),
    Search(SearchPopup),
    Filter(FilterPicker),
    ConfirmDelete {
        card: CardId,
    },
    Insights {
        insights: Box<Insights>,
        scroll: Scroll,
    },
}

/// A scroll position in a long text; the UI clamps it to the text's length.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll(pub u16);

impl Scroll {
    /// Handles scrolling keys; false for others.
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => self.0 = self.0.saturating_add(1),
            KeyCode::Up | KeyCode::Char('k') => self.0 = self.0.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.0 = self.0.saturating_add(10),
            KeyCode::PageUp => self.0 = self.0.saturating_sub(10),
            KeyCode::Home | KeyCode::Char('g') => self.0 = 0,
            KeyCode::End | KeyCode::Char('G') => self.0 = u16::MAX,
            _ => return false,
        }
        true
    }
}

/// The `/` popup: a query and the best hits.
pub struct SearchPopup {
    pub query: LineField,
    /// The best hits, best first (at most `SHOWN_HITS`).
    pub hits: Vec<CardKey>,
    /// How many cards matched in all.
    pub total: usize,
    pub selected: usize,
    /// The query the hits are for, so moving in the list never searches again.
    pub searched: String,
}

/// Hits kept for the list; nobody scrolls past a few hundred.
pub const SHOWN_HITS: usize = 200;

impl SearchPopup {
    pub fn new() -> SearchPopup {
        SearchPopup {
            query: LineField::new("", "title, description, role tag or id"),
            hits: Vec::new(),
            total: 0,
            selected: 0,
            searched: String::new(),
        }
    }
}

impl Default for SearchPopup {
    fn default() -> Self {
        SearchPopup::new()
    }
}

/// The `f` popup: the roles and labels to show, and whether to show only cards
/// awaiting review. One cursor walks its lines: the seven roles, then the board's
/// labels, then "awaiting review".
#[derive(Debug, Clone)]
pub struct FilterPicker {
    pub roles: RoleSet,
    /// Every label on the board (and any the filter holds), sorted.
    pub labels: Vec<Label>,
    /// The labels chosen.
    pub chosen: Labels,
    pub awaiting_review: bool,
    /// The line under the cursor.
    pub cursor: usize,
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
            roles: filter.roles,
            labels,
            chosen: filter.labels.clone(),
            awaiting_review: filter.awaiting_review,
            cursor: 0,
        }
    }

    pub fn lines(&self) -> usize {
        Role::ALL.len() + self.labels.len() + 1
    }

    pub fn line(&self, index: usize) -> FilterLine<'_> {
        if let Some(role) = Role::ALL.get(index) {
            FilterLine::Role(*role)
        } else {
            self.labels
                .get(index - Role::ALL.len())
                .map_or(FilterLine::AwaitingReview, FilterLine::Label)
        }
    }

    /// The filter the picker's choices make.
    pub fn filter(&self) -> Filter {
        Filter {
            roles: self.roles,
            labels: self.chosen.clone(),
            awaiting_review: self.awaiting_review,
        }
    }

    fn toggle(&mut self, index: usize) {
        match self.line(index) {
            FilterLine::Role(role) => self.roles.toggle(role),
            FilterLine::Label(label) => {
                let label = label.clone();
                self.chosen = if self.chosen.contains(&label) {
                    self.chosen
                        .iter()
                        .filter(|l| **l != label)
                        .cloned()
                        .collect()
                } else {
                    self.chosen.iter().cloned().chain([label]).collect()
                };
            }
            FilterLine::AwaitingReview => self.awaiting_review = !self.awaiting_review,
        }
    }

    pub fn handle(&mut self, key: &KeyEvent) {
        let len = self.lines();
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => self.cursor = (self.cursor + 1) % len,
            KeyCode::Up | KeyCode::Char('k') => self.cursor = (self.cursor + len - 1) % len,
            KeyCode::Home | KeyCode::Char('g') => self.cursor = 0,
            KeyCode::End | KeyCode::Char('G') => self.cursor = len - 1,
            KeyCode::Char(' ') | KeyCode::Char('x') => self.toggle(self.cursor),
            KeyCode::Char('w') => self.awaiting_review = !self.awaiting_review,
            KeyCode::Char(c) if c.is_ascii_digit() => {
                // 1-7 toggle a role directly.
                let n = c.to_digit(10).unwrap_or(0) as usize;
                if (1..=Role::ALL.len()).contains(&n) {
                    self.cursor = n - 1;
                    self.toggle(n - 1);
                }
            }
            _ => {}
        }
    }
}
