//! `maturity`: organisation-wide OWASP DSOMM assessments. The pipeline is
//! `load -> validate -> score -> render -> output`, with the commands (`commands/`, dispatched by `cli`)
//! on top and the utilities (`util/`) below; this file holds what every command starts with (reading and
//! validating the input or a catalogue) and the warnings that need scores.

pub mod cli;
pub mod commands;
pub mod load;
pub mod model;
pub mod output;
pub mod policy;
pub mod recipients;
pub mod render;
pub mod score;
pub mod util;
pub mod validate;

use model::Catalog;
use std::path::Path;
use util::date::Date;
use util::diag::Diagnostics;
use util::error::Result;
use validate::Validated;

/// Loads and validates the input at `dir`; input problems are in the returned diagnostics.
pub fn read_input(dir: &Path, today: Date) -> Result<(Validated, Diagnostics)> {
    let (input, mut diags) = load::load(dir)?;
    let mut validated = validate::validate(&input, today, &mut diags);
    // Where each record and evidence item was written, relative to the input folder (scores.json, site).
    let mut shown: std::collections::BTreeMap<std::sync::Arc<str>, std::sync::Arc<str>> =
        std::collections::BTreeMap::new();
    for t in validated.org.teams.values_mut() {
        for ta in t.activities.values_mut() {
            for s in ta
                .sources
                .iter_mut()
                .map(|(_, s)| s)
                .chain(ta.evidence_sources.iter_mut())
            {
                let rel = shown
                    .entry(s.file.clone())
                    .or_insert_with(|| load::paths::relative_to_input(dir, &s.file).into());
                s.file.clone_from(rel);
            }
        }
    }
    Ok((validated, diags))
}

/// Loads and validates a catalogue (`None` or `builtin`: the built-in one); diagnostics are returned
/// alongside.
pub fn read_catalog(path: Option<&Path>) -> Result<(Catalog, Diagnostics)> {
    let (input, mut diags) = load::load_catalog(path)?;
    Ok((validate::catalog::build(&input, &mut diags), diags))
}

/// Up to this many teams that have not assessed get a warning each; more get one warning together.
const NOT_ASSESSED_ONE_BY_ONE: usize = 10;

/// Adds the warnings that need scores: every started activity whose prerequisites are still at 0, and
/// every team with no level because no activity applies to it.
pub fn dependency_warnings(v: &Validated, scores: &score::Scores, diags: &mut Diagnostics) {
    let cat = &v.org.catalog;
    let name = |u: &str| {
        cat.by_uuid(u)
            .map(|i| cat.activities[i].name.clone())
            .unwrap_or_else(|| u.to_string())
    };
    // Teams that recorded nothing: one warning each (with the team's file), or one for all of them.
    let not_assessed: Vec<&str> = scores
        .teams
        .iter()
        .filter(|t| !t.assessed)
        .map(|t| t.name.as_str())
        .collect();
    if not_assessed.len() > NOT_ASSESSED_ONE_BY_ONE {
        let first = v
            .org
            .teams
            .get(not_assessed[0])
            .map(|t| t.source.as_str())
            .unwrap_or_default();
        let names: Vec<String> = not_assessed
            .iter()
            .take(10)
            .map(|n| format!("`{n}`"))
            .collect();
        diags
            .warning(
                first,
                Default::default(),
                "team-not-assessed",
                format!(
                    "{} of {} teams have recorded nothing on or before {}: they are not assessed, and left out of every figure ({} and {} more)",
                    not_assessed.len(),
                    scores.teams.len(),
                    scores.as_of,
                    names.join(", "),
                    not_assessed.len() - names.len()
                ),
            )
            .hint("record the teams' first states (even `Not implemented`), or remove them");
    }
    for t in &scores.teams {
        let source = v
            .org
            .teams
            .get(&t.name)
            .map(|t| t.source.clone())
            .unwrap_or_default();
        if !t.assessed && not_assessed.len() <= NOT_ASSESSED_ONE_BY_ONE {
            diags
                .warning(
                    &source,
                    Default::default(),
                    "team-not-assessed",
                    format!(
                        "team `{}` has recorded nothing on or before {}: it is not assessed, and left out of every figure",
                        t.name, scores.as_of
                    ),
                )
                .hint("record the team's first states (even `Not implemented`), or remove the team");
        } else if t.assessed && t.level.is_none() {
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
