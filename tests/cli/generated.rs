//! The realistic generator (`confsched::generate`) against the rest of the
//! library: every problem it writes parses, its planted timetable passes
//! `verify` with exactly the figures `score` gives, every feature of the
//! format occurs across a range of seeds, no parameters make it panic, and
//! `confsched generate` writes the same files.

use std::collections::BTreeSet;

use confsched::generate::{GenParams, Generated, generate};
use confsched::problem::check::Favourites;
use confsched::problem::{Problem, parse_with};
use confsched::timetable::{Placement, json, score, verify};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use toml::{Table, Value};

use crate::support::Test;

/// The problem and its plant, after checking that the plant is valid and
/// that the file's figures are the score's.
fn checked(g: &Generated, what: &str) -> (Problem, Vec<Placement>) {
    // The favourites CSV, when there is one, as the file beside it.
    let favourites = |name: &str| {
        g.favourites_csv.as_ref().map(|text| Favourites {
            path: name.to_string(),
            text: Ok(text.clone()),
        })
    };
    let p = parse_with("generated.toml", &g.toml, &favourites)
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(
        g.favourites_csv.is_some(),
        !p.attendees.is_empty() || p.interest.is_some()
    );
    let read = json::read(&p, "planted.json", &g.planted_json).expect("the plant reads");
    assert!(read.issues.is_empty(), "{what}: {:?}", read.issues);
    let broken = verify(&p, &read.placements);
    assert!(broken.is_empty(), "{what}: {broken:?}");
    let claims = read.check_claims(&score(&p, &read.placements), false);
    assert!(claims.is_empty(), "{what}: {claims:?}");
    assert_eq!(read.placements.len(), p.talks.len(), "{what}");
    (p, read.placements)
}

#[test]
fn the_named_sizes_generate_valid_plants() {
    for (talks, rooms, slots) in [
        (38, 6, 7),
        (150, 10, 16),
        (400, 12, 42),
        (600, 25, 30),
        (1000, 35, 36),
    ] {
        let g = generate(&GenParams::new(talks, rooms, slots, 2030)).expect("generates");
        checked(&g, &format!("{talks}/{rooms}/{slots}"));
    }
}

#[test]
fn many_seeds_and_options_stay_valid() {
    for seed in 0..60u64 {
        let k = usize::try_from(seed).unwrap();
        let mut p = GenParams::new(5 + (k * 7) % 60, 1 + k % 7, 1 + k % 20, seed);
        p.buildings = k % 4;
        p.tracks = k % 3;
        p.unavailability = seed % 5 != 0;
        p.workshop_share = [0.0, 0.15, 0.3, 0.45][k % 4];
        p.overflow = [0.0, 0.05, 0.2][k % 3];
        p.sequences = k % 5;
        p.sequence_length = 2 + k % 3;
        p.days = p.days.min(1 + k % 3).max(p.slots.div_ceil(14));
        match generate(&p) {
            Ok(g) => {
                checked(&g, &format!("{p:?}"));
            }
            Err(e) => assert!(p.talks > p.rooms * p.slots, "{p:?}: {e}"),
        }
    }
}

/// Slot references in a list: (single slots, whole days).
fn ref_kinds(v: Option<&Value>) -> (bool, bool) {
    let refs: Vec<&str> = v
        .and_then(Value::as_array)
        .map_or(vec![], |a| a.iter().filter_map(Value::as_str).collect());
    (
        refs.iter().any(|r| r.contains(':')),
        refs.iter().any(|r| !r.contains(':')),
    )
}

fn tables<'a>(t: &'a Table, key: &str) -> Vec<&'a Table> {
    t.get(key)
        .and_then(Value::as_array)
        .map_or(vec![], |a| a.iter().filter_map(Value::as_table).collect())
}

