//! pretalx API responses (saved in a folder, or fetched by
//! [`super::pretalx`]) to a [`Draft`].
//!
//! Reads both shapes the API has had: the one of pretalx 2023.1 and
//! before (speakers embedded in submissions, names of tracks and types as
//! strings) and the current one (speaker codes or, with `expand`, speaker
//! objects; tracks and types as ids or expanded objects; multilingual
//! names as `{"en": ...}`). A folder holds `event.json`,
//! `submissions.json`, `speakers.json`, `rooms.json` and, for
//! `--audience reviews:F`, `reviews.json`; each is a list, one page
//! (`{"results": [...]}`), and may be continued in `NAME-2.json`,
//! `NAME-3.json`, ...

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::draft::{Draft, Figure, Speaker, Talk};
use super::grid::{self, Duration, Range, Window};
use super::{AudienceSource, Format, ImportError, Options};
use crate::problem::{InputError, Minutes, hhmm};

/// The submission states that are imported.
pub const STATES: [&str; 2] = ["accepted", "confirmed"];

/// The API's answers for one event.
#[derive(Clone, Debug, Default)]
pub struct Responses {
    /// `GET /api/events/{event}/`.
    pub event: Value,
    /// Every submission (any state; filtered here).
    pub submissions: Vec<Value>,
    /// Every speaker.
    pub speakers: Vec<Value>,
    /// Every room.
    pub rooms: Vec<Value>,
    /// Reviews, when an audience comes from them.
    pub reviews: Option<Vec<Value>>,
}

/// The endpoints, as file names.
pub const FILES: [&str; 5] = ["event", "submissions", "speakers", "rooms", "reviews"];

/// Reads a saved folder.
pub fn read_folder(opts: &Options, dir: &str) -> Result<Draft, ImportError> {
    let path = std::path::Path::new(dir);
    if !path.is_dir() {
        return Err(ImportError::Input(InputError::file(
            dir,
            "is not a folder of saved pretalx API responses (event.json, submissions.json, speakers.json, rooms.json)",
        )));
    }
    let file = |name: &str| {
        path.join(format!("{name}.json"))
            .to_string_lossy()
            .to_string()
    };
    let event_path = file("event");
    let event_text = super::read_source(&event_path)?;
    let event: Value = serde_json::from_str(&event_text)
        .map_err(|e| super::json_error(&event_path, &event_text, &e))?;
    let mut r = Responses {
        event,
        ..Responses::default()
    };
    r.submissions = read_list(path, "submissions", true)?;
    r.speakers = read_list(path, "speakers", true)?;
    r.rooms = read_list(path, "rooms", true)?;
    if matches!(opts.audience, AudienceSource::Reviews(_)) {
        r.reviews = Some(read_list(path, "reviews", true)?);
    }
    convert(
        &r,
        opts,
        &format!("the saved pretalx API responses in {dir}"),
    )
}

/// `NAME.json` and its continuations `NAME-2.json`, ...: every result.
fn read_list(dir: &std::path::Path, name: &str, required: bool) -> Result<Vec<Value>, ImportError> {
    let mut out = Vec::new();
    for page in 1.. {
        let file = if page == 1 {
            format!("{name}.json")
        } else {
            format!("{name}-{page}.json")
        };
        let p = dir.join(&file);
        if !p.exists() {
            if page == 1 && required {
                return Err(ImportError::Input(InputError::file(
                    &p.to_string_lossy(),
                    "no such file (a saved pretalx folder needs it)",
                )));
            }
            break;
        }
        let path = p.to_string_lossy().to_string();
        let text = super::read_source(&path)?;
        let v: Value =
            serde_json::from_str(&text).map_err(|e| super::json_error(&path, &text, &e))?;
        out.extend(results(v).map_err(|m| ImportError::Input(InputError::file(&path, m)))?);
    }
    Ok(out)
}

/// The items of a list or of one page of a paginated answer.
pub fn results(v: Value) -> Result<Vec<Value>, String> {
    match v {
        Value::Array(items) => Ok(items),
        Value::Object(mut o) => match o.remove("results") {
            Some(Value::Array(items)) => Ok(items),
            _ => Err("is neither a list nor a page of results (`{\"results\": [...]}`)".into()),
        },
        _ => Err("is neither a list nor a page of results (`{\"results\": [...]}`)".into()),
    }
}

/// A multilingual name: the string, or the English (else the first, by
/// language code) of `{"de": ..., "en": ...}`.
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o
            .get("en")
            .and_then(Value::as_str)
            .or_else(|| {
                let mut keys: Vec<&String> = o.keys().collect();
                keys.sort();
                keys.iter()
                    .filter_map(|k| o.get(*k).and_then(Value::as_str))
                    .find(|s| !s.trim().is_empty())
            })
            .map(str::to_string),
        _ => None,
    }
}

fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A value that should be a list: the list, or nothing for null/absent.
fn items(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn ranges(avail: &[Value], tz: &jiff::tz::TimeZone, what: &str) -> Result<Vec<Range>, String> {
    let mut out = Vec::new();
    for a in avail {
        let get = |k: &str| a.get(k).and_then(Value::as_str).unwrap_or("");
        let start = grid::local(get("start"), tz).map_err(|e| format!("{what}: {e}"))?;
        let end = grid::local(get("end"), tz).map_err(|e| format!("{what}: {e}"))?;
        if start < end {
            out.push(Range { start, end });
        }
    }
    Ok(out)
}

/// Speakers' names by code; a name two speakers share gets the code.
#[derive(Default)]
struct Names {
    by_code: BTreeMap<String, String>,
    count: BTreeMap<String, usize>,
}

impl Names {
    /// The (unique) name of a speaker object, registered on first sight.
    fn add(&mut self, s: &Value, errors: &mut Vec<String>) -> Option<String> {
        let code = s.get("code").and_then(id_text)?;
        if let Some(n) = self.by_code.get(&code) {
            return Some(n.clone());
        }
        let name = s
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if name.is_empty() {
            errors.push(format!("speaker `{code}` has no name"));
            return None;
        }
        let unique = if self.count.get(&name).copied().unwrap_or(0) > 1 {
            format!("{name} ({code})")
        } else {
            name
        };
        self.by_code.insert(code, unique.clone());
        Some(unique)
    }
}

/// A submission that is imported, as read from the responses.
struct Sub {
    code: String,
    title: String,
    speakers: Vec<String>,
    minutes: u32,
    track: Option<String>,
}

/// A room as read: its position, its pretalx id and its object.
type RoomEntry<'a> = (i64, String, &'a Value);

/// The responses as a draft.
pub fn convert(r: &Responses, opts: &Options, source: &str) -> Result<Draft, ImportError> {
    let mut d = Draft::new(
        if opts.format == Format::Pretalx {
            Format::Pretalx
        } else {
            Format::PretalxJson
        },
        source,
    );
    let mut errors: Vec<String> = Vec::new();
    let ev = &r.event;
    let tz = event_header(&mut d, ev, opts, &mut errors)?;
    let (mut names, speaker_avail) = read_speakers(r, &tz, &mut errors);
    let review_scores = review_scores(r);
    let subs = read_submissions(&mut d, r, &mut names, &mut errors);
    let (rooms, room_avail) = read_rooms(r, &tz, &mut errors);
    ImportError::unless_none(source, &errors)?;
    let (slot, parts) = build_days(&mut d, ev, opts, &subs, &room_avail)?;
    add_rooms(&mut d, opts, slot, &rooms, &room_avail);
    let used_speakers = add_talks(&mut d, opts, slot, &subs, parts, &review_scores);
    add_speakers(&mut d, slot, &names, &speaker_avail, &used_speakers);
    Ok(d)
}

