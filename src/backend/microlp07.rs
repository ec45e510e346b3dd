//! microlp 0.7 behind good_lp's modelling types.
//!
//! **In:** a model written with good_lp: its [`ProblemVariables`], an
//! objective [`Expression`] to minimise and [`Constraint`]s, plus optional
//! limits (time, relative MIP gap) and a (partial) starting solution.
//!
//! **Out:** a [`Solved`] model (values, objective, bound, gap, nodes and why
//! it stopped), or a [`Failure`] that says exactly what happened: no
//! solution exists, the limit came before any solution, or the model or the
//! solver failed. [`Model::solve`] runs in time slices and reports
//! [`Progress`] between them, so a caller can show progress or stop early
//! and keep the best solution found so far.
//!
//! **Why:** good_lp's own `microlp` feature uses microlp 0.6, which is far
//! slower (on a 300-talk problem 0.6 finds no solution in 120 s; 0.7 proves
//! the optimum in 2.6 s). good_lp's solver traits cannot be implemented
//! outside good_lp in a way that keeps its model building (`UnsolvedProblem`
//! is private), so this is a small typed adapter instead.
//!
//! Integer variables need bounds in the `i32` range (an infinite bound
//! means `i32::MIN`/`i32::MAX`); a bound range holding no integer makes the
//! solve return [`Failure::Infeasible`]. Values of integer variables are
//! rounded (microlp reports e.g. `0.9999999`).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use good_lp::{Constraint, Expression, IntoAffineExpression, ProblemVariables, Variable};
use microlp::{
    ComparisonOp, LinearExpr, OptimizationDirection, Problem, ResumeOptions, SolveOptions,
    SolveOutcome, TerminationReason, VarDomain,
};

use crate::tuning;

/// Slack when rounding a fractional integer bound inwards, so that a bound
/// like `1.0000000001` (round-off) still admits `1`.
const BOUND_SLACK: f64 = 1e-9;

/// Why a solve returned no solution.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// The model has no solution.
    Infeasible,
    /// The objective is unbounded.
    Unbounded,
    /// Stopped (a limit or the callback) before any feasible solution.
    NoSolutionYet,
    /// The model cannot be given to microlp (a bound outside `i32`, a
    /// variable that is not the model's, a refused option).
    InvalidModel(String),
    /// microlp itself failed.
    Solver(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Infeasible => f.write_str("the model is infeasible"),
            Failure::Unbounded => f.write_str("the model is unbounded"),
            Failure::NoSolutionYet => f.write_str("stopped before any feasible solution"),
            Failure::InvalidModel(m) => write!(f, "invalid model: {m}"),
            Failure::Solver(m) => write!(f, "microlp failed: {m}"),
        }
    }
}

impl std::error::Error for Failure {}

impl From<microlp::Error> for Failure {
    fn from(error: microlp::Error) -> Self {
        match error {
            microlp::Error::Infeasible => Failure::Infeasible,
            microlp::Error::Unbounded => Failure::Unbounded,
            microlp::Error::InvalidOptions(s) | microlp::Error::InvalidOperation(s) => {
                Failure::InvalidModel(s)
            }
            other => Failure::Solver(other.to_string()),
        }
    }
}

/// The state of a solve after a slice, given to the callback of
/// [`Model::solve`]. Objective values include the objective's constant.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// Wall-clock time since the solve started.
    pub elapsed: Duration,
    /// The objective of the best solution so far.
    pub incumbent: Option<f64>,
    /// The best proven bound on the objective.
    pub best_bound: Option<f64>,
    /// Branch & bound nodes solved so far.
    pub nodes: u64,
}

/// Limits of one solve.
#[derive(Clone, Debug, Default)]
pub struct Limits {
    /// Wall clock for the whole call, callbacks included.
    pub time: Option<Duration>,
    /// Stop when the relative gap between incumbent and bound is at most this.
    pub mip_gap: Option<f64>,
    /// Slices of about this length between callbacks; `None` solves in one
    /// go (no callbacks).
    pub slice: Option<Duration>,
    /// Stop after this many branch-and-bound nodes (the root LP not
    /// counted): a limit that does not depend on the clock. Only in one go
    /// (without `slice`): microlp counts a node that a slice cut short
    /// twice.
    pub nodes: Option<u64>,
}

