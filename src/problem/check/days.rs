//! `[[days]]`: dates in order, slots that fit the day, breaks between
//! slots, and local times that exist in the event's time zone.
//!
//! In: the raw days, the slot length and the time zone. Out: the days and
//! one global list of slots, with which slots are consecutive; every error
//! once, at its cause (a slot that could not be read does not also make a
//! break "outside the day").

use jiff::civil::{Date, Time};
use jiff::tz::{AmbiguousOffset, TimeZone};

use super::super::raw::{RawBreak, RawDay, RawProblem};
use super::super::types::{Break, Day, DayId, Minutes, Slot, SlotId, hhmm};
use super::Checker;

/// Minutes in a day: a slot must end by 24:00.
const DAY: Minutes = 24 * 60;

impl Checker {
    /// Every day and the global list of slots.
    pub(super) fn days(
        &mut self,
        raw: &RawProblem,
        slot_minutes: Minutes,
        zone: &TimeZone,
    ) -> (Vec<Day>, Vec<Slot>) {
        if raw.has_days && raw.days.is_empty() || !raw.has_days && self.report_missing {
            self.err(0..0, "the problem has no days").hint =
                Some("add `[[days]]` with a `date` and its `slots`".into());
        }
        let mut days: Vec<Day> = Vec::new();
        let mut slots: Vec<Slot> = Vec::new();
        let mut last_date: Option<Date> = None;
        for rd in &raw.days {
            self.date_order(rd, last_date);
            if let Some(d) = &rd.date {
                last_date = Some(d.v);
            }
            // A slot length over a day is reported once, at `slot_minutes`:
            // the overlaps it causes would only echo it.
            let starts = self.day_slots(rd, slot_minutes);
            let breaks = self.day_breaks(rd, &starts, slot_minutes);
            if let Some(date) = &rd.date {
                self.local_times_exist(rd, date.v, zone);
            }
            let day_id = DayId::at(days.len());
            let first_slot = SlotId::at(slots.len());
            for (i, &s) in starts.iter().enumerate() {
                let consecutive_with_next = starts.get(i + 1).is_some_and(|&next| {
                    let end = s + slot_minutes;
                    !breaks.iter().any(|b| b.start < next && b.end > end)
                });
                slots.push(Slot {
                    day: day_id,
                    start: s,
                    consecutive_with_next,
                });
            }
            days.push(Day {
                date: rd.date.as_ref().map_or(Date::constant(2000, 1, 1), |d| d.v),
                span: rd.span.clone(),
                first_slot,
                slot_count: starts.len(),
                breaks,
            });
        }
        (days, slots)
    }

    /// Days come in date order, each once.
    fn date_order(&mut self, rd: &RawDay, last: Option<Date>) {
        let (Some(date), Some(prev)) = (&rd.date, last) else {
            return;
        };
        if date.v == prev {
            self.err(
                date.span.clone(),
                format!("day `{}` is listed twice", date.v),
            )
            .hint = Some("list each day once, with all its slots".into());
        } else if date.v < prev {
            self.err(
                date.span.clone(),
                format!("day `{}` must come after `{prev}`", date.v),
            )
            .hint = Some("list days once each, in date order".into());
        }
    }

    /// A day's slot starts: increasing, not overlapping, ending by 24:00.
    fn day_slots(&mut self, rd: &RawDay, slot_minutes: Minutes) -> Vec<Minutes> {
        let Some(list) = &rd.slots else {
            return Vec::new();
        };
        if list.v.is_empty() && rd.slots_complete {
            self.err(list.span.clone(), "a day needs at least one slot");
        }
        let mut starts: Vec<Minutes> = Vec::new();
        for (i, s) in list.v.iter().enumerate() {
            // A slot longer than a day was reported once, at `slot_minutes`.
            if s.v + slot_minutes > DAY && slot_minutes <= DAY {
                self.err(
                    s.span.clone(),
                    format!(
                        "slot {} would end after midnight ({slot_minutes} minutes long)",
                        hhmm(s.v),
                    ),
                );
            }
            if i > 0 {
                let prev = list.v[i - 1].v;
                if s.v <= prev {
                    self.err(
                        s.span.clone(),
                        format!("slot {} must come after {}", hhmm(s.v), hhmm(prev)),
                    )
                    .hint = Some("list a day's slots in increasing time order".into());
                } else if prev + slot_minutes > s.v && slot_minutes <= DAY {
                    self.err(
                        s.span.clone(),
                        format!(
                            "slot {} starts before slot {} ends at {}",
                            hhmm(s.v),
                            hhmm(prev),
                            hhmm(prev + slot_minutes)
                        ),
                    )
                    .hint = Some(format!(
                        "slots are {slot_minutes} minutes long (`slot_minutes`)"
                    ));
                }
            }
            starts.push(s.v);
        }
        starts
    }

