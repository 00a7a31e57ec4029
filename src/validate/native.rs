//! The native team files: one hand-edited file per team, with its activities, dated states, evidence
//! and regressions (maturity.yaml is in `project`).

use super::Builder;
use super::fields::Ctx;
use crate::load::Doc;
use crate::load::yaml::Node;
use crate::model::Evidence;
use crate::util::diag::Diagnostics;
use std::collections::HashMap;

pub(crate) const TEAM_KEYS: &[&str] = &[
    "name",
    "groups",
    "target_level",
    "description",
    "activities",
    "contacts",
    "repositories",
];
pub(crate) const EVIDENCE_KEYS: &[&str] = &[
    "id",
    "title",
    "date",
    "reviewer",
    "description",
    "links",
    "link",
];

/// The keys of each object of the native files (the JSON Schema of `maturity schema` is tested against them).
pub(crate) mod keys {
    #[cfg(test)]
    pub const PROJECT: &[&str] = super::super::project::PROJECT_KEYS;
    #[cfg(test)]
    pub const TEAM: &[&str] = super::TEAM_KEYS;
    #[cfg(test)]
    pub const EVIDENCE: &[&str] = super::EVIDENCE_KEYS;
    pub const DSOMM_APP: &[&str] = &["teams", "meta"];
    pub const CATALOG_UPGRADE: &[&str] = &["date", "label"];
    pub const FRESHNESS: &[&str] = &["levels", "activities"];
    pub const REGRESSION: &[&str] = &["date", "to", "reason"];
    /// The keys of an activity entry besides progress state names.
    #[cfg(test)]
    pub const ACTIVITY_FIELDS: &[&str] = &[
        "comment",
        "comments",
        "evidence",
        "regressions",
        "not_applicable",
    ];
}

/// Reads one team file; a team name given by two files is an error (the second file is rejected).
/// `seen` holds the team names of the files read so far (name -> file). The file's `contacts:` are kept
/// in `b.contacts` for `recipients`, which reads them once every team is known.
pub fn team_file(
    b: &mut Builder,
    doc: &Doc,
    seen: &mut HashMap<String, String>,
    diags: &mut Diagnostics,
) {
    if let Some(c) = doc.root().and_then(|r| r.get("contacts")) {
        b.contacts.push((doc.file.clone(), c.clone()));
    }
    let mut cx = Ctx::new(&doc.file, diags);
    let Some(root) = doc.root() else {
        cx.warning(
            crate::util::diag::Pos { line: 1, col: 1 },
            "empty-file",
            "team file is empty",
            "add `name:` and `activities:`, or delete the file",
        );
        return;
    };
    let entries = cx.map(root, "a team file");
    cx.unknown_keys(entries, TEAM_KEYS, "a team file");
    let stem = std::path::Path::new(&doc.file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = root
        .get("name")
        .and_then(|n| cx.text(n, "name"))
        .unwrap_or(stem)
        .trim()
        .to_string();
    if name.is_empty() {
        let pos = root.get("name").map_or(root.pos, |n| n.pos);
        cx.error(
            pos,
            "missing-field",
            "team has an empty name",
            "set `name: <team name>`",
        );
        for _ in 0..count_records(root) {
            b.read(&doc.file);
            b.rejected(&doc.file);
        }
        return;
    }
    if let Some(first) = seen.get(&name) {
        let pos = root.get("name").map(|n| n.pos).unwrap_or(root.pos);
        cx.error(
            pos,
            "duplicate-team",
            format!("team `{name}` is already defined in {first}"),
            "give each team one file, or rename one of them",
        );
        let n = count_records(root);
        for _ in 0..n {
            b.read(&doc.file);
            b.rejected(&doc.file);
        }
        return;
    }
    seen.insert(name.clone(), doc.file.clone());
    let groups = root
        .get("groups")
        .map(|g| cx.texts(g, "groups"))
        .unwrap_or_default();
    let target = root
        .get("target_level")
        .and_then(|t| cx.int(t, "target_level", 0, 5))
        .map(|v| v as u8);
    let description = root
        .get("description")
        .and_then(|d| cx.text(d, "description"))
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty());
    let team = b.team(&name, &doc.file);
    team.source = doc.file.clone();
    team.description = description;
    team.groups.extend(groups);
    if target.is_some() {
        team.target_level = target;
    }
    if let Some(r) = root.get("repositories") {
        super::scorecard::team_repositories(b, &mut cx, &name, r);
    }
    if let Some(acts) = root.get("activities") {
        let entries = cx.map(acts, "activities");
        // The same activity under its uuid and under its name would merge silently.
        let mut seen: std::collections::HashMap<usize, (String, crate::util::diag::Pos)> =
            Default::default();
        for (ak, av) in entries {
            if let Some(key) = ak.str()
                && let Some(i) = b.catalog.find(key.trim())
                && let Some((first, at)) = seen.insert(i, (key.to_string(), ak.pos))
                && first != key
            {
                let msg = format!(
                    "`{key}` and `{first}` (line {}:{}) name the same activity",
                    at.line, at.col
                );
                cx.error(
                    ak.pos,
                    "duplicate-activity",
                    msg,
                    "record each activity once, under its name or its uuid, and merge the two entries",
                );
            }
            activity_entry(b, &mut cx, &name, ak, av);
        }
    }
    // Now, not at the end: the room freed is reused by the next file (see `Team::shrink_to_fit`).
    if let Some(t) = b.teams.get_mut(&name) {
        t.shrink_to_fit();
    }
}

