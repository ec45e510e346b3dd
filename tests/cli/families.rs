//! One test per constraint family of the model (`src/model/`).
//!
//! Each test builds a tiny problem in which the family's rule is what
//! decides the answer, and solves it four ways: the integer program alone
//! ([`Stages::ModelOnly`], so the family itself decides) and the default
//! stages, each with the class model and the per-room model. Every
//! timetable is checked with the independent `verify`, and the test
//! asserts the rule's visible effect. Expected figures are computed in
//! the test from the input (by construction or by enumeration), never
//! copied from a solver run.

use std::ops::ControlFlow;

use confsched::analysis::Scope;
use confsched::backend::{self, Answer, Backend, Request};
use confsched::model::{Model, ModelOptions, assign_rooms, room_classes};
use confsched::problem::{Problem, RoomId, SlotId, TalkId, parse};
use confsched::search::{Outcome, SolveOptions, Stages, solve};
use confsched::timetable::{Placement, Timetable, verify};

const HEAD: &str = "[event]\nname = \"t\"\nslot_minutes = 50\n";

pub(crate) fn problem(body: &str) -> Problem {
    let src = format!("{HEAD}{body}");
    parse("t.toml", &src).unwrap_or_else(|e| panic!("{e}\n{src}"))
}

/// The four ways: (stages, per-room model).
const WAYS: [(Stages, bool); 4] = [
    (Stages::ModelOnly, false),
    (Stages::ModelOnly, true),
    (Stages::All, false),
    (Stages::All, true),
];

fn outcome(p: &Problem, (stages, per_room): (Stages, bool)) -> Outcome {
    solve(
        p,
        &SolveOptions {
            time_limit: None,
            per_room,
            stages,
            ..SolveOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("solver error: {e}"))
}

/// Solves all four ways; each must give a proven-optimal timetable that
/// passes `verify`, all with the same objective.
pub(crate) fn solved(p: &Problem) -> Vec<Timetable> {
    let mut out: Vec<Timetable> = Vec::new();
    for way in WAYS {
        match outcome(p, way) {
            Outcome::Solved(tt, _) => {
                let v = verify(p, &tt.placements);
                assert!(v.is_empty(), "{way:?}: {v:?}");
                assert_eq!(tt.status, confsched::timetable::Status::Optimal, "{way:?}");
                assert_eq!(tt.score, confsched::timetable::score(p, &tt.placements));
                out.push(tt);
            }
            other => panic!("{way:?}: expected a timetable, got {other:?}"),
        }
    }
    let objectives: Vec<u64> = out.iter().map(|t| t.score.objective).collect();
    assert!(
        objectives.windows(2).all(|w| w[0] == w[1]),
        "the four ways disagree: {objectives:?}"
    );
    out
}

pub(crate) fn infeasible(p: &Problem) {
    for way in WAYS {
        match outcome(p, way) {
            Outcome::Infeasible(reasons) => assert!(!reasons.is_empty(), "{way:?}"),
            other => panic!("{way:?}: expected infeasible, got {other:?}"),
        }
    }
}

pub(crate) fn talk(p: &Problem, id: &str) -> TalkId {
    TalkId::at(p.talks.iter().position(|t| t.id == id).expect(id))
}

pub(crate) fn room(p: &Problem, id: &str) -> RoomId {
    RoomId::at(p.rooms.iter().position(|r| r.id == id).expect(id))
}

pub(crate) fn at<'a>(p: &Problem, tt: &'a Timetable, id: &str) -> &'a Placement {
    tt.placement(talk(p, id)).expect("placed")
}

/// Slots a placement occupies, computed here from its start and parts.
pub(crate) fn slots_of(p: &Problem, x: &Placement) -> Vec<usize> {
    let n = p.talk(x.talk).parts as usize;
    (x.start.index()..x.start.index() + n).collect()
}

/// Same-track unordered pairs per slot, summed (the spec's definition).
fn clashes_by_definition(p: &Problem, tt: &Timetable) -> u64 {
    let mut n = 0;
    for (i, a) in tt.placements.iter().enumerate() {
        for b in &tt.placements[i + 1..] {
            let (ta, tb) = (p.talk(a.talk).track, p.talk(b.talk).track);
            if ta.is_some() && ta == tb {
                let sb = slots_of(p, b);
                n += slots_of(p, a).iter().filter(|s| sb.contains(s)).count() as u64;
            }
        }
    }
    n
}

/// Rooms `R0`, `R1`, ... with these capacities, in order.
fn rooms_seating(caps: &[u32]) -> String {
    caps.iter()
        .enumerate()
        .map(|(i, c)| format!("[[rooms]]\nid = \"R{i}\"\ncapacity = {c}\n"))
        .collect()
}

