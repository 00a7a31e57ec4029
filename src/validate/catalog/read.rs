//! Reads one catalogue file, in this project's format (one subdimension per file, see catalog/README.md)
//! or DSOMM's `model.yaml` / activity-file layout, into entries that hold only the fields written.

use crate::load::Doc;
use crate::load::yaml::Node;
use crate::model::{Difficulty, References, Tool};
use crate::util::diag::Pos;
use crate::validate::fields::Ctx;

/// An implementation item as an activity names it: by uuid (from a registry) or written out.
#[derive(Debug, Clone)]
pub enum ItemRef {
    Uuid(String, Pos),
    Item(Tool),
}

/// One activity entry as written; `None` fields were not given (a merge leaves them as they were).
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub name: String,
    pub uuid: Option<String>,
    pub dimension: String,
    pub subdimension: String,
    pub level: Option<u8>,
    pub difficulty: Option<Difficulty>,
    pub usefulness: Option<u8>,
    pub depends_on: Option<Vec<(String, Pos)>>,
    pub tags: Option<Vec<String>>,
    pub references: Option<References>,
    pub implementation: Option<Vec<ItemRef>>,
    pub description: Option<String>,
    pub risk: Option<String>,
    pub measure: Option<String>,
    pub assessment: Option<String>,
    pub comments: Option<String>,
    pub ignore: bool,
    pub pos: Pos,
}

/// What an `ignore: true` is placed on.
#[derive(Debug, Clone, PartialEq)]
pub enum Ignore {
    Dimension(String),
    Subdimension(String, String),
    /// An activity by uuid, or by name when it has none.
    Activity(Option<String>, String),
}

/// One catalogue file, read.
#[derive(Debug, Clone, Default)]
pub struct Layer {
    pub file: String,
    pub entries: Vec<Entry>,
    pub ignores: Vec<(Ignore, Pos)>,
    /// (dimension, subdimension, summary) in the order declared.
    pub subdimensions: Vec<(String, String, String)>,
    /// Implementation items by uuid (`implementations:` files and items written out in activities).
    pub items: Vec<(String, Tool)>,
    pub version: Option<String>,
    pub released: Option<String>,
    pub publisher: Option<String>,
}

const ACTIVITY_KEYS: &[&str] = &[
    "name",
    "uuid",
    "level",
    "difficulty",
    "usefulness",
    "depends_on",
    "tags",
    "references",
    "tools",
    "implementation",
    "description",
    "risk",
    "measure",
    "assessment",
    "comments",
    "ignore",
];

/// Reads every document of a catalogue file.
pub fn layer(doc: &Doc, cx: &mut Ctx) -> Layer {
    let mut l = Layer {
        file: doc.file.clone(),
        ..Layer::default()
    };
    for root in &doc.docs {
        if root.is_null() {
            continue;
        }
        if root.get("activities").is_some() && root.get("dimension").is_some() {
            native(&mut l, root, cx);
        } else if let Some(items) = root.get("implementations") {
            for (k, v) in cx.map(items, "implementations") {
                if let Some(uuid) = cx.key(k) {
                    let t = item(cx, v, Some(uuid.clone()));
                    l.items.push((uuid, t));
                }
            }
        } else if root.get("version").is_some() && root.get("activities").is_none() {
            meta(&mut l, root, cx);
        } else if let Some(m) = root.get("meta") {
            meta(&mut l, m, cx);
        } else {
            dsomm(&mut l, root, cx);
        }
    }
    l
}

fn meta(l: &mut Layer, m: &Node, cx: &mut Ctx) {
    let get = |cx: &mut Ctx, k: &str| m.get(k).and_then(|v| cx.text(v, k));
    l.version = get(cx, "version").or(l.version.take());
    l.released = get(cx, "released").or(l.released.take());
    l.publisher = get(cx, "publisher").or(l.publisher.take());
}

fn is_true(n: &Node) -> bool {
    matches!(n.str(), Some("true" | "True" | "TRUE"))
}

fn native(l: &mut Layer, root: &Node, cx: &mut Ctx) {
    let entries = cx.map(root, "catalogue file");
    cx.unknown_keys(
        entries,
        &[
            "dimension",
            "subdimension",
            "summary",
            "activities",
            "ignore",
        ],
        "a catalogue file",
    );
    let get = |cx: &mut Ctx, k: &str| root.get(k).and_then(|n| cx.text(n, k)).unwrap_or_default();
    let (dim, sub, summary) = (
        get(cx, "dimension"),
        get(cx, "subdimension"),
        get(cx, "summary"),
    );
    if root.get("ignore").is_some_and(is_true) {
        l.ignores
            .push((Ignore::Subdimension(dim.clone(), sub.clone()), root.pos));
    }
    l.subdimensions
        .push((dim.clone(), sub.clone(), summary.trim().to_string()));
    for item in cx.seq(root.get("activities").expect("checked"), "activities") {
        let e = cx.map(item, "an activity");
        cx.unknown_keys(e, ACTIVITY_KEYS, "an activity");
        let Some(name) = item.get("name").and_then(|n| cx.text(n, "name")) else {
            cx.error(
                item.pos,
                "missing-field",
                "activity has no `name`",
                "add `name: <activity name>`",
            );
            continue;
        };
        let e = entry(
            l,
            cx,
            item,
            &dim,
            &sub,
            name,
            item.pos,
            "difficulty",
            "depends_on",
        );
        l.push(e);
    }
}

