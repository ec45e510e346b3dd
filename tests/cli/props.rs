//! Property tests of `solve`: every timetable passes `verify`; the class
//! model and the per-room model agree; tiny problems agree with an
//! independent brute-force enumeration; relaxing a rule never hurts;
//! solving is deterministic.
//!
//! Cases are drawn from a fixed seed, so every run tests the same problems
//! (a failure reproduces); the number of cases keeps the whole file to a
//! few seconds. See [`config`] for a longer hunt.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use confsched::generate::{GenParams, generate};
use confsched::problem::{Problem, RoomId, SlotId, parse};
use confsched::search::{Outcome, SolveOptions, solve};
use confsched::timetable::{Placement, Status, Timetable, Violation, score, verify};

/// `cases` cases from a fixed seed; for a longer hunt set
/// `CONFSCHED_PROP_SEED` (another seed) and `CONFSCHED_PROP_SCALE` (a
/// factor on every case count).
fn config(cases: u32) -> Config {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let scale = env("CONFSCHED_PROP_SCALE").unwrap_or(1).max(1) as u32;
    Config {
        cases: cases.saturating_mul(scale),
        rng_seed: RngSeed::Fixed(env("CONFSCHED_PROP_SEED").unwrap_or(0x5eed_c0f5)),
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------
// A random problem, small enough to enumerate.
// ---------------------------------------------------------------------

const SLOTS: [&str; 4] = ["09:00", "10:00", "11:00", "13:00"];
const SPEAKERS: [&str; 3] = ["Ann", "Bo", "Cy"];
const TRACKS: [&str; 2] = ["ml", "db"];
const BUILDINGS: [&str; 2] = ["X", "Y"];

#[derive(Clone, Debug)]
struct TalkSpec {
    audience: u32,
    parts: u32,
    track: Option<usize>,
    speakers: Vec<usize>,
    overflow: bool,
    lab: bool,
    unavailable: Option<usize>,
    only: Option<Vec<usize>>,
    fixed_slot: Option<usize>,
    fixed_room: Option<usize>,
}

#[derive(Clone, Debug)]
struct RoomSpec {
    capacity: u32,
    building: Option<usize>,
    lab: bool,
    unavailable: Option<usize>,
}

#[derive(Clone, Debug)]
struct Spec {
    slots: usize,
    /// 0: one day; 1: one day with a lunch break before 13:00 (four
    /// slots); 2: two days, the slots split between them.
    layout: u8,
    rooms: Vec<RoomSpec>,
    talks: Vec<TalkSpec>,
    speaker_unavailable: Vec<(usize, usize)>,
    walk: u32,
    sequence: bool,
    weights: Option<(u64, u64)>,
}

/// Which rules to leave out when writing the TOML.
#[derive(Clone, Copy, Default)]
struct Relax {
    speaker_unavailable: bool,
    talk_unavailable: bool,
    room_unavailable: bool,
    sequence: bool,
    only_and_fixed: bool,
    walk: bool,
}

fn quote(v: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = v.into_iter().map(|s| format!("\"{s}\"")).collect();
    format!("[{}]", items.join(", "))
}

impl Spec {
    fn toml(&self, relax: Relax) -> String {
        let first_day = if self.layout == 2 {
            self.slots.div_ceil(2)
        } else {
            self.slots
        };
        let slot = |s: usize| {
            if self.layout == 2 {
                let (day, i) = if s < first_day {
                    (1, s)
                } else {
                    (2, s - first_day)
                };
                format!("2020-01-0{day} {}", SLOTS[i])
            } else {
                SLOTS[s].to_string()
            }
        };
        let mut out = String::from("[event]\nname = \"p\"\nslot_minutes = 50\n");
        out += &format!(
            "[[days]]\ndate = \"2020-01-01\"\nslots = {}\n",
            quote((0..first_day).map(|i| SLOTS[i].to_string()))
        );
        if self.layout == 1 {
            out += "breaks = [{ name = \"Lunch\", start = \"12:00\", end = \"13:00\" }]\n";
        }
        if first_day < self.slots {
            out += &format!(
                "[[days]]\ndate = \"2020-01-02\"\nslots = {}\n",
                quote((0..self.slots - first_day).map(|i| SLOTS[i].to_string()))
            );
        }
        if let Some((e, c)) = self.weights {
            out += &format!("[objective]\nempty_seats = {e}\ntrack_clash = {c}\n");
        }
        for (i, r) in self.rooms.iter().enumerate() {
            out += &format!("[[rooms]]\nid = \"R{i}\"\ncapacity = {}\n", r.capacity);
            if let Some(b) = r.building {
                out += &format!("building = \"{}\"\n", BUILDINGS[b]);
            }
            if r.lab {
                out += "features = [\"lab\"]\n";
            }
            if let Some(s) = r.unavailable
                && !relax.room_unavailable
            {
                out += &format!("unavailable = {}\n", quote([slot(s)]));
            }
        }
        let used = |b: usize| self.rooms.iter().any(|r| r.building == Some(b));
        if used(0) && used(1) && !relax.walk {
            out += &format!(
                "[[walks]]\nbetween = [\"X\", \"Y\"]\nminutes = {}\n",
                self.walk
            );
        }
        for (i, t) in self.talks.iter().enumerate() {
            out += &format!(
                "[[talks]]\nid = \"t{i}\"\naudience = {}\nparts = {}\nspeakers = {}\n",
                t.audience,
                t.parts,
                quote(t.speakers.iter().map(|&s| SPEAKERS[s].to_string()))
            );
            if let Some(k) = t.track {
                out += &format!("track = \"{}\"\n", TRACKS[k]);
            }
            if t.overflow {
                out += "overflow = true\n";
            }
            if t.lab {
                out += "needs = [\"lab\"]\n";
            }
            if let Some(s) = t.unavailable
                && !relax.talk_unavailable
            {
                out += &format!("unavailable = {}\n", quote([slot(s)]));
            }
            if !relax.only_and_fixed {
                if let Some(only) = &t.only {
                    out += &format!("only = {}\n", quote(only.iter().map(|&s| slot(s))));
                }
                let mut fixed = Vec::new();
                if let Some(s) = t.fixed_slot {
                    fixed.push(format!("slot = \"{}\"", slot(s)));
                }
                if let Some(r) = t.fixed_room {
                    fixed.push(format!("room = \"R{r}\""));
                }
                if !fixed.is_empty() {
                    out += &format!("fixed = {{ {} }}\n", fixed.join(", "));
                }
            }
        }
        if !relax.speaker_unavailable {
            for (sp, name) in SPEAKERS.iter().enumerate() {
                if !self.talks.iter().any(|t| t.speakers.contains(&sp)) {
                    continue;
                }
                let slots: Vec<String> = self
                    .speaker_unavailable
                    .iter()
                    .filter(|(x, _)| *x == sp)
                    .map(|&(_, s)| slot(s))
                    .collect();
                if !slots.is_empty() {
                    out += &format!(
                        "[[speakers]]\nname = \"{name}\"\nunavailable = {}\n",
                        quote(slots)
                    );
                }
            }
        }
        if self.sequence && self.talks.len() >= 2 && !relax.sequence {
            out += "[[sequences]]\ntalks = [\"t0\", \"t1\"]\n";
        }
        out
    }

    fn problem(&self, relax: Relax) -> Problem {
        let src = self.toml(relax);
        parse("p.toml", &src).unwrap_or_else(|e| panic!("{e}\n{src}"))
    }
}

/// A strategy for problems of up to `max_talks` talks, `max_rooms` rooms
/// and four slots; `rare` is the chance of each optional rule.
fn spec(max_talks: usize, max_rooms: usize, rare: f64) -> impl Strategy<Value = Spec> {
    (prop_oneof![1 => 1..=2usize, 3 => 3..=4usize], 1..=max_rooms)
        .prop_flat_map(move |(slots, n_rooms)| {
            let most = max_talks.min(slots * n_rooms);
            (Just(slots), Just(n_rooms), (most / 2).max(1)..=most)
        })
        .prop_flat_map(move |(slots, n_rooms, n_talks)| {
            let slot = 0..slots;
            // Per-talk and per-room rules are rarer: there are several of each.
            let each = rare / 3.0;
            let opt_slot = proptest::option::weighted(each, slot.clone());
            let room = (
                prop::sample::select(vec![10u32, 20, 30, 50]),
                proptest::option::weighted(0.5, 0..2usize),
                prop::bool::weighted(0.3),
                opt_slot.clone(),
            )
                .prop_map(|(capacity, building, lab, unavailable)| RoomSpec {
                    capacity,
                    building,
                    lab,
                    unavailable,
                });
            let talk = (
                prop_oneof![3 => 0..=20u32, 1 => 0..=50u32],
                prop::bool::weighted(0.25),
                proptest::option::weighted(0.5, 0..2usize),
                prop_oneof![
                    2 => Just(vec![]),
                    3 => (0..3usize).prop_map(|s| vec![s]),
                    1 => prop::sample::subsequence(vec![0usize, 1, 2], 2),
                ],
                prop::bool::weighted(each),
                prop::bool::weighted(each),
                opt_slot.clone(),
                proptest::option::weighted(
                    each,
                    prop::sample::subsequence((0..slots).collect::<Vec<_>>(), 1..=slots),
                ),
                opt_slot.clone(),
                proptest::option::weighted(each / 2.0, 0..n_rooms),
            )
                .prop_map(
                    |(
                        audience,
                        two,
                        track,
                        speakers,
                        overflow,
                        lab,
                        unavailable,
                        only,
                        fixed_slot,
                        fixed_room,
                    )| {
                        TalkSpec {
                            // Overflow talks draw bigger audiences.
                            audience: if overflow {
                                audience * 2 + 20
                            } else {
                                audience
                            },
                            parts: if two { 2 } else { 1 },
                            track,
                            speakers,
                            overflow,
                            lab,
                            unavailable,
                            only,
                            fixed_slot,
                            fixed_room,
                        }
                    },
                );
            (
                Just(slots),
                0..3u8,
                prop::collection::vec(room, n_rooms),
                prop::collection::vec(talk, n_talks),
                prop::collection::vec((0..3usize, slot), 0..2),
                prop::sample::select(vec![0u32, 10, 20, 100]),
                prop::bool::weighted(rare),
                proptest::option::weighted(0.3, (0..3u64, 0..120u64)),
            )
                .prop_map(
                    |(
                        slots,
                        layout,
                        mut rooms,
                        talks,
                        speaker_unavailable,
                        walk,
                        sequence,
                        weights,
                    )| {
                        // A feature some talk needs must be some room's.
                        if talks.iter().any(|t| t.lab) && !rooms.iter().any(|r| r.lab) {
                            rooms.last_mut().expect("a room").lab = true;
                        }
                        Spec {
                            slots,
                            layout: match layout {
                                1 if slots < 4 => 0,
                                2 if slots < 2 => 0,
                                x => x,
                            },
                            rooms,
                            talks,
                            speaker_unavailable,
                            walk,
                            sequence,
                            weights,
                        }
                    },
                )
        })
}

// ---------------------------------------------------------------------
// Solving, checked.
// ---------------------------------------------------------------------

/// The optimal objective, or None when no timetable exists. Every
/// timetable must pass `verify`, be proven optimal and carry its own score.
fn solve_checked(p: &Problem, per_room: bool) -> Option<Timetable> {
    let opts = SolveOptions {
        time_limit: None,
        per_room,
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
        Outcome::Infeasible(reasons) => {
            assert!(!reasons.is_empty());
            None
        }
        Outcome::Stopped(_) => panic!("no time limit was set"),
    }
}

/// Both models: the same feasibility and optimal objective.
fn solve_both(p: &Problem) -> Option<Timetable> {
    let a = solve_checked(p, false);
    let b = solve_checked(p, true);
    assert_eq!(
        a.as_ref().map(|t| t.score.objective),
        b.as_ref().map(|t| t.score.objective),
        "class model vs per-room model"
    );
    a
}

// ---------------------------------------------------------------------
// Brute force: every talk at every start x main room x extra-room subset,
// every rule judged by `verify`, every objective by `score`.
// ---------------------------------------------------------------------

/// Violations other than "talk ... is not in the timetable" (expected
/// while only some talks are placed).
fn broken(p: &Problem, placements: &[Placement]) -> bool {
    verify(p, placements)
        .iter()
        .any(|v| !matches!(v, Violation::NotPlaced { .. }))
}

/// The least objective over every valid timetable, or None when none is.
///
/// Every rule `verify` checks involves one or two talks, so a placement
/// is kept only if `verify` accepts it alone, and two placements may meet
/// in one timetable only if `verify` accepts the pair; complete timetables
/// are checked by `verify` once more. Partial timetables whose score
/// already reaches the best are cut (the score only grows as talks are
/// added).
fn brute_force(p: &Problem) -> Option<u64> {
    let n_rooms = p.rooms.len();
    let mut options: Vec<Vec<Placement>> = Vec::new();
    for t in p.talk_ids() {
        let mut mine = Vec::new();
        for s in 0..p.slots.len() {
            for main in 0..n_rooms {
                let others: Vec<usize> = (0..n_rooms).filter(|&r| r != main).collect();
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
                        mine.push(x);
                    }
                }
            }
        }
        options.push(mine);
    }
    let flat: Vec<(usize, &Placement)> = options
        .iter()
        .enumerate()
        .flat_map(|(t, v)| v.iter().map(move |x| (t, x)))
        .collect();
    let index = |t: usize, i: usize| options[..t].iter().map(Vec::len).sum::<usize>() + i;
    let n = flat.len();
    let mut ok = vec![vec![true; n]; n];
    for a in 0..n {
        for b in a + 1..n {
            if flat[a].0 != flat[b].0 {
                let pair = [flat[a].1.clone(), flat[b].1.clone()];
                let fine = !broken(p, &pair);
                ok[a][b] = fine;
                ok[b][a] = fine;
            }
        }
    }
    struct Search<'a> {
        p: &'a Problem,
        options: &'a [Vec<Placement>],
        order: Vec<usize>,
        chosen: Vec<(usize, usize)>,
        best: Option<u64>,
    }
    fn go(s: &mut Search, ok: &[Vec<bool>], index: &dyn Fn(usize, usize) -> usize, depth: usize) {
        let placed: Vec<Placement> = s
            .chosen
            .iter()
            .map(|&(t, i)| s.options[t][i].clone())
            .collect();
        let so_far = score(s.p, &placed).objective;
        if s.best.is_some_and(|b| so_far >= b) {
            return;
        }
        if depth == s.order.len() {
            if verify(s.p, &placed).is_empty() {
                s.best = Some(so_far);
            }
            return;
        }
        let t = s.order[depth];
        for i in 0..s.options[t].len() {
            let me = index(t, i);
            if s.chosen.iter().all(|&(u, j)| ok[me][index(u, j)]) {
                s.chosen.push((t, i));
                go(s, ok, index, depth + 1);
                s.chosen.pop();
            }
        }
    }
    let mut order: Vec<usize> = (0..options.len()).collect();
    order.sort_by_key(|&t| options[t].len());
    let mut search = Search {
        p,
        options: &options,
        order,
        chosen: Vec::new(),
        best: None,
    };
    go(&mut search, &ok, &index, 0);
    search.best
}

