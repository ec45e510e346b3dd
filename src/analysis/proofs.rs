//! Cheap proofs that no timetable exists, found without solving.
//!
//! In: a problem and its domains. Out: a sorted list of [`Reason`]s, each a
//! structured fact naming talks, speakers, rooms and slots by id; the
//! `report` module writes them as sentences.
//!
//! The proofs: a talk with no room or no start; a talk or sequence longer
//! than every run of consecutive slots; an overloaded speaker; a set of
//! talks that exclude each other (shared speakers, sequences) with more
//! parts than the slots they can use (a greedy clique search on the
//! conflict graph); seat and feature pigeonholes (Hall's condition over
//! capacity thresholds and features); fixed talks that collide; an
//! overflow talk that cannot gather its seats in any slot.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::Direction;
use petgraph::algo::{tarjan_scc, toposort};
use petgraph::graph::{DiGraph, NodeIndex, UnGraph};

use crate::problem::{FeatureId, Problem, RoomId, SlotId, SpeakerId, TalkId, rules};

use super::Domain;
use crate::num::count32;
pub use crate::reason::{Block, Load, Reason, Resource};

/// All cheap proofs, sorted and without duplicates.
pub fn find_reasons(p: &Problem, doms: &[Domain]) -> Vec<Reason> {
    let mut out = Vec::new();
    let too_long = too_long(p);
    let mut covered: BTreeSet<TalkId> = BTreeSet::new();
    for r in &too_long {
        if let Reason::TooLong { talks, .. } = r {
            covered.extend(talks.iter().copied());
        }
    }
    out.extend(too_long);
    for r in precedence_chains(p) {
        if let Reason::Precedence { talks, .. } = &r {
            covered.extend(talks.iter().copied());
        }
        out.push(r);
    }
    no_room_or_start(p, doms, &covered, &mut out);
    let overloaded = overloaded_speakers(p, &mut out);
    // Talks with an empty domain make every other proof about them moot.
    let placeable = |t: TalkId| !doms[t.index()].starts.is_empty();
    if p.talk_ids().all(placeable) {
        out.extend(exclusive_sets(p, doms, &overloaded));
    }
    for load in loads(p) {
        // With no room at all, `NoRoom` says it more simply.
        if load.parts > load.room_slots && !load.rooms.is_empty() {
            out.push(Reason::Pigeonhole {
                resource: load.resource,
                talks: load.talks,
                parts: load.parts,
                rooms: load.rooms,
                room_slots: load.room_slots,
            });
        }
    }
    out.extend(fixed_collisions(p));
    overflow_short(p, doms, &mut out);
    out.sort();
    out.dedup();
    keep_tightest_pigeonholes(&mut out);
    out
}

/// Problem, domains in; a `NoRoom`/`NoStart` per talk lacking a room/start (not `covered`) out.
fn no_room_or_start(
    p: &Problem,
    doms: &[Domain],
    covered: &BTreeSet<TalkId>,
    out: &mut Vec<Reason>,
) {
    let mut seq_reported: BTreeSet<usize> = BTreeSet::new();
    for t in p.talk_ids() {
        let d = &doms[t.index()];
        if d.rooms.is_empty() {
            // A sequence whose talks share no room: say so once.
            let own = p.room_ids().any(|r| rules::main_room_allowed(p, t, r));
            let seq = p.sequences.iter().position(|q| q.talks.contains(&t));
            let sequence = match seq {
                Some(i) if own => {
                    if !seq_reported.insert(i) {
                        continue;
                    }
                    let rooms_of = |u: TalkId| {
                        let rs = p.room_ids().filter(|&r| rules::main_room_allowed(p, u, r));
                        (u, rs.collect())
                    };
                    Some((
                        i,
                        p.sequences[i].talks.iter().map(|&u| rooms_of(u)).collect(),
                    ))
                }
                _ => None,
            };
            out.push(Reason::NoRoom { talk: t, sequence });
        } else if d.starts.is_empty() && !covered.contains(&t) {
            out.push(Reason::NoStart {
                talk: t,
                blocked: blocked_starts(p, t, d),
            });
        }
    }
}

