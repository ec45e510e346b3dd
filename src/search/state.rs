//! The timetable as the heuristics see it: who is where, with counts that
//! make a move's feasibility and cost cheap to ask.
//!
//! In: a problem and (partial) placements. Out: [`State`], which answers
//! "may this talk go there?" with the shared rules of `problem::rules` plus
//! the room, speaker and walking rules against the other talks, and "what
//! does this talk cost where it is?".

use crate::num::signed;
use crate::problem::{Problem, RoomId, SlotId, TalkId, rules};
use crate::timetable::Placement;

pub(crate) struct State<'p> {
    pub(crate) p: &'p Problem,
    /// Per talk: start and main room (movable talks have exactly one room).
    pub(crate) at: Vec<(SlotId, Vec<RoomId>)>,
    /// Per room and slot: the talk there.
    room_use: Vec<Vec<Option<TalkId>>>,
    /// Per speaker and slot: how many of their talks are there.
    speaker_use: Vec<Vec<u8>>,
    /// Per track and slot: talks of the track there.
    track_use: Vec<Vec<u32>>,
}

impl<'p> State<'p> {
    pub(crate) fn new(p: &'p Problem, placements: &[Placement]) -> Self {
        let n = p.slots.len();
        let mut st = State {
            p,
            at: vec![(SlotId(0), Vec::new()); p.talks.len()],
            room_use: vec![vec![None; n]; p.rooms.len()],
            speaker_use: vec![vec![0; n]; p.speakers.len()],
            track_use: vec![vec![0; n]; p.tracks.len()],
        };
        for x in placements {
            st.at[x.talk.index()] = (x.start, x.rooms.clone());
            st.add(x.talk);
        }
        st
    }

    pub(crate) fn run(&self, t: TalkId, start: SlotId) -> std::ops::Range<usize> {
        start.index()..start.index() + self.p.talk(t).parts as usize
    }

    pub(crate) fn add(&mut self, t: TalkId) {
        let (start, rooms) = self.at[t.index()].clone();
        for s in self.run(t, start) {
            for r in &rooms {
                self.room_use[r.index()][s] = Some(t);
            }
            for sp in &self.p.talk(t).speakers {
                self.speaker_use[sp.index()][s] += 1;
            }
            if let Some(k) = self.p.talk(t).track {
                self.track_use[k.index()][s] += 1;
            }
        }
    }

    pub(crate) fn remove(&mut self, t: TalkId) {
        let (start, rooms) = self.at[t.index()].clone();
        for s in self.run(t, start) {
            for r in &rooms {
                self.room_use[r.index()][s] = None;
            }
            for sp in &self.p.talk(t).speakers {
                self.speaker_use[sp.index()][s] -= 1;
            }
            if let Some(k) = self.p.talk(t).track {
                self.track_use[k.index()][s] -= 1;
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

    /// Cost of talk t at its place, given the others: its empty seats and
    /// the clashes it adds with its track.
    pub(crate) fn cost(&self, t: TalkId) -> i64 {
        let p = self.p;
        let talk = p.talk(t);
        let (start, _) = &self.at[t.index()];
        let empty = self.empty(t);
        let mut clash = 0;
        if let Some(k) = talk.track {
            for s in self.run(t, *start) {
                // Others of the track in this slot (t itself is counted in).
                clash += i64::from(self.track_use[k.index()][s]) - 1;
            }
        }
        empty * signed(p.weights.empty_seats) + clash * signed(p.weights.track_clash)
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
        for sp in &talk.speakers {
            if run.clone().any(|s| self.speaker_use[sp.index()][s] > 0) {
                return false;
            }
            // Walking: a talk of this speaker just before or just after.
            let before = start.index().checked_sub(1).map(SlotId::at);
            let after = SlotId::at(run.end - 1);
            for (a, b) in [
                (before, Some(start)),
                (Some(after), Some(SlotId::at(run.end))),
            ] {
                let (Some(a), Some(b)) = (a, b) else { continue };
                if b.index() >= p.slots.len() || !p.consecutive(a) {
                    continue;
                }
                let other = if a == after { b } else { a };
                let change = p.changeover_after(a).unwrap_or(0);
                for &u in &p.speaker(*sp).talks {
                    let (us, rooms) = &self.at[u.index()];
                    if u == t || rooms.is_empty() {
                        continue;
                    }
                    let us = *us;
                    if self.run(u, us).contains(&other.index())
                        && p.walk_between(room, rooms[0]) > change
                    {
                        return false;
                    }
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

    /// Extra rooms for an overflow talk whose main room is `main`: while the
    /// seats fall short, the smallest free room that closes the gap, else
    /// the largest free room.
    pub(crate) fn extra_rooms(
        &self,
        t: TalkId,
        start: SlotId,
        main: RoomId,
    ) -> Option<Vec<RoomId>> {
        let p = self.p;
        let talk = p.talk(t);
        let mut rooms = vec![main];
        let mut seats = p.room(main).capacity;
        while seats < talk.audience {
            let open: Vec<RoomId> = p
                .room_ids()
                .filter(|r| !rooms.contains(r) && self.room_open(*r, start, talk.parts))
                .collect();
            let gap = talk.audience - seats;
            let pick = open
                .iter()
                .copied()
                .filter(|&r| p.room(r).capacity >= gap)
                .min_by_key(|&r| (p.room(r).capacity, r))
                .or_else(|| {
                    open.iter()
                        .copied()
                        .max_by_key(|&r| (p.room(r).capacity, std::cmp::Reverse(r)))
                })?;
            seats += p.room(pick).capacity;
            rooms.push(pick);
        }
        Some(rooms)
    }
}
