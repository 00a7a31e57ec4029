//! `maturity pdf`: one PDF report (executive summary, team or group report) rendered on demand into a file.

use crate::render::pdf::{self, jobs::PdfJob};
use crate::util::date::Date;
use crate::util::diag::Diagnostics;
use crate::util::error::Result;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    #[arg(long, value_enum)]
    pub report: pdf::Kind,
    /// The team or group the report is about (team and group reports).
    #[arg(long)]
    pub name: Option<String>,
    /// The PDF file to write.
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,
    /// Score as of this date (YYYY-MM-DD); default today, or SOURCE_DATE_EPOCH.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Start of "what changed" (YYYY-MM-DD); default: the start of the previous quarter.
    #[arg(long)]
    pub since: Option<String>,
    /// Folder of templates overriding the built-in ones (default: DIR/templates if present).
    #[arg(long)]
    pub templates: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let opts = Options {
        dir: args.dir,
        report: args.report,
        name: args.name,
        out: args.out,
        as_of: super::as_of_arg(args.as_of.as_deref())?,
        today: Date::today(),
        since: super::since_arg(args.since.as_deref())?,
        templates: args.templates,
    };
    let diags = report(&opts)?;
    crate::util::term::stderr(&crate::load::source::human(&opts.dir, &diags));
    if diags.has_errors() {
        crate::util::term::stderr("nothing written: fix the errors above\n");
    }
    Ok(super::exit(diags.has_errors()))
}

/// One report on demand.
pub struct Options {
    pub dir: PathBuf,
    pub report: pdf::Kind,
    /// The team or group (team and group reports only).
    pub name: Option<String>,
    pub out: PathBuf,
    pub as_of: Date,
    pub today: Date,
    pub since: Option<Date>,
    pub templates: Option<PathBuf>,
}

/// Renders one report into `opts.out`. Input errors come back in the diagnostics and nothing is
/// written; an unknown team or group, or a template error, is an `Err` (exit 2).
pub fn report(opts: &Options) -> Result<Diagnostics> {
    use crate::util::error::Error;
    let (v, mut diags) = crate::read_input(&opts.dir, opts.today)?;
    let scores = crate::score::score(&v.org, opts.as_of);
    crate::dependency_warnings(&v, &scores, &mut diags);
    if diags.has_errors() {
        return Ok(diags);
    }
    let kind = opts.report.as_str();
    let (name, title) = match (opts.report, &opts.name) {
        (pdf::Kind::Executive, None) => (String::new(), pdf::Kind::Executive.title("")),
        (pdf::Kind::Executive, Some(_)) => {
            return Err(Error::Other(
                "--name is for team and group reports; the executive summary covers everything"
                    .into(),
            ));
        }
        (_, None) => {
            return Err(Error::Other(format!(
                "--report {kind} needs --name <{kind}>"
            )));
        }
        (k, Some(n)) => {
            let known: Vec<&str> = if k == pdf::Kind::Team {
                scores.teams.iter().map(|t| t.name.as_str()).collect()
            } else {
                scores.groups.iter().map(|g| g.name.as_str()).collect()
            };
            if !known.contains(&n.as_str()) {
                let more = known.len().saturating_sub(10);
                let mut list = known
                    .iter()
                    .take(10)
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                if more > 0 {
                    list.push_str(&format!(" and {more} more"));
                }
                return Err(Error::Other(format!(
                    "no {kind} named `{n}` (known: {list})"
                )));
            }
            (n.clone(), k.title(n))
        }
    };
    let overrides =
        crate::load::templates::overrides(opts.templates.as_deref(), &opts.dir, &mut diags);
    if diags.has_errors() {
        return Ok(diags);
    }
    let ctx = pdf::ReportContext::new(&v.org, opts.as_of, opts.since)
        .with_policies(crate::policy::evaluate(&v.org, &scores, &v.policies));
    let job = PdfJob {
        kind: opts.report,
        name,
        title,
        path: String::new(),
    };
    let templates = pdf::jobs::Templates::new(&overrides.files, &overrides.dir);
    let bytes = pdf::jobs::render(&v.org, &scores, &ctx, &job, &templates)?;
    crate::output::file::replace(&opts.out, &bytes, "pdf.partial")?;
    Ok(diags)
}
