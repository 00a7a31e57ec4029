//! Entry point: parse arguments, run the command, map the outcome to an exit code
//! (0 ok, 1 input or policy errors, 2 the tool failed).

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = maturity::cli::Args::parse();
    match maturity::cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
