//! The independent check of a timetable against every hard rule.
//!
//! In: a problem and placements (possibly written by hand). Out: every
//! violated rule as a [`Violation`]: which rule, and the talks, rooms,
//! speakers and slots involved, as data (`report` writes the sentences).
//! It shares no code with the model, the heuristics or `problem::rules`:
//! it is the referee that every solve and every test answers to.

use std::collections::BTreeMap;

use crate::problem::{FeatureId, Problem, RoomId, SlotId, SpeakerId, TalkId};

use super::{Placement, Timetable};

/// The rules of the format, as numbered in its specification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// The timetable file's own figures.
    File,
    /// 1: every talk once, in consecutive slots.
    Once,
    /// 2: a room holds one talk at a time, and none when unavailable.
    Rooms,
    /// 3: speakers in one place at a time, with time to walk.
    Speakers,
    /// 4: seats (and overflow rooms).
    Seats,
    /// 5: features.
    Features,
    /// 6: fixed, only, unavailability, sequences, `after` and `order`,
    /// plenaries, hard conflict groups, tracks' `only_rooms`.
    Restrictions,
}

impl Rule {
    /// The rule's number in the specification (0 for the file's figures).
    pub fn number(self) -> u8 {
        match self {
            Rule::File => 0,
            Rule::Once => 1,
            Rule::Rooms => 2,
            Rule::Speakers => 3,
            Rule::Seats => 4,
            Rule::Features => 5,
            Rule::Restrictions => 6,
        }
    }
}

