//! The static HTML site: builds every page's view model, renders it with tera (built-in templates,
//! overridable by name) and hands each file to a sink (`output` stages them on disk).

mod catalog_pages;
mod chart_layers;
mod compliance;
mod evidence;
mod exports;
mod history;
mod overview;
mod pages;
mod people;
mod policies;
mod rows;
mod standings;
mod svg_compact;
mod svg_merge;
mod views;
mod xlsx;

use super::slug;
use super::view::{Link, PageInfo, SiteInfo};
use crate::model::Org;
use crate::score::Scores;
use crate::util::error::{Error, Result};
use crate::validate::Ledger;
use std::collections::BTreeMap;

/// Built-in site templates (name, source), compiled in.
#[rustfmt::skip]
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../../templates/site/base.html")),
    ("index.html", include_str!("../../../templates/site/index.html")),
    ("teams.html", include_str!("../../../templates/site/teams.html")),
    ("team.html", include_str!("../../../templates/site/team.html")),
    ("groups.html", include_str!("../../../templates/site/groups.html")),
    ("group.html", include_str!("../../../templates/site/group.html")),
    ("dimensions.html", include_str!("../../../templates/site/dimensions.html")),
    ("dimension.html", include_str!("../../../templates/site/dimension.html")),
    ("subdimension.html", include_str!("../../../templates/site/subdimension.html")),
    ("activity.html", include_str!("../../../templates/site/activity.html")),
    ("activities.html", include_str!("../../../templates/site/activities.html")),
    ("level.html", include_str!("../../../templates/site/level.html")),
    ("compliance.html", include_str!("../../../templates/site/compliance.html")),
    ("compliance-teams.html", include_str!("../../../templates/site/compliance-teams.html")),
    ("compliance-team.html", include_str!("../../../templates/site/compliance-team.html")),
    ("data.html", include_str!("../../../templates/site/data.html")),
    ("reports.html", include_str!("../../../templates/site/reports.html")),
    ("changes.html", include_str!("../../../templates/site/changes.html")),
    ("evidence.html", include_str!("../../../templates/site/evidence.html")),
    ("search.html", include_str!("../../../templates/site/search.html")),
];

/// The stylesheet, overridable as `style.css`.
pub const STYLE: &str = include_str!("../../../templates/site/style.css");

/// The optional script (sortable tables, filter boxes, search), overridable as `site.js`.
pub const SCRIPT: &str = include_str!("../../../templates/site/site.js");

/// One rendered file: path relative to the output root, and its bytes.
pub type File = (String, Vec<u8>);

/// Everything the site is rendered from.
pub struct SiteInput<'a> {
    pub org: &'a Org,
    pub scores: &'a Scores,
    /// Scores per period from the first recorded date to the as-of date.
    pub history: &'a crate::score::History,
    /// What changed since the `--since` date.
    pub changes: &'a crate::score::Changes,
    pub ledger: &'a Ledger,
    /// Warnings from validation, already formatted for people.
    pub warnings: &'a [crate::util::diag::Diagnostic],
    /// User templates by name (override the built-in ones).
    pub overrides: &'a BTreeMap<String, String>,
    /// The PDF reports written beside the site (paths relative to the site root).
    pub reports: &'a [Link],
    /// maturity.yaml's policies evaluated at the as-of date.
    pub policies: &'a [crate::policy::Outcome],
}

/// File-name stems for every team, group, dimension, subdimension and activity.
pub struct Slugs {
    pub teams: BTreeMap<String, String>,
    pub groups: BTreeMap<String, String>,
    pub dims: BTreeMap<String, String>,
    pub subs: BTreeMap<String, String>,
    pub acts: BTreeMap<String, String>,
}

