//! No panic on any input: valid problem files mutated byte-wise and
//! structurally, then parsed and analysed, solved with a short time limit,
//! and the timetable (when there is one) rendered in every format and read
//! back; and valid timetable files mutated the same way, then read,
//! verified and scored, compared with the original, and taken as a
//! re-plan's baseline.
//!
//! A normal-size run is part of `cargo test`. The long run is an ignored
//! test that runs for `CONFSCHED_FUZZ_SECS` seconds (default 600) and
//! prints how many inputs it tried:
//!
//! ```text
//! CONFSCHED_FUZZ_SECS=600 cargo test --release --test cli fuzz_for_a_while -- --ignored --nocapture
//! ```

use std::time::{Duration, Instant};

use confsched::analysis;
use confsched::problem::{self, DiagnosticFormat, Problem};
use confsched::render::{self, Format, Options};
use confsched::report;
use confsched::search::{Outcome, SolveOptions, solve};
use confsched::timetable::{self, Timetable, verify};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use crate::support::root;

/// The files mutations start from: the bundled problems, the hostile
/// cases and the regressions.
fn seeds() -> Vec<String> {
    let mut files: Vec<_> = ["problems", "tests/cases", "tests/regressions"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root().join(d)).expect("folder"))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed file"))
        .collect()
}

/// Keys of the format, for swapping one key for another.
const KEYS: &[&str] = &[
    "event",
    "name",
    "timezone",
    "slot_minutes",
    "date",
    "slots",
    "breaks",
    "start",
    "end",
    "id",
    "capacity",
    "building",
    "features",
    "unavailable",
    "between",
    "minutes",
    "title",
    "speakers",
    "audience",
    "parts",
    "track",
    "needs",
    "overflow",
    "fixed",
    "slot",
    "room",
    "only",
    "talks",
    "empty_seats",
    "track_clash",
    "capcity",
];

/// Numbers worth trying where a number was.
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "7",
    "50",
    "1440",
    "4294967295",
    "1073741823",
    "9223372036854775807",
    "-9223372036854775808",
    "99999999999999999999",
    "1e9",
    "0x10",
    "nan",
    "\"12\"",
];

/// Lines worth inserting anywhere.
const SNIPPETS: &[&str] = &[
    "[[talks]]",
    "[[rooms]]",
    "[[days]]",
    "[[speakers]]",
    "[[sequences]]",
    "[[walks]]",
    "[event]",
    "[objective]",
    "id = \"x\"",
    "parts = 40",
    "parts = 0",
    "audience = 100000",
    "capacity = 0",
    "overflow = true",
    "fixed = { slot = \"25:00\", room = \"nowhere\" }",
    "fixed = { slot = \"10:00\" }",
    "only = []",
    "only = [\"2019-07-04\"]",
    "unavailable = [\"2019-07-04\"]",
    "talks = [\"x\", \"x\"]",
    "needs = [\"lab\"]",
    "slots = []",
    "slots = [\"23:59\"]",
    "breaks = [{ name = \"b\", start = \"00:00\", end = \"23:59\" }]",
    "date = 2019-07-04",
    "date = \"2019-13-01\"",
    "speakers = [\"Kim\", \"Kim\"]",
    "between = [\"A\", \"A\"]",
    "slot_minutes = 1",
    "x = { a = { b = [[[1]]] } }",
    "\"quoted key\" = 1",
    "= 3",
    "[",
    "\"\"\"",
];

