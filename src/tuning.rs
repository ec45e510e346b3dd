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

/// Seed of the local round before a full model that is not small
/// (`search::lns::round_before_model`; any fixed value other than the
/// neighbourhood search's rounds', which are [`LOCAL_SEARCH_SEED`] plus
/// one plus the round).
pub const ROUND_BEFORE_MODEL_SEED: u64 = 0xbef0;

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

/// Share of the time left that the linear relaxation of the model without
/// track clashes may take. Its optimum is what makes proofs possible at
/// scale (it tightens the bound), so it gets most of the time.
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

/// In a lexicographic re-plan the heuristics weigh one unit of change cost
/// as this much objective, so that no objective gain pays for a change;
/// which timetable is better is still decided exactly (by rank).
pub const LEXICOGRAPHIC_CHANGE: i64 = 1 << 30;

/// Shares of the local search's moves that work on declared tracks, when
/// some declared track has rooms or gaps to pay for (otherwise none): a
/// talk next to a talk of its track, a track's day gathered into one room,
/// two rooms trading a stretch of a day. The rest are the plain swaps and
/// moves. Chosen on the CoSPLib instances and FOSDEM 2026 (tools/README.md,
/// "How the table was made"): together about a third of the moves; the
/// plain moves still do most of the work on clashes and preferences.
pub const TRACK_MOVE_NEXT_TO_MATE: f64 = 0.15;
/// See [`TRACK_MOVE_NEXT_TO_MATE`].
pub const TRACK_MOVE_GATHER: f64 = 0.1;
/// See [`TRACK_MOVE_NEXT_TO_MATE`].
pub const TRACK_MOVE_ROOM_SWAP: f64 = 0.05;

/// Greedy passes after the first when a talk finds no place: it moves to
/// the front and the pass starts again. CoSPLib's GECCO21Workshop and
/// GECCO22 (orders, one-room tracks, talks with one possible start) needed
/// a few; each pass costs what the first does, so a stuck problem wastes
/// at most this many passes before the models decide.
pub const GREEDY_RETRIES: usize = 30;

/// Neighbourhood windows whose models return nothing (out of time, too
/// large) this many times in a row are left out; the local search, run
/// before every window, gets their time. On the larger CoSPLib instances
/// and FOSDEM 2026 every window model ran out of time, each taking
/// [`WINDOW_TIME`] and a core left running after it.
pub const WINDOW_FAILURES: usize = 2;

/// Left-out windows are tried again every this many rounds (a window may
/// work after the local search has changed the timetable).
pub const WINDOW_RETRY_ROUNDS: usize = 16;

/// The starting temperature of the neighbourhood search's local rounds, as
/// a multiple of the first local search's, round after round: the hotter
/// rounds accept more worse moves early and so leave local optima that the
/// first search settles in (CoSPLib OR60F2: a clash that only goes away
/// after two talks trade preferences).
pub const LOCAL_ROUND_HEAT: [f64; 4] = [1.0, 4.0, 16.0, 64.0];

/// Seed of the local-search chains that run on the other cores while a
/// model runs (any fixed value other than the local search's own:
/// another walk from the same start).
pub const CHAIN_SEED: u64 = 0xc4a1_0000;

/// How long a model runs alone before the local-search chains start
/// beside it. On this 2-core machine, shared with other builds, a chain
/// started at once doubled the wall time of a 3-second proof (generated
/// 38/6/7 seed 1: 3.2 s alone, 6.5 s with a chain) and its timetables are
/// dropped when the model finishes anyway. Only when helpers start
/// depends on it, never what a finished search answers.
pub const CHAIN_DELAY: Duration = Duration::from_secs(5);

/// With a timetable in hand, the full model and the model without clashes
/// are not built when they would have more placement variables than this:
/// the neighbourhood search gets their time and the memory. On CoSPLib
/// OR60F2 (about 620,000 variables) and FOSDEM 2026 (about 2.2 million)
/// microlp returned nothing from the full model in half a minute, while
/// the local search and windows of one track improved the timetable; the
/// generated 1,000-talk conference's model without clashes (about 675,000
/// variables, 740,000 with 10,000 attendees) returned nothing in 60 s and
/// held about 1 GB.
pub const WARM_FULL_MODEL_VARIABLES: usize = 300_000;

