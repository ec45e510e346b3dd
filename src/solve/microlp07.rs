//! A good_lp backend for microlp 0.7.
//!
//! **In:** a model written with good_lp: the [`ProblemVariables`], the
//! objective [`Expression`] and its [`ObjectiveDirection`], given to
//! [`microlp07`], then constraints added through [`SolverModel`], and
//! optionally a time limit, a MIP gap and a (partial) starting solution.
//!
//! **Out:** a [`Microlp07Solution`] implementing good_lp's [`Solution`], which
//! also reports the objective, best bound, gap and node count; or a
//! [`ResolutionError`]. [`Microlp07Model::solve_sliced`] solves in time slices
//! and reports [`Progress`] between them, so a caller can show progress or
//! stop early and keep the best solution found so far.
//!
//! **Why:** good_lp's own `microlp` feature uses microlp 0.6, which is far
//! slower: on the 300-talk problem 0.6 finds no solution in 120 s, while 0.7
//! proves the optimum in 2.6 s. good_lp keeps the fields of its
//! `UnsolvedProblem` crate-private, so an outside crate cannot implement
//! `good_lp::Solver`; instead of `vars.maximise(obj).using(solver)`, write
//! `microlp07(&vars, obj, ObjectiveDirection::Maximisation)`.
//!
//! Integer variables need bounds in the `i32` range (an infinite bound means
//! `i32::MIN`/`i32::MAX`); a bound range holding no integer makes the solve
//! return [`ResolutionError::Infeasible`]. The values of integer variables are
//! rounded to the nearest integer (microlp reports e.g. `0.9999999`).

use std::collections::HashMap;
use std::fmt;
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use good_lp::constraint::ConstraintReference;
use good_lp::solvers::MipGapError;
use good_lp::solvers::microlp::MicroLpProblem;
use good_lp::{
    Constraint, Expression, IntoAffineExpression, ObjectiveDirection, ProblemVariables,
    ResolutionError, Solution, SolutionStatus, SolverModel, Variable, WithInitialSolution,
    WithMipGap, WithTimeLimit,
};
use microlp::{
    ComparisonOp, LinearExpr, OptimizationDirection, Problem, ResumeOptions, SolveOptions,
    SolveOutcome, TerminationReason, VarDomain,
};

/// The message of [`NO_SOLUTION_YET`].
pub const NO_SOLUTION_YET_MESSAGE: &str = "time limit reached before any feasible solution";

/// What [`SolverModel::solve`] returns when the time limit is reached before
/// any feasible solution was found. This says nothing about feasibility, unlike
/// [`ResolutionError::Infeasible`].
pub const NO_SOLUTION_YET: ResolutionError = ResolutionError::Other(NO_SOLUTION_YET_MESSAGE);

/// Slack when rounding a fractional integer bound inwards, so that a bound
/// like `1.0000000001` (round-off) still admits `1`.
const BOUND_SLACK: f64 = 1e-9;

