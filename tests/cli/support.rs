//! Builder-style helpers for CLI tests: `Test::new().args(..).run()` then
//! assertions on exit code, stdout and stderr.

#![allow(dead_code)]

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file in `problems/`.
pub fn problem(name: &str) -> PathBuf {
    root().join("problems").join(name)
}

/// One `confsched` run being described.
pub struct Test {
    args: RefCell<Vec<String>>,
    dir: tempfile::TempDir,
    stdin: Option<Vec<u8>>,
}

/// What a run gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Test {
    pub fn new() -> Self {
        Test {
            args: RefCell::new(Vec::new()),
            dir: tempfile::tempdir().expect("temp dir"),
            stdin: None,
        }
    }

    /// Adds arguments.
    pub fn args<I: IntoIterator<Item = S>, S: AsRef<str>>(&self, args: I) -> &Self {
        self.args
            .borrow_mut()
            .extend(args.into_iter().map(|a| a.as_ref().to_string()));
        self
    }

    /// Adds a path argument.
    pub fn path(&self, p: &Path) -> &Self {
        self.args.borrow_mut().push(p.to_string_lossy().to_string());
        self
    }

    /// Writes a file into the test's temporary folder and returns its path.
    pub fn file(&self, name: &str, contents: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, contents).expect("write test file");
        p
    }

    /// The temporary folder.
    pub fn tmp(&self) -> &Path {
        self.dir.path()
    }

    /// Runs the binary.
    pub fn run(&self) -> Run {
        let mut cmd = Command::cargo_bin("confsched").expect("binary");
        cmd.args(self.args.borrow().iter())
            .current_dir(self.dir.path());
        if let Some(input) = &self.stdin {
            cmd.write_stdin(input.clone());
        }
        let out: Output = cmd.output().expect("run confsched");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).to_string(),
            stderr: String::from_utf8_lossy(&out.stderr).to_string(),
        }
    }
}

impl Run {
    /// Asserts the exit code and returns self for more checks.
    pub fn code(self, expected: i32) -> Self {
        assert_eq!(
            self.code, expected,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
    pub fn stdout_has(self, needle: &str) -> Self {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}:\n{}",
            self.stdout
        );
        self
    }
    pub fn stderr_has(self, needle: &str) -> Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// Whether an outside tool a test needs is there. When it is not: under
/// `CI` (set and not empty) the test fails; otherwise it prints exactly one
/// line, `skipped: <test> needs <tool>`, and the caller returns.
pub fn need_tool(test: &str, tool: &str, present: bool) -> bool {
    if present {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty());
    assert!(
        !ci,
        "{test} needs {tool}, which CI must have (bash .ci/install installs it)"
    );
    eprintln!("skipped: {test} needs {tool}");
    false
}
