//! The resolve pass: raw spanned values to a checked [`Problem`].
//!
//! In: a [`RawProblem`]. Out: a [`Problem`] with typed ids, or every error
//! found (ranges, duplicates, dangling references, slot arithmetic), each
//! at the span of the value at fault.

use std::collections::BTreeMap;
use std::ops::Range;

use jiff::civil::Date;
use jiff::tz::TimeZone;

mod days;
mod interest;
mod links;
mod refs;

pub use interest::{CSV_HEADER, Favourites};

use super::diagnostic::{Diagnostic, did_you_mean};
use super::raw::{RawProblem, RawTalk, S};
use super::types::*;
use refs::SlotRefs;

/// Resolves a raw problem read from `source`, with the favourites file it
/// names as the caller found it: the problem (meaningful only when no
/// diagnostic is an error), every error and warning found in the
/// problem, and those found in the favourites CSV.
pub fn check(
    raw: &RawProblem,
    source: Source,
    favourites: Option<Favourites>,
) -> (Problem, Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut c = Checker {
        diags: Vec::new(),
        report_missing: raw.syntax_ok,
    };
    let (mut p, csv_diags) = c.problem(raw, favourites);
    p.source = source;
    (p, c.diags, csv_diags)
}

struct Checker {
    diags: Vec<Diagnostic>,
    report_missing: bool,
}

/// The largest count (seats, audience, parts, minutes, weights) a file may
/// hold: sums of them stay far within 64 bits.
const MAX_COUNT: u32 = u32::MAX / 4;

/// What names resolve to, filled in as the sections are checked.
#[derive(Default)]
struct Names {
    buildings: Interner,
    features: Interner,
    speakers: Interner,
    tracks: Interner,
    /// Room id -> index.
    rooms: BTreeMap<String, usize>,
    /// Talk id -> index.
    talks: BTreeMap<String, usize>,
}

/// Names in the order first seen, each mapped to its index.
#[derive(Default)]
struct Interner {
    names: Vec<String>,
    index: BTreeMap<String, usize>,
}

impl Interner {
    fn intern(&mut self, name: &str) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), self.names.len() - 1);
        self.names.len() - 1
    }
    fn get(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }
}

