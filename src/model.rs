//! The third stage: the integer program.
//!
//! In: a problem, its domains, and which rule groups are in force. Out: a
//! good_lp model (variables, one constraint family per hard rule, the
//! objective) and, given the solver's values, the talks' placements with
//! concrete rooms.
//!
//! Rooms that are truly interchangeable (same seats, building, features and
//! unavailability, and fixed by no talk) are aggregated into one class; a
//! variable says "talk t starts at slot s in some room of class k", and
//! concrete rooms are assigned afterwards by interval colouring, which
//! always succeeds because every class-slot count is bounded by the class
//! size. With `per_room` every room is its own class: the simple model,
//! kept for cross-checking.

use std::collections::BTreeMap;

use good_lp::{Constraint, Expression, ProblemVariables, Variable, variable};

use crate::analysis::{Domain, Scope};
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
/// `per_room`).
pub fn room_classes(p: &Problem, per_room: bool) -> Vec<RoomClass> {
    let fixed: Vec<RoomId> = p.talks.iter().filter_map(|t| t.fixed_room).collect();
    type Key = (u32, Option<BuildingId>, Vec<FeatureId>, Vec<SlotId>);
    let mut by_key: BTreeMap<Key, usize> = BTreeMap::new();
    let mut classes: Vec<RoomClass> = Vec::new();
    for r in p.room_ids() {
        let room = p.room(r);
        let key: Key = (
            room.capacity,
            room.building,
            room.features.clone(),
            room.unavailable.iter().collect(),
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

/// About how many placement variables a model would have (one per talk,
/// start and fitting class), without building it.
pub fn estimated_variables(p: &Problem, doms: &[Domain], scope: &Scope, per_room: bool) -> usize {
    let classes = room_classes(p, per_room);
    p.talk_ids()
        .filter(|t| scope.talks[t.index()])
        .map(|t| {
            let d = &doms[t.index()];
            let fitting = classes.iter().filter(|c| c.allowed(d)).count();
            d.starts.len() * fitting
        })
        .sum()
}

/// How to build the model.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ModelOptions {
    /// One class per room (the simple model).
    pub per_room: bool,
    /// Drop the objective: only feasibility matters.
    pub feasibility_only: bool,
    /// Leave out the track-clash term (the first phase of a solve).
    pub no_clash_term: bool,
    /// Which solver runs the model.
    pub backend: crate::solve::Backend,
    /// Stop requests and progress reports while it runs.
    pub control: crate::solve::Control,
}

/// `x[t, k, s]`: talk t starts at s with its main room in class k.
#[derive(Clone, Copy, Debug)]
pub struct PlaceVar {
    pub talk: TalkId,
    pub class: usize,
    pub start: SlotId,
    pub var: Variable,
    /// For an overflow talk: the extra rooms that come with this choice, as
    /// an index into `Model::room_sets` (a minimal set whose seats, with
    /// the main room's, reach the audience).
    pub room_set: Option<usize>,
}

/// Overflow talks get one variable per minimal set of extra rooms when
/// there are at most this many sets per main class and start; beyond it,
/// integer counts of extra rooms per class stand in (a weaker LP).
const MAX_ROOM_SETS: usize = 400;

/// `y[t, k, s]`: how many extra rooms of class k an overflow talk
/// starting at s is streamed to.
#[derive(Clone, Copy, Debug)]
pub struct ExtraVar {
    pub talk: TalkId,
    pub class: usize,
    pub start: SlotId,
    pub var: Variable,
}

/// The integer program for one problem.
pub struct Model<'p> {
    pub problem: &'p Problem,
    pub classes: Vec<RoomClass>,
    pub scope: Scope,
    pub vars: ProblemVariables,
    pub places: Vec<PlaceVar>,
    pub extras: Vec<ExtraVar>,
    /// Extra-room sets of overflow placements: (class, count) pairs.
    pub room_sets: Vec<Vec<(usize, usize)>>,
    pub constraints: Vec<Constraint>,
    pub objective: Expression,
    /// Some talk in scope has no possible placement at all.
    pub trivially_infeasible: bool,
    /// Indices into `places`, per talk.
    talk_places: Vec<Vec<usize>>,
    /// Indices into `extras`, per talk.
    talk_extras: Vec<Vec<usize>>,
}

impl<'p> Model<'p> {
    /// Builds every variable, constraint family and the objective.
    pub fn build(p: &'p Problem, doms: &[Domain], scope: Scope, opts: &ModelOptions) -> Self {
        let classes = room_classes(p, opts.per_room);
        let mut m = Model {
            problem: p,
            classes,
            scope,
            vars: ProblemVariables::new(),
            places: Vec::new(),
            extras: Vec::new(),
            room_sets: Vec::new(),
            constraints: Vec::new(),
            objective: Expression::from(0.0),
            trivially_infeasible: false,
            talk_places: vec![Vec::new(); p.talks.len()],
            talk_extras: vec![Vec::new(); p.talks.len()],
        };
        m.add_variables(doms);
        if m.talk_places
            .iter()
            .enumerate()
            .any(|(t, v)| m.scope.talks[t] && v.is_empty())
        {
            m.trivially_infeasible = true;
        }
        m.each_talk_once();
        m.one_talk_per_room_and_slot();
        m.speakers_in_one_place();
        m.speakers_can_walk();
        m.overflow_seats_add_up();
        m.sequences_back_to_back();
        if !opts.feasibility_only {
            m.empty_seats_cost();
            if !opts.no_clash_term {
                m.track_clash_cost();
            }
        }
        m
    }

    /// Whether every room of class `k` is free for the run and may be the
    /// talk's main room.
    fn class_fits(&self, doms: &[Domain], t: TalkId, k: usize, s: SlotId) -> bool {
        let class = &self.classes[k];
        let parts = self.problem.talk(t).parts;
        class.allowed(&doms[t.index()])
            && crate::analysis::room_free_for(self.problem, class.rooms[0], s, parts)
    }

    fn add_variables(&mut self, doms: &[Domain]) {
        let p = self.problem;
        for t in p.talk_ids() {
            if !self.scope.talks[t.index()] {
                continue;
            }
            let talk = p.talk(t);
            for &s in &doms[t.index()].starts {
                let free: Vec<usize> = (0..self.classes.len())
                    .filter(|&k| {
                        crate::analysis::room_free_for(p, self.classes[k].rooms[0], s, talk.parts)
                    })
                    .collect();
                let mut counts_needed = false;
                for k in 0..self.classes.len() {
                    if !self.class_fits(doms, t, k, s) {
                        continue;
                    }
                    let sets = if talk.overflow {
                        self.minimal_room_sets(k, &free, talk.audience)
                    } else {
                        Some(vec![Vec::new()])
                    };
                    match sets {
                        Some(sets) => {
                            for set in sets {
                                let room_set = talk.overflow.then(|| {
                                    self.room_sets.push(set);
                                    self.room_sets.len() - 1
                                });
                                self.add_place(t, k, s, room_set);
                            }
                        }
                        None => {
                            self.add_place(t, k, s, None);
                            counts_needed = true;
                        }
                    }
                }
                if counts_needed {
                    for &k in &free {
                        let n = self.classes[k].rooms.len() as f64;
                        let var = self.vars.add(variable().integer().min(0).max(n));
                        self.talk_extras[t.index()].push(self.extras.len());
                        self.extras.push(ExtraVar {
                            talk: t,
                            class: k,
                            start: s,
                            var,
                        });
                    }
                }
            }
        }
    }

    /// Seats of a placement's main room and its room set.
    fn seats_of(&self, v: &PlaceVar) -> u32 {
        let extra: u32 = v.room_set.map_or(0, |i| {
            self.room_sets[i]
                .iter()
                .map(|&(k, n)| self.classes[k].capacity * n as u32)
                .sum()
        });
        self.classes[v.class].capacity + extra
    }

    fn add_place(&mut self, t: TalkId, class: usize, start: SlotId, room_set: Option<usize>) {
        let var = self.vars.add(variable().binary());
        self.talk_places[t.index()].push(self.places.len());
        self.places.push(PlaceVar {
            talk: t,
            class,
            start,
            var,
            room_set,
        });
    }

    /// The minimal sets of extra rooms (from classes `free`) that, with a
    /// main room of class `main`, seat `audience`: no room can be left out.
    /// `None` when there are more than [`MAX_ROOM_SETS`].
    fn minimal_room_sets(
        &self,
        main: usize,
        free: &[usize],
        audience: u32,
    ) -> Option<Vec<Vec<(usize, usize)>>> {
        let mut out = Vec::new();
        let mut counts: Vec<usize> = vec![0; self.classes.len()];
        let main_seats = self.classes[main].capacity;
        // Depth-first over classes in `free` order, adding one room at a time
        // from class index i onwards (multisets, no repeats).
        #[allow(clippy::too_many_arguments)]
        fn walk(
            m: &Model,
            free: &[usize],
            from: usize,
            seats: u32,
            smallest: u32,
            audience: u32,
            main: usize,
            counts: &mut Vec<usize>,
            out: &mut Vec<Vec<(usize, usize)>>,
        ) -> bool {
            if seats >= audience {
                // Minimal: leaving out the smallest extra room falls short.
                if smallest == u32::MAX || seats - smallest < audience {
                    out.push(
                        counts
                            .iter()
                            .enumerate()
                            .filter(|(_, n)| **n > 0)
                            .map(|(k, n)| (k, *n))
                            .collect(),
                    );
                }
                return out.len() <= MAX_ROOM_SETS;
            }
            for (i, &k) in free.iter().enumerate().skip(from) {
                let class = &m.classes[k];
                let used = counts[k] + usize::from(k == main);
                if used >= class.rooms.len() {
                    continue;
                }
                counts[k] += 1;
                let ok = walk(
                    m,
                    free,
                    i,
                    seats + class.capacity,
                    smallest.min(class.capacity),
                    audience,
                    main,
                    counts,
                    out,
                );
                counts[k] -= 1;
                if !ok {
                    return false;
                }
            }
            true
        }
        let ok = walk(
            self,
            free,
            0,
            main_seats,
            u32::MAX,
            audience,
            main,
            &mut counts,
            &mut out,
        );
        ok.then_some(out)
    }

    /// Whether a talk starting at `start` occupies slot `s`.
    fn covers(&self, t: TalkId, start: SlotId, s: SlotId) -> bool {
        let parts = self.problem.talk(t).parts as usize;
        start.index() <= s.index() && s.index() < start.index() + parts
    }

    /// Place variables of talk t whose run covers slot s.
    fn occupying(&self, t: TalkId, s: SlotId) -> impl Iterator<Item = &PlaceVar> + '_ {
        self.talk_places[t.index()]
            .iter()
            .map(|&i| &self.places[i])
            .filter(move |v| self.covers(t, v.start, s))
    }

    /// How many of `talks` occupy slot `s` (a sum of placement variables),
    /// and how many of them could.
    fn occupancy(&self, talks: &[TalkId], s: SlotId) -> (Expression, usize) {
        let mut e = Expression::from(0.0);
        let mut could = 0;
        for &t in talks {
            let mut any = false;
            for v in self.occupying(t, s) {
                e.add_mul(1.0, v.var);
                any = true;
            }
            could += usize::from(any);
        }
        (e, could)
    }

    /// Rule 1: every talk is given exactly once.
    pub fn each_talk_once(&mut self) {
        for t in self.problem.talk_ids() {
            if !self.scope.talks[t.index()] {
                continue;
            }
            let mut e = Expression::from(0.0);
            for &i in &self.talk_places[t.index()] {
                e.add_mul(1.0, self.places[i].var);
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
                        e.add_mul(coef as f64, v);
                    }
                    self.constraints.push(e.leq(size as f64));
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

    fn active_talks_of(&self, sp: crate::problem::SpeakerId) -> Vec<TalkId> {
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
                let change = p.changeover_after(s).unwrap_or(0);
                let next = SlotId::at(s.index() + 1);
                for b in 0..p.buildings.len() {
                    let far =
                        |c: &RoomClass| c.building.is_some_and(|x| p.walks[b][x.index()] > change);
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
                            .add_mul(-1.0 / self.classes[v.class].rooms.len() as f64, v.var);
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
                let pa = p.talk(a).parts as usize;
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
                for ((k, s), vars) in a_vars {
                    let last = s + pa - 1;
                    let next = (last + 1 < p.slots.len() && p.consecutive(SlotId::at(last)))
                        .then_some(s + pa);
                    let mut e = Expression::from(0.0);
                    for v in vars {
                        e.add_mul(1.0, v);
                    }
                    if let Some(partners) = next.and_then(|n| b_vars.remove(&(k, n))) {
                        for v in partners {
                            e.add_mul(-1.0, v);
                        }
                    }
                    self.constraints.push(e.eq(0.0));
                }
                for (_, vars) in b_vars {
                    for v in vars {
                        self.constraints.push(Expression::from(v).eq(0.0));
                    }
                }
            }
        }
    }

    /// Objective term: empty seats x weight.
    pub fn empty_seats_cost(&mut self) {
        let p = self.problem;
        let w = p.weights.empty_seats as f64;
        if w == 0.0 {
            return;
        }
        for v in &self.places {
            let talk = p.talk(v.talk);
            let cap = f64::from(self.seats_of(v));
            // Overflow talks may have fewer seats in the main room than
            // audience; their room set or the overflow rule makes up for it.
            let coef = f64::from(talk.parts) * (cap - f64::from(talk.audience));
            self.objective.add_mul(w * coef, v.var);
        }
        for v in &self.extras {
            let talk = p.talk(v.talk);
            let coef = f64::from(talk.parts) * f64::from(self.classes[v.class].capacity);
            self.objective.add_mul(w * coef, v.var);
        }
    }

    /// Objective term: same-track pairs per slot x weight, through one
    /// count per (track, slot) and the tangents of n(n-1)/2.
    pub fn track_clash_cost(&mut self) {
        let p = self.problem;
        let w = p.weights.track_clash as f64;
        if w == 0.0 {
            return;
        }
        let total_rooms = p.rooms.len();
        for track in 0..p.tracks.len() {
            let talks: Vec<TalkId> = p
                .talk_ids()
                .filter(|&t| {
                    self.scope.talks[t.index()] && p.talk(t).track.map(|x| x.index()) == Some(track)
                })
                .collect();
            if talks.len() < 2 {
                continue;
            }
            for s in p.slot_ids() {
                let (n, can) = self.occupancy(&talks, s);
                let most = can.min(total_rooms);
                if most < 2 {
                    continue;
                }
                // One count per (track, slot), defined once; the tangent
                // rows then have two terms each instead of repeating it.
                let count = self.vars.add(variable().min(0).max(most as f64));
                let mut def = n;
                def.add_mul(-1.0, count);
                self.constraints.push(def.eq(0.0));
                let c = self.vars.add(variable().min(0));
                for m in 1..most {
                    // c >= m*n - m(m+1)/2: exact at every integer n.
                    let m = m as f64;
                    let mut e = Expression::from(c);
                    e.add_mul(-m, count);
                    self.constraints.push(e.geq(-m * (m + 1.0) / 2.0));
                }
                self.objective.add_mul(w, c);
            }
        }
    }

    /// Whether the objective has a track-clash term at all.
    pub fn has_clash_term(p: &Problem) -> bool {
        p.weights.track_clash > 0
            && (0..p.tracks.len()).any(|k| {
                p.talks
                    .iter()
                    .filter(|t| t.track.map(|x| x.index()) == Some(k))
                    .count()
                    > 1
            })
    }

    /// Variable values that describe the given placements, for a warm
    /// start (placements the model cannot express are left out).
    pub fn values_for(&self, placements: &[Placement]) -> Vec<(Variable, f64)> {
        let class_of = |r: RoomId| self.classes.iter().position(|c| c.rooms.contains(&r));
        let mut out = Vec::new();
        for x in placements {
            let main = class_of(x.rooms[0]);
            let mut extra: Vec<(usize, usize)> = Vec::new();
            for &r in &x.rooms[1..] {
                if let Some(k) = class_of(r) {
                    match extra.iter_mut().find(|(c, _)| *c == k) {
                        Some(e) => e.1 += 1,
                        None => extra.push((k, 1)),
                    }
                }
            }
            extra.sort();
            for &i in &self.talk_places[x.talk.index()] {
                let v = self.places[i];
                let set_matches = v.room_set.is_none_or(|j| {
                    let mut set = self.room_sets[j].clone();
                    set.sort();
                    set == extra
                });
                let on = Some(v.class) == main && v.start == x.start && set_matches;
                out.push((v.var, if on { 1.0 } else { 0.0 }));
            }
            for &i in &self.talk_extras[x.talk.index()] {
                let v = self.extras[i];
                let n = if v.start == x.start {
                    x.rooms[1..]
                        .iter()
                        .filter(|&&r| class_of(r) == Some(v.class))
                        .count()
                } else {
                    0
                };
                out.push((v.var, n as f64));
            }
        }
        out
    }

    /// Reads the solver's values into placements with concrete rooms.
    pub fn extract(&self, value: impl Fn(Variable) -> f64) -> Result<Vec<Placement>, String> {
        let p = self.problem;
        let mut main: Vec<Option<(usize, SlotId)>> = vec![None; p.talks.len()];
        let mut extras: Vec<(TalkId, usize, SlotId, usize)> = Vec::new();
        for v in &self.places {
            if value(v.var) > 0.5 {
                main[v.talk.index()] = Some((v.class, v.start));
                if let Some(i) = v.room_set {
                    for &(k, n) in &self.room_sets[i] {
                        extras.push((v.talk, k, v.start, n));
                    }
                }
            }
        }
        for v in &self.extras {
            let n = value(v.var).round().max(0.0) as usize;
            if n > 0 {
                extras.push((v.talk, v.class, v.start, n));
            }
        }
        let mut placements = assign_rooms(p, &self.classes, &main, &extras)?;
        prefer_largest_main_room(p, &mut placements);
        Ok(placements)
    }
}

/// Makes the largest room of an overflow talk its main room where nothing
/// depends on which one is main (no fixed room, no sequence, same building,
/// the talk's features): organisers expect the speaker in the big hall.
pub fn prefer_largest_main_room(p: &Problem, placements: &mut [Placement]) {
    for x in placements.iter_mut() {
        let talk = p.talk(x.talk);
        if !talk.overflow
            || talk.fixed_room.is_some()
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
) -> Result<Vec<Placement>, String> {
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
            .ok_or_else(|| {
                format!("internal error: no free room left in class {k} for {owner:?}")
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

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
