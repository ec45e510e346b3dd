//! `--format json`: the spec's timetable file (see `timetable::json`).

use crate::problem::Problem;
use crate::timetable::{Timetable, json};

/// The timetable JSON.
pub fn render(p: &Problem, tt: &Timetable) -> String {
    json::write(p, tt)
}
