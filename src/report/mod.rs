//! Prose from data: the only place that turns reasons, violations and
//! figures into sentences.
//!
//! In: a problem and structured data: [`Reason`]s from the analysis or the
//! explanation search, [`Violation`]s from `verify`, a timetable and its
//! search figures. Out: text in the style "Because ..., and because ...,
//! no timetable exists.", naming talks, speakers, rooms and slots as the
//! problem file does; `file:line` positions of what is involved; the
//! summary lines `solve`, `verify` and `check` print. Pure functions: the
//! report never re-runs an analysis.

pub mod attendees;
pub mod diff;
pub mod replan;
mod violations;

use std::collections::BTreeSet;

pub use violations::{sentence, violations};

use crate::analysis::CheckReport;
use crate::num::count32;
use crate::problem::{Problem, RoomId, SlotId, SpeakerId, TalkId, rules};
use crate::reason::{Block, Freedom, Group, Load, Reason, Resource, SequenceRooms, Walk};
use crate::search::{Stats, Stopped};
use crate::timetable::{Status, Timetable};

/// Lines are wrapped to this width.
const WIDTH: usize = 100;

/// Lists longer than this are cut short with "and N more".
const LIST_MAX: usize = 12;

fn talk(p: &Problem, t: TalkId) -> String {
    format!("talk `{}`", p.talk(t).id)
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn list_with(items: &[String], conj: &str) -> String {
    let items: Vec<String> = if items.len() > LIST_MAX {
        let mut v = items[..LIST_MAX - 1].to_vec();
        v.push(format!("{} more", items.len() - (LIST_MAX - 1)));
        v
    } else {
        items.to_vec()
    };
    match &items[..] {
        [] => "none".to_string(),
        [a] => a.clone(),
        [a, b] => format!("{a} {conj} {b}"),
        _ => format!(
            "{} {conj} {}",
            items[..items.len() - 1].join(", "),
            items[items.len() - 1]
        ),
    }
}

fn list(items: &[String]) -> String {
    list_with(items, "and")
}

fn talk_ids(p: &Problem, ts: &[TalkId]) -> String {
    list(
        &ts.iter()
            .map(|&t| format!("`{}`", p.talk(t).id))
            .collect::<Vec<_>>(),
    )
}

fn rooms(p: &Problem, rs: &[RoomId]) -> String {
    list(
        &rs.iter()
            .map(|&r| format!("`{}`", p.room(r).id))
            .collect::<Vec<_>>(),
    )
}

fn slots_with(p: &Problem, ss: &[SlotId], conj: &str) -> String {
    list_with(&ss.iter().map(|&s| p.slot_ref(s)).collect::<Vec<_>>(), conj)
}

fn slots(p: &Problem, ss: &[SlotId]) -> String {
    slots_with(p, ss, "and")
}

/// What a talk requires, in a phrase: "2 consecutive slots, 18 seats, `lab`".
fn requirements(p: &Problem, t: TalkId) -> String {
    let x = p.talk(t);
    let mut parts = Vec::new();
    if x.parts > 1 {
        parts.push(format!("{} consecutive slots", x.parts));
    }
    if x.overflow {
        parts.push(format!("{} seats across rooms", x.audience));
    } else {
        parts.push(format!("{} seats", x.audience));
    }
    if !x.needs.is_empty() {
        let f: Vec<String> = x
            .needs
            .iter()
            .map(|f| format!("`{}`", p.features[f.index()]))
            .collect();
        parts.push(format!("a room with {}", list(&f)));
    }
    parts.join(", ")
}

/// The slots a talk would occupy from any of `starts` that are in `set`.
fn hit(p: &Problem, t: TalkId, starts: &[SlotId], set: &crate::problem::SlotSet) -> Vec<SlotId> {
    let parts = p.talk(t).parts;
    let hits: BTreeSet<SlotId> = starts
        .iter()
        .filter_map(|&s| p.run_from(s, parts))
        .flatten()
        .filter(|&s| set.contains(s))
        .collect();
    hits.into_iter().collect()
}

fn no_start(p: &Problem, t: TalkId, blocked: &[(Block, Vec<SlotId>)]) -> String {
    let x = p.talk(t);
    let parts = x.parts;
    let what = if parts > 1 {
        format!(" ({parts} consecutive slots)")
    } else {
        String::new()
    };
    let mut why = Vec::new();
    for (block, ss) in blocked {
        let at = slots_with(p, ss, "or");
        why.push(match block {
            Block::Fixed(f) => format!("it is fixed to start at {}", p.slot_ref(*f)),
            Block::NotInOnly => format!("not at {at}, which its `only` leaves out"),
            Block::NoRun => format!(
                "not at {at}, where {} would run into a break or the end of the day",
                if parts > 1 {
                    format!("its {parts} parts")
                } else {
                    "it".to_string()
                }
            ),
            Block::TalkUnavailable => format!(
                "not at {at}, since the talk is unavailable at {}",
                slots(p, &hit(p, t, ss, &x.unavailable))
            ),
            Block::SpeakerUnavailable(sp) => {
                let s = p.speaker(*sp);
                format!(
                    "not at {at}, since speaker {} is unavailable at {}",
                    s.name,
                    slots(p, &hit(p, t, ss, &s.unavailable))
                )
            }
            Block::RoomsUnavailable(rs) => format!(
                "not at {at}, since every room it can use ({}) is unavailable then",
                rooms(p, rs)
            ),
            Block::After(a) => format!(
                "not at {at}, since it must start after {} ends, which cannot be done by then",
                talk(p, *a)
            ),
            Block::Before(b) => format!(
                "not at {at}, since {} must start after it ends, which then leaves no slot",
                talk(p, *b)
            ),
            Block::Sequence(i) => format!(
                "not at {at}, since its sequence ({}, back to back) cannot be placed around it there",
                seq_talks(p, *i)
            ),
        });
    }
    format!(
        "{}{what} has no slot to start in: {}",
        talk(p, t),
        why.join("; ")
    )
}

/// A circle or too long a chain of talks that must follow one another.
fn precedence(p: &Problem, talks: &[TalkId], cycle: bool, parts: u32, slots: u32) -> String {
    let mut links: Vec<(TalkId, TalkId)> = talks.windows(2).map(|w| (w[0], w[1])).collect();
    if cycle && let (Some(&first), Some(&last)) = (talks.first(), talks.last()) {
        links.push((last, first));
    }
    let links: Vec<String> = links
        .iter()
        .map(|&(a, b)| {
            let (ia, ib) = (&p.talk(a).id, &p.talk(b).id);
            let by_order = p
                .track_rules
                .iter()
                .position(|k| k.order.windows(2).any(|w| w == [a, b]));
            match by_order {
                Some(k) if !p.talk(b).after.contains(&a) => {
                    format!("`{ib}` after `{ia}` by track `{}`'s order", p.tracks[k])
                }
                _ => format!("`{ib}` after `{ia}`"),
            }
        })
        .collect();
    if cycle {
        format!(
            "talks {} must each start after another of them has ended ({}), a circle no \
             timetable can keep",
            talk_ids(p, talks),
            list(&links)
        )
    } else {
        format!(
            "talks {} must follow one another ({}), which takes {} one after another, but the \
             event has only {}",
            talk_ids(p, talks),
            list(&links),
            plural(parts, "slot", "slots"),
            plural(slots, "slot", "slots")
        )
    }
}

/// Why two talks can never be at once, for grouping like reasons.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Why {
    Speaker(SpeakerId),
    Sequence(usize),
    Group(usize),
    Plenary(TalkId),
    Overlap,
}

