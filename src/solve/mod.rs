//! The fourth stage: run the integer program and turn its answer into a
//! timetable, or into a reason why there is none.
//!
//! In: a checked problem and [`SolveOptions`]. Out: an [`Outcome`]: a
//! verified [`Timetable`] with solver statistics, or the structured
//! [`Reason`]s no timetable exists (cheap proofs first, then a small
//! conflicting set of rules found by deletion filtering).

pub mod backend;
pub mod microlp07;

#[cfg(test)]
mod props;

pub use backend::Backend;

use std::time::{Duration, Instant};

use crate::analysis::Scope;
use crate::analysis::{self, Domain, Reason};
use crate::heuristic;
use crate::model::{Model, ModelOptions};
use crate::problem::Problem;
use crate::timetable::{Placement, Status, Timetable, verify};

/// How hard the local search works: random moves per movable talk.
const HEURISTIC_EFFORT: usize = 200;

/// How to solve.
#[derive(Clone, Debug, Default)]
pub struct SolveOptions {
    /// Stop the search after this many seconds and keep the best timetable.
    pub time_limit: Option<f64>,
    /// Use the simple one-class-per-room model.
    pub per_room: bool,
    /// Which solver.
    pub backend: Backend,
}

/// Figures about one solve.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// Wall-clock time of the whole solve.
    pub elapsed: Duration,
    /// Model variables.
    pub variables: usize,
    /// Model constraints.
    pub constraints: usize,
    /// Best proven lower bound on the objective, when the search stopped
    /// before proving optimality.
    pub bound: Option<f64>,
    /// Branch-and-bound nodes.
    pub nodes: u64,
}

/// What solving found.
#[derive(Debug)]
pub enum Outcome {
    /// A timetable that passed `verify`.
    Solved(Timetable, Stats),
    /// No timetable exists, and why.
    Infeasible(Vec<Reason>),
    /// The time limit ran out before any timetable was found.
    NoTimetableInTime(Stats),
}

/// Why solving failed without an answer about the problem.
#[derive(Debug)]
pub struct SolveError(pub String);

impl std::fmt::Display for SolveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SolveError {}

/// What one model run gave.
pub(crate) enum Run {
    /// A timetable.
    Found(Timetable),
    Infeasible,
    OutOfTime,
}

/// Builds and solves one model.
pub(crate) fn run_model(
    p: &Problem,
    doms: &[Domain],
    scope: Scope,
    model_opts: &ModelOptions,
    time_limit: Option<f64>,
    warm_start: Option<&[Placement]>,
    stats: &mut Stats,
) -> Result<Run, SolveError> {
    let built = Instant::now();
    let model = Model::build(p, doms, scope, model_opts);
    trace(&format!(
        "model built in {:.2} s: {} variables, {} constraints",
        built.elapsed().as_secs_f64(),
        model.vars.len(),
        model.constraints.len()
    ));
    if model.trivially_infeasible {
        return Ok(Run::Infeasible);
    }
    stats.variables = model.vars.len();
    stats.constraints = model.constraints.len();
    // Every objective coefficient is an integer and at an optimum every
    // clash count is too, so the optimum is an integer: a bound within 1 of
    // the incumbent proves it. A relative gap of 0.999 / (the warm start's
    // objective) means an absolute gap below 1 for every incumbent at least
    // as good.
    let mut mip_gap = None;
    let warm = warm_start.map(|start| {
        let objective = crate::timetable::score(p, start).objective;
        if objective > 0 && !model_opts.feasibility_only {
            mip_gap = Some(0.999 / objective as f32);
        }
        model.values_for(start)
    });
    let mut model = model;
    let request = backend::Request {
        vars: std::mem::take(&mut model.vars),
        objective: model.objective.clone(),
        constraints: std::mem::take(&mut model.constraints),
        time_limit,
        mip_gap,
        warm_start: warm,
    };
    let solving = Instant::now();
    let answer = backend::solve(model_opts.backend, request).map_err(SolveError)?;
    trace(&format!(
        "backend answered in {:.2} s",
        solving.elapsed().as_secs_f64()
    ));
    match answer {
        backend::Answer::Solved {
            values,
            proven,
            gap_stop,
            bound,
            nodes,
        } => {
            stats.bound = bound;
            stats.nodes += nodes;
            let status = if proven || (gap_stop && mip_gap.is_some()) {
                Status::Optimal
            } else {
                Status::Feasible
            };
            if model_opts.feasibility_only {
                return Ok(Run::Found(Timetable::new(p, status, Vec::new())));
            }
            let placements = model.extract(|v| values.value(v)).map_err(SolveError)?;
            Ok(Run::Found(Timetable::new(p, status, placements)))
        }
        backend::Answer::Infeasible => Ok(Run::Infeasible),
        backend::Answer::OutOfTime => Ok(Run::OutOfTime),
    }
}

