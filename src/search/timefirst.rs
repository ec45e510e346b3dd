//! A first timetable for tight packings: start slots first, rooms after.
//!
//! In: a problem and its domains. Out: valid placements for every talk, or
//! `None` (the problem uses a rule this construction does not handle, the
//! search ran out of moves, or `control` says stop).
//!
//! The greedy places talks one by one in a start and a room; when rooms are
//! scarce in every slot (ITC2007: capacities hard, curricula as hard
//! conflict groups) a talk placed early in a good room can leave a later
//! talk nowhere to go. Here a one-part talk chooses only its start slot;
//! its room is left open, and a slot is fine as long as its one-part talks
//! can all be given distinct rooms they may use there (a maximum bipartite
//! matching per slot, kept up to date with one augmenting path per change).
//! A talk of several parts must keep one room for its whole run, so it
//! chooses its start and its room, and holds that room in each slot of the
//! run. A min-conflicts search with a tabu list repairs the violations:
//! two exclusive talks (a shared speaker, a hard conflict group, a
//! plenary) in one slot, a one-part talk the matching leaves without a
//! room, two talks of several parts holding one room. When none is left,
//! each one-part talk takes the room the matching gave it.
//!
//! Problems with overflow talks, sequences, precedences (`after`, track
//! orders) or walking times between buildings are left to the other
//! stages. Every rule is asked of `problem::rules` (one predicate per rule),
//! the result is checked talk by talk against the same rules with
//! `State::fits` before it is returned, and the caller offers it to `Best`,
//! which runs `verify`.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::state::State;
use super::{Control, trace};
use crate::analysis;
use crate::problem::{Problem, RoomId, SlotId, TalkId, rules};
use crate::timetable::Placement;
use crate::tuning;

/// Where a talk may go: a start, and for a talk of several parts its room.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cand {
    start: SlotId,
    room: Option<RoomId>,
}

/// The search's state: each talk's candidate, and per slot the counts and
/// the matching of its one-part talks to rooms.
struct Search<'p> {
    p: &'p Problem,
    /// Per talk: its candidates.
    cands: Vec<Vec<Cand>>,
    /// Per talk: the talks it may never share a slot with.
    excl: Vec<Vec<TalkId>>,
    /// Per talk: its main rooms (one-part talks).
    rooms: Vec<Vec<RoomId>>,
    /// Per room and slot: whether the room is available (its own rules).
    open: Vec<Vec<bool>>,
    /// Per talk: the index of its candidate (`None`: not placed).
    at: Vec<Option<usize>>,
    /// Per slot and talk: placed talks in the slot exclusive with it.
    clash: Vec<Vec<u32>>,
    /// Per slot and room: talks of several parts holding the room.
    held: Vec<Vec<u32>>,
    /// Per slot: its one-part talks.
    singles: Vec<Vec<TalkId>>,
    /// Per slot: the talks of several parts occupying it.
    multis: Vec<Vec<TalkId>>,
    /// Per slot and room: the one-part talk matched to it.
    mate: Vec<Vec<Option<TalkId>>>,
    /// Per one-part talk: its matched room.
    room_of: Vec<Option<RoomId>>,
}

