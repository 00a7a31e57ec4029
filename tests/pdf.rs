//! Drives the real `maturity` binary's PDF output over `examples/`: `build --only pdf --team-pdfs none`
//! (executive summary and one report per group), twice, plus `maturity pdf --report team`. The text of
//! the PDFs is checked with `pdftotext` and every page is rendered with `pdftoppm` (poppler-utils, which
//! .ci/run installs; without it these checks are skipped with a message, unless `CI` is set).
//!
//! Debug typst is slow (~1.5 s per report): this file compiles 13 real reports in all, shared by the
//! tests through [`built`].

mod common;

use common::{bin, output as run, pct, tmp as scratch};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The fixed "today" of every test run: 2026-10-01.
const AS_OF: &str = "2026-10-01";
/// The start of the previous quarter: the default `--since`.
const SINCE: &str = "2026-07-01";

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

fn ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what}: exit {:?}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Two builds of the examples (PDFs only, no team PDFs) and Checkout's team report.
struct Built {
    first: PathBuf,
    second: PathBuf,
    team: PathBuf,
    scores: Value,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = scratch("built");
        let ex = examples();
        let mut outs = Vec::new();
        // The second build renders its PDFs on one thread instead of one per core (at least two), so
        // equal bytes also prove the bytes do not depend on how documents are spread over threads.
        for n in ["first", "second"] {
            let out = dir.join(n);
            let threads = if n == "second" { "1" } else { "2" };
            let o = bin()
                .env("MATURITY_PDF_THREADS", threads)
                .args([
                    "build",
                    ex.to_str().unwrap(),
                    "--out",
                    out.to_str().unwrap(),
                    "--only",
                    "pdf",
                    "--team-pdfs",
                    "none",
                ])
                .output()
                .unwrap();
            ok(&o, "build");
            // stderr is not a terminal: plain progress lines, with the count of PDFs at the end.
            let log = String::from_utf8_lossy(&o.stderr);
            assert!(
                log.lines().any(|l| l == "rendering PDF reports: 6/6"),
                "no count line in:\n{log}"
            );
            outs.push(out);
        }
        let team = dir.join("checkout.pdf");
        let o = run(&[
            "pdf",
            ex.to_str().unwrap(),
            "--report",
            "team",
            "--name",
            "Checkout",
            "--out",
            team.to_str().unwrap(),
        ]);
        ok(&o, "pdf --report team");
        let scores = serde_json::from_slice(&std::fs::read(outs[0].join("scores.json")).unwrap())
            .expect("scores.json");
        let second = outs.pop().unwrap();
        Built {
            first: outs.pop().unwrap(),
            second,
            team,
            scores,
        }
    })
}

/// The PDFs of a build, sorted by path relative to the output folder.
fn pdfs(out: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, acc: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, acc);
            } else if p.extension().is_some_and(|x| x == "pdf") {
                acc.push(p);
            }
        }
    }
    let mut acc = Vec::new();
    walk(out, &mut acc);
    acc.sort();
    acc
}

/// Whether poppler's tools are installed; fails when they are missing on CI.
fn poppler() -> bool {
    let found = Command::new("pdftotext").arg("-v").output().is_ok()
        && Command::new("pdftoppm").arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext/pdftoppm (poppler-utils) are required on CI: .ci/run installs them"
        );
        eprintln!("skipping: pdftotext/pdftoppm not found (install poppler-utils)");
    }
    found
}

/// The text of a PDF, laid out (`pdftotext -layout`) so table rows stay on one line.
fn text(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("run pdftotext");
    assert!(o.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8(o.stdout).unwrap()
}

/// The first line of `text` that starts with `name` (after indentation).
fn line<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    text.lines().find(|l| l.trim_start().starts_with(name))
}

/// The first table row of `text` whose first cell is exactly `name`.
fn row<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    text.lines().find(|l| {
        l.trim_start()
            .strip_prefix(name)
            .is_some_and(|rest| rest.starts_with("  "))
    })
}

