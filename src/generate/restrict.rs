//! Restrictions derived from the plant, each chosen so the plant keeps it.
//!
//! In: a [`Plant`] with talks, speakers and sequences, and the dice. Out:
//! the same plant with the features talks need (`lab` for workshops, some
//! `recording` where the main room has it), and, with unavailability on,
//! `[[speakers]]` unavailability (free slots, and free whole days on
//! multi-day events), talks' `only` (their start among others, or their
//! whole day), talks' unavailability (slots and days they do not use) and
//! `fixed` slots, rooms, and both. Rooms' closures are made before planting
//! (see `plant`).

use super::Dice;
use super::layout::Ref;
use super::plant::{Fix, LAB, Plant, RECORDING};

/// Workshops need a lab; 30% of the talks whose main room records (80% of
/// the overflow ones) need recording.
pub(super) fn needs(dice: &mut Dice, plant: &mut Plant) {
    for talk in &mut plant.talks {
        if talk.parts > 1 {
            talk.needs.push(LAB);
        }
        let p = if talk.overflow() { 0.8 } else { 0.3 };
        if plant.rooms[talk.room].features.contains(&RECORDING) && dice.chance(p) {
            talk.needs.push(RECORDING);
        }
        talk.needs.sort_unstable();
    }
}

/// How many talks or speakers get each kind of restriction.
fn few(plant: &Plant) -> usize {
    (plant.talks.len() / 40).clamp(1, 8)
}

/// Days with no slot for which `busy` holds.
fn idle_days(plant: &Plant, busy: impl Fn(usize) -> bool) -> Vec<usize> {
    (0..plant.lay.days.len())
        .filter(|&d| !plant.lay.days[d].slots().any(&busy))
        .collect()
}

/// A few speakers cannot come in one to three slots where they give no
/// talk, and on multi-day events 30% of them also a whole day when they
/// give none.
pub(super) fn speakers(dice: &mut Dice, plant: &mut Plant) {
    let chosen = dice.some((0..plant.speakers.len()).collect(), few(plant));
    for s in chosen {
        let busy = |x: usize| {
            plant.speakers[s]
                .iter()
                .any(|&t| plant.talks[t].slots().contains(&x))
        };
        let mut refs = Vec::new();
        if plant.lay.days.len() > 1 && dice.chance(0.3) {
            refs.extend(dice.pick(&idle_days(plant, busy)).map(Ref::Day));
        }
        let k = 1 + dice.below(3);
        let free: Vec<usize> = (0..plant.lay.slots()).filter(|&x| !busy(x)).collect();
        refs.extend(dice.some(free, k).into_iter().map(Ref::Slot));
        if !refs.is_empty() {
            plant.speaker_unavailable.push((s, refs));
        }
    }
}

/// `only`, unavailability and `fixed` for disjoint sets of random talks.
pub(super) fn talks(dice: &mut Dice, plant: &mut Plant) {
    let n = plant.talks.len();
    let mut order: Vec<usize> = (0..n).collect();
    dice.shuffle(&mut order);
    let mut order = order.into_iter();
    for t in order.by_ref().take(few(plant)) {
        plant.talks[t].only = only(dice, plant, t);
    }
    for t in order.by_ref().take((few(plant) / 2).max(1)) {
        plant.talks[t].unavailable = unavailable(dice, plant, t);
    }
    let fixes: &[Fix] = match n {
        0..8 => &[Fix::Slot],
        8..20 => &[Fix::Slot, Fix::Both],
        _ => &[Fix::Slot, Fix::Both, Fix::Room],
    };
    for (t, &fix) in order.zip(fixes) {
        plant.talks[t].fixed = Some(fix);
    }
}

/// On multi-day events 30% of the time the talk's whole day; otherwise its
/// start and one to three other starts where it would fit.
fn only(dice: &mut Dice, plant: &Plant, t: usize) -> Vec<Ref> {
    let (lay, talk) = (&plant.lay, &plant.talks[t]);
    if lay.days.len() > 1 && dice.chance(0.3) {
        return vec![Ref::Day(lay.day[talk.start])];
    }
    let others = (0..lay.slots())
        .filter(|&x| x != talk.start && lay.fits(x, talk.parts))
        .collect();
    let k = 1 + dice.below(3);
    let mut starts = dice.some(others, k);
    starts.push(talk.start);
    starts.sort_unstable();
    starts.into_iter().map(Ref::Slot).collect()
}

/// One or two slots the talk does not occupy, and on multi-day events 30%
/// of the time a whole day it is not given on.
fn unavailable(dice: &mut Dice, plant: &Plant, t: usize) -> Vec<Ref> {
    let talk = &plant.talks[t];
    let mut refs = Vec::new();
    if plant.lay.days.len() > 1 && dice.chance(0.3) {
        let idle = idle_days(plant, |x| talk.slots().contains(&x));
        refs.extend(dice.pick(&idle).map(Ref::Day));
    }
    let k = 1 + dice.below(2);
    let free = (0..plant.lay.slots())
        .filter(|x| !talk.slots().contains(x))
        .collect();
    refs.extend(dice.some(free, k).into_iter().map(Ref::Slot));
    refs
}
