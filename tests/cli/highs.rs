//! With the `highs` feature: HiGHS and microlp agree. Every bundled problem
//! and a few generated ones solve with both backends to verified, proven
//! optimal timetables with equal objectives. CI builds without the feature;
//! run with `cargo test --release --features highs highs`.

use confsched::backend::Backend;
use confsched::generate::{GenParams, generate};
use confsched::problem::{self, Problem};
use confsched::search::{self, Outcome, SolveOptions};
use confsched::timetable::{Status, verify};

use crate::support::root;

/// Solves with one backend; the objective of a verified optimal timetable.
fn optimum(p: &Problem, backend: Backend, name: &str) -> u64 {
    let opts = SolveOptions {
        backend,
        ..SolveOptions::default()
    };
    match search::solve(p, &opts).expect("the solver runs") {
        Outcome::Solved(tt, _) => {
            assert_eq!(tt.status, Status::Optimal, "{name} with {backend:?}");
            let v = verify(p, &tt.placements);
            assert!(v.is_empty(), "{name} with {backend:?}: {v:?}");
            assert_eq!(tt.placements.len(), p.talks.len());
            tt.score.objective
        }
        other => panic!("{name} with {backend:?}: {other:?}"),
    }
}

fn agree(p: &Problem, name: &str) {
    let microlp = optimum(p, Backend::Microlp, name);
    let highs = optimum(p, Backend::Highs, name);
    assert_eq!(microlp, highs, "{name}: microlp {microlp}, HiGHS {highs}");
}

#[test]
fn highs_and_microlp_agree_on_every_bundled_problem() {
    let mut files: Vec<_> = std::fs::read_dir(root().join("problems"))
        .expect("problems/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 4);
    for path in files {
        let name = path.display().to_string();
        let p = problem::load(&name).expect("problem loads");
        agree(&p, &name);
    }
}

#[test]
fn highs_and_microlp_agree_on_generated_problems() {
    // Sizes both backends prove within seconds (with every feature the
    // generator writes, 50 talks over two days stay at a gap of 17-19%
    // after 60 s with either: this test has no time limit).
    for (talks, rooms, slots, seed) in [(20, 3, 8, 1), (40, 4, 12, 2)] {
        let g = generate(&GenParams::new(talks, rooms, slots, seed)).expect("generates");
        let name = format!("generated {talks}/{rooms}/{slots} seed {seed}");
        let p = problem::parse(&name, &g.toml).expect("generated problem parses");
        agree(&p, &name);
    }
}

/// HiGHS once handed back a neighbourhood window "optimal" at an objective
/// its values were not worth (ITC2007 comp15: 8130 reported, 8140 in the
/// values), which ended the solve with an internal error. The backend now
/// reports the values' objective and proves nothing from such an answer.
#[test]
fn highs_answers_carry_the_objective_of_their_values() {
    let path = root().join("problems/real/itc2007/comp15.toml");
    let text = std::fs::read_to_string(&path).expect("comp15");
    let p = problem::parse("comp15.toml", &text).expect("parses");
    let opts = SolveOptions {
        backend: Backend::Highs,
        time_limit: Some(std::time::Duration::from_secs(10)),
        ..SolveOptions::default()
    };
    match search::solve(&p, &opts).expect("no internal error") {
        Outcome::Solved(tt, _) => assert!(verify(&p, &tt.placements).is_empty()),
        other => panic!("comp15 with HiGHS: {other:?}"),
    }
}
