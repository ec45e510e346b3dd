//! Reading a timetable file (JSON) as carefully as a problem file.
//!
//! In: a problem and the file's text. Out: the placements that could be
//! resolved; the problems met on the way as violations (a talk the problem
//! does not have, a room or slot it does not have, slots that are not the
//! talk's run); warnings with their position for fields copied from the
//! problem that disagree with it (`event`, `status`, a talk's `title`,
//! `speakers`, `track`, `audience`, `day`, `start`, `end`); or an input
//! error at the position where the file stops being a timetable.

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::problem::json::{offset_of, plain_message, start_of};
use crate::problem::{Diagnostic, InputError, Problem, RoomId, SlotId, Span, TalkId, hhmm};

use super::{Placement, Score, Status, Timetable, Violation};

/// The reader's types, in words, for serde_json's messages.
const NAMES: &[(&str, &str)] = &[
    ("struct InTimetable", "a timetable object"),
    ("struct InAssignment", "an assignment object"),
];

#[derive(Deserialize)]
struct InTimetable<'a> {
    event: Option<String>,
    status: Option<String>,
    objective: Option<u64>,
    empty_seats: Option<u64>,
    track_clashes: Option<u64>,
    terms: Option<std::collections::BTreeMap<String, u64>>,
    change_cost: Option<u64>,
    #[serde(borrow)]
    assignments: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct InAssignment {
    talk: String,
    title: Option<String>,
    speakers: Option<Vec<String>>,
    track: Option<Option<String>>,
    audience: Option<u64>,
    day: Option<String>,
    start: Option<String>,
    end: Option<String>,
    slots: Option<Vec<String>>,
    room: Option<String>,
    rooms: Option<Vec<String>>,
}

/// What was read from a timetable file.
#[derive(Debug)]
pub struct Read {
    /// Placements that could be resolved.
    pub placements: Vec<Placement>,
    /// Problems met while reading, as violations of rule 1 (the talk is
    /// not properly in the timetable).
    pub issues: Vec<Violation>,
    /// The status the file claims.
    pub status: Status,
    /// The figures the file claims, where given: objective, empty seats,
    /// track clashes.
    pub claimed: (Option<u64>, Option<u64>, Option<u64>),
    /// The terms the file claims (`terms`), by name.
    pub claimed_terms: std::collections::BTreeMap<String, u64>,
    /// The change cost the file claims (a re-plan's `change_cost`).
    pub claimed_changes: Option<u64>,
    /// Fields copied from the problem that disagree with it, at their
    /// position in the file (render with [`Read::warnings_error`]).
    pub warnings: Vec<Diagnostic>,
    /// Talks that some assignment names (placed or not).
    pub named: Vec<TalkId>,
}

impl Read {
    /// Compares the claimed figures with the real score (the change cost
    /// only when `baseline`: it means nothing without one).
    pub fn check_claims(&self, real: &Score, baseline: bool) -> Vec<Violation> {
        let pairs = [
            ("objective", self.claimed.0, real.objective),
            ("empty_seats", self.claimed.1, real.empty_seats),
            ("track_clashes", self.claimed.2, real.track_clashes),
            (
                "change_cost",
                self.claimed_changes.filter(|_| baseline),
                real.changes,
            ),
        ];
        let terms = real
            .terms()
            .into_iter()
            .map(|(name, real)| (name, self.claimed_terms.get(name).copied(), real));
        pairs
            .into_iter()
            .chain(terms)
            .filter_map(|(field, claimed, real)| {
                let claimed = claimed?;
                (claimed != real).then_some(Violation::Claim {
                    field,
                    claimed,
                    real,
                })
            })
            .collect()
    }

    /// Every violation the file shows: its reading issues and `verify`'s
    /// findings, without "not in the timetable" for a talk an assignment
    /// names but that could not be placed (its own issue says why), sorted.
    pub fn violations(&self, verified: Vec<Violation>) -> Vec<Violation> {
        let unresolved: Vec<TalkId> = self
            .named
            .iter()
            .copied()
            .filter(|t| self.placements.iter().all(|x| x.talk != *t))
            .collect();
        let mut out = self.issues.clone();
        out.extend(
            verified.into_iter().filter(
                |v| !matches!(v, Violation::NotPlaced { talk } if unresolved.contains(talk)),
            ),
        );
        out.sort();
        out.dedup();
        out
    }
}

