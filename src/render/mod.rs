//! The last stage: a timetable in an output format, one file per format.
//!
//! In: a problem and a timetable. Out: the text of the chosen format.

pub mod json;
pub mod text;

use crate::problem::Problem;
use crate::timetable::Timetable;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The grid, one table per day.
    Text,
    /// The spec's timetable JSON.
    Json,
}

/// Renders a timetable.
pub fn render(p: &Problem, tt: &Timetable, format: Format) -> String {
    match format {
        Format::Text => text::render(p, tt),
        Format::Json => json::render(p, tt),
    }
}
