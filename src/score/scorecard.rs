//! Pure reconciliation of self-assessment with OpenSSF Scorecard evidence.
//!
//! For a team at a date, only the newest result of each of its repositories dated on or before that
//! date counts. An activity with mapped checks is observed
//! - **passing** when every conclusive (0-10) score of a mapped check, over the team's repositories,
//!   is at or above the rule's threshold;
//! - **failing** when any of them is below it;
//! - **inconclusive** when every score found is -1.
//!
//! With the team's claim (its state at that date) this gives the status: `confirmed` (claimed Fully
//! implemented, passing), `contradicted` (claimed Fully implemented, failing), `unclaimed` (passing,
//! claimed less), `not-met` (failing, claimed less: the evidence agrees there is work left) and
//! `inconclusive`. Not-applicable activities and activities without any mapped check result get none.
//! A claim is *checkable* when it is Fully implemented and the observation is conclusive; the share
//! confirmed is confirmed / (confirmed + contradicted).

use super::Values;
use crate::model::Org;
use crate::model::scorecard::{RunResult, Scorecard};
use crate::util::date::Date;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Confirmed,
    Contradicted,
    Unclaimed,
    NotMet,
    Inconclusive,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Confirmed,
        Status::Contradicted,
        Status::Unclaimed,
        Status::NotMet,
        Status::Inconclusive,
    ];

    /// The kebab-case name used in scores.json, CSV and CSS classes.
    pub fn key(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Contradicted => "contradicted",
            Status::Unclaimed => "unclaimed",
            Status::NotMet => "not-met",
            Status::Inconclusive => "inconclusive",
        }
    }
}

/// One check score behind an observation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckSeen {
    pub repo: String,
    pub check: String,
    /// 0-10, or -1 (inconclusive).
    pub score: i8,
    pub threshold: u8,
    pub date: Date,
    pub reason: String,
}

impl CheckSeen {
    pub fn passes(&self) -> Option<bool> {
        (self.score >= 0).then_some(self.score as i32 >= self.threshold as i32)
    }
}

/// A team's observation of one activity, and what it says about the claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    pub status: Status,
    /// Sorted by repository, then check.
    pub checks: Vec<CheckSeen>,
}

/// Counts of statuses over some teams.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tally {
    pub confirmed: usize,
    pub contradicted: usize,
    pub unclaimed: usize,
    pub not_met: usize,
    pub inconclusive: usize,
    /// Teams with at least one contradicted claim.
    pub teams_contradicted: usize,
    /// confirmed / (confirmed + contradicted); `null` without checkable claims.
    pub share_confirmed: Option<f64>,
}

impl Tally {
    pub fn add(&mut self, obs: &BTreeMap<String, Observation>) {
        let before = self.contradicted;
        for o in obs.values() {
            match o.status {
                Status::Confirmed => self.confirmed += 1,
                Status::Contradicted => self.contradicted += 1,
                Status::Unclaimed => self.unclaimed += 1,
                Status::NotMet => self.not_met += 1,
                Status::Inconclusive => self.inconclusive += 1,
            }
        }
        if self.contradicted > before {
            self.teams_contradicted += 1;
        }
        let checkable = self.confirmed + self.contradicted;
        self.share_confirmed = (checkable > 0).then(|| self.confirmed as f64 / checkable as f64);
    }

    pub fn checkable(&self) -> usize {
        self.confirmed + self.contradicted
    }
}

/// The organisation's and each group's tally at the as-of date (`scores.json` `observed`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observed {
    /// `scorecard.contradicted_counts_as`: when set, contradicted claims count as this value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contradicted_counts_as: Option<f64>,
    pub org: Tally,
    pub groups: BTreeMap<String, Tally>,
}

/// The team's observations at `as_of`, by activity index; `vals` are its values at that date
/// (the state index is the claim).
pub fn observe(
    org: &Org,
    sc: &Scorecard,
    team: &str,
    vals: &Values,
    as_of: Date,
) -> BTreeMap<usize, Observation> {
    let mut out = BTreeMap::new();
    let Some(repos) = sc.owners.get(team) else {
        return out;
    };
    let latest: Vec<&RunResult> = repos.iter().filter_map(|r| sc.latest(r, as_of)).collect();
    if latest.is_empty() {
        return out;
    }
    let full = org.progress.full();
    let mut by_act: BTreeMap<usize, Vec<CheckSeen>> = BTreeMap::new();
    for rule in &sc.rules {
        if vals.get(rule.activity).is_none_or(|v| v.0.is_none()) {
            continue;
        }
        for r in &latest {
            if let Some(c) = r.checks.iter().find(|c| c.name == rule.check) {
                by_act.entry(rule.activity).or_default().push(CheckSeen {
                    repo: r.repo.clone(),
                    check: c.name.clone(),
                    score: c.score,
                    threshold: rule.threshold,
                    date: r.date,
                    reason: c.reason.clone(),
                });
            }
        }
    }
    for (i, mut checks) in by_act {
        checks.sort_by(|a, b| (&a.repo, &a.check).cmp(&(&b.repo, &b.check)));
        let passes: Vec<bool> = checks.iter().filter_map(CheckSeen::passes).collect();
        let claimed = vals[i].1 == full;
        let status = match (passes.is_empty(), passes.iter().all(|p| *p), claimed) {
            (true, _, _) => Status::Inconclusive,
            (false, true, true) => Status::Confirmed,
            (false, false, true) => Status::Contradicted,
            (false, true, false) => Status::Unclaimed,
            (false, false, false) => Status::NotMet,
        };
        out.insert(i, Observation { status, checks });
    }
    out
}

/// Applies `contradicted_counts_as` to a team's values (the claim's state stays; only the value drops).
/// Returns the activity indexes changed.
pub fn apply_counts_as(org: &Org, team: &str, vals: &mut Values, as_of: Date) -> Vec<usize> {
    let Some(sc) = &org.scorecard else {
        return Vec::new();
    };
    let Some(x) = sc.contradicted_counts_as else {
        return Vec::new();
    };
    let obs = observe(org, sc, team, vals, as_of);
    let mut changed = Vec::new();
    for (i, o) in obs {
        if o.status == Status::Contradicted
            && let Some(v) = vals[i].0
        {
            vals[i].0 = Some(v.min(x));
            changed.push(i);
        }
    }
    changed
}

/// Keys observations by activity uuid (the `scores.json` shape).
pub fn by_uuid(org: &Org, obs: BTreeMap<usize, Observation>) -> BTreeMap<String, Observation> {
    obs.into_iter()
        .map(|(i, o)| (org.catalog.activities[i].uuid.clone(), o))
        .collect()
}

/// Whether any result is dated on or before `d` (trend points before the first result are empty).
pub fn has_results_by(sc: &Scorecard, d: Date) -> bool {
    sc.results
        .values()
        .any(|l| l.first().is_some_and(|r| r.date <= d))
}
