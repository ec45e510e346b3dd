//! `--format text`: the grid organisers draw, one table per day, or one
//! speaker's talks as a list.
//!
//! In: a problem, a timetable and the width to fit (`None`: unlimited).
//! Out: for each day, a title line and the day's grid: rows are slots
//! (with their time range) and breaks, in time order; columns are rooms,
//! headed by [`room_label`] and seats. A cell holds the title, the
//! speakers and, in an overflow talk's extra rooms, "(streamed from
//! LABEL)"; a multi-part talk is one cell spanning its rows.
//!
//! Layout: a room column is as wide as its widest text wrapped at
//! [`CELL_WIDTH`] columns, the same on every day. When the tables would be
//! wider than the width given, the widest columns shrink first (down to
//! [`MIN_CELL`]); where even that does not fit, the rooms are split into
//! groups of neighbours as even as possible, one table per group, the time
//! column repeated. No line is ever wider than the width (at least
//! [`MIN_WIDTH`]). Text breaks at spaces, inside a word only when the word
//! is wider than its column (see [`grid::wrap`]). Control characters other
//! than newline are shown as U+FFFD.

use textwrap::core::display_width;

use super::grid::{self, Cell};
use super::{Cells, Row, day_rows, visible};
use crate::problem::{Problem, RoomId, SpeakerId, hhmm};
use crate::timetable::Timetable;
use crate::timetable::json::display_order;

/// A room column is at most this wide (its text wraps inside it).
pub const CELL_WIDTH: usize = 22;
/// Columns shrink to fit the width down to this; narrower than that, the
/// rooms go into several tables instead.
pub const MIN_CELL: usize = 14;
/// The narrowest width drawn: the time column and one room column two
/// wide (one Korean syllable). A smaller width is treated as this.
pub const MIN_WIDTH: usize = 20;
/// The narrowest a column ever gets (when one room alone is too wide).
const NARROWEST: usize = 2;

/// The whole timetable as text grids, days in order, fitted to `width`
/// terminal columns (`None`: every column at its natural width).
pub fn render(p: &Problem, tt: &Timetable, width: Option<usize>) -> String {
    let width = width.map(|w| w.max(MIN_WIDTH));
    let days: Vec<DayText> = (0..p.days.len()).map(|d| DayText::new(p, tt, d)).collect();
    let headers: Vec<String> = p
        .room_ids()
        .map(|r| visible(&format!("{} ({})", room_label(p, r), p.room(r).capacity)))
        .collect();
    let natural = natural_widths(&headers, &days);
    let time = days
        .iter()
        .flat_map(|d| &d.rows)
        .filter_map(|r| match r {
            RowText::Slot { time, .. } => Some(display_width(time)),
            RowText::Break(_) => None,
        })
        .fold(display_width("Time"), usize::max);
    let tables = layout(&natural, time, width);
    let mut out = String::new();
    for (d, day) in days.iter().enumerate() {
        if d > 0 {
            out.push('\n');
        }
        for line in wrap_to(&visible(&format!("{} — {}", p.name, p.days[d].date)), width) {
            out.push_str(&line);
            out.push('\n');
        }
        for (i, (rooms, widths)) in tables.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&day.draw(&headers, rooms, time, widths));
        }
    }
    out
}

/// A room as the grid names it: `id · name`, or just the name when the id
/// is the name (ignoring case). Used for the column heading and in
/// "(streamed from ...)".
pub fn room_label(p: &Problem, r: RoomId) -> String {
    let room = p.room(r);
    if room.id.to_lowercase() == room.name.to_lowercase() {
        room.name.clone()
    } else {
        format!("{} · {}", room.id, room.name)
    }
}

/// What a room shows in one slot row.
enum Content {
    /// Nothing.
    Empty,
    /// A talk starting here: its text and how many rows it spans.
    Talk(String, usize),
    /// The later rows of a talk that started above.
    Covered,
}

/// A row of a day's table, before layout.
enum RowText {
    /// A break: its time range and name, across every column.
    Break(String),
    /// A slot: its time range, and each room's content (all rooms, in
    /// file order).
    Slot { time: String, rooms: Vec<Content> },
}

/// One day's texts.
struct DayText {
    rows: Vec<RowText>,
}

