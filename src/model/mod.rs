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
//!
//! One method per constraint family (`families.rs`) and per objective term
//! (`objective.rs`); which placements exist at all is decided by the shared
//! rules in `problem::rules`, through the domains. Nothing here runs a
//! solver.

mod families;
mod objective;
mod rooms;

use std::collections::BTreeSet;
use std::fmt;

use good_lp::{Constraint, Expression, ProblemVariables, Variable, variable};

use crate::analysis::{Domain, Scope};
use crate::num::{count32, float, rounded};
use crate::problem::{Problem, RoomId, SlotId, TalkId, rules};
use crate::timetable::Placement;
use crate::tuning;

pub use rooms::{RoomClass, assign_rooms, prefer_largest_main_room, room_classes};

/// Why the solver's values could not be read into a timetable (a bug).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModelError {
    /// Interval colouring found no free room of a class: the class-slot
    /// counts of the model were exceeded.
    NoFreeRoom {
        /// The class.
        class: usize,
        /// A talk that found none.
        talk: TalkId,
    },
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::NoFreeRoom { class, talk } => write!(
                f,
                "no free room left in room class {class} for talk #{}",
                talk.0
            ),
        }
    }
}

impl std::error::Error for ModelError {}

/// Which objective terms a model carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Terms {
    /// Empty seats x weight.
    pub empty_seats: bool,
    /// Track clashes x weight.
    pub track_clashes: bool,
    /// Declared tracks' extra rooms per day x weight.
    pub track_rooms: bool,
    /// Declared tracks' gaps per day x weight.
    pub track_gaps: bool,
    /// Preference units x weight.
    pub preferences: bool,
    /// Soft conflict pairs x group weight x weight.
    pub conflicts: bool,
    /// Attendees' missed talks x weight.
    pub attendee_missed: bool,
    /// The change cost against the baseline: alone in the first model of a
    /// re-plan (fewest changes), x `[replan] weight` in the weighted mode.
    pub changes: bool,
}

impl Terms {
    /// No objective at all: only feasibility.
    pub const NONE: Terms = Terms {
        empty_seats: false,
        track_clashes: false,
        track_rooms: false,
        track_gaps: false,
        preferences: false,
        conflicts: false,
        attendee_missed: false,
        changes: false,
    };
    /// Only the change cost: the first model of a re-plan.
    pub const CHANGES: Terms = Terms {
        changes: true,
        ..Terms::NONE
    };
    /// Every term.
    pub const ALL: Terms = Terms {
        empty_seats: true,
        track_clashes: true,
        track_rooms: true,
        track_gaps: true,
        preferences: true,
        conflicts: true,
        attendee_missed: true,
        changes: true,
    };
    /// The terms linear in the placement variables: empty seats and
    /// preferences (the others count talks together).
    pub const LINEAR: Terms = Terms {
        empty_seats: true,
        preferences: true,
        changes: true,
        ..Terms::NONE
    };
}

