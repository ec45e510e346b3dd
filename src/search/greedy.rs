//! A first timetable, built greedily.
//!
//! In: a problem and its domains. Out: valid placements for every talk, or
//! `None` when some talk finds no place (the models decide then) or the
//! search must stop.

use super::state::State;
use super::{Control, trace};
use crate::analysis;
use crate::num::signed;
use crate::problem::{Problem, RoomId, SlotId, TalkId, rules};
use crate::timetable::Placement;
use crate::tuning;

/// A talk's tentative place: start and rooms (main first).
pub(super) type Spot = (TalkId, SlotId, Vec<RoomId>);

/// A first timetable, built greedily (a re-plan tries `search::repair`
/// first, see `first_timetable`): sequences and hard-to-place talks
/// first (and every talk after the talks it must follow), each at the start
/// and room that adds the least cost (empty seats, clashes, preferences,
/// its track's rooms and gaps), overflow talks gathering rooms until they
/// are seated. When a unit finds no place, it moves to the front and the
/// pass starts again (at most [`tuning::GREEDY_RETRIES`] times). Where
/// declared tracks have rooms to pay for, a second construction looks
/// ahead (a place that leaves the track's later talks too little of the
/// room's free run of slots costs a room more) and the cheaper of the two
/// is kept. `None`
/// when some talk still finds no place (the solver decides then), or when
/// `control` says stop.
pub fn construct(
    p: &Problem,
    doms: &[analysis::Domain],
    control: &Control,
) -> Option<Vec<Placement>> {
    let built = construct_from(p, doms, units(p, doms, true)?, control);
    if built.is_some() || p.baseline.is_none() || control.should_stop() {
        return built;
    }
    // A re-plan whose old places leave the moved talks no way in: a
    // timetable built afresh (the local search then brings talks back).
    trace("greedy: the old places leave no way in; building afresh");
    let mut afresh = p.clone();
    afresh.baseline = None;
    construct_from(&afresh, doms, units(&afresh, doms, false)?, control)
}

/// The plain construction and, where declared tracks have rooms to pay
/// for, the look-ahead one; the better kept (by rank: in a re-plan, the
/// change cost first).
fn construct_from(
    p: &Problem,
    doms: &[analysis::Domain],
    order: Vec<Vec<TalkId>>,
    control: &Control,
) -> Option<Vec<Placement>> {
    let plain = construct_with(p, doms, order.clone(), false, control);
    if track_rest(p, &order).iter().all(|&n| n == 0) || control.should_stop() {
        return plain;
    }
    let ahead = construct_with(p, doms, order, true, control);
    match (plain, ahead) {
        (Some(a), Some(b)) => {
            let rank = |x: &[Placement]| crate::timetable::score(p, x).rank();
            Some(if rank(&b) < rank(&a) { b } else { a })
        }
        (a, b) => a.or(b),
    }
}

/// Greedy passes from this order (the look-ahead on or off) until one
/// places every unit, or an order comes back (the same pass would fail
/// the same way again).
fn construct_with(
    p: &Problem,
    doms: &[analysis::Domain],
    mut order: Vec<Vec<TalkId>>,
    look_ahead: bool,
    control: &Control,
) -> Option<Vec<Placement>> {
    let mut tried = Vec::new();
    for _ in 0..=tuning::GREEDY_RETRIES {
        if tried.contains(&order) {
            trace("greedy: an order came back; no other order is tried");
            return None;
        }
        tried.push(order.clone());
        match pass(p, doms, &order, look_ahead, control) {
            Pass::Placed(out) => return Some(out),
            Pass::Stopped => return None,
            Pass::Stuck(0, true) => {
                // It was first, on an empty timetable, and still found no
                // place: no order helps.
                trace(&format!(
                    "greedy: no place for talk `{}` even first",
                    p.talk(order[0][0]).id
                ));
                return None;
            }
            Pass::Stuck(i, _) => {
                trace(&format!(
                    "greedy: no place for talk `{}`; it goes first",
                    p.talk(order[i][0]).id
                ));
                let unit = order.remove(i);
                order.insert(0, unit);
                order = precedences_first(p, &order);
            }
        }
    }
    None
}

