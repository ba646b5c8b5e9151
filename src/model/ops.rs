//! The rules of changing a board, shared by the TUI and the CLI so that each rule
//! has one implementation. Each function computes the new value of the one card or
//! review concerned; the caller saves it and updates its board.

use super::{
    Board, Card, CardId, CardKey, CardState, Date, Labels, MoveDecision, Phase, Rank, Review,
    ReviewId, ReviewerRole, RoleSet, Timestamp, Verdict, decide_move, text,
};

/// Why a card cannot be placed where asked (`action` says what was asked, e.g.
/// `cannot move "x" up`): its neighbours leave no rank between them, so placing it
/// would mean rewriting their files too. Said instead of writing the card elsewhere.
pub fn no_rank(action: &str) -> String {
    format!(
        "{action}: no rank fits there without rewriting its neighbours' ranks \
         (theirs are equal, differ only in trailing zeros, or are near the \
         {}-character limit); move a neighbour elsewhere or edit its rank in its file",
        Rank::MAX_LEN
    )
}

/// A phase move that may go ahead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovePlan {
    pub card: Card,
    /// Recorded in the history: the card left a phase without passing its gate.
    pub ungated: bool,
    /// The card's state in the phase it left, which says why a move was ungated.
    pub left: CardState,
    /// `(cards, limit)` of the target column after the move, when that is over its
    /// WIP limit: the move happens and warns.
    pub over_wip: Option<(usize, u32)>,
}

impl MovePlan {
    /// What happened, without the warnings.
    pub fn moved(&self) -> String {
        format!("Moved \"{}\" to {}", self.card.title, self.card.phase)
    }

    /// What the move should warn about: an ungated move, a column over its limit.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.ungated {
            let from = self.card.history.last().map_or(self.card.phase, |m| m.from);
            warnings.push(match self.left {
                CardState::Stopped => {
                    format!("ungated: forced past a Stop (the latest review in {from})")
                }
                CardState::Rework => format!("ungated: the latest review in {from} is Rework"),
                _ => "ungated: no Continue from a Business Stakeholder yet".to_string(),
            });
        }
        if let Some((count, limit)) = self.over_wip {
            warnings.push(format!(
                "{} is over its WIP limit ({count}/{limit})",
                self.card.phase
            ));
        }
        warnings
    }

    /// The status line after the move, with any warning.
    pub fn describe(&self) -> String {
        let mut text = self.moved();
        for warning in self.warnings() {
            text.push_str(" — ");
            text.push_str(&warning);
        }
        text
    }
}

/// Plans moving a card to another phase (to the bottom of that column), applying the
/// board's gate policy. `Err` says why the move is refused. The move is stamped after
/// the card's latest event (`Board::stamp_event`), so it is always the latest.
pub fn plan_move(
    board: &Board,
    key: CardKey,
    to: Phase,
    now: Timestamp,
    by: &str,
    force: bool,
) -> Result<MovePlan, String> {
    let card = board.card(key);
    if to == card.phase {
        return Err(format!("\"{}\" is already in {to}", card.title));
    }
    let left = board.state(key);
    let ungated = match decide_move(board.settings.gate, left, card.phase, to, force) {
        MoveDecision::Allowed { ungated } => ungated,
        MoveDecision::Refused(reason) => {
            return Err(format!("cannot move \"{}\" to {to}: {reason}", card.title));
        }
    };
    let rank = board
        .rank_at_end(to, key)
        .ok_or_else(|| no_rank(&format!("cannot move \"{}\" to {to}", card.title)))?;
    let moved = card.moved(to, rank, board.stamp_event(key, now), by, ungated);
    let over_wip = wip_overflow(board, to, !card.is_archived());
    Ok(MovePlan {
        card: moved,
        ungated,
        left,
        over_wip,
    })
}

/// `(cards, limit)` of a column once one more active card arrives, when over its limit.
pub fn wip_overflow(board: &Board, phase: Phase, arriving: bool) -> Option<(usize, u32)> {
    let limit = board.settings.wip_limits.get(phase)?;
    let count = board.active_count(phase) + usize::from(arriving);
    (count > limit as usize).then_some((count, limit))
}

/// A new card at the bottom of its column; `Err` (with `no_rank`'s reason) when no
/// rank fits after the last card.
pub fn new_card(
    board: &Board,
    id: CardId,
    title: &str,
    description: &str,
    phase: Phase,
    roles: RoleSet,
    now: Timestamp,
) -> Result<Card, String> {
    let title = text::clean_line(title).trim().to_string();
    let rank = board
        .rank_at_end(phase, CardKey::MAX)
        .ok_or_else(|| no_rank(&format!("cannot add \"{title}\" to {phase}")))?;
    let mut card = Card::new(id, title, phase, rank, roles, now);
    card.description = text::clean_text(description).into_owned().into();
    Ok(card)
}

