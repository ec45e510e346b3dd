//! A folder of spreadsheet CSV files to a [`Draft`]; also the
//! `--audience-file` reader.
//!
//! The template (docs/importing.md, example in
//! `problems/import-example/`): `talks.csv` and `rooms.csv` are required,
//! `speakers.csv` and `slots.csv` optional. Lists inside a cell are
//! separated by `;`. A UTF-8 byte-order mark (Excel's "CSV UTF-8") is
//! dropped. An unknown column is an error, and every error names its
//! file, line and column.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::draft::{Draft, Figure, Room, Speaker, Talk};
use super::grid::{self, Duration, Window};
use super::{AudienceSource, Format, ImportError, Options};
use crate::problem::{Diagnostic, InputError, Minutes, time::parse_time};

/// Columns of `talks.csv` (`id` and `title` required).
pub const TALK_COLUMNS: [&str; 10] = [
    "id",
    "title",
    "speakers",
    "minutes",
    "audience",
    "track",
    "needs",
    "fixed_slot",
    "fixed_room",
    "unavailable",
];
/// Columns of `rooms.csv` (`id` and `capacity` required).
pub const ROOM_COLUMNS: [&str; 6] = [
    "id",
    "name",
    "capacity",
    "building",
    "features",
    "unavailable",
];
/// Columns of `speakers.csv` (both required).
pub const SPEAKER_COLUMNS: [&str; 2] = ["name", "unavailable"];
/// Columns of `slots.csv` (`date`, `start`, `end` required).
pub const SLOT_COLUMNS: [&str; 4] = ["date", "start", "end", "break"];

/// One parsed CSV file: its rows as column -> (value, span).
struct Sheet {
    path: String,
    source: String,
    rows: Vec<Row>,
    diags: Vec<Diagnostic>,
}

struct Row {
    cells: BTreeMap<String, (String, Range<usize>)>,
    span: Range<usize>,
}

impl Row {
    fn get(&self, col: &str) -> &str {
        self.cells.get(col).map_or("", |(v, _)| v.as_str())
    }
    fn span(&self, col: &str) -> Range<usize> {
        self.cells
            .get(col)
            .map_or(self.span.clone(), |(_, s)| s.clone())
    }
    fn list(&self, col: &str) -> Vec<String> {
        self.get(col)
            .split(';')
            .map(|x| x.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|x| !x.is_empty())
            .collect()
    }
}

/// Byte offsets of the fields of the record starting at `start`, found
/// by scanning its text (quotes honoured).
fn field_offsets(source: &str, start: usize) -> Vec<Range<usize>> {
    let b = source.as_bytes();
    let mut out = Vec::new();
    let mut i = start;
    let mut field_start = i;
    let mut quoted = false;
    while i < b.len() {
        match b[i] {
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                out.push(field_start..i);
                field_start = i + 1;
            }
            b'\n' | b'\r' if !quoted => break,
            _ => {}
        }
        i += 1;
    }
    out.push(field_start..i);
    out
}

/// The offset of a quote that opens a value and is never closed.
fn unclosed_quote(source: &str) -> Option<usize> {
    let mut open: Option<usize> = None;
    let mut field_start = true;
    let b = source.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match (open, b[i]) {
            (None, b'"') if field_start => open = Some(i),
            (Some(_), b'"') if b.get(i + 1) == Some(&b'"') => i += 1,
            (Some(_), b'"') => open = None,
            _ => {}
        }
        field_start = open.is_none() && matches!(b[i], b',' | b'\n' | b'\r');
        i += 1;
    }
    open
}

