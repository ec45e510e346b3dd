//! The command line: arguments in, one function per command, an exit code
//! out.
//!
//! In: the parsed [`Cli`]. Out: text on stdout or in the `-o` file
//! (`output`), messages on stderr, and an [`Exit`] decided in one place
//! (`exit`): 0 a timetable was produced (or nothing is wrong), 1 proven
//! that no timetable exists (or violations found), 2 bad input or usage,
//! 3 the search stopped before an answer, 70 an internal error, 74 an
//! output file could not be written.

mod args;
mod exit;
mod import;
mod output;
mod progress;

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

pub use args::{Cli, Command, DEFAULT_TIME_LIMIT};
pub use exit::{Exit, Failure};

use args::{
    CheckArgs, DiagFormat, DiffArgs, DiffFormat, GenerateArgs, PublishArgs, RenderArgs, SolveArgs,
    VerifyArgs,
};

use crate::problem::{self, Problem};
use crate::render::{self, Format, Options};
use crate::search::{self, Outcome, SolveOptions, Stages};
use crate::timetable::{self, Timetable};
use crate::{analysis, report};

/// The whole program: parse the arguments, run the command, print any
/// failure, and return the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(failure) => {
            let _ = io::stderr().write_all(failure.message().as_bytes());
            ExitCode::from(failure.exit().code())
        }
    }
}

/// Runs a command, writing to stdout/stderr.
pub fn run(cli: Cli) -> Result<Exit, Failure> {
    match cli.command {
        Command::Solve(a) => solve(a),
        Command::Render(a) => render(a),
        Command::Verify(a) => verify(a),
        Command::Diff(a) => diff(&a),
        Command::Check(a) => check(a),
        Command::Generate(a) => generate(&a),
        Command::Import(a) => import::run(*a),
    }
}

/// Loads a problem; its warnings go to stderr (unless `-q`).
fn load(path: &Path, input: &args::InputArgs) -> Result<Problem, Failure> {
    let diag = input.diagnostic_format;
    let p =
        problem::load(&path.to_string_lossy()).map_err(|e| Failure::Input(Box::new(e), diag))?;
    if !input.quiet {
        eprint!("{}", problem::warnings(&p, diagnostic_format(diag)));
    }
    Ok(p)
}

/// Attaches the `--baseline` file (with `--freeze-before`) to the problem;
/// its warnings, and what it brings (withdrawn, new, frozen talks), go to
/// stderr (unless `-q`).
fn with_baseline(
    p: Problem,
    baseline: Option<&Path>,
    freeze: Option<&str>,
    input: &args::InputArgs,
) -> Result<Problem, Failure> {
    let Some(path) = baseline else {
        return Ok(p);
    };
    let diag = input.diagnostic_format;
    let freeze = match freeze {
        None => None,
        Some(text) => Some(problem::baseline::parse_freeze(text).map_err(|e| {
            Failure::usage(
                format!("`--freeze-before`: {e}"),
                Some("write the moment as \"2019-07-04 12:00\", in the event's time zone"),
            )
        })?),
    };
    let name = path.to_string_lossy();
    let fail = |e| Failure::Input(Box::new(e), diag);
    let text = problem::read_text(&name).map_err(fail)?;
    let p = problem::baseline::attach(p, &name, &text, freeze).map_err(fail)?;
    if !input.quiet
        && let Some(b) = &p.baseline
    {
        if !b.warnings.is_empty() {
            eprint!(
                "{}",
                problem::InputError::at(&name, &text, b.warnings.clone())
                    .render(diagnostic_format(diag))
            );
        }
        for line in report::replan::baseline(&p) {
            eprintln!("{line}");
        }
    }
    Ok(p)
}

/// The library's form of `--diagnostic-format`.
fn diagnostic_format(f: DiagFormat) -> problem::DiagnosticFormat {
    match f {
        DiagFormat::Human => problem::DiagnosticFormat::Human,
        DiagFormat::Short => problem::DiagnosticFormat::Short,
    }
}

