//! The `confsched` binary: the command line in `cli`.

fn main() -> std::process::ExitCode {
    confsched::cli::main()
}
