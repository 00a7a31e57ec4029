//! OpenSSF Scorecard input: `scorecard:`, `scorecard_mapping:` and `repositories:` of maturity.yaml,
//! team files' `repositories:`, the built-in check -> activity mapping (catalog/scorecard.yaml) and the
//! result files (parsed in [`super::scorecard_json`]), validated into [`Scorecard`].

use super::Builder;
use super::fields::Ctx;
use super::scorecard_json;
use crate::load::yaml::{self, Node};
use crate::load::{Doc, Input};
use crate::model::scorecard::{KNOWN_CHECKS, Rule, Scorecard, repo_key};
use crate::util::diag::{Diagnostics, Pos};
use std::collections::BTreeMap;

/// The pass threshold of a mapping entry that gives none.
pub const DEFAULT_THRESHOLD: u8 = 7;

/// A repository a team says it owns, and where it says so.
#[derive(Debug, Clone)]
pub struct RepoClaim {
    pub team: String,
    pub repo: String,
    pub file: String,
    pub pos: Pos,
}

/// Reads a team file's `repositories:` list into the builder.
/// The keys of `scorecard:` written as a mapping, of a `scorecard_mapping` entry and of a mapped activity.
pub(crate) const SCORECARD_KEYS: &[&str] = &["results", "contradicted_counts_as"];
pub(crate) const MAPPING_KEYS: &[&str] = &["activities", "threshold", "why"];
pub(crate) const MAPPED_KEYS: &[&str] = &["activity", "threshold"];

pub(super) fn team_repositories(b: &mut Builder, cx: &mut Ctx, team: &str, node: &Node) {
    for item in cx.seq(node, "repositories") {
        if let Some(repo) = cx.text(item, "repository") {
            b.repos.push(RepoClaim {
                team: team.to_string(),
                repo,
                file: cx.file.to_string(),
                pos: item.pos,
            });
        }
    }
}

/// Everything about Scorecard in one run; `None` when maturity.yaml has no `scorecard:`.
pub(super) fn build(b: &mut Builder, input: &Input, diags: &mut Diagnostics) -> Option<Scorecard> {
    let project = input.project.as_ref()?;
    let root = project.root()?;
    let mut cx = Ctx::new(&project.file, diags);
    if let Some(r) = root.get("repositories") {
        for (k, v) in cx.map(r, "repositories") {
            let Some(team) = cx.key(k) else { continue };
            for item in cx.seq(v, "repositories") {
                if let Some(repo) = cx.text(item, "repository") {
                    b.repos.push(RepoClaim {
                        team: team.trim().to_string(),
                        repo,
                        file: project.file.clone(),
                        pos: item.pos,
                    });
                }
            }
        }
    }
    let Some(node) = root.get("scorecard") else {
        let unused = [
            (
                "repositories",
                b.repos.first().map(|r| (r.file.clone(), r.pos)),
            ),
            (
                "scorecard_mapping",
                root.get("scorecard_mapping")
                    .map(|n| (project.file.clone(), n.pos)),
            ),
        ];
        for (key, at) in unused {
            if let Some((file, pos)) = at {
                diags
                    .warning(
                        &file,
                        pos,
                        "scorecard-not-configured",
                        format!("`{key}` has no effect without `scorecard:` in maturity.yaml"),
                    )
                    .hint(
                        "add `scorecard: results/scorecard` (the folder of Scorecard JSON results)",
                    );
            }
        }
        return None;
    };
    let mut sc = Scorecard::default();
    if node.map().is_some() {
        let entries = cx.map(node, "scorecard");
        cx.unknown_keys(entries, SCORECARD_KEYS, "scorecard");
        if let Some(v) = node.get("contradicted_counts_as") {
            sc.contradicted_counts_as = counts_as(b, &mut cx, v);
        }
    } else if node.str().is_none() {
        cx.error(
            node.pos,
            "wrong-type",
            format!("`scorecard` must be a folder or a mapping, found {}", node.type_name()),
            "write `scorecard: results/scorecard` or `scorecard: {results: results/scorecard, contradicted_counts_as: 0}`",
        );
    }
    // Results, each counted in the ledger of its file.
    let mut seen_checks: Vec<String> = Vec::new();
    for f in &input.scorecard {
        let mut lines = None;
        for r in scorecard_json::parse(&f.file, &f.text, diags) {
            b.read(&f.file);
            match r {
                Ok(r) => {
                    if r.date > b.today {
                        let line = r.source.rsplit(':').next().and_then(|l| l.parse().ok());
                        let lines =
                            lines.get_or_insert_with(|| super::json_pos::Lines::new(&f.text));
                        let pos = scorecard_json::date_pos(&f.text, lines, line.unwrap_or(1));
                        diags
                            .warning(&f.file, pos, "future-date", format!("result date {} is in the future (today is {})", r.date, b.today))
                            .hint("it only counts from that day on; check the clock of the machine that ran Scorecard");
                    }
                    for c in &r.checks {
                        if !seen_checks.contains(&c.name) {
                            seen_checks.push(c.name.clone());
                        }
                    }
                    sc.results.entry(r.repo.clone()).or_default().push(r);
                }
                Err(()) => b.rejected(&f.file),
            }
        }
    }
    for list in sc.results.values_mut() {
        // Stable: results of the same moment keep reading order (file path, then position).
        list.sort_by(|a, b| (a.date, &a.stamp).cmp(&(b.date, &b.stamp)));
    }
    sc.rules = mapping(b, root, &project.file, &seen_checks, diags);
    owners(b, &mut sc, diags);
    Some(sc)
}

