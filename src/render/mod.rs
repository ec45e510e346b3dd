//! The last stage: a timetable in an output format, one file per format.
//!
//! In: a problem, a timetable and [`Options`]. Out: the text of the chosen
//! format. Every format is a pure function of its input: the same problem
//! and timetable give byte-identical output (everything is sorted, nothing
//! depends on the clock or on hash order).
//!
//! Shared here: which placement fills which (slot, room) cell, local and
//! UTC times (through jiff and the event's `timezone`), stable UUID v5
//! identifiers, track colours, and [`visible`], which keeps control
//! characters out of text meant for people.
//!
//! Times: a local time is placed in the event's time zone with jiff's
//! "compatible" rule. A time that occurs twice (the autumn change, when
//! clocks go back) takes the EARLIER offset, the one in force before the
//! change (2025-11-02 01:30 in America/New_York is 01:30-04:00, EDT); a
//! time that does not exist (the spring gap) is an input error before it
//! gets here. A talk ends its length after it starts: its last slot's
//! start plus `slot_minutes`, counted in real time ([`talk_times`]), never
//! a separately converted local end time.

pub mod csv;
mod frab;
pub mod frab_json;
pub mod frab_xml;
mod grid;
pub mod html;
pub mod ics;
pub mod json;
pub mod markdown;
pub mod text;

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{ToSpan, ZonedDateTime};
use uuid::Uuid;

use crate::problem::{Minutes, Problem, RoomId, SlotId, SpeakerId, TalkId};
use crate::timetable::{Placement, Timetable};

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The grid, one table per day.
    Text,
    /// The spec's timetable JSON.
    Json,
    /// A Markdown table per day: time rows, room columns, speakers in bold.
    Markdown,
    /// One row per talk (RFC 4180, UTF-8).
    Csv,
    /// One self-contained HTML page: a grid per day.
    Html,
    /// iCalendar (RFC 5545), one event per talk, times in UTC.
    Ics,
    /// frab/pentabarf/pretalx `schedule.xml`.
    FrabXml,
    /// frab/pretalx `schedule.json` (c3voc schema).
    FrabJson,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 8] = [
        Format::Text,
        Format::Json,
        Format::Markdown,
        Format::Csv,
        Format::Html,
        Format::Ics,
        Format::FrabXml,
        Format::FrabJson,
    ];

    /// The name users write (`--format NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Ics => "ics",
            Format::FrabXml => "frab-xml",
            Format::FrabJson => "frab-json",
        }
    }

    /// The format a file name's extension implies: `.json`, `.md`, `.csv`,
    /// `.html`, `.ics`, `.xml` (frab XML), `.txt`.
    pub fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "txt" => Format::Text,
            "json" => Format::Json,
            "md" | "markdown" => Format::Markdown,
            "csv" => Format::Csv,
            "html" | "htm" => Format::Html,
            "ics" => Format::Ics,
            "xml" => Format::FrabXml,
            _ => return None,
        })
    }
}

/// What the command line may change about the output.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Only this speaker's talks.
    pub speaker: Option<SpeakerId>,
    /// Start CSV output with a UTF-8 byte-order mark.
    pub bom: bool,
    /// Fit the text grid into this many terminal columns (`None`:
    /// unlimited, every column at its natural width).
    pub width: Option<usize>,
    /// The schedule version of the frab formats (`None`: `1.0`).
    pub version: Option<String>,
    /// `--format html`: show per talk how many attendees starred it.
    pub stars: bool,
}

/// Renders a timetable: the one entry point for every format.
pub fn render(p: &Problem, tt: &Timetable, format: Format, opts: &Options) -> String {
    let filtered;
    let tt = match opts.speaker {
        Some(s) => {
            filtered = only_speaker(p, tt, s);
            &filtered
        }
        None => tt,
    };
    match format {
        Format::Text => match opts.speaker {
            Some(s) => text::speaker_list(p, tt, s, opts.width),
            None => text::render(p, tt, opts.width),
        },
        Format::Json => json::render(p, tt),
        Format::Markdown => markdown::render(p, tt),
        Format::Csv => csv::render(p, tt, opts.bom),
        Format::Html => html::render_with(p, tt, opts.stars),
        Format::Ics => ics::render(p, tt),
        Format::FrabXml => frab_xml::render(p, tt, frab::version(opts)),
        Format::FrabJson => frab_json::render(p, tt, frab::version(opts)),
    }
}

