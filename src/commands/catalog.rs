//! `maturity catalog`: list a catalogue per dimension, subdimension and level, and diff two catalogues.

pub mod impact;

use crate::model::Catalog;
use crate::read_catalog as load;
use crate::util::error::Result;
use crate::util::term::clean;
use clap::{Subcommand, ValueEnum};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<Action>,
}

#[derive(Subcommand, Debug)]
pub enum Action {
    /// Dimensions, subdimensions and activities per level.
    List {
        /// A catalogue: `builtin` (the latest), `dsomm-5.0.1`, `dsomm-4.3.1`, a DSOMM model.yaml or
        /// meta.yaml (its activityFiles), or a folder in this project's format; default: built-in.
        #[arg(long)]
        catalog: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Added, removed, renamed, moved and re-levelled activities from OLD to NEW (`builtin` names the built-in one).
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// Also show what the change means for the organisation in DIR: per team and for the
        /// organisation the level before and after, the new activities at or below the next level,
        /// and the old activity names its files use.
        #[arg(long, value_name = "DIR")]
        impact: Option<PathBuf>,
        /// Score the impact as of this date (YYYY-MM-DD); default today, or SOURCE_DATE_EPOCH.
        #[arg(long, requires = "impact")]
        as_of: Option<String>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    Text,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let action = args.action.unwrap_or(Action::List {
        catalog: None,
        format: ListFormat::Text,
    });
    match action {
        Action::List { catalog, format } => {
            let (cat, diags) = load(catalog.as_deref())?;
            crate::util::term::stderr(&match &catalog {
                Some(path) => crate::load::source::human(path, &diags),
                None => diags.human(),
            });
            match format {
                ListFormat::Text => crate::util::term::stdout(&list(&cat))?,
                ListFormat::Json => crate::util::term::stdout(&format!("{}\n", json(&cat)))?,
            }
            Ok(if diags.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Action::Diff {
            old,
            new,
            impact,
            as_of,
        } => {
            let (a, da) = load(Some(&old))?;
            let (b, db) = load(Some(&new))?;
            crate::util::term::stderr(&format!(
                "{}{}",
                crate::load::source::human(&old, &da),
                crate::load::source::human(&new, &db)
            ));
            crate::util::term::stdout(&diff(&a, &b))?;
            if let Some(dir) = impact {
                let as_of = super::date_arg("as-of", as_of.as_deref())?;
                return impact::run(&dir, &old, &new, as_of);
            }
            Ok(if da.has_errors() || db.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

/// The whole catalogue as JSON: version, release date, publisher, dimensions with their subdimensions
/// (activity uuids in order), former names, and every activity with all it carries (tags, references of
/// every kind, implementation items, comments and texts).
pub fn json(cat: &Catalog) -> String {
    let dims: Vec<_> = cat
        .dimensions
        .iter()
        .map(|d| {
            let subs: Vec<_> = d
                .subdimensions
                .iter()
                .map(|s| {
                    let ids: Vec<&str> = s
                        .activities
                        .iter()
                        .map(|&i| cat.activities[i].uuid.as_str())
                        .collect();
                    serde_json::json!({"name": s.name, "summary": s.summary, "activities": ids})
                })
                .collect();
            serde_json::json!({"name": d.name, "subdimensions": subs})
        })
        .collect();
    let former: serde_json::Map<String, serde_json::Value> = cat
        .former_names()
        .into_iter()
        .map(|(n, i)| (n.to_string(), cat.activities[i].uuid.clone().into()))
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "version": cat.version,
        "released": cat.released,
        "publisher": cat.publisher,
        "dimensions": dims,
        "former_names": former,
        "activities": cat.activities,
    }))
    .expect("json")
}

/// Dimensions, subdimensions and their activities per level, with counts.
pub fn list(cat: &Catalog) -> String {
    let mut out = String::new();
    let per_level: Vec<usize> = (1..=5u8)
        .map(|l| cat.activities.iter().filter(|a| a.level == l).count())
        .collect();
    let subs: usize = cat.dimensions.iter().map(|d| d.subdimensions.len()).sum();
    let released = match (&cat.released, &cat.publisher) {
        (Some(r), Some(p)) => format!(", released {r} by {p}"),
        (Some(r), None) => format!(", released {r}"),
        (None, Some(p)) => format!(", published by {p}"),
        (None, None) => String::new(),
    };
    let _ = writeln!(
        out,
        "catalogue {}{released}: {} dimensions, {subs} subdimensions, {} activities (per level 1-5: {})",
        cat.version,
        cat.dimensions.len(),
        cat.activities.len(),
        per_level
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(" / ")
    );
    for d in &cat.dimensions {
        let _ = writeln!(out, "\n{}", clean(&d.name));
        for s in &d.subdimensions {
            let _ = writeln!(
                out,
                "  {} ({} activities)",
                clean(&s.name),
                s.activities.len()
            );
            for l in 1..=5u8 {
                for &i in s
                    .activities
                    .iter()
                    .filter(|&&i| cat.activities[i].level == l)
                {
                    let a = &cat.activities[i];
                    let _ = writeln!(out, "    L{l}  {}  {}", clean(&a.uuid), clean(&a.name));
                }
            }
        }
    }
    out
}

/// What changed from `old` to `new`, matched by uuid.
pub fn diff(old: &Catalog, new: &Catalog) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "catalogue {} ({} activities) -> {} ({} activities)",
        old.version,
        old.activities.len(),
        new.version,
        new.activities.len()
    );
    let mut sections: Vec<(&str, Vec<String>)> = vec![
        ("added", vec![]),
        ("removed", vec![]),
        ("renamed", vec![]),
        ("moved", vec![]),
        ("re-levelled", vec![]),
    ];
    for a in &new.activities {
        match old.by_uuid(&a.uuid).map(|i| &old.activities[i]) {
            None => sections[0].1.push(format!(
                "L{} {} / {}: {} ({})",
                a.level, a.dimension, a.subdimension, a.name, a.uuid
            )),
            Some(o) => {
                if o.name != a.name {
                    sections[2]
                        .1
                        .push(format!("{} -> {} ({})", o.name, a.name, a.uuid));
                }
                if (o.dimension.as_str(), o.subdimension.as_str())
                    != (a.dimension.as_str(), a.subdimension.as_str())
                {
                    sections[3].1.push(format!(
                        "{}: {} / {} -> {} / {}",
                        a.name, o.dimension, o.subdimension, a.dimension, a.subdimension
                    ));
                }
                if o.level != a.level {
                    sections[4]
                        .1
                        .push(format!("{}: level {} -> {}", a.name, o.level, a.level));
                }
            }
        }
    }
    for o in &old.activities {
        if new.by_uuid(&o.uuid).is_none() {
            sections[1].1.push(format!(
                "L{} {} / {}: {} ({})",
                o.level, o.dimension, o.subdimension, o.name, o.uuid
            ));
        }
    }
    for (title, mut items) in sections {
        items.sort();
        let _ = writeln!(out, "\n{title} ({}):", items.len());
        for i in items {
            let _ = writeln!(out, "  {}", clean(&i));
        }
    }
    out
}