/// The features of the format one generated problem uses.
fn features(g: &Generated) -> BTreeSet<&'static str> {
    let (p, plant) = checked(g, "features");
    let file: Table = g.toml.parse().expect("TOML");
    let mut out = BTreeSet::new();
    let mut add = |yes: bool, name| {
        if yes {
            out.insert(name);
        }
    };
    let in_seq: BTreeSet<_> = p.sequences.iter().flat_map(|s| s.talks.clone()).collect();
    let streamed: Vec<_> = plant
        .iter()
        .filter(|x| x.rooms.len() > 1)
        .map(|x| x.talk)
        .collect();
    add(
        streamed.iter().any(|t| in_seq.contains(t)),
        "overflow in a sequence",
    );
    add(
        streamed.iter().any(|t| !in_seq.contains(t)),
        "overflow outside sequences",
    );
    add(
        in_seq.iter().any(|&t| p.talk(t).parts > 1),
        "multi-part talk in a sequence",
    );
    add(
        p.sequences.iter().any(|s| s.talks.len() >= 3),
        "sequence of three",
    );
    add(
        p.walks.iter().flatten().any(|&m| m > 0),
        "walks between buildings",
    );
    add(
        p.rooms.iter().any(|r| !r.features.is_empty()),
        "room features",
    );
    add(
        p.talks.iter().any(|t| !t.needs.is_empty()),
        "talks needing features",
    );
    add(p.tracks.len() > 1, "tracks");
    add(p.days.len() > 1, "several days");
    add(p.days.iter().any(|d| !d.breaks.is_empty()), "breaks");
    add(file.contains_key("objective"), "objective");
    add(
        p.weights != confsched::problem::Weights::default(),
        "non-default weights",
    );
    for (key, slot, day) in [
        ("rooms", "room unavailable slot", "room unavailable day"),
        ("talks", "talk unavailable slot", "talk unavailable day"),
        (
            "speakers",
            "speaker unavailable slot",
            "speaker unavailable day",
        ),
    ] {
        for t in tables(&file, key) {
            let (slots, days) = ref_kinds(t.get("unavailable"));
            add(slots, slot);
            add(days, day);
        }
    }
    for t in p.talks.iter() {
        add(
            t.fixed_slot.is_some() && t.fixed_room.is_none(),
            "fixed slot",
        );
        add(
            t.fixed_slot.is_none() && t.fixed_room.is_some(),
            "fixed room",
        );
        add(
            t.fixed_slot.is_some() && t.fixed_room.is_some(),
            "fixed slot and room",
        );
    }
    for t in tables(&file, "talks") {
        let (slot, day) = ref_kinds(t.get("only"));
        add(slot, "only slots");
        add(day, "only a day");
    }
    for (key, prefer, avoid) in [
        ("talks", "talk prefer", "talk avoid"),
        ("speakers", "speaker prefer", "speaker avoid"),
        ("tracks", "track prefer", "track avoid"),
    ] {
        for t in tables(&file, key) {
            add(t.contains_key("prefer"), prefer);
            add(t.contains_key("avoid"), avoid);
        }
    }
    let in_tracks = |t: &confsched::problem::Talk| {
        t.track
            .is_some_and(|k| p.track_rules[k.index()].declared.is_some())
    };
    add(
        p.talks.iter().any(|t| t.track.is_some())
            && p.talks.iter().all(|t| t.track.is_none() || in_tracks(t)),
        "every track declared",
    );
    add(
        p.track_rules.iter().any(|k| !k.rooms.is_empty()),
        "track rooms",
    );
    add(
        p.track_rules.iter().any(|k| k.only_rooms.is_some()),
        "track only_rooms",
    );
    add(
        p.track_rules.iter().any(|k| k.order.len() >= 2),
        "track order",
    );
    add(
        p.track_rules.iter().any(|k| k.order.len() >= 3),
        "track order of three",
    );
    add(p.talks.iter().any(|t| !t.after.is_empty()), "after");
    add(
        p.talks
            .iter()
            .any(|t| t.after.iter().any(|&a| !p.talk(a).after.is_empty())),
        "after chain",
    );
    add(p.talks.iter().any(|t| t.plenary), "plenary");
    for c in tables(&file, "conflicts") {
        let hard = c.contains_key("hard");
        add(hard && c.contains_key("talks"), "hard conflict of talks");
        add(hard && c.contains_key("tracks"), "hard conflict of a track");
        add(
            !hard && c.contains_key("talks"),
            "weighted conflict of talks",
        );
        add(
            !hard && c.contains_key("tracks"),
            "weighted conflict of tracks",
        );
    }
    let objective = file.get("objective").and_then(Value::as_table);
    for (key, name) in [
        ("track_rooms", "weight track_rooms"),
        ("track_gaps", "weight track_gaps"),
        ("preferences", "weight preferences"),
        ("conflicts", "weight conflicts"),
    ] {
        add(objective.is_some_and(|o| o.contains_key(key)), name);
    }
    out
}

/// Every feature listed in the generator's brief occurs at least once over
/// a range of seeds and default-sized problems.
#[test]
fn every_feature_occurs_across_seeds() {
    let want = [
        "overflow in a sequence",
        "overflow outside sequences",
        "multi-part talk in a sequence",
        "sequence of three",
        "walks between buildings",
        "room features",
        "talks needing features",
        "room unavailable slot",
        "room unavailable day",
        "talk unavailable slot",
        "talk unavailable day",
        "speaker unavailable slot",
        "speaker unavailable day",
        "fixed slot",
        "fixed room",
        "fixed slot and room",
        "only slots",
        "only a day",
        "tracks",
        "several days",
        "breaks",
        "objective",
        "non-default weights",
        "talk prefer",
        "talk avoid",
        "speaker prefer",
        "speaker avoid",
        "track prefer",
        "track avoid",
        "every track declared",
        "track rooms",
        "track only_rooms",
        "track order",
        "track order of three",
        "after",
        "after chain",
        "plenary",
        "hard conflict of talks",
        "hard conflict of a track",
        "weighted conflict of talks",
        "weighted conflict of tracks",
        "weight track_rooms",
        "weight track_gaps",
        "weight preferences",
        "weight conflicts",
    ];
    let mut seen = BTreeSet::new();
    for seed in 0..24u64 {
        let k = usize::try_from(seed).unwrap();
        let (rooms, slots) = (5 + k % 4, 6 + k % 12);
        let p = GenParams::new(rooms * slots * 85 / 100, rooms, slots, seed);
        let g = generate(&p).expect("generates");
        seen.extend(features(&g));
    }
    let missing: Vec<_> = want.iter().filter(|f| !seen.contains(*f)).collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
}

