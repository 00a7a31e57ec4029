//! The reports' data without compiling a PDF: next steps, the history sections (regressions, expiry,
//! improvers) and which levels a team checklist lists.

use super::*;

#[test]
fn next_steps_are_the_shared_rules() {
    let (org, scores) = sample(4, "steps");
    let ctx = ReportContext::new(&org, scores.as_of, None);
    let cat = &org.catalog;
    for t in &scores.teams {
        let d = reports::team_data(&org, &scores, &ctx, &t.name).unwrap();
        let vals = crate::score::values(&org, &org.teams[&t.name], scores.as_of);
        let want: Vec<&str> = crate::score::next_steps(&org, &vals, 10)
            .into_iter()
            .map(|i| cat.activities[i].name.as_str())
            .collect();
        let got: Vec<&str> = d.next_steps.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(got, want, "{}", t.name);
        assert!(!got.is_empty(), "{}: no next steps", t.name);
        let mut prev: Option<(u8, std::cmp::Reverse<u8>)> = None;
        for s in &d.next_steps {
            let key = (s.level, std::cmp::Reverse(s.usefulness));
            assert!(
                prev.is_none_or(|p| p <= key),
                "{}: not ordered at {}",
                t.name,
                s.name
            );
            assert_ne!(s.class, "full", "{}: {} is done", t.name, s.name);
            prev = Some(key);
        }
    }
}

/// A two-team project with a recorded regression, an expired activity and an improvement since the
/// start of the previous quarter (as of 2026-03-31, `since` is 2025-10-01).
fn history_sample() -> (Org, Scores) {
    let dir = std::env::temp_dir().join(format!("maturity-pdf-history-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("teams")).unwrap();
    std::fs::write(
        dir.join("maturity.yaml"),
        "name: Tiny\ngroups:\n  Shop: [Alpha, Beta]\nfreshness:\n  activities:\n    Defined build process: 365\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("teams/alpha.yaml"),
        "name: Alpha\ntarget_level: 1\nactivities:\n  Defined build process:\n    Fully implemented: 2025-01-10\n  Defined deployment process:\n    Started: 2025-02-01\n    Fully implemented: 2025-06-01\n    regressions:\n      - date: 2026-02-15\n        to: Started\n        reason: Pipeline rebuilt.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("teams/beta.yaml"),
        "name: Beta\nactivities:\n  Defined build process:\n    Started: 2025-03-01\n    Fully implemented: 2026-02-01\n    evidence:\n      - title: Build pipeline\n        date: 2026-02-01\n",
    )
    .unwrap();
    let (v, diags) = crate::read_input(&dir, as_of()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!diags.has_errors(), "{}", diags.human());
    let scores = crate::score::score(&v.org, as_of());
    (v.org, scores)
}

#[test]
fn history_sections_name_regressions_expiry_and_improvers() {
    let (org, scores) = history_sample();
    let ctx = ReportContext::new(&org, scores.as_of, None);
    assert_eq!(ctx.since.to_string(), "2025-10-01");
    let d = reports::executive_data(&org, &scores, &ctx);
    let regressions: Vec<(&str, &str, &str, &str)> = d
        .changed
        .regressions
        .iter()
        .map(|r| {
            (
                r.team.as_str(),
                r.activity.as_str(),
                r.from.as_str(),
                r.to.as_str(),
            )
        })
        .collect();
    assert_eq!(
        regressions,
        [
            (
                "Alpha",
                "Defined build process",
                "Fully implemented",
                "Fully implemented (expired)"
            ),
            (
                "Alpha",
                "Defined deployment process",
                "Fully implemented",
                "Started"
            ),
        ]
    );
    assert_eq!(
        (d.changed.up, d.changed.down, d.changed.evidence),
        (1, 2, 1)
    );
    assert_eq!(d.improvers.len(), 1);
    assert_eq!(d.improvers[0].name, "Beta");
    assert!(
        d.improvers[0].gain.starts_with('+'),
        "{}",
        d.improvers[0].gain
    );
    let labels: Vec<&str> = d.trend.points.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(
        labels,
        ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
    );
    let first = d.trend.first.as_ref().unwrap();
    assert_eq!(first.levels.iter().map(|l| l.teams).sum::<usize>(), 2);
    assert_eq!(d.projection.with_target, 1);
    assert!(
        d.projection
            .text
            .starts_with("Of 1 team with a target level"),
        "{}",
        d.projection.text
    );

    let t = reports::team_data(&org, &scores, &ctx, "Alpha").unwrap();
    assert_eq!(t.expired.len(), 1);
    assert_eq!(t.expired[0].name, "Defined build process");
    assert_eq!(t.expired[0].latest.as_deref(), Some("2025-01-10"));
    assert_eq!(t.expired[0].max_age_days, Some(365));
    let row = t
        .levels
        .iter()
        .flat_map(|l| &l.activities)
        .find(|a| a.name == "Defined build process")
        .unwrap();
    assert_eq!(
        (row.class, row.state.as_str()),
        ("expired", "Evidence expired")
    );
    let p = t.projection.as_ref().unwrap();
    assert_eq!(p.target, 1);
    assert!(!p.reached);
    assert_eq!(t.trend.len(), 5);
    assert!(t.trend.iter().all(|p| p.level.is_some()));

    let g = reports::group_data(&org, &scores, &ctx, "Shop").unwrap();
    assert_eq!(g.trend.len(), 5);

    // The sections render: one team report with an expired activity, one executive summary with
    // regressions.
    let pdf =
        team(&org, &scores, &ctx, "Alpha", Kind::Team.builtin()).unwrap_or_else(|e| panic!("{e}"));
    assert!(pdf.starts_with(b"%PDF"));
    let pdf =
        executive(&org, &scores, &ctx, Kind::Executive.builtin()).unwrap_or_else(|e| panic!("{e}"));
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn team_checklists_list_the_next_level_or_up_to_the_target() {
    use super::reports::checklist_levels;
    for (level, target, want) in [
        (0, None, 1..=1),
        (0, Some(1), 1..=1),
        (0, Some(3), 1..=3),
        (1, Some(2), 2..=2),
        (2, Some(1), 3..=3),
        (4, Some(5), 5..=5),
        (4, None, 5..=5),
    ] {
        assert_eq!(
            checklist_levels(level, target),
            want,
            "level {level}, target {target:?}"
        );
    }
    assert!(checklist_levels(5, Some(5)).is_empty());
}
