//! The assessment folder is untrusted (issue 12): through the real binary, templates, catalogue paths and
//! `$ref`s stay inside DIR; names cannot inject terminal escapes or CI annotations; writes never follow
//! symlinks; `--out` never replaces input; runs stay bounded; nothing read is dropped silently.

mod common;
use common::*;
use std::path::Path;
use std::process::{Command, Stdio};

const TEAM: &str = "name: T\nactivities:\n  Defined build process:\n    Started: 2025-01-01\n";

/// A project with one team file plus `extra` files.
fn project(name: &str, extra: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = tmp(name);
    write(&dir.join("maturity.yaml"), "name: Org\n");
    write(&dir.join("teams/t.yaml"), TEAM);
    for (rel, text) in extra {
        write(&dir.join(rel), text);
    }
    dir
}

fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn mkfifo(p: &Path) {
    let ok = Command::new("mkfifo").arg(p).status().unwrap().success();
    assert!(ok, "mkfifo {p:?}");
}

#[test]
fn templates_that_leave_the_input_are_refused_by_validate_and_build() {
    let dir = project("tpl-out", &[]);
    let secret = tmp("tpl-secret").join("environ");
    write(&secret, "AWS_SECRET=hunter2\n");
    symlink(&secret, &dir.join("templates/site/style.css"));
    let (code, diags, _) = diagnostics(&dir);
    assert_eq!(code, 1, "{diags:?}");
    assert!(
        diags.iter().any(|d| d.starts_with("error outside-input")),
        "{diags:?}"
    );
    let out = dir.join("../tpl-out-site");
    let ran = run(&["build", s(&dir), "--out", s(&out), "--only", "site"]);
    assert_eq!(ran.code(), 1, "{}", ran.stderr());
    assert!(!out.exists(), "nothing is written");
    assert!(!ran.stderr().contains("hunter2"));

    // The whole templates folder as a symlink out of DIR (`DIR/templates -> /etc`).
    let dir = project("tpl-dir", &[]);
    symlink("/etc", &dir.join("templates"));
    let (code, diags, ran) = diagnostics(&dir);
    assert_eq!(code, 1, "{diags:?}");
    assert!(
        diags.iter().any(|d| d.starts_with("error outside-input")),
        "{diags:?}"
    );
    assert!(!ran.stderr().contains("/etc/passwd"));

    // A FIFO among the templates is refused, not opened (opening it would block).
    let dir = project("tpl-fifo", &[]);
    std::fs::create_dir_all(dir.join("templates/site")).unwrap();
    mkfifo(&dir.join("templates/site/team.html"));
    let (code, diags, _) = diagnostics(&dir);
    assert_eq!(code, 1);
    assert!(
        diags.iter().any(|d| d.starts_with("error not-a-file")),
        "{diags:?}"
    );
}

#[test]
fn catalogue_and_other_configured_paths_stay_inside_the_input_and_never_hang() {
    let dir = project(
        "cat-usr",
        &[("maturity.yaml", "name: Org\ncatalog: /usr/share\n")],
    );
    let (code, diags, ran) = diagnostics(&dir);
    assert_eq!(code, 1, "{diags:?}");
    assert_eq!(
        diags.iter().filter(|d| d.contains("outside-input")).count(),
        1,
        "one error, nothing walked: {diags:?}"
    );
    assert!(!ran.stderr().contains("/usr/share/"));

    let dir = project(
        "cat-proc",
        &[("maturity.yaml", "name: Org\ncatalog: /proc/self\n")],
    );
    let (code, diags, _) = diagnostics(&dir);
    assert_eq!(code, 1, "{diags:?}");

    // On the command line a catalogue may be anywhere, but a walk never follows symlinked folders.
    let ran = run(&["catalog", "list", "--catalog", "/proc/self"]);
    assert_ne!(ran.code(), 101, "{}", ran.stderr());

    let dir = project("v3-fifo", &[("maturity.yaml", "name: Org\nv3: old.yaml\n")]);
    mkfifo(&dir.join("old.yaml"));
    let (code, diags, _) = diagnostics(&dir);
    assert_eq!(code, 1);
    assert!(
        diags.iter().any(|d| d.starts_with("error not-a-file")),
        "{diags:?}"
    );
    let ran = run(&["validate", s(&dir.join("old.yaml"))]);
    assert_eq!(ran.code(), 1, "{}", ran.stderr());

    // A mistyped folder is an error at the key, not an empty organisation.
    let dir = project(
        "teamz",
        &[("maturity.yaml", "name: Org\nteams_dir: teamz\n")],
    );
    let (code, diags, _) = diagnostics(&dir);
    assert_eq!(code, 1);
    assert!(
        diags.contains(&"error path-not-found maturity.yaml:2:12".to_string()),
        "{diags:?}"
    );
    let dir = project(
        "v3-missing",
        &[("maturity.yaml", "name: Org\nv3: nope.yaml\ndsomm: nope\n")],
    );
    let (_, diags, _) = diagnostics(&dir);
    assert_eq!(
        diags
            .iter()
            .filter(|d| d.contains("path-not-found"))
            .count(),
        2,
        "{diags:?}"
    );
}

