//! Local search that improves a valid timetable before (and instead of)
//! a proof.
//!
//! In: a problem and valid placements. Out: valid placements whose
//! objective is no worse: moves swap two talks' places (same number of
//! parts) or move a talk into a free room and start, keeping every hard
//! rule; each accepted move lowers empty seats x weight + track clashes x
//! weight. Talks that are fixed, in a sequence or streamed never move.
//! Deterministic: a fixed-seed generator and move counts, not the clock.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::analysis;
use crate::problem::{Problem, RoomId, SlotId, TalkId};
use crate::timetable::Placement;

struct State<'p> {
    p: &'p Problem,
    /// Per talk: start and main room (movable talks have exactly one room).
    at: Vec<(SlotId, Vec<RoomId>)>,
    /// Per room and slot: the talk there.
    room_use: Vec<Vec<Option<TalkId>>>,
    /// Per speaker and slot: how many of their talks are there.
    speaker_use: Vec<Vec<u8>>,
    /// Per track and slot: talks of the track there.
    track_use: Vec<Vec<u32>>,
}

impl<'p> State<'p> {
    fn new(p: &'p Problem, placements: &[Placement]) -> Self {
        let n = p.slots.len();
        let mut st = State {
            p,
            at: vec![(SlotId(0), Vec::new()); p.talks.len()],
            room_use: vec![vec![None; n]; p.rooms.len()],
            speaker_use: vec![vec![0; n]; p.speakers.len()],
            track_use: vec![vec![0; n]; p.tracks.len()],
        };
        for x in placements {
            st.at[x.talk.index()] = (x.start, x.rooms.clone());
            st.add(x.talk);
        }
        st
    }

    fn run(&self, t: TalkId, start: SlotId) -> std::ops::Range<usize> {
        start.index()..start.index() + self.p.talk(t).parts as usize
    }

    fn add(&mut self, t: TalkId) {
        let (start, rooms) = self.at[t.index()].clone();
        for s in self.run(t, start) {
            for r in &rooms {
                self.room_use[r.index()][s] = Some(t);
            }
            for sp in &self.p.talk(t).speakers {
                self.speaker_use[sp.index()][s] += 1;
            }
            if let Some(k) = self.p.talk(t).track {
                self.track_use[k.index()][s] += 1;
            }
        }
    }

    fn remove(&mut self, t: TalkId) {
        let (start, rooms) = self.at[t.index()].clone();
        for s in self.run(t, start) {
            for r in &rooms {
                self.room_use[r.index()][s] = None;
            }
            for sp in &self.p.talk(t).speakers {
                self.speaker_use[sp.index()][s] -= 1;
            }
            if let Some(k) = self.p.talk(t).track {
                self.track_use[k.index()][s] -= 1;
            }
        }
    }

    /// Empty seats of talk t at its place (times parts).
    fn empty(&self, t: TalkId) -> i64 {
        let p = self.p;
        let talk = p.talk(t);
        let (_, rooms) = &self.at[t.index()];
        let seats: i64 = rooms.iter().map(|r| i64::from(p.room(*r).capacity)).sum();
        (seats - i64::from(talk.audience)).max(0) * i64::from(talk.parts)
    }

    /// Cost of talk t at its place, given the others: its empty seats and
    /// the clashes it adds with its track.
    fn cost(&self, t: TalkId) -> i64 {
        let p = self.p;
        let talk = p.talk(t);
        let (start, _) = &self.at[t.index()];
        let empty = self.empty(t);
        let mut clash = 0;
        if let Some(k) = talk.track {
            for s in self.run(t, *start) {
                // Others of the track in this slot (t itself is counted in).
                clash += i64::from(self.track_use[k.index()][s]) - 1;
            }
        }
        empty * p.weights.empty_seats as i64 + clash * p.weights.track_clash as i64
    }

