//! `--format html`: one self-contained page (inline CSS; no scripts, fonts
//! or images fetched) with a grid per day.
//!
//! In: a problem and a timetable. Out: the page. `<html lang>` is the
//! problem's `[event] language`, when given. Each day is a table: a row
//! per slot (and per break, spanning all rooms), a column per room headed
//! by its name and seats. A talk of several parts has a cell in each of
//! its rows; the later ones (`td.cont`) are empty and borderless on top on
//! a wide screen, so the talk looks like one cell spanning its rows. An
//! overflow talk shows in each extra room, marked as streamed from its
//! main room. Talks are coloured by track, with a legend. On a narrow
//! screen (phones) the grid becomes a list: each slot's talks one under
//! another, each labelled with its room, a multi-part talk in every slot
//! it occupies; in print, each day starts a new page and colours are kept.
//!
//! Text breaks between words (`word-break: keep-all`, so Korean, Japanese
//! and Chinese words stay whole) and inside a word only when the word is
//! wider than its cell (`overflow-wrap: anywhere`). Slot times are
//! `<time>` elements with their UTC offset (see `render` for the offset of
//! a time that occurs twice); control characters show as U+FFFD.

use std::fmt::Write as _;

use quick_xml::escape::escape;

use crate::problem::{Problem, RoomId, SlotId, hhmm};
use crate::timetable::{Placement, Timetable};