// ---------------------------------------------------------------------
// The properties.
// ---------------------------------------------------------------------

proptest! {
    #![proptest_config(config(600))]

    /// Tiny problems: the solver and the brute force agree on whether a
    /// timetable exists and on the optimal objective.
    #[test]
    fn tiny_problems_agree_with_brute_force(s in spec(6, 3, 0.2)) {
        let p = s.problem(Relax::default());
        let solver = solve_both(&p).map(|t| t.score.objective);
        let brute = brute_force(&p);
        prop_assert_eq!(solver, brute, "\n{}", s.toml(Relax::default()));
    }
}

proptest! {
    #![proptest_config(config(120))]

    /// Larger random problems: both models agree, and every timetable
    /// passes `verify` (checked inside `solve_both`).
    #[test]
    fn random_problems_agree_between_models(s in spec(9, 4, 0.25)) {
        let p = s.problem(Relax::default());
        solve_both(&p);
    }

    /// Generated problems (a planted valid timetable): both models agree,
    /// the optimum is no worse than the plant.
    #[test]
    fn generated_problems_are_solved_no_worse_than_the_plant(
        talks in 3..9usize,
        rooms in 2..5usize,
        slots in 3..7usize,
        seed in 0..1000u64,
        tracks in 0..3usize,
        buildings in 0..3usize,
        sequences in 0..2usize,
        unavailability in prop::bool::ANY,
        workshops in prop::sample::select(vec![0.0, 0.2, 0.4]),
    ) {
        let mut g = GenParams::new(talks, rooms, slots, seed);
        g.tracks = tracks;
        g.buildings = buildings.min(rooms);
        g.sequences = sequences;
        g.unavailability = unavailability;
        g.workshop_share = workshops;
        let Ok(made) = generate(&g) else {
            return Err(TestCaseError::reject("the sizes hold no plant"));
        };
        let p = parse("g.toml", &made.toml).unwrap_or_else(|e| panic!("{e}"));
        let plant = confsched::timetable::json::read(&p, "plant.json", &made.planted_json)
            .expect("plant json");
        prop_assert!(plant.issues.is_empty(), "{:?}", plant.issues);
        prop_assert!(verify(&p, &plant.placements).is_empty());
        let tt = solve_both(&p);
        prop_assert!(tt.is_some(), "a planted problem was called infeasible\n{}", made.toml);
        let planted = score(&p, &plant.placements).objective;
        prop_assert!(tt.unwrap().score.objective <= planted);
    }

    /// Leaving a rule out never makes a problem unsolvable nor its optimum
    /// worse.
    #[test]
    fn relaxing_a_rule_never_hurts(s in spec(6, 3, 0.4), which in 0..6usize) {
        let p = s.problem(Relax::default());
        let Some(tt) = solve_checked(&p, false) else {
            return Ok(());
        };
        let mut relax = Relax::default();
        match which {
            0 => relax.speaker_unavailable = true,
            1 => relax.talk_unavailable = true,
            2 => relax.room_unavailable = true,
            3 => relax.sequence = true,
            4 => relax.only_and_fixed = true,
            _ => relax.walk = true,
        }
        let q = s.problem(relax);
        let looser = solve_checked(&q, false);
        prop_assert!(looser.is_some(), "relaxing made it unsolvable\n{}", s.toml(Relax::default()));
        prop_assert!(looser.unwrap().score.objective <= tt.score.objective);
    }

    /// The same problem solved twice gives the same timetable.
    #[test]
    fn solving_is_deterministic(s in spec(6, 3, 0.3), per_room in prop::bool::ANY) {
        let p = s.problem(Relax::default());
        let a = solve_checked(&p, per_room);
        let b = solve_checked(&p, per_room);
        prop_assert_eq!(a, b);
    }
}

/// Local search on generated problems keeps every rule and never makes the
/// objective worse than the planted timetable it starts from.
#[test]
fn improving_keeps_every_rule_and_never_worsens() {
    use confsched::search::{Control, improve};
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
