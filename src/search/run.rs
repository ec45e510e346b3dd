//! One model, built and solved on a thread of its own, with its answer
//! checked.
//!
//! In: the shared problem and domains, model options, the rule groups in
//! force, a time limit and a warm start. Out: a [`Run`] (a timetable whose
//! objective equals the model's, no timetable, or out of time). The model
//! runs on a worker thread so that a stop request or the deadline ends the
//! wait at once even while microlp is inside its first LP, which it cannot
//! interrupt: after a short grace the worker is left behind and the search
//! goes on with what it has.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use good_lp::{Expression, IntoAffineExpression};

use super::{Ctx, Internal, Report, SolveError, Stage, trace};
use crate::analysis::{Domain, Scope};
use crate::backend::{self, Answer, Request, Stop};
use crate::model::{Away, Model, ModelOptions, Terms, estimated_variables};
use crate::problem::{Problem, TalkId};
use crate::timetable::{Placement, Score, Status, Timetable, gaps_by_track_day, score};
use crate::tuning;

/// What one model run gave.
pub(crate) enum Run {
    /// A timetable (optimal when the solver proved it), and the solver's
    /// proven lower bound on the model's objective (its terms only).
    Found(Timetable, Option<u64>),
    /// A re-plan's relaxation of the fewest changes (see
    /// `ModelOptions::leeway`) sent these talks beyond their leeway in its
    /// best solution; a lower bound on the change cost when it has one
    /// (its optimum, or the solver's bound); the other talks' places in
    /// that solution.
    Aside(Vec<(TalkId, Away)>, Option<u64>, Vec<Placement>),
    /// The optimum of the model's linear relaxation, raised to the next
    /// value the model's objective can take (see [`Step`]): a lower bound
    /// on the model's optimum ([`relaxation`]).
    Relaxed(u64),
    /// The model has no solution.
    Infeasible,
    /// Stopped, out of time, or too large to build, with nothing found.
    OutOfTime,
}

/// How a model is solved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Solve {
    /// As the integer program it is.
    Integer,
    /// As the integer program, for at most this many branch-and-bound
    /// nodes ([`start_capped`]).
    Capped(u64),
    /// Only its linear relaxation (integer variables continuous): a bound.
    Relaxation,
}

/// What the worker sends back.
struct Done {
    run: Result<RunInner, SolveError>,
    variables: usize,
    constraints: usize,
    nodes: u64,
    bound: Option<f64>,
}

enum RunInner {
    Found(Vec<Placement>, Status),
    /// Talks set aside, whether that solution is optimal, and its objective.
    Aside(Vec<(TalkId, Away)>, Status, f64, Vec<Placement>),
    /// The relaxation's optimum, raised to a value the model can take.
    Relaxed(u64),
    Infeasible,
    OutOfTime,
    /// Built, and larger than its cap: left unsolved (no time involved).
    TooLarge,
}

/// Builds and solves the model on a worker thread; waits for it until it
/// answers, a stop is requested or the limit passes (plus a short grace).
pub(crate) fn model(
    cx: &mut Ctx,
    opts: &ModelOptions,
    scope: Scope,
    limit: Option<Duration>,
    warm: Option<Vec<Placement>>,
    stage: Stage,
) -> Result<Run, SolveError> {
    model_with(cx, &Arc::clone(&cx.doms), opts, scope, limit, warm, stage)
}

/// [`model`] with domains of its own (neighbourhoods, explanations).
pub(crate) fn model_with(
    cx: &mut Ctx,
    doms: &Arc<Vec<Domain>>,
    opts: &ModelOptions,
    scope: Scope,
    limit: Option<Duration>,
    warm: Option<Vec<Placement>>,
    stage: Stage,
) -> Result<Run, SolveError> {
    model_capped(cx, doms, opts, (scope, None), limit, warm, stage)
}