pub(crate) fn talks(spec: &[(&str, &str)]) -> String {
    spec.iter()
        .map(|(id, rest)| format!("[[talks]]\nid = \"{id}\"\n{rest}\n"))
        .collect()
}

const ONE_DAY_3: &str =
    "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\", \"11:00\"]\n";

#[test]
fn each_talk_once_places_every_talk_exactly_once() {
    // Leaving talks out would cost nothing: only the rule places them.
    let body = format!(
        "{ONE_DAY_3}[[rooms]]\nid = \"A\"\ncapacity = 30\n[[rooms]]\nid = \"B\"\ncapacity = 30\n{}",
        talks(&[
            ("a", "audience = 10"),
            ("b", "audience = 20\nparts = 2"),
            ("c", "audience = 30"),
            ("d", "audience = 5"),
        ])
    );
    let p = problem(&body);
    for tt in solved(&p) {
        for t in p.talk_ids() {
            let n = tt.placements.iter().filter(|x| x.talk == t).count();
            assert_eq!(n, 1, "talk {}", p.talk(t).id);
        }
        // Empty seats by construction: every talk sits in a 30-seat room.
        let expected: u64 = p
            .talks
            .iter()
            .map(|t| u64::from(30 - t.audience) * u64::from(t.parts))
            .sum();
        assert_eq!(tt.score.empty_seats, expected);
    }
    // Seven room-slots are needed for six: no timetable.
    let more = format!(
        "{body}{}",
        talks(&[("e", "audience = 1"), ("f", "audience = 1")])
    );
    infeasible(&problem(&more));
}

#[test]
fn a_room_holds_one_talk_per_slot_and_none_when_unavailable() {
    // Both talks would rather sit in the snug room S in the one slot.
    let body = format!(
        "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\"]\n\
         [[rooms]]\nid = \"S\"\ncapacity = 10\n[[rooms]]\nid = \"L\"\ncapacity = 100\n{}",
        talks(&[("a", "audience = 10"), ("b", "audience = 10")])
    );
    let p = problem(&body);
    for tt in solved(&p) {
        let mut used = std::collections::BTreeSet::new();
        for x in &tt.placements {
            for s in slots_of(&p, x) {
                for &r in &x.rooms {
                    assert!(used.insert((r, s)), "room {r:?} twice at slot {s}");
                }
            }
        }
        assert_eq!(tt.score.empty_seats, 90);
    }
    // Two slots, S unavailable in the first: S holds at most one talk.
    let body = format!(
        "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n\
         [[rooms]]\nid = \"S\"\ncapacity = 10\nunavailable = [\"09:00\"]\n\
         [[rooms]]\nid = \"L\"\ncapacity = 100\n{}",
        talks(&[("a", "audience = 10"), ("b", "audience = 10")])
    );
    let p = problem(&body);
    let s = room(&p, "S");
    for tt in solved(&p) {
        let in_s: Vec<&Placement> = tt.placements.iter().filter(|x| x.rooms[0] == s).collect();
        assert_eq!(in_s.len(), 1);
        assert_eq!(in_s[0].start, SlotId::at(1));
        assert_eq!(tt.score.empty_seats, 90);
    }
    // Three talks, one room, two slots: no timetable.
    let body = format!(
        "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n\
         [[rooms]]\nid = \"A\"\ncapacity = 10\n{}",
        talks(&[
            ("a", "audience = 1"),
            ("b", "audience = 1"),
            ("c", "audience = 1")
        ])
    );
    infeasible(&problem(&body));
}

#[test]
fn identical_rooms_each_hold_one_talk_per_slot() {
    // A class of three identical rooms: three talks fit in one slot, a
    // two-part talk blocks one of them for both slots.
    let body = format!(
        "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n\
         [[rooms]]\nid = \"A\"\ncapacity = 10\n[[rooms]]\nid = \"B\"\ncapacity = 10\n\
         [[rooms]]\nid = \"C\"\ncapacity = 10\n{}",
        talks(&[
            ("w", "audience = 10\nparts = 2"),
            ("a", "audience = 10"),
            ("b", "audience = 10"),
            ("c", "audience = 10"),
            ("d", "audience = 10"),
        ])
    );
    let p = problem(&body);
    assert_eq!(room_classes(&p, false).len(), 1);
    solved(&p);
    let more = format!("{body}{}", talks(&[("e", "audience = 1")]));
    infeasible(&problem(&more));
}

