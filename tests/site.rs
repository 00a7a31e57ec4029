//! The static site built by the real binary: every internal link resolves, output is deterministic,
//! hostile names and text are neutralised, failed builds keep the previous site, pages render in Chromium.

mod common;

use common::{EPOCH, root, tmp_path as tmp};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

fn build(input: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_maturity"))
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .arg("build")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(["--as-of", "2026-09-30", "--only", "site"])
        .args(extra)
        .output()
        .expect("run maturity")
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_string_lossy().to_string(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

/// Every `href="..."` and `src="..."` value in an HTML text.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
            }
        }
    }
    out
}

#[test]
fn example_site_links_resolve_and_builds_are_byte_identical() {
    let (a, b) = (tmp("a"), tmp("b"));
    for out in [&a, &b] {
        let o = build(&root().join("examples"), out, &[]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let fa = files(&a);
    assert_eq!(fa, files(&b), "two builds of the same input differ");
    assert!(fa.len() > 200, "only {} files", fa.len());
    for must in [
        "index.html",
        "style.css",
        "scores.json",
        "ledger.json",
        "exports/team-activity-states.csv",
        "exports/team-dimensions.csv",
        "levels/1.html",
        "levels/5.html",
        "compliance/index.html",
        "data/index.html",
        "teams/checkout.html",
    ] {
        assert!(fa.contains_key(must), "missing {must}");
    }
    let mut broken = Vec::new();
    let mut checked = 0;
    for (rel, bytes) in &fa {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).unwrap();
        // A page with a `<base href>` (team pages: their activity links are `<uuid>.html`) resolves its
        // links from there, and a bare `#fragment` would leave the page.
        let base = html.find("<base href=\"").map(|i| {
            let v = &html[i + "<base href=\"".len()..];
            v[..v.find('"').unwrap()].to_string()
        });
        let dir = Path::new(rel)
            .parent()
            .unwrap()
            .join(base.as_deref().unwrap_or(""));
        for l in links(&html) {
            if base.as_ref() == Some(&l) {
                continue;
            }
            if l.starts_with('#') && base.is_some() {
                broken.push(format!("{rel} -> {l} (under its <base>)"));
            }
            if l.starts_with("http://")
                || l.starts_with("https://")
                || l.starts_with("mailto:")
                || l.starts_with('#')
            {
                continue;
            }
            let target = l.split('#').next().unwrap();
            let resolved = a.join(&dir).join(target);
            checked += 1;
            if !resolved.is_file() {
                broken.push(format!("{rel} -> {l}"));
            }
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    // The exported JSON is the score contract.
    let v: serde_json::Value = serde_json::from_slice(&fa["scores.json"]).unwrap();
    assert_eq!(v["as_of"], "2026-09-30");
    assert_eq!(v["org"]["teams"], 17);
    let ledger: serde_json::Value = serde_json::from_slice(&fa["ledger.json"]).unwrap();
    for (file, row) in ledger.as_object().unwrap() {
        assert_eq!(
            row["read"].as_u64().unwrap(),
            row["used"].as_u64().unwrap() + row["rejected"].as_u64().unwrap(),
            "{file}"
        );
    }
    std::fs::remove_dir_all(&a).unwrap();
    std::fs::remove_dir_all(&b).unwrap();
}

#[test]
fn hostile_names_and_text_are_shown_as_text() {
    let out = tmp("hostile");
    let o = build(&root().join("tests/fixtures/hostile"), &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let all = files(&out);
    let teams: Vec<&String> = all
        .keys()
        .filter(|k| k.starts_with("teams/") && !k.starts_with("teams/views/"))
        .collect();
    assert_eq!(teams.len(), 7, "{teams:?}"); // six teams (two differ only in case) + index
    for (rel, bytes) in &all {
        assert!(
            rel.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)),
            "unsafe file name {rel}"
        );
        if !rel.ends_with(".html") {
            continue;
        }
        // The site's own scripts (site.js on every page, the index on the search page) are the only ones.
        let mut html = String::from_utf8_lossy(bytes).to_lowercase();
        for own in ["site.js\" defer></script>", "search-index.js\"></script>"] {
            if let Some(end) = html.find(own) {
                let start = html[..end].rfind("<script src=\"").unwrap();
                let src = &html[start + "<script src=\"".len()..end];
                assert!(src.chars().all(|c| c == '.' || c == '/'), "{rel}: {src}");
                html.replace_range(start..end + own.len(), "");
            }
        }
        // The site's own chart layers (`charts/<hash>.svg`) are the only images.
        while let Some(start) = html.find("<img src=\"../charts/") {
            let end = start + html[start..].find('>').unwrap() + 1;
            let src = &html[start + "<img src=\"../charts/".len()..end];
            assert!(
                src.strip_suffix(".svg\" alt=\"\">")
                    .is_some_and(|h| h.chars().all(|c| c.is_ascii_hexdigit())),
                "{rel}: {src}"
            );
            html.replace_range(start..end, "");
        }
        for bad in ["<script", "<iframe", "<img", "href=\"javascript", "<b>bold"] {
            assert!(!html.contains(bad), "{rel} contains {bad}");
        }
    }
    let team = String::from_utf8_lossy(&all["teams/script-alert-1-script.html"]);
    assert!(
        team.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || team.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "team name not escaped"
    );
    assert!(
        team.contains("{{ site.org }}"),
        "tera syntax in data must be shown, not evaluated"
    );
    assert!(
        team.contains("href=\"https://ok.example.com/?a=1&amp;b=&lt;2&gt;\""),
        "safe link missing"
    );
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn failed_build_keeps_the_previous_output() {
    let out = tmp("keep");
    assert!(
        build(&root().join("tests/fixtures/native-ok"), &out, &[])
            .status
            .success()
    );
    let before = files(&out);
    let templates = tmp("bad-templates");
    std::fs::create_dir_all(templates.join("site")).unwrap();
    std::fs::write(templates.join("site/team.html"), "{% extends \"base.html\" %}{% block content %}{{ team.name | nosuchfilter }}{% endblock content %}").unwrap();
    let o = build(
        &root().join("tests/fixtures/native-ok"),
        &out,
        &["--templates", templates.to_str().unwrap()],
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("team.html"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(before, files(&out), "previous output changed");
    let staged = format!(".{}.tmp-", out.file_name().unwrap().to_string_lossy());
    let left: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(&staged))
        .collect();
    assert!(left.is_empty(), "staging folder left behind: {left:?}");
    // An input error writes nothing either.
    let o = build(&root().join("tests/fixtures/bad-input"), &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(before, files(&out));
    // A user template overrides the built-in one by name.
    std::fs::write(templates.join("site/team.html"), "{% extends \"base.html\" %}{% block content %}CUSTOM {{ team.name }}{% endblock content %}").unwrap();
    assert!(
        build(
            &root().join("tests/fixtures/native-ok"),
            &out,
            &["--templates", templates.to_str().unwrap()]
        )
        .status
        .success()
    );
    assert!(
        String::from_utf8_lossy(&std::fs::read(out.join("teams/payments.html")).unwrap())
            .contains("CUSTOM Payments")
    );
    std::fs::remove_dir_all(&out).unwrap();
    std::fs::remove_dir_all(&templates).unwrap();
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let out = tmp("foreign");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("precious.txt"), "keep me").unwrap();
    let o = build(&root().join("tests/fixtures/native-ok"), &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("refusing to replace"));
    assert_eq!(
        std::fs::read_to_string(out.join("precious.txt")).unwrap(),
        "keep me"
    );
    std::fs::remove_dir_all(&out).unwrap();
}

/// Opens pages in headless Chromium: each must render its heading and log no console errors.
#[test]
fn pages_render_in_headless_chromium_without_console_errors() {
    let Some(chromium) = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is required in CI (.ci/run installs it)"
        );
        eprintln!("skipping: chromium not installed (apt-get install chromium)");
        return;
    };
    let out = tmp("chromium");
    assert!(build(&root().join("examples"), &out, &[]).status.success());
    let profile = tmp("chromium-profile");
    for (page, heading) in [
        ("index.html", "DevSecOps maturity"),
        ("teams/checkout.html", "Checkout"),
        ("groups/payments.html", "Payments"),
        ("levels/1.html", "Level 1 checklist"),
        ("compliance/index.html", "Compliance view"),
    ] {
        let o = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("file://{}", out.join(page).display()))
            .output()
            .unwrap();
        let dom = String::from_utf8_lossy(&o.stdout);
        let log = String::from_utf8_lossy(&o.stderr);
        assert!(
            dom.contains(heading),
            "{page}: heading `{heading}` not rendered"
        );
        assert!(
            dom.contains("<svg") || page.starts_with("compliance") || page.starts_with("levels"),
            "{page}: no chart"
        );
        let errors: Vec<&str> = log
            .lines()
            .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
            .collect();
        assert!(
            errors.is_empty(),
            "{page}: console errors:\n{}",
            errors.join("\n")
        );
    }
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&profile);
}