/// Builds a microlp 0.7 model from good_lp's variables and objective.
pub fn microlp07(
    variables: &ProblemVariables,
    objective: Expression,
    direction: ObjectiveDirection,
) -> Microlp07Model {
    let objective_constant = objective.constant();
    let mut costs: HashMap<Variable, f64> = HashMap::new();
    for (var, coeff) in objective.linear_coefficients() {
        *costs.entry(var).or_default() += coeff;
    }
    let mut problem = Problem::new(match direction {
        ObjectiveDirection::Maximisation => OptimizationDirection::Maximize,
        ObjectiveDirection::Minimisation => OptimizationDirection::Minimize,
    });
    let mut vars = HashMap::with_capacity(variables.len());
    let mut warm_start = Vec::new();
    let mut build_error = None;
    for (var, def) in variables.iter_variables_with_def() {
        let cost = costs.remove(&var).unwrap_or(0.0);
        let mvar = if def.is_integer() {
            let bounds = integer_bounds(def.get_min(), def.get_max()).unwrap_or_else(|e| {
                build_error.get_or_insert(e);
                (0, 0)
            });
            problem.add_integer_var(cost, bounds)
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
    Microlp07Model {
        problem,
        vars,
        objective_constant,
        warm_start,
        time_limit: None,
        mip_gap: None,
        build_error,
        references: ProblemVariables::new()
            .minimise(0.0)
            .using(good_lp::microlp),
    }
}

/// The error for an expression using a variable the model does not know.
fn foreign_variable() -> ResolutionError {
    ResolutionError::Str("expression uses a variable not in the ProblemVariables".into())
}

/// The `i32` bounds of an integer variable with bounds `min..=max`, or the
/// error when they are outside `i32` or hold no integer.
fn integer_bounds(min: f64, max: f64) -> Result<(i32, i32), ResolutionError> {
    let to_i32 = |bound: f64, infinite: f64, if_infinite: i32| {
        if bound == infinite {
            return Ok(if_infinite);
        }
        // `as` saturates, so check the range first (NaN fails it).
        if (i32::MIN as f64..=i32::MAX as f64).contains(&bound) {
            Ok(bound as i32)
        } else {
            let msg = format!("integer bound {bound} is outside the i32 range microlp supports");
            Err(ResolutionError::Str(msg))
        }
    };
    let lo = to_i32((min - BOUND_SLACK).ceil(), f64::NEG_INFINITY, i32::MIN)?;
    let hi = to_i32((max + BOUND_SLACK).floor(), f64::INFINITY, i32::MAX)?;
    if lo > hi {
        return Err(ResolutionError::Infeasible);
    }
    Ok((lo, hi))
}

/// Maps a microlp error to good_lp's error type.
fn resolution_error(error: microlp::Error) -> ResolutionError {
    match error {
        microlp::Error::Infeasible => ResolutionError::Infeasible,
        microlp::Error::Unbounded => ResolutionError::Unbounded,
        microlp::Error::InvalidOptions(s) => ResolutionError::Str(format!("invalid options: {s}")),
        microlp::Error::InvalidOperation(s) => ResolutionError::Str(format!("invalid model: {s}")),
        microlp::Error::InternalError(s) => ResolutionError::Str(format!("internal error: {s}")),
        other => ResolutionError::Str(other.to_string()),
    }
}

/// A model for microlp 0.7, built by [`microlp07`].
pub struct Microlp07Model {
    problem: Problem,
    vars: HashMap<Variable, microlp::Variable>,
    objective_constant: f64,
    warm_start: Vec<(microlp::Variable, f64)>,
    time_limit: Option<Duration>,
    mip_gap: Option<f32>,
    /// An error found while building, reported by the solve.
    build_error: Option<ResolutionError>,
    /// [`ConstraintReference`] has no public constructor: an empty,
    /// never-solved model of good_lp's bundled microlp backend, given an empty
    /// row per constraint added here, numbers our constraints for us.
    references: MicroLpProblem,
}

impl Microlp07Model {
    /// The options of a solve with budget `time_limit`.
    fn options(&self, time_limit: Option<Duration>) -> SolveOptions {
        let mut options = SolveOptions::default();
        options.time_limit = time_limit;
        options.mip_gap = self.mip_gap.map_or(0.0, f64::from);
        if !self.warm_start.is_empty() {
            options.warm_start = Some(self.warm_start.clone());
        }
        options
    }

    fn wrap(self, solution: microlp::Solution) -> Microlp07Solution {
        Microlp07Solution {
            solution,
            vars: self.vars,
            objective_constant: self.objective_constant,
        }
    }

    /// Solves in slices of about `slice` (at least 1 ms), calling `on_slice`
    /// after each slice that ends without finishing the solve (optimum proven
    /// or MIP gap reached). `ControlFlow::Break` stops the solve. The time
    /// limit set by [`WithTimeLimit::with_time_limit`] bounds the whole call,
    /// wall clock, callbacks included; `on_slice` is still called for the
    /// slice that reaches it.
    ///
    /// On a stop (`Break` or time limit) this returns the best solution so
    /// far, with status [`SolutionStatus::TimeLimit`], or
    /// [`SlicedError::NoSolutionYet`] when there is none.
    ///
    /// Slices are approximate: microlp cannot interrupt its presolve and setup,
    /// and checks the clock only every 1000 simplex pivots. A resume whose
    /// budget is shorter than its setup makes no pivot at all, so the slice is
    /// doubled after every slice without progress.
    pub fn solve_sliced(
        self,
        slice: Duration,
        mut on_slice: impl FnMut(&Progress) -> ControlFlow<()>,
    ) -> Result<Microlp07Solution, SlicedError> {
        if let Some(error) = self.build_error {
            return Err(error.into());
        }
        let started = Instant::now();
        let mut slice = slice.max(Duration::from_millis(1));
        let budget = |slice: Duration| match self.time_limit {
            Some(limit) => slice.min(limit.saturating_sub(started.elapsed())),
            None => slice,
        };
        let mut outcome = self.problem.solve_with(self.options(Some(budget(slice))))?;
        // (lp_iterations, nodes_solved) after the previous slice.
        let mut work = None;
        loop {
            let limited = matches!(
                outcome.termination_reason(),
                TerminationReason::TimeLimit | TerminationReason::NodeLimit
            );
            if limited {
                let elapsed = started.elapsed();
                let progress = self.progress(&outcome, elapsed);
                let out_of_time = self.time_limit.is_some_and(|limit| elapsed >= limit);
                if on_slice(&progress).is_continue() && !out_of_time {
                    // A stalled resume only counts the pivot loop's first pass.
                    let stats = outcome.stats();
                    let now = (stats.lp_iterations, stats.nodes_solved);
                    if work.is_some_and(|(iters, nodes)| now.0 <= iters + 2 && now.1 == nodes) {
                        slice = slice.saturating_mul(2);
                    }
                    work = Some(now);
                    let mut resume = ResumeOptions::default();
                    resume.time_limit = Some(budget(slice));
                    resume.mip_gap = self.mip_gap.map(f64::from);
                    outcome = outcome.resume_with(resume)?;
                    continue;
                }
            }
            return match outcome.into_solution() {
                Ok(solution) => Ok(self.wrap(solution)),
                Err(_) => Err(SlicedError::NoSolutionYet),
            };
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
            gap: stats.gap,
            nodes: stats.nodes_solved,
        }
    }
}

impl SolverModel for Microlp07Model {
    type Solution = Microlp07Solution;
    type Error = ResolutionError;

    /// Solves to optimality, the MIP gap or the time limit. A time limit
    /// reached before any feasible solution gives [`NO_SOLUTION_YET`].
    fn solve(self) -> Result<Microlp07Solution, ResolutionError> {
        if let Some(error) = self.build_error {
            return Err(error);
        }
        let outcome = self.problem.solve_with(self.options(self.time_limit));
        match outcome.map_err(resolution_error)?.into_solution() {
            Ok(solution) => Ok(self.wrap(solution)),
            Err(_interrupted) => Err(NO_SOLUTION_YET),
        }
    }

    fn add_constraint(&mut self, constraint: Constraint) -> ConstraintReference {
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
        let empty = Expression::from(0.0).leq(0.0);
        self.references.add_constraint(empty)
    }

    fn name() -> &'static str {
        "microlp 0.7"
    }
}

impl WithTimeLimit for Microlp07Model {
    /// A negative or NaN limit counts as zero, an infinite one as none.
    fn with_time_limit<T: Into<f64>>(mut self, seconds: T) -> Self {
        let seconds: f64 = seconds.into();
        self.time_limit = Duration::try_from_secs_f64(seconds.max(0.0)).ok();
        self
    }
}

impl WithMipGap for Microlp07Model {
    fn mip_gap(&self) -> Option<f32> {
        self.mip_gap
    }

    fn with_mip_gap(mut self, mip_gap: f32) -> Result<Self, MipGapError> {
        if mip_gap.is_sign_negative() {
            return Err(MipGapError::Negative);
        }
        if mip_gap.is_infinite() {
            return Err(MipGapError::Infinite);
        }
        if mip_gap.is_nan() {
            return Err(MipGapError::Other("the MIP gap is NaN".into()));
        }
        self.mip_gap = Some(mip_gap);
        Ok(self)
    }
}

impl WithInitialSolution for Microlp07Model {
    /// Replaces the starting solution (including the variables' `initial`
    /// values). It may be partial; microlp completes it, or ignores it when it
    /// is infeasible. Non-finite values and unknown variables are skipped.
    fn with_initial_solution(
        mut self,
        solution: impl IntoIterator<Item = (Variable, f64)>,
    ) -> Self {
        self.warm_start = solution
            .into_iter()
            .filter(|(_, value)| value.is_finite())
            .filter_map(|(var, value)| Some((*self.vars.get(&var)?, value)))
            .collect();
        self
    }
}

/// A feasible solution found by microlp 0.7.
pub struct Microlp07Solution {
    solution: microlp::Solution,
    vars: HashMap<Variable, microlp::Variable>,
    objective_constant: f64,
}

impl Microlp07Solution {
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

    /// Whether optimality was proven (no gap, no limit).
    pub fn is_proven_optimal(&self) -> bool {
        self.solution.termination_reason() == TerminationReason::ProvenOptimal
    }
}

impl Solution for Microlp07Solution {
    fn status(&self) -> SolutionStatus {
        match self.solution.termination_reason() {
            TerminationReason::ProvenOptimal => SolutionStatus::Optimal,
            TerminationReason::MipGap => SolutionStatus::GapLimit,
            TerminationReason::TimeLimit | TerminationReason::NodeLimit => {
                SolutionStatus::TimeLimit
            }
            _ => SolutionStatus::TimeLimit,
        }
    }

    /// The variable's value; an integer variable's is rounded.
    ///
    /// # Panics
    ///
    /// Panics if `variable` is not one of the model's.
    fn value(&self, variable: Variable) -> f64 {
        let mvar = self.vars[&variable];
        let value = self.solution.var_value(mvar);
        match self.solution.var_domain(mvar) {
            VarDomain::Real => value,
            VarDomain::Integer | VarDomain::Boolean => value.round(),
        }
    }
}

/// The state of a sliced solve after a slice, given to the callback of
/// [`Microlp07Model::solve_sliced`]. Objective values include the constant.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// Wall-clock time since the solve started.
    pub elapsed: Duration,
    /// The objective of the best solution so far.
    pub incumbent: Option<f64>,
    /// The best proven bound on the objective.
    pub best_bound: Option<f64>,
    /// The relative gap between incumbent and bound.
    pub gap: Option<f64>,
    /// Branch & bound nodes solved so far.
    pub nodes: u64,
}

