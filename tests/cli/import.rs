//! `confsched import`: every format from the fixtures in
//! tests/data/import/ (see its README), bad sources as input errors with
//! positions, the network errors, a round trip through a real pretalx
//! (installed by .ci/install), and the fuzzing of the parsers.
//!
//! Every problem written must pass `check`, and every baseline timetable
//! `verify`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Run, Test, need_present, root};

fn data(name: &str) -> PathBuf {
    root().join("tests/data/import").join(name)
}

/// `confsched import ARGS -o problem.toml` in a fresh folder: the run, and
/// the problem's text. Checks the problem and, if written, the baseline.
fn import(t: &Test, args: &[&str]) -> (Run, String) {
    let out = t.tmp().join("problem.toml");
    let run = t.args(["import"]).args(args).args(["-o"]).path(&out).run();
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    if run.code == 0 {
        Test::new().args(["check"]).path(&out).run().code(0);
        let baseline = args
            .iter()
            .position(|a| *a == "--baseline-out")
            .map(|i| PathBuf::from(args[i + 1]));
        if let Some(b) = baseline {
            Test::new()
                .args(["verify"])
                .path(&out)
                .path(&b)
                .run()
                .code(0)
                .stdout_has("valid:");
        }
    }
    (run, text)
}

fn s(p: &Path) -> String {
    p.to_string_lossy().to_string()
}

#[test]
fn frab_xml_gives_a_problem_and_its_timetable() {
    let t = Test::new();
    let baseline = t.tmp().join("old.json");
    let (run, toml) = import(
        &t,
        &[
            "frab",
            &s(&data("pretalx-democon.xml")),
            "--baseline-out",
            &s(&baseline),
        ],
    );
    run.code(0)
        .stderr_has("imported: 36 talks, 2 rooms, 3 days");
    assert!(
        toml.contains("# DemoCon: imported by `confsched import frab`"),
        "{toml}"
    );
    assert!(toml.contains("capacity = 100  # TODO:"), "{toml}");
    assert!(toml.contains("slot_minutes = 30"), "{toml}");
    // Ids are the schedule's own event ids.
    assert!(toml.contains("id = \"25\""), "{toml}");
}

#[test]
fn c3voc_json_gives_the_same_talks_as_the_xml() {
    let t = Test::new();
    let b1 = t.tmp().join("a.json");
    let (_, from_json) = import(
        &t,
        &[
            "c3voc-json",
            &s(&data("pretalx-democon.json")),
            "--baseline-out",
            &s(&b1),
        ],
    );
    let t2 = Test::new();
    let b2 = t2.tmp().join("b.json");
    let (_, from_xml) = import(
        &t2,
        &[
            "frab",
            &s(&data("pretalx-democon.xml")),
            "--baseline-out",
            &s(&b2),
        ],
    );
    let body = |x: &str| {
        x.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&from_json), body(&from_xml));
    assert_eq!(
        std::fs::read_to_string(&b1).unwrap(),
        std::fs::read_to_string(&b2).unwrap()
    );
}

#[test]
fn frab_drops_a_person_from_the_longer_of_two_overlapping_events() {
    let t = Test::new();
    let b = t.tmp().join("old.json");
    let (run, toml) = import(
        &t,
        &[
            "frab",
            &s(&data("frab-small.xml")),
            "--baseline-out",
            &s(&b),
        ],
    );
    run.code(0);
    assert!(
        toml.contains("Jo Example dropped from `102` (kept in `103`)"),
        "{toml}"
    );
    assert!(
        toml.contains("title = \"Welcome & introduction\""),
        "{toml}"
    );
    assert!(toml.contains("speakers = [\"김민지\"]"), "{toml}");
    assert!(toml.contains("id = \"k1105\""), "{toml}");
}

#[test]
fn importing_twice_gives_the_same_file() {
    let a = import(&Test::new(), &["frab", &s(&data("frab-small.xml"))]).1;
    let b = import(&Test::new(), &["frab", &s(&data("frab-small.xml"))]).1;
    assert_eq!(a, b);
}

