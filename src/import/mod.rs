//! `confsched import`: a conference from a call-for-papers system, a
//! published schedule or a spreadsheet, as a commented problem file.
//!
//! In: an [`Options`] (the format, where the data is, and the choices the
//! source cannot make: the slot grid, default capacity and audience). Out:
//! an [`Imported`], the problem file's text (checked by
//! [`crate::problem::parse`] before it is returned) and, for sources that
//! contain a timetable (frab XML, c3voc JSON, a scheduled Sessionize
//! export), that timetable as the spec's timetable JSON, verified.
//!
//! Each format has its own file, which turns its source into a [`Draft`];
//! [`draft`] checks the draft, writes the TOML ([`writer`]) and the
//! baseline. [`grid`] derives slot grids and turns time ranges into slot
//! references. Nothing here parses command-line arguments.

pub mod c3voc;
pub mod csv;
pub mod draft;
pub mod frab;
pub mod grid;
pub mod http;
pub mod pretalx;
pub mod pretalx_json;
pub mod sessionize;
pub mod writer;

use std::fmt;

use crate::problem::InputError;

pub use draft::Draft;

/// The formats `confsched import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The pretalx REST API of an event (live).
    Pretalx,
    /// Saved pretalx API responses in a folder.
    PretalxJson,
    /// A frab/pentabarf/pretalx `schedule.xml`.
    Frab,
    /// A c3voc/frab/pretalx `schedule.json`.
    C3vocJson,
    /// Sessionize's `view/All` JSON.
    Sessionize,
    /// A folder of CSV files (talks.csv, rooms.csv, ...).
    Csv,
}

impl Format {
    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Pretalx => "pretalx",
            Format::PretalxJson => "pretalx-json",
            Format::Frab => "frab",
            Format::C3vocJson => "c3voc-json",
            Format::Sessionize => "sessionize",
            Format::Csv => "csv",
        }
    }
}

/// Where audience figures come from.
#[derive(Clone, Debug, PartialEq)]
pub enum AudienceSource {
    /// The source's own figure where it has one, else the default.
    Default,
    /// pretalx reviews: the mean review score times this factor, rounded.
    Reviews(f64),
    /// A CSV file `id,audience` (favourite counts, ticket sales, a guess).
    File(String),
}

/// How slots are laid out for sources that have no times of their own
/// (pretalx, Sessionize before scheduling, CSV without slots.csv).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GridOptions {
    /// Slot length; by default derived from the talks' durations.
    pub slot_minutes: Option<u32>,
    /// Days (`YYYY-MM-DD`) when the source has none.
    pub dates: Vec<String>,
    /// First slot of each day (`HH:MM`).
    pub day_start: Option<String>,
    /// Every slot ends by this time (`HH:MM`).
    pub day_end: Option<String>,
    /// Minutes between one slot's end and the next slot's start.
    pub changeover: Option<u32>,
    /// Breaks on every day: `NAME=HH:MM-HH:MM`.
    pub breaks: Vec<String>,
    /// Round durations that are not a whole number of slots up instead of
    /// refusing them.
    pub round_up: bool,
}

/// Everything an import needs; the command line fills it in.
#[derive(Clone, Debug)]
pub struct Options {
    /// The format.
    pub format: Format,
    /// A file or folder (every format but `pretalx`).
    pub source: Option<String>,
    /// pretalx: the instance's base URL (`https://pretalx.example.org`).
    pub url: Option<String>,
    /// pretalx: the event's slug.
    pub event: Option<String>,
    /// pretalx: the API token (from the environment or a file, never the
    /// command line).
    pub token: Option<String>,
    /// pretalx: seconds before a request is given up.
    pub timeout_secs: u64,
    /// pretalx: items per page asked for (the server's default if `None`).
    pub page_size: Option<u32>,
    /// pretalx: also save the API's answers here, as a `pretalx-json` folder.
    pub save_dir: Option<String>,
    /// The slot grid.
    pub grid: GridOptions,
    /// The event's time zone, where the source has none (CSV, Sessionize).
    pub timezone: Option<String>,
    /// The event's name, where the source has none (CSV, Sessionize).
    pub name: Option<String>,
    /// Seats of a room whose capacity the source does not give.
    pub default_capacity: u32,
    /// Audience of a talk when nothing better is known.
    pub default_audience: u32,
    /// Where audience figures come from.
    pub audience: AudienceSource,
}

/// Seats assumed for a room whose capacity the source does not give.
pub const DEFAULT_CAPACITY: u32 = 100;
/// Seconds before a pretalx request is given up.
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;

impl Options {
    /// Options for `format` with every default.
    pub fn new(format: Format) -> Self {
        Options {
            format,
            source: None,
            url: None,
            event: None,
            token: None,
            timeout_secs: DEFAULT_TIMEOUT_SECS,
            page_size: None,
            save_dir: None,
            grid: GridOptions::default(),
            timezone: None,
            name: None,
            default_capacity: DEFAULT_CAPACITY,
            default_audience: 0,
            audience: AudienceSource::Default,
        }
    }
}