/// Why [`Microlp07Model::solve_sliced`] returned no solution.
#[derive(Clone, Debug, PartialEq)]
pub enum SlicedError {
    /// The problem has no solution.
    Infeasible,
    /// Stopped (callback or time limit) before any feasible solution was found.
    NoSolutionYet,
    /// Anything else (unbounded, invalid model, solver failure).
    Other(String),
}

impl fmt::Display for SlicedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SlicedError::Infeasible => f.write_str("the problem is infeasible"),
            SlicedError::NoSolutionYet => f.write_str(NO_SOLUTION_YET_MESSAGE),
            SlicedError::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for SlicedError {}

impl From<microlp::Error> for SlicedError {
    fn from(error: microlp::Error) -> Self {
        resolution_error(error).into()
    }
}

impl From<ResolutionError> for SlicedError {
    fn from(error: ResolutionError) -> Self {
        match error {
            ResolutionError::Infeasible => SlicedError::Infeasible,
            ResolutionError::Other(NO_SOLUTION_YET_MESSAGE) => SlicedError::NoSolutionYet,
            ResolutionError::Unbounded => SlicedError::Other("the problem is unbounded".into()),
            ResolutionError::Other(message) => SlicedError::Other(message.into()),
            ResolutionError::Str(message) => SlicedError::Other(message),
        }
    }
}

