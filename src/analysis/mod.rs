//! The second stage: what each talk could possibly do, and cheap proofs
//! that no timetable exists.
//!
//! In: a checked [`Problem`]. Out: each talk's [`Domain`] (start slots and
//! main rooms that no single rule already forbids, with sequences
//! propagated), and [`Reason`]s that prove the problem impossible without
//! solving. Reasons are structured; `report` turns them into prose.

pub mod proofs;

use crate::problem::{Problem, RoomId, SlotId, TalkId, rules};

pub use proofs::{Reason, find_reasons};

/// How many resources `check` lists as the tightest.
pub const TIGHTEST: usize = 3;

/// What `confsched check` finds: the most loaded resources and every
/// proof that no timetable exists.
#[derive(Clone, Debug)]
pub struct CheckReport {
    /// The most loaded seat thresholds and features, most loaded first:
    /// the [`TIGHTEST`] first, every overloaded one and every feature.
    pub tightest: Vec<proofs::Load>,
    /// Every cheap proof of impossibility, sorted.
    pub reasons: Vec<Reason>,
}

/// Validation is done (the problem is checked); this runs the pre-solve
/// analysis without solving.
pub fn check(p: &Problem) -> CheckReport {
    let doms = domains(p);
    let reasons = find_reasons(p, &doms);
    let tightest = proofs::loads(p)
        .into_iter()
        .enumerate()
        .filter(|(i, l)| {
            *i < TIGHTEST
                || l.parts > l.room_slots
                || matches!(l.resource, proofs::Resource::Feature(_))
        })
        .map(|(_, l)| l)
        .collect();
    CheckReport { tightest, reasons }
}

/// Where one talk may go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Domain {
    /// Start slots in time order.
    pub starts: Vec<SlotId>,
    /// Main rooms in file order.
    pub rooms: Vec<RoomId>,
}

/// Which rule groups are in force; all of them unless deletion filtering
/// is looking for a small conflicting set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// Talks that must be given.
    pub talks: Vec<bool>,
    /// Rooms whose one-talk-at-a-time rule holds.
    pub rooms: Vec<bool>,
    /// Speakers whose rules hold (one place at a time, walking, unavailability).
    pub speakers: Vec<bool>,
    /// Sequences that hold.
    pub sequences: Vec<bool>,
    /// Precedences that hold (indexed as `rules::precedences`).
    pub precedences: Vec<bool>,
    /// Plenaries whose rule holds (per talk).
    pub plenaries: Vec<bool>,
    /// Hard conflict groups that hold.
    pub conflicts: Vec<bool>,
}

impl Scope {
    /// Every rule in force.
    pub fn all(p: &Problem) -> Self {
        Self::every(p, true)
    }

    /// No rule in force.
    pub fn none(p: &Problem) -> Self {
        Self::every(p, false)
    }

    fn every(p: &Problem, on: bool) -> Self {
        Scope {
            talks: vec![on; p.talks.len()],
            rooms: vec![on; p.rooms.len()],
            speakers: vec![on; p.speakers.len()],
            sequences: vec![on; p.sequences.len()],
            precedences: vec![on; rules::precedences(p).len()],
            plenaries: vec![on; p.talks.len()],
            conflicts: vec![on; p.conflicts.len()],
        }
    }
}

/// Every talk's domain, with sequences propagated to a fixed point.
pub fn domains(p: &Problem) -> Vec<Domain> {
    domains_in(p, &Scope::all(p))
}

/// Domains when only the rules in `scope` hold (speakers' unavailability
/// and sequences outside it are ignored).
pub fn domains_in(p: &Problem, scope: &Scope) -> Vec<Domain> {
    let mut doms: Vec<Domain> = p
        .talk_ids()
        .map(|t| {
            let rooms: Vec<RoomId> = p
                .room_ids()
                .filter(|&r| rules::main_room_allowed(p, t, r))
                .collect();
            let parts = p.talk(t).parts;
            let starts = p
                .slot_ids()
                .filter(|&s| rules::start_allowed(p, t, s, |sp| scope.speakers[sp.index()]))
                .filter(|&s| rooms.iter().any(|&r| rules::room_free(p, r, s, parts)))
                .collect();
            Domain { starts, rooms }
        })
        .collect();
    // Sequences: b starts right after a ends, in the same main room;
    // precedences: b starts after a ends.
    let precedences = rules::precedences(p);
    loop {
        let mut changed = false;
        for (i, &(a, b)) in precedences.iter().enumerate() {
            if scope.precedences[i] {
                changed |= propagate_precedence(p, &mut doms, a, b);
            }
        }
        for (i, seq) in p.sequences.iter().enumerate() {
            if !scope.sequences[i] {
                continue;
            }
            // One room for the whole sequence.
            let mut common: Vec<RoomId> = doms[seq.talks[0].index()].rooms.clone();
            for t in &seq.talks[1..] {
                common.retain(|r| doms[t.index()].rooms.contains(r));
            }
            for t in &seq.talks {
                let d = &mut doms[t.index()];
                if d.rooms.len() != common.len() {
                    d.rooms = common.clone();
                    changed = true;
                }
            }
            for w in seq.talks.windows(2) {
                let (a, b) = (w[0], w[1]);
                let next_of = |s: SlotId| rules::next_in_sequence(p, a, s);
                let b_starts = doms[b.index()].starts.clone();
                let before = doms[a.index()].starts.len();
                doms[a.index()]
                    .starts
                    .retain(|&s| next_of(s).is_some_and(|n| b_starts.contains(&n)));
                changed |= doms[a.index()].starts.len() != before;
                let a_next: Vec<SlotId> = doms[a.index()]
                    .starts
                    .iter()
                    .filter_map(|&s| next_of(s))
                    .collect();
                let before = doms[b.index()].starts.len();
                doms[b.index()].starts.retain(|s| a_next.contains(s));
                changed |= doms[b.index()].starts.len() != before;
            }
        }
        if !changed {
            break;
        }
    }
    doms
}

