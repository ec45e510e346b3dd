//! Large-neighbourhood search: re-optimise windows of the timetable
//! exactly while the rest stays put.
//!
//! In: the search context with a valid best timetable. Out: a best
//! timetable that is no worse. Each round first runs the local search
//! again from the best timetable (a new seed each round: another walk from
//! the same start), then frees one window (a day's talks, a group of rooms'
//! talks, or a random set of talks), pins every other talk to its current
//! start and main room, solves that small model (one class per room)
//! warm-started from the current timetable, and keeps the result if it is
//! valid and better. Windows whose models come back empty-handed
//! [`tuning::WINDOW_FAILURES`] times in a row are left out (the local
//! search gets the time), and tried again every
//! [`tuning::WINDOW_RETRY_ROUNDS`] rounds. Deterministic in its choice of
//! windows and seeds; how many rounds fit depends on the clock.

use std::sync::Arc;
use std::time::Duration;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::run::{self, Run, Started};
use super::state::State;
use super::{Ctx, R, Stage, trace};
use crate::analysis::{Domain, Scope};
use crate::model::{ModelOptions, estimated_variables};
use crate::problem::{Problem, RoomId, SlotId, TalkId};
use crate::timetable::{Placement, Timetable};
use crate::tuning;

/// One local round before the full model (see `solve`), from the best
/// timetable, with a seed of its own: the rounds of [`improve`] stay as
/// they are.
pub(super) fn round_before_model(cx: &mut Ctx) -> R {
    let Some(best) = cx.best.timetable().cloned() else {
        return Ok(());
    };
    let heat = tuning::LOCAL_ROUND_HEAT[0];
    local_round(
        cx,
        &best.placements,
        (tuning::ROUND_BEFORE_MODEL_SEED, heat),
    )
}

/// Runs rounds until the deadline, a stop request, or a proof.
pub(super) fn improve(cx: &mut Ctx) -> R {
    let p = Arc::clone(&cx.p);
    let mut rng = ChaCha8Rng::seed_from_u64(tuning::NEIGHBOURHOOD_SEED);
    let room_groups: Vec<Vec<RoomId>> = p
        .room_ids()
        .collect::<Vec<_>>()
        .chunks(tuning::ROOM_GROUP)
        .map(<[RoomId]>::to_vec)
        .collect();
    let mut round = 0usize;
    // Per kind of window: models in a row that returned nothing.
    let mut failures = [0usize; KINDS];
    while !cx.done() {
        let Some(best) = cx.best.timetable().cloned() else {
            return Ok(());
        };
        let this_round = round;
        let kind = round % KINDS;
        let skip = failures[kind] >= tuning::WINDOW_FAILURES
            && !(round / KINDS).is_multiple_of(tuning::WINDOW_RETRY_ROUNDS);
        let (window, within) = window(&p, &best, kind, &room_groups, &mut rng);
        round += 1;
        let planned = if skip {
            None
        } else {
            plan(cx, &best, &window, within.as_deref())
        };
        let limit = cx
            .control()
            .left()
            .map_or(tuning::WINDOW_TIME, |l| l.min(tuning::WINDOW_TIME));
        let warm = Some(best.placements.clone());
        let scope = (Scope::all(&p), Some(tuning::WINDOW_MAX_VARIABLES));
        // With a second thread the window's model runs beside the local
        // round; both start from the same timetable and are offered in the
        // same order as with one thread, so the rounds are the same.
        let beside = match &planned {
            Some((doms, opts)) if cx.opts.threads() > 1 => Some(run::start(
                cx,
                doms,
                opts,
                scope.clone(),
                Some(limit),
                warm.clone(),
                Stage::Neighbourhoods,
            )?),
            _ => None,
        };
        let seed = tuning::LOCAL_SEARCH_SEED.wrapping_add(1 + crate::num::count64(this_round));
        let heat = tuning::LOCAL_ROUND_HEAT[this_round % tuning::LOCAL_ROUND_HEAT.len()];
        let local = local_round(cx, &best.placements, (seed, heat));
        if local.is_err() || cx.done() {
            if let Some(Started::Pending(pending)) = beside {
                pending.abandon();
            }
            local?;
            break;
        }
        let Some((doms, opts)) = planned else {
            if !skip {
                failures[kind] += 1;
            }
            continue;
        };
        let run = match beside {
            Some(Started::Now(run)) => run,
            Some(Started::Pending(pending)) => pending.wait(cx)?.0,
            None => run::model_capped(
                cx,
                &doms,
                &opts,
                scope,
                Some(limit),
                warm,
                Stage::Neighbourhoods,
            )?,
        };
        if !matches!(run, Run::Found(..)) {
            failures[kind] += 1;
        }
        if let Run::Found(tt, _) = run {
            failures[kind] = 0;
            let before = cx.best.objective();
            cx.offer(tt.placements, Stage::Neighbourhoods)?;
            if cx.best.objective() < before {
                cx.report(Stage::Neighbourhoods);
            }
        }
        if limit == Duration::ZERO {
            break;
        }
    }
    Ok(())
}

