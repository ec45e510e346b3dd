//! `--threads`: a search that ends with a proof before its time limit
//! writes the same bytes whatever the number of threads, and every
//! timetable it writes passes `verify`; 0 threads is a usage error.

use std::path::Path;

use confsched::generate::{GenParams, generate};
use confsched::problem::parse;
use confsched::timetable::{json, verify};

use crate::support::{Test, problem};

/// The JSON timetable `solve --threads N` writes (against `baseline`, a
/// re-plan, when given), after checking that it is proven optimal and
/// valid.
fn solved(path: &Path, threads: &str, baseline: Option<&Path>) -> String {
    let solve = Test::new();
    solve
        .args(["solve", "--time-limit", "inf", "-q", "--format", "json"])
        .args(["--threads", threads]);
    if let Some(b) = baseline {
        solve.args(["--baseline"]).path(b);
    }
    let run = solve.path(path).run().code(0);
    let text = std::fs::read_to_string(path).expect("reads the problem");
    let p = parse("p.toml", &text).expect("parses");
    let read = json::read(&p, "out.json", &run.stdout).expect("reads the timetable");
    let broken = verify(&p, &read.placements);
    assert!(broken.is_empty(), "{}: {broken:?}", path.display());
    assert!(
        run.stdout.contains("\"status\": \"optimal\""),
        "{} with {threads} threads was not proven optimal",
        path.display()
    );
    run.stdout
}

#[test]
fn one_or_two_threads_write_the_same_proven_timetable() {
    let t = Test::new();
    let mut files = vec![problem("dlcat-2019.toml")];
    // Generated problems whose proofs need the full model: with two
    // threads a local-search chain runs beside it.
    for seed in [2, 3] {
        let g = generate(&GenParams::new(38, 6, 7, seed)).expect("generates");
        files.push(t.file(&format!("g{seed}.toml"), &g.toml));
    }
    // Small models whose first round runs cold, with two threads from the
    // start; on these seeds the cold optimum is another timetable than
    // the warm-started run's, so the two-thread search must keep exactly
    // what the one-thread search keeps.
    for seed in [7, 10] {
        let g = generate(&GenParams::new(40, 6, 8, seed)).expect("generates");
        files.push(t.file(&format!("cold{seed}.toml"), &g.toml));
    }
    for f in &files {
        let one = solved(f, "1", None);
        let two = solved(f, "2", None);
        assert!(one == two, "{}: 1 and 2 threads differ", f.display());
    }
}

/// A lexicographic re-plan proves its fewest changes before it waits for
/// the bounds on the objective (with one thread it starts them only
/// then): the proven answer is the same bytes either way.
#[test]
fn a_replan_writes_the_same_with_one_or_two_threads() {
    let t = Test::new();
    let g = generate(&GenParams::new(38, 6, 7, 2)).expect("generates");
    let first = t.file("g.toml", &g.toml);
    let baseline = t.file("old.json", &solved(&first, "1", None));
    // Speaker 004 (three talks, one at 12:00 in the baseline) cannot be
    // there at 12:00.
    assert!(g.toml.contains("speakers = [\"Speaker 004\"]"));
    assert!(!g.toml.contains("name = \"Speaker 004\""));
    let away = format!(
        "{}\n[[speakers]]\nname = \"Speaker 004\"\nunavailable = [\"12:00\"]\n",
        g.toml
    );
    let changed = t.file("away.toml", &away);
    let one = solved(&changed, "1", Some(&baseline));
    assert!(one.contains("\"change_cost\": "), "a re-plan: {one}");
    assert!(!one.contains("\"change_cost\": 0,"), "something moved");
    let two = solved(&changed, "2", Some(&baseline));
    assert!(one == two, "1 and 2 threads differ");
}

#[test]
fn zero_threads_is_a_usage_error() {
    Test::new()
        .args(["solve", "--threads", "0"])
        .path(&problem("dlcat-2019.toml"))
        .run()
        .code(2)
        .stderr_has("--threads");
}