#[test]
fn sessionize_export_with_times_is_a_timetable() {
    let t = Test::new();
    let b = t.tmp().join("old.json");
    let (run, toml) = import(
        &t,
        &[
            "sessionize",
            &s(&data("sessionize.json")),
            "--name",
            "Demo",
            "--baseline-out",
            &s(&b),
        ],
    );
    run.code(0);
    assert!(toml.contains("1 service sessions"), "{toml}");
    assert!(toml.contains("track = \"Design\""), "{toml}");
    assert!(toml.contains("speakers = [\"Hélène Martin\"]"), "{toml}");
    assert!(!toml.contains("Lunch"), "{toml}");
}

#[test]
fn sessionize_room_that_is_not_defined_is_an_error() {
    let t = Test::new();
    let text = std::fs::read_to_string(data("sessionize.json"))
        .unwrap()
        .replace("\"roomId\": 8", "\"roomId\": 99");
    let f = t.file("s.json", &text);
    import(&t, &["sessionize", &s(&f)])
        .0
        .code(2)
        .stderr_has("is in room `99`, which `rooms` does not define");
}

#[test]
fn pretalx_saved_answers_of_2023_and_of_the_current_api() {
    let (run, toml) = import(&Test::new(), &["pretalx-json", &s(&data("pretalx-2023"))]);
    run.code(0)
        .stderr_has("imported: 24 talks, 3 rooms, 2 days, 32 slots of 30 minutes");
    assert!(toml.contains("unavailable = [\"2025-09-13\"]"), "{toml}");
    assert!(
        toml.contains("name = \"Grace Hopper\"\nunavailable = [\"2025-09-13\"]"),
        "{toml}"
    );
    assert!(
        toml.contains("audience = 0  # TODO: pretalx has no audience figure"),
        "{toml}"
    );

    let (run, toml) = import(
        &Test::new(),
        &[
            "pretalx-json",
            &s(&data("pretalx-current")),
            "--audience",
            "reviews:20",
        ],
    );
    run.code(0);
    assert!(toml.contains("name = \"Current API Conf\""), "{toml}");
    assert!(
        toml.contains("audience = 60  # mean review score 3.00 x 20"),
        "{toml}"
    );
    assert!(toml.contains("id = \"RS9TUV\""), "{toml}");
    let flat: Vec<&str> = toml.split_whitespace().filter(|w| *w != "#").collect();
    assert!(flat.join(" ").contains("left out: 1 rejected"), "{toml}");
    assert!(toml.contains("parts = 2"), "{toml}");
}

#[test]
fn durations_off_the_slot_grid_are_refused_or_rounded_up() {
    let dir = data("pretalx-current");
    import(
        &Test::new(),
        &["pretalx-json", &s(&dir), "--slot-minutes", "30"],
    )
    .0
    .code(2)
    .stderr_has("3 talks are not a whole number of 30-minute slots: `AB3CDE` (40 minutes)");
    let (run, toml) = import(
        &Test::new(),
        &[
            "pretalx-json",
            &s(&dir),
            "--slot-minutes",
            "30",
            "--round-up",
        ],
    );
    run.code(0);
    assert!(
        toml.contains("80 minutes in pretalx, rounded up to 3 slots"),
        "{toml}"
    );
}

#[test]
fn pretalx_speaker_with_no_name_is_an_error() {
    let t = Test::new();
    let dir = t.tmp().join("saved");
    std::fs::create_dir(&dir).unwrap();
    for f in ["event", "submissions", "submissions-2", "rooms", "speakers"] {
        let mut text = std::fs::read_to_string(data(&format!("pretalx-current/{f}.json"))).unwrap();
        if f == "speakers" {
            text = text.replace("\"Sam Lee\"", "\"  \"");
        }
        std::fs::write(dir.join(format!("{f}.json")), text).unwrap();
    }
    import(&t, &["pretalx-json", &s(&dir)])
        .0
        .code(2)
        .stderr_has("speaker `SPK003` has no name");
}

#[test]
fn csv_example_with_bom_and_korean_text() {
    let dir = root().join("examples/csv");
    let bytes = std::fs::read(dir.join("talks.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xef\xbb\xbf"),
        "the example keeps Excel's BOM"
    );
    let (run, toml) = import(
        &Test::new(),
        &[
            "csv",
            &s(&dir),
            "--name",
            "Tiny Conf",
            "--timezone",
            "Asia/Seoul",
        ],
    );
    run.code(0);
    assert!(toml.contains("title = \"딥러닝 실전 팁\""), "{toml}");
    assert!(toml.contains("name = \"조수현\""), "{toml}");
    assert!(
        toml.contains("fixed = { slot = \"2025-05-01 10:00\", room = \"hall\" }"),
        "{toml}"
    );
    assert!(
        toml.contains("capacity = 100  # TODO: no capacity in rooms.csv"),
        "{toml}"
    );
}

