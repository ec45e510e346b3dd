//! The timetable file (JSON) of the spec: written from a [`Timetable`],
//! read back from ours or a hand-written one.
//!
//! In (write): a problem and a timetable. Out: pretty JSON, assignments
//! sorted by start, main room (file order) and talk id.
//! In (read): JSON text. Out: placements plus the problems found while
//! reading (unknown talks, rooms or slots), in the input's words; only a
//! file that is not JSON of the right shape is an input error.

use serde::{Deserialize, Serialize};

use crate::problem::{Problem, hhmm};

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
    /// not properly in the timetable) or rule 0 (the file's own figures).
    pub issues: Vec<Violation>,
    /// The status the file claims.
    pub status: Status,
    /// The figures the file claims, where given.
    pub claimed: (Option<u64>, Option<u64>, Option<u64>),
}

impl Read {
    /// Compares the claimed figures with the real score.
    pub fn check_claims(&self, real: &Score) -> Vec<Violation> {
        let mut out = Vec::new();
        let pairs = [
            ("objective", self.claimed.0, real.objective),
            ("empty_seats", self.claimed.1, real.empty_seats),
            ("track_clashes", self.claimed.2, real.track_clashes),
        ];
        for (name, claimed, real) in pairs {
            if let Some(c) = claimed
                && c != real
            {
                out.push(Violation {
                    rule: 0,
                    message: format!("the file says `{name}` is {c} but the timetable's is {real}"),
                });
            }
        }
        out
    }
}

/// Reads timetable JSON; `Err` only when it is not JSON of the right shape.
pub fn read(p: &Problem, text: &str) -> Result<Read, String> {
    let raw: InTimetable = serde_json::from_str(text).map_err(|e| {
        format!(
            "line {}, column {}: {}",
            e.line(),
            e.column(),
            strip_position(&e.to_string())
        )
    })?;
    let status = match raw.status.as_deref() {
        Some("optimal") => Status::Optimal,
        _ => Status::Feasible,
    };
    let mut placements = Vec::new();
    let mut issues = Vec::new();
    let issue = |m: String| Violation {
        rule: 1,
        message: m,
    };
    for (i, a) in raw.assignments.iter().enumerate() {
        let n = i + 1;
        let Some(t) = p.talk_ids().find(|&t| p.talk(t).id == a.talk) else {
            issues.push(issue(format!(
                "assignment {n} names talk `{}`, which the problem does not have",
                a.talk
            )));
            continue;
        };
        let start = match (&a.slots, &a.day, &a.start) {
            (Some(slots), _, _) if !slots.is_empty() => {
                let found = p.find_slot(&slots[0]);
                if found.is_none() {
                    issues.push(issue(format!(
                        "talk `{}` starts at `{}`, which is not a slot of the problem",
                        a.talk, slots[0]
                    )));
                }
                if let Some(s) = found {
                    let expected: Vec<String> = Timetable::occupied(
                        p,
                        &Placement {
                            talk: t,
                            start: s,
                            rooms: vec![],
                        },
                    )
                    .into_iter()
                    .map(|s| p.slot_ref(s))
                    .collect();
                    if slots.len() != p.talk(t).parts as usize {
                        issues.push(issue(format!(
                            "talk `{}` has {} parts but lists {} slots",
                            a.talk,
                            p.talk(t).parts,
                            slots.len()
                        )));
                    } else if slots
                        .iter()
                        .zip(&expected)
                        .any(|(a, b)| p.find_slot(a).map(|s| p.slot_ref(s)).as_ref() != Some(b))
                    {
                        issues.push(issue(format!(
                            "talk `{}` lists slots {} but must occupy consecutive slots {}",
                            a.talk,
                            slots.join(", "),
                            expected.join(", ")
                        )));
                    }
                }
                found
            }
            (_, Some(day), Some(start)) => {
                let found = p
                    .days
                    .iter()
                    .position(|d| d.date.to_string() == *day)
                    .and_then(|d| p.find_slot_on(d, start));
                if found.is_none() {
                    issues.push(issue(format!(
                        "talk `{}` starts at {day} {start}, which is not a slot of the problem",
                        a.talk
                    )));
                }
                found
            }
            _ => {
                issues.push(issue(format!(
                    "talk `{}` has neither `slots` nor `day` and `start`",
                    a.talk
                )));
                None
            }
        };
        let names: Vec<String> = match (&a.rooms, &a.room) {
            (Some(rs), Some(r)) if rs.first() != Some(r) => {
                issues.push(issue(format!(
                    "talk `{}`: `room` is `{r}` but `rooms` starts with another room",
                    a.talk
                )));
                rs.clone()
            }
            (Some(rs), _) if !rs.is_empty() => rs.clone(),
            (_, Some(r)) => vec![r.clone()],
            _ => {
                issues.push(issue(format!("talk `{}` has no `room`", a.talk)));
                Vec::new()
            }
        };
        let mut rooms = Vec::new();
        for name in &names {
            match p.room_ids().find(|&r| &p.room(r).id == name) {
                Some(r) => rooms.push(r),
                None => issues.push(issue(format!(
                    "talk `{}` is in room `{name}`, which the problem does not have",
                    a.talk
                ))),
            }
        }
        if let Some(s) = start
            && !rooms.is_empty()
            && rooms.len() == names.len()
        {
            placements.push(Placement {
                talk: t,
                start: s,
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

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}