/// A first timetable for tight packings (see the module docs); `None` when
/// the problem has a rule it does not handle or no timetable was found
/// within [`tuning::TIME_FIRST_WORK`] evaluations per talk.
pub fn construct(
    p: &Problem,
    doms: &[analysis::Domain],
    control: &Control,
) -> Option<Vec<Placement>> {
    if !handled(p) {
        return None;
    }
    let mut s = Search::new(p, doms)?;
    let mut rng = ChaCha8Rng::seed_from_u64(tuning::TIME_FIRST_SEED);
    s.first(&mut rng);
    let budget = tuning::TIME_FIRST_WORK.saturating_mul(p.talks.len().max(1));
    let mut work = 0usize;
    let mut tabu: Vec<Vec<usize>> = s.cands.iter().map(|c| vec![0; c.len()]).collect();
    for step in 1.. {
        if work > budget {
            break;
        }
        let conflicted = s.conflicted();
        if conflicted.is_empty() {
            trace(&format!("time first: a timetable after {step} moves"));
            return s.placements();
        }
        if step % 256 == 0 && control.should_stop() {
            return None;
        }
        let t = conflicted[rng.random_range(0..conflicted.len())];
        let old = s.at[t.index()].expect("a conflicted talk is placed");
        let from = s.cands[t.index()][old].start.index();
        let single = s.cands[t.index()][old].room.is_none();
        let before = s.local(from);
        s.remove(t);
        let gain = before - s.local(from);
        let tenure = step + tuning::TIME_FIRST_TABU + rng.random_range(0..10);
        if rng.random::<f64>() < tuning::TIME_FIRST_NOISE {
            tabu[t.index()][old] = tenure;
            let i = rng.random_range(0..s.cands[t.index()].len());
            s.place(t, i);
            continue;
        }
        let (chosen, cost) = s.best_cand(t, &tabu[t.index()], step, &mut rng);
        work += s.cands[t.index()].len();
        let moved = i64::from(cost) - gain;
        if single && moved >= 0 {
            // No move of t alone helps: trade places with a one-part talk
            // of another slot, if that is better.
            let (swap, tried) = s.best_swap(t, from, gain, &tabu, step);
            work += tried;
            if let Some((v, ti, vi, delta)) = swap
                && delta < moved
            {
                let vold = s.at[v.index()].expect("placed");
                tabu[t.index()][old] = tenure;
                tabu[v.index()][vold] = tenure;
                s.remove(v);
                s.place(t, ti);
                s.place(v, vi);
                continue;
            }
        }
        tabu[t.index()][old] = tenure;
        s.place(t, chosen);
    }
    trace("time first: no timetable within its moves");
    None
}

/// Whether the construction handles every rule of the problem.
fn handled(p: &Problem) -> bool {
    let walks = p
        .room_ids()
        .any(|a| p.room_ids().any(|b| p.walk_between(a, b) > 0));
    !p.talks.iter().any(|t| t.overflow)
        && p.sequences.is_empty()
        && rules::precedences(p).is_empty()
        && !walks
        && !p.talks.is_empty()
}

impl<'p> Search<'p> {
    /// The candidates and exclusions; `None` when a talk has no candidate.
    fn new(p: &'p Problem, doms: &[analysis::Domain]) -> Option<Self> {
        let n = p.slots.len();
        let mut cands = Vec::with_capacity(p.talks.len());
        let mut rooms = Vec::with_capacity(p.talks.len());
        for t in p.talk_ids() {
            let talk = p.talk(t);
            let dom = &doms[t.index()];
            let main: Vec<RoomId> = dom
                .rooms
                .iter()
                .copied()
                .filter(|&r| rules::main_room_allowed(p, t, r))
                .collect();
            let starts = dom
                .starts
                .iter()
                .copied()
                .filter(|&s| rules::start_allowed(p, t, s, |_| true));
            let c: Vec<Cand> = if talk.parts == 1 {
                starts
                    .filter(|&s| main.iter().any(|&r| rules::room_free(p, r, s, 1)))
                    .map(|start| Cand { start, room: None })
                    .collect()
            } else {
                starts
                    .flat_map(|s| {
                        main.iter()
                            .copied()
                            .filter(move |&r| rules::room_free(p, r, s, talk.parts))
                            .map(move |r| Cand {
                                start: s,
                                room: Some(r),
                            })
                    })
                    .collect()
            };
            if c.is_empty() {
                return None;
            }
            cands.push(c);
            rooms.push(main);
        }
        let open = p
            .room_ids()
            .map(|r| {
                (0..n)
                    .map(|s| rules::room_free(p, r, SlotId::at(s), 1))
                    .collect()
            })
            .collect();
        Some(Search {
            p,
            cands,
            excl: exclusions(p),
            rooms,
            open,
            at: vec![None; p.talks.len()],
            clash: vec![vec![0; p.talks.len()]; n],
            held: vec![vec![0; p.rooms.len()]; n],
            singles: vec![Vec::new(); n],
            multis: vec![Vec::new(); n],
            mate: vec![vec![None; p.rooms.len()]; n],
            room_of: vec![None; p.talks.len()],
        })
    }