/// The window's model: every talk outside the window pinned to its start
/// and main room, the window's talks free (within `within`'s rooms when
/// given); `None` when the model would be too large.
fn plan(
    cx: &Ctx,
    best: &Timetable,
    window: &[TalkId],
    within: Option<&[RoomId]>,
) -> Option<(Arc<Vec<Domain>>, ModelOptions)> {
    let p = &cx.p;
    let doms: Vec<Domain> = p
        .talk_ids()
        .map(|t| match best.placement(t) {
            Some(x) if !window.contains(&t) => pinned(x),
            Some(x) => match within {
                Some(rooms) => {
                    let mut d = cx.doms[t.index()].clone();
                    d.rooms.retain(|r| rooms.contains(r));
                    if d.rooms.is_empty() { pinned(x) } else { d }
                }
                None => cx.doms[t.index()].clone(),
            },
            None => cx.doms[t.index()].clone(),
        })
        .collect();
    let opts = ModelOptions {
        per_room: true,
        ..super::full_model_options(cx)
    };
    let estimate = estimated_variables(p, &doms, &Scope::all(p), true, None);
    if estimate > tuning::WINDOW_MAX_VARIABLES {
        trace(&format!(
            "neighbourhoods: a window of about {estimate} variables is left out"
        ));
        return None;
    }
    Some((Arc::new(doms), opts))
}

/// The local search again from the best timetable, with the round's seed
/// and starting temperature.
fn local_round(cx: &mut Ctx, from: &[Placement], (seed, heat): (u64, f64)) -> R {
    let control = cx.control().clone();
    let found = super::local::improve_seeded(
        &cx.p,
        from,
        tuning::LOCAL_SEARCH_EFFORT,
        (seed, heat),
        cx.enough(from),
        &control,
    );
    let before = cx.best.objective();
    cx.offer(found, Stage::LocalSearch)?;
    if cx.best.objective() < before {
        cx.report(Stage::LocalSearch);
    }
    Ok(())
}

/// A talk pinned to its place.
fn pinned(x: &Placement) -> Domain {
    Domain {
        starts: vec![x.start],
        rooms: vec![x.rooms[0]],
    }
}

/// Kinds of windows: a day, a room group, a random set, a track.
const KINDS: usize = 4;

