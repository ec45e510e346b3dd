//! What a re-plan says about its baseline and its moves.
//!
//! In: a problem with a baseline attached, and (after solving) the new
//! timetable. Out: the lines `solve --baseline` prints on stderr: which
//! baseline entries were withdrawn, which talks are new, which are frozen;
//! then each moved talk with its cost and what forced the move: its old
//! place breaks a rule of the changed problem on its own (the rule named as
//! `verify` would), its old place now holds another talk, or it would
//! clash with another talk where it was.

use crate::problem::{Problem, TalkId, hhmm, rules};
use crate::timetable::{Placement, Timetable, Violation, verify};

use super::violations::sentence;

fn ids(p: &Problem, ts: &[TalkId]) -> String {
    super::talk_ids(p, ts)
}

/// What the baseline brings: withdrawn entries, new talks, frozen talks
/// (nothing without a baseline).
pub fn baseline(p: &Problem) -> Vec<String> {
    let Some(b) = &p.baseline else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let kept = b.was.iter().filter(|w| w.is_some()).count();
    out.push(format!(
        "baseline {}: {kept} of the problem's {} talks are in it",
        b.source.path,
        p.talks.len()
    ));
    for w in &b.withdrawn {
        out.push(format!(
            "withdrawn: `{}` (was {} in {}): in the baseline, not in the problem",
            w.id,
            w.when,
            w.rooms.join(", ")
        ));
    }
    let new = b.new_talks();
    if !new.is_empty() {
        out.push(format!(
            "new: {}: in the problem, not in the baseline",
            ids(p, &new)
        ));
    }
    if let Some((date, minutes)) = b.freeze {
        out.push(format!(
            "frozen: {} started before {date} {} and stay where they are",
            if b.frozen.is_empty() {
                "no talks".to_string()
            } else {
                ids(p, &b.frozen)
            },
            hhmm(minutes)
        ));
    }
    out
}

/// Each talk that moved, with its cost and what forced it (nothing
/// without a baseline), in time order of the old place.
pub fn moves(p: &Problem, tt: &Timetable) -> Vec<String> {
    let Some(b) = &p.baseline else {
        return Vec::new();
    };
    let mut moved: Vec<(&Placement, &crate::problem::baseline::Was, u64)> = tt
        .placements
        .iter()
        .filter_map(|x| {
            let was = b.was(x.talk)?;
            let cost = rules::change_cost(p, x.talk, x.start, &x.rooms);
            (cost > 0).then_some((x, was, cost))
        })
        .collect();
    moved.sort_by_key(|(x, was, _)| (was.date, was.start, p.talk(x.talk).id.clone()));
    let mut out = Vec::new();
    for (x, was, cost) in moved {
        let now_rooms: Vec<&str> = x.rooms.iter().map(|&r| p.room(r).id.as_str()).collect();
        out.push(format!(
            "moved `{}` from {} {} in {} to {} in {} (cost {cost}): {}",
            p.talk(x.talk).id,
            was.date,
            hhmm(was.start),
            was.rooms.join(", "),
            p.slot_label(x.start),
            now_rooms.join(", "),
            why_moved(p, tt, x.talk, was)
        ));
    }
    out
}

/// What keeps talk `t` from its old place `was`.
fn why_moved(
    p: &Problem,
    tt: &Timetable,
    t: TalkId,
    was: &crate::problem::baseline::Was,
) -> String {
    let (Some(slot), Some(main)) = (was.slot, was.main) else {
        return if was.slot.is_none() {
            "its old time is no longer a slot".to_string()
        } else {
            format!("room `{}` is no longer in the problem", was.rooms[0])
        };
    };
    let mut rooms = vec![main];
    rooms.extend(was.extras.iter().flatten().copied());
    let old = Placement {
        talk: t,
        start: slot,
        rooms,
    };
    let alone: Vec<Violation> = verify(p, std::slice::from_ref(&old))
        .into_iter()
        .filter(|v| !matches!(v, Violation::NotPlaced { .. }))
        .collect();
    if let Some(v) = alone.first() {
        return format!("where it was, {}", sentence(p, v));
    }
    let occupied = Timetable::occupied(p, &old);
    let mut takers: Vec<TalkId> = tt
        .placements
        .iter()
        .filter(|y| {
            y.talk != t
                && y.rooms.iter().any(|r| old.rooms.contains(r))
                && Timetable::occupied(p, y)
                    .iter()
                    .any(|s| occupied.contains(s))
        })
        .map(|y| y.talk)
        .collect();
    takers.sort();
    if !takers.is_empty() {
        return format!("its old place now holds {}", ids(p, &takers));
    }
    for y in tt.placements.iter().filter(|y| y.talk != t) {
        let pair = [old.clone(), y.clone()];
        if let Some(v) = verify(p, &pair)
            .into_iter()
            .find(|v| !matches!(v, Violation::NotPlaced { .. }))
        {
            return format!(
                "where it was, it would break a rule with `{}`: {}",
                p.talk(y.talk).id,
                sentence(p, &v)
            );
        }
    }
    "it moved to make the other changes possible".to_string()
}
