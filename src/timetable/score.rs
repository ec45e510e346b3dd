//! The objective of a timetable, term by term, from its placements alone.
//!
//! In: a problem and placements. Out: a [`Score`]. Written from the
//! format's definitions, independently of the model, the heuristics and
//! `problem::rules`.

use std::collections::{BTreeMap, BTreeSet};

use crate::problem::{Problem, RoomId, SlotId, SlotSet, TalkId};

use super::{Placement, Timetable};

/// The objective and its terms (each before its weight).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Score {
    /// Weighted sum of the terms.
    pub objective: u64,
    /// Empty seats summed over talks (times parts).
    pub empty_seats: u64,
    /// Same-track pairs occupying one slot, summed over slots.
    pub track_clashes: u64,
    /// Per declared track and day, the main rooms its talks use beyond one.
    pub track_rooms: u64,
    /// Per declared track and day, the slots between its first and last
    /// talk that none of its talks occupies.
    pub track_gaps: u64,
    /// Unmet `prefer`s, occupied `avoid` slots, talks outside their
    /// track's `rooms`.
    pub preferences: u64,
    /// Pairs of members of soft conflict groups sharing a slot, each times
    /// its group's weight.
    pub conflicts: u64,
    /// Per attendee and slot, their wanted talks there beyond the first
    /// (the talks they must miss).
    pub attendee_missed: u64,
    /// The cost of the changes against the baseline (`[replan]`); 0
    /// without one. In the objective only in the weighted mode.
    pub changes: u64,
    /// Whether changes come first (the lexicographic mode with a
    /// baseline): see [`Score::rank`].
    pub changes_first: bool,
}

impl Score {
    /// What the search minimises, compared in order: the change cost
    /// first when changes come first (else 0), then the objective.
    pub fn rank(&self) -> (u64, u64) {
        (
            if self.changes_first { self.changes } else { 0 },
            self.objective,
        )
    }

