//! `maturity check`: evaluates the policies of maturity.yaml and reports them for people (human), machines
//! (JSON) and CI test views (JUnit XML); exit 1 when an enforced policy fails.

mod junit;

use crate::policy::{Outcome, Status};
use crate::util::date::Date;
use crate::util::error::Result;
use crate::util::term::clean;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Junit,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Check as of this date (YYYY-MM-DD); default today, or SOURCE_DATE_EPOCH.
    #[arg(long)]
    pub as_of: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE instead of standard output (the summary still goes to standard error).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// How many failing teams the human report lists per policy.
const HUMAN_TEAMS: usize = 20;

pub fn run(args: Args) -> Result<ExitCode> {
    let today = Date::today();
    let as_of = match args.as_of.as_deref() {
        None => today,
        Some(s) => super::date_arg("as-of", Some(s))?,
    };
    let (v, mut diags) = crate::read_input(&args.dir, today)?;
    let scores = crate::score::score(&v.org, as_of);
    crate::dependency_warnings(&v, &scores, &mut diags);
    crate::util::term::stderr(&crate::load::source::human(&args.dir, &diags));
    if diags.has_errors() {
        crate::util::term::stderr("no policies checked: fix the errors above\n");
        return Ok(ExitCode::from(1));
    }
    let outcomes = crate::policy::evaluate(&v.org, &scores, &v.policies);
    let human = human(&outcomes, as_of);
    let report = match args.format {
        Format::Human => human.clone(),
        Format::Json => json(&outcomes, as_of),
        Format::Junit => junit::render(&outcomes, as_of),
    };
    match &args.output {
        Some(path) => crate::output::file::write(path, report.as_bytes(), "write report")?,
        None => crate::util::term::stdout(&report)?,
    }
    if args.format != Format::Human || args.output.is_some() {
        crate::util::term::stderr(&human);
    }
    let failed = outcomes.iter().any(|o| o.status == Status::Failed);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn counts(outcomes: &[Outcome]) -> (usize, usize, usize) {
    let n = |s: Status| outcomes.iter().filter(|o| o.status == s).count();
    (n(Status::Passed), n(Status::Failed), n(Status::Upcoming))
}

/// A readable summary: one block per policy, failing teams with their reasons, then a total line.
pub fn human(outcomes: &[Outcome], as_of: Date) -> String {
    let mut out = String::new();
    if outcomes.is_empty() {
        let _ = writeln!(
            out,
            "no policies to check: add a `policies:` section to maturity.yaml (see README.md)"
        );
        return out;
    }
    let _ = writeln!(out, "policies as of {as_of}:");
    for o in outcomes {
        let total = o.teams.len();
        let fails: Vec<_> = o.failing().collect();
        let (label, detail) = match o.status {
            Status::Passed => ("PASSED  ", format!("{total} team(s) meet it")),
            Status::Failed => (
                "FAILED  ",
                format!("{} of {total} team(s) fail", fails.len()),
            ),
            Status::Upcoming => (
                "UPCOMING",
                format!(
                    "enforced from {}; {} of {total} team(s) would fail today",
                    o.by.map(|d| d.to_string()).unwrap_or_default(),
                    fails.len()
                ),
            ),
        };
        let _ = writeln!(out, "{label}  {}: {detail}", clean(&o.policy));
        for t in fails.iter().take(HUMAN_TEAMS) {
            let _ = write!(out, "          - {}:", clean(&t.team));
            for (n, r) in t.reasons.iter().enumerate() {
                let sep = if n == 0 { " " } else { "\n            " };
                let _ = write!(out, "{sep}{}", clean(&r.message));
            }
            out.push('\n');
        }
        if fails.len() > HUMAN_TEAMS {
            let _ = writeln!(
                out,
                "          ... and {} more team(s) (all are listed with --format json)",
                fails.len() - HUMAN_TEAMS
            );
        }
    }
    let (passed, failed, upcoming) = counts(outcomes);
    let _ = writeln!(
        out,
        "{} polic{}: {passed} passed, {failed} failed, {upcoming} upcoming",
        outcomes.len(),
        if outcomes.len() == 1 { "y" } else { "ies" }
    );
    out
}

/// `{"as_of", "passed", "failed", "upcoming", "policies": [...]}`.
pub fn json(outcomes: &[Outcome], as_of: Date) -> String {
    let (passed, failed, upcoming) = counts(outcomes);
    let v = serde_json::json!({
        "as_of": as_of,
        "passed": passed,
        "failed": failed,
        "upcoming": upcoming,
        "policies": outcomes,
    });
    serde_json::to_string_pretty(&v).expect("outcomes serialize") + "\n"
}
