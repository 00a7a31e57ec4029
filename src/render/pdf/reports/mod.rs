//! The three PDF reports: which template each uses, the history they share, and the entry points.
//!
//! Each report module builds the data its template reads as `/data.json`; [`super::charts`] draws its
//! charts from that data.

mod asks;
mod checklist;
mod common;
mod executive;
mod group;
mod progress;
mod team;

pub use asks::Ask;
pub use checklist::checklist_levels;
pub use common::{
    Gap, LevelCount, Meta, Pct, PctText, StateInfo, TeamRow, TrendPoint, Upgrade, median_level,
    pct, points,
};
pub use executive::{ExecutiveData, HeatRow, executive_data};
pub use group::{GroupData, group_data};
pub use progress::{
    Changed, Improver, LevelChange, LevelSnapshot, ProjectionSummary, Regression, Trend,
};
pub use team::{
    ActRow, ExpiredRow, FindingRow, LevelBlock, ProjectionView, StateCounts, Step, TeamData,
    TeamDimension, TeamSubdimension, team_data,
};

use super::{PdfError, compile};
use crate::model::Org;
use crate::score::{Changes, History, Period, Scores};
use crate::util::date::Date;
use serde::Serialize;

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
                        .filter_map(|t| t.dimensions.get(&d.name))
                };
                let m = common::median(dims().filter_map(|x| x.completion).collect());
                dim_median.insert(d.name.clone(), m);
                for s in &d.subdimensions {
                    let m = common::median(
                        dims()
                            .filter_map(|x| x.subdimensions.get(&s.name).and_then(|x| x.completion))
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
            org_completion_since: crate::score::score(org, since).org.completion,
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

/// Everything one report's compilation reads besides its template: the data at `/data.json` and the
/// charts at `/charts/<name>.svg`. Prepared once (in the parent process when PDFs are rendered by
/// worker processes), compiled by [`compile_prepared`].
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Prepared {
    pub data: String,
    /// (virtual path, SVG text).
    pub files: Vec<(String, String)>,
}

/// The data and charts of the executive summary (2-4 pages).
pub fn prepare_executive(
    org: &Org,
    scores: &Scores,
    ctx: &ReportContext,
) -> Result<Prepared, PdfError> {
    let data = executive_data(org, scores, ctx);
    let charts = super::charts::executive(&data);
    prepared(&data, charts)
}

/// One team's report: levels, radar against the organisation, trend, projection, next steps, checklist.
pub fn prepare_team(
    org: &Org,
    scores: &Scores,
    ctx: &ReportContext,
    team_name: &str,
) -> Result<Prepared, PdfError> {
    let data =
        team_data(org, scores, ctx, team_name).ok_or_else(|| not_found("team", team_name))?;
    let charts = super::charts::team(&data);
    prepared(&data, charts)
}

/// One group's report: its teams compared, its trend against the organisation, its biggest gaps.
pub fn prepare_group(
    org: &Org,
    scores: &Scores,
    ctx: &ReportContext,
    group_name: &str,
) -> Result<Prepared, PdfError> {
    let data =
        group_data(org, scores, ctx, group_name).ok_or_else(|| not_found("group", group_name))?;
    let charts = super::charts::group(&data);
    prepared(&data, charts)
}

/// Executive summary of the whole organisation, compiled.
pub fn executive(
    org: &Org,
    scores: &Scores,
    ctx: &ReportContext,
    template: Template<'_>,
) -> Result<Vec<u8>, PdfError> {
    compile_prepared(
        template,
        &prepare_executive(org, scores, ctx)?,
        scores.as_of,
    )
}

/// One team's report, compiled.
pub fn team(
    org: &Org,
    scores: &Scores,
    ctx: &ReportContext,
    team_name: &str,
    template: Template<'_>,
) -> Result<Vec<u8>, PdfError> {
    compile_prepared(
        template,
        &prepare_team(org, scores, ctx, team_name)?,
        scores.as_of,
    )
}

/// One group's report, compiled.
pub fn group(
    org: &Org,
    scores: &Scores,
    ctx: &ReportContext,
    group_name: &str,
    template: Template<'_>,
) -> Result<Vec<u8>, PdfError> {
    compile_prepared(
        template,
        &prepare_group(org, scores, ctx, group_name)?,
        scores.as_of,
    )
}

fn not_found(kind: &str, name: &str) -> PdfError {
    PdfError {
        diagnostics: vec![format!("error: {kind} `{name}` not found")],
    }
}

fn prepared<T: Serialize>(data: &T, charts: Vec<(String, String)>) -> Result<Prepared, PdfError> {
    let names: Vec<String> = charts.iter().map(|(n, _)| n.clone()).collect();
    let mut value = serde_json::to_value(data).map_err(|e| PdfError {
        diagnostics: vec![format!("error: cannot serialise report data ({e})")],
    })?;
    value
        .as_object_mut()
        .expect("report data is an object")
        .insert("charts".into(), names.into());
    Ok(Prepared {
        data: serde_json::to_string(&value).expect("json value serialises"),
        files: charts
            .into_iter()
            .map(|(n, svg)| (format!("/charts/{n}.svg"), svg))
            .collect(),
    })
}

/// Compiles a prepared report with `template`; `date` is typst's `today` and the PDF's date.
pub fn compile_prepared(
    template: Template<'_>,
    p: &Prepared,
    date: Date,
) -> Result<Vec<u8>, PdfError> {
    compile(
        template.name,
        template.source,
        p.data.as_bytes(),
        &p.files,
        date,
    )
}