/// Records in a team file: dated states, not-applicable marks and evidence items.
fn count_records(root: &Node) -> usize {
    let Some(acts) = root.get("activities").and_then(Node::map) else {
        return 0;
    };
    acts.iter()
        .map(|(_, v)| {
            v.map()
                .unwrap_or_default()
                .iter()
                .map(|(k, v)| match k.str() {
                    Some("evidence" | "regressions") => v.seq().map_or(1, <[Node]>::len),
                    Some("comment" | "comments") => 0,
                    _ => 1,
                })
                .sum::<usize>()
        })
        .sum()
}

fn activity_entry(b: &mut Builder, cx: &mut Ctx, team: &str, ak: &Node, av: &Node) {
    let Some(key) = cx.key(ak) else { return };
    let entries = cx.map(av, "an activity entry");
    let act = b.activity(cx, &key, ak.pos);
    let mut best: Option<(usize, crate::util::date::Date, crate::util::diag::Pos)> = None;
    for (k, v) in entries {
        let Some(field) = cx.key(k) else { continue };
        match field.as_str() {
            "comment" | "comments" => {
                let texts = cx.texts(v, "comment");
                if let Some(a) = act {
                    b.team(team, cx.file)
                        .activities
                        .entry_or_default(a)
                        .comments
                        .extend(texts);
                }
            }
            "evidence" => {
                for item in cx.seq(v, "evidence") {
                    b.read(cx.file);
                    let line = item.pos.line;
                    match (act, evidence(cx, item)) {
                        (Some(a), Some(ev)) => b.evidence(team, cx.file, line, a, ev),
                        _ => b.rejected(cx.file),
                    }
                }
            }
            "regressions" => {
                for item in cx.seq(v, "regressions") {
                    b.read(cx.file);
                    match (act, regression(b, cx, item)) {
                        (Some(a), Some(r)) => {
                            b.team(team, cx.file)
                                .activities
                                .entry_or_default(a)
                                .regressions
                                .push(r);
                            b.used(cx.file);
                        }
                        _ => b.rejected(cx.file),
                    }
                }
            }
            "not_applicable" => {
                b.read(cx.file);
                let reason = cx
                    .text(v, "not_applicable")
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default();
                if reason.is_empty() || reason == "true" {
                    cx.error(v.pos, "missing-reason", "`not_applicable` needs a reason", "write why the activity does not apply, e.g. `not_applicable: we ship no containers`");
                    b.rejected(cx.file);
                } else if let Some(a) = act {
                    b.team(team, cx.file)
                        .activities
                        .entry_or_default(a)
                        .not_applicable = Some(reason);
                    b.used(cx.file);
                } else {
                    b.rejected(cx.file);
                }
            }
            state_name => {
                b.read(cx.file);
                let state = b.state(cx, state_name, k.pos);
                let date = cx.date(v, &format!("state `{state_name}`"));
                match (act, state, date) {
                    (Some(a), Some(s), Some(d)) => {
                        if let Some((bs, bd, _)) = best.filter(|(bs, ..)| *bs != s) {
                            let (hi, lo) = if s > bs {
                                ((s, d), (bs, bd))
                            } else {
                                ((bs, bd), (s, d))
                            };
                            if hi.1 < lo.1 {
                                let (hn, ln) =
                                    (&b.progress.states[hi.0].name, &b.progress.states[lo.0].name);
                                cx.warning(k.pos, "dates-backwards", format!("`{ln}` ({}) is dated after the higher state `{hn}` ({})", lo.1, hi.1), "a lower state after a higher one has no effect; to record a step down use `regressions: [{date, to, reason}]`");
                            }
                        }
                        if best.is_none_or(|(bs, ..)| s > bs) {
                            best = Some((s, d, k.pos));
                        }
                        b.record(cx, team, a, s, Some(d), k.pos);
                    }
                    _ => b.rejected(cx.file),
                }
            }
        }
    }
}

