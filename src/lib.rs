//! `confsched`: a conference's talks, speakers and rooms in, a proven
//! optimal conflict-free timetable out (or the reason none exists).
//!
//! The pipeline, one module per stage:
//! [`problem`] (TOML with spans -> checked types) -> [`analysis`] (domains,
//! cheap proofs) -> [`model`] (the integer program) -> [`solve`] (backend,
//! limits; [`explain`] when infeasible) -> [`timetable`] (the result and an
//! independent `verify`) -> [`render`] (output formats). [`report`] writes
//! reasons as prose; [`cli`] is the command line.

pub mod analysis;
pub mod cli;
pub mod explain;
pub mod generate;
pub mod heuristic;
pub mod import;
pub mod model;
pub mod problem;
pub mod render;
pub mod report;
pub mod solve;
pub mod timetable;
