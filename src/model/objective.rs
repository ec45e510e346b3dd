//! The objective's terms, one method each.
//!
//! In: a [`Model`] with its variables. Out: terms added to its objective,
//! each exactly the term of `timetable::score` at every integer solution.

use std::collections::BTreeMap;

use good_lp::{Expression, Variable, variable};

use super::Model;
use crate::num::{float, float64};
use crate::problem::{SlotId, TalkId, rules};

impl Model<'_> {
    /// Objective term: empty seats x weight.
    pub fn empty_seats_cost(&mut self) {
        let p = self.problem;
        let w = float64(p.weights.empty_seats);
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
        let w = float64(p.weights.track_clash);
        if w == 0.0 {
            return;
        }
        for track in 0..p.tracks.len() {
            let talks: Vec<TalkId> = p
                .talk_ids()
                .filter(|&t| {
                    self.scope.talks[t.index()] && p.talk(t).track.map(|x| x.index()) == Some(track)
                })
                .collect();
            for s in p.slot_ids() {
                self.pairs_cost(&talks, s, w);
            }
        }
    }

    /// `coef` x the pairs of `talks` occupying slot `s`, as a sum of steps:
    /// the m-th talk there adds m - 1 pairs, so with `z_m` in [0, 1] for
    /// m = 2..=most, one row `n <= 1 + z_2 + ... + z_most` and `z_m`
    /// costing (m - 1) x coef, a minimum fills the cheapest steps first and
    /// pays exactly n(n-1)/2 at every integer count n. (The same convex hull
    /// as the tangents of n(n-1)/2, in one row instead of `most`: the
    /// generated 40-talk problems' first LP took 30 ms instead of 41.)
    fn pairs_cost(&mut self, talks: &[TalkId], s: SlotId, coef: f64) {
        let (n, can) = self.occupancy(talks, s);
        let most = can.min(self.problem.rooms.len());
        if most < 2 {
            return;
        }
        let mut row = n;
        for m in 2..=most {
            let z = self.vars.add(variable().min(0).max(1));
            row.add_mul(-1.0, z);
            self.objective.add_mul(coef * float(m - 1), z);
        }
        self.constraints.push(row.leq(1.0));
    }

    /// Objective term: preference units x weight. Linear: each placement's
    /// units follow from its talk, start and main room (the room classes
    /// keep rooms apart that a track prefers differently).
    pub fn preferences_cost(&mut self) {
        let p = self.problem;
        let w = float64(p.weights.preferences);
        if w == 0.0 {
            return;
        }
        for v in &self.places {
            let room = self.classes[v.class].rooms[0];
            let units = rules::preference_units(p, v.talk, v.start, room);
            if units > 0 {
                self.objective.add_mul(w * float64(units), v.var);
            }
        }
    }

    /// Objective term: per soft conflict group and slot, the pairs of
    /// members there x the group's weight x the weight.
    pub fn conflicts_cost(&mut self) {
        let p = self.problem;
        let w = float64(p.weights.conflicts);
        if w == 0.0 {
            return;
        }
        for c in p.conflicts.iter().filter(|c| !c.hard && c.weight > 0) {
            let talks: Vec<TalkId> = c
                .talks
                .iter()
                .copied()
                .filter(|t| self.scope.talks[t.index()])
                .collect();
            for s in p.slot_ids() {
                self.pairs_cost(&talks, s, w * float64(c.weight));
            }
        }
    }

    /// Objective term: per attendee group and slot, the wanted talks there
    /// beyond the first x the group's size x the weight: one continuous
    /// `y >= n - 1` (and `>= 0`) per group and slot where two or more of
    /// its talks can be, which minimising makes exactly `max(0, n - 1)`.
    /// A talk's occupancy of a slot is one expression, defined once: its
    /// placement variable when it has one there, else a variable equal to
    /// the sum of its placement variables there (so a popular talk's many
    /// placements are not repeated in every group's row).
    pub fn attendee_missed_cost(&mut self) {
        let p = self.problem;
        let w = float64(p.weights.attendee_missed);
        if w == 0.0 {
            return;
        }
        let mut occupancy: BTreeMap<(TalkId, SlotId), Option<Variable>> = BTreeMap::new();
        for a in p.attendees.iter().filter(|a| a.wants.len() > 1) {
            let talks: Vec<TalkId> = a
                .wants
                .iter()
                .copied()
                .filter(|t| self.scope.talks[t.index()])
                .collect();
            if talks.len() < 2 {
                continue;
            }
            for s in p.slot_ids() {
                let there: Vec<Variable> = talks
                    .iter()
                    .filter_map(|&t| {
                        *occupancy
                            .entry((t, s))
                            .or_insert_with(|| self.occupancy_of(t, s))
                    })
                    .collect();
                if there.len() < 2 {
                    continue;
                }
                let y = self.vars.add(variable().min(0));
                // y - n >= -1: y >= n - 1.
                let mut e = Expression::from(y);
                for v in there {
                    e.add_mul(-1.0, v);
                }
                self.constraints.push(e.geq(-1.0));
                self.objective.add_mul(w * f64::from(a.count), y);
            }
        }
    }

    /// One variable that is 1 when talk `t` occupies slot `s`: its only
    /// placement variable there, or a new one defined as their sum; `None`
    /// when it cannot be there.
    fn occupancy_of(&mut self, t: TalkId, s: SlotId) -> Option<Variable> {
        let vars: Vec<Variable> = self.occupying(t, s).map(|v| v.var).collect();
        match vars[..] {
            [] => None,
            [v] => Some(v),
            _ => {
                let o = self.vars.add(variable().min(0).max(1));
                let mut def = Expression::from(o);
                for v in vars {
                    def.add_mul(-1.0, v);
                }
                self.constraints.push(def.eq(0.0));
                Some(o)
            }
        }
    }

    /// The talks in scope of each declared track with two or more of
    /// them, with the track's index.
    fn declared_tracks(&self) -> Vec<(usize, Vec<TalkId>)> {
        let p = self.problem;
        (0..p.tracks.len())
            .filter(|&k| p.track_rules[k].declared.is_some())
            .map(|k| {
                let talks = p
                    .talk_ids()
                    .filter(|&t| {
                        self.scope.talks[t.index()] && p.talk(t).track.map(|x| x.index()) == Some(k)
                    })
                    .collect::<Vec<_>>();
                (k, talks)
            })
            .filter(|(_, talks)| talks.len() > 1)
            .collect()
    }

    /// Objective term: per declared track and day, the main rooms used
    /// beyond one x the weight: `y[r]` says the track uses room r that
    /// day (at least each talk's placements there), `z` that it uses any;
    /// the term is sum(y) - z. Needs one class per room (see `build`).
    ///
    /// A cut, valid at every integer solution, tightens the relaxation: a
    /// room holds at most as many of the track's talk-parts as it has free
    /// slots that day (`parts x placements <= free x y[r]`), so fractional
    /// placements spread over many rooms pay for them. (Two other valid
    /// cuts, the track's talks in one slot at most sum(y), and z at most
    /// the track's placements that day, made microlp's search slower on
    /// the generated problems: measured, left out.)
    ///
    /// The `y` are branched on first ([`Model::branch_first`]): which rooms
    /// a track uses settles many placements at once, where microlp would
    /// otherwise branch on the placements with the largest costs first.
    pub fn track_rooms_cost(&mut self) {
        let p = self.problem;
        let w = float64(p.weights.track_rooms);
        if w == 0.0 {
            return;
        }
        for (_, talks) in self.declared_tracks() {
            for d in 0..p.days.len() {
                // Per class: each talk's placements there that day, and the
                // talk-parts they add up to.
                let mut by_class: BTreeMap<usize, (Vec<Expression>, Expression)> = BTreeMap::new();
                for &t in &talks {
                    let parts = f64::from(p.talk(t).parts);
                    let mut mine: BTreeMap<usize, Expression> = BTreeMap::new();
                    for v in self.places_of(t) {
                        if p.slot(v.start).day.index() == d {
                            mine.entry(v.class).or_default().add_mul(1.0, v.var);
                        }
                    }
                    for (k, e) in mine {
                        let entry = by_class.entry(k).or_default();
                        entry.1.add_mul(parts, e.clone());
                        entry.0.push(e);
                    }
                }
                if by_class.len() < 2 {
                    continue;
                }
                let any = self.vars.add(variable().min(0).max(1));
                let mut some = Expression::from(0.0);
                for (k, (uses, parts)) in by_class {
                    let y = self.vars.add(variable().binary());
                    let uses_many = uses.len() > 1;
                    for e in uses {
                        let mut c = e;
                        c.add_mul(-1.0, y);
                        self.constraints.push(c.leq(0.0));
                    }
                    if uses_many {
                        let room = self.classes[k].rooms[0];
                        let free = p.days[d]
                            .slots()
                            .filter(|&s| !p.room(room).unavailable.contains(s))
                            .count();
                        let room_slots = free * self.classes[k].rooms.len();
                        let mut c = parts;
                        c.add_mul(-float(room_slots), y);
                        self.constraints.push(c.leq(0.0));
                    }
                    some.add_mul(1.0, y);
                    self.objective.add_mul(w, y);
                    self.branch_first.push(y);
                }
                let mut c = Expression::from(any);
                c -= some;
                self.constraints.push(c.leq(0.0));
                self.objective.add_mul(-w, any);
            }
        }
    }

    /// Objective term: per declared track and day, the slots between its
    /// first and last talk that none of its talks occupies x the weight.
    /// `occ[s]` is whether the track occupies slot s, `a[s]` whether it has
    /// started by s (rising), `b[s]` whether it goes on at or after s
    /// (falling); a gap is a slot with a and b but not occ. Only on the
    /// track-days of [`Model::gap_days`], when given.
    pub fn track_gaps_cost(&mut self) {
        let p = self.problem;
        let w = float64(p.weights.track_gaps);
        if w == 0.0 {
            return;
        }
        for (k, talks) in self.declared_tracks() {
            for d in 0..p.days.len() {
                if self
                    .gap_days
                    .as_ref()
                    .is_some_and(|on| !on.contains(&(k, d)))
                {
                    continue;
                }
                let slots: Vec<SlotId> = p.days[d].slots().collect();
                if slots.len() < 3 {
                    continue;
                }
                let occ: Vec<Variable> =
                    slots.iter().map(|&s| self.occupied_by(&talks, s)).collect();
                let a: Vec<Variable> = (0..slots.len())
                    .map(|_| self.vars.add(variable().min(0).max(1)))
                    .collect();
                let b: Vec<Variable> = (0..slots.len())
                    .map(|_| self.vars.add(variable().min(0).max(1)))
                    .collect();
                for i in 0..slots.len() {
                    self.constraints
                        .push((Expression::from(occ[i]) - a[i]).leq(0.0));
                    self.constraints
                        .push((Expression::from(occ[i]) - b[i]).leq(0.0));
                    if i > 0 {
                        self.constraints
                            .push((Expression::from(a[i - 1]) - a[i]).leq(0.0));
                        self.constraints
                            .push((Expression::from(b[i]) - b[i - 1]).leq(0.0));
                    }
                    let g = self.vars.add(variable().min(0));
                    // g >= a + b - 1 - occ
                    let e = Expression::from(g) - a[i] - b[i] + occ[i];
                    self.constraints.push(e.geq(-1.0));
                    self.objective.add_mul(w, g);
                }
            }
        }
    }

    /// A variable equal to 1 when any of `talks` occupies slot `s`, else 0
    /// (at every integer solution): at least each talk's occupancy, at most
    /// their sum.
    fn occupied_by(&mut self, talks: &[TalkId], s: SlotId) -> Variable {
        let occ = self.vars.add(variable().min(0).max(1));
        let mut sum = Expression::from(0.0);
        for &t in talks {
            let (e, _) = self.occupancy(&[t], s);
            let mut at_least = e.clone();
            at_least.add_mul(-1.0, occ);
            self.constraints.push(at_least.leq(0.0));
            sum += e;
        }
        sum.add_mul(-1.0, occ);
        self.constraints.push(sum.geq(0.0));
        occ
    }
}