    /// A day's breaks: each ends after it starts, lies within the day's
    /// slots, overlaps no slot and no other break. Sorted by start.
    fn day_breaks(&mut self, rd: &RawDay, starts: &[Minutes], slot_minutes: Minutes) -> Vec<Break> {
        let mut breaks: Vec<(Break, &RawBreak)> = Vec::new();
        for b in &rd.breaks {
            let name = b.name.as_ref().map(|n| n.v.clone()).unwrap_or_default();
            let (Some(start), Some(end)) = (&b.start, &b.end) else {
                continue;
            };
            if start.v >= end.v {
                self.err(
                    end.span.clone(),
                    format!(
                        "break `{name}` must end after it starts ({})",
                        hhmm(start.v)
                    ),
                );
                continue;
            }
            let span = format!("{}-{}", hhmm(start.v), hhmm(end.v));
            // Only against a day whose slots could all be read, of a valid
            // length.
            let judged = rd.slots_complete && slot_minutes <= DAY;
            if judged
                && let (Some(&first), Some(&last)) = (starts.first(), starts.last())
                && (end.v <= first || start.v >= last + slot_minutes)
            {
                self.err(
                    b.span.clone(),
                    format!(
                        "break `{name}` ({span}) is outside the day's slots ({}-{})",
                        hhmm(first),
                        hhmm(last + slot_minutes)
                    ),
                );
            }
            for &s in starts.iter().filter(|_| slot_minutes <= DAY) {
                if start.v < s + slot_minutes && end.v > s {
                    self.err(
                        b.span.clone(),
                        format!(
                            "break `{name}` ({span}) overlaps slot {}-{}",
                            hhmm(s),
                            hhmm(s + slot_minutes)
                        ),
                    );
                }
            }
            for (other, _) in &breaks {
                if start.v < other.end && end.v > other.start {
                    self.err(
                        b.span.clone(),
                        format!(
                            "break `{name}` ({span}) overlaps break `{}` ({}-{})",
                            other.name,
                            hhmm(other.start),
                            hhmm(other.end)
                        ),
                    )
                    .hint = Some("merge the two breaks, or make them follow each other".into());
                }
            }
            breaks.push((
                Break {
                    name,
                    start: start.v,
                    end: end.v,
                },
                b,
            ));
        }
        let mut out: Vec<Break> = breaks.into_iter().map(|(b, _)| b).collect();
        out.sort_by_key(|b| (b.start, b.end));
        out
    }

    /// Every slot and break starts at a local time that exists on its day
    /// in the event's time zone (not in a daylight-saving gap).
    fn local_times_exist(&mut self, rd: &RawDay, date: Date, zone: &TimeZone) {
        let mut times: Vec<(Minutes, std::ops::Range<usize>)> = rd
            .slots
            .iter()
            .flat_map(|l| l.v.iter().map(|s| (s.v, s.span.clone())))
            .collect();
        for b in &rd.breaks {
            times.extend(b.start.iter().map(|s| (s.v, s.span.clone())));
            times.extend(b.end.iter().map(|s| (s.v, s.span.clone())));
        }
        for (m, span) in times {
            if m >= DAY {
                continue;
            }
            let hour = i8::try_from(m / 60).unwrap_or(0);
            let minute = i8::try_from(m % 60).unwrap_or(0);
            let local = date
                .to_datetime(Time::constant(0, 0, 0, 0))
                .with()
                .hour(hour)
                .minute(minute)
                .build();
            let Ok(local) = local else { continue };
            if let AmbiguousOffset::Gap { before, after } =
                zone.to_ambiguous_zoned_datetime(local).offset()
            {
                let skipped = (after.seconds() - before.seconds()) / 60;
                self.err(
                    span,
                    format!(
                        "{} does not exist on {date} in this time zone: clocks skip {skipped} \
                         minutes there (daylight saving time)",
                        hhmm(m)
                    ),
                )
                .hint = Some("move it to a time that exists, e.g. after the change".into());
            }
        }
    }
}
