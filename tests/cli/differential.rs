//! Differential tests: the solver against brute force on tiny random
//! problems that use every key of the format (`generate::tiny`).
//!
//! Each case is solved twice: with the default stages (cheap proofs,
//! heuristics, bounds, models) and with [`Stages::ModelOnly`], where the
//! integer program alone decides feasibility and the optimum (a re-plan
//! also a third time, with [`Stages::GrowingChanges`]). Both must
//! agree with an independent enumeration of every timetable, judged only by
//! `verify` and `score`; every timetable must pass `verify`, carry its own
//! score and be proven optimal.
//!
//! `CONFSCHED_PROPTEST_CASES` sets the number of cases per test (default
//! 2000); `CONFSCHED_PROPTEST_SEED` the first seed, for a longer hunt:
//! `CONFSCHED_PROPTEST_CASES=100000 cargo test --release --test cli differential`.

use confsched::generate::tiny::{self, TinySize};
use confsched::problem::{Problem, RoomId, SlotId, parse};
use confsched::search::{Outcome, SolveOptions, Stages, solve};
use confsched::timetable::{Placement, Status, Violation, score, verify};

/// Cases per test, and the first seed.
fn cases() -> (u64, u64) {
    let env = |k: &str, d: u64| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let n = env("CONFSCHED_PROPTEST_CASES", 2000);
    let first = env("CONFSCHED_PROPTEST_SEED", 0);
    (first, first + n)
}

/// The problem of seed `seed`, and its text (for messages).
fn tiny_problem(seed: u64) -> (Problem, String) {
    let text = tiny::problem(seed, TinySize::BRUTE).to_toml("");
    let p = parse("tiny.toml", &text).unwrap_or_else(|e| panic!("seed {seed}: {e}\n{text}"));
    (p, text)
}

/// The re-plan of seed `seed`: its problem with a baseline attached (and
/// its `[replan]` costs, and frozen talks), and the texts for messages;
/// `None` when the baseline cannot be attached (a frozen talk that cannot
/// stay: an input error, tested elsewhere).
fn tiny_replan(seed: u64) -> Option<(Problem, String)> {
    let file = tiny::problem(seed, TinySize::BRUTE);
    let r = tiny::replan(seed, &file);
    let text = format!(
        "{}{}",
        file.to_toml(""),
        r.replan.clone().unwrap_or_default()
    );
    let p = parse("tiny.toml", &text).unwrap_or_else(|e| panic!("seed {seed}: {e}\n{text}"));
    let freeze = r
        .freeze
        .as_deref()
        .map(|f| confsched::problem::baseline::parse_freeze(f).expect("a slot's moment"));
    let p = confsched::problem::baseline::attach(p, "old.json", &r.baseline, freeze).ok()?;
    Some((
        p,
        format!("{text}\nbaseline: {}\nfreeze: {:?}", r.baseline, r.freeze),
    ))
}

/// Violations other than "talk ... is not in the timetable" (expected
/// while only some talks are placed).
fn broken(p: &Problem, placements: &[Placement]) -> bool {
    verify(p, placements)
        .iter()
        .any(|v| !matches!(v, Violation::NotPlaced { .. }))
}

/// Every placement of talk `t` that `verify` accepts on its own: every
/// start, main room and set of extra rooms (for an overflow talk).
fn options(p: &Problem, t: confsched::problem::TalkId) -> Vec<Placement> {
    let n = p.rooms.len();
    let mut out = Vec::new();
    for s in 0..p.slots.len() {
        for main in 0..n {
            let others: Vec<usize> = (0..n).filter(|&r| r != main).collect();
            let subsets = if p.talk(t).overflow {
                1usize << others.len()
            } else {
                1
            };
            for m in 0..subsets {
                let mut rooms = vec![RoomId::at(main)];
                rooms.extend(
                    (0..others.len())
                        .filter(|i| m >> i & 1 == 1)
                        .map(|i| RoomId::at(others[i])),
                );
                let x = Placement {
                    talk: t,
                    start: SlotId::at(s),
                    rooms,
                };
                if !broken(p, std::slice::from_ref(&x)) {
                    out.push(x);
                }
            }
        }
    }
    out
}

