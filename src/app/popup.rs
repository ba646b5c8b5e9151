//! The popups: each has its own small state type. Which popup is open is
//! `App::popup`; this module says where the keyboard is in each, and hands each
//! command to the popup it belongs to.

use super::App;
use super::card_form::CardForm;
use super::form::FormOutcome;
use super::pickers::{BoardList, FilterPicker, RolePicker};
use super::review_form::ReviewForm;
use super::scroll::Scroll;
use super::search_popup::SearchPopup;
use crate::keymap::{Command, Mode};
use crate::model::CardId;
use crate::model::insights::Insights;

pub use super::pickers::RecentBoard;
pub use super::search_popup::SHOWN_HITS;

pub enum Popup {
    Help(Scroll),
    Problems(Scroll),
    /// This session's messages, newest first (`m`).
    Messages(Scroll),
    /// A sync stopped on a conflict: the files, what git is doing, the way out.
    Conflict {
        conflict: Box<super::SyncConflict>,
        scroll: Scroll,
    },
    Detail {
        card: CardId,
        scroll: Scroll,
    },
    Insights {
        insights: Box<Insights>,
        page: InsightsPage,
        scroll: Scroll,
    },
    CardForm(Box<CardForm>),
    Review(Box<ReviewForm>),
    Roles(RolePicker),
    Filter(FilterPicker),
    Boards(BoardList),
    ConfirmDelete {
        card: CardId,
    },
    Search(Box<SearchPopup>),
}

const SCROLL: &[Mode] = &[Mode::Global, Mode::Scroll];
const CARD: &[Mode] = &[Mode::Global, Mode::Card, Mode::Scroll];
const PICKER: &[Mode] = &[Mode::Global, Mode::Picker];
const CONFIRM: &[Mode] = &[Mode::Global, Mode::Confirm];
const SEARCH: &[Mode] = &[Mode::Global, Mode::Search, Mode::Text];

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

impl Popup {
    /// The modes keys are looked up in while this popup is open.
    pub fn modes(&self) -> &'static [Mode] {
        match self {
            Popup::Detail { .. } => CARD,
            Popup::Help(_)
            | Popup::Problems(_)
            | Popup::Messages(_)
            | Popup::Conflict { .. }
            | Popup::Insights { .. } => SCROLL,
            Popup::CardForm(form) => form.form.modes(),
            Popup::Review(form) => form.form.modes(),
            Popup::Roles(_) | Popup::Filter(_) | Popup::Boards(_) => PICKER,
            Popup::ConfirmDelete { .. } => CONFIRM,
            Popup::Search(_) => SEARCH,
        }
    }

    /// The board command that opened a text popup: its key also closes it.
    pub fn opener(&self) -> Option<Command> {
        match self {
            Popup::Help(_) => Some(Command::Help),
            Popup::Problems(_) => Some(Command::Problems),
            Popup::Messages(_) => Some(Command::Messages),
            Popup::Insights { .. } => Some(Command::Insights),
            Popup::Detail { .. } => Some(Command::OpenCard),
            _ => None,
        }
    }

    /// The scroll position of a popup that shows text (the lists follow their cursor).
    pub fn scroll_mut(&mut self) -> Option<&mut Scroll> {
        match self {
            Popup::Help(scroll)
            | Popup::Problems(scroll)
            | Popup::Messages(scroll)
            | Popup::Conflict { scroll, .. }
            | Popup::Detail { scroll, .. }
            | Popup::Insights { scroll, .. } => Some(scroll),
            _ => None,
        }
    }

    /// Where the popup is scrolled to (the lists' too), for drawing.
    pub fn scroll(&self) -> Scroll {
        match self {
            Popup::Help(scroll)
            | Popup::Problems(scroll)
            | Popup::Messages(scroll)
            | Popup::Conflict { scroll, .. }
            | Popup::Detail { scroll, .. }
            | Popup::Insights { scroll, .. } => *scroll,
            Popup::Roles(picker) => picker.scroll,
            Popup::Filter(picker) => picker.scroll,
            Popup::Boards(list) => list.scroll,
            Popup::Search(search) => search.scroll,
            Popup::CardForm(_) | Popup::Review(_) | Popup::ConfirmDelete { .. } => {
                Scroll::default()
            }
        }
    }

    /// Takes the viewport and content sizes `update` measured: a text popup keeps its
    /// offset within them, a list scrolls to keep its cursor in view.
    pub fn fit(&mut self, extent: Extent) {
        if let Some(scroll) = self.scroll_mut() {
            scroll.fit(extent.rows, extent.total);
            return;
        }
        let (scroll, cursor) = match self {
            Popup::Roles(picker) => (&mut picker.scroll, picker.list.cursor),
            Popup::Filter(picker) => {
                let row = picker.cursor_row();
                (&mut picker.scroll, row)
            }
            Popup::Boards(list) => (&mut list.scroll, list.cursor),
            Popup::Search(search) => (&mut search.scroll, search.selected),
            _ => return,
        };
        scroll.fit(extent.rows, extent.total);
        scroll.follow(cursor);
    }
}

