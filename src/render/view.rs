//! View models: the only data the site templates see. Every field is documented in
//! templates/README.md for people who override templates. Text fields are plain text (templates
//! escape them); fields named `*_html` and `chart*` are already sanitised HTML/SVG.

use super::charts;
use crate::util::date::Date;
use serde::Serialize;

/// Site-wide values, available in every page as `site`.
#[derive(Serialize, Clone)]
pub struct SiteInfo {
    pub org: String,
    pub as_of: String,
    pub catalog_version: String,
    /// The catalogue's release date and publisher, when it states them (empty otherwise).
    pub catalog_released: String,
    pub catalog_publisher: String,
    /// Labels of levels 1..5: the DSOMM app's `strings` when the input has them, else "Level N".
    pub level_labels: Vec<String>,
    pub teams: usize,
    pub groups: usize,
    pub generator: String,
    /// Whether Scorecard evidence is configured (the "Observed evidence" page exists).
    pub evidence: bool,
    /// Set when contradicted claims count lower (`scorecard.contradicted_counts_as`): shown on every page.
    pub evidence_note: Option<String>,
    /// Added to the names of scores.json and the CSV exports: `.gz` above 1,000 teams, where they are
    /// gzip-compressed, else empty.
    pub data_suffix: String,
}

/// A page's place in the site, available as `page`.
#[derive(Serialize, Clone)]
pub struct PageInfo {
    pub title: String,
    /// Relative prefix from this page to the site root ("" or "../"), for links and the stylesheet.
    pub root: String,
    /// Which navigation entry is active: overview, teams, groups, levels, dimensions, compliance, data.
    pub section: String,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Link {
    pub name: String,
    pub href: String,
}

/// A share 0..1 shown as a percentage with its colour.
#[derive(Serialize, Clone)]
pub struct Pct {
    /// e.g. "43 %", or "n/a".
    pub text: String,
    /// 0..100, one decimal, for bar widths.
    pub value: f64,
    /// Background colour for cells, "#rrggbb".
    pub color: String,
    /// The same colour as a style.css class, in tenths: `h0`..`h10`, or `hna` (smaller pages than `color`).
    pub class: String,
}

impl Pct {
    pub fn of(v: Option<f64>) -> Pct {
        match v {
            Some(v) if v.is_finite() => {
                let p = (v.clamp(0.0, 1.0) * 1000.0).round() / 10.0;
                Pct {
                    text: format!("{:.0} %", p),
                    value: p,
                    color: charts::hex(charts::value_color(v)),
                    class: format!("h{}", (v.clamp(0.0, 1.0) * 10.0).round() as u8),
                }
            }
            _ => Pct {
                text: "n/a".into(),
                value: 0.0,
                color: "#eeeeee".into(),
                class: "hna".into(),
            },
        }
    }
}

#[derive(Serialize, Clone)]
pub struct LevelBadge {
    /// The level as shown: `0`..`5`, or `–` for a team with no level (no activity applies to it).
    pub level: String,
    pub color: String,
    /// style.css class of the badge: `l0`..`l5`, or `lna` (dark text on a tint, WCAG AA).
    pub class: String,
}

impl LevelBadge {
    pub fn of(level: u8) -> LevelBadge {
        LevelBadge {
            level: level.to_string(),
            color: charts::hex(charts::level_color(level)),
            class: format!("l{}", level.min(5)),
        }
    }

    /// A team's level, which may be missing.
    pub fn of_team(level: Option<u8>) -> LevelBadge {
        match level {
            Some(l) => LevelBadge::of(l),
            None => LevelBadge {
                level: "\u{2013}".into(),
                color: charts::hex(charts::level_color(0)),
                class: "lna".into(),
            },
        }
    }
}

/// One team in a table.
#[derive(Serialize, Clone)]
pub struct TeamRow {
    pub name: String,
    pub href: String,
    pub level: LevelBadge,
    pub target_level: Option<u8>,
    pub completion: Pct,
    /// Completion per dimension, in catalogue order (see `dimensions` of the page).
    pub dimensions: Vec<Pct>,
    pub groups: Vec<Link>,
    /// Activities started or partly implemented (above 0 %, below 100 %).
    pub in_progress: usize,
    /// The date of the team's newest record that counts (`YYYY-MM-DD`), if any.
    pub last_updated: Option<String>,
    /// The team's PDF report (relative link), when the build wrote one.
    pub pdf: Option<String>,
}

/// Evidence as shown on pages.
#[derive(Serialize, Clone)]
pub struct EvidenceView {
    pub team: String,
    pub title: String,
    pub date: Option<String>,
    pub reviewer: Option<String>,
    pub description_html: String,
    /// Each link as safe HTML (only http/https/mailto are clickable).
    pub links_html: Vec<String>,
}

/// One activity in a checklist or list.
#[derive(Serialize, Clone)]
pub struct ActivityRow {
    pub uuid: String,
    pub name: String,
    pub href: String,
    pub level: u8,
    pub dimension: String,
    pub subdimension: String,
    /// Organisation adoption (teams at 100 % among those where it applies) and mean value.
    pub adoption: Pct,
    pub mean: Pct,
    /// For team checklists: the team's state, its colour, since when, and why not applicable.
    pub state: String,
    pub state_color: String,
    /// style.css class of the state: `s0` (nothing), `s1` (partly), `s2` (fully), `sna` (not applicable).
    pub state_class: String,
    pub since: Option<String>,
    /// For team checklists with maturity.yaml `repo_url`: the line that set the state, in the repository.
    pub source_href: Option<String>,
    pub not_applicable: Option<String>,
    pub evidence: Vec<EvidenceView>,
    pub comments: Vec<String>,
    /// Teams that still miss it (not at 100 %), as links; `missing_more` counts those left out.
    pub missing: Vec<Link>,
    pub missing_more: usize,
    /// For team checklists: what Scorecard observed (`null` when no mapped check has a result).
    pub observed: Option<crate::render::observed::ObservedView>,
}

/// A chart with its accessible data table.
#[derive(Serialize, Clone)]
pub struct Chart {
    pub title: String,
    /// Inline SVG (with <title> and <desc>).
    pub svg: String,
}

pub fn date_text(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}
