//! One test per rule and term that shapes a program (issue 11): `after`,
//! a track's `order`, `only_rooms`, plenaries, hard and weighted
//! `[[conflicts]]`, `track_rooms`, `track_gaps` and preferences.
//!
//! Like `families`, each problem is built so the rule decides the answer,
//! solved four ways (model alone and default stages, class and per-room
//! models), every timetable verified, and the figures checked against
//! counts made here from the definition.

use std::collections::{BTreeMap, BTreeSet};

use confsched::problem::Problem;
use confsched::timetable::{Timetable, gaps_by_track_day};

use crate::families::{at, infeasible, problem, room, slots_of, solved, talks};

fn rooms(spec: &[(&str, u32)]) -> String {
    spec.iter()
        .map(|(id, cap)| format!("[[rooms]]\nid = \"{id}\"\ncapacity = {cap}\n"))
        .collect()
}

fn day(slots: &[&str], breaks: &str) -> String {
    let list: Vec<String> = slots.iter().map(|s| format!("\"{s}\"")).collect();
    format!(
        "[[days]]\ndate = \"2020-01-01\"\nslots = [{}]\n{breaks}",
        list.join(", ")
    )
}

/// Per declared track (by id) and day, main rooms beyond one, counted here.
fn track_rooms_by_definition(p: &Problem, tt: &Timetable, track: &str) -> u64 {
    let mut used: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for x in &tt.placements {
        let t = p.talk(x.talk);
        if t.track.is_some_and(|k| p.tracks[k.index()] == track) {
            used.entry(p.slot(x.start).day.index())
                .or_default()
                .insert(x.rooms[0].index());
        }
    }
    used.values().map(|r| r.len() as u64 - 1).sum()
}

#[test]
fn after_makes_a_talk_start_once_the_other_has_ended() {
    // Two rooms, three slots; `a` takes two slots, `b` comes after it:
    // only a at 09:00 and b at 11:00 works.
    let body = format!(
        "{}{}{}",
        day(&["09:00", "10:00", "11:00"], ""),
        rooms(&[("A", 10), ("B", 10)]),
        talks(&[
            ("a", "audience = 10\nparts = 2"),
            ("b", "audience = 10\nafter = [\"a\"]"),
        ])
    );
    let p = problem(&body);
    for tt in solved(&p) {
        assert_eq!(at(&p, &tt, "a").start.index(), 0);
        assert_eq!(at(&p, &tt, "b").start.index(), 2);
    }
    // With `a` pinned to the last slot, nothing can come after it.
    infeasible(&problem(
        &body.replace("parts = 2", "fixed = { slot = \"11:00\" }"),
    ));
    // A cycle can never be kept.
    infeasible(&problem(&body.replace("parts = 2", "after = [\"b\"]")));
}

#[test]
fn after_allows_any_gap_even_across_lunch() {
    // One room: `b` after `a`, with `c` pinned between them.
    let body = format!(
        "{}{}{}",
        day(
            &["09:00", "10:00", "13:00"],
            "breaks = [{ name = \"Lunch\", start = \"12:00\", end = \"13:00\" }]\n"
        ),
        rooms(&[("A", 10)]),
        talks(&[
            ("a", "audience = 10"),
            ("b", "audience = 10\nafter = [\"a\"]"),
            ("c", "audience = 10\nfixed = { slot = \"10:00\" }"),
        ])
    );
    let p = problem(&body);
    for tt in solved(&p) {
        assert_eq!(at(&p, &tt, "a").start.index(), 0);
        assert_eq!(at(&p, &tt, "b").start.index(), 2);
    }
}