use super::{Cells, Row, day_rows, track_colour};

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 1rem; font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK KR", "Malgun Gothic", sans-serif; color: #111; background: #fff; line-height: 1.35; word-break: keep-all; overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
.note { margin: 0 0 .5rem; color: #444; font-size: .9rem; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem; padding: 0; margin: .5rem 0; list-style: none; font-size: .85rem; }
.legend li { padding: .1rem .5rem; border: 1px solid #888; border-radius: .25rem; overflow-wrap: anywhere; }
table.grid { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.grid th, table.grid td { border: 1px solid #999; padding: .3rem .4rem; vertical-align: top; text-align: left; }
table.grid thead th { background: #f0f0f0; }
table.grid th.time { width: 7rem; font-variant-numeric: tabular-nums; }
.room-name { display: block; }
.seats { display: block; font-weight: normal; font-size: .8rem; color: #444; }
.title { display: block; font-weight: 600; }
.speakers { display: block; font-size: .85rem; }
.tag { display: block; font-size: .75rem; color: #333; font-style: italic; }
td.overflow { background-image: repeating-linear-gradient(135deg, transparent 0 .5rem, rgba(0,0,0,.06) .5rem 1rem); }
td.empty { background: #fafafa; }
tr.break td, tr.break th { background: #e8e8e8; font-style: italic; }
tr.break td { text-align: center; }
.part { font-weight: normal; font-size: .8rem; }
.offset { font-size: .75rem; font-weight: normal; color: #444; }
table.grid td.cont { border-top-style: hidden; }
table.grid td.cont > * { display: none; }
@media print {
  body { margin: 0; font-size: 9pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.day { break-after: page; }
  section.day:last-of-type { break-after: auto; }
  tr, td, th { break-inside: avoid; }
  h2 { margin-top: 0; }
}
@media (max-width: 700px) {
  body { margin: .5rem; }
  table.grid, table.grid tbody, table.grid tr, table.grid th, table.grid td { display: block; width: auto; }
  table.grid { border: 0; }
  table.grid thead { display: none; }
  table.grid tr { margin: 0 0 .5rem; border: 1px solid #999; }
  table.grid th, table.grid td { border: 0; border-top: 1px solid #ccc; }
  table.grid th.time { width: auto; background: #f0f0f0; border-top: 0; }
  table.grid td.empty { display: none; }
  table.grid td.cont { border-top: 1px solid #ccc; }
  table.grid td.cont > * { display: block; }
  table.grid td[data-room]::before { content: attr(data-room); display: block; font-size: .75rem; color: #444; font-style: normal; }
}
"#;

/// `text` for an HTML text node or attribute: escaped, control characters
/// shown as U+FFFD (see [`super::visible`]).
fn text(text: &str) -> String {
    escape(super::visible(text)).into_owned()
}

/// The HTML page.
pub fn render(p: &Problem, tt: &Timetable) -> String {
    render_with(p, tt, false)
}

/// The HTML page; with `stars`, each talk shows how many attendees want
/// it (starred it).
pub fn render_with(p: &Problem, tt: &Timetable, stars: bool) -> String {
    let cells = Cells::new(p, tt);
    let mut o = String::with_capacity(4096 + tt.placements.len() * 600);
    let name = text(&p.name);
    match &p.language {
        Some(lang) => {
            let _ = writeln!(o, "<!DOCTYPE html>\n<html lang=\"{}\">", text(lang));
        }
        None => o.push_str("<!DOCTYPE html>\n<html>\n"),
    }
    o.push_str("<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(o, "<title>{name}</title>");
    o.push_str("<style>");
    o.push_str(STYLE);
    o.push_str("</style>\n</head>\n<body>\n");
    let _ = writeln!(o, "<h1>{name}</h1>");
    let _ = writeln!(
        o,
        "<p class=\"note\">Local times ({}). Hatched cells are overflow rooms showing a talk streamed from another room.</p>",
        text(&p.timezone_name)
    );
    if !p.tracks.is_empty() {
        o.push_str("<ul class=\"legend\">");
        for (i, t) in p.tracks.iter().enumerate() {
            let _ = write!(
                o,
                "<li class=\"track-{i}\" style=\"background:{}\">{}</li>",
                track_colour(i),
                text(t)
            );
        }
        o.push_str("</ul>\n");
    }
    for d in 0..p.days.len() {
        day_section(&mut o, p, tt, &cells, d, stars);
    }
    o.push_str("</body>\n</html>\n");
    o
}

/// Day `d`'s heading and grid.
fn day_section(o: &mut String, p: &Problem, tt: &Timetable, cells: &Cells, d: usize, stars: bool) {
    let day = &p.days[d];
    let weekday = super::date(p, d).strftime("%A").to_string();
    let _ = writeln!(
        o,
        "<section class=\"day\">\n<h2>{weekday} {}</h2>\n<table class=\"grid\">",
        day.date
    );
    o.push_str("<thead><tr><th class=\"time\" scope=\"col\">Time</th>");
    for r in &p.rooms {
        let _ = write!(
            o,
            "<th scope=\"col\"><span class=\"room-name\">{}</span><span class=\"seats\">{} seats</span></th>",
            text(&r.name),
            r.capacity
        );
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for row in day_rows(p, d) {
        match row {
            Row::Break(b) => {
                let br = &day.breaks[b];
                let _ = writeln!(
                    o,
                    "<tr class=\"break\"><th class=\"time\" scope=\"row\">{}–{}</th><td colspan=\"{}\">{}</td></tr>",
                    hhmm(br.start),
                    hhmm(br.end),
                    p.rooms.len(),
                    text(&br.name)
                );
            }
            Row::Slot(s) => {
                o.push_str("<tr class=\"slot\">");
                time_cell(o, p, s);
                for r in p.room_ids() {
                    match cells.at(tt, s, r) {
                        Some(x) => talk_cell(o, p, x, s, r, stars),
                        None => {
                            let _ = write!(
                                o,
                                "<td class=\"empty\" data-room=\"{}\"></td>",
                                text(&p.room(r).name)
                            );
                        }
                    }
                }
                o.push_str("</tr>\n");
            }
        }
    }
    o.push_str("</tbody>\n</table>\n</section>\n");
}

/// A slot's time range as `<time>` elements with the UTC offset: the
/// start (a time that occurs twice takes the earlier offset) and its real
/// end on the same clock. In the hour that a daylight-saving change
/// repeats, the offset is also shown.
fn time_cell(o: &mut String, p: &Problem, s: SlotId) {
    let start = super::slot_start(p, s);
    let end = super::slot_end_zoned(p, s);
    let _ = write!(
        o,
        "<th class=\"time\" scope=\"row\"><time datetime=\"{}\">{}</time>–<time datetime=\"{}\">{}</time>",
        super::iso_offset(&start),
        start.strftime("%H:%M"),
        super::iso_offset(&end),
        end.strftime("%H:%M"),
    );
    let slot = p.slot(s);
    if super::repeated(p, slot.day.index(), slot.start) {
        let _ = write!(
            o,
            " <span class=\"offset\">UTC{}</span>",
            start.strftime("%:z")
        );
    }
    o.push_str("</th>");
}

/// The cell of talk `x` in room `r` during slot `s`. In a talk's later
/// slots the cell is a continuation (`cont`): on a wide screen it is
/// empty and joined to the cell above, so the talk looks like one cell
/// spanning its rows; on a phone, where each slot is a list, it shows the
/// talk again with "(part k of n)".
fn talk_cell(o: &mut String, p: &Problem, x: &Placement, s: SlotId, r: RoomId, stars: bool) {
    let talk = p.talk(x.talk);
    let part = s.index() - x.start.index() + 1;
    let mut class = String::from("talk");
    let mut style = String::new();
    if let Some(t) = talk.track {
        let _ = write!(class, " track-{}", t.index());
        let _ = write!(
            style,
            " style=\"background-color:{}\"",
            track_colour(t.index())
        );
    }
    if x.rooms[0] != r {
        class.push_str(" overflow");
    }
    if part > 1 {
        class.push_str(" cont");
    }
    let _ = write!(
        o,
        "<td class=\"{class}\"{style} data-room=\"{}\"><span class=\"title\">{}",
        text(&p.room(r).name),
        text(&talk.title)
    );
    if part > 1 {
        let _ = write!(
            o,
            " <span class=\"part\">(part {part} of {})</span>",
            talk.parts
        );
    } else if talk.parts > 1 {
        let _ = write!(o, " <span class=\"part\">({} parts)</span>", talk.parts);
    }
    o.push_str("</span>");
    let speakers = p.speaker_names(x.talk);
    if !speakers.is_empty() {
        let _ = write!(o, "<span class=\"speakers\">{}</span>", text(&speakers));
    }
    if let Some(t) = talk.track {
        let _ = write!(
            o,
            "<span class=\"tag\">{}</span>",
            text(&p.tracks[t.index()])
        );
    }
    if stars {
        let n = talk.interested;
        let _ = write!(
            o,
            "<span class=\"tag stars\" title=\"{n} {} starred this talk\">\u{2605} {n}</span>",
            if n == 1 { "attendee" } else { "attendees" }
        );
    }
    if x.rooms[0] != r {
        let _ = write!(
            o,
            "<span class=\"tag\">Overflow: streamed from {}</span>",
            text(&p.room(x.rooms[0]).name)
        );
    } else if x.rooms.len() > 1 {
        let _ = write!(
            o,
            "<span class=\"tag\">Also streamed to {} more rooms</span>",
            x.rooms.len() - 1
        );
    }
    o.push_str("</td>");
}
