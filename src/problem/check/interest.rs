//! Attendees' interest: `[[attendees]]`, the favourites CSV that
//! `[interest] file` names, and the audiences they give talks that leave
//! `audience` out.
//!
//! In: the raw tables, the talks' names, and the CSV's text when the
//! caller read it. Out: the merged wish lists, each talk's interested
//! count and derived audience; errors in the problem at the TOML's spans,
//! errors in the CSV at the CSV's spans (a separate list).

use std::collections::{BTreeMap, BTreeSet};

use super::super::diagnostic::{Diagnostic, did_you_mean};
use super::super::raw::{RawProblem, S};
use super::super::types::{AttendeeGroup, Interest, Talk, TalkId};
use super::{Checker, MAX_COUNT, Names};

/// The favourites file as the caller found it: its path for messages and
/// its text, or why it could not be read (`None`: files are not read,
/// as in `problem::parse`).
pub struct Favourites {
    /// The path as shown in messages.
    pub path: String,
    /// The text, or a reason it could not be read.
    pub text: Result<String, String>,
}

/// One row of the favourites CSV: an attendee id and a talk id, each with
/// its byte range in the CSV.
#[derive(Debug, PartialEq)]
pub(crate) struct Row {
    pub attendee: S<String>,
    pub talk: S<String>,
}

/// The header the CSV may start with (any case).
pub const CSV_HEADER: [&str; 2] = ["attendee", "talk"];

/// Reads the favourites CSV: rows of `attendee,talk`, an optional header
/// row `attendee,talk`, a UTF-8 byte order mark allowed, blank lines
/// skipped, cells trimmed.
pub(crate) fn read_csv(text: &str) -> (Vec<Row>, Vec<Diagnostic>) {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(body.as_bytes());
    let mut rows = Vec::new();
    let mut diags = Vec::new();
    let mut first = true;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e.position().map_or(0, |p| offset(p.byte())) + bom;
                let why = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "a cell is not UTF-8 text".to_string(),
                    _ => format!("this row cannot be read as CSV: {e}"),
                };
                diags.push(Diagnostic::new(at..at, why));
                break;
            }
        };
        let start = record.position().map_or(0, |p| offset(p.byte())) + bom;
        let is_header = first
            && record.len() == 2
            && record
                .iter()
                .zip(CSV_HEADER)
                .all(|(cell, name)| cell.eq_ignore_ascii_case(name));
        first = false;
        if is_header {
            continue;
        }
        let spans = cell_spans(text, start, &record);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        if record.len() != 2 {
            diags.push(
                Diagnostic::new(
                    start..line_end.max(start),
                    format!(
                        "a row needs two cells, `attendee,talk`; this one has {}",
                        record.len()
                    ),
                )
                .hint("write one row per attendee and talk they want to see"),
            );
            continue;
        }
        let cell = |i: usize| S {
            v: record[i].to_string(),
            span: spans[i].clone(),
        };
        let (attendee, talk) = (cell(0), cell(1));
        let mut ok = true;
        for (c, what) in [(&attendee, "attendee"), (&talk, "talk")] {
            if c.v.is_empty() {
                diags.push(Diagnostic::new(
                    c.span.clone(),
                    format!("the {what} cell is empty"),
                ));
                ok = false;
            }
        }
        if ok {
            rows.push(Row { attendee, talk });
        }
    }
    (rows, diags)
}

/// A CSV byte position as an offset.
fn offset(byte: u64) -> usize {
    usize::try_from(byte).unwrap_or(usize::MAX)
}