/// A CSV path, known and required columns in; the sheet (rows by column, diagnostics) out.
fn read_sheet(path: &str, columns: &[&str], required: &[&str]) -> Result<Sheet, ImportError> {
    let source = super::read_source(path)?;
    let mut sheet = Sheet {
        path: path.to_string(),
        source: source.clone(),
        rows: Vec::new(),
        diags: Vec::new(),
    };
    if let Some(at) = unclosed_quote(&source) {
        sheet.diags.push(
            Diagnostic::new(
                at..at + 1,
                "malformed CSV: this quoted value is never closed",
            )
            .label("opened here")
            .hint("a value with a comma or a line break is written between \"quotes\"; close it"),
        );
        return Ok(sheet);
    }
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(source.as_bytes());
    let mut header: Vec<Option<String>> = Vec::new();
    for (n, rec) in rdr.records().enumerate() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let at = e
                    .position()
                    .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
                sheet
                    .diags
                    .push(Diagnostic::new(at..at + 1, format!("malformed CSV: {e}")));
                break;
            }
        };
        let start = rec
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let offsets = field_offsets(&source, start);
        let span_of = |i: usize| offsets.get(i).cloned().unwrap_or(start..start + 1);
        if n == 0 {
            header = read_header(&rec, &span_of, columns, required, &mut sheet.diags);
            continue;
        }
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut cells = BTreeMap::new();
        for (i, v) in rec.iter().enumerate() {
            match header.get(i) {
                Some(Some(col)) => {
                    cells.insert(col.clone(), (v.trim().to_string(), span_of(i)));
                }
                Some(None) => {}
                None if !v.trim().is_empty() => sheet.diags.push(Diagnostic::new(
                    span_of(i),
                    format!(
                        "a value in column {} , which has no name in the first line",
                        i + 1
                    ),
                )),
                None => {}
            }
        }
        let end = offsets.last().map_or(start + 1, |r| r.end.max(start + 1));
        sheet.rows.push(Row {
            cells,
            span: start..end,
        });
    }
    Ok(sheet)
}