/// Solves a problem: a proven-optimal (or, under a time limit, feasible)
/// verified timetable, or the reasons none exists.
pub fn solve(p: &Problem, opts: &SolveOptions) -> Result<Outcome, SolveError> {
    let started = Instant::now();
    let doms = analysis::domains(p);
    let reasons = analysis::find_reasons(p, &doms);
    if !reasons.is_empty() {
        return Ok(Outcome::Infeasible(reasons));
    }
    let mut stats = Stats::default();
    let model_opts = ModelOptions {
        per_room: opts.per_room,
        backend: opts.backend,
        ..ModelOptions::default()
    };
    // With a track-clash term, microlp can take long to find any timetable
    // of a tightly packed problem; the model without it is much easier. Its
    // answer (or proof of infeasibility) comes first and seeds the full
    // model.
    let mut fallback: Option<Timetable> = None;
    let mut first_bound: Option<f64> = None;
    if Model::has_clash_term(p) {
        let first = ModelOptions {
            no_clash_term: true,
            ..model_opts.clone()
        };
        let limit = opts.time_limit.map(|t| t / 2.0);
        match run_model(p, &doms, Scope::all(p), &first, limit, None, &mut stats)? {
            Run::Found(tt) => {
                trace(&format!(
                    "phase 1 (no clash term) solved: {} at {:.2} s, {} variables",
                    tt.score.objective,
                    started.elapsed().as_secs_f64(),
                    stats.variables
                ));
                if tt.status == Status::Optimal {
                    // Fewest empty seats plus fewest clashes: a valid bound.
                    let clashes = analysis::clash_lower_bound(p) * p.weights.track_clash;
                    let seats = tt.score.empty_seats * p.weights.empty_seats;
                    first_bound = Some((seats + clashes) as f64);
                }
                // First keep the fewest empty seats and lower the clashes;
                // then, unless that met the bound already, trade freely.
                let kept = heuristic::improve_with(p, &tt.placements, HEURISTIC_EFFORT, true);
                let kept_s = crate::timetable::score(p, &kept).objective;
                let better = if first_bound.is_some_and(|b| kept_s as f64 <= b) {
                    kept
                } else {
                    let freed = heuristic::improve(p, &kept, HEURISTIC_EFFORT);
                    let freed_s = crate::timetable::score(p, &freed).objective;
                    trace(&format!(
                        "local search: seats kept {kept_s}, then free {freed_s}"
                    ));
                    if freed_s < kept_s { freed } else { kept }
                };
                // The search keeps every rule; check anyway, it is cheap.
                let chosen = if verify(p, &better).is_empty() {
                    better
                } else {
                    tt.placements
                };
                let tt1 = Timetable::new(p, Status::Feasible, chosen);
                trace(&format!(
                    "phase 1: objective {} -> local search {} at {:.2} s",
                    tt.score.objective,
                    tt1.score.objective,
                    started.elapsed().as_secs_f64()
                ));
                fallback = Some(tt1);
            }
            Run::Infeasible => return infeasible(p, &doms),
            Run::OutOfTime => {}
        }
    }
    // The local search may meet the bound: then it is proven optimal.
    if let (Some(tt), Some(bound)) = (&fallback, first_bound)
        && tt.score.objective as f64 <= bound
    {
        stats.elapsed = started.elapsed();
        stats.bound = Some(bound);
        let tt = Timetable::new(p, Status::Optimal, tt.placements.clone());
        trace("the local search met the lower bound: optimal");
        return Ok(Outcome::Solved(tt, stats));
    }
    let left = opts
        .time_limit
        .map(|t| (t - started.elapsed().as_secs_f64()).max(0.0));
    let warm = fallback.as_ref().map(|tt| tt.placements.as_slice());
    let run = run_model(p, &doms, Scope::all(p), &model_opts, left, warm, &mut stats)?;
    stats.elapsed = started.elapsed();
    stats.bound = match (stats.bound, first_bound) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let run = match (run, fallback) {
        // The full model found nothing in time, or nothing better: the
        // first phase's improved timetable is still valid.
        (Run::OutOfTime, Some(tt)) => Run::Found(tt),
        (Run::Found(tt), Some(fb)) if fb.score.objective < tt.score.objective => Run::Found(fb),
        (run, _) => run,
    };
    match run {
        Run::Found(tt) => {
            let violations = verify(p, &tt.placements);
            if let Some(v) = violations.first() {
                return Err(SolveError(format!(
                    "internal error: the solver's timetable breaks a rule: {}",
                    v.message
                )));
            }
            Ok(Outcome::Solved(tt, stats))
        }
        Run::Infeasible => infeasible(p, &doms),
        Run::OutOfTime => Ok(Outcome::NoTimetableInTime(stats)),
    }
}

/// The solver proved infeasibility: find a small conflicting set of rules.
fn infeasible(p: &Problem, doms: &[Domain]) -> Result<Outcome, SolveError> {
    let conflict = crate::explain::conflict(p, doms, crate::explain::DEFAULT_BUDGET)?;
    Ok(Outcome::Infeasible(vec![conflict]))
}

/// Progress notes on stderr when `CONFSCHED_TRACE` is set (for tuning).
fn trace(msg: &str) {
    if std::env::var_os("CONFSCHED_TRACE").is_some() {
        eprintln!("trace: {msg}");
    }
}
