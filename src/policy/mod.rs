//! Quality-gate policies from maturity.yaml (`policies:`) and their pure evaluation over `Org` + `Scores`:
//! a minimum level, required activities and a maximum evidence age, per group, team or everyone,
//! optionally enforced only from a date on. `validate::policies` reads them.

#[cfg(test)]
mod tests;

use crate::model::Org;
use crate::score::{Scores, TeamScore};
use crate::util::date::Date;
use crate::util::diag::Pos;
use serde::Serialize;
use std::collections::BTreeMap;

/// One validated policy.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Policy {
    pub name: String,
    /// Where it is declared.
    pub file: String,
    pub pos: Pos,
    /// Scope: the members of these groups plus these teams; both empty = every team.
    pub groups: Vec<String>,
    pub teams: Vec<String>,
    pub min_level: Option<u8>,
    /// Activity indexes that must be fully implemented (or not applicable).
    pub require: Vec<usize>,
    pub max_evidence_age_days: Option<u32>,
    /// The least share (percent) of fully implemented activities that must have evidence.
    pub min_evidence_coverage: Option<u8>,
    /// Fail teams with a claim contradicted by Scorecard evidence.
    pub no_contradictions: bool,
    /// Enforced from this date on; before it, the policy is reported as upcoming.
    pub by: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Passed,
    Failed,
    Upcoming,
}

impl Status {
    /// `passed`, `failed` or `upcoming`, as in JSON and in the reports' view models.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::Upcoming => "upcoming",
        }
    }
}

/// Why a team does not meet one rule of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// `min_level`, `require`, `max_evidence_age_days`, `min_evidence_coverage` or `no_contradictions`.
    pub rule: &'static str,
    pub message: String,
    /// The activities concerned, by name.
    pub activities: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamOutcome {
    pub team: String,
    pub passed: bool,
    pub reasons: Vec<Reason>,
}

/// The result of one policy at the as-of date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub policy: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<Date>,
    /// The rules, in words (`level at least 1`, ...).
    pub rules: Vec<String>,
    /// Every team in scope, sorted by name.
    pub teams: Vec<TeamOutcome>,
}

impl Outcome {
    pub fn failing(&self) -> impl Iterator<Item = &TeamOutcome> {
        self.teams.iter().filter(|t| !t.passed)
    }
}

/// How many activity names a message lists before "and N more".
const NAMES_IN_MESSAGE: usize = 5;

/// Evaluates every policy at `scores.as_of`.
pub fn evaluate(org: &Org, scores: &Scores, policies: &[Policy]) -> Vec<Outcome> {
    let by_name: BTreeMap<&str, &TeamScore> =
        scores.teams.iter().map(|t| (t.name.as_str(), t)).collect();
    policies
        .iter()
        .map(|p| {
            let teams: Vec<TeamOutcome> = scope(org, p)
                .into_iter()
                .filter_map(|name| by_name.get(name.as_str()))
                .map(|t| {
                    let reasons = check_team(org, t, p, scores.as_of);
                    TeamOutcome {
                        team: t.name.clone(),
                        passed: reasons.is_empty(),
                        reasons,
                    }
                })
                .collect();
            let status = if p.by.is_some_and(|by| by > scores.as_of) {
                Status::Upcoming
            } else if teams.iter().any(|t| !t.passed) {
                Status::Failed
            } else {
                Status::Passed
            };
            Outcome {
                policy: p.name.clone(),
                status,
                by: p.by,
                rules: rules(org, p),
                teams,
            }
        })
        .collect()
}

/// The team names a policy applies to, sorted.
pub fn scope(org: &Org, p: &Policy) -> Vec<String> {
    if p.groups.is_empty() && p.teams.is_empty() {
        return org.teams.keys().cloned().collect();
    }
    let mut out: Vec<String> = p
        .groups
        .iter()
        .flat_map(|g| org.groups.get(g).into_iter().flatten().cloned())
        .chain(
            p.teams
                .iter()
                .filter(|t| org.teams.contains_key(*t))
                .cloned(),
        )
        .collect();
    out.sort();
    out.dedup();
    out
}

fn rules(org: &Org, p: &Policy) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(l) = p.min_level {
        out.push(format!("level at least {l}"));
    }
    for &i in &p.require {
        out.push(format!(
            "`{}` fully implemented or not applicable",
            org.catalog.activities[i].name
        ));
    }
    if let Some(d) = p.max_evidence_age_days {
        out.push(format!(
            "every fully implemented activity has evidence from the last {d} days"
        ));
    }
    if let Some(c) = p.min_evidence_coverage {
        out.push(format!(
            "at least {c} % of fully implemented activities have evidence"
        ));
    }
    if p.no_contradictions {
        out.push("no claim contradicted by Scorecard evidence".into());
    }
    out
}

/// `` `a`, `b` and 3 more ``
fn list(names: &[String]) -> String {
    let shown: Vec<&str> = names
        .iter()
        .take(NAMES_IN_MESSAGE)
        .map(String::as_str)
        .collect();
    let mut s = shown.join(", ");
    if names.len() > NAMES_IN_MESSAGE {
        s.push_str(&format!(" and {} more", names.len() - NAMES_IN_MESSAGE));
    }
    s
}

/// How a team stands on an activity, in words: `Started`, `not started`, `fully implemented but expired`.
fn standing(org: &Org, t: &TeamScore, uuid: &str) -> String {
    match t.activities.get(uuid) {
        None => "not started".into(),
        Some(a) if a.expired => format!("{}, evidence expired", a.state),
        Some(a) if a.value == Some(0.0) && *a.state == *org.progress.states[0].name => {
            "not started".into()
        }
        Some(a) => a.state.to_string(),
    }
}

