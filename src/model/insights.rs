//! Insights (`i`): counts and WIP per phase, role coverage (phase × role, flagging
//! roles the life cycle expects but no card has), review outcomes, time in phase.

use super::{Board, CardState, Phase, Role, Timestamp, Verdict};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhaseStats {
    /// Cards in the phase that are not archived.
    pub active: usize,
    pub archived: usize,
    pub wip_limit: Option<u32>,
    /// Average time the active cards have spent in the phase so far.
    pub average_current_secs: Option<i64>,
    /// Average length of finished stays in the phase (from card histories).
    pub average_stay_secs: Option<i64>,
    /// How many finished stays that average is over.
    pub finished_stays: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Insights {
    pub phases: [PhaseStats; 3],
    /// Active cards per phase and role: `coverage[phase][role]`.
    pub coverage: [[usize; 7]; 3],
    /// Roles the life cycle expects in a phase that no active card there has.
    pub missing: Vec<(Phase, Role)>,
    /// Reviews by phase and verdict: `verdicts[phase][verdict]`.
    pub verdicts: [[usize; 3]; 3],
    /// Active cards in each state, in `CardState::ALL` order.
    pub states: [usize; 4],
    pub ungated_moves: usize,
}

fn average(total: i64, count: usize) -> Option<i64> {
    (count > 0).then(|| total / count as i64)
}

impl Insights {
    pub fn compute(board: &Board, now: Timestamp) -> Insights {
        let mut insights = Insights::default();
        let mut current = [(0i64, 0usize); 3];
        let mut finished = [(0i64, 0usize); 3];
        for phase in Phase::ALL {
            let stats = &mut insights.phases[phase.index()];
            stats.wip_limit = board.settings.wip_limits.get(phase);
            for key in board.column(phase) {
                let card = board.card(*key);
                if card.is_archived() {
                    stats.archived += 1;
                    continue;
                }
                stats.active += 1;
                for role in card.roles.iter() {
                    insights.coverage[phase.index()][role as usize] += 1;
                }
                let state = board.state(*key);
                let slot = CardState::ALL.iter().position(|s| *s == state).unwrap_or(0);
                insights.states[slot] += 1;
                // Finished stays: from creation (or the previous move) to each move.
                let mut since = card.created;
                for entry in &card.history {
                    let stay = &mut finished[entry.from.index()];
                    stay.0 += since.seconds_until(entry.at).max(0);
                    stay.1 += 1;
                    since = entry.at;
                    insights.ungated_moves += usize::from(entry.ungated);
                }
                let now_stay = &mut current[phase.index()];
                now_stay.0 += since.seconds_until(now).max(0);
                now_stay.1 += 1;
            }
        }
        for phase in Phase::ALL {
            let stats = &mut insights.phases[phase.index()];
            stats.average_current_secs =
                average(current[phase.index()].0, current[phase.index()].1);
            stats.average_stay_secs = average(finished[phase.index()].0, finished[phase.index()].1);
            stats.finished_stays = finished[phase.index()].1;
            for role in Role::ALL {
                if role.expected_in().contains(&phase)
                    && insights.coverage[phase.index()][role as usize] == 0
                {
                    insights.missing.push((phase, role));
                }
            }
        }
        for review in board.reviews() {
            let verdict = Verdict::ALL
                .iter()
                .position(|v| *v == review.verdict)
                .unwrap_or(0);
            insights.verdicts[review.phase.index()][verdict] += 1;
        }
        insights
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BoardSettings, Card, Rank, RoleSet};

    #[test]
    fn counts_coverage_and_time_in_phase() {
        let t0 = Timestamp::from_unix(1_000_000);
        let mut design = Card::new(
            "aaaa".parse().unwrap(),
            "a".into(),
            Phase::Design,
            "n".parse::<Rank>().unwrap(),
            RoleSet::EMPTY.with(Role::DataScientist),
            t0,
        );
        let moved = design.moved(
            Phase::Development,
            "n".parse().unwrap(),
            t0.plus_seconds(100),
            "ann",
            true,
        );
        design.id = "bbbb".parse().unwrap();
        let (board, _) = Board::from_parts(BoardSettings::new("t"), vec![design, moved], vec![]);
        let insights = Insights::compute(&board, t0.plus_seconds(400));
        assert_eq!(insights.phases[0].active, 1);
        assert_eq!(insights.phases[1].active, 1);
        assert_eq!(insights.coverage[0][Role::DataScientist as usize], 1);
        assert!(
            insights
                .missing
                .contains(&(Phase::Design, Role::BusinessStakeholder))
        );
        assert!(
            !insights
                .missing
                .contains(&(Phase::Design, Role::BackendEngineer))
        );
        assert_eq!(insights.phases[0].average_stay_secs, Some(100));
        assert_eq!(insights.phases[1].average_current_secs, Some(300));
        assert_eq!(insights.ungated_moves, 1);
        assert_eq!(insights.states[1], 2); // both awaiting review
    }
}
