//! A frab/pentabarf/pretalx `schedule.xml` to a [`Draft`] with the
//! timetable it contains; also the conversion shared with the c3voc JSON
//! reader ([`Schedule`] to draft).
//!
//! Tolerant of real exports (FOSDEM's have keys the strict XSD refuses);
//! malformed XML is an input error at its line and column. Each event
//! becomes a talk with id = the event's `id` attribute (else its `guid`),
//! its persons the speakers (by name), its track the track; rooms get the
//! room's `slug` attribute as id (else its name in lower-case ASCII). The
//! slot grid is [`super::grid::from_timetable`]; the event's place is the
//! baseline timetable.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::draft::{Draft, Figure, Placed, Room, Talk};
use super::grid::{self, Timed};
use super::{Format, ImportError, Options};
use crate::problem::{Diagnostic, InputError, Minutes, time::parse_time};

/// An XML element with its span in the file.
#[derive(Clone, Debug, Default)]
pub struct El {
    /// Tag name.
    pub name: String,
    /// Attributes, in order.
    pub attrs: Vec<(String, String)>,
    /// Child elements.
    pub children: Vec<El>,
    /// Text content (entities resolved), trimmed.
    pub text: String,
    /// Byte range of the start tag.
    pub span: Range<usize>,
}

impl El {
    /// An attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    /// The first child called `name`.
    pub fn child(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }
    /// The text of the first child called `name`.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }
    /// Children called `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// Parses XML into elements; malformed XML is an input error with its
/// position.
pub fn parse_xml(path: &str, source: &str) -> Result<El, ImportError> {
    let mut reader = Reader::from_str(source);
    let mut stack: Vec<El> = vec![El::default()];
    let fail = |at: usize, msg: String| {
        ImportError::Input(InputError::at(
            path,
            source,
            vec![Diagnostic::new(at..at + 1, format!("malformed XML: {msg}")).label("here")],
        ))
    };
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                return Err(fail(at, e.to_string()));
            }
        };
        let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match ev {
            Event::Start(e) => {
                let el = element(&e, before..after).map_err(|m| fail(before, m))?;
                stack.push(el);
            }
            Event::Empty(e) => {
                let el = element(&e, before..after).map_err(|m| fail(before, m))?;
                stack.last_mut().expect("root").children.push(el);
            }
            Event::End(_) => {
                let mut el = stack.pop().expect("quick-xml checks end tags");
                el.text = el.text.trim().to_string();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return Err(fail(before, "unexpected end tag".into())),
                }
            }
            Event::Text(t) => stack
                .last_mut()
                .expect("root")
                .text
                .push_str(&t.xml10_content()),
            Event::CData(t) => stack
                .last_mut()
                .expect("root")
                .text
                .push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten()
                } else {
                    match &*r {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    }
                };
                match c {
                    Some(c) => stack.last_mut().expect("root").text.push(c),
                    None => return Err(fail(before, format!("unknown entity `&{};`", &*r))),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() > 1 {
        let open = &stack[stack.len() - 1];
        return Err(fail(
            open.span.start,
            format!("`<{}>` is never closed", open.name),
        ));
    }
    let mut root = stack.pop().expect("root");
    match root.children.len() {
        1 => Ok(root.children.pop().expect("one")),
        0 => Err(fail(0, "no root element".into())),
        _ => Err(fail(
            root.children[1].span.start,
            "more than one root element".into(),
        )),
    }
}

fn element(e: &quick_xml::events::BytesStart<'_>, span: Range<usize>) -> Result<El, String> {
    let name = e.name().as_ref().to_string();
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let key = a.key.as_ref().to_string();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?
            .to_string();
        attrs.push((key, value));
    }
    Ok(El {
        name,
        attrs,
        children: Vec::new(),
        text: String::new(),
        span,
    })
}

/// A published schedule, as both frab XML and c3voc JSON give it.
#[derive(Clone, Debug, Default)]
pub struct Schedule {
    /// Conference title.
    pub title: String,
    /// `time_zone_name`, if given.
    pub timezone: Option<String>,
    /// Rooms by name, in document order, with the slug or guid if given.
    pub rooms: Vec<(String, Option<String>)>,
    /// Events.
    pub events: Vec<Ev>,
}

