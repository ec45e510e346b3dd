//! The solver backends behind one call.
//!
//! In: a good_lp model (variables, objective, constraints) and limits (time,
//! relative gap, warm start). Out: an [`Answer`]: the variables' values with
//! the status and bound, or infeasible, or out of time with nothing found.
//! The default backend is microlp 0.7 (pure Rust); others are cargo
//! features: `highs` adds [`Backend::Highs`] (HiGHS, C++, built from source;
//! needs cmake, libclang-dev and a C++ compiler). Without the feature the
//! variant does not exist, so `--solver highs` is rejected as an unknown value.

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
    /// HiGHS (C++, single-threaded): only in builds with the `highs` feature.
    #[cfg(feature = "highs")]
    Highs,
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
        #[cfg(feature = "highs")]
        Backend::Highs => highs_backend::solve(req),
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

#[cfg(feature = "highs")]
mod highs_backend {
    //! HiGHS through good_lp's model building; the solve itself goes through
    //! the `highs` crate so that the status mapping is exact and the bound
    //! and node count can be read, which good_lp's adapter drops.

    use std::collections::HashMap;

    use good_lp::{IntoAffineExpression, SolverModel, Variable};
    use highs::{HighsModelStatus, HighsSolutionStatus};

    use super::{Answer, Request, Values};

    /// Column values, by good_lp variable.
    struct HighsValues {
        column: HashMap<Variable, usize>,
        values: Vec<f64>,
    }

    impl Values for HighsValues {
        fn value(&self, v: Variable) -> f64 {
            self.column
                .get(&v)
                .and_then(|&i| self.values.get(i))
                .copied()
                .unwrap_or(0.0)
        }
    }

