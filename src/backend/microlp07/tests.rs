//! microlp 0.7 adapter: optima, failures, warm starts and slices, checked
//! against brute force and closed forms.

use super::*;
use good_lp::{ProblemVariables, constraint, variable};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

fn model(vars: &ProblemVariables, objective: Expression, rows: &[Constraint]) -> Model {
    let mut m = Model::new(vars, objective);
    for c in rows {
        m.add(c);
    }
    m
}

fn once(m: Model) -> Result<Solved, Failure> {
    m.solve(&Limits::default(), |_| ControlFlow::Continue(()))
}

/// Fixed pseudo-random data in `lo..=hi` (a 64-bit LCG).
fn data(seed: u64, n: usize, lo: u64, hi: u64) -> Vec<f64> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            crate::num::float64(lo + (state >> 33) % (hi - lo + 1))
        })
        .collect()
}

/// A binary knapsack (maximise value: minimise its negative) of `n` items
/// with `rows` capacity rows (each 30% of its total weight).
fn knapsack(n: usize, rows: usize) -> (Model, Vec<Variable>, Vec<f64>, Vec<Vec<f64>>) {
    knapsack_first(n, rows, 0)
}

/// As [`knapsack`], branching first on the first `first` items.
fn knapsack_first(
    n: usize,
    rows: usize,
    first: usize,
) -> (Model, Vec<Variable>, Vec<f64>, Vec<Vec<f64>>) {
    let mut vars = ProblemVariables::new();
    let x = vars.add_vector(variable().binary(), n);
    let values = data(7, n, 10, 99);
    let weights: Vec<Vec<f64>> = (0..rows).map(|r| data(100 + r as u64, n, 5, 60)).collect();
    let objective: Expression = x.iter().zip(&values).map(|(&v, &c)| -c * v).sum();
    let rows: Vec<Constraint> = weights
        .iter()
        .map(|w| {
            let load: Expression = x.iter().zip(w).map(|(&v, &c)| c * v).sum();
            load.leq((w.iter().sum::<f64>() * 0.3).floor())
        })
        .collect();
    let mut m = Model::branching_first(&vars, objective, &x[..first]);
    for c in &rows {
        m.add(c);
    }
    (m, x, values, weights)
}

#[test]
fn lp_optimum_with_objective_constant() {
    let mut vars = ProblemVariables::new();
    let x = vars.add(variable().clamp(0, 2));
    let y = vars.add(variable().clamp(1, 3));
    let s = once(model(&vars, -x - y + 10, &[constraint!(2 * x + y <= 4)])).unwrap();
    assert!(close(s.value(x), 0.5) && close(s.value(y), 3.0));
    assert!(close(s.objective(), 6.5));
    assert_eq!(s.stop(), Stop::Optimal);
    assert_eq!(s.gap(), Some(0.0));
    assert_eq!(s.nodes(), 0);
}

#[test]
fn small_milp_optimum_and_bound() {
    let mut vars = ProblemVariables::new();
    let x = vars.add(variable().min(2));
    let y = vars.add(variable().clamp(0, 7));
    let z = vars.add(variable().integer().min(0));
    let s = once(model(
        &vars,
        -50 * x - 40 * y - 45 * z,
        &[
            constraint!(3 * x + 2 * y + z <= 20),
            constraint!(2 * x + y + 3 * z <= 15),
        ],
    ))
    .unwrap();
    assert!(close(s.value(x), 2.0) && close(s.value(y), 6.5) && s.value(z) == 1.0);
    assert!(close(s.objective(), -405.0));
    assert!(close(s.best_bound().unwrap(), -405.0));
}

