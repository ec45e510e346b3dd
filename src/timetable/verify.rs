//! The independent check of a timetable against every hard rule.
//!
//! In: a problem and placements (possibly written by hand). Out: every
//! violated rule as a sentence in the input's words (talk ids, speakers,
//! room ids, slots), sorted. It shares no code with the model or solver.

use std::collections::BTreeMap;

use crate::problem::{Problem, RoomId, SlotId, TalkId};

use super::{Placement, Timetable};

/// One broken rule.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    /// Which rule (1-6 of the spec), for sorting and filtering.
    pub rule: u8,
    /// The sentence.
    pub message: String,
}

impl Violation {
    fn new(rule: u8, message: String) -> Self {
        Violation { rule, message }
    }
}

/// Checks placements against rules 1-6; returns violations sorted.
pub fn verify(p: &Problem, placements: &[Placement]) -> Vec<Violation> {
    let mut out = Vec::new();
    let talk_name = |t: TalkId| format!("talk `{}`", p.talk(t).id);
    let room_name = |r: RoomId| format!("room `{}`", p.room(r).id);
    let slot_name = |s: SlotId| p.slot_label(s);

    // Rule 1: every talk once, in consecutive slots.
    let mut count: Vec<usize> = vec![0; p.talks.len()];
    for x in placements {
        count[x.talk.index()] += 1;
    }
    for t in p.talk_ids() {
        match count[t.index()] {
            0 => out.push(Violation::new(
                1,
                format!("{} is not in the timetable", talk_name(t)),
            )),
            1 => {}
            n => out.push(Violation::new(
                1,
                format!("{} is given {n} times", talk_name(t)),
            )),
        }
    }
    let mut valid: Vec<&Placement> = Vec::new();
    for x in placements {
        let talk = p.talk(x.talk);
        if x.rooms.is_empty() {
            out.push(Violation::new(
                1,
                format!("{} has no room", talk_name(x.talk)),
            ));
            continue;
        }
        match p.run_from(x.start, talk.parts) {
            Some(_) => valid.push(x),
            None => out.push(Violation::new(
                1,
                format!(
                    "{} has {} parts but no {} consecutive slots start at {} (the day ends or a break intervenes)",
                    talk_name(x.talk),
                    talk.parts,
                    talk.parts,
                    slot_name(x.start)
                ),
            )),
        }
    }

    // Rule 2: rooms hold one talk per slot and none when unavailable.
    let mut use_of: BTreeMap<(RoomId, SlotId), Vec<TalkId>> = BTreeMap::new();
    for x in &valid {
        for s in Timetable::occupied(p, x) {
            for &r in &x.rooms {
                use_of.entry((r, s)).or_default().push(x.talk);
                if p.room(r).unavailable.contains(s) {
                    out.push(Violation::new(
                        2,
                        format!(
                            "{} is unavailable at {} but holds {}",
                            room_name(r),
                            slot_name(s),
                            talk_name(x.talk)
                        ),
                    ));
                }
            }
        }
    }
    for ((r, s), talks) in &use_of {
        if talks.len() > 1 {
            let names: Vec<String> = talks
                .iter()
                .map(|&t| format!("`{}`", p.talk(t).id))
                .collect();
            out.push(Violation::new(
                2,
                format!(
                    "{} holds {} talks at {}: {}",
                    room_name(*r),
                    talks.len(),
                    slot_name(*s),
                    names.join(", ")
                ),
            ));
        }
    }

    // Rule 3: speakers in one place, with time to walk.
    for sp in p.speaker_ids() {
        let speaker = p.speaker(sp);
        let mine: Vec<&&Placement> = valid
            .iter()
            .filter(|x| speaker.talks.contains(&x.talk))
            .collect();
        let mut at: BTreeMap<SlotId, Vec<&Placement>> = BTreeMap::new();
        for x in &mine {
            for s in Timetable::occupied(p, x) {
                at.entry(s).or_default().push(x);
            }
        }
        for (s, xs) in &at {
            if xs.len() > 1 {
                let names: Vec<String> = xs
                    .iter()
                    .map(|x| format!("`{}`", p.talk(x.talk).id))
                    .collect();
                out.push(Violation::new(
                    3,
                    format!(
                        "speaker {} is in {} talks at {}: {}",
                        speaker.name,
                        xs.len(),
                        slot_name(*s),
                        names.join(", ")
                    ),
                ));
            }
            if speaker.unavailable.contains(*s) {
                for x in xs {
                    out.push(Violation::new(
                        6,
                        format!(
                            "speaker {} is unavailable at {} but gives {}",
                            speaker.name,
                            slot_name(*s),
                            talk_name(x.talk)
                        ),
                    ));
                }
            }
            let next = SlotId::at(s.index() + 1);
            if p.consecutive(*s)
                && let Some(after) = at.get(&next)
            {
                let change = p.changeover_after(*s).unwrap_or(0);
                for a in xs {
                    for b in after {
                        if a.talk == b.talk {
                            continue;
                        }
                        let walk = p.walk_between(a.rooms[0], b.rooms[0]);
                        if walk > change {
                            out.push(Violation::new(
                                3,
                                format!(
                                    "speaker {} cannot walk from {} ({}) at {} to {} ({}) at {}: {} minutes' walk, {} minutes' changeover",
                                    speaker.name,
                                    talk_name(a.talk),
                                    room_name(a.rooms[0]),
                                    slot_name(*s),
                                    talk_name(b.talk),
                                    room_name(b.rooms[0]),
                                    slot_name(next),
                                    walk,
                                    change
                                ),
                            ));
                        }
                    }
                }
            }
        }
    }

    // Rules 4-6, per talk.
    for x in &valid {
        let talk = p.talk(x.talk);
        let main = x.rooms[0];
        let mut seen = x.rooms.clone();
        seen.sort();
        seen.dedup();
        if seen.len() != x.rooms.len() {
            out.push(Violation::new(
                4,
                format!("{} lists a room twice", talk_name(x.talk)),
            ));
        }
        let seats: u64 = seen.iter().map(|&r| u64::from(p.room(r).capacity)).sum();
        if !talk.overflow && x.rooms.len() > 1 {
            out.push(Violation::new(
                4,
                format!(
                    "{} is in {} rooms but is not an overflow talk",
                    talk_name(x.talk),
                    x.rooms.len()
                ),
            ));
        } else if seats < u64::from(talk.audience) {
            let rooms: Vec<String> = x
                .rooms
                .iter()
                .map(|&r| format!("`{}`", p.room(r).id))
                .collect();
            let (noun, verb) = if rooms.len() == 1 {
                ("room", "seats")
            } else {
                ("rooms", "seat")
            };
            out.push(Violation::new(
                4,
                format!(
                    "{} expects {} people but {noun} {} {verb} {seats}",
                    talk_name(x.talk),
                    talk.audience,
                    rooms.join(" + ")
                ),
            ));
        }
        for f in &talk.needs {
            if !p.room(main).features.contains(f) {
                out.push(Violation::new(
                    5,
                    format!(
                        "{} needs `{}` but {} does not have it",
                        talk_name(x.talk),
                        p.features[f.index()],
                        room_name(main)
                    ),
                ));
            }
        }
        if let Some(s) = talk.fixed_slot
            && s != x.start
        {
            out.push(Violation::new(
                6,
                format!(
                    "{} is fixed to start at {} but starts at {}",
                    talk_name(x.talk),
                    slot_name(s),
                    slot_name(x.start)
                ),
            ));
        }
        if let Some(r) = talk.fixed_room
            && r != main
        {
            out.push(Violation::new(
                6,
                format!(
                    "{} is fixed to {} but is in {}",
                    talk_name(x.talk),
                    room_name(r),
                    room_name(main)
                ),
            ));
        }
        if let Some(only) = &talk.only
            && !only.contains(x.start)
        {
            out.push(Violation::new(
                6,
                format!(
                    "{} may only start at {} but starts at {}",
                    talk_name(x.talk),
                    only.iter().map(slot_name).collect::<Vec<_>>().join(", "),
                    slot_name(x.start)
                ),
            ));
        }
        for s in Timetable::occupied(p, x) {
            if talk.unavailable.contains(s) {
                out.push(Violation::new(
                    6,
                    format!(
                        "{} is unavailable at {} but occupies it",
                        talk_name(x.talk),
                        slot_name(s)
                    ),
                ));
            }
        }
    }

    // Rule 6: sequences.
    let by_talk: BTreeMap<TalkId, &Placement> = valid.iter().map(|x| (x.talk, *x)).collect();
    for seq in &p.sequences {
        for w in seq.talks.windows(2) {
            let (Some(a), Some(b)) = (by_talk.get(&w[0]), by_talk.get(&w[1])) else {
                continue;
            };
            let pa = p.talk(a.talk).parts as usize;
            let last = SlotId::at(a.start.index() + pa - 1);
            let follows = b.start.index() == a.start.index() + pa && p.consecutive(last);
            if !follows {
                out.push(Violation::new(
                    6,
                    format!(
                        "sequence: {} must start right after {} ends at {}, but starts at {}",
                        talk_name(b.talk),
                        talk_name(a.talk),
                        slot_name(last),
                        slot_name(b.start)
                    ),
                ));
            }
            if a.rooms[0] != b.rooms[0] {
                out.push(Violation::new(
                    6,
                    format!(
                        "sequence: {} must be in the same room as {} ({}), but is in {}",
                        talk_name(b.talk),
                        talk_name(a.talk),
                        room_name(a.rooms[0]),
                        room_name(b.rooms[0])
                    ),
                ));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}
