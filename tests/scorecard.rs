//! OpenSSF Scorecard evidence, end to end through the real binary over tests/fixtures/scorecard: real
//! Scorecard output (ossf/scorecard test data, Apache-2.0, see its NOTICE) plus NDJSON and array files,
//! a repository owned by two teams, dated results, every reconciliation status, the policy,
//! `contradicted_counts_as`, the site and CSV. Located errors are in tests/fixtures/scorecard-bad
//! (checked by tests/cli.rs like every fixture).

mod common;

use common::output as run;
use common::score_json as score;
use common::team;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scorecard")
}

const SAST: &str = "6c05c837-8c99-46e2-828b-7c903e27dba4";
const AUTO_PRS: &str = "8ae0b92c-10e0-4602-ba22-7524d6aed488";
const PINNING: &str = "f3c4971e-9f4d-4e59-8ed0-f0bdb6262477";
const SIGNING: &str = "5786959d-0c6f-46a6-8e1c-a32ff1a50222";
const TESTS: &str = "598897a2-358e-441f-984c-e12ec4f6110a";

/// A copy of the fixture with maturity.yaml's `scorecard:` line replaced.
fn variant(name: &str, scorecard_line: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("maturity-sc-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy(&fixture(), &dir);
    let p = dir.join("maturity.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    let text = text.replace("scorecard: results/scorecard", scorecard_line);
    std::fs::write(&p, text).unwrap();
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let t = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy(&p, &t);
        } else {
            std::fs::copy(&p, &t).unwrap();
        }
    }
}

#[test]
fn scores_json_matches_the_snapshot_and_has_every_status() {
    let args = ["score", "--format", "json", "--as-of", "2026-10-01"];
    let dir = fixture();
    let a = run(&[&args[..], &[dir.to_str().unwrap()]].concat());
    let b = run(&[&args[..], &[dir.to_str().unwrap()]].concat());
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert_eq!(a.stdout, b.stdout, "output differs between runs");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/scorecard.score.json");
    let got = String::from_utf8(a.stdout).unwrap();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() || !path.exists() {
        std::fs::write(&path, &got).unwrap();
    } else {
        assert!(
            std::fs::read_to_string(&path).unwrap() == got,
            "snapshot scorecard.score.json differs; rerun with UPDATE_SNAPSHOTS=1 after checking the change"
        );
    }
    let v: Value = serde_json::from_str(&got).unwrap();
    let status = |t: &str, a: &str| team(&v, t)["observations"][a]["status"].clone();
    assert_eq!(status("Checkout", SAST), "contradicted");
    assert_eq!(status("Checkout", AUTO_PRS), "confirmed");
    assert_eq!(status("Checkout", PINNING), "unclaimed");
    assert_eq!(status("Checkout", TESTS), "not-met");
    // -1 (no releases) with `details: null`.
    assert_eq!(status("Checkout", SIGNING), "inconclusive");
    assert_eq!(
        team(&v, "Checkout")["observations"][SIGNING]["checks"][0]["score"],
        -1
    );
    // Payments marks signing not applicable: no observation.
    assert!(team(&v, "Payments")["observations"].get(SIGNING).is_none());
    // Real ossf/scorecard test data, owned through maturity.yaml `repositories:`: the 2023 result
    // (Check-Name 0, Check-Name3 -1) is newer than the 2021 one (Check-Name 5).
    assert_eq!(status("Legacy", TESTS), "contradicted");
    assert_eq!(
        team(&v, "Legacy")["observations"][TESTS]["checks"][0]["date"],
        "2023-03-02"
    );
    assert_eq!(status("Legacy", PINNING), "inconclusive");
    // github.com/acme/shared-lib is owned by Checkout and Payments (written differently): both see it.
    for t in ["Checkout", "Payments"] {
        let checks = team(&v, t)["observations"][AUTO_PRS]["checks"]
            .as_array()
            .unwrap()
            .clone();
        assert!(
            checks
                .iter()
                .any(|c| c["repo"] == "github.com/acme/shared-lib"),
            "{t}: {checks:?}"
        );
    }
    let org = &v["observed"]["org"];
    assert_eq!(org["confirmed"], 2);
    assert_eq!(org["contradicted"], 2);
    assert_eq!(org["teams_contradicted"], 2);
    assert_eq!(org["share_confirmed"], 0.5);
    // Without `contradicted_counts_as` scores are unchanged.
    assert_eq!(team(&v, "Checkout")["activities"][SAST]["value"], 1.0);
    assert!(
        team(&v, "Checkout")["activities"][SAST]
            .get("contradicted")
            .is_none()
    );
}

#[test]
fn the_newest_result_on_or_before_as_of_counts() {
    // On 2026-08-01 only the 2026-06-30 results exist: Checkout's SAST was 10 then.
    let v = score(&fixture(), "2026-08-01");
    let o = &team(&v, "Checkout")["observations"][SAST];
    assert_eq!(o["status"], "confirmed");
    assert_eq!(o["checks"][0]["date"], "2026-06-30");
    // shared-lib had no update tool on 2026-06-30.
    assert_eq!(
        team(&v, "Payments")["observations"][AUTO_PRS]["status"],
        "contradicted"
    );
    // Before any result: no observations at all.
    let v = score(&fixture(), "2020-01-01");
    assert!(team(&v, "Checkout").get("observations").is_none());
}

