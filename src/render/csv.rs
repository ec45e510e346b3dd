//! `--format csv`: one row per talk, for spreadsheets.
//!
//! Columns: id, title, speakers, track, day, start, end, rooms, audience,
//! seats. Speakers and rooms (names, main room first) are joined by "; ";
//! `seats` is the capacity of all the rooms the talk occupies. Rows are in
//! display order (start, main room, talk id). RFC 4180 quoting and CRLF line
//! ends come from the csv crate; the text is UTF-8, with a byte-order mark
//! first when `bom` is set (`--bom`), which some spreadsheet programs need
//! to read Korean and other non-Latin text.

use crate::problem::{Problem, hhmm};
use crate::timetable::Timetable;
use crate::timetable::json::display_order;

/// The header row.
pub const HEADER: [&str; 10] = [
    "id", "title", "speakers", "track", "day", "start", "end", "rooms", "audience", "seats",
];

/// The CSV text.
pub fn render(p: &Problem, tt: &Timetable, bom: bool) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(HEADER).expect("writing to memory");
    for x in display_order(p, tt) {
        let talk = p.talk(x.talk);
        let (d, start, end) = super::span(p, x);
        let speakers: Vec<&str> = talk
            .speakers
            .iter()
            .map(|&s| p.speaker(s).name.as_str())
            .collect();
        let rooms: Vec<&str> = x.rooms.iter().map(|&r| p.room(r).name.as_str()).collect();
        let seats: u64 = x.rooms.iter().map(|&r| u64::from(p.room(r).capacity)).sum();
        w.write_record([
            talk.id.as_str(),
            talk.title.as_str(),
            &speakers.join("; "),
            talk.track.map_or("", |t| p.tracks[t.index()].as_str()),
            &p.days[d].date.to_string(),
            &hhmm(start),
            &hhmm(end),
            &rooms.join("; "),
            &talk.audience.to_string(),
            &seats.to_string(),
        ])
        .expect("writing to memory");
    }
    let bytes = w.into_inner().expect("writing to memory");
    let text = String::from_utf8(bytes).expect("UTF-8 in, UTF-8 out");
    if bom { format!("\u{FEFF}{text}") } else { text }
}
