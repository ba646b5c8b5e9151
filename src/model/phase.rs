//! The three phases of the ML life cycle, which are the board's columns.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A phase of the ML life cycle. The order of the variants is the order of the columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Phase {
    Design,
    Development,
    Deployment,
}

impl Phase {
    pub const ALL: [Phase; 3] = [Phase::Design, Phase::Development, Phase::Deployment];

    /// Position of the column, 0 for Design.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(index: usize) -> Option<Phase> {
        Phase::ALL.get(index).copied()
    }

    pub fn next(self) -> Option<Phase> {
        Phase::from_index(self.index() + 1)
    }

    pub fn prev(self) -> Option<Phase> {
        self.index().checked_sub(1).and_then(Phase::from_index)
    }

    /// The name used in files, JSON and the UI.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Design => "Design",
            Phase::Development => "Development",
            Phase::Deployment => "Deployment",
        }
    }

    /// What happens in this phase, for help and insights.
    pub fn summary(self) -> &'static str {
        match self {
            Phase::Design => {
                "problem and requirements, added value, key metrics, data sources and quality, EDA, implementation design"
            }
            Phase::Development => {
                "feature engineering, experiment design, model training and evaluation"
            }
            Phase::Deployment => {
                "integration into the business process, CI/CD, monitoring and drift alerts"
            }
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
