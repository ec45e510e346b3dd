//! The finished plant as files.
//!
//! In: a [`Plant`], the parameters and the weights. Out: the problem as a
//! [`ProblemFile`] (turned into TOML by serde), and the planted timetable
//! as the timetable JSON: the TOML is parsed back with `problem::parse`,
//! the plant becomes `timetable::Placement`s, `timetable::verify` must find
//! nothing wrong, and `timetable::json::write` writes it, so its figures
//! are exactly what `timetable::score` says.

use std::collections::BTreeMap;

use crate::problem::check::Favourites;
use crate::problem::{RoomId, SlotId, TalkId, Weights, parse_with};
use crate::timetable::{Placement, Status, Timetable, json, verify};

use super::GenParams;
use super::file::{
    Conflict, Event, Fixed, Interest, Objective, ProblemFile, Room, Sequence, Speaker, Talk, Track,
    Walk,
};
use super::layout::SLOT_MINUTES;
use super::plant::{Fix, Plant};

const BUILDINGS: [&str; 6] = [
    "Main Hall",
    "North Wing",
    "Annex",
    "Library",
    "Tower",
    "Forum",
];

/// An id: `prefix` and `i + 1` zero-padded to the width of `n` (at least
/// `w`), so sorting by id keeps the generated order.
fn id(prefix: &str, i: usize, n: usize, w: usize) -> String {
    format!("{prefix}{:0w$}", i + 1, w = n.to_string().len().max(w))
}

fn building(b: usize) -> String {
    BUILDINGS
        .get(b)
        .map_or_else(|| format!("Building {}", b + 1), |s| (*s).to_string())
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_string()).collect()
}

impl Plant {
    fn room_id(&self, r: usize) -> String {
        id("R", r, self.rooms.len(), 2)
    }
    pub(super) fn talk_id(&self, t: usize) -> String {
        id("T", t, self.talks.len(), 4)
    }
    fn track_id(k: usize) -> String {
        format!("Track {}", k + 1)
    }
    fn speaker_name(&self, s: usize) -> String {
        id("Speaker ", s, self.speakers.len(), 3)
    }

    fn file_rooms(&self) -> Vec<Room> {
        let lay = &self.lay;
        self.rooms
            .iter()
            .enumerate()
            .map(|(r, room)| Room {
                id: self.room_id(r),
                name: Some(format!("Room {}", &self.room_id(r)[1..])),
                building: room.building.map(building),
                capacity: room.cap,
                features: strings(&room.features),
                unavailable: lay.references(&room.closed),
            })
            .collect()
    }

    fn file_talk(&self, t: usize) -> Talk {
        let (lay, talk) = (&self.lay, &self.talks[t]);
        let fixed = talk.fixed.map(|fix| Fixed {
            slot: (fix != Fix::Room).then(|| lay.sref(talk.start)),
            room: (fix != Fix::Slot).then(|| self.room_id(talk.room)),
        });
        Talk {
            id: self.talk_id(t),
            title: Some(talk.title.clone()),
            speakers: talk
                .speakers
                .iter()
                .map(|&s| self.speaker_name(s))
                .collect(),
            audience: Some(talk.audience),
            parts: u32::try_from(talk.parts).unwrap_or(1),
            track: talk.track.map(Plant::track_id),
            needs: strings(&talk.needs),
            overflow: talk.overflow(),
            fixed,
            only: (!talk.only.is_empty()).then(|| lay.references(&talk.only)),
            unavailable: lay.references(&talk.unavailable),
            after: talk.after.iter().map(|&a| self.talk_id(a)).collect(),
            plenary: talk.plenary,
            prefer: lay.references(&talk.prefer),
            avoid: lay.references(&talk.avoid),
        }
    }

    /// The `[[tracks]]` of the tracks some talk is in.
    fn file_tracks(&self) -> Vec<Track> {
        let rooms = |v: &[usize]| v.iter().map(|&r| self.room_id(r)).collect::<Vec<_>>();
        (0..self.tracks.len())
            .filter(|&k| self.tracks[k].used)
            .map(|k| {
                let plan = &self.tracks[k];
                Track {
                    id: Plant::track_id(k),
                    name: Some(format!(
                        "{} (track {})",
                        TRACK_NAMES[k % TRACK_NAMES.len()],
                        k + 1
                    )),
                    rooms: rooms(&plan.rooms),
                    only_rooms: plan.only_rooms.as_deref().map(rooms),
                    prefer: self.lay.references(&plan.prefer),
                    avoid: self.lay.references(&plan.avoid),
                    order: plan.order.iter().map(|&t| self.talk_id(t)).collect(),
                }
            })
            .collect()
    }

