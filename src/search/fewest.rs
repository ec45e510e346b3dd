//! A re-plan's fewest changes, proven on a few movable talks.
//!
//! In: the search context with a best timetable (the repaired baseline).
//! Out: the fewest changes proven (the best timetable then has them), or a
//! raised lower bound on them.
//!
//! A change-cost model over every place of every talk is far too large for
//! a thousand talks, and nearly all of it is talks that stay. Here each
//! talk has a leeway (`ModelOptions::leeway`): most stay where they were
//! (or, counted only by seats per slot, take some other room at their old
//! start), some may take any room at their old start, a few may go
//! anywhere; a talk that goes beyond its leeway is set aside at the least
//! change cost a place beyond it would have. Any timetable maps into this
//! relaxation at no more cost, so the relaxation's optimum is a lower
//! bound on the fewest changes; when that optimum sends no talk beyond its
//! leeway it is a timetable, and the fewest changes are proven. Otherwise
//! the leeways grow (a talk that went to some other room, and every talk
//! at its old start, may take any room there; a talk set aside may go
//! anywhere) and the relaxation is solved again: leeways only grow, so
//! this ends (at worst with every talk anywhere, the whole model).
//!
//! Two things keep the rounds few and small. Only timetables with fewer
//! changes than the best known matter: each talk's change is capped at
//! what the others' least changes leave (`caps`), so a relaxation that
//! has no solution proves the best known, and one whose optimum is not
//! below it proves it too. And when a relaxation sets a talk aside to make
//! room for one it moved, the talks it could as well have set aside (the
//! others in the rooms the mover could take as cheaply, and in the rooms
//! their neighbours could take) are widened in the same round
//! (`rivals`): one by one, a generated 1,000-talk re-plan took over 30
//! rounds, each ruling out one of them.

use std::collections::{BTreeMap, BTreeSet};

use super::{Ctx, Outcome, SolveError, Stage, infeasible, keep_fewest_changes, repair, run, trace};
use crate::analysis::{Domain, Scope};
use crate::model::{Away, Leeway, ModelOptions};
use crate::problem::{Problem, RoomId, SlotId, TalkId, rules};
use crate::timetable::Placement;
use crate::tuning;
use run::Run;

/// Grows the leeways until the relaxation's optimum is a timetable
/// (proven fewest changes), time runs out, the model stops answering, or
/// `rounds` relaxations (when given) were solved. Starts from the best
/// timetable when there is one (the talks it moves may go anywhere, and it
/// is the warm start). `Some` only when no timetable exists at all (the
/// relaxation has every timetable, so its infeasibility is the problem's).
pub(super) fn prove(cx: &mut Ctx, rounds: Option<usize>) -> Result<Option<Outcome>, SolveError> {
    let mut leeway = vec![Leeway::Stays; cx.p.talks.len()];
    let least = super::bounds::least_changes(&cx.p, &cx.doms);
    for _ in 0..rounds.unwrap_or(usize::MAX) {
        if cx.best.changes_proven() || cx.done() {
            return Ok(None);
        }
        // The best timetable's moved talks may go anywhere, and it is the
        // warm start; unless it moves many (a timetable built afresh):
        // then it would make the relaxation the whole model.
        let mut best = cx.best.placements();
        let moves: Vec<TalkId> = best
            .iter()
            .flatten()
            .filter(|x| moved(&cx.p, x))
            .map(|x| x.talk)
            .collect();
        if moves.len() * tuning::FEWEST_MOVED_SHARE <= cx.p.talks.len() {
            for t in moves {
                widen(&cx.p, t, Leeway::Anywhere, &mut leeway);
            }
        } else {
            best = None;
        }
        // Only timetables with fewer changes than the best one matter.
        let known = cx.best.rank().map(|(c, _)| c);
        let opts = ModelOptions {
            changes_only: true,
            leeway: Some(leeway.clone()),
            change_caps: known.map(|u| caps(u, &least)),
            ..cx.model_options()
        };
        let limit = cx.share(tuning::FULL_MODEL_SHARE);
        let scope = Scope::all(&cx.p);
        let run = run::model(cx, &opts, scope, limit, best, Stage::FewestChanges)?;
        match run {
            Run::Found(tt, bound) => {
                // Its optimum is the fewest changes, or the known timetable
                // has them when it is cheaper (the caps let through some
                // dearer timetables, never a cheaper one).
                keep_fewest_changes(cx, tt, bound, known)?;
                cx.report(Stage::FewestChanges);
                return Ok(None);
            }
            Run::Aside(away, least, placed) => {
                if let Some(b) = least {
                    cx.best.raise_changes_bound(known.map_or(b, |u| b.min(u)))?;
                }
                // The relaxation's places, the talks beyond their leeway
                // given places by chains of moves: often fewer changes.
                if let Some(done) = repair::complete(&cx.p, &cx.doms, cx.control(), &placed) {
                    cx.offer(done, Stage::FewestChanges)?;
                }
                if super::tracing() {
                    let names: Vec<String> = away
                        .iter()
                        .map(|&(t, how)| format!("{} {how:?}", cx.p.talk(t).id))
                        .collect();
                    trace(&format!(
                        "fewest changes: beyond their leeway: {}; at least {least:?}",
                        names.join(", ")
                    ));
                }
                let before = leeway.clone();
                let rivals = rivals(&cx.p, &cx.doms, &placed, &away);
                for &(t, how) in &away {
                    widen_beyond(&cx.p, t, how, &mut leeway);
                }
                // The rivals while the places they add stay few.
                let caps = opts.change_caps.as_deref();
                let mut room = tuning::FEWEST_RIVAL_PLACES;
                for (t, how) in rivals {
                    let mut wider = leeway.clone();
                    widen_beyond(&cx.p, t, how, &mut wider);
                    let added: usize =
                        cx.p.talk_ids()
                            .filter(|u| wider[u.index()] != leeway[u.index()])
                            .map(|u| places(&cx.p, &cx.doms, u, wider[u.index()], caps))
                            .sum();
                    if added > room {
                        break;
                    }
                    room -= added;
                    leeway = wider;
                }
                cx.report(Stage::FewestChanges);
                // A talk beyond its leeway always widens it; should none,
                // the same relaxation would come back: stop.
                if leeway == before {
                    return Ok(None);
                }
            }
            Run::Infeasible => match known {
                // No timetable has fewer changes than the known one.
                Some(u) => {
                    cx.best.raise_changes_bound(u)?;
                    cx.report(Stage::FewestChanges);
                    return Ok(None);
                }
                None => return infeasible(cx, Stage::FewestChanges).map(Some),
            },
            Run::OutOfTime | Run::Relaxed(_) => return Ok(None),
        }
    }
    Ok(None)
}

