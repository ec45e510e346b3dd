//! `--format ics`: iCalendar (RFC 5545), one VEVENT per talk.
//!
//! Times are the event's local wall-clock times converted to UTC with the
//! event's `timezone` (so no VTIMEZONE is needed). UID is the talk's UUID v5
//! (the frab GUID) at `confsched`, stable across runs. DTSTAMP must be the
//! time the file was made, but the output must not depend on the clock, so
//! it is fixed to the event's first day at 00:00 UTC. LOCATION is the main
//! room's name and building; DESCRIPTION names the speakers, the track and
//! any rooms the talk is streamed to. Lines end in CRLF, are folded at 75
//! octets (never inside a UTF-8 character), and `\ ; ,` and newlines in
//! text are escaped; other control characters but tab become U+FFFD.
//! DTSTART is the first slot's start (a time that occurs twice takes the
//! earlier offset) and DTEND its real end (see `render`): the event lasts
//! exactly the talk's length, even across a daylight-saving change.

use jiff::Timestamp;

use crate::problem::Problem;
use crate::timetable::Timetable;
use crate::timetable::json::display_order;

/// The PRODID (no version number, so upgrades do not change the output).
pub const PRODID: &str = "-//confsched//confsched timetable//EN";

/// The iCalendar text.
pub fn render(p: &Problem, tt: &Timetable) -> String {
    let mut out = String::new();
    let mut line = |l: &str| fold_into(&mut out, l);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line(&format!("PRODID:{PRODID}"));
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape(&p.name)));
    let dtstamp = utc(super::first_day_utc_midnight(p));
    for x in display_order(p, tt) {
        let talk = p.talk(x.talk);
        let (start, end) = super::talk_times(p, x);
        let main = p.room(x.rooms[0]);
        let location = match main.building {
            Some(b) => format!("{}, {}", main.name, p.buildings[b.index()]),
            None => main.name.clone(),
        };
        let mut description = Vec::new();
        let speakers = p.speaker_names(x.talk);
        if !speakers.is_empty() {
            description.push(format!("Speakers: {speakers}"));
        }
        if let Some(t) = talk.track {
            description.push(format!("Track: {}", p.tracks[t.index()]));
        }
        if x.rooms.len() > 1 {
            let extra: Vec<&str> = x.rooms[1..]
                .iter()
                .map(|&r| p.room(r).name.as_str())
                .collect();
            description.push(format!("Also streamed to: {}", extra.join(", ")));
        }
        line("BEGIN:VEVENT");
        line(&format!("UID:{}@confsched", super::talk_guid(p, x.talk)));
        line(&format!("DTSTAMP:{dtstamp}"));
        line(&format!("DTSTART:{}", utc(start.timestamp())));
        line(&format!("DTEND:{}", utc(end.timestamp())));
        line(&format!("SUMMARY:{}", escape(&talk.title)));
        line(&format!("LOCATION:{}", escape(&location)));
        if !description.is_empty() {
            line(&format!("DESCRIPTION:{}", escape(&description.join("\n"))));
        }
        if let Some(t) = talk.track {
            line(&format!("CATEGORIES:{}", escape(&p.tracks[t.index()])));
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// A UTC DATE-TIME: `20190704T010000Z`.
fn utc(t: Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT escaping: backslash, semicolon, comma and newlines; other control
/// characters, which a TEXT value may not hold (RFC 5545 3.3.11: only tab
/// among them), become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            _ => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets: continuation lines start
/// with one space (which counts), and no UTF-8 character is split.
fn fold_into(out: &mut String, line: &str) {
    let mut budget = 75;
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > budget {
            out.push_str("\r\n ");
            used = 1;
            budget = 75;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_characters_whole_and_lines_short() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "딥러닝 ".repeat(40));
        fold_into(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert_eq!(out.replace("\r\n ", ""), format!("{long}\r\n"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn control_characters_never_reach_a_line() {
        assert_eq!(
            escape("a\u{7}\u{1b}[31m\tb\u{9b}c\r\n"),
            "a\u{FFFD}\u{FFFD}[31m\tb\u{FFFD}c\\n"
        );
        let mut out = String::new();
        let long = format!("SUMMARY:{}", escape(&"\u{7}\u{1b}[31m딥러닝 ".repeat(12)));
        fold_into(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
            assert!(!l.bytes().any(|b| b < 0x20 && b != b'\t'), "{l:?}");
        }
        assert_eq!(out.replace("\r\n ", ""), format!("{long}\r\n"));
    }
}
