//! Re-planning from a published timetable (`--baseline`, `--freeze-before`),
//! and the change list (`confsched diff`, frab `--version`).
//!
//! The reference conference's published program
//! (`problems/dlcat-2019.published.json`) is the baseline throughout.
//! Every timetable written goes through `verify` (with the baseline, so
//! its change cost is checked too).

use std::path::{Path, PathBuf};

use crate::support::{Test, problem};

fn published() -> PathBuf {
    problem("dlcat-2019.published.json")
}

/// The reference problem with `extra` appended (a changed problem).
fn changed(t: &Test, extra: &str) -> PathBuf {
    let text = std::fs::read_to_string(problem("dlcat-2019.toml")).expect("problem");
    t.file("changed.toml", &format!("{text}\n{extra}"))
}

/// `verify` with the baseline: the timetable is valid and its figures,
/// the change cost included, are its own.
fn verified(problem: &Path, timetable: &Path) {
    Test::new()
        .args(["verify", "--baseline"])
        .path(&published())
        .path(problem)
        .path(timetable)
        .run()
        .code(0)
        .stdout_has("valid:");
}

#[test]
fn the_published_program_verifies_with_the_optimum_objective() {
    Test::new()
        .args(["verify"])
        .path(&problem("dlcat-2019.toml"))
        .path(&published())
        .run()
        .code(0)
        .stdout_has("objective 741 (empty seats 741, track clashes 0)");
}

#[test]
fn a_baseline_that_is_not_a_timetable_is_an_input_error_at_its_position() {
    let t = Test::new();
    let bad = t.file(
        "old.json",
        "{\n  \"assignments\": [\n    {\"talk\": 3}\n  ]\n}\n",
    );
    t.args(["solve", "--baseline"])
        .path(&bad)
        .path(&problem("dlcat-2019.toml"))
        .run()
        .code(2)
        .stderr_has("old.json:3:")
        .stderr_has("not a baseline timetable");
}

#[test]
fn a_talk_twice_in_the_baseline_is_an_error_and_gone_rooms_and_times_warn() {
    let t = Test::new();
    let twice = t.file(
        "twice.json",
        r#"{"assignments": [
  {"talk": "sac", "day": "2019-07-04", "start": "10:00", "room": "A"},
  {"talk": "sac", "day": "2019-07-04", "start": "11:00", "room": "A"}
]}"#,
    );
    t.args(["solve", "--baseline"])
        .path(&twice)
        .path(&problem("dlcat-2019.toml"))
        .run()
        .code(2)
        .stderr_has("talk `sac` is already in the baseline at line 2");
    let t = Test::new();
    let gone = t.file(
        "gone.json",
        r#"{"assignments": [
  {"talk": "sac", "day": "2019-07-04", "start": "10:00", "room": "Z"},
  {"talk": "gnn", "day": "2019-07-04", "start": "09:00", "room": "B"},
  {"talk": "retired", "day": "2019-07-04", "start": "10:00", "room": "B"}
]}"#,
    );
    let run = Test::new()
        .args(["verify", "--baseline"])
        .path(&gone)
        .path(&problem("dlcat-2019.toml"))
        .path(&published())
        .run()
        .code(0);
    for needle in [
        "gone.json:2:",
        "room `Z` is not in the problem any more: its talk moves",
        "gone.json:3:",
        "2019-07-04 09:00 is not a slot of the problem any more: talk `gnn` moves",
        "withdrawn: `retired` (was 2019-07-04 10:00 in B)",
        "new: ",
    ] {
        assert!(run.stderr.contains(needle), "{needle}\n{}", run.stderr);
    }
}

#[test]
fn freezing_needs_a_baseline_a_moment_and_talks_that_can_stay() {
    Test::new()
        .args(["solve", "--freeze-before", "2019-07-04 12:00"])
        .path(&problem("dlcat-2019.toml"))
        .run()
        .code(2)
        .stderr_has("--baseline");
    Test::new()
        .args(["solve", "--freeze-before", "noon", "--baseline"])
        .path(&published())
        .path(&problem("dlcat-2019.toml"))
        .run()
        .code(2)
        .stderr_has("`--freeze-before`");
    // Room F is gone, and `keras-spacing` ran there at 10:00.
    let t = Test::new();
    let text = std::fs::read_to_string(problem("dlcat-2019.toml")).expect("problem");
    let start = text.find("[[rooms]]\nid = \"F\"").expect("room F");
    let end = start + text[start..].find("\n\n").expect("blank line");
    let no_f = t.file("no-f.toml", &format!("{}{}", &text[..start], &text[end..]));
    t.args(["solve", "--freeze-before", "2019-07-04 12:00", "--baseline"])
        .path(&published())
        .path(&no_f)
        .run()
        .code(2)
        .stderr_has("talk `keras-spacing` started before the freeze, so it must stay, but room `F` is no longer in the problem");
}

