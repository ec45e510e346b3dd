//! Writes a [`Draft`] as a commented problem file; [`finish`] also parses
//! and checks it and adds the source's timetable as a baseline.
//!
//! The header says where the file came from, where each field was mapped
//! from, which defaults stand in for missing data and what the import
//! changed; values that are defaults carry a `# TODO` comment on their
//! line. Written as text (the format is small and flat) with every string
//! quoted by [`quote`], so comments sit exactly where they help.

use std::fmt::Write as _;

use crate::problem::{self, hhmm};

use super::draft::{Draft, Figure};
use super::{ImportError, Imported};

/// A TOML basic string: `"` and `\` escaped, control characters as
/// `\uXXXX` (TOML allows none of them, DEL included, unescaped).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A comment's text on one line.
fn one_line(s: &str) -> String {
    let printable: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    printable.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// A long list, several items a line.
fn long_list(key: &str, items: &[String], per_line: usize) -> String {
    if items.len() <= per_line {
        return format!("{key} = {}\n", list(items));
    }
    let mut out = format!("{key} = [\n");
    for chunk in items.chunks(per_line) {
        let quoted: Vec<String> = chunk.iter().map(|s| quote(s)).collect();
        let _ = writeln!(out, "  {},", quoted.join(", "));
    }
    out.push_str("]\n");
    out
}

fn figure(key: &str, f: &Figure) -> String {
    match &f.note {
        None => format!("{key} = {}\n", f.value),
        Some(n) if f.todo => format!("{key} = {}  # TODO: {}\n", f.value, one_line(n)),
        Some(n) => format!("{key} = {}  # {}\n", f.value, one_line(n)),
    }
}

fn comment_block(out: &mut String, lines: &[String], indent: &str) {
    for l in lines {
        let text = one_line(l);
        let wrapped = textwrap::wrap(&text, 76usize.saturating_sub(indent.len()));
        for (i, w) in wrapped.iter().enumerate() {
            let pad = if i == 0 { "" } else { "  " };
            let _ = writeln!(out, "#{indent}{pad}{w}");
        }
    }
}

/// The problem file's text.
pub fn write(d: &Draft) -> String {
    let mut out = String::new();
    write_header(&mut out, d);
    write_event_and_days(&mut out, d);
    write_rooms(&mut out, d);
    for t in &d.talks {
        write_talk(&mut out, t);
    }
    write_speakers(&mut out, d);
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Draft in; the heading comment (source, mapping, defaults, notes) onto `out`.
fn write_header(out: &mut String, d: &Draft) {
    let _ = writeln!(
        out,
        "# {}: imported by `confsched import {}` from",
        one_line(&d.name),
        d.format.name()
    );
    let _ = writeln!(out, "# {}", one_line(&d.source));
    out.push_str(
        "# Ids come from the source's own ids, so importing again keeps them.\n\
         # Lines marked TODO hold defaults for data the source does not have.\n\
         # docs/importing.md explains every choice.\n#\n# Where each field comes from:\n",
    );
    let width = d.mapping.iter().map(|(f, _)| f.len()).max().unwrap_or(0);
    for (field, from) in &d.mapping {
        let _ = writeln!(out, "#   {field:<width$}  <- {}", one_line(from));
    }
    let todo_rooms = d.rooms.iter().filter(|r| r.capacity.todo).count();
    let todo_talks = d.talks.iter().filter(|t| t.audience.todo).count();
    if todo_rooms + todo_talks > 0 {
        out.push_str("#\n# Defaults standing in for missing data (marked TODO below):\n");
        if todo_rooms > 0 {
            let _ = writeln!(
                out,
                "#   {todo_rooms} of {} rooms without a capacity",
                d.rooms.len()
            );
        }
        if todo_talks > 0 {
            let _ = writeln!(
                out,
                "#   {todo_talks} of {} talks without an audience",
                d.talks.len()
            );
        }
    }
    if !d.notes.is_empty() {
        out.push_str("#\n# What the import chose or changed:\n");
        let notes: Vec<String> = d.notes.iter().map(|n| format!("- {n}")).collect();
        comment_block(out, &notes, "   ");
    }
    out.push('\n');
}

/// Draft in; the `[event]` table and the `[[days]]` onto `out`.
fn write_event_and_days(out: &mut String, d: &Draft) {
    out.push_str("[event]\n");
    let _ = writeln!(out, "name = {}", quote(&d.name));
    let _ = writeln!(out, "timezone = {}", quote(&d.timezone));
    let _ = writeln!(out, "slot_minutes = {}\n", d.slot_minutes);

    for day in &d.days {
        out.push_str("[[days]]\n");
        let _ = writeln!(out, "date = {}", quote(&day.date));
        let slots: Vec<String> = day.slots.iter().map(|&m| hhmm(m)).collect();
        out.push_str(&long_list("slots", &slots, 12));
        if !day.breaks.is_empty() {
            let bs: Vec<String> = day
                .breaks
                .iter()
                .map(|(n, a, b)| {
                    format!(
                        "{{ name = {}, start = {}, end = {} }}",
                        quote(n),
                        quote(&hhmm(*a)),
                        quote(&hhmm(*b))
                    )
                })
                .collect();
            let _ = writeln!(out, "breaks = [{}]", bs.join(", "));
        }
        out.push('\n');
    }
}

/// Draft in; the `[[rooms]]` onto `out`.
fn write_rooms(out: &mut String, d: &Draft) {
    for r in &d.rooms {
        out.push_str("[[rooms]]\n");
        let _ = writeln!(out, "id = {}", quote(&r.id));
        let _ = writeln!(out, "name = {}", quote(&r.name));
        out.push_str(&figure("capacity", &r.capacity));
        if let Some(b) = &r.building {
            let _ = writeln!(out, "building = {}", quote(b));
        }
        if !r.features.is_empty() {
            let _ = writeln!(out, "features = {}", list(&r.features));
        }
        if !r.unavailable.is_empty() {
            out.push_str(&long_list("unavailable", &r.unavailable, 4));
        }
        out.push('\n');
    }
}

/// A talk in; its notes and `[[talks]]` table onto `out`.
fn write_talk(out: &mut String, t: &super::draft::Talk) {
    comment_block(out, &t.notes, " ");
    out.push_str("[[talks]]\n");
    let _ = writeln!(out, "id = {}", quote(&t.id));
    let _ = writeln!(out, "title = {}", quote(&t.title));
    let _ = writeln!(out, "speakers = {}", list(&t.speakers));
    out.push_str(&figure("audience", &t.audience));
    if t.parts != 1 {
        let _ = writeln!(out, "parts = {}", t.parts);
    }
    if let Some(track) = &t.track {
        let _ = writeln!(out, "track = {}", quote(track));
    }
    if !t.needs.is_empty() {
        let _ = writeln!(out, "needs = {}", list(&t.needs));
    }
    match (&t.fixed_slot, &t.fixed_room) {
        (None, None) => {}
        (Some(s), None) => {
            let _ = writeln!(out, "fixed = {{ slot = {} }}", quote(s));
        }
        (None, Some(r)) => {
            let _ = writeln!(out, "fixed = {{ room = {} }}", quote(r));
        }
        (Some(s), Some(r)) => {
            let _ = writeln!(
                out,
                "fixed = {{ slot = {}, room = {} }}",
                quote(s),
                quote(r)
            );
        }
    }
    if !t.unavailable.is_empty() {
        out.push_str(&long_list("unavailable", &t.unavailable, 4));
    }
    out.push('\n');
}

/// Draft in; the `[[speakers]]` with unavailable slots onto `out`.
fn write_speakers(out: &mut String, d: &Draft) {
    for s in &d.speakers {
        if s.unavailable.is_empty() {
            continue;
        }
        out.push_str("[[speakers]]\n");
        let _ = writeln!(out, "name = {}", quote(&s.name));
        out.push_str(&long_list("unavailable", &s.unavailable, 4));
        out.push('\n');
    }
}

/// Writes, parses and checks the problem; adds the baseline when every
/// talk is placed.
pub fn finish(mut draft: Draft) -> Result<Imported, ImportError> {
    draft.tidy();
    let missing = draft.missing();
    if !missing.is_empty() {
        return Err(ImportError::Source(format!(
            "{} cannot become a problem: {}",
            draft.source,
            missing.join("; ")
        )));
    }
    let toml = write(&draft);
    let p = problem::parse("imported.toml", &toml).map_err(|e| {
        ImportError::Internal(format!(
            "the imported problem does not pass `check` (a bug in `confsched import`):\n{}",
            e.render(problem::DiagnosticFormat::Short)
        ))
    })?;
    let baseline = if !draft.talks.is_empty() && draft.talks.iter().all(|t| t.placed.is_some()) {
        Some(draft.baseline(&p)?)
    } else {
        None
    };
    Ok(Imported { toml, baseline })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_what_toml_forbids() {
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quote("x\u{7f}\u{1}"), r#""x\u007F\u0001""#);
        assert_eq!(quote("딥러닝"), "\"딥러닝\"");
        let doc = format!("k = {}\n", quote("tab\there\u{7f}\"\\\n"));
        let parsed: toml::Table = toml::from_str(&doc).expect("valid TOML");
        assert_eq!(parsed["k"].as_str(), Some("tab\there\u{7f}\"\\\n"));
    }
}
