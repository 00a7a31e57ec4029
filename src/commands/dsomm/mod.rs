//! The DSOMM app round trip, so teams can keep editing in the DSOMM app: `maturity import-dsomm` ([`import`],
//! an app export to a native project) and `maturity export-dsomm` ([`export`], a project to the app's
//! files). This module holds what both share: reading the input, writing the files, scores and kept values.

pub mod activity_file;
pub mod export;
pub mod import;

use crate::model::{Kept, Org};
use crate::util::date::Date;
use crate::util::error::Result;
use crate::util::yaml_out::{Entry, Value, plain, str};
use crate::validate::Validated;
use std::path::Path;

/// Loads and validates `dir`, printing the diagnostics; `None` when there are errors.
fn read(dir: &Path, today: Date) -> Result<Option<Validated>> {
    let (v, diags) = crate::read_input(dir, today)?;
    crate::util::term::stderr(&crate::load::source::human(dir, &diags));
    if diags.has_errors() {
        crate::util::term::stderr("nothing written: fix the errors above\n");
        return Ok(None);
    }
    Ok(Some(v))
}

fn finish(out: &Path, files: &[(String, String)], notes: &[String], force: bool) -> Result<()> {
    crate::output::new_files::write(out, files, force)?;
    for n in notes {
        crate::util::term::stderr(&format!("note: {n}\n"));
    }
    Ok(())
}

/// A score as written in a progress definition: `30%` when that reads back as exactly the same
/// number, else the fraction itself.
fn percent(score: f64) -> String {
    let p = (score * 100.0 * 1e6).round() / 1e6;
    if p / 100.0 == score {
        format!("{p}%")
    } else {
        format!("{score}")
    }
}

/// A kept YAML value as written YAML.
pub(super) fn kept(v: &Kept) -> Value {
    match v {
        Kept::Null => plain("null"),
        Kept::Scalar(t, true) => plain(t),
        Kept::Scalar(t, false) => str(t),
        Kept::List(l) => Value::Seq(l.iter().map(kept).collect()),
        Kept::Map(m) => Value::Map(m.iter().map(|(k, v)| Entry::new(k, kept(v))).collect()),
    }
}

/// Groups in the order of the app folder they came from (members as listed there, then any others),
/// then the other groups by name; empty groups stay.
pub(super) fn ordered_groups(org: &Org) -> Vec<(String, Vec<String>)> {
    let app = org.app.clone().unwrap_or_default();
    let mut groups: Vec<(String, Vec<String>)> = app
        .groups
        .iter()
        .map(|(g, members)| {
            let mut list: Vec<String> = members
                .iter()
                .filter(|m| org.teams.contains_key(*m))
                .cloned()
                .collect();
            for m in org.groups.get(g).into_iter().flatten() {
                if !list.contains(m) {
                    list.push(m.clone());
                }
            }
            (g.clone(), list)
        })
        .collect();
    for (g, members) in &org.groups {
        if !groups.iter().any(|(x, _)| x == g) {
            groups.push((g.clone(), members.clone()));
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentages_read_back_exactly() {
        for s in [0.0, 0.2, 0.3, 0.5, 1.0, 0.333, 1.0 / 3.0, 0.07] {
            let p = super::percent(s);
            let back = match p.strip_suffix('%') {
                Some(n) => n.parse::<f64>().unwrap() / 100.0,
                None => p.parse::<f64>().unwrap(),
            };
            assert_eq!(back, s, "{p}");
        }
        assert_eq!(super::percent(0.3), "30%");
    }
}
