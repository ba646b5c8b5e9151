//! Key metrics (SPEC §1): the figures the Design phase agrees to track the project by.
//!
//! A metric is declared in `board.ron` with a goal (`AtLeast(0.85)`, `AtMost(200.0)`);
//! each observed value is a measurement, one append-only file each. A metric's status
//! is its latest measurement (by `at`, then id) against its goal. Pure: no files, no
//! clock.

use super::{CardId, MeasurementId, Phase, Timestamp};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

/// Longest metric name.
pub const MAX_NAME_LEN: usize = 64;

/// A metric's name: `[a-z0-9_.-]{1,64}`, so it is one word in a table, a shell and a
/// file, and the nested keys of a metrics file (`eval.recall`) are names as they are.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MetricName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid metric name \"{}\": names are 1 to 64 characters of a-z, 0-9, `_`, `.` and `-`",
    super::text::safe_line(.0)
)]
pub struct MetricNameError(pub String);

/// True for `[a-z0-9_.-]{1,64}`.
pub fn is_valid_name(text: &str) -> bool {
    (1..=MAX_NAME_LEN).contains(&text.len())
        && text.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'-')
        })
}

impl MetricName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for MetricName {
    type Err = MetricNameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if is_valid_name(s) {
            Ok(MetricName(s.to_string()))
        } else {
            Err(MetricNameError(s.to_string()))
        }
    }
}

impl fmt::Display for MetricName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for MetricName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for MetricName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A finite number: a goal or a measured value. NaN and the infinities are refused
/// where they are read, so every comparison below means what it says (and `Eq` holds).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Finite(f64);

// Sound: a `Finite` is never NaN, the one value for which `==` is not an equivalence.
impl Eq for Finite {}

impl Finite {
    pub fn new(value: f64) -> Option<Finite> {
        value.is_finite().then_some(Finite(value))
    }

    pub fn get(self) -> f64 {
        self.0
    }

    /// The total order of finite values (never `None` between two finite numbers).
    pub fn cmp_value(self, other: Finite) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl fmt::Display for Finite {
    /// The shortest text that reads back as the same number: `0.83`, `200`, `1e-7`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Finite {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.0)
    }
}

impl<'de> Deserialize<'de> for Finite {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        Finite::new(value).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{value} is not a finite number (a metric's goal and value are finite numbers)"
            ))
        })
    }
}

/// What a metric should reach: a floor (`AtLeast`, recall) or a ceiling (`AtMost`,
/// latency).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Goal {
    AtLeast(Finite),
    AtMost(Finite),
}

impl Goal {
    pub fn target(self) -> Finite {
        match self {
            Goal::AtLeast(x) | Goal::AtMost(x) => x,
        }
    }

    pub fn is_met(self, value: Finite) -> bool {
        match self {
            Goal::AtLeast(x) => value.get() >= x.get(),
            Goal::AtMost(x) => value.get() <= x.get(),
        }
    }

    /// `Greater` when `a` is closer to (or further past) the goal than `b`.
    pub fn compare(self, a: Finite, b: Finite) -> Ordering {
        match self {
            Goal::AtLeast(_) => a.cmp_value(b),
            Goal::AtMost(_) => b.cmp_value(a),
        }
    }

    /// `≥ 0.85`, `≤ 200`: short, for tables.
    pub fn symbol(self) -> String {
        match self {
            Goal::AtLeast(x) => format!("≥ {x}"),
            Goal::AtMost(x) => format!("≤ {x}"),
        }
    }

    /// `at least 0.85`: in words, for sentences and plain text.
    pub fn words(self) -> String {
        match self {
            Goal::AtLeast(x) => format!("at least {x}"),
            Goal::AtMost(x) => format!("at most {x}"),
        }
    }
}

/// One key metric of `board.ron`: `(name: "recall", goal: AtLeast(0.85))`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricDecl {
    pub name: MetricName,
    pub goal: Goal,
}

/// Declares `name` with `goal`, or changes its goal; a new metric goes last. Returns
/// the previous goal, if it was declared.
pub fn declare(metrics: &mut Vec<MetricDecl>, name: MetricName, goal: Goal) -> Option<Goal> {
    match metrics.iter_mut().find(|m| m.name == name) {
        Some(existing) => Some(std::mem::replace(&mut existing.goal, goal)),
        None => {
            metrics.push(MetricDecl { name, goal });
            None
        }
    }
}