/// A review of a card in its current phase, stamped after the card's latest event
/// (`Board::stamp_event`), so the review recorded last is always the latest.
#[allow(clippy::too_many_arguments)]
pub fn new_review(
    board: &Board,
    id: ReviewId,
    key: CardKey,
    now: Timestamp,
    reviewer: &str,
    role: ReviewerRole,
    verdict: Verdict,
    note: &str,
) -> Review {
    let card = board.card(key);
    Review {
        id,
        card: card.id.clone(),
        at: board.stamp_event(key, now),
        phase: card.phase,
        // As for a card's text: a review's name and note lose their control characters.
        reviewer: text::clean_line(reviewer).trim().into(),
        role,
        verdict,
        note: text::clean_text(note).into(),
    }
}

/// A change to a card's fields, as `mlboard edit` and the TUI's form make it: each
/// field that is `Some` replaces the card's. Given text loses its control characters
/// (`text::clean_line` for the title, `text::clean_text` for the description).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CardEdit {
    pub title: Option<String>,
    pub description: Option<String>,
    pub roles: Option<RoleSet>,
    pub labels: Option<Labels>,
    /// `Some(None)` clears the due date.
    pub due: Option<Option<Date>>,
}

impl CardEdit {
    /// The card with the edit applied, and the names of the fields that changed
    /// (none when every value was already the card's). Refuses a blank title.
    pub fn apply(self, card: &Card) -> Result<(Card, Vec<&'static str>), String> {
        let mut edited = card.clone();
        let mut changed = Vec::new();
        if let Some(title) = self.title {
            validate_title(&title)?;
            edited.title = text::clean_line(&title).trim().to_string().into();
        }
        if let Some(description) = self.description {
            edited.description = text::clean_text(&description).into_owned().into();
        }
        if let Some(roles) = self.roles {
            edited.roles = roles;
        }
        if let Some(labels) = self.labels {
            edited.labels = labels;
        }
        if let Some(due) = self.due {
            edited.due = due;
        }
        let fields = [
            ("title", edited.title != card.title),
            ("description", edited.description != card.description),
            ("roles", edited.roles != card.roles),
            ("labels", edited.labels != card.labels),
            ("due", edited.due != card.due),
        ];
        changed.extend(fields.into_iter().filter(|(_, c)| *c).map(|(name, _)| name));
        Ok((edited, changed))
    }
}

/// The card archived now (or unarchived when it already was).
pub fn toggle_archived(card: &Card, now: Timestamp) -> Card {
    let mut card = card.clone();
    card.archived = match card.archived {
        Some(_) => None,
        None => Some(now),
    };
    card
}