/// Problem in; a `SpeakerOverloaded` per overloaded speaker onto `out`, and those speakers out.
fn overloaded_speakers(p: &Problem, out: &mut Vec<Reason>) -> Vec<SpeakerId> {
    let mut overloaded: Vec<SpeakerId> = Vec::new();
    for sp in p.speaker_ids() {
        let speaker = p.speaker(sp);
        let parts: u32 = speaker.talks.iter().map(|&t| p.talk(t).parts).sum();
        let slots = count32(
            p.slot_ids()
                .filter(|&s| !speaker.unavailable.contains(s))
                .count(),
        );
        if parts > slots {
            overloaded.push(sp);
            out.push(Reason::SpeakerOverloaded {
                speaker: sp,
                parts,
                slots,
            });
        }
    }
    overloaded
}

/// Problem, domains in; an `OverflowShort` per overflow talk short of seats at every start out.
fn overflow_short(p: &Problem, doms: &[Domain], out: &mut Vec<Reason>) {
    for t in p.talk_ids() {
        let talk = p.talk(t);
        let d = &doms[t.index()];
        if !talk.overflow || d.starts.is_empty() || d.rooms.is_empty() {
            continue;
        }
        let seats = d
            .starts
            .iter()
            .map(|&s| overflow_seats(p, t, d, s))
            .max()
            .unwrap_or(0);
        if seats < talk.audience {
            out.push(Reason::OverflowShort { talk: t, seats });
        }
    }
}

/// Of several violated thresholds of one kind, the seat one with the
/// largest excess is enough (the others say the same thing).
fn keep_tightest_pigeonholes(out: &mut Vec<Reason>) {
    let excess = |r: &Reason| match r {
        Reason::Pigeonhole {
            resource: Resource::Seats(c),
            parts,
            room_slots,
            ..
        } => Some((i64::from(*parts) - i64::from(*room_slots), *c)),
        _ => None,
    };
    let best = out.iter().filter_map(excess).max();
    if let Some(best) = best {
        out.retain(|r| excess(r).is_none_or(|e| e == best));
    }
}

/// The lengths of the runs of consecutive slots.
pub fn runs(p: &Problem) -> Vec<u32> {
    let mut out = Vec::new();
    let mut len = 0;
    for s in p.slot_ids() {
        len += 1;
        if !p.consecutive(s) {
            out.push(len);
            len = 0;
        }
    }
    if len > 0 {
        out.push(len);
    }
    out
}

fn too_long(p: &Problem) -> Vec<Reason> {
    let longest = runs(p).into_iter().max().unwrap_or(0);
    let mut out = Vec::new();
    let mut in_seq: BTreeSet<TalkId> = BTreeSet::new();
    for (i, seq) in p.sequences.iter().enumerate() {
        let parts: u32 = seq.talks.iter().map(|&t| p.talk(t).parts).sum();
        if parts > longest {
            // A talk too long on its own is the simpler reason.
            if seq.talks.iter().all(|&t| p.talk(t).parts <= longest) {
                out.push(Reason::TooLong {
                    talks: seq.talks.clone(),
                    sequence: Some(i),
                    parts,
                    longest,
                });
                in_seq.extend(seq.talks.iter().copied());
            }
        }
    }
    for t in p.talk_ids() {
        let parts = p.talk(t).parts;
        if parts > longest && !in_seq.contains(&t) {
            out.push(Reason::TooLong {
                talks: vec![t],
                sequence: None,
                parts,
                longest,
            });
        }
    }
    out
}