/// Problem, mutually exclusive talks, their parts and usable slots in; the sentence out.
fn exclusive(p: &Problem, talks: &[TalkId], parts: u32, ss: &[SlotId]) -> String {
    let mut pairs = Vec::new();
    let mut whys: Vec<Why> = Vec::new();
    for (i, &a) in talks.iter().enumerate() {
        for &b in &talks[i + 1..] {
            let why = pair_why(p, a, b);
            pairs.push(pair_text(p, a, b, why));
            whys.push(why);
        }
    }
    let how = exclusive_how(p, talks, &whys, &pairs);
    format!(
        "talks {} can never be at the same time ({how}), and they need {} between them, but \
         together they can only use {}: {}",
        talk_ids(p, talks),
        plural(parts, "slot", "slots"),
        plural(count32(ss.len()), "slot", "slots"),
        slots(p, ss)
    )
}

/// Problem, two talks in; why they never run at once (speaker, sequence, group, plenary...) out.
fn pair_why(p: &Problem, a: TalkId, b: TalkId) -> Why {
    let (ta, tb) = (p.talk(a), p.talk(b));
    if let Some(&sp) = ta.speakers.iter().find(|s| tb.speakers.contains(s)) {
        Why::Speaker(sp)
    } else if let Some(i) = p
        .sequences
        .iter()
        .position(|q| q.talks.contains(&a) && q.talks.contains(&b))
    {
        Why::Sequence(i)
    } else if let Some(&g) = ta.hard_groups.iter().find(|g| tb.hard_groups.contains(g)) {
        Why::Group(p.source.line_col(p.conflicts[g].span.start).0)
    } else if let Some(pl) = [a, b].into_iter().find(|&t| p.talk(t).plenary) {
        Why::Plenary(pl)
    } else {
        Why::Overlap
    }
}

