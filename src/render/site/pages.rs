//! The pages of the site: overview, teams, groups, dimensions, subdimensions, activities, levels,
//! compliance and data quality. Each builds a view model and renders one template.

use super::Renderer;
use super::history;
use crate::error::Result;
use crate::render::charts::{self, Series};
use crate::render::markdown;
use crate::render::view::{
    ActivityRow, Chart, EvidenceView, LevelBadge, Link, Pct, TeamRow, date_text,
};
use crate::score::{self, TeamScore, Values};
use serde_json::json;
use std::collections::BTreeMap;

/// How many team links an activity row lists before "and N more".
const MISSING_LIMIT: usize = 40;
/// Above this many teams, overview heatmaps show groups instead of teams.
const HEATMAP_TEAMS: usize = 40;

pub fn all(r: &mut Renderer) -> Result<()> {
    let org = r.input.org;
    let as_of = r.input.scores.as_of;
    let vals: BTreeMap<&str, Values> = org
        .teams
        .values()
        .map(|t| (t.name.as_str(), score::values(org, t, as_of)))
        .collect();
    overview(r)?;
    teams(r, &vals)?;
    groups(r)?;
    dimensions(r)?;
    activities(r, &vals)?;
    levels(r, &vals)?;
    compliance(r, &vals)?;
    data(r)?;
    history::changes_page(r)?;
    let reports: Vec<Link> = r
        .input
        .reports
        .iter()
        .map(|l| Link {
            name: l.name.clone(),
            href: format!("../{}", l.href),
        })
        .collect();
    r.page(
        "reports/index.html",
        "reports.html",
        "PDF reports",
        "reports",
        json!({ "reports": reports }),
    )
}

fn as_of_date(r: &Renderer) -> crate::date::Date {
    r.input.scores.as_of
}

fn dim_names(r: &Renderer) -> Vec<String> {
    r.input
        .org
        .catalog
        .dimensions
        .iter()
        .map(|d| d.name.clone())
        .collect()
}

fn team_row(r: &Renderer, root: &str, t: &TeamScore) -> TeamRow {
    TeamRow {
        name: t.name.clone(),
        href: r.slugs.team(root, &t.name).href,
        level: LevelBadge::of(t.level),
        target_level: t.target_level,
        completion: Pct::of(t.completion),
        dimensions: dim_names(r)
            .iter()
            .map(|d| Pct::of(t.dimensions.get(d).and_then(|x| x.completion)))
            .collect(),
        groups: t.groups.iter().map(|g| r.slugs.group(root, g)).collect(),
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 0 {
        (v[m - 1] + v[m]) / 2.0
    } else {
        v[m]
    })
}

/// Median team completion per dimension.
fn org_median(r: &Renderer) -> Vec<Option<f64>> {
    dim_names(r)
        .iter()
        .map(|d| {
            median(
                r.input
                    .scores
                    .teams
                    .iter()
                    .filter_map(|t| t.dimensions.get(d).and_then(|x| x.completion))
                    .collect(),
            )
        })
        .collect()
}

fn level_chart(title: &str, dist: &BTreeMap<String, usize>) -> Chart {
    let counts: Vec<(String, usize)> = dist
        .iter()
        .map(|(l, n)| (format!("Level {l}"), *n))
        .collect();
    Chart {
        title: title.into(),
        svg: charts::level_distribution(title, &counts),
    }
}

fn dims_heatmap(r: &Renderer, title: &str, rows: &[(String, Vec<Option<f64>>)]) -> Chart {
    let names: Vec<String> = rows.iter().map(|(n, _)| n.clone()).collect();
    let values: Vec<Vec<Option<f64>>> = rows.iter().map(|(_, v)| v.clone()).collect();
    Chart {
        title: title.into(),
        svg: charts::heatmap(title, &names, &dim_names(r), &values),
    }
}

