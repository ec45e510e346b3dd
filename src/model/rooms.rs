//! Room classes and concrete rooms.
//!
//! In: a problem. Out: its rooms grouped into classes of truly
//! interchangeable rooms, and (after a solve) concrete rooms for each talk
//! placed in a class, by interval colouring per class.

use std::collections::BTreeMap;

use super::ModelError;
use crate::analysis::Domain;
use crate::problem::{BuildingId, FeatureId, Problem, RoomId, SlotId, TalkId};
use crate::timetable::Placement;

/// Rooms that can stand in for each other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomClass {
    /// Rooms in file order.
    pub rooms: Vec<RoomId>,
    /// Seats of each.
    pub capacity: u32,
    /// Building of each.
    pub building: Option<BuildingId>,
}

impl RoomClass {
    /// Whether the class may hold the main room of a talk with this domain.
    pub fn allowed(&self, d: &Domain) -> bool {
        self.rooms.iter().all(|r| d.rooms.contains(r))
    }
}

/// Groups rooms into interchangeable classes (each room alone with
/// `per_room`): same seats, building, features, unavailability, and the
/// same place in every track's `rooms` and `only_rooms`; a room some talk
/// is fixed to stays alone.
pub fn room_classes(p: &Problem, per_room: bool) -> Vec<RoomClass> {
    let fixed: Vec<RoomId> = p.talks.iter().filter_map(|t| t.fixed_room).collect();
    // Rooms a track names (prefers, or only allows) stand apart from rooms
    // it does not: which of those lists each room is in is part of its key.
    let lists: Vec<&Vec<RoomId>> = p
        .track_rules
        .iter()
        .flat_map(|k| std::iter::once(&k.rooms).chain(k.only_rooms.as_ref()))
        .filter(|l| !l.is_empty())
        .collect();
    type Key = (
        u32,
        Option<BuildingId>,
        Vec<FeatureId>,
        Vec<SlotId>,
        Vec<bool>,
    );
    let mut by_key: BTreeMap<Key, usize> = BTreeMap::new();
    let mut classes: Vec<RoomClass> = Vec::new();
    for r in p.room_ids() {
        let room = p.room(r);
        let key: Key = (
            room.capacity,
            room.building,
            room.features.clone(),
            room.unavailable.iter().collect(),
            lists.iter().map(|l| l.contains(&r)).collect(),
        );
        let shareable = !per_room && !fixed.contains(&r);
        match by_key.get(&key) {
            Some(&k) if shareable => classes[k].rooms.push(r),
            _ => {
                if shareable {
                    by_key.insert(key, classes.len());
                }
                classes.push(RoomClass {
                    rooms: vec![r],
                    capacity: room.capacity,
                    building: room.building,
                });
            }
        }
    }
    classes
}

/// Makes the largest room of an overflow talk its main room where nothing
/// depends on which one is main (no baseline, no fixed room, no sequence, no declared
/// track, whose rooms and room count look at main rooms; same building,
/// the talk's features): organisers expect the speaker in the big hall.
pub fn prefer_largest_main_room(p: &Problem, placements: &mut [Placement]) {
    // A re-plan compares main rooms with the baseline's.
    if p.baseline.is_some() {
        return;
    }
    for x in placements.iter_mut() {
        let talk = p.talk(x.talk);
        if !talk.overflow
            || talk.fixed_room.is_some()
            || talk
                .track
                .is_some_and(|k| p.track_rules[k.index()].declared.is_some())
            || p.sequences.iter().any(|s| s.talks.contains(&x.talk))
        {
            continue;
        }
        let main = p.room(x.rooms[0]);
        let best = x
            .rooms
            .iter()
            .copied()
            .filter(|&r| {
                let room = p.room(r);
                room.building == main.building
                    && talk.needs.iter().all(|f| room.features.contains(f))
            })
            .max_by_key(|&r| (p.room(r).capacity, std::cmp::Reverse(r)));
        if let Some(best) = best {
            x.rooms.retain(|&r| r != best);
            x.rooms.sort();
            x.rooms.insert(0, best);
        }
    }
}

/// Gives every placed talk concrete rooms: per class, intervals (a
/// sequence in one class is one interval) coloured first-fit by start.
pub fn assign_rooms(
    p: &Problem,
    classes: &[RoomClass],
    main: &[Option<(usize, SlotId)>],
    extras: &[(TalkId, usize, SlotId, usize)],
) -> Result<Vec<Placement>, ModelError> {
    // Sequence chains: talk -> first talk of its chain when in one class.
    let mut chain_head: Vec<TalkId> = p.talk_ids().collect();
    for seq in &p.sequences {
        for w in seq.talks.windows(2) {
            let (a, b) = (w[0], w[1]);
            if let (Some((ka, sa)), Some((kb, sb))) = (main[a.index()], main[b.index()])
                && ka == kb
                && sb.index() == sa.index() + p.talk(a).parts as usize
            {
                chain_head[b.index()] = chain_head[a.index()];
            }
        }
    }
    // Follow chains to their roots (a talk may head a chain that continues).
    for t in p.talk_ids() {
        let mut h = chain_head[t.index()];
        while chain_head[h.index()] != h {
            h = chain_head[h.index()];
        }
        chain_head[t.index()] = h;
    }
    // Intervals: (class, start, end, owner) where owner is Main(head) or
    // Extra(talk, class, copy).
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
    enum Owner {
        Main(TalkId),
        Extra(TalkId, usize, usize),
    }
    let mut spans: BTreeMap<(usize, Owner), (usize, usize)> = BTreeMap::new();
    for t in p.talk_ids() {
        if let Some((k, s)) = main[t.index()] {
            let end = s.index() + p.talk(t).parts as usize;
            let e = spans
                .entry((k, Owner::Main(chain_head[t.index()])))
                .or_insert((s.index(), end));
            e.0 = e.0.min(s.index());
            e.1 = e.1.max(end);
        }
    }
    for &(t, k, s, n) in extras {
        for copy in 0..n {
            let end = s.index() + p.talk(t).parts as usize;
            spans.insert((k, Owner::Extra(t, k, copy)), (s.index(), end));
        }
    }
    let mut intervals: Vec<(usize, usize, usize, Owner)> = spans
        .into_iter()
        .map(|((k, o), (a, b))| (k, a, b, o))
        .collect();
    intervals.sort();
    let n_slots = p.slots.len();
    let mut busy: Vec<Vec<bool>> = vec![vec![false; n_slots]; p.rooms.len()];
    let mut got: BTreeMap<Owner, RoomId> = BTreeMap::new();
    for (k, a, b, owner) in intervals {
        let room = classes[k]
            .rooms
            .iter()
            .copied()
            .find(|r| (a..b).all(|s| !busy[r.index()][s]))
            .ok_or(ModelError::NoFreeRoom {
                class: k,
                talk: match owner {
                    Owner::Main(t) | Owner::Extra(t, _, _) => t,
                },
            })?;
        busy[room.index()][a..b].fill(true);
        got.insert(owner, room);
    }
    let mut out = Vec::new();
    for t in p.talk_ids() {
        let Some((_, s)) = main[t.index()] else {
            continue;
        };
        let mut rooms = vec![got[&Owner::Main(chain_head[t.index()])]];
        let mut extra_rooms: Vec<RoomId> = got
            .iter()
            .filter_map(|(o, r)| matches!(o, Owner::Extra(x, _, _) if *x == t).then_some(*r))
            .collect();
        extra_rooms.sort();
        rooms.extend(extra_rooms);
        out.push(Placement {
            talk: t,
            start: s,
            rooms,
        });
    }
    Ok(out)
}
