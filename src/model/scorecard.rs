//! OpenSSF Scorecard evidence, validated: results per repository, which team owns which repository,
//! and the rules that map Scorecard checks to DSOMM activities.

use crate::util::date::Date;
use serde::Serialize;
use std::collections::BTreeMap;

/// Check names Scorecard v5 knows; others are kept, and a mapping naming one of them gets no warning.
pub const KNOWN_CHECKS: &[&str] = &[
    "Binary-Artifacts",
    "Branch-Protection",
    "CI-Tests",
    "CII-Best-Practices",
    "Code-Review",
    "Contributors",
    "Dangerous-Workflow",
    "Dependency-Update-Tool",
    "Fuzzing",
    "License",
    "Maintained",
    "Packaging",
    "Pinned-Dependencies",
    "SAST",
    "SBOM",
    "Security-Policy",
    "Signed-Releases",
    "Token-Permissions",
    "Vulnerabilities",
    "Webhooks",
];

/// One check of one Scorecard result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    pub name: String,
    /// 0..=10, or -1 when Scorecard could not decide (inconclusive).
    pub score: i8,
    pub reason: String,
    pub details: Vec<String>,
}

/// One Scorecard run over one repository.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunResult {
    /// Normalised repository name (see [`repo_key`]).
    pub repo: String,
    pub date: Date,
    /// The `date` field as written, breaks ties between results of the same day.
    pub stamp: String,
    pub commit: String,
    pub version: String,
    /// The aggregate score (-1 when nothing was conclusive).
    pub score: f64,
    pub checks: Vec<Check>,
    /// Where the result was read (`file:line`).
    pub source: String,
}

/// "When check `check` scores at least `threshold`, activity `activity` is observed as in place."
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    pub check: String,
    /// Index into `Catalog::activities`.
    pub activity: usize,
    pub threshold: u8,
}

/// Everything `scorecard:` in maturity.yaml brings in.
#[derive(Debug, Clone, Default)]
pub struct Scorecard {
    /// Results by normalised repository, oldest first (date, stamp, then reading order).
    pub results: BTreeMap<String, Vec<RunResult>>,
    /// Team name -> the normalised repositories it owns (sorted, deduplicated).
    pub owners: BTreeMap<String, Vec<String>>,
    /// The same, by repository: normalised repository -> owning teams (sorted).
    pub repo_owners: BTreeMap<String, Vec<String>>,
    /// The mapping, sorted by check name, then activity index.
    pub rules: Vec<Rule>,
    /// `scorecard: {contradicted_counts_as: X}`: the value a contradicted claim counts as (0..1).
    pub contradicted_counts_as: Option<f64>,
}

impl Scorecard {
    /// The newest result for `repo` dated on or before `as_of`.
    pub fn latest(&self, repo: &str, as_of: Date) -> Option<&RunResult> {
        let list = self.results.get(repo)?;
        let n = list.partition_point(|r| r.date <= as_of);
        n.checked_sub(1).map(|i| &list[i])
    }

    /// The mapping's rules for an activity.
    pub fn rules_for(&self, activity: usize) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(move |r| r.activity == activity)
    }
}

/// A repository name as compared between results and team files: without `https://` or `http://`,
/// a trailing `/` or `.git`, in lower case (GitHub and GitLab names are case-insensitive).
pub fn repo_key(name: &str) -> String {
    let s = name.trim();
    let s = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(s);
    let s = s.trim_end_matches('/');
    let s = s.strip_suffix(".git").unwrap_or(s);
    s.to_lowercase()
}