fn activity_row(r: &Renderer, root: &str, i: usize, vals: &BTreeMap<&str, Values>) -> ActivityRow {
    let org = r.input.org;
    let a = &org.catalog.activities[i];
    let oa = r.input.scores.org.activities.get(&a.uuid);
    let missing: Vec<Link> = vals
        .iter()
        .filter(|(_, v)| v[i].0.is_some_and(|x| x < 1.0))
        .map(|(t, _)| r.slugs.team(root, t))
        .collect();
    ActivityRow {
        uuid: a.uuid.clone(),
        name: a.name.clone(),
        href: r.slugs.act(root, &a.uuid, &a.name).href,
        level: a.level,
        dimension: a.dimension.clone(),
        subdimension: a.subdimension.clone(),
        adoption: Pct::of(oa.and_then(|x| x.adoption)),
        mean: Pct::of(oa.and_then(|x| x.mean)),
        state: String::new(),
        state_color: String::new(),
        since: None,
        not_applicable: None,
        evidence: Vec::new(),
        comments: Vec::new(),
        missing_more: missing.len().saturating_sub(MISSING_LIMIT),
        missing: missing.into_iter().take(MISSING_LIMIT).collect(),
    }
}

fn evidence_view(team: &str, e: &crate::model::Evidence) -> EvidenceView {
    EvidenceView {
        team: team.to_string(),
        title: e.title.clone(),
        date: date_text(e.date),
        reviewer: e.reviewer.clone(),
        description_html: markdown::to_html(&e.description),
        links_html: e.links.iter().map(|l| markdown::link_or_text(l)).collect(),
    }
}

