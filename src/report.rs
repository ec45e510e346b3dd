//! Prose for reasons: the only place that turns [`Reason`]s into sentences.
//!
//! In: a problem and structured reasons from `analysis` or `explain`. Out:
//! text in the style "Because ..., and because ..., no timetable exists.",
//! naming talks, speakers, rooms and slots as the problem file does.

use crate::analysis::{self, Reason};
use crate::explain::Group;
use crate::problem::{Problem, RoomId, SlotId, TalkId};

fn talk(p: &Problem, t: TalkId) -> String {
    format!("talk `{}`", p.talk(t).id)
}

fn list(items: &[String]) -> String {
    match items {
        [] => "none".to_string(),
        [a] => a.clone(),
        [a, b] => format!("{a} and {b}"),
        _ => format!(
            "{} and {}",
            items[..items.len() - 1].join(", "),
            items[items.len() - 1]
        ),
    }
}

fn rooms(p: &Problem, rs: &[RoomId]) -> String {
    list(
        &rs.iter()
            .map(|&r| format!("`{}`", p.room(r).id))
            .collect::<Vec<_>>(),
    )
}

fn slots(p: &Problem, ss: &[SlotId]) -> String {
    list(&ss.iter().map(|&s| p.slot_ref(s)).collect::<Vec<_>>())
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

/// One sentence fragment per reason ("talk `x` needs ... but ...").
pub fn clauses(p: &Problem, reason: &Reason) -> Vec<String> {
    match reason {
        Reason::NoRoom { talk: t } => {
            let x = p.talk(*t);
            let why = if let Some(r) = x.fixed_room {
                format!(
                    "it is fixed to room `{}` ({} seats)",
                    p.room(r).id,
                    p.room(r).capacity
                )
            } else {
                let with_features: Vec<RoomId> = p
                    .room_ids()
                    .filter(|&r| x.needs.iter().all(|f| p.room(r).features.contains(f)))
                    .collect();
                if with_features.is_empty() {
                    "no room has those features".to_string()
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
            vec![format!(
                "{} needs {}, but {why}",
                talk(p, *t),
                requirements(p, *t)
            )]
        }
        Reason::NoStart { talk: t } => {
            let x = p.talk(*t);
            let mut limits = Vec::new();
            if x.parts > 1 {
                limits.push(format!(
                    "it takes {} consecutive slots with no break between",
                    x.parts
                ));
            }
            if let Some(s) = x.fixed_slot {
                limits.push(format!("it is fixed to start at {}", p.slot_ref(s)));
            }
            if let Some(o) = &x.only {
                limits.push(format!(
                    "it may only start at {}",
                    slots(p, &o.iter().collect::<Vec<_>>())
                ));
            }
            if !x.unavailable.is_empty() {
                limits.push(format!(
                    "it is unavailable at {}",
                    slots(p, &x.unavailable.iter().collect::<Vec<_>>())
                ));
            }
            for &sp in &x.speakers {
                let s = p.speaker(sp);
                if !s.unavailable.is_empty() {
                    limits.push(format!(
                        "speaker {} is unavailable at {}",
                        s.name,
                        slots(p, &s.unavailable.iter().collect::<Vec<_>>())
                    ));
                }
            }
            for (i, seq) in p.sequences.iter().enumerate() {
                if seq.talks.contains(t) {
                    limits.push(format!("it is in sequence {} ({})", i + 1, seq_talks(p, i)));
                }
            }
            if let Some(r) = x.fixed_room
                && !p.room(r).unavailable.is_empty()
            {
                limits.push(format!(
                    "room `{}` is unavailable at {}",
                    p.room(r).id,
                    slots(p, &p.room(r).unavailable.iter().collect::<Vec<_>>())
                ));
            }
            vec![format!(
                "{} has no slot left to start in: {}",
                talk(p, *t),
                limits.join("; ")
            )]
        }
        Reason::SpeakerOverloaded {
            speaker,
            parts,
            slots: n,
        } => {
            let s = p.speaker(*speaker);
            let talks: Vec<String> = s
                .talks
                .iter()
                .map(|&t| format!("`{}`", p.talk(t).id))
                .collect();
            vec![format!(
                "speaker {} gives {} ({parts} talk-parts) but can attend only {n} slot{}",
                s.name,
                list(&talks),
                if *n == 1 { "" } else { "s" }
            )]
        }
        Reason::FixedCollision { a, b, room, slot } => vec![format!(
            "{} and {} are both fixed to room `{}` at {}",
            talk(p, *a),
            talk(p, *b),
            p.room(*room).id,
            p.slot_ref(*slot)
        )],
        Reason::Conflict { groups, .. } => {
            let doms = analysis::domains(p);
            groups
                .iter()
                .map(|g| match *g {
                    Group::Talk(t) => {
                        let d = &doms[t.index()];
                        format!(
                            "{} ({}) can only be in {} starting at {}",
                            talk(p, t),
                            requirements(p, t),
                            rooms(p, &d.rooms),
                            slots(p, &d.starts)
                        )
                    }
                    Group::Room(r) => format!("room `{}` holds one talk at a time", p.room(r).id),
                    Group::Speaker(sp) => {
                        let s = p.speaker(sp);
                        let talks: Vec<String> = s
                            .talks
                            .iter()
                            .map(|&t| format!("`{}`", p.talk(t).id))
                            .collect();
                        format!(
                            "speaker {} gives {} and can be in only one place at a time",
                            s.name,
                            list(&talks)
                        )
                    }
                    Group::Sequence(i) => {
                        format!("{} must be back to back in one room", seq_talks(p, i))
                    }
                })
                .collect()
        }
    }
}

fn seq_talks(p: &Problem, i: usize) -> String {
    list(
        &p.sequences[i]
            .talks
            .iter()
            .map(|&t| format!("`{}`", p.talk(t).id))
            .collect::<Vec<_>>(),
    )
}

/// The full explanation: one paragraph per reason.
pub fn explain(p: &Problem, reasons: &[Reason]) -> String {
    let mut out = String::new();
    for reason in reasons {
        let cs = clauses(p, reason);
        out.push_str("error: no timetable exists\n");
        for (i, c) in cs.iter().enumerate() {
            let lead = if i == 0 { "  because" } else { "  and because" };
            out.push_str(&format!("{lead} {c},\n"));
        }
        out.push_str("  no timetable exists.\n");
        if let Reason::Conflict { minimal: false, .. } = reason {
            out.push_str(
                "  (the search for a smaller set ran out of time; this set may not be minimal)\n",
            );
        }
    }
    out
}
