//! Table-driven tests of the scoring rules.

use super::*;
use crate::model::{
    Activity, Catalog, Dimension, Progress, Record, Subdimension, Team, TeamActivity,
};

mod scorecard;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// A catalogue with one dimension/subdimension and activities at the given levels (uuids "a0", "a1", ...).
fn catalog(levels: &[u8]) -> Catalog {
    let acts: Vec<Activity> = levels
        .iter()
        .enumerate()
        .map(|(i, &level)| Activity {
            uuid: format!("a{i}"),
            name: format!("Activity {i}"),
            dimension: "D".into(),
            subdimension: "S".into(),
            level,
            difficulty: Default::default(),
            usefulness: 3,
            depends_on: if i == 1 { vec!["a0".into()] } else { vec![] },
            tags: vec![],
            references: Default::default(),
            tools: vec![],
            description: String::new(),
            risk: String::new(),
            measure: String::new(),
            assessment: String::new(),
            comments: String::new(),
        })
        .collect();
    let sub = Subdimension {
        name: "S".into(),
        summary: String::new(),
        activities: (0..acts.len()).collect(),
    };
    Catalog::new(
        "test".into(),
        "test".into(),
        vec![Dimension {
            name: "D".into(),
            subdimensions: vec![sub],
        }],
        acts,
    )
}

/// Per activity: a list of (state index, date) records, or N/A.
enum E {
    R(&'static [(usize, &'static str)]),
    Na,
}

fn org(levels: &[u8], teams: &[(&str, &[E])]) -> Org {
    let catalog = catalog(levels);
    let mut map = std::collections::BTreeMap::new();
    for (name, entries) in teams {
        let mut t = Team {
            name: name.to_string(),
            ..Team::default()
        };
        for (i, e) in entries.iter().enumerate() {
            let ta = match e {
                E::Na => TeamActivity {
                    not_applicable: Some("n/a".into()),
                    ..Default::default()
                },
                E::R(rs) => TeamActivity {
                    records: rs
                        .iter()
                        .map(|(s, dt)| Record {
                            state: *s,
                            date: Date::parse(dt),
                        })
                        .collect(),
                    ..Default::default()
                },
            };
            t.activities.insert(i, ta);
        }
        map.insert(name.to_string(), t);
    }
    Org {
        name: "Org".into(),
        catalog,
        progress: Progress::dsomm_default(),
        teams: map,
        groups: Default::default(),
        freshness: Default::default(),
        upgrades: Vec::new(),
        repo_url: None,
        app: None,
        level_labels: Vec::new(),
        scorecard: None,
    }
}

#[test]
#[allow(clippy::type_complexity)]
fn value_is_highest_state_reached_by_as_of() {
    // states: 0 Not implemented, 1 Started 0.2, 2 Partly 0.5, 3 Fully 1.0
    let cases: &[(&[(usize, &str)], &str, f64)] = &[
        (&[], "2026-01-01", 0.0),
        (&[(1, "2025-01-10")], "2025-01-09", 0.0),
        (&[(1, "2025-01-10")], "2025-01-10", 0.2),
        (&[(1, "2025-01-10"), (3, "2025-06-07")], "2025-03-01", 0.2),
        (&[(1, "2025-01-10"), (3, "2025-06-07")], "2025-06-07", 1.0),
        // a lower state dated later does not lower the value (DSOMM states are cumulative)
        (&[(3, "2025-01-01"), (1, "2025-06-01")], "2025-07-01", 1.0),
        (&[(2, "2025-01-01")], "2030-01-01", 0.5),
        // undated (v3) records always count
        (&[(3, "")], "1990-01-01", 1.0),
    ];
    for (records, as_of, want) in cases {
        let o = org(&[1], &[("T", &[E::R(records)])]);
        let v = values(&o, &o.teams["T"], d(as_of));
        assert_eq!(v[0].0, Some(*want), "{records:?} at {as_of}");
    }
}