/// The timetable restricted to one speaker's talks.
fn only_speaker(p: &Problem, tt: &Timetable, s: SpeakerId) -> Timetable {
    let placements = tt
        .placements
        .iter()
        .filter(|x| p.talk(x.talk).speakers.contains(&s))
        .cloned()
        .collect();
    Timetable::new(p, tt.status, placements)
}

/// The speaker named `name` (exactly as written in the problem), or the
/// closest name to suggest (if any is close).
pub fn find_speaker(p: &Problem, name: &str) -> Result<SpeakerId, Option<String>> {
    if let Some(s) = p.speaker_ids().find(|&s| p.speaker(s).name == name) {
        return Ok(s);
    }
    Err(
        crate::problem::diagnostic::closest(name, p.speakers.iter().map(|s| s.name.as_str()))
            .map(str::to_string),
    )
}

/// Which placement (index into `tt.placements`) occupies each room in each
/// slot: `cells[slot][room]`.
pub(crate) struct Cells {
    rooms: usize,
    cells: Vec<Option<usize>>,
}

impl Cells {
    pub(crate) fn new(p: &Problem, tt: &Timetable) -> Self {
        let rooms = p.rooms.len();
        let mut cells = vec![None; p.slots.len() * rooms];
        for (i, x) in tt.placements.iter().enumerate() {
            for s in Timetable::occupied(p, x) {
                for r in &x.rooms {
                    cells[s.index() * rooms + r.index()] = Some(i);
                }
            }
        }
        Cells { rooms, cells }
    }

    /// The placement in room `r` during slot `s`.
    pub(crate) fn at<'a>(&self, tt: &'a Timetable, s: SlotId, r: RoomId) -> Option<&'a Placement> {
        self.cells[s.index() * self.rooms + r.index()].map(|i| &tt.placements[i])
    }
}

/// A row of a day's grid: a slot or a break, in time order (a break
/// before a slot that starts at the same minute).
pub(crate) enum Row {
    Slot(SlotId),
    Break(usize),
}

/// The rows of day `d`.
pub(crate) fn day_rows(p: &Problem, d: usize) -> Vec<Row> {
    let day = &p.days[d];
    let mut rows: Vec<(Minutes, u8, Row)> = day
        .slots()
        .map(|s| (p.slot(s).start, 1, Row::Slot(s)))
        .chain(
            day.breaks
                .iter()
                .enumerate()
                .map(|(i, b)| (b.start, 0, Row::Break(i))),
        )
        .collect();
    rows.sort_by_key(|(start, order, _)| (*start, *order));
    rows.into_iter().map(|(_, _, r)| r).collect()
}

/// The event's time zone.
pub(crate) fn time_zone(p: &Problem) -> TimeZone {
    p.timezone.clone()
}

/// The date of day `d`.
pub(crate) fn date(p: &Problem, d: usize) -> Date {
    p.days[d].date
}

/// Wall-clock time `minutes` after midnight of day `d` (24:00 is the next
/// day's midnight).
pub(crate) fn local(p: &Problem, d: usize, minutes: Minutes) -> DateTime {
    date(p, d)
        .to_datetime(jiff::civil::Time::midnight())
        .checked_add(i64::from(minutes).minutes())
        .expect("within the calendar")
}

/// [`local`] in the event's time zone; a time that occurs twice takes the
/// earlier offset (jiff's "compatible" rule, see the module docs).
pub(crate) fn zoned(p: &Problem, d: usize, minutes: Minutes) -> ZonedDateTime {
    time_zone(p)
        .to_ambiguous_zoned_datetime(local(p, d, minutes))
        .compatible()
        .expect("within the calendar")
}

/// Whether `minutes` after midnight of day `d` occurs twice there (the
/// hour the autumn change repeats).
pub(crate) fn repeated(p: &Problem, d: usize, minutes: Minutes) -> bool {
    matches!(
        time_zone(p)
            .to_ambiguous_zoned_datetime(local(p, d, minutes))
            .offset(),
        jiff::tz::AmbiguousOffset::Fold { .. }
    )
}

/// When slot `s` starts, in the event's time zone.
pub(crate) fn slot_start(p: &Problem, s: SlotId) -> ZonedDateTime {
    let slot = p.slot(s);
    zoned(p, slot.day.index(), slot.start)
}

/// When slot `s` ends: its start plus `slot_minutes` of real time, on the
/// clock of its start (the same UTC offset), so the end never moves with a
/// daylight-saving change.
pub(crate) fn slot_end_zoned(p: &Problem, s: SlotId) -> ZonedDateTime {
    let start = slot_start(p, s);
    start
        .timestamp()
        .checked_add(i64::from(p.slot_minutes).minutes())
        .expect("within the calendar")
        .to_zoned_datetime(TimeZone::fixed(start.offset()))
}