    fn run(&self, t: TalkId, start: SlotId) -> std::ops::Range<usize> {
        start.index()..start.index() + self.p.talk(t).parts as usize
    }

    /// Whether one-part talk `t` may have room `r` in slot `s` now.
    fn edge(&self, s: usize, r: RoomId) -> bool {
        self.open[r.index()][s] && self.held[s][r.index()] == 0
    }

    /// Whether an augmenting path from one-part talk `t` exists in slot
    /// `s`'s matching (rooms marked in `seen` are not tried); with
    /// `commit`, the matching takes it.
    fn augment(&mut self, s: usize, t: TalkId, seen: &mut [bool], commit: bool) -> bool {
        for i in 0..self.rooms[t.index()].len() {
            let r = self.rooms[t.index()][i];
            if seen[r.index()] || !self.edge(s, r) {
                continue;
            }
            seen[r.index()] = true;
            let free = match self.mate[s][r.index()] {
                None => true,
                Some(u) => self.augment(s, u, seen, commit),
            };
            if free {
                if commit {
                    self.mate[s][r.index()] = Some(t);
                    self.room_of[t.index()] = Some(r);
                }
                return true;
            }
        }
        false
    }

    /// Gives a room to one unmatched one-part talk of slot `s`, if any can
    /// have one (after a room or a talk was freed there, at most one can).
    fn rematch_one(&mut self, s: usize) {
        let waiting: Vec<TalkId> = self.singles[s]
            .iter()
            .copied()
            .filter(|t| self.room_of[t.index()].is_none())
            .collect();
        for t in waiting {
            let mut seen = vec![false; self.p.rooms.len()];
            if self.augment(s, t, &mut seen, true) {
                return;
            }
        }
    }

    /// What placing talk `t` (removed) at candidate `c` adds: exclusive
    /// talks it meets, a room its slot's matching cannot give, rooms
    /// already held, one-part talks its held room leaves without one.
    fn cost(&mut self, t: TalkId, c: Cand) -> u32 {
        let run = self.run(t, c.start);
        let mut cost: u32 = run.clone().map(|s| self.clash[s][t.index()]).sum();
        match c.room {
            None => {
                let s = c.start.index();
                let mut seen = vec![false; self.p.rooms.len()];
                if !self.augment(s, t, &mut seen, false) {
                    cost += 1;
                }
            }
            Some(r) => {
                for s in run {
                    cost += self.held[s][r.index()];
                    if let Some(u) = self.mate[s][r.index()] {
                        let mut seen = vec![false; self.p.rooms.len()];
                        seen[r.index()] = true;
                        // Another path for u that avoids r: a changed
                        // matching, which is still a maximum one.
                        if !self.augment(s, u, &mut seen, false) {
                            cost += 1;
                        }
                    }
                }
            }
        }
        cost
    }

    /// The cheapest candidate of talk `t` (removed) not tabu at `step`
    /// (a tabu candidate that adds nothing is allowed), ties at random.
    fn best_cand(
        &mut self,
        t: TalkId,
        tabu: &[usize],
        step: usize,
        rng: &mut ChaCha8Rng,
    ) -> (usize, u32) {
        let mut best: Option<(u32, usize)> = None;
        let mut ties = 0u32;
        for (i, &until) in tabu.iter().enumerate() {
            let c = self.cands[t.index()][i];
            let cost = self.cost(t, c);
            if until > step && cost > 0 {
                continue;
            }
            match best {
                Some((b, _)) if cost > b => {}
                Some((b, _)) if cost == b => {
                    ties += 1;
                    if rng.random_range(0..ties) == 0 {
                        best = Some((cost, i));
                    }
                }
                _ => {
                    best = Some((cost, i));
                    ties = 1;
                }
            }
        }
        best.map_or_else(
            || (rng.random_range(0..tabu.len()), u32::MAX),
            |(c, i)| (i, c),
        )
    }

