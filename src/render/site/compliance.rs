//! The compliance view: every framework reference with the activities that give its cover
//! (`compliance/index.html`), each team's counts on pages of [`TEAMS_PER_PAGE`] teams
//! (`compliance/teams[-N].html`), and a drill-down per assessed team (`compliance/teams/<team>.html`).

use super::Renderer;
use super::views::TEAMS_PER_PAGE;
use crate::render::view::Pct;
use crate::score::compliance::{self as cov, Cover};
use crate::score::rank::value;
use crate::util::error::Result;
use rayon::prelude::*;
use serde_json::{Value, json};

/// Above this many assessed teams there are no drill-down pages (20 KB a team); exports/compliance.xlsx
/// and the CSVs still give every team's cover of every reference.
pub const DRILL_TEAMS: usize = 1000;

/// `compliance/teams.html`, then `compliance/teams-2.html` ...
fn list_path(page: usize) -> String {
    if page <= 1 {
        "compliance/teams.html".into()
    } else {
        format!("compliance/teams-{page}.html")
    }
}

fn drill_path(r: &Renderer, team: &str) -> String {
    format!("compliance/teams/{}.html", r.slugs.teams[team])
}

fn cover_label(c: Cover) -> &'static str {
    match c {
        Cover::Full => "Fully covered",
        Cover::Partial => "Partly covered",
        Cover::None => "Not covered",
        Cover::NotApplicable => "Not applicable",
    }
}