#[test]
fn losing_a_room_when_every_room_slot_is_used_has_no_timetable_and_says_why() {
    // The published program fills all 42 room-slots: without room F for
    // the day, 35 room-slots cannot hold the 42 talk-parts.
    let t = Test::new();
    let text = std::fs::read_to_string(problem("dlcat-2019.toml"))
        .expect("problem")
        .replacen(
            "capacity = 20\nfeatures = [\"lab\"]",
            "capacity = 20\nfeatures = [\"lab\"]\nunavailable = [\"2019-07-04\"]",
            1,
        );
    let p = t.file("lost-f.toml", &text);
    let out = t.tmp().join("new.json");
    let run = t
        .args(["solve", "--format", "json", "-o"])
        .path(&out)
        .args(["--baseline"])
        .path(&published())
        .path(&p)
        .run()
        .code(1)
        .stderr_has("no timetable exists");
    assert!(!out.exists(), "no partial file\n{}", run.stderr);
}

#[test]
fn frab_exports_carry_a_schedule_version_when_asked() {
    for format in ["frab-xml", "frab-json"] {
        let run = Test::new()
            .args([
                "render",
                "--format",
                format,
                "--version",
                "2019-07-01 re-plan 2",
            ])
            .path(&problem("dlcat-2019.toml"))
            .path(&published())
            .run()
            .code(0);
        let want = if format == "frab-xml" {
            "<version>2019-07-01 re-plan 2</version>"
        } else {
            "\"version\": \"2019-07-01 re-plan 2\""
        };
        assert!(run.stdout.contains(want), "{format}");
    }
    Test::new()
        .args(["render", "--format", "ics", "--version", "2"])
        .path(&problem("dlcat-2019.toml"))
        .path(&published())
        .run()
        .code(2)
        .stderr_has("`--version` only applies to");
}