/// Problem, two talks and why in; the clause saying why they exclude each other out.
fn pair_text(p: &Problem, a: TalkId, b: TalkId, why: Why) -> String {
    let (ia, ib) = (&p.talk(a).id, &p.talk(b).id);
    match why {
        Why::Speaker(sp) => {
            format!("`{ia}` and `{ib}` share speaker {}", p.speaker(sp).name)
        }
        Why::Sequence(_) => format!("`{ia}` and `{ib}` are in one sequence"),
        Why::Group(line) => {
            format!("`{ia}` and `{ib}` are in the conflict group at line {line}")
        }
        Why::Plenary(pl) => format!("`{}` is a plenary", p.talk(pl).id),
        Why::Overlap => format!("`{ia}` and `{ib}` cannot overlap"),
    }
}

/// Problem, talks, every pair's why and clause in; how they exclude each other, summed up, out.
fn exclusive_how(p: &Problem, talks: &[TalkId], whys: &[Why], pairs: &[String]) -> String {
    let mut kinds = whys.to_vec();
    kinds.sort();
    kinds.dedup();
    let (both, all) = if talks.len() == 2 {
        ("both", "both")
    } else {
        ("all", "all of them")
    };
    let speakers: Vec<String> = kinds
        .iter()
        .filter_map(|w| match w {
            Why::Speaker(sp) => Some(p.speaker(*sp).name.clone()),
            _ => None,
        })
        .collect();
    let groups: Vec<String> = kinds
        .iter()
        .filter_map(|w| match w {
            Why::Group(line) => Some(format!("line {line}")),
            _ => None,
        })
        .collect();
    let plenaries: Vec<TalkId> = kinds
        .iter()
        .filter_map(|w| match w {
            Why::Plenary(t) => Some(*t),
            _ => None,
        })
        .collect();
    let seqs = kinds.iter().any(|w| matches!(w, Why::Sequence(_)));
    match kinds.as_slice() {
        [Why::Speaker(sp)] => format!("{both} are given by {}", p.speaker(*sp).name),
        [Why::Group(line)] => format!("{all} are in the hard conflict group at line {line}"),
        [Why::Plenary(pl)] if talks.len() == 2 => format!("`{}` is a plenary", p.talk(*pl).id),
        _ if pairs.len() <= 6 => list(pairs),
        _ => {
            let mut parts = Vec::new();
            if !speakers.is_empty() {
                parts.push(format!("speakers {}", list(&speakers)));
            }
            if seqs {
                parts.push("sequences".to_string());
            }
            if !groups.is_empty() {
                parts.push(format!("conflict groups (at {})", list(&groups)));
            }
            if !plenaries.is_empty() {
                parts.push(format!("a plenary ({})", talk_ids(p, &plenaries)));
            }
            format!("every two of them share one of {}", list_with(&parts, "or"))
        }
    }
}

