//! The text grid on the command line: `--width`, `COLUMNS`, the terminal's
//! width, golden grids at 80, 120 and 200 columns, and `--speaker` as a
//! list.

use std::path::Path;

use textwrap::core::display_width;

use crate::publish::{GOLDEN_PROBLEMS, blessing, golden_dir, golden_timetable, render};
use crate::support::{Test, problem};

/// Asserts that no line of `out` is wider than `width` terminal columns.
fn fits(out: &str, width: usize, what: &str) {
    for line in out.lines() {
        assert!(
            display_width(line) <= width,
            "{what}: a line of {} columns: {line}",
            display_width(line)
        );
    }
}

#[test]
fn text_grid_at_80_120_and_200_columns_matches_its_golden_files() {
    let mut stale = Vec::new();
    for name in GOLDEN_PROBLEMS {
        let tt = golden_timetable(name);
        let p = problem(&format!("{name}.toml"));
        for width in [80, 120, 200] {
            let out = render(&p, &tt, "text", &["--width", &width.to_string()]);
            fits(&out, width, name);
            let golden = golden_dir().join(format!("{name}.w{width}.txt"));
            if blessing() {
                std::fs::write(&golden, &out).unwrap();
                continue;
            }
            let want = std::fs::read_to_string(&golden).unwrap_or_else(|e| {
                panic!("{}: {e} (bless with CONFSCHED_BLESS=1)", golden.display())
            });
            if out != want {
                stale.push(golden.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "the grid differs from the golden files (check, then bless with CONFSCHED_BLESS=1):\n{}",
        stale.join("\n")
    );
}

/// `render` of the reference timetable as text, with `COLUMNS` set.
fn with_columns(p: &Path, tt: &Path, columns: &str, extra: &[&str]) -> String {
    Test::new()
        .env("COLUMNS", columns)
        .args(["render"])
        .path(p)
        .path(tt)
        .args(["--format", "text"])
        .args(extra)
        .run()
        .code(0)
        .stdout
}

#[test]
fn the_width_comes_from_the_flag_then_columns_and_a_file_gets_the_natural_grid() {
    let p = problem("dlcat-2019.toml");
    let tt = golden_timetable("dlcat-2019");
    let natural = render(&p, &tt, "text", &[]);
    let at80 = render(&p, &tt, "text", &["--width", "80"]);
    let at120 = render(&p, &tt, "text", &["--width", "120"]);
    assert_ne!(natural, at80);
    assert!(natural.lines().any(|l| display_width(l) > 120));
    assert_eq!(with_columns(&p, &tt, "80", &[]), at80);
    assert_eq!(with_columns(&p, &tt, "80", &["--width", "120"]), at120);
    assert_eq!(with_columns(&p, &tt, "not a number", &[]), natural);
    // A file is the same whatever the environment's COLUMNS.
    let t = Test::new();
    let out = t.tmp().join("grid.txt");
    t.env("COLUMNS", "80")
        .args(["render"])
        .path(&p)
        .path(&tt)
        .args(["-o"])
        .path(&out)
        .run()
        .code(0);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), natural);
    // `solve` takes the flag too.
    let solved = Test::new()
        .args(["solve", "-q", "--width", "80"])
        .path(&p)
        .run()
        .code(0)
        .stdout;
    fits(&solved, 80, "solve --width 80");
}

#[test]
fn width_is_checked_and_applies_only_to_text() {
    let p = problem("dlcat-2019.toml");
    let tt = golden_timetable("dlcat-2019");
    Test::new()
        .args(["render"])
        .path(&p)
        .path(&tt)
        .args(["--width", "19"])
        .run()
        .code(2)
        .stderr_has("--width");
    Test::new()
        .args(["render"])
        .path(&p)
        .path(&tt)
        .args(["--format", "html", "--width", "80"])
        .run()
        .code(2)
        .stderr_has("`--width` only applies to `--format text`");
}

#[test]
fn speaker_with_text_is_a_list_of_their_talks() {
    let p = problem("dlcat-2019.toml");
    let tt = golden_timetable("dlcat-2019");
    let out = render(&p, &tt, "text", &["--speaker", "대전AI거버넌스"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(!out.contains('┌'), "not a grid: {out}");
    // A sequence: one after the other, in room F.
    for (line, title) in lines[1..].iter().zip([
        "AI 거버넌스 구성",
        "AI 적용 가속화 방안",
        "한계 및 목표치 설정",
    ]) {
        assert!(line.starts_with("2019-07-04 1"), "{out}");
        assert!(line.contains("  F · ETRI "), "{out}");
        assert!(line.ends_with(&format!("  {title}")), "{out}");
    }
    // Other formats keep the whole layout, filtered.
    let md = render(&p, &tt, "markdown", &["--speaker", "대전AI거버넌스"]);
    assert!(md.contains("| Time |"), "{md}");
}

/// Runs `confsched ARGS` with stdout on a pseudo-terminal `cols` columns
/// wide; what it printed (without the terminal's carriage returns).
#[cfg(unix)]
fn in_terminal(cols: u16, args: &[&str]) -> String {
    use std::io::Read;
    use std::os::fd::{FromRawFd, OwnedFd};
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: 50,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two descriptors it opened, which we then own.
    let rc = unsafe {
        libc::openpty(
            &raw mut master,
            &raw mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &raw const size,
        )
    };
    assert_eq!(rc, 0, "openpty");
    // SAFETY: both descriptors are open and owned by nothing else.
    let (mut master, slave) = unsafe {
        (
            std::fs::File::from_raw_fd(master),
            OwnedFd::from_raw_fd(slave),
        )
    };
    let mut child = {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_confsched"));
        cmd.args(args)
            .env_remove("COLUMNS")
            .stdout(std::process::Stdio::from(slave))
            .stderr(std::process::Stdio::null());
        cmd.spawn().expect("run confsched")
    };
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    // Reading fails (EIO) once the child has exited and closed the terminal.
    while let Ok(n) = master.read(&mut buf) {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    assert!(child.wait().expect("wait").success());
    String::from_utf8_lossy(&out).replace('\r', "")
}

#[cfg(unix)]
#[test]
fn a_terminal_gets_a_grid_as_wide_as_itself() {
    let p = problem("dlcat-2019.toml");
    let tt = golden_timetable("dlcat-2019");
    let (ps, ts) = (p.to_string_lossy(), tt.to_string_lossy());
    let out = in_terminal(70, &["render", &ps, &ts]);
    fits(&out, 70, "a 70-column terminal");
    assert_eq!(out, render(&p, &tt, "text", &["--width", "70"]));
}