/// `b` starts after `a` ends: `b` no earlier than `a`'s earliest end,
/// `a` no later than it can end before `b`'s latest start. Whether a domain
/// shrank.
fn propagate_precedence(p: &Problem, doms: &mut [Domain], a: TalkId, b: TalkId) -> bool {
    let (a_first, b_last) = (
        doms[a.index()].starts.first().copied(),
        doms[b.index()].starts.last().copied(),
    );
    let before = doms[a.index()].starts.len() + doms[b.index()].starts.len();
    match a_first {
        Some(first) => doms[b.index()]
            .starts
            .retain(|&s| rules::starts_after(p, a, first, s)),
        None => doms[b.index()].starts.clear(),
    }
    match b_last {
        Some(last) => doms[a.index()]
            .starts
            .retain(|&s| rules::starts_after(p, a, s, last)),
        None => doms[a.index()].starts.clear(),
    }
    before != doms[a.index()].starts.len() + doms[b.index()].starts.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::parse;

    const BASE: &str = r#"
[event]
name = "t"
slot_minutes = 50
[[days]]
date = "2020-01-01"
slots = ["09:00", "10:00", "11:00", "13:00"]
breaks = [{ name = "Lunch", start = "12:00", end = "13:00" }]
[[rooms]]
id = "big"
capacity = 100
[[rooms]]
id = "lab"
capacity = 20
features = ["lab"]
"#;

    fn problem(talks: &str) -> Problem {
        parse("t.toml", &format!("{BASE}{talks}")).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_two_part_talk_never_starts_before_a_break_or_at_the_end() {
        let p = problem("[[talks]]\nid = \"w\"\naudience = 10\nparts = 2\n");
        let d = &domains(&p)[0];
        let starts: Vec<String> = d.starts.iter().map(|&s| p.slot_ref(s)).collect();
        assert_eq!(starts, ["09:00", "10:00"]);
    }

    #[test]
    fn needs_and_seats_pick_the_rooms() {
        let p = problem(
            "[[talks]]\nid = \"a\"\naudience = 50\n[[talks]]\nid = \"b\"\naudience = 10\nneeds = [\"lab\"]\n[[talks]]\nid = \"c\"\naudience = 500\noverflow = true\n",
        );
        let d = domains(&p);
        assert_eq!(d[0].rooms, vec![RoomId(0)]);
        assert_eq!(d[1].rooms, vec![RoomId(1)]);
        assert_eq!(d[2].rooms, vec![RoomId(0), RoomId(1)]);
    }

    #[test]
    fn sequences_propagate_starts_and_rooms() {
        let p = problem(
            "[[talks]]\nid = \"a\"\naudience = 10\n[[talks]]\nid = \"b\"\naudience = 50\nonly = [\"11:00\"]\n[[sequences]]\ntalks = [\"a\", \"b\"]\n",
        );
        let d = domains(&p);
        assert_eq!(d[0].starts, vec![SlotId(1)]);
        assert_eq!(d[1].starts, vec![SlotId(2)]);
        assert_eq!(d[0].rooms, vec![RoomId(0)]);
    }

    #[test]
    fn speaker_unavailability_removes_starts() {
        let p = problem(
            "[[talks]]\nid = \"a\"\naudience = 10\nspeakers = [\"Kim\"]\n[[speakers]]\nname = \"Kim\"\nunavailable = [\"09:00\", \"13:00\"]\n",
        );
        assert_eq!(domains(&p)[0].starts, vec![SlotId(1), SlotId(2)]);
    }
}
