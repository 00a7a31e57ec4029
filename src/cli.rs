//! Command-line interface: clap definitions and the dispatch of each command to the pipeline.

use crate::date::Date;
use crate::error::{Error, Result};
use crate::{catalog_cmd, report};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// `maturity --version`: the tool, its built-in catalogues and the typst it embeds (checked by a test
/// against `load::builtin::versions()` and Cargo.toml).
pub const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\nbuilt-in catalogues: DSOMM 5.0.1 (default, `catalog: builtin` or `dsomm-5.0.1`), DSOMM 4.3.1 (`dsomm-4.3.1`)",
    "\ntypst 0.15.1 (embedded, fonts compiled in)"
);

#[derive(Parser, Debug)]
#[command(
    name = "maturity",
    version,
    long_version = LONG_VERSION,
    about = "Organisation-wide OWASP DSOMM maturity: validate, score, site and PDF reports"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check the input files and report every problem (exit 1 on errors).
    Validate {
        /// Project folder, DSOMM export folder, or v3 generated.yaml.
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[arg(long, value_enum, default_value_t = DiagFormat::Human)]
        format: DiagFormat,
    },
    /// Compute maturity scores for every team, group and the organisation.
    Score {
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[arg(long, value_enum, default_value_t = ScoreFormat::Table)]
        format: ScoreFormat,
        /// Score as of this date (YYYY-MM-DD); default today, or SOURCE_DATE_EPOCH.
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Build the static site, scores.json, CSV exports and PDF reports into OUT.
    Build {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder; replaced as a whole on success, untouched on failure.
        #[arg(long, short, default_value = "out")]
        out: PathBuf,
        /// Score as of this date (YYYY-MM-DD); default today, or SOURCE_DATE_EPOCH.
        #[arg(long)]
        as_of: Option<String>,
        /// Folder of templates overriding the built-in ones by name (default: DIR/templates if present).
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Build only part of the output.
        #[arg(long, value_enum, default_value_t = crate::build::Only::All)]
        only: crate::build::Only,
        /// No progress or summary lines.
        #[arg(long, short)]
        quiet: bool,
        /// Print each step with the time it took.
        #[arg(long, short, conflicts_with = "quiet")]
        verbose: bool,
        /// Start of the "what changed" view (YYYY-MM-DD); default: the start of the previous quarter.
        #[arg(long)]
        since: Option<String>,
        /// Step of the trend series.
        #[arg(long, value_enum, default_value_t = crate::score::Period::Quarter)]
        period: crate::score::Period,
        /// Team PDF reports: auto renders them up to 1,000 teams.
        #[arg(long, value_enum, default_value_t = crate::build::TeamPdfs::Auto)]
        team_pdfs: crate::build::TeamPdfs,
    },
    /// Render one PDF report (executive summary, team or group report) into FILE.
    Pdf {
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[arg(long, value_enum)]
        report: crate::render::pdf::Kind,
        /// The team or group the report is about (team and group reports).
        #[arg(long)]
        name: Option<String>,
        /// The PDF file to write.
        #[arg(long, short, value_name = "FILE")]
        out: PathBuf,
        /// Score as of this date (YYYY-MM-DD); default today, or SOURCE_DATE_EPOCH.
        #[arg(long)]
        as_of: Option<String>,
        /// Start of "what changed" (YYYY-MM-DD); default: the start of the previous quarter.
        #[arg(long)]
        since: Option<String>,
        /// Folder of templates overriding the built-in ones (default: DIR/templates if present).
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// Write a synthetic organisation of N teams (for benchmarks and scale tests).
    BenchData {
        /// Number of teams.
        teams: usize,
        #[arg(long, short)]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = crate::bench_data::Format::Native)]
        format: crate::bench_data::Format,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Repositories per team with synthetic OpenSSF Scorecard results (native format only).
        #[arg(long, default_value_t = 0)]
        repos: usize,
    },
    /// List the catalogue, or compare two catalogues.
    Catalog {
        #[command(subcommand)]
        action: Option<CatalogAction>,
    },
    /// Check the policies of maturity.yaml (exit 1 when an enforced policy fails).
    Check(crate::check::Args),
    /// E-mail each audience its report from a finished build (.eml files without an SMTP server).
    Send(crate::send::Args),
    /// Create a new assessment repository in DIR (a new or empty folder).
    Init(crate::init::Args),
    /// Convert a DSOMM app export (v4 folder or v3 generated.yaml) into a native project.
    ImportDsomm(crate::dsomm_io::ImportArgs),
    /// Write a project as DSOMM app files (team-progress.yaml, team-evidence.yaml, meta.yaml, teams.yaml).
    ExportDsomm(crate::dsomm_io::ExportArgs),
}

#[derive(Subcommand, Debug)]
pub enum CatalogAction {
    /// Dimensions, subdimensions and activities per level.
    List {
        /// A catalogue: `builtin` (the latest), `dsomm-5.0.1`, `dsomm-4.3.1`, a DSOMM model.yaml or
        /// meta.yaml (its activityFiles), or a folder in this project's format; default: built-in.
        #[arg(long)]
        catalog: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Added, removed, renamed, moved and re-levelled activities from OLD to NEW (`builtin` names the built-in one).
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// Also show what the change means for the organisation in DIR: per team and for the
        /// organisation the level before and after, the new activities at or below the next level,
        /// and the old activity names its files use.
        #[arg(long, value_name = "DIR")]
        impact: Option<PathBuf>,
        /// Score the impact as of this date (YYYY-MM-DD); default today, or SOURCE_DATE_EPOCH.
        #[arg(long, requires = "impact")]
        as_of: Option<String>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiagFormat {
    Human,
    Json,
    /// SARIF 2.1.0 (code scanning), paths relative to DIR.
    Sarif,
    /// GitHub Actions annotations (`::error file=...`).
    Github,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoreFormat {
    Table,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    Text,
    Json,
}

/// The date of `--FLAG`, or today without one.
pub(crate) fn date_arg(flag: &str, arg: Option<&str>) -> Result<Date> {
    match arg {
        None => Ok(Date::today()),
        Some(s) => Date::parse_arg(flag, s).map_err(Error::Other),
    }
}

fn as_of(arg: Option<&str>) -> Result<Date> {
    date_arg("as-of", arg)
}

fn since_arg(arg: Option<&str>) -> Result<Option<Date>> {
    arg.map(|s| date_arg("since", Some(s))).transpose()
}

fn exit(errors: bool) -> ExitCode {
    if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let today = Date::today();
    match args.command {
        Command::Validate { dir, format } => {
            let (v, mut diags) = crate::read_input(&dir, today)?;
            // Templates are input too: the same containment and limits are checked.
            crate::build::read_overrides(None, &dir, &mut diags);
            let scores = crate::score::score(&v.org, today);
            crate::dependency_warnings(&v, &scores, &mut diags);
            match format {
                DiagFormat::Human => {
                    crate::term::stderr(&diags.human());
                    let read: usize = v.ledger.values().map(|r| r.read).sum();
                    let rejected: usize = v.ledger.values().map(|r| r.rejected).sum();
                    crate::term::stderr(&format!(
                        "checked {} team(s), {} group(s), {} records ({} rejected) against catalogue {} ({} activities)\n",
                        v.org.teams.len(),
                        v.org.groups.len(),
                        read,
                        rejected,
                        v.org.catalog.version,
                        v.org.catalog.activities.len()
                    ));
                }
                DiagFormat::Json => crate::term::stdout(&diags.json())?,
                DiagFormat::Sarif => {
                    crate::term::stdout(&crate::diag_formats::sarif(&diags, &dir))?
                }
                DiagFormat::Github => crate::term::stdout(&crate::diag_formats::github(&diags))?,
            }
            Ok(exit(diags.has_errors()))
        }
        Command::Score {
            dir,
            format,
            as_of: date,
        } => {
            let date = as_of(date.as_deref())?;
            let (v, mut diags) = crate::read_input(&dir, today)?;
            let scores = crate::score::score(&v.org, date);
            crate::dependency_warnings(&v, &scores, &mut diags);
            crate::term::stderr(&diags.human());
            if diags.has_errors() {
                return Ok(exit(true));
            }
            match format {
                ScoreFormat::Json => crate::term::stdout(&report::json(&scores))?,
                ScoreFormat::Table => crate::term::stdout(&report::table(&v.org, &scores))?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Build {
            dir,
            out,
            as_of: date,
            templates,
            only,
            quiet,
            verbose,
            since,
            period,
            team_pdfs,
        } => {
            let since = since_arg(since.as_deref())?;
            let opts = crate::build::Options {
                dir,
                out,
                as_of: as_of(date.as_deref())?,
                today,
                templates,
                only,
                quiet,
                verbose,
                since,
                period,
                team_pdfs,
            };
            let (diags, summary) = crate::build::run(&opts)?;
            crate::term::stderr(&diags.human());
            if diags.has_errors() {
                crate::term::stderr("nothing written: fix the errors above\n");
                return Ok(exit(true));
            }
            if !quiet {
                crate::term::stderr(&format!(
                    "wrote {} files ({} KiB, {} PDFs) to {}; {} records read, {} rejected\n",
                    summary.files,
                    summary.bytes / 1024,
                    summary.pdfs,
                    opts.out.display(),
                    summary.records_read,
                    summary.records_rejected
                ));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Pdf {
            dir,
            report,
            name,
            out,
            as_of: date,
            since,
            templates,
        } => {
            let opts = crate::build::PdfOptions {
                dir,
                report,
                name,
                out,
                as_of: as_of(date.as_deref())?,
                today,
                since: since_arg(since.as_deref())?,
                templates,
            };
            let diags = crate::build::pdf_report(&opts)?;
            crate::term::stderr(&diags.human());
            if diags.has_errors() {
                crate::term::stderr("nothing written: fix the errors above\n");
            }
            Ok(exit(diags.has_errors()))
        }
        Command::BenchData {
            teams,
            out,
            format,
            seed,
            repos,
        } => {
            let (cat, _) = crate::catalog_cmd::load(None)?;
            let files = crate::bench_data::generate(&cat, teams, format, seed, repos);
            crate::output::write(&out, &files)?;
            crate::term::stderr(&format!(
                "wrote {} files for {teams} teams to {}\n",
                files.len(),
                out.display()
            ));
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(a) => crate::check::run(a),
        Command::Send(a) => crate::send::run(a),
        Command::Init(a) => crate::init::run(a),
        Command::ImportDsomm(a) => crate::dsomm_io::run_import(a),
        Command::ExportDsomm(a) => crate::dsomm_io::run_export(a),
        Command::Catalog { action } => catalog_cmd::run(action.unwrap_or(CatalogAction::List {
            catalog: None,
            format: ListFormat::Text,
        })),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_long_version_names_every_built_in_catalogue_and_the_typst_version() {
        for v in crate::load::builtin::versions() {
            assert!(super::LONG_VERSION.contains(&format!("DSOMM {v}")), "{v}");
        }
        let manifest = include_str!("../Cargo.toml");
        assert!(manifest.contains("typst = \"=0.15.1\""));
        assert!(super::LONG_VERSION.contains("typst 0.15.1"));
    }
}
