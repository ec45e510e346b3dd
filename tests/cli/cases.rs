//! Golden tests: every `tests/cases/*.toml` is run and its exit code,
//! stdout and stderr compared exactly with `tests/cases/NAME.out`.
//!
//! `bad-*` cases run `confsched check`, `infeasible-*` cases run
//! `confsched solve`; a first line `# args: ...` overrides the arguments
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
fn bad_input_exits_2_and_infeasible_exits_1() {
    for path in cases() {
        let text = std::fs::read_to_string(path.with_extension("out")).unwrap_or_default();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let want = if name.starts_with("bad-") { 2 } else { 1 };
        assert!(
            text.contains(&format!("\nexit: {want}\n")),
            "{name}: expected exit {want}"
        );
    }
}