#[test]
fn diff_lists_moves_additions_and_withdrawals_for_everyone_or_one_speaker() {
    let t = Test::new();
    let text = std::fs::read_to_string(published()).expect("published");
    // Swap sac (A 10:00) and blogging (A 11:00) by hand, withdraw gnn.
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    let list = v["assignments"].as_array_mut().expect("assignments");
    for a in list.iter_mut() {
        match a["talk"].as_str() {
            Some("sac") => {
                a["start"] = "11:00".into();
                a["end"] = "11:50".into();
            }
            Some("blogging") => {
                a["start"] = "10:00".into();
                a["end"] = "10:50".into();
            }
            _ => {}
        }
    }
    list.retain(|a| a["talk"] != "gnn");
    let new = t.file("new.json", &serde_json::to_string_pretty(&v).expect("json"));
    let run = Test::new()
        .args(["diff", "--problem"])
        .path(&problem("dlcat-2019.toml"))
        .path(&published())
        .path(&new)
        .run()
        .code(0);
    assert_eq!(
        run.stdout,
        "2 moved, 0 added, 1 withdrawn, 28 unchanged.\n\n\
         Moved:\n  \
           sac: 3분 강화학습 순한맛 SAC (조수현)\n    \
             was 2019-07-04 10:00-10:50, A (UST 강당)\n    \
             now 2019-07-04 11:00-11:50, A (UST 강당)\n  \
           blogging: The Newbie Guide to Blogging & Visualization (안수빈)\n    \
             was 2019-07-04 11:00-11:50, A (UST 강당)\n    \
             now 2019-07-04 10:00-10:50, A (UST 강당)\n\n\
         Withdrawn:\n  \
           gnn: 나도 너도 모르는 Graph Neural Network의 힘 (김준태)\n    \
             2019-07-04 11:00-11:50, B (UST 사이언스홀)\n"
    );
    // The e-mail to one speaker.
    let run = Test::new()
        .args(["diff", "--speaker", "조수현", "--format", "markdown"])
        .path(&published())
        .path(&new)
        .run()
        .code(0);
    assert!(
        run.stdout
            .starts_with("1 moved, 0 added, 0 withdrawn, 0 unchanged.")
    );
    assert!(run.stdout.contains("| 3분 강화학습 순한맛 SAC (조수현) | 2019-07-04 10:00-10:50, A | 2019-07-04 11:00-11:50, A |"));
    // For programs.
    let run = Test::new()
        .args(["diff", "--format", "json"])
        .path(&published())
        .path(&new)
        .run()
        .code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(v["moved"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["withdrawn"][0]["talk"], "gnn");
    assert_eq!(v["unchanged"], 28);
    // A name in neither timetable is a usage error with a suggestion.
    Test::new()
        .args(["diff", "--speaker", "조수"])
        .path(&published())
        .path(&new)
        .run()
        .code(2)
        .stderr_has("did you mean `조수현`?");
}

/// The problem `body` with the baseline `json` attached.
fn with_baseline(body: &str, json: &str) -> confsched::problem::Problem {
    let p = crate::families::problem(body);
    confsched::problem::baseline::attach(p, "old.json", json, None).expect("baseline")
}

#[test]
fn an_overflow_talk_with_counted_extra_rooms_stays_put_or_pays_a_room_change() {
    // 14 rooms of 10 seats and an audience of 60: 1,287 minimal sets of
    // extra rooms, more than the model lists, so it counts extra rooms.
    let rooms: String = (0..14)
        .map(|i| format!("[[rooms]]\nid = \"R{i:02}\"\ncapacity = 10\n"))
        .collect();
    let body = |unavailable: &str| {
        format!(
            "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n{rooms}\
             [[talks]]\nid = \"big\"\naudience = 60\noverflow = true\n\
             [[talks]]\nid = \"small\"\naudience = 10\n{unavailable}\n"
        )
    };
    let old = r#"{"assignments": [
      {"talk": "big", "day": "2020-01-01", "start": "09:00", "room": "R03",
       "rooms": ["R03", "R05", "R07", "R09", "R11", "R13"]},
      {"talk": "small", "day": "2020-01-01", "start": "10:00", "room": "R00"}]}"#;
    let p = with_baseline(&body(""), old);
    for tt in crate::families::solved(&p) {
        assert_eq!(tt.score.changes, 0);
        let big = crate::families::at(&p, &tt, "big");
        let ids: Vec<&str> = big.rooms.iter().map(|&r| p.room(r).id.as_str()).collect();
        assert_eq!(ids, ["R03", "R05", "R07", "R09", "R11", "R13"]);
    }
    // R13 is lost at 09:00: `big` keeps its start and pays one room change
    // (another extra room, or other rooms altogether: the same cost).
    let p = with_baseline(
        &body("").replace(
            "[[rooms]]\nid = \"R13\"\ncapacity = 10\n",
            "[[rooms]]\nid = \"R13\"\ncapacity = 10\nunavailable = [\"09:00\"]\n",
        ),
        old,
    );
    for tt in crate::families::solved(&p) {
        assert_eq!(tt.score.changes, p.replan.room_change);
        assert_eq!(crate::families::at(&p, &tt, "big").start.index(), 0);
    }
}

/// Checked on the model of the change cost itself (the search reaches
/// these places through its heuristics too): an overflow talk whose extra
/// rooms are counted (seats not counted) may stay at its old start and
/// main room with other extra rooms, for one room change: with one more
/// extra room (its audience grew), or without an old one that is gone.
#[test]
fn an_overflow_talk_may_stay_with_other_extra_rooms_for_one_room_change() {
    use confsched::analysis::{Scope, domains};
    use confsched::model::{Model, ModelOptions};
    use confsched::problem::SlotId;
    let body = |audience: u32, lost: &str| {
        format!(
            "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n\
             [[rooms]]\nid = \"R0\"\ncapacity = 20\n\
             [[rooms]]\nid = \"R1\"\ncapacity = 10\n{lost}\
             [[rooms]]\nid = \"R2\"\ncapacity = 10\n\
             [[talks]]\nid = \"big\"\naudience = {audience}\noverflow = true\n\
             [objective]\nempty_seats = 0\n"
        )
    };
    let old = |extras: &str| {
        format!(
            r#"{{"assignments": [{{"talk": "big", "day": "2020-01-01", "start": "09:00",
                 "room": "R0", "rooms": ["R0", {extras}]}}]}}"#
        )
    };
    // 40 come where 30 seats were: R2 as well. R1 is gone: R2 alone seats
    // the 30 beside R0.
    let grown = with_baseline(&body(40, ""), &old("\"R1\""));
    let lost = with_baseline(
        &body(30, "unavailable = [\"09:00\"]\n"),
        &old("\"R1\", \"R2\""),
    );
    for p in [grown, lost] {
        let doms = domains(&p);
        let opts = ModelOptions {
            per_room: true,
            changes_only: true,
            ..ModelOptions::default()
        };
        let mut m = Model::build(&p, &doms, Scope::all(&p), &opts);
        // At 09:00 in the class of that room alone.
        let at_nine_in = |start: SlotId, class: usize, room: &str| {
            start.index() == 0 && m.classes[class].rooms == [crate::families::room(&p, room)]
        };
        let stay = m
            .places
            .iter()
            .find(|v| at_nine_in(v.start, v.class, "R0"))
            .expect("its old place")
            .var;
        let with_r2 = m
            .extras
            .iter()
            .find(|v| at_nine_in(v.start, v.class, "R2"))
            .expect("R2 counted")
            .var;
        let more = vec![
            good_lp::Expression::from(stay).eq(1.0),
            good_lp::Expression::from(with_r2).eq(1.0),
        ];
        let cost = crate::families::optimum(&mut m, more);
        assert_eq!(cost, Some(confsched::num::float64(p.replan.room_change)));
    }
}