/// [`model_with`], and when `cap` is given, a model built with more
/// variables than that is not solved (out of time): a window whose model
/// is too large for its time.
pub(crate) fn model_capped(
    cx: &mut Ctx,
    doms: &Arc<Vec<Domain>>,
    opts: &ModelOptions,
    scope: (Scope, Option<usize>),
    limit: Option<Duration>,
    warm: Option<Vec<Placement>>,
    stage: Stage,
) -> Result<Run, SolveError> {
    start(cx, doms, opts, scope, limit, warm, stage)?.wait(cx)
}

/// A model run: answered at once (too large to build), or running on its
/// worker thread.
pub(crate) enum Started {
    /// Left out before any thread started (too large to build): always
    /// the same for the same problem.
    Now(Run),
    /// Running; [`Pending::wait`] collects the answer.
    Pending(Pending),
}

impl Started {
    /// The run's answer, waiting for it if it is still running (see
    /// [`Pending::wait`]).
    pub(crate) fn wait(self, cx: &mut Ctx) -> Result<Run, SolveError> {
        match self {
            Started::Now(run) => Ok(run),
            Started::Pending(pending) => pending.wait(cx).map(|(run, _)| run),
        }
    }
}

/// What [`Pending::wait_until`] found.
pub(crate) enum Waited {
    /// The answer, and whether time decided it.
    Answered(Run, bool),
    /// Still running at the given moment.
    Running(Pending),
}

/// A model running on its worker thread.
pub(crate) struct Pending {
    rx: mpsc::Receiver<Done>,
    abandoned: Arc<AtomicBool>,
    give_up: Option<Instant>,
    stage: Stage,
}

/// Starts building and solving a model on a worker thread (see
/// [`model_capped`]); the caller may work meanwhile and then wait.
pub(crate) fn start(
    cx: &Ctx,
    doms: &Arc<Vec<Domain>>,
    opts: &ModelOptions,
    scope: (Scope, Option<usize>),
    limit: Option<Duration>,
    warm: Option<Vec<Placement>>,
    stage: Stage,
) -> Result<Started, SolveError> {
    spawn(cx, doms, opts, scope, limit, warm, (stage, Solve::Integer))
}

/// [`start`], cold (no warm start), for at most `nodes` branch-and-bound
/// nodes, and only when the model, once built, has at most `variables`
/// variables (else [`Run::OutOfTime`]): a run whose answer does not
/// depend on the clock or on the timetables found so far (unless the time
/// limit cuts it), so it may start whenever a thread is free. Solved in
/// one go: no progress reports, no stop before the time limit.
pub(crate) fn start_capped(
    cx: &Ctx,
    opts: &ModelOptions,
    limit: Option<Duration>,
    (nodes, variables): (u64, usize),
    stage: Stage,
) -> Result<Started, SolveError> {
    let how = (stage, Solve::Capped(nodes));
    spawn_whole(cx, opts, Some(variables), limit, None, how)
}

/// [`start`] on the whole problem, from `warm` when given.
pub(crate) fn start_whole(
    cx: &Ctx,
    opts: &ModelOptions,
    limit: Option<Duration>,
    warm: Option<Vec<Placement>>,
    stage: Stage,
) -> Result<Started, SolveError> {
    spawn_whole(cx, opts, None, limit, warm, (stage, Solve::Integer))
}

/// The optimum of the linear relaxation of the model of the whole problem
/// (integer variables continuous), raised to the next value the model's
/// objective can take: a lower bound on the model's optimum, found in the
/// time of one LP ([`Run::Relaxed`]). [`Run::OutOfTime`] when the LP did
/// not finish within `limit`, or when the model is too large (by the rule
/// of a warm-started seat or full model); [`Run::Infeasible`] when even
/// the relaxation has no solution.
pub(crate) fn relaxation(
    cx: &mut Ctx,
    opts: &ModelOptions,
    limit: Option<Duration>,
    stage: Stage,
) -> Result<Run, SolveError> {
    spawn_whole(cx, opts, None, limit, None, (stage, Solve::Relaxation))?.wait(cx)
}

