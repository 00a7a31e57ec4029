//! History views of the site: trend charts (organisation, group, team), the "what changed" page and
//! target-level projections.

use super::Renderer;
use crate::render::charts::{self, Series};
use crate::render::view::{Chart, Pct};
use crate::util::error::Result;
use serde_json::{Value, json};

/// One series over the history's periods, and the organisation's to compare with.
fn trend_series(
    label: &str,
    values: Vec<Option<f64>>,
    compare: Option<Vec<Option<f64>>>,
) -> Vec<Series> {
    let mut series = vec![Series {
        label: label.to_string(),
        values,
        color: charts::PRIMARY,
    }];
    if let Some(c) = compare {
        series.push(Series {
            label: "Organisation".into(),
            values: c,
            color: charts::MUTED,
        });
    }
    series
}

/// A line chart of one series over the history's periods, with catalogue upgrades marked.
fn trend_chart(
    r: &Renderer,
    title: &str,
    label: &str,
    values: Vec<Option<f64>>,
    compare: Option<Vec<Option<f64>>>,
) -> Chart {
    let h = r.input.history;
    let series = trend_series(label, values, compare);
    Chart {
        title: title.into(),
        svg: charts::line_marked(charts::Fit::Screen, title, &h.labels, &series, &h.upgrades),
    }
}

/// As [`trend_chart`] compared with the organisation, in layers: the grid, labels and the organisation's
/// line are the same on every team's and group's chart of one layout (`chart_layers`).
fn trend_layers(
    r: &Renderer,
    title: &str,
    label: &str,
    values: Vec<Option<f64>>,
) -> charts::Layers {
    let h = r.input.history;
    let series = trend_series(label, values, Some(h.org.clone()));
    charts::line_layers(charts::Fit::Screen, title, &h.labels, &series, &h.upgrades)
}

/// Points as a table behind the chart: `[{label, completion}]`.
fn points(r: &Renderer, values: &[Option<f64>]) -> Vec<Value> {
    r.input
        .history
        .labels
        .iter()
        .zip(values)
        .map(|(l, v)| json!({"label": l, "completion": Pct::of(*v)}))
        .collect()
}

pub fn org_trend(r: &Renderer) -> (Chart, Vec<Value>) {
    let v = r.input.history.org.clone();
    (
        trend_chart(
            r,
            "Organisation completion over time",
            "Completion",
            v.clone(),
            None,
        ),
        points(r, &v),
    )
}

pub fn group_trend(r: &Renderer, group: &str) -> (charts::Layers, Vec<Value>) {
    let v = r
        .input
        .history
        .groups
        .get(group)
        .cloned()
        .unwrap_or_default();
    (
        trend_layers(
            r,
            &format!("{group}: completion over time"),
            group,
            v.clone(),
        ),
        points(r, &v),
    )
}

pub fn team_trend(r: &Renderer, team: &str) -> (charts::Layers, Vec<Value>) {
    let series = r.input.history.teams.get(team).cloned().unwrap_or_default();
    let v: Vec<Option<f64>> = series.iter().map(|(c, _)| *c).collect();
    let rows = r
        .input
        .history
        .labels
        .iter()
        .zip(&series)
        .map(|(l, (c, lv))| json!({"label": l, "completion": Pct::of(*c), "level": lv}))
        .collect();
    (
        trend_layers(r, &format!("{team}: completion over time"), team, v),
        rows,
    )
}

/// The team's projection towards its target level, for the team page.
pub fn projection(r: &Renderer, team: &str) -> Option<Value> {
    let t = r.input.org.teams.get(team)?;
    let p = crate::score::projection(r.input.org, t, r.input.scores.as_of)?;
    Some(json!({
        "target": p.target,
        "reached": p.reached,
        "progress": Pct::of(p.progress),
        "pace": format!("{:+.1} points per quarter", p.pace_per_quarter * 100.0),
        "eta": p.eta.map(|d| d.to_string()),
        "window_days": crate::score::history_window_days(),
    }))
}

/// `changes/index.html`: activities that moved up or down per team, level changes, new evidence.
pub fn changes_page(r: &Renderer) -> Result<()> {
    let c = r.input.changes;
    let cat = &r.input.org.catalog;
    let act = |r: &Renderer, i: usize| {
        r.slugs
            .act("../", &cat.activities[i].uuid, &cat.activities[i].name)
    };
    let mut teams = Vec::new();
    let (mut ups, mut downs, mut evidence) = (0, 0, 0);
    for t in &c.teams {
        ups += t.up.len();
        downs += t.down.len();
        evidence += t.new_evidence.len();
        let change = |r: &Renderer, x: &crate::score::Change| json!({"activity": act(r, x.activity), "level": cat.activities[x.activity].level, "from": x.from, "to": x.to});
        teams.push(json!({
            "team": r.slugs.team("../", &t.team),
            "level_from": t.level_from,
            "level_to": t.level_to,
            "level_changed": t.level_from != t.level_to,
            "completion_from": Pct::of(t.completion_from),
            "completion_to": Pct::of(t.completion_to),
            "up": t.up.iter().map(|x| change(r, x)).collect::<Vec<_>>(),
            "down": t.down.iter().map(|x| change(r, x)).collect::<Vec<_>>(),
            "evidence": t.new_evidence.iter().map(|(i, title, d)| json!({"activity": act(r, *i), "title": title, "date": d.to_string()})).collect::<Vec<_>>(),
        }));
    }
    let changed = |t: &&Value| t["level_changed"] == true;
    let level_changes = teams.iter().filter(changed).count();
    // CHANGES_PER_PAGE teams a page, each page with the level changes of its teams: at 10,000 teams of
    // bench-data a team's changes are about 3 KB, and the level changes alone were 0.5 MB.
    let mut chunks: Vec<&[Value]> = teams.chunks(CHANGES_PER_PAGE).collect();
    if chunks.is_empty() {
        chunks.push(&[]);
    }
    let file = |n: usize| {
        if n == 1 {
            "index.html".to_string()
        } else {
            format!("page-{n}.html")
        }
    };
    for (i, chunk) in chunks.iter().enumerate() {
        let pages: Vec<Value> = if chunks.len() > 1 {
            (1..=chunks.len())
                .map(|n| json!({"name": n.to_string(), "href": file(n), "current": n == i + 1}))
                .collect()
        } else {
            Vec::new()
        };
        let ctx = json!({
            "since": c.since.to_string(),
            "as_of": c.as_of.to_string(),
            "totals": {"up": ups, "down": downs, "evidence": evidence, "teams": c.teams.len(), "level_changes": level_changes},
            "level_changes": chunk.iter().filter(changed).collect::<Vec<_>>(),
            "teams": chunk,
            "pages": pages,
            "per_page": CHANGES_PER_PAGE,
        });
        let title = if i == 0 {
            "What changed".to_string()
        } else {
            format!("What changed (page {})", i + 1)
        };
        r.page(
            &format!("changes/{}", file(i + 1)),
            "changes.html",
            &title,
            "changes",
            ctx,
        )?;
    }
    Ok(())
}

/// Teams a page of `changes/`.
const CHANGES_PER_PAGE: usize = 100;
