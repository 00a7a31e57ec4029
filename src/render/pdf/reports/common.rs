//! Pieces every report shares: header facts, percentages, team rows, adoption gaps and trend points.

use super::super::markup::to_typst;
use crate::model::{Activity, Org};
use crate::render::charts::{hex, level_color, state_color, value_color};
pub(super) use crate::score::stats::median;
use crate::score::{History, Scores, TeamScore, rank};
use serde::Serialize;
use std::collections::BTreeMap;

/// Header facts every report shows.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub org: String,
    pub as_of: String,
    pub generator: String,
    pub catalog_version: String,
    pub activities: usize,
    /// Progress states in order, with their colour class (`none`, `partial`, `full`).
    pub states: Vec<StateInfo>,
    /// Colours shared with the site's charts: per state class (plus `expired`), and per maturity level 0..=5.
    pub state_colors: BTreeMap<&'static str, String>,
    pub level_colors: Vec<String>,
    /// Set when contradicted claims count lower (`scorecard.contradicted_counts_as`): printed under every title.
    pub evidence_note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StateInfo {
    pub name: String,
    pub class: &'static str,
}

/// A percentage as a fraction (for bars), as display text and as its heatmap colour (`#rrggbb`).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Pct {
    pub value: Option<f64>,
    pub text: PctText,
    #[serde(serialize_with = "ser_color")]
    pub color: Option<f64>,
}

fn ser_color<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex(value_color(v.unwrap_or(f64::NAN))))
}

/// Display text of a percentage (`"63%"`, or `"–"` when there is nothing to measure).
#[derive(Debug, Clone, Copy)]
pub struct PctText(Option<f64>, usize);

impl Serialize for PctText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

pub fn pct(v: Option<f64>) -> Pct {
    Pct {
        value: v,
        text: PctText(v, 0),
        color: v,
    }
}

/// A "from → to" pair of percentages: with one decimal when they differ by less than a point, so
/// that "34% → 34%, +0.5 pts" reads "34.2% → 34.7%".
pub(super) fn pct_pair(from: Option<f64>, to: Option<f64>) -> (Pct, Pct) {
    let fine = matches!((from, to), (Some(a), Some(b)) if (b - a).abs() * 100.0 < 0.95);
    let with = |v: Option<f64>| Pct {
        text: PctText(v, usize::from(fine)),
        ..pct(v)
    };
    (with(from), with(to))
}

pub(super) fn meta(org: &Org, scores: &Scores) -> Meta {
    let n = org.progress.states.len();
    let states = org
        .progress
        .states
        .iter()
        .enumerate()
        .map(|(i, s)| StateInfo {
            name: s.name.clone(),
            class: if i == 0 {
                "none"
            } else if i + 1 == n {
                "full"
            } else {
                "partial"
            },
        })
        .collect();
    Meta {
        org: org.name.clone(),
        as_of: scores.as_of.to_string(),
        generator: format!("maturity {}", env!("CARGO_PKG_VERSION")),
        evidence_note: crate::render::observed::counts_as_note(scores),
        catalog_version: org.catalog.version.clone(),
        activities: org.catalog.activities.len(),
        states,
        state_colors: [
            ("none", hex(state_color(0.0))),
            ("partial", hex(state_color(0.5))),
            ("full", hex(state_color(1.0))),
            ("na", hex(value_color(f64::NAN))),
            ("expired", hex(level_color(0))),
        ]
        .into_iter()
        .collect(),
        level_colors: (0..=5).map(|l| hex(level_color(l))).collect(),
    }
}

/// A team's value on an activity: absent from the sparse map means applicable at 0; `None` is not applicable.
pub(super) use crate::score::rank::value;

pub(super) fn class(v: Option<f64>) -> &'static str {
    match v {
        None => "na",
        Some(v) if v >= 1.0 => "full",
        Some(v) if v > 0.0 => "partial",
        Some(_) => "none",
    }
}

/// The median team level as a level: the highest level that at least half of the teams (with a level)
/// have reached, so it is always a whole level ("1", never "0.5"); "–" without teams.
pub fn median_level<'a>(teams: impl IntoIterator<Item = &'a TeamScore>) -> String {
    median_of_levels(teams.into_iter().map(|t| t.level))
}

/// As [`median_level`], of the levels themselves.
pub fn median_of_levels(levels: impl IntoIterator<Item = Option<u8>>) -> String {
    let mut levels: Vec<u8> = levels.into_iter().flatten().collect();
    levels.sort_unstable_by(|a, b| b.cmp(a));
    match levels.len() {
        0 => "–".into(),
        n => levels[n.div_ceil(2) - 1].to_string(),
    }
}

pub(super) fn difficulty(a: &Activity) -> u8 {
    a.difficulty.knowledge + a.difficulty.time + a.difficulty.resources
}

pub(super) fn difficulty_label(a: &Activity) -> &'static str {
    match difficulty(a) {
        0..=5 => "low",
        6..=9 => "medium",
        _ => "high",
    }
}

