//! Timestamps: UTC, to the second, written as RFC 3339 with a `Z`.
//!
//! The domain never reads the clock; callers pass `Timestamp`s in, so tests and
//! benchmarks are deterministic.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, UTC.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    pub fn from_unix(seconds: i64) -> Timestamp {
        Timestamp(seconds)
    }

    pub fn unix(self) -> i64 {
        self.0
    }

    /// Converts a wall-clock reading; only the shell layers call this.
    pub fn from_system_time(time: SystemTime) -> Timestamp {
        match time.duration_since(UNIX_EPOCH) {
            Ok(d) => Timestamp(d.as_secs() as i64),
            Err(e) => Timestamp(-(e.duration().as_secs() as i64)),
        }
    }

    /// Seconds from `self` until `later` (negative if `later` is earlier).
    pub fn seconds_until(self, later: Timestamp) -> i64 {
        later.0 - self.0
    }

    pub fn plus_seconds(self, seconds: i64) -> Timestamp {
        Timestamp(self.0 + seconds)
    }

    /// The stamp for a new event on something whose latest event is `latest` (SPEC §1,
    /// "a card's events are strictly ordered"): the clock reading `now`, unless the
    /// clock has not moved past the latest event, in which case one second after it.
    /// Events are stamped to the second, so without this a script's review and move
    /// in one second would be ordered by their random ids instead of by what was done.
    pub fn stamp_after(now: Timestamp, latest: Option<Timestamp>) -> Timestamp {
        match latest {
            Some(latest) if latest >= now => latest.plus_seconds(1),
            _ => now,
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let time = if self.0 >= 0 {
            UNIX_EPOCH + Duration::from_secs(self.0 as u64)
        } else {
            UNIX_EPOCH
        };
        write!(f, "{}", humantime::format_rfc3339_seconds(time))
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid timestamp {0:?}: expected UTC RFC 3339 like \"2026-11-26T13:00:00Z\"")]
pub struct TimestampError(pub String);

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Only the canonical UTC form is accepted, so every file stays sortable as text.
        if !s.ends_with('Z') {
            return Err(TimestampError(s.to_string()));
        }
        humantime::parse_rfc3339(s)
            .map(Timestamp::from_system_time)
            .map_err(|_| TimestampError(s.to_string()))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A short human duration such as `3d 4h` or `12m`, for time-in-phase.
pub fn format_duration(seconds: i64) -> String {
    let s = seconds.max(0);
    let (d, h, m) = (s / 86_400, (s % 86_400) / 3_600, (s % 3_600) / 60);
    if d > 0 {
        format!("{d}d {h}h")
    } else if h > 0 {
        format!("{h}h {m}m")
    } else if m > 0 {
        format!("{m}m")
    } else {
        format!("{s}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_rfc3339() {
        let t: Timestamp = "2026-11-26T13:00:00Z".parse().unwrap();
        assert_eq!(t.to_string(), "2026-11-26T13:00:00Z");
        assert_eq!(t.unix(), 1_795_698_000);
    }

    #[test]
    fn refuses_offsets_and_garbage() {
        assert!("2026-11-26T13:00:00+01:00".parse::<Timestamp>().is_err());
        assert!("yesterday".parse::<Timestamp>().is_err());
    }

    #[test]
    fn formats_durations() {
        assert_eq!(format_duration(59), "59s");
        assert_eq!(format_duration(3_600 * 5 + 120), "5h 2m");
        assert_eq!(format_duration(86_400 * 3 + 3_600), "3d 1h");
    }

    #[test]
    fn a_new_event_is_stamped_after_the_latest_when_the_clock_has_not_moved_past_it() {
        let t = Timestamp::from_unix;
        assert_eq!(Timestamp::stamp_after(t(100), None), t(100));
        assert_eq!(Timestamp::stamp_after(t(100), Some(t(99))), t(100));
        assert_eq!(Timestamp::stamp_after(t(100), Some(t(100))), t(101));
        assert_eq!(Timestamp::stamp_after(t(100), Some(t(105))), t(106));
    }
}