/// One observed value of a key metric. Field order is the order of measurement files
/// (SPEC §2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    pub id: MeasurementId,
    pub metric: MetricName,
    pub value: Finite,
    pub at: Timestamp,
    pub phase: Phase,
    /// The card whose work produced it (an experiment, a monitoring task).
    pub card: Option<CardId>,
    pub by: String,
    /// Where the number comes from (`mlflow run 7f3a9c`, `ci 4e1d0b2`).
    pub source: Option<String>,
}

impl Measurement {
    /// The order that decides a metric's latest measurement: by time, then by id.
    pub fn chronological_key(&self) -> (Timestamp, &MeasurementId) {
        (self.at, &self.id)
    }
}

/// A metric's standing: its latest measurement against its goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Met,
    Missed,
    Unmeasured,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Met, Status::Missed, Status::Unmeasured];

    pub fn of(goal: Goal, latest: Option<&Measurement>) -> Status {
        match latest {
            None => Status::Unmeasured,
            Some(m) if goal.is_met(m.value) => Status::Met,
            Some(_) => Status::Missed,
        }
    }

    /// The name in `--json` output and the word shown everywhere.
    pub fn name(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Missed => "missed",
            Status::Unmeasured => "unmeasured",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Status::Met => "✓",
            Status::Missed => "✗",
            Status::Unmeasured => "·",
        }
    }

    /// Symbol and word, as every view shows it: `✓ met`.
    pub fn label(self) -> String {
        format!("{} {}", self.symbol(), self.name())
    }
}

/// Which way the latest measurement went from the one before, seen from the goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trend {
    Improving,
    Worsening,
    Steady,
}

impl Trend {
    /// From the two latest measurements, oldest first; `None` with fewer than two.
    pub fn of(goal: Goal, measurements: &[Measurement]) -> Option<Trend> {
        let [.., previous, latest] = measurements else {
            return None;
        };
        Some(match goal.compare(latest.value, previous.value) {
            Ordering::Greater => Trend::Improving,
            Ordering::Less => Trend::Worsening,
            Ordering::Equal => Trend::Steady,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Trend::Improving => "improving",
            Trend::Worsening => "worsening",
            Trend::Steady => "steady",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Trend::Improving => "↗",
            Trend::Worsening => "↘",
            Trend::Steady => "→",
        }
    }

    /// Symbol and word, as every view shows it: `↗ improving`.
    pub fn label(self) -> String {
        format!("{} {}", self.symbol(), self.name())
    }
}

/// Every measurement of a board, each metric's in chronological order.
#[derive(Debug, Clone, Default)]
pub struct Measurements {
    by_metric: HashMap<MetricName, Vec<Measurement>>,
    metric_of: HashMap<MeasurementId, MetricName>,
}

impl Measurements {
    pub fn new(list: Vec<Measurement>) -> Measurements {
        let mut measurements = Measurements::default();
        for m in list {
            measurements.insert(m);
        }
        measurements
    }

    pub fn len(&self) -> usize {
        self.metric_of.len()
    }

    pub fn is_empty(&self) -> bool {
        self.metric_of.is_empty()
    }

    /// A metric's measurements, oldest first.
    pub fn of(&self, metric: &MetricName) -> &[Measurement] {
        self.by_metric.get(metric).map_or(&[], Vec::as_slice)
    }

    pub fn latest(&self, metric: &MetricName) -> Option<&Measurement> {
        self.of(metric).last()
    }

    pub fn get(&self, id: &MeasurementId) -> Option<&Measurement> {
        let metric = self.metric_of.get(id)?;
        self.of(metric).iter().find(|m| &m.id == id)
    }

    /// Every measurement, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &Measurement> {
        self.by_metric.values().flatten()
    }

    /// The names measured, sorted.
    pub fn metric_names(&self) -> Vec<&MetricName> {
        let mut names: Vec<&MetricName> = self.by_metric.keys().collect();
        names.sort();
        names
    }

