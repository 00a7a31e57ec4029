//! The charts of each PDF report, as (name, SVG) pairs served at `/charts/<name>.svg`.

use super::reports::{ExecutiveData, GroupData, TeamData, TrendPoint, Upgrade};
use crate::render::charts::{self, Fit, MUTED, PRIMARY, Series};

pub fn executive(d: &ExecutiveData) -> Vec<(String, String)> {
    let rows: Vec<String> = d
        .heatmap
        .iter()
        .map(|r| format!("{} ({})", r.name, r.teams))
        .collect();
    let values: Vec<Vec<Option<f64>>> = d
        .heatmap
        .iter()
        .map(|r| r.cells.iter().map(|c| c.value).collect())
        .collect();
    let mut out = vec![(
        "heatmap".into(),
        charts::heatmap(
            Fit::Print,
            "Mean completion per group and dimension",
            &rows,
            &d.dimensions,
            &values,
        ),
    )];
    out.extend(trend(
        "Organisation completion per quarter",
        "Organisation",
        &d.trend.points,
        &d.trend.upgrades,
        false,
    ));
    out
}

pub fn team(d: &TeamData) -> Vec<(String, String)> {
    let subs: Vec<_> = d.dimensions.iter().flat_map(|x| &x.subdimensions).collect();
    let axes: Vec<String> = subs.iter().map(|s| s.name.clone()).collect();
    let series = [
        Series {
            label: "Organisation median".into(),
            values: subs.iter().map(|s| s.org_median.value).collect(),
            color: MUTED,
        },
        Series {
            label: d.team.clone(),
            values: subs.iter().map(|s| s.completion.value).collect(),
            color: PRIMARY,
        },
    ];
    let mut out = vec![(
        "radar".into(),
        charts::radar(Fit::Print, "Completion per subdimension", &axes, &series),
    )];
    out.extend(trend(
        "Completion per quarter",
        &d.team,
        &d.trend,
        &d.upgrades,
        true,
    ));
    out
}

pub fn group(d: &GroupData) -> Vec<(String, String)> {
    let items: Vec<(String, f64)> = d
        .teams
        .iter()
        .map(|t| (t.name.clone(), t.completion.value.unwrap_or(f64::NAN)))
        .collect();
    let mut out = vec![(
        "hbars".into(),
        charts::hbars(Fit::Print, "Completion per team", &items),
    )];
    out.extend(trend(
        "Completion per quarter",
        &d.group,
        &d.trend,
        &d.upgrades,
        true,
    ));
    out
}

/// A `trend` line chart once there are two points or more, with catalogue upgrades marked; `compare`
/// adds the organisation as a dashed reference line.
fn trend(
    title: &str,
    label: &str,
    points: &[TrendPoint],
    upgrades: &[Upgrade],
    compare: bool,
) -> Option<(String, String)> {
    if points.len() < 2 {
        return None;
    }
    let labels: Vec<String> = points.iter().map(|p| p.label.clone()).collect();
    let mut series = vec![Series {
        label: label.to_string(),
        values: points.iter().map(|p| p.completion.value).collect(),
        color: PRIMARY,
    }];
    if compare {
        series.push(Series {
            label: "Organisation".into(),
            values: points.iter().map(|p| p.org.value).collect(),
            color: MUTED,
        });
    }
    let markers: Vec<(usize, String)> = upgrades
        .iter()
        .filter_map(|u| {
            let i = labels.iter().position(|l| *l == u.point)?;
            Some((i, u.label.clone()))
        })
        .collect();
    Some((
        "trend".into(),
        charts::line_marked(Fit::Print, title, &labels, &series, &markers),
    ))
}
