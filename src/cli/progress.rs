//! Progress on stderr while `solve` runs, and Ctrl-C.
//!
//! In: whether to be quiet. Out: a [`Control`] whose reports appear on
//! stderr (in place on a terminal; as `progress:` lines otherwise, after
//! 2 s and at most one a second) and whose stop flag the first Ctrl-C sets
//! (printing `stopping...` at once); a second Ctrl-C ends the program with
//! exit code 130.

use std::io::{self, IsTerminal};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::search::{Control, Report};

/// Seconds before plain progress lines start, and between two of them.
const FIRST_LINE: f64 = 2.0;
const BETWEEN_LINES: f64 = 1.0;

/// A control for a solve from the command line, and the spinner to clear
/// afterwards (on a terminal).
pub fn control(quiet: bool) -> (Control, Option<indicatif::ProgressBar>) {
    let stop = Arc::new(AtomicBool::new(false));
    let control = Control::new(stop);
    let on_signal = control.clone();
    // Only one handler per process; a second call (tests) is harmless.
    let _ = ctrlc::set_handler(move || {
        if on_signal.stopped() {
            eprintln!("interrupted: no timetable was written");
            std::process::exit(130);
        }
        eprintln!("stopping... (Ctrl-C again to quit at once)");
        on_signal.stop();
    });
    if quiet {
        return (control, None);
    }
    if io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(Duration::from_millis(120));
        let shown = bar.clone();
        let control = control.on_report(move |r| shown.set_message(line(r)));
        (control, Some(bar))
    } else {
        let last = Mutex::new(0.0_f64);
        let control = control.on_report(move |r| {
            let mut last = last
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if r.elapsed >= FIRST_LINE && r.elapsed - *last >= BETWEEN_LINES {
                *last = r.elapsed;
                eprintln!("progress: {}", line(r).trim_end());
            }
        });
        (control, None)
    }
}

/// One progress line: time, stage, best, bound, gap.
fn line(r: &Report) -> String {
    let mut text = format!("{:>6.1} s  {:<20}", r.elapsed, r.stage.name());
    if let Some(b) = r.best {
        text.push_str(&format!("  best {b}"));
    }
    if let Some(b) = r.bound {
        text.push_str(&format!("  bound {b}"));
    }
    if let Some(g) = r.gap_percent() {
        text.push_str(&format!("  gap {g:.1}%"));
    }
    text
}
