//! `--format frab-xml`: the frab/pentabarf/pretalx `schedule.xml` that
//! conference apps (Giggity, EventFahrplan, ...) read, valid against the
//! c3voc XSD (shared/formats/c3voc-schedule.xml.xsd).
//!
//! Every day lists every room (file order, with a UUID v5 `guid`); a talk
//! is an `<event>` in its main room only (the rooms an overflow talk is
//! streamed to are named in its `<description>`). Event `id` is the talk's
//! position in the problem file, `guid` its UUID v5 from the event name
//! and talk id; `<persons>` lists the speakers with UUID v5 guids. Text
//! is escaped by quick-xml, and characters XML 1.0 forbids (most C0
//! controls) are dropped, so the document is well-formed whatever the
//! problem held. Times as in every format (see `render`): a talk's
//! `duration` is its real length.

use std::borrow::Cow;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::problem::Problem;
use crate::timetable::{Placement, Timetable};

use super::frab;

type W = Writer<Vec<u8>>;
type R = std::io::Result<()>;

/// `<name>text</name>`, the text escaped and without what XML forbids.
fn text_element(w: &mut W, name: &str, text: &str) -> R {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_text(text)))?;
    Ok(())
}

/// The schedule XML.
pub fn render(p: &Problem, tt: &Timetable, version: &str) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    write(&mut w, p, tt, version).expect("writing to memory");
    let mut text = String::from_utf8(w.into_inner()).expect("UTF-8 in, UTF-8 out");
    text.push('\n');
    text
}

fn write(w: &mut W, p: &Problem, tt: &Timetable, version: &str) -> R {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let acronym = frab::acronym(p);
    w.create_element("schedule").write_inner_content(|w| {
        w.create_element("generator")
            .with_attribute(("name", "confsched"))
            .write_empty()?;
        text_element(w, "version", version)?;
        w.create_element("conference").write_inner_content(|w| {
            text_element(w, "acronym", &acronym)?;
            text_element(w, "title", &p.name)?;
            text_element(w, "start", &p.days[0].date.to_string())?;
            text_element(w, "end", &p.days[p.days.len() - 1].date.to_string())?;
            text_element(w, "days", &p.days.len().to_string())?;
            text_element(
                w,
                "timeslot_duration",
                &super::duration_hhmm(i64::from(p.slot_minutes)),
            )?;
            text_element(w, "time_zone_name", &p.timezone_name)?;
            for (i, track) in p.tracks.iter().enumerate() {
                w.create_element("track")
                    .with_attribute(("name", xml_text(track).as_ref()))
                    .with_attribute(("color", super::track_colour(i)))
                    .write_text_content(BytesText::new(&xml_text(track)))?;
            }
            Ok(())
        })?;
        for d in 0..p.days.len() {
            write_day(w, p, tt, d, &acronym)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn write_day(w: &mut W, p: &Problem, tt: &Timetable, d: usize, acronym: &str) -> R {
    let (start, end) = frab::day_bounds(p, d);
    let index = (d + 1).to_string();
    let date = p.days[d].date.to_string();
    w.create_element("day")
        .with_attribute(("index", index.as_str()))
        .with_attribute(("date", date.as_str()))
        .with_attribute(("start", super::iso_offset(&start).as_str()))
        .with_attribute(("end", super::iso_offset(&end).as_str()))
        .write_inner_content(|w| {
            for r in p.room_ids() {
                let guid = super::room_guid(p, r).to_string();
                let name = super::room_label(p, r);
                w.create_element("room")
                    .with_attribute(("name", xml_text(&name).as_ref()))
                    .with_attribute(("guid", guid.as_str()))
                    .write_inner_content(|w| {
                        for x in frab::in_room(p, tt, d, r) {
                            write_event(w, p, acronym, &name, x)?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    Ok(())
}

/// Talk `x` as an `<event>` in the room called `room`.
fn write_event(w: &mut W, p: &Problem, acronym: &str, room: &str, x: &Placement) -> R {
    let talk = p.talk(x.talk);
    let (date, start, duration) = frab::when(p, x);
    let id = frab::event_id(x.talk).to_string();
    let guid = super::talk_guid(p, x.talk).to_string();
    w.create_element("event")
        .with_attribute(("id", id.as_str()))
        .with_attribute(("guid", guid.as_str()))
        .write_inner_content(|w| {
            text_element(w, "room", room)?;
            text_element(w, "title", &talk.title)?;
            text_element(w, "subtitle", "")?;
            text_element(w, "type", frab::kind(p, x.talk))?;
            text_element(w, "date", &date)?;
            text_element(w, "start", &start)?;
            text_element(w, "duration", &duration)?;
            text_element(w, "abstract", "")?;
            // Present even when empty: pretalx's frab import (2023.1)
            // fails without it.
            text_element(w, "language", p.language.as_deref().unwrap_or(""))?;
            text_element(w, "slug", &frab::slug(p, acronym, x.talk))?;
            text_element(
                w,
                "track",
                talk.track.map_or("", |t| p.tracks[t.index()].as_str()),
            )?;
            w.create_element("persons").write_inner_content(|w| {
                for &sp in &talk.speakers {
                    let guid = super::person_guid(p, sp).to_string();
                    w.create_element("person")
                        .with_attribute(("id", (sp.index() + 1).to_string().as_str()))
                        .with_attribute(("guid", guid.as_str()))
                        .write_text_content(BytesText::new(&xml_text(&p.speaker(sp).name)))?;
                }
                Ok(())
            })?;
            text_element(w, "description", &frab::streamed_note(p, x))?;
            Ok(())
        })?;
    Ok(())
}

/// `text` without the characters XML 1.0 does not allow at all (C0
/// controls but tab, newline and carriage return; U+FFFE and U+FFFF), so
/// the document stays well-formed whatever the problem file held;
/// quick-xml escapes the rest.
fn xml_text(text: &str) -> Cow<'_, str> {
    let forbidden = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if text.contains(forbidden) {
        Cow::Owned(text.chars().filter(|&c| !forbidden(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_xml_forbids_are_dropped() {
        assert_eq!(xml_text("a\u{7}\u{1b}[31mb\u{FFFF}\tc\n"), "a[31mb\tc\n");
        assert!(matches!(xml_text("딥러닝 & <AI>"), Cow::Borrowed(_)));
    }
}