/// One event of a published schedule.
#[derive(Clone, Debug, Default)]
pub struct Ev {
    /// The stable id (`id`, else `guid`).
    pub id: String,
    /// Title.
    pub title: String,
    /// Local date, `YYYY-MM-DD`.
    pub date: String,
    /// Local start, minutes since midnight.
    pub start: Minutes,
    /// Minutes.
    pub duration: Minutes,
    /// Room name.
    pub room: String,
    /// Track, if any.
    pub track: Option<String>,
    /// Persons: (id, name).
    pub persons: Vec<(String, String)>,
    /// Where it is in the file, for messages (`line 12`, a JSON path).
    pub at: String,
}

/// Local date and start from a frab/c3voc `date` (a date-time with an
/// offset, written in local time) and `start` (`HH:MM`), with the day's
/// date as the fallback.
pub fn when(date: &str, start: &str, day: &str) -> Result<(String, Minutes), String> {
    let date = date.trim();
    if let (Some(d), Some("T"), Some(t)) = (date.get(..10), date.get(10..11), date.get(11..16)) {
        grid::parse_date(d)?;
        let t = parse_time(t)?;
        return Ok((d.to_string(), t));
    }
    let d = date.get(..10).unwrap_or(day);
    grid::parse_date(d)?;
    let start = start.trim();
    let t = parse_time(start.get(..5).unwrap_or(start))?;
    Ok((d.to_string(), t))
}

/// `HH:MM` or `HH:MM:SS` (hours may exceed 23) as minutes.
pub fn duration(text: &str) -> Result<Minutes, String> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    let num = |s: &str| {
        s.parse::<u32>()
            .map_err(|_| format!("`{text}` is not a duration `HH:MM`"))
    };
    match parts.as_slice() {
        [h, m] | [h, m, _] => {
            let (h, m) = (num(h)?, num(m)?);
            if m > 59 || h > 24 * 14 {
                return Err(format!("`{text}` is not a duration `HH:MM`"));
            }
            Ok(h * 60 + m)
        }
        _ => Err(format!("`{text}` is not a duration `HH:MM`")),
    }
}

/// Reads a `schedule.xml`.
pub fn read(opts: &Options, path: &str) -> Result<Draft, ImportError> {
    let source = super::read_source(path)?;
    let root = parse_xml(path, &source)?;
    let at = |span: &Range<usize>| {
        let (line, col) = crate::problem::diagnostic::line_col(&source, span.start);
        format!("{path}:{line}:{col}")
    };
    let mut diags = Vec::new();
    if root.name != "schedule" {
        diags.push(
            Diagnostic::new(
                root.span.clone(),
                format!("the root element is `<{}>`, not `<schedule>`", root.name),
            )
            .hint("a frab schedule.xml starts with `<schedule>`"),
        );
        return Err(ImportError::Input(InputError::at(path, &source, diags)));
    }
    let conf = root.child("conference");
    let mut s = Schedule {
        title: conf
            .and_then(|c| c.child_text("title"))
            .unwrap_or("")
            .to_string(),
        timezone: conf
            .and_then(|c| c.child_text("time_zone_name"))
            .filter(|t| !t.is_empty())
            .map(str::to_string),
        ..Schedule::default()
    };
    let mut room_seen = BTreeSet::new();
    for day in root.all("day") {
        let day_date = day.attr("date").unwrap_or("");
        for room in day.all("room") {
            let Some(name) = room.attr("name").filter(|n| !n.trim().is_empty()) else {
                diags.push(Diagnostic::new(
                    room.span.clone(),
                    "a `<room>` without a `name`",
                ));
                continue;
            };
            if room_seen.insert(name.to_string()) {
                let key = room.attr("slug").map(str::to_string);
                s.rooms.push((name.to_string(), key));
            }
            for e in room.all("event") {
                if let Some(ev) = read_event(e, name, day_date, &at, &mut diags) {
                    s.events.push(ev);
                }
            }
        }
    }
    if !diags.is_empty() {
        return Err(ImportError::Input(InputError::at(path, &source, diags)));
    }
    convert(Format::Frab, path, s, opts)
}

