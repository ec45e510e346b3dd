//! Publishing: every output format, `render`, `--speaker`, `--bom`, safe
//! writes, golden files and independent checks of each format (Python's
//! icalendar and jsonschema, xmllint, headless Chromium).
//!
//! Golden files live in tests/golden/; `CONFSCHED_BLESS=1 cargo test`
//! rewrites them. External tools are installed by .ci/install; a test that
//! needs a missing tool fails under CI=true and is skipped (with a message)
//! otherwise.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Test, need, problem, root};

/// Every format and the extension of its golden file.
const FORMATS: [(&str, &str); 8] = [
    ("text", "txt"),
    ("json", "json"),
    ("markdown", "md"),
    ("csv", "csv"),
    ("html", "html"),
    ("ics", "ics"),
    ("frab-xml", "frab.xml"),
    ("frab-json", "frab.json"),
];

/// Problems with golden files: Korean titles, multi-part talks and an
/// overflow talk (dlcat-2019); several days, breaks and tracks
/// (two-day-meetup).
pub(crate) const GOLDEN_PROBLEMS: [&str; 2] = ["dlcat-2019", "two-day-meetup"];

pub(crate) fn golden_dir() -> PathBuf {
    root().join("tests").join("golden")
}

pub(crate) fn blessing() -> bool {
    std::env::var("CONFSCHED_BLESS").is_ok_and(|v| v == "1")
}

/// The schemas the exports are checked against (copied into the
/// repository with their origin and licence).
fn formats() -> PathBuf {
    root().join("tests").join("data").join("formats")
}

pub(crate) fn have_python(test: &str, modules: &str) -> bool {
    need(
        test,
        &format!("python3 with {modules}"),
        Command::new("python3").args(["-c", &format!("import {modules}")]),
    )
}

/// `solve PROBLEM --format json` into the test folder.
pub(crate) fn solved_json(t: &Test, name: &str) -> PathBuf {
    let run = Test::new()
        .args(["solve", "-q", "--format", "json"])
        .path(&problem(&format!("{name}.toml")))
        .run()
        .code(0);
    t.file(&format!("{name}.json"), &run.stdout)
}

/// `render PROBLEM TIMETABLE --format F` and its stdout.
pub(crate) fn render(
    problem_file: &Path,
    timetable: &Path,
    format: &str,
    extra: &[&str],
) -> String {
    Test::new()
        .args(["render"])
        .path(problem_file)
        .path(timetable)
        .args(["--format", format])
        .args(extra)
        .run()
        .code(0)
        .stdout
}

/// The golden timetable of a problem, so golden outputs do not depend on
/// which of several optimal timetables the solver picks. Blessing keeps
/// its placements and rewrites it in today's JSON; only a missing one is
/// solved afresh.
pub(crate) fn golden_timetable(name: &str) -> PathBuf {
    let path = golden_dir().join(format!("{name}.timetable.json"));
    if blessing() {
        let p = problem(&format!("{name}.toml"));
        let run = if path.exists() {
            Test::new()
                .args(["render", "--format", "json"])
                .path(&p)
                .path(&path)
                .run()
        } else {
            Test::new()
                .args(["solve", "-q", "--format", "json"])
                .path(&p)
                .run()
        }
        .code(0);
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, run.stdout).unwrap();
    }
    path
}

