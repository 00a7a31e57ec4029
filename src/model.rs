//! Validated domain types: the activity catalogue, progress states, teams, groups and their dated records.

pub mod scorecard;

use crate::util::date::Date;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use thin_vec::ThinVec;

/// Implementation difficulty, each 1 (very low) to 5 (very high).
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Difficulty {
    pub knowledge: u8,
    pub time: u8,
    pub resources: u8,
}

/// References of an activity to other frameworks, as written in the catalogue.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct References {
    pub samm2: Vec<String>,
    pub iso27001_2017: Vec<String>,
    pub iso27001_2022: Vec<String>,
    pub opencre: Vec<String>,
    /// Every other reference kind as written (e.g. `d3f`: MITRE D3FEND techniques), by kind.
    pub other: BTreeMap<String, Vec<String>>,
}

/// An implementation item of an activity: a tool, guide or technique (DSOMM `implementation`).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Tool {
    /// Upstream items carry a uuid; one item may serve several activities.
    pub uuid: Option<String>,
    pub name: String,
    pub url: Option<String>,
    /// Markdown (may be empty).
    pub description: String,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Activity {
    pub uuid: String,
    pub name: String,
    pub dimension: String,
    pub subdimension: String,
    pub level: u8,
    pub difficulty: Difficulty,
    pub usefulness: u8,
    /// uuids of the activities this one builds on.
    pub depends_on: Vec<String>,
    pub tags: Vec<String>,
    pub references: References,
    pub tools: Vec<Tool>,
    /// Markdown texts (may be empty).
    pub description: String,
    pub risk: String,
    pub measure: String,
    pub assessment: String,
    /// Notes on the activity (DSOMM `comments`; markdown, may be empty).
    pub comments: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Subdimension {
    pub name: String,
    pub summary: String,
    /// Indexes into `Catalog::activities`, in catalogue order.
    pub activities: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dimension {
    pub name: String,
    pub subdimensions: Vec<Subdimension>,
}

/// The activity catalogue: dimensions -> subdimensions -> activities, indexed by uuid and name.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub version: String,
    /// The files it was read from, joined with ", " (for messages; see `files`).
    pub source: String,
    /// The files it was read from, in order: base, then every merged file.
    pub files: Vec<String>,
    /// Release date and publisher as the catalogue states them (DSOMM `meta`).
    pub released: Option<String>,
    pub publisher: Option<String>,
    pub dimensions: Vec<Dimension>,
    pub activities: Vec<Activity>,
    by_uuid: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    /// Former names (earlier catalogue versions, renames in activity files) -> activity index.
    former: HashMap<String, usize>,
}

impl Catalog {
    pub fn new(
        version: String,
        source: String,
        dimensions: Vec<Dimension>,
        activities: Vec<Activity>,
    ) -> Catalog {
        let by_uuid = activities
            .iter()
            .enumerate()
            .map(|(i, a)| (a.uuid.clone(), i))
            .collect();
        let by_name = activities
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name.clone(), i))
            .collect();
        Catalog {
            version,
            source,
            dimensions,
            activities,
            by_uuid,
            by_name,
            ..Catalog::default()
        }
    }

    /// Adds former names (old name -> uuid); names still in use and unknown uuids are skipped.
    pub fn with_former_names(mut self, names: impl IntoIterator<Item = (String, String)>) -> Self {
        for (name, uuid) in names {
            if let Some(i) = self.by_uuid(&uuid)
                && !self.by_name.contains_key(&name)
            {
                self.former.insert(name, i);
            }
        }
        self
    }

    /// Finds an activity by a name it had before (see `with_former_names`).
    pub fn find_former(&self, name: &str) -> Option<usize> {
        self.former.get(name).copied()
    }

    /// Former names, sorted, with the activity each now is.
    pub fn former_names(&self) -> Vec<(&str, usize)> {
        let mut v: Vec<(&str, usize)> = self.former.iter().map(|(k, &i)| (k.as_str(), i)).collect();
        v.sort();
        v
    }

    /// Number of subdimensions over all dimensions.
    pub fn subdimension_count(&self) -> usize {
        self.dimensions.iter().map(|d| d.subdimensions.len()).sum()
    }

    /// Finds an activity by uuid or exact name.
    pub fn find(&self, key: &str) -> Option<usize> {
        self.by_uuid
            .get(key)
            .or_else(|| self.by_name.get(key))
            .copied()
    }

    pub fn by_uuid(&self, uuid: &str) -> Option<usize> {
        self.by_uuid.get(uuid).copied()
    }
}

