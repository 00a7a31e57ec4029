//! Scorecard views of the site: the "Observed evidence" page (evidence/index.html), the overview's
//! figure and trend, and the team page's repositories with every check of their newest result.

use super::Renderer;
use crate::render::charts::{self, Series};
use crate::render::observed::{self, check_view};
use crate::render::view::{Chart, Link, Pct};
use crate::score::TeamScore;
use crate::score::scorecard::{Status, Tally};
use crate::util::error::Result;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// How many repositories the evidence page lists (by name) before pointing to the team pages.
const REPOS_LIMIT: usize = 200;

fn tally_view(t: &Tally) -> Value {
    json!({
        "share": Pct::of(t.share_confirmed),
        "checkable": t.checkable(),
        "confirmed": t.confirmed,
        "contradicted": t.contradicted,
        "unclaimed": t.unclaimed,
        "not_met": t.not_met,
        "inconclusive": t.inconclusive,
        "teams_contradicted": t.teams_contradicted,
        "headline": observed::headline(t),
    })
}

/// The share of checkable claims confirmed per history point, as a chart and its table.
fn trend(r: &Renderer) -> Option<(Chart, Vec<Value>)> {
    let h = r.input.history;
    if h.observed.iter().all(Option::is_none) {
        return None;
    }
    let values: Vec<Option<f64>> = h
        .observed
        .iter()
        .map(|t| t.as_ref().and_then(|t| t.share_confirmed))
        .collect();
    let title = "Checkable claims confirmed by Scorecard over time";
    let chart = Chart {
        title: title.into(),
        svg: charts::line(
            charts::Fit::Screen,
            title,
            &h.labels,
            &[Series {
                label: "Confirmed".into(),
                values: values.clone(),
                color: charts::PRIMARY,
            }],
        ),
    };
    let points = h
        .labels
        .iter()
        .zip(&h.observed)
        .map(|(l, t)| {
            json!({"label": l, "share": Pct::of(t.as_ref().and_then(|t| t.share_confirmed)),
                   "contradicted": t.as_ref().map(|t| t.contradicted)})
        })
        .collect();
    Some((chart, points))
}

/// The overview's figure: `{headline, share, trend, trend_points}`; `null` without `scorecard:`.
pub(super) fn overview(r: &Renderer) -> Value {
    let Some(obs) = &r.input.scores.observed else {
        return Value::Null;
    };
    let (chart, points) = trend(r).unzip();
    json!({"tally": tally_view(&obs.org), "trend": chart, "trend_points": points.unwrap_or_default()})
}

/// Rows for every observation of `status` over all teams.
fn rows(r: &Renderer, status: Status) -> Vec<Value> {
    let org = r.input.org;
    let mut out = Vec::new();
    for t in &r.input.scores.teams {
        for (uuid, o) in t.observations.iter().filter(|(_, o)| o.status == status) {
            let name = org
                .catalog
                .by_uuid(uuid)
                .map_or(uuid.clone(), |i| org.catalog.activities[i].name.clone());
            let claim = t.activities.get(uuid.as_str()).map_or_else(
                || org.progress.states[0].name.clone(),
                |a| a.state.to_string(),
            );
            out.push(json!({
                "team": r.slugs.team("../", &t.name),
                "activity": r.slugs.act("../", uuid, &name),
                "claim": claim,
                "checks": o.checks.iter().map(check_view).collect::<Vec<_>>(),
            }));
        }
    }
    out
}