/// A title must say something: refuse empty or blank ones.
pub fn validate_title(title: &str) -> Result<(), String> {
    if text::clean_line(title).trim().is_empty() {
        Err("a card needs a title".to_string())
    } else if title.contains('\n') {
        Err("a title is one line".to_string())
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BoardSettings, GatePolicy, Rank, WipLimits};

    fn board(gate: GatePolicy) -> Board {
        let mut settings = BoardSettings::new("t");
        settings.gate = gate;
        settings.wip_limits = WipLimits {
            development: Some(1),
            ..WipLimits::default()
        };
        let card = |id: &str, phase| {
            Card::new(
                id.parse().unwrap(),
                format!("card {id}"),
                phase,
                "n".parse::<Rank>().unwrap(),
                RoleSet::EMPTY,
                Timestamp::from_unix(0),
            )
        };
        Board::from_parts(
            settings,
            vec![
                card("aaaa", Phase::Design),
                card("bbbb", Phase::Development),
            ],
            vec![],
        )
        .0
    }

    /// Plans moving card `aaaa` from Design to Development.
    fn move_first(b: &Board, force: bool) -> Result<MovePlan, String> {
        let key = b.key_of(&"aaaa".parse().unwrap()).unwrap();
        plan_move(
            b,
            key,
            Phase::Development,
            Timestamp::from_unix(9),
            "ann",
            force,
        )
    }

    #[test]
    fn warn_moves_and_flags_ungated_and_wip() {
        let b = board(GatePolicy::Warn);
        let plan = move_first(&b, false).unwrap();
        assert!(plan.ungated);
        assert_eq!(plan.over_wip, Some((2, 1)));
        assert_eq!(plan.card.history.len(), 1);
        assert_eq!(plan.card.history[0].by, "ann");
        assert!(plan.describe().contains("ungated"));
    }

    #[test]
    fn a_forced_move_says_why_it_was_ungated() {
        let mut b = board(GatePolicy::Warn);
        let key = b.key_of(&"aaaa".parse().unwrap()).unwrap();
        for (id, verdict) in [("rev1", Verdict::Rework), ("rev2", Verdict::Stop)] {
            let review = new_review(
                &b,
                id.parse().unwrap(),
                key,
                Timestamp::from_unix(5),
                "Bob",
                ReviewerRole::BusinessStakeholder,
                verdict,
                "",
            );
            b.insert_review(review);
            let plan = move_first(&b, true).unwrap();
            let expected = match verdict {
                Verdict::Stop => "ungated: forced past a Stop (the latest review in Design)",
                _ => "ungated: the latest review in Design is Rework",
            };
            assert!(plan.describe().contains(expected), "{}", plan.describe());
        }
        assert!(move_first(&b, false).unwrap_err().contains("stopped"));
    }

    #[test]
    fn enforce_refuses_with_what_is_missing() {
        let b = board(GatePolicy::Enforce);
        let err = move_first(&b, false).unwrap_err();
        assert!(
            err.contains("Continue from a Business Stakeholder"),
            "{err}"
        );
        let forced = move_first(&b, true).unwrap();
        assert!(forced.ungated);
    }

    #[test]
    fn an_edit_replaces_the_fields_it_names_and_says_which_changed() {
        let b = board(GatePolicy::Off);
        let card = b.card(b.key_of(&"aaaa".parse().unwrap()).unwrap()).clone();
        let edit = CardEdit {
            title: Some("  New title ".into()),
            labels: Some(Labels::parse_list("b a").unwrap()),
            due: Some("2026-12-15".parse().ok()),
            roles: Some(card.roles),
            ..CardEdit::default()
        };
        let (edited, changed) = edit.apply(&card).unwrap();
        assert_eq!(&*edited.title, "New title");
        assert_eq!(edited.labels.to_list(), "a b");
        assert_eq!(edited.description, card.description);
        assert_eq!(changed, ["title", "labels", "due"]);
        let clear = CardEdit {
            due: Some(None),
            ..CardEdit::default()
        };
        let (cleared, changed) = clear.apply(&edited).unwrap();
        assert_eq!((cleared.due, changed), (None, vec!["due"]));
        let blank = CardEdit {
            title: Some(" ".into()),
            ..CardEdit::default()
        };
        assert!(blank.apply(&card).unwrap_err().contains("title"));
    }

    #[test]
    fn new_cards_go_to_the_bottom() {
        let b = board(GatePolicy::Off);
        let card = new_card(
            &b,
            "cccc".parse().unwrap(),
            " New ",
            "",
            Phase::Design,
            RoleSet::EMPTY,
            Timestamp::from_unix(1),
        )
        .unwrap();
        assert_eq!(&*card.title, "New");
        assert!(card.rank > b.card(b.key_of(&"aaaa".parse().unwrap()).unwrap()).rank);
    }

    /// After a last card whose rank is as long as a rank can be, nothing fits: the
    /// add and the move say so instead of writing a rank no reader would accept.
    #[test]
    fn no_room_at_the_end_refuses_adds_and_moves() {
        let settings = BoardSettings::new("t");
        let last = Card::new(
            "zzzz".parse().unwrap(),
            "Last".into(),
            Phase::Development,
            "z".repeat(Rank::MAX_LEN).parse().unwrap(),
            RoleSet::EMPTY,
            Timestamp::from_unix(0),
        );
        let mut first = last.clone();
        first.id = "aaaa".parse().unwrap();
        first.phase = Phase::Design;
        first.title = "First".into();
        let b = Board::from_parts(settings, vec![first, last], vec![]).0;
        let err = new_card(
            &b,
            "cccc".parse().unwrap(),
            "New",
            "",
            Phase::Development,
            RoleSet::EMPTY,
            Timestamp::from_unix(1),
        )
        .unwrap_err();
        assert!(
            err.starts_with("cannot add \"New\" to Development: no rank fits"),
            "{err}"
        );
        assert!(err.contains("256-character limit"), "{err}");
        let err = move_first(&b, true).unwrap_err();
        assert!(
            err.starts_with("cannot move \"First\" to Development: no rank"),
            "{err}"
        );
    }
}