#[test]
fn infeasible_unbounded_and_invalid_models_say_so() {
    let mut vars = ProblemVariables::new();
    let x = vars.add_variable();
    let r = once(model(
        &vars,
        Expression::from(x),
        &[constraint!(x <= 9), constraint!(x >= 10)],
    ));
    assert_eq!(r.err(), Some(Failure::Infeasible));

    // Integer bounds that hold no integer.
    let mut vars = ProblemVariables::new();
    let y = vars.add(variable().integer().clamp(0.1, 0.9));
    assert_eq!(
        once(model(&vars, Expression::from(y), &[])).err(),
        Some(Failure::Infeasible)
    );

    // Fractional bounds round inwards; bounds outside i32 are refused.
    let mut vars = ProblemVariables::new();
    let z = vars.add(variable().integer().clamp(0.9, 2.1));
    assert_eq!(once(model(&vars, z + 0, &[])).unwrap().value(z), 1.0);
    let mut vars = ProblemVariables::new();
    let w = vars.add(variable().integer().min(3e9));
    assert!(matches!(
        once(model(&vars, w + 0, &[])),
        Err(Failure::InvalidModel(m)) if m.contains("i32")
    ));

    let mut vars = ProblemVariables::new();
    let u = vars.add(variable().min(0));
    assert_eq!(
        once(model(&vars, -u + 0, &[])).err(),
        Some(Failure::Unbounded)
    );

    // A variable from another model (variables are indices: one past the
    // end of this model's).
    let mut other = ProblemVariables::new();
    other.add(variable().min(0));
    let foreign = other.add(variable().min(0));
    let mut vars = ProblemVariables::new();
    let v = vars.add(variable().min(0));
    assert!(matches!(
        once(model(&vars, v + 0, &[constraint!(foreign <= 1)])),
        Err(Failure::InvalidModel(_))
    ));
    // ... and in the objective.
    assert!(matches!(
        once(model(&vars, v + 2 * foreign, &[constraint!(v <= 1)])),
        Err(Failure::InvalidModel(_))
    ));
}

#[test]
fn equality_constraints() {
    let mut vars = ProblemVariables::new();
    let x = vars.add_variable();
    let y = vars.add_variable();
    let z = vars.add(variable().integer().clamp(-5, 5));
    let s = once(model(
        &vars,
        x + y + z,
        &[
            constraint!(x + y == 5),
            constraint!(x - y == 1),
            constraint!(2 * z == x - 7),
        ],
    ))
    .unwrap();
    assert!(close(s.value(x), 3.0) && close(s.value(y), 2.0));
    assert_eq!(s.value(z), -2.0);
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
    let (m, x, values, weights) = knapsack(12, 2);
    let (best, _) = brute_force(&values, &weights);
    let s = once(m).unwrap();
    assert!(close(-s.objective(), best), "{} vs {best}", s.objective());
    let picked: f64 = x.iter().zip(&values).map(|(&v, c)| s.value(v) * c).sum();
    assert!(close(picked, best));
    assert!(x.iter().all(|&v| [0.0, 1.0].contains(&s.value(v))));
}

#[test]
fn branching_first_keeps_the_optimum_and_its_objective() {
    let (_, _, values, weights) = knapsack(12, 2);
    let (best, mask) = brute_force(&values, &weights);
    for first in [1, 6, 12] {
        let (m, x, _, _) = knapsack_first(12, 2, first);
        let s = once(m).unwrap();
        assert_eq!(s.stop(), Stop::Optimal);
        assert!(close(-s.objective(), best), "{first}: {}", s.objective());
        assert!(close(s.best_bound().unwrap(), -best), "{first}");
        let picked: f64 = x.iter().zip(&values).map(|(&v, c)| s.value(v) * c).sum();
        assert!(close(picked, best), "{first}: picked {picked}");
        // An optimal hint is taken as it is, twins and all.
        let (mut m, x, _, _) = knapsack_first(12, 2, first);
        m.set_warm_start(
            x.iter()
                .enumerate()
                .map(|(i, &v)| (v, f64::from(mask >> i & 1))),
        );
        let limits = Limits {
            mip_gap: Some(0.5),
            ..Limits::default()
        };
        let s = m.solve(&limits, |_| ControlFlow::Continue(())).unwrap();
        assert_eq!(s.stop(), Stop::Gap, "{first}");
        assert!(close(-s.objective(), best), "{first}");
    }
}

