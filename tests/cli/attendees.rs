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

const REPORT_CSV: &str = "attendee,talk\nzoe,keynote\nzoe,bert\nzoe,rl-intro\n\
    amy,keynote\namy,bert\namy,rl-intro\nbob,keynote\n";

#[test]
fn check_shows_derived_audiences_on_request() {
    let t = Test::new();
    t.file("problem.toml", CSV_PROBLEM);
    t.file("favourites.csv", REPORT_CSV);
    let run = t
        .args(["check", "problem.toml", "--show-audiences"])
        .run()
        .code(0);
    // keynote: 3 interested x 0.5 = 1.5, rounded up to 2; bert: 2 x 0.5.
    let lines: Vec<&str> = run.stdout.lines().collect();
    let row = |id: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("no row for {id}:\n{}", run.stdout))
            .split_whitespace()
            .collect::<Vec<_>>()
    };
    assert_eq!(row("keynote")[1..4], ["3", "2", "derived:"]);
    assert_eq!(row("bert")[1..4], ["2", "1", "derived:"]);
    assert_eq!(row("rl-intro")[1..4], ["2", "7", "given"]);
    let plain = Test::new();
    plain.file("problem.toml", CSV_PROBLEM);
    plain.file("favourites.csv", REPORT_CSV);
    let run = plain.args(["check", "problem.toml"]).run().code(0);
    assert!(!run.stdout.contains("derived"), "{}", run.stdout);
}

#[test]
fn solve_reports_who_misses_the_most_and_html_shows_stars() {
    // Three talks in two slots: zoe and amy (who want all three) each
    // miss one; bob misses nothing.
    let t = Test::new();
    t.file("problem.toml", CSV_PROBLEM);
    t.file("favourites.csv", REPORT_CSV);
    let run = t
        .args([
            "solve",
            "problem.toml",
            "-o",
            "out.html",
            "--stars",
            "--report",
            "attendees",
        ])
        .run()
        .code(0)
        .stderr_has("attendee missed 2");
    let table: Vec<&str> = run
        .stderr
        .lines()
        .skip_while(|l| !l.starts_with("attendee "))
        .collect();
    assert_eq!(table.len(), 3, "{}", run.stderr);
    assert!(table[1].starts_with("amy "), "{}", run.stderr);
    assert!(table[2].starts_with("zoe "), "{}", run.stderr);
    assert_eq!(table[1].split_whitespace().nth(2), Some("1"));
    // The clashes: only the slot where two of amy's talks are, with both.
    assert!(!table[1].contains("; "), "{}", run.stderr);
    assert_eq!(table[1].matches(", ").count(), 1, "{}", run.stderr);
    let html = std::fs::read_to_string(t.tmp().join("out.html")).unwrap();
    assert!(html.contains("3 attendees starred this talk"), "{html}");
    assert_eq!(html.matches("2 attendees starred this talk").count(), 2);
    // The timetable it wrote is valid and claims the term.
    let t2 = Test::new();
    t2.file("problem.toml", CSV_PROBLEM);
    t2.file("favourites.csv", REPORT_CSV);
    t2.args(["solve", "problem.toml", "-o", "out.json", "-q"])
        .run()
        .code(0);
    let json = std::fs::read_to_string(t2.tmp().join("out.json")).unwrap();
    assert!(json.contains("\"attendee_missed\": 2"), "{json}");
    let edited = json.replace("\"attendee_missed\": 2", "\"attendee_missed\": 1");
    let t3 = Test::new();
    t3.file("problem.toml", CSV_PROBLEM);
    t3.file("favourites.csv", REPORT_CSV);
    t3.file("out.json", &json);
    t3.file("edited.json", &edited);
    t3.args(["verify", "problem.toml", "out.json"])
        .run()
        .code(0)
        .stdout_has("attendee missed 2");
    let t4 = Test::new();
    t4.file("problem.toml", CSV_PROBLEM);
    t4.file("favourites.csv", REPORT_CSV);
    t4.file("edited.json", &edited);
    t4.args(["verify", "problem.toml", "edited.json"])
        .run()
        .code(1)
        .stdout_has("attendee_missed");
}