fn resource(p: &Problem, r: &Resource) -> String {
    match r {
        Resource::Seats(c) => format!("seats >= {c}"),
        Resource::Feature(f) => format!("feature `{}`", p.features[f.index()]),
    }
}

fn pigeonhole(
    p: &Problem,
    r: &Resource,
    talks: &[TalkId],
    parts: u32,
    rs: &[RoomId],
    room_slots: u32,
) -> String {
    let (need, have) = match r {
        Resource::Seats(c) => (
            format!("at least {c} seats in their own room"),
            format!("{c} seats or more"),
        ),
        Resource::Feature(f) => {
            let name = &p.features[f.index()];
            (format!("a room with `{name}`"), format!("`{name}`"))
        }
    };
    let supply = if rs.is_empty() {
        format!("no room has {have}")
    } else {
        format!(
            "only {} {} {} {have}, giving {}",
            if rs.len() == 1 { "room" } else { "rooms" },
            rooms(p, rs),
            if rs.len() == 1 { "has" } else { "have" },
            plural(room_slots, "room-slot", "room-slots")
        )
    };
    format!(
        "{} {} {} {need} ({}), but {supply}",
        if talks.len() == 1 { "talk" } else { "talks" },
        talk_ids(p, talks),
        if talks.len() == 1 { "needs" } else { "need" },
        plural(parts, "talk-part", "talk-parts"),
    )
}

/// Why a talk has no room: its sequence shares none, it is fixed to one
/// that does not fit, or no room has its features and seats.
fn no_room(p: &Problem, t: TalkId, sequence: Option<&SequenceRooms>) -> String {
    let x = p.talk(t);
    if let Some((i, each)) = sequence {
        let each: Vec<String> = each
            .iter()
            .map(|(u, rs)| {
                format!(
                    "`{}` can use {}",
                    p.talk(*u).id,
                    list_with(&rooms_vec(p, rs), "or")
                )
            })
            .collect();
        return format!(
            "{} must share one room with the rest of its sequence ({}), but no room \
                 suits them all: {}",
            talk(p, t),
            seq_talks(p, *i),
            list(&each)
        );
    }
    let why = if let Some(r) = x.fixed_room {
        format!(
            "it is fixed to room `{}` ({} seats{})",
            p.room(r).id,
            p.room(r).capacity,
            if x.needs.iter().all(|f| p.room(r).features.contains(f)) {
                ""
            } else {
                ", without every feature it needs"
            }
        )
    } else {
        let with_features: Vec<RoomId> = p
            .room_ids()
            .filter(|&r| x.needs.iter().all(|f| p.room(r).features.contains(f)))
            .collect();
        if with_features.is_empty() {
            "no room has all of those features".to_string()
        } else {
            let most = with_features
                .iter()
                .map(|&r| p.room(r).capacity)
                .max()
                .unwrap_or(0);
            format!(
                "the largest room that qualifies ({}) seats {most}",
                rooms(p, &with_features)
            )
        }
    };
    format!("{} needs {}, but {why}", talk(p, t), requirements(p, t))
}

