//! Sessionize's `view/All` JSON (sessions, speakers, rooms, categories)
//! to a [`Draft`].
//!
//! Service sessions (breaks, registration) are left out. A session's track
//! is its item in the category called "Track" (or "Tracks"; else the only
//! category, if there is one). When every session has a start, an end and
//! a room, the export is a timetable: the grid is derived from it as for
//! frab and the timetable is the baseline. Otherwise the grid comes from
//! `--date`, `--day-start`, `--day-end` and `--slot-minutes` (or the
//! durations), and sessions without times take one slot.

use std::collections::BTreeMap;

use serde_json::Value;

use super::draft::{Draft, Figure, Room, Talk};
use super::frab::{self, Ev, Schedule};
use super::grid::{self, Duration, Window};
use super::{Format, ImportError, Options};
use crate::problem::InputError;

fn s(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(x)) => x.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn list(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// `2024-05-01T09:00:00` (an offset, if any, is ignored: Sessionize
/// writes the event's local time) as a date and minutes.
fn local(text: &str) -> Option<(String, u32)> {
    frab::when(text, "", "").ok().filter(|_| text.len() >= 16)
}

/// Reads a Sessionize `view/All` export.
pub fn read(opts: &Options, path: &str) -> Result<Draft, ImportError> {
    let source = super::read_source(path)?;
    let root: Value =
        serde_json::from_str(&source).map_err(|e| super::json_error(path, &source, &e))?;
    if !root.is_object() || root.get("sessions").is_none() {
        return Err(ImportError::Input(InputError::file(
            path,
            "has no `sessions`: not a Sessionize `view/All` export",
        )));
    }
    let mut errors = Vec::new();
    let speaker = read_speakers(&root, &mut errors);
    let (rooms, room_name) = read_rooms(&root, &mut errors);
    let track_item = track_items(&root);
    let known = Known {
        speaker: &speaker,
        room_name: &room_name,
        track_item: &track_item,
    };
    let (sessions, service) = read_sessions(&root, &known, &mut errors);
    ImportError::unless_none(path, &errors)?;
    let scheduled = !sessions.is_empty()
        && sessions
            .iter()
            .all(|x| x.when.is_some() && x.room.is_some());
    let mut d = if scheduled {
        as_timetable(opts, path, &sessions, &rooms, &room_name)?
    } else {
        unscheduled(
            opts,
            path,
            &sessions
                .iter()
                .map(|x| (x.id.clone(), x.when.clone()))
                .collect::<Vec<_>>(),
            &rooms,
        )?
    };
    if !scheduled {
        for (x, t) in sessions.iter().zip(d.talks.iter_mut()) {
            t.title = x.title.split_whitespace().collect::<Vec<_>>().join(" ");
            t.speakers = x.speakers.clone();
            t.track = x.track.clone();
        }
    }
    finish(&mut d, opts, path, service);
    Ok(d)
}

/// A session that is imported, as read.
struct Sess {
    id: String,
    title: String,
    speakers: Vec<String>,
    track: Option<String>,
    when: Option<When>,
    room: Option<String>,
}

/// What sessions refer to: speakers' names, rooms' names and tracks'
/// names, each by id.
struct Known<'a> {
    speaker: &'a BTreeMap<String, String>,
    room_name: &'a BTreeMap<String, String>,
    track_item: &'a BTreeMap<String, String>,
}

/// The export in; speaker names by id out, nameless speakers into `errors`.
fn read_speakers(root: &Value, errors: &mut Vec<String>) -> BTreeMap<String, String> {
    let mut speaker: BTreeMap<String, String> = BTreeMap::new();
    for sp in list(root.get("speakers")) {
        let id = s(sp.get("id"));
        let full = s(sp.get("fullName"));
        let name = if full.trim().is_empty() {
            format!("{} {}", s(sp.get("firstName")), s(sp.get("lastName")))
        } else {
            full
        };
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            errors.push(format!("speaker `{id}` has no name"));
        }
        speaker.insert(id, name);
    }
    speaker
}

/// A room: its `sort`, `id` and `name`.
type RoomRow = (i64, String, String);

/// The export in; rooms by `sort` then id and room names by id out, a repeated id into `errors`.
fn read_rooms(root: &Value, errors: &mut Vec<String>) -> (Vec<RoomRow>, BTreeMap<String, String>) {
    let mut rooms: Vec<RoomRow> = list(root.get("rooms"))
        .iter()
        .map(|r| {
            (
                r.get("sort").and_then(Value::as_i64).unwrap_or(0),
                s(r.get("id")),
                s(r.get("name")),
            )
        })
        .collect();
    rooms.sort();
    let distinct: std::collections::BTreeSet<&String> = rooms.iter().map(|r| &r.1).collect();
    if distinct.len() != rooms.len() {
        errors.push("two rooms have the same `id`".into());
    }
    let room_name: BTreeMap<String, String> = rooms
        .iter()
        .map(|(_, id, n)| (id.clone(), n.clone()))
        .collect();
    (rooms, room_name)
}

