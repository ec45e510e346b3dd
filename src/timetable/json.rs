//! The timetable file (JSON) of the spec: written from a [`Timetable`],
//! read back from ours or a hand-written one.
//!
//! In (write): a problem and a timetable. Out: pretty JSON, assignments
//! sorted by start, main room (file order) and talk id.
//! In (read): JSON text. Out: placements plus the problems found while
//! reading (unknown talks, rooms or slots) as violations; only a file that
//! is not JSON of the right shape is an input error, with its position.

use serde::{Deserialize, Serialize};

use crate::problem::{Diagnostic, InputError, Problem, hhmm};

use super::{Placement, Score, Status, Timetable, Violation};

#[derive(Serialize)]
struct OutTimetable<'a> {
    event: &'a str,
    status: &'a str,
    objective: u64,
    empty_seats: u64,
    track_clashes: u64,
    assignments: Vec<OutAssignment<'a>>,
}

#[derive(Serialize)]
struct OutAssignment<'a> {
    talk: &'a str,
    title: &'a str,
    speakers: Vec<&'a str>,
    track: Option<&'a str>,
    audience: u32,
    day: String,
    start: String,
    end: String,
    slots: Vec<String>,
    room: &'a str,
    rooms: Vec<&'a str>,
}

/// Placements in display order: by start slot, main room, talk id.
pub fn display_order<'a>(p: &Problem, tt: &'a Timetable) -> Vec<&'a Placement> {
    let mut xs: Vec<&Placement> = tt.placements.iter().collect();
    xs.sort_by(|a, b| {
        (a.start, a.rooms[0], &p.talk(a.talk).id).cmp(&(b.start, b.rooms[0], &p.talk(b.talk).id))
    });
    xs
}

/// The spec's timetable JSON, with a trailing newline.
pub fn write(p: &Problem, tt: &Timetable) -> String {
    let assignments = display_order(p, tt)
        .into_iter()
        .map(|x| {
            let talk = p.talk(x.talk);
            let occupied = Timetable::occupied(p, x);
            let last = *occupied.last().unwrap_or(&x.start);
            OutAssignment {
                talk: &talk.id,
                title: &talk.title,
                speakers: talk
                    .speakers
                    .iter()
                    .map(|&s| p.speaker(s).name.as_str())
                    .collect(),
                track: talk.track.map(|t| p.tracks[t.index()].as_str()),
                audience: talk.audience,
                day: p.days[p.slot(x.start).day.index()].date.to_string(),
                start: hhmm(p.slot(x.start).start),
                end: hhmm(p.slot_end(last)),
                slots: occupied.iter().map(|&s| p.slot_ref(s)).collect(),
                room: &p.room(x.rooms[0]).id,
                rooms: x.rooms.iter().map(|&r| p.room(r).id.as_str()).collect(),
            }
        })
        .collect();
    let out = OutTimetable {
        event: &p.name,
        status: tt.status.as_str(),
        objective: tt.score.objective,
        empty_seats: tt.score.empty_seats,
        track_clashes: tt.score.track_clashes,
        assignments,
    };
    let mut text = serde_json::to_string_pretty(&out).expect("plain data always serialises");
    text.push('\n');
    text
}

#[derive(Deserialize)]
struct InTimetable {
    status: Option<String>,
    objective: Option<u64>,
    empty_seats: Option<u64>,
    track_clashes: Option<u64>,
    assignments: Vec<InAssignment>,
}

#[derive(Deserialize)]
struct InAssignment {
    talk: String,
    day: Option<String>,
    start: Option<String>,
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
}

