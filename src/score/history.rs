//! History from the dated records: score series per quarter or month, what changed between two dates,
//! and a projection of when each team reaches its target level at its recent pace.

use super::stats::mean;
use super::{Values, cell, headline, values};
use crate::model::{Org, Team};
use crate::util::date::Date;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Length of one step of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Period {
    Quarter,
    Month,
}

impl Period {
    fn start(self, d: Date) -> Date {
        match self {
            Period::Quarter => d.quarter_start(),
            Period::Month => {
                let (y, m, _) = d.ymd();
                Date::from_ymd(y, m, 1).expect("valid month start")
            }
        }
    }
    fn next(self, d: Date) -> Date {
        match self {
            Period::Quarter => d.next_quarter(),
            Period::Month => {
                let (y, m, _) = d.ymd();
                if m == 12 {
                    Date::from_ymd(y + 1, 1, 1)
                } else {
                    Date::from_ymd(y, m + 1, 1)
                }
                .expect("valid month")
            }
        }
    }
    fn label(self, d: Date) -> String {
        match self {
            Period::Quarter => d.quarter_label(),
            Period::Month => d.to_string()[..7].to_string(),
        }
    }
}

/// Scores at the end of every period from the first recorded date to `as_of` (at most `MAX_POINTS`).
#[derive(Debug, Clone, Serialize, Default)]
pub struct History {
    pub labels: Vec<String>,
    /// The date each point is scored at (period end, the last one `as_of`).
    pub dates: Vec<Date>,
    pub org: Vec<Option<f64>>,
    /// Teams per level at each point: `org_levels[point][level]`.
    pub org_levels: Vec<[usize; 6]>,
    pub groups: BTreeMap<String, Vec<Option<f64>>>,
    /// Team -> (completion, level) per point.
    pub teams: BTreeMap<String, Vec<(Option<f64>, u8)>>,
    /// Catalogue upgrades that fall inside the series: (index of the first point after it, label).
    pub upgrades: Vec<(usize, String)>,
    /// Scorecard tally per point; `None` before the first result (empty without `scorecard:`).
    pub observed: Vec<Option<super::scorecard::Tally>>,
}

pub const MAX_POINTS: usize = 24;

pub fn history(org: &Org, as_of: Date, period: Period) -> History {
    let first = org
        .teams
        .values()
        .flat_map(|t| t.activities.values())
        .flat_map(|a| a.records.iter())
        .filter_map(|r| r.date)
        .filter(|d| *d <= as_of)
        .min();
    let mut dates = Vec::new();
    let mut p = period.start(first.unwrap_or(as_of));
    while p <= as_of {
        dates.push(period.next(p).add_days(-1).min(as_of));
        p = period.next(p);
    }
    let skip = dates.len().saturating_sub(MAX_POINTS);
    let dates: Vec<Date> = dates.into_iter().skip(skip).collect();
    let mut h = History {
        labels: dates.iter().map(|d| period.label(*d)).collect(),
        dates: dates.clone(),
        ..History::default()
    };
    let names: Vec<&String> = org.teams.keys().collect();
    for (i, d) in dates.iter().enumerate() {
        // Only overall completion and level per team are needed: cheaper than a full `score`.
        let sc = org
            .scorecard
            .as_ref()
            .filter(|sc| super::scorecard::has_results_by(sc, *d));
        let (points, observed): (Vec<(Option<f64>, u8)>, Vec<_>) = org
            .teams
            .values()
            .collect::<Vec<_>>()
            .par_iter()
            .map(|t| {
                // A team that had recorded nothing yet is left out of the means and counts.
                if !super::assessed(t, *d) {
                    return ((None, 0), None);
                }
                let v = values(org, t, *d);
                let c = cell(&org.catalog, &v, 0..v.len());
                let o = sc.map(|sc| super::scorecard::observe(org, sc, &t.name, &v, *d));
                ((c.completion, c.level), o)
            })
            .unzip();
        if org.scorecard.is_some() {
            h.observed.push(sc.map(|_| {
                let mut tally = super::scorecard::Tally::default();
                for o in observed.into_iter().flatten() {
                    tally.add(&super::scorecard::by_uuid(org, o));
                }
                tally
            }));
        }
        let by_name: BTreeMap<&str, (Option<f64>, u8)> = names
            .iter()
            .map(|n| n.as_str())
            .zip(points.iter().copied())
            .collect();
        h.org.push(mean(points.iter().map(|p| p.0)));
        let mut lv = [0usize; 6];
        for (name, p) in names.iter().zip(&points) {
            if p.0.is_some() {
                lv[p.1.min(5) as usize] += 1;
            }
            h.teams.entry((*name).clone()).or_default().push(*p);
        }
        h.org_levels.push(lv);
        for (g, members) in &org.groups {
            let c = mean(
                members
                    .iter()
                    .filter_map(|m| by_name.get(m.as_str()))
                    .map(|p| p.0),
            );
            h.groups.entry(g.clone()).or_default().push(c);
        }
        for u in &org.upgrades {
            let prev = if i == 0 { None } else { Some(dates[i - 1]) };
            if u.date <= *d && prev.is_none_or(|p| u.date > p) && i > 0 {
                h.upgrades.push((i, u.label.clone()));
            }
        }
    }
    h
}

