//! Steering a running solve: a stop request (Ctrl-C), a deadline, and
//! progress reports.
//!
//! In: a stop flag set from elsewhere, an optional report callback, and the
//! deadline the solve sets from its time limit. Out: reports at each stage
//! and between solver slices; every stage asks [`Control::should_stop`] and
//! then hands back its best valid timetable.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the search is doing, in words a user understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Building a first timetable greedily.
    Greedy,
    /// Moving and swapping talks.
    LocalSearch,
    /// The model without track clashes: the fewest empty seats.
    SeatModel,
    /// A re-plan's model of the change cost alone: the fewest changes.
    FewestChanges,
    /// The full model, proving optimality.
    FullModel,
    /// Re-solving windows of the timetable exactly.
    Neighbourhoods,
    /// Looking for a small set of rules that cannot hold together.
    Explaining,
}

impl Stage {
    /// The name progress lines show.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Greedy => "first timetable",
            Stage::LocalSearch => "local search",
            Stage::SeatModel => "fewest empty seats",
            Stage::FewestChanges => "fewest changes",
            Stage::FullModel => "proving optimality",
            Stage::Neighbourhoods => "neighbourhoods",
            Stage::Explaining => "explaining",
        }
    }
}

/// Where a solve stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Seconds since the solve started.
    pub elapsed: f64,
    /// What is running.
    pub stage: Stage,
    /// Objective of the best valid timetable so far.
    pub best: Option<u64>,
    /// Best proven lower bound on the objective so far.
    pub bound: Option<u64>,
}

impl Report {
    /// The relative gap between best and bound, in percent.
    pub fn gap_percent(&self) -> Option<f64> {
        gap_percent(self.best?, self.bound?)
    }
}

/// `100 * (best - bound) / best`, 0 when best is 0.
pub fn gap_percent(best: u64, bound: u64) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)] // objectives far below 2^52
    Some(if best > 0 {
        100.0 * best.saturating_sub(bound) as f64 / best as f64
    } else {
        0.0
    })
}

type Callback = Arc<dyn Fn(&Report) + Send + Sync>;

/// A stop flag, a deadline and a progress callback, cheap to clone and
/// shared with the threads that run models.
#[derive(Clone)]
pub struct Control {
    stop: Arc<AtomicBool>,
    report: Option<Callback>,
    started: Instant,
    deadline: Arc<Mutex<Option<Instant>>>,
    /// A helper's own stop flag (see [`Control::helper`]).
    cancel: Option<Arc<AtomicBool>>,
}

impl Default for Control {
    fn default() -> Self {
        Control::new(Arc::new(AtomicBool::new(false)))
    }
}

impl Control {
    /// A control with a stop flag shared with the caller; its clock starts now.
    pub fn new(stop: Arc<AtomicBool>) -> Self {
        Control {
            stop,
            report: None,
            started: Instant::now(),
            deadline: Arc::new(Mutex::new(None)),
            cancel: None,
        }
    }

    /// A control for a helper thread: it stops when this one does (a stop
    /// request, the deadline) or when `cancel` is set, and sends no
    /// reports (the stage that started it reports what it keeps).
    #[must_use]
    pub fn helper(&self, cancel: &Arc<AtomicBool>) -> Self {
        Control {
            report: None,
            cancel: Some(Arc::clone(cancel)),
            ..self.clone()
        }
    }

    /// Seconds since the control was made.
    pub fn elapsed(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    /// Sends progress reports to `f`.
    #[must_use]
    pub fn on_report(mut self, f: impl Fn(&Report) + Send + Sync + 'static) -> Self {
        self.report = Some(Arc::new(f));
        self
    }

    /// Whether a stop was requested.
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Requests a stop.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    /// Sets the moment the whole search must end (`None`: no limit).
    pub fn set_deadline(&self, deadline: Option<Instant>) {
        *self.deadline.lock().unwrap_or_else(|e| e.into_inner()) = deadline;
    }

    /// The moment the whole search must end, if any.
    pub fn deadline(&self) -> Option<Instant> {
        *self.deadline.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Time left before the deadline (`None`: no limit).
    pub fn left(&self) -> Option<Duration> {
        self.deadline()
            .map(|d| d.saturating_duration_since(Instant::now()))
    }

    /// Whether the search must stop now: a stop request or the deadline.
    pub fn should_stop(&self) -> bool {
        self.stopped()
            || self
                .cancel
                .as_ref()
                .is_some_and(|c| c.load(Ordering::SeqCst))
            || self.left().is_some_and(|l| l.is_zero())
    }

    /// Sends a report, if anyone listens.
    pub fn report(&self, r: &Report) {
        if let Some(f) = &self.report {
            f(r);
        }
    }
}

impl fmt::Debug for Control {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Control")
            .field("stopped", &self.stopped())
            .field("deadline", &self.deadline())
            .finish_non_exhaustive()
    }
}
