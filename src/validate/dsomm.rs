//! DSOMM app exports: v4 (`meta.yaml`, teams file, `team-progress.yaml`, `team-evidence.yaml`) and
//! v3 (`generated.yaml` with `teamsImplemented` / `teamsEvidence`).

use super::Builder;
use super::fields::Ctx;
use crate::load::yaml::Kind;
use crate::load::yaml::Node;
use crate::load::{Doc, DsommInput, Resolved};
use crate::model::{AppSettings, Evidence, Kept};
use crate::util::diag::Diagnostics;

/// Reads a v4 DSOMM data folder.
pub fn v4(b: &mut Builder, d: &DsommInput, diags: &mut Diagnostics) {
    if d.meta.root().is_none() {
        return;
    }
    // Teams and groups: inline in meta.yaml, or in the `$ref` file.
    for key in ["teams", "teamGroups"] {
        let (file, node) = match d.resolve(key) {
            None => continue,
            Some(Resolved::Found(f, n)) => (f, n),
            Some(Resolved::Dangling(r, target, pos)) => {
                diags
                    .error(
                        &d.meta.file,
                        pos,
                        "ref-not-found",
                        format!("`{r}` points to nothing in {target}"),
                    )
                    .hint(format!("the file needs a top-level `{key}:` entry"));
                continue;
            }
        };
        let mut cx = Ctx::new(file, diags);
        if key == "teams" {
            for t in cx.seq(node, "teams") {
                if let Some(name) = cx.text(t, "team name") {
                    b.declared
                        .entry(name.trim().to_string())
                        .or_insert((file.to_string(), t.pos));
                }
            }
        } else {
            for (gk, members) in cx.map(node, "teamGroups") {
                let Some(group) = cx.key(gk) else { continue };
                let list = b.groups.entry(group.clone()).or_default();
                for m in cx.seq(members, "group members") {
                    if let Some(team) = cx.text(m, "team name") {
                        // As in the app, the teams list is the organisation.
                        if !b.declared.is_empty() && !b.declared.contains_key(team.trim()) {
                            cx.warning(m.pos, "group-team-not-in-teams", format!("group `{group}` lists `{}`, which is not in the teams list; it is left out", team.trim()), "add the team to `teams`, or remove it from the group");
                            continue;
                        }
                        list.push((team.trim().to_string(), file.to_string(), m.pos));
                    }
                }
            }
        }
    }
    if b.app.is_none() {
        b.app = Some(settings(b, d));
        b.level_labels = level_labels(d);
    }
    if let Some(p) = &d.progress {
        progress(b, p, diags);
    }
    if let Some(e) = &d.evidence {
        evidence(b, e, diags);
    }
}

/// `progress: {activity uuid: {team: {state: date}}}`.
fn progress(b: &mut Builder, doc: &Doc, diags: &mut Diagnostics) {
    let mut cx = Ctx::new(&doc.file, diags);
    let Some(root) = doc.root() else { return };
    let Some(prog) = root.get("progress") else {
        cx.error(
            root.pos,
            "missing-field",
            "team progress file has no `progress:` section",
            "the file must start with `progress:`",
        );
        return;
    };
    let acts = cx.map(prog, "progress");
    for (ak, teams) in acts {
        let Some(key) = cx.key(ak) else { continue };
        let act = known_activity(b, &mut cx, &key, ak.pos, "progress");
        let team_entries = cx.map(teams, "an activity's teams");
        for (tk, states) in team_entries {
            let Some(team) = cx.key(tk) else { continue };
            let team = team.trim().to_string();
            let listed = listed(b, &mut cx, &team, tk.pos, "progress");
            let state_entries = cx.map(states, "a team's states");
            for (sk, dv) in state_entries {
                b.read(cx.file);
                let Some(sname) = cx.key(sk).filter(|_| listed && act.is_some()) else {
                    b.rejected(cx.file);
                    continue;
                };
                let state = known_state(b, &mut cx, &sname, sk.pos);
                let date = cx.date(dv, &format!("state `{sname}`"));
                match (act, state, date) {
                    (Some(a), Some(s), Some(d)) => b.record(&mut cx, &team, a, s, Some(d), sk.pos),
                    _ => b.rejected(cx.file),
                }
            }
        }
    }
}