/// How one greedy pass ended.
enum Pass {
    Placed(Vec<Placement>),
    /// The unit at this index found no place (on its first try, or after
    /// it was taken out to make way).
    Stuck(usize, bool),
    Stopped,
}

/// One greedy pass over the units in this order. A unit that finds no
/// place takes the place whose occupants and exclusive neighbours (the
/// talks in its way) are fewest, those units are taken out and placed again
/// later (at most [`tuning::GREEDY_EJECTIONS`] per unit in all; a unit
/// taken out often counts as more in the way); when even that fails, the
/// pass is stuck at that unit.
fn pass(
    p: &Problem,
    doms: &[analysis::Domain],
    units: &[Vec<TalkId>],
    look_ahead: bool,
    control: &Control,
) -> Pass {
    let mut st = State::new(p, &[]);
    let mut rest = track_rest(p, units);
    if !look_ahead {
        rest.fill(0);
    }
    let run_left = run_left(p);
    let mut unit_of = vec![usize::MAX; p.talks.len()];
    for (i, u) in units.iter().enumerate() {
        for &t in u {
            unit_of[t.index()] = i;
        }
    }
    let mut queue: std::collections::VecDeque<usize> = (0..units.len()).collect();
    let mut taken_out = vec![0u32; units.len()];
    let mut budget = tuning::GREEDY_EJECTIONS.saturating_mul(units.len());
    while let Some(i) = queue.pop_front() {
        if control.should_stop() {
            return Pass::Stopped;
        }
        let unit = &units[i];
        let head = unit[0];
        let free = (rest[i] > 0).then(|| free_runs(&st));
        let mut best: Option<(i64, Vec<Spot>)> = None;
        for &s in &doms[head.index()].starts {
            for &r in &doms[head.index()].rooms {
                let Some((placed, added)) = try_chain(&mut st, unit, s, r) else {
                    continue;
                };
                let mut cost = added;
                // Look ahead: the track's talks still to come would like
                // the rest of this run of slots in this room.
                if let Some(free) = &free {
                    let needed = rest[i].min(run_left[s.index()]);
                    if free[r.index()][s.index()] < needed {
                        cost += signed(p.weights.track_rooms);
                    }
                }
                if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                    best = Some((cost, placed));
                }
            }
        }
        let chosen = match best {
            Some((_, chosen)) => chosen,
            None => {
                let Some((out, chosen)) = make_way(&mut st, doms, units, &unit_of, &taken_out, i)
                    .filter(|(out, _)| out.len() <= budget)
                else {
                    return Pass::Stuck(i, taken_out[i] == 0);
                };
                budget -= out.len();
                for &j in &out {
                    for &t in &units[j] {
                        st.remove(t);
                        st.at[t.index()] = (SlotId(0), Vec::new());
                    }
                    taken_out[j] += 1;
                    queue.push_back(j);
                }
                chosen
            }
        };
        for (t, start, rooms) in chosen {
            st.at[t.index()] = (start, rooms);
            st.add(t);
        }
    }
    let out = st.placements();
    trace(&format!(
        "greedy: a pass placed {} units, {} taken out to make way",
        units.len(),
        taken_out.iter().sum::<u32>()
    ));
    Pass::Placed(out)
}

/// The unit's chain placed tentatively from start `s` in room `r` and
/// undone: its spots and what it adds (its talks' own costs and what its
/// declared tracks' days cost now beyond what they did), or `None` when it
/// does not fit.
pub(super) fn try_chain(
    st: &mut State,
    unit: &[TalkId],
    s: SlotId,
    r: RoomId,
) -> Option<(Vec<Spot>, i64)> {
    let p = st.p;
    let mut placed: Vec<Spot> = Vec::new();
    let mut at = Some(s);
    let mut ok = true;
    for &t in unit {
        let Some(start) = at.filter(|&x| st.fits(t, x, r)) else {
            ok = false;
            break;
        };
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
        at = rules::next_in_sequence(p, t, start);
    }
    let added = if ok {
        let at: Vec<(TalkId, SlotId)> = placed.iter().map(|(t, s, _)| (*t, *s)).collect();
        let days = st.track_days_at(&at);
        let after: i64 =
            placed.iter().map(|(t, _, _)| st.cost(*t)).sum::<i64>() + st.track_days_cost(&days);
        Some((days, after))
    } else {
        None
    };
    for (t, _, _) in placed.iter().rev() {
        st.remove(*t);
        st.at[t.index()] = (SlotId(0), Vec::new());
    }
    let (days, after) = added?;
    Some((placed, after - st.track_days_cost(&days)))
}

