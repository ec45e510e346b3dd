//! Cheap proofs that no timetable exists, found without solving.
//!
//! In: a problem and its domains. Out: a sorted list of [`Reason`]s, each a
//! structured fact naming talks, speakers, rooms and slots by id; the
//! `report` module writes them as sentences.

use crate::problem::{Problem, RoomId, SlotId, SpeakerId, TalkId};

use super::Domain;

/// Why no timetable can exist, as facts about the input.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// No room has the features and seats the talk needs (or its fixed
    /// room does not).
    NoRoom {
        /// The talk.
        talk: TalkId,
    },
    /// No start slot is left by the talk's own rules (parts, breaks,
    /// `only`, `fixed`, unavailability of the talk, its speakers, its
    /// rooms, its sequence).
    NoStart {
        /// The talk.
        talk: TalkId,
    },
    /// A speaker has more talk-parts than slots they can attend.
    SpeakerOverloaded {
        /// The speaker.
        speaker: SpeakerId,
        /// Talk-parts they give.
        parts: u32,
        /// Slots they are available in.
        slots: u32,
    },
    /// Two fixed talks want the same room in the same slot.
    FixedCollision {
        /// First talk (file order).
        a: TalkId,
        /// Second talk.
        b: TalkId,
        /// The room.
        room: RoomId,
        /// The slot.
        slot: SlotId,
    },
    /// The solver proved that these rules cannot all hold together (found
    /// by deletion filtering over groups of constraints).
    Conflict {
        /// The rule groups involved, sorted.
        groups: Vec<crate::explain::Group>,
        /// False when the time budget ran out before the set was irreducible.
        minimal: bool,
    },
}

/// All cheap proofs, sorted and without duplicates.
pub fn find_reasons(p: &Problem, doms: &[Domain]) -> Vec<Reason> {
    let mut out = Vec::new();
    for t in p.talk_ids() {
        let d = &doms[t.index()];
        if d.rooms.is_empty() {
            out.push(Reason::NoRoom { talk: t });
        } else if d.starts.is_empty() {
            out.push(Reason::NoStart { talk: t });
        }
    }
    for sp in p.speaker_ids() {
        let speaker = p.speaker(sp);
        let parts: u32 = speaker.talks.iter().map(|&t| p.talk(t).parts).sum();
        let slots = p
            .slot_ids()
            .filter(|&s| !speaker.unavailable.contains(s))
            .count() as u32;
        if parts > slots {
            out.push(Reason::SpeakerOverloaded {
                speaker: sp,
                parts,
                slots,
            });
        }
    }
    let fixed: Vec<TalkId> = p
        .talk_ids()
        .filter(|&t| p.talk(t).fixed_slot.is_some() && p.talk(t).fixed_room.is_some())
        .collect();
    for (i, &a) in fixed.iter().enumerate() {
        for &b in &fixed[i + 1..] {
            let (ta, tb) = (p.talk(a), p.talk(b));
            if ta.fixed_room != tb.fixed_room {
                continue;
            }
            let (Some(ra), Some(rb)) = (
                ta.fixed_slot.and_then(|s| p.run_from(s, ta.parts)),
                tb.fixed_slot.and_then(|s| p.run_from(s, tb.parts)),
            ) else {
                continue;
            };
            if let Some(&slot) = ra.iter().find(|s| rb.contains(s)) {
                out.push(Reason::FixedCollision {
                    a,
                    b,
                    room: ta.fixed_room.expect("filtered on fixed_room"),
                    slot,
                });
            }
        }
    }
    out.sort();
    out.dedup();
    out
}
