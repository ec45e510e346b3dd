//! A timetable file read without its problem, for comparing two of them:
//! each assignment's talk, title, speakers, day, start, end and rooms as
//! written.
//!
//! In: a timetable file's path and JSON text. Out: its [`Entry`]s in file
//! order, or an input error at the position where the file stops being a
//! timetable (an assignment without `talk`, `day`, `start` or a room).

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::problem::json::{error_offset, plain_message, start_of};
use crate::problem::{Diagnostic, InputError};

/// One assignment, as written.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// The talk id.
    pub talk: String,
    /// The title (the id when the file has none).
    pub title: String,
    /// The speakers.
    pub speakers: Vec<String>,
    /// `YYYY-MM-DD`.
    pub day: String,
    /// `HH:MM`.
    pub start: String,
    /// `HH:MM`, or "" when the file has none.
    pub end: String,
    /// Room ids, main room first.
    pub rooms: Vec<String>,
}

impl Entry {
    /// Where and when, for comparing: day, start, end, main room, and the
    /// extra rooms in any order.
    pub fn place(&self) -> (&str, &str, &str, Option<&String>, Vec<&String>) {
        let mut extras: Vec<&String> = self.rooms.iter().skip(1).collect();
        extras.sort();
        (
            &self.day,
            &self.start,
            &self.end,
            self.rooms.first(),
            extras,
        )
    }
}

#[derive(Deserialize)]
struct InFile<'a> {
    #[serde(borrow)]
    assignments: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct InEntry {
    talk: String,
    title: Option<String>,
    #[serde(default)]
    speakers: Vec<String>,
    day: String,
    start: String,
    end: Option<String>,
    room: Option<String>,
    rooms: Option<Vec<String>>,
}

const NAMES: &[(&str, &str)] = &[
    ("struct InFile", "a timetable object"),
    ("struct InEntry", "an assignment object"),
];

/// The assignments of the timetable file at `path`.
pub fn read(path: &str, text: &str) -> Result<Vec<Entry>, InputError> {
    let error = |message: String, offset: usize| {
        InputError::at(
            path,
            text,
            vec![
                Diagnostic::new(offset..offset, format!("not a timetable file: {message}"))
                    .hint("a timetable is the JSON that `confsched solve --format json` writes"),
            ],
        )
    };
    let file: InFile = serde_json::from_str(text)
        .map_err(|e| error(plain_message(&e, NAMES), error_offset(text, &e)))?;
    let mut out = Vec::new();
    for a in &file.assignments {
        let at = start_of(text, a.get());
        let e: InEntry = serde_json::from_str(a.get())
            .map_err(|e| error(plain_message(&e, NAMES), at + error_offset(a.get(), &e)))?;
        let rooms = match (e.rooms, e.room) {
            (Some(rs), _) if !rs.is_empty() => rs,
            (_, Some(r)) => vec![r],
            _ => return Err(error(format!("talk `{}` has no `room`", e.talk), at)),
        };
        out.push(Entry {
            title: e.title.unwrap_or_else(|| e.talk.clone()),
            talk: e.talk,
            speakers: e.speakers,
            day: e.day,
            start: e.start,
            end: e.end.unwrap_or_default(),
            rooms,
        });
    }
    Ok(out)
}
