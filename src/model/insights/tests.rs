//! Every figure on a hand-built board whose answers are worked out by hand.

use super::*;
use crate::model::{
    BoardSettings, Card, Finite, MeasurementId, MetricDecl, Move, Phase, Rank, Review,
    ReviewerRole, Role, RoleSet, Verdict,
};

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn card(id: &str, created: &str, roles: &[Role], moves: &[(&str, Phase, Phase, bool)]) -> Card {
    let first = moves.first().map_or(Phase::Design, |m| m.1);
    let mut card = Card::new(
        id.parse().unwrap(),
        format!("card {id}"),
        moves.last().map_or(first, |m| m.2),
        "n".parse::<Rank>().unwrap(),
        roles.iter().copied().collect::<RoleSet>(),
        at(created),
    );
    card.history = moves
        .iter()
        .map(|&(when, from, to, ungated)| Move {
            at: at(when),
            from,
            to,
            by: "ann".into(),
            ungated,
        })
        .collect();
    card
}

fn review(id: &str, card: &str, when: &str, phase: Phase, verdict: Verdict) -> Review {
    Review {
        id: id.parse().unwrap(),
        card: card.parse().unwrap(),
        at: at(when),
        phase,
        reviewer: "Bob".into(),
        role: ReviewerRole::BusinessStakeholder,
        verdict,
        note: "".into(),
    }
}

/// Four cards over eleven days, 2026-11-20 to -30 (a Monday, noon):
/// - aaaa: Design from 20th 01:00, Development 22nd 01:00, Deployment 25th 01:00 (SWE MLE)
/// - bbbb: Design from 21st 10:00 (DS), passed its gate
/// - cccc: created in Development 20th 12:00, Deployment 24th 12:00, ungated (BE)
/// - dddd: Design 23rd 00:00, Development 06:00 (ungated), back to Design 26th, archived 28th (DE)
fn board() -> Board {
    use Phase::*;
    let mut dddd = card(
        "dddd",
        "2026-11-23T00:00:00Z",
        &[Role::DataEngineer],
        &[
            ("2026-11-23T06:00:00Z", Design, Development, true),
            ("2026-11-26T00:00:00Z", Development, Design, false),
        ],
    );
    dddd.archived = Some(at("2026-11-28T00:00:00Z"));
    let cards = vec![
        card(
            "aaaa",
            "2026-11-20T01:00:00Z",
            &[Role::SoftwareEngineer, Role::MlEngineer],
            &[
                ("2026-11-22T01:00:00Z", Design, Development, false),
                ("2026-11-25T01:00:00Z", Development, Deployment, false),
            ],
        ),
        card("bbbb", "2026-11-21T10:00:00Z", &[Role::DataScientist], &[]),
        card(
            "cccc",
            "2026-11-20T12:00:00Z",
            &[Role::BackendEngineer],
            &[("2026-11-24T12:00:00Z", Development, Deployment, true)],
        ),
        dddd,
    ];
    let reviews = vec![
        review(
            "rev1",
            "bbbb",
            "2026-11-22T00:00:00Z",
            Design,
            Verdict::Continue,
        ),
        review(
            "rev2",
            "aaaa",
            "2026-11-23T00:00:00Z",
            Development,
            Verdict::Rework,
        ),
    ];
    let mut settings = BoardSettings::new("t");
    let recall: crate::model::MetricName = "recall".parse().unwrap();
    settings.metrics = vec![
        MetricDecl {
            name: recall.clone(),
            goal: Goal::AtLeast(Finite::new(0.85).unwrap()),
        },
        MetricDecl {
            name: "latency".parse().unwrap(),
            goal: Goal::AtMost(Finite::new(200.0).unwrap()),
        },
    ];
    let (mut board, orphans) = Board::from_parts(settings, cards, reviews);
    assert!(orphans.is_empty());
    for (id, value, when) in [
        ("mmm1", 0.8, "2026-11-24T00:00:00Z"),
        ("mmm2", 0.9, "2026-11-29T00:00:00Z"),
    ] {
        board.measurements.insert(Measurement {
            id: id.parse::<MeasurementId>().unwrap(),
            metric: recall.clone(),
            value: Finite::new(value).unwrap(),
            at: at(when),
            phase: Phase::Development,
            card: Some("aaaa".parse().unwrap()),
            by: "ann".into(),
            source: None,
        });
    }
    board
}