    /// Whether talk t (currently removed) may take `start` in `room`.
    fn fits(&self, t: TalkId, start: SlotId, room: RoomId) -> bool {
        let p = self.p;
        let talk = p.talk(t);
        if !analysis::room_allowed(p, t, room)
            || !analysis::start_allowed(p, t, start)
            || !analysis::room_free_for(p, room, start, talk.parts)
        {
            return false;
        }
        let run = self.run(t, start);
        if run
            .clone()
            .any(|s| self.room_use[room.index()][s].is_some())
        {
            return false;
        }
        for sp in &talk.speakers {
            if run.clone().any(|s| self.speaker_use[sp.index()][s] > 0) {
                return false;
            }
            // Walking: a talk of this speaker just before or just after.
            let before = start.index().checked_sub(1).map(SlotId::at);
            let after = SlotId::at(run.end - 1);
            for (a, b) in [
                (before, Some(start)),
                (Some(after), Some(SlotId::at(run.end))),
            ] {
                let (Some(a), Some(b)) = (a, b) else { continue };
                if b.index() >= p.slots.len() || !p.consecutive(a) {
                    continue;
                }
                let other = if a == after { b } else { a };
                let change = p.changeover_after(a).unwrap_or(0);
                for &u in &p.speaker(*sp).talks {
                    let (us, rooms) = &self.at[u.index()];
                    if u == t || rooms.is_empty() {
                        continue;
                    }
                    let us = *us;
                    if self.run(u, us).contains(&other.index())
                        && p.walk_between(room, rooms[0]) > change
                    {
                        return false;
                    }
                }
            }
        }
        true
    }
}

impl State<'_> {
    /// Whether room `r` is available and unused for a run from `start`.
    fn room_open(&self, r: RoomId, start: SlotId, parts: u32) -> bool {
        analysis::room_free_for(self.p, r, start, parts)
            && (start.index()..start.index() + parts as usize)
                .all(|s| self.room_use[r.index()][s].is_none())
    }

    /// Extra rooms for an overflow talk whose main room is `main`: while the
    /// seats fall short, the smallest free room that closes the gap, else
    /// the largest free room.
    fn extra_rooms(&self, t: TalkId, start: SlotId, main: RoomId) -> Option<Vec<RoomId>> {
        let p = self.p;
        let talk = p.talk(t);
        let mut rooms = vec![main];
        let mut seats = p.room(main).capacity;
        while seats < talk.audience {
            let open: Vec<RoomId> = p
                .room_ids()
                .filter(|r| !rooms.contains(r) && self.room_open(*r, start, talk.parts))
                .collect();
            let gap = talk.audience - seats;
            let pick = open
                .iter()
                .copied()
                .filter(|&r| p.room(r).capacity >= gap)
                .min_by_key(|&r| (p.room(r).capacity, r))
                .or_else(|| {
                    open.iter()
                        .copied()
                        .max_by_key(|&r| (p.room(r).capacity, std::cmp::Reverse(r)))
                })?;
            seats += p.room(pick).capacity;
            rooms.push(pick);
        }
        Some(rooms)
    }
}

/// A talk's tentative place: start and rooms (main first).
type Spot = (TalkId, SlotId, Vec<RoomId>);