/// What an import produced.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The problem file, checked.
    pub toml: String,
    /// The timetable the source contains (frab, c3voc, scheduled
    /// Sessionize), verified against the problem; `None` for sources
    /// without one.
    pub baseline: Option<String>,
}

/// Why an import failed.
#[derive(Debug)]
pub enum ImportError {
    /// A malformed source file, with positions (rendered like problem
    /// file errors).
    Input(InputError),
    /// The source is readable but lacks something a problem needs, or
    /// contradicts itself; every reason, one per line.
    Source(String),
    /// A usage problem (a missing option, a bad value).
    Usage(String),
    /// The network: wrong token, no such event, host unreachable, timeout.
    Network(String),
    /// A bug: the importer wrote a problem that does not pass `check`.
    Internal(String),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Input(e) => write!(f, "{e}"),
            ImportError::Source(m)
            | ImportError::Usage(m)
            | ImportError::Network(m)
            | ImportError::Internal(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ImportError {}

impl ImportError {
    /// Every reason `source` cannot be imported, one per line, or `Ok`
    /// when there is none.
    pub(crate) fn unless_none(source: &str, errors: &[String]) -> Result<(), ImportError> {
        if errors.is_empty() {
            return Ok(());
        }
        let lines: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
        Err(ImportError::Source(format!(
            "{source} cannot be imported:\n{}",
            lines.join("\n")
        )))
    }
}

impl From<InputError> for ImportError {
    fn from(e: InputError) -> Self {
        ImportError::Input(e)
    }
}

/// Runs an import.
pub fn import(opts: &Options) -> Result<Imported, ImportError> {
    let draft = match opts.format {
        Format::Pretalx => pretalx::read(opts)?,
        Format::PretalxJson => pretalx_json::read_folder(opts, need_source(opts)?)?,
        Format::Frab => frab::read(opts, need_source(opts)?)?,
        Format::C3vocJson => c3voc::read(opts, need_source(opts)?)?,
        Format::Sessionize => sessionize::read(opts, need_source(opts)?)?,
        Format::Csv => csv::read(opts, need_source(opts)?)?,
    };
    let draft = csv::apply_audience_source(draft, opts)?;
    writer::finish(draft)
}

fn need_source(opts: &Options) -> Result<&str, ImportError> {
    opts.source.as_deref().ok_or_else(|| {
        ImportError::Usage(format!(
            "`confsched import {}` needs a SOURCE (a file or folder)",
            opts.format.name()
        ))
    })
}

/// Reads a source file as text: UTF-8, a byte-order mark dropped.
pub(crate) fn read_source(path: &str) -> Result<String, ImportError> {
    let text = crate::problem::read_text(path)?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// The byte offset of a 1-based line and column (in characters), for
/// parsers that report positions that way.
pub(crate) fn offset_of(source: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match source[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return source.len(),
        }
    }
    let rest = &source[start..];
    let end = rest.find('\n').unwrap_or(rest.len());
    rest[..end]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(start + end, |(i, _)| start + i)
}

/// A JSON syntax or shape error as a positioned input error.
pub(crate) fn json_error(path: &str, source: &str, e: &serde_json::Error) -> ImportError {
    let at = offset_of(source, e.line(), e.column());
    let msg = e.to_string();
    let msg = match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    let what = match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => "malformed JSON",
        _ => "unexpected JSON",
    };
    ImportError::Input(InputError::at(
        path,
        source,
        vec![crate::problem::Diagnostic::new(at..at + 1, format!("{what}: {msg}")).label("here")],
    ))
}

/// Lower-case ASCII letters and digits of `text`, every other run of
/// characters as one `-`, no `-` at either end.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_a_source_cannot_be_imported_is_one_line() {
        assert!(ImportError::unless_none("s.xml", &[]).is_ok());
        let reasons = [
            "event `a` lasts 0 minutes".to_string(),
            "room `b` twice".to_string(),
        ];
        let err = ImportError::unless_none("s.xml", &reasons).expect_err("two reasons");
        assert_eq!(
            err.to_string(),
            "s.xml cannot be imported:\n  event `a` lasts 0 minutes\n  room `b` twice"
        );
    }

    #[test]
    fn offsets_count_characters() {
        let s = "ab\n제목x\n";
        assert_eq!(offset_of(s, 1, 1), 0);
        assert_eq!(offset_of(s, 2, 3), s.find('x').unwrap());
        assert_eq!(offset_of(s, 9, 1), s.len());
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("K.1.105 (La Fontaine)"), "k-1-105-la-fontaine");
        assert_eq!(slug("강당"), "");
    }
}
