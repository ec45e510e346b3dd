//! The lower bounds of `search::bounds` for the terms of issue 11 (track
//! rooms, soft conflicts, preferences, and clashes around plenaries):
//! exact values on a hand-made problem, computed here from the input, that
//! fail if a bound is absent or wrong; the solver proving that problem's
//! optimum from the bounds alone; and every bound at most the term of the
//! valid timetable planted in generated problems. Also the plenary family
//! of the model, whose formulation changed for speed, where it decides the
//! answer.

use confsched::analysis::domains;
use confsched::generate::{GenParams, generate};
use confsched::problem::{Problem, parse};
use confsched::search::{
    Control, Outcome, SolveOptions, clash_lower_bound, conflict_lower_bound, counting_lower_bound,
    preference_lower_bound, slot_load_clash_bound, slot_load_joint_bound, solve,
    track_rooms_lower_bound,
};
use confsched::timetable::{Status, json, score};

/// One day of three slots and three rooms of 20 seats (only R2 a lab).
/// A plenary; track A (declared) with three talks; track B (declared,
/// preferring R1) with one talk that needs the lab; talk X preferring
/// 11:00 but only allowed 09:00 and 10:00; a soft group of A1, X and Y of
/// weight 5. Every audience fills its room: no empty seats.
const PROBLEM: &str = r#"
[event]
name = "bounds"
slot_minutes = 50

[[days]]
date = "2030-06-03"
slots = ["09:00", "10:00", "11:00"]

[[rooms]]
id = "R1"
capacity = 20

[[rooms]]
id = "R2"
capacity = 20
features = ["lab"]

[[rooms]]
id = "R3"
capacity = 20

[[talks]]
id = "P"
audience = 20
plenary = true

[[talks]]
id = "A1"
audience = 20
track = "A"

[[talks]]
id = "A2"
audience = 20
track = "A"

[[talks]]
id = "A3"
audience = 20
track = "A"

[[talks]]
id = "X"
audience = 20
prefer = ["11:00"]
only = ["09:00", "10:00"]

[[talks]]
id = "Y"
audience = 20
track = "B"
needs = ["lab"]

[[tracks]]
id = "A"

[[tracks]]
id = "B"
rooms = ["R1"]

[[conflicts]]
talks = ["A1", "X", "Y"]
weight = 5

[objective]
empty_seats = 1
track_clash = 100
track_rooms = 100
track_gaps = 30
preferences = 50
conflicts = 1
"#;