/// Each slot with the first of the talk's rules that rules it out as a
/// start, grouped by rule.
pub fn blocked_starts(p: &Problem, t: TalkId, d: &Domain) -> Vec<(Block, Vec<SlotId>)> {
    let talk = p.talk(t);
    let mut groups: Vec<(Block, Vec<SlotId>)> = Vec::new();
    for s in p.slot_ids() {
        let block = if let Some(f) = talk.fixed_slot.filter(|&f| f != s) {
            Block::Fixed(f)
        } else if talk.only.as_ref().is_some_and(|o| !o.contains(s)) {
            Block::NotInOnly
        } else if let Some(run) = p.run_from(s, talk.parts) {
            if run.iter().any(|&x| talk.unavailable.contains(x)) {
                Block::TalkUnavailable
            } else if let Some(&sp) = talk
                .speakers
                .iter()
                .find(|&&sp| run.iter().any(|&x| p.speaker(sp).unavailable.contains(x)))
            {
                Block::SpeakerUnavailable(sp)
            } else if !d
                .rooms
                .iter()
                .any(|&r| rules::room_free(p, r, s, talk.parts))
            {
                Block::RoomsUnavailable(d.rooms.clone())
            } else if let Some(i) = p.sequences.iter().position(|q| q.talks.contains(&t)) {
                Block::Sequence(i)
            } else if let Some(b) = precedence_block(p, t) {
                b
            } else {
                // Domains only shrink by the rules above, sequences and
                // precedences.
                continue;
            }
        } else {
            Block::NoRun
        };
        match groups.iter_mut().find(|(b, _)| *b == block) {
            Some((_, slots)) => slots.push(s),
            None => groups.push((block, vec![s])),
        }
    }
    groups
}

/// Precedences no timetable can keep: each circle of talks that must
/// follow one another, or else the longest chain when its talk-parts
/// outnumber the event's slots (each talk of a chain starts after the one
/// before has ended, so they occupy that many different slots).
fn precedence_chains(p: &Problem) -> Vec<Reason> {
    let pairs = rules::precedences(p);
    if pairs.is_empty() {
        return Vec::new();
    }
    let mut g = DiGraph::<TalkId, ()>::with_capacity(p.talks.len(), pairs.len());
    let nodes: Vec<NodeIndex> = p.talk_ids().map(|t| g.add_node(t)).collect();
    for &(a, b) in &pairs {
        g.add_edge(nodes[a.index()], nodes[b.index()], ());
    }
    let slots = count32(p.slots.len());
    let parts_of = |ts: &[TalkId]| ts.iter().map(|&t| p.talk(t).parts).sum::<u32>();
    let mut out = Vec::new();
    for scc in tarjan_scc(&g).into_iter().filter(|c| c.len() > 1) {
        let talks = circle(&g, &scc);
        out.push(Reason::Precedence {
            parts: parts_of(&talks),
            talks,
            cycle: true,
            slots,
        });
    }
    if !out.is_empty() {
        return out;
    }
    let Ok(order) = toposort(&g, None) else {
        return out;
    };
    // Longest chain by talk-parts: (parts ending here, predecessor).
    let mut best: Vec<(u32, Option<NodeIndex>)> = g
        .node_indices()
        .map(|n| (p.talk(g[n]).parts, None))
        .collect();
    for &n in &order {
        let here = best[n.index()].0;
        for m in g.neighbors_directed(n, Direction::Outgoing) {
            let via = here + p.talk(g[m]).parts;
            if via > best[m.index()].0 {
                best[m.index()] = (via, Some(n));
            }
        }
    }
    let Some(end) = g
        .node_indices()
        .max_by_key(|n| (best[n.index()].0, std::cmp::Reverse(*n)))
    else {
        return out;
    };
    if best[end.index()].0 > slots {
        let mut talks = vec![g[end]];
        let mut at = end;
        while let Some(prev) = best[at.index()].1 {
            talks.push(g[prev]);
            at = prev;
        }
        talks.reverse();
        out.push(Reason::Precedence {
            parts: parts_of(&talks),
            talks,
            cycle: false,
            slots,
        });
    }
    out
}