    pub(super) fn solve(req: Request) -> Result<Answer, String> {
        // good_lp adds one column per variable, in the variables' order.
        let column: HashMap<Variable, usize> = req
            .vars
            .iter_variables_with_def()
            .enumerate()
            .map(|(i, (v, _))| (v, i))
            .collect();
        let constant = req.objective.constant();
        let mut problem = req.vars.minimise(req.objective).using(good_lp::highs);
        for c in req.constraints {
            problem.add_constraint(c);
        }
        let mut model = problem
            .try_into_inner()
            .map_err(|e| format!("the solver failed: {e}"))?;
        let set = |model: &mut highs::Model, key: &str, value: f64| {
            model
                .try_set_option(key, value)
                .map_err(|_| format!("HiGHS refused the option {key} = {value}"))
        };
        // One thread: the machine's other core stays free, and more threads
        // measured almost no gain on these models.
        model
            .try_set_option("threads", 1)
            .map_err(|_| "HiGHS refused the option threads = 1".to_string())?;
        if let Some(limit) = req.time_limit {
            set(&mut model, "time_limit", limit.max(0.0))?;
        }
        // Without a requested gap, prove optimality: HiGHS's default
        // relative gap (1e-4) would stop early on large objectives.
        let gap = req.mip_gap.map_or(0.0, f64::from);
        if !(gap.is_finite() && gap >= 0.0) {
            return Err(format!("the solver refused a gap: {gap}"));
        }
        set(&mut model, "mip_rel_gap", gap)?;
        // Values for the integer columns are enough: HiGHS solves an LP for
        // the others ("solving LP for user-supplied values of discrete
        // variables") when the start leaves them at 0.
        if let Some(start) = req.warm_start {
            let mut cols = vec![0.0; column.len()];
            for (v, x) in start {
                if let Some(&i) = column.get(&v) {
                    cols[i] = x;
                }
            }
            model
                .try_set_solution(Some(&cols), None, None, None)
                .map_err(|e| format!("HiGHS refused the warm start: {e:?}"))?;
        }
        let solved = model
            .try_solve()
            .map_err(|e| format!("the solver failed: HiGHS {e:?}"))?;
        let status = solved.status();
        let has_solution = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
        let (proven, gap_stop) = match status {
            HighsModelStatus::Optimal => {
                // HiGHS says optimal when either gap tolerance holds: with a
                // requested relative gap, tell a stop on it from a proof.
                let achieved = solved.mip_gap();
                let proven = req.mip_gap.is_none() || !(achieved.is_finite() && achieved > 1e-9);
                (proven, !proven)
            }
            // No columns at all: nothing to choose, the empty solution.
            HighsModelStatus::ModelEmpty => {
                return Ok(Answer::Solved {
                    values: Box::new(HighsValues {
                        column,
                        values: Vec::new(),
                    }),
                    proven: true,
                    gap_stop: false,
                    objective: constant,
                    bound: Some(constant),
                    nodes: 0,
                });
            }
            HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
                return Ok(Answer::Infeasible);
            }
            HighsModelStatus::ReachedTimeLimit
            | HighsModelStatus::ReachedIterationLimit
            | HighsModelStatus::ReachedSolutionLimit
            | HighsModelStatus::ReachedInterrupt
            | HighsModelStatus::ReachedMemoryLimit => {
                if !has_solution {
                    return Ok(Answer::OutOfTime);
                }
                (false, false)
            }
            other => return Err(format!("the solver failed: HiGHS status {other:?}")),
        };
        if !has_solution {
            return Err(format!(
                "the solver failed: HiGHS status {status:?} without a solution"
            ));
        }
        let bound = solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite())
            .map(|b| b + constant);
        let nodes = node_count(&solved);
        let objective = solved.objective_value() + constant;
        let values = solved.get_solution().columns().to_vec();
        Ok(Answer::Solved {
            values: Box::new(HighsValues { column, values }),
            proven,
            gap_stop,
            objective,
            bound,
            nodes,
        })
    }

    /// Branch-and-bound nodes: an int64 info value, which the `highs` crate
    /// reads only as a 32-bit one.
    fn node_count(solved: &highs::SolvedModel) -> u64 {
        let mut n: i64 = 0;
        // SAFETY: a live HiGHS instance, a NUL-terminated name and a valid
        // pointer to an int64 for the result.
        let status = unsafe {
            highs_sys::Highs_getInt64InfoValue(solved.as_ptr(), c"mip_node_count".as_ptr(), &mut n)
        };
        if status == highs_sys::STATUS_OK {
            u64::try_from(n).unwrap_or(0)
        } else {
            0
        }
    }

    #[cfg(test)]
    mod tests {
        use good_lp::{Expression, ProblemVariables, variable};

        use super::super::{Answer, Request, solve};
        use crate::solve::Backend;

        fn request(vars: ProblemVariables, objective: Expression) -> Request {
            Request {
                vars,
                objective,
                constraints: Vec::new(),
                time_limit: Some(10.0),
                mip_gap: None,
                warm_start: None,
                control: None,
            }
        }

        #[test]
        fn optimal_with_the_bound_including_the_constant() {
            let mut vars = ProblemVariables::new();
            let x = vars.add(variable().binary());
            let y = vars.add(variable().binary());
            let mut req = request(vars, 3 * x + 2 * y + 5);
            req.constraints.push((x + y).geq(1));
            req.warm_start = Some(vec![(x, 1.0), (y, 1.0)]);
            match solve(Backend::Highs, req) {
                Ok(Answer::Solved {
                    values,
                    proven,
                    bound,
                    ..
                }) => {
                    assert!(proven);
                    assert_eq!((values.value(x), values.value(y)), (0.0, 1.0));
                    assert!((bound.expect("a bound") - 7.0).abs() < 1e-6, "{bound:?}");
                }
                _ => panic!("not solved"),
            }
        }

        #[test]
        fn infeasible_is_infeasible() {
            let mut vars = ProblemVariables::new();
            let x = vars.add(variable().binary());
            let y = vars.add(variable().binary());
            let mut req = request(vars, x + y);
            req.constraints.push((x + y).geq(3));
            assert!(matches!(solve(Backend::Highs, req), Ok(Answer::Infeasible)));
        }
    }
}
