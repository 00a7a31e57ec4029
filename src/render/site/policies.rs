//! The organisation's policies (maturity.yaml `policies:`) as the site shows them: every policy on the
//! overview, and on group and team pages the ones that apply there, with how they stand.

use super::Renderer;
use crate::policy::Outcome;
use serde_json::{Value, json};

/// How many failing teams a policy row names before "and N more".
const TEAMS_NAMED: usize = 10;

/// Every policy: `{name, status, rules, by, failing, total, teams: [Link], more}`; `teams` are the
/// failing ones (for an upcoming policy: those that would fail today).
pub fn org_rows(r: &Renderer, root: &str, outcomes: &[Outcome]) -> Vec<Value> {
    outcomes
        .iter()
        .map(|o| {
            let failing: Vec<&str> = o.failing().map(|t| t.team.as_str()).collect();
            json!({
                "name": o.policy,
                "status": o.status.as_str(),
                "rules": o.rules,
                "by": o.by,
                "failing": failing.len(),
                "total": o.teams.len(),
                "teams": failing.iter().take(TEAMS_NAMED).map(|t| r.slugs.team(root, t)).collect::<Vec<_>>(),
                "more": failing.len().saturating_sub(TEAMS_NAMED),
            })
        })
        .collect()
}

/// The policies whose scope holds `team`: `{name, status, rules, by, passed, reasons: [text]}`.
pub fn team_rows(outcomes: &[Outcome], team: &str) -> Vec<Value> {
    outcomes
        .iter()
        .filter_map(|o| {
            let t = o.teams.iter().find(|t| t.team == team)?;
            Some(json!({
                "name": o.policy,
                "status": o.status.as_str(),
                "rules": o.rules,
                "by": o.by,
                "passed": t.passed,
                "reasons": t.reasons.iter().map(|x| x.message.as_str()).collect::<Vec<_>>(),
            }))
        })
        .collect()
}

/// The policies that apply to some of `members`: `{name, status, rules, by, failing, total, teams}`,
/// counted over the members only.
pub fn group_rows(
    r: &Renderer,
    root: &str,
    outcomes: &[Outcome],
    members: &[String],
) -> Vec<Value> {
    outcomes
        .iter()
        .filter_map(|o| {
            let inside: Vec<_> = o.teams.iter().filter(|t| members.contains(&t.team)).collect();
            if inside.is_empty() {
                return None;
            }
            let failing: Vec<&str> = inside.iter().filter(|t| !t.passed).map(|t| t.team.as_str()).collect();
            Some(json!({
                "name": o.policy,
                "status": o.status.as_str(),
                "rules": o.rules,
                "by": o.by,
                "failing": failing.len(),
                "total": inside.len(),
                "teams": failing.iter().take(TEAMS_NAMED).map(|t| r.slugs.team(root, t)).collect::<Vec<_>>(),
                "more": failing.len().saturating_sub(TEAMS_NAMED),
            }))
        })
        .collect()
}
