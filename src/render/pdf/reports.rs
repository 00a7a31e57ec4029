//! The three PDF reports: the data each template reads as `/data.json`, its charts, and the entry points.

use super::markup::to_typst;
use super::{PdfError, compile};
use crate::model::{Activity, Org};
use crate::render::charts::{hex, level_color, state_color, value_color};
use crate::score::{Scores, TeamScore};
use serde::Serialize;
use std::collections::BTreeMap;

pub const EXECUTIVE_TYP: &str = include_str!("../../../templates/pdf/executive.typ");
pub const TEAM_TYP: &str = include_str!("../../../templates/pdf/team.typ");
pub const GROUP_TYP: &str = include_str!("../../../templates/pdf/group.typ");

/// How many risks, steps and gaps the reports list.
const TOP_RISKS: usize = 5;
const TOP_TEAMS: usize = 5;
const NEXT_STEPS: usize = 10;
const GROUP_GAPS: usize = 8;

/// Executive summary of the whole organisation (2-4 pages).
pub fn executive(org: &Org, scores: &Scores, template: &str) -> Result<Vec<u8>, PdfError> {
    let data = executive_data(org, scores);
    let charts = super::charts::executive(&data);
    render("executive.typ", template, &data, charts, scores)
}

/// One team's report: levels, radar against the organisation, per-level checklist, next steps.
pub fn team(
    org: &Org,
    scores: &Scores,
    team_name: &str,
    template: &str,
) -> Result<Vec<u8>, PdfError> {
    let data = team_data(org, scores, team_name).ok_or_else(|| not_found("team", team_name))?;
    let charts = super::charts::team(&data);
    render("team.typ", template, &data, charts, scores)
}

/// One group's report: its teams compared and its biggest gaps.
pub fn group(
    org: &Org,
    scores: &Scores,
    group_name: &str,
    template: &str,
) -> Result<Vec<u8>, PdfError> {
    let data = group_data(org, scores, group_name).ok_or_else(|| not_found("group", group_name))?;
    let charts = super::charts::group(&data);
    render("group.typ", template, &data, charts, scores)
}

fn not_found(kind: &str, name: &str) -> PdfError {
    PdfError {
        diagnostics: vec![format!("error: {kind} `{name}` not found")],
    }
}

fn render<T: Serialize>(
    name: &str,
    template: &str,
    data: &T,
    charts: Vec<(String, String)>,
    scores: &Scores,
) -> Result<Vec<u8>, PdfError> {
    let names: Vec<String> = charts.iter().map(|(n, _)| n.clone()).collect();
    let mut value = serde_json::to_value(data).map_err(|e| PdfError {
        diagnostics: vec![format!("error: cannot serialise report data ({e})")],
    })?;
    value
        .as_object_mut()
        .expect("report data is an object")
        .insert("charts".into(), names.into());
    let json = serde_json::to_vec(&value).expect("json value serialises");
    let files: Vec<(String, Vec<u8>)> = charts
        .into_iter()
        .map(|(n, svg)| (format!("/charts/{n}.svg"), svg.into_bytes()))
        .collect();
    let display = format!("templates/pdf/{name}");
    compile(&display, template, &json, &files, scores.as_of)
}

// ---------------------------------------------------------------------------------------------------
// Shared pieces

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
    /// Colours shared with the site's charts: per state class, and per maturity level 0..=5.
    pub state_colors: BTreeMap<&'static str, String>,
    pub level_colors: Vec<String>,
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
pub struct PctText(Option<f64>);

impl Serialize for PctText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn pct(v: Option<f64>) -> Pct {
    Pct {
        value: v,
        text: PctText(v),
        color: v,
    }
}

