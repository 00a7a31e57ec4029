//! The subcommands, one module each, on top of the pipeline stages: every module has its clap `Args` and
//! a `run(Args) -> Result<ExitCode>` that `cli` dispatches to. A new command is a new module here and a
//! variant in `cli::Command`.

pub mod bench_data;
pub mod build;
pub mod catalog;
pub mod check;
pub mod completions;
pub mod dsomm;
pub mod fuzz;
pub mod init;
pub mod man;
pub mod pdf;
pub mod schema;
pub mod score;
pub mod send;
pub mod serve;
mod serve_http;
pub mod validate;

use crate::util::date::Date;
use crate::util::error::{Error, Result};
use std::process::ExitCode;

/// The date of `--FLAG`, or today without one.
pub(crate) fn date_arg(flag: &str, arg: Option<&str>) -> Result<Date> {
    match arg {
        None => Ok(Date::today()),
        Some(s) => Date::parse_arg(flag, s).map_err(Error::Other),
    }
}

/// `--as-of`, or today without one.
fn as_of_arg(arg: Option<&str>) -> Result<Date> {
    date_arg("as-of", arg)
}

/// `--since`, if given.
fn since_arg(arg: Option<&str>) -> Result<Option<Date>> {
    arg.map(|s| date_arg("since", Some(s))).transpose()
}

/// Exit 1 when there are input (or policy) errors, else 0.
fn exit(errors: bool) -> ExitCode {
    if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
