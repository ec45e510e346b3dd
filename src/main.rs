//! The `confsched` binary: parse arguments, run the library, map the
//! outcome to an exit code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use confsched::cli::{self, Cli, Failure};

fn main() -> ExitCode {
    let args = Cli::parse();
    match cli::run(args) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(Failure::Message(text, exit)) => {
            let _ = std::io::stderr().write_all(text.as_bytes());
            ExitCode::from(exit.code())
        }
    }
}
