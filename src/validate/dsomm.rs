//! DSOMM app exports: v4 (`meta.yaml`, teams file, `team-progress.yaml`, `team-evidence.yaml`) and
//! v3 (`generated.yaml` with `teamsImplemented` / `teamsEvidence`).

use super::Builder;
use super::fields::Ctx;
use crate::diag::Diagnostics;
use crate::load::yaml::Node;
use crate::load::{Doc, DsommInput};
use crate::model::Evidence;

/// Reads a v4 DSOMM data folder.
pub fn v4(b: &mut Builder, d: &DsommInput, diags: &mut Diagnostics) {
    let Some(meta) = d.meta.root() else { return };
    // Teams and groups: inline in meta.yaml, or in the `$ref` file.
    for key in ["teams", "teamGroups"] {
        let Some(n) = meta.get(key) else { continue };
        let (file, node) = match n.get("$ref").and_then(Node::str) {
            Some(r) => {
                let mut parts = r.splitn(2, '#');
                let (file_part, pointer) = (
                    parts.next().unwrap_or_default(),
                    parts.next().unwrap_or_default(),
                );
                let Some((_, doc)) = d.refs.iter().find(|(f, _)| f == file_part) else {
                    continue;
                };
                let target = doc.root().and_then(|root| {
                    pointer
                        .split('/')
                        .filter(|p| !p.is_empty())
                        .try_fold(root, |n, p| n.get(p))
                });
                match target {
                    Some(t) => (doc.file.as_str(), t),
                    None => {
                        diags
                            .error(
                                &d.meta.file,
                                n.pos,
                                "ref-not-found",
                                format!("`{r}` points to nothing in {}", doc.file),
                            )
                            .hint(format!("the file needs a top-level `{key}:` entry"));
                        continue;
                    }
                }
            }
            None => (d.meta.file.as_str(), n),
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
                for m in cx.seq(members, "group members") {
                    if let Some(team) = cx.text(m, "team name") {
                        b.groups.entry(group.clone()).or_default().push((
                            team.trim().to_string(),
                            file.to_string(),
                            m.pos,
                        ));
                    }
                }
            }
        }
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
        let act = b.activity(&mut cx, &key, ak.pos);
        let team_entries = cx.map(teams, "an activity's teams");
        for (tk, states) in team_entries {
            let Some(team) = cx.key(tk) else { continue };
            let team = team.trim().to_string();
            if !b.declared.is_empty() && !b.declared.contains_key(&team) {
                cx.warning(
                    tk.pos,
                    "undeclared-team",
                    format!("team `{team}` has progress but is not in the teams list"),
                    "add it to `teams` in the DSOMM teams file; its progress is still counted",
                );
            }
            let state_entries = cx.map(states, "a team's states");
            for (sk, dv) in state_entries {
                b.read(cx.file);
                let Some(sname) = cx.key(sk) else {
                    b.rejected(cx.file);
                    continue;
                };
                let state = b.state(&mut cx, &sname, sk.pos);
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
        let act = b.activity(&mut cx, &key, ak.pos);
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
            let mut links = Vec::new();
            if let Some(att) = item.get("attachment") {
                for a in cx.seq(att, "attachment") {
                    links.extend(
                        a.get("externalLink")
                            .and_then(|l| cx.text(l, "externalLink")),
                    );
                }
            }
            let ev = Evidence {
                title: get(&mut cx, "title").unwrap_or_else(|| "Evidence".into()),
                date,
                reviewer: get(&mut cx, "reviewer"),
                description: get(&mut cx, "description").unwrap_or_default(),
                links,
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
                match act {
                    Some(a) => b.evidence(t.trim(), cx.file, a, ev.clone()),
                    None => b.rejected(cx.file),
                }
            }
        }
    }
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
                                a,
                                Evidence {
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