/// About how many placement variables a model would have (one per talk,
/// start and fitting class; fewer for a talk that may not go anywhere, see
/// [`ModelOptions::leeway`]), without building it.
pub fn estimated_variables(
    p: &Problem,
    doms: &[Domain],
    scope: &Scope,
    per_room: bool,
    leeway: Option<&[Leeway]>,
) -> usize {
    let classes = room_classes(p, per_room);
    p.talk_ids()
        .filter(|t| scope.talks[t.index()])
        .map(|t| {
            let d = &doms[t.index()];
            match leeway.map(|l| l[t.index()]) {
                Some(Leeway::Stays) => return 3,
                Some(Leeway::SameStart) => return classes.len() + 1,
                Some(Leeway::Anywhere) | None => {}
            }
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
    /// Only the terms linear in the placements (empty seats,
    /// preferences): the first, easy model of a solve.
    pub linear_only: bool,
    /// A re-plan's first model: only the change cost.
    pub changes_only: bool,
    /// A re-plan's second model: the change cost at most this.
    pub changes_cap: Option<u64>,
    /// A re-plan's relaxation of the fewest changes (with `changes_only`):
    /// where given, how far each talk may go from its baseline place in a
    /// particular room; beyond that, a talk is only counted in some other
    /// room at its old start, or set aside at another start (see
    /// [`Counted`]). Every timetable has a counterpart in this relaxation
    /// that costs no more (the talks it moves too far counted or set
    /// aside), so its optimum is a lower bound on the fewest changes, and
    /// the fewest changes when no talk is counted or set aside.
    pub leeway: Option<Vec<Leeway>>,
    /// A re-plan's relaxation of the fewest changes: where given, the most
    /// each talk's own change may cost (its places, and its options beyond
    /// its leeway, that cost more are left out). With caps that every
    /// timetable cheaper than a known one meets, the model holds all of
    /// those: no solution proves the known one has the fewest changes.
    pub change_caps: Option<Vec<u64>>,
    /// The (declared track index, day index) pairs whose gaps the model
    /// counts; `None`: every one. Gaps are never negative, so a model that
    /// counts fewer is a relaxation: its optimum is a lower bound, and the
    /// optimum itself when its timetable has no gap where it does not
    /// count (so the rows of the others can be added only where needed).
    pub gap_days: Option<BTreeSet<(usize, usize)>>,
}

impl ModelOptions {
    /// The objective terms a model built with these options carries.
    pub fn terms(&self) -> Terms {
        if self.changes_only {
            Terms::CHANGES
        } else if self.feasibility_only {
            Terms::NONE
        } else if self.linear_only {
            Terms::LINEAR
        } else {
            Terms::ALL
        }
    }
}

/// How far a talk may go from its baseline place, in particular rooms, in a
/// re-plan's relaxation (see [`ModelOptions::leeway`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leeway {
    /// Its old start and main room; another room at its old start only
    /// counted; another start set aside.
    Stays,
    /// Any room at its old start; another start set aside.
    SameStart,
    /// Anywhere: the talk's every place.
    Anywhere,
}

/// Where a talk went in a re-plan's relaxation beyond its leeway.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Away {
    /// Counted in some other room at its old start.
    OtherRoom,
    /// Set aside: at another start.
    OtherStart,
}

/// A re-plan's relaxation: talk t at its old start s in some other main
/// room of at least `seats` seats (the fewest of a room it may take there),
/// which room not said, counted per slot and number of seats
/// (`rooms_counted_per_slot`) at a room change; or set aside (no start:
/// at some other start, counted nowhere) at the least change cost of any
/// other start.
#[derive(Clone, Copy, Debug)]
pub struct Counted {
    /// The talk.
    pub talk: TalkId,
    /// Its old start, or none when set aside.
    pub start: Option<SlotId>,
    /// The binary variable.
    pub var: Variable,
    /// Seats of the smallest main room it may take there.
    pub seats: u32,
    /// The change cost (any such room: another start, or another room).
    pub cost: u64,
}

/// `x[t, k, s]`: talk t starts at s with its main room in class k.
#[derive(Clone, Copy, Debug)]
pub struct PlaceVar {
    /// The talk.
    pub talk: TalkId,
    /// Its main room's class.
    pub class: usize,
    /// Its start.
    pub start: SlotId,
    /// The binary variable.
    pub var: Variable,
    /// For an overflow talk: the extra rooms that come with this choice, as
    /// an index into `Model::room_sets` (a minimal set whose seats, with
    /// the main room's, reach the audience).
    pub room_set: Option<usize>,
}

/// `y[t, k, s]`: how many extra rooms of class k an overflow talk
/// starting at s is streamed to.
#[derive(Clone, Copy, Debug)]
pub struct ExtraVar {
    /// The talk.
    pub talk: TalkId,
    /// The class of the extra rooms.
    pub class: usize,
    /// The talk's start.
    pub start: SlotId,
    /// The integer variable.
    pub var: Variable,
}

