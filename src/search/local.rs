//! Local search that improves a valid timetable before (and instead of)
//! a proof.
//!
//! In: a problem and valid placements. Out: valid placements whose
//! objective is no worse: moves swap two talks' places (same number of
//! parts) or move a talk into a free room and start, keeping every hard
//! rule; moves are accepted by their change in the whole objective. Where
//! declared tracks have rooms or gaps to pay for, three more moves work on
//! tracks: a talk goes right before or after a talk of its track, in that
//! talk's room (swapping with a talk of its length already there), or two
//! or three talks of a track and a length trade places; a
//! track's day gathers into one of its rooms (each talk keeps its time,
//! swapping with a talk of its length there); and two rooms swap their
//! talks over a stretch of a day (one track's rooms for another's), or two
//! room-sessions of one length trade their talks (a track's session moves
//! to another time and room). Relief moves take a talk that pays
//! preference units, or sits away from the room its declared track holds
//! most that day, to a place where it pays fewer (or next to its track in
//! that room), the talks in its way making room elsewhere; they also run
//! cold (only gains kept) before and after the walk. Overflow (streamed)
//! talks only move, to a start and main room with extra rooms gathered as
//! the greedy timetable gathers them. Talks that are fixed or in a
//! sequence never move. Deterministic: a fixed-seed generator and move
//! counts, not the clock (only a stop request or the deadline ends it
//! early).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::Control;
use super::state::State;
use crate::num::{float, float64};
use crate::problem::{Problem, RoomId, SlotId, TalkId, rules};
use crate::timetable::Placement;
use crate::tuning;

/// A compound move: talks, each to a new start and main room.
type Batch = Vec<(TalkId, SlotId, RoomId)>;

/// What the track moves need: each track's talks and which talks move.
struct Tracks {
    /// Per track: its talks, in id order.
    talks: Vec<Vec<TalkId>>,
    /// Per talk: whether the search may move it.
    movable: Vec<bool>,
    /// The movable talks of declared tracks.
    declared: Vec<TalkId>,
    /// Runs of consecutive slots (no break, one day), as slot index
    /// ranges, and each slot's run.
    sessions: Vec<std::ops::Range<usize>>,
    session_of: Vec<usize>,
}

impl Tracks {
    /// `None` when no declared track has rooms or gaps to pay for.
    fn new(p: &Problem, movable: &[TalkId]) -> Option<Self> {
        let w = &p.weights;
        let declared = |t: TalkId| {
            p.talk(t)
                .track
                .is_some_and(|k| p.track_rules[k.index()].declared.is_some())
        };
        let ours: Vec<TalkId> = movable.iter().copied().filter(|&t| declared(t)).collect();
        if ours.is_empty() || (w.track_rooms == 0 && w.track_gaps == 0) {
            return None;
        }
        let mut talks = vec![Vec::new(); p.tracks.len()];
        for t in p.talk_ids() {
            if let Some(k) = p.talk(t).track {
                talks[k.index()].push(t);
            }
        }
        let mut is_movable = vec![false; p.talks.len()];
        for &t in movable {
            is_movable[t.index()] = true;
        }
        let mut sessions: Vec<std::ops::Range<usize>> = Vec::new();
        let mut session_of = vec![0; p.slots.len()];
        let mut from = 0;
        for (i, slot) in p.slots.iter().enumerate() {
            session_of[i] = sessions.len();
            if !slot.consecutive_with_next || i + 1 == p.slots.len() {
                sessions.push(from..i + 1);
                from = i + 1;
            }
        }
        Some(Tracks {
            talks,
            movable: is_movable,
            declared: ours,
            sessions,
            session_of,
        })
    }
}

/// Whether an overflow talk may be moved (only by [`try_move`]).
fn movable_overflow(p: &Problem, t: TalkId) -> bool {
    let talk = p.talk(t);
    talk.overflow
        && talk.fixed_slot.is_none()
        && talk.fixed_room.is_none()
        && !p.sequences.iter().any(|s| s.talks.contains(&t))
}

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
    improve_seeded(
        p,
        placements,
        effort,
        (tuning::LOCAL_SEARCH_SEED, 1.0),
        None,
        control,
    )
}

