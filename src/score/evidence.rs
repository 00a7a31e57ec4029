//! Evidence behind the claims: per team activity, the evidence recorded up to the as-of date, and how many
//! fully implemented activities have any (evidence coverage), per team, group and organisation. Pure.

use crate::model::TeamActivity;
use crate::util::date::Date;
use serde::Serialize;

/// One evidence item as `scores.json` carries it (the description stays on the site).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EvidenceItem {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// Where it was written: the file relative to the input folder, and the line.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "shared_str_opt")]
    pub file: Option<std::sync::Arc<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// The evidence of one team activity dated on or before `as_of` (undated evidence always counts).
pub fn items(ta: &TeamActivity, as_of: Date) -> Vec<EvidenceItem> {
    ta.evidence
        .iter()
        .enumerate()
        .filter(|(_, e)| e.date.is_none_or(|d| d <= as_of))
        .map(|(i, e)| EvidenceItem {
            title: e.title.clone(),
            date: e.date,
            reviewer: e.reviewer.clone(),
            links: e.links.clone(),
            file: ta.evidence_sources.get(i).map(|s| s.file.clone()),
            line: ta.evidence_sources.get(i).map(|s| s.line),
        })
        .collect::<Vec<_>>()
        // Exact: collected from a filter, the vector would keep room for 4 (27 MB at 10,000 teams).
        .into_boxed_slice()
        .into_vec()
}

fn shared_str_opt<S: serde::Serializer>(
    v: &Option<std::sync::Arc<str>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_some(&**v),
        None => s.serialize_none(),
    }
}

/// Of the fully implemented activities, how many have evidence.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Coverage {
    pub fully_implemented: usize,
    pub with_evidence: usize,
    /// `with_evidence / fully_implemented`; `null` when nothing is fully implemented.
    pub share: Option<f64>,
}

impl Coverage {
    pub fn new(fully_implemented: usize, with_evidence: usize) -> Coverage {
        Coverage {
            fully_implemented,
            with_evidence,
            share: (fully_implemented > 0).then(|| with_evidence as f64 / fully_implemented as f64),
        }
    }

    /// The coverage of several scopes together (pairs summed, not shares averaged).
    pub fn sum(parts: impl IntoIterator<Item = Coverage>) -> Coverage {
        let (n, k) = parts.into_iter().fold((0, 0), |(n, k), c| {
            (n + c.fully_implemented, k + c.with_evidence)
        });
        Coverage::new(n, k)
    }
}

#[cfg(test)]
mod tests {
    use super::Coverage;

    #[test]
    fn coverage_sums_pairs() {
        let c = Coverage::sum([
            Coverage::new(10, 1),
            Coverage::new(0, 0),
            Coverage::new(2, 2),
        ]);
        assert_eq!((c.fully_implemented, c.with_evidence), (12, 3));
        assert_eq!(c.share, Some(0.25));
        assert_eq!(Coverage::new(0, 0).share, None);
    }
}