#[test]
fn a_speaker_is_never_in_two_talks_at_once() {
    // Kim gives a two-part workshop and two talks; three slots, three rooms.
    let body = format!(
        "{ONE_DAY_3}[[rooms]]\nid = \"A\"\ncapacity = 10\n[[rooms]]\nid = \"B\"\ncapacity = 10\n\
         [[rooms]]\nid = \"C\"\ncapacity = 10\n{}",
        talks(&[
            ("w", "audience = 10\nparts = 2\nspeakers = [\"Kim\"]"),
            ("a", "audience = 10\nspeakers = [\"Kim\", \"Lee\"]"),
            ("b", "audience = 10\nspeakers = [\"Lee\"]"),
            ("c", "audience = 10\nspeakers = [\"Lee\"]"),
        ])
    );
    let p = problem(&body);
    for tt in solved(&p) {
        for sp in &p.speakers {
            let mine: Vec<&Placement> = tt
                .placements
                .iter()
                .filter(|x| sp.talks.contains(&x.talk))
                .collect();
            for (i, x) in mine.iter().enumerate() {
                for y in &mine[i + 1..] {
                    let sy = slots_of(&p, y);
                    assert!(
                        slots_of(&p, x).iter().all(|s| !sy.contains(s)),
                        "{} is in two talks at once",
                        sp.name
                    );
                }
            }
        }
        // Kim's workshop takes two of three slots, so `a` is in the third,
        // and Lee's three talks then take one slot each.
        let w = at(&p, &tt, "w");
        let a = at(&p, &tt, "a");
        assert!(!slots_of(&p, w).contains(&a.start.index()));
    }
    // Lee with four one-slot talks in three slots: no timetable.
    let more = format!(
        "{body}{}",
        talks(&[("d", "audience = 10\nspeakers = [\"Lee\"]")])
    );
    infeasible(&problem(&more));
}

/// Rooms A (building X, feature x) and B (building Y, feature y); talk a
/// must be in A, b in B; both given by Kim.
fn walking(slots: &str, breaks: &str, minutes: u32) -> String {
    format!(
        "[[days]]\ndate = \"2020-01-01\"\nslots = [{slots}]\n{breaks}\
         [[rooms]]\nid = \"A\"\ncapacity = 10\nbuilding = \"X\"\nfeatures = [\"x\"]\n\
         [[rooms]]\nid = \"B\"\ncapacity = 10\nbuilding = \"Y\"\nfeatures = [\"y\"]\n\
         [[walks]]\nbetween = [\"X\", \"Y\"]\nminutes = {minutes}\n{}",
        talks(&[
            ("a", "audience = 10\nspeakers = [\"Kim\"]\nneeds = [\"x\"]"),
            ("b", "audience = 10\nspeakers = [\"Kim\"]\nneeds = [\"y\"]"),
        ])
    )
}

#[test]
fn a_speaker_has_time_to_walk_between_buildings() {
    // Changeover 10 minutes (slots hourly, 50 minutes long).
    // Two consecutive slots, a 20-minute walk: impossible.
    infeasible(&problem(&walking("\"09:00\", \"10:00\"", "", 20)));
    // A 10-minute walk fits the changeover.
    solved(&problem(&walking("\"09:00\", \"10:00\"", "", 10)));
    // A 70-minute changeover (11:00 -> 13:00, no break) fits 20 minutes.
    solved(&problem(&walking("\"11:00\", \"13:00\"", "", 20)));
    // 11:00 -> 13:00 with a 100-minute walk: too far, unless a break
    // intervenes (no walking rule across a break).
    infeasible(&problem(&walking("\"11:00\", \"13:00\"", "", 100)));
    let lunch = "breaks = [{ name = \"Lunch\", start = \"12:00\", end = \"13:00\" }]\n";
    solved(&problem(&walking("\"11:00\", \"13:00\"", lunch, 100)));
    // Three slots and a 20-minute walk: a and b are never neighbours.
    let p = problem(&walking("\"09:00\", \"10:00\", \"11:00\"", "", 20));
    for tt in solved(&p) {
        let (a, b) = (at(&p, &tt, "a"), at(&p, &tt, "b"));
        assert_eq!(a.rooms[0], room(&p, "A"));
        assert_eq!(b.rooms[0], room(&p, "B"));
        assert!(a.start.index().abs_diff(b.start.index()) >= 2);
    }
}

