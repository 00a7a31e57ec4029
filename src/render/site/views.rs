//! Pre-sorted, paginated views of the teams and groups indexes, so 10,000 teams stay browsable
//! without JavaScript: by name (`teams/index.html`), by level, by completion and by group
//! (`teams/views/*.html`), and groups by completion (`groups/views/by-completion.html`).

use super::Renderer;
use super::rows::*;
use crate::render::view::{Link, Pct, TeamRow};
use crate::score::TeamScore;
use crate::util::error::Result;
use serde::Serialize;
use serde_json::json;
use std::cmp::Ordering;

/// Team rows per page of a teams view (a page of 500 rows is about 200 KB).
pub(super) const TEAMS_PER_PAGE: usize = 500;

/// The sort orders of the teams index: (key, label).
const VIEWS: [(&str, &str); 4] = [
    ("name", "Name"),
    ("level", "Level, lowest first"),
    ("completion", "Completion, lowest first"),
    ("group", "Group"),
];

/// Teams under one heading of a view (the group, in the by-group view; no heading otherwise).
#[derive(Serialize)]
struct Section {
    heading: Option<Link>,
    teams: Vec<TeamRow>,
}

/// A link to another view or page, and whether it is the current one.
#[derive(Serialize)]
struct Nav {
    name: String,
    href: String,
    current: bool,
}

/// The view model of `teams.html` (see templates/README.md).
#[derive(Serialize)]
struct TeamsPage {
    sections: Vec<Section>,
    dimensions: Vec<String>,
    view: &'static str,
    views: Vec<Nav>,
    pages: Vec<Nav>,
    total: usize,
}

/// Site path of page `n` (1-based) of a view.
fn path(view: &str, n: usize) -> String {
    match (view, n) {
        ("name", 1) => "teams/index.html".into(),
        (v, 1) => format!("teams/views/by-{v}.html"),
        (v, n) => format!("teams/views/by-{v}-{n}.html"),
    }
}

/// `to` relative to the page at `from` (both site paths).
fn rel(from: &str, to: &str) -> String {
    format!("{}{to}", "../".repeat(from.matches('/').count()))
}

/// Completion lowest first, then name; teams not assessed last (they have no figures to rank).
fn by_completion(a: &TeamScore, b: &TeamScore) -> Ordering {
    b.assessed
        .cmp(&a.assessed)
        .then(
            a.completion
                .unwrap_or(-1.0)
                .total_cmp(&b.completion.unwrap_or(-1.0)),
        )
        .then(a.name.cmp(&b.name))
}

/// Level lowest first (teams where nothing applies first), then completion lowest first, then name;
/// teams not assessed last.
fn by_level(a: &TeamScore, b: &TeamScore) -> Ordering {
    b.assessed
        .cmp(&a.assessed)
        .then(a.level.cmp(&b.level))
        .then(by_completion(a, b))
}