/// `contradicted_counts_as`: a number from 0 to 1, or a progress state (its score).
fn counts_as(b: &Builder, cx: &mut Ctx, v: &Node) -> Option<f64> {
    let s = cx.text(v, "contradicted_counts_as")?;
    if let Ok(x) = s.trim().parse::<f64>()
        && (0.0..=1.0).contains(&x)
    {
        return Some(x);
    }
    if let Some(i) = b.progress.find(s.trim()) {
        return Some(b.progress.states[i].score);
    }
    cx.error(
        v.pos,
        "invalid-number",
        format!(
            "`contradicted_counts_as` must be a number from 0 to 1 or a progress state, found `{s}`"
        ),
        "write `contradicted_counts_as: 0` to count a contradicted claim as not implemented",
    );
    None
}

/// The built-in mapping with maturity.yaml's `scorecard_mapping` entries replacing or adding checks.
fn mapping(
    b: &Builder,
    root: &Node,
    project_file: &str,
    seen: &[String],
    diags: &mut Diagnostics,
) -> Vec<Rule> {
    let (file, text) = crate::load::scorecard::BUILTIN_MAPPING;
    let mut by_check: BTreeMap<String, Vec<Rule>> = BTreeMap::new();
    match yaml::parse(text) {
        Ok(docs) => {
            let doc = Doc {
                file: file.to_string(),
                docs,
            };
            if let Some(n) = doc.root() {
                // The built-in table names DSOMM uuids; a custom catalogue without them just has fewer rules.
                let mut quiet = Diagnostics::default();
                let mut cx = Ctx::new(file, &mut quiet);
                entries(b, &mut cx, n, true, &mut by_check);
            }
        }
        Err(e) => {
            diags.error(file, e.pos, "yaml-syntax", e.message);
        }
    }
    if let Some(n) = root.get("scorecard_mapping") {
        let mut cx = Ctx::new(project_file, diags);
        for (k, _) in cx.map(n, "scorecard_mapping") {
            if let Some(check) = k.str()
                && !KNOWN_CHECKS.contains(&check)
                && !seen.iter().any(|s| s == check)
            {
                let hint =
                    match crate::util::diag::did_you_mean(check, KNOWN_CHECKS.iter().copied()) {
                        Some(s) => format!(
                            "did you mean `{s}`? check names are written as Scorecard prints them"
                        ),
                        None => {
                            "check names are written as Scorecard prints them, e.g. `SAST`".into()
                        }
                    };
                cx.warning(
                    k.pos,
                    "unknown-check",
                    format!("no result has a check named `{check}`"),
                    hint,
                );
            }
        }
        entries(b, &mut cx, n, false, &mut by_check);
    }
    let mut rules: Vec<Rule> = by_check.into_values().flatten().collect();
    rules.sort_by(|a, b| (&a.check, a.activity).cmp(&(&b.check, b.activity)));
    rules.dedup_by(|a, b| a.check == b.check && a.activity == b.activity);
    rules
}

