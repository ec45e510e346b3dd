//! Tables about attendees' interest: each talk's interested count and
//! audience (`check --show-audiences`), and the attendees who miss the
//! most wanted talks in a timetable (`solve --report attendees`).
//!
//! In: a problem (and a timetable). Out: plain text tables, columns padded
//! by display width (Korean titles and ids take two columns a character),
//! rows in a deterministic order.

use crate::problem::Problem;
use crate::timetable::{Timetable, missed_by_group};

/// Attendees shown by `--report attendees`, at most.
pub const REPORT_ROWS: usize = 10;

/// An id as it may be shown on a terminal: control characters as U+FFFD
/// (attendee ids come from a CSV, unchecked), invisible ones named.
fn visible_id(id: &str) -> String {
    let plain: String = id
        .chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    crate::problem::raw::visible(&plain)
}

/// A table: a header row and rows, each column padded to its widest cell
/// (the last column is not padded).
fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let width = |s: &str| textwrap::core::display_width(s);
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(c));
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let n = cells.len();
        let mut out = String::new();
        for (i, (c, w)) in cells.into_iter().zip(&widths).enumerate() {
            out.push_str(c);
            if i + 1 < n {
                out.push_str(&" ".repeat(w - width(c) + 2));
            }
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    };
    let mut out = line(header.to_vec());
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

/// Each talk, in file order: its id, how many attendees want it, its
/// audience and where the audience comes from.
pub fn audiences(p: &Problem) -> String {
    let turnout = p.interest.as_ref().map_or(1.0, |i| i.turnout);
    let rows: Vec<Vec<String>> = p
        .talks
        .iter()
        .map(|t| {
            let from = if t.audience_derived {
                format!("derived: {} x turnout {turnout}, rounded up", t.interested)
            } else {
                "given".to_string()
            };
            vec![
                visible_id(&t.id),
                t.interested.to_string(),
                t.audience.to_string(),
                from,
            ]
        })
        .collect();
    let mut out = format!(
        "audiences ({} attendees with wishes):\n",
        p.attendees.iter().map(|a| u64::from(a.count)).sum::<u64>()
    );
    out.push_str(&table(&["talk", "interested", "audience", "source"], &rows));
    out
}

/// The attendees who miss the most wanted talks in `tt` (at most
/// [`REPORT_ROWS`]), most first, then by id: how many talks they want,
/// how many they miss, and the clashes (slot: the talks there).
pub fn missed(p: &Problem, tt: &Timetable) -> String {
    if p.attendees.is_empty() {
        return "attendees: this problem has no attendees' interest (`[interest]` or \
                `[[attendees]]`)\n"
            .to_string();
    }
    let by_group = missed_by_group(p, &tt.placements);
    let mut rows: Vec<(u64, &str, usize, String)> = Vec::new();
    for (a, clashes) in p.attendees.iter().zip(&by_group) {
        let missed: u64 = clashes.iter().map(|(_, ts)| ts.len() as u64 - 1).sum();
        if missed == 0 {
            continue;
        }
        let detail: Vec<String> = clashes
            .iter()
            .map(|(s, ts)| {
                let ids: Vec<String> = ts.iter().map(|&t| visible_id(&p.talk(t).id)).collect();
                format!("{}: {}", p.slot_ref(*s), ids.join(", "))
            })
            .collect();
        for id in &a.ids {
            rows.push((missed, id, a.wants.len(), detail.join("; ")));
        }
    }
    let total = tt.score.attendee_missed;
    if rows.is_empty() {
        return format!("attendees: nobody misses a wanted talk (missed talks {total})\n");
    }
    rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let shown = rows.len().min(REPORT_ROWS);
    let cells: Vec<Vec<String>> = rows[..shown]
        .iter()
        .map(|(m, id, wants, detail)| {
            vec![
                visible_id(id),
                wants.to_string(),
                m.to_string(),
                detail.clone(),
            ]
        })
        .collect();
    let mut out = format!(
        "attendees who miss the most wanted talks ({shown} of {} who miss any; missed talks {total}):\n",
        rows.len()
    );
    out.push_str(&table(&["attendee", "wants", "misses", "clashes"], &cells));
    out
}
