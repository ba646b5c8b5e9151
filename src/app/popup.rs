//! The popups: each has its own small state. Which popup is open is `App::popup`.

use super::fields::{LineField, RoleChecklist};
use super::forms::{CardForm, ReviewForm};
use crate::model::insights::Insights;
use crate::model::{CardId, CardKey};
use crossterm::event::{KeyCode, KeyEvent};

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
        page: InsightsPage,
        scroll: Scroll,
    },
}

/// The pages of the insights popup, switched with `Tab` / `Shift+Tab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InsightsPage {
    #[default]
    Flow,
    Roles,
    Reviews,
    Metrics,
}

impl InsightsPage {
    pub const ALL: [InsightsPage; 4] = [
        InsightsPage::Flow,
        InsightsPage::Roles,
        InsightsPage::Reviews,
        InsightsPage::Metrics,
    ];

    pub fn title(self) -> &'static str {
        match self {
            InsightsPage::Flow => "Flow",
            InsightsPage::Roles => "Roles",
            InsightsPage::Reviews => "Reviews",
            InsightsPage::Metrics => "Metrics",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The next page (`forward`) or the previous one, wrapping around.
    pub fn step(self, forward: bool) -> InsightsPage {
        let n = InsightsPage::ALL.len();
        let i = if forward {
            self.index() + 1
        } else {
            self.index() + n - 1
        };
        InsightsPage::ALL[i % n]
    }
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

/// The `f` popup: roles to show, and whether to show only cards awaiting review.
#[derive(Debug, Clone, Copy)]
pub struct FilterPicker {
    pub list: RoleChecklist,
    pub awaiting_review: bool,
    /// The cursor is on the "awaiting review" line below the roles.
    pub on_awaiting: bool,
}

impl FilterPicker {
    pub fn handle(&mut self, key: &KeyEvent) {
        let last_role = crate::model::Role::ALL.len() - 1;
        match key.code {
            KeyCode::Down | KeyCode::Char('j')
                if self.list.cursor == last_role && !self.on_awaiting =>
            {
                self.on_awaiting = true
            }
            KeyCode::Down | KeyCode::Char('j') if self.on_awaiting => {
                self.on_awaiting = false;
                self.list.cursor = 0;
            }
            KeyCode::Up | KeyCode::Char('k') if self.on_awaiting => self.on_awaiting = false,
            KeyCode::Up | KeyCode::Char('k') if self.list.cursor == 0 => self.on_awaiting = true,
            KeyCode::Char(' ') | KeyCode::Char('x') if self.on_awaiting => {
                self.awaiting_review = !self.awaiting_review
            }
            KeyCode::Char('w') => self.awaiting_review = !self.awaiting_review,
            _ => {
                self.list.handle(key);
            }
        }
    }
}