/// Reads `Check: {activities: [...], threshold: N}` entries; a check's entry replaces an earlier one.
fn entries(
    b: &Builder,
    cx: &mut Ctx,
    n: &Node,
    builtin: bool,
    out: &mut BTreeMap<String, Vec<Rule>>,
) {
    for (k, v) in cx.map(n, "scorecard_mapping") {
        let Some(check) = cx.key(k) else { continue };
        cx.unknown_keys(cx_map(v), MAPPING_KEYS, "a scorecard mapping");
        let threshold = match v.get("threshold") {
            Some(t) => cx.int(t, "threshold", 0, 10).map(|x| x as u8),
            None => Some(DEFAULT_THRESHOLD),
        };
        let mut rules = Vec::new();
        let acts = v.get("activities");
        if acts.is_none() {
            cx.error(v.pos, "missing-field", format!("`{check}` needs `activities`"), "list the DSOMM activities (uuids or names) this check gives evidence for; `[]` removes the mapping");
        }
        for item in acts.map(|a| cx.seq(a, "activities")).unwrap_or_default() {
            let (key, own) = match item.get("activity") {
                Some(a) => {
                    cx.unknown_keys(cx_map(item), MAPPED_KEYS, "a mapped activity");
                    let t = item
                        .get("threshold")
                        .and_then(|t| cx.int(t, "threshold", 0, 10));
                    (a, t.map(|x| x as u8))
                }
                None => (item, None),
            };
            let Some(name) = cx.text(key, "activity") else {
                continue;
            };
            let found = if builtin {
                b.catalog.find(name.trim())
            } else {
                b.activity(cx, &name, key.pos)
            };
            if let (Some(activity), Some(threshold)) = (found, own.or(threshold)) {
                rules.push(Rule {
                    check: check.clone(),
                    activity,
                    threshold,
                });
            }
        }
        out.insert(check, rules);
    }
}

fn cx_map(n: &Node) -> &[(Node, Node)] {
    n.map().unwrap_or_default()
}

/// Team -> repositories; unknown teams, repositories without results and results of repositories no
/// team owns are warnings, counted in the ledger.
fn owners(b: &mut Builder, sc: &mut Scorecard, diags: &mut Diagnostics) {
    let claims = std::mem::take(&mut b.repos);
    for c in &claims {
        b.read(&c.file);
        if !b.teams.contains_key(&c.team) {
            let close =
                crate::util::diag::did_you_mean(&c.team, b.teams.keys().map(String::as_str));
            let hint = match close {
                Some(s) => format!("did you mean `{s}`? name a team that has results"),
                None => "name a team that has results".to_string(),
            };
            diags
                .warning(
                    &c.file,
                    c.pos,
                    "unknown-team",
                    format!(
                        "`repositories` names team `{}`, which has no results",
                        c.team
                    ),
                )
                .hint(hint);
            b.rejected(&c.file);
            continue;
        }
        let key = repo_key(&c.repo);
        if !sc.results.contains_key(&key) {
            diags
                .warning(&c.file, c.pos, "repository-without-results", format!("repository `{}` of team `{}` has no Scorecard result", c.repo, c.team))
                .hint("run Scorecard on it into the scorecard folder, or check the name (as in the result's `repo.name`)");
            b.rejected(&c.file);
        } else {
            b.used(&c.file);
        }
        let list = sc.owners.entry(c.team.clone()).or_default();
        if !list.contains(&key) {
            list.push(key);
        }
    }
    for (team, list) in sc.owners.iter_mut() {
        list.sort();
        for repo in list.iter() {
            sc.repo_owners
                .entry(repo.clone())
                .or_default()
                .push(team.clone());
        }
    }
    let owned: std::collections::HashSet<&String> = sc.owners.values().flatten().collect();
    for (repo, list) in &sc.results {
        for r in list {
            let (file, line) = r.source.rsplit_once(':').unwrap_or((&r.source, "0"));
            if owned.contains(repo) {
                b.used(file);
            } else {
                let pos = Pos {
                    line: line.parse().unwrap_or(0),
                    col: 1,
                };
                diags
                    .warning(file, pos, "unowned-repository", format!("no team owns repository `{repo}`; its result is not used"))
                    .hint("add it to the owning team's `repositories:` (or to `repositories:` in maturity.yaml)");
                b.rejected(file);
            }
        }
    }
}
