//! The site as its readers use it (issue 14): pre-sorted and paginated views without JavaScript, the
//! full "missing" lists, phones (390 px), wide tables at 1,280 px, axe-core, the script (sorting,
//! filters, search) and A4 printing, in headless Chromium. Chromium, Node and the npm packages of
//! tests/browser/ are required on CI (`.ci/run` installs them); elsewhere a missing one skips the test.

mod common;

use common::{EPOCH, root, tmp_path as tmp};
use std::path::{Path, PathBuf};
use std::process::Command;

fn maturity(args: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_maturity"))
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(args)
        .output()
        .expect("run maturity");
    assert!(
        o.status.success(),
        "maturity {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn build(input: &Path, out: &Path) {
    maturity(&[
        "build",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2026-09-30",
        "--only",
        "site",
        "-q",
    ]);
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A tool the test needs, or `None` (skip) when it is missing outside CI.
fn need(what: &str, found: Option<PathBuf>) -> Option<PathBuf> {
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{what} is required in CI (.ci/run installs it)"
        );
        eprintln!("skipping: {what} not found");
    }
    found
}

fn chromium() -> Option<PathBuf> {
    need(
        "chromium",
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
            .into_iter()
            .map(PathBuf::from)
            .find(|p| p.exists()),
    )
}

/// `node` with the packages of tests/browser/ installed (`npm ci --prefix tests/browser`).
fn node() -> Option<PathBuf> {
    let modules = root().join("tests/browser/node_modules");
    need(
        "node with tests/browser/node_modules (npm ci --prefix tests/browser)",
        (modules.join("axe-core").is_dir() && modules.join("puppeteer-core").is_dir())
            .then(|| PathBuf::from("node")),
    )
}

fn check(node: &Path, chromium: &Path, site: &Path, mode: &str, pages: &[String]) {
    let o = Command::new(node)
        .arg(root().join("tests/browser/check.js"))
        .arg(chromium)
        .arg(site)
        .arg(mode)
        .args(pages)
        .output()
        .expect("run node");
    assert!(
        o.status.success(),
        "{mode} check failed:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// One page of every kind in a built site.
fn page_kinds(site: &Path, team: &str, group: &str) -> Vec<String> {
    let first = |dir: &str| {
        let mut names: Vec<String> = std::fs::read_dir(site.join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".html") && n != "index.html")
            .collect();
        names.sort();
        format!("{dir}/{}", names[0])
    };
    let mut pages: Vec<String> = [
        "index.html",
        "teams/index.html",
        "teams/views/by-group.html",
        "groups/index.html",
        "levels/1.html",
        "dimensions/index.html",
        "activities/index.html",
        "changes/index.html",
        "compliance/index.html",
        "data/index.html",
        "search/index.html",
        "reports/index.html",
    ]
    .map(String::from)
    .to_vec();
    pages.push(format!("teams/{team}.html"));
    pages.push(format!("groups/{group}.html"));
    for dir in ["activities", "dimensions", "subdimensions"] {
        pages.push(first(dir));
    }
    // The Scorecard trend chart (with `scorecard:` in maturity.yaml).
    if site.join("evidence/index.html").is_file() {
        pages.push("evidence/index.html".into());
    }
    pages
}

#[test]
fn phones_wide_tables_axe_and_script_in_chromium() {
    let (Some(chromium), Some(node)) = (chromium(), node()) else {
        return;
    };
    let ex = tmp("examples");
    build(&root().join("examples"), &ex);
    check(
        &node,
        &chromium,
        &ex,
        "layout",
        &page_kinds(&ex, "checkout", "payments"),
    );
    check(
        &node,
        &chromium,
        &ex,
        "axe",
        &[
            "index.html",
            "teams/checkout.html",
            "levels/1.html",
            "changes/index.html",
            "teams/index.html",
            "groups/payments.html",
            "search/index.html",
        ]
        .map(String::from),
    );
    check(&node, &chromium, &ex, "js", &[]);
    // Unbreakable 85-character names wrap: nothing is wider than the page at 390 or 1,280 px.
    let long = tmp("long");
    build(&root().join("tests/fixtures/long-names"), &long);
    let team = "platform-engineering-and-developer-productivity-enablement-t";
    let group = std::fs::read_dir(long.join("groups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .find(|n| n != "index.html" && n != "views")
        .unwrap();
    let mut pages = page_kinds(&long, team, group.trim_end_matches(".html"));
    pages.retain(|p| !p.starts_with("changes") && !p.starts_with("reports"));
    check(&node, &chromium, &long, "layout", &pages);
    let _ = std::fs::remove_dir_all(&ex);
    let _ = std::fs::remove_dir_all(&long);
}

/// Rows of the first data table of a page: the text of each row's cells (tags stripped).
fn rows(html: &str) -> Vec<Vec<String>> {
    let body = &html[html.find("<tbody>").expect("a table")..];
    let body = &body[..body.find("</tbody>").unwrap()];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|c| {
                    let c = &c[c.find('>').unwrap() + 1..];
                    let mut text = String::new();
                    let mut tag = false;
                    for ch in c.split("</td>").next().unwrap().chars() {
                        match ch {
                            '<' => tag = true,
                            '>' => tag = false,
                            c if !tag => text.push(c),
                            _ => {}
                        }
                    }
                    text.trim().to_string()
                })
                .collect()
        })
        .collect()
}