#[test]
fn contradicted_counts_as_changes_scores_visibly() {
    let dir = variant(
        "counts",
        "scorecard: {results: results/scorecard, contradicted_counts_as: 0}",
    );
    let v = score(&dir, "2026-10-01");
    let base = score(&fixture(), "2026-10-01");
    let a = &team(&v, "Checkout")["activities"][SAST];
    assert_eq!(a["value"], 0.0);
    assert_eq!(a["contradicted"], true);
    assert_eq!(a["state"], "Fully implemented");
    assert!(
        team(&v, "Checkout")["completion"].as_f64()
            < team(&base, "Checkout")["completion"].as_f64()
    );
    assert_eq!(v["observed"]["contradicted_counts_as"], 0.0);
    let out = dir.join("out");
    let b = run(&[
        "build",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--only",
        "site",
        "-q",
    ]);
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    let note = "Claims contradicted by Scorecard evidence count as 0 %";
    for page in [
        "index.html",
        "teams/checkout.html",
        "groups/retail.html",
        "evidence/index.html",
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains(note), "{page} lacks the note");
    }
    let html = std::fs::read_to_string(out.join("teams/checkout.html")).unwrap();
    assert!(html.contains("Fully implemented (contradicted, counts as 0 %)"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_scorecard_nothing_changes() {
    let dir = variant("none", "");
    let out = run(&[
        "score",
        "--format",
        "json",
        "--as-of",
        "2026-10-01",
        dir.to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("observations") && !text.contains("\"observed\""));
    let v = run(&["validate", "--format", "json", dir.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&v.stdout).unwrap();
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    // `repositories`, `scorecard_mapping` and the policy's rule have nothing to work on: said so.
    assert_eq!(
        codes
            .iter()
            .filter(|c| **c == "scorecard-not-configured")
            .count(),
        3,
        "{codes:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_contradictions_policy_lists_activity_repo_check_and_score() {
    let dir = fixture();
    let out = run(&[
        "check",
        "--format",
        "json",
        "--as-of",
        "2026-10-01",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = v.to_string();
    assert!(
        text.contains("no claim contradicted by Scorecard evidence"),
        "{text}"
    );
    let teams = v["policies"][0]["teams"]
        .as_array()
        .or(v[0]["teams"].as_array())
        .cloned();
    let teams = teams.unwrap_or_else(|| panic!("{text}"));
    let failed: Vec<&str> = teams
        .iter()
        .filter(|t| t["passed"] == false)
        .map(|t| t["team"].as_str().unwrap())
        .collect();
    assert_eq!(failed, ["Checkout", "Legacy"]);
    assert!(text.contains(
        "`Static analysis for important server side components` is claimed Fully implemented but Scorecard contradicts it: github.com/acme/checkout SAST scored 0 (needs 7, 2026-09-28)"
    ), "{text}");
    // On 2026-08-01 Checkout's SAST claim still held, but shared-lib had no update tool yet, which
    // contradicts both of its owners' "Automated PRs for patches".
    let out = run(&[
        "check",
        "--format",
        "json",
        "--as-of",
        "2026-08-01",
        dir.to_str().unwrap(),
    ]);
    let failed = String::from_utf8_lossy(&out.stdout)
        .matches("\"passed\":false")
        .count()
        + String::from_utf8_lossy(&out.stdout)
            .matches("\"passed\": false")
            .count();
    assert_eq!(failed, 3, "Checkout and Payments (shared-lib) and Legacy");
}

#[test]
fn site_shows_marks_evidence_page_csv_and_ledger() {
    let dir = fixture();
    let out = std::env::temp_dir().join(format!("maturity-sc-{}-site", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let b = run(&[
        "build",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--only",
        "site",
        "--as-of",
        "2026-10-01",
        "-q",
    ]);
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    let team = read("teams/checkout.html");
    for want in [
        "Contradicted by Scorecard",
        "Confirmed by Scorecard",
        "Scorecard passes, not claimed",
        "Not claimed, Scorecard agrees",
        "Scorecard inconclusive",
        "Token-Permissions 0/10",
        "(not mapped)",
    ] {
        assert!(team.contains(want), "team page lacks {want}");
    }
    let legacy = read("teams/legacy.html");
    assert!(
        legacy.contains("Check-Name2 0/10"),
        "unknown checks are shown"
    );
    let ev = read("evidence/index.html");
    assert!(ev.contains("50 % of checkable claims (2 of 4) confirmed by automated evidence; 2 contradictions in 2 teams"));
    assert!(
        ev.contains("Attestations"),
        "an unknown, unmapped check is listed"
    );
    for page in [&ev, &read("teams/payments.html")] {
        assert!(!page.contains("<script>alert"), "result text is escaped");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;"));
    }
    let index = read("index.html");
    assert!(index.contains("evidence/index.html") && index.contains("2 contradictions in 2 teams"));
    let csv = read("exports/observations.csv");
    assert!(csv.starts_with(
        "team,activity_uuid,activity,claim,status,repo,check,score,threshold,date,reason\r\n"
    ));
    assert!(csv.contains("Checkout,6c05c837-8c99-46e2-828b-7c903e27dba4,Static analysis for important server side components,Fully implemented,contradicted,github.com/acme/checkout,SAST,0,7,2026-09-28,"));
    assert!(csv.contains(",Signed-Releases,-1,7,"));
    let ledger: Value = serde_json::from_str(&read("ledger.json")).unwrap();
    let row = ledger
        .as_object()
        .unwrap()
        .iter()
        .find(|(k, _)| k.ends_with("acme-2026-09-28.ndjson"))
        .map(|(_, v)| v.clone())
        .unwrap();
    assert_eq!(
        (
            row["read"].as_u64(),
            row["used"].as_u64(),
            row["rejected"].as_u64()
        ),
        (Some(3), Some(2), Some(1))
    );
    let _ = std::fs::remove_dir_all(&out);
}