/// The most each talk's change may cost in a timetable with fewer changes
/// than `known`, when each talk alone costs at least `least`: what the
/// others cost at least leaves the rest, less one.
fn caps(known: u64, least: &[u64]) -> Vec<u64> {
    let all: u64 = least.iter().sum();
    least
        .iter()
        .map(|&l| known.saturating_sub(1).saturating_sub(all - l))
        .collect()
}

/// The least change cost of a talk at another start than its baseline's
/// (what the relaxation charges for setting it aside); `None` for a talk
/// the baseline does not place or with no other start.
fn aside_cost(p: &Problem, doms: &[Domain], t: TalkId) -> Option<u64> {
    let s0 = p.baseline.as_ref()?.was(t)?.slot;
    doms[t.index()]
        .starts
        .iter()
        .filter(|&&s| Some(s) != s0)
        .map(|&s| rules::change_cost(p, t, s, &[]))
        .min()
}

/// The talks a relaxation could have set aside (or counted in another
/// room) instead of those it did, at no more cost, and how far each is to
/// be widened: for each talk it moved, every talk that blocks a room where
/// the mover could go at no more change cost (the talk the baseline has
/// there, and any talk that may not share a slot with the mover): to any
/// place, if setting it aside costs no more than the dearest talk the
/// relaxation did set aside; to any room at its start (with the talks
/// there), if the relaxation counted talks in other rooms. Then, the same
/// for the talks blocking the rooms those blockers could take at their own
/// start. Each was the next round's answer one at a time; widened at once,
/// they are ruled out (or taken) in one round. The mover's own blockers
/// come first.
fn rivals(
    p: &Problem,
    doms: &[Domain],
    placed: &[Placement],
    away: &[(TalkId, Away)],
) -> Vec<(TalkId, Away)> {
    let Some(b) = p.baseline.as_ref() else {
        return Vec::new();
    };
    let aside: Vec<Option<u64>> = p.talk_ids().map(|u| aside_cost(p, doms, u)).collect();
    let bar = away
        .iter()
        .filter(|(_, how)| *how == Away::OtherStart)
        .filter_map(|&(t, _)| aside[t.index()])
        .max();
    let rooms_too = away.iter().any(|(_, how)| *how == Away::OtherRoom);
    let asides = |u: TalkId| bar.is_some_and(|bar| aside[u.index()].is_some_and(|c| c <= bar));
    // The baseline's talks by (slot, room) they occupy.
    let mut held: BTreeMap<(usize, RoomId), Vec<TalkId>> = BTreeMap::new();
    let mut at: Vec<Vec<TalkId>> = vec![Vec::new(); p.slots.len()];
    for u in p.talk_ids() {
        let Some(w) = b.was(u) else { continue };
        let (Some(s1), Some(main)) = (w.slot, w.main) else {
            continue;
        };
        // (A talk may have more parts now than the baseline has room for.)
        let slots = s1.index()..(s1.index() + p.talk(u).parts as usize).min(p.slots.len());
        for i in slots.clone() {
            at[i].push(u);
        }
        let rooms = std::iter::once(main).chain(w.extras.iter().flatten().copied());
        for r in rooms {
            for i in slots.clone() {
                held.entry((i, r)).or_default().push(u);
            }
        }
    }
    // The talks that block talk `t` from room `r` at start `s`: those
    // the baseline has there, and those that may not share a slot with it.
    let blockers = |t: TalkId, s: SlotId, r: RoomId| {
        let mut out = Vec::new();
        let end = (s.index() + p.talk(t).parts as usize).min(p.slots.len());
        for (i, here) in at.iter().enumerate().take(end).skip(s.index()) {
            let exclusive = here.iter().filter(|&&u| rules::exclusive(p, t, u));
            let there = held.get(&(i, r)).into_iter().flatten();
            out.extend(there.chain(exclusive).filter(|&&u| u != t));
        }
        out
    };
    let fits = |t: TalkId, s: SlotId, r: RoomId| {
        doms[t.index()].rooms.contains(&r) && rules::room_free(p, r, s, p.talk(t).parts)
    };
    // Those in the mover's rooms first, then their neighbours'.
    let (mut first, mut then) = (BTreeSet::new(), BTreeSet::new());
    for x in placed.iter().filter(|x| moved(p, x)) {
        let cost = rules::change_cost(p, x.talk, x.start, &x.rooms);
        let d = &doms[x.talk.index()];
        for &s in &d.starts {
            for &r in &d.rooms {
                if rules::change_cost(p, x.talk, s, &[r]) > cost || !fits(x.talk, s, r) {
                    continue;
                }
                for u in blockers(x.talk, s, r) {
                    if asides(u) {
                        first.insert((u, Away::OtherStart));
                    }
                    if rooms_too {
                        first.insert((u, Away::OtherRoom));
                    }
                    // A blocker that takes another room at its start, and
                    // what blocks it there.
                    let Some(su) = b.was(u).and_then(|w| w.slot) else {
                        continue;
                    };
                    for &r2 in doms[u.index()]
                        .rooms
                        .iter()
                        .filter(|&&r2| r2 != r && fits(u, su, r2))
                    {
                        for v in blockers(u, su, r2) {
                            if v != x.talk && asides(v) {
                                then.insert((v, Away::OtherStart));
                            }
                        }
                    }
                }
            }
        }
    }
    let then: Vec<_> = then.difference(&first).copied().collect();
    first.into_iter().chain(then).collect()
}

