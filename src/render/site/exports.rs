//! Machine-readable files of the site: scores.json (the JSON contract), ledger.json and CSV exports.

use super::{File, SiteInput};
use crate::render::scores;
use crate::util::error::Result;

/// A CSV field: quoted when needed; a leading `= + - @`, TAB or CR (the characters OWASP lists for CSV
/// injection) is prefixed with `'` so spreadsheets do not run it.
fn field(s: &str) -> String {
    // A plain negative number (a Scorecard score of -1) is data, not a formula.
    let number = s
        .strip_prefix('-')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !number {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn line(fields: &[String]) -> String {
    fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",")
        + "\r\n"
}

fn num(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.4}")).unwrap_or_default()
}

/// Above this many teams the site's scores.json is written without indentation (less than half the size).
pub const COMPACT_JSON_TEAMS: usize = 1000;

fn scores_json(s: &crate::score::Scores) -> String {
    if s.teams.len() > COMPACT_JSON_TEAMS {
        scores::json_compact(s)
    } else {
        scores::json(s)
    }
}

pub fn all(input: &SiteInput, write: &mut dyn FnMut(&str, &[u8]) -> Result<()>) -> Result<()> {
    let org = input.org;
    let s = input.scores;
    // One file at a time, each dropped once written: together they are hundreds of MB at 10,000 teams.
    write("scores.json", scores_json(s).as_bytes())?;
    let mut states = line(
        &[
            "team",
            "activity_uuid",
            "activity",
            "dimension",
            "subdimension",
            "level",
            "state",
            "value",
            "since",
        ]
        .map(String::from),
    );
    for t in &s.teams {
        for a in &org.catalog.activities {
            // Only activities with a record or marked not applicable: the others are "not implemented"
            // (at 10,000 teams the full matrix alone would be 290 MB, see BENCHMARKS.md).
            let Some(x) = t.activities.get(&a.uuid) else {
                continue;
            };
            let (state, value, since) = (
                x.state.clone(),
                num(x.value),
                x.since.map(|d| d.to_string()).unwrap_or_default(),
            );
            states.push_str(&line(&[
                t.name.clone(),
                a.uuid.clone(),
                a.name.clone(),
                a.dimension.clone(),
                a.subdimension.clone(),
                a.level.to_string(),
                state.to_string(),
                value,
                since,
            ]));
        }
    }
    let mut head = vec![
        "team".to_string(),
        "groups".into(),
        "level".into(),
        "completion".into(),
    ];
    head.extend(org.catalog.dimensions.iter().map(|d| d.name.clone()));
    let mut dims = line(&head);
    for t in &s.teams {
        let mut row = vec![
            t.name.clone(),
            t.groups.join("; "),
            t.level.map(|l| l.to_string()).unwrap_or_default(),
            num(t.completion),
        ];
        row.extend(
            org.catalog
                .dimensions
                .iter()
                .map(|d| num(t.dimensions.get(&d.name).and_then(|x| x.completion))),
        );
        dims.push_str(&line(&row));
    }
    let ledger = serde_json::to_string_pretty(input.ledger).expect("ledger json") + "\n";
    write("ledger.json", ledger.as_bytes())?;
    write("exports/team-activity-states.csv", states.as_bytes())?;
    drop(states);
    write("exports/team-dimensions.csv", dims.as_bytes())?;
    write("exports/evidence.csv", evidence_csv(input).as_bytes())?;
    for (path, bytes) in observations(input) {
        write(&path, &bytes)?;
    }
    for (key, _) in crate::score::compliance::FRAMEWORKS {
        write(
            &format!("exports/compliance-{key}.csv"),
            compliance_csv(input, key).as_bytes(),
        )?;
    }
    Ok(())
}

