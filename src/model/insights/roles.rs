//! Roles: which roles own the active cards of each phase, and the roles the life cycle
//! expects in a phase that no card there has, each flag saying why.

use crate::model::{Card, Phase, Role};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleFlag {
    pub phase: Phase,
    pub role: Role,
    /// In words: "the life cycle expects a Software Engineer in Design (mainly
    /// Deployment, and Design); no Design card has one".
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Active cards per phase and role: `counts[phase][role]`.
    pub counts: [[usize; 7]; 3],
    /// Active cards per phase: a phase without cards is not flagged (there is no work
    /// there to staff yet).
    pub cards: [usize; 3],
    pub flags: Vec<RoleFlag>,
}

/// "a Data Engineer", "an ML Engineer".
fn with_article(role: Role) -> String {
    let label = role.label();
    let article = if role == Role::MlEngineer { "an" } else { "a" };
    format!("{article} {label}")
}

impl Coverage {
    pub fn add(&mut self, card: &Card) {
        let phase = card.phase.index();
        self.cards[phase] += 1;
        for role in card.roles.iter() {
            self.counts[phase][role as usize] += 1;
        }
    }

    pub fn finish(mut self) -> Coverage {
        for phase in Phase::ALL {
            if self.cards[phase.index()] == 0 {
                continue;
            }
            for role in Role::ALL {
                if role.expected_in().contains(&phase)
                    && self.counts[phase.index()][role as usize] == 0
                {
                    self.flags.push(RoleFlag {
                        phase,
                        role,
                        reason: format!(
                            "the life cycle expects {} in {phase} ({}); no {phase} card has one",
                            with_article(role),
                            role.involvement()
                        ),
                    });
                }
            }
        }
        self
    }

    pub fn is_flagged(&self, phase: Phase, role: Role) -> bool {
        self.flags
            .iter()
            .any(|f| f.phase == phase && f.role == role)
    }
}