impl Model<'_> {
    /// The change cost against the baseline (per-room model): each
    /// placement's [`rules::change_cost`] with its room set; for an
    /// overflow talk whose extra rooms are counted (too many room sets from
    /// its main room and start),
    /// its old start and main room cost nothing but a room change when the
    /// counted extra rooms differ from its old ones (`d`, pushed down to
    /// the larger of `x + e[r] - 1` for a room it did not use and `x -
    /// e[r]` for one it did). In the objective x the mode's coefficient
    /// (1 alone, `[replan] weight` in the weighted mode) when the model
    /// carries the term; at most `cap` when given.
    pub fn changes_cost(&mut self, cap: Option<u64>) {
        let p = self.problem;
        let Some(b) = p.baseline.clone() else {
            return;
        };
        let mut total = Expression::from(0.0);
        for v in &self.places {
            let main = self.classes[v.class].rooms[0];
            let mut rooms = vec![main];
            if let Some(i) = v.room_set {
                for &(k, _) in &self.room_sets[i] {
                    rooms.push(self.classes[k].rooms[0]);
                }
            } else if p.talk(v.talk).overflow && !self.talk_extras[v.talk.index()].is_empty() {
                // Counted extra rooms: the room part is charged below.
                if b.was(v.talk)
                    .is_some_and(|w| w.slot == Some(v.start) && w.main == Some(main))
                {
                    continue;
                }
            }
            let cost = rules::change_cost(p, v.talk, v.start, &rooms);
            if cost > 0 {
                total.add_mul(float64(cost), v.var);
            }
        }
        let room_change = float64(p.replan.room_change);
        for t in p.talk_ids() {
            let Some(was) = b.was(t) else { continue };
            let (Some(s0), Some(r0)) = (was.slot, was.main) else {
                continue;
            };
            if self.talk_extras[t.index()].is_empty() || room_change == 0.0 {
                continue;
            }
            // Staying with counted extra rooms; a place with a listed room
            // set is charged above, by its own rooms.
            let stay: Vec<Variable> = self
                .places_of(t)
                .filter(|v| {
                    v.start == s0 && self.classes[v.class].rooms == [r0] && v.room_set.is_none()
                })
                .map(|v| v.var)
                .collect();
            if stay.is_empty() {
                continue;
            }
            let old: Vec<_> = was.extras.clone().unwrap_or_default();
            let d = self.vars.add(variable().min(0).max(1));
            let x = || {
                stay.iter().fold(Expression::from(0.0), |mut e, &v| {
                    e.add_mul(1.0, v);
                    e
                })
            };
            let mut seen = Vec::new();
            for &i in &self.talk_extras[t.index()] {
                let e = &self.extras[i];
                if e.start != s0 {
                    continue;
                }
                let r = self.classes[e.class].rooms[0];
                seen.push(r);
                let mut c = x();
                if old.contains(&r) {
                    c.add_mul(-1.0, e.var);
                } else {
                    c.add_mul(1.0, e.var);
                    c -= 1.0;
                }
                c.add_mul(-1.0, d);
                self.constraints.push(c.leq(0.0));
            }
            // An old extra room that cannot be used now: staying changes it.
            if was.extras.is_none() || old.iter().any(|r| !seen.contains(r)) {
                let mut c = x();
                c.add_mul(-1.0, d);
                self.constraints.push(c.leq(0.0));
            }
            total.add_mul(room_change, d);
        }
        for c in &self.counted {
            total.add_mul(float64(c.cost), c.var);
        }
        if self.terms.changes {
            let coefficient = float64(p.replan.weight.unwrap_or(1));
            self.objective.add_mul(coefficient, total.clone());
        }
        if let Some(cap) = cap {
            self.constraints.push(total.leq(float64(cap)));
        }
    }
}