/// The first CSV record, known/required columns in; each column's name out, problems into `diags`.
fn read_header(
    rec: &::csv::StringRecord,
    span_of: &impl Fn(usize) -> Range<usize>,
    columns: &[&str],
    required: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Option<String>> {
    let mut header: Vec<Option<String>> = Vec::new();
    for (i, h) in rec.iter().enumerate() {
        let h = h.trim().to_lowercase();
        if h.is_empty() {
            header.push(None);
        } else if columns.contains(&h.as_str()) {
            if header.iter().flatten().any(|x| *x == h) {
                diags.push(Diagnostic::new(
                    span_of(i),
                    format!("column `{h}` appears twice"),
                ));
            }
            header.push(Some(h));
        } else {
            let mut d = Diagnostic::new(span_of(i), format!("unknown column `{h}`"))
                .label("unknown column");
            d = match crate::problem::diagnostic::did_you_mean(&h, columns.iter().copied()) {
                Some(hint) => d.hint(hint),
                None => d.hint(format!("the columns are {}", columns.join(", "))),
            };
            diags.push(d);
            header.push(None);
        }
    }
    for r in required {
        if !header.iter().flatten().any(|h| h == r) {
            diags.push(
                Diagnostic::new(0..1, format!("the first line has no column `{r}`")).hint(format!(
                    "the first line names the columns: {}",
                    columns.join(", ")
                )),
            );
        }
    }
    header
}

impl Sheet {
    fn error(&mut self, span: Range<usize>, msg: String) {
        self.diags.push(Diagnostic::new(span, msg));
    }
    fn number(&mut self, row: &Row, col: &str, min: u64) -> Option<u32> {
        let v = row.get(col);
        if v.is_empty() {
            return None;
        }
        match v.parse::<u64>() {
            Ok(n) if n >= min => u32::try_from(n).ok(),
            _ => {
                self.error(
                    row.span(col),
                    format!("`{col}` must be a whole number of at least {min}, not `{v}`"),
                );
                None
            }
        }
    }
    fn done(&mut self) -> Result<(), ImportError> {
        if self.diags.is_empty() {
            Ok(())
        } else {
            let diags = std::mem::take(&mut self.diags);
            Err(ImportError::Input(InputError::at(
                &self.path,
                &self.source,
                diags,
            )))
        }
    }
}

/// Reads a CSV folder.
pub fn read(opts: &Options, dir: &str) -> Result<Draft, ImportError> {
    let base = std::path::Path::new(dir);
    if !base.is_dir() {
        return Err(ImportError::Input(InputError::file(
            dir,
            "is not a folder (a CSV import reads talks.csv and rooms.csv from a folder)",
        )));
    }
    let file = |n: &str| base.join(n).to_string_lossy().to_string();
    let mut d = Draft::new(Format::Csv, dir);
    d.name = opts.name.clone().unwrap_or_else(|| {
        base.canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|f| f.to_string_lossy().to_string()))
            .unwrap_or_else(|| "Conference".to_string())
    });
    d.map("[event] name", "`--name` (else the folder's name)");
    d.timezone = opts.timezone.clone().unwrap_or_else(|| "UTC".to_string());
    grid::time_zone(&d.timezone).map_err(ImportError::Usage)?;
    d.map("[event] timezone", "`--timezone` (else UTC)");

    // Talks first: their durations may set the slot length.
    let (mut talks, rows, minutes) = read_talk_rows(&file("talks.csv"))?;
    let (mut rooms, room_rows) = read_room_rows(&file("rooms.csv"))?;

    // The grid: slots.csv, else the flags.
    let timed: Vec<Duration> = rows
        .iter()
        .zip(&minutes)
        .filter_map(|(r, m)| {
            m.map(|m| Duration {
                id: r.get("id"),
                minutes: m,
            })
        })
        .collect();
    read_grid(&mut d, opts, dir, &file("slots.csv"), &timed)?;
    let slot = d.slot_minutes;
    let grid_opts = super::GridOptions {
        slot_minutes: Some(slot),
        ..opts.grid.clone()
    };
    let (_, parts, notes) = grid::slot_length(&timed, &grid_opts)?;
    d.notes.extend(notes);

    add_rooms(&mut d, opts, &room_rows);
    add_talks(&mut d, opts, &rows, &minutes, parts);
    check_references(&d, &mut talks, &rows, &mut rooms, &room_rows)?;

    let speakers_path = file("speakers.csv");
    if std::path::Path::new(&speakers_path).exists() {
        read_speakers(&mut d, &speakers_path)?;
    }
    Ok(d)
}

/// talks.csv as read: the sheet, its rows and each row's `minutes`.
type TalkSheet = (Sheet, Vec<Row>, Vec<Option<u32>>);

/// talks.csv's path in; its sheet, rows and each row's `minutes` out, or an error for its problems.
fn read_talk_rows(path: &str) -> Result<TalkSheet, ImportError> {
    let mut talks = read_sheet(path, &TALK_COLUMNS, &["id", "title"])?;
    let rows = std::mem::take(&mut talks.rows);
    let mut minutes = Vec::new();
    let mut seen = BTreeMap::new();
    for row in &rows {
        let id = row.get("id").to_string();
        if id.is_empty() {
            talks.error(row.span("id"), "a talk without an `id`".into());
        } else if let Some(first) = seen.insert(id.clone(), row.span("id")) {
            let (line, _) = crate::problem::diagnostic::line_col(&talks.source, first.start);
            talks.error(
                row.span("id"),
                format!("talk id `{id}` is used twice (first on line {line})"),
            );
        }
        if row.cells.contains_key("title") && row.get("title").is_empty() {
            talks.error(row.span("title"), format!("talk `{id}` has no `title`"));
        }
        if !row.get("speakers").is_empty()
            && row.get("speakers").split(';').any(|x| x.trim().is_empty())
        {
            talks.error(
                row.span("speakers"),
                format!("talk `{id}` lists a speaker with no name"),
            );
        }
        minutes.push(talks.number(row, "minutes", 1));
        let _ = talks.number(row, "audience", 0);
    }
    talks.done()?;
    Ok((talks, rows, minutes))
}