#[test]
#[allow(clippy::type_complexity)]
fn completion_and_level_follow_the_worked_example() {
    const FULL: &[(usize, &str)] = &[(3, "2025-01-01")];
    const HALF: &[(usize, &str)] = &[(2, "2025-01-01")];
    const NONE: &[(usize, &str)] = &[];
    // (levels, entries, completion, level)
    let cases: Vec<(Vec<u8>, Vec<E>, Option<f64>, Option<u8>)> = vec![
        (
            vec![1, 1, 1, 2, 2, 2],
            vec![
                E::R(FULL),
                E::R(FULL),
                E::R(HALF),
                E::R(FULL),
                E::R(NONE),
                E::Na,
            ],
            Some(0.7),
            Some(0),
        ),
        (
            vec![1, 1, 1, 2, 2, 2],
            vec![
                E::R(FULL),
                E::R(FULL),
                E::R(FULL),
                E::R(FULL),
                E::R(NONE),
                E::Na,
            ],
            Some(0.8),
            Some(1),
        ),
        (vec![1, 2], vec![E::R(FULL), E::R(FULL)], Some(1.0), Some(5)),
        (vec![1, 3], vec![E::R(FULL), E::R(NONE)], Some(0.5), Some(2)),
        // Nothing applies: no level (not 5).
        (vec![1], vec![E::Na], None, None),
        (vec![1, 2], vec![E::R(NONE), E::R(FULL)], Some(0.5), Some(0)),
        // No level-1 activity: level 0 until the lowest ones (level 2) are done, then 2.
        (
            vec![2, 3],
            vec![E::R(HALF), E::R(NONE)],
            Some(0.25),
            Some(0),
        ),
        (vec![2, 3], vec![E::R(FULL), E::R(NONE)], Some(0.5), Some(2)),
        (vec![2, 3], vec![E::R(FULL), E::R(FULL)], Some(1.0), Some(5)),
    ];
    for (levels, entries, completion, level) in cases {
        let o = org(&levels, &[("T", &entries)]);
        let s = team(&o, &o.teams["T"], d("2026-01-01"));
        match (s.completion, completion) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{levels:?}: {a} != {b}"),
            (a, b) => assert_eq!(a, b, "{levels:?}"),
        }
        assert_eq!(s.level, level, "{levels:?}");
    }
}

#[test]
fn organisation_rollups() {
    const FULL: &[(usize, &str)] = &[(3, "2025-01-01")];
    const START: &[(usize, &str)] = &[(1, "2025-01-01")];
    let o = org(
        &[1, 2],
        &[
            ("A", &[E::R(FULL), E::R(FULL)]),
            ("B", &[E::R(START)]),
            ("C", &[E::Na, E::R(FULL)]),
        ],
    );
    let s = score(&o, d("2026-01-01"));
    let a0 = &s.org.activities["a0"];
    assert_eq!((a0.applicable, a0.implemented), (2, 1));
    assert_eq!(a0.adoption, Some(0.5));
    assert!((a0.mean.unwrap() - 0.6).abs() < 1e-9);
    // A: level 5 (all done); B: 0; C: a0 n/a, a1 done -> 5
    assert_eq!(s.org.level_distribution["5"], 2);
    assert_eq!(s.org.level_distribution["0"], 1);
    let c = s.org.completion.unwrap();
    assert!((c - (1.0 + 0.1 + 1.0) / 3.0).abs() < 1e-9, "{c}");
}

#[test]
fn started_activity_with_unmet_dependency_is_a_finding() {
    const START: &[(usize, &str)] = &[(1, "2025-01-01")];
    const NONE: &[(usize, &str)] = &[];
    let o = org(&[1, 2], &[("T", &[E::R(NONE), E::R(START)])]);
    let s = team(&o, &o.teams["T"], d("2026-01-01"));
    assert_eq!(
        s.dependency_findings,
        vec![Finding {
            activity: "a1".into(),
            missing: vec!["a0".into()]
        }]
    );
}

#[test]
fn next_steps_need_met_dependencies_and_prefer_low_levels() {
    const FULL: &[(usize, &str)] = &[(3, "2025-01-01")];
    const NONE: &[(usize, &str)] = &[];
    // a1 depends on a0. a0 (L1) open -> a0 first; a1 blocked; a2 (L2) open.
    let o = org(&[1, 2, 2], &[("T", &[E::R(NONE), E::R(NONE), E::R(NONE)])]);
    let v = values(&o, &o.teams["T"], d("2026-01-01"));
    assert_eq!(next_steps(&o, &v, 10), vec![0, 2]);
    let o = org(&[1, 2, 2], &[("T", &[E::R(FULL), E::R(NONE), E::Na])]);
    let v = values(&o, &o.teams["T"], d("2026-01-01"));
    assert_eq!(next_steps(&o, &v, 10), vec![1]);
    assert_eq!(next_steps(&o, &v, 0), Vec::<usize>::new());
}

fn with(o: &mut Org, f: impl FnOnce(&mut crate::model::TeamActivity)) {
    f(o.teams
        .get_mut("T")
        .unwrap()
        .activities
        .get_mut(&0)
        .unwrap());
}

