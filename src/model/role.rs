//! The seven roles that share the ML life cycle, and the set of roles a card owns.

use super::Phase;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A role in an ML team. Variant order is the order of the roles table in the SPEC,
/// which is also the order roles are written in card files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    BusinessStakeholder,
    SubjectMatterExpert,
    DataEngineer,
    DataScientist,
    SoftwareEngineer,
    MlEngineer,
    BackendEngineer,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::BusinessStakeholder,
        Role::SubjectMatterExpert,
        Role::DataEngineer,
        Role::DataScientist,
        Role::SoftwareEngineer,
        Role::MlEngineer,
        Role::BackendEngineer,
    ];

    fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// The name used in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Role::BusinessStakeholder => "BusinessStakeholder",
            Role::SubjectMatterExpert => "SubjectMatterExpert",
            Role::DataEngineer => "DataEngineer",
            Role::DataScientist => "DataScientist",
            Role::SoftwareEngineer => "SoftwareEngineer",
            Role::MlEngineer => "MlEngineer",
            Role::BackendEngineer => "BackendEngineer",
        }
    }

    /// Human label, with spaces.
    pub fn label(self) -> &'static str {
        match self {
            Role::BusinessStakeholder => "Business Stakeholder",
            Role::SubjectMatterExpert => "Subject Matter Expert",
            Role::DataEngineer => "Data Engineer",
            Role::DataScientist => "Data Scientist",
            Role::SoftwareEngineer => "Software Engineer",
            Role::MlEngineer => "ML Engineer",
            Role::BackendEngineer => "Backend Engineer",
        }
    }

    /// The short tag shown on cards.
    pub fn tag(self) -> &'static str {
        match self {
            Role::BusinessStakeholder => "BS",
            Role::SubjectMatterExpert => "SME",
            Role::DataEngineer => "DE",
            Role::DataScientist => "DS",
            Role::SoftwareEngineer => "SWE",
            Role::MlEngineer => "MLE",
            Role::BackendEngineer => "BE",
        }
    }

    /// The phases the life cycle expects this role to take part in (SPEC §1).
    /// Insights flag an expected role that no card in a phase has.
    pub fn expected_in(self) -> &'static [Phase] {
        match self {
            Role::BackendEngineer => &[Phase::Development, Phase::Deployment],
            Role::SoftwareEngineer => &[Phase::Design, Phase::Deployment],
            _ => &Phase::ALL,
        }
    }

    /// What the role does, for the role picker.
    pub fn duty(self) -> &'static str {
        match self {
            Role::BusinessStakeholder => "product owner: budget, requirements, judges results",
            Role::SubjectMatterExpert => "domain knowledge: interprets data and results",
            Role::DataEngineer => "collects, stores, processes data; data-quality tests",
            Role::DataScientist => "analysis, training, evaluation, monitoring predictions",
            Role::SoftwareEngineer => "software that runs, deploys and keeps the model online",
            Role::MlEngineer => "the whole life cycle, across the technical roles",
            Role::BackendEngineer => "cloud infrastructure: databases, compute",
        }
    }

    /// Where the role is involved, in words.
    pub fn involvement(self) -> &'static str {
        match self {
            Role::DataScientist => "all phases, mostly Development",
            Role::SoftwareEngineer => "mainly Deployment, and Design",
            Role::BackendEngineer => "Development and Deployment",
            _ => "all phases",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The roles owning a card: a small set that always iterates in table order, so a
/// card serialises to the same bytes whatever order its roles were added in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct RoleSet(u8);

impl RoleSet {
    pub const EMPTY: RoleSet = RoleSet(0);

    pub fn contains(self, role: Role) -> bool {
        self.0 & role.bit() != 0
    }

    pub fn insert(&mut self, role: Role) {
        self.0 |= role.bit();
    }

    pub fn remove(&mut self, role: Role) {
        self.0 &= !role.bit();
    }

    pub fn toggle(&mut self, role: Role) {
        self.0 ^= role.bit();
    }

    pub fn with(mut self, role: Role) -> RoleSet {
        self.insert(role);
        self
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// True when the two sets share at least one role.
    pub fn intersects(self, other: RoleSet) -> bool {
        self.0 & other.0 != 0
    }

    pub fn iter(self) -> impl Iterator<Item = Role> {
        Role::ALL.into_iter().filter(move |r| self.contains(*r))
    }
}

impl FromIterator<Role> for RoleSet {
    fn from_iter<I: IntoIterator<Item = Role>>(iter: I) -> Self {
        let mut set = RoleSet::EMPTY;
        for role in iter {
            set.insert(role);
        }
        set
    }
}

impl Serialize for RoleSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for RoleSet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let roles = Vec::<Role>::deserialize(deserializer)?;
        Ok(roles.into_iter().collect())
    }
}