/// A copy of the CSV example with one file changed.
fn csv_copy(t: &Test, file: &str, change: impl Fn(String) -> String) -> PathBuf {
    let dir = t.tmp().join("csv");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["talks.csv", "rooms.csv", "speakers.csv", "slots.csv"] {
        let text = std::fs::read_to_string(root().join("examples/csv").join(f)).unwrap();
        let text = if f == file { change(text) } else { text };
        std::fs::write(dir.join(f), text).unwrap();
    }
    dir
}

#[test]
fn csv_errors_name_file_line_and_column() {
    let t = Test::new();
    let dir = csv_copy(&t, "talks.csv", |x| {
        x.replace("hall,\n", "hal,\n").replace("title,", "titel,")
    });
    import(&t, &["csv", &s(&dir)])
        .0
        .code(2)
        .stderr_has("talks.csv:1:")
        .stderr_has("unknown column `titel`")
        .stderr_has("did you mean `title`?");
    let t = Test::new();
    let dir = csv_copy(&t, "talks.csv", |x| x.replace(",hall,\n", ",hal,\n"));
    import(&t, &["csv", &s(&dir)])
        .0
        .code(2)
        .stderr_has("talks.csv:2:")
        .stderr_has("room `hal` is not in rooms.csv");
    let t = Test::new();
    let dir = csv_copy(&t, "rooms.csv", |x| {
        x.replace("lab,Computer lab,30", "lab,\"Computer lab,30")
    });
    import(&t, &["csv", &s(&dir), "--diagnostic-format", "short"])
        .0
        .code(2)
        .stderr_has("rooms.csv:");
    let t = Test::new();
    let dir = csv_copy(&t, "talks.csv", |x| {
        x.replace("Lee Minho;Park Sora", "Lee Minho;;")
    });
    import(&t, &["csv", &s(&dir)])
        .0
        .code(2)
        .stderr_has("lists a speaker with no name");
}

#[test]
fn malformed_json_and_xml_have_positions() {
    let t = Test::new();
    let f = t.file(
        "bad.json",
        "{\n  \"schedule\": {\n    \"conference\": [1,,2]\n}\n",
    );
    import(&t, &["c3voc-json", &s(&f)])
        .0
        .code(2)
        .stderr_has("malformed JSON")
        .stderr_has("bad.json:3:");
    let t = Test::new();
    let f = t.file(
        "bad.xml",
        "<schedule>\n  <day date=\"2025-01-01\">\n  </dya>\n</schedule>\n",
    );
    import(&t, &["frab", &s(&f), "--diagnostic-format", "short"])
        .0
        .code(2)
        .stderr_has("bad.xml:3:")
        .stderr_has("malformed XML");
    let t = Test::new();
    let f = t.file("s.json", "{\"sessions\": [}");
    import(&t, &["sessionize", &s(&f)])
        .0
        .code(2)
        .stderr_has("s.json:1:");
}

#[test]
fn pretalx_needs_a_token_outside_the_command_line() {
    Test::new()
        .args([
            "import",
            "pretalx",
            "--url",
            "http://127.0.0.1:9",
            "--event",
            "x",
        ])
        .run()
        .code(2)
        .stderr_has("$PRETALX_TOKEN");
}

/// A token file for the network tests.
fn token_file(t: &Test, token: &str) -> PathBuf {
    t.file("token", &format!("{token}\n"))
}

#[test]
fn pretalx_unreachable_host_and_timeout_are_clear_errors() {
    // A port nobody listens on: bind, learn the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let t = Test::new();
    let tok = token_file(&t, "x");
    t.args([
        "import",
        "pretalx",
        "--url",
        &format!("http://127.0.0.1:{port}"),
        "--event",
        "e",
        "--token-file",
    ])
    .path(&tok)
    .run()
    .code(2)
    .stderr_has("cannot reach http://127.0.0.1:");
    // A server that accepts and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let t = Test::new();
    let tok = token_file(&t, "x");
    let started = Instant::now();
    t.args([
        "import",
        "pretalx",
        "--timeout",
        "1",
        "--url",
        &format!("http://127.0.0.1:{port}"),
        "--event",
        "e",
        "--token-file",
    ])
    .path(&tok)
    .run()
    .code(2)
    .stderr_has("(timeout)");
    assert!(started.elapsed() < Duration::from_secs(20));
    drop(silent);
}

