//! The hard rules as constraint families, one method each.
//!
//! In: a [`Model`] with its variables. Out: its constraints. Each family is
//! named after the rule of the problem format it enforces.

use std::collections::BTreeMap;

use good_lp::{Expression, Variable};

use super::{Model, PlaceVar, RoomClass};
use crate::num::float;
use crate::problem::{BuildingId, SlotId, SpeakerId, TalkId, rules};

impl Model<'_> {
    /// Rule 1: every talk is given exactly once (in a re-plan's
    /// relaxation, perhaps only counted).
    pub fn each_talk_once(&mut self) {
        for t in self.problem.talk_ids() {
            if !self.scope.talks[t.index()] {
                continue;
            }
            let mut e = Expression::from(0.0);
            for &i in &self.talk_places[t.index()] {
                e.add_mul(1.0, self.places[i].var);
            }
            for v in self.away_vars(t) {
                e.add_mul(1.0, v);
            }
            self.constraints.push(e.eq(1.0));
        }
    }

    /// Rule 2: a room holds at most one talk (main or streamed) per slot;
    /// a class of n rooms holds at most n.
    pub fn one_talk_per_room_and_slot(&mut self) {
        let n_slots = self.problem.slots.len();
        // Per class and slot: the variables covering it (with how many rooms
        // of the class each takes) and the most they can add up to.
        type Cell = (Vec<(Variable, usize)>, usize);
        let mut cover: Vec<Vec<Cell>> = vec![vec![(Vec::new(), 0); n_slots]; self.classes.len()];
        let p = self.problem;
        let mut runs: Vec<(usize, SlotId, TalkId, Variable, usize, usize)> = Vec::new();
        for v in &self.places {
            runs.push((v.class, v.start, v.talk, v.var, 1, 1));
            if let Some(i) = v.room_set {
                for &(k, n) in &self.room_sets[i] {
                    runs.push((k, v.start, v.talk, v.var, n, n));
                }
            }
        }
        for v in &self.extras {
            let size = self.classes[v.class].rooms.len();
            runs.push((v.class, v.start, v.talk, v.var, 1, size));
        }
        for (k, start, t, var, coef, most) in runs {
            let parts = p.talk(t).parts as usize;
            for cell in &mut cover[k][start.index()..start.index() + parts] {
                cell.0.push((var, coef));
                cell.1 += most;
            }
        }
        for (k, per_slot) in cover.into_iter().enumerate() {
            let class = &self.classes[k];
            if !class.rooms.iter().all(|r| self.scope.rooms[r.index()]) {
                continue;
            }
            let size = class.rooms.len();
            for (vars, most) in per_slot {
                if most > size {
                    let mut e = Expression::from(0.0);
                    for (v, coef) in vars {
                        e.add_mul(float(coef), v);
                    }
                    self.constraints.push(e.leq(float(size)));
                }
            }
        }
    }

    /// Rule 3a: no speaker is in two talks at once.
    pub fn speakers_in_one_place(&mut self) {
        let p = self.problem;
        for sp in p.speaker_ids() {
            if !self.scope.speakers[sp.index()] {
                continue;
            }
            let talks: Vec<TalkId> = self.active_talks_of(sp);
            if talks.len() < 2 {
                continue;
            }
            for s in p.slot_ids() {
                let (e, n_talks) = self.occupancy(&talks, s);
                if n_talks > 1 {
                    self.constraints.push(e.leq(1.0));
                }
            }
        }
    }

    fn active_talks_of(&self, sp: SpeakerId) -> Vec<TalkId> {
        self.problem
            .speaker(sp)
            .talks
            .iter()
            .copied()
            .filter(|t| self.scope.talks[t.index()])
            .collect()
    }

    /// Rule 3b: a speaker with talks in consecutive slots in buildings
    /// further apart than the changeover cannot give both.
    pub fn speakers_can_walk(&mut self) {
        let p = self.problem;
        for sp in p.speaker_ids() {
            if !self.scope.speakers[sp.index()] {
                continue;
            }
            let talks = self.active_talks_of(sp);
            if talks.len() < 2 {
                continue;
            }
            for s in p.slot_ids() {
                if !p.consecutive(s) {
                    continue;
                }
                let next = SlotId::at(s.index() + 1);
                for b in 0..p.buildings.len() {
                    // A room of building b stands for it.
                    let Some(here_room) = p
                        .room_ids()
                        .find(|&r| p.room(r).building == Some(BuildingId::at(b)))
                    else {
                        continue;
                    };
                    let far = |c: &RoomClass| rules::walk_too_far(p, s, here_room, c.rooms[0]);
                    let mut here = Vec::new();
                    let mut there = Vec::new();
                    for &t in &talks {
                        for v in self.occupying(t, s) {
                            if self.classes[v.class].building == Some(BuildingId::at(b)) {
                                here.push(v.var);
                            }
                        }
                        for v in self.occupying(t, next) {
                            if far(&self.classes[v.class]) {
                                there.push(v.var);
                            }
                        }
                    }
                    if !here.is_empty() && !there.is_empty() {
                        let mut e = Expression::from(0.0);
                        for v in here.into_iter().chain(there) {
                            e.add_mul(1.0, v);
                        }
                        self.constraints.push(e.leq(1.0));
                    }
                }
            }
        }
    }

    /// Rule 4: an overflow talk's rooms seat its audience; extra rooms only
    /// where it is given.
    pub fn overflow_seats_add_up(&mut self) {
        let p = self.problem;
        for t in p.talk_ids() {
            let talk = p.talk(t);
            if !talk.overflow
                || !self.scope.talks[t.index()]
                || self.talk_extras[t.index()].is_empty()
            {
                continue;
            }
            let mut starts: Vec<SlotId> = self.talk_places[t.index()]
                .iter()
                .map(|&i| self.places[i].start)
                .collect();
            starts.dedup();
            for s in starts {
                let mut seats = Expression::from(0.0);
                let mut given = Expression::from(0.0);
                for &i in &self.talk_places[t.index()] {
                    let v = self.places[i];
                    if v.start == s {
                        seats.add_mul(f64::from(self.seats_of(&v)), v.var);
                        seats.add_mul(-f64::from(talk.audience), v.var);
                        given.add_mul(1.0, v.var);
                    }
                }
                for &i in &self.talk_extras[t.index()] {
                    let v = self.extras[i];
                    if v.start == s {
                        seats.add_mul(f64::from(self.classes[v.class].capacity), v.var);
                        let mut only_if_given = given.clone();
                        only_if_given
                            .add_mul(-1.0 / float(self.classes[v.class].rooms.len()), v.var);
                        self.constraints.push(only_if_given.geq(0.0));
                    }
                }
                self.constraints.push(seats.geq(0.0));
            }
        }
    }

    /// Rule 6: sequences are given back to back, in order, in one room.
    ///
    /// A talk may have several variables with the same main class and start
    /// (an overflow talk has one per set of extra rooms), so the rule links
    /// sums: for every (class, start) of `a`, the variables of `a` there add
    /// up to those of `b` in the same class at the start right after `a`
    /// ends; `b` is nowhere else.
    pub fn sequences_back_to_back(&mut self) {
        let p = self.problem;
        for (i, seq) in p.sequences.iter().enumerate() {
            if !self.scope.sequences[i] {
                continue;
            }
            for w in seq.talks.windows(2) {
                let (a, b) = (w[0], w[1]);
                if !self.scope.talks[a.index()] || !self.scope.talks[b.index()] {
                    continue;
                }
                let by_key = |t: TalkId| {
                    let mut m: BTreeMap<(usize, usize), Vec<Variable>> = BTreeMap::new();
                    for &j in &self.talk_places[t.index()] {
                        let v = &self.places[j];
                        m.entry((v.class, v.start.index())).or_default().push(v.var);
                    }
                    m
                };
                let a_vars = by_key(a);
                let mut b_vars = by_key(b);
                let a_aside: Vec<Variable> = self.away_vars(a).collect();
                let b_aside: Vec<Variable> = self.away_vars(b).collect();
                for ((k, s), vars) in a_vars {
                    let next = rules::next_in_sequence(p, a, SlotId::at(s)).map(SlotId::index);
                    let mut e = Expression::from(0.0);
                    for v in vars {
                        e.add_mul(1.0, v);
                    }
                    if let Some(partners) = next.and_then(|n| b_vars.remove(&(k, n))) {
                        for v in partners {
                            e.add_mul(-1.0, v);
                        }
                    }
                    self.push_unless_aside(e, &a_aside, &b_aside);
                }
                for (_, vars) in b_vars {
                    for v in vars {
                        // `b` here and `a` nowhere before it: a - b = -b.
                        let mut e = Expression::from(0.0);
                        e.add_mul(-1.0, v);
                        self.push_unless_aside(e, &a_aside, &b_aside);
                    }
                }
            }
        }
    }
}