fn overview(r: &mut Renderer) -> Result<()> {
    let s = r.input.scores;
    let org = r.input.org;
    let mut ranked: Vec<&TeamScore> = s.teams.iter().collect();
    ranked.sort_by(|a, b| {
        b.completion
            .unwrap_or(0.0)
            .total_cmp(&a.completion.unwrap_or(0.0))
            .then(a.name.cmp(&b.name))
    });
    let top: Vec<TeamRow> = ranked.iter().take(5).map(|t| team_row(r, "", t)).collect();
    let bottom: Vec<TeamRow> = ranked
        .iter()
        .rev()
        .take(5)
        .map(|t| team_row(r, "", t))
        .collect();
    let rows: Vec<(String, Vec<Option<f64>>)> = if s.teams.len() <= HEATMAP_TEAMS {
        s.teams
            .iter()
            .map(|t| {
                (
                    t.name.clone(),
                    dim_names(r)
                        .iter()
                        .map(|d| t.dimensions.get(d).and_then(|x| x.completion))
                        .collect(),
                )
            })
            .collect()
    } else {
        s.groups
            .iter()
            .map(|g| {
                (
                    g.name.clone(),
                    dim_names(r)
                        .iter()
                        .map(|d| g.dimensions.get(d).copied().flatten())
                        .collect(),
                )
            })
            .collect()
    };
    let heat_title = if s.teams.len() <= HEATMAP_TEAMS {
        "Completion by team and dimension"
    } else {
        "Completion by group and dimension"
    };
    let heat = dims_heatmap(r, heat_title, &rows);
    let subs: Vec<String> = org
        .catalog
        .dimensions
        .iter()
        .flat_map(|d| d.subdimensions.iter().map(|s| s.name.clone()))
        .collect();
    let cells: Vec<Vec<Option<f64>>> = subs
        .iter()
        .map(|n| {
            (1..=5)
                .map(|l| {
                    s.org
                        .cells
                        .get(n)
                        .and_then(|c| c.get(&l.to_string()).copied().flatten())
                })
                .collect()
        })
        .collect();
    let levels: Vec<String> = (1..=5).map(|l| format!("Level {l}")).collect();
    let cell_chart = Chart {
        title: "Subdimension by level".into(),
        svg: charts::heatmap(
            "Completion by subdimension and activity level",
            &subs,
            &levels,
            &cells,
        ),
    };
    let mut gaps: Vec<usize> = (0..org.catalog.activities.len())
        .filter(|&i| org.catalog.activities[i].level <= 2)
        .collect();
    let adoption = |i: usize| {
        s.org
            .activities
            .get(&org.catalog.activities[i].uuid)
            .and_then(|a| a.adoption)
            .unwrap_or(1.0)
    };
    gaps.sort_by(|&a, &b| {
        adoption(a)
            .total_cmp(&adoption(b))
            .then(
                org.catalog.activities[a]
                    .level
                    .cmp(&org.catalog.activities[b].level),
            )
            .then(
                org.catalog.activities[a]
                    .name
                    .cmp(&org.catalog.activities[b].name),
            )
    });
    gaps.truncate(10);
    let gap_bars: Vec<(String, f64)> = gaps
        .iter()
        .map(|&i| (org.catalog.activities[i].name.clone(), adoption(i)))
        .collect();
    let gap_chart = Chart {
        title: "Lowest adoption".into(),
        svg: charts::hbars("Level 1-2 activities with the lowest adoption", &gap_bars),
    };
    let empty = BTreeMap::new();
    let gap_rows: Vec<ActivityRow> = gaps
        .iter()
        .map(|&i| {
            let mut row = activity_row(r, "", i, &empty);
            row.missing.clear();
            row
        })
        .collect();
    let (trend, trend_points) = history::org_trend(r);
    let groups: Vec<serde_json::Value> = s.groups.iter().map(|g| json!({"link": r.slugs.group("", &g.name), "teams": g.teams.len(), "completion": Pct::of(g.completion)})).collect();
    let ctx = json!({
        "completion": Pct::of(s.org.completion),
        "dimensions": dim_names(r),
        "org_dimensions": dim_names(r).iter().map(|d| Pct::of(s.org.dimensions.get(d).copied().flatten())).collect::<Vec<_>>(),
        "level_chart": level_chart("Teams per maturity level", &s.org.level_distribution),
        "level_distribution": s.org.level_distribution,
        "level_counts": (1..=5u8).map(|l| json!({"level": l, "teams": s.org.level_distribution.get(&l.to_string()).copied().unwrap_or(0), "color": charts::hex(charts::level_color(l))})).collect::<Vec<_>>(),
        "level0": s.org.level_distribution.get("0").copied().unwrap_or(0),
        "heatmap": heat,
        "cells": cell_chart,
        "gaps_chart": gap_chart,
        "gaps": gap_rows,
        "trend": trend,
        "trend_points": trend_points,
        "changes": {"since": r.input.changes.since.to_string(), "teams": r.input.changes.teams.len(), "level_changes": r.input.changes.teams.iter().filter(|t| t.level_from != t.level_to).count()},
        "top": top,
        "bottom": bottom,
        "groups": groups,
    });
    r.page("index.html", "index.html", "Overview", "overview", ctx)
}

