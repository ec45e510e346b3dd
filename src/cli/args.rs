//! The arguments as clap reads them, and their mapping to the library's
//! options. Nothing here runs a command.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::backend::Backend;
use crate::render::Format;

/// Turns a conference's talks, speakers and rooms into a conflict-free
/// timetable, proven optimal, or explains why none exists.
#[derive(Debug, Parser)]
#[command(
    name = "confsched",
    version,
    about,
    max_term_width = 100,
    after_help = EXIT_CODES
)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The exit codes, for `--help`.
pub const EXIT_CODES: &str = "\
Exit codes:
  0    a timetable was produced (check, verify: nothing is wrong)
  1    proven: no valid timetable exists (verify: violations found)
  2    bad input or usage
  3    the search stopped (time limit, Ctrl-C) before a timetable or a proof
  70   internal error (a bug: please report it)
  74   an output file could not be written
  130  interrupted by a second Ctrl-C";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Solve a problem file and print the timetable.
    #[command(after_help = EXIT_CODES)]
    Solve(SolveArgs),
    /// Render a timetable (JSON) in any format, after checking it against every rule.
    Render(RenderArgs),
    /// Check a timetable (JSON) against every rule of a problem, without solving.
    Verify(VerifyArgs),
    /// List what changed between two timetables (JSON): moved, added, withdrawn.
    Diff(DiffArgs),
    /// Validate a problem and run the cheap proofs, without solving.
    Check(CheckArgs),
    /// Import a conference from pretalx, frab, c3voc, Sessionize or CSV as a problem file.
    Import(Box<ImportArgs>),
    /// Write a seeded random problem with a planted valid timetable (for benchmarks and tests).
    Generate(GenerateArgs),
}

/// How input errors are printed.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// How to print input errors: with the source line and a caret, or one
    /// `path:line:col: message` line each.
    #[arg(long, value_enum, default_value_t = DiagFormat::Human)]
    pub diagnostic_format: DiagFormat,
    /// Print nothing on stderr but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// `confsched solve`.
#[derive(Debug, Args)]
pub struct SolveArgs {
    /// The problem file (TOML); `-` reads standard input.
    pub problem: PathBuf,
    /// Output format (default: from the `-o` file's extension, else text).
    #[arg(short, long, value_enum)]
    pub format: Option<FormatArg>,
    /// Write to this file instead of stdout (`-` for stdout).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Stop searching after this many seconds and keep the best timetable found
    /// (status "feasible", with its gap); `inf` for no limit.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_TIME_LIMIT)]
    pub time_limit: f64,
    /// Use the simple model with one variable per room (slower; for cross-checking).
    #[arg(long)]
    pub per_room: bool,
    /// Which solver runs the model (`auto`: HiGHS where the build has it,
    /// else microlp).
    #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
    pub solver: SolverArg,
    /// Threads the search keeps busy (default: every core). A search that
    /// ends before the time limit gives the same timetable whatever the
    /// number; `--threads 1` for reproducible timings.
    #[arg(long, value_name = "N")]
    pub threads: Option<NonZeroUsize>,
    /// Internal: only the integer program decides (no cheap proofs, no
    /// heuristics, no bounds); for testing the model.
    #[arg(long, hide = true)]
    pub model_only: bool,
    /// Re-plan from this timetable (JSON): fewest changes first, then the objective.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// With `--baseline`: talks that start before this moment ("YYYY-MM-DD HH:MM", the
    /// event's time zone) stay where they are.
    #[arg(long, value_name = "WHEN", requires = "baseline")]
    pub freeze_before: Option<String>,
    /// Also print a report on stderr: `attendees`, those who miss the most wanted talks.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub report: Option<ReportArg>,
    /// Input error format and `-q`.
    #[command(flatten)]
    pub input: InputArgs,
    /// Publishing flags (`--speaker`, `--bom`, `--width`).
    #[command(flatten)]
    pub publish: PublishArgs,
}

/// `confsched render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The problem file (TOML).
    pub problem: PathBuf,
    /// The timetable file (JSON), as written by `solve --format json`.
    pub timetable: PathBuf,
    /// Output format (default: from the `-o` file's extension, else text).
    #[arg(short, long, value_enum)]
    pub format: Option<FormatArg>,
    /// Write to this file instead of stdout (`-` for stdout).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Input error format and `-q`.
    #[command(flatten)]
    pub input: InputArgs,
    /// Publishing flags (`--speaker`, `--bom`, `--width`).
    #[command(flatten)]
    pub publish: PublishArgs,
}

/// `confsched verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The problem file (TOML).
    pub problem: PathBuf,
    /// The timetable file (JSON).
    pub timetable: PathBuf,
    /// Also report the change cost against this earlier timetable (JSON).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Input error format and `-q`.
    #[command(flatten)]
    pub input: InputArgs,
}