#[test]
fn names_cannot_inject_annotations_or_terminal_escapes() {
    let evil = "x\\n::error title=INJECTED::pwned\\x1b]0;owned\\x07\\x1b[31m";
    // A valid team, so that `check` runs and prints it among the teams failing the policy.
    let team = format!(
        "name: \"{evil}\"\nactivities:\n  Defined build process:\n    Started: 2025-01-01\n"
    );
    let dir = project(
        "inject",
        &[
            ("teams/t.yaml", team.as_str()),
            (
                "maturity.yaml",
                "name: Org\npolicies:\n  - name: Baseline\n    min_level: 1\n",
            ),
        ],
    );
    for args in [
        vec!["validate", s(&dir)],
        vec!["validate", "--format", "github", s(&dir)],
        vec!["check", s(&dir)],
        vec!["score", s(&dir)],
    ] {
        let ran = run(&args);
        if args[0] != "validate" {
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&ran.out.stdout),
                ran.stderr()
            );
            assert!(all.contains("INJECTED"), "{args:?} prints the name: {all}");
        }
        for stream in [&ran.out.stdout, &ran.out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(!text.contains('\x1b'), "{args:?}: {text}");
            assert!(
                !text
                    .lines()
                    .any(|l| l.starts_with("::error title=INJECTED")),
                "{args:?}: {text}"
            );
        }
    }
}

#[test]
fn generated_files_are_never_written_through_symlinks() {
    let src = tmp("sym-src");
    write(&src.join("meta.yaml"), "teams: [A]\n");
    let out = tmp("sym-out");
    let victim = out.join("../sym-victim");
    let _ = std::fs::remove_file(&victim);
    symlink("../sym-victim", &out.join("maturity.yaml"));
    let ran = run(&["import-dsomm", s(&src), "--out", s(&out)]);
    assert_eq!(ran.code(), 2, "{}", ran.stderr());
    assert!(!victim.exists(), "the dangling link's target was created");
    let ran = run(&["import-dsomm", s(&src), "--out", s(&out), "--force"]);
    assert_eq!(ran.code(), 2, "{}", ran.stderr());
    assert!(!victim.exists());

    let init = tmp("sym-init");
    symlink("../sym-victim", &init.join("maturity.yaml"));
    let ran = run(&["init", s(&init)]);
    assert_eq!(ran.code(), 2, "{}", ran.stderr());
    assert!(!victim.exists());
}

#[test]
fn the_output_folder_never_replaces_input() {
    let bd = tmp("out-is-dir");
    let ran = run(&["bench-data", "3", "--out", s(&bd), "--format", "dsomm"]);
    assert_eq!(ran.code(), 0, "{}", ran.stderr());
    let ran = run(&["build", s(&bd), "--out", s(&bd), "--only", "json"]);
    assert_eq!(ran.code(), 2, "{}", ran.stderr());
    assert!(ran.stderr().contains("input folder"), "{}", ran.stderr());
    assert!(bd.join("meta.yaml").is_file(), "the input survives");

    let dir = project("out-holds-input", &[]);
    let ran = run(&[
        "build",
        s(&dir),
        "--out",
        s(&dir.join("teams")),
        "--only",
        "json",
    ]);
    assert_eq!(ran.code(), 2, "{}", ran.stderr());
    let ran = run(&[
        "build",
        s(&dir.join("teams/..")),
        "--out",
        s(dir.parent().unwrap()),
    ]);
    assert_eq!(ran.code(), 2, "{}", ran.stderr());
    assert!(dir.join("teams/t.yaml").is_file());
}

