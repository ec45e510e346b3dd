//! The fifth stage: from a problem to the best timetable the time allows,
//! proven optimal where possible, or to the reasons none exists.
//!
//! In: a checked problem and [`SolveOptions`]. Out: an [`Outcome`]: a
//! verified [`Timetable`] with figures about the search, the structured
//! [`Reason`]s no timetable exists (cheap proofs first, then a small
//! conflicting set of rules found by deletion filtering), or "stopped
//! before any answer"; or a [`SolveError`] when something inside failed.
//!
//! Stages, each stopping as soon as the best timetable meets the lower
//! bound (the objective is an integer, so meeting the bound is a proof):
//! 1. a greedy timetable (in a re-plan, first the baseline mended by
//!    chains of moves, `repair`; when the greedy finds no place for some
//!    talk, the time-first construction: start slots first, rooms by
//!    matching per slot, `timefirst`) and local search against a bound
//!    that needs no large model (`greedy`, `local`, `bounds`; in a
//!    re-plan whose changes come first, that bound is waited for only
//!    once the fewest changes are settled in stage 2);
//! 2. with track clashes, the model without them: the optimum of its
//!    linear relaxation tightens the bound; in a re-plan whose changes
//!    come first, instead the fewest changes: relaxations in which most
//!    talks stay and the rest are only counted per slot, grown until one
//!    is a timetable (`fewest`), then, where it is small, the change-cost
//!    model of every place;
//! 3. the full model, warm-started from the best timetable (a small one
//!    first runs cold for a few nodes, `first_round`; a larger one comes
//!    after a local round like stage 4's, which may already meet the
//!    bound); declared tracks' gaps are first counted on no track-day,
//!    then, round by round, on those where the model's optimum has gaps
//!    (each such optimum is a bound);
//! 4. large-neighbourhood search until the time limit (`lns`).
//!
//! Threads (`SolveOptions::threads`, `--threads`): each model runs on a
//! worker thread of its own; with two threads or more, a small full
//! model's cold first run starts beside the heuristics (and the warm one
//! beside it once the heuristics are done), local-search chains
//! (`side`) run beside the full model (once it has run for
//! `tuning::CHAIN_DELAY`), and
//! the neighbourhood search solves each round's window beside that round's
//! local search. The chains' timetables are kept only when time cut the
//! model short; the window and the local round start from the same
//! timetable and are offered in the same order as with one thread. So a
//! search that ends before its time limit (no stage cut short by its share
//! of the time) gives the same timetable for every number of threads;
//! under a time limit, more threads usually reach a better timetable, and
//! which one depends on the clock.
//!
//! Every timetable is checked by the independent `verify` before it is
//! kept, every model answer's objective is compared with `score`, and every
//! bound with every timetable: a disagreement is an internal error, never a
//! wrong answer.

mod best;
mod bounds;
pub mod control;
mod explain;
mod fewest;
mod greedy;
mod lns;
mod local;
mod repair;
mod run;
mod side;
mod state;
mod timefirst;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use best::Best;
pub use bounds::{
    attendee_lower_bound, changes_lower_bound, clash_lower_bound, conflict_lower_bound,
    counting_lower_bound, fewest_clashes, objective_lower_bound, preference_lower_bound,
    seat_lower_bound, slot_load_clash_bound, slot_load_joint_bound, track_rooms_lower_bound,
};
pub use control::{Control, Report, Stage};
pub use greedy::construct;
pub use local::improve;
pub use timefirst::construct as construct_time_first;

use crate::analysis::{self, Domain, Scope};
use crate::backend::{Backend, BackendError};
use crate::model::{ModelError, ModelOptions, estimated_variables};
use crate::problem::Problem;
use crate::reason::Reason;
use crate::timetable::{Placement, Status, Timetable, Violation};
use crate::tuning;

use run::{Run, Started};

/// Which stages run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Stages {
    /// Every stage: cheap proofs, heuristics and bounds first, models where
    /// they are needed.
    #[default]
    All,
    /// Only the full model decides, from scratch: no cheap proofs, no
    /// heuristic timetable, no bound, no warm start. For tests that check
    /// the integer program itself against brute force.
    ModelOnly,
    /// As [`Stages::ModelOnly`], but a re-plan's fewest changes come from
    /// the growing relaxations of `fewest` alone (from every talk in its
    /// old place), not from one model of every place. For tests that check
    /// those relaxations against brute force.
    GrowingChanges,
}

/// How to solve.
#[derive(Clone, Debug, Default)]
pub struct SolveOptions {
    /// Stop the search after this long and keep the best timetable.
    pub time_limit: Option<Duration>,
    /// Use the simple one-class-per-room model.
    pub per_room: bool,
    /// Which solver runs the models.
    pub backend: Backend,
    /// Stop requests (Ctrl-C) and progress reports.
    pub control: Control,
    /// Which stages run.
    pub stages: Stages,
    /// Leave out the explanation search when no timetable exists (the
    /// outcome then has no reason unless a cheap proof found one).
    pub no_explanation: bool,
    /// Threads the search may keep busy (`None`: every core the system
    /// offers). See the module docs for what runs beside what.
    pub threads: Option<NonZeroUsize>,
}

