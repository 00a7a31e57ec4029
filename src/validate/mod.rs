//! Turns parsed input into the validated model (`Org`), collecting every problem as a diagnostic and
//! counting every record read in a ledger, so nothing is silently lost.

pub mod catalog;
mod dsomm;
pub mod fields;
mod json_pos;
mod limits;
mod native;
pub mod policies;
mod progress;
mod project;
pub mod recipients;
pub mod schema;
mod scorecard;
mod scorecard_json;

use crate::load::{Doc, Input};
use crate::model::{Catalog, Evidence, Org, Progress, Record, Team, TeamActivity};
use crate::util::date::Date;
use crate::util::diag::{Diagnostics, Pos};
use fields::Ctx;
use serde::Serialize;
use std::collections::BTreeMap;

/// Per input file: how many records (dated states, not-applicable marks, evidence items) were read,
/// used, and rejected (each rejection also has a diagnostic).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct LedgerRow {
    pub read: usize,
    pub used: usize,
    pub rejected: usize,
}

pub type Ledger = BTreeMap<String, LedgerRow>;

/// The result of validation.
pub struct Validated {
    pub org: Org,
    pub ledger: Ledger,
    /// The valid policies of maturity.yaml (`maturity check`).
    pub policies: Vec<crate::policy::Policy>,
    /// Who gets which report from `maturity send` (maturity.yaml `send:`, team `contacts:`).
    pub recipients: crate::recipients::Recipients,
    /// Activities named by a former name: (file, old name, activity index), sorted.
    pub old_names: Vec<(String, String, usize)>,
}

/// Shared state while the input files are interpreted.
pub(crate) struct Builder<'c> {
    pub catalog: &'c Catalog,
    pub progress: Progress,
    pub teams: BTreeMap<String, Team>,
    /// Group -> members, with where each membership was declared.
    pub groups: BTreeMap<String, Vec<(String, String, Pos)>>,
    /// Teams declared explicitly (DSOMM teams list) -> where.
    pub declared: BTreeMap<String, (String, Pos)>,
    pub ledger: Ledger,
    pub today: Date,
    pub freshness: crate::model::Freshness,
    pub upgrades: Vec<crate::model::CatalogUpgrade>,
    /// maturity.yaml `repo_url`: where the input folder is browsable, for links to file lines.
    pub repo_url: Option<String>,
    /// How many unknown names got a "did you mean" search so far.
    pub suggested: std::cell::Cell<usize>,
    /// Activities named by a former name: (file, old name, activity index).
    pub old_names: std::cell::RefCell<Vec<(String, String, usize)>>,
    pub app: Option<crate::model::AppSettings>,
    pub level_labels: Vec<String>,
    /// Repositories teams say they own (`repositories:`), for Scorecard results.
    pub repos: Vec<scorecard::RepoClaim>,
    /// The file of the records being read, shared by all of them (`model::Source`).
    pub file: std::cell::RefCell<Option<std::sync::Arc<str>>>,
    /// The `contacts:` of each team file (file, node), for `recipients`.
    pub contacts: Vec<(String, crate::load::yaml::Node)>,
}

/// Unknown activity names beyond this many get no "did you mean" (keeps huge broken inputs fast).
const MAX_SUGGESTIONS: usize = 500;

