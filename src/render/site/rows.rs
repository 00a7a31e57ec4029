//! Row builders and small views shared by the site's pages: team rows, medians, level charts, heatmaps,
//! activity rows, evidence and coverage views, links to the source files.

use super::Renderer;
use super::standings::Standings;
use crate::render::charts;
use crate::render::markdown;
use crate::render::view::{
    ActivityRow, Chart, EvidenceView, LevelBadge, Link, Pct, TeamRow, date_text,
};
use crate::score::TeamScore;
use crate::score::stats::median;
use serde_json::json;
use std::collections::BTreeMap;

/// How many team links an activity row lists before "and N more".
pub(super) const MISSING_LIMIT: usize = 40;
/// Above this many teams, overview heatmaps show groups instead of teams.
pub(super) const HEATMAP_TEAMS: usize = 40;

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
        .map(|d| t.dimensions.get(d.name.as_str()).and_then(|x| x.completion))
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
                    .filter_map(|t| t.dimensions.get(d.as_str()).and_then(|x| x.completion))
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
        svg: charts::level_distribution(charts::Fit::Screen, title, &counts),
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
        svg: charts::heatmap(charts::Fit::Screen, title, &subs, &levels, &cells),
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
        svg: charts::heatmap(charts::Fit::Screen, title, &names, &dim_names(r), &values),
    }
}

pub(super) fn activity_row(
    r: &Renderer,
    root: &str,
    i: usize,
    standings: Option<&Standings>,
) -> ActivityRow {
    let org = r.input.org;
    let a = &org.catalog.activities[i];
    let oa = r.input.scores.org.activities.get(&a.uuid);
    // Only the first `MISSING_LIMIT` are linked: count the rest rather than build their links.
    let open = standings.map_or(0, |s| s.open(i).count());
    let missing: Vec<Link> = standings
        .into_iter()
        .flat_map(|s| s.open(i))
        .take(MISSING_LIMIT)
        .map(|t| r.slugs.team(root, t))
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
        source_href: None,
        not_applicable: None,
        evidence: Vec::new(),
        comments: Vec::new(),
        missing_more: open.saturating_sub(MISSING_LIMIT),
        missing,
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

/// Evidence coverage as pages show it: `{fully_implemented, with_evidence, share: Pct}`.
pub(super) fn coverage_view(c: &crate::score::evidence::Coverage) -> serde_json::Value {
    json!({
        "fully_implemented": c.fully_implemented,
        "with_evidence": c.with_evidence,
        "share": Pct::of(c.share),
    })
}

/// The address of `file` (relative to the input folder) at `line` in the repository named by
/// maturity.yaml `repo_url`, e.g. `https://git.example.com/org/assessment/blob/main/teams/a.yaml#L12`;
/// `None` without a `repo_url`, or for built-in files.
pub(super) fn source_href(repo: Option<&str>, file: &str, line: u32) -> Option<String> {
    let repo = repo?;
    if file.starts_with('<') || file.starts_with('/') {
        return None;
    }
    let path: Vec<String> = file.split('/').map(percent).collect();
    let anchor = if line > 0 {
        format!("#L{line}")
    } else {
        String::new()
    };
    Some(format!("{repo}/{}{anchor}", path.join("/")))
}

/// Percent-encodes a path segment (everything but unreserved characters).
fn percent(segment: &str) -> String {
    let mut out = String::new();
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
