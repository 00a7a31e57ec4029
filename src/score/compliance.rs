//! How far each team covers each framework reference (ISO 27001:2022 and 2017 controls, SAMM 2 streams)
//! through the activities the catalogue maps to it. Pure; shared by the compliance page and its exports.
//!
//! For one team and one reference, over the mapped activities that apply to the team:
//! - **full**: every one is fully implemented;
//! - **partial**: some, not all, are fully implemented;
//! - **none**: none is;
//! - **not applicable**: no mapped activity applies to the team.

use super::TeamScore;
use super::rank::value;
use crate::model::{Activity, Catalog};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// The frameworks the catalogue maps to: (key, title).
pub const FRAMEWORKS: [(&str, &str); 3] = [
    ("iso27001-2022", "ISO/IEC 27001:2022"),
    ("samm2", "OWASP SAMM 2"),
    ("iso27001-2017", "ISO/IEC 27001:2017"),
];

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Cover {
    Full,
    Partial,
    None,
    NotApplicable,
}

/// One reference: the activities mapped to it and how the teams cover it.
#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    pub code: String,
    /// Catalogue indexes of the mapped activities, in catalogue order.
    pub activities: Vec<usize>,
    pub full: usize,
    pub partial: usize,
    pub none: usize,
    /// The cover of each assessed team, in the order of the teams given to [`coverage`] (one byte a
    /// team: at 10,000 teams a map by name cost about 30 MB a framework).
    pub teams: Vec<Cover>,
}

/// The codes of `framework` for one activity.
pub fn codes<'a>(a: &'a Activity, framework: &str) -> &'a [String] {
    match framework {
        "samm2" => &a.references.samm2,
        "iso27001-2017" => &a.references.iso27001_2017,
        _ => &a.references.iso27001_2022,
    }
}

/// Every reference of `framework`, in numeric order (5.2 before 5.12), with each assessed team's cover.
pub fn coverage(cat: &Catalog, teams: &[TeamScore], framework: &str) -> Vec<Reference> {
    let mut mapped: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, a) in cat.activities.iter().enumerate() {
        for c in codes(a, framework) {
            mapped.entry(c.as_str()).or_default().push(i);
        }
    }
    let mut out: Vec<Reference> = mapped
        .into_iter()
        .map(|(code, activities)| {
            let mut r = Reference {
                code: code.to_string(),
                activities,
                full: 0,
                partial: 0,
                none: 0,
                teams: Vec::new(),
            };
            for t in teams.iter().filter(|t| t.assessed) {
                let cover = cover(cat, t, &r.activities);
                match cover {
                    Cover::Full => r.full += 1,
                    Cover::Partial => r.partial += 1,
                    Cover::None => r.none += 1,
                    Cover::NotApplicable => {}
                }
                r.teams.push(cover);
            }
            r
        })
        .collect();
    out.sort_by(|a, b| numeric_order(&a.code, &b.code));
    out
}

/// One team's cover of a reference mapped to `activities`.
pub fn cover(cat: &Catalog, t: &TeamScore, activities: &[usize]) -> Cover {
    let vals: Vec<f64> = activities
        .iter()
        .filter_map(|&i| value(t, &cat.activities[i].uuid))
        .collect();
    let done = vals.iter().filter(|v| **v >= 1.0).count();
    match (vals.len(), done) {
        (0, _) => Cover::NotApplicable,
        (n, d) if d == n => Cover::Full,
        (_, 0) => Cover::None,
        _ => Cover::Partial,
    }
}

/// Orders codes by their numeric parts (`5.2` < `5.12` < `A.6.1.2`), then as text.
pub fn numeric_order(a: &str, b: &str) -> Ordering {
    let parts = |s: &str| -> Vec<(u64, String)> {
        s.split(['.', '-'])
            .map(|p| (p.parse::<u64>().unwrap_or(u64::MAX), p.to_string()))
            .collect()
    };
    parts(a).cmp(&parts(b)).then(a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::numeric_order;

    #[test]
    fn codes_sort_by_their_numbers() {
        let mut codes = vec![
            "5.12", "8.10", "5.2", "5.1", "8.8", "12.1.1", "9.4.1", "I-SB-A-2", "I-SB-A-1",
        ];
        codes.sort_by(|a, b| numeric_order(a, b));
        assert_eq!(
            codes,
            [
                "5.1", "5.2", "5.12", "8.8", "8.10", "9.4.1", "12.1.1", "I-SB-A-1", "I-SB-A-2"
            ]
        );
    }
}