#[test]
fn an_overflow_talk_in_a_listed_room_set_beside_counted_ones_stays_put_for_free() {
    // Audience 65: from the 60-seat room one 10-seat room is enough (13
    // room sets, listed), from a 10-seat room it takes the big room or six
    // others (over 400 sets: extra rooms counted). The baseline keeps the
    // talk in the big room and R03; staying is no change, whichever way the
    // model holds the other mains.
    let rooms: String = (0..13)
        .map(|i| format!("[[rooms]]\nid = \"R{i:02}\"\ncapacity = 10\n"))
        .collect();
    let body = format!(
        "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n{rooms}\
         [[rooms]]\nid = \"big\"\ncapacity = 60\n\
         [[talks]]\nid = \"crowd\"\naudience = 65\noverflow = true\n\
         [[talks]]\nid = \"small\"\naudience = 10\n"
    );
    let old = r#"{"assignments": [
      {"talk": "crowd", "day": "2020-01-01", "start": "09:00", "room": "big",
       "rooms": ["big", "R03"]},
      {"talk": "small", "day": "2020-01-01", "start": "10:00", "room": "R00"}]}"#;
    let p = with_baseline(&body, old);
    for tt in crate::families::solved(&p) {
        assert_eq!(tt.score.changes, 0);
        let crowd = crate::families::at(&p, &tt, "crowd");
        let ids: Vec<&str> = crowd.rooms.iter().map(|&r| p.room(r).id.as_str()).collect();
        assert_eq!(ids, ["big", "R03"]);
    }
}

#[test]
fn a_talk_listed_in_extra_rooms_that_no_longer_streams_pays_one_room_change() {
    // `t0` was given in R0 and R1 (it streamed then) and is no overflow
    // talk now: staying in R0 is a room change, and nothing else must
    // move. Its old extra rooms once gave it two variables for one place,
    // a warm start placed it twice and the model proved a bound above the
    // optimum (exit 70). (Differential hunt, seed 102487.)
    let body = r#"
[[days]]
date = "2020-01-01"
slots = ["09:00", "10:00", "11:00"]

[[rooms]]
id = "R0"
building = "X"
capacity = 10

[[rooms]]
id = "R1"
building = "X"
capacity = 50

[[talks]]
id = "t0"
audience = 3
track = "db"

[[talks]]
id = "t1"
speakers = ["Bo"]
audience = 19
track = "ml"

[[talks]]
id = "t2"
speakers = ["Ann"]
audience = 5
track = "ml"
prefer = ["10:00"]
avoid = ["11:00"]

[[talks]]
id = "t3"
speakers = ["Cy"]
audience = 0
track = "db"

[[tracks]]
id = "ml"
name = "Machine learning"

[objective]
empty_seats = 0
track_clash = 0
track_rooms = 0
track_gaps = 1
preferences = 50
conflicts = 1
attendee_missed = 0

[[attendees]]
id = "a0"
wants = ["t0", "t3", "t2"]

[[attendees]]
id = "a1"
wants = ["t1", "t3"]

[[attendees]]
id = "a2"
wants = ["t2", "t0", "t3", "t1"]

[[attendees]]
id = "a3"
wants = ["t1", "t0"]
"#;
    let old = r#"{"assignments":[{"day":"2020-01-01","room":"R0","rooms":["R0","R1"],"start":"10:00","talk":"t0"},{"day":"2020-01-01","room":"R0","rooms":["R0"],"start":"11:00","talk":"t2"},{"day":"2020-01-01","room":"R1","rooms":["R1"],"start":"11:00","talk":"t3"}]}"#;
    let p = with_baseline(body, old);
    for tt in crate::families::solved(&p) {
        assert_eq!(tt.score.changes, p.replan.room_change);
        assert_eq!(tt.score.objective, 2 * p.weights.preferences);
    }
}

