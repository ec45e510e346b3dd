//! The first stage: a problem file in, a checked [`Problem`] out.
//!
//! `raw` reads the TOML and keeps every value's span; `check` resolves
//! names to typed ids and checks the rules of the format. Errors from both
//! passes are gathered into one [`InputError`], sorted by position.

pub mod check;
pub mod diagnostic;
pub mod raw;
pub mod rules;
pub mod time;
pub mod types;

pub use diagnostic::{Diagnostic, DiagnosticFormat, InputError};
pub use types::*;

/// Files larger than this are refused before parsing.
/// (A 400-talk problem is about 60 kB.)
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Parses and checks a problem from its text; `path` is used in messages.
pub fn parse(path: &str, source: &str) -> Result<Problem, InputError> {
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
    match check::check(&raw, file) {
        Ok(problem) if diags.is_empty() => Ok(problem),
        Ok(_) => Err(InputError::at(path, source, diags)),
        Err(more) => {
            diags.extend(more);
            Err(InputError::at(path, source, diags))
        }
    }
}

/// Reads a file as UTF-8 text, with one-line errors for files that cannot be.
pub fn read_text(path: &str) -> Result<String, InputError> {
    let p = std::path::Path::new(path);
    let meta = std::fs::metadata(p).map_err(|e| InputError::file(path, io_reason(&e)))?;
    if meta.is_dir() {
        return Err(InputError::file(path, "is a directory, not a file"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(InputError::file(
            path,
            format!(
                "is too large ({} bytes; the limit is {} bytes)",
                meta.len(),
                MAX_FILE_BYTES
            ),
        ));
    }
    let bytes = std::fs::read(p).map_err(|e| InputError::file(path, io_reason(&e)))?;
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

/// Reads and checks a problem file.
pub fn load(path: &str) -> Result<Problem, InputError> {
    let source = read_text(path)?;
    parse(path, &source)
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
