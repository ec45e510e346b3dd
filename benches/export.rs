//! Export benchmark: every output format on a 1000-talk timetable.
//!
//! A seeded generated problem (1000 talks, 35 rooms, 36 slots) with its
//! planted valid timetable (no solving), read back with
//! `timetable::json::read`; each renderer is timed with `std::time` and the
//! median of several runs is printed. Target: under 0.2 s per format.
//!
//! Run: `cargo bench --bench export`.

// Measurements convert process ids, sizes and times on purpose.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss
)]

use std::time::{Duration, Instant};

use confsched::generate::{GenParams, generate};
use confsched::render::{self, Format, Options};
use confsched::timetable::{self, Timetable};

const RUNS: usize = 7;
const LIMIT: Duration = Duration::from_millis(200);

fn main() {
    let g = generate(&GenParams::new(1000, 35, 36, 1)).expect("generate");
    let p = confsched::problem::parse("generated.toml", &g.toml).expect("a valid problem");
    let read =
        timetable::json::read(&p, "planted.json", &g.planted_json).expect("the planted timetable");
    assert!(read.issues.is_empty(), "{:?}", read.issues);
    let tt = Timetable::new(&p, read.status, read.placements);
    assert!(timetable::verify(&p, &tt.placements).is_empty());
    println!(
        "export: {} talks, {} rooms, {} slots; median of {RUNS} runs",
        tt.placements.len(),
        p.rooms.len(),
        p.slots.len()
    );
    let formats = [
        ("text", Format::Text),
        ("json", Format::Json),
        ("markdown", Format::Markdown),
        ("csv", Format::Csv),
        ("html", Format::Html),
        ("ics", Format::Ics),
        ("frab-xml", Format::FrabXml),
        ("frab-json", Format::FrabJson),
    ];
    let mut slow = Vec::new();
    for (name, format) in formats {
        let mut times = Vec::with_capacity(RUNS);
        let mut bytes = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            let out = render::render(&p, &tt, format, &Options::default());
            times.push(start.elapsed());
            bytes = out.len();
            std::hint::black_box(out);
        }
        times.sort();
        let median = times[RUNS / 2];
        println!(
            "{name:>10}: median {:8.2} ms  (min {:8.2} ms, max {:8.2} ms)  {bytes} bytes",
            median.as_secs_f64() * 1e3,
            times[0].as_secs_f64() * 1e3,
            times[RUNS - 1].as_secs_f64() * 1e3
        );
        if median > LIMIT {
            slow.push(name);
        }
    }
    if slow.is_empty() {
        println!("every format under {} ms", LIMIT.as_millis());
    } else {
        println!("OVER {} ms: {}", LIMIT.as_millis(), slow.join(", "));
        std::process::exit(1);
    }
}
