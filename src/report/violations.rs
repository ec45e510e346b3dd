//! Violations as sentences in the input's words.
//!
//! In: a problem and the [`Violation`]s `verify` (or the timetable reader)
//! found. Out: one sentence each, sorted by rule and then by text.

use crate::problem::{Problem, RoomId, SlotId, TalkId, hhmm};
use crate::timetable::Violation;

fn talk(p: &Problem, t: TalkId) -> String {
    format!("talk `{}`", p.talk(t).id)
}

fn room(p: &Problem, r: RoomId) -> String {
    format!("room `{}`", p.room(r).id)
}

fn slot(p: &Problem, s: SlotId) -> String {
    p.slot_label(s)
}

fn ids(p: &Problem, talks: &[TalkId]) -> String {
    talks
        .iter()
        .map(|&t| format!("`{}`", p.talk(t).id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sentences, sorted by rule, then text.
pub fn violations(p: &Problem, vs: &[Violation]) -> Vec<String> {
    let mut lines: Vec<(u8, String)> = vs
        .iter()
        .map(|v| (v.rule().number(), sentence(p, v)))
        .collect();
    lines.sort();
    lines.dedup();
    lines.into_iter().map(|(_, s)| s).collect()
}

/// One violation as a sentence. Every variant is listed here, so a new
/// one cannot go without its sentence.
pub fn sentence(p: &Problem, v: &Violation) -> String {
    use Violation::*;
    let text = match v {
        Claim { .. }
        | UnknownTalk { .. }
        | UnknownSlot { .. }
        | UnknownRoom { .. }
        | WrongSlots { .. }
        | Incomplete { .. } => reading(p, v),
        NotPlaced { .. }
        | PlacedTwice { .. }
        | NoRoom { .. }
        | NoRun { .. }
        | RoomUnavailable { .. }
        | RoomDoubleBooked { .. }
        | SpeakerDoubleBooked { .. }
        | CannotWalk { .. }
        | SpeakerUnavailable { .. } => placing(p, v),
        RoomListedTwice { .. }
        | NotOverflow { .. }
        | TooFewSeats { .. }
        | MissingFeature { .. } => seating(p, v),
        FixedSlot { .. }
        | FixedRoom { .. }
        | NotInOnly { .. }
        | TalkUnavailable { .. }
        | SequenceNotNext { .. }
        | SequenceOtherRoom { .. }
        | NotAfter { .. }
        | PlenaryShared { .. }
        | ConflictShared { .. }
        | OutsideTrackRooms { .. } => restricting(p, v),
    };
    text.unwrap_or_default()
}

/// What the timetable file itself gets wrong.
fn reading(p: &Problem, v: &Violation) -> Option<String> {
    use Violation::*;
    Some(match v {
        Claim {
            field,
            claimed,
            real,
        } => format!("the file says `{field}` is {claimed} but the timetable's is {real}"),
        UnknownTalk { assignment, name } => {
            format!("assignment {assignment} names talk `{name}`, which the problem does not have")
        }
        UnknownSlot { talk: t, slot: s } => format!(
            "{} starts at `{s}`, which is not a slot of the problem",
            talk(p, *t)
        ),
        UnknownRoom { talk: t, room: r } => format!(
            "{} is in room `{r}`, which the problem does not have",
            talk(p, *t)
        ),
        WrongSlots {
            talk: t,
            listed,
            expected,
        } => {
            if expected.is_empty() {
                format!(
                    "{} has {} parts but lists {} slots",
                    talk(p, *t),
                    p.talk(*t).parts,
                    listed.len()
                )
            } else {
                let expected: Vec<String> = expected.iter().map(|&s| p.slot_ref(s)).collect();
                format!(
                    "{} lists slots {} but must occupy consecutive slots {}",
                    talk(p, *t),
                    listed.join(", "),
                    expected.join(", ")
                )
            }
        }
        Incomplete { talk: t, what } => format!("{} has {what}", talk(p, *t)),
        _ => return None,
    })
}

/// Rules 1-3: placed once, rooms and speakers one place at a time.
fn placing(p: &Problem, v: &Violation) -> Option<String> {
    use Violation::*;
    Some(match v {
        NotPlaced { talk: t } => format!("{} is not in the timetable", talk(p, *t)),
        PlacedTwice { talk: t, times } => format!("{} is given {times} times", talk(p, *t)),
        NoRoom { talk: t } => format!("{} has no room", talk(p, *t)),
        NoRun { talk: t, start } => {
            let parts = p.talk(*t).parts;
            format!(
                "{} has {parts} parts but no {parts} consecutive slots start at {} (the day ends \
                 or a break intervenes)",
                talk(p, *t),
                slot(p, *start)
            )
        }
        RoomUnavailable {
            room: r,
            slot: s,
            talk: t,
        } => format!(
            "{} is unavailable at {} but holds {}",
            room(p, *r),
            slot(p, *s),
            talk(p, *t)
        ),
        RoomDoubleBooked {
            room: r,
            slot: s,
            talks,
        } => format!(
            "{} holds {} talks at {}: {}",
            room(p, *r),
            talks.len(),
            slot(p, *s),
            ids(p, talks)
        ),
        SpeakerDoubleBooked {
            speaker,
            slot: s,
            talks,
        } => format!(
            "speaker {} is in {} talks at {}: {}",
            p.speaker(*speaker).name,
            talks.len(),
            slot(p, *s),
            ids(p, talks)
        ),
        CannotWalk {
            speaker,
            from,
            to,
            walk,
            changeover,
        } => format!(
            "speaker {} cannot walk from {} ({}) at {} to {} ({}) at {}: {walk} minutes' walk, \
             {changeover} minutes' changeover",
            p.speaker(*speaker).name,
            talk(p, from.0),
            room(p, from.1),
            slot(p, from.2),
            talk(p, to.0),
            room(p, to.1),
            slot(p, to.2),
        ),
        SpeakerUnavailable {
            speaker,
            slot: s,
            talk: t,
        } => format!(
            "speaker {} is unavailable at {} but gives {}",
            p.speaker(*speaker).name,
            slot(p, *s),
            talk(p, *t)
        ),
        _ => return None,
    })
}

/// Rules 4-5: seats, overflow rooms, features.
fn seating(p: &Problem, v: &Violation) -> Option<String> {
    use Violation::*;
    Some(match v {
        RoomListedTwice { talk: t } => format!("{} lists a room twice", talk(p, *t)),
        NotOverflow { talk: t, rooms } => format!(
            "{} is in {rooms} rooms but is not an overflow talk",
            talk(p, *t)
        ),
        TooFewSeats {
            talk: t,
            rooms,
            seats,
        } => {
            let names: Vec<String> = rooms
                .iter()
                .map(|&r| format!("`{}`", p.room(r).id))
                .collect();
            let (noun, verb) = if names.len() == 1 {
                ("room", "seats")
            } else {
                ("rooms", "seat")
            };
            format!(
                "{} expects {} people but {noun} {} {verb} {seats}",
                talk(p, *t),
                p.talk(*t).audience,
                names.join(" + ")
            )
        }
        MissingFeature {
            talk: t,
            feature,
            room: r,
        } => format!(
            "{} needs `{}` but {} does not have it",
            talk(p, *t),
            p.features[feature.index()],
            room(p, *r)
        ),
        _ => return None,
    })
}

/// Rule 6: fixed, only, unavailability, sequences.
fn restricting(p: &Problem, v: &Violation) -> Option<String> {
    use Violation::*;
    Some(match v {
        FixedSlot {
            talk: t,
            fixed,
            start,
        } => format!(
            "{} is fixed to start at {} but starts at {}",
            talk(p, *t),
            slot(p, *fixed),
            slot(p, *start)
        ),
        FixedRoom {
            talk: t,
            fixed,
            room: r,
        } => format!(
            "{} is fixed to {} but is in {}",
            talk(p, *t),
            room(p, *fixed),
            room(p, *r)
        ),
        NotInOnly { talk: t, start } => {
            let only: Vec<String> = p
                .talk(*t)
                .only
                .iter()
                .flat_map(|o| o.iter())
                .map(|s| slot(p, s))
                .collect();
            format!(
                "{} may only start at {} but starts at {}",
                talk(p, *t),
                only.join(", "),
                slot(p, *start)
            )
        }
        TalkUnavailable { talk: t, slot: s } => format!(
            "{} is unavailable at {} but occupies it",
            talk(p, *t),
            slot(p, *s)
        ),
        _ => return restricting_order(p, v),
    })
}

/// Problem, violation in; the sentence for sequence/after/plenary/conflict/track room, else `None`.
fn restricting_order(p: &Problem, v: &Violation) -> Option<String> {
    use Violation::*;
    Some(match v {
        SequenceNotNext {
            first,
            second,
            first_last,
            second_start,
        } => {
            let day = p.days[p.slot(*first_last).day.index()].date;
            format!(
                "sequence: {} must start right after {} ends at {day} {}, but starts at {}",
                talk(p, *second),
                talk(p, *first),
                hhmm(p.slot_end(*first_last)),
                slot(p, *second_start)
            )
        }
        NotAfter {
            first,
            second,
            first_last,
            second_start,
        } => {
            let day = p.days[p.slot(*first_last).day.index()].date;
            format!(
                "{} must start after {} ends at {day} {}, but starts at {}",
                talk(p, *second),
                talk(p, *first),
                hhmm(p.slot_end(*first_last)),
                slot(p, *second_start)
            )
        }
        PlenaryShared {
            plenary,
            other,
            slot: s,
        } => format!(
            "{} is a plenary, but {} also takes place at {}",
            talk(p, *plenary),
            talk(p, *other),
            slot(p, *s)
        ),
        ConflictShared {
            group,
            slot: s,
            talks,
        } => format!(
            "{} may never run together (the conflict group at line {}), but run together at {}",
            ids(p, talks),
            p.source.line_col(p.conflicts[*group].span.start).0,
            slot(p, *s)
        ),
        OutsideTrackRooms { talk: t, room: r } => {
            let track = p
                .talk(*t)
                .track
                .map_or("", |k| p.tracks[k.index()].as_str());
            format!(
                "{} is in {}, but track `{track}` may only use {}",
                talk(p, *t),
                room(p, *r),
                p.talk(*t)
                    .track
                    .and_then(|k| p.track_rules[k.index()].only_rooms.as_ref())
                    .map(|rs| rs
                        .iter()
                        .map(|&x| format!("`{}`", p.room(x).id))
                        .collect::<Vec<_>>()
                        .join(", "))
                    .unwrap_or_default()
            )
        }
        SequenceOtherRoom {
            first,
            second,
            first_room,
            second_room,
        } => format!(
            "sequence: {} must be in the same room as {} ({}), but is in {}",
            talk(p, *second),
            talk(p, *first),
            room(p, *first_room),
            room(p, *second_room)
        ),
        _ => return None,
    })
}