/// The least rank (change cost first in a re-plan, then the objective)
/// over every valid timetable, or `None` when there is none.
///
/// Every rule `verify` checks involves one or two talks, so a placement is
/// kept only if `verify` accepts it alone, and two placements may meet in
/// one timetable only if `verify` accepts the pair; complete timetables are
/// checked by `verify` once more. Partial timetables whose score already
/// reaches the best are cut: the change cost and every term but
/// `track_gaps` only grow as talks are added (a talk can fill a gap), so
/// the cut leaves it out.
fn brute_force(p: &Problem) -> Option<(u64, u64)> {
    let options: Vec<Vec<Placement>> = p.talk_ids().map(|t| options(p, t)).collect();
    let flat: Vec<(usize, &Placement)> = options
        .iter()
        .enumerate()
        .flat_map(|(t, v)| v.iter().map(move |x| (t, x)))
        .collect();
    let offset: Vec<usize> = options
        .iter()
        .scan(0, |acc, v| {
            let here = *acc;
            *acc += v.len();
            Some(here)
        })
        .collect();
    let n = flat.len();
    let mut ok = vec![vec![true; n]; n];
    for a in 0..n {
        for b in a + 1..n {
            if flat[a].0 != flat[b].0 {
                let fine = !broken(p, &[flat[a].1.clone(), flat[b].1.clone()]);
                ok[a][b] = fine;
                ok[b][a] = fine;
            }
        }
    }
    let mut order: Vec<usize> = (0..options.len()).collect();
    order.sort_by_key(|&t| options[t].len());
    let mut search = Brute {
        p,
        options: &options,
        offset: &offset,
        ok: &ok,
        order,
        chosen: Vec::new(),
        best: None,
    };
    search.go(0);
    search.best
}

struct Brute<'a> {
    p: &'a Problem,
    options: &'a [Vec<Placement>],
    offset: &'a [usize],
    ok: &'a [Vec<bool>],
    order: Vec<usize>,
    chosen: Vec<(usize, usize)>,
    best: Option<(u64, u64)>,
}

impl Brute<'_> {
    fn go(&mut self, depth: usize) {
        let placed: Vec<Placement> = self
            .chosen
            .iter()
            .map(|&(t, i)| self.options[t][i].clone())
            .collect();
        let s = score(self.p, &placed);
        let (first, objective) = s.rank();
        let at_least = (first, objective - s.track_gaps * self.p.weights.track_gaps);
        if self.best.is_some_and(|b| at_least >= b) {
            return;
        }
        if depth == self.order.len() {
            if verify(self.p, &placed).is_empty() && self.best.is_none_or(|b| s.rank() < b) {
                self.best = Some(s.rank());
            }
            return;
        }
        let t = self.order[depth];
        for i in 0..self.options[t].len() {
            let me = self.offset[t] + i;
            if self
                .chosen
                .iter()
                .all(|&(u, j)| self.ok[me][self.offset[u] + j])
            {
                self.chosen.push((t, i));
                self.go(depth + 1);
                self.chosen.pop();
            }
        }
    }
}

