//! The shape pass: TOML text to raw structs that keep every value's span.
//!
//! In: the problem file's text. Out: a [`RawProblem`] whose fields are
//! spanned values, plus every shape error found (TOML syntax, unknown keys,
//! missing keys, wrong types, malformed dates and times). Nothing here
//! resolves names; `check` does that.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::{Diagnostic, closest};
use super::time::{Minutes, parse_date, parse_time};
use jiff::civil::Date;

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S<T> {
    /// The value.
    pub v: T,
    /// Byte range in the file.
    pub span: Range<usize>,
}

/// `[event]`.
#[derive(Debug, Default)]
pub struct RawEvent {
    pub name: Option<S<String>>,
    pub timezone: Option<S<String>>,
    pub slot_minutes: Option<S<i64>>,
    pub language: Option<S<String>>,
}

/// `{ name, start, end }` in a day's `breaks`.
#[derive(Debug)]
pub struct RawBreak {
    pub span: Range<usize>,
    pub name: Option<S<String>>,
    pub start: Option<S<Minutes>>,
    pub end: Option<S<Minutes>>,
}

/// `[[days]]`.
#[derive(Debug)]
pub struct RawDay {
    pub span: Range<usize>,
    /// A valid date.
    pub date: Option<S<Date>>,
    pub slots: Option<S<Vec<S<Minutes>>>>,
    /// Whether every item of `slots` was a valid time (an invalid one was
    /// reported already, and checks of the whole day are then skipped).
    pub slots_complete: bool,
    pub breaks: Vec<RawBreak>,
}

/// `[[rooms]]`.
#[derive(Debug)]
pub struct RawRoom {
    pub span: Range<usize>,
    pub id: Option<S<String>>,
    pub name: Option<S<String>>,
    pub capacity: Option<S<i64>>,
    pub building: Option<S<String>>,
    pub features: Vec<S<String>>,
    pub unavailable: Vec<S<String>>,
}

/// `[[walks]]`.
#[derive(Debug)]
pub struct RawWalk {
    pub span: Range<usize>,
    pub between: Option<S<Vec<S<String>>>>,
    pub minutes: Option<S<i64>>,
}

/// `fixed = { slot, room }`.
#[derive(Debug)]
pub struct RawFixed {
    pub span: Range<usize>,
    pub slot: Option<S<String>>,
    pub room: Option<S<String>>,
}

/// `[[talks]]`.
#[derive(Debug)]
pub struct RawTalk {
    pub span: Range<usize>,
    pub id: Option<S<String>>,
    pub title: Option<S<String>>,
    pub speakers: Option<Vec<S<String>>>,
    pub audience: Option<S<i64>>,
    pub parts: Option<S<i64>>,
    pub track: Option<S<String>>,
    pub needs: Vec<S<String>>,
    pub overflow: Option<S<bool>>,
    pub fixed: Option<RawFixed>,
    pub only: Option<S<Vec<S<String>>>>,
    pub unavailable: Vec<S<String>>,
    pub after: Vec<S<String>>,
    pub plenary: Option<S<bool>>,
    pub prefer: Option<S<Vec<S<String>>>>,
    pub avoid: Vec<S<String>>,
}

/// `[[speakers]]`.
#[derive(Debug)]
pub struct RawSpeaker {
    pub span: Range<usize>,
    pub name: Option<S<String>>,
    pub unavailable: Vec<S<String>>,
    pub prefer: Option<S<Vec<S<String>>>>,
    pub avoid: Vec<S<String>>,
}

/// `[[tracks]]`.
#[derive(Debug)]
pub struct RawTrack {
    pub span: Range<usize>,
    pub id: Option<S<String>>,
    pub name: Option<S<String>>,
    pub rooms: Vec<S<String>>,
    pub only_rooms: Option<S<Vec<S<String>>>>,
    pub prefer: Option<S<Vec<S<String>>>>,
    pub avoid: Vec<S<String>>,
    pub order: Option<S<Vec<S<String>>>>,
}

/// `[[conflicts]]`.
#[derive(Debug)]
pub struct RawConflict {
    pub span: Range<usize>,
    pub talks: Vec<S<String>>,
    pub tracks: Vec<S<String>>,
    pub hard: Option<S<bool>>,
    pub weight: Option<S<i64>>,
}

/// `[[sequences]]`.
#[derive(Debug)]
pub struct RawSequence {
    pub span: Range<usize>,
    pub talks: Option<S<Vec<S<String>>>>,
}

/// `[objective]`.
#[derive(Debug, Default)]
pub struct RawObjective {
    pub empty_seats: Option<S<i64>>,
    pub track_clash: Option<S<i64>>,
    pub track_rooms: Option<S<i64>>,
    pub track_gaps: Option<S<i64>>,
    pub preferences: Option<S<i64>>,
    pub conflicts: Option<S<i64>>,
    pub attendee_missed: Option<S<i64>>,
}