/// `solve --baseline published` on `problem`: the JSON timetable (written
/// to a file and verified with the baseline) and stderr.
fn replan(t: &Test, problem: &Path, extra: &[&str]) -> (serde_json::Value, String) {
    let out = t.tmp().join("new.json");
    let run = Test::new()
        .args(["solve", "--format", "json", "-o"])
        .path(&out)
        .args(extra)
        .args(["--baseline"])
        .path(&published())
        .path(problem)
        .run()
        .code(0);
    verified(problem, &out);
    let text = std::fs::read_to_string(&out).expect("timetable");
    (serde_json::from_str(&text).expect("json"), run.stderr)
}

#[test]
fn an_unchanged_problem_gives_the_baseline_back_with_no_change() {
    let t = Test::new();
    let (tt, stderr) = replan(&t, &problem("dlcat-2019.toml"), &[]);
    assert_eq!(tt["change_cost"], 0);
    assert_eq!(tt["status"], "optimal");
    let old: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(published()).expect("published"))
            .expect("json");
    assert_eq!(tt["assignments"], old["assignments"]);
    assert!(
        stderr.contains("optimal: change cost 0, then objective 741"),
        "{stderr}"
    );
}

#[test]
fn withdrawing_a_talk_moves_nothing_else() {
    let t = Test::new();
    let text = std::fs::read_to_string(problem("dlcat-2019.toml")).expect("problem");
    let start = text.find("[[talks]]  # [B 11:00]").expect("gnn");
    let end = start + text[start..].find("\n\n").expect("blank line");
    let p = t.file(
        "no-gnn.toml",
        &format!("{}{}", &text[..start], &text[end..]),
    );
    let (tt, stderr) = replan(&t, &p, &[]);
    assert_eq!(tt["change_cost"], 0);
    assert_eq!(tt["status"], "optimal");
    assert!(
        stderr.contains(
            "withdrawn: `gnn` (was 2019-07-04 11:00 in B): in the baseline, not in the problem"
        ),
        "{stderr}"
    );
}

#[test]
fn a_late_speaker_costs_two_moves_proven_fewest_and_each_is_explained() {
    let t = Test::new();
    let p = changed(
        &t,
        "[[speakers]]\nname = \"조수현\"\nunavailable = [\"10:00\"]\n",
    );
    let (tt, stderr) = replan(&t, &p, &[]);
    // SAC leaves 10:00; the cheapest way is a swap with the 11:00 talk in
    // the same hall: two time changes of one hour, 30 each.
    assert_eq!(tt["change_cost"], 60);
    assert_eq!(tt["status"], "optimal");
    for needle in [
        "optimal: change cost 60, then objective 791",
        "moved `sac` from 2019-07-04 10:00 in A to 2019-07-04 11:00 in A (cost 30): where it \
         was, speaker 조수현 is unavailable at 2019-07-04 10:00",
        "moved `blogging` from 2019-07-04 11:00 in A to 2019-07-04 10:00 in A (cost 30): its \
         old place now holds `sac`",
    ] {
        assert!(stderr.contains(needle), "{needle}\n{stderr}");
    }
}

