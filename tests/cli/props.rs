//! Properties of `solve` beyond brute-force sizes: the class model and the
//! per-room model agree; relaxing a rule never hurts; solving is
//! deterministic; generated problems are solved no worse than their planted
//! timetable; local search keeps every rule. Every timetable is verified.
//!
//! Cases come from fixed seeds, so a failure reproduces; set
//! `CONFSCHED_PROPTEST_CASES` (cases per property, default below) and
//! `CONFSCHED_PROPTEST_SEED` for a longer hunt.

use confsched::generate::file::ProblemFile;
use confsched::generate::tiny::{self, TinySize};
use confsched::generate::{GenParams, generate};
use confsched::problem::{Problem, parse};
use confsched::search::{Control, Outcome, SolveOptions, improve, solve};
use confsched::timetable::{Status, Timetable, score, verify};

/// Seeds for a property with `default` cases.
fn seeds(default: u64) -> std::ops::Range<u64> {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let first = env("CONFSCHED_PROPTEST_SEED").unwrap_or(1_000_000);
    first..first + env("CONFSCHED_PROPTEST_CASES").unwrap_or(default)
}

fn parsed(file: &ProblemFile) -> Problem {
    let text = file.to_toml("");
    parse("p.toml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// The optimum (verified, proven, self-scored), or None when no timetable
/// exists.
fn solve_checked(p: &Problem, per_room: bool) -> Option<Timetable> {
    let opts = SolveOptions {
        per_room,
        no_explanation: true,
        ..SolveOptions::default()
    };
    match solve(p, &opts).unwrap_or_else(|e| panic!("solver error: {e}")) {
        Outcome::Solved(tt, _) => {
            let v = verify(p, &tt.placements);
            assert!(v.is_empty(), "per_room={per_room}: {v:?}");
            assert_eq!(tt.status, Status::Optimal);
            assert_eq!(tt.score, score(p, &tt.placements));
            Some(tt)
        }
        Outcome::Infeasible(_) => None,
        Outcome::Stopped(..) => panic!("no time limit was set"),
    }
}

const LARGER: TinySize = TinySize {
    talks: 9,
    rooms: 4,
    rare: 0.25,
};

#[test]
fn the_class_model_and_the_per_room_model_agree() {
    for seed in seeds(150) {
        let file = tiny::problem(seed, LARGER);
        let p = parsed(&file);
        let a = solve_checked(&p, false).map(|t| t.score.objective);
        let b = solve_checked(&p, true).map(|t| t.score.objective);
        assert_eq!(a, b, "seed {seed}\n{}", file.to_toml(""));
    }
}

/// The rules the relaxation property can leave out of a file.
fn relax(file: &mut ProblemFile, which: u64) {
    match which % 6 {
        0 => file.speakers.clear(),
        1 => file.talks.iter_mut().for_each(|t| t.unavailable.clear()),
        2 => file.rooms.iter_mut().for_each(|r| r.unavailable.clear()),
        3 => file.sequences.clear(),
        4 => file.talks.iter_mut().for_each(|t| {
            t.only = None;
            t.fixed = None;
        }),
        _ => file.walks.clear(),
    }
}

#[test]
fn relaxing_a_rule_never_hurts() {
    let size = TinySize {
        rare: 0.4,
        ..TinySize::BRUTE
    };
    for seed in seeds(300) {
        let file = tiny::problem(seed, size);
        let Some(tt) = solve_checked(&parsed(&file), false) else {
            continue;
        };
        let mut looser = file.clone();
        relax(&mut looser, seed);
        let got = solve_checked(&parsed(&looser), false);
        let text = file.to_toml("");
        assert!(
            got.is_some(),
            "seed {seed}: relaxing made it unsolvable\n{text}"
        );
        assert!(
            got.is_some_and(|g| g.score.objective <= tt.score.objective),
            "seed {seed}\n{text}"
        );
    }
}

#[test]
fn solving_is_deterministic() {
    for seed in seeds(150) {
        let p = parsed(&tiny::problem(seed, LARGER));
        let per_room = seed % 2 == 0;
        assert_eq!(
            solve_checked(&p, per_room),
            solve_checked(&p, per_room),
            "seed {seed}"
        );
    }
}

#[test]
fn generated_problems_are_solved_no_worse_than_the_plant() {
    for seed in seeds(60) {
        let mut g = GenParams::new(
            3 + (seed % 6) as usize,
            2 + (seed % 3) as usize,
            3 + (seed % 4) as usize,
            seed,
        );
        g.tracks = (seed % 3) as usize;
        g.buildings = ((seed / 3) % 3) as usize;
        g.sequences = ((seed / 2) % 2) as usize;
        g.unavailability = seed % 5 != 0;
        g.workshop_share = [0.0, 0.2, 0.4][(seed % 3) as usize];
        let Ok(made) = generate(&g) else { continue };
        let p = parse("g.toml", &made.toml).unwrap_or_else(|e| panic!("{e}"));
        let plant = confsched::timetable::json::read(&p, "plant.json", &made.planted_json)
            .expect("plant json");
        assert!(plant.issues.is_empty(), "{:?}", plant.issues);
        assert!(verify(&p, &plant.placements).is_empty());
        let tt = solve_checked(&p, seed % 2 == 0);
        let tt =
            tt.unwrap_or_else(|| panic!("a planted problem was called infeasible\n{}", made.toml));
        assert!(tt.score.objective <= score(&p, &plant.placements).objective);
    }
}

/// Local search on generated problems keeps every rule and never makes the
/// objective worse than the planted timetable it starts from.
#[test]
fn improving_keeps_every_rule_and_never_worsens() {
    for seed in 1..=4 {
        let g = generate(&GenParams::new(60, 6, 12, seed)).expect("generates");
        let p = parse("g.toml", &g.toml).expect("parses");
        let read = confsched::timetable::json::read(&p, "planted.json", &g.planted_json)
            .expect("planted reads");
        assert!(verify(&p, &read.placements).is_empty());
        let better = improve(&p, &read.placements, 20, &Control::default());
        let v = verify(&p, &better);
        assert!(v.is_empty(), "seed {seed}: {v:?}");
        let (a, b) = (score(&p, &read.placements), score(&p, &better));
        assert!(b.objective <= a.objective, "seed {seed}: {a:?} -> {b:?}");
    }
}