/// `[interest]`.
#[derive(Debug, Default)]
pub struct RawInterest {
    /// Where the table is.
    pub span: Option<Range<usize>>,
    pub file: Option<S<String>>,
    pub turnout: Option<S<f64>>,
}

/// `[[attendees]]`.
#[derive(Debug)]
pub struct RawAttendee {
    pub span: Range<usize>,
    pub id: Option<S<String>>,
    pub wants: Option<S<Vec<S<String>>>>,
}

/// `[replan]`.
#[derive(Debug, Default)]
pub struct RawReplan {
    pub room_change: Option<S<i64>>,
    pub time_change: Option<S<i64>>,
    pub time_change_per_hour: Option<S<i64>>,
    pub time_change_cap: Option<S<i64>>,
    pub day_change: Option<S<i64>>,
    pub weight: Option<S<i64>>,
}

/// The keys of the top level; anything else is an unknown key.
pub const TOP_KEYS: [&str; 13] = [
    "event",
    "days",
    "rooms",
    "walks",
    "talks",
    "speakers",
    "sequences",
    "tracks",
    "conflicts",
    "objective",
    "replan",
    "interest",
    "attendees",
];
/// The keys of `[event]`; anything else is an unknown key.
pub const EVENT_KEYS: [&str; 4] = ["name", "timezone", "slot_minutes", "language"];
/// The keys of `[[days]]`; anything else is an unknown key.
pub const DAY_KEYS: [&str; 3] = ["date", "slots", "breaks"];
/// The keys of a break; anything else is an unknown key.
pub const BREAK_KEYS: [&str; 3] = ["name", "start", "end"];
/// The keys of `[[rooms]]`; anything else is an unknown key.
pub const ROOM_KEYS: [&str; 6] = [
    "id",
    "name",
    "capacity",
    "building",
    "features",
    "unavailable",
];
/// The keys of `[[walks]]`; anything else is an unknown key.
pub const WALK_KEYS: [&str; 2] = ["between", "minutes"];
/// The keys of `[[talks]]`; anything else is an unknown key.
pub const TALK_KEYS: [&str; 15] = [
    "id",
    "title",
    "speakers",
    "audience",
    "parts",
    "track",
    "needs",
    "overflow",
    "fixed",
    "only",
    "unavailable",
    "after",
    "plenary",
    "prefer",
    "avoid",
];
/// The keys of `fixed`; anything else is an unknown key.
pub const FIXED_KEYS: [&str; 2] = ["slot", "room"];
/// The keys of `[[speakers]]`; anything else is an unknown key.
pub const SPEAKER_KEYS: [&str; 4] = ["name", "unavailable", "prefer", "avoid"];
/// The keys of `[[sequences]]`; anything else is an unknown key.
pub const SEQUENCE_KEYS: [&str; 1] = ["talks"];
/// The keys of `[[tracks]]`; anything else is an unknown key.
pub const TRACK_KEYS: [&str; 7] = [
    "id",
    "name",
    "rooms",
    "only_rooms",
    "prefer",
    "avoid",
    "order",
];
/// The keys of `[[conflicts]]`; anything else is an unknown key.
pub const CONFLICT_KEYS: [&str; 4] = ["talks", "tracks", "hard", "weight"];

/// Every table and its keys (as the format's documentation names the
/// table), for the test that the documentation describes every key.
pub const TABLES: [(&str, &[&str]); 16] = [
    ("the top level", &TOP_KEYS),
    ("[event]", &EVENT_KEYS),
    ("[[days]]", &DAY_KEYS),
    ("a break", &BREAK_KEYS),
    ("[[rooms]]", &ROOM_KEYS),
    ("[[walks]]", &WALK_KEYS),
    ("[[talks]]", &TALK_KEYS),
    ("fixed", &FIXED_KEYS),
    ("[[speakers]]", &SPEAKER_KEYS),
    ("[[sequences]]", &SEQUENCE_KEYS),
    ("[[tracks]]", &TRACK_KEYS),
    ("[[conflicts]]", &CONFLICT_KEYS),
    ("[objective]", &OBJECTIVE_KEYS),
    ("[replan]", &REPLAN_KEYS),
    ("[interest]", &INTEREST_KEYS),
    ("[[attendees]]", &ATTENDEE_KEYS),
];

/// The keys of `[interest]`.
pub const INTEREST_KEYS: [&str; 2] = ["file", "turnout"];

/// The keys of `[[attendees]]`.
pub const ATTENDEE_KEYS: [&str; 2] = ["id", "wants"];

/// The keys of `[replan]`, in the order documented.
pub const REPLAN_KEYS: [&str; 6] = [
    "room_change",
    "time_change",
    "time_change_per_hour",
    "time_change_cap",
    "day_change",
    "weight",
];

/// The keys of `[objective]`, in the order documented.
pub const OBJECTIVE_KEYS: [&str; 7] = [
    "empty_seats",
    "track_clash",
    "track_rooms",
    "track_gaps",
    "preferences",
    "conflicts",
    "attendee_missed",
];