/// The newest result on or before the as-of date of each repository in `repos`, every check shown
/// (mapped or not, known to Scorecard or not).
fn repo_rows(r: &Renderer, repos: &[String], root: &str) -> Vec<Value> {
    let org = r.input.org;
    let Some(sc) = &org.scorecard else {
        return Vec::new();
    };
    let as_of = r.input.scores.as_of;
    let mapped: BTreeSet<&str> = sc.rules.iter().map(|x| x.check.as_str()).collect();
    repos
        .iter()
        .map(|repo| {
            let latest = sc.latest(repo, as_of);
            let checks: Vec<Value> = latest
                .map(|res| {
                    res.checks
                        .iter()
                        .map(|c| {
                            let acts: Vec<Link> = sc
                                .rules
                                .iter()
                                .filter(|x| x.check == c.name)
                                .map(|x| {
                                    let a = &org.catalog.activities[x.activity];
                                    r.slugs.act(root, &a.uuid, &a.name)
                                })
                                .collect();
                            json!({
                                "name": c.name,
                                "score": if c.score < 0 { "inconclusive".to_string() } else { format!("{}/10", c.score) },
                                "reason": c.reason,
                                "mapped": mapped.contains(c.name.as_str()),
                                "known": crate::model::scorecard::KNOWN_CHECKS.contains(&c.name.as_str()),
                                "activities": acts,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            json!({
                "repo": repo,
                "teams": sc.repo_owners.get(repo).map(|ts| ts.iter().map(|t| r.slugs.team(root, t)).collect::<Vec<Link>>()).unwrap_or_default(),
                "date": latest.map(|x| x.date.to_string()),
                "version": latest.map(|x| x.version.clone()),
                "commit": latest.map(|x| x.commit.clone()),
                "score": latest.map(|x| if x.score < 0.0 { "inconclusive".to_string() } else { format!("{:.1}", x.score) }),
                "results": sc.results.get(repo).map_or(0, Vec::len),
                "checks": checks,
            })
        })
        .collect()
}

/// The team page's Scorecard section; `null` when the team owns no repository.
pub(super) fn team_section(r: &Renderer, t: &TeamScore) -> Value {
    let Some(repos) = r
        .input
        .org
        .scorecard
        .as_ref()
        .and_then(|sc| sc.owners.get(&t.name))
    else {
        return Value::Null;
    };
    let mut tally = Tally::default();
    tally.add(&t.observations);
    json!({"tally": tally_view(&tally), "repositories": repo_rows(r, repos, "../")})
}

/// evidence/index.html.
pub(super) fn page(r: &Renderer) -> Result<()> {
    let org = r.input.org;
    let s = r.input.scores;
    let (Some(sc), Some(obs)) = (&org.scorecard, &s.observed) else {
        return Ok(());
    };
    let groups: Vec<Value> = s
        .groups
        .iter()
        .map(|g| {
            json!({"link": r.slugs.group("../", &g.name), "tally": obs.groups.get(&g.name).map(tally_view)})
        })
        .collect();
    let teams: Vec<Value> = s
        .teams
        .iter()
        .filter(|t| sc.owners.contains_key(&t.name))
        .map(|t| {
            let mut tally = Tally::default();
            tally.add(&t.observations);
            json!({"link": r.slugs.team("../", &t.name), "repositories": sc.owners[&t.name].len(), "tally": tally_view(&tally)})
        })
        .collect();
    let mut mapping: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for rule in &sc.rules {
        let a = &org.catalog.activities[rule.activity];
        mapping.entry(&rule.check).or_default().push(
            json!({"activity": r.slugs.act("../", &a.uuid, &a.name), "threshold": rule.threshold}),
        );
    }
    let mapping: Vec<Value> = mapping
        .into_iter()
        .map(|(c, acts)| json!({"check": c, "activities": acts}))
        .collect();
    let owned: BTreeSet<&String> = sc.owners.values().flatten().collect();
    let mut unmapped: BTreeMap<&str, usize> = BTreeMap::new();
    for repo in &owned {
        if let Some(res) = sc.latest(repo, s.as_of) {
            for c in &res.checks {
                if !sc.rules.iter().any(|x| x.check == c.name) {
                    *unmapped.entry(&c.name).or_default() += 1;
                }
            }
        }
    }
    let repos: Vec<String> = owned.into_iter().cloned().collect();
    // Every repository is on its teams' pages; a large organisation's list here would only repeat them.
    let repos_more = repos.len().saturating_sub(REPOS_LIMIT);
    let repos = &repos[..repos.len().min(REPOS_LIMIT)];
    let (chart, points) = trend(r).unzip();
    let ctx = json!({
        "tally": tally_view(&obs.org),
        "counts_as": obs.contradicted_counts_as.map(|x| Pct::of(Some(x)).text),
        "trend": chart,
        "trend_points": points.unwrap_or_default(),
        "groups": groups,
        "teams": teams,
        "contradictions": rows(r, Status::Contradicted),
        "unclaimed": rows(r, Status::Unclaimed),
        "inconclusive": rows(r, Status::Inconclusive),
        "mapping": mapping,
        "unmapped": unmapped.into_iter().map(|(c, n)| json!({"check": c, "repositories": n})).collect::<Vec<_>>(),
        "repositories": repo_rows(r, repos, "../"),
        "repositories_more": repos_more,
    });
    r.page(
        "evidence/index.html",
        "evidence.html",
        "Observed evidence",
        "evidence",
        ctx,
    )
}
