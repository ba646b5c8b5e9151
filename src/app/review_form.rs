//! The review form (`r`): reviewer, role, verdict, note; and recording the review.

use super::App;
use super::fields::{ChoiceField, LineField};
use super::form::{Field, FieldId, Form, Input};
use crate::model::{CardId, ReviewId, ReviewerRole, Verdict, ops};
use crate::store::FileOp;

pub struct ReviewForm {
    pub card: CardId,
    pub form: Form,
}

impl ReviewForm {
    pub fn new(card: CardId, reviewer: &str) -> ReviewForm {
        let roles = ReviewerRole::ALL
            .iter()
            .map(|r| r.role().label().to_string())
            .collect();
        let verdicts = Verdict::ALL.iter().map(|v| v.name().to_string()).collect();
        ReviewForm {
            card,
            form: Form::new(vec![
                Field::new(
                    FieldId::Reviewer,
                    "Reviewer",
                    Input::Line(LineField::suggested(reviewer, "who decides")),
                ),
                Field::new(
                    FieldId::ReviewerRole,
                    "Role",
                    Input::Choice(ChoiceField::new(roles, 0)),
                ),
                Field::new(
                    FieldId::Verdict,
                    "Verdict",
                    Input::Choice(ChoiceField::new(verdicts, 0)),
                ),
                Field::new(
                    FieldId::Note,
                    "Note",
                    Input::Line(LineField::new("", "why (optional)")),
                ),
            ]),
        }
    }

    pub fn role(&self) -> ReviewerRole {
        let i = self.form.choice(FieldId::ReviewerRole);
        ReviewerRole::ALL[i.min(ReviewerRole::ALL.len() - 1)]
    }

    pub fn verdict(&self) -> Verdict {
        let i = self.form.choice(FieldId::Verdict);
        Verdict::ALL[i.min(Verdict::ALL.len() - 1)]
    }
}

impl App {
    /// Records the review; false (form stays open, with a message) when refused.
    pub(super) fn submit_review(&mut self, review_form: &mut ReviewForm) -> bool {
        let reviewer = review_form.form.text(FieldId::Reviewer);
        if reviewer.trim().is_empty() {
            review_form.form.error = Some("a review needs a reviewer".to_string());
            return false;
        }
        let Some(key) = self.board.key_of(&review_form.card) else {
            self.error("The card is gone (deleted on disk?)");
            return true;
        };
        let card = self.board.card(key).clone();
        let id = ReviewId::generate(&mut self.env.rng);
        let review = ops::new_review(
            &self.board,
            id,
            key,
            self.now(),
            &reviewer,
            review_form.role(),
            review_form.verdict(),
            &review_form.form.text(FieldId::Note),
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
}
