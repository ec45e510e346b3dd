//! What ties talks to each other once every talk is known: `after`,
//! `[[tracks]]` (rooms, slots, order) and `[[conflicts]]`.
//!
//! In: the raw file and the checked talks. Out: each talk's `after` list,
//! every track's rules (declared or only named by talks), the conflict
//! groups with their members; errors at the names that resolve to nothing,
//! with the closest name as a hint.

use std::collections::BTreeMap;

use super::super::diagnostic::Diagnostic;
use super::super::raw::{RawProblem, S};
use super::super::types::{Conflict, RoomId, SlotSet, Talk, TalkId, TrackId, TrackRules};
use super::refs::SlotRefs;
use super::{Checker, Names, line_of};

impl Checker {
    /// A talk id, or an error at its span.
    fn talk_ref(&mut self, names: &Names, name: &S<String>) -> Option<TalkId> {
        match names.talks.get(&name.v) {
            Some(&i) => Some(TalkId::at(i)),
            None => {
                self.unknown(&name.span, "talk", &name.v, names.talks.keys());
                None
            }
        }
    }

    /// A room id, or an error at its span.
    fn room_ref(&mut self, names: &Names, name: &S<String>) -> Option<RoomId> {
        match names.rooms.get(&name.v) {
            Some(&i) => Some(RoomId::at(i)),
            None => {
                self.unknown(&name.span, "room", &name.v, names.rooms.keys());
                None
            }
        }
    }

    /// Each talk's `after`: talk ids, not itself, each once.
    pub(super) fn after(&mut self, raw: &RawProblem, names: &Names, talks: &mut [Talk]) {
        for (i, rt) in raw.talks.iter().enumerate() {
            let mut after = Vec::new();
            for name in &rt.after {
                let Some(t) = self.talk_ref(names, name) else {
                    continue;
                };
                if t.index() == i {
                    self.err(name.span.clone(), "a talk cannot come after itself");
                } else if !after.contains(&t) {
                    after.push(t);
                }
            }
            if let Some(talk) = talks.get_mut(i) {
                talk.after = after;
            }
        }
    }

    /// Every track's rules: the `[[tracks]]` entries (declared tracks are
    /// interned too, so a track no talk names still exists), and an
    /// undeclared entry for a track only named by talks.
    pub(super) fn tracks(
        &mut self,
        raw: &RawProblem,
        refs: &SlotRefs,
        names: &mut Names,
        talks: &[Talk],
    ) -> Vec<TrackRules> {
        let mut declared: BTreeMap<usize, TrackRules> = BTreeMap::new();
        for rt in &raw.tracks {
            let Some(id) = &rt.id else { continue };
            let k = names.tracks.intern(&id.v);
            if let Some(first) = declared.get(&k).and_then(|r| r.declared.clone()) {
                let (line, _) = line_of(raw, &first);
                self.err(
                    id.span.clone(),
                    format!("track `{}` is already declared at line {line}", id.v),
                );
                continue;
            }
            let rooms = rt
                .rooms
                .iter()
                .filter_map(|r| self.room_ref(names, r))
                .collect();
            let only_rooms = rt.only_rooms.as_ref().map(|list| {
                if list.v.is_empty() {
                    self.err(
                        list.span.clone(),
                        "`only_rooms` must list at least one room",
                    );
                }
                list.v
                    .iter()
                    .filter_map(|r| self.room_ref(names, r))
                    .collect()
            });
            let order = self.track_order(rt.order.as_ref(), names, talks, k);
            if !talks.iter().any(|t| t.track.map(TrackId::index) == Some(k)) {
                self.diags.push(
                    Diagnostic::warning(id.span.clone(), format!("no talk is in track `{}`", id.v))
                        .hint("a talk joins a track with `track = \"...\"`"),
                );
            }
            declared.insert(
                k,
                TrackRules {
                    declared: Some(rt.span.clone()),
                    name: rt
                        .name
                        .as_ref()
                        .map_or_else(|| id.v.clone(), |n| n.v.clone()),
                    rooms,
                    only_rooms,
                    prefer: self.preferred(refs, rt.prefer.as_ref()),
                    avoid: self.slot_set(refs, &rt.avoid, "avoid"),
                    order,
                },
            );
        }
        names
            .tracks
            .names
            .iter()
            .enumerate()
            .map(|(k, name)| {
                declared
                    .remove(&k)
                    .unwrap_or_else(|| TrackRules::undeclared(name, refs.slots.len()))
            })
            .collect()
    }

