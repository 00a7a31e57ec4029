//! The pages of the site in the order they are rendered: the overview, teams, groups, catalogue, levels,
//! compliance, data, changes, evidence and reports. Shared row builders are in `rows`, team and group
//! pages in `people`, catalogue, level and data pages in `catalog_pages`, compliance pages in `compliance`.

use super::Renderer;
use super::history;
use super::standings::Standings;
use crate::render::view::Link;
use crate::util::error::Result;
use serde_json::json;

pub fn all(r: &Renderer) -> Result<()> {
    let standings = Standings::new(r.input.org, r.input.scores.as_of);
    super::overview::overview(r)?;
    super::views::teams(r)?;
    super::people::teams(r)?;
    super::views::groups(r)?;
    super::people::groups(r, &standings)?;
    super::catalog_pages::dimensions(r)?;
    super::catalog_pages::activities(r, &standings)?;
    super::catalog_pages::levels(r, &standings)?;
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
