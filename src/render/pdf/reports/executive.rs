//! The executive summary: headline figures, where the teams stand, groups x dimensions, progress over
//! time, what changed, risks, asks and every team on one page.

use super::ReportContext;
use super::asks::{Ask, asks};
use super::common::{
    Gap, LevelCount, Meta, Pct, TeamRow, distribution, gaps_with_tie, median_level, meta, pct,
    points, ranked, team_row,
};
use super::progress::{
    Changed, Improver, ProjectionSummary, Trend, changed, improvers, org_trend, projection_summary,
};
use crate::model::Org;
use crate::score::{Scores, TeamScore};
use serde::Serialize;

/// The team table lists every team up to this many; above, the top and bottom halves (keeps 2-4 pages).
const TEAM_TABLE_MAX: usize = 30;
/// The groups x dimensions heatmap shows at most this many groups (the largest).
const HEATMAP_GROUPS_MAX: usize = 12;

fn listed_teams<'a>(ranked: &[&'a TeamScore]) -> Vec<&'a TeamScore> {
    if ranked.len() <= TEAM_TABLE_MAX {
        return ranked.to_vec();
    }
    let half = TEAM_TABLE_MAX / 2;
    ranked[..half]
        .iter()
        .chain(&ranked[ranked.len() - half..])
        .copied()
        .collect()
}

/// How many risks and leading teams the summary lists.
const TOP_RISKS: usize = 5;
const TOP_TEAMS: usize = 5;