/// The export in; the track category's item names by id out.
fn track_items(root: &Value) -> BTreeMap<String, String> {
    let cats = list(root.get("categories"));
    let track_cat = cats
        .iter()
        .find(|c| {
            matches!(
                s(c.get("title")).trim().to_lowercase().as_str(),
                "track" | "tracks"
            )
        })
        .or(if cats.len() == 1 { cats.first() } else { None });
    track_cat
        .map(|c| {
            list(c.get("items"))
                .iter()
                .map(|i| (s(i.get("id")), s(i.get("name"))))
                .collect()
        })
        .unwrap_or_default()
}

/// The export, known names in; non-service sessions and the service count out, problems: `errors`.
fn read_sessions(root: &Value, known: &Known, errors: &mut Vec<String>) -> (Vec<Sess>, usize) {
    let mut sessions = Vec::new();
    let mut service = 0;
    let mut session_ids = std::collections::BTreeSet::new();
    for x in list(root.get("sessions")) {
        if x.get("isServiceSession").and_then(Value::as_bool) == Some(true) {
            service += 1;
            continue;
        }
        let id = s(x.get("id"));
        if id.is_empty() {
            errors.push("a session has no `id`".into());
            continue;
        }
        if !session_ids.insert(id.clone()) {
            errors.push(format!("session id `{id}` appears twice"));
            continue;
        }
        let speakers = session_speakers(x, &id, known.speaker, errors);
        let track = list(x.get("categoryItems"))
            .iter()
            .find_map(|i| known.track_item.get(&s(Some(i))).cloned())
            .filter(|t| !t.is_empty());
        let when = match (local(&s(x.get("startsAt"))), local(&s(x.get("endsAt")))) {
            (Some((d, a)), Some((d2, b))) if d == d2 && b > a => Some((d, a, b)),
            (Some((d, a)), Some((d2, b))) => {
                errors.push(format!(
                    "session `{id}` ends ({d2} {}) before it starts or on another day ({d} {})",
                    crate::problem::hhmm(b),
                    crate::problem::hhmm(a)
                ));
                None
            }
            _ => None,
        };
        let room = match x.get("roomId") {
            None | Some(Value::Null) => None,
            Some(r) => {
                let rid = s(Some(r));
                if !known.room_name.contains_key(&rid) {
                    errors.push(format!(
                        "session `{id}` is in room `{rid}`, which `rooms` does not define"
                    ));
                }
                Some(rid)
            }
        };
        sessions.push(Sess {
            id,
            title: s(x.get("title")),
            speakers,
            track,
            when,
            room,
        });
    }
    (sessions, service)
}

/// A session JSON, its id, speaker names in; its speakers' names out, unknown ones into `errors`.
fn session_speakers(
    x: &Value,
    id: &str,
    speaker: &BTreeMap<String, String>,
    errors: &mut Vec<String>,
) -> Vec<String> {
    let mut speakers = Vec::new();
    for sp in list(x.get("speakers")) {
        // Either an id or an object with one.
        let sid = if sp.is_object() {
            s(sp.get("id"))
        } else {
            s(Some(sp))
        };
        match speaker.get(&sid) {
            Some(n) if !n.is_empty() => {
                if !speakers.contains(n) {
                    speakers.push(n.clone());
                }
            }
            Some(_) => {}
            None => errors.push(format!(
                "session `{id}` names speaker `{sid}`, who is not among the speakers"
            )),
        }
    }
    speakers
}

/// Options, path, timed sessions and rooms in; the draft with its timetable (as for frab) out.
fn as_timetable(
    opts: &Options,
    path: &str,
    sessions: &[Sess],
    rooms: &[(i64, String, String)],
    room_name: &BTreeMap<String, String>,
) -> Result<Draft, ImportError> {
    let sch = Schedule {
        title: opts.name.clone().unwrap_or_default(),
        timezone: None,
        rooms: rooms
            .iter()
            .map(|(_, id, n)| (n.clone(), Some(format!("room-{id}"))))
            .collect(),
        events: sessions
            .iter()
            .map(|x| {
                let (date, a, b) = x.when.clone().expect("scheduled");
                Ev {
                    id: x.id.clone(),
                    title: x.title.clone(),
                    date,
                    start: a,
                    duration: b - a,
                    room: room_name[x.room.as_ref().expect("scheduled")].clone(),
                    track: x.track.clone(),
                    persons: x.speakers.iter().map(|n| (n.clone(), n.clone())).collect(),
                    at: format!("{path}: session `{}`", x.id),
                }
            })
            .collect(),
    };
    let mut d = frab::convert(Format::Sessionize, path, sch, opts)?;
    d.mapping
        .retain(|(f, _)| f.starts_with("[event]") || f.starts_with("[[days]]"));
    d.notes.push("every session has a time and a room: the export is a timetable, written with `--baseline-out`".into());
    Ok(d)
}

