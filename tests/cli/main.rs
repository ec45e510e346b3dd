//! The one integration test binary: every CLI test, one module per area.

mod support;

mod cases;
mod files;
mod fuzz;
#[cfg(feature = "highs")]
mod highs;
mod problems;
mod publish;
mod readme;
mod real;
mod regressions;
mod solve;
mod verify;