impl DayText {
    fn new(p: &Problem, tt: &Timetable, d: usize) -> Self {
        let cells = Cells::new(p, tt);
        let day = &p.days[d];
        let order = day_rows(p, d);
        let rows = order
            .iter()
            .enumerate()
            .map(|(i, row)| match *row {
                Row::Break(b) => {
                    let br = &day.breaks[b];
                    RowText::Break(visible(&format!(
                        "{}-{} {}",
                        hhmm(br.start),
                        hhmm(br.end),
                        br.name
                    )))
                }
                Row::Slot(s) => {
                    let rooms = p
                        .room_ids()
                        .map(|r| match cells.at(tt, s, r) {
                            None => Content::Empty,
                            Some(x) if x.start != s => Content::Covered,
                            Some(x) => {
                                let parts = Timetable::occupied(p, x).len();
                                Content::Talk(talk_text(p, x, r), parts.clamp(1, order.len() - i))
                            }
                        })
                        .collect();
                    RowText::Slot {
                        time: format!("{}-{}", hhmm(p.slot(s).start), hhmm(p.slot_end(s))),
                        rooms,
                    }
                }
            })
            .collect();
        DayText { rows }
    }

    /// The table of the rooms `rooms` (indices) with these widths.
    fn draw(&self, headers: &[String], rooms: &[usize], time: usize, widths: &[usize]) -> String {
        let mut all_widths = vec![time];
        all_widths.extend_from_slice(widths);
        let mut cells = vec![Cell::one(0, 0, "Time")];
        for (j, &r) in rooms.iter().enumerate() {
            cells.push(Cell::one(0, j + 1, headers[r].clone()));
        }
        for (i, row) in self.rows.iter().enumerate() {
            let at = i + 1;
            match row {
                RowText::Break(text) => cells.push(Cell {
                    row: at,
                    col: 0,
                    rows: 1,
                    cols: rooms.len() + 1,
                    text: text.clone(),
                }),
                RowText::Slot {
                    time,
                    rooms: room_content,
                } => {
                    cells.push(Cell::one(at, 0, time.clone()));
                    for (j, &r) in rooms.iter().enumerate() {
                        if let Content::Talk(text, span) = &room_content[r] {
                            cells.push(Cell {
                                row: at,
                                col: j + 1,
                                rows: *span,
                                cols: 1,
                                text: text.clone(),
                            });
                        }
                    }
                }
            }
        }
        grid::draw(&all_widths, self.rows.len() + 1, &cells)
    }
}

/// A talk's cell in room `r`: title, speakers, and where it is streamed
/// from when `r` is an extra room.
fn talk_text(p: &Problem, x: &crate::timetable::Placement, r: RoomId) -> String {
    let mut text = p.talk(x.talk).title.clone();
    let speakers = p.speaker_names(x.talk);
    if !speakers.is_empty() {
        text.push('\n');
        text.push_str(&speakers);
    }
    if x.rooms[0] != r {
        text.push_str(&format!("\n(streamed from {})", room_label(p, x.rooms[0])));
    }
    visible(&text)
}

/// Each room column's natural width: its widest text (heading and every
/// cell, on every day) wrapped at [`CELL_WIDTH`].
fn natural_widths(headers: &[String], days: &[DayText]) -> Vec<usize> {
    let mut widths: Vec<usize> = headers
        .iter()
        .map(|h| grid::wrapped_width(h, CELL_WIDTH))
        .collect();
    for row in days.iter().flat_map(|d| &d.rows) {
        if let RowText::Slot { rooms, .. } = row {
            for (w, content) in widths.iter_mut().zip(rooms) {
                if let Content::Talk(text, _) = content {
                    *w = (*w).max(grid::wrapped_width(text, CELL_WIDTH));
                }
            }
        }
    }
    widths.iter().map(|&w| w.max(1)).collect()
}