/// The integer program for one problem.
pub struct Model<'p> {
    /// The problem.
    pub problem: &'p Problem,
    /// Room classes (one room each with `per_room`).
    pub classes: Vec<RoomClass>,
    /// The rule groups in force.
    pub scope: Scope,
    /// Every variable.
    pub vars: ProblemVariables,
    /// Placement variables.
    pub places: Vec<PlaceVar>,
    /// Extra-room counts of overflow talks with too many room sets.
    pub extras: Vec<ExtraVar>,
    /// Extra-room sets of overflow placements: (class, count) pairs.
    pub room_sets: Vec<Vec<(usize, usize)>>,
    /// Every constraint.
    pub constraints: Vec<Constraint>,
    /// Minimised.
    pub objective: Expression,
    /// The terms `objective` carries.
    pub terms: Terms,
    /// Where track gaps are counted (see [`ModelOptions::gap_days`]).
    pub gap_days: Option<BTreeSet<(usize, usize)>>,
    /// Binaries a branch-and-bound should decide before the placements,
    /// each settling many of them at once (a declared track's use of a
    /// room on a day). A hint for the solver; the optimum does not
    /// depend on it.
    pub branch_first: Vec<Variable>,
    /// Some talk in scope has no possible placement at all.
    pub trivially_infeasible: bool,
    /// Indices into `places`, per talk.
    talk_places: Vec<Vec<usize>>,
    /// Indices into `extras`, per talk.
    talk_extras: Vec<Vec<usize>>,
    /// Talks counted beyond their leeway (see [`ModelOptions::leeway`]).
    pub counted: Vec<Counted>,
    /// Indices into `counted`, per talk.
    talk_counted: Vec<Vec<usize>>,
}