/// One broken rule, with what is involved.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Violation {
    /// The file states a figure that differs from the timetable's.
    Claim {
        /// The field (`objective`, `empty_seats`, ...).
        field: &'static str,
        /// What the file says.
        claimed: u64,
        /// What the timetable has.
        real: u64,
    },
    /// An assignment names a talk the problem does not have.
    UnknownTalk {
        /// The 1-based assignment.
        assignment: usize,
        /// The name.
        name: String,
    },
    /// A talk starts at a slot the problem does not have.
    UnknownSlot {
        /// The talk.
        talk: TalkId,
        /// The slot as written.
        slot: String,
    },
    /// A talk is in a room the problem does not have.
    UnknownRoom {
        /// The talk.
        talk: TalkId,
        /// The room as written.
        room: String,
    },
    /// An assignment lists slots that are not the talk's run.
    WrongSlots {
        /// The talk.
        talk: TalkId,
        /// As written.
        listed: Vec<String>,
        /// What its start implies (empty when the count is wrong).
        expected: Vec<SlotId>,
    },
    /// `room` and `rooms` disagree, or neither is given, or neither
    /// `slots` nor `day` and `start`.
    Incomplete {
        /// The talk.
        talk: TalkId,
        /// What is missing or contradictory.
        what: &'static str,
    },
    /// A talk is not in the timetable.
    NotPlaced {
        /// The talk.
        talk: TalkId,
    },
    /// A talk is in the timetable more than once.
    PlacedTwice {
        /// The talk.
        talk: TalkId,
        /// How often.
        times: usize,
    },
    /// A talk has no room.
    NoRoom {
        /// The talk.
        talk: TalkId,
    },
    /// A talk's parts do not fit in consecutive slots from its start.
    NoRun {
        /// The talk.
        talk: TalkId,
        /// Its start.
        start: SlotId,
    },
    /// A room is used while unavailable.
    RoomUnavailable {
        /// The room.
        room: RoomId,
        /// The slot.
        slot: SlotId,
        /// The talk there.
        talk: TalkId,
    },
    /// A room holds several talks at once.
    RoomDoubleBooked {
        /// The room.
        room: RoomId,
        /// The slot.
        slot: SlotId,
        /// The talks, in timetable order.
        talks: Vec<TalkId>,
    },
    /// A speaker is in several talks at once.
    SpeakerDoubleBooked {
        /// The speaker.
        speaker: SpeakerId,
        /// The slot.
        slot: SlotId,
        /// The talks.
        talks: Vec<TalkId>,
    },
    /// A speaker cannot walk between two talks in consecutive slots.
    CannotWalk {
        /// The speaker.
        speaker: SpeakerId,
        /// The talk they leave, its main room, the slot it ends in.
        from: (TalkId, RoomId, SlotId),
        /// The talk they go to, its main room, the slot it starts in.
        to: (TalkId, RoomId, SlotId),
        /// Minutes of walking.
        walk: u32,
        /// Minutes between the slots.
        changeover: u32,
    },
    /// A speaker gives a talk while unavailable.
    SpeakerUnavailable {
        /// The speaker.
        speaker: SpeakerId,
        /// The slot.
        slot: SlotId,
        /// The talk.
        talk: TalkId,
    },
    /// A talk lists a room twice.
    RoomListedTwice {
        /// The talk.
        talk: TalkId,
    },
    /// A talk that may not overflow is in several rooms.
    NotOverflow {
        /// The talk.
        talk: TalkId,
        /// How many rooms.
        rooms: usize,
    },
    /// A talk's rooms seat fewer people than its audience.
    TooFewSeats {
        /// The talk.
        talk: TalkId,
        /// Its rooms.
        rooms: Vec<RoomId>,
        /// Their seats.
        seats: u64,
    },
    /// A talk's main room lacks a feature it needs.
    MissingFeature {
        /// The talk.
        talk: TalkId,
        /// The feature.
        feature: FeatureId,
        /// The main room.
        room: RoomId,
    },
    /// A talk does not start at its fixed slot.
    FixedSlot {
        /// The talk.
        talk: TalkId,
        /// Where it must start.
        fixed: SlotId,
        /// Where it starts.
        start: SlotId,
    },
    /// A talk is not in its fixed room.
    FixedRoom {
        /// The talk.
        talk: TalkId,
        /// Its fixed room.
        fixed: RoomId,
        /// Its main room.
        room: RoomId,
    },
    /// A talk starts outside its `only`.
    NotInOnly {
        /// The talk.
        talk: TalkId,
        /// Its start.
        start: SlotId,
    },
    /// A talk occupies a slot it is unavailable in.
    TalkUnavailable {
        /// The talk.
        talk: TalkId,
        /// The slot.
        slot: SlotId,
    },
    /// In a sequence, a talk does not start right after the one before.
    SequenceNotNext {
        /// The talk before.
        first: TalkId,
        /// The talk after.
        second: TalkId,
        /// The last slot of the talk before.
        first_last: SlotId,
        /// Where the talk after starts.
        second_start: SlotId,
    },
    /// A talk starts before a talk it must follow (`after`, a track's
    /// `order`) has ended.
    NotAfter {
        /// The talk that must end first.
        first: TalkId,
        /// The talk that must start after it.
        second: TalkId,
        /// The last slot of the first.
        first_last: SlotId,
        /// Where the second starts.
        second_start: SlotId,
    },
    /// Another talk shares a slot with a plenary.
    PlenaryShared {
        /// The plenary.
        plenary: TalkId,
        /// The other talk.
        other: TalkId,
        /// The first slot they share.
        slot: SlotId,
    },
    /// Members of a hard `[[conflicts]]` group share a slot.
    ConflictShared {
        /// The group (index, file order).
        group: usize,
        /// The slot.
        slot: SlotId,
        /// The members there.
        talks: Vec<TalkId>,
    },
    /// A talk's main room is not among its track's `only_rooms`.
    OutsideTrackRooms {
        /// The talk.
        talk: TalkId,
        /// Its main room.
        room: RoomId,
    },
    /// In a sequence, a talk is in another room than the one before.
    SequenceOtherRoom {
        /// The talk before.
        first: TalkId,
        /// The talk after.
        second: TalkId,
        /// The room of the talk before.
        first_room: RoomId,
        /// The room of the talk after.
        second_room: RoomId,
    },
}