/// The whole file, shape-checked.
#[derive(Debug, Default)]
pub struct RawProblem {
    /// Span of `[event]`, if present.
    pub event_span: Option<Range<usize>>,
    pub event: RawEvent,
    pub days: Vec<RawDay>,
    pub rooms: Vec<RawRoom>,
    pub walks: Vec<RawWalk>,
    pub talks: Vec<RawTalk>,
    pub speakers: Vec<RawSpeaker>,
    pub sequences: Vec<RawSequence>,
    pub tracks: Vec<RawTrack>,
    pub conflicts: Vec<RawConflict>,
    pub objective: RawObjective,
    pub replan: RawReplan,
    pub interest: RawInterest,
    pub attendees: Vec<RawAttendee>,
    /// Whether `days`, `rooms`, `talks` were present at all.
    pub has_days: bool,
    pub has_rooms: bool,
    pub has_talks: bool,
    /// Whether the TOML parsed without syntax errors.
    pub syntax_ok: bool,
    /// The file's text (for positions in messages about other places).
    pub source: String,
}

type Value<'a> = Spanned<DeValue<'a>>;

/// Reads the file's text into a raw problem, collecting shape errors.
pub fn read(source: &str) -> (RawProblem, Vec<Diagnostic>) {
    let (doc, errors) = DeTable::parse_recoverable(source);
    let mut r = Reader {
        diags: Vec::new(),
        syntax_ok: errors.is_empty(),
        source: source.to_string(),
        audience_optional: ["interest", "attendees"]
            .iter()
            .any(|k| doc.get_ref().contains_key(*k)),
    };
    for e in errors {
        r.syntax_error(source, &e);
    }
    let mut raw = RawProblem {
        syntax_ok: r.syntax_ok,
        source: source.to_string(),
        ..RawProblem::default()
    };
    let top_span = doc.span();
    let mut fields = r.fields(doc.get_ref(), &TOP_KEYS, "the top level");
    match fields.take("event") {
        Some(v) => read_event(&mut r, v, &mut raw),
        None if r.syntax_ok => r.diags.push(
            Diagnostic::new(top_span.start..top_span.start, "missing `[event]` table")
                .hint("add `[event]` with `name` and `slot_minutes`"),
        ),
        None => {}
    }
    if let Some(v) = fields.take("days") {
        raw.has_days = true;
        for (t, span) in r.tables(v, "`[[days]]`") {
            raw.days.push(read_day(&mut r, t, span));
        }
    }
    if let Some(v) = fields.take("rooms") {
        raw.has_rooms = true;
        for (t, span) in r.tables(v, "`[[rooms]]`") {
            raw.rooms.push(read_room(&mut r, t, span));
        }
    }
    for (t, span) in fields.take_tables(&mut r, "walks", "`[[walks]]`") {
        raw.walks.push(read_walk(&mut r, t, span));
    }
    if let Some(v) = fields.take("talks") {
        raw.has_talks = true;
        for (t, span) in r.tables(v, "`[[talks]]`") {
            raw.talks.push(read_talk(&mut r, t, span));
        }
    }
    for (t, span) in fields.take_tables(&mut r, "speakers", "`[[speakers]]`") {
        raw.speakers.push(read_speaker(&mut r, t, span));
    }
    for (t, span) in fields.take_tables(&mut r, "sequences", "`[[sequences]]`") {
        let mut f = r.fields(t, &SEQUENCE_KEYS, "`[[sequences]]`");
        r.require(&span, &f, &["talks"], "`[[sequences]]`");
        raw.sequences.push(RawSequence {
            span,
            talks: f.take("talks").and_then(|v| r.idents(v)),
        });
    }
    for (t, span) in fields.take_tables(&mut r, "tracks", "`[[tracks]]`") {
        raw.tracks.push(read_track(&mut r, t, span));
    }
    for (t, span) in fields.take_tables(&mut r, "conflicts", "`[[conflicts]]`") {
        raw.conflicts.push(read_conflict(&mut r, t, span));
    }
    if let Some(v) = fields.take("objective") {
        read_objective(&mut r, v, &mut raw);
    }
    if let Some(v) = fields.take("interest") {
        read_interest(&mut r, v, &mut raw);
    }
    for (t, span) in fields.take_tables(&mut r, "attendees", "`[[attendees]]`") {
        let mut f = r.fields(t, &ATTENDEE_KEYS, "`[[attendees]]`");
        r.require(&span, &f, &["id", "wants"], "`[[attendees]]`");
        raw.attendees.push(RawAttendee {
            span,
            id: f.take("id").and_then(|v| r.ident(v)),
            wants: f.take("wants").and_then(|v| r.idents(v)),
        });
    }
    if let Some(v) = fields.take("replan") {
        read_replan(&mut r, v, &mut raw);
    }
    r.drop_echoes_of_syntax_errors();
    (raw, r.diags)
}

