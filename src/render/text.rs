//! `--format text`: the grid organisers draw, one table per day.
//!
//! Rows are slots (with their time range) and breaks, in time order;
//! columns are rooms headed by name and seats. A cell holds the title and
//! the speakers; a multi-part talk spans its rows; an overflow talk shows
//! in every room it takes, the extra ones marked as streamed. Widths are
//! measured in terminal columns, so Korean and other wide text lines up.

use tabled::builder::Builder;
use tabled::settings::{Alignment, Span, Style};

use super::Row;
use crate::problem::{Problem, hhmm};
use crate::timetable::Timetable;

/// Cell text is wrapped at this many terminal columns.
const CELL_WIDTH: usize = 22;

/// The whole timetable as text grids, days in order.
pub fn render(p: &Problem, tt: &Timetable) -> String {
    let mut out = String::new();
    for (d, day) in p.days.iter().enumerate() {
        if d > 0 {
            out.push('\n');
        }
        out.push_str(&format!("{} — {}\n", p.name, day.date));
        out.push_str(&day_grid(p, tt, d));
        out.push('\n');
    }
    out
}

fn day_grid(p: &Problem, tt: &Timetable, d: usize) -> String {
    let day = &p.days[d];
    let rows = super::day_rows(p, d);

    let n_rooms = p.rooms.len();
    let mut builder = Builder::default();
    let mut header = vec!["Time".to_string()];
    header.extend(
        p.rooms
            .iter()
            .map(|r| wrap(&format!("{} ({})", r.name, r.capacity))),
    );
    builder.push_record(header);

    // Cell texts and row spans, keyed by (row in table, room column).
    let mut spans: Vec<(usize, usize, usize)> = Vec::new();
    let mut breaks: Vec<usize> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let table_row = i + 1;
        match row {
            Row::Break(b) => {
                let br = &day.breaks[*b];
                let mut record = vec![format!("{}-{} {}", hhmm(br.start), hhmm(br.end), br.name)];
                record.extend(std::iter::repeat_n(String::new(), n_rooms));
                builder.push_record(record);
                breaks.push(table_row);
            }
            Row::Slot(s) => {
                let mut record = vec![format!(
                    "{}-{}",
                    hhmm(p.slot(*s).start),
                    hhmm(p.slot_end(*s))
                )];
                for r in p.room_ids() {
                    let cell = tt
                        .placements
                        .iter()
                        .find(|x| x.start == *s && x.rooms.contains(&r));
                    match cell {
                        Some(x) => {
                            let talk = p.talk(x.talk);
                            let mut text = talk.title.clone();
                            let speakers = p.speaker_names(x.talk);
                            if !speakers.is_empty() {
                                text.push('\n');
                                text.push_str(&speakers);
                            }
                            if x.rooms[0] != r {
                                text.push_str(&format!(
                                    "\n(streamed from {})",
                                    p.room(x.rooms[0]).id
                                ));
                            }
                            if talk.parts > 1 {
                                spans.push((table_row, r.index() + 1, talk.parts as usize));
                            }
                            record.push(wrap(&text));
                        }
                        None => record.push(String::new()),
                    }
                }
                builder.push_record(record);
            }
        }
    }
    let mut table = builder.build();
    table.with(Style::modern());
    for (row, col, n) in spans {
        table.modify(
            (row, col),
            Span::row(isize::try_from(n).unwrap_or(isize::MAX)),
        );
    }
    for row in breaks {
        table.modify(
            (row, 0),
            Span::column(isize::try_from(n_rooms + 1).unwrap_or(isize::MAX)),
        );
    }
    table.with(Alignment::left());
    table.to_string()
}

/// Wraps each line of a cell at [`CELL_WIDTH`] terminal columns.
fn wrap(text: &str) -> String {
    text.lines()
        .flat_map(|line| textwrap::wrap(line, CELL_WIDTH))
        .collect::<Vec<_>>()
        .join("\n")
}