/// The tables to draw: each one's rooms (indices) and their widths.
fn layout(natural: &[usize], time: usize, width: Option<usize>) -> Vec<(Vec<usize>, Vec<usize>)> {
    let n = natural.len();
    let Some(width) = width.filter(|_| n > 0) else {
        return vec![((0..n).collect(), natural.to_vec())];
    };
    let fixed = grid::table_width(&[time]);
    let narrowest = |rooms: &[usize], floor: usize| {
        fixed
            + rooms
                .iter()
                .map(|&r| natural[r].min(floor) + 3)
                .sum::<usize>()
    };
    let (groups, floor) = (1..=n)
        .map(|k| balanced(n, k))
        .find(|groups| groups.iter().all(|g| narrowest(g, MIN_CELL) <= width))
        .map_or_else(|| (balanced(n, n), NARROWEST), |g| (g, MIN_CELL));
    groups
        .into_iter()
        .map(|g| {
            let budget = width.saturating_sub(fixed + 3 * g.len());
            let nat: Vec<usize> = g.iter().map(|&r| natural[r]).collect();
            let widths = shrink(&nat, budget, floor);
            (g, widths)
        })
        .collect()
}

/// `0..n` cut into `k` runs of neighbours whose lengths differ by at most
/// one (the longer ones first).
fn balanced(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut next = 0;
    for i in 0..k {
        let len = n / k + usize::from(i < n % k);
        out.push((next..next + len).collect());
        next += len;
    }
    out
}

/// Widths at most `natural` that add up to at most `budget`: the widest
/// columns give way first, none below `floor` (or its natural width).
fn shrink(natural: &[usize], budget: usize, floor: usize) -> Vec<usize> {
    let at = |cap: usize| -> Vec<usize> {
        natural
            .iter()
            .map(|&n| n.min(cap.max(floor)).max(1))
            .collect()
    };
    let max = natural.iter().copied().max().unwrap_or(0);
    let cap = (0..=max)
        .rev()
        .find(|&c| at(c).iter().sum::<usize>() <= budget)
        .unwrap_or(0);
    let mut widths = at(cap);
    let mut spare = budget.saturating_sub(widths.iter().sum());
    for (w, &n) in widths.iter_mut().zip(natural) {
        if spare > 0 && *w < n {
            *w += 1;
            spare -= 1;
        }
    }
    widths
}

/// A title line: `text` wrapped at `width`, never after a date's hyphens
/// (each paragraph one line when unlimited).
fn wrap_to(text: &str, width: Option<usize>) -> Vec<String> {
    match width {
        Some(w) => grid::wrap_plain(text, w),
        None => text.split('\n').map(str::to_string).collect(),
    }
}

/// Speaker `s`'s talks in `tt`, one line each in time order: day, time,
/// main room ([`room_label`]) and title, the room column aligned. With a
/// width, a line too long for it continues on indented lines.
pub fn speaker_list(p: &Problem, tt: &Timetable, s: SpeakerId, width: Option<usize>) -> String {
    let width = width.map(|w| w.max(MIN_WIDTH));
    let mut out = String::new();
    let title = visible(&format!("{} — {}", p.name, p.speaker(s).name));
    for line in wrap_to(&title, width) {
        out.push_str(&line);
        out.push('\n');
    }
    let talks: Vec<_> = display_order(p, tt)
        .into_iter()
        .filter(|x| p.talk(x.talk).speakers.contains(&s))
        .map(|x| {
            let (d, start, end) = super::span(p, x);
            let when = format!("{} {}-{}", p.days[d].date, hhmm(start), hhmm(end));
            let room = visible(&room_label(p, x.rooms[0]));
            (
                when,
                room,
                visible(&p.talk(x.talk).title).replace('\n', " "),
            )
        })
        .collect();
    if talks.is_empty() {
        out.push_str("(no talks)\n");
    }
    let room_width = talks
        .iter()
        .map(|(_, r, _)| display_width(r))
        .max()
        .unwrap_or(0);
    for (when, room, title) in talks {
        let pad = " ".repeat(room_width - display_width(&room));
        let line = format!("{when}  {room}{pad}  {title}");
        match width {
            Some(w) if display_width(&line) > w => {
                let opts = textwrap::Options::new(w)
                    .word_separator(textwrap::WordSeparator::AsciiSpace)
                    .word_splitter(textwrap::WordSplitter::NoHyphenation)
                    .subsequent_indent("    ")
                    .break_words(true);
                for l in textwrap::wrap(&line, &opts) {
                    out.push_str(l.trim_end());
                    out.push('\n');
                }
            }
            _ => {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