/// A model for microlp 0.7, minimising its objective.
pub struct Model {
    problem: Problem,
    vars: HashMap<Variable, microlp::Variable>,
    objective_constant: f64,
    warm_start: Vec<(microlp::Variable, f64)>,
    /// The continuous twin of each variable branched on first.
    twins: HashMap<microlp::Variable, microlp::Variable>,
    /// An error found while building, reported by the solve.
    build_error: Option<Failure>,
}

impl Model {
    /// A model of `variables`, minimising `objective`.
    pub fn new(variables: &ProblemVariables, objective: Expression) -> Self {
        Self::branching_first(variables, objective, &[])
    }

    /// A model of `variables`, minimising `objective`, whose search
    /// branches on the integer variables `first` before the others.
    ///
    /// microlp picks the fractional variable with the largest product of
    /// pseudocosts, which start at each variable's objective coefficient
    /// until branching has measured them. Each variable of `first` gets a
    /// coefficient larger than any other (`lead`) and a continuous twin
    /// held equal to it that costs `-lead`: every point of the model, its
    /// relaxation and its objective stay as they were; only the order of
    /// the first branchings changes.
    pub fn branching_first(
        variables: &ProblemVariables,
        objective: Expression,
        first: &[Variable],
    ) -> Self {
        Self::build(variables, objective, first, true)
    }

    /// The linear relaxation of the model of `variables` minimising
    /// `objective`: integer variables continuous within their bounds.
    pub fn relaxation(variables: &ProblemVariables, objective: Expression) -> Self {
        Self::build(variables, objective, &[], false)
    }

    fn build(
        variables: &ProblemVariables,
        objective: Expression,
        first: &[Variable],
        integers: bool,
    ) -> Self {
        let objective_constant = objective.constant();
        let mut costs: HashMap<Variable, f64> = HashMap::new();
        for (var, coeff) in objective.linear_coefficients() {
            *costs.entry(var).or_default() += coeff;
        }
        let lead = costs.values().fold(0.0, |m: f64, c| m.max(c.abs())) + 1.0;
        let first: HashSet<Variable> = first.iter().copied().collect();
        let mut problem = Problem::new(OptimizationDirection::Minimize);
        let mut vars = HashMap::with_capacity(variables.len());
        let mut warm_start = Vec::new();
        let mut build_error = None;
        let mut twins = Vec::new();
        for (var, def) in variables.iter_variables_with_def() {
            let cost = costs.remove(&var).unwrap_or(0.0);
            let mvar = if def.is_integer() {
                let bounds = integer_bounds(def.get_min(), def.get_max()).unwrap_or_else(|e| {
                    build_error.get_or_insert(e);
                    (0, 0)
                });
                if !integers {
                    problem.add_var(cost, (f64::from(bounds.0), f64::from(bounds.1)))
                } else if first.contains(&var) {
                    let mvar = problem.add_integer_var(cost + lead, bounds);
                    let twin = problem.add_var(-lead, (f64::from(bounds.0), f64::from(bounds.1)));
                    twins.push((mvar, twin));
                    mvar
                } else {
                    problem.add_integer_var(cost, bounds)
                }
            } else {
                problem.add_var(cost, (def.get_min(), def.get_max()))
            };
            if let Some(value) = def.get_initial().filter(|v| v.is_finite()) {
                warm_start.push((mvar, value));
            }
            vars.insert(var, mvar);
        }
        if costs.values().any(|&c| c != 0.0) {
            build_error.get_or_insert_with(foreign_variable);
        }
        for &(var, twin) in &twins {
            let mut row = LinearExpr::empty();
            row.add(twin, 1.0);
            row.add(var, -1.0);
            problem.add_constraint(row, ComparisonOp::Eq, 0.0);
        }
        let twins: HashMap<_, _> = twins.into_iter().collect();
        Model {
            problem,
            vars,
            objective_constant,
            warm_start: with_twins(&twins, warm_start),
            twins,
            build_error,
        }
    }

    /// Adds a constraint.
    pub fn add(&mut self, constraint: &Constraint) {
        let expression = constraint.expression();
        let mut row = LinearExpr::empty();
        for (var, coeff) in expression.linear_coefficients() {
            match self.vars.get(&var) {
                Some(&mvar) if coeff != 0.0 => row.add(mvar, coeff),
                Some(_) => {}
                None => _ = self.build_error.get_or_insert_with(foreign_variable),
            }
        }
        let op = if constraint.is_equality() {
            ComparisonOp::Eq
        } else {
            ComparisonOp::Le
        };
        self.problem.add_constraint(row, op, -expression.constant());
    }