#[test]
fn build_writes_the_executive_summary_and_one_report_per_group() {
    let b = built();
    let names: Vec<String> = pdfs(&b.first)
        .iter()
        .map(|p| p.strip_prefix(&b.first).unwrap().display().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "reports/executive-summary.pdf",
            "reports/groups/cloud-native.pdf",
            "reports/groups/data-analytics.pdf",
            "reports/groups/internal-it.pdf",
            "reports/groups/payments.pdf",
            "reports/groups/retail-platform.pdf",
        ]
    );
    assert!(!b.first.join("reports/teams").exists(), "--team-pdfs none");
}

#[test]
fn two_builds_give_byte_identical_pdfs() {
    let b = built();
    let (x, y) = (pdfs(&b.first), pdfs(&b.second));
    assert_eq!(x.len(), y.len());
    for (a, c) in x.iter().zip(&y) {
        let (ba, bc) = (std::fs::read(a).unwrap(), std::fs::read(c).unwrap());
        assert!(ba.starts_with(b"%PDF"), "{} is not a PDF", a.display());
        assert!(ba == bc, "{} differs between two builds", a.display());
    }
}

#[test]
fn executive_summary_shows_the_scores() {
    if !poppler() {
        return;
    }
    let b = built();
    let s = &b.scores;
    let t = text(&b.first.join("reports/executive-summary.pdf"));
    assert!(t.contains("Northwind Retail Group"), "{t}");
    assert!(t.contains(&format!("As of {AS_OF}")), "{t}");
    // "Teams per level, then and now" names the levels with their counts, not by colour alone.
    assert!(
        (0..=5).any(|l| t.contains(&format!("level {l}: "))),
        "level counts missing:\n{t}"
    );
    // Headline completion and the number of teams.
    let org = pct(&s["org"]["completion"]);
    let teams = s["teams"].as_array().unwrap();
    assert!(
        line(&t, &org).is_some_and(|l| l.contains(&format!("of {}", teams.len()))),
        "headline {org} missing:\n{t}"
    );
    // Every team in the "All teams" table, with its completion on its row (long names may wrap).
    let mut rows = 0;
    for team in teams {
        let name = team["name"].as_str().unwrap();
        assert!(t.contains(name.split(' ').next().unwrap()), "{name}");
        if let Some(l) = t.lines().rev().find(|l| l.trim_start().starts_with(name)) {
            let want = pct(&team["completion"]);
            assert!(l.trim_end().ends_with(&want), "{name}: {want} not on `{l}`");
            rows += 1;
        }
    }
    assert!(rows >= 12, "only {rows} team rows found");
    // The history sections.
    assert!(t.contains("Progress over time"), "{t}");
    assert!(t.contains(&format!("What changed since {SINCE}")), "{t}");
    assert!(t.contains("Top improvers"), "{t}");
    assert!(t.contains("Regressions"), "{t}");
    assert!(t.contains("with a target level"), "{t}");
    for g in s["groups"].as_array().unwrap() {
        assert!(t.contains(g["name"].as_str().unwrap()), "{g}");
    }
}

