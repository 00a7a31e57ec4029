//! `maturity catalog diff OLD NEW --impact DIR`: what moving the organisation in DIR from catalogue OLD
//! to NEW means, per team and for the organisation (levels before and after, the new activities at or
//! below the next level, the old activity names the files still use).

use crate::model::Org;
use crate::score::{Scores, TeamScore};
use crate::util::date::Date;
use crate::util::error::Result;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// Scores DIR under both catalogues and prints the impact report.
pub fn run(dir: &Path, old: &Path, new: &Path, as_of: Date) -> Result<ExitCode> {
    let (before, d1) = scored(dir, old, as_of)?;
    let (after, d2) = scored(dir, new, as_of)?;
    let Some(((ov, os), (nv, ns))) = before.zip(after) else {
        crate::util::term::stderr(&format!(
            "{}{}no impact report: fix the errors above\n",
            d1.human(),
            d2.human()
        ));
        return Ok(ExitCode::from(1));
    };
    let unknown = |d: &crate::util::diag::Diagnostics| {
        d.sorted()
            .iter()
            .filter(|x| x.code == "unknown-activity")
            .count()
    };
    let mut text = report(&ov.org, &os, &nv, &ns);
    for (n, cat) in [
        (unknown(&d1), &ov.org.catalog),
        (unknown(&d2), &nv.org.catalog),
    ] {
        if n > 0 {
            text.push_str(&format!(
                "  left out under catalogue {}: {n} result(s) for activities it does not have\n",
                cat.version
            ));
        }
    }
    crate::util::term::stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

type Scored = Option<(crate::validate::Validated, Scores)>;

/// DIR read with `catalog` in place of its own catalogue, validated and scored.
fn scored(
    dir: &Path,
    catalog: &Path,
    as_of: Date,
) -> Result<(Scored, crate::util::diag::Diagnostics)> {
    let (mut input, mut diags) = crate::load::load(dir)?;
    let (cat, cd) = crate::load::load_catalog(Some(catalog))?;
    diags.extend(cd);
    input.catalog = cat.catalog;
    input.catalog_extend = cat.catalog_extend;
    input.catalog_former = cat.catalog_former;
    let v = crate::validate::validate(&input, as_of, &mut diags);
    // Results for activities a catalogue does not have are left out of its side of the comparison;
    // any other error stops the report.
    if diags
        .sorted()
        .iter()
        .any(|d| d.severity == crate::util::diag::Severity::Error && d.code != "unknown-activity")
    {
        return Ok((None, diags));
    }
    let s = crate::score::score(&v.org, as_of);
    Ok((Some((v, s)), diags))
}

/// The new activities (by uuid, not in `old`) at or below `level` that `t` has not fully implemented.
fn open_new<'a>(
    old: &Org,
    new: &'a Org,
    t: &TeamScore,
    level: u8,
) -> Vec<&'a crate::model::Activity> {
    new.catalog
        .activities
        .iter()
        .filter(|a| old.catalog.by_uuid(&a.uuid).is_none() && a.level <= level)
        .filter(|a| {
            t.activities
                .get(a.uuid.as_str())
                .is_none_or(|s| s.value.is_some_and(|v| v < 1.0))
        })
        .collect()
}

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{:.0} %", v * 100.0))
        .unwrap_or_else(|| "-".into())
}

/// The report text.
pub fn report(old: &Org, os: &Scores, nv: &crate::validate::Validated, ns: &Scores) -> String {
    let new = &nv.org;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nimpact on {} ({} teams, as of {}): catalogue {} -> {}",
        new.name,
        ns.teams.len(),
        ns.as_of,
        old.catalog.version,
        new.catalog.version
    );
    // Old names by the files that use them.
    let mut by_file: BTreeMap<&str, BTreeSet<(&str, &str)>> = BTreeMap::new();
    for (file, name, i) in &nv.old_names {
        by_file
            .entry(file.as_str())
            .or_default()
            .insert((name.as_str(), new.catalog.activities[*i].name.as_str()));
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for t in &ns.teams {
        let before = os.teams.iter().find(|b| b.name == t.name);
        let next = (t.level.unwrap_or(0) + 1).min(5);
        let level = |l: Option<u8>| l.map(|l| l.to_string()).unwrap_or_else(|| "-".into());
        let open = open_new(old, new, t, next);
        let _ = writeln!(
            out,
            "\n{}: level {} -> {}, completion {} -> {}",
            t.name,
            level(before.and_then(|b| b.level)),
            level(t.level),
            pct(before.and_then(|b| b.completion)),
            pct(t.completion)
        );
        let _ = writeln!(out, "  new activities up to level {next} ({}):", open.len());
        for a in &open {
            *counts
                .entry(format!(
                    "L{} {} / {}: {}",
                    a.level, a.dimension, a.subdimension, a.name
                ))
                .or_default() += 1;
            let _ = writeln!(
                out,
                "    L{} {} / {}: {}",
                a.level, a.dimension, a.subdimension, a.name
            );
        }
        let source = new
            .teams
            .get(&t.name)
            .map(|x| x.source.as_str())
            .unwrap_or("");
        if let Some(names) = by_file.get(source) {
            let _ = writeln!(out, "  old names in {source} ({}):", names.len());
            for (o, n) in names {
                let _ = writeln!(out, "    {o} -> {n}");
            }
        }
    }
    let _ = writeln!(out, "\norganisation:");
    let dist = |s: &Scores| {
        (0..=5u8)
            .map(|l| {
                s.org
                    .level_distribution
                    .get(&l.to_string())
                    .copied()
                    .unwrap_or(0)
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join(" / ")
    };
    let _ = writeln!(out, "  teams per level 0-5: {} -> {}", dist(os), dist(ns));
    let _ = writeln!(
        out,
        "  completion: {} -> {}",
        pct(os.org.completion),
        pct(ns.org.completion)
    );
    let _ = writeln!(
        out,
        "  new activities at or below a team's next level ({}), with the number of teams:",
        counts.len()
    );
    for (a, n) in &counts {
        let _ = writeln!(out, "    {a}: {n}");
    }
    let uses: usize = by_file.values().map(BTreeSet::len).sum();
    let _ = writeln!(
        out,
        "  old names in files: {uses}{}",
        if uses > 0 {
            " (each still counts, with a `renamed-activity` warning)"
        } else {
            ""
        }
    );
    for (f, names) in &by_file {
        for (o, n) in names {
            let _ = writeln!(out, "    {f}: {o} -> {n}");
        }
    }
    out
}
