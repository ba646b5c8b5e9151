//! What the board shows: the focused column, each column's visible cards (after the
//! filter and the archived toggle), the selection and the scroll offset.

use crate::model::{Board, CardKey, CardState, Labels, Phase, RoleSet};

/// Which cards the board shows. Each part narrows the board; within roles or within
/// labels, a card with any of them is shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only cards owned by at least one of these roles (empty: all cards).
    pub roles: RoleSet,
    /// Only cards with at least one of these labels (empty: all cards).
    pub labels: Labels,
    /// Only cards awaiting a stakeholder review.
    pub awaiting_review: bool,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        !self.roles.is_empty() || !self.labels.is_empty() || self.awaiting_review
    }

    /// The filter in words, for the status line.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.roles.is_empty() {
            let tags: Vec<&str> = self.roles.iter().map(|r| r.tag()).collect();
            parts.push(tags.join(" "));
        }
        if !self.labels.is_empty() {
            let labels: Vec<String> = self.labels.iter().map(|l| format!("#{l}")).collect();
            parts.push(labels.join(" "));
        }
        if self.awaiting_review {
            parts.push("awaiting review".to_string());
        }
        parts.join(", ")
    }
}

#[derive(Debug, Clone, Default)]
pub struct ColumnView {
    /// The keys shown, in board order.
    pub visible: Vec<CardKey>,
    pub selected: usize,
    /// Index of the first card drawn.
    pub offset: usize,
}

impl ColumnView {
    pub fn selected_key(&self) -> Option<CardKey> {
        self.visible.get(self.selected).copied()
    }
}

#[derive(Debug, Clone)]
pub struct BoardView {
    pub focus: Phase,
    pub columns: [ColumnView; 3],
    pub filter: Filter,
    pub show_archived: bool,
    /// Cards that fit in a column, from the terminal size.
    pub page: usize,
}

impl BoardView {
    pub fn new(board: &Board, page: usize) -> BoardView {
        let mut view = BoardView {
            focus: Phase::Design,
            columns: Default::default(),
            filter: Filter::default(),
            show_archived: false,
            page,
        };
        view.rebuild_all(board);
        // Start on the first column that has cards, so a key press does something.
        if let Some(phase) = Phase::ALL
            .into_iter()
            .find(|p| !view.column(*p).visible.is_empty())
        {
            view.focus = phase;
        }
        view
    }

    pub fn column(&self, phase: Phase) -> &ColumnView {
        &self.columns[phase.index()]
    }

    fn column_mut(&mut self, phase: Phase) -> &mut ColumnView {
        &mut self.columns[phase.index()]
    }

    pub fn focused(&self) -> &ColumnView {
        self.column(self.focus)
    }

    /// The selected card of the focused column.
    pub fn selected(&self) -> Option<CardKey> {
        self.focused().selected_key()
    }

    pub fn shows(&self, board: &Board, key: CardKey) -> bool {
        let card = board.card(key);
        if card.is_archived() && !self.show_archived {
            return false;
        }
        if !self.filter.roles.is_empty() && !card.roles.intersects(self.filter.roles) {
            return false;
        }
        if !self.filter.labels.is_empty() && !card.labels.intersects(&self.filter.labels) {
            return false;
        }
        !self.filter.awaiting_review || board.state(key) == CardState::AwaitingReview
    }

    /// Recomputes one column's visible cards, keeping the selection on the same card
    /// when it is still shown (else on the same position).
    pub fn rebuild(&mut self, board: &Board, phase: Phase) {
        let previous = self.column(phase).selected_key();
        let everything = self.show_archived && !self.filter.is_active();
        let visible: Vec<CardKey> = if everything {
            board.column(phase).to_vec()
        } else {
            board
                .column(phase)
                .iter()
                .copied()
                .filter(|k| self.shows(board, *k))
                .collect()
        };
        let column = self.column_mut(phase);
        column.visible = visible;
        if let Some(pos) = previous.and_then(|k| column.visible.iter().position(|v| *v == k)) {
            column.selected = pos;
        }
        self.clamp(phase);
    }

    pub fn rebuild_all(&mut self, board: &Board) {
        for phase in Phase::ALL {
            self.rebuild(board, phase);
        }
    }