    /// Replaces the starting solution (including the variables' `initial`
    /// values). It may be partial; microlp completes it, or ignores it when
    /// it is infeasible. Non-finite values and unknown variables are skipped.
    pub fn set_warm_start(&mut self, solution: impl IntoIterator<Item = (Variable, f64)>) {
        let start = solution
            .into_iter()
            .filter(|(_, value)| value.is_finite())
            .filter_map(|(var, value)| Some((*self.vars.get(&var)?, value)))
            .collect();
        self.warm_start = with_twins(&self.twins, start);
    }

    fn options(
        &self,
        time_limit: Option<Duration>,
        mip_gap: Option<f64>,
        nodes: Option<u64>,
    ) -> SolveOptions {
        let mut options = SolveOptions::default();
        options.time_limit = time_limit;
        options.node_limit = nodes;
        options.mip_gap = mip_gap.unwrap_or(0.0);
        options.presolve = self.vars.len() >= tuning::PRESOLVE_MIN_VARIABLES;
        if !self.warm_start.is_empty() {
            options.warm_start = Some(self.warm_start.clone());
        }
        options
    }

    /// Solves to optimality, the gap or the time limit. With a slice,
    /// `on_slice` is called after each slice that ends without finishing;
    /// `ControlFlow::Break` stops the solve. On a stop this returns the best
    /// solution so far (see [`Solved::stop`]), or
    /// [`Failure::NoSolutionYet`].
    ///
    /// Slices are approximate: microlp cannot interrupt its presolve and
    /// first LP, and checks the clock only every 1000 simplex pivots. A
    /// resume whose budget is shorter than its setup makes no pivot at all,
    /// so the slice is doubled after every slice without progress. With a
    /// warm start the first call is no slice: it runs to the end of the
    /// first node, or the limit, so that microlp can complete the start.
    pub fn solve(
        self,
        limits: &Limits,
        mut on_slice: impl FnMut(&Progress) -> ControlFlow<()>,
    ) -> Result<Solved, Failure> {
        if let Some(error) = self.build_error {
            return Err(error);
        }
        let started = Instant::now();
        let Some(first_slice) = limits.slice.filter(|_| limits.nodes.is_none()) else {
            let outcome =
                self.problem
                    .solve_with(self.options(limits.time, limits.mip_gap, limits.nodes))?;
            return self.finish(outcome);
        };
        let mut slice = first_slice.max(Duration::from_millis(1));
        let budget = |slice: Duration| match limits.time {
            Some(limit) => slice.min(limit.saturating_sub(started.elapsed())),
            None => slice,
        };
        // microlp tries a warm start once, right after the first LP, within
        // the time that call has left; a completion cut short by a slice's
        // end is dropped for good (the generated 150-talk full model never
        // had its start). So a warm-started solve's first call has the whole
        // limit and stops after one node; the slices follow.
        let first = if self.warm_start.is_empty() {
            self.options(Some(budget(slice)), limits.mip_gap, None)
        } else {
            self.options(limits.time, limits.mip_gap, Some(1))
        };
        let mut outcome = self.problem.solve_with(first)?;
        // (lp_iterations, nodes_solved) after the previous slice.
        let mut work = None;
        loop {
            let limited = matches!(
                outcome.termination_reason(),
                TerminationReason::TimeLimit | TerminationReason::NodeLimit
            );
            if !limited {
                return self.finish(outcome);
            }
            let elapsed = started.elapsed();
            let progress = self.progress(&outcome, elapsed);
            let out_of_time = limits.time.is_some_and(|limit| elapsed >= limit);
            if on_slice(&progress).is_break() || out_of_time {
                return self.finish(outcome);
            }
            // A stalled resume only counts the pivot loop's first pass.
            let stats = outcome.stats();
            let now = (stats.lp_iterations, stats.nodes_solved);
            if work.is_some_and(|(iters, nodes)| now.0 <= iters + 2 && now.1 == nodes) {
                slice = slice.saturating_mul(2);
            }
            work = Some(now);
            let mut resume = ResumeOptions::default();
            resume.time_limit = Some(budget(slice));
            resume.mip_gap = limits.mip_gap;
            outcome = outcome.resume_with(resume)?;
        }
    }

