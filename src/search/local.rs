//! Local search that improves a valid timetable before (and instead of)
//! a proof.
//!
//! In: a problem and valid placements. Out: valid placements whose
//! objective is no worse: moves swap two talks' places (same number of
//! parts) or move a talk into a free room and start, keeping every hard
//! rule; each accepted move lowers empty seats x weight + track clashes x
//! weight. Talks that are fixed, in a sequence or streamed never move.
//! Deterministic: a fixed-seed generator and move counts, not the clock
//! (only a stop request or the deadline ends it early).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::Control;
use super::state::State;
use crate::num::{float, float64};
use crate::problem::{Problem, RoomId, SlotId, TalkId};
use crate::timetable::Placement;
use crate::tuning;

/// Whether a talk may be moved by the search.
fn movable(p: &Problem, t: TalkId) -> bool {
    let talk = p.talk(t);
    !talk.overflow
        && talk.fixed_slot.is_none()
        && talk.fixed_room.is_none()
        && !p.sequences.iter().any(|s| s.talks.contains(&t))
}

/// Improves placements by simulated annealing over swaps and moves;
/// `effort` is the number of moves tried per movable talk. The best
/// timetable seen is returned.
pub fn improve(
    p: &Problem,
    placements: &[Placement],
    effort: usize,
    control: &Control,
) -> Vec<Placement> {
    improve_with(p, placements, effort, false, control)
}

/// Like [`improve`]; with `keep_seats`, no move may add empty seats (so a
/// timetable with the fewest empty seats keeps them while its clashes go
/// down).
pub fn improve_with(
    p: &Problem,
    placements: &[Placement],
    effort: usize,
    keep_seats: bool,
    control: &Control,
) -> Vec<Placement> {
    let mut st = State::new(p, placements);
    let movable: Vec<TalkId> = placements
        .iter()
        .map(|x| x.talk)
        .filter(|&t| movable(p, t))
        .collect();
    let mut best = st.at.clone();
    if movable.len() < 2 {
        return placements.to_vec();
    }
    let mut rng = ChaCha8Rng::seed_from_u64(tuning::LOCAL_SEARCH_SEED);
    let tries = effort.max(1) * movable.len();
    // Temperature: from about one track clash down to a fraction of a seat.
    let t0 = float64(p.weights.track_clash.max(p.weights.empty_seats)).max(1.0);
    let t1 = 0.05;
    let mut total: i64 = 0;
    let mut best_total: i64 = 0;
    for i in 0..tries {
        if i % 1024 == 0 && control.should_stop() {
            break;
        }
        let temp = t0 * (t1 / t0).powf(float(i) / float(tries));
        let a = movable[rng.random_range(0..movable.len())];
        let delta = if rng.random_bool(0.6) {
            let b = movable[rng.random_range(0..movable.len())];
            if a == b || p.talk(a).parts != p.talk(b).parts {
                continue;
            }
            try_swap(&mut st, a, b, temp, keep_seats, &mut rng)
        } else {
            try_move(&mut st, a, temp, keep_seats, &mut rng)
        };
        if let Some(d) = delta {
            total += d;
            if total < best_total {
                best_total = total;
                best = st.at.clone();
            }
        }
    }
    let mut out: Vec<Placement> = placements.to_vec();
    for x in &mut out {
        let (start, rooms) = &best[x.talk.index()];
        x.start = *start;
        x.rooms = rooms.clone();
    }
    out
}

/// Metropolis acceptance: better or equal always, worse with probability
/// exp(-delta / temp).
fn accept(delta: i64, temp: f64, rng: &mut ChaCha8Rng) -> bool {
    delta <= 0 || rng.random::<f64>() < (-float64(delta.unsigned_abs()) / temp).exp()
}

/// Swaps a and b if both fit and the change is accepted; returns the
/// change in objective.
fn try_swap(
    st: &mut State,
    a: TalkId,
    b: TalkId,
    temp: f64,
    keep_seats: bool,
    rng: &mut ChaCha8Rng,
) -> Option<i64> {
    let (sa, ra) = st.at[a.index()].clone();
    let (sb, rb) = st.at[b.index()].clone();
    // Declared tracks' days the swap touches, before and after.
    let days = st.track_days_at(&[(a, sa), (a, sb), (b, sa), (b, sb)]);
    let before = st.cost(a) + st.cost(b) + st.track_days_cost(&days);
    let seats_before = st.empty(a) + st.empty(b);
    st.remove(a);
    st.remove(b);
    if st.fits(a, sb, rb[0]) {
        st.at[a.index()] = (sb, rb.clone());
        st.add(a);
        if st.fits(b, sa, ra[0]) {
            st.at[b.index()] = (sa, ra.clone());
            st.add(b);
            // The pair's own clash is counted from both sides before and
            // after alike, so the difference is the objective's change.
            let delta = st.cost(a) + st.cost(b) + st.track_days_cost(&days) - before;
            let more_seats = st.empty(a) + st.empty(b) > seats_before;
            if !(keep_seats && more_seats) && accept(delta, temp, rng) {
                return Some(delta);
            }
            st.remove(b);
        }
        st.remove(a);
    }
    st.at[a.index()] = (sa, ra);
    st.at[b.index()] = (sb, rb);
    st.add(a);
    st.add(b);
    None
}

/// Moves a to a random room and start if it fits and the change is
/// accepted; returns the change in objective.
fn try_move(
    st: &mut State,
    a: TalkId,
    temp: f64,
    keep_seats: bool,
    rng: &mut ChaCha8Rng,
) -> Option<i64> {
    let p = st.p;
    let (sa, ra) = st.at[a.index()].clone();
    let start = SlotId::at(rng.random_range(0..p.slots.len()));
    let room = RoomId::at(rng.random_range(0..p.rooms.len()));
    let days = st.track_days_at(&[(a, sa), (a, start)]);
    let before = st.cost(a) + st.track_days_cost(&days);
    let seats_before = st.empty(a);
    st.remove(a);
    if st.fits(a, start, room) {
        st.at[a.index()] = (start, vec![room]);
        st.add(a);
        let delta = st.cost(a) + st.track_days_cost(&days) - before;
        let more_seats = st.empty(a) > seats_before;
        if !(keep_seats && more_seats) && accept(delta, temp, rng) {
            return Some(delta);
        }
        st.remove(a);
    }
    st.at[a.index()] = (sa, ra);
    st.add(a);
    None
}