#[test]
fn out_folder_faults_symlinks_read_only_trees_stale_staging_and_failed_templates() {
    let dir = project("faults", &[]);
    let parent = tmp("faults-out");
    let out = parent.join("site");
    // A symlinked --out is refused, and its target is left as it is.
    let real = parent.join("real");
    std::fs::create_dir_all(&real).unwrap();
    write(&real.join("keep.txt"), "x");
    symlink(&real, &out);
    let ran = run(&["build", s(&dir), "--out", s(&out), "--only", "json"]);
    assert_eq!(ran.code(), 2, "{}", ran.stderr());
    assert!(ran.stderr().contains("symbolic link"), "{}", ran.stderr());
    assert!(real.join("keep.txt").is_file());
    std::fs::remove_file(&out).unwrap();

    // Stale staging folders of dead builds are removed; folders without the marker are not.
    let stale = parent.join(".site.tmp-999999999");
    write(&stale.join(".maturity-output"), "x");
    let stale_old = parent.join(".site.old-999999998");
    write(&stale_old.join(".maturity-output"), "x");
    let foreign = parent.join(".site.tmp-999999997");
    write(&foreign.join("mine.txt"), "x");
    let ran = run(&["build", s(&dir), "--out", s(&out), "--only", "json"]);
    assert_eq!(ran.code(), 0, "{}", ran.stderr());
    assert!(!stale.exists() && !stale_old.exists());
    assert!(foreign.join("mine.txt").is_file());

    // A read-only previous output is replaced completely (exit 0, nothing left beside it).
    let chmod = |mode: &str| {
        let ok = Command::new("chmod")
            .args(["-R", mode, s(&out)])
            .status()
            .unwrap();
        assert!(ok.success());
    };
    chmod("a-w");
    let ran = run(&["build", s(&dir), "--out", s(&out), "--only", "json"]);
    assert_eq!(ran.code(), 0, "{}", ran.stderr());
    let left: Vec<_> = std::fs::read_dir(&parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.starts_with(".site.old") || n.starts_with(".site.tmp-") && n != ".site.tmp-999999997"
        })
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // A template error creates no folders for the output.
    let bad = project("faults-tpl", &[("templates/site/index.html", "{% if %}")]);
    let deep = parent.join("a/b/c");
    let ran = run(&["build", s(&bad), "--out", s(&deep), "--only", "site"]);
    assert_eq!(ran.code(), 2, "{}", ran.stderr());
    assert!(!parent.join("a").exists());
}

