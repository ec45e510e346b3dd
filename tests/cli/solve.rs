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
    assert!(out.contains("UST 강당 (300)"), "{out}");
    assert!(out.contains("12:00-13:00 Lunch"), "{out}");
    assert!(out.contains("10:00-10:50"), "{out}");
    assert_eq!(out.matches("(streamed from A)").count(), 4, "{out}");
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