impl Slugs {
    pub fn new(org: &Org) -> Slugs {
        let cat = &org.catalog;
        Slugs {
            teams: slug::assign(org.teams.keys().map(String::as_str)),
            groups: slug::assign(org.groups.keys().map(String::as_str)),
            dims: slug::assign(cat.dimensions.iter().map(|d| d.name.as_str())),
            subs: slug::assign(
                cat.dimensions
                    .iter()
                    .flat_map(|d| d.subdimensions.iter().map(|s| s.name.as_str())),
            ),
            acts: slug::assign(cat.activities.iter().map(|a| a.uuid.as_str())),
        }
    }

    pub fn team(&self, root: &str, name: &str) -> Link {
        Link {
            name: name.to_string(),
            href: format!(
                "{root}teams/{}.html",
                self.teams.get(name).map_or("index", String::as_str)
            ),
        }
    }
    pub fn group(&self, root: &str, name: &str) -> Link {
        Link {
            name: name.to_string(),
            href: format!(
                "{root}groups/{}.html",
                self.groups.get(name).map_or("index", String::as_str)
            ),
        }
    }
    pub fn dim(&self, root: &str, name: &str) -> Link {
        Link {
            name: name.to_string(),
            href: format!(
                "{root}dimensions/{}.html",
                self.dims.get(name).map_or("index", String::as_str)
            ),
        }
    }
    pub fn sub(&self, root: &str, name: &str) -> Link {
        Link {
            name: name.to_string(),
            href: format!(
                "{root}subdimensions/{}.html",
                self.subs.get(name).map_or("index", String::as_str)
            ),
        }
    }
    pub fn act(&self, root: &str, uuid: &str, name: &str) -> Link {
        Link {
            name: name.to_string(),
            href: format!(
                "{root}activities/{}.html",
                self.acts.get(uuid).map_or("index", String::as_str)
            ),
        }
    }
}

pub use crate::util::sink::Sink;

/// Renders pages and hands them to the sink; holds the tera instance and shared values.
pub struct Renderer<'a> {
    tera: tera::Tera,
    pub input: &'a SiteInput<'a>,
    pub site: SiteInfo,
    pub slugs: Slugs,
    sink: &'a dyn Sink,
    count: std::sync::atomic::AtomicUsize,
    /// Paths of the PDF reports of this build, relative to the site root.
    reports: std::collections::BTreeSet<String>,
    /// The shared chart layers written so far (`chart_layers`).
    shared: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

impl<'a> Renderer<'a> {
    /// Renders `template` with `ctx` plus `site` and `page`, and passes the page to the sink.
    pub fn page(
        &self,
        path: &str,
        template: &str,
        title: &str,
        section: &str,
        ctx: impl serde::Serialize,
    ) -> Result<()> {
        let depth = path.matches('/').count();
        let page = PageInfo {
            title: title.to_string(),
            root: "../".repeat(depth),
            section: section.to_string(),
        };
        let mut context = tera::Context::from_serialize(&ctx)
            .map_err(|e| Error::Template(format!("{template}: {e}")))?;
        context.insert("site", &self.site);
        context.insert("page", &page);
        let html = {
            let _watch = crate::util::watchdog::guard(format!("template {template} for {path}"));
            self.tera
                .render(template, &context)
                .map_err(|e| Error::Template(format!("{template} for {path}: {e}")))?
        };
        self.file(path, svg_compact::page(&without_controls(&html)).as_bytes())
    }

    /// The link from a page at `root` to the PDF report at `path`, when the build writes it.
    pub fn pdf(&self, root: &str, path: &str) -> Option<String> {
        self.reports.contains(path).then(|| format!("{root}{path}"))
    }

    pub fn file(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.count
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.sink.write(path, bytes)
    }

    /// A file written in pieces (a large export); call `finish` on it.
    pub fn stream(&self, path: &str) -> crate::util::sink::Pieces<'a> {
        self.count
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        crate::util::sink::Pieces::new(self.sink, path)
    }
}