/// Draft, options, path and service count in; event name, field mapping and notes into the draft.
fn finish(d: &mut Draft, opts: &Options, path: &str, service: usize) {
    d.name = opts.name.clone().unwrap_or_else(|| {
        std::path::Path::new(path)
            .file_stem()
            .map_or("Sessionize event".to_string(), |s| {
                s.to_string_lossy().to_string()
            })
    });
    d.map(
        "[event] name",
        "`--name` (Sessionize's export has no event name; else the file's name)",
    );
    d.map(
        "[[rooms]] id, name",
        "\"room-\" + the room's `id`, its `name`",
    );
    d.map("[[talks]] id, title", "the session's `id`, `title`");
    d.map("[[talks]] speakers", "the session's speakers' `fullName`");
    d.map(
        "[[talks]] track",
        "the session's item in the category \"Track\"",
    );
    d.map(
        "[[talks]] parts",
        "the session's `endsAt` - `startsAt`, in slots",
    );
    if service > 0 {
        d.notes.push(format!(
            "{service} service sessions (breaks and the like) are left out"
        ));
    }
}

/// A session's date, start and end minutes.
type When = (String, u32, u32);

fn unscheduled(
    opts: &Options,
    path: &str,
    sessions: &[(String, Option<When>)],
    rooms: &[(i64, String, String)],
) -> Result<Draft, ImportError> {
    let mut d = Draft::new(Format::Sessionize, path);
    d.timezone = opts.timezone.clone().unwrap_or_else(|| "UTC".to_string());
    grid::time_zone(&d.timezone).map_err(ImportError::Usage)?;
    let timed: Vec<Duration> = sessions
        .iter()
        .filter_map(|(id, w)| w.as_ref().map(|(_, a, b)| Duration { id, minutes: b - a }))
        .collect();
    if timed.is_empty() && opts.grid.slot_minutes.is_none() {
        return Err(ImportError::Source(format!(
            "{path}: no session has a start and an end, so their lengths are unknown\n  hint: give the slot length with `--slot-minutes` (each session then takes one slot)"
        )));
    }
    let (slot, parts, notes) = grid::slot_length(&timed, &opts.grid)?;
    d.slot_minutes = slot;
    d.notes.extend(notes);
    let mut dates = grid::flag_dates(&opts.grid.dates)?;
    dates.extend(
        sessions
            .iter()
            .filter_map(|(_, w)| w.as_ref().map(|(d, _, _)| d.clone())),
    );
    dates.sort();
    dates.dedup();
    if dates.is_empty() {
        return Err(ImportError::Source(format!(
            "{path}: the sessions have no dates\n  hint: give the event's days with `--date YYYY-MM-DD` (once per day)"
        )));
    }
    let w = Window::from_flags(&opts.grid, (grid::DEFAULT_DAY_START, grid::DEFAULT_DAY_END))?;
    for date in &dates {
        d.days.push(w.day(date, slot));
    }
    d.notes.push(format!(
        "not every session has a time and a room: slots of {slot} minutes from --day-start to --day-end ({}-{})",
        crate::problem::hhmm(w.start),
        crate::problem::hhmm(w.end)
    ));
    for (_, id, name) in rooms {
        d.rooms.push(Room {
            id: format!("room-{id}"),
            name: name.clone(),
            capacity: Figure::todo(
                opts.default_capacity,
                "Sessionize has no capacities (--default-capacity)",
            ),
            building: None,
            features: Vec::new(),
            unavailable: Vec::new(),
        });
    }
    let mut k = 0;
    for (id, w) in sessions {
        let mut t = Talk::new(id.clone(), id.clone());
        if w.is_some() {
            t.parts = parts[k];
            k += 1;
        } else {
            t.notes
                .push("no time in Sessionize: one slot (TODO)".into());
        }
        t.audience = Figure::todo(
            opts.default_audience,
            "Sessionize has no audience figure (--default-audience)",
        );
        d.talks.push(t);
    }
    Ok(d)
}