#[test]
fn a_track_order_is_kept() {
    // Three rooms, three slots, three talks of one track listed in reverse
    // of their ids: each starts after the one before it has ended.
    let body = format!(
        "{}{}{}[[tracks]]\nid = \"ml\"\norder = [\"z\", \"y\", \"x\"]\n\
         [objective]\ntrack_clash = 0\ntrack_gaps = 0\ntrack_rooms = 0\n",
        day(&["09:00", "10:00", "11:00"], ""),
        rooms(&[("A", 10), ("B", 10), ("C", 10)]),
        talks(&[
            ("x", "audience = 10\ntrack = \"ml\""),
            ("y", "audience = 10\ntrack = \"ml\""),
            ("z", "audience = 10\ntrack = \"ml\""),
        ])
    );
    let p = problem(&body);
    for tt in solved(&p) {
        let starts: Vec<usize> = ["z", "y", "x"]
            .iter()
            .map(|id| at(&p, &tt, id).start.index())
            .collect();
        assert_eq!(starts, [0, 1, 2]);
    }
    // x, last in the order, pinned to the first slot: impossible.
    infeasible(&problem(&body.replace(
        "id = \"x\"\naudience = 10",
        "id = \"x\"\nfixed = { slot = \"09:00\" }\naudience = 10",
    )));
}

#[test]
fn a_track_with_only_rooms_keeps_its_main_room_there() {
    // The 10-seat talk fits B snugly, but its track may only use A.
    let body = format!(
        "{}{}{}[[tracks]]\nid = \"ml\"\nonly_rooms = [\"A\"]\n",
        day(&["09:00"], ""),
        rooms(&[("A", 100), ("B", 10)]),
        talks(&[("a", "audience = 10\ntrack = \"ml\"")])
    );
    let p = problem(&body);
    for tt in solved(&p) {
        assert_eq!(at(&p, &tt, "a").rooms, [room(&p, "A")]);
        assert_eq!(tt.score.empty_seats, 90);
    }
    // Pinned to B, it is impossible.
    infeasible(&problem(&body.replace(
        "track = \"ml\"",
        "track = \"ml\"\nfixed = { room = \"B\" }",
    )));
}

#[test]
fn a_plenary_has_its_slots_to_itself() {
    // Three rooms, two slots: the keynote takes a slot alone, the three
    // other talks fill the other slot.
    let mk = |extra: &[(&str, &str)]| {
        let mut spec = vec![
            ("k", "audience = 10\nplenary = true"),
            ("a", "audience = 10"),
            ("b", "audience = 10"),
            ("c", "audience = 10"),
        ];
        spec.extend_from_slice(extra);
        problem(&format!(
            "{}{}{}",
            day(&["09:00", "10:00"], ""),
            rooms(&[("A", 10), ("B", 10), ("C", 10)]),
            talks(&spec)
        ))
    };
    let p = mk(&[]);
    for tt in solved(&p) {
        let k = at(&p, &tt, "k").start;
        for id in ["a", "b", "c"] {
            assert_ne!(at(&p, &tt, id).start, k, "{id} beside the plenary");
        }
    }
    // A fourth talk has no room left.
    infeasible(&mk(&[("d", "audience = 10")]));
    // A plenary may still stream to extra rooms of its own.
    let p = problem(&format!(
        "{}{}{}",
        day(&["09:00", "10:00"], ""),
        rooms(&[("A", 10), ("B", 10), ("C", 10)]),
        talks(&[
            ("k", "audience = 25\nplenary = true\noverflow = true"),
            ("a", "audience = 10"),
        ])
    ));
    for tt in solved(&p) {
        assert_eq!(at(&p, &tt, "k").rooms.len(), 3);
        assert_ne!(at(&p, &tt, "a").start, at(&p, &tt, "k").start);
    }
    // Two plenaries never share a slot, also where no other talk can be
    // (the two-part talk fits on the first day only). Three slots: one too
    // few. (Differential hunt, seed 25845.)
    let two = |second_day: &str| {
        problem(&format!(
            "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n\
             [[days]]\ndate = \"2020-01-02\"\nslots = [{second_day}]\n{}{}",
            rooms(&[("A", 10), ("B", 10)]),
            talks(&[
                ("k", "audience = 10\nplenary = true"),
                ("l", "audience = 10\nplenary = true"),
                ("w", "audience = 10\nparts = 2"),
            ])
        ))
    };
    infeasible(&two("\"09:00\""));
    let p = two("\"09:00\", \"11:00\"");
    for tt in solved(&p) {
        assert_ne!(at(&p, &tt, "k").start, at(&p, &tt, "l").start);
    }
}