/// One sentence fragment per reason ("talk `x` needs ... but ...").
pub fn clauses(p: &Problem, reason: &Reason) -> Vec<String> {
    match reason {
        Reason::NoRoom { talk: t, sequence } => vec![no_room(p, *t, sequence.as_ref())],
        Reason::TooLong {
            talks,
            sequence,
            parts,
            longest,
        } => {
            let who = match sequence {
                Some(_) => format!("the sequence {} (back to back)", talk_ids(p, talks)),
                None => talk(p, talks[0]),
            };
            vec![format!(
                "{who} takes {parts} consecutive slots, but no day has more than {} in a row \
                 without a break",
                plural(*longest, "slot", "slots")
            )]
        }
        Reason::NoStart { talk: t, blocked } => vec![no_start(p, *t, blocked)],
        Reason::Precedence {
            talks,
            cycle,
            parts,
            slots: n,
        } => vec![precedence(p, talks, *cycle, *parts, *n)],
        Reason::SpeakerOverloaded {
            speaker,
            parts,
            slots: n,
        } => {
            let s = p.speaker(*speaker);
            vec![format!(
                "speaker {} gives {} ({}) but can attend only {}",
                s.name,
                talk_ids(p, &s.talks),
                plural(*parts, "talk-part", "talk-parts"),
                plural(*n, "slot", "slots")
            )]
        }
        Reason::Exclusive {
            talks,
            parts,
            slots: ss,
        } => vec![exclusive(p, talks, *parts, ss)],
        Reason::Pigeonhole {
            resource: r,
            talks,
            parts,
            rooms: rs,
            room_slots,
        } => vec![pigeonhole(p, r, talks, *parts, rs, *room_slots)],
        Reason::FixedCollision { a, b, room, slot } => vec![format!(
            "{} and {} are both fixed to room `{}` at {}",
            talk(p, *a),
            talk(p, *b),
            p.room(*room).id,
            p.slot_ref(*slot)
        )],
        Reason::OverflowShort { talk: t, seats } => vec![format!(
            "{} needs {} seats across rooms, but in the slots it can start in the rooms free for \
             it seat at most {seats}",
            talk(p, *t),
            p.talk(*t).audience
        )],
        Reason::Conflict {
            groups,
            freedom,
            walks,
            ..
        } => conflict(p, groups, freedom, walks),
    }
}

/// Problem, a conflict's groups, freedom and walks in; its sentences out.
fn conflict(p: &Problem, groups: &[Group], freedom: &[Freedom], walks: &[Walk]) -> Vec<String> {
    let mut out = freedom_clauses(p, freedom);
    let room_groups: Vec<RoomId> = groups
        .iter()
        .filter_map(|g| match g {
            Group::Room(r) => Some(*r),
            _ => None,
        })
        .collect();
    group_clauses(p, groups, walks, &mut out);
    if !room_groups.is_empty() {
        out.push(format!(
            "{} {} one talk at a time",
            if room_groups.len() == 1 {
                format!("room {}", rooms(p, &room_groups))
            } else {
                format!("rooms {}", rooms(p, &room_groups))
            },
            if room_groups.len() == 1 {
                "holds"
            } else {
                "each hold"
            }
        ));
    }
    out
}

/// Problem and the talks' freedom in; one clause per set of alike talks out.
fn freedom_clauses(p: &Problem, freedom: &[Freedom]) -> Vec<String> {
    // Talks alike in what they need and where they can go share a clause.
    let mut alike: Vec<(String, String, Vec<TalkId>)> = Vec::new();
    for f in freedom {
        let t = f.talk;
        let where_ = if f.rooms.len() == p.rooms.len() {
            "in any room".to_string()
        } else {
            format!("only in {}", list_with(&rooms_vec(p, &f.rooms), "or"))
        };
        let when = if f.starts.len() == p.slots.len() {
            "at any slot".to_string()
        } else {
            format!("only at {}", slots_with(p, &f.starts, "or"))
        };
        let key = format!("{where_}, starting {when}");
        let req = requirements(p, t);
        match alike.iter_mut().find(|(k, r, _)| *k == key && *r == req) {
            Some((_, _, ts)) => ts.push(t),
            None => alike.push((key, req, vec![t])),
        }
    }
    let mut out = Vec::new();
    for (key, req, ts) in &alike {
        out.push(if ts.len() == 1 {
            format!("{} ({req}) must be given, {key}", talk(p, ts[0]))
        } else {
            format!(
                "talks {} ({req} each) must be given, {key}",
                talk_ids(p, ts)
            )
        });
    }
    out
}

