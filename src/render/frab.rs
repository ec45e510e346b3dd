//! What the two frab/pretalx schedule formats share: the event's acronym,
//! each talk's numeric id, slug, type, and the days' bounds.
//!
//! Constraints from the c3voc XSD and JSON schema (shared/formats): the
//! acronym is `[a-z0-9_]{4,}` (the JSON schema allows no `-` after the
//! first character), a slug is `acronym-N-talk_id` in `[a-z0-9_-]` ending
//! in a letter or digit, and event ids are positive integers, unique.

use jiff::ZonedDateTime;

use crate::problem::{Problem, TalkId, hhmm};
use crate::timetable::{Placement, Timetable};

/// The schedule version written in both formats when none is given.
pub const VERSION: &str = "1.0";

/// The schedule version: `--version`, else [`VERSION`].
pub fn version(opts: &super::Options) -> &str {
    opts.version.as_deref().unwrap_or(VERSION)
}

/// Lower-case ASCII letters and digits of `text`, every other run of
/// characters as one `_`, no `_` at either end.
fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// The event's acronym: its name slugified, at least four characters
/// ("2nd DLCAT (...)" gives `2nd_dlcat`; a name with no ASCII letters or
/// digits gives `confsched`).
pub fn acronym(p: &Problem) -> String {
    let slug = slugify(&p.name);
    match slug.len() {
        0 => "confsched".to_string(),
        1..=3 => format!("{slug}_conf"),
        _ => slug,
    }
}

/// A talk's numeric id: its position in the problem file, from 1.
pub fn event_id(t: TalkId) -> usize {
    t.index() + 1
}

/// A talk's slug: `acronym-N-talk_id` (`acronym-N-talk` when the id has no
/// ASCII letters or digits).
pub fn slug(p: &Problem, acronym: &str, t: TalkId) -> String {
    let id = slugify(&p.talk(t).id);
    let id = if id.is_empty() {
        "talk".to_string()
    } else {
        id
    };
    format!("{acronym}-{}-{id}", event_id(t))
}

/// "workshop" for a talk of several parts, else "talk".
pub fn kind(p: &Problem, t: TalkId) -> &'static str {
    if p.talk(t).parts > 1 {
        "workshop"
    } else {
        "talk"
    }
}

/// When day `d` starts and ends: its first slot or break, to the last
/// real end of a slot (see [`super::slot_end_zoned`]) or a break.
pub fn day_bounds(p: &Problem, d: usize) -> (ZonedDateTime, ZonedDateTime) {
    let day = &p.days[d];
    let starts = day
        .slots()
        .map(|s| super::slot_start(p, s))
        .chain(day.breaks.iter().map(|b| super::zoned(p, d, b.start)));
    let ends = day
        .slots()
        .map(|s| super::slot_end_zoned(p, s))
        .chain(day.breaks.iter().map(|b| super::zoned(p, d, b.end)));
    (
        starts
            .min_by_key(ZonedDateTime::timestamp)
            .expect("a day has a slot"),
        ends.max_by_key(ZonedDateTime::timestamp)
            .expect("a day has a slot"),
    )
}

/// A talk's `date` (its start, ISO 8601 with the offset), `start`
/// (`HH:MM`) and `duration` (`HH:MM`, from its real start and end).
pub fn when(p: &Problem, x: &Placement) -> (String, String, String) {
    let (start, end) = super::talk_times(p, x);
    (
        super::iso_offset(&start),
        hhmm(p.slot(x.start).start),
        super::duration_hhmm(super::minutes_between(&start, &end)),
    )
}

/// The placements of day `d` whose main room is `r`, by start.
pub fn in_room<'a>(
    p: &Problem,
    tt: &'a Timetable,
    d: usize,
    r: crate::problem::RoomId,
) -> Vec<&'a Placement> {
    let mut xs: Vec<&Placement> = tt
        .placements
        .iter()
        .filter(|x| x.rooms[0] == r && p.slot(x.start).day.index() == d)
        .collect();
    xs.sort_by_key(|x| (x.start, x.talk));
    xs
}

/// The abstract/description text: the rooms an overflow talk is streamed
/// to, or nothing.
pub fn streamed_note(p: &Problem, x: &Placement) -> String {
    if x.rooms.len() > 1 {
        let extra: Vec<&str> = x.rooms[1..]
            .iter()
            .map(|&r| p.room(r).name.as_str())
            .collect();
        format!("Also streamed to: {}", extra.join(", "))
    } else {
        String::new()
    }
}

/// Whether the c3voc JSON schema accepts `tz` as `time_zone_name`
/// (`^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$`, searched).
pub fn schema_time_zone(tz: &str) -> bool {
    let word = |s: &str| {
        let mut cs = s.chars();
        cs.next().is_some_and(|c| c.is_ascii_uppercase())
            && cs.next().is_some_and(|c| c.is_ascii_lowercase())
    };
    tz.ends_with("UTC")
        || tz.split_once('/').is_some_and(|(a, b)| {
            word(b)
                && a.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && a.chars().skip(1).all(|c| c.is_ascii_lowercase())
                && a.len() > 1
        })
}
