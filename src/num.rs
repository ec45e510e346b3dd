//! Conversions between the integer and float types the stages meet: one
//! place that says why each cannot lose anything here.
//!
//! In: counts (talks, slots, rooms, seats), objective values and solver
//! values. Out: the same numbers in another type. Counts come from a file
//! of at most 4 MiB and objectives are sums of products of such counts, so
//! they stay far below 2^52 (exact in f64) and 2^32 where a `u32` is used.

/// A count as f64 (exact: counts are far below 2^52).
#[allow(clippy::cast_precision_loss)]
pub fn float(n: usize) -> f64 {
    n as f64
}

/// A `u64` count or objective as f64 (exact below 2^52).
#[allow(clippy::cast_precision_loss)]
pub fn float64(n: u64) -> f64 {
    n as f64
}

/// A solver value, rounded to the nearest non-negative integer.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub fn rounded(x: f64) -> u64 {
    // NaN and negatives become 0; `as` saturates above u64::MAX.
    x.round().max(0.0) as u64
}

/// A count as `u32`, saturating (counts are far below 2^32).
pub fn count32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A `u64` as `i64`, saturating (costs are far below 2^63).
pub fn signed(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A count as `u64` (lossless on every platform Rust supports).
pub fn count64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}
