//! Large-neighbourhood search: re-optimise windows of the timetable
//! exactly while the rest stays put.
//!
//! In: the search state with a valid best timetable and a deadline. Out: a
//! best timetable that is no worse. Each round frees one window (a day's
//! talks, a group of rooms' talks, or a random set of talks), pins every
//! other talk to its current start and main room, solves that small model
//! (one class per room) warm-started from the current timetable, and keeps
//! the result if it is valid and better. Deterministic in its choice of
//! windows (a fixed seed); how many rounds fit depends on the clock.

use std::time::Instant;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{Run, Search, Status, run_model};
use crate::analysis::{Domain, Scope};
use crate::model::ModelOptions;
use crate::problem::{RoomId, TalkId};

/// Talks freed by a random window.
const RANDOM_WINDOW: usize = 30;
/// Seconds one window may take at most.
const WINDOW_SECONDS: f64 = 5.0;

/// Runs rounds until the deadline, a stop request, or a proof.
pub(super) fn improve(s: &mut Search, deadline: Instant) {
    let p = s.p;
    let mut rng = ChaCha8Rng::seed_from_u64(0x1a5);
    let mut round = 0usize;
    let room_groups: Vec<Vec<RoomId>> = p
        .room_ids()
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|c| c.to_vec())
        .collect();
    while Instant::now() < deadline && !s.opts.control.stopped() && !s.proven() {
        let Some(best) = s.best.clone() else { return };
        let window: Vec<TalkId> = match round % 3 {
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
                all.shuffle(&mut rng);
                all.truncate(RANDOM_WINDOW);
                all
            }
        };
        round += 1;
        // Too large a window is cut at random to a size one solve can take.
        let mut window = window;
        if window.len() > 2 * RANDOM_WINDOW {
            window.shuffle(&mut rng);
            window.truncate(2 * RANDOM_WINDOW);
        }
        let doms: Vec<Domain> = p
            .talk_ids()
            .map(|t| {
                if window.contains(&t) {
                    s.doms[t.index()].clone()
                } else {
                    let x = best.placement(t).expect("a complete timetable");
                    Domain {
                        starts: vec![x.start],
                        rooms: vec![x.rooms[0]],
                    }
                }
            })
            .collect();
        let opts = ModelOptions {
            per_room: true,
            ..s.model_opts.clone()
        };
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        let limit = Some(left.min(WINDOW_SECONDS));
        let mut stats = super::Stats::default();
        if let Ok(Run::Found(tt)) = run_model(
            p,
            &doms,
            Scope::all(p),
            &opts,
            limit,
            Some(&best.placements),
            &mut stats,
        ) {
            let before = s.best.as_ref().map(|b| b.score.objective);
            s.offer(tt.placements, Status::Feasible);
            if s.best.as_ref().map(|b| b.score.objective) < before {
                s.report("neighbourhoods");
            }
        }
    }
}
