//! Pure scoring of an organisation at a date: per-activity values, completion and maturity level per
//! team, dimension, subdimension and activity level, roll-ups to groups and the organisation.
//!
//! Rules (worked example below):
//! - `value(team, activity, as_of)` is the score of the highest-scoring state recorded with a date on or
//!   before `as_of` (undated records, from v3 exports, always count); 0 when there is none.
//! - A not-applicable activity leaves the team's denominators.
//! - `completion(scope)` is the mean value over the scope's applicable activities (`None` when there are none).
//! - `level(scope)` is the largest `L` in 0..=5 such that every applicable activity of the scope with
//!   level <= L has value 1.0 (a cumulative high-water mark), and at least one applicable activity has
//!   level <= L: a scope is not at level 1 for having no level-1 activity (it shows level 0 until its
//!   lowest activities are done).
//! - Groups and the organisation take the mean of their teams' completion per scope, count teams per
//!   level, and per activity report adoption (share of teams, among those where it applies, at 1.0) and
//!   the mean value.
//!
//! Worked example: a scope with three level-1 activities valued 1.0, 1.0, 0.5 and two level-2 activities
//! valued 1.0 and 0 (one more level-2 activity is not applicable) has completion (1+1+0.5+1+0)/5 = 0.7
//! and level 0, because one level-1 activity is not complete; were it 1.0, the level would be 1
//! (level 2 still has an activity at 0), and completion 0.8.

pub mod compliance;
pub mod evidence;
mod history;
mod names;
pub mod rank;
mod rollup;
pub mod scorecard;
pub mod stats;
#[cfg(test)]
mod tests;
mod values;

use crate::model::{Catalog, Org, Team};
use crate::util::date::Date;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

pub use crate::util::keyed::{Keyed, Levels};
pub use crate::util::name::Name;
pub use history::{
    Change, Changes, History, Period, Projection, TeamChange, changes, history,
    history_window_days, projection,
};
use names::Names;
pub use rollup::{GroupScore, OrgActivity, OrgScore};
pub use values::{assessed, expired, values};

/// Completion and level of one scope.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Cell {
    pub completion: Option<f64>,
    pub level: u8,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SubScore {
    pub completion: Option<f64>,
    pub level: u8,
    /// Completion per activity level ("1".."5"); `null` where the cell has no applicable activity.
    pub levels: Levels<Option<f64>>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DimScore {
    pub completion: Option<f64>,
    pub level: u8,
    pub subdimensions: Keyed<Name, SubScore>,
}

/// A team's standing on one activity at the as-of date. The state name and the file are shared
/// strings (one per state and team, one per file) rather than a copy per activity (400,000 of them at
/// 10,000 teams).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActScore {
    #[serde(serialize_with = "shared_str")]
    pub state: Arc<str>,
    /// `null` when not applicable.
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<Date>,
    /// Where the record that set the current state was written (file relative to the input folder, line);
    /// absent when no record set it (not applicable, or nothing recorded).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "shared_str_opt"
    )]
    pub file: Option<Arc<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Fully implemented, but the evidence is older than the freshness limit: counts as 0.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub expired: bool,
    /// The evidence recorded up to the as-of date.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<evidence::EvidenceItem>,
    /// Claimed Fully implemented, contradicted by Scorecard, and counted as
    /// `scorecard.contradicted_counts_as` (set only when maturity.yaml asks for it).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub contradicted: bool,
}

/// An `Arc<str>` as a JSON string (serde's own impl needs its `rc` feature).
fn shared_str<S: serde::Serializer>(v: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v)
}

fn shared_str_opt<S: serde::Serializer>(v: &Option<Arc<str>>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_some(&**v),
        None => s.serialize_none(),
    }
}

/// A started activity whose prerequisites are still at 0.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    pub activity: String,
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TeamScore {
    pub name: String,
    pub groups: Vec<String>,
    /// `false` when the team has recorded nothing on or before the as-of date; its completion and level
    /// are then `null`, and it is left out of every mean, level count and ranking.
    pub assessed: bool,
    pub completion: Option<f64>,
    /// `null` when no activity applies to the team (everything is marked not applicable), or when it has
    /// not assessed.
    pub level: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_level: Option<u8>,
    pub levels: Levels<Option<f64>>,
    pub dimensions: Keyed<Name, DimScore>,
    /// How many fully implemented activities have evidence.
    pub evidence: evidence::Coverage,
    /// Activities with a recorded state or marked not applicable, by uuid.
    pub activities: Keyed<Name, ActScore>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dependency_findings: Vec<Finding>,
    /// Scorecard observations by activity uuid (see [`scorecard`]); absent without `scorecard:`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub observations: BTreeMap<String, scorecard::Observation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CatalogInfo {
    pub version: String,
    pub activities: usize,
}