impl Violation {
    /// The rule it breaks.
    pub fn rule(&self) -> Rule {
        use Violation::*;
        match self {
            Claim { .. } => Rule::File,
            UnknownTalk { .. }
            | UnknownSlot { .. }
            | UnknownRoom { .. }
            | WrongSlots { .. }
            | Incomplete { .. }
            | NotPlaced { .. }
            | PlacedTwice { .. }
            | NoRoom { .. }
            | NoRun { .. } => Rule::Once,
            RoomUnavailable { .. } | RoomDoubleBooked { .. } => Rule::Rooms,
            SpeakerDoubleBooked { .. } | CannotWalk { .. } => Rule::Speakers,
            RoomListedTwice { .. } | NotOverflow { .. } | TooFewSeats { .. } => Rule::Seats,
            MissingFeature { .. } => Rule::Features,
            NotAfter { .. }
            | PlenaryShared { .. }
            | ConflictShared { .. }
            | OutsideTrackRooms { .. }
            | SpeakerUnavailable { .. }
            | FixedSlot { .. }
            | FixedRoom { .. }
            | NotInOnly { .. }
            | TalkUnavailable { .. }
            | SequenceNotNext { .. }
            | SequenceOtherRoom { .. } => Rule::Restrictions,
        }
    }
}

/// The slots a placement occupies, computed here from its start and parts
/// (as many as exist).
fn occupied(p: &Problem, x: &Placement) -> Vec<SlotId> {
    Timetable::occupied(p, x)
}

/// Checks placements against every rule; returns the violations sorted.
pub fn verify(p: &Problem, placements: &[Placement]) -> Vec<Violation> {
    let mut out = Vec::new();
    let valid = each_talk_once(p, placements, &mut out);
    rooms(p, &valid, &mut out);
    speakers(p, &valid, &mut out);
    for x in &valid {
        seats_and_features(p, x, &mut out);
        restrictions(p, x, &mut out);
    }
    sequences(p, &valid, &mut out);
    precedences(p, &valid, &mut out);
    plenaries(p, &valid, &mut out);
    hard_conflicts(p, &valid, &mut out);
    out.sort();
    out.dedup();
    out
}

/// Rule 1: every talk once, with a room, in consecutive slots. Returns the
/// placements the other rules can judge.
fn each_talk_once<'a>(
    p: &Problem,
    placements: &'a [Placement],
    out: &mut Vec<Violation>,
) -> Vec<&'a Placement> {
    let mut count: Vec<usize> = vec![0; p.talks.len()];
    for x in placements {
        count[x.talk.index()] += 1;
    }
    for t in p.talk_ids() {
        match count[t.index()] {
            0 => out.push(Violation::NotPlaced { talk: t }),
            1 => {}
            times => out.push(Violation::PlacedTwice { talk: t, times }),
        }
    }
    let mut valid = Vec::new();
    for x in placements {
        let parts = p.talk(x.talk).parts as usize;
        let first = x.start.index();
        let fits = first + parts <= p.slots.len()
            && (first..first + parts - 1).all(|i| p.slots[i].consecutive_with_next);
        if x.rooms.is_empty() {
            out.push(Violation::NoRoom { talk: x.talk });
        } else if fits {
            valid.push(x);
        } else {
            out.push(Violation::NoRun {
                talk: x.talk,
                start: x.start,
            });
        }
    }
    valid
}

/// Rule 2: rooms hold one talk per slot and none when unavailable.
fn rooms(p: &Problem, valid: &[&Placement], out: &mut Vec<Violation>) {
    let mut use_of: BTreeMap<(RoomId, SlotId), Vec<TalkId>> = BTreeMap::new();
    for x in valid {
        for s in occupied(p, x) {
            for &r in &x.rooms {
                use_of.entry((r, s)).or_default().push(x.talk);
                if p.room(r).unavailable.contains(s) {
                    out.push(Violation::RoomUnavailable {
                        room: r,
                        slot: s,
                        talk: x.talk,
                    });
                }
            }
        }
    }
    for ((room, slot), talks) in use_of {
        if talks.len() > 1 {
            out.push(Violation::RoomDoubleBooked { room, slot, talks });
        }
    }
}

