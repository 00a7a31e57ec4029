//! Reads and validates the `policies:` section of maturity.yaml against the validated organisation:
//! unknown keys, groups, teams and activities (with did-you-mean), dates and numbers.

use crate::load::Doc;
use crate::load::yaml::Node;
use crate::model::Org;
use crate::policy::Policy;
use crate::util::diag::{Diagnostics, Pos, did_you_mean};
use crate::validate::fields::Ctx;
use std::collections::BTreeMap;

pub(crate) const POLICY_KEYS: &[&str] = &[
    "name",
    "groups",
    "teams",
    "min_level",
    "require",
    "max_evidence_age_days",
    "min_evidence_coverage",
    "no_contradictions",
    "by",
];

/// The policies of the project file, each checked; invalid ones are reported and left out.
pub fn parse(project: Option<&Doc>, org: &Org, diags: &mut Diagnostics) -> Vec<Policy> {
    let Some(doc) = project else {
        return Vec::new();
    };
    let Some(section) = doc.root().and_then(|r| r.get("policies")) else {
        return Vec::new();
    };
    let mut cx = Ctx::new(&doc.file, diags);
    let mut out: Vec<Policy> = Vec::new();
    let mut names: BTreeMap<String, Pos> = BTreeMap::new();
    for (n, item) in cx.seq(section, "policies").iter().enumerate() {
        if item.map().is_none() {
            cx.error(
                item.pos,
                "wrong-type",
                format!(
                    "policy {} must be a mapping, found {}",
                    n + 1,
                    item.type_name()
                ),
                "write `- name: ...` followed by `min_level`, `require` or `max_evidence_age_days`",
            );
            continue;
        }
        let Some(p) = policy(&mut cx, item, org, n + 1) else {
            continue;
        };
        if let Some(first) = names.get(&p.name) {
            cx.error(
                p.pos,
                "duplicate-policy",
                format!(
                    "policy `{}` is already defined at line {}",
                    p.name, first.line
                ),
                "give every policy its own name; reports and JUnit test suites are named after it",
            );
            continue;
        }
        names.insert(p.name.clone(), p.pos);
        out.push(p);
    }
    out
}

