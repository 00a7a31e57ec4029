//! "What we ask for" in the executive summary: up to four requests derived from the scores.

use super::common::{Gap, names, pct, plural, value};
use crate::model::{Activity, Org};
use crate::score::{Scores, TeamScore};
use serde::Serialize;

/// A request to the reader, generated from the numbers.
#[derive(Debug, Clone, Serialize)]
pub struct Ask {
    pub title: String,
    pub detail: String,
}

pub(super) fn asks(org: &Org, scores: &Scores, risks: &[Gap]) -> Vec<Ask> {
    let mut out = Vec::new();
    let cat = &org.catalog;
    let level1: Vec<&Activity> = cat.activities.iter().filter(|a| a.level == 1).collect();
    let below: Vec<&TeamScore> = scores.teams.iter().filter(|t| t.level == Some(0)).collect();
    if !below.is_empty() {
        let missing: usize = below
            .iter()
            .map(|t| {
                level1
                    .iter()
                    .filter(|a| value(t, &a.uuid).is_some_and(|v| v < 1.0))
                    .count()
            })
            .sum();
        out.push(Ask {
            title: format!("Fund level-1 gaps in {}", plural(below.len(), "team", "teams")),
            detail: format!(
                "{} of {} teams have not yet completed the DSOMM baseline (level 1); together they miss {}. Time for these teams to close them is the cheapest risk reduction available.",
                below.len(),
                scores.teams.len(),
                plural(missing, "level-1 activity", "level-1 activities")
            ),
        });
    }
    if let Some(r) = risks.first() {
        let others: Vec<String> = risks
            .iter()
            .skip(1)
            .take(2)
            .map(|g| g.name.clone())
            .collect();
        let also = if others.is_empty() {
            String::new()
        } else {
            format!(" Next in line: {}.", names(&others))
        };
        out.push(Ask {
            title: format!("Make \u{201c}{}\u{201d} a shared standard", r.name),
            detail: format!(
                "Only {} of {} teams have fully implemented it ({}). A central solution or template would close this gap across the organisation at once.{also}",
                r.implemented,
                r.applicable,
                r.adoption.text
            ),
        });
    }
    let behind: Vec<String> = scores
        .teams
        .iter()
        .filter(|t| {
            t.target_level
                .is_some_and(|l| t.level.is_some_and(|x| x < l))
        })
        .map(|t| t.name.clone())
        .collect();
    if !behind.is_empty() {
        out.push(Ask {
            title: format!(
                "Support {} below their target level",
                plural(behind.len(), "team", "teams")
            ),
            detail: format!(
                "{} {} not yet reached the level agreed for {}; ask their leads for a dated plan.",
                names(&behind),
                if behind.len() == 1 { "has" } else { "have" },
                if behind.len() == 1 { "it" } else { "them" }
            ),
        });
    }
    let weakest = scores
        .groups
        .iter()
        .filter(|g| g.completion.is_some())
        .min_by(|a, b| {
            a.completion
                .unwrap_or(0.0)
                .total_cmp(&b.completion.unwrap_or(0.0))
        });
    if let Some(g) = weakest
        && scores.groups.len() > 1
        && g.completion < scores.org.completion
    {
        out.push(Ask {
            title: format!("Give {} focused support", g.name),
            detail: format!(
                "Its {} reach {} completion against {} for the organisation, the lowest of {}.",
                plural(g.teams.len(), "team", "teams"),
                pct(g.completion).text,
                pct(scores.org.completion).text,
                plural(scores.groups.len(), "group", "groups")
            ),
        });
    }
    if out.is_empty() {
        out.push(Ask { title: "Keep the pace".into(), detail: "Every team has completed level 1 and no target is missed; plan the next level with the team leads.".into() });
    }
    out.truncate(4);
    out
}
