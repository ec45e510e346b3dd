//! The one integration test binary: every CLI test, one module per area.

// Test data is made by truncating random numbers and timing on purpose;
// the library's own casts are all checked (see src/num.rs).
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap
)]

mod support;

mod attendees;
mod bounds;
mod cases;
mod differential;
mod docs;
mod families;
mod files;
mod fuzz;
mod generated;
#[cfg(feature = "highs")]
mod highs;
mod import;
mod layers;
mod problems;
mod program_families;
mod props;
mod publish;
mod publish_text;
mod publish_times;
mod readme;
mod real;
mod regressions;
mod replan;
mod solve;
mod strength;
mod threads;
mod verify;
