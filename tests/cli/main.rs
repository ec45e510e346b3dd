//! The one integration test binary: every CLI test, one module per area.

mod support;

mod cases;
mod differential;
mod families;
mod files;
mod fuzz;
mod generated;
#[cfg(feature = "highs")]
mod highs;
mod import;
mod layers;
mod problems;
mod props;
mod publish;
mod readme;
mod real;
mod regressions;
mod solve;
mod verify;
