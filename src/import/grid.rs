//! Slot grids and availabilities.
//!
//! Sources with a timetable (frab, c3voc, scheduled Sessionize): the slot
//! length is the greatest common divisor of every duration and of every
//! start's distance from its day's first start, so every event falls on
//! the grid exactly; each day runs back to back from its first start to its
//! last end. Sources without times (pretalx, CSV): the slot length is
//! `--slot-minutes`, else the greatest common divisor of the durations
//! (which is the most common duration whenever every duration is a
//! multiple of it); each day runs from `--day-start` to `--day-end` with
//! `--changeover` minutes between slots and `--break`s left out.
//!
//! Availabilities (time ranges in which a speaker or room can be there)
//! become the slot references outside them: a slot is available only when
//! one range covers it from start to end.

use jiff::civil::{Date, DateTime};

use crate::problem::{Minutes, hhmm, time::parse_time};

use super::draft::Day;
use super::{GridOptions, ImportError};

/// Greatest common divisor.
pub fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// A talk's duration in minutes, named for messages.
pub struct Duration<'a> {
    /// The talk's id.
    pub id: &'a str,
    /// Its length in minutes.
    pub minutes: u32,
}

/// The slot length for talks of these durations and each talk's parts, or
/// the talks whose durations are not a whole number of slots (unless
/// `round_up`).
pub fn slot_length(
    durations: &[Duration<'_>],
    grid: &GridOptions,
) -> Result<(Minutes, Vec<u32>, Vec<String>), ImportError> {
    if durations.is_empty() {
        return Ok((grid.slot_minutes.unwrap_or(30), Vec::new(), Vec::new()));
    }
    if let Some(d) = durations.iter().find(|d| d.minutes == 0) {
        return Err(ImportError::Source(format!(
            "talk `{}` has a duration of 0 minutes",
            d.id
        )));
    }
    let slot = match grid.slot_minutes {
        Some(0) => {
            return Err(ImportError::Usage(
                "`--slot-minutes` must be above 0".into(),
            ));
        }
        Some(s) => s,
        None => durations.iter().fold(0, |g, d| gcd(g, d.minutes)),
    };
    let mut parts = Vec::new();
    let mut bad = Vec::new();
    let mut notes = Vec::new();
    for d in durations {
        if d.minutes % slot == 0 {
            parts.push(d.minutes / slot);
        } else {
            let up = d.minutes.div_ceil(slot);
            bad.push(format!("`{}` ({} minutes)", d.id, d.minutes));
            notes.push(format!(
                "`{}` lasts {} minutes: rounded up to {up} slots of {slot}",
                d.id, d.minutes
            ));
            parts.push(up);
        }
    }
    if !bad.is_empty() && !grid.round_up {
        return Err(ImportError::Source(format!(
            "{} talk{} not a whole number of {slot}-minute slots: {}\n  hint: choose a slot length that divides every duration with `--slot-minutes`, or pass `--round-up`",
            bad.len(),
            if bad.len() == 1 { " is" } else { "s are" },
            bad.join(", ")
        )));
    }
    Ok((slot, parts, notes))
}

/// An event of a published timetable: its date, start and end minutes.
#[derive(Clone, Debug)]
pub struct Timed {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Start, minutes since midnight.
    pub start: Minutes,
    /// End, minutes since midnight (at most 24:00).
    pub end: Minutes,
}

/// The grid of a published timetable: the slot length and the days, each
/// running back to back from its first start to its last end.
pub fn from_timetable(events: &[Timed], slot_minutes: Option<u32>) -> (Minutes, Vec<Day>) {
    let mut dates: Vec<&str> = events.iter().map(|e| e.date.as_str()).collect();
    dates.sort_unstable();
    dates.dedup();
    let first = |date: &str| {
        events
            .iter()
            .filter(|e| e.date == date)
            .map(|e| e.start)
            .min()
            .unwrap_or(0)
    };
    let slot = slot_minutes.unwrap_or_else(|| {
        events.iter().fold(0, |g, e| {
            gcd(gcd(g, e.end - e.start), e.start - first(&e.date))
        })
    });
    let slot = slot.max(1);
    let days = dates
        .iter()
        .map(|&date| {
            let start = first(date);
            let end = events
                .iter()
                .filter(|e| e.date == date)
                .map(|e| e.end)
                .max()
                .unwrap_or(start);
            Day {
                date: date.to_string(),
                slots: (start..end).step_by(slot as usize).collect(),
                breaks: Vec::new(),
            }
        })
        .collect();
    (slot, days)
}

/// Parses `NAME=HH:MM-HH:MM`.
pub fn parse_break(text: &str) -> Result<(String, Minutes, Minutes), ImportError> {
    let bad = || {
        ImportError::Usage(format!(
            "`--break {text}`: expected `NAME=HH:MM-HH:MM`, such as `Lunch=12:00-13:00`"
        ))
    };
    let (name, times) = text.split_once('=').ok_or_else(bad)?;
    let (a, b) = times.split_once('-').ok_or_else(bad)?;
    let a = parse_time(a.trim()).map_err(|_| bad())?;
    let b = parse_time(b.trim()).map_err(|_| bad())?;
    if name.trim().is_empty() || a >= b {
        return Err(bad());
    }
    Ok((name.trim().to_string(), a, b))
}

/// Parses an `HH:MM` option.
pub fn parse_option_time(flag: &str, text: &str) -> Result<Minutes, ImportError> {
    parse_time(text.trim()).map_err(|why| ImportError::Usage(format!("`{flag} {text}`: {why}")))
}

/// Parses a `YYYY-MM-DD` option or source value.
pub fn parse_date(text: &str) -> Result<Date, String> {
    crate::problem::time::parse_date(text.trim())
}

/// The `--date` options, checked, trimmed, sorted, each once.
pub fn flag_dates(dates: &[String]) -> Result<Vec<String>, ImportError> {
    let mut out = Vec::new();
    for t in dates {
        parse_date(t).map_err(|e| ImportError::Usage(format!("`--date {t}`: {e}")))?;
        out.push(t.trim().to_string());
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// One day of the flag grid: slots from `start`, each `slot` long with
/// `changeover` after it, ending by `end`; slots that would overlap a break
/// are left out and the next starts at the break's end. Breaks outside the
/// day's slots are dropped (the format wants breaks between slots).
pub fn day_grid(
    date: &str,
    start: Minutes,
    end: Minutes,
    slot: Minutes,
    changeover: Minutes,
    breaks: &[(String, Minutes, Minutes)],
) -> Day {
    let mut slots = Vec::new();
    let mut t = start;
    while t + slot <= end.min(24 * 60) {
        if let Some(b) = breaks.iter().find(|b| b.1 < t + slot && t < b.2) {
            t = b.2.max(t + 1);
            continue;
        }
        slots.push(t);
        t += slot + changeover;
    }
    let first = slots.first().copied().unwrap_or(0);
    let last_end = slots.last().map_or(0, |s| s + slot);
    let kept = breaks
        .iter()
        .filter(|b| b.1 >= first && b.2 <= last_end)
        .filter(|b| slots.iter().all(|&s| s + slot <= b.1 || b.2 <= s))
        .cloned()
        .collect();
    Day {
        date: date.to_string(),
        slots,
        breaks: kept,
    }
}

/// The window (`--day-start`, `--day-end`) and the other flag choices.
pub struct Window {
    /// First slot start.
    pub start: Minutes,
    /// Every slot ends by this.
    pub end: Minutes,
    /// Minutes between slots.
    pub changeover: Minutes,
    /// Breaks every day.
    pub breaks: Vec<(String, Minutes, Minutes)>,
}

/// Default first slot when neither the source nor `--day-start` says.
pub const DEFAULT_DAY_START: Minutes = 9 * 60;
/// Default end of the day when neither the source nor `--day-end` says.
pub const DEFAULT_DAY_END: Minutes = 18 * 60;

impl Window {
    /// The window from the flags, with `fallback` (start, end) where a flag
    /// is absent.
    pub fn from_flags(
        grid: &GridOptions,
        fallback: (Minutes, Minutes),
    ) -> Result<Self, ImportError> {
        let start = match &grid.day_start {
            Some(t) => parse_option_time("--day-start", t)?,
            None => fallback.0,
        };
        let end = match &grid.day_end {
            Some(t) if t.trim() == "24:00" => 24 * 60,
            Some(t) => parse_option_time("--day-end", t)?,
            None => fallback.1,
        };
        if start >= end {
            return Err(ImportError::Usage(format!(
                "the day starts at {} and ends at {}: the end must be later",
                hhmm(start),
                hhmm(end)
            )));
        }
        let breaks = grid
            .breaks
            .iter()
            .map(|b| parse_break(b))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Window {
            start,
            end,
            changeover: grid.changeover.unwrap_or(0),
            breaks,
        })
    }

    /// The day `date` of this window in slots of `slot` minutes (see
    /// [`day_grid`]).
    pub fn day(&self, date: &str, slot: Minutes) -> Day {
        day_grid(
            date,
            self.start,
            self.end,
            slot,
            self.changeover,
            &self.breaks,
        )
    }
}

/// A time range in the event's local time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    /// Start.
    pub start: DateTime,
    /// End (after start).
    pub end: DateTime,
}

/// A slot's local start and end.
fn slot_range(day: &Day, m: Minutes, slot: Minutes) -> Option<Range> {
    let date: Date = day.date.parse().ok()?;
    let start = date.at(i8::try_from(m / 60).ok()?, i8::try_from(m % 60).ok()?, 0, 0);
    let end = start
        .checked_add(jiff::Span::new().minutes(i64::from(slot)))
        .ok()?;
    Some(Range { start, end })
}

/// Slot references outside `available` (nothing when `available` is
/// empty: no availability given means always available). A day with no
/// available slot is written as its bare date.
pub fn unavailable_outside(days: &[Day], slot: Minutes, available: &[Range]) -> Vec<String> {
    if available.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for day in days {
        let off: Vec<Minutes> = day
            .slots
            .iter()
            .copied()
            .filter(|&m| {
                slot_range(day, m, slot).is_none_or(|s| {
                    !available
                        .iter()
                        .any(|a| a.start <= s.start && s.end <= a.end)
                })
            })
            .collect();
        if !off.is_empty() && off.len() == day.slots.len() {
            out.push(day.date.clone());
        } else {
            out.extend(off.iter().map(|&m| format!("{} {}", day.date, hhmm(m))));
        }
    }
    out
}

/// A timestamp with an offset (RFC 3339) in the event's time zone.
pub fn local(text: &str, tz: &jiff::tz::TimeZone) -> Result<DateTime, String> {
    let ts: jiff::Timestamp = text
        .trim()
        .parse()
        .map_err(|e| format!("`{text}` is not a date and time with an offset: {e}"))?;
    Ok(tz.to_datetime(ts))
}

/// The time zone named `name`, or why not.
pub fn time_zone(name: &str) -> Result<jiff::tz::TimeZone, String> {
    jiff::tz::TimeZone::get(name).map_err(|_| format!("`{name}` is not a known IANA time zone"))
}

/// Minutes since midnight of a local time.
pub fn minutes_of(t: DateTime) -> Minutes {
    // Hours and minutes of a civil time are never negative.
    Minutes::try_from(t.hour()).unwrap_or(0) * 60 + Minutes::try_from(t.minute()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slot_is_the_gcd_of_durations() {
        let d = [
            Duration {
                id: "a",
                minutes: 30,
            },
            Duration {
                id: "b",
                minutes: 90,
            },
        ];
        let (slot, parts, _) = slot_length(&d, &GridOptions::default()).unwrap();
        assert_eq!((slot, parts), (30, vec![1, 3]));
    }

    #[test]
    fn a_fixed_slot_refuses_or_rounds_up() {
        let d = [Duration {
            id: "odd",
            minutes: 45,
        }];
        let mut g = GridOptions {
            slot_minutes: Some(30),
            ..GridOptions::default()
        };
        let e = slot_length(&d, &g).err().unwrap().to_string();
        assert!(e.contains("`odd` (45 minutes)"), "{e}");
        g.round_up = true;
        assert_eq!(slot_length(&d, &g).unwrap().1, vec![2]);
    }

    #[test]
    fn day_grids_skip_breaks() {
        let b = vec![("Lunch".to_string(), 12 * 60, 13 * 60)];
        let d = day_grid("2025-01-01", 10 * 60, 15 * 60, 50, 10, &b);
        let starts: Vec<String> = d.slots.iter().map(|&m| hhmm(m)).collect();
        assert_eq!(starts, ["10:00", "11:00", "13:00", "14:00"]);
        assert_eq!(d.breaks.len(), 1);
    }

    #[test]
    fn availabilities_become_unavailable_slots() {
        let days = vec![
            day_grid("2025-01-01", 9 * 60, 11 * 60, 60, 0, &[]),
            day_grid("2025-01-02", 9 * 60, 11 * 60, 60, 0, &[]),
        ];
        let d: Date = "2025-01-01".parse().unwrap();
        let avail = [Range {
            start: d.at(9, 0, 0, 0),
            end: d.at(10, 0, 0, 0),
        }];
        assert_eq!(
            unavailable_outside(&days, 60, &avail),
            ["2025-01-01 10:00", "2025-01-02"]
        );
        assert!(unavailable_outside(&days, 60, &[]).is_empty());
    }

    #[test]
    fn date_flags_are_checked_trimmed_sorted_and_kept_once() {
        let flags = |v: &[&str]| flag_dates(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            flags(&["2025-01-02", " 2025-01-01 ", "2025-01-02"]).expect("dates"),
            ["2025-01-01", "2025-01-02"]
        );
        let err = flags(&["2025-01-01", "2025-13-01"]).expect_err("a bad date");
        assert!(
            matches!(&err, ImportError::Usage(m) if m.starts_with("`--date 2025-13-01`")),
            "{err}"
        );
    }
}
