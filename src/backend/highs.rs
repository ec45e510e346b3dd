//! HiGHS through good_lp's model building; the solve itself goes through
//! the `highs` crate so that the status mapping is exact and the bound
//! and node count can be read, which good_lp's adapter drops.
//!
//! In: a [`Request`]. Out: an [`Answer`] or a [`BackendError`]. HiGHS runs
//! single-threaded, in one call (no progress reports).

use std::collections::HashMap;

use good_lp::{IntoAffineExpression, SolverModel, Variable};
use highs::{HighsModelStatus, HighsSolutionStatus};

use super::{Answer, BackendError, Request, Stop, Values};

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

pub(super) fn solve(req: Request) -> Result<Answer, BackendError> {
    // good_lp adds one column per variable, in the variables' order.
    let column: HashMap<Variable, usize> = req
        .vars
        .iter_variables_with_def()
        .enumerate()
        .map(|(i, (v, _))| (v, i))
        .collect();
    let constant = req.objective.constant();
    let objective_expr = req.objective.clone();
    let mut problem = req.vars.minimise(req.objective).using(good_lp::highs);
    for c in req.constraints {
        problem.add_constraint(c);
    }
    let mut model = problem
        .try_into_inner()
        .map_err(|e| BackendError::InvalidModel(e.to_string()))?;
    set_options(&mut model, req.time_limit, req.mip_gap)?;
    if let Some(nodes) = req.node_limit {
        let nodes = i32::try_from(nodes).unwrap_or(i32::MAX);
        model
            .try_set_option("mip_max_nodes", nodes)
            .map_err(|_| BackendError::Solver(format!("HiGHS refused mip_max_nodes = {nodes}")))?;
    }
    if req.relaxed {
        model
            .try_set_option("solve_relaxation", true)
            .map_err(|_| {
                BackendError::Solver("HiGHS refused the option solve_relaxation".into())
            })?;
    }
    // Values for the integer columns are enough: HiGHS solves an LP for
    // the others ("solving LP for user-supplied values of discrete
    // variables") when the start leaves them at 0.
    if let Some(start) = req.warm_start.filter(|_| !req.relaxed) {
        set_warm_start(&mut model, &column, start)?;
    }
    let solved = model
        .try_solve()
        .map_err(|e| BackendError::Solver(format!("HiGHS {e:?}")))?;
    let status = solved.status();
    let has_solution = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let stop = match status {
        HighsModelStatus::Optimal => {
            // HiGHS says optimal when either gap tolerance holds: with a
            // requested relative gap, tell a stop on it from a proof.
            let achieved = solved.mip_gap();
            if req.mip_gap.is_none() || !(achieved.is_finite() && achieved > 1e-9) {
                Stop::Optimal
            } else {
                Stop::Gap
            }
        }
        // No columns at all: nothing to choose, the empty solution.
        HighsModelStatus::ModelEmpty => {
            return Ok(Answer::Solved {
                values: Box::new(HighsValues {
                    column,
                    values: Vec::new(),
                }),
                stop: Stop::Optimal,
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
            Stop::Limit
        }
        other => return Err(BackendError::Solver(format!("HiGHS status {other:?}"))),
    };
    if !has_solution {
        return Err(BackendError::Solver(format!(
            "HiGHS status {status:?} without a solution"
        )));
    }
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite())
        .map(|b| b + constant);
    let nodes = node_count(&solved);
    let values = solved.get_solution().columns().to_vec();
    // The objective of the values handed back, not HiGHS's report: on
    // ITC2007 comp15 a neighbourhood window came back "optimal" with an
    // objective of 8130 and values worth 8140. Values that are not worth
    // what HiGHS says prove nothing: a feasible point, its bound kept.
    let objective = objective_expr
        .linear_coefficients()
        .map(|(v, c)| c * column.get(&v).map_or(0.0, |&i| values[i]))
        .sum::<f64>()
        + constant;
    let reported = solved.objective_value() + constant;
    let stop = if (objective - reported).abs() > 1e-6 * reported.abs().max(1.0) {
        Stop::Limit
    } else {
        stop
    };
    Ok(Answer::Solved {
        values: Box::new(HighsValues { column, values }),
        stop,
        objective,
        bound,
        nodes,
    })
}

/// Model, time limit and gap in; threads, time limit and gap (else 0) set, or HiGHS's refusal out.
fn set_options(
    model: &mut highs::Model,
    time_limit: Option<std::time::Duration>,
    mip_gap: Option<f64>,
) -> Result<(), BackendError> {
    let set = |model: &mut highs::Model, key: &str, value: f64| {
        model
            .try_set_option(key, value)
            .map_err(|_| BackendError::Solver(format!("HiGHS refused the option {key} = {value}")))
    };
    // One thread: the machine's other core stays free, and more threads
    // measured almost no gain on these models.
    model
        .try_set_option("threads", 1)
        .map_err(|_| BackendError::Solver("HiGHS refused the option threads = 1".into()))?;
    if let Some(limit) = time_limit {
        set(model, "time_limit", limit.as_secs_f64())?;
    }
    // Without a requested gap, prove optimality: HiGHS's default
    // relative gap (1e-4) would stop early on large objectives.
    let gap = mip_gap.unwrap_or(0.0);
    if !(gap.is_finite() && gap >= 0.0) {
        return Err(BackendError::InvalidModel(format!("a gap of {gap}")));
    }
    set(model, "mip_rel_gap", gap)?;
    Ok(())
}

/// Model, columns and warm start in; the start set as the model's solution, or HiGHS's refusal out.
fn set_warm_start(
    model: &mut highs::Model,
    column: &HashMap<Variable, usize>,
    start: Vec<(Variable, f64)>,
) -> Result<(), BackendError> {
    let mut cols = vec![0.0; column.len()];
    for (v, x) in start {
        if let Some(&i) = column.get(&v) {
            cols[i] = x;
        }
    }
    model
        .try_set_solution(Some(&cols), None, None, None)
        .map_err(|e| BackendError::Solver(format!("HiGHS refused the warm start: {e:?}")))?;
    Ok(())
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

    use crate::backend::{Answer, Backend, Request, Stop, solve};

    fn request(vars: ProblemVariables, objective: Expression) -> Request {
        Request {
            vars,
            objective,
            time_limit: Some(std::time::Duration::from_secs(10)),
            ..Request::default()
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
        match solve(Backend::Highs, req, &mut |_| {
            std::ops::ControlFlow::Continue(())
        }) {
            Ok(Answer::Solved {
                values,
                stop,
                bound,
                ..
            }) => {
                assert_eq!(stop, Stop::Optimal);
                assert_eq!((values.value(x), values.value(y)), (0.0, 1.0));
                assert!((bound.expect("a bound") - 7.0).abs() < 1e-6, "{bound:?}");
            }
            _ => panic!("not solved"),
        }
    }

    #[test]
    fn a_relaxation_is_solved_as_an_lp() {
        // 2x + 2y >= 3 over binaries: 4 as an integer program, 3 relaxed.
        for (relaxed, want) in [(false, 4.0), (true, 3.0)] {
            let mut vars = ProblemVariables::new();
            let x = vars.add(variable().binary());
            let y = vars.add(variable().binary());
            let mut req = request(vars, 2 * x + 2 * y);
            req.constraints.push((2 * x + 2 * y).geq(3));
            req.warm_start = Some(vec![(x, 1.0), (y, 1.0)]);
            req.relaxed = relaxed;
            match solve(Backend::Highs, req, &mut |_| {
                std::ops::ControlFlow::Continue(())
            }) {
                Ok(Answer::Solved { objective, .. }) => {
                    assert!((objective - want).abs() < 1e-6, "{relaxed}: {objective}");
                }
                _ => panic!("not solved"),
            }
        }
    }

    #[test]
    fn infeasible_is_infeasible() {
        let mut vars = ProblemVariables::new();
        let x = vars.add(variable().binary());
        let y = vars.add(variable().binary());
        let mut req = request(vars, x + y);
        req.constraints.push((x + y).geq(3));
        assert!(matches!(
            solve(Backend::Highs, req, &mut |_| {
                std::ops::ControlFlow::Continue(())
            }),
            Ok(Answer::Infeasible)
        ));
    }
}