/// An `<event>`, its room, day, locator in; the event out, or `None` with the problem in `diags`.
fn read_event(
    e: &El,
    room: &str,
    day_date: &str,
    at: &impl Fn(&Range<usize>) -> String,
    diags: &mut Vec<Diagnostic>,
) -> Option<Ev> {
    let Some(id) = e
        .attr("id")
        .or(e.attr("guid"))
        .filter(|i| !i.trim().is_empty())
    else {
        diags.push(Diagnostic::new(
            e.span.clone(),
            "an `<event>` without an `id` or `guid`",
        ));
        return None;
    };
    let (date, start) = match when(
        e.child_text("date").unwrap_or(""),
        e.child_text("start").unwrap_or(""),
        day_date,
    ) {
        Ok(w) => w,
        Err(why) => {
            diags.push(Diagnostic::new(
                e.child("date")
                    .or(e.child("start"))
                    .unwrap_or(e)
                    .span
                    .clone(),
                format!("event `{id}`: no usable `<date>`/`<start>`: {why}"),
            ));
            return None;
        }
    };
    let dur = match duration(e.child_text("duration").unwrap_or("")) {
        Ok(d) => d,
        Err(why) => {
            diags.push(Diagnostic::new(
                e.child("duration").unwrap_or(e).span.clone(),
                format!("event `{id}`: {why}"),
            ));
            return None;
        }
    };
    let mut persons = Vec::new();
    for p in e
        .child("persons")
        .into_iter()
        .flat_map(|ps| ps.all("person"))
    {
        let pid = p.attr("id").or(p.attr("guid")).unwrap_or("").to_string();
        persons.push((pid, p.text.clone()));
    }
    Some(Ev {
        id: id.trim().to_string(),
        title: e.child_text("title").unwrap_or("").to_string(),
        date,
        start,
        duration: dur,
        room: room.to_string(),
        track: e
            .child_text("track")
            .filter(|t| !t.is_empty())
            .map(str::to_string),
        persons,
        at: at(&e.span),
    })
}

/// A published schedule as a draft with its timetable.
pub fn convert(
    format: Format,
    path: &str,
    s: Schedule,
    opts: &Options,
) -> Result<Draft, ImportError> {
    let mut d = Draft::new(format, path);
    let mut errors = Vec::new();
    convert_header(&mut d, format, &s, opts, &mut errors);
    check_events(&s, &mut errors);
    let ids_by_name = person_ids(&s, &mut errors);
    let notes_dup = shared_name_notes(&ids_by_name);
    ImportError::unless_none(path, &errors)?;
    let slot = schedule_grid(&mut d, &s, opts)?;
    let room_id = schedule_rooms(&mut d, &s, opts);
    schedule_talks(&mut d, &s, opts, slot, &room_id, &ids_by_name);
    d.notes.extend(notes_dup);
    d.resolve_speaker_overlaps();
    check_rooms(&d)?;
    Ok(d)
}

