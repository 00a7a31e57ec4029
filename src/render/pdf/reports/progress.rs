//! The history sections of the executive summary: trend, what changed since a date, top improvers and
//! the projection summary.

use super::ReportContext;
use super::common::{
    LevelCount, Pct, TrendPoint, Upgrade, pct, pct_pair, plural, points, trend, upgrades,
};
use crate::model::Org;
use crate::score::Scores;
use serde::Serialize;

/// How many level changes, regressions and improvers the executive summary lists.
const MAX_LEVEL_CHANGES: usize = 8;
const MAX_REGRESSIONS: usize = 8;
const TOP_IMPROVERS: usize = 5;

/// Organisation completion per quarter and how the teams spread over the levels, first vs last point.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    pub points: Vec<TrendPoint>,
    pub upgrades: Vec<Upgrade>,
    pub first: Option<LevelSnapshot>,
    pub last: Option<LevelSnapshot>,
    /// Change of organisation completion from the first to the last point, e.g. `"+14 pts"`.
    pub change: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelSnapshot {
    pub label: String,
    pub levels: Vec<LevelCount>,
}

/// The "What changed since" section.
#[derive(Debug, Clone, Serialize)]
pub struct Changed {
    pub since: String,
    pub completion_from: Pct,
    pub completion_to: Pct,
    /// e.g. `"+5 pts"`.
    pub completion_change: String,
    /// Teams with any change.
    pub teams: usize,
    pub up: usize,
    pub down: usize,
    pub evidence: usize,
    pub level_changes: Vec<LevelChange>,
    pub level_changes_more: usize,
    /// Every activity that moved down, by team (at most `MAX_REGRESSIONS`, then a count).
    pub regressions: Vec<Regression>,
    pub regressions_more: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelChange {
    pub team: String,
    pub from: u8,
    pub to: u8,
    pub up: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Regression {
    pub team: String,
    pub activity: String,
    pub level: u8,
    pub from: String,
    pub to: String,
}

/// A team with one of the largest completion gains since `since`.
#[derive(Debug, Clone, Serialize)]
pub struct Improver {
    pub name: String,
    pub groups: Vec<String>,
    pub from: Pct,
    pub to: Pct,
    /// e.g. `"+12 pts"`.
    pub gain: String,
    pub up: usize,
    pub level_from: Option<u8>,
    pub level_to: Option<u8>,
}

/// How the teams with a target level stand against it.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectionSummary {
    pub with_target: usize,
    pub reached: usize,
    pub within_year: usize,
    pub later: usize,
    pub not_at_pace: usize,
    /// One sentence for the reader.
    pub text: String,
}

pub(super) fn org_trend(ctx: &ReportContext) -> Trend {
    let h = &ctx.history;
    let snapshot = |i: usize| LevelSnapshot {
        label: h.labels[i].clone(),
        levels: h.org_levels[i]
            .iter()
            .enumerate()
            .map(|(l, &teams)| {
                let total: usize = h.org_levels[i].iter().sum();
                LevelCount {
                    level: l as u8,
                    teams,
                    share: if total == 0 {
                        0.0
                    } else {
                        teams as f64 / total as f64
                    },
                }
            })
            .collect(),
    };
    let n = h.labels.len();
    Trend {
        points: trend(h, &h.org, None),
        upgrades: upgrades(h),
        first: (n > 0).then(|| snapshot(0)),
        last: (n > 0).then(|| snapshot(n - 1)),
        change: points(
            h.org.first().copied().flatten(),
            h.org.last().copied().flatten(),
        ),
    }
}

pub(super) fn changed(org: &Org, scores: &Scores, ctx: &ReportContext) -> Changed {
    let c = &ctx.changes;
    let cat = &org.catalog;
    let level_changes: Vec<LevelChange> = c
        .teams
        .iter()
        .filter(|t| t.level_from != t.level_to)
        // A team whose activities are all not applicable has no level: no change to show.
        .filter_map(|t| Some((t, t.level_from?, t.level_to?)))
        .map(|(t, from, to)| LevelChange {
            team: t.team.clone(),
            from,
            to,
            up: to > from,
        })
        .collect();
    let regressions: Vec<Regression> = c
        .teams
        .iter()
        .flat_map(|t| {
            t.down.iter().map(|d| Regression {
                team: t.team.clone(),
                activity: cat.activities[d.activity].name.clone(),
                level: cat.activities[d.activity].level,
                from: d.from.clone(),
                to: d.to.clone(),
            })
        })
        .collect();
    Changed {
        since: ctx.since.to_string(),
        completion_from: pct(ctx.org_completion_since),
        completion_to: pct(scores.org.completion),
        completion_change: points(ctx.org_completion_since, scores.org.completion),
        teams: c.teams.len(),
        up: c.teams.iter().map(|t| t.up.len()).sum(),
        down: regressions.len(),
        evidence: c.teams.iter().map(|t| t.new_evidence.len()).sum(),
        level_changes_more: level_changes.len().saturating_sub(MAX_LEVEL_CHANGES),
        level_changes: level_changes.into_iter().take(MAX_LEVEL_CHANGES).collect(),
        regressions_more: regressions.len().saturating_sub(MAX_REGRESSIONS),
        regressions: regressions.into_iter().take(MAX_REGRESSIONS).collect(),
    }
}

/// Teams with the largest completion gain since `since` (ties: by name), gains above zero only.
pub(super) fn improvers(scores: &Scores, ctx: &ReportContext) -> Vec<Improver> {
    let gain = |t: &crate::score::TeamChange| {
        t.completion_to.unwrap_or(0.0) - t.completion_from.unwrap_or(0.0)
    };
    let mut list: Vec<_> = ctx
        .changes
        .teams
        .iter()
        .filter(|t| gain(t) > 1e-9)
        .collect();
    list.sort_by(|a, b| gain(b).total_cmp(&gain(a)).then(a.team.cmp(&b.team)));
    list.into_iter()
        .take(TOP_IMPROVERS)
        .map(|t| (t, pct_pair(t.completion_from, t.completion_to)))
        .map(|(t, (from, to))| Improver {
            name: t.team.clone(),
            groups: scores
                .teams
                .iter()
                .find(|s| s.name == t.team)
                .map(|s| s.groups.clone())
                .unwrap_or_default(),
            from,
            to,
            gain: points(t.completion_from, t.completion_to),
            up: t.up.len(),
            level_from: t.level_from,
            level_to: t.level_to,
        })
        .collect()
}

pub(super) fn projection_summary(org: &Org, scores: &Scores) -> ProjectionSummary {
    let horizon = scores.as_of.add_days(365);
    let mut s = ProjectionSummary {
        with_target: 0,
        reached: 0,
        within_year: 0,
        later: 0,
        not_at_pace: 0,
        text: String::new(),
    };
    for t in org.teams.values() {
        let Some(p) = crate::score::projection(org, t, scores.as_of) else {
            continue;
        };
        s.with_target += 1;
        match p.eta {
            _ if p.reached => s.reached += 1,
            Some(d) if d <= horizon => s.within_year += 1,
            Some(_) => s.later += 1,
            None => s.not_at_pace += 1,
        }
    }
    let days = crate::score::history_window_days();
    s.text = if s.with_target == 0 {
        "No team has a target level yet; agree one with each team to track progress against it."
            .into()
    } else {
        let mut out = format!(
            "Of {} with a target level, {} reached it. ",
            plural(s.with_target, "team", "teams"),
            match s.reached {
                0 => "none has".to_string(),
                1 => "1 has".to_string(),
                n => format!("{n} have"),
            }
        );
        if s.with_target > s.reached {
            let mut parts = vec![format!("{} will reach it within 12 months", s.within_year)];
            if s.later > 0 {
                parts.push(format!("{} later", s.later));
            }
            if s.not_at_pace > 0 {
                parts.push(format!("{} not at all", s.not_at_pace));
            }
            let last = parts.pop().unwrap_or_default();
            let list = if parts.is_empty() {
                last
            } else {
                format!("{} and {last}", parts.join(", "))
            };
            out.push_str(&format!("At the pace of the last {days} days, {list}."));
        }
        out.trim_end().to_string()
    };
    s
}