// ---- A real pretalx --------------------------------------------------

/// The pretalx version the round trip runs (the last with
/// `import_schedule`; see docs/importing.md).
const PRETALX_VERSION: &str = "2023.1.3";

/// The virtual environment .ci/install makes.
fn pretalx_python() -> PathBuf {
    let venv = std::env::var_os("CONFSCHED_PRETALX_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/confsched")
                .join(format!("pretalx-{PRETALX_VERSION}"))
        });
    venv.join("bin/python")
}

fn have_pretalx(py: &Path) -> bool {
    Command::new(py)
        .args([
            "-c",
            &format!("import pretalx, sys; sys.exit(pretalx.__version__ != '{PRETALX_VERSION}')"),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The pretalx server, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn pretalx(py: &Path, data: &Path, args: &[&str]) -> std::process::Output {
    Command::new(py)
        .args(["-m", "pretalx"])
        .args(args)
        .env("PRETALX_DATA_DIR", data)
        .current_dir(data)
        .output()
        .expect("run pretalx")
}

#[test]
fn round_trip_through_a_real_pretalx() {
    let py = pretalx_python();
    if !need_present(
        "round_trip_through_a_real_pretalx",
        "pretalx",
        have_pretalx(&py),
    ) {
        return;
    }
    let started = Instant::now();
    let t = Test::new();
    let data_dir = t.tmp().join("pretalx");
    std::fs::create_dir(&data_dir).unwrap();
    let out = pretalx(&py, &data_dir, &["migrate"]);
    assert!(
        out.status.success(),
        "migrate: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = "confsched-round-trip-token-0123456789";
    let out = Command::new(&py)
        .arg(data("pretalx/setup_event.py"))
        .arg(token)
        .env("PRETALX_DATA_DIR", &data_dir)
        .current_dir(&data_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "setup: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _server = Server(
        Command::new(&py)
            .args([
                "-m",
                "pretalx",
                "runserver",
                "--noreload",
                &format!("127.0.0.1:{port}"),
            ])
            .env("PRETALX_DATA_DIR", &data_dir)
            .current_dir(&data_dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let url = format!("http://127.0.0.1:{port}");
    let client = confsched::import::http::Client::new(Some(token.into()), 10);
    let api = format!("{url}/api/events/roundtrip2025/");
    let up = Instant::now();
    while client.get_json(&api, "the event").is_err() {
        assert!(
            up.elapsed() < Duration::from_secs(60),
            "pretalx did not start"
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    // Import from the live API (three pages of submissions), also saved.
    let tok = token_file(&t, token);
    let saved = t.tmp().join("saved");
    let problem = t.tmp().join("problem.toml");
    t.args([
        "import",
        "pretalx",
        "--url",
        &url,
        "--event",
        "roundtrip2025",
        "--page-size",
        "10",
        "--token-file",
    ])
    .path(&tok)
    .args(["--save-json"])
    .path(&saved)
    .args(["-o"])
    .path(&problem)
    .run()
    .code(0)
    .stderr_has("imported: 24 talks, 3 rooms, 2 days");
    let live = std::fs::read_to_string(&problem).unwrap();
    // The saved answers give the same problem (all but the header's source).
    let again = import(&Test::new(), &["pretalx-json", &s(&saved)]).1;
    let body = |x: &str| x.lines().skip(2).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&live), body(&again));

    // Wrong token, missing event.
    let bad = token_file(&Test::new(), "wrong");
    let t2 = Test::new();
    let bad_tok = token_file(&t2, "wrong");
    let _ = bad;
    t2.args([
        "import",
        "pretalx",
        "--url",
        &url,
        "--event",
        "roundtrip2025",
        "--token-file",
    ])
    .path(&bad_tok)
    .run()
    .code(2)
    .stderr_has("pretalx refused the token");
    let t3 = Test::new();
    let good = token_file(&t3, token);
    t3.args([
        "import",
        "pretalx",
        "--url",
        &url,
        "--event",
        "nosuchevent",
        "--token-file",
    ])
    .path(&good)
    .run()
    .code(2)
    .stderr_has("event `nosuchevent` was not found");

    // Solve, verify, export frab XML, load it with pretalx's own import.
    let tt = t.tmp().join("timetable.json");
    Test::new()
        .args(["solve", "-q", "--format", "json", "-o"])
        .path(&tt)
        .path(&problem)
        .run()
        .code(0);
    Test::new()
        .args(["verify"])
        .path(&problem)
        .path(&tt)
        .run()
        .code(0);
    let xml = t.tmp().join("schedule.xml");
    Test::new()
        .args(["render", "--format", "frab-xml", "-o"])
        .path(&xml)
        .path(&problem)
        .path(&tt)
        .run()
        .code(0);
    let out = pretalx(&py, &data_dir, &["import_schedule", &s(&xml)]);
    assert!(
        out.status.success()
            && String::from_utf8_lossy(&out.stdout).contains("Successfully imported"),
        "import_schedule: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // pretalx's schedule, read back through its API: every talk in our
    // room at our start. pretalx 2023.1 files an imported event under the
    // frab event id, which is the talk's position in our problem file.
    let p = confsched::problem::load(&s(&problem)).unwrap();
    let ours: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&tt).unwrap()).unwrap();
    let sched = client
        .get_json(&format!("{api}schedules/1.0/"), "the schedule")
        .unwrap();
    let slots = sched["slots"].as_array().expect("slots");
    assert_eq!(slots.len(), p.talks.len());
    for a in ours["assignments"].as_array().unwrap() {
        let id = a["talk"].as_str().unwrap();
        let pos = p.talks.iter().position(|x| x.id == id).unwrap() + 1;
        let theirs = slots
            .iter()
            .find(|x| x["code"].as_str() == Some(&pos.to_string()))
            .unwrap_or_else(|| panic!("talk {id} (frab id {pos}) is not in pretalx's schedule"));
        assert_eq!(theirs["title"], a["title"]);
        let room = &p
            .rooms
            .iter()
            .find(|r| r.id == a["room"].as_str().unwrap())
            .unwrap()
            .name;
        assert_eq!(theirs["slot"]["room"].as_str(), Some(room.as_str()), "{id}");
        let start = theirs["slot"]["start"].as_str().unwrap();
        assert_eq!(&start[..10], a["day"].as_str().unwrap(), "{id}");
        assert_eq!(&start[11..16], a["start"].as_str().unwrap(), "{id}");
        assert_eq!(&start[19..], "+02:00", "{id}: Europe/Berlin in September");
    }
    let took = started.elapsed().as_secs_f64();
    eprintln!("pretalx {PRETALX_VERSION} round trip: {took:.1} s");
    assert!(took < 180.0, "the round trip took {took:.0} s");
}

// ---- Fuzzing the parsers ------------------------------------------------
//
// Seeds are the fixtures; each input is a seed changed by one to five
// random edits (bytes set, inserted, deleted; a cut; a line duplicated,
// deleted or swapped; a snippet of the format inserted), then imported
// with the library. Any outcome but a problem that passes `check` or an
// input/source error is a failure: a panic, or an "internal" error (a
// problem written that `check` refuses). A short run is part of `cargo
// test`; the long one is
//
//   CONFSCHED_FUZZ_FORMAT=frab CONFSCHED_FUZZ_SECS=600 \
//     cargo test --release --test cli import_fuzz_for_a_while -- --ignored --nocapture

use confsched::import::{self as imp, Format, ImportError, Options};

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const SNIPPETS: &[&str] = &[
    "<event id=\"1\"><date>2026-01-31T23:55:00+01:00</date><duration>00:30</duration></event>",
    "<room name=\"\">",
    "</room>",
    "<persons><person id=\"9\"></person></persons>",
    "&amp;",
    "&bogus;",
    "<![CDATA[x]]>",
    "\"duration\": null",
    "\"duration\": 0",
    "\"duration\": 99999999999",
    "\"speakers\": [\"NOPE\"]",
    "\"state\": \"accepted\"",
    "\"roomId\": 424242",
    "\"startsAt\": \"2025-06-10T23:30:00\"",
    "\"isServiceSession\": true",
    "{",
    "}",
    "[",
    "]",
    ",",
    "\"",
    ";",
    ",,,,",
    "\"\"",
    "25:99",
    "00:00",
    "2025-02-30",
    "-1",
    "0",
    "4294967296",
    "\u{feff}",
    "\r\n",
    "x,y,z\n",
    "id,id\n",
    "unavailable",
    "fixed_room",
];

fn mutate(rng: &mut Rng, mut b: Vec<u8>) -> Vec<u8> {
    for _ in 0..1 + rng.below(5) {
        let len = b.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                b[i] = rng.next() as u8;
            }
            1 => {
                let i = rng.below(len + 1);
                b.insert(i, rng.next() as u8);
            }
            2 if len > 0 => {
                let i = rng.below(len);
                let n = (1 + rng.below(40)).min(len - i);
                b.drain(i..i + n);
            }
            3 => b.truncate(rng.below(len + 1)),
            4 | 5 => {
                let mut lines: Vec<Vec<u8>> =
                    b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
                let (i, j) = (rng.below(lines.len()), rng.below(lines.len()));
                match rng.below(3) {
                    0 => {
                        let l = lines[i].clone();
                        lines.insert(j, l);
                    }
                    1 => {
                        lines.remove(i);
                    }
                    _ => lines.swap(i, j),
                }
                b = lines.join(&b'\n');
            }
            _ => {
                let i = rng.below(len + 1);
                let s = SNIPPETS[rng.below(SNIPPETS.len())].as_bytes();
                b.splice(i..i, s.iter().copied());
            }
        }
    }
    b
}

/// A fuzz target: its format, and the seed files (name, text) that make up
/// one source; the first named file is the one mutated unless the input
/// says otherwise.
/// The files of one source: (name, bytes).
type Files = Vec<(String, Vec<u8>)>;

fn target(name: &str) -> (Format, Vec<Files>) {
    let read = |p: PathBuf| std::fs::read(p).unwrap();
    let folder = |dir: PathBuf| {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().to_string(),
                    read(p),
                )
            })
            .collect();
        files.sort();
        files
    };
    match name {
        "frab" => (
            Format::Frab,
            vec![
                vec![("s.xml".into(), read(data("frab-small.xml")))],
                vec![("s.xml".into(), read(data("pretalx-democon.xml")))],
            ],
        ),
        "c3voc-json" => (
            Format::C3vocJson,
            vec![vec![("s.json".into(), read(data("pretalx-democon.json")))]],
        ),
        "sessionize" => (
            Format::Sessionize,
            vec![vec![("s.json".into(), read(data("sessionize.json")))]],
        ),
        "pretalx-json" => (
            Format::PretalxJson,
            vec![
                folder(data("pretalx-current")),
                folder(data("pretalx-2023")),
            ],
        ),
        "csv" => (Format::Csv, vec![folder(root().join("examples/csv"))]),
        other => panic!("no fuzz target {other}"),
    }
}

