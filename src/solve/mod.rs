//! The fourth stage: run the integer program and turn its answer into a
//! timetable, or into a reason why there is none.
//!
//! In: a checked problem and [`SolveOptions`]. Out: an [`Outcome`]: a
//! verified [`Timetable`] with solver statistics, or the structured
//! [`Reason`]s no timetable exists (cheap proofs first, then a small
//! conflicting set of rules found by deletion filtering).

pub mod microlp07;

#[cfg(test)]
mod props;

use std::time::{Duration, Instant};

use good_lp::solvers::ObjectiveDirection;
use good_lp::{
    ResolutionError, Solution, SolutionStatus, SolverModel, WithInitialSolution, WithMipGap,
    WithTimeLimit,
};

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
    let model = Model::build(p, doms, scope, model_opts);
    if model.trivially_infeasible {
        return Ok(Run::Infeasible);
    }
    stats.variables = model.vars.len();
    stats.constraints = model.constraints.len();
    let mut backend = microlp07::microlp07(
        &model.vars,
        model.objective.clone(),
        ObjectiveDirection::Minimisation,
    );
    for c in model.constraints.iter().cloned() {
        backend.add_constraint(c);
    }
    if let Some(limit) = time_limit {
        backend = backend.with_time_limit(limit.max(0.0));
    }
    // Every objective coefficient is an integer and at an optimum every
    // clash count is too, so the optimum is an integer: a bound within 1 of
    // the incumbent proves it. A relative gap of 0.999 / (the warm start's
    // objective) means an absolute gap below 1 for every incumbent at least
    // as good.
    let mut integral_gap = false;
    if let Some(start) = warm_start {
        let objective = crate::timetable::score(p, start).objective;
        backend = backend.with_initial_solution(model.values_for(start));
        if objective > 0 && !model_opts.feasibility_only {
            backend = backend
                .with_mip_gap(0.999 / objective as f32)
                .map_err(|e| SolveError(format!("the solver refused a gap: {e}")))?;
            integral_gap = true;
        }
    }
    match backend.solve() {
        Ok(solution) => {
            stats.bound = solution.best_bound();
            stats.nodes += solution.nodes();
            let status = match solution.status() {
                SolutionStatus::Optimal => Status::Optimal,
                SolutionStatus::GapLimit if integral_gap => Status::Optimal,
                _ => Status::Feasible,
            };
            if model_opts.feasibility_only {
                return Ok(Run::Found(Timetable::new(p, status, Vec::new())));
            }
            let placements = model.extract(|v| solution.value(v)).map_err(SolveError)?;
            Ok(Run::Found(Timetable::new(p, status, placements)))
        }
        Err(ResolutionError::Infeasible) => Ok(Run::Infeasible),
        Err(ResolutionError::Other(m)) if m == microlp07::NO_SOLUTION_YET_MESSAGE => {
            Ok(Run::OutOfTime)
        }
        Err(e) => Err(SolveError(format!("the solver failed: {e}"))),
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
                if tt.status == Status::Optimal {
                    // Fewest empty seats plus fewest clashes: a valid bound.
                    let clashes = analysis::clash_lower_bound(p) * p.weights.track_clash;
                    let seats = tt.score.empty_seats * p.weights.empty_seats;
                    first_bound = Some((seats + clashes) as f64);
                }
                let better = heuristic::improve(p, &tt.placements, HEURISTIC_EFFORT);
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