/// Every evidence item up to the as-of date, one row each, with the team's state of the activity.
fn evidence_csv(input: &SiteInput) -> String {
    let head = [
        "team",
        "activity_uuid",
        "activity",
        "state",
        "title",
        "date",
        "reviewer",
        "links",
    ];
    let mut out = line(&head.map(String::from));
    let cat = &input.org.catalog;
    for t in &input.scores.teams {
        for a in &cat.activities {
            let Some(s) = t.activities.get(&a.uuid) else {
                continue;
            };
            for e in &s.evidence {
                out.push_str(&line(&[
                    t.name.clone(),
                    a.uuid.clone(),
                    a.name.clone(),
                    s.state.to_string(),
                    e.title.clone(),
                    e.date.map(|d| d.to_string()).unwrap_or_default(),
                    e.reviewer.clone().unwrap_or_default(),
                    e.links.join(" "),
                ]));
            }
        }
    }
    out
}

/// The names of the teams that have assessed, in the scores' order (the columns of the compliance
/// exports).
pub(super) fn assessed_names<'a>(input: &SiteInput<'a>) -> Vec<&'a str> {
    input
        .scores
        .teams
        .iter()
        .filter(|t| t.assessed)
        .map(|t| t.name.as_str())
        .collect()
}

/// One framework's references, one row each: title, mapped activities, the counts, then one column per
/// assessed team with its cover (`full`, `partial`, `none`, `not_applicable`).
fn compliance_csv(input: &SiteInput, framework: &str) -> String {
    use crate::score::compliance::{Cover, coverage};
    let teams = assessed_names(input);
    let mut head: Vec<String> = [
        "reference",
        "title",
        "activities",
        "full",
        "partial",
        "none",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    head.extend(teams.iter().map(|t| t.to_string()));
    let mut out = line(&head);
    for r in coverage(&input.org.catalog, &input.scores.teams, framework) {
        let acts: Vec<&str> = r
            .activities
            .iter()
            .map(|&i| input.org.catalog.activities[i].name.as_str())
            .collect();
        let mut row = vec![
            r.code.clone(),
            crate::render::references::title(framework, &r.code)
                .unwrap_or_default()
                .to_string(),
            acts.join("; "),
            r.full.to_string(),
            r.partial.to_string(),
            r.none.to_string(),
        ];
        row.extend(teams.iter().map(|t| {
            match r.teams.get(*t) {
                Some(Cover::Full) => "full",
                Some(Cover::Partial) => "partial",
                Some(Cover::None) => "none",
                Some(Cover::NotApplicable) | None => "not_applicable",
            }
            .to_string()
        }));
        out.push_str(&line(&row));
    }
    out
}

/// exports/observations.csv: one row per check score behind each (team, activity) observation.
fn observations(input: &SiteInput) -> Vec<File> {
    if input.org.scorecard.is_none() {
        return Vec::new();
    }
    let cat = &input.org.catalog;
    let mut out = line(
        &[
            "team",
            "activity_uuid",
            "activity",
            "claim",
            "status",
            "repo",
            "check",
            "score",
            "threshold",
            "date",
            "reason",
        ]
        .map(String::from),
    );
    for t in &input.scores.teams {
        for (uuid, o) in &t.observations {
            let name = cat
                .by_uuid(uuid)
                .map_or("", |i| cat.activities[i].name.as_str());
            let claim = t.activities.get(uuid).map_or_else(
                || input.org.progress.states[0].name.clone(),
                |a| a.state.to_string(),
            );
            for c in &o.checks {
                out.push_str(&line(&[
                    t.name.clone(),
                    uuid.clone(),
                    name.to_string(),
                    claim.clone(),
                    o.status.key().to_string(),
                    c.repo.clone(),
                    c.check.clone(),
                    c.score.to_string(),
                    c.threshold.to_string(),
                    c.date.to_string(),
                    c.reason.clone(),
                ]));
            }
        }
    }
    vec![("exports/observations.csv".into(), out.into_bytes())]
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(super::field("a,b"), "\"a,b\"");
        assert_eq!(super::field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(super::field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(super::field("plain"), "plain");
        assert_eq!(super::field("\t=1+2"), "'\t=1+2");
        assert_eq!(super::field("\r=1+2"), "\"'\r=1+2\"");
        assert_eq!(super::field("-1"), "-1");
        assert_eq!(super::field("-1+cmd"), "'-1+cmd");
        assert_eq!(super::field("-inf"), "'-inf");
    }
}