/// `confsched diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier timetable (JSON).
    pub old: PathBuf,
    /// The later timetable (JSON).
    pub new: PathBuf,
    /// The problem file, for room names.
    #[arg(long, value_name = "FILE")]
    pub problem: Option<PathBuf>,
    /// Only this speaker's changes (for the e-mail to that speaker).
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Write to this file instead of stdout (`-` for stdout).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Input error format and `-q`.
    #[command(flatten)]
    pub input: InputArgs,
}

/// `confsched diff --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A plain list.
    Text,
    /// Markdown, for an e-mail or a web page.
    Markdown,
    /// JSON, for programs.
    Json,
}

/// `confsched check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The problem file (TOML); `-` reads standard input.
    pub problem: PathBuf,
    /// Also print each talk's interested attendees and its audience, given or derived.
    #[arg(long)]
    pub show_audiences: bool,
    /// Input error format and `-q`.
    #[command(flatten)]
    pub input: InputArgs,
}

/// `confsched generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of talks.
    #[arg(long)]
    pub talks: usize,
    /// Number of rooms.
    #[arg(long)]
    pub rooms: usize,
    /// Number of slots (split over days of at most 8).
    #[arg(long)]
    pub slots: usize,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write the problem here instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Also write the planted timetable (JSON) here.
    #[arg(long)]
    pub planted: Option<PathBuf>,
    /// Attendees with wish lists: written as a favourites CSV beside the `-o` file
    /// (`NAME.favourites.csv`), which `[interest] file` names.
    #[arg(long, value_name = "N", default_value_t = 0, requires = "output")]
    pub attendees: usize,
}

/// Flags that shape a published timetable.
#[derive(Debug, Clone, Args)]
pub struct PublishArgs {
    /// Only this speaker's talks (the name as written in the problem); not with `--format json`.
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// Start `--format csv` output with a UTF-8 byte-order mark (for spreadsheet programs
    /// that need one to read Korean and other non-Latin text).
    #[arg(long)]
    pub bom: bool,
    /// Fit `--format text` into this many columns (at least 20). Default on stdout: `COLUMNS`,
    /// else the terminal's width; unlimited into a file or a pipe.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
    /// The schedule's version (`--format frab-xml` and `frab-json`), so apps see a new one.
    #[arg(long = "version", value_name = "NAME")]
    pub schedule_version: Option<String>,
    /// `--format html`: show per talk how many attendees starred it (needs `[interest]` or
    /// `[[attendees]]`).
    #[arg(long)]
    pub stars: bool,
}

/// `--report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportArg {
    /// The attendees who miss the most wanted talks, with the clashes (on stderr).
    Attendees,
}

/// Seconds `solve` searches by default before it settles for the best
/// timetable found.
pub const DEFAULT_TIME_LIMIT: f64 = 60.0;

/// `--diagnostic-format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiagFormat {
    /// Message, position, the source line with carets, and a hint.
    Human,
    /// One `path:line:col: message` line per error.
    Short,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// The grid, one table per day.
    Text,
    /// The timetable JSON (readable by `verify`, `render`).
    Json,
    /// A Markdown table per day: time rows, room columns, speakers in bold.
    Markdown,
    /// One row per talk (RFC 4180, UTF-8).
    Csv,
    /// One self-contained HTML page: a grid per day.
    Html,
    /// iCalendar (RFC 5545), one event per talk, times in UTC.
    Ics,
    /// frab/pentabarf/pretalx `schedule.xml`.
    FrabXml,
    /// frab/pretalx `schedule.json` (c3voc schema).
    FrabJson,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Csv => Format::Csv,
            FormatArg::Html => Format::Html,
            FormatArg::Ics => Format::Ics,
            FormatArg::FrabXml => Format::FrabXml,
            FormatArg::FrabJson => Format::FrabJson,
        }
    }
}

/// `--solver`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SolverArg {
    /// The default: HiGHS in a build with the `highs` feature (it proved
    /// more ITC2007 instances, faster, and reached better timetables on
    /// every generated conference measured), else microlp.
    Auto,
    /// microlp 0.7: pure Rust.
    Microlp,
    /// HiGHS (C++, single-threaded): only in builds with the `highs` feature.
    #[cfg(feature = "highs")]
    Highs,
}

impl From<SolverArg> for Backend {
    fn from(s: SolverArg) -> Self {
        match s {
            #[cfg(feature = "highs")]
            SolverArg::Auto => Backend::Highs,
            #[cfg(not(feature = "highs"))]
            SolverArg::Auto => Backend::Microlp,
            SolverArg::Microlp => Backend::Microlp,
            #[cfg(feature = "highs")]
            SolverArg::Highs => Backend::Highs,
        }
    }
}