/// `evidence: {activity uuid: [{teams, title, evidenceRecorded, reviewer, description, attachment}]}`.
fn evidence(b: &mut Builder, doc: &Doc, diags: &mut Diagnostics) {
    let mut cx = Ctx::new(&doc.file, diags);
    let Some(root) = doc.root() else { return };
    let Some(ev) = root.get("evidence") else {
        return;
    };
    for (ak, items) in cx.map(ev, "evidence") {
        let Some(key) = cx.key(ak) else { continue };
        let act = known_activity(b, &mut cx, &key, ak.pos, "evidence");
        for item in cx.seq(items, "evidence items") {
            let teams = item
                .get("teams")
                .map(|t| cx.texts(t, "teams"))
                .unwrap_or_default();
            let get = |cx: &mut Ctx, k: &str| {
                item.get(k)
                    .and_then(|v| cx.text(v, k))
                    .map(|s| s.trim().to_string())
            };
            let date = item
                .get("evidenceRecorded")
                .and_then(|d| cx.date(d, "evidenceRecorded"));
            let (mut links, mut link_types) = (Vec::new(), Vec::new());
            if let Some(att) = item.get("attachment") {
                for a in cx.seq(att, "attachment") {
                    if let Some(l) = a
                        .get("externalLink")
                        .and_then(|l| cx.text(l, "externalLink"))
                    {
                        links.push(l);
                        link_types
                            .push(get_in(&mut cx, a, "type").unwrap_or_else(|| "link".into()));
                    }
                }
            }
            if link_types.iter().all(|t| t == "link") {
                link_types.clear();
            }
            let ev = Evidence {
                id: get(&mut cx, "id").filter(|i| !i.is_empty()),
                title: get(&mut cx, "title").unwrap_or_else(|| "Evidence".into()),
                date,
                reviewer: get(&mut cx, "reviewer"),
                description: get(&mut cx, "description").unwrap_or_default(),
                links,
                link_types,
            };
            if teams.is_empty() {
                b.read(cx.file);
                b.rejected(cx.file);
                cx.warning(
                    item.pos,
                    "evidence-without-team",
                    "evidence names no team; it is ignored",
                    "add `teams: [<team>]`",
                );
            }
            for t in teams {
                b.read(cx.file);
                let listed = listed(b, &mut cx, t.trim(), item.pos, "evidence");
                match act.filter(|_| listed) {
                    Some(a) => b.evidence(t.trim(), cx.file, item.pos.line, a, ev.clone()),
                    None => b.rejected(cx.file),
                }
            }
        }
    }
}

/// The meta.yaml keys `maturity` reads; every other one is kept for `export-dsomm`.
const USED_KEYS: &[&str] = &[
    "teams",
    "teamGroups",
    "progressDefinition",
    "activityFiles",
    "teamProgressFile",
    "teamEvidenceFile",
];

fn settings(b: &Builder, d: &DsommInput) -> AppSettings {
    let mut s = AppSettings::default();
    let texts = |n: &Node| -> Vec<String> {
        n.seq()
            .unwrap_or_default()
            .iter()
            .filter_map(|t| t.str().map(|x| x.trim().to_string()))
            .collect()
    };
    if let Some((_, n)) = d.get("teams") {
        s.teams = texts(n);
    }
    if let Some((_, n)) = d.get("teamGroups") {
        for (k, v) in n.map().unwrap_or_default() {
            if let Some(g) = k.str() {
                let members = texts(v)
                    .into_iter()
                    .filter(|t| b.declared.is_empty() || b.declared.contains_key(t))
                    .collect();
                s.groups.push((g.to_string(), members));
            }
        }
    }
    for (k, _) in d.meta.root().and_then(Node::map).unwrap_or_default() {
        if let Some(key) = k.str().filter(|k| !USED_KEYS.contains(k))
            && let Some((_, n)) = d.get(key)
        {
            s.kept.push((key.to_string(), kept(n)));
        }
    }
    s
}

/// A YAML node as a kept value.
pub(super) fn kept(n: &Node) -> Kept {
    match &n.kind {
        Kind::Null => Kept::Null,
        Kind::Scalar(t, plain) => Kept::Scalar(t.clone(), *plain),
        Kind::Seq(items) => Kept::List(items.iter().map(kept).collect()),
        Kind::Map(entries) => Kept::Map(
            entries
                .iter()
                .filter_map(|(k, v)| Some((k.str()?.to_string(), kept(v))))
                .collect(),
        ),
    }
}

