//! Builds the activity catalogue from catalogue files. The first set of files is the base; every later
//! file is merged into it with the rules of the DSOMM app's `activityFiles` (`ActivityStore.addActivityFile`),
//! as documented in catalog/README.md: override by uuid, else by name; placing an activity elsewhere moves
//! it; `ignore: true` removes an activity, subdimension or dimension; a new uuid adds an activity.

mod entry;
pub mod read;

use crate::load::Doc;
use crate::model::{Activity, Catalog, Dimension, Subdimension, Tool};
use crate::util::diag::{Diagnostics, Pos};
use crate::validate::fields::Ctx;
use read::{Entry, Ignore, ItemRef, Layer};
use std::collections::HashMap;

pub use read::is_code;

/// The catalogue of an input: base files, then every merged file, then former names.
pub fn build(input: &crate::load::Input, diags: &mut Diagnostics) -> Catalog {
    builder(input, diags).finish(diags)
}

/// Like `build`, but before `finish` (so `exclude` can still apply).
pub fn builder(input: &crate::load::Input, diags: &mut Diagnostics) -> Builder {
    let mut b = Builder::default();
    for doc in &input.catalog {
        b.add(doc, diags);
    }
    for doc in &input.catalog_extend {
        b.merge(doc, diags);
    }
    for doc in &input.catalog_former {
        b.former_names_from(doc);
    }
    b
}

/// An activity while the catalogue is built: its fields so far and where it was last written.
struct Cur {
    a: Activity,
    items: Vec<ItemRef>,
    deps: Vec<(String, Pos)>,
    /// The file the dependencies were written in.
    deps_file: String,
    file: String,
    pos: Pos,
}

/// The catalogue being built.
#[derive(Default)]
pub struct Builder {
    pub version: Option<String>,
    pub released: Option<String>,
    pub publisher: Option<String>,
    pub sources: Vec<String>,
    acts: Vec<Cur>,
    /// (dimension, subdimension, summary) in the order first declared.
    subs: Vec<(String, String, String)>,
    items: HashMap<String, Tool>,
    /// Names activities had before a rename (name -> uuid).
    former: Vec<(String, String)>,
    /// The base set is complete; further files merge.
    merging: bool,
}

impl Builder {
    /// Adds a file to the base set (duplicates across base files are errors).
    pub fn add(&mut self, doc: &Doc, diags: &mut Diagnostics) {
        let mut cx = Ctx::new(&doc.file, diags);
        let l = read::layer(doc, &mut cx);
        self.take_meta(&l, true);
        self.apply(l, false, &mut cx);
    }

    /// Merges a later file (an `activityFiles` entry after the first, or `catalog.extend`).
    pub fn merge(&mut self, doc: &Doc, diags: &mut Diagnostics) {
        self.merging = true;
        let mut cx = Ctx::new(&doc.file, diags);
        let l = read::layer(doc, &mut cx);
        // Only a built-in version overlay may restate the version; other files keep the base's.
        self.take_meta(&l, doc.file.starts_with("<built-in>"));
        self.apply(l, true, &mut cx);
    }

    /// Reads the names a file gives to known uuids, as former names (a built-in version overlay).
    pub fn former_names_from(&mut self, doc: &Doc) {
        let mut d = Diagnostics::default();
        let l = read::layer(doc, &mut Ctx::new(&doc.file, &mut d));
        self.former.extend(
            l.entries
                .into_iter()
                .filter_map(|e| Some((e.name, e.uuid?))),
        );
    }

    fn take_meta(&mut self, l: &Layer, version: bool) {
        if version {
            self.version = l.version.clone().or(self.version.take());
            self.released = l.released.clone().or(self.released.take());
            self.publisher = l.publisher.clone().or(self.publisher.take());
        }
    }

    fn apply(&mut self, l: Layer, merging: bool, cx: &mut Ctx) {
        if !self.sources.contains(&l.file) {
            self.sources.push(l.file.clone());
        }
        for (u, t) in l.items {
            self.items.entry(u).or_insert(t);
        }
        for (d, s, summary) in l.subdimensions {
            match self.subs.iter_mut().find(|(a, b, _)| *a == d && *b == s) {
                Some(x) if x.2.is_empty() => x.2 = summary,
                Some(_) => {}
                None => self.subs.push((d, s, summary)),
            }
        }
        let skip = self.check_duplicates(&l.entries, cx);
        let placed = |c: &Cur| {
            l.entries.iter().any(|e| match &e.uuid {
                Some(u) => *u == c.a.uuid,
                None => e.name == c.a.name,
            })
        };
        for (ig, pos) in &l.ignores {
            let hit = |c: &Cur| match ig {
                Ignore::Dimension(d) => c.a.dimension == *d,
                Ignore::Subdimension(d, s) => c.a.dimension == *d && c.a.subdimension == *s,
                Ignore::Activity(Some(u), _) => c.a.uuid == *u,
                Ignore::Activity(None, n) => c.a.name == *n,
            };
            let matched = self.acts.iter().any(hit);
            if let Ignore::Activity(u, n) = ig {
                if !matched && merging {
                    cx.warning(
                        *pos,
                        "unknown-activity",
                        format!(
                            "`ignore` names `{n}`{}, which is not in the catalogue",
                            u.as_ref().map(|u| format!(" ({u})")).unwrap_or_default()
                        ),
                        "name an activity of an earlier file by its uuid or exact name",
                    );
                }
                if self.acts.iter().any(|c| hit(c) && placed(c)) {
                    cx.warning(*pos, "ignored-and-placed", format!("`{n}` is ignored and also placed in this file; it is kept where it is placed"), "drop the `ignore: true` entry, or the placement, to say which you mean");
                }
            }
            // An activity this file also places is moved, not lost (the app loses it).
            self.acts.retain(|c| !hit(c) || placed(c));
        }
        for (i, e) in l.entries.into_iter().enumerate() {
            if !skip.contains(&i) {
                self.entry(e, merging, cx);
            }
        }
    }

