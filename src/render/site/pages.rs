//! The pages of the site: the entry point, shared row builders and the overview page. Team and group
//! pages are in `people`, catalogue, level, compliance and data pages in `catalog_pages`.

use super::Renderer;
use super::history;
use crate::render::charts;
use crate::render::markdown;
use crate::render::view::{
    ActivityRow, Chart, EvidenceView, LevelBadge, Link, Pct, TeamRow, date_text,
};
use crate::score::stats::median;
use crate::score::{self, TeamScore, Values};
use crate::util::error::Result;
use serde_json::json;
use std::collections::BTreeMap;

/// How many team links an activity row lists before "and N more".
pub(super) const MISSING_LIMIT: usize = 40;
/// Above this many teams, overview heatmaps show groups instead of teams.
pub(super) const HEATMAP_TEAMS: usize = 40;

pub fn all(r: &Renderer) -> Result<()> {
    let org = r.input.org;
    let as_of = r.input.scores.as_of;
    let vals: BTreeMap<&str, Values> = org
        .teams
        .values()
        .map(|t| (t.name.as_str(), score::values(org, t, as_of)))
        .collect();
    overview(r)?;
    super::people::teams(r, &vals)?;
    super::people::groups(r, &vals)?;
    super::catalog_pages::dimensions(r)?;
    super::catalog_pages::activities(r, &vals)?;
    super::catalog_pages::levels(r, &vals)?;
    super::catalog_pages::compliance(r)?;
    super::catalog_pages::data(r)?;
    history::changes_page(r)?;
    super::evidence::page(r)?;
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

pub(super) fn as_of_date(r: &Renderer) -> crate::util::date::Date {
    r.input.scores.as_of
}

pub(super) fn dim_names(r: &Renderer) -> Vec<String> {
    r.input
        .org
        .catalog
        .dimensions
        .iter()
        .map(|d| d.name.clone())
        .collect()
}

/// A team's completion per dimension, in catalogue order.
pub(super) fn team_dims(r: &Renderer, t: &TeamScore) -> Vec<Option<f64>> {
    r.input
        .org
        .catalog
        .dimensions
        .iter()
        .map(|d| t.dimensions.get(&d.name).and_then(|x| x.completion))
        .collect()
}

pub(super) fn team_row(r: &Renderer, root: &str, t: &TeamScore) -> TeamRow {
    TeamRow {
        name: t.name.clone(),
        href: r.slugs.team(root, &t.name).href,
        level: LevelBadge::of_team(t.level),
        target_level: t.target_level,
        completion: Pct::of(t.completion),
        dimensions: team_dims(r, t).into_iter().map(Pct::of).collect(),
        groups: t.groups.iter().map(|g| r.slugs.group(root, g)).collect(),
        in_progress: t
            .activities
            .values()
            .filter(|a| a.value.is_some_and(|v| v > 0.0 && v < 1.0))
            .count(),
        last_updated: date_text(t.activities.values().filter_map(|a| a.since).max()),
        pdf: r.pdf(
            root,
            &format!("reports/teams/{}.pdf", r.slugs.teams[&t.name]),
        ),
    }
}

/// Median team completion per dimension.
pub(super) fn org_median(r: &Renderer) -> Vec<Option<f64>> {
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

pub(super) fn level_chart(title: &str, dist: &BTreeMap<String, usize>) -> Chart {
    let counts: Vec<(String, usize)> = dist
        .iter()
        .map(|(l, n)| (format!("Level {l}"), *n))
        .collect();
    Chart {
        title: title.into(),
        svg: charts::level_distribution(title, &counts),
    }
}

/// A subdimension x level heatmap (as the DSOMM app's, for whichever teams `cell` averages) and its
/// data table rows (`{name, cells: [Pct; 5]}`).
pub(super) fn cell_heatmap(
    r: &Renderer,
    title: &str,
    cell: impl Fn(&str, u8) -> Option<f64>,
) -> (Chart, Vec<serde_json::Value>) {
    let subs: Vec<String> = r
        .input
        .org
        .catalog
        .dimensions
        .iter()
        .flat_map(|d| d.subdimensions.iter().map(|s| s.name.clone()))
        .collect();
    let cells: Vec<Vec<Option<f64>>> = subs
        .iter()
        .map(|n| (1..=5u8).map(|l| cell(n, l)).collect())
        .collect();
    let levels: Vec<String> = (1..=5u8).map(|l| format!("Level {l}")).collect();
    let table = subs
        .iter()
        .zip(&cells)
        .map(
            |(n, v)| json!({"name": n, "cells": v.iter().map(|x| Pct::of(*x)).collect::<Vec<_>>()}),
        )
        .collect();
    let chart = Chart {
        title: "Subdimension by level".into(),
        svg: charts::heatmap(title, &subs, &levels, &cells),
    };
    (chart, table)
}

pub(super) fn dims_heatmap(
    r: &Renderer,
    title: &str,
    rows: &[(String, Vec<Option<f64>>)],
) -> Chart {
    let names: Vec<String> = rows.iter().map(|(n, _)| n.clone()).collect();
    let values: Vec<Vec<Option<f64>>> = rows.iter().map(|(_, v)| v.clone()).collect();
    Chart {
        title: title.into(),
        svg: charts::heatmap(title, &names, &dim_names(r), &values),
    }
}

pub(super) fn activity_row(
    r: &Renderer,
    root: &str,
    i: usize,
    vals: &BTreeMap<&str, Values>,
) -> ActivityRow {
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
        state_class: String::new(),
        since: None,
        not_applicable: None,
        evidence: Vec::new(),
        comments: Vec::new(),
        missing_more: missing.len().saturating_sub(MISSING_LIMIT),
        missing: missing.into_iter().take(MISSING_LIMIT).collect(),
        observed: None,
    }
}

pub(super) fn evidence_view(team: &str, e: &crate::model::Evidence) -> EvidenceView {
    EvidenceView {
        team: team.to_string(),
        title: e.title.clone(),
        date: date_text(e.date),
        reviewer: e.reviewer.clone(),
        description_html: markdown::to_html(&e.description),
        links_html: e.links.iter().map(|l| markdown::link_or_text(l)).collect(),
    }
}

fn overview(r: &Renderer) -> Result<()> {
    let s = r.input.scores;
    let org = r.input.org;
    // The same ranking as the PDFs (score::rank); teams that have not assessed are listed apart.
    let ranked = crate::score::rank::teams(s);
    let not_assessed: Vec<crate::render::view::Link> = s
        .teams
        .iter()
        .filter(|t| !t.assessed)
        .map(|t| r.slugs.team("", &t.name))
        .collect();
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
            .map(|t| (t.name.clone(), team_dims(r, t)))
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
    let (cell_chart, cells_table) = cell_heatmap(
        r,
        "Completion by subdimension and activity level",
        |sub, l| {
            s.org
                .cells
                .get(sub)
                .and_then(|c| c.get(&l.to_string()).copied().flatten())
        },
    );
    let all: Vec<&TeamScore> = s.teams.iter().collect();
    let ranked_gaps = crate::score::rank::gaps(&org.catalog, &all, 1..=2);
    let (shown, gaps_tie) = crate::score::rank::cut(&ranked_gaps, 10);
    let gaps: Vec<usize> = shown.iter().map(|g| g.activity).collect();
    let gap_bars: Vec<(String, f64)> = shown
        .iter()
        .map(|g| {
            (
                org.catalog.activities[g.activity].name.clone(),
                g.adoption(),
            )
        })
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
        "policies": super::policies::org_rows(r, "", r.input.policies),
        "evidence": coverage_view(&s.org.evidence),
        "not_assessed": not_assessed,
        "gaps_tie": gaps_tie.map(|t| t.sentence()),
        "pdf": r.pdf("", "reports/executive-summary.pdf"),
        "completion": Pct::of(s.org.completion),
        "dimensions": dim_names(r),
        "org_dimensions": dim_names(r).iter().map(|d| Pct::of(s.org.dimensions.get(d).copied().flatten())).collect::<Vec<_>>(),
        "level_chart": level_chart("Teams per maturity level", &s.org.level_distribution),
        "level_distribution": s.org.level_distribution,
        "level_counts": (1..=5u8).map(|l| json!({"level": l, "teams": s.org.level_distribution.get(&l.to_string()).copied().unwrap_or(0), "color": charts::hex(charts::level_color(l))})).collect::<Vec<_>>(),
        "level0": s.org.level_distribution.get("0").copied().unwrap_or(0),
        "heatmap": heat,
        "heatmap_table": rows.iter().map(|(n, v)| json!({"name": n, "cells": v.iter().map(|x| Pct::of(*x)).collect::<Vec<_>>()})).collect::<Vec<_>>(),
        "cells": cell_chart,
        "cells_table": cells_table,
        "gaps_chart": gap_chart,
        "gaps": gap_rows,
        "trend": trend,
        "trend_points": trend_points,
        "changes": {"since": r.input.changes.since.to_string(), "teams": r.input.changes.teams.len(), "level_changes": r.input.changes.teams.iter().filter(|t| t.level_from != t.level_to).count()},
        "top": top,
        "bottom": bottom,
        "groups": groups,
        "observed": super::evidence::overview(r),
    });
    r.page("index.html", "index.html", "Overview", "overview", ctx)
}

/// Evidence coverage as pages show it: `{fully_implemented, with_evidence, share: Pct}`.
pub(super) fn coverage_view(c: &crate::score::evidence::Coverage) -> serde_json::Value {
    json!({
        "fully_implemented": c.fully_implemented,
        "with_evidence": c.with_evidence,
        "share": Pct::of(c.share),
    })
}
