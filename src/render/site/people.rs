//! Team and group pages.

use super::Renderer;
use super::history;
use super::rows::*;
use super::standings::Standings;
use crate::render::charts::{self, Series};
use crate::render::view::{ActivityRow, Chart, LevelBadge, Link, Pct, TeamRow, date_text};
use crate::score::{self, TeamScore};
use crate::util::error::Result;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

/// One level's part of a team's checklist.
#[derive(Serialize)]
struct LevelChecklist {
    level: u8,
    /// Shown open: the team's first unfinished level.
    open: bool,
    completion: Pct,
    /// Activities of the level (rows and not started).
    total: usize,
    activities: Vec<ActivityRow>,
    /// Up to the level the team works on next: the level's activities the team has not started (no
    /// record, evidence or comment), as one line of linked names instead of rows. Empty above that level,
    /// where the page says only how many there are (names there were 40 % of a team page's bytes).
    not_started: Vec<Link>,
    /// How many of the level's activities the team has not started.
    not_started_count: usize,
}

/// The view model of `team.html` (see templates/README.md).
#[derive(Serialize)]
struct TeamPage<'a> {
    team: TeamRow,
    /// False when the team has recorded nothing up to the as-of date: the page then shows a notice
    /// instead of figures.
    assessed: bool,
    source: &'a str,
    /// The policies that apply to the team and how it stands (see `policies::team_rows`).
    policies: Vec<serde_json::Value>,
    /// How many fully implemented activities have evidence.
    evidence: serde_json::Value,
    /// The source file in the repository (maturity.yaml `repo_url`), if set.
    source_href: Option<String>,
    radar: Chart,
    trend: Chart,
    trend_points: Vec<serde_json::Value>,
    projection: Option<serde_json::Value>,
    expired: Vec<serde_json::Value>,
    dimensions: Vec<serde_json::Value>,
    checklist: Vec<LevelChecklist>,
    next_steps: Vec<ActivityRow>,
    target: Option<serde_json::Value>,
    findings: usize,
    /// The team's own subdimension x level heatmap and its data table.
    cells: Chart,
    cells_table: Vec<serde_json::Value>,
    /// Scorecard: the team's tally and repositories (`null` without any).
    scorecard: serde_json::Value,
    /// The team's compliance drill-down (assessed teams).
    compliance: Option<String>,
}

/// The level a team works on next: the one above its level (level 1 for a team without one), at most 5.
pub(super) fn next_level(level: Option<u8>) -> u8 {
    level.map_or(1, |l| (l + 1).min(5))
}

