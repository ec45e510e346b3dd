//! The solver backends behind one call.
//!
//! In: a good_lp model (variables, objective, constraints) and limits (time,
//! relative gap, warm start). Out: an [`Answer`]: the variables' values with
//! the status and bound, or infeasible, or out of time with nothing found.
//! The default backend is microlp 0.7 (pure Rust); others are cargo
//! features.

use good_lp::solvers::ObjectiveDirection;
use good_lp::{
    Constraint, Expression, ProblemVariables, ResolutionError, Solution, SolutionStatus,
    SolverModel, Variable, WithInitialSolution, WithMipGap, WithTimeLimit,
};

use std::ops::ControlFlow;
use std::time::Duration;

use super::control::{Control, Report};
use super::microlp07::{self, SlicedError};

/// Which solver runs the model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Backend {
    /// microlp 0.7: pure Rust, the default.
    #[default]
    Microlp,
}

/// What to solve and within which limits.
pub struct Request {
    /// The variables (consumed).
    pub vars: ProblemVariables,
    /// Minimised.
    pub objective: Expression,
    /// All constraints.
    pub constraints: Vec<Constraint>,
    /// Seconds.
    pub time_limit: Option<f64>,
    /// Stop when (incumbent - bound) / incumbent is at most this.
    pub mip_gap: Option<f32>,
    /// A (partial) starting solution.
    pub warm_start: Option<Vec<(Variable, f64)>>,
    /// Stop requests and progress reports (the solver runs in slices when
    /// it is active).
    pub control: Option<(Control, &'static str, Option<u64>)>,
}

/// Values of a solved model's variables.
pub trait Values {
    /// The value of a variable.
    fn value(&self, v: Variable) -> f64;
}

impl Values for microlp07::Microlp07Solution {
    fn value(&self, v: Variable) -> f64 {
        Solution::value(self, v)
    }
}

/// What the backend answered.
pub enum Answer {
    /// A solution.
    Solved {
        /// Its values.
        values: Box<dyn Values>,
        /// Optimality was proven.
        proven: bool,
        /// The search stopped on the requested gap.
        gap_stop: bool,
        /// The objective value of the solution.
        objective: f64,
        /// Best lower bound known.
        bound: Option<f64>,
        /// Branch-and-bound nodes.
        nodes: u64,
    },
    /// No solution exists.
    Infeasible,
    /// The time limit ran out before any solution.
    OutOfTime,
}

/// Solves a request with a backend.
pub fn solve(backend: Backend, req: Request) -> Result<Answer, String> {
    match backend {
        Backend::Microlp => solve_microlp(req),
    }
}

fn solve_microlp(req: Request) -> Result<Answer, String> {
    let mut model =
        microlp07::microlp07(&req.vars, req.objective, ObjectiveDirection::Minimisation);
    for c in req.constraints {
        model.add_constraint(c);
    }
    if let Some(limit) = req.time_limit {
        model = model.with_time_limit(limit.max(0.0));
    }
    if let Some(start) = req.warm_start {
        model = model.with_initial_solution(start);
    }
    if let Some(gap) = req.mip_gap {
        model = model
            .with_mip_gap(gap)
            .map_err(|e| format!("the solver refused a gap: {e}"))?;
    }
    let result = match req.control {
        Some((control, stage, best)) if control.is_active() => {
            let sliced = model.solve_sliced(Duration::from_millis(250), |prog| {
                let incumbent = prog.incumbent.map(|x| x.round().max(0.0) as u64);
                control.report(&Report {
                    elapsed: control.elapsed(),
                    stage,
                    best: match (incumbent, best) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    },
                    bound: prog.best_bound,
                });
                if control.stopped() {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            });
            match sliced {
                Ok(solution) => Ok(solution),
                Err(SlicedError::Infeasible) => Err(ResolutionError::Infeasible),
                Err(SlicedError::NoSolutionYet) => Err(microlp07::NO_SOLUTION_YET),
                Err(SlicedError::Other(m)) => Err(ResolutionError::Str(m)),
            }
        }
        _ => model.solve(),
    };
    match result {
        Ok(solution) => Ok(Answer::Solved {
            proven: matches!(solution.status(), SolutionStatus::Optimal),
            gap_stop: matches!(solution.status(), SolutionStatus::GapLimit),
            objective: solution.objective(),
            bound: solution.best_bound(),
            nodes: solution.nodes(),
            values: Box::new(solution),
        }),
        Err(ResolutionError::Infeasible) => Ok(Answer::Infeasible),
        Err(ResolutionError::Other(m)) if m == microlp07::NO_SOLUTION_YET_MESSAGE => {
            Ok(Answer::OutOfTime)
        }
        Err(e) => Err(format!("the solver failed: {e}")),
    }
}