fn teams(r: &mut Renderer, vals: &BTreeMap<&str, Values>) -> Result<()> {
    let s = r.input.scores;
    let rows: Vec<TeamRow> = s.teams.iter().map(|t| team_row(r, "../", t)).collect();
    r.page(
        "teams/index.html",
        "teams.html",
        "Teams",
        "teams",
        json!({"teams": rows, "dimensions": dim_names(r)}),
    )?;
    let median = org_median(r);
    let org = r.input.org;
    for ts in &s.teams {
        let team = &org.teams[&ts.name];
        let v = &vals[ts.name.as_str()];
        let dims = dim_names(r);
        let mine: Vec<Option<f64>> = dims
            .iter()
            .map(|d| ts.dimensions.get(d).and_then(|x| x.completion))
            .collect();
        let radar = Chart {
            title: "Radar".into(),
            svg: charts::radar(
                &format!("{} by dimension", ts.name),
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
            ),
        };
        let dim_rows: Vec<serde_json::Value> = dims.iter().zip(&median).map(|(d, m)| {
            let x = ts.dimensions.get(d);
            json!({"link": r.slugs.dim("../", d), "completion": Pct::of(x.and_then(|x| x.completion)), "level": LevelBadge::of(x.map_or(0, |x| x.level)), "median": Pct::of(*m)})
        }).collect();
        let mut checklist = Vec::new();
        for level in 1..=5u8 {
            let mut items = Vec::new();
            for (i, a) in org
                .catalog
                .activities
                .iter()
                .enumerate()
                .filter(|(_, a)| a.level == level)
            {
                let mut row = activity_row(r, "../", i, &BTreeMap::new());
                let (value, state, since) = v[i];
                let ta = team.activities.get(&i);
                row.not_applicable = ta.and_then(|t| t.not_applicable.clone());
                row.state = if row.not_applicable.is_some() {
                    "Not applicable".into()
                } else if value == Some(0.0) && state != 0 {
                    format!("{} (expired)", org.progress.states[state].name)
                } else {
                    org.progress.states[state].name.clone()
                };
                row.state_color = charts::hex(value.map_or(charts::MUTED, charts::state_color));
                row.since = date_text(since);
                row.evidence = ta
                    .map(|t| {
                        t.evidence
                            .iter()
                            .map(|e| evidence_view(&ts.name, e))
                            .collect()
                    })
                    .unwrap_or_default();
                row.comments = ta.map(|t| t.comments.clone()).unwrap_or_default();
                let _ = a;
                items.push(row);
            }
            let c = ts.levels.get(&level.to_string()).copied().flatten();
            checklist.push(json!({"level": level, "completion": Pct::of(c), "activities": items}));
        }
        let next: Vec<ActivityRow> = score::next_steps(org, v, 10)
            .into_iter()
            .map(|i| {
                let mut row = activity_row(r, "../", i, &BTreeMap::new());
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
            json!({"target": t, "reached": ts.level >= t, "open": open})
        });
        let (trend, trend_points) = history::team_trend(r, &ts.name);
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
        let ctx = json!({
            "trend": trend,
            "trend_points": trend_points,
            "projection": history::projection(r, &ts.name),
            "expired": expired,
            "team": team_row(r, "../", ts),
            "source": team.source,
            "radar": radar,
            "dimensions": dim_rows,
            "checklist": checklist,
            "next_steps": next,
            "target": target_gap,
            "findings": ts.dependency_findings.len(),
        });
        let path = format!("teams/{}.html", r.slugs.teams[&ts.name]);
        r.page(&path, "team.html", &ts.name, "teams", ctx)?;
    }
    Ok(())
}