/// [`spawn`] on the whole problem with the search's domains, the built
/// model capped at `cap` variables in all when given.
fn spawn_whole(
    cx: &Ctx,
    opts: &ModelOptions,
    cap: Option<usize>,
    limit: Option<Duration>,
    warm: Option<Vec<Placement>>,
    how: (Stage, Solve),
) -> Result<Started, SolveError> {
    let doms = Arc::clone(&cx.doms);
    spawn(cx, &doms, opts, (Scope::all(&cx.p), cap), limit, warm, how)
}

/// [`start`], solving the model as `how` says.
fn spawn(
    cx: &Ctx,
    doms: &Arc<Vec<Domain>>,
    opts: &ModelOptions,
    (scope, cap): (Scope, Option<usize>),
    limit: Option<Duration>,
    warm: Option<Vec<Placement>>,
    (stage, how): (Stage, Solve),
) -> Result<Started, SolveError> {
    let estimate = estimated_variables(&cx.p, doms, &scope, opts.per_room, opts.leeway.as_deref());
    if estimate > tuning::MAX_MODEL_VARIABLES {
        trace(&format!(
            "{}: a model of about {estimate} variables is too large to build",
            stage.name()
        ));
        return Ok(Started::Now(Run::OutOfTime));
    }
    let left_to_windows = matches!(stage, Stage::FullModel | Stage::SeatModel);
    let warm_or_bound = warm.is_some() || how == Solve::Relaxation;
    if left_to_windows && warm_or_bound && estimate > tuning::WARM_FULL_MODEL_VARIABLES {
        trace(&format!(
            "{}: a model of about {estimate} variables is left to the neighbourhoods",
            stage.name()
        ));
        return Ok(Started::Now(Run::OutOfTime));
    }
    let p = Arc::clone(&cx.p);
    let doms = Arc::clone(doms);
    let opts_owned = opts.clone();
    let control = cx.opts.control.clone();
    let backend = cx.opts.backend;
    let best = cx.best.objective();
    let bound = cx.best.bound();
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    // Set when the search stops waiting: the worker then stops at its next
    // chance (after microlp's first LP) instead of burning a core.
    let abandoned = Arc::new(AtomicBool::new(false));
    let left_behind = Arc::clone(&abandoned);
    let spawned = std::thread::Builder::new()
        .name("confsched-model".into())
        .spawn(move || {
            let done = solve_on_worker(
                &p,
                &doms,
                &opts_owned,
                scope,
                limit,
                warm.as_deref(),
                backend,
                &control,
                &left_behind,
                (stage, cap, how),
                (best, bound),
            );
            let _ = tx.send(done);
        });
    if spawned.is_err() {
        return Err(Internal::Worker.into());
    }
    Ok(Started::Pending(Pending {
        rx,
        abandoned,
        give_up: limit.map(|l| started + l),
        stage,
    }))
}

/// A run no one waits for any more stops at its next chance.
impl Drop for Pending {
    fn drop(&mut self) {
        self.abandoned.store(true, Ordering::SeqCst);
    }
}

impl Pending {
    /// Tells the worker to stop at its next chance and leaves it behind.
    pub(crate) fn abandon(self) {
        self.abandoned.store(true, Ordering::SeqCst);
    }

    /// Waits for the answer until it comes, a stop is requested or the
    /// limit passes (plus a short grace). Also says whether time decided
    /// the answer (the limit, the deadline or a stop cut the run short):
    /// only then may a search use what helpers found meanwhile and still
    /// give the same answer for every number of threads.
    pub(crate) fn wait(self, cx: &mut Ctx) -> Result<(Run, bool), SolveError> {
        match self.wait_until(cx, None)? {
            Waited::Answered(run, cut) => Ok((run, cut)),
            Waited::Running(_) => Err(Internal::Worker.into()),
        }
    }

