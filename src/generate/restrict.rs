//! Restrictions derived from the plant, each chosen so the plant keeps it.
//!
//! In: a [`Plant`] with talks, speakers and sequences, and the dice. Out:
//! the same plant with the features talks need (`lab` for workshops, some
//! `recording` where the main room has it), and, with unavailability on,
//! `[[speakers]]` unavailability (free slots, and free whole days on
//! multi-day events), talks' `only` (their start among others, or their
//! whole day), talks' unavailability (slots and days they do not use) and
//! `fixed` slots, rooms, and both; `after`, tracks' `order` and hard
//! conflict groups (`links`); and the soft wishes, which need not hold
//! (`wishes`). Rooms' closures and plenaries are made before planting (see
//! `plant`), tracks' `only_rooms` when tracks are given (see `people`).

use super::layout::Ref;
use super::plant::{ConflictPlan, Fix, LAB, Plant, RECORDING, Talk};
use super::{Dice, GenParams};

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

/// The hard links between talks, all kept by the plant: `after` for
/// `after_share` of the talks (a talk planted earlier, of the same track
/// when one is found), an `order` of two to four talks planted one after
/// another for `order_share` of the tracks, a hard conflict group of two to
/// four talks planted apart for every third group of `conflicts`, and the
/// serial track as a hard group of its own.
pub(super) fn links(dice: &mut Dice, p: &GenParams, plant: &mut Plant) {
    let n = plant.talks.len();
    let end = |t: &Talk| t.start + t.parts;
    let mut by_end: Vec<usize> = (0..n).collect();
    by_end.sort_by_key(|&t| (end(&plant.talks[t]), t));
    let mut order: Vec<usize> = (0..n).collect();
    dice.shuffle(&mut order);
    let mut linked = 0;
    for b in order {
        if linked >= share(p.after_share, n) {
            break;
        }
        let start = plant.talks[b].start;
        let before = by_end.partition_point(|&a| end(&plant.talks[a]) <= start);
        if before == 0 {
            continue;
        }
        let mut a = by_end[dice.below(before)];
        let track = plant.talks[b].track;
        for _ in 0..8 {
            if track.is_none() || plant.talks[a].track == track {
                break;
            }
            a = by_end[dice.below(before)];
        }
        plant.talks[b].after = vec![a];
        linked += 1;
    }
    for k in 0..plant.tracks.len() {
        if !plant.tracks[k].used || !dice.chance(p.order_share) {
            continue;
        }
        let mut mine: Vec<usize> = (0..n)
            .filter(|&t| plant.talks[t].track == Some(k))
            .collect();
        mine.sort_by_key(|&t| (plant.talks[t].start, t));
        let len = 2 + dice.below(3);
        let mut chain: Vec<usize> = Vec::new();
        for t in mine {
            let after_last = chain
                .last()
                .is_none_or(|&x| end(&plant.talks[x]) <= plant.talks[t].start);
            if chain.len() < len && after_last && dice.chance(0.5) {
                chain.push(t);
            }
        }
        if chain.len() >= 2 {
            plant.tracks[k].order = chain;
        }
    }
    for _ in (0..p.conflicts).step_by(3) {
        let apart = |x: &Talk, y: &Talk| x.start >= end(y) || y.start >= end(x);
        let mut group = vec![dice.below(n)];
        let size = 2 + dice.below(3);
        for _ in 0..30 {
            let t = dice.below(n);
            let fits = group
                .iter()
                .all(|&g| g != t && apart(&plant.talks[g], &plant.talks[t]));
            if group.len() < size && fits {
                group.push(t);
            }
        }
        if group.len() >= 2 {
            group.sort_unstable();
            plant.conflicts.push(ConflictPlan {
                talks: group,
                tracks: Vec::new(),
                hard: true,
                weight: 0,
            });
        }
    }
    if let Some(k) = plant.serial {
        let members = plant.talks.iter().filter(|t| t.track == Some(k)).count();
        if members >= 2 {
            plant.conflicts.push(ConflictPlan {
                talks: Vec::new(),
                tracks: vec![k],
                hard: true,
                weight: 0,
            });
        }
    }
}

