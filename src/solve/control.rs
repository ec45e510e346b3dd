//! Steering a running solve: a stop request (Ctrl-C) and progress reports.
//!
//! In: a stop flag set from elsewhere and an optional report callback. Out:
//! reports at each stage and between solver slices; the solve checks
//! [`Control::stopped`] and then returns its best valid timetable, marked
//! "feasible".

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Where a solve stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Seconds since the solve started.
    pub elapsed: f64,
    /// What is running: "greedy", "phase 1", "local search", "phase 2".
    pub stage: &'static str,
    /// Objective of the best valid timetable so far.
    pub best: Option<u64>,
    /// Best lower bound so far.
    pub bound: Option<f64>,
}

impl Report {
    /// The relative gap between best and bound, in percent.
    pub fn gap_percent(&self) -> Option<f64> {
        let (best, bound) = (self.best? as f64, self.bound?);
        Some(if best > 0.0 {
            100.0 * (best - bound.ceil()).max(0.0) / best
        } else {
            0.0
        })
    }
}

type Callback = Arc<dyn Fn(&Report) + Send + Sync>;

/// A stop flag and a progress callback, cheap to clone.
#[derive(Clone)]
pub struct Control {
    stop: Arc<AtomicBool>,
    report: Option<Callback>,
    started: Instant,
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
        }
    }
    /// Seconds since the control was made.
    pub fn elapsed(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }
    /// Sends progress reports to `f`.
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
    /// Sends a report, if anyone listens.
    pub fn report(&self, r: &Report) {
        if let Some(f) = &self.report {
            f(r);
        }
    }
    /// Whether solver slices are worth it (someone listens or may stop).
    pub fn is_active(&self) -> bool {
        self.report.is_some() || Arc::strong_count(&self.stop) > 1
    }
}

impl std::fmt::Debug for Control {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Control")
            .field("stopped", &self.stopped())
            .finish()
    }
}

impl PartialEq for Control {
    /// Controls never change what is solved, so they compare equal.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Control {}