#[test]
fn stars_need_interest_and_html() {
    let t = Test::new();
    t.file(
        "problem.toml",
        &format!(
            "[event]\nname = \"t\"\nslot_minutes = 50\n{TWO_SLOTS}{}",
            talks_ab()
        ),
    );
    t.args(["solve", "problem.toml", "-f", "html", "--stars"])
        .run()
        .code(2)
        .stderr_has("`--stars` needs attendees' interest");
    let t = Test::new();
    t.file("problem.toml", CSV_PROBLEM);
    t.file("favourites.csv", REPORT_CSV);
    t.args(["solve", "problem.toml", "-f", "text", "--stars"])
        .run()
        .code(2)
        .stderr_has("only applies to `--format html`");
}

#[test]
fn the_missed_talks_bound_is_valid_and_met_where_the_wishes_outnumber_the_slots() {
    // Three slots, three rooms; a plenary takes one slot alone, so the
    // four other talks the attendees want share two slots: each of the
    // three attendees misses at least 4 - 2 = 2.
    let body = "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\", \"11:00\"]\n\
        [[rooms]]\nid = \"r1\"\ncapacity = 10\n[[rooms]]\nid = \"r2\"\ncapacity = 10\n\
        [[rooms]]\nid = \"r3\"\ncapacity = 10\n\
        [[talks]]\nid = \"k\"\nspeakers = []\naudience = 10\nplenary = true\n";
    let talks: String = ["a", "b", "c", "d"]
        .iter()
        .map(|id| format!("[[talks]]\nid = \"{id}\"\nspeakers = []\naudience = 10\n"))
        .collect();
    let p = problem(&format!(
        "{body}{talks}{}",
        attendees(3, "\"k\", \"a\", \"b\", \"c\", \"d\"")
    ));
    assert_eq!(confsched::search::attendee_lower_bound(&p), 6);
    for tt in solved(&p) {
        assert_eq!(tt.score.attendee_missed, 6);
    }
    // Fewer wishes than slots: no bound beyond 0, and none missed.
    let p = problem(&format!("{body}{talks}{}", attendees(3, "\"a\", \"b\"")));
    assert_eq!(confsched::search::attendee_lower_bound(&p), 0);
    for tt in solved(&p) {
        assert_eq!(tt.score.attendee_missed, 0);
    }
}

#[test]
fn generate_writes_favourites_beside_the_problem_and_solve_reads_them() {
    let t = Test::new();
    t.args([
        "generate",
        "--talks",
        "12",
        "--rooms",
        "3",
        "--slots",
        "5",
        "--attendees",
        "40",
        "-o",
        "conf.toml",
    ])
    .run()
    .code(0);
    let csv = std::fs::read_to_string(t.tmp().join("conf.favourites.csv")).expect("the CSV");
    assert!(csv.starts_with("attendee,talk\n"));
    let toml = std::fs::read_to_string(t.tmp().join("conf.toml")).unwrap();
    assert!(toml.contains("file = \"conf.favourites.csv\""), "{toml}");
    let p = load(&t.tmp().join("conf.toml").to_string_lossy()).expect("loads");
    assert_eq!(
        p.attendees.iter().map(|a| a.count).sum::<u32>(),
        40,
        "every attendee wants something"
    );
    let s = Test::new();
    s.file("conf.toml", &toml);
    s.file("conf.favourites.csv", &csv);
    s.args([
        "solve",
        "conf.toml",
        "-o",
        "out.json",
        "-q",
        "--time-limit",
        "20",
    ])
    .run()
    .code(0);
    let out = std::fs::read_to_string(s.tmp().join("out.json")).unwrap();
    let v = Test::new();
    v.file("conf.toml", &toml);
    v.file("conf.favourites.csv", &csv);
    v.file("out.json", &out);
    v.args(["verify", "conf.toml", "out.json"])
        .run()
        .code(0)
        .stdout_has("valid:");
}
