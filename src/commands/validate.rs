//! `maturity validate`: checks the input files and reports every problem, for people or for CI (JSON,
//! SARIF, GitHub annotations); exit 1 on errors.

use crate::util::date::Date;
use crate::util::error::Result;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    /// SARIF 2.1.0 (code scanning), paths relative to DIR.
    Sarif,
    /// GitHub Actions annotations (`::error file=...`).
    Github,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder, DSOMM export folder, or v3 generated.yaml.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let Args { dir, format } = args;
    let today = Date::today();
    let (v, mut diags) = crate::read_input(&dir, today)?;
    // Templates are input too: the same containment and limits are checked.
    crate::load::templates::overrides(None, &dir, &mut diags);
    let scores = crate::score::score(&v.org, today);
    crate::dependency_warnings(&v, &scores, &mut diags);
    match format {
        Format::Human => {
            crate::util::term::stderr(&crate::load::source::human(&dir, &diags));
            let read: usize = v.ledger.values().map(|r| r.read).sum();
            let rejected: usize = v.ledger.values().map(|r| r.rejected).sum();
            crate::util::term::stderr(&format!(
                "checked {} team(s), {} group(s), {} records ({} rejected) against catalogue {} ({} activities)\n",
                v.org.teams.len(),
                v.org.groups.len(),
                read,
                rejected,
                v.org.catalog.version,
                v.org.catalog.activities.len()
            ));
        }
        Format::Json => crate::util::term::stdout(&diags.json())?,
        Format::Sarif => {
            crate::util::term::stdout(&crate::util::diag_formats::sarif(&diags, &dir))?
        }
        Format::Github => crate::util::term::stdout(&crate::util::diag_formats::github(&diags))?,
    }
    Ok(super::exit(diags.has_errors()))
}
