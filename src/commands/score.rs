//! `maturity score`: scores every team, group and the organisation, printed as the JSON contract
//! (scores.json) or as a terminal table.

use crate::model::Org;
use crate::score::Scores;
use crate::util::date::Date;
use crate::util::error::Result;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Score as of this date (YYYY-MM-DD); default today, or SOURCE_DATE_EPOCH.
    #[arg(long)]
    pub as_of: Option<String>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let date = super::as_of_arg(args.as_of.as_deref())?;
    let (v, mut diags) = crate::read_input(&args.dir, Date::today())?;
    let scores = crate::score::score(&v.org, date);
    crate::dependency_warnings(&v, &scores, &mut diags);
    crate::util::term::stderr(&crate::load::source::human(&args.dir, &diags));
    if diags.has_errors() {
        return Ok(super::exit(true));
    }
    match args.format {
        Format::Json => crate::util::term::stdout(&crate::render::scores::json(&scores))?,
        Format::Table => crate::util::term::stdout(&table(&v.org, &scores))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{:.0}%", v * 100.0))
        .unwrap_or_else(|| "n/a".into())
}

/// One row per team: level, completion, and completion per dimension; then groups and the organisation.
fn table(org: &Org, s: &Scores) -> String {
    let dims: Vec<&str> = org
        .catalog
        .dimensions
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    let short = |d: &str| {
        d.split_whitespace()
            .map(|w| w.chars().next().unwrap_or(' '))
            .collect::<String>()
    };
    let width = s
        .teams
        .iter()
        .map(|t| t.name.chars().count())
        .chain(s.groups.iter().map(|g| g.name.chars().count()))
        .max()
        .unwrap_or(4)
        .clamp(12, 40);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} as of {} (catalogue {}, {} activities)",
        crate::util::term::clean(&org.name),
        s.as_of,
        s.catalog.version,
        s.catalog.activities
    );
    let _ = write!(out, "{:<width$}  {:>5}  {:>6}", "TEAM", "LEVEL", "DONE");
    for d in &dims {
        let _ = write!(out, "  {:>5}", short(d));
    }
    out.push('\n');
    for t in &s.teams {
        let name: String = crate::util::term::clean(&t.name)
            .chars()
            .take(width)
            .collect();
        let _ = write!(
            out,
            "{name:<width$}  {:>5}  {:>6}",
            t.level.map_or("-".to_string(), |l| l.to_string()),
            pct(t.completion)
        );
        for d in &dims {
            let _ = write!(
                out,
                "  {:>5}",
                pct(t.dimensions.get(*d).and_then(|x| x.completion))
            );
        }
        out.push('\n');
    }
    if !s.groups.is_empty() {
        let _ = writeln!(out, "\n{:<width$}  {:>5}  {:>6}", "GROUP", "TEAMS", "DONE");
        for g in &s.groups {
            let name: String = crate::util::term::clean(&g.name)
                .chars()
                .take(width)
                .collect();
            let _ = writeln!(
                out,
                "{name:<width$}  {:>5}  {:>6}",
                g.teams.len(),
                pct(g.completion)
            );
        }
    }
    let dist: Vec<String> = s
        .org
        .level_distribution
        .iter()
        .map(|(l, n)| format!("L{l}: {n}"))
        .collect();
    let _ = writeln!(
        out,
        "\nORGANISATION  {} teams, {} done, teams per level: {}",
        s.org.teams,
        pct(s.org.completion),
        dist.join(", ")
    );
    let _ = writeln!(
        out,
        "dimensions: {}",
        dims.iter()
            .map(|d| format!("{} = {}", short(d), crate::util::term::clean(d)))
            .collect::<Vec<_>>()
            .join("; ")
    );
    out
}
