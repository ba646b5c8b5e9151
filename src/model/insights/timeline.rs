//! A card's life as phases over time, and the calendar arithmetic the figures share.

use crate::model::{Card, Phase, Timestamp};

pub const DAY: i64 = 86_400;

/// The day (since the Unix epoch, UTC) a moment falls on.
pub fn day_of(t: Timestamp) -> i64 {
    t.unix().div_euclid(DAY)
}

/// The Monday (as a day number) of the week a moment falls on. Day 0, 1970-01-01,
/// was a Thursday.
pub fn monday_of(t: Timestamp) -> i64 {
    let day = day_of(t);
    day - (day + 3).rem_euclid(7)
}

pub fn start_of_day(day: i64) -> Timestamp {
    Timestamp::from_unix(day * DAY)
}

/// One stretch of a card's life in one phase: from `start` until `end` (None: still
/// there). A card counts from its creation until it is archived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stay {
    pub phase: Phase,
    pub start: Timestamp,
    pub end: Option<Timestamp>,
}

/// The phase a card was created in: where its first move started, else where it is.
pub fn first_phase(card: &Card) -> Phase {
    card.history.first().map_or(card.phase, |m| m.from)
}

/// Calls `f` with each stay of the card, oldest first. Hand-edited histories may be out
/// of order; a move is never taken to happen before the one it follows, so stays never
/// run backwards.
pub fn stays(card: &Card, mut f: impl FnMut(Stay)) {
    let mut phase = first_phase(card);
    let mut start = card.created;
    let gone = card.archived;
    for step in &card.history {
        let at = step.at.max(start);
        if gone.is_some_and(|g| g <= at) {
            break;
        }
        f(Stay {
            phase,
            start,
            end: Some(at),
        });
        phase = step.to;
        start = at;
    }
    let end = gone.map(|g| g.max(start));
    f(Stay { phase, start, end });
}

/// When the card first entered Development (its creation, if it was created there), and
/// its first entry into Deployment after that: its cycle time's ends.
pub fn cycle(card: &Card) -> Option<(Timestamp, Timestamp)> {
    let mut entered = (first_phase(card) == Phase::Development).then_some(card.created);
    for step in &card.history {
        match (entered, step.to) {
            (None, Phase::Development) => entered = Some(step.at),
            (Some(dev), Phase::Deployment) => return Some((dev, step.at.max(dev))),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rank, RoleSet};

    fn card(created: i64, moves: &[(i64, Phase, Phase)], archived: Option<i64>) -> Card {
        let mut card = Card::new(
            "aaaa".parse().unwrap(),
            "t".into(),
            moves.last().map_or(Phase::Design, |m| m.2),
            "n".parse::<Rank>().unwrap(),
            RoleSet::EMPTY,
            Timestamp::from_unix(created),
        );
        card.archived = archived.map(Timestamp::from_unix);
        card.history = moves
            .iter()
            .map(|&(at, from, to)| crate::model::Move {
                at: Timestamp::from_unix(at),
                from,
                to,
                by: "ann".into(),
                ungated: false,
            })
            .collect();
        card
    }

    fn all_stays(card: &Card) -> Vec<(Phase, i64, Option<i64>)> {
        let mut out = Vec::new();
        stays(card, |s| {
            out.push((s.phase, s.start.unix(), s.end.map(|e| e.unix())))
        });
        out
    }

    #[test]
    fn calendar() {
        assert_eq!(monday_of(Timestamp::from_unix(0)), -3);
        // 2026-11-26 was a Thursday; its Monday is 2026-11-23.
        let thursday: Timestamp = "2026-11-26T13:00:00Z".parse().unwrap();
        assert_eq!(
            start_of_day(monday_of(thursday)).to_string(),
            "2026-11-23T00:00:00Z"
        );
        assert_eq!(day_of(Timestamp::from_unix(-1)), -1);
    }

    #[test]
    fn stays_follow_the_history_until_archived() {
        use Phase::*;
        let c = card(
            10,
            &[(20, Design, Development), (30, Development, Deployment)],
            None,
        );
        assert_eq!(
            all_stays(&c),
            [
                (Design, 10, Some(20)),
                (Development, 20, Some(30)),
                (Deployment, 30, None)
            ]
        );
        let archived = card(
            10,
            &[(20, Design, Development), (30, Development, Deployment)],
            Some(25),
        );
        assert_eq!(
            all_stays(&archived),
            [(Design, 10, Some(20)), (Development, 20, Some(25))]
        );
        let out_of_order = card(10, &[(5, Design, Development)], None);
        assert_eq!(
            all_stays(&out_of_order),
            [(Design, 10, Some(10)), (Development, 10, None)]
        );
    }

    #[test]
    fn cycle_time_runs_from_the_first_development_entry_to_deployment() {
        use Phase::*;
        let c = card(
            0,
            &[
                (10, Design, Development),
                (20, Development, Design),
                (30, Design, Development),
                (50, Development, Deployment),
            ],
            None,
        );
        assert_eq!(cycle(&c).map(|(a, b)| (a.unix(), b.unix())), Some((10, 50)));
        let born_in_dev = card(5, &[(9, Development, Deployment)], None);
        assert_eq!(
            cycle(&born_in_dev).map(|(a, b)| (a.unix(), b.unix())),
            Some((5, 9))
        );
        assert_eq!(cycle(&card(0, &[(3, Design, Development)], None)), None);
    }
}