#[test]
fn closed_pipes_full_disks_and_far_dates_end_without_a_panic() {
    let dir = project("panics", &[]);
    let ran = run(&["score", s(&dir), "--as-of", "9999-12-31"]);
    assert_eq!(ran.code(), 2, "{}", ran.stderr());
    assert!(ran.stderr().contains("--as-of"), "{}", ran.stderr());

    let full = std::fs::File::create("/dev/full").unwrap();
    let out = bin()
        .args(["score", "--format", "json", s(&dir)])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/dev/full"));

    // `score | head -c 10`: the reader goes away after a few bytes.
    let mut child = bin()
        .args(["score", "--format", "json", s(&dir)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn long_names_are_refused_quickly_with_their_place() {
    let long = "n".repeat(50_000);
    let dir = project(
        "long",
        &[("teams/t.yaml", &format!("name: {long}\nactivities: {{}}\n"))],
    );
    let (code, diags, _) = diagnostics(&dir);
    assert_eq!(code, 1);
    assert!(
        diags.contains(&"error name-too-long teams/t.yaml:1:7".to_string()),
        "{diags:?}"
    );
    // A million characters is as quick (the run is under the kill timer).
    let long = "m".repeat(1_000_000);
    let dir = project(
        "longer",
        &[(
            "maturity.yaml",
            &format!("name: Org\ngroups:\n  G: [{long}]\n"),
        )],
    );
    let (code, diags, _) = diagnostics(&dir);
    assert_eq!(code, 1);
    assert!(
        diags.iter().any(|d| d.starts_with("error name-too-long")),
        "{diags:?}"
    );
}

#[test]
fn runaway_templates_are_stopped_and_named() {
    // tera: a loop that would run for hours; the watchdog's time limit ends it.
    let dir = project(
        "tera-loop",
        &[(
            "templates/site/index.html",
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% for k in range(end=100000) %}x{% endfor %}{% endfor %}{% endfor %}",
        )],
    );
    let out = tmp("tera-loop-out").join("site");
    let mut c = bin();
    c.env("MATURITY_RENDER_TIMEOUT", "2").args([
        "build",
        s(&dir),
        "--out",
        s(&out),
        "--only",
        "site",
    ]);
    let ran = run_cmd(c);
    assert_eq!(ran.code(), 2, "{}", ran.stderr());
    assert!(ran.stderr().contains("index.html"), "{}", ran.stderr());
    assert!(ran.stderr().contains("longer than 2 s"), "{}", ran.stderr());
    assert!(
        std::fs::read_dir(out.parent().unwrap())
            .unwrap()
            .next()
            .is_none(),
        "staging removed"
    );

    // typst: an array of two billion items; the memory limit ends it long before the machine's.
    let dir = project(
        "typst-loop",
        &[(
            "templates/pdf/executive.typ",
            "#for i in range(2000000000) {}\n",
        )],
    );
    let pdf = tmp("typst-loop-out").join("x.pdf");
    let mut c = bin();
    c.env("MATURITY_MAX_MEMORY", "1024").args([
        "pdf",
        s(&dir),
        "--report",
        "executive",
        "--out",
        s(&pdf),
    ]);
    let ran = run_cmd(c);
    assert_eq!(ran.code(), 2, "{}", ran.stderr());
    assert!(ran.stderr().contains("executive.typ"), "{}", ran.stderr());
    assert!(ran.peak_mib < 4096, "peak {} MiB", ran.peak_mib);
}

#[test]
fn nothing_read_is_dropped_silently() {
    // A second document, and keys written twice at the top of DSOMM files.
    let dir = project(
        "docs",
        &[("teams/u.yaml", "name: U\nactivities: {}\n---\nname: V\n")],
    );
    let (code, diags, _) = diagnostics(&dir);
    assert_eq!(code, 1);
    assert!(
        diags.contains(&"error multiple-documents teams/u.yaml:4:1".to_string()),
        "{diags:?}"
    );

    let dsomm = tmp("dup-keys");
    write(&dsomm.join("meta.yaml"), "teams: [A]\nteams: [B]\n");
    write(
        &dsomm.join("team-progress.yaml"),
        "progress: {}\nprogress:\n  f6f7737f-25a9-4317-8de2-09bf59f29b5b: {A: {Started: 2025-01-01}}\n",
    );
    let (code, diags, ran) = diagnostics(&dsomm);
    assert_eq!(code, 1);
    assert!(
        diags.contains(&"error duplicate-key meta.yaml:2:1".to_string()),
        "{diags:?}"
    );
    assert!(
        diags.contains(&"error duplicate-key team-progress.yaml:2:1".to_string()),
        "{diags:?}"
    );
    let human = run(&["validate", s(&dsomm)]).stderr();
    assert!(human.contains("first at 1:1"), "{human}{}", ran.stderr());

    // One activity under its uuid and its name.
    let team = "name: T\nactivities:\n  Defined build process:\n    Fully implemented: 2025-01-01\n  f6f7737f-25a9-4317-8de2-09bf59f29b5b:\n    not_applicable: no builds\n";
    let dir = project("uuid-and-name", &[("teams/t.yaml", team)]);
    let (code, diags, _) = diagnostics(&dir);
    assert_eq!(code, 1);
    assert!(
        diags.contains(&"error duplicate-activity teams/t.yaml:5:3".to_string()),
        "{diags:?}"
    );
}

#[test]
fn a_team_where_nothing_applies_has_no_level_and_fails_min_level() {
    let dir = project("all-na", &[]);
    let cat = run(&["catalog", "list", "--format", "json"]);
    let cat: serde_json::Value = serde_json::from_slice(&cat.out.stdout).unwrap();
    // Mark every activity of the built-in catalogue not applicable.
    let mut all = String::from("name: T\nactivities:\n");
    for a in cat["activities"].as_array().unwrap() {
        all.push_str(&format!(
            "  {}:\n    not_applicable: n/a\n",
            a["uuid"].as_str().unwrap()
        ));
    }
    write(&dir.join("teams/t.yaml"), &all);
    write(
        &dir.join("maturity.yaml"),
        "name: Org\npolicies:\n  - name: Top\n    min_level: 5\n",
    );
    let ran = run(&["score", "--format", "json", s(&dir)]);
    assert_eq!(ran.code(), 0, "{}", ran.stderr());
    let v: serde_json::Value = serde_json::from_slice(&ran.out.stdout).unwrap();
    assert!(
        v["teams"][0]["level"].is_null(),
        "{}",
        v["teams"][0]["level"]
    );
    assert!(
        ran.stderr().contains("no-applicable-activity"),
        "{}",
        ran.stderr()
    );
    let ran = run(&["check", s(&dir)]);
    assert_eq!(ran.code(), 1, "{}", ran.stderr());
    assert!(String::from_utf8_lossy(&ran.out.stdout).contains("no level, needs 5"));
}

#[test]
fn markdown_the_pdf_cannot_nest_is_flattened_not_fatal() {
    let deep = format!("{} very deep", "> ".repeat(15));
    let cat = format!(
        "dimension: D\nsubdimension: S\nsummary: s\nactivities:\n- name: A\n  uuid: 00000000-0000-4000-8000-000000000001\n  level: 1\n  description: \"{deep}\"\n  risk: \"{deep}\"\n  measure: \"{deep}\"\n"
    );
    let dir = project(
        "deep-md",
        &[
            ("cat/d/s.yaml", cat.as_str()),
            ("maturity.yaml", "name: Org\ncatalog: cat\n"),
            (
                "teams/t.yaml",
                "name: T\nactivities:\n  A:\n    Started: 2025-01-01\n",
            ),
        ],
    );
    let pdf = tmp("deep-md-out").join("x.pdf");
    for report in ["executive", "team"] {
        let mut args = vec!["pdf", s(&dir), "--report", report, "--out", s(&pdf)];
        if report == "team" {
            args.extend(["--name", "T"]);
        }
        let ran = run(&args);
        assert_eq!(ran.code(), 0, "{report}: {}", ran.stderr());
    }
}

#[test]
fn nul_bytes_never_reach_html() {
    let dir = project(
        "nul",
        &[("teams/t.yaml", "name: \"T\\0x\"\nactivities: {}\n")],
    );
    let out = tmp("nul-out").join("site");
    let ran = run(&["build", s(&dir), "--out", s(&out), "--only", "site"]);
    assert_eq!(ran.code(), 0, "{}", ran.stderr());
    for e in std::fs::read_dir(out.join("teams")).unwrap().flatten() {
        if e.path().is_dir() {
            continue; // teams/views/: the sorted indexes
        }
        let bytes = std::fs::read(e.path()).unwrap();
        assert!(!bytes.contains(&0), "{:?}", e.path());
    }
}

#[test]
fn published_outputs_show_input_paths_relative_to_the_input_and_link_them() {
    let dir = project(
        "paths",
        &[(
            "maturity.yaml",
            "name: Org\nrepo_url: https://git.example.com/org/assessment/blob/main/\n",
        )],
    );
    write(&dir.join("teams/empty.yaml"), "");
    let abs = dir.canonicalize().unwrap();
    let out = tmp("paths-out").join("site");
    let ran = run(&["build", s(&abs), "--out", s(&out), "--only", "site"]);
    assert_eq!(ran.code(), 0, "{}", ran.stderr());
    let ledger: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("ledger.json")).unwrap()).unwrap();
    let files: Vec<&String> = ledger.as_object().unwrap().keys().collect();
    // Empty files are in the ledger too.
    assert_eq!(
        files,
        ["maturity.yaml", "teams/empty.yaml", "teams/t.yaml"],
        "{ledger}"
    );
    for page in [
        "data/index.html",
        "teams/t.html",
        "ledger.json",
        "scores.json",
    ] {
        let text = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(
            !text.contains(s(&abs)),
            "{page} shows the build machine's path"
        );
    }
    let data = std::fs::read_to_string(out.join("data/index.html")).unwrap();
    assert!(
        data.contains("https://git.example.com/org/assessment/blob/main/teams/t.yaml"),
        "{data}"
    );
    let team = std::fs::read_to_string(out.join("teams/t.html")).unwrap();
    assert!(team.contains("blob/main/teams/t.yaml\""), "{team}");
}
