//! The `/` popup: a query (a text field) and the best hits; Enter jumps to a card.

use super::App;
use super::fields::LineField;
use super::view::Filter;
use crate::keymap::Command;
use crate::model::CardKey;

pub struct SearchPopup {
    pub query: LineField,
    /// The best hits, best first (at most `SHOWN_HITS`).
    pub hits: Vec<CardKey>,
    /// How many cards matched in all.
    pub total: usize,
    pub selected: usize,
    /// The hits shown, kept around the selected one.
    pub scroll: super::scroll::Scroll,
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
            scroll: Default::default(),
            searched: String::new(),
        }
    }

    /// Moves in the hits by some lines (the keys move one, the wheel three).
    pub fn move_selection(&mut self, delta: isize) {
        let last = self.hits.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }
}

impl Default for SearchPopup {
    fn default() -> Self {
        SearchPopup::new()
    }
}

impl App {
    /// A search command; false when the popup closes.
    pub(super) fn search_command(&mut self, search: &mut SearchPopup, command: Command) -> bool {
        match command {
            Command::Close => false,
            Command::Down => {
                search.move_selection(1);
                true
            }
            Command::Up => {
                search.move_selection(-1);
                true
            }
            Command::Jump => match search.hits.get(search.selected) {
                Some(key) => {
                    self.jump_to(*key);
                    false
                }
                // An empty query has no hits: Enter does nothing.
                None => true,
            },
            other => {
                if search.query.command(other) {
                    search.selected = 0;
                }
                true
            }
        }
    }

    /// Re-runs the search for the open popup's query.
    pub(super) fn refresh_search(&mut self) {
        let Some(super::popup::Popup::Search(search)) = &mut self.popup else {
            return;
        };
        let query = search.query.text();
        if query == search.searched {
            return;
        }
        search.searched = query.clone();
        search.selected = 0;
        let hits = self
            .searcher
            .search(&self.board, &query, self.view.show_archived);
        search.total = hits.len();
        search.hits = hits.iter().take(SHOWN_HITS).map(|h| h.key).collect();
    }

    /// Focuses a card's column and selects it, clearing a filter that hides it.
    fn jump_to(&mut self, key: CardKey) {
        let card = self.board.card(key);
        let (phase, title) = (card.phase, card.title.clone());
        if self.view.shows(&self.board, key) {
            self.info(format!("Found \"{title}\" in {phase}"));
        } else {
            self.set_filter(Filter::default());
            self.info(format!(
                "Found \"{title}\" in {phase} (filter cleared to show it)"
            ));
        }
        self.view.select_card(phase, key);
    }
}