/// `strings.<lang>.maturityLevels` (lang from `lang`, else `en`).
fn level_labels(d: &DsommInput) -> Vec<String> {
    let lang = d
        .get("lang")
        .and_then(|(_, n)| n.str())
        .unwrap_or("en")
        .to_string();
    d.get("strings")
        .and_then(|(_, s)| s.get(&lang).or_else(|| s.get("en")))
        .and_then(|l| l.get("maturityLevels"))
        .and_then(Node::seq)
        .map(|l| {
            l.iter()
                .filter_map(|x| x.str().map(|t| t.trim().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn get_in(cx: &mut Ctx, n: &Node, k: &str) -> Option<String> {
    n.get(k)
        .and_then(|v| cx.text(v, k))
        .map(|s| s.trim().to_string())
}

/// An app file's activity: a uuid not in the catalogue (e.g. after an upgrade) is a warning, and its
/// records are counted as rejected, so one stale entry does not stop the organisation's build.
fn known_activity(
    b: &Builder,
    cx: &mut Ctx,
    key: &str,
    pos: crate::util::diag::Pos,
    what: &str,
) -> Option<usize> {
    let k = key.trim();
    if b.catalog.find(k).is_some() || b.catalog.find_former(k).is_some() {
        return b.activity(cx, k, pos);
    }
    cx.warning(pos, "activity-not-in-catalog", format!("{what} for `{k}`, which is not in catalogue {}; it is not counted", b.catalog.version), "after a catalogue upgrade, pick the catalogue the data was written for (`catalog:` in maturity.yaml), or drop the entry");
    None
}

/// An app file's state: one not in `progressDefinition` is a warning, and the record is rejected.
fn known_state(
    b: &Builder,
    cx: &mut Ctx,
    name: &str,
    pos: crate::util::diag::Pos,
) -> Option<usize> {
    if let Some(i) = b.progress.find(name) {
        return Some(i);
    }
    let names: Vec<&str> = b.progress.states.iter().map(|s| s.name.as_str()).collect();
    cx.warning(
        pos,
        "unknown-state",
        format!(
            "progress state `{name}` is not in `progressDefinition`; the record is not counted"
        ),
        format!("states: {}", names.join(", ")),
    );
    None
}

/// Whether a team of an app file is in the teams list (as in the app, that list is the organisation);
/// one that is not is a warning and its records are rejected. Without a teams list every team counts.
fn listed(b: &Builder, cx: &mut Ctx, team: &str, pos: crate::util::diag::Pos, what: &str) -> bool {
    if b.declared.is_empty() || b.declared.contains_key(team) {
        return true;
    }
    cx.warning(
        pos,
        "undeclared-team",
        format!("team `{team}` has {what} but is not in the teams list; it is not counted"),
        "add the team to `teams` in meta.yaml (or its teams file), or drop its entries",
    );
    false
}

/// A v3 `generated.yaml`: per activity `teamsImplemented: {team: bool}` and `teamsEvidence: {team: text}`.
pub fn v3(b: &mut Builder, doc: &Doc, diags: &mut Diagnostics) {
    let mut cx = Ctx::new(&doc.file, diags);
    let Some(root) = doc.root() else { return };
    let full = b.progress.full();
    for (_, subs) in cx.map(root, "the v3 model") {
        for (_, acts) in cx.map(subs, "a dimension") {
            for (ak, av) in cx.map(acts, "a subdimension") {
                let Some(name) = cx.key(ak) else { continue };
                let uuid = av.get("uuid").and_then(Node::str).unwrap_or_default();
                let act = b.catalog.by_uuid(uuid).or_else(|| b.catalog.find(&name));
                let implemented = av
                    .get("teamsImplemented")
                    .map(|t| cx.map(t, "teamsImplemented"))
                    .unwrap_or_default();
                let evidence = av
                    .get("teamsEvidence")
                    .map(|t| cx.map(t, "teamsEvidence"))
                    .unwrap_or_default();
                if act.is_none() && (!implemented.is_empty() || !evidence.is_empty()) {
                    cx.warning(ak.pos, "activity-not-in-catalog", format!("activity `{name}` ({uuid}) is not in catalogue {}; its team results are not counted", b.catalog.version), "use a catalogue that has it (`catalog:` in maturity.yaml), or drop it");
                }
                for (tk, tv) in implemented {
                    let Some(team) = cx.key(tk) else { continue };
                    b.read(cx.file);
                    b.declared
                        .entry(team.clone())
                        .or_insert((cx.file.to_string(), tk.pos));
                    match (act, tv.str()) {
                        (Some(a), Some("true" | "True" | "TRUE")) => {
                            b.record(&mut cx, &team, a, full, None, tk.pos)
                        }
                        (Some(_), Some("false" | "False" | "FALSE")) => b.used(cx.file),
                        (Some(_), _) => {
                            cx.error(
                                tv.pos,
                                "wrong-type",
                                format!("`teamsImplemented.{team}` must be true or false"),
                                "",
                            );
                            b.rejected(cx.file);
                        }
                        (None, _) => b.rejected(cx.file),
                    }
                }
                for (tk, tv) in evidence {
                    let Some(team) = cx.key(tk) else { continue };
                    let Some(text) = cx
                        .text(tv, "teamsEvidence")
                        .filter(|t| !t.trim().is_empty())
                    else {
                        continue;
                    };
                    b.read(cx.file);
                    match act {
                        Some(a) => {
                            let title = text.lines().next().unwrap_or_default().trim().to_string();
                            b.evidence(
                                &team,
                                cx.file,
                                tk.pos.line,
                                a,
                                Evidence {
                                    id: None,
                                    link_types: Vec::new(),
                                    title,
                                    date: None,
                                    reviewer: None,
                                    description: text.trim().to_string(),
                                    links: Vec::new(),
                                },
                            );
                        }
                        None => b.rejected(cx.file),
                    }
                }
            }
        }
    }
}