/// Reads timetable JSON from the file at `path`; an input error (with its
/// position) only when it is not JSON of the right shape.
pub fn read(p: &Problem, path: &str, text: &str) -> Result<Read, InputError> {
    let shape_error = |e: &serde_json::Error, offset: usize| {
        InputError::at(
            path,
            text,
            vec![
                Diagnostic::new(
                    offset..offset,
                    format!("not a timetable file: {}", plain_message(e, NAMES)),
                )
                .hint("a timetable is the JSON that `confsched solve --format json` writes"),
            ],
        )
    };
    let raw: InTimetable = serde_json::from_str(text)
        .map_err(|e| shape_error(&e, offset_of(text, e.line(), e.column())))?;
    let mut r = Reader {
        p,
        text,
        read: Read {
            placements: Vec::new(),
            issues: Vec::new(),
            status: Status::Feasible,
            claimed: (raw.objective, raw.empty_seats, raw.track_clashes),
            claimed_terms: raw.terms.clone().unwrap_or_default(),
            claimed_changes: raw.change_cost,
            warnings: Vec::new(),
            named: Vec::new(),
        },
    };
    r.header(&raw);
    for (i, a) in raw.assignments.iter().enumerate() {
        let start = start_of(text, a.get());
        let parsed: InAssignment = serde_json::from_str(a.get()).map_err(|e| {
            let inner = offset_of(a.get(), e.line(), e.column());
            shape_error(&e, start + inner)
        })?;
        r.assignment(i + 1, &parsed, start..start + a.get().len());
    }
    Ok(r.read)
}

struct Reader<'a> {
    p: &'a Problem,
    text: &'a str,
    read: Read,
}

