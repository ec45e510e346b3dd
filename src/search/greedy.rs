//! A first timetable, built greedily.
//!
//! In: a problem and its domains. Out: valid placements for every talk, or
//! `None` when some talk finds no place (the models decide then) or the
//! search must stop.

use super::Control;
use super::state::State;
use crate::analysis;
use crate::problem::{Problem, RoomId, SlotId, TalkId, rules};
use crate::timetable::Placement;

/// A talk's tentative place: start and rooms (main first).
type Spot = (TalkId, SlotId, Vec<RoomId>);

/// A first timetable, built greedily: sequences and hard-to-place talks
/// first, each at the start and room that adds the least cost (empty
/// seats, clashes), overflow talks gathering rooms until they are seated.
/// `None` when some talk finds no place (the solver decides then), or when
/// `control` says stop.
pub fn construct(
    p: &Problem,
    doms: &[analysis::Domain],
    control: &Control,
) -> Option<Vec<Placement>> {
    let mut st = State::new(p, &[]);
    let units = units(p, doms)?;
    for unit in &units {
        if control.should_stop() {
            return None;
        }
        let head = unit[0];
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
                    let cost = after - st.track_days_cost(&days);
                    if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                        best = Some((cost, placed.clone()));
                    }
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
    Some(units)
}