#[test]
fn relaxation_is_the_fractional_knapsack() {
    // One capacity row: the relaxation's optimum is Dantzig's, the items by
    // value per weight, the last one cut; below the integer optimum and
    // not an integer here.
    let n = 12;
    let (_, _, values, weights) = knapsack(n, 1);
    let (best, _) = brute_force(&values, &weights);
    let mut vars = ProblemVariables::new();
    let x = vars.add_vector(variable().binary(), n);
    let objective: Expression = x.iter().zip(&values).map(|(&v, &c)| -c * v).sum();
    let w = &weights[0];
    let cap = (w.iter().sum::<f64>() * 0.3).floor();
    let load: Expression = x.iter().zip(w).map(|(&v, &c)| c * v).sum();
    let mut m = Model::relaxation(&vars, objective);
    m.add(&load.leq(cap));
    let s = once(m).unwrap();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| (values[b] / w[b]).total_cmp(&(values[a] / w[a])));
    let (mut left, mut dantzig) = (cap, 0.0);
    for i in order {
        let take = (left / w[i]).min(1.0);
        dantzig += take * values[i];
        left -= take * w[i];
    }
    assert!(
        close(-s.objective(), dantzig),
        "{} vs {dantzig}",
        s.objective()
    );
    assert!(dantzig > best + 0.5, "{dantzig} vs {best}");
    assert!(x.iter().any(|&v| !close(s.value(v), s.value(v).round())));
    assert_eq!(s.nodes(), 0);
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
    let mut m = knapsack(12, 2).0;
    m.set_warm_start(hint());
    let limits = Limits {
        mip_gap: Some(0.5),
        ..Limits::default()
    };
    let s = m.solve(&limits, |_| ControlFlow::Continue(())).unwrap();
    assert_eq!(s.stop(), Stop::Gap);
    assert!(close(-s.objective(), best));
    // A partial hint, and the search still proves the optimum.
    let mut m = knapsack(12, 2).0;
    m.set_warm_start(hint().take(5));
    let s = once(m).unwrap();
    assert!(s.stop() == Stop::Optimal && close(-s.objective(), best));
}

#[test]
fn zero_time_limit_reports_no_solution_or_a_limit() {
    let limits = Limits {
        time: Some(Duration::ZERO),
        ..Limits::default()
    };
    match knapsack(60, 3)
        .0
        .solve(&limits, |_| ControlFlow::Continue(()))
    {
        Err(e) => assert_eq!(e, Failure::NoSolutionYet),
        Ok(s) => assert_eq!(s.stop(), Stop::Limit),
    }
}

#[test]
fn sliced_solve_reaches_the_plain_optimum() {
    let plain = once(knapsack(60, 3).0).unwrap();
    assert_eq!(plain.stop(), Stop::Optimal);
    let mut reports = Vec::new();
    let limits = Limits {
        slice: Some(Duration::from_millis(1)),
        ..Limits::default()
    };
    let sliced = knapsack(60, 3)
        .0
        .solve(&limits, |progress| {
            reports.push(progress.clone());
            ControlFlow::Continue(())
        })
        .unwrap();
    assert_eq!(sliced.stop(), Stop::Optimal);
    assert!(close(sliced.objective(), plain.objective()));
    assert!(reports.len() >= 2, "only {} slices", reports.len());
    assert!(reports.windows(2).all(|w| w[0].elapsed <= w[1].elapsed));
    let last = reports.last().unwrap();
    assert!(last.incumbent.unwrap() >= plain.objective() - 1e-6);
    assert!(last.best_bound.unwrap() <= plain.objective() + 1e-6);
}

#[test]
fn break_stops_the_sliced_solve() {
    let mut calls = 0;
    let limits = Limits {
        slice: Some(Duration::from_millis(1)),
        ..Limits::default()
    };
    let result = knapsack(60, 3).0.solve(&limits, |_| {
        calls += 1;
        ControlFlow::Break(())
    });
    assert_eq!(calls, 1);
    match result {
        Err(e) => assert_eq!(e, Failure::NoSolutionYet),
        Ok(s) => assert_eq!(s.stop(), Stop::Limit),
    }
}

#[test]
fn sliced_solve_honours_the_overall_time_limit() {
    let mut calls = 0;
    let limits = Limits {
        time: Some(Duration::ZERO),
        slice: Some(Duration::from_millis(1)),
        ..Limits::default()
    };
    let result = knapsack(60, 3).0.solve(&limits, |_| {
        calls += 1;
        ControlFlow::Continue(())
    });
    assert_eq!(calls, 1);
    assert!(match result {
        Err(e) => e == Failure::NoSolutionYet,
        Ok(s) => s.stop() == Stop::Limit,
    });
}

