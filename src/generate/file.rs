//! The problem file as plain data, for writing: every key of the format,
//! serialised to TOML by serde.
//!
//! In: values filled in by a generator (or an importer). Out: TOML text
//! (through the `toml` crate) that `problem::parse` reads back to the same
//! problem. Optional keys left empty are not written. When the format gains
//! a key, it gains a field here the same day, so the generators can write
//! it.

use serde::Serialize;

/// A whole problem file.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ProblemFile {
    /// `[event]`.
    pub event: Event,
    /// `[[days]]`.
    pub days: Vec<Day>,
    /// `[[rooms]]`.
    pub rooms: Vec<Room>,
    /// `[[walks]]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub walks: Vec<Walk>,
    /// `[[talks]]`.
    pub talks: Vec<Talk>,
    /// `[[speakers]]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<Speaker>,
    /// `[[sequences]]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<Sequence>,
    /// `[[tracks]]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tracks: Vec<Track>,
    /// `[[conflicts]]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// `[objective]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<Objective>,
    /// `[interest]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interest: Option<Interest>,
    /// `[[attendees]]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<Attendee>,
}

/// `[interest]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Interest {
    /// `file`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// `turnout`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub turnout: Option<f64>,
}

/// `[[attendees]]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Attendee {
    /// `id`.
    pub id: String,
    /// `wants` (talk ids).
    pub wants: Vec<String>,
}

/// `[event]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Event {
    /// `name`.
    pub name: String,
    /// `timezone` (IANA).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// `slot_minutes`.
    pub slot_minutes: u32,
    /// `language` (BCP 47).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// `[[days]]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Day {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM` each.
    pub slots: Vec<String>,
    /// Breaks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<Break>,
}

/// A break of a day.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Break {
    /// `name`.
    pub name: String,
    /// `start` (`HH:MM`).
    pub start: String,
    /// `end` (`HH:MM`).
    pub end: String,
}

/// `[[rooms]]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Room {
    /// `id`.
    pub id: String,
    /// `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `building`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub building: Option<String>,
    /// `capacity`.
    pub capacity: u32,
    /// `features`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
    /// `unavailable` (slot references).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unavailable: Vec<String>,
}

/// `[[walks]]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Walk {
    /// `between`: two buildings.
    pub between: [String; 2],
    /// `minutes`.
    pub minutes: u32,
}

/// `fixed = { slot, room }`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Fixed {
    /// `slot`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slot: Option<String>,
    /// `room`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
}

/// `[[talks]]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Talk {
    /// `id`.
    pub id: String,
    /// `title`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `speakers`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<String>,
    /// `audience` (left out: derived from the attendees' interest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<u32>,
    /// `parts` (1 is not written).
    #[serde(skip_serializing_if = "is_one")]
    pub parts: u32,
    /// `track`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub track: Option<String>,
    /// `needs`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<String>,
    /// `overflow` (false is not written).
    #[serde(skip_serializing_if = "is_false")]
    pub overflow: bool,
    /// `fixed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed: Option<Fixed>,
    /// `only` (slot references).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only: Option<Vec<String>>,
    /// `unavailable` (slot references).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unavailable: Vec<String>,
    /// `after` (talk ids).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<String>,
    /// `plenary` (false is not written).
    #[serde(skip_serializing_if = "is_false")]
    pub plenary: bool,
    /// `prefer` (slot references).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prefer: Vec<String>,
    /// `avoid` (slot references).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub avoid: Vec<String>,
}

/// `[[speakers]]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Speaker {
    /// `name`.
    pub name: String,
    /// `unavailable` (slot references).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unavailable: Vec<String>,
    /// `prefer` (slot references).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prefer: Vec<String>,
    /// `avoid` (slot references).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub avoid: Vec<String>,
}

/// `[[tracks]]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Track {
    /// `id`.
    pub id: String,
    /// `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `rooms` (soft).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rooms: Vec<String>,
    /// `only_rooms` (hard).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only_rooms: Option<Vec<String>>,
    /// `prefer` (slot references).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prefer: Vec<String>,
    /// `avoid` (slot references).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub avoid: Vec<String>,
    /// `order` (talk ids).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<String>,
}

/// `[[conflicts]]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Conflict {
    /// `talks`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub talks: Vec<String>,
    /// `tracks`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tracks: Vec<String>,
    /// `hard` (false is not written).
    #[serde(skip_serializing_if = "is_false")]
    pub hard: bool,
    /// `weight`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<u64>,
}

/// `[[sequences]]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Sequence {
    /// `talks`.
    pub talks: Vec<String>,
}

/// `[objective]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Objective {
    /// `empty_seats`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub empty_seats: Option<u64>,
    /// `track_clash`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub track_clash: Option<u64>,
    /// `track_rooms`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub track_rooms: Option<u64>,
    /// `track_gaps`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub track_gaps: Option<u64>,
    /// `preferences`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferences: Option<u64>,
    /// `conflicts`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflicts: Option<u64>,
    /// `attendee_missed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attendee_missed: Option<u64>,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's signature
fn is_one(n: &u32) -> bool {
    *n == 1
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's signature
fn is_false(b: &bool) -> bool {
    !*b
}

impl ProblemFile {
    /// The TOML text, after a comment header (each line prefixed `# `).
    pub fn to_toml(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str(if line.is_empty() { "#" } else { "# " });
            out.push_str(line);
            out.push('\n');
        }
        if !header.is_empty() {
            out.push('\n');
        }
        // Plain data with string keys: serialising cannot fail.
        out.push_str(&toml::to_string(self).unwrap_or_default());
        out
    }
}