/// Rule 3 (and a speaker's unavailability, rule 6): speakers in one place,
/// with time to walk between consecutive slots.
fn speakers(p: &Problem, valid: &[&Placement], out: &mut Vec<Violation>) {
    // Each speaker's placements, from the talks' own speaker lists.
    let mut theirs: Vec<Vec<&Placement>> = vec![Vec::new(); p.speakers.len()];
    for x in valid {
        for &sp in &p.talk(x.talk).speakers {
            theirs[sp.index()].push(x);
        }
    }
    for sp in p.speaker_ids() {
        let speaker = p.speaker(sp);
        let mut at: BTreeMap<SlotId, Vec<&Placement>> = BTreeMap::new();
        for x in &theirs[sp.index()] {
            for s in occupied(p, x) {
                at.entry(s).or_default().push(x);
            }
        }
        for (&s, xs) in &at {
            if xs.len() > 1 {
                out.push(Violation::SpeakerDoubleBooked {
                    speaker: sp,
                    slot: s,
                    talks: xs.iter().map(|x| x.talk).collect(),
                });
            }
            if speaker.unavailable.contains(s) {
                for x in xs {
                    out.push(Violation::SpeakerUnavailable {
                        speaker: sp,
                        slot: s,
                        talk: x.talk,
                    });
                }
            }
            let next = SlotId::at(s.index() + 1);
            let (Some(after), true) = (at.get(&next), p.slot(s).consecutive_with_next) else {
                continue;
            };
            let changeover = p.slot(next).start - (p.slot(s).start + p.slot_minutes);
            for a in xs {
                for b in after.iter().filter(|b| b.talk != a.talk) {
                    let walk = walk_minutes(p, a.rooms[0], b.rooms[0]);
                    if walk > changeover {
                        out.push(Violation::CannotWalk {
                            speaker: sp,
                            from: (a.talk, a.rooms[0], s),
                            to: (b.talk, b.rooms[0], next),
                            walk,
                            changeover,
                        });
                    }
                }
            }
        }
    }
}

/// Minutes of walking between two rooms' buildings (0 without a building).
fn walk_minutes(p: &Problem, a: RoomId, b: RoomId) -> u32 {
    match (p.room(a).building, p.room(b).building) {
        (Some(x), Some(y)) => p.walks[x.index()][y.index()],
        _ => 0,
    }
}

/// Rules 4 and 5: seats, overflow rooms and features.
fn seats_and_features(p: &Problem, x: &Placement, out: &mut Vec<Violation>) {
    let talk = p.talk(x.talk);
    let mut distinct = x.rooms.clone();
    distinct.sort();
    distinct.dedup();
    if distinct.len() != x.rooms.len() {
        out.push(Violation::RoomListedTwice { talk: x.talk });
    }
    let seats: u64 = distinct
        .iter()
        .map(|&r| u64::from(p.room(r).capacity))
        .sum();
    if !talk.overflow && x.rooms.len() > 1 {
        out.push(Violation::NotOverflow {
            talk: x.talk,
            rooms: x.rooms.len(),
        });
    } else if seats < u64::from(talk.audience) {
        out.push(Violation::TooFewSeats {
            talk: x.talk,
            rooms: x.rooms.clone(),
            seats,
        });
    }
    for &f in &talk.needs {
        if !p.room(x.rooms[0]).features.contains(&f) {
            out.push(Violation::MissingFeature {
                talk: x.talk,
                feature: f,
                room: x.rooms[0],
            });
        }
    }
}

/// Rule 6 for one talk: fixed slot and room, `only`, unavailability.
fn restrictions(p: &Problem, x: &Placement, out: &mut Vec<Violation>) {
    let talk = p.talk(x.talk);
    if let Some(fixed) = talk.fixed_slot
        && fixed != x.start
    {
        out.push(Violation::FixedSlot {
            talk: x.talk,
            fixed,
            start: x.start,
        });
    }
    if let Some(fixed) = talk.fixed_room
        && fixed != x.rooms[0]
    {
        out.push(Violation::FixedRoom {
            talk: x.talk,
            fixed,
            room: x.rooms[0],
        });
    }
    if let Some(k) = talk.track
        && let Some(only) = &p.track_rules[k.index()].only_rooms
        && !only.contains(&x.rooms[0])
    {
        out.push(Violation::OutsideTrackRooms {
            talk: x.talk,
            room: x.rooms[0],
        });
    }
    if let Some(only) = &talk.only
        && !only.contains(x.start)
    {
        out.push(Violation::NotInOnly {
            talk: x.talk,
            start: x.start,
        });
    }
    for slot in occupied(p, x) {
        if talk.unavailable.contains(slot) {
            out.push(Violation::TalkUnavailable { talk: x.talk, slot });
        }
    }
}

