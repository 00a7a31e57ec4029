//! Views of Scorecard observations shared by the site and the PDFs: status marks, check rows, the
//! headline sentence and the note shown wherever contradicted claims change a figure.

use crate::score::Scores;
use crate::score::scorecard::{CheckSeen, Observation, Status, Tally};
use serde::Serialize;

/// One check score behind a mark.
#[derive(Serialize, Clone, Debug)]
pub struct CheckView {
    pub repo: String,
    pub check: String,
    /// `"0/10"`, or `"inconclusive"` for -1.
    pub score: String,
    pub threshold: u8,
    pub date: String,
    pub reason: String,
    /// `"pass"`, `"fail"` or `"inconclusive"`.
    pub result: &'static str,
}

/// A checklist row's mark.
#[derive(Serialize, Clone, Debug)]
pub struct ObservedView {
    /// confirmed, contradicted, unclaimed, not-met or inconclusive.
    pub status: &'static str,
    /// The status in words, e.g. "Contradicted by Scorecard".
    pub label: &'static str,
    /// A one-character mark: ✓ ✗ + − ?.
    pub mark: &'static str,
    pub checks: Vec<CheckView>,
}

pub fn label(s: Status) -> &'static str {
    match s {
        Status::Confirmed => "Confirmed by Scorecard",
        Status::Contradicted => "Contradicted by Scorecard",
        Status::Unclaimed => "Scorecard passes, not claimed",
        Status::NotMet => "Not claimed, Scorecard agrees",
        Status::Inconclusive => "Scorecard inconclusive",
    }
}

pub fn mark(s: Status) -> &'static str {
    match s {
        Status::Confirmed => "✓",
        Status::Contradicted => "✗",
        Status::Unclaimed => "+",
        Status::NotMet => "−",
        Status::Inconclusive => "?",
    }
}

pub fn check_view(c: &CheckSeen) -> CheckView {
    CheckView {
        repo: c.repo.clone(),
        check: c.check.clone(),
        score: if c.score < 0 {
            "inconclusive".into()
        } else {
            format!("{}/10", c.score)
        },
        threshold: c.threshold,
        date: c.date.to_string(),
        reason: c.reason.clone(),
        result: match c.passes() {
            Some(true) => "pass",
            Some(false) => "fail",
            None => "inconclusive",
        },
    }
}

pub fn view(o: &Observation) -> ObservedView {
    ObservedView {
        status: o.status.key(),
        label: label(o.status),
        mark: mark(o.status),
        checks: o.checks.iter().map(check_view).collect(),
    }
}

/// A short line for a PDF checklist row: the mark, and for a contradiction the failing scores
/// ("✗ Scorecard contradicts: checkout-web Pinned-Dependencies 4/10, needs 7"; repositories by last
/// path segment). The site shows every check.
pub fn line(o: &Observation) -> String {
    let short = match o.status {
        Status::Confirmed => "Scorecard confirms",
        Status::Contradicted => "Scorecard contradicts",
        Status::Unclaimed => "Scorecard passes",
        Status::NotMet => "Scorecard agrees: not met",
        Status::Inconclusive => "Scorecard inconclusive",
    };
    if o.status != Status::Contradicted {
        return format!("{} {short}", mark(o.status));
    }
    let failing: Vec<String> = o
        .checks
        .iter()
        .filter(|c| c.passes() == Some(false))
        .map(|c| {
            let repo = c.repo.rsplit('/').next().unwrap_or(&c.repo);
            format!("{repo} {} {}/10, needs {}", c.check, c.score, c.threshold)
        })
        .collect();
    format!("{} {short}: {}", mark(o.status), failing.join("; "))
}

/// "62 % of checkable claims confirmed by automated evidence; 14 contradictions in 9 teams".
pub fn headline(t: &Tally) -> String {
    let share = match t.share_confirmed {
        Some(s) => format!("{:.0} % of checkable claims", (s * 100.0).round()),
        None => "No checkable claims".to_string(),
    };
    let verb = if t.share_confirmed.is_some() {
        format!(" ({} of {})", t.confirmed, t.checkable())
    } else {
        String::new()
    };
    let contra = match (t.contradicted, t.teams_contradicted) {
        (0, _) => "no contradictions".to_string(),
        (1, _) => "1 contradiction in 1 team".to_string(),
        (n, 1) => format!("{n} contradictions in 1 team"),
        (n, k) => format!("{n} contradictions in {k} teams"),
    };
    if t.share_confirmed.is_some() {
        format!("{share}{verb} confirmed by automated evidence; {contra}")
    } else {
        format!(
            "{share} yet (no claim of a mapped activity has a conclusive Scorecard result); {contra}"
        )
    }
}

/// The note shown beside every completion figure when contradicted claims change scores.
pub fn counts_as_note(scores: &Scores) -> Option<String> {
    let x = scores.observed.as_ref()?.contradicted_counts_as?;
    Some(format!(
        "Claims contradicted by Scorecard evidence count as {:.0} % in every figure (scorecard.contradicted_counts_as).",
        x * 100.0
    ))
}