fn now() -> Timestamp {
    at("2026-11-30T12:00:00Z")
}

fn ids(list: &[Aging]) -> Vec<&str> {
    list.iter().map(|a| a.card.as_str()).collect()
}

#[test]
fn cumulative_flow_counts_each_phase_at_the_end_of_each_day() {
    let flow = Insights::compute(&board(), now()).flow;
    assert_eq!(flow.flow_start, at("2026-11-20T00:00:00Z"));
    assert_eq!(
        flow.cumulative,
        [
            [1, 1, 0], // 20th: aaaa in Design, cccc in Development
            [2, 1, 0], // 21st: bbbb arrives
            [1, 2, 0], // 22nd: aaaa to Development
            [1, 3, 0], // 23rd: dddd created and moved on the same day
            [1, 2, 1], // 24th: cccc deployed
            [1, 1, 2], // 25th: aaaa deployed
            [2, 0, 2], // 26th: dddd back to Design
            [2, 0, 2],
            [1, 0, 2], // 28th: dddd archived
            [1, 0, 2],
            [1, 0, 2], // today
        ]
    );
}

#[test]
fn cumulative_flow_covers_at_most_ninety_days() {
    let old = card("aaaa", "2020-01-01T00:00:00Z", &[], &[]);
    let (board, _) = Board::from_parts(BoardSettings::new("t"), vec![old], vec![]);
    let flow = Insights::compute(&board, now()).flow;
    assert_eq!(flow.cumulative.len(), FLOW_DAYS as usize);
    assert!(flow.cumulative.iter().all(|day| *day == [1, 0, 0]));
    let empty = Board::new(BoardSettings::new("t"));
    assert!(Insights::compute(&empty, now()).flow.cumulative.is_empty());
}

#[test]
fn throughput_counts_moves_into_deployment_per_week() {
    let flow = Insights::compute(&board(), now()).flow;
    assert_eq!(flow.throughput.len(), THROUGHPUT_WEEKS as usize);
    // The last week starts today (a Monday); the week before holds both deployments.
    assert_eq!(flow.weeks_start, at("2026-09-14T00:00:00Z"));
    assert_eq!(flow.throughput[11], 0);
    assert_eq!(flow.throughput[10], 2);
    assert_eq!(flow.throughput.iter().sum::<usize>(), 2);
}

#[test]
fn cycle_times_have_nearest_rank_percentiles() {
    let cycle = Insights::compute(&board(), now()).flow.cycle;
    // aaaa: 22nd 01:00 → 25th 01:00 = 3 days; cccc: created in Development, 4 days.
    assert_eq!(cycle.count, 2);
    assert_eq!(cycle.median_secs, Some(3 * DAY));
    assert_eq!(cycle.p85_secs, Some(4 * DAY));
    assert_eq!(
        (cycle.min_secs, cycle.max_secs),
        (Some(3 * DAY), Some(4 * DAY))
    );
    assert_eq!(cycle.histogram, [0, 0, 2, 0, 0, 0, 0, 0]);

    let ten: Vec<i64> = (1..=10).collect();
    assert_eq!(percentile(&ten, 50), Some(5));
    assert_eq!(percentile(&ten, 85), Some(9));
    assert_eq!(percentile(&ten, 100), Some(10));
    assert_eq!(percentile(&[7], 85), Some(7));
    assert_eq!(percentile(&[], 50), None);
    let spread = CycleTimes::from_secs(vec![0, DAY, 3 * DAY, 100 * DAY, 89 * DAY]);
    // <1d: 0; 1-3d: 1 day; 3-7d: 3 days; 60-90d: 89 days; 90d+: 100 days.
    assert_eq!(spread.histogram, [1, 1, 1, 0, 0, 0, 1, 1]);
    assert_eq!(spread.median_secs, Some(3 * DAY));
}

#[test]
fn longest_in_phase_lists_active_cards_longest_first() {
    let flow = Insights::compute(&board(), now()).flow;
    // bbbb 9d 2h in Design, cccc 6d in Deployment, aaaa 5d 11h; dddd is archived.
    assert_eq!(ids(&flow.longest), ["bbbb", "cccc", "aaaa"]);
    assert_eq!(flow.longest[0].secs, 9 * DAY + 2 * 3_600);
    assert_eq!(flow.longest[0].phase, Phase::Design);
}

