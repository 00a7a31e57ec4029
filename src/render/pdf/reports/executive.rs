//! The executive summary: headline figures, where the teams stand, groups x dimensions, progress over
//! time, what changed, risks, asks and every team on one page.

use super::ReportContext;
use super::asks::{Ask, asks};
use super::common::{
    Gap, LevelCount, Meta, Pct, TeamRow, distribution, gaps, median_text, meta, pct, points,
    ranked, team_row,
};
use super::progress::{
    Changed, Improver, ProjectionSummary, Trend, changed, improvers, org_trend, projection_summary,
};
use crate::model::Org;
use crate::score::{Scores, TeamScore};
use serde::Serialize;

/// How many risks and leading teams the summary lists.
const TOP_RISKS: usize = 5;
const TOP_TEAMS: usize = 5;

#[derive(Debug, Clone, Serialize)]
pub struct ExecutiveData {
    pub meta: Meta,
    pub teams_count: usize,
    pub groups_count: usize,
    pub completion: Pct,
    /// Median team level, e.g. "1" or "1.5".
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
    pub top_teams: Vec<TeamRow>,
    pub teams: Vec<TeamRow>,
    pub asks: Vec<Ask>,
    /// Organisation completion change since `changed.since`, e.g. `"+5 pts"`.
    pub completion_change: String,
    pub trend: Trend,
    pub changed: Changed,
    pub improvers: Vec<Improver>,
    pub projection: ProjectionSummary,
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
    let risks = gaps(org, &all, 1..=2, TOP_RISKS);
    let ranked = ranked(scores);
    ExecutiveData {
        meta: meta(org, scores),
        teams_count: o.teams,
        groups_count: scores.groups.len(),
        completion: pct(o.completion),
        median_level: median_text(scores.teams.iter().map(|t| f64::from(t.level)).collect()),
        baseline_teams: scores.teams.iter().filter(|t| t.level >= 1).count(),
        level_distribution: distribution(&o.level_distribution),
        levels: (1..=5u8)
            .map(|l| pct(o.levels.get(&l.to_string()).copied().flatten()))
            .collect(),
        dimensions: dims,
        heatmap,
        asks: asks(org, scores, &risks),
        risks,
        top_teams: ranked
            .iter()
            .take(TOP_TEAMS)
            .map(|t| team_row(org, t))
            .collect(),
        teams: ranked.iter().map(|t| team_row(org, t)).collect(),
        completion_change: points(ctx.org_completion_since, o.completion),
        trend: org_trend(ctx),
        changed: changed(org, scores, ctx),
        improvers: improvers(scores, ctx),
        projection: projection_summary(org, scores),
    }
}
