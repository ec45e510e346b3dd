//! Regression tests named after the bug they pin: every problem in
//! `tests/regressions/` is solved, its timetable verified, and its status
//! and objective compared with the `# expect: STATUS OBJECTIVE` line in its
//! header (or `# expect: infeasible`).

use crate::support::{Test, root};

#[test]
fn every_regression_problem_gets_its_expected_answer() {
    let dir = root().join("tests/regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/regressions exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        let expect = text
            .lines()
            .find_map(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{}: no `# expect:` line", path.display()));
        let t = Test::new();
        let out = t.tmp().join("out.json");
        let run = t
            .args(["solve", "-q", "--format", "json", "-o"])
            .path(&out)
            .path(&path)
            .run();
        let name = path.display();
        if expect == "infeasible" {
            assert_eq!(run.code, 1, "{name}: {}", run.stderr);
            continue;
        }
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("json");
        let got = format!(
            "{} {}",
            json["status"].as_str().unwrap_or("?"),
            json["objective"]
        );
        assert_eq!(got, expect, "{name}");
        Test::new()
            .args(["verify"])
            .path(&path)
            .path(&out)
            .run()
            .code(0);
    }
}
