//! `confsched solve`: output, files, limits, exit codes.

use crate::support::{Test, problem};

#[test]
fn the_grid_shows_rooms_breaks_spans_and_streaming() {
    let run = Test::new()
        .args(["solve"])
        .path(&problem("dlcat-2019.toml"))
        .run()
        .code(0);
    let out = &run.stdout;
    assert!(out.contains("A · UST 강당 (300)"), "{out}");
    assert!(out.contains("12:00-13:00 Lunch"), "{out}");
    assert!(out.contains("10:00-10:50"), "{out}");
    // "(streamed from A · UST 강당)", wrapped in its 22-column cell.
    assert_eq!(out.matches("(streamed from A ·").count(), 4, "{out}");
    // Every line of the grid has the same display width.
    let widths: Vec<usize> = out
        .lines()
        .filter(|l| l.starts_with('│') || l.starts_with('├') || l.starts_with('┌'))
        .map(unicode_display_width)
        .collect();
    assert!(widths.windows(2).all(|w| w[0] == w[1]), "{widths:?}");
}

/// Terminal columns: Hangul and other wide characters take two.
fn unicode_display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let c = c as u32;
            let wide = (0x1100..=0x115F).contains(&c)
                || (0x2E80..=0xA4CF).contains(&c)
                || (0xAC00..=0xD7A3).contains(&c)
                || (0xF900..=0xFAFF).contains(&c)
                || (0xFF00..=0xFF60).contains(&c);
            if wide { 2 } else { 1 }
        })
        .sum()
}

#[test]
fn output_file_is_written_and_the_problem_file_is_never_replaced() {
    let t = Test::new();
    let src = std::fs::read_to_string(problem("fixed-keynote.toml")).unwrap();
    let p = t.file("p.toml", &src);
    t.args(["solve", "-o"])
        .path(&p)
        .path(&p)
        .run()
        .code(2)
        .stderr_has("refusing");
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        src,
        "problem file untouched"
    );
    let t = Test::new();
    let p = t.file("p.toml", &src);
    let out = t.tmp().join("out.txt");
    t.args(["solve", "-q", "-o"])
        .path(&out)
        .path(&p)
        .run()
        .code(0);
    assert!(std::fs::read_to_string(&out).unwrap().contains("Lunch"));
}

#[test]
fn a_missing_or_bad_file_is_exit_2_with_one_line() {
    Test::new()
        .args(["solve", "nope.toml"])
        .run()
        .code(2)
        .stderr_has("nope.toml: no such file");
    let t = Test::new();
    let p = t.file("bad.toml", "[event]\nname = \"x\"\nslot_minutes = 0\n");
    t.args(["solve"])
        .path(&p)
        .run()
        .code(2)
        .stderr_has("`slot_minutes` must be at least 1");
}

#[test]
fn an_impossible_problem_exits_1_with_a_reason_in_the_inputs_words() {
    let t = Test::new();
    let p = t.file(
        "p.toml",
        r#"
[event]
name = "x"
slot_minutes = 50
[[days]]
date = "2020-01-01"
slots = ["10:00", "11:00"]
[[rooms]]
id = "small"
capacity = 10
[[talks]]
id = "big-talk"
audience = 50
"#,
    );
    t.args(["solve"])
        .path(&p)
        .run()
        .code(1)
        .stderr_has("talk `big-talk` needs 50 seats");
}

#[test]
fn a_time_limit_still_gives_a_valid_timetable_or_says_none_was_found() {
    let run = Test::new()
        .args(["solve", "--time-limit", "5", "--format", "json"])
        .path(&problem("dlcat-2019.toml"))
        .run()
        .code(0);
    assert!(run.stdout.contains("\"status\""));
    Test::new()
        .args(["solve", "--time-limit", "-1"])
        .path(&problem("dlcat-2019.toml"))
        .run()
        .code(2);
}

#[test]
fn unknown_flags_are_usage_errors() {
    Test::new().args(["solve", "--frobnicate"]).run().code(2);
    Test::new().args(["frobnicate"]).run().code(2);
}

#[test]
fn writing_to_a_device_writes_into_it_instead_of_replacing_it() {
    let t = Test::new();
    let fifo = t.tmp().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo not available");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    t.args(["solve", "-q", "--format", "json", "-o"])
        .path(&fifo)
        .path(&problem("fixed-keynote.toml"))
        .run()
        .code(0);
    let got = reader.join().unwrap();
    assert!(got.contains("\"assignments\""), "{got}");
    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(!meta.is_file(), "the FIFO was replaced by a plain file");
}