#[test]
fn large_organisations_are_browsable_without_javascript() {
    let data = tmp("bench-data");
    maturity(&["bench-data", "600", "--out", data.to_str().unwrap()]);
    let site = tmp("bench-site");
    build(&data, &site);
    // Pre-sorted views, 500 teams a page, each page linking every other.
    for (view, pages) in [("by-level", 2), ("by-completion", 2), ("by-group", 2)] {
        for n in 1..=pages {
            let name = if n == 1 {
                format!("teams/views/{view}.html")
            } else {
                format!("teams/views/{view}-{n}.html")
            };
            let html = read(&site.join(&name));
            assert!(
                html.contains("aria-label=\"Pages\""),
                "{name}: no page links"
            );
        }
    }
    assert!(site.join("teams/views/by-name-2.html").is_file());
    let level = read(&site.join("teams/views/by-level.html"));
    // Lowest level first; teams not assessed (no level, `–`) come last.
    let levels: Vec<String> = rows(&level)
        .iter()
        .map(|r| r[1].replace('\u{2013}', "9"))
        .collect();
    assert_eq!(levels.len(), 500);
    assert!(
        levels.windows(2).all(|w| w[0] <= w[1]),
        "by-level not sorted: {levels:?}"
    );
    let done = read(&site.join("teams/views/by-completion.html"));
    let pct: Vec<f64> = rows(&done)
        .iter()
        .map(|r| r[3].trim_end_matches(" %").parse().unwrap_or(1000.0))
        .collect();
    assert!(
        pct.windows(2).all(|w| w[0] <= w[1]),
        "by-completion: {pct:?}"
    );
    let groups = read(&site.join("groups/views/by-completion.html"));
    let g: Vec<f64> = rows(&groups)
        .iter()
        .map(|r| r[2].trim_end_matches(" %").parse().unwrap_or(1000.0))
        .collect();
    assert!(
        g.windows(2).all(|w| w[0] <= w[1]),
        "groups by completion: {g:?}"
    );
    // Every "and N more" links to the activity page, which names every team: linked for a state above
    // 0, plain names for the teams that have not started it.
    let l1 = read(&site.join("levels/1.html"));
    let more = l1
        .find("#teams-by-state\">and ")
        .expect("an `and N more` link");
    let href_start = l1[..more].rfind("href=\"").unwrap() + 6;
    let href = &l1[href_start..more];
    let activity = read(&site.join("levels").join(href));
    let scores: serde_json::Value = serde_json::from_str(&read(&site.join("scores.json"))).unwrap();
    let uuid = Path::new(href).file_stem().unwrap().to_str().unwrap();
    let done_teams = scores["teams"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["activities"][uuid]["value"].as_f64() == Some(1.0))
        .count();
    let by_state = &activity[activity.find("id=\"teams-by-state\"").unwrap()..];
    let by_state = &by_state[..by_state.find("</div>").unwrap()];
    // Team links are relative to the page's `<base href="../teams/">`.
    assert!(activity.contains("<base href=\"../teams/\">"));
    let listed = by_state.matches("<a href=\"").count();
    let na = activity.matches("</a>: ").count();
    // Plain names are list items without a link (the not-applicable list links its teams).
    let not_started = by_state.matches("<li>").count() - by_state.matches("<li><a").count();
    assert!(not_started > 0, "no names of the teams not started");
    assert_eq!(
        listed + not_started,
        600,
        "activity page must name every team (by state, or not applicable)"
    );
    assert!(na < 600);
    assert!(done_teams < 600);
    // Group pages list each member's open activities up to the level it works on next.
    let group = std::fs::read_dir(site.join("groups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "html") && !p.ends_with("index.html"))
        .unwrap();
    let g = read(&group);
    assert!(g.contains("Open activities per team") && g.contains("working on level"));
    // What changed: 100 teams a page, every page linked from the first.
    let changes = read(&site.join("changes/index.html"));
    let linked: Vec<&str> = changes
        .split("href=\"page-")
        .skip(1)
        .map(|h| &h[..h.find('"').unwrap()])
        .collect();
    let mut sections = changes.matches("<section class=\"card\">").count();
    for n in linked {
        let page = read(&site.join(format!("changes/page-{n}")));
        assert!(
            page.matches("<section class=\"card\">").count() <= 100,
            "page-{n}"
        );
        sections += page.matches("<section class=\"card\">").count();
    }
    let with_changes = &changes[changes.find("<p class=\"lead\">").unwrap()..];
    let with_changes: usize = with_changes[with_changes.find(": ").unwrap() + 2..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        sections, with_changes,
        "every team with changes on one of the pages"
    );
    // Every HTML page stays under 1 MB.
    let mut stack = vec![site.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                let n = std::fs::metadata(&p).unwrap().len();
                assert!(n < 1_000_000, "{}: {n} bytes", p.display());
            }
        }
    }
    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_dir_all(&site);
}

