//! The command line: arguments in, a command run, an [`Exit`] out.
//!
//! In: parsed [`Cli`] arguments. Out: text on stdout or in the `-o` file
//! (written atomically), messages on stderr, and the exit code: 0 a
//! timetable was produced (or nothing is wrong), 1 no valid timetable
//! exists (or `verify`/`check` found a problem), 2 bad input or usage.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::problem::{self, DiagnosticFormat, InputError, Problem};
use crate::render::{self, Format, Options};
use crate::solve::{self, Outcome, SolveOptions};
use crate::timetable::{self, Timetable};
use crate::{analysis, report};

/// Turns a conference's talks, speakers and rooms into a conflict-free
/// timetable, proven optimal, or explains why none exists.
#[derive(Debug, Parser)]
#[command(name = "confsched", version, about, max_term_width = 100)]
pub struct Cli {
    /// How to print input errors.
    #[arg(long, global = true, value_enum, default_value_t = DiagFormat::Human)]
    pub diagnostic_format: DiagFormat,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// `--diagnostic-format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiagFormat {
    /// Message, position, the source line with carets, and a hint.
    Human,
    /// One `path:line:col: message` line per error.
    Short,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Solve a problem file and print the timetable.
    Solve {
        /// The problem file (TOML).
        problem: PathBuf,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Write to this file instead of stdout (`-` for stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Stop searching after this many seconds and keep the best timetable found
        /// (status "feasible", with its gap); `inf` for no limit.
        #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_TIME_LIMIT)]
        time_limit: f64,
        /// Use the simple model with one variable per room (slower; for cross-checking).
        #[arg(long)]
        per_room: bool,
        /// Which solver runs the model.
        #[arg(long, value_enum, default_value_t = solve::Backend::Microlp)]
        solver: solve::Backend,
        /// Print nothing on stderr but errors.
        #[arg(short, long)]
        quiet: bool,
        /// Publishing flags (`--speaker`, `--bom`).
        #[command(flatten)]
        publish: PublishArgs,
    },
    /// Render a timetable (JSON) in any format, after checking it against every rule.
    Render {
        /// The problem file (TOML).
        problem: PathBuf,
        /// The timetable file (JSON), as written by `solve --format json`.
        timetable: PathBuf,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Write to this file instead of stdout (`-` for stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Publishing flags (`--speaker`, `--bom`).
        #[command(flatten)]
        publish: PublishArgs,
    },
    /// Check a timetable (JSON) against every rule of a problem, without solving.
    Verify {
        /// The problem file (TOML).
        problem: PathBuf,
        /// The timetable file (JSON).
        timetable: PathBuf,
    },
    /// Validate a problem and run the cheap proofs, without solving.
    Check {
        /// The problem file (TOML).
        problem: PathBuf,
    },
    /// Import a conference from pretalx, frab, c3voc, Sessionize or CSV as a problem file.
    Import(Box<ImportArgs>),
    /// Write a seeded random problem with a planted valid timetable (for benchmarks and tests).
    Generate {
        /// Number of talks.
        #[arg(long)]
        talks: usize,
        /// Number of rooms.
        #[arg(long)]
        rooms: usize,
        /// Number of slots (split over days of at most 8).
        #[arg(long)]
        slots: usize,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write the problem here instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Also write the planted timetable (JSON) here.
        #[arg(long)]
        planted: Option<PathBuf>,
    },
}

/// Flags that shape a published timetable.
#[derive(Debug, Clone, clap::Args)]
pub struct PublishArgs {
    /// Only this speaker's talks (the name as written in the problem); not with `--format json`.
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// Start `--format csv` output with a UTF-8 byte-order mark (for spreadsheet programs
    /// that need one to read Korean and other non-Latin text).
    #[arg(long)]
    pub bom: bool,
}

/// The render options for `args`, or a usage error (exit 2).
fn publish_options(p: &Problem, args: &PublishArgs, format: Format) -> Result<Options, Failure> {
    let usage = |m: &str| Failure::Message(format!("error: {m}\n"), Exit::BadInput);
    if args.bom && format != Format::Csv {
        return Err(usage("`--bom` only applies to `--format csv`"));
    }
    let speaker = match &args.speaker {
        None => None,
        Some(_) if format == Format::Json => {
            return Err(usage(
                "`--speaker` does not apply to `--format json`, which is always the whole timetable",
            ));
        }
        Some(name) => {
            Some(render::find_speaker(p, name).map_err(|m| Failure::Message(m, Exit::BadInput))?)
        }
    };
    Ok(Options {
        speaker,
        bom: args.bom,
    })
}

/// Seconds `solve` searches by default before it settles for the best
/// timetable found.
pub const DEFAULT_TIME_LIMIT: f64 = 60.0;

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// 0: a timetable was produced, or nothing is wrong.
    Success,
    /// 1: no valid timetable exists, or violations were found.
    NoTimetable,
    /// 2: bad input or usage.
    BadInput,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::NoTimetable => 1,
            Exit::BadInput => 2,
        }
    }
}

