//! `maturity import-dsomm`: a DSOMM app export (v4 folder or v3 generated.yaml) as a native project,
//! maturity.yaml (groups, progress, catalogue) and one `teams/<slug>.yaml` per team with activities by
//! name, dated states, evidence and comments.

use super::percent;
use crate::model::{Org, Progress, Team};
use crate::util::date::Date;
use crate::util::error::{Error, Result};
use crate::util::yaml_out::{Entry, Value, document, plain, str, strs};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A DSOMM v4 data folder (meta.yaml), its meta.yaml, or a v3 generated.yaml.
    pub src: PathBuf,
    /// The folder of the new project.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let today = Date::today();
    let Some(v) = super::read(&args.src, today)? else {
        return Ok(ExitCode::from(1));
    };
    let mut notes = Vec::new();
    // A catalogue of the export's own (its meta.yaml's activityFiles) is copied into the project.
    let mut catalog = Vec::new();
    if !v.org.catalog.source.starts_with("<built-in>") {
        for (n, src) in v.org.catalog.files.iter().enumerate() {
            let path = Path::new(src);
            let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
            let name = path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_else(|| "model.yaml".into());
            catalog.push((format!("catalog/{n}-{name}"), text));
        }
    }
    let rels: Vec<String> = catalog.iter().map(|(r, _)| r.clone()).collect();
    let mut files = files(&v.org, today, &rels, &mut notes);
    files.extend(catalog);
    super::finish(&args.out, &files, &notes, args.force)?;
    crate::util::term::stderr(&format!(
        "wrote {} files ({} teams) to {}; check them with `maturity validate {}`\n",
        files.len(),
        v.org.teams.len(),
        args.out.display(),
        args.out.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// The files of the project (relative path, content); `catalog` are the project-relative paths of
/// copied catalogue files (empty: the built-in catalogue).
pub fn files(
    org: &Org,
    today: Date,
    catalog: &[String],
    notes: &mut Vec<String>,
) -> Vec<(String, String)> {
    let mut out = vec![("maturity.yaml".to_string(), project(org, catalog))];
    let slugs = crate::render::slug::assign(org.teams.keys().map(String::as_str));
    let mut undated = 0;
    for team in org.teams.values() {
        let (text, n) = team_file(org, team, today);
        undated += n;
        out.push((format!("teams/{}.yaml", slugs[&team.name]), text));
    }
    if undated > 0 {
        notes.push(format!(
            "{undated} state(s) had no date in the source (DSOMM v3 records only whether an activity is implemented); they are dated {today}, the day of the import"
        ));
    }
    out
}

fn project(org: &Org, catalog: &[String]) -> String {
    let mut m = Vec::new();
    if org.name != "Organisation" {
        m.push(Entry::new("name", str(&org.name)));
    }
    let ordered = super::ordered_groups(org);
    if !ordered.is_empty() {
        let groups = ordered
            .iter()
            .map(|(g, members)| Entry::new(g, strs(members)))
            .collect();
        m.push(
            Entry::new("groups", Value::Map(groups))
                .heading("Groups of teams; members are the `name:` of files in teams/."),
        );
    }
    if let Some(app) = &org.app {
        let mut a = vec![Entry::new("teams", strs(&app.teams))];
        if !app.kept.is_empty() {
            a.push(Entry::new(
                "meta",
                Value::Map(
                    app.kept
                        .iter()
                        .map(|(k, v)| Entry::new(k, super::kept(v)))
                        .collect(),
                ),
            ));
        }
        m.push(Entry::new("dsomm_app", Value::Map(a)).heading(
            "Kept for `maturity export-dsomm`: the order of the DSOMM app's teams list and its meta.yaml settings that maturity does not use.",
        ));
    }
    if org.progress.states != Progress::dsomm_default().states {
        m.push(
            Entry::new("progress", progress(&org.progress))
                .heading("Progress states and their scores, as in the DSOMM export."),
        );
    }
    if let Some(f) = freshness(org) {
        m.push(Entry::new("freshness", f).heading("Maximum evidence age in days."));
    }
    if !org.upgrades.is_empty() {
        let list = org
            .upgrades
            .iter()
            .map(|u| {
                Value::Map(vec![
                    Entry::new("date", plain(u.date)),
                    Entry::new("label", str(&u.label)),
                ])
            })
            .collect();
        m.push(Entry::new("catalog_upgrades", Value::Seq(list)));
    }
    match catalog {
        // The built-in catalogue: pinned to the version the export was read with.
        [] => m.push(
            Entry::new("catalog", str(format!("dsomm-{}", org.catalog.version)))
                .heading("The built-in activity catalogue, pinned (`builtin` follows the latest)."),
        ),
        [one] => m.push(
            Entry::new("catalog", str(one)).heading("The activity catalogue of the DSOMM export."),
        ),
        [base, rest @ ..] => m.push(
            Entry::new(
                "catalog",
                Value::Map(vec![
                    Entry::new("base", str(base)),
                    Entry::new("extend", strs(rest)),
                ]),
            )
            .heading("The activity files of the DSOMM export: the first, then the others merged into it."),
        ),
    }
    let header = [
        "maturity project, written by `maturity import-dsomm`.",
        "Team results are in teams/, one file per team. `maturity validate` checks every file;",
        "add `policies:` here for `maturity check` (see the maturity README).",
    ];
    document(&header, &Value::Map(m))
}

fn freshness(org: &Org) -> Option<Value> {
    let f = &org.freshness;
    let mut m = Vec::new();
    if !f.by_level.is_empty() {
        let levels = f
            .by_level
            .iter()
            .map(|(l, d)| Entry::new(l.to_string(), plain(d)))
            .collect();
        m.push(Entry::new("levels", Value::Map(levels)));
    }
    if !f.by_activity.is_empty() {
        let acts = f
            .by_activity
            .iter()
            .map(|(&i, d)| Entry::new(activity_key(org, i), plain(d)))
            .collect();
        m.push(Entry::new("activities", Value::Map(acts)));
    }
    (!m.is_empty()).then_some(Value::Map(m))
}

/// An activity's name when the name finds it again, else its uuid.
fn activity_key(org: &Org, i: usize) -> &str {
    let a = &org.catalog.activities[i];
    if org.catalog.find(&a.name) == Some(i) && a.name.trim() == a.name {
        &a.name
    } else {
        &a.uuid
    }
}

fn progress(p: &Progress) -> Value {
    let short = p.states.iter().all(|s| s.definition.is_empty());
    Value::Map(
        p.states
            .iter()
            .map(|s| {
                let v = if short {
                    plain(percent(s.score))
                } else {
                    Value::Map(vec![
                        Entry::new("score", plain(percent(s.score))),
                        Entry::new("definition", str(&s.definition)),
                    ])
                };
                Entry::new(&s.name, v)
            })
            .collect(),
    )
}

/// A team file and the number of undated states in it (dated `today`).
fn team_file(org: &Org, team: &Team, today: Date) -> (String, usize) {
    let cat = &org.catalog;
    let states = &org.progress.states;
    let mut undated = 0;
    let mut acts = Vec::new();
    let mut dimension = "";
    for (&i, ta) in &team.activities {
        let a = &cat.activities[i];
        let mut e = Vec::new();
        for r in &ta.records {
            let entry = Entry::new(&states[r.state].name, plain(r.date.unwrap_or(today)));
            e.push(match r.date {
                Some(_) => entry,
                None => {
                    undated += 1;
                    entry.comment("undated in the source; dated at import")
                }
            });
        }
        if !ta.regressions.is_empty() {
            let list = ta
                .regressions
                .iter()
                .map(|r| {
                    let mut m = vec![
                        Entry::new("date", plain(r.date)),
                        Entry::new("to", str(&states[r.state].name)),
                    ];
                    if !r.reason.is_empty() {
                        m.push(Entry::new("reason", str(&r.reason)));
                    }
                    Value::Map(m)
                })
                .collect();
            e.push(Entry::new("regressions", Value::Seq(list)));
        }
        if let Some(reason) = &ta.not_applicable {
            e.push(Entry::new("not_applicable", str(reason)));
        }
        if !ta.evidence.is_empty() {
            let list = ta.evidence.iter().map(evidence).collect();
            e.push(Entry::new("evidence", Value::Seq(list)));
        }
        match ta.comments.as_slice() {
            [] => {}
            [one] => e.push(Entry::new("comment", str(one))),
            many => e.push(Entry::new("comments", strs(many))),
        }
        // By name when the name finds this activity again, else by uuid.
        let key = activity_key(org, i);
        let mut entry = Entry::new(key, Value::Map(e));
        if key != a.name {
            entry = entry.comment(&a.name);
        }
        if a.dimension != dimension {
            dimension = &a.dimension;
            entry = entry.heading(dimension);
        }
        acts.push(entry);
    }
    let mut m = vec![Entry::new("name", str(&team.name))];
    if let Some(l) = team.target_level {
        m.push(Entry::new("target_level", plain(l)));
    }
    m.push(Entry::new("activities", Value::Map(acts)));
    let header = [
        "Team file, written by `maturity import-dsomm`. Edit it by hand, then run `maturity validate`.",
        "Per activity: the date each progress state was reached, evidence and comments,",
        "or `not_applicable` with a reason.",
    ];
    (document(&header, &Value::Map(m)), undated)
}

fn evidence(ev: &crate::model::Evidence) -> Value {
    let mut m = Vec::new();
    if let Some(id) = &ev.id {
        m.push(Entry::new("id", str(id)));
    }
    m.push(Entry::new("title", str(&ev.title)));
    if let Some(d) = ev.date {
        m.push(Entry::new("date", plain(d)));
    }
    if let Some(r) = &ev.reviewer {
        m.push(Entry::new("reviewer", str(r)));
    }
    if !ev.description.is_empty() {
        m.push(Entry::new("description", str(&ev.description)));
    }
    if !ev.links.is_empty() && ev.link_types.is_empty() {
        m.push(Entry::new("links", strs(&ev.links)));
    } else if !ev.links.is_empty() {
        let links = ev
            .links
            .iter()
            .enumerate()
            .map(|(i, l)| {
                Value::Map(vec![
                    Entry::new("url", str(l)),
                    Entry::new("type", str(ev.link_type(i))),
                ])
            })
            .collect();
        m.push(Entry::new("links", Value::Seq(links)));
    }
    Value::Map(m)
}
