//! `confsched import`: the arguments (`args::ImportArgs`) mapped one to one onto
//! [`crate::import::Options`]; all the logic lives in `crate::import`.

use std::path::PathBuf;

use super::args::{DiagFormat, ImportArgs, ImportFormat};
use super::exit::{Exit, Failure};
use super::output;
use crate::problem;

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
