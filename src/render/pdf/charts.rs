//! The charts of each PDF report, as (name, SVG) pairs served at `/charts/<name>.svg`.

use super::reports::{ExecutiveData, GroupData, TeamData};
use crate::render::charts::{self, MUTED, PRIMARY, Series};

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
    vec![(
        "heatmap".into(),
        charts::heatmap(
            "Mean completion per group and dimension",
            &rows,
            &d.dimensions,
            &values,
        ),
    )]
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
    vec![(
        "radar".into(),
        charts::radar("Completion per subdimension", &axes, &series),
    )]
}

pub fn group(d: &GroupData) -> Vec<(String, String)> {
    let items: Vec<(String, f64)> = d
        .teams
        .iter()
        .map(|t| (t.name.clone(), t.completion.value.unwrap_or(f64::NAN)))
        .collect();
    vec![("hbars".into(), charts::hbars("Completion per team", &items))]
}