fn groups(r: &mut Renderer) -> Result<()> {
    let s = r.input.scores;
    let list: Vec<serde_json::Value> = s.groups.iter().map(|g| json!({"link": r.slugs.group("../", &g.name), "teams": g.teams.len(), "completion": Pct::of(g.completion), "dimensions": dim_names(r).iter().map(|d| Pct::of(g.dimensions.get(d).copied().flatten())).collect::<Vec<_>>()})).collect();
    r.page(
        "groups/index.html",
        "groups.html",
        "Groups",
        "groups",
        json!({"groups": list, "dimensions": dim_names(r)}),
    )?;
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
            .map(|t| {
                (
                    t.name.clone(),
                    dim_names(r)
                        .iter()
                        .map(|d| t.dimensions.get(d).and_then(|x| x.completion))
                        .collect(),
                )
            })
            .collect();
        let heat = dims_heatmap(
            r,
            &format!("{}: completion by team and dimension", g.name),
            &heat_rows,
        );
        // Gaps: level 1-2 activities with the lowest share of member teams at 100 %.
        let org = r.input.org;
        let mut gaps: Vec<(f64, usize)> = Vec::new();
        for (i, a) in org
            .catalog
            .activities
            .iter()
            .enumerate()
            .filter(|(_, a)| a.level <= 2)
        {
            let applicable: Vec<f64> = members
                .iter()
                .filter_map(|t| match t.activities.get(&a.uuid) {
                    Some(x) => x.value,
                    None => Some(0.0),
                })
                .collect();
            if !applicable.is_empty() {
                gaps.push((
                    applicable.iter().filter(|v| **v >= 1.0).count() as f64
                        / applicable.len() as f64,
                    i,
                ));
            }
        }
        gaps.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let gap_rows: Vec<serde_json::Value> = gaps.iter().take(10).map(|(share, i)| {
            let a = &org.catalog.activities[*i];
            json!({"link": r.slugs.act("../", &a.uuid, &a.name), "level": a.level, "share": Pct::of(Some(*share))})
        }).collect();
        let (trend, trend_points) = history::group_trend(r, &g.name);
        let ctx = json!({
            "trend": trend,
            "trend_points": trend_points,
            "group": {"name": g.name, "completion": Pct::of(g.completion), "teams": g.teams.len()},
            "dimensions": dim_names(r),
            "teams": rows,
            "heatmap": heat,
            "level_chart": level_chart(&format!("{}: teams per level", g.name), &g.level_distribution),
            "gaps": gap_rows,
        });
        let path = format!("groups/{}.html", r.slugs.groups[&g.name]);
        r.page(&path, "group.html", &g.name, "groups", ctx)?;
    }
    Ok(())
}

fn dimensions(r: &mut Renderer) -> Result<()> {
    let org = r.input.org;
    let s = r.input.scores;
    let empty = BTreeMap::new();
    let list: Vec<serde_json::Value> = org.catalog.dimensions.iter().map(|d| json!({
        "link": r.slugs.dim("../", &d.name),
        "completion": Pct::of(s.org.dimensions.get(&d.name).copied().flatten()),
        "subdimensions": d.subdimensions.iter().map(|x| json!({"link": r.slugs.sub("../", &x.name), "activities": x.activities.len()})).collect::<Vec<_>>(),
    })).collect();
    r.page(
        "dimensions/index.html",
        "dimensions.html",
        "Dimensions",
        "dimensions",
        json!({"dimensions": list}),
    )?;
    for d in &org.catalog.dimensions {
        let subs: Vec<serde_json::Value> = d.subdimensions.iter().map(|x| json!({
            "link": r.slugs.sub("../", &x.name),
            "summary_html": markdown::to_html(&x.summary),
            "activities": x.activities.len(),
            "levels": (1..=5).map(|l| Pct::of(s.org.cells.get(&x.name).and_then(|c| c.get(&l.to_string()).copied().flatten()))).collect::<Vec<_>>(),
        })).collect();
        let rows: Vec<(String, Vec<Option<f64>>)> = s
            .teams
            .iter()
            .take(HEATMAP_TEAMS)
            .map(|t| {
                (
                    t.name.clone(),
                    d.subdimensions
                        .iter()
                        .map(|x| {
                            t.dimensions
                                .get(&d.name)
                                .and_then(|y| y.subdimensions.get(&x.name))
                                .and_then(|y| y.completion)
                        })
                        .collect(),
                )
            })
            .collect();
        let names: Vec<String> = rows.iter().map(|(n, _)| n.clone()).collect();
        let values: Vec<Vec<Option<f64>>> = rows.iter().map(|(_, v)| v.clone()).collect();
        let cols: Vec<String> = d.subdimensions.iter().map(|x| x.name.clone()).collect();
        let heat = Chart {
            title: "Teams by subdimension".into(),
            svg: charts::heatmap(
                &format!("{}: completion by team and subdimension", d.name),
                &names,
                &cols,
                &values,
            ),
        };
        let ctx = json!({"dimension": {"name": d.name, "completion": Pct::of(s.org.dimensions.get(&d.name).copied().flatten())}, "subdimensions": subs, "heatmap": heat, "heatmap_limited": s.teams.len() > HEATMAP_TEAMS});
        let path = format!("dimensions/{}.html", r.slugs.dims[&d.name]);
        r.page(&path, "dimension.html", &d.name, "dimensions", ctx)?;
        for x in &d.subdimensions {
            let levels: Vec<serde_json::Value> = (1..=5u8).map(|l| json!({
                "level": l,
                "activities": x.activities.iter().filter(|&&i| org.catalog.activities[i].level == l).map(|&i| activity_row(r, "../", i, &empty)).collect::<Vec<_>>(),
            })).collect();
            let ctx = json!({"dimension": r.slugs.dim("../", &d.name), "subdimension": {"name": x.name, "summary_html": markdown::to_html(&x.summary)}, "levels": levels});
            let path = format!("subdimensions/{}.html", r.slugs.subs[&x.name]);
            r.page(&path, "subdimension.html", &x.name, "dimensions", ctx)?;
        }
    }
    Ok(())
}

