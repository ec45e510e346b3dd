//! Helpers on the other cores while a model runs on its worker thread:
//! local-search chains from the best timetable.
//!
//! In: the problem, the best timetable when the model started, how many
//! chains, the search's control. Out: each chain's best timetable, if it
//! beat its start. Each chain runs rounds of the local search, each from
//! the chain's own best, with its own seeds and the neighbourhood search's
//! heats; the chains never read the shared best, so what a chain finds
//! after a given number of rounds is always the same. How many rounds fit
//! depends on the clock: the caller keeps what the chains found only when
//! time decided the model's answer anyway (see [`super::run::Pending::wait`]),
//! so a search that ends before its time limit gives the same timetable
//! for every number of threads.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use super::Control;
use crate::problem::Problem;
use crate::timetable::{Placement, score};
use crate::tuning;

/// Chains running on helper threads.
pub(crate) struct Chains {
    cancel: Arc<AtomicBool>,
    running: Vec<JoinHandle<Option<Vec<Placement>>>>,
}

impl Chains {
    /// Starts `n` chains from `from` (none when `n` is 0 or a thread
    /// cannot be started: the search goes on without them).
    pub(crate) fn start(p: &Arc<Problem>, from: &[Placement], n: usize, control: &Control) -> Self {
        let cancel = Arc::new(AtomicBool::new(false));
        let running = (0..n)
            .filter_map(|k| {
                let p = Arc::clone(p);
                let from = from.to_vec();
                let control = control.helper(&cancel);
                std::thread::Builder::new()
                    .name("confsched-chain".into())
                    .spawn(move || chain(&p, from, k, &control))
                    .ok()
            })
            .collect();
        Chains { cancel, running }
    }

    /// Stops the chains and collects what each found, in chain order.
    pub(crate) fn finish(self) -> Vec<Vec<Placement>> {
        self.cancel.store(true, Ordering::SeqCst);
        self.running
            .into_iter()
            .filter_map(|h| h.join().ok().flatten())
            .collect()
    }
}

/// One chain: local-search rounds from its own best until stopped; its
/// best timetable if it beat the start.
fn chain(p: &Problem, from: Vec<Placement>, k: usize, control: &Control) -> Option<Vec<Placement>> {
    let mut best_rank = score(p, &from).rank();
    let mut best = from;
    let mut improved = false;
    let mut round = 0usize;
    while !control.should_stop() {
        let seed = tuning::CHAIN_SEED
            .wrapping_add(crate::num::count64(k) << 32)
            .wrapping_add(crate::num::count64(round));
        let heat = tuning::LOCAL_ROUND_HEAT[round % tuning::LOCAL_ROUND_HEAT.len()];
        let found = super::local::improve_seeded(
            p,
            &best,
            tuning::LOCAL_SEARCH_EFFORT,
            (seed, heat),
            None,
            control,
        );
        let rank = score(p, &found).rank();
        if rank < best_rank {
            best_rank = rank;
            best = found;
            improved = true;
        }
        round += 1;
    }
    improved.then_some(best)
}
