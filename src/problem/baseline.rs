//! A published timetable to re-plan from (`--baseline`), read against a
//! problem that may have changed since it was made.
//!
//! In: a checked problem, the baseline's path and JSON text (what `solve
//! --format json` writes), and the moment before which talks are frozen,
//! if any. Out: the problem with [`Baseline`] attached: each talk's former
//! day, start and rooms (resolved to today's slots and rooms where they
//! still exist), the entries of talks the problem no longer has
//! (withdrawn), the talks the baseline lacks (new), and the frozen talks
//! pinned where they were (`fixed`). Warnings (a room or slot the problem
//! no longer has: its talks move) and errors (not a timetable, a talk
//! twice, a frozen talk that cannot stay) are at their position in the
//! JSON.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::Date;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::diagnostic::{Diagnostic, InputError};
use super::json::{error_offset, key_span, plain_message, start_of};
use super::time::{parse_date, parse_time};
use super::types::{Minutes, Problem, RoomId, Source, Span, TalkId};

pub use super::types::{Baseline, Was, Withdrawn};

impl Baseline {
    /// Talks the baseline does not have, in problem order.
    pub fn new_talks(&self) -> Vec<TalkId> {
        (0..self.was.len())
            .filter(|&i| self.was[i].is_none())
            .map(TalkId::at)
            .collect()
    }

    /// Where talk `t` was, if the baseline has it.
    pub fn was(&self, t: TalkId) -> Option<&Was> {
        self.was.get(t.index()).and_then(Option::as_ref)
    }
}

/// Reads `--freeze-before`: `YYYY-MM-DD HH:MM`, in the event's time zone.
pub fn parse_freeze(text: &str) -> Result<(Date, Minutes), String> {
    let (date, time) = text
        .trim()
        .split_once(' ')
        .ok_or_else(|| format!("`{text}` is not `YYYY-MM-DD HH:MM`"))?;
    Ok((parse_date(date.trim())?, parse_time(time.trim())?))
}

#[derive(Deserialize)]
struct InBaseline<'a> {
    #[serde(borrow)]
    assignments: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct InEntry {
    talk: String,
    title: Option<String>,
    day: Option<String>,
    start: Option<String>,
    slots: Option<Vec<String>>,
    room: Option<String>,
    rooms: Option<Vec<String>>,
}

const NAMES: &[(&str, &str)] = &[
    ("struct InBaseline", "a timetable object"),
    ("struct InEntry", "an assignment object"),
];

/// Attaches the baseline at `path` (text `text`) to `p`, freezing the
/// talks that started before `freeze`.
pub fn attach(
    mut p: Problem,
    path: &str,
    text: &str,
    freeze: Option<(Date, Minutes)>,
) -> Result<Problem, InputError> {
    let shape_error = |message: String, offset: usize| {
        InputError::at(
            path,
            text,
            vec![
                Diagnostic::new(
                    offset..offset,
                    format!("not a baseline timetable: {message}"),
                )
                .hint("a baseline is the JSON that `confsched solve --format json` writes"),
            ],
        )
    };
    let raw: InBaseline = serde_json::from_str(text)
        .map_err(|e| shape_error(plain_message(&e, NAMES), error_offset(text, &e)))?;
    let mut r = Reader {
        p: &p,
        text,
        was: vec![None; p.talks.len()],
        withdrawn: Vec::new(),
        diags: Vec::new(),
        gone_rooms: BTreeMap::new(),
    };
    for a in &raw.assignments {
        let start = start_of(text, a.get());
        let entry: InEntry = serde_json::from_str(a.get()).map_err(|e| {
            shape_error(plain_message(&e, NAMES), start + error_offset(a.get(), &e))
        })?;
        r.entry(&entry, start..start + a.get().len());
    }
    r.report_gone_rooms();
    let (was, withdrawn, mut diags) = (r.was, r.withdrawn, r.diags);
    let frozen = match freeze {
        Some(moment) => freeze_talks(&mut p, &was, moment, &mut diags),
        None => Vec::new(),
    };
    if diags.iter().any(Diagnostic::is_error) {
        return Err(InputError::at(path, text, diags));
    }
    let warnings = InputError::at(path, text, diags).diagnostics;
    p.baseline = Some(Arc::new(Baseline {
        source: Source {
            path: path.to_string(),
            text: text.into(),
        },
        was,
        withdrawn,
        freeze,
        frozen,
        warnings,
    }));
    Ok(p)
}

/// Pins every talk that started before `moment` where it was; an error at
/// its entry when it cannot stay (its slot or room is gone, or the problem
/// fixes it elsewhere).
fn freeze_talks(
    p: &mut Problem,
    was: &[Option<Was>],
    moment: (Date, Minutes),
    diags: &mut Vec<Diagnostic>,
) -> Vec<TalkId> {
    let mut frozen = Vec::new();
    for (i, w) in was.iter().enumerate() {
        let Some(w) = w else { continue };
        if (w.date, w.start) >= moment {
            continue;
        }
        let t = TalkId::at(i);
        let id = p.talk(t).id.clone();
        let when = format!("{} {}", w.date, super::hhmm(w.start));
        let (Some(slot), Some(main)) = (w.slot, w.main) else {
            let what = if w.slot.is_none() {
                format!("{when} is no longer a slot of the problem")
            } else {
                format!("room `{}` is no longer in the problem", w.rooms[0])
            };
            diags.push(
                Diagnostic::new(
                    w.span.clone(),
                    format!("talk `{id}` started before the freeze, so it must stay, but {what}"),
                )
                .hint("freeze an earlier moment, or put the slot or room back into the problem"),
            );
            continue;
        };
        let talk = &mut p.talks[i];
        let clash_slot = talk.fixed_slot.is_some_and(|s| s != slot);
        let clash_room = talk.fixed_room.is_some_and(|r| r != main);
        if clash_slot || clash_room {
            diags.push(
                Diagnostic::new(
                    w.span.clone(),
                    format!(
                        "talk `{id}` started before the freeze, so it must stay at {when} in \
                         room `{}`, but the problem fixes it elsewhere",
                        w.rooms[0]
                    ),
                )
                .hint("remove its `fixed`, or freeze an earlier moment"),
            );
            continue;
        }
        talk.fixed_slot = Some(slot);
        talk.fixed_room = Some(main);
        frozen.push(t);
    }
    frozen
}