#[test]
fn every_format_matches_its_golden_file() {
    let mut stale = Vec::new();
    for name in GOLDEN_PROBLEMS {
        let tt = golden_timetable(name);
        let p = problem(&format!("{name}.toml"));
        for (format, ext) in FORMATS {
            let out = render(&p, &tt, format, &[]);
            let golden = golden_dir().join(format!("{name}.{ext}"));
            if blessing() {
                std::fs::write(&golden, &out).unwrap();
                continue;
            }
            let want = std::fs::read_to_string(&golden).unwrap_or_else(|e| {
                panic!("{}: {e} (bless with CONFSCHED_BLESS=1)", golden.display())
            });
            if out != want {
                stale.push(golden.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "output differs from the golden files (check, then bless with CONFSCHED_BLESS=1):\n{}",
        stale.join("\n")
    );
}

#[test]
fn rendering_solved_json_equals_solving_straight_to_the_format() {
    for name in GOLDEN_PROBLEMS {
        let t = Test::new();
        let tt = solved_json(&t, name);
        let p = problem(&format!("{name}.toml"));
        for (format, _) in FORMATS {
            let straight = Test::new()
                .args(["solve", "-q", "--format", format])
                .path(&p)
                .run()
                .code(0)
                .stdout;
            assert_eq!(
                render(&p, &tt, format, &[]),
                straight,
                "{name} --format {format}"
            );
        }
    }
}

#[test]
fn output_is_byte_identical_across_runs() {
    let p = problem("dlcat-2019.toml");
    for (format, _) in FORMATS {
        let a = Test::new()
            .args(["solve", "-q", "--format", format])
            .path(&p)
            .run()
            .code(0)
            .stdout;
        let b = Test::new()
            .args(["solve", "-q", "--format", format])
            .path(&p)
            .run()
            .code(0)
            .stdout;
        assert_eq!(a, b, "--format {format}");
    }
}

#[test]
fn render_refuses_a_timetable_that_breaks_a_rule_and_writes_nothing() {
    let t = Test::new();
    let tt = solved_json(&t, "dlcat-2019");
    // Put every talk at the first slot of room A.
    let text = std::fs::read_to_string(&tt).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    for a in json["assignments"].as_array_mut().unwrap() {
        a["room"] = "A".into();
        a["rooms"] = serde_json::json!(["A"]);
    }
    let bad = t.file("bad.json", &json.to_string());
    let out = t.tmp().join("out.html");
    t.args(["render"])
        .path(&problem("dlcat-2019.toml"))
        .path(&bad)
        .args(["--format", "html", "-o"])
        .path(&out)
        .run()
        .code(1)
        .stderr_has("violation: ")
        .stderr_has("nothing was written");
    assert!(!out.exists(), "no file when the timetable is invalid");
    assert_no_temp_files(t.tmp());
}

fn assert_no_temp_files(dir: &Path) {
    let left: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".confsched-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn render_writes_atomically_refuses_its_inputs_and_dash_is_stdout() {
    let t = Test::new();
    let src = std::fs::read_to_string(problem("dlcat-2019.toml")).unwrap();
    let p = t.file("p.toml", &src);
    let tt = solved_json(&t, "dlcat-2019");
    let tt_text = std::fs::read_to_string(&tt).unwrap();
    // Never over the problem or the timetable.
    for target in [&p, &tt] {
        Test::new()
            .args(["render"])
            .path(&p)
            .path(&tt)
            .args(["--format", "csv", "-o"])
            .path(target)
            .run()
            .code(2)
            .stderr_has("refusing");
    }
    assert_eq!(std::fs::read_to_string(&p).unwrap(), src);
    assert_eq!(std::fs::read_to_string(&tt).unwrap(), tt_text);
    // A folder that does not exist: exit 74 (cannot write), nothing written.
    let missing = t.tmp().join("no-such-dir").join("out.csv");
    Test::new()
        .args(["render"])
        .path(&p)
        .path(&tt)
        .args(["--format", "csv", "-o"])
        .path(&missing)
        .run()
        .code(74)
        .stderr_has("cannot write")
        .stderr_has("no-such-dir` does not exist");
    assert!(!missing.exists());
    // An unknown speaker fails before anything is written.
    let out = t.tmp().join("out.ics");
    Test::new()
        .args(["render"])
        .path(&p)
        .path(&tt)
        .args(["--format", "ics", "--speaker", "nobody", "-o"])
        .path(&out)
        .run()
        .code(2);
    assert!(!out.exists());
    // A file, then `-` for stdout: the same bytes.
    Test::new()
        .args(["render"])
        .path(&p)
        .path(&tt)
        .args(["--format", "csv", "-o"])
        .path(&out)
        .run()
        .code(0);
    let stdout = Test::new()
        .args(["render"])
        .path(&p)
        .path(&tt)
        .args(["--format", "csv", "-o", "-"])
        .run()
        .code(0)
        .stdout;
    assert_eq!(std::fs::read_to_string(&out).unwrap(), stdout);
    assert!(stdout.starts_with("id,title,speakers,"));
    assert_no_temp_files(t.tmp());
}

#[test]
fn speaker_filter_and_its_did_you_mean() {
    let t = Test::new();
    let tt = solved_json(&t, "dlcat-2019");
    let p = problem("dlcat-2019.toml");
    let ics = render(&p, &tt, "ics", &["--speaker", "대전AI거버넌스"]);
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3, "{ics}");
    let csv = render(&p, &tt, "csv", &["--speaker", "대전AI거버넌스"]);
    assert_eq!(csv.lines().count(), 4, "{csv}");
    Test::new()
        .args(["render"])
        .path(&p)
        .path(&tt)
        .args(["--format", "ics", "--speaker", "김태형"])
        .run()
        .code(2)
        .stderr_has("no speaker is called `김태형`")
        .stderr_has("did you mean `김태영`?");
    Test::new()
        .args(["solve", "-q", "--format", "ics", "--speaker", "Kim Tae"])
        .path(&p)
        .run()
        .code(2)
        .stderr_has("no speaker");
    Test::new()
        .args(["render"])
        .path(&p)
        .path(&tt)
        .args(["--format", "json", "--speaker", "김태영"])
        .run()
        .code(2)
        .stderr_has("does not apply to `--format json`");
}

#[test]
fn csv_is_rfc4180_utf8_with_an_optional_bom() {
    let t = Test::new();
    let tt = solved_json(&t, "dlcat-2019");
    let p = problem("dlcat-2019.toml");
    let plain = render(&p, &tt, "csv", &[]);
    let bom = render(&p, &tt, "csv", &["--bom"]);
    assert!(!plain.starts_with('\u{FEFF}'));
    assert_eq!(bom, format!("\u{FEFF}{plain}"));
    assert!(plain.ends_with("\r\n"));
    let mut rd = csv::Reader::from_reader(plain.as_bytes());
    assert_eq!(
        rd.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "id", "title", "speakers", "track", "day", "start", "end", "rooms", "audience", "seats"
        ]
    );
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 31);
    let deeplema = rows.iter().find(|r| &r[0] == "deeplema").unwrap();
    assert_eq!(&deeplema[1], "Deeplema, 딥러닝 서비스상용화의 딜레마");
    let closing = rows
        .iter()
        .find(|r| r[7].contains(';'))
        .expect("the overflow talk");
    assert_eq!(closing[7].split("; ").count(), 5);
    assert_eq!(&closing[9], "630");
    assert_eq!(&closing[5], "17:00");
    Test::new()
        .args(["render"])
        .path(&p)
        .path(&tt)
        .args(["--format", "html", "--bom"])
        .run()
        .code(2)
        .stderr_has("`--bom` only applies to `--format csv`");
}

