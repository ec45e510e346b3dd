//! The rules of a valid timetable as predicates, and the objective's terms
//! as cost functions: one home per rule.
//!
//! In: a checked [`Problem`] and a candidate (a talk, a start slot, a room).
//! Out: whether the rule allows it, or what it costs. The analysis (domains,
//! proofs), the heuristics (greedy, local search) and the model (which
//! variables exist, which pairs exclude each other) all ask these; `verify`
//! and `score` in `timetable` keep their own independent code, so that a
//! mistake here is caught there.

use std::ops::Range;

use super::types::{Problem, RoomId, SlotId, SpeakerId, TalkId};

/// The slot indices talk `t` occupies when it starts at `start`, if its
/// parts fit in consecutive slots of one day with no break between them.
pub fn run(p: &Problem, t: TalkId, start: SlotId) -> Option<Range<usize>> {
    let parts = p.talk(t).parts as usize;
    let first = start.index();
    let end = first.checked_add(parts)?;
    if end > p.slots.len() || !(first..end - 1).all(|i| p.slots[i].consecutive_with_next) {
        return None;
    }
    Some(first..end)
}

/// Whether talk `t` starting at `start` occupies slot `s` (assuming the
/// start is valid).
pub fn occupies(p: &Problem, t: TalkId, start: SlotId, s: SlotId) -> bool {
    let parts = p.talk(t).parts as usize;
    start.index() <= s.index() && s.index() < start.index() + parts
}

/// Whether talk `t` may start at `s` by its own rules and its speakers':
/// `fixed.slot`, `only`, a run of consecutive slots, the talk's
/// unavailability, and the unavailability of each speaker for whom
/// `speaker_rules` says the rules hold. Rooms and other talks are not
/// considered.
pub fn start_allowed(
    p: &Problem,
    t: TalkId,
    s: SlotId,
    speaker_rules: impl Fn(SpeakerId) -> bool,
) -> bool {
    let talk = p.talk(t);
    if talk.fixed_slot.is_some_and(|f| f != s) {
        return false;
    }
    if talk.only.as_ref().is_some_and(|o| !o.contains(s)) {
        return false;
    }
    let Some(run) = run(p, t, s) else {
        return false;
    };
    run.map(SlotId::at).all(|x| {
        !talk.unavailable.contains(x)
            && talk
                .speakers
                .iter()
                .all(|&sp| !speaker_rules(sp) || !p.speaker(sp).unavailable.contains(x))
    })
}

/// Whether room `r` may be talk `t`'s main room, whenever it is given:
/// `fixed.room`, its track's `only_rooms`, the features it needs, and its
/// audience seated (unless the talk may overflow into extra rooms).
pub fn main_room_allowed(p: &Problem, t: TalkId, r: RoomId) -> bool {
    let talk = p.talk(t);
    let room = p.room(r);
    if talk.fixed_room.is_some_and(|f| f != r) {
        return false;
    }
    if let Some(k) = talk.track
        && let Some(only) = &p.track_rules[k.index()].only_rooms
        && !only.contains(&r)
    {
        return false;
    }
    if !talk.needs.iter().all(|f| room.features.contains(f)) {
        return false;
    }
    talk.overflow || room.capacity >= talk.audience
}

/// Whether room `r` is free of its own unavailability for a run of `parts`
/// slots from `start` (false when there is no such run).
pub fn room_free(p: &Problem, r: RoomId, start: SlotId, parts: u32) -> bool {
    p.run_from(start, parts)
        .is_some_and(|run| run.iter().all(|&s| !p.room(r).unavailable.contains(s)))
}

/// In a sequence, where the talk after `t` must start when `t` starts at
/// `start`: the slot right after `t`'s last, if it is consecutive.
pub fn next_in_sequence(p: &Problem, t: TalkId, start: SlotId) -> Option<SlotId> {
    let last = start.index() + p.talk(t).parts as usize - 1;
    (last + 1 < p.slots.len() && p.consecutive(SlotId::at(last))).then(|| SlotId::at(last + 1))
}

/// Whether a speaker who ends a talk in room `a` at slot `s` cannot reach
/// room `b` for a talk in the next slot: the slots are consecutive and the
/// walk between their buildings is longer than the changeover.
pub fn walk_too_far(p: &Problem, s: SlotId, a: RoomId, b: RoomId) -> bool {
    p.consecutive(s) && p.walk_between(a, b) > p.changeover_after(s).unwrap_or(0)
}

/// Every pair (earlier, later) of talks where the later must start after
/// the earlier ends: each talk's `after`, and each track's `order`.
pub fn precedences(p: &Problem) -> Vec<(TalkId, TalkId)> {
    let mut out: Vec<(TalkId, TalkId)> = Vec::new();
    for t in p.talk_ids() {
        out.extend(p.talk(t).after.iter().map(|&a| (a, t)));
    }
    for rules in &p.track_rules {
        out.extend(rules.order.windows(2).map(|w| (w[0], w[1])));
    }
    out.sort();
    out.dedup();
    out
}