/// `search-index.js`: every team, group and activity as `[kind, name, path]` (kind `t`, `g` or `a`), read
/// by the search page as a script (a `fetch` of JSON would fail on `file://` pages).
fn search_index(r: &Renderer) -> String {
    let org = r.input.org;
    let mut entries: Vec<(&str, String, String)> = Vec::new();
    for t in org.teams.keys() {
        entries.push(("t", t.clone(), r.slugs.team("", t).href));
    }
    for g in org.groups.keys() {
        entries.push(("g", g.clone(), r.slugs.group("", g).href));
    }
    for a in &org.catalog.activities {
        entries.push(("a", a.name.clone(), r.slugs.act("", &a.uuid, &a.name).href));
    }
    let json = serde_json::to_string(&entries).expect("search index serialises");
    // `<` escaped so the text stays inert even if the file is ever inlined in a page.
    format!(
        "window.MATURITY_SEARCH = {};\n",
        without_controls(&json).replace('<', "\\u003c")
    )
}

/// HTML text with the control characters HTML forbids (NUL, C0 but tab/LF/FF/CR, DEL) replaced by U+FFFD:
/// they can reach a page from the input (a YAML `"\0"` escape) and would make it invalid.
fn without_controls(html: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\x0c' | '\r');
    if html.contains(bad) {
        std::borrow::Cow::Owned(html.replace(bad, "\u{fffd}"))
    } else {
        std::borrow::Cow::Borrowed(html)
    }
}

/// Renders the whole site, page by page (in parallel where pages are independent), into `sink`;
/// returns the number of files. The bytes of every file depend only on the input.
pub fn render<'a>(input: &'a SiteInput<'a>, sink: &'a dyn Sink) -> Result<usize> {
    let mut tera = tera::Tera::new();
    let mut templates: BTreeMap<&str, &str> = TEMPLATES.iter().copied().collect();
    for (name, src) in input.overrides {
        if name.ends_with(".html") {
            templates.insert(name.as_str(), src.as_str());
        }
    }
    tera.add_raw_templates(templates.iter().map(|(n, s)| (*n, *s)))
        .map_err(|e| Error::Template(e.to_string()))?;
    let site = SiteInfo {
        org: input.org.name.clone(),
        as_of: input.scores.as_of.to_string(),
        catalog_version: input.org.catalog.version.clone(),
        catalog_released: input.org.catalog.released.clone().unwrap_or_default(),
        catalog_publisher: input.org.catalog.publisher.clone().unwrap_or_default(),
        level_labels: (1..=5usize)
            .map(|l| {
                input
                    .org
                    .level_labels
                    .get(l - 1)
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .unwrap_or_else(|| format!("Level {l}"))
            })
            .collect(),
        teams: input.org.teams.len(),
        groups: input.org.groups.len(),
        generator: format!("maturity {}", env!("CARGO_PKG_VERSION")),
        evidence: input.org.scorecard.is_some(),
        evidence_note: crate::render::observed::counts_as_note(input.scores),
        data_suffix: exports::data_suffix(input.scores.teams.len()).to_string(),
    };
    let r = Renderer {
        tera,
        input,
        site,
        slugs: Slugs::new(input.org),
        sink,
        count: Default::default(),
        reports: input.reports.iter().map(|l| l.href.clone()).collect(),
        shared: Default::default(),
    };
    // The compliance workbook first: rust_xlsxwriter holds every cell until it saves (about 150 MB at
    // 10,000 teams), and after the pages it came on top of their peak (10,000 teams, `--only site`: peak
    // 887 -> 834 MB; BENCHMARKS.md).
    r.file("exports/compliance.xlsx", &xlsx::compliance(input)?)?;
    pages::all(&r)?;
    let style = input
        .overrides
        .get("style.css")
        .map_or(STYLE, String::as_str);
    r.file("style.css", style.as_bytes())?;
    let script = input
        .overrides
        .get("site.js")
        .map_or(SCRIPT, String::as_str);
    r.file("site.js", script.as_bytes())?;
    r.file("search-index.js", search_index(&r).as_bytes())?;
    r.page(
        "search/index.html",
        "search.html",
        "Search",
        "search",
        serde_json::json!({}),
    )?;
    exports::all(&r)?;
    Ok(r.count.into_inner())
}