#[test]
fn group_reports_show_their_teams_and_completion() {
    if !poppler() {
        return;
    }
    let b = built();
    let g = b.scores["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "Payments")
        .unwrap();
    let t = text(&b.first.join("reports/groups/payments.pdf"));
    assert!(
        t.contains("Northwind Retail Group") && t.contains(AS_OF),
        "{t}"
    );
    assert!(
        line(&t, &pct(&g["completion"])).is_some(),
        "group completion {} missing:\n{t}",
        pct(&g["completion"])
    );
    for m in g["teams"].as_array().unwrap() {
        assert!(t.contains(m.as_str().unwrap()), "{m} missing");
    }
    assert!(
        t.contains("Progress over time") && t.contains("Biggest gaps"),
        "{t}"
    );
}

#[test]
fn team_report_lists_the_checklist() {
    if !poppler() {
        return;
    }
    let b = built();
    let t = text(&b.team);
    assert!(
        t.contains("Checkout") && t.contains("Northwind Retail Group"),
        "{t}"
    );
    assert!(t.contains(&format!("As of {AS_OF}")), "{t}");
    assert!(
        t.contains("Progress over time") && t.contains("Next steps"),
        "{t}"
    );
    assert!(t.contains("Target level 2:"), "{t}");
    let checklist = &t[t.find("Checklist by level").expect("checklist")..];
    // Checkout is at level 1 with target level 2: level 2 is listed in full, the others in one line each.
    assert!(
        line(checklist, "Level 1: all ")
            .is_some_and(|l| l.contains("applicable activities fully implemented")),
        "{checklist}"
    );
    assert!(
        line(checklist, "Levels 3-5:").is_some_and(|l| l.contains("applicable activities started")),
        "{checklist}"
    );
    let cat = run(&["catalog", "list", "--format", "json"]);
    let cat: Value = serde_json::from_slice(&cat.stdout).unwrap();
    let acts: std::collections::HashMap<&str, (&str, u64)> = cat["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let name = a["name"].as_str().unwrap();
            (
                a["uuid"].as_str().unwrap(),
                (name, a["level"].as_u64().unwrap()),
            )
        })
        .collect();
    let team = common::team(&b.scores, "Checkout");
    // Level 2 activities in progress are rows with their state; fully implemented ones are listed by
    // name with their date; level 1 and levels 3-5 are not listed.
    let (mut rows, mut done, mut states) = (0, 0, std::collections::BTreeSet::new());
    for (uuid, a) in team["activities"].as_object().unwrap() {
        let (name, level) = acts[uuid.as_str()];
        let state = a["state"].as_str().unwrap();
        let value = a["value"].as_f64().unwrap_or(0.0);
        if level != 2 {
            if level == 1 && name.len() > 24 {
                assert!(!checklist.contains(name), "level 1 `{name}` is listed");
            }
            continue;
        }
        if value >= 1.0 {
            // Three columns: longer names wrap, and pdftotext interleaves the wrapped lines.
            if let Some(since) = a["since"].as_str().filter(|_| name.len() < 24) {
                let want = format!("{name} since {since}");
                assert!(checklist.contains(&want), "`{want}` missing:\n{checklist}");
                done += 1;
            }
        } else if value > 0.0
            && let Some(l) = row(checklist, name)
        {
            assert!(l.contains(state), "{name}: {state} not on `{l}`");
            rows += 1;
            states.insert(state);
        }
    }
    assert!(
        rows >= 2 && done >= 5,
        "{rows} rows in progress, {done} done found"
    );
    assert!(states.len() >= 2, "states seen: {states:?}");
}