#[test]
fn compliance_reports_full_partial_and_no_cover_in_numeric_order_with_a_csv() {
    let out = tmp("compliance");
    let o = build(&root().join("examples"), &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(out.join("compliance/index.html")).unwrap();
    let at = |code: &str| {
        page.find(&format!("<code>{code}</code>"))
            .unwrap_or(usize::MAX)
    };
    assert!(
        at("5.2") < at("5.12") && at("5.12") < usize::MAX,
        "ISO codes sort as numbers"
    );
    assert!(at("8.8") < at("8.10"));
    let csv = std::fs::read_to_string(out.join("exports/compliance-iso27001-2022.csv")).unwrap();
    let head = csv.lines().next().unwrap();
    assert!(
        head.starts_with("reference,title,activities,full,partial,none,"),
        "{head}"
    );
    assert!(head.contains("Checkout"), "{head}");
    // Checkout covers many references only partly: full cover is rarer than "any mapped activity done".
    let (mut full, mut partial) = (0, 0);
    let col = head.split(',').position(|c| c == "Checkout").unwrap();
    for l in csv.lines().skip(1) {
        match l.split(',').nth(col) {
            Some("full") => full += 1,
            Some("partial") => partial += 1,
            _ => {}
        }
    }
    assert!(partial > 0 && full > 0, "full {full}, partial {partial}");
    // The XLSX export holds the same covers: a sheet per framework and one with a row per team.
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(out.join("exports/compliance.xlsx")).expect("xlsx opens");
    assert!(
        wb.sheet_names().iter().any(|n| n == "ISO 27001-2022"),
        "{:?}",
        wb.sheet_names()
    );
    let by_team = wb
        .worksheet_range("ISO 27001-2022 by team")
        .expect("by-team sheet");
    let rows: Vec<Vec<String>> = by_team
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    // CSV fields, with quoted commas (the titles).
    let fields = |l: &str| -> Vec<String> {
        let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
        for c in l.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => out.push(std::mem::take(&mut cur)),
                c => cur.push(c),
            }
        }
        out.push(cur);
        out
    };
    let codes: Vec<String> = csv.lines().skip(1).map(|l| fields(l)[0].clone()).collect();
    assert_eq!(
        &rows[0][1..],
        &codes[..],
        "one column per reference, in the CSV's order"
    );
    let checkout = rows
        .iter()
        .find(|r| r[0] == "Checkout")
        .expect("a row for Checkout");
    let want: Vec<String> = csv
        .lines()
        .skip(1)
        .map(|l| fields(l)[col].clone())
        .collect();
    assert_eq!(&checkout[1..], &want[..], "the XLSX and the CSV agree");
    // The drill-down: linked from the team page and the per-team list, with the activities that give the cover.
    let team = std::fs::read_to_string(out.join("teams/checkout.html")).unwrap();
    assert!(
        team.contains("href=\"../compliance/teams/checkout.html\""),
        "team page links its drill-down"
    );
    let list = std::fs::read_to_string(out.join("compliance/teams.html")).unwrap();
    assert!(
        list.contains("href=\"teams/checkout.html\""),
        "cover list links the drill-down"
    );
    let drill = std::fs::read_to_string(out.join("compliance/teams/checkout.html")).unwrap();
    assert!(
        drill.contains("Fully covered") && drill.contains("Partly covered"),
        "{drill}"
    );
    assert!(
        drill.contains("✓ Defined build process"),
        "the activities that give the cover"
    );
}