#[test]
fn a_hard_conflict_group_never_shares_a_slot() {
    // Members: talk a, and the two talks of track db. Three slots, three
    // rooms: each member in its own slot.
    let mk = |slots: &[&str]| {
        problem(&format!(
            "{}{}{}[[conflicts]]\ntalks = [\"a\"]\ntracks = [\"db\"]\nhard = true\n",
            day(slots, ""),
            rooms(&[("A", 10), ("B", 10), ("C", 10)]),
            talks(&[
                ("a", "audience = 10"),
                ("b", "audience = 10\ntrack = \"db\""),
                ("c", "audience = 10\ntrack = \"db\""),
                ("d", "audience = 10"),
            ])
        ))
    };
    let p = mk(&["09:00", "10:00", "11:00"]);
    for tt in solved(&p) {
        let starts: BTreeSet<usize> = ["a", "b", "c"]
            .iter()
            .map(|id| at(&p, &tt, id).start.index())
            .collect();
        assert_eq!(starts.len(), 3);
    }
    // Three members, two slots.
    infeasible(&mk(&["09:00", "10:00"]));
}

#[test]
fn weighted_conflicts_cost_their_weight_per_pair_and_slot() {
    // Three members, one slot: three pairs x weight 5 x conflicts 2.
    let mk = |slots: &[&str]| {
        problem(&format!(
            "{}{}{}[[conflicts]]\ntalks = [\"a\", \"b\", \"c\"]\nweight = 5\n\
             [objective]\nempty_seats = 0\nconflicts = 2\n",
            day(slots, ""),
            rooms(&[("A", 10), ("B", 10), ("C", 10)]),
            talks(&[
                ("a", "audience = 10"),
                ("b", "audience = 10"),
                ("c", "audience = 10"),
            ])
        ))
    };
    let p = mk(&["09:00"]);
    for tt in solved(&p) {
        assert_eq!(tt.score.conflicts, 15);
        assert_eq!(tt.score.objective, 30);
    }
    // Two slots: one pair must share.
    let p = mk(&["09:00", "10:00"]);
    for tt in solved(&p) {
        assert_eq!(tt.score.conflicts, 5);
    }
    // Three slots: none.
    let p = mk(&["09:00", "10:00", "11:00"]);
    for tt in solved(&p) {
        assert_eq!(tt.score.conflicts, 0);
        let starts: BTreeSet<usize> = tt.placements.iter().map(|x| x.start.index()).collect();
        assert_eq!(starts.len(), 3);
    }
}