#[test]
fn ctrl_c_stops_the_search_and_writes_the_best_timetable_so_far() {
    use confsched::generate::{GenParams, generate};
    use std::io::BufRead;
    let t = Test::new();
    // A problem far from solved within a minute (a debug build), whose
    // greedy start succeeds. Without plenaries and tracks' `only_rooms`:
    // the greedy finds no timetable with either on this one.
    let params = GenParams {
        plenaries: 0,
        only_rooms_share: 0.0,
        ..GenParams::new(600, 25, 30, 1)
    };
    let g = generate(&params).expect("generates");
    let problem_path = t.file("p.toml", &g.toml);
    let out = t.tmp().join("tt.json");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_confsched"))
        .args(["solve", "--format", "json", "-o"])
        .arg(&out)
        .arg(&problem_path)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // Ctrl-C once a progress line shows a timetable in hand (no sleep that
    // a slow machine could outrun).
    let stderr = child.stderr.take().expect("piped");
    let mut lines = std::io::BufReader::new(stderr).lines();
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.expect("stderr is text");
        let has_best = line.starts_with("progress:") && line.contains(" best ");
        seen.push(line);
        if has_best {
            break;
        }
    }
    // SAFETY: sending a signal to our own child process.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(0), "{seen:?} {rest:?}");
    assert!(
        rest.iter().any(|l| l.starts_with("stopping...")),
        "Ctrl-C was not what stopped it: {rest:?}"
    );
    let p = confsched::problem::parse("p.toml", &g.toml).expect("parses");
    let text = std::fs::read_to_string(&out).expect("a timetable was written");
    let read = confsched::timetable::json::read(&p, "timetable.json", &text).expect("reads");
    assert!(confsched::timetable::verify(&p, &read.placements).is_empty());
    assert_eq!(read.placements.len(), p.talks.len());
}

/// With `--diagnostic-format short`, an explanation is followed by one
/// `path:line:col: what` line per talk, room, speaker or sequence it
/// involves, in file order (for editors and CI): the checked problem keeps
/// every span.
#[test]
fn an_explanation_points_at_the_lines_of_what_it_involves() {
    let case = crate::support::root().join("tests/cases/infeasible-walk-conflict.toml");
    let text = std::fs::read_to_string(&case).unwrap();
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("{needle}"))
    };
    let run = Test::new()
        .args(["solve", "--diagnostic-format", "short"])
        .path(&case)
        .run()
        .code(1);
    let path = case.display().to_string();
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with(&path))
        .collect();
    assert!(lines.len() >= 3, "{}", run.stderr);
    // The talks' `[[talks]]` headers: the line where each table starts.
    for id in ["intro", "lab-session"] {
        let header = text[..text.find(&format!("id = \"{id}\"")).unwrap()]
            .rfind("[[talks]]")
            .unwrap();
        let line = text[..header].matches('\n').count() + 1;
        let want = format!("{path}:{line}:1: talk `{id}`");
        assert!(lines.contains(&want.as_str()), "{want}\n{}", run.stderr);
    }
    // The speaker, where a talk first names them (no `[[speakers]]` table).
    assert!(
        lines.iter().any(|l| l.ends_with(": speaker Kim")
            && l.starts_with(&format!("{path}:{}:", line_of("speakers = [\"Kim\"]")))),
        "{}",
        run.stderr
    );
    // And `check` does the same for its proofs.
    let check = Test::new()
        .args(["check", "--diagnostic-format", "short"])
        .path(&crate::support::root().join("tests/cases/infeasible-speaker-overloaded.toml"))
        .run();
    assert!(check.stderr.contains(": speaker "), "{}", check.stderr);
}

#[test]
fn the_solver_is_auto_by_default_and_names_what_this_build_has() {
    // `auto` and `microlp` solve the reference alike (a build without
    // HiGHS: `auto` is microlp); a solver the build lacks is a usage error
    // that lists the values there are.
    let json = |solver: &[&str]| {
        let mut args = vec!["solve", "--format", "json"];
        args.extend_from_slice(solver);
        Test::new()
            .args(args)
            .path(&problem("dlcat-2019.toml"))
            .run()
            .code(0)
            .stdout
    };
    let by_default = json(&[]);
    assert_eq!(json(&["--solver", "auto"]), by_default);
    #[cfg(not(feature = "highs"))]
    {
        assert_eq!(json(&["--solver", "microlp"]), by_default);
        Test::new()
            .args(["solve", "--solver", "highs"])
            .path(&problem("dlcat-2019.toml"))
            .run()
            .code(2)
            .stderr_has("[possible values: auto, microlp]");
    }
}