#[test]
fn team_page_opens_its_next_level_and_links_its_pdf() {
    let site = tmp("next-level");
    build(&root().join("examples"), &site);
    let scores: serde_json::Value = serde_json::from_str(&read(&site.join("scores.json"))).unwrap();
    for t in scores["teams"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        if name != "Checkout" && name != "Payments Core" {
            continue;
        }
        let slug = name.to_lowercase().replace(' ', "-");
        let html = read(&site.join(format!("teams/{slug}.html")));
        let next = t["level"].as_u64().map_or(1, |l| (l + 1).min(5));
        let open: Vec<&str> = html
            .match_indices("<details class=\"level-block\" open>")
            .map(|(i, _)| &html[i..i + 120])
            .collect();
        assert_eq!(open.len(), 1, "{name}: one level open");
        assert!(
            open[0].contains(&format!("Level {next} ")),
            "{name}: level {next} should be open: {}",
            open[0]
        );
        assert!(html.contains("in progress"), "{name}: in progress count");
    }
    let _ = std::fs::remove_dir_all(&site);
    // With PDFs built, the overview links the executive summary and each page its own report.
    let out = tmp("with-pdfs");
    let fixture = root().join("tests/fixtures/native-ok");
    maturity(&[
        "build",
        fixture.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2026-09-30",
        "--team-pdfs",
        "all",
        "-q",
    ]);
    for (page, pdf) in [
        ("index.html", "href=\"reports/executive-summary.pdf\""),
        (
            "teams/payments.html",
            "href=\"../reports/teams/payments.pdf\"",
        ),
        ("groups/alpha.html", "href=\"../reports/groups/alpha.pdf\""),
    ] {
        assert!(read(&out.join(page)).contains(pdf), "{page}: no link {pdf}");
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// pdftotext of a page printed by Chromium on A4.
fn print(chromium: &Path, page: &Path, pdf: &Path) -> String {
    let profile = tmp("print-profile");
    let o = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(pdf.is_file(), "{}", String::from_utf8_lossy(&o.stderr));
    let t = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let _ = std::fs::remove_dir_all(&profile);
    String::from_utf8_lossy(&t.stdout).to_string()
}

#[test]
fn pages_print_complete_on_a4() {
    let Some(chromium) = chromium() else {
        return;
    };
    let site = tmp("print");
    build(&root().join("examples"), &site);
    let pdf = site.join("team.pdf");
    let text = print(&chromium, &site.join("teams/checkout.html"), &pdf);
    // Words hyphenated at a line end ("Spec-" / "driven") are joined again.
    let flat = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("- ", "-");
    for l in 1..=5 {
        assert!(
            flat.contains(&format!("Level {l} ")),
            "level {l} not printed"
        );
    }
    assert!(flat.contains("Evidence"), "evidence column clipped");
    // Every activity of the checklist is printed, levels 2-5 included (closed <details> on screen).
    let scores: serde_json::Value = serde_json::from_str(&read(&site.join("scores.json"))).unwrap();
    let checkout = common::team(&scores, "Checkout");
    let html = read(&site.join("teams/checkout.html"));
    let checklist = &html[html.find("Checklist by level").unwrap()..];
    let mut names: Vec<String> = checklist
        .split("<tr><td><a href=\"")
        .skip(1)
        .map(|cell| cell[cell.find('>').unwrap() + 1..cell.find("</a>").unwrap()].to_string())
        .collect();
    // Up to the level the team works on next, what it has not started is named (linked to the activity
    // pages); above it, counted.
    let mut counted = 0;
    for p in checklist.split("<p class=\"not-started\"><strong>").skip(1) {
        if let Some(n) = p.strip_prefix("Not started:</strong> ") {
            counted += n[..n.find(' ').unwrap()].parse::<usize>().unwrap();
            continue;
        }
        let list =
            &p[p.find("</strong> ").unwrap() + 10..p.find(". <a href=\"../levels/").unwrap()];
        names.extend(list.split(" · ").map(|n| {
            assert!(n.starts_with("<a "), "{n}");
            n[n.find("\">").unwrap() + 2..n.len() - "</a>".len()].to_string()
        }));
    }
    assert!(counted > 0, "levels above the next one are counted");
    assert_eq!(
        (names.len() + counted) as u64,
        scores["catalog"]["activities"].as_u64().unwrap(),
        "the checklist accounts for every activity"
    );
    for name in &names {
        // The first word: pdftotext -layout interleaves the lines of neighbouring cells.
        let first = name.split_whitespace().next().unwrap();
        assert!(flat.contains(first), "`{name}` not printed");
    }
    assert!(checkout["level"].is_number());
    // A4 portrait: 595 x 842 pt.
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("(A4)"), "{info}");
    // No page ends with a heading (its content on the next page).
    for page in ["teams/checkout.html", "index.html"] {
        let html = read(&site.join(page));
        let headings: Vec<String> = html
            .split("<h2")
            .skip(1)
            .map(|h| {
                let h = &h[h.find('>').unwrap() + 1..h.find("</h2>").unwrap()];
                h.split('<').next().unwrap().trim().to_string()
            })
            .filter(|h| !h.is_empty())
            .collect();
        let text = print(&chromium, &site.join(page), &site.join("p.pdf"));
        for (n, p) in text.split('\u{c}').enumerate() {
            let last = p.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
            assert!(
                !headings.iter().any(|h| last.trim() == h),
                "{page}: page {} ends with heading `{}`",
                n + 1,
                last.trim()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&site);
}
