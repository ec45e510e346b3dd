//! The shape every importer fills in: a conference in plain strings and
//! minutes, with a note for each value the source did not give.
//!
//! In: what one of the format readers found. Out: a [`Draft`], which
//! `writer::finish` turns into the problem file (parsed and checked by
//! [`crate::problem::parse`]) and, when every talk has a place in the
//! source, that timetable as JSON, scored and verified.

use std::collections::{BTreeMap, BTreeSet};

use crate::problem::{Minutes, Problem, hhmm};
use crate::timetable::{self, Placement, Status, Timetable};

use super::{Format, ImportError};

/// A number with where it came from; `todo` when it is a default the
/// organiser should replace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// The value written.
    pub value: u32,
    /// A comment after the value (how it was derived), if any.
    pub note: Option<String>,
    /// Whether the comment is a `# TODO`.
    pub todo: bool,
}

impl Figure {
    /// A value from the source itself: no comment.
    pub fn given(value: u32) -> Self {
        Figure {
            value,
            note: None,
            todo: false,
        }
    }
    /// A value derived by a documented rule.
    pub fn derived(value: u32, note: impl Into<String>) -> Self {
        Figure {
            value,
            note: Some(note.into()),
            todo: false,
        }
    }
    /// A default standing in for data the source does not have.
    pub fn todo(value: u32, note: impl Into<String>) -> Self {
        Figure {
            value,
            note: Some(note.into()),
            todo: true,
        }
    }
}

/// A day: its date, slot starts and breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Day {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Slot starts, minutes since midnight, increasing.
    pub slots: Vec<Minutes>,
    /// Breaks: name, start, end.
    pub breaks: Vec<(String, Minutes, Minutes)>,
}

/// A room.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Room {
    /// Stable id, from the source's own id.
    pub id: String,
    /// Name shown to people.
    pub name: String,
    /// Seats.
    pub capacity: Figure,
    /// Building, if the source says.
    pub building: Option<String>,
    /// Features.
    pub features: Vec<String>,
    /// Slot references (`YYYY-MM-DD HH:MM` or a bare date).
    pub unavailable: Vec<String>,
}

/// Where the source put a talk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    /// Index into [`Draft::days`].
    pub day: usize,
    /// Start, minutes since midnight.
    pub start: Minutes,
    /// Room id.
    pub room: String,
}

/// A talk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Talk {
    /// Stable id, from the source's own id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Speaker names.
    pub speakers: Vec<String>,
    /// Expected audience.
    pub audience: Figure,
    /// Consecutive slots.
    pub parts: u32,
    /// Track.
    pub track: Option<String>,
    /// Room features needed.
    pub needs: Vec<String>,
    /// Fixed start slot reference.
    pub fixed_slot: Option<String>,
    /// Fixed room id.
    pub fixed_room: Option<String>,
    /// Slot references the talk may not occupy.
    pub unavailable: Vec<String>,
    /// Comment lines written above the talk.
    pub notes: Vec<String>,
    /// Where the source's own timetable has it.
    pub placed: Option<Placed>,
}

impl Talk {
    /// A talk with an id, a title and defaults for the rest.
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Self {
        Talk {
            id: id.into(),
            title: title.into(),
            speakers: Vec::new(),
            audience: Figure::given(0),
            parts: 1,
            track: None,
            needs: Vec::new(),
            fixed_slot: None,
            fixed_room: None,
            unavailable: Vec::new(),
            notes: Vec::new(),
            placed: None,
        }
    }
}

/// A speaker with limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Speaker {
    /// The name as in the talks.
    pub name: String,
    /// Slot references.
    pub unavailable: Vec<String>,
}

