//! Every tuning constant, each with how it was chosen.
//!
//! In: nothing. Out: numbers for the model and the search. None of them
//! changes what is proven: they decide how the time is spent, never whether
//! an answer is true. Times are shares of the time left or fixed slices;
//! nothing depends on how fast this machine is, except how far a search
//! gets before its limit.

use std::time::Duration;

/// Random moves the local search tries per movable talk. 200 reached the
/// bound on the reference and the generated 150-talk problems in tests;
/// more gave nothing measurable there and costs linear time.
pub const LOCAL_SEARCH_EFFORT: usize = 200;

/// Seed of the local search's generator (any fixed value: determinism).
pub const LOCAL_SEARCH_SEED: u64 = 0x5eed;

/// Seed of the neighbourhood search's choice of windows.
pub const NEIGHBOURHOOD_SEED: u64 = 0x1a5;

/// Talks freed by a random neighbourhood window. 30 talks make a per-room
/// model of a few thousand variables, which microlp solves in well under a
/// second; windows twice as large took several seconds each on the
/// 1000-talk benchmark.
pub const RANDOM_WINDOW: usize = 30;

/// Rooms freed together by a room-group window.
pub const ROOM_GROUP: usize = 4;

/// Longest time one neighbourhood window may take.
pub const WINDOW_TIME: Duration = Duration::from_secs(5);

/// Share of the time left that the model without track clashes may take.
/// Its optimum is what makes proofs possible at scale (it tightens the
/// bound), so it gets most of the time.
pub const SEAT_MODEL_SHARE: f64 = 0.8;

/// Share of the time left that the full model may take when a timetable is
/// already in hand; the rest goes to the neighbourhood search.
pub const FULL_MODEL_SHARE: f64 = 0.5;

/// Models with more placement variables than this are not built: their
/// memory (about 0.4 kB per variable with constraints) and first LP
/// dominate everything else. The neighbourhood search works on windows
/// instead. A size, not a time: the same problems are modelled on every
/// machine.
pub const MAX_MODEL_VARIABLES: usize = 1_500_000;

/// How often a running solver reports progress and checks for a stop.
pub const SOLVER_SLICE: Duration = Duration::from_millis(250);

/// How long the search waits, after a stop or the time limit, for a model
/// that is still running to hand over its best solution before leaving it
/// behind (microlp cannot be interrupted inside its first LP).
pub const STOP_GRACE: Duration = Duration::from_millis(300);

/// The longest the explanation search may take when the solve has no time
/// limit (with one, it shares it). Deletion filtering needs one feasibility
/// solve per group switched off: 10 s explained every 150-talk case seen.
pub const EXPLAIN_TIME: Duration = Duration::from_secs(10);

/// Reachable seat totals the overflow part of the seat bound may track per
/// talk before it settles for a weaker bound (keeps room capacities of a
/// billion seats cheap).
pub const SEAT_SUMS: usize = 100_000;

/// Overflow talks get one variable per minimal set of extra rooms when
/// there are at most this many sets per main class and start; beyond it,
/// integer counts of extra rooms per class stand in (a weaker LP).
pub const MAX_ROOM_SETS: usize = 400;

/// Greedy passes after the first when a talk finds no place: it moves to
/// the front and the pass starts again. CoSPLib's GECCO21Workshop and
/// GECCO22 (orders, one-room tracks, talks with one possible start) needed
/// a few; each pass costs what the first does, so a stuck problem wastes
/// at most this many passes before the models decide.
pub const GREEDY_RETRIES: usize = 30;