/// Everything computed for one as-of date; serialises to the `scores.json` contract.
#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    pub as_of: Date,
    pub catalog: CatalogInfo,
    pub teams: Vec<TeamScore>,
    pub groups: Vec<GroupScore>,
    pub org: OrgScore,
    /// Scorecard tallies of the organisation and groups; absent without `scorecard:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed: Option<scorecard::Observed>,
}

/// Per activity index: the value (None = not applicable), the state index and its date.
pub type Values = Vec<(Option<f64>, usize, Option<Date>)>;

/// Completion and level over the activities `idx` (indexes into the catalogue).
pub fn cell(catalog: &Catalog, vals: &Values, idx: impl IntoIterator<Item = usize>) -> Cell {
    let (mut sum, mut n) = (0.0, 0usize);
    let (mut first_gap, mut lowest) = (6u8, 6u8);
    for i in idx {
        if let Some(v) = vals[i].0 {
            sum += v;
            n += 1;
            lowest = lowest.min(catalog.activities[i].level);
            if v < 1.0 {
                first_gap = first_gap.min(catalog.activities[i].level);
            }
        }
    }
    let reached = first_gap - 1;
    Cell {
        completion: (n > 0).then(|| sum / n as f64),
        level: if lowest <= reached { reached } else { 0 },
    }
}

fn level_map(catalog: &Catalog, vals: &Values, idx: &[usize]) -> Levels<Option<f64>> {
    Levels([1u8, 2, 3, 4, 5].map(|l| {
        cell(
            catalog,
            vals,
            idx.iter()
                .copied()
                .filter(|&i| catalog.activities[i].level == l),
        )
        .completion
    }))
}

/// A team's overall completion and level from its values, as its [`TeamScore`] has them: both `None`
/// when it has not assessed by `as_of`, the level `None` too when no activity applies.
pub fn headline(org: &Org, t: &Team, vals: &Values, as_of: Date) -> (Option<f64>, Option<u8>) {
    if !assessed(t, as_of) {
        return (None, None);
    }
    let overall = cell(&org.catalog, vals, 0..org.catalog.activities.len());
    (
        overall.completion,
        overall.completion.map(|_| overall.level),
    )
}

/// The organisation's completion at `as_of` (as `score(org, as_of).org.completion`), one team at a
/// time instead of every team's full scores at once.
pub fn org_completion(org: &Org, as_of: Date) -> Option<f64> {
    stats::mean(
        org.teams
            .values()
            .map(|t| headline(org, t, &values(org, t, as_of), as_of).0),
    )
}

/// Scores one team.
pub fn team(org: &Org, t: &Team, as_of: Date) -> TeamScore {
    team_named(org, &Names::new(org), t, as_of)
}

/// Scores one team, its scores keyed by `names`.
fn team_named(org: &Org, names: &Names, t: &Team, as_of: Date) -> TeamScore {
    let cat = &org.catalog;
    let vals = values(org, t, as_of);
    let all: Vec<usize> = (0..cat.activities.len()).collect();
    let overall = cell(cat, &vals, all.iter().copied());
    let mut dimensions = Vec::new();
    for (d, (dim_name, sub_names)) in cat.dimensions.iter().zip(&names.dims) {
        let idx: Vec<usize> = d
            .subdimensions
            .iter()
            .flat_map(|s| s.activities.iter().copied())
            .collect();
        let c = cell(cat, &vals, idx.iter().copied());
        let subdimensions = d
            .subdimensions
            .iter()
            .zip(sub_names)
            .map(|(s, name)| {
                let c = cell(cat, &vals, s.activities.iter().copied());
                (
                    name.clone(),
                    SubScore {
                        completion: c.completion,
                        level: c.level,
                        levels: level_map(cat, &vals, &s.activities),
                    },
                )
            })
            .collect();
        dimensions.push((
            dim_name.clone(),
            DimScore {
                completion: c.completion,
                level: c.level,
                subdimensions,
            },
        ));
    }
    let observed = org
        .scorecard
        .as_ref()
        .map(|sc| scorecard::observe(org, sc, &t.name, &vals, as_of))
        .unwrap_or_default();
    let counted = org
        .scorecard
        .as_ref()
        .is_some_and(|sc| sc.contradicted_counts_as.is_some());
    let mut activities = Vec::with_capacity(t.activities.len());
    let mut dependency_findings = Vec::new();
    let (mut fully, mut evidenced) = (0, 0);
    let expired_list = if org.freshness.by_level.is_empty() && org.freshness.by_activity.is_empty()
    {
        Vec::new()
    } else {
        expired(org, t, as_of)
    };
    for (&i, ta) in &t.activities {
        let a = &cat.activities[i];
        let (value, state, since) = vals[i];
        let source = ta.source(state).filter(|_| ta.not_applicable.is_none());
        let state = if ta.not_applicable.is_some() {
            names.not_applicable.clone()
        } else {
            names.states[state].clone()
        };
        let items = evidence::items(ta, as_of);
        if value.is_some_and(|v| v >= 1.0) {
            fully += 1;
            evidenced += usize::from(!items.is_empty());
        }
        activities.push((
            names.uuids[i].clone(),
            ActScore {
                state,
                value,
                since,
                file: source.map(|s| s.file.clone()),
                line: source.map(|s| s.line),
                expired: expired_list.contains(&i),
                evidence: items,
                contradicted: counted
                    && observed
                        .get(&i)
                        .is_some_and(|o| o.status == scorecard::Status::Contradicted),
            },
        ));
        if value.is_some_and(|v| v > 0.0) {
            let missing: Vec<String> = a
                .depends_on
                .iter()
                .filter(|u| cat.by_uuid(u).is_some_and(|j| vals[j].0 == Some(0.0)))
                .cloned()
                .collect();
            if !missing.is_empty() {
                dependency_findings.push(Finding {
                    activity: a.uuid.clone(),
                    missing,
                });
            }
        }
    }
    let mut ts = TeamScore {
        name: t.name.clone(),
        groups: t.groups.clone(),
        assessed: true,
        completion: overall.completion,
        // No applicable activity at all: nothing to be mature in, so no level (not level 5).
        level: overall.completion.map(|_| overall.level),
        target_level: t.target_level,
        levels: level_map(cat, &vals, &all),
        dimensions: dimensions.into_iter().collect(),
        evidence: evidence::Coverage::new(fully, evidenced),
        activities: activities.into_iter().collect(),
        dependency_findings,
        observations: scorecard::by_uuid(org, observed),
    };
    if !assessed(t, as_of) {
        ts.not_assessed();
    }
    ts
}