/// One activity whose state changed between two dates.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    pub activity: usize,
    pub from: String,
    pub to: String,
    /// The value after the change minus before.
    pub delta: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TeamChange {
    pub team: String,
    pub level_from: Option<u8>,
    pub level_to: Option<u8>,
    pub completion_from: Option<f64>,
    pub completion_to: Option<f64>,
    pub up: Vec<Change>,
    pub down: Vec<Change>,
    /// (activity, evidence title, date) for evidence dated after `since`.
    pub new_evidence: Vec<(usize, String, Date)>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Changes {
    pub since: Date,
    pub as_of: Date,
    /// Only teams with a change, sorted by name.
    pub teams: Vec<TeamChange>,
}

fn state_name(org: &Org, v: (Option<f64>, usize, Option<Date>)) -> String {
    match v.0 {
        None => "Not applicable".into(),
        Some(x) if x == 0.0 && v.1 != 0 => format!("{} (expired)", org.progress.states[v.1].name),
        Some(_) => org.progress.states[v.1].name.clone(),
    }
}

/// What changed for every team between `since` and `as_of`. One team at a time: the full scores of both
/// dates at once took 2 x 330 MB at 10,000 teams (BENCHMARKS.md).
pub fn changes(org: &Org, since: Date, as_of: Date) -> Changes {
    let mut teams = Vec::new();
    for t in org.teams.values() {
        let (vb, va) = (values(org, t, since), values(org, t, as_of));
        let (b, a) = (headline(org, t, &vb, since), headline(org, t, &va, as_of));
        let mut up = Vec::new();
        let mut down = Vec::new();
        for i in 0..vb.len() {
            let (x, y) = (vb[i].0.unwrap_or(0.0), va[i].0.unwrap_or(0.0));
            if (x - y).abs() > f64::EPSILON {
                let c = Change {
                    activity: i,
                    from: state_name(org, vb[i]),
                    to: state_name(org, va[i]),
                    delta: y - x,
                };
                if y > x { up.push(c) } else { down.push(c) }
            }
        }
        let mut new_evidence: Vec<(usize, String, Date)> = t
            .activities
            .iter()
            .flat_map(|(i, ta)| {
                ta.evidence.iter().filter_map(move |e| {
                    e.date
                        .filter(|d| *d > since && *d <= as_of)
                        .map(|d| (*i, e.title.clone(), d))
                })
            })
            .collect();
        new_evidence.sort_by_key(|x| (x.2, x.0));
        if up.is_empty() && down.is_empty() && new_evidence.is_empty() && b.1 == a.1 {
            continue;
        }
        teams.push(TeamChange {
            team: t.name.clone(),
            level_from: b.1,
            level_to: a.1,
            completion_from: b.0,
            completion_to: a.0,
            up,
            down,
            new_evidence,
        });
    }
    Changes {
        since,
        as_of,
        teams,
    }
}

/// When a team reaches its target level at the pace of the last `window` days.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Projection {
    pub target: u8,
    pub reached: bool,
    /// Completion of the activities of levels 1..=target, now.
    pub progress: Option<f64>,
    /// Gain of that completion per 90 days over the window.
    pub pace_per_quarter: f64,
    /// Estimated date; `None` when not reached and the pace is zero or negative ("not at this pace").
    pub eta: Option<Date>,
}

pub const PACE_WINDOW_DAYS: i32 = 180;

/// The window the projection's pace is measured over, in days.
pub fn history_window_days() -> i32 {
    PACE_WINDOW_DAYS
}

fn target_progress(org: &Org, v: &Values, target: u8) -> Option<f64> {
    cell(
        &org.catalog,
        v,
        (0..org.catalog.activities.len()).filter(|&i| org.catalog.activities[i].level <= target),
    )
    .completion
}

pub fn projection(org: &Org, team: &Team, as_of: Date) -> Option<Projection> {
    let target = team.target_level.filter(|t| *t > 0)?;
    let now = values(org, team, as_of);
    let then = values(org, team, as_of.add_days(-PACE_WINDOW_DAYS));
    let (pn, pt) = (
        target_progress(org, &now, target),
        target_progress(org, &then, target),
    );
    let reached = cell(&org.catalog, &now, 0..now.len()).level >= target;
    let pace = (pn.unwrap_or(0.0) - pt.unwrap_or(0.0)) / PACE_WINDOW_DAYS as f64;
    let eta = if reached {
        None
    } else if pace > 1e-9 {
        let days = ((1.0 - pn.unwrap_or(0.0)) / pace).ceil();
        (days < 365.0 * 30.0).then(|| as_of.add_days(days as i32))
    } else {
        None
    };
    Some(Projection {
        target,
        reached,
        progress: pn,
        pace_per_quarter: pace * 90.0,
        eta,
    })
}