/// A circle through the strongly connected talks `scc`: the shortest path
/// from its first talk (in file order) back to itself.
fn circle(g: &DiGraph<TalkId, ()>, scc: &[NodeIndex]) -> Vec<TalkId> {
    let inside: BTreeSet<NodeIndex> = scc.iter().copied().collect();
    let Some(&start) = inside.first() else {
        return Vec::new();
    };
    let mut came_from: BTreeMap<NodeIndex, NodeIndex> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        let mut next: Vec<NodeIndex> = g
            .neighbors_directed(n, Direction::Outgoing)
            .filter(|m| inside.contains(m))
            .collect();
        next.sort();
        for m in next {
            if m == start {
                let mut path = vec![g[n]];
                let mut at = n;
                while let Some(&prev) = came_from.get(&at) {
                    path.push(g[prev]);
                    at = prev;
                }
                path.reverse();
                return path;
            }
            if let std::collections::btree_map::Entry::Vacant(e) = came_from.entry(m) {
                e.insert(n);
                queue.push_back(m);
            }
        }
    }
    scc.iter().map(|&n| g[n]).collect()
}

/// The first precedence that involves talk `t`: a talk it must follow, or
/// else one that must follow it.
fn precedence_block(p: &Problem, t: TalkId) -> Option<Block> {
    let pairs = rules::precedences(p);
    pairs
        .iter()
        .find(|(_, b)| *b == t)
        .map(|&(a, _)| Block::After(a))
        .or_else(|| {
            pairs
                .iter()
                .find(|(a, _)| *a == t)
                .map(|&(_, b)| Block::Before(b))
        })
}

/// The slots a talk can occupy: every slot of every run from its starts.
fn occupiable(p: &Problem, t: TalkId, d: &Domain) -> BTreeSet<SlotId> {
    let parts = p.talk(t).parts;
    d.starts
        .iter()
        .filter_map(|&s| p.run_from(s, parts))
        .flatten()
        .collect()
}

/// The conflict graph: talks joined when they cannot share a slot.
pub fn conflict_graph(p: &Problem) -> UnGraph<TalkId, ()> {
    let mut g = UnGraph::<TalkId, ()>::with_capacity(p.talks.len(), 0);
    let nodes: Vec<NodeIndex> = p.talk_ids().map(|t| g.add_node(t)).collect();
    let mut edges: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut join = |list: &[TalkId]| {
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                let (x, y) = (a.index().min(b.index()), a.index().max(b.index()));
                if x != y {
                    edges.insert((x, y));
                }
            }
        }
    };
    for sp in &p.speakers {
        join(&sp.talks);
    }
    for seq in &p.sequences {
        join(&seq.talks);
    }
    for c in p.conflicts.iter().filter(|c| c.hard) {
        join(&c.talks);
    }
    // A plenary excludes every other talk.
    for pl in p.talk_ids().filter(|&t| p.talk(t).plenary) {
        for u in p.talk_ids().filter(|&u| u != pl) {
            edges.insert((pl.index().min(u.index()), pl.index().max(u.index())));
        }
    }
    for (a, b) in edges {
        g.add_edge(nodes[a], nodes[b], ());
    }
    g
}

