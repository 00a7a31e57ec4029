//! Calendar dates (UTC days) on top of `jiff`: dates and YAML / RFC 3339 timestamps parsed to the day they
//! fall on, formatted as `YYYY-MM-DD`, compared, counted in days, grouped in quarters.
//!
//! The rule for timestamps (as the DSOMM app reads them: a YAML timestamp is an instant, and the app
//! writes its own in UTC): a date alone is that day; a timestamp with an offset counts on the UTC day of
//! its instant (`2026-03-01T23:30:00-05:00` is 04:30 UTC on 2026-03-02); one without an offset is UTC
//! already (YAML 1.1) and keeps its day (`2025-06-07 10:00`).

use jiff::civil;
use jiff::tz::Offset;
use jiff::{SignedDuration, Span, Timestamp};
use serde::{Serialize, Serializer};
use std::fmt;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(civil::Date);

/// Earlier dates are refused: they are typing mistakes, and scoring history would span centuries.
const FIRST_YEAR: i16 = 1900;
const EPOCH: civil::Date = civil::date(1970, 1, 1);

impl Date {
    /// The day `y-m-d`, from 1900-01-01 to 9999-12-31.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        let y = i16::try_from(y).ok().filter(|y| *y >= FIRST_YEAR)?;
        let date = civil::Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()?;
        Some(Date(date))
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        let d = self.0;
        (d.year().into(), d.month() as u32, d.day() as u32)
    }

    /// Parses `YYYY-MM-DD`, or a YAML 1.1 / RFC 3339 timestamp (`2025-01-10T12:00:00Z`, `2025-01-10 08:00`,
    /// `2001-12-14 21:59:43.10 -5`) to the day it falls on by the rule in the module documentation. A time
    /// part that is not a valid time of day makes the whole text invalid.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let day = s.get(..10)?;
        // Exactly YYYY-MM-DD: jiff also reads `20250110` and `+002025-01-10`, which YAML does not.
        let shape = day.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
        if !shape {
            return None;
        }
        let rest = &s[10..];
        let date = if rest.is_empty() {
            day.parse::<civil::Date>().ok()?
        } else {
            utc_day(day, rest)?
        };
        (date.year() >= FIRST_YEAR).then_some(Date(date))
    }

    /// The latest date a command-line option (`--as-of`, `--since`) may name: later ones would make trend
    /// series of thousands of periods.
    pub const LATEST_ARG: (i32, u32, u32) = (2199, 12, 31);

    /// Parses a date given on the command line as `--FLAG`, with a message that says what to write.
    pub fn parse_arg(flag: &str, s: &str) -> Result<Date, String> {
        let (y, m, d) = Self::LATEST_ARG;
        match Date::parse(s) {
            Some(date) if date.ymd().0 <= y => Ok(date),
            Some(_) => Err(format!(
                "failed to use --{flag} `{s}` (dates after {y}-{m:02}-{d:02} are not supported; give a date in the next two centuries)"
            )),
            None => Err(format!(
                "failed to parse --{flag} `{s}` (write YYYY-MM-DD, from 1900-01-01)"
            )),
        }
    }

    /// The UTC day of an instant.
    pub fn of(ts: Timestamp) -> Date {
        Date(Offset::UTC.to_datetime(ts).date())
    }

    /// The UTC day of a Unix time; `None` past the years -9999..=9999.
    pub fn from_unix_seconds(secs: i64) -> Option<Date> {
        Timestamp::from_second(secs).ok().map(Date::of)
    }

    /// Today in UTC, or the day of `SOURCE_DATE_EPOCH` when that is set (reproducible builds).
    pub fn today() -> Date {
        std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok())
            .and_then(Date::from_unix_seconds)
            .unwrap_or_else(|| Date::of(Timestamp::now()))
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        (self.0.duration_since(EPOCH).as_secs() / 86_400) as i32
    }

    /// `n` days later (earlier when negative); stops at the ends of the calendar (9999-12-31).
    pub fn add_days(self, n: i32) -> Date {
        Date(
            self.0
                .saturating_add(SignedDuration::from_hours(i64::from(n) * 24)),
        )
    }

    /// The first day of this date's quarter.
    pub fn quarter_start(self) -> Date {
        let first_month = (self.0.month() - 1) / 3 * 3 + 1;
        Date(civil::date(self.0.year(), first_month, 1))
    }

    /// The first day of the next quarter.
    pub fn next_quarter(self) -> Date {
        Date(self.quarter_start().0.saturating_add(Span::new().months(3)))
    }

    /// Label like `2025-Q3`.
    pub fn quarter_label(self) -> String {
        format!("{}-Q{}", self.0.year(), (self.0.month() - 1) / 3 + 1)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The UTC day of `day` (`YYYY-MM-DD`) at `rest` (separator, time, optional zone). jiff reads RFC 3339 and
/// ISO 8601; the YAML 1.1 forms it does not (blanks as separator and before the zone, one-digit hours as
/// in `1:30` and `-5`) are rewritten into those first.
fn utc_day(day: &str, rest: &str) -> Option<civil::Date> {
    let blanks = [' ', '\t'];
    let time = match rest.strip_prefix(['T', 't']) {
        Some(t) => t,
        None => rest
            .strip_prefix(blanks)
            .map(|t| t.trim_start_matches(blanks))?,
    };
    let (clock, zone) = match time.find(['Z', 'z', '+', '-']) {
        Some(i) => (time[..i].trim_end_matches(blanks), &time[i..]),
        None => (time, ""),
    };
    let two_digit_hour = |s: &str| match s.find(':') {
        Some(1) => format!("0{s}"),
        _ => s.to_string(),
    };
    let clock = two_digit_hour(clock);
    if zone.is_empty() {
        let dt: civil::DateTime = format!("{day}T{clock}").parse().ok()?;
        return Some(dt.date());
    }
    let zone = match zone.split_at(1) {
        (sign @ ("+" | "-"), h) if h.len() == 1 => format!("{sign}0{h}"),
        (sign @ ("+" | "-"), hm) => format!("{sign}{}", two_digit_hour(hm)),
        _ => zone.to_string(),
    };
    let ts: Timestamp = format!("{day}T{clock}{zone}").parse().ok()?;
    Some(Date::of(ts).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_format_round_trip() {
        for (input, want) in [
            ("2025-01-10", Some("2025-01-10")),
            (" 2025-01-10 ", Some("2025-01-10")),
            ("2024-02-29", Some("2024-02-29")),
            ("2023-02-29", None),
            ("2025-13-01", None),
            ("2025-00-10", None),
            ("2025-1-10", None),
            ("20250110", None),
            ("+002025-01-10", None),
            ("2025-06-07x", None),
            ("yesterday", None),
            ("", None),
            ("1899-12-31", None),
            ("1900-01-01", Some("1900-01-01")),
            ("1970-01-01", Some("1970-01-01")),
            ("2000-12-31", Some("2000-12-31")),
            ("9999-12-31", Some("9999-12-31")),
        ] {
            assert_eq!(
                Date::parse(input).map(|d| d.to_string()).as_deref(),
                want,
                "{input:?}"
            );
        }
    }

    /// The day a timestamp counts on: its UTC day (see the module documentation).
    #[test]
    fn timestamps_count_on_their_utc_day() {
        for (input, want) in [
            // Without an offset, or in UTC: the day as written.
            ("2025-06-07T10:00:00Z", Some("2025-06-07")),
            ("2025-06-07t10:00:00z", Some("2025-06-07")),
            ("2025-06-07 10:00", Some("2025-06-07")),
            ("2025-06-07T23:59:59.999999", Some("2025-06-07")),
            ("2025-01-01T23:30:00Z", Some("2025-01-01")),
            ("2025-01-01T23:30:00+00:00", Some("2025-01-01")),
            ("2025-01-01T23:30:00-00:00", Some("2025-01-01")),
            // West of UTC late in the evening: the next day.
            ("2026-03-01T23:30:00-05:00", Some("2026-03-02")),
            ("2025-01-01T23:30:00-05:00", Some("2025-01-02")),
            ("2024-02-28T23:00:00-02:00", Some("2024-02-29")),
            ("2024-02-29T22:30:00-01:30", Some("2024-03-01")),
            ("2023-02-28T23:00:00-02:00", Some("2023-03-01")),
            // Across a year (and so a quarter) boundary.
            ("2025-12-31T20:00:00-04:00", Some("2026-01-01")),
            ("2026-01-01T00:30:00+01:00", Some("2025-12-31")),
            // East of UTC early in the morning: the day before.
            ("2025-01-01T01:30:00+02:00", Some("2024-12-31")),
            ("2025-03-01T00:15+00:30", Some("2025-02-28")),
            ("2025-07-01T05:00:00+14:00", Some("2025-06-30")),
            // Offset forms: +HHMM, +HH, YAML 1.1's blank before the zone and one-digit hours.
            ("2025-01-01T12:00:00.5+0100", Some("2025-01-01")),
            ("2025-01-01T23:00:00-03", Some("2025-01-02")),
            ("2001-12-14 21:59:43.10 -5", Some("2001-12-15")),
            ("2001-12-14\t21:59:43.10 Z", Some("2001-12-14")),
            ("2001-12-14 1:59:43 +2", Some("2001-12-13")),
            // Not a time of day, not an offset, or before the first supported day.
            ("2025-06-07T25:00:00Z", None),
            ("2025-06-07T10:61", None),
            ("2025-06-07T", None),
            ("2025-06-07Tnoon", None),
            // jiff takes offsets up to ±25:59:59, as Temporal does.
            ("2025-06-07T10:00:00+26:00", None),
            ("2025-06-07T10:00:00+", None),
            ("2025-06-0710:00", None),
            ("1900-01-01T00:30:00+01:00", None),
            ("9999-12-31T23:30:00-01:00", None),
        ] {
            assert_eq!(
                Date::parse(input).map(|d| d.to_string()).as_deref(),
                want,
                "{input:?}"
            );
        }
    }

    #[test]
    fn days_quarters_and_unix_time() {
        let d = |s: &str| Date::parse(s).unwrap();
        for (date, start, next, label) in [
            ("2025-08-15", "2025-07-01", "2025-10-01", "2025-Q3"),
            ("2025-11-30", "2025-10-01", "2026-01-01", "2025-Q4"),
            ("2024-01-01", "2024-01-01", "2024-04-01", "2024-Q1"),
            ("2024-03-31", "2024-01-01", "2024-04-01", "2024-Q1"),
            ("2024-06-30", "2024-04-01", "2024-07-01", "2024-Q2"),
        ] {
            assert_eq!(d(date).quarter_start().to_string(), start, "{date}");
            assert_eq!(d(date).next_quarter().to_string(), next, "{date}");
            assert_eq!(d(date).quarter_label(), label, "{date}");
        }
        assert_eq!(d("1970-01-01").days(), 0);
        assert_eq!(d("1969-12-31").days(), -1);
        assert_eq!(d("2024-03-01").days() - d("2024-02-28").days(), 2);
        assert_eq!(d("2024-02-28").add_days(2).to_string(), "2024-03-01");
        assert_eq!(d("2025-01-01").add_days(-1).to_string(), "2024-12-31");
        assert_eq!(d("9999-12-30").add_days(5).to_string(), "9999-12-31");
        assert_eq!(
            Date::from_unix_seconds(1_700_000_000).map(|d| d.to_string()),
            Some("2023-11-14".into())
        );
        assert_eq!(
            Date::from_unix_seconds(-1).map(|d| d.to_string()),
            Some("1969-12-31".into())
        );
        assert_eq!(Date::from_unix_seconds(i64::MAX), None);
        assert_eq!(Date::from_ymd(2025, 2, 29), None);
        assert_eq!(Date::from_ymd(1899, 12, 31), None);
        assert_eq!(Date::from_ymd(2025, 300, 1), None);
        assert_eq!(
            Date::from_ymd(2025, 2, 28).map(|d| d.ymd()),
            Some((2025, 2, 28))
        );
    }
}
