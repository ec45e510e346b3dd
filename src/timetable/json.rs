//! The timetable file (JSON) of the spec: written from a [`Timetable`],
//! read back from ours or a hand-written one.
//!
//! In (write): a problem and a timetable. Out: pretty JSON, assignments
//! sorted by start, main room (file order) and talk id.
//! Reading is in `read.rs`.

use serde::Serialize;

use crate::problem::{Problem, hhmm};

use super::{Placement, Timetable};

pub use super::read::{Read, read};

#[derive(Serialize)]
struct OutTimetable<'a> {
    event: &'a str,
    status: &'a str,
    objective: u64,
    empty_seats: u64,
    track_clashes: u64,
    terms: OutTerms,
    /// The change cost against the baseline, in a re-plan only.
    #[serde(skip_serializing_if = "Option::is_none")]
    change_cost: Option<u64>,
    assignments: Vec<OutAssignment<'a>>,
}

/// Every term of the objective, before its weight.
#[derive(Serialize)]
struct OutTerms {
    empty_seats: u64,
    track_clashes: u64,
    track_rooms: u64,
    track_gaps: u64,
    preferences: u64,
    conflicts: u64,
    attendee_missed: u64,
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
        terms: OutTerms {
            empty_seats: tt.score.empty_seats,
            track_clashes: tt.score.track_clashes,
            track_rooms: tt.score.track_rooms,
            track_gaps: tt.score.track_gaps,
            preferences: tt.score.preferences,
            conflicts: tt.score.conflicts,
            attendee_missed: tt.score.attendee_missed,
        },
        change_cost: p.baseline.is_some().then_some(tt.score.changes),
        assignments,
    };
    let mut text = serde_json::to_string_pretty(&out).expect("plain data always serialises");
    text.push('\n');
    text
}