#[test]
fn frozen_talks_stay_even_when_moving_them_would_be_cheaper() {
    // `blogging` (A 11:00) can no longer be at 11:00. Unfrozen, the
    // cheapest fix swaps it with `sac` (A 10:00): two one-hour shifts, 60.
    // With the conference running since 10:00, `sac` stays; the next
    // cheapest swap is with an afternoon talk: two capped shifts, 80.
    let t = Test::new();
    let text = std::fs::read_to_string(problem("dlcat-2019.toml")).expect("problem");
    let text = text.replacen(
        "id = \"blogging\"",
        "id = \"blogging\"\nunavailable = [\"11:00\"]",
        1,
    );
    let p = t.file("blogging.toml", &text);
    let place = |tt: &serde_json::Value, id: &str| {
        tt["assignments"]
            .as_array()
            .expect("assignments")
            .iter()
            .find(|a| a["talk"] == id)
            .map(|a| (a["start"].clone(), a["room"].clone()))
    };
    let old: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(published()).expect("published"))
            .expect("json");
    let (free, _) = replan(&t, &p, &[]);
    assert_eq!(free["change_cost"], 60);
    assert_ne!(place(&free, "sac"), place(&old, "sac"));
    let (frozen, stderr) = replan(&t, &p, &["--freeze-before", "2019-07-04 10:30"]);
    assert!(stderr.contains("frozen: `sac`, `ai-atelier`"), "{stderr}");
    assert_eq!(frozen["change_cost"], 80);
    assert_eq!(frozen["status"], "optimal");
    for a in old["assignments"].as_array().expect("assignments") {
        if a["start"] == "10:00" {
            let id = a["talk"].as_str().expect("talk");
            assert_eq!(place(&frozen, id), place(&old, id), "{id} is frozen");
        }
    }
}

#[test]
fn the_weighted_mode_sums_changes_into_the_objective() {
    let t = Test::new();
    let p = changed(
        &t,
        "[[speakers]]\nname = \"조수현\"\nunavailable = [\"10:00\"]\n\n[replan]\nweight = 2\n",
    );
    let (tt, stderr) = replan(&t, &p, &[]);
    assert_eq!(tt["change_cost"], 60);
    assert_eq!(tt["objective"], 791 + 2 * 60);
    assert!(stderr.contains("change cost 60"), "{stderr}");
}

/// The fewest changes of a generated 40-talk problem whose baseline is its
/// planted timetable with `pushed` talks put in other talks' places, by
/// the given stages (`None`: no timetable). Every objective weight is 0,
/// so only the change cost is at stake.
fn fewest_changes_of_generated(
    seed: u64,
    pushed: usize,
    stages: confsched::search::Stages,
) -> Option<u64> {
    use confsched::generate::{GenParams, generate};
    use confsched::search::{Outcome, SolveOptions, solve};
    use confsched::timetable::{Status, verify};
    let g = generate(&GenParams::new(40, 6, 8, seed)).expect("generates");
    let (head, objective) = g.toml.split_once("[objective]").expect("weights");
    let zeroed: String = objective
        .lines()
        .map(|l| match l.split_once(" = ") {
            Some((k, v)) if v.parse::<u64>().is_ok() => format!("{k} = 0\n"),
            _ => format!("{l}\n"),
        })
        .collect();
    let toml = format!("{head}[objective]{zeroed}");
    let p = confsched::problem::parse("generated.toml", &toml).expect("parses");
    let mut old: serde_json::Value = serde_json::from_str(&g.planted_json).expect("json");
    let places = old["assignments"].as_array_mut().expect("assignments");
    for k in 0..pushed {
        let from = places[2 * k + 1].clone();
        for key in ["day", "start", "room", "rooms"] {
            places[2 * k][key] = from[key].clone();
        }
    }
    let p = confsched::problem::baseline::attach(p, "old.json", &old.to_string(), None)
        .expect("baseline");
    let opts = SolveOptions {
        stages,
        no_explanation: true,
        ..SolveOptions::default()
    };
    match solve(&p, &opts).expect("solves") {
        Outcome::Solved(tt, _) => {
            assert!(verify(&p, &tt.placements).is_empty(), "seed {seed}");
            assert_eq!(tt.status, Status::Optimal, "seed {seed}, {stages:?}");
            Some(tt.score.changes)
        }
        Outcome::Infeasible(_) => None,
        Outcome::Stopped(..) => panic!("seed {seed}: stopped without a time limit"),
    }
}

#[test]
fn growing_relaxations_prove_the_fewest_changes_of_generated_replans() {
    use confsched::search::Stages;
    for seed in 1..=3 {
        let by_one_model = fewest_changes_of_generated(seed, 3, Stages::ModelOnly);
        assert!(by_one_model.is_some_and(|c| c > 0), "seed {seed}");
        for stages in [Stages::GrowingChanges, Stages::All] {
            let got = fewest_changes_of_generated(seed, 3, stages);
            assert_eq!(got, by_one_model, "seed {seed}, {stages:?}");
        }
    }
}
