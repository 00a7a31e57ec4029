//! `maturity build`: the whole pipeline from input folder to a published output folder
//! (site, scores.json, CSV exports, ledger and PDF reports).

use crate::date::Date;
use crate::diag::{Diagnostics, Severity};
use crate::error::Result;
use crate::model::Org;
use crate::render::pdf;
use crate::render::site::{self, SiteInput};
use crate::render::view::Link;
use crate::score::Scores;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Which team reports to render as PDF.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TeamPdfs {
    /// Every team up to `TEAM_PDF_AUTO_LIMIT` teams, none above.
    Auto,
    All,
    None,
}

/// Above this many teams, `--team-pdfs auto` skips team PDFs (the site has every team page).
pub const TEAM_PDF_AUTO_LIMIT: usize = 1000;

/// One PDF to render.
pub struct PdfJob {
    pub kind: &'static str,
    /// Team or group name (empty for the executive summary).
    pub name: String,
    pub title: String,
    /// Path inside the output folder.
    pub path: String,
}

/// The PDFs of a build: the executive summary, one per group, one per team (per `team_pdfs`).
pub fn pdf_jobs(org: &Org, slugs: &site::Slugs, team_pdfs: TeamPdfs) -> Vec<PdfJob> {
    let mut jobs = vec![PdfJob {
        kind: "executive",
        name: String::new(),
        title: "Executive summary".into(),
        path: "reports/executive-summary.pdf".into(),
    }];
    for g in org.groups.keys() {
        jobs.push(PdfJob {
            kind: "group",
            name: g.clone(),
            title: format!("Group report: {g}"),
            path: format!("reports/groups/{}.pdf", slugs.groups[g]),
        });
    }
    let teams = match team_pdfs {
        TeamPdfs::All => true,
        TeamPdfs::None => false,
        TeamPdfs::Auto => org.teams.len() <= TEAM_PDF_AUTO_LIMIT,
    };
    if teams {
        for t in org.teams.keys() {
            jobs.push(PdfJob {
                kind: "team",
                name: t.clone(),
                title: format!("Team report: {t}"),
                path: format!("reports/teams/{}.pdf", slugs.teams[t]),
            });
        }
    }
    jobs
}

/// Renders one report with the built-in template or the user's `pdf/<kind>.typ`.
pub fn render_pdf(
    org: &Org,
    scores: &Scores,
    job: &PdfJob,
    overrides: &BTreeMap<String, String>,
) -> Result<Vec<u8>> {
    let builtin = match job.kind {
        "executive" => pdf::EXECUTIVE_TYP,
        "group" => pdf::GROUP_TYP,
        _ => pdf::TEAM_TYP,
    };
    let template = overrides
        .get(&format!("pdf/{}.typ", job.kind))
        .map_or(builtin, String::as_str);
    let result = match job.kind {
        "executive" => pdf::executive(org, scores, template),
        "group" => pdf::group(org, scores, &job.name, template),
        _ => pdf::team(org, scores, &job.name, template),
    };
    result.map_err(|e| {
        crate::error::Error::Pdf(format!("{} ({})", job.title, e.diagnostics.join("; ")))
    })
}

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
    pub team_pdfs: TeamPdfs,
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

/// Progress lines on an interactive terminal only; CI logs stay quiet. With `MATURITY_TIMINGS` set,
/// every step's wall time is printed instead (for benchmarks).
pub struct Progress {
    on: bool,
    timings: Option<std::sync::Mutex<(std::time::Instant, String)>>,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        let timings = std::env::var_os("MATURITY_TIMINGS")
            .map(|_| std::sync::Mutex::new((std::time::Instant::now(), "start".to_string())));
        Progress {
            on: timings.is_none()
                && !quiet
                && std::io::stderr().is_terminal()
                && std::env::var_os("CI").is_none(),
            timings,
        }
    }
    pub fn step(&self, msg: &str) {
        if let Some(t) = &self.timings {
            let mut t = t.lock().expect("timings lock");
            if !msg.contains('/') {
                eprintln!(
                    "timing: {:>8.1} ms  {}",
                    t.0.elapsed().as_secs_f64() * 1000.0,
                    t.1
                );
                *t = (std::time::Instant::now(), msg.to_string());
            }
        }
        if self.on {
            eprint!("\r\x1b[2K{msg}");
        }
    }
    pub fn done(&self) {
        self.step("done");
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
    progress.step("scoring…");
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
    progress.step("preparing output…");
    let staging = crate::output::Staging::new(&opts.out)?;
    let (files, bytes) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let sink = |path: &str, data: &[u8]| {
        files.fetch_add(1, Ordering::Relaxed);
        bytes.fetch_add(data.len(), Ordering::Relaxed);
        staging.write(path, data)
    };
    let slugs = site::Slugs::new(&v.org);
    let jobs = if matches!(opts.only, Only::All | Only::Pdf) {
        pdf_jobs(&v.org, &slugs, opts.team_pdfs)
    } else {
        Vec::new()
    };
    let reports: Vec<Link> = jobs
        .iter()
        .map(|j| Link {
            name: j.title.clone(),
            href: j.path.clone(),
        })
        .collect();
    if matches!(opts.only, Only::All | Only::Site) {
        progress.step("scoring history…");
        let history = crate::score::history(&v.org, opts.as_of, opts.period);
        progress.step("scoring changes…");
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
        site::render(&input, &sink)?;
    } else {
        sink("scores.json", crate::report::json(&scores).as_bytes())?;
    }
    if !jobs.is_empty() {
        let done = AtomicUsize::new(0);
        jobs.par_iter().try_for_each(|job| {
            let pdf = render_pdf(&v.org, &scores, job, &overrides)?;
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress.step(&format!("rendering PDF reports… {n}/{}", jobs.len()));
            sink(&job.path, &pdf)
        })?;
        summary.pdfs = jobs.len();
    }
    summary.files = files.load(Ordering::Relaxed);
    summary.bytes = bytes.load(Ordering::Relaxed);
    progress.step("moving the output into place…");
    staging.commit()?;
    progress.done();
    Ok((diags, summary))
}
