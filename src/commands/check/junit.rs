//! JUnit XML for `maturity check`: one `<testsuite>` per policy, one `<testcase>` per team in scope;
//! failing teams of enforced policies get `<failure>`, of upcoming ones `<skipped>`.

use crate::policy::{Outcome, Status, TeamOutcome};
use crate::util::date::Date;
use std::fmt::Write as _;

pub fn render(outcomes: &[Outcome], as_of: Date) -> String {
    let count = |pred: &dyn Fn(&Outcome, &TeamOutcome) -> bool| -> usize {
        outcomes
            .iter()
            .map(|o| o.teams.iter().filter(|t| pred(o, t)).count())
            .sum()
    };
    let tests = count(&|_, _| true);
    let failures = count(&|o, t| o.status != Status::Upcoming && !t.passed);
    let skipped = count(&|o, t| o.status == Status::Upcoming && !t.passed);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"maturity check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">"
    );
    for o in outcomes {
        let fails = o.failing().count();
        let (failures, skipped) = if o.status == Status::Upcoming {
            (0, fails)
        } else {
            (fails, 0)
        };
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">",
            esc(&o.policy),
            o.teams.len()
        );
        out.push_str("    <properties>\n");
        let mut props = vec![
            ("as_of", as_of.to_string()),
            ("status", format!("{:?}", o.status).to_lowercase()),
        ];
        if let Some(by) = o.by {
            props.push(("by", by.to_string()));
        }
        props.extend(o.rules.iter().map(|r| ("rule", r.clone())));
        for (k, v) in props {
            let _ = writeln!(out, "      <property name=\"{k}\" value=\"{}\"/>", esc(&v));
        }
        out.push_str("    </properties>\n");
        for t in &o.teams {
            let _ = write!(
                out,
                "    <testcase name=\"{}\" classname=\"{}\"",
                esc(&t.team),
                esc(&o.policy)
            );
            if t.passed {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            let summary: Vec<&str> = t.reasons.iter().map(|r| r.message.as_str()).collect();
            let summary = summary.join("; ");
            let mut details = String::new();
            for r in &t.reasons {
                let _ = writeln!(details, "{}: {}", r.rule, r.message);
                for a in &r.activities {
                    let _ = writeln!(details, "  - {a}");
                }
            }
            if o.status == Status::Upcoming {
                let by = o.by.map(|d| d.to_string()).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "      <skipped message=\"{}\"/>",
                    esc(&format!("not enforced before {by}: {summary}"))
                );
            } else {
                let rule = t.reasons.first().map_or("policy", |r| r.rule);
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\" type=\"{rule}\">{}</failure>",
                    esc(&summary),
                    esc(&details).replace("&#10;", "\n")
                );
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Escapes text for XML attributes and content; characters XML 1.0 cannot hold become U+FFFD.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Reason;

    #[test]
    fn escapes_and_counts() {
        assert_eq!(
            esc("a<b>&\"c\"'\n\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;&#10;\u{fffd}"
        );
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
                teams: vec![team("A & B", false), team("C", true)],
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
        assert!(x.contains("<testsuites name=\"maturity check\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\">"), "{x}");
        assert!(
            x.contains("<testsuite name=\"Level &amp; &lt;more&gt;\" tests=\"2\" failures=\"1\""),
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
    }
}
