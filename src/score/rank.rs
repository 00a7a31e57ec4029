//! The one ranking of activities (weakest adoption first) and of teams (strongest first) that every output
//! uses, site, PDFs and scores.json alike, with documented tie-breaks, and how a cut list reports a tie.
//!
//! - Activities: lowest adoption first (share of the teams it applies to at 100 %), then lower level, then
//!   higher usefulness, then catalogue order.
//! - Teams: higher level first (teams with no level last), then higher completion, then name. Teams that
//!   have not assessed are not ranked.

use super::{Scores, TeamScore};
use crate::model::Catalog;
use std::ops::RangeInclusive;

/// An activity not yet fully implemented by every team it applies to.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// Index into the catalogue.
    pub activity: usize,
    pub implemented: usize,
    pub applicable: usize,
}

impl Gap {
    pub fn adoption(&self) -> f64 {
        self.implemented as f64 / self.applicable as f64
    }
}

/// A team's value on an activity: `None` when not applicable, 0 when nothing was recorded.
pub fn value(t: &TeamScore, uuid: &str) -> Option<f64> {
    t.activities.get(uuid).map_or(Some(0.0), |a| a.value)
}

/// The activities of `levels` that some of `teams` (assessed ones) still miss, weakest first.
pub fn gaps(cat: &Catalog, teams: &[&TeamScore], levels: RangeInclusive<u8>) -> Vec<Gap> {
    let teams: Vec<&&TeamScore> = teams.iter().filter(|t| t.assessed).collect();
    let mut out: Vec<Gap> = Vec::new();
    for (i, a) in cat.activities.iter().enumerate() {
        if !levels.contains(&a.level) {
            continue;
        }
        let vals = teams.iter().filter_map(|t| value(t, &a.uuid));
        let (applicable, implemented) =
            vals.fold((0, 0), |(n, k), v| (n + 1, k + usize::from(v >= 1.0)));
        if applicable > 0 && implemented < applicable {
            out.push(Gap {
                activity: i,
                implemented,
                applicable,
            });
        }
    }
    out.sort_by(|x, y| {
        let (a, b) = (&cat.activities[x.activity], &cat.activities[y.activity]);
        // Compare adoption exactly (k1/n1 < k2/n2  <=>  k1*n2 < k2*n1), so equal shares are ties.
        (x.implemented * y.applicable)
            .cmp(&(y.implemented * x.applicable))
            .then(a.level.cmp(&b.level))
            .then(b.usefulness.cmp(&a.usefulness))
            .then(x.activity.cmp(&y.activity))
    });
    out
}

/// A list cut inside a run of equal values: how many share the value at the cut, and how many of those
/// are shown. Outputs say e.g. "24 activities are tied at 6 %; showing 5".
#[derive(Debug, Clone, PartialEq)]
pub struct Tie {
    pub tied: usize,
    pub shown: usize,
    pub adoption: f64,
}

impl Tie {
    /// The sentence every output prints under a cut list.
    pub fn sentence(&self) -> String {
        format!(
            "{} activities are tied at {:.0} % adoption; showing {} (lower level first, then the more useful)",
            self.tied,
            self.adoption * 100.0,
            self.shown
        )
    }
}

/// The first `max` gaps, and the tie the cut falls into, if any.
pub fn cut(gaps: &[Gap], max: usize) -> (Vec<Gap>, Option<Tie>) {
    let shown: Vec<Gap> = gaps.iter().take(max).cloned().collect();
    let tie = match (shown.last(), gaps.get(max)) {
        (Some(last), Some(next)) if same(last, next) => {
            let tied = gaps.iter().filter(|g| same(g, last)).count();
            let shown_tied = shown.iter().filter(|g| same(g, last)).count();
            Some(Tie {
                tied,
                shown: shown_tied,
                adoption: last.adoption(),
            })
        }
        _ => None,
    };
    (shown, tie)
}

fn same(a: &Gap, b: &Gap) -> bool {
    a.implemented * b.applicable == b.implemented * a.applicable
}

/// Assessed teams, strongest first.
pub fn teams(scores: &Scores) -> Vec<&TeamScore> {
    let mut ts: Vec<&TeamScore> = scores.teams.iter().filter(|t| t.assessed).collect();
    ts.sort_by(|a, b| {
        b.level
            .cmp(&a.level)
            .then(
                b.completion
                    .unwrap_or(0.0)
                    .total_cmp(&a.completion.unwrap_or(0.0)),
            )
            .then(a.name.cmp(&b.name))
    });
    ts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(activity: usize, implemented: usize, applicable: usize) -> Gap {
        Gap {
            activity,
            implemented,
            applicable,
        }
    }

    #[test]
    fn a_cut_inside_a_tie_says_how_many_share_the_value() {
        let gaps = vec![
            g(0, 0, 4),
            g(1, 1, 16),
            g(2, 1, 16),
            g(3, 2, 32),
            g(4, 1, 2),
        ];
        let cases = [
            (1, None),
            (2, Some((3, 1))),
            (3, Some((3, 2))),
            (4, None),
            (9, None),
        ];
        for (max, want) in cases {
            let (shown, tie) = cut(&gaps, max);
            assert_eq!(shown.len(), max.min(gaps.len()));
            assert_eq!(tie.map(|t| (t.tied, t.shown)), want, "max {max}");
        }
        let (_, tie) = cut(&gaps, 2);
        assert_eq!(
            tie.unwrap().sentence(),
            "3 activities are tied at 6 % adoption; showing 1 (lower level first, then the more useful)"
        );
    }
}