/// Checks the raw iCalendar lines: CRLF, folded at 75 octets, whole UTF-8
/// characters on every physical line.
fn check_ics_lines(bytes: &[u8]) {
    assert!(bytes.ends_with(b"\r\n"));
    let text = std::str::from_utf8(bytes).unwrap();
    assert!(!text.replace("\r\n", "").contains('\n'), "bare LF");
    for line in bytes.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        assert!(
            line.len() <= 75,
            "{} octets: {}",
            line.len(),
            String::from_utf8_lossy(line)
        );
        assert!(
            std::str::from_utf8(line).is_ok(),
            "a fold splits a character"
        );
    }
}

const ICS_CHECK: &str = r#"
import json, sys
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = {"version": str(cal.get("VERSION")), "prodid": str(cal.get("PRODID")), "events": []}
for ev in cal.walk("VEVENT"):
    out["events"].append({
        "uid": str(ev.get("UID")),
        "dtstamp": ev.decoded("DTSTAMP").isoformat(),
        "start": ev.decoded("DTSTART").isoformat(),
        "end": ev.decoded("DTEND").isoformat(),
        "summary": str(ev.get("SUMMARY")),
        "location": str(ev.get("LOCATION")),
        "description": str(ev.get("DESCRIPTION", "")),
    })
print(json.dumps(out))
"#;

/// Local `YYYY-MM-DD` + `HH:MM` in Seoul (UTC+9, no DST) as UTC ISO 8601.
fn seoul_to_utc(day: &str, hhmm: &str) -> String {
    let (h, m): (u32, u32) = (hhmm[..2].parse().unwrap(), hhmm[3..].parse().unwrap());
    assert!(h >= 9, "test data starts after 09:00");
    format!("{day}T{:02}:{m:02}:00+00:00", h - 9)
}