/// A team with no record up to the as-of date gets a short report: a notice, where to start, no figures.
#[test]
fn a_team_that_has_not_assessed_gets_a_notice_and_where_to_start() {
    if !poppler() {
        return;
    }
    let out = scratch("not-assessed").join("checkout.pdf");
    let o = run(&[
        "pdf",
        examples().to_str().unwrap(),
        "--report",
        "team",
        "--name",
        "Checkout",
        "--as-of",
        "2020-01-01",
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&o, "pdf --as-of 2020-01-01");
    let t = text(&out);
    assert!(
        t.contains("Not assessed") && t.contains("has recorded nothing on or before 2020-01-01"),
        "{t}"
    );
    assert!(
        t.contains("teams/checkout.yaml"),
        "names the team's file: {t}"
    );
    assert!(
        t.contains("Next steps") && t.contains("Checklist by level"),
        "{t}"
    );
    // No figures: no rank, no dimension table, no trend.
    for absent in [
        "Rank",
        "Maturity per dimension",
        "Progress over time",
        "Subdimensions",
    ] {
        assert!(!t.contains(absent), "`{absent}` in {t}");
    }
    let pages = t.matches('\u{c}').count();
    assert!(pages <= 3, "{pages} pages");
}

#[test]
fn every_page_renders() {
    if !poppler() {
        return;
    }
    let b = built();
    let dir = scratch("pages");
    let mut files = pdfs(&b.first);
    files.push(b.team.clone());
    for (i, pdf) in files.iter().enumerate() {
        let info = Command::new("pdfinfo")
            .arg(pdf)
            .output()
            .expect("run pdfinfo");
        let pages: usize = String::from_utf8_lossy(&info.stdout)
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no page count for {}", pdf.display()));
        let prefix = dir.join(format!("p{i}"));
        let o = Command::new("pdftoppm")
            .args(["-r", "30", "-png"])
            .arg(pdf)
            .arg(&prefix)
            .output()
            .expect("run pdftoppm");
        // poppler 22 complains about typst's (valid) `/Suspects false`; anything else is an error.
        let stderr = String::from_utf8_lossy(&o.stderr);
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| !l.contains("Suspects object is wrong type"))
            .collect();
        assert!(
            o.status.success() && errors.is_empty(),
            "{}: {errors:?}",
            pdf.display()
        );
        let pngs = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                let n = e.as_ref().unwrap().file_name();
                let n = n.to_string_lossy();
                n.starts_with(&format!("p{i}-")) && n.ends_with(".png")
            })
            .count();
        assert_eq!(pngs, pages, "{}", pdf.display());
        let name = pdf.file_name().unwrap().to_string_lossy();
        // The executive summary: its first page does the 60-second job, five pages at most. The team
        // report keeps pages 1-3 and a short checklist (issue 14: 4-5 pages).
        let want = if name == "executive-summary.pdf" {
            2..=5
        } else if name == "checkout.pdf" {
            3..=6
        } else {
            1..=12
        };
        assert!(want.contains(&pages), "{name}: {pages} pages");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_broken_user_template_exits_2_with_its_position() {
    let dir = scratch("template");
    let templates = dir.join("my-templates");
    std::fs::create_dir_all(templates.join("pdf")).unwrap();
    std::fs::write(
        templates.join("pdf/executive.typ"),
        "#let data = json(\"/data.json\")\n= #data.meta.org\n\n  #undefined-thing(1)\n",
    )
    .unwrap();
    let out = dir.join("x.pdf");
    let o = run(&[
        "pdf",
        examples().to_str().unwrap(),
        "--report",
        "executive",
        "--templates",
        templates.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    let want = format!(
        "{}:4:4: error: unknown variable",
        templates.join("pdf/executive.typ").display()
    );
    assert!(stderr.contains(&want), "want `{want}` in:\n{stderr}");
    assert!(!out.exists(), "a PDF was written");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn pdf_command_reports_unknown_names_and_input_errors() {
    let dir = scratch("errors");
    let out = dir.join("x.pdf");
    let ex = examples();
    let o = run(&[
        "pdf",
        ex.to_str().unwrap(),
        "--report",
        "group",
        "--name",
        "Nobody",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("no group named `Nobody`") && stderr.contains("`Payments`"),
        "{stderr}"
    );
    let o = run(&[
        "pdf",
        ex.to_str().unwrap(),
        "--report",
        "team",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--name"));

    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad-input");
    let o = run(&[
        "pdf",
        bad.to_str().unwrap(),
        "--report",
        "executive",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error["), "{stderr}");
    assert!(!out.exists(), "a PDF was written");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_executive_summary_lists_every_policy_with_its_status() {
    if !poppler() {
        return;
    }
    let dir = scratch("policies");
    let pdf = dir.join("executive.pdf");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policies");
    let out = run(&[
        "pdf",
        fixture.to_str().unwrap(),
        "--report",
        "executive",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    ok(&out, "pdf --report executive");
    let t = text(&pdf);
    for want in [
        "Policies",
        "PASSED",
        "FAILED",
        "UPCOMING",
        "Retail reaches level 1",
        "2 of 2 fail",
    ] {
        assert!(t.contains(want), "`{want}` missing:\n{t}");
    }
    assert!(t.contains("1 of 1 would fail"), "{t}");
}