#[test]
fn a_room_without_building_is_near_everything() {
    // Kim's talks: a needs x (room A in X, 10 seats); b (11 people) fits
    // B (in Y, far; snuggest) or N (no building, one seat more). Two
    // consecutive slots only: b must avoid B, so it goes to N.
    let body = format!(
        "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n\
         [[rooms]]\nid = \"A\"\ncapacity = 10\nbuilding = \"X\"\nfeatures = [\"x\"]\n\
         [[rooms]]\nid = \"B\"\ncapacity = 11\nbuilding = \"Y\"\n\
         [[rooms]]\nid = \"N\"\ncapacity = 12\n\
         [[walks]]\nbetween = [\"X\", \"Y\"]\nminutes = 30\n{}",
        talks(&[
            ("a", "audience = 10\nspeakers = [\"Kim\"]\nneeds = [\"x\"]"),
            ("b", "audience = 11\nspeakers = [\"Kim\"]"),
        ])
    );
    let p = problem(&body);
    for tt in solved(&p) {
        let (a, b) = (at(&p, &tt, "a"), at(&p, &tt, "b"));
        assert_eq!(a.rooms[0], room(&p, "A"));
        assert_eq!(b.rooms[0], room(&p, "N"));
        assert_eq!(a.start.index().abs_diff(b.start.index()), 1);
        assert_eq!(tt.score.empty_seats, 1);
    }
}

/// The fewest seats of any set of rooms that seats `audience`, by
/// enumeration of every subset.
fn fewest_seats(caps: &[u32], audience: u32) -> u32 {
    (1u32..1 << caps.len())
        .map(|m| {
            (0..caps.len())
                .filter(|i| m >> i & 1 == 1)
                .map(|i| caps[i])
                .sum::<u32>()
        })
        .filter(|&s| s >= audience)
        .min()
        .expect("some subset seats the audience")
}

#[test]
fn an_overflow_talk_gets_extra_rooms_whose_seats_add_up() {
    let caps = [100, 100, 80, 30, 30];
    let rooms = rooms_seating(&caps);
    for (audience, parts) in [(250u32, 1u32), (250, 2), (150, 1), (60, 2), (330, 1)] {
        let body = format!(
            "{ONE_DAY_3}{rooms}{}",
            talks(&[(
                "big",
                &format!("audience = {audience}\nparts = {parts}\noverflow = true")
            )])
        );
        let p = problem(&body);
        let best = fewest_seats(&caps, audience);
        for tt in solved(&p) {
            let x = &tt.placements[0];
            let seats: u32 = x.rooms.iter().map(|&r| p.room(r).capacity).sum();
            assert!(seats >= audience);
            assert_eq!(seats, best, "audience {audience}: rooms {:?}", x.rooms);
            assert_eq!(
                tt.score.empty_seats,
                u64::from(best - audience) * u64::from(parts)
            );
            // The main room is the largest of them.
            let most = x.rooms.iter().map(|&r| p.room(r).capacity).max();
            assert_eq!(Some(p.room(x.rooms[0]).capacity), most);
        }
    }
    // More people than all rooms together: no timetable.
    let body = format!(
        "{ONE_DAY_3}{rooms}{}",
        talks(&[("big", "audience = 341\noverflow = true")])
    );
    infeasible(&problem(&body));
}

/// With more minimal room sets than the model enumerates
/// (`tuning::MAX_ROOM_SETS`), an overflow talk's extra rooms are integer
/// counts per class: the seats must still add up, and the empty seats of
/// the rooms counted must still be charged.
#[test]
fn an_overflow_talk_with_too_many_room_sets_still_gets_its_seats() {
    let (caps, rooms) = many_room_sets();
    for (audience, parts) in [(300u32, 1u32), (300, 2), (516, 1)] {
        let body = format!(
            "{ONE_DAY_3}{rooms}{}",
            talks(&[
                (
                    "big",
                    &format!("audience = {audience}\nparts = {parts}\noverflow = true")
                ),
                // Another talk wants the smallest room: the extra rooms
                // must leave it free in its slot.
                ("small", "audience = 14\nonly = [\"09:00\"]"),
            ])
        );
        let p = problem(&body);
        let best = fewest_seats(&caps, audience);
        for tt in solved(&p) {
            let x = tt.placement(talk(&p, "big")).expect("placed");
            let seats: u32 = x.rooms.iter().map(|&r| p.room(r).capacity).sum();
            assert_eq!(seats, best, "audience {audience}: rooms {:?}", x.rooms);
            assert_eq!(
                tt.score.empty_seats,
                u64::from(best - audience) * u64::from(parts),
                "audience {audience}"
            );
        }
    }
}

/// Fourteen rooms of distinct sizes, each its own class: about a thousand
/// minimal sets reach an audience of 300, more than the model enumerates.
fn many_room_sets() -> ([u32; 14], String) {
    let caps = [14, 18, 20, 24, 30, 32, 38, 42, 44, 48, 54, 60, 62, 68];
    (caps, rooms_seating(&caps))
}

/// Whether `m`, with `more` rows added, has a solution.
fn solvable(m: &mut Model<'_>, more: Vec<good_lp::Constraint>) -> bool {
    optimum(m, more).is_some()
}