/// One input: write it, import it, judge the outcome.
fn fuzz_one(format: Format, dir: &Path, files: &[(String, Vec<u8>)]) {
    let folder = matches!(format, Format::Csv | Format::PretalxJson);
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    for (n, b) in files {
        std::fs::write(dir.join(n), b).unwrap();
    }
    let mut o = Options::new(format);
    o.source = Some(if folder {
        s(dir)
    } else {
        s(&dir.join(&files[0].0))
    });
    o.name = Some("Fuzz".into());
    if format == Format::Sessionize {
        o.grid.dates = vec!["2025-06-10".into()];
        o.grid.slot_minutes = Some(15);
    }
    let input = || {
        files
            .iter()
            .map(|(n, b)| format!("--- {n}\n{}", String::from_utf8_lossy(b)))
            .collect::<String>()
    };
    match std::panic::catch_unwind(|| imp::import(&o)) {
        Ok(Ok(done)) => {
            if let Err(e) = confsched::problem::parse("fuzz.toml", &done.toml) {
                panic!("written problem fails check: {e}\n{}", input());
            }
        }
        Ok(Err(ImportError::Internal(m))) => panic!("internal error: {m}\ninput:\n{}", input()),
        Ok(Err(e)) => {
            if let ImportError::Input(e) = &e {
                let _ = e.render(confsched::problem::DiagnosticFormat::Human);
            }
        }
        Err(_) => panic!("panic on input:\n{}", input()),
    }
}

