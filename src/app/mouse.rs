//! The mouse (SPEC §3): a click on a card selects it and focuses its column, a
//! double click opens it, the wheel scrolls the column or popup under the pointer,
//! and dragging a card onto another column, or another place in its own, moves it
//! there with the same rules, gates, messages and single-file write as the keys. A
//! click on the footer runs the key it names. Where things are comes from
//! `layout::screen`, the same geometry `draw` uses.

use super::layout::{self, CARD_HEIGHT, column_inner, contains};
use super::popup::Popup;
use super::{Action, App, MouseInput};
use crate::keymap::Command;
use crate::model::{CardKey, Phase, ops};
use crossterm::event::{MouseButton, MouseEventKind};

/// Two clicks on one card within this many milliseconds open it.
pub const DOUBLE_CLICK_MS: u64 = 400;

/// Lines of a text popup one notch of the wheel scrolls.
const WHEEL_LINES: i32 = 3;

/// A press on a card, which becomes a drag once the pointer moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drag {
    pub card: CardKey,
    pub from: Phase,
    /// Where the card would land now: a column and a place among its shown cards
    /// (0 = above the first). `None` until the pointer has moved off the press.
    pub target: Option<DropTarget>,
    press: (u16, u16),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DropTarget {
    pub phase: Phase,
    pub slot: usize,
}

/// What is under the pointer on the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hit {
    /// A shown card: its column and its index among the column's shown cards.
    Card(Phase, usize),
    Column(Phase),
    Footer(Command),
    Nothing,
}

/// A press or a turn of the wheel: the user acting, as a key is (a pointer that only
/// moves is not).
pub fn is_press(input: &MouseInput) -> bool {
    matches!(
        input.event.kind,
        MouseEventKind::Down(_) | MouseEventKind::ScrollDown | MouseEventKind::ScrollUp
    )
}

impl App {
    pub(super) fn on_mouse(&mut self, input: MouseInput) {
        let (x, y) = (input.event.column, input.event.row);
        if layout::too_small(self.size.0, self.size.1) {
            return;
        }
        if self.popup.is_some() {
            self.popup_mouse(input.event.kind);
            return;
        }
        match input.event.kind {
            MouseEventKind::Down(MouseButton::Left) => self.press(x, y, input.at_ms),
            MouseEventKind::Drag(MouseButton::Left) => self.drag_to(x, y),
            MouseEventKind::Up(MouseButton::Left) => self.release(),
            MouseEventKind::ScrollDown => self.wheel(x, y, 1),
            MouseEventKind::ScrollUp => self.wheel(x, y, -1),
            _ => {}
        }
    }

    fn screen(&self) -> layout::Screen {
        layout::screen(self.size.0, self.size.1, self.has_banner())
    }

    fn hit(&self, x: u16, y: u16) -> Hit {
        let screen = self.screen();
        if contains(screen.footer, x, y) {
            return layout::footer_items(&self.keymap)
                .into_iter()
                .find(|item| x >= item.x && x < item.x + item.width)
                .map_or(Hit::Nothing, |item| Hit::Footer(item.command));
        }
        let Some(phase) = screen.column_at(x, y) else {
            return Hit::Nothing;
        };
        let inner = column_inner(screen.columns[phase.index()]);
        if !contains(inner, x, y) {
            return Hit::Column(phase);
        }
        let row = y - inner.y;
        let column = self.view.column(phase);
        let index = column.offset + usize::from(row / CARD_HEIGHT);
        // The title and tag lines are the card; the spacer below is the column.
        if row % CARD_HEIGHT < 2
            && index < column.visible.len()
            && index < column.offset + self.view.page
        {
            Hit::Card(phase, index)
        } else {
            Hit::Column(phase)
        }
    }

    fn press(&mut self, x: u16, y: u16, at_ms: u64) {
        match self.hit(x, y) {
            Hit::Card(phase, index) => {
                let key = self.view.column(phase).visible[index];
                let double = self.last_click.is_some_and(|(card, at)| {
                    card == key && at_ms.saturating_sub(at) <= DOUBLE_CLICK_MS
                });
                self.view.focus = phase;
                self.view.select_index(index);
                if double {
                    self.last_click = None;
                    self.update(Action::Command(Command::OpenCard));
                    return;
                }
                self.last_click = Some((key, at_ms));
                self.drag = Some(Drag {
                    card: key,
                    from: phase,
                    target: None,
                    press: (x, y),
                });
            }
            Hit::Column(phase) => {
                self.view.focus = phase;
                self.last_click = None;
            }
            Hit::Footer(command) => {
                self.last_click = None;
                self.update(Action::Command(command));
            }
            Hit::Nothing => self.last_click = None,
        }
    }

