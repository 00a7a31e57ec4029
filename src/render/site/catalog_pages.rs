//! Catalogue pages (dimensions, subdimensions, activities), level checklists and the data-quality page.

use super::Renderer;
use super::rows::*;
use super::standings::Standings;
use crate::render::charts;
use crate::render::markdown;
use crate::render::view::{ActivityRow, Chart, Link, Pct};
use crate::util::error::Result;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

pub(super) fn dimensions(r: &Renderer) -> Result<()> {
    let org = r.input.org;
    let s = r.input.scores;
    let list: Vec<serde_json::Value> = org.catalog.dimensions.iter().map(|d| json!({
        "link": r.slugs.dim("../", &d.name),
        "completion": Pct::of(s.org.dimensions.get(&d.name).copied().flatten()),
        "subdimensions": d.subdimensions.iter().map(|x| json!({"link": r.slugs.sub("../", &x.name), "activities": x.activities.len()})).collect::<Vec<_>>(),
    })).collect();
    r.page(
        "dimensions/index.html",
        "dimensions.html",
        "Dimensions",
        "dimensions",
        json!({"dimensions": list}),
    )?;
    for d in &org.catalog.dimensions {
        let subs: Vec<serde_json::Value> = d.subdimensions.iter().map(|x| json!({
            "link": r.slugs.sub("../", &x.name),
            "summary_html": markdown::to_html(&x.summary),
            "activities": x.activities.len(),
            "levels": (1..=5).map(|l| Pct::of(s.org.cells.get(&x.name).and_then(|c| c.get(&l.to_string()).copied().flatten()))).collect::<Vec<_>>(),
        })).collect();
        let rows: Vec<(String, Vec<Option<f64>>)> = s
            .teams
            .iter()
            .take(HEATMAP_TEAMS)
            .map(|t| {
                (
                    t.name.clone(),
                    d.subdimensions
                        .iter()
                        .map(|x| {
                            t.dimensions
                                .get(d.name.as_str())
                                .and_then(|y| y.subdimensions.get(x.name.as_str()))
                                .and_then(|y| y.completion)
                        })
                        .collect(),
                )
            })
            .collect();
        let names: Vec<String> = rows.iter().map(|(n, _)| n.clone()).collect();
        let values: Vec<Vec<Option<f64>>> = rows.iter().map(|(_, v)| v.clone()).collect();
        let cols: Vec<String> = d.subdimensions.iter().map(|x| x.name.clone()).collect();
        let heat = Chart {
            title: "Teams by subdimension".into(),
            svg: charts::heatmap(
                charts::Fit::Screen,
                &format!("{}: completion by team and subdimension", d.name),
                &names,
                &cols,
                &values,
            ),
        };
        let ctx = json!({"dimension": {"name": d.name, "completion": Pct::of(s.org.dimensions.get(&d.name).copied().flatten())}, "subdimensions": subs, "heatmap": heat, "heatmap_limited": s.teams.len() > HEATMAP_TEAMS});
        let path = format!("dimensions/{}.html", r.slugs.dims[&d.name]);
        r.page(&path, "dimension.html", &d.name, "dimensions", ctx)?;
        for x in &d.subdimensions {
            let levels: Vec<serde_json::Value> = (1..=5u8).map(|l| json!({
                "level": l,
                "activities": x.activities.iter().filter(|&&i| org.catalog.activities[i].level == l).map(|&i| activity_row(r, "../", i, None)).collect::<Vec<_>>(),
            })).collect();
            let ctx = json!({"dimension": r.slugs.dim("../", &d.name), "subdimension": {"name": x.name, "summary_html": markdown::to_html(&x.summary)}, "levels": levels});
            let path = format!("subdimensions/{}.html", r.slugs.subs[&x.name]);
            r.page(&path, "subdimension.html", &x.name, "dimensions", ctx)?;
        }
    }
    Ok(())
}

