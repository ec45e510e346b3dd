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
