//! The objective's terms, one method each.
//!
//! In: a [`Model`] with its variables. Out: terms added to its objective,
//! each exactly the term of `timetable::score` at every integer solution.

use good_lp::{Expression, variable};

use super::Model;
use crate::num::{float, float64};
use crate::problem::TalkId;

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
                let count = self.vars.add(variable().min(0).max(float(most)));
                let mut def = n;
                def.add_mul(-1.0, count);
                self.constraints.push(def.eq(0.0));
                let c = self.vars.add(variable().min(0));
                for m in 1..most {
                    // c >= m*n - m(m+1)/2: exact at every integer n.
                    let m = float(m);
                    let mut e = Expression::from(c);
                    e.add_mul(-m, count);
                    self.constraints.push(e.geq(-m * (m + 1.0) / 2.0));
                }
                self.objective.add_mul(w, c);
            }
        }
    }
}
