//! A small set of rules that cannot hold together, when the solver proves
//! a problem infeasible and no cheap proof applies.
//!
//! In: a problem, its domains, a time budget. Out: [`Reason::Conflict`]
//! with the rule groups (talks that must be given, rooms' one-at-a-time
//! rule, speakers' rules, sequences) still needed for infeasibility after
//! deletion filtering: try switching a chunk of groups off; if the rest is
//! still infeasible, they were not needed; otherwise split the chunk. The
//! result is irreducible unless the budget ran out (then `minimal` is
//! false).

use std::time::{Duration, Instant};

use crate::analysis::{Domain, Reason, Scope, domains_in};
use crate::model::ModelOptions;
use crate::problem::{Problem, RoomId, SpeakerId, TalkId};
use crate::solve::{Run, SolveError, Stats, run_model};

/// How long deletion filtering may take by default.
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(10);

/// A group of rules that deletion filtering switches on and off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// The talk must be given, within its own restrictions.
    Talk(TalkId),
    /// The room holds one talk at a time.
    Room(RoomId),
    /// The speaker is in one place at a time, can walk, and keeps their
    /// unavailability.
    Speaker(SpeakerId),
    /// The sequence (index) is back to back in one room.
    Sequence(usize),
}

fn scope_of(p: &Problem, on: &[Group]) -> Scope {
    let mut s = Scope {
        talks: vec![false; p.talks.len()],
        rooms: vec![false; p.rooms.len()],
        speakers: vec![false; p.speakers.len()],
        sequences: vec![false; p.sequences.len()],
    };
    for g in on {
        match *g {
            Group::Talk(t) => s.talks[t.index()] = true,
            Group::Room(r) => s.rooms[r.index()] = true,
            Group::Speaker(x) => s.speakers[x.index()] = true,
            Group::Sequence(i) => s.sequences[i] = true,
        }
    }
    s
}

/// The groups in the order deletion filtering tries to switch them off:
/// least likely to matter first, so that large chunks go in one solve
/// and the models shrink early. Talks with the most freedom (start slots
/// times rooms) come first, then speakers, sequences, and rooms last. A
/// speaker with one talk and no unavailability adds no rule and is left
/// out from the start.
fn ordered_groups(p: &Problem, doms: &[Domain]) -> Vec<Group> {
    let mut talks: Vec<TalkId> = p.talk_ids().collect();
    talks.sort_by_key(|t| {
        let d = &doms[t.index()];
        (std::cmp::Reverse(d.starts.len() * d.rooms.len()), *t)
    });
    let mut speakers: Vec<SpeakerId> = p
        .speaker_ids()
        .filter(|&s| p.speaker(s).talks.len() > 1 || !p.speaker(s).unavailable.is_empty())
        .collect();
    speakers.sort_by_key(|&s| (p.speaker(s).talks.len(), s));
    talks
        .into_iter()
        .map(Group::Talk)
        .chain(speakers.into_iter().map(Group::Speaker))
        .chain((0..p.sequences.len()).map(Group::Sequence))
        .chain(p.room_ids().map(Group::Room))
        .collect()
}

/// Deletion filtering over rule groups; see the module docs.
pub fn conflict(p: &Problem, doms: &[Domain], budget: Duration) -> Result<Reason, SolveError> {
    let deadline = Instant::now() + budget;
    let mut on = ordered_groups(p, doms);
    let opts = ModelOptions {
        per_room: true,
        feasibility_only: true,
        ..ModelOptions::default()
    };
    let mut minimal = true;
    // Candidates still to test, as chunks; a chunk that cannot go is split.
    // With every group off the problem is trivially feasible: start from
    // the two halves.
    let (first, second) = on.split_at(on.len() / 2);
    let mut chunks: Vec<Vec<Group>> = vec![second.to_vec(), first.to_vec()];
    chunks.retain(|c| !c.is_empty());
    while let Some(chunk) = chunks.pop() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            minimal = false;
            break;
        }
        let trial: Vec<Group> = on.iter().copied().filter(|g| !chunk.contains(g)).collect();
        let mut stats = Stats::default();
        let scope = scope_of(p, &trial);
        let doms = domains_in(p, &scope);
        let run = run_model(
            p,
            &doms,
            scope,
            &opts,
            Some(left.as_secs_f64()),
            None,
            &mut stats,
        )?;
        match run {
            Run::Infeasible => on = trial,
            Run::Found(..) if chunk.len() > 1 => {
                let (a, b) = chunk.split_at(chunk.len() / 2);
                // Pop order: first half first.
                chunks.push(b.to_vec());
                chunks.push(a.to_vec());
            }
            Run::Found(..) => {}
            Run::OutOfTime => {
                minimal = false;
                break;
            }
        }
    }
    on.sort();
    Ok(Reason::Conflict {
        groups: on,
        minimal,
    })
}