#[test]
fn ics_is_read_back_by_an_independent_parser() {
    if !have_python("ics_is_read_back_by_an_independent_parser", "icalendar") {
        return;
    }
    for name in GOLDEN_PROBLEMS {
        let t = Test::new();
        let tt = solved_json(&t, name);
        let p = problem(&format!("{name}.toml"));
        let ics = render(&p, &tt, "ics", &[]);
        check_ics_lines(ics.as_bytes());
        let file = t.file("out.ics", &ics);
        let script = t.file("check.py", ICS_CHECK);
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
        assert_eq!(got["version"], "2.0");
        assert!(got["prodid"].as_str().unwrap().contains("confsched"));
        let timetable: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&tt).unwrap()).unwrap();
        let assignments = timetable["assignments"].as_array().unwrap();
        let events = got["events"].as_array().unwrap();
        assert_eq!(events.len(), assignments.len());
        let first_day = assignments
            .iter()
            .map(|a| a["day"].as_str().unwrap())
            .min()
            .unwrap();
        let problem_text = std::fs::read_to_string(&p).unwrap();
        let mut uids: Vec<&str> = events.iter().map(|e| e["uid"].as_str().unwrap()).collect();
        uids.sort();
        uids.dedup();
        assert_eq!(uids.len(), events.len(), "UIDs are unique");
        for a in assignments {
            let title = a["title"].as_str().unwrap();
            let e = events
                .iter()
                .find(|e| e["summary"] == title)
                .unwrap_or_else(|| panic!("no event for {title}"));
            let day = a["day"].as_str().unwrap();
            assert_eq!(
                e["start"],
                seoul_to_utc(day, a["start"].as_str().unwrap()),
                "{title}"
            );
            assert_eq!(
                e["end"],
                seoul_to_utc(day, a["end"].as_str().unwrap()),
                "{title}"
            );
            assert_eq!(e["dtstamp"], format!("{first_day}T00:00:00+00:00"));
            let room_id = a["room"].as_str().unwrap();
            let room_name = room_name(&problem_text, room_id);
            assert!(
                e["location"].as_str().unwrap().starts_with(&room_name),
                "{e}"
            );
            for s in a["speakers"].as_array().unwrap() {
                assert!(
                    e["description"]
                        .as_str()
                        .unwrap()
                        .contains(s.as_str().unwrap()),
                    "{e}"
                );
            }
            assert!(e["uid"].as_str().unwrap().ends_with("@confsched"));
        }
        // Stable: the same UIDs from a second run.
        assert_eq!(render(&p, &tt, "ics", &[]), ics);
    }
}

/// The `name` of room `id` in a problem file (the id when it has none).
fn room_name(problem_text: &str, id: &str) -> String {
    let v: toml::Value = toml::from_str(problem_text).unwrap();
    let room = v["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"].as_str() == Some(id))
        .unwrap();
    room.get("name")
        .and_then(|n| n.as_str())
        .unwrap_or(id)
        .to_string()
}