#[test]
fn a_declared_track_keeps_one_room_a_day() {
    // Two rooms, two slots, four talks: the ml talks must take one slot
    // each (a clash costs 100), and one room (another room costs 100).
    let mk = |declared: &str, spec: &[(&str, &str)]| {
        problem(&format!(
            "{}{}{}{declared}",
            day(&["09:00", "10:00"], ""),
            rooms(&[("A", 10), ("B", 10)]),
            talks(spec)
        ))
    };
    let ml = "audience = 10\ntrack = \"ml\"";
    let p = mk(
        "[[tracks]]\nid = \"ml\"\n",
        &[
            ("a", ml),
            ("b", ml),
            ("c", "audience = 10"),
            ("d", "audience = 10"),
        ],
    );
    for tt in solved(&p) {
        assert_eq!(at(&p, &tt, "a").rooms, at(&p, &tt, "b").rooms);
        assert_ne!(at(&p, &tt, "a").start, at(&p, &tt, "b").start);
        assert_eq!(tt.score.track_rooms, 0);
    }
    // Room A is taken all day by a (ml) and c: b must use B, and the
    // second room costs the track its weight.
    let pinned = [
        (
            "a",
            "audience = 10\ntrack = \"ml\"\nfixed = { room = \"A\", slot = \"09:00\" }",
        ),
        ("b", ml),
        (
            "c",
            "audience = 10\nfixed = { room = \"A\", slot = \"10:00\" }",
        ),
    ];
    let p = mk("[[tracks]]\nid = \"ml\"\n", &pinned);
    for tt in solved(&p) {
        assert_eq!(tt.score.track_rooms, 1);
        assert_eq!(track_rooms_by_definition(&p, &tt, "ml"), 1);
        assert_eq!(tt.score.objective, p.weights.track_rooms);
    }
    // A track only named by talks is a label: rooms are free.
    let p = mk("", &pinned);
    for tt in solved(&p) {
        assert_eq!(track_rooms_by_definition(&p, &tt, "ml"), 1);
        assert_eq!(tt.score.track_rooms, 0);
        assert_eq!(tt.score.objective, 0);
    }
}

#[test]
fn a_declared_track_runs_as_a_block_and_a_break_is_no_gap() {
    // One room, three slots; the track's two talks go side by side, so the
    // untracked talk takes an end, never the middle.
    let mk = |extra: &str, breaks: &str, slots: &[&str]| {
        problem(&format!(
            "{}{}{}[[tracks]]\nid = \"ml\"\n",
            day(slots, breaks),
            rooms(&[("A", 10)]),
            talks(&[
                ("a", "audience = 10\ntrack = \"ml\""),
                ("b", "audience = 10\ntrack = \"ml\""),
                ("c", &format!("audience = 10{extra}")),
            ])
        ))
    };
    // The gaps per track-day list only the track-days that have some
    // (the search counts those in the model's next round).
    let p = mk("", "", &["09:00", "10:00", "11:00"]);
    for tt in solved(&p) {
        assert_ne!(at(&p, &tt, "c").start.index(), 1);
        assert_eq!(tt.score.track_gaps, 0);
        assert_eq!(gaps_by_track_day(&p, &tt.placements), BTreeMap::new());
    }
    // c pinned to the middle: one gap, unavoidable.
    let p = mk(
        "\nfixed = { slot = \"10:00\" }",
        "",
        &["09:00", "10:00", "11:00"],
    );
    for tt in solved(&p) {
        assert_eq!(tt.score.track_gaps, 1);
        assert_eq!(tt.score.objective, p.weights.track_gaps);
        assert_eq!(
            gaps_by_track_day(&p, &tt.placements),
            BTreeMap::from([((0, 0), 1)])
        );
    }
    // With lunch between 10:00 and 13:00 and c at 09:00, the track at
    // 10:00 and 13:00 has no gap: a break is not a slot.
    let lunch = "breaks = [{ name = \"Lunch\", start = \"11:00\", end = \"13:00\" }]\n";
    let p = mk(
        "\nfixed = { slot = \"09:00\" }",
        lunch,
        &["09:00", "10:00", "13:00"],
    );
    for tt in solved(&p) {
        assert_eq!(tt.score.track_gaps, 0);
        assert_eq!(slots_of(&p, at(&p, &tt, "c")), [0]);
    }
}