/// Greedy clique search from every talk: grow by the neighbour that adds
/// the most parts beyond the slots it adds; stop at the first violated
/// prefix, then drop talks that are not needed.
fn exclusive_sets(p: &Problem, doms: &[Domain], overloaded: &[SpeakerId]) -> Vec<Reason> {
    let g = conflict_graph(p);
    // Edge lookups by set: petgraph's walks a node's edges, and a plenary
    // has one to every talk (10,000 talks: 23 s of `check` went there).
    let edges: BTreeSet<(NodeIndex, NodeIndex)> = g
        .edge_indices()
        .filter_map(|e| g.edge_endpoints(e))
        .map(|(a, b)| (a.min(b), a.max(b)))
        .collect();
    let joined = |a: NodeIndex, b: NodeIndex| edges.contains(&(a.min(b), a.max(b)));
    let occ: Vec<BTreeSet<SlotId>> = p
        .talk_ids()
        .map(|t| occupiable(p, t, &doms[t.index()]))
        .collect();
    let parts = |t: TalkId| p.talk(t).parts;
    let violated = |set: &[TalkId]| -> Option<(u32, BTreeSet<SlotId>)> {
        let total: u32 = set.iter().map(|&t| parts(t)).sum();
        let union: BTreeSet<SlotId> = set
            .iter()
            .flat_map(|t| occ[t.index()].iter().copied())
            .collect();
        (total as usize > union.len()).then_some((total, union))
    };
    let mut found: BTreeSet<Vec<TalkId>> = BTreeSet::new();
    for start in g.node_indices() {
        // A plenary neighbours every talk: its cliques are found from the
        // other talks, whose neighbour it is, at a small share of the cost.
        if g.neighbors(start).next().is_none() || p.talk(g[start]).plenary {
            continue;
        }
        let mut clique = vec![start];
        let mut union: BTreeSet<SlotId> = occ[g[start].index()].clone();
        let mut total = parts(g[start]);
        let mut cands: Vec<NodeIndex> = g.neighbors(start).collect();
        cands.sort();
        // Bounded: a clique never has more talks than there are slots + 1.
        while !cands.is_empty() && clique.len() <= p.slots.len() {
            let gain = |n: NodeIndex| {
                let t = g[n];
                let added = occ[t.index()].difference(&union).count();
                let added = i64::from(count32(added));
                (i64::from(parts(t)) - added, std::cmp::Reverse(n))
            };
            let best = *cands.iter().max_by_key(|&&n| gain(n)).expect("non-empty");
            clique.push(best);
            union.extend(occ[g[best].index()].iter().copied());
            total += parts(g[best]);
            cands.retain(|&n| n != best && joined(n, best));
            // The same test as `violated`, kept up to date step by step.
            if total as usize > union.len() {
                break;
            }
        }
        let mut talks: Vec<TalkId> = clique.iter().map(|&n| g[n]).collect();
        if violated(&talks).is_none() {
            continue;
        }
        // Drop talks that are not needed, last added first.
        let mut i = talks.len();
        while i > 0 {
            i -= 1;
            let mut fewer = talks.clone();
            fewer.remove(i);
            if fewer.len() >= 2 && violated(&fewer).is_some() {
                talks = fewer;
            }
        }
        talks.sort();
        found.insert(talks);
    }
    // A set all given by one overloaded speaker says nothing new.
    found
        .into_iter()
        .filter(|set| {
            !overloaded
                .iter()
                .any(|&sp| set.iter().all(|t| p.speaker(sp).talks.contains(t)))
        })
        .filter_map(|talks| {
            let (parts, union) = violated(&talks)?;
            Some(Reason::Exclusive {
                talks,
                parts,
                slots: union.into_iter().collect(),
            })
        })
        .collect()
}

/// Room-slots of a room: slots it is not unavailable in.
fn room_slots(p: &Problem, r: RoomId) -> u32 {
    count32(
        p.slot_ids()
            .filter(|&s| !p.room(r).unavailable.contains(s))
            .count(),
    )
}

/// Demand and supply for every seat threshold (the audiences of talks
/// that are not streamed; of thresholds with the same rooms only the
/// lowest) and every feature some talk needs, most loaded first.
///
/// Overflow talks are left out of the seat thresholds: their main room may
/// be small. They are counted for features, since their main room must
/// have every feature they need.
pub fn loads(p: &Problem) -> Vec<Load> {
    let mut out = Vec::new();
    let thresholds: BTreeSet<u32> = p
        .talks
        .iter()
        .filter(|t| !t.overflow && t.audience > 0)
        .map(|t| t.audience)
        .collect();
    let mut last_rooms: Option<Vec<RoomId>> = None;
    for &c in &thresholds {
        let rooms: Vec<RoomId> = p.room_ids().filter(|&r| p.room(r).capacity >= c).collect();
        // A higher threshold with the same rooms has fewer talks: weaker.
        if last_rooms.as_ref() == Some(&rooms) {
            continue;
        }
        last_rooms = Some(rooms.clone());
        let talks: Vec<TalkId> = p
            .talk_ids()
            .filter(|&t| !p.talk(t).overflow && p.talk(t).audience >= c)
            .collect();
        out.push(Load {
            resource: Resource::Seats(c),
            parts: talks.iter().map(|&t| p.talk(t).parts).sum(),
            talks,
            room_slots: rooms.iter().map(|&r| room_slots(p, r)).sum(),
            rooms,
        });
    }
    for f in (0..p.features.len()).map(FeatureId::at) {
        let talks: Vec<TalkId> = p
            .talk_ids()
            .filter(|&t| p.talk(t).needs.contains(&f))
            .collect();
        if talks.is_empty() {
            continue;
        }
        let rooms: Vec<RoomId> = p
            .room_ids()
            .filter(|&r| p.room(r).features.contains(&f))
            .collect();
        out.push(Load {
            resource: Resource::Feature(f),
            parts: talks.iter().map(|&t| p.talk(t).parts).sum(),
            talks,
            room_slots: rooms.iter().map(|&r| room_slots(p, r)).sum(),
            rooms,
        });
    }
    // Most loaded first: parts / room_slots, compared without division.
    out.sort_by(|a, b| {
        let l = u64::from(b.parts) * u64::from(a.room_slots.max(1));
        let r = u64::from(a.parts) * u64::from(b.room_slots.max(1));
        l.cmp(&r).then_with(|| a.resource.cmp(&b.resource))
    });
    out
}

