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

use good_lp::{Constraint, Expression, ProblemVariables, variable};

use super::Control;
use crate::analysis::Domain;
use crate::backend::{self, Answer, Backend, Request};
use crate::num::{float, float64};
use crate::problem::{FeatureId, Problem, RoomId, SlotId, TalkId, rules};
use crate::tuning;

/// The fewest of every term any timetable can have, weighted and summed;
/// `None` if the seat LP could not be solved in the time left.
pub fn objective_lower_bound(p: &Problem, doms: &[Domain], control: &Control) -> Option<u64> {
    let clashes = fewest_clashes(p, doms, control);
    let seats = seat_lower_bound(p, control)?;
    Some(objective_lower_bound_with(p, doms, clashes, seats))
}

/// [`objective_lower_bound`] with the fewest track clashes and empty
/// seats given.
pub(crate) fn objective_lower_bound_with(
    p: &Problem,
    doms: &[Domain],
    clashes: u64,
    seats: u64,
) -> u64 {
    let w = &p.weights;
    seats * w.empty_seats
        + preference_lower_bound(p, doms) * w.preferences
        + counting_lower_bound_with(p, clashes)
}

/// The fewest track clashes: the larger of the even spread and the LP
/// over slot loads (when it is solved in time).
pub fn fewest_clashes(p: &Problem, doms: &[Domain], control: &Control) -> u64 {
    let started = std::time::Instant::now();
    let lp = slot_load_clash_bound(p, doms, control);
    let even = clash_lower_bound(p);
    super::trace(&format!(
        "bounds: fewest clashes {even} by the even spread, {lp:?} by slot loads ({:.2} s)",
        started.elapsed().as_secs_f64()
    ));
    even.max(lp.unwrap_or(0))
}

/// [`objective_lower_bound`] with track clashes, preferences and track
/// rooms bounded together ([`slot_load_joint_bound`]) and the fewest
/// empty seats given; `None` if the LP was too large or not solved in the
/// time left.
pub(crate) fn joint_objective_bound(
    p: &Problem,
    doms: &[Domain],
    seats: u64,
    control: &Control,
) -> Option<u64> {
    let joint = slot_load_joint_bound(p, doms, control)?;
    Some(seats * p.weights.empty_seats + joint + counting_beside_joint(p))
}

/// The weighted lower bounds of the terms that count talks together
/// (track clashes, track rooms, soft conflicts, attendees' missed talks):
/// what the model of the
/// linear terms leaves out.
pub fn counting_lower_bound(p: &Problem) -> u64 {
    counting_lower_bound_with(p, clash_lower_bound(p))
}

/// [`counting_lower_bound`] with the fewest track clashes given.
pub(crate) fn counting_lower_bound_with(p: &Problem, clashes: u64) -> u64 {
    let w = &p.weights;
    clashes * w.track_clash + track_rooms_lower_bound(p) * w.track_rooms + counting_beside_joint(p)
}