impl Checker {
    fn err(&mut self, span: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::new(span, message));
        self.diags.last_mut().expect("just pushed")
    }

    /// A non-negative integer that fits in u32, with a minimum.
    fn count(&mut self, v: &S<i64>, key: &str, min: i64) -> Option<u32> {
        if v.v < min {
            let what = if min == 0 { "0 or more" } else { "at least 1" };
            self.err(
                v.span.clone(),
                format!("`{key}` must be {what}, found {}", v.v),
            );
            None
        } else if v.v > i64::from(MAX_COUNT) {
            self.err(
                v.span.clone(),
                format!("`{key}` is too large: {} (the most is {MAX_COUNT})", v.v),
            );
            None
        } else {
            u32::try_from(v.v).ok()
        }
    }

    fn problem(
        &mut self,
        raw: &RawProblem,
        favourites: Option<Favourites>,
    ) -> (Problem, Vec<Diagnostic>) {
        let (name, timezone_name, timezone, slot_minutes) = self.event(raw);
        let language = self.language(raw);
        let (days, slots) = self.days(raw, slot_minutes, &timezone);
        let day_dates: Vec<Date> = days.iter().map(|d| d.date).collect();
        let refs = SlotRefs {
            days: &days,
            slots: &slots,
            dates: &day_dates,
        };
        let mut names = Names::default();
        let rooms = self.rooms(raw, &refs, &mut names);
        let walks = self.walks(raw, &names);
        let mut talks = self.talks(raw, &refs, &mut names);
        let interest = self.interest(raw, &names, &mut talks, favourites);
        self.after(raw, &names, &mut talks);
        let speakers = self.speakers(raw, &refs, &names, &talks);
        let sequences = self.sequences(raw, &names);
        let track_rules = self.tracks(raw, &refs, &mut names, &talks);
        let conflicts = self.conflicts(raw, &names, &talks);
        for (g, c) in conflicts.iter().enumerate().filter(|(_, c)| c.hard) {
            for t in &c.talks {
                talks[t.index()].hard_groups.push(g);
            }
        }
        let weights = self.weights(raw);
        let problem = Problem {
            source: Source::default(),
            name,
            timezone_name,
            timezone,
            language,
            slot_minutes,
            days,
            slots,
            rooms,
            warnings: Vec::new(),
            buildings: names.buildings.names,
            features: names.features.names,
            tracks: names.tracks.names,
            track_rules,
            walks,
            talks,
            speakers,
            sequences,
            conflicts,
            weights,
            replan: self.replan(raw),
            attendees: interest.attendees,
            interest: interest.interest,
            baseline: None,
        };
        (problem, interest.csv_diags)
    }

    /// `[event]`: the name, the time zone (name and zone) and the slot length.
    fn event(&mut self, raw: &RawProblem) -> (String, String, TimeZone, Minutes) {
        let name = raw
            .event
            .name
            .as_ref()
            .map_or_else(String::new, |n| n.v.clone());
        let (timezone_name, timezone) = match &raw.event.timezone {
            Some(tz) => match TimeZone::get(&tz.v) {
                Ok(zone) => (tz.v.clone(), zone),
                Err(_) => {
                    self.err(tz.span.clone(), format!("unknown time zone `{}`", tz.v))
                        .hint = Some(
                        "use an IANA name such as `\"Asia/Seoul\"` or `\"Europe/Brussels\"`".into(),
                    );
                    (tz.v.clone(), TimeZone::UTC)
                }
            },
            None => ("UTC".to_string(), TimeZone::UTC),
        };
        let slot_minutes = match &raw.event.slot_minutes {
            Some(v) => {
                let n = self.count(v, "slot_minutes", 1).unwrap_or(60);
                if n > 24 * 60 {
                    self.err(
                        v.span.clone(),
                        format!("`slot_minutes` must be at most 1440 (a day), found {n}"),
                    );
                }
                n
            }
            None => 60,
        };
        (name, timezone_name, timezone, slot_minutes)
    }

    /// `[event] language`: a BCP 47 tag, checked for its shape (subtags of
    /// 1-8 letters or digits joined by `-`, the first of 2-3 letters).
    fn language(&mut self, raw: &RawProblem) -> Option<String> {
        let tag = raw.event.language.as_ref()?;
        let mut parts = tag.v.split('-');
        let first_ok = parts.next().is_some_and(|p| {
            (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic())
        });
        let rest_ok = parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
        if first_ok && rest_ok {
            Some(tag.v.clone())
        } else {
            self.err(
                tag.span.clone(),
                format!("`{}` is not a language tag", tag.v),
            )
            .hint = Some("write a BCP 47 tag such as `\"ko\"`, `\"en\"` or `\"de-CH\"`".into());
            None
        }
    }

    /// `[[rooms]]`, interning their buildings and features.
    fn rooms(&mut self, raw: &RawProblem, refs: &SlotRefs, names: &mut Names) -> Vec<Room> {
        if raw.has_rooms && raw.rooms.is_empty() || !raw.has_rooms && self.report_missing {
            self.err(0..0, "the problem has no rooms").hint =
                Some("add at least one `[[rooms]]` with `id` and `capacity`".into());
        }
        let mut rooms = Vec::new();
        for rr in &raw.rooms {
            let id = match &rr.id {
                Some(id) => {
                    if names.rooms.contains_key(&id.v) {
                        self.err(id.span.clone(), format!("duplicate room id `{}`", id.v));
                    } else {
                        names.rooms.insert(id.v.clone(), rooms.len());
                    }
                    id.v.clone()
                }
                None => String::new(),
            };
            let capacity = match &rr.capacity {
                Some(c) => self.count(c, "capacity", 1).unwrap_or(1),
                None => 1,
            };
            let mut features: Vec<FeatureId> = rr
                .features
                .iter()
                .map(|f| FeatureId::at(names.features.intern(&f.v)))
                .collect();
            features.sort();
            features.dedup();
            rooms.push(Room {
                name: rr.name.as_ref().map_or_else(|| id.clone(), |n| n.v.clone()),
                id,
                span: rr.span.clone(),
                capacity,
                building: rr
                    .building
                    .as_ref()
                    .map(|b| BuildingId::at(names.buildings.intern(&b.v))),
                features,
                unavailable: self.slot_set(refs, &rr.unavailable, "unavailable"),
            });
        }
        rooms
    }

    /// `[[walks]]`: minutes between buildings, `walks[a][b]`.
    fn walks(&mut self, raw: &RawProblem, names: &Names) -> Vec<Vec<Minutes>> {
        let buildings = &names.buildings;
        let nb = buildings.names.len();
        let mut walks = vec![vec![0; nb]; nb];
        let mut seen: BTreeMap<(usize, usize), ()> = BTreeMap::new();
        for w in &raw.walks {
            let Some(between) = &w.between else {
                continue;
            };
            let minutes = w.minutes.as_ref().and_then(|m| self.count(m, "minutes", 0));
            if between.v.len() != 2 {
                self.err(
                    between.span.clone(),
                    format!(
                        "`between` must name two buildings, found {}",
                        between.v.len()
                    ),
                );
                continue;
            }
            let mut ids = Vec::new();
            for b in &between.v {
                match buildings.get(&b.v) {
                    Some(i) => ids.push(i),
                    None if !self.report_missing => {}
                    None => {
                        let hint = did_you_mean(&b.v, buildings.names.iter().map(String::as_str));
                        let d =
                            self.err(b.span.clone(), format!("no room is in building `{}`", b.v));
                        d.hint = hint
                            .or_else(|| Some("a walk must name buildings that rooms use".into()));
                    }
                }
            }
            let [a, b] = ids[..] else { continue };
            if a == b {
                self.err(
                    between.span.clone(),
                    "a walk must name two different buildings",
                );
            } else if seen.insert((a.min(b), a.max(b)), ()).is_some() {
                self.err(
                    between.span.clone(),
                    format!(
                        "the walk between `{}` and `{}` is given twice",
                        buildings.names[a], buildings.names[b]
                    ),
                );
            } else if let Some(m) = minutes {
                walks[a][b] = m;
                walks[b][a] = m;
            }
        }
        walks
    }

    /// `[[talks]]`, interning their speakers and tracks.
    fn talks(&mut self, raw: &RawProblem, refs: &SlotRefs, names: &mut Names) -> Vec<Talk> {
        if raw.has_talks && raw.talks.is_empty() || !raw.has_talks && self.report_missing {
            self.err(0..0, "the problem has no talks").hint =
                Some("add at least one `[[talks]]` with `id` and `audience`".into());
        }
        let mut talks = Vec::new();
        for rt in &raw.talks {
            let talk = self.talk(rt, refs, names);
            if let Some(id) = &rt.id {
                if names.talks.contains_key(&id.v) {
                    self.err(id.span.clone(), format!("duplicate talk id `{}`", id.v));
                } else {
                    names.talks.insert(id.v.clone(), talks.len());
                }
            }
            talks.push(talk);
        }
        talks
    }

    /// Everybody named in a talk, with their talks and, from
    /// `[[speakers]]`, their unavailability.
    fn speakers(
        &mut self,
        raw: &RawProblem,
        refs: &SlotRefs,
        names: &Names,
        talks: &[Talk],
    ) -> Vec<Speaker> {
        let mut speakers: Vec<Speaker> = names
            .speakers
            .names
            .iter()
            .map(|n| Speaker {
                name: n.clone(),
                span: first_mention(&raw.talks, n),
                unavailable: SlotSet::empty(refs.slots.len()),
                talks: Vec::new(),
                prefer: None,
                avoid: SlotSet::empty(refs.slots.len()),
            })
            .collect();
        for (i, t) in talks.iter().enumerate() {
            for &p in &t.speakers {
                speakers[p.index()].talks.push(TalkId::at(i));
            }
        }
        let mut seen = BTreeMap::new();
        for rs in &raw.speakers {
            let Some(name) = &rs.name else {
                continue;
            };
            let set = self.slot_set(refs, &rs.unavailable, "unavailable");
            let Some(i) = names.speakers.get(&name.v) else {
                let known = names.speakers.names.iter().map(String::as_str);
                let hint = did_you_mean(&name.v, known);
                self.diags.push(
                    Diagnostic::warning(
                        name.span.clone(),
                        format!("speaker `{}` gives no talk; this entry is ignored", name.v),
                    )
                    .hint(hint.unwrap_or_else(|| {
                        "`[[speakers]]` names must appear in some talk's `speakers`".into()
                    })),
                );
                continue;
            };
            if let Some(first) = seen.insert(name.v.clone(), rs.span.clone()) {
                // A second table for the same speaker: its slots are added.
                let (line, _) = line_of(raw, &first);
                self.diags.push(
                    Diagnostic::warning(
                        name.span.clone(),
                        format!(
                            "speaker `{}` already has a `[[speakers]]` table (line {line}); \
                             the unavailable slots of both are used",
                            name.v
                        ),
                    )
                    .hint("write one table per speaker"),
                );
                speakers[i].unavailable.extend(&set);
                continue;
            }
            speakers[i].unavailable = set;
            speakers[i].span = rs.span.clone();
            speakers[i].prefer = self.preferred(refs, rs.prefer.as_ref());
            speakers[i].avoid = self.slot_set(refs, &rs.avoid, "avoid");
        }
        self.alike_speakers(&speakers);
        speakers
    }

    /// Speakers whose names differ only by case or invisible characters
    /// are probably one person written two ways: a warning each.
    fn alike_speakers(&mut self, speakers: &[Speaker]) {
        let plain = |name: &str| -> String {
            name.chars()
                .filter(|&c| !super::raw::invisible(c))
                .flat_map(char::to_lowercase)
                .collect()
        };
        let mut first: BTreeMap<String, &Speaker> = BTreeMap::new();
        for sp in speakers {
            match first.get(&plain(&sp.name)) {
                Some(other) => self.diags.push(
                    Diagnostic::warning(
                        sp.span.clone(),
                        format!(
                            "speakers `{}` and `{}` differ only by case or invisible \
                             characters: they are treated as two people",
                            super::raw::visible(&other.name),
                            super::raw::visible(&sp.name)
                        ),
                    )
                    .hint("write one person's name the same way everywhere"),
                ),
                None => {
                    first.insert(plain(&sp.name), sp);
                }
            }
        }
    }

    /// `[[sequences]]`.
    fn sequences(&mut self, raw: &RawProblem, names: &Names) -> Vec<Sequence> {
        let mut sequences = Vec::new();
        // Talk -> the sequence table it is already in.
        let mut member_of: BTreeMap<usize, Span> = BTreeMap::new();
        for rs in &raw.sequences {
            let Some(list) = &rs.talks else {
                continue;
            };
            if list.v.len() < 2 {
                self.err(list.span.clone(), "a sequence needs two or more talks");
                continue;
            }
            let mut ids = Vec::new();
            for t in &list.v {
                match names.talks.get(&t.v) {
                    Some(&i) => {
                        if ids.contains(&TalkId::at(i)) {
                            self.err(
                                t.span.clone(),
                                format!("talk `{}` appears twice in this sequence", t.v),
                            );
                        } else if let Some(other) = member_of.get(&i) {
                            let (line, _) = line_of(raw, other);
                            self.err(
                                t.span.clone(),
                                format!("talk `{}` is already in the sequence at line {line}", t.v),
                            )
                            .hint = Some(
                                "a talk is in at most one sequence: join the two into one list"
                                    .into(),
                            );
                        }
                        ids.push(TalkId::at(i));
                    }
                    None => self.unknown(&t.span, "talk", &t.v, names.talks.keys()),
                }
            }
            for &t in &ids {
                member_of
                    .entry(t.index())
                    .or_insert_with(|| rs.span.clone());
            }
            if ids.len() == list.v.len() {
                sequences.push(Sequence {
                    talks: ids,
                    span: rs.span.clone(),
                });
            }
        }
        sequences
    }

    /// `[objective]`: each weight given, the defaults for the others.
    fn weights(&mut self, raw: &RawProblem) -> Weights {
        let mut weights = Weights::default();
        let o = &raw.objective;
        let given = [
            (&o.empty_seats, &mut weights.empty_seats),
            (&o.track_clash, &mut weights.track_clash),
            (&o.track_rooms, &mut weights.track_rooms),
            (&o.track_gaps, &mut weights.track_gaps),
            (&o.preferences, &mut weights.preferences),
            (&o.conflicts, &mut weights.conflicts),
            (&o.attendee_missed, &mut weights.attendee_missed),
        ];
        for ((value, weight), key) in given.into_iter().zip(super::raw::OBJECTIVE_KEYS) {
            if let Some(w) = value
                && let Some(n) = self.count(w, key, 0)
            {
                *weight = n.into();
            }
        }
        weights
    }

    /// `[replan]`: each cost given, the defaults for the others.
    fn replan(&mut self, raw: &RawProblem) -> Replan {
        let mut out = Replan::default();
        let o = &raw.replan;
        let given = [
            (&o.room_change, &mut out.room_change),
            (&o.time_change, &mut out.time_change),
            (&o.time_change_per_hour, &mut out.time_change_per_hour),
            (&o.time_change_cap, &mut out.time_change_cap),
            (&o.day_change, &mut out.day_change),
        ];
        for ((value, cost), key) in given.into_iter().zip(super::raw::REPLAN_KEYS) {
            if let Some(w) = value
                && let Some(n) = self.count(w, key, 0)
            {
                *cost = n.into();
            }
        }
        out.weight = o
            .weight
            .as_ref()
            .and_then(|w| self.count(w, "weight", 0))
            .map(u64::from);
        out
    }

    fn unknown<'a>(
        &mut self,
        span: &Range<usize>,
        kind: &str,
        name: &str,
        known: impl IntoIterator<Item = &'a String>,
    ) {
        // After a syntax error, a missing name is most likely its echo.
        if !self.report_missing {
            return;
        }
        let hint = did_you_mean(name, known.into_iter().map(String::as_str));
        self.err(span.clone(), format!("there is no {kind} `{name}`"))
            .hint = hint;
    }

    fn slot_set(&mut self, refs: &SlotRefs, list: &[S<String>], _key: &str) -> SlotSet {
        let mut set = SlotSet::empty(refs.slots.len());
        for r in list {
            match refs.resolve(&r.v) {
                Ok(ids) => ids.into_iter().for_each(|s| set.insert(s)),
                Err((msg, hint)) => self.err(r.span.clone(), msg).hint = hint,
            }
        }
        set
    }

    fn talk(&mut self, rt: &RawTalk, refs: &SlotRefs, names: &mut Names) -> Talk {
        let id = match &rt.id {
            Some(id) => id.v.clone(),
            None => String::new(),
        };
        let audience = match &rt.audience {
            Some(a) => self.count(a, "audience", 0).unwrap_or(0),
            None => 0,
        };
        let parts = rt
            .parts
            .as_ref()
            .map_or(1, |p| self.count(p, "parts", 1).unwrap_or(1));
        let talk_speakers = self.talk_speakers(rt, names);
        let needs = self.talk_needs(rt, names);
        let (fixed_slot, fixed_room) = self.talk_fixed(rt, refs, names);
        let only = rt.only.as_ref().map(|o| {
            if o.v.is_empty() {
                self.err(o.span.clone(), "`only` must list at least one slot");
            }
            self.slot_set(refs, &o.v, "only")
        });
        Talk {
            title: rt
                .title
                .as_ref()
                .map_or_else(|| id.clone(), |t| t.v.clone()),
            id,
            span: rt.span.clone(),
            speakers: talk_speakers,
            audience,
            parts,
            track: rt
                .track
                .as_ref()
                .map(|t| TrackId::at(names.tracks.intern(&t.v))),
            needs,
            overflow: rt.overflow.as_ref().is_some_and(|o| o.v),
            fixed_slot,
            fixed_room,
            only,
            unavailable: self.slot_set(refs, &rt.unavailable, "unavailable"),
            // Resolved by `after()` once every talk is known.
            after: Vec::new(),
            plenary: rt.plenary.as_ref().is_some_and(|p| p.v),
            prefer: self.preferred(refs, rt.prefer.as_ref()),
            avoid: self.slot_set(refs, &rt.avoid, "avoid"),
            interested: 0,
            audience_derived: false,
            // Filled in once the conflict groups are read.
            hard_groups: Vec::new(),
        }
    }

    /// A raw talk and names in; its speakers, each once, out (a repeat is a warning).
    fn talk_speakers(&mut self, rt: &RawTalk, names: &mut Names) -> Vec<SpeakerId> {
        let mut talk_speakers = Vec::new();
        for s in rt.speakers.iter().flatten() {
            let p = SpeakerId::at(names.speakers.intern(&s.v));
            if talk_speakers.contains(&p) {
                self.diags.push(
                    Diagnostic::warning(
                        s.span.clone(),
                        format!("speaker `{}` is listed twice in this talk", s.v),
                    )
                    .hint("the name counts once; remove the second"),
                );
            } else {
                talk_speakers.push(p);
            }
        }
        talk_speakers
    }

    /// A raw talk and names in; its needed features, sorted and unique, out (unknown: an error).
    fn talk_needs(&mut self, rt: &RawTalk, names: &Names) -> Vec<FeatureId> {
        let mut needs = Vec::new();
        for f in &rt.needs {
            match names.features.get(&f.v) {
                Some(i) => needs.push(FeatureId::at(i)),
                None if !self.report_missing => {}
                None => {
                    let known = names.features.names.iter().map(String::as_str);
                    let hint = did_you_mean(&f.v, known);
                    self.err(f.span.clone(), format!("no room has feature `{}`", f.v))
                        .hint =
                        hint.or_else(|| Some("`needs` must name features that rooms list".into()));
                }
            }
        }
        needs.sort();
        needs.dedup();
        needs
    }

    /// A raw talk, slot refs and names in; its `fixed` slot and room, if given and known, out.
    fn talk_fixed(
        &mut self,
        rt: &RawTalk,
        refs: &SlotRefs,
        names: &Names,
    ) -> (Option<SlotId>, Option<RoomId>) {
        let mut fixed_slot = None;
        let mut fixed_room = None;
        if let Some(f) = &rt.fixed {
            if let Some(s) = &f.slot {
                match refs.resolve(&s.v) {
                    Ok(ids) if ids.len() == 1 => fixed_slot = Some(ids[0]),
                    Ok(_) => {
                        self.err(
                            s.span.clone(),
                            format!("`fixed.slot` must be one slot, not the whole day `{}`", s.v),
                        )
                        .hint = Some("write the start slot, e.g. `\"2019-07-04 10:00\"`".into());
                    }
                    Err((msg, hint)) => self.err(s.span.clone(), msg).hint = hint,
                }
            }
            if let Some(r) = &f.room {
                match names.rooms.get(&r.v) {
                    Some(&i) => fixed_room = Some(RoomId::at(i)),
                    None => self.unknown(&r.span, "room", &r.v, names.rooms.keys()),
                }
            }
        }
        (fixed_slot, fixed_room)
    }

    /// A `prefer` list: its slots, or `None` when not given (an empty list
    /// prefers nothing, which is an error).
    fn preferred(&mut self, refs: &SlotRefs, list: Option<&S<Vec<S<String>>>>) -> Option<SlotSet> {
        let list = list?;
        if list.v.is_empty() {
            self.err(list.span.clone(), "`prefer` must list at least one slot")
                .hint = Some("leave `prefer` out when any slot will do".into());
        }
        Some(self.slot_set(refs, &list.v, "prefer"))
    }
}

/// The 1-based line and column of a span of the file the raw problem was
/// read from.
fn line_of(raw: &RawProblem, span: &Span) -> (usize, usize) {
    super::diagnostic::line_col(&raw.source, span.start)
}

/// Where a speaker is first named in a talk's `speakers`.
fn first_mention(talks: &[RawTalk], name: &str) -> Span {
    talks
        .iter()
        .flat_map(|t| t.speakers.iter().flatten())
        .find(|s| s.v == name)
        .map_or(0..0, |s| s.span.clone())
}
