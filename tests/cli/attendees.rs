//! Attendees' interest (issue 13): `[[attendees]]`, the favourites CSV,
//! audiences derived from interest, and the `attendee_missed` term.
//!
//! Expected figures are computed here from the input, never copied from a
//! solver run; every timetable goes through `verify`.

use std::collections::BTreeMap;

use confsched::problem::{Problem, load, parse};
use confsched::timetable::{Timetable, score};

use crate::families::{problem, slots_of, solved, talk};
use crate::support::Test;

const TWO_SLOTS: &str = "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n\
    [[rooms]]\nid = \"r1\"\ncapacity = 50\n[[rooms]]\nid = \"r2\"\ncapacity = 50\n";

/// Four talks that fill two rooms in two slots; `a` and `b` both prefer
/// 09:00 (a preference unit costs 50).
fn talks_ab() -> String {
    let mut s = String::new();
    for (id, rest) in [
        ("a", "prefer = [\"09:00\"]"),
        ("b", "prefer = [\"09:00\"]"),
        ("c", ""),
        ("d", ""),
    ] {
        s += &format!("[[talks]]\nid = \"{id}\"\nspeakers = []\naudience = 50\n{rest}\n");
    }
    s
}

fn attendees(n: usize, wants: &str) -> String {
    (0..n)
        .map(|i| format!("[[attendees]]\nid = \"p{i}\"\nwants = [{wants}]\n"))
        .collect()
}

/// The missed talks by the definition, attendee by attendee from the wish
/// lists as written (no merging): per attendee and slot, wanted talks
/// there beyond the first.
fn missed_by_definition(p: &Problem, tt: &Timetable, lists: &[Vec<&str>]) -> u64 {
    let mut total = 0;
    for list in lists {
        let mut per_slot: BTreeMap<usize, u64> = BTreeMap::new();
        for id in list {
            let x = tt.placement(talk(p, id)).expect("placed");
            for s in slots_of(p, x) {
                *per_slot.entry(s).or_default() += 1;
            }
        }
        total += per_slot.values().map(|n| n.saturating_sub(1)).sum::<u64>();
    }
    total
}

fn same_slot(p: &Problem, tt: &Timetable, a: &str, b: &str) -> bool {
    let (x, y) = (
        tt.placement(talk(p, a)).expect("placed"),
        tt.placement(talk(p, b)).expect("placed"),
    );
    x.start == y.start
}

#[test]
fn enough_attendees_who_want_two_talks_pull_them_apart() {
    // Without attendees, a and b share 09:00 (both preferences met).
    let alone = problem(&format!("{TWO_SLOTS}{}", talks_ab()));
    for tt in solved(&alone) {
        assert!(same_slot(&alone, &tt, "a", "b"));
        assert_eq!(tt.score.objective, 0);
    }
    // Five attendees who want both: missing costs 5 x 10 = 50, the same as
    // one unmet preference, so the optimum is 50 either way.
    let five = problem(&format!(
        "{TWO_SLOTS}{}{}",
        talks_ab(),
        attendees(5, "\"a\", \"b\"")
    ));
    for tt in solved(&five) {
        assert_eq!(tt.score.objective, 50);
    }
    // Six: apart is cheaper (one unmet preference, 50 < 60).
    let six = problem(&format!(
        "{TWO_SLOTS}{}{}",
        talks_ab(),
        attendees(6, "\"a\", \"b\"")
    ));
    assert_eq!(six.attendees.len(), 1, "identical lists are merged");
    assert_eq!(six.attendees[0].count, 6);
    for tt in solved(&six) {
        assert!(!same_slot(&six, &tt, "a", "b"));
        assert_eq!(tt.score.attendee_missed, 0);
        assert_eq!(tt.score.preferences, 1);
        assert_eq!(tt.score.objective, 50);
    }
    // With the weight off, attendees change nothing.
    let off = problem(&format!(
        "{TWO_SLOTS}{}{}[objective]\nattendee_missed = 0\n",
        talks_ab(),
        attendees(6, "\"a\", \"b\"")
    ));
    for tt in solved(&off) {
        assert!(same_slot(&off, &tt, "a", "b"));
        assert_eq!(tt.score.attendee_missed, 6);
        assert_eq!(tt.score.objective, 0);
    }
}

