//! Limits that keep a run bounded on absurd input, such as 100,000 teams in one DSOMM teams list.

use super::Builder;
use crate::diag::{Diagnostics, Pos};
use std::collections::BTreeMap;

/// More teams than this is an input error. Only the first ones (by name) are kept, so scoring the rest of
/// the run stays bounded in time and memory (a team costs about 20 KB of scores).
pub const MAX_TEAMS: usize = 10_000;

/// Reports and drops the teams over [`MAX_TEAMS`].
pub(crate) fn teams(
    b: &mut Builder,
    groups: &mut BTreeMap<String, Vec<String>>,
    diags: &mut Diagnostics,
) {
    let total = b.teams.len();
    let Some(cut) = b.teams.keys().nth(MAX_TEAMS).cloned() else {
        return;
    };
    let dropped = b.teams.split_off(&cut);
    let (file, pos) = match b.declared.get(&cut) {
        Some((file, pos)) => (file.clone(), *pos),
        None => (dropped[&cut].source.clone(), Pos::default()),
    };
    diags
        .error(
            &file,
            pos,
            "too-many-teams",
            format!(
                "the input has {total} teams, over the limit of {MAX_TEAMS}; teams from `{cut}` on are not checked"
            ),
        )
        .hint("split the organisation into several inputs, or remove team names that are not real teams");
    for list in groups.values_mut() {
        list.retain(|t| b.teams.contains_key(t));
    }
}
