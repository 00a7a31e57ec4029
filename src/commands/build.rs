//! `maturity build`: the whole pipeline from input folder to a published output folder
//! (site, scores.json, CSV exports, ledger and PDF reports).

use crate::render::pdf;
use crate::render::site::{self, SiteInput};
use crate::render::view::Link;
use crate::util::date::Date;
use crate::util::diag::{Diagnostics, Severity};
use crate::util::error::Result;
use crate::util::progress::Progress;
use crate::util::sink::Sink;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::render::pdf::jobs::{TeamPdfs, pdf_jobs};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Output folder; replaced as a whole on success, untouched on failure.
    #[arg(long, short, default_value = "out")]
    pub out: PathBuf,
    /// Score as of this date (YYYY-MM-DD); default today, or SOURCE_DATE_EPOCH.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Folder of templates overriding the built-in ones by name (default: DIR/templates if present).
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Build only part of the output.
    #[arg(long, value_enum, default_value_t = Only::All)]
    pub only: Only,
    /// No progress or summary lines.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print each step with the time it took.
    #[arg(long, short, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Start of the "what changed" view (YYYY-MM-DD); default: the start of the previous quarter.
    #[arg(long)]
    pub since: Option<String>,
    /// Step of the trend series.
    #[arg(long, value_enum, default_value_t = crate::score::Period::Quarter)]
    pub period: crate::score::Period,
    /// Team PDF reports: auto renders them up to 1,000 teams.
    #[arg(long, value_enum, default_value_t = TeamPdfs::Auto)]
    pub team_pdfs: TeamPdfs,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let since = super::since_arg(args.since.as_deref())?;
    let opts = Options {
        dir: args.dir,
        out: args.out,
        as_of: super::as_of_arg(args.as_of.as_deref())?,
        today: Date::today(),
        templates: args.templates,
        only: args.only,
        quiet: args.quiet,
        verbose: args.verbose,
        since,
        period: args.period,
        team_pdfs: args.team_pdfs,
    };
    let (diags, summary) = build(&opts)?;
    crate::util::term::stderr(&crate::load::source::human(&opts.dir, &diags));
    if diags.has_errors() {
        crate::util::term::stderr("nothing written: fix the errors above\n");
        return Ok(super::exit(true));
    }
    if !opts.quiet {
        crate::util::term::stderr(&format!(
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

/// The staging folder as the build's sink, counting files and bytes for the summary line.
struct Counted<'a> {
    staging: &'a crate::output::Staging,
    files: AtomicUsize,
    bytes: AtomicUsize,
}

impl Sink for Counted<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
        self.staging.write(path, bytes)
    }

    fn append(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
        self.staging.append(path, bytes)
    }
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
pub fn build(opts: &Options) -> Result<(Diagnostics, Summary)> {
    let progress = Progress::new(opts.quiet, opts.verbose);
    progress.step("loading input…");
    let (mut v, mut diags) = crate::read_input(&opts.dir, opts.today)?;
    progress.step("scoring…");
    let scores = crate::score::score(&v.org, opts.as_of);
    crate::dependency_warnings(&v, &scores, &mut diags);
    // Every output shows input files relative to the input folder, never the build machine's paths.
    let shown = |f: &str| crate::load::paths::relative_to_input(&opts.dir, f);
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
    let overrides =
        crate::load::templates::overrides(opts.templates.as_deref(), &opts.dir, &mut diags);
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
    let root = crate::load::paths::input_root(&opts.dir);
    let mut read: Vec<PathBuf> = v.ledger.keys().map(|f| root.join(f)).collect();
    read.extend(overrides.files.keys().map(|f| overrides.dir.join(f)));
    crate::output::refuse_input_overlap(&opts.out, &opts.dir, &read)?;
    let staging = crate::output::Staging::new(&opts.out)?;
    let counted = Counted {
        staging: &staging,
        files: AtomicUsize::new(0),
        bytes: AtomicUsize::new(0),
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
            .map(|d| crate::util::diag::Diagnostic {
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
        site::render(&input, &counted)?;
    } else {
        let mut out = crate::util::sink::Pieces::new(&counted, "scores.json");
        crate::render::scores::write_json(&scores, &mut out).map_err(|e| out.error(e))?;
        out.finish()?;
    }
    if let Some(ctx) = ctx.as_ref().filter(|_| !jobs.is_empty()) {
        progress.step("rendering PDF reports…");
        let templates = pdf::jobs::Templates::new(&overrides.files, &overrides.dir);
        let run = crate::render::pdf::runner::Run {
            org: &v.org,
            scores: &scores,
            ctx,
            jobs: &jobs,
            templates: &templates,
        };
        let stats = crate::render::pdf::runner::render(&run, &progress, &counted)?;
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
        counted.write(crate::render::headline::FILE, manifest.as_bytes())?;
    }
    summary.files = counted.files.load(Ordering::Relaxed);
    summary.bytes = counted.bytes.load(Ordering::Relaxed);
    progress.step("moving the output into place…");
    staging.commit()?;
    progress.done();
    Ok((diags, summary))
}
