//! A c3voc/frab/pretalx `schedule.json`
//! (`schedule.conference.days[].rooms{name: [events]}`) to a [`Draft`]
//! with its timetable, through the same conversion as frab XML.

use serde_json::Value;

use super::frab::{self, Ev, Schedule};
use super::{Draft, Format, ImportError, Options};
use crate::problem::InputError;

fn s(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(x)) => x.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// Reads a `schedule.json`.
pub fn read(opts: &Options, path: &str) -> Result<Draft, ImportError> {
    let source = super::read_source(path)?;
    let root: Value =
        serde_json::from_str(&source).map_err(|e| super::json_error(path, &source, &e))?;
    let shape = |m: String| ImportError::Input(InputError::file(path, m));
    let conf = root
        .get("schedule")
        .and_then(|x| x.get("conference"))
        .ok_or_else(|| shape("has no `schedule.conference`: not a c3voc schedule.json".into()))?;
    let mut sch = Schedule {
        title: s(conf.get("title")),
        timezone: conf
            .get("time_zone_name")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .map(str::to_string),
        ..Schedule::default()
    };
    for r in conf
        .get("rooms")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = s(r.get("name"));
        if !name.is_empty() && !sch.rooms.iter().any(|(n, _)| *n == name) {
            let key = r.get("slug").and_then(Value::as_str).map(str::to_string);
            sch.rooms.push((name, key));
        }
    }
    let days = conf
        .get("days")
        .and_then(Value::as_array)
        .ok_or_else(|| shape("has no `schedule.conference.days` list".into()))?;
    let mut errors = Vec::new();
    for (di, day) in days.iter().enumerate() {
        let day_date = s(day.get("date"));
        let Some(rooms) = day.get("rooms").and_then(Value::as_object) else {
            errors.push(format!("`days[{di}].rooms` is not an object of rooms"));
            continue;
        };
        for (room, evs) in rooms {
            if !sch.rooms.iter().any(|(n, _)| n == room) {
                sch.rooms.push((room.clone(), None));
            }
            let Some(evs) = evs.as_array() else {
                errors.push(format!(
                    "`days[{di}].rooms[{room:?}]` is not a list of events"
                ));
                continue;
            };
            for (ei, e) in evs.iter().enumerate() {
                let at = format!("{path}: days[{di}].rooms[{room:?}][{ei}]");
                if let Some(ev) = read_event(e, at, room, &day_date, &mut errors) {
                    sch.events.push(ev);
                }
            }
        }
    }
    ImportError::unless_none(path, &errors)?;
    frab::convert(Format::C3vocJson, path, sch, opts)
}

/// An event JSON, its place, room, day in; the event out, or `None` with the problem in `errors`.
fn read_event(
    e: &Value,
    at: String,
    room: &str,
    day_date: &str,
    errors: &mut Vec<String>,
) -> Option<Ev> {
    let id = Some(s(e.get("id")))
        .filter(|x| !x.is_empty())
        .or_else(|| Some(s(e.get("guid"))).filter(|x| !x.is_empty()));
    let Some(id) = id else {
        errors.push(format!("{at}: an event without an `id` or `guid`"));
        return None;
    };
    let (date, start) = match frab::when(&s(e.get("date")), &s(e.get("start")), day_date) {
        Ok(w) => w,
        Err(why) => {
            errors.push(format!(
                "{at}: event `{id}`: no usable `date`/`start`: {why}"
            ));
            return None;
        }
    };
    let duration = match frab::duration(&s(e.get("duration"))) {
        Ok(d) => d,
        Err(why) => {
            errors.push(format!("{at}: event `{id}`: {why}"));
            return None;
        }
    };
    Some(Ev {
        id,
        title: s(e.get("title")),
        date,
        start,
        duration,
        room: room.to_string(),
        track: Some(s(e.get("track"))).filter(|t| !t.is_empty()),
        persons: persons(e),
        at,
    })
}

/// An event JSON in; its persons as (code/id/guid, public name/name/full public name) out.
fn persons(e: &Value) -> Vec<(String, String)> {
    e.get("persons")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| {
            let pid = Some(s(p.get("code")))
                .filter(|x| !x.is_empty())
                .or_else(|| Some(s(p.get("id"))).filter(|x| !x.is_empty()))
                .or_else(|| Some(s(p.get("guid"))).filter(|x| !x.is_empty()))
                .unwrap_or_default();
            let name = Some(s(p.get("public_name")))
                .filter(|x| !x.trim().is_empty())
                .or_else(|| Some(s(p.get("name"))).filter(|x| !x.trim().is_empty()))
                .or_else(|| Some(s(p.get("full_public_name"))))
                .unwrap_or_default();
            (pid, name)
        })
        .collect()
}
