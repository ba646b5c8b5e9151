//! Timestamps: UTC, to the second, written as RFC 3339 with a `Z`.
//!
//! The domain never reads the clock; callers pass `Timestamp`s in, so tests and
//! benchmarks are deterministic.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::num::NonZeroU64;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, UTC.
///
/// Kept offset by 2^63 in a `NonZeroU64`: the offset keeps the numbers' order, and the
/// one value left out (`i64::MIN`, 292 billion years before the epoch; clamped to the
/// next) lets an `Option<Timestamp>` — a card's `archived` — take 8 bytes, not 16.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(NonZeroU64);

const OFFSET: u64 = 1 << 63;

impl Timestamp {
    pub fn from_unix(seconds: i64) -> Timestamp {
        let offset = (seconds.max(i64::MIN + 1) as u64) ^ OFFSET;
        Timestamp(NonZeroU64::new(offset).unwrap_or(NonZeroU64::MIN))
    }

    pub fn unix(self) -> i64 {
        (self.0.get() ^ OFFSET) as i64
    }

    /// Converts a wall-clock reading; only the shell layers call this.
    pub fn from_system_time(time: SystemTime) -> Timestamp {
        match time.duration_since(UNIX_EPOCH) {
            Ok(d) => Timestamp::from_unix(d.as_secs() as i64),
            Err(e) => Timestamp::from_unix(-(e.duration().as_secs() as i64)),
        }
    }

    /// Seconds from `self` until `later` (negative if `later` is earlier).
    pub fn seconds_until(self, later: Timestamp) -> i64 {
        later.unix() - self.unix()
    }

    pub fn plus_seconds(self, seconds: i64) -> Timestamp {
        Timestamp::from_unix(self.unix() + seconds)
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
        let time = if self.unix() >= 0 {
            UNIX_EPOCH + Duration::from_secs(self.unix() as u64)
        } else {
            UNIX_EPOCH
        };
        write!(f, "{}", humantime::format_rfc3339_seconds(time))
    }
}

impl Default for Timestamp {
    fn default() -> Timestamp {
        Timestamp::from_unix(0)
    }
}

/// As the number it is: `Timestamp(1795698000)`.
impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Timestamp").field(&self.unix()).finish()
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
    fn keeps_order_and_value_in_eight_bytes_even_when_optional() {
        assert_eq!(std::mem::size_of::<Option<Timestamp>>(), 8);
        let values = [i64::MIN + 1, -86_400, -1, 0, 1, 1_795_698_000, i64::MAX];
        for pair in values.windows(2) {
            let (a, b) = (Timestamp::from_unix(pair[0]), Timestamp::from_unix(pair[1]));
            assert!(a < b, "{a:?} < {b:?}");
            assert_eq!(a.unix(), pair[0]);
        }
        assert_eq!(Timestamp::from_unix(i64::MIN).unix(), i64::MIN + 1);
        assert_eq!(Timestamp::default().unix(), 0);
        assert_eq!(format!("{:?}", Timestamp::from_unix(7)), "Timestamp(7)");
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