    /// The measurements a card produced, oldest first.
    pub fn of_card(&self, card: &CardId) -> Vec<&Measurement> {
        let mut list: Vec<&Measurement> = self
            .iter()
            .filter(|m| m.card.as_ref() == Some(card))
            .collect();
        list.sort_by(|a, b| {
            a.chronological_key()
                .cmp(&b.chronological_key())
                .then_with(|| a.metric.cmp(&b.metric))
        });
        list
    }

    /// Adds a measurement, or replaces the one with the same id, keeping its metric's
    /// list chronological.
    pub fn insert(&mut self, measurement: Measurement) {
        self.remove(&measurement.id);
        self.metric_of
            .insert(measurement.id.clone(), measurement.metric.clone());
        let list = self
            .by_metric
            .entry(measurement.metric.clone())
            .or_default();
        let pos = list
            .binary_search_by(|m| m.chronological_key().cmp(&measurement.chronological_key()))
            .unwrap_or_else(|p| p);
        list.insert(pos, measurement);
    }

    pub fn remove(&mut self, id: &MeasurementId) -> Option<Measurement> {
        let metric = self.metric_of.remove(id)?;
        let list = self.by_metric.get_mut(&metric)?;
        let pos = list.iter().position(|m| &m.id == id)?;
        let removed = list.remove(pos);
        if list.is_empty() {
            self.by_metric.remove(&metric);
        }
        Some(removed)
    }

    /// The time for a new measurement of `metric` (SPEC §1: the measurements of one
    /// metric are strictly ordered, like a card's events).
    pub fn stamp(&self, metric: &MetricName, now: Timestamp) -> Timestamp {
        Timestamp::stamp_after(now, self.latest(metric).map(|m| m.at))
    }
}

/// A declared metric as everything shows it: goal, latest value, status, trend.
#[derive(Debug, Clone, Copy)]
pub struct MetricSummary<'a> {
    pub decl: &'a MetricDecl,
    /// Oldest first.
    pub measurements: &'a [Measurement],
    pub status: Status,
    pub trend: Option<Trend>,
}

impl<'a> MetricSummary<'a> {
    pub fn latest(&self) -> Option<&'a Measurement> {
        self.measurements.last()
    }
}

/// Each declared metric, in declaration order.
pub fn summaries<'a>(
    declared: &'a [MetricDecl],
    measurements: &'a Measurements,
) -> Vec<MetricSummary<'a>> {
    declared
        .iter()
        .map(|decl| {
            let list = measurements.of(&decl.name);
            MetricSummary {
                decl,
                measurements: list,
                status: Status::of(decl.goal, list.last()),
                trend: Trend::of(decl.goal, list),
            }
        })
        .collect()
}

