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

/// Whether the outside tool a test needs is installed (`probe` runs and
/// succeeds). When it is not: with the environment variable `CI` set the
/// test fails (CI installs every tool, see `.ci/install`); otherwise one
/// line `skipped: <test> needs <tool>` goes straight to the terminal (past
/// the test harness's capture) and the test returns early.
pub fn need(test: &str, tool: &str, probe: &mut std::process::Command) -> bool {
    let ok = probe
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    need_present(test, tool, ok)
}

/// [`need`] when the caller has found out itself whether the tool is there.
pub fn need_present(test: &str, tool: &str, ok: bool) -> bool {
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test} needs {tool}, which is missing under CI (`.ci/install` installs it)"
        );
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "skipped: {test} needs {tool}");
    }
    ok
}

/// A file in `problems/`.
pub fn problem(name: &str) -> PathBuf {
    root().join("problems").join(name)
}

/// One `confsched` run being described.
pub struct Test {
    args: RefCell<Vec<String>>,
    env: RefCell<Vec<(String, String)>>,
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
            env: RefCell::new(Vec::new()),
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

    /// Sets an environment variable for the run.
    pub fn env(&self, key: &str, value: &str) -> &Self {
        self.env
            .borrow_mut()
            .push((key.to_string(), value.to_string()));
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

    /// Feeds these bytes to standard input.
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(bytes.into());
        self
    }

    /// The temporary folder.
    pub fn tmp(&self) -> &Path {
        self.dir.path()
    }

    /// Runs the binary (without the caller's `COLUMNS`, so the text grid
    /// does not depend on the terminal the tests run in; [`Test::env`]
    /// sets it).
    pub fn run(&self) -> Run {
        let mut cmd = Command::cargo_bin("confsched").expect("binary");
        cmd.args(self.args.borrow().iter())
            .current_dir(self.dir.path())
            .env_remove("COLUMNS")
            .envs(self.env.borrow().iter().map(|(k, v)| (k, v)));
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
