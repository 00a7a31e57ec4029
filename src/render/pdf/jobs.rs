//! The PDF reports of a build: which ones, where each goes, which template it uses and what it compiles
//! from ([`prepare`]). Pure: `load` reads the template overrides, the runner compiles, `output` writes.

use super::{Kind, PdfError, Prepared, ReportContext, Template};
use crate::model::Org;
use crate::render::site::Slugs;
use crate::score::Scores;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which team reports to render as PDF.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TeamPdfs {
    /// Every team up to `TEAM_PDF_AUTO_LIMIT` teams, none above.
    Auto,
    All,
    None,
}

/// Above this many teams, `--team-pdfs auto` skips team PDFs (the site has every team page);
/// `--team-pdfs all` renders them anyway.
pub const TEAM_PDF_AUTO_LIMIT: usize = 1000;

/// One PDF to render.
#[derive(Debug, Clone)]
pub struct PdfJob {
    pub kind: Kind,
    /// Team or group name (empty for the executive summary).
    pub name: String,
    pub title: String,
    /// Path inside the output folder.
    pub path: String,
}

/// The PDFs of a build: the executive summary, one per group, one per team (per `team_pdfs`).
pub fn pdf_jobs(org: &Org, slugs: &Slugs, team_pdfs: TeamPdfs) -> Vec<PdfJob> {
    let mut jobs = vec![PdfJob {
        kind: Kind::Executive,
        name: String::new(),
        title: Kind::Executive.title(""),
        path: "reports/executive-summary.pdf".into(),
    }];
    for g in org.groups.keys() {
        jobs.push(PdfJob {
            kind: Kind::Group,
            name: g.clone(),
            title: Kind::Group.title(g),
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
                kind: Kind::Team,
                name: t.clone(),
                title: Kind::Team.title(t),
                path: format!("reports/teams/{}.pdf", slugs.teams[t]),
            });
        }
    }
    jobs
}

/// The data and charts `job` compiles from.
pub fn prepare(
    org: &Org,
    scores: &Scores,
    ctx: &ReportContext,
    job: &PdfJob,
) -> Result<Prepared, PdfError> {
    match job.kind {
        Kind::Executive => super::prepare_executive(org, scores, ctx),
        Kind::Group => super::prepare_group(org, scores, ctx, &job.name),
        Kind::Team => super::prepare_team(org, scores, ctx, &job.name),
    }
}

/// The template of each report kind, the user's override where there is one, with the name messages
/// use (the override's path, or `templates/pdf/<kind>.typ`). Serialisable, to hand to PDF workers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Templates {
    /// Kind (`team`) -> (name, source).
    by_kind: BTreeMap<String, (String, String)>,
}

impl Templates {
    /// `overrides` maps template paths (`pdf/team.typ`) to sources read from `dir`.
    pub fn new(overrides: &BTreeMap<String, String>, dir: &std::path::Path) -> Templates {
        let by_kind = [Kind::Executive, Kind::Group, Kind::Team]
            .into_iter()
            .map(|k| {
                let rel = k.template_path();
                let t = match overrides.get(&rel) {
                    Some(src) => (dir.join(&rel).display().to_string(), src.clone()),
                    None => {
                        let b = k.builtin();
                        (b.name.to_string(), b.source.to_string())
                    }
                };
                (k.as_str().to_string(), t)
            })
            .collect();
        Templates { by_kind }
    }

    pub fn get(&self, kind: Kind) -> Template<'_> {
        let (name, source) = &self.by_kind[kind.as_str()];
        Template { name, source }
    }
}

/// Compiles `job` from its prepared data; errors read `<title> (<diagnostics>)`.
pub fn compile_job(
    templates: &Templates,
    job_kind: Kind,
    title: &str,
    prepared: &Prepared,
    date: crate::util::date::Date,
) -> Result<Vec<u8>, String> {
    super::compile_prepared(templates.get(job_kind), prepared, date)
        .map_err(|e| format!("{title} ({})", e.diagnostics.join("; ")))
}

/// Renders one report with the built-in template or the user's `pdf/<kind>.typ`; messages name the
/// file the template came from (`templates/pdf/team.typ` for the built-in one).
pub fn render(
    org: &Org,
    scores: &Scores,
    ctx: &ReportContext,
    job: &PdfJob,
    templates: &Templates,
) -> crate::util::error::Result<Vec<u8>> {
    let prepared = prepare(org, scores, ctx, job).map_err(|e| {
        crate::util::error::Error::Pdf(format!("{} ({})", job.title, e.diagnostics.join("; ")))
    })?;
    compile_job(templates, job.kind, &job.title, &prepared, scores.as_of)
        .map_err(crate::util::error::Error::Pdf)
}
