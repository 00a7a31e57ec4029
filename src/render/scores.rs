//! scores.json, the JSON contract of `score --format json` and of every build: pretty JSON with every
//! object's keys sorted.
//!
//! Written team by team: the whole scores as one `serde_json::Value` took about ten times the size of
//! the JSON (10,000 teams: 1.7 GB for a 164 MB file, the peak of the whole build). Only the organisation
//! part and one team at a time exist as values now; a test checks the bytes against the one-value form.

use crate::score::{CatalogInfo, GroupScore, OrgScore, Scores, scorecard::Observed};
use crate::util::date::Date;
use serde::Serialize;

/// Every field of `Scores` but `teams`, which sorts last and is written separately.
#[derive(Serialize)]
struct Head<'a> {
    as_of: &'a Date,
    catalog: &'a CatalogInfo,
    groups: &'a [GroupScore],
    org: &'a OrgScore,
    #[serde(skip_serializing_if = "Option::is_none")]
    observed: &'a Option<Observed>,
}

/// Room reserved per team in the pretty form (see `json`); half of it in the compact one.
const TEAM_ROOM: usize = 36 * 1024;

/// Pretty JSON of `v` with every object's keys sorted (serde_json's `Value` keeps keys in a sorted map).
fn sorted_pretty<T: Serialize>(v: &T) -> String {
    let v = serde_json::to_value(v).expect("scores serialize");
    serde_json::to_string_pretty(&v).expect("json value prints")
}

/// Every field but `teams`, as a sorted `Value`.
fn head(scores: &Scores) -> serde_json::Value {
    let Scores {
        as_of,
        catalog,
        teams: _,
        groups,
        org,
        observed,
    } = scores;
    serde_json::to_value(Head {
        as_of,
        catalog,
        groups,
        org,
        observed,
    })
    .expect("scores serialize")
}

/// The scores as pretty JSON with every object's keys sorted; byte-identical for the same input.
pub fn json(scores: &Scores) -> String {
    let teams = &scores.teams;
    let head = serde_json::to_string_pretty(&head(scores)).expect("json value prints");
    // `head` ends with "\n}"; "teams" follows the last key in sorted order.
    // About twice what a team takes (18 KB pretty at 10,000 teams): growing past the capacity copies the
    // whole string into one twice as large (the peak of `score --format json`), while capacity that is
    // never written is not resident memory.
    let mut out = String::with_capacity(head.len() + teams.len() * TEAM_ROOM);
    out.push_str(head.strip_suffix("\n}").expect("an object"));
    if teams.is_empty() {
        out.push_str(",\n  \"teams\": []\n}\n");
        return out;
    }
    out.push_str(",\n  \"teams\": [");
    for (i, team) in teams.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        // One level deeper than on its own: JSON strings hold no raw newline, so every line is indented.
        for (j, line) in sorted_pretty(team).lines().enumerate() {
            if j > 0 {
                out.push('\n');
            }
            out.push_str("    ");
            out.push_str(line);
        }
    }
    out.push_str("\n  ]\n}\n");
    out
}

/// The same as one line (keys sorted), team by team too: the site's scores.json above
/// `COMPACT_JSON_TEAMS` teams. Through one `Value` of the whole scores it took 0.9 GB at 10,000 teams.
pub fn json_compact(scores: &Scores) -> String {
    let head = serde_json::to_string(&head(scores)).expect("json value prints");
    let mut out = String::with_capacity(head.len() + scores.teams.len() * TEAM_ROOM / 2);
    // `head` ends with "}"; "teams" follows the last key in sorted order.
    out.push_str(head.strip_suffix('}').expect("an object"));
    out.push_str(",\"teams\":[");
    for (i, team) in scores.teams.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let v = serde_json::to_value(team).expect("scores serialize");
        out.push_str(&serde_json::to_string(&v).expect("json value prints"));
    }
    out.push_str("]}\n");
    out
}

#[cfg(test)]
mod tests {
    /// The one-value form this module replaced.
    fn reference(scores: &crate::score::Scores) -> String {
        let v = serde_json::to_value(scores).unwrap();
        serde_json::to_string_pretty(&v).unwrap() + "\n"
    }

    #[test]
    fn team_by_team_json_equals_the_one_value_form() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let today = crate::util::date::Date::parse("2026-10-01").unwrap();
        let (v, _) = crate::read_input(&dir, today).unwrap();
        let mut scores = crate::score::score(&v.org, today);
        let compact = |s: &crate::score::Scores| {
            let v = serde_json::to_value(s).unwrap();
            serde_json::to_string(&v).unwrap() + "\n"
        };
        assert_eq!(super::json(&scores), reference(&scores));
        assert_eq!(super::json_compact(&scores), compact(&scores));
        scores.teams.truncate(1);
        assert_eq!(super::json(&scores), reference(&scores));
        assert_eq!(super::json_compact(&scores), compact(&scores));
        scores.teams.clear();
        assert_eq!(super::json(&scores), reference(&scores));
        assert_eq!(super::json_compact(&scores), compact(&scores));
    }
}