/// The optimum of `m` with `more` rows added (proven), or `None` when it
/// has no solution.
pub(crate) fn optimum(m: &mut Model<'_>, more: Vec<good_lp::Constraint>) -> Option<f64> {
    let mut constraints = std::mem::take(&mut m.constraints);
    constraints.extend(more);
    let req = Request {
        vars: std::mem::take(&mut m.vars),
        objective: std::mem::replace(&mut m.objective, 0.0.into()),
        constraints,
        ..Request::default()
    };
    match backend::solve(Backend::Microlp, req, &mut |_| ControlFlow::Continue(())) {
        Ok(Answer::Solved {
            objective,
            stop: backend::Stop::Optimal,
            ..
        }) => Some(objective),
        Ok(Answer::Infeasible) => None,
        _ => panic!("the model answers"),
    }
}

/// In the count fallback an overflow talk's extra rooms are counted per
/// class and start: a count at a start where the talk is not given must
/// stay 0 (else those rooms are taken, and read back, for a talk that is
/// not there). Checked on the model itself: the search never asks for
/// such a count, which only costs seats.
#[test]
fn counted_extra_rooms_come_only_where_the_talk_is_given() {
    let (_, rooms) = many_room_sets();
    let body = format!(
        "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n{rooms}{}",
        talks(&[("big", "audience = 300\noverflow = true")])
    );
    let p = problem(&body);
    let doms = confsched::analysis::domains(&p);
    let given_at = |m: &Model<'_>, s: usize| {
        let mut e = good_lp::Expression::from(0.0);
        for v in m.places.iter().filter(|v| v.start.index() == s) {
            e.add_mul(1.0, v.var);
        }
        e
    };
    // The talk at 09:00 and the largest room as an extra room there:
    // possible. The same extra room at 10:00 instead: not.
    for (extra_at, possible) in [(0, true), (1, false)] {
        let mut m = Model::build(&p, &doms, Scope::all(&p), &ModelOptions::default());
        let extra = m
            .extras
            .iter()
            .find(|v| v.start.index() == extra_at && m.classes[v.class].capacity == 68)
            .expect("the count fallback: extra-room counts")
            .var;
        let more = vec![
            given_at(&m, 1).eq(0.0),
            good_lp::Expression::from(extra).geq(1.0),
        ];
        assert_eq!(
            solvable(&mut m, more),
            possible,
            "extra room at slot {extra_at}"
        );
    }
}

/// The same count fallback where the rooms come in pairs of one size (a
/// class of two rooms unless the model is per room; thousands of minimal
/// sets): the fewest seats for 341 people (341) take both rooms of some
/// size, where one room of each size seats 342 at best. A class's count
/// of extra rooms may reach its size.
#[test]
fn an_overflow_talk_may_take_both_rooms_of_a_pair_as_extra_rooms() {
    let sizes = [14, 17, 25, 31, 42, 43, 56, 58, 70, 71, 78];
    let caps: Vec<u32> = sizes.iter().flat_map(|&c| [c, c]).collect();
    let rooms = rooms_seating(&caps);
    let audience = 341;
    assert_eq!(fewest_seats(&sizes, audience), 342);
    let body = format!(
        "{ONE_DAY_3}{rooms}{}",
        talks(&[("big", &format!("audience = {audience}\noverflow = true"))])
    );
    let p = problem(&body);
    for tt in solved(&p) {
        let x = tt.placement(talk(&p, "big")).expect("placed");
        let seats: u32 = x.rooms.iter().map(|&r| p.room(r).capacity).sum();
        assert_eq!(seats, 341, "rooms {:?}", x.rooms);
        assert_eq!(tt.score.empty_seats, 0);
    }
}

#[test]
fn extra_rooms_are_free_and_main_room_has_the_needs() {
    // Two slots; a talk of 30 fills the lab in one slot; the overflow talk
    // needs the stage (S, 50 seats) and 120 people: S + L + lab in the
    // other slot, so the small talk must share a slot with nothing.
    let body = format!(
        "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n\
         [[rooms]]\nid = \"S\"\ncapacity = 50\nfeatures = [\"stage\"]\n\
         [[rooms]]\nid = \"L\"\ncapacity = 60\n\
         [[rooms]]\nid = \"lab\"\ncapacity = 30\nfeatures = [\"lab\"]\n{}",
        talks(&[
            (
                "big",
                "audience = 120\noverflow = true\nneeds = [\"stage\"]"
            ),
            ("small", "audience = 30\nneeds = [\"lab\"]"),
        ])
    );
    let p = problem(&body);
    for tt in solved(&p) {
        let big = at(&p, &tt, "big");
        let small = at(&p, &tt, "small");
        assert_eq!(big.rooms[0], room(&p, "S"));
        assert_eq!(big.rooms.len(), 3);
        assert_ne!(big.start, small.start);
        assert_eq!(tt.score.empty_seats, 20);
    }
}