/// Reader and `[objective]` value in; its weights into `raw`.
fn read_objective(r: &mut Reader, v: &Value, raw: &mut RawProblem) {
    let Some(t) = r.table(v, "`[objective]`") else {
        return;
    };
    let mut f = r.fields(t, &OBJECTIVE_KEYS, "`[objective]`");
    let o = &mut raw.objective;
    let slots = [
        &mut o.empty_seats,
        &mut o.track_clash,
        &mut o.track_rooms,
        &mut o.track_gaps,
        &mut o.preferences,
        &mut o.conflicts,
        &mut o.attendee_missed,
    ];
    for (slot, key) in slots.into_iter().zip(OBJECTIVE_KEYS) {
        *slot = f.take(key).and_then(|v| r.int(v, key));
    }
}

/// Reader and `[interest]` value in; its span, file and turnout into `raw`.
fn read_interest(r: &mut Reader, v: &Value, raw: &mut RawProblem) {
    let Some(t) = r.table(v, "`[interest]`") else {
        return;
    };
    let mut f = r.fields(t, &INTEREST_KEYS, "`[interest]`");
    raw.interest.span = Some(v.span());
    raw.interest.file = f.take("file").and_then(|v| r.string(v));
    raw.interest.turnout = f.take("turnout").and_then(|v| r.number(v, "turnout"));
}

/// Reader and `[replan]` value in; its weights into `raw`.
fn read_replan(r: &mut Reader, v: &Value, raw: &mut RawProblem) {
    let Some(t) = r.table(v, "`[replan]`") else {
        return;
    };
    let mut f = r.fields(t, &REPLAN_KEYS, "`[replan]`");
    let o = &mut raw.replan;
    let slots = [
        &mut o.room_change,
        &mut o.time_change,
        &mut o.time_change_per_hour,
        &mut o.time_change_cap,
        &mut o.day_change,
        &mut o.weight,
    ];
    for (slot, key) in slots.into_iter().zip(REPLAN_KEYS) {
        *slot = f.take(key).and_then(|v| r.int(v, key));
    }
}

fn read_event(r: &mut Reader, v: &Value, raw: &mut RawProblem) {
    raw.event_span = Some(v.span());
    let Some(t) = r.table(v, "`[event]`") else {
        return;
    };
    let mut f = r.fields(t, &EVENT_KEYS, "`[event]`");
    raw.event.name = f.take("name").and_then(|v| r.string(v));
    raw.event.timezone = f.take("timezone").and_then(|v| r.string(v));
    raw.event.slot_minutes = f
        .take("slot_minutes")
        .and_then(|v| r.int(v, "slot_minutes"));
    raw.event.language = f.take("language").and_then(|v| r.string(v));
    r.require(&v.span(), &f, &["name", "slot_minutes"], "`[event]`");
}

fn read_room(r: &mut Reader, t: &DeTable, span: Range<usize>) -> RawRoom {
    let mut f = r.fields(t, &ROOM_KEYS, "`[[rooms]]`");
    r.require(&span, &f, &["id", "capacity"], "`[[rooms]]`");
    RawRoom {
        span,
        id: f.take("id").and_then(|v| r.ident(v)),
        name: f.take("name").and_then(|v| r.string(v)),
        capacity: f.take("capacity").and_then(|v| r.int(v, "capacity")),
        building: f.take("building").and_then(|v| r.ident(v)),
        features: r.opt_idents(f.take("features")),
        unavailable: r.opt_slot_refs(f.take("unavailable")),
    }
}

fn read_walk(r: &mut Reader, t: &DeTable, span: Range<usize>) -> RawWalk {
    let mut f = r.fields(t, &WALK_KEYS, "`[[walks]]`");
    r.require(&span, &f, &["between", "minutes"], "`[[walks]]`");
    RawWalk {
        span,
        between: f.take("between").and_then(|v| r.idents(v)),
        minutes: f.take("minutes").and_then(|v| r.int(v, "minutes")),
    }
}

fn read_speaker(r: &mut Reader, t: &DeTable, span: Range<usize>) -> RawSpeaker {
    let mut f = r.fields(t, &SPEAKER_KEYS, "`[[speakers]]`");
    r.require(&span, &f, &["name"], "`[[speakers]]`");
    RawSpeaker {
        span,
        name: f.take("name").and_then(|v| r.ident(v)),
        unavailable: r.opt_slot_refs(f.take("unavailable")),
        prefer: f.take("prefer").and_then(|v| r.slot_refs(v)),
        avoid: r.opt_slot_refs(f.take("avoid")),
    }
}

fn read_track(r: &mut Reader, t: &DeTable, span: Range<usize>) -> RawTrack {
    let mut f = r.fields(t, &TRACK_KEYS, "`[[tracks]]`");
    r.require(&span, &f, &["id"], "`[[tracks]]`");
    RawTrack {
        span,
        id: f.take("id").and_then(|v| r.ident(v)),
        name: f.take("name").and_then(|v| r.string(v)),
        rooms: r.opt_idents(f.take("rooms")),
        only_rooms: f.take("only_rooms").and_then(|v| r.idents(v)),
        prefer: f.take("prefer").and_then(|v| r.slot_refs(v)),
        avoid: r.opt_slot_refs(f.take("avoid")),
        order: f.take("order").and_then(|v| r.idents(v)),
    }
}

