//! The overview page (index.html): the organisation's headline figures, rankings, groups and charts.

use super::Renderer;
use super::history;
use super::rows::*;
use crate::render::charts;
use crate::render::view::{ActivityRow, Chart, Pct, TeamRow};
use crate::score::TeamScore;
use crate::util::error::Result;
use serde_json::json;

pub(super) fn overview(r: &Renderer) -> Result<()> {
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
        svg: charts::hbars(
            charts::Fit::Screen,
            "Level 1-2 activities with the lowest adoption",
            &gap_bars,
        ),
    };
    let gap_rows: Vec<ActivityRow> = gaps
        .iter()
        .map(|&i| {
            let mut row = activity_row(r, "", i, None);
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
