//! Per-activity values of one team at a date: the highest state reached, regressions capping what came
//! before them, and freshness limits that count stale fully implemented activities as 0.

use super::{Values, scorecard};
use crate::model::{Org, Team};
use crate::util::date::Date;

/// The value of every catalogue activity for one team at `as_of`: the highest state reached on or
/// before `as_of`, where the latest regression on or before `as_of` caps everything dated up to it;
/// a fully implemented activity with a freshness limit whose latest evidence or record is older than
/// the limit counts as 0 (see [`expired`]).
pub fn values(org: &Org, team: &Team, as_of: Date) -> Values {
    let mut out = reached(org, team, as_of);
    for (&i, ta) in &team.activities {
        if is_expired(org, i, ta, out[i], as_of) {
            out[i].0 = Some(0.0);
        }
    }
    scorecard::apply_counts_as(org, &team.name, &mut out, as_of);
    out
}

/// Whether a team has recorded anything (a state, a not-applicable mark or evidence) on or before
/// `as_of`. A team that has not is *not assessed*: it has no completion or level and is left out of
/// group and organisation figures, level counts and rankings (it is not a team at 0 %).
pub fn assessed(team: &Team, as_of: Date) -> bool {
    let on_time = |d: Option<Date>| d.is_none_or(|d| d <= as_of);
    team.activities.values().any(|ta| {
        ta.not_applicable.is_some()
            || ta.records.iter().any(|r| on_time(r.date))
            || ta.evidence.iter().any(|e| on_time(e.date))
    })
}

/// The states reached (with regressions applied), before freshness limits.
fn reached(org: &Org, team: &Team, as_of: Date) -> Values {
    let mut out: Values = vec![(Some(0.0), 0, None); org.catalog.activities.len()];
    for (&i, ta) in &team.activities {
        if ta.not_applicable.is_some() {
            out[i] = (None, 0, None);
            continue;
        }
        let cut = ta.regressions.iter().rfind(|r| r.date <= as_of);
        if let Some(r) = cut {
            out[i] = (
                Some(org.progress.states[r.state].score),
                r.state,
                Some(r.date),
            );
        }
        for r in &ta.records {
            let after_cut = cut.is_none_or(|c| r.date.is_some_and(|d| d > c.date));
            if r.date.is_none_or(|d| d <= as_of) && after_cut {
                let score = org.progress.states[r.state].score;
                if out[i]
                    .0
                    .is_some_and(|v| score > v || (score == v && r.state > out[i].1))
                {
                    out[i] = (Some(score), r.state, r.date);
                }
            }
        }
    }
    out
}

fn is_expired(
    org: &Org,
    i: usize,
    ta: &crate::model::TeamActivity,
    v: (Option<f64>, usize, Option<Date>),
    as_of: Date,
) -> bool {
    let Some(max_age) = org.freshness.max_age(i, org.catalog.activities[i].level) else {
        return false;
    };
    if v.0 != Some(1.0) {
        return false;
    }
    let latest = ta
        .evidence
        .iter()
        .filter_map(|e| e.date)
        .chain(ta.records.iter().filter_map(|r| r.date))
        .filter(|d| *d <= as_of)
        .max();
    latest.is_some_and(|d| as_of.days() - d.days() > max_age as i32)
}

/// Activities of a team that are fully implemented but whose evidence is older than the freshness limit.
pub fn expired(org: &Org, team: &Team, as_of: Date) -> Vec<usize> {
    let raw = reached(org, team, as_of);
    team.activities
        .iter()
        .filter(|(i, ta)| is_expired(org, **i, ta, raw[**i], as_of))
        .map(|(i, _)| *i)
        .collect()
}