pub(super) fn activities(r: &Renderer, standings: &Standings) -> Result<()> {
    let org = r.input.org;
    let all: Vec<ActivityRow> = (0..org.catalog.activities.len())
        .map(|i| activity_row(r, "../", i, None))
        .collect();
    r.page(
        "activities/index.html",
        "activities.html",
        "All activities",
        "dimensions",
        json!({ "activities": all }),
    )?;
    org.catalog.activities.par_iter().enumerate().try_for_each(|(i, a)| {
        // Teams by state, every team named: linked for every state above 0, plain names for the states
        // worth 0 (not started). At 10,000 teams the links to the teams not started were two thirds of
        // the activity pages' bytes; plain names keep the full list behind the level pages' "and N more"
        // at a third of the cost (the team is one search away).
        let mut by_state: Vec<StateTeams> = Vec::new();
        for (si, st) in org.progress.states.iter().enumerate().rev() {
            let linked = st.score > 0.0;
            let teams: Vec<TeamLink> = standings
                .at_state(i, si)
                .map(|t| TeamLink {
                    name: t,
                    href: if linked {
                        r.slugs.team("../", t).href
                    } else {
                        String::new()
                    },
                })
                .collect();
            by_state.push(StateTeams {
                state: &st.name,
                color: charts::hex(charts::state_color(st.score)),
                count: teams.len(),
                linked,
                teams,
            });
        }
        let mut na = Vec::new();
        let mut evidence = Vec::new();
        for t in org.teams.values() {
            if let Some(ta) = t.activities.get(&i) {
                if let Some(reason) = &ta.not_applicable {
                    na.push(json!({"team": r.slugs.team("../", &t.name), "reason": reason}));
                }
                evidence.extend(ta.evidence.iter().map(|e| evidence_view(&t.name, e)));
            }
        }
        let deps: Vec<Link> = a
            .depends_on
            .iter()
            .filter_map(|u| org.catalog.by_uuid(u))
            .map(|j| {
                r.slugs.act(
                    "../",
                    &org.catalog.activities[j].uuid,
                    &org.catalog.activities[j].name,
                )
            })
            .collect();
        let used_by: Vec<Link> = org
            .catalog
            .activities
            .iter()
            .filter(|b| b.depends_on.contains(&a.uuid))
            .map(|b| r.slugs.act("../", &b.uuid, &b.name))
            .collect();
        // Implementation items: name (linked when the URL is safe), tags and description.
        let items: Vec<serde_json::Value> = a
            .tools
            .iter()
            .map(|t| {
                let name_html = match &t.url {
                    Some(u) if crate::util::url::safe_url(u) => format!(
                        "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
                        markdown::escape(u),
                        markdown::escape(&t.name)
                    ),
                    _ => markdown::escape(&t.name),
                };
                json!({"name_html": name_html, "tags": t.tags, "description_html": markdown::to_html(&t.description)})
            })
            .collect();
        let tags: Vec<&String> = a.tags.iter().filter(|t| t.as_str() != "none").collect();
        let other_refs: Vec<serde_json::Value> = a
            .references
            .other
            .iter()
            .map(|(k, v)| json!({"kind": reference_label(k), "codes": v}))
            .collect();
        let row = activity_row(r, "../", i, None);
        let ctx = json!({
            "activity": row,
            "dimension": r.slugs.dim("../", &a.dimension),
            "subdimension": r.slugs.sub("../", &a.subdimension),
            "description_html": markdown::to_html(&a.description),
            "risk_html": markdown::to_html(&a.risk),
            "measure_html": markdown::to_html(&a.measure),
            "assessment_html": markdown::to_html(&a.assessment),
            "difficulty": a.difficulty,
            "usefulness": a.usefulness,
            "depends_on": deps,
            "used_by": used_by,
            "references": a.references,
            "opencre_html": a.references.opencre.iter().map(|u| markdown::link_or_text(u)).collect::<Vec<_>>(),
            "implementation": items,
            "tags": tags,
            "other_references": other_refs,
            "comments_html": markdown::to_html(&a.comments),
            "missing_limit": MISSING_LIMIT,
            "not_applicable": na,
            "evidence": evidence,
        });
        let ctx = ActivityPage { rest: ctx, by_state };
        let path = format!("activities/{}.html", r.slugs.acts[&a.uuid]);
        r.page(&path, "activity.html", &a.name, "dimensions", ctx)
    })
}

