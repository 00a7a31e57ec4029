//! Table-driven tests of the `send:` section and team `contacts:` over a small in-memory project.

use super::*;
use crate::load::builtin::docs as builtin_docs;
use crate::load::{Doc, Input, yaml};
use crate::util::date::Date;
use crate::util::diag::Diagnostics;

fn doc(file: &str, text: &str) -> Doc {
    Doc {
        file: file.into(),
        docs: yaml::parse(text).unwrap(),
    }
}

/// Teams Alpha and Beta in group Retail; `send` is appended to maturity.yaml, `contacts` to Beta's file.
fn project(send: &str, contacts: &str) -> (Recipients, Diagnostics) {
    let mut diags = Diagnostics::default();
    let input = Input {
        catalog: builtin_docs(&mut diags),
        project: Some(doc(
            "maturity.yaml",
            &format!("name: Test\ngroups:\n  Retail: [Alpha, Beta]\n{send}"),
        )),
        teams: vec![
            doc("teams/alpha.yaml", "name: Alpha\n"),
            doc("teams/beta.yaml", &format!("name: Beta\n{contacts}")),
        ],
        ..Input::default()
    };
    let v = crate::validate::validate(&input, Date::parse("2026-10-01").unwrap(), &mut diags);
    (v.recipients, diags)
}

/// (maturity.yaml `send:` text, Beta's contacts, expected diagnostics as `code@line:col`).
const CASES: &[(&str, &str, &[&str])] = &[
    ("", "", &[]),
    (
        "send:\n  from: a@example.com\n  executive: [c@example.com]\n",
        "",
        &[],
    ),
    (
        "send:\n  from: \"AppSec <a@example.com>\"\n  groups: {Retail: [r@example.com]}\n  teams: {Alpha: x@example.com}\n",
        "contacts: [b@example.com]\n",
        &[],
    ),
    (
        "send:\n  from: not an address\n",
        "",
        &["invalid-address@5:9"],
    ),
    (
        "send:\n  executive: [c@example.com]\n",
        "",
        &["missing-field@5:3"],
    ),
    (
        "send:\n  from: a@example.com\n  executive: [ok@example.com, \"x@example.com, y@example.com\"]\n",
        "",
        &["invalid-address@6:31"],
    ),
    (
        "send:\n  from: a@example.com\n  groups: {Retial: [r@example.com]}\n",
        "",
        &["unknown-group@6:12"],
    ),
    (
        "send:\n  from: a@example.com\n  teams: {Alfa: [r@example.com]}\n",
        "",
        &["unknown-team@6:11"],
    ),
    (
        "send:\n  from: a@example.com\n  exectuive: [c@example.com]\n",
        "",
        &["unknown-key@6:3"],
    ),
    (
        "send:\n  from: a@example.com\n  subject: \"{org} {date}\"\n",
        "",
        &["unknown-placeholder@6:12"],
    ),
    (
        "send:\n  from: a@example.com\n  site_url: javascript:alert(1)\n",
        "",
        &["invalid-url@6:13"],
    ),
    (
        "send:\n  from: a@example.com\n  executive: [c@example.com, c@example.com]\n",
        "",
        &["duplicate-recipient@6:30"],
    ),
    ("", "contacts: [lead@]\n", &["invalid-address@2:12"]),
];

#[test]
fn send_sections_are_validated_with_positions() {
    for (send, contacts, expected) in CASES {
        let (_, diags) = project(send, contacts);
        let got: Vec<String> = diags
            .sorted()
            .iter()
            .map(|d| format!("{}@{}:{}", d.code, d.line, d.col))
            .collect();
        assert_eq!(
            &got,
            expected,
            "send: {send:?} contacts: {contacts:?}\n{}",
            diags.human()
        );
    }
}

#[test]
fn recipients_merge_send_teams_and_contacts() {
    let (r, diags) = project(
        "send:\n  from: a@example.com\n  executive: [c@example.com]\n  groups: {Retail: [r@example.com]}\n  teams: {Beta: [x@example.com]}\n  site_url: https://appsec.example.com/maturity\n",
        "contacts: [b@example.com, x@example.com]\n",
    );
    assert!(diags.is_empty(), "{}", diags.human());
    assert!(r.configured);
    assert_eq!(r.from.as_deref(), Some("a@example.com"));
    assert_eq!(r.teams["Beta"], ["x@example.com", "b@example.com"]);
    assert_eq!(r.groups["Retail"], ["r@example.com"]);
    assert_eq!(
        r.site_url.as_deref(),
        Some("https://appsec.example.com/maturity/")
    );
    assert_eq!(r.count(), 4);
}

#[test]
fn subjects_fill_known_placeholders_only() {
    let cases = [
        ("{org}: {scope} as of {as_of}", "Org: Beta as of 2026-10-01"),
        ("{title} {unknown} {", "Team report: Beta {unknown} {"),
        ("{{org}}", "{Org}"),
    ];
    for (template, expected) in cases {
        assert_eq!(
            subject(template, "Org", "2026-10-01", "Beta", "Team report: Beta"),
            expected
        );
    }
}