impl Reader<'_> {
    /// `event` and `status`.
    fn header(&mut self, raw: &InTimetable) {
        let whole = 0..self.text.len().min(1);
        match raw.status.as_deref() {
            Some("optimal") => self.read.status = Status::Optimal,
            Some("feasible") | None => {}
            Some(other) => {
                let at = self.key_span(&whole, "status");
                self.read.warnings.push(Diagnostic::warning(
                    at,
                    format!("`status` is `{other}`, neither `optimal` nor `feasible`: read as `feasible`"),
                ));
            }
        }
        if let Some(event) = &raw.event
            && *event != self.p.name
        {
            let at = self.key_span(&whole, "event");
            self.read.warnings.push(Diagnostic::warning(
                at,
                format!(
                    "`event` is `{event}`, but the problem's event is `{}`",
                    self.p.name
                ),
            ));
        }
    }

    /// Where `"key"` is written at the top of the text from `within`'s
    /// start (the first occurrence), or the start itself.
    fn key_span(&self, within: &Span, key: &str) -> Span {
        let needle = format!("\"{key}\"");
        let from = within.start.min(self.text.len());
        let end = within.end.max(from).min(self.text.len());
        match self.text[from..].find(&needle) {
            Some(i) if from + i < end || within.end <= within.start + 1 => {
                from + i..from + i + needle.len()
            }
            _ => from..from,
        }
    }

    fn assignment(&mut self, n: usize, a: &InAssignment, span: Span) {
        let p = self.p;
        let Some(t) = p.talk_ids().find(|&t| p.talk(t).id == a.talk) else {
            self.read.issues.push(Violation::UnknownTalk {
                assignment: n,
                name: a.talk.clone(),
            });
            return;
        };
        self.read.named.push(t);
        let start = self.start(t, a);
        let rooms = self.rooms(t, a);
        if let Some(s) = start {
            self.copied_fields(t, s, a, &span);
        }
        if let (Some(start), Some(rooms)) = (start, rooms) {
            self.read.placements.push(Placement {
                talk: t,
                start,
                rooms,
            });
        }
    }

    /// The start of an assignment: its first slot, or its day and start.
    fn start(&mut self, t: TalkId, a: &InAssignment) -> Option<SlotId> {
        let p = self.p;
        match (&a.slots, &a.day, &a.start) {
            (Some(slots), _, _) if !slots.is_empty() => {
                let Some(s) = p.find_slot(&slots[0]) else {
                    self.read.issues.push(Violation::UnknownSlot {
                        talk: t,
                        slot: slots[0].clone(),
                    });
                    return None;
                };
                let expected = Timetable::occupied(
                    p,
                    &Placement {
                        talk: t,
                        start: s,
                        rooms: vec![],
                    },
                );
                let listed: Vec<Option<SlotId>> = slots.iter().map(|x| p.find_slot(x)).collect();
                if slots.len() != p.talk(t).parts as usize {
                    self.read.issues.push(Violation::WrongSlots {
                        talk: t,
                        listed: slots.clone(),
                        expected: Vec::new(),
                    });
                } else if listed.iter().zip(&expected).any(|(a, b)| *a != Some(*b)) {
                    self.read.issues.push(Violation::WrongSlots {
                        talk: t,
                        listed: slots.clone(),
                        expected,
                    });
                }
                Some(s)
            }
            (_, Some(day), Some(start)) => {
                let found = p
                    .days
                    .iter()
                    .position(|d| d.date.to_string() == *day)
                    .and_then(|d| p.find_slot_on(d, start));
                if found.is_none() {
                    self.read.issues.push(Violation::UnknownSlot {
                        talk: t,
                        slot: format!("{day} {start}"),
                    });
                }
                found
            }
            _ => {
                self.read.issues.push(Violation::Incomplete {
                    talk: t,
                    what: "neither `slots` nor `day` and `start`",
                });
                None
            }
        }
    }

    /// The rooms of an assignment, main room first.
    fn rooms(&mut self, t: TalkId, a: &InAssignment) -> Option<Vec<RoomId>> {
        let p = self.p;
        let names: Vec<String> = match (&a.rooms, &a.room) {
            (Some(rs), Some(r)) if rs.first() != Some(r) => {
                self.read.issues.push(Violation::Incomplete {
                    talk: t,
                    what: "a `room` that is not the first of its `rooms`",
                });
                rs.clone()
            }
            (Some(rs), _) if !rs.is_empty() => rs.clone(),
            (_, Some(r)) => vec![r.clone()],
            _ => {
                self.read.issues.push(Violation::Incomplete {
                    talk: t,
                    what: "no `room`",
                });
                return None;
            }
        };
        let mut rooms = Vec::new();
        for name in &names {
            match p.room_ids().find(|&r| &p.room(r).id == name) {
                Some(r) => rooms.push(r),
                None => self.read.issues.push(Violation::UnknownRoom {
                    talk: t,
                    room: name.clone(),
                }),
            }
        }
        // (An empty `rooms` beside a `room` is reported above, and places
        // the talk nowhere.)
        (!rooms.is_empty() && rooms.len() == names.len()).then_some(rooms)
    }

    /// Warnings for the fields copied from the problem that disagree with
    /// it: title, speakers, track, audience, and the day, start and end of
    /// the talk's slots.
    fn copied_fields(&mut self, t: TalkId, s: SlotId, a: &InAssignment, span: &Span) {
        let p = self.p;
        let talk = p.talk(t);
        let last = SlotId::at((s.index() + talk.parts as usize - 1).min(p.slots.len() - 1));
        let speakers: Vec<String> = talk
            .speakers
            .iter()
            .map(|&sp| p.speaker(sp).name.clone())
            .collect();
        let track = talk.track.map(|k| p.tracks[k.index()].clone());
        let day = p.days[p.slot(s).day.index()].date.to_string();
        let mut differ: Vec<(&str, String, String)> = Vec::new();
        let mut check = |key: &'static str, given: Option<String>, real: String| {
            if let Some(given) = given
                && given != real
            {
                differ.push((key, given, real));
            }
        };
        check("title", a.title.clone(), talk.title.clone());
        check(
            "speakers",
            a.speakers.as_ref().map(|v| v.join(", ")),
            speakers.join(", "),
        );
        check(
            "track",
            a.track.clone().map(|k| k.unwrap_or_else(|| "null".into())),
            track.unwrap_or_else(|| "null".into()),
        );
        check(
            "audience",
            a.audience.map(|n| n.to_string()),
            talk.audience.to_string(),
        );
        check("day", a.day.clone(), day);
        check("start", a.start.clone(), hhmm(p.slot(s).start));
        check("end", a.end.clone(), hhmm(p.slot_end(last)));
        for (key, given, real) in differ {
            let at = self.key_span(span, key);
            self.read.warnings.push(Diagnostic::warning(
                at,
                format!(
                    "talk `{}`: `{key}` is `{given}` here but `{real}` in the problem",
                    talk.id
                ),
            ));
        }
    }
}

impl Read {
    /// The warnings as an input error for rendering (with the file's path
    /// and text).
    pub fn warnings_error(&self, path: &str, text: &str) -> InputError {
        InputError::at(path, text, self.warnings.clone())
    }
}