/// A failure that ends the command: what to print and how to exit.
#[derive(Debug)]
pub enum Failure {
    /// stdout was closed by the reader (e.g. `| head`): exit quietly.
    BrokenPipe,
    /// A message for stderr and an exit.
    Message(String, Exit),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Message(
                format!("error: {}\n", problem::io_reason(&e)),
                Exit::BadInput,
            )
        }
    }
}

fn input_failure(e: InputError, f: DiagFormat) -> Failure {
    let format = match f {
        DiagFormat::Human => DiagnosticFormat::Human,
        DiagFormat::Short => DiagnosticFormat::Short,
    };
    Failure::Message(e.render(format), Exit::BadInput)
}

fn load(path: &Path, f: DiagFormat) -> Result<Problem, Failure> {
    problem::load(&path.to_string_lossy()).map_err(|e| input_failure(e, f))
}

/// Runs a command, writing to stdout/stderr.
pub fn run(cli: Cli) -> Result<Exit, Failure> {
    let diag = cli.diagnostic_format;
    match cli.command {
        Command::Solve {
            problem,
            format,
            output,
            time_limit,
            per_room,
            solver,
            quiet,
            publish,
        } => {
            if time_limit.is_nan() || time_limit < 0.0 {
                return Err(Failure::Message(
                    "error: `--time-limit` must be a number of seconds, 0 or more\n".into(),
                    Exit::BadInput,
                ));
            }
            check_output_path(output.as_deref(), &problem)?;
            let p = load(&problem, diag)?;
            let opts = publish_options(&p, &publish, format)?;
            let started = Instant::now();
            let (control, spinner) = progress_control(quiet);
            let outcome = solve::solve(
                &p,
                &SolveOptions {
                    time_limit: time_limit.is_finite().then_some(time_limit),
                    per_room,
                    backend: solver,
                    control: control.clone(),
                },
            )
            .map_err(|e| Failure::Message(format!("error: {e}\n"), Exit::BadInput))?;
            if let Some(bar) = spinner {
                bar.finish_and_clear();
            }
            if control.stopped() && !quiet {
                eprintln!("stopped: writing the best timetable found so far");
            }
            match outcome {
                Outcome::Solved(tt, stats) => {
                    write_output(output.as_deref(), &render::render(&p, &tt, format, &opts))?;
                    if !quiet {
                        eprintln!("{}", summary(&tt, started.elapsed().as_secs_f64(), &stats));
                    }
                    Ok(Exit::Success)
                }
                Outcome::Infeasible(reasons) => {
                    eprint!("{}", report::explain(&p, &reasons));
                    Ok(Exit::NoTimetable)
                }
                Outcome::NoTimetableInTime(_) => {
                    eprintln!(
                        "error: the time limit ran out before any timetable was found; no file was written\n  hint: allow more time with `--time-limit`"
                    );
                    Ok(Exit::NoTimetable)
                }
            }
        }
        Command::Verify { problem, timetable } => {
            let p = load(&problem, diag)?;
            let (tt, violations) = read_and_verify(&p, &timetable, diag)?;
            let mut out = io::stdout().lock();
            if violations.is_empty() {
                writeln!(
                    out,
                    "valid: {} talks placed; objective {} (empty seats {}, track clashes {})",
                    tt.placements.len(),
                    tt.score.objective,
                    tt.score.empty_seats,
                    tt.score.track_clashes
                )?;
                Ok(Exit::Success)
            } else {
                for v in &violations {
                    writeln!(out, "violation: {}", v.message)?;
                }
                let n = violations.len();
                writeln!(
                    out,
                    "invalid: {n} violation{}",
                    if n == 1 { "" } else { "s" }
                )?;
                Ok(Exit::NoTimetable)
            }
        }
        Command::Render {
            problem,
            timetable,
            format,
            output,
            publish,
        } => {
            check_output_path(output.as_deref(), &problem)?;
            check_output_path(output.as_deref(), &timetable)?;
            let p = load(&problem, diag)?;
            let opts = publish_options(&p, &publish, format)?;
            let (tt, violations) = read_and_verify(&p, &timetable, diag)?;
            if !violations.is_empty() {
                let mut msg = String::new();
                for v in &violations {
                    msg.push_str(&format!("violation: {}\n", v.message));
                }
                let n = violations.len();
                msg.push_str(&format!(
                    "error: `{}` breaks {n} rule{} of the problem; nothing was written\n  hint: `confsched verify` lists the same violations\n",
                    timetable.display(),
                    if n == 1 { "" } else { "s" }
                ));
                return Err(Failure::Message(msg, Exit::NoTimetable));
            }
            write_output(output.as_deref(), &render::render(&p, &tt, format, &opts))?;
            Ok(Exit::Success)
        }
        Command::Generate {
            talks,
            rooms,
            slots,
            seed,
            output,
            planted,
        } => generate_cmd(
            talks,
            rooms,
            slots,
            seed,
            output.as_deref(),
            planted.as_deref(),
        ),
        Command::Import(args) => import_cmd(*args, diag),
        Command::Check { problem } => {
            let p = load(&problem, diag)?;
            let found = analysis::check(&p);
            let path = problem.display().to_string();
            io::stdout()
                .lock()
                .write_all(report::check_summary(&p, &path, &found).as_bytes())?;
            if found.reasons.is_empty() {
                Ok(Exit::Success)
            } else {
                eprint!("{}", report::explain(&p, &found.reasons));
                Ok(Exit::NoTimetable)
            }
        }
    }
}