#[test]
fn sequences_are_back_to_back_in_one_room() {
    // Alone, a would take the small room and b the big one; the sequence
    // puts both in the big one, b right after a.
    let rooms =
        "[[rooms]]\nid = \"big\"\ncapacity = 100\n[[rooms]]\nid = \"small\"\ncapacity = 10\n";
    let pair = talks(&[("a", "audience = 10\nparts = 2"), ("b", "audience = 90")]);
    let seq = "[[sequences]]\ntalks = [\"a\", \"b\"]\n";
    let without = problem(&format!("{ONE_DAY_3}{rooms}{pair}"));
    let free = solved(&without)[0].score.empty_seats;
    assert_eq!(free, 10);
    let p = problem(&format!("{ONE_DAY_3}{rooms}{pair}{seq}"));
    for tt in solved(&p) {
        let (a, b) = (at(&p, &tt, "a"), at(&p, &tt, "b"));
        assert_eq!(a.rooms[0], b.rooms[0]);
        assert_eq!(b.start.index(), a.start.index() + 2);
        assert_eq!(tt.score.empty_seats, 90 * 2 + 10);
    }
    // Reversed order needs b before a: b at 09:00, a at 10:00-11:00.
    let back = "[[sequences]]\ntalks = [\"b\", \"a\"]\n";
    let p = problem(&format!("{ONE_DAY_3}{rooms}{pair}{back}"));
    for tt in solved(&p) {
        let (a, b) = (at(&p, &tt, "a"), at(&p, &tt, "b"));
        assert_eq!(b.start, SlotId::at(0));
        assert_eq!(a.start, SlotId::at(1));
        assert_eq!(a.rooms[0], b.rooms[0]);
    }
    // A break between the only two slots: not consecutive, no timetable.
    let split = "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"11:00\"]\n\
                 breaks = [{ name = \"Coffee\", start = \"10:00\", end = \"11:00\" }]\n";
    let pair = talks(&[("a", "audience = 10"), ("b", "audience = 90")]);
    infeasible(&problem(&format!("{split}{rooms}{pair}{seq}")));
    // Without the break the same two slots are consecutive.
    let joined = "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"11:00\"]\n";
    solved(&problem(&format!("{joined}{rooms}{pair}{seq}")));
}

#[test]
fn a_sequence_of_three_in_identical_rooms_keeps_one_room() {
    // Three identical rooms (one class) and fillers around the chain.
    let body = format!(
        "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\", \"11:00\", \"12:00\"]\n\
         [[rooms]]\nid = \"A\"\ncapacity = 10\n[[rooms]]\nid = \"B\"\ncapacity = 10\n\
         [[rooms]]\nid = \"C\"\ncapacity = 10\n{}\
         [[sequences]]\ntalks = [\"s1\", \"s2\", \"s3\"]\n",
        talks(&[
            ("f1", "audience = 10\nonly = [\"10:00\"]"),
            ("f2", "audience = 10\nonly = [\"10:00\"]"),
            ("f3", "audience = 10\nonly = [\"11:00\"]"),
            ("s1", "audience = 10"),
            ("s2", "audience = 10"),
            ("s3", "audience = 10"),
        ])
    );
    let p = problem(&body);
    for tt in solved(&p) {
        let s: Vec<&Placement> = ["s1", "s2", "s3"].iter().map(|i| at(&p, &tt, i)).collect();
        assert!(s.iter().all(|x| x.rooms[0] == s[0].rooms[0]));
        assert_eq!(s[1].start.index(), s[0].start.index() + 1);
        assert_eq!(s[2].start.index(), s[1].start.index() + 1);
    }
}

#[test]
fn empty_seats_send_a_talk_to_the_snuggest_room() {
    let caps = [100u32, 50, 45, 30, 60];
    let rooms = rooms_seating(&caps);
    for (audience, parts) in [(40u32, 1u32), (40, 2), (46, 1), (30, 1), (0, 2)] {
        let p = problem(&format!(
            "{ONE_DAY_3}{rooms}{}",
            talks(&[("t", &format!("audience = {audience}\nparts = {parts}"))])
        ));
        let snug = *caps.iter().filter(|&&c| c >= audience).min().unwrap();
        for tt in solved(&p) {
            let x = &tt.placements[0];
            assert_eq!(p.room(x.rooms[0]).capacity, snug);
            assert_eq!(
                tt.score.empty_seats,
                u64::from(snug - audience) * u64::from(parts)
            );
        }
    }
    // Weight 3 per seat: the objective scales, the room does not change.
    let p = problem(&format!(
        "{ONE_DAY_3}{rooms}[objective]\nempty_seats = 3\ntrack_clash = 0\n{}",
        talks(&[("t", "audience = 40")])
    ));
    for tt in solved(&p) {
        assert_eq!(tt.score.objective, 3 * 5);
    }
}