    fn drag_to(&mut self, x: u16, y: u16) {
        let Some(mut drag) = self.drag else {
            return;
        };
        if drag.target.is_none() && drag.press == (x, y) {
            return;
        }
        drag.target = self.drop_target(x, y);
        self.drag = Some(drag);
        // A press that became a drag is no half of a double click.
        self.last_click = None;
    }

    /// The column and place a card dropped at this point lands in: above the card
    /// whose title is under the pointer, below the card whose other lines are.
    fn drop_target(&self, x: u16, y: u16) -> Option<DropTarget> {
        let screen = self.screen();
        let phase = screen.column_at(x, y)?;
        let area = screen.columns[phase.index()];
        let inner = column_inner(area);
        let column = self.view.column(phase);
        let shown = column.visible.len().min(column.offset + self.view.page);
        let slot = if y < inner.y {
            column.offset
        } else if y >= inner.y + inner.height {
            shown
        } else {
            let row = y - inner.y;
            let card = column.offset + usize::from(row / CARD_HEIGHT);
            card + usize::from(!row.is_multiple_of(CARD_HEIGHT))
        };
        Some(DropTarget {
            phase,
            slot: slot.min(shown),
        })
    }

    fn release(&mut self) {
        let Some(drag) = self.drag.take() else {
            return;
        };
        if let Some(target) = drag.target {
            self.last_click = None;
            self.drop_card(drag.card, drag.from, target);
        }
    }

    /// Moves a dropped card: to its place in another column (with the gate and WIP
    /// rules of `H`/`L`), or to another place in its own (like `J`/`K`).
    fn drop_card(&mut self, key: CardKey, from: Phase, target: DropTarget) {
        let visible = &self.view.column(target.phase).visible;
        let before = target
            .slot
            .checked_sub(1)
            .and_then(|i| visible.get(i))
            .copied();
        let after = visible.get(target.slot).copied();
        if target.phase == from {
            let Some(current) = visible.iter().position(|k| *k == key) else {
                return;
            };
            if target.slot == current || target.slot == current + 1 {
                return;
            }
            if !self.writable() {
                return;
            }
            let mut card = self.board.card(key).clone();
            let Some(rank) = self.rank_at(from, before, after, key) else {
                self.error(ops::no_rank(&format!(
                    "cannot move \"{}\" there",
                    card.title
                )));
                return;
            };
            card.rank = rank;
            let label = format!("Reorder \"{}\"", card.title);
            let key = self.save_card(card, label);
            self.view.select_card(from, key);
            return;
        }
        if !self.writable() {
            return;
        }
        let by = self.env.user().to_string();
        match ops::plan_move(&self.board, key, target.phase, self.now(), &by, false) {
            Ok(mut plan) => match self.rank_at(target.phase, before, after, key) {
                Some(rank) => {
                    plan.card.rank = rank;
                    self.record_move(plan, target.phase);
                }
                None => self.error(ops::no_rank(&format!(
                    "cannot move \"{}\" there",
                    plan.card.title
                ))),
            },
            Err(reason) => self.error(reason),
        }
    }

    /// A rank between two shown neighbours (hidden cards keep their order); `None`
    /// when none fits there.
    fn rank_at(
        &self,
        phase: Phase,
        before: Option<CardKey>,
        after: Option<CardKey>,
        moving: CardKey,
    ) -> Option<crate::model::Rank> {
        match (before, after) {
            (Some(before), _) => self.board.rank_after(phase, Some(before), moving),
            (None, Some(after)) => self.board.rank_before(phase, after, moving),
            (None, None) => self.board.rank_at_end(phase, moving),
        }
    }

    /// The wheel over a column scrolls it (the selection stays in view).
    fn wheel(&mut self, x: u16, y: u16, delta: isize) {
        if let Some(phase) = self.screen().column_at(x, y) {
            self.view.scroll_column(phase, delta);
        }
    }

    /// In a popup the wheel scrolls it (popups are modal: the board under them does
    /// not move); clicks are for the keys.
    fn popup_mouse(&mut self, kind: MouseEventKind) {
        let delta = match kind {
            MouseEventKind::ScrollDown => 1,
            MouseEventKind::ScrollUp => -1,
            _ => return,
        };
        match &mut self.popup {
            Some(Popup::Search(search)) => search.move_selection(delta),
            Some(popup) => {
                if let Some(scroll) = popup.scroll_mut() {
                    scroll.by(WHEEL_LINES * delta as i32);
                } else if matches!(popup, Popup::Roles(_) | Popup::Filter(_) | Popup::Boards(_)) {
                    let command = if delta > 0 {
                        Command::Down
                    } else {
                        Command::Up
                    };
                    self.update(Action::Command(command));
                }
            }
            None => {}
        }
    }
}
