//! `maturity schema team|config`: prints the JSON Schema (draft 2020-12) of a team file or of
//! maturity.yaml, derived from the types in `validate::schema` (the files in `schemas/` are its output).

use crate::util::error::Result;
pub use crate::validate::schema::Which;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Which file the schema describes.
    #[arg(value_enum)]
    pub which: Which,
}

pub fn run(args: Args) -> Result<ExitCode> {
    crate::util::term::stdout(&crate::validate::schema::json(args.which))?;
    Ok(ExitCode::SUCCESS)
}