impl SolveOptions {
    /// The threads the search keeps busy: the option, else every core.
    pub fn threads(&self) -> usize {
        self.threads
            .or_else(|| std::thread::available_parallelism().ok())
            .map_or(1, NonZeroUsize::get)
    }
}

/// Figures about one solve.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// Wall-clock time of the whole solve.
    pub elapsed: Duration,
    /// Variables of the largest model built.
    pub variables: usize,
    /// Constraints of the largest model built.
    pub constraints: usize,
    /// Best proven lower bound on the objective.
    pub bound: Option<u64>,
    /// A re-plan: the proven lower bound on the change cost.
    pub changes_bound: Option<u64>,
    /// Branch-and-bound nodes over all models.
    pub nodes: u64,
    /// Candidate timetables that `verify` refused (always 0 unless a stage
    /// has a bug; counted in release builds, an error in debug builds).
    pub rejected: usize,
}

/// What solving found.
#[derive(Debug)]
pub enum Outcome {
    /// A timetable that passed `verify`.
    Solved(Timetable, Stats),
    /// Proven: no timetable exists, and why.
    Infeasible(Vec<Reason>),
    /// The search ended before any timetable or proof.
    Stopped(Stats, Stopped),
}

/// Why a search ended without an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stopped {
    /// A stop request (Ctrl-C).
    Interrupted,
    /// The time limit.
    TimeLimit,
    /// Every stage ran and none found a timetable or a proof (the
    /// heuristics found none, and the models were too large to build).
    Exhausted,
}

/// A disagreement inside the search: a bug, never an answer about the
/// problem.
#[derive(Clone, Debug, PartialEq)]
pub enum Internal {
    /// A model's objective value differs from `score` of its timetable.
    ObjectiveMismatch {
        /// The stage that ran the model.
        stage: Stage,
        /// The backend's objective.
        model: f64,
        /// `score` of the extracted timetable (the model's terms).
        score: u64,
        /// The score's terms that are not zero, unweighted, for the
        /// report ("track_gaps 1, preferences 2").
        terms: String,
    },
    /// A proven lower bound lies above a verified timetable's objective.
    BoundAboveTimetable {
        /// The bound.
        bound: u64,
        /// The timetable's objective.
        objective: u64,
    },
    /// A stage produced a timetable that `verify` refused.
    InvalidTimetable {
        /// The stage.
        stage: Stage,
        /// What `verify` found.
        violations: Vec<Violation>,
    },
    /// A model said no timetable exists although one was verified.
    InfeasibleButFound {
        /// The stage.
        stage: Stage,
    },
    /// A model's values could not be read into a timetable.
    Model(ModelError),
    /// A worker thread ended without an answer.
    Worker,
}

impl fmt::Display for Internal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Internal::ObjectiveMismatch {
                stage,
                model,
                score,
                terms,
            } => write!(
                f,
                "the model's objective ({model}) differs from the score of its timetable \
                 ({score}: {terms}) in stage `{}`",
                stage.name()
            ),
            Internal::BoundAboveTimetable { bound, objective } => write!(
                f,
                "a proven lower bound ({bound}) lies above a verified timetable ({objective})"
            ),
            Internal::InvalidTimetable { stage, violations } => write!(
                f,
                "stage `{}` produced a timetable that breaks {} rule(s)",
                stage.name(),
                violations.len()
            ),
            Internal::InfeasibleButFound { stage } => write!(
                f,
                "the model of stage `{}` says no timetable exists, but one was found and verified",
                stage.name()
            ),
            Internal::Model(e) => write!(f, "{e}"),
            Internal::Worker => f.write_str("a solver thread ended without an answer"),
        }
    }
}

/// Why solving failed without an answer about the problem.
#[derive(Clone, Debug, PartialEq)]
pub enum SolveError {
    /// The solver backend failed.
    Backend(BackendError),
    /// The search disagrees with itself (a bug).
    Internal(Internal),
}

impl fmt::Display for SolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SolveError::Backend(e) => write!(f, "{e}"),
            SolveError::Internal(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for SolveError {}

impl From<Internal> for SolveError {
    fn from(e: Internal) -> Self {
        SolveError::Internal(e)
    }
}

impl From<BackendError> for SolveError {
    fn from(e: BackendError) -> Self {
        SolveError::Backend(e)
    }
}

/// What every stage shares: the problem (shared with model threads), its
/// domains, the options and the best timetable and bound so far.
pub(crate) struct Ctx<'a> {
    pub(crate) p: Arc<Problem>,
    pub(crate) doms: Arc<Vec<Domain>>,
    pub(crate) opts: &'a SolveOptions,
    pub(crate) best: Best,
    pub(crate) stats: Stats,
    pub(crate) started: Instant,
    /// The fewest track clashes any timetable has (stage 1's bound).
    pub(crate) clashes: u64,
    /// The full model's first round, started beside the heuristics (see
    /// [`start_cold_model`]).
    pub(crate) early: Option<run::Pending>,
    /// The joint bound of track clashes, preferences and track rooms,
    /// still being computed after the first bounds ([`PendingBounds`]).
    pub(crate) joint: Option<std::sync::mpsc::Receiver<Option<u64>>>,
}