/// rooms.csv's path in; its sheet and rows out, or an error for its problems.
fn read_room_rows(path: &str) -> Result<(Sheet, Vec<Row>), ImportError> {
    let mut rooms = read_sheet(path, &ROOM_COLUMNS, &["id"])?;
    let room_rows = std::mem::take(&mut rooms.rows);
    let mut room_ids = BTreeMap::new();
    for row in &room_rows {
        let id = row.get("id").to_string();
        if id.is_empty() {
            rooms.error(row.span("id"), "a room without an `id`".into());
        } else if room_ids.insert(id.clone(), ()).is_some() {
            rooms.error(row.span("id"), format!("room id `{id}` is used twice"));
        }
        let _ = rooms.number(row, "capacity", 1);
    }
    rooms.done()?;
    Ok((rooms, room_rows))
}

/// Draft, options, slots.csv path in; days and slot length (slots.csv, else flags) into the draft.
fn read_grid(
    d: &mut Draft,
    opts: &Options,
    dir: &str,
    slots_path: &str,
    timed: &[Duration],
) -> Result<(), ImportError> {
    if std::path::Path::new(slots_path).exists() {
        read_slots(d, slots_path)?;
        d.map(
            "[[days]]",
            "slots.csv: one row per slot (`date`, `start`, `end`) or break (`break` = its name)",
        );
        return Ok(());
    }
    let (slot, _, _) = grid::slot_length(timed, &opts.grid)?;
    if opts.grid.dates.is_empty() {
        return Err(ImportError::Source(format!(
            "{dir} has no slots.csv and no `--date` was given, so the conference has no days\n  hint: add slots.csv (date,start,end,break) or pass `--date YYYY-MM-DD` once per day"
        )));
    }
    let w = Window::from_flags(&opts.grid, (grid::DEFAULT_DAY_START, grid::DEFAULT_DAY_END))?;
    for date in &grid::flag_dates(&opts.grid.dates)? {
        d.days.push(w.day(date, slot));
    }
    d.slot_minutes = slot;
    d.map(
        "[[days]]",
        "`--date`, `--day-start`, `--day-end`, `--changeover`, `--break`",
    );
    Ok(())
}

/// Draft, options and rooms.csv rows in; the rooms into the draft.
fn add_rooms(d: &mut Draft, opts: &Options, room_rows: &[Row]) {
    for row in room_rows {
        let capacity = match row.get("capacity").parse::<u32>() {
            Ok(c) if c > 0 => Figure::given(c),
            _ => Figure::todo(
                opts.default_capacity,
                "no capacity in rooms.csv (--default-capacity)",
            ),
        };
        d.rooms.push(Room {
            id: row.get("id").to_string(),
            name: Some(row.get("name"))
                .filter(|n| !n.is_empty())
                .unwrap_or(row.get("id"))
                .to_string(),
            capacity,
            building: Some(row.get("building").to_string()).filter(|b| !b.is_empty()),
            features: row.list("features"),
            unavailable: row.list("unavailable"),
        });
    }
    d.map("[[rooms]]", "rooms.csv, column by column");
}

/// Draft, options, talks.csv rows, minutes and parts in; the talks into the draft.
fn add_talks(
    d: &mut Draft,
    opts: &Options,
    rows: &[Row],
    minutes: &[Option<u32>],
    parts: Vec<u32>,
) {
    let slot = d.slot_minutes;
    let mut parts = parts.into_iter();
    for (row, m) in rows.iter().zip(minutes) {
        let mut t = Talk::new(row.get("id"), row.get("title"));
        for sp in row.list("speakers") {
            if !t.speakers.contains(&sp) {
                t.speakers.push(sp);
            }
        }
        t.audience = match row.get("audience").parse::<u32>() {
            Ok(n) => Figure::given(n),
            Err(_) => Figure::todo(
                opts.default_audience,
                "no audience in talks.csv (--default-audience)",
            ),
        };
        t.parts = match m {
            Some(_) => parts.next().unwrap_or(1),
            None => {
                t.notes.push("no `minutes` in talks.csv: one slot".into());
                1
            }
        };
        t.track = Some(row.get("track").to_string()).filter(|x| !x.is_empty());
        t.needs = row.list("needs");
        t.fixed_slot = Some(row.get("fixed_slot").to_string()).filter(|x| !x.is_empty());
        t.fixed_room = Some(row.get("fixed_room").to_string()).filter(|x| !x.is_empty());
        t.unavailable = row.list("unavailable");
        d.talks.push(t);
    }
    d.map(
        "[[talks]]",
        format!("talks.csv, column by column; parts = `minutes` / {slot}"),
    );
}