fn fixed_collisions(p: &Problem) -> Vec<Reason> {
    let mut out = Vec::new();
    let fixed: Vec<TalkId> = p
        .talk_ids()
        .filter(|&t| p.talk(t).fixed_slot.is_some() && p.talk(t).fixed_room.is_some())
        .collect();
    for (i, &a) in fixed.iter().enumerate() {
        for &b in &fixed[i + 1..] {
            let (ta, tb) = (p.talk(a), p.talk(b));
            if ta.fixed_room != tb.fixed_room {
                continue;
            }
            let (Some(ra), Some(rb)) = (
                ta.fixed_slot.and_then(|s| p.run_from(s, ta.parts)),
                tb.fixed_slot.and_then(|s| p.run_from(s, tb.parts)),
            ) else {
                continue;
            };
            if let Some(&slot) = ra.iter().find(|s| rb.contains(s)) {
                out.push(Reason::FixedCollision {
                    a,
                    b,
                    room: ta.fixed_room.expect("filtered on fixed_room"),
                    slot,
                });
            }
        }
    }
    out
}

/// The most seats an overflow talk starting at `s` can gather: its best
/// main room plus every other room free for the whole run.
fn overflow_seats(p: &Problem, t: TalkId, d: &Domain, s: SlotId) -> u32 {
    let parts = p.talk(t).parts;
    let free: Vec<RoomId> = p
        .room_ids()
        .filter(|&r| rules::room_free(p, r, s, parts))
        .collect();
    if !d.rooms.iter().any(|r| free.contains(r)) {
        return 0;
    }
    free.iter().map(|&r| p.room(r).capacity).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::domains;
    use crate::problem::parse;

    const BASE: &str = r#"
[event]
name = "t"
slot_minutes = 50
[[days]]
date = "2020-01-01"
slots = ["09:00", "10:00", "11:00", "13:00"]
breaks = [{ name = "Lunch", start = "12:00", end = "13:00" }]
[[rooms]]
id = "big"
capacity = 100
[[rooms]]
id = "lab"
capacity = 20
features = ["lab"]
"#;

    fn reasons(talks: &str) -> Vec<Reason> {
        let p = parse("t.toml", &format!("{BASE}{talks}")).unwrap_or_else(|e| panic!("{e}"));
        find_reasons(&p, &domains(&p))
    }

    fn talk(id: &str, extra: &str) -> String {
        format!("[[talks]]\nid = \"{id}\"\naudience = 10\n{extra}\n")
    }

    fn chains(rs: &[Reason]) -> Vec<(Vec<usize>, bool, u32)> {
        rs.iter()
            .filter_map(|r| match r {
                Reason::Precedence {
                    talks,
                    cycle,
                    parts,
                    ..
                } => Some((talks.iter().map(|t| t.index()).collect(), *cycle, *parts)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_chain_as_long_as_the_event_is_fine_one_longer_is_proven_impossible() {
        // Four slots: a -> b -> c -> d fits exactly (d's two parts would not).
        let fits = format!(
            "{}{}{}{}",
            talk("a", ""),
            talk("b", "after = [\"a\"]"),
            talk("c", "after = [\"b\"]"),
            talk("d", "after = [\"c\"]")
        );
        assert_eq!(chains(&reasons(&fits)), []);
        let long = fits.replace("id = \"d\"", "id = \"d\"\nparts = 2");
        assert_eq!(chains(&reasons(&long)), [(vec![0, 1, 2, 3], false, 5)]);
        // The longest chain is reported, not a shorter branch.
        let branch = format!("{long}{}", talk("e", "after = [\"a\"]"));
        assert_eq!(chains(&reasons(&branch)), [(vec![0, 1, 2, 3], false, 5)]);
    }

    #[test]
    fn a_circle_of_afters_is_proven_impossible_whatever_the_slots() {
        let circle = format!(
            "{}{}{}{}",
            talk("a", "after = [\"c\"]"),
            talk("b", "after = [\"a\"]"),
            talk("c", "after = [\"b\"]"),
            talk("x", "after = [\"a\"]")
        );
        assert_eq!(chains(&reasons(&circle)), [(vec![0, 1, 2], true, 3)]);
    }

    #[test]
    fn a_four_part_talk_is_longer_than_every_run() {
        let r = reasons(&talk("w", "parts = 4"));
        assert!(
            matches!(
                &r[..],
                [Reason::TooLong {
                    parts: 4,
                    longest: 3,
                    ..
                }]
            ),
            "{r:?}"
        );
    }

    #[test]
    fn seats_over_capacity_threshold() {
        let mut t = String::new();
        for i in 0..5 {
            t += &talk(&format!("t{i}"), "audience = 50");
        }
        // Override: the talk helper sets 10; use explicit ones.
        let t = t.replace("audience = 10\naudience = 50", "audience = 50");
        let r = reasons(&t);
        assert!(
            r.iter().any(|x| matches!(
                x,
                Reason::Pigeonhole {
                    resource: Resource::Seats(50),
                    parts: 5,
                    room_slots: 4,
                    ..
                }
            )),
            "{r:?}"
        );
    }

    #[test]
    fn talks_sharing_speakers_pairwise_form_an_exclusive_set() {
        // a-b share Kim, b-c share Lee, a-c share Park: a triangle with
        // 3 parts, all restricted to two slots; no speaker alone is overloaded.
        let only = "only = [\"09:00\", \"10:00\"]";
        let t = talk("a", &format!("speakers = [\"Kim\", \"Park\"]\n{only}"))
            + &talk("b", &format!("speakers = [\"Kim\", \"Lee\"]\n{only}"))
            + &talk("c", &format!("speakers = [\"Lee\", \"Park\"]\n{only}"));
        let r = reasons(&t);
        assert!(
            r.iter().any(
                |x| matches!(x, Reason::Exclusive { parts: 3, talks, .. } if talks.len() == 3)
            ),
            "{r:?}"
        );
    }

    #[test]
    fn no_start_names_what_rules_each_slot_out() {
        let r = reasons(&talk(
            "a",
            "parts = 2\nonly = [\"11:00\", \"13:00\", \"10:00\"]\nunavailable = [\"11:00\"]",
        ));
        let [Reason::NoStart { blocked, .. }] = &r[..] else {
            panic!("{r:?}")
        };
        let kinds: Vec<&Block> = blocked.iter().map(|(b, _)| b).collect();
        assert_eq!(
            kinds,
            [&Block::NotInOnly, &Block::TalkUnavailable, &Block::NoRun]
        );
    }

    #[test]
    fn an_overflow_talk_needs_enough_seats_in_some_slot() {
        let r = reasons(&talk("a", "overflow = true").replace("audience = 10", "audience = 500"));
        assert!(
            matches!(&r[..], [Reason::OverflowShort { seats: 120, .. }]),
            "{r:?}"
        );
    }
}