impl Ctx<'_> {
    fn control(&self) -> &Control {
        &self.opts.control
    }

    fn model_options(&self) -> ModelOptions {
        ModelOptions {
            per_room: self.opts.per_room,
            ..ModelOptions::default()
        }
    }

    /// A re-plan whose changes come first (lexicographic).
    fn changes_first(&self) -> bool {
        self.p.baseline.is_some() && self.p.replan.weight.is_none()
    }

    /// A share of the time left (`None`: no limit).
    fn share(&self, share: f64) -> Option<Duration> {
        self.control().left().map(|l| l.mul_f64(share))
    }

    fn report(&self, stage: Stage) {
        let r = Report {
            elapsed: self.control().elapsed(),
            stage,
            best: self.best.objective(),
            bound: self.best.bound(),
        };
        trace(&format!(
            "{}: best {:?}, bound {:?}, {:.2} s",
            stage.name(),
            r.best,
            r.bound,
            r.elapsed
        ));
        self.control().report(&r);
    }

    fn done(&self) -> bool {
        self.best.proven() || self.control().should_stop()
    }

    /// Local search from a timetable.
    fn improve(&mut self, from: &[crate::timetable::Placement]) -> R {
        let p = Arc::clone(&self.p);
        let control = self.control().clone();
        let current = local::improve_seeded(
            &p,
            from,
            tuning::LOCAL_SEARCH_EFFORT,
            (tuning::LOCAL_SEARCH_SEED, 1.0),
            self.enough(from),
            &control,
        );
        self.offer(current, Stage::LocalSearch)?;
        self.report(Stage::LocalSearch);
        Ok(())
    }

    /// Where a local search from `from` may stop: the change in objective
    /// that meets the proven bound. None in a re-plan, whose local search
    /// weighs changes into its objective.
    fn enough(&self, from: &[crate::timetable::Placement]) -> Option<i64> {
        let bound = self.best.bound().filter(|_| self.p.baseline.is_none())?;
        let now = crate::timetable::score(&self.p, from).objective;
        Some(crate::num::signed(bound) - crate::num::signed(now))
    }

    fn offer(&mut self, placements: Vec<crate::timetable::Placement>, stage: Stage) -> R {
        self.best
            .offer(
                &self.p,
                placements,
                Status::Feasible,
                stage,
                &mut self.stats,
            )
            .map(|_| ())
    }

    /// The end: the best timetable, optimal if proven.
    fn finish(mut self) -> Outcome {
        self.stats.elapsed = self.started.elapsed();
        self.stats.bound = self.best.bound();
        self.stats.changes_bound = self.best.changes_bound();
        let control = self.opts.control.clone();
        match self.best.into_timetable(&self.p) {
            Some(tt) => Outcome::Solved(tt, self.stats),
            None => {
                let why = if control.stopped() {
                    Stopped::Interrupted
                } else if control.should_stop() {
                    Stopped::TimeLimit
                } else {
                    Stopped::Exhausted
                };
                Outcome::Stopped(self.stats, why)
            }
        }
    }
}

type R = Result<(), SolveError>;

/// Solves a problem: a proven-optimal (or, under a time limit or a stop
/// request, feasible) verified timetable, the reasons none exists, or
/// "stopped"; see the module docs for the stages.
pub fn solve(p: &Problem, opts: &SolveOptions) -> Result<Outcome, SolveError> {
    let started = Instant::now();
    opts.control
        .set_deadline(opts.time_limit.map(|t| started + t));
    let doms = analysis::domains(p);
    if opts.stages == Stages::All {
        let reasons = analysis::find_reasons(p, &doms);
        if !reasons.is_empty() {
            return Ok(Outcome::Infeasible(reasons));
        }
    }
    let mut cx = Ctx {
        p: Arc::new(p.clone()),
        doms: Arc::new(doms),
        opts,
        best: Best::default(),
        stats: Stats::default(),
        started,
        clashes: 0,
        early: None,
        joint: None,
    };
    if opts.stages != Stages::All {
        return model_only(cx);
    }
    // Whether the full model's first round runs cold: its options depend
    // on no timetable there (see `cold_first_round`), so it is estimated
    // once, here, for the early start, the round before the model and the
    // model itself.
    let cold = cold_first_round(&cx, &first_round_options(&cx));
    start_cold_model(&mut cx, cold)?;
    let pending = heuristics(&mut cx)?;
    if cx.done() {
        return Ok(cx.finish());
    }
    if cx.changes_first() {
        if let Some(outcome) = fewest_changes_first(&mut cx, pending)? {
            return Ok(outcome);
        }
        if cx.done() {
            return Ok(cx.finish());
        }
    } else if crate::model::Model::has_counting_terms(&cx.p) {
        if let Some(outcome) = seat_model(&mut cx)? {
            return Ok(outcome);
        }
        if cx.done() {
            return Ok(cx.finish());
        }
    }
    // Before a full model that is not small (its first LP alone may take
    // its whole share), one more local round: it takes a moment and may
    // meet the bound (a generated problem of 100 talks in 100 rooms and
    // one slot: proven at 0.11 s instead of 1.17 s, after the model).
    // Deterministic: on the main thread, with a seed of its own (the
    // neighbourhood search's rounds stay as they were: started one round
    // later, ITC2007 comp21 was proven 2 s later).
    if !cx.changes_first() && !cold {
        lns::round_before_model(&mut cx)?;
        if cx.done() {
            return Ok(cx.finish());
        }
    }
    if let Some(outcome) = full_model(&mut cx, cold)? {
        return Ok(outcome);
    }
    if !cx.done() && cx.best.objective().is_some() {
        lns::improve(&mut cx)?;
    }
    if !cx.done() {
        cx.take_joint(false)?;
    }
    Ok(cx.finish())
}