impl<'p> Model<'p> {
    /// Builds every variable, constraint family and the objective.
    pub fn build(p: &'p Problem, doms: &[Domain], scope: Scope, opts: &ModelOptions) -> Self {
        let mut terms = opts.terms();
        // Changes come first in a lexicographic re-plan: in its own model,
        // never summed with the other terms.
        if p.replan.weight.is_none() && !opts.changes_only {
            terms.changes = false;
        }
        if p.baseline.is_none() {
            terms.changes = false;
        }
        // Counting a declared track's rooms, and a change of room, need
        // concrete rooms.
        let declared = p.track_rules.iter().any(|k| k.declared.is_some());
        let replan = terms.changes || opts.changes_cap.is_some();
        let per_room = opts.per_room
            || (terms.track_rooms && p.weights.track_rooms > 0 && declared)
            || (replan && p.baseline.is_some());
        let classes = room_classes(p, per_room);
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
            terms,
            gap_days: opts.gap_days.clone(),
            branch_first: Vec::new(),
            trivially_infeasible: false,
            talk_places: vec![Vec::new(); p.talks.len()],
            talk_extras: vec![Vec::new(); p.talks.len()],
            counted: Vec::new(),
            talk_counted: vec![Vec::new(); p.talks.len()],
        };
        m.add_variables(doms, opts.leeway.as_deref(), opts.change_caps.as_deref());
        if m.talk_places
            .iter()
            .enumerate()
            .any(|(t, v)| m.scope.talks[t] && v.is_empty() && m.talk_counted[t].is_empty())
        {
            m.trivially_infeasible = true;
        }
        m.each_talk_once();
        m.one_talk_per_room_and_slot();
        m.speakers_in_one_place();
        m.speakers_can_walk();
        m.overflow_seats_add_up();
        m.sequences_back_to_back();
        m.precedences_hold();
        m.plenaries_stand_alone();
        m.hard_conflicts_apart();
        if !m.counted.is_empty() {
            m.rooms_counted_per_slot();
        }
        if m.terms.empty_seats {
            m.empty_seats_cost();
        }
        if m.terms.track_clashes {
            m.track_clash_cost();
        }
        if m.terms.preferences {
            m.preferences_cost();
        }
        if m.terms.conflicts {
            m.conflicts_cost();
        }
        if m.terms.attendee_missed {
            m.attendee_missed_cost();
        }
        if m.terms.track_rooms {
            m.track_rooms_cost();
        }
        if m.terms.track_gaps {
            m.track_gaps_cost();
        }
        if m.terms.changes || opts.changes_cap.is_some() {
            m.changes_cost(opts.changes_cap);
        }
        m
    }

    /// Whether every room of class `k` is free for the run and may be the
    /// talk's main room.
    fn class_fits(&self, doms: &[Domain], t: TalkId, k: usize, s: SlotId) -> bool {
        let class = &self.classes[k];
        let parts = self.problem.talk(t).parts;
        class.allowed(&doms[t.index()]) && rules::room_free(self.problem, class.rooms[0], s, parts)
    }

    /// A talk's leeway with its old start and main room (see
    /// [`ModelOptions::leeway`]): none for a talk that may go anywhere or
    /// one the baseline does not place.
    fn kept_place(&self, t: TalkId, leeway: Option<&[Leeway]>) -> Option<(Leeway, SlotId, RoomId)> {
        let l = leeway?[t.index()];
        if l == Leeway::Anywhere {
            return None;
        }
        let was = self.problem.baseline.as_ref()?.was(t)?;
        Some((l, was.slot?, was.main?))
    }

    fn add_variables(&mut self, doms: &[Domain], leeway: Option<&[Leeway]>, caps: Option<&[u64]>) {
        let p = self.problem;
        for t in p.talk_ids() {
            if !self.scope.talks[t.index()] {
                continue;
            }
            let talk = p.talk(t);
            let kept = self.kept_place(t, leeway);
            let cap = caps.map_or(u64::MAX, |c| c[t.index()]);
            // Beyond the leeway: the fewest seats of another main room at
            // its old start; the least change cost of another start.
            let mut other_room: Option<u32> = None;
            let mut aside: Option<u64> = None;
            for &s in &doms[t.index()].starts {
                let free: Vec<usize> = (0..self.classes.len())
                    .filter(|&k| rules::room_free(p, self.classes[k].rooms[0], s, talk.parts))
                    .collect();
                let mut counts_needed = false;
                for k in 0..self.classes.len() {
                    if !self.class_fits(doms, t, k, s) || self.least_change(t, k, s) > cap {
                        continue;
                    }
                    if let Some((leeway, s0, r0)) = kept {
                        if s != s0 {
                            // Another start costs the same in every room.
                            let cost = rules::change_cost(p, t, s, &[self.classes[k].rooms[0]]);
                            aside = Some(aside.map_or(cost, |c| c.min(cost)));
                            continue;
                        }
                        if leeway == Leeway::Stays && self.classes[k].rooms != [r0] {
                            let seats = self.classes[k].capacity;
                            other_room = Some(other_room.map_or(seats, |c| c.min(seats)));
                            continue;
                        }
                    }
                    // Where seats are not counted, an overflow talk's extra
                    // rooms are counted per class (exact, and far fewer
                    // variables than its minimal sets of rooms).
                    let sets = if talk.overflow && !self.terms.empty_seats && self.terms.changes {
                        None
                    } else if talk.overflow {
                        self.minimal_room_sets(k, &free, talk.audience)
                    } else {
                        Some(vec![Vec::new()])
                    };
                    match sets {
                        Some(mut sets) => {
                            sets.extend(self.baseline_room_set(t, k, s, &free, &sets));
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
                        let n = float(self.classes[k].rooms.len());
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
            let s0 = kept.map(|(_, s0, _)| s0);
            let room_change = p.replan.room_change;
            let counted = [
                other_room.map(|seats| (s0, seats, room_change)),
                aside.map(|cost| (None, 0, cost)),
            ];
            let counted = counted.into_iter().flatten().filter(|&(_, _, c)| c <= cap);
            for (start, seats, cost) in counted {
                let var = self.vars.add(variable().binary());
                self.talk_counted[t.index()].push(self.counted.len());
                self.counted.push(Counted {
                    talk: t,
                    start,
                    var,
                    seats,
                    cost,
                });
            }
        }
    }

    /// The least change cost of talk `t` in class `k` at start `s`, whatever
    /// its room in the class and its extra rooms.
    fn least_change(&self, t: TalkId, k: usize, s: SlotId) -> u64 {
        self.classes[k]
            .rooms
            .iter()
            .map(|&r| rules::least_change_cost(self.problem, t, s, r))
            .min()
            .unwrap_or(0)
    }

    /// A talk's variables for going beyond its leeway (counted only), if
    /// it has any.
    fn away_vars(&self, t: TalkId) -> impl Iterator<Item = Variable> + '_ {
        self.talk_counted[t.index()]
            .iter()
            .map(|&i| self.counted[i].var)
    }

    /// A talk counted beyond its leeway, where the solver's values put it.
    pub fn away(&self, t: TalkId, value: impl Fn(Variable) -> f64) -> Option<Away> {
        let c = self.talk_counted[t.index()]
            .iter()
            .map(|&i| self.counted[i])
            .find(|c| value(c.var) > 0.5)?;
        Some(if c.start.is_some() {
            Away::OtherRoom
        } else {
            Away::OtherStart
        })
    }

    /// A re-plan's overflow talk at its old start in its old main room (a
    /// class of its own in the per-room model): its old extra rooms as one
    /// more room set when they are not among the minimal ones but are all
    /// free and still seat the audience, so that staying put is possible.
    fn baseline_room_set(
        &self,
        t: TalkId,
        k: usize,
        s: SlotId,
        free: &[usize],
        minimal: &[Vec<(usize, usize)>],
    ) -> Option<Vec<(usize, usize)>> {
        let p = self.problem;
        if !p.talk(t).overflow {
            // A talk that streams no more keeps no extra rooms (a baseline
            // may list some: the talk was an overflow talk then).
            return None;
        }
        let was = p.baseline.as_ref()?.was(t)?;
        let main = self.classes[k].rooms[0];
        if was.slot != Some(s) || was.main != Some(main) || self.classes[k].rooms.len() != 1 {
            return None;
        }
        let mut set = Vec::new();
        for &r in was.extras.as_ref()? {
            let c = free
                .iter()
                .copied()
                .find(|&c| self.classes[c].rooms == [r] && c != k)?;
            set.push((c, 1));
        }
        set.sort_unstable();
        let seats: u32 = self.classes[k].capacity
            + set
                .iter()
                .map(|&(c, _)| self.classes[c].capacity)
                .sum::<u32>();
        (!set.is_empty() && seats >= p.talk(t).audience && !minimal.contains(&set)).then_some(set)
    }

    /// Seats of a placement's main room and its room set.
    fn seats_of(&self, v: &PlaceVar) -> u32 {
        let extra: u32 = v.room_set.map_or(0, |i| {
            self.room_sets[i]
                .iter()
                .map(|&(k, n)| self.classes[k].capacity * count32(n))
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
    /// `None` when there are more than [`tuning::MAX_ROOM_SETS`].
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
                return out.len() <= tuning::MAX_ROOM_SETS;
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

    /// Every place variable of talk t.
    fn places_of(&self, t: TalkId) -> impl Iterator<Item = PlaceVar> + '_ {
        self.talk_places[t.index()].iter().map(|&i| self.places[i])
    }

    /// Place variables of talk t whose run covers slot s.
    fn occupying(&self, t: TalkId, s: SlotId) -> impl Iterator<Item = &PlaceVar> + '_ {
        self.talk_places[t.index()]
            .iter()
            .map(|&i| &self.places[i])
            .filter(move |v| rules::occupies(self.problem, t, v.start, s))
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

    /// Whether the objective has a term that counts talks together (track
    /// clashes, declared tracks' rooms and gaps, soft conflicts, attendees'
    /// missed talks), which the
    /// linear model leaves out.
    pub fn has_counting_terms(p: &Problem) -> bool {
        let w = &p.weights;
        let shared = |k: usize| {
            p.talks
                .iter()
                .filter(|t| t.track.map(|x| x.index()) == Some(k))
                .count()
                > 1
        };
        let clashes = w.track_clash > 0 && (0..p.tracks.len()).any(shared);
        let declared =
            (0..p.tracks.len()).any(|k| p.track_rules[k].declared.is_some() && shared(k));
        let days = (w.track_rooms > 0 || w.track_gaps > 0) && declared;
        let conflicts = w.conflicts > 0 && p.conflicts.iter().any(|c| !c.hard && c.weight > 0);
        let attendees = w.attendee_missed > 0 && p.attendees.iter().any(|a| a.wants.len() > 1);
        clashes || days || conflicts || attendees
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
            // One variable on per talk, even if two could stand for its
            // place: a start that places a talk twice is no start.
            let mut placed = false;
            for &i in &self.talk_places[x.talk.index()] {
                let v = self.places[i];
                let set_matches = v.room_set.is_none_or(|j| {
                    let mut set = self.room_sets[j].clone();
                    set.sort();
                    set == extra
                });
                let on = !placed && Some(v.class) == main && v.start == x.start && set_matches;
                placed |= on;
                out.push((v.var, if on { 1.0 } else { 0.0 }));
            }
            for v in self.away_vars(x.talk) {
                out.push((v, 0.0));
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
                out.push((v.var, float(n)));
            }
        }
        out
    }

    /// Reads the solver's values into placements with concrete rooms.
    pub fn extract(&self, value: impl Fn(Variable) -> f64) -> Result<Vec<Placement>, ModelError> {
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
            let n = usize::try_from(rounded(value(v.var))).unwrap_or(usize::MAX);
            if n > 0 {
                extras.push((v.talk, v.class, v.start, n));
            }
        }
        let mut placements = assign_rooms(p, &self.classes, &main, &extras)?;
        prefer_largest_main_room(p, &mut placements);
        Ok(placements)
    }
}
