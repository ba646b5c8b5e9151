//! What each board command does (the popups' commands are in `popup`).

use super::card_form::CardForm;
use super::pickers::{FilterPicker, RolePicker};
use super::popup::Popup;
use super::review_form::ReviewForm;
use super::scroll::Scroll;
use super::{App, Effect};
use crate::keymap::{Command, Mode};
use crate::model::Phase;
use crate::model::insights::Insights;
use crate::model::ops;

impl App {
    /// Runs a board command.
    pub fn run(&mut self, command: Command) {
        match command {
            Command::FocusPrev => self.focus(-1),
            Command::FocusNext => self.focus(1),
            Command::SelectNext => self.view.move_selection(1),
            Command::SelectPrev => self.view.move_selection(-1),
            Command::SelectFirst => self.view.select_index(0),
            Command::SelectLast => self.view.select_index(usize::MAX),
            Command::PageDown => self.view.move_selection(self.view.page as isize),
            Command::PageUp => self.view.move_selection(-(self.view.page as isize)),
            Command::MovePrevPhase => self.move_phase(false),
            Command::MoveNextPhase => self.move_phase(true),
            Command::MoveDown => self.reorder(true),
            Command::MoveUp => self.reorder(false),
            Command::NewCard if self.writable() => {
                self.popup = Some(Popup::CardForm(Box::new(CardForm::new_card(
                    self.view.focus,
                ))));
            }
            Command::OpenCard => {
                if let Some(card) = self.selected_card() {
                    let card = card.id.clone();
                    self.popup = Some(Popup::Detail {
                        card,
                        scroll: Scroll::default(),
                    });
                }
            }
            Command::EditCard => {
                if let Some(card) = self.selected_card().cloned()
                    && self.writable()
                {
                    self.begin_edit(&card.id);
                    self.popup = Some(Popup::CardForm(Box::new(CardForm::edit(&card))));
                }
            }
            Command::EditDescription => {
                if let Some(card) = self.selected_card().cloned()
                    && self.writable()
                {
                    self.begin_edit(&card.id);
                    self.effects.push(Effect::EditDescription {
                        card: card.id,
                        text: card.description.to_string(),
                    });
                }
            }
            Command::ToggleRoles => {
                if let Some(card) = self.selected_card().cloned()
                    && self.writable()
                {
                    self.begin_edit(&card.id);
                    self.popup = Some(Popup::Roles(RolePicker {
                        card: card.id,
                        list: super::fields::RoleChecklist::new(card.roles),
                        scroll: Scroll::default(),
                    }));
                }
            }
            Command::Review => {
                if let Some(card) = self.selected_card().map(|c| c.id.clone())
                    && self.writable()
                {
                    let reviewer = self.env.user().to_string();
                    self.popup = Some(Popup::Review(Box::new(ReviewForm::new(card, &reviewer))));
                }
            }
            Command::Search => {
                // The index is built (or brought up to date) as the popup opens, so
                // the first character typed only searches: at 100,000 cards each of
                // the two keystrokes stays well inside SPEC §6's 100 ms.
                self.searcher.prepare(&self.board);
                self.popup = Some(Popup::Search(Box::default()));
            }
            Command::Filter => {
                let labels = self.board.labels();
                self.popup = Some(Popup::Filter(FilterPicker::new(&self.view.filter, labels)))
            }
            Command::ClearFilter if self.view.filter.is_active() => {
                self.set_filter(Default::default());
                self.info("Filter cleared");
            }
            Command::Archive => self.toggle_archive(),
            Command::ToggleArchived => {
                self.view.show_archived = !self.view.show_archived;
                self.view.rebuild_all(&self.board);
                if self.view.show_archived {
                    let archive = self.key(Command::Archive);
                    self.info(format!(
                        "Showing archived cards (dimmed); {archive} unarchives"
                    ));
                } else {
                    self.info("Archived cards hidden");
                }
            }
            Command::Delete => {
                if let Some(card) = self.selected_card().map(|c| c.id.clone())
                    && self.writable()
                {
                    self.popup = Some(Popup::ConfirmDelete { card });
                }
            }
            Command::Undo if self.writable() => self.effects.push(Effect::Undo),
            Command::Redo if self.writable() => self.effects.push(Effect::Redo),
            Command::Insights => {
                let insights = Insights::compute(&self.board, self.now());
                self.popup = Some(Popup::Insights {
                    insights: Box::new(insights),
                    page: Default::default(),
                    scroll: Scroll::default(),
                });
            }
            Command::Sync => {
                if self.syncing {
                    self.info("A sync is already running");
                } else {
                    self.syncing = true;
                    self.info("Syncing with git…");
                    self.effects.push(Effect::Sync);
                }
            }
            Command::Problems => self.popup = Some(Popup::Problems(Scroll::default())),
            Command::Messages => self.popup = Some(Popup::Messages(Scroll::default())),
            Command::Help => self.popup = Some(Popup::Help(Scroll::default())),
            Command::SwitchBoard => self.effects.push(Effect::ListBoards),
            Command::Quit => self.running = false,
            // Commands of other modes do nothing on the board.
            _ => {}
        }
    }

