//! Calendar dates: the register's `YYYY-MM-DD` values and the reference date ("today").
//!
//! Registers only need whole days and month arithmetic, so a small civil-date type does,
//! without a time-zone database. The clock is read in exactly one place ([`Date::today_utc`]);
//! rules never see it, only the reference date the run was given.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of month, 1–31.
    pub day: u32,
}

impl Date {
    /// Parses exactly `YYYY-MM-DD` and checks that the day exists.
    pub fn parse(text: &str) -> Option<Date> {
        Date::read(text).ok()
    }

    /// Like [`Date::parse`], saying why a text is not a date: the form is wrong, or the
    /// form is right and the day does not exist (`2026-02-30`).
    pub fn read(text: &str) -> Result<Date, DateError> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Malformed);
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let s = text.get(r)?;
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
            return Err(DateError::Malformed);
        };
        let date = Date {
            year: year as i32,
            month,
            day,
        };
        if !(1..=12).contains(&month) {
            return Err(DateError::NoSuchMonth(month));
        }
        let days = days_in_month(date.year, month);
        if !(1..=days).contains(&day) {
            return Err(DateError::NoSuchDay { date, days });
        }
        Ok(date)
    }

    /// Today's date in UTC, from the system clock.
    pub fn today_utc() -> Date {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days((secs / 86_400) as i64)
    }

    /// Days since 1970-01-01.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The same day `months` later (or earlier), clamped to the month's last day; `None`
    /// outside the years 0–9999 (month counts come from registers and may be anything).
    pub fn add_months(self, months: i64) -> Option<Date> {
        let index = (i64::from(self.year) * 12 + i64::from(self.month) - 1).checked_add(months)?;
        let year = i32::try_from(index.div_euclid(12))
            .ok()
            .filter(|y| (0..=9999).contains(y))?;
        let month = index.rem_euclid(12) as u32 + 1;
        Some(Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not `YYYY-MM-DD` (four, two and two digits).
    #[error("is not a date in the form YYYY-MM-DD")]
    Malformed,
    /// The form is right, but there is no such month.
    #[error("has the form YYYY-MM-DD, but there is no month {0:02}")]
    NoSuchMonth(u32),
    /// The form is right, but the month has fewer days.
    #[error("has the form YYYY-MM-DD, but the day does not exist: {} {} has {days} days", MONTHS[date.month as usize - 1], date.year)]
    NoSuchDay {
        /// The date as written (its day out of range).
        date: Date,
        /// How many days its month has.
        days: u32,
    },
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_tells_a_wrong_form_from_a_day_that_does_not_exist() {
        assert_eq!(Date::read("2026-2-3"), Err(DateError::Malformed));
        assert_eq!(Date::read("2026-13-01"), Err(DateError::NoSuchMonth(13)));
        assert_eq!(
            Date::read("2026-02-30").map_err(|e| e.to_string()),
            Err(
                "has the form YYYY-MM-DD, but the day does not exist: February 2026 has 28 days"
                    .into()
            )
        );
        assert!(Date::read("2028-02-29").is_ok());
    }

    #[test]
    fn parse_accepts_only_real_iso_dates() {
        assert_eq!(
            Date::parse("2024-02-29"),
            Some(Date {
                year: 2024,
                month: 2,
                day: 29
            })
        );
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-1-01",
            "26-01-01",
            "2026-01-01T00",
            "2026/01/01",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn days_round_trip_and_months_clamp() {
        let d = Date::parse("2026-11-22").unwrap();
        assert_eq!(Date::from_days(d.to_days()), d);
        assert_eq!(Date::parse("1970-01-01").unwrap().to_days(), 0);
        assert_eq!(
            Date::parse("2026-01-31")
                .unwrap()
                .add_months(1)
                .unwrap()
                .to_string(),
            "2026-02-28"
        );
        assert_eq!(d.add_months(-12).unwrap().to_string(), "2025-11-22");
        assert_eq!(d.add_months(i64::MAX), None);
        assert_eq!(d.add_months(1_000_000_000_000_000), None);
    }
}
