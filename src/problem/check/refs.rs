//! Slot references as users write them: `HH:MM` (one-day events),
//! `YYYY-MM-DD HH:MM`, or `YYYY-MM-DD` for a whole day.
//!
//! In: the checked days and slots, and a reference's text. Out: the slots
//! it names, or a message and a hint.

use jiff::civil::Date;

use super::super::time::{parse_date, parse_time};
use super::super::types::{Day, Slot, SlotId, hhmm};

/// Resolves slot references as users write them.
pub(super) struct SlotRefs<'a> {
    pub(super) days: &'a [Day],
    pub(super) slots: &'a [Slot],
    pub(super) dates: &'a [Date],
}

impl SlotRefs<'_> {
    /// `HH:MM` (one-day events), `YYYY-MM-DD HH:MM`, or `YYYY-MM-DD` (the
    /// whole day) to slot ids; an error message and hint otherwise.
    pub(super) fn resolve(&self, text: &str) -> Result<Vec<SlotId>, (String, Option<String>)> {
        let text = text.trim();
        let (date, time) = match text.split_once(' ') {
            Some((d, t)) => (Some(d.trim()), Some(t.trim())),
            None if text.contains(':') => (None, Some(text)),
            None => (Some(text), None),
        };
        let day = match date {
            Some(d) => {
                let parsed = parse_date(d);
                if let Err(why) = &parsed {
                    if time.is_none() {
                        return Err((
                            format!(
                                "invalid slot `{text}`: expected `HH:MM`, `YYYY-MM-DD HH:MM` or `YYYY-MM-DD`"
                            ),
                            Some(self.example()),
                        ));
                    }
                    return Err((
                        format!("invalid slot `{text}`: {why}"),
                        Some(self.example()),
                    ));
                }
                match self.dates.iter().position(|x| Ok(*x) == parsed) {
                    Some(i) => Some(i),
                    None => {
                        let days: Vec<String> = self.dates.iter().map(Date::to_string).collect();
                        return Err((
                            format!("there is no day `{d}`"),
                            Some(format!("the days are {}", days.join(", "))),
                        ));
                    }
                }
            }
            None => None,
        };
        let Some(time) = time else {
            let day = &self.days[day.expect("date or time is present")];
            return Ok(day.slots().collect());
        };
        let minutes = parse_time(time).map_err(|why| {
            (
                format!("invalid slot `{text}`: {why}"),
                Some(self.example()),
            )
        })?;
        let day = match day {
            Some(d) => d,
            None if self.days.len() == 1 => 0,
            None if self.days.is_empty() => {
                return Err((
                    format!("there is no slot `{text}`: the event has no days"),
                    None,
                ));
            }
            None => {
                return Err((
                    format!("slot `{text}` needs a date: the event has several days"),
                    Some(format!("write `\"{} {time}\"`", self.dates[0])),
                ));
            }
        };
        let d = &self.days[day];
        match d.slots().find(|&s| self.slots[s.index()].start == minutes) {
            Some(s) => Ok(vec![s]),
            None => {
                let starts: Vec<String> = d
                    .slots()
                    .map(|s| hhmm(self.slots[s.index()].start))
                    .collect();
                Err((
                    format!("there is no slot at {} on {}", hhmm(minutes), d.date),
                    Some(format!("the slots are {}", starts.join(", "))),
                ))
            }
        }
    }

    fn example(&self) -> String {
        if self.days.len() == 1 {
            "write a slot as `\"HH:MM\"`".into()
        } else {
            "write a slot as `\"YYYY-MM-DD HH:MM\"`, or a whole day as `\"YYYY-MM-DD\"`".into()
        }
    }
}
