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