/// Reads a timetable file and checks it: the timetable and every
/// violation (sorted), or an input failure (exit 2).
fn read_and_verify(
    p: &Problem,
    timetable: &Path,
    diag: DiagFormat,
) -> Result<(Timetable, Vec<timetable::Violation>), Failure> {
    let path = timetable.to_string_lossy().to_string();
    let text = problem::read_text(&path).map_err(|e| input_failure(e, diag))?;
    let read = timetable::json::read(p, &text).map_err(|why| {
        Failure::Message(
            format!("error: {path}: not a timetable file: {why}\n"),
            Exit::BadInput,
        )
    })?;
    let tt = Timetable::new(p, read.status, read.placements.clone());
    let mut violations = read.issues.clone();
    violations.extend(timetable::verify(p, &tt.placements));
    violations.extend(read.check_claims(&tt.score));
    violations.sort();
    violations.dedup();
    Ok((tt, violations))
}

fn generate_cmd(
    talks: usize,
    rooms: usize,
    slots: usize,
    seed: u64,
    output: Option<&Path>,
    planted: Option<&Path>,
) -> Result<Exit, Failure> {
    let params = crate::generate::GenParams::new(talks, rooms, slots, seed);
    let g = crate::generate::generate(&params)
        .map_err(|e| Failure::Message(format!("error: {e}\n"), Exit::BadInput))?;
    if let Some(path) = planted {
        write_output(Some(path), &g.planted_json)?;
    }
    write_output(output, &g.toml)?;
    Ok(Exit::Success)
}

/// A control for a solve from the command line: Ctrl-C stops the search
/// (a second Ctrl-C ends the program), and progress shows on stderr: in
/// place on a terminal, as plain lines (after 2 s, at most one a second)
/// otherwise; nothing with `--quiet`.
fn progress_control(quiet: bool) -> (solve::Control, Option<indicatif::ProgressBar>) {
    use std::io::IsTerminal;
    use std::sync::Mutex;
    use std::sync::atomic::AtomicBool;
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let control = solve::Control::new(stop);
    let on_signal = control.clone();
    // Only one handler per process; a second call (tests) is harmless.
    let _ = ctrlc::set_handler(move || {
        if on_signal.stopped() {
            std::process::exit(130);
        }
        on_signal.stop();
    });
    if quiet {
        return (control, None);
    }
    let line = |r: &solve::Report| {
        let mut text = format!("{:>6.1} s  {:<12}", r.elapsed, r.stage);
        if let Some(b) = r.best {
            text.push_str(&format!("  best {b}"));
        }
        if let Some(b) = r.bound {
            text.push_str(&format!("  bound {}", b.ceil().max(0.0)));
        }
        if let Some(g) = r.gap_percent() {
            text.push_str(&format!("  gap {g:.1}%"));
        }
        text
    };
    if io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        let shown = bar.clone();
        let control = control.on_report(move |r| shown.set_message(line(r)));
        (control, Some(bar))
    } else {
        let last = Mutex::new(0.0_f64);
        let control = control.on_report(move |r| {
            let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
            if r.elapsed >= 2.0 && r.elapsed - *last >= 1.0 {
                *last = r.elapsed;
                eprintln!("progress: {}", line(r).trim_end());
            }
        });
        (control, None)
    }
}

