//! The first stage: a problem file in, a checked [`Problem`] out.
//!
//! `raw` reads the TOML and keeps every value's span; `check` resolves
//! names to typed ids and checks the rules of the format. Errors from both
//! passes are gathered into one [`InputError`], sorted by position.

pub mod baseline;
pub mod check;
pub mod diagnostic;
pub mod json;
pub mod raw;
pub mod rules;
pub mod time;
pub mod types;

pub use diagnostic::{Diagnostic, DiagnosticFormat, InputError};
pub use types::*;

/// Files larger than this are refused while they are read.
/// (A 400-talk problem is about 60 kB; FOSDEM with 1,079 events 300 kB.)
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Parses and checks a problem from its text; `path` is used in messages.
/// Files are not read: a problem that names an `[interest] file` is an
/// error here (use [`load`], or `[[attendees]]`).
pub fn parse(path: &str, source: &str) -> Result<Problem, InputError> {
    parse_with(path, source, &|_| None)
}

/// Parses and checks a problem from its text, reading the favourites file
/// it names with `read` (given the name as written; `None`: files are not
/// read).
pub fn parse_with(
    path: &str,
    source: &str,
    read: &dyn Fn(&str) -> Option<check::Favourites>,
) -> Result<Problem, InputError> {
    if source.trim().is_empty() {
        return Err(InputError::file(
            path,
            "is empty; a problem needs `[event]`, `[[days]]`, `[[rooms]]` and `[[talks]]`",
        ));
    }
    if let Some(at) = source.find('\0') {
        return Err(InputError::file(
            path,
            format!("is not a text file (NUL byte at offset {at})"),
        ));
    }
    let (raw, mut diags) = raw::read(source);
    let file = Source {
        path: path.to_string(),
        text: source.into(),
    };
    let favourites = raw.interest.file.as_ref().and_then(|f| read(&f.v));
    let csv = favourites.as_ref().and_then(|f| {
        f.text
            .as_ref()
            .ok()
            .map(|text| (f.path.clone(), text.clone()))
    });
    let (problem, more, csv_diags) = check::check(&raw, file, favourites);
    diags.extend(more);
    let mut also = Vec::new();
    if let Some((csv_path, csv_text)) = csv
        && !csv_diags.is_empty()
    {
        also.push(InputError::at(&csv_path, &csv_text, csv_diags));
    }
    if diags.iter().any(Diagnostic::is_error) || !also.is_empty() {
        let mut e = InputError::at(path, source, diags);
        e.also = also;
        return Err(e);
    }
    let mut problem = problem;
    problem.warnings = InputError::at(path, source, diags).diagnostics;
    Ok(problem)
}

/// The problem's warnings, rendered like errors (empty when there are none).
pub fn warnings(p: &Problem, format: DiagnosticFormat) -> String {
    if p.warnings.is_empty() {
        return String::new();
    }
    InputError::at(&p.source.path, &p.source.text, p.warnings.clone()).render(format)
}

/// Reads a file (`-`: standard input) as UTF-8 text, at most
/// [`MAX_FILE_BYTES`] of it (counted while reading, so `/dev/zero` or an
/// endless pipe stops there), with one-line errors for files that cannot
/// be read.
pub fn read_text(path: &str) -> Result<String, InputError> {
    use std::io::Read;
    let fail = |e: std::io::Error| InputError::file(path, io_reason(&e));
    let reader: Box<dyn Read> = if path == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let p = std::path::Path::new(path);
        if std::fs::metadata(p).map_err(fail)?.is_dir() {
            return Err(InputError::file(path, "is a directory, not a file"));
        }
        Box::new(std::fs::File::open(p).map_err(fail)?)
    };
    let mut bytes = Vec::new();
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(fail)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(InputError::file(
            path,
            format!("is too large (more than the limit of {MAX_FILE_BYTES} bytes)"),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        InputError::file(
            path,
            format!(
                "is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Reads and checks a problem file, and the favourites file it names
/// (relative to the problem file's folder; from standard input, to the
/// current folder), with the same limits.
pub fn load(path: &str) -> Result<Problem, InputError> {
    let source = read_text(path)?;
    let dir = if path == "-" {
        std::path::PathBuf::new()
    } else {
        std::path::Path::new(path)
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default()
    };
    parse_with(path, &source, &|name| {
        let full = dir.join(name);
        let shown = full.to_string_lossy().into_owned();
        let text = read_text(&shown).map_err(|e| e.file_message.unwrap_or_default());
        Some(check::Favourites { path: shown, text })
    })
}

/// A short, lowercase reason for an I/O error.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file".to_string(),
        PermissionDenied => "permission denied".to_string(),
        IsADirectory => "is a directory, not a file".to_string(),
        _ => {
            let s = e.to_string();
            // Drop the " (os error N)" suffix: it says nothing to a user.
            s.split(" (os error").next().unwrap_or(&s).to_lowercase()
        }
    }
}