/// Like [`improve`], with the generator's seed given (another seed is
/// another search from the same start) and the starting temperature
/// multiplied by `heat` (hotter: more worse moves early, to leave a local
/// optimum). With `enough`, the search stops as soon as the objective has
/// changed by that much (at most 0: the change that meets a proven lower
/// bound, beyond which the walk could never keep a timetable), with the
/// timetable it would have returned at the end.
pub(crate) fn improve_seeded(
    p: &Problem,
    placements: &[Placement],
    effort: usize,
    (seed, heat): (u64, f64),
    enough: Option<i64>,
    control: &Control,
) -> Vec<Placement> {
    let met = |total: i64| enough.is_some_and(|e| total <= e);
    let mut st = State::new(p, placements);
    let mut moves = Moves::new(p, placements);
    let mut best = st.at.clone();
    if moves.movable.len() < 2 {
        return placements.to_vec();
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let tries = effort.max(1) * (moves.movable.len() + moves.overflow.len());
    // Temperature: from about one track clash down to a fraction of a seat.
    let t0 = float64(p.weights.track_clash.max(p.weights.empty_seats)).max(1.0) * heat;
    let t1 = 0.05;
    // Reliefs first, kept only where they pay: the walk starts hot and
    // soon leaves the start behind, with gains there the cool end may not
    // find again.
    let mut total = moves.polish(&mut st, &mut rng, control);
    if met(total) {
        return with_positions(placements, &st.at);
    }
    let mut best_total = total.min(0);
    if total < 0 {
        best = st.at.clone();
    }
    for i in 0..tries {
        // The clock every few moves (with thousands of attendees a move
        // can take a millisecond); the move lists every 1,024 as always.
        if i % tuning::LOCAL_STOP_CHECK == 0 && control.should_stop() {
            break;
        }
        if i % 1024 == 0 {
            moves.refresh(&st);
        }
        let temp = t0 * (t1 / t0).powf(float(i) / float(tries));
        if let Some(d) = moves.step(&mut st, temp, &mut rng) {
            total += d;
            if total < best_total {
                best_total = total;
                best = st.at.clone();
                if met(total) {
                    return with_positions(placements, &best);
                }
            }
        }
    }
    // And again from the best timetable the walk saw (unless told to stop).
    let out = with_positions(placements, &best);
    if control.should_stop() {
        return out;
    }
    let mut st = State::new(p, &out);
    if moves.polish(&mut st, &mut rng, control) < 0 {
        return with_positions(placements, &st.at);
    }
    out
}

/// What the moves draw from: the talks that move, the overflow talks that
/// only move, the track moves' data and the relief moves' data (each
/// `None` when nothing would pay for it).
struct Moves {
    movable: Vec<TalkId>,
    overflow: Vec<TalkId>,
    tracks: Option<Tracks>,
    relief: Option<Relief>,
}

impl Moves {
    fn new(p: &Problem, placements: &[Placement]) -> Self {
        let movable: Vec<TalkId> = placements
            .iter()
            .map(|x| x.talk)
            .filter(|&t| movable(p, t))
            .collect();
        // Overflow talks only move (to a start and main room, gathering
        // extra rooms as the greedy timetable does); swaps and track moves
        // keep one room per talk.
        let overflow: Vec<TalkId> = placements
            .iter()
            .map(|x| x.talk)
            .filter(|&t| movable_overflow(p, t))
            .collect();
        let tracks = Tracks::new(p, &movable);
        let relief = Relief::new(p, &movable);
        Moves {
            movable,
            overflow,
            tracks,
            relief,
        }
    }

    /// Brings what depends on the timetable up to date (the talks that
    /// pay preference units).
    fn refresh(&mut self, st: &State) {
        if let Some(r) = &mut self.relief {
            r.refresh(st, &self.movable);
        }
    }

    /// Relief moves for every talk that costs something a relief may
    /// save, up to [`tuning::RELIEF_POLISH`] each, until one lowers the
    /// objective (only such are kept); pass after pass while one does, or
    /// until `control` says stop. The change in objective out.
    fn polish(&mut self, st: &mut State, rng: &mut ChaCha8Rng, control: &Control) -> i64 {
        let mut total = 0;
        let Some(r) = &mut self.relief else {
            return 0;
        };
        loop {
            r.refresh(st, &self.movable);
            let before = total;
            for a in r.costly.clone() {
                if control.should_stop() {
                    return total;
                }
                for _ in 0..tuning::RELIEF_POLISH {
                    let Some(batch) = relieve(st, r, a, rng) else {
                        continue;
                    };
                    // Temperature 0: only moves that lower the objective.
                    if let Some(d) = try_batch(st, &batch, 0.0, rng) {
                        total += d;
                        break;
                    }
                }
            }
            if total >= before {
                return total;
            }
        }
    }

    /// Draws one move and tries it; the change in objective when it was
    /// made.
    fn step(&self, st: &mut State, temp: f64, rng: &mut ChaCha8Rng) -> Option<i64> {
        let p = st.p;
        let (movable, overflow) = (&self.movable, &self.overflow);
        if !overflow.is_empty()
            && rng.random_range(0..movable.len() + overflow.len()) < overflow.len()
        {
            let a = overflow[rng.random_range(0..overflow.len())];
            return try_move(st, a, temp, rng);
        }
        if let Some(r) = &self.relief
            && !r.costly.is_empty()
            && rng.random_bool(tuning::RELIEF_MOVES)
        {
            let a = r.costly[rng.random_range(0..r.costly.len())];
            let batch = relieve(st, r, a, rng)?;
            return try_batch(st, &batch, temp, rng);
        }
        let a = movable[rng.random_range(0..movable.len())];
        let track_move = self
            .tracks
            .as_ref()
            .and_then(|tr| pick_track_move(st, tr, a, rng));
        if let Some(batch) = track_move {
            try_batch(st, &batch?, temp, rng)
        } else if rng.random_bool(0.6) {
            let b = movable[rng.random_range(0..movable.len())];
            if a == b || p.talk(a).parts != p.talk(b).parts {
                return None;
            }
            try_swap(st, a, b, temp, rng)
        } else {
            try_move(st, a, temp, rng)
        }
    }
}

/// What the relief moves need: which talks move, each track's talks, and
/// the movable talks that cost something a relief may save: preference
/// units, or a room of their declared track's day other than the one it
/// holds most.
struct Relief {
    movable: Vec<bool>,
    by_track: Vec<Vec<TalkId>>,
    costly: Vec<TalkId>,
}

impl Relief {
    /// `None` when neither preferences nor declared tracks' rooms cost
    /// anything.
    fn new(p: &Problem, movable: &[TalkId]) -> Option<Self> {
        let rooms = p.weights.track_rooms > 0 && p.track_rules.iter().any(|k| k.declared.is_some());
        if p.weights.preferences == 0 && !rooms {
            return None;
        }
        let mut is_movable = vec![false; p.talks.len()];
        for &t in movable {
            is_movable[t.index()] = true;
        }
        let mut by_track = vec![Vec::new(); p.tracks.len()];
        for t in p.talk_ids() {
            if let Some(k) = p.talk(t).track {
                by_track[k.index()].push(t);
            }
        }
        Some(Relief {
            movable: is_movable,
            by_track,
            costly: Vec::new(),
        })
    }

    /// The movable talks that cost something a relief may save, now.
    fn refresh(&mut self, st: &State, movable: &[TalkId]) {
        let w = &st.p.weights;
        self.costly.clear();
        self.costly.extend(movable.iter().copied().filter(|&t| {
            (w.preferences > 0 && units_at(st, t) > 0)
                || (w.track_rooms > 0 && main_room_elsewhere(st, t).is_some())
        }));
    }
}

/// The preference units talk `t` pays where it is.
fn units_at(st: &State, t: TalkId) -> u64 {
    let (s, rooms) = &st.at[t.index()];
    rooms
        .first()
        .map_or(0, |&r| rules::preference_units(st.p, t, *s, r))
}

/// The room talk `t`'s declared track holds most on `t`'s day, when that
/// is not `t`'s main room.
fn main_room_elsewhere(st: &State, t: TalkId) -> Option<RoomId> {
    let p = st.p;
    let k = p.talk(t).track?.index();
    p.track_rules[k].declared.as_ref()?;
    let (s, rooms) = &st.at[t.index()];
    let main = st
        .track_rooms_on(k, p.slot(*s).day.index())
        .iter()
        .max_by_key(|(r, n)| (*n, std::cmp::Reverse(*r)))?
        .0;
    (Some(&main) != rooms.first()).then_some(main)
}

/// A talk `a` that pays preference units goes to a start and room where it
/// pays fewer, drawn at random (a few draws): the room its track holds most
/// that day, one its track prefers, its own, or any. A talk away from the
/// room its declared track holds most that day goes there, right after or
/// right before a talk of its track. The talks in its way make room
/// ([`make_way`]).
fn relieve(st: &State, r: &Relief, a: TalkId, rng: &mut ChaCha8Rng) -> Option<Batch> {
    let p = st.p;
    let now = units_at(st, a);
    let (sa, ra) = (st.at[a.index()].0, st.at[a.index()].1[0]);
    let target = if now > 0 && p.weights.preferences > 0 {
        (0..tuning::RELIEF_DRAWS).find_map(|_| {
            let s = SlotId::at(rng.random_range(0..p.slots.len()));
            let room = pick_room(st, a, s, rng);
            let better = rules::run(p, a, s).is_some()
                && (s, room) != (sa, ra)
                && rules::preference_units(p, a, s, room) < now;
            better.then_some((s, room))
        })?
    } else {
        let main = main_room_elsewhere(st, a)?;
        let k = p.talk(a).track?.index();
        let day = p.slot(sa).day;
        let there: Vec<TalkId> = r.by_track[k]
            .iter()
            .copied()
            .filter(|&m| st.at[m.index()].1[0] == main && p.slot(st.at[m.index()].0).day == day)
            .collect();
        let m = *there.get(rng.random_range(0..there.len().max(1)))?;
        let ms = st.at[m.index()].0.index();
        let s = if rng.random_bool(0.5) {
            ms + p.talk(m).parts as usize
        } else {
            ms.checked_sub(p.talk(a).parts as usize)?
        };
        (s < p.slots.len() && p.slot(SlotId::at(s)).day == day).then_some((SlotId::at(s), main))?
    };
    make_way(st, (&r.movable, &r.by_track), a, target, rng)
}

/// A room for talk `a` at start `s`, one of four kinds at random: the room
/// its track holds most on that day, one its track prefers, its own, or
/// any (also when the kind drawn has none).
fn pick_room(st: &State, a: TalkId, s: SlotId, rng: &mut ChaCha8Rng) -> RoomId {
    let p = st.p;
    let any = |rng: &mut ChaCha8Rng| RoomId::at(rng.random_range(0..p.rooms.len()));
    let track = p.talk(a).track.map(|k| k.index());
    match (rng.random_range(0..4), track) {
        (0, Some(k)) => st
            .track_rooms_on(k, p.slot(s).day.index())
            .iter()
            .max_by_key(|(r, n)| (*n, std::cmp::Reverse(*r)))
            .map_or_else(|| any(rng), |&(r, _)| r),
        (1, Some(k)) if !p.track_rules[k].rooms.is_empty() => {
            let rooms = &p.track_rules[k].rooms;
            rooms[rng.random_range(0..rooms.len())]
        }
        (2, _) => st.at[a.index()].1[0],
        _ => any(rng),
    }
}

/// Talk `a` to `(start, room)`, and the talks in its way there move too:
/// the first to `a`'s old place when that is open for it, the others (or
/// it) each to an open place drawn next to a talk of its track or anywhere
/// (a few draws each). `None` when one of them may not move (`movable`,
/// per talk) or finds no open place. The batch still has to fit.
fn make_way(
    st: &State,
    (movable, by_track): (&[bool], &[Vec<TalkId>]),
    a: TalkId,
    (start, room): (SlotId, RoomId),
    rng: &mut ChaCha8Rng,
) -> Option<Batch> {
    let p = st.p;
    let mut way: Vec<TalkId> = rules::run(p, a, start)?
        .filter_map(|s| st.occupant(room, s))
        .filter(|&o| o != a)
        .collect();
    way.dedup();
    let old = (st.at[a.index()].0, st.at[a.index()].1[0]);
    let mut leaving = way.clone();
    leaving.push(a);
    let mut batch: Batch = vec![(a, start, room)];
    for (i, &b) in way.iter().enumerate() {
        if !movable[b.index()] || st.at[b.index()].1.len() != 1 {
            return None;
        }
        let open = |(s, r): (SlotId, RoomId), batch: &Batch| open_for(st, batch, &leaving, b, s, r);
        let place = if i == 0 && open(old, &batch) {
            old
        } else {
            (0..tuning::RELIEF_DRAWS).find_map(|_| {
                let place = near_mate(st, by_track, b, rng).unwrap_or_else(|| {
                    (
                        SlotId::at(rng.random_range(0..p.slots.len())),
                        RoomId::at(rng.random_range(0..p.rooms.len())),
                    )
                });
                open(place, &batch).then_some(place)
            })?
        };
        batch.push((b, place.0, place.1));
    }
    Some(batch)
}

/// Half the time, a place right after or right before a random other talk
/// of `b`'s track, in that talk's main room (`None`: draw anywhere).
fn near_mate(
    st: &State,
    by_track: &[Vec<TalkId>],
    b: TalkId,
    rng: &mut ChaCha8Rng,
) -> Option<(SlotId, RoomId)> {
    let p = st.p;
    let mates = &by_track[p.talk(b).track?.index()];
    if mates.len() < 2 || rng.random_bool(0.5) {
        return None;
    }
    let m = mates[rng.random_range(0..mates.len())];
    let (ms, mrooms) = &st.at[m.index()];
    let start = if rng.random_bool(0.5) {
        ms.index() + p.talk(m).parts as usize
    } else {
        ms.index().checked_sub(p.talk(b).parts as usize)?
    };
    (m != b && start < p.slots.len()).then(|| (SlotId::at(start), mrooms[0]))
}

/// Whether talk `b` could start at `s` in room `r` as one of a batch's
/// moves, as far as rooms go: its own rules allow it, and the room is free
/// there but for talks that leave (`leaving`) and is not taken by a move
/// already in `batch`. The rest is for [`try_batch`] to check.
fn open_for(
    st: &State,
    batch: &Batch,
    leaving: &[TalkId],
    b: TalkId,
    s: SlotId,
    r: RoomId,
) -> bool {
    let p = st.p;
    let Some(run) = rules::run(p, b, s) else {
        return false;
    };
    let allowed = rules::main_room_allowed(p, b, r)
        && rules::room_free(p, r, s, p.talk(b).parts)
        && rules::start_allowed(p, b, s, |_| true);
    let free = run
        .clone()
        .all(|x| st.occupant(r, x).is_none_or(|o| leaving.contains(&o)));
    let untaken = batch.iter().all(|&(t, ts, tr)| {
        let theirs = ts.index()..ts.index() + p.talk(t).parts as usize;
        tr != r || theirs.end <= run.start || run.end <= theirs.start
    });
    allowed && free && untaken
}

/// State, tracks, talk, generator in; `None` for no track move, else the drawn batch (if any) out.
fn pick_track_move(
    st: &State,
    tr: &Tracks,
    a: TalkId,
    rng: &mut ChaCha8Rng,
) -> Option<Option<Batch>> {
    let pick = rng.random::<f64>();
    let batch = if pick < tuning::TRACK_MOVE_NEXT_TO_MATE {
        next_to_mate(st, tr, a, rng)
    } else if pick < tuning::TRACK_MOVE_NEXT_TO_MATE + tuning::TRACK_MOVE_GATHER {
        gather(st, tr, rng)
    } else if pick
        < tuning::TRACK_MOVE_NEXT_TO_MATE + tuning::TRACK_MOVE_GATHER + tuning::TRACK_MOVE_ROOM_SWAP
    {
        room_swap(st, tr, rng)
    } else if pick
        < tuning::TRACK_MOVE_NEXT_TO_MATE
            + tuning::TRACK_MOVE_GATHER
            + tuning::TRACK_MOVE_ROOM_SWAP
            + tuning::TRACK_MOVE_BLOCK_SWAP
    {
        block_swap(st, tr, rng)
    } else {
        return None;
    };
    Some(batch)
}

/// Placements and best positions in; the placements moved to those starts and rooms out.
fn with_positions(placements: &[Placement], best: &[(SlotId, Vec<RoomId>)]) -> Vec<Placement> {
    let mut out: Vec<Placement> = placements.to_vec();
    for x in &mut out {
        let (start, rooms) = &best[x.talk.index()];
        x.start = *start;
        x.rooms = rooms.clone();
    }
    out
}

/// Metropolis acceptance: better or equal always, worse with probability
/// exp(-delta / temp); at temperature 0, only better.
fn accept(delta: i64, temp: f64, rng: &mut ChaCha8Rng) -> bool {
    delta < 0
        || (temp > 0.0
            && (delta == 0 || rng.random::<f64>() < (-float64(delta.unsigned_abs()) / temp).exp()))
}

/// Swaps a and b if both fit and the change is accepted; returns the
/// change in objective.
fn try_swap(st: &mut State, a: TalkId, b: TalkId, temp: f64, rng: &mut ChaCha8Rng) -> Option<i64> {
    let (sa, ra) = st.at[a.index()].clone();
    let (sb, rb) = st.at[b.index()].clone();
    // Declared tracks' days the swap touches, before and after.
    let days = st.track_days_at(&[(a, sa), (a, sb), (b, sa), (b, sb)]);
    let before = st.cost(a) + st.cost(b) + st.track_days_cost(&days);
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
            if accept(delta, temp, rng) {
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
fn try_move(st: &mut State, a: TalkId, temp: f64, rng: &mut ChaCha8Rng) -> Option<i64> {
    let p = st.p;
    let (sa, ra) = st.at[a.index()].clone();
    let start = SlotId::at(rng.random_range(0..p.slots.len()));
    let room = RoomId::at(rng.random_range(0..p.rooms.len()));
    let days = st.track_days_at(&[(a, sa), (a, start)]);
    let before = st.cost(a) + st.track_days_cost(&days);
    st.remove(a);
    let rooms = if !st.fits(a, start, room) {
        None
    } else if p.talk(a).overflow {
        st.extra_rooms(a, start, room)
    } else {
        Some(vec![room])
    };
    if let Some(rooms) = rooms {
        st.at[a.index()] = (start, rooms);
        st.add(a);
        let delta = st.cost(a) + st.track_days_cost(&days) - before;
        if accept(delta, temp, rng) {
            return Some(delta);
        }
        st.remove(a);
    }
    st.at[a.index()] = (sa, ra);
    st.add(a);
    None
}

/// Moves every talk of `batch` at once (each to its start, alone in its
/// main room) if all fit and the change is accepted; returns the change in
/// objective. Each talk is checked against the others' new places (the
/// ones placed before it) and their counts; nothing changes otherwise.
fn try_batch(
    st: &mut State,
    batch: &[(TalkId, SlotId, RoomId)],
    temp: f64,
    rng: &mut ChaCha8Rng,
) -> Option<i64> {
    let p = st.p;
    let old: Vec<(TalkId, SlotId, Vec<RoomId>)> = batch
        .iter()
        .map(|&(t, _, _)| {
            let (s, rs) = st.at[t.index()].clone();
            (t, s, rs)
        })
        .collect();
    let talks: Vec<TalkId> = batch.iter().map(|&(t, _, _)| t).collect();
    let mut at: Vec<(TalkId, SlotId)> = old.iter().map(|(t, s, _)| (*t, *s)).collect();
    at.extend(batch.iter().map(|&(t, s, _)| (t, s)));
    let days = st.track_days_at(&at);
    let mut slots: Vec<usize> = at
        .iter()
        .flat_map(|&(t, s)| s.index()..(s.index() + p.talk(t).parts as usize).min(p.slots.len()))
        .collect();
    slots.sort_unstable();
    slots.dedup();
    let before = st.local_cost(&talks, &slots, &days);
    for &t in &talks {
        st.remove(t);
        st.at[t.index()].1.clear();
    }
    let mut placed = 0;
    for &(t, s, r) in batch {
        if !st.fits(t, s, r) {
            break;
        }
        st.at[t.index()] = (s, vec![r]);
        st.add(t);
        placed += 1;
    }
    if placed == batch.len() {
        let delta = st.local_cost(&talks, &slots, &days) - before;
        if accept(delta, temp, rng) {
            return Some(delta);
        }
    }
    for &(t, _, _) in &batch[..placed] {
        st.remove(t);
    }
    for (t, s, rs) in old {
        st.at[t.index()] = (s, rs);
        st.add(t);
    }
    None
}

/// A talk `a` of a track goes right after or right before another talk of
/// its track, in that talk's main room; a talk of the same length starting
/// there takes `a`'s old place.
fn next_to_mate(st: &State, tr: &Tracks, a: TalkId, rng: &mut ChaCha8Rng) -> Option<Batch> {
    let p = st.p;
    let k = p.talk(a).track?.index();
    let mates = &tr.talks[k];
    let mate = mates[rng.random_range(0..mates.len())];
    if mate == a {
        return None;
    }
    let (ms, mrooms) = &st.at[mate.index()];
    let room = *mrooms.first()?;
    let parts = p.talk(a).parts as usize;
    if rng.random_bool(0.5) {
        return rotate_mates(st, tr, a, mate, k, rng);
    }
    let start = if rng.random_bool(0.5) {
        ms.index() + p.talk(mate).parts as usize
    } else {
        ms.index().checked_sub(parts)?
    };
    if start + parts > p.slots.len() {
        return None;
    }
    let start = SlotId::at(start);
    if p.slot(start).day != p.slot(*ms).day {
        return None;
    }
    let (sa, ra) = &st.at[a.index()];
    if start == *sa && room == ra[0] {
        return None;
    }
    let mut there: Vec<TalkId> = (start.index()..start.index() + parts)
        .filter_map(|s| st.occupant(room, s))
        .filter(|&o| o != a)
        .collect();
    there.dedup();
    match there[..] {
        [] => Some(vec![(a, start, room)]),
        [b] if exchangeable(st, tr, b, start, parts) => {
            Some(vec![(a, start, room), (b, *sa, ra[0])])
        }
        _ => None,
    }
}

/// Talks of one track and one length trade places: `a` and `mate`, or
/// `a`, `mate` and a third in a ring (a to the mate's place, the mate to
/// the third's, the third to a's).
fn rotate_mates(
    st: &State,
    tr: &Tracks,
    a: TalkId,
    mate: TalkId,
    k: usize,
    rng: &mut ChaCha8Rng,
) -> Option<Batch> {
    let p = st.p;
    let parts = p.talk(a).parts;
    let same = |t: TalkId| {
        tr.movable[t.index()] && p.talk(t).parts == parts && st.at[t.index()].1.len() == 1
    };
    if !same(a) || !same(mate) {
        return None;
    }
    let place = |t: TalkId| (st.at[t.index()].0, st.at[t.index()].1[0]);
    let ring = if rng.random_bool(0.5) {
        vec![a, mate]
    } else {
        let mates = &tr.talks[k];
        let third = mates[rng.random_range(0..mates.len())];
        if third == a || third == mate || !same(third) {
            return None;
        }
        vec![a, mate, third]
    };
    Some(
        ring.iter()
            .enumerate()
            .map(|(i, &t)| {
                let (s, r) = place(ring[(i + 1) % ring.len()]);
                (t, s, r)
            })
            .collect(),
    )
}

/// Whether talk `b` may trade places with a talk of `parts` parts that
/// starts at `start`: it moves, starts there too, has that length and one
/// room.
fn exchangeable(st: &State, tr: &Tracks, b: TalkId, start: SlotId, parts: usize) -> bool {
    let (sb, rb) = &st.at[b.index()];
    tr.movable[b.index()] && *sb == start && st.p.talk(b).parts as usize == parts && rb.len() == 1
}

/// A declared track's day in several rooms gathers into one of them: each
/// of its talks elsewhere keeps its time and takes that room, trading
/// places with a talk of its length there.
fn gather(st: &State, tr: &Tracks, rng: &mut ChaCha8Rng) -> Option<Batch> {
    let p = st.p;
    let a = tr.declared[rng.random_range(0..tr.declared.len())];
    let k = p.talk(a).track?.index();
    let day = p.slot(st.at[a.index()].0).day.index();
    let used = st.track_rooms_on(k, day);
    if used.len() < 2 {
        return None;
    }
    let target = if rng.random_bool(0.5) {
        used.iter()
            .max_by_key(|(r, n)| (*n, std::cmp::Reverse(*r)))?
            .0
    } else {
        used[rng.random_range(0..used.len())].0
    };
    let mut batch: Batch = Vec::new();
    for &x in &tr.talks[k] {
        let (sx, rx) = &st.at[x.index()];
        if p.slot(*sx).day.index() != day || rx[0] == target {
            continue;
        }
        if !tr.movable[x.index()] {
            return None;
        }
        let parts = p.talk(x).parts as usize;
        let mut there: Vec<TalkId> = (sx.index()..sx.index() + parts)
            .filter_map(|s| st.occupant(target, s))
            .collect();
        there.dedup();
        batch.push((x, *sx, target));
        match there[..] {
            [] => {}
            [y] if p.talk(y).track.map(|t| t.index()) != Some(k)
                && exchangeable(st, tr, y, *sx, parts)
                && batch.iter().all(|&(t, _, _)| t != y) =>
            {
                batch.push((y, *sx, rx[0]));
            }
            _ => return None,
        }
    }
    (!batch.is_empty()).then_some(batch)
}

/// Two rooms trade their talks over a stretch of a day that no talk in
/// either runs across. With a talk `a` of a declared track whose day is in
/// several rooms: its room and the room holding most of the track's talks
/// that day trade the stretch of the track's talks back to back around `a`
/// in `a`'s room (widened to the nearest cuts). Otherwise `a`'s room and a
/// random room trade a random stretch between cuts.
fn room_swap(st: &State, tr: &Tracks, rng: &mut ChaCha8Rng) -> Option<Batch> {
    let p = st.p;
    let a = tr.declared[rng.random_range(0..tr.declared.len())];
    let k = p.talk(a).track?.index();
    let (sa, ra) = &st.at[a.index()];
    let day = p.slot(*sa).day.index();
    let first = ra[0];
    let used = st.track_rooms_on(k, day);
    let most = used
        .iter()
        .max_by_key(|(r, n)| (*n, std::cmp::Reverse(*r)))?
        .0;
    let second = if used.len() > 1 && most != first {
        most
    } else {
        RoomId::at(rng.random_range(0..p.rooms.len()))
    };
    if second == first {
        return None;
    }
    let slots: Vec<usize> = p.days[day].slots().map(SlotId::index).collect();
    let (lo, hi) = (slots[0], slots[slots.len() - 1] + 1);
    // Cuts: slot indices (and the day's end) that no talk in either room
    // runs across.
    let cut = |c: usize| {
        c == lo
            || c == hi
            || [first, second]
                .iter()
                .all(|&r| match (st.occupant(r, c - 1), st.occupant(r, c)) {
                    (Some(x), Some(y)) => x != y,
                    _ => true,
                })
    };
    let cuts: Vec<usize> = (lo..=hi).filter(|&c| cut(c)).collect();
    let (from, to) = if second == most && used.len() > 1 {
        // The run of the track's talks in `a`'s room around `a`, each
        // starting as the one before ends.
        let mut mine: Vec<(usize, usize)> = tr.talks[k]
            .iter()
            .filter_map(|&t| {
                let (s, rs) = &st.at[t.index()];
                (rs[0] == first && p.slot(*s).day.index() == day)
                    .then(|| (s.index(), s.index() + p.talk(t).parts as usize))
            })
            .collect();
        mine.sort_unstable();
        let (mut x, mut y) = (sa.index(), sa.index() + p.talk(a).parts as usize);
        for &(s, e) in mine.iter().rev() {
            if e == x {
                x = s;
            }
        }
        for &(s, e) in &mine {
            if s == y {
                y = e;
            }
        }
        let from = cuts.iter().copied().filter(|&c| c <= x).max()?;
        let to = cuts.iter().copied().filter(|&c| c >= y).min()?;
        (from, to)
    } else {
        let i = rng.random_range(0..cuts.len());
        let j = rng.random_range(0..cuts.len());
        (cuts[i.min(j)], cuts[i.max(j)])
    };
    if from >= to {
        return None;
    }
    let mut batch: Batch = Vec::new();
    for s in from..to {
        for (here, there) in [(first, second), (second, first)] {
            let Some(t) = st.occupant(here, s) else {
                continue;
            };
            let (ts, rs) = &st.at[t.index()];
            if ts.index() != s {
                continue;
            }
            if !tr.movable[t.index()] || rs.len() != 1 {
                return None;
            }
            batch.push((t, *ts, there));
        }
    }
    (!batch.is_empty()).then_some(batch)
}

/// Two (room, session) blocks of the same length trade their talks, each
/// keeping its offset in the session: the block of a talk of a declared
/// track, and a random session in a room its track prefers or uses (or any
/// room).
fn block_swap(st: &State, tr: &Tracks, rng: &mut ChaCha8Rng) -> Option<Batch> {
    let p = st.p;
    let a = tr.declared[rng.random_range(0..tr.declared.len())];
    let k = p.talk(a).track?.index();
    let (sa, ra) = &st.at[a.index()];
    let first = (tr.session_of[sa.index()], ra[0]);
    let len = tr.sessions[first.0].len();
    let same: Vec<usize> = (0..tr.sessions.len())
        .filter(|&i| tr.sessions[i].len() == len)
        .collect();
    let session = same[rng.random_range(0..same.len())];
    let preferred = &p.track_rules[k].rooms;
    let room = if !preferred.is_empty() && rng.random_bool(0.5) {
        preferred[rng.random_range(0..preferred.len())]
    } else {
        RoomId::at(rng.random_range(0..p.rooms.len()))
    };
    let second = (session, room);
    if second == first {
        return None;
    }
    let mut batch: Batch = Vec::new();
    for (here, there) in [(first, second), (second, first)] {
        let (from, to) = (&tr.sessions[here.0], &tr.sessions[there.0]);
        for s in from.clone() {
            let Some(t) = st.occupant(here.1, s) else {
                continue;
            };
            let (ts, rs) = &st.at[t.index()];
            if ts.index() != s {
                continue;
            }
            if !tr.movable[t.index()] || rs.len() != 1 {
                return None;
            }
            batch.push((t, SlotId::at(s - from.start + to.start), there.1));
        }
    }
    (!batch.is_empty()).then_some(batch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::parse;
    use crate::timetable::{score, verify};

    /// A problem from its days, rooms and talks, with every track declared.
    fn problem(body: &str) -> Problem {
        let src = format!("[event]\nname = \"t\"\nslot_minutes = 50\n{body}");
        parse("t.toml", &src).unwrap_or_else(|e| panic!("{e}\n{src}"))
    }

    fn id(p: &Problem, talk: &str) -> TalkId {
        p.talk_ids().find(|&t| p.talk(t).id == talk).expect("talk")
    }

    /// Placements from (talk, slot index, room index).
    fn placed(p: &Problem, spec: &[(&str, usize, usize)]) -> Vec<Placement> {
        let mut out: Vec<Placement> = spec
            .iter()
            .map(|&(t, s, r)| Placement {
                talk: id(p, t),
                start: SlotId::at(s),
                rooms: vec![RoomId::at(r)],
            })
            .collect();
        out.sort();
        out
    }

    fn tracks(p: &Problem) -> Tracks {
        let all: Vec<TalkId> = p.talk_ids().filter(|&t| movable(p, t)).collect();
        Tracks::new(p, &all).expect("declared tracks with rooms to pay for")
    }

    /// Tries a move from many seeds on a fresh state each time; every
    /// accepted batch must keep every rule and change the objective by
    /// exactly what it says. Returns the best objective reached and how
    /// many batches were accepted.
    fn best_after(
        p: &Problem,
        start: &[Placement],
        make: impl Fn(&State, &Tracks, TalkId, &mut ChaCha8Rng) -> Option<Batch>,
    ) -> (u64, usize) {
        let tr = tracks(p);
        best_after_any(p, start, |st, rng| {
            let a = tr.declared[rng.random_range(0..tr.declared.len())];
            make(st, &tr, a, rng)
        })
    }

    /// [`best_after`] for any move drawn from a state.
    fn best_after_any(
        p: &Problem,
        start: &[Placement],
        make: impl Fn(&State, &mut ChaCha8Rng) -> Option<Batch>,
    ) -> (u64, usize) {
        assert!(verify(p, start).is_empty());
        let before = score(p, start).objective;
        let mut best = before;
        let mut accepted = 0;
        for seed in 0..200 {
            let mut st = State::new(p, start);
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let Some(batch) = make(&st, &mut rng) else {
                continue;
            };
            let got = try_batch(&mut st, &batch, 1e-9, &mut rng);
            let after = st.placements();
            assert!(verify(p, &after).is_empty(), "{batch:?}");
            let now = score(p, &after).objective;
            match got {
                Some(delta) => {
                    assert_eq!(signed(now) - signed(before), delta, "{batch:?}");
                    best = best.min(now);
                    accepted += 1;
                }
                None => assert_eq!(after, start, "a refused batch changed the state"),
            }
        }
        (best, accepted)
    }

    fn signed(n: u64) -> i64 {
        crate::num::signed(n)
    }

    const THREE_ROOMS: &str = "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\", \"11:00\"]\n\
        [[rooms]]\nid = \"a\"\ncapacity = 10\n[[rooms]]\nid = \"b\"\ncapacity = 10\n\
        [[rooms]]\nid = \"c\"\ncapacity = 10\n[[tracks]]\nid = \"t\"\n[[tracks]]\nid = \"u\"\n";

    fn talk(id: &str, track: &str) -> String {
        format!(
            "[[talks]]\nid = \"{id}\"\nspeakers = [\"{id}\"]\naudience = 10\ntrack = \"{track}\"\n"
        )
    }

    #[test]
    fn gathering_puts_a_track_day_in_one_room() {
        let body: String = [
            THREE_ROOMS.to_string(),
            talk("t1", "t"),
            talk("t2", "t"),
            talk("t3", "t"),
            talk("u1", "u"),
            talk("u2", "u"),
        ]
        .concat();
        let p = problem(&body);
        // Track t in three rooms, u in one.
        let start = placed(
            &p,
            &[
                ("t1", 0, 0),
                ("t2", 1, 1),
                ("t3", 2, 2),
                ("u1", 1, 0),
                ("u2", 2, 0),
            ],
        );
        assert_eq!(score(&p, &start).track_rooms, 2);
        let (best, _) = best_after(&p, &start, |st, tr, _, rng| gather(st, tr, rng));
        assert_eq!(best, 0, "t's day gathered in room b, u's left in a");
    }

    #[test]
    fn two_rooms_trade_a_stretch_so_each_track_has_one() {
        let body = format!(
            "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\", \"11:00\", \"12:00\"]\n\
             [[rooms]]\nid = \"a\"\ncapacity = 10\n[[rooms]]\nid = \"b\"\ncapacity = 10\n\
             [[tracks]]\nid = \"t\"\n[[tracks]]\nid = \"u\"\n{}",
            ["t1", "t2", "t3", "t4"].map(|t| talk(t, "t")).concat()
                + &["u1", "u2", "u3", "u4"].map(|t| talk(t, "u")).concat()
        );
        let p = problem(&body);
        // t: a, a, b, b; u: b, b, a, a.
        let start = placed(
            &p,
            &[
                ("t1", 0, 0),
                ("t2", 1, 0),
                ("t3", 2, 1),
                ("t4", 3, 1),
                ("u1", 0, 1),
                ("u2", 1, 1),
                ("u3", 2, 0),
                ("u4", 3, 0),
            ],
        );
        assert_eq!(score(&p, &start).track_rooms, 2);
        let (best, _) = best_after(&p, &start, |st, tr, _, rng| room_swap(st, tr, rng));
        assert_eq!(best, 0);
    }

    #[test]
    fn a_talk_goes_next_to_its_track_and_closes_a_gap() {
        let body: String = [
            THREE_ROOMS.to_string(),
            talk("t1", "t"),
            talk("t2", "t"),
            talk("u1", "u"),
        ]
        .concat();
        let p = problem(&body);
        // t at 9:00 and 11:00 in room a (a gap), u at 10:00 in room b.
        let start = placed(&p, &[("t1", 0, 0), ("t2", 2, 0), ("u1", 1, 1)]);
        assert_eq!(score(&p, &start).track_gaps, 1);
        let (best, _) = best_after(&p, &start, next_to_mate);
        assert_eq!(best, 0);
    }

    /// Two tracks (an order, a preferred day, an avoided slot on `day`),
    /// a plenary, a hard and a soft conflict, shared speakers, a two-part
    /// talk, two days; and a valid timetable of it.
    fn two_tracks(day: &str) -> (Problem, Vec<Placement>) {
        let body = format!(
            "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\", \"11:00\", \"12:00\"]\n\
            [[days]]\ndate = \"2020-01-02\"\nslots = [\"09:00\", \"10:00\", \"11:00\", \"12:00\"]\n\
            [[rooms]]\nid = \"a\"\ncapacity = 10\n[[rooms]]\nid = \"b\"\ncapacity = 20\n\
            [[rooms]]\nid = \"c\"\ncapacity = 10\nunavailable = [\"2020-01-02 09:00\"]\n\
            [[tracks]]\nid = \"t\"\nrooms = [\"a\"]\norder = [\"t1\", \"t2\"]\n\
            [[tracks]]\nid = \"u\"\nprefer = [\"{day}\"]\n\
            [[talks]]\nid = \"t1\"\nspeakers = [\"x\"]\naudience = 10\ntrack = \"t\"\n\
            [[talks]]\nid = \"t2\"\nspeakers = [\"y\"]\naudience = 10\ntrack = \"t\"\n\
            [[talks]]\nid = \"t3\"\nspeakers = [\"z\"]\naudience = 10\ntrack = \"t\"\nparts = 2\n\
            [[talks]]\nid = \"u1\"\nspeakers = [\"x\"]\naudience = 10\ntrack = \"u\"\n\
            [[talks]]\nid = \"u2\"\nspeakers = [\"w\"]\naudience = 10\ntrack = \"u\"\navoid = [\"{day} 09:00\"]\n\
            [[talks]]\nid = \"u3\"\nspeakers = [\"v\"]\naudience = 10\ntrack = \"u\"\nafter = [\"u2\"]\n\
            [[talks]]\nid = \"k\"\nspeakers = [\"k\"]\naudience = 10\nplenary = true\n\
            [[conflicts]]\ntalks = [\"t3\", \"u3\"]\nhard = true\n\
            [[conflicts]]\ntracks = [\"t\", \"u\"]\nweight = 3\n"
        );
        let p = problem(&body);
        let start = placed(
            &p,
            &[
                ("t1", 0, 0),
                ("t2", 1, 1),
                ("t3", 5, 0),
                ("u1", 4, 1),
                ("u2", 1, 0),
                ("u3", 2, 2),
                ("k", 3, 0),
            ],
        );
        (p, start)
    }

    #[test]
    fn every_track_move_keeps_the_rules_and_counts_exactly() {
        // Orders, a plenary, a hard and a soft conflict, shared speakers,
        // preferences, a two-part talk and two days: every batch any move
        // proposes is either refused (nothing changes) or valid with the
        // objective changed by exactly its delta.
        let (p, start) = two_tracks("2020-01-01");
        let before = score(&p, &start).objective;
        for make in [
            (|st: &State, tr: &Tracks, a, rng: &mut ChaCha8Rng| next_to_mate(st, tr, a, rng))
                as fn(&State, &Tracks, TalkId, &mut ChaCha8Rng) -> Option<Batch>,
            |st, tr, _, rng| gather(st, tr, rng),
            |st, tr, _, rng| room_swap(st, tr, rng),
            |st, tr, _, rng| block_swap(st, tr, rng),
        ] {
            let (best, accepted) = best_after(&p, &start, make);
            assert!(best <= before && accepted > 0, "{best} {accepted}");
        }
    }

    #[test]
    fn a_batch_that_breaks_a_rule_changes_nothing() {
        let body: String = [THREE_ROOMS.to_string(), talk("t1", "t"), talk("t2", "t")].concat();
        let body = body.replace("speakers = [\"t2\"]", "speakers = [\"t1\"]");
        let p = problem(&body);
        let start = placed(&p, &[("t1", 0, 0), ("t2", 1, 0)]);
        let mut st = State::new(&p, &start);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        // Both to 10:00: one speaker in two talks at once.
        let batch = vec![
            (id(&p, "t1"), SlotId::at(1), RoomId::at(1)),
            (id(&p, "t2"), SlotId::at(1), RoomId::at(0)),
        ];
        assert_eq!(try_batch(&mut st, &batch, 1e9, &mut rng), None);
        assert_eq!(st.placements(), start);
        let all: Vec<TalkId> = p.talk_ids().collect();
        let slots: Vec<usize> = (0..p.slots.len()).collect();
        let days = st.track_days_at(&[(all[0], SlotId::at(0))]);
        assert_eq!(
            st.local_cost(&all, &slots, &days),
            State::new(&p, &start).local_cost(&all, &slots, &days)
        );
    }

    /// A relief move from a fresh relief list (the talks paying preference
    /// units), for [`best_after_any`].
    fn relief_move(st: &State, rng: &mut ChaCha8Rng) -> Option<Batch> {
        let all: Vec<TalkId> = st.p.talk_ids().filter(|&t| movable(st.p, t)).collect();
        let mut r = Relief::new(st.p, &all).expect("preferences cost something");
        r.refresh(st, &all);
        let a = *r.costly.get(rng.random_range(0..r.costly.len().max(1)))?;
        relieve(st, &r, a, rng)
    }

    /// Room a: `q` (fixed) at 9:00, `x` (unavailable at 9:00, avoids
    /// 10:00) at 10:00, the two-part `y` at 11:00, both given by one
    /// speaker; room b: the fixed two-part `f` at 11:00. `x` pays one unit,
    /// and only a relief lifts it: `x` to 11:00 in a and `y` to 9:00 in b,
    /// or `x` to 12:00 and `y` to its old place. Moved one at a time, the
    /// two overlap, and swaps need equal lengths.
    const IN_THE_WAY: &str = "[[days]]\ndate = \"2020-01-01\"\n\
        slots = [\"09:00\", \"10:00\", \"11:00\", \"12:00\"]\n\
        [[rooms]]\nid = \"a\"\ncapacity = 10\n[[rooms]]\nid = \"b\"\ncapacity = 10\n\
        [[talks]]\nid = \"q\"\nspeakers = [\"q\"]\naudience = 10\n\
        fixed = { slot = \"2020-01-01 09:00\", room = \"a\" }\n\
        [[talks]]\nid = \"f\"\nspeakers = [\"f\"]\naudience = 10\nparts = 2\n\
        fixed = { slot = \"2020-01-01 11:00\", room = \"b\" }\n\
        [[talks]]\nid = \"x\"\nspeakers = [\"x\"]\naudience = 10\n\
        unavailable = [\"2020-01-01 09:00\"]\navoid = [\"2020-01-01 10:00\"]\n\
        [[talks]]\nid = \"y\"\nspeakers = [\"x\"]\naudience = 10\nparts = 2\n";

    #[test]
    fn a_talk_leaves_an_avoided_slot_and_the_talk_in_its_way_moves() {
        let p = problem(IN_THE_WAY);
        let start = placed(&p, &[("q", 0, 0), ("f", 2, 1), ("x", 1, 0), ("y", 2, 0)]);
        assert_eq!(score(&p, &start).preferences, 1);
        let (best, _) = best_after_any(&p, &start, relief_move);
        assert_eq!(best, 0);
        // The whole search finds it too, and only through reliefs.
        let found = improve(&p, &start, 200, &Control::default());
        assert!(verify(&p, &found).is_empty());
        assert_eq!(score(&p, &found).objective, 0);
    }

    #[test]
    fn relief_moves_keep_the_rules_and_count_exactly() {
        // The track problem of the track moves' test with track u wanting
        // the second day: preferences paid in several places.
        let (p, start) = two_tracks("2020-01-02");
        let before = score(&p, &start).objective;
        assert!(score(&p, &start).preferences > 0);
        let (best, accepted) = best_after_any(&p, &start, relief_move);
        assert!(best < before && accepted > 0, "{best} {accepted}");
    }

    #[test]
    fn a_talk_away_from_its_tracks_room_goes_next_to_its_track() {
        // t1, t2 in room a, t3 alone in b; u1 at 11:00 in a, right after
        // t2, makes way for t3 (to t3's old place).
        let body = format!(
            "[[days]]\ndate = \"2020-01-01\"\nslots = [\"09:00\", \"10:00\", \"11:00\"]\n\
             [[rooms]]\nid = \"a\"\ncapacity = 10\n[[rooms]]\nid = \"b\"\ncapacity = 10\n\
             [[tracks]]\nid = \"t\"\n[[tracks]]\nid = \"u\"\n{}",
            ["t1", "t2", "t3"].map(|t| talk(t, "t")).concat() + &talk("u1", "u")
        );
        let p = problem(&body);
        let start = placed(
            &p,
            &[("t1", 0, 0), ("t2", 1, 0), ("t3", 2, 1), ("u1", 2, 0)],
        );
        assert_eq!(score(&p, &start).track_rooms, 1);
        let (best, _) = best_after_any(&p, &start, relief_move);
        assert_eq!(best, 0);
    }

    #[test]
    fn polishing_keeps_only_reliefs_that_pay() {
        let p = problem(IN_THE_WAY);
        let start = placed(&p, &[("q", 0, 0), ("f", 2, 1), ("x", 1, 0), ("y", 2, 0)]);
        let mut moves = Moves::new(&p, &start);
        let mut st = State::new(&p, &start);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let d = moves.polish(&mut st, &mut rng, &Control::default());
        let after = st.placements();
        assert!(verify(&p, &after).is_empty());
        assert_eq!(score(&p, &after).objective, 0);
        assert_eq!(d, -signed(score(&p, &start).objective));
        // Nothing left to relieve: nothing moves.
        assert_eq!(moves.polish(&mut st, &mut rng, &Control::default()), 0);
        assert_eq!(st.placements(), after);
    }

    #[test]
    fn at_temperature_zero_only_better_moves_are_accepted() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert!(accept(-1, 0.0, &mut rng));
        assert!(!accept(0, 0.0, &mut rng));
        assert!(!accept(1, 0.0, &mut rng));
        assert!(accept(0, 1.0, &mut rng));
    }
}
