//! PDF tests. Debug typst is slow (~0.5-2 s per document): keep the number of compiled documents small.

use super::*;
use crate::model::Org;
use crate::score::Scores;
use crate::util::date::Date;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

mod data;

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
