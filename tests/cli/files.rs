//! Files that are not problems at all: each gets a one-line error and
//! exit 2, never a panic.

use crate::support::Test;

/// Runs `confsched check PATH` and asserts one line on stderr, exit 2.
fn one_line_error(t: &Test, path: &std::path::Path, needle: &str) {
    let run = t.args(["check"]).path(path).run().code(2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert!(run.stderr.contains(needle), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn an_empty_file() {
    let t = Test::new();
    let p = t.file("empty.toml", "");
    one_line_error(&t, &p, "is empty");
    let t = Test::new();
    let p = t.file("blank.toml", "\n  \n\t\n");
    one_line_error(&t, &p, "is empty");
}

#[test]
fn binary_garbage() {
    let t = Test::new();
    let p = t.tmp().join("garbage.toml");
    // Deterministic bytes that are not UTF-8.
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(&p, bytes).unwrap();
    one_line_error(&t, &p, "is not UTF-8 text");
    // Valid UTF-8 but binary: NUL bytes.
    let t = Test::new();
    let p = t.tmp().join("nul.toml");
    std::fs::write(&p, b"[event]\0\0\0name = 1\n").unwrap();
    one_line_error(&t, &p, "NUL byte");
}

#[test]
fn a_five_megabyte_file() {
    let t = Test::new();
    let p = t.tmp().join("big.toml");
    let line = "# a comment line that is long enough to fill the file quickly........\n";
    std::fs::write(&p, line.repeat(5 * 1024 * 1024 / line.len() + 1)).unwrap();
    one_line_error(&t, &p, "is too large");
}

#[test]
fn a_directory() {
    let t = Test::new();
    let p = t.tmp().join("dir.toml");
    std::fs::create_dir(&p).unwrap();
    one_line_error(&t, &p, "is a directory");
}

#[test]
fn a_missing_file() {
    let t = Test::new();
    let p = t.tmp().join("nowhere.toml");
    one_line_error(&t, &p, "no such file");
}

#[test]
fn an_unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let t = Test::new();
    let p = t.file("secret.toml", "[event]\n");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    // root reads a file whatever its mode: nothing to test then.
    if std::fs::read(&p).is_ok() {
        eprintln!("skipped: running as root, mode 000 does not stop reading");
        return;
    }
    one_line_error(&t, &p, "permission denied");
}

#[test]
fn every_command_that_reads_a_problem_says_the_same() {
    for cmd in ["check", "solve"] {
        let t = Test::new();
        let p = t.tmp().join("nowhere.toml");
        let run = t.args([cmd]).path(&p).run().code(2);
        assert_eq!(run.stderr.lines().count(), 1, "{cmd}: {}", run.stderr);
    }
}

/// The size limit holds while reading, not only from the size a file
/// reports: `/dev/zero` and an endless pipe stop at 4 MiB with one line.
#[test]
fn endless_input_stops_at_the_limit() {
    let t = Test::new();
    one_line_error(&t, std::path::Path::new("/dev/zero"), "is too large");
    let endless = b"y\n".repeat(3 * 1024 * 1024);
    let run = Test::new()
        .stdin(endless)
        .args(["check", "-"])
        .run()
        .code(2);
    assert!(run.stderr.contains("is too large"), "{}", run.stderr);
}

/// `-` reads the problem from standard input.
#[test]
fn a_problem_on_standard_input() {
    let text = std::fs::read_to_string(crate::support::problem("fixed-keynote.toml")).unwrap();
    Test::new()
        .stdin(text.clone())
        .args(["check", "-"])
        .run()
        .code(0)
        .stdout_has("-: ");
    Test::new()
        .stdin(text)
        .args(["solve", "-q", "--format", "json", "-"])
        .run()
        .code(0)
        .stdout_has("\"assignments\"");
}

/// Written files can be published: a new file gets 0666 minus the umask
/// (not the 0600 of a temporary file), a replaced file keeps its mode, and
/// a symbolic link is written through to its target and stays a link.
#[test]
fn output_files_get_publishable_modes_and_links_stay_links() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let problem = crate::support::problem("fixed-keynote.toml");
    let t = Test::new();
    let new = t.tmp().join("new.html");
    t.args(["solve", "-q", "-o"])
        .path(&new)
        .path(&problem)
        .run()
        .code(0);
    let mode = std::fs::metadata(&new).unwrap().permissions().mode() & 0o777;
    // The umask of the test process decides the exact bits; group and
    // others can read whenever the umask lets them (022 -> 0644).
    // The child inherits this process's umask (read, not set, from /proc).
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let umask = status
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .and_then(|m| u32::from_str_radix(m.trim(), 8).ok())
        .expect("Umask in /proc/self/status");
    assert_eq!(mode, 0o666 & !umask, "mode {mode:o}, umask {umask:o}");

    let kept = t.tmp().join("kept.txt");
    std::fs::write(&kept, "old").unwrap();
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
    Test::new()
        .args(["solve", "-q", "-o"])
        .path(&kept)
        .path(&problem)
        .run()
        .code(0);
    assert_eq!(
        std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert_ne!(std::fs::read_to_string(&kept).unwrap(), "old");

    let target = t.tmp().join("target.json");
    let link = t.tmp().join("link.json");
    std::fs::write(&target, "{}").unwrap();
    symlink(&target, &link).unwrap();
    Test::new()
        .args(["solve", "-q", "-o"])
        .path(&link)
        .path(&problem)
        .run()
        .code(0);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("\"assignments\"")
    );
}
