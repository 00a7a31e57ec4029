//! `maturity`: organisation-wide OWASP DSOMM assessments. The pipeline is
//! `load -> validate -> score -> render -> output`; this file strings the stages together.

pub mod bench_data;
pub mod build;
pub mod catalog_cmd;
pub mod check;
pub mod cli;
pub mod date;
pub mod diag;
pub mod diag_formats;
pub mod dsomm_io;
pub mod error;
pub mod fuzz;
pub mod init;
pub mod load;
pub mod model;
pub mod new_files;
pub mod output;
pub mod policy;
pub mod progress;
pub mod render;
pub mod report;
pub mod score;
pub mod term;
pub mod validate;
pub mod watchdog;
pub mod yaml_out;

use date::Date;
use diag::Diagnostics;
use error::Result;
use std::path::Path;
use validate::Validated;

/// Loads and validates the input at `dir`; input problems are in the returned diagnostics.
pub fn read_input(dir: &Path, today: Date) -> Result<(Validated, Diagnostics)> {
    let (input, mut diags) = load::load(dir)?;
    let validated = validate::validate(&input, today, &mut diags);
    Ok((validated, diags))
}

/// Adds the warnings that need scores: every started activity whose prerequisites are still at 0, and
/// every team with no level because no activity applies to it.
pub fn dependency_warnings(v: &Validated, scores: &score::Scores, diags: &mut Diagnostics) {
    let cat = &v.org.catalog;
    let name = |u: &str| {
        cat.by_uuid(u)
            .map(|i| cat.activities[i].name.clone())
            .unwrap_or_else(|| u.to_string())
    };
    for t in &scores.teams {
        let source = v
            .org
            .teams
            .get(&t.name)
            .map(|t| t.source.clone())
            .unwrap_or_default();
        if t.level.is_none() {
            diags
                .warning(
                    &source,
                    Default::default(),
                    "no-applicable-activity",
                    format!(
                        "every activity is marked not applicable for team `{}`, so it has no level",
                        t.name
                    ),
                )
                .hint("record the activities that do apply; a team with no level fails `min_level` policies");
        }
        for f in &t.dependency_findings {
            let missing: Vec<String> = f.missing.iter().map(|m| format!("`{}`", name(m))).collect();
            diags
                .warning(
                    &source,
                    Default::default(),
                    "dependency-not-met",
                    format!(
                        "team `{}` has started `{}` but not {}",
                        t.name,
                        name(&f.activity),
                        missing.join(", ")
                    ),
                )
                .hint("DSOMM builds this activity on the ones named; plan them first");
        }
    }
}
