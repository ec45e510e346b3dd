//! One test per constraint family of the model (see `model.rs`).