fn read_conflict(r: &mut Reader, t: &DeTable, span: Range<usize>) -> RawConflict {
    let mut f = r.fields(t, &CONFLICT_KEYS, "`[[conflicts]]`");
    RawConflict {
        span,
        talks: r.opt_idents(f.take("talks")),
        tracks: r.opt_idents(f.take("tracks")),
        hard: f.take("hard").and_then(|v| r.bool(v)),
        weight: f.take("weight").and_then(|v| r.int(v, "weight")),
    }
}

fn read_day(r: &mut Reader, t: &DeTable, span: Range<usize>) -> RawDay {
    let mut f = r.fields(t, &DAY_KEYS, "`[[days]]`");
    let date = f.take("date").and_then(|v| r.date(v));
    let mut complete = true;
    let slots = f.take("slots").and_then(|v| {
        let items = r.array(v, "a list of times like `\"10:00\"`")?;
        let times: Vec<S<Minutes>> = items.iter().filter_map(|x| r.time(x)).collect();
        complete = times.len() == items.len();
        Some(S {
            v: times,
            span: v.span(),
        })
    });
    let mut breaks = Vec::new();
    if let Some(v) = f.take("breaks") {
        for (bt, bspan) in r.tables(v, "`breaks`") {
            let mut bf = r.fields(bt, &BREAK_KEYS, "a break");
            r.require(&bspan, &bf, &["name", "start", "end"], "a break");
            breaks.push(RawBreak {
                span: bspan,
                name: bf.take("name").and_then(|v| r.string(v)),
                start: bf.take("start").and_then(|v| r.time(v)),
                end: bf.take("end").and_then(|v| r.time(v)),
            });
        }
    }
    r.require(&span, &f, &["date", "slots"], "`[[days]]`");
    RawDay {
        span,
        date,
        slots,
        slots_complete: complete,
        breaks,
    }
}

fn read_talk(r: &mut Reader, t: &DeTable, span: Range<usize>) -> RawTalk {
    let mut f = r.fields(t, &TALK_KEYS, "`[[talks]]`");
    let required: &[&str] = if r.audience_optional {
        &["id"]
    } else {
        &["id", "audience"]
    };
    r.require(&span, &f, required, "`[[talks]]`");
    let fixed = f.take("fixed").and_then(|v| {
        let span = v.span();
        let t = r.table(v, "`{ slot = ..., room = ... }`")?;
        let mut ff = r.fields(t, &FIXED_KEYS, "`fixed`");
        Some(RawFixed {
            span,
            slot: ff.take("slot").and_then(|v| r.slot_ref(v)),
            room: ff.take("room").and_then(|v| r.ident(v)),
        })
    });
    let only = f.take("only").and_then(|v| r.slot_refs(v));
    RawTalk {
        span,
        id: f.take("id").and_then(|v| r.ident(v)),
        title: f.take("title").and_then(|v| r.string(v)),
        speakers: f.take("speakers").and_then(|v| r.idents(v)).map(|s| s.v),
        audience: f.take("audience").and_then(|v| r.int(v, "audience")),
        parts: f.take("parts").and_then(|v| r.int(v, "parts")),
        track: f.take("track").and_then(|v| r.ident(v)),
        needs: r.opt_idents(f.take("needs")),
        overflow: f.take("overflow").and_then(|v| r.bool(v)),
        fixed,
        only,
        unavailable: r.opt_slot_refs(f.take("unavailable")),
        after: r.opt_idents(f.take("after")),
        plenary: f.take("plenary").and_then(|v| r.bool(v)),
        prefer: f.take("prefer").and_then(|v| r.slot_refs(v)),
        avoid: r.opt_slot_refs(f.take("avoid")),
    }
}

/// The keys of one table, handed out one by one; unknown keys are reported
/// when the table is opened.
struct Fields<'a, 'i> {
    entries: Vec<(&'a str, &'a Value<'i>)>,
    taken: Vec<&'a str>,
    /// Known keys that an unknown key was taken for a misspelling of.
    suggested: Vec<String>,
}

impl<'a, 'i> Fields<'a, 'i> {
    fn take(&mut self, key: &str) -> Option<&'a Value<'i>> {
        let found = self
            .entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v);
        if found.is_some() {
            self.taken
                .push(self.entries.iter().find(|(k, _)| *k == key)?.0);
        }
        found
    }
    fn had(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| *k == key)
    }

    /// The tables of an array of tables under `key`, if present.
    fn take_tables(
        &mut self,
        r: &mut Reader,
        key: &str,
        what: &str,
    ) -> Vec<(&'a DeTable<'i>, Range<usize>)> {
        self.take(key)
            .map(|v| r.tables(v, what))
            .unwrap_or_default()
    }
}

