//! PDF tests. Debug typst is slow (~0.5-2 s per document): keep the number of compiled documents small.

use super::*;
use crate::model::Org;
use crate::score::Scores;
use crate::util::date::Date;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const TEAMS: &[&str] = &[
    "Payments",
    "Checkout",
    "Search",
    "Identity",
    "Mobile App",
    "Data Platform",
    "Billing",
    "Notifications",
    "Onboarding",
    "Risk Engine",
    "Web Shop",
    "Logistics",
    "Customer Care",
    "Analytics",
];
const GROUPS: &[&str] = &["Commerce", "Platform", "Mobile", "Data", "Corporate IT"];

fn as_of() -> Date {
    Date::parse("2026-03-31").unwrap()
}

/// Writes a project with `n` teams spread over the groups, with deterministic pseudo-random progress
/// over the built-in catalogue, and reads it back.
fn sample(n: usize, tag: &str) -> (Org, Scores) {
    let dir: PathBuf =
        std::env::temp_dir().join(format!("maturity-pdf-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("teams")).unwrap();
    let mut project = String::from("name: \"ACME Corp <Digital> & #Co\"\ngroups:\n");
    for (g, group) in GROUPS.iter().enumerate() {
        let members: Vec<String> = TEAMS[..n]
            .iter()
            .enumerate()
            .filter(|(i, _)| i % GROUPS.len() == g || (g == 1 && i % 4 == 0))
            .map(|(_, t)| format!("\"{t}\""))
            .collect();
        if !members.is_empty() {
            writeln!(project, "  {group}: [{}]", members.join(", ")).unwrap();
        }
    }
    std::fs::write(dir.join("maturity.yaml"), &project).unwrap();
    let (v, _) = crate::read_input(&dir, as_of()).unwrap();
    let cat = &v.org.catalog;
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 1000) as f64 / 1000.0
    };
    let states = ["Started", "Partly implemented", "Fully implemented"];
    // Level each team reaches in full; above it, adoption thins out.
    const REACHED: &[u8] = &[2, 1, 0, 1, 3, 2, 0, 1, 1, 2, 0, 1, 0, 2];
    for (i, team) in TEAMS[..n].iter().enumerate() {
        let reached = REACHED[i % REACHED.len()];
        let mut y = format!("name: \"{team}\"\n");
        if i % 3 == 0 {
            writeln!(y, "target_level: {}", reached + (i % 2) as u8).unwrap();
        }
        y.push_str("activities:\n");
        for a in &cat.activities {
            let r = rnd();
            let above = a.level.saturating_sub(reached) as i32;
            let state = match above {
                0 => Some(2),
                _ if r < 0.7 / f64::from(above * above) => Some(2),
                _ if r < 0.85 / f64::from(above) => Some((r * 10.0) as usize % 2),
                _ => None,
            };
            if let Some(s) = state {
                writeln!(
                    y,
                    "  {}:\n    {}: 2025-{:02}-{:02}",
                    a.uuid,
                    states[s],
                    1 + (i + a.level as usize) % 12,
                    1 + (i * 3) % 28
                )
                .unwrap();
                if s == 2 && rnd() < 0.3 {
                    writeln!(y, "    evidence:\n      - title: \"Pipeline run #{i}\"\n        description: \"See `ci.yml` and [the run](https://ci.example.com/{i}). #import \\\"x\\\" $x$ ]\"").unwrap();
                }
            } else if r > 0.97 {
                writeln!(
                    y,
                    "  {}:\n    not_applicable: No such systems in this team.",
                    a.uuid
                )
                .unwrap();
            }
        }
        std::fs::write(
            dir.join("teams")
                .join(format!("{}.yaml", team.to_lowercase().replace(' ', "-"))),
            y,
        )
        .unwrap();
    }
    let (v, _) = crate::read_input(&dir, as_of()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let scores = crate::score::score(&v.org, as_of());
    (v.org, scores)
}

#[test]
fn executive_pdf_is_reproducible() {
    let (org, scores) = sample(4, "exec");
    let ctx = ReportContext::new(&org, scores.as_of, None);
    let tpl = Kind::Executive.builtin();
    let t = std::time::Instant::now();
    let a = executive(&org, &scores, &ctx, tpl).unwrap_or_else(|e| panic!("{e}"));
    let elapsed = t.elapsed();
    let b = executive(&org, &scores, &ctx, tpl).unwrap();
    assert!(a.starts_with(b"%PDF"), "not a PDF");
    assert!(a == b, "two compiles differ");
    eprintln!("executive: {} bytes, {elapsed:?}", a.len());
}

#[test]
fn team_and_group_pdfs() {
    let (org, scores) = sample(4, "team");
    let ctx = ReportContext::new(&org, scores.as_of, None);
    let t = team(&org, &scores, &ctx, "Payments", Kind::Team.builtin())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(t.starts_with(b"%PDF"));
    let g = group(&org, &scores, &ctx, "Platform", Kind::Group.builtin())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(g.starts_with(b"%PDF"));
    let e = team(&org, &scores, &ctx, "Nobody", Kind::Team.builtin()).unwrap_err();
    assert!(e.to_string().contains("team `Nobody` not found"), "{e}");
    // Messages name the template the caller passes, e.g. a user's override.
    let broken = Template {
        name: "my-templates/pdf/group.typ",
        source: "#let data = json(\"/data.json\")\n#data.nope\n",
    };
    let e = group(&org, &scores, &ctx, "Platform", broken).unwrap_err();
    assert!(
        e.to_string().starts_with("my-templates/pdf/group.typ:2:"),
        "{e}"
    );
}

#[test]
fn template_errors_name_line_and_column() {
    let src = "#let data = json(\"/data.json\")\n= Title\n\n#text(data.meta.org)\n    #foo(1)\n";
    let e = compile(
        "templates/pdf/team.typ",
        src,
        br#"{"meta": {"org": "x"}}"#,
        &[],
        as_of(),
    )
    .unwrap_err();
    assert_eq!(e.diagnostics.len(), 1, "{e}");
    assert!(
        e.diagnostics[0].starts_with("templates/pdf/team.typ:5:6: error: unknown variable: foo"),
        "{e}"
    );

    let e = compile(
        "my.typ",
        "#import \"@preview/cetz:0.3.0\": canvas\nHello",
        b"{}",
        &[],
        as_of(),
    )
    .unwrap_err();
    assert!(
        e.to_string().starts_with("my.typ:1:9: error:") && e.to_string().contains("not available"),
        "{e}"
    );

    let e = compile(
        "my.typ",
        "#let d = json(\"/data.json\")",
        b"{\"a\": ",
        &[],
        as_of(),
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("my.typ:1:") || e.to_string().contains("data.json:1:"),
        "{e}"
    );

    let e = compile("my.typ", "#image(\"/etc/passwd\")", b"{}", &[], as_of()).unwrap_err();
    assert!(e.to_string().contains("not found"), "{e}");
}

#[test]
fn converted_markdown_is_valid_markup() {
    let hostile = [
        "#import \"x\": *",
        "$x$ and $$",
        "]] [[ ) (",
        "#let x = 1; #x",
        "{{ config }} {% raw %}",
        "<script>alert(1)</script>",
        "*a* **b** `c` [d](https://e.f/\"g\") [h](javascript:i)\n\n- j\n- k\n  1. l\n\n> m\n\n```\n#n\n```\n\n# o\n\n---\n\n![p](q.png) a\\\nb ~~c~~",
        "1. x\n2. y\n\n2025. z",
        "\\",
        "@x <y> // z /* w",
    ];
    let mut src = String::from(
        "#set text(font: \"DejaVu Sans\")\n#let d = json(\"/data.json\")\n#for m in d [#eval(m, mode: \"markup\")\n\n]\n",
    );
    src.push_str("#context if query(heading).len() > 0 or query(math.equation).len() > 0 { panic(\"markup leaked\") }\n");
    let data = serde_json::to_vec(
        &hostile
            .iter()
            .map(|m| markup::to_typst(m))
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let pdf = compile("markup.typ", &src, &data, &[], as_of()).unwrap_or_else(|e| panic!("{e}"));
    assert!(pdf.starts_with(b"%PDF"));
}

/// Writes sample reports for a visual check: `cargo test --lib render::pdf::tests::write_samples -- --ignored`.
#[test]
#[ignore]
fn write_samples() {
    let out = Path::new("/tmp/pdf");
    std::fs::create_dir_all(out).unwrap();
    let (org, scores) = sample(TEAMS.len(), "samples");
    let ctx = ReportContext::new(&org, scores.as_of, None);
    let t = std::time::Instant::now();
    let pdf =
        executive(&org, &scores, &ctx, Kind::Executive.builtin()).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("executive: {:?}", t.elapsed());
    std::fs::write(out.join("executive.pdf"), pdf).unwrap();
    for name in ["Payments", "Search"] {
        let t = std::time::Instant::now();
        let pdf =
            team(&org, &scores, &ctx, name, Kind::Team.builtin()).unwrap_or_else(|e| panic!("{e}"));
        eprintln!("team {name}: {:?}", t.elapsed());
        std::fs::write(out.join(format!("team-{name}.pdf")), pdf).unwrap();
    }
    let t = std::time::Instant::now();
    let pdf = group(&org, &scores, &ctx, "Platform", Kind::Group.builtin())
        .unwrap_or_else(|e| panic!("{e}"));
    eprintln!("group: {:?}", t.elapsed());
    std::fs::write(out.join("group-Platform.pdf"), pdf).unwrap();

    // The example project, when present.
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    if examples.join("maturity.yaml").exists() {
        let as_of = Date::parse("2026-09-30").unwrap();
        let (v, _) = crate::read_input(&examples, as_of).unwrap();
        let scores = crate::score::score(&v.org, as_of);
        let ctx = ReportContext::new(&v.org, as_of, None);
        let pdf = executive(&v.org, &scores, &ctx, Kind::Executive.builtin())
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(out.join("examples-executive.pdf"), pdf).unwrap();
        let name = &scores.teams[0].name;
        let pdf = team(&v.org, &scores, &ctx, name, Kind::Team.builtin())
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(out.join("examples-team.pdf"), pdf).unwrap();
        let name = &scores.groups[0].name;
        let pdf = group(&v.org, &scores, &ctx, name, Kind::Group.builtin())
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(out.join("examples-group.pdf"), pdf).unwrap();
    }
}

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
