//! Times around daylight-saving changes in the calendar formats: a slot
//! in the hour that the autumn change repeats lasts `slot_minutes`, read
//! back by Python's icalendar (DTEND - DTSTART) and in both frab formats.

use std::process::Command;

use crate::publish::{have_python, render};
use crate::support::Test;

/// A night on which clocks go back, two slots in the repeated hour, two
/// rooms: two one-slot talks and a two-part workshop.
fn fold_night(zone: &str, date: &str, a: &str, b: &str) -> String {
    format!(
        r#"
[event]
name = "Night owls"
timezone = "{zone}"
slot_minutes = 30

[[days]]
date = "{date}"
slots = ["{a}", "{b}"]

[[rooms]]
id = "one"
capacity = 10

[[rooms]]
id = "two"
capacity = 10

[[talks]]
id = "early"
speakers = ["Ada"]
audience = 8

[[talks]]
id = "late"
speakers = ["Ada"]
audience = 8

[[talks]]
id = "workshop"
speakers = ["Bo"]
audience = 8
parts = 2
"#
    )
}

/// Each VEVENT's SUMMARY and its DTEND - DTSTART in minutes.
const ICS_DURATIONS: &str = r#"
import json, sys
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
print(json.dumps({str(e.get("SUMMARY")): (e.decoded("DTEND") - e.decoded("DTSTART")).total_seconds() / 60
                  for e in cal.walk("VEVENT")}))
"#;

const CASES: [(&str, &str, &str, &str); 2] = [
    ("America/New_York", "2025-11-02", "01:00", "01:30"),
    ("Europe/Berlin", "2025-10-26", "02:00", "02:30"),
];

#[test]
fn events_in_the_repeated_hour_last_their_length_in_ics() {
    if !have_python(
        "events_in_the_repeated_hour_last_their_length_in_ics",
        "icalendar",
    ) {
        return;
    }
    for (zone, date, a, b) in CASES {
        let t = Test::new();
        let p = t.file("night.toml", &fold_night(zone, date, a, b));
        let ics = Test::new()
            .args(["solve", "-q", "--format", "ics"])
            .path(&p)
            .run()
            .code(0)
            .stdout;
        let file = t.file("night.ics", &ics);
        let script = t.file("durations.py", ICS_DURATIONS);
        let out = Command::new("python3")
            .arg(&script)
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            got,
            serde_json::json!({"early": 30.0, "late": 30.0, "workshop": 60.0}),
            "{zone}: {ics}"
        );
    }
}

#[test]
fn frab_durations_in_the_repeated_hour_are_the_slot_length() {
    for (zone, date, a, b) in CASES {
        let t = Test::new();
        let p = t.file("night.toml", &fold_night(zone, date, a, b));
        let json = Test::new()
            .args(["solve", "-q", "--format", "json"])
            .path(&p)
            .run()
            .code(0)
            .stdout;
        let tt = t.file("night.json", &json);
        let doc: serde_json::Value =
            serde_json::from_str(&render(&p, &tt, "frab-json", &[])).unwrap();
        let day = &doc["schedule"]["conference"]["days"][0];
        let mut durations: Vec<(String, String)> = day["rooms"]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|evs| evs.as_array().unwrap().iter())
            .map(|e| {
                (
                    e["title"].as_str().unwrap().to_string(),
                    e["duration"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        durations.sort();
        assert_eq!(
            durations,
            [
                ("early".to_string(), "00:30".to_string()),
                ("late".to_string(), "00:30".to_string()),
                ("workshop".to_string(), "01:00".to_string()),
            ],
            "{zone}"
        );
        let xml = render(&p, &tt, "frab-xml", &[]);
        assert_eq!(
            xml.matches("<duration>00:30</duration>").count(),
            2,
            "{xml}"
        );
        assert_eq!(
            xml.matches("<duration>01:00</duration>").count(),
            1,
            "{xml}"
        );
    }
}
