//! Machine-readable files of the site: scores.json (the JSON contract), ledger.json and CSV exports,
//! each streamed to the sink, and gzip-compressed above [`COMPACT_JSON_TEAMS`] teams.

use super::{Renderer, SiteInput};
use crate::render::scores;
use crate::util::error::{Error, Result};
use crate::util::sink::Pieces;

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

/// Above this many teams the site's scores.json is written without indentation (less than half the
/// size), and it and the CSV exports are gzip-compressed, with `.gz` added to their names (10,000 teams:
/// 240 MB of them become about 40 MB; see BENCHMARKS.md "Site size").
pub const COMPACT_JSON_TEAMS: usize = 1000;

/// What the data files' names end with for an organisation of `teams` teams: `.gz` when compressed.
pub fn data_suffix(teams: usize) -> &'static str {
    if teams > COMPACT_JSON_TEAMS {
        ".gz"
    } else {
        ""
    }
}

/// A data file being written: in pieces to the sink, gzip-compressed when its name ends with `.gz`.
enum Out<'a> {
    Plain(Pieces<'a>),
    Gz(Box<flate2::write::GzEncoder<Pieces<'a>>>),
}

impl<'a> Out<'a> {
    fn new(r: &Renderer<'a>, path: &str) -> Out<'a> {
        let pieces = r.stream(path);
        if path.ends_with(".gz") {
            // No name and a zero time in the header: the same bytes on every build. The fast level:
            // level 6 took twice as long for 20 % less (10,000 teams).
            Out::Gz(Box::new(
                flate2::GzBuilder::new()
                    .mtime(0)
                    .write(pieces, flate2::Compression::fast()),
            ))
        } else {
            Out::Plain(pieces)
        }
    }

    fn pieces(&mut self) -> &mut Pieces<'a> {
        match self {
            Out::Plain(p) => p,
            Out::Gz(g) => g.get_mut(),
        }
    }

    /// The build's error for a failed write (the sink's own, with its path, where it failed).
    fn error(&mut self, e: std::io::Error) -> Error {
        self.pieces().error(e)
    }

    fn finish(self) -> Result<()> {
        match self {
            Out::Plain(p) => p.finish(),
            Out::Gz(mut g) => {
                g.try_finish().map_err(|e| g.get_mut().error(e))?;
                g.finish()
                    .map_err(|e| Error::Other(format!("failed to compress ({e})")))?
                    .finish()
            }
        }
    }
}

impl std::io::Write for Out<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match self {
            Out::Plain(p) => p.write(bytes),
            Out::Gz(g) => g.write(bytes),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes one data file through `fill`, which writes its text to the file (in pieces, compressed when
/// the name ends with `.gz`).
fn data_file(
    r: &Renderer,
    path: &str,
    fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    let mut out = Out::new(r, path);
    if let Err(e) = fill(&mut out) {
        return Err(out.error(e));
    }
    out.finish()
}

pub fn all(r: &Renderer) -> Result<()> {
    let input = r.input;
    let org = input.org;
    let s = input.scores;
    let gz = data_suffix(s.teams.len());
    // One file at a time, each streamed to the sink: whole, they were hundreds of MB at 10,000 teams.
    data_file(r, &format!("scores.json{gz}"), |w| {
        if s.teams.len() > COMPACT_JSON_TEAMS {
            scores::write_json_compact(s, w)
        } else {
            scores::write_json(s, w)
        }
    })?;
    let ledger = serde_json::to_string_pretty(input.ledger).expect("ledger json") + "\n";
    r.file("ledger.json", ledger.as_bytes())?;
    data_file(r, &format!("exports/team-activity-states.csv{gz}"), |w| {
        states_csv(input, w)
    })?;
    data_file(r, &format!("exports/team-dimensions.csv{gz}"), |w| {
        dimensions_csv(input, w)
    })?;
    data_file(r, &format!("exports/evidence.csv{gz}"), |w| {
        evidence_csv(input, w)
    })?;
    if org.scorecard.is_some() {
        data_file(r, &format!("exports/observations.csv{gz}"), |w| {
            observations(input, w)
        })?;
    }
    for (key, _) in crate::score::compliance::FRAMEWORKS {
        data_file(r, &format!("exports/compliance-{key}.csv{gz}"), |w| {
            compliance_csv(input, key, w)
        })?;
    }
    Ok(())
}

/// One row per team activity with a record or marked not applicable: the others are "not implemented"
/// (at 10,000 teams the full matrix alone would be 290 MB, see BENCHMARKS.md).
fn states_csv(input: &SiteInput, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let (org, s) = (input.org, input.scores);
    w.write_all(
        line(
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
        )
        .as_bytes(),
    )?;
    for t in &s.teams {
        for a in &org.catalog.activities {
            let Some(x) = t.activities.get(a.uuid.as_str()) else {
                continue;
            };
            let row = line(&[
                t.name.clone(),
                a.uuid.clone(),
                a.name.clone(),
                a.dimension.clone(),
                a.subdimension.clone(),
                a.level.to_string(),
                x.state.to_string(),
                num(x.value),
                x.since.map(|d| d.to_string()).unwrap_or_default(),
            ]);
            w.write_all(row.as_bytes())?;
        }
    }
    Ok(())
}

/// One row per team: groups, level, completion and each dimension's completion.
fn dimensions_csv(input: &SiteInput, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let (org, s) = (input.org, input.scores);
    let mut head = vec![
        "team".to_string(),
        "groups".into(),
        "level".into(),
        "completion".into(),
    ];
    head.extend(org.catalog.dimensions.iter().map(|d| d.name.clone()));
    w.write_all(line(&head).as_bytes())?;
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
                .map(|d| num(t.dimensions.get(d.name.as_str()).and_then(|x| x.completion))),
        );
        w.write_all(line(&row).as_bytes())?;
    }
    Ok(())
}

/// Every evidence item up to the as-of date, one row each, with the team's state of the activity.
fn evidence_csv(input: &SiteInput, w: &mut dyn std::io::Write) -> std::io::Result<()> {
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
    w.write_all(line(&head.map(String::from)).as_bytes())?;
    let cat = &input.org.catalog;
    for t in &input.scores.teams {
        for a in &cat.activities {
            let Some(s) = t.activities.get(a.uuid.as_str()) else {
                continue;
            };
            for e in &s.evidence {
                w.write_all(
                    line(&[
                        t.name.clone(),
                        a.uuid.clone(),
                        a.name.clone(),
                        s.state.to_string(),
                        e.title.clone(),
                        e.date.map(|d| d.to_string()).unwrap_or_default(),
                        e.reviewer.clone().unwrap_or_default(),
                        e.links.join(" "),
                    ])
                    .as_bytes(),
                )?;
            }
        }
    }
    Ok(())
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
fn compliance_csv(
    input: &SiteInput,
    framework: &str,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
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
    w.write_all(line(&head).as_bytes())?;
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
        row.extend(r.teams.iter().map(|c| {
            match c {
                Cover::Full => "full",
                Cover::Partial => "partial",
                Cover::None => "none",
                Cover::NotApplicable => "not_applicable",
            }
            .to_string()
        }));
        w.write_all(line(&row).as_bytes())?;
    }
    Ok(())
}

/// exports/observations.csv: one row per check score behind each (team, activity) observation.
fn observations(input: &SiteInput, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let cat = &input.org.catalog;
    let head = line(
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
    w.write_all(head.as_bytes())?;
    for t in &input.scores.teams {
        for (uuid, o) in &t.observations {
            let name = cat
                .by_uuid(uuid)
                .map_or("", |i| cat.activities[i].name.as_str());
            let claim = t.activities.get(uuid.as_str()).map_or_else(
                || input.org.progress.states[0].name.clone(),
                |a| a.state.to_string(),
            );
            for c in &o.checks {
                w.write_all(
                    line(&[
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
                    ])
                    .as_bytes(),
                )?;
            }
        }
    }
    Ok(())
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