#[derive(Debug, Clone, Serialize)]
pub struct ExecutiveData {
    pub meta: Meta,
    pub teams_count: usize,
    /// Teams that have recorded nothing yet (left out of every figure).
    pub teams_not_assessed: usize,
    pub groups_count: usize,
    pub completion: Pct,
    /// Median team level: the highest level at least half of the teams reach, e.g. "1".
    pub median_level: String,
    /// Teams with every level-1 activity fully implemented.
    pub baseline_teams: usize,
    pub level_distribution: Vec<LevelCount>,
    /// Organisation completion per activity level 1..5.
    pub levels: Vec<Pct>,
    pub dimensions: Vec<String>,
    /// Groups x dimensions, plus a last row for the whole organisation.
    pub heatmap: Vec<HeatRow>,
    pub risks: Vec<Gap>,
    /// Every policy of maturity.yaml and how it stands.
    pub policies: Vec<PolicyRow>,
    /// Set when the five risks are cut from a run of equal adoption ("24 activities are tied at 6 %...").
    pub risks_tie: Option<String>,
    pub top_teams: Vec<TeamRow>,
    /// Every team when there are at most `TEAM_TABLE_MAX`; else the best and the weakest half of that.
    pub teams: Vec<TeamRow>,
    /// Teams left out of `teams` (they are on the site and in the group reports).
    pub teams_omitted: usize,
    /// Groups left out of the heatmap (only the `HEATMAP_GROUPS_MAX` with the lowest completion are shown).
    pub groups_omitted: usize,
    pub asks: Vec<Ask>,
    /// Organisation completion change since `changed.since`, e.g. `"+5 pts"`.
    pub completion_change: String,
    pub trend: Trend,
    pub changed: Changed,
    pub improvers: Vec<Improver>,
    pub projection: ProjectionSummary,
    /// Scorecard: the headline and the share confirmed per quarter (`null` without `scorecard:`).
    pub evidence: Option<EvidenceSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceSummary {
    pub headline: String,
    /// The last quarters with results: label and share of checkable claims confirmed.
    pub trend: Vec<(String, Pct)>,
}

/// How many quarters the evidence trend lists.
const EVIDENCE_POINTS: usize = 8;

fn evidence(scores: &Scores, ctx: &ReportContext) -> Option<EvidenceSummary> {
    let obs = scores.observed.as_ref()?;
    let h = &ctx.history;
    let points: Vec<(String, Pct)> = h
        .labels
        .iter()
        .zip(&h.observed)
        .filter_map(|(l, t)| t.as_ref().map(|t| (l.clone(), pct(t.share_confirmed))))
        .collect();
    let skip = points.len().saturating_sub(EVIDENCE_POINTS);
    Some(EvidenceSummary {
        headline: crate::render::observed::headline(&obs.org),
        trend: points.into_iter().skip(skip).collect(),
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct HeatRow {
    pub name: String,
    pub teams: usize,
    pub completion: Pct,
    pub cells: Vec<Pct>,
    pub total: bool,
}

pub fn executive_data(org: &Org, scores: &Scores, ctx: &ReportContext) -> ExecutiveData {
    let o = &scores.org;
    let dims: Vec<String> = org
        .catalog
        .dimensions
        .iter()
        .map(|d| d.name.clone())
        .collect();
    let mut heatmap: Vec<HeatRow> = scores
        .groups
        .iter()
        .map(|g| HeatRow {
            name: g.name.clone(),
            teams: g.teams.len(),
            completion: pct(g.completion),
            cells: dims
                .iter()
                .map(|d| pct(g.dimensions.get(d).copied().flatten()))
                .collect(),
            total: false,
        })
        .collect();
    // Many business units do not fit a page: keep the weakest groups, those an executive has to act on
    // (lowest completion first, ties by name; groups without figures last).
    let groups_omitted = heatmap.len().saturating_sub(HEATMAP_GROUPS_MAX);
    if groups_omitted > 0 {
        heatmap.sort_by(|a, b| {
            let c = |r: &HeatRow| r.completion.value.unwrap_or(f64::INFINITY);
            c(a).total_cmp(&c(b)).then(a.name.cmp(&b.name))
        });
        heatmap.truncate(HEATMAP_GROUPS_MAX);
        heatmap.sort_by(|a, b| a.name.cmp(&b.name));
    }
    heatmap.push(HeatRow {
        name: "All teams".into(),
        teams: o.teams,
        completion: pct(o.completion),
        cells: dims
            .iter()
            .map(|d| pct(o.dimensions.get(d).copied().flatten()))
            .collect(),
        total: true,
    });
    let all: Vec<&TeamScore> = scores.teams.iter().collect();
    let (risks, risks_tie) = gaps_with_tie(org, &all, 1..=2, TOP_RISKS);
    let ranked = ranked(scores);
    ExecutiveData {
        meta: meta(org, scores),
        teams_count: o.teams,
        teams_not_assessed: o.teams_not_assessed,
        groups_count: scores.groups.len(),
        completion: pct(o.completion),
        median_level: median_level(&scores.teams),
        baseline_teams: scores.teams.iter().filter(|t| t.level >= Some(1)).count(),
        level_distribution: distribution(&o.level_distribution),
        levels: (1..=5u8)
            .map(|l| pct(o.levels.get(&l.to_string()).copied().flatten()))
            .collect(),
        dimensions: dims,
        heatmap,
        asks: asks(org, scores, &risks),
        risks,
        risks_tie,
        policies: ctx.policies.iter().map(PolicyRow::of).collect(),
        top_teams: ranked
            .iter()
            .take(TOP_TEAMS)
            .map(|t| team_row(org, t))
            .collect(),
        teams: listed_teams(&ranked)
            .into_iter()
            .map(|t| team_row(org, t))
            .collect(),
        teams_omitted: ranked.len().saturating_sub(TEAM_TABLE_MAX),
        groups_omitted,
        completion_change: points(ctx.org_completion_since, o.completion),
        trend: org_trend(ctx),
        changed: changed(org, scores, ctx),
        improvers: improvers(scores, ctx),
        projection: projection_summary(org, scores),
        evidence: evidence(scores, ctx),
    }
}

/// One policy on the executive summary: its rules, status and failing teams (the first few).
#[derive(Debug, Clone, Serialize)]
pub struct PolicyRow {
    pub name: String,
    pub rules: String,
    /// `passed`, `failed` or `upcoming` (enforced from `by`).
    pub status: &'static str,
    pub by: Option<String>,
    pub failing: usize,
    pub total: usize,
    pub teams: Vec<String>,
    pub more: usize,
}

impl PolicyRow {
    fn of(o: &crate::policy::Outcome) -> PolicyRow {
        let failing: Vec<String> = o.failing().map(|t| t.team.clone()).collect();
        PolicyRow {
            name: o.policy.clone(),
            rules: o.rules.join("; "),
            status: o.status.as_str(),
            by: o.by.map(|d| d.to_string()),
            failing: failing.len(),
            total: o.teams.len(),
            more: failing.len().saturating_sub(5),
            teams: failing.into_iter().take(5).collect(),
        }
    }
}
