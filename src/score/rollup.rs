//! Roll-ups of team scores to groups and to the whole organisation.

use super::TeamScore;
use super::stats::mean;
use crate::model::Org;
use crate::util::date::Date;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GroupScore {
    pub name: String,
    pub teams: Vec<String>,
    /// Members that have recorded nothing yet (left out of the figures below).
    pub teams_not_assessed: usize,
    /// Fully implemented team activities with evidence, over the assessed members.
    pub evidence: super::evidence::Coverage,
    pub completion: Option<f64>,
    pub levels: BTreeMap<String, Option<f64>>,
    pub dimensions: BTreeMap<String, Option<f64>>,
    pub level_distribution: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OrgActivity {
    /// Share of teams (where it applies) at value 1.0.
    pub adoption: Option<f64>,
    pub mean: Option<f64>,
    pub applicable: usize,
    pub implemented: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OrgScore {
    pub name: String,
    pub as_of: Date,
    pub teams: usize,
    /// Teams that have recorded nothing on or before the as-of date (left out of every figure).
    pub teams_not_assessed: usize,
    /// Fully implemented team activities with evidence, over the assessed teams.
    pub evidence: super::evidence::Coverage,
    pub completion: Option<f64>,
    pub levels: BTreeMap<String, Option<f64>>,
    pub level_distribution: BTreeMap<String, usize>,
    pub dimensions: BTreeMap<String, Option<f64>>,
    /// Subdimension -> activity level -> mean team completion (the heatmap).
    pub cells: BTreeMap<String, BTreeMap<String, Option<f64>>>,
    pub activities: BTreeMap<String, OrgActivity>,
}

fn distribution<'a>(teams: impl IntoIterator<Item = &'a TeamScore>) -> BTreeMap<String, usize> {
    let mut d: BTreeMap<String, usize> = (0..=5u8).map(|l| (l.to_string(), 0)).collect();
    // A team without a level (nothing applies to it) is in no level's count.
    for t in teams.into_iter().filter_map(|t| t.level) {
        *d.entry(t.to_string()).or_default() += 1;
    }
    d
}

fn levels(teams: &[&TeamScore]) -> BTreeMap<String, Option<f64>> {
    (1..=5u8)
        .map(|l| {
            (
                l.to_string(),
                mean(
                    teams
                        .iter()
                        .map(|t| t.levels.get(l.to_string().as_str()).copied().flatten()),
                ),
            )
        })
        .collect()
}

fn dimensions(org: &Org, teams: &[&TeamScore]) -> BTreeMap<String, Option<f64>> {
    org.catalog
        .dimensions
        .iter()
        .map(|d| {
            (
                d.name.clone(),
                mean(
                    teams
                        .iter()
                        .map(|t| t.dimensions.get(d.name.as_str()).and_then(|x| x.completion)),
                ),
            )
        })
        .collect()
}

pub fn groups(org: &Org, teams: &[TeamScore]) -> Vec<GroupScore> {
    let by_name: BTreeMap<&str, &TeamScore> = teams.iter().map(|t| (t.name.as_str(), t)).collect();
    org.groups
        .iter()
        .map(|(name, members)| {
            let all: Vec<&TeamScore> = members
                .iter()
                .filter_map(|m| by_name.get(m.as_str()).copied())
                .collect();
            let ts: Vec<&TeamScore> = all.iter().copied().filter(|t| t.assessed).collect();
            GroupScore {
                name: name.clone(),
                teams: members.clone(),
                teams_not_assessed: all.len() - ts.len(),
                evidence: super::evidence::Coverage::sum(ts.iter().map(|t| t.evidence)),
                completion: mean(ts.iter().map(|t| t.completion)),
                levels: levels(&ts),
                dimensions: dimensions(org, &ts),
                level_distribution: distribution(ts.iter().copied()),
            }
        })
        .collect()
}

pub fn org(org: &Org, teams: &[TeamScore], as_of: Date) -> OrgScore {
    // Teams that have not assessed are counted, and left out of every figure.
    let all: Vec<&TeamScore> = teams.iter().filter(|t| t.assessed).collect();
    let mut cells = BTreeMap::new();
    for d in &org.catalog.dimensions {
        for s in &d.subdimensions {
            let row = (1..=5u8)
                .map(|l| {
                    let k = l.to_string();
                    let v = mean(all.iter().map(|t| {
                        t.dimensions
                            .get(d.name.as_str())
                            .and_then(|x| x.subdimensions.get(s.name.as_str()))
                            .and_then(|x| x.levels.get(k.as_str()).copied().flatten())
                    }));
                    (k, v)
                })
                .collect();
            cells.insert(s.name.clone(), row);
        }
    }
    // Per activity: absent from a team's sparse map means applicable at 0.
    let n = all.len();
    let mut acc: BTreeMap<&str, (usize, usize, f64)> = org
        .catalog
        .activities
        .iter()
        .map(|a| (a.uuid.as_str(), (n, 0, 0.0)))
        .collect();
    for t in &all {
        for (uuid, a) in &t.activities {
            if let Some(e) = acc.get_mut(uuid.as_str()) {
                match a.value {
                    None => e.0 -= 1,
                    Some(v) => {
                        e.2 += v;
                        if v >= 1.0 {
                            e.1 += 1;
                        }
                    }
                }
            }
        }
    }
    let activities = acc
        .into_iter()
        .map(|(u, (applicable, implemented, sum))| {
            let share = |x: f64| (applicable > 0).then(|| x / applicable as f64);
            (
                u.to_string(),
                OrgActivity {
                    adoption: share(implemented as f64),
                    mean: share(sum),
                    applicable,
                    implemented,
                },
            )
        })
        .collect();
    OrgScore {
        name: org.name.clone(),
        as_of,
        teams: teams.len(),
        teams_not_assessed: teams.len() - n,
        evidence: super::evidence::Coverage::sum(all.iter().map(|t| t.evidence)),
        completion: mean(all.iter().map(|t| t.completion)),
        levels: levels(&all),
        level_distribution: distribution(all.iter().copied()),
        dimensions: dimensions(org, &all),
        cells,
        activities,
    }
}
