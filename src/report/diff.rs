//! The change list a human sends out after a re-plan: what moved (from
//! when and where to when and where), what was added, what was withdrawn,
//! and how much stayed.
//!
//! In: the assignments of two timetable files (`timetable::published`),
//! optionally one speaker, optionally room names. Out: a [`Diff`], and
//! its text, Markdown or JSON. Talks are matched by id; lists are sorted
//! by the old (or only) time, then the talk id.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::timetable::published::Entry;

/// What changed between two timetables.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// (before, after) for each talk whose day, time or rooms changed.
    pub moved: Vec<(Entry, Entry)>,
    /// Talks only in the later timetable.
    pub added: Vec<Entry>,
    /// Talks only in the earlier timetable.
    pub withdrawn: Vec<Entry>,
    /// Talks in both, in the same place.
    pub unchanged: usize,
}

/// Compares two timetables, keeping only `speaker`'s talks when given.
pub fn diff(old: &[Entry], new: &[Entry], speaker: Option<&str>) -> Diff {
    let keep = |e: &Entry| speaker.is_none_or(|s| e.speakers.iter().any(|x| x == s));
    let by_id = |list: &[Entry]| -> BTreeMap<String, Entry> {
        list.iter().map(|e| (e.talk.clone(), e.clone())).collect()
    };
    let (old, new) = (by_id(old), by_id(new));
    let mut d = Diff::default();
    for (id, before) in &old {
        match new.get(id) {
            Some(after) if !keep(before) && !keep(after) => {}
            Some(after) if before.place() == after.place() => d.unchanged += 1,
            Some(after) => d.moved.push((before.clone(), after.clone())),
            None if keep(before) => d.withdrawn.push(before.clone()),
            None => {}
        }
    }
    d.added = new
        .values()
        .filter(|e| !old.contains_key(&e.talk) && keep(e))
        .cloned()
        .collect();
    let when = |e: &Entry| (e.day.clone(), e.start.clone(), e.talk.clone());
    d.moved.sort_by_key(|(a, _)| when(a));
    d.added.sort_by_key(when);
    d.withdrawn.sort_by_key(when);
    d
}

/// Every speaker name in either timetable, for suggestions.
pub fn speakers(old: &[Entry], new: &[Entry]) -> Vec<String> {
    let mut names: Vec<String> = old
        .iter()
        .chain(new)
        .flat_map(|e| e.speakers.iter().cloned())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Room ids to the names shown beside them (`A (UST 강당)`).
pub type RoomNames = BTreeMap<String, String>;

fn rooms(e: &Entry, names: &RoomNames) -> String {
    e.rooms
        .iter()
        .map(|r| match names.get(r) {
            Some(n) if n != r => format!("{r} ({n})"),
            _ => r.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn when(e: &Entry) -> String {
    if e.end.is_empty() {
        format!("{} {}", e.day, e.start)
    } else {
        format!("{} {}-{}", e.day, e.start, e.end)
    }
}

fn who(e: &Entry) -> String {
    if e.speakers.is_empty() {
        e.title.clone()
    } else {
        format!("{} ({})", e.title, e.speakers.join(", "))
    }
}

/// The counts, as one sentence.
fn counts(d: &Diff) -> String {
    format!(
        "{} moved, {} added, {} withdrawn, {} unchanged",
        d.moved.len(),
        d.added.len(),
        d.withdrawn.len(),
        d.unchanged
    )
}

/// The plain-text change list.
pub fn text(d: &Diff, names: &RoomNames) -> String {
    let mut out = format!("{}.\n", counts(d));
    if !d.moved.is_empty() {
        out.push_str("\nMoved:\n");
        for (a, b) in &d.moved {
            out.push_str(&format!(
                "  {}: {}\n    was {}, {}\n    now {}, {}\n",
                a.talk,
                who(b),
                when(a),
                rooms(a, names),
                when(b),
                rooms(b, names)
            ));
        }
    }
    for (heading, list) in [("Added", &d.added), ("Withdrawn", &d.withdrawn)] {
        if !list.is_empty() {
            out.push_str(&format!("\n{heading}:\n"));
            for e in list {
                out.push_str(&format!(
                    "  {}: {}\n    {}, {}\n",
                    e.talk,
                    who(e),
                    when(e),
                    rooms(e, names)
                ));
            }
        }
    }
    out
}

/// Markdown: the counts, then a table per kind of change.
pub fn markdown(d: &Diff, names: &RoomNames) -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = format!("{}.\n", counts(d));
    if !d.moved.is_empty() {
        out.push_str("\n## Moved\n\n| Talk | Was | Now |\n|---|---|---|\n");
        for (a, b) in &d.moved {
            out.push_str(&format!(
                "| {} | {}, {} | {}, {} |\n",
                cell(&who(b)),
                when(a),
                cell(&rooms(a, names)),
                when(b),
                cell(&rooms(b, names))
            ));
        }
    }
    for (heading, list) in [("Added", &d.added), ("Withdrawn", &d.withdrawn)] {
        if !list.is_empty() {
            out.push_str(&format!(
                "\n## {heading}\n\n| Talk | When | Where |\n|---|---|---|\n"
            ));
            for e in list {
                out.push_str(&format!(
                    "| {} | {} | {} |\n",
                    cell(&who(e)),
                    when(e),
                    cell(&rooms(e, names))
                ));
            }
        }
    }
    out
}

#[derive(Serialize)]
struct OutDiff<'a> {
    moved: Vec<OutMoved<'a>>,
    added: Vec<OutEntry<'a>>,
    withdrawn: Vec<OutEntry<'a>>,
    unchanged: usize,
}

#[derive(Serialize)]
struct OutMoved<'a> {
    talk: &'a str,
    title: &'a str,
    speakers: &'a [String],
    was: OutPlace<'a>,
    now: OutPlace<'a>,
}

#[derive(Serialize)]
struct OutEntry<'a> {
    talk: &'a str,
    title: &'a str,
    speakers: &'a [String],
    #[serde(flatten)]
    place: OutPlace<'a>,
}