/// Value 1.0 or not applicable.
fn met(t: &TeamScore, uuid: &str) -> bool {
    t.activities
        .get(uuid)
        .is_some_and(|a| a.value.is_none_or(|v| v >= 1.0))
}

fn check_team(org: &Org, t: &TeamScore, p: &Policy, as_of: Date) -> Vec<Reason> {
    let cat = &org.catalog;
    let mut out = Vec::new();
    if !t.assessed {
        out.push(Reason {
            rule: "assessed",
            message: format!("has not assessed: nothing recorded up to {as_of}"),
            activities: Vec::new(),
        });
        return out;
    }
    if let Some(min) = p.min_level
        && t.level.is_none()
    {
        out.push(Reason {
            rule: "min_level",
            message: format!(
                "no level, needs {min}: every activity is marked not applicable, so nothing shows maturity"
            ),
            activities: Vec::new(),
        });
    } else if let Some(min) = p.min_level
        && let Some(level) = t.level
        && level < min
    {
        let mut missing: Vec<usize> = (0..cat.activities.len())
            .filter(|&i| cat.activities[i].level <= min && !met(t, &cat.activities[i].uuid))
            .collect();
        missing.sort_by_key(|&i| (cat.activities[i].level, i));
        let names: Vec<String> = missing
            .iter()
            .map(|&i| cat.activities[i].name.clone())
            .collect();
        let described: Vec<String> = missing
            .iter()
            .map(|&i| {
                let a = &cat.activities[i];
                format!("`{}` ({})", a.name, standing(org, t, &a.uuid))
            })
            .collect();
        out.push(Reason {
            rule: "min_level",
            message: format!(
                "level {level}, needs {min}: not fully implemented: {}",
                list(&described)
            ),
            activities: names,
        });
    }
    for &i in &p.require {
        let a = &cat.activities[i];
        if !met(t, &a.uuid) {
            out.push(Reason {
                rule: "require",
                message: format!(
                    "`{}` is {} (needs {})",
                    a.name,
                    standing(org, t, &a.uuid),
                    org.progress.states[org.progress.full()].name
                ),
                activities: vec![a.name.clone()],
            });
        }
    }
    if p.no_contradictions {
        out.extend(contradictions(org, t));
    }
    if let Some(max) = p.max_evidence_age_days {
        let full = &org.progress.states[org.progress.full()].name;
        let team = org.teams.get(&t.name);
        let mut stale = Vec::new();
        let mut names = Vec::new();
        let mut done = 0;
        for (i, a) in cat.activities.iter().enumerate() {
            if t.activities
                .get(a.uuid.as_str())
                .is_none_or(|s| *s.state != **full)
            {
                continue;
            }
            done += 1;
            let newest = team.and_then(|tm| tm.activities.get(&i)).and_then(|ta| {
                ta.evidence
                    .iter()
                    .filter_map(|e| e.date)
                    .filter(|d| *d <= as_of)
                    .max()
            });
            let why = match newest {
                None => "no dated evidence".to_string(),
                Some(d) if as_of.days() - d.days() > max as i32 => {
                    format!("newest evidence {d}, {} days old", as_of.days() - d.days())
                }
                Some(_) => continue,
            };
            stale.push(format!("`{}` ({why})", a.name));
            names.push(a.name.clone());
        }
        if !stale.is_empty() {
            out.push(Reason {
                rule: "max_evidence_age_days",
                message: format!(
                    "{} of {done} fully implemented activities lack evidence from the last {max} days: {}",
                    stale.len(),
                    list(&stale)
                ),
                activities: names,
            });
        }
    }
    if let Some(min) = p.min_evidence_coverage {
        let c = t.evidence;
        let share = c.share.unwrap_or(1.0);
        if share * 100.0 < f64::from(min) {
            let missing: Vec<String> = cat
                .activities
                .iter()
                .filter(|a| {
                    t.activities
                        .get(a.uuid.as_str())
                        .is_some_and(|s| s.value.is_some_and(|v| v >= 1.0) && s.evidence.is_empty())
                })
                .map(|a| a.name.clone())
                .collect();
            let described: Vec<String> = missing.iter().map(|n| format!("`{n}`")).collect();
            out.push(Reason {
                rule: "min_evidence_coverage",
                message: format!(
                    "{} of {} fully implemented activities have evidence ({:.0} %, needs {min} %); without: {}",
                    c.with_evidence,
                    c.fully_implemented,
                    share * 100.0,
                    list(&described)
                ),
                activities: missing,
            });
        }
    }
    out
}

/// One reason per contradicted claim: the activity and every check score below its threshold.
fn contradictions(org: &Org, t: &TeamScore) -> Vec<Reason> {
    use crate::score::scorecard::Status;
    let cat = &org.catalog;
    t.observations
        .iter()
        .filter(|(_, o)| o.status == Status::Contradicted)
        .map(|(uuid, o)| {
            let name = cat
                .by_uuid(uuid)
                .map_or(uuid.clone(), |i| cat.activities[i].name.clone());
            let failing: Vec<String> = o
                .checks
                .iter()
                .filter(|c| c.passes() == Some(false))
                .map(|c| {
                    format!(
                        "{} {} scored {} (needs {}, {})",
                        c.repo, c.check, c.score, c.threshold, c.date
                    )
                })
                .collect();
            Reason {
                rule: "no_contradictions",
                message: format!(
                    "`{name}` is claimed {} but Scorecard contradicts it: {}",
                    org.progress.states[org.progress.full()].name,
                    failing.join("; ")
                ),
                activities: vec![name],
            }
        })
        .collect()
}