fn share() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -0.2..1.2f64,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
    ]
}

fn size(typical: usize) -> impl Strategy<Value = usize> {
    prop_oneof![
        8 => 0..typical,
        1 => Just(usize::MAX),
        1 => 0..usize::MAX,
    ]
}

prop_compose! {
    /// Any values at all, mostly out of range.
    fn wild()(
        talks in size(120), rooms in size(12), slots in size(30), days in size(5),
        shares in (share(), share()), seed in any::<u64>(),
        sequences in size(6), sequence_length in size(5),
        tracks in size(5), unavailability in any::<bool>(), buildings in size(5),
        fill in prop::option::weighted(0.2, share()),
        weights in prop::option::of((0..300u64, prop_oneof![0..300u64, Just(u64::MAX)])),
        (plenaries, conflicts) in (size(4), size(8)),
        rates in (share(), share(), share(), share()),
    ) -> GenParams {
        GenParams {
            talks, rooms, slots, days, workshop_share: shares.0, overflow: shares.1, seed,
            sequences, sequence_length, tracks, unavailability, buildings, fill, weights,
            plenaries, after_share: rates.0, order_share: rates.1, only_rooms_share: rates.2,
            conflicts, preference_share: rates.3,
            attendees: if seed % 3 == 0 { (seed % 40) as usize } else { 0 },
            favourites_file: "favourites.csv".into(),
        }
    }
}

prop_compose! {
    /// Values that mostly generate: up to 12 rooms and 30 slots, 1% to 100%
    /// of the room-slots taken by talks, any shares and options.
    fn sane()(
        rooms in 1..12usize, slots in 1..30usize, days in 1..6usize, percent in 1..=100usize,
        shares in (0.0..=1.0f64, 0.0..=1.0f64), seed in any::<u64>(),
        sequences in 0..8usize, sequence_length in 2..5usize,
        tracks in 0..5usize, unavailability in any::<bool>(), buildings in 0..5usize,
        fill in prop::option::weighted(0.2, 0.01..=1.0f64),
        weights in prop::option::of((0..300u64, 0..300u64)),
        (plenaries, conflicts) in (0..4usize, 0..12usize),
        rates in (0.0..=1.0f64, 0.0..=1.0f64, 0.0..=1.0f64, 0.0..=1.0f64),
    ) -> GenParams {
        GenParams {
            talks: (rooms * slots * percent / 100).max(1), rooms, slots,
            days: days.clamp(slots.div_ceil(14), slots),
            workshop_share: shares.0, overflow: shares.1, seed,
            sequences, sequence_length, tracks, unavailability, buildings, fill, weights,
            plenaries, after_share: rates.0, order_share: rates.1, only_rooms_share: rates.2,
            conflicts, preference_share: rates.3,
            attendees: if seed % 3 == 0 { (seed % 40) as usize } else { 0 },
            favourites_file: "favourites.csv".into(),
        }
    }
}

fn params() -> impl Strategy<Value = GenParams> {
    prop_oneof![3 => sane(), 1 => wild()]
}

/// Any parameters give a valid plant or an error; never a panic. The
/// cases are the same on every run.
#[test]
fn no_parameters_make_it_panic() {
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: 200,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let result = runner.run(&params(), |p| {
        if let Ok(g) = generate(&p) {
            checked(&g, &format!("{p:?}"));
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn the_generate_command_writes_the_problem_and_its_plant() {
    let t = Test::new();
    let (problem, plant) = (t.tmp().join("g.toml"), t.tmp().join("plant.json"));
    t.args([
        "generate", "--talks", "40", "--rooms", "5", "--slots", "10", "--seed", "3",
    ])
    .args(["-o", "g.toml", "--planted", "plant.json"])
    .run()
    .code(0);
    let g = generate(&GenParams::new(40, 5, 10, 3)).unwrap();
    assert_eq!(std::fs::read_to_string(&problem).unwrap(), g.toml);
    assert_eq!(std::fs::read_to_string(&plant).unwrap(), g.planted_json);
    let verify = Test::new();
    verify
        .args(["verify"])
        .path(&problem)
        .path(&plant)
        .run()
        .code(0);
    Test::new()
        .args(["generate", "--talks", "100", "--rooms", "2", "--slots", "3"])
        .run()
        .code(2)
        .stderr_has("100 talks");
}
