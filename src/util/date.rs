//! Calendar dates (proleptic Gregorian, UTC) without a date-time dependency: parse, format, compare, quarters.

use serde::{Serialize, Serializer};
use std::fmt;

/// A calendar day, stored as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(1..=12).contains(&m)
            || d == 0
            || d > days_in_month(y, m)
            || !(1900..=99_999).contains(&y)
        {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m as i32 + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i32::from(m <= 2);
        (y, m, d)
    }

    /// Parses `YYYY-MM-DD`, or a YAML timestamp with a time part: without an offset, or in UTC
    /// (`2025-01-10T12:00:00Z`, `2025-01-10 08:00`), it keeps its day; with an offset it counts on its
    /// UTC date (`2025-01-01T23:30:00-05:00` is 2025-01-02).
    pub fn parse(s: &str) -> Option<Date> {
        let d = Self::parse_day(s)?;
        let rest = s.trim().get(10..).unwrap_or_default();
        Some(d.add_days(utc_day_shift(rest.get(1..).unwrap_or_default())))
    }

    fn parse_day(s: &str) -> Option<Date> {
        let s = s.trim();
        let day = s.get(..10)?;
        let rest = &s[10..];
        if !(rest.is_empty()
            || rest.starts_with('T')
            || rest.starts_with('t')
            || rest.starts_with(' '))
        {
            return None;
        }
        let b = day.as_bytes();
        if b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let t = &day[r];
            t.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| t.parse().ok())
                .flatten()
        };
        Date::from_ymd(num(0..4)? as i32, num(5..7)?, num(8..10)?)
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

    pub fn from_unix_seconds(secs: i64) -> Date {
        Date(secs.div_euclid(86_400) as i32)
    }

    /// Today in UTC, or the day of `SOURCE_DATE_EPOCH` when that is set (reproducible builds).
    pub fn today() -> Date {
        if let Some(secs) = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok())
        {
            return Date::from_unix_seconds(secs);
        }
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_unix_seconds(secs)
    }

    pub fn days(self) -> i32 {
        self.0
    }

    pub fn add_days(self, n: i32) -> Date {
        Date(self.0 + n)
    }

    /// The first day of this date's quarter.
    pub fn quarter_start(self) -> Date {
        let (y, m, _) = self.ymd();
        Date::from_ymd(y, (m - 1) / 3 * 3 + 1, 1).expect("valid quarter start")
    }

    /// The first day of the next quarter.
    pub fn next_quarter(self) -> Date {
        let (y, m, _) = self.quarter_start().ymd();
        if m == 10 {
            Date::from_ymd(y + 1, 1, 1)
        } else {
            Date::from_ymd(y, m + 3, 1)
        }
        .expect("valid quarter")
    }

    /// Label like `2025-Q3`.
    pub fn quarter_label(self) -> String {
        let (y, m, _) = self.ymd();
        format!("{y}-Q{}", (m - 1) / 3 + 1)
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Days to add to a timestamp's local date to get its UTC date, from the text after the date's
/// separator: `HH:MM[:SS[.frac]]` then an optional zone (`Z`, `+HH`, `-HH:MM`, ` -5`). 0 when the
/// text has no offset or is not a time.
fn utc_day_shift(time: &str) -> i32 {
    let t = time.trim();
    let num = |s: &str| {
        s.parse::<i32>()
            .ok()
            .filter(|_| !s.is_empty() && s.len() <= 2)
    };
    let (Some(h), Some(m)) = (t.get(..2).and_then(num), t.get(3..5).and_then(num)) else {
        return 0;
    };
    if t.as_bytes().get(2) != Some(&b':') {
        return 0;
    }
    // Skip seconds and fractions.
    let zone = t[5..]
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == ':' || c == '.')
        .trim();
    let sign = match zone.chars().next() {
        Some('+') => 1,
        Some('-') => -1,
        _ => return 0,
    };
    let z = &zone[1..];
    let (zh, zm) = match z.split_once(':') {
        Some((a, b)) => (num(a), num(b)),
        None if z.len() == 4 => (num(&z[..2]), num(&z[2..])),
        None => (num(z), Some(0)),
    };
    let (Some(zh), Some(zm)) = (zh, zm) else {
        return 0;
    };
    let utc = h * 60 + m - sign * (zh * 60 + zm);
    utc.div_euclid(24 * 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_format_round_trip() {
        for (input, want) in [
            ("2025-01-10", Some("2025-01-10")),
            ("2024-02-29", Some("2024-02-29")),
            ("2023-02-29", None),
            ("2025-13-01", None),
            ("2025-1-10", None),
            ("2025-06-07T10:00:00Z", Some("2025-06-07")),
            ("2025-06-07 10:00", Some("2025-06-07")),
            ("2025-06-07x", None),
            ("yesterday", None),
            ("1970-01-01", Some("1970-01-01")),
            ("2000-12-31", Some("2000-12-31")),
            // An offset counts on the UTC date.
            ("2025-01-01T23:30:00-05:00", Some("2025-01-02")),
            ("2025-01-01T01:30:00+02:00", Some("2024-12-31")),
            ("2025-01-01T12:00:00.5+0100", Some("2025-01-01")),
            ("2001-12-14 21:59:43.10 -5", Some("2001-12-15")),
            ("2025-03-01T00:15+00:30", Some("2025-02-28")),
            ("2025-01-01T23:30:00Z", Some("2025-01-01")),
        ] {
            assert_eq!(
                Date::parse(input).map(|d| d.to_string()).as_deref(),
                want,
                "{input}"
            );
        }
    }

    #[test]
    fn quarters() {
        let d = Date::parse("2025-08-15").unwrap();
        assert_eq!(d.quarter_start().to_string(), "2025-07-01");
        assert_eq!(d.next_quarter().to_string(), "2025-10-01");
        assert_eq!(
            Date::parse("2025-11-30")
                .unwrap()
                .next_quarter()
                .to_string(),
            "2026-01-01"
        );
        assert_eq!(d.quarter_label(), "2025-Q3");
        assert_eq!(
            Date::from_unix_seconds(1_700_000_000).to_string(),
            "2023-11-14"
        );
    }
}