fn problem() -> Problem {
    parse("bounds.toml", PROBLEM).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn each_new_bound_has_its_value_on_a_hand_made_problem() {
    let p = problem();
    // The plenary takes one of the three slots alone: the other five talks
    // share two slots.
    // Clashes: track A's three talks in two slots, so two share one (the
    // old bound spread them over all three slots: 0).
    assert_eq!(clash_lower_bound(&p), 1);
    // Track rooms: A's three talks do not fit one room in the two slots
    // left; a second room is one beyond one (B has one talk: none).
    assert_eq!(track_rooms_lower_bound(&p), 1);
    // Conflicts: A1, X and Y in two slots, so one pair, of weight 5.
    assert_eq!(conflict_lower_bound(&p), 5);
    // Preferences: X can start only where it does not prefer (1), Y needs
    // the lab, which is not B's room R1 (1).
    assert_eq!(preference_lower_bound(&p, &domains(&p)), 2);
    // Weighted: 1 x 100 + 1 x 100 + 5 x 1.
    assert_eq!(counting_lower_bound(&p), 205);
}

#[test]
fn the_bounds_prove_the_optimum_before_any_model() {
    // An optimum: the plenary at 11:00 (X may not start there); A1 (R1),
    // A2 (R3) and Y (R2, the lab) at 09:00; A3 (R1) and X (R3) at 10:00.
    // One clash (A1, A2), A in two rooms, X's and Y's preferences unmet,
    // one pair of the group (A1, Y): 100 + 100 + 2 x 50 + 5 = 305, the sum
    // of the bounds, so nothing is better and no model needs to be built.
    let p = problem();
    let outcome = solve(&p, &SolveOptions::default()).expect("solves");
    let Outcome::Solved(tt, stats) = outcome else {
        panic!("expected a timetable: {outcome:?}")
    };
    assert_eq!(tt.score.objective, 305);
    assert_eq!(tt.status, Status::Optimal);
    assert_eq!(stats.bound, Some(305));
    assert_eq!(
        stats.variables, 0,
        "a model was built: the bounds fell short"
    );
}

/// The plant of a generated problem is a valid timetable, so no bound may
/// exceed its term; over sizes and seeds, with every feature on.
#[test]
fn no_bound_exceeds_a_planted_timetable() {
    for seed in 0..30u64 {
        let k = usize::try_from(seed).unwrap();
        let (rooms, slots) = (3 + k % 6, 4 + (k * 5) % 20);
        let mut params = GenParams::new(rooms * slots * (60 + k % 35) / 100, rooms, slots, seed);
        params.tracks = 1 + k % 4;
        params.plenaries = k % 4;
        params.conflicts = 2 + k % 5;
        let g = generate(&params).expect("generates");
        let p = parse("g.toml", &g.toml).expect("parses");
        let read = json::read(&p, "plant.json", &g.planted_json).expect("reads");
        let s = score(&p, &read.placements);
        let what = format!("{params:?}");
        assert!(clash_lower_bound(&p) <= s.track_clashes, "{what}");
        let lp = slot_load_clash_bound(&p, &domains(&p), &Control::default());
        assert!(lp.is_some_and(|b| b <= s.track_clashes), "{what}: {lp:?}");
        assert!(track_rooms_lower_bound(&p) <= s.track_rooms, "{what}");
        assert!(conflict_lower_bound(&p) <= s.conflicts, "{what}");
        assert!(
            preference_lower_bound(&p, &domains(&p)) <= s.preferences,
            "{what}"
        );
        let joint = slot_load_joint_bound(&p, &domains(&p), &Control::default());
        let terms = joint_terms(&p, &s);
        assert!(
            joint.is_some_and(|b| b <= terms),
            "{what}: {joint:?} > {terms}"
        );
    }
}

/// The weighted track clashes, preferences and track rooms of a score:
/// what [`slot_load_joint_bound`] bounds.
fn joint_terms(p: &Problem, s: &confsched::timetable::Score) -> u64 {
    let w = &p.weights;
    s.track_clashes * w.track_clash + s.preferences * w.preferences + s.track_rooms * w.track_rooms
}

/// Three slots, three rooms of 10 seats (R2 a lab), every audience 10.
/// Track A (declared) prefers 09:00 for its three talks: one gets it, the
/// other two would pay a clash (100) for a preference (50), so they pay
/// the preference: 100. Track B (declared, preferring room R1) has two
/// talks that must be at 10:00: a clash (100), one of them not in R1 (50:
/// B1, which needs the lab, so B2 may have R1), two rooms (100). The
/// separate bounds see B's clash and B1's room (150); the joint one sees
/// all of it, 350, which a timetable meets: proven with no model.
const JOINT: &str = r#"
[event]
name = "joint"
slot_minutes = 50

[[days]]
date = "2030-06-03"
slots = ["09:00", "10:00", "11:00"]

[[rooms]]
id = "R1"
capacity = 10

[[rooms]]
id = "R2"
capacity = 10
features = ["lab"]

[[rooms]]
id = "R3"
capacity = 10

[[talks]]
id = "A1"
audience = 10
track = "A"

[[talks]]
id = "A2"
audience = 10
track = "A"

[[talks]]
id = "A3"
audience = 10
track = "A"

[[talks]]
id = "B1"
audience = 10
track = "B"
only = ["10:00"]
needs = ["lab"]

[[talks]]
id = "B2"
audience = 10
track = "B"
only = ["10:00"]

[[tracks]]
id = "A"
prefer = ["09:00"]

[[tracks]]
id = "B"
rooms = ["R1"]

[objective]
empty_seats = 1
track_clash = 100
track_rooms = 100
track_gaps = 30
preferences = 50
conflicts = 1
"#;

#[test]
fn the_joint_bound_weighs_preferences_rooms_and_clashes_together() {
    let p = parse("joint.toml", JOINT).unwrap_or_else(|e| panic!("{e}"));
    let doms = domains(&p);
    // The separate bounds: B's clash and B1's room (no lab in R1).
    let separate = slot_load_clash_bound(&p, &doms, &Control::default())
        .map(|c| c * 100)
        .zip(Some(
            preference_lower_bound(&p, &doms) * 50 + track_rooms_lower_bound(&p) * 100,
        ))
        .map(|(a, b)| a + b);
    assert_eq!(separate, Some(150));
    // A's preferences (100), B's clash (100), B's room (50), B's rooms (100).
    assert_eq!(
        slot_load_joint_bound(&p, &doms, &Control::default()),
        Some(350)
    );
    let Outcome::Solved(tt, stats) = solve(&p, &SolveOptions::default()).expect("solves") else {
        panic!("expected a timetable")
    };
    assert!(confsched::timetable::verify(&p, &tt.placements).is_empty());
    assert_eq!(tt.score.objective, 350);
    assert_eq!(tt.status, Status::Optimal);
    assert_eq!(
        stats.variables, 0,
        "a model was built: the joint bound fell short"
    );
    // Without the lab, both B talks could have R1; one of them cannot, as
    // they share 10:00: the same 50, from the room rows this time.
    let text = JOINT.replace("needs = [\"lab\"]\n", "");
    let p = parse("joint.toml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let doms = domains(&p);
    assert_eq!(preference_lower_bound(&p, &doms), 0);
    assert_eq!(
        slot_load_joint_bound(&p, &doms, &Control::default()),
        Some(350)
    );
}

/// A declared track of five talks in three slots (JOINT's five, in A,
/// unrestricted): two rooms (100) and two clashes (200). The LP's loads
/// alone would spread it 5/3 a slot (two thirds of a room); the joint
/// bound keeps the separate bound's whole room.
#[test]
fn the_joint_bound_is_never_below_the_separate_ones() {
    let text = JOINT
        .replace("only = [\"10:00\"]\n", "")
        .replace("prefer = [\"09:00\"]\n", "")
        .replace("rooms = [\"R1\"]\n", "")
        .replace("track = \"B\"", "track = \"A\"");
    let p = parse("joint.toml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(track_rooms_lower_bound(&p), 1);
    assert_eq!(clash_lower_bound(&p), 2);
    assert_eq!(
        slot_load_joint_bound(&p, &domains(&p), &Control::default()),
        Some(300)
    );
}

/// Rooms R1 and R2 (identical: one class of two in the class model) and
/// three slots; plenary P only at 09:00; `others` further talks, A
/// preferring 09:00.
fn plenary_problem(plenaries: usize, others: usize) -> Problem {
    let mut text = String::from(
        "[event]\nname = \"p\"\nslot_minutes = 50\n\n[[days]]\ndate = \"2030-06-03\"\n\
         slots = [\"09:00\", \"10:00\", \"11:00\"]\n\n\
         [[rooms]]\nid = \"R1\"\ncapacity = 10\n\n[[rooms]]\nid = \"R2\"\ncapacity = 10\n",
    );
    for i in 0..plenaries {
        let only = if i == 0 { "only = [\"09:00\"]\n" } else { "" };
        text.push_str(&format!(
            "\n[[talks]]\nid = \"P{i}\"\naudience = 10\nplenary = true\n{only}"
        ));
    }
    for i in 0..others {
        let prefer = if i == 0 { "prefer = [\"09:00\"]\n" } else { "" };
        text.push_str(&format!(
            "\n[[talks]]\nid = \"T{i}\"\naudience = 10\n{prefer}"
        ));
    }
    parse("p.toml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Each way: the integer program alone and every stage, with room classes
/// and one class per room.
fn each_way(p: &Problem) -> Vec<Outcome> {
    use confsched::search::Stages;
    let mut out = Vec::new();
    for stages in [Stages::ModelOnly, Stages::All] {
        for per_room in [false, true] {
            let opts = SolveOptions {
                stages,
                per_room,
                ..SolveOptions::default()
            };
            out.push(solve(p, &opts).expect("solves"));
        }
    }
    out
}

/// The plenary family (`model::families::plenaries_stand_alone`) decides:
/// T0 would like 09:00, where the plenary is, so it pays its preference
/// (50); a plenary's slot is empty but for it, two plenaries take two
/// slots, and what does not fit the other slots has no timetable.
#[test]
fn plenaries_stand_alone_in_every_model() {
    for (plenaries, others, objective) in [
        (1, 4, Some(50)),
        (2, 2, Some(50)),
        (1, 5, None),
        (2, 3, None),
    ] {
        let p = plenary_problem(plenaries, others);
        for outcome in each_way(&p) {
            match (outcome, objective) {
                (Outcome::Solved(tt, _), Some(want)) => {
                    assert!(confsched::timetable::verify(&p, &tt.placements).is_empty());
                    assert_eq!(tt.status, Status::Optimal);
                    assert_eq!(
                        tt.score.objective, want,
                        "{plenaries} plenaries, {others} others"
                    );
                }
                (Outcome::Infeasible(_), None) => {}
                (other, _) => panic!("{plenaries} plenaries, {others} others: {other:?}"),
            }
        }
    }
}

/// Two slots, three rooms; three talks of track A that may go anywhere and
/// three talks without a track that must be at 09:00. The even spread says
/// one clash (three talks in two slots); but 09:00 is full, so A's three
/// talks share 10:00: three pairs, which the LP over slot loads finds, and
/// the solver proves optimal without a model.
#[test]
fn the_slot_load_bound_sees_full_slots_and_narrow_domains() {
    let mut text = String::from(
        "[event]\nname = \"loads\"\nslot_minutes = 50\n\n[[days]]\ndate = \"2030-06-03\"\n\
         slots = [\"09:00\", \"10:00\"]\n",
    );
    for r in 1..=3 {
        text.push_str(&format!("\n[[rooms]]\nid = \"R{r}\"\ncapacity = 10\n"));
    }
    for i in 1..=3 {
        text.push_str(&format!(
            "\n[[talks]]\nid = \"A{i}\"\naudience = 10\ntrack = \"A\"\n"
        ));
        text.push_str(&format!(
            "\n[[talks]]\nid = \"M{i}\"\naudience = 10\nonly = [\"09:00\"]\n"
        ));
    }
    let p = parse("loads.toml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(clash_lower_bound(&p), 1);
    let lp = slot_load_clash_bound(&p, &domains(&p), &Control::default());
    assert_eq!(lp, Some(3));
    let Outcome::Solved(tt, stats) = solve(&p, &SolveOptions::default()).expect("solves") else {
        panic!("expected a timetable")
    };
    assert!(confsched::timetable::verify(&p, &tt.placements).is_empty());
    assert_eq!(tt.score.track_clashes, 3);
    assert_eq!(tt.status, Status::Optimal);
    assert_eq!(
        stats.variables, 0,
        "a model was built: the bound fell short"
    );
}

/// On tiny random problems (every key of the format), the LP over slot
/// loads never lies above the clashes of a timetable that the integer
/// program alone found (it uses no bound, so this is no circle): every
/// valid timetable has at least the bound's clashes.
#[test]
fn the_slot_load_bound_never_exceeds_a_timetable() {
    use confsched::generate::tiny::{self, TinySize};
    use confsched::search::Stages;
    let mut checked = 0;
    for seed in 0..1000u64 {
        let text = tiny::problem(seed, TinySize::BRUTE).to_toml("");
        let p = parse("tiny.toml", &text).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let lp = slot_load_clash_bound(&p, &domains(&p), &Control::default());
        let opts = SolveOptions {
            stages: Stages::ModelOnly,
            ..SolveOptions::default()
        };
        if let Outcome::Solved(tt, _) = solve(&p, &opts).expect("solves") {
            assert!(confsched::timetable::verify(&p, &tt.placements).is_empty());
            let clashes = tt.score.track_clashes;
            assert!(
                lp.is_some_and(|b| b <= clashes),
                "seed {seed}: {lp:?} > {clashes}\n{text}"
            );
            checked += usize::from(clashes > 0);
            // The joint bound, at most the optimum's three terms.
            let joint = slot_load_joint_bound(&p, &domains(&p), &Control::default());
            let terms = joint_terms(&p, &tt.score);
            assert!(
                joint.is_some_and(|b| b <= terms),
                "seed {seed}: {joint:?} > {terms}\n{text}"
            );
        }
    }
    assert!(checked >= 5, "only {checked} tiny timetables had clashes");
}

/// Solves `body` (after an `[event]`) and checks the proof came from the
/// model without clashes (its variables, fewer than the full model's);
/// returns the optimum.
fn proven_by_the_model_without_clashes(body: &str) -> u64 {
    let p = parse(
        "t.toml",
        &format!("[event]\nname = \"t\"\nslot_minutes = 50\n{body}"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let Outcome::Solved(tt, stats) = solve(&p, &SolveOptions::default()).expect("solves") else {
        panic!("expected a timetable")
    };
    assert_eq!(tt.status, Status::Optimal);
    let doms = domains(&p);
    let built = |opts: &confsched::model::ModelOptions| {
        confsched::model::Model::build(&p, &doms, confsched::analysis::Scope::all(&p), opts)
            .vars
            .len()
    };
    let seat = confsched::model::ModelOptions {
        linear_only: true,
        ..Default::default()
    };
    assert_eq!(
        stats.variables,
        built(&seat),
        "the proof did not come from it"
    );
    assert!(built(&seat) < built(&Default::default()));
    tt.score.objective
}

#[test]
fn the_model_without_clashes_proves_optima_of_seats_and_preferences_together() {
    // Two rooms, four slots; a track of two talks that need not clash, so
    // that the model without clashes runs, and its optimum plus the fewest
    // clashes (0) meets the first timetable: the full model is never
    // built. In each case no bound from the domains sees the cost (each
    // talk alone could avoid it).
    let day = "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\", \"11:00\", \"12:00\"]\n\
        [[talks]]\nid = \"a\"\naudience = 10\ntrack = \"T\"\n\
        [[talks]]\nid = \"b\"\naudience = 10\ntrack = \"T\"\n";
    // `c` and `d` share a speaker and both prefer 09:00: one pays (50).
    let shared = format!(
        "{day}[[rooms]]\nid = \"R\"\ncapacity = 10\n[[rooms]]\nid = \"S\"\ncapacity = 10\n\
         [[talks]]\nid = \"c\"\naudience = 10\nspeakers = [\"Kim\"]\nprefer = [\"09:00\"]\n\
         [[talks]]\nid = \"d\"\naudience = 10\nspeakers = [\"Kim\"]\nprefer = [\"09:00\"]\n\
         [objective]\npreferences = 50\n"
    );
    assert_eq!(proven_by_the_model_without_clashes(&shared), 50);
    // `e` prefers 12:00, when only the big room is open: 90 empty seats
    // there, or its preference (50) elsewhere.
    let big = format!(
        "{day}[[rooms]]\nid = \"R\"\ncapacity = 10\nunavailable = [\"12:00\"]\n\
         [[rooms]]\nid = \"B\"\ncapacity = 100\n\
         [[talks]]\nid = \"e\"\naudience = 10\nprefer = [\"12:00\"]\n\
         [objective]\npreferences = 50\n"
    );
    assert_eq!(proven_by_the_model_without_clashes(&big), 50);
}
