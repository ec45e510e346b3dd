//! The README's example problem prints exactly the grid the README shows.

use crate::support::{Test, root};

/// The first fenced block of `lang` after `marker` in the README.
fn block(readme: &str, marker: &str, lang: &str) -> String {
    let from = readme.find(marker).expect("marker in README");
    let rest = &readme[from..];
    let fence = format!("```{lang}\n");
    let start = rest.find(&fence).expect("fenced block") + fence.len();
    let end = rest[start..].find("\n```").expect("closing fence");
    rest[start..start + end].to_string()
}

#[test]
fn the_readme_example_grid_is_real_output() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let problem = block(&readme, "readme-example", "toml");
    let grid = block(&readme, "readme-example", "text");
    let t = Test::new();
    let path = t.file("example.toml", &problem);
    let run = t.args(["solve", "-q"]).path(&path).run().code(0);
    assert_eq!(
        run.stdout.trim_end(),
        grid.trim_end(),
        "update the README's grid"
    );
}

#[test]
fn the_readme_has_exactly_two_setup_commands_that_ci_runs() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let setup = block(&readme, "Set up on a fresh machine", "sh");
    let lines: Vec<&str> = setup.lines().collect();
    assert_eq!(
        lines,
        [
            "cargo run --release -- solve problems/dlcat-2019.toml",
            "cargo test"
        ]
    );
    let ci = std::fs::read_to_string(root().join(".ci/run")).expect(".ci/run");
    assert!(
        ci.contains("cargo test"),
        ".ci/run calls the README's test command"
    );
}

#[test]
fn the_readme_replanning_example_is_real_output() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let from = readme.find("readme-replan").expect("marker");
    let rest = &readme[from..];
    let overlay = block(rest, "", "toml");
    let after_sh = &rest[rest.find("```sh").expect("commands")..];
    let moves = block(after_sh, "", "text");
    let diff = block(
        &after_sh[after_sh.find("and `diff` prints").expect("diff")..],
        "",
        "text",
    );
    let t = Test::new();
    let problem =
        std::fs::read_to_string(root().join("problems/dlcat-2019.toml")).expect("problem");
    let late = t.file("late.toml", &format!("{problem}\n{overlay}\n"));
    let new = t.tmp().join("new.json");
    let published = root().join("problems/dlcat-2019.published.json");
    let run = Test::new()
        .args(["solve", "-o"])
        .path(&new)
        .args(["--baseline"])
        .path(&published)
        .path(&late)
        .run()
        .code(0);
    assert!(
        run.stderr
            .contains("optimal: change cost 60, then objective 791"),
        "{}",
        run.stderr
    );
    let moved: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("moved "))
        .collect();
    assert_eq!(
        moved.join("\n"),
        moves.trim_end(),
        "update the README's moves"
    );
    let run = Test::new()
        .args(["diff", "--problem"])
        .path(&root().join("problems/dlcat-2019.toml"))
        .path(&published)
        .path(&new)
        .run()
        .code(0);
    assert_eq!(
        run.stdout.trim_end(),
        diff.trim_end(),
        "update the README's diff"
    );
}