#[test]
fn a_gap_is_paid_only_when_closing_it_costs_more() {
    // The track's talks prefer the two ends of the day. The search first
    // leaves gaps out of the full model (its optimum, 0, puts them at the
    // ends), then counts that day's gap: paid when it is cheaper than a
    // preference, closed when it is dearer.
    for (gap_weight, objective, gaps) in [(1, 1, 1), (20, 10, 0)] {
        let p = problem(&format!(
            "{}{}{}[[tracks]]\nid = \"ml\"\n\
             [objective]\npreferences = 10\ntrack_gaps = {gap_weight}\n",
            day(&["09:00", "10:00", "11:00"], ""),
            rooms(&[("A", 10)]),
            talks(&[
                ("a", "audience = 10\ntrack = \"ml\"\nprefer = [\"09:00\"]"),
                ("b", "audience = 10\ntrack = \"ml\"\nprefer = [\"11:00\"]"),
            ])
        ));
        for tt in solved(&p) {
            assert_eq!(tt.score.objective, objective, "track_gaps = {gap_weight}");
            assert_eq!(tt.score.track_gaps, gaps, "track_gaps = {gap_weight}");
        }
    }
}

#[test]
fn preferences_of_talks_speakers_and_tracks_are_met_when_they_can_be() {
    // One room, two slots, two talks; each kind of wish puts `w` at 10:00.
    for wish in [
        "\nprefer = [\"10:00\"]",
        "\navoid = [\"09:00\"]",
        "\nspeakers = [\"Sam\"]\n[[speakers]]\nname = \"Sam\"\nprefer = [\"10:00\"]",
        "\nspeakers = [\"Sam\"]\n[[speakers]]\nname = \"Sam\"\navoid = [\"09:00\"]",
        "\ntrack = \"ml\"\n[[tracks]]\nid = \"ml\"\nprefer = [\"10:00\"]",
        "\ntrack = \"ml\"\n[[tracks]]\nid = \"ml\"\navoid = [\"09:00\"]",
    ] {
        let p = problem(&format!(
            "{}{}{}",
            day(&["09:00", "10:00"], ""),
            rooms(&[("A", 10)]),
            talks(&[
                ("v", "audience = 10"),
                ("w", &format!("audience = 10{wish}"))
            ])
        ));
        for tt in solved(&p) {
            assert_eq!(at(&p, &tt, "w").start.index(), 1, "{wish}");
            assert_eq!(tt.score.preferences, 0, "{wish}");
        }
    }
    // Two talks that both want 10:00: one wish is unmet; an avoided slot
    // costs each slot a two-part talk occupies there.
    let p = problem(&format!(
        "{}{}{}",
        day(&["09:00", "10:00"], ""),
        rooms(&[("A", 10)]),
        talks(&[
            ("v", "audience = 10\nprefer = [\"10:00\"]"),
            ("w", "audience = 10\nprefer = [\"10:00\"]"),
        ])
    ));
    for tt in solved(&p) {
        assert_eq!(tt.score.preferences, 1);
        assert_eq!(tt.score.objective, p.weights.preferences);
    }
    let p = problem(&format!(
        "{}{}{}",
        day(&["09:00", "10:00"], ""),
        rooms(&[("A", 10)]),
        talks(&[(
            "w",
            "audience = 10\nparts = 2\navoid = [\"09:00\", \"10:00\"]"
        )])
    ));
    for tt in solved(&p) {
        assert_eq!(tt.score.preferences, 2);
    }
}

#[test]
fn a_tracks_rooms_are_a_wish_weighed_against_empty_seats() {
    // The track wants the big room B; the talk fits A snugly. B costs 90
    // empty seats, A one preference: the weights decide.
    let mk = |preferences: u32| {
        problem(&format!(
            "{}{}{}[[tracks]]\nid = \"ml\"\nrooms = [\"B\"]\n\
             [objective]\nempty_seats = 1\npreferences = {preferences}\n",
            day(&["09:00"], ""),
            rooms(&[("A", 10), ("B", 100)]),
            talks(&[("a", "audience = 10\ntrack = \"ml\"")])
        ))
    };
    for (weight, want) in [(50, "A"), (100, "B")] {
        let p = mk(weight);
        for tt in solved(&p) {
            assert_eq!(
                at(&p, &tt, "a").rooms,
                [room(&p, want)],
                "preferences = {weight}"
            );
        }
    }
}