pub(super) fn teams(r: &Renderer) -> Result<()> {
    let s = r.input.scores;
    let median = org_median(r);
    let org = r.input.org;
    // The catalogue part of every checklist row is the same for all teams: build it once.
    let base: Vec<ActivityRow> = (0..org.catalog.activities.len())
        .map(|i| activity_row(r, "../", i, None))
        .collect();
    s.teams.par_iter().try_for_each(|ts| {
        let team = &org.teams[&ts.name];
        // This team's values only, dropped with its page (all teams' took 80 MB at 10,000 teams).
        let vals = score::values(org, team, as_of_date(r));
        let v = &vals;
        let dims = dim_names(r);
        let mine: Vec<Option<f64>> = dims
            .iter()
            .map(|d| ts.dimensions.get(d.as_str()).and_then(|x| x.completion))
            .collect();
        // The figures of both charts are in the tables beside them: their descriptions say so.
        let mut radar = charts::radar_layers(charts::Fit::Screen, &format!("{} by dimension", ts.name),
                &dims,
                &[
                    Series {
                        label: ts.name.clone(),
                        values: mine,
                        color: charts::PRIMARY,
                    },
                    Series {
                        label: "Organisation median".into(),
                        values: median.clone(),
                        color: charts::MUTED,
                    },
                ],
            );
        radar.data = super::svg_compact::describe(
            &radar.data,
            &format!(
                "Completion of {} and the organisation median by dimension; the table \"Level and completion per dimension\" has the figures.",
                ts.name
            ),
        );
        let dim_rows: Vec<serde_json::Value> = dims.iter().zip(&median).map(|(d, m)| {
            let x = ts.dimensions.get(d.as_str());
            json!({"link": r.slugs.dim("../", d), "completion": Pct::of(x.and_then(|x| x.completion)), "level": LevelBadge::of(x.map_or(0, |x| x.level)), "median": Pct::of(*m)})
        }).collect();
        let mut checklist = Vec::new();
        // Rows for what the team recorded; the names of what it has not started up to the level it
        // works on next, and above it their number.
        let names_up_to = next_level(ts.level);
        for level in 1..=5u8 {
            let mut items = Vec::new();
            let mut not_started = Vec::new();
            let mut not_started_count = 0;
            for (i, a) in org
                .catalog
                .activities
                .iter()
                .enumerate()
                .filter(|(_, a)| a.level == level)
            {
                let mut row = base[i].clone();
                let (value, state, since) = v[i];
                let ta = team.activities.get(&i);
                row.not_applicable = ta.and_then(|t| t.not_applicable.clone());
                let scored = ts.activities.get(org.catalog.activities[i].uuid.as_str());
                row.observed = ts
                    .observations
                    .get(&org.catalog.activities[i].uuid)
                    .map(crate::render::observed::view);
                row.state = if row.not_applicable.is_some() {
                    "Not applicable".into()
                } else if scored.is_some_and(|x| x.contradicted) {
                    format!("{} (contradicted, counts as {})", org.progress.states[state].name, Pct::of(value).text)
                } else if value == Some(0.0) && state != 0 {
                    format!("{} (expired)", org.progress.states[state].name)
                } else {
                    org.progress.states[state].name.clone()
                };
                row.state_color = charts::hex(value.map_or(charts::MUTED, charts::state_color));
                row.state_class = match value {
                    None => "sna",
                    Some(x) if x >= 1.0 => "s2",
                    Some(x) if x > 0.0 => "s1",
                    Some(_) => "s0",
                }
                .into();
                row.since = date_text(since);
                row.source_href = ta
                    .filter(|t| t.not_applicable.is_none())
                    .and_then(|t| t.source(state))
                    .and_then(|src| {
                        super::rows::source_href(
                            r.input.org.repo_url.as_deref(),
                            &src.file,
                            src.line,
                        )
                    });
                row.evidence = ta
                    .map(|t| {
                        t.evidence
                            .iter()
                            .map(|e| evidence_view(&ts.name, e))
                            .collect()
                    })
                    .unwrap_or_default();
                row.comments = ta.map(|t| t.comments.to_vec()).unwrap_or_default();
                let untouched = value == Some(0.0)
                    && state == 0
                    && since.is_none()
                    && row.evidence.is_empty()
                    && row.comments.is_empty()
                    && row.observed.is_none();
                if untouched {
                    not_started_count += 1;
                    if level <= names_up_to {
                        not_started.push(Link {
                            name: a.name.clone(),
                            href: row.href.clone(),
                        });
                    }
                } else {
                    items.push(row);
                }
            }
            let c = ts.levels.get(level.to_string().as_str()).copied().flatten();
            checklist.push(LevelChecklist {
                level,
                open: level == next_level(ts.level),
                completion: Pct::of(c),
                total: items.len() + not_started_count,
                activities: items,
                not_started,
                not_started_count,
            });
        }
        let next: Vec<ActivityRow> = score::next_steps(org, v, 10)
            .into_iter()
            .map(|i| {
                let mut row = base[i].clone();
                row.state = org.progress.states[v[i].1].name.clone();
                row
            })
            .collect();
        let target_gap = ts.target_level.map(|t| {
            let open = org
                .catalog
                .activities
                .iter()
                .enumerate()
                .filter(|(i, a)| a.level <= t && v[*i].0.is_some_and(|x| x < 1.0))
                .count();
            json!({"target": t, "reached": ts.level >= Some(t), "open": open})
        });
        let (mut trend, trend_points) = history::team_trend(r, &ts.name);
        trend.data = super::svg_compact::describe(
            &trend.data,
            &format!(
                "Completion of {} and the organisation per quarter; the table \"Completion and level per period\" below has the figures.",
                ts.name
            ),
        );
        let expired: Vec<serde_json::Value> = score::expired(org, team, as_of_date(r))
            .into_iter()
            .map(|i| {
                json!(r.slugs.act(
                    "../",
                    &org.catalog.activities[i].uuid,
                    &org.catalog.activities[i].name
                ))
            })
            .collect();
        let (cells, cells_table) = cell_heatmap(
            r,
            &format!("{}: completion by subdimension and activity level", ts.name),
            |sub, l| team_cell(r, ts, sub, l),
        );
        let radar = Chart {
            title: "Radar".into(),
            svg: super::chart_layers::stacked(r, "../", &radar)?,
        };
        let trend = Chart {
            title: format!("{}: completion over time", ts.name),
            svg: super::chart_layers::stacked(r, "../", &trend)?,
        };
        let ctx = TeamPage {
            cells,
            cells_table,
            trend,
            trend_points,
            projection: history::projection(r, &ts.name),
            expired,
            team: team_row(r, "../", ts),
            assessed: ts.assessed,
            source: &team.source,
            policies: super::policies::team_rows(r.input.policies, &ts.name),
            evidence: coverage_view(&ts.evidence),
            source_href: source_href(
                r.input.org.repo_url.as_deref(),
                &team.source,
                0,
            ),
            radar,
            dimensions: dim_rows,
            checklist,
            next_steps: next,
            target: target_gap,
            findings: ts.dependency_findings.len(),
            scorecard: super::evidence::team_section(r, ts),
            compliance: super::compliance::drill_href(r, "../", ts),
        };
        let path = format!("teams/{}.html", r.slugs.teams[&ts.name]);
        r.page(&path, "team.html", &ts.name, "teams", ctx)
    })
}

