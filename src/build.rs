//! `maturity build`: the whole pipeline from input folder to a published output folder
//! (site, scores.json, CSV exports, ledger and PDF reports).

use crate::date::Date;
use crate::diag::{Diagnostics, Severity};
use crate::error::Result;
use crate::model::Org;
use crate::progress::Progress;
use crate::render::pdf;
use crate::render::site::{self, SiteInput};
use crate::render::view::Link;
use crate::score::Scores;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub use crate::render::pdf::jobs::{PdfJob, TEAM_PDF_AUTO_LIMIT, TeamPdfs, pdf_jobs};

/// Template overrides: relative path (`pdf/team.typ`) -> source, and the folder they were read from.
#[derive(Default)]
pub struct Overrides {
    pub dir: PathBuf,
    pub files: BTreeMap<String, String>,
}

/// Reads `templates`, or `dir/templates` when it exists; no overrides otherwise. Templates are input:
/// `DIR/templates` must stay inside DIR, `--templates T` inside T; problems are diagnostics.
pub fn read_overrides(templates: Option<&Path>, dir: &Path, diags: &mut Diagnostics) -> Overrides {
    let input_root = if dir.is_dir() {
        dir
    } else {
        dir.parent().unwrap_or(Path::new("."))
    };
    let default = input_root.join("templates");
    let (folder, root) = match templates {
        Some(t) => (t.to_path_buf(), t.to_path_buf()),
        None if std::fs::symlink_metadata(&default).is_ok() => (default, input_root.to_path_buf()),
        None => return Overrides::default(),
    };
    Overrides {
        files: crate::load::templates::read(&folder, &root, diags),
        dir: folder,
    }
}

impl Overrides {
    /// The template of each report kind: the user's `pdf/<kind>.typ` where there is one.
    pub fn pdf_templates(&self) -> pdf::jobs::Templates {
        pdf::jobs::Templates::new(&self.files, &self.dir)
    }
}

