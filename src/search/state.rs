//! The timetable as the heuristics see it: who is where, with counts that
//! make a move's feasibility and cost cheap to ask.
//!
//! In: a problem and (partial) placements. Out: [`State`], which answers
//! "may this talk go there?" with the shared rules of `problem::rules`
//! (its own rules, exclusivity, precedence, walking) against the other
//! talks, and "what does this talk cost where it is?" in the objective's
//! units: [`State::cost`] for what one talk adds (empty seats,
//! preferences, its share of track clashes, soft conflicts and attendees'
//! missed talks) and
//! [`State::track_day_cost`] for what a declared track adds on a day
//! (rooms beyond one, gaps).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use crate::num::{count64, signed};
use crate::problem::{Problem, RoomId, SlotId, TalkId, rules};
use crate::timetable::Placement;

pub(crate) struct State<'p> {
    pub(crate) p: &'p Problem,
    /// Per talk: start and rooms, main first (empty: not placed).
    pub(crate) at: Vec<(SlotId, Vec<RoomId>)>,
    /// Per room and slot: the talk there.
    pub(crate) room_use: Vec<Vec<Option<TalkId>>>,
    /// Per speaker and slot: how many of their talks are there.
    speaker_use: Vec<Vec<u8>>,
    /// Per track and slot: talks of the track there.
    track_use: Vec<Vec<u32>>,
    /// Per slot: the talks occupying it.
    pub(crate) slot_talks: Vec<Vec<TalkId>>,
    /// Per talk: the soft conflict groups it is in.
    talk_groups: Vec<Vec<usize>>,
    /// Per soft conflict group and slot: members there.
    group_use: Vec<Vec<u32>>,
    /// Per talk: the attendee groups that want it (`rules::wanted_by`),
    /// each with its number of attendees.
    talk_attendees: Vec<Vec<(usize, u32)>>,
    /// Per slot and attendee group (slot-major, `s * groups + g`, so one
    /// slot's counts are close together): its wanted talks there; empty
    /// when no group can miss anything.
    attendee_use: Vec<u32>,
    /// Per track: (day, main room) -> talks of the track there.
    track_rooms: Vec<BTreeMap<(usize, RoomId), u32>>,
    /// Per talk: the talks it must start after, and those that must start
    /// after it.
    pub(crate) before: Vec<Vec<TalkId>>,
    pub(crate) after: Vec<Vec<TalkId>>,
    /// Overflow talks' rooms by (talk, start, main room) as their rules
    /// alone allow (see [`State::seating`]), once asked.
    seating: RefCell<HashMap<(TalkId, SlotId, RoomId), Vec<RoomId>>>,
}

impl<'p> State<'p> {
    pub(crate) fn new(p: &'p Problem, placements: &[Placement]) -> Self {
        let n = p.slots.len();
        let mut talk_groups = vec![Vec::new(); p.talks.len()];
        for (g, c) in p.conflicts.iter().enumerate() {
            if !c.hard && c.weight > 0 {
                for &t in &c.talks {
                    talk_groups[t.index()].push(g);
                }
            }
        }
        let mut before = vec![Vec::new(); p.talks.len()];
        let mut after = vec![Vec::new(); p.talks.len()];
        for (a, b) in rules::precedences(p) {
            before[b.index()].push(a);
            after[a.index()].push(b);
        }
        let talk_attendees: Vec<Vec<(usize, u32)>> = rules::wanted_by(p)
            .into_iter()
            .map(|gs| gs.into_iter().map(|g| (g, p.attendees[g].count)).collect())
            .collect();
        let attendee_use = if talk_attendees.iter().all(Vec::is_empty) {
            Vec::new()
        } else {
            vec![0; n * p.attendees.len()]
        };
        let mut st = State {
            p,
            at: vec![(SlotId(0), Vec::new()); p.talks.len()],
            room_use: vec![vec![None; n]; p.rooms.len()],
            speaker_use: vec![vec![0; n]; p.speakers.len()],
            track_use: vec![vec![0; n]; p.tracks.len()],
            slot_talks: vec![Vec::new(); n],
            talk_groups,
            group_use: vec![vec![0; n]; p.conflicts.len()],
            talk_attendees,
            attendee_use,
            track_rooms: vec![BTreeMap::new(); p.tracks.len()],
            before,
            after,
            seating: RefCell::default(),
        };
        for x in placements {
            st.at[x.talk.index()] = (x.start, x.rooms.clone());
            st.add(x.talk);
        }
        st
    }