/// The one-line summary on stderr.
pub fn summary(tt: &Timetable, seconds: f64, stats: &solve::Stats) -> String {
    let bound = match (tt.status, stats.bound) {
        (timetable::Status::Feasible, Some(b)) => {
            let b = b.ceil().max(0.0);
            let gap = if tt.score.objective > 0 {
                100.0 * (tt.score.objective as f64 - b) / tt.score.objective as f64
            } else {
                0.0
            };
            format!(", lower bound {b}, gap {gap:.1}%")
        }
        _ => String::new(),
    };
    let model = if stats.variables > 0 {
        format!(", {} variables, {} nodes", stats.variables, stats.nodes)
    } else {
        ", no model needed".to_string()
    };
    format!(
        "{}: objective {} (empty seats {}, track clashes {}){bound}, {} talks{model}, {:.2} s",
        tt.status.as_str(),
        tt.score.objective,
        tt.score.empty_seats,
        tt.score.track_clashes,
        tt.placements.len(),
        seconds
    )
}

fn is_stdout(path: Option<&Path>) -> bool {
    path.is_none_or(|p| p == Path::new("-"))
}

/// Refuses an `-o` that would replace the problem file.
fn check_output_path(output: Option<&Path>, problem: &Path) -> Result<(), Failure> {
    if is_stdout(output) {
        return Ok(());
    }
    let out = output.expect("not stdout");
    let same = match (std::fs::canonicalize(out), std::fs::canonicalize(problem)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(Failure::Message(
            format!(
                "error: refusing to write the timetable over the problem file `{}`\n  hint: choose another `-o` file\n",
                out.display()
            ),
            Exit::BadInput,
        ));
    }
    Ok(())
}

/// Writes to stdout, or atomically to a file (temporary file + rename).
pub fn write_output(output: Option<&Path>, text: &str) -> Result<(), Failure> {
    if is_stdout(output) {
        let mut out = io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
        return Ok(());
    }
    let path = output.expect("not stdout");
    let fail = |e: io::Error| {
        Failure::Message(
            format!(
                "error: cannot write `{}`: {}\n",
                path.display(),
                problem::io_reason(&e)
            ),
            Exit::BadInput,
        )
    };
    // A device or a pipe (`/dev/null`, a FIFO) is written into, never
    // replaced: renaming over it would turn it into a plain file.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(fail)?;
        f.write_all(text.as_bytes())?;
        return Ok(());
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".confsched-")
        .tempfile_in(&dir)
        .map_err(fail)?;
    tmp.write_all(text.as_bytes()).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

// ---- `confsched import` (all logic lives in `crate::import`) -------------

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
    /// Print nothing on stderr but errors.
    #[arg(short, long)]
    pub quiet: bool,
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

fn import_cmd(a: ImportArgs, diag: DiagFormat) -> Result<Exit, Failure> {
    use crate::import::{self, AudienceSource, Format, ImportError};
    let usage = |m: String| Failure::Message(format!("error: {m}\n"), Exit::BadInput);
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
        if o.source.is_some() {
            return Err(usage("`import pretalx` reads `--url` and `--event`, not a SOURCE; saved answers are read by `import pretalx-json DIR`".into()));
        }
        o.token = match &a.token_file {
            Some(f) => Some(
                problem::read_text(&f.to_string_lossy())
                    .map_err(|e| input_failure(e, diag))?
                    .trim()
                    .to_string(),
            ),
            None => std::env::var("PRETALX_TOKEN")
                .ok()
                .map(|t| t.trim().to_string()),
        }
        .filter(|t| !t.is_empty());
        if o.token.is_none() {
            return Err(usage("`import pretalx` needs an API token in $PRETALX_TOKEN or a file given with `--token-file` (never on the command line)".into()));
        }
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
    o.audience = match (a.audience.as_deref(), a.audience_file) {
        (Some(spec), _) => match spec.strip_prefix("reviews:").map(str::parse::<f64>) {
            Some(Ok(f)) if f.is_finite() && f >= 0.0 => AudienceSource::Reviews(f),
            _ => {
                return Err(usage(format!(
                    "`--audience {spec}`: expected `reviews:FACTOR`, such as `reviews:20`"
                )));
            }
        },
        (None, Some(file)) => AudienceSource::File(file.to_string_lossy().to_string()),
        (None, None) => AudienceSource::Default,
    };
    let done = match import::import(&o) {
        Ok(done) => done,
        Err(ImportError::Input(e)) => return Err(input_failure(e, diag)),
        Err(ImportError::Internal(m)) => {
            eprintln!("error: {m}");
            std::process::exit(70);
        }
        Err(ImportError::Source(m) | ImportError::Usage(m)) => return Err(usage(m)),
        Err(ImportError::Network(m)) => {
            return Err(Failure::Message(format!("{m}\n"), Exit::BadInput));
        }
    };
    if let Some(path) = &a.baseline_out {
        match &done.baseline {
            Some(text) => write_output(Some(path), text)?,
            None => {
                return Err(usage(format!(
                    "`--baseline-out`: this {} source holds no complete timetable",
                    format.name()
                )));
            }
        }
    }
    write_output(a.output.as_deref(), &done.toml)?;
    if !a.quiet {
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