/// Renders one report with the built-in template or the user's `pdf/<kind>.typ`; messages name the
/// file the template came from (`templates/pdf/team.typ` for the built-in one).
pub fn render_pdf(
    org: &Org,
    scores: &Scores,
    ctx: &pdf::ReportContext,
    job: &PdfJob,
    overrides: &Overrides,
) -> Result<Vec<u8>> {
    let prepared = pdf::jobs::prepare(org, scores, ctx, job).map_err(|e| {
        crate::error::Error::Pdf(format!("{} ({})", job.title, e.diagnostics.join("; ")))
    })?;
    let templates = overrides.pdf_templates();
    pdf::jobs::compile_job(&templates, job.kind, &job.title, &prepared, scores.as_of)
        .map_err(crate::error::Error::Pdf)
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
    /// Plain progress lines with the time each step took.
    pub verbose: bool,
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

/// Runs the build. Input errors come back in the diagnostics and nothing is written.
pub fn run(opts: &Options) -> Result<(Diagnostics, Summary)> {
    let progress = Progress::new(opts.quiet, opts.verbose);
    progress.step("loading input…");
    let (mut v, mut diags) = crate::read_input(&opts.dir, opts.today)?;
    progress.step("scoring…");
    let scores = crate::score::score(&v.org, opts.as_of);
    crate::dependency_warnings(&v, &scores, &mut diags);
    // Every output shows input files relative to the input folder, never the build machine's paths.
    let shown = |f: &str| crate::load::relative_to_input(&opts.dir, f);
    v.ledger = std::mem::take(&mut v.ledger)
        .into_iter()
        .map(|(f, row)| (shown(&f), row))
        .collect();
    for t in v.org.teams.values_mut() {
        t.source = shown(&t.source);
    }
    let mut summary = Summary {
        records_read: v.ledger.values().map(|r| r.read).sum(),
        records_rejected: v.ledger.values().map(|r| r.rejected).sum(),
        ..Summary::default()
    };
    let overrides = read_overrides(opts.templates.as_deref(), &opts.dir, &mut diags);
    if diags.has_errors() {
        progress.done();
        return Ok((diags, summary));
    }
    let site_overrides: BTreeMap<String, String> = overrides
        .files
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("site/").map(|n| (n.to_string(), v.clone())))
        .collect();
    progress.step("preparing output…");
    let root = crate::load::input_root(&opts.dir);
    let mut read: Vec<PathBuf> = v.ledger.keys().map(|f| root.join(f)).collect();
    read.extend(overrides.files.keys().map(|f| overrides.dir.join(f)));
    crate::output::refuse_input_overlap(&opts.out, &opts.dir, &read)?;
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
    let site = matches!(opts.only, Only::All | Only::Site);
    // Quarterly history and the changes since `since` (default: start of the previous quarter), shared
    // by the site and the PDFs.
    let ctx = (site || !jobs.is_empty()).then(|| {
        progress.step("scoring history…");
        pdf::ReportContext::new(&v.org, opts.as_of, opts.since)
            .with_policies(crate::policy::evaluate(&v.org, &scores, &v.policies))
    });
    if let Some(ctx) = ctx.as_ref().filter(|_| site) {
        let monthly;
        let history = if opts.period == crate::score::Period::Quarter {
            &ctx.history
        } else {
            monthly = crate::score::history(&v.org, opts.as_of, opts.period);
            &monthly
        };
        let changes = &ctx.changes;
        let warnings: Vec<_> = diags
            .sorted()
            .into_iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(|d| crate::diag::Diagnostic {
                file: shown(&d.file),
                ..d
            })
            .collect();
        progress.step("rendering site…");
        let input = SiteInput {
            org: &v.org,
            scores: &scores,
            history,
            changes,
            ledger: &v.ledger,
            warnings: &warnings,
            overrides: &site_overrides,
            reports: &reports,
            policies: &ctx.policies,
        };
        site::render(&input, &sink)?;
    } else {
        sink("scores.json", crate::report::json(&scores).as_bytes())?;
    }
    if let Some(ctx) = ctx.as_ref().filter(|_| !jobs.is_empty()) {
        progress.step("rendering PDF reports…");
        let templates = overrides.pdf_templates();
        let run = crate::pdf_runner::Run {
            org: &v.org,
            scores: &scores,
            ctx,
            jobs: &jobs,
            templates: &templates,
        };
        let stats = crate::pdf_runner::render(&run, &progress, &sink)?;
        progress.note(&format!(
            "{} PDFs; typst compile and export {:.1} s in all",
            stats.documents,
            stats.typst.as_secs_f64()
        ));
        summary.pdfs = jobs.len();
        // What `maturity send` needs: each report's headline, from this build's figures.
        progress.step("summarising the reports for send…");
        let send_jobs: Vec<crate::render::headline::Job> = jobs
            .iter()
            .map(|j| crate::render::headline::Job {
                kind: j.kind,
                name: &j.name,
                title: &j.title,
                path: &j.path,
            })
            .collect();
        let manifest = crate::render::headline::json(&v.org, &scores, &v.policies, ctx, &send_jobs);
        sink(crate::render::headline::FILE, manifest.as_bytes())?;
    }
    summary.files = files.load(Ordering::Relaxed);
    summary.bytes = bytes.load(Ordering::Relaxed);
    progress.step("moving the output into place…");
    staging.commit()?;
    progress.done();
    Ok((diags, summary))
}

/// `maturity pdf`: one report on demand.
pub struct PdfOptions {
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
pub fn pdf_report(opts: &PdfOptions) -> Result<Diagnostics> {
    use crate::error::Error;
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
    let overrides = read_overrides(opts.templates.as_deref(), &opts.dir, &mut diags);
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
    let bytes = render_pdf(&v.org, &scores, &ctx, &job, &overrides)?;
    // Write next to the target and rename, so a failed write never leaves half a PDF.
    let tmp = opts.out.with_extension("pdf.partial");
    std::fs::write(&tmp, &bytes).map_err(|e| Error::io("write", &tmp, e))?;
    std::fs::rename(&tmp, &opts.out).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io("write", &opts.out, e)
    })?;
    Ok(diags)
}