/// A popup's viewport and content, in rows, as `ui::popup_extent` measures them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extent {
    pub rows: u16,
    pub total: u16,
}

/// The card view's own commands: what its hints promise (`r records one`).
fn card_command(command: Command) -> bool {
    matches!(
        command,
        Command::Review | Command::EditCard | Command::EditDescription | Command::ToggleRoles
    )
}

impl App {
    /// Hands a command to the open popup; the popup closes when its handler says so.
    pub(super) fn popup_command(&mut self, command: Command) {
        let Some(mut popup) = self.popup.take() else {
            return;
        };
        let keep = match &mut popup {
            // Tab / Shift+Tab turn the insights' pages; each page starts at its top.
            Popup::Insights { page, scroll, .. }
                if matches!(command, Command::NextPage | Command::PrevPage) =>
            {
                *page = page.step(command == Command::NextPage);
                *scroll = Scroll::default();
                true
            }
            Popup::Detail { card, scroll } if card_command(command) => {
                let (card, scroll) = (card.clone(), *scroll);
                self.card_view_command(&card, command);
                // A form or picker opened over the card view brings it back on close.
                if self.popup.is_some() {
                    self.card_view_under = Some((card, scroll));
                }
                true
            }
            Popup::Help(_)
            | Popup::Problems(_)
            | Popup::Messages(_)
            | Popup::Conflict { .. }
            | Popup::Detail { .. }
            | Popup::Insights { .. } => {
                command != Command::Close && {
                    if let Some(scroll) = popup.scroll_mut() {
                        scroll.command(command);
                    }
                    true
                }
            }
            Popup::CardForm(form) => match form.form.command(command) {
                FormOutcome::Continue => true,
                FormOutcome::Cancel => false,
                FormOutcome::Submit => !self.submit_card_form(form),
            },
            Popup::Review(form) => match form.form.command(command) {
                FormOutcome::Continue => true,
                FormOutcome::Cancel => false,
                FormOutcome::Submit => !self.submit_review(form),
            },
            Popup::Roles(picker) => self.role_picker_command(picker, command),
            Popup::Filter(picker) => self.filter_command(picker, command),
            Popup::Boards(list) => self.board_list_command(list, command),
            Popup::ConfirmDelete { card } => match command {
                Command::Yes => {
                    let card = card.clone();
                    self.confirm_delete(&card);
                    false
                }
                Command::No => {
                    self.info("Kept the card");
                    false
                }
                _ => true,
            },
            Popup::Search(search) => self.search_command(search, command),
        };
        self.restore_popup(popup, keep);
    }

    /// A typed character, for the popup's text field (or a list's numbers, a
    /// choice's initials).
    pub(super) fn popup_type(&mut self, c: char) {
        let Some(mut popup) = self.popup.take() else {
            return;
        };
        match &mut popup {
            Popup::CardForm(form) => form.form.type_char(c),
            Popup::Review(form) => form.form.type_char(c),
            Popup::Search(search) => search.query.type_char(c),
            Popup::Roles(picker) => self.role_picker_type(picker, c),
            Popup::Filter(picker) => picker.type_char(c),
            _ => {}
        }
        self.restore_popup(popup, true);
    }

    pub(super) fn popup_paste(&mut self, text: &str) {
        match &mut self.popup {
            Some(Popup::CardForm(form)) => form.form.paste(text),
            Some(Popup::Review(form)) => form.form.paste(text),
            Some(Popup::Search(search)) => search.query.paste(text),
            _ => {}
        }
        self.refresh_search();
    }

    /// Puts a popup back unless it closed (or its handler opened another one).
    fn restore_popup(&mut self, popup: Popup, keep: bool) {
        if keep && self.popup.is_none() {
            self.popup = Some(popup);
        }
        if !keep {
            // A form or picker that closes ends the edit it began (its basis).
            self.end_edit();
            if self.popup.is_none()
                && let Some((card, scroll)) = self.card_view_under.take()
            {
                self.popup = Some(Popup::Detail { card, scroll });
            }
        }
        self.refresh_search();
    }

    /// `r` `e` `E` `t` in the card view: the board's command, on the card shown.
    fn card_view_command(&mut self, id: &CardId, command: Command) {
        let Some(key) = self.board.key_of(id) else {
            self.error("The card is gone (deleted on disk?)");
            return;
        };
        let phase = self.board.card(key).phase;
        if !self.view.select_card(phase, key) {
            // Hidden by the filter since it was opened: show it again.
            self.set_filter(Default::default());
            self.view.select_card(phase, key);
        }
        self.run(command);
    }

    fn confirm_delete(&mut self, id: &CardId) {
        let Some(title) = self.board.card_by_id(id).map(|c| c.title.clone()) else {
            return;
        };
        let reviews = self.delete_card(id, format!("Delete \"{title}\""));
        let with = match reviews {
            0 => String::new(),
            n => format!(" and its {}", crate::model::words::counted(n, "review")),
        };
        let undo = self.keymap.label(Mode::Board, Command::Undo);
        self.info(format!("Deleted \"{title}\"{with} ({undo} undoes)"));
    }
}