/// Draft, speakers.csv path in; the checked speakers into the draft, or an error for its problems.
fn read_speakers(d: &mut Draft, path: &str) -> Result<(), ImportError> {
    let mut sp = read_sheet(path, &SPEAKER_COLUMNS, &["name", "unavailable"])?;
    let sp_rows = std::mem::take(&mut sp.rows);
    for row in &sp_rows {
        if row.get("name").is_empty() {
            sp.error(row.span("name"), "a speaker with no name".into());
        }
    }
    let named: std::collections::BTreeSet<&str> = d
        .talks
        .iter()
        .flat_map(|t| t.speakers.iter().map(String::as_str))
        .collect();
    let mut seen_names = std::collections::BTreeSet::new();
    for row in &sp_rows {
        let norm = row
            .get("name")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !norm.is_empty() && !seen_names.insert(norm.clone()) {
            sp.error(
                row.span("name"),
                format!("speaker `{}` is listed twice", row.get("name")),
            );
        }
        if !norm.is_empty() && !named.contains(norm.as_str()) {
            sp.error(
                row.span("name"),
                format!("speaker `{}` gives no talk in talks.csv", row.get("name")),
            );
        }
        for r in row.list("unavailable") {
            if !slot_ref_ok(&d.days, &r) {
                sp.error(
                    row.span("unavailable"),
                    format!("`{r}` is not a slot or day of the event"),
                );
            }
        }
    }
    sp.done()?;
    for row in &sp_rows {
        d.speakers.push(Speaker {
            name: row
                .get("name")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            unavailable: row.list("unavailable"),
        });
    }
    d.map("[[speakers]]", "speakers.csv");
    Ok(())
}

/// Whether `r` names a slot (`YYYY-MM-DD HH:MM`, or `HH:MM` in a
/// one-day event) or a day (`YYYY-MM-DD`) of the grid.
fn slot_ref_ok(days: &[super::draft::Day], r: &str) -> bool {
    let (date, time) = match r.split_once(' ') {
        Some((d, t)) => (Some(d), Some(t)),
        None if r.contains(':') => (None, Some(r)),
        None => (Some(r), None),
    };
    let candidates: Vec<&super::draft::Day> = match date {
        Some(d) => days.iter().filter(|x| x.date == d).collect(),
        None if days.len() == 1 => days.iter().collect(),
        None => Vec::new(),
    };
    candidates.iter().any(|day| match time {
        None => true,
        Some(t) => parse_time(t).is_ok_and(|m| day.slots.contains(&m)),
    })
}