fn fuzz_run(name: &str, rng: &mut Rng, until: impl Fn(u64) -> bool) -> u64 {
    let (format, seeds) = target(name);
    let tmp = tempfile::tempdir().unwrap();
    let mut n = 0;
    while !until(n) {
        let mut files = seeds[rng.below(seeds.len())].clone();
        let k = rng.below(files.len());
        files[k].1 = mutate(rng, std::mem::take(&mut files[k].1));
        fuzz_one(format, &tmp.path().join("in"), &files);
        n += 1;
    }
    n
}

#[test]
fn import_parsers_survive_mutated_sources() {
    for name in ["frab", "c3voc-json", "sessionize", "pretalx-json", "csv"] {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ name.len() as u64);
        fuzz_run(name, &mut rng, |n| n >= 150);
    }
}

/// The long run: `CONFSCHED_FUZZ_FORMAT` (one of frab, c3voc-json,
/// sessionize, pretalx-json, csv) for `CONFSCHED_FUZZ_SECS` seconds
/// (default 600); prints the number of inputs.
#[test]
#[ignore = "long-running; see the comment above"]
fn import_fuzz_for_a_while() {
    let name = std::env::var("CONFSCHED_FUZZ_FORMAT").unwrap_or_else(|_| "frab".into());
    let secs: u64 = std::env::var("CONFSCHED_FUZZ_SECS")
        .ok()
        .and_then(|x| x.parse().ok())
        .unwrap_or(600);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    let mut rng = Rng(seed);
    let started = Instant::now();
    let n = fuzz_run(&name, &mut rng, |_| {
        started.elapsed() >= Duration::from_secs(secs)
    });
    println!(
        "import fuzz {name}: {n} inputs in {:.0} s, no panic (seed {seed})",
        started.elapsed().as_secs_f64()
    );
}