#[derive(Serialize)]
struct OutPlace<'a> {
    day: &'a str,
    start: &'a str,
    end: &'a str,
    rooms: &'a [String],
}

fn place(e: &Entry) -> OutPlace<'_> {
    OutPlace {
        day: &e.day,
        start: &e.start,
        end: &e.end,
        rooms: &e.rooms,
    }
}

fn entry(e: &Entry) -> OutEntry<'_> {
    OutEntry {
        talk: &e.talk,
        title: &e.title,
        speakers: &e.speakers,
        place: place(e),
    }
}

/// JSON, for programs.
pub fn json(d: &Diff) -> String {
    let out = OutDiff {
        moved: d
            .moved
            .iter()
            .map(|(a, b)| OutMoved {
                talk: &b.talk,
                title: &b.title,
                speakers: &b.speakers,
                was: place(a),
                now: place(b),
            })
            .collect(),
        added: d.added.iter().map(entry).collect(),
        withdrawn: d.withdrawn.iter().map(entry).collect(),
        unchanged: d.unchanged,
    };
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(talk: &str, speaker: &str, start: &str, rooms: &[&str]) -> Entry {
        Entry {
            talk: talk.into(),
            title: talk.to_uppercase(),
            speakers: vec![speaker.into()],
            day: "2020-01-01".into(),
            start: start.into(),
            end: String::new(),
            rooms: rooms.iter().map(|r| (*r).to_string()).collect(),
        }
    }

    #[test]
    fn moves_additions_and_withdrawals_are_told_apart() {
        let old = [
            e("a", "Ann", "09:00", &["A"]),
            e("b", "Bo", "10:00", &["A"]),
            e("c", "Cy", "11:00", &["A", "B", "C"]),
            e("gone", "Ann", "12:00", &["A"]),
        ];
        let new = [
            e("a", "Ann", "09:00", &["A"]),
            e("b", "Bo", "10:00", &["B"]),
            e("c", "Cy", "11:00", &["A", "C", "B"]),
            e("fresh", "Bo", "12:00", &["A"]),
        ];
        let d = diff(&old, &new, None);
        assert_eq!(d.moved, [(old[1].clone(), new[1].clone())]);
        assert_eq!(d.added, [new[3].clone()]);
        assert_eq!(d.withdrawn, [old[3].clone()]);
        // Extra rooms in another order are the same place.
        assert_eq!(d.unchanged, 2);
        // One speaker's changes.
        let ann = diff(&old, &new, Some("Ann"));
        assert_eq!((ann.moved.len(), ann.added.len()), (0, 0));
        assert_eq!((ann.withdrawn.len(), ann.unchanged), (1, 1));
        let bo = diff(&old, &new, Some("Bo"));
        assert_eq!((bo.moved.len(), bo.added.len(), bo.unchanged), (1, 1, 0));
    }

    #[test]
    fn a_change_of_time_or_day_is_a_move() {
        let old = [e("a", "Ann", "09:00", &["A"])];
        let mut later = old[0].clone();
        later.start = "10:00".into();
        assert_eq!(diff(&old, &[later.clone()], None).moved.len(), 1);
        later.start = "09:00".into();
        later.day = "2020-01-02".into();
        assert_eq!(diff(&old, &[later], None).moved.len(), 1);
    }
}