/// Room ids, slot references and needed features in talks.csv and
/// rooms.csv name things that exist, each error at its cell.
fn check_references(
    d: &Draft,
    talks: &mut Sheet,
    talk_rows: &[Row],
    rooms: &mut Sheet,
    room_rows: &[Row],
) -> Result<(), ImportError> {
    let features: std::collections::BTreeSet<&str> = d
        .rooms
        .iter()
        .flat_map(|r| r.features.iter().map(String::as_str))
        .collect();
    for row in talk_rows {
        let room = row.get("fixed_room");
        if !room.is_empty() && !d.rooms.iter().any(|r| r.id == room) {
            talks.error(
                row.span("fixed_room"),
                format!("room `{room}` is not in rooms.csv"),
            );
        }
        let slot = row.get("fixed_slot");
        if !slot.is_empty() && (!slot.contains(':') || !slot_ref_ok(&d.days, slot)) {
            talks.error(
                row.span("fixed_slot"),
                format!("`{slot}` is not a slot of the event"),
            );
        }
        for r in row.list("unavailable") {
            if !slot_ref_ok(&d.days, &r) {
                talks.error(
                    row.span("unavailable"),
                    format!("`{r}` is not a slot or day of the event"),
                );
            }
        }
        for f in row.list("needs") {
            if !features.contains(f.as_str()) {
                talks.error(
                    row.span("needs"),
                    format!("no room in rooms.csv has the feature `{f}`"),
                );
            }
        }
    }
    for row in room_rows {
        for r in row.list("unavailable") {
            if !slot_ref_ok(&d.days, &r) {
                rooms.error(
                    row.span("unavailable"),
                    format!("`{r}` is not a slot or day of the event"),
                );
            }
        }
    }
    talks.done()?;
    rooms.done()
}

/// slots.csv: one row per slot or break.
fn read_slots(d: &mut Draft, path: &str) -> Result<(), ImportError> {
    let mut sheet = read_sheet(path, &SLOT_COLUMNS, &["date", "start", "end"])?;
    let rows = std::mem::take(&mut sheet.rows);
    let (lengths, parsed) = parse_slot_rows(&mut sheet, &rows);
    let slot = lengths
        .iter()
        .max_by_key(|(len, n)| (**n, std::cmp::Reverse(**len)))
        .map_or(0, |(l, _)| *l);
    let mut spans: BTreeMap<(String, Minutes), Range<usize>> = BTreeMap::new();
    let mut days: BTreeMap<String, super::draft::Day> = BTreeMap::new();
    for (date, a, b, brk, span) in parsed {
        spans.insert((date.clone(), a), span.clone());
        let day = days
            .entry(date.clone())
            .or_insert_with(|| super::draft::Day {
                date,
                slots: Vec::new(),
                breaks: Vec::new(),
            });
        if brk.is_empty() {
            if b - a != slot {
                sheet.error(
                    span,
                    format!("this slot lasts {} minutes but the others {slot}: every slot has one length", b - a),
                );
            }
            day.slots.push(a);
        } else {
            day.breaks.push((brk, a, b));
        }
    }
    check_slot_days(&mut sheet, &mut days, &spans, slot);
    if slot == 0 && sheet.diags.is_empty() {
        sheet.error(0..1, "no slots (rows without a `break` name)".into());
    }
    sheet.done()?;
    d.slot_minutes = slot;
    for (_, mut day) in days {
        day.slots.sort_unstable();
        day.slots.dedup();
        day.breaks.sort_by_key(|b| b.1);
        d.days.push(day);
    }
    Ok(())
}

/// A row of slots.csv: date, start, end, break name (empty for a slot)
/// and the span of its `end`.
type SlotRow = (String, Minutes, Minutes, String, Range<usize>);

/// slots.csv's rows in; the readable rows and slot counts per length out, problems into `sheet`.
fn parse_slot_rows(sheet: &mut Sheet, rows: &[Row]) -> (BTreeMap<Minutes, usize>, Vec<SlotRow>) {
    let mut lengths: BTreeMap<Minutes, usize> = BTreeMap::new();
    let mut parsed = Vec::new();
    for row in rows {
        let date = row.get("date");
        if let Err(e) = grid::parse_date(date) {
            sheet.error(row.span("date"), format!("`date` `{date}`: {e}"));
            continue;
        }
        let time = |col: &str, sheet: &mut Sheet| {
            let v = row.get(col);
            let r = if col == "end" && v == "24:00" {
                Ok(24 * 60)
            } else {
                parse_time(v)
            };
            r.map_err(|e| sheet.error(row.span(col), format!("`{col}` `{v}`: {e}")))
                .ok()
        };
        let (Some(a), Some(b)) = (time("start", sheet), time("end", sheet)) else {
            continue;
        };
        if b <= a {
            sheet.error(
                row.span("end"),
                format!("this row ends ({}) before it starts", row.get("end")),
            );
            continue;
        }
        let brk = row.get("break").to_string();
        if brk.is_empty() {
            *lengths.entry(b - a).or_default() += 1;
        }
        parsed.push((date.to_string(), a, b, brk, row.span("end")));
    }
    (lengths, parsed)
}

