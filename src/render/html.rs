//! `--format html`: one self-contained page (inline CSS; no scripts, fonts
//! or images fetched) with a grid per day.
//!
//! Each day is a table: a row per slot (and per break, spanning all
//! rooms), a column per room headed by its name and seats. A talk of
//! several parts spans its rows (`rowspan`); an overflow talk shows in each
//! extra room, marked as streamed from its main room. Talks are coloured by
//! track, with a legend. On a narrow screen (phones) the grid becomes a
//! list: each slot's talks one under another, each labelled with its room;
//! in print, each day starts a new page and colours are kept.

use std::fmt::Write as _;

use quick_xml::escape::escape;

use crate::problem::{Problem, hhmm};
use crate::timetable::Timetable;

use super::{Cells, Row, day_rows, track_colour};

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 1rem; font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK KR", "Malgun Gothic", sans-serif; color: #111; background: #fff; line-height: 1.35; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
.note { margin: 0 0 .5rem; color: #444; font-size: .9rem; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem; padding: 0; margin: .5rem 0; list-style: none; font-size: .85rem; }
.legend li { padding: .1rem .5rem; border: 1px solid #888; border-radius: .25rem; overflow-wrap: anywhere; }
table.grid { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.grid th, table.grid td { border: 1px solid #999; padding: .3rem .4rem; vertical-align: top; text-align: left; overflow-wrap: anywhere; word-break: normal; }
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
  table.grid td[data-room]::before { content: attr(data-room); display: block; font-size: .75rem; color: #444; font-style: normal; }
}
"#;

/// The HTML page.
pub fn render(p: &Problem, tt: &Timetable) -> String {
    let cells = Cells::new(p, tt);
    let mut o = String::with_capacity(4096 + tt.placements.len() * 400);
    let name = escape(&p.name);
    o.push_str("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(o, "<title>{name}</title>");
    o.push_str("<style>");
    o.push_str(STYLE);
    o.push_str("</style>\n</head>\n<body>\n");
    let _ = writeln!(o, "<h1>{name}</h1>");
    let _ = writeln!(
        o,
        "<p class=\"note\">Local times ({}). Hatched cells are overflow rooms showing a talk streamed from another room.</p>",
        escape(&p.timezone_name)
    );
    if !p.tracks.is_empty() {
        o.push_str("<ul class=\"legend\">");
        for (i, t) in p.tracks.iter().enumerate() {
            let _ = write!(
                o,
                "<li class=\"track-{i}\" style=\"background:{}\">{}</li>",
                track_colour(i),
                escape(t)
            );
        }
        o.push_str("</ul>\n");
    }
    for (d, day) in p.days.iter().enumerate() {
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
                escape(&r.name),
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
                        escape(&br.name)
                    );
                }
                Row::Slot(s) => {
                    let _ = write!(
                        o,
                        "<tr class=\"slot\"><th class=\"time\" scope=\"row\">{}–{}</th>",
                        hhmm(p.slot(s).start),
                        hhmm(p.slot_end(s))
                    );
                    for r in p.room_ids() {
                        let room = escape(&p.room(r).name);
                        let Some(x) = cells.at(tt, s, r) else {
                            let _ = write!(o, "<td class=\"empty\" data-room=\"{room}\"></td>");
                            continue;
                        };
                        if x.start != s {
                            // Covered by the rowspan of the talk's first row.
                            continue;
                        }
                        let talk = p.talk(x.talk);
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
                        let _ = write!(o, "<td class=\"{class}\"{style} data-room=\"{room}\"");
                        if talk.parts > 1 {
                            let _ = write!(o, " rowspan=\"{}\"", talk.parts);
                        }
                        let _ = write!(o, "><span class=\"title\">{}", escape(&talk.title));
                        if talk.parts > 1 {
                            let _ =
                                write!(o, " <span class=\"part\">({} parts)</span>", talk.parts);
                        }
                        o.push_str("</span>");
                        let speakers = p.speaker_names(x.talk);
                        if !speakers.is_empty() {
                            let _ =
                                write!(o, "<span class=\"speakers\">{}</span>", escape(&speakers));
                        }
                        if let Some(t) = talk.track {
                            let _ = write!(
                                o,
                                "<span class=\"tag\">{}</span>",
                                escape(&p.tracks[t.index()])
                            );
                        }
                        if x.rooms[0] != r {
                            let _ = write!(
                                o,
                                "<span class=\"tag\">Overflow: streamed from {}</span>",
                                escape(&p.room(x.rooms[0]).name)
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
                    o.push_str("</tr>\n");
                }
            }
        }
        o.push_str("</tbody>\n</table>\n</section>\n");
    }
    o.push_str("</body>\n</html>\n");
    o
}