fn meta(org: &Org, scores: &Scores) -> Meta {
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
        catalog_version: org.catalog.version.clone(),
        activities: org.catalog.activities.len(),
        states,
        state_colors: [
            ("none", hex(state_color(0.0))),
            ("partial", hex(state_color(0.5))),
            ("full", hex(state_color(1.0))),
            ("na", hex(value_color(f64::NAN))),
        ]
        .into_iter()
        .collect(),
        level_colors: (0..=5).map(|l| hex(level_color(l))).collect(),
    }
}

/// A team's value on an activity: absent from the sparse map means applicable at 0; `None` is not applicable.
fn value(t: &TeamScore, uuid: &str) -> Option<f64> {
    t.activities.get(uuid).map_or(Some(0.0), |a| a.value)
}

fn class(v: Option<f64>) -> &'static str {
    match v {
        None => "na",
        Some(v) if v >= 1.0 => "full",
        Some(v) if v > 0.0 => "partial",
        Some(_) => "none",
    }
}

fn median(mut xs: Vec<f64>) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    Some(if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    })
}

/// A median level as text: "1", "1.5", or "–" without teams.
fn median_text(xs: Vec<f64>) -> String {
    median(xs).map_or("–".into(), |m| {
        if m.fract() == 0.0 {
            format!("{m:.0}")
        } else {
            format!("{m:.1}")
        }
    })
}

fn difficulty(a: &Activity) -> u8 {
    a.difficulty.knowledge + a.difficulty.time + a.difficulty.resources
}

fn difficulty_label(a: &Activity) -> &'static str {
    match difficulty(a) {
        0..=5 => "low",
        6..=9 => "medium",
        _ => "high",
    }
}