/// When a talk starts and ends: its first slot's start, and its last
/// slot's real end ([`slot_end_zoned`]), so its length is `slot_minutes`
/// per part plus the real gaps between its slots.
pub(crate) fn talk_times(p: &Problem, x: &Placement) -> (ZonedDateTime, ZonedDateTime) {
    let occupied = Timetable::occupied(p, x);
    let last = *occupied.last().unwrap_or(&x.start);
    (slot_start(p, x.start), slot_end_zoned(p, last))
}

/// Whole minutes from `a` to `b`.
pub(crate) fn minutes_between(a: &ZonedDateTime, b: &ZonedDateTime) -> i64 {
    (b.timestamp().as_second() - a.timestamp().as_second()) / 60
}

/// ISO 8601 with the UTC offset: `2019-07-04T10:00:00+09:00`.
pub(crate) fn iso_offset(z: &ZonedDateTime) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// `HH:MM` for a number of minutes (durations may exceed a day's hours).
pub(crate) fn duration_hhmm(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Where a placement is in time: its day and local start and end minutes.
pub(crate) fn span(p: &Problem, x: &Placement) -> (usize, Minutes, Minutes) {
    let occupied = Timetable::occupied(p, x);
    let last = *occupied.last().unwrap_or(&x.start);
    (
        p.slot(x.start).day.index(),
        p.slot(x.start).start,
        p.slot_end(last),
    )
}

/// The event's namespace for UUID v5 identifiers:
/// `uuid5(NAMESPACE_URL, "confsched:" + event name)`.
pub(crate) fn event_namespace(p: &Problem) -> Uuid {
    Uuid::new_v5(
        &Uuid::NAMESPACE_URL,
        format!("confsched:{}", p.name).as_bytes(),
    )
}

/// A talk's stable identifier: `uuid5(event namespace, "talk:" + talk id)`.
pub(crate) fn talk_guid(p: &Problem, t: TalkId) -> Uuid {
    Uuid::new_v5(
        &event_namespace(p),
        format!("talk:{}", p.talk(t).id).as_bytes(),
    )
}

/// A room's stable identifier: `uuid5(event namespace, "room:" + room id)`.
pub(crate) fn room_guid(p: &Problem, r: RoomId) -> Uuid {
    Uuid::new_v5(
        &event_namespace(p),
        format!("room:{}", p.room(r).id).as_bytes(),
    )
}

/// A speaker's stable identifier: `uuid5(event namespace, "person:" + name)`.
pub(crate) fn person_guid(p: &Problem, s: SpeakerId) -> Uuid {
    Uuid::new_v5(
        &event_namespace(p),
        format!("person:{}", p.speaker(s).name).as_bytes(),
    )
}

/// Light background colours, one per track in order of first use (after
/// twelve tracks they repeat).
const TRACK_COLOURS: [&str; 12] = [
    "#cfe8fc", "#fde2c8", "#d4f0d0", "#f6d0e4", "#e6dcf8", "#fff3b0", "#c9f0ee", "#f5d5cf",
    "#e2ecc4", "#d8dff0", "#f9dcb4", "#dfe8e3",
];

/// The colour of track `i`.
pub(crate) fn track_colour(i: usize) -> &'static str {
    TRACK_COLOURS[i % TRACK_COLOURS.len()]
}

/// A room as formats that key by name show it: its name, or `name (id)`
/// when another room has the same name.
pub(crate) fn room_label(p: &Problem, r: RoomId) -> String {
    let room = p.room(r);
    if p.rooms.iter().filter(|x| x.name == room.name).count() > 1 {
        format!("{} ({})", room.name, room.id)
    } else {
        room.name.clone()
    }
}

/// `text` with every control character but newline (C0, DEL and C1:
/// bell, escape sequences, carriage returns...) shown as U+FFFD, for
/// formats that people read in a terminal or an editor; `\r\n` becomes
/// `\n`.
pub(crate) fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => out.push('\n'),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The event's first day at 00:00 UTC: the fixed "made at" time of
/// formats that need one (iCalendar's DTSTAMP), so output never depends on
/// the clock.
pub(crate) fn first_day_utc_midnight(p: &Problem) -> jiff::Timestamp {
    date(p, 0)
        .to_datetime(jiff::civil::Time::midnight())
        .to_zoned_datetime(TimeZone::UTC)
        .expect("within the calendar")
        .timestamp()
}

#[cfg(test)]
pub(crate) mod tests;