#[test]
fn merged_wish_lists_score_as_the_attendees_one_by_one() {
    let lists: Vec<Vec<&str>> = vec![
        vec!["a", "b", "c"],
        vec!["a", "b", "c"],
        vec!["c", "a", "b"],
        vec!["a", "d"],
        vec!["b", "c"],
        vec!["d"],
        vec![],
    ];
    let body: String = lists
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let wants: Vec<String> = l.iter().map(|t| format!("\"{t}\"")).collect();
            format!(
                "[[attendees]]\nid = \"p{i}\"\nwants = [{}]\n",
                wants.join(", ")
            )
        })
        .collect();
    let p = problem(&format!(
        "{TWO_SLOTS}{}{body}[objective]\nattendee_missed = 1\npreferences = 0\n",
        talks_ab()
    ));
    // Three lists are one set of talks; they merge.
    assert!(p.attendees.iter().any(|g| g.count == 3));
    for tt in solved(&p) {
        assert_eq!(
            tt.score.attendee_missed,
            missed_by_definition(&p, &tt, &lists)
        );
        // Every placement of four talks in two slots makes the three-talk
        // lists miss one each.
        assert!(tt.score.attendee_missed >= 3);
    }
    // Every timetable, not only optimal ones: each of the placements
    // a..d into (slot, room) that keep the rules.
    let ids = ["a", "b", "c", "d"];
    for mask in 0u32..16 {
        let slots: Vec<usize> = (0..4).map(|i| ((mask >> i) & 1) as usize).collect();
        if (0..2).any(|s| slots.iter().filter(|&&x| x == s).count() != 2) {
            continue;
        }
        let mut used = [0usize; 2];
        let placements: Vec<confsched::timetable::Placement> = ids
            .iter()
            .zip(&slots)
            .map(|(id, &s)| {
                used[s] += 1;
                confsched::timetable::Placement {
                    talk: talk(&p, id),
                    start: confsched::problem::SlotId::at(s),
                    rooms: vec![confsched::problem::RoomId::at(used[s] - 1)],
                }
            })
            .collect();
        assert!(confsched::timetable::verify(&p, &placements).is_empty());
        let tt = Timetable {
            placements: placements.clone(),
            score: score(&p, &placements),
            status: confsched::timetable::Status::Feasible,
        };
        assert_eq!(
            tt.score.attendee_missed,
            missed_by_definition(&p, &tt, &lists)
        );
    }
}

const CSV_PROBLEM: &str = "[event]\nname = \"t\"\nslot_minutes = 50\n\
    [[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n\
    [[rooms]]\nid = \"r1\"\ncapacity = 50\n[[rooms]]\nid = \"r2\"\ncapacity = 50\n\
    [interest]\nfile = \"favourites.csv\"\nturnout = 0.5\n\
    [[talks]]\nid = \"keynote\"\nspeakers = []\n\
    [[talks]]\nid = \"rl-intro\"\nspeakers = []\naudience = 7\n\
    [[talks]]\nid = \"bert\"\nspeakers = []\n";