/// The placed units in the way of `unit`'s chain from start `s` in room
/// `r`, sorted (see [`make_way`]); empty also when a talk of the chain
/// cannot start there at all.
pub(super) fn in_the_way(
    st: &State,
    unit_of: &[usize],
    unit: &[TalkId],
    s: SlotId,
    r: RoomId,
) -> Vec<usize> {
    let p = st.p;
    let mut way: Vec<usize> = Vec::new();
    let mut at = Some(s);
    for &t in unit {
        let Some(start) = at else {
            return Vec::new();
        };
        let run = st.run(t, start);
        if run.end > p.slots.len() || !rules::room_free(p, r, start, p.talk(t).parts) {
            return Vec::new();
        }
        let rooms = if p.talk(t).overflow {
            st.seating(t, start, r)
        } else {
            vec![r]
        };
        for x in run.clone() {
            for room in &rooms {
                way.extend(st.room_use[room.index()][x].map(|u| unit_of[u.index()]));
            }
            way.extend(
                st.slot_talks[x]
                    .iter()
                    .filter(|&&u| rules::exclusive(p, t, u))
                    .map(|u| unit_of[u.index()]),
            );
        }
        let next_to = [run.start.checked_sub(1), Some(run.end)];
        for x in next_to.into_iter().flatten().filter(|&x| x < p.slots.len()) {
            way.extend(
                st.slot_talks[x]
                    .iter()
                    .filter(|&&u| {
                        p.talk(u)
                            .speakers
                            .iter()
                            .any(|k| p.talk(t).speakers.contains(k))
                    })
                    .map(|u| unit_of[u.index()]),
            );
        }
        let wrong_before = st.before[t.index()]
            .iter()
            .filter(|&&a| st.placed(a) && !rules::starts_after(p, a, st.at[a.index()].0, start));
        let wrong_after = st.after[t.index()]
            .iter()
            .filter(|&&b| st.placed(b) && !rules::starts_after(p, t, start, st.at[b.index()].0));
        way.extend(wrong_before.chain(wrong_after).map(|u| unit_of[u.index()]));
        at = rules::next_in_sequence(p, t, start);
    }
    way.sort_unstable();
    way.dedup();
    way
}

/// For a unit that fits nowhere: the placed units in its way at each
/// place of its domain (the talks in the rooms and slots its chain would
/// take, the talks that may not share a slot with it, the talks it must
/// follow or precede that stand in the wrong order), never a unit with a
/// fixed talk; the place whose units in the way are fewest (each counted
/// once more for every time it was taken out before) where the chain then
/// fits. Returns those units and the chain's spots there.
fn make_way(
    st: &mut State,
    doms: &[analysis::Domain],
    units: &[Vec<TalkId>],
    unit_of: &[usize],
    taken_out: &[u32],
    i: usize,
) -> Option<(Vec<usize>, Vec<Spot>)> {
    let p = st.p;
    let unit = &units[i];
    let head = unit[0];
    let fixed = |j: usize| has_fixed(p, &units[j]);
    let mut candidates: Vec<(u64, SlotId, RoomId, Vec<usize>)> = Vec::new();
    for &s in &doms[head.index()].starts {
        for &r in &doms[head.index()].rooms {
            let way = in_the_way(st, unit_of, unit, s, r);
            if way.is_empty() || way.iter().any(|&j| j == i || fixed(j)) {
                continue;
            }
            // A unit with few places of its own is harder to place again.
            let weight = way
                .iter()
                .map(|&j| {
                    let d = &doms[units[j][0].index()];
                    let places = (d.starts.len() * d.rooms.len()).max(1) as u64;
                    (1 + u64::from(taken_out[j])) * (1 + 1000 / places)
                })
                .sum();
            candidates.push((weight, s, r, way));
        }
    }
    candidates.sort();
    for (_, s, r, way) in candidates {
        let saved: Vec<(TalkId, (SlotId, Vec<RoomId>))> = way
            .iter()
            .flat_map(|&j| units[j].iter().map(|&t| (t, st.at[t.index()].clone())))
            .collect();
        for (t, _) in &saved {
            st.remove(*t);
            st.at[t.index()] = (SlotId(0), Vec::new());
        }
        let fits = try_chain(st, unit, s, r);
        for (t, at) in saved {
            st.at[t.index()] = at;
            st.add(t);
        }
        if let Some((spots, _)) = fits {
            return Some((way, spots));
        }
    }
    None
}