#[test]
fn same_track_talks_spread_over_slots_when_possible() {
    // Two rooms, two slots, two talks of one track: one per slot.
    let body = format!(
        "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n\
         [[rooms]]\nid = \"A\"\ncapacity = 10\n[[rooms]]\nid = \"B\"\ncapacity = 10\n{}",
        talks(&[
            ("a", "audience = 10\ntrack = \"ml\""),
            ("b", "audience = 10\ntrack = \"ml\""),
            ("c", "audience = 10\ntrack = \"db\""),
            ("d", "audience = 10\ntrack = \"db\""),
        ])
    );
    let p = problem(&body);
    for tt in solved(&p) {
        assert_ne!(at(&p, &tt, "a").start, at(&p, &tt, "b").start);
        assert_ne!(at(&p, &tt, "c").start, at(&p, &tt, "d").start);
        assert_eq!(tt.score.track_clashes, 0);
        assert_eq!(clashes_by_definition(&p, &tt), 0);
    }
}

#[test]
fn track_clashes_count_pairs_per_slot() {
    // Three same-track talks in one slot: three pairs.
    let body = format!(
        "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\"]\n\
         [[rooms]]\nid = \"A\"\ncapacity = 10\n[[rooms]]\nid = \"B\"\ncapacity = 10\n\
         [[rooms]]\nid = \"C\"\ncapacity = 10\n{}",
        talks(&[
            ("a", "audience = 10\ntrack = \"ml\""),
            ("b", "audience = 10\ntrack = \"ml\""),
            ("c", "audience = 10\ntrack = \"ml\""),
        ])
    );
    let p = problem(&body);
    for tt in solved(&p) {
        assert_eq!(clashes_by_definition(&p, &tt), 3);
        assert_eq!(tt.score.track_clashes, 3);
        assert_eq!(tt.score.objective, 3 * p.weights.track_clash);
    }
    // Two same-track two-part workshops side by side for two slots: two.
    let body = format!(
        "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n\
         [[rooms]]\nid = \"A\"\ncapacity = 10\n[[rooms]]\nid = \"B\"\ncapacity = 10\n{}",
        talks(&[
            ("a", "audience = 10\ntrack = \"ml\"\nparts = 2"),
            ("b", "audience = 10\ntrack = \"ml\"\nparts = 2"),
        ])
    );
    let p = problem(&body);
    for tt in solved(&p) {
        assert_eq!(clashes_by_definition(&p, &tt), 2);
        assert_eq!(tt.score.track_clashes, 2);
    }
}

#[test]
fn a_clash_is_traded_against_empty_seats_by_the_weights() {
    // a and b share a track; only the 10-seat room S and the 100-seat room
    // L. Two slots: side by side costs a clash, one after the other in S
    // costs nothing... unless c (audience 10, slot 1 only) takes S then.
    // Options: {a,b} both in slot 2 (clash, b in L: 90 seats) or one of
    // them in L at slot 1 beside c (90 seats, no clash).
    let mk = |clash: u32| {
        problem(&format!(
            "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n\
             [[rooms]]\nid = \"S\"\ncapacity = 10\n[[rooms]]\nid = \"L\"\ncapacity = 100\n\
             [objective]\nempty_seats = 1\ntrack_clash = {clash}\n{}",
            talks(&[
                ("a", "audience = 10\ntrack = \"ml\""),
                ("b", "audience = 10\ntrack = \"ml\""),
                (
                    "c",
                    "audience = 10\nonly = [\"09:00\"]\nfixed = { room = \"S\" }"
                ),
            ])
        ))
    };
    for clash in [0, 1, 100] {
        let p = mk(clash);
        for tt in solved(&p) {
            // Either way one talk sits in L: 90 empty seats; the clash is
            // avoidable at no cost, so it is avoided whenever it costs.
            assert_eq!(tt.score.empty_seats, 90);
            if clash > 0 {
                assert_eq!(tt.score.track_clashes, 0);
            }
            assert_eq!(tt.score.track_clashes, clashes_by_definition(&p, &tt));
        }
    }
}

fn room_toml(id: &str, extra: &str) -> String {
    format!("[[rooms]]\nid = \"{id}\"\ncapacity = 10\n{extra}\n")
}