/// Teams ranked best first: level, then completion, then name.
fn ranked(scores: &Scores) -> Vec<&TeamScore> {
    let mut ts: Vec<&TeamScore> = scores.teams.iter().collect();
    ts.sort_by(|a, b| {
        b.level
            .cmp(&a.level)
            .then(
                b.completion
                    .unwrap_or(0.0)
                    .total_cmp(&a.completion.unwrap_or(0.0)),
            )
            .then(a.name.cmp(&b.name))
    });
    ts
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelCount {
    pub level: u8,
    pub teams: usize,
    pub share: f64,
}

fn distribution(d: &BTreeMap<String, usize>) -> Vec<LevelCount> {
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
    pub level: u8,
    pub target_level: Option<u8>,
    pub completion: Pct,
    /// Completion per catalogue dimension, in catalogue order.
    pub dimensions: Vec<Pct>,
}

fn team_row(org: &Org, t: &TeamScore) -> TeamRow {
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
            .map(|d| pct(t.dimensions.get(&d.name).and_then(|x| x.completion)))
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

/// Activities of `levels` ranked by adoption among `teams` (lowest first), skipping fully adopted ones.
fn gaps(
    org: &Org,
    teams: &[&TeamScore],
    levels: std::ops::RangeInclusive<u8>,
    max: usize,
) -> Vec<Gap> {
    let mut out: Vec<(f64, &Activity, Gap)> = Vec::new();
    for a in org
        .catalog
        .activities
        .iter()
        .filter(|a| levels.contains(&a.level))
    {
        let vals: Vec<(&str, Option<f64>)> = teams
            .iter()
            .map(|t| (t.name.as_str(), value(t, &a.uuid)))
            .collect();
        let applicable = vals.iter().filter(|(_, v)| v.is_some()).count();
        let implemented = vals
            .iter()
            .filter(|(_, v)| v.is_some_and(|v| v >= 1.0))
            .count();
        if applicable == 0 || implemented == applicable {
            continue;
        }
        let adoption = implemented as f64 / applicable as f64;
        let missing = vals
            .iter()
            .filter(|(_, v)| v.is_some_and(|v| v < 1.0))
            .map(|(n, _)| n.to_string())
            .collect();
        let gap = Gap {
            name: a.name.clone(),
            dimension: a.dimension.clone(),
            subdimension: a.subdimension.clone(),
            level: a.level,
            adoption: pct(Some(adoption)),
            implemented,
            applicable,
            risk_markup: to_typst(a.risk.trim()),
            missing,
        };
        out.push((adoption, a, gap));
    }
    out.sort_by(|(x, a, _), (y, b, _)| {
        x.total_cmp(y)
            .then(a.level.cmp(&b.level))
            .then(b.usefulness.cmp(&a.usefulness))
            .then(difficulty(a).cmp(&difficulty(b)))
    });
    out.into_iter().take(max).map(|(_, _, g)| g).collect()
}

// ---------------------------------------------------------------------------------------------------
// Executive summary

#[derive(Debug, Clone, Serialize)]
pub struct ExecutiveData {
    pub meta: Meta,
    pub teams_count: usize,
    pub groups_count: usize,
    pub completion: Pct,
    /// Median team level, e.g. "1" or "1.5".
    pub median_level: String,
    /// Teams with every level-1 activity fully implemented.
    pub baseline_teams: usize,
    pub level_distribution: Vec<LevelCount>,
    /// Organisation completion per activity level 1..5.
    pub levels: Vec<Pct>,
    pub dimensions: Vec<String>,
    /// Groups x dimensions, plus a last row for the whole organisation.
    pub heatmap: Vec<HeatRow>,
    pub risks: Vec<Gap>,
    pub top_teams: Vec<TeamRow>,
    pub teams: Vec<TeamRow>,
    pub asks: Vec<Ask>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeatRow {
    pub name: String,
    pub teams: usize,
    pub completion: Pct,
    pub cells: Vec<Pct>,
    pub total: bool,
}

/// A request to the reader, generated from the numbers.
#[derive(Debug, Clone, Serialize)]
pub struct Ask {
    pub title: String,
    pub detail: String,
}

pub fn executive_data(org: &Org, scores: &Scores) -> ExecutiveData {
    let o = &scores.org;
    let dims: Vec<String> = org
        .catalog
        .dimensions
        .iter()
        .map(|d| d.name.clone())
        .collect();
    let mut heatmap: Vec<HeatRow> = scores
        .groups
        .iter()
        .map(|g| HeatRow {
            name: g.name.clone(),
            teams: g.teams.len(),
            completion: pct(g.completion),
            cells: dims
                .iter()
                .map(|d| pct(g.dimensions.get(d).copied().flatten()))
                .collect(),
            total: false,
        })
        .collect();
    heatmap.push(HeatRow {
        name: "All teams".into(),
        teams: o.teams,
        completion: pct(o.completion),
        cells: dims
            .iter()
            .map(|d| pct(o.dimensions.get(d).copied().flatten()))
            .collect(),
        total: true,
    });
    let all: Vec<&TeamScore> = scores.teams.iter().collect();
    let risks = gaps(org, &all, 1..=2, TOP_RISKS);
    let ranked = ranked(scores);
    ExecutiveData {
        meta: meta(org, scores),
        teams_count: o.teams,
        groups_count: scores.groups.len(),
        completion: pct(o.completion),
        median_level: median_text(scores.teams.iter().map(|t| f64::from(t.level)).collect()),
        baseline_teams: scores.teams.iter().filter(|t| t.level >= 1).count(),
        level_distribution: distribution(&o.level_distribution),
        levels: (1..=5u8)
            .map(|l| pct(o.levels.get(&l.to_string()).copied().flatten()))
            .collect(),
        dimensions: dims,
        heatmap,
        asks: asks(org, scores, &risks),
        risks,
        top_teams: ranked
            .iter()
            .take(TOP_TEAMS)
            .map(|t| team_row(org, t))
            .collect(),
        teams: ranked.iter().map(|t| team_row(org, t)).collect(),
    }
}

fn names(list: &[String]) -> String {
    match list.len() {
        0 => String::new(),
        1 => list[0].clone(),
        n if n <= 4 => format!("{} and {}", list[..n - 1].join(", "), list[n - 1]),
        n => format!("{} and {} more", list[..3].join(", "), n - 3),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "What we ask for": up to four requests derived from the scores.
fn asks(org: &Org, scores: &Scores, risks: &[Gap]) -> Vec<Ask> {
    let mut out = Vec::new();
    let cat = &org.catalog;
    let level1: Vec<&Activity> = cat.activities.iter().filter(|a| a.level == 1).collect();
    let below: Vec<&TeamScore> = scores.teams.iter().filter(|t| t.level == 0).collect();
    if !below.is_empty() {
        let missing: usize = below
            .iter()
            .map(|t| {
                level1
                    .iter()
                    .filter(|a| value(t, &a.uuid).is_some_and(|v| v < 1.0))
                    .count()
            })
            .sum();
        out.push(Ask {
            title: format!("Fund level-1 gaps in {}", plural(below.len(), "team", "teams")),
            detail: format!(
                "{} of {} teams have not yet completed the DSOMM baseline (level 1); together they miss {}. Time for these teams to close them is the cheapest risk reduction available.",
                below.len(),
                scores.teams.len(),
                plural(missing, "level-1 activity", "level-1 activities")
            ),
        });
    }
    if let Some(r) = risks.first() {
        let others: Vec<String> = risks
            .iter()
            .skip(1)
            .take(2)
            .map(|g| g.name.clone())
            .collect();
        let also = if others.is_empty() {
            String::new()
        } else {
            format!(" Next in line: {}.", names(&others))
        };
        out.push(Ask {
            title: format!("Make \u{201c}{}\u{201d} a shared standard", r.name),
            detail: format!(
                "Only {} of {} teams have fully implemented it ({}). A central solution or template would close this gap across the organisation at once.{also}",
                r.implemented,
                r.applicable,
                r.adoption.text
            ),
        });
    }
    let behind: Vec<String> = scores
        .teams
        .iter()
        .filter(|t| t.target_level.is_some_and(|l| t.level < l))
        .map(|t| t.name.clone())
        .collect();
    if !behind.is_empty() {
        out.push(Ask {
            title: format!(
                "Support {} below their target level",
                plural(behind.len(), "team", "teams")
            ),
            detail: format!(
                "{} {} not yet reached the level agreed for {}; ask their leads for a dated plan.",
                names(&behind),
                if behind.len() == 1 { "has" } else { "have" },
                if behind.len() == 1 { "it" } else { "them" }
            ),
        });
    }
    let weakest = scores
        .groups
        .iter()
        .filter(|g| g.completion.is_some())
        .min_by(|a, b| {
            a.completion
                .unwrap_or(0.0)
                .total_cmp(&b.completion.unwrap_or(0.0))
        });
    if let Some(g) = weakest
        && scores.groups.len() > 1
        && g.completion < scores.org.completion
    {
        out.push(Ask {
            title: format!("Give {} focused support", g.name),
            detail: format!(
                "Its {} reach {} completion against {} for the organisation, the lowest of {}.",
                plural(g.teams.len(), "team", "teams"),
                pct(g.completion).text,
                pct(scores.org.completion).text,
                plural(scores.groups.len(), "group", "groups")
            ),
        });
    }
    if out.is_empty() {
        out.push(Ask { title: "Keep the pace".into(), detail: "Every team has completed level 1 and no target is missed; plan the next level with the team leads.".into() });
    }
    out.truncate(4);
    out
}

impl std::fmt::Display for PctText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(v) => write!(f, "{:.0}%", v * 100.0),
            None => f.write_str("–"),
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Team report

#[derive(Debug, Clone, Serialize)]
pub struct TeamData {
    pub meta: Meta,
    pub team: String,
    pub groups: Vec<String>,
    pub level: u8,
    pub target_level: Option<u8>,
    pub completion: Pct,
    pub org_completion: Pct,
    /// Position among all teams, e.g. 3 (of `teams_count`).
    pub rank: usize,
    pub teams_count: usize,
    pub counts: StateCounts,
    pub dimensions: Vec<TeamDimension>,
    /// Completion per activity level 1..5 (team and organisation).
    pub levels: Vec<LevelBlock>,
    pub next_steps: Vec<Step>,
    pub findings: Vec<FindingRow>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct StateCounts {
    pub full: usize,
    pub partial: usize,
    pub none: usize,
    pub na: usize,
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
pub struct LevelBlock {
    pub level: u8,
    pub completion: Pct,
    pub org_completion: Pct,
    pub activities: Vec<ActRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActRow {
    pub name: String,
    pub dimension: String,
    pub subdimension: String,
    pub state: String,
    /// `none`, `partial`, `full` or `na`.
    pub class: &'static str,
    pub since: Option<String>,
    pub evidence: Vec<String>,
    pub not_applicable: Option<String>,
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

pub fn team_data(org: &Org, scores: &Scores, team_name: &str) -> Option<TeamData> {
    let t = scores.teams.iter().find(|t| t.name == team_name)?;
    let cat = &org.catalog;
    let model = org.teams.get(team_name);
    let state_name = |a: &Activity| {
        t.activities
            .get(&a.uuid)
            .map_or_else(|| org.progress.states[0].name.clone(), |s| s.state.clone())
    };
    let mut counts = StateCounts::default();
    for a in &cat.activities {
        match class(value(t, &a.uuid)) {
            "full" => counts.full += 1,
            "partial" => counts.partial += 1,
            "none" => counts.none += 1,
            _ => counts.na += 1,
        }
    }
    let dim_median = |d: &str| {
        median(
            scores
                .teams
                .iter()
                .filter_map(|x| x.dimensions.get(d).and_then(|x| x.completion))
                .collect(),
        )
    };
    let sub_median = |d: &str, s: &str| {
        median(
            scores
                .teams
                .iter()
                .filter_map(|x| {
                    x.dimensions
                        .get(d)
                        .and_then(|x| x.subdimensions.get(s))
                        .and_then(|x| x.completion)
                })
                .collect(),
        )
    };
    let dimensions = cat
        .dimensions
        .iter()
        .map(|d| {
            let ds = t.dimensions.get(&d.name);
            TeamDimension {
                name: d.name.clone(),
                level: ds.map_or(0, |x| x.level),
                completion: pct(ds.and_then(|x| x.completion)),
                org_median: pct(dim_median(&d.name)),
                subdimensions: d
                    .subdimensions
                    .iter()
                    .map(|s| {
                        let ss = ds.and_then(|x| x.subdimensions.get(&s.name));
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
    let levels = (1..=5u8)
        .map(|l| {
            let activities = order
                .iter()
                .map(|&i| (i, &cat.activities[i]))
                .filter(|(_, a)| a.level == l)
                .map(|(i, a)| {
                    let v = value(t, &a.uuid);
                    let ta = model.and_then(|m| m.activities.get(&i));
                    ActRow {
                        name: a.name.clone(),
                        dimension: a.dimension.clone(),
                        subdimension: a.subdimension.clone(),
                        state: state_name(a),
                        class: class(v),
                        since: t
                            .activities
                            .get(&a.uuid)
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
                completion: pct(t.levels.get(&k).copied().flatten()),
                org_completion: pct(scores.org.levels.get(&k).copied().flatten()),
                activities,
            }
        })
        .collect();
    let name = |u: &str| {
        cat.by_uuid(u)
            .map_or_else(|| u.to_string(), |i| cat.activities[i].name.clone())
    };
    let ranked = ranked(scores);
    Some(TeamData {
        meta: meta(org, scores),
        team: t.name.clone(),
        groups: t.groups.clone(),
        level: t.level,
        target_level: t.target_level,
        completion: pct(t.completion),
        org_completion: pct(scores.org.completion),
        rank: ranked
            .iter()
            .position(|x| x.name == t.name)
            .map_or(0, |p| p + 1),
        teams_count: scores.teams.len(),
        counts,
        dimensions,
        levels,
        next_steps: next_steps(org, t, NEXT_STEPS),
        findings: t
            .dependency_findings
            .iter()
            .map(|f| FindingRow {
                activity: name(&f.activity),
                missing: f.missing.iter().map(|m| name(m)).collect(),
            })
            .collect(),
    })
}

/// Activities not fully implemented whose prerequisites all are (or do not apply), lowest level first,
/// then most useful, then easiest.
pub fn next_steps(org: &Org, t: &TeamScore, max: usize) -> Vec<Step> {
    let cat = &org.catalog;
    let done = |u: &str| cat.by_uuid(u).is_none() || value(t, u).is_none_or(|v| v >= 1.0);
    let mut cands: Vec<(usize, &Activity)> = cat
        .activities
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            value(t, &a.uuid).is_some_and(|v| v < 1.0) && a.depends_on.iter().all(|d| done(d))
        })
        .collect();
    cands.sort_by(|(i, a), (j, b)| {
        a.level
            .cmp(&b.level)
            .then(b.usefulness.cmp(&a.usefulness))
            .then(difficulty(a).cmp(&difficulty(b)))
            .then(i.cmp(j))
    });
    cands
        .into_iter()
        .take(max)
        .map(|(_, a)| {
            let v = value(t, &a.uuid);
            Step {
                name: a.name.clone(),
                dimension: a.dimension.clone(),
                subdimension: a.subdimension.clone(),
                level: a.level,
                state: t
                    .activities
                    .get(&a.uuid)
                    .map_or_else(|| org.progress.states[0].name.clone(), |s| s.state.clone()),
                class: class(v),
                usefulness: a.usefulness,
                difficulty: difficulty_label(a),
                measure_markup: to_typst(a.measure.trim()),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------------
// Group report

#[derive(Debug, Clone, Serialize)]
pub struct GroupData {
    pub meta: Meta,
    pub group: String,
    pub teams_count: usize,
    pub completion: Pct,
    pub org_completion: Pct,
    pub level_distribution: Vec<LevelCount>,
    /// Median team level, e.g. "1" or "1.5".
    pub median_level: String,
    pub dimensions: Vec<String>,
    pub group_dimensions: Vec<Pct>,
    pub org_dimensions: Vec<Pct>,
    pub teams: Vec<TeamRow>,
    pub gaps: Vec<Gap>,
}

pub fn group_data(org: &Org, scores: &Scores, group_name: &str) -> Option<GroupData> {
    let g = scores.groups.iter().find(|g| g.name == group_name)?;
    let members: Vec<&TeamScore> = ranked(scores)
        .into_iter()
        .filter(|t| g.teams.contains(&t.name))
        .collect();
    let dims: Vec<String> = org
        .catalog
        .dimensions
        .iter()
        .map(|d| d.name.clone())
        .collect();
    Some(GroupData {
        meta: meta(org, scores),
        group: g.name.clone(),
        teams_count: members.len(),
        completion: pct(g.completion),
        org_completion: pct(scores.org.completion),
        level_distribution: distribution(&g.level_distribution),
        median_level: median_text(members.iter().map(|t| f64::from(t.level)).collect()),
        group_dimensions: dims
            .iter()
            .map(|d| pct(g.dimensions.get(d).copied().flatten()))
            .collect(),
        org_dimensions: dims
            .iter()
            .map(|d| pct(scores.org.dimensions.get(d).copied().flatten()))
            .collect(),
        dimensions: dims,
        teams: members.iter().map(|t| team_row(org, t)).collect(),
        gaps: {
            // The basics (levels 1-2) first; level 3 and up only fill the remaining places.
            let mut g = gaps(org, &members, 1..=2, GROUP_GAPS);
            g.extend(gaps(org, &members, 3..=5, GROUP_GAPS - g.len()));
            g
        },
    })
}