/// Draft, event JSON, options in; name and zone into the draft, the zone out (no name: `errors`).
fn event_header(
    d: &mut Draft,
    ev: &Value,
    opts: &Options,
    errors: &mut Vec<String>,
) -> Result<jiff::tz::TimeZone, ImportError> {
    d.name = ev
        .get("name")
        .and_then(text)
        .or_else(|| ev.get("slug").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_default();
    if d.name.trim().is_empty() {
        errors.push("the event has no `name`".into());
    }
    d.map("[event] name", "the event's `name`");
    let tz_name = opts
        .timezone
        .clone()
        .or_else(|| {
            ev.get("timezone")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_else(|| "UTC".to_string());
    let tz = grid::time_zone(&tz_name).map_err(ImportError::Source)?;
    d.timezone = tz_name;
    d.map("[event] timezone", "the event's `timezone`");
    Ok(tz)
}

/// Responses, time zone in; unique names and availabilities by code out, problems: `errors`.
fn read_speakers(
    r: &Responses,
    tz: &jiff::tz::TimeZone,
    errors: &mut Vec<String>,
) -> (Names, BTreeMap<String, Vec<Range>>) {
    let mut names = Names::default();
    for s in &r.speakers {
        if let Some(n) = s.get("name").and_then(Value::as_str) {
            let n = n.split_whitespace().collect::<Vec<_>>().join(" ");
            *names.count.entry(n).or_default() += 1;
        }
    }
    let mut speaker_avail: BTreeMap<String, Vec<Range>> = BTreeMap::new();
    for s in &r.speakers {
        names.add(s, errors);
        if let Some(code) = s.get("code").and_then(id_text) {
            match ranges(
                items(s.get("availabilities")),
                tz,
                &format!("speaker `{code}`"),
            ) {
                Ok(rs) => {
                    speaker_avail.insert(code, rs);
                }
                Err(e) => errors.push(e),
            }
        }
    }
    (names, speaker_avail)
}

/// Responses in; every finite review score by submission code out.
fn review_scores(r: &Responses) -> BTreeMap<String, Vec<f64>> {
    let mut review_scores: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for rv in r.reviews.iter().flatten() {
        let Some(sub) = rv.get("submission").and_then(id_text) else {
            continue;
        };
        let score = match rv.get("score") {
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
            _ => None,
        };
        if let Some(x) = score.filter(|x| x.is_finite()) {
            review_scores.entry(sub).or_default().push(x);
        }
    }
    review_scores
}

/// Draft, responses, names in; accepted/confirmed submissions by code out, a skip note: the draft.
fn read_submissions(
    d: &mut Draft,
    r: &Responses,
    names: &mut Names,
    errors: &mut Vec<String>,
) -> Vec<Sub> {
    let mut subs: Vec<Sub> = Vec::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    for s in &r.submissions {
        let state = s.get("state").and_then(Value::as_str).unwrap_or("");
        if !STATES.contains(&state) {
            *skipped
                .entry(if state.is_empty() {
                    "(none)".into()
                } else {
                    state.to_string()
                })
                .or_default() += 1;
            continue;
        }
        if let Some(sub) = read_submission(s, names, errors) {
            subs.push(sub);
        }
    }
    subs.sort_by(|a, b| a.code.cmp(&b.code));
    let mut seen = BTreeSet::new();
    for s in &subs {
        if !seen.insert(s.code.clone()) {
            errors.push(format!("submission code `{}` appears twice", s.code));
        }
    }
    if !skipped.is_empty() {
        let list: Vec<String> = skipped.iter().map(|(k, n)| format!("{n} {k}")).collect();
        d.notes.push(format!(
            "only accepted and confirmed submissions are imported; left out: {}",
            list.join(", ")
        ));
    }
    subs
}

/// A submission JSON and names in; the submission out, or `None` with the problem in `errors`.
fn read_submission(s: &Value, names: &mut Names, errors: &mut Vec<String>) -> Option<Sub> {
    let Some(code) = s.get("code").and_then(id_text) else {
        errors.push("a submission has no `code`".into());
        return None;
    };
    let title = s.get("title").and_then(text).unwrap_or_default();
    let minutes = match s.get("duration") {
        Some(Value::Number(n)) => n.as_u64(),
        _ => None,
    }
    .or_else(|| {
        s.get("submission_type")
            .and_then(|t| t.get("default_duration"))
            .and_then(Value::as_u64)
    });
    let Some(minutes) = minutes else {
        errors.push(format!(
            "submission `{code}` has no `duration` (nor an expanded `submission_type` with a `default_duration`)"
        ));
        return None;
    };
    let mut speakers = Vec::new();
    for sp in items(s.get("speakers")) {
        let name = match sp {
            Value::Object(_) => names.add(sp, errors),
            other => {
                let c = id_text(other).unwrap_or_default();
                let n = names.by_code.get(&c).cloned();
                if n.is_none() {
                    errors.push(format!(
                        "submission `{code}` names speaker `{c}`, who is not among the event's speakers"
                    ));
                }
                n
            }
        };
        if let Some(n) = name
            && !speakers.contains(&n)
        {
            speakers.push(n);
        }
    }
    let track = match s.get("track") {
        Some(Value::Object(o)) => o.get("name").and_then(text),
        Some(Value::Number(n)) => Some(format!("track-{n}")),
        Some(v) => text(v),
        None => None,
    }
    .filter(|t| !t.trim().is_empty());
    Some(Sub {
        code,
        title,
        speakers,
        minutes: u32::try_from(minutes).unwrap_or(u32::MAX),
        track,
    })
}

/// Responses, time zone in; rooms in pretalx order and availabilities out, problems: `errors`.
fn read_rooms<'a>(
    r: &'a Responses,
    tz: &jiff::tz::TimeZone,
    errors: &mut Vec<String>,
) -> (Vec<RoomEntry<'a>>, Vec<Vec<Range>>) {
    let mut rooms: Vec<RoomEntry<'a>> = Vec::new();
    for room in &r.rooms {
        let Some(id) = room.get("id").and_then(id_text) else {
            errors.push("a room has no `id`".into());
            continue;
        };
        if rooms.iter().any(|(_, other, _)| *other == id) {
            errors.push(format!("room id `{id}` appears twice"));
            continue;
        }
        let pos = room
            .get("position")
            .and_then(Value::as_i64)
            .unwrap_or(i64::MAX);
        rooms.push((pos, id, room));
    }
    rooms.sort_by(|a, b| {
        (a.0, a.1.parse::<i64>().ok(), &a.1).cmp(&(b.0, b.1.parse::<i64>().ok(), &b.1))
    });
    let mut room_avail = Vec::new();
    for (_, id, room) in &rooms {
        match ranges(
            items(room.get("availabilities")),
            tz,
            &format!("room `{id}`"),
        ) {
            Ok(rs) => room_avail.push(rs),
            Err(e) => {
                errors.push(e);
                room_avail.push(Vec::new());
            }
        }
    }
    (rooms, room_avail)
}

/// Draft, event, options, submissions, room hours in; the grid into the draft, slot and parts out.
fn build_days(
    d: &mut Draft,
    ev: &Value,
    opts: &Options,
    subs: &[Sub],
    room_avail: &[Vec<Range>],
) -> Result<(Minutes, Vec<u32>), ImportError> {
    let durations: Vec<Duration> = subs
        .iter()
        .map(|s| Duration {
            id: &s.code,
            minutes: s.minutes,
        })
        .collect();
    let (slot, parts, round_notes) = grid::slot_length(&durations, &opts.grid)?;
    d.slot_minutes = slot;
    d.notes.extend(round_notes);
    d.notes.push(match opts.grid.slot_minutes {
        Some(_) => format!("slots of {slot} minutes (`--slot-minutes`)"),
        None => {
            format!("slots of {slot} minutes: the greatest common divisor of the talks' durations")
        }
    });
    let dates = event_dates(ev, &opts.grid)?;
    let all_rooms: Vec<Range> = room_avail.iter().flatten().copied().collect();
    let mut windows = Vec::new();
    for date in &dates {
        let w = Window::from_flags(&opts.grid, day_hours(&all_rooms, date))?;
        windows.push((hhmm(w.start), hhmm(w.end)));
        d.days.push(w.day(date, slot));
    }
    d.map(
        "[[days]]",
        "the event's `date_from` to `date_to`; each day from the rooms' earliest availability to their latest (else --day-start/--day-end, 09:00-18:00)",
    );
    let mut distinct: Vec<String> = windows.iter().map(|(a, b)| format!("{a}-{b}")).collect();
    distinct.dedup();
    d.notes.push(format!(
        "days run {}, {} minutes between slots{}",
        distinct.join(", "),
        opts.grid.changeover.unwrap_or(0),
        if opts.grid.breaks.is_empty() {
            ""
        } else {
            ", with the `--break`s left free"
        }
    ));
    Ok((slot, parts))
}

/// All rooms' availabilities, a date in; the rooms' opening hours that day (else the default) out.
fn day_hours(all_rooms: &[Range], date: &str) -> (Minutes, Minutes) {
    let that_day: Vec<&Range> = all_rooms
        .iter()
        .filter(|a| a.start.date().to_string() == *date)
        .collect();
    if that_day.is_empty() {
        (grid::DEFAULT_DAY_START, grid::DEFAULT_DAY_END)
    } else {
        let start = that_day
            .iter()
            .map(|a| grid::minutes_of(a.start))
            .min()
            .unwrap_or(0);
        let end = that_day
            .iter()
            .map(|a| {
                if a.end.date() > a.start.date() {
                    24 * 60
                } else {
                    grid::minutes_of(a.end)
                }
            })
            .max()
            .unwrap_or(24 * 60);
        (start, end)
    }
}

/// Draft, options, slot length, rooms and availabilities in; the rooms into the draft.
fn add_rooms(
    d: &mut Draft,
    opts: &Options,
    slot: Minutes,
    rooms: &[RoomEntry<'_>],
    room_avail: &[Vec<Range>],
) {
    for ((_, id, room), avail) in rooms.iter().zip(room_avail) {
        let rid = format!("room-{id}");
        let name = room
            .get("name")
            .and_then(text)
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| rid.clone());
        let capacity = match room.get("capacity").and_then(Value::as_u64) {
            Some(c) if c > 0 => Figure::given(u32::try_from(c).unwrap_or(u32::MAX)),
            _ => Figure::todo(
                opts.default_capacity,
                "pretalx has no capacity for this room (--default-capacity)",
            ),
        };
        d.rooms.push(super::draft::Room {
            id: rid,
            name,
            capacity,
            building: None,
            features: Vec::new(),
            unavailable: grid::unavailable_outside(&d.days, slot, avail),
        });
    }
    d.map("[[rooms]] id", "\"room-\" + the room's pretalx `id`");
    d.map("[[rooms]] name, capacity", "the room's `name`, `capacity`");
    d.map(
        "[[rooms]] unavailable",
        "slots outside the room's `availabilities`",
    );
}

/// Draft, options, slot, submissions, parts, scores in; talks into the draft, their speakers out.
fn add_talks(
    d: &mut Draft,
    opts: &Options,
    slot: Minutes,
    subs: &[Sub],
    parts: Vec<u32>,
    review_scores: &BTreeMap<String, Vec<f64>>,
) -> BTreeSet<String> {
    let mut used_speakers: BTreeSet<String> = BTreeSet::new();
    for (s, parts) in subs.iter().zip(parts) {
        let mut t = Talk::new(s.code.clone(), s.title.clone());
        t.speakers = s.speakers.clone();
        t.parts = parts;
        t.track = s.track.clone();
        t.audience = talk_audience(opts, review_scores, &s.code);
        if s.minutes != parts * slot {
            t.notes.push(format!(
                "{} minutes in pretalx, rounded up to {parts} slots",
                s.minutes
            ));
        }
        used_speakers.extend(s.speakers.iter().cloned());
        d.talks.push(t);
    }
    d.map("[[talks]] id", "the submission's `code`");
    d.map(
        "[[talks]] title, speakers, track",
        "the submission's `title`, its speakers' `name`, its `track`",
    );
    d.map(
        "[[talks]] parts",
        format!("the submission's `duration` / {slot} minutes"),
    );
    d.map(
        "[[talks]] audience",
        match &opts.audience {
            AudienceSource::Reviews(f) => {
                format!("the mean of the submission's review `score`s x {f}")
            }
            AudienceSource::File(p) => p.to_string(),
            AudienceSource::Default => "nothing: pretalx has no audience figure (TODO)".to_string(),
        },
    );
    used_speakers
}

/// Options, review scores and a submission code in; the talk's audience figure out.
fn talk_audience(opts: &Options, review_scores: &BTreeMap<String, Vec<f64>>, code: &str) -> Figure {
    match &opts.audience {
        AudienceSource::Reviews(factor) => match review_scores.get(code) {
            Some(xs) if !xs.is_empty() => {
                let mean = xs.iter().sum::<f64>() / crate::num::float(xs.len());
                let n = u32::try_from(crate::num::rounded(mean * factor)).unwrap_or(u32::MAX);
                Figure::derived(n, format!("mean review score {mean:.2} x {factor}"))
            }
            _ => Figure::todo(
                opts.default_audience,
                "no review score (--default-audience)",
            ),
        },
        _ => Figure::todo(
            opts.default_audience,
            "pretalx has no audience figure (--default-audience)",
        ),
    }
}

/// Draft, slot, names, availabilities, used speakers in; their unavailable slots into the draft.
fn add_speakers(
    d: &mut Draft,
    slot: Minutes,
    names: &Names,
    speaker_avail: &BTreeMap<String, Vec<Range>>,
    used_speakers: &BTreeSet<String>,
) {
    let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (code, avail) in speaker_avail {
        let Some(name) = names.by_code.get(code) else {
            continue;
        };
        if !used_speakers.contains(name) {
            continue;
        }
        let un = grid::unavailable_outside(&d.days, slot, avail);
        if !un.is_empty() {
            by_name.insert(name.clone(), un);
        }
    }
    for (name, unavailable) in by_name {
        d.speakers.push(Speaker { name, unavailable });
    }
    d.map(
        "[[speakers]] unavailable",
        "slots outside the speaker's `availabilities`",
    );
}

/// The event's days: `--date` if given, else `date_from` to `date_to`.
fn event_dates(ev: &Value, g: &super::GridOptions) -> Result<Vec<String>, ImportError> {
    if !g.dates.is_empty() {
        return grid::flag_dates(&g.dates);
    }
    let get = |k: &str| ev.get(k).and_then(Value::as_str).unwrap_or("");
    let (from, to) = (get("date_from"), get("date_to"));
    let from = grid::parse_date(from)
        .map_err(|e| ImportError::Source(format!("the event's `date_from` `{from}`: {e}")))?;
    let to = grid::parse_date(to).unwrap_or(from);
    let mut out = Vec::new();
    let mut day = from;
    while day <= to && out.len() < 366 {
        out.push(day.to_string());
        day = day
            .tomorrow()
            .map_err(|e| ImportError::Source(e.to_string()))?;
    }
    Ok(out)
}
