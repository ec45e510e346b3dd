//! Lower bounds on the objective that need no large model.
//!
//! In: a problem (and its domains, for preferences). Out: a lower bound on
//! each term and on the whole objective; a timetable that meets the bound
//! is optimal. Each bound is a relaxation that every timetable satisfies:
//!
//! - empty seats: a transport LP, talk-parts to rooms by seats and
//!   features, time ignored; overflow talks at their smallest waste;
//! - track clashes and soft conflicts: the talk-parts of a track (of a
//!   group) spread as evenly as possible over the slots no plenary takes
//!   (plenaries take distinct slots, each alone, so the others share the
//!   rest; `n(n-1)/2` is convex, so an even spread has the fewest pairs);
//! - track rooms: a declared track's talk-parts do not fit in one room a
//!   day once they outnumber the slots no plenary takes; each further room
//!   adds at most a day's slots;
//! - preferences: each talk at its cheapest start and main room of its
//!   domain, independently;
//! - attendees' missed talks: an attendee sees at most one talk per slot,
//!   so of the talk-parts they want that are not plenaries, all beyond
//!   the slots no plenary takes are missed (a plenary is alone in its
//!   slots and never missed).
//!
//! Track gaps have no bound here (0).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

use good_lp::{Expression, ProblemVariables, variable};

use super::Control;
use crate::analysis::Domain;
use crate::backend::{self, Answer, Backend, Request};
use crate::problem::{FeatureId, Problem, RoomId, SlotId, TalkId, rules};
use crate::tuning;

/// The fewest of every term any timetable can have, weighted and summed;
/// `None` if the seat LP could not be solved in the time left.
pub fn objective_lower_bound(p: &Problem, doms: &[Domain], control: &Control) -> Option<u64> {
    let seats = seat_lower_bound(p, control)?;
    let w = &p.weights;
    Some(
        seats * w.empty_seats
            + preference_lower_bound(p, doms) * w.preferences
            + counting_lower_bound(p),
    )
}

/// The weighted lower bounds of the terms that count talks together
/// (track clashes, track rooms, soft conflicts, attendees' missed talks):
/// what the model of the
/// linear terms leaves out.
pub fn counting_lower_bound(p: &Problem) -> u64 {
    let w = &p.weights;
    clash_lower_bound(p) * w.track_clash
        + track_rooms_lower_bound(p) * w.track_rooms
        + conflict_lower_bound(p) * w.conflicts
        + attendee_lower_bound(p) * w.attendee_missed
}

/// The fewest talks attendees must miss (before the weight): per attendee,
/// their wanted talk-parts but plenaries' beyond the slots no plenary
/// takes, since they see at most one talk in a slot.
pub fn attendee_lower_bound(p: &Problem) -> u64 {
    let slots = slots_without_plenaries(p);
    p.attendees
        .iter()
        .map(|a| u64::from(a.count) * shared_parts(p, a.wants.iter()).saturating_sub(slots))
        .sum()
}

/// Slots left to talks that are not plenaries: every plenary takes its
/// own slots, where nothing else is (at least 1, to stay defined on a
/// problem that has no timetable).
fn slots_without_plenaries(p: &Problem) -> u64 {
    let plenary: u64 = p
        .talks
        .iter()
        .filter(|t| t.plenary)
        .map(|t| u64::from(t.parts))
        .sum();
    (p.slots.len() as u64).saturating_sub(plenary).max(1)
}

/// The fewest unordered pairs among `parts` talk-parts that are not
/// plenaries, in `slots` slots: as even a spread as possible.
fn fewest_pairs(parts: u64, slots: u64) -> u64 {
    if slots == 0 {
        return 0;
    }
    let (q, r) = (parts / slots, parts % slots);
    r * rules::pairs(q + 1) + (slots - r) * rules::pairs(q)
}