impl Read {
    /// Compares the claimed figures with the real score.
    pub fn check_claims(&self, real: &Score) -> Vec<Violation> {
        let pairs = [
            ("objective", self.claimed.0, real.objective),
            ("empty_seats", self.claimed.1, real.empty_seats),
            ("track_clashes", self.claimed.2, real.track_clashes),
        ];
        pairs
            .into_iter()
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
}

/// Reads timetable JSON from the file at `path`; an input error (with its
/// position) only when it is not JSON of the right shape.
pub fn read(p: &Problem, path: &str, text: &str) -> Result<Read, InputError> {
    let raw: InTimetable = serde_json::from_str(text).map_err(|e| {
        let offset = offset_of(text, e.line(), e.column());
        InputError::at(
            path,
            text,
            vec![
                Diagnostic::new(
                    offset..offset,
                    format!("not a timetable file: {}", plain_message(&e)),
                )
                .hint("a timetable is the JSON that `confsched solve --format json` writes"),
            ],
        )
    })?;
    let status = match raw.status.as_deref() {
        Some("optimal") => Status::Optimal,
        _ => Status::Feasible,
    };
    let mut placements = Vec::new();
    let mut issues = Vec::new();
    for (i, a) in raw.assignments.iter().enumerate() {
        let Some(t) = p.talk_ids().find(|&t| p.talk(t).id == a.talk) else {
            issues.push(Violation::UnknownTalk {
                assignment: i + 1,
                name: a.talk.clone(),
            });
            continue;
        };
        let start = read_start(p, t, a, &mut issues);
        let rooms = read_rooms(p, t, a, &mut issues);
        if let (Some(start), Some(rooms)) = (start, rooms) {
            placements.push(Placement {
                talk: t,
                start,
                rooms,
            });
        }
    }
    Ok(Read {
        placements,
        issues,
        status,
        claimed: (raw.objective, raw.empty_seats, raw.track_clashes),
    })
}

/// The start of an assignment: its first slot, or its day and start.
fn read_start(
    p: &Problem,
    t: crate::problem::TalkId,
    a: &InAssignment,
    issues: &mut Vec<Violation>,
) -> Option<crate::problem::SlotId> {
    match (&a.slots, &a.day, &a.start) {
        (Some(slots), _, _) if !slots.is_empty() => {
            let Some(s) = p.find_slot(&slots[0]) else {
                issues.push(Violation::UnknownSlot {
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
            let listed: Vec<Option<crate::problem::SlotId>> =
                slots.iter().map(|x| p.find_slot(x)).collect();
            if slots.len() != p.talk(t).parts as usize {
                issues.push(Violation::WrongSlots {
                    talk: t,
                    listed: slots.clone(),
                    expected: Vec::new(),
                });
            } else if listed.iter().zip(&expected).any(|(a, b)| *a != Some(*b)) {
                issues.push(Violation::WrongSlots {
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
                issues.push(Violation::UnknownSlot {
                    talk: t,
                    slot: format!("{day} {start}"),
                });
            }
            found
        }
        _ => {
            issues.push(Violation::Incomplete {
                talk: t,
                what: "neither `slots` nor `day` and `start`",
            });
            None
        }
    }
}

/// The rooms of an assignment, main room first.
fn read_rooms(
    p: &Problem,
    t: crate::problem::TalkId,
    a: &InAssignment,
    issues: &mut Vec<Violation>,
) -> Option<Vec<crate::problem::RoomId>> {
    let names: Vec<String> = match (&a.rooms, &a.room) {
        (Some(rs), Some(r)) if rs.first() != Some(r) => {
            issues.push(Violation::Incomplete {
                talk: t,
                what: "a `room` that is not the first of its `rooms`",
            });
            rs.clone()
        }
        (Some(rs), _) if !rs.is_empty() => rs.clone(),
        (_, Some(r)) => vec![r.clone()],
        _ => {
            issues.push(Violation::Incomplete {
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
            None => issues.push(Violation::UnknownRoom {
                talk: t,
                room: name.clone(),
            }),
        }
    }
    (rooms.len() == names.len()).then_some(rooms)
}

/// The byte offset of a 1-based line and column (in characters).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// serde_json's message without its position and without Rust type names.
fn plain_message(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let msg = match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    msg.replace("struct InTimetable", "a timetable object")
        .replace("struct InAssignment", "an assignment object")
}
