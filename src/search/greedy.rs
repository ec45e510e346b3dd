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
type Spot = (TalkId, SlotId, Vec<RoomId>);

/// A first timetable, built greedily: sequences and hard-to-place talks
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
    let order = units(p, doms)?;
    let plain = construct_with(p, doms, order.clone(), false, control);
    if track_rest(p, &order).iter().all(|&n| n == 0) || control.should_stop() {
        return plain;
    }
    let ahead = construct_with(p, doms, order, true, control);
    match (plain, ahead) {
        (Some(a), Some(b)) => {
            let cost = |x: &[Placement]| crate::timetable::score(p, x).objective;
            Some(if cost(&b) < cost(&a) { b } else { a })
        }
        (a, b) => a.or(b),
    }
}

/// Greedy passes from this order (the look-ahead on or off) until one
/// places every unit.
fn construct_with(
    p: &Problem,
    doms: &[analysis::Domain],
    mut order: Vec<Vec<TalkId>>,
    look_ahead: bool,
    control: &Control,
) -> Option<Vec<Placement>> {
    for _ in 0..=tuning::GREEDY_RETRIES {
        match pass(p, doms, &order, look_ahead, control) {
            Pass::Placed(out) => return Some(out),
            Pass::Stopped => return None,
            Pass::Stuck(i) => {
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
    /// The unit at this index found no place.
    Stuck(usize),
    Stopped,
}

/// One greedy pass over the units in this order.
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
    for (i, unit) in units.iter().enumerate() {
        if control.should_stop() {
            return Pass::Stopped;
        }
        let head = unit[0];
        let free = (rest[i] > 0).then(|| free_runs(&st));
        let mut best: Option<(i64, Vec<Spot>)> = None;
        for &s in &doms[head.index()].starts {
            for &r in &doms[head.index()].rooms {
                // Place the chain tentatively, then undo.
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
                // What the chain adds: its talks' own costs, and what its
                // declared tracks' days cost now beyond what they did.
                let at: Vec<(TalkId, SlotId)> = placed.iter().map(|(t, s, _)| (*t, *s)).collect();
                let days = st.track_days_at(&at);
                let after: i64 = placed.iter().map(|(t, _, _)| st.cost(*t)).sum::<i64>()
                    + st.track_days_cost(&days);
                for (t, _, _) in placed.iter().rev() {
                    st.remove(*t);
                    st.at[t.index()] = (SlotId(0), Vec::new());
                }
                if ok {
                    let mut cost = after - st.track_days_cost(&days);
                    // Look ahead: the track's talks still to come would
                    // like the rest of this run of slots in this room.
                    if let Some(free) = &free {
                        let needed = rest[i].min(run_left[s.index()]);
                        if free[r.index()][s.index()] < needed {
                            cost += signed(p.weights.track_rooms);
                        }
                    }
                    if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                        best = Some((cost, placed.clone()));
                    }
                }
            }
        }
        let Some((_, chosen)) = best else {
            return Pass::Stuck(i);
        };
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
    Pass::Placed(out)
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

/// Units of placement, hardest first: a sequence's talks together, every
/// other talk alone; `None` when a talk is in two sequences (the models
/// decide then).
fn units(p: &Problem, doms: &[analysis::Domain]) -> Option<Vec<Vec<TalkId>>> {
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
    Some(precedences_first(p, &by_track(p, units)))
}

/// Where declared tracks have rooms or gaps to pay for: each declared
/// track's units together, where its hardest unit stands (so a track fills
/// its room before other tracks' talks cut it up); other units keep their
/// places. Otherwise the units as they are.
fn by_track(p: &Problem, units: Vec<Vec<TalkId>>) -> Vec<Vec<TalkId>> {
    let w = &p.weights;
    if w.track_rooms == 0 && w.track_gaps == 0 {
        return units;
    }
    let declared = |u: &Vec<TalkId>| {
        p.talk(u[0])
            .track
            .filter(|k| p.track_rules[k.index()].declared.is_some())
    };
    let mut of_track: Vec<Vec<usize>> = vec![Vec::new(); p.tracks.len()];
    for (i, u) in units.iter().enumerate() {
        if let Some(k) = declared(u) {
            of_track[k.index()].push(i);
        }
    }
    let mut done = vec![false; units.len()];
    let mut out = Vec::with_capacity(units.len());
    for i in 0..units.len() {
        if done[i] {
            continue;
        }
        let group = match declared(&units[i]) {
            Some(k) => of_track[k.index()].clone(),
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
    fn a_talk_that_finds_no_place_goes_first() {
        // The two-part talk goes first (longest first) and its cheapest
        // start, 9:00, leaves 10:00, the one-part talk's only start, taken.
        let p = problem(
            "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\", \"11:00\", \"12:00\"]\n\
             [[rooms]]\nid = \"a\"\ncapacity = 10\n\
             [[talks]]\nid = \"long\"\nspeakers = [\"x\"]\naudience = 10\nparts = 2\n\
             [[talks]]\nid = \"fixed-ish\"\nspeakers = [\"y\"]\naudience = 10\nonly = [\"10:00\"]\n",
        );
        built(&p);
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