struct Reader {
    diags: Vec<Diagnostic>,
    /// Missing keys are only reported when the TOML itself parsed cleanly;
    /// after a syntax error they would mostly be echoes of it.
    syntax_ok: bool,
    /// The file's text, to find table headers.
    source: String,
    /// Interest data is given (`[interest]` or `[[attendees]]`): a talk
    /// may leave out its `audience`, which the interest gives.
    audience_optional: bool,
}

impl Reader {
    /// A TOML syntax error, with the key named when it is a duplicate.
    fn syntax_error(&mut self, source: &str, e: &toml::de::Error) {
        let span = e.span().unwrap_or(0..0);
        let mut message = e.message().trim_end().to_string();
        if message == "duplicate key"
            && let Some(key) = source.get(span.clone())
            && !key.is_empty()
            && !key.contains('\n')
        {
            message = format!("duplicate key `{key}`");
        }
        // Say which character, when it is one people cannot see.
        let line_end = source.get(span.start..).map_or(span.start, |rest| {
            span.start + rest.find('\n').unwrap_or(rest.len())
        });
        let odd = source
            .get(span.start..line_end.max(span.end).min(source.len()))
            .and_then(|text| {
                text.chars()
                    .find(|&c| invisible(c) || (c.is_whitespace() && !c.is_ascii()))
            });
        let mut d = Diagnostic::new(span, format!("invalid TOML: {message}"));
        if let Some(c) = odd {
            d = d.hint(format!(
                "{} is not allowed here; use a plain space or remove it",
                char_name(c)
            ));
        }
        self.diags.push(d);
    }

    /// A value the TOML parser already choked on would be reported again
    /// as the wrong type: keep only the syntax error.
    fn drop_echoes_of_syntax_errors(&mut self) {
        let syntax: Vec<Range<usize>> = self
            .diags
            .iter()
            .filter(|d| d.message.starts_with("invalid TOML:"))
            .map(|d| d.span.clone())
            .collect();
        self.diags.retain(|d| {
            d.message.starts_with("invalid TOML:")
                || !syntax.iter().any(|s| {
                    s.start < d.span.end.max(d.span.start + 1)
                        && d.span.start < s.end.max(s.start + 1)
                })
        });
    }

    fn err(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.diags.push(Diagnostic::new(span, message));
    }

    /// Reports each of `keys` the table lacks, at the table's header.
    /// A key that is present but invalid was reported already.
    fn require(&mut self, table: &Range<usize>, f: &Fields, keys: &[&str], what: &str) {
        if !self.syntax_ok {
            return;
        }
        for key in keys {
            // A misspelt key was reported with a "did you mean" already.
            if !f.had(key) && !f.suggested.iter().any(|s| s == key) {
                self.diags.push(
                    Diagnostic::new(
                        header_span(&self.source, table),
                        format!("missing `{key}` in {what}"),
                    )
                    .label(format!("this table needs `{key}`")),
                );
            }
        }
    }

    fn wrong_type(&mut self, v: &Value, expected: &str) {
        let found = match v.get_ref() {
            DeValue::String(_) => "a string",
            DeValue::Integer(_) => "an integer",
            DeValue::Float(_) => "a float",
            DeValue::Boolean(_) => "a boolean",
            DeValue::Datetime(_) => "a date/time",
            DeValue::Array(_) => "a list",
            DeValue::Table(_) => "a table",
        };
        self.diags.push(
            Diagnostic::new(v.span(), format!("expected {expected}, found {found}"))
                .label(format!("expected {expected}")),
        );
    }

