//! The headline of each PDF report, kept by `maturity build` in `send.json` for `maturity send`, so
//! the messages carry the figures of that build: per report its PDF, its page and its headline
//! (level, completion, change since `--since`, failed policies, the top three next steps or asks).
//! It is the view model of the e-mail templates (templates/README.md).

use crate::model::Org;
use crate::policy::{Outcome, Policy, Status, TeamOutcome};
use crate::render::pdf::{self, ReportContext};
use crate::score::{Scores, TeamScore};
use crate::util::date::Date;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The file name inside the build's output folder.
pub const FILE: &str = "send.json";
/// Bumped when the layout changes; `send` refuses other versions.
pub const FORMAT: u32 = 1;
/// How many next steps (or asks) a message lists.
const NEXT: usize = 3;
/// How many team names a failed policy lists before "and N more".
const NAMES: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub generator: String,
    pub org: String,
    pub as_of: String,
    pub since: String,
    pub catalog_version: String,
    pub reports: Vec<Report>,
}

/// One PDF of the build and what its message says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// `executive`, `group` or `team`.
    pub kind: String,
    /// The group or team; empty for the executive summary.
    pub name: String,
    pub title: String,
    /// The PDF, relative to the output folder.
    pub pdf: String,
    /// The scope's page on the site, relative to its root.
    pub page: String,
    pub headline: Headline,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    /// A team's level, or the median team level of a group or the organisation (a whole level, as
    /// in the reports); `"–"` when not assessed.
    pub level: String,
    /// `level` or `median team level`.
    pub level_label: String,
    pub level_since: String,
    pub target_level: Option<u8>,
    /// e.g. `"43%"` (`"–"` when nothing applies).
    pub completion: String,
    pub completion_since: String,
    /// e.g. `"+5 pts"`.
    pub change: String,
    pub teams: usize,
    pub policies_failed: Vec<Line>,
    pub next_steps: Vec<Line>,
}

/// A titled line: a failed policy and who fails it, or a next step and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub title: String,
    pub detail: String,
}

/// One PDF job of the build: kind, group or team name (empty for the executive summary), title, path.
pub struct Job<'a> {
    pub kind: pdf::Kind,
    pub name: &'a str,
    pub title: &'a str,
    pub path: &'a str,
}

/// The manifest of a build, as pretty JSON; byte-identical for the same input.
pub fn json(
    org: &Org,
    scores: &Scores,
    policies: &[Policy],
    ctx: &ReportContext,
    jobs: &[Job],
) -> String {
    let m = manifest(org, scores, policies, ctx, jobs);
    serde_json::to_string_pretty(&m).expect("manifest serialises") + "\n"
}

pub fn manifest(
    org: &Org,
    scores: &Scores,
    policies: &[Policy],
    ctx: &ReportContext,
    jobs: &[Job],
) -> Manifest {
    // Each team's completion and level at `since`, one team at a time: the whole scores at `since`
    // took 90 MB at 10,000 teams, on top of the build's peak.
    let then: Vec<(&str, Then)> = (org.teams.values())
        .map(|t| {
            let vals = crate::score::values(org, t, ctx.since);
            let (completion, level) = crate::score::headline(org, t, &vals, ctx.since);
            (t.name.as_str(), Then { completion, level })
        })
        .collect();
    let failed: Vec<Outcome> = crate::policy::evaluate(org, scores, policies)
        .into_iter()
        .filter(|o| o.status == Status::Failed)
        .collect();
    let ix = Index::new(scores, &then, &failed);
    let slugs = crate::render::site::Slugs::new(org);
    let reports = jobs
        .iter()
        .filter_map(|j| {
            let (headline, page) = match j.kind {
                pdf::Kind::Executive => (executive(org, scores, &ix, ctx), "index.html".into()),
                pdf::Kind::Group => (
                    group(org, scores, &ix, ctx, j.name)?,
                    slugs.group("", j.name).href,
                ),
                pdf::Kind::Team => (team(org, scores, &ix, j.name)?, slugs.team("", j.name).href),
            };
            Some(Report {
                kind: j.kind.as_str().into(),
                name: j.name.into(),
                title: j.title.into(),
                pdf: j.path.into(),
                page,
                headline,
            })
        })
        .collect();
    Manifest {
        format: FORMAT,
        generator: format!("maturity {}", env!("CARGO_PKG_VERSION")),
        org: org.name.clone(),
        as_of: scores.as_of.to_string(),
        since: ctx.since.to_string(),
        catalog_version: org.catalog.version.clone(),
        reports,
    }
}