/// Whether talk `b` starting at `b_start` starts after talk `a` starting
/// at `a_start` has ended (slots are in time order across days).
pub fn starts_after(p: &Problem, a: TalkId, a_start: SlotId, b_start: SlotId) -> bool {
    b_start.index() >= a_start.index() + p.talk(a).parts as usize
}

/// Whether two talks may never occupy a slot together: a shared speaker,
/// a hard `[[conflicts]]` group, or either is a plenary.
pub fn exclusive(p: &Problem, a: TalkId, b: TalkId) -> bool {
    if a == b {
        return false;
    }
    let (ta, tb) = (p.talk(a), p.talk(b));
    ta.plenary
        || tb.plenary
        || ta.speakers.iter().any(|s| tb.speakers.contains(s))
        || ta.hard_groups.iter().any(|g| tb.hard_groups.contains(g))
}

/// The preference units a talk costs when it starts at `start` with main
/// room `main`: each unmet `prefer` (its own, its track's, each speaker's),
/// each avoided slot it occupies (counted once per list that avoids it),
/// and one when its track prefers other `rooms`.
pub fn preference_units(p: &Problem, t: TalkId, start: SlotId, main: RoomId) -> u64 {
    let talk = p.talk(t);
    let Some(run) = run(p, t, start) else {
        return 0;
    };
    let track = talk.track.map(|k| &p.track_rules[k.index()]);
    let speakers = talk.speakers.iter().map(|&s| p.speaker(s));
    let lists = std::iter::once((&talk.prefer, &talk.avoid))
        .chain(track.map(|k| (&k.prefer, &k.avoid)))
        .chain(speakers.map(|s| (&s.prefer, &s.avoid)));
    let mut units = 0;
    for (prefer, avoid) in lists {
        if prefer.as_ref().is_some_and(|pr| !pr.contains(start)) {
            units += 1;
        }
        units += run
            .clone()
            .filter(|&i| avoid.contains(SlotId::at(i)))
            .count() as u64;
    }
    if track.is_some_and(|k| !k.rooms.is_empty() && !k.rooms.contains(&main)) {
        units += 1;
    }
    units
}

/// What placing talk `t` at `start` in `rooms` (main room first) costs
/// against the baseline: nothing where it was (same start, main room and
/// extra rooms), `room_change` at its old start in other rooms, a time
/// change on its old day (`time_change` plus `time_change_per_hour` pro
/// rata for the shift, at most `time_change_cap`), `day_change` on another
/// day; nothing for a talk the baseline lacks, or without a baseline.
pub fn change_cost(p: &Problem, t: TalkId, start: SlotId, rooms: &[RoomId]) -> u64 {
    let Some(was) = p.baseline.as_ref().and_then(|b| b.was(t)) else {
        return 0;
    };
    let c = &p.replan;
    let slot = p.slot(start);
    if was.slot == Some(start) {
        let same_main = rooms.first().is_some_and(|&r| was.main == Some(r));
        let mut extras = rooms.get(1..).unwrap_or_default().to_vec();
        extras.sort();
        if same_main && was.extras.as_deref() == Some(extras.as_slice()) {
            0
        } else {
            c.room_change
        }
    } else if p.days[slot.day.index()].date == was.date {
        let shift = u64::from(slot.start.abs_diff(was.start));
        let hours = (c.time_change_per_hour * shift + 30) / 60;
        (c.time_change + hours).min(c.time_change_cap)
    } else {
        c.day_change
    }
}

/// The least [`change_cost`] of talk `t` at `start` with main room `main`,
/// whatever its extra rooms: nothing at its old start and main room (its
/// old extra rooms kept), else the cost with that room alone.
pub fn least_change_cost(p: &Problem, t: TalkId, start: SlotId, main: RoomId) -> u64 {
    let was = p.baseline.as_ref().and_then(|b| b.was(t));
    if was.is_some_and(|w| w.slot == Some(start) && w.main == Some(main)) {
        0
    } else {
        change_cost(p, t, start, &[main])
    }
}

/// Empty seats of a talk of `parts` parts and `audience` people given in
/// rooms with `seats` seats in all.
pub fn empty_seats(seats: u64, audience: u32, parts: u32) -> u64 {
    seats.saturating_sub(u64::from(audience)) * u64::from(parts)
}

/// Clashes among `n` talks of one track in one slot: every unordered pair.
pub fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// The talks an attendee misses in a slot where `n` of their wanted talks
/// are: all but the one they see (`attendee_missed`, per attendee).
pub fn missed(n: u64) -> u64 {
    n.saturating_sub(1)
}

/// Per talk, the attendee groups (indices into `p.attendees`) that want it
/// and can miss something: lists of two or more talks, and a weight that
/// counts.
pub fn wanted_by(p: &Problem) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); p.talks.len()];
    if p.weights.attendee_missed == 0 {
        return out;
    }
    for (g, a) in p.attendees.iter().enumerate() {
        if a.wants.len() > 1 {
            for &t in &a.wants {
                out[t.index()].push(g);
            }
        }
    }
    out
}
