//! The pipeline's import rule: a module of `src/` uses only modules of
//! earlier stages (and its own). Read from the source text, so a new
//! `use crate::...` that runs back up fails here, in CI.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::support::root;

/// The stages in order; a module may use itself and any module listed
/// before it. `num` and `tuning` hold plain numbers and come first.
const LAYERS: &[&str] = &[
    "num",
    "tuning",
    "problem",
    "timetable",
    "reason",
    "analysis",
    "model",
    "backend",
    "search",
    "report",
    "render",
    "generate",
    "import",
    "cli",
];

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib" && name != "main").then_some(name)
}

/// The top-level modules a file names as `crate::X`, outside comments.
fn uses(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
            rest = after;
        }
        // `use crate::{a, b}` lists several.
        if let Some(i) = code.find("crate::{") {
            let inside = &code[i + "crate::{".len()..];
            for part in inside.split(['}', ',']) {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        }
    }
    out
}

#[test]
fn every_module_uses_only_earlier_stages() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut wrong = Vec::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let Some(mine) = rank(&module) else {
            wrong.push(format!(
                "{}: module `{module}` is not in LAYERS",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("readable");
        for used in uses(&text) {
            match rank(&used) {
                Some(theirs) if theirs <= mine => {}
                Some(_) => wrong.push(format!(
                    "{}: `{module}` uses `{used}`, a later stage",
                    file.display()
                )),
                None => {}
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_import_reader_sees_braces_and_paths() {
    let found = uses("use crate::{model::X, problem};\nlet x = crate::search::y(); // crate::cli");
    let names: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(names, ["model", "problem", "search"]);
}
