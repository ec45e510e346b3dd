//! `confsched`: a conference's talks, speakers and rooms in, a proven
//! optimal conflict-free timetable out (or the reason none exists).
//!
//! The pipeline, one module per stage; a module imports only from the
//! stages before it (a test keeps it so):
//!
//! 1. [`problem`]: TOML with spans -> checked types with typed ids and the
//!    shared rule predicates (`problem::rules`);
//! 2. [`timetable`]: what every later stage produces and answers to:
//!    placements, the score, the timetable JSON, and `verify`, the
//!    independent referee;
//! 3. [`reason`]: why no timetable exists, as data;
//! 4. [`analysis`]: domains and cheap proofs;
//! 5. [`model`]: the integer program (constraint families, objective terms);
//! 6. [`backend`]: a model and limits -> the solver's answer;
//! 7. [`search`]: heuristics, bounds, models, neighbourhoods and the
//!    explanation search -> an outcome;
//! 8. [`report`]: reasons, violations and figures as prose;
//! 9. [`render`]: a timetable in each output format;
//! 10. [`generate`]: random problems with planted timetables;
//! 11. [`import`]: a conference from pretalx, frab, c3voc, Sessionize or CSV
//!     as a problem file;
//! 12. [`cli`]: the command line.
//!
//! [`tuning`] holds every tuning constant, [`num`] the numeric conversions.

pub mod analysis;
pub mod backend;
pub mod cli;
pub mod generate;
pub mod import;
pub mod model;
pub mod num;
pub mod problem;
pub mod reason;
pub mod render;
pub mod report;
pub mod search;
pub mod timetable;
pub mod tuning;