/// Problem, groups, walks in; a clause per speaker/sequence/order/plenary/conflict group out.
fn group_clauses(p: &Problem, groups: &[Group], walks: &[Walk], out: &mut Vec<String>) {
    for g in groups {
        match *g {
            Group::Talk(_) | Group::Room(_) => {}
            Group::Speaker(sp) => {
                let s = p.speaker(sp);
                let walk = walks
                    .iter()
                    .find(|w| w.speaker == sp)
                    .map_or_else(String::new, |w| {
                        format!(
                            ", and must walk {} minutes between `{}` and `{}`",
                            w.minutes,
                            p.buildings[w.between.0.index()],
                            p.buildings[w.between.1.index()]
                        )
                    });
                out.push(format!(
                    "speaker {} gives {} and can be in only one place at a time{walk}",
                    s.name,
                    talk_ids(p, &s.talks),
                ));
            }
            Group::Sequence(i) => {
                out.push(format!(
                    "{} must be back to back in one room",
                    seq_talks(p, i)
                ));
            }
            Group::Precedence(i) => {
                if let Some(&(a, b)) = rules::precedences(p).get(i) {
                    out.push(format!(
                        "{} must start after {} ends",
                        talk(p, b),
                        talk(p, a)
                    ));
                }
            }
            Group::Plenary(t) => out.push(format!(
                "{} is a plenary, so nothing else may run at the same time",
                talk(p, t)
            )),
            Group::Conflict(i) => out.push(format!(
                "talks {} may never run at the same time (the conflict group at line {})",
                talk_ids(p, &p.conflicts[i].talks),
                p.source.line_col(p.conflicts[i].span.start).0
            )),
        }
    }
}

fn rooms_vec(p: &Problem, rs: &[RoomId]) -> Vec<String> {
    rs.iter().map(|&r| format!("`{}`", p.room(r).id)).collect()
}

fn seq_talks(p: &Problem, i: usize) -> String {
    talk_ids(p, &p.sequences[i].talks)
}

fn wrap(text: &str) -> String {
    let opts = textwrap::Options::new(WIDTH)
        .initial_indent("  ")
        .subsequent_indent("  ")
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    let mut out = String::new();
    for line in textwrap::wrap(text, opts) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The full explanation: `error: no timetable exists`, then one paragraph
/// per reason: "Because ..., and because ..., no timetable exists."
pub fn explain(p: &Problem, reasons: &[Reason]) -> String {
    let mut out = String::from("error: no timetable exists\n");
    for (i, reason) in reasons.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let cs = clauses(p, reason);
        let mut sentence = String::new();
        for (i, c) in cs.iter().enumerate() {
            sentence.push_str(if i == 0 { "Because " } else { ", and because " });
            sentence.push_str(c);
        }
        sentence.push_str(", no timetable exists.");
        out.push_str(&wrap(&sentence));
        if let Reason::Conflict { minimal: false, .. } = reason {
            out.push_str(&wrap(
                "(The search for a smaller set ran out of time: this set may not be minimal.)",
            ));
        }
    }
    out
}

fn load_line(p: &Problem, l: &Load) -> String {
    format!(
        "{}: {} for {}",
        resource(p, &l.resource),
        plural(l.parts, "talk-part", "talk-parts"),
        plural(l.room_slots, "room-slot", "room-slots")
    )
}

