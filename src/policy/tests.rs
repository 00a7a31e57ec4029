//! Table-driven tests of policy validation and evaluation over a small in-memory project.

use super::*;
use crate::load::builtin::docs as builtin_docs;
use crate::load::{Doc, Input, yaml};
use crate::util::diag::Diagnostics;

const THREAT: &str = "Conduction of simple threat modeling on technical level";

fn doc(file: &str, text: &str) -> Doc {
    Doc {
        file: file.into(),
        docs: yaml::parse(text).unwrap(),
    }
}

/// Alpha (Retail): every level-1 activity fully implemented, evidence dated 2026-01-01.
/// Beta (Retail): started one activity; threat modelling not applicable.
/// Gamma: threat modelling fully implemented without evidence.
fn project(policies: &str) -> (crate::validate::Validated, Diagnostics) {
    let mut diags = Diagnostics::default();
    let catalog = builtin_docs(&mut diags);
    let mut input = Input {
        catalog,
        ..Input::default()
    };
    let v = crate::validate::validate(&input, Date::parse("2026-10-01").unwrap(), &mut diags);
    let mut alpha = String::from("name: Alpha\ngroups: [Retail]\nactivities:\n");
    for a in v.org.catalog.activities.iter().filter(|a| a.level == 1) {
        alpha.push_str(&format!(
            "  {}:\n    Fully implemented: 2025-01-01\n    evidence: [{{title: x, date: 2026-01-01}}]\n",
            a.uuid
        ));
    }
    let beta = format!(
        "name: Beta\ngroups: [Retail]\nactivities:\n  Defined build process:\n    Started: 2025-01-01\n  {THREAT}:\n    not_applicable: no code of our own\n"
    );
    let gamma =
        format!("name: Gamma\nactivities:\n  {THREAT}:\n    Fully implemented: 2025-01-01\n");
    input.project = Some(doc(
        "maturity.yaml",
        &format!("name: Test\ngroups:\n  Retail: [Alpha, Beta]\n{policies}"),
    ));
    input.teams = vec![
        doc("teams/alpha.yaml", &alpha),
        doc("teams/beta.yaml", &beta),
        doc("teams/gamma.yaml", &gamma),
    ];
    let mut diags = Diagnostics::default();
    let v = crate::validate::validate(&input, Date::parse("2026-10-01").unwrap(), &mut diags);
    (v, diags)
}

fn run(policy: &str, as_of: &str) -> Outcome {
    let (v, diags) = project(&format!("policies:\n  - name: P\n{policy}"));
    assert!(diags.is_empty(), "{policy}: {}", diags.human());
    assert_eq!(v.policies.len(), 1);
    let scores = crate::score::score(&v.org, Date::parse(as_of).unwrap());
    evaluate(&v.org, &scores, &v.policies).remove(0)
}

/// (policy body, as-of, status, teams in scope, failing teams)
type Case = (
    String,
    &'static str,
    Status,
    &'static [&'static str],
    &'static [&'static str],
);

#[test]
fn evaluation() {
    use Status::*;
    let threat = format!("    require: [{THREAT}]\n");
    let cases: Vec<Case> = vec![
        // (policy body, as-of, status, teams in scope, failing teams)
        (
            "    min_level: 1\n    groups: [Retail]\n".into(),
            "2026-06-01",
            Failed,
            &["Alpha", "Beta"],
            &["Beta"],
        ),
        (
            "    min_level: 1\n    groups: [Retail]\n    by: 2026-12-31\n".into(),
            "2026-06-01",
            Upcoming,
            &["Alpha", "Beta"],
            &["Beta"],
        ),
        (
            "    min_level: 1\n    groups: [Retail]\n    by: 2026-06-01\n".into(),
            "2026-06-01",
            Failed,
            &["Alpha", "Beta"],
            &["Beta"],
        ),
        (
            "    min_level: 1\n    teams: [Alpha]\n".into(),
            "2026-06-01",
            Passed,
            &["Alpha"],
            &[],
        ),
        (
            "    min_level: 1\n    teams: [Gamma]\n    groups: [Retail]\n".into(),
            "2026-06-01",
            Failed,
            &["Alpha", "Beta", "Gamma"],
            &["Beta", "Gamma"],
        ),
        (
            threat.clone(),
            "2026-06-01",
            Passed,
            &["Alpha", "Beta", "Gamma"],
            &[],
        ),
        (
            threat.clone(),
            "2024-12-31",
            Failed,
            &["Alpha", "Beta", "Gamma"],
            &["Alpha", "Gamma"],
        ),
        (
            "    require: [Defined build process]\n".into(),
            "2026-06-01",
            Failed,
            &["Alpha", "Beta", "Gamma"],
            &["Beta", "Gamma"],
        ),
        (
            "    max_evidence_age_days: 365\n".into(),
            "2026-06-01",
            Failed,
            &["Alpha", "Beta", "Gamma"],
            &["Gamma"],
        ),
        (
            "    max_evidence_age_days: 365\n    teams: [Alpha]\n".into(),
            "2026-06-01",
            Passed,
            &["Alpha"],
            &[],
        ),
        // Evidence dated after the as-of date does not exist yet; a year and a half later it is too old.
        (
            "    max_evidence_age_days: 365\n    teams: [Alpha]\n".into(),
            "2025-06-01",
            Failed,
            &["Alpha"],
            &["Alpha"],
        ),
        (
            "    max_evidence_age_days: 365\n    teams: [Alpha]\n".into(),
            "2027-06-01",
            Failed,
            &["Alpha"],
            &["Alpha"],
        ),
    ];
    for (body, as_of, status, scope, failing) in cases {
        let o = run(&body, as_of);
        let teams: Vec<&str> = o.teams.iter().map(|t| t.team.as_str()).collect();
        let fails: Vec<&str> = o.failing().map(|t| t.team.as_str()).collect();
        assert_eq!(
            (o.status, teams.as_slice(), fails.as_slice()),
            (status, scope, failing),
            "{body} at {as_of}: {o:#?}"
        );
    }
}