    /// A board command's first key, for messages that name it.
    pub(super) fn key(&self, command: Command) -> String {
        self.keymap.label(Mode::Board, command)
    }

    fn focus(&mut self, delta: isize) {
        let index = self.view.focus.index().saturating_add_signed(delta);
        if let Some(phase) = Phase::from_index(index) {
            self.view.focus = phase;
        }
    }

    pub(super) fn set_filter(&mut self, filter: super::view::Filter) {
        self.view.filter = filter;
        self.view.rebuild_all(&self.board);
    }

    fn move_phase(&mut self, forward: bool) {
        let Some(key) = self.view.selected() else {
            return;
        };
        if !self.writable() {
            return;
        }
        let from = self.board.card(key).phase;
        let Some(to) = (if forward { from.next() } else { from.prev() }) else {
            let edge = if forward { "last" } else { "first" };
            self.info(format!("{from} is the {edge} phase"));
            return;
        };
        let now = self.now();
        let by = self.env.user().to_string();
        match ops::plan_move(&self.board, key, to, now, &by, false) {
            Ok(plan) => self.record_move(plan, to),
            Err(reason) => self.error(reason),
        }
    }

    /// Saves a planned phase move; focus and selection follow the card, and the
    /// status line says what happened (warning when ungated or over a WIP limit).
    pub(super) fn record_move(&mut self, plan: ops::MovePlan, to: Phase) {
        let text = plan.describe();
        let warned = plan.ungated || plan.over_wip.is_some();
        let label = format!("Move \"{}\" to {to}", plan.card.title);
        let key = self.save_card(plan.card, label);
        self.view.select_card(to, key);
        if warned {
            self.warn(text);
        } else {
            self.info(text);
        }
    }

    /// Moves the selected card past its visible neighbour; hidden cards keep their order.
    fn reorder(&mut self, down: bool) {
        let column = self.view.focused();
        let Some(key) = column.selected_key() else {
            return;
        };
        let neighbour = if down {
            column.visible.get(column.selected + 1).copied()
        } else {
            column.selected.checked_sub(1).map(|i| column.visible[i])
        };
        let Some(neighbour) = neighbour else {
            let edge = if down { "last" } else { "first" };
            let title = &self.board.card(key).title;
            self.info(format!("\"{title}\" is already the {edge} card shown"));
            return;
        };
        if !self.writable() {
            return;
        }
        let phase = self.view.focus;
        let mut card = self.board.card(key).clone();
        let way = if down { "down" } else { "up" };
        let rank = if down {
            self.board.rank_after(phase, Some(neighbour), key)
        } else {
            self.board.rank_before(phase, neighbour, key)
        };
        // No rank between the neighbours: say so, rather than put it elsewhere.
        let Some(rank) = rank else {
            self.error(ops::no_rank(&format!(
                "cannot move \"{}\" {way}",
                card.title
            )));
            return;
        };
        card.rank = rank;
        let label = format!("Reorder \"{}\"", card.title);
        let title = card.title.clone();
        let key = self.save_card(card, label);
        self.view.select_card(phase, key);
        let column = self.view.focused();
        self.info(format!(
            "Moved \"{title}\" {way} ({} of {} in {phase})",
            column.selected + 1,
            column.visible.len()
        ));
    }

    fn toggle_archive(&mut self) {
        let Some(card) = self.selected_card().cloned() else {
            return;
        };
        if !self.writable() {
            return;
        }
        let updated = ops::toggle_archived(&card, self.now());
        let (label, text) = if updated.is_archived() {
            // With archived cards shown the card stays, dimmed: say how to bring it back.
            let hint = if self.view.show_archived {
                format!("{} unarchives it", self.key(Command::Archive))
            } else {
                format!("{} shows archived cards", self.key(Command::ToggleArchived))
            };
            (
                format!("Archive \"{}\"", card.title),
                format!(
                    "Archived \"{}\" ({hint}, {} undoes)",
                    card.title,
                    self.key(Command::Undo)
                ),
            )
        } else {
            (
                format!("Unarchive \"{}\"", card.title),
                format!("Unarchived \"{}\"", card.title),
            )
        };
        self.save_card(updated, label);
        self.info(text);
    }
}
