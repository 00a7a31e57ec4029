//! `maturity man`: prints the man page maturity(1) as roff (clap_mangen), or writes it with one page per
//! subcommand (maturity-build(1), ...) into a folder.

use crate::util::error::{Error, Result};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Write maturity.1 and a page per subcommand (maturity-build.1, ...) into this folder instead.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `cmd` is the whole command line's definition (`cli::command`), handed down by the dispatch.
pub fn run(args: Args, cmd: clap::Command) -> Result<ExitCode> {
    match args.out {
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut page)
                .map_err(|e| Error::Other(format!("failed to render the man page ({e})")))?;
            crate::util::term::stdout(&String::from_utf8_lossy(&page))?;
        }
        Some(dir) => {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
            clap_mangen::generate_to(cmd, &dir)
                .map_err(|e| Error::io("write man pages into", &dir, e))?;
            crate::util::term::stderr(&format!("wrote the man pages to {}\n", dir.display()))
        }
    }
    Ok(ExitCode::SUCCESS)
}
