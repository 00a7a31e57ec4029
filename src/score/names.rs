//! The names a team's scores are keyed by and the state names they show, made once per scoring and
//! shared by every team (a copy per team and activity took 20 MB at 10,000 teams).

use super::Name;
use crate::model::Org;
use std::sync::Arc;

/// The names a team's scores are keyed by, one allocation each for all teams.
pub struct Names {
    /// Activity uuids, by catalogue index.
    pub(super) uuids: Vec<Name>,
    /// Dimension names, and per dimension its subdimensions' names, in catalogue order.
    pub(super) dims: Vec<(Name, Vec<Name>)>,
    /// Progress state names by state index, and "Not applicable".
    pub(super) states: Vec<Arc<str>>,
    pub(super) not_applicable: Arc<str>,
}

impl Names {
    pub fn new(org: &Org) -> Names {
        let cat = &org.catalog;
        Names {
            uuids: cat.activities.iter().map(|a| Name::new(&a.uuid)).collect(),
            dims: (cat.dimensions.iter())
                .map(|d| {
                    let subs = d.subdimensions.iter().map(|s| Name::new(&s.name));
                    (Name::new(&d.name), subs.collect())
                })
                .collect(),
            states: (org.progress.states.iter())
                .map(|s| Arc::from(s.name.as_str()))
                .collect(),
            not_applicable: Arc::from("Not applicable"),
        }
    }
}