fn text(v: Option<f64>) -> String {
    pdf::reports::pct(v).text.to_string()
}

/// Lookups by team name, so every headline costs its own scope's size (the organisation may have
/// tens of thousands of teams).
struct Index<'a> {
    /// Every team's figures at `since`, in team order.
    then: &'a [(&'a str, Then)],
    then_by_name: HashMap<&'a str, Then>,
    now_by_name: HashMap<&'a str, &'a TeamScore>,
    failed: &'a [Outcome],
    /// Per failed policy: every team in its scope -> its outcome.
    scope: Vec<HashMap<&'a str, &'a TeamOutcome>>,
}

/// A team's completion and level at `since` (as its scores at `since` have them).
#[derive(Clone, Copy)]
struct Then {
    completion: Option<f64>,
    level: Option<u8>,
}

impl<'a> Index<'a> {
    fn new(now: &'a Scores, then: &'a [(&'a str, Then)], failed: &'a [Outcome]) -> Index<'a> {
        Index {
            then,
            then_by_name: then.iter().copied().collect(),
            now_by_name: now.teams.iter().map(|t| (t.name.as_str(), t)).collect(),
            failed,
            scope: failed
                .iter()
                .map(|o| o.teams.iter().map(|t| (t.team.as_str(), t)).collect())
                .collect(),
        }
    }

    /// The median team level at `since` of these teams (every team for `None`), as the reports count it.
    fn median_then(&self, names: Option<&[String]>) -> String {
        match names {
            None => pdf::reports::median_of_levels(self.then.iter().map(|(_, t)| t.level)),
            Some(n) => pdf::reports::median_of_levels(
                n.iter()
                    .filter_map(|m| self.then_by_name.get(m.as_str()))
                    .map(|t| t.level),
            ),
        }
    }

    /// `Payments teams reach level 1`: `2 of 4 teams fail: Fraud Detection, Merchant Onboarding`,
    /// over these teams (every team for `None`).
    fn policy_lines(&self, members: Option<&[String]>) -> Vec<Line> {
        let mut out = Vec::new();
        for (o, scope) in self.failed.iter().zip(&self.scope) {
            let in_scope: Vec<&TeamOutcome> = match members {
                None => o.teams.iter().collect(),
                Some(m) => m
                    .iter()
                    .filter_map(|t| scope.get(t.as_str()).copied())
                    .collect(),
            };
            let failing: Vec<&str> = in_scope
                .iter()
                .filter(|t| !t.passed)
                .map(|t| t.team.as_str())
                .collect();
            if failing.is_empty() {
                continue;
            }
            let mut names = failing
                .iter()
                .take(NAMES)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            if failing.len() > NAMES {
                names.push_str(&format!(" and {} more", failing.len() - NAMES));
            }
            out.push(Line {
                title: o.policy.clone(),
                detail: format!(
                    "{} of {} teams fail: {names}",
                    failing.len(),
                    in_scope.len()
                ),
            });
        }
        out
    }

    /// A team's failed policies, each with why.
    fn team_failures(&self, name: &str) -> Vec<Line> {
        let mut out = Vec::new();
        for (o, scope) in self.failed.iter().zip(&self.scope) {
            let Some(f) = scope.get(name).filter(|f| !f.passed) else {
                continue;
            };
            // The policy messages quote names in backticks (terminal style); mail shows them plain.
            let reasons: Vec<String> = f
                .reasons
                .iter()
                .map(|r| r.message.replace('`', ""))
                .collect();
            out.push(Line {
                title: o.policy.clone(),
                detail: reasons.join("; "),
            });
        }
        out
    }
}

fn executive(org: &Org, scores: &Scores, ix: &Index, ctx: &ReportContext) -> Headline {
    let data = pdf::reports::executive_data(org, scores, ctx);
    Headline {
        level: data.median_level,
        level_label: "median team level".into(),
        level_since: ix.median_then(None),
        target_level: None,
        completion: data.completion.text.to_string(),
        completion_since: text(ctx.org_completion_since),
        change: data.completion_change,
        teams: data.teams_count,
        policies_failed: ix.policy_lines(None),
        next_steps: data
            .asks
            .into_iter()
            .take(NEXT)
            .map(|a| Line {
                title: a.title,
                detail: a.detail,
            })
            .collect(),
    }
}

fn group(
    org: &Org,
    scores: &Scores,
    ix: &Index,
    ctx: &ReportContext,
    name: &str,
) -> Option<Headline> {
    let data = pdf::reports::group_data(org, scores, ctx, name)?;
    let members = org.groups.get(name)?;
    // As the group's scores at `since` had it: the mean over its members' completion.
    let before = crate::score::stats::mean(
        members
            .iter()
            .filter_map(|m| ix.then_by_name.get(m.as_str()))
            .map(|t| t.completion),
    );
    let now = scores
        .groups
        .iter()
        .find(|g| g.name == name)
        .and_then(|g| g.completion);
    Some(Headline {
        level: data.median_level,
        level_label: "median team level".into(),
        level_since: ix.median_then(Some(members)),
        target_level: None,
        completion: data.completion.text.to_string(),
        completion_since: text(before),
        change: pdf::reports::points(before, now),
        teams: data.teams_count,
        policies_failed: ix.policy_lines(Some(members)),
        next_steps: data
            .gaps
            .into_iter()
            .take(NEXT)
            .map(|g| Line {
                detail: format!(
                    "level {}, {}: {} of {} teams have it fully implemented ({})",
                    g.level, g.dimension, g.implemented, g.applicable, g.adoption.text
                ),
                title: g.name,
            })
            .collect(),
    })
}

fn team(org: &Org, scores: &Scores, ix: &Index, name: &str) -> Option<Headline> {
    let t = *ix.now_by_name.get(name)?;
    let model = org.teams.get(name)?;
    let before = ix.then_by_name.get(name).copied();
    let vals = crate::score::values(org, model, scores.as_of);
    let cat = &org.catalog;
    let next_steps = crate::score::next_steps(org, &vals, NEXT)
        .into_iter()
        .map(|i| {
            let a = &cat.activities[i];
            let state = t.activities.get(a.uuid.as_str()).map_or_else(
                || org.progress.states[0].name.clone(),
                |s| s.state.to_string(),
            );
            Line {
                title: a.name.clone(),
                detail: format!(
                    "level {}, {}: now {}",
                    a.level,
                    a.dimension,
                    state.to_lowercase()
                ),
            }
        })
        .collect();
    Some(Headline {
        level: t.level.map_or("–".into(), |l| l.to_string()),
        level_label: "level".into(),
        level_since: before
            .and_then(|b| b.level)
            .map_or("–".into(), |l| l.to_string()),
        target_level: t.target_level,
        completion: text(t.completion),
        completion_since: text(before.and_then(|b| b.completion)),
        change: pdf::reports::points(before.and_then(|b| b.completion), t.completion),
        teams: 1,
        policies_failed: ix.team_failures(name),
        next_steps,
    })
}

/// Reads the manifest of a build, refusing other format versions.
pub fn parse(text: &str) -> Result<Manifest, String> {
    let m: Manifest = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if m.format != FORMAT {
        return Err(format!(
            "format {} (this maturity reads format {FORMAT})",
            m.format
        ));
    }
    if Date::parse(&m.as_of).is_none() {
        return Err(format!("`as_of` `{}` is not a date", m.as_of));
    }
    // `send` attaches these files: only PDFs under reports/ of the output folder.
    for r in &m.reports {
        let inside = std::path::Path::new(&r.pdf)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !(inside && r.pdf.starts_with("reports/") && r.pdf.ends_with(".pdf")) {
            return Err(format!("report `{}` is not a PDF under reports/", r.pdf));
        }
    }
    Ok(m)
}
