//! Large-neighbourhood search: re-optimise windows of the timetable
//! exactly while the rest stays put.
//!
//! In: the search context with a valid best timetable. Out: a best
//! timetable that is no worse. Each round frees one window (a day's talks,
//! a group of rooms' talks, or a random set of talks), pins every other
//! talk to its current start and main room, solves that small model (one
//! class per room) warm-started from the current timetable, and keeps the
//! result if it is valid and better. Deterministic in its choice of windows
//! (a fixed seed); how many rounds fit depends on the clock.

use std::sync::Arc;
use std::time::Duration;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::run::{self, Run};
use super::{Ctx, R, Stage};
use crate::analysis::{Domain, Scope};
use crate::model::ModelOptions;
use crate::problem::{Problem, RoomId, TalkId};
use crate::timetable::{Placement, Timetable};
use crate::tuning;

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
    while !cx.done() {
        let Some(best) = cx.best.timetable().cloned() else {
            return Ok(());
        };
        let window = window(&p, &best, round, &room_groups, &mut rng);
        round += 1;
        let doms: Vec<Domain> = p
            .talk_ids()
            .map(|t| match best.placement(t) {
                Some(x) if !window.contains(&t) => pinned(x),
                _ => cx.doms[t.index()].clone(),
            })
            .collect();
        let opts = ModelOptions {
            per_room: true,
            ..super::full_model_options(cx)
        };
        let limit = cx
            .control()
            .left()
            .map_or(tuning::WINDOW_TIME, |l| l.min(tuning::WINDOW_TIME));
        let warm = Some(best.placements.clone());
        let run = run::model_with(
            cx,
            &Arc::new(doms),
            &opts,
            Scope::all(&p),
            Some(limit),
            warm,
            Stage::Neighbourhoods,
        )?;
        if let Run::Found(tt, _) = run {
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

/// A talk pinned to its place.
fn pinned(x: &Placement) -> Domain {
    Domain {
        starts: vec![x.start],
        rooms: vec![x.rooms[0]],
    }
}

/// The talks freed in round `round`: a day's, a room group's, or a random
/// set; too large a window is cut at random to a size one solve can take.
fn window(
    p: &Problem,
    best: &Timetable,
    round: usize,
    room_groups: &[Vec<RoomId>],
    rng: &mut ChaCha8Rng,
) -> Vec<TalkId> {
    let mut window: Vec<TalkId> = match round % 3 {
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
    window
}
