//! Drives the real `maturity` binary over fixture folders: each folder under tests/fixtures holds an input
//! and `expected.txt` (the exit code, then one `severity code file[:line:col]` line per expected diagnostic).
//! `score` outputs are compared with snapshots in tests/snapshots (set UPDATE_SNAPSHOTS=1 to rewrite them).

mod common;

use common::output as run;
use common::score_json;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn diagnostics(dir: &Path) -> (i32, Vec<String>) {
    let out = run(&["validate", "--format", "json", dir.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    let prefix = format!("{}/", dir.display());
    let list = v["diagnostics"].as_array().unwrap().iter().map(|d| {
        let file = d["file"]
            .as_str()
            .unwrap()
            .trim_start_matches(&prefix)
            .to_string();
        format!(
            "{} {} {}:{}:{}",
            d["severity"].as_str().unwrap(),
            d["code"].as_str().unwrap(),
            file,
            d["line"],
            d["col"]
        )
    });
    (out.status.code().unwrap_or(-1), list.collect())
}

#[test]
fn every_fixture_reports_exactly_the_expected_diagnostics() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.txt").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 6, "fixtures missing");
    let mut failures = Vec::new();
    for dir in dirs {
        let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
        let mut lines = expected.lines().filter(|l| !l.trim().is_empty());
        let want_exit: i32 = lines
            .next()
            .unwrap()
            .trim_start_matches("exit ")
            .parse()
            .unwrap();
        let want: Vec<&str> = lines.collect();
        let (exit, got) = diagnostics(&dir);
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        if exit != want_exit {
            failures.push(format!(
                "{name}: exit {exit}, expected {want_exit}\n  got: {got:#?}"
            ));
        }
        // An expected line without a position matches any position in that file.
        let matches =
            |w: &str, g: &str| g == w || (!w.contains(':') && g.starts_with(&format!("{w}:")));
        for w in &want {
            if !got.iter().any(|g| matches(w, g)) {
                failures.push(format!("{name}: missing `{w}`\n  got: {got:#?}"));
            }
        }
        for g in &got {
            if !want.iter().any(|w| matches(w, g)) {
                failures.push(format!("{name}: unexpected `{g}`"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() || !path.exists() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap();
    assert!(
        want == actual,
        "snapshot {name} differs; rerun with UPDATE_SNAPSHOTS=1 after checking the change\n--- got:\n{actual}"
    );
}

#[test]
fn score_json_matches_snapshots_and_is_deterministic() {
    for case in ["native-ok", "dsomm-v4", "dsomm-ref", "v3", "combined"] {
        let dir = fixtures().join(case);
        let args = [
            "score",
            "--format",
            "json",
            "--as-of",
            "2026-01-01",
            dir.to_str().unwrap(),
        ];
        let a = run(&args);
        assert!(
            a.status.success(),
            "{case}: {}",
            String::from_utf8_lossy(&a.stderr)
        );
        let b = run(&args);
        assert_eq!(a.stdout, b.stdout, "{case}: output differs between runs");
        snapshot(
            &format!("{case}.score.json"),
            &String::from_utf8(a.stdout).unwrap(),
        );
    }
}

#[test]
fn same_state_from_two_sources_keeps_the_earliest_date() {
    let v = score_json(&fixtures().join("combined"), "2026-01-01");
    let a = &v["teams"][0]["activities"]["f6f7737f-25a9-4317-8de2-09bf59f29b5b"];
    assert_eq!(a["since"], "2025-03-01");
    assert_eq!(a["value"], 1.0);
}

#[test]
fn as_of_scores_the_past() {
    let dir = fixtures().join("native-ok");
    let early = score_json(&dir, "2025-02-01");
    let late = score_json(&dir, "2026-01-01");
    let pay = |v: &serde_json::Value| {
        common::team(v, "Payments")["activities"]["f6f7737f-25a9-4317-8de2-09bf59f29b5b"].clone()
    };
    assert_eq!(pay(&early)["state"], "Started");
    assert_eq!(pay(&late)["state"], "Fully implemented");
    assert_eq!(early["as_of"], "2025-02-01");
}

#[test]
fn old_progress_form_scores_with_its_own_percentages() {
    let v = score_json(&fixtures().join("dsomm-v4"), "2026-01-01");
    let b = common::team(&v, "Team B");
    assert_eq!(
        b["activities"]["f6f7737f-25a9-4317-8de2-09bf59f29b5b"]["value"],
        0.3
    );
}

#[test]
fn human_output_names_file_line_column_and_hint() {
    let out = run(&["validate", fixtures().join("bad-input").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error[unknown-activity]: unknown activity `Defined biuld process`"),
        "{err}"
    );
    assert!(err.contains("teams/payments.yaml:4:3"), "{err}");
    assert!(
        err.contains("hint: did you mean `Defined build process`?"),
        "{err}"
    );
    assert!(err.contains("error(s)"), "{err}");
}

#[test]
fn bad_arguments_and_missing_input_fail_with_exit_2() {
    let out = run(&["score", "--as-of", "yesterday", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("failed to parse --as-of"));
    let out = run(&["validate", "/nonexistent/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/folder"));
}

#[test]
fn empty_folder_is_an_input_error() {
    let dir = std::env::temp_dir().join(format!("maturity-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (exit, got) = diagnostics(&dir);
    assert_eq!(exit, 1);
    assert!(got.iter().any(|g| g.contains("no-input")), "{got:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn regressions_and_expired_evidence_lower_the_score() {
    let dir = fixtures().join("history");
    let build = "f6f7737f-25a9-4317-8de2-09bf59f29b5b";
    let threat = "47419324-e263-415b-815d-e7161b6b905e";
    let before = score_json(&dir, "2025-05-31");
    let after = score_json(&dir, "2025-12-31");
    assert_eq!(before["teams"][0]["activities"][build]["value"], 1.0);
    assert_eq!(after["teams"][0]["activities"][build]["value"], 0.2);
    assert_eq!(
        after["teams"][0]["activities"][build]["since"],
        "2025-06-01"
    );
    // Threat modelling must be re-done within 180 days: fresh in May, expired by December.
    assert_eq!(before["teams"][0]["activities"][threat]["value"], 1.0);
    assert_eq!(after["teams"][0]["activities"][threat]["value"], 0.0);
    assert_eq!(after["teams"][0]["activities"][threat]["expired"], true);
}
