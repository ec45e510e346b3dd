//! Lower bounds on the objective that need no large model.
//!
//! In: a problem. Out: a lower bound on its empty seats (a transport LP:
//! talk-parts to rooms by seats and features, time ignored; overflow talks
//! at their smallest possible waste) and, with the clash bound from
//! `analysis`, on the whole objective. A timetable that meets the bound is
//! optimal.

use std::collections::BTreeMap;

use good_lp::{Expression, ProblemVariables, variable};

use super::backend::{self, Answer, Backend, Request};
use crate::analysis;
use crate::problem::{FeatureId, Problem, RoomId};

/// The fewest empty seats (times weight) plus the fewest clashes (times
/// weight) any timetable can have; `None` if the seat LP could not be
/// solved.
pub fn objective_lower_bound(p: &Problem) -> Option<u64> {
    let seats = seat_lower_bound(p)?;
    Some(seats * p.weights.empty_seats + analysis::clash_lower_bound(p) * p.weights.track_clash)
}

/// The fewest empty seats, ignoring time, speakers and sequences.
pub fn seat_lower_bound(p: &Problem) -> Option<u64> {
    // Overflow talks: the smallest seat total over 2+ rooms (or one) that
    // reaches the audience, by subset sums over all rooms.
    let mut overflow_waste: u64 = 0;
    for t in p.talks.iter().filter(|t| t.overflow) {
        let total: usize = p.rooms.iter().map(|r| r.capacity as usize).sum();
        if (t.audience as usize) > total {
            return None;
        }
        let mut reach = vec![false; total + 1];
        reach[0] = true;
        for r in &p.rooms {
            let c = r.capacity as usize;
            for s in (c..=total).rev() {
                if reach[s - c] {
                    reach[s] = true;
                }
            }
        }
        let best = (t.audience as usize..=total).find(|&s| reach[s])?;
        overflow_waste += (best as u64 - u64::from(t.audience)) * u64::from(t.parts);
    }
    // Talk groups: (audience, needs, fixed room) -> talk-parts.
    let mut groups: BTreeMap<(u32, Vec<FeatureId>, Option<RoomId>), f64> = BTreeMap::new();
    for t in p.talks.iter().filter(|t| !t.overflow) {
        *groups
            .entry((t.audience, t.needs.clone(), t.fixed_room))
            .or_default() += f64::from(t.parts);
    }
    // Room groups: (capacity, features) -> available room-slots; rooms that
    // some talk is fixed to stay alone.
    let fixed: Vec<RoomId> = p.talks.iter().filter_map(|t| t.fixed_room).collect();
    let mut rooms: BTreeMap<(u32, Vec<FeatureId>, Option<RoomId>), f64> = BTreeMap::new();
    for r in p.room_ids() {
        let room = p.room(r);
        let free = p
            .slot_ids()
            .filter(|&s| !room.unavailable.contains(s))
            .count() as f64;
        let alone = fixed.contains(&r).then_some(r);
        *rooms
            .entry((room.capacity, room.features.clone(), alone))
            .or_default() += free;
    }
    let mut vars = ProblemVariables::new();
    let mut objective = Expression::from(0.0);
    let mut supply: Vec<Expression> = vec![Expression::from(0.0); groups.len()];
    let mut used: Vec<Expression> = vec![Expression::from(0.0); rooms.len()];
    for (gi, ((audience, needs, fixed_room), _)) in groups.iter().enumerate() {
        for (ri, ((capacity, features, alone), _)) in rooms.iter().enumerate() {
            let fits = capacity >= audience
                && needs.iter().all(|f| features.contains(f))
                && fixed_room.is_none_or(|f| *alone == Some(f));
            if fits {
                let x = vars.add(variable().min(0));
                objective.add_mul(f64::from(capacity - audience), x);
                supply[gi].add_mul(1.0, x);
                used[ri].add_mul(1.0, x);
            }
        }
    }
    let mut constraints = Vec::new();
    for (e, parts) in supply.into_iter().zip(groups.values()) {
        constraints.push(e.eq(*parts));
    }
    for (e, free) in used.into_iter().zip(rooms.values()) {
        constraints.push(e.leq(*free));
    }
    let request = Request {
        vars,
        objective,
        constraints,
        time_limit: Some(10.0),
        mip_gap: None,
        warm_start: None,
        control: None,
    };
    match backend::solve(Backend::Microlp, request).ok()? {
        // A pure LP: its optimum is the bound.
        Answer::Solved { objective, .. } => {
            Some((objective - 1e-6).ceil().max(0.0) as u64 + overflow_waste)
        }
        _ => None,
    }
}
