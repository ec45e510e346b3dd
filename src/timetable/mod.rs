//! The fifth stage: a timetable, its score, and its independent check.
//!
//! In: placements (talk, start slot, rooms with the main room first), from
//! the solver or from a JSON file. Out: a [`Timetable`] with its score
//! computed from the placements alone, the spec's JSON, and `verify`'s list
//! of violated rules. Nothing here uses the solver.

pub mod json;
pub mod verify;

use crate::problem::{Problem, RoomId, SlotId, TalkId};

pub use verify::{Violation, verify};

/// One talk's place.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Placement {
    /// The talk.
    pub talk: TalkId,
    /// Its first slot.
    pub start: SlotId,
    /// Main room first, then extra rooms of an overflow talk.
    pub rooms: Vec<RoomId>,
}

/// Whether optimality was proven.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Proven optimal.
    Optimal,
    /// Valid, but a limit stopped the search before a proof.
    Feasible,
}

impl Status {
    /// As written in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
        }
    }
}

/// The objective and its parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Score {
    /// Weighted sum.
    pub objective: u64,
    /// Empty seats summed over talks (times parts).
    pub empty_seats: u64,
    /// Same-track pairs occupying one slot, summed over slots.
    pub track_clashes: u64,
}

/// A complete timetable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timetable {
    /// Proven optimal or not.
    pub status: Status,
    /// Sorted by talk.
    pub placements: Vec<Placement>,
    /// Computed from the placements.
    pub score: Score,
}

impl Timetable {
    /// A timetable from placements, scored independently.
    pub fn new(p: &Problem, status: Status, mut placements: Vec<Placement>) -> Self {
        placements.sort();
        let score = score(p, &placements);
        Timetable {
            status,
            placements,
            score,
        }
    }

    /// The placement of a talk, if any.
    pub fn placement(&self, t: TalkId) -> Option<&Placement> {
        self.placements.iter().find(|x| x.talk == t)
    }

    /// Slots a placement occupies (as many as exist from its start).
    pub fn occupied(p: &Problem, x: &Placement) -> Vec<SlotId> {
        let parts = p.talk(x.talk).parts as usize;
        (x.start.index()..(x.start.index() + parts).min(p.slots.len()))
            .map(SlotId::at)
            .collect()
    }
}

/// Scores placements with the problem's weights, without the solver.
pub fn score(p: &Problem, placements: &[Placement]) -> Score {
    let mut empty: u64 = 0;
    for x in placements {
        let talk = p.talk(x.talk);
        let seats: u64 = x.rooms.iter().map(|&r| u64::from(p.room(r).capacity)).sum();
        empty += seats.saturating_sub(u64::from(talk.audience)) * u64::from(talk.parts);
    }
    let mut clashes: u64 = 0;
    for track in 0..p.tracks.len() {
        for s in p.slot_ids() {
            let n = placements
                .iter()
                .filter(|x| {
                    p.talk(x.talk).track.map(|t| t.index()) == Some(track)
                        && Timetable::occupied(p, x).contains(&s)
                })
                .count() as u64;
            clashes += n * n.saturating_sub(1) / 2;
        }
    }
    Score {
        objective: p.weights.empty_seats * empty + p.weights.track_clash * clashes,
        empty_seats: empty,
        track_clashes: clashes,
    }
}
