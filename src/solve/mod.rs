//! The fourth stage: run the integer program and turn its answer into a
//! timetable, or into a reason why there is none.
//!
//! In: a checked problem and [`SolveOptions`]. Out: an [`Outcome`]: a
//! verified [`Timetable`] with solver statistics, or the structured
//! [`Reason`]s no timetable exists (cheap proofs first, then a small
//! conflicting set of rules found by deletion filtering).

pub mod backend;
pub mod bounds;
pub mod control;
mod lns;
pub mod microlp07;

#[cfg(test)]
mod props;

pub use backend::Backend;
pub use control::{Control, Report};

use std::time::{Duration, Instant};

use crate::analysis::Scope;
use crate::analysis::{self, Domain, Reason};
use crate::heuristic;
use crate::model::{Model, ModelOptions};
use crate::problem::Problem;
use crate::timetable::{Placement, Status, Timetable, verify};

/// Measured here: the first LP of the model takes about this long per
/// variable at 350k variables (less on smaller models).
const SECONDS_PER_VARIABLE: f64 = 4.0e-5;

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
    /// Stop requests (Ctrl-C) and progress reports.
    pub control: Control,
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
    // microlp cannot be interrupted inside its first LP: do not build a
    // model whose LP alone would outlast the time left.
    if let Some(limit) = time_limit {
        let estimate = crate::model::estimated_variables(p, doms, &scope, model_opts.per_room);
        if estimate as f64 * SECONDS_PER_VARIABLE > limit {
            trace(&format!(
                "model of about {estimate} variables skipped: its LP would outlast the time left"
            ));
            return Ok(Run::OutOfTime);
        }
    }
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
    let mut best = None;
    let warm = warm_start.map(|start| {
        let objective = crate::timetable::score(p, start).objective;
        best = Some(objective);
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
        control: Some((
            model_opts.control.clone(),
            if model_opts.feasibility_only {
                "explaining"
            } else if model_opts.no_clash_term {
                "phase 1"
            } else {
                "phase 2"
            },
            best,
        )),
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
            ..
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

/// The state of one solve: the best valid timetable so far and the best
/// lower bound, with the stages that improve them.
struct Search<'a> {
    p: &'a Problem,
    doms: Vec<Domain>,
    opts: &'a SolveOptions,
    model_opts: ModelOptions,
    started: Instant,
    stats: Stats,
    best: Option<Timetable>,
    bound: Option<f64>,
}

impl Search<'_> {
    /// Keeps a timetable if it is valid and better than the best so far.
    fn offer(&mut self, placements: Vec<Placement>, status: Status) {
        if !verify(self.p, &placements).is_empty() {
            return;
        }
        let tt = Timetable::new(self.p, status, placements);
        if self.best.as_ref().is_none_or(|b| {
            tt.score.objective < b.score.objective
                || (tt.score.objective == b.score.objective && tt.status == Status::Optimal)
        }) {
            self.best = Some(tt);
        }
    }

    fn raise_bound(&mut self, b: f64) {
        self.bound = Some(self.bound.map_or(b, |x| x.max(b)));
    }

    fn best_objective(&self) -> Option<u64> {
        self.best.as_ref().map(|t| t.score.objective)
    }

    /// Whether the best timetable meets the bound (then it is optimal).
    fn proven(&self) -> bool {
        match (self.best_objective(), self.bound) {
            (Some(o), Some(b)) => o as f64 <= b,
            _ => false,
        }
    }

    fn report(&self, stage: &'static str) {
        let r = Report {
            elapsed: self.opts.control.elapsed(),
            stage,
            best: self.best_objective(),
            bound: self.bound,
        };
        trace(&format!(
            "{stage}: best {:?}, bound {:?}, {:.2} s",
            r.best,
            r.bound,
            self.started.elapsed().as_secs_f64()
        ));
        self.opts.control.report(&r);
    }

    /// Seconds left of the time limit.
    fn left(&self, share: f64) -> Option<f64> {
        self.opts
            .time_limit
            .map(|t| ((t - self.started.elapsed().as_secs_f64()) * share).max(0.0))
    }

    /// The end: the best timetable, optimal if proven.
    fn finish(mut self) -> Result<Outcome, SolveError> {
        self.stats.elapsed = self.started.elapsed();
        self.stats.bound = self.bound;
        let proven = self.proven();
        match self.best.take() {
            Some(mut tt) => {
                if proven {
                    tt.status = Status::Optimal;
                }
                // Any timetable, however found: the overflow talk's speaker
                // in its largest room where nothing else depends on it.
                let mut placements = tt.placements.clone();
                crate::model::prefer_largest_main_room(self.p, &mut placements);
                if verify(self.p, &placements).is_empty() {
                    tt = Timetable::new(self.p, tt.status, placements);
                }
                Ok(Outcome::Solved(tt, self.stats))
            }
            None => Ok(Outcome::NoTimetableInTime(self.stats)),
        }
    }

    /// Local search from a timetable: first keeping its empty seats (when
    /// it has the fewest), then trading freely unless the bound is met.
    fn improve(&mut self, from: &[Placement], seats_are_fewest: bool) {
        let p = self.p;
        let mut current = from.to_vec();
        if seats_are_fewest {
            current = heuristic::improve_with(p, &current, HEURISTIC_EFFORT, true);
            self.offer(current.clone(), Status::Feasible);
            if self.proven() {
                return;
            }
        }
        current = heuristic::improve(p, &current, HEURISTIC_EFFORT);
        self.offer(current, Status::Feasible);
    }
}

