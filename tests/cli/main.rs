//! The one integration test binary: every CLI test, one module per area.

mod support;

mod cases;
mod files;
mod fuzz;
#[cfg(feature = "highs")]
mod highs;
mod import;
mod problems;
mod publish;
mod readme;
mod real;
mod solve;
mod verify;