/// Widens the leeway of a talk found beyond it (`how`): any place for a
/// talk set aside, any room at its old start (for it and the talks there)
/// for one counted in another room.
fn widen_beyond(p: &Problem, t: TalkId, how: Away, leeway: &mut [Leeway]) {
    match how {
        Away::OtherStart => widen(p, t, Leeway::Anywhere, leeway),
        Away::OtherRoom => same_start_around(p, t, leeway),
    }
}

/// About how many places a talk has in a relaxation with leeway `l` (its
/// every place within its change cap, when it may go anywhere).
fn places(p: &Problem, doms: &[Domain], t: TalkId, l: Leeway, caps: Option<&[u64]>) -> usize {
    let d = &doms[t.index()];
    match l {
        Leeway::Stays => 1,
        Leeway::SameStart => d.rooms.len(),
        Leeway::Anywhere => {
            let cap = caps.map_or(u64::MAX, |c| c[t.index()]);
            let parts = p.talk(t).parts;
            d.starts
                .iter()
                .flat_map(|&s| d.rooms.iter().map(move |&r| (s, r)))
                .filter(|&(s, r)| {
                    rules::room_free(p, r, s, parts) && rules::change_cost(p, t, s, &[r]) <= cap
                })
                .count()
        }
    }
}

/// Whether a placement is not the talk's baseline place (or the talk is
/// new).
fn moved(p: &Problem, x: &Placement) -> bool {
    let was = p.baseline.as_ref().and_then(|b| b.was(x.talk));
    let stays = was.is_some_and(|w| w.slot == Some(x.start) && w.main == x.rooms.first().copied());
    !stays || rules::change_cost(p, x.talk, x.start, &x.rooms) != 0
}