    fn fields<'a, 'i>(&mut self, t: &'a DeTable<'i>, known: &[&str], what: &str) -> Fields<'a, 'i> {
        let mut entries = Vec::new();
        let mut suggested = Vec::new();
        for (k, v) in t.iter() {
            let key: &str = k.get_ref();
            if known.contains(&key) {
                entries.push((key, v));
            } else {
                let mut d = Diagnostic::new(k.span(), format!("unknown key `{key}` in {what}"))
                    .label("unknown key");
                d = match closest(key, known.iter().copied()) {
                    Some(c) => {
                        suggested.push(c.to_string());
                        d.hint(format!("did you mean `{c}`?"))
                    }
                    None => d.hint(format!(
                        "{what} takes {}",
                        known
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                };
                self.diags.push(d);
            }
        }
        Fields {
            entries,
            taken: Vec::new(),
            suggested,
        }
    }

    fn table<'a, 'i>(&mut self, v: &'a Value<'i>, what: &str) -> Option<&'a DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type(v, &format!("a table {what}"));
                None
            }
        }
    }

    /// An array of tables (`[[x]]` or a list of inline tables).
    fn tables<'a, 'i>(
        &mut self,
        v: &'a Value<'i>,
        what: &str,
    ) -> Vec<(&'a DeTable<'i>, Range<usize>)> {
        let Some(items) = self.array(v, &format!("a list of tables {what}")) else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| {
                let span = item.span();
                self.table(item, what).map(|t| (t, span))
            })
            .collect()
    }

    fn array<'a, 'i>(&mut self, v: &'a Value<'i>, expected: &str) -> Option<&'a [Value<'i>]> {
        match v.get_ref() {
            DeValue::Array(a) => Some(a.as_ref()),
            _ => {
                self.wrong_type(v, expected);
                None
            }
        }
    }

    /// A string of text (a name, a title): not empty, no control
    /// character but tab.
    fn string(&mut self, v: &Value) -> Option<S<String>> {
        let DeValue::String(s) = v.get_ref() else {
            self.wrong_type(v, "a string");
            return None;
        };
        let text = s.to_string();
        if text.trim().is_empty() {
            self.diags.push(
                Diagnostic::new(v.span(), "this string is empty")
                    .hint("write the name or leave the key out"),
            );
            return None;
        }
        if let Some(c) = text.chars().find(|&c| c.is_control() && c != '\t') {
            self.diags.push(
                Diagnostic::new(
                    v.span(),
                    format!("this string holds the control character {}", char_name(c)),
                )
                .hint("remove it: text may hold tabs, but no other control characters"),
            );
            return None;
        }
        Some(S {
            v: text,
            span: v.span(),
        })
    }

    /// A string that names something other entries refer to (an id, a
    /// speaker, a feature, a building, a track): like [`Reader::string`],
    /// plus a warning for characters that cannot be seen or that reorder
    /// text, which make two names look alike.
    fn ident(&mut self, v: &Value) -> Option<S<String>> {
        let s = self.string(v)?;
        if let Some(c) = s.v.chars().find(|&c| invisible(c)) {
            self.diags.push(
                Diagnostic::warning(
                    s.span.clone(),
                    format!(
                        "`{}` holds the invisible character {}",
                        visible(&s.v),
                        char_name(c)
                    ),
                )
                .hint("names that look alike but differ are easy to mistake; remove it"),
            );
        }
        Some(s)
    }

    fn idents(&mut self, v: &Value) -> Option<S<Vec<S<String>>>> {
        let items = self.array(v, "a list of strings")?;
        Some(S {
            v: items.iter().filter_map(|x| self.ident(x)).collect(),
            span: v.span(),
        })
    }

    fn opt_idents(&mut self, v: Option<&Value>) -> Vec<S<String>> {
        v.and_then(|v| self.idents(v))
            .map(|s| s.v)
            .unwrap_or_default()
    }

    /// A list of slot references, with the list's span.
    fn slot_refs(&mut self, v: &Value) -> Option<S<Vec<S<String>>>> {
        let items = self.array(v, "a list of slots")?;
        let refs = items.iter().filter_map(|x| self.slot_ref(x)).collect();
        Some(S {
            v: refs,
            span: v.span(),
        })
    }

    fn opt_slot_refs(&mut self, v: Option<&Value>) -> Vec<S<String>> {
        let Some(v) = v else { return Vec::new() };
        let Some(items) = self.array(v, "a list of slots") else {
            return Vec::new();
        };
        items.iter().filter_map(|x| self.slot_ref(x)).collect()
    }

    /// An integer value of `key`.
    fn int(&mut self, v: &Value, key: &str) -> Option<S<i64>> {
        match v.get_ref() {
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                match i64::from_str_radix(&digits, i.radix()) {
                    Ok(n) => Some(S {
                        v: n,
                        span: v.span(),
                    }),
                    Err(_) => {
                        self.err(
                            v.span(),
                            format!(
                                "`{key}` is out of range: the largest integer a file can hold is {}",
                                i64::MAX
                            ),
                        );
                        None
                    }
                }
            }
            _ => {
                self.wrong_type(v, "an integer");
                None
            }
        }
    }

    /// A number (integer or float) value of `key`.
    fn number(&mut self, v: &Value, key: &str) -> Option<S<f64>> {
        match v.get_ref() {
            DeValue::Float(x) => match x.as_str().replace('_', "").parse::<f64>() {
                Ok(n) if n.is_finite() => Some(S {
                    v: n,
                    span: v.span(),
                }),
                _ => {
                    self.err(v.span(), format!("`{key}` must be a finite number"));
                    None
                }
            },
            DeValue::Integer(_) => self.int(v, key).map(|i| S {
                #[allow(clippy::cast_precision_loss)] // counts far below 2^52
                v: i.v as f64,
                span: i.span,
            }),
            _ => {
                self.wrong_type(v, "a number");
                None
            }
        }
    }

    fn bool(&mut self, v: &Value) -> Option<S<bool>> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(S {
                v: *b,
                span: v.span(),
            }),
            _ => {
                self.wrong_type(v, "`true` or `false`");
                None
            }
        }
    }

    /// A date as `"YYYY-MM-DD"` or a TOML local date.
    fn date(&mut self, v: &Value) -> Option<S<Date>> {
        let text = match v.get_ref() {
            DeValue::String(s) => s.to_string(),
            DeValue::Datetime(d) if d.time.is_none() && d.offset.is_none() => d.to_string(),
            _ => {
                self.wrong_type(v, "a date like `\"2019-07-04\"`");
                return None;
            }
        };
        match parse_date(&text) {
            Ok(date) => Some(S {
                v: date,
                span: v.span(),
            }),
            Err(why) => {
                self.diags.push(
                    Diagnostic::new(v.span(), format!("invalid date `{text}`: {why}"))
                        .hint("write dates as `YYYY-MM-DD`, e.g. `\"2019-07-04\"`"),
                );
                None
            }
        }
    }

    /// A time as `"HH:MM"` or a TOML local time with zero seconds.
    fn time(&mut self, v: &Value) -> Option<S<Minutes>> {
        let parsed = match v.get_ref() {
            DeValue::String(s) => parse_time(s).map_err(|why| (s.to_string(), why)),
            DeValue::Datetime(d) if d.date.is_none() && d.offset.is_none() => match d.time {
                Some(t) if t.second.unwrap_or(0) == 0 && t.nanosecond.unwrap_or(0) == 0 => {
                    Ok(Minutes::from(t.hour) * 60 + Minutes::from(t.minute))
                }
                _ => Err((d.to_string(), "seconds are not allowed".to_string())),
            },
            _ => {
                self.wrong_type(v, "a time like `\"10:00\"`");
                return None;
            }
        };
        match parsed {
            Ok(m) => Some(S {
                v: m,
                span: v.span(),
            }),
            Err((text, why)) => {
                self.diags.push(
                    Diagnostic::new(v.span(), format!("invalid time `{text}`: {why}")).hint(
                        "write times as `HH:MM` with two-digit hours and minutes, e.g. `\"09:30\"`",
                    ),
                );
                None
            }
        }
    }

    /// A slot reference: a string, or a TOML local date/time; resolved later.
    fn slot_ref(&mut self, v: &Value) -> Option<S<String>> {
        let text = match v.get_ref() {
            DeValue::String(s) => s.to_string(),
            DeValue::Datetime(d) if d.offset.is_none() => match (d.date, d.time) {
                (Some(date), Some(t)) => format!("{date} {:02}:{:02}", t.hour, t.minute),
                (None, Some(t)) => format!("{:02}:{:02}", t.hour, t.minute),
                _ => d.to_string(),
            },
            _ => {
                self.wrong_type(v, "a slot like `\"10:00\"` or `\"2019-07-04 10:00\"`");
                return None;
            }
        };
        Some(S {
            v: text,
            span: v.span(),
        })
    }
}

