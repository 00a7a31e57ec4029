//! The three PDF reports: which template each uses and the history they share. Each report module
//! builds the data its template reads as `/data.json`; `super::charts` draws its charts from that data
//! and `super::prepare` puts the two together.

mod asks;
mod checklist;
mod common;
mod executive;
mod group;
mod progress;
mod team;

pub use asks::Ask;
pub use checklist::{ActRow, LevelBlock, StateCounts, checklist_levels};
pub use common::{
    Gap, LevelCount, Meta, Pct, PctText, StateInfo, TeamRow, TrendPoint, Upgrade, median_level,
    median_of_levels, pct, points,
};
pub use executive::{ExecutiveData, HeatRow, executive_data};
pub use group::{GroupData, group_data};
pub use progress::{
    Changed, Improver, LevelChange, LevelSnapshot, ProjectionSummary, Regression, Trend,
};
pub use team::{
    ExpiredRow, FindingRow, ProjectionView, Step, TeamData, TeamDimension, TeamSubdimension,
    team_data,
};

use crate::model::Org;
use crate::score::{Changes, History, Period, Scores};
use crate::util::date::Date;

pub const EXECUTIVE_TYP: &str = include_str!("../../../../templates/pdf/executive.typ");
pub const TEAM_TYP: &str = include_str!("../../../../templates/pdf/team.typ");
pub const GROUP_TYP: &str = include_str!("../../../../templates/pdf/group.typ");

/// The kind of a report; its built-in template is `templates/pdf/<kind>.typ`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Executive,
    Team,
    Group,
}

impl Kind {
    /// The report's title as builds and `send` name it: `Executive summary`, `Team report: NAME`, ...
    pub fn title(self, name: &str) -> String {
        match self {
            Kind::Executive => "Executive summary".into(),
            Kind::Team => format!("Team report: {name}"),
            Kind::Group => format!("Group report: {name}"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Executive => "executive",
            Kind::Team => "team",
            Kind::Group => "group",
        }
    }

    /// The template's path relative to a templates folder, e.g. `pdf/team.typ`.
    pub fn template_path(self) -> String {
        format!("pdf/{}.typ", self.as_str())
    }

    /// The built-in template, named `templates/pdf/<kind>.typ` in messages.
    pub fn builtin(self) -> Template<'static> {
        let (name, source) = match self {
            Kind::Executive => ("templates/pdf/executive.typ", EXECUTIVE_TYP),
            Kind::Team => ("templates/pdf/team.typ", TEAM_TYP),
            Kind::Group => ("templates/pdf/group.typ", GROUP_TYP),
        };
        Template { name, source }
    }
}

/// A typst template and the name its error messages use (where it came from, e.g.
/// `my-templates/pdf/team.typ` for a user's override).
#[derive(Debug, Clone, Copy)]
pub struct Template<'a> {
    pub name: &'a str,
    pub source: &'a str,
}

/// History shared by every report of one build, computed once: quarterly series from the first recorded
/// date to as-of, and what changed since `since`.
pub struct ReportContext {
    pub since: Date,
    pub history: History,
    pub changes: Changes,
    /// Organisation completion at `since`.
    pub org_completion_since: Option<f64>,
    /// maturity.yaml's policies at the as-of date (empty unless set with [`ReportContext::with_policies`]).
    pub policies: Vec<crate::policy::Outcome>,
    /// Figures of the build's `Scores` that every team report shares, computed on first use (so a
    /// context serves one `Scores`): computing them per report made 10,000 team reports quadratic.
    shared: std::sync::OnceLock<Shared>,
}

/// Per-build figures of [`ReportContext`]: team positions, ranks and the organisation's medians.
pub(super) struct Shared {
    /// Index into `scores.teams` by team name.
    pub team: std::collections::HashMap<String, usize>,
    /// 1-based rank by level, then completion, then name (as [`common::ranked`]).
    pub rank: std::collections::HashMap<String, usize>,
    /// Median team completion per dimension, and per (dimension, subdimension).
    pub dim_median: std::collections::BTreeMap<String, Option<f64>>,
    pub sub_median: std::collections::BTreeMap<(String, String), Option<f64>>,
}

impl ReportContext {
    pub(super) fn shared(&self, org: &Org, scores: &Scores) -> &Shared {
        self.shared.get_or_init(|| {
            let mut dim_median = std::collections::BTreeMap::new();
            let mut sub_median = std::collections::BTreeMap::new();
            for d in &org.catalog.dimensions {
                let dims = || {
                    scores
                        .teams
                        .iter()
                        .filter_map(|t| t.dimensions.get(d.name.as_str()))
                };
                let m = common::median(dims().filter_map(|x| x.completion).collect());
                dim_median.insert(d.name.clone(), m);
                for s in &d.subdimensions {
                    let m = common::median(
                        dims()
                            .filter_map(|x| {
                                x.subdimensions
                                    .get(s.name.as_str())
                                    .and_then(|x| x.completion)
                            })
                            .collect(),
                    );
                    sub_median.insert((d.name.clone(), s.name.clone()), m);
                }
            }
            Shared {
                team: (scores.teams.iter().enumerate())
                    .map(|(i, t)| (t.name.clone(), i))
                    .collect(),
                rank: (common::ranked(scores).iter().enumerate())
                    .map(|(i, t)| (t.name.clone(), i + 1))
                    .collect(),
                dim_median,
                sub_median,
            }
        })
    }
}

impl ReportContext {
    /// `since` defaults to the start of the previous quarter, as on the site.
    pub fn new(org: &Org, as_of: Date, since: Option<Date>) -> ReportContext {
        let since = since.unwrap_or_else(|| default_since(as_of));
        ReportContext {
            since,
            history: crate::score::history(org, as_of, Period::Quarter),
            changes: crate::score::changes(org, since, as_of),
            org_completion_since: crate::score::org_completion(org, since),
            policies: Vec::new(),
            shared: std::sync::OnceLock::new(),
        }
    }

    /// The same context, with the policies the reports show.
    pub fn with_policies(mut self, policies: Vec<crate::policy::Outcome>) -> ReportContext {
        self.policies = policies;
        self
    }
}

/// The start of the quarter before `as_of`'s quarter.
pub fn default_since(as_of: Date) -> Date {
    as_of.quarter_start().add_days(-1).quarter_start()
}
