//! The one integration test binary: every CLI test, one module per area.

mod support;

mod cases;
mod differential;
mod families;
mod files;
mod fuzz;
#[cfg(feature = "highs")]
mod highs;
mod layers;
mod problems;
mod props;
mod publish;
mod publish_text;
mod publish_times;
mod readme;
mod real;
mod regressions;
mod solve;
mod verify;
