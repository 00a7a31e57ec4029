//! The team report: levels per dimension against the organisation, trend, projection, next steps and
//! the per-level checklist.

use super::super::markup::to_typst;
use super::ReportContext;
use super::checklist::{
    ActRow, LevelBlock, StateCounts, checklist_levels, checklist_summary, level_counts,
};
use super::common::{
    Meta, Pct, TrendPoint, Upgrade, class, difficulty_label, meta, pct, trend, upgrades, value,
};
use crate::model::{Activity, Org};
use crate::score::Scores;
use crate::util::date::Date;
use serde::Serialize;

/// How many next steps the report lists.
const NEXT_STEPS: usize = 10;

#[derive(Debug, Clone, Serialize)]
pub struct TeamData {
    pub meta: Meta,
    pub team: String,
    pub groups: Vec<String>,
    /// False when the team has recorded nothing on or before the as-of date: it then has no level,
    /// completion or rank, and the report says so and lists where to start.
    pub assessed: bool,
    /// The team's file, relative to the input folder.
    pub source: String,
    /// `none` when no activity applies to the team, or it has not assessed.
    pub level: Option<u8>,
    pub target_level: Option<u8>,
    pub completion: Pct,
    pub org_completion: Pct,
    /// Position among the assessed teams, e.g. 3 (of `ranked_count`); `none` when not assessed.
    pub rank: Option<usize>,
    /// How many teams are ranked (the assessed ones).
    pub ranked_count: usize,
    pub teams_count: usize,
    pub counts: StateCounts,
    pub dimensions: Vec<TeamDimension>,
    /// Completion per activity level 1..5 (team and organisation).
    /// Every level 1..5 with all its activities; `checklist` marks the levels the report lists in detail.
    pub levels: Vec<LevelBlock>,
    /// One line for each run of levels not listed in detail, e.g. "Levels 4-5: 3 of 50 activities started".
    pub checklist_summary: Vec<String>,
    pub next_steps: Vec<Step>,
    pub findings: Vec<FindingRow>,
    /// Completion and level per quarter, with the organisation's completion.
    pub trend: Vec<TrendPoint>,
    pub upgrades: Vec<Upgrade>,
    /// When the target level is reached at the recent pace; `None` without a target level.
    pub projection: Option<ProjectionView>,
    /// Fully implemented activities whose evidence is older than the freshness limit (they count as 0).
    pub expired: Vec<ExpiredRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectionView {
    pub target: u8,
    pub reached: bool,
    /// Completion of the activities of levels 1..=target.
    pub progress: Pct,
    /// e.g. `"+3.1 points per quarter"`.
    pub pace: String,
    pub eta: Option<String>,
    /// One sentence for the reader.
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExpiredRow {
    pub name: String,
    pub level: u8,
    /// Date of the newest evidence or record.
    pub latest: Option<String>,
    pub max_age_days: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamDimension {
    pub name: String,
    pub level: u8,
    pub completion: Pct,
    pub org_median: Pct,
    pub subdimensions: Vec<TeamSubdimension>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamSubdimension {
    pub name: String,
    pub level: u8,
    pub completion: Pct,
    pub org_median: Pct,
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub name: String,
    pub dimension: String,
    pub subdimension: String,
    pub level: u8,
    pub state: String,
    pub class: &'static str,
    pub usefulness: u8,
    pub difficulty: &'static str,
    /// The catalogue's measure text, as typst markup.
    pub measure_markup: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingRow {
    pub activity: String,
    pub missing: Vec<String>,
}

pub fn team_data(
    org: &Org,
    scores: &Scores,
    ctx: &ReportContext,
    team_name: &str,
) -> Option<TeamData> {
    let t = &scores.teams[*ctx.shared(org, scores).team.get(team_name)?];
    let cat = &org.catalog;
    let model = org.teams.get(team_name)?;
    let state_name = |a: &Activity| {
        t.activities.get(a.uuid.as_str()).map_or_else(
            || org.progress.states[0].name.clone(),
            |s| s.state.to_string(),
        )
    };
    let expired = |a: &Activity| t.activities.get(a.uuid.as_str()).is_some_and(|s| s.expired);
    let mut counts = StateCounts::default();
    for a in &cat.activities {
        match class(value(t, &a.uuid)) {
            "full" => counts.full += 1,
            "partial" => counts.partial += 1,
            "none" => counts.none += 1,
            _ => counts.na += 1,
        }
    }
    let shared = ctx.shared(org, scores);
    let dim_median = |d: &str| shared.dim_median.get(d).copied().flatten();
    let sub_median = |d: &str, s: &str| {
        shared
            .sub_median
            .get(&(d.to_string(), s.to_string()))
            .copied()
            .flatten()
    };
    let dimensions = cat
        .dimensions
        .iter()
        .map(|d| {
            let ds = t.dimensions.get(d.name.as_str());
            TeamDimension {
                name: d.name.clone(),
                level: ds.map_or(0, |x| x.level),
                completion: pct(ds.and_then(|x| x.completion)),
                org_median: pct(dim_median(&d.name)),
                subdimensions: d
                    .subdimensions
                    .iter()
                    .map(|s| {
                        let ss = ds.and_then(|x| x.subdimensions.get(s.name.as_str()));
                        TeamSubdimension {
                            name: s.name.clone(),
                            level: ss.map_or(0, |x| x.level),
                            completion: pct(ss.and_then(|x| x.completion)),
                            org_median: pct(sub_median(&d.name, &s.name)),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    // Catalogue order: dimension, subdimension, activity.
    let order: Vec<usize> = cat
        .dimensions
        .iter()
        .flat_map(|d| {
            d.subdimensions
                .iter()
                .flat_map(|s| s.activities.iter().copied())
        })
        .collect();
    let checklist = checklist_levels(t.level.unwrap_or(0), t.target_level);
    let levels = (1..=5u8)
        .map(|l| {
            let activities: Vec<ActRow> = order
                .iter()
                .map(|&i| (i, &cat.activities[i]))
                .filter(|(_, a)| a.level == l)
                .map(|(i, a)| {
                    let v = value(t, &a.uuid);
                    let ta = model.activities.get(&i);
                    ActRow {
                        name: a.name.clone(),
                        dimension: a.dimension.clone(),
                        subdimension: a.subdimension.clone(),
                        observed: t
                            .observations
                            .get(&a.uuid)
                            .map(crate::render::observed::line),
                        state: if expired(a) {
                            "Evidence expired".into()
                        } else {
                            state_name(a)
                        },
                        class: if expired(a) { "expired" } else { class(v) },
                        since: t
                            .activities
                            .get(a.uuid.as_str())
                            .and_then(|s| s.since)
                            .filter(|_| v.is_some_and(|v| v > 0.0))
                            .map(|d| d.to_string()),
                        evidence: ta
                            .map(|ta| ta.evidence.iter().map(|e| e.title.clone()).collect())
                            .unwrap_or_default(),
                        not_applicable: ta.and_then(|ta| ta.not_applicable.clone()),
                    }
                })
                .collect();
            let k = l.to_string();
            LevelBlock {
                level: l,
                completion: pct(t.levels.get(k.as_str()).copied().flatten()),
                org_completion: pct(scores.org.levels.get(&k).copied().flatten()),
                checklist: checklist.contains(&l),
                counts: level_counts(&activities),
                activities,
            }
        })
        .collect::<Vec<_>>();
    let checklist_summary = checklist_summary(&levels);
    let name = |u: &str| {
        cat.by_uuid(u)
            .map_or_else(|| u.to_string(), |i| cat.activities[i].name.clone())
    };
    let vals = crate::score::values(org, model, scores.as_of);
    let next_steps = crate::score::next_steps(org, &vals, NEXT_STEPS)
        .into_iter()
        .map(|i| {
            let a = &cat.activities[i];
            Step {
                name: a.name.clone(),
                dimension: a.dimension.clone(),
                subdimension: a.subdimension.clone(),
                level: a.level,
                state: state_name(a),
                class: class(vals[i].0),
                usefulness: a.usefulness,
                difficulty: difficulty_label(a),
                measure_markup: to_typst(a.measure.trim()),
            }
        })
        .collect();
    let h = &ctx.history;
    let series = h.teams.get(team_name).cloned().unwrap_or_default();
    let completion: Vec<Option<f64>> = series.iter().map(|x| x.0).collect();
    let trend_levels: Vec<u8> = series.iter().map(|x| x.1).collect();
    Some(TeamData {
        meta: meta(org, scores),
        team: t.name.clone(),
        groups: t.groups.clone(),
        assessed: t.assessed,
        source: model.source.clone(),
        level: t.level,
        target_level: t.target_level,
        completion: pct(t.completion),
        org_completion: pct(scores.org.completion),
        rank: shared.rank.get(&t.name).copied(),
        ranked_count: shared.rank.len(),
        teams_count: scores.teams.len(),
        counts,
        dimensions,
        levels,
        checklist_summary,
        next_steps,
        findings: t
            .dependency_findings
            .iter()
            .map(|f| FindingRow {
                activity: name(&f.activity),
                missing: f.missing.iter().map(|m| name(m)).collect(),
            })
            .collect(),
        trend: trend(h, &completion, Some(&trend_levels)),
        upgrades: upgrades(h),
        projection: crate::score::projection(org, model, scores.as_of).map(projection_view),
        expired: crate::score::expired(org, model, scores.as_of)
            .into_iter()
            .map(|i| expired_row(org, model, i, scores.as_of))
            .collect(),
    })
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn projection_view(p: crate::score::Projection) -> ProjectionView {
    let days = crate::score::history_window_days();
    let pace = format!("{:+.1} points per quarter", p.pace_per_quarter * 100.0);
    let scope = if p.target == 1 {
        "level 1".to_string()
    } else {
        format!("levels 1-{}", p.target)
    };
    let text = match p.eta {
        _ if p.reached => format!("Target level {} reached.", p.target),
        Some(d) => {
            let (y, m, _) = d.ymd();
            format!(
                "At the pace of the last {days} days ({pace} on {scope}), level {} is reached around {} {y}.",
                p.target,
                MONTHS[m as usize - 1]
            )
        }
        None => format!(
            "Not at this pace: completion of {scope} has not grown over the last {days} days."
        ),
    };
    ProjectionView {
        target: p.target,
        reached: p.reached,
        progress: pct(p.progress),
        pace,
        eta: p.eta.map(|d| d.to_string()),
        text,
    }
}

fn expired_row(org: &Org, team: &crate::model::Team, i: usize, as_of: Date) -> ExpiredRow {
    let a = &org.catalog.activities[i];
    let latest = team.activities.get(&i).and_then(|ta| {
        ta.evidence
            .iter()
            .filter_map(|e| e.date)
            .chain(ta.records.iter().filter_map(|r| r.date))
            .filter(|d| *d <= as_of)
            .max()
    });
    ExpiredRow {
        name: a.name.clone(),
        level: a.level,
        latest: latest.map(|d| d.to_string()),
        max_age_days: org.freshness.max_age(i, a.level),
    }
}