#[test]
fn frab_xml_validates_against_the_c3voc_xsd() {
    let test = "frab_xml_validates_against_the_c3voc_xsd";
    if !need(test, "xmllint", Command::new("xmllint").arg("--version")) {
        return;
    }
    let xsd = formats().join("c3voc-schedule.xml.xsd");
    for name in GOLDEN_PROBLEMS {
        let t = Test::new();
        let tt = solved_json(&t, name);
        let xml = render(&problem(&format!("{name}.toml")), &tt, "frab-xml", &[]);
        let file = t.file("schedule.xml", &xml);
        let out = Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(&xsd)
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Validates with jsonschema (formats checked too) and checks the content
/// against the timetable, with GUIDs recomputed independently.
const FRAB_JSON_CHECK: &str = r#"
import json, sys, uuid
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
tt = json.load(open(sys.argv[3]))
v = jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)
errors = [f"{list(e.path)}: {e.message}" for e in v.iter_errors(doc)]
assert not errors, errors
conf = doc["schedule"]["conference"]
ns = uuid.uuid5(uuid.NAMESPACE_URL, "confsched:" + tt["event"])
events = {}
for day in conf["days"]:
    for room, evs in day["rooms"].items():
        for e in evs:
            assert e["room"] == room
            events[e["guid"]] = (day["date"], e)
assert len(events) == len(tt["assignments"]), (len(events), len(tt["assignments"]))
for a in tt["assignments"]:
    g = str(uuid.uuid5(ns, "talk:" + a["talk"]))
    day, e = events[g]
    assert day == a["day"], (day, a)
    assert e["title"] == a["title"]
    assert e["start"] == a["start"]
    h1, m1 = map(int, a["start"].split(":")); h2, m2 = map(int, a["end"].split(":"))
    d = (h2 * 60 + m2) - (h1 * 60 + m1)
    assert e["duration"] == "%02d:%02d" % (d // 60, d % 60), (e["duration"], a)
    assert [p["name"] for p in e["persons"]] == a["speakers"]
    assert e["track"] == a["track"]
    assert e["date"].startswith(a["day"] + "T" + a["start"])
print(json.dumps({"rooms": [r["name"] for r in conf["rooms"]], "days": len(conf["days"]),
                  "tracks": [t["name"] for t in conf.get("tracks", [])]}))
"#;

#[test]
fn frab_json_validates_against_the_c3voc_schema_and_holds_the_timetable() {
    let test = "frab_json_validates_against_the_c3voc_schema_and_holds_the_timetable";
    if !have_python(test, "jsonschema") {
        return;
    }
    let schema = formats().join("c3voc-schedule.schema.json");
    for (name, days, tracks) in [("dlcat-2019", 1, 0), ("two-day-meetup", 2, 3)] {
        let t = Test::new();
        let tt = solved_json(&t, name);
        let doc = render(&problem(&format!("{name}.toml")), &tt, "frab-json", &[]);
        let file = t.file("schedule.json", &doc);
        let script = t.file("check.py", FRAB_JSON_CHECK);
        let out = Command::new("python3")
            .arg(&script)
            .arg(&schema)
            .arg(&file)
            .arg(&tt)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(got["days"], days, "{got}");
        assert_eq!(got["tracks"].as_array().unwrap().len(), tracks, "{got}");
        assert!(!got["rooms"].as_array().unwrap().is_empty());
    }
}

/// Injected into a copy of the page: checks layout and writes the result
/// into the DOM of the page around it, for `--dump-dom`.
const LAYOUT_CHECK: &str = r#"<script>
(function () {
  var W = window.innerWidth;
  var res = { width: W, visible: [], hidden: [], overflow: [], slots: [],
    pageWidth: document.documentElement.scrollWidth,
    lang: document.documentElement.getAttribute('lang'),
    wordBreak: getComputedStyle(document.querySelector('.title')).wordBreak,
    overflowWrap: getComputedStyle(document.querySelector('.title')).overflowWrap };
  function shown(t) {
    var r = t.getBoundingClientRect(), cs = getComputedStyle(t);
    return r.width >= 1 && r.height >= 1 && r.left >= -0.5 && r.right <= W + 0.5 &&
      cs.visibility === 'visible' && cs.display !== 'none' && parseFloat(cs.opacity) > 0;
  }
  document.querySelectorAll('.title').forEach(function (t) {
    // A later part's copy may be hidden (wide screens join it to the
    // cell above); where it must show is checked per slot below.
    if (shown(t)) res.visible.push(t.textContent);
    else if (!t.closest('td.cont')) res.hidden.push(t.textContent);
  });
  document.querySelectorAll('tr.slot').forEach(function (tr) {
    var time = tr.querySelector('th.time time');
    var titles = [];
    tr.querySelectorAll('.title').forEach(function (t) { if (shown(t)) titles.push(t.textContent); });
    res.slots.push({ at: time ? time.getAttribute('datetime') : '', titles: titles });
  });
  document.querySelectorAll('td, th').forEach(function (c) {
    if (getComputedStyle(c).display === 'none') return;
    var box = c.getBoundingClientRect();
    var bad = c.scrollWidth > c.clientWidth + 1 || c.scrollHeight > c.clientHeight + 1;
    c.querySelectorAll('span').forEach(function (s) {
      if (s.getClientRects().length === 0) return; // not rendered
      var r = s.getBoundingClientRect();
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5) bad = true;
    });
    if (bad) res.overflow.push(c.textContent);
  });
  var pre = document.createElement('pre');
  pre.id = 'layout-result';
  pre.textContent = JSON.stringify(res);
  window.parent.document.body.appendChild(pre);
})();
</script>"#;

fn chromium(profile: &Path, width: u32, extra: &[&str], page: &Path) -> std::process::Output {
    Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={width},2400"))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium")
}

