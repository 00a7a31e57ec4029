//! Builds the activity catalogue from catalogue documents: this project's format (one file per
//! subdimension, see catalog/README.md) or DSOMM's `model.yaml` layout (dimension -> subdimension -> activity).

use super::fields::Ctx;
use crate::diag::Diagnostics;
use crate::load::Doc;
use crate::load::yaml::Node;
use crate::model::{Activity, Catalog, Difficulty, Dimension, References, Subdimension, Tool};

/// An activity as read, with its file, position and raw `depends_on` entries (resolved in `finish`).
type Pending = (
    Activity,
    String,
    crate::diag::Pos,
    Vec<(String, crate::diag::Pos)>,
);

/// Activities collected from documents, before they are indexed.
#[derive(Default)]
pub struct Builder {
    pub version: Option<String>,
    pub sources: Vec<String>,
    dims: Vec<Dimension>,
    acts: Vec<Pending>,
    summaries: Vec<(String, String, String)>,
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
    "description",
    "risk",
    "measure",
    "assessment",
];

impl Builder {
    /// Adds every activity of a parsed catalogue file, in either format.
    pub fn add(&mut self, doc: &Doc, diags: &mut Diagnostics) {
        let mut cx = Ctx::new(&doc.file, diags);
        if !self.sources.contains(&doc.file) {
            self.sources.push(doc.file.clone());
        }
        for root in &doc.docs {
            if root.is_null() {
                continue;
            }
            if root.get("activities").is_some() && root.get("dimension").is_some() {
                self.add_native(root, &doc.file, &mut cx);
            } else if let Some(v) = root
                .get("version")
                .filter(|_| root.get("activities").is_none())
            {
                self.version = cx.text(v, "version");
            } else if let Some(meta) = root.get("meta") {
                if let Some(v) = meta.get("version") {
                    self.version = cx.text(v, "meta.version");
                }
            } else {
                self.add_dsomm(root, &doc.file, &mut cx);
            }
        }
    }

    fn add_native(&mut self, root: &Node, file: &str, cx: &mut Ctx) {
        let entries = cx.map(root, "catalogue file");
        cx.unknown_keys(
            entries,
            &["dimension", "subdimension", "summary", "activities"],
            "a catalogue file",
        );
        let dim = root
            .get("dimension")
            .and_then(|n| cx.text(n, "dimension"))
            .unwrap_or_default();
        let sub = root
            .get("subdimension")
            .and_then(|n| cx.text(n, "subdimension"))
            .unwrap_or_default();
        let summary = root
            .get("summary")
            .and_then(|n| cx.text(n, "summary"))
            .unwrap_or_default();
        self.summaries
            .push((dim.clone(), sub.clone(), summary.trim().to_string()));
        let list = root.get("activities").expect("checked");
        for item in cx.seq(list, "activities") {
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
            let d = item.get("difficulty");
            let a = self.activity(cx, item, &dim, &sub, name, d, "references", "tools");
            let deps = item
                .get("depends_on")
                .map(|n| dep_list(cx, n))
                .unwrap_or_default();
            self.acts.push((a, file.to_string(), item.pos, deps));
        }
    }