/// Each cell's byte range in `text`, found from the row's start (a cell
/// whose quoting hides its text from a plain search gets the rest of the
/// row).
fn cell_spans(text: &str, start: usize, record: &csv::StringRecord) -> Vec<std::ops::Range<usize>> {
    let line_end = text[start.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| start + i);
    let mut cursor = start.min(text.len());
    record
        .iter()
        .map(|cell| {
            let found = if cell.is_empty() {
                None
            } else {
                text[cursor..line_end.max(cursor)].find(cell)
            };
            match found {
                Some(i) => {
                    let a = cursor + i;
                    cursor = a + cell.len();
                    a..cursor
                }
                None => cursor..line_end.max(cursor),
            }
        })
        .collect()
}

/// What the interest gives: the merged groups, `[interest]` itself and
/// the errors in the CSV.
pub(super) struct Checked {
    pub attendees: Vec<AttendeeGroup>,
    pub interest: Option<Interest>,
    pub csv_diags: Vec<Diagnostic>,
}

impl Checker {
    /// `[interest]`, `[[attendees]]` and the favourites; fills each talk's
    /// `interested` and, where `audience` was left out, its audience.
    pub(super) fn interest(
        &mut self,
        raw: &RawProblem,
        names: &Names,
        talks: &mut [Talk],
        favourites: Option<Favourites>,
    ) -> Checked {
        let mut wants = self.attendee_wants(raw, names);
        let mut csv_diags = Vec::new();
        let ri = &raw.interest;
        let interest = ri.span.as_ref().map(|_| Interest {
            file: ri.file.as_ref().map(|f| f.v.clone()),
            turnout: Interest::DEFAULT_TURNOUT,
        });
        let mut interest = interest;
        if let (Some(file), Some(i)) = (&ri.file, interest.as_mut()) {
            csv_diags = self.favourite_wants(file, favourites, names, &mut wants);
            i.file = Some(file.v.clone());
        }
        if let (Some(t), Some(i)) = (&ri.turnout, interest.as_mut()) {
            if t.v > 0.0 && t.v <= 1000.0 {
                i.turnout = t.v;
            } else {
                self.err(
                    t.span.clone(),
                    format!("`turnout` must be above 0 and at most 1000, found {}", t.v),
                )
                .hint = Some("1.0: every interested attendee comes; 0.6: three in five".into());
            }
        }
        if ri.span.is_some() && ri.file.is_none() && raw.attendees.is_empty() {
            self.err(
                ri.span.clone().unwrap_or(0..0),
                "`[interest]` names no `file` and there are no `[[attendees]]`",
            )
            .hint = Some("add `file = \"favourites.csv\"` (rows `attendee,talk`)".into());
        }
        let attendees = merge_wants(wants, talks);
        let turnout = interest
            .as_ref()
            .map_or(Interest::DEFAULT_TURNOUT, |i| i.turnout);
        if interest.is_some() || !raw.attendees.is_empty() {
            self.derive_audiences(raw, talks, turnout);
        }
        Checked {
            attendees,
            interest,
            csv_diags,
        }
    }

    /// Raw problem and names in; wanted talks by attendee out, repeats as errors/warnings.
    fn attendee_wants(
        &mut self,
        raw: &RawProblem,
        names: &Names,
    ) -> BTreeMap<String, BTreeSet<TalkId>> {
        let mut wants: BTreeMap<String, BTreeSet<TalkId>> = BTreeMap::new();
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for a in &raw.attendees {
            let Some(id) = &a.id else { continue };
            if let Some(first) = seen.insert(id.v.clone(), id.span.start) {
                let (line, _) = super::super::diagnostic::line_col(&raw.source, first);
                self.err(
                    id.span.clone(),
                    format!("attendee `{}` is already listed (line {line})", id.v),
                )
                .hint = Some("write one `[[attendees]]` table per attendee".into());
                continue;
            }
            let mine = wants.entry(id.v.clone()).or_default();
            for t in a.wants.iter().flat_map(|w| w.v.iter()) {
                match names.talks.get(&t.v) {
                    Some(&i) => {
                        if !mine.insert(TalkId::at(i)) {
                            self.diags.push(
                                Diagnostic::warning(
                                    t.span.clone(),
                                    format!("talk `{}` is wanted twice by this attendee", t.v),
                                )
                                .hint("it counts once; remove the second"),
                            );
                        }
                    }
                    None => self.unknown(&t.span, "talk", &t.v, names.talks.keys()),
                }
            }
        }
        wants
    }