    /// Every talk where it is, sorted (a talk not placed has no rooms).
    pub(crate) fn placements(&self) -> Vec<Placement> {
        let mut out: Vec<Placement> = self
            .p
            .talk_ids()
            .map(|t| Placement {
                talk: t,
                start: self.at[t.index()].0,
                rooms: self.at[t.index()].1.clone(),
            })
            .collect();
        out.sort();
        out
    }

    pub(crate) fn run(&self, t: TalkId, start: SlotId) -> std::ops::Range<usize> {
        start.index()..start.index() + self.p.talk(t).parts as usize
    }

    /// Whether the talk has a place.
    pub(crate) fn placed(&self, t: TalkId) -> bool {
        !self.at[t.index()].1.is_empty()
    }

    /// Counts the talk in at its place.
    pub(crate) fn add(&mut self, t: TalkId) {
        self.count(t, true);
    }

    /// Counts the talk out of its place (which it keeps).
    pub(crate) fn remove(&mut self, t: TalkId) {
        self.count(t, false);
    }

    fn count(&mut self, t: TalkId, add: bool) {
        let (start, rooms) = self.at[t.index()].clone();
        let talk = self.p.talk(t);
        let step = |n: &mut u32| {
            if add {
                *n += 1;
            } else {
                *n -= 1;
            }
        };
        for s in self.run(t, start) {
            for r in &rooms {
                self.room_use[r.index()][s] = add.then_some(t);
            }
            for sp in &talk.speakers {
                let n = &mut self.speaker_use[sp.index()][s];
                *n = if add { *n + 1 } else { *n - 1 };
            }
            if let Some(k) = talk.track {
                step(&mut self.track_use[k.index()][s]);
            }
            for &g in &self.talk_groups[t.index()] {
                step(&mut self.group_use[g][s]);
            }
            let row = s * self.p.attendees.len();
            for &(g, _) in &self.talk_attendees[t.index()] {
                step(&mut self.attendee_use[row + g]);
            }
            if add {
                self.slot_talks[s].push(t);
            } else {
                self.slot_talks[s].retain(|&u| u != t);
            }
        }
        if let (Some(k), Some(&main)) = (talk.track, rooms.first()) {
            let day = self.p.slot(start).day.index();
            let n = self.track_rooms[k.index()].entry((day, main)).or_default();
            step(n);
            if *n == 0 {
                self.track_rooms[k.index()].remove(&(day, main));
            }
        }
    }

    /// Empty seats of talk t at its place (times parts).
    pub(crate) fn empty(&self, t: TalkId) -> i64 {
        let p = self.p;
        let talk = p.talk(t);
        let (_, rooms) = &self.at[t.index()];
        let seats: i64 = rooms.iter().map(|r| i64::from(p.room(*r).capacity)).sum();
        (seats - i64::from(talk.audience)).max(0) * i64::from(talk.parts)
    }