/// The soft wishes, which the plant may or may not meet: half the tracks
/// prefer the day (or, on one day, the half-day) where most of their talks
/// are, some avoid a day's last slot; `preference_share` of the talks
/// prefer starts (mostly including their own) or avoid slots, half as many
/// speakers prefer a day or half-day or avoid a slot; weighted conflict
/// groups of three to six talks and of two tracks.
pub(super) fn wishes(dice: &mut Dice, p: &GenParams, plant: &mut Plant) {
    let lay = &plant.lay;
    let n = plant.talks.len();
    // A day (several days) or a half-day's slots (one day).
    let part_of = |s: usize| -> Vec<Ref> {
        if lay.days.len() > 1 {
            vec![Ref::Day(lay.day[s])]
        } else {
            let (first, len) = lay.runs[lay.run[s]];
            (first..first + len).map(Ref::Slot).collect()
        }
    };
    for k in 0..plant.tracks.len() {
        if !plant.tracks[k].used {
            continue;
        }
        if dice.chance(0.5) {
            let mut count = vec![0usize; lay.slots()];
            for t in plant.talks.iter().filter(|t| t.track == Some(k)) {
                count[t.start] += 1;
            }
            // The slot of the busiest part: summed per day or run.
            let key = |s: usize| {
                if lay.days.len() > 1 {
                    lay.day[s]
                } else {
                    lay.run[s]
                }
            };
            let mut per: Vec<usize> = vec![0; lay.slots()];
            (0..lay.slots()).for_each(|s| per[key(s)] += count[s]);
            let best = (0..lay.slots()).max_by_key(|&s| (per[key(s)], usize::MAX - s));
            if let Some(s) = best {
                plant.tracks[k].prefer = part_of(s);
            }
        }
        if dice.chance(0.4) {
            let d = &lay.days[dice.below(lay.days.len())];
            plant.tracks[k].avoid = vec![Ref::Slot(d.first + d.count - 1)];
        }
    }
    let mut order: Vec<usize> = (0..n).filter(|&t| !plant.talks[t].plenary).collect();
    dice.shuffle(&mut order);
    order.truncate(share(p.preference_share, n));
    for t in order {
        let (start, parts) = (plant.talks[t].start, plant.talks[t].parts);
        let roll = dice.unit();
        if roll < 0.75 {
            let fits: Vec<usize> = (0..lay.slots())
                .filter(|&x| x != start && lay.fits(x, parts))
                .collect();
            let mut prefer: Vec<Ref> = if lay.days.len() > 1 && dice.chance(0.2) {
                vec![Ref::Day(dice.below(lay.days.len()))]
            } else {
                let k = 1 + dice.below(3);
                dice.some(fits, k).into_iter().map(Ref::Slot).collect()
            };
            if dice.chance(0.7) && !prefer.contains(&Ref::Day(lay.day[start])) {
                prefer.push(Ref::Slot(start));
            }
            prefer.sort_unstable();
            plant.talks[t].prefer = prefer;
        }
        if roll >= 0.5 {
            let k = 1 + dice.below(2);
            let slots = dice.some((0..lay.slots()).collect(), k);
            plant.talks[t].avoid = slots.into_iter().map(Ref::Slot).collect();
        }
    }
    let speakers = share(p.preference_share / 2.0, plant.speakers.len());
    for s in dice.some((0..plant.speakers.len()).collect(), speakers) {
        let mut prefer = Vec::new();
        let mut avoid = Vec::new();
        if dice.chance(0.7) {
            prefer = part_of(dice.below(lay.slots()));
        }
        if prefer.is_empty() || dice.chance(0.3) {
            avoid.push(Ref::Slot(dice.below(lay.slots())));
        }
        plant.speaker_wishes.push((s, prefer, avoid));
    }
    conflict_wishes(dice, p, plant);
}

/// Dice, params, plant in; soft conflict groups (two tracks, or 3-6 talks) into the plant.
fn conflict_wishes(dice: &mut Dice, p: &GenParams, plant: &mut Plant) {
    let n = plant.talks.len();
    let used: Vec<usize> = (0..plant.tracks.len())
        .filter(|&k| plant.tracks[k].used)
        .collect();
    for i in (0..p.conflicts).filter(|i| i % 3 != 0) {
        if i % 3 == 2 && used.len() >= 2 {
            let pair = dice.some(used.clone(), 2);
            plant.conflicts.push(ConflictPlan {
                talks: Vec::new(),
                tracks: pair,
                hard: false,
                weight: 1 + u64::try_from(dice.below(5)).unwrap_or(0),
            });
        } else if n >= 2 {
            let size = (3 + dice.below(4)).min(n);
            let mut group = Vec::new();
            while group.len() < size {
                let t = dice.below(n);
                if !group.contains(&t) {
                    group.push(t);
                }
            }
            group.sort_unstable();
            plant.conflicts.push(ConflictPlan {
                talks: group,
                tracks: Vec::new(),
                hard: false,
                weight: 1 + u64::try_from(dice.below(20)).unwrap_or(0),
            });
        }
    }
}

/// `x` (in [0, 1]) of `n`, rounded.
fn share(x: f64, n: usize) -> usize {
    super::share(x, n, f64::round)
}
