//! `--format markdown`: the table organisers publish, one per day.
//!
//! Like the organisers' own program: a row per slot with its time range, a
//! column per room headed `id: name (seats)`, each cell the speakers in
//! bold, a line break, then the title. A talk of several parts is repeated
//! in each of its rows with "(1)", "(2)", ... after the title; an overflow
//! talk shows in each extra room, marked as streamed from its main room.
//! Breaks are rows of their own with the name in italics. No control
//! character is written: they show as U+FFFD.

use crate::problem::{Problem, hhmm};
use crate::timetable::Timetable;

use super::{Cells, Row, day_rows};

/// The Markdown text.
pub fn render(p: &Problem, tt: &Timetable) -> String {
    let cells = Cells::new(p, tt);
    let mut out = format!("# {}\n", escape(&p.name));
    for (d, day) in p.days.iter().enumerate() {
        out.push_str(&format!("\n## {}\n\n", day.date));
        out.push_str("| Time |");
        for r in &p.rooms {
            out.push_str(&format!(
                " {}: {} ({}) |",
                escape(&r.id),
                escape(&r.name),
                r.capacity
            ));
        }
        out.push_str("\n|---|");
        out.push_str(&"---|".repeat(p.rooms.len()));
        out.push('\n');
        for row in day_rows(p, d) {
            match row {
                Row::Break(b) => {
                    let br = &day.breaks[b];
                    out.push_str(&format!(
                        "| {}-{} | *{}* |",
                        hhmm(br.start),
                        hhmm(br.end),
                        escape(&br.name)
                    ));
                    out.push_str(&" |".repeat(p.rooms.len().saturating_sub(1)));
                    out.push('\n');
                }
                Row::Slot(s) => {
                    out.push_str(&format!(
                        "| {}-{} |",
                        hhmm(p.slot(s).start),
                        hhmm(p.slot_end(s))
                    ));
                    for r in p.room_ids() {
                        match cells.at(tt, s, r) {
                            Some(x) => {
                                let talk = p.talk(x.talk);
                                let speakers = p.speaker_names(x.talk);
                                let mut cell = String::new();
                                if !speakers.is_empty() {
                                    cell.push_str(&format!("**{}**<br>", escape(&speakers)));
                                }
                                cell.push_str(&escape(&talk.title));
                                if talk.parts > 1 {
                                    let part = s.index() - x.start.index() + 1;
                                    cell.push_str(&format!(" ({part})"));
                                }
                                if x.rooms[0] != r {
                                    cell.push_str(&format!(
                                        "<br>*(streamed from {})*",
                                        escape(&p.room(x.rooms[0]).id)
                                    ));
                                }
                                out.push_str(&format!(" {cell} |"));
                            }
                            None => out.push_str("  |"),
                        }
                    }
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// Escapes what Markdown or the table would otherwise read as markup; a
/// line break becomes `<br>`, and every other control character U+FFFD
/// (see [`super::visible`]).
fn escape(text: &str) -> String {
    let text = super::visible(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}