    /// [`Pending::wait`], but only until `until`: then the model is
    /// handed back, still running.
    pub(crate) fn wait_until(
        self,
        cx: &mut Ctx,
        until: Option<Instant>,
    ) -> Result<Waited, SolveError> {
        let control = cx.opts.control.clone();
        let mut grace_from: Option<Instant> = None;
        let done = loop {
            match self.rx.recv_timeout(Duration::from_millis(20)) {
                Ok(done) => break done,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Err(Internal::Worker.into()),
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let now = Instant::now();
                    let over = control.should_stop() || self.give_up.is_some_and(|g| now >= g);
                    if over {
                        let from = *grace_from.get_or_insert(now);
                        if now >= from + tuning::STOP_GRACE {
                            self.abandoned.store(true, Ordering::SeqCst);
                            trace(&format!("{}: left a model running", self.stage.name()));
                            return Ok(Waited::Answered(Run::OutOfTime, true));
                        }
                    } else if until.is_some_and(|u| now >= u) {
                        return Ok(Waited::Running(self));
                    }
                }
            }
        };
        cx.stats.variables = cx.stats.variables.max(done.variables);
        cx.stats.constraints = cx.stats.constraints.max(done.constraints);
        cx.stats.nodes += done.nodes;
        let bound = done.bound.map(|b| round_objective((b - 1e-6).ceil()));
        Ok(match done.run? {
            RunInner::Found(placements, status) => Waited::Answered(
                Run::Found(Timetable::new(&cx.p, status, placements), bound),
                status != Status::Optimal,
            ),
            RunInner::Aside(talks, status, objective, placements) => {
                let proven = status == Status::Optimal;
                let least = if proven {
                    Some(round_objective(objective))
                } else {
                    bound
                };
                Waited::Answered(Run::Aside(talks, least, placements), !proven)
            }
            RunInner::Relaxed(b) => Waited::Answered(Run::Relaxed(b), false),
            RunInner::Infeasible => Waited::Answered(Run::Infeasible, false),
            RunInner::OutOfTime => Waited::Answered(Run::OutOfTime, true),
            RunInner::TooLarge => Waited::Answered(Run::OutOfTime, false),
        })
    }
}

/// Everything that happens on the worker: build, solve, extract, check.
#[allow(clippy::too_many_arguments)]
fn solve_on_worker(
    p: &Problem,
    doms: &[Domain],
    opts: &ModelOptions,
    scope: Scope,
    limit: Option<Duration>,
    warm: Option<&[Placement]>,
    backend: backend::Backend,
    control: &super::Control,
    abandoned: &AtomicBool,
    (stage, cap, how): (Stage, Option<usize>, Solve),
    (best, bound): (Option<u64>, Option<u64>),
) -> Done {
    let built = Instant::now();
    let mut model = Model::build(p, doms, scope, opts);
    trace(&format!(
        "{}: model built in {:.2} s: {} variables, {} constraints",
        stage.name(),
        built.elapsed().as_secs_f64(),
        model.vars.len(),
        model.constraints.len()
    ));
    let mut done = Done {
        run: Ok(RunInner::Infeasible),
        variables: model.vars.len(),
        constraints: model.constraints.len(),
        nodes: 0,
        bound: None,
    };
    if let Some(cap) = cap
        && model.vars.len() > cap
    {
        trace(&format!(
            "{}: a model of {} variables is left unsolved",
            stage.name(),
            model.vars.len()
        ));
        done.run = Ok(RunInner::TooLarge);
        return done;
    }
    if model.trivially_infeasible {
        return done;
    }
    if abandoned.load(Ordering::SeqCst) {
        done.run = Ok(RunInner::OutOfTime);
        return done;
    }
    let step = Step::of(&model.objective);
    let (mut request, mip_gap) = solver_request(p, &mut model, warm, limit, step);
    request.relaxed = how == Solve::Relaxation;
    if let Solve::Capped(nodes) = how {
        request.node_limit = Some(nodes);
    }
    let mut on_progress = progress_reporter(control, abandoned, stage, best, bound);
    let answer = match backend::solve(backend, request, &mut on_progress) {
        Ok(a) => a,
        Err(e) => {
            done.run = Err(e.into());
            return done;
        }
    };
    done.run = match answer {
        Answer::Solved {
            values,
            stop,
            objective,
            bound,
            nodes,
        } => {
            done.nodes = nodes;
            if how == Solve::Relaxation {
                // A little below the LP's optimum, for its round-off.
                let least = objective - 1e-7 * objective.abs().max(1.0);
                done.run = Ok(RunInner::Relaxed(round_objective(step.raise(least))));
                return done;
            }
            done.bound = bound.map(|b| step.raise(b));
            let status = match stop {
                Stop::Optimal => Status::Optimal,
                Stop::Gap if mip_gap.is_some() => Status::Optimal,
                Stop::Gap | Stop::Limit => Status::Feasible,
            };
            found(p, &model, stage, values.as_ref(), status, objective)
        }
        Answer::Infeasible => Ok(RunInner::Infeasible),
        Answer::OutOfTime => Ok(RunInner::OutOfTime),
    };
    done
}

