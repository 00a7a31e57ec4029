//! scores.json, the JSON contract of `score --format json` and of every build: pretty JSON with every
//! object's keys sorted.
//!
//! Written team by team: the whole scores as one `serde_json::Value` took about ten times the size of
//! the JSON (10,000 teams: 1.7 GB for a 164 MB file, the peak of the whole build). Only the organisation
//! part and one team at a time exist as values now, and the text goes to a writer (the site streams it
//! to its file); a test checks the bytes against the one-value form.

use crate::score::{CatalogInfo, GroupScore, OrgScore, Scores, scorecard::Observed};
use crate::util::date::Date;
use serde::Serialize;
use std::io::Write;

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

/// Writes the scores as pretty JSON with every object's keys sorted, team by team; byte-identical for
/// the same input.
pub fn write_json(scores: &Scores, out: &mut dyn Write) -> std::io::Result<()> {
    let teams = &scores.teams;
    let head = serde_json::to_string_pretty(&head(scores)).expect("json value prints");
    // `head` ends with "\n}"; "teams" follows the last key in sorted order.
    out.write_all(head.strip_suffix("\n}").expect("an object").as_bytes())?;
    if teams.is_empty() {
        return out.write_all(b",\n  \"teams\": []\n}\n");
    }
    out.write_all(b",\n  \"teams\": [")?;
    let mut team_text = String::new();
    for (i, team) in teams.iter().enumerate() {
        team_text.clear();
        team_text.push_str(if i == 0 { "\n" } else { ",\n" });
        // One level deeper than on its own: JSON strings hold no raw newline, so every line is indented.
        for (j, line) in sorted_pretty(team).lines().enumerate() {
            if j > 0 {
                team_text.push('\n');
            }
            team_text.push_str("    ");
            team_text.push_str(line);
        }
        out.write_all(team_text.as_bytes())?;
    }
    out.write_all(b"\n  ]\n}\n")
}

/// The same as one line (keys sorted), team by team too: the site's scores.json above
/// `COMPACT_JSON_TEAMS` teams. Through one `Value` of the whole scores it took 0.9 GB at 10,000 teams.
pub fn write_json_compact(scores: &Scores, out: &mut dyn Write) -> std::io::Result<()> {
    let head = serde_json::to_string(&head(scores)).expect("json value prints");
    // `head` ends with "}"; "teams" follows the last key in sorted order.
    out.write_all(head.strip_suffix('}').expect("an object").as_bytes())?;
    out.write_all(b",\"teams\":[")?;
    for (i, team) in scores.teams.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        let v = serde_json::to_value(team).expect("scores serialize");
        serde_json::to_writer(&mut *out, &v)?;
    }
    out.write_all(b"]}\n")
}

/// [`write_json`] into a string (`score --format json`, tests).
pub fn json(scores: &Scores) -> String {
    let mut out = Vec::new();
    write_json(scores, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// [`write_json_compact`] into a string.
pub fn json_compact(scores: &Scores) -> String {
    let mut out = Vec::new();
    write_json_compact(scores, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("JSON is UTF-8")
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
