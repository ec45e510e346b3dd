//! Who gives the planted talks, and what they are about.
//!
//! In: a [`Plant`] with its talks placed, the dice and the parameters. Out:
//! the same plant with speakers (most give one talk, about 15% two or
//! three, never two at once nor too far apart to walk in a changeover), tracks
//! (a room tends to keep its track), sequences (chains of two or more
//! back-to-back talks in one main room; half the time the first favours an
//! overflow talk and the second a workshop, so both kinds occur inside
//! sequences as well as outside) and titles.

use super::plant::{Plant, TrackPlan};
use super::{Dice, GenParams};

const TOPICS: [&str; 24] = [
    "Graph Neural Networks",
    "Async Rust",
    "Reinforcement Learning",
    "Type Inference",
    "Query Planning",
    "Edge Inference",
    "Compiler Backends",
    "Differential Privacy",
    "Vector Databases",
    "Transformers",
    "Time Series Forecasting",
    "Bayesian Optimisation",
    "Robot Navigation",
    "Speech Recognition",
    "Federated Learning",
    "Model Compression",
    "Causal Inference",
    "Data Pipelines",
    "Fuzzing",
    "Formal Verification",
    "WebAssembly",
    "Kubernetes Operators",
    "GPU Kernels",
    "Knowledge Graphs",
];
const FORMS: [&str; 8] = [
    "{} in practice",
    "A gentle introduction to {}",
    "{}: the hard parts",
    "Scaling {}",
    "What we learned running {} in production",
    "{} for beginners",
    "Beyond {}",
    "Debugging {}",
];

/// Speakers, numbered in talk order: a few talks have two; about 16% of
/// speaker choices reuse someone who can also give this talk (at most three
/// talks each).
pub(super) fn speakers(dice: &mut Dice, plant: &mut Plant) {
    let mut spk: Vec<Vec<usize>> = Vec::new();
    for t in 0..plant.talks.len() {
        for _ in 0..if dice.chance(0.07) { 2 } else { 1 } {
            let reuse = dice.chance(0.16);
            let fit = |s: &usize| {
                let mine = &spk[*s];
                mine.len() < 3
                    && !plant.talks[t].speakers.contains(s)
                    && mine.iter().all(|&u| !plant.clash(t, u))
            };
            let cands: Vec<usize> = (0..spk.len()).filter(|_| reuse).filter(fit).collect();
            let s = dice.pick(&cands).unwrap_or(spk.len());
            if s == spk.len() {
                spk.push(Vec::new());
            }
            spk[s].push(t);
            plant.talks[t].speakers.push(s);
        }
    }
    plant.speakers = spk;
}

/// Tracks: 85% of the talks but plenaries have one, 70% of those their
/// main room's home track (room r is home to track r mod n). Of three or
/// more tracks the last never has two talks at once (a talk that would
/// overlap one of its talks goes to another track); with unavailability
/// on, `only_rooms_share` of the others keep to their home rooms (a talk
/// elsewhere goes to a track without that rule, or to none).
pub(super) fn tracks(dice: &mut Dice, p: &GenParams, plant: &mut Plant) {
    let n = p.tracks.min(plant.talks.len());
    if n == 0 {
        return;
    }
    let serial = (n >= 3).then_some(n - 1);
    let wanted = if p.unavailability {
        share(p.only_rooms_share, n - usize::from(serial.is_some()))
    } else {
        0
    };
    let keep_home = dice.some((0..n).filter(|&k| Some(k) != serial).collect(), wanted);
    let free: Vec<usize> = (0..n).filter(|k| !keep_home.contains(k)).collect();
    let mut serial_busy = vec![false; plant.lay.slots()];
    for talk in plant.talks.iter_mut().filter(|t| !t.plenary) {
        if !dice.chance(0.85) {
            continue;
        }
        let home = talk.room % n;
        let mut k = if dice.chance(0.7) {
            home
        } else {
            dice.below(n)
        };
        if keep_home.contains(&k) && k != home {
            match dice.pick(&free) {
                Some(other) => k = other,
                None => continue,
            }
        }
        if Some(k) == serial {
            if talk.slots().any(|s| serial_busy[s]) {
                // `free` ends with the serial track.
                match dice.pick(&free[..free.len() - 1]) {
                    Some(other) => k = other,
                    None => continue,
                }
            } else {
                talk.slots().for_each(|s| serial_busy[s] = true);
            }
        }
        talk.track = Some(k);
    }
    plant.tracks = (0..n)
        .map(|k| TrackPlan {
            used: plant.talks.iter().any(|t| t.track == Some(k)),
            rooms: (0..plant.rooms.len()).filter(|r| r % n == k).collect(),
            ..TrackPlan::default()
        })
        .collect();
    for k in keep_home {
        let mut only = plant.tracks[k].rooms.clone();
        // Plenaries and overflow talks' extra rooms aside, a track's talks
        // are in its home rooms; nothing else to add, but stay exact.
        for t in plant.talks.iter().filter(|t| t.track == Some(k)) {
            if !only.contains(&t.room) {
                only.push(t.room);
            }
        }
        only.sort_unstable();
        plant.tracks[k].only_rooms = Some(only);
    }
    plant.serial = serial.filter(|&k| plant.tracks[k].used);
}