/// A conference read from a source, before it is written.
#[derive(Clone, Debug)]
pub struct Draft {
    /// The format read.
    pub format: Format,
    /// Where the data came from (a path or URL), for the header.
    pub source: String,
    /// Event name.
    pub name: String,
    /// IANA time zone.
    pub timezone: String,
    /// Slot length.
    pub slot_minutes: Minutes,
    /// Days in date order.
    pub days: Vec<Day>,
    /// Rooms.
    pub rooms: Vec<Room>,
    /// Talks.
    pub talks: Vec<Talk>,
    /// Speakers with limits.
    pub speakers: Vec<Speaker>,
    /// `(field, where it came from)` lines of the header.
    pub mapping: Vec<(String, String)>,
    /// Choices and changes the import made, for the header.
    pub notes: Vec<String>,
}

impl Draft {
    /// An empty draft for `format` read from `source`.
    pub fn new(format: Format, source: impl Into<String>) -> Self {
        Draft {
            format,
            source: source.into(),
            name: String::new(),
            timezone: "UTC".to_string(),
            slot_minutes: 0,
            days: Vec::new(),
            rooms: Vec::new(),
            talks: Vec::new(),
            speakers: Vec::new(),
            mapping: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Makes every text a problem file accepts: control characters become
    /// spaces, runs of spaces one, no spaces around; a name left empty
    /// falls back to its id (titles, rooms), a generic name (event,
    /// breaks), or goes (speakers, tracks, buildings, features).
    pub(super) fn tidy(&mut self) {
        let text = |s: &str| -> String {
            let plain: String = s
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            plain.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let some = |s: &Option<String>| s.as_deref().map(text).filter(|t| !t.is_empty());
        let all = |v: &[String]| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for t in v.iter().map(|s| text(s)).filter(|t| !t.is_empty()) {
                if !out.contains(&t) {
                    out.push(t);
                }
            }
            out
        };
        self.name = Some(text(&self.name))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "Imported event".to_string());
        for day in &mut self.days {
            for b in &mut day.breaks {
                b.0 = Some(text(&b.0))
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| "Break".to_string());
            }
        }
        // Ids: without control characters, never empty, each once (a
        // room's new id follows it into every reference).
        let mut renamed: BTreeMap<String, String> = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for (i, r) in self.rooms.iter_mut().enumerate() {
            let id = unique_id(&text(&r.id), &format!("room-{}", i + 1), &mut seen);
            renamed.insert(r.id.clone(), id.clone());
            r.id = id;
        }
        let mut seen = BTreeSet::new();
        for (i, t) in self.talks.iter_mut().enumerate() {
            t.id = unique_id(&text(&t.id), &format!("talk-{}", i + 1), &mut seen);
            for room in t
                .fixed_room
                .iter_mut()
                .chain(t.placed.as_mut().map(|x| &mut x.room))
            {
                if let Some(new) = renamed.get(room) {
                    room.clone_from(new);
                }
            }
        }
        for r in &mut self.rooms {
            r.name = Some(text(&r.name))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| r.id.clone());
            r.building = some(&r.building);
            r.features = all(&r.features);
        }
        for t in &mut self.talks {
            t.title = Some(text(&t.title))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| t.id.clone());
            t.speakers = all(&t.speakers);
            t.track = some(&t.track);
            t.needs = all(&t.needs);
        }
        self.speakers.retain_mut(|s| {
            s.name = text(&s.name);
            !s.name.is_empty()
        });
    }

    /// Adds a header line saying where a field came from.
    pub fn map(&mut self, field: &str, from: impl Into<String>) {
        self.mapping.push((field.to_string(), from.into()));
    }

    /// `YYYY-MM-DD HH:MM` of day `d` at `m`.
    pub fn slot_ref(&self, d: usize, m: Minutes) -> String {
        format!("{} {}", self.days[d].date, hhmm(m))
    }

    /// What is missing for a problem: no days, rooms or talks.
    pub(super) fn missing(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.days.iter().all(|d| d.slots.is_empty()) {
            out.push("no slots: the source gives no days or times (give `--date`, `--day-start` and `--day-end`)".to_string());
        }
        if self.rooms.is_empty() {
            out.push("no rooms".to_string());
        }
        if self.talks.is_empty() {
            out.push("no talks to schedule".to_string());
        }
        out
    }

    /// The source's own timetable, verified.
    pub(super) fn baseline(&self, p: &Problem) -> Result<String, ImportError> {
        let mut placements = Vec::new();
        for (i, t) in self.talks.iter().enumerate() {
            let x = t.placed.as_ref().expect("all placed");
            let slot = p.find_slot_on(x.day, &hhmm(x.start));
            let room = p.room_ids().find(|&r| p.room(r).id == x.room);
            match (slot, room) {
                (Some(s), Some(r)) => placements.push(Placement {
                    talk: crate::problem::TalkId::at(i),
                    start: s,
                    rooms: vec![r],
                }),
                _ => {
                    return Err(ImportError::Internal(format!(
                        "talk `{}` is placed outside the grid (a bug in `confsched import`)",
                        t.id
                    )));
                }
            }
        }
        let violations = timetable::verify(p, &placements);
        if !violations.is_empty() {
            let list: Vec<String> = violations
                .iter()
                .map(|v| format!("  {}", crate::report::sentence(p, v)))
                .collect();
            return Err(ImportError::Source(format!(
                "the timetable in {} breaks {} rule{} of the problem:\n{}",
                self.source,
                violations.len(),
                if violations.len() == 1 { "" } else { "s" },
                list.join("\n")
            )));
        }
        let tt = Timetable::new(p, Status::Feasible, placements);
        Ok(timetable::json::write(p, &tt))
    }

    /// For a source with a timetable: a speaker in two talks at once is
    /// dropped from the longer one (the later id on a tie), so the
    /// published program is a valid timetable; each change is noted.
    pub fn resolve_speaker_overlaps(&mut self) {
        let slot = self.slot_minutes;
        let span = |t: &Talk| {
            t.placed
                .as_ref()
                .map(|x| (x.day, x.start, x.start + t.parts * slot))
        };
        let mut by_speaker: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, t) in self.talks.iter().enumerate() {
            for s in &t.speakers {
                by_speaker.entry(s.clone()).or_default().push(i);
            }
        }
        let mut drops: BTreeSet<(usize, String, usize)> = BTreeSet::new();
        for (name, talks) in &by_speaker {
            for (k, &a) in talks.iter().enumerate() {
                for &b in &talks[k + 1..] {
                    let (Some((da, sa, ea)), Some((db, sb, eb))) =
                        (span(&self.talks[a]), span(&self.talks[b]))
                    else {
                        continue;
                    };
                    if da == db && sa < eb && sb < ea {
                        let key = |i: usize| (self.talks[i].parts, self.talks[i].id.clone());
                        let (longer, other) = if key(a) > key(b) { (a, b) } else { (b, a) };
                        drops.insert((longer, name.clone(), other));
                    }
                }
            }
        }
        for (longer, name, other) in drops {
            if !self.talks[longer].speakers.contains(&name) {
                continue;
            }
            let note = format!(
                "{name} dropped from `{}` (kept in `{}`): the source has them in both at once",
                self.talks[longer].id, self.talks[other].id
            );
            let t = &mut self.talks[longer];
            t.speakers.retain(|s| s != &name);
            t.notes.push(note.clone());
            self.notes.push(note);
        }
        let kept: BTreeSet<&str> = self
            .talks
            .iter()
            .flat_map(|t| t.speakers.iter().map(String::as_str))
            .collect();
        self.speakers.retain(|s| kept.contains(s.name.as_str()));
    }
}

/// `id`, or `fallback` when it is empty; with `-2`, `-3`, ... when taken.
fn unique_id(id: &str, fallback: &str, seen: &mut BTreeSet<String>) -> String {
    let base = if id.is_empty() { fallback } else { id };
    let mut out = base.to_string();
    let mut n = 1;
    while !seen.insert(out.clone()) {
        n += 1;
        out = format!("{base}-{n}");
    }
    out
}