    /// The terms by name, in the order the format documents them.
    pub fn terms(&self) -> [(&'static str, u64); 7] {
        [
            ("empty_seats", self.empty_seats),
            ("track_clashes", self.track_clashes),
            ("track_rooms", self.track_rooms),
            ("track_gaps", self.track_gaps),
            ("preferences", self.preferences),
            ("conflicts", self.conflicts),
            ("attendee_missed", self.attendee_missed),
        ]
    }
}

/// Scores placements with the problem's weights, without the solver.
pub fn score(p: &Problem, placements: &[Placement]) -> Score {
    let w = &p.weights;
    let mut s = Score {
        empty_seats: empty_seats(p, placements),
        track_clashes: track_clashes(p, placements),
        preferences: preferences(p, placements),
        conflicts: conflicts(p, placements),
        attendee_missed: attendee_missed(p, placements),
        ..Score::default()
    };
    (s.track_rooms, s.track_gaps) = track_days(p, placements);
    s.changes = changes(p, placements);
    s.changes_first = p.baseline.is_some() && p.replan.weight.is_none();
    s.objective = w.empty_seats * s.empty_seats
        + w.track_clash * s.track_clashes
        + w.track_rooms * s.track_rooms
        + w.track_gaps * s.track_gaps
        + w.preferences * s.preferences
        + w.conflicts * s.conflicts
        + w.attendee_missed * s.attendee_missed
        + p.replan.weight.unwrap_or(0) * s.changes;
    s
}

/// The change cost against the baseline, from each placement's day, wall
/// clock start and room ids compared with the baseline's entry.
fn changes(p: &Problem, placements: &[Placement]) -> u64 {
    let Some(b) = &p.baseline else {
        return 0;
    };
    let c = &p.replan;
    let mut total = 0;
    for x in placements {
        let Some(was) = b.was(x.talk) else {
            continue;
        };
        let slot = p.slot(x.start);
        let date = p.days[slot.day.index()].date;
        let ids: Vec<&str> = x.rooms.iter().map(|&r| p.room(r).id.as_str()).collect();
        let same_rooms = ids.first().copied() == was.rooms.first().map(String::as_str) && {
            let mut now: Vec<&str> = ids[1..].to_vec();
            let mut then: Vec<&str> = was.rooms[1..].iter().map(String::as_str).collect();
            now.sort_unstable();
            then.sort_unstable();
            now == then
        };
        total += if date != was.date {
            c.day_change
        } else if slot.start != was.start {
            let minutes = u64::from(slot.start.max(was.start) - slot.start.min(was.start));
            let hours = (minutes * c.time_change_per_hour + 30) / 60;
            c.time_change_cap.min(c.time_change + hours)
        } else if same_rooms {
            0
        } else {
            c.room_change
        };
    }
    total
}

/// Unordered pairs among `n`.
fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

fn empty_seats(p: &Problem, placements: &[Placement]) -> u64 {
    placements
        .iter()
        .map(|x| {
            let talk = p.talk(x.talk);
            let seats: u64 = x.rooms.iter().map(|&r| u64::from(p.room(r).capacity)).sum();
            seats.saturating_sub(u64::from(talk.audience)) * u64::from(talk.parts)
        })
        .sum()
}

fn track_clashes(p: &Problem, placements: &[Placement]) -> u64 {
    let mut per_slot: Vec<Vec<u64>> = vec![vec![0; p.slots.len()]; p.tracks.len()];
    for x in placements {
        if let Some(track) = p.talk(x.talk).track {
            for s in Timetable::occupied(p, x) {
                per_slot[track.index()][s.index()] += 1;
            }
        }
    }
    per_slot.iter().flatten().map(|&n| pairs(n)).sum()
}

/// Track rooms and track gaps, summed over declared tracks and days.
fn track_days(p: &Problem, placements: &[Placement]) -> (u64, u64) {
    per_track_day(p, placements)
        .values()
        .fold((0, 0), |(r, g), &(rooms, gaps)| (r + rooms, g + gaps))
}

/// The gaps of each declared track on each day that has any, keyed by
/// (track index, day index).
pub fn gaps_by_track_day(p: &Problem, placements: &[Placement]) -> BTreeMap<(usize, usize), u64> {
    per_track_day(p, placements)
        .into_iter()
        .filter(|(_, (_, gaps))| *gaps > 0)
        .map(|(key, (_, gaps))| (key, gaps))
        .collect()
}

/// Per (declared track, day) it has talks on: the main rooms it uses
/// beyond one, and the slots between its first and last talk that none of
/// its talks occupies.
fn per_track_day(p: &Problem, placements: &[Placement]) -> BTreeMap<(usize, usize), (u64, u64)> {
    // (track, day) -> main rooms used, slots occupied.
    type Used = (BTreeSet<RoomId>, BTreeSet<SlotId>);
    let mut used: BTreeMap<(usize, usize), Used> = BTreeMap::new();
    for x in placements {
        let Some(k) = p.talk(x.talk).track else {
            continue;
        };
        if p.track_rules[k.index()].declared.is_none() {
            continue;
        }
        let day = p.slot(x.start).day.index();
        let entry = used.entry((k.index(), day)).or_default();
        entry.0.insert(x.rooms[0]);
        entry.1.extend(Timetable::occupied(p, x));
    }
    used.into_iter()
        .map(|((k, day), (rs, occupied))| {
            let rooms = rs.len() as u64 - 1;
            let gaps = match (occupied.first(), occupied.last()) {
                (Some(first), Some(last)) => p.days[day]
                    .slots()
                    .filter(|s| first < s && s < last && !occupied.contains(s))
                    .count() as u64,
                _ => 0,
            };
            ((k, day), (rooms, gaps))
        })
        .collect()
}

/// One `prefer` list unmet, and avoided slots occupied.
fn unmet(prefer: Option<&SlotSet>, avoid: &SlotSet, start: SlotId, occupied: &[SlotId]) -> u64 {
    let missed = u64::from(prefer.is_some_and(|pr| !pr.contains(start)));
    missed + occupied.iter().filter(|&&s| avoid.contains(s)).count() as u64
}

fn preferences(p: &Problem, placements: &[Placement]) -> u64 {
    let mut units = 0;
    for x in placements {
        let talk = p.talk(x.talk);
        let occupied = Timetable::occupied(p, x);
        units += unmet(talk.prefer.as_ref(), &talk.avoid, x.start, &occupied);
        if let Some(k) = talk.track {
            let track = &p.track_rules[k.index()];
            units += unmet(track.prefer.as_ref(), &track.avoid, x.start, &occupied);
            if !track.rooms.is_empty() && !track.rooms.contains(&x.rooms[0]) {
                units += 1;
            }
        }
        for &sp in &talk.speakers {
            let speaker = p.speaker(sp);
            units += unmet(speaker.prefer.as_ref(), &speaker.avoid, x.start, &occupied);
        }
    }
    units
}

fn conflicts(p: &Problem, placements: &[Placement]) -> u64 {
    let mut total = 0;
    for c in p.conflicts.iter().filter(|c| !c.hard) {
        let mut per_slot: BTreeMap<SlotId, u64> = BTreeMap::new();
        let members: BTreeSet<TalkId> = c.talks.iter().copied().collect();
        for x in placements.iter().filter(|x| members.contains(&x.talk)) {
            for s in Timetable::occupied(p, x) {
                *per_slot.entry(s).or_default() += 1;
            }
        }
        total += c.weight * per_slot.values().map(|&n| pairs(n)).sum::<u64>();
    }
    total
}

/// Per attendee (a merged group counts each of its members) and slot, the
/// wanted talks occupying the slot beyond the first.
fn attendee_missed(p: &Problem, placements: &[Placement]) -> u64 {
    missed_by_group(p, placements)
        .iter()
        .zip(&p.attendees)
        .map(|(clashes, a)| {
            let missed: u64 = clashes
                .iter()
                .map(|(_, talks)| talks.len() as u64 - 1)
                .sum();
            missed * u64::from(a.count)
        })
        .sum()
}

/// Per attendee group (in `p.attendees` order), each slot where two or
/// more of its wanted talks are, with those talks (in the group's order):
/// all but one of them are missed, by each member of the group.
pub fn missed_by_group(p: &Problem, placements: &[Placement]) -> Vec<Vec<(SlotId, Vec<TalkId>)>> {
    let mut slots_of: BTreeMap<TalkId, Vec<SlotId>> = BTreeMap::new();
    for x in placements {
        slots_of.insert(x.talk, Timetable::occupied(p, x));
    }
    p.attendees
        .iter()
        .map(|a| {
            let mut per_slot: BTreeMap<SlotId, Vec<TalkId>> = BTreeMap::new();
            for &t in &a.wants {
                for &s in slots_of.get(&t).into_iter().flatten() {
                    per_slot.entry(s).or_default().push(t);
                }
            }
            per_slot
                .into_iter()
                .filter(|(_, ts)| ts.len() > 1)
                .collect()
        })
        .collect()
}