/// Problem, model, warm start, limit in; the backend request and the gap proving an optimum out.
fn solver_request(
    p: &Problem,
    model: &mut Model,
    warm: Option<&[Placement]>,
    limit: Option<Duration>,
    step: Step,
) -> (Request, Option<f64>) {
    // At an optimum the objective is a multiple of the step (see `Step`):
    // a bound within one step of the incumbent proves it. A relative gap
    // of (step - 0.001) / (the warm start's objective) means an absolute
    // gap below one step for every incumbent at least as good.
    let terms = model.terms;
    let mut mip_gap = None;
    let warm_start = warm.map(|start| {
        let objective = model_score(&score(p, start), p, terms);
        if objective > 0 && terms != Terms::NONE {
            mip_gap = Some(step.gap_below(objective));
        }
        model.values_for(start)
    });
    let request = Request {
        vars: std::mem::take(&mut model.vars),
        objective: std::mem::replace(&mut model.objective, 0.0.into()),
        constraints: std::mem::take(&mut model.constraints),
        time_limit: limit,
        mip_gap,
        warm_start,
        slice: Some(tuning::SOLVER_SLICE),
        branch_first: std::mem::take(&mut model.branch_first),
        relaxed: false,
        node_limit: None,
    };
    (request, mip_gap)
}

/// The backend's progress callback: reports through `control` (the best
/// objective known, or the model's incumbent if better where the model's
/// objective is the timetable's: the full model's) and stops the solve
/// when the search must stop or has stopped waiting for it.
fn progress_reporter<'a>(
    control: &'a super::Control,
    abandoned: &'a AtomicBool,
    stage: Stage,
    best: Option<u64>,
    bound: Option<u64>,
) -> impl FnMut(&backend::Progress) -> ControlFlow<()> + 'a {
    move |prog: &backend::Progress| {
        // Only the full model's objective is the timetable's: the seat
        // model leaves clashes out, a window's model counts its window.
        let incumbent = prog
            .incumbent
            .filter(|_| stage == Stage::FullModel)
            .map(round_objective);
        control.report(&Report {
            elapsed: control.elapsed(),
            stage,
            best: match (incumbent, best) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
            bound,
        });
        if control.should_stop() || abandoned.load(Ordering::SeqCst) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }
}

