//! Synthetic OpenSSF Scorecard results for `maturity bench-data --repos N`: N repositories per team,
//! one result per repository at the end of each of the last four quarters, as NDJSON files of at
//! most 1,000 teams each (as `scorecard --repos` prints them). Scores follow the team's claims
//! with some noise, so every reconciliation status occurs.

use super::{Rng, TeamData, quote};
use crate::model::Catalog;
use crate::util::date::Date;
use std::fmt::Write as _;

/// Mapped checks and the activity (uuid) whose claim their score follows, plus unmapped checks.
const CHECKS: &[(&str, Option<&str>)] = &[
    ("SAST", Some("6c05c837-8c99-46e2-828b-7c903e27dba4")),
    (
        "Dependency-Update-Tool",
        Some("8ae0b92c-10e0-4602-ba22-7524d6aed488"),
    ),
    (
        "Pinned-Dependencies",
        Some("f3c4971e-9f4d-4e59-8ed0-f0bdb6262477"),
    ),
    (
        "Signed-Releases",
        Some("5786959d-0c6f-46a6-8e1c-a32ff1a50222"),
    ),
    ("SBOM", Some("2858ac12-0179-40d9-9acf-1b839c030473")),
    (
        "Branch-Protection",
        Some("e7598ac4-b082-4e56-b7df-e2c6b426a5e2"),
    ),
    ("Code-Review", Some("e7598ac4-b082-4e56-b7df-e2c6b426a5e2")),
    ("CI-Tests", Some("598897a2-358e-441f-984c-e12ec4f6110a")),
    ("Maintained", None),
    ("Token-Permissions", None),
    ("Vulnerabilities", None),
];

/// Teams per NDJSON file (keeps each file far below the input size limit).
const TEAMS_PER_FILE: usize = 1000;

/// Whether the team claims the activity fully implemented (state 3) on `day`.
fn claims(cat: &Catalog, t: &TeamData, uuid: &str, day: Date) -> bool {
    let Some(i) = cat.by_uuid(uuid) else {
        return false;
    };
    t.acts
        .iter()
        .any(|(ai, recs, _, _)| *ai == i && recs.iter().any(|(s, d)| *s == 3 && *d <= day))
}

/// The repositories of team `i`.
pub fn repos(i: usize, n: usize) -> Vec<String> {
    (0..n)
        .map(|r| format!("github.com/synthetic-org/team-{i:05}-repo-{r}"))
        .collect()
}

/// The result files (relative path, NDJSON).
pub fn files(rng: &mut Rng, cat: &Catalog, teams: &[TeamData], n: usize) -> Vec<(String, Vec<u8>)> {
    let dates = [(2025, 12, 31), (2026, 3, 31), (2026, 6, 30), (2026, 9, 29)];
    let mut out = Vec::new();
    for (y, m, d) in dates {
        let day = Date::from_ymd(y, m, d).expect("date");
        for (chunk, group) in teams.chunks(TEAMS_PER_FILE).enumerate() {
            let mut text = String::new();
            for (k, t) in group.iter().enumerate() {
                let i = chunk * TEAMS_PER_FILE + k;
                for repo in repos(i, n) {
                    let mut checks = Vec::new();
                    let mut sum = 0i64;
                    let mut count = 0i64;
                    for (name, act) in CHECKS {
                        let claimed = act.is_some_and(|u| claims(cat, t, u, day));
                        let good = rng.unit() < if claimed { 0.85 } else { 0.35 };
                        let score: i64 = if rng.unit() < 0.05 {
                            -1
                        } else if good {
                            7 + rng.below(4) as i64
                        } else {
                            rng.below(7) as i64
                        };
                        if score >= 0 {
                            sum += score;
                            count += 1;
                        }
                        checks.push(format!(
                            "{{\"details\":null,\"score\":{score},\"reason\":{},\"name\":\"{name}\",\"documentation\":{{\"short\":\"\",\"url\":\"https://github.com/ossf/scorecard/blob/main/docs/checks.md\"}}}}",
                            quote(&format!("synthetic result, score {score}"))
                        ));
                    }
                    let agg = if count > 0 {
                        sum as f64 / count as f64
                    } else {
                        -1.0
                    };
                    let _ = writeln!(
                        text,
                        "{{\"date\":\"{day}T03:00:00Z\",\"repo\":{{\"name\":{},\"commit\":\"{:040x}\"}},\"scorecard\":{{\"version\":\"v5.2.1\",\"commit\":\"unknown\"}},\"score\":{agg:.1},\"checks\":[{}]}}",
                        quote(&repo),
                        rng.next() as u128,
                        checks.join(",")
                    );
                }
            }
            out.push((
                format!("results/scorecard/{day}-{chunk:03}.ndjson"),
                text.into_bytes(),
            ));
        }
    }
    out
}
