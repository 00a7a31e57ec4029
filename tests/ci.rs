//! Drives the real `maturity` binary through the CI-facing commands: `check` (human, JSON, JUnit),
//! `validate --format sarif|github`, `init`, and the `import-dsomm` / `export-dsomm` round trip.

mod common;

use common::{fixture, stderr, tmp as temp};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = common::bin();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run maturity")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn check_reports_passed_failed_and_upcoming_policies() {
    let dir = fixture("policies");
    let out = run(&["check", &dir, "--as-of", "2026-09-30"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let s = stdout(&out);
    assert!(
        s.contains("PASSED    Build process everywhere: 3 team(s) meet it"),
        "{s}"
    );
    assert!(
        s.contains("FAILED    Retail reaches level 1: 2 of 2 team(s) fail"),
        "{s}"
    );
    assert!(
        s.contains("- Checkout: level 0, needs 1: not fully implemented: `"),
        "{s}"
    );
    assert!(
        s.contains("FAILED    Evidence <fresh> & \"recent\": 1 of 1 team(s) fail"),
        "{s}"
    );
    assert!(
        s.contains("(newest evidence 2025-03-01, 578 days old)"),
        "{s}"
    );
    assert!(s.contains("UPCOMING  Data reaches level 1: enforced from 2027-01-01; 1 of 1 team(s) would fail today"), "{s}");
    assert!(
        s.ends_with("4 policies: 1 passed, 2 failed, 1 upcoming\n"),
        "{s}"
    );

    // Earlier, the level policy is not enforced yet and the evidence is fresh: exit 0.
    let out = run(&["check", &dir, "--as-of", "2025-12-31"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("2 passed, 0 failed, 2 upcoming"),
        "{}",
        stdout(&out)
    );

    let out = run(&["check", &dir, "--as-of", "2026-09-30", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            v["passed"].as_u64(),
            v["failed"].as_u64(),
            v["upcoming"].as_u64()
        ),
        (Some(1), Some(2), Some(1))
    );
    let statuses: Vec<&str> = v["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["passed", "failed", "failed", "upcoming"]);
    let fresh = &v["policies"][2]["teams"][0];
    assert_eq!(fresh["team"], "Checkout");
    assert_eq!(fresh["reasons"][0]["rule"], "max_evidence_age_days");
    assert_eq!(
        fresh["reasons"][0]["activities"][0],
        "Defined build process"
    );
    // The human summary goes to standard error with machine formats.
    assert!(stderr(&out).contains("4 policies: 1 passed, 2 failed, 1 upcoming"));
}

#[test]
fn check_refuses_invalid_policies_before_checking() {
    let out = run(&["check", &fixture("policies-bad")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let e = stderr(&out);
    assert!(
        e.contains("error[unknown-group]: policy `Unknown group` names group `Retial`"),
        "{e}"
    );
    assert!(e.contains("hint: did you mean `Retail`?"), "{e}");
    assert!(
        e.contains("no policies checked: fix the errors above"),
        "{e}"
    );
    let out = run(&["check", &fixture("policies"), "--as-of", "someday"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn junit_is_escaped_and_written_to_a_file() {
    let dir = temp("junit");
    let file = dir.join("reports/policies.xml");
    let out = run(&[
        "check",
        &fixture("policies"),
        "--as-of",
        "2026-09-30",
        "--format",
        "junit",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    assert!(
        stderr(&out).contains("FAILED    Retail reaches level 1"),
        "{}",
        stderr(&out)
    );
    let xml = std::fs::read_to_string(&file).unwrap();
    // Schema validity: tests/output_schemas.rs.
    assert!(
        xml.contains(
            "<testsuites name=\"maturity check\" tests=\"7\" failures=\"3\" errors=\"0\">"
        ),
        "{xml}"
    );
    assert!(xml.contains("<testsuite name=\"Evidence &lt;fresh&gt; &amp; &quot;recent&quot;\" tests=\"1\" skipped=\"0\" errors=\"0\" failures=\"1\""), "{xml}");
    assert!(
        xml.contains(
            "<testcase name=\"Search &amp; Discovery\" classname=\"Build process everywhere\"/>"
        ),
        "{xml}"
    );
    assert!(
        xml.contains("<failure message=\"level 0, needs 1: not fully implemented: `"),
        "{xml}"
    );
    assert!(
        xml.contains("<skipped message=\"not enforced before 2027-01-01: level 0, needs 1"),
        "{xml}"
    );
    // Same input, same date: the same bytes.
    let again = run(&[
        "check",
        &fixture("policies"),
        "--as-of",
        "2026-09-30",
        "--format",
        "junit",
    ]);
    assert_eq!(stdout(&again), xml);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sarif_points_at_files_relative_to_the_input_folder() {
    let dir = fixture("bad-input");
    let json = run(&["validate", &dir, "--format", "json"]);
    let diags: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let out = run(&["validate", &dir, "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "maturity");
    assert_eq!(run0["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    let rules: Vec<&str> = run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run0["results"].as_array().unwrap();
    assert_eq!(
        results.len(),
        diags["diagnostics"].as_array().unwrap().len()
    );
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize], id);
        assert!(["error", "warning"].contains(&r["level"].as_str().unwrap()));
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(!uri.starts_with('/') && uri.ends_with(".yaml"), "{uri}");
    }
    let unknown = results
        .iter()
        .find(|r| r["ruleId"] == "unknown-activity")
        .unwrap();
    let loc = &unknown["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "teams/payments.yaml");
    assert_eq!(loc["region"]["startLine"], 4);
    assert_eq!(loc["region"]["startColumn"], 3);
    assert_eq!(unknown["level"], "error");
}

#[test]
fn github_annotations_are_escaped_workflow_commands() {
    let out = run(&["validate", "tests/fixtures/bad-input", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let s = stdout(&out);
    for line in s.lines() {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning "),
            "{line}"
        );
        let (props, msg) = line[2..].split_once("::").unwrap();
        assert!(!msg.contains('\r'), "{line}");
        assert!(props.contains("title="), "{line}");
    }
    assert!(s.contains("::error file=tests/fixtures/bad-input/teams/payments.yaml,line=4,col=3,title=unknown-activity::unknown activity `Defined biuld process` (catalogue 5.0.1)%0Ahint: did you mean `Defined build process`?"), "{s}");
    assert!(s.contains("::warning file=tests/fixtures/bad-input/maturity.yaml,line=3,col=21,title=group-team-without-results::"), "{s}");
    // An absolute DIR still gives paths relative to the working folder (the repository root in CI).
    let abs = run(&["validate", &fixture("bad-input"), "--format", "github"]);
    let props = |s: &str| -> Vec<String> {
        s.lines()
            .map(|l| l[2..].split_once("::").unwrap().0.to_string())
            .collect()
    };
    assert_eq!(props(&stdout(&abs)), props(&s));
}

#[test]
fn init_scaffolds_a_valid_project_and_refuses_a_non_empty_folder() {
    let root = temp("init");
    let dir = root.join("assessment");
    let d = dir.to_str().unwrap();
    let out = run(&["init", d]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for f in [
        "maturity.yaml",
        "teams/web-shop.yaml",
        "teams/payments-api.yaml",
        "README.md",
        ".github/workflows/maturity.yml",
        ".gitlab-ci.yml",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    let v = run(&["validate", d, "--format", "json"]);
    assert_eq!(v.status.code(), Some(0));
    let j: serde_json::Value = serde_json::from_slice(&v.stdout).unwrap();
    assert_eq!(j["diagnostics"].as_array().unwrap().len(), 0, "{j}");
    let c = run(&["check", d]);
    assert_eq!(c.status.code(), Some(0), "{}", stdout(&c));
    assert!(stdout(&c).contains("1 passed, 0 failed"), "{}", stdout(&c));
    let again = run(&["init", d]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("(the folder is not empty); choose a new or empty folder"),
        "{}",
        stderr(&again)
    );
    std::fs::remove_dir_all(&root).unwrap();
}

/// The scores of `dir`, without where each record was written (`file` and `line` name the files of
/// each format, which a conversion changes by design).
fn score(dir: &str) -> serde_json::Value {
    let out = run(&["score", "--format", "json", "--as-of", "2026-01-01", dir]);
    assert!(out.status.success(), "{dir}: {}", stderr(&out));
    let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for t in v["teams"].as_array_mut().into_iter().flatten() {
        for a in t["activities"]
            .as_object_mut()
            .into_iter()
            .flat_map(|m| m.values_mut())
        {
            if let Some(a) = a.as_object_mut() {
                a.remove("file");
                a.remove("line");
                for e in a
                    .get_mut("evidence")
                    .and_then(|e| e.as_array_mut())
                    .into_iter()
                    .flatten()
                {
                    if let Some(e) = e.as_object_mut() {
                        e.remove("file");
                        e.remove("line");
                    }
                }
            }
        }
    }
    v
}

fn no_diagnostics(dir: &str) {
    same_diagnostics(dir, None);
}

/// `dir` has the diagnostics of `like` (the same codes and messages), or none at all.
fn same_diagnostics(dir: &str, like: Option<&str>) {
    let list = |d: &str| -> Vec<(String, String)> {
        let out = run(&["validate", "--format", "json", d]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut l: Vec<(String, String)> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["code"].to_string(), d["message"].to_string()))
            .collect();
        l.sort();
        l
    };
    let want = like.map(list).unwrap_or_default();
    assert_eq!(list(dir), want, "{dir}");
}

#[test]
fn import_then_export_keeps_every_score() {
    for case in ["dsomm-v4", "dsomm-quoting"] {
        let root = temp(&format!("roundtrip-{case}"));
        let (native, dsomm) = (root.join("native"), root.join("dsomm"));
        let (n, d) = (native.to_str().unwrap(), dsomm.to_str().unwrap());
        let src = fixture(case);
        let out = run(&["import-dsomm", &src, "--out", n]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        no_diagnostics(n);
        let out = run(&["export-dsomm", n, "--out", d]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        no_diagnostics(d);
        let original = score(&src);
        assert_eq!(
            score(n),
            original,
            "{case}: imported project scores differently"
        );
        assert_eq!(
            score(d),
            original,
            "{case}: exported DSOMM data scores differently"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
    let root = temp("roundtrip-files");
    let native = root.join("native");
    run(&[
        "import-dsomm",
        &fixture("dsomm-quoting"),
        "--out",
        native.to_str().unwrap(),
    ]);
    let team = std::fs::read_to_string(native.join("teams/search-discovery.yaml")).unwrap();
    assert!(team.contains("name: Search & Discovery\n"), "{team}");
    assert!(
        team.contains("      - id: e1\n        title: \"Pipeline: build & test #1\"\n"),
        "{team}"
    );
    assert!(
        team.contains("        description: |-\n          ## Pipeline\n\n          ```yaml\n"),
        "{team}"
    );
    let project = std::fs::read_to_string(native.join("maturity.yaml")).unwrap();
    assert!(
        project.contains("  Started:\n    score: 25%\n    definition: \"#1 priority\"\n"),
        "{project}"
    );
    let dsomm = root.join("dsomm");
    run(&[
        "export-dsomm",
        native.to_str().unwrap(),
        "--out",
        dsomm.to_str().unwrap(),
    ]);
    let progress = std::fs::read_to_string(dsomm.join("team-progress.yaml")).unwrap();
    assert!(progress.contains("  f6f7737f-25a9-4317-8de2-09bf59f29b5b: # Defined build process\n    \"#x\":\n      Fully implemented: 2025-03-01\n"), "{progress}");
    let evidence = std::fs::read_to_string(dsomm.join("team-evidence.yaml")).unwrap();
    assert!(
        evidence.contains("      teams:\n        - Search & Discovery\n        - \"a: b\"\n"),
        "{evidence}"
    );
    assert!(
        evidence.contains(
            "        - type: link\n          externalLink: https://git.example.com/a?x=1&y=2#frag\n"
        ),
        "{evidence}"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_native_project_survives_import_unchanged() {
    // Import reads any input; the hostile fixture's names exercise the YAML quoting.
    for case in ["hostile", "history"] {
        let root = temp(&format!("native-{case}"));
        let out_dir = root.join("out");
        let o = out_dir.to_str().unwrap();
        let src = fixture(case);
        assert_eq!(
            run(&["import-dsomm", &src, "--out", o]).status.code(),
            Some(0)
        );
        same_diagnostics(o, Some(&src));
        assert_eq!(score(o), score(&src), "{case}");
        std::fs::remove_dir_all(&root).unwrap();
    }
}

#[test]
fn import_and_export_refuse_to_overwrite_without_force() {
    let root = temp("overwrite");
    let native = root.join("native");
    let n = native.to_str().unwrap();
    let src = fixture("dsomm-v4");
    assert_eq!(
        run(&["import-dsomm", &src, "--out", n]).status.code(),
        Some(0)
    );
    std::fs::write(native.join("teams/team-a.yaml"), "name: Team A\n# edited\n").unwrap();
    let again = run(&["import-dsomm", &src, "--out", n]);
    assert_eq!(again.status.code(), Some(2));
    let e = stderr(&again);
    assert!(e.contains("file(s) already exist: maturity.yaml, teams/team-a.yaml, teams/team-b.yaml); pass --force"), "{e}");
    assert!(
        std::fs::read_to_string(native.join("teams/team-a.yaml"))
            .unwrap()
            .contains("# edited")
    );
    assert_eq!(
        run(&["import-dsomm", &src, "--out", n, "--force"])
            .status
            .code(),
        Some(0)
    );
    assert!(
        !std::fs::read_to_string(native.join("teams/team-a.yaml"))
            .unwrap()
            .contains("# edited")
    );

    let dsomm = root.join("dsomm");
    let d = dsomm.to_str().unwrap();
    assert_eq!(run(&["export-dsomm", n, "--out", d]).status.code(), Some(0));
    assert_eq!(run(&["export-dsomm", n, "--out", d]).status.code(), Some(2));
    assert_eq!(
        run(&["export-dsomm", n, "--out", d, "--force"])
            .status
            .code(),
        Some(0)
    );
    // Input errors stop before anything is written (exit 1).
    let bad = run(&[
        "import-dsomm",
        &fixture("bad-input"),
        "--out",
        root.join("bad").to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(!root.join("bad").exists());
    std::fs::remove_dir_all(&root).unwrap();
}
