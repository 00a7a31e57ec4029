//! Scoring with OpenSSF Scorecard observations: the status of a claim against what Scorecard observed,
//! and `counts_as` lowering contradicted claims only.

use super::*;

/// One team, one activity (level 1) claimed at `state`, one repository with `scores` for check "C"
/// mapped at threshold 7 (several entries: several repositories).
fn reconcile(
    state: usize,
    scores: &[i8],
    counts_as: Option<f64>,
) -> (Option<crate::score::scorecard::Status>, Option<f64>) {
    use crate::model::scorecard::{Check, Rule, RunResult, Scorecard};
    let rec: &'static [(usize, &'static str)] = match state {
        0 => &[],
        1 => &[(1, "2026-01-01")],
        _ => &[(3, "2026-01-01")],
    };
    let mut o = org(&[1], &[("T", &[E::R(rec)])]);
    let mut sc = Scorecard {
        rules: vec![Rule {
            check: "C".into(),
            activity: 0,
            threshold: 7,
        }],
        contradicted_counts_as: counts_as,
        ..Default::default()
    };
    for (i, s) in scores.iter().enumerate() {
        let repo = format!("r{i}");
        sc.owners.entry("T".into()).or_default().push(repo.clone());
        sc.results.insert(
            repo.clone(),
            vec![RunResult {
                repo,
                date: d("2026-02-01"),
                stamp: "2026-02-01".into(),
                commit: String::new(),
                version: String::new(),
                score: f64::from(*s),
                checks: vec![Check {
                    name: "C".into(),
                    score: *s,
                    reason: String::new(),
                    details: vec![],
                }],
                source: String::new(),
            }],
        );
    }
    o.scorecard = Some(sc);
    let t = team(&o, &o.teams["T"], d("2026-03-01"));
    (
        t.observations.get("a0").map(|x| x.status),
        t.activities.get("a0").and_then(|a| a.value),
    )
}

#[test]
fn scorecard_status_follows_claim_and_observation() {
    use crate::score::scorecard::Status::*;
    // (claimed state: 0 none, 1 started, 3 full; scores per repository) -> status
    let cases: &[(usize, &[i8], Option<crate::score::scorecard::Status>)] = &[
        (3, &[7], Some(Confirmed)),
        (3, &[10, 8], Some(Confirmed)),
        (3, &[10, 6], Some(Contradicted)),
        (3, &[-1, 6], Some(Contradicted)),
        (3, &[-1, 9], Some(Confirmed)),
        (3, &[-1], Some(Inconclusive)),
        (3, &[-1, -1], Some(Inconclusive)),
        (1, &[9], Some(Unclaimed)),
        (0, &[9], Some(Unclaimed)),
        (1, &[2], Some(NotMet)),
        (0, &[-1], Some(Inconclusive)),
        (3, &[], None),
    ];
    for (state, scores, want) in cases {
        assert_eq!(
            reconcile(*state, scores, None).0,
            *want,
            "{state} {scores:?}"
        );
    }
}

#[test]
fn contradicted_counts_as_only_lowers_contradicted_claims() {
    assert_eq!(reconcile(3, &[2], None).1, Some(1.0));
    assert_eq!(reconcile(3, &[2], Some(0.0)).1, Some(0.0));
    assert_eq!(reconcile(3, &[2], Some(0.5)).1, Some(0.5));
    assert_eq!(reconcile(3, &[9], Some(0.0)).1, Some(1.0));
    assert_eq!(reconcile(1, &[2], Some(0.0)).1, Some(0.2));
}