/// The declared names, for messages: `recall, p95_latency_ms`, or `none`.
pub fn declared_names(declared: &[MetricDecl]) -> String {
    if declared.is_empty() {
        return "none".to_string();
    }
    declared
        .iter()
        .map(|m| m.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> MetricName {
        text.parse().unwrap()
    }

    fn value(x: f64) -> Finite {
        Finite::new(x).unwrap()
    }

    fn measurement(id: &str, metric: &str, x: f64, at: i64) -> Measurement {
        Measurement {
            id: id.parse().unwrap(),
            metric: name(metric),
            value: value(x),
            at: Timestamp::from_unix(at),
            phase: Phase::Development,
            card: None,
            by: "ann".into(),
            source: None,
        }
    }

    #[test]
    fn names_are_short_lowercase_words() {
        for good in [
            "recall",
            "p95_latency_ms",
            "eval.recall",
            "a",
            "drift-psi",
            "x".repeat(64).as_str(),
        ] {
            assert!(good.parse::<MetricName>().is_ok(), "{good}");
        }
        for bad in [
            "",
            "Recall",
            "eval/recall",
            "a b",
            "é",
            "x".repeat(65).as_str(),
            "../x",
        ] {
            assert!(bad.parse::<MetricName>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn only_finite_numbers_are_values() {
        assert!(Finite::new(f64::NAN).is_none());
        assert!(Finite::new(f64::INFINITY).is_none());
        assert!(Finite::new(f64::NEG_INFINITY).is_none());
        assert_eq!(Finite::new(-0.5).map(Finite::get), Some(-0.5));
    }

    #[test]
    fn goals_are_met_on_the_boundary() {
        let floor = Goal::AtLeast(value(0.85));
        assert!(floor.is_met(value(0.85)) && floor.is_met(value(0.9)));
        assert!(!floor.is_met(value(0.849)));
        let ceiling = Goal::AtMost(value(200.0));
        assert!(ceiling.is_met(value(200.0)) && !ceiling.is_met(value(200.5)));
        assert_eq!(floor.symbol(), "≥ 0.85");
        assert_eq!(ceiling.words(), "at most 200");
    }

    #[test]
    fn status_is_the_latest_by_time_then_id() {
        let goal = Goal::AtLeast(value(0.85));
        let mut all = Measurements::new(vec![
            measurement("bbbb", "recall", 0.9, 100),
            measurement("aaaa", "recall", 0.8, 100),
            measurement("cccc", "recall", 0.7, 50),
        ]);
        let recall = name("recall");
        assert_eq!(all.latest(&recall).unwrap().id.as_str(), "bbbb");
        assert_eq!(Status::of(goal, all.latest(&recall)), Status::Met);
        assert_eq!(Trend::of(goal, all.of(&recall)), Some(Trend::Improving));
        all.insert(measurement("dddd", "recall", 0.8, 101));
        assert_eq!(Status::of(goal, all.latest(&recall)), Status::Missed);
        assert_eq!(Trend::of(goal, all.of(&recall)), Some(Trend::Worsening));
        assert_eq!(
            Status::of(goal, all.latest(&name("f1"))),
            Status::Unmeasured
        );
        assert_eq!(Trend::of(goal, all.of(&name("f1"))), None);
    }

    #[test]
    fn trend_follows_the_goal_direction() {
        let latency = [
            measurement("aaaa", "lat", 250.0, 1),
            measurement("bbbb", "lat", 180.0, 2),
        ];
        assert_eq!(
            Trend::of(Goal::AtMost(value(200.0)), &latency),
            Some(Trend::Improving)
        );
        assert_eq!(
            Trend::of(Goal::AtLeast(value(200.0)), &latency),
            Some(Trend::Worsening)
        );
        let same = [
            measurement("aaaa", "x", 1.0, 1),
            measurement("bbbb", "x", 1.0, 2),
        ];
        assert_eq!(
            Trend::of(Goal::AtMost(value(2.0)), &same),
            Some(Trend::Steady)
        );
    }

    #[test]
    fn new_measurements_of_a_metric_are_strictly_ordered() {
        let all = Measurements::new(vec![measurement("aaaa", "recall", 0.8, 100)]);
        let recall = name("recall");
        assert_eq!(
            all.stamp(&recall, Timestamp::from_unix(100)),
            Timestamp::from_unix(101)
        );
        assert_eq!(
            all.stamp(&recall, Timestamp::from_unix(200)),
            Timestamp::from_unix(200)
        );
        assert_eq!(
            all.stamp(&name("f1"), Timestamp::from_unix(5)),
            Timestamp::from_unix(5)
        );
    }

    #[test]
    fn insert_replaces_and_remove_forgets() {
        let mut all = Measurements::new(vec![measurement("aaaa", "recall", 0.8, 100)]);
        all.insert(measurement("aaaa", "f1", 0.5, 100));
        assert_eq!(all.len(), 1);
        assert!(all.of(&name("recall")).is_empty());
        assert_eq!(all.metric_names(), [&name("f1")]);
        assert!(all.remove(&"aaaa".parse().unwrap()).is_some());
        assert!(all.is_empty() && all.metric_names().is_empty());
    }

    #[test]
    fn declare_adds_last_or_changes_the_goal() {
        let mut metrics = Vec::new();
        assert_eq!(
            declare(&mut metrics, name("recall"), Goal::AtLeast(value(0.8))),
            None
        );
        assert_eq!(
            declare(&mut metrics, name("lat"), Goal::AtMost(value(200.0))),
            None
        );
        assert_eq!(
            declare(&mut metrics, name("recall"), Goal::AtLeast(value(0.85))),
            Some(Goal::AtLeast(value(0.8)))
        );
        assert_eq!(declared_names(&metrics), "recall, lat");
        assert_eq!(metrics[0].goal, Goal::AtLeast(value(0.85)));
        assert_eq!(declared_names(&[]), "none");
    }
}