/// Days, row spans, slot length in; overlaps, late slots, empty days, bad breaks into `sheet`.
fn check_slot_days(
    sheet: &mut Sheet,
    days: &mut BTreeMap<String, super::draft::Day>,
    spans: &BTreeMap<(String, Minutes), Range<usize>>,
    slot: Minutes,
) {
    for day in days.values_mut() {
        day.slots.sort_unstable();
        let at = |m: Minutes| spans.get(&(day.date.clone(), m)).cloned().unwrap_or(0..1);
        if day.slots.is_empty() {
            let first = day.breaks.first().map_or(0, |b| b.1);
            sheet.error(at(first), format!("{} has breaks but no slots", day.date));
            continue;
        }
        for w in day.slots.windows(2) {
            if w[0] + slot > w[1] {
                sheet.error(
                    at(w[1]),
                    format!(
                        "this slot starts before the one before it ends ({} {})",
                        day.date,
                        crate::problem::hhmm(w[0])
                    ),
                );
            }
        }
        let first = day.slots[0];
        let last_end = day.slots[day.slots.len() - 1] + slot;
        if last_end > 24 * 60 {
            sheet.error(at(last_end - slot), "this slot ends after midnight".into());
        }
        for (name, a, b) in &day.breaks {
            if *a < first || *b > last_end {
                sheet.error(
                    at(*a),
                    format!("break `{name}` lies outside the day's slots"),
                );
            } else if let Some(x) = day.slots.iter().find(|&&x| x < *b && *a < x + slot) {
                sheet.error(
                    at(*a),
                    format!(
                        "break `{name}` overlaps the slot at {}",
                        crate::problem::hhmm(*x)
                    ),
                );
            }
        }
    }
}

/// `--audience-file`: a CSV with columns `id` and `audience`.
pub fn read_audience_file(path: &str) -> Result<BTreeMap<String, u32>, ImportError> {
    let mut sheet = read_sheet(path, &["id", "audience"], &["id", "audience"])?;
    let rows = std::mem::take(&mut sheet.rows);
    let mut out = BTreeMap::new();
    for row in &rows {
        if let Some(n) = sheet.number(row, "audience", 0)
            && out.insert(row.get("id").to_string(), n).is_some()
        {
            sheet.error(
                row.span("id"),
                format!("talk `{}` appears twice", row.get("id")),
            );
        }
    }
    sheet.done()?;
    Ok(out)
}

/// Applies `--audience` (reviews are applied by the pretalx readers) and
/// `--audience-file`.
pub fn apply_audience_source(mut draft: Draft, opts: &Options) -> Result<Draft, ImportError> {
    if let AudienceSource::File(path) = &opts.audience {
        let figures = read_audience_file(path)?;
        let ids: BTreeSet<&str> = draft.talks.iter().map(|t| t.id.as_str()).collect();
        let unknown: Vec<&String> = figures
            .keys()
            .filter(|k| !ids.contains(k.as_str()))
            .collect();
        if !unknown.is_empty() {
            return Err(ImportError::Source(format!(
                "{path} gives audiences for talks the source does not have: {}",
                unknown
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        for t in &mut draft.talks {
            if let Some(&n) = figures.get(&t.id) {
                t.audience = Figure::derived(n, format!("from {path}"));
            }
        }
        draft.map(
            "talks' audience",
            format!("{path} (column `audience` by `id`)"),
        );
    }
    Ok(draft)
}
