//! Attendees' wish lists for a generated problem: the favourites CSV.
//!
//! In: the plant's talks (their tracks) and a number of attendees. Out:
//! rows `attendee,talk`. Popularity is skewed: talks are ranked at random
//! and a talk of rank r is drawn with weight 1/r (Zipf, s = 1), so a few
//! talks are wanted by many. Interest clusters by topic: each attendee
//! follows one or two tracks and draws most wishes (70%) from them, the
//! rest from the whole program. Each wants 5 to 12 talks (fewer when the
//! program is smaller). Drawn from its own seeded generator, so asking for
//! attendees changes nothing else in the problem.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::plant::Talk;

/// Most wishes per attendee, and least.
const WANTS: (usize, usize) = (5, 12);
/// Share of an attendee's wishes from the tracks they follow.
const IN_TRACK: f64 = 0.7;

/// Cumulative weights over some talks, to draw one by weight.
struct Urn {
    talks: Vec<usize>,
    cumulative: Vec<f64>,
}

impl Urn {
    fn new(talks: Vec<usize>, weight: &[f64]) -> Urn {
        let mut sum = 0.0;
        let cumulative = talks
            .iter()
            .map(|&t| {
                sum += weight[t];
                sum
            })
            .collect();
        Urn { talks, cumulative }
    }
    fn draw(&self, rng: &mut ChaCha8Rng) -> Option<usize> {
        let total = *self.cumulative.last()?;
        let x = rng.random::<f64>() * total;
        let i = self.cumulative.partition_point(|&c| c <= x);
        self.talks.get(i.min(self.talks.len() - 1)).copied()
    }
}

/// The favourites CSV (with its header) of `attendees` attendees, for talks
/// whose ids `id` gives.
pub(super) fn favourites(
    talks: &[Talk],
    tracks: usize,
    attendees: usize,
    seed: u64,
    id: impl Fn(usize) -> String,
) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xA77E_4D00);
    let n = talks.len();
    // Random ranks, weight 1/rank.
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rng.random_range(0..=i);
        order.swap(i, j);
    }
    let mut weight = vec![0.0; n];
    for (rank, &t) in order.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)] // ranks far below 2^52
        let w = 1.0 / (rank + 1) as f64;
        weight[t] = w;
    }
    let all = Urn::new((0..n).collect(), &weight);
    let by_track: Vec<Urn> = (0..tracks)
        .map(|k| {
            let mine = (0..n).filter(|&t| talks[t].track == Some(k)).collect();
            Urn::new(mine, &weight)
        })
        .collect();
    let width = attendees.to_string().len().max(4);
    let mut out = String::from("attendee,talk\n");
    for a in 0..attendees {
        let want = rng.random_range(WANTS.0..=WANTS.1).min(n);
        let follows: Vec<usize> = if tracks == 0 {
            Vec::new()
        } else {
            let first = rng.random_range(0..tracks);
            let mut f = vec![first];
            if tracks > 1 && rng.random::<f64>() < 0.5 {
                f.push((first + 1 + rng.random_range(0..tracks - 1)) % tracks);
            }
            f
        };
        let mut chosen: Vec<usize> = Vec::with_capacity(want);
        let mut tries = 0;
        while chosen.len() < want && tries < want * 20 {
            tries += 1;
            let urn = if !follows.is_empty() && rng.random::<f64>() < IN_TRACK {
                &by_track[follows[rng.random_range(0..follows.len())]]
            } else {
                &all
            };
            if let Some(t) = urn.draw(&mut rng)
                && !chosen.contains(&t)
            {
                chosen.push(t);
            }
        }
        chosen.sort_unstable();
        for t in chosen {
            out.push_str(&format!("a{:0width$},{}\n", a + 1, id(t)));
        }
    }
    out
}