pub(super) fn pages(r: &Renderer) -> Result<()> {
    let org = r.input.org;
    let teams = &r.input.scores.teams;
    let assessed: Vec<&crate::score::TeamScore> = teams.iter().filter(|t| t.assessed).collect();
    let refs: Vec<(&str, &str, Vec<cov::Reference>)> = cov::FRAMEWORKS
        .iter()
        .map(|(key, title)| (*key, *title, cov::coverage(&org.catalog, teams, key)))
        .collect();
    let mut frameworks = Vec::new();
    for (key, title, refs) in &refs {
        let rows: Vec<Value> = refs.iter().map(|c| {
            json!({
                "code": c.code,
                "title": crate::render::references::title(key, &c.code),
                "activities": c.activities.iter().map(|&i| r.slugs.act("../", &org.catalog.activities[i].uuid, &org.catalog.activities[i].name)).collect::<Vec<_>>(),
                "full": c.full,
                "partial": c.partial,
                "none": c.none,
                "coverage": Pct::of((!assessed.is_empty()).then(|| c.full as f64 / assessed.len() as f64)),
            })
        }).collect();
        frameworks.push(json!({"key": key, "title": title, "codes": rows, "total": refs.len(), "csv": format!("../exports/compliance-{key}.csv{}", r.site.data_suffix)}));
    }
    let titles: Vec<&str> = refs.iter().map(|(_, t, _)| *t).collect();
    r.page(
        "compliance/index.html",
        "compliance.html",
        "Compliance",
        "compliance",
        json!({"frameworks": frameworks, "teams_href": "teams.html", "xlsx": "../exports/compliance.xlsx", "teams": assessed.len(), "drill": assessed.len() <= DRILL_TEAMS}),
    )?;
    // Each team's counts per framework, TEAMS_PER_PAGE teams a page.
    // (index among the assessed teams, the team): the index of its cover in each reference.
    let indexed: Vec<(usize, &crate::score::TeamScore)> =
        assessed.iter().copied().enumerate().collect();
    let chunks: Vec<&[(usize, &crate::score::TeamScore)]> =
        indexed.chunks(TEAMS_PER_PAGE).collect();
    let count = chunks.len().max(1);
    let nav = |current: usize| -> Vec<Value> {
        if count < 2 {
            return Vec::new();
        }
        (1..=count)
            .map(|p| {
                let href = list_path(p).trim_start_matches("compliance/").to_string();
                json!({"name": p.to_string(), "href": href, "current": p == current})
            })
            .collect()
    };
    for p in 1..=count {
        let rows: Vec<Value> = chunks
            .get(p - 1)
            .map(|c| c.to_vec())
            .unwrap_or_default()
            .iter()
            .map(|&(i, t)| {
                let covers: Vec<Value> = refs
                    .iter()
                    .map(|(_, _, refs)| {
                        let n = |want: Cover| {
                            refs.iter()
                                .filter(|c| c.teams[i] == want)
                                .count()
                        };
                        let full = n(Cover::Full);
                        json!({"full": full, "partial": n(Cover::Partial), "none": n(Cover::None),
                            "share": Pct::of((!refs.is_empty()).then(|| full as f64 / refs.len() as f64))})
                    })
                    .collect();
                json!({"team": r.slugs.team("../", &t.name), "drill": format!("teams/{}.html", r.slugs.teams[&t.name]), "frameworks": covers})
            })
            .collect();
        r.page(
            &list_path(p),
            "compliance-teams.html",
            "Compliance: cover per team",
            "compliance",
            json!({"frameworks": titles, "teams": rows, "pages": nav(p), "total": assessed.len(), "drill": assessed.len() <= DRILL_TEAMS}),
        )?;
    }
    // The drill-down of every assessed team, up to DRILL_TEAMS of them.
    if assessed.len() > DRILL_TEAMS {
        return Ok(());
    }
    indexed.par_iter().try_for_each(|&(i, t)| {
        let fws: Vec<Value> = refs
            .iter()
            .map(|(key, title, refs)| {
                let mut counts = [0usize; 4];
                let rows: Vec<Value> = refs
                    .iter()
                    .map(|c| {
                        let cover = c.teams[i];
                        counts[cover as usize] += 1;
                        // What gives the cover (started activities by name), then how many are not.
                        let (mut open, mut na) = (0, 0);
                        let acts: Vec<Value> = c
                            .activities
                            .iter()
                            .filter(|&&i| match value(t, &org.catalog.activities[i].uuid) {
                                None => {
                                    na += 1;
                                    false
                                }
                                Some(x) if x <= 0.0 => {
                                    open += 1;
                                    false
                                }
                                Some(_) => true,
                            })
                            .map(|&i| {
                                let a = &org.catalog.activities[i];
                                let v = value(t, &a.uuid);
                                let state = t.activities.get(a.uuid.as_str()).map_or_else(
                                    || org.progress.states[0].name.clone(),
                                    |x| x.state.to_string(),
                                );
                                let class = match v {
                                    None => "sna",
                                    Some(x) if x >= 1.0 => "s2",
                                    Some(x) if x > 0.0 => "s1",
                                    Some(_) => "s0",
                                };
                                json!({"name": a.name, "class": class, "state": state})
                            })
                            .collect();
                        json!({"code": c.code, "title": crate::render::references::title(key, &c.code),
                            "cover": cover_label(cover), "class": match cover { Cover::Full => "s2", Cover::Partial => "s1", Cover::None => "s0", Cover::NotApplicable => "sna" },
                            "activities": acts, "not_started": open, "not_applicable": na})
                    })
                    .collect();
                json!({"title": title, "full": counts[0], "partial": counts[1], "none": counts[2], "not_applicable": counts[3], "total": refs.len(), "codes": rows})
            })
            .collect();
        r.page(
            &drill_path(r, &t.name),
            "compliance-team.html",
            &format!("Compliance: {}", t.name),
            "compliance",
            json!({"team": r.slugs.team("../../", &t.name), "frameworks": fws}),
        )
    })
}

/// The drill-down page of `team` relative to the site root, when it has one (assessed teams).
pub(super) fn drill_href(
    r: &Renderer,
    root: &str,
    team: &crate::score::TeamScore,
) -> Option<String> {
    (team.assessed && r.input.scores.teams.iter().filter(|t| t.assessed).count() <= DRILL_TEAMS)
        .then(|| format!("{root}{}", drill_path(r, &team.name)))
}
