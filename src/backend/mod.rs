//! The solver backends behind one call.
//!
//! In: a [`Request`]: a good_lp model (variables, an objective to minimise,
//! constraints) with its limits (time, relative gap, a warm start) and a
//! progress callback. Out: an [`Answer`] (the variables' values with why
//! the solver stopped, its objective and bound; or infeasible; or out of
//! time with nothing found), or a [`BackendError`] when the solver could
//! not run the model.
//!
//! The default backend is microlp 0.7 (pure Rust). The cargo feature
//! `highs` adds [`Backend::Highs`] (HiGHS, C++, built from source; needs
//! cmake, libclang-dev and a C++ compiler). Nothing here knows about
//! conferences.

#[cfg(feature = "highs")]
mod highs;
pub mod microlp07;

use std::fmt;
use std::ops::ControlFlow;
use std::time::Duration;

use good_lp::{Constraint, Expression, ProblemVariables, Variable};

pub use microlp07::Stop;

/// Which solver runs a model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Backend {
    /// microlp 0.7: pure Rust, the default.
    #[default]
    Microlp,
    /// HiGHS (C++, single-threaded): only in builds with the `highs` feature.
    #[cfg(feature = "highs")]
    Highs,
}

impl Backend {
    /// Every backend this build has.
    pub const ALL: &'static [Backend] = &[
        Backend::Microlp,
        #[cfg(feature = "highs")]
        Backend::Highs,
    ];

    /// The name users write (`--solver NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Backend::Microlp => "microlp",
            #[cfg(feature = "highs")]
            Backend::Highs => "highs",
        }
    }
}

/// What to solve and within which limits. The default: nothing to solve,
/// no limits, no hints.
#[derive(Default)]
pub struct Request {
    /// The variables.
    pub vars: ProblemVariables,
    /// Minimised.
    pub objective: Expression,
    /// All constraints.
    pub constraints: Vec<Constraint>,
    /// Wall clock for the solve.
    pub time_limit: Option<Duration>,
    /// Stop when (incumbent - bound) / incumbent is at most this.
    pub mip_gap: Option<f64>,
    /// A (partial) starting solution.
    pub warm_start: Option<Vec<(Variable, f64)>>,
    /// Call the progress callback about this often (microlp only; `None`:
    /// solve in one go).
    pub slice: Option<Duration>,
    /// Integer variables to branch on before the others: decisions that
    /// settle many variables at once. A hint (microlp follows it; HiGHS
    /// chooses for itself); no answer depends on it.
    pub branch_first: Vec<Variable>,
    /// Solve only the linear relaxation: integer variables as continuous
    /// within their bounds. The answer's values may be fractional; its
    /// objective is a lower bound on the integer program's.
    pub relaxed: bool,
    /// Stop after this many branch-and-bound nodes (the root not counted),
    /// a limit that does not depend on the clock. microlp then solves in
    /// one go, without progress callbacks.
    pub node_limit: Option<u64>,
}

/// Where a running solve stands, for the progress callback.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// The objective of the best solution so far.
    pub incumbent: Option<f64>,
    /// The best proven bound on the objective.
    pub bound: Option<f64>,
    /// Branch-and-bound nodes so far.
    pub nodes: u64,
}

/// Values of a solved model's variables.
pub trait Values: Send {
    /// The value of a variable (0 for one the model does not have).
    fn value(&self, v: Variable) -> f64;
}

impl Values for microlp07::Solved {
    fn value(&self, v: Variable) -> f64 {
        microlp07::Solved::value(self, v)
    }
}

/// What the backend answered.
pub enum Answer {
    /// A solution.
    Solved {
        /// Its values.
        values: Box<dyn Values>,
        /// Why the solver stopped.
        stop: Stop,
        /// The objective value of the solution.
        objective: f64,
        /// Best lower bound known.
        bound: Option<f64>,
        /// Branch-and-bound nodes.
        nodes: u64,
    },
    /// No solution exists.
    Infeasible,
    /// A limit or a stop came before any solution.
    OutOfTime,
}

/// Why a backend could not answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackendError {
    /// The model could not be given to the solver (a bug in the model).
    InvalidModel(String),
    /// The solver failed.
    Solver(String),
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackendError::InvalidModel(m) => write!(f, "the model was refused: {m}"),
            BackendError::Solver(m) => write!(f, "the solver failed: {m}"),
        }
    }
}

impl std::error::Error for BackendError {}

/// Solves a request with a backend; `on_progress` is called between
/// slices and may stop the solve (the best solution so far is kept).
pub fn solve(
    backend: Backend,
    req: Request,
    on_progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> Result<Answer, BackendError> {
    match backend {
        Backend::Microlp => solve_microlp(req, on_progress),
        #[cfg(feature = "highs")]
        Backend::Highs => highs::solve(req),
    }
}

fn solve_microlp(
    req: Request,
    on_progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> Result<Answer, BackendError> {
    let mut model = if req.relaxed {
        microlp07::Model::relaxation(&req.vars, req.objective)
    } else {
        microlp07::Model::branching_first(&req.vars, req.objective, &req.branch_first)
    };
    for c in &req.constraints {
        model.add(c);
    }
    if let Some(start) = req.warm_start {
        model.set_warm_start(start);
    }
    let limits = microlp07::Limits {
        time: req.time_limit,
        mip_gap: req.mip_gap,
        slice: req.slice,
        nodes: req.node_limit,
    };
    let result = model.solve(&limits, |p| {
        on_progress(&Progress {
            incumbent: p.incumbent,
            bound: p.best_bound,
            nodes: p.nodes,
        })
    });
    match result {
        Ok(solved) => Ok(Answer::Solved {
            stop: solved.stop(),
            objective: solved.objective(),
            bound: solved.best_bound(),
            nodes: solved.nodes(),
            values: Box::new(solved),
        }),
        Err(microlp07::Failure::Infeasible) => Ok(Answer::Infeasible),
        Err(microlp07::Failure::NoSolutionYet) => Ok(Answer::OutOfTime),
        Err(microlp07::Failure::Unbounded) => Err(BackendError::InvalidModel(
            "the objective is unbounded".into(),
        )),
        Err(microlp07::Failure::InvalidModel(m)) => Err(BackendError::InvalidModel(m)),
        Err(microlp07::Failure::Solver(m)) => Err(BackendError::Solver(m)),
    }
}
