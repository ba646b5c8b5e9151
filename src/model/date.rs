//! Calendar dates (a card's `due` date), written `YYYY-MM-DD`.
//!
//! On the `time` crate's `Date` (already built for ratatui's calendar widget), which
//! knows month lengths and leap years; parsing is done here, strictly, so a file or a
//! command line says exactly one thing: `2026-02-30` and `2026-2-3` are refused.

use super::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error(
    "invalid date \"{}\": use a real day as YYYY-MM-DD (like 2026-12-15)",
    super::text::safe_line(.0)
)]
pub struct DateError(pub String);

impl Date {
    /// A date from its parts, if that day exists.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Date)
    }

    /// The UTC day of a timestamp: what "today" means for due dates.
    pub fn of(at: Timestamp) -> Date {
        let days = at.unix().div_euclid(86_400);
        // 1970-01-01 is Julian day 2,440,588; `Timestamp`s stay far inside `time`'s range.
        let julian = i32::try_from(2_440_588 + days).unwrap_or(i32::MAX);
        time::Date::from_julian_day(julian).map_or(Date(time::Date::MAX), Date)
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    pub fn month(self) -> u8 {
        u8::from(self.0.month())
    }

    pub fn day(self) -> u8 {
        self.0.day()
    }

    /// Days from `self` until `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        i64::from(later.0.to_julian_day()) - i64::from(self.0.to_julian_day())
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || DateError(s.to_string());
        let bytes = s.as_bytes();
        let layout = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !layout {
            return Err(error());
        }
        let number = |range: std::ops::Range<usize>| s[range].parse::<u16>().map_err(|_| error());
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let month = u8::try_from(month).map_err(|_| error())?;
        let day = u8::try_from(day).map_err(|_| error())?;
        Date::from_ymd(i32::from(year), month, day).ok_or_else(error)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Reads an optional date field written as a bare string (`due: "2026-12-15"`, the
/// card file's form); a hand-written `Some("…")` or `None` is read too.
pub fn deserialize_optional<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Date>, D::Error> {
    struct Visitor;

    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Option<Date>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date string \"YYYY-MM-DD\"")
        }

        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
            text.parse().map(Some).map_err(E::custom)
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
            Date::deserialize(inner).map(Some)
        }
    }

    deserializer.deserialize_any(Visitor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_only_real_days_in_one_layout() {
        let date: Date = "2026-12-15".parse().unwrap();
        assert_eq!((date.year(), date.month(), date.day()), (2026, 12, 15));
        assert_eq!(date.to_string(), "2026-12-15");
        assert!("2028-02-29".parse::<Date>().is_ok());
        for bad in [
            "2026-02-30",
            "2027-02-29",
            "2026-04-31",
            "2026-13-01",
            "2026-00-10",
            "2026-12-00",
            "2026-2-3",
            "26-12-15",
            "2026/12/15",
            "2026-12-15T00:00:00Z",
            " 2026-12-15",
            "",
            "２０２６-12-15",
        ] {
            let err = bad.parse::<Date>().unwrap_err().to_string();
            assert!(err.contains("YYYY-MM-DD"), "{bad}: {err}");
        }
    }

    #[test]
    fn today_is_the_utc_day() {
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        assert_eq!(
            Date::of(t("2026-11-26T00:00:00Z")).to_string(),
            "2026-11-26"
        );
        assert_eq!(
            Date::of(t("2026-11-26T23:59:59Z")).to_string(),
            "2026-11-26"
        );
        assert_eq!(
            Date::of(t("2028-02-29T12:00:00Z")).to_string(),
            "2028-02-29"
        );
        assert_eq!(Date::of(Timestamp::from_unix(0)).to_string(), "1970-01-01");
        let (a, b): (Date, Date) = ("2026-12-30".parse().unwrap(), "2027-01-02".parse().unwrap());
        assert_eq!(a.days_until(b), 3);
        assert!(a < b);
    }

    #[test]
    fn reads_a_bare_string_some_or_none() {
        #[derive(Deserialize)]
        struct Holder {
            #[serde(default, deserialize_with = "deserialize_optional")]
            due: Option<Date>,
        }
        let read = |text: &str| ron::from_str::<Holder>(text).map(|h| h.due);
        let day = Date::from_ymd(2026, 12, 15);
        assert_eq!(read(r#"(due: "2026-12-15")"#).unwrap(), day);
        assert_eq!(read(r#"(due: Some("2026-12-15"))"#).unwrap(), day);
        assert_eq!(read("(due: None)").unwrap(), None);
        assert_eq!(read("()").unwrap(), None);
        let err = read(r#"(due: "2026-02-30")"#).unwrap_err().to_string();
        assert!(err.contains("YYYY-MM-DD"), "{err}");
    }

    proptest! {
        #[test]
        fn every_day_round_trips_through_its_text(julian in 1_721_426i32..=5_373_484) {
            let date = Date(time::Date::from_julian_day(julian).unwrap());
            prop_assert_eq!(date.to_string().parse::<Date>(), Ok(date));
        }

        #[test]
        fn the_day_of_a_timestamp_contains_it(seconds in 0i64..253_402_300_799) {
            let at = Timestamp::from_unix(seconds);
            let day = Date::of(at);
            // The timestamp's RFC 3339 text starts with its day.
            prop_assert!(at.to_string().starts_with(&day.to_string()));
        }
    }
}