/// The summary `confsched check` prints on stdout.
pub fn check_summary(p: &Problem, path: &str, report: &CheckReport) -> String {
    let mut out = format!(
        "{path}: {}, {}, {}, {}\n",
        plural(count32(p.talks.len()), "talk", "talks"),
        plural(p.talk_parts(), "talk-part", "talk-parts"),
        plural(
            count32(p.rooms.len() * p.slots.len()),
            "room-slot",
            "room-slots"
        ),
        plural(count32(p.speakers.len()), "speaker", "speakers"),
    );
    if !report.tightest.is_empty() {
        out.push_str("tightest resources:\n");
        for l in &report.tightest {
            out.push_str(&format!("  {}\n", load_line(p, l)));
        }
    }
    out.push_str(if report.reasons.is_empty() {
        "no proof that the problem is impossible; `confsched solve` will decide\n"
    } else {
        "the problem is impossible (see below)\n"
    });
    out
}

/// The one-line summary `solve` prints on stderr.
pub fn summary(tt: &Timetable, stats: &Stats) -> String {
    let bound = match (tt.status, stats.bound) {
        (Status::Feasible, Some(b)) => {
            let gap = crate::search::control::gap_percent(tt.score.objective, b).unwrap_or(0.0);
            format!(", lower bound {b}, gap {gap:.1}%")
        }
        _ => String::new(),
    };
    let model = if stats.variables > 0 {
        format!(", {} variables, {} nodes", stats.variables, stats.nodes)
    } else {
        ", no model needed".to_string()
    };
    let changes = match (tt.status, stats.changes_bound) {
        (Status::Feasible, Some(b)) if tt.score.changes_first && b == tt.score.changes => {
            format!("change cost {b} (the fewest, proven), then ")
        }
        (Status::Feasible, Some(b)) if tt.score.changes_first => {
            format!("change cost {} (at least {b}), then ", tt.score.changes)
        }
        _ => changes_first(tt),
    };
    format!(
        "{}: {changes}objective {} ({}){bound}, {} talks{model}, {:.2} s",
        tt.status.as_str(),
        tt.score.objective,
        terms(tt),
        tt.placements.len(),
        stats.elapsed.as_secs_f64()
    )
}

/// "change cost 30, then " when changes come first (a re-plan).
fn changes_first(tt: &Timetable) -> String {
    if tt.score.changes_first {
        format!("change cost {}, then ", tt.score.changes)
    } else {
        String::new()
    }
}

/// "empty seats 90, track clashes 0" and every other term that is not 0
/// (and the change cost of a weighted re-plan).
fn terms(tt: &Timetable) -> String {
    let mut parts: Vec<String> = tt
        .score
        .terms()
        .iter()
        .enumerate()
        .filter(|(i, (_, v))| *i < 2 || *v > 0)
        .map(|(_, (name, v))| format!("{} {v}", name.replace('_', " ")))
        .collect();
    if !tt.score.changes_first && tt.score.changes > 0 {
        parts.push(format!("change cost {}", tt.score.changes));
    }
    parts.join(", ")
}

/// What `solve` says when the search ended without an answer: nothing was
/// proven, and why it ended.
pub fn stopped(why: Stopped, stats: &Stats) -> String {
    let (what, hint) = match why {
        Stopped::Interrupted => ("the search was stopped", "let it run longer"),
        Stopped::TimeLimit => (
            "the time limit ran out",
            "allow more time with `--time-limit`",
        ),
        Stopped::Exhausted => (
            "no stage could decide",
            "the heuristics found no timetable and the model is too large to build; a \
             smaller problem (fewer talks or slots per run) may be decided",
        ),
    };
    let model = if stats.variables > 0 {
        format!(" (largest model: {} variables)", stats.variables)
    } else {
        String::new()
    };
    format!(
        "error: {what} before any timetable was found or proven impossible{model}; nothing \
         was proven and no file was written\n  hint: {hint}\n"
    )
}

/// The line `verify` prints for a valid timetable.
pub fn valid(tt: &Timetable) -> String {
    format!(
        "valid: {} talks placed; {}objective {} ({})",
        tt.placements.len(),
        changes_first(tt),
        tt.score.objective,
        terms(tt)
    )
}