fn activities(r: &mut Renderer, vals: &BTreeMap<&str, Values>) -> Result<()> {
    let org = r.input.org;
    for (i, a) in org.catalog.activities.iter().enumerate() {
        let mut by_state: Vec<serde_json::Value> = Vec::new();
        for (si, st) in org.progress.states.iter().enumerate().rev() {
            let teams: Vec<Link> = vals
                .iter()
                .filter(|(_, v)| v[i].0.is_some() && v[i].1 == si)
                .map(|(t, _)| r.slugs.team("../", t))
                .collect();
            by_state.push(json!({"state": st.name, "color": charts::hex(charts::state_color(st.score)), "teams": teams}));
        }
        let mut na = Vec::new();
        let mut evidence = Vec::new();
        for t in org.teams.values() {
            if let Some(ta) = t.activities.get(&i) {
                if let Some(reason) = &ta.not_applicable {
                    na.push(json!({"team": r.slugs.team("../", &t.name), "reason": reason}));
                }
                evidence.extend(ta.evidence.iter().map(|e| evidence_view(&t.name, e)));
            }
        }
        let deps: Vec<Link> = a
            .depends_on
            .iter()
            .filter_map(|u| org.catalog.by_uuid(u))
            .map(|j| {
                r.slugs.act(
                    "../",
                    &org.catalog.activities[j].uuid,
                    &org.catalog.activities[j].name,
                )
            })
            .collect();
        let used_by: Vec<Link> = org
            .catalog
            .activities
            .iter()
            .filter(|b| b.depends_on.contains(&a.uuid))
            .map(|b| r.slugs.act("../", &b.uuid, &b.name))
            .collect();
        let tools: Vec<String> = a
            .tools
            .iter()
            .map(|t| match &t.url {
                Some(u) if markdown::safe_url(u) => format!(
                    "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
                    markdown::escape(u),
                    markdown::escape(&t.name)
                ),
                _ => markdown::escape(&t.name),
            })
            .collect();
        let row = activity_row(r, "../", i, &BTreeMap::new());
        let ctx = json!({
            "activity": row,
            "dimension": r.slugs.dim("../", &a.dimension),
            "subdimension": r.slugs.sub("../", &a.subdimension),
            "description_html": markdown::to_html(&a.description),
            "risk_html": markdown::to_html(&a.risk),
            "measure_html": markdown::to_html(&a.measure),
            "assessment_html": markdown::to_html(&a.assessment),
            "difficulty": a.difficulty,
            "usefulness": a.usefulness,
            "depends_on": deps,
            "used_by": used_by,
            "references": a.references,
            "opencre_html": a.references.opencre.iter().map(|u| markdown::link_or_text(u)).collect::<Vec<_>>(),
            "tools_html": tools,
            "by_state": by_state,
            "not_applicable": na,
            "evidence": evidence,
        });
        let path = format!("activities/{}.html", r.slugs.acts[&a.uuid]);
        r.page(&path, "activity.html", &a.name, "dimensions", ctx)?;
    }
    Ok(())
}