/// Where to point for a whole table: its `[header]` or `[[header]]`, or
/// an inline table's first line.
pub fn header_span(source: &str, table: &Range<usize>) -> Range<usize> {
    let start = table.start.min(source.len());
    let Some(rest) = source.get(start..) else {
        return start..start;
    };
    let line = rest.split('\n').next().unwrap_or("");
    let len = if line.starts_with("[[") {
        line.find("]]").map_or(line.len(), |i| i + 2)
    } else if line.starts_with('[') {
        line.find(']').map_or(line.len(), |i| i + 1)
    } else {
        let one_line = table.end.saturating_sub(start);
        one_line.min(line.trim_end().len())
    };
    start..start + len.max(1).min(rest.len())
}

pub use super::diagnostic::invisible;

/// A character as users can recognise it: `U+0007`, with a name where it
/// helps.
pub fn char_name(c: char) -> String {
    let name = match c {
        '\u{7}' => " (bell)",
        '\u{8}' => " (backspace)",
        '\u{1B}' => " (escape)",
        '\u{7F}' => " (delete)",
        '\u{A0}' => " (no-break space)",
        '\u{200B}' => " (zero-width space)",
        '\u{200C}' => " (zero-width non-joiner)",
        '\u{200D}' => " (zero-width joiner)",
        '\u{200E}' | '\u{200F}' => " (direction mark)",
        '\u{202A}'..='\u{202E}' => " (direction override)",
        '\u{2066}'..='\u{2069}' => " (direction isolate)",
        '\u{FEFF}' => " (byte order mark)",
        _ => "",
    };
    format!("U+{:04X}{name}", u32::from(c))
}

/// Text with every invisible or reordering character written as
/// `<U+XXXX>`, so a message shows what is there.
pub fn visible(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if invisible(c) {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_shape_errors_are_reported_at_once() {
        let src = "[event]\nname = 1\nslot_minutes = \"x\"\ncolour = 3\n";
        let (_, diags) = read(src);
        let msgs: Vec<_> = diags.iter().map(|d| d.message.as_str()).collect();
        assert!(
            msgs.contains(&"expected a string, found an integer"),
            "{msgs:?}"
        );
        assert!(
            msgs.contains(&"expected an integer, found a string"),
            "{msgs:?}"
        );
        assert!(
            msgs.contains(&"unknown key `colour` in `[event]`"),
            "{msgs:?}"
        );
    }
}