/// Runs only the explanation search (deletion filtering over rule
/// groups), within the options' time limit, on a problem the caller knows
/// has no timetable: a small set of rules that cannot hold together
/// (irreducible unless the time ran out).
pub fn explain(p: &Problem, opts: &SolveOptions) -> Result<Reason, SolveError> {
    let started = Instant::now();
    opts.control
        .set_deadline(opts.time_limit.map(|t| started + t));
    let mut cx = Ctx {
        p: Arc::new(p.clone()),
        doms: Arc::new(analysis::domains(p)),
        opts,
        best: Best::default(),
        stats: Stats::default(),
        started,
        clashes: 0,
        early: None,
        joint: None,
    };
    explain::conflict(&mut cx)
}

/// A re-plan's baseline mended by chains of moves (`repair`), or else a
/// greedy timetable (`greedy`); `None` when neither gives one.
fn first_timetable(p: &Problem, doms: &[Domain], control: &Control) -> Option<Vec<Placement>> {
    if p.baseline.is_some()
        && let Some(mended) = repair::repair(p, doms, control)
    {
        return Some(mended);
    }
    construct(p, doms, control)
}

/// The cheap bounds (two LPs: the fewest track clashes, then the whole
/// objective's bound), on a thread of their own. microlp cannot be
/// stopped inside an LP, so they are waited for until the time limit at
/// most (then left behind, with the even spread of track clashes in their
/// place): without a limit, or when they finish first, every run sees the
/// same bounds.
struct PendingBounds {
    first: std::sync::mpsc::Receiver<(u64, Option<u64>)>,
    joint: std::sync::mpsc::Receiver<Option<u64>>,
}

impl PendingBounds {
    /// The cheap bounds on their own thread: first the fewest clashes and
    /// the separate bounds of the terms, then the joint bound
    /// ([`bounds::joint_objective_bound`]), which takes longer (1.8 s at
    /// 1,000 talks, beside the local search; 3 ms at 40 talks, beside the
    /// cold full model, and no slower: 0.066 s against 0.067 s, medians
    /// of 41).
    fn start(cx: &Ctx) -> Result<Self, SolveError> {
        let (p, doms, control) = (
            Arc::clone(&cx.p),
            Arc::clone(&cx.doms),
            cx.control().clone(),
        );
        let (tx, first) = std::sync::mpsc::channel();
        let (joint_tx, joint) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("bounds".into())
            .spawn(move || {
                let clashes = fewest_clashes(&p, &doms, &control);
                let seats = seat_lower_bound(&p, &control);
                let bound =
                    seats.map(|s| bounds::objective_lower_bound_with(&p, &doms, clashes, s));
                let _ = tx.send((clashes, bound));
                let joint =
                    seats.and_then(|s| bounds::joint_objective_bound(&p, &doms, s, &control));
                let _ = joint_tx.send(joint);
            })
            .map_err(|_| Internal::Worker)?;
        Ok(Self { first, joint })
    }

    /// Waits for the first bounds and puts them in place; the joint bound
    /// follows later ([`Ctx::take_joint`]).
    fn join(self, cx: &mut Ctx) -> R {
        let got = recv_in_time(&self.first, cx.control());
        let (clashes, bound) = got.unwrap_or_else(|| {
            trace("bounds: left behind at the time limit");
            (clash_lower_bound(&cx.p), None)
        });
        cx.clashes = clashes;
        cx.joint = Some(self.joint);
        match bound {
            Some(b) => cx.best.raise_bound(b),
            None => Ok(()),
        }
    }
}

/// What `rx` sends before the time limit (with none, whenever it comes).
fn recv_in_time<T>(rx: &std::sync::mpsc::Receiver<T>, control: &Control) -> Option<T> {
    match control.left() {
        Some(left) => rx.recv_timeout(left).ok(),
        None => rx.recv().ok(),
    }
}

impl Ctx<'_> {
    /// Puts the joint bound in place: waits for it (at most until the time
    /// limit) when `wait`, else takes it only if it is there.
    fn take_joint(&mut self, wait: bool) -> R {
        let Some(rx) = self.joint.take() else {
            return Ok(());
        };
        let got = if wait {
            recv_in_time(&rx, self.control())
        } else {
            rx.try_recv().ok()
        };
        match got.flatten() {
            Some(b) => {
                trace(&format!("bounds: the joint bound is {b}"));
                self.best.raise_bound(b)
            }
            None => Ok(()),
        }
    }
}