/// A dense LP whose per-resume setup takes longer than 1 ms: without
/// growing the slice, every resume would stop before its first pivot.
#[test]
fn sliced_solve_outgrows_a_slice_shorter_than_the_setup() {
    let (n, rows) = (1000, 800);
    let mut vars = ProblemVariables::new();
    let x = vars.add_vector(variable().clamp(0, 5), n);
    let objective: Expression = x.iter().zip(data(7, n, 10, 99)).map(|(&v, c)| -c * v).sum();
    let rows: Vec<Constraint> = (0..rows)
        .map(|r| {
            let w = data(100 + u64::try_from(r).unwrap_or(0), n, 0, 60);
            let load: Expression = x.iter().zip(&w).map(|(&v, &c)| c * v).sum();
            load.leq((w.iter().sum::<f64>() * 0.3).floor())
        })
        .collect();
    let limits = Limits {
        time: Some(Duration::from_secs(60)),
        slice: Some(Duration::from_millis(1)),
        ..Limits::default()
    };
    let s = model(&vars, objective, &rows)
        .solve(&limits, |_| ControlFlow::Continue(()))
        .unwrap();
    assert_eq!(s.stop(), Stop::Optimal);
}

#[test]
fn a_node_limit_stops_the_search_after_that_many_nodes_even_when_sliced() {
    let plain = once(knapsack(60, 3).0).unwrap();
    assert_eq!(plain.stop(), Stop::Optimal);
    let needed = plain.nodes();
    assert!(needed > 2, "the knapsack takes only {needed} nodes");
    let capped = |nodes: u64| {
        let limits = Limits {
            nodes: Some(nodes),
            // Ignored under a node limit: the count stays exact.
            slice: Some(Duration::from_millis(1)),
            ..Limits::default()
        };
        knapsack(60, 3)
            .0
            .solve(&limits, |_| panic!("a capped solve reports no slices"))
    };
    match capped(1) {
        Err(e) => assert_eq!(e, Failure::NoSolutionYet),
        Ok(s) => {
            assert_eq!(s.stop(), Stop::Limit);
            assert!(s.nodes() <= 1, "{} nodes", s.nodes());
        }
    }
    let enough = capped(needed).unwrap();
    assert_eq!(enough.stop(), Stop::Optimal);
    assert!(close(enough.objective(), plain.objective()));
}

/// A generalised assignment: `n` items, each in one of `m` bins (binary),
/// weights and costs pseudo-random, each bin holding at most the weight
/// the hint (item i in bin i mod m) puts in its fullest bin. Its first LP
/// takes far more than the 1,000 pivots between microlp's clock checks,
/// and its optimum is fractional. Returns the model, the hint and its
/// objective.
fn assignment(n: usize, m: usize) -> (Model, Vec<(Variable, f64)>, f64) {
    let mut vars = ProblemVariables::new();
    let x = vars.add_vector(variable().binary(), n * m);
    let costs = data(11, n * m, 10, 99);
    let weights = data(13, n, 5, 20);
    let objective: Expression = x.iter().zip(&costs).map(|(&v, &c)| c * v).sum();
    let mut rows = Vec::new();
    for i in 0..n {
        let once: Expression = x[i * m..(i + 1) * m]
            .iter()
            .map(|&v| Expression::from(v))
            .sum();
        rows.push(once.eq(1.0));
    }
    let fullest = (0..m)
        .map(|b| (b..n).step_by(m).map(|i| weights[i]).sum::<f64>())
        .fold(0.0, f64::max);
    for b in 0..m {
        let load: Expression = (0..n).map(|i| weights[i] * x[i * m + b]).sum();
        rows.push(load.leq(fullest));
    }
    let hint = (0..n * m)
        .map(|k| (x[k], f64::from(u8::from(k % m == (k / m) % m))))
        .collect();
    let hinted = (0..n).map(|i| costs[i * m + i % m]).sum();
    (model(&vars, objective, &rows), hint, hinted)
}

/// microlp tries a warm start once, right after its first LP, in the time
/// that call has left: a sliced solve whose first slice ended before that
/// would drop it. Here the hint is far from the optimum but within the
/// loose gap, so the solve must stop with it as it is.
#[test]
fn a_sliced_solve_keeps_its_warm_start() {
    let (mut model, hint, hinted) = assignment(600, 6);
    model.set_warm_start(hint);
    let limits = Limits {
        mip_gap: Some(0.9),
        slice: Some(Duration::from_millis(1)),
        ..Limits::default()
    };
    let s = model.solve(&limits, |_| ControlFlow::Continue(())).unwrap();
    assert_eq!(s.stop(), Stop::Gap);
    assert!(
        close(s.objective(), hinted),
        "{} != {hinted}",
        s.objective()
    );
}
