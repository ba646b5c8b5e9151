//! Stakeholder reviews: decisions on whether the work on a card goes on.

use super::{CardId, Phase, ReviewId, Role, Timestamp};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Verdict {
    Continue,
    Rework,
    Stop,
}

impl Verdict {
    pub const ALL: [Verdict; 3] = [Verdict::Continue, Verdict::Rework, Verdict::Stop];

    pub fn name(self) -> &'static str {
        match self {
            Verdict::Continue => "Continue",
            Verdict::Rework => "Rework",
            Verdict::Stop => "Stop",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Only the business roles review; the type makes any other role a parse error
/// that names the two valid values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReviewerRole {
    BusinessStakeholder,
    SubjectMatterExpert,
}

impl ReviewerRole {
    pub const ALL: [ReviewerRole; 2] = [
        ReviewerRole::BusinessStakeholder,
        ReviewerRole::SubjectMatterExpert,
    ];

    pub fn role(self) -> Role {
        match self {
            ReviewerRole::BusinessStakeholder => Role::BusinessStakeholder,
            ReviewerRole::SubjectMatterExpert => Role::SubjectMatterExpert,
        }
    }

    pub fn from_role(role: Role) -> Option<ReviewerRole> {
        match role {
            Role::BusinessStakeholder => Some(ReviewerRole::BusinessStakeholder),
            Role::SubjectMatterExpert => Some(ReviewerRole::SubjectMatterExpert),
            _ => None,
        }
    }
}

/// Field order here is the field order of review files (SPEC §2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub id: ReviewId,
    pub card: CardId,
    pub at: Timestamp,
    pub phase: Phase,
    /// Kept inline (no allocation of their own) up to 24 bytes, like most names and
    /// notes.
    pub reviewer: CompactString,
    pub role: ReviewerRole,
    pub verdict: Verdict,
    pub note: CompactString,
}

impl Review {
    /// The order that decides which review is a card's latest: by time, then by id.
    pub fn chronological_key(&self) -> (Timestamp, &ReviewId) {
        (self.at, &self.id)
    }
}