/// Stage 1: the cheap bounds, a greedy timetable and local search (in a
/// re-plan, the greedy and the local search weigh changes too, so the
/// baseline's places come first). The bounds and the greedy timetable are
/// independent: with a second thread they run side by side, and either
/// way the bounds are in place before the first timetable is offered.
/// Except in a re-plan whose changes come first: nothing before the
/// fewest changes are proven needs the bounds on the objective (its local
/// search weighs changes, and never stops at a bound), so they are
/// returned unjoined, for [`fewest_changes_first`] to wait for once the
/// changes are settled (with one thread, they start only then).
fn heuristics(cx: &mut Ctx) -> Result<Option<PendingBounds>, SolveError> {
    let two = cx.opts.threads() > 1;
    let replan = cx.changes_first();
    let mut pending = if two || !replan {
        Some(PendingBounds::start(cx)?)
    } else {
        None
    };
    // With one thread, the bounds come first (in a re-plan, later).
    if !two && let Some(b) = pending.take() {
        b.join(cx)?;
        cx.take_joint(true)?;
    }
    let greedy = first_timetable(&cx.p, &cx.doms, cx.control());
    if !replan && let Some(b) = pending.take() {
        b.join(cx)?;
    }
    if replan {
        cx.best
            .raise_changes_bound(changes_lower_bound(&cx.p, &cx.doms))?;
    }
    // When the greedy finds no place for some talk (tight packings), the
    // time-first construction tries before any large model.
    let first = greedy.or_else(|| timefirst::construct(&cx.p, &cx.doms, cx.control()));
    if let Some(greedy) = first {
        cx.offer(greedy.clone(), Stage::Greedy)?;
        cx.report(Stage::Greedy);
        // A re-plan's local search waits until its fewest changes are
        // settled (`fewest_changes_first`): nothing in that proof needs it.
        if !cx.done() && !replan {
            cx.improve(&greedy)?;
        }
    }
    // The joint bound was computed beside the local search.
    if !replan && !cx.done() {
        cx.take_joint(true)?;
    }
    Ok(pending)
}

/// The full model on its worker thread, with local-search chains on the
/// other threads meanwhile (`--threads`). What the chains
/// found is offered only when time decided the model's answer (its limit,
/// the deadline or a stop cut it short): a model that finishes leaves the
/// search exactly where one thread would have, so a search that ends
/// before its time limit gives the same timetable for every number of
/// threads.
fn full_model_beside(cx: &mut Ctx, started: Started) -> Result<Run, SolveError> {
    let pending = match started {
        Started::Now(run) => return Ok(run),
        Started::Pending(pending) => pending,
    };
    let helpers = cx.opts.threads().saturating_sub(1);
    // A model that answers soon needs no helpers (on a busy machine they
    // would only slow it down): they start after a short wait.
    let pending = match pending.wait_until(cx, Some(Instant::now() + tuning::CHAIN_DELAY))? {
        run::Waited::Answered(run, _) => return Ok(run),
        run::Waited::Running(pending) => pending,
    };
    let chains = cx
        .best
        .placements()
        .filter(|_| helpers > 0)
        .map(|from| side::Chains::start(&cx.p, &from, helpers, cx.control()));
    let waited = pending.wait(cx);
    let found = chains.map(side::Chains::finish).unwrap_or_default();
    let (run, cut) = waited?;
    if cut {
        for placements in found {
            cx.offer(placements, Stage::LocalSearch)?;
        }
    }
    Ok(run)
}

/// Stage 2: the model without track clashes. The optimum of its linear
/// relaxation plus the fewest clashes any timetable can have is a lower
/// bound (on the generated problems the relaxation's optimum is the
/// integer optimum, found in the time of one LP). Its integer program is
/// not solved: at 150 talks microlp took 24-32 s to prove what the
/// relaxation says in 0.4 s, and on the 40-talk problems its timetable
/// made the full model no faster (24 seeds: 2.62 s against 2.15 s in all
/// without it, the two slowest seeds aside).
fn seat_model(cx: &mut Ctx) -> Result<Option<Outcome>, SolveError> {
    let opts = ModelOptions {
        linear_only: true,
        ..cx.model_options()
    };
    let limit = cx.share(tuning::SEAT_MODEL_SHARE);
    match run::relaxation(cx, &opts, limit, Stage::SeatModel)? {
        Run::Relaxed(linear) => raise_by_linear(cx, linear)?,
        Run::Infeasible => return infeasible(cx, Stage::SeatModel).map(Some),
        Run::Found(..) | Run::Aside(..) | Run::OutOfTime => {}
    }
    cx.report(Stage::SeatModel);
    Ok(None)
}

/// The fewest of the linear terms (at least `linear`) plus the fewest of
/// the counting terms (track gaps at least 0): a valid bound.
fn raise_by_linear(cx: &mut Ctx, linear: u64) -> R {
    let counting = bounds::counting_lower_bound_with(&cx.p, cx.clashes);
    cx.best.raise_bound(linear + counting)
}

