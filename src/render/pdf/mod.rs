//! PDF reports rendered by typst embedded as a library.
//!
//! A report is a typst template (built-in, or a user's override) plus data: the template reads
//! `json("/data.json")` and charts as `image("/charts/<name>.svg")`. Strings in the data are plain
//! text; fields whose name ends in `_markup` hold markdown converted to safe typst markup
//! ([`markup::to_typst`]) for `eval(s, mode: "markup")`.

mod charts;
pub mod jobs;
pub mod markup;
mod prepare;
pub mod reports;
pub mod runner;
mod world;

#[cfg(test)]
mod tests;

pub use prepare::{
    Prepared, compile_prepared, executive, group, prepare_executive, prepare_group, prepare_team,
    team,
};
pub use reports::{
    EXECUTIVE_TYP, GROUP_TYP, Kind, ReportContext, TEAM_TYP, Template, default_since,
};

use std::fmt;
use std::hash::{Hash, Hasher};
use typst::World;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::syntax::DiagSpan;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};
use world::PdfWorld;

/// A template that failed to compile or export; one message per problem, each like
/// `templates/pdf/team.typ:12:5: error: unknown variable: foo (hint: ...)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError {
    pub diagnostics: Vec<String>,
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostics.join("\n"))
    }
}

impl std::error::Error for PdfError {}

/// The virtual path of the data file every template reads.
pub const DATA_PATH: &str = "/data.json";

/// Compiles `template_source` (named `template_name` in messages) with `data_json` at `/data.json` and
/// `files` (absolute virtual paths such as `/charts/radar.svg`) and exports a PDF. The output depends
/// only on the arguments: `date` is typst's `today` and the PDF's creation date.
pub fn compile(
    template_name: &str,
    template_source: &str,
    data_json: &[u8],
    files: &[(String, String)],
    date: crate::util::date::Date,
) -> Result<Vec<u8>, PdfError> {
    let all = std::iter::once((DATA_PATH, data_json))
        .chain(files.iter().map(|(p, f)| (p.as_str(), f.as_bytes())));
    let world = PdfWorld::new(template_source, all, date);
    let result = {
        let _watch = crate::util::watchdog::guard(format!("template {template_name}"));
        render(&world, template_name, data_json, date)
    };
    drop(world);
    // typst memoises into global caches; without this, memory grows by megabytes per document.
    typst::comemo::evict(1);
    result
}

fn render(
    world: &PdfWorld,
    name: &str,
    data_json: &[u8],
    date: crate::util::date::Date,
) -> Result<Vec<u8>, PdfError> {
    let doc = typst::compile::<PagedDocument>(world)
        .output
        .map_err(|errs| errors(world, name, &errs))?;
    let (y, m, d) = date.ymd();
    let mut h = std::hash::DefaultHasher::new();
    data_json.hash(&mut h);
    let options = PdfOptions {
        ident: Smart::Custom(format!("maturity/{name}/{:016x}", h.finish())),
        creator: Smart::Custom(Some(format!("maturity {}", env!("CARGO_PKG_VERSION")))),
        timestamp: Datetime::from_ymd_hms(y, m as u8, d as u8, 0, 0, 0).map(Timestamp::new_utc),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&doc, &options).map_err(|errs| errors(world, name, &errs))
}

fn errors(world: &PdfWorld, name: &str, diags: &[SourceDiagnostic]) -> PdfError {
    PdfError {
        diagnostics: diags.iter().map(|d| describe(world, name, d)).collect(),
    }
}

/// `file:line:col: error: message (hint: ...)`; a span outside any file falls back to the innermost
/// call site in the template, then to the template name alone.
fn describe(world: &PdfWorld, name: &str, d: &SourceDiagnostic) -> String {
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let place = locate(world, name, d.span)
        .or_else(|| {
            d.trace
                .iter()
                .find_map(|t| locate(world, name, t.span.into()))
        })
        .unwrap_or_else(|| name.to_string());
    let mut s = format!("{place}: {severity}: {}", d.message);
    for h in &d.hints {
        s.push_str(&format!(" (hint: {})", h.v));
    }
    s
}

fn locate(world: &PdfWorld, name: &str, span: DiagSpan) -> Option<String> {
    let id = span.id()?;
    let range = world.range(span)?;
    let main = id == world.main();
    let source = if main {
        world.main_source().clone()
    } else {
        world.source(id).ok()?
    };
    let (line, col) = source.lines().byte_to_line_column(range.start)?;
    let file = if main {
        name.to_string()
    } else {
        id.vpath().get_without_slash().to_string()
    };
    Some(format!("{file}:{}:{}", line + 1, col + 1))
}
