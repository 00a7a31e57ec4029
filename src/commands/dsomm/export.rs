//! `maturity export-dsomm`: a project as the DSOMM app's data files, meta.yaml, teams.yaml,
//! team-progress.yaml (`progress: {uuid: {team: {state: date}}}`) and team-evidence.yaml
//! (`evidence: {uuid: [...]}`).

use crate::model::{Evidence, Org};
use crate::util::date::Date;
use crate::util::error::Result;
use crate::util::yaml_out::{Entry, Value, document, plain, str, strs};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The folder to write the DSOMM files to.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let today = Date::today();
    let Some(v) = super::read(&args.dir, today)? else {
        return Ok(ExitCode::from(1));
    };
    let mut notes = Vec::new();
    let files = files(&v.org, today, &mut notes);
    super::finish(&args.out, &files, &notes, args.force)?;
    crate::util::term::stderr(&format!(
        "wrote {} DSOMM files ({} teams) to {}\n",
        files.len(),
        v.org.teams.len(),
        args.out.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// The files (relative path, content); what DSOMM cannot hold is counted in `notes`.
pub fn files(org: &Org, today: Date, notes: &mut Vec<String>) -> Vec<(String, String)> {
    let source = "written by `maturity export-dsomm`";
    vec![
        ("meta.yaml".into(), meta(org, source)),
        ("teams.yaml".into(), teams(org, source)),
        (
            "team-progress.yaml".into(),
            progress(org, today, source, notes),
        ),
        ("team-evidence.yaml".into(), evidence(org, source)),
        (
            "activities.yaml".into(),
            super::activity_file::file(&org.catalog, source),
        ),
    ]
}

fn meta(org: &Org, source: &str) -> String {
    let states = org
        .progress
        .states
        .iter()
        .map(|s| {
            Entry::new(
                &s.name,
                Value::Map(vec![
                    Entry::new("score", plain(super::percent(s.score))),
                    Entry::new("definition", str(&s.definition)),
                ]),
            )
        })
        .collect();
    let reference = |pointer: &str| {
        Value::Map(vec![Entry::new(
            "$ref",
            str(format!("teams.yaml#/{pointer}")),
        )])
    };
    let m = vec![
        Entry::new("teamProgressFile", str("team-progress.yaml")),
        Entry::new("teamEvidenceFile", str("team-evidence.yaml")),
        Entry::new("progressDefinition", Value::Map(states)),
        Entry::new("teams", reference("teams")),
        Entry::new("teamGroups", reference("teamGroups")),
        Entry::new("activityFiles", strs(["activities.yaml"])).heading(
            "The project's catalogue, written out (the app merges later files into the first).",
        ),
    ];
    let mut m = m;
    // Settings of the app folder this project was read from that `maturity` does not use.
    for (k, v) in org.app.iter().flat_map(|a| &a.kept) {
        m.push(Entry::new(k, super::kept(v)));
    }
    document(
        &[&format!("DSOMM app configuration, {source}.")],
        &Value::Map(m),
    )
}

/// Teams and groups in the order of the app folder they came from, then the others by name; empty
/// groups stay.
fn teams(org: &Org, source: &str) -> String {
    let app = org.app.clone().unwrap_or_default();
    let mut team_list: Vec<&str> = app
        .teams
        .iter()
        .map(String::as_str)
        .filter(|t| org.teams.contains_key(*t))
        .collect();
    for t in org.teams.keys() {
        if !team_list.contains(&t.as_str()) {
            team_list.push(t);
        }
    }
    let groups = super::ordered_groups(org);
    let groups = groups
        .iter()
        .map(|(g, members)| Entry::new(g, strs(members)))
        .collect();
    let m = vec![
        Entry::new("teams", strs(team_list)),
        Entry::new("teamGroups", Value::Map(groups)),
    ];
    document(
        &[&format!("Teams and team groups, {source}.")],
        &Value::Map(m),
    )
}

fn progress(org: &Org, today: Date, source: &str, notes: &mut Vec<String>) -> String {
    let cat = &org.catalog;
    let states = &org.progress.states;
    let (mut undated, mut regressions, mut na, mut comments) = (0, 0, 0, 0);
    let targets = org
        .teams
        .values()
        .filter(|t| t.target_level.is_some())
        .count();
    let descriptions = org
        .teams
        .values()
        .filter(|t| t.description.is_some())
        .count();
    let mut acts = Vec::new();
    for (i, a) in cat.activities.iter().enumerate() {
        let mut teams = Vec::new();
        for team in org.teams.values() {
            let Some(ta) = team.activities.get(&i) else {
                continue;
            };
            regressions += ta.regressions.len();
            na += usize::from(ta.not_applicable.is_some());
            comments += ta.comments.len();
            let recs: Vec<Entry> = ta
                .records
                .iter()
                .filter(|r| states[r.state].score > 0.0)
                .map(|r| {
                    undated += usize::from(r.date.is_none());
                    Entry::new(&states[r.state].name, plain(r.date.unwrap_or(today)))
                })
                .collect();
            if !recs.is_empty() {
                teams.push(Entry::new(&team.name, Value::Map(recs)));
            }
        }
        if !teams.is_empty() {
            acts.push(Entry::new(&a.uuid, Value::Map(teams)).comment(&a.name));
        }
    }
    for (n, what) in [
        (
            regressions,
            "regression(s) (DSOMM has no step down; the highest state counts)",
        ),
        (na, "not-applicable mark(s) (DSOMM has no such status)"),
        (comments, "comment(s)"),
        (targets, "target level(s) (DSOMM has no team targets)"),
        (descriptions, "team description(s)"),
    ] {
        if n > 0 {
            notes.push(format!("{n} {what} are not exported"));
        }
    }
    if undated > 0 {
        notes.push(format!(
            "{undated} undated state(s) are dated {today}, the day of the export"
        ));
    }
    if org.name != "Organisation" {
        notes.push("the organisation name is not part of the DSOMM format".into());
    }
    document(
        &[&format!("Team progress for the DSOMM app, {source}.")],
        &Value::Map(vec![Entry::new("progress", Value::Map(acts))]),
    )
}

/// Identical evidence of several teams becomes one item listing them all.
fn evidence(org: &Org, source: &str) -> String {
    let mut acts = Vec::new();
    for (i, a) in org.catalog.activities.iter().enumerate() {
        let mut items: Vec<(&Evidence, Vec<&str>)> = Vec::new();
        for team in org.teams.values() {
            for ev in team.activities.get(&i).map_or(&[][..], |ta| &ta.evidence) {
                match items.iter_mut().find(|(e, _)| *e == ev) {
                    Some((_, teams)) => teams.push(&team.name),
                    None => items.push((ev, vec![&team.name])),
                }
            }
        }
        if items.is_empty() {
            continue;
        }
        let list = items
            .iter()
            .map(|(ev, teams)| item(&a.uuid, ev, teams))
            .collect();
        acts.push(Entry::new(&a.uuid, Value::Seq(list)).comment(&a.name));
    }
    document(
        &[&format!("Team evidence for the DSOMM app, {source}.")],
        &Value::Map(vec![Entry::new("evidence", Value::Map(acts))]),
    )
}

fn item(uuid: &str, ev: &Evidence, teams: &[&str]) -> Value {
    // The id as read; a stable one from the content only where there was none.
    let id = ev.id.clone().unwrap_or_else(|| id(uuid, ev));
    let mut m = vec![
        Entry::new("id", str(id)),
        Entry::new("teams", strs(teams)),
        Entry::new("title", str(&ev.title)),
    ];
    if let Some(d) = ev.date {
        m.push(Entry::new("evidenceRecorded", plain(d)));
    }
    if let Some(r) = &ev.reviewer {
        m.push(Entry::new("reviewer", str(r)));
    }
    m.push(Entry::new("description", str(&ev.description)));
    if !ev.links.is_empty() {
        let att = ev
            .links
            .iter()
            .enumerate()
            .map(|(i, l)| {
                Value::Map(vec![
                    Entry::new("type", str(ev.link_type(i))),
                    Entry::new("externalLink", str(l)),
                ])
            })
            .collect();
        m.push(Entry::new("attachment", Value::Seq(att)));
    }
    Value::Map(m)
}

/// A stable id in uuid form, from the evidence's content.
fn id(uuid: &str, ev: &Evidence) -> String {
    let text = format!(
        "{uuid}\u{0}{}\u{0}{:?}\u{0}{:?}\u{0}{}\u{0}{}",
        ev.title,
        ev.date,
        ev.reviewer,
        ev.description,
        ev.links.join("\u{0}")
    );
    let fnv = |seed: u64| {
        text.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let (a, b) = (fnv(0xcbf2_9ce4_8422_2325), fnv(0x6c62_272e_07bb_0142));
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}