/// The solver's optimum rank (checked), or `None` when it proves no
/// timetable exists.
fn solved(
    p: &Problem,
    seed: u64,
    stages: Stages,
    per_room: bool,
    explain: bool,
) -> Option<(u64, u64)> {
    let opts = SolveOptions {
        per_room,
        stages,
        no_explanation: !explain,
        ..SolveOptions::default()
    };
    match solve(p, &opts).unwrap_or_else(|e| {
        panic!("seed {seed}, {stages:?} per_room={per_room}: solver error: {e}")
    }) {
        Outcome::Solved(tt, stats) => {
            let v = verify(p, &tt.placements);
            assert!(v.is_empty(), "{stages:?} per_room={per_room}: {v:?}");
            // No stage may have offered a timetable that breaks a rule
            // (counted in release builds, an error in debug builds).
            assert_eq!(stats.rejected, 0, "{stages:?}: a stage broke a rule");
            assert_eq!(tt.status, Status::Optimal, "{stages:?}");
            assert_eq!(tt.score, score(p, &tt.placements), "{stages:?}");
            Some(tt.score.rank())
        }
        Outcome::Infeasible(reasons) => {
            assert!(!explain || !reasons.is_empty(), "{stages:?}: no reason");
            None
        }
        Outcome::Stopped(..) => {
            panic!("seed {seed}, {stages:?}: stopped, but no time limit was set")
        }
    }
}

fn agree(stages: Stages, replan: bool) {
    let (first, end) = cases();
    let mut feasible = 0;
    let mut attached = 0;
    for seed in first..end {
        let (p, text) = if replan {
            match tiny_replan(seed) {
                Some(x) => x,
                None => continue,
            }
        } else {
            tiny_problem(seed)
        };
        attached += 1;
        let brute = brute_force(&p);
        // Alternate the class model and the per-room model; explain now
        // and then (it solves many models).
        let got = solved(&p, seed, stages, seed % 2 == 1, seed % 10 == 0);
        assert_eq!(got, brute, "seed {seed}, {stages:?}\n{text}");
        feasible += usize::from(brute.is_some());
    }
    // Nearly every baseline attaches, and the generator must give both
    // answers often.
    let n = usize::try_from(end - first).unwrap_or(usize::MAX);
    assert!(attached * 10 >= n * 9, "{attached} of {n} attached");
    let n = attached;
    if n >= 100 {
        assert!(
            feasible * 10 >= n && feasible * 10 <= n * 9,
            "{feasible} of {n}"
        );
    }
}

#[test]
fn the_default_stages_agree_with_brute_force() {
    agree(Stages::All, false);
}

#[test]
fn the_integer_program_alone_agrees_with_brute_force() {
    agree(Stages::ModelOnly, false);
}

#[test]
fn replans_agree_with_brute_force_on_the_fewest_changes_then_the_objective() {
    agree(Stages::All, true);
}

#[test]
fn replans_by_the_integer_program_alone_agree_with_brute_force() {
    agree(Stages::ModelOnly, true);
}

/// The fewest changes from the growing relaxations alone (every talk first
/// in its old place, no warm start): each relaxation's infeasibility is
/// the problem's, and its answer is a timetable only when it is one.
#[test]
fn replans_by_growing_relaxations_agree_with_brute_force() {
    agree(Stages::GrowingChanges, true);
}

#[test]
fn tiny_problems_use_every_key_of_the_format() {
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..400 {
        let text = tiny::problem(seed, TinySize::BRUTE).to_toml("");
        for key in [
            "building",
            "[[walks]]",
            "features",
            "needs",
            "overflow",
            "parts",
            "track",
            "only",
            "fixed",
            "unavailable",
            "[[speakers]]",
            "[[sequences]]",
            "[objective]",
            "breaks",
            "2020-01-02",
            "after",
            "plenary",
            "prefer",
            "avoid",
            "[[tracks]]",
            "\nrooms = ",
            "only_rooms",
            "order",
            "[[conflicts]]",
            "hard = true",
            "weight",
            "track_rooms",
            "track_gaps",
            "preferences",
            "conflicts =",
            "[[attendees]]",
            "attendee_missed",
            "turnout",
        ] {
            if text.contains(key) {
                seen.insert(key);
            }
        }
    }
    assert_eq!(seen.len(), 33, "{seen:?}");
    // Some talks leave `audience` out (it follows from the attendees).
    let derived = (0..400).any(|seed| {
        let file = tiny::problem(seed, TinySize::BRUTE);
        file.talks.iter().any(|t| t.audience.is_none())
    });
    assert!(derived);
}