/// One progress state, e.g. "Partly implemented" at 0.5.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct State {
    pub name: String,
    pub score: f64,
    pub definition: String,
}

/// The progress states ordered by score; the first scores 0, the last 1.
#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    pub states: Vec<State>,
}

impl Progress {
    pub fn dsomm_default() -> Progress {
        let s = |name: &str, score: f64, definition: &str| State {
            name: name.into(),
            score,
            definition: definition.into(),
        };
        Progress {
            states: vec![
                s("Not implemented", 0.0, "Nothing has been done yet."),
                s(
                    "Started",
                    0.2,
                    "Work has begun, or a few applications are covered.",
                ),
                s(
                    "Partly implemented",
                    0.5,
                    "At least half of the applications are covered.",
                ),
                s(
                    "Fully implemented",
                    1.0,
                    "(Almost) every application is covered.",
                ),
            ],
        }
    }

    pub fn find(&self, name: &str) -> Option<usize> {
        self.states.iter().position(|s| s.name == name)
    }

    pub fn full(&self) -> usize {
        self.states.len() - 1
    }
}

/// A piece of evidence a team recorded for an activity.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Evidence {
    /// The id the DSOMM app gave it (kept on export; the app shows two items with different ids twice).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub title: String,
    pub date: Option<Date>,
    pub reviewer: Option<String>,
    /// Markdown.
    pub description: String,
    pub links: Vec<String>,
    /// The DSOMM attachment type of each link (`document`, `image`, `link`); empty means all `link`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub link_types: Vec<String>,
}

impl Evidence {
    /// The attachment type of link `i` (`link` unless stated).
    pub fn link_type(&self, i: usize) -> &str {
        self.link_types.get(i).map(String::as_str).unwrap_or("link")
    }
}

/// A YAML value kept as read: DSOMM app settings `maturity` does not use, written back on export.
#[derive(Debug, Clone, PartialEq)]
pub enum Kept {
    /// Text and whether it was written plain (unquoted: numbers and booleans stay what they were).
    Scalar(String, bool),
    Null,
    List(Vec<Kept>),
    Map(Vec<(String, Kept)>),
}

/// What a DSOMM app folder says beyond the results, kept so `export-dsomm` changes nothing the app shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppSettings {
    /// Teams in the order of the teams list.
    pub teams: Vec<String>,
    /// Groups and their members in the order written (empty groups included).
    pub groups: Vec<(String, Vec<String>)>,
    /// Top-level meta.yaml keys `maturity` does not use (`strings`, `lang`, `browserSettings`, ...).
    pub kept: Vec<(String, Kept)>,
}

/// A dated state a team reached on an activity; `date: None` means undated (v3 exports), valid at any date.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Record {
    pub state: usize,
    pub date: Option<Date>,
}

/// An explicit step down: from `date` on, the activity counts at most as `state` until a later record.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Regression {
    pub state: usize,
    pub date: Date,
    pub reason: String,
}

/// A place in the input: a file relative to the input folder and a line (1-based).
/// The file is shared by every record of that file: one `BTreeMap` and one path string per team
/// activity took 300 MB at 10,000 teams (BENCHMARKS.md).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Source {
    pub file: std::sync::Arc<str>,
    pub line: u32,
}