/// The talks freed by a window of this kind: a day's, a room group's, a
/// random set, or a declared track's that costs something (its talks
/// first, then the other talks in its rooms on its days); too large a
/// window is cut at random to a size one solve can take. A track's window
/// keeps its talks in its rooms (the rooms it uses or prefers): the model
/// stays small enough to solve.
fn window(
    p: &Problem,
    best: &Timetable,
    kind: usize,
    room_groups: &[Vec<RoomId>],
    rng: &mut ChaCha8Rng,
) -> (Vec<TalkId>, Option<Vec<RoomId>>) {
    if kind == 3
        && let Some((w, rooms)) = track_window(p, best, rng)
    {
        return (w, Some(rooms));
    }
    let mut window: Vec<TalkId> = match kind {
        0 if p.days.len() > 1 => {
            let d = rng.random_range(0..p.days.len());
            best.placements
                .iter()
                .filter(|x| p.slot(x.start).day.index() == d)
                .map(|x| x.talk)
                .collect()
        }
        1 if room_groups.len() > 1 => {
            let g = &room_groups[rng.random_range(0..room_groups.len())];
            best.placements
                .iter()
                .filter(|x| x.rooms.iter().any(|r| g.contains(r)))
                .map(|x| x.talk)
                .collect()
        }
        _ => {
            let mut all: Vec<TalkId> = p.talk_ids().collect();
            all.shuffle(rng);
            all.truncate(tuning::RANDOM_WINDOW);
            all
        }
    };
    if window.len() > 2 * tuning::RANDOM_WINDOW {
        window.shuffle(rng);
        window.truncate(2 * tuning::RANDOM_WINDOW);
    }
    (window, None)
}

/// One or two declared tracks whose talks cost something where they are
/// (their own costs, clashes and conflicts, their rooms and gaps), chosen
/// at random: their talks, then the other talks in the rooms they use or
/// prefer on their days, cut at random to twice [`tuning::RANDOM_WINDOW`]
/// (the tracks' own talks stay); and those rooms, with
/// [`tuning::TRACK_WINDOW_SPARE_ROOMS`] random others.
fn track_window(
    p: &Problem,
    best: &Timetable,
    rng: &mut ChaCha8Rng,
) -> Option<(Vec<TalkId>, Vec<RoomId>)> {
    let st = State::new(p, &best.placements);
    let mut talks = vec![Vec::new(); p.tracks.len()];
    for x in &best.placements {
        if let Some(k) = p.talk(x.talk).track {
            talks[k.index()].push(x.talk);
        }
    }
    let costly: Vec<usize> = (0..p.tracks.len())
        .filter(|&k| p.track_rules[k].declared.is_some() && !talks[k].is_empty())
        .filter(|&k| {
            let at: Vec<(TalkId, SlotId)> =
                talks[k].iter().map(|&t| (t, st.at[t.index()].0)).collect();
            let own: i64 = talks[k].iter().map(|&t| st.cost(t)).sum();
            own + st.track_days_cost(&st.track_days_at(&at)) > 0
        })
        .collect();
    if costly.is_empty() {
        return None;
    }
    let mut chosen = vec![costly[rng.random_range(0..costly.len())]];
    let second = costly[rng.random_range(0..costly.len())];
    if rng.random_bool(0.5) && second != chosen[0] {
        chosen.push(second);
    }
    let mine: Vec<TalkId> = chosen
        .iter()
        .flat_map(|&k| talks[k].iter().copied())
        .collect();
    let days: Vec<usize> = mine
        .iter()
        .map(|&t| p.slot(st.at[t.index()].0).day.index())
        .collect();
    let mut rooms: Vec<RoomId> = mine.iter().map(|&t| st.at[t.index()].1[0]).collect();
    for &k in &chosen {
        rooms.extend(p.track_rules[k].rooms.iter().copied());
    }
    let mut others: Vec<TalkId> = best
        .placements
        .iter()
        .filter(|x| !mine.contains(&x.talk))
        .filter(|x| days.contains(&p.slot(x.start).day.index()))
        .filter(|x| x.rooms.iter().any(|r| rooms.contains(r)))
        .map(|x| x.talk)
        .collect();
    others.shuffle(rng);
    others.truncate((2 * tuning::RANDOM_WINDOW).saturating_sub(mine.len()));
    let mut window = mine;
    window.extend(others);
    // A few other rooms, for the talks that make way.
    for _ in 0..tuning::TRACK_WINDOW_SPARE_ROOMS {
        rooms.push(RoomId::at(rng.random_range(0..p.rooms.len())));
    }
    rooms.sort();
    rooms.dedup();
    Some((window, rooms))
}