#[test]
fn a_favourites_csv_with_a_header_and_a_byte_order_mark_gives_wishes_and_audiences() {
    let t = Test::new();
    let path = t.file("problem.toml", CSV_PROBLEM);
    for csv in [
        "attendee,talk\na1,keynote\na1,bert\na2,keynote\na3,keynote\na3,keynote\n",
        "\u{feff}Attendee , Talk\r\na1,keynote\r\n\r\na1,\"bert\"\r\na2,keynote\na3,keynote\n",
        "a1,keynote\na1,bert\na2,keynote\na3,keynote",
    ] {
        t.file("favourites.csv", csv);
        let p = load(&path.to_string_lossy()).unwrap_or_else(|e| panic!("{e}\n{csv}"));
        let k = talk(&p, "keynote");
        let b = talk(&p, "bert");
        assert_eq!(p.talk(k).interested, 3, "{csv}");
        // ceil(3 x 0.5) = 2; ceil(1 x 0.5) = 1; a given audience stays.
        assert_eq!(p.talk(k).audience, 2);
        assert!(p.talk(k).audience_derived);
        assert_eq!(p.talk(b).audience, 1);
        assert_eq!(p.talk(talk(&p, "rl-intro")).audience, 7);
        assert!(!p.talk(talk(&p, "rl-intro")).audience_derived);
        // a1 wants two talks; a2 and a3 one each (merged).
        assert_eq!(p.attendees.len(), 2);
        assert_eq!(p.attendees.iter().map(|g| g.count).sum::<u32>(), 3);
    }
    // The file is unchanged by reading it.
    let text = std::fs::read_to_string(t.tmp().join("favourites.csv")).unwrap();
    assert_eq!(text, "a1,keynote\na1,bert\na2,keynote\na3,keynote");
}

#[test]
fn unknown_talks_in_the_csv_are_errors_at_their_line_and_column() {
    let t = Test::new();
    t.file("problem.toml", CSV_PROBLEM);
    t.file(
        "favourites.csv",
        "attendee,talk\na1,keynote\na2,bret\na3\n,bert\n",
    );
    let run = t.args(["check", "problem.toml"]).run().code(2);
    let run = run
        .stderr_has("error: there is no talk `bret`")
        .stderr_has("favourites.csv:3:4")
        .stderr_has("did you mean `bert`?")
        .stderr_has("a row needs two cells")
        .stderr_has("favourites.csv:4:1")
        .stderr_has("the attendee cell is empty")
        .stderr_has("favourites.csv:5:1");
    assert!(!run.stderr.contains("problem.toml:"), "{}", run.stderr);
}

#[test]
fn a_missing_favourites_file_is_an_error_at_its_name() {
    let t = Test::new();
    t.file("problem.toml", CSV_PROBLEM);
    t.args(["check", "problem.toml"])
        .run()
        .code(2)
        .stderr_has("cannot read the favourites file")
        .stderr_has("no such file")
        .stderr_has("problem.toml:");
}

#[test]
fn a_problem_given_as_text_does_not_read_its_favourites() {
    let e = parse("t.toml", CSV_PROBLEM).expect_err("the file is not read");
    let text = e.render(confsched::problem::DiagnosticFormat::Short);
    assert!(text.contains("is not read here"), "{text}");
    // Without interest data, a talk still needs its audience.
    let without = CSV_PROBLEM.replace("[interest]\nfile = \"favourites.csv\"\nturnout = 0.5\n", "");
    let e = parse("t.toml", &without).expect_err("audience is required");
    let text = e.render(confsched::problem::DiagnosticFormat::Short);
    assert!(text.contains("audience"), "{text}");
}

#[test]
fn attendees_in_the_problem_derive_audiences_and_reject_unknown_talks() {
    let p = problem(&format!(
        "{TWO_SLOTS}[[talks]]\nid = \"a\"\nspeakers = []\n\
         [[talks]]\nid = \"b\"\nspeakers = []\naudience = 3\n{}",
        attendees(4, "\"a\", \"b\"")
    ));
    assert_eq!(p.talk(talk(&p, "a")).audience, 4);
    assert_eq!(p.talk(talk(&p, "b")).audience, 3);
    let src = format!(
        "[event]\nname = \"t\"\n{TWO_SLOTS}[[talks]]\nid = \"a\"\nspeakers = []\n{}",
        attendees(1, "\"a\", \"z\"")
    );
    let e = parse("t.toml", &src).expect_err("no talk z");
    let text = e.render(confsched::problem::DiagnosticFormat::Short);
    assert!(text.contains("there is no talk `z`"), "{text}");
}
