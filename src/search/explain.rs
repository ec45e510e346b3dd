//! A small set of rules that cannot hold together, when the solver proves
//! a problem infeasible and no cheap proof applies.
//!
//! In: the search context (problem, domains, the solve's deadline and stop
//! flag). Out: [`Reason::Conflict`]
//! with the rule groups (talks that must be given, rooms' one-at-a-time
//! rule, speakers' rules, sequences) still needed for infeasibility after
//! deletion filtering: try switching a chunk of groups off; if the rest is
//! still infeasible, they were not needed; otherwise split the chunk. The
//! result is irreducible unless the time ran out or a stop came (then
//! `minimal` is false). It shares the solve's time limit and Ctrl-C, and
//! takes at most [`tuning::EXPLAIN_TIME`] when there is no limit.

use std::sync::Arc;
use std::time::Instant;

use super::run::{self, Run};
use super::{Ctx, SolveError, Stage};
use crate::analysis::{Domain, Scope, domains_in};
use crate::model::ModelOptions;
use crate::problem::{BuildingId, Problem, SpeakerId, TalkId};
use crate::reason::{Freedom, Group, Reason, Walk};
use crate::tuning;

fn scope_of(p: &Problem, on: &[Group]) -> Scope {
    let mut s = Scope::none(p);
    for g in on {
        match *g {
            Group::Talk(t) => s.talks[t.index()] = true,
            Group::Room(r) => s.rooms[r.index()] = true,
            Group::Speaker(x) => s.speakers[x.index()] = true,
            Group::Sequence(i) => s.sequences[i] = true,
            Group::Precedence(i) => s.precedences[i] = true,
            Group::Plenary(t) => s.plenaries[t.index()] = true,
            Group::Conflict(i) => s.conflicts[i] = true,
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
        .chain((0..crate::problem::rules::precedences(p).len()).map(Group::Precedence))
        .chain(
            p.talk_ids()
                .filter(|&t| p.talk(t).plenary)
                .map(Group::Plenary),
        )
        .chain(
            (0..p.conflicts.len())
                .filter(|&i| p.conflicts[i].hard)
                .map(Group::Conflict),
        )
        .chain(p.room_ids().map(Group::Room))
        .collect()
}

/// Deletion filtering over rule groups; see the module docs.
pub(super) fn conflict(cx: &mut Ctx) -> Result<Reason, SolveError> {
    let p = Arc::clone(&cx.p);
    let doms = Arc::clone(&cx.doms);
    let own_limit = Instant::now() + tuning::EXPLAIN_TIME;
    let deadline = cx
        .control()
        .deadline()
        .map_or(own_limit, |d| d.min(own_limit));
    cx.report(Stage::Explaining);
    let mut on = ordered_groups(&p, &doms);
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
        if left.is_zero() || cx.control().should_stop() {
            minimal = false;
            break;
        }
        let trial: Vec<Group> = on.iter().copied().filter(|g| !chunk.contains(g)).collect();
        let scope = scope_of(&p, &trial);
        let trial_doms = Arc::new(domains_in(&p, &scope));
        let run = run::model_with(
            cx,
            &trial_doms,
            &opts,
            scope,
            Some(left),
            None,
            Stage::Explaining,
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
            // (No relaxation here: nothing is set aside.)
            Run::OutOfTime | Run::Aside(..) | Run::Relaxed(_) => {
                minimal = false;
                break;
            }
        }
    }
    on.sort();
    Ok(Reason::Conflict {
        freedom: freedom(&doms, &on),
        walks: walks(&p, &doms, &on),
        groups: on,
        minimal,
    })
}

/// Where each talk among the groups may go.
fn freedom(doms: &[Domain], groups: &[Group]) -> Vec<Freedom> {
    groups
        .iter()
        .filter_map(|g| match *g {
            Group::Talk(t) => Some(Freedom {
                talk: t,
                starts: doms[t.index()].starts.clone(),
                rooms: doms[t.index()].rooms.clone(),
            }),
            _ => None,
        })
        .collect()
}

/// For each speaker among the groups, the longest walk between buildings
/// that two of their talks' rooms may need.
fn walks(p: &Problem, doms: &[Domain], groups: &[Group]) -> Vec<Walk> {
    groups
        .iter()
        .filter_map(|g| match *g {
            Group::Speaker(sp) => longest_walk(p, doms, sp, &p.speaker(sp).talks),
            _ => None,
        })
        .collect()
}

fn longest_walk(p: &Problem, doms: &[Domain], sp: SpeakerId, talks: &[TalkId]) -> Option<Walk> {
    let mut best: Option<Walk> = None;
    for (i, &a) in talks.iter().enumerate() {
        for &b in &talks[i + 1..] {
            for &ra in &doms[a.index()].rooms {
                for &rb in &doms[b.index()].rooms {
                    let (Some(x), Some(y)) = (p.room(ra).building, p.room(rb).building) else {
                        continue;
                    };
                    let minutes = p.walk_between(ra, rb);
                    if minutes > 0 && best.as_ref().is_none_or(|w| minutes > w.minutes) {
                        best = Some(Walk {
                            speaker: sp,
                            minutes,
                            between: (
                                BuildingId::at(x.index().min(y.index())),
                                BuildingId::at(x.index().max(y.index())),
                            ),
                        });
                    }
                }
            }
        }
    }
    best
}
