//! Keys inside popups, and what their results do to the board.

use super::App;
use super::fields::FormOutcome;
use super::forms::{CardForm, CardFormKind, ReviewForm};
use super::popup::{Popup, SHOWN_HITS, SearchPopup};
use super::view::Filter;
use crate::keymap::Command;
use crate::model::{CardId, ReviewId, ops};
use crate::store::FileOp;
use crossterm::event::{KeyCode, KeyEvent};

impl App {
    pub(super) fn on_popup_key(&mut self, key: KeyEvent) {
        let Some(mut popup) = self.popup.take() else {
            return;
        };
        // The key that opened a read-only popup also closes it.
        let opener = match popup {
            Popup::Help(_) => Some(Command::Help),
            Popup::Problems(_) => Some(Command::Problems),
            Popup::Insights { .. } => Some(Command::Insights),
            _ => None,
        };
        let keep = match &mut popup {
            Popup::Help(scroll) | Popup::Problems(scroll) | Popup::Insights { scroll, .. } => {
                !closes(&key) && self.keymap.command(&key) != opener && {
                    scroll.handle(&key);
                    true
                }
            }
            Popup::Detail { scroll, .. } => {
                !closes(&key) && key.code != KeyCode::Enter && {
                    scroll.handle(&key);
                    true
                }
            }
            Popup::CardForm(form) => match form.handle_key(key) {
                FormOutcome::Continue => true,
                FormOutcome::Cancel => false,
                FormOutcome::Submit => !self.submit_card_form(form),
            },
            Popup::Review(form) => match form.handle_key(key) {
                FormOutcome::Continue => true,
                FormOutcome::Cancel => false,
                FormOutcome::Submit => !self.submit_review(form),
            },
            // The role picker toggles live: each toggle is saved at once (and undoable),
            // so however the picker is left, what it shows is what the card has.
            Popup::Roles { card, list } => match key.code {
                KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') => false,
                _ if super::fields::is_ctrl(&key, 's') => false,
                _ => {
                    let before = list.roles;
                    list.handle(&key);
                    if list.roles != before {
                        self.save_roles(&card.clone(), list.roles);
                    }
                    true
                }
            },
            Popup::Filter(picker) => match key.code {
                // SPEC: in the filter, Enter applies and Esc clears.
                KeyCode::Esc => {
                    if self.view.filter.is_active() {
                        self.set_filter(Filter::default());
                        self.info("Filter cleared");
                    }
                    false
                }
                KeyCode::Enter => {
                    let filter = Filter {
                        roles: picker.list.roles,
                        awaiting_review: picker.awaiting_review,
                    };
                    self.set_filter(filter);
                    if filter.is_active() {
                        self.info(format!("Filter: {} (Esc clears)", filter.describe()));
                    } else {
                        self.info("Filter cleared");
                    }
                    false
                }
                _ => {
                    picker.handle(&key);
                    true
                }
            },
            Popup::ConfirmDelete { card } => match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    let card = card.clone();
                    self.confirm_delete(&card);
                    false
                }
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => {
                    self.info("Kept the card");
                    false
                }
                _ => true,
            },
            Popup::Search(search) => self.on_search_key(search, key),
        };
        if keep && self.popup.is_none() {
            self.popup = Some(popup);
        }
        if !keep {
            self.end_edit();
        }
        if matches!(self.popup, Some(Popup::Search(_))) {
            self.refresh_search();
        }
    }

    /// Saves the card form; false (form stays open, with a message) when refused.
    fn submit_card_form(&mut self, form: &mut CardForm) -> bool {
        let title = form.title.text();
        if let Err(reason) = ops::validate_title(&title) {
            form.error = Some(reason);
            return false;
        }
        let description = form.description.text();
        let roles = form.roles.roles;
        match &form.kind {
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

    fn save_roles(&mut self, id: &CardId, roles: crate::model::RoleSet) {
        let Some(old) = self.board.card_by_id(id).cloned() else {
            return;
        };
        if old.roles == roles {
            return;
        }
        let mut updated = old;
        updated.roles = roles;
        let tags: Vec<&str> = roles.iter().map(|r| r.tag()).collect();
        self.info(format!(
            "Roles of \"{}\": {}",
            updated.title,
            tags.join(" ")
        ));
        let label = format!("Set roles of \"{}\"", updated.title);
        self.save_card(updated, label);
    }

    fn submit_review(&mut self, form: &mut ReviewForm) -> bool {
        let reviewer = form.reviewer.text();
        if reviewer.trim().is_empty() {
            form.error = Some("a review needs a reviewer".to_string());
            return false;
        }
        let Some(card) = self.board.card_by_id(&form.card).cloned() else {
            self.error("The card is gone (deleted on disk?)");
            return true;
        };
        let id = ReviewId::generate(&mut self.env.rng);
        let review = ops::new_review(
            id,
            &card,
            self.now(),
            &reviewer,
            form.role,
            form.verdict,
            &form.note.text(),
        );
        let label = format!("Review \"{}\": {}", card.title, review.verdict);
        self.info(format!(
            "Recorded {} by {} on \"{}\" in {}",
            review.verdict, review.reviewer, card.title, card.phase
        ));
        let op = FileOp::write_review(&review);
        self.board.insert_review(review);
        // A review changes no searchable text, only the card's state.
        self.refresh_columns([card.phase]);
        self.save(label, vec![op]);
        true
    }

    fn confirm_delete(&mut self, id: &CardId) {
        let Some(title) = self.board.card_by_id(id).map(|c| c.title.clone()) else {
            return;
        };
        self.delete_card(id, format!("Delete \"{title}\""));
        self.info(format!("Deleted \"{title}\" (u undoes)"));
    }

    fn on_search_key(&mut self, search: &mut SearchPopup, key: KeyEvent) -> bool {
        match key.code {
            KeyCode::Esc => false,
            KeyCode::Down => {
                search.selected = (search.selected + 1).min(search.hits.len().saturating_sub(1));
                true
            }
            KeyCode::Up => {
                search.selected = search.selected.saturating_sub(1);
                true
            }
            KeyCode::Enter => {
                match search.hits.get(search.selected) {
                    Some(key) => self.jump_to(*key),
                    None => return true,
                }
                false
            }
            _ => {
                search.query.handle(key);
                search.selected = 0;
                true
            }
        }
    }

    /// Re-runs the search for the open popup's query.
    pub(super) fn refresh_search(&mut self) {
        let Some(Popup::Search(search)) = &mut self.popup else {
            return;
        };
        let query = search.query.text();
        if query == search.searched {
            return;
        }
        search.searched = query.clone();
        let hits = self
            .searcher
            .search(&self.board, &query, self.view.show_archived);
        search.total = hits.len();
        search.hits = hits.iter().take(SHOWN_HITS).map(|h| h.key).collect();
        search.selected = search.selected.min(search.hits.len().saturating_sub(1));
    }

    /// Focuses a card's column and selects it, clearing a filter that hides it.
    fn jump_to(&mut self, key: crate::model::CardKey) {
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

/// Keys that close a read-only popup.
fn closes(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Esc | KeyCode::Char('q'))
}