/// Stage 2 of a lexicographic re-plan, when the relaxations of
/// [`fewest::prove`] left it open: the model of the change cost alone,
/// warm-started from the best timetable; its proven optimum is the fewest
/// changes.
fn fewest_changes(cx: &mut Ctx) -> Result<Option<Outcome>, SolveError> {
    // Where the model of every place is small, a few relaxations, then it;
    // else relaxations until the time runs out.
    let all = estimated_variables(&cx.p, &cx.doms, &Scope::all(&cx.p), true, None);
    let small = all <= tuning::WARM_FULL_MODEL_VARIABLES;
    if let Some(outcome) = fewest::prove(cx, small.then_some(tuning::FEWEST_ROUNDS))? {
        return Ok(Some(outcome));
    }
    if cx.best.changes_proven() || cx.done() || !small {
        return Ok(None);
    }
    let opts = ModelOptions {
        changes_only: true,
        ..cx.model_options()
    };
    let warm = cx.best.placements();
    let limit = cx.share(tuning::FULL_MODEL_SHARE);
    match run::model(
        cx,
        &opts,
        Scope::all(&cx.p),
        limit,
        warm,
        Stage::FewestChanges,
    )? {
        Run::Found(tt, bound) => keep_fewest_changes(cx, tt, bound, None)?,
        Run::Infeasible => return infeasible(cx, Stage::FewestChanges).map(Some),
        Run::OutOfTime | Run::Aside(..) | Run::Relaxed(_) => {}
    }
    cx.report(Stage::FewestChanges);
    Ok(None)
}

/// The change-cost model's timetable and bound (on the change cost), the
/// bound at most `known` (a timetable's changes, when the model held every
/// cheaper one but not necessarily it).
fn keep_fewest_changes(cx: &mut Ctx, tt: Timetable, bound: Option<u64>, known: Option<u64>) -> R {
    let bound = if tt.status == Status::Optimal {
        Some(tt.score.changes)
    } else {
        bound
    };
    cx.offer(tt.placements, Stage::FewestChanges)?;
    if let Some(b) = bound {
        cx.best.raise_changes_bound(known.map_or(b, |u| b.min(u)))?;
    }
    Ok(())
}

/// Stage 2 of a lexicographic re-plan: the fewest changes, then the local
/// search from the best timetable, then the bounds on the objective
/// (started now with one thread, see [`heuristics`]). The local search
/// comes after the proof, which needs none of it: on the generated
/// 1,000-talk re-plan with a speaker away it took 0.75 s before the
/// relaxations and found nothing they needed.
fn fewest_changes_first(
    cx: &mut Ctx,
    pending: Option<PendingBounds>,
) -> Result<Option<Outcome>, SolveError> {
    if let Some(outcome) = fewest_changes(cx)? {
        return Ok(Some(outcome));
    }
    if !cx.done()
        && let Some(from) = cx.best.placements()
    {
        cx.improve(&from)?;
    }
    let pending = match pending {
        Some(p) => p,
        None => PendingBounds::start(cx)?,
    };
    pending.join(cx)?;
    Ok(None)
}

/// The model options of the full model: in a lexicographic re-plan, the
/// change cost at most the best timetable's (the proven fewest, once
/// known).
fn full_model_options(cx: &Ctx) -> ModelOptions {
    ModelOptions {
        changes_cap: cx
            .changes_first()
            .then(|| cx.best.rank().map(|(c, _)| c))
            .flatten(),
        ..cx.model_options()
    }
}

/// Stage 3: the full model, warm-started from the best timetable. Where
/// declared tracks' gaps cost something, it first counts them on no
/// track-day (a relaxation, see `ModelOptions::gap_days`); while its
/// optimum has gaps where it does not count them, that optimum is a bound,
/// and those track-days are counted in the next round. Most optima have no
/// gaps, and the rows of gaps were half of the generated 40-talk model.
/// `cold`: whether its first round runs cold ([`cold_first_round`]).
fn full_model(cx: &mut Ctx, cold: bool) -> Result<Option<Outcome>, SolveError> {
    let mut opts = first_round_options(cx);
    let mut first = cold;
    loop {
        let run = if std::mem::take(&mut first) {
            first_round(cx, &opts)?
        } else {
            let started = start_warm(cx, &opts)?;
            full_model_beside(cx, started)?
        };
        match run {
            Run::Found(tt, bound) => {
                let missed = match &opts.gap_days {
                    Some(on) if tt.status == Status::Optimal => {
                        run::gaps_outside(&cx.p, on, &tt.placements)
                    }
                    _ => BTreeMap::new(),
                };
                if missed.is_empty() {
                    keep_full_model_answer(cx, tt, bound, opts.changes_cap)?;
                } else {
                    let left_out: u64 = missed.values().sum();
                    keep_relaxed_optimum(cx, tt, opts.changes_cap, left_out)?;
                    if let Some(on) = &mut opts.gap_days {
                        on.extend(missed.into_keys());
                    }
                    if !cx.done() {
                        continue;
                    }
                }
            }
            Run::Infeasible => return infeasible(cx, Stage::FullModel).map(Some),
            Run::OutOfTime | Run::Aside(..) | Run::Relaxed(_) => {}
        }
        cx.report(Stage::FullModel);
        return Ok(None);
    }
}

/// The options of the full model's first round: declared tracks' gaps,
/// where they cost something, counted on no track-day.
fn first_round_options(cx: &Ctx) -> ModelOptions {
    let mut opts = full_model_options(cx);
    let declared = cx.p.track_rules.iter().any(|k| k.declared.is_some());
    if declared && cx.p.weights.track_gaps > 0 {
        opts.gap_days = Some(BTreeSet::new());
    }
    opts
}