/// The output format: `--format`, else the `-o` file's extension, else
/// the text grid; a `--format` that disagrees with the extension warns.
fn output_format(format: Option<args::FormatArg>, output: Option<&Path>, quiet: bool) -> Format {
    let by_extension = output
        .filter(|_| !output::is_stdout(output))
        .and_then(|p| p.extension())
        .and_then(|e| Format::from_extension(&e.to_string_lossy()));
    match (format.map(Format::from), by_extension) {
        (Some(f), Some(e)) if f != e && !quiet => {
            eprintln!(
                "warning: writing {} into a file whose name suggests {}",
                f.name(),
                e.name()
            );
            f
        }
        (Some(f), _) => f,
        (None, Some(e)) => e,
        (None, None) => Format::Text,
    }
}

/// The render options for `args` when writing to `output`, or a usage
/// error.
fn publish_options(
    p: &Problem,
    args: &PublishArgs,
    format: Format,
    output: Option<&Path>,
) -> Result<Options, Failure> {
    if args.bom && format != Format::Csv {
        return Err(Failure::usage(
            "`--bom` only applies to `--format csv`",
            None,
        ));
    }
    if args.width.is_some() && format != Format::Text {
        return Err(Failure::usage(
            "`--width` only applies to `--format text`",
            None,
        ));
    }
    let speaker = match &args.speaker {
        None => None,
        Some(_) if format == Format::Json => {
            return Err(Failure::usage(
                "`--speaker` does not apply to `--format json`, which is always the whole \
                 timetable",
                None,
            ));
        }
        Some(name) => Some(render::find_speaker(p, name).map_err(|close| {
            let hint = close.map_or_else(
                || "write the name exactly as in the talks' `speakers`".to_string(),
                |c| format!("did you mean `{c}`?"),
            );
            Failure::usage(
                format!("no speaker is called `{name}` in this problem"),
                Some(&hint),
            )
        })?),
    };
    if args.schedule_version.is_some() && !matches!(format, Format::FrabXml | Format::FrabJson) {
        return Err(Failure::usage(
            "`--version` only applies to `--format frab-xml` and `--format frab-json`",
            None,
        ));
    }
    if args.stars && format != Format::Html {
        return Err(Failure::usage(
            "`--stars` only applies to `--format html`",
            None,
        ));
    }
    if args.stars && p.interest.is_none() && p.attendees.is_empty() {
        return Err(Failure::usage(
            "`--stars` needs attendees' interest, and this problem has none",
            Some("add `[interest] file = \"favourites.csv\"` or `[[attendees]]` to the problem"),
        ));
    }
    Ok(Options {
        speaker,
        bom: args.bom,
        width: text_width(args.width, output),
        version: args.schedule_version.clone(),
        stars: args.stars,
    })
}

/// The width to fit the text grid into: `--width`; else, on stdout,
/// `COLUMNS` (a positive number) or the terminal's width when stdout is a
/// terminal; else unlimited (a file or a pipe gets the natural layout).
fn text_width(flag: Option<u16>, output: Option<&Path>) -> Option<usize> {
    if let Some(w) = flag {
        return Some(usize::from(w));
    }
    if !output::is_stdout(output) {
        return None;
    }
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0);
    columns.or_else(|| {
        let (terminal_size::Width(w), _) = terminal_size::terminal_size_of(io::stdout())?;
        Some(usize::from(w)).filter(|&w| w > 0)
    })
}