// ---- docs/importing.md ---------------------------------------------------

/// Splits a command line on spaces, keeping "quoted words" together.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The fenced block of `kind` after line `i`.
fn block_after(lines: &[&str], i: usize, kind: &str) -> String {
    let start = lines[i..]
        .iter()
        .position(|l| *l == format!("```{kind}"))
        .expect("block")
        + i
        + 1;
    let end = lines[start..]
        .iter()
        .position(|l| *l == "```")
        .expect("block end")
        + start;
    let mut text = lines[start..end].join("\n");
    text.push('\n');
    text
}

#[test]
fn docs_examples_are_true() {
    let doc = std::fs::read_to_string(root().join("docs/importing.md")).unwrap();
    let lines: Vec<&str> = doc.lines().collect();
    let mut seen = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix("<!-- import-example") else {
            continue;
        };
        let (excerpt, rest) = match rest.strip_prefix(" excerpt:") {
            Some(r) => (true, r),
            None => (false, rest.strip_prefix(':').expect("marker")),
        };
        let args = words(rest.trim_end_matches("-->").trim());
        let shown = block_after(&lines, i, "sh");
        assert_eq!(
            shown.trim(),
            format!("confsched import {}", rest.trim_end_matches("-->").trim())
        );
        let want = block_after(&lines, i, "toml");
        let out = assert_cmd::Command::cargo_bin("confsched")
            .unwrap()
            .arg("import")
            .args(&args)
            .arg("-q")
            .current_dir(root())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got = String::from_utf8(out.stdout).unwrap();
        if excerpt {
            assert!(
                got.contains(&want),
                "{args:?}: the excerpt is not in the output:\n{got}"
            );
        } else {
            assert_eq!(got, want, "{args:?}");
        }
        seen.push(args[0].clone());
    }
    seen.sort();
    assert_eq!(
        seen,
        ["c3voc-json", "csv", "frab", "pretalx-json", "sessionize"]
    );

    // The bad-source example.
    let i = lines
        .iter()
        .position(|l| l.starts_with("<!-- import-broken-csv"))
        .expect("marker");
    let shown = block_after(&lines, i, "text");
    let t = Test::new();
    let dir = t.tmp().join("broken");
    std::fs::create_dir(&dir).unwrap();
    for f in ["talks.csv", "rooms.csv", "speakers.csv", "slots.csv"] {
        let text = std::fs::read_to_string(root().join("examples/csv").join(f)).unwrap();
        std::fs::write(
            dir.join(f),
            text.replace("lab,Computer lab,30", "lab,\"Computer lab,30"),
        )
        .unwrap();
    }
    let run = t.args(["import", "csv", "broken/"]).run().code(2);
    let want: String = shown.lines().skip(1).map(|l| format!("{l}\n")).collect();
    assert_eq!(run.stderr.trim_end(), want.trim_end());
}
