//! Does every stage honour `--time-limit` and Ctrl-C? `cargo bench --bench limits`.
//!
//! Runs the release `confsched solve` as a whole process and measures wall
//! time (median of `CONFSCHED_BENCH_RUNS`, default 3):
//!
//! 1. with `--time-limit T` on every problem in `problems/` and
//!    `problems/real/`, on generated problems of 1,000, 3,000 and 10,000
//!    talks, and on six rooms of a billion seats with an overflow talk:
//!    the time must stay within T + 1 s;
//! 2. Ctrl-C (SIGINT) during a long solve: the time until `stopping...`
//!    appears, until the process ends, and that the timetable it writes
//!    passes `verify`;
//! 3. a second Ctrl-C: the time until the process ends with code 130.
//!
//! Prints one table; a line ends in `OVER` when a limit was not met.

// Measurements convert process ids, sizes and times on purpose.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss
)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use confsched::generate::{GenParams, generate};

const BIN: &str = env!("CARGO_BIN_EXE_confsched");

fn runs() -> usize {
    std::env::var("CONFSCHED_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Wall seconds and exit code of `confsched solve -q --time-limit T FILE`.
fn timed(file: &Path, limit: f64, out: &Path) -> (f64, Option<i32>) {
    let start = Instant::now();
    let status = Command::new(BIN)
        .args(["solve", "-q", "--format", "json", "--time-limit"])
        .arg(limit.to_string())
        .arg("-o")
        .arg(out)
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run confsched");
    (start.elapsed().as_secs_f64(), status.code())
}

fn billion_seats(dir: &Path) -> PathBuf {
    let mut text = String::from(
        "[event]\nname = \"Billions\"\nslot_minutes = 50\n[[days]]\ndate = \"2030-01-01\"\n\
         slots = [\"09:00\", \"10:00\"]\n",
    );
    for i in 0..6 {
        text += &format!(
            "[[rooms]]\nid = \"R{i}\"\ncapacity = {}\n",
            1_000_000_000 + i
        );
    }
    text += "[[talks]]\nid = \"huge\"\naudience = 1000000000\noverflow = true\n";
    for i in 0..5 {
        text += &format!("[[talks]]\nid = \"t{i}\"\naudience = {}\n", 999_999_990 + i);
    }
    let path = dir.join("billion-seats.toml");
    std::fs::write(&path, text).expect("write");
    path
}

fn generated(dir: &Path, talks: usize, rooms: usize, slots: usize) -> PathBuf {
    let g = generate(&GenParams::new(talks, rooms, slots, 1)).expect("generate");
    let path = dir.join(format!("generated-{talks}.toml"));
    std::fs::write(&path, g.toml).expect("write");
    path
}

fn problems() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("problems");
    let mut out = Vec::new();
    for dir in [root.clone(), root.join("real")] {
        for e in std::fs::read_dir(dir).expect("problems/") {
            let p = e.expect("entry").path();
            if p.extension().is_some_and(|x| x == "toml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// SIGINT `n` times (1 s apart) into a long solve; returns (seconds to
/// `stopping...`, seconds from the last SIGINT to the end, exit code,
/// whether the written timetable verifies).
fn interrupted(file: &Path, out: &Path, n: usize) -> (f64, f64, Option<i32>, bool) {
    let _ = std::fs::remove_file(out);
    let mut child = Command::new(BIN)
        .args(["solve", "--format", "json", "--time-limit", "inf", "-o"])
        .arg(out)
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run confsched");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.starts_with("stopping...") {
                let _ = tx.send(Instant::now());
            }
        }
    });
    std::thread::sleep(Duration::from_secs(3));
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    let first = Instant::now();
    let mut last = first;
    for i in 0..n {
        if i > 0 {
            std::thread::sleep(Duration::from_millis(300));
        }
        last = Instant::now();
        // SAFETY: sends a signal to our own child.
        unsafe { libc::kill(pid, libc::SIGINT) };
    }
    let status = child.wait().expect("wait");
    let ended = last.elapsed().as_secs_f64();
    let said = rx
        .recv_timeout(Duration::from_secs(1))
        .map_or(f64::NAN, |t| t.duration_since(first).as_secs_f64());
    let verified = Command::new(BIN)
        .arg("verify")
        .arg(file)
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    (said, ended, status.code(), verified)
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.json");
    println!("| problem | --time-limit | median wall | exit | within T + 1 s |");
    println!("|---|---|---|---|---|");
    let mut cases: Vec<(String, PathBuf, f64)> = problems()
        .into_iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().to_string(), p, 2.0))
        .collect();
    cases.push(("billion seats".into(), billion_seats(dir.path()), 2.0));
    for (talks, rooms, slots) in [(1000, 35, 36), (3000, 60, 60), (10_000, 100, 120)] {
        let p = generated(dir.path(), talks, rooms, slots);
        cases.push((format!("generated {talks}"), p.clone(), 2.0));
        cases.push((format!("generated {talks}"), p, 1.0));
    }
    for (name, file, limit) in &cases {
        let mut times = Vec::new();
        let mut code = None;
        for _ in 0..runs() {
            let (t, c) = timed(file, *limit, &out);
            times.push(t);
            code = c;
        }
        let m = median(times.clone());
        let worst = times.iter().copied().fold(0.0, f64::max);
        let ok = if worst <= limit + 1.0 { "yes" } else { "OVER" };
        println!(
            "| {name} | {limit} s | {m:.2} s (max {worst:.2}) | {} | {ok} |",
            code.map_or("signal".into(), |c| c.to_string())
        );
    }
    let big = generated(dir.path(), 1000, 35, 36);
    println!();
    println!("| Ctrl-C | `stopping...` after | ends after | exit | timetable verifies |");
    println!("|---|---|---|---|---|");
    for (n, name) in [(1, "once"), (2, "twice")] {
        let (said, ended, code, verified) = interrupted(&big, &out, n);
        println!(
            "| {name} (1000 talks) | {said:.3} s | {ended:.3} s | {} | {} |",
            code.map_or("signal".into(), |c| c.to_string()),
            if n == 1 {
                verified.to_string()
            } else {
                "-".into()
            }
        );
    }
}