#[test]
fn room_classes_group_only_interchangeable_rooms() {
    let body = format!(
        "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n{}{}{}{}{}{}{}{}{}{}",
        room_toml("A", "building = \"X\""),
        room_toml("B", "building = \"X\""),
        room_toml("F", "building = \"X\""), // fixed by a talk
        room_toml("L", "building = \"X\"\nfeatures = [\"lab\"]"),
        room_toml("U", "building = \"X\"\nunavailable = [\"09:00\"]"),
        room_toml("Y", "building = \"Y\""),
        room_toml("N", ""),
        room_toml("C", "building = \"X\"").replace("capacity = 10", "capacity = 11"),
        room_toml("D", "building = \"X\""),
        talks(&[("t", "audience = 1\nfixed = { room = \"F\" }")]),
    );
    let p = problem(&body);
    let classes = room_classes(&p, false);
    let names: Vec<Vec<&str>> = classes
        .iter()
        .map(|c| c.rooms.iter().map(|&r| p.room(r).id.as_str()).collect())
        .collect();
    assert_eq!(
        names,
        vec![
            vec!["A", "B", "D"],
            vec!["F"],
            vec!["L"],
            vec!["U"],
            vec!["Y"],
            vec!["N"],
            vec!["C"],
        ]
    );
    for c in &classes {
        for &r in &c.rooms {
            assert_eq!(p.room(r).capacity, c.capacity);
            assert_eq!(p.room(r).building, c.building);
        }
    }
    // Every room exactly once.
    let mut all: Vec<RoomId> = classes.iter().flat_map(|c| c.rooms.clone()).collect();
    all.sort();
    assert_eq!(all, p.room_ids().collect::<Vec<_>>());
    // per_room: each room alone, in file order.
    let single = room_classes(&p, true);
    assert_eq!(single.len(), p.rooms.len());
    for (i, c) in single.iter().enumerate() {
        assert_eq!(c.rooms, vec![RoomId::at(i)]);
    }
}

#[test]
fn assign_rooms_keeps_a_sequence_chain_in_one_room() {
    // Two identical rooms, one class. c (slot 1) sorts before the chain
    // a (slot 1) -> b (slot 2); x occupies slot 0, y slot 2. A talk-by-talk
    // first fit would put a in R2 beside c and b in R1.
    let body = format!(
        "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\", \"11:00\"]\n{}{}{}\
         [[sequences]]\ntalks = [\"a\", \"b\"]\n",
        room_toml("R1", ""),
        room_toml("R2", ""),
        talks(&[
            ("x", "audience = 1"),
            ("c", "audience = 1"),
            ("a", "audience = 1"),
            ("b", "audience = 1"),
            ("y", "audience = 1"),
        ])
    );
    let p = problem(&body);
    let classes = room_classes(&p, false);
    assert_eq!(classes.len(), 1);
    let starts = [("x", 0), ("c", 1), ("a", 1), ("b", 2), ("y", 2)];
    let mut main = vec![None; p.talks.len()];
    for (id, s) in starts {
        main[talk(&p, id).index()] = Some((0, SlotId::at(s)));
    }
    let placements = assign_rooms(&p, &classes, &main, &[]).expect("rooms");
    assert_eq!(placements.len(), p.talks.len());
    let v = verify(&p, &placements);
    assert!(v.is_empty(), "{v:?}");
    let get = |id: &str| placements.iter().find(|x| x.talk == talk(&p, id)).unwrap();
    assert_eq!(get("a").rooms, get("b").rooms);
    for (id, s) in starts {
        assert_eq!(get(id).start, SlotId::at(s));
    }
}

#[test]
fn assign_rooms_gives_extra_rooms_distinct_from_the_main_room() {
    // Three identical rooms; an overflow talk in the class with two extra
    // copies, and a talk in the next slot.
    let body = format!(
        "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n{}{}{}{}",
        room_toml("R1", ""),
        room_toml("R2", ""),
        room_toml("R3", ""),
        talks(&[
            ("o", "audience = 30\noverflow = true"),
            ("t", "audience = 10"),
        ])
    );
    let p = problem(&body);
    let classes = room_classes(&p, false);
    assert_eq!(classes.len(), 1);
    let (o, t) = (talk(&p, "o"), talk(&p, "t"));
    let mut main = vec![None; 2];
    main[o.index()] = Some((0, SlotId::at(0)));
    main[t.index()] = Some((0, SlotId::at(1)));
    let placements = assign_rooms(&p, &classes, &main, &[(o, 0, SlotId::at(0), 2)]).unwrap();
    let v = verify(&p, &placements);
    assert!(v.is_empty(), "{v:?}");
    let x = placements.iter().find(|x| x.talk == o).unwrap();
    let mut rooms = x.rooms.clone();
    rooms.sort();
    rooms.dedup();
    assert_eq!(rooms.len(), 3);
    // Asking for more rooms than the class has is an error, not a clash.
    let too_many = assign_rooms(&p, &classes, &main, &[(o, 0, SlotId::at(0), 3)]);
    assert!(too_many.is_err());
}