fn solve(a: SolveArgs) -> Result<Exit, Failure> {
    // The time limit counts from here: reading the problem and the cheap
    // proofs are part of the time a user waits.
    let started = std::time::Instant::now();
    if a.time_limit.is_nan() || a.time_limit < 0.0 {
        return Err(Failure::usage(
            "`--time-limit` must be a number of seconds, 0 or more",
            Some("`inf` means no limit"),
        ));
    }
    let quiet = a.input.quiet;
    let format = output_format(a.format, a.output.as_deref(), quiet);
    let mut inputs: Vec<&Path> = vec![&a.problem];
    inputs.extend(a.baseline.as_deref());
    output::check_not_an_input(a.output.as_deref(), &inputs)?;
    let p = load(&a.problem, &a.input)?;
    let p = with_baseline(
        p,
        a.baseline.as_deref(),
        a.freeze_before.as_deref(),
        &a.input,
    )?;
    let opts = publish_options(&p, &a.publish, format, a.output.as_deref())?;
    let (control, spinner) = progress::control(quiet);
    let outcome = search::solve(
        &p,
        &SolveOptions {
            time_limit: a.time_limit.is_finite().then(|| {
                Duration::from_secs_f64(a.time_limit.min(1e9)).saturating_sub(started.elapsed())
            }),
            per_room: a.per_room,
            backend: a.solver.into(),
            control: control.clone(),
            stages: if a.model_only {
                Stages::ModelOnly
            } else {
                Stages::All
            },
            no_explanation: false,
            threads: a.threads,
        },
    );
    if let Some(bar) = spinner {
        bar.finish_and_clear();
    }
    match outcome? {
        Outcome::Solved(tt, stats) => {
            if control.stopped() && !quiet {
                eprintln!("stopped: writing the best timetable found so far");
            }
            output::write(a.output.as_deref(), &render::render(&p, &tt, format, &opts))?;
            if !quiet {
                eprintln!("{}", report::summary(&tt, &stats));
                for line in report::replan::moves(&p, &tt) {
                    eprintln!("{line}");
                }
            }
            if a.report == Some(args::ReportArg::Attendees) {
                eprint!("{}", report::attendees::missed(&p, &tt));
            }
            Ok(Exit::Success)
        }
        Outcome::Infeasible(reasons) => {
            eprint!("{}", report::explain(&p, &reasons));
            if a.input.diagnostic_format == DiagFormat::Short {
                eprint!("{}", report::positions(&p, &reasons));
            }
            Ok(Exit::NoTimetable)
        }
        Outcome::Stopped(stats, why) => {
            eprint!("{}", report::stopped(why, &stats));
            Ok(Exit::Stopped)
        }
    }
}

/// Reads a timetable file and checks it: the timetable and every
/// violation (sorted), or an input failure. The file's warnings go to
/// stderr (unless `-q`).
fn read_and_verify(
    p: &Problem,
    path: &Path,
    input: &args::InputArgs,
) -> Result<(Timetable, Vec<timetable::Violation>), Failure> {
    let diag = input.diagnostic_format;
    let name = path.to_string_lossy();
    let fail = |e| Failure::Input(Box::new(e), diag);
    let text = problem::read_text(&name).map_err(fail)?;
    let read = timetable::json::read(p, &name, &text).map_err(fail)?;
    if !input.quiet && !read.warnings.is_empty() {
        eprint!(
            "{}",
            read.warnings_error(&name, &text)
                .render(diagnostic_format(diag))
        );
    }
    let tt = Timetable::new(p, read.status, read.placements.clone());
    let mut verified = timetable::verify(p, &tt.placements);
    // The file's figures are compared only for a complete timetable: a
    // talk left out would make every figure differ too.
    let complete = read.issues.is_empty()
        && !verified.iter().any(|v| {
            matches!(
                v,
                timetable::Violation::NotPlaced { .. } | timetable::Violation::PlacedTwice { .. }
            )
        });
    if complete {
        verified.extend(read.check_claims(&tt.score, p.baseline.is_some()));
    }
    Ok((tt, read.violations(verified)))
}