#[test]
fn each_state_and_evidence_keeps_the_file_and_line_that_set_it() {
    let out = tmp("trace");
    let o = build(&root().join("examples"), &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let scores: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("scores.json")).unwrap()).unwrap();
    let checkout = common::team(&scores, "Checkout");
    let source = std::fs::read_to_string(root().join("examples/teams/checkout.yaml")).unwrap();
    let lines: Vec<&str> = source.lines().collect();
    let (mut states, mut evidence) = (0, 0);
    for (_, a) in checkout["activities"].as_object().unwrap() {
        let Some(line) = a["line"].as_u64() else {
            continue;
        };
        assert_eq!(a["file"], "teams/checkout.yaml", "{a}");
        // The line that set the state names it with the date it reached it.
        let text = lines[line as usize - 1];
        let since = a["since"].as_str().unwrap();
        assert!(
            text.contains(a["state"].as_str().unwrap()) && text.contains(since),
            "line {line}: {text} for {a}"
        );
        states += 1;
        for e in a["evidence"].as_array().into_iter().flatten() {
            assert_eq!(e["file"], "teams/checkout.yaml");
            let at = e["line"].as_u64().unwrap() as usize;
            assert!(
                lines[at - 1].contains(e["title"].as_str().unwrap()),
                "evidence line {at}: {}",
                lines[at - 1]
            );
            evidence += 1;
        }
    }
    assert!(
        states > 20 && evidence > 0,
        "{states} states, {evidence} evidence items with a line"
    );
}

