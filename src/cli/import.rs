//! `confsched import`: the arguments, mapped one to one onto
//! [`crate::import::Options`]; all the logic lives in `crate::import`.

use std::path::PathBuf;

use super::args::{DiagFormat, InputArgs};
use super::exit::{Exit, Failure};
use super::output;
use crate::problem;

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

/// Runs `confsched import`.
pub fn run(a: ImportArgs) -> Result<Exit, Failure> {
    let diag = a.input.diagnostic_format;
    use crate::import::{self, Format, ImportError};
    let usage = |m: String| Failure::Usage(m, None);
    let input_failure = |e, d: DiagFormat| Failure::Input(Box::new(e), d);
    let format = match a.format {
        ImportFormat::Pretalx => Format::Pretalx,
        ImportFormat::PretalxJson => Format::PretalxJson,
        ImportFormat::Frab => Format::Frab,
        ImportFormat::C3vocJson => Format::C3vocJson,
        ImportFormat::Sessionize => Format::Sessionize,
        ImportFormat::Csv => Format::Csv,
    };
    let mut o = import::Options::new(format);
    o.source = a.source.map(|p| p.to_string_lossy().to_string());
    if format == Format::Pretalx {
        o.token = pretalx_token(o.source.as_deref(), a.token_file.as_deref(), diag)?;
    }
    o.url = a.url;
    o.event = a.event;
    o.timeout_secs = a.timeout;
    o.page_size = a.page_size;
    o.save_dir = a.save_json.map(|p| p.to_string_lossy().to_string());
    o.grid = import::GridOptions {
        slot_minutes: a.slot_minutes,
        dates: a.dates,
        day_start: a.day_start,
        day_end: a.day_end,
        changeover: a.changeover,
        breaks: a.breaks,
        round_up: a.round_up,
    };
    o.timezone = a.timezone;
    o.name = a.name;
    o.default_capacity = a.default_capacity.max(1);
    o.default_audience = a.default_audience;
    o.audience = audience_source(a.audience.as_deref(), a.audience_file)?;
    let done = match import::import(&o) {
        Ok(done) => done,
        Err(ImportError::Input(e)) => return Err(input_failure(e, diag)),
        Err(ImportError::Internal(m)) => return Err(Failure::Internal(m)),
        Err(ImportError::Source(m) | ImportError::Usage(m)) => return Err(usage(m)),
        Err(ImportError::Network(m)) => return Err(Failure::Network(m)),
    };
    if let Some(path) = &a.baseline_out {
        match &done.baseline {
            Some(text) => output::write(Some(path), text)?,
            None => {
                return Err(usage(format!(
                    "`--baseline-out`: this {} source holds no complete timetable",
                    format.name()
                )));
            }
        }
    }
    output::write(a.output.as_deref(), &done.toml)?;
    if !a.input.quiet {
        let p = problem::parse("imported.toml", &done.toml).map_err(|e| input_failure(e, diag))?;
        eprintln!(
            "imported: {} talks, {} rooms, {} days, {} slots of {} minutes{}",
            p.talks.len(),
            p.rooms.len(),
            p.days.len(),
            p.slots.len(),
            p.slot_minutes,
            if a.baseline_out.is_some() {
                "; the source's timetable written as the baseline"
            } else {
                ""
            }
        );
    }
    Ok(Exit::Success)
}

/// SOURCE and `--token-file` in; the API token (file, else $PRETALX_TOKEN) or a usage failure out.
fn pretalx_token(
    source: Option<&str>,
    token_file: Option<&std::path::Path>,
    diag: DiagFormat,
) -> Result<Option<String>, Failure> {
    let usage = |m: String| Failure::Usage(m, None);
    if source.is_some() {
        return Err(usage("`import pretalx` reads `--url` and `--event`, not a SOURCE; saved answers are read by `import pretalx-json DIR`".into()));
    }
    let token = match token_file {
        Some(f) => Some(
            problem::read_text(&f.to_string_lossy())
                .map_err(|e| Failure::Input(Box::new(e), diag))?
                .trim()
                .to_string(),
        ),
        None => std::env::var("PRETALX_TOKEN")
            .ok()
            .map(|t| t.trim().to_string()),
    }
    .filter(|t| !t.is_empty());
    if token.is_none() {
        return Err(usage("`import pretalx` needs an API token in $PRETALX_TOKEN or a file given with `--token-file` (never on the command line)".into()));
    }
    Ok(token)
}

/// `--audience` and `--audience-file` in; where audiences come from, or a usage failure, out.
fn audience_source(
    spec: Option<&str>,
    file: Option<PathBuf>,
) -> Result<crate::import::AudienceSource, Failure> {
    use crate::import::AudienceSource;
    Ok(match (spec, file) {
        (Some(spec), _) => match spec.strip_prefix("reviews:").map(str::parse::<f64>) {
            Some(Ok(f)) if f.is_finite() && f >= 0.0 => AudienceSource::Reviews(f),
            _ => {
                return Err(Failure::Usage(
                    format!("`--audience {spec}`: expected `reviews:FACTOR`, such as `reviews:20`"),
                    None,
                ));
            }
        },
        (None, Some(file)) => AudienceSource::File(file.to_string_lossy().to_string()),
        (None, None) => AudienceSource::Default,
    })
}
