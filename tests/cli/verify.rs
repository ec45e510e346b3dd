//! `confsched verify` on hand-written timetables.

use crate::support::{Test, problem};

const TINY: &str = r#"
[event]
name = "Tiny"
slot_minutes = 50
[[days]]
date = "2020-01-01"
slots = ["10:00", "11:00", "13:00"]
breaks = [{ name = "Lunch", start = "12:00", end = "13:00" }]
[[rooms]]
id = "A"
capacity = 100
building = "North"
[[rooms]]
id = "B"
capacity = 30
building = "South"
features = ["lab"]
[[walks]]
between = ["North", "South"]
minutes = 15
[[talks]]
id = "keynote"
speakers = ["Kim"]
audience = 90
[[talks]]
id = "lab"
speakers = ["Kim"]
audience = 20
parts = 2
needs = ["lab"]
"#;

fn timetable(assignments: &str) -> String {
    format!("{{ \"event\": \"Tiny\", \"status\": \"feasible\", \"assignments\": [{assignments}] }}")
}

#[test]
fn a_valid_hand_written_timetable_passes() {
    let t = Test::new();
    let p = t.file("p.toml", TINY);
    let tt = t.file(
        "t.json",
        &timetable(
            r#"{"talk": "keynote", "slots": ["13:00"], "room": "A"},
               {"talk": "lab", "day": "2020-01-01", "start": "10:00", "rooms": ["B"]}"#,
        ),
    );
    t.args(["verify"])
        .path(&p)
        .path(&tt)
        .run()
        .code(0)
        .stdout_has("valid: 2 talks");
}

#[test]
fn each_broken_rule_is_named_in_the_inputs_words() {
    let t = Test::new();
    let p = t.file("p.toml", TINY);
    // The lab across lunch, in a room without `lab`; the keynote in a room
    // too small, at the same time as its speaker's lab.
    let tt = t.file(
        "t.json",
        &timetable(
            r#"{"talk": "keynote", "slots": ["11:00"], "room": "B"},
               {"talk": "lab", "slots": ["10:00", "11:00"], "room": "A"}"#,
        ),
    );
    let run = t.args(["verify"]).path(&p).path(&tt).run().code(1);
    run.stdout_has("speaker Kim is in 2 talks at 2020-01-01 11:00")
        .stdout_has("talk `lab` needs `lab` but room `A` does not have it")
        .stdout_has("talk `keynote` expects 90 people but room `B` seats 30");
}

#[test]
fn walking_time_between_buildings_is_checked() {
    let t = Test::new();
    let p = t.file("p.toml", TINY);
    let tt = t.file(
        "t.json",
        &timetable(
            r#"{"talk": "lab", "slots": ["10:00", "11:00"], "room": "B"},
               {"talk": "keynote", "slots": ["13:00"], "room": "A"}"#,
        ),
    );
    // Across lunch: no walking rule.
    t.args(["verify"]).path(&p).path(&tt).run().code(0);
    let tiny2 = TINY
        .replace(
            "\"10:00\", \"11:00\", \"13:00\"",
            "\"10:00\", \"11:00\", \"12:00\"",
        )
        .replace(
            "breaks = [{ name = \"Lunch\", start = \"12:00\", end = \"13:00\" }]",
            "",
        );
    let t = Test::new();
    let p = t.file("p.toml", &tiny2);
    let tt = t.file(
        "t.json",
        &timetable(
            r#"{"talk": "lab", "slots": ["10:00", "11:00"], "room": "B"},
               {"talk": "keynote", "slots": ["12:00"], "room": "A"}"#,
        ),
    );
    t.args(["verify"])
        .path(&p)
        .path(&tt)
        .run()
        .code(1)
        .stdout_has("15 minutes' walk, 10 minutes' changeover");
}

#[test]
fn missing_and_unknown_talks_and_wrong_figures_are_reported() {
    let t = Test::new();
    let p = t.file("p.toml", TINY);
    let tt = t.file(
        "t.json",
        r#"{ "event": "Tiny", "status": "optimal", "objective": 3, "assignments": [
             {"talk": "ghost", "slots": ["10:00"], "room": "A"},
             {"talk": "keynote", "slots": ["13:00"], "room": "Z"} ] }"#,
    );
    t.args(["verify"])
        .path(&p)
        .path(&tt)
        .run()
        .code(1)
        .stdout_has("talk `ghost`, which the problem does not have")
        .stdout_has("room `Z`, which the problem does not have")
        .stdout_has("talk `lab` is not in the timetable");
}

#[test]
fn a_file_that_is_not_a_timetable_is_exit_2() {
    let t = Test::new();
    let tt = t.file("t.json", "not json");
    t.args(["verify"])
        .path(&problem("dlcat-2019.toml"))
        .path(&tt)
        .run()
        .code(2)
        .stderr_has("not a timetable file");
}

