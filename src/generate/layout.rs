//! Days and slots of a generated event.
//!
//! In: the number of slots and of days. Out: a [`Layout`]: dates (jiff,
//! from 2030-06-03 on), hourly slots spread evenly over the days with a
//! lunch hour after the morning, the runs of consecutive slots, and slot
//! references as the problem file writes them. Nothing random happens here.

use jiff::Span;
use jiff::civil::Date;

use crate::problem::hhmm;

use super::file;

/// At most this many slots fit in one day (09:00 to 23:00 with lunch).
pub(super) const MAX_SLOTS_PER_DAY: usize = 14;
/// Every slot's length; slots start on the hour.
pub(super) const SLOT_MINUTES: u32 = 50;
/// Slots start hourly, so every changeover is 60 - [`SLOT_MINUTES`] minutes.
pub(super) const CHANGEOVER: u32 = 10;
/// The first day of every generated event.
const FIRST_DAY: Date = Date::constant(2030, 6, 3);

/// Where a restriction points: one slot, or every slot of one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Ref {
    /// A slot (global index).
    Slot(usize),
    /// A day (index).
    Day(usize),
}

/// One day: its date, its slots and its lunch break.
pub(super) struct DayPlan {
    pub date: Date,
    /// The day's first slot (global index) and how many it has.
    pub first: usize,
    pub count: usize,
    /// Start of the lunch hour, minutes since midnight.
    pub lunch: Option<u32>,
}

impl DayPlan {
    /// The day's slots (global indices).
    pub fn slots(&self) -> std::ops::Range<usize> {
        self.first..self.first + self.count
    }
}

/// Days and slots. A run is a stretch of consecutive slots (a morning or an
/// afternoon); slot `s` has day `day[s]`, run `run[s]`, start `minute[s]`.
#[derive(Default)]
pub(super) struct Layout {
    pub day: Vec<usize>,
    pub run: Vec<usize>,
    pub minute: Vec<u32>,
    pub days: Vec<DayPlan>,
    /// Per run: first slot and length.
    pub runs: Vec<(usize, usize)>,
}

impl Layout {
    /// Spreads `slots` evenly over `days`, hourly from 09:00 (8 or more
    /// slots a day) or 10:00, with a lunch hour after at most four morning
    /// slots.
    pub fn new(slots: usize, days: usize) -> Result<Layout, String> {
        if days == 0 || days > slots {
            return Err(format!("{slots} slots cannot be spread over {days} days"));
        }
        if slots.div_ceil(days) > MAX_SLOTS_PER_DAY {
            return Err(format!(
                "{slots} slots over {days} days is {} a day; at most {MAX_SLOTS_PER_DAY} fit",
                slots.div_ceil(days)
            ));
        }
        let mut lay = Layout::default();
        for d in 0..days {
            let n = slots / days + usize::from(d < slots % days);
            let first_hour: u32 = if n >= 8 { 9 } else { 10 };
            let morning = if n == 1 { 1 } else { (n / 2).min(4) };
            let first = lay.day.len();
            for (i, hour) in (first_hour..).take(n + 1).enumerate() {
                if i == morning {
                    continue; // the lunch hour
                }
                if i == 0 || i == morning + 1 {
                    lay.runs.push((lay.day.len(), 0));
                }
                if let Some(run) = lay.runs.last_mut() {
                    run.1 += 1;
                }
                lay.day.push(d);
                lay.run.push(lay.runs.len() - 1);
                lay.minute.push(hour * 60);
                if lay.day.len() == first + n {
                    break;
                }
            }
            let lunch =
                (n > morning).then_some((first_hour + u32::try_from(morning).unwrap_or(0)) * 60);
            lay.days.push(DayPlan {
                date: date(d)?,
                first,
                count: n,
                lunch,
            });
        }
        Ok(lay)
    }

    /// Number of slots.
    pub fn slots(&self) -> usize {
        self.day.len()
    }