    /// What talk t adds where it is, given the others: its empty seats and
    /// preference units, and the track clashes and soft-conflict pairs it
    /// is part of (each pair counted from this talk's side).
    pub(crate) fn cost(&self, t: TalkId) -> i64 {
        let p = self.p;
        let w = &p.weights;
        let talk = p.talk(t);
        let (start, rooms) = &self.at[t.index()];
        let mut clash = 0;
        let mut conflict = 0;
        let mut missed = 0;
        for s in self.run(t, *start) {
            let row = s * p.attendees.len();
            for &(g, count) in &self.talk_attendees[t.index()] {
                // t makes one more talk missed where another wanted one is.
                if self.attendee_use[row + g] > 1 {
                    missed += i64::from(count);
                }
            }
            if let Some(k) = talk.track {
                // Others of the track in this slot (t itself is counted in).
                clash += i64::from(self.track_use[k.index()][s]) - 1;
            }
            for &g in &self.talk_groups[t.index()] {
                let weight = signed(p.conflicts[g].weight);
                conflict += (i64::from(self.group_use[g][s]) - 1) * weight;
            }
        }
        let preferences = rooms.first().map_or(0, |&main| {
            signed(rules::preference_units(p, t, *start, main))
        });
        self.empty(t) * signed(w.empty_seats)
            + clash * signed(w.track_clash)
            + conflict * signed(w.conflicts)
            + missed * signed(w.attendee_missed)
            + preferences * signed(w.preferences)
            + self.change(t)
    }

    /// A re-plan: talk t's change cost where it is, times what one unit is
    /// worth (`[replan] weight`, or far more than any objective when
    /// changes come first).
    pub(crate) fn change(&self, t: TalkId) -> i64 {
        let p = self.p;
        if p.baseline.is_none() {
            return 0;
        }
        let (start, rooms) = &self.at[t.index()];
        signed(rules::change_cost(p, t, *start, rooms)).saturating_mul(self.change_unit())
    }

    /// A re-plan: the least [`State::change`] talk t can have at `start`
    /// with main room `main`, whatever its extra rooms.
    pub(crate) fn least_change(&self, t: TalkId, start: SlotId, main: RoomId) -> i64 {
        let p = self.p;
        if p.baseline.is_none() {
            return 0;
        }
        signed(rules::least_change_cost(p, t, start, main)).saturating_mul(self.change_unit())
    }

    /// What one unit of change cost is worth in [`State::cost`].
    fn change_unit(&self) -> i64 {
        self.p
            .replan
            .weight
            .map_or(crate::tuning::LEXICOGRAPHIC_CHANGE, signed)
    }

    /// What talk t adds on its own where it is: its empty seats and
    /// preference units, weighted (no pairwise term).
    pub(crate) fn own_cost(&self, t: TalkId) -> i64 {
        let p = self.p;
        let w = &p.weights;
        let (start, rooms) = &self.at[t.index()];
        let preferences = rooms.first().map_or(0, |&main| {
            signed(rules::preference_units(p, t, *start, main))
        });
        self.empty(t) * signed(w.empty_seats) + preferences * signed(w.preferences)
    }

    /// The part of the objective that moving `talks` (placed) can change,
    /// given every slot any of them occupies before or after (`slots`,
    /// indices) and the declared tracks' days they touch: their own costs,
    /// the track clashes of their tracks, the soft conflicts of their
    /// groups and the missed talks of the attendees who want them in those
    /// slots (each pair once), and those tracks' days. The
    /// difference of two calls over the same arguments, around a change of
    /// those talks' places, is the objective's change.
    pub(crate) fn local_cost(
        &self,
        talks: &[TalkId],
        slots: &[usize],
        track_days: &[(usize, usize)],
    ) -> i64 {
        let p = self.p;
        let w = &p.weights;
        let own: i64 = talks.iter().map(|&t| self.own_cost(t)).sum();
        let mut tracks: Vec<usize> = talks
            .iter()
            .filter_map(|&t| p.talk(t).track.map(|k| k.index()))
            .collect();
        tracks.sort_unstable();
        tracks.dedup();
        let mut groups: Vec<usize> = talks
            .iter()
            .flat_map(|&t| self.talk_groups[t.index()].iter().copied())
            .collect();
        groups.sort_unstable();
        groups.dedup();
        let pairs = |n: u32| signed(rules::pairs(u64::from(n)));
        let clashes: i64 = tracks
            .iter()
            .map(|&k| {
                slots
                    .iter()
                    .map(|&s| pairs(self.track_use[k][s]))
                    .sum::<i64>()
            })
            .sum();
        let conflicts: i64 = groups
            .iter()
            .map(|&g| {
                let n: i64 = slots.iter().map(|&s| pairs(self.group_use[g][s])).sum();
                n * signed(p.conflicts[g].weight)
            })
            .sum();
        let mut attendees: Vec<usize> = talks
            .iter()
            .flat_map(|&t| self.talk_attendees[t.index()].iter().map(|&(g, _)| g))
            .collect();
        attendees.sort_unstable();
        attendees.dedup();
        let groups = p.attendees.len();
        let missed: i64 = attendees
            .iter()
            .map(|&g| {
                let n: u64 = slots
                    .iter()
                    .map(|&s| rules::missed(u64::from(self.attendee_use[s * groups + g])))
                    .sum();
                signed(n) * i64::from(p.attendees[g].count)
            })
            .sum();
        own + clashes * signed(w.track_clash)
            + conflicts * signed(w.conflicts)
            + missed * signed(w.attendee_missed)
            + self.track_days_cost(track_days)
    }