/// A full model of at most this many variables (placements estimated
/// before it is built, all of them after) first runs cold, for at most
/// [`COLD_ROUND_NODES`] nodes, with a second thread from the start,
/// beside the heuristics (`search::first_round`). The generated 40-talk
/// problems have 700-1,100: their model took 45 ms of the 65 ms, after
/// 10 ms of heuristics it did not need. With 300 attendees the same
/// problem's model has 3,465 variables and about 40 ms per node: 100 cold
/// nodes would cost 4 s.
pub const COLD_FULL_MODEL_VARIABLES: usize = 3_000;

/// microlp's presolve runs on models with at least this many variables.
/// On smaller ones it costs more than it saves: the full models of 22
/// generated 40-talk problems (460-1,100 variables; seeds 1-24 but 6 and
/// 15, unproven in 20 s either way) were proven in 2.02 s in all without
/// it against 2.50 s with it, the model alone (seed 1 91 -> 67 ms, seed
/// 21 1.00 -> 0.77 s); whole solves, medians of 5, 2.67 s against 3.04 s,
/// 15 faster and 7 slower (seed 1 0.090 -> 0.059 s, seed 11 0.24 -> 0.11
/// s; seed 7 0.03 -> 0.15 s and seed 19 0.17 -> 0.30 s, whose later
/// rounds took other paths; keeping it for warm-started runs made the 22
/// slower in all, 3.23 s). On the ITC2007 models (18,000 variables and
/// more) it is worth keeping: without it, 8 of the 14 instances proven
/// in 5 s were not.
pub const PRESOLVE_MIN_VARIABLES: usize = 3_000;

/// Branch-and-bound nodes of the cold first run of a small full model
/// (see [`COLD_FULL_MODEL_VARIABLES`]). Most generated 40-talk problems
/// are proven in under 50 nodes; the few that take thousands need the
/// warm start's incumbent, and 100 nodes of about 900 variables cost
/// about a quarter second.
pub const COLD_ROUND_NODES: u64 = 100;
/// See [`TRACK_MOVE_NEXT_TO_MATE`].
pub const TRACK_MOVE_BLOCK_SWAP: f64 = 0.05;

/// Neighbourhood windows whose model has more variables than this are
/// left out: first by the estimate of placement variables before building,
/// then by the model built (whose counting terms add variables: on FOSDEM
/// 2026 a window estimated below this had 97,000). On CoSPLib OR60F2
/// windows of 15,000 to 56,000 variables came back within
/// [`WINDOW_TIME`] and windows of about 86,000 never did; on FOSDEM 2026
/// every day or random window is far larger.
pub const WINDOW_MAX_VARIABLES: usize = 70_000;

/// Random rooms a track's neighbourhood window adds to the rooms the track
/// uses or prefers, so that the other talks in them can make way. (CoSPLib
/// OR60F2: its Forecasting track could not leave the avoided sessions
/// while the talks in its one room could only move within it.)
pub const TRACK_WINDOW_SPARE_ROOMS: usize = 3;

/// Units a greedy pass may take out to make way for a unit that fits
/// nowhere, per unit of the problem, before the greedy gives up (the
/// models decide then). A generated 1,000-talk conference with plenaries
/// and one-room tracks (97% of its room-slots used) found no timetable by
/// restarting alone; with this it needs about 0.5 per unit (478 for 976
/// units). An impossible problem spends the whole budget, so it stays
/// small.
pub const GREEDY_EJECTIONS: usize = 3;

/// Places a re-plan's repair (search/repair.rs) may try in its search
/// for one unit's chain of moves (a work count, not a time): each unit it
/// reaches tries every place of its domain once, so this is a few hundred
/// units of a large conference.
pub const REPAIR_TRIES: usize = 200_000;