#[test]
fn policies_show_on_the_overview_and_on_the_pages_they_apply_to() {
    let out = tmp("policies");
    let o = build(&root().join("tests/fixtures/policies"), &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = |page: &str| {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let re_tag = |s: &str| {
            let mut t = String::new();
            let mut inside = false;
            for c in s.chars() {
                match c {
                    '<' => inside = true,
                    '>' => {
                        inside = false;
                        t.push(' ');
                    }
                    c if !inside => t.push(c),
                    _ => {}
                }
            }
            t.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        re_tag(&html)
    };
    let overview = text("index.html");
    assert!(overview.contains("Retail reaches level 1"), "{overview}");
    assert!(
        overview.contains("FAILED 2 of 2: Checkout , Search &amp; Discovery"),
        "{overview}"
    );
    assert!(
        overview.contains("UPCOMING 1 of 1: Analytics"),
        "{overview}"
    );
    let team = text("teams/checkout.html");
    assert!(team.contains("NOT MET Retail reaches level 1"), "{team}");
    let groups: Vec<_> = std::fs::read_dir(out.join("groups"))
        .unwrap()
        .flatten()
        .collect();
    let retail = groups
        .iter()
        .find(|e| e.file_name().to_string_lossy().starts_with("retail"))
        .unwrap();
    let group = text(&format!("groups/{}", retail.file_name().to_string_lossy()));
    assert!(group.contains("Retail reaches level 1"), "{group}");
    assert!(
        !group.contains("Data reaches level 1"),
        "only the policies that apply: {group}"
    );
}

#[test]
fn level_checklists_lead_a_champion_to_their_group() {
    let out = tmp("level-groups");
    let o = build(&root().join("examples"), &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let level = std::fs::read_to_string(out.join("levels/2.html")).unwrap();
    let at = level
        .find("For one group")
        .expect("a group picker on the level page");
    let href = &level[at..];
    let href = &href[href.find("<a href=\"").unwrap() + 9..];
    let href = &href[..href.find('"').unwrap()];
    let (page, anchor) = href.split_once('#').expect("a link to a section");
    assert_eq!(anchor, "missing");
    let group = std::fs::read_to_string(out.join("levels").join(page)).unwrap();
    assert!(
        group.contains("id=\"missing\""),
        "{href} has no #missing section"
    );
}

/// A team with no record up to the as-of date: its page says so and shows where to start, not figures.
#[test]
fn a_team_that_has_not_assessed_gets_a_notice_instead_of_figures() {
    let out = tmp("not-assessed");
    let o = Command::new(env!("CARGO_BIN_EXE_maturity"))
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .arg("build")
        .arg(root().join("examples"))
        .arg("--out")
        .arg(&out)
        .args(["--as-of", "2020-01-01", "--only", "site"])
        .output()
        .expect("run maturity");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(out.join("teams/checkout.html")).unwrap();
    assert!(
        page.contains("<strong>Not assessed.</strong>")
            && page.contains("recorded nothing on or before 2020-01-01")
            && page.contains("teams/checkout.yaml"),
        "{page}"
    );
    assert!(page.contains("<h2>Next steps</h2>") && page.contains("Checklist by level"));
    for absent in [
        "Level and completion per dimension",
        "Subdimensions by level",
        "Outlook",
    ] {
        assert!(!page.contains(absent), "`{absent}` on the page");
    }
}

/// Reads a gzip file whole.
fn gunzip(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let file = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // A fixed header: no name, time zero, so two builds give the same bytes.
    assert_eq!(
        &file[..8],
        &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0],
        "{}",
        path.display()
    );
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&file[..])
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn above_1000_teams_the_data_files_are_gzip_compressed_and_linked() {
    let data = tmp("gz-data");
    let ran = common::run(&["bench-data", "1001", "--out", data.to_str().unwrap()]);
    assert_eq!(ran.code(), 0, "{}", ran.stderr());
    let out = tmp("gz-site");
    let o = build(&data, &out, &["-q"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    for plain in [
        "scores.json",
        "exports/team-activity-states.csv",
        "exports/evidence.csv",
    ] {
        assert!(!out.join(plain).exists(), "{plain} written uncompressed");
    }
    // The same content as the JSON contract of `score`.
    let site: serde_json::Value =
        serde_json::from_slice(&gunzip(&out.join("scores.json.gz"))).unwrap();
    assert_eq!(site, common::score_json(&data, "2026-09-30"));
    let states =
        String::from_utf8(gunzip(&out.join("exports/team-activity-states.csv.gz"))).unwrap();
    assert!(states.starts_with("team,activity_uuid,activity,dimension,"));
    assert!(states.lines().count() > 1001);
    for f in [
        "team-dimensions",
        "evidence",
        "compliance-iso27001-2022",
        "compliance-samm2",
    ] {
        let csv = gunzip(&out.join(format!("exports/{f}.csv.gz")));
        assert!(csv.ends_with(b"\r\n"), "{f}");
    }
    // Every page's links lead to the compressed files.
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    for href in [
        "scores.json.gz",
        "exports/team-activity-states.csv.gz",
        "exports/evidence.csv.gz",
    ] {
        assert!(links(&index).iter().any(|l| l == href), "no link to {href}");
    }
    let compliance = std::fs::read_to_string(out.join("compliance/index.html")).unwrap();
    assert!(
        links(&compliance)
            .iter()
            .any(|l| l == "../exports/compliance-samm2.csv.gz")
    );
    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_dir_all(&out);
}
