//! Whole-process scale benchmark: `cargo bench --bench scale`.
//!
//! Runs the release `confsched solve --format json` on seeded generated
//! problems (38/6/7, 150/10/16, 400/12/42, 600/25/30 and 1000/35/36
//! talks/rooms/slots, seed 1) and on every real program in
//! `problems/real/*.toml` (FOSDEM 2026, PyCon UK 2017), three times each.
//! For each problem it prints the median wall time, the peak resident
//! memory of the runs (each child's own `ru_maxrss`, from `wait4`), the
//! status line of the last run (optimal, or feasible with its bound and
//! gap), and whether every run's JSON passes the library's independent
//! `verify` ("verified", or the first violation). Environment:
//! `CONFSCHED_BENCH_LIMIT` is the `--time-limit` in seconds (default 30);
//! `CONFSCHED_BENCH_RUNS` the runs per problem (default 3). A run still
//! going at 10 x the limit + 60 s is killed and reported as such.

// Measurements convert process ids, sizes and times on purpose.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss
)]

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use confsched::generate::{GenParams, generate};
use confsched::problem::{self, Problem};
use confsched::timetable;

/// What one run gave.
struct Run {
    secs: f64,
    peak_kb: i64,
    /// The solver's summary line, or the first line of its error.
    status: String,
    /// "verified", or why not.
    check: String,
}

/// Waits for the child with `wait4`, so its own peak memory is known;
/// kills it once `guard` has passed. Returns (exit code or None when
/// killed by a signal, peak RSS in KB).
fn wait_with_rusage(child: &mut std::process::Child, guard: Duration) -> (Option<i32>, i64) {
    let pid = child.id() as libc::pid_t;
    let start = Instant::now();
    let mut killed = false;
    loop {
        let mut status: libc::c_int = 0;
        // SAFETY: wait4 writes only into `status` and `usage`, which we own.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
            return (code, usage.ru_maxrss);
        }
        assert!(r == 0, "wait4 failed");
        if !killed && start.elapsed() > guard {
            child.kill().expect("kill the run");
            killed = true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn first_line_starting(text: &str, prefixes: &[&str]) -> Option<String> {
    text.lines()
        .find(|l| prefixes.iter().any(|p| l.starts_with(p)))
        .map(str::to_string)
}

fn run(bin: &str, problem: &Path, p: &Problem, limit: &str, dir: &Path) -> Run {
    let out = dir.join("out.json");
    let err = dir.join("stderr.txt");
    let _ = std::fs::remove_file(&out);
    let guard = Duration::from_secs_f64(limit.parse::<f64>().unwrap_or(30.0) * 10.0 + 60.0);
    let start = Instant::now();
    let mut child = Command::new(bin)
        .args(["solve", "--format", "json", "--time-limit", limit, "-o"])
        .arg(&out)
        .arg(problem)
        .stdout(Stdio::null())
        .stderr(File::create(&err).expect("stderr file"))
        .spawn()
        .expect("run confsched");
    let (code, peak_kb) = wait_with_rusage(&mut child, guard);
    let secs = start.elapsed().as_secs_f64();
    let stderr = std::fs::read_to_string(&err).unwrap_or_default();
    let status = first_line_starting(&stderr, &["optimal:", "feasible:"])
        .or_else(|| stderr.lines().next().map(str::to_string))
        .unwrap_or_default();
    let check = match code {
        None => format!("killed after {secs:.0} s"),
        Some(0) => match std::fs::read_to_string(&out) {
            Err(e) => format!("no output file: {e}"),
            Ok(text) => match timetable::json::read(p, "out.json", &text) {
                Err(e) => format!("unreadable JSON: {e}"),
                Ok(read) => {
                    let mut v = read.issues;
                    v.extend(timetable::verify(p, &read.placements));
                    match v.first() {
                        None => "verified".to_string(),
                        Some(first) => format!(
                            "{} violations, first: {}",
                            v.len(),
                            confsched::report::sentence(p, first)
                        ),
                    }
                }
            },
        },
        Some(c) => format!("no timetable (exit {c})"),
    };
    Run {
        secs,
        peak_kb,
        status,
        check,
    }
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_confsched");
    let runs: usize = std::env::var("CONFSCHED_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(3);
    let limit = std::env::var("CONFSCHED_BENCH_LIMIT").unwrap_or_else(|_| "30".to_string());
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cases: Vec<(String, PathBuf)> = Vec::new();
    for (talks, rooms, slots) in [
        (38, 6, 7),
        (150, 10, 16),
        (400, 12, 42),
        (600, 25, 30),
        (1000, 35, 36),
    ] {
        let g = generate(&GenParams::new(talks, rooms, slots, 1)).expect("generates");
        let path = dir.path().join(format!("g{talks}.toml"));
        std::fs::write(&path, g.toml).expect("write problem");
        cases.push((format!("generated {talks}/{rooms}/{slots}"), path));
    }
    let real_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("problems/real");
    let mut real: Vec<PathBuf> = std::fs::read_dir(&real_dir)
        .expect("problems/real/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    real.sort();
    for path in real {
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        cases.push((format!("real {stem}"), path));
    }
    println!("time limit {limit} s, {runs} runs each, median wall time, peak RSS over the runs");
    println!(
        "{:<26} {:>6} {:>9} {:>8}  {:<10}  status line (last run)",
        "problem", "talks", "median s", "peak MB", "check"
    );
    for (name, path) in cases {
        let p = problem::load(&path.to_string_lossy()).expect("problem loads");
        let mut results: Vec<Run> = (0..runs)
            .map(|_| run(bin, &path, &p, &limit, dir.path()))
            .collect();
        let peak = results.iter().map(|r| r.peak_kb).max().unwrap_or(0);
        let check = results
            .iter()
            .map(|r| r.check.clone())
            .find(|c| c != "verified")
            .unwrap_or_else(|| "verified".to_string());
        let status = results.last().map(|r| r.status.clone()).unwrap_or_default();
        results.sort_by(|a, b| a.secs.total_cmp(&b.secs));
        let median = results[results.len() / 2].secs;
        println!(
            "{:<26} {:>6} {:>9.2} {:>8.0}  {:<10}  {}",
            name,
            p.talks.len(),
            median,
            peak as f64 / 1024.0,
            check,
            status
        );
    }
}
