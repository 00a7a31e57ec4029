//! JUnit XML for `maturity check`, written by `quick-junit`: one `<testsuite>` per policy, one `<testcase>`
//! per team in scope; failing teams of enforced policies get `<failure>`, of upcoming ones `<skipped>`.
//! Checked against the Jenkins xUnit schema in tests/output_schemas.rs.

use crate::policy::{Outcome, Status};
use crate::util::date::Date;
use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};
use std::fmt::Write as _;

pub fn render(outcomes: &[Outcome], as_of: Date) -> String {
    let mut report = Report::new("maturity check");
    for o in outcomes {
        let mut suite = TestSuite::new(text(&o.policy));
        suite.add_property(Property::new("as_of", as_of.to_string()));
        suite.add_property(Property::new("status", o.status.as_str()));
        if let Some(by) = o.by {
            suite.add_property(Property::new("by", by.to_string()));
        }
        suite.add_properties(o.rules.iter().map(|r| Property::new("rule", text(r))));
        for t in &o.teams {
            let summary: Vec<&str> = t.reasons.iter().map(|r| r.message.as_str()).collect();
            let summary = summary.join("; ");
            let status = if t.passed {
                TestCaseStatus::success()
            } else if o.status == Status::Upcoming {
                let by = o.by.map(|d| d.to_string()).unwrap_or_default();
                let mut s = TestCaseStatus::skipped();
                s.set_message(text(&format!("not enforced before {by}: {summary}")));
                s
            } else {
                let mut details = String::new();
                for r in &t.reasons {
                    let _ = writeln!(details, "{}: {}", r.rule, r.message);
                    for a in &r.activities {
                        let _ = writeln!(details, "  - {a}");
                    }
                }
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(text(&summary))
                    .set_type(t.reasons.first().map_or("policy", |r| r.rule))
                    .set_description(text(&details));
                s
            };
            let mut case = TestCase::new(text(&t.team), status);
            case.set_classname(text(&o.policy));
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    let xml = report
        .to_string()
        .expect("a JUnit report in memory serializes");
    // quick-junit totals `skipped` on <testsuites> too; the Jenkins xUnit schema (junit-10.xsd) allows it on
    // <testsuite> only and rejects the file. The root tag is the second line, its attributes in fixed order.
    let (head, rest) = xml.split_once("\n<testsuites ").expect("root element");
    let (root, body) = rest.split_once('\n').expect("root line");
    let root: Vec<&str> = root
        .split(' ')
        .filter(|a| !a.starts_with("skipped=\""))
        .collect();
    format!("{head}\n<testsuites {}\n{body}", root.join(" "))
}

/// Text as XML 1.0 can hold it: quick-junit drops C0 controls (and ANSI escapes), but not U+FFFE and
/// U+FFFF; control characters become U+FFFD here so that a name stays recognisable.
fn text(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => '\u{fffd}',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Reason, TeamOutcome};

    #[test]
    fn escapes_and_counts() {
        assert_eq!(text("a\u{1}b\u{ffff}\n"), "a\u{fffd}b\u{fffd}\n");
        let team = |name: &str, passed: bool| TeamOutcome {
            team: name.into(),
            passed,
            reasons: if passed {
                vec![]
            } else {
                vec![Reason {
                    rule: "require",
                    message: "`x` is <Started>".into(),
                    activities: vec!["x".into()],
                }]
            },
        };
        let outcomes = vec![
            Outcome {
                policy: "Level & <more>".into(),
                status: Status::Failed,
                by: None,
                rules: vec!["level at least 1".into()],
                teams: vec![team("A & B\u{1b}", false), team("C", true)],
            },
            Outcome {
                policy: "Soon".into(),
                status: Status::Upcoming,
                by: Date::parse("2027-01-01"),
                rules: vec![],
                teams: vec![team("D", false)],
            },
        ];
        let x = render(&outcomes, Date::parse("2026-09-30").unwrap());
        assert!(x.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"maturity check\" tests=\"3\" failures=\"1\" errors=\"0\">\n"), "{x}");
        assert!(
            x.contains(
                "<testsuite name=\"Level &amp; &lt;more&gt;\" tests=\"2\" skipped=\"0\" errors=\"0\" failures=\"1\">"
            ),
            "{x}"
        );
        assert!(
            x.contains(
                "<testcase name=\"A &amp; B\u{fffd}\" classname=\"Level &amp; &lt;more&gt;\">"
            ),
            "{x}"
        );
        assert!(x.contains("<failure message=\"`x` is &lt;Started&gt;\" type=\"require\">require: `x` is &lt;Started&gt;\n  - x\n</failure>"), "{x}");
        assert!(
            x.contains(
                "<skipped message=\"not enforced before 2027-01-01: `x` is &lt;Started&gt;\"/>"
            ),
            "{x}"
        );
        assert!(
            x.contains("<testcase name=\"C\" classname=\"Level &amp; &lt;more&gt;\"/>"),
            "{x}"
        );
        assert!(
            x.contains("<property name=\"status\" value=\"failed\"/>"),
            "{x}"
        );
    }
}