/// `x` (in [0, 1]) of `n`, rounded.
fn share(x: f64, n: usize) -> usize {
    super::share(x, n, f64::round)
}

/// Up to `p.sequences` disjoint chains of 2 to `p.sequence_length`
/// back-to-back talks with one main room.
pub(super) fn sequences(dice: &mut Dice, p: &GenParams, plant: &mut Plant) {
    let talks = &plant.talks;
    // The talk right after each one in its main room, with that main room.
    let next: Vec<Option<usize>> = talks
        .iter()
        .map(|a| {
            let last = a.start + a.parts - 1;
            if !plant.lay.consecutive(last) {
                return None;
            }
            plant.occ[a.room][last + 1]
                .filter(|&b| talks[b].room == a.room && talks[b].start == last + 1)
        })
        .collect();
    let mut starts: Vec<usize> = (0..talks.len()).filter(|&a| next[a].is_some()).collect();
    dice.shuffle(&mut starts);
    let pair = |a: usize| [Some(a), next[a]].into_iter().flatten();
    let kinds: [&dyn Fn(usize) -> bool; 2] = [&|t| talks[t].overflow(), &|t| talks[t].parts > 1];
    for (i, kind) in kinds.iter().enumerate() {
        if !dice.chance(0.5) {
            continue;
        }
        if let Some(j) = (i..starts.len()).find(|&j| pair(starts[j]).any(kind)) {
            starts.swap(i, j);
        }
    }
    let mut used = vec![false; talks.len()];
    let mut out = Vec::new();
    for a in starts {
        if out.len() >= p.sequences {
            break;
        }
        let len = 2 + dice.below(p.sequence_length.saturating_sub(1));
        let mut chain = vec![a];
        while let Some(b) = chain.last().and_then(|&x| next[x]) {
            if chain.len() >= len || used[b] {
                break;
            }
            chain.push(b);
        }
        if chain.len() >= 2 && chain.iter().all(|&t| !used[t]) {
            chain.iter().for_each(|&t| used[t] = true);
            out.push(chain);
        }
    }
    out.sort_unstable();
    plant.sequences = out;
}

/// Titles: workshops are hands-on, overflow talks keynotes, sequences
/// share a topic.
pub(super) fn titles(dice: &mut Dice, plant: &mut Plant) {
    for talk in &mut plant.talks {
        let topic = dice.pick(&TOPICS).unwrap_or("Rust");
        let form = dice.pick(&FORMS).unwrap_or("{}");
        talk.title = match (talk.parts, talk.overflow()) {
            _ if talk.plenary => format!("Plenary: {}", form.replace("{}", topic)),
            (1, false) => form.replace("{}", topic),
            (1, true) => format!("Keynote: {}", form.replace("{}", topic)),
            _ => format!("(hands-on) {topic} workshop"),
        };
    }
    for seq in &plant.sequences {
        let topic = dice.pick(&TOPICS).unwrap_or("Rust");
        let k = seq.len();
        for (i, &t) in seq.iter().enumerate() {
            plant.talks[t].title = match (k, i) {
                (2, 0) => format!("{topic}: theory"),
                (2, _) => format!("{topic}: practice"),
                _ => format!("{topic}, part {} of {k}", i + 1),
            };
        }
    }
}
