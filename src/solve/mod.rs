//! The fourth stage: run the integer program and turn its answer into a
//! timetable, or into a reason why there is none.
//!
//! In: a checked problem and [`SolveOptions`]. Out: an [`Outcome`]: a
//! verified [`Timetable`] with solver statistics, or the structured
//! [`Reason`]s no timetable exists (cheap proofs first, then a small
//! conflicting set of rules found by deletion filtering).

pub mod microlp07;

use std::time::{Duration, Instant};

use good_lp::solvers::ObjectiveDirection;
use good_lp::{ResolutionError, Solution, SolutionStatus, SolverModel, WithTimeLimit};

use crate::analysis::Scope;
use crate::analysis::{self, Domain, Reason};
use crate::model::{Model, ModelOptions};
use crate::problem::Problem;
use crate::timetable::{Status, Timetable, verify};

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
    match backend.solve() {
        Ok(solution) => {
            let status = match solution.status() {
                SolutionStatus::Optimal => Status::Optimal,
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
        feasibility_only: false,
    };
    let run = run_model(
        p,
        &doms,
        Scope::all(p),
        &model_opts,
        opts.time_limit,
        &mut stats,
    )?;
    stats.elapsed = started.elapsed();
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
        Run::Infeasible => {
            let conflict = crate::explain::conflict(p, &doms, crate::explain::DEFAULT_BUDGET)?;
            Ok(Outcome::Infeasible(vec![conflict]))
        }
        Run::OutOfTime => Ok(Outcome::NoTimetableInTime(stats)),
    }
}