pub(super) fn teams(r: &Renderer) -> Result<()> {
    let s = r.input.scores;
    for (view, _) in VIEWS {
        // Sections of (heading, teams) in view order; a team in several groups appears under each.
        let sections: Vec<(Option<Link>, Vec<&TeamScore>)> = match view {
            "group" => {
                let by_name: std::collections::BTreeMap<&str, &TeamScore> =
                    s.teams.iter().map(|t| (t.name.as_str(), t)).collect();
                let mut out: Vec<(Option<Link>, Vec<&TeamScore>)> = s
                    .groups
                    .iter()
                    .map(|g| {
                        let mut members: Vec<&TeamScore> = g
                            .teams
                            .iter()
                            .filter_map(|t| by_name.get(t.as_str()).copied())
                            .collect();
                        members.sort_by(|a, b| by_level(a, b));
                        (Some(r.slugs.group("", &g.name)), members)
                    })
                    .collect();
                let alone: Vec<&TeamScore> =
                    s.teams.iter().filter(|t| t.groups.is_empty()).collect();
                if !alone.is_empty() {
                    out.push((None, alone));
                }
                out
            }
            _ => {
                let mut all: Vec<&TeamScore> = s.teams.iter().collect();
                match view {
                    "level" => all.sort_by(|a, b| by_level(a, b)),
                    "completion" => all.sort_by(|a, b| by_completion(a, b)),
                    _ => {}
                }
                vec![(None, all)]
            }
        };
        // Pages of about TEAMS_PER_PAGE rows; the by-group view breaks between groups where it can.
        let mut pages: Vec<Vec<(Option<Link>, Vec<&TeamScore>)>> = vec![Vec::new()];
        let mut rows = 0;
        for (heading, teams) in sections {
            for chunk in teams.chunks(TEAMS_PER_PAGE) {
                if rows > 0 && rows + chunk.len() > TEAMS_PER_PAGE {
                    pages.push(Vec::new());
                    rows = 0;
                }
                rows += chunk.len();
                pages
                    .last_mut()
                    .expect("one page")
                    .push((heading.clone(), chunk.to_vec()));
            }
        }
        let count = pages.len();
        for (i, page) in pages.into_iter().enumerate() {
            let here = path(view, i + 1);
            let root = "../".repeat(here.matches('/').count());
            let ctx = TeamsPage {
                sections: page
                    .into_iter()
                    .map(|(heading, teams)| Section {
                        heading: heading.map(|h| Link {
                            href: format!("{root}{}", h.href),
                            name: h.name,
                        }),
                        teams: teams.iter().map(|t| team_row(r, &root, t)).collect(),
                    })
                    .collect(),
                dimensions: dim_names(r),
                view,
                views: VIEWS
                    .iter()
                    .map(|(v, label)| Nav {
                        name: (*label).into(),
                        href: rel(&here, &path(v, 1)),
                        current: *v == view,
                    })
                    .collect(),
                pages: if count > 1 {
                    (1..=count)
                        .map(|n| Nav {
                            name: n.to_string(),
                            href: rel(&here, &path(view, n)),
                            current: n == i + 1,
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                total: s.teams.len(),
            };
            let title = if count > 1 {
                format!("Teams (page {} of {count})", i + 1)
            } else {
                "Teams".into()
            };
            r.page(&here, "teams.html", &title, "teams", ctx)?;
        }
    }
    Ok(())
}

/// The groups index, alphabetical (`groups/index.html`) and lowest completion first.
pub(super) fn groups(r: &Renderer) -> Result<()> {
    let s = r.input.scores;
    for (here, lowest_first) in [
        ("groups/index.html", false),
        ("groups/views/by-completion.html", true),
    ] {
        let root = "../".repeat(here.matches('/').count());
        let mut order: Vec<&crate::score::GroupScore> = s.groups.iter().collect();
        if lowest_first {
            // Groups without a completion (no member assessed) last.
            order.sort_by(|a, b| {
                a.completion
                    .unwrap_or(2.0)
                    .total_cmp(&b.completion.unwrap_or(2.0))
                    .then(a.name.cmp(&b.name))
            });
        }
        let list: Vec<serde_json::Value> = order
            .iter()
            .map(|g| {
                json!({
                    "link": r.slugs.group(&root, &g.name),
                    "teams": g.teams.len(),
                    "completion": Pct::of(g.completion),
                    "dimensions": dim_names(r).iter().map(|d| Pct::of(g.dimensions.get(d).copied().flatten())).collect::<Vec<_>>(),
                })
            })
            .collect();
        let views = [
            ("Name", "groups/index.html"),
            (
                "Completion, lowest first",
                "groups/views/by-completion.html",
            ),
        ]
        .map(|(name, to)| json!({"name": name, "href": rel(here, to), "current": to == here}));
        r.page(
            here,
            "groups.html",
            "Groups",
            "groups",
            json!({"groups": list, "dimensions": dim_names(r), "views": views}),
        )?;
    }
    Ok(())
}