/// Assessed teams ranked best first ([`crate::score::rank::teams`]).
pub(super) fn ranked(scores: &Scores) -> Vec<&TeamScore> {
    rank::teams(scores)
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelCount {
    pub level: u8,
    pub teams: usize,
    pub share: f64,
}

pub(super) fn distribution(d: &BTreeMap<String, usize>) -> Vec<LevelCount> {
    let total: usize = d.values().sum();
    (0..=5u8)
        .map(|l| {
            let teams = d.get(&l.to_string()).copied().unwrap_or(0);
            LevelCount {
                level: l,
                teams,
                share: if total == 0 {
                    0.0
                } else {
                    teams as f64 / total as f64
                },
            }
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamRow {
    pub name: String,
    pub groups: Vec<String>,
    /// `none` when no activity applies to the team.
    pub level: Option<u8>,
    pub target_level: Option<u8>,
    pub completion: Pct,
    /// Completion per catalogue dimension, in catalogue order.
    pub dimensions: Vec<Pct>,
}

pub(super) fn team_row(org: &Org, t: &TeamScore) -> TeamRow {
    TeamRow {
        name: t.name.clone(),
        groups: t.groups.clone(),
        level: t.level,
        target_level: t.target_level,
        completion: pct(t.completion),
        dimensions: org
            .catalog
            .dimensions
            .iter()
            .map(|d| pct(t.dimensions.get(d.name.as_str()).and_then(|x| x.completion)))
            .collect(),
    }
}

/// An activity that few teams have fully implemented.
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub name: String,
    pub dimension: String,
    pub subdimension: String,
    pub level: u8,
    pub adoption: Pct,
    pub implemented: usize,
    pub applicable: usize,
    /// The catalogue's risk text, as typst markup.
    pub risk_markup: String,
    /// Teams (of the scope) that have not fully implemented it.
    pub missing: Vec<String>,
}

/// Activities of `levels` ranked by adoption among `teams` (lowest first, [`crate::score::rank`]),
/// skipping fully adopted ones.
pub(super) fn gaps(
    org: &Org,
    teams: &[&TeamScore],
    levels: std::ops::RangeInclusive<u8>,
    max: usize,
) -> Vec<Gap> {
    gaps_with_tie(org, teams, levels, max).0
}

/// [`gaps`], and the sentence that says so when the cut falls inside a tie.
pub(super) fn gaps_with_tie(
    org: &Org,
    teams: &[&TeamScore],
    levels: std::ops::RangeInclusive<u8>,
    max: usize,
) -> (Vec<Gap>, Option<String>) {
    let ranked = rank::gaps(&org.catalog, teams, levels);
    let (shown, tie) = rank::cut(&ranked, max);
    let gaps = shown
        .iter()
        .map(|g| {
            let a = &org.catalog.activities[g.activity];
            Gap {
                name: a.name.clone(),
                dimension: a.dimension.clone(),
                subdimension: a.subdimension.clone(),
                level: a.level,
                adoption: pct(Some(g.adoption())),
                implemented: g.implemented,
                applicable: g.applicable,
                risk_markup: to_typst(a.risk.trim()),
                missing: teams
                    .iter()
                    .filter(|t| t.assessed && value(t, &a.uuid).is_some_and(|v| v < 1.0))
                    .map(|t| t.name.clone())
                    .collect(),
            }
        })
        .collect();
    (gaps, tie.map(|t| t.sentence()))
}

impl std::fmt::Display for PctText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(v) => write!(f, "{:.*}%", self.1, v * 100.0),
            None => f.write_str("–"),
        }
    }
}

pub(super) fn names(list: &[String]) -> String {
    match list.len() {
        0 => String::new(),
        1 => list[0].clone(),
        n if n <= 4 => format!("{} and {}", list[..n - 1].join(", "), list[n - 1]),
        n => format!("{} and {} more", list[..3].join(", "), n - 3),
    }
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A change of a percentage in points, e.g. `"+5 pts"`, `"−2 pts"`, `"+0.4 pts"` (one decimal below one
/// point), `"±0 pts"`; `"–"` when either is missing.
pub fn points(from: Option<f64>, to: Option<f64>) -> String {
    let (Some(a), Some(b)) = (from, to) else {
        return "–".into();
    };
    let d = (b - a) * 100.0;
    let text = if d.abs() < 0.95 {
        format!("{:.1}", d.abs())
    } else {
        format!("{:.0}", d.abs())
    };
    if text == "0.0" {
        "\u{b1}0 pts".into()
    } else if d > 0.0 {
        format!("+{text} pts")
    } else {
        format!("\u{2212}{text} pts")
    }
}

/// One point of a trend series (a quarter).
#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    /// `2026-Q2`.
    pub label: String,
    /// The date the point is scored at (quarter end; the last point is the as-of date).
    pub date: String,
    pub completion: Pct,
    /// The organisation's completion at the same date, for comparison.
    pub org: Pct,
    /// A team's level (team reports only).
    pub level: Option<u8>,
}

/// A catalogue upgrade marked on a trend chart.
#[derive(Debug, Clone, Serialize)]
pub struct Upgrade {
    pub label: String,
    /// The first point scored against the new catalogue.
    pub point: String,
}

/// Trend points of one series (`None` values where the series has no data).
pub(super) fn trend(h: &History, values: &[Option<f64>], levels: Option<&[u8]>) -> Vec<TrendPoint> {
    h.labels
        .iter()
        .enumerate()
        .map(|(i, l)| TrendPoint {
            label: l.clone(),
            date: h.dates[i].to_string(),
            completion: pct(values.get(i).copied().flatten()),
            org: pct(h.org.get(i).copied().flatten()),
            level: levels.and_then(|x| x.get(i).copied()),
        })
        .collect()
}

pub(super) fn upgrades(h: &History) -> Vec<Upgrade> {
    h.upgrades
        .iter()
        .filter_map(|(i, label)| {
            h.labels.get(*i).map(|p| Upgrade {
                label: label.clone(),
                point: p.clone(),
            })
        })
        .collect()
}