#[test]
fn regression_caps_earlier_states_until_a_later_record() {
    use crate::model::Regression;
    const REC: &[(usize, &str)] = &[(1, "2025-01-01"), (3, "2025-03-01")];
    let mut o = org(&[1], &[("T", &[E::R(REC)])]);
    with(&mut o, |ta| {
        ta.regressions.push(Regression {
            state: 1,
            date: d("2025-06-01"),
            reason: "pipeline lost".into(),
        })
    });
    // (as_of, value)
    for (as_of, want) in [
        ("2025-05-31", 1.0),
        ("2025-06-01", 0.2),
        ("2025-12-31", 0.2),
    ] {
        let v = values(&o, &o.teams["T"], d(as_of));
        assert_eq!(v[0].0, Some(want), "{as_of}");
    }
    // Re-implemented after the regression: counts again from its date.
    with(&mut o, |ta| {
        ta.records.push(Record {
            state: 3,
            date: Date::parse("2025-09-01"),
        })
    });
    assert_eq!(values(&o, &o.teams["T"], d("2025-08-31"))[0].0, Some(0.2));
    assert_eq!(values(&o, &o.teams["T"], d("2025-09-01"))[0].0, Some(1.0));
    // A regression to "Not implemented" with a changes view shows it as a step down.
    let c = changes(&o, d("2025-05-01"), d("2025-07-01"));
    assert_eq!(c.teams[0].down.len(), 1);
    assert_eq!(
        (
            c.teams[0].down[0].from.as_str(),
            c.teams[0].down[0].to.as_str()
        ),
        ("Fully implemented", "Started")
    );
}

#[test]
fn stale_evidence_expires_fully_implemented_activities() {
    use crate::model::Evidence;
    const REC: &[(usize, &str)] = &[(3, "2025-01-01")];
    let mut o = org(&[1, 1], &[("T", &[E::R(REC), E::R(REC)])]);
    o.freshness.by_level.insert(1, 365);
    o.freshness.by_activity.insert(1, 30);
    with(&mut o, |ta| {
        ta.evidence.push(Evidence {
            title: "review".into(),
            date: Date::parse("2025-10-01"),
            reviewer: None,
            ..Evidence::default()
        })
    });
    // (as_of, value of a0, value of a1): a0 fresh via its evidence until 2026-10-01; a1 expires 30 days after its record.
    for (as_of, a0, a1) in [
        ("2025-01-31", 1.0, 1.0),
        ("2025-02-01", 1.0, 0.0),
        ("2026-10-01", 1.0, 0.0),
        ("2026-10-02", 0.0, 0.0),
    ] {
        let v = values(&o, &o.teams["T"], d(as_of));
        assert_eq!((v[0].0, v[1].0), (Some(a0), Some(a1)), "{as_of}");
    }
    let t = team(&o, &o.teams["T"], d("2026-10-02"));
    assert!(t.activities["a0"].expired && t.activities["a1"].expired);
    assert_eq!(t.level, Some(0));
    assert_eq!(expired(&o, &o.teams["T"], d("2025-02-01")), vec![1]);
}

#[test]
fn projection_extrapolates_recent_pace_to_the_target_level() {
    // Two level-1 activities: one done 100 days before as-of; the pace is 0.5 per 180 days.
    const DONE: &[(usize, &str)] = &[(3, "2025-09-22")];
    const NONE: &[(usize, &str)] = &[];
    let mut o = org(&[1, 1], &[("T", &[E::R(DONE), E::R(NONE)])]);
    o.teams.get_mut("T").unwrap().target_level = Some(1);
    let p = projection(&o, &o.teams["T"], d("2025-12-31")).unwrap();
    assert!(!p.reached);
    assert_eq!(p.progress, Some(0.5));
    assert_eq!(p.eta, Some(d("2025-12-31").add_days(180)));
    // No progress in the window: not at this pace.
    let p = projection(&o, &o.teams["T"], d("2027-01-01")).unwrap();
    assert_eq!((p.eta, p.reached), (None, false));
    // No target: no projection.
    o.teams.get_mut("T").unwrap().target_level = None;
    assert!(projection(&o, &o.teams["T"], d("2025-12-31")).is_none());
}

#[test]
fn history_has_a_point_per_quarter_and_marks_upgrades() {
    const REC: &[(usize, &str)] = &[(1, "2025-02-10"), (3, "2025-08-01")];
    let mut o = org(&[1], &[("T", &[E::R(REC)])]);
    o.upgrades.push(crate::model::CatalogUpgrade {
        date: d("2025-07-15"),
        label: "4.3.1".into(),
    });
    let h = history(&o, d("2025-11-15"), Period::Quarter);
    assert_eq!(h.labels, ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]);
    assert_eq!(h.dates.last(), Some(&d("2025-11-15")));
    assert_eq!(h.org, [Some(0.2), Some(0.2), Some(1.0), Some(1.0)]);
    assert_eq!(
        h.teams["T"].iter().map(|x| x.1).collect::<Vec<_>>(),
        [0, 0, 5, 5]
    );
    assert_eq!(h.upgrades, [(2, "4.3.1".to_string())]);
    let m = history(&o, d("2025-04-15"), Period::Month);
    assert_eq!(m.labels, ["2025-02", "2025-03", "2025-04"]);
}