/// Talk-parts of `talks` that are not plenaries (a plenary is alone in
/// its slots, so it is in no pair).
fn shared_parts<'a>(p: &Problem, talks: impl Iterator<Item = &'a TalkId>) -> u64 {
    talks
        .map(|&t| p.talk(t))
        .filter(|t| !t.plenary)
        .map(|t| u64::from(t.parts))
        .sum()
}

/// The fewest track clashes any timetable can have: per track, its
/// talk-parts (but plenaries') spread as evenly as possible over the slots
/// no plenary takes.
pub fn clash_lower_bound(p: &Problem) -> u64 {
    let slots = slots_without_plenaries(p);
    let ids: Vec<TalkId> = p.talk_ids().collect();
    (0..p.tracks.len())
        .map(|k| {
            let mine = ids
                .iter()
                .filter(|&&t| p.talk(t).track.map(|x| x.index()) == Some(k));
            fewest_pairs(shared_parts(p, mine), slots)
        })
        .sum()
}

/// The fewest pairs of soft conflict groups' members sharing a slot, each
/// times its group's weight (before the `conflicts` weight): per group,
/// its members' talk-parts spread as evenly as possible over the slots no
/// plenary takes.
pub fn conflict_lower_bound(p: &Problem) -> u64 {
    let slots = slots_without_plenaries(p);
    p.conflicts
        .iter()
        .filter(|c| !c.hard)
        .map(|c| c.weight * fewest_pairs(shared_parts(p, c.talks.iter()), slots))
        .sum()
}

/// The fewest main rooms beyond one per declared track and day: a track's
/// talk-parts but plenaries' fill a first room each day in at most the
/// slots no plenary takes, and each further room on a day holds at most
/// that day's slots.
pub fn track_rooms_lower_bound(p: &Problem) -> u64 {
    let first_rooms = slots_without_plenaries(p);
    let longest_day = p
        .days
        .iter()
        .map(|d| d.slot_count as u64)
        .max()
        .unwrap_or(1)
        .max(1);
    let ids: Vec<TalkId> = p.talk_ids().collect();
    (0..p.tracks.len())
        .filter(|&k| p.track_rules[k].declared.is_some())
        .map(|k| {
            let mine = ids
                .iter()
                .filter(|&&t| p.talk(t).track.map(|x| x.index()) == Some(k));
            shared_parts(p, mine)
                .saturating_sub(first_rooms)
                .div_ceil(longest_day)
        })
        .sum()
}

/// The fewest preference units any timetable can have: each talk at the
/// start and the main room of its domain that cost least (the start's
/// units and the room's add up, so each is chosen on its own).
pub fn preference_lower_bound(p: &Problem, doms: &[Domain]) -> u64 {
    p.talk_ids()
        .zip(doms)
        .filter_map(|(t, d)| {
            let talk = p.talk(t);
            let first_room = *d.rooms.first()?;
            let room_units = |r: RoomId| {
                u64::from(talk.track.is_some_and(|k| {
                    let rooms = &p.track_rules[k.index()].rooms;
                    !rooms.is_empty() && !rooms.contains(&r)
                }))
            };
            let starts = d
                .starts
                .iter()
                .map(|&s: &SlotId| {
                    rules::preference_units(p, t, s, first_room)
                        .saturating_sub(room_units(first_room))
                })
                .min()?;
            let rooms = d.rooms.iter().map(|&r| room_units(r)).min()?;
            Some(starts + rooms)
        })
        .sum()
}

/// The smallest total of some rooms' seats that reaches `audience` (the
/// rooms an overflow talk could be streamed to at best), by the set of
/// reachable totals; `None` when even all rooms fall short. Past
/// [`tuning::SEAT_SUMS`] totals it settles for `audience` itself (a weaker
/// but valid answer: no waste).
fn fewest_seats_reaching(capacities: &[u64], audience: u64) -> Option<u64> {
    if capacities.iter().sum::<u64>() < audience {
        return None;
    }
    // Totals below the audience, and the best total at or above it.
    let mut below: BTreeSet<u64> = BTreeSet::from([0]);
    let mut best: Option<u64> = None;
    for &c in capacities {
        let mut next = below.clone();
        for &s in &below {
            let t = s + c;
            if t >= audience {
                best = Some(best.map_or(t, |b| b.min(t)));
            } else {
                next.insert(t);
            }
        }
        below = next;
        if below.len() > tuning::SEAT_SUMS {
            return Some(audience);
        }
    }
    best
}

