//! The team report's checklist: its rows per level, which levels it lists row by row, and one line for
//! each run of the others.

use super::Pct;
use serde::Serialize;

#[derive(Debug, Clone, Default, Serialize)]
pub struct StateCounts {
    pub full: usize,
    pub partial: usize,
    pub none: usize,
    pub na: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelBlock {
    pub level: u8,
    pub completion: Pct,
    pub org_completion: Pct,
    /// Listed row by row: the levels above the team's level up to the next one or the target level.
    pub checklist: bool,
    pub counts: StateCounts,
    pub activities: Vec<ActRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActRow {
    pub name: String,
    pub dimension: String,
    pub subdimension: String,
    pub state: String,
    /// `none`, `partial`, `full`, `na`, or `expired` (fully implemented, evidence too old: counts as 0).
    pub class: &'static str,
    pub since: Option<String>,
    pub evidence: Vec<String>,
    pub not_applicable: Option<String>,
    /// Scorecard's mark and the check scores behind it, e.g. "✗ Contradicted by Scorecard: ...".
    pub observed: Option<String>,
}

/// The levels a team report lists row by row: from the one above the team's level up to the target
/// level, or just the next level without a (higher) target. Level 5 teams get none.
pub fn checklist_levels(level: u8, target: Option<u8>) -> std::ops::RangeInclusive<u8> {
    let next = level + 1;
    next..=target.unwrap_or(0).max(next).min(5)
}

pub(super) fn level_counts(rows: &[ActRow]) -> StateCounts {
    let mut c = StateCounts::default();
    for r in rows {
        match r.class {
            "full" => c.full += 1,
            "partial" => c.partial += 1,
            "na" => c.na += 1,
            _ => c.none += 1,
        }
    }
    c
}

/// One line per run of consecutive levels outside the checklist: the completed ones below it ("Levels
/// 1-2: all 83 applicable activities fully implemented") and the ones above ("Levels 4-5: 3 of 50
/// applicable activities started, 1 fully implemented").
pub(super) fn checklist_summary(levels: &[LevelBlock]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < levels.len() {
        if levels[i].checklist {
            i += 1;
            continue;
        }
        let start = i;
        while i < levels.len() && !levels[i].checklist {
            i += 1;
        }
        let run = &levels[start..i];
        let (first, last) = (run[0].level, run[run.len() - 1].level);
        let range = if first == last {
            format!("Level {first}")
        } else {
            format!("Levels {first}-{last}")
        };
        let sum = |f: fn(&StateCounts) -> usize| run.iter().map(|l| f(&l.counts)).sum::<usize>();
        let (full, partial, na) = (sum(|c| c.full), sum(|c| c.partial), sum(|c| c.na));
        let applicable = sum(|c| c.full + c.partial + c.none);
        let na = if na > 0 {
            format!(" ({na} not applicable)")
        } else {
            String::new()
        };
        out.push(if applicable == 0 {
            format!("{range}: no applicable activities{na}.")
        } else if full + partial == 0 {
            format!("{range}: none of {applicable} applicable activities started{na}.")
        } else if full == applicable {
            format!("{range}: all {applicable} applicable activities fully implemented{na}.")
        } else {
            format!(
                "{range}: {} of {applicable} applicable activities started, {full} fully implemented{na}.",
                full + partial
            )
        });
    }
    out
}
