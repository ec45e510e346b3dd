//! The one integration test binary: every CLI test, one module per area.

mod support;

#[cfg(feature = "highs")]
mod highs;
mod problems;
mod publish;
mod readme;
mod solve;
mod verify;