/// The fewest empty seats, ignoring time, speakers and sequences; `None`
/// if the LP could not be solved in the time left.
pub fn seat_lower_bound(p: &Problem, control: &Control) -> Option<u64> {
    let capacities: Vec<u64> = p.rooms.iter().map(|r| u64::from(r.capacity)).collect();
    let mut overflow_waste: u64 = 0;
    for t in p.talks.iter().filter(|t| t.overflow) {
        let best = fewest_seats_reaching(&capacities, u64::from(t.audience))?;
        overflow_waste += rules::empty_seats(best, t.audience, t.parts);
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
            .count();
        let alone = fixed.contains(&r).then_some(r);
        #[allow(clippy::cast_precision_loss)] // slot counts are small
        let free = free as f64;
        *rooms
            .entry((room.capacity, room.features.clone(), alone))
            .or_default() += free;
    }
    let mut vars = ProblemVariables::new();
    let mut objective = Expression::from(0.0);
    let mut supply: Vec<Expression> = vec![Expression::from(0.0); groups.len()];
    let mut used: Vec<Expression> = vec![Expression::from(0.0); rooms.len()];
    for (gi, (audience, needs, fixed_room)) in groups.keys().enumerate() {
        for (ri, (capacity, features, alone)) in rooms.keys().enumerate() {
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
        time_limit: control.left(),
        mip_gap: None,
        warm_start: None,
        slice: None,
    };
    let answer = backend::solve(
        Backend::Microlp,
        request,
        &mut |_| ControlFlow::Continue(()),
    );
    match answer.ok()? {
        // A pure LP: its optimum is the bound.
        Answer::Solved { objective, .. } => {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // ceil, >= 0
            let seats = (objective - 1e-6).ceil().max(0.0) as u64;
            Some(seats + overflow_waste)
        }
        _ => None,
    }
}

/// A re-plan: the least change cost any timetable has, counting each talk
/// alone: the cheapest start and main room its domain allows with the
/// room free for the whole run (nothing where it was, if that is still
/// possible).
pub fn changes_lower_bound(p: &Problem, doms: &[crate::analysis::Domain]) -> u64 {
    let Some(b) = &p.baseline else {
        return 0;
    };
    p.talk_ids()
        .map(|t| {
            let d = &doms[t.index()];
            let was = b.was(t);
            let parts = p.talk(t).parts;
            d.starts
                .iter()
                .flat_map(|&s| d.rooms.iter().map(move |&r| (s, r)))
                .filter(|&(s, r)| rules::room_free(p, r, s, parts))
                .map(|(s, r)| {
                    if was.is_some_and(|w| w.slot == Some(s) && w.main == Some(r)) {
                        0
                    } else {
                        rules::change_cost(p, t, s, &[r])
                    }
                })
                .min()
                .unwrap_or(0)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fewest_seats_reaching_an_audience_are_exact_or_a_valid_floor() {
        assert_eq!(
            fewest_seats_reaching(&[300, 65, 35, 180, 50, 20], 600),
            Some(600)
        );
        assert_eq!(
            fewest_seats_reaching(&[300, 65, 35, 180, 50, 20], 601),
            Some(615)
        );
        assert_eq!(fewest_seats_reaching(&[10, 10], 25), None);
        assert_eq!(fewest_seats_reaching(&[100, 30, 20], 110), Some(120));
        // A billion seats a room: settles quickly, never above the truth.
        let huge = vec![1_000_000_007; 6];
        let got = fewest_seats_reaching(&huge, 1_500_000_000).expect("reachable");
        assert!((1_500_000_000..=2_000_000_014).contains(&got), "{got}");
    }
}
