//! The group report: its teams compared, its trend against the organisation, its biggest gaps.

use super::ReportContext;
use super::common::{
    Gap, LevelCount, Meta, Pct, TeamRow, TrendPoint, Upgrade, distribution, gaps, median_level,
    meta, pct, points, ranked, team_row, trend, upgrades,
};
use crate::model::Org;
use crate::score::{Scores, TeamScore};
use serde::Serialize;

/// How many gaps the report lists.
const GROUP_GAPS: usize = 8;

#[derive(Debug, Clone, Serialize)]
pub struct GroupData {
    pub meta: Meta,
    pub group: String,
    pub teams_count: usize,
    pub completion: Pct,
    pub org_completion: Pct,
    pub level_distribution: Vec<LevelCount>,
    /// Median team level, e.g. "1" or "1.5".
    pub median_level: String,
    pub dimensions: Vec<String>,
    pub group_dimensions: Vec<Pct>,
    pub org_dimensions: Vec<Pct>,
    pub teams: Vec<TeamRow>,
    pub gaps: Vec<Gap>,
    /// Group completion per quarter, with the organisation's.
    pub trend: Vec<TrendPoint>,
    pub upgrades: Vec<Upgrade>,
    /// Change of the group's completion from the first to the last point, e.g. `"+9 pts"`.
    pub trend_change: String,
    pub org_trend_change: String,
}

pub fn group_data(
    org: &Org,
    scores: &Scores,
    ctx: &ReportContext,
    group_name: &str,
) -> Option<GroupData> {
    let g = scores.groups.iter().find(|g| g.name == group_name)?;
    let members: Vec<&TeamScore> = ranked(scores)
        .into_iter()
        .filter(|t| g.teams.contains(&t.name))
        .collect();
    let dims: Vec<String> = org
        .catalog
        .dimensions
        .iter()
        .map(|d| d.name.clone())
        .collect();
    let h = &ctx.history;
    let series = h.groups.get(group_name).cloned().unwrap_or_default();
    let ends =
        |s: &[Option<f64>]| points(s.first().copied().flatten(), s.last().copied().flatten());
    Some(GroupData {
        meta: meta(org, scores),
        group: g.name.clone(),
        teams_count: members.len(),
        completion: pct(g.completion),
        org_completion: pct(scores.org.completion),
        level_distribution: distribution(&g.level_distribution),
        median_level: median_level(members.iter().copied()),
        group_dimensions: dims
            .iter()
            .map(|d| pct(g.dimensions.get(d).copied().flatten()))
            .collect(),
        org_dimensions: dims
            .iter()
            .map(|d| pct(scores.org.dimensions.get(d).copied().flatten()))
            .collect(),
        dimensions: dims,
        teams: members.iter().map(|t| team_row(org, t)).collect(),
        gaps: {
            // The basics (levels 1-2) first; level 3 and up only fill the remaining places.
            let mut g = gaps(org, &members, 1..=2, GROUP_GAPS);
            g.extend(gaps(org, &members, 3..=5, GROUP_GAPS - g.len()));
            g
        },
        trend: trend(h, &series, None),
        upgrades: upgrades(h),
        trend_change: ends(&series),
        org_trend_change: ends(&h.org),
    })
}
