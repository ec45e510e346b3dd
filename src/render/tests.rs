//! Tests across formats: hostile text (control characters) in every
//! renderer, and times around daylight-saving changes. Helpers build
//! problems from the bundled files and the golden timetables.

use super::*;
use crate::problem;
use crate::timetable::json;

/// A problem from its text.
pub(crate) fn parse(text: &str) -> Problem {
    problem::parse("test.toml", text).expect("a valid problem")
}

/// A timetable from its JSON.
pub(crate) fn read(p: &Problem, text: &str) -> Timetable {
    let read = json::read(p, "test.json", text).expect("a timetable file");
    assert!(read.issues.is_empty(), "{:?}", read.issues);
    Timetable::new(p, read.status, read.placements)
}

/// The reference conference and its golden timetable.
pub(crate) fn dlcat() -> (Problem, Timetable) {
    let p = parse(include_str!("../../problems/dlcat-2019.toml"));
    let tt = read(
        &p,
        include_str!("../../tests/golden/dlcat-2019.timetable.json"),
    );
    (p, tt)
}

/// The two-day meetup and its golden timetable.
pub(crate) fn meetup() -> (Problem, Timetable) {
    let p = parse(include_str!("../../problems/two-day-meetup.toml"));
    let tt = read(
        &p,
        include_str!("../../tests/golden/two-day-meetup.timetable.json"),
    );
    (p, tt)
}

/// A bell, an escape and an ANSI colour sequence.
pub(crate) const HOSTILE: &str = "\u{7}\u{1b}[31m";

/// The reference conference with control characters in a title, a
/// speaker's name, a room's name, a break's name and the event's name
/// (built in code: the problem file's checks may refuse them).
pub(crate) fn hostile() -> (Problem, Timetable) {
    let (mut p, tt) = dlcat();
    p.name = format!("DLCAT{HOSTILE}\u{9b}2m");
    p.talks[0].title = format!("Red{HOSTILE}title\u{0}\u{7f}\u{85}end");
    p.speakers[0].name = format!("Kim{HOSTILE}");
    p.rooms[0].name = format!("Hall{HOSTILE}");
    p.days[0].breaks[0].name = format!("Lunch{HOSTILE}");
    (p, tt)
}

/// Bytes of C0 and C1 controls (as UTF-8: U+0080..U+009F are C2 80..9F)
/// other than `allowed`.
fn controls(text: &str, allowed: &[char]) -> Vec<char> {
    text.chars()
        .filter(|c| c.is_control() && !allowed.contains(c))
        .collect()
}

#[test]
fn visible_replaces_every_control_but_newline() {
    assert_eq!(
        visible("a\u{7}\u{1b}[31mb\r\nc\rd\te\u{9b}\n"),
        "a\u{FFFD}\u{FFFD}[31mb\nc\u{FFFD}d\u{FFFD}e\u{FFFD}\n"
    );
}

#[test]
fn text_and_markdown_write_no_control_but_newline() {
    let (p, tt) = hostile();
    for format in [Format::Text, Format::Markdown, Format::Html] {
        for width in [None, Some(80)] {
            let opts = Options {
                width,
                ..Options::default()
            };
            let out = render(&p, &tt, format, &opts);
            assert!(controls(&out, &['\n']).is_empty(), "{format:?}");
            assert!(out.contains("Red\u{FFFD}\u{FFFD}"), "{format:?}: {out}");
        }
    }
    let s = p.speaker_ids().next().expect("a speaker");
    let list = render(
        &p,
        &tt,
        Format::Text,
        &Options {
            speaker: Some(s),
            ..Options::default()
        },
    );
    assert!(controls(&list, &['\n']).is_empty());
    assert!(list.contains("Kim\u{FFFD}\u{FFFD}[31m"), "{list}");
}

#[test]
fn frab_xml_stays_well_formed() {
    let (p, tt) = hostile();
    let xml = render(&p, &tt, Format::FrabXml, &Options::default());
    assert!(controls(&xml, &['\n', '\u{85}', '\u{7f}', '\u{9b}']).is_empty());
    assert!(xml.contains("<title>Red[31mtitle\u{7f}\u{85}end</title>"));
    // Every element read back by an XML parser, every text intact.
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut titles = Vec::new();
    let mut in_title = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) => in_title = e.name().as_ref() == "title",
            quick_xml::events::Event::Text(t) if in_title => {
                titles.push(t.into_inner().into_owned());
            }
            _ => {}
        }
    }
    assert!(
        titles.iter().any(|t| t == "Red[31mtitle\u{7f}\u{85}end"),
        "{titles:?}"
    );
}

