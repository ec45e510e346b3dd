//! `--format frab-json`: the frab/pretalx `schedule.json`
//! (`schedule.conference.days[].rooms{name: [events]}`), valid against the
//! c3voc JSON schema (shared/formats/c3voc-schedule.schema.json).
//!
//! The same content as `frab-xml`: every day lists every room (file order);
//! a talk is an event in its main room; ids, GUIDs and slugs as there.
//! Persons are pretalx-style (`name`, `guid`). `url` is required by the
//! schema but there is no web page, so it is the `urn:uuid:` of the GUID.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::problem::Problem;
use crate::timetable::{Placement, Timetable};

use super::frab;

#[derive(Serialize)]
struct Root<'a> {
    #[serde(rename = "$schema")]
    schema: &'a str,
    generator: Generator<'a>,
    schedule: Schedule<'a>,
}

#[derive(Serialize)]
struct Generator<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Schedule<'a> {
    version: &'a str,
    conference: Conference<'a>,
}

#[derive(Serialize)]
struct Conference<'a> {
    acronym: String,
    title: &'a str,
    start: String,
    end: String,
    #[serde(rename = "daysCount")]
    days_count: usize,
    timeslot_duration: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_zone_name: Option<&'a str>,
    rooms: Vec<Room<'a>>,
    tracks: Vec<Track<'a>>,
    days: Vec<Day<'a>>,
}

#[derive(Serialize)]
struct Room<'a> {
    name: String,
    guid: String,
    capacity: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
}

#[derive(Serialize)]
struct Track<'a> {
    name: &'a str,
    color: &'a str,
}

#[derive(Serialize)]
struct Day<'a> {
    index: usize,
    date: String,
    day_start: String,
    day_end: String,
    rooms: Rooms<'a>,
}

/// Rooms in file order (a JSON object whose key order is kept).
struct Rooms<'a>(Vec<(String, Vec<Event<'a>>)>);

impl Serialize for Rooms<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct Event<'a> {
    id: usize,
    guid: String,
    date: String,
    start: String,
    duration: String,
    room: String,
    slug: String,
    url: String,
    title: &'a str,
    subtitle: &'a str,
    track: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'a str,
    language: Option<&'a str>,
    #[serde(rename = "abstract")]
    abstract_: &'a str,
    description: String,
    persons: Vec<Person<'a>>,
    links: Vec<()>,
    attachments: Vec<()>,
}

#[derive(Serialize)]
struct Person<'a> {
    name: &'a str,
    guid: String,
}

/// Talk `x` as an event in the room called `room`.
fn event<'a>(p: &'a Problem, acronym: &str, room: &str, x: &Placement) -> Event<'a> {
    let talk = p.talk(x.talk);
    let (date, start, duration) = frab::when(p, x);
    let guid = super::talk_guid(p, x.talk).to_string();
    Event {
        id: frab::event_id(x.talk),
        url: format!("urn:uuid:{guid}"),
        guid,
        date,
        start,
        duration,
        room: room.to_string(),
        slug: frab::slug(p, acronym, x.talk),
        title: &talk.title,
        subtitle: "",
        track: talk.track.map(|t| p.tracks[t.index()].as_str()),
        kind: frab::kind(p, x.talk),
        language: p.language.as_deref(),
        abstract_: "",
        description: frab::streamed_note(p, x),
        persons: talk
            .speakers
            .iter()
            .map(|&sp| Person {
                name: &p.speaker(sp).name,
                guid: super::person_guid(p, sp).to_string(),
            })
            .collect(),
        links: Vec::new(),
        attachments: Vec::new(),
    }
}

/// Day `d`: its bounds and every room's events.
fn day<'a>(p: &'a Problem, tt: &Timetable, acronym: &str, d: usize) -> Day<'a> {
    let (start, end) = frab::day_bounds(p, d);
    let rooms = p
        .room_ids()
        .map(|r| {
            let name = super::room_label(p, r);
            let events = frab::in_room(p, tt, d, r)
                .into_iter()
                .map(|x| event(p, acronym, &name, x))
                .collect();
            (name, events)
        })
        .collect();
    Day {
        index: d + 1,
        date: p.days[d].date.to_string(),
        day_start: super::iso_offset(&start),
        day_end: super::iso_offset(&end),
        rooms: Rooms(rooms),
    }
}

/// The schedule JSON, pretty, with a trailing newline.
pub fn render(p: &Problem, tt: &Timetable, version: &str) -> String {
    let acronym = frab::acronym(p);
    let days = (0..p.days.len()).map(|d| day(p, tt, &acronym, d)).collect();
    let root = Root {
        schema: "https://c3voc.de/schedule/schema.json",
        generator: Generator { name: "confsched" },
        schedule: Schedule {
            version,
            conference: Conference {
                acronym,
                title: &p.name,
                start: p.days[0].date.to_string(),
                end: p.days[p.days.len() - 1].date.to_string(),
                days_count: p.days.len(),
                timeslot_duration: super::duration_hhmm(i64::from(p.slot_minutes)),
                time_zone_name: frab::schema_time_zone(&p.timezone_name)
                    .then_some(p.timezone_name.as_str()),
                rooms: p
                    .room_ids()
                    .map(|r| Room {
                        name: super::room_label(p, r),
                        guid: super::room_guid(p, r).to_string(),
                        capacity: p.room(r).capacity,
                        description: None,
                    })
                    .collect(),
                tracks: p
                    .tracks
                    .iter()
                    .enumerate()
                    .map(|(i, t)| Track {
                        name: t,
                        color: super::track_colour(i),
                    })
                    .collect(),
                days,
            },
        },
    };
    let mut text = serde_json::to_string_pretty(&root).expect("plain data always serialises");
    text.push('\n');
    text
}