    /// `[[speakers]]`: each speaker with unavailability or wishes, once.
    fn file_speakers(&self) -> Vec<Speaker> {
        let mut out: BTreeMap<usize, Speaker> = BTreeMap::new();
        let blank = |s: usize| Speaker {
            name: self.speaker_name(s),
            ..Speaker::default()
        };
        for (s, refs) in &self.speaker_unavailable {
            out.entry(*s).or_insert_with(|| blank(*s)).unavailable = self.lay.references(refs);
        }
        for (s, prefer, avoid) in &self.speaker_wishes {
            let e = out.entry(*s).or_insert_with(|| blank(*s));
            e.prefer = self.lay.references(prefer);
            e.avoid = self.lay.references(avoid);
        }
        out.into_values().collect()
    }

    fn file_conflicts(&self) -> Vec<Conflict> {
        self.conflicts
            .iter()
            .map(|c| Conflict {
                talks: c.talks.iter().map(|&t| self.talk_id(t)).collect(),
                tracks: c.tracks.iter().map(|&k| Plant::track_id(k)).collect(),
                hard: c.hard,
                weight: (!c.hard).then_some(c.weight),
            })
            .collect()
    }
}

/// Names of tracks, in turn.
const TRACK_NAMES: [&str; 8] = [
    "Machine Learning",
    "Systems",
    "Languages",
    "Data",
    "Security",
    "Web",
    "Community",
    "Hardware",
];

/// The problem file of a finished plant.
pub(super) fn problem_file(plant: &Plant, p: &GenParams, weights: (u64, u64)) -> ProblemFile {
    let nb = plant.walk.len();
    let walks = (0..nb)
        .flat_map(|a| (a + 1..nb).map(move |b| (a, b)))
        .map(|(a, b)| Walk {
            between: [building(a), building(b)],
            minutes: plant.walk[a][b],
        })
        .collect();
    ProblemFile {
        event: Event {
            name: format!("Generated Conference {}", p.seed),
            timezone: Some("Europe/Berlin".into()),
            slot_minutes: SLOT_MINUTES,
            language: Some("en".into()),
        },
        days: plant.lay.file_days(),
        rooms: plant.file_rooms(),
        walks,
        talks: (0..plant.talks.len()).map(|t| plant.file_talk(t)).collect(),
        speakers: plant.file_speakers(),
        sequences: plant
            .sequences
            .iter()
            .map(|seq| Sequence {
                talks: seq.iter().map(|&t| plant.talk_id(t)).collect(),
            })
            .collect(),
        tracks: plant.file_tracks(),
        conflicts: plant.file_conflicts(),
        objective: Some(Objective {
            empty_seats: Some(weights.0),
            track_clash: Some(weights.1),
            track_rooms: Some(Weights::DEFAULT_TRACK_ROOMS),
            track_gaps: Some(Weights::DEFAULT_TRACK_GAPS),
            preferences: Some(Weights::DEFAULT_PREFERENCES),
            conflicts: Some(Weights::DEFAULT_CONFLICTS),
            attendee_missed: (p.attendees > 0).then_some(Weights::DEFAULT_ATTENDEE_MISSED),
        }),
        interest: (p.attendees > 0).then(|| Interest {
            file: Some(p.favourites_file.clone()),
            turnout: None,
        }),
        attendees: Vec::new(),
    }
}

/// The planted timetable of `toml` (the plant's problem file) as JSON, once
/// `verify` has found nothing wrong with it.
pub(super) fn planted_json(
    plant: &Plant,
    toml: &str,
    p: &GenParams,
    favourites: Option<&str>,
) -> Result<String, String> {
    let bug = |what: String| format!("{what} (a bug in confsched::generate)");
    let read = |_: &str| {
        favourites.map(|text| Favourites {
            path: p.favourites_file.clone(),
            text: Ok(text.to_string()),
        })
    };
    let problem = parse_with("generated.toml", toml, &read)
        .map_err(|e| bug(format!("the generated problem does not parse: {e}")))?;
    let placements: Vec<Placement> = plant
        .talks
        .iter()
        .enumerate()
        .map(|(t, talk)| Placement {
            talk: TalkId::at(t),
            start: SlotId::at(talk.start),
            rooms: std::iter::once(talk.room)
                .chain(talk.extra.iter().copied())
                .map(RoomId::at)
                .collect(),
        })
        .collect();
    let broken = verify(&problem, &placements);
    if !broken.is_empty() {
        return Err(bug(format!(
            "the planted timetable breaks rules: {broken:?}"
        )));
    }
    let tt = Timetable::new(&problem, Status::Feasible, placements);
    Ok(json::write(&problem, &tt))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_in_generated_order() {
        assert_eq!(id("T", 0, 12, 4), "T0001");
        assert_eq!(id("R", 9, 10, 2), "R10");
        assert_eq!(id("Speaker ", 1233, 12345, 3), "Speaker 01234");
        assert_eq!(building(1), "North Wing");
        assert_eq!(building(7), "Building 8");
    }
}