/// Rule 6: sequences back to back in one room.
fn sequences(p: &Problem, valid: &[&Placement], out: &mut Vec<Violation>) {
    let by_talk: BTreeMap<TalkId, &Placement> = valid.iter().map(|x| (x.talk, *x)).collect();
    for seq in &p.sequences {
        for w in seq.talks.windows(2) {
            let (Some(a), Some(b)) = (by_talk.get(&w[0]), by_talk.get(&w[1])) else {
                continue;
            };
            let pa = p.talk(a.talk).parts as usize;
            let last = SlotId::at(a.start.index() + pa - 1);
            let follows =
                b.start.index() == a.start.index() + pa && p.slot(last).consecutive_with_next;
            if !follows {
                out.push(Violation::SequenceNotNext {
                    first: a.talk,
                    second: b.talk,
                    first_last: last,
                    second_start: b.start,
                });
            }
            if a.rooms[0] != b.rooms[0] {
                out.push(Violation::SequenceOtherRoom {
                    first: a.talk,
                    second: b.talk,
                    first_room: a.rooms[0],
                    second_room: b.rooms[0],
                });
            }
        }
    }
}

/// Rule 6: a talk starts after every talk in its `after`, and a track's
/// `order` holds pair by pair.
fn precedences(p: &Problem, valid: &[&Placement], out: &mut Vec<Violation>) {
    let by_talk: BTreeMap<TalkId, &Placement> = valid.iter().map(|x| (x.talk, *x)).collect();
    let mut pairs: Vec<(TalkId, TalkId)> = Vec::new();
    for (i, talk) in p.talks.iter().enumerate() {
        pairs.extend(talk.after.iter().map(|&a| (a, TalkId::at(i))));
    }
    for track in &p.track_rules {
        pairs.extend(track.order.windows(2).map(|w| (w[0], w[1])));
    }
    for (a, b) in pairs {
        let (Some(x), Some(y)) = (by_talk.get(&a), by_talk.get(&b)) else {
            continue;
        };
        let last = x.start.index() + p.talk(a).parts as usize - 1;
        if y.start.index() <= last {
            out.push(Violation::NotAfter {
                first: a,
                second: b,
                first_last: SlotId::at(last),
                second_start: y.start,
            });
        }
    }
}

/// Rule 6: nothing else occupies a slot a plenary occupies.
fn plenaries(p: &Problem, valid: &[&Placement], out: &mut Vec<Violation>) {
    for x in valid.iter().filter(|x| p.talk(x.talk).plenary) {
        let mine = occupied(p, x);
        for y in valid.iter().filter(|y| y.talk != x.talk) {
            if let Some(&slot) = occupied(p, y).iter().find(|s| mine.contains(s)) {
                out.push(Violation::PlenaryShared {
                    plenary: x.talk,
                    other: y.talk,
                    slot,
                });
            }
        }
    }
}

/// Rule 6: no two members of a hard conflict group share a slot.
fn hard_conflicts(p: &Problem, valid: &[&Placement], out: &mut Vec<Violation>) {
    for (group, c) in p.conflicts.iter().enumerate().filter(|(_, c)| c.hard) {
        let mut at: BTreeMap<SlotId, Vec<TalkId>> = BTreeMap::new();
        for x in valid.iter().filter(|x| c.talks.contains(&x.talk)) {
            for s in occupied(p, x) {
                at.entry(s).or_default().push(x.talk);
            }
        }
        for (slot, talks) in at {
            if talks.len() > 1 {
                out.push(Violation::ConflictShared { group, slot, talks });
            }
        }
    }
}
