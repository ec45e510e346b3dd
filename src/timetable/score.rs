//! The objective of a timetable, term by term, from its placements alone.
//!
//! In: a problem and placements. Out: a [`Score`]. Written from the
//! format's definitions, independently of the model and the heuristics.

use crate::problem::Problem;

use super::{Placement, Timetable};

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

/// Scores placements with the problem's weights, without the solver.
pub fn score(p: &Problem, placements: &[Placement]) -> Score {
    let mut empty: u64 = 0;
    for x in placements {
        let talk = p.talk(x.talk);
        let seats: u64 = x.rooms.iter().map(|&r| u64::from(p.room(r).capacity)).sum();
        empty += seats.saturating_sub(u64::from(talk.audience)) * u64::from(talk.parts);
    }
    // Talks of each track in each slot; every unordered pair clashes.
    let mut per_slot: Vec<Vec<u64>> = vec![vec![0; p.slots.len()]; p.tracks.len()];
    for x in placements {
        if let Some(track) = p.talk(x.talk).track {
            for s in Timetable::occupied(p, x) {
                per_slot[track.index()][s.index()] += 1;
            }
        }
    }
    let clashes: u64 = per_slot
        .iter()
        .flatten()
        .map(|&n| n * n.saturating_sub(1) / 2)
        .sum();
    Score {
        objective: p.weights.empty_seats * empty + p.weights.track_clash * clashes,
        empty_seats: empty,
        track_clashes: clashes,
    }
}