impl Model<'_> {
    /// `e = 0`, where `e` is `a`'s placements minus `b`'s that must match:
    /// with `a` or `b` away from their old places (a re-plan's relaxation,
    /// `a` and `b` their away variables), `a`'s side may exceed only when
    /// `b` is away and fall short only when `a` is.
    fn push_unless_aside(&mut self, e: Expression, a: &[Variable], b: &[Variable]) {
        if a.is_empty() && b.is_empty() {
            self.constraints.push(e.eq(0.0));
            return;
        }
        let mut over = e.clone();
        for &v in b {
            over.add_mul(-1.0, v);
        }
        self.constraints.push(over.leq(0.0));
        let mut under = e;
        for &v in a {
            under.add_mul(1.0, v);
        }
        self.constraints.push(under.geq(0.0));
    }

    /// Rule 6: `after` and each track's `order`: the later talk starts
    /// after the earlier has ended. At every start of the later talk: if
    /// it has started by then, the earlier has ended by then (cumulative
    /// sums, which keep the LP tight).
    pub fn precedences_hold(&mut self) {
        let p = self.problem;
        for (i, (a, b)) in rules::precedences(p).into_iter().enumerate() {
            if !self.scope.precedences[i]
                || !self.scope.talks[a.index()]
                || !self.scope.talks[b.index()]
            {
                continue;
            }
            let a_places: Vec<PlaceVar> = self.places_of(a).collect();
            let b_places: Vec<PlaceVar> = self.places_of(b).collect();
            let mut taus: Vec<SlotId> = b_places.iter().map(|v| v.start).collect();
            taus.sort();
            taus.dedup();
            for tau in taus {
                let mut e = Expression::from(0.0);
                for v in b_places.iter().filter(|v| v.start <= tau) {
                    e.add_mul(1.0, v.var);
                }
                for v in a_places
                    .iter()
                    .filter(|v| rules::starts_after(p, a, v.start, tau))
                {
                    e.add_mul(-1.0, v.var);
                }
                // An earlier talk only counted (a re-plan's relaxation)
                // holds nothing back.
                for v in self.away_vars(a) {
                    e.add_mul(-1.0, v);
                }
                self.constraints.push(e.leq(0.0));
            }
        }
    }

    /// Rule 6: nothing else occupies a slot a plenary occupies. Per slot
    /// and room class of n rooms: n x (the plenaries there, any room) +
    /// (the rooms of the class other talks take there) <= n. A plenary's
    /// own main and extra rooms count only in the first sum; two plenaries
    /// in one slot exceed n, and where no other talk can be, one row per
    /// slot says so (at most one plenary there). Per class rather than per slot (rooms x the
    /// plenary + the others <= rooms), which leaves the relaxation free to
    /// put a fraction of the plenary in every slot: that made the model of
    /// a generated 150-talk problem unsolvable in 10 s instead of 0.4 s.
    /// Where a class's rooms are out of scope, n is what could be there at
    /// most, so that without a plenary the constraint says nothing.
    pub fn plenaries_stand_alone(&mut self) {
        let p = self.problem;
        let plenary = |t: TalkId| {
            p.talk(t).plenary && self.scope.plenaries[t.index()] && self.scope.talks[t.index()]
        };
        if !p.talk_ids().any(plenary) {
            return;
        }
        let n_slots = p.slots.len();
        // Per slot: the plenaries' variables there (any room).
        let mut alone: Vec<Vec<Variable>> = vec![Vec::new(); n_slots];
        // Per class and slot: other talks' variables with the rooms of the
        // class they take, and the most those can add up to.
        type Cell = (Vec<(Variable, usize)>, usize);
        let mut cover: Vec<Vec<Cell>> = vec![vec![(Vec::new(), 0); n_slots]; self.classes.len()];
        let mut add = |k: usize, t: TalkId, start: SlotId, var: Variable, coef: usize, most| {
            let parts = p.talk(t).parts as usize;
            for cell in &mut cover[k][start.index()..start.index() + parts] {
                cell.0.push((var, coef));
                cell.1 += most;
            }
        };
        for v in &self.places {
            let parts = p.talk(v.talk).parts as usize;
            if plenary(v.talk) {
                for cell in &mut alone[v.start.index()..v.start.index() + parts] {
                    cell.push(v.var);
                }
                continue;
            }
            add(v.class, v.talk, v.start, v.var, 1, 1);
            if let Some(i) = v.room_set {
                for &(k, n) in &self.room_sets[i] {
                    add(k, v.talk, v.start, v.var, n, n);
                }
            }
        }
        for v in self.extras.iter().filter(|v| !plenary(v.talk)) {
            let size = self.classes[v.class].rooms.len();
            add(v.class, v.talk, v.start, v.var, 1, size);
        }
        for (k, per_slot) in cover.into_iter().enumerate() {
            let class = &self.classes[k];
            let size = if class.rooms.iter().all(|r| self.scope.rooms[r.index()]) {
                class.rooms.len()
            } else {
                usize::MAX
            };
            for (s, (vars, most)) in per_slot.into_iter().enumerate() {
                if vars.is_empty() || alone[s].is_empty() {
                    continue;
                }
                let n = float(size.min(most));
                let mut e = Expression::from(0.0);
                for (v, coef) in vars {
                    e.add_mul(float(coef), v);
                }
                for &v in &alone[s] {
                    e.add_mul(n, v);
                }
                self.constraints.push(e.leq(n));
            }
        }
        // Two plenaries in one slot, also where no other talk can be (so no
        // class row above exists there): at most one plenary per slot.
        for vars in alone.into_iter().filter(|v| v.len() > 1) {
            let mut e = Expression::from(0.0);
            for v in vars {
                e.add_mul(1.0, v);
            }
            self.constraints.push(e.leq(1.0));
        }
    }

    /// Rule 6: no two talks of a hard conflict group at once.
    pub fn hard_conflicts_apart(&mut self) {
        let p = self.problem;
        for (g, c) in p.conflicts.iter().enumerate() {
            if !c.hard || !self.scope.conflicts[g] {
                continue;
            }
            let talks: Vec<TalkId> = c
                .talks
                .iter()
                .copied()
                .filter(|t| self.scope.talks[t.index()])
                .collect();
            for s in p.slot_ids() {
                let (e, could) = self.occupancy(&talks, s);
                if could > 1 {
                    self.constraints.push(e.leq(1.0));
                }
            }
        }
    }
}