impl Builder<'_> {
    pub fn team(&mut self, name: &str, source: &str) -> &mut Team {
        self.teams.entry(name.to_string()).or_insert_with(|| Team {
            name: name.to_string(),
            source: source.to_string(),
            ..Team::default()
        })
    }

    pub fn read(&mut self, file: &str) {
        self.ledger.entry(file.to_string()).or_default().read += 1;
    }

    pub fn used(&mut self, file: &str) {
        self.ledger.entry(file.to_string()).or_default().used += 1;
    }

    pub fn rejected(&mut self, file: &str) {
        self.ledger.entry(file.to_string()).or_default().rejected += 1;
    }

    /// Resolves an activity reference (uuid or exact name), reporting unknown ones with a suggestion.
    pub fn activity(&self, cx: &mut Ctx, key: &str, pos: Pos) -> Option<usize> {
        if let Some(i) = self.catalog.find(key.trim()) {
            return Some(i);
        }
        if let Some(i) = self.catalog.find_former(key.trim()) {
            self.old_names
                .borrow_mut()
                .push((cx.file.to_string(), key.trim().to_string(), i));
            let new = &self.catalog.activities[i];
            cx.warning(
                pos,
                "renamed-activity",
                format!(
                    "activity `{}` is called `{}` in catalogue {}",
                    key.trim(),
                    new.name,
                    self.catalog.version
                ),
                format!(
                    "write `{}` or its uuid {}; the old name still counts",
                    new.name, new.uuid
                ),
            );
            return Some(i);
        }
        // Suggestions cost an edit-distance scan of the catalogue: offer them for the first few only.
        self.suggested.set(self.suggested.get() + 1);
        let names = self.catalog.activities.iter().map(|a| a.name.as_str());
        let suggestion = if self.suggested.get() <= MAX_SUGGESTIONS {
            crate::util::diag::did_you_mean(key, names)
        } else {
            None
        };
        let hint = match suggestion {
            Some(s) => format!(
                "did you mean `{s}`? activities are named by uuid or exact name (`maturity catalog` lists them)"
            ),
            None => "name the activity by its uuid or exact name; `maturity catalog` lists them"
                .to_string(),
        };
        cx.error(
            pos,
            "unknown-activity",
            format!(
                "unknown activity `{key}` (catalogue {})",
                self.catalog.version
            ),
            hint,
        );
        None
    }

    /// Resolves a progress state name, reporting unknown ones with a suggestion.
    pub fn state(&self, cx: &mut Ctx, name: &str, pos: Pos) -> Option<usize> {
        if let Some(i) = self.progress.find(name) {
            return Some(i);
        }
        let names: Vec<&str> = self
            .progress
            .states
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        let hint = match crate::util::diag::did_you_mean(name, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? states: {}", names.join(", ")),
            None => format!("states: {}", names.join(", ")),
        };
        cx.error(
            pos,
            "unknown-state",
            format!("unknown progress state `{name}`"),
            hint,
        );
        None
    }

    /// Checks a record's date against today and adds it; per (team, activity, state) the earliest date wins.
    pub fn record(
        &mut self,
        cx: &mut Ctx,
        team: &str,
        act: usize,
        state: usize,
        date: Option<Date>,
        pos: Pos,
    ) {
        if let Some(d) = date
            && d > self.today
        {
            cx.warning(
                pos,
                "future-date",
                format!("date {d} is in the future (today is {})", self.today),
                "it only counts from that day on; check for a typo",
            );
        }
        let here = crate::model::Source {
            file: self.shared_file(cx.file),
            line: pos.line,
        };
        let ta = self.team(team, cx.file).activities.entry_or_default(act);
        match ta.records.iter_mut().find(|r| r.state == state) {
            // `None` (undated) sorts first, so it wins as the earliest.
            Some(r) => {
                let earlier = date < r.date;
                r.date = r.date.min(date);
                if earlier {
                    ta.set_source(state, here);
                }
            }
            None => {
                ta.records.push(Record { state, date });
                ta.set_source(state, here);
            }
        }
        self.used(cx.file);
    }

    /// `file` as a shared string: the same allocation for every record of the file being read.
    fn shared_file(&self, file: &str) -> std::sync::Arc<str> {
        let mut cur = self.file.borrow_mut();
        match cur.as_ref() {
            Some(f) if &**f == file => f.clone(),
            _ => cur.insert(std::sync::Arc::from(file)).clone(),
        }
    }

    pub fn evidence(&mut self, team: &str, source: &str, line: u32, act: usize, ev: Evidence) {
        let file = self.shared_file(source);
        let ta: &mut TeamActivity = self.team(team, source).activities.entry_or_default(act);
        if !ta.evidence.contains(&ev) {
            ta.evidence.push(ev);
            ta.evidence_sources
                .push(crate::model::Source { file, line });
        }
        self.used(source);
    }
}

/// The keys of `catalog:` written as a mapping.
pub(crate) const CATALOG_KEYS: &[&str] = &["base", "extend", "exclude"];