/// The layout facts [`LAYOUT_CHECK`] gathers for `html` at `width` px.
fn layout_at(t: &Test, html: &str, width: u32, shot: &Path) -> serde_json::Value {
    let page = t.file("page.html", html);
    let profile = tempfile::tempdir().unwrap();
    let out = chromium(
        profile.path(),
        width,
        &[&format!("--screenshot={}", shot.display())],
        &page,
    );
    assert!(
        shot.exists(),
        "screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let checked = html
        .replace("</body>", &format!("{LAYOUT_CHECK}</body>"))
        .replace('&', "&amp;")
        .replace('"', "&quot;");
    // Headless Chromium keeps windows at least 500 px wide, so the
    // page is laid out in an iframe of the exact width.
    let probe = t.file(
        "probe.html",
        &format!(
            "<!DOCTYPE html><html><body style=\"margin:0\"><iframe style=\"width:{width}px;height:2400px;border:0\" srcdoc=\"{checked}\"></iframe></body></html>"
        ),
    );
    let profile = tempfile::tempdir().unwrap();
    let out = chromium(profile.path(), 1300, &["--dump-dom"], &probe);
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom
        .find("<pre id=\"layout-result\">")
        .unwrap_or_else(|| panic!("no layout result: {}", String::from_utf8_lossy(&out.stderr)))
        + "<pre id=\"layout-result\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let raw = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&raw).unwrap()
}

/// Every slot of every talk of several parts, as `(title, "DAYTHH:MM")`.
fn multi_part_slots(timetable: &serde_json::Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for a in timetable["assignments"].as_array().unwrap() {
        let slots = a["slots"].as_array().unwrap();
        if slots.len() < 2 {
            continue;
        }
        for s in slots {
            let s = s.as_str().unwrap();
            let time = s.rsplit(' ').next().unwrap();
            let day = a["day"].as_str().unwrap();
            out.push((
                a["title"].as_str().unwrap().to_string(),
                format!("{day}T{time}"),
            ));
        }
    }
    out
}

#[test]
fn html_shows_every_title_without_overflow_at_desktop_and_phone_widths() {
    let test = "html_shows_every_title_without_overflow_at_desktop_and_phone_widths";
    if !need(test, "chromium", Command::new("chromium").arg("--version")) {
        return;
    }
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("html-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for name in GOLDEN_PROBLEMS {
        let t = Test::new();
        let tt = solved_json(&t, name);
        let html = render(&problem(&format!("{name}.toml")), &tt, "html", &[]);
        assert!(!html.contains("<script"), "no scripts in the page itself");
        for needle in ["http://", "https://", "@import", "url("] {
            assert!(!html.contains(needle), "fetches nothing: {needle}");
        }
        assert!(html.contains("@media print"));
        let timetable: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&tt).unwrap()).unwrap();
        let titles: Vec<&str> = timetable["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap())
            .collect();
        let parts = multi_part_slots(&timetable);
        assert!(!parts.is_empty(), "{name} has talks of several parts");
        for width in [1280u32, 390] {
            let shot = shots.join(format!("{name}-{width}.png"));
            let res = layout_at(&t, &html, width, &shot);
            // `lang` from `[event] language` (dlcat-2019 says "ko";
            // two-day-meetup says nothing, so the page has none).
            let lang = if name == "dlcat-2019" {
                serde_json::json!("ko")
            } else {
                serde_json::Value::Null
            };
            assert_eq!(res["lang"], lang, "{name}");
            assert_eq!(res["wordBreak"], "keep-all", "{name}");
            assert_eq!(res["overflowWrap"], "anywhere", "{name}");
            assert_eq!(res["width"], width, "viewport width");
            assert!(
                res["pageWidth"].as_u64().unwrap() <= u64::from(width),
                "{name} at {width}: page scrolls sideways: {res}"
            );
            assert_eq!(
                res["hidden"].as_array().unwrap().len(),
                0,
                "{name} at {width}: {res}"
            );
            assert_eq!(
                res["overflow"].as_array().unwrap().len(),
                0,
                "{name} at {width}: {res}"
            );
            let visible: Vec<&str> = res["visible"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            for title in &titles {
                assert!(
                    visible.iter().any(|v| v.starts_with(title)),
                    "{name} at {width}: {title} not visible"
                );
            }
            if width == 390 {
                // On a phone each slot is a list: a talk of several parts
                // shows in every slot it occupies.
                for (title, at) in &parts {
                    let row = res["slots"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|r| r["at"].as_str().unwrap().starts_with(at.as_str()))
                        .unwrap_or_else(|| panic!("{name}: no row for {at}: {res}"));
                    assert!(
                        row["titles"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .any(|v| v.as_str().unwrap().starts_with(title.as_str())),
                        "{name} at 390: {title} missing at {at}: {row}"
                    );
                }
            }
        }
    }
}