impl From<SlicedError> for ResolutionError {
    fn from(error: SlicedError) -> Self {
        match error {
            SlicedError::Infeasible => ResolutionError::Infeasible,
            SlicedError::NoSolutionYet => NO_SOLUTION_YET,
            SlicedError::Other(message) => ResolutionError::Str(message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use good_lp::{Expression, ProblemVariables, constraint, variable};

    const MAX: ObjectiveDirection = ObjectiveDirection::Maximisation;
    const MIN: ObjectiveDirection = ObjectiveDirection::Minimisation;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    /// Fixed pseudo-random data in `lo..=hi` (a 64-bit LCG).
    fn data(seed: u64, n: usize, lo: u64, hi: u64) -> Vec<f64> {
        let mut state = seed;
        (0..n)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (lo + (state >> 33) % (hi - lo + 1)) as f64
            })
            .collect()
    }

    /// A binary knapsack of `n` items with `rows` capacity rows (each 30% of
    /// its total weight): the model, its variables, values and weights.
    fn knapsack(n: usize, rows: usize) -> (Microlp07Model, Vec<Variable>, Vec<f64>, Vec<Vec<f64>>) {
        let mut vars = ProblemVariables::new();
        let x = vars.add_vector(variable().binary(), n);
        let values = data(7, n, 10, 99);
        let weights: Vec<Vec<f64>> = (0..rows).map(|r| data(100 + r as u64, n, 5, 60)).collect();
        let objective: Expression = x.iter().zip(&values).map(|(&v, &c)| c * v).sum();
        let mut model = microlp07(&vars, objective, MAX);
        for w in &weights {
            let load: Expression = x.iter().zip(w).map(|(&v, &c)| c * v).sum();
            model.add_constraint(load.leq((w.iter().sum::<f64>() * 0.3).floor()));
        }
        (model, x, values, weights)
    }

    #[test]
    fn lp_optimum_with_objective_constant() {
        let mut vars = ProblemVariables::new();
        let x = vars.add(variable().clamp(0, 2));
        let y = vars.add(variable().clamp(1, 3));
        let solution = microlp07(&vars, x + y + 10, MAX)
            .with(constraint!(2 * x + y <= 4))
            .solve()
            .unwrap();
        assert!(close(solution.value(x), 0.5) && close(solution.value(y), 3.0));
        assert!(close(solution.objective(), 13.5));
        assert!(matches!(solution.status(), SolutionStatus::Optimal));
        assert!(solution.is_proven_optimal());
        assert_eq!(solution.gap(), Some(0.0));
        assert_eq!(solution.nodes(), 0);
    }

    #[test]
    fn small_milp_optimum() {
        let mut vars = ProblemVariables::new();
        let x = vars.add(variable().min(2));
        let y = vars.add(variable().clamp(0, 7));
        let z = vars.add(variable().integer().min(0));
        let solution = microlp07(&vars, 50 * x + 40 * y + 45 * z, MAX)
            .with(constraint!(3 * x + 2 * y + z <= 20))
            .with(constraint!(2 * x + y + 3 * z <= 15))
            .solve()
            .unwrap();
        let values = (solution.value(x), solution.value(y), solution.value(z));
        assert!(close(values.0, 2.0) && close(values.1, 6.5) && values.2 == 1.0);
        assert!(close(solution.objective(), 405.0));
        assert!(close(solution.best_bound().unwrap(), 405.0));
    }

    #[test]
    fn infeasible_problems() {
        let mut vars = ProblemVariables::new();
        let x = vars.add_variable();
        let result = microlp07(&vars, Expression::from(x), MAX)
            .with(constraint!(x <= 9))
            .with(constraint!(x >= 10))
            .solve();
        assert_eq!(result.err(), Some(ResolutionError::Infeasible));

        // Integer bounds that hold no integer.
        let mut vars = ProblemVariables::new();
        let y = vars.add(variable().integer().clamp(0.1, 0.9));
        let result = microlp07(&vars, Expression::from(y), MIN).solve();
        assert_eq!(result.err(), Some(ResolutionError::Infeasible));
        let sliced = microlp07(&vars, Expression::from(y), MIN)
            .solve_sliced(Duration::from_millis(1), |_| ControlFlow::Continue(()));
        assert_eq!(sliced.err(), Some(SlicedError::Infeasible));

        // Fractional bounds round inwards; bounds outside i32 are refused.
        let mut vars = ProblemVariables::new();
        let z = vars.add(variable().integer().clamp(0.9, 2.1));
        assert_eq!(microlp07(&vars, z + 0, MIN).solve().unwrap().value(z), 1.0);
        let mut vars = ProblemVariables::new();
        let w = vars.add(variable().integer().min(3e9));
        let result = microlp07(&vars, w + 0, MIN).solve();
        assert!(matches!(result, Err(ResolutionError::Str(m)) if m.contains("i32")));
    }

    #[test]
    fn unbounded_problem() {
        let mut vars = ProblemVariables::new();
        let x = vars.add(variable().min(0));
        let result = microlp07(&vars, x + 0, MAX).solve();
        assert_eq!(result.err(), Some(ResolutionError::Unbounded));
    }

    #[test]
    fn equality_constraints() {
        let mut vars = ProblemVariables::new();
        let x = vars.add_variable();
        let y = vars.add_variable();
        let z = vars.add(variable().integer().clamp(-5, 5));
        let solution = microlp07(&vars, x + y + z, MIN)
            .with(constraint!(x + y == 5))
            .with(constraint!(x - y == 1))
            .with(constraint!(2 * z == x - 7))
            .solve()
            .unwrap();
        assert!(close(solution.value(x), 3.0) && close(solution.value(y), 2.0));
        assert_eq!(solution.value(z), -2.0);
    }

    #[test]
    fn constraint_references_count_up() {
        let mut vars = ProblemVariables::new();
        let x = vars.add(variable().clamp(0, 1));
        let mut model = microlp07(&vars, x + 0, MAX);
        let first = model.add_constraint(constraint!(x <= 1));
        let second = model.add_constraint(constraint!(x <= 2));
        assert_ne!(first, second);
    }

    /// The best value of a 12-item knapsack over all 4096 subsets.
    fn brute_force(values: &[f64], weights: &[Vec<f64>]) -> (f64, u32) {
        let n = values.len();
        let fits = |mask: u32, w: &Vec<f64>| {
            let load: f64 = (0..n).filter(|i| mask >> i & 1 == 1).map(|i| w[i]).sum();
            load <= (w.iter().sum::<f64>() * 0.3).floor()
        };
        (0..1u32 << n)
            .filter(|&mask| weights.iter().all(|w| fits(mask, w)))
            .map(|mask| {
                let value = (0..n)
                    .filter(|i| mask >> i & 1 == 1)
                    .map(|i| values[i])
                    .sum();
                (value, mask)
            })
            .fold((f64::NEG_INFINITY, 0), |a, b| if b.0 > a.0 { b } else { a })
    }

    #[test]
    fn knapsack_matches_brute_force() {
        let (model, x, values, weights) = knapsack(12, 2);
        let (best, _) = brute_force(&values, &weights);
        let solution = model.solve().unwrap();
        assert!(
            close(solution.objective(), best),
            "{} vs {best}",
            solution.objective()
        );
        let picked: f64 = x
            .iter()
            .zip(&values)
            .map(|(&v, c)| solution.value(v) * c)
            .sum();
        assert!(close(picked, best));
        assert!(x.iter().all(|&v| [0.0, 1.0].contains(&solution.value(v))));
    }

    #[test]
    fn warm_start_is_used() {
        let (_, x, values, weights) = knapsack(12, 2);
        let (best, mask) = brute_force(&values, &weights);
        let hint = || {
            x.iter()
                .enumerate()
                .map(|(i, &v)| (v, f64::from(mask >> i & 1)))
        };
        // With a loose gap, the optimal hint is returned as is.
        let solution = knapsack(12, 2)
            .0
            .with_initial_solution(hint())
            .with_mip_gap(0.5)
            .unwrap()
            .solve()
            .unwrap();
        assert!(matches!(solution.status(), SolutionStatus::GapLimit));
        assert!(close(solution.objective(), best));
        // A partial hint, and the search still proves the optimum.
        let solution = knapsack(12, 2)
            .0
            .with_initial_solution(hint().take(5))
            .solve()
            .unwrap();
        assert!(solution.is_proven_optimal() && close(solution.objective(), best));
    }

    #[test]
    fn zero_time_limit_reports_no_solution_or_time_limit() {
        let result = knapsack(60, 3).0.with_time_limit(0).solve();
        match result {
            Err(error) => assert_eq!(error, NO_SOLUTION_YET),
            Ok(solution) => assert!(matches!(solution.status(), SolutionStatus::TimeLimit)),
        }
    }

    #[test]
    fn sliced_solve_reaches_the_plain_optimum() {
        let plain = knapsack(60, 3).0.solve().unwrap();
        assert!(plain.is_proven_optimal());
        let mut reports = Vec::new();
        let sliced = knapsack(60, 3)
            .0
            .solve_sliced(Duration::from_millis(1), |progress| {
                reports.push(progress.clone());
                ControlFlow::Continue(())
            })
            .unwrap();
        assert!(sliced.is_proven_optimal());
        assert!(close(sliced.objective(), plain.objective()));
        assert!(reports.len() >= 2, "only {} slices", reports.len());
        assert!(reports.windows(2).all(|w| w[0].elapsed <= w[1].elapsed));
        let last = reports.last().unwrap();
        assert!(last.incumbent.unwrap() <= plain.objective() + 1e-6);
        assert!(last.best_bound.unwrap() >= plain.objective() - 1e-6);
    }

    #[test]
    fn break_stops_the_sliced_solve() {
        let mut calls = 0;
        let result = knapsack(60, 3)
            .0
            .solve_sliced(Duration::from_millis(1), |_| {
                calls += 1;
                ControlFlow::Break(())
            });
        assert_eq!(calls, 1);
        match result {
            Err(error) => assert_eq!(error, SlicedError::NoSolutionYet),
            Ok(solution) => {
                assert!(matches!(solution.status(), SolutionStatus::TimeLimit));
                assert!(!solution.is_proven_optimal());
            }
        }
    }

    #[test]
    fn sliced_solve_honours_the_overall_time_limit() {
        let mut calls = 0;
        let result =
            knapsack(60, 3)
                .0
                .with_time_limit(0)
                .solve_sliced(Duration::from_millis(1), |_| {
                    calls += 1;
                    ControlFlow::Continue(())
                });
        assert_eq!(calls, 1);
        assert!(match result {
            Err(error) => error == SlicedError::NoSolutionYet,
            Ok(solution) => matches!(solution.status(), SolutionStatus::TimeLimit),
        });
    }

    /// A dense LP whose per-resume setup takes longer than 1 ms: without
    /// growing the slice, every resume would stop before its first pivot.
    #[test]
    fn sliced_solve_outgrows_a_slice_shorter_than_the_setup() {
        let (n, rows) = (1000, 800);
        let mut vars = ProblemVariables::new();
        let x = vars.add_vector(variable().clamp(0, 5), n);
        let objective: Expression = x.iter().zip(data(7, n, 10, 99)).map(|(&v, c)| c * v).sum();
        let mut model = microlp07(&vars, objective, MAX).with_time_limit(60);
        for r in 0..rows {
            let w = data(100 + r as u64, n, 0, 60);
            let load: Expression = x.iter().zip(&w).map(|(&v, &c)| c * v).sum();
            model.add_constraint(load.leq((w.iter().sum::<f64>() * 0.3).floor()));
        }
        let solution = model
            .solve_sliced(Duration::from_millis(1), |_| ControlFlow::Continue(()))
            .unwrap();
        assert!(solution.is_proven_optimal());
    }
}