impl Model<'_> {
    /// Rule 2, counted (a re-plan's relaxation, where a talk may be only
    /// counted, see `Counted`): per slot and number of seats c, the talks
    /// in main rooms of at least c seats there are no more than such rooms
    /// free there. A placement counts by its main room's seats, a counted
    /// talk by the fewest seats of a room it may take there (its room has
    /// at least those). Extra rooms are left out (a weaker row).
    pub fn rooms_counted_per_slot(&mut self) {
        let p = self.problem;
        let mut sizes: Vec<u32> = p.rooms.iter().map(|r| r.capacity).collect();
        sizes.sort_unstable();
        sizes.dedup();
        let n_slots = p.slots.len();
        // Per slot: (variable, seats) of everything occupying it.
        let mut cells: Vec<Vec<(Variable, u32)>> = vec![Vec::new(); n_slots];
        let mut occupy = |start: SlotId, parts: u32, var: Variable, seats: u32| {
            for cell in &mut cells[start.index()..start.index() + parts as usize] {
                cell.push((var, seats));
            }
        };
        for v in &self.places {
            occupy(
                v.start,
                p.talk(v.talk).parts,
                v.var,
                self.classes[v.class].capacity,
            );
        }
        for c in &self.counted {
            if let Some(start) = c.start {
                occupy(start, p.talk(c.talk).parts, c.var, c.seats);
            }
        }
        for (s, cell) in cells.into_iter().enumerate() {
            let slot = SlotId::at(s);
            for &c in &sizes {
                let rooms = p
                    .room_ids()
                    .filter(|&r| {
                        self.scope.rooms[r.index()]
                            && p.room(r).capacity >= c
                            && rules::room_free(p, r, slot, 1)
                    })
                    .count();
                let counted: Vec<Variable> = cell
                    .iter()
                    .filter(|&&(_, seats)| seats >= c)
                    .map(|&(v, _)| v)
                    .collect();
                if counted.len() > rooms {
                    let mut e = Expression::from(0.0);
                    for v in counted {
                        e.add_mul(1.0, v);
                    }
                    self.constraints.push(e.leq(float(rooms)));
                }
            }
        }
    }
}