#[test]
fn ics_has_no_control_in_any_line_and_folds_whole_characters() {
    let (p, tt) = hostile();
    let ics = render(&p, &tt, Format::Ics, &Options::default());
    assert!(controls(&ics, &['\r', '\n']).is_empty());
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{line}");
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
    }
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("SUMMARY:Red\u{FFFD}\u{FFFD}[31mtitle\u{FFFD}\u{FFFD}\u{FFFD}end\r\n"),
        "{unfolded}"
    );
}

#[test]
fn json_formats_escape_controls() {
    let (p, tt) = hostile();
    for format in [Format::FrabJson, Format::Json] {
        let out = render(&p, &tt, format, &Options::default());
        assert!(controls(&out, &['\n', '\u{7f}', '\u{85}', '\u{9b}']).is_empty());
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        assert!(
            v.to_string().contains("Red\\u0007\\u001b[31mtitle"),
            "{format:?}"
        );
    }
}

/// One day on the night clocks go back, two slots `a` and `b` in the
/// repeated hour.
fn fold_problem(zone: &str, date: &str, a: &str, b: &str) -> Problem {
    parse(&format!(
        r#"
[event]
name = "Night owls"
timezone = "{zone}"
slot_minutes = 30

[[days]]
date = "{date}"
slots = ["{a}", "{b}"]

[[rooms]]
id = "hall"
capacity = 10

[[talks]]
id = "first"
speakers = []
audience = 5

[[talks]]
id = "second"
speakers = []
audience = 5

[[talks]]
id = "both"
speakers = []
audience = 5
parts = 2
"#
    ))
}

/// A timetable of (talk, start slot) pairs, all in the first room.
fn placements(p: &Problem, talks: &[(usize, usize)]) -> Timetable {
    let xs = talks
        .iter()
        .map(|&(t, s)| Placement {
            talk: crate::problem::TalkId::at(t),
            start: SlotId::at(s),
            rooms: vec![RoomId::at(0)],
        })
        .collect();
    Timetable::new(p, crate::timetable::Status::Feasible, xs)
}

#[test]
fn a_slot_in_the_repeated_hour_lasts_its_length_with_the_earlier_offset() {
    for (zone, date, a, b, utc, offset) in [
        (
            "America/New_York",
            "2025-11-02",
            "01:00",
            "01:30",
            ["20251102T050000Z", "20251102T053000Z", "20251102T060000Z"],
            "-04:00",
        ),
        (
            "Europe/Berlin",
            "2025-10-26",
            "02:00",
            "02:30",
            ["20251026T000000Z", "20251026T003000Z", "20251026T010000Z"],
            "+02:00",
        ),
    ] {
        let p = fold_problem(zone, date, a, b);
        let tt = placements(&p, &[(0, 0), (1, 1)]);
        let ics = render(&p, &tt, Format::Ics, &Options::default());
        let lines: Vec<&str> = ics
            .lines()
            .filter(|l| l.starts_with("DTSTART:") || l.starts_with("DTEND:"))
            .collect();
        assert_eq!(
            lines,
            [
                format!("DTSTART:{}", utc[0]),
                format!("DTEND:{}", utc[1]),
                format!("DTSTART:{}", utc[1]),
                format!("DTEND:{}", utc[2]),
            ],
            "{zone}"
        );
        for format in [Format::FrabJson, Format::FrabXml] {
            let out = render(&p, &tt, format, &Options::default());
            assert!(out.contains(&format!("{date}T{b}:00{offset}")), "{out}");
            let durations = out.matches("\"duration\": \"00:30\"").count()
                + out.matches("<duration>00:30</duration>").count();
            assert_eq!(durations, 2, "{format:?}: {out}");
        }
        let html = render(&p, &tt, Format::Html, &Options::default());
        assert!(
            html.contains(&format!("\"{date}T{b}:00{offset}\">{b}</time>")),
            "{html}"
        );
        assert!(html.contains(&format!("<span class=\"offset\">UTC{offset}</span>")));
        // A two-part talk lasts an hour.
        let tt = placements(&p, &[(2, 0)]);
        let json = render(&p, &tt, Format::FrabJson, &Options::default());
        assert!(json.contains("\"duration\": \"01:00\""), "{json}");
        let ics = render(&p, &tt, Format::Ics, &Options::default());
        assert!(ics.contains(&format!("DTEND:{}", utc[2])), "{ics}");
    }
}

#[test]
fn times_outside_a_change_carry_no_offset_note() {
    let (p, tt) = dlcat();
    let html = render(&p, &tt, Format::Html, &Options::default());
    assert!(!html.contains("class=\"offset\""));
    assert!(html.contains("<time datetime=\"2019-07-04T10:00:00+09:00\">10:00</time>"));
}
