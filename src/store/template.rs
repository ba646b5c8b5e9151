//! Starter boards: the MLOps template (the life-cycle tasks of each phase with their
//! owning roles) and an empty one. Templates live in `assets/templates/`.

use crate::model::{BoardSettings, Card, CardId, Phase, Rank, RoleSet, Timestamp};
use serde::Deserialize;

const MLOPS: &str = include_str!("../../assets/templates/mlops.ron");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    Mlops,
    Empty,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    name: String,
    cards: Vec<TemplateCard>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateCard {
    phase: Phase,
    title: String,
    #[serde(default)]
    description: String,
    roles: RoleSet,
}

/// The settings and cards of a new board. Ids are random, ranks evenly spread.
pub fn starter(
    template: Template,
    name: Option<String>,
    now: Timestamp,
    rng: &mut fastrand::Rng,
) -> (BoardSettings, Vec<Card>) {
    let file: TemplateFile = match template {
        Template::Mlops => ron::from_str(MLOPS).expect("the bundled template is valid RON"),
        Template::Empty => TemplateFile {
            name: "ML project".to_string(),
            cards: Vec::new(),
        },
    };
    let settings = BoardSettings::new(name.unwrap_or(file.name));
    let mut cards = Vec::with_capacity(file.cards.len());
    for phase in Phase::ALL {
        let in_phase: Vec<&TemplateCard> = file.cards.iter().filter(|c| c.phase == phase).collect();
        for (task, rank) in in_phase.iter().zip(Rank::spread(in_phase.len())) {
            let mut card = Card::new(
                CardId::generate(rng),
                task.title.clone(),
                phase,
                rank,
                task.roles,
                now,
            );
            card.description = task.description.clone().into();
            cards.push(card);
        }
    }
    (settings, cards)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mlops_template_covers_every_phase_and_role() {
        let mut rng = fastrand::Rng::with_seed(1);
        let (settings, cards) = starter(Template::Mlops, None, Timestamp::from_unix(0), &mut rng);
        assert!(!settings.name.is_empty());
        for phase in Phase::ALL {
            assert!(
                cards.iter().filter(|c| c.phase == phase).count() >= 4,
                "{phase}"
            );
        }
        for role in crate::model::Role::ALL {
            assert!(cards.iter().any(|c| c.roles.contains(role)), "{role}");
        }
        assert!(
            cards
                .iter()
                .any(|c| &*c.title == "Set up monitoring and data-drift alerts")
        );
    }

    #[test]
    fn empty_template_has_no_cards() {
        let mut rng = fastrand::Rng::with_seed(1);
        let (_, cards) = starter(
            Template::Empty,
            Some("x".into()),
            Timestamp::from_unix(0),
            &mut rng,
        );
        assert!(cards.is_empty());
    }
}
