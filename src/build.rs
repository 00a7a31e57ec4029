//! `maturity build`: the whole pipeline from input folder to a published output folder
//! (site, scores.json, CSV exports, ledger and PDF reports).

use crate::date::Date;
use crate::diag::{Diagnostics, Severity};
use crate::error::Result;
use crate::render::site::{self, SiteInput};
use crate::render::view::Link;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;

/// Which parts to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Only {
    All,
    Site,
    Pdf,
    Json,
}

pub struct Options {
    pub dir: PathBuf,
    pub out: PathBuf,
    pub as_of: Date,
    pub today: Date,
    /// A folder whose files override built-in templates by name (`site/team.html`, `pdf/team.typ`).
    pub templates: Option<PathBuf>,
    pub only: Only,
    pub quiet: bool,
    /// Start of the "what changed" view; default: the start of the previous quarter.
    pub since: Option<Date>,
    pub period: crate::score::Period,
}

/// What a build did, for the closing summary line.
#[derive(Default, Debug)]
pub struct Summary {
    pub files: usize,
    pub bytes: usize,
    pub pdfs: usize,
    pub records_read: usize,
    pub records_rejected: usize,
}

/// Progress lines on an interactive terminal only; CI logs stay quiet.
pub struct Progress {
    on: bool,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        Progress {
            on: !quiet && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none(),
        }
    }
    pub fn step(&self, msg: &str) {
        if self.on {
            eprint!("\r\x1b[2K{msg}");
        }
    }
    pub fn done(&self) {
        if self.on {
            eprint!("\r\x1b[2K");
        }
    }
}

/// Runs the build. Input errors come back in the diagnostics and nothing is written.
pub fn run(opts: &Options) -> Result<(Diagnostics, Summary)> {
    let progress = Progress::new(opts.quiet);
    progress.step("loading input…");
    let (v, mut diags) = crate::read_input(&opts.dir, opts.today)?;
    let scores = crate::score::score(&v.org, opts.as_of);
    crate::dependency_warnings(&v, &scores, &mut diags);
    let mut summary = Summary {
        records_read: v.ledger.values().map(|r| r.read).sum(),
        records_rejected: v.ledger.values().map(|r| r.rejected).sum(),
        ..Summary::default()
    };
    if diags.has_errors() {
        progress.done();
        return Ok((diags, summary));
    }
    let overrides = match &opts.templates {
        Some(t) => crate::load::templates::read(t)?,
        None => {
            let default = opts.dir.join("templates");
            if default.is_dir() {
                crate::load::templates::read(&default)?
            } else {
                BTreeMap::new()
            }
        }
    };
    let site_overrides: BTreeMap<String, String> = overrides
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("site/").map(|n| (n.to_string(), v.clone())))
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let reports: Vec<Link> = Vec::new();
    if matches!(opts.only, Only::All | Only::Site) {
        progress.step("scoring history…");
        let history = crate::score::history(&v.org, opts.as_of, opts.period);
        let since = opts
            .since
            .unwrap_or_else(|| opts.as_of.quarter_start().add_days(-1).quarter_start());
        let changes = crate::score::changes(&v.org, since, opts.as_of);
        let warnings: Vec<_> = diags
            .sorted()
            .into_iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect();
        progress.step("rendering site…");
        let input = SiteInput {
            org: &v.org,
            scores: &scores,
            history: &history,
            changes: &changes,
            ledger: &v.ledger,
            warnings: &warnings,
            overrides: &site_overrides,
            reports: &reports,
        };
        files.extend(site::render(&input)?);
    } else {
        files.push((
            "scores.json".into(),
            crate::report::json(&scores).into_bytes(),
        ));
    }
    summary.files = files.len();
    summary.bytes = files.iter().map(|f| f.1.len()).sum();
    progress.step(&format!("writing {} files…", files.len()));
    crate::output::write(&opts.out, &files)?;
    progress.done();
    Ok((diags, summary))
}