    fn finish(self, outcome: SolveOutcome) -> Result<Solved, Failure> {
        match outcome.into_solution() {
            Ok(solution) => Ok(Solved {
                solution,
                vars: self.vars,
                objective_constant: self.objective_constant,
            }),
            Err(_) => Err(Failure::NoSolutionYet),
        }
    }

    fn progress(&self, outcome: &SolveOutcome, elapsed: Duration) -> Progress {
        let stats = outcome.stats();
        Progress {
            elapsed,
            incumbent: outcome
                .solution()
                .map(|s| s.objective() + self.objective_constant),
            best_bound: stats.best_bound.map(|b| b + self.objective_constant),
            nodes: stats.nodes_solved,
        }
    }
}

/// A starting solution with each twin's value beside its variable's.
fn with_twins(
    twins: &HashMap<microlp::Variable, microlp::Variable>,
    start: Vec<(microlp::Variable, f64)>,
) -> Vec<(microlp::Variable, f64)> {
    let copies: Vec<_> = start
        .iter()
        .filter_map(|(var, value)| Some((*twins.get(var)?, *value)))
        .collect();
    start.into_iter().chain(copies).collect()
}

/// The error for an expression using a variable the model does not know.
fn foreign_variable() -> Failure {
    Failure::InvalidModel("an expression uses a variable not in the ProblemVariables".into())
}

/// The `i32` bounds of an integer variable with bounds `min..=max`, or the
/// failure when they are outside `i32` or hold no integer.
fn integer_bounds(min: f64, max: f64) -> Result<(i32, i32), Failure> {
    let to_i32 = |bound: f64, infinite: f64, if_infinite: i32| {
        if bound == infinite {
            return Ok(if_infinite);
        }
        // `as` saturates, so check the range first (NaN fails it).
        if (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&bound) {
            #[allow(clippy::cast_possible_truncation)] // in range and integral
            Ok(bound as i32)
        } else {
            Err(Failure::InvalidModel(format!(
                "integer bound {bound} is outside the i32 range microlp supports"
            )))
        }
    };
    let lo = to_i32((min - BOUND_SLACK).ceil(), f64::NEG_INFINITY, i32::MIN)?;
    let hi = to_i32((max + BOUND_SLACK).floor(), f64::INFINITY, i32::MAX)?;
    if lo > hi {
        return Err(Failure::Infeasible);
    }
    Ok((lo, hi))
}

/// Why a solve stopped with a solution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// Optimality proven.
    Optimal,
    /// The requested relative gap was reached.
    Gap,
    /// A time limit or the callback stopped it.
    Limit,
}

/// A feasible solution found by microlp 0.7.
pub struct Solved {
    solution: microlp::Solution,
    vars: HashMap<Variable, microlp::Variable>,
    objective_constant: f64,
}

impl Solved {
    /// The objective value, including the objective's constant term.
    pub fn objective(&self) -> f64 {
        self.solution.objective() + self.objective_constant
    }

    /// The best proven bound on the objective (constant included), if known.
    pub fn best_bound(&self) -> Option<f64> {
        let bound = self.solution.stats().best_bound;
        bound.map(|b| b + self.objective_constant)
    }

    /// The relative gap between the objective and the best bound, if known.
    pub fn gap(&self) -> Option<f64> {
        self.solution.gap()
    }

    /// Branch & bound nodes solved, over all slices (0 for a pure LP).
    pub fn nodes(&self) -> u64 {
        self.solution.stats().nodes_solved
    }

    /// Why the solve stopped.
    pub fn stop(&self) -> Stop {
        match self.solution.termination_reason() {
            TerminationReason::ProvenOptimal => Stop::Optimal,
            TerminationReason::MipGap => Stop::Gap,
            _ => Stop::Limit,
        }
    }

    /// The variable's value; an integer variable's is rounded; 0 for a
    /// variable that is not the model's.
    pub fn value(&self, variable: Variable) -> f64 {
        let Some(&mvar) = self.vars.get(&variable) else {
            return 0.0;
        };
        let value = self.solution.var_value(mvar);
        match self.solution.var_domain(mvar) {
            VarDomain::Real => value,
            VarDomain::Integer | VarDomain::Boolean => value.round(),
        }
    }
}

#[cfg(test)]
mod tests;