#[test]
fn reasons_name_the_gaps() {
    let o = run("    min_level: 1\n    teams: [Beta]\n", "2026-06-01");
    let r = &o.teams[0].reasons[0];
    assert_eq!(r.rule, "min_level");
    assert!(
        r.message
            .starts_with("level 0, needs 1: not fully implemented: `"),
        "{}",
        r.message
    );
    assert!(
        r.message.contains("`Defined build process` (Started)"),
        "{}",
        r.message
    );
    assert!(r.message.ends_with("more"), "{}", r.message);
    assert_eq!(
        r.activities.len(),
        28,
        "threat modelling is not applicable for Beta"
    );
    let o = run(
        &format!("    require: [{THREAT}]\n    teams: [Alpha]\n"),
        "2024-12-31",
    );
    // Alpha had recorded nothing by then: it has not assessed, which is its one reason.
    assert_eq!(
        o.teams[0].reasons[0].message,
        "has not assessed: nothing recorded up to 2024-12-31"
    );
    assert_eq!(o.teams[0].reasons.len(), 1);
    let o = run(
        "    max_evidence_age_days: 30\n    teams: [Gamma]\n",
        "2026-06-01",
    );
    assert_eq!(
        o.teams[0].reasons[0].message,
        format!(
            "1 of 1 fully implemented activities lack evidence from the last 30 days: `{THREAT}` (no dated evidence)"
        )
    );
    let o = run(
        "    max_evidence_age_days: 30\n    teams: [Alpha]\n",
        "2026-06-01",
    );
    assert!(
        o.teams[0].reasons[0]
            .message
            .contains("(newest evidence 2026-01-01, 151 days old)"),
        "{:?}",
        o.teams[0].reasons
    );
}

#[test]
fn invalid_policies_are_reported_and_left_out() {
    let cases: &[(&str, &str)] = &[
        ("  - name: P\n    min_levle: 1\n", "unknown-key"),
        (
            "  - name: P\n    min_level: 1\n    groups: [Retial]\n",
            "unknown-group",
        ),
        (
            "  - name: P\n    min_level: 1\n    teams: [Alpah]\n",
            "unknown-team",
        ),
        (
            "  - name: P\n    require: [Defined biuld process]\n",
            "unknown-activity",
        ),
        (
            "  - name: P\n    min_level: 1\n    by: 2026-02-30\n",
            "invalid-date",
        ),
        ("  - name: P\n    min_level: 7\n", "invalid-number"),
        (
            "  - name: P\n    max_evidence_age_days: -1\n",
            "invalid-number",
        ),
        ("  - min_level: 1\n", "missing-field"),
        ("  - name: P\n    groups: [Retail]\n", "empty-policy"),
        ("  - just a string\n", "wrong-type"),
    ];
    // Keys written twice are found by the YAML reader, for policies as for every other mapping
    // (tests/untrusted.rs).
    for (yaml, code) in cases {
        let (v, diags) = project(&format!("policies:\n{yaml}"));
        let got: Vec<&str> = diags.sorted().iter().map(|d| d.code).collect();
        assert_eq!(got, vec![*code], "{yaml}: {}", diags.human());
        assert!(diags.has_errors());
        assert!(v.policies.is_empty(), "{yaml}");
    }
    let (v, diags) =
        project("policies:\n  - {name: P, min_level: 1}\n  - {name: P, min_level: 2}\n");
    assert_eq!(diags.sorted()[0].code, "duplicate-policy");
    assert_eq!(v.policies.len(), 1);
    let (_, diags) = project("policies:\n  - name: P\n    min_level: 1\n    groups: [Retial]\n");
    assert!(
        diags.human().contains("did you mean `Retail`?"),
        "{}",
        diags.human()
    );
}

#[test]
fn evidence_coverage_is_a_policy_rule() {
    let failing = |o: &Outcome| -> Vec<String> { o.failing().map(|t| t.team.clone()).collect() };
    let o = run("    min_evidence_coverage: 50%\n", "2026-06-01");
    assert_eq!(failing(&o), ["Gamma"], "Beta has nothing fully implemented");
    let r = &o.teams.iter().find(|t| t.team == "Gamma").unwrap().reasons[0];
    assert_eq!(r.rule, "min_evidence_coverage");
    assert!(
        r.message
            .starts_with("0 of 1 fully implemented activities have evidence (0 %, needs 50 %)"),
        "{}",
        r.message
    );
    // Before Alpha's evidence was recorded, Alpha misses it too.
    let o = run("    min_evidence_coverage: 50\n", "2025-06-01");
    assert_eq!(failing(&o), ["Alpha", "Gamma"]);
    let (_, diags) = project("policies:\n  - name: P\n    min_evidence_coverage: 150%\n");
    assert!(diags.has_errors(), "{}", diags.human());
}