/// A regression: `{date, to: <state>, reason}`.
fn regression(b: &Builder, cx: &mut Ctx, n: &Node) -> Option<crate::model::Regression> {
    let entries = cx.map(n, "a regression");
    cx.unknown_keys(entries, keys::REGRESSION, "a regression");
    let Some(date_node) = n.get("date") else {
        cx.error(
            n.pos,
            "missing-field",
            "a regression needs a `date`",
            "write `- {date: 2026-03-01, to: Started, reason: ...}`",
        );
        return None;
    };
    let date = cx.date(date_node, "regression");
    let to = match n.get("to") {
        Some(t) => {
            let name = cx.text(t, "to").unwrap_or_default();
            b.state(cx, &name, t.pos)
        }
        None => Some(0),
    };
    let reason = n
        .get("reason")
        .and_then(|r| cx.text(r, "reason"))
        .unwrap_or_default()
        .trim()
        .to_string();
    Some(crate::model::Regression {
        state: to?,
        date: date?,
        reason,
    })
}

/// An evidence item: a markdown string, or `{title, date, reviewer, description, links}`.
fn evidence(cx: &mut Ctx, n: &Node) -> Option<Evidence> {
    if let Some(s) = n.str() {
        let title = s
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .trim_start_matches('#')
            .trim()
            .to_string();
        return Some(Evidence {
            title,
            description: s.trim().to_string(),
            ..Evidence::default()
        });
    }
    let entries = cx.map(n, "an evidence item");
    if entries.is_empty() {
        return None;
    }
    cx.unknown_keys(entries, EVIDENCE_KEYS, "an evidence item");
    let get = |cx: &mut Ctx, k: &str| {
        n.get(k)
            .and_then(|v| cx.text(v, k))
            .map(|s| s.trim().to_string())
    };
    // A link is a URL, or `{url, type}` with the DSOMM attachment type (document, image, link).
    let (mut links, mut link_types) = (Vec::new(), Vec::new());
    for l in n
        .get("links")
        .map(|l| cx.seq(l, "links"))
        .unwrap_or_default()
    {
        let (url, kind) = match l.map() {
            Some(_) => (
                l.get("url").and_then(|u| cx.text(u, "url")),
                l.get("type").and_then(|t| cx.text(t, "type")),
            ),
            None => (cx.text(l, "links"), None),
        };
        if let Some(u) = url {
            links.push(u.trim().to_string());
            link_types.push(kind.unwrap_or_else(|| "link".into()));
        }
    }
    if let Some(l) = get(cx, "link") {
        links.push(l);
        link_types.push("link".into());
    }
    if link_types.iter().all(|t| t == "link") {
        link_types.clear();
    }
    let date = match n.get("date") {
        Some(d) => Some(cx.date(d, "evidence")?),
        None => None,
    };
    let description = get(cx, "description").unwrap_or_default();
    let title = get(cx, "title")
        .unwrap_or_else(|| description.lines().next().unwrap_or("Evidence").to_string());
    Some(Evidence {
        id: get(cx, "id").filter(|i| !i.is_empty()),
        title,
        date,
        reviewer: get(cx, "reviewer"),
        description,
        links,
        link_types,
    })
}