/// Whether the full model's first round is solved cold (no warm start):
/// where it is small (`tuning::COLD_FULL_MODEL_VARIABLES`) and its options
/// do not depend on the heuristics' timetable (not in a re-plan whose
/// changes come first). Then it is the same run whenever it starts.
fn cold_first_round(cx: &Ctx, opts: &ModelOptions) -> bool {
    !cx.changes_first()
        && estimated_variables(
            &cx.p,
            &cx.doms,
            &Scope::all(&cx.p),
            opts.per_room,
            opts.leeway.as_deref(),
        ) <= tuning::COLD_FULL_MODEL_VARIABLES
}

/// With a second thread, the cold first round of a small full model (see
/// [`first_round`]) starts at once, beside the heuristics and the bounds.
/// Left behind when an earlier stage proves the optimum. `cold`: whether
/// the first round runs cold ([`cold_first_round`]).
fn start_cold_model(cx: &mut Ctx, cold: bool) -> R {
    if cx.opts.threads() < 2 || !cold {
        return Ok(());
    }
    let opts = first_round_options(cx);
    if let Started::Pending(pending) = start_cold(cx, &opts)? {
        cx.early = Some(pending);
    }
    Ok(())
}

/// The full model's run without a warm start, for at most
/// `tuning::COLD_ROUND_NODES` nodes, where the model has at most
/// `tuning::COLD_FULL_MODEL_VARIABLES` variables in all.
fn start_cold(cx: &Ctx, opts: &ModelOptions) -> Result<Started, SolveError> {
    let limit = cx.share(tuning::FULL_MODEL_SHARE);
    let caps = (tuning::COLD_ROUND_NODES, tuning::COLD_FULL_MODEL_VARIABLES);
    run::start_capped(cx, opts, limit, caps, Stage::FullModel)
}

/// The full model's run from the best timetable (with a timetable in
/// hand, it leaves time for the neighbourhoods).
fn start_warm(cx: &Ctx, opts: &ModelOptions) -> Result<Started, SolveError> {
    let warm = cx.best.placements();
    let share = if warm.is_some() {
        tuning::FULL_MODEL_SHARE
    } else {
        1.0
    };
    run::start_whole(cx, opts, cx.share(share), warm, Stage::FullModel)
}

/// The first round of a small full model: first cold, for a few nodes
/// (begun beside the heuristics with a second thread, see
/// [`start_cold_model`]); where that does not settle it, from the best
/// timetable as every other round (with a second thread, begun now,
/// beside the cold run). On the generated 40-talk problems most first
/// rounds take a few nodes, and a cold start saves the time of the
/// heuristics; where a round takes thousands of nodes, the warm start's
/// incumbent prunes (seed 6: 7.6 s warm, unproven in 10 s cold). The cold
/// run's answer is kept only when it settles the round (a proven optimum,
/// or no solution), and it depends on no timetable and no clock: the
/// search answers the same with any number of threads.
fn first_round(cx: &mut Ctx, opts: &ModelOptions) -> Result<Run, SolveError> {
    let cold = match cx.early.take() {
        Some(pending) => Started::Pending(pending),
        None => start_cold(cx, opts)?,
    };
    let warm = if cx.opts.threads() > 1 {
        Some(start_warm(cx, opts)?)
    } else {
        None
    };
    let run = cold.wait(cx)?;
    let settled = match &run {
        Run::Found(tt, _) => tt.status == Status::Optimal,
        Run::Infeasible => true,
        Run::OutOfTime | Run::Aside(..) | Run::Relaxed(_) => false,
    };
    if settled {
        return Ok(run);
    }
    let warm = match warm {
        Some(started) => started,
        None => start_warm(cx, opts)?,
    };
    full_model_beside(cx, warm)
}

/// A proven optimum of the full model whose timetable has `left_out` gaps
/// where the model does not count them: its objective without them
/// bounds every timetable (in a lexicographic re-plan, every timetable
/// with at most `cap` changes); the timetable is only feasible.
fn keep_relaxed_optimum(cx: &mut Ctx, tt: Timetable, cap: Option<u64>, left_out: u64) -> R {
    let bound = tt.score.objective - left_out * cx.p.weights.track_gaps;
    trace(&format!(
        "proving optimality: {left_out} gaps not counted, bound {bound}"
    ));
    cx.best.offer(
        &cx.p,
        tt.placements.clone(),
        Status::Feasible,
        Stage::FullModel,
        &mut cx.stats,
    )?;
    match cap {
        Some(c) => cx.best.raise_bound_at_fewest(c, bound)?,
        None => cx.best.raise_bound(bound)?,
    }
    // A move or two often closes the gaps at no other cost: then the bound
    // is met and no further round is needed.
    if cx.done() {
        return Ok(());
    }
    cx.improve(&tt.placements)
}