fn levels(r: &mut Renderer, vals: &BTreeMap<&str, Values>) -> Result<()> {
    let org = r.input.org;
    for level in 1..=5u8 {
        let rows: Vec<ActivityRow> = (0..org.catalog.activities.len())
            .filter(|&i| org.catalog.activities[i].level == level)
            .map(|i| activity_row(r, "../", i, vals))
            .collect();
        let c = r
            .input
            .scores
            .org
            .levels
            .get(&level.to_string())
            .copied()
            .flatten();
        let ctx = json!({"level": level, "color": charts::hex(charts::level_color(level)), "completion": Pct::of(c), "activities": rows, "levels": [1, 2, 3, 4, 5]});
        r.page(
            &format!("levels/{level}.html"),
            "level.html",
            &format!("Level {level} checklist"),
            "levels",
            ctx,
        )?;
    }
    Ok(())
}

fn compliance(r: &mut Renderer, vals: &BTreeMap<&str, Values>) -> Result<()> {
    let org = r.input.org;
    let mut frameworks = Vec::new();
    for (key, title) in [
        ("iso27001-2022", "ISO/IEC 27001:2022"),
        ("samm2", "OWASP SAMM 2"),
        ("iso27001-2017", "ISO/IEC 27001:2017"),
    ] {
        let mut codes: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, a) in org.catalog.activities.iter().enumerate() {
            let refs = match key {
                "samm2" => &a.references.samm2,
                "iso27001-2017" => &a.references.iso27001_2017,
                _ => &a.references.iso27001_2022,
            };
            for c in refs {
                codes.entry(c.as_str()).or_default().push(i);
            }
        }
        // A code is covered for a team when at least one mapped, applicable activity is fully implemented.
        let covered =
            |v: &Values, acts: &[usize]| acts.iter().any(|&i| v[i].0.is_some_and(|x| x >= 1.0));
        let rows: Vec<serde_json::Value> = codes.iter().map(|(code, acts)| {
            let n = vals.values().filter(|v| covered(v, acts)).count();
            json!({
                "code": code,
                "activities": acts.iter().map(|&i| r.slugs.act("../", &org.catalog.activities[i].uuid, &org.catalog.activities[i].name)).collect::<Vec<_>>(),
                "teams_covered": n,
                "coverage": Pct::of((!vals.is_empty()).then(|| n as f64 / vals.len() as f64)),
            })
        }).collect();
        let teams: Vec<serde_json::Value> = vals.iter().map(|(t, v)| {
            let n = codes.values().filter(|acts| covered(v, acts)).count();
            json!({"team": r.slugs.team("../", t), "covered": n, "share": Pct::of((!codes.is_empty()).then(|| n as f64 / codes.len() as f64))})
        }).collect();
        frameworks.push(json!({"key": key, "title": title, "codes": rows, "total": codes.len(), "teams": teams}));
    }
    r.page(
        "compliance/index.html",
        "compliance.html",
        "Compliance",
        "compliance",
        json!({"frameworks": frameworks}),
    )
}

fn data(r: &mut Renderer) -> Result<()> {
    let ledger: Vec<serde_json::Value> = r.input.ledger.iter().map(|(f, row)| json!({"file": f, "read": row.read, "used": row.used, "rejected": row.rejected})).collect();
    let total = r.input.ledger.values().fold((0, 0, 0), |acc, x| {
        (acc.0 + x.read, acc.1 + x.used, acc.2 + x.rejected)
    });
    let warnings: Vec<serde_json::Value> = r.input.warnings.iter().map(|d| json!({"code": d.code, "file": d.file, "line": d.line, "col": d.col, "message": d.message, "hint": d.hint})).collect();
    let ctx = json!({"ledger": ledger, "total": {"read": total.0, "used": total.1, "rejected": total.2}, "warnings": warnings, "states": r.input.org.progress.states});
    r.page("data/index.html", "data.html", "Data quality", "data", ctx)
}
