//! Whole-process solve benchmark: `cargo bench --bench solve`.
//!
//! Runs the release `confsched solve` on the reference problem and on
//! seeded generated problems (38/6/7, 150/10/16, 400/12/42 talks/rooms/
//! slots with about 10% two-part workshops), five times each, and prints
//! the median wall time, the status line of the last run and the peak
//! resident memory of the runs (getrusage of children; cases run from
//! small to large, so each reading is that case's peak). Set
//! `CONFSCHED_BENCH_RUNS` to change the number of runs and
//! `CONFSCHED_BENCH_LIMIT` for the time limit in seconds (default 60).

// Measurements convert process ids, sizes and times on purpose.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use confsched::generate::{GenParams, generate};

fn peak_rss_kb() -> i64 {
    // SAFETY: getrusage writes into the struct we pass and nothing else.
    unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut u);
        u.ru_maxrss
    }
}

fn run(bin: &str, problem: &Path, limit: &str) -> (f64, String) {
    let start = Instant::now();
    let out = Command::new(bin)
        .args([
            "solve",
            "--format",
            "json",
            "-o",
            "/dev/null",
            "--time-limit",
            limit,
        ])
        .arg(problem)
        .output()
        .expect("run confsched");
    let secs = start.elapsed().as_secs_f64();
    let status = String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()
        .unwrap_or("")
        .to_string();
    (secs, status)
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_confsched");
    let runs: usize = std::env::var("CONFSCHED_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let limit = std::env::var("CONFSCHED_BENCH_LIMIT").unwrap_or_else(|_| "60".to_string());
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cases: Vec<(String, PathBuf)> = vec![(
        "dlcat-2019 (reference)".to_string(),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("problems/dlcat-2019.toml"),
    )];
    for (talks, rooms, slots) in [(38, 6, 7), (150, 10, 16), (400, 12, 42)] {
        let g = generate(&GenParams::new(talks, rooms, slots, 1)).expect("generates");
        let path = dir.path().join(format!("g{talks}.toml"));
        std::fs::write(&path, g.toml).expect("write problem");
        cases.push((format!("generated {talks}/{rooms}/{slots} seed 1"), path));
    }
    println!(
        "{:<28} {:>10} {:>10}  last status line",
        "problem", "median s", "peak MB"
    );
    for (name, path) in cases {
        let mut times = Vec::new();
        let mut last = String::new();
        for _ in 0..runs {
            let (t, s) = run(bin, &path, &limit);
            times.push(t);
            last = s;
        }
        times.sort_by(|a, b| a.total_cmp(b));
        let median = times[times.len() / 2];
        println!(
            "{:<28} {:>10.3} {:>10.1}  {}",
            name,
            median,
            confsched::num::float64(u64::try_from(peak_rss_kb()).unwrap_or(0)) / 1024.0,
            last
        );
    }
}
