//! Prints the tiny problem of a seed, as the differential tests build it:
//! `cargo run --example tiny -- 267 > /tmp/t.toml`.

use confsched::generate::tiny::{self, TinySize};

fn main() {
    let seed = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    print!("{}", tiny::problem(seed, TinySize::BRUTE).to_toml(""));
}
