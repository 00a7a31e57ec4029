//! The native project file, `maturity.yaml`: organisation, groups, DSOMM app settings, freshness rules
//! and catalogue upgrades (team files are in `native`).

use super::Builder;
use super::fields::Ctx;
use crate::load::Doc;
use crate::load::yaml::Node;
use crate::util::diag::Diagnostics;

pub(crate) const PROJECT_KEYS: &[&str] = &[
    "freshness",
    "catalog_upgrades",
    "name",
    "catalog",
    "progress",
    "groups",
    "dsomm",
    "v3",
    "teams_dir",
    "policies",
    "repo_url",
    "send",
    "dsomm_app",
    "scorecard",
    "scorecard_mapping",
    "repositories",
];

/// Reads maturity.yaml: returns the organisation name; records its groups.
pub fn project(b: &mut Builder, doc: &Doc, diags: &mut Diagnostics) -> Option<String> {
    let mut cx = Ctx::new(&doc.file, diags);
    let root = doc.root()?;
    let entries = cx.map(root, "maturity.yaml");
    cx.unknown_keys(entries, PROJECT_KEYS, "maturity.yaml");
    let mut group_order = Vec::new();
    if let Some(g) = root.get("groups") {
        for (gk, members) in cx.map(g, "groups") {
            let Some(group) = cx.key(gk) else { continue };
            b.groups.entry(group.clone()).or_default();
            let names: Vec<String> = members
                .seq()
                .unwrap_or_default()
                .iter()
                .filter_map(|m| m.str().map(|t| t.trim().to_string()))
                .collect();
            group_order.push((group.clone(), names));
            for m in cx.seq(members, "group members") {
                if let Some(team) = cx.text(m, "team name") {
                    b.groups.entry(group.clone()).or_default().push((
                        team,
                        doc.file.clone(),
                        m.pos,
                    ));
                }
            }
        }
    }
    // DSOMM app settings kept by `import-dsomm` for `export-dsomm`: the order of the app's teams list
    // and the meta.yaml keys `maturity` does not use.
    if let Some(app) = root.get("dsomm_app") {
        cx.unknown_keys(cx_map(app), super::native::keys::DSOMM_APP, "dsomm_app");
        let teams = app
            .get("teams")
            .map(|t| cx.texts(t, "dsomm_app.teams"))
            .unwrap_or_default();
        let kept = match app.get("meta").map(super::dsomm::kept) {
            Some(crate::model::Kept::Map(m)) => m,
            _ => Vec::new(),
        };
        b.app = Some(crate::model::AppSettings {
            teams,
            groups: group_order,
            kept,
        });
    }
    if let Some(f) = root.get("freshness") {
        freshness(b, &mut cx, f);
    }
    if let Some(u) = root.get("repo_url").and_then(|n| cx.text(n, "repo_url")) {
        if crate::util::url::safe_url(&u) && !u.starts_with("mailto:") {
            b.repo_url = Some(u.trim_end_matches('/').to_string());
        } else {
            let pos = root.get("repo_url").map(|n| n.pos).unwrap_or_default();
            cx.error(
                pos,
                "invalid-url",
                format!("`repo_url` must be an http(s) address, not `{u}`"),
                "give the address of the folder in the repository, e.g. https://git.example.com/org/assessment/blob/main",
            );
        }
    }
    if let Some(u) = root.get("catalog_upgrades") {
        for item in cx.seq(u, "catalog_upgrades") {
            cx.unknown_keys(
                cx_map(item),
                super::native::keys::CATALOG_UPGRADE,
                "a catalogue upgrade",
            );
            let date = item
                .get("date")
                .and_then(|d| cx.date(d, "catalogue upgrade"));
            let label = item
                .get("label")
                .and_then(|l| cx.text(l, "label"))
                .unwrap_or_else(|| "catalogue upgrade".into());
            match date {
                Some(date) => b
                    .upgrades
                    .push(crate::model::CatalogUpgrade { date, label }),
                None => cx.error(
                    item.pos,
                    "missing-field",
                    "a catalogue upgrade needs a `date`",
                    "write `- {date: 2026-06-01, label: DSOMM 4.3.1}`",
                ),
            }
        }
        b.upgrades.sort_by_key(|u| u.date);
    }
    root.get("name").and_then(|n| cx.text(n, "name"))
}

fn cx_map(n: &Node) -> &[(Node, Node)] {
    n.map().unwrap_or_default()
}

/// `freshness: {levels: {3: 365}, activities: {<name or uuid>: 180}}` (days).
fn freshness(b: &mut Builder, cx: &mut Ctx, f: &Node) {
    let entries = cx.map(f, "freshness");
    cx.unknown_keys(entries, super::native::keys::FRESHNESS, "freshness");
    if let Some(levels) = f.get("levels") {
        for (k, v) in cx.map(levels, "freshness.levels") {
            let level = cx.int(k, "freshness level", 1, 5);
            let days = cx.int(v, "maximum age in days", 1, 36_500);
            if let (Some(l), Some(d)) = (level, days) {
                b.freshness.by_level.insert(l as u8, d as u32);
            }
        }
    }
    if let Some(acts) = f.get("activities") {
        for (k, v) in cx.map(acts, "freshness.activities") {
            let Some(key) = cx.key(k) else { continue };
            let act = b.activity(cx, &key, k.pos);
            let days = cx.int(v, "maximum age in days", 1, 36_500);
            if let (Some(a), Some(d)) = (act, days) {
                b.freshness.by_activity.insert(a, d as u32);
            }
        }
    }
}