/// Something a reason involves, by where it is written in the problem file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Entity {
    Talk(TalkId),
    Room(RoomId),
    Speaker(SpeakerId),
    Sequence(usize),
    Conflict(usize),
}

/// Every talk, room, speaker and sequence a reason names.
fn involved(reason: &Reason) -> BTreeSet<Entity> {
    let mut out = BTreeSet::new();
    let talks = |out: &mut BTreeSet<Entity>, ts: &[TalkId]| {
        out.extend(ts.iter().map(|&t| Entity::Talk(t)));
    };
    match reason {
        Reason::NoRoom { talk, sequence } => {
            out.insert(Entity::Talk(*talk));
            if let Some((i, _)) = sequence {
                out.insert(Entity::Sequence(*i));
            }
        }
        Reason::TooLong {
            talks: ts,
            sequence,
            ..
        } => {
            talks(&mut out, ts);
            out.extend(sequence.map(Entity::Sequence));
        }
        Reason::NoStart { talk, blocked } => {
            out.insert(Entity::Talk(*talk));
            for (b, _) in blocked {
                match b {
                    Block::SpeakerUnavailable(sp) => _ = out.insert(Entity::Speaker(*sp)),
                    Block::Sequence(i) => _ = out.insert(Entity::Sequence(*i)),
                    Block::After(u) | Block::Before(u) => _ = out.insert(Entity::Talk(*u)),
                    _ => {}
                }
            }
        }
        Reason::SpeakerOverloaded { speaker, .. } => _ = out.insert(Entity::Speaker(*speaker)),
        Reason::Precedence { talks: ts, .. } => talks(&mut out, ts),
        Reason::Exclusive { talks: ts, .. } | Reason::Pigeonhole { talks: ts, .. } => {
            talks(&mut out, ts);
        }
        Reason::FixedCollision { a, b, room, .. } => {
            talks(&mut out, &[*a, *b]);
            out.insert(Entity::Room(*room));
        }
        Reason::OverflowShort { talk, .. } => _ = out.insert(Entity::Talk(*talk)),
        Reason::Conflict { groups, .. } => {
            for g in groups {
                match *g {
                    Group::Talk(t) | Group::Plenary(t) => _ = out.insert(Entity::Talk(t)),
                    Group::Room(r) => _ = out.insert(Entity::Room(r)),
                    Group::Speaker(s) => _ = out.insert(Entity::Speaker(s)),
                    Group::Sequence(i) => _ = out.insert(Entity::Sequence(i)),
                    Group::Conflict(i) => _ = out.insert(Entity::Conflict(i)),
                    Group::Precedence(_) => {}
                }
            }
        }
    }
    out
}

/// One `path:line:col: what` line for every talk, room, speaker and
/// sequence the reasons involve, in file order (for editors and CI, with
/// `--diagnostic-format short`).
pub fn positions(p: &Problem, reasons: &[Reason]) -> String {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for e in reasons.iter().flat_map(involved).collect::<BTreeSet<_>>() {
        let (span, what) = match e {
            Entity::Talk(t) => (&p.talk(t).span, format!("talk `{}`", p.talk(t).id)),
            Entity::Room(r) => (&p.room(r).span, format!("room `{}`", p.room(r).id)),
            Entity::Speaker(s) => (&p.speaker(s).span, format!("speaker {}", p.speaker(s).name)),
            Entity::Sequence(i) => (
                &p.sequences[i].span,
                format!("sequence {}", seq_talks(p, i)),
            ),
            Entity::Conflict(i) => (
                &p.conflicts[i].span,
                format!("conflict group {}", talk_ids(p, &p.conflicts[i].talks)),
            ),
        };
        lines.push((span.start, format!("{}: {what}\n", p.position(span))));
    }
    lines.sort();
    lines.into_iter().map(|(_, l)| l).collect()
}