/// The model's timetable, after checking that the model's objective is the
/// score of the timetable (for the terms the model carries). A solution
/// the solver has not proven optimal may be scored higher by the model
/// than by `score`: the model's count variables (track rooms and gaps,
/// clashes, conflicts, changes) are only bounded from below, and only the
/// optimum presses every one down to its value. Never lower: that would be
/// a model that misses a cost.
fn found(
    p: &Problem,
    model: &Model,
    stage: Stage,
    values: &dyn backend::Values,
    status: Status,
    objective: f64,
) -> Result<RunInner, SolveError> {
    if model.terms == Terms::NONE {
        return Ok(RunInner::Found(Vec::new(), status));
    }
    let placements = model
        .extract(|v| values.value(v))
        .map_err(Internal::Model)?;
    let aside: Vec<(TalkId, Away)> = p
        .talk_ids()
        .filter_map(|t| model.away(t, |v| values.value(v)).map(|a| (t, a)))
        .collect();
    if !aside.is_empty() {
        return Ok(RunInner::Aside(aside, status, objective, placements));
    }
    let full = score(p, &placements);
    let scored = model_score(&full, p, model.terms) - uncounted_gaps(p, model, &placements);
    #[allow(clippy::cast_precision_loss)] // objectives far below 2^52
    let over = objective - scored as f64;
    let wrong = match status {
        Status::Optimal => over.abs() > 0.5,
        Status::Feasible => over < -0.5,
    };
    if wrong {
        let terms: Vec<String> = full
            .terms()
            .iter()
            .filter(|(_, v)| *v != 0)
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        return Err(Internal::ObjectiveMismatch {
            stage,
            model: objective,
            score: scored,
            terms: terms.join(", "),
        }
        .into());
    }
    Ok(RunInner::Found(placements, status))
}

/// The weighted track gaps of `placements` on the track-days where the
/// model does not count them (see `ModelOptions::gap_days`).
fn uncounted_gaps(p: &Problem, model: &Model, placements: &[Placement]) -> u64 {
    match &model.gap_days {
        Some(on) if model.terms.track_gaps => {
            gaps_outside(p, on, placements).values().sum::<u64>() * p.weights.track_gaps
        }
        _ => 0,
    }
}

/// The gaps of `placements` per (declared track, day) that has some and
/// is not in `on`.
pub(crate) fn gaps_outside(
    p: &Problem,
    on: &BTreeSet<(usize, usize)>,
    placements: &[Placement],
) -> BTreeMap<(usize, usize), u64> {
    let mut gaps = gaps_by_track_day(p, placements);
    gaps.retain(|k, _| !on.contains(k));
    gaps
}

/// The part of a score that a model with `terms` minimises.
pub(crate) fn model_score(s: &Score, p: &Problem, terms: Terms) -> u64 {
    let w = &p.weights;
    [
        (terms.empty_seats, s.empty_seats * w.empty_seats),
        (terms.track_clashes, s.track_clashes * w.track_clash),
        (terms.track_rooms, s.track_rooms * w.track_rooms),
        (terms.track_gaps, s.track_gaps * w.track_gaps),
        (terms.preferences, s.preferences * w.preferences),
        (terms.conflicts, s.conflicts * w.conflicts),
        (terms.attendee_missed, s.attendee_missed * w.attendee_missed),
        (terms.changes, s.changes * p.replan.weight.unwrap_or(1)),
    ]
    .into_iter()
    .filter_map(|(on, v)| on.then_some(v))
    .sum()
}

/// What the optimum of a model's objective must be: its constant plus a
/// multiple of `every`, the greatest common divisor of its coefficients.
/// Every coefficient is an integer (weights times counts and seats), and
/// at an optimum every variable with a coefficient is integral: the
/// placements are binaries, and each count or cost variable is pressed
/// down onto the integer its rows give it (a clash cost onto n(n-1)/2, a
/// track's rooms onto a count of binaries). So no solution lies strictly
/// between an incumbent and one step below it, and any bound can be
/// raised to the next value of that form.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Step {
    /// The greatest common divisor of the coefficients (1 when one is not
    /// an integer, or there are none).
    every: f64,
    /// The objective's constant.
    offset: f64,
}

