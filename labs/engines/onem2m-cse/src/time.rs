//! Time as the caller gives it: milliseconds since the Unix epoch, formatted the oneM2M way.
//!
//! oneM2M timestamps are UTC "basic" ISO 8601: `YYYYMMDDTHHMMSS` optionally followed by
//! `,ffffff` (fraction of a second). The calendar arithmetic is done here on integers, so the
//! engine needs no time crate and never reads a clock.

use std::fmt;

/// A point in time: milliseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Timestamp(u64);

/// The broken-down UTC fields of a [`Timestamp`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CivilTime {
    pub year: i64,
    /// 1..=12
    pub month: u32,
    /// 1..=31
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub millisecond: u32,
    /// 0 = Sunday .. 6 = Saturday
    pub weekday: u32,
}

impl Timestamp {
    /// The time `millis` milliseconds after the Unix epoch.
    pub const fn from_millis(millis: u64) -> Self {
        Self(millis)
    }

    /// The time `seconds` seconds after the Unix epoch.
    pub const fn from_seconds(seconds: u64) -> Self {
        Self(seconds.saturating_mul(1000))
    }

    /// Milliseconds since the Unix epoch.
    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// This time plus `millis` milliseconds (saturating).
    pub const fn plus_millis(self, millis: u64) -> Self {
        Self(self.0.saturating_add(millis))
    }

    /// This time plus `seconds` seconds (saturating).
    pub const fn plus_seconds(self, seconds: u64) -> Self {
        Self(self.0.saturating_add(seconds.saturating_mul(1000)))
    }

    /// The UTC calendar fields.
    pub fn civil(self) -> CivilTime {
        let total_seconds = self.0 / 1000;
        let days = (total_seconds / 86_400) as i64;
        let seconds_of_day = total_seconds % 86_400;
        let (year, month, day) = civil_from_days(days);
        CivilTime {
            year,
            month,
            day,
            hour: (seconds_of_day / 3600) as u32,
            minute: (seconds_of_day / 60 % 60) as u32,
            second: (seconds_of_day % 60) as u32,
            millisecond: (self.0 % 1000) as u32,
            // 1970-01-01 was a Thursday (4)
            weekday: ((days + 4).rem_euclid(7)) as u32,
        }
    }

    /// The oneM2M form with fraction, `YYYYMMDDTHHMMSS,ffffff` (used for ct, lt, et, ot).
    pub fn to_onem2m(self) -> String {
        let c = self.civil();
        format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02},{:06}",
            c.year,
            c.month,
            c.day,
            c.hour,
            c.minute,
            c.second,
            c.millisecond * 1000
        )
    }

    /// The oneM2M form without fraction, `YYYYMMDDTHHMMSS`.
    pub fn to_onem2m_seconds(self) -> String {
        let c = self.civil();
        format!("{:04}{:02}{:02}T{:02}{:02}{:02}", c.year, c.month, c.day, c.hour, c.minute, c.second)
    }

    /// Parses `YYYYMMDDTHHMMSS` with an optional `,fraction` (or `.fraction`) and an optional
    /// trailing `Z`. Years before 1970 are not representable and give `None`.
    pub fn parse_onem2m(text: &str) -> Option<Self> {
        let text = text.trim();
        let text = text.strip_suffix('Z').unwrap_or(text);
        let (main, fraction) = match text.find([',', '.']) {
            Some(index) => (&text[..index], Some(&text[index + 1..])),
            None => (text, None),
        };
        let bytes = main.as_bytes();
        if bytes.len() != 15 || bytes[8] != b'T' {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u64> {
            let part = main.get(range)?;
            if part.bytes().all(|b| b.is_ascii_digit()) { part.parse().ok() } else { None }
        };
        let year = digits(0..4)?;
        let month = digits(4..6)?;
        let day = digits(6..8)?;
        let hour = digits(9..11)?;
        let minute = digits(11..13)?;
        let second = digits(13..15)?;
        if !(1970..=9999).contains(&year)
            || !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year as i64, month as u32) as u64
            || hour > 23
            || minute > 59
            || second > 60
        {
            return None;
        }
        let millis = match fraction {
            None => 0,
            Some(f) if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) => return None,
            Some(f) => {
                let padded: String = f.chars().chain(std::iter::repeat('0')).take(3).collect();
                padded.parse::<u64>().ok()?
            }
        };
        let days = days_from_civil(year as i64, month as u32, day as u32);
        let seconds = days as u64 * 86_400 + hour * 3600 + minute * 60 + second;
        Some(Self(seconds * 1000 + millis))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_onem2m())
    }
}

/// Days in a month of the proleptic Gregorian calendar.
pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
                29
            } else {
                28
            }
        }
    }
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Howard Hinnant's `days_from_civil`.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(Timestamp::from_millis(0).to_onem2m(), "19700101T000000,000000");
        // 2026-11-25T12:00:00.250Z
        let t = Timestamp::parse_onem2m("20261125T120000,25").unwrap();
        assert_eq!(t.to_onem2m(), "20261125T120000,250000");
        assert_eq!(t.to_onem2m_seconds(), "20261125T120000");
        assert_eq!(t.civil().weekday, 3, "25 November 2026 is a Wednesday");
        assert_eq!(Timestamp::parse_onem2m("20240229T235959").unwrap().civil().day, 29);
    }

    #[test]
    fn rejects_malformed_text() {
        for text in [
            "",
            "2026",
            "20261325T120000",
            "20230229T000000",
            "20261125X120000",
            "20261125T126000",
            "19691231T235959",
            "20261125T120000,",
        ] {
            assert_eq!(Timestamp::parse_onem2m(text), None, "{text}");
        }
    }

    #[test]
    fn round_trips_every_day_for_a_few_years() {
        let mut millis = 1_700_000_000_123u64;
        for _ in 0..2000 {
            let t = Timestamp::from_millis(millis);
            assert_eq!(Timestamp::parse_onem2m(&t.to_onem2m()), Some(t));
            millis += 86_400_000 + 3_601_001;
        }
    }
}