fn policy(cx: &mut Ctx, item: &Node, org: &Org, n: usize) -> Option<Policy> {
    let entries = item.map().unwrap_or_default();
    let name = item
        .get("name")
        .and_then(|v| cx.text(v, "name"))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let label = match &name {
        Some(s) => format!("policy `{s}`"),
        None => format!("policy {n}"),
    };
    let mut ok = true;
    for (k, _) in entries {
        if let Some(key) = k.str()
            && !POLICY_KEYS.contains(&key)
        {
            let hint = match did_you_mean(key, POLICY_KEYS.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? known keys: {}", POLICY_KEYS.join(", ")),
                None => format!("known keys: {}", POLICY_KEYS.join(", ")),
            };
            cx.error(
                k.pos,
                "unknown-key",
                format!(
                    "unknown key `{key}` in {label}; a quality gate must not ignore a rule silently"
                ),
                hint,
            );
            ok = false;
        }
    }
    if name.is_none() {
        cx.error(
            item.pos,
            "missing-field",
            format!("{label} has no `name`"),
            "add `name: <what the policy demands>`; reports and JUnit test suites are named after it",
        );
        ok = false;
    }
    let mut p = Policy {
        name: name.clone().unwrap_or_default(),
        file: cx.file.to_string(),
        pos: item.get("name").map_or(item.pos, |v| v.pos),
        ..Policy::default()
    };
    if let Some(v) = item.get("groups") {
        for g in cx.seq(v, "groups") {
            let Some(text) = cx.text(g, "group name") else {
                continue;
            };
            if org.groups.contains_key(&text) {
                p.groups.push(text);
            } else {
                let known = org.groups.keys().map(String::as_str);
                unknown(cx, g.pos, "unknown-group", "group", &text, &label, known);
                ok = false;
            }
        }
    }
    if let Some(v) = item.get("teams") {
        for t in cx.seq(v, "teams") {
            let Some(text) = cx.text(t, "team name") else {
                continue;
            };
            let text = text.trim().to_string();
            if org.teams.contains_key(&text) {
                p.teams.push(text);
            } else {
                let known = org.teams.keys().map(String::as_str);
                unknown(cx, t.pos, "unknown-team", "team", &text, &label, known);
                ok = false;
            }
        }
    }
    if let Some(v) = item.get("min_level") {
        match cx.int(v, "min_level", 1, 5) {
            Some(l) => p.min_level = Some(l as u8),
            None => ok = false,
        }
    }
    if let Some(v) = item.get("max_evidence_age_days") {
        match cx.int(v, "max_evidence_age_days", 1, 36_500) {
            Some(d) => p.max_evidence_age_days = Some(d as u32),
            None => ok = false,
        }
    }
    if let Some(v) = item.get("min_evidence_coverage") {
        let text = v
            .str()
            .unwrap_or_default()
            .trim()
            .trim_end_matches('%')
            .trim()
            .to_string();
        match text.parse::<i64>().ok() {
            Some(c) if (0..=100).contains(&c) => p.min_evidence_coverage = Some(c as u8),
            _ => {
                cx.error(
                    v.pos,
                    "invalid-number",
                    format!(
                        "`min_evidence_coverage` must be a percentage from 0 to 100, not `{}`",
                        v.str().unwrap_or_default()
                    ),
                    "write e.g. `min_evidence_coverage: 80%`",
                );
                ok = false;
            }
        }
    }
    if let Some(v) = item.get("no_contradictions") {
        match cx.text(v, "no_contradictions").as_deref().map(str::trim) {
            Some("true") => p.no_contradictions = true,
            Some("false") => {}
            _ => {
                cx.error(
                    v.pos,
                    "wrong-type",
                    "`no_contradictions` must be true or false",
                    "write `no_contradictions: true` to fail teams whose claims Scorecard contradicts",
                );
                ok = false;
            }
        }
        if org.scorecard.is_none() {
            cx.warning(
                v.pos,
                "scorecard-not-configured",
                "`no_contradictions` has nothing to check without `scorecard:` in maturity.yaml",
                "add `scorecard: results/scorecard` (the folder of Scorecard JSON results)",
            );
        }
    }
    if let Some(v) = item.get("by") {
        match cx.date(v, &format!("`by` of {label}")) {
            Some(d) => p.by = Some(d),
            None => ok = false,
        }
    }
    if let Some(v) = item.get("require") {
        for a in cx.seq(v, "require") {
            let Some(key) = cx.text(a, "activity") else {
                continue;
            };
            match org.catalog.find(key.trim()) {
                Some(i) if !p.require.contains(&i) => p.require.push(i),
                Some(_) => {}
                None => {
                    let names = org.catalog.activities.iter().map(|a| a.name.as_str());
                    let hint = match did_you_mean(&key, names) {
                        Some(s) => format!(
                            "did you mean `{s}`? activities are named by uuid or exact name (`maturity catalog` lists them)"
                        ),
                        None => "name the activity by its uuid or exact name; `maturity catalog` lists them".into(),
                    };
                    cx.error(
                        a.pos,
                        "unknown-activity",
                        format!(
                            "unknown activity `{key}` in {label} (catalogue {})",
                            org.catalog.version
                        ),
                        hint,
                    );
                    ok = false;
                }
            }
        }
    }
    if p.min_level.is_none()
        && p.require.is_empty()
        && p.max_evidence_age_days.is_none()
        && p.min_evidence_coverage.is_none()
        && !p.no_contradictions
        && ok
    {
        cx.error(
            item.pos,
            "empty-policy",
            format!("{label} sets no rule"),
            "add `min_level`, `require`, `max_evidence_age_days`, `min_evidence_coverage` or `no_contradictions`",
        );
        ok = false;
    }
    ok.then_some(p)
}

fn unknown<'a>(
    cx: &mut Ctx,
    pos: Pos,
    code: &'static str,
    what: &str,
    name: &str,
    label: &str,
    known: impl Iterator<Item = &'a str> + Clone,
) {
    let list: Vec<&str> = known.clone().take(10).collect();
    let hint = match did_you_mean(name, known) {
        Some(s) => format!("did you mean `{s}`?"),
        None if list.is_empty() => format!("this project has no {what}s yet"),
        None => format!("known {what}s: {}", list.join(", ")),
    };
    cx.error(
        pos,
        code,
        format!("{label} names {what} `{name}`, which does not exist"),
        hint,
    );
}