    /// The talk whose main or extra room `r` is at slot index `s`.
    pub(crate) fn occupant(&self, r: RoomId, s: usize) -> Option<TalkId> {
        self.room_use[r.index()][s]
    }

    /// The main rooms a declared track uses on a day, with how many of its
    /// talks are in each.
    pub(crate) fn track_rooms_on(&self, k: usize, day: usize) -> Vec<(RoomId, u32)> {
        self.track_rooms[k]
            .range((day, RoomId::at(0))..)
            .take_while(|((d, _), _)| *d == day)
            .map(|((_, r), n)| (*r, *n))
            .collect()
    }

    /// The declared tracks and days of talks at starts (a talk of no
    /// declared track adds none).
    pub(crate) fn track_days_at(&self, at: &[(TalkId, SlotId)]) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = at
            .iter()
            .filter_map(|&(t, s)| {
                let k = self.p.talk(t).track?;
                self.p.track_rules[k.index()].declared.as_ref()?;
                Some((k.index(), self.p.slot(s).day.index()))
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// What a declared track adds on a day: main rooms beyond one, and
    /// unoccupied slots between its first and last talk, each weighted.
    pub(crate) fn track_day_cost(&self, (k, day): (usize, usize)) -> i64 {
        let p = self.p;
        let rooms = self.track_rooms[k]
            .keys()
            .filter(|(d, _)| *d == day)
            .count();
        let used: Vec<bool> = p.days[day]
            .slots()
            .map(|s| self.track_use[k][s.index()] > 0)
            .collect();
        let gaps = match (used.iter().position(|&u| u), used.iter().rposition(|&u| u)) {
            (Some(a), Some(b)) => used[a..=b].iter().filter(|&&u| !u).count(),
            _ => 0,
        };
        let extra = rooms.saturating_sub(1);
        signed(count64(extra)) * signed(p.weights.track_rooms)
            + signed(count64(gaps)) * signed(p.weights.track_gaps)
    }

    /// The summed [`State::track_day_cost`] of some tracks and days.
    pub(crate) fn track_days_cost(&self, track_days: &[(usize, usize)]) -> i64 {
        track_days.iter().map(|&kd| self.track_day_cost(kd)).sum()
    }

    /// Whether talk t (currently removed) may take `start` in `room`.
    pub(crate) fn fits(&self, t: TalkId, start: SlotId, room: RoomId) -> bool {
        let p = self.p;
        let talk = p.talk(t);
        if !rules::main_room_allowed(p, t, room)
            || !rules::start_allowed(p, t, start, |_| true)
            || !rules::room_free(p, room, start, talk.parts)
        {
            return false;
        }
        let run = self.run(t, start);
        if run
            .clone()
            .any(|s| self.room_use[room.index()][s].is_some())
        {
            return false;
        }
        let exclusive = run.clone().any(|s| {
            self.slot_talks[s]
                .iter()
                .any(|&u| u != t && rules::exclusive(p, t, u))
        });
        !exclusive && self.in_order(t, start) && self.can_walk(t, start, room)
    }

    /// Whether `t` starting at `start` keeps every precedence with the
    /// talks placed so far.
    fn in_order(&self, t: TalkId, start: SlotId) -> bool {
        let p = self.p;
        let earlier = self.before[t.index()]
            .iter()
            .all(|&a| !self.placed(a) || rules::starts_after(p, a, self.at[a.index()].0, start));
        let later = self.after[t.index()]
            .iter()
            .all(|&b| !self.placed(b) || rules::starts_after(p, t, start, self.at[b.index()].0));
        earlier && later
    }

    /// Whether every speaker of `t` can walk from a talk just before and to
    /// a talk just after.
    fn can_walk(&self, t: TalkId, start: SlotId, room: RoomId) -> bool {
        let p = self.p;
        let run = self.run(t, start);
        let last = SlotId::at(run.end - 1);
        let prev = start.index().checked_sub(1).map(SlotId::at);
        for sp in &p.talk(t).speakers {
            for &u in &p.speaker(*sp).talks {
                if u == t || !self.placed(u) {
                    continue;
                }
                let (us, rooms) = &self.at[u.index()];
                let urun = self.run(u, *us);
                // u ends right before t starts, or starts right after t ends.
                let into = prev.is_some_and(|s| urun.end - 1 == s.index())
                    && prev.is_some_and(|s| rules::walk_too_far(p, s, rooms[0], room));
                let out_of = urun.start == run.end && rules::walk_too_far(p, last, room, rooms[0]);
                if into || out_of {
                    return false;
                }
            }
        }
        true
    }
}

impl State<'_> {
    /// Whether room `r` is available and unused for a run from `start`.
    pub(crate) fn room_open(&self, r: RoomId, start: SlotId, parts: u32) -> bool {
        rules::room_free(self.p, r, start, parts)
            && (start.index()..start.index() + parts as usize)
                .all(|s| self.room_use[r.index()][s].is_none())
    }

    /// Extra rooms for an overflow talk whose main room is `main`, among
    /// the rooms open in this state (see [`gather_rooms`]); `None` when
    /// they cannot seat its audience.
    pub(crate) fn extra_rooms(
        &self,
        t: TalkId,
        start: SlotId,
        main: RoomId,
    ) -> Option<Vec<RoomId>> {
        let parts = self.p.talk(t).parts;
        let (rooms, seated) = gather_rooms(self.p, t, main, |r| self.room_open(r, start, parts));
        seated.then_some(rooms)
    }

    /// The rooms overflow talk `t` would take from main room `main` at
    /// `start` if no talk held any (where the rooms are available), as far
    /// as they go (see [`gather_rooms`]): what the greedy weighs at every
    /// place of a unit that must make way, the same each time, so kept
    /// once asked.
    pub(crate) fn seating(&self, t: TalkId, start: SlotId, main: RoomId) -> Vec<RoomId> {
        let p = self.p;
        let parts = p.talk(t).parts;
        self.seating
            .borrow_mut()
            .entry((t, start, main))
            .or_insert_with(|| gather_rooms(p, t, main, |r| rules::room_free(p, r, start, parts)).0)
            .clone()
    }
}

/// An overflow talk's rooms from main room `main`, main first: while the
/// seats fall short, the smallest `open` room that closes the gap, else
/// the largest; with whether they seat its audience.
pub(crate) fn gather_rooms(
    p: &Problem,
    t: TalkId,
    main: RoomId,
    open: impl Fn(RoomId) -> bool,
) -> (Vec<RoomId>, bool) {
    let talk = p.talk(t);
    let mut rooms = vec![main];
    let mut seats = p.room(main).capacity;
    while seats < talk.audience {
        let candidates: Vec<RoomId> = p
            .room_ids()
            .filter(|r| !rooms.contains(r) && open(*r))
            .collect();
        let gap = talk.audience - seats;
        let pick = candidates
            .iter()
            .copied()
            .filter(|&r| p.room(r).capacity >= gap)
            .min_by_key(|&r| (p.room(r).capacity, r))
            .or_else(|| {
                candidates
                    .iter()
                    .copied()
                    .max_by_key(|&r| (p.room(r).capacity, std::cmp::Reverse(r)))
            });
        let Some(pick) = pick else {
            return (rooms, false);
        };
        seats += p.room(pick).capacity;
        rooms.push(pick);
    }
    (rooms, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::parse;
    use crate::timetable::score;

    /// Every single move of every talk to every start and room it fits:
    /// the change of `cost` (as the local search's moves use it) and of
    /// `local_cost` over the slots it leaves and takes is the change of
    /// the score, with attendees' missed talks in it.
    #[test]
    fn moves_change_the_cost_by_the_missed_talks_they_make_or_save() {
        let src = "[event]\nname = \"t\"\nslot_minutes = 50\n\
            [[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\", \"11:00\"]\n\
            [[rooms]]\nid = \"a\"\ncapacity = 10\n[[rooms]]\nid = \"b\"\ncapacity = 10\n\
            [[rooms]]\nid = \"c\"\ncapacity = 10\n\
            [[talks]]\nid = \"t1\"\nspeakers = []\naudience = 10\n\
            [[talks]]\nid = \"t2\"\nspeakers = []\naudience = 10\nparts = 2\n\
            [[talks]]\nid = \"t3\"\nspeakers = []\naudience = 10\n\
            [[talks]]\nid = \"t4\"\nspeakers = []\naudience = 10\n\
            [[talks]]\nid = \"t5\"\nspeakers = []\naudience = 10\n\
            [[attendees]]\nid = \"p\"\nwants = [\"t1\", \"t2\", \"t3\"]\n\
            [[attendees]]\nid = \"q\"\nwants = [\"t1\", \"t2\", \"t3\"]\n\
            [[attendees]]\nid = \"r\"\nwants = [\"t2\", \"t4\", \"t5\"]\n\
            [[attendees]]\nid = \"s\"\nwants = [\"t5\"]\n\
            [objective]\nempty_seats = 0\nattendee_missed = 7\n";
        let p = parse("t.toml", src).expect("valid");
        let at = |t: usize, s: usize, r: usize| Placement {
            talk: TalkId::at(t),
            start: SlotId::at(s),
            rooms: vec![RoomId::at(r)],
        };
        // t1, t2 (09:00-10:00), t3 together at 09:00; t4 and t5 at 11:00.
        let start = vec![
            at(0, 0, 0),
            at(1, 0, 1),
            at(2, 0, 2),
            at(3, 2, 0),
            at(4, 2, 1),
        ];
        let before = score(&p, &start).objective;
        assert!(before > 0);
        let mut checked = 0;
        for t in p.talk_ids() {
            for s in p.slot_ids() {
                for r in p.room_ids() {
                    let mut st = State::new(&p, &start);
                    let (old_start, _) = st.at[t.index()].clone();
                    let mut slots: Vec<usize> = st.run(t, old_start).collect();
                    let cost_before = st.cost(t);
                    st.remove(t);
                    if !st.fits(t, s, r) {
                        continue;
                    }
                    slots.extend(st.run(t, s));
                    slots.sort_unstable();
                    slots.dedup();
                    st.add(t);
                    let local_before = st.local_cost(&[t], &slots, &[]);
                    st.remove(t);
                    st.at[t.index()] = (s, vec![r]);
                    st.add(t);
                    let mut moved = start.clone();
                    moved[t.index()] = at(t.index(), s.index(), r.index());
                    let want = signed(score(&p, &moved).objective) - signed(before);
                    let local = st.local_cost(&[t], &slots, &[]) - local_before;
                    assert_eq!(local, want, "{t:?} to {s:?}");
                    assert_eq!(st.cost(t) - cost_before, want, "{t:?} to {s:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 10);
    }
}