fn dsomm(l: &mut Layer, root: &Node, cx: &mut Ctx) {
    for (dk, dv) in cx.map(root, "the catalogue") {
        let Some(dim) = cx.key(dk) else { continue };
        for (sk, sv) in cx.map(dv, "a dimension") {
            let Some(sub) = cx.key(sk) else { continue };
            if sub == "ignore" {
                if is_true(sv) {
                    l.ignores.push((Ignore::Dimension(dim.clone()), sk.pos));
                }
                continue;
            }
            l.subdimensions
                .push((dim.clone(), sub.clone(), String::new()));
            for (ak, av) in cx.map(sv, "a subdimension") {
                let Some(name) = cx.key(ak) else { continue };
                if name == "ignore" {
                    if is_true(av) {
                        l.ignores
                            .push((Ignore::Subdimension(dim.clone(), sub.clone()), ak.pos));
                    }
                    continue;
                }
                let e = entry(
                    l,
                    cx,
                    av,
                    &dim,
                    &sub,
                    name,
                    ak.pos,
                    "difficultyOfImplementation",
                    "dependsOn",
                );
                l.push(e);
            }
        }
    }
}

impl Layer {
    fn push(&mut self, e: Entry) {
        if e.ignore {
            self.ignores
                .push((Ignore::Activity(e.uuid.clone(), e.name.clone()), e.pos));
        } else {
            self.entries.push(e);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn entry(
    l: &mut Layer,
    cx: &mut Ctx,
    n: &Node,
    dim: &str,
    sub: &str,
    name: String,
    pos: Pos,
    diff_key: &str,
    deps_key: &str,
) -> Entry {
    let text = |cx: &mut Ctx, key: &str| {
        n.get(key)
            .and_then(|v| cx.text(v, key))
            .map(|s| s.trim().to_string())
    };
    let rating = |cx: &mut Ctx, key: &str| {
        n.get(key)
            .and_then(|v| cx.int(v, key, 1, 5))
            .map(|v| v as u8)
    };
    let difficulty = n.get(diff_key).map(|d| {
        let r =
            |cx: &mut Ctx, k: &str| d.get(k).and_then(|v| cx.int(v, k, 1, 5)).unwrap_or(0) as u8;
        Difficulty {
            knowledge: r(cx, "knowledge"),
            time: r(cx, "time"),
            resources: r(cx, "resources"),
        }
    });
    let implementation = ["implementation", "tools"]
        .iter()
        .find_map(|k| n.get(k))
        .map(|t| {
            let list = if t.seq().is_some() {
                cx.seq(t, "implementation")
            } else {
                &[]
            };
            list.iter()
                .filter_map(|i| {
                    if let Some(u) = i.str() {
                        return Some(ItemRef::Uuid(u.trim().to_string(), i.pos));
                    }
                    let uuid = i.get("uuid").and_then(|v| cx.text(v, "uuid"));
                    if i.get("name").is_none() {
                        return uuid.map(|u| ItemRef::Uuid(u, i.pos));
                    }
                    let t = item(cx, i, uuid.clone());
                    if let Some(u) = uuid {
                        l.items.push((u, t.clone()));
                    }
                    Some(ItemRef::Item(t))
                })
                .collect()
        });
    Entry {
        uuid: text(cx, "uuid").filter(|u| !u.is_empty()),
        level: n
            .get("level")
            .and_then(|v| cx.int(v, "level", 1, 5))
            .map(|v| v as u8),
        usefulness: rating(cx, "usefulness"),
        difficulty,
        depends_on: n.get(deps_key).map(|d| dep_list(cx, d)),
        tags: n.get("tags").map(|t| cx.texts(t, "tags")),
        references: n.get("references").map(|r| references(cx, r)),
        implementation,
        description: text(cx, "description"),
        risk: text(cx, "risk"),
        measure: text(cx, "measure"),
        assessment: text(cx, "assessment"),
        comments: text(cx, "comments"),
        ignore: n.get("ignore").is_some_and(is_true),
        name: name.trim().to_string(),
        dimension: dim.to_string(),
        subdimension: sub.to_string(),
        pos,
    }
}

fn item(cx: &mut Ctx, i: &Node, uuid: Option<String>) -> Tool {
    let get = |cx: &mut Ctx, k: &str| {
        i.get(k)
            .and_then(|v| cx.text(v, k))
            .map(|s| s.trim().to_string())
    };
    Tool {
        uuid,
        name: get(cx, "name").unwrap_or_default(),
        url: get(cx, "url").filter(|u| !u.is_empty()),
        description: get(cx, "description").unwrap_or_default(),
        tags: i
            .get("tags")
            .map(|t| cx.texts(t, "tags"))
            .unwrap_or_default(),
    }
}

fn references(cx: &mut Ctx, r: &Node) -> References {
    let mut out = References::default();
    for (k, v) in cx.map(r, "references") {
        let Some(kind) = cx.key(k) else { continue };
        let codes: Vec<String> = cx
            .texts(v, "reference")
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| is_code(s))
            .collect();
        match kind.as_str() {
            "samm2" => out.samm2 = codes,
            "iso27001-2017" => out.iso27001_2017 = codes,
            "iso27001-2022" => out.iso27001_2022 = codes,
            "opencre" | "openCRE" => out.opencre = codes,
            _ if codes.is_empty() => {}
            _ => {
                out.other.insert(kind, codes);
            }
        }
    }
    out
}

fn dep_list(cx: &mut Ctx, n: &Node) -> Vec<(String, Pos)> {
    cx.seq(n, "depends_on")
        .iter()
        .filter_map(|d| {
            cx.text(d, "depends_on")
                .map(|s| (s.trim().to_string(), d.pos))
        })
        .collect()
}

/// A reference entry that is a code or URL (prose such as "not covered by ..." is left out).
pub fn is_code(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && (s.starts_with("http") || !s.contains(char::is_whitespace)) && s != "TODO"
}
