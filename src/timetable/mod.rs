//! What every stage produces: a timetable, its score, its file format, and
//! its independent check.
//!
//! In: placements (talk, start slot, rooms with the main room first), from
//! the search or from a JSON file. Out: a [`Timetable`] with its score
//! computed from the placements alone (`score`), the timetable JSON
//! (`json`), and every violated rule (`verify`). Nothing here uses the
//! model, the solver or the shared rule predicates: this is the referee.

pub mod json;
pub mod published;
mod read;
mod score;
pub mod verify;

use crate::problem::{Problem, RoomId, SlotId, TalkId};

pub use score::{Score, gaps_by_track_day, missed_by_group, score};
pub use verify::{Rule, Violation, verify};

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

    /// The placement of a talk, if any (the first, should there be two).
    pub fn placement(&self, t: TalkId) -> Option<&Placement> {
        // Sorted by talk (see `new`).
        let i = self.placements.partition_point(|x| x.talk < t);
        self.placements.get(i).filter(|x| x.talk == t)
    }

    /// Slots a placement occupies (as many as exist from its start).
    pub fn occupied(p: &Problem, x: &Placement) -> Vec<SlotId> {
        let parts = p.talk(x.talk).parts as usize;
        (x.start.index()..(x.start.index() + parts).min(p.slots.len()))
            .map(SlotId::at)
            .collect()
    }
}