/// Seed of the time-first construction's choices (any fixed value:
/// determinism).
pub const TIME_FIRST_SEED: u64 = 0x71e5;

/// Places (a move's candidates, a trade's pairs) the time-first
/// construction may weigh per talk before it gives up: a work count, not a
/// time. ITC2007 comp05, the tightest feasible instance, needed about
/// 9,000 per talk; comp01 (no timetable exists) costs about a second at
/// this budget when the cheap proofs do not catch it first.
pub const TIME_FIRST_WORK: usize = 20_000;

/// Share of the time-first construction's moves that put the talk at a
/// random candidate instead of the cheapest (lets the repair leave a
/// plateau). A common choice for min-conflicts search; every feasible
/// ITC2007 instance and the slotmachine samples found a timetable with it.
pub const TIME_FIRST_NOISE: f64 = 0.02;

/// Moves during which a talk may not go back to the place it just left,
/// unless that place adds no violation (plus 0 to 9 at random). A usual
/// tenure for tabu search on slot assignments; not tuned further.
pub const TIME_FIRST_TABU: usize = 10;

/// The slot-load LP of the track-clash bound is left out above this many
/// start variables (talks with the same track, length and starts share
/// theirs): microlp cannot be stopped inside an LP, and on FOSDEM 2026
/// it ran 15 s past a 10 s time limit under load.
pub const SLOT_LOAD_LP_VARIABLES: usize = 20_000;

/// Share of the local search's moves that relieve a talk paying
/// preference units (to a start and room where it pays fewer, the talks in
/// its way making room), when some talk pays any. CoSPLib OR60F2 has 6 of
/// its 556 talks paying them; the plain moves, drawing talks and places at
/// random, hardly ever reached the few places where they pay none.
pub const RELIEF_MOVES: f64 = 0.1;

/// Places a relief move draws for its talk (one where it pays fewer
/// preference units), and for each talk in the way (an open one), before
/// it gives up: a work count.
pub const RELIEF_DRAWS: usize = 8;

/// Relief moves the local search tries per talk that costs something a
/// relief may save, before and after its walk, keeping only those that
/// lower the objective (a work count). FOSDEM 2026: a talk away from its
/// devroom's room goes right after the devroom's last talk with about one
/// draw in 26; the walk, which starts hot, left the timetable before it
/// got there.
pub const RELIEF_POLISH: usize = 64;

/// Relaxations of a re-plan's fewest changes (`search::fewest`) tried
/// before the model of every place, where that model is small (at most
/// [`WARM_FULL_MODEL_VARIABLES`]): a generated 400-talk re-plan with a
/// speaker away needed 9 rounds (3.1 s) where that model took 1.6 s.
pub const FEWEST_ROUNDS: usize = 4;

/// A re-plan's relaxations (`search::fewest`) start from the best
/// timetable when it moves at most one talk in this many (else it was
/// built afresh, and its moves would make the first relaxation the whole
/// model: a packed 400-talk problem whose mended baseline failed, 15,300
/// changes, 101,567 variables and no answer in 20 s).
pub const FEWEST_MOVED_SHARE: usize = 10;

/// The most places (placement variables, about) the talks a re-plan's
/// relaxation could as well have set aside (`search::fewest::rivals`)
/// add to the next relaxation. On the generated 1,000-talk re-plans: a
/// speaker away, 19,000 (the proof in 3 rounds instead of more than 30);
/// a room lost, its third round with HiGHS 140,000 (158,000 variables in
/// all; 64,500 with this cap; neither answered in 23 s: the cap only
/// keeps a round from growing without end).
pub const FEWEST_RIVAL_PLACES: usize = 40_000;

/// The local search asks whether to stop every this many moves (and its
/// cold polish before each talk). On the generated 1,000-talk problem with
/// 10,000 attendees a move takes up to about half a millisecond: asking
/// every 1,024 moves, and never in the polish, let a `--time-limit 10` run
/// end at 10.05-12.07 s; now 10.03-10.04 s.
pub const LOCAL_STOP_CHECK: usize = 64;