pub(super) fn groups(r: &Renderer, standings: &Standings) -> Result<()> {
    let s = r.input.scores;
    let by_name: BTreeMap<&str, &TeamScore> =
        s.teams.iter().map(|t| (t.name.as_str(), t)).collect();
    for g in &s.groups {
        let members: Vec<&TeamScore> = g
            .teams
            .iter()
            .filter_map(|t| by_name.get(t.as_str()).copied())
            .collect();
        let rows: Vec<TeamRow> = members.iter().map(|t| team_row(r, "../", t)).collect();
        let heat_rows: Vec<(String, Vec<Option<f64>>)> = members
            .iter()
            .map(|t| (t.name.clone(), team_dims(r, t)))
            .collect();
        let heat = dims_heatmap(
            r,
            &format!("{}: completion by team and dimension", g.name),
            &heat_rows,
        );
        // Gaps: level 1-2 activities with the lowest share of member teams at 100 % (score::rank).
        let org = r.input.org;
        let ranked = crate::score::rank::gaps(&org.catalog, &members, 1..=2);
        let (shown, tie) = crate::score::rank::cut(&ranked, 10);
        let gap_rows: Vec<serde_json::Value> = shown.iter().map(|gap| {
            let a = &org.catalog.activities[gap.activity];
            json!({"link": r.slugs.act("../", &a.uuid, &a.name), "level": a.level, "share": Pct::of(Some(gap.adoption()))})
        }).collect();
        let (trend, trend_points) = history::group_trend(r, &g.name);
        let trend = Chart {
            title: format!("{}: completion over time", g.name),
            svg: super::chart_layers::stacked(r, "../", &trend)?,
        };
        // As the app's heatmap with a team filter: per cell, the mean over the member teams.
        let (cells, cells_table) = cell_heatmap(
            r,
            &format!("{}: completion by subdimension and activity level", g.name),
            |sub, l| {
                let v: Vec<f64> = members
                    .iter()
                    .filter_map(|t| team_cell(r, t, sub, l))
                    .collect();
                (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
            },
        );
        let missing: Vec<serde_json::Value> = members
            .iter()
            .map(|t| missing_by_level(r, t, standings))
            .collect();
        let ctx = json!({
            "missing": missing,
            "pdf": r.pdf("../", &format!("reports/groups/{}.pdf", r.slugs.groups[&g.name])),
            "trend": trend,
            "trend_points": trend_points,
            "group": {"name": g.name, "completion": Pct::of(g.completion), "teams": g.teams.len()},
            "dimensions": dim_names(r),
            "teams": rows,
            "heatmap": heat,
            "cells": cells,
            "cells_table": cells_table,
            "level_chart": level_chart(&format!("{}: teams per level", g.name), &g.level_distribution),
            "gaps": gap_rows,
            "gaps_tie": tie.map(|t| t.sentence()),
            "policies": super::policies::group_rows(r, "../", r.input.policies, &g.teams),
            "evidence": coverage_view(&g.evidence),
        });
        let path = format!("groups/{}.html", r.slugs.groups[&g.name]);
        r.page(&path, "group.html", &g.name, "groups", ctx)?;
    }
    Ok(())
}

/// A team's completion of one subdimension x level cell.
fn team_cell(r: &Renderer, t: &TeamScore, sub: &str, level: u8) -> Option<f64> {
    let dim = r
        .input
        .org
        .catalog
        .dimensions
        .iter()
        .find(|d| d.subdimensions.iter().any(|s| s.name == sub))?;
    t.dimensions
        .get(dim.name.as_str())?
        .subdimensions
        .get(sub)?
        .levels
        .get(level.to_string().as_str())
        .copied()
        .flatten()
}

/// A member team's open activities (below 100 %) of levels 1 to the level it works on next, per level:
/// what a champion helps the team with first.
fn missing_by_level(r: &Renderer, t: &TeamScore, standings: &Standings) -> serde_json::Value {
    let org = r.input.org;
    let next = next_level(t.level);
    let levels: Vec<serde_json::Value> = (1..=next)
        .map(|l| {
            let acts: Vec<_> = org
                .catalog
                .activities
                .iter()
                .enumerate()
                .filter(|(i, a)| a.level == l && standings.is_open(&t.name, *i))
                .map(|(_, a)| r.slugs.act("../", &a.uuid, &a.name))
                .collect();
            json!({"level": l, "activities": acts})
        })
        .filter(|x| x["activities"].as_array().is_some_and(|a| !a.is_empty()))
        .collect();
    json!({"team": team_row(r, "../", t), "next_level": next, "levels": levels})
}
