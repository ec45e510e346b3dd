//! Golden tests: every `tests/cases/*.toml` is run and its exit code,
//! stdout and stderr compared exactly with `tests/cases/NAME.out`.
//!
//! `bad-*` (exit 2) and `warn-*` (exit 0 with warnings) cases run
//! `confsched check`, `infeasible-*` cases run `confsched solve` (exit 1); a first line `# args: ...` overrides the arguments
//! (the file's name is always added last). Regenerate the expected files
//! with `CONFSCHED_BLESS=1 cargo test --test cli cases`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::support::root;

fn cases_dir() -> PathBuf {
    root().join("tests").join("cases")
}

fn cases() -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(cases_dir())
        .expect("tests/cases/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn args_for(path: &Path) -> Vec<String> {
    let name = path.file_stem().unwrap().to_string_lossy().to_string();
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut args: Vec<String> = match text.lines().next().and_then(|l| l.strip_prefix("# args:")) {
        Some(a) => a.split_whitespace().map(str::to_string).collect(),
        None if name.starts_with("infeasible-") => vec!["solve".into()],
        None => vec!["check".into()],
    };
    args.push(format!("{name}.toml"));
    args
}

/// What one case printed, in the form of its `.out` file.
fn run_case(path: &Path) -> String {
    let args = args_for(path);
    let out = Command::cargo_bin("confsched")
        .expect("binary")
        .args(&args)
        .current_dir(cases_dir())
        .output()
        .expect("run confsched");
    format!(
        "args: {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn every_case_prints_what_its_out_file_says() {
    let bless = std::env::var_os("CONFSCHED_BLESS").is_some_and(|v| v == "1");
    let mut failed = Vec::new();
    for path in cases() {
        let got = run_case(&path);
        let expected_path = path.with_extension("out");
        if bless {
            std::fs::write(&expected_path, &got).expect("write .out");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            eprintln!(
                "--- {} differs\n--- expected\n{expected}\n--- got\n{got}",
                path.display()
            );
            failed.push(path.file_name().unwrap().to_string_lossy().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{} cases differ (CONFSCHED_BLESS=1 regenerates): {failed:?}",
        failed.len()
    );
}

#[test]
fn there_are_enough_cases_of_each_kind() {
    let names: Vec<String> = cases()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    let bad = names.iter().filter(|n| n.starts_with("bad-")).count();
    let infeasible = names
        .iter()
        .filter(|n| n.starts_with("infeasible-"))
        .count();
    assert!(bad >= 25, "{bad} bad-input cases");
    assert!(infeasible >= 8, "{infeasible} infeasible cases");
}

#[test]
fn bad_input_exits_2_warnings_0_and_infeasible_1() {
    for path in cases() {
        let text = std::fs::read_to_string(path.with_extension("out")).unwrap_or_default();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let want = if name.starts_with("bad-") {
            2
        } else if name.starts_with("warn-") {
            assert!(text.contains("warning: "), "{name}: expected a warning");
            0
        } else {
            1
        };
        assert!(
            text.contains(&format!("\nexit: {want}\n")),
            "{name}: expected exit {want}"
        );
    }
}

#[test]
fn the_readme_shows_a_real_error_and_a_real_explanation() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    for name in ["bad-unknown-key-suggestion", "infeasible-walk-conflict"] {
        let out = std::fs::read_to_string(cases_dir().join(format!("{name}.out"))).unwrap();
        let stderr = out.split("--- stderr\n").nth(1).unwrap().trim_end();
        assert!(
            readme.contains(stderr),
            "README.md lacks the output of {name}"
        );
    }
}

#[test]
fn the_examples_in_docs_diagnostics_are_real_output() {
    let doc = std::fs::read_to_string(root().join("docs").join("diagnostics.md")).expect("docs");
    for name in [
        "bad-unknown-key-suggestion",
        "bad-many-errors-short",
        "infeasible-check",
        "infeasible-walk-conflict",
    ] {
        let out = std::fs::read_to_string(cases_dir().join(format!("{name}.out"))).unwrap();
        let stderr = out.split("--- stderr\n").nth(1).unwrap().trim_end();
        assert!(
            doc.contains(stderr),
            "docs/diagnostics.md lacks the output of {name}"
        );
    }
}

/// A generated 150-talk problem made impossible by forcing 11 talks with
/// distinct speakers into one slot of 10 rooms: no pre-solve proof
/// applies, and deletion filtering must name those talks and the rooms
/// within its budget.
#[test]
fn a_150_talk_conflict_is_explained_within_the_budget() {
    use confsched::reason::{Group, Reason};
    use confsched::search::{Outcome, SolveOptions};

    // Without unavailability, `only` or `fixed`, so that forcing a talk
    // into the slot conflicts with nothing but the other forced talks.
    let params = confsched::generate::GenParams {
        unavailability: false,
        ..confsched::generate::GenParams::new(150, 10, 16, 1)
    };
    let g = confsched::generate::generate(&params).expect("generate");
    let mut blocks: Vec<String> = g.toml.split("\n[[talks]]\n").map(str::to_string).collect();
    let mut used = std::collections::BTreeSet::new();
    let mut forced = 0;
    for b in blocks.iter_mut().skip(1) {
        let speakers = b
            .lines()
            .find(|l| l.starts_with("speakers = "))
            .unwrap_or("")
            .to_string();
        let names: Vec<String> = speakers
            .split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect();
        // Overflow talks and talks needing a feature would be conflicts of
        // their own (fewer seats or rooms).
        let special = b.contains("overflow") || b.contains("needs");
        if special || names.iter().any(|n| used.contains(n)) {
            continue;
        }
        used.extend(names);
        *b = b.replacen("\naudience", "\nonly = [\"2030-06-03 10:00\"]\naudience", 1);
        forced += 1;
        if forced == 11 {
            break;
        }
    }
    let text = blocks.join("\n[[talks]]\n");
    let p = confsched::problem::parse("g.toml", &text).unwrap_or_else(|e| panic!("{e}"));
    let started = std::time::Instant::now();
    let outcome = confsched::search::solve(&p, &SolveOptions::default()).expect("solve");
    let elapsed = started.elapsed();
    let Outcome::Infeasible(reasons) = outcome else {
        panic!("expected no timetable")
    };
    let [
        Reason::Conflict {
            groups, minimal, ..
        },
    ] = &reasons[..]
    else {
        panic!("expected a conflict from the solver: {reasons:?}")
    };
    // Within the budget: the explanation search finished (no wall-clock
    // assertion here; speed lives in the benchmarks).
    assert!(*minimal, "the budget ran out after {elapsed:?}");
    let talks = groups
        .iter()
        .filter(|g| matches!(g, Group::Talk(_)))
        .count();
    let rooms = groups
        .iter()
        .filter(|g| matches!(g, Group::Room(_)))
        .count();
    assert_eq!((talks, rooms), (11, 10), "{groups:?}");
}

#[test]
fn out_of_budget_the_set_found_so_far_is_printed_as_maybe_not_minimal() {
    use confsched::reason::Reason;
    use confsched::search::SolveOptions;
    let path = cases_dir().join("infeasible-rooms-busy.toml");
    let p = confsched::problem::load(&path.to_string_lossy()).expect("loads");
    let opts = SolveOptions {
        time_limit: Some(std::time::Duration::ZERO),
        ..SolveOptions::default()
    };
    let reason = confsched::search::explain(&p, &opts).expect("runs");
    assert!(
        matches!(reason, Reason::Conflict { minimal: false, .. }),
        "{reason:?}"
    );
    let text = confsched::report::explain(&p, &[reason]);
    assert!(text.contains("may not be minimal"), "{text}");
}

/// No case, however hostile its file, makes confsched print a control
/// character a terminal would act on (only newlines and tabs).
#[test]
fn no_case_prints_a_control_character() {
    for path in cases() {
        let out = run_case(&path);
        let bad: Vec<char> = out
            .chars()
            .filter(|&c| c.is_control() && c != '\n' && c != '\t')
            .collect();
        assert!(bad.is_empty(), "{}: {bad:?}", path.display());
    }
}
