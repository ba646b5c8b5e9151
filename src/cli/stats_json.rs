//! `mlboard stats --json`: the insights as one stable JSON object, documented field by
//! field in the README. Times are RFC 3339 UTC strings, dates `YYYY-MM-DD`, durations
//! whole seconds (`*_secs`); phases, roles and verdicts are their RON names.

use super::json::MetricJson;
use crate::model::insights::{Aging, CYCLE_BUCKETS, DAY, Insights, PhaseStats, UngatedMove};
use crate::model::metric::{MetricDecl, MetricSummary};
use crate::model::{CardId, Measurement, Phase, Role, Timestamp};
use serde::Serialize;

/// `2026-11-26` for a moment on that day (UTC).
pub fn date(t: Timestamp) -> String {
    t.to_string().chars().take(10).collect()
}

#[derive(Serialize)]
pub struct StatsJson<'a> {
    name: &'a str,
    generated: Timestamp,
    phases: Vec<PhaseJson>,
    flow: FlowJson<'a>,
    roles: RolesJson<'a>,
    reviews: ReviewsJson<'a>,
    metrics: Vec<StatsMetricJson<'a>>,
}

#[derive(Serialize)]
struct PhaseJson {
    phase: Phase,
    active: usize,
    archived: usize,
    wip_limit: Option<u32>,
    average_secs_in_phase: Option<i64>,
    average_finished_stay_secs: Option<i64>,
    finished_stays: usize,
}

#[derive(Serialize)]
#[allow(non_snake_case)] // the keys are phase names, as everywhere in the JSON
struct PhaseCounts {
    Design: usize,
    Development: usize,
    Deployment: usize,
}

impl From<[usize; 3]> for PhaseCounts {
    fn from([design, development, deployment]: [usize; 3]) -> PhaseCounts {
        PhaseCounts {
            Design: design,
            Development: development,
            Deployment: deployment,
        }
    }
}

#[derive(Serialize)]
struct DayJson {
    date: String,
    #[serde(flatten)]
    cards: PhaseCounts,
}

#[derive(Serialize)]
struct WeekJson {
    week: String,
    deployed: usize,
}

#[derive(Serialize)]
struct BucketJson {
    bucket: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct CycleJson {
    count: usize,
    median_secs: Option<i64>,
    p85_secs: Option<i64>,
    min_secs: Option<i64>,
    max_secs: Option<i64>,
    histogram: Vec<BucketJson>,
}

#[derive(Serialize)]
struct AgingJson<'a> {
    id: &'a CardId,
    title: &'a str,
    phase: Phase,
    since: Timestamp,
    secs: i64,
}

impl<'a> From<&'a Aging> for AgingJson<'a> {
    fn from(a: &'a Aging) -> AgingJson<'a> {
        AgingJson {
            id: &a.card,
            title: &a.title,
            phase: a.phase,
            since: a.since,
            secs: a.secs,
        }
    }
}

#[derive(Serialize)]
struct FlowJson<'a> {
    cumulative: Vec<DayJson>,
    throughput: Vec<WeekJson>,
    cycle_time: CycleJson,
    longest_in_phase: Vec<AgingJson<'a>>,
}

#[derive(Serialize)]
#[allow(non_snake_case)] // the keys are role names
struct RoleCounts {
    BusinessStakeholder: usize,
    SubjectMatterExpert: usize,
    DataEngineer: usize,
    DataScientist: usize,
    SoftwareEngineer: usize,
    MlEngineer: usize,
    BackendEngineer: usize,
}

impl From<[usize; 7]> for RoleCounts {
    fn from(c: [usize; 7]) -> RoleCounts {
        RoleCounts {
            BusinessStakeholder: c[0],
            SubjectMatterExpert: c[1],
            DataEngineer: c[2],
            DataScientist: c[3],
            SoftwareEngineer: c[4],
            MlEngineer: c[5],
            BackendEngineer: c[6],
        }
    }
}

#[derive(Serialize)]
struct CoverageJson {
    phase: Phase,
    cards: usize,
    roles: RoleCounts,
}

#[derive(Serialize)]
struct FlagJson<'a> {
    phase: Phase,
    role: Role,
    reason: &'a str,
}

#[derive(Serialize)]
struct RolesJson<'a> {
    coverage: Vec<CoverageJson>,
    flags: Vec<FlagJson<'a>>,
}

#[derive(Serialize)]
#[allow(non_snake_case)] // the keys are verdict names
struct VerdictJson {
    phase: Phase,
    Continue: usize,
    Rework: usize,
    Stop: usize,
}

#[derive(Serialize)]
struct StatesJson {
    passed: usize,
    awaiting_review: usize,
    rework: usize,
    stopped: usize,
}