    /// Places talk `t` (not placed) at its candidate `i`.
    fn place(&mut self, t: TalkId, i: usize) {
        let c = self.cands[t.index()][i];
        self.at[t.index()] = Some(i);
        let run = self.run(t, c.start);
        for s in run.clone() {
            for &u in &self.excl[t.index()] {
                self.clash[s][u.index()] += 1;
            }
        }
        match c.room {
            None => {
                let s = c.start.index();
                self.singles[s].push(t);
                let mut seen = vec![false; self.p.rooms.len()];
                self.augment(s, t, &mut seen, true);
            }
            Some(r) => {
                for s in run {
                    self.multis[s].push(t);
                    self.held[s][r.index()] += 1;
                    if let Some(u) = self.mate[s][r.index()].take() {
                        self.room_of[u.index()] = None;
                        let mut seen = vec![false; self.p.rooms.len()];
                        self.augment(s, u, &mut seen, true);
                    }
                }
            }
        }
    }

    /// Takes talk `t` (placed) out.
    fn remove(&mut self, t: TalkId) {
        let i = self.at[t.index()].take().expect("placed");
        let c = self.cands[t.index()][i];
        let run = self.run(t, c.start);
        for s in run.clone() {
            for &u in &self.excl[t.index()] {
                self.clash[s][u.index()] -= 1;
            }
        }
        match c.room {
            None => {
                let s = c.start.index();
                self.singles[s].retain(|&u| u != t);
                if let Some(r) = self.room_of[t.index()].take() {
                    self.mate[s][r.index()] = None;
                    self.rematch_one(s);
                }
            }
            Some(r) => {
                for s in run {
                    self.multis[s].retain(|&u| u != t);
                    self.held[s][r.index()] -= 1;
                    if self.held[s][r.index()] == 0 {
                        self.rematch_one(s);
                    }
                }
            }
        }
    }

    /// The violations in slot `s`: pairs of exclusive talks, one-part
    /// talks without a room, rooms held twice.
    fn local(&self, s: usize) -> i64 {
        let occupants = self.singles[s].iter().chain(&self.multis[s]);
        let pairs: u32 = occupants.map(|u| self.clash[s][u.index()]).sum();
        let unmatched = self.singles[s]
            .iter()
            .filter(|u| self.room_of[u.index()].is_none())
            .count();
        let twice: u32 = self.held[s].iter().map(|&n| n.saturating_sub(1)).sum();
        i64::from(pairs / 2) + i64::try_from(unmatched).unwrap_or(i64::MAX) + i64::from(twice)
    }

    /// The best trade of one-part talk `t` (removed from slot `from`, which
    /// saved `gain`) with a one-part talk of another slot that may start at
    /// `from`: (that talk, t's candidate, its candidate, the change in
    /// violations against t in place). Tabu places are not taken.
    fn best_swap(
        &mut self,
        t: TalkId,
        from: usize,
        gain: i64,
        tabu: &[Vec<usize>],
        step: usize,
    ) -> (Option<(TalkId, usize, usize, i64)>, usize) {
        let mut best: Option<(TalkId, usize, usize, i64)> = None;
        let mut tried = 0;
        for ti in 0..self.cands[t.index()].len() {
            let to = self.cands[t.index()][ti].start.index();
            if to == from || tabu[t.index()][ti] > step {
                continue;
            }
            for v in self.singles[to].clone() {
                let Some(vi) = self.cands[v.index()]
                    .iter()
                    .position(|c| c.start.index() == from)
                else {
                    continue;
                };
                if tabu[v.index()][vi] > step {
                    continue;
                }
                let vold = self.at[v.index()].expect("placed");
                tried += 1;
                let pre = self.local(from) + self.local(to);
                self.remove(v);
                self.place(t, ti);
                self.place(v, vi);
                let post = self.local(from) + self.local(to);
                self.remove(v);
                self.remove(t);
                self.place(v, vold);
                let delta = post - pre - gain;
                if best.is_none_or(|b| delta < b.3) {
                    best = Some((v, ti, vi, delta));
                }
            }
        }
        (best, tried)
    }