/// Solves a problem: a proven-optimal (or, under a time limit or a stop
/// request, feasible) verified timetable, or the reasons none exists.
///
/// Stages, each stopping as soon as the best timetable meets the bound:
/// a greedy timetable and local search against a bound that needs no
/// large model; with track clashes, the model without them (easy), local
/// search from its answer; then the full model, warm-started from the best.
pub fn solve(p: &Problem, opts: &SolveOptions) -> Result<Outcome, SolveError> {
    let doms = analysis::domains(p);
    let reasons = analysis::find_reasons(p, &doms);
    if !reasons.is_empty() {
        return Ok(Outcome::Infeasible(reasons));
    }
    let mut s = Search {
        p,
        doms,
        opts,
        model_opts: ModelOptions {
            per_room: opts.per_room,
            backend: opts.backend,
            control: opts.control.clone(),
            ..ModelOptions::default()
        },
        started: Instant::now(),
        stats: Stats::default(),
        best: None,
        bound: None,
    };

    // 1. Greedy + local search against the cheap bound.
    if let Some(b) = bounds::objective_lower_bound(p) {
        s.raise_bound(b as f64);
    }
    if let Some(greedy) = heuristic::construct(p, &s.doms) {
        s.offer(greedy.clone(), Status::Feasible);
        s.report("greedy");
        if !s.proven() {
            s.improve(&greedy, false);
            s.report("local search");
        }
    }
    if s.proven() || opts.control.stopped() {
        return s.finish();
    }

    // 2. With track clashes: the model without them first.
    if Model::has_clash_term(p) {
        let first = ModelOptions {
            no_clash_term: true,
            ..s.model_opts.clone()
        };
        // This model is what makes proofs possible at scale: most of the time.
        let limit = s.left(0.8);
        match run_model(p, &s.doms, Scope::all(p), &first, limit, None, &mut s.stats)? {
            Run::Found(tt) => {
                let fewest_seats = tt.status == Status::Optimal;
                if fewest_seats {
                    // Fewest empty seats plus fewest clashes: a valid bound.
                    let clashes = analysis::clash_lower_bound(p) * p.weights.track_clash;
                    let seats = tt.score.empty_seats * p.weights.empty_seats;
                    s.raise_bound((seats + clashes) as f64);
                }
                s.offer(tt.placements.clone(), Status::Feasible);
                s.report("phase 1");
                if !s.proven() && !opts.control.stopped() {
                    s.improve(&tt.placements, fewest_seats);
                    s.report("local search");
                }
            }
            Run::Infeasible => return infeasible(p, &s.doms),
            Run::OutOfTime => {}
        }
        if s.proven() || opts.control.stopped() {
            return s.finish();
        }
    }

    // 3. The full model, warm-started from the best so far.
    let warm = s.best.as_ref().map(|tt| tt.placements.clone());
    // With a timetable in hand, keep half the time for neighbourhoods.
    let limit = s.left(if warm.is_some() { 0.5 } else { 1.0 });
    let run = run_model(
        p,
        &s.doms,
        Scope::all(p),
        &s.model_opts,
        limit,
        warm.as_deref(),
        &mut s.stats,
    )?;
    let model_bound = s.stats.bound;
    match run {
        Run::Found(tt) => {
            let proven = tt.status == Status::Optimal;
            s.offer(tt.placements.clone(), tt.status);
            if proven {
                // The model proved this objective optimal.
                s.raise_bound(tt.score.objective as f64);
            } else if let Some(b) = model_bound {
                s.raise_bound(b);
            }
        }
        Run::Infeasible if s.best.is_none() => return infeasible(p, &s.doms),
        Run::Infeasible => {
            return Err(SolveError(
                "internal error: the model says no timetable exists, but one was found and verified"
                    .to_string(),
            ));
        }
        Run::OutOfTime => {
            if let Some(b) = model_bound {
                s.raise_bound(b);
            }
        }
    }
    s.report("phase 2");
    // 4. Not proven: re-optimise windows until the time limit.
    if !s.proven()
        && s.best.is_some()
        && !opts.control.stopped()
        && let Some(left) = s.left(1.0)
    {
        let deadline = Instant::now() + Duration::from_secs_f64(left);
        lns::improve(&mut s, deadline);
    }
    s.finish()
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