/// Everything one team recorded about one activity. Evidence, regressions and comments are rare (most
/// team activities are a state or two): `ThinVec`s, one word when empty instead of three (at 10,000
/// teams, 555,457 team activities: 176 -> 112 bytes each with the key, 36 MB less).
#[derive(Debug, Clone, Default, Serialize)]
pub struct TeamActivity {
    pub records: Vec<Record>,
    /// Where each state's record (the one with the earliest date) was written, by state index.
    #[serde(skip)]
    pub sources: Vec<(usize, Source)>,
    /// Where each evidence item was written, in the order of `evidence`.
    #[serde(skip)]
    pub evidence_sources: ThinVec<Source>,
    #[serde(serialize_with = "slice")]
    pub regressions: ThinVec<Regression>,
    pub not_applicable: Option<String>,
    #[serde(serialize_with = "slice")]
    pub evidence: ThinVec<Evidence>,
    #[serde(serialize_with = "slice")]
    pub comments: ThinVec<String>,
}

/// A `ThinVec` as a sequence (thin-vec's own impl needs its `serde` feature, which would rebuild typst).
fn slice<T: Serialize, S: serde::Serializer>(v: &ThinVec<T>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter())
}

impl TeamActivity {
    /// Where the record of state `state` was written.
    pub fn source(&self, state: usize) -> Option<&Source> {
        self.sources
            .iter()
            .find(|(s, _)| *s == state)
            .map(|(_, src)| src)
    }

    /// Gives back the room the vectors grew into while the input was read.
    pub fn shrink_to_fit(&mut self) {
        self.records.shrink_to_fit();
        self.sources.shrink_to_fit();
        self.evidence.shrink_to_fit();
        self.evidence_sources.shrink_to_fit();
    }

    /// Sets where the record of state `state` was written.
    pub fn set_source(&mut self, state: usize, src: Source) {
        match self.sources.iter_mut().find(|(s, _)| *s == state) {
            Some((_, old)) => *old = src,
            None => self.sources.push((state, src)),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Team {
    pub name: String,
    pub groups: Vec<String>,
    pub target_level: Option<u8>,
    /// What the team does (markdown; native team files).
    pub description: Option<String>,
    /// Where the team was declared (for messages and links to sources).
    pub source: String,
    /// By activity index (a sorted vector: a `BTreeMap` took 96 MB at 10,000 teams, see `util::keyed`).
    pub activities: crate::util::keyed::Keyed<usize, TeamActivity>,
}

impl Team {
    /// Gives back the room the team's activities grew into while its file was read (the vectors grow by
    /// doubling: at 10,000 teams the model peaked at 254 MB for 143 MB kept).
    pub fn shrink_to_fit(&mut self) {
        for ta in self.activities.values_mut() {
            ta.shrink_to_fit();
        }
        self.activities.shrink_to_fit();
    }
}

/// Evidence freshness rules: a fully implemented activity whose latest evidence or record is older
/// than the limit (days before the as-of date) counts as expired (value 0).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Freshness {
    /// Maximum age in days by activity level.
    pub by_level: BTreeMap<u8, u32>,
    /// Maximum age in days by activity index (wins over the level's).
    pub by_activity: BTreeMap<usize, u32>,
}

impl Freshness {
    pub fn max_age(&self, activity: usize, level: u8) -> Option<u32> {
        self.by_activity
            .get(&activity)
            .or_else(|| self.by_level.get(&level))
            .copied()
    }
}

/// A change of catalogue version, marked on trend charts.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CatalogUpgrade {
    pub date: Date,
    pub label: String,
}

/// The whole validated input of one run.
#[derive(Debug, Clone)]
pub struct Org {
    pub name: String,
    pub catalog: Catalog,
    pub progress: Progress,
    /// By team name.
    pub teams: BTreeMap<String, Team>,
    /// Group name -> member team names (sorted, deduplicated).
    pub groups: BTreeMap<String, Vec<String>>,
    pub freshness: Freshness,
    pub upgrades: Vec<CatalogUpgrade>,
    /// Where the input folder can be browsed (maturity.yaml `repo_url`), for links to source lines.
    pub repo_url: Option<String>,
    /// Read from a DSOMM app folder (the first one), if any.
    pub app: Option<AppSettings>,
    /// Labels of levels 1..5 (DSOMM meta.yaml `strings.<lang>.maturityLevels`); empty: "Level N".
    pub level_labels: Vec<String>,
    /// OpenSSF Scorecard evidence, when maturity.yaml has `scorecard:`.
    pub scorecard: Option<scorecard::Scorecard>,
}