    /// Keeps the selection inside the column and the scroll offset around it.
    pub fn clamp(&mut self, phase: Phase) {
        let page = self.page.max(1);
        let column = self.column_mut(phase);
        let len = column.visible.len();
        column.selected = column.selected.min(len.saturating_sub(1));
        if column.selected < column.offset {
            column.offset = column.selected;
        } else if column.selected >= column.offset + page {
            column.offset = column.selected + 1 - page;
        }
        column.offset = column.offset.min(len.saturating_sub(page));
    }

    pub fn set_page(&mut self, page: usize) {
        self.page = page;
        for phase in Phase::ALL {
            self.clamp(phase);
        }
    }

    pub fn select_index(&mut self, index: usize) {
        self.column_mut(self.focus).selected = index;
        self.clamp(self.focus);
    }

    /// Selects a card in its column (focusing that column); false when not shown.
    pub fn select_card(&mut self, phase: Phase, key: CardKey) -> bool {
        let Some(pos) = self.column(phase).visible.iter().position(|k| *k == key) else {
            return false;
        };
        self.focus = phase;
        self.select_index(pos);
        true
    }

    /// Scrolls a column by some cards without focusing it (the mouse wheel); the
    /// selection moves only as far as it must to stay in view.
    pub fn scroll_column(&mut self, phase: Phase, delta: isize) {
        let page = self.page.max(1);
        let column = self.column_mut(phase);
        let len = column.visible.len();
        let offset = column
            .offset
            .saturating_add_signed(delta)
            .min(len.saturating_sub(page));
        column.offset = offset;
        column.selected = column.selected.clamp(
            offset,
            (offset + page).saturating_sub(1).min(len.saturating_sub(1)),
        );
        self.clamp(phase);
    }

    pub fn move_selection(&mut self, delta: isize) {
        let column = self.focused();
        let target = column.selected.saturating_add_signed(delta);
        self.select_index(target);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BoardSettings, Card, Role, Timestamp};

    fn board(n: usize) -> Board {
        let ranks = crate::model::Rank::spread(n);
        let cards = ranks
            .into_iter()
            .enumerate()
            .map(|(i, rank)| {
                let roles = if i % 2 == 0 {
                    RoleSet::EMPTY.with(Role::DataScientist)
                } else {
                    RoleSet::EMPTY.with(Role::DataEngineer)
                };
                Card::new(
                    format!("card{i:04}").parse().unwrap(),
                    format!("Card {i}"),
                    Phase::Design,
                    rank,
                    roles,
                    Timestamp::from_unix(0),
                )
            })
            .collect();
        Board::from_parts(BoardSettings::new("t"), cards, vec![]).0
    }

    #[test]
    fn scrolls_to_keep_the_selection_visible() {
        let b = board(20);
        let mut view = BoardView::new(&b, 5);
        view.select_index(12);
        assert_eq!(view.focused().offset, 8);
        view.select_index(2);
        assert_eq!(view.focused().offset, 2);
        view.move_selection(100);
        assert_eq!(view.focused().selected, 19);
        assert_eq!(view.focused().offset, 15);
    }

    #[test]
    fn labels_filter_with_roles_and_alone() {
        let mut b = board(6);
        for key in [0, 1, 4] {
            let mut card = b.card(b.column(Phase::Design)[key]).clone();
            card.labels = Labels::parse_list(if key == 4 { "drift" } else { "churn" }).unwrap();
            b.upsert(card);
        }
        let mut view = BoardView::new(&b, 5);
        view.filter.labels = Labels::parse_list("churn drift").unwrap();
        view.rebuild_all(&b);
        assert_eq!(view.column(Phase::Design).visible.len(), 3);
        // and with a role: cards 0 and 4 are Data Scientists' (even), card 1 is not
        view.filter.roles = RoleSet::EMPTY.with(Role::DataScientist);
        view.rebuild_all(&b);
        assert_eq!(view.column(Phase::Design).visible.len(), 2);
        assert_eq!(view.filter.describe(), "DS, #churn #drift");
    }

    #[test]
    fn filter_keeps_the_selected_card() {
        let b = board(10);
        let mut view = BoardView::new(&b, 5);
        view.select_index(4); // card 4, a DataScientist card
        let key = view.selected().unwrap();
        view.filter.roles = RoleSet::EMPTY.with(Role::DataScientist);
        view.rebuild_all(&b);
        assert_eq!(view.focused().visible.len(), 5);
        assert_eq!(view.selected(), Some(key));
    }
}