struct Reader<'a> {
    p: &'a Problem,
    text: &'a str,
    was: Vec<Option<Was>>,
    withdrawn: Vec<Withdrawn>,
    diags: Vec<Diagnostic>,
    /// Room names the problem lacks: where first named, and how often.
    gone_rooms: BTreeMap<String, (Span, usize)>,
}

impl Reader<'_> {
    fn entry(&mut self, e: &InEntry, span: Span) {
        let Some((date, start)) = self.when(e, &span) else {
            return;
        };
        let names: Vec<String> = match (&e.rooms, &e.room) {
            (Some(rs), _) if !rs.is_empty() => rs.clone(),
            (_, Some(r)) => vec![r.clone()],
            _ => {
                let at = key_span(self.text, &span, "talk");
                self.diags.push(
                    Diagnostic::new(at, format!("talk `{}` has no `room`", e.talk))
                        .hint("each assignment names its `room` (or `rooms`, main room first)"),
                );
                return;
            }
        };
        let p = self.p;
        let Some(t) = p.talk_ids().find(|&t| p.talk(t).id == e.talk) else {
            self.withdrawn.push(Withdrawn {
                id: e.talk.clone(),
                title: e.title.clone(),
                when: format!("{date} {}", super::hhmm(start)),
                rooms: names,
            });
            return;
        };
        if let Some(first) = &self.was[t.index()] {
            let (line, _) = super::diagnostic::line_col(self.text, first.span.start);
            let at = key_span(self.text, &span, "talk");
            self.diags.push(Diagnostic::new(
                at,
                format!(
                    "talk `{}` is already in the baseline at line {line}",
                    e.talk
                ),
            ));
            return;
        }
        let slot = p
            .days
            .iter()
            .position(|d| d.date == date)
            .and_then(|d| p.days[d].slots().find(|&s| p.slot(s).start == start));
        if slot.is_none() {
            let at = key_span(
                self.text,
                &span,
                if e.day.is_some() { "start" } else { "slots" },
            );
            self.diags.push(
                Diagnostic::warning(
                    at,
                    format!(
                        "{date} {} is not a slot of the problem any more: talk `{}` moves",
                        super::hhmm(start),
                        e.talk
                    ),
                )
                .hint("a baseline is re-planned against today's problem; its slots changed"),
            );
        }
        let ids: Vec<Option<RoomId>> = names
            .iter()
            .map(|name| p.room_ids().find(|&r| &p.room(r).id == name))
            .collect();
        for (name, id) in names.iter().zip(&ids) {
            if id.is_none() {
                let at = key_span(self.text, &span, "room");
                self.gone_rooms.entry(name.clone()).or_insert((at, 0)).1 += 1;
            }
        }
        let extras: Option<Vec<RoomId>> = ids[1..].iter().copied().collect();
        self.was[t.index()] = Some(Was {
            date,
            start,
            slot,
            rooms: names,
            main: ids[0],
            extras: extras.map(|mut v| {
                v.sort();
                v
            }),
            span,
        });
    }

    /// The entry's day and start: `day` and `start`, or its first slot.
    fn when(&mut self, e: &InEntry, span: &Span) -> Option<(Date, Minutes)> {
        let p = self.p;
        let bad = |r: &mut Self, key: &str, msg: String| {
            let at = key_span(r.text, span, key);
            r.diags.push(Diagnostic::new(at, msg));
            None
        };
        match (&e.day, &e.start, &e.slots) {
            (Some(day), Some(start), _) => match (parse_date(day), parse_time(start)) {
                (Ok(d), Ok(s)) => Some((d, s)),
                (Err(m), _) => bad(self, "day", format!("talk `{}`: {m}", e.talk)),
                (_, Err(m)) => bad(self, "start", format!("talk `{}`: {m}", e.talk)),
            },
            (_, _, Some(slots)) if !slots.is_empty() => {
                let first = slots[0].trim();
                let parsed = match first.split_once(' ') {
                    Some((d, t)) => parse_date(d.trim()).and_then(|d| Ok((d, parse_time(t)?))),
                    None if p.days.len() == 1 => parse_time(first).map(|t| (p.days[0].date, t)),
                    None => Err(format!(
                        "`{first}` names no day, and the problem has {} days",
                        p.days.len()
                    )),
                };
                match parsed {
                    Ok(x) => Some(x),
                    Err(m) => bad(self, "slots", format!("talk `{}`: {m}", e.talk)),
                }
            }
            _ => bad(
                self,
                "talk",
                format!(
                    "talk `{}` has neither `day` and `start` nor `slots`",
                    e.talk
                ),
            ),
        }
    }

    /// One warning per room the problem no longer has.
    fn report_gone_rooms(&mut self) {
        for (name, (at, n)) in std::mem::take(&mut self.gone_rooms) {
            let talks = if n == 1 {
                "its talk moves".to_string()
            } else {
                format!("its {n} talks move")
            };
            self.diags.push(
                Diagnostic::warning(
                    at,
                    format!("room `{name}` is not in the problem any more: {talks}"),
                )
                .hint("a baseline is re-planned against today's problem; its rooms changed"),
            );
        }
    }
}