/// Widens a talk's leeway to at least `to`, with the talks of its
/// sequences (they move together).
fn widen(p: &Problem, t: TalkId, to: Leeway, leeway: &mut [Leeway]) {
    let rank = |l: Leeway| match l {
        Leeway::Stays => 0,
        Leeway::SameStart => 1,
        Leeway::Anywhere => 2,
    };
    let mut raise = |u: TalkId| {
        if rank(leeway[u.index()]) < rank(to) {
            leeway[u.index()] = to;
        }
    };
    raise(t);
    for seq in p.sequences.iter().filter(|s| s.talks.contains(&t)) {
        seq.talks.iter().for_each(|&u| raise(u));
    }
}

/// A talk that went to some other room at its old start: it, and every
/// talk the baseline has in a slot it occupies, may take any room at their
/// old starts (the rooms there are then assigned exactly).
fn same_start_around(p: &Problem, t: TalkId, leeway: &mut [Leeway]) {
    widen(p, t, Leeway::SameStart, leeway);
    let Some(b) = p.baseline.as_ref() else { return };
    let Some(s0) = b.was(t).and_then(|w| w.slot) else {
        return;
    };
    let parts = p.talk(t).parts;
    for u in p.talk_ids() {
        let Some(s1) = b.was(u).and_then(|w| w.slot) else {
            continue;
        };
        let overlaps = (0..parts).any(|i| {
            let s = s0.index() + i as usize;
            s < p.slots.len() && rules::occupies(p, u, s1, SlotId::at(s))
        });
        if overlaps {
            widen(p, u, Leeway::SameStart, leeway);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::ops::ControlFlow;

    use super::*;
    use crate::analysis;
    use crate::backend::{self, Answer, Backend, Request};
    use crate::model::Model;
    use crate::problem::parse;

    /// Two rooms, two slots; `a` in R1 and `b` in R2 at 09:00, where R2
    /// is now closed.
    fn lost_room() -> Problem {
        let src = "[event]\nname = \"t\"\nslot_minutes = 50\n\
             [[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\"]\n\
             [[rooms]]\nid = \"R1\"\ncapacity = 10\n\
             [[rooms]]\nid = \"R2\"\ncapacity = 10\nunavailable = [\"09:00\"]\n\
             [[talks]]\nid = \"a\"\naudience = 10\n\
             [[talks]]\nid = \"b\"\naudience = 10\n";
        let p = parse("t.toml", src).expect("parses");
        let old = r#"{"assignments": [
          {"talk": "a", "day": "2020-01-01", "start": "09:00", "room": "R1"},
          {"talk": "b", "day": "2020-01-01", "start": "09:00", "room": "R2"}]}"#;
        crate::problem::baseline::attach(p, "old.json", old, None).expect("baseline")
    }

    /// The optimum of the relaxation with every talk's leeway `leeway`.
    fn relaxed_optimum(p: &Problem, leeway: Leeway) -> f64 {
        let doms = analysis::domains(p);
        let opts = ModelOptions {
            changes_only: true,
            leeway: Some(vec![leeway; p.talks.len()]),
            ..ModelOptions::default()
        };
        let mut m = Model::build(p, &doms, Scope::all(p), &opts);
        let req = Request {
            vars: std::mem::take(&mut m.vars),
            objective: std::mem::replace(&mut m.objective, 0.0.into()),
            constraints: std::mem::take(&mut m.constraints),
            ..Request::default()
        };
        match backend::solve(Backend::Microlp, req, &mut |_| ControlFlow::Continue(())) {
            Ok(Answer::Solved { objective, .. }) => objective,
            _ => panic!("the relaxation has a solution"),
        }
    }

    #[test]
    fn a_slot_holds_no_more_talks_than_its_open_rooms_even_counted() {
        // `b` cannot stay; "some other room at 09:00" is R1, which `a`
        // holds: one of them must leave the slot (a time change, 20 + 10
        // for the hour), not just change rooms (10).
        let p = lost_room();
        let hour =
            (p.replan.time_change + p.replan.time_change_per_hour).min(p.replan.time_change_cap);
        assert!(hour > p.replan.room_change);
        #[allow(clippy::cast_precision_loss)]
        let hour = hour as f64;
        assert!((relaxed_optimum(&p, Leeway::Stays) - hour).abs() < 1e-6);
        // The relaxation is exact with every talk anywhere.
        assert!((relaxed_optimum(&p, Leeway::Anywhere) - hour).abs() < 1e-6);
    }
}