    fn add_dsomm(&mut self, root: &Node, file: &str, cx: &mut Ctx) {
        for (dk, dv) in cx.map(root, "the catalogue") {
            let Some(dim) = cx.key(dk) else { continue };
            for (sk, sv) in cx.map(dv, "a dimension") {
                let Some(sub) = cx.key(sk) else { continue };
                self.summaries
                    .push((dim.clone(), sub.clone(), String::new()));
                for (ak, av) in cx.map(sv, "a subdimension") {
                    let Some(name) = cx.key(ak) else { continue };
                    let d = av.get("difficultyOfImplementation");
                    let a =
                        self.activity(cx, av, &dim, &sub, name, d, "references", "implementation");
                    let deps = av
                        .get("dependsOn")
                        .map(|n| dep_list(cx, n))
                        .unwrap_or_default();
                    self.acts.push((a, file.to_string(), ak.pos, deps));
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn activity(
        &mut self,
        cx: &mut Ctx,
        n: &Node,
        dim: &str,
        sub: &str,
        name: String,
        diff: Option<&Node>,
        refs: &str,
        tools: &str,
    ) -> Activity {
        let uuid = n
            .get("uuid")
            .and_then(|u| cx.text(u, "uuid"))
            .unwrap_or_default();
        if uuid.is_empty() {
            cx.error(
                n.pos,
                "missing-field",
                format!("activity `{name}` has no `uuid`"),
                "every activity needs a unique uuid",
            );
        }
        let level = n
            .get("level")
            .and_then(|v| cx.int(v, "level", 1, 5))
            .unwrap_or_else(|| {
                cx.error(
                    n.pos,
                    "missing-field",
                    format!("activity `{name}` has no valid `level`"),
                    "add `level: 1` to `level: 5`",
                );
                1
            }) as u8;
        let rating = |cx: &mut Ctx, key: &str| {
            diff.and_then(|d| d.get(key))
                .and_then(|v| cx.int(v, key, 1, 5))
                .unwrap_or(0) as u8
        };
        let difficulty = Difficulty {
            knowledge: rating(cx, "knowledge"),
            time: rating(cx, "time"),
            resources: rating(cx, "resources"),
        };
        let usefulness = n
            .get("usefulness")
            .and_then(|v| cx.int(v, "usefulness", 1, 5))
            .unwrap_or(0) as u8;
        let text = |cx: &mut Ctx, key: &str| {
            n.get(key)
                .and_then(|v| cx.text(v, key))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let r = n.get(refs);
        let list = |cx: &mut Ctx, keys: &[&str]| -> Vec<String> {
            let node = r.and_then(|r| keys.iter().find_map(|k| r.get(k)));
            node.map(|v| cx.texts(v, "reference"))
                .unwrap_or_default()
                .into_iter()
                .filter(|s| is_code(s))
                .collect()
        };
        let references = References {
            samm2: list(cx, &["samm2"]),
            iso27001_2017: list(cx, &["iso27001-2017"]),
            iso27001_2022: list(cx, &["iso27001-2022"]),
            opencre: list(cx, &["opencre", "openCRE"]),
        };
        let mut tool_list = Vec::new();
        if let Some(t) = n.get(tools).filter(|t| t.seq().is_some()) {
            for item in cx.seq(t, tools) {
                if let Some(tn) = item.get("name").and_then(|v| cx.text(v, "tool name")) {
                    tool_list.push(Tool {
                        name: tn,
                        url: item.get("url").and_then(|v| cx.text(v, "tool url")),
                    });
                }
            }
        }
        let tags = n
            .get("tags")
            .map(|t| cx.texts(t, "tags"))
            .unwrap_or_default();
        Activity {
            uuid,
            name,
            dimension: dim.to_string(),
            subdimension: sub.to_string(),
            level,
            difficulty,
            usefulness,
            depends_on: Vec::new(),
            tags,
            references,
            tools: tool_list,
            description: text(cx, "description"),
            risk: text(cx, "risk"),
            measure: text(cx, "measure"),
            assessment: text(cx, "assessment"),
        }
    }

    /// Removes activities named (by uuid or name) in `exclude`; returns the keys that matched nothing.
    pub fn exclude(&mut self, keys: &[String]) -> Vec<String> {
        let mut unmatched = Vec::new();
        for k in keys {
            let before = self.acts.len();
            self.acts.retain(|(a, ..)| &a.uuid != k && &a.name != k);
            if self.acts.len() == before {
                unmatched.push(k.clone());
            }
        }
        unmatched
    }

    /// Indexes the activities; reports duplicate uuids/names and unknown dependencies.
    pub fn finish(mut self, diags: &mut Diagnostics) -> Catalog {
        let mut activities: Vec<Activity> = Vec::new();
        let mut seen: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        let mut pending = Vec::new();
        for (a, file, pos, deps) in std::mem::take(&mut self.acts) {
            let dup = [&a.uuid, &a.name]
                .into_iter()
                .find(|k| !k.is_empty() && seen.contains_key(*k));
            if let Some(k) = dup {
                diags.error(&file, pos, "duplicate-activity", format!("activity `{}` repeats `{k}` already defined in {}", a.name, seen[k]))
                    .hint("uuids and names must be unique across the catalogue; rename it or drop one copy");
                continue;
            }
            seen.insert(a.uuid.clone(), file.clone());
            seen.insert(a.name.clone(), file.clone());
            pending.push((activities.len(), file, deps));
            self.place(&a, activities.len());
            activities.push(a);
        }
        let lookup: std::collections::HashMap<String, String> = activities
            .iter()
            .flat_map(|a| {
                [
                    (a.uuid.clone(), a.uuid.clone()),
                    (a.name.clone(), a.uuid.clone()),
                ]
            })
            .collect();
        for (i, file, deps) in pending {
            for (d, pos) in deps {
                match lookup.get(&d) {
                    Some(u) => activities[i].depends_on.push(u.clone()),
                    None => {
                        diags.warning(&file, pos, "unknown-dependency", format!("`{}` depends on `{d}`, which is not in the catalogue", activities[i].name))
                            .hint("use the uuid or exact name of a catalogue activity; the link is ignored");
                    }
                }
            }
        }
        for (dim, sub, summary) in &self.summaries {
            if let Some(s) = self
                .dims
                .iter_mut()
                .find(|d| &d.name == dim)
                .and_then(|d| d.subdimensions.iter_mut().find(|s| &s.name == sub))
                && s.summary.is_empty()
            {
                s.summary = summary.clone();
            }
        }
        let version = self.version.unwrap_or_else(|| "custom".into());
        Catalog::new(version, self.sources.join(", "), self.dims, activities)
    }

    fn place(&mut self, a: &Activity, idx: usize) {
        let dim = match self.dims.iter().position(|d| d.name == a.dimension) {
            Some(i) => i,
            None => {
                self.dims.push(Dimension {
                    name: a.dimension.clone(),
                    subdimensions: Vec::new(),
                });
                self.dims.len() - 1
            }
        };
        let subs = &mut self.dims[dim].subdimensions;
        match subs.iter_mut().find(|s| s.name == a.subdimension) {
            Some(s) => s.activities.push(idx),
            None => subs.push(Subdimension {
                name: a.subdimension.clone(),
                summary: String::new(),
                activities: vec![idx],
            }),
        }
    }
}

fn dep_list(cx: &mut Ctx, n: &Node) -> Vec<(String, crate::diag::Pos)> {
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
