//! The pages of the site in the order they are rendered: the overview, teams, groups, catalogue, levels,
//! compliance, data, changes, evidence and reports. Shared row builders are in `rows`, team and group
//! pages in `people`, catalogue, level and data pages in `catalog_pages`, compliance pages in `compliance`.

use super::Renderer;
use super::history;
use crate::render::view::Link;
use crate::score::{self, Values};
use crate::util::error::Result;
use serde_json::json;
use std::collections::BTreeMap;

pub fn all(r: &Renderer) -> Result<()> {
    let org = r.input.org;
    let as_of = r.input.scores.as_of;
    let vals: BTreeMap<&str, Values> = org
        .teams
        .values()
        .map(|t| (t.name.as_str(), score::values(org, t, as_of)))
        .collect();
    super::overview::overview(r)?;
    super::views::teams(r)?;
    super::people::teams(r, &vals)?;
    super::views::groups(r)?;
    super::people::groups(r, &vals)?;
    super::catalog_pages::dimensions(r)?;
    super::catalog_pages::activities(r, &vals)?;
    super::catalog_pages::levels(r, &vals)?;
    super::compliance::pages(r)?;
    super::catalog_pages::data(r)?;
    history::changes_page(r)?;
    super::evidence::page(r)?;
    let reports: Vec<Link> = r
        .input
        .reports
        .iter()
        .map(|l| Link {
            name: l.name.clone(),
            href: format!("../{}", l.href),
        })
        .collect();
    r.page(
        "reports/index.html",
        "reports.html",
        "PDF reports",
        "reports",
        json!({ "reports": reports }),
    )
}