    /// Within one file: a uuid with two names, or a name with two uuids, is an error; an exact
    /// repeat (same uuid and name) is a warning, and the first copy is kept.
    /// Returns the entries to skip.
    fn check_duplicates(&self, entries: &[Entry], cx: &mut Ctx) -> Vec<usize> {
        let mut skip = Vec::new();
        let mut by_uuid: HashMap<&str, &Entry> = HashMap::new();
        let mut by_name: HashMap<&str, &Entry> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            let u = e.uuid.as_deref();
            if let Some(f) = u.and_then(|u| by_uuid.get(u)) {
                if f.name == e.name {
                    cx.warning(e.pos, "duplicate-activity", format!("activity `{}` ({}) is listed twice (first at line {}, in {} / {}); one copy is kept", e.name, u.unwrap_or_default(), f.pos.line, f.dimension, f.subdimension), "remove one copy; the DSOMM app refuses to load a file with a duplicate");
                } else {
                    cx.error(
                        e.pos,
                        "duplicate-uuid",
                        format!(
                            "uuid {} is used by `{}` and `{}`",
                            u.unwrap_or_default(),
                            f.name,
                            e.name
                        ),
                        "every activity needs its own uuid",
                    );
                }
                skip.push(i);
                continue;
            }
            if let Some(f) = by_name.get(e.name.as_str())
                && f.uuid.as_deref() != u
            {
                cx.error(
                    e.pos,
                    "duplicate-name",
                    format!(
                        "activity `{}` exists with two uuids ({} and {})",
                        e.name,
                        f.uuid.as_deref().unwrap_or("none"),
                        u.unwrap_or("none")
                    ),
                    "activity names must be unique; rename one or give both the same uuid",
                );
                skip.push(i);
                continue;
            }
            if let Some(u) = u {
                by_uuid.insert(u, e);
            }
            by_name.insert(&e.name, e);
        }
        skip
    }

    /// Removes activities named (by uuid or name) in `exclude`; returns the keys that matched nothing.
    pub fn exclude(&mut self, keys: &[String]) -> Vec<String> {
        let mut unmatched = Vec::new();
        for k in keys {
            let before = self.acts.len();
            self.acts.retain(|c| &c.a.uuid != k && &c.a.name != k);
            if self.acts.len() == before {
                unmatched.push(k.clone());
            }
        }
        unmatched
    }

    /// Resolves implementation items and dependencies (after every merge) and indexes the catalogue.
    pub fn finish(self, diags: &mut Diagnostics) -> Catalog {
        let mut lookup: HashMap<&str, &str> = HashMap::new();
        for c in &self.acts {
            lookup.insert(&c.a.uuid, &c.a.uuid);
        }
        for (name, uuid) in &self.former {
            lookup.entry(name).or_insert(uuid);
        }
        for c in &self.acts {
            lookup.insert(&c.a.name, &c.a.uuid);
        }
        let mut activities = Vec::with_capacity(self.acts.len());
        for c in &self.acts {
            let mut a = c.a.clone();
            for (d, pos) in &c.deps {
                match lookup.get(d.as_str()) {
                    Some(u) if !a.depends_on.iter().any(|x| x == u) => {
                        a.depends_on.push(u.to_string())
                    }
                    Some(_) => {}
                    None => {
                        diags.warning(&c.deps_file, *pos, "unknown-dependency", format!("`{}` depends on `{d}`, which is not in the catalogue", a.name))
                            .hint("use the uuid or exact name of a catalogue activity; the link is ignored");
                    }
                }
            }
            for i in &c.items {
                match i {
                    ItemRef::Item(t) => a.tools.push(t.clone()),
                    ItemRef::Uuid(u, pos) => match self.items.get(u) {
                        Some(t) => a.tools.push(t.clone()),
                        None => {
                            diags.warning(&c.file, *pos, "unknown-implementation", format!("`{}` names implementation item {u}, which no catalogue file describes", a.name))
                                .hint("write the item out (`name`, `url`) or add it to an `implementations:` file");
                        }
                    },
                }
            }
            activities.push(a);
        }
        let mut dims: Vec<Dimension> = Vec::new();
        let mut order = self.subs.clone();
        for a in &activities {
            if !order
                .iter()
                .any(|(d, s, _)| *d == a.dimension && *s == a.subdimension)
            {
                order.push((a.dimension.clone(), a.subdimension.clone(), String::new()));
            }
        }
        for (d, s, summary) in order {
            let idx: Vec<usize> = (0..activities.len())
                .filter(|&i| activities[i].dimension == d && activities[i].subdimension == s)
                .collect();
            if idx.is_empty() {
                continue;
            }
            let dim = match dims.iter().position(|x| x.name == d) {
                Some(i) => i,
                None => {
                    dims.push(Dimension {
                        name: d.clone(),
                        subdimensions: Vec::new(),
                    });
                    dims.len() - 1
                }
            };
            dims[dim].subdimensions.push(Subdimension {
                name: s,
                summary,
                activities: idx,
            });
        }
        let version = self.version.unwrap_or_else(|| "custom".into());
        let mut cat = Catalog::new(version, self.sources.join(", "), dims, activities)
            .with_former_names(self.former);
        cat.released = self.released;
        cat.files = self.sources;
        cat.publisher = self.publisher;
        cat
    }
}