/// Per unit: the parts of its declared track's units from it on (0 for a
/// unit of no declared track, or when track rooms cost nothing).
fn track_rest(p: &Problem, units: &[Vec<TalkId>]) -> Vec<u32> {
    let mut rest = vec![0; units.len()];
    if p.weights.track_rooms == 0 {
        return rest;
    }
    let mut sum = vec![0u32; p.tracks.len()];
    for (i, u) in units.iter().enumerate().rev() {
        let Some(k) = p
            .talk(u[0])
            .track
            .filter(|k| p.track_rules[k.index()].declared.is_some())
        else {
            continue;
        };
        sum[k.index()] += u.iter().map(|&t| p.talk(t).parts).sum::<u32>();
        rest[i] = sum[k.index()];
    }
    rest
}

/// Per slot: how many slots from it to the end of its run of consecutive
/// slots (itself included).
fn run_left(p: &Problem) -> Vec<u32> {
    let mut left = vec![0u32; p.slots.len()];
    for i in (0..p.slots.len()).rev() {
        let on = i + 1 < p.slots.len() && p.slots[i].consecutive_with_next;
        left[i] = 1 + if on { left[i + 1] } else { 0 };
    }
    left
}

/// Per room and slot: how many slots from it on the room is open without a
/// break (0 where it is taken or unavailable).
fn free_runs(st: &State) -> Vec<Vec<u32>> {
    let p = st.p;
    p.room_ids()
        .map(|r| {
            let mut free = vec![0u32; p.slots.len()];
            for i in (0..p.slots.len()).rev() {
                if st.room_open(r, SlotId::at(i), 1) {
                    let on = i + 1 < p.slots.len() && p.slots[i].consecutive_with_next;
                    free[i] = 1 + if on { free[i + 1] } else { 0 };
                }
            }
            free
        })
        .collect()
}

/// Whether a unit holds a talk with a `fixed` start or room.
pub(super) fn has_fixed(p: &Problem, unit: &[TalkId]) -> bool {
    unit.iter()
        .any(|&t| p.talk(t).fixed_slot.is_some() || p.talk(t).fixed_room.is_some())
}