impl Step {
    pub(crate) fn of(objective: &Expression) -> Step {
        let mut every = 0u64;
        for (_, c) in objective.linear_coefficients() {
            let c = c.abs();
            if c == 0.0 {
                continue;
            }
            if c.fract() != 0.0 || c >= 1e15 {
                every = 1;
                break;
            }
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // integral, in range
            let n = c as u64;
            every = gcd(every, n);
        }
        #[allow(clippy::cast_precision_loss)] // below 1e15
        Step {
            every: every.max(1) as f64,
            offset: objective.constant(),
        }
    }

    /// A relative gap that stops a search only within one step: below
    /// one step for `objective` and every better incumbent.
    pub(crate) fn gap_below(self, objective: u64) -> f64 {
        #[allow(clippy::cast_precision_loss)] // objectives far below 2^52
        let objective = objective as f64;
        (self.every - 0.001) / objective
    }

    /// The least value at or above `bound` (less a round-off allowance)
    /// that the optimum can take.
    pub(crate) fn raise(self, bound: f64) -> f64 {
        self.offset + ((bound - self.offset - 1e-6) / self.every).ceil() * self.every
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// An objective value as the integer it is.
fn round_objective(x: f64) -> u64 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // rounded, clamped at 0
    let n = x.round().max(0.0) as u64;
    n
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[test]
    fn a_bound_rises_to_the_next_value_the_optimum_can_take() {
        let mut vars = good_lp::ProblemVariables::new();
        let x = vars.add(good_lp::variable().binary());
        let y = vars.add(good_lp::variable().min(0));
        let z = vars.add(good_lp::variable().min(0));
        // 2x + 100y - 30z + 7: every value is 7 plus an even number.
        let step = Step::of(&(2.0 * x + 100.0 * y - 30.0 * z + 7.0));
        assert_eq!(
            step,
            Step {
                every: 2.0,
                offset: 7.0
            }
        );
        assert!((step.raise(4295.3) - 4297.0).abs() < 1e-9);
        assert!((step.raise(4297.0) - 4297.0).abs() < 1e-9);
        assert!((step.raise(4297.0 + 1e-9) - 4297.0).abs() < 1e-9);
        assert!((step.raise(4297.1) - 4299.0).abs() < 1e-9);
        // A coefficient that is not an integer: no step but 1.
        let step = Step::of(&(2.0 * x + 0.5 * y));
        assert_eq!(
            step,
            Step {
                every: 1.0,
                offset: 0.0
            }
        );
        assert!((step.raise(3.2) - 4.0).abs() < 1e-9);
        // A search stops within less than a step of any incumbent at
        // least as good as the one the gap was set for, never at a step.
        let step = Step::of(&(30.0 * x + 50.0 * y));
        let gap = step.gap_below(4300);
        for incumbent in [4300.0, 1000.0, 10.0] {
            assert!(gap * incumbent < 10.0 && gap * incumbent > 0.0);
        }
        assert!(gap * 4300.0 > 9.99);
        // No coefficient at all.
        assert_eq!(
            Step::of(&Expression::from(3.0)),
            Step {
                every: 1.0,
                offset: 3.0
            }
        );
    }

    /// The best objective a progress report of `stage` gives when the best
    /// timetable scores 100 and the stage's model has an incumbent of 40.
    fn reported_best(stage: Stage) -> Option<u64> {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        let control = super::super::Control::default()
            .on_report(move |r| sink.lock().expect("lock").push(r.best));
        let abandoned = AtomicBool::new(false);
        let mut report = progress_reporter(&control, &abandoned, stage, Some(100), Some(30));
        let _ = report(&backend::Progress {
            incumbent: Some(40.0),
            bound: None,
            nodes: 0,
        });
        seen.lock().expect("lock")[0]
    }

    #[test]
    fn progress_shows_a_models_incumbent_only_where_it_is_the_objective() {
        // The seat model leaves clashes out and a window counts its window:
        // their incumbents are not the timetable's objective.
        assert_eq!(reported_best(Stage::FullModel), Some(40));
        assert_eq!(reported_best(Stage::SeatModel), Some(100));
        assert_eq!(reported_best(Stage::Neighbourhoods), Some(100));
    }
}