/// `confsched import FORMAT SOURCE`: the arguments, mapped one to one onto
/// [`crate::import::Options`].
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// What the source is.
    #[arg(value_enum)]
    pub format: ImportFormat,
    /// The file or folder to read (not for `pretalx`, which reads `--url`).
    pub source: Option<PathBuf>,
    /// Write the problem file here instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Also write the timetable the source contains (frab, c3voc-json, a scheduled
    /// Sessionize export) as timetable JSON.
    #[arg(long, value_name = "FILE")]
    pub baseline_out: Option<PathBuf>,
    /// pretalx: the instance's address, such as https://pretalx.com.
    #[arg(long)]
    pub url: Option<String>,
    /// pretalx: the event's short name (as in its URLs).
    #[arg(long)]
    pub event: Option<String>,
    /// pretalx: read the API token from this file (else from $PRETALX_TOKEN).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// pretalx: seconds to wait for each answer.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::import::DEFAULT_TIMEOUT_SECS)]
    pub timeout: u64,
    /// pretalx: items per page to ask for (default: the server's).
    #[arg(long, value_name = "N")]
    pub page_size: Option<u32>,
    /// pretalx: also save the API's answers in this folder (for `import pretalx-json`).
    #[arg(long, value_name = "DIR")]
    pub save_json: Option<PathBuf>,
    /// Slot length in minutes (default: derived from the durations or the schedule).
    #[arg(long, value_name = "MINUTES")]
    pub slot_minutes: Option<u32>,
    /// A day of the event, YYYY-MM-DD (repeat for several; for sources without dates).
    #[arg(long = "date", value_name = "DATE")]
    pub dates: Vec<String>,
    /// First slot of each day, HH:MM (default: pretalx rooms' availability, else 09:00).
    #[arg(long, value_name = "HH:MM")]
    pub day_start: Option<String>,
    /// Every slot ends by this time, HH:MM (default: pretalx rooms' availability, else 18:00).
    #[arg(long, value_name = "HH:MM")]
    pub day_end: Option<String>,
    /// Minutes between one slot's end and the next slot's start (default 0).
    #[arg(long, value_name = "MINUTES")]
    pub changeover: Option<u32>,
    /// A break on every day, NAME=HH:MM-HH:MM (repeat for several).
    #[arg(long = "break", value_name = "NAME=HH:MM-HH:MM")]
    pub breaks: Vec<String>,
    /// Round durations that are not a whole number of slots up (default: refuse them).
    #[arg(long)]
    pub round_up: bool,
    /// The event's IANA time zone, where the source has none (default UTC).
    #[arg(long)]
    pub timezone: Option<String>,
    /// The event's name, where the source has none.
    #[arg(long)]
    pub name: Option<String>,
    /// Seats of a room whose capacity the source does not give (marked TODO).
    #[arg(long, value_name = "SEATS", default_value_t = crate::import::DEFAULT_CAPACITY)]
    pub default_capacity: u32,
    /// Audience of a talk whose audience the source does not give (marked TODO).
    #[arg(long, value_name = "PEOPLE", default_value_t = 0)]
    pub default_audience: u32,
    /// pretalx: audience = the mean review score times FACTOR (`reviews:FACTOR`).
    #[arg(long, value_name = "reviews:FACTOR")]
    pub audience: Option<String>,
    /// Audiences from a CSV file with columns `id,audience` (favourites, sales, guesses).
    #[arg(long, value_name = "FILE", conflicts_with = "audience")]
    pub audience_file: Option<PathBuf>,
    /// Input error format and `-q`.
    #[command(flatten)]
    pub input: InputArgs,
}

/// The formats `confsched import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// The pretalx REST API (`--url`, `--event`, token in $PRETALX_TOKEN or `--token-file`).
    Pretalx,
    /// Saved pretalx API answers in a folder.
    PretalxJson,
    /// A frab/pentabarf/pretalx schedule.xml.
    Frab,
    /// A c3voc/frab/pretalx schedule.json.
    C3vocJson,
    /// A Sessionize `view/All` JSON export.
    Sessionize,
    /// A folder with talks.csv, rooms.csv and optionally speakers.csv and slots.csv.
    Csv,
}

#[cfg(test)]
mod solver_tests {
    use super::SolverArg;
    use crate::backend::Backend;

    #[test]
    fn auto_is_highs_where_the_build_has_it_else_microlp() {
        #[cfg(feature = "highs")]
        assert_eq!(Backend::from(SolverArg::Auto), Backend::Highs);
        #[cfg(not(feature = "highs"))]
        assert_eq!(Backend::from(SolverArg::Auto), Backend::Microlp);
        assert_eq!(Backend::from(SolverArg::Microlp), Backend::Microlp);
    }
}