/// One change to a file.
#[derive(Clone, Debug)]
enum Mutation {
    SetByte(Index, u8),
    InsertByte(Index, u8),
    DeleteBytes(Index, usize),
    Truncate(Index),
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    InsertLine(Index, Index),
    ChangeNumber(Index, Index),
    SwapKey(Index, Index),
    /// Empties a list written over several lines (`[` ending a line, its
    /// elements, `]` starting one): in a timetable file, a talk's `rooms`,
    /// `slots` or `speakers`, or the assignments.
    EmptyList(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let i = any::<Index>;
    prop_oneof![
        (i(), any::<u8>()).prop_map(|(a, b)| Mutation::SetByte(a, b)),
        (i(), any::<u8>()).prop_map(|(a, b)| Mutation::InsertByte(a, b)),
        (i(), 1..40usize).prop_map(|(a, n)| Mutation::DeleteBytes(a, n)),
        i().prop_map(Mutation::Truncate),
        i().prop_map(Mutation::DeleteLine),
        i().prop_map(Mutation::DuplicateLine),
        (i(), i()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (i(), i()).prop_map(|(a, b)| Mutation::InsertLine(a, b)),
        (i(), i()).prop_map(|(a, b)| Mutation::ChangeNumber(a, b)),
        (i(), i()).prop_map(|(a, b)| Mutation::SwapKey(a, b)),
        i().prop_map(Mutation::EmptyList),
    ]
}

/// A seed file and the changes made to it.
fn input() -> impl Strategy<Value = (Index, Vec<Mutation>)> {
    (any::<Index>(), prop::collection::vec(mutation(), 1..6))
}

fn lines_of(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
}

fn join(lines: &[Vec<u8>]) -> Vec<u8> {
    lines.join(&b'\n')
}

/// Byte ranges of the decimal numbers (with a leading `-`) in `bytes`.
fn numbers(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = if i > 0 && bytes[i - 1] == b'-' {
                i - 1
            } else {
                i
            };
            let mut end = i;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                end += 1;
            }
            out.push((start, end));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Byte ranges of the bare keys at the start of lines (`key =`).
fn keys(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in bytes.split(|&b| b == b'\n') {
        let indent = line.iter().take_while(|b| **b == b' ').count();
        let len = line[indent..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'-')
            .count();
        if len > 0 {
            out.push((line_start + indent, line_start + indent + len));
        }
        line_start += line.len() + 1;
    }
    out
}

/// Lines worth inserting anywhere in a timetable file (JSON, one field or
/// list element a line).
const JSON_SNIPPETS: &[&str] = &[
    "\"rooms\": [],",
    "\"room\": \"nowhere\",",
    "\"slots\": [],",
    "\"slots\": [\"25:00\"],",
    "\"start\": \"09:00\",",
    "\"day\": \"2019-07-04\",",
    "\"talk\": \"x\",",
    "{\"talk\": \"x\"},",
    "{},",
    "null,",
    "\"assignments\": [],",
    "\"status\": \"optimal\",",
    "\"objective\": -1,",
    "\"track\": 7,",
    "\"speakers\": [[]],",
];

fn apply(bytes: Vec<u8>, m: &Mutation) -> Vec<u8> {
    apply_with(bytes, m, SNIPPETS)
}

fn apply_with(mut bytes: Vec<u8>, m: &Mutation, snippets: &[&str]) -> Vec<u8> {
    let pos = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len) };
    match m {
        Mutation::SetByte(i, b) => {
            if !bytes.is_empty() {
                let at = pos(i, bytes.len());
                bytes[at] = *b;
            }
        }
        Mutation::InsertByte(i, b) => {
            let at = pos(i, bytes.len() + 1);
            bytes.insert(at, *b);
        }
        Mutation::DeleteBytes(i, n) => {
            if !bytes.is_empty() {
                let at = pos(i, bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
        }
        Mutation::Truncate(i) => {
            let at = pos(i, bytes.len() + 1);
            bytes.truncate(at);
        }
        Mutation::DeleteLine(i) => {
            let mut lines = lines_of(&bytes);
            let at = pos(i, lines.len());
            lines.remove(at);
            bytes = join(&lines);
        }
        Mutation::DuplicateLine(i) => {
            let mut lines = lines_of(&bytes);
            let at = pos(i, lines.len());
            let line = lines[at].clone();
            lines.insert(at, line);
            bytes = join(&lines);
        }
        Mutation::SwapLines(a, b) => {
            let mut lines = lines_of(&bytes);
            let (x, y) = (pos(a, lines.len()), pos(b, lines.len()));
            lines.swap(x, y);
            bytes = join(&lines);
        }
        Mutation::InsertLine(a, s) => {
            let mut lines = lines_of(&bytes);
            let at = pos(a, lines.len() + 1);
            lines.insert(at, snippets[s.index(snippets.len())].as_bytes().to_vec());
            bytes = join(&lines);
        }
        Mutation::ChangeNumber(a, n) => {
            let found = numbers(&bytes);
            if !found.is_empty() {
                let (start, end) = found[a.index(found.len())];
                bytes.splice(start..end, NUMBERS[n.index(NUMBERS.len())].bytes());
            }
        }
        Mutation::EmptyList(a) => {
            let mut lines = lines_of(&bytes);
            let opens: Vec<usize> = (0..lines.len())
                .filter(|&i| lines[i].trim_ascii_end().ends_with(b"["))
                .collect();
            if !opens.is_empty() {
                let from = opens[a.index(opens.len())] + 1;
                let to = (from..lines.len())
                    .find(|&i| lines[i].trim_ascii_start().starts_with(b"]"))
                    .unwrap_or(from);
                lines.drain(from..to);
                bytes = join(&lines);
            }
        }
        Mutation::SwapKey(a, k) => {
            let found = keys(&bytes);
            if !found.is_empty() {
                let (start, end) = found[a.index(found.len())];
                bytes.splice(start..end, KEYS[k.index(KEYS.len())].bytes());
            }
        }
    }
    bytes
}

/// Everything the library does with a problem file.
fn exercise(text: &str) {
    match problem::parse("fuzz.toml", text) {
        Ok(p) => {
            let _ = problem::warnings(&p, DiagnosticFormat::Human);
            let found = analysis::check(&p);
            let _ = report::check_summary(&p, "fuzz.toml", &found);
            let _ = report::explain(&p, &found.reasons);
            solve_and_render(&p);
        }
        Err(e) => {
            let _ = e.render(DiagnosticFormat::Human);
            let _ = e.render(DiagnosticFormat::Short);
        }
    }
}

/// Solves with a short limit; a timetable must verify, render in every
/// format, and read back from its JSON to the same placements.
fn solve_and_render(p: &Problem) {
    let opts = SolveOptions {
        time_limit: Some(Duration::from_millis(200)),
        ..SolveOptions::default()
    };
    let outcome = solve(p, &opts).unwrap_or_else(|e| panic!("internal error: {e}"));
    match outcome {
        Outcome::Solved(tt, stats) => {
            assert!(verify(p, &tt.placements).is_empty());
            let _ = report::summary(&tt, &stats);
            for format in Format::ALL {
                let _ = render::render(p, &tt, format, &Options::default());
            }
            let json = render::render(p, &tt, Format::Json, &Options::default());
            let read = timetable::json::read(p, "t.json", &json).expect("our own JSON reads");
            assert!(read.issues.is_empty() && read.warnings.is_empty());
            let mut back = read.placements;
            back.sort();
            assert_eq!(back, tt.placements);
        }
        Outcome::Infeasible(reasons) => {
            let _ = report::explain(p, &reasons);
            let _ = report::positions(p, &reasons);
        }
        Outcome::Stopped(stats, why) => {
            let _ = report::stopped(why, &stats);
        }
    }
}

/// Timetable files mutations start from, each with its problem: the
/// reference program as published, and the timetables planted in two
/// small generated problems (whose declared tracks prefer rooms: scoring
/// looks at each talk's main room).
fn timetable_seeds() -> Vec<(Problem, String)> {
    let reference = problem::load(&root().join("problems/dlcat-2019.toml").to_string_lossy())
        .unwrap_or_else(|_| panic!("the reference problem loads"));
    let published =
        std::fs::read_to_string(root().join("problems/dlcat-2019.published.json")).expect("json");
    let mut seeds = vec![(reference, published)];
    for seed in [1, 2] {
        let g = confsched::generate::generate(&confsched::generate::GenParams::new(12, 3, 6, seed))
            .expect("generate");
        let p = problem::parse("g.toml", &g.toml).unwrap_or_else(|_| panic!("generated parses"));
        seeds.push((p, g.planted_json));
    }
    seeds
}

/// Everything the library does with a timetable file: read, verify and
/// score what it places and compare its figures (`verify`); read its
/// entries and list the changes against the original (`diff`); attach
/// it as a baseline and re-plan against it with a short limit (`solve
/// --baseline`).
fn exercise_timetable(p: &Problem, original: &str, text: &str) {
    match timetable::json::read(p, "t.json", text) {
        Ok(read) => {
            let tt = Timetable::new(p, read.status, read.placements.clone());
            let verified = verify(p, &tt.placements);
            let mut all = read.check_claims(&tt.score, false);
            all.extend(verified);
            let _ = report::violations(p, &read.violations(all));
            let _ = read
                .warnings_error("t.json", text)
                .render(DiagnosticFormat::Human);
        }
        Err(e) => {
            let _ = e.render(DiagnosticFormat::Human);
        }
    }
    match timetable::published::read("t.json", text) {
        Ok(entries) => {
            let old = timetable::published::read("o.json", original).expect("the original reads");
            let d = report::diff::diff(&old, &entries, None);
            let _ = report::diff::text(&d, &report::diff::RoomNames::new());
            let _ = report::diff::json(&d);
        }
        Err(e) => {
            let _ = e.render(DiagnosticFormat::Short);
        }
    }
    match problem::baseline::attach(p.clone(), "b.json", text, None) {
        Ok(q) => solve_and_render(&q),
        Err(e) => {
            let _ = e.render(DiagnosticFormat::Human);
        }
    }
}

fn run_cases(runner: &mut TestRunner, seeds: &[String]) {
    let result = runner.run(&input(), |(seed, muts)| {
        let mut bytes = seeds[seed.index(seeds.len())].as_bytes().to_vec();
        for m in &muts {
            bytes = apply(bytes, m);
        }
        let text = String::from_utf8_lossy(&bytes);
        exercise(&text);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

fn run_timetable_cases(runner: &mut TestRunner, seeds: &[(Problem, String)]) {
    let result = runner.run(&input(), |(seed, muts)| {
        let (p, original) = &seeds[seed.index(seeds.len())];
        let mut bytes = original.as_bytes().to_vec();
        for m in &muts {
            bytes = apply_with(bytes, m, JSON_SNIPPETS);
        }
        exercise_timetable(p, original, &String::from_utf8_lossy(&bytes));
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn mutated_timetable_files_never_panic() {
    let seeds = timetable_seeds();
    for (p, original) in &seeds {
        exercise_timetable(p, original, original);
    }
    run_timetable_cases(&mut deterministic_runner(500), &seeds);
}

/// A runner whose cases are the same on every run.
fn deterministic_runner(cases: u32) -> TestRunner {
    TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    )
}

#[test]
fn mutated_problem_files_never_panic() {
    let seeds = seeds();
    for s in &seeds {
        exercise(s);
    }
    run_cases(&mut deterministic_runner(1000), &seeds);
}

/// The long run: `CONFSCHED_FUZZ_SECS` seconds (default 600) of fresh
/// random inputs; prints the number tried.
#[test]
#[ignore = "long-running; see the module docs"]
fn fuzz_for_a_while() {
    let secs: u64 = std::env::var("CONFSCHED_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let seeds = seeds();
    let timetables = timetable_seeds();
    let started = Instant::now();
    let batch = 2000;
    let mut tried: u64 = 0;
    while started.elapsed() < Duration::from_secs(secs) {
        let mut runner = TestRunner::new(Config {
            cases: batch,
            failure_persistence: None,
            ..Config::default()
        });
        run_cases(&mut runner, &seeds);
        run_timetable_cases(&mut runner, &timetables);
        tried += 2 * u64::from(batch);
    }
    println!(
        "fuzz: {tried} inputs in {:.0} s, no panic",
        started.elapsed().as_secs_f64()
    );
}

/// Found by the fuzzer: a short slot reference in a file whose `[[days]]`
/// was lost indexed the empty list of dates.
#[test]
fn regression_slot_reference_with_no_days() {
    let src = "[event]\nname = \"x\"\nslot_minutes = 50\n[[rooms]]\nid = \"A\"\ncapacity = 10\n[[talks]]\nid = \"t\"\naudience = 1\nonly = [\"10:00\"]\n";
    let e = problem::parse("p.toml", src).expect_err("no days");
    let short = e.render(DiagnosticFormat::Short);
    assert!(short.contains("the problem has no days"), "{short}");
}