/// A first timetable, built greedily: sequences and hard-to-place talks
/// first, each at the start and room that adds the least cost (empty
/// seats, clashes), overflow talks gathering rooms until they are seated.
/// `None` when some talk finds no place (the solver decides then).
pub fn construct(p: &Problem, doms: &[analysis::Domain]) -> Option<Vec<Placement>> {
    let mut st = State::new(p, &[]);
    // Units: a sequence's talks together, every other talk alone.
    let mut unit_of: Vec<Option<usize>> = vec![None; p.talks.len()];
    let mut units: Vec<Vec<TalkId>> = Vec::new();
    for seq in &p.sequences {
        if seq.talks.iter().any(|t| unit_of[t.index()].is_some()) {
            return None; // a talk in two sequences: leave it to the solver
        }
        for t in &seq.talks {
            unit_of[t.index()] = Some(units.len());
        }
        units.push(seq.talks.clone());
    }
    for t in p.talk_ids() {
        if unit_of[t.index()].is_none() {
            units.push(vec![t]);
        }
    }
    let key = |u: &Vec<TalkId>| {
        let first = p.talk(u[0]);
        let parts: u32 = u.iter().map(|&t| p.talk(t).parts).sum();
        let fixed = u
            .iter()
            .any(|&t| p.talk(t).fixed_slot.is_some() || p.talk(t).fixed_room.is_some());
        (
            !fixed,
            u.len() == 1,
            !first.overflow,
            first.needs.is_empty(),
            std::cmp::Reverse(parts),
            doms[u[0].index()].starts.len(),
            std::cmp::Reverse(first.audience),
            u[0],
        )
    };
    units.sort_by_key(key);
    for unit in &units {
        let head = unit[0];
        let mut best: Option<(i64, Vec<Spot>)> = None;
        for &s in &doms[head.index()].starts {
            for &r in &doms[head.index()].rooms {
                // Place the chain tentatively, then undo.
                let mut placed: Vec<Spot> = Vec::new();
                let mut at = s.index();
                let mut ok = true;
                for &t in unit {
                    let start = SlotId::at(at);
                    if at >= p.slots.len() || !st.fits(t, start, r) {
                        ok = false;
                        break;
                    }
                    let rooms = if p.talk(t).overflow {
                        match st.extra_rooms(t, start, r) {
                            Some(rs) => rs,
                            None => {
                                ok = false;
                                break;
                            }
                        }
                    } else {
                        vec![r]
                    };
                    st.at[t.index()] = (start, rooms.clone());
                    st.add(t);
                    placed.push((t, start, rooms));
                    at += p.talk(t).parts as usize;
                }
                if ok {
                    let cost: i64 = placed.iter().map(|(t, _, _)| st.cost(*t)).sum();
                    if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                        best = Some((cost, placed.clone()));
                    }
                }
                for (t, _, _) in placed.iter().rev() {
                    st.remove(*t);
                    st.at[t.index()] = (SlotId(0), Vec::new());
                }
            }
        }
        let (_, chosen) = best?;
        for (t, start, rooms) in chosen {
            st.at[t.index()] = (start, rooms);
            st.add(t);
        }
    }
    let mut out: Vec<Placement> = p
        .talk_ids()
        .map(|t| {
            let (start, rooms) = st.at[t.index()].clone();
            Placement {
                talk: t,
                start,
                rooms,
            }
        })
        .collect();
    out.sort();
    Some(out)
}

/// Whether a talk may be moved by the search.
fn movable(p: &Problem, t: TalkId) -> bool {
    let talk = p.talk(t);
    !talk.overflow
        && talk.fixed_slot.is_none()
        && talk.fixed_room.is_none()
        && !p.sequences.iter().any(|s| s.talks.contains(&t))
}

/// Improves placements by simulated annealing over swaps and moves;
/// `effort` is the number of moves tried per movable talk. The best
/// timetable seen is returned.
pub fn improve(p: &Problem, placements: &[Placement], effort: usize) -> Vec<Placement> {
    improve_with(p, placements, effort, false)
}

/// Like [`improve`]; with `keep_seats`, no move may add empty seats (so a
/// timetable with the fewest empty seats keeps them while its clashes go
/// down).
pub fn improve_with(
    p: &Problem,
    placements: &[Placement],
    effort: usize,
    keep_seats: bool,
) -> Vec<Placement> {
    let mut st = State::new(p, placements);
    let movable: Vec<TalkId> = placements
        .iter()
        .map(|x| x.talk)
        .filter(|&t| movable(p, t))
        .collect();
    let mut best = st.at.clone();
    if movable.len() < 2 {
        return placements.to_vec();
    }
    let mut rng = ChaCha8Rng::seed_from_u64(0x5eed);
    let tries = effort.max(1) * movable.len();
    // Temperature: from about one track clash down to a fraction of a seat.
    let t0 = (p.weights.track_clash.max(p.weights.empty_seats) as f64).max(1.0);
    let t1 = 0.05;
    let mut total: i64 = 0;
    let mut best_total: i64 = 0;
    for i in 0..tries {
        let temp = t0 * (t1 / t0).powf(i as f64 / tries as f64);
        let a = movable[rng.random_range(0..movable.len())];
        let delta = if rng.random_bool(0.6) {
            let b = movable[rng.random_range(0..movable.len())];
            if a == b || p.talk(a).parts != p.talk(b).parts {
                continue;
            }
            try_swap(&mut st, a, b, temp, keep_seats, &mut rng)
        } else {
            try_move(&mut st, a, temp, keep_seats, &mut rng)
        };
        if let Some(d) = delta {
            total += d;
            if total < best_total {
                best_total = total;
                best = st.at.clone();
            }
        }
    }
    let mut out: Vec<Placement> = placements.to_vec();
    for x in &mut out {
        let (start, rooms) = &best[x.talk.index()];
        x.start = *start;
        x.rooms = rooms.clone();
    }
    out
}

