//! Reads and validates who gets which report from `maturity send`: the `send:` section of maturity.yaml
//! and the `contacts:` of team files (addresses, unknown groups and teams with did-you-mean).

use crate::load::Doc;
use crate::load::yaml::Node;
use crate::model::Org;
use crate::recipients::{Recipients, SUBJECT_FIELDS, valid_address};
use crate::util::diag::{Diagnostics, Pos, did_you_mean};
use crate::validate::fields::Ctx;
use std::collections::BTreeMap;

pub(crate) const SEND_KEYS: &[&str] = &[
    "from",
    "executive",
    "groups",
    "teams",
    "subject",
    "site_url",
];

/// Reads `send:` of maturity.yaml and `contacts:` of the team files (file, node); every problem is a
/// diagnostic.
pub fn parse(
    project: Option<&Doc>,
    contacts: &[(String, Node)],
    org: &Org,
    diags: &mut Diagnostics,
) -> Recipients {
    let mut out = Recipients::default();
    if let Some(doc) = project
        && let Some(section) = doc.root().and_then(|r| r.get("send"))
    {
        out.configured = true;
        section_of(&mut Ctx::new(&doc.file, diags), section, org, &mut out);
    }
    let by_file: std::collections::HashMap<&str, &crate::model::Team> =
        org.teams.values().map(|t| (t.source.as_str(), t)).collect();
    for (file, contacts) in contacts {
        // A team file rejected as a duplicate names no team; its problem is reported already.
        let Some(team) = by_file.get(file.as_str()) else {
            continue;
        };
        let mut cx = Ctx::new(file, diags);
        let list = addresses(
            &mut cx,
            contacts,
            &format!("the contacts of team `{}`", team.name),
        );
        if !list.is_empty() {
            let entry = out.teams.entry(team.name.clone()).or_default();
            for a in list {
                if !entry.contains(&a) {
                    entry.push(a);
                }
            }
        }
    }
    out
}

fn section_of(cx: &mut Ctx, section: &Node, org: &Org, out: &mut Recipients) {
    let entries = cx.map(section, "send");
    for (k, _) in entries {
        if let Some(key) = k.str()
            && !SEND_KEYS.contains(&key)
        {
            let hint = match did_you_mean(key, SEND_KEYS.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? known keys: {}", SEND_KEYS.join(", ")),
                None => format!("known keys: {}", SEND_KEYS.join(", ")),
            };
            cx.error(
                k.pos,
                "unknown-key",
                format!("unknown key `{key}` in send; a recipient must not be dropped silently"),
                hint,
            );
        }
    }
    match section.get("from") {
        Some(f) => {
            if let Some(text) = cx.text(f, "from") {
                let text = text.trim().to_string();
                if address_ok(cx, f.pos, &text, "`from`") {
                    out.from = Some(text);
                }
            }
        }
        None if !entries.is_empty() || section.is_null() => cx.error(
            section.pos,
            "missing-field",
            "`send` has no `from` address",
            "add `from: \"AppSec Programme <appsec@example.com>\"`",
        ),
        None => {}
    }
    if let Some(e) = section.get("executive") {
        out.executive = addresses(cx, e, "`executive`");
    }
    let groups: Vec<&str> = org.groups.keys().map(String::as_str).collect();
    out.groups = named(cx, section, "groups", "group", &groups);
    let teams: Vec<&str> = org.teams.keys().map(String::as_str).collect();
    out.teams = named(cx, section, "teams", "team", &teams);
    if let Some(s) = section.get("subject")
        && let Some(text) = cx.text(s, "subject")
        && subject_ok(cx, s.pos, &text)
    {
        out.subject = Some(text);
    }
    if let Some(u) = section.get("site_url")
        && let Some(text) = cx.text(u, "site_url")
    {
        let t = text.trim();
        let l = t.to_ascii_lowercase();
        if (l.starts_with("https://") || l.starts_with("http://"))
            && crate::util::url::safe_url(t)
            && !t.contains(char::is_whitespace)
        {
            out.site_url = Some(format!("{}/", t.trim_end_matches('/')));
        } else {
            cx.error(
                u.pos,
                "invalid-url",
                format!("`site_url` `{t}` is not an http(s) address"),
                "write the address of the published site, e.g. `https://appsec.example.com/maturity/`",
            );
        }
    }
}

/// `groups:` or `teams:`: name -> addresses, for known names only.
fn named(
    cx: &mut Ctx,
    section: &Node,
    key: &str,
    what: &str,
    known: &[&str],
) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let Some(map) = section.get(key) else {
        return out;
    };
    let entries = cx.map(map, key);
    for (k, v) in entries {
        let Some(name) = cx.key(k) else { continue };
        let name = name.trim().to_string();
        if !known.contains(&name.as_str()) {
            unknown(cx, k.pos, what, &name, known);
            continue;
        }
        let list = addresses(cx, v, &format!("{what} `{name}`"));
        out.insert(name, list);
    }
    out
}

/// A list of addresses (a single one may be written without brackets); invalid ones are reported
/// and left out, repeated ones are reported as warnings and kept once.
fn addresses(cx: &mut Ctx, node: &Node, what: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in cx.seq(node, what) {
        let Some(text) = cx.text(item, "address") else {
            continue;
        };
        let text = text.trim().to_string();
        if !address_ok(cx, item.pos, &text, what) {
            continue;
        }
        if out.contains(&text) {
            cx.warning(
                item.pos,
                "duplicate-recipient",
                format!("`{text}` is listed twice in {what}"),
                "remove one; each address gets one message per report",
            );
            continue;
        }
        out.push(text);
    }
    out
}

fn address_ok(cx: &mut Ctx, pos: Pos, text: &str, what: &str) -> bool {
    if valid_address(text) {
        return true;
    }
    let hint = if text.contains(',') || text.contains(';') {
        "write one address per list item: `[a@example.com, b@example.com]`"
    } else {
        "write `name@example.com` or `Display Name <name@example.com>`"
    };
    cx.error(
        pos,
        "invalid-address",
        format!("`{text}` in {what} is not a valid e-mail address"),
        hint,
    );
    false
}

/// A subject may only use the known `{placeholders}` and must fit on one line.
fn subject_ok(cx: &mut Ctx, pos: Pos, text: &str) -> bool {
    if text.chars().any(char::is_control) {
        cx.error(
            pos,
            "invalid-subject",
            "the subject contains a line break or control character",
            "write the subject on one line",
        );
        return false;
    }
    let mut ok = true;
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        let field = &after[..end];
        if !SUBJECT_FIELDS.contains(&field) {
            let hint = match did_you_mean(field, SUBJECT_FIELDS.iter().copied()) {
                Some(s) => format!(
                    "did you mean `{{{s}}}`? known: {{org}}, {{as_of}}, {{scope}}, {{title}}"
                ),
                None => "known: {org}, {as_of}, {scope}, {title}".to_string(),
            };
            cx.error(
                pos,
                "unknown-placeholder",
                format!("the subject uses `{{{field}}}`, which is not a known placeholder"),
                hint,
            );
            ok = false;
        }
        rest = &after[end + 1..];
    }
    ok
}

fn unknown(cx: &mut Ctx, pos: Pos, what: &str, name: &str, known: &[&str]) {
    let hint = match did_you_mean(name, known.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None if known.is_empty() => format!("this project has no {what}s yet"),
        None => format!(
            "known {what}s: {}",
            known
                .iter()
                .take(10)
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    cx.error(
        pos,
        if what == "group" {
            "unknown-group"
        } else {
            "unknown-team"
        },
        format!("send names {what} `{name}`, which does not exist"),
        hint,
    );
}