/// Validates everything read; `today` is the real date of the run (for future-date checks).
pub fn validate(input: &Input, today: Date, diags: &mut Diagnostics) -> Validated {
    let mut cat = catalog::builder(input, diags);
    let project_root = input.project.as_ref().and_then(Doc::root);
    if let (Some(p), Some(c)) = (&input.project, project_root.and_then(|r| r.get("catalog")))
        && let Some(entries) = c.map()
    {
        Ctx::new(&p.file, diags).unknown_keys(entries, CATALOG_KEYS, "catalog");
    }
    if let (Some(p), Some(root)) = (&input.project, project_root)
        && let Some(ex) = root.get("catalog").and_then(|c| c.get("exclude"))
    {
        let mut cx = Ctx::new(&p.file, diags);
        let keys = cx.texts(ex, "catalog.exclude");
        let unmatched = cat.exclude(&keys);
        for item in cx.seq(ex, "catalog.exclude") {
            if let Some(k) = item.str().filter(|k| unmatched.iter().any(|u| u == k)) {
                let msg = format!("`catalog.exclude` names `{k}`, which is not in the catalogue");
                cx.warning(
                    item.pos,
                    "unknown-activity",
                    msg,
                    "use an activity's uuid or exact name",
                );
            }
        }
    }
    let catalog = cat.finish(diags);
    let progress = progress::choose(input, diags);
    let mut b = Builder {
        catalog: &catalog,
        progress,
        teams: BTreeMap::new(),
        groups: BTreeMap::new(),
        declared: BTreeMap::new(),
        ledger: Ledger::new(),
        today,
        freshness: Default::default(),
        upgrades: Vec::new(),
        suggested: Default::default(),
        repo_url: None,
        old_names: Default::default(),
        app: None,
        level_labels: Vec::new(),
        repos: Vec::new(),
        file: Default::default(),
        contacts: Vec::new(),
    };
    // Every data file read is in the ledger, an empty one too (with nothing read from it).
    let data_files = input
        .project
        .iter()
        .chain(&input.teams)
        .chain(&input.v3)
        .chain(input.dsomm.iter().flat_map(|d| {
            std::iter::once(&d.meta)
                .chain(d.refs.iter().map(|(_, doc)| doc))
                .chain(d.progress.iter())
                .chain(d.evidence.iter())
        }));
    for doc in data_files {
        b.ledger.entry(doc.file.clone()).or_default();
    }
    let mut name = String::from("Organisation");
    if let Some(p) = &input.project {
        name = project::project(&mut b, p, diags).unwrap_or(name);
    }
    for d in &input.dsomm {
        dsomm::v4(&mut b, d, diags);
    }
    for d in &input.v3 {
        dsomm::v3(&mut b, d, diags);
    }
    // Team files one at a time: each is read, validated and dropped before the next (`TeamFiles`).
    let mut seen = std::collections::HashMap::new();
    for doc in &input.teams {
        native::team_file(&mut b, doc, &mut seen, diags);
    }
    input.team_files.each(diags, |doc, diags| {
        b.ledger.entry(doc.file.clone()).or_default();
        native::team_file(&mut b, doc, &mut seen, diags);
    });
    limits::teams(&mut b, diags);
    let mut groups = finish_groups(&mut b, diags);
    limits::groups(&mut b, &mut groups, diags);
    for team in b.teams.values_mut() {
        for ta in team.activities.values_mut() {
            ta.records.sort_by_key(|r| (r.date, r.state));
            ta.regressions.sort_by_key(|r| (r.date, r.state));
        }
        // Team files are shrunk as they are read (`native::team_file`); this covers the other inputs.
        team.shrink_to_fit();
        team.groups.sort();
        team.groups.dedup();
    }
    let scorecard = scorecard::build(&mut b, input, diags);
    let Builder {
        teams,
        ledger,
        contacts,
        progress,
        freshness,
        upgrades,
        repo_url,
        old_names,
        app,
        level_labels,
        ..
    } = b;
    let mut old_names = old_names.into_inner();
    old_names.sort();
    old_names.dedup();
    let org = Org {
        name,
        catalog,
        progress,
        teams,
        groups,
        freshness,
        upgrades,
        repo_url,
        app,
        level_labels,
        scorecard,
    };
    let policies = policies::parse(input.project.as_ref(), &org, diags);
    let recipients = recipients::parse(input.project.as_ref(), &contacts, &org, diags);
    Validated {
        org,
        ledger,
        policies,
        recipients,
        old_names,
    }
}

/// Resolves group memberships: members must be known teams; teams learn their groups.
fn finish_groups(b: &mut Builder, diags: &mut Diagnostics) -> BTreeMap<String, Vec<String>> {
    for (team, (file, pos)) in b.declared.clone() {
        if !b.teams.contains_key(&team) {
            b.team(&team, &file);
        }
        let _ = pos;
    }
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let groups = std::mem::take(&mut b.groups);
    let mut suggestions = 0;
    for (group, members) in groups {
        let list = out.entry(group.clone()).or_default();
        for (team, file, pos) in members {
            if !b.teams.contains_key(&team) {
                suggestions += 1;
                let close = (suggestions <= limits::MAX_SUGGESTIONS)
                    .then(|| {
                        crate::util::diag::did_you_mean(&team, b.teams.keys().map(String::as_str))
                    })
                    .flatten();
                let hint = match close {
                    Some(s) => format!(
                        "did you mean `{s}`? add a team file for `{team}` or remove it from the group"
                    ),
                    None => format!("add a team file for `{team}` or remove it from the group"),
                };
                diags
                    .warning(
                        &file,
                        pos,
                        "group-team-without-results",
                        format!("group `{group}` lists `{team}`, which has no results"),
                    )
                    .hint(hint);
                continue;
            }
            b.teams
                .get_mut(&team)
                .expect("checked")
                .groups
                .push(group.clone());
            list.push(team);
        }
        list.sort();
        list.dedup();
    }
    for team in b.teams.values() {
        for g in &team.groups {
            let list = out.entry(g.clone()).or_default();
            if !list.contains(&team.name) {
                list.push(team.name.clone());
                list.sort();
            }
        }
    }
    out
}