/// Draft, format, schedule, options in; name and time zone into the draft (bad zone: `errors`).
fn convert_header(
    d: &mut Draft,
    format: Format,
    s: &Schedule,
    opts: &Options,
    errors: &mut Vec<String>,
) {
    d.name = if s.title.trim().is_empty() {
        opts.name
            .clone()
            .unwrap_or_else(|| "Imported conference".to_string())
    } else {
        s.title.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let tz = opts
        .timezone
        .clone()
        .or(s.timezone.clone())
        .unwrap_or_else(|| "UTC".to_string());
    if let Err(e) = grid::time_zone(&tz) {
        errors.push(e);
    }
    d.timezone = tz;
    let (what_title, what_tz) = match format {
        Format::C3vocJson => (
            "`schedule.conference.title`",
            "`schedule.conference.time_zone_name`",
        ),
        _ => ("`<conference><title>`", "`<conference><time_zone_name>`"),
    };
    d.map("[event] name", what_title);
    d.map("[event] timezone", what_tz);
}

/// Schedule in; repeated ids, zero durations and events past midnight into `errors`.
fn check_events(s: &Schedule, errors: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    for e in &s.events {
        if !seen.insert(e.id.clone()) {
            errors.push(format!("{}: event id `{}` appears twice", e.at, e.id));
        }
        if e.duration == 0 {
            errors.push(format!("{}: event `{}` lasts 0 minutes", e.at, e.id));
        }
        if e.start + e.duration > 24 * 60 {
            errors.push(format!(
                "{}: event `{}` runs past midnight ({} {} for {} minutes); a day of a problem ends at 24:00",
                e.at,
                e.id,
                e.date,
                crate::problem::hhmm(e.start),
                e.duration
            ));
        }
    }
}

/// Schedule in; each person name's ids (else the name) out, nameless persons into `errors`.
fn person_ids(s: &Schedule, errors: &mut Vec<String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut names_by_id: BTreeMap<String, String> = BTreeMap::new();
    let mut ids_by_name: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in &s.events {
        for (pid, name) in &e.persons {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if name.is_empty() {
                errors.push(format!(
                    "{}: event `{}` has a person with no name",
                    e.at, e.id
                ));
                continue;
            }
            let key = if pid.is_empty() {
                name.clone()
            } else {
                pid.clone()
            };
            names_by_id.insert(key.clone(), name.clone());
            ids_by_name.entry(name).or_default().insert(key);
        }
    }
    ids_by_name
}

/// Person ids by name in; a note per name several ids share out.
fn shared_name_notes(ids_by_name: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut notes_dup = Vec::new();
    for (name, ids) in ids_by_name {
        if ids.len() > 1 {
            notes_dup.push(format!(
                "{} people are called {name}: their ids are added to the name",
                ids.len()
            ));
        }
    }
    notes_dup
}

/// Ids by name, a person's id and name in; the speaker name (with the id if shared) out.
fn person_name(ids_by_name: &BTreeMap<String, BTreeSet<String>>, pid: &str, name: &str) -> String {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let key = if pid.is_empty() {
        name.clone()
    } else {
        pid.to_string()
    };
    match ids_by_name.get(&name) {
        Some(ids) if ids.len() > 1 => format!("{name} ({key})"),
        _ => name,
    }
}

/// Draft, schedule, options in; the grid into the draft and its slot length out, or an error.
fn schedule_grid(d: &mut Draft, s: &Schedule, opts: &Options) -> Result<Minutes, ImportError> {
    let timed: Vec<Timed> = s
        .events
        .iter()
        .map(|e| Timed {
            date: e.date.clone(),
            start: e.start,
            end: e.start + e.duration,
        })
        .collect();
    if let Some(m) = opts.grid.slot_minutes {
        let bad: Vec<String> = s
            .events
            .iter()
            .filter(|e| m == 0 || e.duration % m != 0)
            .map(|e| format!("`{}` ({} minutes)", e.id, e.duration))
            .collect();
        if !bad.is_empty() {
            return Err(ImportError::Source(format!(
                "{} event{} not a whole number of {m}-minute slots: {}\n  hint: leave out `--slot-minutes` to use the schedule's own grid",
                bad.len(),
                if bad.len() == 1 { " is" } else { "s are" },
                bad.iter().take(20).cloned().collect::<Vec<_>>().join(", ")
            )));
        }
    }
    let (slot, days) = grid::from_timetable(&timed, opts.grid.slot_minutes);
    // Starts off the grid (only with --slot-minutes).
    let off: Vec<String> = s
        .events
        .iter()
        .filter(|e| {
            let first = days
                .iter()
                .find(|x| x.date == e.date)
                .and_then(|x| x.slots.first())
                .copied()
                .unwrap_or(0);
            (e.start - first) % slot != 0
        })
        .map(|e| format!("`{}`", e.id))
        .collect();
    if !off.is_empty() {
        return Err(ImportError::Source(format!(
            "events starting off the {slot}-minute grid: {}\n  hint: leave out `--slot-minutes`",
            off.join(", ")
        )));
    }
    d.slot_minutes = slot;
    d.days = days;
    d.notes.push(format!(
        "slots of {slot} minutes: the greatest common divisor of every duration and start, so no event is moved or rounded; each day runs back to back (no changeover) from its first start to its last end, with no breaks"
    ));
    d.map(
        "[[days]]",
        "the events' dates; slots from each day's first start to its last end",
    );
    Ok(slot)
}

/// Draft, schedule, options in; rooms with unique ids into the draft, the ids by name out.
fn schedule_rooms(d: &mut Draft, s: &Schedule, opts: &Options) -> BTreeMap<String, String> {
    let mut used_ids = BTreeSet::new();
    let mut room_id: BTreeMap<String, String> = BTreeMap::new();
    for (i, (name, key)) in s.rooms.iter().enumerate() {
        let base = key
            .as_deref()
            .map(super::slug)
            .filter(|k| !k.is_empty())
            .or_else(|| Some(super::slug(name)).filter(|k| !k.is_empty()))
            .unwrap_or_else(|| format!("room-{}", i + 1));
        let mut id = base.clone();
        let mut n = 2;
        while !used_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        room_id.insert(name.clone(), id.clone());
        d.rooms.push(Room {
            id,
            name: name.clone(),
            capacity: Figure::todo(
                opts.default_capacity,
                "the schedule has no capacities (--default-capacity)",
            ),
            building: None,
            features: Vec::new(),
            unavailable: Vec::new(),
        });
    }
    d.map(
        "[[rooms]] id",
        "the room's `slug` (else its name), in lower-case ASCII",
    );
    d.map("[[rooms]] name", "the room's `name`");
    room_id
}

/// Draft, schedule, options, slot, room ids, person ids in; the placed talks into the draft.
fn schedule_talks(
    d: &mut Draft,
    s: &Schedule,
    opts: &Options,
    slot: Minutes,
    room_id: &BTreeMap<String, String>,
    ids_by_name: &BTreeMap<String, BTreeSet<String>>,
) {
    for e in &s.events {
        let mut t = Talk::new(
            e.id.clone(),
            e.title.split_whitespace().collect::<Vec<_>>().join(" "),
        );
        t.speakers = Vec::new();
        for (pid, name) in &e.persons {
            let n = person_name(ids_by_name, pid, name);
            if !n.is_empty() && !t.speakers.contains(&n) {
                t.speakers.push(n);
            }
        }
        t.parts = e.duration / slot;
        t.track = e.track.clone();
        let room = &room_id[&e.room];
        let cap = opts.default_capacity;
        let share = cap * AUDIENCE_PERCENT / 100;
        t.audience = Figure::todo(
            share,
            format!("{AUDIENCE_PERCENT}% of the seats of the room the schedule gave it"),
        );
        let day = d
            .days
            .iter()
            .position(|x| x.date == e.date)
            .expect("day of the event");
        t.placed = Some(Placed {
            day,
            start: e.start,
            room: room.clone(),
        });
        d.talks.push(t);
    }
    d.map("[[talks]] id", "the event's `id` (else its `guid`)");
    d.map("[[talks]] title, track", "the event's `title`, `track`");
    d.map("[[talks]] speakers", "the event's persons, by name");
    d.map(
        "[[talks]] parts",
        format!("the event's `duration` / {slot} minutes"),
    );
    d.map(
        "[[talks]] audience",
        format!("nothing: {AUDIENCE_PERCENT}% of the seats of the event's room (TODO)"),
    );
}

/// The share of its room's seats a talk of a published schedule is
/// assumed to fill.
pub const AUDIENCE_PERCENT: u32 = 80;

/// Two events in one room at once cannot be a timetable: an error naming
/// both.
fn check_rooms(d: &Draft) -> Result<(), ImportError> {
    type Busy<'a> = Vec<(Minutes, Minutes, &'a str)>;
    let mut by_room: BTreeMap<(&str, usize), Busy> = BTreeMap::new();
    for t in &d.talks {
        if let Some(x) = &t.placed {
            by_room.entry((x.room.as_str(), x.day)).or_default().push((
                x.start,
                x.start + t.parts * d.slot_minutes,
                t.id.as_str(),
            ));
        }
    }
    let mut clashes = Vec::new();
    for ((room, day), mut evs) in by_room {
        evs.sort();
        for w in evs.windows(2) {
            if w[1].0 < w[0].1 {
                clashes.push(format!(
                    "  `{}` and `{}` overlap in room `{room}` on {}",
                    w[0].2, w[1].2, d.days[day].date
                ));
            }
        }
    }
    if clashes.is_empty() {
        Ok(())
    } else {
        Err(ImportError::Source(format!(
            "{} holds events that share a room at the same time, so it is not a timetable:\n{}",
            d.source,
            clashes.join("\n")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_errors_have_positions() {
        let e = parse_xml("s.xml", "<schedule>\n  <day>\n</schedule>\n")
            .err()
            .unwrap();
        let ImportError::Input(e) = e else {
            panic!("input error")
        };
        let short = e.render(crate::problem::DiagnosticFormat::Short);
        assert!(short.starts_with("s.xml:3:"), "{short}");
    }

    #[test]
    fn entities_and_cdata_are_text() {
        let el = parse_xml("s.xml", "<a>x &amp; &#49;<![CDATA[<b>]]></a>").unwrap();
        assert_eq!(el.text, "x & 1<b>");
    }

    #[test]
    fn dates_durations() {
        assert_eq!(
            when("2026-01-31T09:30:00+01:00", "", "").unwrap(),
            ("2026-01-31".into(), 570)
        );
        assert_eq!(
            when("", "10:05", "2026-02-01").unwrap(),
            ("2026-02-01".into(), 605)
        );
        assert_eq!(duration("01:30").unwrap(), 90);
        assert_eq!(duration("00:25:00").unwrap(), 25);
        assert!(duration("1h").is_err());
    }
}
