//! How a command ends: the exit code, decided in one place, and the
//! message each failure prints.

use std::fmt::Write as _;
use std::io;
use std::path::PathBuf;

use crate::problem::{InputError, io_reason};
use crate::search::SolveError;

use super::args::DiagFormat;

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// 0: a timetable was produced, or nothing is wrong.
    Success,
    /// 1: proven that no valid timetable exists, or violations were found.
    NoTimetable,
    /// 2: bad input or usage.
    BadInput,
    /// 3: the search stopped before it found a timetable or a proof.
    Stopped,
    /// 70: an internal error (a bug).
    Internal,
    /// 74: an output file could not be written.
    CantWrite,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::NoTimetable => 1,
            Exit::BadInput => 2,
            Exit::Stopped => 3,
            Exit::Internal => 70,
            Exit::CantWrite => 74,
        }
    }
}

/// A failure that ends a command.
#[derive(Debug)]
pub enum Failure {
    /// stdout was closed by the reader (e.g. `| head`): exit quietly.
    BrokenPipe,
    /// The input files are wrong.
    Input(Box<InputError>, DiagFormat),
    /// The command line is wrong (beyond what clap checks).
    Usage(String, Option<String>),
    /// A timetable breaks the problem's rules (render refuses it); the
    /// message lists them.
    Violations(String),
    /// The search failed inside.
    Solve(SolveError),
    /// Writing an output failed.
    Write(PathBuf, io::Error),
    /// A network source could not be read (unreachable, refused, timed
    /// out); the message says which.
    Network(String),
    /// Something inside failed that is not the input's fault (a bug).
    Internal(String),
}

impl Failure {
    /// The exit code of this failure: the one place that decides it.
    pub fn exit(&self) -> Exit {
        match self {
            Failure::BrokenPipe => Exit::Success,
            Failure::Input(..) | Failure::Usage(..) | Failure::Network(_) => Exit::BadInput,
            Failure::Violations(_) => Exit::NoTimetable,
            Failure::Solve(_) | Failure::Internal(_) => Exit::Internal,
            Failure::Write(..) => Exit::CantWrite,
        }
    }

    /// What to print on stderr.
    pub fn message(&self) -> String {
        match self {
            Failure::BrokenPipe => String::new(),
            Failure::Input(e, f) => e.render(super::diagnostic_format(*f)),
            Failure::Usage(m, hint) => {
                let mut out = format!("error: {m}\n");
                if let Some(h) = hint {
                    let _ = writeln!(out, "  hint: {h}");
                }
                out
            }
            Failure::Violations(m) => m.clone(),
            Failure::Solve(e) => internal(&e.to_string()),
            Failure::Internal(m) => internal(m),
            Failure::Network(m) => format!("{m}\n"),
            Failure::Write(path, e) => {
                // "No such file" on a write means a folder is missing.
                let folder = path
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty() && !d.exists());
                let reason = match folder {
                    Some(d) if e.kind() == io::ErrorKind::NotFound => {
                        format!("the folder `{}` does not exist", d.display())
                    }
                    _ => io_reason(e),
                };
                format!("error: cannot write `{}`: {reason}\n", path.display())
            }
        }
    }

    /// A usage error with a hint.
    pub fn usage(message: impl Into<String>, hint: Option<&str>) -> Self {
        Failure::Usage(message.into(), hint.map(str::to_string))
    }
}

/// The message of an internal error: it is a bug, and what to attach.
fn internal(what: &str) -> String {
    format!(
        "error: internal error: {what}\n  This is a bug in confsched, not a problem with your \
         input. Please report it with the input files, the command line and this message \
         (run it again with CONFSCHED_TRACE=1 for details).\n"
    )
}

impl From<io::Error> for Failure {
    /// An error writing to stdout.
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Write(PathBuf::from("<stdout>"), e)
        }
    }
}

impl From<SolveError> for Failure {
    fn from(e: SolveError) -> Self {
        Failure::Solve(e)
    }
}