/// The full model's timetable and bound: its proven optimum, or the
/// solver's bound, is a bound for every timetable (in a lexicographic
/// re-plan, for every timetable with at most `cap` changes).
fn keep_full_model_answer(cx: &mut Ctx, tt: Timetable, bound: Option<u64>, cap: Option<u64>) -> R {
    let proven = tt.status == Status::Optimal;
    let objective = tt.score.objective;
    let status = if cap.is_some() {
        Status::Feasible
    } else {
        tt.status
    };
    cx.best.offer(
        &cx.p,
        tt.placements,
        status,
        Stage::FullModel,
        &mut cx.stats,
    )?;
    let bound = if proven { Some(objective) } else { bound };
    match (bound, cap) {
        (Some(b), Some(c)) => cx.best.raise_bound_at_fewest(c, b)?,
        (Some(b), None) => cx.best.raise_bound(b)?,
        (None, _) => {}
    }
    Ok(())
}

/// [`Stages::ModelOnly`]: the full model alone decides (in a
/// lexicographic re-plan, the change-cost model first, then the full model
/// with the change cost at most its optimum); [`Stages::GrowingChanges`]:
/// the same, but the fewest changes from the growing relaxations.
fn model_only(mut cx: Ctx) -> Result<Outcome, SolveError> {
    if cx.changes_first() && cx.opts.stages == Stages::GrowingChanges {
        if let Some(outcome) = fewest::prove(&mut cx, None)? {
            return Ok(outcome);
        }
        if !cx.best.changes_proven() {
            return Ok(cx.finish());
        }
    } else if cx.changes_first() {
        let opts = ModelOptions {
            changes_only: true,
            ..cx.model_options()
        };
        let limit = cx.control().left();
        let scope = Scope::all(&cx.p);
        match run::model(&mut cx, &opts, scope, limit, None, Stage::FewestChanges)? {
            Run::Found(tt, bound) => keep_fewest_changes(&mut cx, tt, bound, None)?,
            Run::Infeasible => return infeasible(&mut cx, Stage::FewestChanges),
            Run::OutOfTime | Run::Aside(..) | Run::Relaxed(_) => return Ok(cx.finish()),
        }
        if !cx.best.changes_proven() {
            return Ok(cx.finish());
        }
    }
    let opts = full_model_options(&cx);
    let limit = cx.control().left();
    let scope = Scope::all(&cx.p);
    match run::model(&mut cx, &opts, scope, limit, None, Stage::FullModel)? {
        Run::Found(tt, bound) => {
            keep_full_model_answer(&mut cx, tt, bound, opts.changes_cap)?;
            Ok(cx.finish())
        }
        Run::Infeasible => infeasible(&mut cx, Stage::FullModel),
        Run::OutOfTime | Run::Aside(..) | Run::Relaxed(_) => Ok(cx.finish()),
    }
}

/// A model proved that no timetable exists: unless one was verified (a
/// bug), find a small conflicting set of rules.
fn infeasible(cx: &mut Ctx, stage: Stage) -> Result<Outcome, SolveError> {
    if cx.best.objective().is_some() {
        return Err(Internal::InfeasibleButFound { stage }.into());
    }
    if cx.opts.no_explanation {
        return Ok(Outcome::Infeasible(Vec::new()));
    }
    let conflict = explain::conflict(cx)?;
    Ok(Outcome::Infeasible(vec![conflict]))
}

/// Progress notes on stderr when `CONFSCHED_TRACE` is set (for tuning).
pub(crate) fn trace(msg: &str) {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    if tracing() {
        let ms = START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1e3;
        eprintln!("trace: [{ms:7.1} ms] {msg}");
    }
}

/// Whether `CONFSCHED_TRACE` is set (to skip building a costly note).
pub(crate) fn tracing() -> bool {
    std::env::var_os("CONFSCHED_TRACE").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::signed;
    use crate::timetable::score;

    /// A local search told the proven bound stops where it meets it, with
    /// the timetable the whole walk would have kept, and not before.
    #[test]
    fn a_local_search_stops_where_it_meets_the_bound_and_not_before() {
        // `confsched generate --talks 40 --rooms 6 --slots 8 --seed 14`.
        let toml = include_str!("../../tests/data/generated/40-6-8-seed14.toml");
        let p = crate::problem::parse("g.toml", toml).expect("parses");
        let opts = SolveOptions::default();
        let doms = analysis::domains(&p);
        let start = construct(&p, &doms, &opts.control).expect("a greedy timetable");
        let walk = |enough| {
            local::improve_seeded(
                &p,
                &start,
                tuning::LOCAL_SEARCH_EFFORT,
                (tuning::LOCAL_SEARCH_SEED, 1.0),
                enough,
                &opts.control,
            )
        };
        let whole = walk(None);
        let (from, reached) = (score(&p, &start).objective, score(&p, &whole).objective);
        assert!(reached < from, "the walk improves the greedy timetable");
        // Told that `reached` is the bound: the same timetable.
        let change = signed(reached) - signed(from);
        assert_eq!(walk(Some(change)), whole);
        // The search asks for exactly that change.
        let mut cx = Ctx {
            p: Arc::new(p.clone()),
            doms: Arc::new(doms.clone()),
            opts: &opts,
            best: Best::default(),
            stats: Stats::default(),
            started: Instant::now(),
            clashes: 0,
            early: None,
            joint: None,
        };
        assert_eq!(cx.enough(&start), None, "no bound yet");
        cx.best.raise_bound(reached).expect("a bound");
        assert_eq!(cx.enough(&start), Some(change));
        cx.improve(&start).expect("improves");
        assert_eq!(cx.best.placements(), Some(whole));
    }
}