/// Fields copied from the problem that disagree with it are warnings at
/// their position in the file (the exit code stays that of the rules); a
/// talk in an unknown room is one violation, not also "not in the
/// timetable"; the file's own figures are compared only when every talk
/// is there.
#[test]
fn a_timetable_file_is_read_as_carefully_as_a_problem() {
    let t = Test::new();
    let p = t.file("p.toml", TINY);
    let tt = t.file(
        "t.json",
        r#"{ "event": "Other", "status": "great", "objective": 999, "assignments": [
             {"talk": "keynote", "title": "Changed", "slots": ["13:00"], "start": "13:30",
              "audience": 5, "room": "A"},
             {"talk": "lab", "slots": ["10:00", "11:00"], "room": "B"} ] }"#,
    );
    let run = t.args(["verify"]).path(&p).path(&tt).run().code(1);
    for warning in [
        "t.json:1:3: warning: `event` is `Other`, but the problem's event is `Tiny`",
        "warning: `status` is `great`, neither `optimal` nor `feasible`",
        "warning: talk `keynote`: `title` is `Changed` here but `keynote` in the problem",
        "warning: talk `keynote`: `start` is `13:30` here but `13:00` in the problem",
        "warning: talk `keynote`: `audience` is `5` here but `90` in the problem",
    ] {
        let short = Test::new()
            .args(["verify", "--diagnostic-format", "short"])
            .path(&p)
            .path(&tt)
            .run();
        assert!(
            short.stderr.contains(warning),
            "{warning}\n{}",
            short.stderr
        );
    }
    // Only the figures are wrong: one violation.
    assert!(
        run.stdout.contains("the file says `objective` is 999"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("invalid: 1 violation"),
        "{}",
        run.stdout
    );

    let t = Test::new();
    let p = t.file("p.toml", TINY);
    let tt = t.file(
        "t.json",
        &timetable(
            r#"{"talk": "keynote", "slots": ["13:00"], "room": "Z"},
               {"talk": "lab", "slots": ["10:00", "11:00"], "room": "B"}"#,
        )
        .replace("\"feasible\"", "\"feasible\", \"objective\": 1"),
    );
    let run = t.args(["verify"]).path(&p).path(&tt).run().code(1);
    assert!(
        run.stdout
            .contains("room `Z`, which the problem does not have")
    );
    assert!(
        !run.stdout.contains("not in the timetable"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("the file says"), "{}", run.stdout);
    assert!(
        run.stdout.contains("invalid: 1 violation"),
        "{}",
        run.stdout
    );
}

/// A talk that may not overflow is in one room only; and violations are
/// listed by rule (1 before 2 ...), then alphabetically.
#[test]
fn only_overflow_talks_take_several_rooms_and_violations_come_in_rule_order() {
    let t = Test::new();
    let p = t.file("p.toml", TINY);
    let tt = t.file(
        "t.json",
        &timetable(r#"{"talk": "keynote", "slots": ["13:00"], "rooms": ["A", "B"]}"#),
    );
    let run = t.args(["verify"]).path(&p).path(&tt).run().code(1);
    assert!(
        run.stdout
            .contains("talk `keynote` is in 2 rooms but is not an overflow talk"),
        "{}",
        run.stdout
    );
    // Rule 1 ("talk `lab` is not in the timetable") comes before rule 4,
    // although "talk `k..." sorts before "talk `l...".
    let lines: Vec<&str> = run.stdout.lines().collect();
    let at = |needle: &str| lines.iter().position(|l| l.contains(needle)).unwrap();
    assert!(
        at("is not in the timetable") < at("is not an overflow talk"),
        "{}",
        run.stdout
    );
}

/// Found by fuzzing the timetable files: a `room` beside an empty `rooms`
/// placed the talk in no room at all, and scoring its track's rooms
/// panicked. It is a violation like any other `room` that is not the
/// first of its `rooms`.
#[test]
fn a_room_beside_an_empty_rooms_list_is_a_violation() {
    let tracked = TINY.replace("id = \"keynote\"", "id = \"keynote\"\ntrack = \"main\"")
        + "[[tracks]]\nid = \"main\"\nrooms = [\"A\"]\n";
    // `verify` of the keynote's `assignment` (the lab in its place) names
    // `violation`.
    let names = |assignment: &str, violation: &str| {
        let t = Test::new();
        let p = t.file("p.toml", &tracked);
        let lab = r#"{"talk": "lab", "slots": ["10:00", "11:00"], "room": "B"}"#;
        let tt = t.file("t.json", &timetable(&format!("{assignment}, {lab}")));
        t.args(["verify"])
            .path(&p)
            .path(&tt)
            .run()
            .code(1)
            .stdout_has(violation);
    };
    names(
        r#"{"talk": "keynote", "slots": ["13:00"], "room": "A", "rooms": []}"#,
        "talk `keynote` has a `room` that is not the first of its `rooms`",
    );
    // An empty `rooms` and no `room`: no room at all.
    names(
        r#"{"talk": "keynote", "slots": ["13:00"], "rooms": []}"#,
        "talk `keynote` has no `room`",
    );
}
