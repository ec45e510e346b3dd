//! Whole-process benchmark of the issue-11 targets: `cargo bench --bench
//! features`.
//!
//! Generated problems carry every feature of the format (declared tracks
//! with rooms, slot wishes, `only_rooms` and `order`; `after`; plenaries;
//! hard and weighted conflict groups of talks and of tracks; talks' and
//! speakers' preferences). Sizes (talks/rooms/slots, about 80% of the
//! room-slots taken): 40/5/10, 150/8/24, 400/16/32, 1000/32/40.
//!
//! Two parts, each row a median over runs of the release `confsched solve`:
//!
//! - `targets`: the reference problem (`problems/dlcat-2019.toml`) and the
//!   40-talk problems (target: proven optimal in 0.05 s), the 150-talk
//!   problems (proven optimal in 5 s), each solved with a 60 s limit; the
//!   median wall time and the status of each run (optimal, or the gap);
//! - `gaps`: the 400- and 1000-talk problems solved with limits of 1, 5, 15
//!   and 30 s; the gap between the timetable and the proven bound at each
//!   limit (target at 400 talks: within 1% at 30 s).
//!
//! Environment: `CONFSCHED_BENCH_PART` (`targets`, `gaps`; both when
//! unset), `CONFSCHED_BENCH_SEEDS` (comma-separated, default `1,2,3`),
//! `CONFSCHED_BENCH_RUNS` (runs per problem in `targets`, default 5; `gaps`
//! runs each seed and limit once), `CONFSCHED_BENCH_LIMITS` (the limits of
//! `gaps`, default `1,5,15,30`), `CONFSCHED_BENCH_SIZES` (which sizes of
//! `gaps`, default `400,1000`), `CONFSCHED_BENCH_WITHOUT` (features left
//! out of every generated problem, comma-separated: `plenaries`,
//! `only_rooms`, `after`, `order`, `conflicts`, `preferences`; to compare
//! with problems a stage cannot handle yet).

// Measurements convert sizes and times on purpose.
#![allow(clippy::cast_precision_loss)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use confsched::generate::{GenParams, generate};

/// Rooms and slots for each size.
const SIZES: [(usize, usize, usize); 4] =
    [(40, 5, 10), (150, 8, 24), (400, 16, 32), (1000, 32, 40)];

fn list<T: std::str::FromStr>(var: &str, default: &str) -> Vec<T> {
    std::env::var(var)
        .unwrap_or_else(|_| default.to_string())
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

/// One solve: wall seconds, and "optimal", the gap in percent, or "none"
/// (no timetable within the limit).
fn solve(bin: &str, problem: &Path, limit: f64) -> (f64, String) {
    let start = Instant::now();
    let out = Command::new(bin)
        .args([
            "solve",
            "--format",
            "json",
            "-o",
            "/dev/null",
            "--time-limit",
        ])
        .arg(format!("{limit}"))
        .arg(problem)
        .output()
        .expect("run confsched");
    let secs = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let status = stderr
        .lines()
        .find(|l| l.starts_with("optimal:") || l.starts_with("feasible:"))
        .map_or_else(
            // No timetable within the limit.
            || "none".to_string(),
            |l| {
                if l.starts_with("optimal:") {
                    "optimal".to_string()
                } else {
                    l.split(", ")
                        .find(|p| p.starts_with("gap "))
                        .unwrap_or("gap ?")
                        .to_string()
                }
            },
        );
    (secs, status)
}

fn write_generated(dir: &Path, (talks, rooms, slots): (usize, usize, usize), seed: u64) -> PathBuf {
    let mut params = GenParams::new(talks, rooms, slots, seed);
    for without in list::<String>("CONFSCHED_BENCH_WITHOUT", "") {
        match without.as_str() {
            "plenaries" => params.plenaries = 0,
            "only_rooms" => params.only_rooms_share = 0.0,
            "after" => params.after_share = 0.0,
            "order" => params.order_share = 0.0,
            "conflicts" => params.conflicts = 0,
            "preferences" => params.preference_share = 0.0,
            other => panic!("CONFSCHED_BENCH_WITHOUT: unknown feature `{other}`"),
        }
    }
    let g = generate(&params).expect("generates");
    let path = dir.join(format!("g{talks}-{seed}.toml"));
    std::fs::write(&path, g.toml).expect("write problem");
    path
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn targets(bin: &str, dir: &Path, seeds: &[u64]) {
    let runs: usize = list::<usize>("CONFSCHED_BENCH_RUNS", "5")
        .first()
        .copied()
        .filter(|&n| n > 0)
        .unwrap_or(5);
    let mut cases: Vec<(String, PathBuf, &str)> = vec![(
        "dlcat-2019 (reference)".into(),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("problems/dlcat-2019.toml"),
        "optimal <= 0.05 s",
    )];
    for &(size, target) in &[
        (SIZES[0], "optimal <= 0.05 s"),
        (SIZES[1], "optimal <= 5 s"),
    ] {
        for &seed in seeds {
            let name = format!("{}/{}/{} seed {seed}", size.0, size.1, size.2);
            cases.push((name, write_generated(dir, size, seed), target));
        }
    }
    println!("targets: limit 60 s, {runs} runs each, median wall time");
    println!(
        "{:<24} {:>9}  {:<18}  statuses",
        "problem", "median s", "target"
    );
    for (name, path, target) in cases {
        let results: Vec<(f64, String)> = (0..runs).map(|_| solve(bin, &path, 60.0)).collect();
        let mut statuses: Vec<String> = results.iter().map(|r| r.1.clone()).collect();
        statuses.dedup();
        let secs = median(results.iter().map(|r| r.0).collect());
        println!(
            "{name:<24} {secs:>9.3}  {target:<18}  {}",
            statuses.join(" / ")
        );
    }
}

fn gaps(bin: &str, dir: &Path, seeds: &[u64]) {
    let limits: Vec<f64> = list("CONFSCHED_BENCH_LIMITS", "1,5,15,30");
    let sizes: Vec<usize> = list("CONFSCHED_BENCH_SIZES", "400,1000");
    println!("gaps: timetable vs proven bound at each time limit (one run per seed and limit)");
    print!("{:<24}", "problem");
    for l in &limits {
        print!(" {:>10}", format!("{l} s"));
    }
    println!();
    for size in SIZES.iter().filter(|s| sizes.contains(&s.0)) {
        for &seed in seeds {
            let path = write_generated(dir, *size, seed);
            print!(
                "{:<24}",
                format!("{}/{}/{} seed {seed}", size.0, size.1, size.2)
            );
            for &limit in &limits {
                let (_, status) = solve(bin, &path, limit);
                print!(" {:>10}", status.trim_start_matches("gap "));
            }
            println!();
        }
    }
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_confsched");
    let seeds: Vec<u64> = list("CONFSCHED_BENCH_SEEDS", "1,2,3");
    let part = std::env::var("CONFSCHED_BENCH_PART").unwrap_or_default();
    let dir = tempfile::tempdir().expect("temp dir");
    if part.is_empty() || part == "targets" {
        targets(bin, dir.path(), &seeds);
    }
    if part.is_empty() || part == "gaps" {
        gaps(bin, dir.path(), &seeds);
    }
}