    /// Whether slot `s` and the next are consecutive.
    pub fn consecutive(&self, s: usize) -> bool {
        s + 1 < self.run.len() && self.run[s] == self.run[s + 1]
    }

    /// Whether a talk of `parts` parts may start at `s`.
    pub fn fits(&self, s: usize, parts: usize) -> bool {
        parts >= 1 && s + parts <= self.slots() && (s..s + parts - 1).all(|x| self.consecutive(x))
    }

    /// The slot reference of the problem file: `HH:MM` on a one-day event,
    /// `YYYY-MM-DD HH:MM` otherwise.
    pub fn sref(&self, s: usize) -> String {
        match self.days.len() {
            1 => hhmm(self.minute[s]),
            _ => format!("{} {}", self.days[self.day[s]].date, hhmm(self.minute[s])),
        }
    }

    /// A slot or whole-day reference as the problem file writes it.
    pub fn reference(&self, r: Ref) -> String {
        match r {
            Ref::Slot(s) => self.sref(s),
            Ref::Day(d) => self.days[d].date.to_string(),
        }
    }

    /// References in order.
    pub fn references(&self, refs: &[Ref]) -> Vec<String> {
        refs.iter().map(|&r| self.reference(r)).collect()
    }

    /// The `[[days]]` tables.
    pub fn file_days(&self) -> Vec<file::Day> {
        self.days
            .iter()
            .map(|d| file::Day {
                date: d.date.to_string(),
                slots: d.slots().map(|s| hhmm(self.minute[s])).collect(),
                breaks: d
                    .lunch
                    .map(|l| file::Break {
                        name: "Lunch".into(),
                        start: hhmm(l),
                        end: hhmm(l + 60),
                    })
                    .into_iter()
                    .collect(),
            })
            .collect()
    }
}

/// The date `offset` days after the first day.
fn date(offset: usize) -> Result<Date, String> {
    let days = i64::try_from(offset).map_err(|e| e.to_string())?;
    Span::new()
        .try_days(days)
        .and_then(|span| FIRST_DAY.checked_add(span))
        .map_err(|e| format!("day {offset} of the event has no date: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_from_jiff() {
        let d = |n| date(n).map(|d| d.to_string());
        assert_eq!(d(0).as_deref(), Ok("2030-06-03"));
        assert_eq!(d(28).as_deref(), Ok("2030-07-01"));
        assert_eq!(
            (d(270).as_deref(), d(271).as_deref()),
            (Ok("2031-02-28"), Ok("2031-03-01"))
        );
    }

    #[test]
    fn slots_are_spread_over_days_with_lunch() {
        let lay = Layout::new(15, 2).unwrap();
        assert_eq!(lay.slots(), 15);
        assert_eq!((lay.days[0].count, lay.days[1].count), (8, 7));
        // Day 1: 09:00-12:00, lunch 13:00, 14:00-17:00.
        let day1: Vec<String> = lay.days[0].slots().map(|s| hhmm(lay.minute[s])).collect();
        assert_eq!(
            day1,
            [
                "09:00", "10:00", "11:00", "12:00", "14:00", "15:00", "16:00", "17:00"
            ]
        );
        assert_eq!(lay.days[0].lunch, Some(13 * 60));
        assert!(lay.consecutive(2) && !lay.consecutive(3) && !lay.consecutive(7));
        assert!(lay.fits(2, 2) && !lay.fits(3, 2) && !lay.fits(14, 2));
        assert_eq!(lay.sref(8), "2030-06-04 10:00");
        assert_eq!(lay.reference(Ref::Day(1)), "2030-06-04");
        assert_eq!(Layout::new(1, 1).unwrap().sref(0), "10:00");
        assert!(Layout::new(30, 2).is_err() && Layout::new(3, 4).is_err());
        assert!(Layout::new(3, 0).is_err());
    }
}
