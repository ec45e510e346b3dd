//! Writing what a command produces: to stdout, or to a file that a web
//! server can publish.
//!
//! In: an optional path and the text. Out: the text on stdout, or in the
//! file, written atomically (a temporary file beside it, then a rename):
//! a new file gets mode 0666 minus the umask, a replaced file keeps its
//! mode, a symbolic link is written through to its target, and a device
//! or pipe (`/dev/null`, a FIFO) is written into, never replaced.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::exit::Failure;

/// Whether `path` means standard output.
pub fn is_stdout(path: Option<&Path>) -> bool {
    path.is_none_or(|p| p == Path::new("-"))
}

/// Refuses an `-o` that would replace one of the input files.
pub fn check_not_an_input(output: Option<&Path>, inputs: &[&Path]) -> Result<(), Failure> {
    let Some(out) = output.filter(|_| !is_stdout(output)) else {
        return Ok(());
    };
    let Ok(target) = fs::canonicalize(out) else {
        return Ok(());
    };
    for input in inputs {
        if fs::canonicalize(input).is_ok_and(|i| i == target) {
            return Err(Failure::usage(
                format!("refusing to write over the input file `{}`", out.display()),
                Some("choose another `-o` file"),
            ));
        }
    }
    Ok(())
}

/// Writes to stdout, or to the file (see the module docs).
pub fn write(output: Option<&Path>, text: &str) -> Result<(), Failure> {
    let Some(path) = output.filter(|_| !is_stdout(output)) else {
        let mut out = io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
        return Ok(());
    };
    let fail = |e: io::Error| Failure::Write(path.to_path_buf(), e);
    // A symbolic link: write where it points, and keep the link.
    let target: PathBuf = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => resolve_link(path).map_err(fail)?,
        _ => path.to_path_buf(),
    };
    let existing = fs::metadata(&target).ok();
    if let Some(meta) = &existing
        && !meta.is_file()
    {
        if meta.is_dir() {
            return Err(fail(io::Error::new(
                io::ErrorKind::IsADirectory,
                "is a directory",
            )));
        }
        // A device or a pipe: renaming over it would turn it into a file.
        let mut f = fs::OpenOptions::new()
            .write(true)
            .open(&target)
            .map_err(fail)?;
        return f.write_all(text.as_bytes()).map_err(fail);
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".confsched-")
        .permissions(permissions(existing.as_ref()))
        .tempfile_in(&dir)
        .map_err(fail)?;
    tmp.write_all(text.as_bytes()).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    if let Some(meta) = &existing {
        // The umask may have narrowed the mode the file had: restore it.
        fs::set_permissions(tmp.path(), meta.permissions()).map_err(fail)?;
    }
    tmp.persist(&target).map_err(|e| fail(e.error))?;
    Ok(())
}

/// The final target of a chain of symbolic links (which need not exist
/// yet: a dangling link is written through too).
fn resolve_link(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let next = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// The mode of a new file: the existing file's, or 0666 (the umask applies).
fn permissions(existing: Option<&fs::Metadata>) -> fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    existing.map_or_else(
        || fs::Permissions::from_mode(0o666),
        fs::Metadata::permissions,
    )
}