    /// Favourites file, its text and names in; its rows into `wants`, the file's diagnostics out.
    fn favourite_wants(
        &mut self,
        file: &S<String>,
        favourites: Option<Favourites>,
        names: &Names,
        wants: &mut BTreeMap<String, BTreeSet<TalkId>>,
    ) -> Vec<Diagnostic> {
        let mut csv_diags = Vec::new();
        match favourites {
            None => {
                self.err(
                    file.span.clone(),
                    format!(
                        "the favourites file `{}` is not read here: this problem was \
                         given as text, not as a file",
                        file.v
                    ),
                )
                .hint = Some(
                    "load the problem from its file (`problem::load`), or write the \
                     wishes as `[[attendees]]`"
                        .into(),
                );
            }
            Some(Favourites {
                path,
                text: Err(why),
            }) => {
                self.err(
                    file.span.clone(),
                    format!("cannot read the favourites file `{path}`: {why}"),
                )
                .hint = Some("the path is relative to the problem file's folder".into());
            }
            Some(Favourites { text: Ok(text), .. }) => {
                let (rows, diags) = read_csv(&text);
                csv_diags = diags;
                for row in rows {
                    match names.talks.get(&row.talk.v) {
                        Some(&t) => {
                            wants
                                .entry(row.attendee.v)
                                .or_default()
                                .insert(TalkId::at(t));
                        }
                        None => {
                            let hint =
                                did_you_mean(&row.talk.v, names.talks.keys().map(String::as_str));
                            csv_diags.push(Diagnostic {
                                hint: hint.or_else(|| {
                                    Some("the second cell must be a talk id of the problem".into())
                                }),
                                ..Diagnostic::new(
                                    row.talk.span,
                                    format!("there is no talk `{}`", row.talk.v),
                                )
                            });
                        }
                    }
                }
            }
        }
        csv_diags
    }

    /// Raw problem, talks, turnout in; missing audiences set to interested x turnout, rounded up.
    fn derive_audiences(&mut self, raw: &RawProblem, talks: &mut [Talk], turnout: f64) {
        for (talk, rt) in talks.iter_mut().zip(&raw.talks) {
            if rt.audience.is_none() {
                let derived = (f64::from(talk.interested) * turnout).ceil();
                if derived > f64::from(MAX_COUNT) {
                    self.err(
                        rt.span.clone(),
                        format!(
                            "talk `{}`'s audience from interest is too large: {derived}",
                            talk.id
                        ),
                    );
                } else {
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    // rounded up, between 0 and MAX_COUNT
                    let n = derived as u32;
                    talk.audience = n;
                    talk.audience_derived = true;
                }
            }
        }
    }
}

/// Wants by attendee, talks in; talks' interested counts raised, groups with equal wants out.
fn merge_wants(
    wants: BTreeMap<String, BTreeSet<TalkId>>,
    talks: &mut [Talk],
) -> Vec<AttendeeGroup> {
    // Merge identical lists.
    let mut groups: BTreeMap<Vec<TalkId>, Vec<String>> = BTreeMap::new();
    for (id, list) in wants {
        for &t in &list {
            let talk = &mut talks[t.index()];
            talk.interested = talk.interested.saturating_add(1);
        }
        groups
            .entry(list.into_iter().collect())
            .or_default()
            .push(id);
    }
    groups
        .into_iter()
        .filter(|(wants, _)| !wants.is_empty())
        .map(|(wants, ids)| AttendeeGroup {
            wants,
            count: u32::try_from(ids.len()).unwrap_or(u32::MAX),
            ids,
        })
        .collect()
}