#[test]
fn coverage_flags_say_why_and_skip_empty_phases() {
    let roles = Insights::compute(&board(), now()).roles;
    assert_eq!(roles.cards, [1, 0, 2]);
    assert_eq!(roles.counts[0][Role::DataScientist as usize], 1);
    assert_eq!(roles.counts[2][Role::BackendEngineer as usize], 1);
    let flagged: Vec<(Phase, Role)> = roles.flags.iter().map(|f| (f.phase, f.role)).collect();
    use Phase::*;
    use Role::*;
    assert_eq!(
        flagged,
        [
            (Design, BusinessStakeholder),
            (Design, SubjectMatterExpert),
            (Design, DataEngineer),
            (Design, SoftwareEngineer),
            (Design, MlEngineer),
            // Development has no active card: nothing to staff, nothing flagged.
            (Deployment, BusinessStakeholder),
            (Deployment, SubjectMatterExpert),
            (Deployment, DataEngineer),
            (Deployment, DataScientist),
        ]
    );
    assert!(
        !roles.is_flagged(Design, BackendEngineer),
        "not expected in Design"
    );
    let swe = roles
        .flags
        .iter()
        .find(|f| f.role == SoftwareEngineer)
        .unwrap();
    assert_eq!(
        swe.reason,
        "the life cycle expects a Software Engineer in Design (mainly Deployment, and Design); no Design card has one"
    );
    let mle = roles.flags.iter().find(|f| f.role == MlEngineer).unwrap();
    assert!(
        mle.reason
            .starts_with("the life cycle expects an ML Engineer in Design")
    );
    let empty = Insights::compute(&Board::new(BoardSettings::new("t")), now());
    assert!(empty.roles.flags.is_empty());
}

#[test]
fn reviews_outcomes_waiting_and_ungated_moves() {
    let reviews = Insights::compute(&board(), now()).reviews;
    assert_eq!(reviews.verdicts[0], [1, 0, 0]);
    assert_eq!(reviews.verdicts[1], [0, 1, 0]);
    assert_eq!(reviews.verdicts[2], [0, 0, 0]);
    // bbbb passed; aaaa and cccc await a review in Deployment.
    assert_eq!(reviews.states, [1, 2, 0, 0]);
    assert_eq!(ids(&reviews.waiting), ["cccc", "aaaa"]);
    assert_eq!(
        reviews.ungated_moves, 2,
        "the archived card's move counts too"
    );
    let recent: Vec<(&str, Phase)> = reviews
        .recent_ungated
        .iter()
        .map(|m| (m.card.as_str(), m.to))
        .collect();
    assert_eq!(
        recent,
        [("cccc", Phase::Deployment), ("dddd", Phase::Development)]
    );
}

#[test]
fn metrics_have_goal_latest_status_and_trend() {
    let metrics = Insights::compute(&board(), now()).metrics;
    assert_eq!(metrics.len(), 2);
    assert_eq!(metrics[0].name.as_str(), "recall");
    assert_eq!(metrics[0].status, Status::Met);
    assert_eq!(metrics[0].trend, Some(Trend::Improving));
    assert_eq!(metrics[0].latest().map(|m| m.value.get()), Some(0.9));
    assert_eq!(metrics[0].measurements.len(), 2);
    assert_eq!(metrics[1].status, Status::Unmeasured);
    assert!(metrics[1].latest().is_none());
}

#[test]
fn phase_stats_average_current_and_finished_stays() {
    let phases = Insights::compute(&board(), now()).phases;
    assert_eq!((phases[0].active, phases[0].archived), (1, 1));
    assert_eq!((phases[1].active, phases[2].active), (0, 2));
    // Finished Design stays: aaaa's 2 days and dddd's first 6 hours (its second stay,
    // ended by archiving, is not a move out).
    assert_eq!(phases[0].finished_stays, 2);
    assert_eq!(phases[0].average_stay_secs, Some((2 * DAY + 6 * 3_600) / 2));
    // Active Deployment cards: aaaa 5d 11h, cccc 6d.
    assert_eq!(
        phases[2].average_current_secs,
        Some((5 * DAY + 11 * 3_600 + 6 * DAY) / 2)
    );
}