/// Metropolis acceptance: better or equal always, worse with probability
/// exp(-delta / temp).
fn accept(delta: i64, temp: f64, rng: &mut ChaCha8Rng) -> bool {
    delta <= 0 || rng.random::<f64>() < (-(delta as f64) / temp).exp()
}

/// Swaps a and b if both fit and the change is accepted; returns the
/// change in objective.
fn try_swap(
    st: &mut State,
    a: TalkId,
    b: TalkId,
    temp: f64,
    keep_seats: bool,
    rng: &mut ChaCha8Rng,
) -> Option<i64> {
    let before = st.cost(a) + st.cost(b);
    let seats_before = st.empty(a) + st.empty(b);
    let (sa, ra) = st.at[a.index()].clone();
    let (sb, rb) = st.at[b.index()].clone();
    st.remove(a);
    st.remove(b);
    if st.fits(a, sb, rb[0]) {
        st.at[a.index()] = (sb, rb.clone());
        st.add(a);
        if st.fits(b, sa, ra[0]) {
            st.at[b.index()] = (sa, ra.clone());
            st.add(b);
            // The pair's own clash is counted from both sides before and
            // after alike, so the difference is the objective's change.
            let delta = st.cost(a) + st.cost(b) - before;
            let more_seats = st.empty(a) + st.empty(b) > seats_before;
            if !(keep_seats && more_seats) && accept(delta, temp, rng) {
                return Some(delta);
            }
            st.remove(b);
        }
        st.remove(a);
    }
    st.at[a.index()] = (sa, ra);
    st.at[b.index()] = (sb, rb);
    st.add(a);
    st.add(b);
    None
}

/// Moves a to a random room and start if it fits and the change is
/// accepted; returns the change in objective.
fn try_move(
    st: &mut State,
    a: TalkId,
    temp: f64,
    keep_seats: bool,
    rng: &mut ChaCha8Rng,
) -> Option<i64> {
    let p = st.p;
    let before = st.cost(a);
    let seats_before = st.empty(a);
    let (sa, ra) = st.at[a.index()].clone();
    st.remove(a);
    let start = SlotId::at(rng.random_range(0..p.slots.len()));
    let room = RoomId::at(rng.random_range(0..p.rooms.len()));
    if st.fits(a, start, room) {
        st.at[a.index()] = (start, vec![room]);
        st.add(a);
        let delta = st.cost(a) - before;
        let more_seats = st.empty(a) > seats_before;
        if !(keep_seats && more_seats) && accept(delta, temp, rng) {
            return Some(delta);
        }
        st.remove(a);
    }
    st.at[a.index()] = (sa, ra);
    st.add(a);
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{GenParams, generate};
    use crate::timetable::{json, score, verify};

    #[test]
    fn improving_keeps_every_rule_and_never_worsens() {
        for seed in 1..=4 {
            let g = generate(&GenParams::new(60, 6, 12, seed)).expect("generates");
            let p = crate::problem::parse("g.toml", &g.toml).expect("parses");
            let read = json::read(&p, &g.planted_json).expect("planted reads");
            assert!(verify(&p, &read.placements).is_empty());
            let better = improve(&p, &read.placements, 20);
            let v = verify(&p, &better);
            assert!(v.is_empty(), "seed {seed}: {v:?}");
            let (a, b) = (score(&p, &read.placements), score(&p, &better));
            assert!(b.objective <= a.objective, "seed {seed}: {a:?} -> {b:?}");
        }
    }
}
