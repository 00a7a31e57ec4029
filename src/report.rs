//! Text outputs of `score`: the JSON contract (sorted keys) and a terminal table.

use crate::model::Org;
use crate::score::Scores;
use std::fmt::Write as _;

/// The scores as pretty JSON with every object's keys sorted; byte-identical for the same input.
pub fn json(scores: &Scores) -> String {
    let v = serde_json::to_value(scores).expect("scores serialize");
    serde_json::to_string_pretty(&v).expect("json value prints") + "\n"
}

pub fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{:.0}%", v * 100.0))
        .unwrap_or_else(|| "n/a".into())
}

/// One row per team: level, completion, and completion per dimension; then groups and the organisation.
pub fn table(org: &Org, s: &Scores) -> String {
    let dims: Vec<&str> = org
        .catalog
        .dimensions
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    let short = |d: &str| {
        d.split_whitespace()
            .map(|w| w.chars().next().unwrap_or(' '))
            .collect::<String>()
    };
    let width = s
        .teams
        .iter()
        .map(|t| t.name.chars().count())
        .chain(s.groups.iter().map(|g| g.name.chars().count()))
        .max()
        .unwrap_or(4)
        .clamp(12, 40);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} as of {} (catalogue {}, {} activities)",
        crate::term::clean(&org.name),
        s.as_of,
        s.catalog.version,
        s.catalog.activities
    );
    let _ = write!(out, "{:<width$}  {:>5}  {:>6}", "TEAM", "LEVEL", "DONE");
    for d in &dims {
        let _ = write!(out, "  {:>5}", short(d));
    }
    out.push('\n');
    for t in &s.teams {
        let name: String = crate::term::clean(&t.name).chars().take(width).collect();
        let _ = write!(
            out,
            "{name:<width$}  {:>5}  {:>6}",
            t.level.map_or("-".to_string(), |l| l.to_string()),
            pct(t.completion)
        );
        for d in &dims {
            let _ = write!(
                out,
                "  {:>5}",
                pct(t.dimensions.get(*d).and_then(|x| x.completion))
            );
        }
        out.push('\n');
    }
    if !s.groups.is_empty() {
        let _ = writeln!(out, "\n{:<width$}  {:>5}  {:>6}", "GROUP", "TEAMS", "DONE");
        for g in &s.groups {
            let name: String = crate::term::clean(&g.name).chars().take(width).collect();
            let _ = writeln!(
                out,
                "{name:<width$}  {:>5}  {:>6}",
                g.teams.len(),
                pct(g.completion)
            );
        }
    }
    let dist: Vec<String> = s
        .org
        .level_distribution
        .iter()
        .map(|(l, n)| format!("L{l}: {n}"))
        .collect();
    let _ = writeln!(
        out,
        "\nORGANISATION  {} teams, {} done, teams per level: {}",
        s.org.teams,
        pct(s.org.completion),
        dist.join(", ")
    );
    let _ = writeln!(
        out,
        "dimensions: {}",
        dims.iter()
            .map(|d| format!("{} = {}", short(d), crate::term::clean(d)))
            .collect::<Vec<_>>()
            .join("; ")
    );
    out
}