/// One state's part of "Teams by state" on an activity page: the fields of `by_state` in
/// templates/README.md. Typed rather than a `json!` value: at 10,000 teams the names were 10,000
/// JSON objects an activity page (two pages at a time), before tera copied them into its own values.
#[derive(Serialize)]
struct StateTeams<'a> {
    state: &'a str,
    color: String,
    count: usize,
    linked: bool,
    teams: Vec<TeamLink<'a>>,
}

/// A team as `Link` serialises it (`href` empty for a plain name), the name borrowed.
#[derive(Serialize)]
struct TeamLink<'a> {
    name: &'a str,
    href: String,
}

/// An activity page's view: `by_state` beside the rest.
#[derive(Serialize)]
struct ActivityPage<'a> {
    #[serde(flatten)]
    rest: serde_json::Value,
    by_state: Vec<StateTeams<'a>>,
}

/// A reading name for a reference kind (`d3f` is MITRE D3FEND); other kinds as written.
fn reference_label(kind: &str) -> String {
    match kind {
        "d3f" => "MITRE D3FEND".into(),
        k => k.to_string(),
    }
}

pub(super) fn levels(r: &Renderer, standings: &Standings) -> Result<()> {
    let org = r.input.org;
    for level in 1..=5u8 {
        let rows: Vec<ActivityRow> = (0..org.catalog.activities.len())
            .filter(|&i| org.catalog.activities[i].level == level)
            .map(|i| activity_row(r, "../", i, Some(standings)))
            .collect();
        let c = r
            .input
            .scores
            .org
            .levels
            .get(&level.to_string())
            .copied()
            .flatten();
        let label = org
            .level_labels
            .get(usize::from(level) - 1)
            .filter(|l| !l.is_empty());
        // For one group: each member's open activities of this level and below, on the group page.
        let groups: Vec<Link> = org
            .groups
            .keys()
            .map(|g| {
                let l = r.slugs.group("../", g);
                Link {
                    href: format!("{}#missing", l.href),
                    name: l.name,
                }
            })
            .collect();
        let ctx = json!({"level": level, "label": label, "color": charts::hex(charts::level_color(level)), "completion": Pct::of(c), "activities": rows, "levels": [1, 2, 3, 4, 5], "groups": groups});
        r.page(
            &format!("levels/{level}.html"),
            "level.html",
            &format!("Level {level} checklist"),
            "levels",
            ctx,
        )?;
    }
    Ok(())
}

pub(super) fn data(r: &Renderer) -> Result<()> {
    let repo = r.input.org.repo_url.as_deref();
    let ledger: Vec<serde_json::Value> = r.input.ledger.iter().map(|(f, row)| json!({"file": f, "href": source_href(repo, f, 0), "read": row.read, "used": row.used, "rejected": row.rejected})).collect();
    let total = r.input.ledger.values().fold((0, 0, 0), |acc, x| {
        (acc.0 + x.read, acc.1 + x.used, acc.2 + x.rejected)
    });
    let warnings: Vec<serde_json::Value> = r.input.warnings.iter().map(|d| json!({"code": d.code, "file": d.file, "href": source_href(repo, &d.file, d.line), "line": d.line, "col": d.col, "message": d.message, "hint": d.hint})).collect();
    let ctx = json!({"ledger": ledger, "total": {"read": total.0, "used": total.1, "rejected": total.2}, "warnings": warnings, "states": r.input.org.progress.states});
    r.page("data/index.html", "data.html", "Data quality", "data", ctx)
}