    /// First places, hardest talks first (fewest candidates, most parts),
    /// each at its cheapest candidate.
    fn first(&mut self, rng: &mut ChaCha8Rng) {
        let mut order: Vec<TalkId> = self.p.talk_ids().collect();
        order.sort_by_key(|&t| {
            (
                self.cands[t.index()].len(),
                std::cmp::Reverse(self.p.talk(t).parts),
                t,
            )
        });
        for t in order {
            let (i, _) = self.best_cand(t, &vec![0; self.cands[t.index()].len()], 0, rng);
            self.place(t, i);
        }
    }

    /// The talks in some violation, and every talk in a slot whose
    /// matching leaves a one-part talk without a room (any of them may be
    /// the one to make way).
    fn conflicted(&self) -> Vec<TalkId> {
        let short: Vec<bool> = self
            .singles
            .iter()
            .map(|ts| ts.iter().any(|t| self.room_of[t.index()].is_none()))
            .collect();
        self.p
            .talk_ids()
            .filter(|&t| {
                let Some(i) = self.at[t.index()] else {
                    return false;
                };
                let c = self.cands[t.index()][i];
                let mut run = self.run(t, c.start);
                run.any(|s| {
                    self.clash[s][t.index()] > 0
                        || short[s]
                        || c.room.is_some_and(|r| self.held[s][r.index()] > 1)
                })
            })
            .collect()
    }

    /// The timetable, once no violation is left, checked talk by talk with
    /// the shared rules (`None`, with a trace, if one fails: a rule this
    /// construction does not know).
    fn placements(&self) -> Option<Vec<Placement>> {
        let mut out = Vec::with_capacity(self.p.talks.len());
        for t in self.p.talk_ids() {
            let c = self.cands[t.index()][self.at[t.index()]?];
            let room = c.room.or(self.room_of[t.index()])?;
            out.push(Placement {
                talk: t,
                start: c.start,
                rooms: vec![room],
            });
        }
        let mut st = State::new(self.p, &[]);
        for x in &out {
            if !st.fits(x.talk, x.start, x.rooms[0]) {
                trace(&format!(
                    "time first: talk `{}` breaks a rule it does not model",
                    self.p.talk(x.talk).id
                ));
                return None;
            }
            st.at[x.talk.index()] = (x.start, x.rooms.clone());
            st.add(x.talk);
        }
        out.sort();
        Some(out)
    }
}

/// Per talk: the talks it may never share a slot with (`rules::exclusive`,
/// asked of the pairs that share a speaker or a hard conflict group, or
/// where either is a plenary).
fn exclusions(p: &Problem) -> Vec<Vec<TalkId>> {
    let mut near: Vec<Vec<TalkId>> = vec![Vec::new(); p.talks.len()];
    let plenaries: Vec<TalkId> = p.talk_ids().filter(|&t| p.talk(t).plenary).collect();
    for t in p.talk_ids() {
        let talk = p.talk(t);
        if talk.plenary {
            near[t.index()].extend(p.talk_ids());
        } else {
            near[t.index()].extend(plenaries.iter().copied());
        }
        for &sp in &talk.speakers {
            near[t.index()].extend(p.speaker(sp).talks.iter().copied());
        }
    }
    for c in p.conflicts.iter().filter(|c| c.hard) {
        for &a in &c.talks {
            near[a.index()].extend(c.talks.iter().copied());
        }
    }
    for (t, list) in near.iter_mut().enumerate() {
        list.sort();
        list.dedup();
        list.retain(|&u| rules::exclusive(p, TalkId::at(t), u));
    }
    near
}
