//! The entry points of the three reports: their data (`reports`) and charts (`charts`) put together
//! as what one compilation reads ([`Prepared`]), and compiled with a template.

use super::reports::{ReportContext, Template, executive_data, group_data, team_data};
use super::{PdfError, charts, compile};
use crate::model::Org;
use crate::score::Scores;
use crate::util::date::Date;
use serde::Serialize;

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
    let charts = charts::executive(&data);
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
    let charts = charts::team(&data);
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
    let charts = charts::group(&data);
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