/// The weighted bounds of the counting terms that [`slot_load_joint_bound`]
/// leaves out: soft conflicts and attendees' missed talks.
fn counting_beside_joint(p: &Problem) -> u64 {
    let w = &p.weights;
    conflict_lower_bound(p) * w.conflicts + attendee_lower_bound(p) * w.attendee_missed
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

/// The fewest track clashes any timetable can have, from an LP over slot
/// loads that knows where each talk may start and how many talks a slot
/// holds; `None` if the LP could not be solved in the time left. Never
/// below [`clash_lower_bound`] by construction (the caller takes the
/// larger).
///
/// Derivation. Let `y[t][s]` be 1 when talk `t` starts at `s` (one of its
/// domain's starts), so `sum_s y[t][s] = 1`. The load of track `k` in slot
/// `u` is `x[k][u] = sum of y[t][s]` over `k`'s talks `t` and starts `s`
/// whose run covers `u`, and the timetable's track clashes are
/// `sum_{k,u} pairs(x[k][u])` with `pairs(n) = n(n-1)/2`. Every slot `u`
/// holds at most `R(u)` talks, one per room free at `u` (an overflow talk
/// takes at least one), and a plenary none beside it:
/// `sum_{t not plenary} covers(t,u) + R(u) * sum_{t plenary} covers(t,u) <= R(u)`.
/// `pairs` is convex and agrees at every integer `n` with its piecewise
/// linear interpolation `f(x) = max_q (q x - q(q+1)/2)` over integers
/// `q >= 0` (the segment from `q` to `q + 1` has slope `q`). Relaxing `y`
/// to `[0, 1]` and charging `c[k][u] >= f(x[k][u])` gives an LP whose
/// optimum is at most `sum pairs(x)` of every timetable, whose `x` are
/// integers: a lower bound, rounded up as the clashes are an integer.
/// It improves on the even spread where domains (`only`, unavailability,
/// speakers, fixed slots, multi-part runs) and full slots push a track's
/// talks together. Talks with equal track, run length, plenary flag and
/// starts are one group with `y` summing to their number; `q` runs only up
/// to the most talk-parts of the track that can cover the slot. The LP
/// lets a plenary spread thinly over every slot, so each track's `c` also
/// sum to at least its even spread (valid for every timetable, see
/// [`clash_lower_bound`]): the LP is never below the even spread, and
/// above it wherever domains or full slots force talks together.
pub fn slot_load_clash_bound(p: &Problem, doms: &[Domain], control: &Control) -> Option<u64> {
    if p.tracks.is_empty() || p.weights.track_clash == 0 {
        return Some(0);
    }
    let groups = start_groups(p, doms);
    // Its size in start variables: a large LP would outlast the search it
    // serves (microlp does not stop inside an LP).
    let size: usize = groups.keys().map(|k| k.3.len()).sum();
    super::trace(&format!(
        "bounds: the slot-load LP has {size} start variables"
    ));
    if size > tuning::SLOT_LOAD_LP_VARIABLES {
        return None;
    }
    let mut lp = LoadLp::new(p);
    for ((track, parts, plenary, starts), &n) in &groups {
        if starts.is_empty() {
            return None;
        }
        lp.group(*track, *parts, *plenary, starts, n);
    }
    lp.slot_rows();
    let most = most_covering(p, &groups, p.slots.len());
    for (k, most) in most.iter().enumerate() {
        lp.clash_rows(p, k, most, 1.0);
    }
    lp.solve(control)
}

/// The fewest of track clashes, preferences and declared tracks' extra
/// rooms together, weighted: the LP of [`slot_load_clash_bound`] with what
/// each start costs in preferences and two more families of rows; `None`
/// when the LP is too large or not solved in the time left. Never below
/// the separate bounds of the three terms, whose rows it holds.
///
/// Derivation (`y`, `x`, `f` as in [`slot_load_clash_bound`]). A talk's
/// preference units at start `s` in main room `r` are its start's units
/// plus its room's (`rules::preference_units`), so a start costs at least
/// its start's units plus the fewest room units of the talk's domain. Two
/// families of rows count what the starts alone cannot:
///
/// - a track's preferred rooms: of its talks that start at `u` and could
///   have one, at most as many as it has preferred rooms free at `u` do
///   (a room holds one talk at a time), so each one beyond costs a room
///   unit: `e[k][u] >= (those starts) - m[k][u]`;
/// - a declared track's rooms on day `d`: its talks that occupy one slot
///   `u` of `d` are in as many distinct main rooms, so its rooms beyond
///   one, `r[k][d]`, are at least `x[k][u] - 1` for each `u` of `d`; over
///   the days, at least [`track_rooms_lower_bound`]'s count for the track
///   (which the LP's fractional loads would not reach: four talks in three
///   slots are 4/3 a slot).
///
/// Every timetable is a point of this LP whose objective is at most its
/// weighted track clashes, preferences and track rooms, so the optimum,
/// rounded up, bounds their sum. It exceeds the separate bounds where a
/// track prefers fewer slots (a day) than it has talks: to meet the
/// preference they would clash (the generated 1,000-talk conference:
/// 62,299 instead of 55,200).
pub fn slot_load_joint_bound(p: &Problem, doms: &[Domain], control: &Control) -> Option<u64> {
    let w = &p.weights;
    // (start group, each start's units, fewest room units) -> talks.
    let mut groups: BTreeMap<(StartGroup, Vec<u64>, u64), f64> = BTreeMap::new();
    for (t, d) in p.talk_ids().zip(doms) {
        let talk = p.talk(t);
        let (starts, room) = start_and_room_units(p, t, d)?;
        let key = (
            talk.track.map(|k| k.index()),
            talk.parts,
            talk.plenary,
            d.starts.clone(),
        );
        *groups.entry((key, starts, room)).or_default() += 1.0;
    }
    let size: usize = groups.keys().map(|k| k.0.3.len()).sum();
    super::trace(&format!(
        "bounds: the joint slot-load LP has {size} start variables"
    ));
    if size > tuning::SLOT_LOAD_LP_VARIABLES {
        return None;
    }
    let slots = p.slots.len();
    let mut lp = LoadLp::new(p);
    // Per track and slot: starts there that could take a preferred room.
    let mut preferring: Vec<Vec<Expression>> =
        vec![vec![Expression::from(0.0); slots]; p.tracks.len()];
    let mut plain: BTreeMap<StartGroup, f64> = BTreeMap::new();
    for ((group, units, room), &n) in &groups {
        let (track, parts, plenary, starts) = group;
        if starts.is_empty() {
            return None;
        }
        let ys = lp.group(*track, *parts, *plenary, starts, n);
        for ((y, s), u) in ys.into_iter().zip(starts).zip(units) {
            lp.objective.add_mul(float64((u + room) * w.preferences), y);
            // Talks that could have a room their track prefers (rows only
            // for tracks that prefer some).
            if let Some(k) = *track
                && *room == 0
                && !p.track_rules[k].rooms.is_empty()
            {
                preferring[k][s.index()].add_mul(1.0, y);
            }
        }
        *plain.entry(group.clone()).or_default() += n;
    }
    lp.slot_rows();
    let most = most_covering(p, &plain, slots);
    for k in 0..p.tracks.len() {
        let rules = &p.track_rules[k];
        lp.clash_rows(p, k, &most[k], float64(w.track_clash));
        if w.preferences > 0 && !rules.rooms.is_empty() {
            for (u, starting) in preferring[k].iter().enumerate() {
                let free = rules
                    .rooms
                    .iter()
                    .filter(|&&r| !p.room(r).unavailable.contains(SlotId::at(u)))
                    .count();
                let e = lp.vars.add(variable().min(0));
                lp.objective.add_mul(float64(w.preferences), e);
                lp.constraints.push((starting.clone() - e).leq(float(free)));
            }
        }
        if w.track_rooms > 0 && rules.declared.is_some() {
            lp.track_room_rows(p, k, &most[k], float64(w.track_rooms));
        }
    }
    lp.solve(control)
}

/// The slot-load LP as it is built: start variables, each track's load
/// and each slot's use in talks, rows and objective.
struct LoadLp {
    vars: ProblemVariables,
    constraints: Vec<Constraint>,
    objective: Expression,
    /// Per track and slot: its talk-parts there.
    load: Vec<Vec<Expression>>,
    /// Per slot: the rooms its talks take (a plenary all).
    used: Vec<Expression>,
    free_rooms: Vec<f64>,
    /// The slots the plenaries leave to the other talks.
    plenary_free: u64,
}

impl LoadLp {
    fn new(p: &Problem) -> Self {
        let slots = p.slots.len();
        Self {
            vars: ProblemVariables::new(),
            constraints: Vec::new(),
            objective: Expression::from(0.0),
            load: vec![vec![Expression::from(0.0); slots]; p.tracks.len()],
            used: vec![Expression::from(0.0); slots],
            free_rooms: free_rooms(p),
            plenary_free: slots_without_plenaries(p),
        }
    }

    /// `n` alike talks of `track`, `parts` long, starting at `starts`:
    /// one variable per start (the talks starting there), summing to `n`;
    /// returns them in the order of `starts`.
    fn group(
        &mut self,
        track: Option<usize>,
        parts: u32,
        plenary: bool,
        starts: &[SlotId],
        n: f64,
    ) -> Vec<good_lp::Variable> {
        let slots = self.used.len();
        let mut all = Expression::from(0.0);
        let mut ys = Vec::with_capacity(starts.len());
        for s in starts {
            let y = self.vars.add(variable().min(0).max(n));
            all.add_mul(1.0, y);
            let run = s.index()..(s.index() + parts as usize).min(slots);
            for u in run {
                let rooms = if plenary { self.free_rooms[u] } else { 1.0 };
                self.used[u].add_mul(rooms, y);
                if let Some(k) = track {
                    self.load[k][u].add_mul(1.0, y);
                }
            }
            ys.push(y);
        }
        self.constraints.push(all.eq(n));
        ys
    }

    /// Each slot holds at most one talk per free room.
    fn slot_rows(&mut self) {
        for (u, e) in std::mem::take(&mut self.used).into_iter().enumerate() {
            self.constraints.push(e.leq(self.free_rooms[u]));
        }
    }

    /// Track `k`'s pairs per slot, `f(x)`, at `weight` each, and its even
    /// spread (the LP alone lets plenaries spread thinly over every slot).
    fn clash_rows(&mut self, p: &Problem, k: usize, most: &[u64], weight: f64) {
        if weight == 0.0 {
            return;
        }
        let mut track_pairs = Expression::from(0.0);
        for (u, x) in self.load[k].iter().enumerate() {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // room counts
            let top = most[u].min(self.free_rooms[u].max(1.0) as u64);
            if top < 2 {
                continue;
            }
            let c = self.vars.add(variable().min(0));
            self.objective.add_mul(weight, c);
            track_pairs.add_mul(1.0, c);
            for q in 1..top {
                #[allow(clippy::cast_precision_loss)] // small counts
                let (qf, off) = (q as f64, (q * (q + 1) / 2) as f64);
                self.constraints.push((qf * x.clone() - c).leq(off));
            }
        }
        let mine = p
            .talk_ids()
            .filter(|&t| p.talk(t).track.map(|x| x.index()) == Some(k))
            .collect::<Vec<_>>();
        let even = fewest_pairs(shared_parts(p, mine.iter()), self.plenary_free);
        if even > 0 {
            self.constraints.push(track_pairs.geq(float64(even)));
        }
    }

    /// Declared track `k`'s main rooms beyond one per day, at `weight`
    /// each (see [`slot_load_joint_bound`]).
    fn track_room_rows(&mut self, p: &Problem, k: usize, most: &[u64], weight: f64) {
        let mut beyond = Expression::from(0.0);
        for day in &p.days {
            let r = self.vars.add(variable().min(0));
            self.objective.add_mul(weight, r);
            beyond.add_mul(1.0, r);
            for u in day.slots().filter(|u| most[u.index()] >= 2) {
                let x = &self.load[k][u.index()];
                self.constraints.push((x.clone() - r).leq(1.0));
            }
        }
        let fewest = fewest_track_rooms(p, k);
        if fewest > 0 {
            self.constraints.push(beyond.geq(float64(fewest)));
        }
    }

    fn solve(self, control: &Control) -> Option<u64> {
        solve_lp(self.vars, self.objective, self.constraints, control)
    }
}

/// Talk `t`'s fewest preference units at each start of its domain (in a
/// main room of the track's choosing), and the fewest units a main room
/// of its domain adds; `None` when its domain has no room. The two add
/// up (`rules::preference_units` counts a start's lists and the room
/// apart), so each is chosen on its own.
fn start_and_room_units(p: &Problem, t: TalkId, d: &Domain) -> Option<(Vec<u64>, u64)> {
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
        .map(|&s| {
            rules::preference_units(p, t, s, first_room).saturating_sub(room_units(first_room))
        })
        .collect();
    let room = d.rooms.iter().map(|&r| room_units(r)).min()?;
    Some((starts, room))
}

/// Talks alike for the slot-load bound: track, parts, plenary, starts.
type StartGroup = (Option<usize>, u32, bool, Vec<SlotId>);

/// Problem and domains in; talk counts by (track, parts, plenary, starts) out.
fn start_groups(p: &Problem, doms: &[Domain]) -> BTreeMap<StartGroup, f64> {
    // (track, parts, plenary, starts) -> talks.
    let mut groups: BTreeMap<StartGroup, f64> = BTreeMap::new();
    for (t, d) in p.talk_ids().zip(doms) {
        let talk = p.talk(t);
        *groups
            .entry((
                talk.track.map(|k| k.index()),
                talk.parts,
                talk.plenary,
                d.starts.clone(),
            ))
            .or_default() += 1.0;
    }
    groups
}

/// Problem in; the number of free rooms in each slot out.
fn free_rooms(p: &Problem) -> Vec<f64> {
    (0..p.slots.len())
        .map(|u| {
            let n = p
                .rooms
                .iter()
                .filter(|r| !r.unavailable.contains(SlotId::at(u)))
                .count();
            #[allow(clippy::cast_precision_loss)] // room counts are small
            let n = n as f64;
            n
        })
        .collect()
}

/// Problem, start groups, slot count in; the most talk-parts per track able to cover each slot out.
fn most_covering(p: &Problem, groups: &BTreeMap<StartGroup, f64>, slots: usize) -> Vec<Vec<u64>> {
    // The most talk-parts of each track that can cover each slot: every
    // talk of a group whose starts cover it.
    let mut most: Vec<Vec<u64>> = vec![vec![0; slots]; p.tracks.len()];
    for ((track, parts, _, starts), &n) in groups {
        let Some(k) = track else { continue };
        let mut covers = vec![false; slots];
        for s in starts {
            let end = (s.index() + *parts as usize).min(slots);
            covers[s.index()..end].iter_mut().for_each(|c| *c = true);
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // counts
        let n = n as u64;
        for (u, _) in covers.iter().enumerate().filter(|(_, c)| **c) {
            most[*k][u] += n;
        }
    }
    most
}

/// A pure LP (variables, objective, constraints) solved by microlp within
/// the control's time: its optimum less round-off, rounded up (a bound on
/// an integer objective), or `None` when it found none.
fn solve_lp(
    vars: ProblemVariables,
    objective: Expression,
    constraints: Vec<Constraint>,
    control: &Control,
) -> Option<u64> {
    let request = Request {
        vars,
        objective,
        constraints,
        time_limit: control.left(),
        ..Request::default()
    };
    let answer = backend::solve(
        Backend::Microlp,
        request,
        &mut |_| ControlFlow::Continue(()),
    );
    match answer.ok()? {
        Answer::Solved { objective, .. } => {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // ceil, >= 0
            let bound = (objective - 1e-6).ceil().max(0.0) as u64;
            Some(bound)
        }
        _ => None,
    }
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
    (0..p.tracks.len())
        .filter(|&k| p.track_rules[k].declared.is_some())
        .map(|k| fewest_track_rooms(p, k))
        .sum()
}

/// [`track_rooms_lower_bound`] of track `k` alone (declared or not).
fn fewest_track_rooms(p: &Problem, k: usize) -> u64 {
    let first_rooms = slots_without_plenaries(p);
    let longest_day = p
        .days
        .iter()
        .map(|d| d.slot_count as u64)
        .max()
        .unwrap_or(1)
        .max(1);
    let mine = p
        .talk_ids()
        .filter(|&t| p.talk(t).track.map(|x| x.index()) == Some(k))
        .collect::<Vec<_>>();
    shared_parts(p, mine.iter())
        .saturating_sub(first_rooms)
        .div_ceil(longest_day)
}

/// The fewest preference units any timetable can have: each talk at the
/// start and the main room of its domain that cost least (the start's
/// units and the room's add up, so each is chosen on its own).
pub fn preference_lower_bound(p: &Problem, doms: &[Domain]) -> u64 {
    p.talk_ids()
        .zip(doms)
        .filter_map(|(t, d)| {
            let (starts, room) = start_and_room_units(p, t, d)?;
            Some(starts.into_iter().min()? + room)
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
    solve_lp(vars, objective, constraints, control).map(|seats| seats + overflow_waste)
}

/// A re-plan: the least change cost any timetable has, counting each talk
/// alone: the cheapest start and main room its domain allows with the
/// room free for the whole run (nothing where it was, if that is still
/// possible).
pub fn changes_lower_bound(p: &Problem, doms: &[crate::analysis::Domain]) -> u64 {
    least_changes(p, doms).iter().sum()
}

/// Each talk's least change cost alone (see [`changes_lower_bound`]), by
/// talk index; all zero without a baseline.
pub fn least_changes(p: &Problem, doms: &[crate::analysis::Domain]) -> Vec<u64> {
    if p.baseline.is_none() {
        return vec![0; p.talks.len()];
    }
    p.talk_ids()
        .map(|t| {
            let d = &doms[t.index()];
            let parts = p.talk(t).parts;
            d.starts
                .iter()
                .flat_map(|&s| d.rooms.iter().map(move |&r| (s, r)))
                .filter(|&(s, r)| rules::room_free(p, r, s, parts))
                .map(|(s, r)| rules::least_change_cost(p, t, s, r))
                .min()
                .unwrap_or(0)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every term of the joint objective bound at once, each weight a
    /// different prime: 3 x 6 empty seats (three talks of 10 in rooms of
    /// 12), 10 for track A's preference (one of three talks at 09:00, the
    /// others pay 5 each rather than a clash of 13), 7 x 2 for one pair of
    /// the soft group of four in three slots, 11 for the one talk the
    /// attendee who wants all four must miss.
    #[test]
    fn the_joint_objective_bound_adds_every_terms_bound_at_its_weight() {
        let text = r#"
[event]
name = "joint"
slot_minutes = 50

[[days]]
date = "2030-06-03"
slots = ["09:00", "10:00", "11:00"]

[[rooms]]
id = "R1"
capacity = 12

[[rooms]]
id = "R2"
capacity = 12

[[talks]]
id = "A1"
audience = 10
track = "A"

[[talks]]
id = "A2"
audience = 10
track = "A"

[[talks]]
id = "A3"
audience = 10
track = "A"

[[talks]]
id = "X"
audience = 12

[[tracks]]
id = "A"
prefer = ["09:00"]

[[conflicts]]
talks = ["A1", "A2", "A3", "X"]
weight = 2

[[attendees]]
id = "ada"
wants = ["A1", "A2", "A3", "X"]

[objective]
empty_seats = 3
track_clash = 13
track_rooms = 17
preferences = 5
conflicts = 7
attendee_missed = 11
"#;
        let p = crate::problem::parse("joint.toml", text).unwrap_or_else(|e| panic!("{e}"));
        let doms = crate::analysis::domains(&p);
        let control = Control::default();
        assert_eq!(slot_load_joint_bound(&p, &doms, &control), Some(10));
        let seats = seat_lower_bound(&p, &control).expect("seats");
        assert_eq!(
            joint_objective_bound(&p, &doms, seats, &control),
            Some(18 + 10 + 14 + 11)
        );
    }

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