    /// A track's `order`: talks of that track, each once.
    fn track_order(
        &mut self,
        order: Option<&S<Vec<S<String>>>>,
        names: &Names,
        talks: &[Talk],
        k: usize,
    ) -> Vec<TalkId> {
        let mut out = Vec::new();
        for name in order.map(|o| o.v.as_slice()).unwrap_or_default() {
            let Some(t) = self.talk_ref(names, name) else {
                continue;
            };
            if out.contains(&t) {
                self.err(
                    name.span.clone(),
                    format!("talk `{}` appears twice in this order", name.v),
                );
            } else if talks[t.index()].track.map(TrackId::index) != Some(k) {
                self.err(
                    name.span.clone(),
                    format!("talk `{}` is not in this track", name.v),
                )
                .hint = Some("an `order` lists talks of its own track".into());
            } else {
                out.push(t);
            }
        }
        out
    }

    /// `[[conflicts]]`: the members (talks named, and talks of the tracks
    /// named), and either `hard = true` or a `weight`.
    pub(super) fn conflicts(
        &mut self,
        raw: &RawProblem,
        names: &Names,
        talks: &[Talk],
    ) -> Vec<Conflict> {
        let mut out = Vec::new();
        for rc in &raw.conflicts {
            let mut members: Vec<TalkId> = rc
                .talks
                .iter()
                .filter_map(|t| self.talk_ref(names, t))
                .collect();
            for name in &rc.tracks {
                match names.tracks.get(&name.v) {
                    Some(k) => members.extend(
                        (0..talks.len())
                            .filter(|&i| talks[i].track.map(TrackId::index) == Some(k))
                            .map(TalkId::at),
                    ),
                    None => self.unknown(&name.span, "track", &name.v, names.tracks.names.iter()),
                }
            }
            members.sort();
            members.dedup();
            let hard = rc.hard.as_ref().is_some_and(|h| h.v);
            let weight = rc
                .weight
                .as_ref()
                .and_then(|w| self.count(w, "weight", 0))
                .map_or(0, u64::from);
            match (&rc.hard, &rc.weight) {
                (Some(h), Some(_)) if h.v => {
                    self.err(
                        h.span.clone(),
                        "a conflict group is either `hard = true` or has a `weight`, not both",
                    );
                }
                (None | Some(S { v: false, .. }), None) => {
                    self.err(
                        super::super::raw::header_span(&raw.source, &rc.span),
                        "a conflict group needs `hard = true` or a `weight`",
                    )
                    .hint = Some(
                        "`hard = true`: never together; `weight = 10`: each pair that \
                                  shares a slot costs 10"
                            .into(),
                    );
                }
                _ => {}
            }
            if members.len() < 2 && self.report_missing {
                self.err(
                    super::super::raw::header_span(&raw.source, &rc.span),
                    "a conflict group needs two or more talks",
                )
                .hint = Some("list `talks`, or `tracks` whose talks are the members".into());
            }
            out.push(Conflict {
                talks: members,
                hard,
                weight,
                span: rc.span.clone(),
            });
        }
        out
    }
}

impl SlotSet {
    /// Whether any slot of `other` is in the set.
    pub fn meets(&self, other: &SlotSet) -> bool {
        other.iter().any(|s| self.contains(s))
    }
}
