//! The domain core: phases, roles, cards, ranks, reviews, gates and key metrics.
//!
//! Pure: no terminal, no files, no clock. Time and randomness are passed in.

mod board;
mod card;
mod card_index;
mod date;
mod gate;
mod id;
pub mod insights;
mod label;
pub mod metric;
pub mod names;
pub mod ops;
#[cfg(test)]
mod ordering_tests;
mod phase;
mod rank;
mod review;
mod role;
pub mod search;
pub mod text;
mod time;
pub mod words;

pub use board::{
    Board, BoardSettings, CardKey, FORMAT_VERSION, ReviewGroups, WipLimits, settings_changes,
};
pub use card::{Card, Move};
pub use date::{Date, DateError};
pub use gate::{CardState, GatePolicy, MoveDecision, card_state, decide_move, deciding_review};
pub use id::{CardId, IdError, MeasurementId, ReviewId, is_valid_id};
pub use label::{Label, LabelError, Labels, MAX_LABEL_LEN, is_valid_label};
pub use metric::{Finite, Goal, Measurement, Measurements, MetricDecl, MetricName};
pub use phase::Phase;
pub use rank::{Rank, RankError};
pub use review::{Review, ReviewerRole, Verdict};
pub use role::{Role, RoleSet};
pub use time::{Timestamp, TimestampError, format_duration};
