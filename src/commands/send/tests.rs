//! Unit tests of the send manifest (the headline per report) and of who gets what, over a small
//! in-memory project.

use super::{Audience, plan};
use crate::load::builtin::docs as builtin_docs;
use crate::load::{Doc, Input, yaml};
use crate::render::headline::{self as manifest, Job};
use crate::render::pdf::{Kind, ReportContext};
use crate::util::date::Date;
use crate::util::diag::Diagnostics;

fn doc(file: &str, text: &str) -> Doc {
    Doc {
        file: file.into(),
        docs: yaml::parse(text).unwrap(),
    }
}

/// Alpha (Retail): every level-1 activity fully implemented on 2026-08-01. Beta (Retail): one
/// activity started. Policy: Retail teams reach level 1.
fn project() -> crate::validate::Validated {
    let mut diags = Diagnostics::default();
    let catalog = builtin_docs(&mut diags);
    let v = crate::validate::validate(
        &Input {
            catalog: catalog.clone(),
            ..Input::default()
        },
        Date::parse("2026-10-01").unwrap(),
        &mut diags,
    );
    let mut alpha = String::from("name: Alpha\nactivities:\n");
    for a in v.org.catalog.activities.iter().filter(|a| a.level == 1) {
        alpha.push_str(&format!(
            "  {}:\n    Fully implemented: 2026-08-01\n",
            a.uuid
        ));
    }
    let input = Input {
        catalog,
        project: Some(doc(
            "maturity.yaml",
            "name: Test\ngroups:\n  Retail: [Alpha, Beta]\npolicies:\n  - name: Retail reaches level 1\n    groups: [Retail]\n    min_level: 1\nsend:\n  from: a@example.com\n  executive: [c@example.com]\n  groups: {Retail: [r@example.com]}\n  teams: {Alpha: [x@example.com]}\n",
        )),
        teams: vec![
            doc("teams/alpha.yaml", &alpha),
            doc(
                "teams/beta.yaml",
                "name: Beta\ncontacts: [b@example.com]\nactivities:\n  Defined build process:\n    Started: 2026-01-01\n",
            ),
        ],
        ..Input::default()
    };
    let mut diags = Diagnostics::default();
    let v = crate::validate::validate(&input, Date::parse("2026-10-01").unwrap(), &mut diags);
    assert!(!diags.has_errors(), "{}", diags.human());
    v
}

fn build(v: &crate::validate::Validated) -> manifest::Manifest {
    let as_of = Date::parse("2026-10-01").unwrap();
    let scores = crate::score::score(&v.org, as_of);
    let ctx = ReportContext::new(&v.org, as_of, Some(Date::parse("2026-07-01").unwrap()));
    let jobs = [
        (
            Kind::Executive,
            "",
            "Executive summary",
            "reports/executive-summary.pdf",
        ),
        (
            Kind::Group,
            "Retail",
            "Group report: Retail",
            "reports/groups/retail.pdf",
        ),
        (
            Kind::Team,
            "Alpha",
            "Team report: Alpha",
            "reports/teams/alpha.pdf",
        ),
        (
            Kind::Team,
            "Beta",
            "Team report: Beta",
            "reports/teams/beta.pdf",
        ),
    ]
    .map(|(kind, name, title, path)| Job {
        kind,
        name,
        title,
        path,
    });
    let text = manifest::json(&v.org, &scores, &v.policies, &ctx, &jobs);
    let m = manifest::parse(&text).unwrap();
    assert_eq!(
        manifest::json(&v.org, &scores, &v.policies, &ctx, &jobs),
        text
    );
    m
}

#[test]
fn headlines_carry_each_scopes_own_figures() {
    let v = project();
    let m = build(&v);
    assert_eq!(
        (m.as_of.as_str(), m.since.as_str()),
        ("2026-10-01", "2026-07-01")
    );
    let by = |name: &str| m.reports.iter().find(|r| r.name == name).unwrap();
    let alpha = &by("Alpha").headline;
    // Alpha recorded nothing before `since`: it was not assessed then.
    assert_eq!(
        (alpha.level.as_str(), alpha.level_since.as_str()),
        ("1", "–")
    );
    assert_eq!(
        (alpha.completion_since.as_str(), alpha.change.as_str()),
        ("–", "–")
    );
    assert!(alpha.policies_failed.is_empty());
    assert_eq!(alpha.next_steps.len(), 3);
    assert!(
        alpha
            .next_steps
            .iter()
            .all(|s| s.detail.starts_with("level 2")),
        "{:?}",
        alpha.next_steps
    );
    assert_eq!(by("Alpha").page, "teams/alpha.html");
    let beta = &by("Beta").headline;
    assert_eq!(beta.level, "0");
    assert_eq!(beta.policies_failed.len(), 1);
    assert!(
        beta.policies_failed[0].detail.contains("level 0, needs 1"),
        "{:?}",
        beta.policies_failed
    );
    assert!(beta.next_steps[0].detail.starts_with("level 1"));
    // A team's message names no other team; the group's and the organisation's name who fails.
    assert!(!format!("{beta:?}").contains("Alpha"));
    let retail = &by("Retail").headline;
    // The median team level is a whole level, as in the reports.
    assert_eq!((retail.level.as_str(), retail.teams), ("1", 2));
    assert_eq!(retail.level_since, "0");
    assert_eq!(retail.policies_failed[0].detail, "1 of 2 teams fail: Beta");
    assert_eq!(by("Retail").page, "groups/retail.html");
    let exec = &m.reports[0].headline;
    assert_eq!(
        (exec.level_label.as_str(), exec.teams),
        ("median team level", 2)
    );
    assert_eq!(exec.policies_failed[0].title, "Retail reaches level 1");
    assert!(!exec.next_steps.is_empty() && exec.next_steps.len() <= 3);
}

#[test]
fn each_address_gets_the_report_of_its_scope() {
    let v = project();
    let m = build(&v);
    let who = |only| -> Vec<(String, String, Option<usize>)> {
        plan(&m, &v.recipients, only)
            .into_iter()
            .map(|p| (p.name, p.to, p.report))
            .collect()
    };
    let all = who(None);
    let names: Vec<(&str, &str)> = all
        .iter()
        .map(|(n, t, _)| (n.as_str(), t.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("", "c@example.com"),
            ("Retail", "r@example.com"),
            ("Alpha", "x@example.com"),
            ("Beta", "b@example.com")
        ]
    );
    assert!(all.iter().all(|(n, _, r)| m.reports[r.unwrap()].name == *n));
    assert_eq!(who(Some(Audience::Groups)).len(), 1);
    assert_eq!(who(Some(Audience::Teams)).len(), 2);
}

#[test]
fn eml_names_are_safe_file_names() {
    let to: lettre::message::Mailbox = "\"A / B\" <a.b+x@example.com>".parse().unwrap();
    assert_eq!(
        super::deliver::eml_name("reports/teams/checkout.pdf", &to),
        "teams-checkout--a.b+x@example.com.eml"
    );
}
