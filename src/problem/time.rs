//! Dates and wall-clock times as the problem file writes them.
//!
//! In: text such as `"2019-07-04"` or `"10:00"`. Out: a [`jiff::civil::Date`]
//! or [`Minutes`] since midnight, or a short reason why the text is not one.
//! Nothing here knows about problems; every later stage formats times with
//! [`hhmm`].

use jiff::civil::Date;

/// Minutes since midnight.
pub type Minutes = u32;

/// Formats minutes since midnight as `HH:MM`.
pub fn hhmm(m: Minutes) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// The first and last years a problem may use: every output format can
/// write any date in between in any time zone.
pub const YEARS: std::ops::RangeInclusive<i16> = 1900..=2200;

/// Parses `YYYY-MM-DD` strictly: the shape, that the date exists, and that
/// its year is within [`YEARS`].
pub fn parse_date(text: &str) -> Result<Date, String> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err("expected `YYYY-MM-DD`".to_string());
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<i16>().unwrap_or(-1);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month}"));
    }
    #[allow(clippy::cast_possible_truncation)] // 1..=12 and 0..=99 fit in i8
    let date = Date::new(year, month as i8, day as i8)
        .map_err(|_| format!("month {month} of {year} has no day {day}"))?;
    if !YEARS.contains(&year) {
        return Err(format!(
            "the year must be between {} and {}",
            YEARS.start(),
            YEARS.end()
        ));
    }
    Ok(date)
}

/// Parses `HH:MM` (two digits each, hour 0-23, minute 0-59).
pub fn parse_time(text: &str) -> Result<Minutes, String> {
    let b = text.as_bytes();
    if b.len() != 5 || b[2] != b':' || ![0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit()) {
        return Err("expected `HH:MM`".to_string());
    }
    let h: u32 = text[0..2].parse().map_err(|_| "bad hour".to_string())?;
    let m: u32 = text[3..5].parse().map_err(|_| "bad minute".to_string())?;
    if h > 23 {
        return Err(format!("there is no hour {h}"));
    }
    if m > 59 {
        return Err(format!("there is no minute {m}"));
    }
    Ok(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_strict() {
        assert_eq!(parse_time("09:30"), Ok(570));
        assert!(parse_time("9:30").is_err());
        assert!(parse_time("25:00").is_err());
        assert!(parse_time("10:60").is_err());
    }

    #[test]
    fn dates_must_exist_and_be_in_range() {
        assert_eq!(
            parse_date("2019-07-04").map(|d| d.to_string()).as_deref(),
            Ok("2019-07-04")
        );
        assert!(parse_date("2019-13-01").is_err());
        assert!(parse_date("2019-02-29").is_err());
        assert!(parse_date("2020-02-29").is_ok());
        assert!(parse_date("2019-7-4").is_err());
        assert!(parse_date("9999-12-31").is_err());
        assert!(parse_date("1899-12-31").is_err());
        assert!(parse_date("2200-12-31").is_ok());
    }
}