/// Units of placement, hardest first: a sequence's talks together, every
/// other talk alone; `None` when a talk is in two sequences (the models
/// decide then).
pub(super) fn units(
    p: &Problem,
    doms: &[analysis::Domain],
    old_first: bool,
) -> Option<Vec<Vec<TalkId>>> {
    // Units: a sequence's talks together, every other talk alone.
    let mut unit_of: Vec<Option<usize>> = vec![None; p.talks.len()];
    let mut units: Vec<Vec<TalkId>> = Vec::new();
    for seq in &p.sequences {
        if seq.talks.iter().any(|t| unit_of[t.index()].is_some()) {
            return None;
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
    // In a re-plan, the units that can keep their old places come first,
    // in the baseline's order, so that a talk placed earlier never takes
    // the old place of one that could have stayed.
    let stays = |u: &Vec<TalkId>| -> Option<SlotId> {
        let was = p.baseline.as_ref().filter(|_| old_first)?;
        let mut first = None;
        for &t in u {
            let w = was.was[t.index()].as_ref()?;
            let (slot, room) = (w.slot?, w.main?);
            let d = &doms[t.index()];
            if !d.starts.contains(&slot) || !d.rooms.contains(&room) {
                return None;
            }
            first = first.or(Some(slot));
        }
        first
    };
    let key = |u: &Vec<TalkId>| {
        let first = p.talk(u[0]);
        let stay = stays(u);
        let parts: u32 = u.iter().map(|&t| p.talk(t).parts).sum();
        let fixed = has_fixed(p, u);
        // Places it could take, to within a factor of two: talks with far
        // fewer (one room, a few starts) go before the talks that would
        // otherwise fill them.
        let places = doms[u[0].index()].starts.len() * doms[u[0].index()].rooms.len();
        (
            !fixed,
            stay.is_none(),
            stay,
            u.len() == 1,
            places.max(1).ilog2(),
            !first.overflow,
            first.needs.is_empty(),
            std::cmp::Reverse(parts),
            doms[u[0].index()].starts.len() * doms[u[0].index()].rooms.len(),
            std::cmp::Reverse(first.audience),
            u[0],
        )
    };
    units.sort_by_key(key);
    // A track's units gather within their tier only: a track whose first
    // unit is hard must not pull its easy units in front of other tracks'
    // hard ones.
    let tier = |u: &Vec<TalkId>| {
        let k = key(u);
        (k.0, k.1, k.3, k.4)
    };
    let tiers: Vec<_> = units.iter().map(tier).collect();
    Some(precedences_first(p, &by_track(p, units, &tiers)))
}

/// Where declared tracks have rooms or gaps to pay for: each declared
/// track's units together, where its hardest unit stands (so a track fills
/// its room before other tracks' talks cut it up); other units keep their
/// places. Otherwise the units as they are.
fn by_track<T: Ord + Copy>(p: &Problem, units: Vec<Vec<TalkId>>, tiers: &[T]) -> Vec<Vec<TalkId>> {
    let w = &p.weights;
    if w.track_rooms == 0 && w.track_gaps == 0 {
        return units;
    }
    let declared = |u: &Vec<TalkId>| {
        p.talk(u[0])
            .track
            .filter(|k| p.track_rules[k.index()].declared.is_some())
    };
    let mut of_track: std::collections::BTreeMap<(usize, T), Vec<usize>> = Default::default();
    for (i, u) in units.iter().enumerate() {
        if let Some(k) = declared(u) {
            of_track.entry((k.index(), tiers[i])).or_default().push(i);
        }
    }
    let mut done = vec![false; units.len()];
    let mut out = Vec::with_capacity(units.len());
    for i in 0..units.len() {
        if done[i] {
            continue;
        }
        let group = match declared(&units[i]) {
            Some(k) => of_track[&(k.index(), tiers[i])].clone(),
            None => vec![i],
        };
        for j in group {
            if !done[j] {
                done[j] = true;
                out.push(units[j].clone());
            }
        }
    }
    out
}

/// The units in the given order, except that every unit comes after the
/// units holding the talks its talks must follow (`after`, track `order`):
/// a talk placed before its predecessors could leave them no place.
fn precedences_first(p: &Problem, units: &[Vec<TalkId>]) -> Vec<Vec<TalkId>> {
    // Index of each talk's unit in `units`.
    let mut index = vec![0; p.talks.len()];
    for (i, u) in units.iter().enumerate() {
        for &t in u {
            index[t.index()] = i;
        }
    }
    let mut before: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
    for (a, b) in rules::precedences(p) {
        let (ua, ub) = (index[a.index()], index[b.index()]);
        if ua != ub {
            before[ub].push(ua);
        }
    }
    // Depth first, predecessors first; a cycle (which the analysis reports
    // before any search) is cut where it closes.
    let mut state = vec![0u8; units.len()]; // 0 new, 1 open, 2 done
    let mut order = Vec::with_capacity(units.len());
    for root in 0..units.len() {
        let mut stack = vec![(root, 0usize)];
        while let Some((u, next)) = stack.pop() {
            if next == 0 {
                if state[u] != 0 {
                    continue;
                }
                state[u] = 1;
            }
            if let Some(&v) = before[u].get(next) {
                stack.push((u, next + 1));
                if state[v] == 0 {
                    stack.push((v, 0));
                }
            } else {
                state[u] = 2;
                order.push(u);
            }
        }
    }
    order.into_iter().map(|i| units[i].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::parse;
    use crate::timetable::{score, verify};

    fn problem(body: &str) -> Problem {
        let src = format!("[event]\nname = \"t\"\nslot_minutes = 50\n{body}");
        parse("t.toml", &src).unwrap_or_else(|e| panic!("{e}\n{src}"))
    }

    fn built(p: &Problem) -> Vec<Placement> {
        let doms = analysis::domains(p);
        let out = construct(p, &doms, &Control::default()).expect("a greedy timetable");
        assert!(verify(p, &out).is_empty(), "{:?}", verify(p, &out));
        out
    }

    #[test]
    fn a_talk_whose_only_start_another_took_still_gets_it() {
        // The two-part talk goes first (longest first) and its cheapest
        // start, 9:00, leaves 10:00, the one-part talk's only start, taken:
        // the two-part talk makes way within the same pass (a pass that
        // gets stuck is the next test's).
        let p = problem(
            "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\", \"11:00\", \"12:00\"]\n\
             [[rooms]]\nid = \"a\"\ncapacity = 10\n\
             [[talks]]\nid = \"long\"\nspeakers = [\"x\"]\naudience = 10\nparts = 2\n\
             [[talks]]\nid = \"fixed-ish\"\nspeakers = [\"y\"]\naudience = 10\nonly = [\"10:00\"]\n",
        );
        built(&p);
    }

    #[test]
    fn a_pass_that_gets_stuck_is_tried_again_with_that_unit_first() {
        // R0 alone seats `t0` (46) and `t1` (35, two parts in a row): `t1`
        // needs it for a whole day and `t0` once more, not at 2020-01-02
        // 10:00 (`t5` has its speaker then). Seats cost nothing, so the
        // first pass puts the small talks where they block that: stuck at
        // `t0`; with `t0` first, stuck at `t1`; with `t1` first, placed.
        let p = problem(
            "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n\
             [[days]]\ndate = \"2020-01-02\"\nslots = [\"09:00\", \"10:00\"]\n\
             [[rooms]]\nid = \"R0\"\ncapacity = 50\n\
             [[rooms]]\nid = \"R1\"\ncapacity = 20\n\
             [[talks]]\nid = \"t0\"\nspeakers = [\"Ann\"]\naudience = 46\noverflow = true\n\
             [[talks]]\nid = \"t1\"\naudience = 35\nparts = 2\n\
             [[talks]]\nid = \"t2\"\nspeakers = [\"Cy\"]\naudience = 2\n\
             [[talks]]\nid = \"t3\"\naudience = 3\n\
             [[talks]]\nid = \"t4\"\naudience = 1\n\
             [[talks]]\nid = \"t5\"\nspeakers = [\"Ann\", \"Bo\"]\naudience = 1\n\
             [talks.fixed]\nslot = \"2020-01-02 10:00\"\n\
             [[speakers]]\nname = \"Cy\"\nunavailable = [\"2020-01-01\"]\n\
             [objective]\nempty_seats = 0\n",
        );
        let doms = analysis::domains(&p);
        let order = units(&p, &doms, true).expect("units");
        let control = Control::default();
        let stuck_at = |order: &[Vec<TalkId>]| match pass(&p, &doms, order, false, &control) {
            Pass::Stuck(i, _) => Some(p.talk(order[i][0]).id.clone()),
            Pass::Placed(_) | Pass::Stopped => None,
        };
        assert_eq!(stuck_at(&order).as_deref(), Some("t0"));
        let out = construct_with(&p, &doms, order, false, &control).expect("a later pass");
        assert!(verify(&p, &out).is_empty(), "{:?}", verify(&p, &out));
        assert_eq!(out.len(), 6);
    }

    #[test]
    fn a_unit_that_fits_nowhere_takes_out_the_talk_in_its_way() {
        // In this order, `easy` takes 10:00 (it prefers it), the only start
        // of `hard`: `hard` takes it back and `easy` goes to 11:00, in the
        // same pass.
        let p = problem(
            "[[days]]\ndate = \"2020-01-01\"\nslots = [\"10:00\", \"11:00\"]\n\
             [[rooms]]\nid = \"a\"\ncapacity = 10\n\
             [[talks]]\nid = \"easy\"\nspeakers = [\"x\"]\naudience = 10\nprefer = [\"10:00\"]\n\
             [[talks]]\nid = \"hard\"\nspeakers = [\"y\"]\naudience = 10\nonly = [\"10:00\"]\n",
        );
        let doms = analysis::domains(&p);
        let units = vec![vec![TalkId::at(0)], vec![TalkId::at(1)]];
        let Pass::Placed(out) = pass(&p, &doms, &units, false, &Control::default()) else {
            panic!("the pass did not place both talks");
        };
        assert!(verify(&p, &out).is_empty(), "{:?}", verify(&p, &out));
        let starts: Vec<usize> = out.iter().map(|x| x.start.index()).collect();
        assert_eq!(starts, [1, 0]);
    }

    #[test]
    fn making_way_in_circles_gives_up() {
        // Two talks with one place between them: each takes it from the
        // other until the budget is spent; no timetable, no endless loop.
        let p = problem(
            "[[days]]\ndate = \"2020-01-01\"\nslots = [\"10:00\", \"11:00\"]\n\
             [[rooms]]\nid = \"a\"\ncapacity = 10\n\
             [[talks]]\nid = \"one\"\nspeakers = [\"x\"]\naudience = 10\nonly = [\"10:00\"]\n\
             [[talks]]\nid = \"two\"\nspeakers = [\"y\"]\naudience = 10\nonly = [\"10:00\"]\n",
        );
        let doms = analysis::domains(&p);
        assert!(construct(&p, &doms, &Control::default()).is_none());
    }

    #[test]
    fn talks_come_after_the_talks_they_follow() {
        // c after b after a, in one room of three slots: each must take its
        // own slot in order, whatever the hardness order says.
        let p = problem(
            "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\", \"11:00\"]\n\
             [[rooms]]\nid = \"r\"\ncapacity = 10\n\
             [[talks]]\nid = \"c\"\nspeakers = [\"x\"]\naudience = 10\nafter = [\"b\"]\n\
             [[talks]]\nid = \"b\"\nspeakers = [\"y\"]\naudience = 10\nafter = [\"a\"]\n\
             [[talks]]\nid = \"a\"\nspeakers = [\"z\"]\naudience = 10\n",
        );
        let out = built(&p);
        let start = |id: &str| {
            out.iter()
                .find(|x| p.talk(x.talk).id == id)
                .map(|x| x.start.index())
        };
        assert_eq!(
            (start("a"), start("b"), start("c")),
            (Some(0), Some(1), Some(2))
        );
    }

    #[test]
    fn a_declared_track_fills_one_room() {
        // Two tracks of three one-slot talks and two rooms of three slots:
        // placed track by track, each track keeps one room and no gap.
        let mut body = String::from(
            "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\", \"11:00\"]\n\
             [[rooms]]\nid = \"a\"\ncapacity = 10\n[[rooms]]\nid = \"b\"\ncapacity = 10\n\
             [[tracks]]\nid = \"t\"\n[[tracks]]\nid = \"u\"\n",
        );
        for (i, k) in ["t", "u", "t", "u", "t", "u"].iter().enumerate() {
            body += &format!(
                "[[talks]]\nid = \"{k}{i}\"\nspeakers = [\"s{i}\"]\naudience = 10\ntrack = \"{k}\"\n"
            );
        }
        let p = problem(&body);
        let s = score(&p, &built(&p));
        assert_eq!((s.track_rooms, s.track_gaps, s.track_clashes), (0, 0, 0));
    }
}