impl TeamScore {
    /// Clears every figure of a team that has recorded nothing yet (see [`assessed`]).
    fn not_assessed(&mut self) {
        self.assessed = false;
        self.completion = None;
        self.level = None;
        self.levels.values_mut().for_each(|v| *v = None);
        for d in self.dimensions.values_mut() {
            d.completion = None;
            for s in d.subdimensions.values_mut() {
                s.completion = None;
                s.levels.values_mut().for_each(|v| *v = None);
            }
        }
    }
}

/// Scores every team, group and the organisation at `as_of`.
pub fn score(org: &Org, as_of: Date) -> Scores {
    let names = Names::new(org);
    let teams: Vec<TeamScore> = (org.teams.values())
        .map(|t| team_named(org, &names, t, as_of))
        .collect();
    let groups = rollup::groups(org, &teams);
    let org_score = rollup::org(org, &teams, as_of);
    let observed = org.scorecard.as_ref().map(|sc| {
        let mut all = scorecard::Tally::default();
        let by_name: BTreeMap<&str, &TeamScore> =
            teams.iter().map(|t| (t.name.as_str(), t)).collect();
        for t in &teams {
            all.add(&t.observations);
        }
        let groups = org
            .groups
            .iter()
            .map(|(g, members)| {
                let mut tally = scorecard::Tally::default();
                for m in members {
                    if let Some(t) = by_name.get(m.as_str()) {
                        tally.add(&t.observations);
                    }
                }
                (g.clone(), tally)
            })
            .collect();
        scorecard::Observed {
            contradicted_counts_as: sc.contradicted_counts_as,
            org: all,
            groups,
        }
    });
    Scores {
        as_of,
        catalog: CatalogInfo {
            version: org.catalog.version.clone(),
            activities: org.catalog.activities.len(),
        },
        teams,
        groups,
        org: org_score,
        observed,
    }
}

/// The next activities a team should take on: applicable, not fully implemented, every `depends_on`
/// activity fully implemented (or not applicable); ordered by level, then usefulness (high first), then
/// total difficulty (low first), then name. At most `max`.
pub fn next_steps(org: &Org, vals: &Values, max: usize) -> Vec<usize> {
    let cat = &org.catalog;
    let done = |j: usize| vals[j].0.is_none_or(|v| v >= 1.0);
    let mut cand: Vec<usize> = (0..cat.activities.len())
        .filter(|&i| vals[i].0.is_some_and(|v| v < 1.0))
        .filter(|&i| {
            cat.activities[i]
                .depends_on
                .iter()
                .all(|u| cat.by_uuid(u).is_none_or(done))
        })
        .collect();
    cand.sort_by_key(|&i| {
        let a = &cat.activities[i];
        let d = a.difficulty;
        (
            a.level,
            std::cmp::Reverse(a.usefulness),
            d.knowledge as u16 + d.time as u16 + d.resources as u16,
            a.name.clone(),
        )
    });
    cand.truncate(max);
    cand
}