fn verify(a: VerifyArgs) -> Result<Exit, Failure> {
    let p = load(&a.problem, &a.input)?;
    let p = with_baseline(p, a.baseline.as_deref(), None, &a.input)?;
    let (tt, violations) = read_and_verify(&p, &a.timetable, &a.input)?;
    let mut out = io::stdout().lock();
    if violations.is_empty() {
        writeln!(out, "{}", report::valid(&tt))?;
        Ok(Exit::Success)
    } else {
        for line in report::violations(&p, &violations) {
            writeln!(out, "violation: {line}")?;
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

fn render(a: RenderArgs) -> Result<Exit, Failure> {
    let quiet = a.input.quiet;
    let format = output_format(a.format, a.output.as_deref(), quiet);
    output::check_not_an_input(a.output.as_deref(), &[&a.problem, &a.timetable])?;
    let p = load(&a.problem, &a.input)?;
    let opts = publish_options(&p, &a.publish, format, a.output.as_deref())?;
    let (tt, violations) = read_and_verify(&p, &a.timetable, &a.input)?;
    if !violations.is_empty() {
        let mut msg = String::new();
        for line in report::violations(&p, &violations) {
            msg.push_str(&format!("violation: {line}\n"));
        }
        let n = violations.len();
        msg.push_str(&format!(
            "error: `{}` breaks {n} rule{} of the problem; nothing was written\n  hint: \
             `confsched verify` lists the same violations\n",
            a.timetable.display(),
            if n == 1 { "" } else { "s" }
        ));
        return Err(Failure::Violations(msg));
    }
    output::write(a.output.as_deref(), &render::render(&p, &tt, format, &opts))?;
    Ok(Exit::Success)
}

fn diff(a: &DiffArgs) -> Result<Exit, Failure> {
    let diag = a.input.diagnostic_format;
    let fail = |e| Failure::Input(Box::new(e), diag);
    let read = |path: &Path| -> Result<Vec<timetable::published::Entry>, Failure> {
        let name = path.to_string_lossy();
        let text = problem::read_text(&name).map_err(fail)?;
        timetable::published::read(&name, &text).map_err(fail)
    };
    let mut inputs: Vec<&Path> = vec![&a.old, &a.new];
    inputs.extend(a.problem.as_deref());
    output::check_not_an_input(a.output.as_deref(), &inputs)?;
    let (old, new) = (read(&a.old)?, read(&a.new)?);
    let names: report::diff::RoomNames = match &a.problem {
        Some(path) => load(path, &a.input)?
            .rooms
            .iter()
            .map(|r| (r.id.clone(), r.name.clone()))
            .collect(),
        None => report::diff::RoomNames::new(),
    };
    if let Some(name) = &a.speaker {
        let known = report::diff::speakers(&old, &new);
        if !known.contains(name) {
            let hint = problem::diagnostic::closest(name, known.iter().map(String::as_str))
                .map_or_else(
                    || "write the name exactly as in the timetables' `speakers`".to_string(),
                    |c| format!("did you mean `{c}`?"),
                );
            return Err(Failure::usage(
                format!("no speaker is called `{name}` in either timetable"),
                Some(&hint),
            ));
        }
    }
    let d = report::diff::diff(&old, &new, a.speaker.as_deref());
    let text = match a.format {
        DiffFormat::Text => report::diff::text(&d, &names),
        DiffFormat::Markdown => report::diff::markdown(&d, &names),
        DiffFormat::Json => report::diff::json(&d),
    };
    output::write(a.output.as_deref(), &text)?;
    Ok(Exit::Success)
}

fn check(a: CheckArgs) -> Result<Exit, Failure> {
    let p = load(&a.problem, &a.input)?;
    let found = analysis::check(&p);
    let path = a.problem.display().to_string();
    io::stdout()
        .lock()
        .write_all(report::check_summary(&p, &path, &found).as_bytes())?;
    if a.show_audiences {
        io::stdout()
            .lock()
            .write_all(report::attendees::audiences(&p).as_bytes())?;
    }
    if found.reasons.is_empty() {
        Ok(Exit::Success)
    } else {
        eprint!("{}", report::explain(&p, &found.reasons));
        if a.input.diagnostic_format == DiagFormat::Short {
            eprint!("{}", report::positions(&p, &found.reasons));
        }
        Ok(Exit::NoTimetable)
    }
}

fn generate(a: &GenerateArgs) -> Result<Exit, Failure> {
    let mut params = crate::generate::GenParams::new(a.talks, a.rooms, a.slots, a.seed);
    params.attendees = a.attendees;
    // The favourites go beside the problem: `NAME.favourites.csv`.
    let favourites = a.output.as_ref().filter(|_| a.attendees > 0).map(|out| {
        let stem = out
            .file_stem()
            .map_or_else(|| "problem".into(), |s| s.to_string_lossy().into_owned());
        let name = format!("{stem}.favourites.csv");
        (out.with_file_name(&name), name)
    });
    if let Some((_, name)) = &favourites {
        params.favourites_file.clone_from(name);
    }
    let g = crate::generate::generate(&params).map_err(|e| Failure::usage(e, None))?;
    if let Some(path) = &a.planted {
        output::write(Some(path), &g.planted_json)?;
    }
    if let (Some((path, _)), Some(csv)) = (&favourites, &g.favourites_csv) {
        output::write(Some(path), csv)?;
    }
    output::write(a.output.as_deref(), &g.toml)?;
    Ok(Exit::Success)
}
