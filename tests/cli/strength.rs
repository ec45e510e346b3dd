//! Solver strength: the time-first construction (start slots first, rooms
//! by matching per slot) finds timetables where the greedy does not, and
//! whatever it returns passes `verify`; a local round before a large full
//! model proves what it can without it.

use confsched::analysis;
use confsched::generate::tiny::{self, TinySize};
use confsched::problem::{Problem, parse};
use confsched::search::control::{Control, Stage};
use confsched::search::{Outcome, SolveOptions, construct, construct_time_first, solve};
use confsched::timetable::{Status, verify};

/// A tight packing: `rooms` rooms of 10, 20, .. seats and `slots` slots,
/// one talk planted in every room and slot (its audience at most the
/// room's seats, at least 9 fewer), and `groups` hard conflict groups of
/// talks planted in different slots (each slot's talk joins with odds of
/// one half, the first two slots always). Numbers from a fixed linear
/// congruential generator, so the file is the same on every run.
fn tight(seed: u64, rooms: usize, slots: usize, groups: usize) -> String {
    let mut x = (seed * 2_654_435_761) % (1 << 31);
    let mut rnd = |n: u64| {
        x = (x * 1_103_515_245 + 12_345) % (1 << 31);
        (x >> 8) % n
    };
    let times: Vec<String> = (0..slots).map(|i| format!("\"{:02}:00\"", 8 + i)).collect();
    let mut out = format!(
        "[event]\nname=\"tight\"\nslot_minutes=60\n[[days]]\ndate=\"2020-01-01\"\nslots=[{}]\n",
        times.join(",")
    );
    for k in 0..rooms {
        out += &format!("[[rooms]]\nid=\"r{k}\"\ncapacity={}\n", 10 * (k + 1));
    }
    for i in 0..rooms * slots {
        let seats = 10 * (i % rooms + 1) as u64;
        let audience = seats - rnd(9);
        out += &format!("[[talks]]\nid=\"t{i}\"\nspeakers=[\"p{i}\"]\naudience={audience}\n");
    }
    for _ in 0..groups {
        let mut members = Vec::new();
        for s in 0..slots {
            if rnd(2) == 0 || s < 2 {
                members.push(format!("\"t{}\"", s * rooms + rnd(rooms as u64) as usize));
            }
        }
        out += &format!("[[conflicts]]\nhard=true\ntalks=[{}]\n", members.join(","));
    }
    out
}

fn time_first(p: &Problem) -> Option<Vec<confsched::timetable::Placement>> {
    construct_time_first(p, &analysis::domains(p), &Control::default())
}

#[test]
fn time_first_packs_what_the_greedy_cannot() {
    // 24 talks in 4 rooms x 6 slots, every room-slot taken, 14 curricula.
    let text = tight(2, 4, 6, 14);
    let p = parse("tight.toml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let doms = analysis::domains(&p);
    assert!(
        construct(&p, &doms, &Control::default()).is_none(),
        "the greedy now packs this problem: choose a tighter one\n{text}"
    );
    let out = time_first(&p).expect("a timetable from the time-first construction");
    assert_eq!(verify(&p, &out), Vec::new());
    assert_eq!(out.len(), p.talks.len());
}

#[test]
fn time_first_solves_an_itc2007_instance() {
    // comp11: 162 lectures, 5 rooms, 45 periods.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/problems/real/itc2007/comp11.toml"
    );
    let text = std::fs::read_to_string(path).expect("comp11.toml");
    let p = parse(path, &text).expect("a valid problem");
    let out = time_first(&p).expect("a timetable for comp11");
    assert_eq!(verify(&p, &out), Vec::new());
}

#[test]
fn time_first_never_returns_a_wrong_timetable() {
    let mut found = 0;
    for seed in 0..400 {
        let text = tiny::problem(seed, TinySize::BRUTE).to_toml("");
        let p = parse("tiny.toml", &text).unwrap_or_else(|e| panic!("seed {seed}: {e}\n{text}"));
        if let Some(out) = time_first(&p) {
            found += 1;
            let v = verify(&p, &out);
            assert!(v.is_empty(), "seed {seed}: {v:?}\n{text}");
        }
    }
    // Most tiny problems use a rule it leaves to other stages, but not all.
    assert!(found >= 20, "only {found} tiny problems got a timetable");
}

/// A generated problem of 100 talks in 100 rooms and one slot: its full
/// model is not small (no cold first round), the seat model's bound is the
/// optimum, and the first timetable's local search stops short of it. The
/// local round before the full model reaches it: the search ends proven
/// without ever starting the full model (1.0 s before, in a model whose
/// first LP took most of it; 0.1 s now). Which problems a local round
/// proves depends on its seed: should a change to the local search make
/// this one miss, pick another where it hits (the test says what the
/// search did).
#[test]
fn a_local_round_before_a_large_full_model_proves_without_it() {
    let g = confsched::generate::generate(&confsched::generate::GenParams::new(100, 100, 1, 1))
        .expect("generate");
    let p = parse("g.toml", &g.toml).expect("a valid problem");
    let stages = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = std::sync::Arc::clone(&stages);
    let opts = SolveOptions {
        threads: std::num::NonZeroUsize::new(1),
        control: Control::default().on_report(move |r| seen.lock().expect("lock").push(r.stage)),
        ..SolveOptions::default()
    };
    let Ok(Outcome::Solved(tt, _)) = solve(&p, &opts) else {
        panic!("a timetable");
    };
    assert_eq!(tt.status, Status::Optimal);
    assert_eq!(verify(&p, &tt.placements), Vec::new());
    let stages = stages.lock().expect("lock").clone();
    assert!(stages.contains(&Stage::SeatModel), "{stages:?}");
    assert!(!stages.contains(&Stage::FullModel), "{stages:?}");
}