#[derive(Serialize)]
struct UngatedJson<'a> {
    id: &'a CardId,
    title: &'a str,
    at: Timestamp,
    from: Phase,
    to: Phase,
    by: &'a str,
}

impl<'a> From<&'a UngatedMove> for UngatedJson<'a> {
    fn from(m: &'a UngatedMove) -> UngatedJson<'a> {
        UngatedJson {
            id: &m.card,
            title: &m.title,
            at: m.at,
            from: m.from,
            to: m.to,
            by: &m.by,
        }
    }
}

#[derive(Serialize)]
struct ReviewsJson<'a> {
    verdicts: Vec<VerdictJson>,
    states: StatesJson,
    waiting: Vec<AgingJson<'a>>,
    ungated_moves: usize,
    recent_ungated: Vec<UngatedJson<'a>>,
}

/// A key metric as `metric list --json` has it, with every measurement, oldest first.
#[derive(Serialize)]
struct StatsMetricJson<'a> {
    #[serde(flatten)]
    summary: MetricJson<'a>,
    measurements: &'a [Measurement],
}

fn phase_json(phase: Phase, s: &PhaseStats) -> PhaseJson {
    PhaseJson {
        phase,
        active: s.active,
        archived: s.archived,
        wip_limit: s.wip_limit,
        average_secs_in_phase: s.average_current_secs,
        average_finished_stay_secs: s.average_stay_secs,
        finished_stays: s.finished_stays,
    }
}

impl<'a> StatsJson<'a> {
    /// `declared` holds the board's metric declarations, which the summaries borrow.
    pub fn new(name: &'a str, insights: &'a Insights, declared: &'a [MetricDecl]) -> StatsJson<'a> {
        let flow = &insights.flow;
        let cumulative = flow
            .cumulative
            .iter()
            .enumerate()
            .map(|(i, counts)| DayJson {
                date: date(flow.flow_start.plus_seconds(i as i64 * DAY)),
                cards: (*counts).into(),
            })
            .collect();
        let throughput = flow
            .throughput
            .iter()
            .enumerate()
            .map(|(i, n)| WeekJson {
                week: date(flow.weeks_start.plus_seconds(i as i64 * 7 * DAY)),
                deployed: *n,
            })
            .collect();
        let c = &flow.cycle;
        let cycle_time = CycleJson {
            count: c.count,
            median_secs: c.median_secs,
            p85_secs: c.p85_secs,
            min_secs: c.min_secs,
            max_secs: c.max_secs,
            histogram: CYCLE_BUCKETS
                .iter()
                .zip(c.histogram)
                .map(|((_, label), count)| BucketJson {
                    bucket: label,
                    count,
                })
                .collect(),
        };
        let roles = &insights.roles;
        let reviews = &insights.reviews;
        let s = reviews.states;
        StatsJson {
            name,
            generated: insights.now,
            phases: Phase::ALL
                .iter()
                .map(|p| phase_json(*p, &insights.phases[p.index()]))
                .collect(),
            flow: FlowJson {
                cumulative,
                throughput,
                cycle_time,
                longest_in_phase: flow.longest.iter().map(AgingJson::from).collect(),
            },
            roles: RolesJson {
                coverage: Phase::ALL
                    .iter()
                    .map(|p| CoverageJson {
                        phase: *p,
                        cards: roles.cards[p.index()],
                        roles: roles.counts[p.index()].into(),
                    })
                    .collect(),
                flags: roles
                    .flags
                    .iter()
                    .map(|f| FlagJson {
                        phase: f.phase,
                        role: f.role,
                        reason: &f.reason,
                    })
                    .collect(),
            },
            reviews: ReviewsJson {
                verdicts: Phase::ALL
                    .iter()
                    .map(|p| {
                        let [c, r, st] = reviews.verdicts[p.index()];
                        VerdictJson {
                            phase: *p,
                            Continue: c,
                            Rework: r,
                            Stop: st,
                        }
                    })
                    .collect(),
                states: StatesJson {
                    passed: s[0],
                    awaiting_review: s[1],
                    rework: s[2],
                    stopped: s[3],
                },
                waiting: reviews.waiting.iter().map(AgingJson::from).collect(),
                ungated_moves: reviews.ungated_moves,
                recent_ungated: reviews
                    .recent_ungated
                    .iter()
                    .map(UngatedJson::from)
                    .collect(),
            },
            metrics: insights
                .metrics
                .iter()
                .filter_map(|m| {
                    let decl = declared.iter().find(|d| d.name == m.name)?;
                    let summary = MetricSummary {
                        decl,
                        measurements: &m.measurements,
                        status: m.status,
                        trend: m.trend,
                    };
                    Some(StatsMetricJson {
                        summary: MetricJson::new(&summary),
                        measurements: &m.measurements,
                    })
                })
                .collect(),
        }
    }
}
